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

import java.util.Set;

import org.springframework.web.reactive.function.client.WebClient;

/**
 * The reactive twins of the mutual-TLS clients, by name: one {@link WebClient} per
 * configured client, with the same identity, reload and guarantees as its
 * {@code RestClient}. Present only when WebFlux and Reactor Netty are on the class path;
 * kept apart from {@link MtlsClients} so that no type an application without WebFlux
 * loads names {@code WebClient}. Every method that takes a name throws
 * {@link NoSuchMtlsClientException} for a name that is not configured.
 *
 * @author mtls-client-spring-boot authors
 */
public interface MtlsWebClients {

	/**
	 * The names of the configured clients, in configuration order.
	 * @return the client names
	 */
	Set<String> names();

	/**
	 * The {@link WebClient} of the named client: base URL, TLS identity, pool and default
	 * headers applied.
	 * @param name the client name
	 * @return the client's {@code WebClient}
	 */
	WebClient webClient(String name);

	/**
	 * Point a {@code WebClient.Builder} at the named client: its base URL, its connector
	 * and its default headers. HTTP service groups of client type WebClient named like a
	 * client are routed through it this way.
	 * @param name the client name
	 * @param builder the builder to configure
	 */
	void configure(String name, WebClient.Builder builder);

}
