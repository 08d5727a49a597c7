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

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.StandardConstants;
import javax.net.ssl.TrustManagerFactory;

/**
 * Minimal HTTPS (HTTP/1.1, keep-alive) server for tests. Performs real TLS handshakes on
 * {@code 127.0.0.1} (or another local address such as {@code ::1}), optionally requiring
 * a client certificate, and records handshakes, connections and requests so that tests
 * can assert on what the server saw. Only uses the JDK.
 * <p>
 * Requests are recorded before the response is written, so they can be asserted as soon
 * as the client has its response. Handshake failures and connection closes happen
 * asynchronously and should be awaited.
 */
public final class RecordingMtlsServer implements AutoCloseable {

	private static final int HANDSHAKE_TIMEOUT_MILLIS = 10_000;

	private static final int MAX_LINE_LENGTH = 64 * 1024;

	private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

	private final SSLServerSocket serverSocket;

	private final int port;

	private final InetAddress address;

	private final Function<RecordedRequest, Response> handler;

	private final int idleTimeoutMillis;

	private final ExecutorService workers;

	private final Thread acceptThread;

	private final CountDownLatch closed = new CountDownLatch(1);

	private final Set<Socket> openSockets = ConcurrentHashMap.newKeySet();

	private final AtomicInteger connectionIds = new AtomicInteger();

	private final AtomicInteger handshakes = new AtomicInteger();

	private final AtomicInteger openConnections = new AtomicInteger();

	private final List<String> failedHandshakes = new CopyOnWriteArrayList<>();

	private final List<RecordedConnection> connections = new CopyOnWriteArrayList<>();

	private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();

	private final BlockingQueue<RecordedRequest> unread = new LinkedBlockingQueue<>();

	private RecordingMtlsServer(Builder builder) throws IOException, GeneralSecurityException {
		this.handler = builder.handler;
		this.idleTimeoutMillis = (int) builder.idleTimeout.toMillis();
		SSLContext sslContext = createSslContext(builder);
		this.serverSocket = (SSLServerSocket) sslContext.getServerSocketFactory().createServerSocket();
		this.serverSocket.setReuseAddress(true);
		this.serverSocket.bind(new InetSocketAddress(builder.address, builder.port), 50);
		this.port = this.serverSocket.getLocalPort();
		this.address = builder.address;
		switch (builder.clientAuth) {
			case NEED -> this.serverSocket.setNeedClientAuth(true);
			case WANT -> this.serverSocket.setWantClientAuth(true);
			case NONE -> this.serverSocket.setNeedClientAuth(false);
		}
		if (builder.protocols != null) {
			this.serverSocket.setEnabledProtocols(builder.protocols);
		}
		String name = "recording-mtls-server-" + port();
		AtomicInteger threadIds = new AtomicInteger();
		this.workers = Executors.newCachedThreadPool((task) -> daemon(task, name + "-" + threadIds.incrementAndGet()));
		this.acceptThread = daemon(this::acceptLoop, name + "-accept");
		this.acceptThread.start();
	}

	/**
	 * Start building a server that presents the given key and certificate chain.
	 * @param key the server's private key
	 * @param chain the server's certificate chain, leaf first
	 * @return a builder
	 */
	public static Builder builder(PrivateKey key, List<X509Certificate> chain) {
		return new Builder(key, chain);
	}

	/**
	 * The port the server listens on.
	 * @return the port
	 */
	public int port() {
		return this.port;
	}

	/**
	 * The base URL, {@code https://127.0.0.1:<port>} (an IPv6 address in brackets),
	 * without trailing slash.
	 * @return the base URL
	 */
	public String baseUrl() {
		String host = this.address.getHostAddress();
		return "https://" + ((this.address instanceof Inet6Address) ? "[" + host + "]" : host) + ":" + port();
	}

	/**
	 * Number of TLS connections successfully established since start or
	 * {@link #reset()}.
	 * @return the handshake count
	 */
	public int handshakeCount() {
		return this.handshakes.get();
	}

