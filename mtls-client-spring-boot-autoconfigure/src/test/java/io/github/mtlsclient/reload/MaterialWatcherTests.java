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

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.github.mtlsclient.testsupport.CertificateAuthority;
import io.github.mtlsclient.testsupport.IssuedCertificate;
import io.github.mtlsclient.testsupport.KeyFormat;
import io.github.mtlsclient.testsupport.KubernetesSecretDirectory;
import io.github.mtlsclient.testsupport.TestPki;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link MaterialWatcher} with real files: file events, the periodic content
 * check, the quiet period, the Kubernetes secret volume layout, retries of failed reloads
 * and files that must not be read.
 *
 * @author mtls-client-spring-boot authors
 */
class MaterialWatcherTests {

	private static final String THREAD_NAME = "mtls-material-watcher";

	private static final Duration QUIET = Duration.ofMillis(200);

	/**
	 * So long that only file events can notice a change within a test.
	 */
	private static final Duration NO_POLL = Duration.ofHours(1);

	private static final Duration WAIT = Duration.ofSeconds(5);

	/**
	 * How long a count must stay unchanged: several quiet periods.
	 */
	private static final Duration STAY = Duration.ofMillis(800);

	@TempDir
	Path dir;

	private final List<MaterialWatcher> watchers = new ArrayList<>();

	@AfterEach
	void closeWatchers() {
		this.watchers.forEach(MaterialWatcher::close);
	}

	@Test
	void inPlaceOverwriteCallsOnChangeOnceAfterQuietPeriod() {
		Path certificate = write(this.dir.resolve("tls.crt"), "one");
		CallRecorder calls = new CallRecorder();
		watcher(true).watch("payments", List.of(certificate), QUIET, NO_POLL, calls);
		long writeStarted = System.nanoTime();
		write(certificate, "two");
		awaitCalls(calls, 1);
		assertThat(calls.times.get(0) - writeStarted).isGreaterThanOrEqualTo(QUIET.toNanos());
		assertStaysAt(calls, 1);
	}

