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
package io.github.mtlsclient.registry;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

import io.github.mtlsclient.CertificateDetails;
import io.github.mtlsclient.MtlsClientStatus;
import io.github.mtlsclient.MtlsClients;
import io.github.mtlsclient.NoSuchMtlsClientException;
import io.github.mtlsclient.material.IdentityEngine;
import io.github.mtlsclient.settings.ClientSettings;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/**
 * The {@link MtlsClients} registry: builds every configured client when it is created,
 * so that bad configuration stops the application at startup, and closes their pools
 * when the application context closes.
 *
 * @author mtls-client-spring-boot authors
 */
public final class DefaultMtlsClients implements MtlsClients, DisposableBean {

	private final Map<String, ManagedMtlsClient> clients;

	private final ClientSslBundles sslBundles = new ClientSslBundles();

	private final Map<String, List<Supplier<MtlsClientStatus.Transport>>> otherTransports = new ConcurrentHashMap<>();

	/**
	 * Build every client.
	 * @param settings the settings of each client, by name
	 * @param factory builds one client
	 */
	public DefaultMtlsClients(Map<String, ClientSettings> settings, MtlsClientFactory factory) {
		Map<String, ManagedMtlsClient> clients = new LinkedHashMap<>();
		try {
			settings.forEach((name, client) -> clients.put(name, factory.create(client)));
		}
		catch (RuntimeException | Error ex) {
			clients.values().forEach(ManagedMtlsClient::close);
			throw ex;
		}
		this.clients = Collections.unmodifiableMap(clients);
	}

	@Override
	public Set<String> names() {
		return this.clients.keySet();
	}

	@Override
	public RestClient restClient(String name) {
		return client(name).restClient();
	}

	@Override
	public ClientHttpRequestFactory requestFactory(String name) {
		return client(name).transport().requestFactory();
	}

	@Override
	public @Nullable CertificateDetails certificate(String name) {
		return client(name).engine().current().certificate();
	}

	@Override
	public MtlsClientStatus status(String name) {
		ManagedMtlsClient client = client(name);
		List<MtlsClientStatus.Transport> others = this.otherTransports.getOrDefault(name, List.of())
			.stream()
			.map(Supplier::get)
			.toList();
		return client.status(others);
	}

	/**
	 * Report another transport of the named client in its status, after the client's
	 * own HttpClient 5 transport: how a transport on the client's engine (the reactive
	 * one) shows in health, the {@code mtls} endpoint and the metrics without the
	 * registry knowing its library.
	 * @param name the client name
	 * @param transport reads the transport's pool and handshakes now
	 */
	public void addTransport(String name, Supplier<MtlsClientStatus.Transport> transport) {
		client(name); // an unknown name fails here, not at the first status
		this.otherTransports.computeIfAbsent(name, (key) -> new CopyOnWriteArrayList<>()).add(transport);
	}

	@Override
	public @Nullable CertificateDetails reload(String name) {
		return client(name).reloader().reload();
	}

	/**
	 * The settings of the named client, for another transport on its engine.
	 * @param name the client name
	 * @return the settings
	 */
	public ClientSettings settings(String name) {
		return client(name).settings();
	}

	/**
	 * The identity engine of the named client, for another transport on it.
	 * @param name the client name
	 * @return the engine
	 */
	public IdentityEngine engine(String name) {
		return client(name).engine();
	}

	@Override
	public void configure(String name, RestClient.Builder builder) {
		ManagedMtlsClient client = client(name);
		MtlsClientFactory.pointAt(client.settings(), client.transport(), builder);
	}

	@Override
	public SslBundle sslBundle(String name) {
		return this.sslBundles.bundle(client(name));
	}

	ManagedMtlsClient client(String name) {
		ManagedMtlsClient client = this.clients.get(name);
		if (client == null) {
			throw new NoSuchMtlsClientException(name, this.clients.keySet());
		}
		return client;
	}

	@Override
	public void destroy() {
		this.clients.values().forEach(ManagedMtlsClient::close);
	}

	@Override
	public String toString() {
		return "MtlsClients" + this.clients.keySet();
	}

}
