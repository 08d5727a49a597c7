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

package io.github.mtlsclient.benchmarks.matrix;

import java.util.Arrays;
import java.util.List;

import io.github.mtlsclient.benchmarks.client.Contender;

/**
 * The rounds of one client at one concurrency, reduced to the figures of the results
 * table: the median round and the spread of all rounds.
 *
 * @param contender the client
 * @param concurrency requests at a time
 * @param medianRps the median of the rounds' requests per second
 * @param minRps the slowest round
 * @param maxRps the fastest round
 * @param p50Millis the median of the rounds' median latencies
 * @param p99Millis the median of the rounds' 99th percentile latencies
 * @param handshakesPer10k server handshakes per 10,000 requests over all rounds
 * @param cpuMicrosPerRequest client process CPU time per request over all rounds, the JIT
 * compiler's excluded where it is known
 * @param jitMicrosPerRequest the JIT compiler's CPU time per request over all rounds,
 * {@code NaN} where it is not known
 * @param requests successful requests over all rounds
 * @param errors failed requests over all rounds
 * @author mtls-client-spring-boot authors
 */
public record Summary(Contender contender, int concurrency, double medianRps, double minRps, double maxRps,
		double p50Millis, double p99Millis, double handshakesPer10k, double cpuMicrosPerRequest, double jitMicrosPerRequest, long requests,
		long errors) {

	/**
	 * Summarize the rounds of one client at one concurrency.
	 * @param cells the rounds
	 * @return the summary
	 */
	public static Summary of(List<Cell> cells) {
		Cell first = cells.get(0);
		double[] rps = cells.stream().mapToDouble((cell) -> cell.result().requestsPerSecond()).sorted().toArray();
		long requests = cells.stream().mapToLong((cell) -> cell.result().requests()).sum();
		long handshakes = cells.stream().mapToLong(Cell::handshakes).sum();
		return new Summary(first.contender(), first.concurrency(), median(rps), rps[0], rps[rps.length - 1],
				median(cells.stream().mapToDouble((cell) -> cell.result().p50Nanos() / 1e6).toArray()),
				median(cells.stream().mapToDouble((cell) -> cell.result().p99Nanos() / 1e6).toArray()),
				(requests > 0) ? handshakes * 10_000.0 / requests : Double.NaN,
				(requests > 0) ? cells.stream().mapToLong((cell) -> cell.result().cpuNanos()).sum() / 1e3 / requests
						: Double.NaN,
				(requests > 0 && cells.stream().allMatch((cell) -> cell.result().jitCpuNanos() >= 0))
						? cells.stream().mapToLong((cell) -> cell.result().jitCpuNanos()).sum() / 1e3 / requests
						: Double.NaN,
				requests,
				cells.stream().mapToLong((cell) -> cell.result().errors()).sum());
	}

	/**
	 * The spread of the rounds around the median, as a fraction of it.
	 * @return (fastest - slowest) / median
	 */
	public double spread() {
		return (this.medianRps > 0) ? (this.maxRps - this.minRps) / this.medianRps : 0;
	}

	static double median(double[] values) {
		double[] sorted = values.clone();
		Arrays.sort(sorted);
		int middle = sorted.length / 2;
		return (sorted.length % 2 == 1) ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
	}

}
