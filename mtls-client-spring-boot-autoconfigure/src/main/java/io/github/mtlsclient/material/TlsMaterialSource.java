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
package io.github.mtlsclient.material;

import io.github.mtlsclient.InvalidMtlsClientException;
import io.github.mtlsclient.settings.ClientSettings;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.ssl.SslBundles;
import org.springframework.core.io.ResourceLoader;
import org.springframework.util.Assert;

/**
 * Where a client's TLS material comes from: PEM files, a Spring Boot SSL bundle or the
 * SPIFFE Workload API.
 *
 * @author mtls-client-spring-boot authors
 */
@FunctionalInterface
public interface TlsMaterialSource {

	/**
	 * Load and validate the material as it is now.
	 * @return the material
	 * @throws InvalidMtlsClientException if it cannot be loaded or is not usable
	 */
	TlsMaterial load();

	/**
	 * Be told when the source has new material by itself, as the SPIFFE Workload API
	 * pushes it; the listener then {@link #load() loads} it. Sources whose changes are
	 * watched from outside (files, SSL bundles) never call it.
	 * @param listener called after each change, on the source's thread
	 */
	default void onChange(Runnable listener) {
	}

	/**
	 * The connection to where the material comes from, for a source that holds one
	 * (the SPIFFE Workload API).
	 * @return the connection, or {@code null} for a source without one
	 */
	default @Nullable Connection connection() {
		return null;
	}

	/**
	 * Release what the source holds open, such as its stream to the Workload API.
	 */
	default void close() {
	}

	/**
	 * The state of a source's connection.
	 *
	 * @param address where it connects to
	 * @param connected whether it is up
	 * @param problem why it is down, or {@code null}
	 */
	record Connection(String address, boolean connected, @Nullable String problem) {

	}

	/**
	 * The source a client's settings name.
	 * @param settings the client's settings
	 * @param resourceLoader resolves PEM file locations
	 * @param sslBundles the application's SSL bundles; required for a bundle client
	 * @return the source
	 */
	static TlsMaterialSource of(ClientSettings settings, ResourceLoader resourceLoader,
			@Nullable SslBundles sslBundles) {
		if (settings.material() instanceof ClientSettings.Bundle bundle) {
			Assert.state(sslBundles != null, "A bundle client needs the application's SslBundles");
			return new SslBundleMaterialSource(settings.name(), bundle.name(), sslBundles);
		}
		if (settings.material() instanceof ClientSettings.Spiffe spiffe) {
			return SpiffeMaterialSource.open(settings.name(), spiffe, resourceLoader.getClassLoader());
		}
		ClientSettings.PemFiles files = (ClientSettings.PemFiles) settings.material();
		return new PemFileMaterialSource(settings.name(), files.certificate(), files.privateKey(),
				files.privateKeyPassword(), files.trustCertificates(), resourceLoader);
	}

}
