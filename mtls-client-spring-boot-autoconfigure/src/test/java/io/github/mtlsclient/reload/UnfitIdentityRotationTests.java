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

import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.function.Function;
import java.util.stream.Stream;

import io.github.mtlsclient.MtlsClients;
import io.github.mtlsclient.testsupport.CertificateAuthority;
import io.github.mtlsclient.testsupport.IssuedCertificate;
import io.github.mtlsclient.testsupport.KeyAlgorithm;
import io.github.mtlsclient.testsupport.KeyFormat;
import io.github.mtlsclient.testsupport.MtlsFixture;
import io.github.mtlsclient.testsupport.PresentedCertificate;
import io.github.mtlsclient.testsupport.RecordingMtlsServer;
import io.github.mtlsclient.testsupport.ReloadEvents;
import io.github.mtlsclient.testsupport.TestFiles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A rotation to a certificate no server would accept from a client is refused before
 * the swap: the client keeps presenting its last good certificate, and a later good
 * pair is still picked up.
 *
 * @author mtls-client-spring-boot authors
 */
class UnfitIdentityRotationTests {

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

	static Stream<Unfit> unfit() {
		Instant yesterday = Instant.now().minus(1, ChronoUnit.DAYS);
		return Stream.of(new Unfit("CA certificate", (ca) -> ca.leaf("ca-leaf").certificateAuthority().issue(),
				"is a CA certificate"),
				new Unfit("extended key usage without clientAuth", (ca) -> ca.leaf("server-only").serverAuth().issue(),
						"is not allowed for client authentication"),
				new Unfit("DSA key", (ca) -> ca.leaf("dsa").keyAlgorithm(KeyAlgorithm.DSA).clientAuth().issue(),
						"has a DSA key"),
				new Unfit("expired intermediate",
						(ca) -> ca.intermediate("Old Intermediate", yesterday.minus(300, ChronoUnit.DAYS), yesterday)
							.issueClient("behind-old-intermediate"),
						"CN=Old Intermediate (serial"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("unfit")
	void aSwapToAnUnfitCertificateIsRefusedAndTheOldOneKept(Unfit unfit) {
		IssuedCertificate first = this.pki.client;
		MtlsFixture.contextRunner()
			.withBean(ReloadEvents.class)
			.withPropertyValues(this.pki.clientProperties("api", this.server))
			.withPropertyValues("mtls.clients.api.reload.quiet-period=200ms", "mtls.clients.api.reload.poll-interval=1h")
			.run((context) -> {
				assertThat(presentedSerial(context)).isEqualTo(first.serialNumber());
				IssuedCertificate bad = unfit.certificate().apply(this.pki.clientCa);
				writePair(bad);
				await().atMost(PATIENCE)
					.until(() -> events(context).failed()
						.stream()
						.anyMatch((event) -> event.getCause().getMessage().contains(unfit.reason())));
				assertThat(events(context).failed()).last()
					.satisfies((event) -> assertThat(event.getCause()).hasMessageContaining("mtls.clients.api.certificate")
						.hasMessageContaining(unfit.reason()));
				assertThat(events(context).reloaded()).isEmpty();
				assertThat(presentedSerialOnANewConnection(context)).isEqualTo(first.serialNumber());
				assertThat(context.getBean(MtlsClients.class).certificate("api").serialNumber())
					.isEqualTo(first.serialNumber().toString(16));
				IssuedCertificate good = this.pki.clientCa.issueClient("good");
				writePair(good);
				await().atMost(PATIENCE)
					.pollInterval(Duration.ofMillis(100))
					.until(() -> good.serialNumber().equals(presentedSerial(context)));
			});
	}

	private void writePair(IssuedCertificate certificate) {
		// Key first: the half-written pair (new key, old certificate) fails as a
		// mismatch, never as the check under test, and the quiet period joins both.
		TestFiles.overwrite(this.pki.clientKeyFile, certificate.privateKeyPem(KeyFormat.PKCS8));
		TestFiles.overwrite(this.pki.clientCertificateFile, certificate.certificateChainPem());
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

	record Unfit(String name, Function<CertificateAuthority, IssuedCertificate> certificate, String reason) {

		@Override
		public String toString() {
			return this.name;
		}

	}

}
