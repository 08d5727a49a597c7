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

import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import io.github.mtlsclient.MtlsMaterialReloadedEvent;
import io.github.mtlsclient.MtlsWebClients;
import io.github.mtlsclient.testsupport.IssuedCertificate;
import io.github.mtlsclient.testsupport.KeyFormat;
import io.github.mtlsclient.testsupport.KubernetesSecretDirectory;
import io.github.mtlsclient.testsupport.MtlsFixture;
import io.github.mtlsclient.testsupport.RecordedRequest;
import io.github.mtlsclient.testsupport.RecordingMtlsServer;
import io.github.mtlsclient.testsupport.TestFiles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Rotations in each way tools write certificate files, while a client's
 * {@code WebClient} keeps GETs and POSTs in flight: no call fails, every POST reaches
 * the server exactly once, and every call made after a swap presents the new
 * certificate (or a later one).
 *
 * @author mtls-client-spring-boot authors
 */
class ReactiveRotationUnderLoadTests {

	private static final Duration PATIENCE = Duration.ofSeconds(20);

	private static final int ROTATIONS = 4;

	@TempDir
	Path dir;

	private MtlsFixture pki;

	private RecordingMtlsServer server;

	@BeforeEach
	void setUp() {
		this.pki = new MtlsFixture(this.dir);
		this.server = this.pki.startServer();
	}

	@AfterEach
	void tearDown() {
		this.server.close();
	}

	@ParameterizedTest(name = "{0}")
	@EnumSource
	void rotationsUnderLoadFailNoCallAndPutTheNewCertificateOnTheWire(Style style) throws Exception {
		Rotator rotator = style.rotator(this.pki, this.dir.resolve("secret"));
		List<Long> swappedAt = new CopyOnWriteArrayList<>();
		ApplicationContextRunner runner = MtlsFixture.reactiveContextRunner()
			.withPropertyValues("mtls.clients.api.base-url=" + this.server.baseUrl(),
					"mtls.clients.api.certificate=" + rotator.certificateFile(),
					"mtls.clients.api.private-key=" + rotator.keyFile(),
					"mtls.clients.api.trust.certificates=" + this.pki.serverCaFile,
					"mtls.clients.api.reload.quiet-period=200ms",
					// Long enough that only file events can explain a timely reload.
					"mtls.clients.api.reload.poll-interval=1h")
			.withInitializer((context) -> context.addApplicationListener((event) -> {
				if (event instanceof MtlsMaterialReloadedEvent) {
					swappedAt.add(System.nanoTime());
				}
			}));
		runner.run((context) -> {
			ReactiveTraffic traffic = new ReactiveTraffic(context.getBean(MtlsWebClients.class).webClient("api"));
			ReactiveTraffic.Running load = traffic.start(16);
			List<BigInteger> serials = new ArrayList<>(List.of(this.pki.client.serialNumber()));
			await().atMost(PATIENCE).until(() -> traffic.calls.size() > 200);
			for (int rotation = 1; rotation <= ROTATIONS; rotation++) {
				IssuedCertificate next = this.pki.clientCa.issueClient(style + "-" + rotation);
				rotator.rotateTo(next);
				serials.add(next.serialNumber());
				int swaps = rotation;
				await().atMost(PATIENCE).until(() -> swappedAt.size() == swaps);
				long swapped = swappedAt.get(swaps - 1);
				// Calls on the new identity, before the next rotation.
				await().atMost(PATIENCE).until(() -> traffic.startedAfter(swapped).size() > 200);
			}
			load.stop();
			assertThat(traffic.failures()).isEmpty();
			List<RecordedRequest> requests = this.server.requests();
			ReactiveTraffic.assertEachSeenOnce(requests.stream().map(RecordedRequest::path).toList(),
					traffic.calls.values());
			Map<String, BigInteger> presented = requests.stream()
				.collect(Collectors.toMap(RecordedRequest::path, (request) -> request.peerCertificate().getSerialNumber()));
			// A call started after swap i presents the certificate of rotation i or of a
			// later one, never an earlier one.
			assertThat(traffic.calls.values()).allSatisfy((call) -> {
				int swapsBefore = (int) swappedAt.stream().filter((swap) -> call.startedNanos() - swap > 0).count();
				int presentedRotation = serials.indexOf(presented.get(call.uri()));
				assertThat(presentedRotation).as(call.uri()).isGreaterThanOrEqualTo(swapsBefore);
			});
			assertThat(presented.values()).containsAll(serials);
		});
	}

	/**
	 * How the files change.
	 */
	enum Style {

		/** A temporary file beside each file, renamed over it, as cert-manager does. */
		RENAME {
			@Override
			Rotator rotator(MtlsFixture pki, Path secret) {
				return new FileRotator(pki, TestFiles::replaceByRename);
			}
		},

		/** Each file truncated and written in place, certificate first. */
		IN_PLACE {
			@Override
			Rotator rotator(MtlsFixture pki, Path secret) {
				return new FileRotator(pki, TestFiles::overwrite);
			}
		},

		/** A Kubernetes secret volume: both files at once, by swapping the ..data link. */
		KUBERNETES_SECRET_VOLUME {
			@Override
			Rotator rotator(MtlsFixture pki, Path secret) {
				KubernetesSecretDirectory volume = KubernetesSecretDirectory.create(secret, pair(pki.client));
				return new Rotator() {

					@Override
					public Path certificateFile() {
						return volume.file("tls.crt");
					}

					@Override
					public Path keyFile() {
						return volume.file("tls.key");
					}

					@Override
					public void rotateTo(IssuedCertificate next) {
						volume.update(pair(next));
					}

				};
			}
		};

		abstract Rotator rotator(MtlsFixture pki, Path secret);

		private static Map<String, String> pair(IssuedCertificate certificate) {
			return Map.of("tls.crt", certificate.certificatePem(), "tls.key",
					certificate.privateKeyPem(KeyFormat.PKCS8));
		}

	}

	/**
	 * The client's certificate and key files, and a way to rotate them.
	 */
	interface Rotator {

		Path certificateFile();

		Path keyFile();

		void rotateTo(IssuedCertificate next);

	}

	/**
	 * Writes the fixture's certificate file, then its key file.
	 */
	private record FileRotator(MtlsFixture pki, Writer writer) implements Rotator {

		@Override
		public Path certificateFile() {
			return this.pki.clientCertificateFile;
		}

		@Override
		public Path keyFile() {
			return this.pki.clientKeyFile;
		}

		@Override
		public void rotateTo(IssuedCertificate next) {
			this.writer.write(this.pki.clientCertificateFile, next.certificatePem());
			this.writer.write(this.pki.clientKeyFile, next.privateKeyPem(KeyFormat.PKCS8));
		}

	}

	@FunctionalInterface
	interface Writer {

		void write(Path file, String content);

	}

}
