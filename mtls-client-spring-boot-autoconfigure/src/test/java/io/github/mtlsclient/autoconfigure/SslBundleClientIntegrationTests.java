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

import java.nio.file.Path;

import io.github.mtlsclient.InvalidMtlsClientException;
import io.github.mtlsclient.MtlsClients;
import io.github.mtlsclient.testsupport.MtlsFixture;
import io.github.mtlsclient.testsupport.RecordingMtlsServer;
import io.github.mtlsclient.testsupport.TestPki;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Clients that take their material from a {@code spring.ssl.bundle.*} by name.
 *
 * @author mtls-client-spring-boot authors
 */
class SslBundleClientIntegrationTests {

	@TempDir
	Path dir;

	private MtlsFixture pki;

	private RecordingMtlsServer server;

	private final ApplicationContextRunner runner = MtlsFixture.contextRunner();

	@BeforeEach
	void setUp() {
		this.pki = new MtlsFixture(this.dir);
		this.server = this.pki.startServer();
	}

	@AfterEach
	void tearDown() {
		this.server.close();
	}

	@Test
	void pemBundle() {
		this.runner
			.withPropertyValues("spring.ssl.bundle.pem.payments.keystore.certificate=" + this.pki.clientCertificateFile,
					"spring.ssl.bundle.pem.payments.keystore.private-key=" + this.pki.clientKeyFile,
					"spring.ssl.bundle.pem.payments.truststore.certificate=" + this.pki.serverCaFile,
					"mtls.clients.payments.base-url=" + this.server.baseUrl(),
					"mtls.clients.payments.bundle=payments")
			.run((context) -> assertServerSawTheClientCertificate(context.getBean(MtlsClients.class), "payments"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "PKCS12", "JKS" })
	void keyStoreBundleWithItsOwnProtocolOptions(String type) {
		Path keyStore = this.dir.resolve("client." + type);
		Path trustStore = this.dir.resolve("trust." + type);
		if (type.equals("JKS")) {
			this.pki.client.writeJks(keyStore, "changeit", "client");
		}
		else {
			this.pki.client.writePkcs12(keyStore, "changeit", "client");
		}
		TestPki.writeTrustStore(trustStore, type, "changeit", this.pki.serverCa.certificate());
		String bundle = "spring.ssl.bundle.jks.ledger.";
		this.runner
			.withPropertyValues(bundle + "keystore.location=file:" + keyStore, bundle + "keystore.password=changeit",
					bundle + "keystore.type=" + type, bundle + "truststore.location=file:" + trustStore,
					bundle + "truststore.password=changeit", bundle + "truststore.type=" + type,
					bundle + "options.enabled-protocols=TLSv1.2",
					"mtls.clients.ledger.base-url=" + this.server.baseUrl(), "mtls.clients.ledger.bundle=ledger")
			.run((context) -> {
				assertServerSawTheClientCertificate(context.getBean(MtlsClients.class), "ledger");
				assertThat(this.server.connections().get(0).protocol()).isEqualTo("TLSv1.2");
			});
	}

	@Test
	void unknownBundleStopsTheContext() {
		this.runner
			.withPropertyValues("mtls.clients.ledger.base-url=" + this.server.baseUrl(),
					"mtls.clients.ledger.bundle=missing")
			.run((context) -> assertThat(context).getFailure()
				.hasRootCauseInstanceOf(NoSuchSslBundleException.class)
				.cause()
				.hasMessageContaining("mtls.clients.ledger.bundle"));
	}

	@Test
	void bundleTogetherWithPemFilesIsRejected() {
		this.runner.withPropertyValues(this.pki.clientProperties("ledger", this.server))
			.withPropertyValues("mtls.clients.ledger.bundle=ledger")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidMtlsClientException.class)
				.hasMessageContaining("mtls.clients.ledger.bundle"));
	}

	private void assertServerSawTheClientCertificate(MtlsClients clients, String name) {
		assertThat(clients.restClient(name).get().uri("/").retrieve().body(String.class)).isEqualTo("ok");
		assertThat(this.server.takeRequest().peerCertificate().getSerialNumber())
			.isEqualTo(this.pki.client.serialNumber());
	}

}
