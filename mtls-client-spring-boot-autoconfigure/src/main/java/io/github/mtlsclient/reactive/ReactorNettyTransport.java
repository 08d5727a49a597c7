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
package io.github.mtlsclient.reactive;

import java.net.SocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

import io.github.mtlsclient.MtlsClientStatus;
import io.github.mtlsclient.http.HostNames;
import io.github.mtlsclient.material.IdentityEngine;
import io.github.mtlsclient.material.IdentitySnapshot;
import io.github.mtlsclient.settings.ClientSettings;
import io.github.mtlsclient.settings.Redirects;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.IdentityCipherSuiteFilter;
import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.HttpClientRequest;
import reactor.netty.http.client.HttpClientResponse;
import reactor.netty.resources.ConnectionPoolMetrics;
import reactor.netty.resources.ConnectionProvider;

import org.springframework.http.HttpMethod;
import org.springframework.http.client.reactive.ClientHttpConnector;
import org.springframework.http.client.reactive.ClientHttpRequest;
import org.springframework.http.client.reactive.ClientHttpResponse;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;

/**
 * The Reactor Netty transport of one client, plugged into its identity engine. Each
 * identity snapshot gets its own connection pool and Reactor Netty client: new
 * connections present the current identity, and after a swap the previous pool is
 * disposed, which closes its idle connections at once and each busy one when its
 * exchange ends. Its TLS sessions go with it, so none of the old identity is resumed.
 * At most the current pool and the draining ones of recent swaps are alive.
 * <p>
 * Requests go to the client's origin only (anything else fails before a connection is
 * opened), only redirects to that origin are followed, no request is sent twice, and
 * failures are explained as the blocking client explains them.
 *
 * @author mtls-client-spring-boot authors
 */
public final class ReactorNettyTransport implements AutoCloseable {

	private final ClientSettings settings;

	private final String serverName;

	private final List<javax.net.ssl.SNIServerName> sni;

	private final AtomicReference<Generation> current = new AtomicReference<>();

	private final LongAdder handshakes = new LongAdder();

	private final AtomicInteger livePools = new AtomicInteger();

	private final ClientHttpConnector connector = new CurrentConnector();

	private final ReactiveFailureExplainer explainer;

	private volatile boolean closed;

	/**
	 * Build the transport of a client and plug it into the client's engine.
	 * @param settings the client's settings
	 * @param engine the client's identity engine
	 */
	public ReactorNettyTransport(ClientSettings settings, IdentityEngine engine) {
		this.settings = settings;
		this.serverName = HostNames.forTls(settings.serverName());
		// No SNI for an IP address: RFC 6066 allows only DNS names.
		this.sni = HostNames.isIpAddress(this.serverName) ? List.of() : List.of(new SNIHostName(this.serverName));
		this.explainer = new ReactiveFailureExplainer(settings, engine);
		this.current.set(generation(engine.current()));
		engine.onSwap((snapshot) -> {
			if (!this.closed) {
				this.current.getAndSet(generation(snapshot)).retire();
			}
		});
	}

	/**
	 * The connector to build a {@code WebClient} on; owned by this transport.
	 * @return the connector
	 */
	public ClientHttpConnector connector() {
		return this.connector;
	}

	/**
	 * The connection pools alive: the current one and those of earlier identities that
	 * are still draining.
	 * @return the number of pools
	 */
	int livePools() {
		return this.livePools.get();
	}

	/**
	 * The connection pool of the identity presented now: connections in use, idle and
	 * awaited, and the pool size. Connections of an earlier identity that are still
	 * finishing their exchange after a swap are not counted: their pool is being
	 * disposed, and they close when their exchange ends.
	 * @return the pool's state
	 */
	public MtlsClientStatus.Pool poolStats() {
		return this.current.get().poolMetrics().stats(this.settings.pool().maxConnections());
	}

	/**
	 * The number of TLS handshakes this transport has completed.
	 * @return the handshake count
	 */
	public long handshakeCount() {
		return this.handshakes.sum();
	}

	@Override
	public void close() {
		this.closed = true;
		this.current.get().retire();
	}

