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

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

import io.github.mtlsclient.CertificateDetails;
import io.github.mtlsclient.MtlsClientStatus;
import io.github.mtlsclient.settings.ClientSettings;

import io.github.mtlsclient.http.HttpClientTransport;
import io.github.mtlsclient.material.IdentityEngine;
import io.github.mtlsclient.material.SpiffeTrust;
import io.github.mtlsclient.material.TlsMaterial;
import io.github.mtlsclient.material.TlsMaterialSource;
import io.github.mtlsclient.reload.MaterialReloader;

import org.jspecify.annotations.Nullable;

import org.springframework.web.client.RestClient;

/**
 * Everything one named client is made of: its settings, its identity engine and what
 * reloads it, its HttpClient 5 transport and the {@link RestClient} on top.
 *
 * @param settings the client's settings
 * @param engine the identity engine
 * @param reloader reloads the material into the engine
 * @param transport the HttpClient 5 transport
 * @param restClient the RestClient
 * @author mtls-client-spring-boot authors
 */
record ManagedMtlsClient(ClientSettings settings, IdentityEngine engine, MaterialReloader reloader,
		HttpClientTransport transport, RestClient restClient) {

	String name() {
		return this.settings.name();
	}

	/**
	 * The client's status, with its own HttpClient 5 transport and the given others.
	 * @param otherTransports the client's other transports, as they are now
	 * @return the status
	 */
	MtlsClientStatus status(List<MtlsClientStatus.Transport> otherTransports) {
		TlsMaterial current = this.engine.current().material();
		List<X509Certificate> trusted = current.trustedCertificates();
		List<CertificateDetails> trustAnchors = (trusted != null)
				? trusted.stream().map(CertificateDetails::of).toList() : List.of();
		boolean trustsJdkDefaults = trusted == null || this.settings.tls().includeSystemCas();
		MtlsClientStatus.Pool pool = this.transport.poolStats();
		long handshakes = this.transport.handshakeCount();
		List<MtlsClientStatus.Transport> transports = new ArrayList<>();
		transports.add(new MtlsClientStatus.Transport(MtlsClientStatus.Transport.HTTP_CLIENT, pool, handshakes));
		transports.addAll(otherTransports);
		return new MtlsClientStatus(name(), this.settings.baseUri().toString(), current.leafDetails(), trustAnchors,
				trustsJdkDefaults, this.reloader.lastAttempt(), pool, handshakes, transports,
				spiffe(current.spiffeTrust()));
	}

	private MtlsClientStatus.@Nullable Spiffe spiffe(@Nullable SpiffeTrust trust) {
		TlsMaterialSource.Connection connection = this.reloader.sourceConnection();
		if (trust == null || connection == null) {
			return null;
		}
		return new MtlsClientStatus.Spiffe(trust.spiffeId(), List.copyOf(trust.bundles().keySet()),
				connection.address(), connection.connected(), connection.problem());
	}

	void close() {
		// A reload under way finishes first: none touches the pool once it is closing.
		this.reloader.close();
		this.transport.close();
	}

	@Override
	public String toString() {
		return "ManagedMtlsClient[" + name() + " -> " + this.settings.baseUri() + ", " + this.engine.current() + "]";
	}

}
