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

package io.github.mtlsclient.benchmarks.rotation;

import java.time.Duration;
import java.util.List;

import io.github.mtlsclient.benchmarks.client.Contender;

/**
 * What the rotations measured.
 *
 * @param contender the starter's client under load: its {@code RestClient} or its
 * {@code WebClient}
 * @param quietPeriod the starter's default {@code reload.quiet-period}
 * @param pickUps for each rotation, from the {@code ..data} swap to the server's first
 * handshake with the new certificate; {@code null} where it never came
 * @param requests requests sent during the rotations
 * @param failedRequests requests that failed during the rotations
 * @param firstError the first failure; {@code null} without one
 * @author mtls-client-spring-boot authors
 */
public record RotationResult(Contender contender, Duration quietPeriod, List<Duration> pickUps, long requests, long failedRequests,
		String firstError) {

	/**
	 * The slowest pick-up, or {@code null} if one never came.
	 * @return the slowest
	 */
	public Duration slowest() {
		return this.pickUps.contains(null) ? null
				: this.pickUps.stream().max(Duration::compareTo).orElse(Duration.ZERO);
	}

	/**
	 * The median pick-up, or {@code null} if one never came.
	 * @return the median
	 */
	public Duration median() {
		if (this.pickUps.contains(null) || this.pickUps.isEmpty()) {
			return null;
		}
		List<Duration> sorted = this.pickUps.stream().sorted().toList();
		return sorted.get(sorted.size() / 2);
	}

}
