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

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.abort;

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

	@Test
	void aNewFolderIsMadeForItsOwnerOnly() throws Exception {
		Path folder = this.dir.resolve("new/pki");
		DemoPki pki = DemoPki.createOrReuse(folder);
		assertThat(pki.dir()).isEqualTo(folder);
		assertThat(permissions(folder)).isEqualTo("rwx------");
	}

	@Test
	void anOpenFolderOfTheSameUserIsClosedAndReused() throws Exception {
		Path folder = this.dir.resolve("pki");
		String trusted = serial(DemoPki.createOrReuse(folder).trustedCertificate());
		Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
		DemoPki reused = DemoPki.createOrReuse(folder);
		assertThat(reused.dir()).isEqualTo(folder);
		assertThat(permissions(folder)).isEqualTo("rwx------");
		assertThat(serial(reused.trustedCertificate())).isEqualTo(trusted);
	}

	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void aFolderOfAnotherUserIsNeverUsed(CapturedOutput output) throws Exception {
		Path planted = this.dir.resolve("planted");
		X509Certificate plantedCa = DemoPki.createOrReuse(planted).clientCaCertificate();
		List<String> before = contents(planted);
		String stranger = giveTo(planted, otherUser());
		DemoPki pki = DemoPki.createOrReuse(planted);
		try {
			assertThat(pki.dir()).isNotEqualTo(planted);
			assertThat(Files.getOwner(pki.dir())).isNotEqualTo(Files.getOwner(planted, LinkOption.NOFOLLOW_LINKS));
			assertThat(permissions(pki.dir())).isEqualTo("rwx------");
			assertThat(pki.clientCaCertificate()).isNotEqualTo(plantedCa);
			assertThat(contents(planted)).isEqualTo(before);
			assertThat(output.getOut()).contains("The demo PKI folder " + planted.toAbsolutePath())
				.contains("belongs to '" + stranger + "', not to you")
				.contains("Using " + pki.dir() + " instead");
		}
		finally {
			deleteRecursively(pki.dir());
		}
	}

	@Test
	void aLinkToAFolderOfAnotherUserIsNeverUsed() throws Exception {
		Path planted = this.dir.resolve("planted");
		Files.createDirectory(planted);
		giveTo(planted, otherUser());
		List<String> before = contents(planted);
		Path link = Files.createSymbolicLink(this.dir.resolve("pki"), planted);
		DemoPki pki = DemoPki.createOrReuse(link);
		try {
			assertThat(pki.dir()).isNotEqualTo(link);
			assertThat(contents(planted)).isEqualTo(before);
		}
		finally {
			deleteRecursively(pki.dir());
		}
	}

	private static UserPrincipal otherUser() throws IOException {
		try {
			return FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
		}
		catch (UserPrincipalNotFoundException | UnsupportedOperationException ex) {
			return abort("No user 'nobody' to give a folder to");
		}
	}

	private static String giveTo(Path folder, UserPrincipal user) throws IOException {
		try {
			Files.setOwner(folder, user);
		}
		catch (FileSystemException | UnsupportedOperationException ex) {
			abort("Cannot give " + folder + " to " + user.getName() + " (needs root): " + ex);
		}
		return user.getName();
	}

	private static String permissions(Path folder) throws IOException {
		return PosixFilePermissions.toString(Files.getPosixFilePermissions(folder));
	}

	private static List<String> contents(Path folder) throws IOException {
		try (Stream<Path> paths = Files.walk(folder)) {
			return paths.map((path) -> folder.relativize(path) + " " + path.toFile().lastModified()).sorted().toList();
		}
	}

	private static void deleteRecursively(Path folder) throws IOException {
		try (Stream<Path> paths = Files.walk(folder)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.delete(path);
			}
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
