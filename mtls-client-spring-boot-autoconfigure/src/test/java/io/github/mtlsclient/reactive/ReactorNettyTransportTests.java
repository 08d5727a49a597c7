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

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.github.mtlsclient.material.IdentityEngine;
import io.github.mtlsclient.material.TlsMaterial;
import io.github.mtlsclient.settings.ClientSettings;
import io.github.mtlsclient.testsupport.IssuedCertificate;
import io.github.mtlsclient.testsupport.MtlsFixture;
import io.github.mtlsclient.testsupport.RecordedConnection;
import io.github.mtlsclient.testsupport.RecordingMtlsServer;
import io.github.mtlsclient.testsupport.RecordingMtlsServer.Response;
import io.github.mtlsclient.testsupport.TestClientSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link ReactorNettyTransport} on an identity engine, without an application context.
 *
 * @author mtls-client-spring-boot authors
 */
class ReactorNettyTransportTests {

	@TempDir
	Path dir;

	@Test
	void aHundredRotationsLeaveTheCurrentPoolAndAtMostOneDraining() {
		MtlsFixture pki = new MtlsFixture(this.dir);
		IssuedCertificate second = pki.clientCa.issueClient("second");
		List<TlsMaterial> materials = List.of(material(pki.client, pki), material(second, pki));
		try (RecordingMtlsServer server = pki.serverBuilder().handler((request) -> Response.ok("ok")).start()) {
			ClientSettings settings = TestClientSettings.of("api", server.baseUrl());
			IdentityEngine engine = new IdentityEngine("api", settings.tls(), materials.get(0));
			try (ReactorNettyTransport transport = new ReactorNettyTransport(settings, engine)) {
				WebClient webClient = WebClient.builder()
					.baseUrl(server.baseUrl())
					.clientConnector(transport.connector())
					.build();
				for (int i = 1; i <= 100; i++) {
					engine.swap(materials.get(i % 2));
					assertThat(webClient.get().uri("/").retrieve().bodyToMono(String.class).block(Duration.ofSeconds(10)))
						.isEqualTo("ok");
					assertThat(transport.livePools()).as("pools after rotation %d", i).isLessThanOrEqualTo(2);
				}
				await().atMost(Duration.ofSeconds(10)).until(() -> transport.livePools() == 1);
				await().atMost(Duration.ofSeconds(10))
					.until(() -> server.connections().stream().filter(RecordedConnection::isOpen).count() <= 1);
				assertThat(server.requests()).hasSize(100);
				assertThat(server.handshakeCount()).isEqualTo(100);
			}
		}
	}

	private static TlsMaterial material(IssuedCertificate certificate, MtlsFixture pki) {
		return new TlsMaterial(certificate.privateKey(), certificate.chain(), List.of(pki.serverCa.certificate()));
	}

}
