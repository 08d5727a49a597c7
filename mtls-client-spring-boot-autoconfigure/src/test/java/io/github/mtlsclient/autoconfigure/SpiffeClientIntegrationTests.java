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

import java.math.BigInteger;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import javax.net.ssl.X509TrustManager;

import io.github.mtlsclient.MtlsClientStatus;
import io.github.mtlsclient.MtlsClients;
import io.github.mtlsclient.MtlsMaterialReloadFailedEvent;
import io.github.mtlsclient.MtlsMaterialReloadedEvent;
import io.github.mtlsclient.MtlsWebClients;
import io.github.mtlsclient.actuate.MtlsClientHealthIndicator;
import io.github.mtlsclient.actuate.MtlsClientMeterBinder;
import io.github.mtlsclient.testsupport.ConcurrentLoad;
import io.github.mtlsclient.testsupport.IssuedCertificate;
import io.github.mtlsclient.testsupport.MtlsFixture;
import io.github.mtlsclient.testsupport.RecordedRequest;
import io.github.mtlsclient.testsupport.RecordingMtlsServer;
import io.github.mtlsclient.testsupport.RecordingMtlsServer.Response;
import io.github.mtlsclient.testsupport.SpiffeTrustDomain;
import io.github.mtlsclient.testsupport.WorkloadApiServer;
import io.github.mtlsclient.testsupport.WorkloadApiServer.Svid;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * Clients whose identity comes from the SPIFFE Workload API: a Workload API on a Unix
 * socket issues the client's X.509-SVIDs and bundles, and real mTLS servers that present
 * SVIDs themselves authorize the client by the SPIFFE ID they see.
 *
 * @author mtls-client-spring-boot authors
 */
class SpiffeClientIntegrationTests {

	private static final String CHECKOUT = "spiffe://example.org/checkout";

	private static final String PAYMENTS = "spiffe://example.org/payments";

	@TempDir
	Path dir;

	private final SpiffeTrustDomain domain = SpiffeTrustDomain.create("example.org");

	private final SpiffeTrustDomain partner = SpiffeTrustDomain.create("partner.test");

	private final List<RecordingMtlsServer> servers = new ArrayList<>();

	private final List<MtlsMaterialReloadedEvent> reloads = new CopyOnWriteArrayList<>();

	private final List<MtlsMaterialReloadFailedEvent> failures = new CopyOnWriteArrayList<>();

	private WorkloadApiServer agent;

	private @Nullable ConcurrentLoad load;

	private IssuedCertificate firstSvid;

	@BeforeEach
	void startAgent() {
		this.agent = WorkloadApiServer.start(this.dir.resolve("agent.sock"));
		this.firstSvid = this.domain.issueSvid("checkout", Duration.ofMinutes(10));
		this.agent.update(Svid.of(this.domain, "checkout", this.firstSvid), this.domain, this.partner);
	}

	@AfterEach
	void stop() {
		if (this.load != null) {
			this.load.close();
		}
		this.servers.forEach(RecordingMtlsServer::close);
		this.agent.close();
	}

	@Test
	void aCallIsAuthorizedByTheClientsSpiffeIdAndTheServerIsCheckedByItsOwn() {
		RecordingMtlsServer server = server(this.domain, "payments");
		runner().withPropertyValues(client("payments", server, "spiffe.server-ids=" + PAYMENTS)).run((context) -> {
			RestClient client = context.getBean(MtlsClients.class).restClient("payments");
			assertThat(client.get().uri("/charges").retrieve().body(String.class)).isEqualTo("hello " + CHECKOUT);
			RecordedRequest request = server.takeRequest();
			assertThat(spiffeId(request.peerCertificate())).isEqualTo(CHECKOUT);
			assertThat(request.peerCertificate().getSerialNumber()).isEqualTo(this.firstSvid.serialNumber());
			assertThat(server.handshakeCount()).isEqualTo(1);
			assertThat(context.getBean(MtlsClients.class).certificate("payments").serialNumber())
				.isEqualTo(this.firstSvid.serialNumber().toString(16));
			assertThat(this.agent.openStreamCount()).isEqualTo(1);
		});
		// The client's stream to the agent closes with the client.
		await().atMost(Duration.ofSeconds(10)).until(() -> this.agent.openStreamCount() == 0);
	}

