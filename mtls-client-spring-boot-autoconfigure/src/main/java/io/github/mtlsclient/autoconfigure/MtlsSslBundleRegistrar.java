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

import io.github.mtlsclient.MtlsClients;
import io.github.mtlsclient.MtlsMaterialReloadedEvent;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.ssl.SslBundleRegistry;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.ApplicationListener;

/**
 * Registers every client's {@link MtlsClients#sslBundle(String) SSL bundle} as
 * {@code mtls-<name>}, so that code which takes a Spring Boot SSL bundle can present the
 * client's identity, and updates it after each reload. Reads only the public registry:
 * an application's own {@link MtlsClients} gets its bundles registered too, or a warning
 * if it offers none.
 *
 * @author mtls-client-spring-boot authors
 */
final class MtlsSslBundleRegistrar implements ApplicationListener<MtlsMaterialReloadedEvent> {

	private static final Log logger = LogFactory.getLog(MtlsSslBundleRegistrar.class);

	private final MtlsClients clients;

	private final SslBundleRegistry registry;

	MtlsSslBundleRegistrar(MtlsClients clients, SslBundleRegistry registry) {
		this.clients = clients;
		this.registry = registry;
		try {
			for (String name : clients.names()) {
				registry.registerBundle(bundleName(name), clients.sslBundle(name));
				if (registry instanceof SslBundles bundles) {
					// The client reloads itself; this bundle is a view of it for Spring
					// Boot's SSL info. Saying so keeps Boot from warning on every update
					// that some user of the bundle might not reload.
					bundles.addBundleUpdateHandler(bundleName(name), (bundle) -> {
					});
				}
			}
		}
		catch (UnsupportedOperationException ex) {
			logger.warn(("The application's MtlsClients (%s) offers no SSL bundles: no 'mtls-<name>' SSL bundle is "
					+ "registered. Implement MtlsClients.sslBundle(name) to have them.")
				.formatted(clients.getClass().getName()));
		}
	}

	@Override
	public void onApplicationEvent(MtlsMaterialReloadedEvent event) {
		String name = event.getClientName();
		if (this.clients.names().contains(name)) {
			this.registry.updateBundle(bundleName(name), this.clients.sslBundle(name));
		}
	}

	static String bundleName(String clientName) {
		return "mtls-" + clientName;
	}

	@Override
	public String toString() {
		return "MtlsSslBundleRegistrar" + this.clients.names();
	}

}
