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
package io.github.mtlsclient.testsupport;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Requests sent over and over by a fixed number of threads until stopped, counting the
 * ones that fail: the load under which rotations must fail nothing.
 *
 * @author mtls-client-spring-boot authors
 */
public final class ConcurrentLoad implements AutoCloseable {

	private final ExecutorService executor;

	private final AtomicBoolean running = new AtomicBoolean(true);

	private final AtomicInteger failures = new AtomicInteger();

	private ConcurrentLoad(int threads, Runnable request) {
		this.executor = Executors.newFixedThreadPool(threads);
		for (int i = 0; i < threads; i++) {
			this.executor.submit(() -> {
				while (this.running.get()) {
					try {
						request.run();
					}
					catch (RuntimeException ex) {
						this.failures.incrementAndGet();
						ex.printStackTrace();
					}
				}
			});
		}
	}

	/**
	 * Start sending.
	 * @param threads how many requests are in flight at once
	 * @param request sends one request, throwing if it fails
	 * @return the running load
	 */
	public static ConcurrentLoad start(int threads, Runnable request) {
		return new ConcurrentLoad(threads, request);
	}

	/**
	 * Stop sending and wait for the requests in flight.
	 * @return the number of requests that failed
	 * @throws InterruptedException if interrupted while waiting
	 */
	public int stop() throws InterruptedException {
		this.running.set(false);
		this.executor.shutdown();
		if (!this.executor.awaitTermination(30, TimeUnit.SECONDS)) {
			throw new IllegalStateException("Requests still in flight 30s after the load stopped");
		}
		return this.failures.get();
	}

	@Override
	public void close() {
		this.running.set(false);
		this.executor.shutdownNow();
	}

}