	@Test
	void aServerWithAnotherSpiffeIdOrNoSpiffeIdIsRefused() {
		RecordingMtlsServer payments = server(this.domain, "payments");
		IssuedCertificate dnsOnly = this.domain.ca().issueServer("127.0.0.1", "localhost", "127.0.0.1");
		RecordingMtlsServer notAnSvid = start(RecordingMtlsServer.builder(dnsOnly.privateKey(), dnsOnly.chain())
			.trustedClientCas(this.domain.caCertificate()));
		runner().withPropertyValues(client("ledger", payments, "spiffe.server-ids=spiffe://example.org/ledger"))
			.withPropertyValues(client("plain", notAnSvid, "spiffe.server-trust-domain=example.org"))
			.run((context) -> {
				MtlsClients clients = context.getBean(MtlsClients.class);
				assertThat(catchThrowable(() -> clients.restClient("ledger").get().uri("/").retrieve().toBodilessEntity()))
					.hasMessageContaining("mTLS client 'ledger': the server at " + payments.baseUrl()
							+ " failed the SPIFFE check: The server presented SPIFFE ID " + PAYMENTS
							+ ", but the client accepts one of spiffe.server-ids [spiffe://example.org/ledger]. "
							+ "Check mtls.clients.ledger.spiffe.server-ids");
				assertThat(catchThrowable(() -> clients.restClient("plain").get().uri("/").retrieve().toBodilessEntity()))
					.hasStackTraceContaining("is no X.509-SVID: it has 0 URI names");
				assertThat(payments.requests()).isEmpty();
				assertThat(notAnSvid.requests()).isEmpty();
			});
	}

	@Test
	void aServerOfAFederatedTrustDomainIsAcceptedThroughItsBundle() {
		RecordingMtlsServer partnerServer = server(this.partner, "billing");
		runner().withPropertyValues(client("billing", partnerServer, "spiffe.server-trust-domain=partner.test"))
			.run((context) -> {
				RestClient client = context.getBean(MtlsClients.class).restClient("billing");
				assertThat(client.get().uri("/").retrieve().body(String.class)).isEqualTo("hello " + CHECKOUT);
				// Without the federated bundle, the same server is refused.
				this.agent.update(Svid.of(this.domain, "checkout", this.firstSvid), this.domain);
				await().atMost(Duration.ofSeconds(20)).until(() -> context.getBean(MtlsClients.class)
					.status("billing")
					.trustAnchors()
					.size() == 1);
				assertThat(catchThrowable(() -> client.get().uri("/").retrieve().body(String.class)))
					.hasStackTraceContaining("of trust domain 'partner.test', for which the Workload API sent no bundle");
			});
	}

