package io.github.mtlsclient.testsupport;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
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

	private static Certs.Issued ca;

	private static Certs.Issued serverCert;

	private static Certs.Issued client;

	private RecordingMtlsServer server;

	@BeforeAll
	static void createCertificates() throws Exception {
		ca = Certs.ca("CN=Recording Test CA");
		serverCert = Certs.server(ca);
		client = Certs.client(ca, "CN=client-1");
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
		HttpResponse<String> response = httpClient(Certs.clientContext(client, ca)).send(
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
		HttpClient httpClient = httpClient(Certs.clientContext(client, ca));
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
		HttpClient httpClient = httpClient(Certs.clientContext(null, ca));
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
		this.server = RecordingMtlsServer.builder(serverCert.key(), serverCert.chain()).start();
		HttpClient httpClient = httpClient(Certs.clientContext(client, ca));
		assertThatExceptionOfType(IOException.class).isThrownBy(() -> get(httpClient, "/"));
		await().atMost(Duration.ofSeconds(10)).until(() -> this.server.failedHandshakeCount() >= 1);
		assertThat(this.server.handshakeCount()).isZero();
	}

	@Test
	void wantAcceptsMissingClientCertificate() throws Exception {
		this.server = trustingBuilder()
			.clientAuth(ClientAuth.WANT)
			.start();
		assertThat(get(httpClient(Certs.clientContext(null, ca)), "/").statusCode()).isEqualTo(200);
		RecordedRequest request = this.server.takeRequest();
		assertThat(request.peerCertificate()).isNull();
		assertThat(request.connection().peerCertificates()).isEmpty();
		assertThat(request.connection().peerSubject()).isNull();
		assertThat(this.server.handshakeCount()).isOne();
	}

	@Test
	void noneDoesNotRequestClientCertificate() throws Exception {
		this.server = RecordingMtlsServer.builder(serverCert.key(), serverCert.chain())
			.clientAuth(ClientAuth.NONE)
			.start();
		assertThat(get(httpClient(Certs.clientContext(client, ca)), "/").statusCode()).isEqualTo(200);
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
		SSLContext sslContext = Certs.clientContext(client, ca);
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
		HttpClient httpClient = httpClient(Certs.clientContext(client, ca));
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
		HttpResponse<String> response = httpClient(Certs.clientContext(client, ca)).send(
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
		HttpClient httpClient = httpClient(Certs.clientContext(client, ca));
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
		CompletableFuture<HttpResponse<String>> pending = httpClient(Certs.clientContext(client, ca)).sendAsync(
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
		SSLContext sslContext = Certs.clientContext(client, ca);
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
		HttpClient withoutCertificate = httpClient(Certs.clientContext(null, ca));
		assertThatExceptionOfType(IOException.class).isThrownBy(() -> get(withoutCertificate, "/"));
		HttpClient httpClient = httpClient(Certs.clientContext(client, ca));
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

	private static RecordingMtlsServer.Builder trustingBuilder() {
		return RecordingMtlsServer.builder(serverCert.key(), serverCert.chain()).trustedClientCas(ca.certificate());
	}

	private static void assertNoServerThreads(int port) {
		String prefix = "recording-mtls-server-" + port + "-";
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(Thread.getAllStackTraces().keySet())
				.noneMatch((thread) -> thread.getName().startsWith(prefix)));
	}

	private static HttpClient httpClient(SSLContext sslContext) {
		return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(sslContext).build();
	}

	private HttpResponse<String> get(HttpClient httpClient, String path) throws IOException, InterruptedException {
		return httpClient.send(HttpRequest.newBuilder(URI.create(this.server.baseUrl() + path)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	/**
	 * Self-contained certificate generation with BouncyCastle, also used by
	 * {@link NodeHttpsServerTests}.
	 */
	static final class Certs {

		private static final SecureRandom random = new SecureRandom();

		private Certs() {
		}

		static Issued ca(String subject) throws Exception {
			KeyPair keyPair = keyPair();
			X500Name name = new X500Name(subject);
			X509v3CertificateBuilder builder = builder(name, name, keyPair);
			JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
			builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
			builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
			builder.addExtension(Extension.subjectKeyIdentifier, false,
					utils.createSubjectKeyIdentifier(keyPair.getPublic()));
			return new Issued(keyPair, sign(builder, keyPair.getPrivate()), null);
		}

		static Issued server(Issued ca) throws Exception {
			GeneralNames names = new GeneralNames(new GeneralName[] {
					new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
					new GeneralName(GeneralName.dNSName, "localhost") });
			return leaf(ca, "CN=localhost", KeyPurposeId.id_kp_serverAuth, names);
		}

		static Issued client(Issued ca, String subject) throws Exception {
			return leaf(ca, subject, KeyPurposeId.id_kp_clientAuth, null);
		}

		static Issued leaf(Issued ca, String subject, KeyPurposeId purpose, GeneralNames subjectAlternativeNames)
				throws Exception {
			KeyPair keyPair = keyPair();
			X500Name issuer = X500Name.getInstance(ca.certificate().getSubjectX500Principal().getEncoded());
			X509v3CertificateBuilder builder = builder(issuer, new X500Name(subject), keyPair);
			JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
			builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
			builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
			builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
			builder.addExtension(Extension.subjectKeyIdentifier, false,
					utils.createSubjectKeyIdentifier(keyPair.getPublic()));
			builder.addExtension(Extension.authorityKeyIdentifier, false,
					utils.createAuthorityKeyIdentifier(ca.certificate()));
			if (subjectAlternativeNames != null) {
				builder.addExtension(Extension.subjectAlternativeName, false, subjectAlternativeNames);
			}
			return new Issued(keyPair, sign(builder, ca.key()), ca.certificate());
		}

		/**
		 * A client {@link SSLContext} trusting the given CA and presenting the given
		 * certificate, if any, through a standard key manager.
		 */
		static SSLContext clientContext(Issued client, Issued trustedCa) throws Exception {
			return sslContext((client != null) ? keyManagers(client) : null, trustedCa);
		}

		static SSLContext sslContext(KeyManager[] keyManagers, Issued trustedCa)
				throws GeneralSecurityException, IOException {
			KeyStore trustStore = KeyStore.getInstance("PKCS12");
			trustStore.load(null, null);
			trustStore.setCertificateEntry("ca", trustedCa.certificate());
			TrustManagerFactory trustManagerFactory = TrustManagerFactory.getInstance("PKIX");
			trustManagerFactory.init(trustStore);
			SSLContext sslContext = SSLContext.getInstance("TLS");
			sslContext.init(keyManagers, trustManagerFactory.getTrustManagers(), null);
			return sslContext;
		}

		private static KeyManager[] keyManagers(Issued client) throws GeneralSecurityException, IOException {
			char[] password = "client".toCharArray();
			KeyStore keyStore = KeyStore.getInstance("PKCS12");
			keyStore.load(null, null);
			keyStore.setKeyEntry("client", client.key(), password, client.chain().toArray(new Certificate[0]));
			KeyManagerFactory keyManagerFactory = KeyManagerFactory
				.getInstance(KeyManagerFactory.getDefaultAlgorithm());
			keyManagerFactory.init(keyStore, password);
			return keyManagerFactory.getKeyManagers();
		}

		private static KeyPair keyPair() throws GeneralSecurityException {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
			generator.initialize(new ECGenParameterSpec("secp256r1"));
			return generator.generateKeyPair();
		}

		private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair keyPair) {
			Instant now = Instant.now();
			return new JcaX509v3CertificateBuilder(issuer, new BigInteger(64, random).add(BigInteger.ONE),
					Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(1))), subject,
					keyPair.getPublic());
		}

		private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key) throws Exception {
			return new JcaX509CertificateConverter()
				.getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key)));
		}

		/**
		 * A key pair with its certificate.
		 */
		record Issued(KeyPair keyPair, X509Certificate certificate, X509Certificate issuer) {

			PrivateKey key() {
				return this.keyPair.getPrivate();
			}

			/** The certificate followed by its issuer, if any. */
			List<X509Certificate> chain() {
				return (this.issuer != null) ? List.of(this.certificate, this.issuer) : List.of(this.certificate);
			}

		}

	}

}
