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
package io.github.mtlsclient.registry;

import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertificateException;
import java.time.Duration;

import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;

import io.github.mtlsclient.MtlsClients;
import io.github.mtlsclient.testsupport.IssuedCertificate;
import io.github.mtlsclient.testsupport.KeyFormat;
import io.github.mtlsclient.testsupport.MtlsFixture;
import io.github.mtlsclient.testsupport.RecordingMtlsServer;
import io.github.mtlsclient.testsupport.TestFiles;
import io.github.mtlsclient.testsupport.TestPki;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.web.client.ResourceAccessException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * What a client does when nothing but the essentials is configured, and what it never
 * reveals.
 *
 * @author mtls-client-spring-boot authors
 */
@ExtendWith(OutputCaptureExtension.class)
class SecureDefaultsTests {

	private static final String PASSWORD = "Corr3ct-Horse-Battery-Staple";

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

	@Test
	void onlyTls13And12AreOffered() throws Exception {
		MtlsFixture.contextRunner().withPropertyValues(this.pki.clientProperties("api", this.server)).run((context) -> {
			DefaultMtlsClients clients = context.getBean(DefaultMtlsClients.class);
			try (Socket plain = new Socket("127.0.0.1", this.server.port());
					SSLSocket socket = clients.client("api").transport().tlsSocketStrategy().upgrade(plain, "127.0.0.1", this.server.port(), null,
							null)) {
				assertThat(socket.getEnabledProtocols()).containsExactlyInAnyOrder("TLSv1.3", "TLSv1.2");
				assertThat(socket.getSSLParameters().getEndpointIdentificationAlgorithm()).isEqualTo("HTTPS");
				assertThat(socket.getSession().getProtocol()).isEqualTo("TLSv1.3");
			}
		});
	}

	@Test
	void hostnameIsVerifiedByDefault() {
		// A certificate from the trusted CA, for another host, on the address the client
		// calls: only the name check can refuse it.
		IssuedCertificate elsewhere = this.pki.serverCa.issueServer("elsewhere.internal", "elsewhere.internal");
		try (RecordingMtlsServer impostor = RecordingMtlsServer.builder(elsewhere.privateKey(), elsewhere.chain())
			.trustedClientCas(this.pki.clientCa.certificate())
			.start()) {
			MtlsFixture.contextRunner()
				.withPropertyValues(this.pki.clientProperties("api", "https://localhost:" + impostor.port()))
				.run((context) -> {
					Throwable failure = catchThrowable(() -> call(context));
					assertThat(failure).isInstanceOf(ResourceAccessException.class)
						.hasCauseInstanceOf(SSLHandshakeException.class)
						.rootCause()
						.isInstanceOf(CertificateException.class)
						.hasMessageContaining("localhost");
					assertThat(impostor.requests()).isEmpty();
					await().atMost(Duration.ofSeconds(10)).until(() -> impostor.failedHandshakeCount() == 1);
				});
		}
	}

	@Test
	void onlyTheConfiguredCasAreTrustedByDefault() {
		// The right name, from a CA the client was not told to trust.
		IssuedCertificate unknownIssuer = TestPki.rootCa("Unconfigured CA").issueServer("localhost", "localhost");
		try (RecordingMtlsServer stranger = RecordingMtlsServer.builder(unknownIssuer.privateKey(), unknownIssuer.chain())
			.trustedClientCas(this.pki.clientCa.certificate())
			.start()) {
			MtlsFixture.contextRunner()
				.withPropertyValues(this.pki.clientProperties("api", "https://localhost:" + stranger.port()))
				.run((context) -> {
					Throwable failure = catchThrowable(() -> call(context));
					assertThat(failure).isInstanceOf(ResourceAccessException.class)
						.hasCauseInstanceOf(SSLHandshakeException.class)
						.hasRootCauseInstanceOf(CertPathBuilderException.class);
					assertThat(stranger.requests()).isEmpty();
					await().atMost(Duration.ofSeconds(10)).until(() -> stranger.failedHandshakeCount() == 1);
				});
		}
	}

	@Test
	void theSameClientReachesTheServerWhoseCertificateNamesIt() {
		MtlsFixture.contextRunner()
			.withPropertyValues(this.pki.clientProperties("api", "https://localhost:" + this.server.port()))
			.run((context) -> {
				call(context);
				assertThat(this.server.failedHandshakeCount()).isZero();
				assertThat(this.server.requests()).hasSize(1);
			});
	}

	private static void call(AssertableApplicationContext context) {
		context.getBean(MtlsClients.class).restClient("api").get().uri("/").retrieve().toBodilessEntity();
	}

	@Test
	void keyMaterialAndPasswordNeverReachLogsErrorsOrToString(CapturedOutput output) throws Exception {
		Path encryptedKey = this.dir.resolve("encrypted.key");
		this.pki.client.writePrivateKey(encryptedKey, KeyFormat.ENCRYPTED_PKCS8, PASSWORD);
		String keyBody = base64(this.pki.client.privateKeyPem(KeyFormat.PKCS8));
		String encryptedBody = base64(Files.readString(encryptedKey));
		MtlsFixture.contextRunner()
			.withPropertyValues(this.pki.clientProperties("api", this.server))
			.withPropertyValues("mtls.clients.api.private-key=" + encryptedKey,
					"mtls.clients.api.private-key-password=" + PASSWORD, "mtls.clients.api.reload.enabled=false",
					"logging.level.io.github.mtlsclient=TRACE", "logging.level.org.apache.hc=DEBUG")
			.run((context) -> {
				MtlsClients clients = context.getBean(MtlsClients.class);
				clients.restClient("api").get().uri("/").retrieve().toBodilessEntity();
				String everything = clients + " " + clients.certificate("api") + " "
						+ context.getBean(DefaultMtlsClients.class).client("api");
				TestFiles.overwrite(encryptedKey, "garbage");
				Throwable failure = catchThrowable(() -> clients.reload("api"));
				for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
					everything += " " + cause;
				}
				assertThat(everything).doesNotContain(PASSWORD)
					.doesNotContain(chunk(keyBody))
					.doesNotContain(chunk(encryptedBody));
				assertThat(failure).isNotNull();
			});
		assertThat(output.getAll()).contains("mTLS client 'api'")
			.doesNotContain(PASSWORD)
			.doesNotContain(chunk(keyBody))
			.doesNotContain(chunk(encryptedBody));
	}

	private static String base64(String pem) {
		return String.join("", pem.lines().filter((line) -> !line.startsWith("-----")).toList());
	}

	private static String chunk(String base64) {
		return base64.substring(8, 48);
	}

}
