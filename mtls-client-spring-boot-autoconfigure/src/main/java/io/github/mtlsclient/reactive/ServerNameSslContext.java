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

import java.util.List;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSessionContext;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ApplicationProtocolNegotiator;
import io.netty.handler.ssl.SslContext;

/**
 * An SSL context whose engines always name the client's server name as their peer,
 * whatever address the connection goes to: the JDK checks the server certificate
 * against the SNI name and, failing that, against the peer host, so both must be the
 * server name for a certificate that only the connection's address carries to be
 * refused, as the blocking transport does.
 *
 * @author mtls-client-spring-boot authors
 */
final class ServerNameSslContext extends SslContext {

	private final SslContext delegate;

	private final String serverName;

	ServerNameSslContext(SslContext delegate, String serverName) {
		this.delegate = delegate;
		this.serverName = serverName;
	}

	@Override
	public boolean isClient() {
		return true;
	}

	@Override
	public List<String> cipherSuites() {
		return this.delegate.cipherSuites();
	}

	@Override
	@SuppressWarnings("deprecation")
	public ApplicationProtocolNegotiator applicationProtocolNegotiator() {
		return this.delegate.applicationProtocolNegotiator();
	}

	@Override
	public SSLEngine newEngine(ByteBufAllocator alloc) {
		return this.delegate.newEngine(alloc, this.serverName, -1);
	}

	@Override
	public SSLEngine newEngine(ByteBufAllocator alloc, String peerHost, int peerPort) {
		return this.delegate.newEngine(alloc, this.serverName, peerPort);
	}

	@Override
	public SSLSessionContext sessionContext() {
		return this.delegate.sessionContext();
	}

}
