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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.github.mtlsclient.testsupport.KubernetesSecretDirectory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link MaterialWatcher} with real files: file events, the periodic content
 * check, the quiet period and the Kubernetes secret volume layout.
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

	@FunctionalInterface
	private interface ThrowingRunnable {

		void run() throws IOException;

	}

}
