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

import java.lang.reflect.Method;

import io.github.mtlsclient.MtlsClient;
import io.github.mtlsclient.settings.MtlsClientsBinder;
import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.ExecutableMode;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.config.RuntimeBeanReference;
import org.springframework.beans.factory.support.AutowireCandidateQualifier;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;
import org.springframework.util.Assert;
import org.springframework.util.ReflectionUtils;

/**
 * Registers one bean of a client type per configured client, named
 * {@code <lowerCamelName><ClientType>}, qualified with {@link MtlsClient @MtlsClient} and
 * not a default autowire candidate. Each is a plain factory-method definition over a
 * registry bean, which AOT processing can see: a static method of the subclass, taking
 * the registry and the client name. A bean the application already defines under the
 * same name is left alone.
 *
 * @author mtls-client-spring-boot authors
 */
abstract class ClientBeanRegistrar implements BeanDefinitionRegistryPostProcessor, EnvironmentAware {

	private final Class<?> clientType;

	private final Class<?> registryType;

	private final String factoryMethod;

	private @Nullable Environment environment;

	/**
	 * Create a registrar.
	 * @param clientType the type of the client beans, whose simple name ends their names
	 * @param registryType the type of the registry the factory method takes
	 * @param factoryMethod the name of the subclass's static factory method
	 */
	ClientBeanRegistrar(Class<?> clientType, Class<?> registryType, String factoryMethod) {
		this.clientType = clientType;
		this.registryType = registryType;
		this.factoryMethod = factoryMethod;
	}

	@Override
	public void setEnvironment(Environment environment) {
		this.environment = environment;
	}

	@Override
	public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) throws BeansException {
		Assert.state(this.environment != null, "No environment");
		if (!hasRegistry(registry)) {
			return;
		}
		for (String name : MtlsClientsBinder.of(this.environment).names()) {
			String beanName = beanName(name, this.clientType);
			if (!registry.containsBeanDefinition(beanName)) {
				registry.registerBeanDefinition(beanName, definition(name));
			}
		}
	}

	/**
	 * Whether there is a registry for the client beans to come from.
	 * @param registry the bean definitions so far
	 * @return {@code true} unless the subclass knows better
	 */
	boolean hasRegistry(BeanDefinitionRegistry registry) {
		return true;
	}

	/**
	 * Let the factory method of the registered definitions be invoked reflectively, as
	 * it is for a client configured only when an application processed ahead of time
	 * starts.
	 * @param hints the hints to add to
	 */
	void registerFactoryMethodHint(RuntimeHints hints) {
		Method method = ReflectionUtils.findMethod(getClass(), this.factoryMethod, this.registryType, String.class);
		Assert.state(method != null, () -> "No factory method " + this.factoryMethod + " on " + getClass().getName());
		hints.reflection().registerMethod(method, ExecutableMode.INVOKE);
	}

	private RootBeanDefinition definition(String name) {
		RootBeanDefinition definition = new RootBeanDefinition(getClass());
		definition.setFactoryMethodName(this.factoryMethod);
		definition.setTargetType(this.clientType);
		definition.getConstructorArgumentValues().addIndexedArgumentValue(0, new RuntimeBeanReference(this.registryType));
		definition.getConstructorArgumentValues().addIndexedArgumentValue(1, name);
		definition.addQualifier(new AutowireCandidateQualifier(MtlsClient.class, name));
		definition.setDefaultCandidate(false);
		definition.setDescription("mTLS " + this.clientType.getSimpleName() + " '" + name + "'");
		return definition;
	}

	/**
	 * The bean name of a client's bean of a type: {@code payments-eu} and
	 * {@code RestClient} give {@code paymentsEuRestClient}.
	 * @param clientName the client name
	 * @param clientType the bean's type
	 * @return the bean name
	 */
	static String beanName(String clientName, Class<?> clientType) {
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
		return name + clientType.getSimpleName();
	}

}