	@Test
	void replaceByAtomicRenameCallsOnChangeOnce() throws IOException {
		Path certificate = write(this.dir.resolve("tls.crt"), "one");
		CallRecorder calls = new CallRecorder();
		watcher(true).watch("payments", List.of(certificate), QUIET, NO_POLL, calls);
		Path tmp = write(this.dir.resolve("tls.crt.tmp"), "two");
		Files.move(tmp, certificate, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		awaitCalls(calls, 1);
		assertStaysAt(calls, 1);
		assertThat(certificate).hasContent("two");
	}

	@Test
	void kubernetesSecretDirectoryHasTheLayoutOfASecretVolume() throws IOException {
		Path folder = this.dir.resolve("secret");
		KubernetesSecretDirectory secret = KubernetesSecretDirectory.create(folder,
				Map.of("tls.crt", "crt-1", "tls.key", "key-1"));
		Path data = folder.resolve("..data");
		assertThat(secret.file("tls.crt")).isEqualTo(folder.resolve("tls.crt")).isSymbolicLink().hasContent("crt-1");
		assertThat(Files.readSymbolicLink(secret.file("tls.crt"))).isEqualTo(Path.of("..data", "tls.crt"));
		assertThat(Files.readSymbolicLink(secret.file("tls.key"))).isEqualTo(Path.of("..data", "tls.key"));
		assertThat(data).isSymbolicLink();
		Path first = Files.readSymbolicLink(data);
		assertThat(first.getNameCount()).isOne();
		assertThat(first.toString()).matches("\\.\\.\\d{4}(_\\d{2}){5}\\.\\d+");
		assertThat(folder.resolve(first)).isDirectory();
		secret.update(Map.of("tls.crt", "crt-2", "tls.key", "key-2"));
		Path second = Files.readSymbolicLink(data);
		assertThat(second).isNotEqualTo(first);
		assertThat(folder.resolve(first)).doesNotExist();
		assertThat(folder.resolve("..data_tmp")).doesNotExist();
		assertThat(secret.file("tls.crt")).hasContent("crt-2");
		assertThat(secret.file("tls.key")).hasContent("key-2");
		assertThat(secret.file("tls.crt").toRealPath().getParent().getFileName()).isEqualTo(second);
		try (Stream<Path> entries = Files.list(folder)) {
			assertThat(entries.map((path) -> path.getFileName().toString()).collect(Collectors.toSet()))
				.containsExactlyInAnyOrder("..data", second.toString(), "tls.crt", "tls.key");
		}
	}

	@Test
	void kubernetesSecretSwapsCallOnChangeEachTime() {
		KubernetesSecretDirectory secret = KubernetesSecretDirectory.create(this.dir.resolve("secret"),
				Map.of("tls.crt", "crt-1", "tls.key", "key-1"));
		Path certificate = secret.file("tls.crt");
		List<String> seen = new CopyOnWriteArrayList<>();
		CallRecorder calls = new CallRecorder(() -> seen.add(read(certificate)));
		watcher(true).watch("payments", List.of(certificate, secret.file("tls.key")), QUIET, NO_POLL, calls);
		for (int version = 2; version <= 4; version++) {
			secret.update(Map.of("tls.crt", "crt-" + version, "tls.key", "key-" + version));
			awaitCalls(calls, version - 1);
		}
		assertStaysAt(calls, 3);
		assertThat(seen).containsExactly("crt-2", "crt-3", "crt-4");
	}

	@Test
	void writesWithinQuietPeriodCallOnChangeOnce() {
		Duration quietPeriod = Duration.ofMillis(500);
		Path certificate = write(this.dir.resolve("tls.crt"), "crt-1");
		Path key = write(this.dir.resolve("tls.key"), "key-1");
		CallRecorder calls = new CallRecorder();
		watcher(true).watch("payments", List.of(certificate, key), quietPeriod, NO_POLL, calls);
		long writeStarted = System.nanoTime();
		write(certificate, "crt-2");
		write(key, "key-2");
		awaitCalls(calls, 1);
		assertThat(calls.times.get(0) - writeStarted).isGreaterThanOrEqualTo(quietPeriod.toNanos());
		assertStaysAt(calls, 1, Duration.ofSeconds(1));
	}

	@Test
	void touchWithSameContentDoesNotCallOnChange() throws IOException {
		Path certificate = write(this.dir.resolve("tls.crt"), "one");
		Path key = write(this.dir.resolve("tls.key"), "key");
		CallRecorder calls = new CallRecorder();
		watcher(true).watch("payments", List.of(certificate, key), QUIET, NO_POLL, calls);
		// The same bytes written over themselves, without truncating, and a new
		// modification time: events arrive but the content never differs
		Files.write(certificate, "one".getBytes(StandardCharsets.UTF_8), StandardOpenOption.WRITE);
		Files.setLastModifiedTime(certificate, FileTime.from(Instant.now().plusSeconds(60)));
		assertStaysAt(calls, 0);
		// The events still work: a real change after the touch is noticed
		write(key, "other key");
		awaitCalls(calls, 1);
	}

	@Test
	void pollingAloneNoticesChange() {
		Path certificate = write(this.dir.resolve("tls.crt"), "one");
		CallRecorder calls = new CallRecorder();
		watcher(false).watch("payments", List.of(certificate), QUIET, Duration.ofMillis(200), calls);
		write(certificate, "two");
		awaitCalls(calls, 1);
		assertStaysAt(calls, 1);
	}

	@Test
	void pollingAloneIgnoresRewriteWithSameContent() {
		Path certificate = write(this.dir.resolve("tls.crt"), "one");
		CallRecorder calls = new CallRecorder();
		watcher(false).watch("payments", List.of(certificate), QUIET, Duration.ofMillis(100), calls);
		write(certificate, "one");
		assertStaysAt(calls, 0);
	}

	@Test
	void missingFileCountsAsChangeAndWatchingContinues() throws IOException {
		Set<Thread> before = watcherThreads();
		MaterialWatcher watcher = watcher(true);
		Thread thread = newWatcherThread(before);
		Path certificate = write(this.dir.resolve("tls.crt"), "one");
		List<Boolean> present = new CopyOnWriteArrayList<>();
		CallRecorder calls = new CallRecorder(() -> present.add(Files.exists(certificate)));
		watcher.watch("payments", List.of(certificate), QUIET, NO_POLL, calls);
		Files.delete(certificate);
		awaitCalls(calls, 1);
		write(certificate, "two");
		awaitCalls(calls, 2);
		write(certificate, "three");
		awaitCalls(calls, 3);
		assertStaysAt(calls, 3);
		assertThat(present).containsExactly(false, true, true);
		assertThat(thread.isAlive()).isTrue();
	}

	@Test
	void deleteAndRecreateWithinQuietPeriodCallsOnChangeOnce() throws IOException {
		Path certificate = write(this.dir.resolve("tls.crt"), "one");
		CallRecorder calls = new CallRecorder();
		watcher(true).watch("payments", List.of(certificate), Duration.ofMillis(500), NO_POLL, calls);
		Files.delete(certificate);
		write(certificate, "two");
		awaitCalls(calls, 1);
		assertStaysAt(calls, 1, Duration.ofSeconds(1));
	}

	@Test
	void failingOnChangeDoesNotStopWatching() {
		Set<Thread> before = watcherThreads();
		MaterialWatcher watcher = watcher(true);
		Thread thread = newWatcherThread(before);
		Path certificate = write(this.dir.resolve("tls.crt"), "one");
		CallRecorder calls = new CallRecorder(() -> {
			throw new IllegalStateException("Reload failed");
		});
		watcher.watch("payments", List.of(certificate), QUIET, NO_POLL, calls);
		write(certificate, "two");
		awaitCalls(calls, 1);
		write(certificate, "three");
		awaitCalls(calls, 2);
		assertThat(thread.isAlive()).isTrue();
	}

	@Test
	void changeCallsOnlyTheClientWhoseFilesChanged() {
		Path payments = write(this.dir.resolve("payments").resolve("tls.crt"), "payments-1");
		Path billing = write(this.dir.resolve("billing").resolve("tls.crt"), "billing-1");
		CallRecorder paymentsCalls = new CallRecorder();
		CallRecorder billingCalls = new CallRecorder();
		MaterialWatcher watcher = watcher(true);
		watcher.watch("payments", List.of(payments), QUIET, NO_POLL, paymentsCalls);
		watcher.watch("billing", List.of(billing), QUIET, NO_POLL, billingCalls);
		write(payments, "payments-2");
		awaitCalls(paymentsCalls, 1);
		await().during(STAY).atMost(STAY.plus(WAIT)).untilAsserted(() -> {
			assertThat(paymentsCalls.count).hasValue(1);
			assertThat(billingCalls.count).hasValue(0);
		});
		write(billing, "billing-2");
		awaitCalls(billingCalls, 1);
		assertStaysAt(paymentsCalls, 1);
	}

	@ParameterizedTest(name = "file events: {0}")
	@ValueSource(booleans = { true, false })
	void closeStopsTheThreadAndLaterChangesCallNothing(boolean useFileEvents) {
		Set<Thread> before = watcherThreads();
		MaterialWatcher watcher = watcher(useFileEvents);
		Thread thread = newWatcherThread(before);
		Path certificate = write(this.dir.resolve("tls.crt"), "one");
		CallRecorder calls = new CallRecorder();
		watcher.watch("payments", List.of(certificate), QUIET, Duration.ofMillis(100), calls);
		write(certificate, "two");
		awaitCalls(calls, 1);
		watcher.close();
		await().atMost(WAIT).until(() -> !Thread.getAllStackTraces().containsKey(thread));
		assertThat(thread.isAlive()).isFalse();
		write(certificate, "three");
		assertStaysAt(calls, 1);
	}

	@Test
	void fingerprintDependsOnContent() {
		Path certificate = write(this.dir.resolve("tls.crt"), "one");
		Path key = write(this.dir.resolve("tls.key"), "key");
		List<Path> files = List.of(certificate, key);
		String original = MaterialWatcher.fingerprint(files);
		assertThat(MaterialWatcher.fingerprint(files)).isEqualTo(original);
		write(certificate, "two");
		String changed = MaterialWatcher.fingerprint(files);
		assertThat(changed).isNotEqualTo(original);
		write(certificate, "one");
		assertThat(MaterialWatcher.fingerprint(files)).isEqualTo(original);
		write(key, "other key");
		assertThat(MaterialWatcher.fingerprint(files)).isNotEqualTo(original).isNotEqualTo(changed);
	}

	@Test
	void fingerprintDiffersWhenFileIsMissing() throws IOException {
		Path certificate = write(this.dir.resolve("tls.crt"), "");
		List<Path> files = List.of(certificate);
		String empty = MaterialWatcher.fingerprint(files);
		Files.delete(certificate);
		String missing = MaterialWatcher.fingerprint(files);
		assertThat(missing).isNotEqualTo(empty);
		assertThat(MaterialWatcher.fingerprint(files)).isEqualTo(missing);
		write(certificate, "");
		assertThat(MaterialWatcher.fingerprint(files)).isEqualTo(empty);
	}

	@Test
	void kubernetesSecretReachedThroughAnotherLinkCallsOnChangeOnEachSwap() throws IOException {
		KubernetesSecretDirectory secret = KubernetesSecretDirectory.create(this.dir.resolve("secret"),
				Map.of("tls.crt", "crt-1"));
		Path certificate = this.dir.resolve("etc").resolve("client.crt");
		Files.createDirectories(certificate.getParent());
		Files.createSymbolicLink(certificate, secret.file("tls.crt"));
		CallRecorder calls = new CallRecorder();
		watcher(true).watch("payments", List.of(certificate), QUIET, NO_POLL, calls);
		for (int version = 2; version <= 4; version++) {
			secret.update(Map.of("tls.crt", "crt-" + version));
			awaitCalls(calls, version - 1);
		}
	}

	@Test
	void kubernetesSecretWatchedThroughDataLinkCallsOnChangeOnEachSwap() {
		KubernetesSecretDirectory secret = KubernetesSecretDirectory.create(this.dir.resolve("secret"),
				Map.of("tls.crt", "crt-1"));
		Path certificate = this.dir.resolve("secret").resolve("..data").resolve("tls.crt");
		CallRecorder calls = new CallRecorder();
		watcher(true).watch("payments", List.of(certificate), QUIET, NO_POLL, calls);
		for (int version = 2; version <= 4; version++) {
			secret.update(Map.of("tls.crt", "crt-" + version));
			awaitCalls(calls, version - 1);
		}
	}

	@Test
	void recreatedFolderIsWatchedAgain() throws IOException {
		Path certificate = write(this.dir.resolve("certs").resolve("tls.crt"), "one");
		CallRecorder calls = new CallRecorder();
		watcher(true).watch("payments", List.of(certificate), QUIET, NO_POLL, calls);
		Files.delete(certificate);
		Files.delete(certificate.getParent());
		awaitCalls(calls, 1);
		write(certificate, "two");
		awaitCalls(calls, 2);
	}

	@Test
	void truncatingRewritesWithSameContentDoNotCallOnChange() {
		String content = "one".repeat(1000);
		Path certificate = write(this.dir.resolve("tls.crt"), content);
		CallRecorder calls = new CallRecorder();
		watcher(true).watch("payments", List.of(certificate), QUIET, NO_POLL, calls);
		for (int i = 0; i < 20; i++) {
			// Truncates, then writes: the watcher may look in between
			write(certificate, content);
		}
		assertStaysAt(calls, 0);
	}

	@Test
	void aChangeBetweenLoadingAndWatchingIsHandedOver() {
		Path certificate = write(this.dir.resolve("tls.crt"), "loaded");
		String loaded = MaterialWatcher.fingerprint(List.of(certificate));
		// Rotated after the caller loaded its material, before it started watching.
		write(certificate, "rotated meanwhile");
		CallRecorder calls = new CallRecorder();
		watcher(true).watch("payments", List.of(certificate), loaded, QUIET, NO_POLL, calls);
		awaitCalls(calls, 1);
		assertStaysAt(calls, 1);
	}

	@Test
	void nothingIsHandedOverWhenTheFilesAreStillWhatWasLoaded() {
		Path certificate = write(this.dir.resolve("tls.crt"), "loaded");
		String loaded = MaterialWatcher.fingerprint(List.of(certificate));
		CallRecorder calls = new CallRecorder();
		watcher(true).watch("payments", List.of(certificate), loaded, QUIET, NO_POLL, calls);
		assertStaysAt(calls, 0);
	}

	@Test
	void failedReloadIsRetriedOnEveryPollWhileTheFilesStayAsTheyAre() {
		Path certificate = write(this.dir.resolve("tls.crt"), "one");
		AtomicBoolean usable = new AtomicBoolean();
		ReloadRecorder reloads = new ReloadRecorder((retry) -> {
			if (!usable.get()) {
				throw new IllegalStateException("Not usable yet");
			}
		});
		long pollMillis = 300;
		watcher(true).watch("payments", List.of(certificate), null, QUIET, Duration.ofMillis(pollMillis), reloads);
		write(certificate, "two");
		awaitReloads(reloads, 4);
		// The change first, then retries, each at least a poll interval after the last
		assertThat(reloads.retries).startsWith(false, true, true, true);
		for (int i = 1; i < 4; i++) {
			assertThat(reloads.times.get(i) - reloads.times.get(i - 1))
				.isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(pollMillis));
		}
		usable.set(true);
		await().atMost(WAIT).untilAsserted(() -> assertThat(reloads.succeeded).hasValue(1));
		// Succeeded: nothing left to retry
		assertStaysAt(reloads.count, reloads.count.get(), Duration.ofMillis(4 * pollMillis));
	}

