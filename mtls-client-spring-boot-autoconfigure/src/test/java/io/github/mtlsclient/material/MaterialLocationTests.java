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

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.github.mtlsclient.InvalidMtlsClientException;
import io.github.mtlsclient.testsupport.CertificateAuthority;
import io.github.mtlsclient.testsupport.IssuedCertificate;
import io.github.mtlsclient.testsupport.KeyFormat;
import io.github.mtlsclient.testsupport.TestPki;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.io.ApplicationResourceLoader;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.core.io.ResourceLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What a {@link PemFileMaterialSource} agrees to read when it loads again: a file that
 * became something else since startup is refused, never waited on.
 *
 * @author mtls-client-spring-boot authors
 */
class MaterialLocationTests {

	private static final ResourceLoader RESOURCES = ApplicationResourceLoader.get(new DefaultResourceLoader(), true);

	@TempDir
	Path dir;

	private Path certificate;

	private Path key;

	private Path trust;

	@BeforeEach
	void setUp() {
		CertificateAuthority ca = TestPki.rootCa("Location CA");
		IssuedCertificate client = ca.issueClient("location-client");
		this.certificate = this.dir.resolve("tls.crt");
		this.key = this.dir.resolve("tls.key");
		this.trust = this.dir.resolve("ca.crt");
		client.writeCertificateChain(this.certificate);
		client.writePrivateKey(this.key, KeyFormat.PKCS8);
		ca.writeCertificate(this.trust);
	}

	@Test
	void aFileReplacedByAFifoIsRefusedOnReloadWithoutBlocking() throws Exception {
		PemFileMaterialSource source = source(List.of(this.trust.toString()));
		assertThat(source.load().trustedCertificates()).hasSize(1);
		Files.delete(this.trust);
		assumeTrue(mkfifo(this.trust), "mkfifo is not available");
		InvalidMtlsClientException failure = assertTimeoutPreemptively(Duration.ofSeconds(30),
				() -> catchInvalid(source));
		assertThat(failure.getProperty()).isEqualTo("mtls.clients.payments.trust.certificates");
		assertThat(failure.getLocation()).isEqualTo(this.trust.toString());
		assertThat(failure.getReason()).contains("is not a regular file");
	}

	@Test
	void aUrlIsRefusedWithoutBeingFetched() {
		PemFileMaterialSource source = source(List.of("http://ca.example.invalid/ca.pem"));
		assertThatExceptionOfType(InvalidMtlsClientException.class).isThrownBy(source::load)
			.satisfies((ex) -> assertThat(ex.getReason()).contains("'http:' URL"))
			.satisfies((ex) -> assertThat(ex.getProperty()).isEqualTo("mtls.clients.payments.trust.certificates"));
	}

	@Test
	void fileUrlsAndPlainPathsAreRead() {
		PemFileMaterialSource source = new PemFileMaterialSource("payments", "file:" + this.certificate,
				this.key.toString(), null, List.of("file:" + this.trust), RESOURCES);
		TlsMaterial material = source.load();
		assertThat(material.certificateChain()).hasSize(1);
		assertThat(material.trustedCertificates()).hasSize(1);
	}

	private PemFileMaterialSource source(List<String> trust) {
		return new PemFileMaterialSource("payments", this.certificate.toString(), this.key.toString(), null, trust,
				RESOURCES);
	}

	private static InvalidMtlsClientException catchInvalid(PemFileMaterialSource source) {
		try {
			source.load();
		}
		catch (InvalidMtlsClientException ex) {
			return ex;
		}
		throw new AssertionError("loaded");
	}

	private static boolean mkfifo(Path fifo) throws InterruptedException {
		try {
			Process process = new ProcessBuilder("mkfifo", fifo.toString()).redirectErrorStream(true).start();
			return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0 && Files.exists(fifo);
		}
		catch (IOException ex) {
			return false;
		}
	}

}
