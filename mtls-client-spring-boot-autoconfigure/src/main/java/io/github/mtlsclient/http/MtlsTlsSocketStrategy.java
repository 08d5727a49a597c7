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
package io.github.mtlsclient.http;

import java.io.IOException;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

import io.github.mtlsclient.material.IdentityEngine;
import io.github.mtlsclient.material.IdentitySnapshot;
import io.github.mtlsclient.settings.ClientSettings;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.jspecify.annotations.Nullable;

/**
 * Upgrades a client's connections to TLS with the identity it holds now. Every
 * connection takes the current material snapshot once, so a handshake never mixes two
 * generations. Sends {@code server-name} (without a trailing dot) as SNI and, with
 * hostname verification on, has the JDK check the server certificate against that name,
 * or against its IP addresses for an IP literal. Which hosts it may connect
 * to at all is the {@link SameOriginRoutePlanner}'s decision.
 *
 * @author mtls-client-spring-boot authors
 */
final class MtlsTlsSocketStrategy implements TlsSocketStrategy {

	private final String serverName;

	private final @Nullable SNIHostName sni;

	private final IdentityEngine engine;

	private final ClientSettings.Tls tls;

	private final int handshakeTimeoutMillis;

	private final LongAdder handshakes = new LongAdder();

	/**
	 * Create a new strategy.
	 * @param settings the client's settings: server name, protocols, cipher suites,
	 * hostname verification and connect timeout
	 * @param engine the client's identity engine
	 */
	MtlsTlsSocketStrategy(ClientSettings settings, IdentityEngine engine) {
		// A trailing dot and the brackets of an IPv6 literal may remain in the setting.
		this.serverName = HostNames.forTls(settings.serverName());
		this.sni = HostNames.isIpAddress(this.serverName) ? null : new SNIHostName(this.serverName);
		this.engine = engine;
		this.tls = settings.tls();
		this.handshakeTimeoutMillis = (int) Math.min(Integer.MAX_VALUE, settings.connectTimeout().toMillis());
	}

	@Override
	public SSLSocket upgrade(Socket socket, String target, int port, @Nullable Object attachment,
			@Nullable HttpContext context) throws IOException {
		IdentitySnapshot snapshot = this.engine.current();
		SSLSocket sslSocket = (SSLSocket) snapshot.sslContext()
			.getSocketFactory()
			.createSocket(socket, this.serverName, port, true);
		try {
			sslSocket.setSSLParameters(parameters(sslSocket.getSSLParameters()));
			int soTimeout = sslSocket.getSoTimeout();
			sslSocket.setSoTimeout(this.handshakeTimeoutMillis);
			sslSocket.startHandshake();
			sslSocket.setSoTimeout(soTimeout);
			this.handshakes.increment();
			return sslSocket;
		}
		catch (IOException | RuntimeException ex) {
			sslSocket.close();
			throw ex;
		}
	}

	private SSLParameters parameters(SSLParameters parameters) {
		parameters.setProtocols(this.tls.protocols().toArray(String[]::new));
		if (!this.tls.cipherSuites().isEmpty()) {
			parameters.setCipherSuites(this.tls.cipherSuites().toArray(String[]::new));
		}
		// No SNI for an IP address: RFC 6066 allows only DNS names.
		parameters.setServerNames((this.sni != null) ? List.of(this.sni) : List.of());
		parameters.setEndpointIdentificationAlgorithm(this.tls.verifyHostname() ? "HTTPS" : null);
		return parameters;
	}

	/**
	 * The number of full TLS handshakes this client has completed.
	 * @return the handshake count
	 */
	long handshakeCount() {
		return this.handshakes.sum();
	}

}
