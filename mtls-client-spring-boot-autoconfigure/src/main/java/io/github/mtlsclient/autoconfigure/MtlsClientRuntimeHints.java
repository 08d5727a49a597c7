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

import io.github.mtlsclient.settings.MtlsClientProperties;
import io.github.mtlsclient.settings.MtlsClientProperties.Client;
import io.github.mtlsclient.settings.MtlsClientProperties.Settings;
import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.boot.context.properties.bind.BindableRuntimeHintsRegistrar;

/**
 * Reflection hints for the settings the starter binds itself, per client and on top of
 * the defaults, outside {@code @ConfigurationProperties} binding, and for the factory
 * method of the {@code RestClient} beans: a client configured only when the application
 * starts, not when it was processed ahead of time, has its bean registered then, made
 * through reflection.
 *
 * @author mtls-client-spring-boot authors
 */
class MtlsClientRuntimeHints implements RuntimeHintsRegistrar {

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		BindableRuntimeHintsRegistrar.forTypes(MtlsClientProperties.class, Settings.class, Client.class)
			.registerHints(hints, classLoader);
		new MtlsRestClientRegistrar().registerFactoryMethodHint(hints);
	}

}
