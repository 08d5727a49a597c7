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

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.concurrent.TimeoutException;

import javax.net.ssl.SSLException;

import io.github.mtlsclient.material.FailureExplanations;
import io.github.mtlsclient.material.IdentityEngine;
import io.github.mtlsclient.settings.ClientSettings;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.timeout.ReadTimeoutException;
import reactor.netty.http.client.PrematureCloseException;

import org.springframework.http.HttpMethod;

/**
 * Turns the failures Reactor Netty reports for a client's exchange into the explanations
 * the blocking client gives ({@link FailureExplanations}): which client, what happened,
 * which certificate or setting, what to do. {@code WebClient} wraps what comes out in a
 * {@code WebClientRequestException} whose message is the explanation. The explanation
 * has the class of the original where it can be recreated (the JDK's TLS exceptions);
 * otherwise a public JDK class that says the same: a {@link SocketTimeoutException} for
 * Netty's read timeout, as the blocking client throws, a {@link TimeoutException} for a
 * pool that had no connection to give, an {@link IOException} for a connection closed
 * before the response. The original is always its cause; a failure not known here is
 * passed on unchanged.
 *
 * @author mtls-client-spring-boot authors
 */
final class ReactiveFailureExplainer {

	private final ClientSettings settings;

	private final FailureExplanations explanations;

	ReactiveFailureExplainer(ClientSettings settings, IdentityEngine engine) {
		this.settings = settings;
		this.explanations = new FailureExplanations(settings.name(), origin(settings), engine);
	}

	/**
	 * The explanation of a failed exchange, or the failure itself if it needs none.
	 * @param ex what Reactor Netty reported
	 * @param method the request's method
	 * @param uri the request's URI
	 * @return the explained failure, or {@code ex}
	 */
	Throwable explain(Throwable ex, HttpMethod method, URI uri) {
		if (ex instanceof ReadTimeoutException) {
			return FailureExplanations.withCause(
					new SocketTimeoutException(this.explanations.readTimeout(this.settings.readTimeout(), ex)), ex);
		}
		if (isPoolAcquireTimeout(ex)) {
			ClientSettings.Pool pool = this.settings.pool();
			return FailureExplanations.withCause(
					new TimeoutException(this.explanations.poolExhausted(pool.maxConnections(), pool.acquireTimeout())),
					ex);
		}
		// A TLS failure after the handshake started reaches the connection as a decoder's
		// failure.
		SSLException tls = (ex instanceof SSLException ssl) ? ssl
				: (ex instanceof DecoderException && ex.getCause() instanceof SSLException ssl) ? ssl : null;
		if (tls != null) {
			String explanation = this.explanations.tlsFailure(tls, this.settings.tls().protocols());
			SSLException explained = (explanation != null) ? FailureExplanations.sameClass(tls, explanation) : null;
			return (explained != null) ? FailureExplanations.withCause(explained, ex) : ex;
		}
		if (ex instanceof PrematureCloseException && String.valueOf(ex.getMessage())
			.toLowerCase(Locale.ROOT)
			.contains("before response")) {
			return FailureExplanations.withCause(new IOException(closedBeforeResponse(ex, method, uri)), ex);
		}
		return ex;
	}

	/**
	 * Reactor Netty's own pool says it had no connection to give within the acquire
	 * timeout; its exception class is internal to Reactor Netty, so only its name can be
	 * relied on.
	 */
	private static boolean isPoolAcquireTimeout(Throwable ex) {
		return ex instanceof TimeoutException && ex.getClass().getSimpleName().equals("PoolAcquireTimeoutException");
	}

	/**
	 * On a new connection, TLS 1.3 lets a server that refuses the client certificate just
	 * hang up after the handshake; on a pooled one the server may have timed the
	 * connection out just then. Neither is sent again.
	 */
	private String closedBeforeResponse(Throwable ex, HttpMethod method, URI uri) {
		return this.explanations.closedWithoutAnswer(method.name(), uri.getRawPath()) + ". This client sends no request twice: send it again yourself if that is safe. On a new connection "
				+ "this means the server most likely rejected this client's certificate "
				+ this.explanations.describePresented() + FailureExplanations.detail(ex);
	}


	private static String origin(ClientSettings settings) {
		try {
			return new URI("https", null, settings.host(), settings.port(), null, null, null).toString();
		}
		catch (URISyntaxException ex) {
			return "https://" + settings.host() + ":" + settings.port();
		}
	}

}
