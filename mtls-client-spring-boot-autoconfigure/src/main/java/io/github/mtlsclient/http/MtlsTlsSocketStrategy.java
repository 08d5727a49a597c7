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

import io.github.mtlsclient.material.ActiveTlsMaterial;
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
public final class MtlsTlsSocketStrategy implements TlsSocketStrategy {

	private final String serverName;

	private final @Nullable SNIHostName sni;

	private final ActiveTlsMaterial material;

	private final TlsOptions options;

	private final LongAdder handshakes = new LongAdder();

	/**
	 * Create a new strategy.
	 * @param serverName the SNI name and the name the server certificate must carry, as
	 * written in a URL or in {@code server-name}: a trailing dot and the brackets of an
	 * IPv6 literal are allowed
	 * @param material the client's active material
	 * @param options protocols, cipher suites, hostname verification and handshake
	 * timeout
	 */
	public MtlsTlsSocketStrategy(String serverName, ActiveTlsMaterial material, TlsOptions options) {
		this.serverName = HostNames.forTls(serverName);
		this.sni = HostNames.isIpAddress(this.serverName) ? null : new SNIHostName(this.serverName);
		this.material = material;
		this.options = options;
	}

	@Override
	public SSLSocket upgrade(Socket socket, String target, int port, @Nullable Object attachment,
			@Nullable HttpContext context) throws IOException {
		ActiveTlsMaterial.Snapshot snapshot = this.material.current();
		SSLSocket sslSocket = (SSLSocket) snapshot.sslContext()
			.getSocketFactory()
			.createSocket(socket, this.serverName, port, true);
		try {
			sslSocket.setSSLParameters(parameters(sslSocket.getSSLParameters()));
			int soTimeout = sslSocket.getSoTimeout();
			sslSocket.setSoTimeout(this.options.handshakeTimeoutMillis());
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
		parameters.setProtocols(this.options.protocols().toArray(String[]::new));
		if (!this.options.cipherSuites().isEmpty()) {
			parameters.setCipherSuites(this.options.cipherSuites().toArray(String[]::new));
		}
		// No SNI for an IP address: RFC 6066 allows only DNS names.
		parameters.setServerNames((this.sni != null) ? List.of(this.sni) : List.of());
		parameters.setEndpointIdentificationAlgorithm(this.options.verifyHostname() ? "HTTPS" : null);
		return parameters;
	}

	/**
	 * How this strategy upgrades connections.
	 * @return the options
	 */
	public TlsOptions options() {
		return this.options;
	}

	/**
	 * The number of full TLS handshakes this client has completed.
	 * @return the handshake count
	 */
	public long handshakeCount() {
		return this.handshakes.sum();
	}

	/**
	 * How connections are upgraded.
	 *
	 * @param protocols the enabled protocols
	 * @param cipherSuites the enabled cipher suites; empty for the JDK's defaults
	 * @param verifyHostname whether to check the server certificate's names
	 * @param handshakeTimeoutMillis the time allowed for the handshake
	 */
	public record TlsOptions(List<String> protocols, List<String> cipherSuites, boolean verifyHostname,
			int handshakeTimeoutMillis) {

	}

}
