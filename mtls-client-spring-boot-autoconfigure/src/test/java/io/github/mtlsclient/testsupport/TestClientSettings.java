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

import java.net.URI;
import java.util.List;
import java.util.Map;

import io.github.mtlsclient.settings.MtlsClientProperties.BuiltInDefaults;
import io.github.mtlsclient.settings.ClientSettings;
import io.github.mtlsclient.settings.Redirects;

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
		return withMaterial(name, baseUrl, new ClientSettings.PemFiles(null, null, null, List.of()));
	}

	/**
	 * Settings with every default, reload off, and a certificate and key in PEM files.
	 * @param name the client name
	 * @param certificate the certificate chain's location
	 * @param privateKey the private key's location
	 * @return the settings
	 */
	public static ClientSettings withPemFiles(String name, String certificate, String privateKey) {
		return withMaterial(name, "https://localhost:8443",
				new ClientSettings.PemFiles(certificate, privateKey, null, List.of()));
	}

	private static ClientSettings withMaterial(String name, String baseUrl, ClientSettings.Material material) {
		URI baseUri = URI.create(baseUrl);
		return new ClientSettings(name, baseUri, baseUri.getHost(), baseUri.getPort(), baseUri.getHost(),
				material, new ClientSettings.Tls(BuiltInDefaults.PROTOCOLS, List.of(), true, false, false),
				BuiltInDefaults.CONNECT_TIMEOUT, BuiltInDefaults.READ_TIMEOUT,
				new ClientSettings.Pool(BuiltInDefaults.MAX_CONNECTIONS, BuiltInDefaults.ACQUIRE_TIMEOUT,
						BuiltInDefaults.IDLE_TIMEOUT, BuiltInDefaults.TIME_TO_LIVE),
				Redirects.SAME_ORIGIN, Map.of(),
				new ClientSettings.Reload(false, BuiltInDefaults.QUIET_PERIOD, BuiltInDefaults.POLL_INTERVAL),
				BuiltInDefaults.RETRIES);
	}

}
