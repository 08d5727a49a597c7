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

import java.util.Arrays;
import java.util.List;

/**
 * The latencies one load thread measured, kept whole (a round is at most some hundred
 * thousand requests) so percentiles are exact rather than bucketed.
 *
 * @author mtls-client-spring-boot authors
 */
final class LatencyRecorder {

	private long[] nanos = new long[16 * 1024];

	private int size;

	void record(long latencyNanos) {
		if (this.size == this.nanos.length) {
			this.nanos = Arrays.copyOf(this.nanos, this.size * 2);
		}
		this.nanos[this.size++] = latencyNanos;
	}

	int size() {
		return this.size;
	}

	/**
	 * All recorded latencies of several threads, sorted.
	 * @param recorders the recorders
	 * @return the sorted latencies
	 */
	static long[] merged(List<LatencyRecorder> recorders) {
		long[] all = new long[recorders.stream().mapToInt(LatencyRecorder::size).sum()];
		int offset = 0;
		for (LatencyRecorder recorder : recorders) {
			System.arraycopy(recorder.nanos, 0, all, offset, recorder.size);
			offset += recorder.size;
		}
		Arrays.sort(all);
		return all;
	}

	/**
	 * The value at a percentile of sorted latencies (nearest rank).
	 * @param sorted the sorted latencies
	 * @param percentile between 0 and 100
	 * @return the latency, or 0 without any
	 */
	static long percentile(long[] sorted, double percentile) {
		if (sorted.length == 0) {
			return 0;
		}
		int rank = (int) Math.ceil(percentile / 100.0 * sorted.length);
		return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
	}

}
