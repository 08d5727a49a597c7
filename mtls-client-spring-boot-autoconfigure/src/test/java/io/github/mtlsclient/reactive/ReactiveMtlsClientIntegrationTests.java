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
package io.github.mtlsclient.reactive;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.mtlsclient.MtlsClient;
import io.github.mtlsclient.MtlsClients;
import io.github.mtlsclient.MtlsWebClients;
import io.github.mtlsclient.actuate.MtlsClientDescriptor;
import io.github.mtlsclient.actuate.MtlsEndpoint;
import io.github.mtlsclient.autoconfigure.MtlsClientActuatorAutoConfiguration;
import io.github.mtlsclient.testsupport.IssuedCertificate;
import io.github.mtlsclient.testsupport.KeyFormat;
import io.github.mtlsclient.testsupport.MtlsFixture;
import io.github.mtlsclient.testsupport.RecordedConnection;
import io.github.mtlsclient.testsupport.RecordedRequest;
import io.github.mtlsclient.testsupport.RecordingMtlsServer;
import io.github.mtlsclient.testsupport.RecordingMtlsServer.Response;
import io.github.mtlsclient.testsupport.TestPki;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.support.AbstractBeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.http.client.autoconfigure.service.HttpServiceClientPropertiesAutoConfiguration;
import org.springframework.boot.webclient.autoconfigure.service.ReactiveHttpServiceClientAutoConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.annotation.HttpExchange;
import org.springframework.web.service.registry.HttpServiceGroup.ClientType;
import org.springframework.web.service.registry.ImportHttpServices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * The reactive twin of a client against a real mTLS server: its identity on the wire,
 * pooled connections, server name, origin guard and rotation.
 *
 * @author mtls-client-spring-boot authors
 */
class ReactiveMtlsClientIntegrationTests {

	private static final Duration PATIENCE = Duration.ofSeconds(20);

	@TempDir
	Path dir;

	private MtlsFixture pki;

	private RecordingMtlsServer server;

	private ApplicationContextRunner runner;

	@BeforeEach
	void setUp() {
		this.pki = new MtlsFixture(this.dir);
		this.server = this.pki.serverBuilder().handler((request) -> Response.ok("hello " + request.path())).start();
		this.runner = MtlsFixture.reactiveContextRunner();
	}

	@AfterEach
	void tearDown() {
		this.server.close();
	}

	@Test
	void presentsTheClientCertificateAndReusesFewConnectionsUnderConcurrency() {
		this.runner.withPropertyValues(this.pki.clientProperties("api", this.server)).run((context) -> {
			WebClient webClient = context.getBean(MtlsWebClients.class).webClient("api");
			List<String> bodies = Flux.range(0, 640)
				.flatMap((i) -> webClient.get().uri("/r/{i}", i).retrieve().bodyToMono(String.class), 64)
				.collectList()
				.block(PATIENCE);
			assertThat(bodies).hasSize(640).allSatisfy((body) -> assertThat(body).startsWith("hello /r/"));
			assertThat(this.server.requests()).hasSize(640)
				.allSatisfy((request) -> assertThat(request.peerCertificate().getSerialNumber())
					.isEqualTo(this.pki.client.serialNumber()));
			// At most one handshake per pooled connection, not one per request.
			assertThat(this.server.handshakeCount()).isBetween(1, 20);
			assertThat(context.getBean(DefaultMtlsWebClients.class).handshakeCount("api"))
				.isEqualTo(this.server.handshakeCount());
		});
	}

	@Test
	void aQualifiedWebClientBeanPerClientThatIsNeverADefaultCandidate() {
		this.runner.withPropertyValues(this.pki.clientProperties("payments-eu", this.server)).run((context) -> {
			assertThat(context).hasBean("paymentsEuWebClient");
			AbstractBeanDefinition definition = (AbstractBeanDefinition) context.getBeanFactory()
				.getBeanDefinition("paymentsEuWebClient");
			assertThat(definition.isDefaultCandidate()).isFalse();
			assertThat(definition.getQualifier(MtlsClient.class.getName()).getAttribute("value"))
				.isEqualTo("payments-eu");
			WebClient bean = context.getBean("paymentsEuWebClient", WebClient.class);
			assertThat(bean).isSameAs(context.getBean(MtlsWebClients.class).webClient("payments-eu"));
			assertThat(bean.get().uri("/x").retrieve().bodyToMono(String.class).block(PATIENCE)).isEqualTo("hello /x");
		});
	}

