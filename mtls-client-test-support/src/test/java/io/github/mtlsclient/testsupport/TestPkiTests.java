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
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertPathValidator;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.crypto.EncryptedPrivateKeyInfo;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.pem.PemContent;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStoreDetails;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

/**
 * Tests for {@link TestPki}.
 */
class TestPkiTests {

	private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";

	private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

	@TempDir
	Path dir;

	@Test
	void rootCaHasDefaults() throws Exception {
		Instant now = Instant.now();
		CertificateAuthority root = TestPki.rootCa("Test Root");
		X509Certificate certificate = root.certificate();
		assertThat(certificate.getSubjectX500Principal().getName()).isEqualTo("CN=Test Root");
		assertThat(certificate.getIssuerX500Principal()).isEqualTo(certificate.getSubjectX500Principal());
		certificate.verify(root.keyPair().getPublic());
		assertThat(certificate.getPublicKey()).isEqualTo(root.keyPair().getPublic());
		assertThat(certificate.getPublicKey().getAlgorithm()).isEqualTo("EC");
		assertThat(certificate.getSigAlgName()).isEqualTo("SHA256withECDSA");
		assertThat(certificate.getBasicConstraints()).isNotNegative();
		assertThat(certificate.getKeyUsage()).containsExactly(false, false, false, false, false, true, true, false,
				false);
		assertThat(certificate.getNotBefore().toInstant()).isCloseTo(now.minus(Duration.ofHours(1)),
				within(1, ChronoUnit.MINUTES));
		assertThat(certificate.getNotAfter().toInstant()).isCloseTo(now.plus(Duration.ofDays(10)),
				within(1, ChronoUnit.MINUTES));
		assertThat(authorityKeyId(certificate)).isEqualTo(subjectKeyId(certificate));
		assertThat(root.chain()).containsExactly(certificate);
	}

	@Test
	void intermediateIsSignedByIssuerAndChainVerifiesWithPkix() throws Exception {
		CertificateAuthority root = TestPki.rootCa("Root", KeyAlgorithm.RSA);
		CertificateAuthority intermediate = root.intermediate("Intermediate");
		CertificateAuthority second = intermediate.intermediate("Second", KeyAlgorithm.RSA);
		X509Certificate certificate = intermediate.certificate();
		assertThat(certificate.getIssuerX500Principal()).isEqualTo(root.certificate().getSubjectX500Principal());
		assertThat(certificate.getSigAlgName()).isEqualTo("SHA256withRSA");
		assertThat(certificate.getBasicConstraints()).isNotNegative();
		assertThat(authorityKeyId(certificate)).isEqualTo(subjectKeyId(root.certificate()));
		assertThat(second.chain()).containsExactly(second.certificate(), certificate, root.certificate());
		IssuedCertificate leaf = second.issueClient("client");
		assertThat(leaf.certificate().getSigAlgName()).isEqualTo("SHA256withRSA");
		assertThat(leaf.chain()).containsExactly(leaf.certificate(), second.certificate(), certificate);
		assertValidPath(leaf.chain(), root.certificate());
		assertValidPath(intermediate.chain().subList(0, 1), root.certificate());
	}

	@Test
	void issueServerSetsSubjectAltNamesAndServerAuth() throws Exception {
		CertificateAuthority root = TestPki.rootCa("Root");
		IssuedCertificate server = root.issueServer("server", "localhost", "*.example.com", "127.0.0.1", "::1");
		X509Certificate certificate = server.certificate();
		assertThat(server.subject()).isEqualTo("CN=server");
		assertThat(certificate.getSubjectAlternativeNames()).containsExactly(List.of(2, "localhost"),
				List.of(2, "*.example.com"), List.of(7, "127.0.0.1"), List.of(7, "0:0:0:0:0:0:0:1"));
		assertThat(certificate.getExtendedKeyUsage()).containsExactly(SERVER_AUTH);
		assertThat(certificate.getBasicConstraints()).isEqualTo(-1);
		assertThat(certificate.getKeyUsage()).containsExactly(true, false, false, false, false, false, false, false,
				false);
		assertThat(server.privateKey().getAlgorithm()).isEqualTo("EC");
		assertThat(certificate.getPublicKey()).isEqualTo(server.keyPair().getPublic());
		assertThat(authorityKeyId(certificate)).isEqualTo(subjectKeyId(root.certificate()));
		assertThat(subjectKeyId(certificate)).isNotEmpty();
		assertThat(server.chain()).containsExactly(certificate);
		assertValidPath(server.chain(), root.certificate());
	}

