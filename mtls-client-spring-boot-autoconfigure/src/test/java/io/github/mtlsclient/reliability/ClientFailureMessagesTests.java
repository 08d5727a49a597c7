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

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLException;

import io.github.mtlsclient.MtlsClients;
import io.github.mtlsclient.testsupport.MtlsFixture;
import io.github.mtlsclient.testsupport.RecordingMtlsServer;
import io.github.mtlsclient.testsupport.RecordingMtlsServer.Response;
import io.github.mtlsclient.testsupport.StartedServers;
import io.github.mtlsclient.testsupport.TestPki;
import org.apache.hc.core5.http.ConnectionRequestTimeoutException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * When the other side misbehaves, the caller gets an exception that says which client,
 * which setting and which certificate — and nothing hangs.
 *
 * @author mtls-client-spring-boot authors
 */
@Tag("reliability")
class ClientFailureMessagesTests {

	@TempDir
	Path dir;

	private MtlsFixture pki;

	@RegisterExtension
	final StartedServers servers = new StartedServers();

	@BeforeEach
	void setUp() {
		this.pki = new MtlsFixture(this.dir);
	}

	private static void callOrders(ApplicationContext context) {
		context.getBean(MtlsClients.class).restClient("orders").get().uri("/").retrieve().toBodilessEntity();
	}

	private ApplicationContextRunner runner(RecordingMtlsServer server) {
		return MtlsFixture.contextRunner().withPropertyValues(this.pki.clientProperties("orders", server));
	}

	@Test
	void poolExhaustionFailsFastNamingTheClientAndThePoolSize() throws Exception {
		RecordingMtlsServer server = this.servers.start(
				this.pki.serverBuilder().handler((request) -> Response.ok("slow").delay(Duration.ofSeconds(1))));
		runner(server)
			.withPropertyValues("mtls.clients.orders.pool.max-connections=2",
					"mtls.clients.orders.pool.acquire-timeout=200ms")
			.run((context) -> {
				RestClient client = context.getBean(MtlsClients.class).restClient("orders");
				ExecutorService executor = Executors.newFixedThreadPool(10);
				try {
					List<Future<String>> calls = new ArrayList<>();
					for (int i = 0; i < 10; i++) {
						calls.add(executor.submit(() -> client.get().uri("/").retrieve().body(String.class)));
					}
					int succeeded = 0;
					List<Throwable> failures = new ArrayList<>();
					for (Future<String> call : calls) {
						// Nothing may hang: every call ends well within the slow responses' time.
						Throwable failure = catchThrowable(() -> call.get(10, TimeUnit.SECONDS));
						if (failure == null) {
							succeeded++;
						}
						else {
							failures.add(failure.getCause());
						}
					}
					assertThat(succeeded).isEqualTo(2);
					assertThat(failures).hasSize(8)
						.allSatisfy((failure) -> assertThat(failure).isInstanceOf(ResourceAccessException.class)
							.hasCauseInstanceOf(ConnectionRequestTimeoutException.class)
							.hasMessageContaining("mTLS client 'orders': no pooled connection became free within 200ms: "
									+ "all 2 connections of the pool are in use")
							.hasMessageContaining("mtls.clients.orders.pool.max-connections"));
				}
				finally {
					executor.shutdownNow();
				}
			});
	}

	@Test
	void aSlowServerEndsInATimeoutNamingTheClientAndTheSetting() {
		RecordingMtlsServer server = this.servers.start(
				this.pki.serverBuilder().handler((request) -> Response.ok("late").delay(Duration.ofSeconds(5))));
		runner(server).withPropertyValues("mtls.clients.orders.read-timeout=300ms")
			.run((context) -> assertThatExceptionOfType(ResourceAccessException.class)
				.isThrownBy(() -> callOrders(context))
				.withCauseInstanceOf(SocketTimeoutException.class)
				.withMessageContaining("mTLS client 'orders': no response from " + server.baseUrl()
						+ " within the read timeout of 300ms (mtls.clients.orders.read-timeout)"));
	}

	@Test
	void aServerThatRejectsTheCertificateIsNamedWithTheCertificate() {
		RecordingMtlsServer server = this.servers.start(RecordingMtlsServer.builder(this.pki.server.privateKey(), this.pki.server.chain())
			.trustedClientCas(TestPki.rootCa("Some Other Client CA").certificate()));
		runner(server).run((context) -> {
			Throwable failure = catchThrowable(
					() -> callOrders(context));
			// With TLS 1.3 the refusal arrives as an alert or, racing it, as a closed
			// connection: either way the message names the client and its certificate.
			assertThat(failure).isInstanceOf(ResourceAccessException.class)
				.hasCauseInstanceOf(IOException.class)
				.hasMessageContaining("mTLS client 'orders': the server at " + server.baseUrl())
				.hasMessageContaining("rejected this client's certificate (CN=test-client, issued by CN=Test Client CA, "
						+ "serial " + this.pki.client.serialNumber().toString(16) + ")");
		});
	}

	@Test
	void noTlsVersionInCommonIsSaidPlainly() {
		RecordingMtlsServer server = this.servers.start(this.pki.serverBuilder().protocols("TLSv1.3"));
		runner(server).withPropertyValues("mtls.clients.orders.protocols=TLSv1.2")
			.run((context) -> assertThatExceptionOfType(ResourceAccessException.class)
				.isThrownBy(() -> callOrders(context))
				.withCauseInstanceOf(SSLException.class)
				.withMessageContaining("mTLS client 'orders': no TLS version in common with " + server.baseUrl()
						+ ": this client enables [TLSv1.2] (mtls.clients.orders.protocols)"));
	}

	@Test
	void anUntrustedServerCertificateNamesTheTrustSetting() {
		RecordingMtlsServer server = this.servers.start(this.pki.serverBuilder());
		Path otherCa = this.dir.resolve("other-ca.pem");
		TestPki.rootCa("Other Server CA").writeCertificate(otherCa);
		runner(server).withPropertyValues("mtls.clients.orders.trust.certificates=" + otherCa)
			.run((context) -> assertThatExceptionOfType(ResourceAccessException.class)
				.isThrownBy(() -> callOrders(context))
				.withMessageContaining("mTLS client 'orders': the server's certificate at " + server.baseUrl()
						+ " is not issued by a trusted certificate authority (mtls.clients.orders.trust.certificates)"));
	}

}
