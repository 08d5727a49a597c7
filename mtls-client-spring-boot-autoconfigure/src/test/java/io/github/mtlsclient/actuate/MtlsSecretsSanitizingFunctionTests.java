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
package io.github.mtlsclient.actuate;

import io.github.mtlsclient.autoconfigure.MtlsClientActuatorAutoConfiguration;
import io.github.mtlsclient.autoconfigure.MtlsClientAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link MtlsSecretsSanitizingFunction}, with the keys the {@code env} and
 * {@code configprops} endpoints hand to it.
 *
 * @author mtls-client-spring-boot authors
 */
class MtlsSecretsSanitizingFunctionTests {

	private final SanitizingFunction function = new MtlsSecretsSanitizingFunction();

	@ParameterizedTest
	@ValueSource(strings = {
			// env: the names of the property sources
			"mtls.clients.api.private-key-password", "mtls.defaults.private-key-password",
			"mtls.clients.payments-eu.private-key-password", "mtls.clients[api].private-key-password",
			"MTLS_CLIENTS_API_PRIVATEKEYPASSWORD", "MTLS_DEFAULTS_PRIVATEKEYPASSWORD",
			"mtls.clients.api.default-headers.Authorization", "mtls.clients.api.default-headers[X-Api-Key]",
			"mtls.clients.api.default-headers.x-auth-token", "mtls.clients.api.default-headers.COOKIE",
			"mtls.defaults.default-headers[Proxy-Authorization]", "mtls.defaults.default-headers.X-Request-Token",
			"MTLS_CLIENTS_API_DEFAULTHEADERS_AUTHORIZATION", "MTLS_CLIENTS_API_DEFAULTHEADERS_X_API_KEY",
			"MTLS_DEFAULTS_DEFAULTHEADERS_PROXY_AUTHORIZATION",
			// configprops: the bound object's names under their prefix
			"mtls.clients.api.privateKeyPassword", "mtls.defaults.privateKeyPassword",
			"mtls.clients.api.defaultHeaders.Authorization", "mtls.clients.api.defaultHeaders.X-Api-Key",
			"mtls.clients.api.defaultHeaders.x.api.key", "mtls.defaults.defaultHeaders.Proxy-Authorization" })
	void masksTheSecrets(String key) {
		assertThat(this.function.apply(new SanitizableData(null, key, "s3cr3t")).getValue())
			.isEqualTo(SanitizableData.SANITIZED_VALUE);
	}

	@ParameterizedTest
	@ValueSource(strings = { "mtls.clients.api.private-key", "mtls.clients.api.base-url",
			"mtls.clients.api.default-headers.X-Team", "mtls.clients.api.default-headers.Accept",
			"mtls.clients.api.default-headers.X-Keyboard", "mtls.clients.api.default-headers.X-Token-Id",
			"mtls.defaults.defaultHeaders.X-Team", "MTLS_CLIENTS_API_DEFAULTHEADERS_X_TEAM",
			"mtls.clients.private-key-password.base-url", "other.mtls.clients.api.private-key-password",
			"spring.ssl.bundle.pem.api.keystore.private-key-password", "mtls", "mtls.clients" })
	void leavesEverythingElseAlone(String key) {
		assertThat(this.function.apply(new SanitizableData(null, key, "value")).getValue()).isEqualTo("value");
	}

	@Test
	void leavesAnUnsetSecretUnset() {
		assertThat(this.function.apply(new SanitizableData(null, "mtls.defaults.private-key-password", null))
			.getValue()).isNull();
	}

	@Test
	void isRegisteredWhereverActuatorIsEvenWithoutClients() {
		ApplicationContextRunner runner = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(MtlsClientAutoConfiguration.class,
					MtlsClientActuatorAutoConfiguration.class))
			.withPropertyValues("mtls.enabled=false");
		runner.run((context) -> assertThat(context).hasSingleBean(SanitizingFunction.class)
			.hasBean("mtlsSecretsSanitizingFunction"));
		runner.withClassLoader(new FilteredClassLoader(SanitizingFunction.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean("mtlsSecretsSanitizingFunction"));
	}

}
