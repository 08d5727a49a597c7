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

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.github.mtlsclient.MtlsClients;
import io.github.mtlsclient.MtlsMaterialReloadedEvent;
import io.github.mtlsclient.testsupport.IssuedCertificate;
import io.github.mtlsclient.testsupport.KeyFormat;
import io.github.mtlsclient.testsupport.MtlsFixture;
import io.github.mtlsclient.testsupport.NginxServer;
import io.github.mtlsclient.testsupport.NginxServer.AccessLogEntry;
import io.github.mtlsclient.testsupport.RequiredProgram;
import io.github.mtlsclient.testsupport.TestFiles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The client against a real nginx with {@code ssl_verify_client on}: load, idle
 * connections closed by the server, a server restart and certificate rotation, each
 * asserted on counts of requests sent, succeeded and failed and of handshakes nginx saw.
 *
 * @author mtls-client-spring-boot authors
 */
@Tag("reliability")
class NginxReliabilityTests {

	@TempDir
	Path dir;

	private MtlsFixture pki;

	private Path serverCertificate;

	private Path serverKey;

	private Path clientCa;

	private NginxServer nginx;

	@BeforeEach
	void setUp() {
		RequiredProgram.assumeInstalled("nginx", NginxServer.available(), getClass());
		this.pki = new MtlsFixture(this.dir);
		this.serverCertificate = this.dir.resolve("server.crt");
		this.serverKey = this.dir.resolve("server.key");
		this.clientCa = this.dir.resolve("client-ca.pem");
		this.pki.server.writeCertificateChain(this.serverCertificate);
		this.pki.server.writePrivateKey(this.serverKey, KeyFormat.PKCS8);
		this.pki.clientCa.writeCertificate(this.clientCa);
	}

	@AfterEach
	void tearDown() {
		if (this.nginx != null) {
			this.nginx.close();
		}
	}

	private NginxServer.Builder nginx() {
		return NginxServer.builder(this.serverCertificate, this.serverKey, this.clientCa);
	}

	private ApplicationContextRunner runner() {
		return MtlsFixture.contextRunner().withPropertyValues(this.pki.clientProperties("edge", this.nginx.baseUrl()));
	}

	@Test
	void twentyThousandRequestsFrom64ThreadsThroughAPoolOf20() {
		this.nginx = nginx().start();
		runner().run((context) -> {
			RestClient client = context.getBean(MtlsClients.class).restClient("edge");
			Load load = new Load(64);
			AtomicInteger remaining = new AtomicInteger(20_000);
			load.runUntilDone(() -> {
				if (remaining.getAndDecrement() <= 0) {
					return false;
				}
				client.get().uri("/items").retrieve().body(String.class);
				return true;
			});
			assertThat(load.failures).hasValue(0);
			assertThat(load.succeeded).hasValue(20_000);
			List<AccessLogEntry> log = this.nginx.accessLog();
			assertThat(log).hasSize(20_000).allSatisfy((entry) -> assertThat(entry.status()).isEqualTo(200));
			assertThat(this.nginx.handshakeCount()).isLessThanOrEqualTo(20);
		});
	}

	@Test
	void idleConnectionsClosedByTheServerCauseNoFailure() {
		this.nginx = nginx().keepaliveTimeout(Duration.ofSeconds(1)).start();
		runner().run((context) -> {
			RestClient client = context.getBean(MtlsClients.class).restClient("edge");
			Load load = new Load(16);
			for (int burst = 0; burst < 4; burst++) {
				AtomicInteger remaining = new AtomicInteger(320);
				load.runUntilDone(() -> {
					if (remaining.getAndDecrement() <= 0) {
						return false;
					}
					client.get().uri("/").retrieve().body(String.class);
					return true;
				});
				// Pause longer than nginx keeps idle connections: it closes them all.
				await().pollDelay(Duration.ofSeconds(2)).until(() -> true);
			}
			assertThat(load.failures).hasValue(0);
			assertThat(load.succeeded).hasValue(4 * 320);
			// Every burst after the first had to make new connections.
			assertThat(this.nginx.handshakeCount()).isGreaterThan(3);
		});
	}

