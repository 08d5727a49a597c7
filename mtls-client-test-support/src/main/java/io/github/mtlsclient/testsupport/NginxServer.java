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
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

import static org.awaitility.Awaitility.await;

/**
 * A real nginx requiring client certificates, started with its own configuration,
 * prefix and port, whose access log records each request's client certificate serial
 * and connection. Tests that use it fail on CI when nginx is missing ({@code .ci/run}
 * installs it) and are skipped elsewhere. The benchmarks measure against it too, with
 * the settings a throughput run wants ({@link Builder#withoutAccessLog()},
 * {@link Builder#withSessionResumption()}, {@link Builder#handshakeCounter()}).
 *
 * @author mtls-client-spring-boot authors
 */
public final class NginxServer implements AutoCloseable {

	private static final Pattern ACCEPTS = Pattern.compile("server accepts handled requests\\s+(\\d+)");

	private final Path prefix;

	private final Builder settings;

	private final String executable;

	private final int port;

	private final int statusPort;

	private Process process;

	// Every status query is one more accepted connection, which is not a handshake.
	private long statusQueries;

	private NginxServer(Builder settings) throws IOException {
		this.settings = settings;
		this.executable = find().map(Path::toString).orElse("nginx");
		this.prefix = (settings.prefix != null) ? Files.createDirectories(settings.prefix)
				: Files.createTempDirectory("nginx-mtls");
		this.port = (settings.port != 0) ? settings.port : freePort();
		this.statusPort = (settings.handshakeCounter) ? freePort() : 0;
		Files.writeString(this.prefix.resolve("nginx.conf"), configuration());
		start();
	}

	/**
	 * Find {@code nginx} on the {@code PATH} or in the {@code sbin} folders, where
	 * packages install it although a user's {@code PATH} may lack them.
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
	 * Whether nginx can be run here.
	 * @return {@code true} if {@code nginx -v} works
	 */
	public static boolean available() {
		return version().isPresent();
	}

