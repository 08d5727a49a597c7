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
package io.github.mtlsclient.reload;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLHandshakeException;

import io.github.mtlsclient.InvalidMtlsClientException;
import io.github.mtlsclient.MtlsClients;
import io.github.mtlsclient.MtlsMaterialReloadedEvent;
import io.github.mtlsclient.testsupport.CertificateAuthority;
import io.github.mtlsclient.testsupport.IssuedCertificate;
import io.github.mtlsclient.testsupport.KeyFormat;
import io.github.mtlsclient.testsupport.KubernetesSecretDirectory;
import io.github.mtlsclient.testsupport.MtlsFixture;
import io.github.mtlsclient.testsupport.PresentedCertificate;
import io.github.mtlsclient.testsupport.RecordedConnection;
import io.github.mtlsclient.testsupport.RecordedRequest;
import io.github.mtlsclient.testsupport.RecordingMtlsServer;
import io.github.mtlsclient.testsupport.RecordingMtlsServer.Response;
import io.github.mtlsclient.testsupport.ReloadEvents;
import io.github.mtlsclient.testsupport.TestFiles;
import io.github.mtlsclient.testsupport.TestPki;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Rotation of a client's certificate, key and trust files while the application runs,
 * asserted on the certificate the server sees on new connections.
 *
 * @author mtls-client-spring-boot authors
 */
@ExtendWith(OutputCaptureExtension.class)
class CertificateRotationTests {

	private static final Duration PATIENCE = Duration.ofSeconds(20);

	@TempDir
	Path dir;

	private MtlsFixture pki;

	private RecordingMtlsServer server;

	private IssuedCertificate first;

	private Path certificateFile;

	private Path keyFile;

	@BeforeEach
	void setUp() {
		this.pki = new MtlsFixture(this.dir);
		this.server = this.pki.startServer();
		this.first = this.pki.client;
		this.certificateFile = this.pki.clientCertificateFile;
		this.keyFile = this.pki.clientKeyFile;
	}

	@AfterEach
	void tearDown() {
		this.server.close();
	}

	private ApplicationContextRunner runner() {
		return MtlsFixture.contextRunner()
			.withBean(ReloadEvents.class)
			.withPropertyValues(this.pki.clientProperties("api", this.server))
			.withPropertyValues("mtls.clients.api.reload.quiet-period=200ms",
					// Long enough that only file events can explain a timely reload.
					"mtls.clients.api.reload.poll-interval=1h");
	}

	@Test
	void writeToTempThenRenameOfEachFile(CapturedOutput output) {
		runner().run((context) -> {
			assertThat(presentedSerial(context)).isEqualTo(this.first.serialNumber());
			IssuedCertificate second = this.pki.clientCa.issueClient("second");
			TestFiles.replaceByRename(this.certificateFile, second.certificatePem());
			TestFiles.replaceByRename(this.keyFile, second.privateKeyPem(KeyFormat.PKCS8));
			awaitPresented(context, second);
			MtlsMaterialReloadedEvent event = events(context).reloaded().get(0);
			assertThat(event.getClientName()).isEqualTo("api");
			assertThat(event.getPreviousSerialNumber()).isEqualTo(this.first.serialNumber().toString(16));
			assertThat(event.getSerialNumber()).isEqualTo(second.serialNumber().toString(16));
			assertThat(context.getBean(MtlsClients.class).certificate("api").serialNumber())
				.isEqualTo(second.serialNumber().toString(16));
		});
		assertThat(output).containsPattern("INFO .*mTLS client 'api' reloaded its TLS material: serial [0-9a-f]+ "
				+ "\\(expires [^)]+\\) -> serial [0-9a-f]+ \\(expires [^)]+\\)");
	}

	@Test
	void inPlaceOverwriteOfTheCertificateThenOfTheKeyAMomentLater(CapturedOutput output) {
		runner().run((context) -> {
			assertThat(presentedSerial(context)).isEqualTo(this.first.serialNumber());
			IssuedCertificate second = this.pki.clientCa.issueClient("second");
			TestFiles.overwrite(this.certificateFile, second.certificatePem());
			// The pair is inconsistent until the key follows: that reload fails and the
			// client keeps its certificate.
			await().atMost(PATIENCE).until(() -> events(context).failed().size() == 1);
			assertThat(events(context).failed().get(0).getCause()).hasMessageContaining("does not belong");
			assertThat(presentedSerialOnANewConnection(context)).isEqualTo(this.first.serialNumber());
			TestFiles.overwrite(this.keyFile, second.privateKeyPem(KeyFormat.PKCS8));
			awaitPresented(context, second);
		});
		assertThat(output).containsPattern("WARN .*mTLS client 'api' keeps presenting serial "
				+ this.first.serialNumber().toString(16) + " .*does not belong to the certificate CN=second");
	}

