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

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.time.Duration;

import javax.net.ssl.SSLSocket;

import io.github.mtlsclient.MtlsClients;
import io.github.mtlsclient.testsupport.IssuedCertificate;
import io.github.mtlsclient.testsupport.MtlsFixture;
import io.github.mtlsclient.testsupport.RecordedConnection;
import io.github.mtlsclient.testsupport.RecordedRequest;
import io.github.mtlsclient.testsupport.RecordingMtlsServer;
import io.github.mtlsclient.testsupport.RecordingMtlsServer.Response;
import io.github.mtlsclient.testsupport.StartedServers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Host names as people write them: fully qualified with a trailing dot (Kubernetes
 * service names) and IPv6 literals. Each is asserted against what the server saw.
 *
 * @author mtls-client-spring-boot authors
 */
class UnusualHostIntegrationTests {

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

	@Test
	void serverNameWithTrailingDotIsSentAndVerifiedWithoutIt() {
		RecordingMtlsServer server = this.servers.start(this.pki.serverBuilder());
		this.runner.withPropertyValues(this.pki.clientProperties("api", server))
			.withPropertyValues("mtls.clients.api.server-name=localhost.")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(client(context).get().uri("/hello").retrieve().body(String.class)).isEqualTo("ok");
				assertThat(server.connections()).singleElement()
					.extracting(RecordedConnection::sniHostName)
					.isEqualTo("localhost");
			});
	}

	@Test
	void baseUrlHostWithTrailingDotIsSentAsSniAndVerifiedWithoutIt() {
		// localhost. may not resolve here, so the connection is made by hand and only
		// the TLS upgrade is the client's.
		RecordingMtlsServer server = this.servers.start(this.pki.serverBuilder());
		this.runner.withPropertyValues(this.pki.clientProperties("api", "https://localhost.:" + server.port()))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				ManagedMtlsClient client = context.getBean(DefaultMtlsClients.class).client("api");
				try (Socket plain = new Socket("127.0.0.1", server.port());
						SSLSocket socket = client.transport().tlsSocketStrategy().upgrade(plain, "localhost.", server.port(), null, null)) {
					assertThat(socket.getSession().getPeerHost()).isEqualTo("localhost");
				}
				// The server records the connection after its side of the handshake.
				await().atMost(Duration.ofSeconds(10))
					.untilAsserted(() -> assertThat(server.connections()).singleElement()
						.extracting(RecordedConnection::sniHostName)
						.isEqualTo("localhost"));
			});
	}

	@Test
	void baseUrlHostWithTrailingDotWorksEndToEnd() {
		assumeTrue(resolves("localhost."), "localhost. does not resolve on this machine");
		RecordingMtlsServer server = this.servers.start(this.pki.serverBuilder()
			.handler((request) -> request.path().equals("/old")
					? Response.redirect(302, "https://localhost:" + port(request) + "/new")
					: Response.ok("at " + request.path())));
		this.runner.withPropertyValues(this.pki.clientProperties("api", "https://localhost.:" + server.port()))
			.run((context) -> {
				assertThat(client(context).get().uri("/old").retrieve().body(String.class)).isEqualTo("at /new");
				assertThat(server.requests()).extracting(RecordedRequest::path).containsExactly("/old", "/new");
				assertThat(server.connections()).singleElement()
					.extracting(RecordedConnection::sniHostName)
					.isEqualTo("localhost");
			});
	}

	@Test
	void ipv6LiteralBaseUrlWorksEndToEnd() {
		InetAddress loopback = ipv6Loopback();
		IssuedCertificate certificate = this.pki.serverCa.issueServer("ipv6", "::1");
		RecordingMtlsServer server = this.servers.start(RecordingMtlsServer.builder(certificate.privateKey(), certificate.chain())
			.trustedClientCas(this.pki.clientCa.certificate())
			.address(loopback)
			.handler((request) -> request.path().equals("/old")
					? Response.redirect(302, "https://[0:0:0:0:0:0:0:1]:" + port(request) + "/new")
					: Response.ok("at " + request.path())));
		String baseUrl = "https://[::1]:" + server.port();
		this.runner.withPropertyValues(this.pki.clientProperties("api", baseUrl)).run((context) -> {
			assertThat(context).hasNotFailed();
			RestClient client = client(context);
			assertThat(client.get().uri("/hello").retrieve().body(String.class)).isEqualTo("at /hello");
			assertThat(client.get().uri(baseUrl + "/absolute").retrieve().body(String.class))
				.isEqualTo("at /absolute");
			assertThat(client.get().uri("/old").retrieve().body(String.class)).isEqualTo("at /new");
			assertThat(server.requests()).extracting(RecordedRequest::path)
				.containsExactly("/hello", "/absolute", "/old", "/new");
			assertThat(server.connections()).as("connections of %s", server.requests())
				.singleElement()
				.extracting(RecordedConnection::sniHostName)
				.as("no SNI for an IP literal")
				.isNull();
		});
	}

	@Test
	void ipv6LiteralBaseUrlIsVerifiedAgainstTheIpAddressOfTheCertificate() {
		InetAddress loopback = ipv6Loopback();
		// Names 127.0.0.1 and localhost, not ::1.
		RecordingMtlsServer server = this.servers.start(this.pki.serverBuilder().address(loopback));
		this.runner.withPropertyValues(this.pki.clientProperties("api", "https://[::1]:" + server.port()))
			.run((context) -> assertThatExceptionOfType(ResourceAccessException.class)
				.isThrownBy(() -> client(context).get().uri("/").retrieve().toBodilessEntity())
				.withRootCauseInstanceOf(CertificateException.class));
		assertThat(server.requests()).isEmpty();
	}

	@ParameterizedTest(name = "server-name={0}")
	@ValueSource(strings = { "::1", "[::1]", "0:0:0:0:0:0:0:1" })
	void ipv6ServerNameIsVerifiedAgainstTheIpAddressOfTheCertificateWithoutSni(String serverName) {
		IssuedCertificate certificate = this.pki.serverCa.issueServer("ipv6", "::1");
		RecordingMtlsServer server = this.servers.start(RecordingMtlsServer.builder(certificate.privateKey(), certificate.chain())
			.trustedClientCas(this.pki.clientCa.certificate()));
		this.runner.withPropertyValues(this.pki.clientProperties("api", server))
			.withPropertyValues("mtls.clients.api.server-name=" + serverName)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(client(context).get().uri("/").retrieve().body(String.class)).isEqualTo("ok");
				assertThat(server.connections()).singleElement()
					.extracting(RecordedConnection::sniHostName)
					.isNull();
			});
	}

	private static RestClient client(ApplicationContext context) {
		return context.getBean(MtlsClients.class).restClient("api");
	}

	private static String port(RecordedRequest request) {
		String host = request.header("Host");
		return host.substring(host.lastIndexOf(':') + 1);
	}

	private static boolean resolves(String host) {
		try {
			InetAddress.getByName(host);
			return true;
		}
		catch (UnknownHostException ex) {
			return false;
		}
	}

	private static InetAddress ipv6Loopback() {
		InetAddress loopback;
		try {
			loopback = InetAddress.getByName("::1");
			try (ServerSocket probe = new ServerSocket()) {
				probe.bind(new InetSocketAddress(loopback, 0));
			}
		}
		catch (IOException ex) {
			loopback = null;
		}
		assumeTrue(loopback != null, "this machine has no IPv6 loopback");
		return loopback;
	}

}
