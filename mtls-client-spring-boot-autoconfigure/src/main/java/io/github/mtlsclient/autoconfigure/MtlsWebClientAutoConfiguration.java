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

import io.github.mtlsclient.MtlsWebClientCustomizer;
import io.github.mtlsclient.MtlsWebClients;
import io.github.mtlsclient.reactive.DefaultMtlsWebClients;
import io.github.mtlsclient.registry.DefaultMtlsClients;
import reactor.netty.http.client.HttpClient;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ImportRuntimeHints;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The reactive twin of every mutual-TLS client: a {@link WebClient} on Reactor Netty with
 * the client's identity engine, built from Spring Boot's {@code WebClient.Builder}. Only
 * where WebFlux and Reactor Netty are on the class path; nothing here loads otherwise.
 *
 * @author mtls-client-spring-boot authors
 */
@AutoConfiguration(after = { MtlsClientAutoConfiguration.class, WebClientAutoConfiguration.class })
@ConditionalOnClass({ WebClient.class, HttpClient.class })
@ConditionalOnBooleanProperty(name = "mtls.enabled", matchIfMissing = true)
@ImportRuntimeHints(MtlsWebClientRuntimeHints.class)
public final class MtlsWebClientAutoConfiguration {

	@Bean
	@ConditionalOnBean(DefaultMtlsClients.class)
	@ConditionalOnMissingBean(MtlsWebClients.class)
	DefaultMtlsWebClients mtlsWebClients(DefaultMtlsClients mtlsClients,
			ObjectProvider<WebClient.Builder> webClientBuilder, ObjectProvider<MtlsWebClientCustomizer> customizers) {
		return new DefaultMtlsWebClients(mtlsClients, () -> webClientBuilder.getIfAvailable(WebClient::builder),
				customizers.orderedStream().toList());
	}

	@Bean
	@ConditionalOnBean(MtlsWebClients.class)
	MtlsWebHttpServiceGroupConfigurer mtlsWebHttpServiceGroupConfigurer(MtlsWebClients mtlsWebClients,
			ObjectProvider<MtlsWebClientCustomizer> customizers) {
		return new MtlsWebHttpServiceGroupConfigurer(mtlsWebClients, customizers.orderedStream().toList());
	}

	@Bean
	static MtlsWebClientRegistrar mtlsWebClientRegistrar() {
		return new MtlsWebClientRegistrar();
	}

}