	@Test
	void kubernetesSecretVolumeSwappedRepeatedly() {
		Path secret = this.dir.resolve("secret");
		KubernetesSecretDirectory volume = KubernetesSecretDirectory.create(secret, pair(this.first));
		MtlsFixture.contextRunner()
			.withBean(ReloadEvents.class)
			.withPropertyValues("mtls.clients.api.base-url=" + this.server.baseUrl(),
					"mtls.clients.api.certificate=" + volume.file("tls.crt"),
					"mtls.clients.api.private-key=" + volume.file("tls.key"),
					"mtls.clients.api.trust.certificates=" + this.pki.serverCaFile,
					"mtls.clients.api.reload.quiet-period=200ms", "mtls.clients.api.reload.poll-interval=1h")
			.run((context) -> {
				assertThat(presentedSerial(context)).isEqualTo(this.first.serialNumber());
				for (int rotation = 1; rotation <= 3; rotation++) {
					IssuedCertificate next = this.pki.clientCa.issueClient("rotation-" + rotation);
					volume.update(pair(next));
					awaitPresented(context, next);
				}
				assertThat(events(context).reloaded()).hasSize(3);
				assertThat(events(context).failed()).isEmpty();
			});
	}

	@Test
	void unusableMaterialIsRefusedAndALaterGoodPairIsPickedUp() {
		runner().run((context) -> {
			IssuedCertificate second = this.pki.clientCa.issueClient("second");
			Instant expiredAt = Instant.now().minus(1, ChronoUnit.HOURS);
			IssuedCertificate expired = this.pki.clientCa.leaf("expired")
				.clientAuth()
				.validity(expiredAt.minus(1, ChronoUnit.DAYS), expiredAt)
				.issue();
			String truncated = second.certificatePem().substring(0, second.certificatePem().length() / 2);
			List<Runnable> badWrites = List.of(() -> TestFiles.overwrite(this.keyFile, "garbage, not a key"),
					() -> writePair(this.pki.clientCa.issueClient("x").certificatePem(),
							second.privateKeyPem(KeyFormat.PKCS8)),
					() -> writePair(expired.certificatePem(), expired.privateKeyPem(KeyFormat.PKCS8)),
					() -> writePair(truncated, second.privateKeyPem(KeyFormat.PKCS8)));
			for (int i = 0; i < badWrites.size(); i++) {
				badWrites.get(i).run();
				int failures = i + 1;
				await().atMost(PATIENCE).until(() -> events(context).failed().size() == failures);
				assertThat(presentedSerialOnANewConnection(context)).isEqualTo(this.first.serialNumber());
			}
			assertThat(events(context).failed()).extracting((event) -> event.getCause().getMessage())
				.satisfiesExactly((message) -> assertThat(message).contains("private-key"),
						(message) -> assertThat(message).contains("does not belong"),
						(message) -> assertThat(message).contains("expired"),
						(message) -> assertThat(message).contains("contains no readable PEM certificate"));
			assertThat(events(context).reloaded()).isEmpty();
			writePair(second.certificatePem(), second.privateKeyPem(KeyFormat.PKCS8));
			awaitPresented(context, second);
		});
	}

	@Test
	void manualReloadWorksWithWatchingOffAndKeepsTheMaterialWhenItFails() {
		runner().withPropertyValues("mtls.clients.api.reload.enabled=false").run((context) -> {
			MtlsClients clients = context.getBean(MtlsClients.class);
			IssuedCertificate second = this.pki.clientCa.issueClient("second");
			writePair(second.certificatePem(), this.first.privateKeyPem(KeyFormat.PKCS8));
			assertThatExceptionOfType(InvalidMtlsClientException.class).isThrownBy(() -> clients.reload("api"))
				.withMessageContaining("mtls.clients.api.private-key");
			assertThat(presentedSerialOnANewConnection(context)).isEqualTo(this.first.serialNumber());
			writePair(second.certificatePem(), second.privateKeyPem(KeyFormat.PKCS8));
			assertThat(presentedSerialOnANewConnection(context)).isEqualTo(this.first.serialNumber());
			assertThat(clients.reload("api").serialNumber()).isEqualTo(second.serialNumber().toString(16));
			assertThat(presentedSerial(context)).isEqualTo(second.serialNumber());
			assertThat(events(context).failed()).hasSize(1);
			assertThat(events(context).reloaded()).hasSize(1);
		});
	}

	@Test
	void idleConnectionsOfTheOldMaterialAreClosedAndNewOnesPresentTheNewCertificate() {
		runner().run((context) -> {
			client(context).get().uri("/").retrieve().toBodilessEntity();
			RecordedConnection old = this.server.connections().get(0);
			IssuedCertificate second = this.pki.clientCa.issueClient("second");
			writePair(second.certificatePem(), second.privateKeyPem(KeyFormat.PKCS8));
			await().atMost(PATIENCE).until(() -> events(context).reloaded().size() == 1);
			await().atMost(PATIENCE).until(() -> !old.isOpen());
			assertThat(presentedSerial(context)).isEqualTo(second.serialNumber());
			assertThat(this.server.connections()).hasSize(2);
		});
	}