	@Test
	void failedReloadIsNotRetriedOnceTheFilesAreBackToTheMaterialInUse() {
		Path certificate = write(this.dir.resolve("tls.crt"), "one");
		ReloadRecorder reloads = new ReloadRecorder((retry) -> {
			throw new IllegalStateException("Never usable");
		});
		Duration poll = Duration.ofMillis(300);
		watcher(true).watch("payments", List.of(certificate), null, QUIET, poll, reloads);
		write(certificate, "two");
		awaitReloads(reloads, 2);
		write(certificate, "one");
		// At most a retry already under way when the file was written back
		int afterWrite = reloads.count.get();
		await().during(poll.multipliedBy(4))
			.atMost(poll.multipliedBy(4).plus(WAIT))
			.untilAsserted(() -> assertThat(reloads.count.get()).isLessThanOrEqualTo(afterWrite + 1));
	}

	@Test
	void failedReloadIsRetriedWhenACertificateInTheFilesBecomesValid() {
		CertificateAuthority ca = TestPki.rootCa("Watcher CA");
		// From 3 to 4 seconds ahead: certificates count in whole seconds
		Instant notBefore = Instant.now().plusSeconds(4).truncatedTo(ChronoUnit.SECONDS);
		IssuedCertificate future = ca.leaf("not-valid-yet")
			.clientAuth()
			.validity(notBefore, notBefore.plus(1, ChronoUnit.DAYS))
			.issue();
		Path certificate = write(this.dir.resolve("tls.crt"), "one");
		List<Instant> attempts = new CopyOnWriteArrayList<>();
		ReloadRecorder reloads = new ReloadRecorder((retry) -> {
			// What the validator does with the leaf
			attempts.add(Instant.now());
			if (Instant.now().isBefore(notBefore)) {
				throw new IllegalStateException("Not valid before " + notBefore);
			}
		});
		watcher(true).watch("payments", List.of(certificate), null, QUIET, NO_POLL, reloads);
		write(certificate, future.certificatePem() + future.privateKeyPem(KeyFormat.PKCS8));
		awaitReloads(reloads, 1);
		assumeTrue(attempts.get(0).isBefore(notBefore), "the first attempt came after notBefore: machine too slow");
		await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(reloads.succeeded).hasValue(1));
		assertThat(reloads.retries).startsWith(false).endsWith(true);
		assertThat(attempts.get(attempts.size() - 1)).isAfterOrEqualTo(notBefore);
		// Not a poll (there is none): the retry waited for notBefore, not much longer
		assertThat(attempts).hasSizeLessThanOrEqualTo(3);
		assertStaysAt(reloads.count, reloads.count.get(), STAY);
	}

	@Test
	void anErrorThrownByOneClientsReloadDoesNotStopTheOthers() {
		Set<Thread> before = watcherThreads();
		MaterialWatcher watcher = watcher(true);
		Thread thread = newWatcherThread(before);
		Path payments = write(this.dir.resolve("payments").resolve("tls.crt"), "payments-1");
		Path billing = write(this.dir.resolve("billing").resolve("tls.crt"), "billing-1");
		ReloadRecorder paymentsReloads = new ReloadRecorder((retry) -> {
			throw new NoClassDefFoundError("simulated/Missing");
		});
		ReloadRecorder billingReloads = new ReloadRecorder((retry) -> {
		});
		watcher.watch("payments", List.of(payments), null, QUIET, Duration.ofMillis(200), paymentsReloads);
		watcher.watch("billing", List.of(billing), null, QUIET, NO_POLL, billingReloads);
		write(payments, "payments-2");
		// Thrown again on every retry
		awaitReloads(paymentsReloads, 3);
		write(billing, "billing-2");
		awaitReloads(billingReloads, 1);
		write(billing, "billing-3");
		awaitReloads(billingReloads, 2);
		assertThat(thread.isAlive()).isTrue();
	}

	@Test
	void fifoAmongTheFilesIsNeverOpenedAndTheOtherClientsAreServed() throws Exception {
		Path fifo = this.dir.resolve("payments").resolve("tls.crt");
		Files.createDirectories(fifo.getParent());
		assumeTrue(mkfifo(fifo), "mkfifo is not available");
		try {
			Path key = write(this.dir.resolve("payments").resolve("tls.key"), "key-1");
			Path billing = write(this.dir.resolve("billing").resolve("tls.crt"), "billing-1");
			CallRecorder paymentsCalls = new CallRecorder();
			CallRecorder billingCalls = new CallRecorder();
			MaterialWatcher watcher = watcher(true);
			assertTimeoutPreemptively(WAIT, () -> {
				String withFifo = MaterialWatcher.fingerprint(List.of(fifo));
				assertThat(MaterialWatcher.fingerprint(List.of(fifo))).isEqualTo(withFifo);
				watcher.watch("payments", List.of(fifo, key), QUIET, Duration.ofMillis(100), paymentsCalls);
				watcher.watch("billing", List.of(billing), QUIET, Duration.ofMillis(100), billingCalls);
			});
			write(billing, "billing-2");
			awaitCalls(billingCalls, 1);
			// The client with the FIFO is served too: a change of its other file is seen
			write(key, "key-2");
			awaitCalls(paymentsCalls, 1);
			write(billing, "billing-3");
			awaitCalls(billingCalls, 2);
		}
		finally {
			unblockReaders(fifo);
		}
	}

	@Test
	void fingerprintDoesNotReadDevicesAndTellsThemFromEmptyFiles() throws IOException {
		Path device = Path.of("/dev/null");
		assumeTrue(Files.exists(device) && !Files.isRegularFile(device), "no /dev/null device");
		Path certificate = this.dir.resolve("tls.crt");
		Files.createSymbolicLink(certificate, device);
		String linkedToDevice = MaterialWatcher.fingerprint(List.of(certificate));
		Files.delete(certificate);
		String missing = MaterialWatcher.fingerprint(List.of(certificate));
		write(certificate, "");
		String empty = MaterialWatcher.fingerprint(List.of(certificate));
		assertThat(linkedToDevice).isNotEqualTo(empty).isNotEqualTo(missing);
	}

	@Test
	void fingerprintDoesNotReadFilesLargerThanOneMebibyte() {
		Path certificate = write(this.dir.resolve("tls.crt"), "a".repeat(1024 * 1024 + 1));
		String large = MaterialWatcher.fingerprint(List.of(certificate));
		write(certificate, "b".repeat(1024 * 1024 + 1));
		assertThat(MaterialWatcher.fingerprint(List.of(certificate))).isEqualTo(large);
		write(certificate, "b".repeat(1024 * 1024));
		assertThat(MaterialWatcher.fingerprint(List.of(certificate))).isNotEqualTo(large);
	}

	private MaterialWatcher watcher(boolean useFileEvents) {
		MaterialWatcher watcher = new MaterialWatcher(useFileEvents);
		this.watchers.add(watcher);
		return watcher;
	}

	private static Set<Thread> watcherThreads() {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> THREAD_NAME.equals(thread.getName()))
			.collect(Collectors.toSet());
	}

	private static Thread newWatcherThread(Set<Thread> before) {
		Set<Thread> started = watcherThreads();
		started.removeAll(before);
		assertThat(started).hasSize(1);
		return started.iterator().next();
	}

	private static void awaitCalls(CallRecorder calls, int expected) {
		await().atMost(WAIT).untilAsserted(() -> assertThat(calls.count).hasValue(expected));
	}

	private static void awaitReloads(ReloadRecorder reloads, int atLeast) {
		await().atMost(WAIT).untilAsserted(() -> assertThat(reloads.count.get()).isGreaterThanOrEqualTo(atLeast));
	}

	private static void assertStaysAt(AtomicInteger count, int expected, Duration duration) {
		await().during(duration).atMost(duration.plus(WAIT)).untilAsserted(() -> assertThat(count).hasValue(expected));
	}

	private static boolean mkfifo(Path fifo) {
		try {
			Process process = new ProcessBuilder("mkfifo", fifo.toString()).redirectErrorStream(true).start();
			return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/**
	 * Opens the FIFO for reading and writing, which never blocks on Linux, and closes it
	 * again: a reader blocked in opening it (the bug this guards against) gets an end of
	 * file instead of hanging the JVM.
	 */
	private static void unblockReaders(Path fifo) {
		if (!Files.exists(fifo)) {
			return;
		}
		try (FileChannel channel = FileChannel.open(fifo, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
			// Opened: any blocked reader is released.
		}
		catch (IOException ex) {
			// Nothing blocked on it then.
		}
	}

	private static void assertStaysAt(CallRecorder calls, int expected) {
		assertStaysAt(calls, expected, STAY);
	}

	private static void assertStaysAt(CallRecorder calls, int expected, Duration duration) {
		await().during(duration)
			.atMost(duration.plus(WAIT))
			.untilAsserted(() -> assertThat(calls.count).hasValue(expected));
	}

	private static Path write(Path file, String content) {
		try {
			Files.createDirectories(file.getParent());
			return Files.writeString(file, content, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String read(Path file) {
		try {
			return Files.readString(file, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * An {@code onChange} that notes when each call happened, runs an optional action
	 * and then counts the call.
	 */
	private static final class CallRecorder implements Runnable {

		final AtomicInteger count = new AtomicInteger();

		final List<Long> times = new CopyOnWriteArrayList<>();

		private final ThrowingRunnable action;

		CallRecorder() {
			this(() -> {
			});
		}

		CallRecorder(ThrowingRunnable action) {
			this.action = action;
		}

		@Override
		public void run() {
			this.times.add(System.nanoTime());
			try {
				this.action.run();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			finally {
				// Last, so that a test that sees the count also sees what the action did
				this.count.incrementAndGet();
			}
		}

	}

	/**
	 * A {@link MaterialWatcher.Reload} that notes each call, whether it was a retry and
	 * when, then runs an action that may throw.
	 */
	private static final class ReloadRecorder implements MaterialWatcher.Reload {

		final AtomicInteger count = new AtomicInteger();

		final AtomicInteger succeeded = new AtomicInteger();

		final List<Boolean> retries = new CopyOnWriteArrayList<>();

		final List<Long> times = new CopyOnWriteArrayList<>();

		private final Consumer<Boolean> action;

		ReloadRecorder(Consumer<Boolean> action) {
			this.action = action;
		}

		@Override
		public void reload(boolean retry) {
			this.times.add(System.nanoTime());
			this.retries.add(retry);
			try {
				this.action.accept(retry);
				this.succeeded.incrementAndGet();
			}
			finally {
				this.count.incrementAndGet();
			}
		}

	}

	@FunctionalInterface
	private interface ThrowingRunnable {

		void run() throws IOException;

	}

}
