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

package io.github.mtlsclient.benchmarks.load;

import reactor.core.publisher.Mono;

/**
 * One request through a reactive client under test: the returned {@code Mono} sends it
 * when subscribed to, reads the whole response and fails if it is not the server's
 * {@code 200}.
 *
 * @author mtls-client-spring-boot authors
 */
@FunctionalInterface
public interface ReactiveRequest {

	/**
	 * The request, not yet sent.
	 * @return a {@code Mono} that sends it on subscription
	 */
	Mono<?> send();

}
