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
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

import io.github.mtlsclient.InvalidMtlsClientException;
import io.github.mtlsclient.MtlsRestClientCustomizer;
import io.github.mtlsclient.autoconfigure.MtlsClientProperties.Client;
import io.github.mtlsclient.autoconfigure.MtlsClientSettings.Redirects;
import io.github.mtlsclient.http.ConnectionState;
import io.github.mtlsclient.http.MtlsTlsSocketStrategy;
import io.github.mtlsclient.http.MtlsTlsSocketStrategy.TlsOptions;
import io.github.mtlsclient.http.PoolHousekeeper;
import io.github.mtlsclient.http.SameOriginRedirectStrategy;
import io.github.mtlsclient.material.ActiveTlsMaterial;
import io.github.mtlsclient.material.PemFileMaterialSource;
import io.github.mtlsclient.material.SslBundleMaterialSource;
import io.github.mtlsclient.material.SslContextFactory;
import io.github.mtlsclient.material.TlsMaterial;
import io.github.mtlsclient.material.TlsMaterialSource;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.config.TlsConfig;
import org.apache.hc.client5.http.impl.DefaultConnectionKeepAliveStrategy;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.ssl.SslOptions;
import org.springframework.core.io.ResourceLoader;
import org.springframework.http.client.HttpComponentsClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/**
 * Builds one {@link ManagedMtlsClient} from its merged settings: loads and validates
 * its material, then builds its pool, HttpClient, request factory and RestClient.
 *
 * @author mtls-client-spring-boot authors
 */
final class MtlsClientFactory {

	private static final Log logger = LogFactory.getLog(MtlsClientFactory.class);

	private final ResourceLoader resourceLoader;

	private final @Nullable SslBundles sslBundles;

	private final Supplier<RestClient.Builder> restClientBuilder;

	private final List<MtlsRestClientCustomizer> customizers;

	private final PoolHousekeeper housekeeper;

	private final SSLParameters supported;

	MtlsClientFactory(ResourceLoader resourceLoader, @Nullable SslBundles sslBundles,
			Supplier<RestClient.Builder> restClientBuilder, List<MtlsRestClientCustomizer> customizers,
			PoolHousekeeper housekeeper) {
		this.resourceLoader = resourceLoader;
		this.sslBundles = sslBundles;
		this.restClientBuilder = restClientBuilder;
		this.customizers = customizers;
		this.housekeeper = housekeeper;
		this.supported = supportedParameters();
	}

