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

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import io.github.mtlsclient.MtlsClients;
import io.github.mtlsclient.testsupport.MtlsFixture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.diagnostics.FailureAnalysis;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A token in a base URL never reaches an error message: every way a {@code base-url}
 * can be refused is tried with a password in the user info and a token in the query.
 *
 * @author mtls-client-spring-boot authors
 */
class BaseUrlFailureAnalysisTests {

	private static final String SECRET = "s3cr3t";

	@TempDir
	static Path dir;

	private static MtlsFixture pki;

	@BeforeAll
	static void setUp() {
		pki = new MtlsFixture(dir);
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			https://user:s3cr3t@localhost:8443/api                 | holds user credentials
			https://user:s3cr3t@localhost:8443/api?token=s3cr3t    | holds user credentials
			http://user:s3cr3t@localhost:8080                      | holds user credentials
			https://user:s3cr3t@exa mple.com/?token=s3cr3t         | holds user credentials
			user:s3cr3t@localhost:8443                             | holds user credentials
			https:/user:s3cr3t@localhost:8443                      | holds user credentials
			https://s3cr3t@localhost                               | holds user credentials
			https://exa mple.com/api?token=s3cr3t                  | is not a valid URL
			https://localhost:8443/api?token=s3cr3t&x=<s3cr3t>     | is not a valid URL
			http://localhost:8080/api?token=s3cr3t                 | is not an https:// URL
			localhost:8443?token=s3cr3t                            | is not an https:// URL
			https:///api?token=s3cr3t                              | has no host
			https://localhost:8443/api?token=s3cr3t                | has a query or fragment
			https://localhost:8443/api#access_token=s3cr3t         | has a query or fragment
			""")
	void errorsNeverShowUserInfoOrQuery(String baseUrl, String reason) {
		MtlsFixture.contextRunner().withPropertyValues(pki.clientProperties("payments", baseUrl)).run((context) -> {
			assertThat(context).hasFailed();
			Throwable failure = context.getStartupFailure();
			FailureAnalysis analysis = new InvalidMtlsClientFailureAnalyzer().analyze(failure);
			assertThat(analysis).as("analysis of %s", failure).isNotNull();
			assertThat(analysis.getDescription()).contains("mTLS client 'payments'")
				.contains("Property: mtls.clients.payments.base-url")
				.contains(reason)
				.doesNotContain(SECRET);
			assertThat(analysis.getAction()).isNotBlank().doesNotContain(SECRET);
			assertThat(stackTrace(failure)).doesNotContain(SECRET);
		});
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			https://payments.ns.svc.cluster.local.:8443/api        | https://payments.ns.svc.cluster.local.:8443/api
			https://[::1]:8443                                     | https://[::1]:8443
			""")
	void unusualButValidHostsStart(String baseUrl, String expected) {
		MtlsFixture.contextRunner().withPropertyValues(pki.clientProperties("payments", baseUrl)).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(MtlsClients.class).status("payments").baseUrl()).isEqualTo(expected);
		});
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			base-url    | https://a23456789012345678901234567890123456789012345678901234567890abcd.example:8443
			server-name | payments..internal
			server-name | localhost..
			""")
	void hostsTlsCannotNameAreRefusedAtStartup(String key, String value) {
		MtlsFixture.contextRunner()
			.withPropertyValues(pki.clientProperties("payments", "https://localhost:8443"))
			.withPropertyValues("mtls.clients.payments." + key + "=" + value)
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = new InvalidMtlsClientFailureAnalyzer().analyze(context.getStartupFailure());
				assertThat(analysis).as("analysis of %s", context.getStartupFailure()).isNotNull();
				assertThat(analysis.getDescription()).contains("Property: mtls.clients.payments." + key);
			});
	}

	private static String stackTrace(Throwable failure) {
		StringWriter trace = new StringWriter();
		failure.printStackTrace(new PrintWriter(trace));
		return trace.toString();
	}

}
