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

package io.github.mtlsclient.benchmarks.rotation;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import io.github.mtlsclient.MtlsClients;
import io.github.mtlsclient.MtlsWebClients;
import io.github.mtlsclient.benchmarks.BenchmarkApplication;
import io.github.mtlsclient.benchmarks.client.Contender;
import io.github.mtlsclient.benchmarks.client.StarterClients;
import io.github.mtlsclient.benchmarks.client.StarterWebClients;
import io.github.mtlsclient.benchmarks.load.LoadRunner;
import io.github.mtlsclient.benchmarks.load.ReactiveLoadRunner;
import io.github.mtlsclient.benchmarks.load.RoundResult;
import io.github.mtlsclient.benchmarks.pki.PkiFiles;
import io.github.mtlsclient.benchmarks.server.JettyServer;
import io.github.mtlsclient.settings.MtlsClientProperties;
import io.github.mtlsclient.testsupport.IssuedCertificate;
import io.github.mtlsclient.testsupport.KeyFormat;
import io.github.mtlsclient.testsupport.KubernetesSecretDirectory;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.client.RestClient;

/**
 * Rotates the starter's client certificate the way the kubelet does, under load from 16
 * threads (the {@code RestClient}) or 16 loops (the {@code WebClient}): writes a new certificate and key, swaps {@code ..data}, and waits until the
 * server completes its first handshake with the new certificate. Every request sent
 * meanwhile must succeed.
 *
 * @author mtls-client-spring-boot authors
 */
public final class RotationBenchmark {

	private static final String NAME = "rotating";

	private static final int CONCURRENCY = 16;

	private static final Duration GIVE_UP = Duration.ofSeconds(20);

	private RotationBenchmark() {
	}

	/**
	 * Run the rotations.
	 * @param server the server, which reports when it first saw a certificate
	 * @param pki the run's certificates; the CA issues the rotated ones
	 * @param dir an empty folder for the secret volume
	 * @param rotations how many rotations
	 * @param contender which of the starter's clients sends the load:
	 * {@link Contender#STARTER} or {@link Contender#STARTER_WEB_CLIENT}
	 * @param log progress
	 * @return what was measured
	 */
	public static RotationResult run(JettyServer server, PkiFiles pki, Path dir, int rotations, Contender contender,
			Consumer<String> log) {
		KubernetesSecretDirectory volume = KubernetesSecretDirectory.create(dir, files(pki.issueClient("rotating-0")),
				PkiFiles.OWNER_ONLY);
		Map<String, Object> properties = StarterClients.properties(NAME, server.origin(),
				volume.file("tls.crt").toString(), volume.file("tls.key").toString(), pki.ca().toString());
		Duration quietPeriod = MtlsClientProperties.BuiltInDefaults.QUIET_PERIOD;
		try (ConfigurableApplicationContext context = BenchmarkApplication.start(properties)) {
			AtomicBoolean loading = new AtomicBoolean(true);
			CompletableFuture<RoundResult> load = CompletableFuture
				.supplyAsync(() -> load(context, contender, server.path(), loading));
			List<Duration> pickUps = new ArrayList<>();
			try {
				// Full pool and warm JIT before the first swap.
				sleep(Duration.ofSeconds(1));
				for (int i = 1; i <= rotations; i++) {
					IssuedCertificate next = pki.issueClient("rotating-" + i);
					Instant swapped = Instant.now();
					volume.update(files(next));
					Duration pickUp = awaitFirstHandshake(server, next.serialNumber().toString(16), swapped);
					pickUps.add(pickUp);
					log.accept("  rotation %2d: new certificate on the wire after %s".formatted(i,
							(pickUp != null) ? pickUp.toMillis() + " ms" : "never (gave up after " + GIVE_UP + ")"));
					// Let the old generation's connections finish and close before the next.
					sleep(Duration.ofMillis(300));
				}
			}
			finally {
				loading.set(false);
			}
			RoundResult result = load.join();
			return new RotationResult(contender, quietPeriod, pickUps, result.requests(), result.errors(), result.firstError());
		}
	}

	private static RoundResult load(ConfigurableApplicationContext context, Contender contender, String path,
			AtomicBoolean loading) {
		return switch (contender) {
			case STARTER -> {
				RestClient restClient = context.getBean(MtlsClients.class).restClient(NAME);
				yield LoadRunner.run(() -> restClient.get().uri(path).retrieve().body(String.class), CONCURRENCY,
						loading::get);
			}
			case STARTER_WEB_CLIENT -> ReactiveLoadRunner.run(
					StarterWebClients.get(context.getBean(MtlsWebClients.class).webClient(NAME), path), CONCURRENCY,
					loading::get);
			default -> throw new IllegalArgumentException(contender + " is not one of the starter's clients");
		};
	}

	private static Map<String, String> files(IssuedCertificate identity) {
		return Map.of("tls.crt", identity.certificatePem(), "tls.key", identity.privateKeyPem(KeyFormat.PKCS8));
	}

	private static Duration awaitFirstHandshake(JettyServer server, String serial, Instant swapped) {
		Instant deadline = swapped.plus(GIVE_UP);
		while (Instant.now().isBefore(deadline)) {
			long seen = server.firstHandshakeMicros(serial);
			if (seen >= 0) {
				return Duration.of(seen - ChronoUnit.MICROS.between(Instant.EPOCH, swapped), ChronoUnit.MICROS);
			}
			sleep(Duration.ofMillis(5));
		}
		return null;
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
