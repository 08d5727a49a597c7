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

import java.net.URI;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

import io.github.mtlsclient.InvalidMtlsClientException;
import io.github.mtlsclient.MtlsRestClientCustomizer;
import io.github.mtlsclient.autoconfigure.MtlsClientProperties.Client;
import io.github.mtlsclient.autoconfigure.MtlsClientSettings.Reload;
import io.github.mtlsclient.autoconfigure.PooledHttpClientFactory.PooledHttpClient;
import io.github.mtlsclient.http.HostNames;
import io.github.mtlsclient.http.MtlsTlsSocketStrategy;
import io.github.mtlsclient.http.MtlsTlsSocketStrategy.TlsOptions;
import io.github.mtlsclient.http.PoolHousekeeper;
import io.github.mtlsclient.material.ActiveTlsMaterial;
import io.github.mtlsclient.material.PemFileMaterialSource;
import io.github.mtlsclient.material.SslBundleMaterialSource;
import io.github.mtlsclient.material.SslContextFactory;
import io.github.mtlsclient.material.TlsMaterial;
import io.github.mtlsclient.material.TlsMaterialSource;
import io.github.mtlsclient.reload.MaterialReloadRegistrar;
import io.github.mtlsclient.reload.MaterialReloader;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.util.TimeValue;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.ssl.SslOptions;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.io.ResourceLoader;
import org.springframework.http.client.HttpComponentsClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/**
 * Builds one {@link ManagedMtlsClient} from its merged settings: loads and validates
 * its material, then builds its pool, HttpClient, request factory and RestClient, and
 * registers what reloads it. Holds no state of its own: the threads all clients share
 * belong to the {@link PoolHousekeeper} and {@link MaterialReloadRegistrar} beans.
 *
 * @author mtls-client-spring-boot authors
 */
final class MtlsClientFactory {

	private static final Log logger = LogFactory.getLog(MtlsClientFactory.class);

	private final ResourceLoader resourceLoader;

	private final @Nullable SslBundles sslBundles;

	private final Supplier<RestClient.Builder> restClientBuilder;

	private final List<MtlsRestClientCustomizer> customizers;

	private final ApplicationEventPublisher eventPublisher;

	private final PoolHousekeeper housekeeper;

	private final MaterialReloadRegistrar reloadRegistrar;

	private final StartupWarnings warnings;

	private final SSLParameters supported;

	MtlsClientFactory(ResourceLoader resourceLoader, @Nullable SslBundles sslBundles,
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
		this.supported = supportedParameters();
	}

	ManagedMtlsClient create(String name, Client settings) {
		MtlsClientSettingsValidator validator = new MtlsClientSettingsValidator(name,
				Set.of(this.supported.getProtocols()), Set.of(this.supported.getCipherSuites()), this.resourceLoader);
		URI baseUrl = validator.validate(settings);
		TlsMaterialSource source = materialSource(name, settings);
		// One step, so that a change to the files made while the client loads is not missed.
		return this.reloadRegistrar.loadAndRegister(name, reloadTrigger(settings),
				() -> load(name, settings, validator, baseUrl, source), ManagedMtlsClient::reloader);
	}

	private ManagedMtlsClient load(String name, Client settings, MtlsClientSettingsValidator validator, URI baseUrl,
			TlsMaterialSource source) {
		TlsMaterial initial = source.load();
		ActiveTlsMaterial material = new ActiveTlsMaterial(initial,
				new SslContextFactory(settings.isInsecureTrustAll(), settings.getTrust().isIncludeSystemCas()));
		this.warnings.check(name, settings, initial);
		MtlsTlsSocketStrategy tls = new MtlsTlsSocketStrategy(serverName(baseUrl, settings), material,
				tlsOptions(validator, settings, source));
		HttpHost origin = new HttpHost(baseUrl.getScheme(), host(baseUrl), port(baseUrl));
		PooledHttpClient http = PooledHttpClientFactory.create(name, origin, settings, tls, material);
		this.housekeeper.register(http.pool(), settings.getPool().getIdleTimeout());
		RestClient restClient = restClient(name, baseUrl, settings, http.requestFactory());
		MaterialReloader reloader = new MaterialReloader(name, source, material,
				() -> http.pool().closeIdle(TimeValue.ZERO_MILLISECONDS), this.eventPublisher);
		logger.info("mTLS client '%s' -> %s presents %s".formatted(name, origin.toURI() + baseUrl.getRawPath(),
				initial.describe()));
		return new ManagedMtlsClient(name, baseUrl, settings, material, reloader, tls, http, restClient);
	}

