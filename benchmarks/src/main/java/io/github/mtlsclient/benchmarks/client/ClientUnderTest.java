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

import io.github.mtlsclient.benchmarks.load.RoundResult;

/**
 * A client, ready to send requests to the server it was made for.
 *
 * @author mtls-client-spring-boot authors
 */
public interface ClientUnderTest extends AutoCloseable {

	/**
	 * Which client this is.
	 * @return the contender
	 */
	Contender contender();

	/**
	 * Send a number of requests whose timing is thrown away.
	 * @param requests how many
	 * @param limit stop after this long even if not all were sent
	 * @param concurrency how many at a time
	 * @return what was measured, for the log
	 */
	RoundResult warmUp(long requests, Duration limit, int concurrency);

	/**
	 * One timed round.
	 * @param concurrency how many requests at a time
	 * @param duration how long to keep starting requests
	 * @return what was measured
	 */
	RoundResult run(int concurrency, Duration duration);

	@Override
	void close();

}
