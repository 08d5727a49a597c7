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

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.github.mtlsclient.benchmarks.client.ClientUnderTest;
import io.github.mtlsclient.benchmarks.client.Clients;
import io.github.mtlsclient.benchmarks.client.Contender;
import io.github.mtlsclient.benchmarks.client.NodeRuntime;
import io.github.mtlsclient.benchmarks.cost.StartupCost;
import io.github.mtlsclient.benchmarks.cost.StartupCostBenchmark;
import io.github.mtlsclient.benchmarks.matrix.MatrixResult;
import io.github.mtlsclient.benchmarks.matrix.MatrixSettings;
import io.github.mtlsclient.benchmarks.matrix.ThroughputMatrix;
import io.github.mtlsclient.benchmarks.pki.PkiFiles;
import io.github.mtlsclient.benchmarks.report.Environment;
import io.github.mtlsclient.benchmarks.report.ResultsMarkdown;
import io.github.mtlsclient.benchmarks.report.RunResults;
import io.github.mtlsclient.benchmarks.report.ServerResults;
import io.github.mtlsclient.benchmarks.report.ThroughputChart;
import io.github.mtlsclient.benchmarks.rotation.RotationBenchmark;
import io.github.mtlsclient.benchmarks.rotation.RotationResult;
import io.github.mtlsclient.benchmarks.server.JettyServer;
import io.github.mtlsclient.benchmarks.server.MtlsServer;
import io.github.mtlsclient.benchmarks.server.NginxMtlsServer;
import io.github.mtlsclient.settings.MtlsClientProperties;

import org.springframework.util.FileSystemUtils;

/**
 * Runs the benchmark: the throughput matrix against Jetty (and nginx when installed),
 * the rotations of the starter's clients and the cost figures, then writes {@code results/latest.md} and the
 * chart. {@code --smoke} runs a few seconds' worth of everything the build can check.
 *
 * @author mtls-client-spring-boot authors
 */
public final class BenchmarkMain {

	private static final String CHART = "throughput.png";

	private BenchmarkMain() {
	}

	public static void main(String[] args) throws IOException {
		System.setProperty("java.awt.headless", "true");
		List<String> options = Arrays.asList(args);
		Path module = ModuleDirectory.find();
		Path results = module.resolve("results");
		BenchmarkSettings settings = (options.contains("--smoke") ? BenchmarkSettings.smoke(results)
				: BenchmarkSettings.full(results)).with(options);
		RunResults run = run(settings, module);
		Files.createDirectories(settings.resultsDir());
		Path markdown = settings.resultsDir().resolve("latest.md");
		Files.writeString(markdown, ResultsMarkdown.render(run, CHART));
		ThroughputChart.write(run.servers(), settings.resultsDir().resolve(CHART));
		System.out.println();
		System.out.println(Files.readString(markdown));
		System.out.println("Wrote " + markdown + " and " + CHART + " in " + ResultsMarkdown.minutes(run.took().toSeconds()));
		// Non-daemon threads of HttpClient or the JDK client must not keep the JVM alive.
		System.exit(0);
	}

	/**
	 * Run everything the settings ask for.
	 * @param settings the settings
	 * @param module the benchmarks folder
	 * @return the results
	 * @throws IOException on a file system failure
	 */
	public static RunResults run(BenchmarkSettings settings, Path module) throws IOException {
		Instant started = Instant.now();
		String loadBefore = Environment.loadAverage();
		List<String> notes = new ArrayList<>();
		Path work = Files.createTempDirectory("mtls-benchmark-");
		try {
			PkiFiles pki = PkiFiles.create(work.resolve("pki"));
			List<Contender> contenders = new ArrayList<>(settings.contenders());
			NodeRuntime node = null;
			if (contenders.contains(Contender.UNDICI)) {
				node = NodeRuntime.prepare(module.resolve("node"), (note) -> note(notes, note)).orElse(null);
				if (node == null) {
					contenders.remove(Contender.UNDICI);
				}
			}
			String nodeVersion = (node != null) ? "node " + node.version() + " with undici " + undiciVersion(module)
					: "no node";
			int poolSize = MtlsClientProperties.BuiltInDefaults.MAX_CONNECTIONS;
			List<ServerResults> servers = new ArrayList<>();
			List<RotationResult> rotations = new ArrayList<>();
			URI origin;
			log("Jetty: starting the mTLS server in its own JVM");
			try (JettyServer jetty = JettyServer.start(pki)) {
				origin = jetty.origin();
				servers.add(matrix(jetty, contenders, settings.matrix(), pki, node));
				for (Contender starter : List.of(Contender.STARTER, Contender.STARTER_WEB_CLIENT)) {
					if (settings.rotations() > 0 && contenders.contains(starter)) {
						log("Jetty: %d certificate rotations under load, %s".formatted(settings.rotations(),
								starter.label()));
						rotations.add(RotationBenchmark.run(jetty, pki, work.resolve("rotation-" + starter.number()),
								settings.rotations(), starter, BenchmarkMain::log));
					}
				}
			}
			if (settings.nginx()) {
				Optional<Path> nginx = NginxMtlsServer.find();
				if (nginx.isEmpty()) {
					note(notes, "nginx is not installed: only the Jetty server was measured");
				}
				else {
					log("nginx: starting " + nginx.get());
					try (NginxMtlsServer server = NginxMtlsServer.start(pki, work.resolve("nginx"))) {
						MatrixSettings later = new MatrixSettings(settings.laterServerWarmUpRequests(),
								settings.matrix().warmUpLimit(), settings.matrix().warmUpConcurrency(), settings.matrix().concurrencies(),
								settings.matrix().rounds(), settings.matrix().roundDuration());
						servers.add(matrix(server, contenders, later, pki, node));
					}
				}
			}
			Map<Integer, StartupCost> costs = Map.of();
			if (!settings.costClientCounts().isEmpty()) {
				log("Cost: application context start and retained heap, fresh JVMs");
				costs = StartupCostBenchmark.run(pki, origin, settings.costClientCounts(), settings.costJvms(),
						settings.costWarmStarts(), BenchmarkMain::log);
			}
			return new RunResults(started, Duration.between(started, Instant.now()), Environment.current(nodeVersion),
					loadBefore, Environment.loadAverage(), settings, poolSize, servers, rotations, costs, notes);
		}
		finally {
			FileSystemUtils.deleteRecursively(work);
		}
	}

	private static ServerResults matrix(MtlsServer server, List<Contender> contenders, MatrixSettings settings,
			PkiFiles pki, NodeRuntime node) {
		log("%s: %s at %s".formatted(server.name(), server.description(), server.origin()));
		List<ClientUnderTest> clients = new ArrayList<>();
		try {
			for (Contender contender : contenders) {
				clients.add(Clients.create(contender, server, pki, node));
			}
			MatrixResult result = ThroughputMatrix.run(server, clients, settings, BenchmarkMain::log);
			return new ServerResults(server.name(), server.description(), result.warmUps(), result.cells());
		}
		finally {
			clients.forEach(ClientUnderTest::close);
		}
	}

	private static String undiciVersion(Path module) {
		try {
			String json = Files.readString(module.resolve("node/node_modules/undici/package.json"));
			java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("\"version\"\\s*:\\s*\"([^\"]+)\"")
				.matcher(json);
			return matcher.find() ? matcher.group(1) : "unknown";
		}
		catch (IOException ex) {
			return "unknown";
		}
	}

	private static void note(List<String> notes, String note) {
		notes.add(note);
		log(note);
	}

	static void log(String line) {
		System.out.println(line);
		System.out.flush();
	}

}
