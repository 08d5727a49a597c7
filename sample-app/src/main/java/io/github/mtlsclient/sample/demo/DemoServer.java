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

package io.github.mtlsclient.sample.demo;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.github.mtlsclient.sample.demo.ClientCertificateCheck.Verdict;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * The remote service of the demo: an HTTPS server on 127.0.0.1 that requests a client
 * certificate but does not require one, like the server in undici's client-certificate
 * example ({@code requestCert: true, rejectUnauthorized: false}). The handshake accepts
 * whatever the client presents; every request is then answered with a JSON verdict on
 * it, and the verdict is logged: {@code valid}, or why not.
 *
 * @author mtls-client-spring-boot authors
 */
public final class DemoServer implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(DemoServer.class);

	private final HttpsServer server;

	private final ExecutorService executor;

	private final ClientCertificateCheck check;

	private DemoServer(HttpsServer server, ExecutorService executor, ClientCertificateCheck check) {
		this.server = server;
		this.executor = executor;
		this.check = check;
	}

	/**
	 * Start the server on 127.0.0.1 with the demo PKI's server certificate, accepting
	 * client certificates from the demo PKI's client CA.
	 * @param port the port, {@code 0} for any free one
	 * @param pki the demo PKI
	 * @return the running server
	 */
	public static DemoServer start(int port, DemoPki pki) {
		try {
			SSLContext sslContext = sslContext(pki);
			HttpsServer https = HttpsServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 0);
			https.setHttpsConfigurator(new HttpsConfigurator(sslContext) {

				@Override
				public void configure(HttpsParameters parameters) {
					SSLParameters ssl = sslContext.getDefaultSSLParameters();
					// Ask for a client certificate; do the judging per request, not in the handshake.
					ssl.setWantClientAuth(true);
					parameters.setSSLParameters(ssl);
				}

			});
			ExecutorService executor = Executors.newFixedThreadPool(4, (task) -> {
				Thread thread = new Thread(task, "demo-mtls-server");
				thread.setDaemon(true);
				return thread;
			});
			https.setExecutor(executor);
			DemoServer server = new DemoServer(https, executor, new ClientCertificateCheck(pki.clientCaCertificate()));
			https.createContext("/", server::answer);
			https.start();
			logger.info("Demo mTLS server on https://127.0.0.1:%d requests a client certificate and authorizes those from %s"
				.formatted(server.port(), pki.clientCaCertificate().getSubjectX500Principal().getName()));
			return server;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot start the demo mTLS server on 127.0.0.1:" + port, ex);
		}
	}

	/**
	 * The port the server listens on.
	 * @return the port
	 */
	public int port() {
		return this.server.getAddress().getPort();
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.executor.shutdownNow();
	}

	private void answer(HttpExchange exchange) throws IOException {
		try (exchange) {
			Verdict verdict = this.check.check(presentedChain((HttpsExchange) exchange));
			if (verdict.authorized()) {
				logger.info("valid (%s, serial %s)".formatted(verdict.subject(), verdict.serial()));
			}
			else {
				logger.warn("%s%s".formatted(verdict.authorizationError(), (verdict.subject() != null)
						? " (%s, serial %s)".formatted(verdict.subject(), verdict.serial()) : ""));
			}
			byte[] body = JsonMapper.shared()
				.writeValueAsBytes(Answer.of(verdict, exchange.getRequestHeaders().getFirst("User-Agent")));
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, body.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		}
	}

	private static Certificate[] presentedChain(HttpsExchange exchange) {
		try {
			return exchange.getSSLSession().getPeerCertificates();
		}
		catch (SSLPeerUnverifiedException ex) {
			return null;
		}
	}

	private static SSLContext sslContext(DemoPki pki) throws IOException {
		try {
			KeyStore keyStore = KeyStore.getInstance("PKCS12");
			keyStore.load(null, null);
			char[] password = new char[0];
			keyStore.setKeyEntry("server", Pem.readPrivateKey(pki.serverPrivateKey()), password,
					new Certificate[] { Pem.readCertificate(pki.serverCertificate()) });
			KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
			keyManagers.init(keyStore, password);
			SSLContext sslContext = SSLContext.getInstance("TLS");
			sslContext.init(keyManagers.getKeyManagers(),
					new TrustManager[] { new AcceptAnyClient(pki.clientCaCertificate()) }, null);
			return sslContext;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot build the demo server's TLS context", ex);
		}
	}

	/**
	 * What the server answers to every request: its verdict on the client certificate,
	 * and the HTTP client that sent the request, as it names itself (Apache HttpClient 5
	 * behind a {@code RestClient}, Reactor Netty behind a {@code WebClient}).
	 *
	 * @param authorized whether the presented chain validates against the client CA
	 * @param authorizationError why not, or {@code null} when authorized
	 * @param subject the subject of the presented certificate, or {@code null}
	 * @param serial the serial number (hexadecimal) of the presented certificate, or
	 * {@code null}
	 * @param userAgent the request's {@code User-Agent}, or {@code null}
	 */
	record Answer(boolean authorized, String authorizationError, String subject, String serial, String userAgent) {

		static Answer of(Verdict verdict, String userAgent) {
			return new Answer(verdict.authorized(), verdict.authorizationError(), verdict.subject(), verdict.serial(),
					userAgent);
		}

	}

	/**
	 * Lets every client certificate through the handshake, as
	 * {@code rejectUnauthorized: false} does; {@link ClientCertificateCheck} judges it
	 * afterwards. Names the client CA in the certificate request, as a server does.
	 */
	private static final class AcceptAnyClient implements X509TrustManager {

		private final X509Certificate clientCa;

		AcceptAnyClient(X509Certificate clientCa) {
			this.clientCa = clientCa;
		}

		@Override
		public void checkClientTrusted(X509Certificate[] chain, String authType) {
		}

		@Override
		public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
			throw new CertificateException("The demo server never checks a server certificate");
		}

		@Override
		public X509Certificate[] getAcceptedIssuers() {
			return new X509Certificate[] { this.clientCa };
		}

	}

}
