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

import io.github.mtlsclient.benchmarks.pki.PkiFiles;
import io.github.mtlsclient.settings.MtlsClientProperties;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.IdentityCipherSuiteFilter;
import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.SslContext;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Client 8: Reactor Netty's {@code HttpClient} wired by hand and called directly, with no
 * {@code WebClient} on top: the same {@code SSLContext} as client 2 (JDK provider) wrapped
 * for Netty, TLS 1.3 and 1.2, and a pool of its own with the starter's default size. Like
 * the starter, callers beyond the pool wait for a connection instead of being refused
 * (Reactor Netty's default refuses more than twice the pool size), which concurrency 256
 * needs.
 * <p>
 * Client 9 puts Spring's {@code WebClient} on this {@code HttpClient}: what remains
 * between it and client 7 is the starter's.
 *
 * @author mtls-client-spring-boot authors
 */
final class HandWiredReactorNetty {

	private HandWiredReactorNetty() {
	}

	static ClientUnderTest create(Contender contender, URI origin, String path, PkiFiles pki) {
		ConnectionProvider pool = ConnectionProvider.builder("benchmark-hand-wired")
			.maxConnections(MtlsClientProperties.BuiltInDefaults.MAX_CONNECTIONS)
			.pendingAcquireMaxCount(-1)
			.build();
		SslContext sslContext = new JdkSslContext(HandWiredHttpClients.sslContext(pki), true, null,
				IdentityCipherSuiteFilter.INSTANCE, ApplicationProtocolConfig.DISABLED, ClientAuth.NONE,
				new String[] { "TLSv1.3", "TLSv1.2" }, false);
		HttpClient httpClient = HttpClient.create(pool).secure((spec) -> spec.sslContext(sslContext));
		if (contender == Contender.WEB_CLIENT_ON_REACTOR_NETTY) {
			WebClient webClient = WebClient.builder()
				.baseUrl(origin.toString())
				.clientConnector(new ReactorClientHttpConnector(httpClient))
				.build();
			return JavaClient.reactive(contender, StarterWebClients.get(webClient, path), pool::dispose);
		}
		String uri = origin.resolve(path).toString();
		return JavaClient.reactive(Contender.REACTOR_NETTY, () -> httpClient.get()
			.uri(uri)
			.responseSingle((response, body) -> (response.status().code() != 200)
					? Mono.error(new IllegalStateException("HTTP " + response.status().code())) : body.asString())
			.switchIfEmpty(Mono.error(() -> new IllegalStateException("Empty response"))), pool::dispose);
	}

}
