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
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.github.mtlsclient.benchmarks.BenchmarkSettings;
import io.github.mtlsclient.benchmarks.cost.StartupCost;
import io.github.mtlsclient.benchmarks.rotation.RotationResult;

/**
 * Everything one run measured, and what it ran on.
 *
 * @param started when the run started
 * @param took how long the run took, without the build
 * @param environment machine and software versions
 * @param loadBefore the system load average when the run started
 * @param loadAfter the system load average when it ended
 * @param settings what was run
 * @param poolSize the pool size of every client but 4 and 5
 * @param servers results per server, the first one the reference
 * @param rotations the rotation figures of each of the starter's clients, empty if not
 * run
 * @param costs start-up costs by client count, empty if not run
 * @param notes things left out, and why
 * @author mtls-client-spring-boot authors
 */
public record RunResults(Instant started, Duration took, Environment environment, String loadBefore,
		String loadAfter, BenchmarkSettings settings,
		int poolSize, List<ServerResults> servers, List<RotationResult> rotations, Map<Integer, StartupCost> costs,
		List<String> notes) {

}
