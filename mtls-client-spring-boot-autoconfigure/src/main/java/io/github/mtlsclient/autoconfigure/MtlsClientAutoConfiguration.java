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

import java.time.Duration;
import java.util.Map;

import io.github.mtlsclient.MtlsClients;
import io.github.mtlsclient.MtlsRestClientCustomizer;
import io.github.mtlsclient.http.PoolHousekeeper;
import io.github.mtlsclient.registry.DefaultMtlsClients;
import io.github.mtlsclient.registry.MtlsClientFactory;
import io.github.mtlsclient.reload.MaterialReloadRegistrar;
import io.github.mtlsclient.settings.ClientSettings;
import io.github.mtlsclient.settings.ClientSettingsMapper;
import io.github.mtlsclient.settings.MtlsClientProperties;
import org.apache.hc.client5.http.impl.classic.HttpClients;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.io.ApplicationResourceLoader;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.ssl.SslBundleRegistry;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ImportRuntimeHints;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.util.function.SingletonSupplier;
import org.springframework.web.client.RestClient;

/**
 * Auto-configuration of the named mutual-TLS clients under {@code mtls.clients}: the
 * {@link MtlsClients} registry and one {@link RestClient} bean per client.
 *
 * @author mtls-client-spring-boot authors
 */
@AutoConfiguration(after = { RestClientAutoConfiguration.class, SslAutoConfiguration.class })
@ConditionalOnClass({ RestClient.class, HttpClients.class })
@ConditionalOnBooleanProperty(name = "mtls.enabled", matchIfMissing = true)
@EnableConfigurationProperties(MtlsClientProperties.class)
@ImportRuntimeHints(MtlsClientRuntimeHints.class)
public final class MtlsClientAutoConfiguration {

	// The shared threads are beans, so that the context stops them when it closes; they
	// start only once a client needs them.
	@Bean
	MaterialReloadRegistrar mtlsMaterialReloadRegistrar(ResourceLoader resourceLoader,
			ObjectProvider<SslBundles> sslBundles) {
		return new MaterialReloadRegistrar(ApplicationResourceLoader.get(resourceLoader, true),
				sslBundles.getIfAvailable());
	}

	@Bean
	PoolHousekeeper mtlsPoolHousekeeper() {
		return new PoolHousekeeper(Duration.ofSeconds(1));
	}

	// Binds mtls.clients itself, client by client, while Boot binds the rest of the
	// properties bean: Boot's binding of a map of beans grows with the square of its size.
	@Bean
	static MtlsClientsBindHandlerAdvisor mtlsClientsBindHandlerAdvisor(Environment environment) {
		return new MtlsClientsBindHandlerAdvisor(environment);
	}

	@Bean
	@ConditionalOnMissingBean(MtlsClients.class)
	DefaultMtlsClients mtlsClients(MtlsClientProperties properties, ResourceLoader resourceLoader,
			ApplicationEventPublisher eventPublisher, ObjectProvider<SslBundles> sslBundles,
			ObjectProvider<RestClient.Builder> restClientBuilder, ObjectProvider<MtlsRestClientCustomizer> customizers,
			MaterialReloadRegistrar reloadRegistrar, PoolHousekeeper housekeeper) {
		ResourceLoader loader = ApplicationResourceLoader.get(resourceLoader, true);
		Map<String, ClientSettings> settings = new ClientSettingsMapper(loader, sslBundles.getIfAvailable())
			.map(properties);
		MtlsClientFactory factory = new MtlsClientFactory(loader, sslBundles.getIfAvailable(),
				// Boot's builder is a prototype that builds its message converters on every
				// lookup (about a millisecond): clients take clones of one.
				SingletonSupplier.of(() -> restClientBuilder.getIfAvailable(RestClient::builder)),
				customizers.orderedStream().toList(), eventPublisher,
				properties.getHealth().getCertificateValidityWarningThreshold(), reloadRegistrar, housekeeper);
		return new DefaultMtlsClients(settings, factory);
	}

	// These read the public MtlsClients only: an application's own registry keeps them.
	@Bean
	@ConditionalOnBean(SslBundleRegistry.class)
	MtlsSslBundleRegistrar mtlsSslBundleRegistrar(MtlsClients mtlsClients, SslBundleRegistry sslBundleRegistry) {
		return new MtlsSslBundleRegistrar(mtlsClients, sslBundleRegistry);
	}

	@Bean
	MtlsHttpServiceGroupConfigurer mtlsHttpServiceGroupConfigurer(MtlsClients mtlsClients,
			ObjectProvider<MtlsRestClientCustomizer> customizers) {
		return new MtlsHttpServiceGroupConfigurer(mtlsClients, customizers.orderedStream().toList());
	}

	@Bean
	static MtlsRestClientRegistrar mtlsRestClientRegistrar() {
		return new MtlsRestClientRegistrar();
	}

}
