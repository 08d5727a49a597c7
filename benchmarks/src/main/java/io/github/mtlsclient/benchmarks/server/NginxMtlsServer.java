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
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.github.mtlsclient.benchmarks.pki.PkiFiles;

/**
 * nginx as the mTLS server, when the machine has it: its own prefix, configuration and
 * ports in a temporary folder, run in the foreground as a child process. nginx has no
 * handshake counter, but it never renegotiates, so every TLS connection it accepts is
 * one handshake: {@code stub_status} counts them on a plain-HTTP port.
 *
 * @author mtls-client-spring-boot authors
 */
public final class NginxServer implements MtlsServer {

	private static final Pattern ACCEPTS = Pattern.compile("server accepts handled requests\\s+(\\d+)");

	private final Process process;

	private final String version;

	private final URI origin;

	private final int statusPort;

	// Every status query is one more accepted connection, which is not a handshake.
	private long statusQueries;

	private NginxServer(Process process, String version, int tlsPort, int statusPort) {
		this.process = process;
		this.version = version;
		this.origin = URI.create("https://127.0.0.1:" + tlsPort);
		this.statusPort = statusPort;
	}

	/**
	 * Find {@code nginx} on the {@code PATH} or in {@code /usr/sbin}.
	 * @return the executable, if the machine has one
	 */
	public static Optional<Path> find() {
		String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/usr/local/sbin";
		return Stream.of(path.split(":"))
			.filter((dir) -> !dir.isEmpty())
			.map((dir) -> Path.of(dir, "nginx"))
			.filter(Files::isExecutable)
			.findFirst();
	}

	/**
	 * Start nginx and wait until it answers.
	 * @param nginx the executable
	 * @param pki the run's certificates
	 * @param prefix an empty folder for its configuration, logs and temporary files
	 * @return the running server
	 */
	public static NginxServer start(Path nginx, PkiFiles pki, Path prefix) {
		int tlsPort = FreePort.find();
		int statusPort = FreePort.find();
		try {
			Files.createDirectories(prefix.resolve("logs"));
			Path conf = Files.writeString(prefix.resolve("nginx.conf"), configuration(pki, prefix, tlsPort, statusPort));
			Process process = new ProcessBuilder(nginx.toString(), "-p", prefix + "/", "-e",
					prefix.resolve("logs/error.log").toString(), "-c", conf.toString(), "-g", "daemon off;")
				.redirectErrorStream(true)
				.redirectOutput(prefix.resolve("logs/stdout.log").toFile())
				.start();
			NginxServer server = new NginxServer(process, version(nginx), tlsPort, statusPort);
			server.awaitStarted(prefix);
			return server;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot start nginx", ex);
		}
	}

	private static String configuration(PkiFiles pki, Path prefix, int tlsPort, int statusPort) {
		return """
				worker_processes auto;
				pid %1$s/nginx.pid;
				events {
					worker_connections 1024;
				}
				http {
					access_log off;
					client_body_temp_path %1$s/client_body;
					proxy_temp_path %1$s/proxy;
					fastcgi_temp_path %1$s/fastcgi;
					uwsgi_temp_path %1$s/uwsgi;
					scgi_temp_path %1$s/scgi;
					# Never close a client's connection during the run: a connection nginx
					# closed would count as the client's handshake.
					keepalive_requests 10000000;
					keepalive_timeout 120s;
					server {
						listen 127.0.0.1:%2$d ssl;
						ssl_certificate %4$s;
						ssl_certificate_key %5$s;
						ssl_client_certificate %6$s;
						ssl_verify_client on;
						ssl_protocols TLSv1.2 TLSv1.3;
						location / {
							default_type text/plain;
							return 200 "hello from the mTLS benchmark server\\n";
						}
					}
					server {
						listen 127.0.0.1:%3$d;
						location / {
							stub_status;
						}
					}
				}
				""".formatted(prefix, tlsPort, statusPort, pki.serverCertificate(), pki.serverKey(), pki.ca());
	}

	private static String version(Path nginx) throws IOException {
		Process process = new ProcessBuilder(nginx.toString(), "-v").redirectErrorStream(true).start();
		try (InputStream output = process.getInputStream()) {
			return new String(output.readAllBytes(), StandardCharsets.US_ASCII).trim().replace("nginx version: ", "");
		}
	}

	private void awaitStarted(Path prefix) {
		Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
		while (Instant.now().isBefore(deadline)) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("nginx did not start; see " + prefix.resolve("logs"));
			}
			try {
				handshakes();
				return;
			}
			catch (UncheckedIOException ex) {
				sleep();
			}
		}
		close();
		throw new IllegalStateException("nginx did not answer within 15 s; see " + prefix.resolve("logs"));
	}

	private static void sleep() {
		try {
			Thread.sleep(50);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
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
		return this.origin;
	}

	@Override
	public synchronized long handshakes() {
		// A new connection each time and HTTP/1.0, so each query is exactly one accept.
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), this.statusPort)) {
			this.statusQueries++;
			OutputStream request = socket.getOutputStream();
			request.write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
			request.flush();
			String status = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
			Matcher matcher = ACCEPTS.matcher(status);
			if (!matcher.find()) {
				throw new IllegalStateException("Unexpected stub_status answer: " + status);
			}
			return Long.parseLong(matcher.group(1)) - this.statusQueries;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
			}
		}
		catch (InterruptedException ex) {
			this.process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
	}

}
