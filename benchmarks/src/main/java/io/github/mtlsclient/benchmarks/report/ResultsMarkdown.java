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

package io.github.mtlsclient.benchmarks.report;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.github.mtlsclient.benchmarks.client.Contender;
import io.github.mtlsclient.benchmarks.cost.StartupCost;
import io.github.mtlsclient.benchmarks.matrix.MatrixSettings;
import io.github.mtlsclient.benchmarks.matrix.Summary;
import io.github.mtlsclient.benchmarks.rotation.RotationResult;

/**
 * Writes a run's results as the Markdown of {@code results/latest.md}: where and how
 * it ran, one table per server, the targets, rotation and cost.
 *
 * @author mtls-client-spring-boot authors
 */
public final class ResultsMarkdown {

	private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
		.withZone(ZoneOffset.UTC);

	private ResultsMarkdown() {
	}

	/**
	 * Render the results.
	 * @param run the results
	 * @param chartFileName the chart's file name, next to the Markdown file
	 * @return the Markdown
	 */
	public static String render(RunResults run, String chartFileName) {
		StringBuilder md = new StringBuilder();
		md.append("# mTLS client benchmark: latest results\n\n");
		header(md, run);
		md.append("![Requests per second by client and concurrency](").append(chartFileName).append(")\n\n");
		targets(md, run);
		for (ServerResults server : run.servers()) {
			table(md, server);
		}
		for (RotationResult rotation : run.rotations()) {
			rotation(md, rotation);
		}
		costs(md, run.costs());
		md.append("Where the time goes, what remains between the starter and client 2, and whose it is: ")
			.append("[profile.md](profile.md).\n");
		return md.toString();
	}

	private static void header(StringBuilder md, RunResults run) {
		Environment env = run.environment();
		MatrixSettings matrix = run.settings().matrix();
		md.append("| run | |\n|---|---|\n");
		md.append("| date | ").append(DATE.format(run.started())).append(" |\n");
		md.append("| JDK | ").append(env.jdk()).append(" |\n");
		md.append("| CPUs | ").append(env.cpus()).append(" × ").append(env.cpuModel()).append(" |\n");
		md.append("| OS | ").append(env.os()).append(" |\n");
		md.append("| software | Spring Boot ").append(env.springBoot()).append(", ").append(env.httpClient())
			.append(", ").append(env.node()).append(" |\n");
		md.append("| servers | ");
		md.append(String.join("; ", run.servers().stream().map(ServerResults::description).toList()));
		md.append(" |\n");
		md.append("| run time | ").append(minutes(run.took().toSeconds())).append(", build not included |\n");
		md.append("| load average (1, 5, 15 min) | before ").append(run.loadBefore()).append(", after ")
			.append(run.loadAfter()).append(" |\n\n");
		md.append("Each client sent %,d untimed warm-up requests (%d at a time) before its first timed round"
			.formatted(matrix.warmUpRequests(), matrix.warmUpConcurrency()));
		if (run.servers().size() > 1) {
			md.append(" and %,d more before the first round against each later server"
				.formatted(run.settings().laterServerWarmUpRequests()));
		}
		md.append(", or as many as it could in %d s: clients that make a full TLS handshake per request "
			.formatted(matrix.warmUpLimit().toSeconds()));
		md.append("send a few hundred a second, so 20,000 would take them minutes each (the requests each client ");
		md.append("sent are under its table; the HttpClient and RestClient code they run is warmed up by ");
		md.append("clients 1 and 2 in the same JVM)");
		md.append(". Then one untimed settling round and %d timed rounds of %.1f s per client and concurrency, "
			.formatted(matrix.rounds(), matrix.roundDuration().toMillis() / 1000.0));
		md.append("interleaved: every client at one concurrency, then the next concurrency, then the next round ");
		md.append("(the clients share HttpClient and Spring code, which the JIT compiles again once all of them ");
		md.append("have run). Each load thread of clients 1 to 5, and each async loop of clients 6 and up (no thread ");
		md.append("of their own: they run on the client's event loops), sends its next request when the previous ");
		md.append("response has been read. Clients with a thread per request are measured up to concurrency %d. "
			.formatted(Contender.THREADED_MAX_CONCURRENCY));
		md.append("Throughput is the median round, with the slowest and fastest rounds as the spread; latencies ");
		md.append("are the medians of the rounds' percentiles. Handshakes are counted by the server over all ");
		md.append("rounds. Client CPU is the CPU time of the client's whole process (the benchmark JVM for ");
		md.append("every client but 6, node for 6) over the timed requests, per request: unlike requests/s ");
		md.append("it hardly moves when other work shares the machine. In the JVM the JIT compiler threads are ");
		md.append("counted apart (column JIT, from `/proc`): what they spend depends on what ran before, not on ");
		md.append("the client; node's compiler is not told apart and stays in client 6's CPU. ");
		md.append("All clients use the same CA, server and client certificates (EC P-256) against the same ");
		md.append("server on 127.0.0.1. Pool size: %d connections for every client but 4 and 5, which "
			.formatted(run.poolSize()));
		md.append("keep Spring Boot's defaults.\n\n");
		md.append("Clients:\n\n");
		for (Contender contender : run.settings().contenders()) {
			md.append(contender.number()).append(". ").append(contender.description()).append("\n");
		}
		md.append("\n");
		for (String note : run.notes()) {
			md.append("> ").append(note).append("\n\n");
		}
	}

