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

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.mtlsclient.CertificateDetails;
import io.github.mtlsclient.MtlsClientStatus;
import io.github.mtlsclient.MtlsMaterialReloadFailedEvent;
import io.github.mtlsclient.MtlsMaterialReloadedEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.httpcomponents.hc5.PoolingHttpClientConnectionManagerMetricsBinder;

import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;

/**
 * The clients' metrics, each tagged {@code client}: seconds until the presented
 * certificate and the earliest trust anchor expire, reloads by result, full TLS
 * handshakes, and Micrometer's HttpClient 5 pool gauges.
 *
 * @author mtls-client-spring-boot authors
 */
final class MtlsClientMeterBinder implements MeterBinder, ApplicationListener<ApplicationEvent> {

	private final DefaultMtlsClients clients;

	private final Clock clock;

	private final Map<String, Counter> reloadCounters = new ConcurrentHashMap<>();

	MtlsClientMeterBinder(DefaultMtlsClients clients, Clock clock) {
		this.clients = clients;
		this.clock = clock;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		for (String name : this.clients.names()) {
			ManagedMtlsClient client = this.clients.client(name);
			Tags tags = Tags.of("client", name);
			Gauge.builder("mtls.client.certificate.expiry", () -> certificateSecondsLeft(client.status()))
				.tags(tags)
				.baseUnit("seconds")
				.description("Time until the certificate the client presents expires")
				.register(registry);
			Gauge.builder("mtls.client.trust.expiry", () -> trustSecondsLeft(client.status()))
				.tags(tags)
				.baseUnit("seconds")
				.description("Time until the first of the client's configured trust anchors expires")
				.register(registry);
			FunctionCounter.builder("mtls.client.handshakes", client.tls(), (tls) -> tls.handshakeCount())
				.tags(tags)
				.description("Full TLS handshakes the client has made")
				.register(registry);
			for (String result : new String[] { "success", "failure" }) {
				this.reloadCounters.put(name + "/" + result, Counter.builder("mtls.client.reloads")
					.tags(tags.and("result", result))
					.description("Reloads of the client's TLS material")
					.register(registry));
			}
			new PoolingHttpClientConnectionManagerMetricsBinder(client.http().pool(), name, tags).bindTo(registry);
		}
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

}
