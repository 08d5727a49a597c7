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

package io.github.mtlsclient.benchmarks.client;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.net.ssl.SSLContext;

import io.github.mtlsclient.benchmarks.pki.PkiFiles;
import io.github.mtlsclient.settings.MtlsClientProperties;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.client5.http.ssl.ClientTlsStrategyBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.ssl.TLS;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStoreDetails;

/**
 * Clients 2 and 3: HttpClient 5 wired by hand and called directly, with no
 * {@code RestClient} on top. The pool has the starter's default size.
 * <p>
 * With the reuse fix, every connection and every request carry the same user token:
 * HttpClient otherwise keeps the TLS client principal as the state of a connection that
 * presented a certificate, and a request without state never leases it again. Without
 * the fix is how hand-written code usually looks, and it makes a full handshake per
 * request.
 *
 * @author mtls-client-spring-boot authors
 */
final class HandWiredHttpClients {

	private static final Object USER_TOKEN = "benchmark-identity";

	private HandWiredHttpClients() {
	}

	static ClientUnderTest create(Contender contender, URI origin, String path, PkiFiles pki) {
		boolean reuseFix = switch (contender) {
			case HTTPCLIENT_WITH_FIX -> true;
			case HTTPCLIENT_WITHOUT_FIX -> false;
			default -> throw new IllegalArgumentException(contender + " is not a hand-wired HttpClient");
		};
		int poolSize = MtlsClientProperties.BuiltInDefaults.MAX_CONNECTIONS;
		PoolingHttpClientConnectionManager pool = PoolingHttpClientConnectionManagerBuilder.create()
			.setTlsSocketStrategy(ClientTlsStrategyBuilder.create()
				.setSslContext(sslContext(pki))
				.setTlsVersions(TLS.V_1_3, TLS.V_1_2)
				.buildClassic())
			.setMaxConnTotal(poolSize)
			.setMaxConnPerRoute(poolSize)
			.build();
		HttpClientBuilder builder = HttpClients.custom().setConnectionManager(pool);
		if (reuseFix) {
			builder.setUserTokenHandler((route, context) -> USER_TOKEN);
		}
		CloseableHttpClient httpClient = builder.build();
		URI uri = origin.resolve(path);
		return new JavaClient(contender, () -> {
			HttpGet get = new HttpGet(uri);
			String body = reuseFix ? httpClient.execute(get, contextWithToken(), HandWiredHttpClients::body)
					: httpClient.execute(get, HandWiredHttpClients::body);
			if (body.isEmpty()) {
				throw new IllegalStateException("Empty response");
			}
		}, httpClient);
	}

	private static HttpClientContext contextWithToken() {
		HttpClientContext context = HttpClientContext.create();
		context.setUserToken(USER_TOKEN);
		return context;
	}

	private static String body(ClassicHttpResponse response) throws IOException {
		try {
			if (response.getCode() != 200) {
				throw new IOException("HTTP " + response.getCode());
			}
			return EntityUtils.toString(response.getEntity());
		}
		catch (org.apache.hc.core5.http.ParseException ex) {
			throw new IOException(ex);
		}
	}

	// Also the SSLContext of client 8, so both hand-wired clients present the same identity.
	static SSLContext sslContext(PkiFiles pki) {
		PemSslStoreDetails identity = PemSslStoreDetails.forCertificate(read(pki.clientCertificate()))
			.withPrivateKey(read(pki.clientKey()));
		PemSslStoreDetails trust = PemSslStoreDetails.forCertificate(read(pki.ca()));
		return SslBundle.of(new PemSslStoreBundle(identity, trust)).createSslContext();
	}

	private static String read(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

}
