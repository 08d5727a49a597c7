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

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import io.github.mtlsclient.benchmarks.pki.PkiFiles;
import io.github.mtlsclient.benchmarks.server.ChildJvm;

/**
 * Runs {@link StartupCostMain} in fresh JVMs, interleaving the client counts (0, 10,
 * 100, then again), and collects the figures per count.
 *
 * @author mtls-client-spring-boot authors
 */
public final class StartupCostBenchmark {

	private StartupCostBenchmark() {
	}

	/**
	 * Measure.
	 * @param pki the run's certificates
	 * @param origin any {@code https://} origin: no request is sent
	 * @param clientCounts the numbers of clients, the first of them 0
	 * @param jvmsPerCount fresh JVMs per count
	 * @param warmStarts later starts in each JVM
	 * @param log progress
	 * @return the costs by client count
	 */
	public static Map<Integer, StartupCost> run(PkiFiles pki, URI origin, List<Integer> clientCounts,
			int jvmsPerCount, int warmStarts, Consumer<String> log) {
		Map<Integer, List<String[]>> lines = new LinkedHashMap<>();
		for (int jvm = 0; jvm < jvmsPerCount; jvm++) {
			for (int clients : clientCounts) {
				try (ChildJvm child = ChildJvm.start(StartupCostMain.class, List.of("-Xmx1g"),
						List.of(String.valueOf(clients), pki.dir().toString(), origin.toString(),
								String.valueOf(warmStarts)))) {
					String line = child.awaitLine(StartupCostMain.PREFIX);
					log.accept("  %3d clients: %s".formatted(clients, line));
					lines.computeIfAbsent(clients, (key) -> new ArrayList<>()).add(line.split(" "));
				}
			}
		}
		Map<Integer, StartupCost> costs = new LinkedHashMap<>();
		lines.forEach((clients, jvms) -> costs.put(clients, cost(clients, jvms)));
		return costs;
	}

	private static StartupCost cost(int clients, List<String[]> jvms) {
		List<Double> cold = new ArrayList<>();
		List<Double> warm = new ArrayList<>();
		List<Double> retained = new ArrayList<>();
		for (String[] fields : jvms) {
			Map<String, String> values = new LinkedHashMap<>();
			for (String field : fields) {
				String[] pair = field.split("=", 2);
				values.put(pair[0], pair[1]);
			}
			cold.add(Double.parseDouble(values.get("cold")));
			for (String start : values.get("warm").split(",")) {
				warm.add(Double.parseDouble(start));
			}
			if (clients > 0) {
				retained.add((Long.parseLong(values.get("heapN")) - Long.parseLong(values.get("heap0")))
						/ (double) clients);
			}
		}
		return new StartupCost(clients, cold, warm, retained);
	}

}
