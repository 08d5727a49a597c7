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

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.github.mtlsclient.testsupport.RecordingMtlsServer.ClientAuth;
import io.github.mtlsclient.testsupport.RecordingMtlsServer.Response;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link RecordingMtlsServer}, using real handshakes with the JDK HTTP client.
 */
class RecordingMtlsServerTests {

	private static CertificateAuthority ca;

	private static IssuedCertificate serverCert;

	private static IssuedCertificate client;

	private RecordingMtlsServer server;

	@BeforeAll
	static void createCertificates() {
		ca = TestPki.rootCa("Recording Test CA");
		serverCert = ca.issueServer("localhost", "127.0.0.1", "localhost");
		client = ca.issueClient("client-1");
	}

	@AfterEach
	void closeServer() {
		if (this.server != null) {
			this.server.close();
		}
	}

	@Test
	void recordsClientCertificateAndRequest() throws Exception {
		this.server = trustingBuilder().start();
		HttpResponse<String> response = httpClient(clientContext()).send(
				HttpRequest.newBuilder(URI.create(this.server.baseUrl() + "/hello?x=1"))
					.header("X-Test", "a")
					.POST(HttpRequest.BodyPublishers.ofString("payload"))
					.build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("ok");
		assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(
				(value) -> assertThat(value).startsWith("text/plain"));
		RecordedRequest request = this.server.takeRequest();
		assertThat(request.method()).isEqualTo("POST");
		assertThat(request.path()).isEqualTo("/hello?x=1");
		assertThat(request.header("x-test")).isEqualTo("a");
		assertThat(request.headers().get("X-TEST")).containsExactly("a");
		assertThat(request.body()).isEqualTo("payload");
		assertThat(request.peerCertificate()).isEqualTo(client.certificate());
		assertThat(request.peerCertificate().getSubjectX500Principal().getName()).isEqualTo("CN=client-1");
		RecordedConnection connection = request.connection();
		assertThat(connection.peerSubject()).isEqualTo("CN=client-1");
		assertThat(connection.peerCertificates()).containsExactly(client.certificate(), ca.certificate());
		assertThat(connection.protocol()).isEqualTo("TLSv1.3");
		assertThat(connection.cipherSuite()).startsWith("TLS_");
		assertThat(connection.sniHostName()).isNull();
		assertThat(this.server.connections()).containsExactly(connection);
		assertThat(this.server.handshakeCount()).isOne();
		assertThat(this.server.failedHandshakeCount()).isZero();
	}

	@Test
	void keepAliveRequestsShareOneHandshake() throws Exception {
		this.server = trustingBuilder().start();
		HttpClient httpClient = httpClient(clientContext());
		for (int i = 0; i < 5; i++) {
			assertThat(get(httpClient, "/r" + i).statusCode()).isEqualTo(200);
		}
		assertThat(this.server.handshakeCount()).isOne();
		assertThat(this.server.requests()).extracting(RecordedRequest::path)
			.containsExactly("/r0", "/r1", "/r2", "/r3", "/r4");
		assertThat(this.server.requests()).extracting((request) -> request.connection().id()).containsOnly(1);
		assertThat(this.server.connections()).singleElement().satisfies((connection) -> {
			assertThat(connection.requestCount()).isEqualTo(5);
			assertThat(connection.isOpen()).isTrue();
		});
		assertThat(this.server.openConnectionCount()).isOne();
		assertThat(this.server.lastRequest().path()).isEqualTo("/r4");
		this.server.close();
		assertNoServerThreads(this.server.port());
		assertThat(this.server.openConnectionCount()).isZero();
	}

	@Test
	void missingClientCertificateFailsHandshakeWhenNeeded() throws Exception {
		this.server = trustingBuilder().start();
		HttpClient httpClient = httpClient(TestSslContexts.withoutClientCertificate(ca));
		// POST as the JDK client retries idempotent requests once on a failed connection
		HttpRequest post = HttpRequest.newBuilder(URI.create(this.server.baseUrl() + "/"))
			.POST(HttpRequest.BodyPublishers.noBody())
			.build();
		assertThatExceptionOfType(IOException.class)
			.isThrownBy(() -> httpClient.send(post, HttpResponse.BodyHandlers.ofString()));
		await().atMost(Duration.ofSeconds(10)).until(() -> this.server.failedHandshakeCount() >= 1);
		assertThat(this.server.failedHandshakes()).singleElement().asString().containsIgnoringCase("certificate");
		assertThat(this.server.handshakeCount()).isZero();
		assertThat(this.server.connections()).isEmpty();
		assertThat(this.server.requests()).isEmpty();
	}

	@Test
	void withoutTrustedCasRejectsEveryClientCertificate() throws Exception {
		this.server = RecordingMtlsServer.builder(serverCert.privateKey(), serverCert.chain()).start();
		HttpClient httpClient = httpClient(clientContext());
		assertThatExceptionOfType(IOException.class).isThrownBy(() -> get(httpClient, "/"));
		await().atMost(Duration.ofSeconds(10)).until(() -> this.server.failedHandshakeCount() >= 1);
		assertThat(this.server.handshakeCount()).isZero();
	}

	@Test
	void wantAcceptsMissingClientCertificate() throws Exception {
		this.server = trustingBuilder()
			.clientAuth(ClientAuth.WANT)
			.start();
		assertThat(get(httpClient(TestSslContexts.withoutClientCertificate(ca)), "/").statusCode()).isEqualTo(200);
		RecordedRequest request = this.server.takeRequest();
		assertThat(request.peerCertificate()).isNull();
		assertThat(request.connection().peerCertificates()).isEmpty();
		assertThat(request.connection().peerSubject()).isNull();
		assertThat(this.server.handshakeCount()).isOne();
	}

	@Test
	void noneDoesNotRequestClientCertificate() throws Exception {
		this.server = RecordingMtlsServer.builder(serverCert.privateKey(), serverCert.chain())
			.clientAuth(ClientAuth.NONE)
			.start();
		assertThat(get(httpClient(clientContext()), "/").statusCode()).isEqualTo(200);
		assertThat(this.server.takeRequest().peerCertificate()).isNull();
	}

	@Test
	void sendsStatusRedirectAndHeaderResponses() throws Exception {
		this.server = trustingBuilder()
			.handler((request) -> switch (request.path()) {
				case "/redirect" -> Response.redirect(302, "/target");
				case "/status" -> Response.status(503).header("Retry-After", "7").body("busy");
				case "/multi" -> Response.status(204).header("X-Multi", "a").header("X-Multi", "b");
				case "/json" -> Response.json("{\"a\":1}");
				default -> Response.ok("at " + request.path());
			})
			.start();
		SSLContext sslContext = clientContext();
		HttpResponse<String> redirect = get(httpClient(sslContext), "/redirect");
		assertThat(redirect.statusCode()).isEqualTo(302);
		assertThat(redirect.headers().firstValue("location")).hasValue("/target");
		HttpClient following = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.sslContext(sslContext)
			.followRedirects(HttpClient.Redirect.NORMAL)
			.build();
		this.server.reset();
		HttpResponse<String> followed = get(following, "/redirect");
		assertThat(followed.statusCode()).isEqualTo(200);
		assertThat(followed.body()).isEqualTo("at /target");
		assertThat(this.server.requests()).extracting(RecordedRequest::path).containsExactly("/redirect", "/target");
		HttpResponse<String> status = get(following, "/status");
		assertThat(status.statusCode()).isEqualTo(503);
		assertThat(status.headers().firstValue("Retry-After")).hasValue("7");
		assertThat(status.body()).isEqualTo("busy");
		HttpResponse<String> multi = get(following, "/multi");
		assertThat(multi.statusCode()).isEqualTo(204);
		assertThat(multi.headers().allValues("X-Multi")).containsExactly("a", "b");
		HttpResponse<String> json = get(following, "/json");
		assertThat(json.headers().firstValue("Content-Type")).hasValue("application/json");
		assertThat(json.body()).isEqualTo("{\"a\":1}");
		assertThat(this.server.handshakeCount()).isOne();
	}

	@Test
	void handlerExceptionProduces500AndKeepsConnection() throws Exception {
		this.server = trustingBuilder()
			.handler((request) -> {
				if (request.path().equals("/boom")) {
					throw new IllegalStateException("boom");
				}
				return Response.ok("fine");
			})
			.start();
		HttpClient httpClient = httpClient(clientContext());
		HttpResponse<String> failed = get(httpClient, "/boom");
		assertThat(failed.statusCode()).isEqualTo(500);
		assertThat(failed.body()).contains("boom");
		assertThat(get(httpClient, "/next").body()).isEqualTo("fine");
		assertThat(this.server.handshakeCount()).isOne();
		assertThat(this.server.requests()).hasSize(2);
	}

	@Test
	void readsChunkedRequestBody() throws Exception {
		this.server = trustingBuilder().start();
		byte[] payload = "chunked-body-\u00e9".repeat(1000).getBytes(StandardCharsets.UTF_8);
		HttpResponse<String> response = httpClient(clientContext()).send(
				HttpRequest.newBuilder(URI.create(this.server.baseUrl() + "/upload"))
					.PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(payload)))
					.build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		RecordedRequest request = this.server.takeRequest();
		assertThat(request.method()).isEqualTo("PUT");
		assertThat(request.header("Transfer-Encoding")).isEqualTo("chunked");
		assertThat(request.body()).isEqualTo("chunked-body-\u00e9".repeat(1000));
	}

