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

package io.github.mtlsclient.testsupport;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TLS connection accepted and successfully handshaken by a {@link RecordingMtlsServer}.
 *
 * @see RecordingMtlsServer#connections()
 */
public final class RecordedConnection {

	private final int id;

	private final List<X509Certificate> peerCertificates;

	private final String protocol;

	private final String cipherSuite;

	private final String sniHostName;

	private final int remotePort;

	private final AtomicInteger requestCount = new AtomicInteger();

	private volatile boolean open = true;

	RecordedConnection(int id, List<X509Certificate> peerCertificates, String protocol, String cipherSuite,
			String sniHostName, int remotePort) {
		this.id = id;
		this.peerCertificates = List.copyOf(peerCertificates);
		this.protocol = protocol;
		this.cipherSuite = cipherSuite;
		this.sniHostName = sniHostName;
		this.remotePort = remotePort;
	}

	/**
	 * Sequence number of the connection, starting at 1 for each server.
	 * @return the id
	 */
	public int id() {
		return this.id;
	}

	/**
	 * The certificate chain presented by the client, leaf first.
	 * @return the chain, empty when the client sent no certificate
	 */
	public List<X509Certificate> peerCertificates() {
		return this.peerCertificates;
	}

	/**
	 * The client's leaf certificate.
	 * @return the leaf certificate or {@code null}
	 */
	public X509Certificate peerCertificate() {
		return this.peerCertificates.isEmpty() ? null : this.peerCertificates.get(0);
	}

	/**
	 * The RFC 2253 subject of the client's leaf certificate.
	 * @return the subject or {@code null}
	 */
	public String peerSubject() {
		X509Certificate leaf = peerCertificate();
		return (leaf != null) ? leaf.getSubjectX500Principal().getName() : null;
	}

	/**
	 * The negotiated protocol, for example {@code TLSv1.3}.
	 * @return the protocol
	 */
	public String protocol() {
		return this.protocol;
	}

	/**
	 * The negotiated cipher suite.
	 * @return the cipher suite
	 */
	public String cipherSuite() {
		return this.cipherSuite;
	}

	/**
	 * The SNI host name requested by the client.
	 * @return the host name or {@code null} when the client sent none
	 */
	public String sniHostName() {
		return this.sniHostName;
	}

	/**
	 * The client's local port.
	 * @return the remote port
	 */
	public int remotePort() {
		return this.remotePort;
	}

	/**
	 * Number of requests received on this connection.
	 * @return the request count
	 */
	public int requestCount() {
		return this.requestCount.get();
	}

	/**
	 * Whether the connection is still open on the server side.
	 * @return {@code true} if open
	 */
	public boolean isOpen() {
		return this.open;
	}

	void incrementRequestCount() {
		this.requestCount.incrementAndGet();
	}

	void markClosed() {
		this.open = false;
	}

	@Override
	public String toString() {
		return "RecordedConnection[id=" + this.id + ", peer=" + peerSubject() + ", protocol=" + this.protocol
				+ ", cipherSuite=" + this.cipherSuite + ", sni=" + this.sniHostName + ", requests="
				+ requestCount() + ", open=" + this.open + "]";
	}

}
