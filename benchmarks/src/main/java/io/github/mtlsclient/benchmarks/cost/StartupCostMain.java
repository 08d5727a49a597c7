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

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.github.mtlsclient.autoconfigure.MtlsWebClientAutoConfiguration;
import io.github.mtlsclient.benchmarks.BenchmarkApplication;
import io.github.mtlsclient.benchmarks.client.StarterClients;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * Measures, in a fresh JVM, what configuring clients costs: the start time of an
 * application context with N clients (the first start in the JVM, then warm starts) and
 * the heap that stays in use while such a context runs. No client sends a request: this
 * is the price of having them configured.
 * <p>
 * Arguments: N, the PKI folder, an {@code https://} origin, the number of warm starts.
 * Prints one line: {@code COST cold=<ms> warm=<ms>,<ms>... heap0=<bytes> heapN=<bytes>}.
 *
 * @author mtls-client-spring-boot authors
 */
public final class StartupCostMain {

	static final String PREFIX = "COST";

	private StartupCostMain() {
	}

	public static void main(String[] args) throws Exception {
		int clients = Integer.parseInt(args[0]);
		Path pki = Path.of(args[1]);
		URI origin = URI.create(args[2]);
		int warmStarts = Integer.parseInt(args[3]);
		Map<String, Object> properties = properties(clients, pki, origin);
		double cold = startMillis(properties);
		List<Double> warm = new ArrayList<>();
		for (int i = 0; i < warmStarts; i++) {
			warm.add(startMillis(properties));
		}
		long heapWithout = usedHeapWhileRunning(properties(0, pki, origin));
		long heapWith = usedHeapWhileRunning(properties);
		System.out.println(PREFIX + " cold=" + cold + " warm="
				+ warm.stream().map(String::valueOf).collect(Collectors.joining(",")) + " heap0=" + heapWithout
				+ " heapN=" + heapWith);
		System.exit(0);
	}

	static Map<String, Object> properties(int clients, Path pki, URI origin) {
		Map<String, Object> properties = new LinkedHashMap<>();
		// The cost of a RestClient application, as in the runs before the benchmark had
		// WebFlux on its class path: no WebClient per client.
		properties.put("spring.autoconfigure.exclude", MtlsWebClientAutoConfiguration.class.getName());
		for (int i = 0; i < clients; i++) {
			properties.putAll(StarterClients.properties("client-" + i, origin, pki.resolve("client.pem").toString(),
					pki.resolve("client-key.pem").toString(), pki.resolve("ca.pem").toString()));
		}
		return properties;
	}

	private static double startMillis(Map<String, Object> properties) {
		long start = System.nanoTime();
		ConfigurableApplicationContext context = BenchmarkApplication.start(properties);
		double millis = (System.nanoTime() - start) / 1e6;
		context.close();
		return millis;
	}

	private static long usedHeapWhileRunning(Map<String, Object> properties) throws InterruptedException {
		try (ConfigurableApplicationContext context = BenchmarkApplication.start(properties)) {
			return usedHeapAfterGc();
		}
	}

	private static long usedHeapAfterGc() throws InterruptedException {
		// Several collections: what survives them all is what the context retains.
		for (int i = 0; i < 3; i++) {
			System.gc();
			Thread.sleep(100);
		}
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
	}

}
