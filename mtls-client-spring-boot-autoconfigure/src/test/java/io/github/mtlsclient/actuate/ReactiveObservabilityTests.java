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

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.github.mtlsclient.MtlsClientStatus;
import io.github.mtlsclient.MtlsClients;
import io.github.mtlsclient.MtlsWebClients;
import io.github.mtlsclient.actuate.MtlsClientDescriptor.TransportDescriptor;
import io.github.mtlsclient.autoconfigure.MtlsClientActuatorAutoConfiguration;
import io.github.mtlsclient.autoconfigure.MtlsWebClientAutoConfiguration;
import io.github.mtlsclient.testsupport.IssuedCertificate;
import io.github.mtlsclient.testsupport.KeyFormat;
import io.github.mtlsclient.testsupport.MtlsFixture;
import io.github.mtlsclient.testsupport.RecordingMtlsServer;
import io.github.mtlsclient.testsupport.RecordingMtlsServer.Response;
import io.github.mtlsclient.testsupport.TestFiles;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code WebClient}'s transport shows beside the {@code RestClient}'s in the
 * {@code mtls} endpoint and the metrics, tagged {@code reactor-netty}: its handshakes are
 * those the server saw, its pool holds the connection of a request the server keeps
 * open, and the {@code RestClient}'s numbers stay its own.
 *
 * @author mtls-client-spring-boot authors
 */
class ReactiveObservabilityTests {

	private static final Duration PATIENCE = Duration.ofSeconds(20);

	@TempDir
	Path dir;

	private MtlsFixture pki;

	private RecordingMtlsServer server;

	private final CountDownLatch heldArrived = new CountDownLatch(1);

	private final CountDownLatch releaseHeld = new CountDownLatch(1);

	private ApplicationContextRunner runner;

	@BeforeEach
	void setUp() {
		this.pki = new MtlsFixture(this.dir);
		this.server = this.pki.serverBuilder().handler((request) -> {
			if (request.path().equals("/held")) {
				this.heldArrived.countDown();
				awaitRelease();
				return Response.ok("released");
			}
			return Response.ok("ok");
		}).start();
		this.runner = MtlsFixture.contextRunner()
			.withConfiguration(AutoConfigurations.of(WebClientAutoConfiguration.class,
					MtlsWebClientAutoConfiguration.class, MtlsClientActuatorAutoConfiguration.class,
					MetricsAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class))
			.withPropertyValues(this.pki.clientProperties("api", this.server))
			.withPropertyValues("management.endpoints.web.exposure.include=mtls", "mtls.clients.api.reload.enabled=false");
	}

	@AfterEach
	void tearDown() {
		this.releaseHeld.countDown();
		this.server.close();
	}

	@Test
	void handshakesOfEachTransportAreThoseTheServerSawAndTaggedWithTheTransport() {
		this.runner.run((context) -> {
			WebClient webClient = context.getBean(MtlsWebClients.class).webClient("api");
			for (int i = 0; i < 4; i++) {
				// A new connection, and so a new handshake, each time.
				assertThat(webClient.get().uri("/").header("Connection", "close").retrieve().bodyToMono(String.class)
					.block(PATIENCE)).isEqualTo("ok");
			}
			webClient.get().uri("/").retrieve().bodyToMono(String.class).block(PATIENCE);
			assertThat(this.server.handshakeCount()).isEqualTo(5);
			MtlsClientDescriptor described = endpoint(context).clients().clients().get("api");
			assertThat(described.transports()).containsOnlyKeys("http-client", "reactor-netty");
			assertThat(described.transports().get("reactor-netty").handshakes()).isEqualTo(5);
			assertThat(described.transports().get("http-client").handshakes()).isZero();
			// The RestClient's numbers stay where they were.
			assertThat(described.handshakes()).isZero();

			context.getBean(MtlsClients.class).restClient("api").get().uri("/").retrieve().toBodilessEntity();
			assertThat(this.server.handshakeCount()).isEqualTo(6);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(handshakes(registry, "reactor-netty")).isEqualTo(5);
			assertThat(handshakes(registry, "http-client")).isEqualTo(1);
			assertThat(endpoint(context).clients().clients().get("api").handshakes()).isEqualTo(1);
			assertThat(registry.get("httpcomponents.httpclient.pool.total.max")
				.tags("client", "api", "transport", "http-client")
				.gauge()
				.value()).isEqualTo(20);
		});
	}

