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
package io.github.mtlsclient.http;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLKeyException;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLProtocolException;

import io.github.mtlsclient.material.IdentityEngine;
import io.github.mtlsclient.material.TlsMaterial;
import io.github.mtlsclient.testsupport.IssuedCertificate;
import io.github.mtlsclient.testsupport.TestClientSettings;
import io.github.mtlsclient.testsupport.TestPki;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.message.BasicClassicHttpRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The explanation of a TLS failure has exactly the class of the JDK's exception, as
 * the README promises, for each of the JDK's {@link SSLException} classes; an exception
 * of a class it cannot recreate is passed on untouched. The real-server cases are in
 * {@code ServerCertificateMessagesTests} and {@code ClientFailureMessagesTests}; the
 * classes a server cannot be made to provoke are thrown here by the next handler.
 *
 * @author mtls-client-spring-boot authors
 */
class ClientFailureExplainerTests {

	private static final String ALERT = "Received fatal alert: bad_certificate";

	static Stream<SSLException> jdkExceptions() {
		return Stream.of(new SSLException(ALERT), new SSLHandshakeException(ALERT),
				new SSLPeerUnverifiedException(ALERT), new SSLProtocolException(ALERT), new SSLKeyException(ALERT));
	}

	@ParameterizedTest
	@MethodSource("jdkExceptions")
	void theExplanationHasTheExactClassOfTheOriginal(SSLException original) {
		Throwable explained = failureOf(original);
		assertThat(explained).hasSameClassAs(original)
			.hasMessageContaining("mTLS client 'orders': the server at https://localhost:8443 rejected this "
					+ "client's certificate (CN=orders")
			.hasCause(original);
	}

	@Test
	void anExceptionOfAnotherClassIsPassedOnUntouched() {
		SSLException original = new SSLException(ALERT) {
		};
		assertThat(failureOf(original)).isSameAs(original);
	}

	private static Throwable failureOf(SSLException original) {
		IssuedCertificate client = TestPki.rootCa("CA").issueClient("orders");
		IdentityEngine engine = new IdentityEngine("orders",
				TestClientSettings.of("orders", "https://localhost:8443").tls(),
				new TlsMaterial(client.privateKey(), client.chain(), null));
		ClientFailureExplainer explainer = new ClientFailureExplainer("orders", new HttpHost("https", "localhost", 8443),
				engine, new ClientFailureExplainer.Limits(10, Duration.ofSeconds(1), Duration.ofSeconds(1),
						List.of("TLSv1.3"), 1));
		return catchThrowable(() -> explainer.execute(new BasicClassicHttpRequest("GET", "/"), null,
				(request, scope) -> {
					throw original;
				}));
	}

}