	private Generation generation(IdentitySnapshot snapshot) {
		ClientSettings.Pool pool = this.settings.pool();
		PoolMetrics poolMetrics = new PoolMetrics();
		ConnectionProvider provider = ConnectionProvider
			.builder("mtls-" + this.settings.name() + "-" + snapshot.generation())
			.maxConnections(pool.maxConnections())
			.pendingAcquireTimeout(pool.acquireTimeout())
			// Callers wait for acquire-timeout however many they are, as with the
			// blocking pool (Reactor Netty refuses beyond twice the pool size otherwise).
			.pendingAcquireMaxCount(-1)
			.maxIdleTime(pool.idleTimeout())
			.maxLifeTime(lifeTime(pool.timeToLive(), snapshot))
			// Reactor Netty hands each pool's gauges to this registrar: no Micrometer needed.
			.metrics(true, () -> poolMetrics)
			.build();
		HttpClient client = HttpClient.create(provider)
			.secure((spec) -> spec.sslContext(sslContext(snapshot))
				.handshakeTimeout(this.settings.connectTimeout())
				.handlerConfigurator(this::configure))
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS,
					(int) Math.min(Integer.MAX_VALUE, this.settings.connectTimeout().toMillis()))
			.responseTimeout(this.settings.readTimeout())
			.noProxy()
			// Never a request twice: Reactor Netty would resend one on a connection that
			// closed before the response.
			.disableRetry(true)
			// Redirects to the client's origin only: any other is returned to the caller, so
			// the client certificate and default headers never reach another origin.
			.followRedirect((request, response) -> this.settings.redirects() == Redirects.SAME_ORIGIN
					&& isRedirect(response.status().code()) && sameOrigin(location(request, response)));
		this.livePools.incrementAndGet();
		return new Generation(provider, new ReactorClientHttpConnector(client), poolMetrics, this.livePools);
	}

	/**
	 * A connection lives no longer than the pool's time to live, nor than the presented
	 * certificate.
	 */
	private static Duration lifeTime(Duration timeToLive, IdentitySnapshot snapshot) {
		long left = snapshot.millisLeft(System.currentTimeMillis());
		return (left < timeToLive.toMillis()) ? Duration.ofMillis(Math.max(1, left)) : timeToLive;
	}

	private SslContext sslContext(IdentitySnapshot snapshot) {
		ClientSettings.Tls tls = this.settings.tls();
		JdkSslContext jdk = new JdkSslContext(snapshot.sslContext(), true,
				tls.cipherSuites().isEmpty() ? null : tls.cipherSuites(), IdentityCipherSuiteFilter.INSTANCE,
				ApplicationProtocolConfig.DISABLED, ClientAuth.NONE, tls.protocols().toArray(String[]::new), false);
		return new ServerNameSslContext(jdk, this.serverName);
	}

	private void configure(SslHandler handler) {
		SSLEngine engine = handler.engine();
		SSLParameters parameters = engine.getSSLParameters();
		parameters.setServerNames(this.sni);
		parameters.setEndpointIdentificationAlgorithm(this.settings.tls().verifyHostname() ? "HTTPS" : null);
		engine.setSSLParameters(parameters);
		handler.handshakeFuture().addListener((future) -> {
			if (future.isSuccess()) {
				this.handshakes.increment();
			}
		});
	}

	private static boolean isRedirect(int status) {
		return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
	}

	private static @Nullable URI location(HttpClientRequest request, HttpClientResponse response) {
		String location = response.responseHeaders().get(HttpHeaderNames.LOCATION);
		if (location == null) {
			return null;
		}
		try {
			return new URI(request.resourceUrl()).resolve(location);
		}
		catch (URISyntaxException | IllegalArgumentException ex) {
			return null;
		}
	}

	private boolean sameOrigin(@Nullable URI uri) {
		if (uri == null) {
			return false;
		}
		int port = (uri.getPort() != -1) ? uri.getPort() : 443;
		return uri.getScheme() != null && "https".equals(uri.getScheme().toLowerCase(Locale.ROOT))
				&& uri.getHost() != null && HostNames.same(uri.getHost(), this.settings.host())
				&& port == this.settings.port();
	}

	/**
	 * Connects through the current generation, to the client's origin only.
	 */
	private final class CurrentConnector implements ClientHttpConnector {

		@Override
		public Mono<ClientHttpResponse> connect(HttpMethod method, URI uri,
				Function<? super ClientHttpRequest, Mono<Void>> requestCallback) {
			if (!sameOrigin(uri)) {
				ClientSettings settings = ReactorNettyTransport.this.settings;
				return Mono.error(new IllegalArgumentException("mTLS client '%s' only sends requests to https://%s:%d, not to %s"
					.formatted(settings.name(), settings.host(), settings.port(), origin(uri))));
			}
			return Mono.defer(() -> connect(ReactorNettyTransport.this.current.get(), method, uri, requestCallback))
				.onErrorMap((ex) -> ReactorNettyTransport.this.explainer.explain(ex, method, uri));
		}

		/**
		 * A call that was still waiting for a connection of a generation that a swap then
		 * retired fails in that pool without having sent a byte: it goes again through
		 * the current generation, so that no call fails because of a rotation. A call
		 * whose request was begun is never sent again.
		 */
		private Mono<ClientHttpResponse> connect(Generation generation, HttpMethod method, URI uri,
				Function<? super ClientHttpRequest, Mono<Void>> requestCallback) {
			AtomicBoolean begun = new AtomicBoolean();
			return generation.connector().connect(method, uri, (request) -> {
				begun.set(true);
				return requestCallback.apply(request);
			}).onErrorResume((ex) -> !begun.get() && ReactorNettyTransport.this.current.get() != generation,
					(ex) -> connect(ReactorNettyTransport.this.current.get(), method, uri, requestCallback));
		}

		private static String origin(URI uri) {
			return uri.getScheme() + "://" + uri.getRawAuthority();
		}

	}

	/**
	 * The pool and client of one identity snapshot.
	 */
	private record Generation(ConnectionProvider provider, ClientHttpConnector connector, PoolMetrics poolMetrics,
			AtomicInteger livePools) {

		void retire() {
			// Idle connections close now, busy ones when their exchange ends.
			this.provider.disposeLater().doFinally((signal) -> this.livePools.decrementAndGet()).subscribe();
		}

	}

	/**
	 * The gauges of one provider's pools as Reactor Netty hands them over: one pool per
	 * remote address, which for a client of one origin is one pool.
	 */
	private static final class PoolMetrics implements ConnectionProvider.MeterRegistrar {

		private final Map<String, ConnectionPoolMetrics> pools = new ConcurrentHashMap<>();

		@Override
		public void registerMetrics(String poolName, String id, SocketAddress remoteAddress,
				ConnectionPoolMetrics metrics) {
			this.pools.put(id, metrics);
		}

		@Override
		public void deRegisterMetrics(String poolName, String id, SocketAddress remoteAddress) {
			this.pools.remove(id);
		}

		MtlsClientStatus.Pool stats(int max) {
			int leased = 0;
			int idle = 0;
			int pending = 0;
			for (ConnectionPoolMetrics pool : this.pools.values()) {
				leased += pool.acquiredSize();
				idle += pool.idleSize();
				pending += pool.pendingAcquireSize();
			}
			return new MtlsClientStatus.Pool(leased, idle, pending, max);
		}

	}

}
