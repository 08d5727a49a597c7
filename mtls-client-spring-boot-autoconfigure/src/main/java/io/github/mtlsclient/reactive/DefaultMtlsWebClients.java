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
package io.github.mtlsclient.reactive;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import io.github.mtlsclient.MtlsClientStatus;
import io.github.mtlsclient.MtlsWebClientCustomizer;
import io.github.mtlsclient.MtlsWebClients;
import io.github.mtlsclient.NoSuchMtlsClientException;
import io.github.mtlsclient.registry.DefaultMtlsClients;
import io.github.mtlsclient.settings.ClientSettings;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The reactive twin of every client of the registry: a {@link ReactorNettyTransport} on
 * the client's identity engine and a {@link WebClient} over it. Each transport reports
 * its pool and handshakes in the client's status, as {@code reactor-netty}.
 *
 * @author mtls-client-spring-boot authors
 */
public final class DefaultMtlsWebClients implements MtlsWebClients, DisposableBean {

	private final Map<String, ReactiveClient> clients;

	/**
	 * Build the reactive twin of every client.
	 * @param clients the clients
	 * @param builder supplies a builder per client, with Spring Boot's customizations
	 * @param customizers applied to every client's builder, in order
	 */
	public DefaultMtlsWebClients(DefaultMtlsClients clients, Supplier<WebClient.Builder> builder,
			List<MtlsWebClientCustomizer> customizers) {
		Map<String, ReactiveClient> reactiveClients = new LinkedHashMap<>();
		List<ReactorNettyTransport> opened = new ArrayList<>();
		try {
			for (String name : clients.names()) {
				ClientSettings settings = clients.settings(name);
				ReactorNettyTransport transport = new ReactorNettyTransport(settings, clients.engine(name));
				opened.add(transport);
				WebClient.Builder clientBuilder = builder.get();
				pointAt(settings, transport, clientBuilder);
				customizers.forEach((customizer) -> customizer.customize(name, clientBuilder));
				reactiveClients.put(name, new ReactiveClient(settings, transport, clientBuilder.build()));
				// Shown beside the RestClient's transport wherever the client's status is.
				clients.addTransport(name, () -> new MtlsClientStatus.Transport(MtlsClientStatus.Transport.REACTOR_NETTY,
						transport.poolStats(), transport.handshakeCount()));
			}
		}
		catch (RuntimeException ex) {
			opened.forEach(ReactorNettyTransport::close);
			throw ex;
		}
		this.clients = Collections.unmodifiableMap(reactiveClients);
	}

	private static void pointAt(ClientSettings settings, ReactorNettyTransport transport, WebClient.Builder builder) {
		builder.baseUrl(settings.baseUri().toString())
			.clientConnector(transport.connector())
			.defaultHeaders((headers) -> settings.defaultHeaders().forEach(headers::add));
	}

	@Override
	public Set<String> names() {
		return this.clients.keySet();
	}

	@Override
	public WebClient webClient(String name) {
		return client(name).webClient();
	}

	@Override
	public void configure(String name, WebClient.Builder builder) {
		ReactiveClient client = client(name);
		pointAt(client.settings(), client.transport(), builder);
	}

	/**
	 * The number of TLS handshakes of the named client's reactive transport.
	 * @param name the client name
	 * @return the handshake count
	 */
	public long handshakeCount(String name) {
		return client(name).transport().handshakeCount();
	}

	private ReactiveClient client(String name) {
		ReactiveClient client = this.clients.get(name);
		if (client == null) {
			throw new NoSuchMtlsClientException(name, this.clients.keySet());
		}
		return client;
	}

	@Override
	public void destroy() {
		this.clients.values().forEach((client) -> client.transport().close());
	}

	@Override
	public String toString() {
		return "MtlsWebClients" + this.clients.keySet();
	}

	/**
	 * One client's reactive twin.
	 *
	 * @param settings the client's settings
	 * @param transport its Reactor Netty transport
	 * @param webClient its WebClient
	 */
	private record ReactiveClient(ClientSettings settings, ReactorNettyTransport transport, WebClient webClient) {

	}

}
