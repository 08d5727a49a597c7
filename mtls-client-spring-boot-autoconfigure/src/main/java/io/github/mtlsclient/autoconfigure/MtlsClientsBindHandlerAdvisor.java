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
import io.github.mtlsclient.settings.MtlsClientsBinder;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationPropertiesBindHandlerAdvisor;
import org.springframework.boot.context.properties.bind.AbstractBindHandler;
import org.springframework.boot.context.properties.bind.BindContext;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.core.env.Environment;

/**
 * Hands the {@code clients} map of {@link MtlsClientProperties} to
 * {@link MtlsClientsBinder} while Spring Boot binds the rest of the bean: Boot's binding
 * of a map of beans grows with the square of the entries, the starter's with their
 * number. The bean comes out complete, bound once, as {@code /actuator/configprops}
 * shows it.
 *
 * @author mtls-client-spring-boot authors
 */
final class MtlsClientsBindHandlerAdvisor implements ConfigurationPropertiesBindHandlerAdvisor {

	private static final ConfigurationPropertyName MTLS = ConfigurationPropertyName.of("mtls");

	private final Environment environment;

	MtlsClientsBindHandlerAdvisor(Environment environment) {
		this.environment = environment;
	}

	@Override
	public BindHandler apply(BindHandler bindHandler) {
		return new ClientsBindHandler(bindHandler, this.environment);
	}

	private static final class ClientsBindHandler extends AbstractBindHandler {

		private final Environment environment;

		private final BindHandler parent;

		// Set while this handler binds the starter's own bean: another bean under "mtls"
		// keeps Boot's binding.
		private boolean bindingMtlsClientProperties;

		ClientsBindHandler(BindHandler parent, Environment environment) {
			super(parent);
			this.parent = parent;
			this.environment = environment;
		}

		@Override
		public <T> @Nullable Bindable<T> onStart(ConfigurationPropertyName name, Bindable<T> target,
				BindContext context) {
			if (MTLS.equals(name)) {
				this.bindingMtlsClientProperties = target.getType().resolve() == MtlsClientProperties.class;
			}
			else if (this.bindingMtlsClientProperties && MtlsClientsBinder.CLIENTS.equals(name)) {
				return null;
			}
			return super.onStart(name, target, context);
		}

		@Override
		public void onFinish(ConfigurationPropertyName name, Bindable<?> target, BindContext context,
				@Nullable Object result) throws Exception {
			Supplier<?> value = target.getValue();
			if (this.bindingMtlsClientProperties && MTLS.equals(name) && value != null
					&& value.get() instanceof MtlsClientProperties properties) {
				// Through the same handlers as the rest of the bean: Boot records each
				// property's origin for /actuator/configprops.
				properties.setClients(MtlsClientsBinder.of(this.environment).bind(this.parent));
			}
			super.onFinish(name, target, context, result);
		}

	}

}
