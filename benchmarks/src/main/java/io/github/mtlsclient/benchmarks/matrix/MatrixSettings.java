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

package io.github.mtlsclient.benchmarks.matrix;

import java.time.Duration;
import java.util.List;

/**
 * How each server's matrix is run.
 *
 * @param warmUpRequests requests each client sends, untimed, before its first round
 * @param warmUpLimit the longest a warm-up may take: a client that makes a full TLS
 * handshake per request cannot send 20,000 requests within the run's ten minutes
 * @param warmUpConcurrency requests at a time during the warm-up
 * @param concurrencies the concurrencies measured
 * @param rounds how many times each client is measured at each concurrency
 * @param roundDuration how long one round keeps starting requests
 * @author mtls-client-spring-boot authors
 */
public record MatrixSettings(long warmUpRequests, Duration warmUpLimit, int warmUpConcurrency, List<Integer> concurrencies, int rounds,
		Duration roundDuration) {

}
