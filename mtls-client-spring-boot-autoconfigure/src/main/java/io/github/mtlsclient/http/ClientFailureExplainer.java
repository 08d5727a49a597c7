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
package io.github.mtlsclient.http;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

import javax.net.ssl.SSLException;

import io.github.mtlsclient.material.FailureExplanations;
import io.github.mtlsclient.material.IdentityEngine;
import org.apache.hc.client5.http.classic.ExecChain;
import org.apache.hc.client5.http.classic.ExecChainHandler;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ConnectionRequestTimeoutException;
import org.apache.hc.core5.http.EndpointDetails;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.jspecify.annotations.Nullable;

/**
 * Rewrites the I/O failures of a client's requests into messages a person can act on:
 * which client, which setting, which certificate — instead of {@code bad_certificate}
 * or {@code Read timed out}. The exception keeps its exact class, so callers and retry
 * logic that look at the type see no difference; the original is its cause. An
 * exception of a class it cannot recreate is passed on as it is. The wording is the
 * {@link FailureExplanations} every transport shares; what is HttpClient's own here is
 * telling the failures apart.
 *
 * @author mtls-client-spring-boot authors
 */
final class ClientFailureExplainer implements ExecChainHandler {

	private final String clientName;

	private final FailureExplanations explanations;

	private final Limits limits;

	/**
	 * Create a new explainer.
	 * @param clientName the client name
	 * @param origin the client's origin
	 * @param engine the client's identity engine, for the certificate it presented
	 * @param limits the client's pool and timeout settings
	 */
	ClientFailureExplainer(String clientName, HttpHost origin, IdentityEngine engine, Limits limits) {
		this.clientName = clientName;
		this.explanations = new FailureExplanations(clientName, origin.toURI(), engine);
		this.limits = limits;
	}

	@Override
	public ClassicHttpResponse execute(ClassicHttpRequest request, ExecChain.Scope scope, ExecChain chain)
			throws IOException, HttpException {
		try {
			return chain.proceed(request, scope);
		}
		catch (ConnectionRequestTimeoutException ex) {
			throw explained(new ConnectionRequestTimeoutException(
					this.explanations.poolExhausted(this.limits.maxConnections(), this.limits.acquireTimeout())), ex);
		}
		catch (SocketTimeoutException ex) {
			if (ex.getClass() != SocketTimeoutException.class) {
				throw ex;
			}
			throw explained(new SocketTimeoutException(this.explanations.readTimeout(this.limits.readTimeout(), ex)),
					ex);
		}
		catch (NoHttpResponseException ex) {
			throw explained(new NoHttpResponseException(closedWithoutResponse(request) + detail(ex)), ex);
		}
		catch (SSLException ex) {
			String explanation = this.explanations.tlsFailure(ex, this.limits.protocols());
			if (explanation == null) {
				explanation = closedAfterHandshake(ex, scope);
			}
			if (explanation == null) {
				explanation = closedPooledConnection(ex, request, scope);
			}
			SSLException explained = (explanation != null) ? FailureExplanations.sameClass(ex, explanation) : null;
			if (explained == null) {
				throw ex;
			}
			throw explained(explained, ex);
		}
		catch (SocketException ex) {
			String explanation = closedAfterHandshake(ex, scope);
			if (explanation == null) {
				explanation = closedPooledConnection(ex, request, scope);
			}
			if (explanation == null || ex.getClass() != SocketException.class) {
				throw ex;
			}
			throw explained(new SocketException(explanation), ex);
		}
	}

	/**
	 * A server that refuses the client certificate may just close the connection: the
	 * client sees "Broken pipe" or "Connection reset" while finishing the handshake or on
	 * a connection that never carried a response.
	 */
	private @Nullable String closedAfterHandshake(IOException ex, ExecChain.Scope scope) {
		String message = String.valueOf(ex.getMessage()).toLowerCase(Locale.ROOT);
		if (!message.contains("broken pipe") && !message.contains("connection reset")) {
			return null;
		}
		EndpointDetails endpoint = scope.clientContext.getEndpointDetails();
		if (endpoint != null && endpoint.getResponseCount() > 0) {
			return null;
		}
		return this.explanations.closedAfterHandshake(ex);
	}

	/**
	 * The server closed a kept-alive connection as the request was sent on it (it
	 * reloaded, or timed the connection out just then).
	 */
	private @Nullable String closedPooledConnection(IOException ex, ClassicHttpRequest request, ExecChain.Scope scope) {
		if (!IdempotentRetryStrategy.isClosedByServer(ex)
				|| !IdempotentRetryStrategy.wasReused(scope.clientContext)) {
			return null;
		}
		return closedWithoutResponse(request) + detail(ex);
	}

	private String closedWithoutResponse(ClassicHttpRequest request) {
		String what = this.explanations.closedWithoutAnswer(request.getMethod(), request.getRequestUri());
		if (!IdempotentRetryStrategy.isIdempotent(request)) {
			return what + ". A " + request.getMethod() + " is never sent twice: the server may have processed it"
					+ " before closing. Send it again yourself only if that is safe (e.g. with an idempotency key)";
		}
		if (this.limits.retries() == 0) {
			return what + ", and retries are off (mtls.clients." + this.clientName + ".retries=0)";
		}
		return what + ", also after " + this.limits.retries() + ((this.limits.retries() == 1) ? " retry" : " retries")
				+ " (mtls.clients." + this.clientName + ".retries)";
	}

	private static String detail(Exception ex) {
		return FailureExplanations.detail(ex);
	}

	private static <T extends IOException> T explained(T explained, IOException original) {
		FailureExplanations.withCause(explained, original);
		if (original instanceof InterruptedIOException interrupted && explained instanceof InterruptedIOException) {
			((InterruptedIOException) explained).bytesTransferred = interrupted.bytesTransferred;
		}
		return explained;
	}

	/**
	 * The settings the explanations quote.
	 *
	 * @param maxConnections the pool size
	 * @param acquireTimeout the time to wait for a pooled connection
	 * @param readTimeout the read timeout
	 * @param protocols the enabled TLS protocols
	 * @param retries how often an idempotent request may be sent again
	 */
	record Limits(int maxConnections, Duration acquireTimeout, Duration readTimeout, List<String> protocols,
			int retries) {

	}

}
