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

import io.github.mtlsclient.MtlsWebClients;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Registers one {@link WebClient} bean per configured client, named
 * {@code <lowerCamelName>WebClient}, from {@link MtlsWebClients}.
 *
 * @author mtls-client-spring-boot authors
 */
final class MtlsWebClientRegistrar extends ClientBeanRegistrar {

	MtlsWebClientRegistrar() {
		super(WebClient.class, MtlsWebClients.class, "webClient");
	}

	@Override
	boolean hasRegistry(BeanDefinitionRegistry registry) {
		// None when the application replaced MtlsClients: no beans that would fail for
		// want of one.
		return !(registry instanceof ListableBeanFactory beanFactory)
				|| beanFactory.getBeanNamesForType(MtlsWebClients.class, true, false).length > 0;
	}

	/**
	 * Factory method of the registered definitions.
	 * @param clients the reactive registry
	 * @param name the client name
	 * @return the client's WebClient
	 */
	static WebClient webClient(MtlsWebClients clients, String name) {
		return clients.webClient(name);
	}

}