	@Test
	void aServerRestartIsOverForIdempotentRequestsAndNonIdempotentOnesAreNeverReplayed() {
		this.nginx = nginx().start();
		runner().run((context) -> {
			RestClient client = context.getBean(MtlsClients.class).restClient("edge");
			AtomicLong postIds = new AtomicLong();
			AtomicLong restartedAt = new AtomicLong(Long.MAX_VALUE);
			AtomicInteger failuresAfterRestart = new AtomicInteger();
			Load load = new Load(8);
			AtomicBoolean running = new AtomicBoolean(true);
			ExecutorService background = Executors.newSingleThreadExecutor();
			background.submit(() -> load.runUntilDone(() -> {
				if (!running.get()) {
					return false;
				}
				long started = System.nanoTime();
				try {
					if (Thread.currentThread().getId() % 2 == 0) {
						client.get().uri("/get").retrieve().body(String.class);
					}
					else {
						client.post().uri("/post?id=" + postIds.incrementAndGet()).retrieve().body(String.class);
					}
				}
				catch (RuntimeException ex) {
					if (started - restartedAt.get() > 0) {
						failuresAfterRestart.incrementAndGet();
					}
					throw ex;
				}
				return true;
			}));
			await().atMost(Duration.ofSeconds(20)).until(() -> load.succeeded.get() > 500);
			this.nginx.stop();
			this.nginx.start();
			restartedAt.set(System.nanoTime());
			int before = load.succeeded.get();
			await().atMost(Duration.ofSeconds(20)).until(() -> load.succeeded.get() > before + 500);
			running.set(false);
			background.shutdown();
			assertThat(background.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
			assertThat(failuresAfterRestart).hasValue(0);
			Map<String, Long> postsById = this.nginx.accessLog()
				.stream()
				.filter((entry) -> entry.method().equals("POST"))
				.collect(Collectors.groupingBy(AccessLogEntry::uri, Collectors.counting()));
			assertThat(postsById).isNotEmpty().allSatisfy((uri, count) -> assertThat(count).as(uri).isEqualTo(1));
		});
	}

	@Test
	void gracefulServerReloadsUnderLoadFailNoIdempotentRequestAndReplayNoPost() {
		this.nginx = nginx().start();
		runner().run((context) -> {
			RestClient client = context.getBean(MtlsClients.class).restClient("edge");
			AtomicLong requestNumbers = new AtomicLong();
			AtomicInteger getFailures = new AtomicInteger();
			List<String> postFailures = new CopyOnWriteArrayList<>();
			Set<String> postsAnswered = ConcurrentHashMap.newKeySet();
			Load load = new Load(8);
			AtomicBoolean running = new AtomicBoolean(true);
			ExecutorService background = Executors.newSingleThreadExecutor();
			background.submit(() -> load.runUntilDone(() -> {
				if (!running.get()) {
					return false;
				}
				long number = requestNumbers.incrementAndGet();
				// Every other request is a POST: the split does not depend on scheduling.
				if (number % 2 == 0) {
					String uri = "/post?id=" + number;
					try {
						client.post().uri(uri).retrieve().body(String.class);
						postsAnswered.add(uri);
					}
					catch (RuntimeException ex) {
						postFailures.add(String.valueOf(ex.getMessage()));
						throw ex;
					}
				}
				else {
					try {
						client.get().uri("/get?id=" + number).retrieve().body(String.class);
					}
					catch (RuntimeException ex) {
						getFailures.incrementAndGet();
						throw ex;
					}
				}
				return true;
			}));
			for (int reload = 0; reload < 5; reload++) {
				int before = load.succeeded.get();
				await().atMost(Duration.ofSeconds(20)).until(() -> load.succeeded.get() > before + 300);
				// nginx's old workers close their idle keep-alive connections.
				this.nginx.reload();
			}
			int before = load.succeeded.get();
			await().atMost(Duration.ofSeconds(20)).until(() -> load.succeeded.get() > before + 300);
			running.set(false);
			background.shutdown();
			assertThat(background.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
			assertThat(getFailures).hasValue(0);
			// A POST that met a connection closed under it fails, saying so, and is not
			// sent again.
			assertThat(postFailures).allSatisfy((message) -> assertThat(message).contains("is never sent twice"));
			Map<String, Long> postsById = this.nginx.accessLog()
				.stream()
				.filter((entry) -> entry.method().equals("POST"))
				.collect(Collectors.groupingBy(AccessLogEntry::uri, Collectors.counting()));
			assertThat(postsById).isNotEmpty().allSatisfy((uri, count) -> assertThat(count).as(uri).isEqualTo(1));
			assertThat(postsById.keySet()).containsAll(postsAnswered);
		});
	}

	@Test
	void tenRotationsUnderLoadLeaveOnlyTheNewCertificateOnTheWire() {
		this.nginx = nginx().start();
		AtomicInteger reloads = new AtomicInteger();
		runner().withPropertyValues("mtls.clients.edge.reload.quiet-period=200ms")
			.withInitializer((context) -> context.addApplicationListener((event) -> {
				if (event instanceof MtlsMaterialReloadedEvent) {
					reloads.incrementAndGet();
				}
			}))
			.run((context) -> {
				RestClient client = context.getBean(MtlsClients.class).restClient("edge");
				Load load = new Load(16);
				AtomicBoolean running = new AtomicBoolean(true);
				ExecutorService background = Executors.newSingleThreadExecutor();
				background.submit(() -> load.runUntilDone(() -> {
					if (!running.get()) {
						return false;
					}
					client.get().uri("/").retrieve().body(String.class);
					return true;
				}));
				IssuedCertificate last = null;
				for (int rotation = 1; rotation <= 10; rotation++) {
					last = this.pki.clientCa.issueClient("rotation-" + rotation);
					TestFiles.replaceByRename(this.pki.clientCertificateFile, last.certificatePem());
					TestFiles.replaceByRename(this.pki.clientKeyFile, last.privateKeyPem(KeyFormat.PKCS8));
					int expected = rotation;
					await().atMost(Duration.ofSeconds(20)).until(() -> reloads.get() == expected);
				}
				// Settled: quiet period and a second more after the last swap.
				await().pollDelay(Duration.ofMillis(1200)).until(() -> true);
				long settledAtMillis = System.currentTimeMillis();
				int succeededAtSettling = load.succeeded.get();
				await().atMost(Duration.ofSeconds(20)).until(() -> load.succeeded.get() > succeededAtSettling + 500);
				running.set(false);
				background.shutdown();
				assertThat(background.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
				assertThat(load.failures).hasValue(0);
				String finalSerial = last.serialNumber().toString(16).toUpperCase();
				// nginx logs a request when it ends: what counts is when it started.
				List<AccessLogEntry> afterSettling = this.nginx.accessLog()
					.stream()
					.filter((entry) -> entry.startedAtMillis() > settledAtMillis)
					.toList();
				assertThat(afterSettling).hasSizeGreaterThan(500)
					.allSatisfy((entry) -> assertThat(entry.clientSerial().replaceFirst("^0+", ""))
						.isEqualTo(finalSerial.replaceFirst("^0+", "")));
			});
	}

	/**
	 * Threads that run a request again and again until it says it is done, counting
	 * successes and failures.
	 */
	static final class Load {

		final AtomicInteger succeeded = new AtomicInteger();

		final AtomicInteger failures = new AtomicInteger();

		private final int threads;

		Load(int threads) {
			this.threads = threads;
		}

		interface Request {

			boolean run();

		}

		void runUntilDone(Request request) {
			ExecutorService executor = Executors.newFixedThreadPool(this.threads);
			for (int i = 0; i < this.threads; i++) {
				executor.submit(() -> {
					while (true) {
						try {
							if (!request.run()) {
								return;
							}
							this.succeeded.incrementAndGet();
						}
						catch (RuntimeException ex) {
							this.failures.incrementAndGet();
						}
					}
				});
			}
			executor.shutdown();
			try {
				if (!executor.awaitTermination(5, TimeUnit.MINUTES)) {
					executor.shutdownNow();
					throw new IllegalStateException("Load did not finish");
				}
			}
			catch (InterruptedException ex) {
				executor.shutdownNow();
				Thread.currentThread().interrupt();
			}
		}

	}

}
