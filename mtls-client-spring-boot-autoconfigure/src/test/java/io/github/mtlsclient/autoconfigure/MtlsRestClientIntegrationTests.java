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

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.net.ssl.SSLHandshakeException;

import io.github.mtlsclient.MtlsClients;
import io.github.mtlsclient.testsupport.CertificateAuthority;
import io.github.mtlsclient.testsupport.IssuedCertificate;
import io.github.mtlsclient.testsupport.KeyAlgorithm;
import io.github.mtlsclient.testsupport.KeyFormat;
import io.github.mtlsclient.testsupport.MtlsFixture;
import io.github.mtlsclient.testsupport.RecordedRequest;
import io.github.mtlsclient.testsupport.RecordedConnection;
import io.github.mtlsclient.testsupport.RecordingMtlsServer;
import io.github.mtlsclient.testsupport.RecordingMtlsServer.Response;
import io.github.mtlsclient.testsupport.StartedServers;
import io.github.mtlsclient.testsupport.TestPki;
import org.apache.hc.core5.http.ConnectionRequestTimeoutException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationContext;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Requests through the auto-configured clients against a real mutual-TLS server on
 * 127.0.0.1, asserting on what the server saw.
 *
 * @author mtls-client-spring-boot authors
 */
@ExtendWith(OutputCaptureExtension.class)
class MtlsRestClientIntegrationTests {

	@TempDir
	Path dir;

	private MtlsFixture pki;

	private ApplicationContextRunner runner;

	@RegisterExtension
	final StartedServers servers = new StartedServers();

	@BeforeEach
	void setUp() {
		this.pki = new MtlsFixture(this.dir);
		this.runner = MtlsFixture.contextRunner();
	}

	private static RestClient client(ApplicationContext context, String name) {
		return context.getBean(MtlsClients.class).restClient(name);
	}

	@ParameterizedTest(name = "{0} key as {1}")
	@CsvSource({ "EC, PKCS8", "RSA, PKCS8", "EC, ENCRYPTED_PKCS8", "RSA, ENCRYPTED_PKCS8", "RSA, PKCS1_RSA",
			"EC, SEC1_EC" })
	void presentsTheConfiguredCertificateWhateverTheKeyFormat(KeyAlgorithm algorithm, KeyFormat format) {
		RecordingMtlsServer server = this.servers.start(this.pki.serverBuilder());
		IssuedCertificate client = this.pki.clientCa.leaf("client-" + format)
			.keyAlgorithm(algorithm)
			.clientAuth()
			.issue();
		Path certificate = this.dir.resolve("c.crt");
		Path key = this.dir.resolve("c.key");
		client.writeCertificateChain(certificate);
		client.writePrivateKey(key, format, "s3cret");
		this.runner
			.withPropertyValues("mtls.clients.api.base-url=" + server.baseUrl(),
					"mtls.clients.api.certificate=file:" + certificate, "mtls.clients.api.private-key=" + key,
					"mtls.clients.api.private-key-password=s3cret",
					"mtls.clients.api.trust.certificates=" + this.pki.serverCaFile)
			.run((context) -> {
				String body = client(context, "api").get().uri("/hello").retrieve().body(String.class);
				assertThat(body).isEqualTo("ok");
				RecordedRequest request = server.takeRequest();
				assertThat(request.path()).isEqualTo("/hello");
				assertThat(request.peerCertificate().getSerialNumber()).isEqualTo(client.serialNumber());
			});
	}

	@Test
	void presentsTheIntermediateWithTheLeaf() {
		CertificateAuthority intermediate = this.pki.clientCa.intermediate("Client Issuing CA");
		IssuedCertificate client = intermediate.issueClient("chained-client");
		Path certificate = this.dir.resolve("chained.crt");
		Path key = this.dir.resolve("chained.key");
		client.writeCertificateChain(certificate);
		client.writePrivateKey(key, KeyFormat.PKCS8);
		// The server trusts only the root: without the intermediate the path cannot be built.
		RecordingMtlsServer server = this.servers.start(this.pki.serverBuilder());
		this.runner
			.withPropertyValues("mtls.clients.api.base-url=" + server.baseUrl(),
					"mtls.clients.api.certificate=" + certificate, "mtls.clients.api.private-key=" + key,
					"mtls.clients.api.trust.certificates=" + this.pki.serverCaFile)
			.run((context) -> {
				client(context, "api").get().uri("/").retrieve().toBodilessEntity();
				assertThat(server.connections().get(0).peerCertificates()).hasSize(2)
					.containsExactlyElementsOf(client.chain());
			});
	}

