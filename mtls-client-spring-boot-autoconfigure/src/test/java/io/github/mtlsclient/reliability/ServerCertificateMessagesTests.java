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
package io.github.mtlsclient.reliability;

import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import io.github.mtlsclient.MtlsClients;
import io.github.mtlsclient.testsupport.CertificateAuthority;
import io.github.mtlsclient.testsupport.IssuedCertificate;
import io.github.mtlsclient.testsupport.MtlsFixture;
import io.github.mtlsclient.testsupport.RecordingMtlsServer;
import io.github.mtlsclient.testsupport.StartedServers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.context.ApplicationContext;
import org.springframework.web.client.ResourceAccessException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * A server whose certificate cannot be accepted is explained by what is wrong with it
 * (expired, not yet valid, another host's), not as an untrusted one, and the
 * explanation has the exact class of the JDK's exception.
 *
 * @author mtls-client-spring-boot authors
 */
@Tag("reliability")
class ServerCertificateMessagesTests {

	@TempDir
	Path dir;

	private MtlsFixture pki;

	@RegisterExtension
	final StartedServers servers = new StartedServers();

	@BeforeEach
	void setUp() {
		this.pki = new MtlsFixture(this.dir);
	}

	@Test
	void anExpiredServerCertificateIsExplainedAsExpired() {
		Instant notAfter = Instant.now().minus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
		IssuedCertificate expired = this.pki.serverCa.leaf("localhost")
			.subjectAltNames("localhost", "127.0.0.1")
			.serverAuth()
			.validity(notAfter.minus(30, ChronoUnit.DAYS), notAfter)
			.issue();
		RecordingMtlsServer server = start(expired);
		Throwable failure = callOrders(server);
		assertThat(failure).isInstanceOf(ResourceAccessException.class)
			.hasMessageContaining("mTLS client 'orders': the server's certificate at " + server.baseUrl()
					+ ", CN=localhost (serial " + expired.serialNumber().toString(16) + "), expired at " + notAfter)
			.hasMessageNotContaining("not issued by a trusted certificate authority");
		assertKeepsTheClassOfTheJdkException(failure);
		assertThat(server.requests()).isEmpty();
	}

	@Test
	void anExpiredIntermediateInTheServerChainIsNamed() {
		Instant notAfter = Instant.now().minus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
		CertificateAuthority intermediate = this.pki.serverCa.intermediate("Old Intermediate",
				notAfter.minus(300, ChronoUnit.DAYS), notAfter);
		IssuedCertificate leaf = intermediate.issueServer("localhost", "localhost", "127.0.0.1");
		RecordingMtlsServer server = start(leaf);
		Throwable failure = callOrders(server);
		assertThat(failure).hasMessageContaining("mTLS client 'orders': the certificate in the chain of the server at "
				+ server.baseUrl() + ", CN=Old Intermediate (serial ")
			.hasMessageContaining("expired at " + notAfter);
		assertKeepsTheClassOfTheJdkException(failure);
	}

	@Test
	void aServerCertificateNotYetValidIsExplainedAsSuch() {
		Instant notBefore = Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
		IssuedCertificate future = this.pki.serverCa.leaf("localhost")
			.subjectAltNames("localhost", "127.0.0.1")
			.serverAuth()
			.validity(notBefore, notBefore.plus(30, ChronoUnit.DAYS))
			.issue();
		RecordingMtlsServer server = start(future);
		Throwable failure = callOrders(server);
		assertThat(failure).hasMessageContaining("mTLS client 'orders': the server's certificate at "
				+ server.baseUrl() + ", CN=localhost (serial " + future.serialNumber().toString(16)
				+ "), is not valid before " + notBefore);
		assertKeepsTheClassOfTheJdkException(failure);
	}

	@Test
	void aServerCertificateForAnotherHostIsExplainedAndKeepsItsClass() {
		IssuedCertificate elsewhere = this.pki.serverCa.issueServer("elsewhere", "elsewhere.example");
		RecordingMtlsServer server = start(elsewhere);
		Throwable failure = callOrders(server);
		assertThat(failure).hasMessageContaining("mTLS client 'orders': the server's certificate at "
				+ server.baseUrl() + " does not carry the name this client checks")
			.hasMessageContaining("mtls.clients.orders.server-name");
		assertKeepsTheClassOfTheJdkException(failure);
	}

	private static void assertKeepsTheClassOfTheJdkException(Throwable failure) {
		Throwable explained = failure.getCause();
		assertThat(explained.getMessage()).startsWith("mTLS client 'orders': ");
		Throwable original = explained.getCause();
		assertThat(original).isNotNull();
		assertThat(original.getClass().getName()).startsWith("javax.net.ssl.");
		assertThat(explained).hasSameClassAs(original);
	}

	private RecordingMtlsServer start(IssuedCertificate serverCertificate) {
		return this.servers.start(RecordingMtlsServer.builder(serverCertificate.privateKey(), serverCertificate.chain())
			.trustedClientCas(this.pki.clientCa.certificate()));
	}

	private Throwable callOrders(RecordingMtlsServer server) {
		Throwable[] failure = new Throwable[1];
		MtlsFixture.contextRunner()
			.withPropertyValues(this.pki.clientProperties("orders", server))
			.run((context) -> failure[0] = catchThrowable(() -> call(context)));
		assertThat(failure[0]).as("failure of the call").isNotNull();
		return failure[0];
	}

	private static void call(ApplicationContext context) {
		context.getBean(MtlsClients.class).restClient("orders").get().uri("/").retrieve().toBodilessEntity();
	}

}
