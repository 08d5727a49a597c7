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

package io.github.mtlsclient.benchmarks.client;

import java.time.Duration;

import io.github.mtlsclient.benchmarks.load.LoadRunner;
import io.github.mtlsclient.benchmarks.load.ReactiveLoadRunner;
import io.github.mtlsclient.benchmarks.load.ReactiveRequest;
import io.github.mtlsclient.benchmarks.load.Request;
import io.github.mtlsclient.benchmarks.load.RoundResult;

/**
 * A client that runs in the benchmark's JVM: a blocking one driven by the
 * {@link LoadRunner}, a thread per request in flight, or a reactive one driven by the
 * {@link ReactiveLoadRunner}, on its own event loops.
 *
 * @author mtls-client-spring-boot authors
 */
final class JavaClient implements ClientUnderTest {

	private final Contender contender;

	private final CountedLoad warmUp;

	private final TimedLoad round;

	private final AutoCloseable resources;

	JavaClient(Contender contender, Request request, AutoCloseable resources) {
		this(contender, (concurrency, requests, limit) -> LoadRunner.forCount(request, concurrency, requests, limit),
				(concurrency, duration) -> LoadRunner.forDuration(request, concurrency, duration), resources);
	}

	private JavaClient(Contender contender, CountedLoad warmUp, TimedLoad round, AutoCloseable resources) {
		this.contender = contender;
		this.warmUp = warmUp;
		this.round = round;
		this.resources = resources;
	}

	static JavaClient reactive(Contender contender, ReactiveRequest request, AutoCloseable resources) {
		return new JavaClient(contender,
				(concurrency, requests, limit) -> ReactiveLoadRunner.forCount(request, concurrency, requests, limit),
				(concurrency, duration) -> ReactiveLoadRunner.forDuration(request, concurrency, duration), resources);
	}

	@Override
	public Contender contender() {
		return this.contender;
	}

	@Override
	public RoundResult warmUp(long requests, Duration limit, int concurrency) {
		return this.warmUp.run(concurrency, requests, limit);
	}

	@Override
	public RoundResult run(int concurrency, Duration duration) {
		return this.round.run(concurrency, duration);
	}

	@Override
	public void close() {
		try {
			this.resources.close();
		}
		catch (Exception ex) {
			throw new IllegalStateException("Cannot close " + this.contender, ex);
		}
	}

	@FunctionalInterface
	private interface CountedLoad {

		RoundResult run(int concurrency, long requests, Duration limit);

	}

	@FunctionalInterface
	private interface TimedLoad {

		RoundResult run(int concurrency, Duration duration);

	}

}
