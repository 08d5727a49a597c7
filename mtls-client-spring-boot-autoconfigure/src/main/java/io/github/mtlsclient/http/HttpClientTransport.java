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
package io.github.mtlsclient.http;

import java.time.Duration;

import io.github.mtlsclient.MtlsClientStatus;
import io.github.mtlsclient.material.IdentityEngine;
import io.github.mtlsclient.material.IdentitySnapshot;
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
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.impl.DefaultConnectionReuseStrategy;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.pool.PoolStats;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.jspecify.annotations.Nullable;

import org.springframework.http.client.HttpComponentsClientHttpRequestFactory;

/**
 * The HttpClient 5 transport of one client: its own connection pool, TLS upgrades with
 * the engine's current identity, reuse of connections of that identity only, same-origin
 * routing and redirects, idempotent-only retries and explained failures, behind a
 * Spring request factory.
 * <p>
 * Every connection carries the {@link IdentitySnapshot} it was made with as its state, and
 * every request asks for the current one: connections are reused (HttpClient otherwise
 * opens a new one, with a full handshake, for every request that presented a client
 * certificate), and a connection of an older identity is never leased again. When the
 * engine swaps, the idle ones are closed at once; busy ones after their exchange.
 *
 * @author mtls-client-spring-boot authors
 */
public final class HttpClientTransport implements AutoCloseable {

	private static final TimeValue SHORTEST_KEEP_ALIVE = TimeValue.ofMilliseconds(1);

	private static final Duration LONGEST_RETRY_WAIT = Duration.ofSeconds(1);

	private final IdentityEngine engine;

	private final MtlsTlsSocketStrategy tls;

	private final PoolingHttpClientConnectionManager pool;

	private final CloseableHttpClient httpClient;

	private final HttpComponentsClientHttpRequestFactory requestFactory;

	private final PoolHousekeeper housekeeper;

	/**
	 * Build the transport of a client and plug it into the client's engine.
	 * @param settings the client's settings
	 * @param engine the client's identity engine
	 * @param housekeeper closes the idle connections of every pool
	 */
	public HttpClientTransport(ClientSettings settings, IdentityEngine engine, PoolHousekeeper housekeeper) {
		this.engine = engine;
		this.housekeeper = housekeeper;
		this.tls = new MtlsTlsSocketStrategy(settings, engine);
		this.pool = pool(settings, this.tls);
		HttpHost origin = new HttpHost(settings.baseUri().getScheme(), settings.host(), settings.port());
		this.httpClient = httpClient(settings, origin);
		this.requestFactory = new HttpComponentsClientHttpRequestFactory(this.httpClient);
		this.requestFactory.setHttpContextFactory((method, uri) -> {
			HttpClientContext context = HttpClientContext.create();
			context.setUserToken(engine.current());
			return context;
		});
		engine.onSwap((snapshot) -> retireIdle());
		housekeeper.register(this.pool, settings.pool().idleTimeout());
	}

