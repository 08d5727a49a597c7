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

package io.github.mtlsclient.sample.demo;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import io.github.mtlsclient.sample.demo.ClientCertificateCheck.Verdict;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link DemoServer} and its {@link ClientCertificateCheck}, with real TLS.
 *
 * @author mtls-client-spring-boot authors
 */
class DemoServerTests {

	@TempDir
	Path dir;

	private DemoPki pki;

	private DemoServer server;

	@BeforeEach
	void start() {
		this.pki = DemoPki.createOrReuse(this.dir);
		this.server = DemoServer.start(0, this.pki);
	}

	@AfterEach
	void stop() {
		this.server.close();
	}

	@Test
	void clientWithoutACertificateIsServedAndToldItPresentedNone() throws Exception {
		HttpClient client = HttpClient.newBuilder().sslContext(trustingTheServerCa()).build();
		HttpResponse<String> response = client.send(
				HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + this.server.port() + "/"))
					.timeout(Duration.ofSeconds(10))
					.build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
		DemoServer.Answer answer = JsonMapper.shared().readValue(response.body(), DemoServer.Answer.class);
		assertThat(answer.authorized()).isFalse();
		assertThat(answer.authorizationError()).isEqualTo("no client certificate presented");
		assertThat(answer.subject()).isNull();
		assertThat(answer.serial()).isNull();
		// The JDK client names itself: the server says who called.
		assertThat(answer.userAgent()).startsWith("Java-http-client/");
	}

	@Test
	void expiredCertificateFromTheClientCaIsNotAuthorized() throws Exception {
		DemoCa clientCa = new DemoCa(this.pki.clientCaCertificate(),
				Pem.readPrivateKey(this.dir.resolve("ca/client-ca.key")));
		IssuedCertificate expired = clientCa.issueClient("CN=late", Duration.ofMinutes(-30));
		Verdict verdict = new ClientCertificateCheck(this.pki.clientCaCertificate())
			.check(new Certificate[] { expired.certificate() });
		assertThat(verdict.authorized()).isFalse();
		assertThat(verdict.authorizationError()).startsWith("PKIX path validation failed").contains("validity");
		assertThat(verdict.subject()).isEqualTo("CN=late");
	}

	@Test
	void certificateFromTheClientCaIsAuthorized() throws Exception {
		Verdict verdict = new ClientCertificateCheck(this.pki.clientCaCertificate())
			.check(new Certificate[] { Pem.readCertificate(this.pki.trustedCertificate()) });
		assertThat(verdict.authorized()).isTrue();
		assertThat(verdict.authorizationError()).isNull();
	}

	private SSLContext trustingTheServerCa() throws Exception {
		KeyStore trust = KeyStore.getInstance("PKCS12");
		trust.load(null, null);
		trust.setCertificateEntry("server-ca", Pem.readCertificate(this.dir.resolve("ca/server-ca.crt")));
		TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
		factory.init(trust);
		SSLContext context = SSLContext.getInstance("TLS");
		context.init(null, factory.getTrustManagers(), null);
		return context;
	}

}
