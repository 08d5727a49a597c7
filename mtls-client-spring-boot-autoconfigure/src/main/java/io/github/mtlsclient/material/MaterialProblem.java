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
package io.github.mtlsclient.material;

import io.github.mtlsclient.InvalidMtlsClientException;
import org.jspecify.annotations.Nullable;

/**
 * Builds {@link InvalidMtlsClientException}s for one client.
 *
 * @param clientName the client name
 * @author mtls-client-spring-boot authors
 */
record MaterialProblem(String clientName) {

	InvalidMtlsClientException of(String key, @Nullable String location, String reason, String action,
			@Nullable Throwable cause) {
		return InvalidMtlsClientException.forKey(this.clientName, key, location, reason, action, cause);
	}

}
