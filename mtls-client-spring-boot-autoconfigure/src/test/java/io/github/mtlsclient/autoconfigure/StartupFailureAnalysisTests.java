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

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.github.mtlsclient.testsupport.IssuedCertificate;
import io.github.mtlsclient.testsupport.KeyFormat;
import io.github.mtlsclient.testsupport.MtlsFixture;
import io.github.mtlsclient.testsupport.TestFiles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Every kind of bad configuration stops the application with a failure analysis that
 * names the client, the property and the file, and says what to do.
 *
 * @author mtls-client-spring-boot authors
 */
@ExtendWith(OutputCaptureExtension.class)
class StartupFailureAnalysisTests {

	@TempDir
	static Path dir;

	private static MtlsFixture pki;

	@BeforeAll
	static void setUp() {
		pki = new MtlsFixture(dir);
	}

	static Stream<Case> cases() {
		return Stream.of(
				new Case("missing base-url", (f) -> without(f.clientProperties("payments", "https://h"), "base-url"),
						"base-url", null, "is not set"),
				new Case("http base-url", (f) -> f.clientProperties("payments", "http://localhost:8080"), "base-url",
						null, "is not an https:// URL"),
				new Case("malformed base-url", (f) -> f.clientProperties("payments", "https://exa mple.com"),
						"base-url", null, "is not a valid URL"),
				new Case("missing file", (f) -> with(f, "certificate", f.dir.resolve("nope.crt").toString()),
						"certificate", "nope.crt", "does not exist"),
				new Case("directory", (f) -> with(f, "certificate", directory(f, "certs-dir")), "certificate",
						"certs-dir", "is a directory"),
				new Case("empty file", (f) -> with(f, "certificate", file(f, "empty.crt", "")), "certificate",
						"empty.crt", "is empty"),
				new Case("not PEM", (f) -> with(f, "certificate", file(f, "garbage.crt", "hello")), "certificate",
						"garbage.crt", "contains no readable PEM certificate"),
				new Case("truncated PEM", (f) -> with(f, "certificate", file(f, "truncated.crt", truncated(f))),
						"certificate", "truncated.crt", "contains no readable PEM certificate"),
				new Case("no certificate in the certificate file",
						(f) -> with(f, "certificate", f.clientKeyFile.toString()), "certificate", "client.key",
						"contains no readable PEM certificate"),
				new Case("no key in the key file",
						(f) -> with(f, "private-key", f.clientCertificateFile.toString()), "private-key",
						"client.crt", "contains no readable PEM private key"),
				new Case("several keys", (f) -> with(f, "private-key", file(f, "two.key", twoKeys(f))),
						"private-key", "two.key", "holds 2 private keys"),
				new Case("encrypted key without password",
						(f) -> with(f, "private-key", encryptedKey(f)), "private-key", "encrypted.key",
						"is encrypted and no password is set"),
				new Case("wrong password",
						(f) -> append(with(f, "private-key", encryptedKey(f)),
								"mtls.clients.payments.private-key-password=not-the-password"),
						"private-key", "encrypted.key", "cannot be decrypted"),
				new Case("key of another certificate", (f) -> with(f, "private-key", otherKey(f)), "private-key",
						"other.key", "does not belong to the certificate CN=test-client"),
				new Case("expired certificate",
						(f) -> pair(f, "expired", Instant.now().minus(30, ChronoUnit.DAYS),
								Instant.now().minus(1, ChronoUnit.DAYS)),
						"certificate", "expired.crt", "expired at"),
				new Case("certificate not yet valid",
						(f) -> pair(f, "future", Instant.now().plus(1, ChronoUnit.DAYS),
								Instant.now().plus(30, ChronoUnit.DAYS)),
						"certificate", "future.crt", "is not valid before"),
				new Case("certificate without private-key", (f) -> without(f.clientProperties("payments", "https://h"),
						"private-key"), "private-key", null, "is not set, but 'certificate' is"),
				new Case("private-key without certificate", (f) -> without(f.clientProperties("payments", "https://h"),
						"certificate"), "certificate", null, "is not set, but 'private-key' is"),
				new Case("bundle and PEM files",
						(f) -> append(f.clientProperties("payments", "https://h"), "mtls.clients.payments.bundle=b"),
						"bundle", null, "together with"),
				new Case("unknown bundle",
						(f) -> new String[] { "mtls.clients.payments.base-url=https://h",
								"mtls.clients.payments.bundle=missing" },
						"bundle", "missing", "names no SSL bundle"),
				new Case("unknown protocol",
						(f) -> append(f.clientProperties("payments", "https://h"), "mtls.clients.payments.protocols=TLSv9"),
						"protocols", null, "'TLSv9' is not a TLS protocol this JVM supports"),
				new Case("unknown cipher suite",
						(f) -> append(f.clientProperties("payments", "https://h"),
								"mtls.clients.payments.cipher-suites=TLS_MADE_UP"),
						"cipher-suites", null, "'TLS_MADE_UP' is not a cipher suite"),
				new Case("zero pool size",
						(f) -> append(f.clientProperties("payments", "https://h"),
								"mtls.clients.payments.pool.max-connections=0"),
						"pool.max-connections", null, "is 0"),
				new Case("negative timeout",
						(f) -> append(f.clientProperties("payments", "https://h"),
								"mtls.clients.payments.connect-timeout=-1s"),
						"connect-timeout", null, "is PT-1S"),
				new Case("zero timeout",
						(f) -> append(f.clientProperties("payments", "https://h"),
								"mtls.clients.payments.pool.acquire-timeout=0s"),
						"pool.acquire-timeout", null, "is PT0S"),
				new Case("PEM content instead of a location",
						(f) -> with(f, "private-key", f.client.privateKeyPem(KeyFormat.PKCS8)), "private-key", null,
						"holds PEM content instead of a file location"),
				new Case("invalid client name",
						(f) -> new String[] { "mtls.clients[pay_ments].base-url=https://h" }, null, null,
						"'pay_ments' is not a valid client name"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("cases")
	void failureAnalysisNamesClientPropertyAndFile(Case testCase) {
		MtlsFixture.contextRunner().withPropertyValues(testCase.properties().apply(pki)).run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = new InvalidMtlsClientFailureAnalyzer().analyze(context.getStartupFailure());
			assertThat(analysis).as("analysis of %s", context.getStartupFailure()).isNotNull();
			String description = analysis.getDescription();
			if (testCase.property() != null) {
				assertThat(description).contains("mTLS client 'payments'")
					.contains("Property: mtls.clients.payments." + testCase.property());
			}
			if (testCase.location() != null) {
				assertThat(description).containsPattern("Location: .*" + Pattern.quote(testCase.location()));
			}
			assertThat(description).contains(testCase.reason()).doesNotContain("PRIVATE KEY");
			assertThat(analysis.getAction()).isNotBlank();
		});
	}

	@Test
	void unreadableFileIsNamed() throws Exception {
		Path unreadable = unreadableFile();
		MtlsFixture.contextRunner()
			.withPropertyValues(with(pki, "private-key", unreadable.toString()))
			.run((context) -> {
				FailureAnalysis analysis = new InvalidMtlsClientFailureAnalyzer().analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("Property: mtls.clients.payments.private-key")
					.contains("Location: " + unreadable)
					.contains("is not readable by this process");
			});
	}

	/**
	 * A regular file this process cannot read. Root reads any file its permissions
	 * deny, so as root it is a kernel file that is write-only for everyone, root
	 * included.
	 */
	private static Path unreadableFile() throws IOException {
		if (!"root".equals(System.getProperty("user.name"))) {
			Path unreadable = Files.copy(pki.clientKeyFile, dir.resolve("unreadable.key"));
			Files.setPosixFilePermissions(unreadable, PosixFilePermissions.fromString("---------"));
			return unreadable;
		}
		Path writeOnly = Path.of("/proc/sys/vm/drop_caches");
		assumeTrue(Files.isRegularFile(writeOnly) && !Files.isReadable(writeOnly),
				"running as root and " + writeOnly + " is not there to stand for an unreadable file");
		return writeOnly;
	}

	@Test
	void theApplicationFailedToStartReportShowsDescriptionAndAction(CapturedOutput output) {
		SpringApplicationBuilder application = new SpringApplicationBuilder(ApplicationConfiguration.class)
			.web(WebApplicationType.NONE)
			.properties(with(pki, "private-key", otherKey(pki)));
		assertThatException().isThrownBy(application::run);
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("mTLS client 'payments' cannot be used.")
			.contains("Property: mtls.clients.payments.private-key")
			.contains("Location: " + pki.dir.resolve("other.key"))
			.contains("Reason: does not belong to the certificate CN=test-client")
			.containsPattern("Action:\\s+Configure the key that was issued together with this certificate");
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ SslAutoConfiguration.class, RestClientAutoConfiguration.class,
			MtlsClientAutoConfiguration.class })
	static class ApplicationConfiguration {

	}