	@Test
	void serverNameIsSentAsSniAndVerifiedInsteadOfTheHostOfTheBaseUrl() {
		IssuedCertificate agent1 = this.pki.serverCa.issueServer("agent1", "agent1");
		RecordingMtlsServer server = this.servers.start(RecordingMtlsServer.builder(agent1.privateKey(), agent1.chain())
			.trustedClientCas(this.pki.clientCa.certificate()));
		this.runner.withPropertyValues(this.pki.clientProperties("agent", server))
			.withPropertyValues("mtls.clients.agent.server-name=agent1")
			.run((context) -> {
				client(context, "agent").get().uri("/").retrieve().toBodilessEntity();
				assertThat(server.connections()).singleElement()
					.satisfies((connection) -> assertThat(connection.sniHostName()).isEqualTo("agent1"));
			});
		this.runner.withPropertyValues(this.pki.clientProperties("agent", server))
			.run((context) -> assertThatExceptionOfType(ResourceAccessException.class)
				.isThrownBy(() -> client(context, "agent").get().uri("/").retrieve().toBodilessEntity())
				.withRootCauseInstanceOf(CertificateException.class)
				.withMessageContaining("127.0.0.1"));
	}

	@Test
	void aServerNameTheServerCertificateDoesNotCarryIsRefused() {
		// The certificate names localhost and 127.0.0.1, which the base URL uses; the
		// server-name, not the base URL, is what it is checked against.
		RecordingMtlsServer server = this.servers.start(this.pki.serverBuilder());
		this.runner.withPropertyValues(this.pki.clientProperties("api", server))
			.withPropertyValues("mtls.clients.api.server-name=elsewhere.internal")
			.run((context) -> assertThatExceptionOfType(ResourceAccessException.class)
				.isThrownBy(() -> client(context, "api").get().uri("/").retrieve().toBodilessEntity())
				.withCauseInstanceOf(SSLHandshakeException.class)
				.withRootCauseInstanceOf(CertificateException.class));
		assertThat(server.requests()).isEmpty();
		await().untilAsserted(() -> assertThat(server.failedHandshakeCount()).isEqualTo(1));
	}

	@Test
	void aDnsBaseUrlSendsItsHostAsSniAndAnIpLiteralSendsNone() {
		RecordingMtlsServer server = this.servers.start(this.pki.serverBuilder());
		this.runner.withPropertyValues(this.pki.clientProperties("api", "https://localhost:" + server.port()))
			.run((context) -> client(context, "api").get().uri("/").retrieve().toBodilessEntity());
		this.runner.withPropertyValues(this.pki.clientProperties("api", "https://127.0.0.1:" + server.port()))
			.run((context) -> client(context, "api").get().uri("/").retrieve().toBodilessEntity());
		assertThat(server.connections()).extracting(RecordedConnection::sniHostName).containsExactly("localhost", null);
	}

	@Test
	void verifyHostnameFalseAcceptsATrustedCertificateForAnotherName(CapturedOutput output) {
		IssuedCertificate agent1 = this.pki.serverCa.issueServer("agent1", "agent1");
		RecordingMtlsServer server = this.servers.start(RecordingMtlsServer.builder(agent1.privateKey(), agent1.chain())
			.trustedClientCas(this.pki.clientCa.certificate()));
		this.runner.withPropertyValues(this.pki.clientProperties("agent", server))
			.withPropertyValues("mtls.clients.agent.verify-hostname=false")
			.run((context) -> assertThat(
					client(context, "agent").get().uri("/").retrieve().toBodilessEntity().getStatusCode().value())
				.isEqualTo(200));
		assertThat(output).containsPattern("WARN .*mTLS client 'agent' does not verify the server's hostname");
	}

