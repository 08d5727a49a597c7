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

/**
 * The clients compared, in the order the issue numbers them; ratios are to
 * {@link #HTTPCLIENT_WITH_FIX}.
 *
 * @author mtls-client-spring-boot authors
 */
public enum Contender {

	/**
	 * This starter's RestClient, default settings.
	 */
	STARTER(1, "starter RestClient", "this starter's `RestClient`, default settings"),

	/**
	 * Hand-wired HttpClient 5 with the connection-reuse fix.
	 */
	HTTPCLIENT_WITH_FIX(2, "HttpClient 5 + reuse fix",
			"hand-wired HttpClient 5: pooling connection manager of the same size, a fixed user token on every request and connection (the reuse fix)"),

	/**
	 * The same without the fix.
	 */
	HTTPCLIENT_WITHOUT_FIX(3, "HttpClient 5, no fix", "the same hand-wired HttpClient 5 without the reuse fix"),

	/**
	 * Spring Boot's RestClient.Builder over HttpClient 5 with an SSL bundle.
	 */
	BOOT_HTTP_COMPONENTS(4, "Boot RestClient (HttpClient 5)",
			"stock Spring Boot: `RestClient` from Boot's builder, the same PEMs as `spring.ssl.bundle.pem.*` and `spring.http.clients.ssl.bundle`, HttpClient 5 factory"),

	/**
	 * Spring Boot's RestClient.Builder over the JDK HttpClient with the same bundle.
	 */
	BOOT_JDK(5, "Boot RestClient (JDK)",
			"the same with `spring.http.clients.imperative.factory=jdk` (JDK `HttpClient`)"),

	/**
	 * Node's undici Pool.
	 */
	UNDICI(6, "undici Pool", "Node.js undici `Pool` with `connect: { ca, key, cert }`, same pool size");

	private final int number;

	private final String label;

	private final String description;

	Contender(int number, String label, String description) {
		this.number = number;
		this.label = label;
		this.description = description;
	}

	/**
	 * The number the issue gives the client.
	 * @return the number
	 */
	public int number() {
		return this.number;
	}

	/**
	 * A short label for tables and charts.
	 * @return the label
	 */
	public String label() {
		return this.label;
	}

	/**
	 * What exactly is measured.
	 * @return the description, Markdown
	 */
	public String description() {
		return this.description;
	}

	/**
	 * Find a contender by its number.
	 * @param number the number
	 * @return the contender
	 */
	public static Contender of(int number) {
		for (Contender contender : values()) {
			if (contender.number == number) {
				return contender;
			}
		}
		throw new IllegalArgumentException("No client " + number + "; the clients are 1 to 6");
	}

}