	/**
	 * Number of failed handshakes since start or {@link #reset()}.
	 * @return the failed handshake count
	 */
	public int failedHandshakeCount() {
		return this.failedHandshakes.size();
	}

	/**
	 * Messages of the exceptions of failed handshakes, oldest first.
	 * @return the messages
	 */
	public List<String> failedHandshakes() {
		return List.copyOf(this.failedHandshakes);
	}

	/**
	 * Successfully established connections, oldest first.
	 * @return the connections
	 */
	public List<RecordedConnection> connections() {
		return List.copyOf(this.connections);
	}

	/**
	 * Number of established connections that are currently open.
	 * @return the open connection count
	 */
	public int openConnectionCount() {
		return this.openConnections.get();
	}

	/**
	 * Received requests, oldest first.
	 * @return the requests
	 */
	public List<RecordedRequest> requests() {
		return List.copyOf(this.requests);
	}

	/**
	 * The most recently received request.
	 * @return the request or {@code null}
	 */
	public RecordedRequest lastRequest() {
		List<RecordedRequest> requests = requests();
		return requests.isEmpty() ? null : requests.get(requests.size() - 1);
	}

	/**
	 * Return the oldest request not yet taken, waiting up to 10 seconds for one.
	 * @return the request
	 * @throws IllegalStateException if no request arrived in time
	 */
	public RecordedRequest takeRequest() {
		RecordedRequest request = takeRequest(Duration.ofSeconds(10));
		if (request == null) {
			throw new IllegalStateException("No request received within 10 seconds");
		}
		return request;
	}

