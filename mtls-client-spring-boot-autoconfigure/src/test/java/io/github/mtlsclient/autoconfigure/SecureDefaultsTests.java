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

import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.net.ssl.SSLSocket;

import io.github.mtlsclient.MtlsClients;
import io.github.mtlsclient.testsupport.KeyFormat;
import io.github.mtlsclient.testsupport.MtlsFixture;
import io.github.mtlsclient.testsupport.RecordingMtlsServer;
import io.github.mtlsclient.testsupport.TestFiles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.web.client.ResourceAccessException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowable;

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
					SSLSocket socket = clients.client("api").tls().upgrade(plain, "127.0.0.1", this.server.port(), null,
							null)) {
				assertThat(socket.getEnabledProtocols()).containsExactlyInAnyOrder("TLSv1.3", "TLSv1.2");
				assertThat(socket.getSSLParameters().getEndpointIdentificationAlgorithm()).isEqualTo("HTTPS");
				assertThat(socket.getSession().getProtocol()).isEqualTo("TLSv1.3");
			}
		});
	}

	@Test
	void hostnameIsVerifiedAndOnlyConfiguredCasAreTrustedByDefault() {
		// The server's certificate names localhost and 127.0.0.1; the client calls it by
		// another name that resolves to it.
		MtlsFixture.contextRunner()
			.withPropertyValues(this.pki.clientProperties("api", "https://127.0.0.2:" + this.server.port()))
			.run((context) -> assertThatExceptionOfType(ResourceAccessException.class)
				.isThrownBy(() -> context.getBean(MtlsClients.class)
					.restClient("api")
					.get()
					.uri("/")
					.retrieve()
					.toBodilessEntity())
				.havingRootCause()
				.withMessageContaining("127.0.0.2"));
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
