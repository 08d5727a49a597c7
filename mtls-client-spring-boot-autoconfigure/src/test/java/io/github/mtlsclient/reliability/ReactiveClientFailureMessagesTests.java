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
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.TrustManagerFactory;

import io.github.mtlsclient.MtlsWebClients;
import io.github.mtlsclient.autoconfigure.MtlsWebClientAutoConfiguration;
import io.github.mtlsclient.testsupport.IssuedCertificate;
import io.github.mtlsclient.testsupport.MtlsFixture;
import io.github.mtlsclient.testsupport.RecordingMtlsServer;
import io.github.mtlsclient.testsupport.RecordingMtlsServer.Response;
import io.github.mtlsclient.testsupport.StartedServers;
import io.github.mtlsclient.testsupport.TestPki;
import io.netty.handler.timeout.ReadTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.PrematureCloseException;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The {@code WebClient} explains its failures as the {@code RestClient} does: a
 * {@link WebClientRequestException} whose message names the client, what happened, the
 * certificate or setting, and what to do, with Reactor Netty's exception kept as the
 * cause.
 *
 * @author mtls-client-spring-boot authors
 */
@Tag("reliability")
class ReactiveClientFailureMessagesTests {

	private static final Duration PATIENCE = Duration.ofSeconds(20);

	@TempDir
	Path dir;

	private MtlsFixture pki;

	private final CountDownLatch releaseHeld = new CountDownLatch(1);

	@RegisterExtension
	final StartedServers servers = new StartedServers();

	@BeforeEach
	void setUp() {
		this.pki = new MtlsFixture(this.dir);
	}

	@AfterEach
	void releaseHeldRequests() {
		// Before the servers close: none of their threads stays parked on the latch.
		this.releaseHeld.countDown();
	}