	@Test
	void verifyHostnameFalseStillRefusesAnUntrustedCertificate() {
		IssuedCertificate untrusted = TestPki.rootCa("Some Other CA").issueServer("agent1", "agent1");
		RecordingMtlsServer server = this.servers.start(RecordingMtlsServer.builder(untrusted.privateKey(), untrusted.chain())
			.trustedClientCas(this.pki.clientCa.certificate()));
		this.runner.withPropertyValues(this.pki.clientProperties("agent", server))
			.withPropertyValues("mtls.clients.agent.verify-hostname=false")
			.run((context) -> assertThatExceptionOfType(ResourceAccessException.class)
				.isThrownBy(() -> client(context, "agent").get().uri("/").retrieve().toBodilessEntity())
				.withCauseInstanceOf(SSLHandshakeException.class)
				.withRootCauseInstanceOf(CertPathBuilderException.class));
		assertThat(server.requests()).isEmpty();
		await().untilAsserted(() -> assertThat(server.failedHandshakeCount()).isEqualTo(1));
	}

	@Test
	void untrustedServerFailsTheHandshake() {
		CertificateAuthority otherCa = TestPki.rootCa("Some Other CA");
		IssuedCertificate impostor = otherCa.issueServer("localhost", "localhost", "127.0.0.1");
		RecordingMtlsServer server = this.servers.start(RecordingMtlsServer.builder(impostor.privateKey(), impostor.chain())
			.trustedClientCas(this.pki.clientCa.certificate()));
		this.runner.withPropertyValues(this.pki.clientProperties("api", server))
			.run((context) -> assertThatExceptionOfType(ResourceAccessException.class)
				.isThrownBy(() -> client(context, "api").get().uri("/").retrieve().toBodilessEntity())
				.withCauseInstanceOf(SSLHandshakeException.class));
		assertThat(server.requests()).isEmpty();
		await().untilAsserted(() -> assertThat(server.failedHandshakeCount()).isEqualTo(1));
	}

	@Test
	void withoutTrustCertificatesTheJdkDefaultsApplyAndATestCaIsNotTrusted() {
		RecordingMtlsServer server = this.servers.start(this.pki.serverBuilder());
		this.runner
			.withPropertyValues("mtls.clients.api.base-url=" + server.baseUrl(),
					"mtls.clients.api.certificate=" + this.pki.clientCertificateFile,
					"mtls.clients.api.private-key=" + this.pki.clientKeyFile)
			.run((context) -> assertThatExceptionOfType(ResourceAccessException.class)
				.isThrownBy(() -> client(context, "api").get().uri("/").retrieve().toBodilessEntity())
				.withCauseInstanceOf(SSLHandshakeException.class));
	}

	@Test
	void severalTrustFilesWithSeveralCasEachAreAllTrusted() {
		CertificateAuthority second = TestPki.rootCa("Second Server CA");
		CertificateAuthority third = TestPki.rootCa("Third Server CA");
		Path unrelated = this.dir.resolve("unrelated.pem");
		TestPki.writePemCertificates(unrelated, TestPki.rootCa("Unrelated CA").certificate());
		Path bundle = this.dir.resolve("ca-bundle.pem");
		TestPki.writePemCertificates(bundle, second.certificate(), third.certificate());
		IssuedCertificate fromThird = third.issueServer("localhost", "127.0.0.1");
		RecordingMtlsServer server = this.servers.start(RecordingMtlsServer.builder(fromThird.privateKey(), fromThird.chain())
			.trustedClientCas(this.pki.clientCa.certificate()));
		this.runner.withPropertyValues(this.pki.clientProperties("api", server))
			.withPropertyValues("mtls.clients.api.trust.certificates=" + unrelated + "," + bundle)
			.run((context) -> assertThat(
					client(context, "api").get().uri("/").retrieve().toBodilessEntity().getStatusCode().value())
				.isEqualTo(200));
	}