	private static MaterialReloadRegistrar.Trigger reloadTrigger(Client settings) {
		List<String> locations = new ArrayList<>();
		if (settings.getCertificate() != null) {
			locations.add(settings.getCertificate());
		}
		if (settings.getPrivateKey() != null) {
			locations.add(settings.getPrivateKey());
		}
		locations.addAll(settings.getTrust().getCertificates());
		Reload reload = settings.getReload();
		return new MaterialReloadRegistrar.Trigger(reload.isEnabled(), settings.getBundle(), locations,
				reload.getQuietPeriod(), reload.getPollInterval());
	}

	private TlsMaterialSource materialSource(String name, Client settings) {
		if (settings.getBundle() != null) {
			if (this.sslBundles == null) {
				throw InvalidMtlsClientException.forKey(name, "bundle", settings.getBundle(),
						"is set but the application has no SslBundles", "Do not exclude SslAutoConfiguration", null);
			}
			return new SslBundleMaterialSource(name, settings.getBundle(), this.sslBundles);
		}
		return new PemFileMaterialSource(name, settings.getCertificate(), settings.getPrivateKey(),
				settings.getPrivateKeyPassword(), settings.getTrust().getCertificates(), this.resourceLoader);
	}

	private static String host(URI baseUrl) {
		// A trailing dot stays: the name is resolved as written, without search domains.
		// TLS leaves it out (MtlsTlsSocketStrategy). HttpHost takes IPv6 without brackets.
		return HostNames.unbracketed(baseUrl.getHost());
	}

	private static int port(URI baseUrl) {
		return (baseUrl.getPort() != -1) ? baseUrl.getPort() : 443;
	}

	private static String serverName(URI baseUrl, Client settings) {
		return (settings.getServerName() != null) ? settings.getServerName() : host(baseUrl);
	}

	private TlsOptions tlsOptions(MtlsClientSettingsValidator validator, Client settings, TlsMaterialSource source) {
		List<String> protocols = settings.getProtocols();
		List<String> cipherSuites = settings.getCipherSuites();
		if (source instanceof SslBundleMaterialSource bundleSource) {
			SslOptions options = bundleSource.bundle().getOptions();
			protocols = (options.getEnabledProtocols() != null) ? List.of(options.getEnabledProtocols()) : protocols;
			cipherSuites = (options.getCiphers() != null) ? List.of(options.getCiphers()) : cipherSuites;
			validator.validateTlsOptions("bundle", protocols, cipherSuites);
		}
		return new TlsOptions(protocols, cipherSuites, settings.isVerifyHostname(),
				millis(settings.getConnectTimeout()));
	}

	private RestClient restClient(String name, URI baseUrl, Client settings,
			HttpComponentsClientHttpRequestFactory requestFactory) {
		// A clone: an application's own singleton builder must not take our settings.
		RestClient.Builder builder = this.restClientBuilder.get()
			.clone()
			.baseUrl(baseUrl.toString())
			.requestFactory(requestFactory)
			.defaultHeaders((headers) -> settings.getDefaultHeaders().forEach(headers::add));
		this.customizers.forEach((customizer) -> customizer.customize(name, builder));
		return builder.build();
	}

	private static int millis(Duration duration) {
		return (int) Math.min(Integer.MAX_VALUE, duration.toMillis());
	}

	private static SSLParameters supportedParameters() {
		try {
			return SSLContext.getDefault().getSupportedSSLParameters();
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("The JVM has no default SSLContext", ex);
		}
	}

}