	private static void targets(StringBuilder md, RunResults run) {
		md.append("## Targets\n\n| target | measured | |\n|---|---|---|\n");
		for (TargetCheck check : Targets.check(run)) {
			md.append("| ").append(check.target()).append(" | ").append(check.measured()).append(" | ")
				.append(check.met() ? "met" : "**MISSED**").append(" |\n");
		}
		md.append("\n");
	}

	private static void table(StringBuilder md, ServerResults server) {
		md.append("## ").append(server.name()).append(": ").append(server.description()).append("\n\n");
		List<Contender> blocking = server.contenders().stream().filter((contender) -> !contender.reactive()).toList();
		List<Contender> reactive = server.contenders().stream()
			.filter((contender) -> contender.reactive() || contender == Contender.UNDICI)
			.toList();
		if (blocking.stream().anyMatch((contender) -> contender != Contender.UNDICI)) {
			md.append("### Blocking clients\n\n");
			rows(md, server, blocking, Contender.HTTPCLIENT_WITH_FIX);
		}
		if (reactive.stream().anyMatch(Contender::reactive)) {
			md.append("### Reactive clients\n\n");
			md.append("Ratios to client 8, the hand-wired Reactor Netty `HttpClient`; CPU also to client 6, undici.\n\n");
			rows(md, server, reactive, Contender.REACTOR_NETTY);
		}
		StringBuilder warmUps = new StringBuilder("Warm-up requests against this server:");
		server.warmUps().forEach((contender, warmUp) -> warmUps.append(" %d: %,d%s;".formatted(contender.number(),
				warmUp.requests(), (warmUp.errors() > 0) ? " (" + warmUp.errors() + " failed)" : "")));
		md.append(warmUps.substring(0, warmUps.length() - 1)).append(".\n\n");
	}

	private static void rows(StringBuilder md, ServerResults server, List<Contender> contenders, Contender baseline) {
		boolean reactive = baseline.reactive();
		md.append("| client | concurrency | requests/s | spread | × client %d | p50 ms | p99 ms | ".formatted(
				baseline.number()));
		md.append("handshakes / 10k requests | client CPU µs / request | ");
		md.append(reactive ? "CPU × client 8 | CPU × client 6 | " : "");
		md.append("JIT µs / request | failed |\n");
		md.append("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|").append(reactive ? "--:|--:|" : "").append("\n");
		for (int concurrency : server.concurrencies()) {
			for (Contender contender : contenders) {
				Optional<Summary> found = server.summary(contender, concurrency);
				if (found.isEmpty()) {
					continue;
				}
				Summary summary = found.get();
				md.append("| %d %s | %d | %,.0f | %,.0f–%,.0f | %s | %.2f | %.2f | %,.1f | %,.0f | ".formatted(
						contender.number(), contender.label(), concurrency, summary.medianRps(), summary.minRps(),
						summary.maxRps(), ratio(server.ratio(contender, baseline, concurrency)), summary.p50Millis(),
						summary.p99Millis(), summary.handshakesPer10k(), summary.cpuMicrosPerRequest()));
				if (reactive) {
					md.append(ratio(server.cpuRatio(contender, baseline, concurrency))).append(" | ");
					md.append(ratio(server.cpuRatio(contender, Contender.UNDICI, concurrency))).append(" | ");
				}
				md.append(Double.isNaN(summary.jitMicrosPerRequest()) ? "–"
						: "%,.0f".formatted(summary.jitMicrosPerRequest()));
				md.append(" | ").append(summary.errors()).append(" |\n");
			}
		}
		md.append("\n");
	}

