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

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Tests for {@link NginxServer}: the settings the autoconfigure tests rely on and those
 * the benchmarks add, each seen in what a real nginx does.
 *
 * @author mtls-client-spring-boot authors
 */
class NginxServerTests {

	@TempDir
	Path dir;

	private CertificateAuthority ca;

	private IssuedCertificate client;

	private Path certificate;

	private Path key;

	private Path clientCa;

	@BeforeAll
	static void nginxIsInstalled() {
		if (NginxServer.available()) {
			return;
		}
		if ("true".equals(System.getenv("CI"))) {
			fail("NginxServerTests needs 'nginx', which is not installed; on CI (CI=true) .ci/run installs it");
		}
		System.err.println("SKIPPED NginxServerTests needs 'nginx', which is not installed");
		assumeTrue(false, "nginx is not installed");
	}

	@BeforeEach
	void writeCertificates() {
		this.ca = TestPki.rootCa("Nginx Test CA");
		this.client = this.ca.issueClient("nginx-test-client");
		IssuedCertificate server = this.ca.issueServer("nginx-test-server", "127.0.0.1");
		this.certificate = this.dir.resolve("server.pem");
		this.key = this.dir.resolve("server-key.pem");
		this.clientCa = this.dir.resolve("ca.pem");
		server.writeCertificate(this.certificate);
		server.writePrivateKey(this.key, KeyFormat.PKCS8);
		this.ca.writeCertificate(this.clientCa);
	}

	@Test
	void byDefaultLogsEachRequestWithTheClientSerialAndCountsNoHandshakes() throws Exception {
		try (NginxServer nginx = NginxServer.builder(this.certificate, this.key, this.clientCa).start()) {
			HttpResponse<String> response = get(nginx, "/first");
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.body()).isEqualTo("ok");
			assertThat(nginx.accessLog()).singleElement().satisfies((entry) -> {
				assertThat(entry.clientSerial()).isEqualToIgnoringCase(this.client.serialNumber().toString(16));
				assertThat(entry.uri()).isEqualTo("/first");
			});
			assertThat(Files.readString(nginx.prefix().resolve("nginx.conf"))).contains("worker_processes 1;",
					"ssl_session_tickets off;", "ssl_session_cache off;", "keepalive_requests 1000000;");
			assertThatIllegalStateException().isThrownBy(nginx::acceptedConnections)
				.withMessageContaining("handshakeCounter()");
		}
	}

	@Test
	void benchmarkSettingsCountHandshakesLogNothingAndKeepTheirPrefix() throws Exception {
		Path prefix = this.dir.resolve("nginx");
		try (NginxServer nginx = NginxServer.builder(this.certificate, this.key, this.clientCa)
			.prefix(prefix)
			.workerProcesses("auto")
			.withoutAccessLog()
			.withSessionResumption()
			.handshakeCounter()
			.keepaliveRequests(10_000_000)
			.keepaliveTimeout(Duration.ofSeconds(120))
			.responseBody("hello \"there\"\n")
			.start()) {
			assertThat(nginx.prefix()).isEqualTo(prefix);
			assertThat(nginx.acceptedConnections()).isZero();
			// Two clients, two connections; the status queries in between do not count.
			assertThat(get(nginx, "/").body()).isEqualTo("hello \"there\"\n");
			assertThat(nginx.acceptedConnections()).isEqualTo(1);
			assertThat(get(nginx, "/").body()).isEqualTo("hello \"there\"\n");
			assertThat(nginx.acceptedConnections()).isEqualTo(2);
			assertThat(nginx.accessLog()).isEmpty();
			assertThat(prefix.resolve("access.log")).doesNotExist();
			String configuration = Files.readString(prefix.resolve("nginx.conf"));
			assertThat(configuration).contains("worker_processes auto;", "access_log off;",
					"keepalive_requests 10000000;", "keepalive_timeout 120;", "stub_status;");
			assertThat(configuration).doesNotContain("ssl_session_tickets", "ssl_session_cache");
		}
		assertThat(prefix.resolve("nginx.conf")).exists();
	}

	// A new client each time: its own connection, and no session to resume.
	private HttpResponse<String> get(NginxServer nginx, String path) throws Exception {
		HttpClient client = HttpClient.newBuilder().sslContext(sslContext()).build();
		return client.send(HttpRequest.newBuilder(URI.create(nginx.baseUrl() + path)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private SSLContext sslContext() throws Exception {
		char[] password = "secret".toCharArray();
		KeyStore identity = KeyStore.getInstance("PKCS12");
		identity.load(null, null);
		identity.setKeyEntry("client", this.client.privateKey(), password,
				this.client.chain().toArray(X509Certificate[]::new));
		KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
		keyManagers.init(identity, password);
		KeyStore trust = KeyStore.getInstance("PKCS12");
		trust.load(null, null);
		trust.setCertificateEntry("ca", this.ca.certificate());
		TrustManagerFactory trustManagers = TrustManagerFactory
			.getInstance(TrustManagerFactory.getDefaultAlgorithm());
		trustManagers.init(trust);
		SSLContext context = SSLContext.getInstance("TLS");
		context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
		return context;
	}

}
