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
package io.github.mtlsclient.reload;

import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import io.github.mtlsclient.MtlsClients;
import io.github.mtlsclient.MtlsMaterialReloadedEvent;
import io.github.mtlsclient.testsupport.ConcurrentLoad;
import io.github.mtlsclient.testsupport.IssuedCertificate;
import io.github.mtlsclient.testsupport.KeyFormat;
import io.github.mtlsclient.testsupport.MtlsFixture;
import io.github.mtlsclient.testsupport.RecordedRequest;
import io.github.mtlsclient.testsupport.RecordingMtlsServer;
import io.github.mtlsclient.testsupport.RecordingMtlsServer.Response;
import io.github.mtlsclient.testsupport.TestFiles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Rotations while requests are in flight: none may fail, and none may present a key
 * with another key's chain.
 *
 * @author mtls-client-spring-boot authors
 */
class RotationUnderLoadTests {

	private static final int THREADS = 8;

	@TempDir
	Path dir;

	private MtlsFixture pki;

	private RecordingMtlsServer server;

	private ConcurrentLoad load;

	@BeforeEach
	void setUp() {
		this.pki = new MtlsFixture(this.dir);
	}

	@AfterEach
	void tearDown() {
		if (this.load != null) {
			this.load.close();
		}
		if (this.server != null) {
			this.server.close();
		}
	}

	@Test
	void tenRotationsOfMixedStylesUnderLoadFailNoRequest() throws Exception {
		this.server = this.pki.startServer();
		List<Long> reloadedAtNanos = new CopyOnWriteArrayList<>();
		Map<Long, Long> startedAtNanos = new ConcurrentHashMap<>();
		MtlsFixture.contextRunner()
			.withPropertyValues(this.pki.clientProperties("api", this.server))
			.withPropertyValues("mtls.clients.api.reload.quiet-period=200ms", "mtls.clients.api.reload.poll-interval=1h")
			.withInitializer((context) -> context.addApplicationListener((event) -> {
				if (event instanceof MtlsMaterialReloadedEvent) {
					reloadedAtNanos.add(System.nanoTime());
				}
			}))
			.run((context) -> {
				RestClient client = context.getBean(MtlsClients.class).restClient("api");
				AtomicLong sequence = new AtomicLong();
				this.load = ConcurrentLoad.start(THREADS, () -> {
					long seq = sequence.incrementAndGet();
					startedAtNanos.put(seq, System.nanoTime());
					// Every other call a POST, which is never retried: a rotation that broke
					// a request in flight would show as a failure.
					if (seq % 2 == 0) {
						client.post().uri("/orders").header("X-Seq", Long.toString(seq)).retrieve().body(String.class);
					}
					else {
						client.get().uri("/").header("X-Seq", Long.toString(seq)).retrieve().body(String.class);
					}
				});
				IssuedCertificate last = this.pki.client;
				for (int rotation = 1; rotation <= 10; rotation++) {
					last = this.pki.clientCa.issueClient("rotation-" + rotation);
					if (rotation % 2 == 0) {
						TestFiles.overwrite(this.pki.clientCertificateFile, last.certificatePem());
						TestFiles.overwrite(this.pki.clientKeyFile, last.privateKeyPem(KeyFormat.PKCS8));
					}
					else {
						TestFiles.replaceByRename(this.pki.clientCertificateFile, last.certificatePem());
						TestFiles.replaceByRename(this.pki.clientKeyFile, last.privateKeyPem(KeyFormat.PKCS8));
					}
					int expected = rotation;
					await().atMost(Duration.ofSeconds(20)).until(() -> reloadedAtNanos.size() == expected);
				}
				// A request created after the last swap carries the new generation: it can
				// only go out on a connection that presents the new certificate.
				long lastSwap = reloadedAtNanos.get(reloadedAtNanos.size() - 1);
				await().atMost(Duration.ofSeconds(20))
					.until(() -> startedAtNanos.values().stream().filter((started) -> started - lastSwap > 0).count() > 200);
				assertThat(this.load.stop()).isZero();
				Map<Long, List<RecordedRequest>> bySeq = this.server.requests()
					.stream()
					.collect(Collectors.groupingBy((request) -> Long.parseLong(request.header("X-Seq"))));
				// Every call reached the server, and every POST exactly once.
				assertThat(bySeq.keySet()).containsAll(startedAtNanos.keySet());
				assertThat(bySeq).allSatisfy((seq, requests) -> {
					if (seq % 2 == 0) {
						assertThat(requests).as("POST " + seq).singleElement()
							.satisfies((request) -> assertThat(request.method()).isEqualTo("POST"));
					}
				});
				List<RecordedRequest> afterLastSwap = bySeq.entrySet()
					.stream()
					.filter((entry) -> startedAtNanos.get(entry.getKey()) - lastSwap > 0)
					.flatMap((entry) -> entry.getValue().stream())
					.toList();
				BigInteger finalSerial = last.serialNumber();
				assertThat(afterLastSwap).hasSizeGreaterThan(200)
					.allSatisfy((request) -> assertThat(request.peerCertificate().getSerialNumber())
						.isEqualTo(finalSerial));
				assertThat(reloadedAtNanos).hasSize(10);
			});
	}

	@Test
	void handshakesDuringSwapsNeverPairAKeyWithAnotherKeysChain() throws Exception {
		// Every response closes its connection, so every request is a full handshake.
		this.server = this.pki.serverBuilder()
			.handler((request) -> Response.ok("ok").header("Connection", "close"))
			.start();
		IssuedCertificate a = this.pki.clientCa.issueClient("identity-a");
		IssuedCertificate b = this.pki.clientCa.issueClient("identity-b");
		MtlsFixture.contextRunner()
			.withPropertyValues(this.pki.clientProperties("api", this.server))
			.withPropertyValues("mtls.clients.api.reload.enabled=false")
			.run((context) -> {
				MtlsClients clients = context.getBean(MtlsClients.class);
				RestClient client = clients.restClient("api");
				this.load = ConcurrentLoad.start(THREADS, () -> client.get().uri("/").retrieve().body(String.class));
				for (int swap = 0; swap < 40; swap++) {
					IssuedCertificate next = (swap % 2 == 0) ? a : b;
					TestFiles.overwrite(this.pki.clientCertificateFile, next.certificatePem());
					TestFiles.overwrite(this.pki.clientKeyFile, next.privateKeyPem(KeyFormat.PKCS8));
					clients.reload("api");
					int handshakes = this.server.handshakeCount();
					await().until(() -> this.server.handshakeCount() > handshakes + THREADS);
				}
				assertThat(this.load.stop()).isZero();
				assertThat(this.server.failedHandshakeCount()).as(this.server.failedHandshakes().toString()).isZero();
				Set<BigInteger> presented = this.server.connections()
					.stream()
					.map((connection) -> connection.peerCertificate().getSerialNumber())
					.collect(Collectors.toSet());
				assertThat(presented).contains(a.serialNumber(), b.serialNumber());
				assertThat(this.server.handshakeCount()).isGreaterThan(40 * THREADS);
			});
	}

}