	@Test
	void issueClientSetsClientAuth() throws Exception {
		IssuedCertificate client = TestPki.rootCa("Root").issueClient("client, \"quoted\"");
		assertThat(client.subject()).isEqualTo("CN=client\\, \\\"quoted\\\"");
		assertThat(client.certificate().getExtendedKeyUsage()).containsExactly(CLIENT_AUTH);
		assertThat(client.certificate().getSubjectAlternativeNames()).isNull();
	}

	@Test
	void leafBuilderAppliesAllOptions() throws Exception {
		CertificateAuthority root = TestPki.rootCa("Root");
		Instant notBefore = Instant.now().plus(Duration.ofDays(1)).truncatedTo(ChronoUnit.SECONDS);
		Instant notAfter = notBefore.plus(Duration.ofDays(2));
		IssuedCertificate leaf = root.leaf("both")
			.keyAlgorithm(KeyAlgorithm.RSA)
			.subjectAltNames("localhost")
			.serverAuth()
			.clientAuth()
			.validity(notBefore, notAfter)
			.serialNumber(BigInteger.valueOf(4242))
			.issue();
		X509Certificate certificate = leaf.certificate();
		assertThat(leaf.privateKey().getAlgorithm()).isEqualTo("RSA");
		assertThat(certificate.getExtendedKeyUsage()).containsExactly(SERVER_AUTH, CLIENT_AUTH);
		assertThat(certificate.getKeyUsage()).containsExactly(true, false, true, false, false, false, false, false,
				false);
		assertThat(certificate.getNotBefore().toInstant()).isEqualTo(notBefore);
		assertThat(certificate.getNotAfter().toInstant()).isEqualTo(notAfter);
		assertThat(leaf.serialNumber()).isEqualTo(4242);
		assertThat(certificate.getSigAlgName()).isEqualTo("SHA256withECDSA");
	}

	@Test
	void serialNumbersAreRandomPositiveAndUnique() {
		CertificateAuthority root = TestPki.rootCa("Root");
		Set<BigInteger> serials = new HashSet<>();
		serials.add(root.certificate().getSerialNumber());
		serials.add(root.intermediate("Intermediate").certificate().getSerialNumber());
		for (int i = 0; i < 20; i++) {
			serials.add(root.issueClient("client").serialNumber());
		}
		assertThat(serials).hasSize(22).allSatisfy((serial) -> {
			assertThat(serial.signum()).isPositive();
			assertThat(serial.bitLength()).isGreaterThanOrEqualTo(64);
		});
	}

	@Test
	void writesCertificatesReadableByPemContent() throws Exception {
		CertificateAuthority root = TestPki.rootCa("Root");
		CertificateAuthority intermediate = root.intermediate("Intermediate");
		IssuedCertificate server = intermediate.issueServer("server", "localhost");
		Path leafFile = this.dir.resolve("a/b/leaf.crt");
		Path chainFile = this.dir.resolve("c/chain.crt");
		Path caFile = this.dir.resolve("d/ca.crt");
		server.writeCertificate(leafFile);
		server.writeCertificateChain(chainFile);
		root.writeCertificate(caFile);
		assertThat(PemContent.load(leafFile).getCertificates()).containsExactly(server.certificate());
		assertThat(PemContent.load(chainFile).getCertificates()).containsExactly(server.certificate(),
				intermediate.certificate());
		assertThat(PemContent.load(caFile).getCertificates()).containsExactly(root.certificate());
		assertThat(server.certificatePem()).startsWith("-----BEGIN CERTIFICATE-----\n")
			.endsWith("-----END CERTIFICATE-----\n")
			.isEqualTo(Files.readString(leafFile));
		assertValidPath(PemContent.load(chainFile).getCertificates(), root.certificate());
	}

	@Test
	void writePemCertificatesWritesSeveralCertificates() throws Exception {
		X509Certificate first = TestPki.rootCa("First").certificate();
		X509Certificate second = TestPki.rootCa("Second", KeyAlgorithm.RSA).certificate();
		Path file = this.dir.resolve("trust/cas.pem");
		TestPki.writePemCertificates(file, first, second);
		assertThat(PemContent.load(file).getCertificates()).containsExactly(first, second);
	}

