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

package io.github.mtlsclient.testsupport;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Interop tests of the JDK client against Node.js' TLS stack through
 * {@link NodeHttpsServer}. Skipped without {@code node}, except on CI.
 */
class NodeHttpsServerTests {

	private static final Pattern SERIAL = Pattern.compile("\"serial\":\"([0-9A-Fa-f]+)\"");

	@TempDir
	static Path directory;

	private static CertificateAuthority ca;

	private static IssuedCertificate trustedClient;

	private static IssuedCertificate untrustedClient;

	private static NodeHttpsServer server;

	@BeforeAll
	static void startServer() throws Exception {
		RequiredProgram.assumeInstalled("node", NodeHttpsServer.nodeAvailable(), NodeHttpsServerTests.class);
		ca = TestPki.rootCa("Node Interop CA");
		CertificateAuthority otherCa = TestPki.rootCa("Other CA");
		CertificateAuthority unrelatedCa = TestPki.rootCa("Unrelated CA");
		IssuedCertificate serverCert = ca.issueServer("localhost", "127.0.0.1", "localhost");
		trustedClient = ca.issueClient("trusted-client");
		untrustedClient = otherCa.issueClient("untrusted-client");
		Path key = directory.resolve("server-key.pem");
		serverCert.writePrivateKey(key, KeyFormat.PKCS8);
		Path cert = directory.resolve("server.pem");
		TestPki.writePemCertificates(cert, serverCert.certificate(), ca.certificate());
		Path clientCa = directory.resolve("client-ca.pem");
		TestPki.writePemCertificates(clientCa, unrelatedCa.certificate(), ca.certificate());
		server = NodeHttpsServer.start(key, cert, clientCa);
	}

	@BeforeEach
	void assumeNode() {
		assumeTrue(server != null, "node is not available");
	}

	@AfterAll
	static void stopServer() {
		if (server != null) {
			server.close();
		}
	}

	@Test
	void clientCertificateFromTrustedCaIsAuthorized() throws Exception {
		String body = get(TestSslContexts.withClientCertificate(trustedClient, ca));
		assertThat(body).contains("\"authorized\":true", "\"authorizationError\":null",
				"\"subject\":\"trusted-client\"");
		assertThat(serial(body)).isEqualTo(trustedClient.certificate().getSerialNumber());
		await().atMost(Duration.ofSeconds(10)).until(() -> server.stdoutLines().contains("valid"));
		assertThat(server.stdoutLines().get(0)).isEqualTo("listening " + server.port());
	}

	@Test
	void clientCertificateFromOtherCaIsNotAuthorized() throws Exception {
		String body = get(TestSslContexts.withClientCertificate(untrustedClient, ca));
		assertThat(body).contains("\"authorized\":false", "\"authorizationError\":\"UNABLE_TO_VERIFY_LEAF_SIGNATURE\"",
				"\"subject\":\"untrusted-client\"");
		assertThat(serial(body)).isEqualTo(untrustedClient.certificate().getSerialNumber());
		await().atMost(Duration.ofSeconds(10))
			.until(() -> server.stderrLines().contains("UNABLE_TO_VERIFY_LEAF_SIGNATURE"));
	}

	private static String get(SSLContext sslContext) throws IOException, InterruptedException {
		HttpClient httpClient = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.sslContext(sslContext)
			.connectTimeout(Duration.ofSeconds(10))
			.build();
		HttpResponse<String> response = httpClient.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/"))
			.timeout(Duration.ofSeconds(10))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
		return response.body();
	}

	private static BigInteger serial(String body) {
		Matcher matcher = SERIAL.matcher(body);
		assertThat(matcher.find()).as("serial in %s", body).isTrue();
		return new BigInteger(matcher.group(1), 16);
	}

}