	@Test
	void poolExhaustionNamesTheClientAndThePoolSize() {
		CountDownLatch held = new CountDownLatch(2);
		RecordingMtlsServer server = this.servers.start(this.pki.serverBuilder().handler((request) -> {
			held.countDown();
			awaitRelease();
			return Response.ok("released");
		}));
		runner(server)
			.withPropertyValues("mtls.clients.orders.pool.max-connections=2",
					"mtls.clients.orders.pool.acquire-timeout=200ms")
			.run((context) -> {
				WebClient webClient = webClient(context);
				Mono<String> first = webClient.get().uri("/1").retrieve().bodyToMono(String.class).cache();
				Mono<String> second = webClient.get().uri("/2").retrieve().bodyToMono(String.class).cache();
				first.subscribe();
				second.subscribe();
				assertThat(held.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
				Throwable failure = catchThrowable(() -> get(context));
				assertThat(failure).isInstanceOf(WebClientRequestException.class)
					.hasMessageStartingWith("mTLS client 'orders': no pooled connection became free within 200ms: "
							+ "all 2 connections of the pool are in use")
					.hasMessageContaining("mtls.clients.orders.pool.max-connections")
					.cause()
					.isInstanceOf(TimeoutException.class)
					.cause()
					.satisfies((original) -> assertThat(original.getClass().getSimpleName())
						.isEqualTo("PoolAcquireTimeoutException"));
				this.releaseHeld.countDown();
				assertThat(first.block(PATIENCE)).isEqualTo("released");
				assertThat(second.block(PATIENCE)).isEqualTo("released");
				assertThat(server.requests()).hasSize(2);
			});
	}

	@Test
	void aSlowServerEndsInATimeoutNamingTheClientAndTheSetting() {
		RecordingMtlsServer server = this.servers.start(
				this.pki.serverBuilder().handler((request) -> Response.ok("late").delay(Duration.ofSeconds(5))));
		runner(server).withPropertyValues("mtls.clients.orders.read-timeout=300ms").run((context) -> {
			Throwable failure = catchThrowable(() -> get(context));
			assertThat(failure).isInstanceOf(WebClientRequestException.class)
				.hasMessageStartingWith("mTLS client 'orders': no response from " + server.baseUrl()
						+ " within the read timeout of 300ms (mtls.clients.orders.read-timeout)")
				.cause()
				.isExactlyInstanceOf(SocketTimeoutException.class)
				.cause()
				.isInstanceOf(ReadTimeoutException.class);
			assertThat(server.requests()).hasSize(1);
		});
	}

	@Test
	void aServerThatRejectsTheCertificateIsNamedWithTheCertificate() {
		RecordingMtlsServer server = this.servers
			.start(RecordingMtlsServer.builder(this.pki.server.privateKey(), this.pki.server.chain())
				.trustedClientCas(TestPki.rootCa("Some Other Client CA").certificate()));
		runner(server).run((context) -> {
			Throwable failure = catchThrowable(() -> get(context));
			// With TLS 1.3 the refusal arrives as an alert or, racing it, as a closed
			// connection: either way the message names the client and its certificate.
			assertThat(failure).isInstanceOf(WebClientRequestException.class)
				.hasMessageStartingWith("mTLS client 'orders': the server at " + server.baseUrl())
				.hasMessageContaining("rejected this client's certificate (CN=test-client, issued by CN=Test Client CA, "
						+ "serial " + this.pki.client.serialNumber().toString(16) + ")");
			assertThat(failure.getCause().getCause()).isNotNull();
			assertThat(server.requests()).isEmpty();
		});
	}

	@Test
	void anUntrustedServerCertificateNamesTheTrustSettingAndKeepsTheJdkClass() {
		RecordingMtlsServer server = this.servers.start(this.pki.serverBuilder());
		Path otherCa = this.dir.resolve("other-ca.pem");
		TestPki.rootCa("Other Server CA").writeCertificate(otherCa);
		runner(server).withPropertyValues("mtls.clients.orders.trust.certificates=" + otherCa).run((context) -> {
			Throwable failure = catchThrowable(() -> get(context));
			assertThat(failure).isInstanceOf(WebClientRequestException.class)
				.hasMessageStartingWith("mTLS client 'orders': the server's certificate at " + server.baseUrl()
						+ " is not issued by a trusted certificate authority (mtls.clients.orders.trust.certificates)")
				.cause()
				.isExactlyInstanceOf(SSLHandshakeException.class)
				.cause()
				.isExactlyInstanceOf(SSLHandshakeException.class)
				.hasMessageContaining("PKIX path building failed");
			assertThat(server.requests()).isEmpty();
		});
	}

	@Test
	void aServerCertificateForAnotherHostNamesTheServerNameSetting() {
		IssuedCertificate elsewhere = this.pki.serverCa.issueServer("elsewhere", "elsewhere.example");
		RecordingMtlsServer server = this.servers.start(RecordingMtlsServer
			.builder(elsewhere.privateKey(), elsewhere.chain())
			.trustedClientCas(this.pki.clientCa.certificate()));
		runner(server).run((context) -> {
			Throwable failure = catchThrowable(() -> get(context));
			assertThat(failure).isInstanceOf(WebClientRequestException.class)
				.hasMessageStartingWith("mTLS client 'orders': the server's certificate at " + server.baseUrl()
						+ " does not carry the name this client checks")
				.hasMessageContaining("mtls.clients.orders.server-name")
				.cause()
				.isExactlyInstanceOf(SSLHandshakeException.class);
			assertThat(server.requests()).isEmpty();
		});
	}

	@Test
	void noTlsVersionInCommonIsSaidPlainly() {
		RecordingMtlsServer server = this.servers.start(this.pki.serverBuilder().protocols("TLSv1.3"));
		runner(server).withPropertyValues("mtls.clients.orders.protocols=TLSv1.2")
			.run((context) -> assertThat(catchThrowable(() -> get(context)))
				.isInstanceOf(WebClientRequestException.class)
				.hasMessageStartingWith("mTLS client 'orders': no TLS version in common with " + server.baseUrl()
						+ ": this client enables [TLSv1.2] (mtls.clients.orders.protocols)"));
	}

	@Test
	void aServerThatHangsUpWithoutAnsweringIsSaidSoAndTheRequestIsNotSentAgain() throws Exception {
		SSLContext serverContext = serverContext();
		try (SSLServerSocket listener = (SSLServerSocket) serverContext.getServerSocketFactory()
			.createServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
			listener.setNeedClientAuth(true);
			AtomicInteger requestsSeen = new AtomicInteger();
			Thread hangingUp = new Thread(() -> {
				while (!listener.isClosed()) {
					try (Socket connection = listener.accept()) {
						// The handshake, then the first byte of the request, then goodbye.
						if (connection.getInputStream().read() != -1) {
							requestsSeen.incrementAndGet();
						}
					}
					catch (IOException ex) {
						// The listener closed, or the client went away.
					}
				}
			}, "hanging-up-server");
			hangingUp.start();
			String baseUrl = "https://127.0.0.1:" + listener.getLocalPort();
			MtlsFixture.contextRunner()
				.withConfiguration(AutoConfigurations.of(WebClientAutoConfiguration.class,
						MtlsWebClientAutoConfiguration.class))
				.withPropertyValues(this.pki.clientProperties("orders", baseUrl))
				.run((context) -> {
					Throwable failure = catchThrowable(() -> webClient(context).post()
						.uri("/orders")
						.bodyValue("order")
						.retrieve()
						.bodyToMono(String.class)
						.block(PATIENCE));
					assertThat(failure).isInstanceOf(WebClientRequestException.class)
						.hasMessageStartingWith("mTLS client 'orders': the server at " + baseUrl
								+ " closed the connection without answering POST /orders. This client sends no "
								+ "request twice")
						.hasMessageContaining("rejected this client's certificate (CN=test-client")
						.cause()
						.isExactlyInstanceOf(IOException.class)
						.cause()
						.isInstanceOf(PrematureCloseException.class);
					assertThat(requestsSeen).hasValue(1);
				});
		}
	}

	/**
	 * The server certificate as the server's identity, the client CA as what it trusts.
	 */
	private SSLContext serverContext() throws Exception {
		KeyStore keys = KeyStore.getInstance("PKCS12");
		keys.load(null, null);
		keys.setKeyEntry("server", this.pki.server.privateKey(), new char[0],
				this.pki.server.chain().toArray(X509Certificate[]::new));
		KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
		keyManagers.init(keys, new char[0]);
		KeyStore trusted = KeyStore.getInstance("PKCS12");
		trusted.load(null, null);
		trusted.setCertificateEntry("client-ca", this.pki.clientCa.certificate());
		TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
		trustManagers.init(trusted);
		SSLContext context = SSLContext.getInstance("TLS");
		context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
		return context;
	}

	private ApplicationContextRunner runner(RecordingMtlsServer server) {
		return MtlsFixture.contextRunner()
			.withConfiguration(AutoConfigurations.of(WebClientAutoConfiguration.class,
					MtlsWebClientAutoConfiguration.class))
			.withPropertyValues(this.pki.clientProperties("orders", server));
	}

	private static WebClient webClient(ApplicationContext context) {
		return context.getBean(MtlsWebClients.class).webClient("orders");
	}

	private static String get(ApplicationContext context) {
		return webClient(context).get().uri("/").retrieve().bodyToMono(String.class).block(PATIENCE);
	}

	private void awaitRelease() {
		try {
			this.releaseHeld.await(PATIENCE.toSeconds(), TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