	@Test
	void theServerCertificateIsCheckedAgainstTheServerNameWhichIsSentAsSni() {
		IssuedCertificate named = this.pki.serverCa.issueServer("payments.internal", "payments.internal");
		try (RecordingMtlsServer payments = RecordingMtlsServer.builder(named.privateKey(), named.chain())
			.trustedClientCas(this.pki.clientCa.certificate())
			.handler((request) -> Response.ok("payments"))
			.start()) {
			String baseUrl = "https://127.0.0.1:" + payments.port();
			// Without server-name the address is checked, and the certificate does not name it.
			this.runner.withPropertyValues(this.pki.clientProperties("api", baseUrl)).run((context) -> {
				Throwable failure = catchThrowable(() -> get(context, "/"));
				assertThat(failure).hasStackTraceContaining("No subject alternative names matching IP address 127.0.0.1");
			});
			this.runner.withPropertyValues(this.pki.clientProperties("api", baseUrl))
				.withPropertyValues("mtls.clients.api.server-name=payments.internal")
				.run((context) -> assertThat(get(context, "/")).isEqualTo("payments"));
			assertThat(payments.connections()).extracting(RecordedConnection::sniHostName)
				.contains("payments.internal");
			this.runner.withPropertyValues(this.pki.clientProperties("api", baseUrl))
				.withPropertyValues("mtls.clients.api.server-name=ledger.internal")
				.run((context) -> assertThat(catchThrowable(() -> get(context, "/")))
					.hasStackTraceContaining("ledger.internal"));
			assertThat(payments.requests()).hasSize(1);
		}
	}

	@Test
	void aServerNameTheCertificateLacksIsRefusedEvenIfItNamesTheAddress() {
		// The server's certificate names 127.0.0.1, which the client calls, but not the
		// server name it was told to expect.
		this.runner.withPropertyValues(this.pki.clientProperties("api", "https://127.0.0.1:" + this.server.port()))
			.withPropertyValues("mtls.clients.api.server-name=ledger.internal")
			.run((context) -> {
				assertThat(catchThrowable(() -> get(context, "/"))).hasStackTraceContaining("ledger.internal");
				assertThat(this.server.requests()).isEmpty();
			});
	}

	@Test
	void aServerOutsideTheTrustedCertificateAuthoritiesIsRefused() {
		IssuedCertificate impostor = TestPki.rootCa("Impostor CA").issueServer("localhost", "localhost", "127.0.0.1");
		try (RecordingMtlsServer server = RecordingMtlsServer.builder(impostor.privateKey(), impostor.chain())
			.trustedClientCas(this.pki.clientCa.certificate())
			.start()) {
			this.runner.withPropertyValues(this.pki.clientProperties("api", server)).run((context) -> {
				assertThat(catchThrowable(() -> get(context, "/"))).hasStackTraceContaining("SSLHandshakeException")
					.hasStackTraceContaining("PKIX path building failed");
				assertThat(server.requests()).isEmpty();
				await().atMost(PATIENCE).until(() -> server.failedHandshakeCount() == 1);
			});
		}
	}

	@Test
	void aRequestToAnotherOriginFailsBeforeAnyConnectionIsOpened() {
		try (RecordingMtlsServer other = this.pki.startServer()) {
			this.runner.withPropertyValues(this.pki.clientProperties("api", this.server)).run((context) -> {
				WebClient webClient = context.getBean(MtlsWebClients.class).webClient("api");
				Throwable failure = catchThrowable(() -> webClient.get()
					.uri(other.baseUrl() + "/steal")
					.retrieve()
					.bodyToMono(String.class)
					.block(PATIENCE));
				assertThat(failure).hasStackTraceContaining("mTLS client 'api' only sends requests to");
				assertThat(other.connections()).isEmpty();
				assertThat(this.server.connections()).isEmpty();
			});
		}
	}

	@Test
	void aRotatedCertificateIsOnTheWireWithoutAFailedRequestAndOldConnectionsClose() throws Exception {
		this.runner.withPropertyValues(this.pki.clientProperties("api", this.server)).run((context) -> {
			WebClient webClient = context.getBean(MtlsWebClients.class).webClient("api");
			AtomicInteger failures = new AtomicInteger();
			Mono<String> post = webClient.post().uri("/p").bodyValue("x").retrieve().bodyToMono(String.class);
			Mono<String> get = webClient.get().uri("/g").retrieve().bodyToMono(String.class);
			Flux<String> load = Flux.range(0, 400)
				.flatMap((i) -> ((i % 2 == 0) ? post : get).doOnError((ex) -> failures.incrementAndGet())
					.onErrorResume((ex) -> Mono.empty()), 16);
			// A whole load first (cancelling one would leave requests in flight): pooled
			// connections of the first identity.
			load.blockLast(PATIENCE);
			IssuedCertificate rotated = this.pki.clientCa.issueClient("rotated");
			Files.writeString(this.pki.clientCertificateFile, rotated.certificatePem());
			Files.writeString(this.pki.clientKeyFile, rotated.privateKeyPem(KeyFormat.PKCS8));
			int before = this.server.requests().size();
			assertThat(this.server.connections()).filteredOn(RecordedConnection::isOpen).isNotEmpty();
			context.getBean(MtlsClients.class).reload("api");
			load.blockLast(PATIENCE);
			assertThat(failures).hasValue(0);
			List<RecordedRequest> after = this.server.requests().subList(before, this.server.requests().size());
			assertThat(after).hasSize(400)
				.allSatisfy((request) -> assertThat(request.peerCertificate().getSerialNumber())
					.isEqualTo(rotated.serialNumber()));
			// The old identity's pool is gone: its connections close, none stays open.
			await().atMost(PATIENCE)
				.untilAsserted(() -> assertThat(this.server.connections()).filteredOn(RecordedConnection::isOpen)
					.isNotEmpty()
					.allSatisfy((connection) -> assertThat(connection.peerCertificate().getSerialNumber())
						.isEqualTo(rotated.serialNumber())));
		});
	}