	/**
	 * The version nginx reports, for example {@code nginx/1.22.1}.
	 * @return the version, if nginx can be run here
	 */
	public static Optional<String> version() {
		Optional<Path> nginx = find();
		if (nginx.isEmpty()) {
			return Optional.empty();
		}
		try {
			Process process = new ProcessBuilder(nginx.get().toString(), "-v").redirectErrorStream(true).start();
			String output;
			try (InputStream in = process.getInputStream()) {
				output = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
			}
			if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
				return Optional.empty();
			}
			return Optional.of(output.trim().replace("nginx version: ", ""));
		}
		catch (IOException ex) {
			return Optional.empty();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return Optional.empty();
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
		synchronized (this) {
			// A new master process counts from zero again.
			this.statusQueries = 0;
		}
		try {
			this.process = new ProcessBuilder(this.executable, "-p", this.prefix.toString(), "-c",
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
			return answers();
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
			Process signal = new ProcessBuilder(this.executable, "-p", this.prefix.toString(), "-c",
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

	/**
	 * The TLS port.
	 * @return the port
	 */
	public int port() {
		return this.port;
	}

	/**
	 * The TLS origin, on {@code 127.0.0.1}.
	 * @return the base URL, without a trailing slash
	 */
	public String baseUrl() {
		return "https://127.0.0.1:" + this.port;
	}

	/**
	 * The folder that holds the configuration and the logs.
	 * @return the prefix folder
	 */
	public Path prefix() {
		return this.prefix;
	}

	/**
	 * The number of TLS connections nginx has accepted, and so of full handshakes when
	 * sessions are not resumed, counted by {@code stub_status} whether or not the access
	 * log is on. nginx never renegotiates, so each one is one handshake.
	 * @return the accepted TLS connection count
	 * @throws IllegalStateException if the server was built without
	 * {@link Builder#handshakeCounter()}
	 */
	public synchronized long acceptedConnections() {
		if (this.statusPort == 0) {
			throw new IllegalStateException("Build the server with handshakeCounter() to count its connections");
		}
		// A new connection each time and HTTP/1.0, so each query is exactly one accept.
		try (Socket socket = new Socket("127.0.0.1", this.statusPort)) {
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

	// A connection to the TLS port would count as a handshake: the counter asks its own port.
	private boolean answers() {
		if (this.statusPort == 0) {
			return accepts();
		}
		try {
			acceptedConnections();
			return true;
		}
		catch (UncheckedIOException ex) {
			return false;
		}
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
				worker_processes %8$s;
				pid %1$s/nginx.pid;
				error_log %1$s/error.log warn;
				events { worker_connections 1024; }
				http {
				  log_format mtls '$ssl_client_serial $connection $connection_requests $status $request_method $request_uri $msec $request_time';
				  %9$s
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
				    %10$s
				    keepalive_timeout %7$s;
				    keepalive_requests %11$d;
				    location / {
				      default_type text/plain;
				      return 200 "%12$s";
				    }
				  }
				  %13$s
				}
				""".formatted(this.prefix, this.port, this.settings.certificate, this.settings.key,
				this.settings.clientCa, String.join(" ", this.settings.protocols),
				this.settings.keepaliveTimeout.toSeconds(), this.settings.workerProcesses,
				this.settings.accessLog ? "access_log %s/access.log mtls;".formatted(this.prefix) : "access_log off;",
				// nginx's defaults (session tickets on) let a client resume instead of a full handshake.
				this.settings.sessionResumption ? "" : "ssl_session_cache off;\n    ssl_session_tickets off;",
				this.settings.keepaliveRequests, quoted(this.settings.responseBody),
				(this.statusPort != 0) ? "server { listen 127.0.0.1:%d; location / { stub_status; } }"
					.formatted(this.statusPort) : "");
	}

	// The text of an nginx string in double quotes, whose parser reads \n as a newline.
	private static String quoted(String text) {
		return text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
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

		private long keepaliveRequests = 1_000_000;

		private String workerProcesses = "1";

		private boolean accessLog = true;

		private boolean sessionResumption;

		private boolean handshakeCounter;

		private String responseBody = "ok";

		private int port;

		private @Nullable Path prefix;

		private Builder(Path certificate, Path key, Path clientCa) {
			this.certificate = certificate;
			this.key = key;
			this.clientCa = clientCa;
		}

		/**
		 * The TLS versions to offer; both 1.2 and 1.3 unless set.
		 * @param protocols nginx's names, e.g. {@code TLSv1.3}
		 * @return this builder
		 */
		public Builder protocols(String... protocols) {
			this.protocols = List.of(protocols);
			return this;
		}

		/**
		 * How long nginx keeps an idle connection open; 65 seconds unless set.
		 * @param keepaliveTimeout the idle time, in whole seconds
		 * @return this builder
		 */
		public Builder keepaliveTimeout(Duration keepaliveTimeout) {
			this.keepaliveTimeout = keepaliveTimeout;
			return this;
		}

		/**
		 * How many requests one connection may carry before nginx closes it; a million
		 * unless set, so that no test sees a close it did not ask for.
		 * @param keepaliveRequests the request count
		 * @return this builder
		 */
		public Builder keepaliveRequests(long keepaliveRequests) {
			this.keepaliveRequests = keepaliveRequests;
			return this;
		}

		/**
		 * nginx's {@code worker_processes}; {@code 1} unless set, which keeps the
		 * connection serials of the access log in one sequence.
		 * @param workerProcesses a count or {@code auto}
		 * @return this builder
		 */
		public Builder workerProcesses(String workerProcesses) {
			this.workerProcesses = workerProcesses;
			return this;
		}

		/**
		 * Write no access log, so that a throughput measurement does not measure the
		 * log; {@link NginxServer#accessLog()} then stays empty.
		 * @return this builder
		 */
		public Builder withoutAccessLog() {
			this.accessLog = false;
			return this;
		}

		/**
		 * Keep nginx's defaults for TLS session resumption (session tickets on) instead
		 * of turning it off, which makes every new connection a full handshake.
		 * @return this builder
		 */
		public Builder withSessionResumption() {
			this.sessionResumption = true;
			return this;
		}

		/**
		 * Serve {@code stub_status} on a second, plain-HTTP port on {@code 127.0.0.1},
		 * for {@link NginxServer#acceptedConnections()}.
		 * @return this builder
		 */
		public Builder handshakeCounter() {
			this.handshakeCounter = true;
			return this;
		}

		/**
		 * The body of every response; {@code ok} unless set.
		 * @param responseBody the text
		 * @return this builder
		 */
		public Builder responseBody(String responseBody) {
			this.responseBody = responseBody;
			return this;
		}

		/**
		 * The TLS port; a free one unless set.
		 * @param port the port
		 * @return this builder
		 */
		public Builder port(int port) {
			this.port = port;
			return this;
		}

		/**
		 * The folder for the configuration and the logs, kept after the server stops;
		 * a new temporary folder unless set.
		 * @param prefix the folder, created if needed
		 * @return this builder
		 */
		public Builder prefix(Path prefix) {
			this.prefix = prefix;
			return this;
		}

		/**
		 * Write the configuration and start nginx; waits until it accepts connections.
		 * @return the running server
		 */
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
