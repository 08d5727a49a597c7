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

import java.math.BigInteger;

import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which client certificate a server saw, asked by making a request.
 *
 * @author mtls-client-spring-boot authors
 */
public final class PresentedCertificate {

	private PresentedCertificate() {
	}

	/**
	 * The serial of the certificate presented for one request, on whatever connection
	 * the client chose.
	 * @param client the client
	 * @param server the server it calls
	 * @return the serial number the server saw
	 */
	public static BigInteger serial(RestClient client, RecordingMtlsServer server) {
		client.get().uri("/").retrieve().toBodilessEntity();
		return server.lastRequest().peerCertificate().getSerialNumber();
	}

	/**
	 * The serial a new connection presents. With "Connection: close" each exchange is
	 * the last on its connection, so the second request needs a new handshake.
	 * @param client the client
	 * @param server the server it calls
	 * @return the serial number the server saw on a new connection
	 */
	public static BigInteger serialOnANewConnection(RestClient client, RecordingMtlsServer server) {
		int handshakes = server.handshakeCount();
		client.get().uri("/").header("Connection", "close").retrieve().toBodilessEntity();
		client.get().uri("/").header("Connection", "close").retrieve().toBodilessEntity();
		assertThat(server.handshakeCount()).isGreaterThan(handshakes);
		return server.lastRequest().peerCertificate().getSerialNumber();
	}

}
