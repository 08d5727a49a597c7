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

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

import io.github.mtlsclient.benchmarks.client.ClientUnderTest;
import io.github.mtlsclient.benchmarks.client.Contender;
import io.github.mtlsclient.benchmarks.load.RoundResult;
import io.github.mtlsclient.benchmarks.server.MtlsServer;

/**
 * Measures every client against one server: each client warms up once, then the timed
 * rounds interleave the clients (all clients at one concurrency, then the next
 * concurrency, then the next round), so a slow minute on a shared machine hurts every
 * client alike instead of one. Clients with a thread per request stop at
 * {@link Contender#THREADED_MAX_CONCURRENCY}. The warm-ups run in reverse order, so the client measured
 * first is the one warmed up last: no pool sits idle past its idle timeout between its
 * warm-up and its first round.
 *
 * @author mtls-client-spring-boot authors
 */
public final class ThroughputMatrix {

	private ThroughputMatrix() {
	}

	/**
	 * Run the matrix.
	 * @param server the server, which counts handshakes
	 * @param clients the clients, made for that server
	 * @param settings warm-up, concurrencies, rounds and their length
	 * @param log progress
	 * @return the warm-ups and every round of every client
	 */
	public static MatrixResult run(MtlsServer server, List<ClientUnderTest> clients, MatrixSettings settings,
			Consumer<String> log) {
		Map<Contender, RoundResult> warmUps = new TreeMap<>();
		List<ClientUnderTest> warmUpOrder = new ArrayList<>(clients);
		Collections.reverse(warmUpOrder);
		for (ClientUnderTest client : warmUpOrder) {
			RoundResult warmUp = client.warmUp(settings.warmUpRequests(), settings.warmUpLimit(),
					settings.warmUpConcurrency());
			warmUps.put(client.contender(), warmUp);
			log.accept("  warm-up %-32s %,8d requests %6.0f/s%s".formatted(client.contender().label(),
					warmUp.requests(), warmUp.requestsPerSecond(), errors(warmUp)));
		}
		List<Cell> cells = new ArrayList<>();
		// A settling round, not kept: the clients share HttpClient and Spring code, and the JIT
		// compiles it again once every client has run at every concurrency. Measured
		// before that, a client's first rounds at c=1 used up to four times the CPU of
		// its later ones.
		for (int concurrency : settings.concurrencies()) {
			for (ClientUnderTest client : clients) {
				if (client.contender().measuredAt(concurrency)) {
					client.run(concurrency, settings.roundDuration());
				}
			}
		}
		log.accept("  settling round done (not kept)");
		for (int round = 1; round <= settings.rounds(); round++) {
			for (int concurrency : settings.concurrencies()) {
				for (ClientUnderTest client : clients) {
					if (!client.contender().measuredAt(concurrency)) {
						continue;
					}
					long handshakesBefore = server.handshakes();
					RoundResult result = client.run(concurrency, settings.roundDuration());
					Cell cell = new Cell(client.contender(), concurrency, round, result,
							server.handshakes() - handshakesBefore);
					cells.add(cell);
					log.accept(("  round %d c=%-3d %-32s %8.0f/s p50 %6.2f ms p99 %6.2f ms %5d handshakes %5.0f µs CPU"
							+ " %5.0f µs JIT%s")
						.formatted(round, concurrency, client.contender().label(), result.requestsPerSecond(),
								result.p50Nanos() / 1e6, result.p99Nanos() / 1e6, cell.handshakes(),
								perRequest(result.cpuNanos(), result), perRequest(result.jitCpuNanos(), result),
								errors(result)));
				}
			}
		}
		return new MatrixResult(warmUps, cells);
	}

	private static double perRequest(long nanos, RoundResult result) {
		return (result.requests() > 0 && nanos >= 0) ? nanos / 1e3 / result.requests() : Double.NaN;
	}

	private static String errors(RoundResult result) {
		return (result.errors() > 0) ? " " + result.errors() + " errors, first: " + result.firstError() : "";
	}

}
