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

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;

import io.github.mtlsclient.benchmarks.pki.PkiFiles;
import org.eclipse.jetty.util.Jetty;

/**
 * The Jetty mTLS server, started in a JVM of its own.
 *
 * @author mtls-client-spring-boot authors
 */
public final class JettyServer implements MtlsServer {

	private final ChildJvm jvm;

	private final URI origin;

	private final URI admin;

	private JettyServer(ChildJvm jvm, int tlsPort, int adminPort) {
		this.jvm = jvm;
		this.origin = URI.create("https://127.0.0.1:" + tlsPort);
		this.admin = URI.create("http://127.0.0.1:" + adminPort);
	}

	/**
	 * Start the server and wait until it listens.
	 * @param pki the run's certificates
	 * @return the running server
	 */
	public static JettyServer start(PkiFiles pki) {
		ChildJvm jvm = ChildJvm.start(JettyMtlsServerMain.class, List.of("-Xms256m", "-Xmx512m"),
				List.of(pki.serverCertificate().toString(), pki.serverKey().toString(), pki.ca().toString()));
		try {
			String[] ports = jvm.awaitLine(JettyMtlsServerMain.READY).split(" ");
			return new JettyServer(jvm, Integer.parseInt(ports[0]), Integer.parseInt(ports[1]));
		}
		catch (RuntimeException ex) {
			jvm.close();
			throw ex;
		}
	}

	@Override
	public String name() {
		return "Jetty";
	}

	@Override
	public String description() {
		return "Jetty " + Jetty.VERSION + " in its own JVM";
	}

	@Override
	public URI origin() {
		return this.origin;
	}

	@Override
	public long handshakes() {
		return Long.parseLong(ask("/handshakes"));
	}

	/**
	 * When a client certificate was first presented to this server.
	 * @param serial the certificate's serial number in hex
	 * @return microseconds since the epoch, or {@code -1} if not yet
	 */
	public long firstHandshakeMicros(String serial) {
		return Long.parseLong(ask("/first-handshake?serial=" + serial));
	}

	private String ask(String pathAndQuery) {
		try {
			HttpURLConnection connection = (HttpURLConnection) this.admin.resolve(pathAndQuery).toURL()
				.openConnection();
			try (InputStream body = connection.getInputStream()) {
				return new String(body.readAllBytes(), StandardCharsets.US_ASCII).trim();
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("The Jetty server did not answer " + pathAndQuery, ex);
		}
	}

	@Override
	public void close() {
		this.jvm.close();
	}

}
