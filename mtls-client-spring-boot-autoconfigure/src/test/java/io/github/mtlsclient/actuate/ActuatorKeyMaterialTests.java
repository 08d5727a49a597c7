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
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.mtlsclient.testsupport.IssuedCertificate;
import io.github.mtlsclient.testsupport.KeyAlgorithm;
import io.github.mtlsclient.testsupport.KeyFormat;
import io.github.mtlsclient.testsupport.MtlsFixture;
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

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What the {@code mtls} endpoint and the health endpoint really serve over HTTP, with
 * every detail shown: certificates by subject, serial and fingerprint, never a run of a
 * private key's encoding (RSA and EC, plain and encrypted) nor its password.
 *
 * @author mtls-client-spring-boot authors
 */
class ActuatorKeyMaterialTests {

	private static final String PASSWORD = "Tr0ub4dor-and-3";

	/**
	 * A run this long of a key's base64 in the output would be a leak; shorter runs
	 * occur by chance in any base64.
	 */
	private static final int LEAK_LENGTH = 32;

	@TempDir
	Path dir;

	private RecordingMtlsServer server;

	private ConfigurableApplicationContext context;

	private final List<String> keyEncodings = new ArrayList<>();

	private IssuedCertificate rsa;

	private IssuedCertificate ec;

	@BeforeEach
	void start() throws Exception {
		MtlsFixture pki = new MtlsFixture(this.dir);
		this.server = pki.startServer();
		this.rsa = pki.clientCa.leaf("rsa-client").clientAuth().keyAlgorithm(KeyAlgorithm.RSA).issue();
		this.ec = pki.clientCa.leaf("ec-client").clientAuth().keyAlgorithm(KeyAlgorithm.EC).issue();
		Map<String, Object> properties = new LinkedHashMap<>();
		client(properties, "rsa", this.rsa, KeyFormat.ENCRYPTED_PKCS8, pki);
		client(properties, "ec", this.ec, KeyFormat.SEC1_EC, pki);
		properties.put("mtls.clients.rsa.private-key-password", PASSWORD);
		this.context = new SpringApplicationBuilder(ActuatorApplication.class).web(WebApplicationType.SERVLET)
			.properties("server.address=127.0.0.1", "server.port=0",
					"management.endpoints.web.exposure.include=mtls,health",
					"management.endpoint.health.show-details=always",
					"management.endpoint.health.show-components=always")
			.initializers((context) -> context.getEnvironment()
				.getPropertySources()
				.addFirst(new MapPropertySource("clients", properties)))
			.run();
	}

	private void client(Map<String, Object> properties, String name, IssuedCertificate certificate, KeyFormat format,
			MtlsFixture pki) throws Exception {
		Path certificateFile = this.dir.resolve(name + ".crt");
		Path keyFile = this.dir.resolve(name + ".key");
		certificate.writeCertificateChain(certificateFile);
		if (format == KeyFormat.ENCRYPTED_PKCS8) {
			certificate.writePrivateKey(keyFile, format, PASSWORD);
		}
		else {
			certificate.writePrivateKey(keyFile, format);
		}
		// The key as written and as every other encoding the code could come across.
		this.keyEncodings.add(base64(Files.readString(keyFile)));
		this.keyEncodings.add(base64(certificate.privateKeyPem(KeyFormat.PKCS8)));
		if (format != KeyFormat.ENCRYPTED_PKCS8) {
			this.keyEncodings.add(base64(certificate.privateKeyPem(format)));
		}
		String prefix = "mtls.clients." + name + ".";
		properties.put(prefix + "base-url", this.server.baseUrl());
		properties.put(prefix + "certificate", "file:" + certificateFile);
		properties.put(prefix + "private-key", "file:" + keyFile);
		properties.put(prefix + "trust.certificates", "file:" + pki.serverCaFile);
		properties.put(prefix + "reload.enabled", "false");
	}

	@AfterEach
	void stop() {
		if (this.context != null) {
			this.context.close();
		}
		this.server.close();
	}

	@Test
	void theMtlsEndpointShowsCertificatesButNoKeyMaterial() throws Exception {
		String all = send("GET", "/actuator/mtls");
		assertThat(all).contains(serial(this.rsa)).contains(serial(this.ec));
		assertNoKeyMaterialIn(all);
		for (String name : List.of("rsa", "ec")) {
			String one = send("GET", "/actuator/mtls/" + name);
			assertThat(one).contains(serial(name.equals("rsa") ? this.rsa : this.ec));
			assertNoKeyMaterialIn(one);
			String reloaded = send("POST", "/actuator/mtls/" + name);
			assertNoKeyMaterialIn(reloaded);
		}
	}

	@Test
	void theHealthEndpointShowsCertificatesButNoKeyMaterial() throws Exception {
		String health = send("GET", "/actuator/health");
		assertThat(health).contains("\"mtls\"").contains(serial(this.rsa)).contains(serial(this.ec));
		assertNoKeyMaterialIn(health);
		String mtls = send("GET", "/actuator/health/mtls");
		assertThat(mtls).contains(serial(this.ec));
		assertNoKeyMaterialIn(mtls);
	}

	@Test
	void theCheckSeesAKeyOrPasswordInTheOutput() {
		for (String encoding : this.keyEncodings) {
			String run = encoding.substring(encoding.length() / 2, encoding.length() / 2 + LEAK_LENGTH);
			assertThatExceptionOfType(AssertionError.class)
				.isThrownBy(() -> assertNoKeyMaterialIn("{\"key\":\"" + run.replace("/", "\\/") + "\"}"));
		}
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> assertNoKeyMaterialIn("{\"password\":\"" + PASSWORD + "\"}"));
	}

	private String send(String method, String path) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + path))
			.method(method, HttpRequest.BodyPublishers.noBody())
			.timeout(Duration.ofSeconds(30))
			.build();
		HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(method + " " + path).isEqualTo(200);
		return response.body();
	}

	private int port() {
		return this.context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
	}

	private void assertNoKeyMaterialIn(String json) {
		assertThat(json).doesNotContain(PASSWORD);
		// JSON may escape '/' as '\/'; compare the unescaped text.
		String text = json.replace("\\/", "/");
		for (String encoding : this.keyEncodings) {
			for (int start = 0; start + LEAK_LENGTH <= encoding.length(); start++) {
				String run = encoding.substring(start, start + LEAK_LENGTH);
				assertThat(text.contains(run)).as("a %d-character run of a private key's base64", LEAK_LENGTH)
					.isFalse();
			}
		}
	}

	private static String serial(IssuedCertificate certificate) {
		return certificate.serialNumber().toString(16);
	}

	private static String base64(String pem) {
		return String.join("", pem.lines().filter((line) -> !line.startsWith("-----") && !line.contains(":")).toList());
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class ActuatorApplication {

	}

}
