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
 * The clients compared, in the order the issues number them. Each is compared with the
 * hand-wired client of its kind: blocking clients with {@link #HTTPCLIENT_WITH_FIX},
 * reactive ones with {@link #REACTOR_NETTY}.
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
	UNDICI(6, "undici Pool", "Node.js undici `Pool` with `connect: { ca, key, cert }`, same pool size"),

	/**
	 * This starter's WebClient.
	 */
	STARTER_WEB_CLIENT(7, "starter WebClient", "this starter's `WebClient` (Reactor Netty), default settings, same properties as client 1"),

	/**
	 * Hand-wired Reactor Netty.
	 */
	REACTOR_NETTY(8, "Reactor Netty HttpClient",
			"hand-wired Reactor Netty `HttpClient`, called directly: the SSLContext of client 2 wrapped for Netty, a `ConnectionProvider` of the same size"),

	/**
	 * Spring's WebClient on client 8: a WebClient wired by hand, what an application
	 * writes without the starter. It tells Spring's share of client 7's cost from the
	 * starter's.
	 */
	WEB_CLIENT_ON_REACTOR_NETTY(9, "hand-wired WebClient",
			"Spring's `WebClient.builder()` on client 8's `HttpClient` (`ReactorClientHttpConnector`): a `WebClient` wired by hand, client 7 without the starter");

	/**
	 * Clients with a thread per request in flight are measured up to this concurrency;
	 * beyond it the benchmark would measure threads.
	 */
	public static final int THREADED_MAX_CONCURRENCY = 64;

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
	 * Whether the client runs on event loops, not a thread per request.
	 * @return {@code true} for undici and the Reactor Netty clients
	 */
	public boolean eventLoop() {
		return this == UNDICI || reactive();
	}

	/**
	 * Whether the client is one of the Reactor Netty clients.
	 * @return {@code true} for clients 7, 8 and 9
	 */
	public boolean reactive() {
		return this == STARTER_WEB_CLIENT || this == REACTOR_NETTY || this == WEB_CLIENT_ON_REACTOR_NETTY;
	}

	/**
	 * Whether the client is measured at a concurrency.
	 * @param concurrency requests at a time
	 * @return {@code true} up to {@link #THREADED_MAX_CONCURRENCY} for clients with a
	 * thread per request, always for the others
	 */
	public boolean measuredAt(int concurrency) {
		return eventLoop() || concurrency <= THREADED_MAX_CONCURRENCY;
	}

	/**
	 * The hand-wired client this one is compared with.
	 * @return client 8 for the reactive clients, client 2 for the others
	 */
	public Contender baseline() {
		return reactive() ? REACTOR_NETTY : HTTPCLIENT_WITH_FIX;
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
		throw new IllegalArgumentException("No client " + number + "; the clients are 1 to " + values().length);
	}

}
