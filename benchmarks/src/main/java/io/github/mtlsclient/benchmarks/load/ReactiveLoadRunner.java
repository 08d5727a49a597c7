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
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.LongFunction;

import reactor.core.publisher.Mono;

/**
 * Drives a reactive client the way undici is driven: a number of closed loops, each
 * sending its next request when the previous response has been read, with no thread of
 * its own (the loops run on the client's event loops). A thread per request, as the
 * {@link LoadRunner} uses for blocking clients, would measure the threads' cost, not the
 * client's.
 *
 * @author mtls-client-spring-boot authors
 */
public final class ReactiveLoadRunner {

	private ReactiveLoadRunner() {
	}

	/**
	 * Send requests for a fixed time.
	 * @param request the request
	 * @param concurrency the number of loops
	 * @param duration how long loops start new requests
	 * @return what was measured
	 */
	public static RoundResult forDuration(ReactiveRequest request, int concurrency, Duration duration) {
		return run(request, concurrency, LoadRunner.forDuration(duration));
	}

	/**
	 * Send a fixed number of requests, shared out among the loops, unless that takes too
	 * long.
	 * @param request the request
	 * @param concurrency the number of loops
	 * @param requests how many requests in all
	 * @param limit when to stop starting requests even if not all were sent
	 * @return what was measured
	 */
	public static RoundResult forCount(ReactiveRequest request, int concurrency, long requests, Duration limit) {
		return run(request, concurrency, LoadRunner.forCount(requests, limit));
	}

	/**
	 * Send requests until told to stop.
	 * @param request the request
	 * @param concurrency the number of loops
	 * @param more asked before every request; {@code false} ends that loop
	 * @return what was measured
	 */
	public static RoundResult run(ReactiveRequest request, int concurrency, BooleanSupplier more) {
		return run(request, concurrency, (start) -> more);
	}

	private static RoundResult run(ReactiveRequest request, int concurrency, LongFunction<BooleanSupplier> budget) {
		List<LatencyRecorder> recorders = new ArrayList<>();
		AtomicLong errors = new AtomicLong();
		AtomicReference<String> firstError = new AtomicReference<>();
		ProcessCpu cpuBefore = ProcessCpu.now();
		long begin = System.nanoTime();
		BooleanSupplier more = budget.apply(begin);
		List<Mono<Void>> loops = new ArrayList<>();
		for (int i = 0; i < concurrency; i++) {
			LatencyRecorder recorder = new LatencyRecorder();
			recorders.add(recorder);
			loops.add(loop(request, more, recorder, errors, firstError));
		}
		Mono.when(loops).block();
		long elapsed = System.nanoTime() - begin;
		ProcessCpu cpuAfter = ProcessCpu.now();
		return RoundResult.of(LatencyRecorder.merged(recorders), errors.get(), elapsed, cpuBefore, cpuAfter,
				firstError.get());
	}

	// A loop's requests follow one another, so its recorder is never written to by two
	// threads at once.
	private static Mono<Void> loop(ReactiveRequest request, BooleanSupplier more, LatencyRecorder recorder,
			AtomicLong errors, AtomicReference<String> firstError) {
		Mono<Void> one = Mono.defer(() -> {
			long begin = System.nanoTime();
			return request.send().doOnSuccess((body) -> recorder.record(System.nanoTime() - begin)).then();
		}).onErrorResume((ex) -> {
			errors.incrementAndGet();
			firstError.compareAndSet(null, ex.toString());
			return Mono.empty();
		});
		return Mono.defer(() -> more.getAsBoolean() ? one.repeat(more).then() : Mono.empty());
	}

}
