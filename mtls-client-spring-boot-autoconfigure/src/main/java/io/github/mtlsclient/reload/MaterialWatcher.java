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
import java.nio.charset.StandardCharsets;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Watches the material files of every client from one thread. A change is noticed by a
 * file event in the folder of a file or of its symbolic link's target (Kubernetes swaps
 * a {@code ..data} link in the folder of the files), or by the periodic content check
 * where events do not arrive. A change is a change of content: the files are hashed,
 * following links. After a change the watcher waits until the files have been quiet for
 * the quiet period, then, if their content differs from what is in use, calls the
 * client's reload once.
 * <p>
 * A reload that fails is tried again without waiting for another change, for as long as
 * the files differ from the material in use: when a certificate in them becomes valid,
 * if one is not valid yet (an issuer whose clock runs ahead), and on every poll interval.
 * Whatever a reload throws, the thread goes on serving every client.
 *
 * @author mtls-client-spring-boot authors
 */
final class MaterialWatcher implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(MaterialWatcher.class);

	private static final long MAX_WAIT_MILLIS = 1000;

	/**
	 * After a certificate's {@code notBefore}, so that the retry sees it valid even if
	 * this thread wakes a little early by the wall clock.
	 */
	private static final Duration VALIDITY_MARGIN = Duration.ofMillis(100);

	private final @Nullable WatchService watchService;

	private final List<Watched> watched = new CopyOnWriteArrayList<>();

	private final Map<Path, WatchKey> watchedFolders = new HashMap<>();

	private final Thread thread;

	private volatile boolean running = true;

	private @Nullable String lastLoggedFailure;

	/**
	 * Start a watcher that uses file events and the periodic content check.
	 */
	MaterialWatcher() {
		this(true);
	}

	/**
	 * Start a watcher.
	 * @param useFileEvents whether to use file events; without them, only the periodic
	 * content check notices changes
	 */
	MaterialWatcher(boolean useFileEvents) {
		this.watchService = useFileEvents ? newWatchService() : null;
		this.thread = new Thread(this::run, "mtls-material-watcher");
		this.thread.setDaemon(true);
		this.thread.start();
	}

	private static @Nullable WatchService newWatchService() {
		try {
			return FileSystems.getDefault().newWatchService();
		}
		catch (IOException | UnsupportedOperationException ex) {
			logger.info("File events are not available, relying on the periodic content check: " + ex.getMessage());
			return null;
		}
	}

	/**
	 * Watch the files of one client.
	 * @param clientName the client name, for log messages
	 * @param files the files; symbolic links are followed
	 * @param quietPeriod how long the files must stay unchanged before {@code onChange}
	 * runs
	 * @param pollInterval the interval of the content check
	 * @param onChange what to do after a change, on the watcher thread; throws if the
	 * files could not be used
	 */
	void watch(String clientName, List<Path> files, Duration quietPeriod, Duration pollInterval,
			Runnable onChange) {
		watch(clientName, files, null, quietPeriod, pollInterval, onChange);
	}

	/**
	 * Watch the files of one client whose material was loaded from files with the given
	 * fingerprint, taken before loading: a change since then is handed over too.
	 * @param clientName the client name, for log messages
	 * @param files the files; symbolic links are followed
	 * @param loadedFingerprint the {@link #fingerprint(List) fingerprint} of the files
	 * the material was loaded from, or {@code null} to take the files as they are now
	 * @param quietPeriod how long the files must stay unchanged before {@code onChange}
	 * runs
	 * @param pollInterval the interval of the content check
	 * @param onChange what to do after a change, on the watcher thread; throws if the
	 * files could not be used
	 */
	void watch(String clientName, List<Path> files, @Nullable String loadedFingerprint, Duration quietPeriod,
			Duration pollInterval, Runnable onChange) {
		watch(clientName, files, loadedFingerprint, quietPeriod, pollInterval, (retry) -> onChange.run());
	}

	/**
	 * Watch the files of one client whose material was loaded from files with the given
	 * fingerprint, taken before loading: a change since then is handed over too.
	 * @param clientName the client name, for log messages
	 * @param files the files; symbolic links are followed
	 * @param loadedFingerprint the {@link #fingerprint(List) fingerprint} of the files
	 * the material was loaded from, or {@code null} to take the files as they are now
	 * @param quietPeriod how long the files must stay unchanged before a reload
	 * @param pollInterval the interval of the content check, and of the retries of a
	 * failed reload
	 * @param reload what to do after a change, on the watcher thread
	 */
	void watch(String clientName, List<Path> files, @Nullable String loadedFingerprint, Duration quietPeriod,
			Duration pollInterval, Reload reload) {
		Watched client = new Watched(clientName, List.copyOf(files), quietPeriod.toNanos(), pollInterval.toNanos(),
				reload);
		synchronized (this.watchedFolders) {
			registerFolders(client);
		}
		client.seen = fingerprint(client.files);
		// What the caller loaded: a change made since then is a change to hand over.
		client.inUse = (loadedFingerprint != null) ? loadedFingerprint : client.seen;
		long now = System.nanoTime();
		if (!client.seen.equals(client.inUse)) {
			client.pending = true;
			client.deadline = now + client.quietPeriod;
		}
		client.nextPoll = now + client.pollInterval;
		this.watched.add(client);
	}

	private void run() {
		while (this.running) {
			boolean events;
			try {
				// Any event may concern any client (a link may point anywhere, and the folder an
				// event comes from may be gone already): hashing a few PEM files is cheap.
				events = awaitEvents(waitMillis());
			}
			catch (InterruptedException | ClosedWatchServiceException ex) {
				return;
			}
			catch (Throwable ex) {
				warnOnce("Error waiting for mTLS material file events", ex);
				if (!pause()) {
					return;
				}
				continue;
			}
			long now = System.nanoTime();
			for (Watched client : this.watched) {
				try {
					serve(client, events, now);
				}
				catch (Throwable ex) {
					// The next client is served all the same; this one is looked at again on its
					// next poll.
					client.warnOnce("Error watching the mTLS material files of client '" + client.name + "'", ex);
				}
			}
		}
	}

	private void serve(Watched client, boolean events, long now) {
		boolean pollDue = now - client.nextPoll >= 0;
		if (pollDue) {
			client.nextPoll = now + client.pollInterval;
		}
		if (events || pollDue) {
			check(client, now);
		}
		if (client.pending) {
			if (now - client.deadline >= 0) {
				client.pending = false;
				fire(client);
			}
		}
		else if (client.failed != null && now - client.retryAt >= 0) {
			retry(client, now);
		}
	}

	private long waitMillis() {
		long now = System.nanoTime();
		long wait = TimeUnit.MILLISECONDS.toNanos(MAX_WAIT_MILLIS);
		for (Watched client : this.watched) {
			wait = Math.min(wait, client.nextPoll - now);
			if (client.pending) {
				wait = Math.min(wait, client.deadline - now);
			}
			else if (client.failed != null) {
				wait = Math.min(wait, client.retryAt - now);
			}
		}
		return Math.max(1, TimeUnit.NANOSECONDS.toMillis(wait));
	}

	private boolean awaitEvents(long waitMillis) throws InterruptedException {
		if (this.watchService == null) {
			Thread.sleep(waitMillis);
			return false;
		}
		WatchKey key = this.watchService.poll(waitMillis, TimeUnit.MILLISECONDS);
		boolean events = false;
		while (key != null) {
			key.pollEvents();
			events = true;
			if (!key.reset()) {
				// The folder is gone; it is registered again when it comes back.
				synchronized (this.watchedFolders) {
					this.watchedFolders.values().remove(key);
				}
			}
			key = this.watchService.poll();
		}
		return events;
	}

	private boolean pause() {
		try {
			Thread.sleep(MAX_WAIT_MILLIS);
			return true;
		}
		catch (InterruptedException ex) {
			return false;
		}
	}

	private void check(Watched client, long now) {
		synchronized (this.watchedFolders) {
			registerFolders(client);
		}
		String fingerprint = fingerprint(client.files);
		if (!fingerprint.equals(client.seen)) {
			client.seen = fingerprint;
			client.pending = true;
			client.deadline = now + client.quietPeriod;
		}
	}

	private void fire(Watched client) {
		// A file rewritten with its old content may have looked changed half-way.
		String fingerprint = fingerprint(client.files);
		client.seen = fingerprint;
		if (fingerprint.equals(client.inUse)) {
			client.failed = null;
			return;
		}
		// Written again as it was when it failed: no news, a retry.
		reload(client, fingerprint, fingerprint.equals(client.failed));
	}

	private void retry(Watched client, long now) {
		String fingerprint = fingerprint(client.files);
		if (fingerprint.equals(client.inUse)) {
			// Back to the material in use: nothing left to retry.
			client.failed = null;
		}
		else if (!fingerprint.equals(client.failed)) {
			// Changed since the failure, unnoticed so far: a change like any other.
			client.seen = fingerprint;
			client.pending = true;
			client.deadline = now + client.quietPeriod;
		}
		else {
			reload(client, fingerprint, true);
		}
	}

	private void reload(Watched client, String fingerprint, boolean retry) {
		try {
			client.reload.reload(retry);
		}
		catch (Throwable ex) {
			// The reload has said why; tried again while the files stay as they are.
			logger.debug("Reload of mTLS client '" + client.name + "' failed", ex);
			client.failed = fingerprint;
			// A poll interval from the end of this attempt, not from the start of the round.
			client.retryAt = nextRetry(client, System.nanoTime());
			return;
		}
		client.inUse = fingerprint;
		client.failed = null;
		client.lastLoggedFailure = null;
	}

	/**
	 * The next poll, or sooner when a certificate in the files becomes valid: the likely
	 * reason of the failure then.
	 */
	private long nextRetry(Watched client, long now) {
		long retryAt = now + client.pollInterval;
		try {
			Instant wallNow = Instant.now();
			Instant validFrom = NotYetValidCertificates.earliestValidityStart(client.files, wallNow);
			if (validFrom != null) {
				Duration wait = Duration.between(wallNow, validFrom).plus(VALIDITY_MARGIN);
				if (wait.compareTo(Duration.ofNanos(client.pollInterval)) < 0) {
					retryAt = now + wait.toNanos();
				}
			}
		}
		catch (RuntimeException ex) {
			// Only an earlier retry is lost: the next poll retries all the same.
			logger.debug("Cannot read the certificates of mTLS client '" + client.name + "'", ex);
		}
		return retryAt;
	}

	private void warnOnce(String message, Throwable ex) {
		this.lastLoggedFailure = warnUnlessRepeated(this.lastLoggedFailure, message, ex);
	}

	/**
	 * Log at WARN unless the failure is the one logged last time: a failure that lasts
	 * would otherwise be logged on every poll.
	 * @return the failure logged last now
	 */
	private static String warnUnlessRepeated(@Nullable String lastLogged, String message, Throwable ex) {
		String failure = ex.toString();
		if (failure.equals(lastLogged)) {
			logger.debug(message, ex);
		}
		else {
			logger.warn(message, ex);
		}
		return failure;
	}

	private void registerFolders(Watched client) {
		if (this.watchService == null) {
			return;
		}
		for (Path file : client.files) {
			register(file.toAbsolutePath().getParent());
			try {
				register(file.toRealPath().getParent());
			}
			catch (IOException ex) {
				// Missing for now (a rotation in progress): registered on a later check.
			}
		}
	}

	private void register(@Nullable Path folder) {
		if (folder == null) {
			return;
		}
		if (!Files.isDirectory(folder)) {
			// Gone for now: watch the nearest folder that exists, to see it come back.
			register(folder.getParent());
			return;
		}
		WatchKey existing = this.watchedFolders.get(folder);
		if (existing != null && existing.isValid()) {
			return;
		}
		try {
			this.watchedFolders.put(folder, folder.register(this.watchService, StandardWatchEventKinds.ENTRY_CREATE,
					StandardWatchEventKinds.ENTRY_DELETE, StandardWatchEventKinds.ENTRY_MODIFY));
		}
		catch (IOException | RuntimeException ex) {
			logger.debug("Cannot watch " + folder + ", relying on the periodic content check", ex);
		}
	}

	/**
	 * A digest of the files' content, following links. A missing or unreadable file
	 * counts as its own distinct content, and so does a file that is not read at all
	 * because it is not a regular file (a FIFO, a device) or is larger than 1 MiB.
	 * @param files the files
	 * @return the digest, in hexadecimal
	 */
	static String fingerprint(List<Path> files) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			for (Path file : files) {
				digest.update(file.toString().getBytes(StandardCharsets.UTF_8));
				MaterialFile read = MaterialFile.read(file);
				digest.update((byte) read.state().ordinal());
				byte[] content = read.content();
				if (content != null) {
					digest.update(content);
				}
			}
			return HexFormat.of().formatHex(digest.digest());
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public void close() {
		this.running = false;
		this.thread.interrupt();
		if (Thread.currentThread() != this.thread) {
			try {
				// A reload under way finishes before the pools it touches are closed.
				this.thread.join(TimeUnit.SECONDS.toMillis(5));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		if (this.watchService != null) {
			try {
				this.watchService.close();
			}
			catch (IOException ex) {
				logger.debug("Error closing the watch service", ex);
			}
		}
	}

	/**
	 * What the watcher calls to hand a client its changed files.
	 */
	@FunctionalInterface
	interface Reload {

		/**
		 * Load the client's material from its files as they are now. Reports its own
		 * failures: the watcher only logs them at debug level.
		 * @param retry whether the files are the same as when the previous call failed
		 * @throws RuntimeException if the files could not be used: the watcher calls
		 * again while they stay as they are (any {@link Throwable} is survived)
		 */
		void reload(boolean retry);

	}

	private static final class Watched {

		final String name;

		final List<Path> files;

		final long quietPeriod;

		final long pollInterval;

		final Reload reload;

		String seen;

		/**
		 * The fingerprint of the files the material in use was loaded from.
		 */
		String inUse;

		long nextPoll;

		boolean pending;

		long deadline;

		/**
		 * The fingerprint of the files the last reload failed with, or {@code null} if it
		 * did not fail.
		 */
		@Nullable String failed;

		long retryAt;

		@Nullable String lastLoggedFailure;

		Watched(String name, List<Path> files, long quietPeriod, long pollInterval, Reload reload) {
			this.name = name;
			this.files = files;
			this.quietPeriod = quietPeriod;
			this.pollInterval = pollInterval;
			this.reload = reload;
		}

		void warnOnce(String message, Throwable ex) {
			this.lastLoggedFailure = warnUnlessRepeated(this.lastLoggedFailure, message, ex);
		}

	}

}
