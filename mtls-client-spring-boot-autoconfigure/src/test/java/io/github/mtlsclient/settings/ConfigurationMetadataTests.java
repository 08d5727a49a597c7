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
package io.github.mtlsclient.settings;

import java.io.InputStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;

import org.springframework.boot.convert.DurationStyle;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.DefaultResourceLoader;

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
		// The defaults are applied by the mapping, not by field initializers: the metadata
		// must say what the mapping does.
		Map<String, Object> defaults = new LinkedHashMap<>();
		properties.stream()
			.filter((property) -> property.get("defaultValue") != null)
			.forEach((property) -> defaults.put((String) property.get("name"), property.get("defaultValue")));
		ClientSettings mapped = new ClientSettingsMapper(new DefaultResourceLoader(), null).map("a",
				client("https://a.example"), new MtlsClientProperties.Settings());
		assertThat(defaults).containsEntry("mtls.defaults.protocols", mapped.tls().protocols())
			.containsEntry("mtls.defaults.verify-hostname", mapped.tls().verifyHostname())
			.containsEntry("mtls.defaults.insecure-trust-all", mapped.tls().insecureTrustAll())
			.containsEntry("mtls.defaults.trust.include-system-cas", mapped.tls().includeSystemCas())
			.containsEntry("mtls.defaults.pool.max-connections", mapped.pool().maxConnections())
			.containsEntry("mtls.defaults.redirects", "same-origin")
			.containsEntry("mtls.defaults.reload.enabled", mapped.reload().enabled())
			.containsEntry("mtls.defaults.retries", mapped.retries());
		assertThat(mapped.redirects()).isEqualTo(Redirects.SAME_ORIGIN);
		assertThat(defaults).containsEntry("mtls.defaults.spiffe.enabled",
				mapped.material() instanceof ClientSettings.Spiffe);
		MtlsClientProperties.Client spiffeClient = client("https://a.example");
		spiffeClient.getSpiffe().setEnabled(true);
		spiffeClient.getSpiffe().setSocket("unix:/run/agent.sock");
		spiffeClient.getSpiffe().setServerTrustDomain("example.org");
		ClientSettings.Spiffe spiffe = (ClientSettings.Spiffe) new ClientSettingsMapper(new DefaultResourceLoader(),
				null)
			.map("a", spiffeClient, new MtlsClientProperties.Settings())
			.material();
		assertThat(DurationStyle.detectAndParse((String) defaults.get("mtls.defaults.spiffe.initial-timeout")))
			.isEqualTo(spiffe.initialTimeout());
		Map<String, Duration> durations = Map.of("mtls.defaults.connect-timeout", mapped.connectTimeout(),
				"mtls.defaults.read-timeout", mapped.readTimeout(), "mtls.defaults.pool.acquire-timeout",
				mapped.pool().acquireTimeout(), "mtls.defaults.pool.idle-timeout", mapped.pool().idleTimeout(),
				"mtls.defaults.pool.time-to-live", mapped.pool().timeToLive(), "mtls.defaults.reload.quiet-period",
				mapped.reload().quietPeriod(), "mtls.defaults.reload.poll-interval", mapped.reload().pollInterval());
		durations.forEach((name, duration) -> assertThat(DurationStyle.detectAndParse((String) defaults.get(name)))
			.as(name)
			.isEqualTo(duration));
	}

	private static MtlsClientProperties.Client client(String baseUrl) {
		MtlsClientProperties.Client client = new MtlsClientProperties.Client();
		client.setBaseUrl(baseUrl);
		return client;
	}

}
