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

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName.Form;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;

/**
 * The {@code mtls.clients.*} and {@code mtls.defaults.*} properties of an environment,
 * grouped by client in one pass over its property sources. Each client gets one small
 * source per original source, in the original order, holding the original
 * {@link ConfigurationProperty properties} (values, origins): binding from them gives
 * what binding from the whole environment gives, in the time its own keys take.
 *
 * @author mtls-client-spring-boot authors
 */
final class MtlsPropertySnapshot {

	private final Set<String> clientNames;

	private final List<SourceSnapshot> sources;

	private MtlsPropertySnapshot(Set<String> clientNames, List<SourceSnapshot> sources) {
		this.clientNames = clientNames;
		this.sources = sources;
	}

	static MtlsPropertySnapshot of(Iterable<ConfigurationPropertySource> sources, ConfigurationPropertyName clients,
			ConfigurationPropertyName defaults) {
		Set<String> clientNames = new LinkedHashSet<>();
		List<SourceSnapshot> snapshots = new ArrayList<>();
		int clientElement = clients.getNumberOfElements();
		for (ConfigurationPropertySource source : sources) {
			if (!(source instanceof IterableConfigurationPropertySource iterable)) {
				continue;
			}
			SourceSnapshot snapshot = new SourceSnapshot();
			try (Stream<ConfigurationPropertyName> names = iterable.stream()) {
				names.forEach((name) -> {
					if (clients.isAncestorOf(name)) {
						String client = name.getElement(clientElement, Form.ORIGINAL);
						clientNames.add(client);
						snapshot.add(snapshot.clients.computeIfAbsent(client, (key) -> new LinkedHashMap<>()), source,
								name);
					}
					else if (defaults.isAncestorOf(name)) {
						snapshot.add(snapshot.defaults, source, name);
					}
				});
			}
			if (!snapshot.isEmpty()) {
				snapshots.add(snapshot);
			}
		}
		return new MtlsPropertySnapshot(clientNames, snapshots);
	}

	/**
	 * The names of the clients, in the order their first properties were found.
	 * @return the client names
	 */
	Set<String> clientNames() {
		return this.clientNames;
	}

	/**
	 * Whether a client sets a property itself, or any property below it.
	 * @param clientName the client
	 * @param name the full property name, e.g. {@code mtls.clients.a.bundle}
	 * @return whether one of the client's own properties is that one or below it
	 */
	boolean sets(String clientName, ConfigurationPropertyName name) {
		for (SourceSnapshot snapshot : this.sources) {
			for (ConfigurationPropertyName own : snapshot.clients.getOrDefault(clientName, Map.of()).keySet()) {
				if (name.equals(own) || name.isAncestorOf(own)) {
					return true;
				}
			}
		}
		return false;
	}

	/**
	 * The sources to bind one client from: its own properties and the defaults, one
	 * source per original source, in the original order.
	 * @param clientName the client
	 * @return the sources
	 */
	List<ConfigurationPropertySource> sourcesOf(String clientName) {
		List<ConfigurationPropertySource> sources = new ArrayList<>();
		for (SourceSnapshot snapshot : this.sources) {
			Map<ConfigurationPropertyName, ConfigurationProperty> properties = new LinkedHashMap<>(snapshot.defaults);
			properties.putAll(snapshot.clients.getOrDefault(clientName, Map.of()));
			if (!properties.isEmpty()) {
				sources.add(new PropertiesSource(properties));
			}
		}
		return sources;
	}

	private static final class SourceSnapshot {

		private final Map<ConfigurationPropertyName, ConfigurationProperty> defaults = new LinkedHashMap<>();

		private final Map<String, Map<ConfigurationPropertyName, ConfigurationProperty>> clients = new LinkedHashMap<>();

		void add(Map<ConfigurationPropertyName, ConfigurationProperty> properties, ConfigurationPropertySource source,
				ConfigurationPropertyName name) {
			ConfigurationProperty property = source.getConfigurationProperty(name);
			if (property != null) {
				properties.put(name, property);
			}
		}

		boolean isEmpty() {
			return this.defaults.isEmpty() && this.clients.isEmpty();
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