	@Test
	void insecureTrustAllAcceptsAnyServerAndWarnsNamingTheClient(CapturedOutput output) {
		IssuedCertificate impostor = TestPki.rootCa("Unknown CA").issueServer("elsewhere", "elsewhere");
		RecordingMtlsServer server = this.servers.start(RecordingMtlsServer.builder(impostor.privateKey(), impostor.chain())
			.trustedClientCas(this.pki.clientCa.certificate()));
		this.runner.withPropertyValues(this.pki.clientProperties("lab", server))
			.withPropertyValues("mtls.clients.lab.insecure-trust-all=true")
			.run((context) -> {
				client(context, "lab").get().uri("/").retrieve().toBodilessEntity();
				assertThat(server.takeRequest().peerCertificate().getSerialNumber())
					.isEqualTo(this.pki.client.serialNumber());
			});
		assertThat(output).containsPattern("WARN .*mTLS client 'lab' accepts any server certificate");
	}

	@Test
	void enabledProtocolsAndCipherSuitesAreUsed() {
		RecordingMtlsServer server = this.servers.start(this.pki.serverBuilder());
		String suite = "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256";
		this.runner.withPropertyValues(this.pki.clientProperties("api", server))
			.withPropertyValues("mtls.clients.api.protocols=TLSv1.2", "mtls.clients.api.cipher-suites=" + suite)
			.run((context) -> {
				client(context, "api").get().uri("/").retrieve().toBodilessEntity();
				assertThat(server.connections().get(0).protocol()).isEqualTo("TLSv1.2");
				assertThat(server.connections().get(0).cipherSuite()).isEqualTo(suite);
			});
	}

	@Test
	void defaultHeadersFromDefaultsAndClientAreSent() {
		RecordingMtlsServer server = this.servers.start(this.pki.serverBuilder());
		this.runner.withPropertyValues(this.pki.clientProperties("api", server))
			.withPropertyValues("mtls.defaults.default-headers.X-Team=checkout",
					"mtls.clients.api.default-headers.X-Client=api")
			.run((context) -> {
				client(context, "api").get().uri("/").retrieve().toBodilessEntity();
				RecordedRequest request = server.takeRequest();
				assertThat(request.header("X-Team")).isEqualTo("checkout");
				assertThat(request.header("X-Client")).isEqualTo("api");
			});
	}

	@Test
	void sameOriginRedirectIsFollowed() {
		RecordingMtlsServer server = this.servers.start(this.pki.serverBuilder()
			.handler((request) -> request.path().equals("/old") ? Response.redirect(302, "/new")
					: Response.ok("at " + request.path())));
		this.runner.withPropertyValues(this.pki.clientProperties("api", server)).run((context) -> {
			assertThat(client(context, "api").get().uri("/old").retrieve().body(String.class)).isEqualTo("at /new");
			assertThat(server.requests()).extracting(RecordedRequest::path).containsExactly("/old", "/new");
		});
	}

	@Test
	void redirectToAnotherOriginIsReturnedAndThatOriginSeesNoConnection() {
		RecordingMtlsServer elsewhere = this.servers.start(this.pki.serverBuilder());
		RecordingMtlsServer server = this.servers.start(
				this.pki.serverBuilder().handler((request) -> Response.redirect(307, elsewhere.baseUrl() + "/steal")));
		this.runner.withPropertyValues(this.pki.clientProperties("api", server)).run((context) -> {
			ResponseEntity<Void> response = client(context, "api").get().uri("/").retrieve().toBodilessEntity();
			assertThat(response.getStatusCode().value()).isEqualTo(307);
			assertThat(response.getHeaders().getLocation()).hasToString(elsewhere.baseUrl() + "/steal");
		});
		assertThat(elsewhere.handshakeCount()).isZero();
		assertThat(elsewhere.connections()).isEmpty();
		assertThat(elsewhere.failedHandshakeCount()).isZero();
	}

