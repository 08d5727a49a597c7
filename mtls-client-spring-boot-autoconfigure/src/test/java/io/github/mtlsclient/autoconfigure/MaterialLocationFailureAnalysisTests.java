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
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import io.github.mtlsclient.material.MaterialLocation;
import io.github.mtlsclient.testsupport.MtlsFixture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.diagnostics.FailureAnalysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Material is read from local files and class path resources only, and on disk only
 * from regular files of a sane size: anything else stops the application at once with
 * a failure analysis naming the client, the property and the location.
 *
 * @author mtls-client-spring-boot authors
 */
class MaterialLocationFailureAnalysisTests {

	// Generous for a slow machine; a blocked read would never end at all.
	private static final Duration QUICKLY = Duration.ofSeconds(30);

	@TempDir
	static Path dir;

	private static MtlsFixture pki;

	@BeforeAll
	static void setUp() {
		pki = new MtlsFixture(dir);
	}

	@ParameterizedTest(name = "{0}={1}")
	@CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
			trust.certificates | http://ca.example.invalid/ca.pem             | http://ca.example.invalid/ca.pem       | 'http:' URL    | swapped by anyone on the path
			trust.certificates | https://ca.example.invalid/ca.pem            | https://ca.example.invalid/ca.pem      | 'https:' URL   | swapped by anyone on the path
			certificate        | ftp://files.example.invalid/client.crt       | ftp://files.example.invalid/client.crt | 'ftp:' URL     | swapped by anyone on the path
			private-key        | jar:file:/opt/app/keys.jar!/client.key       | jar:...                                | 'jar:' URL     | neither a local file
			private-key        | base64:LS0tLS1CRUdJTiBQUklWQVRFIEtFWS0tLS0t | base64:...                             | 'base64:' URL  | neither a local file
			""")
	void urlSchemesOtherThanFileAndClasspathAreRefused(String key, String location, String shown, String scheme,
			String why) {
		FailureAnalysis analysis = assertRefused(key, location, shown, scheme, why);
		if (!location.equals(shown)) {
			// An opaque URL may hold the material itself (base64: does).
			assertThat(analysis.getDescription()).doesNotContain(location.substring(location.indexOf(':') + 1));
		}
	}

	@Test
	void aRefusedUrlIsNamedWithoutItsCredentials() {
		String location = "https://reader:s3cr3t@ca.example.invalid/ca.pem?token=s3cr3t";
		FailureAnalysis analysis = assertRefused("trust.certificates", location, "https://ca.example.invalid/ca.pem",
				"'https:' URL", "swapped by anyone on the path");
		assertThat(analysis.getDescription()).doesNotContain("s3cr3t");
	}

	@Test
	void aUrlAmongSeveralTrustLocationsIsRefused() {
		MtlsFixture.contextRunner()
			.withPropertyValues(pki.clientProperties("payments", "https://localhost:8443"))
			.withPropertyValues("mtls.clients.payments.trust.certificates=" + pki.serverCaFile
					+ ",http://ca.example.invalid/extra.pem")
			.run((context) -> assertThat(analysis(context.getStartupFailure()).getDescription())
				.contains("Property: mtls.clients.payments.trust.certificates")
				.contains("Location: http://ca.example.invalid/extra.pem"));
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "certificate", "private-key", "trust.certificates" })
	void aFifoIsRefusedWithoutBlockingStartup(String key) throws Exception {
		Path fifo = dir.resolve(key + ".fifo");
		assumeTrue(mkfifo(fifo), "mkfifo is not available");
		assertRefused(key, fifo.toString(), fifo.toString(), "is not a regular file", "could block startup");
		assertRefused(key, "file:" + fifo, fifo.toString(), "is not a regular file", "could block startup");
	}

	@Test
	void standardInputIsRefusedWithoutBlockingStartup() {
		Path stdin = Path.of("/dev/stdin");
		assumeTrue(Files.exists(stdin), "no /dev/stdin");
		assumeFalse(Files.isRegularFile(stdin), "standard input is a regular file here");
		assertRefused("trust.certificates", stdin.toString(), "/dev/stdin", "is not a regular file",
				"could block startup");
	}

	@Test
	void aDeviceIsRefusedWithoutReadingItForEver() {
		Path zero = Path.of("/dev/zero");
		assumeTrue(Files.exists(zero), "no /dev/zero");
		assertRefused("certificate", zero.toString(), "/dev/zero", "is not a regular file", "never end");
	}

	@Test
	void aFileOfMoreThanOneMebibyteIsRefused() throws Exception {
		Path large = dir.resolve("large.pem");
		try (RandomAccessFile file = new RandomAccessFile(large.toFile(), "rw")) {
			// Sparse: takes no room on disk.
			file.setLength(MaterialLocation.MAX_SIZE + 1L);
		}
		assertRefused("trust.certificates", large.toString(), "large.pem", "is larger than 1 MiB",
				"any PEM certificate or key");
	}

	@Test
	void aFileOfExactlyOneMebibyteIsRead() throws Exception {
		Path bundle = dir.resolve("padded-ca.pem");
		String pem = Files.readString(pki.serverCaFile);
		Files.writeString(bundle, pem + "\n".repeat(MaterialLocation.MAX_SIZE - pem.length()));
		assertThat(Files.size(bundle)).isEqualTo(MaterialLocation.MAX_SIZE);
		MtlsFixture.contextRunner()
			.withPropertyValues(pki.clientProperties("payments", "https://localhost:8443"))
			.withPropertyValues("mtls.clients.payments.trust.certificates=" + bundle)
			.run((context) -> assertThat(context).hasNotFailed());
	}

	private static FailureAnalysis assertRefused(String key, String location, String shownLocation, String reason,
			String why) {
		FailureAnalysis[] result = new FailureAnalysis[1];
		assertTimeoutPreemptively(QUICKLY, () -> MtlsFixture.contextRunner()
			.withPropertyValues(pki.clientProperties("payments", "https://localhost:8443"))
			.withPropertyValues("mtls.clients.payments." + key + "=" + location)
			.run((context) -> {
				assertThat(context).hasFailed();
				result[0] = analysis(context.getStartupFailure());
			}));
		FailureAnalysis analysis = result[0];
		assertThat(analysis.getDescription()).contains("mTLS client 'payments'")
			.contains("Property: mtls.clients.payments." + key)
			.containsPattern("Location: .*" + Pattern.quote(shownLocation))
			.contains(reason)
			.contains(why);
		assertThat(analysis.getAction()).isNotBlank();
		return analysis;
	}

	private static FailureAnalysis analysis(Throwable failure) {
		FailureAnalysis analysis = new InvalidMtlsClientFailureAnalyzer().analyze(failure);
		assertThat(analysis).as("analysis of %s", failure).isNotNull();
		return analysis;
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
