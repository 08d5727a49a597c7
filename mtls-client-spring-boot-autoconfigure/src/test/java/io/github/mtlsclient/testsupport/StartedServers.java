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

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The servers one test starts, all closed after it. Register it as a field:
 * {@code @RegisterExtension final StartedServers servers = new StartedServers();}.
 *
 * @author mtls-client-spring-boot authors
 */
public final class StartedServers implements AfterEachCallback {

	private final List<RecordingMtlsServer> servers = new CopyOnWriteArrayList<>();

	/**
	 * Start a server, to be closed after the test.
	 * @param builder the server's settings
	 * @return the started server
	 */
	public RecordingMtlsServer start(RecordingMtlsServer.Builder builder) {
		RecordingMtlsServer server = builder.start();
		this.servers.add(server);
		return server;
	}

	@Override
	public void afterEach(ExtensionContext context) {
		this.servers.forEach(RecordingMtlsServer::close);
		this.servers.clear();
	}

}