	@Test
	void noSocketAtStartupFailsWithAReport() {
		String missing = "unix:" + this.dir.resolve("nowhere/agent.sock");
		runner().withPropertyValues("mtls.clients.payments.base-url=https://127.0.0.1:1",
				"mtls.clients.payments.spiffe.enabled=true", "mtls.clients.payments.spiffe.socket=" + missing,
				"mtls.clients.payments.spiffe.server-ids=" + PAYMENTS, "mtls.clients.payments.spiffe.initial-timeout=1s")
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = new InvalidMtlsClientFailureAnalyzer().analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("mTLS client 'payments' cannot be used",
						"Property: mtls.clients.payments.spiffe.socket", "Location: " + missing,
						"No X.509-SVID arrived within spiffe.initial-timeout (PT1S): there is no socket at "
								+ this.dir.resolve("nowhere/agent.sock"));
				assertThat(analysis.getAction()).contains("Start the SPIRE agent", "SPIFFE_ENDPOINT_SOCKET");
			});
	}

	@Test
	void withoutJavaSpiffeOnlyASpiffeClientFailsAndSaysWhatToAdd() {
		RecordingMtlsServer server = server(this.domain, "payments");
		runner().withClassLoader(new FilteredClassLoader("io.spiffe.", "io.grpc."))
			.withPropertyValues(client("payments", server, "spiffe.server-ids=" + PAYMENTS))
			.run((context) -> {
				FailureAnalysis analysis = new InvalidMtlsClientFailureAnalyzer().analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("Property: mtls.clients.payments.spiffe.enabled",
						"java-spiffe or its gRPC transport is not on the class path");
				assertThat(analysis.getAction()).contains("io.spiffe:java-spiffe-core", "io.spiffe:grpc-netty-linux");
			});
		MtlsFixture files = new MtlsFixture(this.dir.resolve("files"));
		RecordingMtlsServer fileServer = start(files.serverBuilder());
		MtlsFixture.contextRunner()
			.withClassLoader(new FilteredClassLoader("io.spiffe.", "io.grpc."))
			.withPropertyValues(files.clientProperties("files", fileServer))
			.run((context) -> assertThat(context.getBean(MtlsClients.class)
				.restClient("files")
				.get()
				.uri("/")
				.retrieve()
				.toBodilessEntity()
				.getStatusCode()
				.value()).isEqualTo(200));
	}

	@Test
	void aWorkloadWithoutIdentityFailsWithAReport() {
		this.agent.update(List.of(), Map.of());
		runner().withPropertyValues(client("payments", server(this.domain, "payments"), "spiffe.server-ids=" + PAYMENTS,
				"spiffe.initial-timeout=2s"))
			.run((context) -> {
				FailureAnalysis analysis = new InvalidMtlsClientFailureAnalyzer().analyze(context.getStartupFailure());
				assertThat(analysis.getDescription())
					.contains("the Workload API issued no X.509-SVID for this workload");
				assertThat(analysis.getAction()).contains("Register the workload");
			});
	}

	@Test
	void tenRotationsPushedEverySecondUnder16ConcurrentRequestsFailNoRequest() throws Exception {
		RecordingMtlsServer server = server(this.domain, "payments");
		runner().withPropertyValues(client("payments", server, "spiffe.server-ids=" + PAYMENTS)).run((context) -> {
			RestClient client = context.getBean(MtlsClients.class).restClient("payments");
			AtomicLong sequence = new AtomicLong();
			this.load = ConcurrentLoad.start(16, () -> {
				long seq = sequence.incrementAndGet();
				if (seq % 2 == 0) {
					client.post().uri("/orders").header("X-Seq", Long.toString(seq)).retrieve().body(String.class);
				}
				else {
					client.get().uri("/").header("X-Seq", Long.toString(seq)).retrieve().body(String.class);
				}
			});
			List<BigInteger> serials = new CopyOnWriteArrayList<>();
			// The agent pushes a new SVID every second, as a SPIRE agent with a very short TTL.
			ScheduledExecutorService agentClock = Executors.newSingleThreadScheduledExecutor();
			agentClock.scheduleAtFixedRate(() -> {
				if (serials.size() < 10) {
					IssuedCertificate next = this.domain.issueSvid("checkout", Duration.ofMinutes(10));
					serials.add(next.serialNumber());
					this.agent.update(Svid.of(this.domain, "checkout", next), this.domain);
				}
			}, 1, 1, TimeUnit.SECONDS);
			await().atMost(Duration.ofSeconds(60)).until(() -> this.reloads.size() == 10);
			agentClock.shutdown();
			BigInteger last = serials.get(serials.size() - 1);
			await().atMost(Duration.ofSeconds(20))
				.until(() -> server.requests()
					.stream()
					.filter((request) -> request.peerCertificate().getSerialNumber().equals(last))
					.count() > 100);
			assertThat(this.load.stop()).isZero();
			Map<Long, List<RecordedRequest>> bySeq = server.requests()
				.stream()
				.collect(Collectors.groupingBy((request) -> Long.parseLong(request.header("X-Seq"))));
			assertThat(bySeq).allSatisfy((seq, requests) -> assertThat(requests).as("request " + seq).hasSize(1));
			assertThat(server.requests()).allSatisfy(
					(request) -> assertThat(spiffeId(request.peerCertificate())).isEqualTo(CHECKOUT));
			// Every request presented one of the SVIDs the agent issued, and the last one reached the wire.
			List<BigInteger> issued = new ArrayList<>(serials);
			issued.add(this.firstSvid.serialNumber());
			assertThat(server.requests()).allSatisfy((request) -> assertThat(issued)
				.contains(request.peerCertificate().getSerialNumber()));
			assertThat(this.reloads).hasSize(10);
			assertThat(this.reloads.get(9).getSerialNumber()).isEqualTo(last.toString(16));
		});
	}

	@Test
	void anSvidThatIsNotWhatItSaysIsRefusedAndTheLastGoodStaysInUse() {
		RecordingMtlsServer server = server(this.domain, "payments");
		List<MtlsMaterialReloadFailedEvent> failed = this.failures;
		runner().withPropertyValues(client("payments", server, "spiffe.server-ids=" + PAYMENTS)).run((context) -> {
			RestClient client = context.getBean(MtlsClients.class).restClient("payments");
			// Issued by another trust domain's CA for an ID of this one.
			IssuedCertificate foreign = this.partner.ca()
				.leaf("checkout")
				.subjectAltNames(CHECKOUT)
				.clientAuth()
				.serverAuth()
				.issue();
			this.agent.update(Svid.of(this.domain, "checkout", foreign), this.domain);
			await().atMost(Duration.ofSeconds(20)).until(() -> failed.size() == 1);
			assertThat(failed.get(0).getCause())
				.hasMessageContaining("does not lead to the bundle of its trust domain");
			// Its certificate names another workload than the ID it came with.
			IssuedCertificate other = this.domain.issueSvid("other", Duration.ofMinutes(10));
			this.agent.update(Svid.of(this.domain, "checkout", other), this.domain);
			await().atMost(Duration.ofSeconds(20)).until(() -> failed.size() == 2);
			assertThat(failed.get(1).getCause()).hasMessageContaining("instead of that one SPIFFE ID");
			server.closeConnections();
			assertThat(client.get().uri("/").retrieve().body(String.class)).isEqualTo("hello " + CHECKOUT);
			assertThat(server.lastRequest().peerCertificate().getSerialNumber())
				.isEqualTo(this.firstSvid.serialNumber());
			assertThat(this.reloads).isEmpty();
		});
	}

	@Test
	void theClientsSslBundleChecksServersBySpiffeIdAndHoldsNoFlatTrustStore() {
		RecordingMtlsServer server = server(this.domain, "payments");
		runner().withPropertyValues(client("payments", server, "spiffe.server-ids=" + PAYMENTS)).run((context) -> {
			SslBundle bundle = context.getBean(MtlsClients.class).sslBundle("payments");
			assertThat(bundle.getStores().getTrustStore()).isNull();
			assertThat(bundle.getStores().getKeyStore().getCertificate("mtls-client")).isEqualTo(this.firstSvid.certificate());
			X509TrustManager trustManager = (X509TrustManager) bundle.getManagers().getTrustManagers()[0];
			trustManager.checkServerTrusted(
					new X509Certificate[] { this.domain.issueSvid("payments", Duration.ofMinutes(5)).certificate() }, "EC");
			assertThatExceptionOfType(CertificateException.class).isThrownBy(() -> trustManager.checkServerTrusted(
					new X509Certificate[] { this.domain.issueSvid("intruder", Duration.ofMinutes(5)).certificate() }, "EC"));
		});
	}

	@Test
	void anUnusableUpdateIsRefusedAndTheLastGoodSvidStaysInUse() {
		RecordingMtlsServer server = server(this.domain, "payments");
		List<MtlsMaterialReloadFailedEvent> failed = this.failures;
		runner().withPropertyValues(client("payments", server, "spiffe.server-ids=" + PAYMENTS)).run((context) -> {
			RestClient client = context.getBean(MtlsClients.class).restClient("payments");
			IssuedCertificate expired = this.domain.issueSvid("checkout", Duration.ofSeconds(-30));
			this.agent.update(Svid.of(this.domain, "checkout", expired), this.domain);
			await().atMost(Duration.ofSeconds(20)).until(() -> failed.size() == 1);
			assertThat(failed.get(0).getCause()).hasMessageContaining("mtls.clients.payments.spiffe.socket")
				.hasMessageContaining("expired");
			server.closeConnections();
			assertThat(client.get().uri("/").retrieve().body(String.class)).isEqualTo("hello " + CHECKOUT);
			assertThat(server.lastRequest().peerCertificate().getSerialNumber())
				.isEqualTo(this.firstSvid.serialNumber());
			IssuedCertificate next = this.domain.issueSvid("checkout", Duration.ofMinutes(10));
			this.agent.update(Svid.of(this.domain, "checkout", next), this.domain);
			await().atMost(Duration.ofSeconds(20)).until(() -> this.reloads.size() == 1);
			assertThat(client.get().uri("/").retrieve().body(String.class)).isEqualTo("hello " + CHECKOUT);
			assertThat(server.lastRequest().peerCertificate().getSerialNumber()).isEqualTo(next.serialNumber());
		});
	}

	@Test
	void anAgentThatGoesAwayLeavesTheLastSvidInUseAndTheNextRotationArrivesAfterItsReturn() {
		RecordingMtlsServer server = server(this.domain, "payments");
		runner().withPropertyValues(client("payments", server, "spiffe.server-ids=" + PAYMENTS)).run((context) -> {
			RestClient client = context.getBean(MtlsClients.class).restClient("payments");
			assertThat(client.get().uri("/").retrieve().body(String.class)).isEqualTo("hello " + CHECKOUT);
			this.agent.stop();
			// New connections too: the server drops the pooled one.
			server.closeConnections();
			for (int i = 0; i < 5; i++) {
				assertThat(client.get().uri("/").retrieve().body(String.class)).isEqualTo("hello " + CHECKOUT);
			}
			assertThat(server.requests()).allSatisfy((request) -> assertThat(
					request.peerCertificate().getSerialNumber()).isEqualTo(this.firstSvid.serialNumber()));
			// Health: the agent shows as unreachable, but only an expired SVID is DOWN.
			MtlsClients clients = context.getBean(MtlsClients.class);
			await().atMost(Duration.ofSeconds(10)).until(() -> !clients.status("payments").spiffe().agentConnected());
			MtlsClientStatus.Spiffe spiffe = clients.status("payments").spiffe();
			assertThat(spiffe.spiffeId()).isEqualTo(CHECKOUT);
			assertThat(spiffe.trustDomains()).containsExactly("example.org", "partner.test");
			assertThat(spiffe.socket()).isEqualTo(this.agent.address());
			assertThat(spiffe.agentProblem()).isNotBlank();
			Health health = new MtlsClientHealthIndicator(clients, "payments", Duration.ofDays(14), Clock.systemUTC())
				.health();
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(health.getDetails()).containsKey("spiffe");
			SimpleMeterRegistry meters = new SimpleMeterRegistry();
			new MtlsClientMeterBinder(clients, Clock.systemUTC()).bindTo(meters);
			assertThat(meters.get("mtls.client.spiffe.agent.connected").tag("client", "payments").gauge().value())
				.isZero();
			Clock afterExpiry = Clock.fixed(this.firstSvid.certificate().getNotAfter().toInstant().plusSeconds(1),
					ZoneOffset.UTC);
			assertThat(new MtlsClientHealthIndicator(clients, "payments", Duration.ofDays(14), afterExpiry).health()
				.getStatus()).isEqualTo(Status.DOWN);
			IssuedCertificate next = this.domain.issueSvid("checkout", Duration.ofMinutes(10));
			this.agent.update(Svid.of(this.domain, "checkout", next), this.domain, this.partner);
			this.agent.start();
			await().atMost(Duration.ofSeconds(30)).until(() -> this.reloads.size() == 1);
			assertThat(clients.status("payments").spiffe().agentConnected()).isTrue();
			assertThat(meters.get("mtls.client.spiffe.agent.connected").tag("client", "payments").gauge().value())
				.isOne();
			assertThat(client.get().uri("/").retrieve().body(String.class)).isEqualTo("hello " + CHECKOUT);
			assertThat(server.lastRequest().peerCertificate().getSerialNumber()).isEqualTo(next.serialNumber());
			assertThat(this.agent.fetchCount()).isGreaterThanOrEqualTo(2);
		});
	}

	@Test
	void aBundleRotationTrustsTheNewCaAndThenNoLongerTheOld() {
		SpiffeTrustDomain rotated = this.domain.withNewCa();
		RecordingMtlsServer oldServer = server(this.domain, "payments");
		RecordingMtlsServer newServer = start(builder(rotated, "payments").trustedClientCas(this.domain.caCertificate(),
				rotated.caCertificate()));
		runner().withPropertyValues(client("old", oldServer, "spiffe.server-ids=" + PAYMENTS))
			.withPropertyValues(client("new", newServer, "spiffe.server-ids=" + PAYMENTS))
			.run((context) -> {
				MtlsClients clients = context.getBean(MtlsClients.class);
				assertThat(call(clients, "old")).isEqualTo("hello " + CHECKOUT);
				assertThat(catchThrowable(() -> call(clients, "new"))).isNotNull();
				// Both CAs in the bundle: both servers accepted.
				this.agent.update(List.of(Svid.of(this.domain, "checkout", this.firstSvid)),
						Map.of("example.org", List.of(this.domain.caCertificate(), rotated.caCertificate())));
				await().atMost(Duration.ofSeconds(20)).until(() -> this.reloads.size() == 2);
				assertThat(call(clients, "old")).isEqualTo("hello " + CHECKOUT);
				assertThat(call(clients, "new")).isEqualTo("hello " + CHECKOUT);
				// The old CA removed, the SVID issued by the new one.
				IssuedCertificate renewed = rotated.issueSvid("checkout", Duration.ofMinutes(10));
				this.agent.update(List.of(Svid.of(rotated, "checkout", renewed)),
						Map.of("example.org", List.of(rotated.caCertificate())));
				await().atMost(Duration.ofSeconds(20)).until(() -> this.reloads.size() == 4);
				assertThat(catchThrowable(() -> call(clients, "old"))).hasStackTraceContaining(
						"does not lead to the bundle of its trust domain");
				assertThat(call(clients, "new")).isEqualTo("hello " + CHECKOUT);
				assertThat(newServer.lastRequest().peerCertificate().getSerialNumber())
					.isEqualTo(renewed.serialNumber());
			});
	}

	@Test
	void aWebClientIsAuthorizedBySpiffeIdAndFollowsARotation() {
		RecordingMtlsServer server = server(this.domain, "payments");
		runner().withConfiguration(
				AutoConfigurations.of(WebClientAutoConfiguration.class, MtlsWebClientAutoConfiguration.class))
			.withPropertyValues(client("payments", server, "spiffe.server-ids=" + PAYMENTS))
			.withPropertyValues(client("ledger", server, "spiffe.server-ids=spiffe://example.org/ledger"))
			.run((context) -> {
				WebClient client = context.getBean(MtlsWebClients.class).webClient("payments");
				assertThat(client.get().uri("/").retrieve().bodyToMono(String.class).block(Duration.ofSeconds(10)))
					.isEqualTo("hello " + CHECKOUT);
				IssuedCertificate next = this.domain.issueSvid("checkout", Duration.ofMinutes(10));
				this.agent.update(Svid.of(this.domain, "checkout", next), this.domain);
				await().atMost(Duration.ofSeconds(20)).until(() -> this.reloads.size() == 2);
				assertThat(client.post().uri("/").retrieve().bodyToMono(String.class).block(Duration.ofSeconds(10)))
					.isEqualTo("hello " + CHECKOUT);
				assertThat(server.lastRequest().peerCertificate().getSerialNumber()).isEqualTo(next.serialNumber());
				// The same server refused where another SPIFFE ID is expected.
				assertThat(catchThrowable(() -> context.getBean(MtlsWebClients.class)
					.webClient("ledger")
					.get()
					.uri("/")
					.retrieve()
					.toBodilessEntity()
					.block(Duration.ofSeconds(10)))).hasStackTraceContaining("The server presented SPIFFE ID " + PAYMENTS);
			});
	}

	private String call(MtlsClients clients, String name) {
		return clients.restClient(name).get().uri("/").retrieve().body(String.class);
	}

	private ApplicationContextRunner runner() {
		return MtlsFixture.contextRunner().withInitializer((context) -> context.addApplicationListener((event) -> {
			if (event instanceof MtlsMaterialReloadedEvent reloaded) {
				this.reloads.add(reloaded);
			}
			if (event instanceof MtlsMaterialReloadFailedEvent failure) {
				this.failures.add(failure);
			}
		}));
	}

	private String[] client(String name, RecordingMtlsServer server, String... more) {
		String prefix = "mtls.clients." + name + ".";
		List<String> properties = new ArrayList<>(List.of(prefix + "base-url=" + server.baseUrl(),
				prefix + "spiffe.enabled=true", prefix + "spiffe.socket=" + this.agent.address()));
		for (String property : more) {
			properties.add(prefix + property);
		}
		return properties.toArray(String[]::new);
	}

	/**
	 * A server presenting an SVID of the domain, trusting the client's domain, answering
	 * only the checkout workload.
	 */
	private RecordingMtlsServer server(SpiffeTrustDomain serverDomain, String path) {
		return start(builder(serverDomain, path).trustedClientCas(this.domain.caCertificate()));
	}

	private RecordingMtlsServer.Builder builder(SpiffeTrustDomain serverDomain, String path) {
		IssuedCertificate svid = serverDomain.issueSvid(path, Duration.ofHours(1));
		return RecordingMtlsServer.builder(svid.privateKey(), svid.chain())
			.handler((request) -> CHECKOUT.equals(spiffeId(request.peerCertificate()))
					? Response.ok("hello " + CHECKOUT) : Response.status(403));
	}

	private RecordingMtlsServer start(RecordingMtlsServer.Builder builder) {
		RecordingMtlsServer server = builder.start();
		this.servers.add(server);
		return server;
	}

	private static @Nullable String spiffeId(@Nullable X509Certificate certificate) {
		if (certificate == null) {
			return null;
		}
		try {
			Collection<List<?>> names = certificate.getSubjectAlternativeNames();
			return (names != null) ? names.stream()
				.filter((name) -> Integer.valueOf(6).equals(name.get(0)))
				.map((name) -> (String) name.get(1))
				.findFirst()
				.orElse(null) : null;
		}
		catch (CertificateParsingException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
