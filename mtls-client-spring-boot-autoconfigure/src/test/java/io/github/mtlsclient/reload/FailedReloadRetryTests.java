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
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.github.mtlsclient.MtlsClientStatus;
import io.github.mtlsclient.MtlsClients;
import io.github.mtlsclient.MtlsMaterialReloadFailedEvent;
import io.github.mtlsclient.MtlsMaterialReloadedEvent;
import io.github.mtlsclient.material.IdentityEngine;
import io.github.mtlsclient.material.TlsMaterial;
import io.github.mtlsclient.material.TlsMaterialSource;
import io.github.mtlsclient.settings.ClientSettings;
import io.github.mtlsclient.testsupport.IssuedCertificate;
import io.github.mtlsclient.testsupport.KeyFormat;
import io.github.mtlsclient.testsupport.MtlsFixture;
import io.github.mtlsclient.testsupport.RecordedRequest;
import io.github.mtlsclient.testsupport.RecordingMtlsServer;
import io.github.mtlsclient.testsupport.TestClientSettings;
import io.github.mtlsclient.testsupport.TestFiles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A reload that fails is tried again without another change of the files: when the
 * certificate becomes valid, and on every poll interval, logged once per distinct
 * failure, whatever the reload throws.
 *
 * @author mtls-client-spring-boot authors
 */
@ExtendWith(OutputCaptureExtension.class)
class FailedReloadRetryTests {

	private static final String FAILURE_LOG = "keeps presenting";

	private static final int THREADS = 8;

	private static final Duration PATIENCE = Duration.ofSeconds(20);

	private static final ClientSettings.Tls TLS = TestClientSettings.of("any", "https://localhost:8443").tls();

	@TempDir
	Path dir;

	private MtlsFixture pki;

	private RecordingMtlsServer server;

	private final List<Object> events = new CopyOnWriteArrayList<>();

	private final List<Instant> reloadTimes = new CopyOnWriteArrayList<>();

	private final AtomicBoolean running = new AtomicBoolean(true);

	@BeforeEach
	void setUp() {
		this.pki = new MtlsFixture(this.dir);
		this.server = this.pki.startServer();
	}

	@AfterEach
	void tearDown() {
		this.running.set(false);
		this.server.close();
	}

	@Test
	void certificateValidOnlyInAFewSecondsIsPickedUpAtItsNotBeforeWithNoRequestFailing(CapturedOutput output)
			throws Exception {
		// Only the notBefore can explain a timely retry: no poll, and no further write.
		runner("1h").run((context) -> {
			RestClient client = context.getBean(MtlsClients.class).restClient("api");
			Load load = new Load(client);
			await().atMost(PATIENCE).until(() -> this.server.requests().size() > 100);
			// From 3 to 4 seconds ahead: certificates count in whole seconds
			Instant notBefore = Instant.now().plusSeconds(4).truncatedTo(ChronoUnit.SECONDS);
			IssuedCertificate next = this.pki.clientCa.leaf("valid-soon")
				.clientAuth()
				.validity(notBefore, notBefore.plus(10, ChronoUnit.DAYS))
				.issue();
			TestFiles.replaceByRename(this.pki.clientCertificateFile, next.certificatePem());
			TestFiles.replaceByRename(this.pki.clientKeyFile, next.privateKeyPem(KeyFormat.PKCS8));
			await().atMost(PATIENCE).until(() -> !failed().isEmpty());
			assertThat(failed().get(0).getCause()).hasMessageContaining("is not valid before");
			assertThat(reloaded()).isEmpty();
			// Shortly after notBefore: bounded, with room for a slow machine.
			await().atMost(Duration.between(Instant.now(), notBefore).plus(PATIENCE))
				.until(() -> presentedOnTheServer(next.serialNumber()) > 50);
			Instant reloadedAt = this.reloadTimes.get(0);
			load.stop();
			assertThat(reloadedAt).isAfterOrEqualTo(notBefore);
			assertThat(reloaded()).singleElement()
				.satisfies((event) -> assertThat(event.getSerialNumber()).isEqualTo(next.serialNumber().toString(16)));
			assertThat(this.server.failedHandshakes()).isEmpty();
			load.assertEveryCallSucceededAndEveryPostArrivedOnce(this.server);
			assertThat(output.toString().lines().filter((line) -> line.contains(FAILURE_LOG))).hasSize(1);
			assertThat(output).contains("reloaded its TLS material");
		});
	}

