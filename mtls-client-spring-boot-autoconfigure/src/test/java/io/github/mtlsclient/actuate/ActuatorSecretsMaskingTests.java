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
package io.github.mtlsclient.actuate;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.mtlsclient.MtlsClients;
import io.github.mtlsclient.testsupport.IssuedCertificate;
import io.github.mtlsclient.testsupport.KeyFormat;
import io.github.mtlsclient.testsupport.MtlsFixture;
import io.github.mtlsclient.testsupport.RecordedRequest;
import io.github.mtlsclient.testsupport.RecordingMtlsServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The secrets among the {@code mtls.*} properties never appear in the JSON that the
 * {@code configprops} and {@code env} endpoints serve over HTTP, even with
 * {@code show-values=always}; the other values still do. An application with the
 * starter, actuator and a web server, started on a random port.
 *
 * @author mtls-client-spring-boot authors
 */
class ActuatorSecretsMaskingTests {

	private static final String API_KEY_PASSWORD = "s3cr3t-api-key-password";

	private static final String PAYMENTS_KEY_PASSWORD = "s3cr3t-payments-env-password";

	private static final String DEFAULTS_KEY_PASSWORD = "s3cr3t-defaults-password";

	// Each secret in a form that no other value contains.
	private static final Map<String, String> API_HEADERS = Map.of("Authorization", "Bearer s3cr3t-bearer",
			"X-Api-Key", "s3cr3t-api-key", "X-Auth-Token", "s3cr3t-auth-token", "Cookie", "session=s3cr3t-cookie");

	private static final List<String> SECRETS = List.of(API_KEY_PASSWORD, PAYMENTS_KEY_PASSWORD,
			DEFAULTS_KEY_PASSWORD, "s3cr3t-bearer", "s3cr3t-api-key", "s3cr3t-auth-token", "s3cr3t-cookie",
			"s3cr3t-proxy", "s3cr3t-defaults-token", "s3cr3t-env-bearer", "s3cr3t-env-api-key");

	private static final String HARMLESS_HEADER_VALUE = "checkout-team";

	@TempDir
	Path dir;

	private RecordingMtlsServer server;

	private ConfigurableApplicationContext context;

	private HttpClient http;

	private int port;

