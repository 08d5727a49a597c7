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

package io.github.mtlsclient.benchmarks.client;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.mtlsclient.benchmarks.BenchmarkApplication;
import io.github.mtlsclient.benchmarks.pki.PkiFiles;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.client.RestClient;

/**
 * Clients 4 and 5: what Spring Boot gives without this starter. The same PEM files
 * become an SSL bundle, the bundle becomes the default of every HTTP client, and the
 * {@code RestClient} comes from Boot's auto-configured builder. Only the request
 * factory differs between the two. The starter is switched off in these contexts.
 *
 * @author mtls-client-spring-boot authors
 */
final class BootClients {

	private BootClients() {
	}

	static ClientUnderTest create(Contender contender, URI origin, String path, PkiFiles pki) {
		String factory = switch (contender) {
			case BOOT_HTTP_COMPONENTS -> "http-components";
			case BOOT_JDK -> "jdk";
			default -> throw new IllegalArgumentException(contender + " is not a stock Spring Boot client");
		};
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("mtls.enabled", "false");
		properties.put("spring.ssl.bundle.pem.bench.keystore.certificate", pki.clientCertificate().toString());
		properties.put("spring.ssl.bundle.pem.bench.keystore.private-key", pki.clientKey().toString());
		properties.put("spring.ssl.bundle.pem.bench.truststore.certificate", pki.ca().toString());
		properties.put("spring.http.clients.ssl.bundle", "bench");
		properties.put("spring.http.clients.imperative.factory", factory);
		ConfigurableApplicationContext context = BenchmarkApplication.start(properties);
		RestClient restClient = context.getBean(RestClient.Builder.class).baseUrl(origin.toString()).build();
		return new JavaClient(contender, () -> SpringRequests.get(restClient, path), context);
	}

}
