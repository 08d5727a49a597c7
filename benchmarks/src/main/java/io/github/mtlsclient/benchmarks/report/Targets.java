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

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.github.mtlsclient.benchmarks.client.Contender;
import io.github.mtlsclient.benchmarks.cost.StartupCost;
import io.github.mtlsclient.benchmarks.matrix.Summary;
import io.github.mtlsclient.benchmarks.rotation.RotationResult;

/**
 * Checks the figures of a run against the targets of the issue. They are not
 * assertions: a missed target is reported, with its figures, not hidden by a failing
 * build.
 *
 * @author mtls-client-spring-boot authors
 */
final class Targets {

	private static final double MAX_MILLIS_PER_CLIENT = 10;

	private Targets() {
	}

	static List<TargetCheck> check(RunResults run) {
		List<TargetCheck> checks = new ArrayList<>();
		for (ServerResults server : run.servers()) {
			handshakes(server, Contender.STARTER, run.poolSize()).ifPresent(checks::add);
			ratio(server, Contender.STARTER, Contender.HTTPCLIENT_WITH_FIX, 0.9, threaded(server))
				.ifPresent(checks::add);
			ratio(server, Contender.STARTER, Contender.UNDICI, 1.0, List.of(16)).ifPresent(checks::add);
		}
		// The reactive client's targets (issue 16), against the baseline of the same run.
		for (ServerResults server : run.servers()) {
			handshakes(server, Contender.STARTER_WEB_CLIENT, run.poolSize()).ifPresent(checks::add);
			ratio(server, Contender.STARTER_WEB_CLIENT, Contender.REACTOR_NETTY, 0.9, server.concurrencies())
				.ifPresent(checks::add);
			cpuRatio(server, Contender.STARTER_WEB_CLIENT, Contender.REACTOR_NETTY, 1.1, server.concurrencies())
				.ifPresent(checks::add);
			// What the starter itself adds: the same WebClient API, wired by hand.
			ratio(server, Contender.STARTER_WEB_CLIENT, Contender.WEB_CLIENT_ON_REACTOR_NETTY, 0.9,
					server.concurrencies())
				.ifPresent(checks::add);
			cpuRatio(server, Contender.STARTER_WEB_CLIENT, Contender.WEB_CLIENT_ON_REACTOR_NETTY, 1.1,
					server.concurrencies())
				.ifPresent(checks::add);
			cpuRatio(server, Contender.STARTER_WEB_CLIENT, Contender.UNDICI, 1.0,
					server.concurrencies().stream().filter((c) -> c == 16 || c == 64).toList())
				.ifPresent(checks::add);
		}
		for (RotationResult rotation : run.rotations()) {
			checks.add(rotation(rotation));
		}
		startupCost(run.costs()).ifPresent(checks::add);
		return checks;
	}

	/**
	 * Judged on what each client adds between the two largest counts: the first client
	 * in a fresh JVM also loads HttpClient, JSSE and PEM classes once, which is reported
	 * beside it, not spread over the clients.
	 */
	private static Optional<TargetCheck> startupCost(Map<Integer, StartupCost> costs) {
		StartupCost none = costs.get(0);
		List<StartupCost> withClients = costs.values().stream().filter((cost) -> cost.clients() > 0).toList();
		if (none == null || withClients.isEmpty()) {
			return Optional.empty();
		}
		StartupCost most = withClients.get(withClients.size() - 1);
		StartupCost fewer = (withClients.size() > 1) ? withClients.get(withClients.size() - 2) : none;
		double cold = most.millisPerClient(fewer, true);
		double warm = most.millisPerClient(fewer, false);
		double oneTime = fewer.cold() - none.cold() - fewer.clients() * cold;
		return Optional.of(new TargetCheck("context start cost ≤ 10 ms per configured client",
				("%.1f ms per client in a fresh JVM, %.1f ms in a warm one (from %d to %d clients); "
						+ "once per fresh JVM, %.0f ms more for the first client (%.1f ms per client counted "
						+ "from none to %d)").formatted(cold, warm, fewer.clients(), most.clients(), oneTime,
								most.millisPerClient(none, true), most.clients()),
				cold <= MAX_MILLIS_PER_CLIENT && warm <= MAX_MILLIS_PER_CLIENT));
	}

