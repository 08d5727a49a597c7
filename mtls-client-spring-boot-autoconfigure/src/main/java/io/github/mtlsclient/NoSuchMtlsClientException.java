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
package io.github.mtlsclient;

import java.util.Collection;
import java.util.Set;

/**
 * Thrown when a client is looked up by a name that is not configured.
 *
 * @author mtls-client-spring-boot authors
 */
public class NoSuchMtlsClientException extends RuntimeException {

	private final String name;

	private final Set<String> configuredNames;

	/**
	 * Create a new exception.
	 * @param name the name that was asked for
	 * @param configuredNames the names that are configured
	 */
	public NoSuchMtlsClientException(String name, Collection<String> configuredNames) {
		super("No mTLS client named '%s' is configured (configured: %s); add it under mtls.clients.%s"
			.formatted(name, configuredNames.isEmpty() ? "none" : String.join(", ", configuredNames), name));
		this.name = name;
		this.configuredNames = Set.copyOf(configuredNames);
	}

	/**
	 * The name that was asked for.
	 * @return the name
	 */
	public String getName() {
		return this.name;
	}

	/**
	 * The names of the configured clients.
	 * @return the configured names
	 */
	public Set<String> getConfiguredNames() {
		return this.configuredNames;
	}

}
