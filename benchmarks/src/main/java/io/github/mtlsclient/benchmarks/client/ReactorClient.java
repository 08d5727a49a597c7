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

import io.github.mtlsclient.benchmarks.load.ReactiveLoadRunner;
import io.github.mtlsclient.benchmarks.load.ReactiveRequest;
import io.github.mtlsclient.benchmarks.load.RoundResult;

/**
 * A reactive client that runs in the benchmark's JVM, driven by the
 * {@link ReactiveLoadRunner}.
 *
 * @author mtls-client-spring-boot authors
 */
final class ReactorClient implements ClientUnderTest {

	private final Contender contender;

	private final ReactiveRequest request;

	private final AutoCloseable resources;

	ReactorClient(Contender contender, ReactiveRequest request, AutoCloseable resources) {
		this.contender = contender;
		this.request = request;
		this.resources = resources;
	}

	@Override
	public Contender contender() {
		return this.contender;
	}

	@Override
	public RoundResult warmUp(long requests, Duration limit, int concurrency) {
		return ReactiveLoadRunner.forCount(this.request, concurrency, requests, limit);
	}

	@Override
	public RoundResult run(int concurrency, Duration duration) {
		return ReactiveLoadRunner.forDuration(this.request, concurrency, duration);
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

}
