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

import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

import io.github.mtlsclient.MtlsClients;
import io.github.mtlsclient.MtlsWebClients;
import io.github.mtlsclient.testsupport.IssuedCertificate;
import io.github.mtlsclient.testsupport.KeyFormat;
import io.github.mtlsclient.testsupport.MtlsFixture;
import io.github.mtlsclient.testsupport.RecordedConnection;
import io.github.mtlsclient.testsupport.RecordingMtlsServer;
import io.github.mtlsclient.testsupport.ReloadEvents;
import io.github.mtlsclient.testsupport.TestFiles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Unusable material written over a client's files while its {@code WebClient} is in use:
 * the reload fails and says why, the client goes on presenting its last good
 * certificate on pooled and new connections alike, and a later good pair is picked up.
 *
 * @author mtls-client-spring-boot authors
 */
class ReactiveBadMaterialTests {

	private static final Duration PATIENCE = Duration.ofSeconds(20);

	@TempDir
	Path dir;

	private MtlsFixture pki;

	private RecordingMtlsServer server;

	@BeforeEach
	void setUp() {
		this.pki = new MtlsFixture(this.dir);
		this.server = this.pki.startServer();
	}

	@AfterEach
	void tearDown() {
		this.server.close();
	}

	static Stream<Bad> bad() {
		return Stream.of(new Bad("garbage key", (pki) -> TestFiles.overwrite(pki.clientKeyFile, "garbage, not a key"),
				"mtls.clients.api.private-key"),
				new Bad("key of another certificate", (pki) -> {
					IssuedCertificate other = pki.clientCa.issueClient("other");
					TestFiles.overwrite(pki.clientCertificateFile, pki.clientCa.issueClient("x").certificatePem());
					TestFiles.overwrite(pki.clientKeyFile, other.privateKeyPem(KeyFormat.PKCS8));
				}, "does not belong"), new Bad("expired certificate", (pki) -> {
					Instant expiredAt = Instant.now().minus(1, ChronoUnit.HOURS);
					IssuedCertificate expired = pki.clientCa.leaf("expired")
						.clientAuth()
						.validity(expiredAt.minus(1, ChronoUnit.DAYS), expiredAt)
						.issue();
					TestFiles.overwrite(pki.clientKeyFile, expired.privateKeyPem(KeyFormat.PKCS8));
					TestFiles.overwrite(pki.clientCertificateFile, expired.certificatePem());
				}, "expired"), new Bad("truncated certificate", (pki) -> {
					String pem = pki.client.certificatePem();
					TestFiles.overwrite(pki.clientCertificateFile, pem.substring(0, pem.length() / 2));
				}, "contains no readable PEM certificate"),
				new Bad("CA certificate",
						(pki) -> writePair(pki, pki.clientCa.leaf("ca-leaf").certificateAuthority().issue()),
						"is a CA certificate"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("bad")
	void unusableMaterialKeepsTheLastGoodIdentityOnTheWire(Bad bad) {
		BigInteger first = this.pki.client.serialNumber();
		MtlsFixture.reactiveContextRunner()
			.withBean(ReloadEvents.class)
			.withPropertyValues(this.pki.clientProperties("api", this.server))
			.withPropertyValues("mtls.clients.api.reload.quiet-period=200ms", "mtls.clients.api.reload.poll-interval=1h")
			.run((context) -> {
				WebClient client = context.getBean(MtlsWebClients.class).webClient("api");
				ReactiveTraffic traffic = new ReactiveTraffic(client);
				ReactiveTraffic.Running load = traffic.start(8);
				await().atMost(PATIENCE).until(() -> traffic.calls.size() > 100);
				bad.write().accept(this.pki);
				// A write caught half-way fails as a mismatch first; the complete one says why.
				await().atMost(PATIENCE)
					.until(() -> events(context).failed()
						.stream()
						.anyMatch((event) -> event.getCause().getMessage().contains(bad.reason())));
				assertThat(events(context).failed())
					.allSatisfy((event) -> assertThat(event.getCause()).hasMessageContaining("mtls.clients.api."));
				long failedAt = System.nanoTime();
				await().atMost(PATIENCE).until(() -> traffic.startedAfter(failedAt).size() > 100);
				load.stop();
				assertThat(traffic.failures()).isEmpty();
				assertThat(this.server.requests()).hasSize(traffic.calls.size())
					.allSatisfy((request) -> assertThat(request.peerCertificate().getSerialNumber()).isEqualTo(first));
				assertThat(presentedOnANewConnection(client)).isEqualTo(first);
				assertThat(events(context).reloaded()).isEmpty();
				assertThat(context.getBean(MtlsClients.class).certificate("api").serialNumber())
					.isEqualTo(first.toString(16));
				IssuedCertificate good = this.pki.clientCa.issueClient("good");
				writePair(this.pki, good);
				await().atMost(PATIENCE).until(() -> events(context).reloaded().size() == 1);
				assertThat(presentedOnANewConnection(client)).isEqualTo(good.serialNumber());
			});
	}

	/**
	 * The serial a new connection presents: with "Connection: close" each exchange is the
	 * last on its connection, so once the pooled ones are used up the client must make a
	 * new one.
	 */
	private BigInteger presentedOnANewConnection(WebClient client) {
		int handshakes = this.server.handshakeCount();
		for (int i = 0; i < 100 && this.server.handshakeCount() == handshakes; i++) {
			client.get().uri("/").header("Connection", "close").retrieve().toBodilessEntity().block(PATIENCE);
		}
		List<RecordedConnection> connections = this.server.connections();
		assertThat(connections).hasSizeGreaterThan(handshakes);
		return connections.get(connections.size() - 1).peerCertificate().getSerialNumber();
	}

	private static void writePair(MtlsFixture pki, IssuedCertificate certificate) {
		// Key first: the half-written pair fails as a mismatch, the quiet period joins both.
		TestFiles.overwrite(pki.clientKeyFile, certificate.privateKeyPem(KeyFormat.PKCS8));
		TestFiles.overwrite(pki.clientCertificateFile, certificate.certificateChainPem());
	}

	private static ReloadEvents events(AssertableApplicationContext context) {
		return context.getBean(ReloadEvents.class);
	}

	/**
	 * A way to spoil the files, and what the failed reload says.
	 *
	 * @param name the case's name
	 * @param write spoils the fixture's files
	 * @param reason part of the failed reload's message
	 */
	record Bad(String name, Consumer<MtlsFixture> write, String reason) {

		@Override
		public String toString() {
			return this.name;
		}

	}

}
