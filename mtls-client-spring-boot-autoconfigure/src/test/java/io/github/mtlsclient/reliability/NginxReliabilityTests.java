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
import java.util.Collection;
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

	private NginxServer nginx;

	@BeforeEach
	void setUp() {
		RequiredProgram.assumeInstalled("nginx", NginxServer.available(), getClass());
		this.pki = new MtlsFixture(this.dir);
	}

	@AfterEach
	void tearDown() {
		if (this.nginx != null) {
			this.nginx.close();
		}
	}

	private NginxServer.Builder nginx() {
		return this.pki.nginxBuilder();
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
			// nginx logs a request after its response has gone out.
			await().atMost(Duration.ofSeconds(20)).until(() -> this.nginx.accessLog().size() >= 20_000);
			List<AccessLogEntry> log = this.nginx.accessLog();
			assertThat(log).hasSize(20_000).allSatisfy((entry) -> assertThat(entry.status()).isEqualTo(200));
			assertThat(this.nginx.handshakeCount()).isLessThanOrEqualTo(20);
		});
	}

	@Test
	void idleConnectionsClosedByTheServerCauseNoFailure() {
		this.nginx = nginx().keepaliveTimeout(Duration.ofSeconds(1)).start();
		runner().run((context) -> {
			MixedTraffic traffic = new MixedTraffic(context.getBean(MtlsClients.class).restClient("edge"));
			Load load = new Load(16);
			for (int burst = 0; burst < 4; burst++) {
				AtomicInteger remaining = new AtomicInteger(320);
				load.runUntilDone(() -> remaining.getAndDecrement() > 0 && traffic.next());
				long burstEnded = System.nanoTime();
				// nginx closes every idle connection after its keep-alive timeout; the client
				// checks a connection idle for 2 s before reusing it.
				await().atMost(Duration.ofSeconds(20)).until(() -> this.nginx.openConnectionCount() == 0);
				await().atMost(Duration.ofSeconds(20))
					.until(() -> System.nanoTime() - burstEnded >= Duration.ofSeconds(2).toNanos());
			}
			assertThat(traffic.failures()).isEmpty();
			assertThat(load.succeeded).hasValue(4 * 320);
			traffic.assertEachPostSeenOnce(accessLogOf(traffic), traffic.calls.values());
			// Every burst after the first had to make new connections.
			assertThat(this.nginx.handshakeCount()).isGreaterThan(3);
		});
	}

	@Test
	void aServerRestartIsOverForIdempotentRequestsAndNonIdempotentOnesAreNeverReplayed() {
		this.nginx = nginx().start();
		runner().run((context) -> {
			MixedTraffic traffic = new MixedTraffic(context.getBean(MtlsClients.class).restClient("edge"));
			Load load = new Load(8);
			Load.Background background = load.inBackground(traffic::next);
			await().atMost(Duration.ofSeconds(20)).until(() -> load.succeeded.get() > 500);
			this.nginx.stop();
			this.nginx.start();
			long restartedAt = System.nanoTime();
			await().atMost(Duration.ofSeconds(20)).until(() -> traffic.startedAfter(restartedAt).size() > 500);
			background.stop();
			List<MixedTraffic.Call> failures = traffic.failures();
			// While nginx is down calls fail; every one of them started before it was back.
			assertThat(failures).isNotEmpty()
				.allSatisfy((call) -> assertThat(call.startedNanos() - restartedAt).as(call.uri()).isNegative());
			assertThat(failures.size() + load.succeeded.get()).isEqualTo(traffic.calls.size());
			assertThat(traffic.startedAfter(restartedAt)).allSatisfy((call) -> assertThat(call.failure()).isNull());
			traffic.assertEachPostSeenOnce(accessLogOf(traffic), traffic.startedAfter(restartedAt));
		});
	}

	@Test
	void gracefulServerReloadsUnderLoadFailNoIdempotentRequestAndReplayNoPost() {
		this.nginx = nginx().start();
		runner().run((context) -> {
			MixedTraffic traffic = new MixedTraffic(context.getBean(MtlsClients.class).restClient("edge"));
			Load load = new Load(8);
			Load.Background background = load.inBackground(traffic::next);
			for (int reload = 0; reload < 5; reload++) {
				int before = load.succeeded.get();
				await().atMost(Duration.ofSeconds(20)).until(() -> load.succeeded.get() > before + 300);
				// nginx's old workers close their idle keep-alive connections.
				this.nginx.reload();
			}
			int before = load.succeeded.get();
			await().atMost(Duration.ofSeconds(20)).until(() -> load.succeeded.get() > before + 300);
			background.stop();
			// A GET that met a connection closed under it is retried on a new one; a POST
			// fails, saying so, and is not sent again.
			assertThat(traffic.failures()).allSatisfy((call) -> {
				assertThat(call.method()).as(call.uri()).isEqualTo("POST");
				assertThat(call.failure()).contains("is never sent twice");
			});
			List<MixedTraffic.Call> answered = traffic.calls.values()
				.stream()
				.filter((call) -> call.failure() == null)
				.toList();
			List<AccessLogEntry> log = accessLogOf(traffic);
			traffic.assertEachPostSeenOnce(log, answered);
			traffic.assertNoPostSeenTwice(log);
		});
	}

	@Test
	void tenRotationsUnderLoadLeaveOnlyTheNewCertificateOnTheWire() {
		this.nginx = nginx().start();
		List<Long> reloadedAt = new CopyOnWriteArrayList<>();
		runner().withPropertyValues("mtls.clients.edge.reload.quiet-period=200ms")
			.withInitializer((context) -> context.addApplicationListener((event) -> {
				if (event instanceof MtlsMaterialReloadedEvent) {
					reloadedAt.add(System.nanoTime());
				}
			}))
			.run((context) -> {
				MixedTraffic traffic = new MixedTraffic(context.getBean(MtlsClients.class).restClient("edge"));
				Load load = new Load(16);
				Load.Background background = load.inBackground(traffic::next);
				IssuedCertificate last = null;
				for (int rotation = 1; rotation <= 10; rotation++) {
					last = this.pki.clientCa.issueClient("rotation-" + rotation);
					TestFiles.replaceByRename(this.pki.clientCertificateFile, last.certificatePem());
					TestFiles.replaceByRename(this.pki.clientKeyFile, last.privateKeyPem(KeyFormat.PKCS8));
					int expected = rotation;
					await().atMost(Duration.ofSeconds(20)).until(() -> reloadedAt.size() == expected);
				}
				// A request created after the last swap carries the new material's
				// generation: it can only go out on a connection made with the new
				// certificate.
				long lastSwap = reloadedAt.get(reloadedAt.size() - 1);
				await().atMost(Duration.ofSeconds(20)).until(() -> traffic.startedAfter(lastSwap).size() > 500);
				background.stop();
				assertThat(traffic.failures()).isEmpty();
				List<AccessLogEntry> log = accessLogOf(traffic);
				traffic.assertEachPostSeenOnce(log, traffic.calls.values());
				Set<String> afterLastSwap = traffic.startedAfter(lastSwap)
					.stream()
					.map(MixedTraffic.Call::uri)
					.collect(Collectors.toSet());
				String finalSerial = last.serialNumber().toString(16).toUpperCase().replaceFirst("^0+", "");
				assertThat(log).filteredOn((entry) -> afterLastSwap.contains(entry.uri()))
					.hasSize(afterLastSwap.size())
					.allSatisfy((entry) -> assertThat(entry.clientSerial().replaceFirst("^0+", "")).as(entry.uri())
						.isEqualTo(finalSerial));
			});
	}

	/**
	 * nginx's access log once it holds every answered call: nginx writes a request's
	 * line after the response has gone out, so the client may see the answer first.
	 */
	private List<AccessLogEntry> accessLogOf(MixedTraffic traffic) {
		Set<String> answered = traffic.calls.values()
			.stream()
			.filter((call) -> call.failure() == null)
			.map(MixedTraffic.Call::uri)
			.collect(Collectors.toSet());
		await().atMost(Duration.ofSeconds(20))
			.until(() -> this.nginx.accessLog().stream().map(AccessLogEntry::uri).collect(Collectors.toSet()),
					(logged) -> logged.containsAll(answered));
		return this.nginx.accessLog();
	}

	/**
	 * Numbered calls, every other one a {@code POST}: which method a call uses does not
	 * depend on thread scheduling, and each call's number in its URI identifies it in
	 * nginx's access log.
	 */
	static final class MixedTraffic {

		final AtomicLong numbers = new AtomicLong();

		final Map<Long, Call> calls = new ConcurrentHashMap<>();

		private final RestClient client;

		MixedTraffic(RestClient client) {
			this.client = client;
		}

		/**
		 * Make the next call.
		 * @return {@code true}
		 * @throws RuntimeException if the call failed
		 */
		boolean next() {
			long number = this.numbers.incrementAndGet();
			boolean post = number % 2 == 0;
			String uri = (post ? "/post?id=" : "/get?id=") + number;
			long started = System.nanoTime();
			try {
				if (post) {
					this.client.post().uri(uri).retrieve().body(String.class);
				}
				else {
					this.client.get().uri(uri).retrieve().body(String.class);
				}
				this.calls.put(number, new Call(uri, post ? "POST" : "GET", started, null));
				return true;
			}
			catch (RuntimeException ex) {
				this.calls.put(number, new Call(uri, post ? "POST" : "GET", started, String.valueOf(ex.getMessage())));
				throw ex;
			}
		}

		List<Call> failures() {
			return this.calls.values().stream().filter((call) -> call.failure() != null).toList();
		}

		List<Call> startedAfter(long nanoTime) {
			return this.calls.values().stream().filter((call) -> call.startedNanos() - nanoTime > 0).toList();
		}

		/**
		 * Every given call that succeeded reached nginx exactly once, and a POST that
		 * failed at most once.
		 */
		void assertEachPostSeenOnce(List<AccessLogEntry> log, Collection<Call> calls) {
			Map<String, Long> seen = log.stream()
				.collect(Collectors.groupingBy(AccessLogEntry::uri, Collectors.counting()));
			assertThat(calls).isNotEmpty().allSatisfy((call) -> {
				if (call.failure() == null) {
					assertThat(seen.get(call.uri())).as(call.uri()).isEqualTo(1);
				}
				else if (call.method().equals("POST")) {
					assertThat(seen.getOrDefault(call.uri(), 0L)).as(call.uri()).isLessThanOrEqualTo(1);
				}
			});
		}

		void assertNoPostSeenTwice(List<AccessLogEntry> log) {
			Map<String, Long> posts = log.stream()
				.filter((entry) -> entry.method().equals("POST"))
				.collect(Collectors.groupingBy(AccessLogEntry::uri, Collectors.counting()));
			assertThat(posts).isNotEmpty().allSatisfy((uri, count) -> assertThat(count).as(uri).isEqualTo(1));
		}

		record Call(String uri, String method, long startedNanos, String failure) {

		}

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

		/**
		 * Run the request again and again in the background until {@link Background#stop()}.
		 */
		Background inBackground(Request request) {
			AtomicBoolean running = new AtomicBoolean(true);
			ExecutorService executor = Executors.newSingleThreadExecutor();
			executor.submit(() -> runUntilDone(() -> running.get() && request.run()));
			return () -> {
				running.set(false);
				executor.shutdown();
				assertThat(executor.awaitTermination(30, TimeUnit.SECONDS)).as("load stopped").isTrue();
			};
		}

		interface Background {

			void stop() throws InterruptedException;

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
