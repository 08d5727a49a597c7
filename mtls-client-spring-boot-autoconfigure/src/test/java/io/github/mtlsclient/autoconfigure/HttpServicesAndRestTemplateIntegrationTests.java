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

import java.net.http.HttpClient;
import java.security.GeneralSecurityException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import io.github.mtlsclient.CertificateDetails;
import io.github.mtlsclient.MtlsClientStatus;
import io.github.mtlsclient.MtlsClients;
import io.github.mtlsclient.testsupport.IssuedCertificate;
import io.github.mtlsclient.testsupport.MtlsFixture;
import io.github.mtlsclient.testsupport.RecordedRequest;
import io.github.mtlsclient.testsupport.RecordingMtlsServer;
import io.github.mtlsclient.testsupport.RecordingMtlsServer.Response;
import io.github.mtlsclient.testsupport.TestSslContexts;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.client.autoconfigure.service.HttpServiceClientPropertiesAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.service.HttpServiceClientAutoConfiguration;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;
import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.annotation.HttpExchange;
import org.springframework.web.service.registry.ImportHttpServices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The starter's clients behind Spring's HTTP service interfaces and behind a
 * {@link RestTemplate}, against a real mTLS server.
 *
 * @author mtls-client-spring-boot authors
 */
class HttpServicesAndRestTemplateIntegrationTests {

	@TempDir
	Path dir;

	private MtlsFixture pki;

	private RecordingMtlsServer server;

	@BeforeEach
	void setUp() {
		this.pki = new MtlsFixture(this.dir);
		this.server = this.pki.serverBuilder().handler((request) -> Response.ok("charges of " + request.path())).start();
	}

	@AfterEach
	void tearDown() {
		this.server.close();
	}

	@Test
	void anHttpServiceGroupNamedLikeAClientGoesThroughIt() {
		MtlsFixture.contextRunner()
			.withConfiguration(AutoConfigurations.of(HttpServiceClientPropertiesAutoConfiguration.class,
					HttpServiceClientAutoConfiguration.class))
			.withUserConfiguration(PaymentsServices.class)
			.withPropertyValues(this.pki.clientProperties("payments", this.server))
			.withPropertyValues("mtls.clients.payments.default-headers.X-Client=payments",
					"spring.http.serviceclient.payments.default-header.X-Api-Key=from-boot",
					"spring.http.serviceclient.payments.base-url=https://ignored.example")
			.run((context) -> {
				PaymentsApi payments = context.getBean(PaymentsApi.class);
				assertThat(payments.charges()).isEqualTo("charges of /api/charges");
				RecordedRequest request = this.server.takeRequest();
				assertThat(request.peerCertificate().getSerialNumber()).isEqualTo(this.pki.client.serialNumber());
				assertThat(request.header("X-Client")).isEqualTo("payments");
				assertThat(request.header("X-Api-Key")).isEqualTo("from-boot");
			});
	}

	@Test
	void anApplicationsOwnRegistryRoutesTheGroupAndProvidesTheSslBundle() throws GeneralSecurityException {
		IssuedCertificate own = this.pki.clientCa.issueClient("own");
		ClientHttpRequestFactory requestFactory = new JdkClientHttpRequestFactory(
				HttpClient.newBuilder().sslContext(TestSslContexts.withClientCertificate(own, this.pki.serverCa)).build());
		SslBundle bundle = SslBundle.of(null);
		MtlsFixture.contextRunner()
			.withConfiguration(AutoConfigurations.of(HttpServiceClientPropertiesAutoConfiguration.class,
					HttpServiceClientAutoConfiguration.class))
			.withUserConfiguration(PaymentsServices.class)
			.withBean(MtlsClients.class,
					() -> new ApplicationClients("payments", this.server.baseUrl(), requestFactory, bundle))
			.run((context) -> {
				assertThat(context.getBean(PaymentsApi.class).charges()).isEqualTo("charges of /api/charges");
				// Routed through the application's registry: its identity on the wire.
				assertThat(this.server.takeRequest().peerCertificate().getSerialNumber())
					.isEqualTo(own.serialNumber());
				assertThat(context.getBean(SslBundles.class).getBundle("mtls-payments")).isSameAs(bundle);
			});
	}

	@Test
	void aGroupWithoutAnMtlsClientIsLeftAlone() {
		MtlsFixture.contextRunner()
			.withConfiguration(AutoConfigurations.of(HttpServiceClientPropertiesAutoConfiguration.class,
					HttpServiceClientAutoConfiguration.class))
			.withUserConfiguration(PaymentsServices.class)
			.withPropertyValues(this.pki.clientProperties("ledger", this.server))
			.withPropertyValues("spring.http.serviceclient.payments.base-url=https://payments.invalid")
			.run((context) -> {
				// Boot's own client for the group: it goes to the group's base URL, with no
				// mTLS client in the way (which would refuse another origin by name).
				assertThatExceptionOfType(ResourceAccessException.class)
					.isThrownBy(() -> context.getBean(PaymentsApi.class).charges())
					.withMessageContaining("payments.invalid")
					.withMessageNotContaining("mTLS client");
				assertThat(this.server.requests()).isEmpty();
			});
	}

	@Test
	void restTemplateUsersAdoptTheClientThroughItsRequestFactory() {
		MtlsFixture.contextRunner().withPropertyValues(this.pki.clientProperties("payments", this.server)).run((context) -> {
			RestTemplate restTemplate = new RestTemplate(context.getBean(MtlsClients.class).requestFactory("payments"));
			for (int i = 0; i < 5; i++) {
				assertThat(restTemplate.getForObject(this.server.baseUrl() + "/legacy", String.class))
					.isEqualTo("charges of /legacy");
			}
			assertThat(this.server.requests()).hasSize(5)
				.allSatisfy((request) -> assertThat(request.peerCertificate().getSerialNumber())
					.isEqualTo(this.pki.client.serialNumber()));
			assertThat(this.server.handshakeCount()).isEqualTo(1);
		});
	}

	/**
	 * A registry of the application's own, with one client and the interface's default
	 * {@code configure}.
	 */
	private record ApplicationClients(String name, String baseUrl, ClientHttpRequestFactory factory,
			SslBundle bundle) implements MtlsClients {

		@Override
		public Set<String> names() {
			return Set.of(this.name);
		}

		@Override
		public RestClient restClient(String name) {
			return RestClient.builder().baseUrl(this.baseUrl).requestFactory(this.factory).build();
		}

		@Override
		public ClientHttpRequestFactory requestFactory(String name) {
			return this.factory;
		}

		@Override
		public @Nullable CertificateDetails certificate(String name) {
			return null;
		}

		@Override
		public MtlsClientStatus status(String name) {
			return new MtlsClientStatus(name, this.baseUrl, null, List.of(), true, null,
					new MtlsClientStatus.Pool(0, 0, 0, 1), 0);
		}

		@Override
		public @Nullable CertificateDetails reload(String name) {
			return null;
		}

		@Override
		public SslBundle sslBundle(String name) {
			return this.bundle;
		}

	}

	@HttpExchange("/api")
	interface PaymentsApi {

		@GetExchange("/charges")
		String charges();

	}

	@Configuration(proxyBeanMethods = false)
	@ImportHttpServices(group = "payments", types = PaymentsApi.class)
	static class PaymentsServices {

	}

}
