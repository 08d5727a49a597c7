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
import java.util.Map;
import java.util.Set;

import io.github.mtlsclient.autoconfigure.MtlsClientProperties.Client;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.PlaceholdersResolver;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.Environment;

/**
 * Binds each {@code mtls.clients.<name>} on top of {@code mtls.defaults}: the defaults
 * are bound first, then the client's own keys, so a client's value wins, lists replace
 * and default headers add up. Where a client picks its material source itself (a
 * {@code bundle}, or PEM files), the other kind inherited from the defaults is dropped.
 * <p>
 * Each client is bound from a {@link MtlsPropertySnapshot} of its own and the default
 * keys, taken in one pass over the environment: a bind over the whole environment
 * looks through every property name, which would make start-up grow with the square of
 * the number of clients.
 *
 * @author mtls-client-spring-boot authors
 */
final class MtlsClientSettingsBinder {

	private static final String CLIENTS = "mtls.clients";

	private static final String DEFAULTS = "mtls.defaults";

	private final Iterable<ConfigurationPropertySource> sources;

	private final @Nullable PlaceholdersResolver placeholders;

	MtlsClientSettingsBinder(Iterable<ConfigurationPropertySource> sources,
			@Nullable PlaceholdersResolver placeholders) {
		this.sources = sources;
		this.placeholders = placeholders;
	}

	static MtlsClientSettingsBinder of(Environment environment) {
		return new MtlsClientSettingsBinder(ConfigurationPropertySources.get(environment),
				new PropertySourcesPlaceholdersResolver(environment));
	}

	/**
	 * The configured client names, in configuration order.
	 * @return the names
	 */
	Set<String> names() {
		return snapshot().clientNames();
	}

	/**
	 * Every client with the defaults merged in.
	 * @return the clients by name, in configuration order
	 */
	Map<String, Client> bindAll() {
		MtlsPropertySnapshot snapshot = snapshot();
		Map<String, Client> clients = new LinkedHashMap<>();
		for (String name : snapshot.clientNames()) {
			MtlsClientSettingsValidator.validateName(name);
			clients.put(name, bind(name, snapshot));
		}
		return clients;
	}

	private MtlsPropertySnapshot snapshot() {
		return MtlsPropertySnapshot.of(this.sources, ConfigurationPropertyName.of(CLIENTS),
				ConfigurationPropertyName.of(DEFAULTS));
	}

	private Client bind(String name, MtlsPropertySnapshot snapshot) {
		Binder binder = new Binder(snapshot.sourcesOf(name), this.placeholders);
		String prefix = CLIENTS + "." + name;
		Client client = new Client();
		binder.bind(DEFAULTS, Bindable.ofInstance(client));
		binder.bind(prefix, Bindable.ofInstance(client));
		OwnProperties own = new OwnProperties(snapshot, name, ConfigurationPropertyName.of(prefix));
		// The defaults have no base URL of their own: each client names its origin.
		if (!own.sets("base-url")) {
			client.setBaseUrl(null);
		}
		if (own.sets("bundle")) {
			dropInheritedPemMaterial(own, client);
		}
		else if (own.sets("certificate") || own.sets("private-key")) {
			client.setBundle(null);
		}
		return client;
	}

	private static void dropInheritedPemMaterial(OwnProperties own, Client client) {
		if (!own.sets("certificate")) {
			client.setCertificate(null);
		}
		if (!own.sets("private-key")) {
			client.setPrivateKey(null);
		}
		if (!own.sets("private-key-password")) {
			client.setPrivateKeyPassword(null);
		}
		if (!own.sets("trust.certificates")) {
			client.getTrust().setCertificates(new ArrayList<>());
		}
	}

	/**
	 * Which properties a client sets itself, rather than inherits from the defaults.
	 */
	private record OwnProperties(MtlsPropertySnapshot snapshot, String clientName,
			ConfigurationPropertyName prefix) {

		boolean sets(String property) {
			return this.snapshot.sets(this.clientName, this.prefix.append(property));
		}

	}

}
