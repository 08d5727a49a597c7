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

package io.github.mtlsclient.benchmarks.server;

import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import javax.net.ssl.SSLPeerUnverifiedException;

import org.eclipse.jetty.io.ssl.SslHandshakeListener;

/**
 * Counts the server's completed TLS handshakes, full or resumed, and remembers when a
 * client certificate was first presented: a rotation has reached the wire when its new
 * serial shows up here.
 *
 * @author mtls-client-spring-boot authors
 */
final class HandshakeRecorder implements SslHandshakeListener {

	private final LongAdder handshakes = new LongAdder();

	private final Map<String, Long> firstSeenMicros = new ConcurrentHashMap<>();

	@Override
	public void handshakeSucceeded(Event event) {
		this.handshakes.increment();
		try {
			Certificate[] peer = event.getSSLEngine().getSession().getPeerCertificates();
			if (peer.length > 0 && peer[0] instanceof X509Certificate leaf) {
				this.firstSeenMicros.computeIfAbsent(leaf.getSerialNumber().toString(16),
						(serial) -> ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now()));
			}
		}
		catch (SSLPeerUnverifiedException ex) {
			// Client authentication is required, so this cannot happen after a handshake
			// that succeeded; counted all the same.
		}
	}

	long handshakes() {
		return this.handshakes.sum();
	}

	long firstSeenMicros(String serial) {
		return this.firstSeenMicros.getOrDefault(serial, -1L);
	}

}