	@Test
	void redirectsNoneFollowsNothing() {
		RecordingMtlsServer server = this.servers.start(this.pki.serverBuilder()
			.handler((request) -> request.path().equals("/old") ? Response.redirect(302, "/new") : Response.ok("new")));
		this.runner.withPropertyValues(this.pki.clientProperties("api", server))
			.withPropertyValues("mtls.clients.api.redirects=none")
			.run((context) -> {
				ResponseEntity<Void> response = client(context, "api").get().uri("/old").retrieve().toBodilessEntity();
				assertThat(response.getStatusCode().value()).isEqualTo(302);
				assertThat(server.requests()).extracting(RecordedRequest::path).containsExactly("/old");
			});
	}

	@Test
	void absoluteUriToAnotherOriginIsRefusedBeforeAnyConnection() throws Exception {
		RecordingMtlsServer elsewhere = this.servers.start(this.pki.serverBuilder());
		RecordingMtlsServer server = this.servers.start(this.pki.serverBuilder());
		try (ServerSocket plain = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
			plain.setSoTimeout(500);
			this.runner.withPropertyValues(this.pki.clientProperties("api", server))
				.withPropertyValues("mtls.clients.api.default-headers.Authorization=Bearer s3cr3t")
				.run((context) -> {
					for (String uri : List.of(elsewhere.baseUrl() + "/x", "http://127.0.0.1:" + plain.getLocalPort() + "/x",
							"https://localhost:" + server.port() + "/x")) {
						assertThatExceptionOfType(ResourceAccessException.class)
							.isThrownBy(() -> client(context, "api").get().uri(uri).retrieve().toBodilessEntity())
							.withMessageContaining("mTLS client 'api' only sends requests to https://127.0.0.1:"
									+ server.port());
					}
				});
			assertThatExceptionOfType(SocketTimeoutException.class).isThrownBy(plain::accept);
		}
		assertThat(elsewhere.handshakeCount()).isZero();
		assertThat(elsewhere.failedHandshakeCount()).isZero();
		assertThat(server.requests()).isEmpty();
	}

	@Test
	void readTimeoutEndsASlowResponse() {
		RecordingMtlsServer server = this.servers.start(
				this.pki.serverBuilder().handler((request) -> Response.ok("late").delay(Duration.ofSeconds(5))));
		this.runner.withPropertyValues(this.pki.clientProperties("api", server))
			.withPropertyValues("mtls.clients.api.read-timeout=300ms")
			.run((context) -> assertThatExceptionOfType(ResourceAccessException.class)
				.isThrownBy(() -> client(context, "api").get().uri("/").retrieve().toBodilessEntity())
				.withCauseInstanceOf(SocketTimeoutException.class));
	}

