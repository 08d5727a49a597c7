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
package io.github.mtlsclient.actuate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.github.mtlsclient.CertificateDetails;
import io.github.mtlsclient.MtlsClientStatus;
import io.github.mtlsclient.MtlsClients;
import io.github.mtlsclient.MtlsMaterialReloadFailedEvent;
import io.github.mtlsclient.MtlsMaterialReloadedEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.httpcomponents.hc5.PoolingHttpClientConnectionManagerMetricsBinder;
import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.core5.pool.ConnPoolControl;
import org.apache.hc.core5.pool.PoolStats;
import org.apache.hc.core5.util.TimeValue;

import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;

/**
 * The clients' metrics, each tagged {@code client}: seconds until the presented
 * certificate and the earliest trust anchor expire, and reloads by result; per
 * transport of the client, tagged also {@code transport} ({@code http-client},
 * {@code reactor-netty}), full TLS handshakes and the pool gauges
 * {@code mtls.client.pool.*}; and Micrometer's HttpClient 5 pool gauges for the
 * {@code RestClient}'s pool, tagged {@code transport=http-client}. Everything is read
 * from {@link MtlsClients#status(String)} and the reload events, so an application that
 * replaces the {@code MtlsClients} bean keeps its metrics. The transports are those the
 * status lists when the meters are bound, after every singleton is created.
 *
 * @author mtls-client-spring-boot authors
 */
public final class MtlsClientMeterBinder implements MeterBinder, ApplicationListener<ApplicationEvent> {

	private static final String TRANSPORT = "transport";

	private final MtlsClients clients;

	private final Clock clock;

	private final Map<String, Counter> reloadCounters = new ConcurrentHashMap<>();

	/**
	 * Micrometer's gauges hold their object weakly: the pool views live as long as this.
	 */
	private final List<PoolView> poolViews = new ArrayList<>();

	/**
	 * Create a binder.
	 * @param clients the clients to report on
	 * @param clock the clock the expiry gauges count from
	 */
	public MtlsClientMeterBinder(MtlsClients clients, Clock clock) {
		this.clients = clients;
		this.clock = clock;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		for (String name : this.clients.names()) {
			Tags tags = Tags.of("client", name);
			Gauge.builder("mtls.client.certificate.expiry", () -> certificateSecondsLeft(this.clients.status(name)))
				.tags(tags)
				.baseUnit("seconds")
				.description("Time until the certificate the client presents expires")
				.register(registry);
			Gauge.builder("mtls.client.trust.expiry", () -> trustSecondsLeft(this.clients.status(name)))
				.tags(tags)
				.baseUnit("seconds")
				.description("Time until the first of the client's configured trust anchors expires")
				.register(registry);
			if (this.clients.status(name).spiffe() != null) {
				Gauge.builder("mtls.client.spiffe.agent.connected", () -> agentConnected(this.clients.status(name)))
					.tags(tags)
					.description("1 while the client's stream to the SPIFFE Workload API is up, 0 while it is not")
					.register(registry);
			}
			for (MtlsClientStatus.Transport transport : this.clients.status(name).transports()) {
				bindTransport(registry, name, transport.id());
			}
			for (String result : new String[] { "success", "failure" }) {
				this.reloadCounters.put(name + "/" + result, Counter.builder("mtls.client.reloads")
					.tags(tags.and("result", result))
					.description("Reloads of the client's TLS material")
					.register(registry));
			}
			PoolView pool = new PoolView(this.clients, name);
			this.poolViews.add(pool);
			new PoolingHttpClientConnectionManagerMetricsBinder(pool, name,
					tags.and(TRANSPORT, MtlsClientStatus.Transport.HTTP_CLIENT))
				.bindTo(registry);
		}
	}