	@BeforeEach
	void start() {
		MtlsFixture pki = new MtlsFixture(this.dir);
		this.server = pki.startServer();
		Path apiKey = this.dir.resolve("api.key");
		pki.client.writePrivateKey(apiKey, KeyFormat.ENCRYPTED_PKCS8, API_KEY_PASSWORD);
		IssuedCertificate payments = pki.clientCa.issueClient("payments");
		Path paymentsCertificate = this.dir.resolve("payments.crt");
		payments.writeCertificateChain(paymentsCertificate);
		Path paymentsKey = this.dir.resolve("payments.key");
		payments.writePrivateKey(paymentsKey, KeyFormat.ENCRYPTED_PKCS8, PAYMENTS_KEY_PASSWORD);

		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("mtls.clients.api.base-url", this.server.baseUrl());
		properties.put("mtls.clients.api.certificate", "file:" + pki.clientCertificateFile);
		properties.put("mtls.clients.api.private-key", "file:" + apiKey);
		properties.put("mtls.clients.api.private-key-password", API_KEY_PASSWORD);
		properties.put("mtls.clients.api.trust.certificates", "file:" + pki.serverCaFile);
		properties.put("mtls.clients.api.default-headers.Authorization", API_HEADERS.get("Authorization"));
		properties.put("mtls.clients.api.default-headers[X-Api-Key]", API_HEADERS.get("X-Api-Key"));
		properties.put("mtls.clients.api.default-headers.X-Auth-Token", API_HEADERS.get("X-Auth-Token"));
		properties.put("mtls.clients.api.default-headers.cookie", API_HEADERS.get("Cookie"));
		properties.put("mtls.clients.api.default-headers.X-Team", HARMLESS_HEADER_VALUE);
		properties.put("mtls.defaults.private-key-password", DEFAULTS_KEY_PASSWORD);
		properties.put("mtls.defaults.default-headers[Proxy-Authorization]", "Basic s3cr3t-proxy");
		properties.put("mtls.defaults.default-headers.X-Request-Token", "s3cr3t-defaults-token");

		// As the operating system passes them: the env endpoint shows them by these names.
		Map<String, Object> environment = new LinkedHashMap<>();
		environment.put("MTLS_CLIENTS_PAYMENTS_BASEURL", this.server.baseUrl());
		environment.put("MTLS_CLIENTS_PAYMENTS_CERTIFICATE", paymentsCertificate.toString());
		environment.put("MTLS_CLIENTS_PAYMENTS_PRIVATEKEY", paymentsKey.toString());
		environment.put("MTLS_CLIENTS_PAYMENTS_PRIVATEKEYPASSWORD", PAYMENTS_KEY_PASSWORD);
		environment.put("MTLS_CLIENTS_PAYMENTS_TRUST_CERTIFICATES", pki.serverCaFile.toString());
		environment.put("MTLS_CLIENTS_PAYMENTS_DEFAULTHEADERS_AUTHORIZATION", "Bearer s3cr3t-env-bearer");
		environment.put("MTLS_CLIENTS_PAYMENTS_DEFAULTHEADERS_X_API_KEY", "s3cr3t-env-api-key");

		this.context = new SpringApplicationBuilder(ActuatorApplication.class).web(WebApplicationType.SERVLET)
			.properties("server.address=127.0.0.1", "server.port=0",
					"management.endpoints.web.exposure.include=configprops,env",
					"management.endpoint.configprops.show-values=always", "management.endpoint.env.show-values=always",
					"mtls.clients.api.reload.enabled=false", "mtls.clients.payments.reload.enabled=false")
			.initializers((context) -> {
				context.getEnvironment()
					.getPropertySources()
					.addFirst(new SystemEnvironmentPropertySource("test-systemEnvironment", environment));
				context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("secrets", properties));
			})
			.run();
		this.port = this.context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
		this.http = HttpClient.newHttpClient();
	}

	@AfterEach
	void stop() {
		if (this.context != null) {
			this.context.close();
		}
		this.server.close();
	}

	@Test
	void theSecretsStillWork() {
		MtlsClients clients = this.context.getBean(MtlsClients.class);
		clients.restClient("api").get().uri("/").retrieve().toBodilessEntity();
		RecordedRequest request = this.server.takeRequest();
		API_HEADERS.forEach((name, value) -> assertThat(request.header(name)).as(name).isEqualTo(value));
		assertThat(request.header("X-Team")).isEqualTo(HARMLESS_HEADER_VALUE);
		assertThat(clients.names()).contains("payments");
	}

	@Test
	void configpropsShowsNoSecretButTheOtherValues() throws Exception {
		String json = get("/actuator/configprops");
		assertNoSecretIn(json);
		assertThat(json).contains("\"mtls\"").contains(HARMLESS_HEADER_VALUE).contains(this.server.baseUrl());
		assertThat(json).contains("X-Api-Key").contains("Proxy-Authorization").contains("******");
	}

	@Test
	void envShowsNoSecretButTheOtherValues() throws Exception {
		String json = get("/actuator/env");
		assertNoSecretIn(json);
		assertThat(json).contains("mtls.clients.api.default-headers.X-Team").contains(HARMLESS_HEADER_VALUE);
		assertThat(json).contains("MTLS_CLIENTS_PAYMENTS_PRIVATEKEYPASSWORD")
			.contains("MTLS_CLIENTS_PAYMENTS_DEFAULTHEADERS_AUTHORIZATION")
			.contains("mtls.clients.api.private-key-password")
			.contains("******");
	}

	@Test
	void envOfOnePropertyShowsNoSecret() throws Exception {
		for (String name : List.of("mtls.clients.api.private-key-password",
				"mtls.clients.api.default-headers.Authorization", "mtls.defaults.private-key-password",
				"MTLS_CLIENTS_PAYMENTS_PRIVATEKEYPASSWORD")) {
			String json = get("/actuator/env/" + URLEncoder.encode(name, StandardCharsets.UTF_8));
			assertNoSecretIn(json);
			assertThat(json).as(name).contains("******");
		}
		assertThat(get("/actuator/env/mtls.clients.api.default-headers.X-Team")).contains(HARMLESS_HEADER_VALUE);
	}

	private String get(String path) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.timeout(Duration.ofSeconds(30))
			.build();
		HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(path).isEqualTo(200);
		return response.body();
	}

	private static void assertNoSecretIn(String json) {
		for (String secret : SECRETS) {
			assertThat(json).as("served JSON").doesNotContain(secret);
		}
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class ActuatorApplication {

	}

}
