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
import java.util.List;

import io.github.mtlsclient.settings.MtlsClientProperties;
import io.github.mtlsclient.settings.MtlsClientProperties.Client;
import org.junit.jupiter.api.Test;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hints for the types the starter binds reflectively, for AOT and native images.
 *
 * @author mtls-client-spring-boot authors
 */
class MtlsClientRuntimeHintsTests {

	@Test
	void theSettingsTypesCanBeBoundReflectively() throws Exception {
		RuntimeHints hints = new RuntimeHints();
		new MtlsClientRuntimeHints().registerHints(hints, getClass().getClassLoader());
		assertThat(RuntimeHintsPredicates.reflection().onConstructorInvocation(Client.class.getConstructor()))
			.accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection()
			.onMethodInvocation(MtlsClientProperties.Settings.class.getMethod("setPrivateKey", String.class))).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection()
			.onMethodInvocation(MtlsClientProperties.Settings.Pool.class.getMethod("setMaxConnections", Integer.class)))
			.accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Client.class.getMethod("setBaseUrl", String.class)))
			.accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection()
			.onMethodInvocation(MtlsClientProperties.Settings.Spiffe.class.getMethod("setServerIds", List.class)))
			.accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection()
			.onMethodInvocation(MtlsClientProperties.Settings.Spiffe.class.getMethod("setInitialTimeout", Duration.class)))
			.accepts(hints);
	}

}