	@Test
	void connectTimeoutBoundsAHandshakeTheServerNeverAnswers() throws Exception {
		try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
			this.runner.withPropertyValues(this.pki.clientProperties("api", "https://127.0.0.1:" + silent.getLocalPort()))
				.withPropertyValues("mtls.clients.api.connect-timeout=300ms", "mtls.clients.api.read-timeout=30s")
				.run((context) -> {
					long start = System.nanoTime();
					assertThatExceptionOfType(ResourceAccessException.class)
						.isThrownBy(() -> client(context, "api").get().uri("/").retrieve().toBodilessEntity())
						.withRootCauseInstanceOf(SocketTimeoutException.class);
					assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
				});
		}
	}

	@Test
	void acquireTimeoutFailsARequestThatFindsThePoolBusy() throws Exception {
		RecordingMtlsServer server = this.servers.start(this.pki.serverBuilder()
			.handler((request) -> request.path().equals("/slow") ? Response.ok("slow").delay(Duration.ofSeconds(3))
					: Response.ok("fast")));
		this.runner.withPropertyValues(this.pki.clientProperties("api", server))
			.withPropertyValues("mtls.clients.api.pool.max-connections=1", "mtls.clients.api.pool.acquire-timeout=200ms")
			.run((context) -> {
				RestClient client = client(context, "api");
				ExecutorService executor = Executors.newSingleThreadExecutor();
				try {
					Future<String> slow = executor.submit(() -> client.get().uri("/slow").retrieve().body(String.class));
					await().until(() -> server.requests().size() == 1);
					assertThatExceptionOfType(ResourceAccessException.class)
						.isThrownBy(() -> client.get().uri("/fast").retrieve().body(String.class))
						.withCauseInstanceOf(ConnectionRequestTimeoutException.class);
					assertThat(slow.get()).isEqualTo("slow");
				}
				finally {
					executor.shutdownNow();
				}
				assertThat(server.requests()).extracting(RecordedRequest::path).containsExactly("/slow");
			});
	}

	@Test
	void idleConnectionsAreClosedAfterTheIdleTimeout() {
		RecordingMtlsServer server = this.servers.start(this.pki.serverBuilder());
		this.runner.withPropertyValues(this.pki.clientProperties("api", server))
			.withPropertyValues("mtls.clients.api.pool.idle-timeout=300ms")
			.run((context) -> {
				client(context, "api").get().uri("/").retrieve().toBodilessEntity();
				assertThat(server.openConnectionCount()).isEqualTo(1);
				await().atMost(Duration.ofSeconds(10))
					.untilAsserted(() -> assertThat(server.openConnectionCount()).isZero());
			});
	}

	@Test
	void noConnectionIsUsedBeyondItsTimeToLive() {
		RecordingMtlsServer server = this.servers.start(this.pki.serverBuilder());
		this.runner.withPropertyValues(this.pki.clientProperties("api", server))
			.withPropertyValues("mtls.clients.api.pool.time-to-live=500ms")
			.run((context) -> {
				RestClient client = client(context, "api");
				client.get().uri("/").retrieve().toBodilessEntity();
				assertThat(server.handshakeCount()).isEqualTo(1);
				await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
					client.get().uri("/").retrieve().toBodilessEntity();
					assertThat(server.handshakeCount()).isEqualTo(2);
				});
				assertThat(server.connections().get(0).requestCount()).isGreaterThan(1);
			});
	}

	@Test
	void pooledConnectionsAreReusedDespiteTheClientCertificate() throws Exception {
		RecordingMtlsServer server = this.servers.start(this.pki.serverBuilder());
		this.runner.withPropertyValues(this.pki.clientProperties("api", server))
			.withPropertyValues("mtls.clients.api.pool.max-connections=8")
			.run((context) -> {
				RestClient client = client(context, "api");
				ExecutorService executor = Executors.newFixedThreadPool(8);
				try {
					List<Future<Integer>> results = new ArrayList<>();
					for (int thread = 0; thread < 8; thread++) {
						results.add(executor.submit(() -> {
							int succeeded = 0;
							for (int i = 0; i < 250; i++) {
								if ("ok".equals(client.get().uri("/r").retrieve().body(String.class))) {
									succeeded++;
								}
							}
							return succeeded;
						}));
					}
					int succeeded = 0;
					for (Future<Integer> result : results) {
						succeeded += result.get();
					}
					assertThat(succeeded).isEqualTo(2000);
				}
				finally {
					executor.shutdownNow();
				}
				assertThat(server.requests()).hasSize(2000);
				assertThat(server.handshakeCount()).isBetween(1, 8);
				assertThat(server.connections()).hasSizeLessThanOrEqualTo(8)
					.allSatisfy((connection) -> assertThat(connection.peerCertificate().getSerialNumber())
						.isEqualTo(this.pki.client.serialNumber()));
			});
	}

	@Test
	void closingTheContextClosesThePool() {
		RecordingMtlsServer server = this.servers.start(this.pki.serverBuilder());
		this.runner.withPropertyValues(this.pki.clientProperties("api", server)).run((context) -> {
			client(context, "api").get().uri("/").retrieve().toBodilessEntity();
			assertThat(server.openConnectionCount()).isEqualTo(1);
		});
		await().untilAsserted(() -> assertThat(server.openConnectionCount()).isZero());
	}

}