	private static List<Integer> threaded(ServerResults server) {
		return server.concurrencies().stream().filter(Contender.STARTER::measuredAt).toList();
	}

	private static Optional<TargetCheck> handshakes(ServerResults server, Contender contender, int poolSize) {
		List<String> figures = new ArrayList<>();
		boolean met = true;
		for (int concurrency : server.concurrencies()) {
			if (!contender.measuredAt(concurrency)) {
				continue;
			}
			Optional<Summary> summary = server.summary(contender, concurrency);
			if (summary.isEmpty()) {
				return Optional.empty();
			}
			figures.add("%.1f at c=%d".formatted(summary.get().handshakesPer10k(), concurrency));
			met &= summary.get().handshakesPer10k() <= poolSize;
		}
		return Optional.of(new TargetCheck("%s: %s handshakes per 10,000 requests ≤ pool size (%d)"
			.formatted(server.name(), contender.label(), poolSize), String.join(", ", figures), met));
	}

	private static Optional<TargetCheck> ratio(ServerResults server, Contender contender, Contender reference,
			double minimum, List<Integer> concurrencies) {
		List<String> figures = new ArrayList<>();
		boolean met = true;
		for (int concurrency : concurrencies) {
			Optional<Double> ratio = server.ratio(contender, reference, concurrency);
			if (ratio.isEmpty()) {
				return Optional.empty();
			}
			figures.add("%.2f× at c=%d".formatted(ratio.get(), concurrency));
			met &= ratio.get() >= minimum;
		}
		return Optional.of(new TargetCheck("%s: %s requests/s ≥ %.1f × client %d (%s) %s".formatted(server.name(),
				contender.label(), minimum, reference.number(), reference.label(), where(concurrencies)),
				String.join(", ", figures), met));
	}

	private static Optional<TargetCheck> cpuRatio(ServerResults server, Contender contender, Contender reference,
			double maximum, List<Integer> concurrencies) {
		List<String> figures = new ArrayList<>();
		boolean met = true;
		for (int concurrency : concurrencies) {
			Optional<Double> ratio = server.cpuRatio(contender, reference, concurrency);
			if (ratio.isEmpty()) {
				return Optional.empty();
			}
			figures.add("%.2f× at c=%d (%.0f vs %.0f µs)".formatted(ratio.get(), concurrency,
					server.summary(contender, concurrency).orElseThrow().cpuMicrosPerRequest(),
					server.summary(reference, concurrency).orElseThrow().cpuMicrosPerRequest()));
			met &= ratio.get() <= maximum;
		}
		if (figures.isEmpty()) {
			return Optional.empty();
		}
		return Optional.of(new TargetCheck("%s: %s client CPU per request ≤ %.1f × client %d (%s) %s".formatted(
				server.name(), contender.label(), maximum, reference.number(), reference.label(),
				where(concurrencies)), String.join(", ", figures), met));
	}

	private static String where(List<Integer> concurrencies) {
		if (concurrencies.size() == 1) {
			return "at concurrency " + concurrencies.get(0);
		}
		return (concurrencies.size() == 2) ? "at concurrency %d and %d".formatted(concurrencies.get(0),
				concurrencies.get(1)) : "at every concurrency";
	}

	private static TargetCheck rotation(RotationResult rotation) {
		Duration limit = rotation.quietPeriod().plusSeconds(1);
		Duration slowest = rotation.slowest();
		String pickUp = (slowest != null)
				? "slowest %d ms, median %d ms".formatted(slowest.toMillis(), rotation.median().toMillis())
				: "a rotation never reached the wire";
		return new TargetCheck("%s: rotation on the wire within quiet period + 1 s (%d ms), 0 failed requests"
			.formatted(rotation.contender().label(), limit.toMillis()),
				"%s; %d failed of %,d requests over %d rotations".formatted(pickUp, rotation.failedRequests(),
						rotation.requests(), rotation.pickUps().size()),
				slowest != null && slowest.compareTo(limit) <= 0 && rotation.failedRequests() == 0);
	}

}
