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
package io.github.mtlsclient.testsupport;

import java.util.function.Consumer;

import io.github.mtlsclient.settings.ClientSettings;
import io.github.mtlsclient.settings.ClientSettingsMapper;
import io.github.mtlsclient.settings.MtlsClientProperties;
import io.github.mtlsclient.settings.MtlsClientProperties.Client;

import org.springframework.core.io.DefaultResourceLoader;

/**
 * Settings of a client as the mapping makes them from a base URL alone: for tests that
 * build an engine or a transport without an application context.
 *
 * @author mtls-client-spring-boot authors
 */
public final class TestClientSettings {

	private TestClientSettings() {
	}

	/**
	 * Settings with every default, no material files and reload off.
	 * @param name the client name
	 * @param baseUrl an {@code https://host:port} URL
	 * @return the settings
	 */
	public static ClientSettings of(String name, String baseUrl) {
		return of(name, baseUrl, (client) -> {
		});
	}

	/**
	 * Settings with every default but those changed, no material files and reload off.
	 * @param name the client name
	 * @param baseUrl an {@code https://host:port} URL
	 * @param changes sets what differs from the defaults, as properties would
	 * @return the settings
	 */
	public static ClientSettings of(String name, String baseUrl, Consumer<Client> changes) {
		Client client = client(baseUrl);
		changes.accept(client);
		return map(name, client);
	}

	/**
	 * Settings with every default, reload off, and a certificate and key in PEM files.
	 * @param name the client name
	 * @param certificate the certificate chain's location, of an existing file
	 * @param privateKey the private key's location, of an existing file
	 * @return the settings
	 */
	public static ClientSettings withPemFiles(String name, String certificate, String privateKey) {
		Client client = client("https://localhost:8443");
		client.setCertificate(certificate);
		client.setPrivateKey(privateKey);
		return map(name, client);
	}

	private static Client client(String baseUrl) {
		Client client = new Client();
		client.setBaseUrl(baseUrl);
		client.getReload().setEnabled(false);
		return client;
	}

	/**
	 * As the application maps its properties: the same defaults, the same checks.
	 */
	private static ClientSettings map(String name, Client client) {
		MtlsClientProperties properties = new MtlsClientProperties();
		properties.getClients().put(name, client);
		return new ClientSettingsMapper(new DefaultResourceLoader(), null).map(properties).get(name);
	}

}
