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
package io.github.mtlsclient.material;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import io.github.mtlsclient.InvalidMtlsClientException;
import io.github.mtlsclient.testsupport.CertificateAuthority;
import io.github.mtlsclient.testsupport.IssuedCertificate;
import io.github.mtlsclient.testsupport.KeyAlgorithm;
import io.github.mtlsclient.testsupport.KeyFormat;
import io.github.mtlsclient.testsupport.TestFiles;
import io.github.mtlsclient.testsupport.TestPki;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.io.ApplicationResourceLoader;
import org.springframework.core.io.DefaultResourceLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Loading and checking PEM material, and what the errors say.
 *
 * @author mtls-client-spring-boot authors
 */
class PemFileMaterialSourceTests {

	@TempDir
	Path dir;

	private CertificateAuthority ca;

	private IssuedCertificate client;

	private Path certificate;

	private Path key;

	@BeforeEach
	void setUp() {
		this.ca = TestPki.rootCa("Material CA");
		this.client = this.ca.issueClient("material-client");
		this.certificate = this.dir.resolve("tls.crt");
		this.key = this.dir.resolve("tls.key");
		this.client.writeCertificateChain(this.certificate);
		this.client.writePrivateKey(this.key, KeyFormat.PKCS8);
	}

	private PemFileMaterialSource source(Path certificate, Path key, String password, List<String> trust) {
		return new PemFileMaterialSource("payments", (certificate != null) ? certificate.toString() : null,
				(key != null) ? key.toString() : null, password, trust, ApplicationResourceLoader.get(new DefaultResourceLoader(), true));
	}

	@Test
	void loadsKeyChainAndTrust() {
		Path trust = this.dir.resolve("ca.pem");
		TestPki.writePemCertificates(trust, this.ca.certificate(), TestPki.rootCa("Other").certificate());
		TlsMaterial material = source(this.certificate, this.key, null, List.of("file:" + trust)).load();
		assertThat(material.leaf()).isEqualTo(this.client.certificate());
		assertThat(material.privateKey()).isEqualTo(this.client.privateKey());
		assertThat(material.trustedCertificates()).hasSize(2).contains(this.ca.certificate());
		assertThat(material.leafDetails().serialNumber()).isEqualTo(this.client.serialNumber().toString(16));
	}

	@Test
	void withoutTrustFilesTheJdkDefaultsAreUsed() {
		assertThat(source(this.certificate, this.key, null, List.of()).load().trustedCertificates()).isNull();
	}

	@Test
	void missingFileNamesClientPropertyAndFile() {
		Path missing = this.dir.resolve("nope.crt");
		assertThatExceptionOfType(InvalidMtlsClientException.class)
			.isThrownBy(() -> source(missing, this.key, null, List.of()).load())
			.satisfies((ex) -> {
				assertThat(ex.getClientName()).isEqualTo("payments");
				assertThat(ex.getProperty()).isEqualTo("mtls.clients.payments.certificate");
				assertThat(ex.getLocation()).isEqualTo(missing.toString());
				assertThat(ex.getAction()).isNotBlank();
			});
	}

	@Test
	void emptyAndGarbageFilesAreRejected() throws Exception {
		Path empty = Files.writeString(this.dir.resolve("empty.crt"), "\n");
		assertThatExceptionOfType(InvalidMtlsClientException.class)
			.isThrownBy(() -> source(empty, this.key, null, List.of()).load())
			.withMessageContaining("is empty");
		Path garbage = Files.writeString(this.dir.resolve("garbage.key"), "this is not PEM");
		assertThatExceptionOfType(InvalidMtlsClientException.class)
			.isThrownBy(() -> source(this.certificate, garbage, null, List.of()).load())
			.withMessageContaining("mtls.clients.payments.private-key")
			.withMessageContaining("no readable PEM private key");
	}

	@Test
	void keyOfAnotherCertificateIsRejected() {
		Path otherKey = this.dir.resolve("other.key");
		this.ca.issueClient("someone-else").writePrivateKey(otherKey, KeyFormat.PKCS8);
		assertThatExceptionOfType(InvalidMtlsClientException.class)
			.isThrownBy(() -> source(this.certificate, otherKey, null, List.of()).load())
			.withMessageContaining("mtls.clients.payments.private-key")
			.withMessageContaining("does not belong to the certificate CN=material-client");
	}

	@Test
	void rsaKeyForAnEcCertificateIsRejected() {
		Path rsaKey = this.dir.resolve("rsa.key");
		this.ca.leaf("rsa").keyAlgorithm(KeyAlgorithm.RSA).issue().writePrivateKey(rsaKey, KeyFormat.PKCS1_RSA);
		assertThatExceptionOfType(InvalidMtlsClientException.class)
			.isThrownBy(() -> source(this.certificate, rsaKey, null, List.of()).load())
			.withMessageContaining("does not belong to the certificate");
	}

