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

package io.github.mtlsclient.sample.demo;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link DemoPki}.
 *
 * @author mtls-client-spring-boot authors
 */
class DemoPkiTests {

	@TempDir
	Path dir;

	@Test
	void laysTheTrustedClientOutLikeAKubernetesSecretVolume() throws Exception {
		DemoPki.createOrReuse(this.dir);
		Path trusted = this.dir.resolve("trusted");
		assertThat(Files.readSymbolicLink(trusted.resolve("tls.crt"))).isEqualTo(Path.of("..data", "tls.crt"));
		assertThat(Files.readSymbolicLink(trusted.resolve("tls.key"))).isEqualTo(Path.of("..data", "tls.key"));
		Path version = Files.readSymbolicLink(trusted.resolve("..data"));
		assertThat(version.toString()).matches("\\.\\.\\d{4}_\\d{2}_\\d{2}_\\d{2}_\\d{2}_\\d{2}\\.\\d{9}");
		assertThat(trusted.resolve(version)).isDirectory();
		assertThat(trusted.resolve("..data_tmp")).doesNotExist();
	}

	@Test
	void issuesEachCertificateFromItsOwnCa() throws Exception {
		DemoPki pki = DemoPki.createOrReuse(this.dir);
		X509Certificate server = Pem.readCertificate(pki.serverCertificate());
		assertThat(server.getSubjectAlternativeNames()).extracting((name) -> (Object) name.get(1))
			.containsExactly("localhost", "127.0.0.1");
		assertThat(server.getIssuerX500Principal().getName()).isEqualTo("CN=Demo server CA,O=mtls-sample");
		X509Certificate trusted = Pem.readCertificate(pki.trustedCertificate());
		trusted.verify(pki.clientCaCertificate().getPublicKey());
		X509Certificate stranger = Pem.readCertificate(pki.strangerCertificate());
		assertThat(stranger.getIssuerX500Principal().getName()).isEqualTo("CN=Stranger CA,O=mtls-sample");
		assertThat(stranger.getIssuerX500Principal()).isNotEqualTo(pki.clientCaCertificate().getSubjectX500Principal());
	}

	@Test
	void reusesWhatAnEarlierStartMade() throws Exception {
		DemoPki first = DemoPki.createOrReuse(this.dir);
		String trusted = serial(first.trustedCertificate());
		String server = serial(first.serverCertificate());
		DemoPki second = DemoPki.createOrReuse(this.dir);
		assertThat(serial(second.trustedCertificate())).isEqualTo(trusted);
		assertThat(serial(second.serverCertificate())).isEqualTo(server);
		assertThat(second.clientCaCertificate()).isEqualTo(first.clientCaCertificate());
	}

	@Test
	void reissuesTheClientCertificatesOfACaThatWasMadeAnew() throws Exception {
		DemoPki first = DemoPki.createOrReuse(this.dir);
		String trusted = serial(first.trustedCertificate());
		String stranger = serial(first.strangerCertificate());
		Files.delete(this.dir.resolve("ca/client-ca.key"));
		DemoPki second = DemoPki.createOrReuse(this.dir);
		assertThat(serial(second.trustedCertificate())).isNotEqualTo(trusted);
		Pem.readCertificate(second.trustedCertificate()).verify(second.clientCaCertificate().getPublicKey());
		assertThat(serial(second.strangerCertificate())).isEqualTo(stranger);
	}

	@Test
	void rotationSwapsInANewMatchingPairAndRemovesTheOldVersion() throws Exception {
		DemoPki pki = DemoPki.createOrReuse(this.dir);
		Path trusted = this.dir.resolve("trusted");
		Path oldVersion = trusted.resolve(Files.readSymbolicLink(trusted.resolve("..data")));
		String oldSerial = serial(pki.trustedCertificate());
		X509Certificate rotated = pki.rotateTrusted();
		assertThat(serial(pki.trustedCertificate())).isEqualTo(rotated.getSerialNumber().toString(16))
			.isNotEqualTo(oldSerial);
		assertThat(oldVersion).doesNotExist();
		assertThat(keyMatches(Pem.readPrivateKey(trusted.resolve("tls.key")), rotated)).isTrue();
	}

	@Test
	void privateKeysAreReadableByTheirOwnerOnly() throws Exception {
		DemoPki.createOrReuse(this.dir);
		for (String key : new String[] { "ca/client-ca.key", "trusted/tls.key", "server/tls.key" }) {
			assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(this.dir.resolve(key))))
				.as(key)
				.isEqualTo("rw-------");
		}
	}

	private static String serial(Path certificate) throws Exception {
		return Pem.readCertificate(certificate).getSerialNumber().toString(16);
	}

	private static boolean keyMatches(PrivateKey key, X509Certificate certificate) throws Exception {
		byte[] message = "demo".getBytes(StandardCharsets.US_ASCII);
		Signature signer = Signature.getInstance("SHA256withECDSA");
		signer.initSign(key);
		signer.update(message);
		byte[] signature = signer.sign();
		Signature verifier = Signature.getInstance("SHA256withECDSA");
		verifier.initVerify(certificate);
		verifier.update(message);
		return verifier.verify(signature);
	}

}
