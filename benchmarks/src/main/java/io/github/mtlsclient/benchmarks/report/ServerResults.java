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

import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.github.mtlsclient.benchmarks.client.Contender;
import io.github.mtlsclient.benchmarks.load.RoundResult;
import io.github.mtlsclient.benchmarks.matrix.Cell;
import io.github.mtlsclient.benchmarks.matrix.Summary;

/**
 * Every round measured against one server.
 *
 * @param name the server's short name
 * @param description the server software and how it ran
 * @param warmUps each client's warm-up
 * @param cells the rounds
 * @author mtls-client-spring-boot authors
 */
public record ServerResults(String name, String description, Map<Contender, RoundResult> warmUps, List<Cell> cells) {

	/**
	 * The clients measured, in their order.
	 * @return the clients
	 */
	public List<Contender> contenders() {
		return this.cells.stream().map(Cell::contender).distinct().sorted().toList();
	}

	/**
	 * The concurrencies measured, in their order.
	 * @return the concurrencies
	 */
	public List<Integer> concurrencies() {
		return this.cells.stream().map(Cell::concurrency).distinct().sorted().toList();
	}

	/**
	 * The summary of one client at one concurrency.
	 * @param contender the client
	 * @param concurrency the concurrency
	 * @return the summary, if measured
	 */
	public Optional<Summary> summary(Contender contender, int concurrency) {
		List<Cell> rounds = this.cells.stream()
			.filter((cell) -> cell.contender() == contender && cell.concurrency() == concurrency)
			.toList();
		return rounds.isEmpty() ? Optional.empty() : Optional.of(Summary.of(rounds));
	}

	/**
	 * A client's median requests per second as a ratio to another's.
	 * @param contender the client
	 * @param reference the client it is compared with
	 * @param concurrency the concurrency
	 * @return the ratio, if both were measured
	 */
	public Optional<Double> ratio(Contender contender, Contender reference, int concurrency) {
		return summary(contender, concurrency).flatMap((summary) -> summary(reference, concurrency)
			.filter((base) -> base.medianRps() > 0)
			.map((base) -> summary.medianRps() / base.medianRps()));
	}

	/**
	 * A client's CPU time per request as a ratio to another's.
	 * @param contender the client
	 * @param reference the client it is compared with
	 * @param concurrency the concurrency
	 * @return the ratio, if both were measured
	 */
	public Optional<Double> cpuRatio(Contender contender, Contender reference, int concurrency) {
		return summary(contender, concurrency).flatMap((summary) -> summary(reference, concurrency)
			.filter((base) -> base.cpuMicrosPerRequest() > 0)
			.map((base) -> summary.cpuMicrosPerRequest() / base.cpuMicrosPerRequest()));
	}

}