	@Test
	void encryptedKeyNeedsTheRightPassword() {
		Path encrypted = this.dir.resolve("enc.key");
		this.client.writePrivateKey(encrypted, KeyFormat.ENCRYPTED_PKCS8, "right-password");
		assertThatExceptionOfType(InvalidMtlsClientException.class)
			.isThrownBy(() -> source(this.certificate, encrypted, null, List.of()).load())
			.withMessageContaining("encrypted and no password is set");
		assertThatExceptionOfType(InvalidMtlsClientException.class)
			.isThrownBy(() -> source(this.certificate, encrypted, "wrong-password", List.of()).load())
			.withMessageContaining("wrong password")
			.withMessageNotContaining("wrong-password");
		assertThat(source(this.certificate, encrypted, "right-password", List.of()).load().privateKey())
			.isEqualTo(this.client.privateKey());
	}

	@Test
	void severalKeysInOneFileAreRejected() throws Exception {
		Path two = this.dir.resolve("two.key");
		Files.writeString(two, this.client.privateKeyPem(KeyFormat.PKCS8)
				+ this.ca.issueClient("x").privateKeyPem(KeyFormat.PKCS8));
		assertThatExceptionOfType(InvalidMtlsClientException.class)
			.isThrownBy(() -> source(this.certificate, two, null, List.of()).load())
			.withMessageContaining("holds 2 private keys");
	}

	@Test
	void certificateWithoutKeyIsRejected() {
		assertThatExceptionOfType(InvalidMtlsClientException.class)
			.isThrownBy(() -> source(this.certificate, null, null, List.of()).load())
			.withMessageContaining("mtls.clients.payments.private-key")
			.withMessageContaining("is not set");
	}

	@Test
	void expiredCertificateIsRejectedWithItsDates() {
		Instant notAfter = Instant.now().minus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
		IssuedCertificate expired = this.ca.leaf("expired")
			.clientAuth()
			.validity(notAfter.minus(30, ChronoUnit.DAYS), notAfter)
			.issue();
		expired.writeCertificateChain(this.certificate);
		expired.writePrivateKey(this.key, KeyFormat.PKCS8);
		assertThatExceptionOfType(InvalidMtlsClientException.class)
			.isThrownBy(() -> source(this.certificate, this.key, null, List.of()).load())
			.withMessageContaining("mtls.clients.payments.certificate")
			.withMessageContaining("expired at " + notAfter);
	}

	@Test
	void chainOutOfOrderIsRejected() throws Exception {
		CertificateAuthority intermediate = this.ca.intermediate("Issuing CA");
		IssuedCertificate leaf = intermediate.issueClient("leaf");
		Files.writeString(this.certificate, pem(intermediate) + leaf.certificatePem());
		leaf.writePrivateKey(this.key, KeyFormat.PKCS8);
		assertThatExceptionOfType(InvalidMtlsClientException.class)
			.isThrownBy(() -> source(this.certificate, this.key, null, List.of()).load())
			.withMessageContaining("mtls.clients.payments.certificate")
			.withMessageContaining("CN=Issuing CA is not signed by the next certificate in the file, CN=leaf");
	}

	@Test
	void errorsAndToStringNeverShowKeyMaterialOrPassword() {
		Path encrypted = this.dir.resolve("enc.key");
		String rightPassword = "Right-Pa55word-Plugh";
		String wrongPassword = "Wr0ng-Pa55word-Xyzzy";
		this.client.writePrivateKey(encrypted, KeyFormat.ENCRYPTED_PKCS8, rightPassword);
		String keyBody = base64Body(this.client.privateKeyPem(KeyFormat.PKCS8));
		String encryptedBody = base64Body(this.client.privateKeyPem(KeyFormat.ENCRYPTED_PKCS8, rightPassword));
		List<Throwable> failures = new ArrayList<>();
		failures.add(catchThrowable(() -> source(this.certificate, encrypted, wrongPassword, List.of()).load()));
		Path garbage = this.dir.resolve("garbage.key");
		TestFiles.overwrite(garbage, this.client.privateKeyPem(KeyFormat.PKCS8).replace("PRIVATE KEY-----\n", "PRIVATE KEY-----\n!!"));
		failures.add(catchThrowable(() -> source(this.certificate, garbage, null, List.of()).load()));
		Path otherKey = this.dir.resolve("other.key");
		this.ca.issueClient("someone-else").writePrivateKey(otherKey, KeyFormat.PKCS8);
		failures.add(catchThrowable(() -> source(this.certificate, otherKey, null, List.of()).load()));
		for (Throwable failure : failures) {
			assertThat(failure).isInstanceOf(InvalidMtlsClientException.class);
			for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
				assertThat(String.valueOf(cause.getMessage()) + cause).doesNotContain(rightPassword)
					.doesNotContain(wrongPassword)
					.doesNotContain(keyBody.substring(0, 40))
					.doesNotContain(encryptedBody.substring(0, 40));
			}
		}
		TlsMaterial material = source(this.certificate, encrypted, rightPassword, List.of()).load();
		assertThat(material.toString()).contains("CN=material-client").doesNotContain(keyBody.substring(0, 40));
		assertThat(source(this.certificate, encrypted, rightPassword, List.of()).toString())
			.doesNotContain(rightPassword);
	}

	private static String base64Body(String pem) {
		return pem.lines().filter((line) -> !line.startsWith("-----")).collect(Collectors.joining());
	}

	private String pem(CertificateAuthority authority) throws Exception {
		Path file = this.dir.resolve("authority.pem");
		authority.writeCertificate(file);
		return Files.readString(file);
	}

}
