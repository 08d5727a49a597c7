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

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.mtlsclient.MtlsClients;
import io.github.mtlsclient.actuate.MtlsClientHealthIndicator;
import io.github.mtlsclient.actuate.MtlsClientMeterBinder;
import io.github.mtlsclient.actuate.MtlsEndpoint;
import io.github.mtlsclient.actuate.MtlsSecretsSanitizingFunction;
import io.github.mtlsclient.settings.MtlsClientProperties;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Observability of the mutual-TLS clients, each part active only where its library is:
 * the {@code mtls} health contributor (Spring Boot health), the {@code mtls} endpoint
 * (Spring Boot actuator), the {@code mtls.client.*} metrics (Micrometer), and the masking
 * of the {@code mtls.*} secrets in the actuator's {@code configprops} and {@code env}
 * endpoints.
 *
 * @author mtls-client-spring-boot authors
 */
@AutoConfiguration(after = MtlsClientAutoConfiguration.class)
public final class MtlsClientActuatorAutoConfiguration {

	// Also without clients (mtls.enabled=false): the secrets are in the environment still.
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(SanitizingFunction.class)
	static class SanitizingConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "mtlsSecretsSanitizingFunction")
		SanitizingFunction mtlsSecretsSanitizingFunction() {
			return new MtlsSecretsSanitizingFunction();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBean(MtlsClients.class)
	@ConditionalOnClass(HealthContributor.class)
	@ConditionalOnEnabledHealthIndicator("mtls")
	static class HealthConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "mtlsHealthContributor")
		HealthContributor mtlsHealthContributor(MtlsClients clients, MtlsClientProperties properties) {
			Map<String, HealthContributor> indicators = new LinkedHashMap<>();
			for (String name : clients.names()) {
				indicators.put(name, new MtlsClientHealthIndicator(clients, name,
						properties.getHealth().getCertificateValidityWarningThreshold(), Clock.systemUTC()));
			}
			return CompositeHealthContributor.fromMap(indicators);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBean(MtlsClients.class)
	@ConditionalOnClass(Endpoint.class)
	@ConditionalOnAvailableEndpoint(MtlsEndpoint.class)
	static class EndpointConfiguration {

		@Bean
		@ConditionalOnMissingBean
		MtlsEndpoint mtlsEndpoint(MtlsClients clients, MtlsClientProperties properties) {
			return new MtlsEndpoint(clients, properties.getHealth().getCertificateValidityWarningThreshold(),
					Clock.systemUTC());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	@ConditionalOnBean(MtlsClients.class)
	static class MetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		MtlsClientMeterBinder mtlsClientMeterBinder(MtlsClients clients) {
			return new MtlsClientMeterBinder(clients, Clock.systemUTC());
		}

	}

}