	@Test
	void failedReloadIsRetriedOnEveryPollAndLoggedOncePerDistinctFailure(CapturedOutput output) {
		runner("300ms").run((context) -> {
			MtlsClients clients = context.getBean(MtlsClients.class);
			IssuedCertificate second = this.pki.clientCa.issueClient("second");
			// A certificate with a key that does not belong to it
			writePair(second.certificatePem(), this.pki.client.privateKeyPem(KeyFormat.PKCS8));
			await().atMost(PATIENCE).until(() -> failed().size() >= 4);
			assertThat(failureLogLines(output)).singleElement().asString().contains("does not belong");
			MtlsClientStatus.Reload lastReload = clients.status("api").lastReload();
			assertThat(lastReload).isNotNull();
			assertThat(lastReload.succeeded()).isFalse();
			assertThat(lastReload.failure()).contains("does not belong");
			assertThat(presented(clients)).isEqualTo(this.pki.client.serialNumber());
			// Another failure: said once more, then retried quietly too
			int failures = failed().size();
			TestFiles.overwrite(this.pki.clientKeyFile, "garbage, not a key");
			await().atMost(PATIENCE).until(() -> failed().size() >= failures + 4);
			assertThat(failureLogLines(output)).hasSize(2).last().asString().contains("private-key");
			// Fixed: a success like any other, and no more retries
			writePair(second.certificatePem(), second.privateKeyPem(KeyFormat.PKCS8));
			await().atMost(PATIENCE).until(() -> reloaded().size() == 1);
			assertThat(presented(clients)).isEqualTo(second.serialNumber());
			assertThat(output).contains("reloaded its TLS material");
			assertThat(clients.status("api").lastReload().succeeded()).isTrue();
			int finalFailures = failed().size();
			await().during(Duration.ofMillis(1500))
				.atMost(PATIENCE)
				.untilAsserted(() -> assertThat(failed()).hasSize(finalFailures));
			assertThat(failureLogLines(output)).hasSize(2);
		});
	}

	@Test
	void anErrorThrownByOneClientsReloadShowsInItsStatusAndTheOtherClientStillReloads(CapturedOutput output) {
		Path paymentsFile = this.dir.resolve("payments.crt");
		TestFiles.overwrite(paymentsFile, "payments-1");
		TlsMaterial paymentsMaterial = new TlsMaterial(this.pki.client.privateKey(), this.pki.client.chain(), null);
		MaterialReloader payments = reloader("payments", () -> {
			throw new NoClassDefFoundError("simulated/Missing");
		}, paymentsMaterial);
		TlsMaterialSource billingSource = TlsMaterialSource.of(
				TestClientSettings.withPemFiles("billing", "file:" + this.pki.clientCertificateFile,
						"file:" + this.pki.clientKeyFile),
				new DefaultResourceLoader(), null);
		IdentityEngine billingEngine = new IdentityEngine("billing", TLS, billingSource.load());
		MaterialReloader billing = new MaterialReloader("billing", billingSource, billingEngine, this.events::add);
		try (MaterialWatcher watcher = new MaterialWatcher()) {
			watcher.watch("payments", List.of(paymentsFile), null, Duration.ofMillis(200), Duration.ofMillis(200),
					retrying(payments));
			watcher.watch("billing", List.of(this.pki.clientCertificateFile, this.pki.clientKeyFile), null,
					Duration.ofMillis(200), Duration.ofHours(1), retrying(billing));
			TestFiles.overwrite(paymentsFile, "payments-2");
			await().atMost(PATIENCE).until(() -> failed().size() >= 3);
			assertThat(payments.lastAttempt()).isNotNull()
				.satisfies((attempt) -> assertThat(attempt.succeeded()).isFalse())
				.satisfies((attempt) -> assertThat(attempt.failure()).contains("simulated/Missing"));
			assertThat(failed()).allSatisfy((event) -> {
				assertThat(event.getClientName()).isEqualTo("payments");
				assertThat(event.getCause()).hasRootCauseInstanceOf(NoClassDefFoundError.class);
			});
			assertThat(failureLogLines(output)).singleElement().asString().contains("simulated/Missing");
			assertThat(output).contains("java.lang.NoClassDefFoundError: simulated/Missing");
			IssuedCertificate second = this.pki.clientCa.issueClient("second");
			writePair(second.certificatePem(), second.privateKeyPem(KeyFormat.PKCS8));
			await().atMost(PATIENCE)
				.until(() -> second.certificate().equals(billingEngine.current().material().leaf()));
			assertThat(billing.lastAttempt().succeeded()).isTrue();
		}
	}

