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

import java.net.URI;

import io.github.mtlsclient.MtlsWebClients;
import io.github.mtlsclient.benchmarks.BenchmarkApplication;
import io.github.mtlsclient.benchmarks.load.ReactiveRequest;
import io.github.mtlsclient.benchmarks.pki.PkiFiles;
import reactor.core.publisher.Mono;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Client 7: this starter's {@code WebClient}, from the same properties as client 1, every
 * other setting left at its default.
 *
 * @author mtls-client-spring-boot authors
 */
public final class StarterWebClients {

	private StarterWebClients() {
	}

	static ClientUnderTest create(URI origin, String path, PkiFiles pki) {
		ConfigurableApplicationContext context = BenchmarkApplication
			.start(StarterClients.properties(StarterClients.NAME, origin, pki.clientCertificate().toString(),
					pki.clientKey().toString(), pki.ca().toString()));
		WebClient webClient = context.getBean(MtlsWebClients.class).webClient(StarterClients.NAME);
		return JavaClient.reactive(Contender.STARTER_WEB_CLIENT, get(webClient, path), context);
	}

	/**
	 * The request an application makes: the body as a string ({@code retrieve()} fails
	 * on any status but 2xx).
	 * @param webClient the client
	 * @param path the path
	 * @return the request
	 */
	public static ReactiveRequest get(WebClient webClient, String path) {
		return () -> webClient.get()
			.uri(path)
			.retrieve()
			.bodyToMono(String.class)
			.switchIfEmpty(Mono.error(() -> new IllegalStateException("Empty response")));
	}

}
