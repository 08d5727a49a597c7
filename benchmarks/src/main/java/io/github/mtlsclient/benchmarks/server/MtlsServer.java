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

package io.github.mtlsclient.benchmarks.server;

import java.net.URI;

/**
 * An mTLS server in its own process that every client under test sends its requests
 * to, and that counts the TLS handshakes it completes.
 *
 * @author mtls-client-spring-boot authors
 */
public interface MtlsServer extends AutoCloseable {

	/**
	 * A short name for tables and charts.
	 * @return the name
	 */
	String name();

	/**
	 * The server software and version.
	 * @return the description
	 */
	String description();

	/**
	 * The {@code https://} origin clients connect to.
	 * @return the origin
	 */
	URI origin();

	/**
	 * The path every benchmark request asks for.
	 * @return the path, starting with a slash
	 */
	default String path() {
		return "/hello";
	}

	/**
	 * The TLS handshakes completed since the server started; clients are told apart by
	 * asking before and after each of their rounds.
	 * @return the handshake count
	 */
	long handshakes();

	@Override
	void close();

}
