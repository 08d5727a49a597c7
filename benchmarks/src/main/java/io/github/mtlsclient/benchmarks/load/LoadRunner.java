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

package io.github.mtlsclient.benchmarks.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.LongFunction;

/**
 * Drives a Java client from a number of threads, each sending one request after the
 * other (closed loop, no think time), and measures each request's latency.
 *
 * @author mtls-client-spring-boot authors
 */
public final class LoadRunner {

	private LoadRunner() {
	}

	/**
	 * Send requests for a fixed time.
	 * @param request the request
	 * @param concurrency the number of threads
	 * @param duration how long threads start new requests
	 * @return what was measured
	 */
	public static RoundResult forDuration(Request request, int concurrency, Duration duration) {
		return run(request, concurrency, forDuration(duration));
	}

	/**
	 * Send a fixed number of requests, shared out among the threads, unless that takes
	 * too long.
	 * @param request the request
	 * @param concurrency the number of threads
	 * @param requests how many requests in all
	 * @param limit when to stop starting requests even if not all were sent
	 * @return what was measured
	 */
	public static RoundResult forCount(Request request, int concurrency, long requests, Duration limit) {
		return run(request, concurrency, forCount(requests, limit));
	}

	/**
	 * From the start of a round: whether to start another request before a time is up.
	 * @param duration the time
	 * @return the budget, given the start in {@link System#nanoTime()}
	 */
	static LongFunction<BooleanSupplier> forDuration(Duration duration) {
		return (start) -> {
			long deadline = start + duration.toNanos();
			return () -> System.nanoTime() < deadline;
		};
	}

	/**
	 * From the start of a round: whether to start another of a number of requests, unless
	 * that takes too long.
	 * @param requests how many requests in all
	 * @param limit when to stop starting requests even if not all were sent
	 * @return the budget, given the start in {@link System#nanoTime()}
	 */
	static LongFunction<BooleanSupplier> forCount(long requests, Duration limit) {
		AtomicLong remaining = new AtomicLong(requests);
		return (start) -> {
			long deadline = start + limit.toNanos();
			return () -> remaining.getAndDecrement() > 0 && System.nanoTime() < deadline;
		};
	}

	/**
	 * Send requests until told to stop.
	 * @param request the request
	 * @param concurrency the number of threads
	 * @param more asked before every request; {@code false} ends that thread
	 * @return what was measured
	 */
	public static RoundResult run(Request request, int concurrency, BooleanSupplier more) {
		return run(request, concurrency, (start) -> more);
	}

	private static RoundResult run(Request request, int concurrency, LongFunction<BooleanSupplier> budget) {
		AtomicReference<BooleanSupplier> more = new AtomicReference<>();
		List<LatencyRecorder> recorders = new ArrayList<>();
		List<Thread> threads = new ArrayList<>();
		CountDownLatch start = new CountDownLatch(1);
		AtomicLong errors = new AtomicLong();
		AtomicReference<String> firstError = new AtomicReference<>();
		for (int i = 0; i < concurrency; i++) {
			LatencyRecorder recorder = new LatencyRecorder();
			recorders.add(recorder);
			Thread thread = new Thread(() -> {
				await(start);
				BooleanSupplier next = more.get();
				while (next.getAsBoolean()) {
					long begin = System.nanoTime();
					try {
						request.send();
						recorder.record(System.nanoTime() - begin);
					}
					catch (Exception ex) {
						errors.incrementAndGet();
						firstError.compareAndSet(null, ex.toString());
					}
				}
			}, "load-" + i);
			threads.add(thread);
			thread.start();
		}
		ProcessCpu cpuBefore = ProcessCpu.now();
		long begin = System.nanoTime();
		// Timed from here: creating the threads is not the client's cost.
		more.set(budget.apply(begin));
		start.countDown();
		for (Thread thread : threads) {
			join(thread);
		}
		long elapsed = System.nanoTime() - begin;
		ProcessCpu cpuAfter = ProcessCpu.now();
		return RoundResult.of(LatencyRecorder.merged(recorders), errors.get(), elapsed, cpuBefore, cpuAfter,
				firstError.get());
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static void join(Thread thread) {
		try {
			thread.join();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
