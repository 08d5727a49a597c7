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

import io.github.mtlsclient.MtlsClient;
import io.github.mtlsclient.MtlsClients;
import io.github.mtlsclient.settings.MtlsClientsBinder;

import org.springframework.beans.BeansException;
import org.springframework.beans.factory.config.RuntimeBeanReference;
import org.springframework.beans.factory.support.AutowireCandidateQualifier;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;
import org.springframework.web.client.RestClient;

/**
 * Registers one {@link RestClient} bean per configured client, named
 * {@code <lowerCamelName>RestClient}, qualified with {@link MtlsClient @MtlsClient} and
 * not a default autowire candidate. Each is a plain factory-method definition over
 * {@link MtlsClients}, which AOT processing can see. A bean the application already
 * defines under the same name is left alone.
 *
 * @author mtls-client-spring-boot authors
 */
final class MtlsRestClientRegistrar implements BeanDefinitionRegistryPostProcessor, EnvironmentAware {

	private Environment environment;

	@Override
	public void setEnvironment(Environment environment) {
		this.environment = environment;
	}

	@Override
	public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) throws BeansException {
		for (String name : MtlsClientsBinder.of(this.environment).names()) {
			String beanName = beanName(name);
			if (!registry.containsBeanDefinition(beanName)) {
				registry.registerBeanDefinition(beanName, definition(name));
			}
		}
	}

	private static RootBeanDefinition definition(String name) {
		RootBeanDefinition definition = new RootBeanDefinition(MtlsRestClientRegistrar.class);
		definition.setFactoryMethodName("restClient");
		definition.setTargetType(RestClient.class);
		definition.getConstructorArgumentValues().addIndexedArgumentValue(0, new RuntimeBeanReference(MtlsClients.class));
		definition.getConstructorArgumentValues().addIndexedArgumentValue(1, name);
		definition.addQualifier(new AutowireCandidateQualifier(MtlsClient.class, name));
		definition.setDefaultCandidate(false);
		definition.setDescription("mTLS RestClient '" + name + "'");
		return definition;
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
		return lowerCamel(clientName) + "RestClient";
	}

	/**
	 * A client name in lower camel case: {@code payments-eu} gives {@code paymentsEu}.
	 * @param clientName the client name
	 * @return the name in lower camel case
	 */
	static String lowerCamel(String clientName) {
		StringBuilder name = new StringBuilder();
		boolean upper = false;
		for (char c : clientName.toCharArray()) {
			if (c == '-' || c == '_' || c == '.') {
				upper = name.length() > 0;
			}
			else {
				name.append(upper ? Character.toUpperCase(c) : c);
				upper = false;
			}
		}
		return name.toString();
	}

}
