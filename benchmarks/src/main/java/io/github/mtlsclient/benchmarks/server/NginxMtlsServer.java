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

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import io.github.mtlsclient.benchmarks.pki.PkiFiles;
import io.github.mtlsclient.testsupport.NginxServer;

/**
 * nginx as the mTLS server, when the machine has it, run by the tests' nginx harness in
 * its own prefix folder. The settings are those of a throughput run: as many workers as
 * cores, no access log, nginx's default session resumption, connections that are never
 * closed during the run (a connection nginx closed would count as the client's
 * handshake), and handshakes counted by {@code stub_status} on a plain-HTTP port.
 *
 * @author mtls-client-spring-boot authors
 */
public final class NginxMtlsServer implements MtlsServer {

	private final NginxServer nginx;

	private final String version;

	private NginxMtlsServer(NginxServer nginx, String version) {
		this.nginx = nginx;
		this.version = version;
	}

	/**
	 * Find {@code nginx} on the {@code PATH} or in {@code /usr/sbin}.
	 * @return the executable, if the machine has one
	 */
	public static Optional<Path> find() {
		return NginxServer.find();
	}

	/**
	 * Start nginx and wait until it answers.
	 * @param pki the run's certificates
	 * @param prefix an empty folder for its configuration, logs and temporary files
	 * @return the running server
	 */
	public static NginxMtlsServer start(PkiFiles pki, Path prefix) {
		String version = NginxServer.version().orElseThrow(() -> new IllegalStateException("nginx is not installed"));
		NginxServer nginx = NginxServer.builder(pki.serverCertificate(), pki.serverKey(), pki.ca())
			.prefix(prefix)
			.workerProcesses("auto")
			.withoutAccessLog()
			.withSessionResumption()
			.handshakeCounter()
			.keepaliveRequests(10_000_000)
			.keepaliveTimeout(Duration.ofSeconds(120))
			.responseBody("hello from the mTLS benchmark server\n")
			.start();
		return new NginxMtlsServer(nginx, version);
	}

	@Override
	public String name() {
		return "nginx";
	}

	@Override
	public String description() {
		return this.version + ", worker_processes auto";
	}

	@Override
	public URI origin() {
		return URI.create(this.nginx.baseUrl());
	}

	@Override
	public long handshakes() {
		return this.nginx.acceptedConnections();
	}

	@Override
	public void close() {
		this.nginx.close();
	}

}
