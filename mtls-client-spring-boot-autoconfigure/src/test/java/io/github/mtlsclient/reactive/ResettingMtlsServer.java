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

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

import io.github.mtlsclient.testsupport.MtlsFixture;
import org.jspecify.annotations.Nullable;

/**
 * A deliberately rude HTTPS server on {@code 127.0.0.1} that requires a client
 * certificate, reads each request whole and records it, answers those whose path starts
 * with {@code /ok} and resets the connection (TCP RST, no TLS close) under any other:
 * the client cannot know whether the server acted on the request. Written on plain
 * sockets because a full server would answer or close politely.
 *
 * @author mtls-client-spring-boot authors
 */
final class ResettingMtlsServer implements AutoCloseable {

	private final ServerSocket listener;

	private final SSLContext sslContext;

	private final ExecutorService threads = Executors.newCachedThreadPool();

	private final List<Socket> sockets = new CopyOnWriteArrayList<>();

	private final List<Request> requests = new CopyOnWriteArrayList<>();

	ResettingMtlsServer(MtlsFixture pki) throws IOException, GeneralSecurityException {
		this.sslContext = sslContext(pki);
		this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		this.threads.submit(this::accept);
	}

	String baseUrl() {
		return "https://127.0.0.1:" + this.listener.getLocalPort();
	}

	/**
	 * The requests read so far, whole, each before its connection was answered or reset.
	 * @return the requests, oldest first
	 */
	List<Request> requests() {
		return List.copyOf(this.requests);
	}

	@Override
	public void close() throws IOException {
		this.listener.close();
		for (Socket socket : this.sockets) {
			socket.close();
		}
		this.threads.shutdownNow();
	}

	private void accept() {
		while (!this.listener.isClosed()) {
			try {
				Socket socket = this.listener.accept();
				this.sockets.add(socket);
				this.threads.submit(() -> serve(socket));
			}
			catch (IOException ex) {
				return;
			}
		}
	}

	private void serve(Socket socket) {
		try (SSLSocket tls = (SSLSocket) this.sslContext.getSocketFactory()
			.createSocket(socket, null, socket.getPort(), false)) {
			tls.setUseClientMode(false);
			tls.setNeedClientAuth(true);
			tls.startHandshake();
			BigInteger serial = ((X509Certificate) tls.getSession().getPeerCertificates()[0]).getSerialNumber();
			InputStream in = tls.getInputStream();
			OutputStream out = tls.getOutputStream();
			while (true) {
				Request request = read(in, serial);
				if (request == null) {
					return;
				}
				this.requests.add(request);
				if (!request.path().startsWith("/ok")) {
					// Linger zero: close sends a TCP RST at once, without a TLS close_notify.
					socket.setSoLinger(true, 0);
					socket.close();
					return;
				}
				out.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.US_ASCII));
				out.flush();
			}
		}
		catch (IOException ex) {
			// The client went away, or the connection was reset on purpose.
		}
	}

	private static @Nullable Request read(InputStream in, BigInteger serial) throws IOException {
		ByteArrayOutputStream head = new ByteArrayOutputStream();
		int matched = 0;
		while (matched < 4) {
			int b = in.read();
			if (b == -1) {
				return null;
			}
			head.write(b);
			matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : ((b == '\r') ? 1 : 0);
		}
		String[] lines = head.toString(StandardCharsets.US_ASCII).split("\r\n");
		String[] requestLine = lines[0].split(" ");
		int contentLength = 0;
		for (String line : lines) {
			if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
				contentLength = Integer.parseInt(line.substring("content-length:".length()).trim());
			}
		}
		byte[] body = in.readNBytes(contentLength);
		return new Request(requestLine[0], requestLine[1], new String(body, StandardCharsets.UTF_8), serial);
	}

	private static SSLContext sslContext(MtlsFixture pki) throws IOException, GeneralSecurityException {
		char[] password = "resetting".toCharArray();
		KeyStore keyStore = KeyStore.getInstance("PKCS12");
		keyStore.load(null, null);
		keyStore.setKeyEntry("server", pki.server.privateKey(), password, pki.server.chain().toArray(new Certificate[0]));
		KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
		keys.init(keyStore, password);
		KeyStore trustStore = KeyStore.getInstance("PKCS12");
		trustStore.load(null, null);
		trustStore.setCertificateEntry("client-ca", pki.clientCa.certificate());
		TrustManagerFactory trust = TrustManagerFactory.getInstance("PKIX");
		trust.init(trustStore);
		SSLContext context = SSLContext.getInstance("TLS");
		context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
		return context;
	}

	/**
	 * A request as read.
	 *
	 * @param method the method
	 * @param path the path and query
	 * @param body the body
	 * @param peerSerial the serial of the client certificate of its connection
	 */
	record Request(String method, String path, String body, BigInteger peerSerial) {

	}

}