	/**
	 * The handshakes and pool gauges of one transport of a client, tagged with the
	 * transport's id; read from the client's status at every look.
	 */
	private void bindTransport(MeterRegistry registry, String name, String transport) {
		Tags tags = Tags.of("client", name, TRANSPORT, transport);
		FunctionCounter
			.builder("mtls.client.handshakes", this.clients, (clients) -> transport(clients, name, transport).handshakes())
			.tags(tags)
			.description("Full TLS handshakes the client has made")
			.register(registry);
		Gauge.builder("mtls.client.pool.connections", this.clients, (clients) -> pool(clients, name, transport).leased())
			.tags(tags.and("state", "leased"))
			.description("Connections of the client's pool in use")
			.register(registry);
		Gauge
			.builder("mtls.client.pool.connections", this.clients,
					(clients) -> pool(clients, name, transport).available())
			.tags(tags.and("state", "idle"))
			.description("Connections of the client's pool that are idle, ready for reuse")
			.register(registry);
		Gauge.builder("mtls.client.pool.pending", this.clients, (clients) -> pool(clients, name, transport).pending())
			.tags(tags)
			.description("Requests of the client waiting for a pooled connection")
			.register(registry);
		Gauge.builder("mtls.client.pool.max", this.clients, (clients) -> pool(clients, name, transport).max())
			.tags(tags)
			.description("Size of the client's connection pool")
			.register(registry);
	}

	private static MtlsClientStatus.Pool pool(MtlsClients clients, String name, String transport) {
		return transport(clients, name, transport).pool();
	}

	/**
	 * A transport that is gone (a registry that stopped reporting it) reads as an empty
	 * pool without handshakes rather than failing the scrape.
	 */
	private static MtlsClientStatus.Transport transport(MtlsClients clients, String name, String transport) {
		return clients.status(name)
			.transports()
			.stream()
			.filter((candidate) -> candidate.id().equals(transport))
			.findFirst()
			.orElseGet(() -> new MtlsClientStatus.Transport(transport, new MtlsClientStatus.Pool(0, 0, 0, 0), 0));
	}

	private static double agentConnected(MtlsClientStatus status) {
		MtlsClientStatus.Spiffe spiffe = status.spiffe();
		return (spiffe != null && spiffe.agentConnected()) ? 1 : 0;
	}

	@Override
	public void onApplicationEvent(ApplicationEvent event) {
		if (event instanceof MtlsMaterialReloadedEvent reloaded) {
			count(reloaded.getClientName(), "success");
		}
		else if (event instanceof MtlsMaterialReloadFailedEvent failed) {
			count(failed.getClientName(), "failure");
		}
	}

	private void count(String name, String result) {
		Counter counter = this.reloadCounters.get(name + "/" + result);
		if (counter != null) {
			counter.increment();
		}
	}

	private double certificateSecondsLeft(MtlsClientStatus status) {
		return (status.certificate() != null) ? secondsUntil(status.certificate().notAfter()) : Double.NaN;
	}

	private double trustSecondsLeft(MtlsClientStatus status) {
		return status.trustAnchors()
			.stream()
			.map(CertificateDetails::notAfter)
			.min(Instant::compareTo)
			.map(this::secondsUntil)
			.orElse(Double.NaN);
	}

	private double secondsUntil(Instant instant) {
		return Duration.between(this.clock.instant(), instant).toMillis() / 1000.0;
	}

	/**
	 * A client's pool as Micrometer's HttpClient 5 binder reads it, from the client's
	 * status: the same gauges, whoever provides the {@code MtlsClients}. Read-only. A
	 * client's one route may use the whole pool, so its per-route limit is the pool size.
	 */
	private record PoolView(MtlsClients clients, String name) implements ConnPoolControl<HttpRoute> {

		@Override
		public PoolStats getTotalStats() {
			MtlsClientStatus.Pool pool = this.clients.status(this.name).pool();
			return new PoolStats(pool.leased(), pool.pending(), pool.available(), pool.max());
		}

		@Override
		public PoolStats getStats(HttpRoute route) {
			return getTotalStats();
		}

		@Override
		public int getMaxTotal() {
			return getTotalStats().getMax();
		}

		@Override
		public int getDefaultMaxPerRoute() {
			return getMaxTotal();
		}

		@Override
		public int getMaxPerRoute(HttpRoute route) {
			return getMaxTotal();
		}

		@Override
		public Set<HttpRoute> getRoutes() {
			return Set.of();
		}

		@Override
		public void setMaxTotal(int max) {
			throw readOnly();
		}

		@Override
		public void setDefaultMaxPerRoute(int max) {
			throw readOnly();
		}

		@Override
		public void setMaxPerRoute(HttpRoute route, int max) {
			throw readOnly();
		}

		@Override
		public void closeIdle(TimeValue idleTime) {
			throw readOnly();
		}

		@Override
		public void closeExpired() {
			throw readOnly();
		}

		private static UnsupportedOperationException readOnly() {
			return new UnsupportedOperationException("A view of the pool for metrics only");
		}

	}

}
