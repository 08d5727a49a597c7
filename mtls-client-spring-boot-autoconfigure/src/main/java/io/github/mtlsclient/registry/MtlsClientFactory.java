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
package io.github.mtlsclient.registry;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

import io.github.mtlsclient.MtlsRestClientCustomizer;
import io.github.mtlsclient.http.HttpClientTransport;
import io.github.mtlsclient.http.PoolHousekeeper;
import io.github.mtlsclient.material.IdentityEngine;
import io.github.mtlsclient.material.TlsMaterial;
import io.github.mtlsclient.material.TlsMaterialSource;
import io.github.mtlsclient.reload.MaterialReloadRegistrar;
import io.github.mtlsclient.reload.MaterialReloader;
import io.github.mtlsclient.settings.ClientSettings;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.hc.core5.http.HttpHost;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.io.ResourceLoader;
import org.springframework.web.client.RestClient;

/**
 * Builds one {@link ManagedMtlsClient} from its merged settings: loads and validates
 * its material, then builds its pool, HttpClient, request factory and RestClient, and
 * registers what reloads it. Holds no state of its own: the threads all clients share
 * belong to the {@link PoolHousekeeper} and {@link MaterialReloadRegistrar} beans.
 *
 * @author mtls-client-spring-boot authors
 */
public final class MtlsClientFactory {

	private static final Log logger = LogFactory.getLog(MtlsClientFactory.class);

	private final ResourceLoader resourceLoader;

	private final @Nullable SslBundles sslBundles;

	private final Supplier<RestClient.Builder> restClientBuilder;

	private final List<MtlsRestClientCustomizer> customizers;

	private final ApplicationEventPublisher eventPublisher;

	private final PoolHousekeeper housekeeper;

	private final MaterialReloadRegistrar reloadRegistrar;

	private final StartupWarnings warnings;

	/**
	 * Create a factory.
	 * @param resourceLoader resolves the material locations
	 * @param sslBundles the application's SSL bundles, or {@code null} without them
	 * @param restClientBuilder the builder every client's RestClient is cloned from
	 * @param customizers applied to every client's builder, in order
	 * @param eventPublisher publishes the reload events
	 * @param expiryWarningThreshold a certificate expiring sooner is warned about
	 * @param reloadRegistrar watches the material of every client
	 * @param housekeeper closes the idle connections of every pool
	 */
	public MtlsClientFactory(ResourceLoader resourceLoader, @Nullable SslBundles sslBundles,
			Supplier<RestClient.Builder> restClientBuilder, List<MtlsRestClientCustomizer> customizers,
			ApplicationEventPublisher eventPublisher, Duration expiryWarningThreshold,
			MaterialReloadRegistrar reloadRegistrar, PoolHousekeeper housekeeper) {
		this.resourceLoader = resourceLoader;
		this.sslBundles = sslBundles;
		this.restClientBuilder = restClientBuilder;
		this.customizers = customizers;
		this.eventPublisher = eventPublisher;
		this.reloadRegistrar = reloadRegistrar;
		this.housekeeper = housekeeper;
		this.warnings = new StartupWarnings(resourceLoader, expiryWarningThreshold);
	}

	ManagedMtlsClient create(ClientSettings settings) {
		TlsMaterialSource source = TlsMaterialSource.of(settings, this.resourceLoader, this.sslBundles);
		// One step, so that a change to the files made while the client loads is not missed.
		return this.reloadRegistrar.loadAndRegister(settings, () -> load(settings, source),
				ManagedMtlsClient::reloader);
	}

	private ManagedMtlsClient load(ClientSettings settings, TlsMaterialSource source) {
		try {
			return build(settings, source);
		}
		catch (RuntimeException | Error ex) {
			// The client is not made: a Workload API stream must not linger.
			source.close();
			throw ex;
		}
	}

	private ManagedMtlsClient build(ClientSettings settings, TlsMaterialSource source) {
		TlsMaterial initial = source.load();
		this.warnings.check(settings, initial);
		IdentityEngine engine = new IdentityEngine(settings.name(), settings.tls(), initial);
		HttpClientTransport transport = new HttpClientTransport(settings, engine, this.housekeeper);
		RestClient restClient;
		try {
			restClient = restClient(settings, transport);
		}
		catch (RuntimeException | Error ex) {
			transport.close();
			throw ex;
		}
		MaterialReloader reloader = new MaterialReloader(settings.name(), source, engine, this.eventPublisher);
		HttpHost origin = new HttpHost(settings.baseUri().getScheme(), settings.host(), settings.port());
		logger.info("mTLS client '%s' -> %s presents %s".formatted(settings.name(),
				origin.toURI() + settings.baseUri().getRawPath(), initial.describe()));
		return new ManagedMtlsClient(settings, engine, reloader, transport, restClient);
	}

	private RestClient restClient(ClientSettings settings, HttpClientTransport transport) {
		// A clone: an application's own singleton builder must not take our settings.
		RestClient.Builder builder = this.restClientBuilder.get().clone();
		pointAt(settings, transport, builder);
		this.customizers.forEach((customizer) -> customizer.customize(settings.name(), builder));
		return builder.build();
	}

	/**
	 * Point a builder at a client: its base URL, request factory and default headers.
	 * @param settings the client's settings
	 * @param transport the client's transport
	 * @param builder the builder
	 */
	static void pointAt(ClientSettings settings, HttpClientTransport transport, RestClient.Builder builder) {
		builder.baseUrl(settings.baseUri().toString())
			.requestFactory(transport.requestFactory())
			.defaultHeaders((headers) -> settings.defaultHeaders().forEach(headers::add));
	}

}
