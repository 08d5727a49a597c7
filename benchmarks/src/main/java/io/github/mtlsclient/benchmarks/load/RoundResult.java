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

/**
 * What one timed round of one client at one concurrency measured.
 *
 * @param requests the requests that succeeded
 * @param errors the requests that failed
 * @param elapsedNanos from the start of the round until its last request ended
 * @param p50Nanos the median latency of the successful requests
 * @param p99Nanos the 99th percentile latency of the successful requests
 * @param cpuNanos CPU time the client's process used during the round, all its threads
 * but the JIT compiler's: unlike throughput, hardly moved by other work on a shared
 * machine
 * @param jitCpuNanos CPU time of the JIT compiler threads during the round, {@code -1}
 * where they cannot be told apart (then counted in {@code cpuNanos})
 * @param firstError the first failure, for the log; {@code null} without one
 * @author mtls-client-spring-boot authors
 */
public record RoundResult(long requests, long errors, long elapsedNanos, long p50Nanos, long p99Nanos,
		long cpuNanos, long jitCpuNanos, String firstError) {

	/**
	 * The result of a round from the latencies and CPU readings of a load runner.
	 * @param sortedLatencies the successful requests' latencies, sorted
	 * @param errors the failed requests
	 * @param elapsedNanos the length of the round
	 * @param before the CPU reading when the round began
	 * @param after the CPU reading when it ended
	 * @param firstError the first failure, or {@code null}
	 * @return the result
	 */
	static RoundResult of(long[] sortedLatencies, long errors, long elapsedNanos, ProcessCpu before, ProcessCpu after,
			String firstError) {
		long jit = after.compilerNanosSince(before);
		long process = after.processNanosSince(before);
		return new RoundResult(sortedLatencies.length, errors, elapsedNanos,
				LatencyRecorder.percentile(sortedLatencies, 50), LatencyRecorder.percentile(sortedLatencies, 99),
				(jit >= 0) ? Math.max(0, process - jit) : process, jit, firstError);
	}

	/**
	 * Successful requests per second.
	 * @return the throughput
	 */
	public double requestsPerSecond() {
		return (this.elapsedNanos > 0) ? this.requests * 1e9 / this.elapsedNanos : 0;
	}

}