	@ParameterizedTest
	@CsvSource({ "RSA, PKCS8, PRIVATE KEY", "EC, PKCS8, PRIVATE KEY", "RSA, ENCRYPTED_PKCS8, ENCRYPTED PRIVATE KEY",
			"EC, ENCRYPTED_PKCS8, ENCRYPTED PRIVATE KEY", "RSA, PKCS1_RSA, RSA PRIVATE KEY",
			"EC, SEC1_EC, EC PRIVATE KEY" })
	void writesPrivateKeyReadableByPemContent(KeyAlgorithm algorithm, KeyFormat format, String label)
			throws Exception {
		IssuedCertificate leaf = TestPki.rootCa("Root").leaf("leaf").keyAlgorithm(algorithm).issue();
		Path file = this.dir.resolve("keys/" + format + ".key");
		leaf.writePrivateKey(file, format, "secret");
		String pem = Files.readString(file);
		assertThat(pem).startsWith("-----BEGIN " + label + "-----\n").endsWith("-----END " + label + "-----\n");
		PrivateKey key = PemContent.load(file).getPrivateKey("secret");
		assertThat(key.getAlgorithm()).isEqualTo(algorithm.name());
		assertSameKey(key, leaf.keyPair());
		if (format != KeyFormat.ENCRYPTED_PKCS8) {
			assertThat(leaf.privateKeyPem(format)).isEqualTo(pem);
		}
	}

