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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.github.mtlsclient.material.IdentityEngine;
import io.github.mtlsclient.material.TlsMaterial;
import io.github.mtlsclient.settings.ClientSettings;
import io.github.mtlsclient.testsupport.IssuedCertificate;
import io.github.mtlsclient.testsupport.MtlsFixture;
import io.github.mtlsclient.testsupport.RecordedConnection;
import io.github.mtlsclient.testsupport.RecordedRequest;
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

	@Test
	void aCallWaitingForAPooledConnectionWhenTheIdentityChangesGoesOutOnTheNewOne() throws Exception {
		MtlsFixture pki = new MtlsFixture(this.dir);
		IssuedCertificate second = pki.clientCa.issueClient("second");
		CountDownLatch held = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		try (RecordingMtlsServer server = pki.serverBuilder().handler((request) -> {
			if (request.path().equals("/held")) {
				held.countDown();
				awaitQuietly(release);
			}
			return Response.ok("ok");
		}).start()) {
			ClientSettings settings = TestClientSettings.of("api", server.baseUrl(),
					(client) -> client.getPool().setMaxConnections(1));
			IdentityEngine engine = new IdentityEngine("api", settings.tls(), material(pki.client, pki));
			try (ReactorNettyTransport transport = new ReactorNettyTransport(settings, engine)) {
				WebClient webClient = WebClient.builder()
					.baseUrl(server.baseUrl())
					.clientConnector(transport.connector())
					.build();
				CompletableFuture<String> first = webClient.get().uri("/held").retrieve().bodyToMono(String.class)
					.toFuture();
				assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();
				// The only connection is busy: this POST waits in the pool of the first identity.
				CompletableFuture<String> waiting = webClient.post().uri("/waiting").bodyValue("charge")
					.retrieve().bodyToMono(String.class).toFuture();
				await().atMost(Duration.ofSeconds(10)).until(() -> transport.poolStats().pending() == 1);
				engine.swap(material(second, pki));
				release.countDown();
				assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("ok");
				assertThat(waiting.get(10, TimeUnit.SECONDS)).isEqualTo("ok");
				assertThat(server.requests()).extracting(RecordedRequest::path).containsExactly("/held", "/waiting");
				assertThat(server.requests().get(1).connection().peerCertificate().getSerialNumber())
					.isEqualTo(second.certificate().getSerialNumber());
			}
		}
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static TlsMaterial material(IssuedCertificate certificate, MtlsFixture pki) {
		return new TlsMaterial(certificate.privateKey(), certificate.chain(), List.of(pki.serverCa.certificate()));
	}

}
