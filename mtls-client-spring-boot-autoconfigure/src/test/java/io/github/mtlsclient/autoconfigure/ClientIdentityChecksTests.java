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
package io.github.mtlsclient.autoconfigure;

import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.github.mtlsclient.testsupport.CertificateAuthority;
import io.github.mtlsclient.testsupport.IssuedCertificate;
import io.github.mtlsclient.testsupport.KeyAlgorithm;
import io.github.mtlsclient.testsupport.KeyFormat;
import io.github.mtlsclient.testsupport.MtlsFixture;
import io.github.mtlsclient.testsupport.TestPki;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.diagnostics.FailureAnalysis;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A certificate no server would accept from a client stops the application at startup,
 * naming the client, the property, the file and the fix: a CA certificate, one not
 * allowed for client authentication, a DSA key, an expired intermediate. Certificates
 * that are fine for a client still start.
 *
 * @author mtls-client-spring-boot authors
 */
class ClientIdentityChecksTests {

	@TempDir
	static Path dir;

	private static MtlsFixture pki;

	@BeforeAll
	static void setUp() {
		pki = new MtlsFixture(dir);
	}

	static Stream<Case> refused() {
		Instant yesterday = Instant.now().minus(1, ChronoUnit.DAYS);
		return Stream.of(
				new Case("CA certificate as the leaf", (ca) -> ca.leaf("ca-leaf").certificateAuthority().issue(),
						"is a CA certificate (basicConstraints CA:true), not a client certificate"),
				new Case("self-signed CA certificate and its key", CertificateAuthority::asIssuedCertificate,
						"CN=Test Client CA (serial", "is a CA certificate"),
				new Case("extended key usage without clientAuth", (ca) -> ca.leaf("server-only").serverAuth().issue(),
						"is not allowed for client authentication: its extended key usage is [serverAuth] without "
								+ "clientAuth"),
				new Case("key usage without digitalSignature",
						(ca) -> ca.leaf("encipher-only")
							.keyAlgorithm(KeyAlgorithm.RSA)
							.keyUsage(KeyUsage.keyEncipherment)
							.clientAuth()
							.issue(),
						"has a key usage without digitalSignature"),
				new Case("DSA key", (ca) -> ca.leaf("dsa").keyAlgorithm(KeyAlgorithm.DSA).clientAuth().issue(),
						"has a DSA key: TLS 1.3 cannot use DSA keys at all"),
				new Case("expired intermediate",
						(ca) -> ca.intermediate("Old Intermediate", yesterday.minus(300, ChronoUnit.DAYS), yesterday)
							.issueClient("behind-old-intermediate"),
						"certificate 2 of the chain, CN=Old Intermediate (serial", "expired at"),
				new Case("intermediate not yet valid",
						(ca) -> ca.intermediate("Future Intermediate", Instant.now().plus(1, ChronoUnit.DAYS),
								Instant.now().plus(300, ChronoUnit.DAYS))
							.issueClient("behind-future-intermediate"),
						"certificate 2 of the chain, CN=Future Intermediate (serial", "is not valid before"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("refused")
	void pemFilesAreRefusedNamingClientPropertyAndFile(Case testCase) {
		String[] properties = pemProperties(testCase);
		MtlsFixture.contextRunner().withPropertyValues(properties).run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = new InvalidMtlsClientFailureAnalyzer().analyze(context.getStartupFailure());
			assertThat(analysis).as("analysis of %s", context.getStartupFailure()).isNotNull();
			assertThat(analysis.getDescription()).contains("mTLS client 'payments'")
				.contains("Property: mtls.clients.payments.certificate")
				.containsPattern("Location: .*" + Pattern.quote(testCase.fileName() + ".crt"))
				.contains(testCase.reasons())
				.doesNotContain("PRIVATE KEY");
			assertThat(analysis.getAction()).isNotBlank();
		});
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("refused")
	void sslBundlesAreRefusedNamingClientAndBundle(Case testCase) {
		String[] files = pemProperties(testCase);
		MtlsFixture.contextRunner()
			.withPropertyValues("spring.ssl.bundle.pem.identity.keystore.certificate=" + value(files, "certificate"),
					"spring.ssl.bundle.pem.identity.keystore.private-key=" + value(files, "private-key"),
					"spring.ssl.bundle.pem.identity.truststore.certificate=file:" + pki.serverCaFile,
					"mtls.clients.payments.base-url=https://localhost", "mtls.clients.payments.bundle=identity")
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = new InvalidMtlsClientFailureAnalyzer().analyze(context.getStartupFailure());
				assertThat(analysis).as("analysis of %s", context.getStartupFailure()).isNotNull();
				assertThat(analysis.getDescription()).contains("mTLS client 'payments'")
					.contains("Property: mtls.clients.payments.bundle")
					.contains("Location: identity")
					.contains(testCase.reasons());
			});
	}

	static Stream<Case> accepted() {
		return Stream.of(new Case("no extended key usage", (ca) -> ca.leaf("no-eku").issue()),
				new Case("anyExtendedKeyUsage", (ca) -> ca.leaf("any-eku").anyExtendedKeyUsage().issue()),
				new Case("clientAuth and serverAuth", (ca) -> ca.leaf("both").serverAuth().clientAuth().issue()),
				new Case("RSA key", (ca) -> ca.leaf("rsa").keyAlgorithm(KeyAlgorithm.RSA).clientAuth().issue()),
				new Case("valid intermediate", (ca) -> ca.intermediate("Intermediate").issueClient("behind")));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("accepted")
	void certificatesFitForAClientStart(Case testCase) {
		MtlsFixture.contextRunner()
			.withPropertyValues(pemProperties(testCase))
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void aSelfSignedCertificateThatIsNoCaStarts() {
		IssuedCertificate selfSigned = TestPki.selfSignedClient("self-signed");
		Case testCase = new Case("self-signed", (ca) -> selfSigned);
		MtlsFixture.contextRunner()
			.withPropertyValues(pemProperties(testCase))
			.run((context) -> assertThat(context).hasNotFailed());
	}

	private static String[] pemProperties(Case testCase) {
		IssuedCertificate certificate = testCase.certificate().apply(pki.clientCa);
		Path certificateFile = dir.resolve(testCase.fileName() + ".crt");
		Path keyFile = dir.resolve(testCase.fileName() + ".key");
		certificate.writeCertificateChain(certificateFile);
		certificate.writePrivateKey(keyFile, KeyFormat.PKCS8);
		return new String[] { "mtls.clients.payments.base-url=https://localhost",
				"mtls.clients.payments.certificate=file:" + certificateFile,
				"mtls.clients.payments.private-key=file:" + keyFile,
				"mtls.clients.payments.trust.certificates=file:" + pki.serverCaFile };
	}

	private static String value(String[] properties, String key) {
		String prefix = "mtls.clients.payments." + key + "=";
		return Stream.of(properties)
			.filter((property) -> property.startsWith(prefix))
			.map((property) -> property.substring(prefix.length()))
			.findFirst()
			.orElseThrow();
	}

	record Case(String name, Function<CertificateAuthority, IssuedCertificate> certificate, String... reasons) {

		String fileName() {
			return this.name.replaceAll("[^a-zA-Z0-9]+", "-");
		}

		@Override
		public String toString() {
			return this.name;
		}

	}

}