	@Test
	void aRedirectIsFollowedToTheSameOriginOnlyAndTheOtherOriginSeesNoConnection() {
		try (RecordingMtlsServer other = this.pki.startServer();
				RecordingMtlsServer redirecting = this.pki.serverBuilder().handler((request) -> switch (request.path()) {
					case "/old" -> Response.redirect(302, "/new");
					case "/away" -> Response.redirect(302, other.baseUrl() + "/stolen");
					default -> Response.ok("hello " + request.path());
				}).start()) {
			this.runner.withPropertyValues(this.pki.clientProperties("api", redirecting)).run((context) -> {
				WebClient webClient = context.getBean(MtlsWebClients.class).webClient("api");
				assertThat(webClient.get().uri("/old").retrieve().bodyToMono(String.class).block(PATIENCE))
					.isEqualTo("hello /new");
				Integer status = webClient.get()
					.uri("/away")
					.exchangeToMono((response) -> Mono.just(response.statusCode().value()))
					.block(PATIENCE);
				assertThat(status).isEqualTo(302);
				assertThat(other.connections()).isEmpty();
			});
			this.runner.withPropertyValues(this.pki.clientProperties("api", redirecting))
				.withPropertyValues("mtls.clients.api.redirects=none")
				.run((context) -> assertThat(context.getBean(MtlsWebClients.class)
					.webClient("api")
					.get()
					.uri("/old")
					.exchangeToMono((response) -> Mono.just(response.statusCode().value()))
					.block(PATIENCE)).isEqualTo(302));
		}
	}

	@Test
	void aReactiveHttpServiceGroupNamedLikeAClientGoesThroughIt() {
		this.runner
			.withConfiguration(AutoConfigurations.of(HttpServiceClientPropertiesAutoConfiguration.class,
					ReactiveHttpServiceClientAutoConfiguration.class))
			.withUserConfiguration(ReactivePaymentsServices.class)
			.withPropertyValues(this.pki.clientProperties("payments", this.server))
			.withPropertyValues("mtls.clients.payments.default-headers.X-Client=payments",
					"spring.http.serviceclient.payments.base-url=https://ignored.example")
			.run((context) -> {
				assertThat(context.getBean(ReactivePaymentsApi.class).charges().block(PATIENCE))
					.isEqualTo("hello /api/charges");
				RecordedRequest request = this.server.takeRequest();
				assertThat(request.peerCertificate().getSerialNumber()).isEqualTo(this.pki.client.serialNumber());
				assertThat(request.header("X-Client")).isEqualTo("payments");
			});
	}

	@Test
	void withoutWebFluxNothingReactiveIsCreatedAndNothingFails() {
		this.runner.withClassLoader(new FilteredClassLoader(WebClient.class))
			.withConfiguration(AutoConfigurations.of(MtlsClientActuatorAutoConfiguration.class,
					MetricsAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class))
			.withPropertyValues(this.pki.clientProperties("api", this.server))
			.withPropertyValues("management.endpoints.web.exposure.include=mtls")
			.run((context) -> {
				assertThat(context).hasNotFailed().hasBean("apiRestClient");
				assertThat(context).doesNotHaveBean("apiWebClient").doesNotHaveBean("mtlsWebClients");
				context.getBean(MtlsClients.class).restClient("api").get().uri("/").retrieve().toBodilessEntity();
				// Health, endpoint and metrics show the RestClient's transport only.
				assertThat(context).hasBean("mtlsHealthContributor");
				MtlsClientDescriptor described = context.getBean(MtlsEndpoint.class).clients().clients().get("api");
				assertThat(described.transports()).containsOnlyKeys("http-client");
				assertThat(described.transports().get("http-client").handshakes()).isEqualTo(1);
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				assertThat(registry.find("mtls.client.handshakes").tag("transport", "http-client").functionCounter())
					.isNotNull();
				assertThat(registry.find("mtls.client.handshakes").tag("transport", "reactor-netty").meters())
					.isEmpty();
			});
	}

	@HttpExchange("/api")
	interface ReactivePaymentsApi {

		@GetExchange("/charges")
		Mono<String> charges();

	}

	@Configuration(proxyBeanMethods = false)
	@ImportHttpServices(group = "payments", types = ReactivePaymentsApi.class, clientType = ClientType.WEB_CLIENT)
	static class ReactivePaymentsServices {

	}

	private static String get(org.springframework.context.ApplicationContext context, String path) {
		return context.getBean(MtlsWebClients.class)
			.webClient("api")
			.get()
			.uri(path)
			.retrieve()
			.bodyToMono(String.class)
			.block(PATIENCE);
	}

}