	private static PoolingHttpClientConnectionManager pool(ClientSettings settings, TlsSocketStrategy tls) {
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

	private CloseableHttpClient httpClient(ClientSettings settings, HttpHost origin) {
		ClientFailureExplainer.Limits limits = new ClientFailureExplainer.Limits(settings.pool().maxConnections(),
				settings.pool().acquireTimeout(), settings.readTimeout(), settings.tls().protocols(),
				settings.retries());
		TimeValue idleTimeout = TimeValue.ofMilliseconds(settings.pool().idleTimeout().toMillis());
		DefaultConnectionKeepAliveStrategy serverKeepAlive = new DefaultConnectionKeepAliveStrategy();
		return HttpClients.custom()
			.setConnectionManager(this.pool)
			.setDefaultRequestConfig(RequestConfig.custom()
				.setConnectionRequestTimeout(timeout(settings.pool().acquireTimeout()))
				.setResponseTimeout(timeout(settings.readTimeout()))
				.setRedirectsEnabled(settings.redirects() != Redirects.NONE)
				.build())
			.addExecInterceptorFirst("mtls-failure-explainer",
					new ClientFailureExplainer(settings.name(), origin, this.engine, limits))
			.setRetryStrategy(retryStrategy(settings))
			.setRoutePlanner(new SameOriginRoutePlanner(settings.name(), origin))
			.setRedirectStrategy(new SameOriginRedirectStrategy())
			// Callers of one client share it: a cookie one of them receives is not the
			// others' business.
			.disableCookieManagement()
			.setUserTokenHandler((route, context) -> this.engine.current())
			.setConnectionReuseStrategy((request, response, context) -> isCurrent(
					HttpClientContext.castOrCreate(context).getUserToken())
					&& DefaultConnectionReuseStrategy.INSTANCE.keepAlive(request, response, context))
			// Kept for the shortest of: the server's keep-alive, ours, and the life left in
			// the certificate (zero would mean forever to HttpClient).
			.setKeepAliveStrategy((response, context) -> {
				TimeValue keepAlive = serverKeepAlive.getKeepAliveDuration(response, context).min(idleTimeout);
				return max(SHORTEST_KEEP_ALIVE, keepAlive.min(lifeLeft()));
			})
			.build();
	}

	private HttpRequestRetryStrategy retryStrategy(ClientSettings settings) {
		// A server may ask for a pause before a retry, but never for more of the caller's
		// time than one second or the read timeout.
		Duration longestWait = (settings.readTimeout().compareTo(LONGEST_RETRY_WAIT) < 0) ? settings.readTimeout()
				: LONGEST_RETRY_WAIT;
		// Each pooled connection can be met closed at most once per request.
		return new IdempotentRetryStrategy(settings.retries(), longestWait, this::retireIdle,
				settings.pool().maxConnections());
	}

	/**
	 * Whether a connection with the given state may be kept for another exchange: it was
	 * made with the current identity, whose certificate is still valid.
	 * @param state the state HttpClient keeps with the connection
	 * @return whether the connection is current
	 */
	boolean isCurrent(@Nullable Object state) {
		IdentitySnapshot current = this.engine.current();
		return state == current && current.millisLeft(System.currentTimeMillis()) > 0;
	}

	/**
	 * The time left until the current certificate expires.
	 * @return the time left, zero once expired, {@link TimeValue#MAX_VALUE} without a
	 * certificate
	 */
	TimeValue lifeLeft() {
		long left = this.engine.current().millisLeft(System.currentTimeMillis());
		return (left == Long.MAX_VALUE) ? TimeValue.MAX_VALUE : TimeValue.ofMilliseconds(left);
	}

	/**
	 * The request factory to build Spring clients on; owned by this transport.
	 * @return the request factory
	 */
	public HttpComponentsClientHttpRequestFactory requestFactory() {
		return this.requestFactory;
	}

	/**
	 * How the pool's connections upgrade to TLS.
	 * @return the TLS socket strategy
	 */
	public TlsSocketStrategy tlsSocketStrategy() {
		return this.tls;
	}

	/**
	 * The pool's connections now.
	 * @return leased, idle, pending and maximum
	 */
	public MtlsClientStatus.Pool poolStats() {
		PoolStats stats = this.pool.getTotalStats();
		return new MtlsClientStatus.Pool(stats.getLeased(), stats.getAvailable(), stats.getPending(), stats.getMax());
	}

	/**
	 * The number of full TLS handshakes this transport has completed.
	 * @return the handshake count
	 */
	public long handshakeCount() {
		return this.tls.handshakeCount();
	}

	/**
	 * Close the pool's idle connections now: after a swap, those of the previous
	 * identity; after the server closed a pooled connection, the others it closed too.
	 */
	public void retireIdle() {
		this.pool.closeIdle(TimeValue.ZERO_MILLISECONDS);
	}

	@Override
	public void close() {
		this.housekeeper.unregister(this.pool);
		this.httpClient.close(CloseMode.GRACEFUL);
		this.pool.close(CloseMode.GRACEFUL);
	}

	private static TimeValue max(TimeValue a, TimeValue b) {
		return (a.compareTo(b) >= 0) ? a : b;
	}

	private static Timeout timeout(Duration duration) {
		return Timeout.ofMilliseconds(duration.toMillis());
	}

}