	static String[] with(MtlsFixture fixture, String key, String value) {
		List<String> properties = new ArrayList<>(List.of(fixture.clientProperties("payments", "https://localhost")));
		properties.removeIf((property) -> property.startsWith("mtls.clients.payments." + key + "="));
		properties.add("mtls.clients.payments." + key + "=" + value);
		return properties.toArray(String[]::new);
	}

	static String[] without(String[] properties, String key) {
		return Stream.of(properties)
			.filter((property) -> !property.startsWith("mtls.clients.payments." + key + "="))
			.toArray(String[]::new);
	}

	static String[] append(String[] properties, String property) {
		return Stream.concat(Stream.of(properties), Stream.of(property)).toArray(String[]::new);
	}

	static String file(MtlsFixture fixture, String name, String content) {
		Path file = fixture.dir.resolve(name);
		TestFiles.overwrite(file, content);
		return file.toString();
	}

	static String truncated(MtlsFixture fixture) {
		String pem = fixture.client.certificatePem();
		return pem.substring(0, pem.length() / 2);
	}

	static String twoKeys(MtlsFixture fixture) {
		return fixture.client.privateKeyPem(KeyFormat.PKCS8)
				+ fixture.clientCa.issueClient("x").privateKeyPem(KeyFormat.PKCS8);
	}

	static String encryptedKey(MtlsFixture fixture) {
		return file(fixture, "encrypted.key", fixture.client.privateKeyPem(KeyFormat.ENCRYPTED_PKCS8, "password"));
	}

	static String otherKey(MtlsFixture fixture) {
		return file(fixture, "other.key", fixture.clientCa.issueClient("other").privateKeyPem(KeyFormat.PKCS8));
	}

	static String[] pair(MtlsFixture fixture, String name, Instant notBefore, Instant notAfter) {
		IssuedCertificate certificate = fixture.clientCa.leaf(name).clientAuth().validity(notBefore, notAfter).issue();
		String[] properties = with(fixture, "certificate", file(fixture, name + ".crt", certificate.certificatePem()));
		properties = without(properties, "private-key");
		return append(properties, "mtls.clients.payments.private-key="
				+ file(fixture, name + ".key", certificate.privateKeyPem(KeyFormat.PKCS8)));
	}

	static String directory(MtlsFixture fixture, String name) {
		try {
			return Files.createDirectories(fixture.dir.resolve(name)).toString();
		}
		catch (java.io.IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	record Case(String name, Function<MtlsFixture, String[]> properties, String property, String location,
			String reason) {

		@Override
		public String toString() {
			return this.name;
		}

	}

}