	@Test
	void aRequestTheServerHoldsIsALeasedConnectionOfTheReactivePool() {
		this.runner.withPropertyValues("mtls.clients.api.pool.max-connections=3").run((context) -> {
			WebClient webClient = context.getBean(MtlsWebClients.class).webClient("api");
			assertThat(reactivePool(context)).isEqualTo(new MtlsClientStatus.Pool(0, 0, 0, 3));
			Mono<String> held = webClient.get().uri("/held").retrieve().bodyToMono(String.class).cache();
			held.subscribe();
			assertThat(this.heldArrived.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();

			assertThat(reactivePool(context)).isEqualTo(new MtlsClientStatus.Pool(1, 0, 0, 3));
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(poolGauge(registry, "mtls.client.pool.connections", "reactor-netty", "leased")).isEqualTo(1);
			assertThat(poolGauge(registry, "mtls.client.pool.connections", "http-client", "leased")).isZero();
			assertThat(registry.get("mtls.client.pool.max").tags("client", "api", "transport", "reactor-netty")
				.gauge()
				.value()).isEqualTo(3);

			this.releaseHeld.countDown();
			assertThat(held.block(PATIENCE)).isEqualTo("released");
			await().atMost(PATIENCE)
				.untilAsserted(() -> assertThat(reactivePool(context)).isEqualTo(new MtlsClientStatus.Pool(0, 1, 0, 3)));
			assertThat(poolGauge(registry, "mtls.client.pool.connections", "reactor-netty", "idle")).isEqualTo(1);
			assertThat(this.server.handshakeCount()).isEqualTo(1);
		});
	}

	@Test
	void afterAReloadThePoolOfTheNewIdentityIsShownAndTheHeldRequestOfTheOldOneStillEndsWell() {
		this.runner.run((context) -> {
			WebClient webClient = context.getBean(MtlsWebClients.class).webClient("api");
			Mono<String> held = webClient.get().uri("/held").retrieve().bodyToMono(String.class).cache();
			held.subscribe();
			assertThat(this.heldArrived.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
			assertThat(reactivePool(context).leased()).isEqualTo(1);
			IssuedCertificate rotated = this.pki.clientCa.issueClient("rotated");
			TestFiles.overwrite(this.pki.clientCertificateFile, rotated.certificatePem());
			TestFiles.overwrite(this.pki.clientKeyFile, rotated.privateKeyPem(KeyFormat.PKCS8));
			context.getBean(MtlsClients.class).reload("api");
			// The draining connection of the first identity is not counted.
			assertThat(reactivePool(context)).isEqualTo(new MtlsClientStatus.Pool(0, 0, 0, 20));
			this.releaseHeld.countDown();
			assertThat(held.block(PATIENCE)).isEqualTo("released");
			assertThat(webClient.get().uri("/").retrieve().bodyToMono(String.class).block(PATIENCE)).isEqualTo("ok");
			assertThat(this.server.lastRequest().peerCertificate().getSerialNumber()).isEqualTo(rotated.serialNumber());
			await().atMost(PATIENCE)
				.untilAsserted(() -> assertThat(reactivePool(context)).isEqualTo(new MtlsClientStatus.Pool(0, 1, 0, 20)));
			assertThat(endpoint(context).clients().clients().get("api").transports().get("reactor-netty").handshakes())
				.isEqualTo(this.server.handshakeCount())
				.isEqualTo(2);
		});
	}

	@Test
	void healthIsThatOfTheSharedIdentityWithTheWebClientPresent() {
		this.runner.run((context) -> {
			context.getBean(MtlsWebClients.class).webClient("api").get().uri("/").retrieve().toBodilessEntity()
				.block(PATIENCE);
			CompositeHealthContributor composite = context.getBean("mtlsHealthContributor",
					CompositeHealthContributor.class);
			Health health = ((HealthIndicator) composite.getContributor("api")).health();
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(health.getDetails().get("certificate"))
				.hasFieldOrPropertyWithValue("serialNumber", this.pki.client.serialNumber().toString(16));
			assertThat(this.server.lastRequest().peerCertificate().getSerialNumber())
				.isEqualTo(this.pki.client.serialNumber());
		});
	}

	private static MtlsClientStatus.Pool reactivePool(AssertableApplicationContext context) {
		TransportDescriptor transport = endpoint(context).clients().clients().get("api").transports().get("reactor-netty");
		return transport.pool();
	}

	private static double handshakes(MeterRegistry registry, String transport) {
		return registry.get("mtls.client.handshakes")
			.tags("client", "api", "transport", transport)
			.functionCounter()
			.count();
	}

	private static double poolGauge(MeterRegistry registry, String name, String transport, String state) {
		return registry.get(name).tags("client", "api", "transport", transport, "state", state).gauge().value();
	}

	private static MtlsEndpoint endpoint(AssertableApplicationContext context) {
		return context.getBean(MtlsEndpoint.class);
	}

	private void awaitRelease() {
		try {
			this.releaseHeld.await(PATIENCE.toSeconds(), TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
