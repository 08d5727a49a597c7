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
import io.github.mtlsclient.MtlsWebClients;
import io.github.mtlsclient.settings.MtlsClientsBinder;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.BeansException;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.config.RuntimeBeanReference;
import org.springframework.beans.factory.support.AutowireCandidateQualifier;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;
import org.springframework.util.Assert;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Registers one {@link WebClient} bean per configured client, named
 * {@code <lowerCamelName>WebClient}, qualified with {@link MtlsClient @MtlsClient} and
 * never a default candidate, as {@link MtlsRestClientRegistrar} does for the
 * {@code RestClient}s.
 *
 * @author mtls-client-spring-boot authors
 */
final class MtlsWebClientRegistrar implements BeanDefinitionRegistryPostProcessor, EnvironmentAware {

	private @Nullable Environment environment;

	@Override
	public void setEnvironment(Environment environment) {
		this.environment = environment;
	}

	@Override
	public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) throws BeansException {
		Assert.state(this.environment != null, "No environment");
		if (registry instanceof ListableBeanFactory beanFactory
				&& beanFactory.getBeanNamesForType(MtlsWebClients.class, true, false).length == 0) {
			// No reactive registry (e.g. the application replaced MtlsClients): no beans
			// that would fail for want of one.
			return;
		}
		for (String name : MtlsClientsBinder.of(this.environment).names()) {
			String beanName = beanName(name);
			if (!registry.containsBeanDefinition(beanName)) {
				RootBeanDefinition definition = new RootBeanDefinition(MtlsWebClientRegistrar.class);
				definition.setFactoryMethodName("webClient");
				definition.setTargetType(WebClient.class);
				definition.getConstructorArgumentValues()
					.addIndexedArgumentValue(0, new RuntimeBeanReference(MtlsWebClients.class));
				definition.getConstructorArgumentValues().addIndexedArgumentValue(1, name);
				definition.addQualifier(new AutowireCandidateQualifier(MtlsClient.class, name));
				definition.setDefaultCandidate(false);
				definition.setDescription("mTLS WebClient '" + name + "'");
				registry.registerBeanDefinition(beanName, definition);
			}
		}
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

	/**
	 * The bean name of a client's WebClient: {@code payments-eu} gives
	 * {@code paymentsEuWebClient}.
	 * @param clientName the client name
	 * @return the bean name
	 */
	static String beanName(String clientName) {
		return MtlsRestClientRegistrar.lowerCamel(clientName) + "WebClient";
	}

}
