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

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.github.mtlsclient.benchmarks.client.Contender;
import io.github.mtlsclient.benchmarks.matrix.Summary;
import io.github.mtlsclient.benchmarks.report.ResultsMarkdown;
import io.github.mtlsclient.benchmarks.report.RunResults;
import io.github.mtlsclient.benchmarks.report.ServerResults;
import io.github.mtlsclient.benchmarks.report.ThroughputChart;
import io.github.mtlsclient.benchmarks.rotation.RotationResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs a few seconds of the benchmark (server in its own JVM, clients 1, 2, 7 and 8, one
 * rotation of each of the starter's clients) to prove the machinery works. It measures nothing worth keeping: the real
 * run is {@code java -jar benchmarks/target/benchmarks.jar}.
 *
 * @author mtls-client-spring-boot authors
 */
class BenchmarkSmokeTests {

	@TempDir
	Path results;

	@Test
	void smokeRunMeasuresEveryPartAndWritesTheResults() throws Exception {
		RunResults run = BenchmarkMain.run(BenchmarkSettings.smoke(this.results), ModuleDirectory.find());
		assertThat(run.servers()).hasSize(1);
		ServerResults jetty = run.servers().get(0);
		for (int concurrency : List.of(1, 4)) {
			for (Contender contender : List.of(Contender.STARTER, Contender.HTTPCLIENT_WITH_FIX,
					Contender.STARTER_WEB_CLIENT, Contender.REACTOR_NETTY)) {
				Summary summary = jetty.summary(contender, concurrency).orElseThrow();
				assertThat(summary.requests()).isPositive();
				assertThat(summary.errors()).isZero();
				assertThat(summary.cpuMicrosPerRequest()).isPositive();
			}
			// Connections were opened during the warm-up and reused: no handshake per request.
			for (Contender starter : List.of(Contender.STARTER, Contender.STARTER_WEB_CLIENT)) {
				assertThat(jetty.summary(starter, concurrency).orElseThrow().handshakesPer10k())
					.isLessThanOrEqualTo(run.poolSize() * 10_000.0 / 50);
			}
		}
		assertThat(run.rotations()).extracting(RotationResult::contender)
			.containsExactly(Contender.STARTER, Contender.STARTER_WEB_CLIENT);
		for (RotationResult rotation : run.rotations()) {
			assertThat(rotation.pickUps()).hasSize(1).doesNotContainNull();
			assertThat(rotation.requests()).isPositive();
			assertThat(rotation.failedRequests()).isZero();
		}
		Path markdown = Files.writeString(this.results.resolve("latest.md"), ResultsMarkdown.render(run, "chart.png"));
		ThroughputChart.write(run.servers(), this.results.resolve("chart.png"));
		assertThat(Files.readString(markdown)).contains("| 1 starter RestClient | 1 |", "| 7 starter WebClient | 1 |",
				"## Targets", "starter WebClient client CPU per request ≤ 1.1 × client 8",
				"## Certificate rotation (starter WebClient, Jetty)");
		assertThat(this.results.resolve("chart.png")).isNotEmptyFile();
	}

}
