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
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
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
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.StandardConstants;
import javax.net.ssl.TrustManagerFactory;

import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.EofException;
import org.eclipse.jetty.io.ManagedSelector;
import org.eclipse.jetty.io.SocketChannelEndPoint;
import org.eclipse.jetty.io.ssl.SslConnection;
import org.eclipse.jetty.io.ssl.SslHandshakeListener;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.component.LifeCycle;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.jspecify.annotations.Nullable;

/**
 * HTTPS (HTTP/1.1, keep-alive) server for tests, built on Jetty. Performs real TLS
 * handshakes on {@code 127.0.0.1} (or another local address such as {@code ::1}),
 * optionally requiring a client certificate, and records handshakes, connections and
 * requests so that tests can assert on what the server saw.
 * <p>
 * Requests are recorded before the response is written, so they can be asserted as soon
 * as the client has its response. Handshake failures and connection closes happen
 * asynchronously and should be awaited.
 */
public final class RecordingMtlsServer implements AutoCloseable {

	private static final int MAX_HEADER_SIZE = 64 * 1024;

	private final InetAddress address;

	private final Function<RecordedRequest, Response> handler;

	private final Server server;

	private final ServerConnector connector;

	private final AtomicBoolean closing = new AtomicBoolean();

	/** Released once the connector stopped: no delayed response is sent after that. */
	private final CountDownLatch closed = new CountDownLatch(1);

	/** The sockets of the accepted connections, for close() to be sure none is left. */
	private final Set<SocketChannel> sockets = ConcurrentHashMap.newKeySet();

	/** Every TLS connection the server accepted and has not closed, handshaken or not. */
	private final Map<SSLEngine, SslConnection> accepted = new ConcurrentHashMap<>();

	/** The connections whose handshake succeeded and that are still open. */
	private final Map<SSLEngine, RecordedConnection> established = new ConcurrentHashMap<>();

	/** The open connections whose handshake failed and was recorded. */
	private final Set<SSLEngine> failed = ConcurrentHashMap.newKeySet();

	private final AtomicInteger connectionIds = new AtomicInteger();

	private final AtomicInteger handshakes = new AtomicInteger();

	private final List<String> failedHandshakes = new CopyOnWriteArrayList<>();

	private final List<RecordedConnection> connections = new CopyOnWriteArrayList<>();

	private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();

	private final BlockingQueue<RecordedRequest> unread = new LinkedBlockingQueue<>();

