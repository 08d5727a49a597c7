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

import org.springframework.web.client.RestClient;

/**
 * The request every {@code RestClient} under test sends: the call an application makes,
 * reading the body as a string ({@code retrieve()} fails on any status but 2xx).
 *
 * @author mtls-client-spring-boot authors
 */
final class SpringRequests {

	private SpringRequests() {
	}

	static void get(RestClient restClient, String path) {
		String body = restClient.get().uri(path).retrieve().body(String.class);
		if (body == null || body.isEmpty()) {
			throw new IllegalStateException("Empty response");
		}
	}

}
