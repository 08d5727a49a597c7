package io.github.mtlsclient.testsupport;

import java.io.IOException;
import java.math.BigInteger;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.mtlsclient.testsupport.RecordingMtlsServerTests.Certs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
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

	private static Certs.Issued ca;

	private static Certs.Issued trustedClient;

	private static Certs.Issued untrustedClient;

	private static NodeHttpsServer server;

	@BeforeAll
	static void startServer() throws Exception {
		if (!NodeHttpsServer.nodeAvailable()) {
			if ("true".equals(System.getenv("CI"))) {
				fail("node is required on CI but 'node --version' failed");
			}
			return;
		}
		ca = Certs.ca("CN=Node Interop CA");
		Certs.Issued otherCa = Certs.ca("CN=Other CA");
		Certs.Issued unrelatedCa = Certs.ca("CN=Unrelated CA");
		Certs.Issued serverCert = Certs.server(ca);
		trustedClient = Certs.client(ca, "CN=trusted-client");
		untrustedClient = Certs.client(otherCa, "CN=untrusted-client");
		Path key = Files.writeString(directory.resolve("server-key.pem"),
				pem("PRIVATE KEY", serverCert.key().getEncoded()));
		Path cert = Files.writeString(directory.resolve("server.pem"),
				pem(serverCert.certificate()) + pem(ca.certificate()));
		Path clientCa = Files.writeString(directory.resolve("client-ca.pem"),
				pem(unrelatedCa.certificate()) + pem(ca.certificate()));
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
		String body = get(Certs.clientContext(trustedClient, ca));
		assertThat(body).contains("\"authorized\":true", "\"authorizationError\":null",
				"\"subject\":\"trusted-client\"");
		assertThat(serial(body)).isEqualTo(trustedClient.certificate().getSerialNumber());
		await().atMost(Duration.ofSeconds(10)).until(() -> server.stdoutLines().contains("valid"));
		assertThat(server.stdoutLines().get(0)).isEqualTo("listening " + server.port());
	}

	@Test
	void clientCertificateFromOtherCaIsNotAuthorized() throws Exception {
		KeyManager keyManager = new FixedAliasKeyManager(untrustedClient.key(), untrustedClient.certificate());
		String body = get(Certs.sslContext(new KeyManager[] { keyManager }, ca));
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

	private static String pem(X509Certificate certificate) throws CertificateEncodingException {
		return pem("CERTIFICATE", certificate.getEncoded());
	}

	private static String pem(String type, byte[] der) {
		String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
		return "-----BEGIN " + type + "-----\n" + base64 + "\n-----END " + type + "-----\n";
	}

	/**
	 * Key manager that always offers its one certificate, even when its issuer is not in
	 * the server's {@code certificate_authorities} list.
	 */
	private static final class FixedAliasKeyManager extends X509ExtendedKeyManager {

		private static final String ALIAS = "client";

		private final PrivateKey key;

		private final X509Certificate[] chain;

		FixedAliasKeyManager(PrivateKey key, X509Certificate... chain) {
			this.key = key;
			this.chain = chain.clone();
		}

		@Override
		public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
			return ALIAS;
		}

		@Override
		public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
			return ALIAS;
		}

		@Override
		public String[] getClientAliases(String keyType, Principal[] issuers) {
			return new String[] { ALIAS };
		}

		@Override
		public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
			return null;
		}

		@Override
		public String[] getServerAliases(String keyType, Principal[] issuers) {
			return null;
		}

		@Override
		public X509Certificate[] getCertificateChain(String alias) {
			return ALIAS.equals(alias) ? this.chain.clone() : null;
		}

		@Override
		public PrivateKey getPrivateKey(String alias) {
			return ALIAS.equals(alias) ? this.key : null;
		}

	}

}