	ManagedMtlsClient create(String name, Client settings) {
		URI baseUrl = new MtlsClientSettingsValidator(name, Set.of(this.supported.getProtocols()),
				Set.of(this.supported.getCipherSuites()))
			.validate(settings);
		TlsMaterialSource source = materialSource(name, settings);
		TlsMaterial initial = source.load();
		ActiveTlsMaterial material = new ActiveTlsMaterial(initial,
				new SslContextFactory(settings.isInsecureTrustAll(), settings.getTrust().isIncludeSystemCas()));
		warnAboutInsecureSettings(name, settings);
		MtlsTlsSocketStrategy tls = new MtlsTlsSocketStrategy(name, host(baseUrl), port(baseUrl),
				serverName(baseUrl, settings), material, tlsOptions(settings, source));
		PoolingHttpClientConnectionManager pool = pool(settings, tls);
		CloseableHttpClient httpClient = httpClient(name, settings, pool, material);
		HttpComponentsClientHttpRequestFactory requestFactory = new HttpComponentsClientHttpRequestFactory(httpClient);
		requestFactory.setHttpContextFactory((method, uri) -> {
			HttpClientContext context = HttpClientContext.create();
			context.setUserToken(connectionState(name, material));
			return context;
		});
		this.housekeeper.register(pool, settings.getPool().getIdleTimeout());
		RestClient restClient = restClient(name, baseUrl, settings, requestFactory);
		logger.info("mTLS client '%s' -> %s presents %s".formatted(name, baseUrl, initial));
		return new ManagedMtlsClient(name, baseUrl, source, material, tls, pool, httpClient, requestFactory,
				restClient);
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

	private static void warnAboutInsecureSettings(String name, Client settings) {
		if (settings.isInsecureTrustAll()) {
			logger.warn(("mTLS client '%s' accepts any server certificate (mtls.clients.%s.insecure-trust-all=true): "
					+ "anyone who can intercept its connections can impersonate the server")
				.formatted(name, name));
		}
		else if (!settings.isVerifyHostname()) {
			logger.warn(("mTLS client '%s' does not verify the server's hostname "
					+ "(mtls.clients.%s.verify-hostname=false)")
				.formatted(name, name));
		}
	}

	private static String host(URI baseUrl) {
		String host = baseUrl.getHost();
		return (host.startsWith("[") && host.endsWith("]")) ? host.substring(1, host.length() - 1) : host;
	}

	private static int port(URI baseUrl) {
		return (baseUrl.getPort() != -1) ? baseUrl.getPort() : 443;
	}

	private static String serverName(URI baseUrl, Client settings) {
		return (settings.getServerName() != null) ? settings.getServerName() : host(baseUrl);
	}

	private static TlsOptions tlsOptions(Client settings, TlsMaterialSource source) {
		List<String> protocols = settings.getProtocols();
		List<String> cipherSuites = settings.getCipherSuites();
		if (source instanceof SslBundleMaterialSource bundleSource) {
			SslOptions options = bundleSource.bundle().getOptions();
			protocols = (options.getEnabledProtocols() != null) ? List.of(options.getEnabledProtocols()) : protocols;
			cipherSuites = (options.getCiphers() != null) ? List.of(options.getCiphers()) : cipherSuites;
		}
		return new TlsOptions(protocols, cipherSuites, settings.isVerifyHostname(),
				millis(settings.getConnectTimeout()));
	}

	private static PoolingHttpClientConnectionManager pool(Client settings, MtlsTlsSocketStrategy tls) {
		int maxConnections = settings.getPool().getMaxConnections();
		return PoolingHttpClientConnectionManagerBuilder.create()
			.setTlsSocketStrategy(tls)
			.setMaxConnTotal(maxConnections)
			.setMaxConnPerRoute(maxConnections)
			.setDefaultConnectionConfig(ConnectionConfig.custom()
				.setConnectTimeout(timeout(settings.getConnectTimeout()))
				.setSocketTimeout(timeout(settings.getReadTimeout()))
				.setTimeToLive(TimeValue.ofMilliseconds(settings.getPool().getTimeToLive().toMillis()))
				.setValidateAfterInactivity(TimeValue.ofSeconds(2))
				.build())
			.setDefaultTlsConfig(TlsConfig.custom().setHandshakeTimeout(timeout(settings.getConnectTimeout())).build())
			.build();
	}

	private static CloseableHttpClient httpClient(String name, Client settings, PoolingHttpClientConnectionManager pool,
			ActiveTlsMaterial material) {
		TimeValue idleTimeout = TimeValue.ofMilliseconds(settings.getPool().getIdleTimeout().toMillis());
		DefaultConnectionKeepAliveStrategy serverKeepAlive = new DefaultConnectionKeepAliveStrategy();
		return HttpClients.custom()
			.setConnectionManager(pool)
			.setDefaultRequestConfig(RequestConfig.custom()
				.setConnectionRequestTimeout(timeout(settings.getPool().getAcquireTimeout()))
				.setResponseTimeout(timeout(settings.getReadTimeout()))
				.setRedirectsEnabled(settings.getRedirects() != Redirects.NONE)
				.build())
			.setRedirectStrategy(new SameOriginRedirectStrategy())
			// A connection is kept for the shorter of the server's keep-alive and ours.
			.setKeepAliveStrategy(
					(response, context) -> serverKeepAlive.getKeepAliveDuration(response, context).min(idleTimeout))
			.setUserTokenHandler((route, context) -> connectionState(name, material))
			.build();
	}

	private static ConnectionState connectionState(String name, ActiveTlsMaterial material) {
		return new ConnectionState(name, material.current().generation());
	}

	private RestClient restClient(String name, URI baseUrl, Client settings,
			HttpComponentsClientHttpRequestFactory requestFactory) {
		RestClient.Builder builder = this.restClientBuilder.get()
			.baseUrl(baseUrl.toString())
			.requestFactory(requestFactory)
			.defaultHeaders((headers) -> settings.getDefaultHeaders().forEach(headers::add));
		this.customizers.forEach((customizer) -> customizer.customize(name, builder));
		return builder.build();
	}

	private static Timeout timeout(Duration duration) {
		return Timeout.ofMilliseconds(duration.toMillis());
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