	/**
	 * Return the oldest request not yet taken, waiting up to the given timeout.
	 * @param timeout how long to wait
	 * @return the request or {@code null} on timeout
	 */
	public RecordedRequest takeRequest(Duration timeout) {
		try {
			return this.unread.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
	}

	/**
	 * Clear all records. Open connections stay open.
	 */
	public void reset() {
		this.handshakes.set(0);
		this.failedHandshakes.clear();
		this.connections.clear();
		this.requests.clear();
		this.unread.clear();
	}

	/**
	 * Close all currently open client connections, keeping the server running.
	 */
	public void closeConnections() {
		this.openSockets.forEach(RecordingMtlsServer::closeQuietly);
	}

	/**
	 * Stop the server: close the server socket and all connections and stop all threads.
	 * Idempotent.
	 */
	@Override
	public void close() {
		if (this.closed.getCount() == 0) {
			return;
		}
		this.closed.countDown();
		closeQuietly(this.serverSocket);
		closeConnections();
		this.workers.shutdownNow();
		try {
			this.acceptThread.join(CLOSE_TIMEOUT.toMillis());
			this.workers.awaitTermination(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private boolean isClosed() {
		return this.closed.getCount() == 0;
	}

	private void acceptLoop() {
		while (!isClosed()) {
			Socket socket;
			try {
				socket = this.serverSocket.accept();
			}
			catch (IOException ex) {
				continue;
			}
			this.openSockets.add(socket);
			if (isClosed()) {
				closeQuietly(socket);
				return;
			}
			try {
				this.workers.execute(() -> serve((SSLSocket) socket));
			}
			catch (RejectedExecutionException ex) {
				closeQuietly(socket);
			}
		}
	}

	private void serve(SSLSocket socket) {
		try (socket) {
			RecordedConnection connection = handshake(socket);
			if (connection != null) {
				this.openConnections.incrementAndGet();
				try {
					serveRequests(socket, connection);
				}
				finally {
					connection.markClosed();
					this.openConnections.decrementAndGet();
				}
			}
		}
		catch (IOException ex) {
			// Connection ended
		}
		finally {
			this.openSockets.remove(socket);
		}
	}

	private RecordedConnection handshake(SSLSocket socket) {
		try {
			socket.setSoTimeout(HANDSHAKE_TIMEOUT_MILLIS);
			socket.startHandshake();
		}
		catch (IOException ex) {
			if (!isClosed()) {
				this.failedHandshakes.add((ex.getMessage() != null) ? ex.getMessage() : ex.getClass().getName());
			}
			return null;
		}
		SSLSession session = socket.getSession();
		RecordedConnection connection = new RecordedConnection(this.connectionIds.incrementAndGet(),
				peerCertificates(session), session.getProtocol(), session.getCipherSuite(), sniHostName(session),
				socket.getPort());
		this.connections.add(connection);
		this.handshakes.incrementAndGet();
		return connection;
	}

	private static List<X509Certificate> peerCertificates(SSLSession session) {
		try {
			return Arrays.stream(session.getPeerCertificates()).map(X509Certificate.class::cast).toList();
		}
		catch (SSLPeerUnverifiedException ex) {
			return List.of();
		}
	}

	private static String sniHostName(SSLSession session) {
		if (session instanceof ExtendedSSLSession extended) {
			for (SNIServerName name : extended.getRequestedServerNames()) {
				if (name.getType() == StandardConstants.SNI_HOST_NAME) {
					return (name instanceof SNIHostName hostName) ? hostName.getAsciiName()
							: new String(name.getEncoded(), StandardCharsets.US_ASCII);
				}
			}
		}
		return null;
	}

	private void serveRequests(SSLSocket socket, RecordedConnection connection) throws IOException {
		socket.setSoTimeout(this.idleTimeoutMillis);
		InputStream in = new BufferedInputStream(socket.getInputStream());
		OutputStream out = new BufferedOutputStream(socket.getOutputStream());
		while (!isClosed()) {
			String requestLine = readLine(in);
			if (requestLine == null) {
				return;
			}
			if (requestLine.isEmpty()) {
				continue;
			}
			String[] parts = requestLine.split(" ");
			if (parts.length != 3 || !parts[2].startsWith("HTTP/1.")) {
				writeResponse(out, "GET", Response.status(400).body("Bad request line"), false);
				return;
			}
			Map<String, List<String>> headers = readHeaders(in);
			if ("100-continue".equalsIgnoreCase(first(headers, "Expect"))) {
				out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
				out.flush();
			}
			String body = new String(readBody(in, headers), StandardCharsets.UTF_8);
			RecordedRequest request = new RecordedRequest(parts[0], parts[1], headers, body, connection);
			connection.incrementRequestCount();
			this.requests.add(request);
			this.unread.add(request);
			Response response = handle(request);
			if (!response.delay().isZero() && !response.delay().isNegative() && awaitClose(response.delay())) {
				return;
			}
			boolean keepAlive = isKeepAlive(parts[2], headers)
					&& !"close".equalsIgnoreCase(first(response.headers(), "Connection"));
			writeResponse(out, parts[0], response, keepAlive);
			if (!keepAlive) {
				return;
			}
		}
	}

	private Response handle(RecordedRequest request) {
		try {
			Response response = this.handler.apply(request);
			return (response != null) ? response : Response.status(500).body("Handler returned null");
		}
		catch (RuntimeException | Error ex) {
			return Response.status(500).body("Handler failed: " + ex);
		}
	}

	private boolean awaitClose(Duration delay) {
		try {
			return this.closed.await(delay.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return true;
		}
	}

	private static boolean isKeepAlive(String version, Map<String, List<String>> headers) {
		String connection = first(headers, "Connection");
		if (connection != null && connection.toLowerCase(Locale.ROOT).contains("close")) {
			return false;
		}
		return !"HTTP/1.0".equals(version)
				|| (connection != null && connection.toLowerCase(Locale.ROOT).contains("keep-alive"));
	}

	private static Map<String, List<String>> readHeaders(InputStream in) throws IOException {
		Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
		String line;
		while ((line = readLine(in)) != null && !line.isEmpty()) {
			int colon = line.indexOf(':');
			if (colon > 0) {
				headers.computeIfAbsent(line.substring(0, colon).trim(), (name) -> new ArrayList<>())
					.add(line.substring(colon + 1).trim());
			}
		}
		if (line == null) {
			throw new EOFException("Connection closed while reading headers");
		}
		return headers;
	}

	private static byte[] readBody(InputStream in, Map<String, List<String>> headers) throws IOException {
		String transferEncoding = first(headers, "Transfer-Encoding");
		if (transferEncoding != null && transferEncoding.toLowerCase(Locale.ROOT).contains("chunked")) {
			return readChunked(in);
		}
		String contentLength = first(headers, "Content-Length");
		return (contentLength != null) ? readFully(in, Integer.parseInt(contentLength.trim())) : new byte[0];
	}

	private static byte[] readChunked(InputStream in) throws IOException {
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		while (true) {
			String sizeLine = readLine(in);
			if (sizeLine == null) {
				throw new EOFException("Connection closed while reading chunk size");
			}
			int extension = sizeLine.indexOf(';');
			int size = Integer.parseInt(((extension >= 0) ? sizeLine.substring(0, extension) : sizeLine).trim(), 16);
			if (size == 0) {
				readHeaders(in); // trailers
				return body.toByteArray();
			}
			body.write(readFully(in, size));
			readLine(in);
		}
	}

	private static byte[] readFully(InputStream in, int length) throws IOException {
		byte[] bytes = in.readNBytes(length);
		if (bytes.length != length) {
			throw new EOFException("Connection closed while reading body");
		}
		return bytes;
	}

	private static String readLine(InputStream in) throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		int b;
		while ((b = in.read()) != -1) {
			if (b == '\n') {
				byte[] bytes = line.toByteArray();
				int length = (bytes.length > 0 && bytes[bytes.length - 1] == '\r') ? bytes.length - 1 : bytes.length;
				return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
			}
			if (line.size() >= MAX_LINE_LENGTH) {
				throw new IOException("Line too long");
			}
			line.write(b);
		}
		return (line.size() > 0) ? line.toString(StandardCharsets.ISO_8859_1) : null;
	}

	private static void writeResponse(OutputStream out, String method, Response response, boolean keepAlive)
			throws IOException {
		int status = response.status();
		byte[] body = response.body().getBytes(StandardCharsets.UTF_8);
		StringBuilder head = new StringBuilder("HTTP/1.1 ").append(status)
			.append(' ')
			.append(reasonPhrase(status))
			.append("\r\n");
		response.headers().forEach((name, values) -> {
			if (!name.equalsIgnoreCase("Content-Length") && !name.equalsIgnoreCase("Connection")
					&& !name.equalsIgnoreCase("Transfer-Encoding")) {
				values.forEach((value) -> head.append(name).append(": ").append(value).append("\r\n"));
			}
		});
		boolean bodyAllowed = status >= 200 && status != 204 && status != 304;
		if (bodyAllowed) {
			head.append("Content-Length: ").append(body.length).append("\r\n");
		}
		head.append("Connection: ").append(keepAlive ? "keep-alive" : "close").append("\r\n\r\n");
		out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
		if (bodyAllowed && !"HEAD".equals(method)) {
			out.write(body);
		}
		out.flush();
	}

	private static String reasonPhrase(int status) {
		return switch (status) {
			case 200 -> "OK";
			case 201 -> "Created";
			case 202 -> "Accepted";
			case 204 -> "No Content";
			case 301 -> "Moved Permanently";
			case 302 -> "Found";
			case 303 -> "See Other";
			case 304 -> "Not Modified";
			case 307 -> "Temporary Redirect";
			case 308 -> "Permanent Redirect";
			case 400 -> "Bad Request";
			case 401 -> "Unauthorized";
			case 403 -> "Forbidden";
			case 404 -> "Not Found";
			case 429 -> "Too Many Requests";
			case 500 -> "Internal Server Error";
			case 502 -> "Bad Gateway";
			case 503 -> "Service Unavailable";
			case 504 -> "Gateway Timeout";
			default -> "Status " + status;
		};
	}

	private static String first(Map<String, List<String>> headers, String name) {
		for (Map.Entry<String, List<String>> entry : headers.entrySet()) {
			if (entry.getKey().equalsIgnoreCase(name) && !entry.getValue().isEmpty()) {
				return entry.getValue().get(0);
			}
		}
		return null;
	}

	private static SSLContext createSslContext(Builder builder) throws IOException, GeneralSecurityException {
		char[] password = "recording".toCharArray();
		KeyStore keyStore = KeyStore.getInstance("PKCS12");
		keyStore.load(null, null);
		keyStore.setKeyEntry("server", builder.key, password, builder.chain.toArray(new Certificate[0]));
		KeyManagerFactory keyManagerFactory = KeyManagerFactory
			.getInstance(KeyManagerFactory.getDefaultAlgorithm());
		keyManagerFactory.init(keyStore, password);
		KeyStore trustStore = KeyStore.getInstance("PKCS12");
		trustStore.load(null, null);
		for (int i = 0; i < builder.trustedClientCas.size(); i++) {
			trustStore.setCertificateEntry("client-ca-" + i, builder.trustedClientCas.get(i));
		}
		TrustManagerFactory trustManagerFactory = TrustManagerFactory.getInstance("PKIX");
		trustManagerFactory.init(trustStore);
		SSLContext sslContext = SSLContext.getInstance("TLS");
		sslContext.init(keyManagerFactory.getKeyManagers(), trustManagerFactory.getTrustManagers(), null);
		return sslContext;
	}

	private static InetAddress ipv4Loopback() {
		try {
			return InetAddress.getByAddress("127.0.0.1", new byte[] { 127, 0, 0, 1 });
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static Thread daemon(Runnable task, String name) {
		Thread thread = new Thread(task, name);
		thread.setDaemon(true);
		return thread;
	}

	private static void closeQuietly(Closeable closeable) {
		try {
			closeable.close();
		}
		catch (IOException ex) {
			// Ignore
		}
	}

	/**
	 * Client authentication mode of the server.
	 */
	public enum ClientAuth {

		/** A trusted client certificate is required. */
		NEED,

		/** A client certificate is requested; if one is sent it must be trusted. */
		WANT,

		/** No client certificate is requested. */
		NONE

	}

	/**
	 * Builder for {@link RecordingMtlsServer}.
	 */
	public static final class Builder {

		private final PrivateKey key;

		private final List<X509Certificate> chain;

		private List<X509Certificate> trustedClientCas = List.of();

		private ClientAuth clientAuth = ClientAuth.NEED;

		private String[] protocols;

		private Duration idleTimeout = Duration.ZERO;

		private int port;

		private InetAddress address = ipv4Loopback();

		private Function<RecordedRequest, Response> handler = (request) -> Response.ok("ok");

		private Builder(PrivateKey key, List<X509Certificate> chain) {
			this.key = Objects.requireNonNull(key, "key");
			this.chain = List.copyOf(chain);
		}

		/**
		 * Listen on the given port instead of an ephemeral one, e.g. to restart a server
		 * with another certificate where a client expects it.
		 * @param port the port
		 * @return this builder
		 */
		public Builder port(int port) {
			this.port = port;
			return this;
		}

		/**
		 * Listen on the given local address instead of {@code 127.0.0.1}, e.g. the IPv6
		 * loopback {@code ::1}.
		 * @param address the address
		 * @return this builder
		 */
		public Builder address(InetAddress address) {
			this.address = Objects.requireNonNull(address, "address");
			return this;
		}

		/**
		 * Set the CAs trusted to issue client certificates. Without any, no client
		 * certificate is trusted.
		 * @param cas the CA certificates
		 * @return this builder
		 */
		public Builder trustedClientCas(X509Certificate... cas) {
			return trustedClientCas(Arrays.asList(cas));
		}

		/**
		 * Set the CAs trusted to issue client certificates.
		 * @param cas the CA certificates
		 * @return this builder
		 */
		public Builder trustedClientCas(Collection<X509Certificate> cas) {
			this.trustedClientCas = List.copyOf(cas);
			return this;
		}

		/**
		 * Set the client authentication mode, {@link ClientAuth#NEED} by default.
		 * @param clientAuth the mode
		 * @return this builder
		 */
		public Builder clientAuth(ClientAuth clientAuth) {
			this.clientAuth = Objects.requireNonNull(clientAuth, "clientAuth");
			return this;
		}

		/**
		 * Restrict the enabled protocols, for example {@code TLSv1.2}.
		 * @param protocols the protocols
		 * @return this builder
		 */
		public Builder protocols(String... protocols) {
			this.protocols = protocols.clone();
			return this;
		}

		/**
		 * Close keep-alive connections that are idle for longer than the given time. By
		 * default idle connections are kept until the client closes them.
		 * @param idleTimeout the idle timeout, zero for none
		 * @return this builder
		 */
		public Builder idleTimeout(Duration idleTimeout) {
			this.idleTimeout = idleTimeout;
			return this;
		}

		/**
		 * Set the request handler. Exceptions it throws produce a 500 response.
		 * @param handler the handler
		 * @return this builder
		 */
		public Builder handler(Function<RecordedRequest, Response> handler) {
			this.handler = Objects.requireNonNull(handler, "handler");
			return this;
		}

		/**
		 * Start the server on an ephemeral port of {@code 127.0.0.1} unless configured
		 * otherwise.
		 * @return the started server
		 */
		public RecordingMtlsServer start() {
			try {
				return new RecordingMtlsServer(this);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			catch (GeneralSecurityException ex) {
				throw new IllegalStateException("Unable to create server SSLContext", ex);
			}
		}

	}

	/**
	 * An HTTP response to send. {@code Content-Length} and {@code Connection} headers are
	 * added by the server.
	 *
	 * @param status the status code
	 * @param headers the headers, in order
	 * @param body the body, encoded as UTF-8
	 * @param delay how long to wait before responding
	 */
	public record Response(int status, Map<String, List<String>> headers, String body, Duration delay) {

		public Response {
			Map<String, List<String>> copy = new LinkedHashMap<>();
			headers.forEach((name, values) -> copy.put(name, List.copyOf(values)));
			headers = Collections.unmodifiableMap(copy);
			body = (body != null) ? body : "";
			delay = (delay != null) ? delay : Duration.ZERO;
		}

		/**
		 * A 200 {@code text/plain} response.
		 * @param body the body
		 * @return the response
		 */
		public static Response ok(String body) {
			return status(200).header("Content-Type", "text/plain;charset=UTF-8").body(body);
		}

		/**
		 * A 200 {@code application/json} response.
		 * @param json the body
		 * @return the response
		 */
		public static Response json(String json) {
			return status(200).header("Content-Type", "application/json").body(json);
		}

		/**
		 * A response with the given status and an empty body.
		 * @param status the status code
		 * @return the response
		 */
		public static Response status(int status) {
			return new Response(status, Map.of(), "", Duration.ZERO);
		}

		/**
		 * A redirect response.
		 * @param status the status code, for example 302
		 * @param location the {@code Location} header value
		 * @return the response
		 */
		public static Response redirect(int status, String location) {
			return status(status).header("Location", location);
		}

		/**
		 * Return a copy with an added header.
		 * @param name the header name
		 * @param value the header value
		 * @return a new response
		 */
		public Response header(String name, String value) {
			Map<String, List<String>> headers = new LinkedHashMap<>(this.headers);
			List<String> values = new ArrayList<>(headers.getOrDefault(name, List.of()));
			values.add(value);
			headers.put(name, values);
			return new Response(this.status, headers, this.body, this.delay);
		}

		/**
		 * Return a copy with the given body.
		 * @param body the body
		 * @return a new response
		 */
		public Response body(String body) {
			return new Response(this.status, this.headers, body, this.delay);
		}

		/**
		 * Return a copy that is sent after the given delay. Closing the server interrupts
		 * the delay and closes the connection without a response.
		 * @param delay the delay
		 * @return a new response
		 */
		public Response delay(Duration delay) {
			return new Response(this.status, this.headers, this.body, delay);
		}

	}

}