	@Test
	void delaysResponse() throws Exception {
		this.server = trustingBuilder()
			.handler((request) -> Response.ok("slow")
				.delay(Duration.ofMillis(request.path().equals("/short") ? 500 : 3000)))
			.start();
		HttpClient httpClient = httpClient(clientContext());
		HttpRequest timingOut = HttpRequest.newBuilder(URI.create(this.server.baseUrl() + "/long"))
			.timeout(Duration.ofMillis(300))
			.build();
		assertThatExceptionOfType(HttpTimeoutException.class)
			.isThrownBy(() -> httpClient.send(timingOut, HttpResponse.BodyHandlers.ofString()));
		long start = System.nanoTime();
		assertThat(get(httpClient, "/short").body()).isEqualTo("slow");
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(500));
	}

	@Test
	void closeInterruptsDelayAndStopsAllThreads() throws Exception {
		this.server = trustingBuilder()
			.handler((request) -> Response.ok("never").delay(Duration.ofMinutes(1)))
			.start();
		CompletableFuture<HttpResponse<String>> pending = httpClient(clientContext()).sendAsync(
				HttpRequest.newBuilder(URI.create(this.server.baseUrl() + "/")).build(),
				HttpResponse.BodyHandlers.ofString());
		this.server.takeRequest();
		assertThat(this.server.openConnectionCount()).isOne();
		Instant start = Instant.now();
		this.server.close();
		this.server.close();
		assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(3));
		assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> pending.get())
			.withCauseInstanceOf(IOException.class);
		assertThat(this.server.openConnectionCount()).isZero();
		assertThat(this.server.connections()).singleElement()
			.satisfies((connection) -> assertThat(connection.isOpen()).isFalse());
		assertNoServerThreads(this.server.port());
	}

	@Test
	void connectionCloseRequestClosesConnectionAndRecordsSniAndProtocol() throws Exception {
		this.server = trustingBuilder()
			.protocols("TLSv1.2")
			.start();
		SSLContext sslContext = clientContext();
		try (SSLSocket socket = (SSLSocket) sslContext.getSocketFactory()
			.createSocket("127.0.0.1", this.server.port())) {
			SSLParameters parameters = socket.getSSLParameters();
			parameters.setServerNames(List.of(new SNIHostName("mtls.test")));
			socket.setSSLParameters(parameters);
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			String request = "GET /raw HTTP/1.1\r\nHost: mtls.test\r\nConnection: close\r\n\r\n";
			out.write(request.getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			String response = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
			assertThat(response).startsWith("HTTP/1.1 200 OK\r\n")
				.contains("Content-Length: 2\r\n", "Connection: close\r\n")
				.endsWith("\r\n\r\nok");
		}
		RecordedConnection connection = this.server.takeRequest().connection();
		assertThat(connection.sniHostName()).isEqualTo("mtls.test");
		assertThat(connection.protocol()).isEqualTo("TLSv1.2");
		assertThat(connection.peerSubject()).isEqualTo("CN=client-1");
		await().atMost(Duration.ofSeconds(5))
			.until(() -> !connection.isOpen() && this.server.openConnectionCount() == 0);
	}

	@Test
	void resetClearsRecords() throws Exception {
		this.server = trustingBuilder().start();
		HttpClient withoutCertificate = httpClient(TestSslContexts.withoutClientCertificate(ca));
		assertThatExceptionOfType(IOException.class).isThrownBy(() -> get(withoutCertificate, "/"));
		HttpClient httpClient = httpClient(clientContext());
		get(httpClient, "/");
		await().atMost(Duration.ofSeconds(10)).until(() -> this.server.failedHandshakeCount() >= 1);
		this.server.reset();
		assertThat(this.server.handshakeCount()).isZero();
		assertThat(this.server.failedHandshakeCount()).isZero();
		assertThat(this.server.failedHandshakes()).isEmpty();
		assertThat(this.server.connections()).isEmpty();
		assertThat(this.server.requests()).isEmpty();
		assertThat(this.server.takeRequest(Duration.ZERO)).isNull();
		get(httpClient, "/again");
		assertThat(this.server.requests()).extracting(RecordedRequest::path).containsExactly("/again");
		assertThat(this.server.handshakeCount()).isZero();
		assertThat(this.server.openConnectionCount()).isOne();
	}

	@Test
	void clientRefusingTheServerCertificateIsOneFailedHandshakeWithItsAlert() throws Exception {
		this.server = trustingBuilder().start();
		CertificateAuthority otherCa = TestPki.rootCa("Other CA");
		SSLContext refusing = TestSslContexts.withClientCertificate(client.privateKey(), client.chain(), otherCa);
		try (SSLSocket socket = (SSLSocket) refusing.getSocketFactory().createSocket("127.0.0.1", this.server.port())) {
			assertThatExceptionOfType(IOException.class).isThrownBy(socket::startHandshake);
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> this.server.failedHandshakeCount() >= 1);
		assertThat(this.server.failedHandshakes()).singleElement().asString().contains("certificate_unknown");
		assertThat(this.server.handshakeCount()).isZero();
	}

	@Test
	void clientHangingUpMidHandshakeIsOneFailedHandshake() throws Exception {
		this.server = trustingBuilder().start();
		CertificateAuthority otherCa = TestPki.rootCa("Other CA");
		// When the JDK HTTP client refuses the certificate, its alert races its close: the
		// server sees the alert, a broken pipe or just the end of the stream
		HttpClient httpClient = httpClient(
				TestSslContexts.withClientCertificate(client.privateKey(), client.chain(), otherCa));
		// POST as the JDK client retries idempotent requests once on a failed connection
		HttpRequest post = HttpRequest.newBuilder(URI.create(this.server.baseUrl() + "/"))
			.POST(HttpRequest.BodyPublishers.noBody())
			.build();
		assertThatExceptionOfType(IOException.class)
			.isThrownBy(() -> httpClient.send(post, HttpResponse.BodyHandlers.ofString()));
		await().atMost(Duration.ofSeconds(10)).until(() -> this.server.failedHandshakeCount() >= 1);
		assertThat(this.server.failedHandshakes()).singleElement().asString().isNotBlank();
		assertThat(this.server.handshakeCount()).isZero();
		assertThat(this.server.connections()).isEmpty();
	}

	@Test
	void closeConnectionsClosesTheServerSideOfKeepAliveConnections() throws Exception {
		this.server = trustingBuilder().start();
		HttpClient httpClient = httpClient(clientContext());
		get(httpClient, "/first");
		RecordedConnection first = this.server.takeRequest().connection();
		assertThat(first.isOpen()).isTrue();
		this.server.closeConnections();
		await().atMost(Duration.ofSeconds(10))
			.until(() -> !first.isOpen() && this.server.openConnectionCount() == 0);
		assertThat(get(httpClient, "/second").statusCode()).isEqualTo(200);
		assertThat(this.server.takeRequest().connection().id()).isEqualTo(2);
		assertThat(this.server.handshakeCount()).isEqualTo(2);
	}

	@Test
	void connectionCloseInTheResponseEndsTheConnectionAfterThatExchange() throws Exception {
		this.server = trustingBuilder()
			.handler((request) -> request.path().equals("/last") ? Response.ok("bye").header("Connection", "close")
					: Response.ok("ok"))
			.start();
		HttpClient httpClient = httpClient(clientContext());
		get(httpClient, "/kept");
		HttpResponse<String> last = get(httpClient, "/last");
		assertThat(last.body()).isEqualTo("bye");
		assertThat(last.headers().firstValue("Connection")).hasValue("close");
		RecordedConnection connection = this.server.connections().get(0);
		await().atMost(Duration.ofSeconds(10)).until(() -> !connection.isOpen());
		assertThat(connection.requestCount()).isEqualTo(2);
		get(httpClient, "/next");
		assertThat(this.server.handshakeCount()).isEqualTo(2);
	}

	@Test
	void idleTimeoutClosesIdleConnections() throws Exception {
		this.server = trustingBuilder().idleTimeout(Duration.ofMillis(300)).start();
		get(httpClient(clientContext()), "/");
		RecordedConnection connection = this.server.takeRequest().connection();
		await().atMost(Duration.ofSeconds(10)).until(() -> !connection.isOpen());
		assertThat(this.server.openConnectionCount()).isZero();
	}

	@Test
	void recordsTheClientsPort() throws Exception {
		this.server = trustingBuilder().start();
		try (SSLSocket socket = (SSLSocket) clientContext().getSocketFactory()
			.createSocket("127.0.0.1", this.server.port())) {
			socket.getOutputStream()
				.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
			assertThat(this.server.takeRequest().connection().remotePort()).isEqualTo(socket.getLocalPort());
		}
	}

	private static RecordingMtlsServer.Builder trustingBuilder() {
		return RecordingMtlsServer.builder(serverCert.privateKey(), serverCert.chain())
			.trustedClientCas(ca.certificate());
	}

	private static void assertNoServerThreads(int port) {
		String prefix = "recording-mtls-server-" + port + "-";
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(Thread.getAllStackTraces().keySet())
				.noneMatch((thread) -> thread.getName().startsWith(prefix)));
	}

	/**
	 * A client {@link SSLContext} trusting the CA and presenting the client certificate
	 * followed by the CA, so that the recorded peer chain has more than one certificate.
	 */
	private static SSLContext clientContext() throws GeneralSecurityException {
		List<X509Certificate> chain = List.of(client.certificate(), ca.certificate());
		return TestSslContexts.withClientCertificate(client.privateKey(), chain, ca);
	}

	private static HttpClient httpClient(SSLContext sslContext) {
		return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(sslContext).build();
	}

	private HttpResponse<String> get(HttpClient httpClient, String path) throws IOException, InterruptedException {
		return httpClient.send(HttpRequest.newBuilder(URI.create(this.server.baseUrl() + path)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

}
