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

import java.time.Duration;

import io.github.mtlsclient.http.ClientFailureExplainer;
import io.github.mtlsclient.http.IdempotentRetryStrategy;
import io.github.mtlsclient.http.MtlsTlsSocketStrategy;
import io.github.mtlsclient.http.SameOriginRedirectStrategy;
import io.github.mtlsclient.http.SameOriginRoutePlanner;
import io.github.mtlsclient.material.ActiveTlsMaterial;
import io.github.mtlsclient.settings.ClientSettings;
import io.github.mtlsclient.settings.Redirects;
import org.apache.hc.client5.http.HttpRequestRetryStrategy;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.config.TlsConfig;
import org.apache.hc.client5.http.impl.DefaultConnectionKeepAliveStrategy;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.impl.DefaultConnectionReuseStrategy;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

import org.springframework.http.client.HttpComponentsClientHttpRequestFactory;

/**
 * Builds a client's connection pool, HttpClient and request factory, with the rules
 * that tie connections to the material they were made with:
 * <ul>
 * <li>requests go to the client's own origin only;</li>
 * <li>only idempotent requests are ever sent twice
 * ({@link IdempotentRetryStrategy});</li>
 * <li>every request and every connection carries the same
 * {@link io.github.mtlsclient.http.ConnectionState}, so pooled connections are reused
 * despite the client certificate;</li>
 * <li>a connection made with replaced material is not reused after its current
 * exchange;</li>
 * <li>no connection is kept beyond the {@code notAfter} of the certificate it
 * presented.</li>
 * </ul>
 *
 * @author mtls-client-spring-boot authors
 */
final class PooledHttpClientFactory {

	private static final TimeValue SHORTEST_KEEP_ALIVE = TimeValue.ofMilliseconds(1);

	private static final Duration LONGEST_RETRY_WAIT = Duration.ofSeconds(1);

	private PooledHttpClientFactory() {
	}

	static PooledHttpClient create(ClientSettings settings, HttpHost origin, MtlsTlsSocketStrategy tls,
			ActiveTlsMaterial material) {
		String name = settings.name();
		PoolingHttpClientConnectionManager pool = pool(settings, tls);
		CurrentGeneration generation = new CurrentGeneration(name, material);
		CloseableHttpClient httpClient = httpClient(name, origin, settings, pool, tls, material, generation);
		HttpComponentsClientHttpRequestFactory requestFactory = new HttpComponentsClientHttpRequestFactory(httpClient);
		requestFactory.setHttpContextFactory((method, uri) -> {
			HttpClientContext context = HttpClientContext.create();
			context.setUserToken(generation.connectionState());
			return context;
		});
		return new PooledHttpClient(pool, httpClient, requestFactory);
	}

	private static PoolingHttpClientConnectionManager pool(ClientSettings settings, MtlsTlsSocketStrategy tls) {
		int maxConnections = settings.pool().maxConnections();
		return PoolingHttpClientConnectionManagerBuilder.create()
			.setTlsSocketStrategy(tls)
			.setMaxConnTotal(maxConnections)
			.setMaxConnPerRoute(maxConnections)
			.setDefaultConnectionConfig(ConnectionConfig.custom()
				.setConnectTimeout(timeout(settings.connectTimeout()))
				.setSocketTimeout(timeout(settings.readTimeout()))
				.setTimeToLive(TimeValue.ofMilliseconds(settings.pool().timeToLive().toMillis()))
				.setValidateAfterInactivity(TimeValue.ofSeconds(2))
				.build())
			.setDefaultTlsConfig(TlsConfig.custom().setHandshakeTimeout(timeout(settings.connectTimeout())).build())
			.build();
	}

	private static CloseableHttpClient httpClient(String name, HttpHost origin, ClientSettings settings,
			PoolingHttpClientConnectionManager pool, MtlsTlsSocketStrategy tls, ActiveTlsMaterial material,
			CurrentGeneration generation) {
		ClientFailureExplainer.Limits limits = new ClientFailureExplainer.Limits(
				settings.pool().maxConnections(), settings.pool().acquireTimeout(),
				settings.readTimeout(), tls.options().protocols(), settings.retries());
		TimeValue idleTimeout = TimeValue.ofMilliseconds(settings.pool().idleTimeout().toMillis());
		DefaultConnectionKeepAliveStrategy serverKeepAlive = new DefaultConnectionKeepAliveStrategy();
		return HttpClients.custom()
			.setConnectionManager(pool)
			.setDefaultRequestConfig(RequestConfig.custom()
				.setConnectionRequestTimeout(timeout(settings.pool().acquireTimeout()))
				.setResponseTimeout(timeout(settings.readTimeout()))
				.setRedirectsEnabled(settings.redirects() != Redirects.NONE)
				.build())
			.addExecInterceptorFirst("mtls-failure-explainer",
					new ClientFailureExplainer(name, origin, material, limits))
			.setRetryStrategy(retryStrategy(settings, pool))
			.setRoutePlanner(new SameOriginRoutePlanner(name, origin))
			.setRedirectStrategy(new SameOriginRedirectStrategy())
			// Callers of one client share it: a cookie one of them receives is not the
			// others' business.
			.disableCookieManagement()
			.setUserTokenHandler((route, context) -> generation.connectionState())
			.setConnectionReuseStrategy((request, response, context) -> generation
				.isCurrent(HttpClientContext.castOrCreate(context).getUserToken())
					&& DefaultConnectionReuseStrategy.INSTANCE.keepAlive(request, response, context))
			// Kept for the shortest of: the server's keep-alive, ours, and the life left in
			// the certificate (zero would mean forever to HttpClient).
			.setKeepAliveStrategy((response, context) -> {
				TimeValue keepAlive = serverKeepAlive.getKeepAliveDuration(response, context).min(idleTimeout);
				return max(SHORTEST_KEEP_ALIVE, keepAlive.min(generation.lifeLeft()));
			})
			.build();
	}

	private static HttpRequestRetryStrategy retryStrategy(ClientSettings settings, PoolingHttpClientConnectionManager pool) {
		// A server may ask for a pause before a retry, but never for more of the caller's
		// time than one second or the read timeout.
		Duration longestWait = (settings.readTimeout().compareTo(LONGEST_RETRY_WAIT) < 0)
				? settings.readTimeout() : LONGEST_RETRY_WAIT;
		// Each pooled connection can be met closed at most once per request.
		return new IdempotentRetryStrategy(settings.retries(), longestWait,
				() -> pool.closeIdle(TimeValue.ZERO_MILLISECONDS), settings.pool().maxConnections());
	}

	private static TimeValue max(TimeValue a, TimeValue b) {
		return (a.compareTo(b) >= 0) ? a : b;
	}

	private static Timeout timeout(Duration duration) {
		return Timeout.ofMilliseconds(duration.toMillis());
	}

	/**
	 * A client's pool, HttpClient and request factory.
	 *
	 * @param pool the connection pool
	 * @param httpClient the HttpClient over the pool
	 * @param requestFactory the request factory over the HttpClient
	 */
	record PooledHttpClient(PoolingHttpClientConnectionManager pool, CloseableHttpClient httpClient,
			HttpComponentsClientHttpRequestFactory requestFactory) {

	}

}