	@Test
	void aConnectionInUseDuringTheSwapFinishesItsExchangeAndIsNotReused() {
		CountDownLatch swapped = new CountDownLatch(1);
		RecordingMtlsServer slowServer = this.pki.serverBuilder().handler((request) -> {
			if (request.path().equals("/slow")) {
				// Answered only once the material has been swapped under it.
				await().atMost(PATIENCE).until(() -> swapped.getCount() == 0);
				return Response.ok("slow");
			}
			return Response.ok("ok");
		}).start();
		ExecutorService executor = Executors.newSingleThreadExecutor();
		try {
			MtlsFixture.contextRunner()
				.withPropertyValues(this.pki.clientProperties("api", slowServer))
				.withPropertyValues("mtls.clients.api.reload.enabled=false")
				.run((context) -> {
					RestClient client = client(context);
					Future<String> slow = executor.submit(() -> client.get().uri("/slow").retrieve().body(String.class));
					await().atMost(PATIENCE).until(() -> slowServer.requests().size() == 1);
					IssuedCertificate second = this.pki.clientCa.issueClient("second");
					writePair(second.certificatePem(), second.privateKeyPem(KeyFormat.PKCS8));
					context.getBean(MtlsClients.class).reload("api");
					swapped.countDown();
					assertThat(slow.get(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isEqualTo("slow");
					RecordedConnection old = slowServer.connections().get(0);
					await().atMost(PATIENCE).until(() -> !old.isOpen());
					assertThat(client.get().uri("/").retrieve().body(String.class)).isEqualTo("ok");
					assertThat(slowServer.requests()).extracting(RecordedRequest::path).containsExactly("/slow", "/");
					RecordedRequest slowRequest = slowServer.requests().get(0);
					assertThat(slowRequest.connection()).isSameAs(old);
					assertThat(slowRequest.peerCertificate().getSerialNumber()).isEqualTo(this.first.serialNumber());
					assertThat(old.requestCount()).isEqualTo(1);
					RecordedRequest after = slowServer.requests().get(1);
					assertThat(after.connection()).isNotSameAs(old);
					assertThat(after.peerCertificate().getSerialNumber()).isEqualTo(second.serialNumber());
				});
		}
		finally {
			executor.shutdownNow();
			slowServer.close();
		}
	}

	@Test
	void noConnectionOutlivesTheCertificateItPresented() {
		// Long enough for a machine five times slower than usual to start the client first.
		Instant notAfter = Instant.now().plusSeconds(10);
		IssuedCertificate shortLived = this.pki.clientCa.leaf("short-lived")
			.clientAuth()
			.validity(Instant.now().minus(1, ChronoUnit.HOURS), notAfter)
			.issue();
		writePair(shortLived.certificatePem(), shortLived.privateKeyPem(KeyFormat.PKCS8));
		runner().withPropertyValues("mtls.clients.api.pool.idle-timeout=1m").run((context) -> {
			client(context).get().uri("/").retrieve().toBodilessEntity();
			RecordedConnection connection = this.server.connections().get(0);
			await().atMost(Duration.ofSeconds(30)).until(() -> !connection.isOpen());
			// X.509 keeps whole seconds: the certificate's own notAfter is the bound.
			Instant certificateNotAfter = shortLived.certificate().getNotAfter().toInstant();
			assertThat(Instant.now()).isAfterOrEqualTo(certificateNotAfter.minusMillis(100));
		});
	}

	@Test
	void trustRotationKeepsRequestsWorkingWhileTheServerMovesToANewCa() {
		CertificateAuthority newServerCa = TestPki.rootCa("New Server CA");
		runner().run((context) -> {
			assertThat(presentedSerial(context)).isEqualTo(this.first.serialNumber());
			TestPki.writePemCertificates(this.pki.serverCaFile, this.pki.serverCa.certificate(),
					newServerCa.certificate());
			await().atMost(PATIENCE).until(() -> events(context).reloaded().size() == 1);
			assertThat(presentedSerialOnANewConnection(context)).isEqualTo(this.first.serialNumber());
			int port = this.server.port();
			this.server.close();
			IssuedCertificate newServerCertificate = newServerCa.issueServer("localhost", "localhost", "127.0.0.1");
			this.server = RecordingMtlsServer.builder(newServerCertificate.privateKey(), newServerCertificate.chain())
				.trustedClientCas(this.pki.clientCa.certificate())
				.port(port)
				.start();
			assertThat(presentedSerial(context)).isEqualTo(this.first.serialNumber());
			assertThat(this.server.handshakeCount()).isEqualTo(1);
		});
	}

	@Test
	void aServerCaRemovedFromTheTrustFilesIsNoLongerTrusted() {
		CertificateAuthority newServerCa = TestPki.rootCa("New Server CA");
		TestPki.writePemCertificates(this.pki.serverCaFile, this.pki.serverCa.certificate(), newServerCa.certificate());
		runner().run((context) -> {
			assertThat(presentedSerialOnANewConnection(context)).isEqualTo(this.first.serialNumber());
			TestPki.writePemCertificates(this.pki.serverCaFile, newServerCa.certificate());
			await().atMost(PATIENCE).until(() -> events(context).reloaded().size() == 1);
			// The server still presents a certificate from the removed CA: a new
			// connection refuses it.
			int failedBefore = this.server.failedHandshakeCount();
			assertThatExceptionOfType(ResourceAccessException.class)
				.isThrownBy(() -> client(context).get().uri("/").header("Connection", "close").retrieve().toBodilessEntity())
				.withCauseInstanceOf(SSLHandshakeException.class);
			await().atMost(PATIENCE).until(() -> this.server.failedHandshakeCount() == failedBefore + 1);
		});
	}

	@Test
	void aBundleClientKeepsItsLastGoodMaterialWhenTheBundleReloadBringsABadPair() {
		bundleClientRunner().run((context) -> {
			assertThat(presentedSerial(context)).isEqualTo(this.first.serialNumber());
			// Boot reads the pair without checking that the key belongs to the
			// certificate; the client refuses it.
			IssuedCertificate other = this.pki.clientCa.issueClient("other");
			IssuedCertificate second = this.pki.clientCa.issueClient("second");
			writePair(other.certificatePem(), second.privateKeyPem(KeyFormat.PKCS8));
			await().atMost(PATIENCE).until(() -> !events(context).failed().isEmpty());
			assertThat(events(context).failed().get(0).getCause().getMessage()).contains("does not belong");
			assertThat(events(context).reloaded()).isEmpty();
			assertThat(presentedSerialOnANewConnection(context)).isEqualTo(this.first.serialNumber());
			writePair(second.certificatePem(), second.privateKeyPem(KeyFormat.PKCS8));
			awaitPresented(context, second);
		});
	}

	@Test
	void bundleWithReloadOnUpdateReachesTheClient() {
		bundleClientRunner().run((context) -> {
			assertThat(presentedSerial(context)).isEqualTo(this.first.serialNumber());
			IssuedCertificate second = this.pki.clientCa.issueClient("second");
			writePair(second.certificatePem(), second.privateKeyPem(KeyFormat.PKCS8));
			awaitPresented(context, second);
			assertThat(events(context).reloaded()).isNotEmpty();
		});
	}

	/**
	 * A client on the PEM bundle {@code api} over the rotated files, which Spring Boot
	 * reloads on change.
	 */
	private ApplicationContextRunner bundleClientRunner() {
		return MtlsFixture.contextRunner()
			.withBean(ReloadEvents.class)
			.withPropertyValues("spring.ssl.bundle.pem.api.keystore.certificate=file:" + this.certificateFile,
					"spring.ssl.bundle.pem.api.keystore.private-key=file:" + this.keyFile,
					"spring.ssl.bundle.pem.api.truststore.certificate=file:" + this.pki.serverCaFile,
					"spring.ssl.bundle.pem.api.reload-on-update=true", "spring.ssl.bundle.watch.file.quiet-period=200ms",
					"mtls.clients.api.base-url=" + this.server.baseUrl(), "mtls.clients.api.bundle=api");
	}

	private void awaitPresented(AssertableApplicationContext context, IssuedCertificate expected) {
		await().atMost(PATIENCE)
			.pollInterval(Duration.ofMillis(100))
			.until(() -> expected.serialNumber().equals(presentedSerial(context)));
	}

	private BigInteger presentedSerial(AssertableApplicationContext context) {
		return PresentedCertificate.serial(client(context), this.server);
	}

	private BigInteger presentedSerialOnANewConnection(AssertableApplicationContext context) {
		return PresentedCertificate.serialOnANewConnection(client(context), this.server);
	}

	private static RestClient client(AssertableApplicationContext context) {
		return context.getBean(MtlsClients.class).restClient("api");
	}

	private static ReloadEvents events(AssertableApplicationContext context) {
		return context.getBean(ReloadEvents.class);
	}

	private static Map<String, String> pair(IssuedCertificate certificate) {
		return Map.of("tls.crt", certificate.certificatePem(), "tls.key",
				certificate.privateKeyPem(KeyFormat.PKCS8));
	}

	private void writePair(String certificate, String key) {
		TestFiles.overwrite(this.certificateFile, certificate);
		TestFiles.overwrite(this.keyFile, key);
	}

}
