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

import io.github.mtlsclient.benchmarks.pki.PkiFiles;
import io.github.mtlsclient.benchmarks.server.MtlsServer;

/**
 * Makes each client under test for a server, all with the same certificates.
 *
 * @author mtls-client-spring-boot authors
 */
public final class Clients {

	private Clients() {
	}

	/**
	 * Make a client.
	 * @param contender which client
	 * @param server the server it sends its requests to
	 * @param pki the run's certificates
	 * @param node node and undici, for client 6
	 * @return the client, ready to send
	 */
	public static ClientUnderTest create(Contender contender, MtlsServer server, PkiFiles pki, NodeRuntime node) {
		return switch (contender) {
			case STARTER -> StarterClients.create(server.origin(), server.path(), pki);
			case HTTPCLIENT_WITH_FIX, HTTPCLIENT_WITHOUT_FIX ->
				HandWiredHttpClients.create(contender, server.origin(), server.path(), pki);
			case BOOT_HTTP_COMPONENTS, BOOT_JDK -> BootClients.create(contender, server.origin(), server.path(), pki);
			case UNDICI -> UndiciClient.create(node, server.origin(), server.path(), pki);
			case STARTER_WEB_CLIENT -> StarterWebClients.create(server.origin(), server.path(), pki);
			case REACTOR_NETTY, WEB_CLIENT_ON_REACTOR_NETTY ->
				HandWiredReactorNetty.create(contender, server.origin(), server.path(), pki);
		};
	}

}