	private RecordingMtlsServer(Builder builder) throws Exception {
		this.address = builder.address;
		this.handler = builder.handler;
		// Bound before Jetty exists so that every thread can carry the port in its name.
		ServerSocketChannel channel = ServerSocketChannel.open();
		try {
			channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
			channel.bind(new InetSocketAddress(builder.address, builder.port), 50);
			String name = "recording-mtls-server-" + ((InetSocketAddress) channel.getLocalAddress()).getPort();
			QueuedThreadPool threads = new QueuedThreadPool();
			threads.setName(name);
			threads.setDaemon(true);
			threads.setReservedThreads(0);
			this.server = new Server(threads, new ScheduledExecutorScheduler(name + "-scheduler", true), null);
			this.connector = new ServerConnector(this.server, 1, 1,
					new SslConnectionFactory(sslContextFactory(builder), "http/1.1"),
					new HttpConnectionFactory(httpConfiguration())) {

				@Override
				protected SocketChannelEndPoint newEndPoint(SocketChannel socket, ManagedSelector selector,
						SelectionKey key) throws IOException {
					RecordingMtlsServer.this.sockets.removeIf((open) -> !open.isOpen());
					RecordingMtlsServer.this.sockets.add(socket);
					return super.newEndPoint(socket, selector, key);
				}

			};
			// Zero keeps idle connections until the client closes them.
			this.connector.setIdleTimeout(builder.idleTimeout.toMillis());
			this.connector.addBean(new ConnectionRecorder());
			this.connector.addBean(new HandshakeRecorder());
			// Only once the connector accepts no more connections: a client that retries
			// a request whose delayed response close() cut short must find none.
			this.connector.addEventListener(new LifeCycle.Listener() {

				@Override
				public void lifeCycleStopped(LifeCycle event) {
					RecordingMtlsServer.this.closed.countDown();
				}

			});
			this.connector.open(channel);
			this.server.addConnector(this.connector);
			this.server.setHandler(new RecordingHandler());
			this.server.start();
		}
		catch (Exception ex) {
			channel.close();
			throw ex;
		}
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
		return this.connector.getLocalPort();
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
	 * Why the failed handshakes failed (the messages of their exceptions, such as the
	 * alert the client sent), oldest first.
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
		return this.established.size();
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
	public @Nullable RecordedRequest lastRequest() {
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
	public @Nullable RecordedRequest takeRequest(Duration timeout) {
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
	 * Close the server's side of every open connection now, keeping the server running,
	 * as a server does at its keep-alive timeout: a client's pooled connections then look
	 * alive but are not.
	 */
	public void closeConnections() {
		this.accepted.values().forEach(RecordingMtlsServer::closeNow);
	}

	/**
	 * Stop the server: close the listening socket and all connections and stop all
	 * threads. Idempotent.
	 */
	@Override
	public void close() {
		// First, so that failures of the handshakes that the stop cuts short are not
		// recorded.
		if (!this.closing.compareAndSet(false, true)) {
			return;
		}
		try {
			this.server.stop();
		}
		catch (Exception ex) {
			throw new IllegalStateException("Unable to stop the server on port " + port(), ex);
		}
		finally {
			this.closed.countDown();
			closeConnections();
			// Jetty may report the last closes after stop() returned; callers expect none
			// open once close() did.
			this.accepted.keySet().forEach(this::closed);
			this.established.keySet().forEach(this::closed);
			// A client that retries as the server stops can have a connection accepted
			// that the stop leaves open; it must fail, not wait forever.
			this.sockets.forEach(RecordingMtlsServer::closeQuietly);
		}
	}

	private boolean isClosed() {
		return this.closing.get();
	}

	/**
	 * Close a connection at once, as closing a socket does: a close_notify if it can be
	 * sent right away, then the TCP connection.
	 */
	private static void closeNow(SslConnection connection) {
		connection.getSslEndPoint().close();
		connection.getEndPoint().close();
	}

	private void closed(SSLEngine engine) {
		this.accepted.remove(engine);
		RecordedConnection connection = this.established.remove(engine);
		if (connection != null) {
			connection.markClosed();
		}
		else if (!this.failed.remove(engine)) {
			// Jetty reports no failure when the peer just hangs up mid-handshake (as the
			// JDK's HttpClient does when it refuses the server certificate); a blocking
			// handshake fails then, and the tests count it as one.
			handshakeFailed("Connection closed by the client during the handshake");
		}
	}

	private void handshakeFailed(String reason) {
		if (!isClosed()) {
			this.failedHandshakes.add(reason);
		}
	}

	private static SslContextFactory.Server sslContextFactory(Builder builder) throws Exception {
		SslContextFactory.Server factory = new SslContextFactory.Server() {

			@Override
			protected void checkCiphers(SSLParameters parameters) {
				// The JDK's defaults are enabled on purpose (below): no warning per suite.
			}

		};
		factory.setSslContext(createSslContext(builder));
		switch (builder.clientAuth) {
			case NEED -> factory.setNeedClientAuth(true);
			case WANT -> factory.setWantClientAuth(true);
			case NONE -> factory.setNeedClientAuth(false);
		}
		// The JDK's defaults, not Jetty's stricter choice, as a client meets them in the
		// servers it is written for.
		factory.setExcludeCipherSuites();
		factory.setExcludeProtocols();
		if (builder.protocols != null) {
			factory.setIncludeProtocols(builder.protocols);
		}
		return factory;
	}

	private static HttpConfiguration httpConfiguration() {
		HttpConfiguration configuration = new HttpConfiguration();
		// Only the headers the handler asked for, plus Content-Length and Connection.
		configuration.setSendServerVersion(false);
		configuration.setSendDateHeader(false);
		configuration.setRequestHeaderSize(MAX_HEADER_SIZE);
		// Records what a client sends rather than judging it.
		configuration.setUriCompliance(UriCompliance.LEGACY);
		// Jetty adds one that refuses a Host the certificate does not name; a test decides
		// the names the client sends, and the handshake already checked the certificate.
		SecureRequestCustomizer secure = new SecureRequestCustomizer();
		secure.setSniHostCheck(false);
		configuration.addCustomizer(secure);
		return configuration;
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

	private static List<X509Certificate> peerCertificates(SSLSession session) {
		try {
			return Arrays.stream(session.getPeerCertificates()).map(X509Certificate.class::cast).toList();
		}
		catch (SSLPeerUnverifiedException ex) {
			return List.of();
		}
	}

	private static @Nullable String sniHostName(SSLSession session) {
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

	private static int port(@Nullable SocketAddress address) {
		return (address instanceof InetSocketAddress inet) ? inet.getPort() : -1;
	}

	private static void closeQuietly(SocketChannel socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// Closed already
		}
	}

	private static InetAddress ipv4Loopback() {
		try {
			return InetAddress.getByAddress("127.0.0.1", new byte[] { 127, 0, 0, 1 });
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Tracks every TLS connection from accept to close.
	 */
	private final class ConnectionRecorder implements Connection.Listener {

		@Override
		public void onOpened(Connection connection) {
			if (connection instanceof SslConnection tls) {
				RecordingMtlsServer.this.accepted.put(tls.getSSLEngine(), tls);
			}
		}

		@Override
		public void onClosed(Connection connection) {
			if (connection instanceof SslConnection tls) {
				closed(tls.getSSLEngine());
			}
		}

	}

	/**
	 * Records each handshake: the connection it established, or why it failed.
	 */
	private final class HandshakeRecorder implements SslHandshakeListener {

		@Override
		public void handshakeSucceeded(Event event) {
			SSLEngine engine = event.getSSLEngine();
			SSLSession session = engine.getSession();
			RecordedConnection connection = new RecordedConnection(
					RecordingMtlsServer.this.connectionIds.incrementAndGet(), peerCertificates(session),
					session.getProtocol(), session.getCipherSuite(), sniHostName(session),
					port(event.getEndPoint().getRemoteSocketAddress()));
			RecordingMtlsServer.this.established.put(engine, connection);
			RecordingMtlsServer.this.connections.add(connection);
			RecordingMtlsServer.this.handshakes.incrementAndGet();
		}

		@Override
		public void handshakeFailed(Event event, Throwable failure) {
			RecordingMtlsServer.this.failed.add(event.getSSLEngine());
			RecordingMtlsServer.this
				.handshakeFailed((failure.getMessage() != null) ? failure.getMessage() : failure.getClass().getName());
		}

	}

	/**
	 * Records each request, then answers it with the handler's response. Blocks a
	 * thread for the response's delay, as a slow backend does.
	 */
	private final class RecordingHandler extends Handler.Abstract {

		@Override
		public boolean handle(Request request, org.eclipse.jetty.server.Response response, Callback callback)
				throws Exception {
			EndPoint endPoint = request.getConnectionMetaData().getConnection().getEndPoint();
			SslConnection tls = ((SslConnection.SslEndPoint) endPoint).getSslConnection();
			RecordedConnection connection = RecordingMtlsServer.this.established.get(tls.getSSLEngine());
			String body = Content.Source.asString(request, StandardCharsets.UTF_8);
			RecordedRequest recorded = new RecordedRequest(request.getMethod(), request.getHttpURI().getPathQuery(),
					headers(request), body, connection);
			connection.incrementRequestCount();
			RecordingMtlsServer.this.requests.add(recorded);
			RecordingMtlsServer.this.unread.add(recorded);
			Response answer = answer(recorded);
			if (!answer.delay().isZero() && !answer.delay().isNegative() && awaitClose(answer.delay())) {
				// The server is closing: no response, as from a server that went away.
				closeNow(tls);
				callback.failed(new EofException("Server closed during the response's delay"));
				return true;
			}
			write(request, response, answer, callback);
			return true;
		}

		private Map<String, List<String>> headers(Request request) {
			Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
			for (HttpField field : request.getHeaders()) {
				headers.computeIfAbsent(field.getName(), (name) -> new ArrayList<>()).add(field.getValue());
			}
			return headers;
		}

		private Response answer(RecordedRequest request) {
			try {
				Response response = RecordingMtlsServer.this.handler.apply(request);
				return (response != null) ? response : Response.status(500).body("Handler returned null");
			}
			catch (RuntimeException | Error ex) {
				return Response.status(500).body("Handler failed: " + ex);
			}
		}

		private boolean awaitClose(Duration delay) {
			try {
				return RecordingMtlsServer.this.closed.await(delay.toMillis(), TimeUnit.MILLISECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return true;
			}
		}

		private void write(Request request, org.eclipse.jetty.server.Response response, Response answer,
				Callback callback) {
			response.setStatus(answer.status());
			answer.headers().forEach((name, values) -> {
				if (!name.equalsIgnoreCase("Content-Length") && !name.equalsIgnoreCase("Connection")
						&& !name.equalsIgnoreCase("Transfer-Encoding")) {
					values.forEach((value) -> response.getHeaders().add(name, value));
				}
			});
			if (closesConnection(answer)) {
				// Jetty ends the connection after a response that says so.
				response.getHeaders().put(HttpHeader.CONNECTION, "close");
			}
			int status = answer.status();
			boolean bodyAllowed = status >= 200 && status != 204 && status != 304;
			if (!bodyAllowed) {
				response.write(true, BufferUtil.EMPTY_BUFFER, callback);
				return;
			}
			byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
			response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
			response.write(true, ByteBuffer.wrap(body), callback);
		}

		private boolean closesConnection(Response answer) {
			return answer.headers().entrySet().stream()
				.filter((header) -> header.getKey().equalsIgnoreCase("Connection"))
				.flatMap((header) -> header.getValue().stream())
				.anyMatch((value) -> value.toLowerCase(Locale.ROOT).contains("close"));
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
			catch (Exception ex) {
				throw new IllegalStateException("Unable to start the server", ex);
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
