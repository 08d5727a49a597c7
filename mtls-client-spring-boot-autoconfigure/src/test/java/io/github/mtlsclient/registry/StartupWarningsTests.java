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

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.regex.Pattern;

import io.github.mtlsclient.testsupport.IssuedCertificate;
import io.github.mtlsclient.testsupport.KeyFormat;
import io.github.mtlsclient.testsupport.MtlsFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a client that starts warns about.
 *
 * @author mtls-client-spring-boot authors
 */
@ExtendWith(OutputCaptureExtension.class)
class StartupWarningsTests {

	@TempDir
	Path dir;

	private MtlsFixture pki;

	private final ApplicationContextRunner runner = MtlsFixture.contextRunner();

	@BeforeEach
	void setUp() throws Exception {
		this.pki = new MtlsFixture(this.dir);
		Files.setPosixFilePermissions(this.pki.clientKeyFile, PosixFilePermissions.fromString("rw-------"));
	}

	@Test
	void aWellConfiguredClientStartsWithoutWarnings(CapturedOutput output) {
		IssuedCertificate longLived = this.pki.clientCa.leaf("long-lived")
			.clientAuth()
			.validity(Instant.now().minus(1, ChronoUnit.DAYS), Instant.now().plus(90, ChronoUnit.DAYS))
			.issue();
		longLived.writeCertificateChain(this.pki.clientCertificateFile);
		longLived.writePrivateKey(this.pki.clientKeyFile, KeyFormat.PKCS8);
		this.runner.withPropertyValues(this.pki.clientProperties("payments", "https://localhost"))
			.run((context) -> assertThat(context).hasNotFailed());
		assertThat(output).doesNotContain("WARN");
	}

	@Test
	void certificateExpiringWithinTheThresholdIsWarnedAbout(CapturedOutput output) {
		IssuedCertificate soon = this.pki.clientCa.leaf("soon")
			.clientAuth()
			.validity(Instant.now().minus(80, ChronoUnit.DAYS), Instant.now().plus(3, ChronoUnit.DAYS).plusSeconds(60))
			.issue();
		soon.writeCertificateChain(this.pki.clientCertificateFile);
		soon.writePrivateKey(this.pki.clientKeyFile, KeyFormat.PKCS8);
		this.runner.withPropertyValues(this.pki.clientProperties("payments", "https://localhost"))
			.run((context) -> assertThat(context).hasNotFailed());
		assertThat(output).containsPattern("WARN .*mTLS client 'payments' presents a certificate that expires in 3 "
				+ "days, at .*: CN=soon \\(serial " + soon.serialNumber().toString(16) + "\\); renew it");
	}

	@Test
	void theExpiryThresholdIsConfigurable(CapturedOutput output) {
		IssuedCertificate soon = this.pki.clientCa.leaf("soon")
			.clientAuth()
			.validity(Instant.now().minus(1, ChronoUnit.DAYS), Instant.now().plus(3, ChronoUnit.DAYS))
			.issue();
		soon.writeCertificateChain(this.pki.clientCertificateFile);
		soon.writePrivateKey(this.pki.clientKeyFile, KeyFormat.PKCS8);
		this.runner.withPropertyValues(this.pki.clientProperties("payments", "https://localhost"))
			.withPropertyValues("mtls.health.certificate-validity-warning-threshold=2d")
			.run((context) -> assertThat(context).hasNotFailed());
		assertThat(output).doesNotContain("expires in");
	}

	@Test
	void privateKeyReadableByOthersIsWarnedAbout(CapturedOutput output) throws Exception {
		Files.setPosixFilePermissions(this.pki.clientKeyFile, PosixFilePermissions.fromString("rw-r--r--"));
		this.runner.withPropertyValues(this.pki.clientProperties("payments", "https://localhost"))
			.run((context) -> assertThat(context).hasNotFailed());
		assertThat(output).containsPattern("WARN .*mTLS client 'payments': the private key file "
				+ Pattern.quote(this.pki.clientKeyFile.toString())
				+ " \\(mtls.clients.payments.private-key\\) is readable by group or others \\(rw-r--r--\\)");
	}

	@Test
	void insecureTrustAllAndDisabledHostnameVerificationAreWarnedAbout(CapturedOutput output) {
		this.runner.withPropertyValues(this.pki.clientProperties("lab", "https://localhost"))
			.withPropertyValues(this.pki.clientProperties("legacy", "https://localhost"))
			.withPropertyValues("mtls.clients.lab.insecure-trust-all=true", "mtls.clients.legacy.verify-hostname=false")
			.run((context) -> assertThat(context).hasNotFailed());
		assertThat(output).containsPattern("WARN .*mTLS client 'lab' accepts any server certificate")
			.containsPattern("WARN .*mTLS client 'legacy' does not verify the server's hostname");
	}

	@Test
	void aClientWithoutCertificateIsWarnedAboutAtEveryStart(CapturedOutput output) {
		ApplicationContextRunner runner = this.runner.withPropertyValues("mtls.clients.anonymous.base-url=https://localhost",
				"mtls.clients.anonymous.trust.certificates=file:" + this.pki.serverCaFile);
		runner.run((context) -> assertThat(context).hasNotFailed());
		runner.run((context) -> assertThat(context).hasNotFailed());
		Pattern warning = Pattern.compile("WARN .*mTLS client 'anonymous' has no client certificate: "
				+ "mtls.clients.anonymous.certificate and .private-key are not set. It presents none, and a server "
				+ "that requires mutual TLS will refuse its connections");
		assertThat(warning.matcher(output.toString()).results().count()).isEqualTo(2);
	}

	@Test
	void aClientWhoseBundleHasNoKeyStoreIsWarnedAbout(CapturedOutput output) {
		this.runner
			.withPropertyValues("spring.ssl.bundle.pem.trust-only.truststore.certificate=file:" + this.pki.serverCaFile,
					"mtls.clients.anonymous.base-url=https://localhost", "mtls.clients.anonymous.bundle=trust-only")
			.run((context) -> assertThat(context).hasNotFailed());
		assertThat(output).containsPattern("WARN .*mTLS client 'anonymous' has no client certificate: its SSL bundle "
				+ "'trust-only' \\(mtls.clients.anonymous.bundle\\) has no key store. It presents none");
	}

}