	private ApplicationContextRunner runner(String pollInterval) {
		return MtlsFixture.contextRunner()
			.withPropertyValues(this.pki.clientProperties("api", this.server))
			.withPropertyValues("mtls.clients.api.reload.quiet-period=200ms",
					"mtls.clients.api.reload.poll-interval=" + pollInterval)
			.withInitializer((context) -> context.addApplicationListener((event) -> {
				if (event instanceof MtlsMaterialReloadedEvent) {
					this.reloadTimes.add(Instant.now());
				}
				if (event instanceof MtlsMaterialReloadedEvent || event instanceof MtlsMaterialReloadFailedEvent) {
					this.events.add(event);
				}
			}));
	}

	private MaterialReloader reloader(String name, TlsMaterialSource source,
			TlsMaterial initial) {
		return new MaterialReloader(name, source, new IdentityEngine(name, TLS, initial), this.events::add);
	}

	/**
	 * What the auto-configuration hands the watcher.
	 */
	private static MaterialWatcher.Reload retrying(MaterialReloader reloader) {
		return (retry) -> {
			if (retry) {
				reloader.retry();
			}
			else {
				reloader.reload();
			}
		};
	}

	private List<MtlsMaterialReloadFailedEvent> failed() {
		return this.events.stream()
			.filter(MtlsMaterialReloadFailedEvent.class::isInstance)
			.map(MtlsMaterialReloadFailedEvent.class::cast)
			.toList();
	}

	private List<MtlsMaterialReloadedEvent> reloaded() {
		return this.events.stream()
			.filter(MtlsMaterialReloadedEvent.class::isInstance)
			.map(MtlsMaterialReloadedEvent.class::cast)
			.toList();
	}

	private static List<String> failureLogLines(CapturedOutput output) {
		return output.toString().lines().filter((line) -> line.contains(FAILURE_LOG)).toList();
	}

	private long presentedOnTheServer(BigInteger serial) {
		return this.server.requests()
			.stream()
			.filter((request) -> serial.equals(request.peerCertificate().getSerialNumber()))
			.count();
	}

	/**
	 * The serial a new connection presents: "Connection: close" makes the second
	 * request open a new one.
	 */
	private BigInteger presented(MtlsClients clients) {
		RestClient client = clients.restClient("api");
		client.get().uri("/").header("Connection", "close").retrieve().toBodilessEntity();
		client.get().uri("/").header("Connection", "close").retrieve().toBodilessEntity();
		return this.server.lastRequest().peerCertificate().getSerialNumber();
	}

	private void writePair(String certificate, String key) {
		TestFiles.overwrite(this.pki.clientCertificateFile, certificate);
		TestFiles.overwrite(this.pki.clientKeyFile, key);
	}

	/**
	 * GETs and POSTs from several threads; every POST carries an id of its own.
	 */
	private final class Load {

		private final ExecutorService executor = Executors.newFixedThreadPool(THREADS);

		private final AtomicInteger failures = new AtomicInteger();

		private final AtomicLong ids = new AtomicLong();

		private final Queue<String> postedIds = new ConcurrentLinkedQueue<>();

		private final AtomicInteger gets = new AtomicInteger();

		Load(RestClient client) {
			for (int i = 0; i < THREADS; i++) {
				this.executor.submit(() -> {
					while (FailedReloadRetryTests.this.running.get()) {
						long id = this.ids.incrementAndGet();
						try {
							if (id % 2 == 0) {
								client.get().uri("/items").retrieve().body(String.class);
								this.gets.incrementAndGet();
							}
							else {
								String postId = "order-" + id;
								client.post()
									.uri("/orders")
									.contentType(MediaType.TEXT_PLAIN)
									.body(postId)
									.retrieve()
									.body(String.class);
								this.postedIds.add(postId);
							}
						}
						catch (RuntimeException ex) {
							this.failures.incrementAndGet();
							ex.printStackTrace();
						}
					}
				});
			}
		}

		void stop() throws InterruptedException {
			FailedReloadRetryTests.this.running.set(false);
			this.executor.shutdown();
			assertThat(this.executor.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
		}

		void assertEveryCallSucceededAndEveryPostArrivedOnce(RecordingMtlsServer server) {
			assertThat(this.failures).hasValue(0);
			assertThat(this.gets.get()).isPositive();
			Map<String, Long> received = server.requests()
				.stream()
				.filter((request) -> "POST".equals(request.method()))
				.map(RecordedRequest::body)
				.collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
			assertThat(this.postedIds).isNotEmpty().doesNotHaveDuplicates();
			assertThat(received.keySet()).containsExactlyInAnyOrderElementsOf(this.postedIds);
			assertThat(received.values()).allMatch((count) -> count == 1);
		}

	}

}
