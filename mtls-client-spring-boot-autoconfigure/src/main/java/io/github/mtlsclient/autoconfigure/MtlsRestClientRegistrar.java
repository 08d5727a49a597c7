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

import io.github.mtlsclient.MtlsClients;

import org.springframework.web.client.RestClient;

/**
 * Registers one {@link RestClient} bean per configured client, named
 * {@code <lowerCamelName>RestClient}, from {@link MtlsClients}.
 *
 * @author mtls-client-spring-boot authors
 */
final class MtlsRestClientRegistrar extends ClientBeanRegistrar {

	MtlsRestClientRegistrar() {
		super(RestClient.class, MtlsClients.class, "restClient");
	}

	/**
	 * Factory method of the registered definitions.
	 * @param clients the registry
	 * @param name the client name
	 * @return the client's RestClient
	 */
	static RestClient restClient(MtlsClients clients, String name) {
		return clients.restClient(name);
	}

	/**
	 * The bean name of a client's RestClient: {@code payments-eu} gives
	 * {@code paymentsEuRestClient}.
	 * @param clientName the client name
	 * @return the bean name
	 */
	static String beanName(String clientName) {
		return beanName(clientName, RestClient.class);
	}

}
