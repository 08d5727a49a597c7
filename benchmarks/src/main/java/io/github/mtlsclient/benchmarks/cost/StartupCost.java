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

package io.github.mtlsclient.benchmarks.cost;

import java.util.Arrays;
import java.util.List;

/**
 * Start time and heap of an application context with a number of configured clients,
 * over several JVMs.
 *
 * @param clients the number of configured clients
 * @param coldMillis the first start in each fresh JVM
 * @param warmMillis the later starts in the same JVMs
 * @param retainedBytesPerClient heap in use with the clients, less heap in use without,
 * divided by the number of clients; one value per JVM
 * @author mtls-client-spring-boot authors
 */
public record StartupCost(int clients, List<Double> coldMillis, List<Double> warmMillis,
		List<Double> retainedBytesPerClient) {

	/**
	 * The median first start.
	 * @return milliseconds
	 */
	public double cold() {
		return median(this.coldMillis);
	}

	/**
	 * The median later start.
	 * @return milliseconds
	 */
	public double warm() {
		return median(this.warmMillis);
	}

	/**
	 * The median retained heap per client.
	 * @return bytes, or NaN without clients
	 */
	public double retainedPerClient() {
		return this.retainedBytesPerClient.isEmpty() ? Double.NaN : median(this.retainedBytesPerClient);
	}

	static double median(List<Double> values) {
		double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
		int middle = sorted.length / 2;
		return (sorted.length % 2 == 1) ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
	}

	/**
	 * Per configured client, what this many clients add to the start time against a
	 * run with fewer (or none).
	 * @param fewer the costs with fewer clients
	 * @param cold the first start, or else the warm ones
	 * @return milliseconds per added client
	 */
	public double millisPerClient(StartupCost fewer, boolean cold) {
		double added = cold ? cold() - fewer.cold() : warm() - fewer.warm();
		return added / (this.clients - fewer.clients);
	}

	@Override
	public String toString() {
		return "StartupCost[" + this.clients + " clients, cold " + this.coldMillis + ", warm " + this.warmMillis
				+ ", retained " + Arrays.toString(this.retainedBytesPerClient.toArray()) + "]";
	}

}
