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

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.net.ssl.SSLContext;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.util.ssl.SslContextFactory;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStoreDetails;

/**
 * The benchmark's mTLS server, run in its own JVM: Jetty on {@code 127.0.0.1} requiring
 * a client certificate signed by the run's CA, answering every request with a short
 * text. A second, plain-HTTP connector tells the driver the handshake count and when a
 * client certificate was first seen. Prints {@code READY <tls port> <admin port>} and
 * stops when its standard input closes, so it never outlives the driver.
 * <p>
 * Arguments: server certificate, server key and CA certificate, all PEM files.
 *
 * @author mtls-client-spring-boot authors
 */
public final class JettyMtlsServerMain {

	static final String READY = "READY";

	private static final byte[] BODY = "hello from the mTLS benchmark server\n".getBytes(StandardCharsets.US_ASCII);

	private JettyMtlsServerMain() {
	}

	public static void main(String[] args) throws Exception {
		HandshakeRecorder recorder = new HandshakeRecorder();
		Server server = new Server();
		ServerConnector tls = new ServerConnector(server, sslConnectionFactory(args),
				new HttpConnectionFactory());
		tls.setHost("127.0.0.1");
		// Longer than any pause between a client's rounds: a connection the server closed
		// would show up as the client's handshake.
		tls.setIdleTimeout(120_000);
		tls.addBean(recorder);
		ServerConnector admin = new ServerConnector(server);
		admin.setHost("127.0.0.1");
		server.addConnector(tls);
		server.addConnector(admin);
		server.setHandler(new BenchmarkHandler(recorder));
		server.start();
		System.out.println(READY + " " + tls.getLocalPort() + " " + admin.getLocalPort());
		System.out.flush();
		while (System.in.read() != -1) {
			// The driver never writes; end of input means it has finished or died.
		}
		server.stop();
		System.exit(0);
	}

	private static SslConnectionFactory sslConnectionFactory(String[] args) throws Exception {
		PemSslStoreDetails identity = PemSslStoreDetails.forCertificate(read(args[0])).withPrivateKey(read(args[1]));
		PemSslStoreDetails trust = PemSslStoreDetails.forCertificate(read(args[2]));
		SSLContext sslContext = SslBundle.of(new PemSslStoreBundle(identity, trust)).createSslContext();
		SslContextFactory.Server factory = new SslContextFactory.Server();
		factory.setSslContext(sslContext);
		factory.setNeedClientAuth(true);
		return new SslConnectionFactory(factory, "http/1.1");
	}

	private static String read(String file) throws java.io.IOException {
		return Files.readString(Path.of(file));
	}

	/**
	 * Answers the benchmark requests on the TLS connector and the driver's questions on
	 * the plain one.
	 */
	private static final class BenchmarkHandler extends Handler.Abstract.NonBlocking {

		private final HandshakeRecorder recorder;

		BenchmarkHandler(HandshakeRecorder recorder) {
			this.recorder = recorder;
		}

		@Override
		public boolean handle(Request request, Response response, Callback callback) {
			if (request.isSecure()) {
				reply(response, callback, BODY);
				return true;
			}
			String path = Request.getPathInContext(request);
			if (path.equals("/handshakes")) {
				reply(response, callback, String.valueOf(this.recorder.handshakes()));
			}
			else if (path.equals("/first-handshake")) {
				Fields query = Request.extractQueryParameters(request);
				reply(response, callback, String.valueOf(this.recorder.firstSeenMicros(query.getValue("serial"))));
			}
			else {
				Response.writeError(request, response, callback, HttpStatus.NOT_FOUND_404);
			}
			return true;
		}

		private static void reply(Response response, Callback callback, String text) {
			reply(response, callback, text.getBytes(StandardCharsets.US_ASCII));
		}

		private static void reply(Response response, Callback callback, byte[] body) {
			response.setStatus(HttpStatus.OK_200);
			response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain");
			response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
			response.write(true, ByteBuffer.wrap(body), callback);
		}

	}

}
