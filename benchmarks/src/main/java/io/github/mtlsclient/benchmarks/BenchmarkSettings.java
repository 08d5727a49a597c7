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

package io.github.mtlsclient.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.github.mtlsclient.benchmarks.client.Contender;
import io.github.mtlsclient.benchmarks.matrix.MatrixSettings;

/**
 * What a run measures and for how long. The full run is sized to take about a
 * quarter of an hour on two cores; the smoke run only proves the machinery works.
 *
 * @param contenders the clients
 * @param matrix warm-up, concurrencies, rounds and round length
 * @param laterServerWarmUpRequests warm-up per client against each server after the
 * first: the JIT is warm by then, the pools are not
 * @param nginx whether to run the matrix against nginx too, when installed
 * @param rotations certificate rotations, 0 for none
 * @param costClientCounts client counts for the start-up cost, empty for none
 * @param costJvms fresh JVMs per client count
 * @param costWarmStarts later starts per JVM
 * @param resultsDir where {@code latest.md} and the chart go
 * @author mtls-client-spring-boot authors
 */
public record BenchmarkSettings(List<Contender> contenders, MatrixSettings matrix, long laterServerWarmUpRequests,
		boolean nginx, int rotations, List<Integer> costClientCounts, int costJvms, int costWarmStarts,
		Path resultsDir) {

	/**
	 * The settings of the committed results.
	 * @param resultsDir where the results go
	 * @return the settings
	 */
	public static BenchmarkSettings full(Path resultsDir) {
		return new BenchmarkSettings(List.of(Contender.values()),
				new MatrixSettings(20_000, Duration.ofSeconds(20), 16, List.of(1, 16, 64, 256), 5,
						Duration.ofMillis(1500)),
				5_000, true, 10,
				List.of(0, 10, 100), 3, 3, resultsDir);
	}

	/**
	 * A run of a few seconds that touches every part.
	 * @param resultsDir where the results go
	 * @return the settings
	 */
	public static BenchmarkSettings smoke(Path resultsDir) {
		return new BenchmarkSettings(
				List.of(Contender.STARTER, Contender.HTTPCLIENT_WITH_FIX, Contender.STARTER_WEB_CLIENT,
						Contender.REACTOR_NETTY),
				new MatrixSettings(50, Duration.ofSeconds(5), 4, List.of(1, 4), 1, Duration.ofMillis(100)), 50, false, 1,
				List.of(),
				0, 0, resultsDir);
	}

	/**
	 * Apply command-line options to these settings.
	 * @param args {@code --clients 1,2,6} (or {@code 7,8,9,6}: the reactive part only),
	 * {@code --concurrency 1,16}, {@code --round-ms 2000},
	 * {@code --warm-up 20000}, {@code --no-nginx}, {@code --matrix-only} (Jetty, no rotation, no
	 * cost: for profiling), {@code --results DIR}
	 * @return the changed settings
	 */
	public BenchmarkSettings with(List<String> args) {
		BenchmarkSettings settings = this;
		for (int i = 0; i < args.size(); i++) {
			String option = args.get(i);
			switch (option) {
				case "--smoke", "" -> {
				}
				case "--no-nginx" -> settings = settings.withNginx(false);
				case "--matrix-only" -> settings = settings.withNginx(false).withoutRotationAndCost();
				case "--concurrency" -> {
					MatrixSettings m = settings.matrix();
					settings = settings.withMatrix(new MatrixSettings(m.warmUpRequests(), m.warmUpLimit(),
							m.warmUpConcurrency(), Arrays.stream(args.get(++i).split(","))
								.map((number) -> Integer.parseInt(number.trim()))
								.toList(), m.rounds(), m.roundDuration()));
				}
				case "--clients" -> settings = settings.withContenders(Arrays.stream(args.get(++i).split(","))
					.map((number) -> Contender.of(Integer.parseInt(number.trim())))
					.toList());
				case "--round-ms" -> {
					MatrixSettings m = settings.matrix();
					settings = settings.withMatrix(new MatrixSettings(m.warmUpRequests(), m.warmUpLimit(),
							m.warmUpConcurrency(), m.concurrencies(), m.rounds(),
							Duration.ofMillis(Long.parseLong(args.get(++i)))));
				}
				case "--warm-up" -> {
					MatrixSettings m = settings.matrix();
					settings = settings.withMatrix(new MatrixSettings(Long.parseLong(args.get(++i)), m.warmUpLimit(),
							m.warmUpConcurrency(), m.concurrencies(), m.rounds(), m.roundDuration()));
				}
				case "--results" -> settings = settings.withResultsDir(Path.of(args.get(++i)));
				default -> throw new IllegalArgumentException("Unknown option " + option
						+ "; options: --smoke --no-nginx --matrix-only --clients 1,2,6 --concurrency 1,16 --round-ms N"
						+ " --warm-up N --results DIR");
			}
		}
		return settings;
	}

	private BenchmarkSettings withNginx(boolean nginx) {
		return new BenchmarkSettings(this.contenders, this.matrix, this.laterServerWarmUpRequests, nginx,
				this.rotations, this.costClientCounts, this.costJvms, this.costWarmStarts, this.resultsDir);
	}

	private BenchmarkSettings withoutRotationAndCost() {
		return new BenchmarkSettings(this.contenders, this.matrix, this.laterServerWarmUpRequests, this.nginx, 0,
				List.of(), 0, 0, this.resultsDir);
	}

	private BenchmarkSettings withContenders(List<Contender> contenders) {
		List<Contender> sorted = new ArrayList<>(contenders);
		sorted.sort(null);
		return new BenchmarkSettings(List.copyOf(sorted), this.matrix, this.laterServerWarmUpRequests, this.nginx,
				this.rotations, this.costClientCounts, this.costJvms, this.costWarmStarts, this.resultsDir);
	}

	private BenchmarkSettings withMatrix(MatrixSettings matrix) {
		return new BenchmarkSettings(this.contenders, matrix, this.laterServerWarmUpRequests, this.nginx,
				this.rotations, this.costClientCounts, this.costJvms, this.costWarmStarts, this.resultsDir);
	}

	private BenchmarkSettings withResultsDir(Path resultsDir) {
		return new BenchmarkSettings(this.contenders, this.matrix, this.laterServerWarmUpRequests, this.nginx,
				this.rotations, this.costClientCounts, this.costJvms, this.costWarmStarts, resultsDir);
	}

}
