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

	private NginxServer.Builder nginx;

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
	void serverWithCertificates() {
		this.ca = TestPki.rootCa("Nginx Test CA");
		this.client = this.ca.issueClient("nginx-test-client");
		IssuedCertificate server = this.ca.issueServer("nginx-test-server", "127.0.0.1");
		server.writeCertificate(this.dir.resolve("server.pem"));
		server.writePrivateKey(this.dir.resolve("server-key.pem"), KeyFormat.PKCS8);
		this.ca.writeCertificate(this.dir.resolve("ca.pem"));
		this.nginx = NginxServer.builder(this.dir.resolve("server.pem"), this.dir.resolve("server-key.pem"),
				this.dir.resolve("ca.pem"));
	}

	@Test
	void byDefaultLogsEachRequestWithTheClientSerialAndResumesNoSession() throws Exception {
		try (NginxServer server = this.nginx.start()) {
			HttpResponse<String> response = get(server, "/first");
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.body()).isEqualTo("ok");
			assertThat(server.accessLog()).singleElement().satisfies((entry) -> {
				assertThat(entry.clientSerial()).isEqualToIgnoringCase(this.client.serialNumber().toString(16));
				assertThat(entry.uri()).isEqualTo("/first");
			});
			assertThat(Files.readString(server.prefix().resolve("nginx.conf"))).contains("worker_processes 1;",
					"ssl_session_tickets off;", "ssl_session_cache off;", "keepalive_requests 1000000;");
			assertThatIllegalStateException().isThrownBy(server::acceptedConnections)
				.withMessageContaining("handshakeCounter()");
		}
	}

	@Test
	void handshakeCounterCountsTlsConnectionsButNotItsOwnQueries() throws Exception {
		try (NginxServer server = this.nginx.handshakeCounter().start()) {
			assertThat(server.acceptedConnections()).isZero();
			get(server, "/");
			assertThat(server.acceptedConnections()).isEqualTo(1);
			get(server, "/");
			assertThat(server.acceptedConnections()).isEqualTo(2);
		}
	}

	@Test
	void withoutAccessLogServesTheGivenBodyAndLogsNothingInTheGivenPrefix() throws Exception {
		Path prefix = this.dir.resolve("nginx");
		try (NginxServer server = this.nginx.prefix(prefix).withoutAccessLog().responseBody("hi \"there\"\n").start()) {
			assertThat(get(server, "/").body()).isEqualTo("hi \"there\"\n");
			assertThat(server.prefix()).isEqualTo(prefix);
			assertThat(server.accessLog()).isEmpty();
			assertThat(prefix.resolve("access.log")).doesNotExist();
		}
		assertThat(prefix.resolve("nginx.conf")).exists();
	}

	@Test
	void throughputSettingsReachTheConfiguration() throws Exception {
		try (NginxServer server = this.nginx.workerProcesses("auto")
			.withSessionResumption()
			.keepaliveRequests(10_000_000)
			.keepaliveTimeout(Duration.ofSeconds(120))
			.start()) {
			assertThat(get(server, "/").statusCode()).isEqualTo(200);
			String configuration = Files.readString(server.prefix().resolve("nginx.conf"));
			assertThat(configuration).contains("worker_processes auto;", "keepalive_requests 10000000;",
					"keepalive_timeout 120;");
			assertThat(configuration).doesNotContain("ssl_session_tickets", "ssl_session_cache");
		}
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