	private static String ratio(Optional<Double> ratio) {
		return ratio.map((value) -> "%.2f".formatted(value)).orElse("–");
	}

	private static void rotation(StringBuilder md, RotationResult rotation) {
		md.append("## Certificate rotation (%s, Jetty)\n\n".formatted(rotation.contender().label()));
		md.append("The client's certificate and key live in a folder laid out like a Kubernetes secret volume. ");
		md.append("Under load from 16 %s, %d times: issue a new certificate, swap `..data` atomically, and "
			.formatted(rotation.contender().reactive() ? "async loops" : "threads", rotation.pickUps().size()));
		md.append("time until the server completes its first handshake with the new certificate. Default ");
		md.append("`reload.quiet-period`: %d ms.\n\n".formatted(rotation.quietPeriod().toMillis()));
		md.append("| rotation | swap → first handshake with the new certificate |\n|--:|--:|\n");
		List<java.time.Duration> pickUps = rotation.pickUps();
		for (int i = 0; i < pickUps.size(); i++) {
			md.append("| ").append(i + 1).append(" | ")
				.append((pickUps.get(i) != null) ? pickUps.get(i).toMillis() + " ms" : "never").append(" |\n");
		}
		md.append("\nRequests during the rotations: %,d, failed: %d%s.\n\n".formatted(rotation.requests(),
				rotation.failedRequests(),
				(rotation.firstError() != null) ? " (first: `" + rotation.firstError() + "`)" : ""));
	}

	private static void costs(StringBuilder md, Map<Integer, StartupCost> costs) {
		if (costs.isEmpty()) {
			return;
		}
		StartupCost none = costs.get(0);
		md.append("## Cost of configured clients (starter)\n\n");
		md.append("Start time of the application context (`SpringApplication.run`) with N clients configured and ");
		md.append("no request sent: the first start in a fresh JVM (class loading included), and later starts ");
		md.append("in the same JVM. Retained heap: heap in use after full GCs while the context with N clients ");
		md.append("runs, less the same with none, per client. Medians over %d JVMs per N, interleaved.\n\n"
			.formatted(none.coldMillis().size()));
		md.append("| clients | first start ms | later start ms | ms per client against none (first / later) | ");
		md.append("ms per client added to the row above (first / later) | retained heap per client |\n");
		md.append("|--:|--:|--:|--:|--:|--:|\n");
		StartupCost previous = null;
		for (StartupCost cost : costs.values()) {
			String perClient = (cost.clients() > 0) ? "%.1f / %.1f".formatted(cost.millisPerClient(none, true),
					cost.millisPerClient(none, false)) : "–";
			String added = (previous != null) ? "%.1f / %.1f".formatted(cost.millisPerClient(previous, true),
					cost.millisPerClient(previous, false)) : "–";
			String heap = (cost.clients() > 0) ? "%.0f KiB".formatted(cost.retainedPerClient() / 1024) : "–";
			md.append("| %d | %.0f | %.0f | %s | %s | %s |\n".formatted(cost.clients(), cost.cold(), cost.warm(),
					perClient, added, heap));
			previous = cost;
		}
		md.append("\n");
	}

	/**
	 * A duration as minutes and seconds.
	 * @param seconds the duration in seconds
	 * @return such as {@code 8 min 05 s}
	 */
	public static String minutes(long seconds) {
		return "%d min %02d s".formatted(seconds / 60, seconds % 60);
	}

}
