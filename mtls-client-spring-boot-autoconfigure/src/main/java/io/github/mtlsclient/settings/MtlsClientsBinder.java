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
package io.github.mtlsclient.settings;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.github.mtlsclient.InvalidMtlsClientException;
import io.github.mtlsclient.settings.MtlsClientProperties.Client;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.PlaceholdersResolver;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName.Form;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.Environment;

/**
 * Binds {@code mtls.clients.<name>}, client by client, in time that grows with the
 * number of clients, not its square. Spring Boot's binding of a map of beans looks for
 * every property of every entry in every property source; this binder first sorts the
 * {@code mtls.clients.*} properties by client in one pass over the sources, then binds
 * each client from its own properties only: one small source per original source, in the
 * original order, holding the original {@link ConfigurationProperty properties} (values
 * and origins), so the result is the one binding the whole environment gives.
 *
 * @author mtls-client-spring-boot authors
 */
public final class MtlsClientsBinder {

	/**
	 * The name of the clients map.
	 */
	public static final ConfigurationPropertyName CLIENTS = ConfigurationPropertyName.of("mtls.clients");

	private static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?");

	private final Iterable<ConfigurationPropertySource> sources;

	private final @Nullable PlaceholdersResolver placeholders;

	MtlsClientsBinder(Iterable<ConfigurationPropertySource> sources, @Nullable PlaceholdersResolver placeholders) {
		this.sources = sources;
		this.placeholders = placeholders;
	}

	/**
	 * A binder over an environment's property sources.
	 * @param environment the environment
	 * @return the binder
	 */
	public static MtlsClientsBinder of(Environment environment) {
		return new MtlsClientsBinder(ConfigurationPropertySources.get(environment),
				new PropertySourcesPlaceholdersResolver(environment));
	}

	/**
	 * The configured client names, in the order their first properties were found, each
	 * checked before anything is bound under it.
	 * @return the names
	 */
	public Set<String> names() {
		return ClientProperties.of(this.sources).byClient().keySet();
	}

	/**
	 * Bind every client, as configured: what a client leaves unset is {@code null}.
	 * @return the clients by name, in configuration order
	 */
	Map<String, Client> bind() {
		return bind(BindHandler.DEFAULT);
	}

	/**
	 * Bind every client through the given handler.
	 * @param handler the handler, e.g. Spring Boot's for a configuration properties bean
	 * @return the clients by name, in configuration order
	 */
	public Map<String, Client> bind(BindHandler handler) {
		Map<String, Client> clients = new LinkedHashMap<>();
		ClientProperties.of(this.sources).byClient().forEach((name, sources) -> {
			Client client = new Client();
			new Binder(sources, this.placeholders).bind(CLIENTS.append(name), Bindable.ofInstance(client), handler);
			clients.put(name, client);
		});
		return clients;
	}

	/**
	 * Check a client name before anything is bound under it.
	 * @param name the name
	 */
	static void checkName(String name) {
		if (!NAME.matcher(name).matches()) {
			throw InvalidMtlsClientException.forKey(name, "", null, "'" + name + "' is not a valid client name",
					"Use lower-case letters, digits and dashes, starting and ending with a letter or digit", null);
		}
	}

	/**
	 * The {@code mtls.clients.*} properties, sorted by client in one pass.
	 *
	 * @param byClient per client, one source per original source that holds any of its
	 * properties, in the original order
	 */
	private record ClientProperties(Map<String, List<ConfigurationPropertySource>> byClient) {

		static ClientProperties of(Iterable<ConfigurationPropertySource> sources) {
			Map<String, List<ConfigurationPropertySource>> byClient = new LinkedHashMap<>();
			int nameElement = CLIENTS.getNumberOfElements();
			for (ConfigurationPropertySource source : sources) {
				if (!(source instanceof IterableConfigurationPropertySource iterable)) {
					continue;
				}
				Map<String, Map<ConfigurationPropertyName, ConfigurationProperty>> found = new LinkedHashMap<>();
				try (Stream<ConfigurationPropertyName> names = iterable.stream()) {
					names.filter(CLIENTS::isAncestorOf).forEach((name) -> {
						ConfigurationProperty property = source.getConfigurationProperty(name);
						if (property != null) {
							String client = name.getElement(nameElement, Form.ORIGINAL);
							found.computeIfAbsent(client, (key) -> new LinkedHashMap<>()).put(name, property);
						}
					});
				}
				found.forEach((client, properties) -> {
					checkName(client);
					byClient.computeIfAbsent(client, (key) -> new ArrayList<>()).add(new PropertiesSource(properties));
				});
			}
			return new ClientProperties(byClient);
		}

	}

	private record PropertiesSource(
			Map<ConfigurationPropertyName, ConfigurationProperty> properties) implements IterableConfigurationPropertySource {

		@Override
		public @Nullable ConfigurationProperty getConfigurationProperty(ConfigurationPropertyName name) {
			return this.properties.get(name);
		}

		@Override
		public Stream<ConfigurationPropertyName> stream() {
			return this.properties.keySet().stream();
		}

	}

}
