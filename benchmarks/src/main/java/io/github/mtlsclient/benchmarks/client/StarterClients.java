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

import io.github.mtlsclient.MtlsClients;
import io.github.mtlsclient.benchmarks.BenchmarkApplication;
import io.github.mtlsclient.benchmarks.pki.PkiFiles;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.client.RestClient;

/**
 * Client 1: this starter's {@code RestClient}, configured the way the README shows, with
 * every other setting left at its default.
 *
 * @author mtls-client-spring-boot authors
 */
public final class StarterClients {

	/**
	 * The client name used in the properties.
	 */
	public static final String NAME = "bench";

	private StarterClients() {
	}

	static ClientUnderTest create(URI origin, String path, PkiFiles pki) {
		ConfigurableApplicationContext context = BenchmarkApplication
			.start(properties(NAME, origin, pki.clientCertificate().toString(), pki.clientKey().toString(),
					pki.ca().toString()));
		RestClient restClient = context.getBean(MtlsClients.class).restClient(NAME);
		return new JavaClient(Contender.STARTER, () -> SpringRequests.get(restClient, path), context);
	}

	/**
	 * The properties of one client.
	 * @param name the client name
	 * @param origin the server
	 * @param certificate the client certificate file
	 * @param privateKey the key file
	 * @param ca the CA file
	 * @return the properties
	 */
	public static Map<String, Object> properties(String name, URI origin, String certificate, String privateKey,
			String ca) {
		String prefix = "mtls.clients." + name + ".";
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put(prefix + "base-url", origin.toString());
		properties.put(prefix + "certificate", certificate);
		properties.put(prefix + "private-key", privateKey);
		properties.put(prefix + "trust.certificates", ca);
		return properties;
	}

}
