/*
 * Copyright 2026 the mtls-client-spring-boot authors.
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *      https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */
package io.github.mtlsclient.autoconfigure;

import java.io.InputStream;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;

import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The configuration metadata that IDEs turn into completion and documentation.
 *
 * @author mtls-client-spring-boot authors
 */
class ConfigurationMetadataTests {

	@Test
	void everyPropertyHasADescriptionAndEveryDesignKeyIsThere() throws Exception {
		List<Map<String, Object>> properties;
		try (InputStream in = new ClassPathResource("META-INF/spring-configuration-metadata.json").getInputStream()) {
			properties = JsonPath.parse(in).read("$.properties");
		}
		assertThat(properties).allSatisfy((property) -> assertThat((String) property.get("description"))
			.as("description of %s", property.get("name"))
			.isNotBlank());
		List<Object> names = properties.stream().map((property) -> property.get("name")).toList();
		assertThat(names).contains("mtls.enabled", "mtls.clients", "mtls.defaults.certificate",
				"mtls.defaults.private-key", "mtls.defaults.private-key-password", "mtls.defaults.bundle",
				"mtls.defaults.trust.certificates", "mtls.defaults.trust.include-system-cas",
				"mtls.defaults.server-name", "mtls.defaults.verify-hostname", "mtls.defaults.insecure-trust-all",
				"mtls.defaults.protocols", "mtls.defaults.cipher-suites", "mtls.defaults.connect-timeout",
				"mtls.defaults.read-timeout", "mtls.defaults.pool.max-connections",
				"mtls.defaults.pool.acquire-timeout", "mtls.defaults.pool.idle-timeout",
				"mtls.defaults.pool.time-to-live", "mtls.defaults.redirects", "mtls.defaults.default-headers");
		assertThat(properties).filteredOn((property) -> property.get("name").equals("mtls.defaults.protocols"))
			.singleElement()
			.satisfies((property) -> assertThat(property.get("defaultValue")).asList()
				.containsExactly("TLSv1.3", "TLSv1.2"));
	}

}