	@Test
	void encryptedPkcs8UsesPbes2WithAes256AndHmacSha256() throws Exception {
		IssuedCertificate leaf = TestPki.rootCa("Root").issueClient("client");
		String pem = leaf.privateKeyPem(KeyFormat.ENCRYPTED_PKCS8, "secret");
		EncryptedPrivateKeyInfo info = new EncryptedPrivateKeyInfo(der(pem));
		assertThat(info.getAlgName()).isEqualTo("PBES2");
		assertThat(info.getAlgParameters()).hasToString("PBEWithHmacSHA256AndAES_256");
		assertThatExceptionOfType(RuntimeException.class)
			.isThrownBy(() -> PemContent.of(pem).getPrivateKey("wrong"));
		assertThatIllegalArgumentException().isThrownBy(() -> leaf.privateKeyPem(KeyFormat.ENCRYPTED_PKCS8))
			.withMessageContaining("password");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> leaf.writePrivateKey(this.dir.resolve("k.pem"), KeyFormat.ENCRYPTED_PKCS8));
	}

	@Test
	void sec1IncludesCurveParametersAndPublicKey() throws Exception {
		IssuedCertificate leaf = TestPki.rootCa("Root").issueClient("client");
		ECPrivateKey key = ECPrivateKey.getInstance(der(leaf.privateKeyPem(KeyFormat.SEC1_EC)));
		assertThat(key.getParametersObject()).isEqualTo(SECObjectIdentifiers.secp256r1);
		assertThat(key.getPublicKey()).isNotNull();
	}

	@Test
	void algorithmSpecificFormatsRejectOtherKeys() {
		IssuedCertificate ec = TestPki.rootCa("Root").issueClient("ec");
		IssuedCertificate rsa = TestPki.rootCa("Root").leaf("rsa").keyAlgorithm(KeyAlgorithm.RSA).issue();
		assertThatIllegalArgumentException().isThrownBy(() -> ec.privateKeyPem(KeyFormat.PKCS1_RSA));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> rsa.writePrivateKey(this.dir.resolve("rsa.key"), KeyFormat.SEC1_EC));
		assertThat(this.dir.resolve("rsa.key")).doesNotExist();
	}

	@ParameterizedTest
	@CsvSource({ "PKCS12, client.p12", "JKS, client.jks" })
	void writesKeyStoreWithKeyAndChain(String type, String fileName) throws Exception {
		CertificateAuthority intermediate = TestPki.rootCa("Root").intermediate("Intermediate");
		IssuedCertificate client = intermediate.issueClient("client");
		Path file = this.dir.resolve("stores/" + fileName);
		if (type.equals("JKS")) {
			client.writeJks(file, "changeit", "client");
		}
		else {
			client.writePkcs12(file, "changeit", "client");
		}
		KeyStore keyStore = loadKeyStore(file, type);
		assertThat(keyStore.getKey("client", "changeit".toCharArray())).isEqualTo(client.privateKey());
		assertThat(keyStore.getCertificateChain("client")).containsExactly(client.certificate(),
				intermediate.certificate());
	}

	@Test
	void writesTrustStore() throws Exception {
		X509Certificate first = TestPki.rootCa("First").certificate();
		X509Certificate second = TestPki.rootCa("Second").certificate();
		Path file = this.dir.resolve("trust/trust.p12");
		TestPki.writeTrustStore(file, "PKCS12", "changeit", first, second);
		KeyStore keyStore = loadKeyStore(file, "PKCS12");
		assertThat(keyStore.getCertificate("ca-0")).isEqualTo(first);
		assertThat(keyStore.getCertificate("ca-1")).isEqualTo(second);
	}

	@Test
	void mutualTlsHandshakeWithIntermediatesAndPemFiles() throws Exception {
		CertificateAuthority root = TestPki.rootCa("Root");
		IssuedCertificate server = root.intermediate("Server CA").issueServer("localhost", "localhost", "127.0.0.1");
		IssuedCertificate client = root.intermediate("Client CA")
			.leaf("client")
			.keyAlgorithm(KeyAlgorithm.RSA)
			.clientAuth()
			.issue();
		root.writeCertificate(this.dir.resolve("ca.crt"));
		server.writeCertificateChain(this.dir.resolve("server.crt"));
		server.writePrivateKey(this.dir.resolve("server.key"), KeyFormat.SEC1_EC);
		client.writeCertificateChain(this.dir.resolve("client.crt"));
		client.writePrivateKey(this.dir.resolve("client.key"), KeyFormat.ENCRYPTED_PKCS8, "secret");
		SSLContext serverContext = sslContext("server", null);
		SSLContext clientContext = sslContext("client", "secret");
		try (SSLServerSocket serverSocket = (SSLServerSocket) serverContext.getServerSocketFactory()
			.createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			serverSocket.setNeedClientAuth(true);
			serverSocket.setSoTimeout(10_000);
			CompletableFuture<List<X509Certificate>> clientChain = CompletableFuture
				.supplyAsync(() -> acceptAndReply(serverSocket));
			try (SSLSocket socket = (SSLSocket) clientContext.getSocketFactory()
				.createSocket("127.0.0.1", serverSocket.getLocalPort())) {
				socket.setSoTimeout(10_000);
				SSLParameters parameters = socket.getSSLParameters();
				parameters.setEndpointIdentificationAlgorithm("HTTPS");
				socket.setSSLParameters(parameters);
				socket.startHandshake();
				assertThat(socket.getInputStream().read()).isEqualTo(42);
				assertThat(socket.getSession().getPeerCertificates()).containsExactlyElementsOf(server.chain());
			}
			assertThat(clientChain.get(10, TimeUnit.SECONDS)).containsExactlyElementsOf(client.chain());
		}
	}

	private SSLContext sslContext(String name, String keyPassword) {
		PemSslStoreDetails keyStore = PemSslStoreDetails.forCertificate(uri(name + ".crt"))
			.withPrivateKey(uri(name + ".key"))
			.withPrivateKeyPassword(keyPassword);
		PemSslStoreDetails trustStore = PemSslStoreDetails.forCertificates(uri("ca.crt"));
		return SslBundle.of(new PemSslStoreBundle(keyStore, trustStore)).createSslContext();
	}

	private String uri(String file) {
		return this.dir.resolve(file).toUri().toString();
	}

	private static List<X509Certificate> acceptAndReply(SSLServerSocket serverSocket) {
		try (SSLSocket socket = (SSLSocket) serverSocket.accept()) {
			socket.startHandshake();
			Certificate[] peerChain = socket.getSession().getPeerCertificates();
			socket.getOutputStream().write(42);
			socket.getOutputStream().flush();
			return Arrays.stream(peerChain).map(X509Certificate.class::cast).toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void assertValidPath(List<X509Certificate> chain, X509Certificate root) throws Exception {
		PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(root, null)));
		parameters.setRevocationEnabled(false);
		CertPathValidator.getInstance("PKIX")
			.validate(CertificateFactory.getInstance("X.509").generateCertPath(chain), parameters);
	}

	private static void assertSameKey(PrivateKey key, KeyPair expected) throws Exception {
		String algorithm = key.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
		byte[] data = "test".getBytes(StandardCharsets.UTF_8);
		Signature signer = Signature.getInstance(algorithm);
		signer.initSign(key);
		signer.update(data);
		Signature verifier = Signature.getInstance(algorithm);
		verifier.initVerify(expected.getPublic());
		verifier.update(data);
		assertThat(verifier.verify(signer.sign())).isTrue();
	}

	private static byte[] authorityKeyId(X509Certificate certificate) throws Exception {
		return AuthorityKeyIdentifier.fromExtensions(new JcaX509CertificateHolder(certificate).getExtensions())
			.getKeyIdentifier();
	}

	private static byte[] subjectKeyId(X509Certificate certificate) throws Exception {
		return SubjectKeyIdentifier.fromExtensions(new JcaX509CertificateHolder(certificate).getExtensions())
			.getKeyIdentifier();
	}

	private static KeyStore loadKeyStore(Path file, String type) throws Exception {
		KeyStore keyStore = KeyStore.getInstance(type);
		try (InputStream in = Files.newInputStream(file)) {
			keyStore.load(in, "changeit".toCharArray());
		}
		return keyStore;
	}

	private static byte[] der(String pem) {
		String base64 = pem.replaceAll("-----[A-Z ]+-----", "");
		return Base64.getMimeDecoder().decode(base64);
	}

}
