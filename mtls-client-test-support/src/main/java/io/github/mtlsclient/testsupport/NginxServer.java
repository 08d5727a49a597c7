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

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * A real nginx requiring client certificates, started with its own configuration,
 * prefix and port, whose access log records each request's client certificate serial
 * and connection. Tests that use it fail on CI when nginx is missing ({@code .ci/run}
 * installs it) and are skipped elsewhere.
 *
 * @author mtls-client-spring-boot authors
 */
public final class NginxServer implements AutoCloseable {

	private final Path prefix;

	private final Builder settings;

	private final int port;

	private Process process;

	private NginxServer(Builder settings) throws IOException {
		this.settings = settings;
		this.prefix = Files.createTempDirectory("nginx-mtls");
		this.port = (settings.port != 0) ? settings.port : freePort();
		Files.writeString(this.prefix.resolve("nginx.conf"), configuration());
		start();
	}

	/**
	 * Whether nginx can be run here.
	 * @return {@code true} if {@code nginx -v} works
	 */
	public static boolean available() {
		try {
			Process process = new ProcessBuilder("nginx", "-v").redirectErrorStream(true).start();
			return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/**
	 * Start building a server.
	 * @param certificate the server certificate chain PEM file
	 * @param key the server key PEM file
	 * @param clientCa the PEM file of the CA that issues client certificates
	 * @return the builder
	 */
	public static Builder builder(Path certificate, Path key, Path clientCa) {
		return new Builder(certificate, key, clientCa);
	}

	/**
	 * Start nginx (again, after {@link #stop()}) on the same port.
	 */
	public void start() {
		try {
			this.process = new ProcessBuilder("nginx", "-p", this.prefix.toString(), "-c",
					this.prefix.resolve("nginx.conf").toString(), "-g", "daemon off;")
				.redirectErrorStream(true)
				.redirectOutput(this.prefix.resolve("stdout.log").toFile())
				.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		await().atMost(Duration.ofSeconds(20)).until(() -> {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("nginx exited: " + Files.readString(this.prefix.resolve("stdout.log"))
						+ errorLog());
			}
			return accepts();
		});
	}

	/**
	 * Stop nginx, closing every connection; the access log stays.
	 */
	public void stop() {
		if (this.process != null && this.process.isAlive()) {
			this.process.destroy();
			try {
				if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
					this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		await().atMost(Duration.ofSeconds(20)).until(() -> !accepts());
	}

	/**
	 * Have nginx read its configuration and certificate files again, as after a
	 * certificate change; old workers finish their requests.
	 */
	public void reload() {
		try {
			Process signal = new ProcessBuilder("nginx", "-p", this.prefix.toString(), "-c",
					this.prefix.resolve("nginx.conf").toString(), "-s", "reload")
				.redirectErrorStream(true)
				.start();
			signal.waitFor(10, TimeUnit.SECONDS);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	public int port() {
		return this.port;
	}

	public String baseUrl() {
		return "https://127.0.0.1:" + this.port;
	}

	/**
	 * The requests nginx has logged so far.
	 * @return the access log entries, oldest first
	 */
	public List<AccessLogEntry> accessLog() {
		try {
			Path log = this.prefix.resolve("access.log");
			if (!Files.exists(log)) {
				return List.of();
			}
			List<AccessLogEntry> entries = new ArrayList<>();
			for (String line : Files.readAllLines(log)) {
				String[] fields = line.split(" ");
				if (fields.length >= 8) {
					long endMillis = Math.round(Double.parseDouble(fields[6]) * 1000);
					long startMillis = endMillis - Math.round(Double.parseDouble(fields[7]) * 1000);
					entries.add(new AccessLogEntry(fields[0], Long.parseLong(fields[1]), Long.parseLong(fields[2]),
							Integer.parseInt(fields[3]), fields[4], fields[5], startMillis));
				}
			}
			return entries;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The number of distinct connections, and so of TLS handshakes (sessions are not
	 * resumed), that carried logged requests.
	 * @return the handshake count
	 */
	public long handshakeCount() {
		return accessLog().stream().map(AccessLogEntry::connection).distinct().count();
	}

	/**
	 * The number of connections nginx holds open now: its established TCP sockets on
	 * its port, read from the kernel's table ({@code /proc/net/tcp} and {@code tcp6}).
	 * Zero once nginx has closed every keep-alive connection, whatever the clients still
	 * think of theirs.
	 * @return the open connection count
	 */
	public int openConnectionCount() {
		String localPort = ":%04X".formatted(this.port);
		int open = 0;
		for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
			try {
				for (String line : Files.readAllLines(Path.of(table))) {
					String[] fields = line.trim().split("\\s+");
					// Fields: slot, local address:port, remote address:port, state (01 = established).
					if (fields.length > 3 && fields[1].endsWith(localPort) && fields[3].equals("01")) {
						open++;
					}
				}
			}
			catch (IOException ex) {
				// No IPv6 table here.
			}
		}
		return open;
	}

	/**
	 * nginx's error log, for failure messages.
	 * @return the error log
	 */
	public String errorLog() {
		try {
			Path log = this.prefix.resolve("error.log");
			return Files.exists(log) ? Files.readString(log) : "";
		}
		catch (IOException ex) {
			return "";
		}
	}

	@Override
	public void close() {
		stop();
	}

	private boolean accepts() {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", this.port), 200);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private String configuration() {
		String user = "root".equals(System.getProperty("user.name")) ? "user root;\n" : "";
		return user + """
				worker_processes 1;
				pid %1$s/nginx.pid;
				error_log %1$s/error.log warn;
				events { worker_connections 1024; }
				http {
				  log_format mtls '$ssl_client_serial $connection $connection_requests $status $request_method $request_uri $msec $request_time';
				  access_log %1$s/access.log mtls;
				  client_body_temp_path %1$s/client_body;
				  proxy_temp_path %1$s/proxy;
				  fastcgi_temp_path %1$s/fastcgi;
				  uwsgi_temp_path %1$s/uwsgi;
				  scgi_temp_path %1$s/scgi;
				  server {
				    listen 127.0.0.1:%2$d ssl;
				    ssl_certificate %3$s;
				    ssl_certificate_key %4$s;
				    ssl_client_certificate %5$s;
				    ssl_verify_client on;
				    ssl_verify_depth 3;
				    ssl_protocols %6$s;
				    ssl_session_cache off;
				    ssl_session_tickets off;
				    keepalive_timeout %7$s;
				    keepalive_requests 1000000;
				    location / {
				      default_type text/plain;
				      return 200 "ok";
				    }
				  }
				}
				""".formatted(this.prefix, this.port, this.settings.certificate, this.settings.key,
				this.settings.clientCa, String.join(" ", this.settings.protocols),
				this.settings.keepaliveTimeout.toSeconds());
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	/**
	 * One logged request.
	 *
	 * @param clientSerial the serial of the client certificate (upper-case hexadecimal)
	 * @param connection the connection's serial number
	 * @param connectionRequests the number of this request on its connection
	 * @param status the response status
	 * @param method the request method
	 * @param uri the request URI
	 * @param startedAtMillis when nginx started reading the request, in epoch milliseconds
	 */
	public record AccessLogEntry(String clientSerial, long connection, long connectionRequests, int status,
			String method, String uri, long startedAtMillis) {

	}

	/**
	 * Settings of a server to start.
	 */
	public static final class Builder {

		private final Path certificate;

		private final Path key;

		private final Path clientCa;

		private List<String> protocols = List.of("TLSv1.2", "TLSv1.3");

		private Duration keepaliveTimeout = Duration.ofSeconds(65);

		private int port;

		private Builder(Path certificate, Path key, Path clientCa) {
			this.certificate = certificate;
			this.key = key;
			this.clientCa = clientCa;
		}

		public Builder protocols(String... protocols) {
			this.protocols = List.of(protocols);
			return this;
		}

		public Builder keepaliveTimeout(Duration keepaliveTimeout) {
			this.keepaliveTimeout = keepaliveTimeout;
			return this;
		}

		public Builder port(int port) {
			this.port = port;
			return this;
		}

		public NginxServer start() {
			try {
				return new NginxServer(this);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

	}

}
