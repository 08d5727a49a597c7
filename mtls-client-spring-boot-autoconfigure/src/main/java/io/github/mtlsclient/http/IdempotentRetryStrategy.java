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
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

import org.apache.hc.client5.http.HttpRequestRetryStrategy;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.client5.http.utils.DateUtils;
import org.apache.hc.core5.http.ConnectionClosedException;
import org.apache.hc.core5.http.EndpointDetails;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.HttpStatus;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.util.TimeValue;
import org.jspecify.annotations.Nullable;

/**
 * Decides which of a client's requests HttpClient may send again. HttpClient's own
 * default would repeat any request answered {@code 429} or {@code 503}, a {@code POST}
 * included, and sleep out whatever {@code Retry-After} the server asks for. Here:
 * <ul>
 * <li>only idempotent methods ({@code GET}, {@code HEAD}, {@code OPTIONS},
 * {@code TRACE}, {@code PUT}, {@code DELETE}) are ever sent twice; {@code POST} and
 * {@code PATCH} never, whatever the server answered or however the connection failed
 * after the request may have left;</li>
 * <li>after an I/O failure that a new connection may cure (the server closed a pooled
 * keep-alive connection, or reset it), not after timeouts, refused connections or a
 * failed TLS handshake: retrying those would only hide the cause;</li>
 * <li>after {@code 429} and {@code 503}, waiting for the server's {@code Retry-After}
 * only if it is at most the longest wait; a longer one means "not now", and the
 * response goes back to the caller;</li>
 * <li>at most {@code retries} times per request; {@code 0} switches retrying off.</li>
 * </ul>
 * A server that closed one pooled connection has usually closed the others too (a
 * graceful reload closes every idle keep-alive connection), so the idle connections of
 * the pool are closed before the retry: it then runs on a fresh connection instead of
 * meeting the next stale one. A connection released by another caller just before the
 * server closes it may still be met; so with retries on, an attempt that failed on a
 * reused connection the server had closed does not count against {@code retries}, up to
 * {@code staleConnectionLimit} such attempts per request.
 *
 * @author mtls-client-spring-boot authors
 */
final class IdempotentRetryStrategy implements HttpRequestRetryStrategy {

	private static final Set<String> IDEMPOTENT_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE");

	private static final Set<Integer> RETRIED_STATUSES = Set.of(HttpStatus.SC_TOO_MANY_REQUESTS,
			HttpStatus.SC_SERVICE_UNAVAILABLE);

	/**
	 * Failures that a second attempt would only repeat: timeouts (the caller's time is
	 * spent), a host that does not resolve or accept connections, a connection closed in
	 * the middle of a response.
	 */
	private static final Set<Class<? extends IOException>> FINAL_FAILURES = Set.of(InterruptedIOException.class,
			UnknownHostException.class, ConnectException.class, NoRouteToHostException.class,
			ConnectionClosedException.class, SSLHandshakeException.class);

	private static final String STALE_ATTEMPTS = IdempotentRetryStrategy.class.getName() + ".staleAttempts";

	private final int retries;

	private final TimeValue longestWait;

	private final Runnable closeIdleConnections;

	private final int staleConnectionLimit;

	/**
	 * Create a new strategy.
	 * @param retries how often one request may be sent again; {@code 0} for never
	 * @param longestWait the longest {@code Retry-After} honoured, also the wait when
	 * the server gives none
	 * @param closeIdleConnections closes the pool's idle connections, called when the
	 * server was found to have closed a pooled one
	 * @param staleConnectionLimit how many attempts of one request that failed on a
	 * pooled connection the server had closed are not counted, e.g. the pool size
	 */
	IdempotentRetryStrategy(int retries, Duration longestWait, Runnable closeIdleConnections,
			int staleConnectionLimit) {
		this.retries = retries;
		this.longestWait = TimeValue.ofMilliseconds(longestWait.toMillis());
		this.closeIdleConnections = closeIdleConnections;
		this.staleConnectionLimit = staleConnectionLimit;
	}

	@Override
	public boolean retryRequest(HttpRequest request, IOException exception, int execCount,
			@Nullable HttpContext context) {
		boolean staleConnection = isClosedByServer(exception) && wasReused(context);
		if (staleConnection) {
			this.closeIdleConnections.run();
		}
		if (this.retries == 0 || !isIdempotent(request)) {
			return false;
		}
		int stale = staleAttempts(context, staleConnection);
		if (execCount - stale > this.retries) {
			return false;
		}
		if (exception instanceof SSLException) {
			// A TLS error on a connection that has served responses before is the server
			// closing it; anywhere else it is a real failure.
			return staleConnection;
		}
		return FINAL_FAILURES.stream().noneMatch((type) -> type.isInstance(exception));
	}

	@Override
	public boolean retryRequest(HttpResponse response, int execCount, @Nullable HttpContext context) {
		if (execCount - staleAttempts(context, false) > this.retries
				|| !RETRIED_STATUSES.contains(response.getCode())) {
			return false;
		}
		HttpRequest request = (context != null) ? HttpClientContext.castOrCreate(context).getRequest() : null;
		if (request == null || !isIdempotent(request)) {
			return false;
		}
		TimeValue retryAfter = retryAfter(response);
		return retryAfter == null || retryAfter.compareTo(this.longestWait) <= 0;
	}

	@Override
	public TimeValue getRetryInterval(HttpResponse response, int execCount, @Nullable HttpContext context) {
		TimeValue retryAfter = retryAfter(response);
		return (retryAfter != null) ? retryAfter : this.longestWait;
	}

	@Override
	public TimeValue getRetryInterval(HttpRequest request, IOException exception, int execCount,
			@Nullable HttpContext context) {
		// The idle connections are closed already: the retry opens a new one right away.
		return TimeValue.ZERO_MILLISECONDS;
	}

	/**
	 * How many attempts of this request failed on a pooled connection the server had
	 * closed, counting this one if it did, up to the limit: beyond it they count as any
	 * other attempt.
	 */
	private int staleAttempts(@Nullable HttpContext context, boolean thisOne) {
		if (context == null) {
			return 0;
		}
		Integer before = (Integer) context.getAttribute(STALE_ATTEMPTS);
		int stale = ((before != null) ? before : 0) + (thisOne ? 1 : 0);
		if (thisOne) {
			context.setAttribute(STALE_ATTEMPTS, stale);
		}
		return Math.min(stale, this.staleConnectionLimit);
	}

	/**
	 * Whether the request's method is one that may be sent twice.
	 * @param request the request
	 * @return whether it is idempotent
	 */
	static boolean isIdempotent(HttpRequest request) {
		return IDEMPOTENT_METHODS.contains(request.getMethod());
	}

	/**
	 * Whether the failure is how a closed connection shows when a request is written to it
	 * or its response awaited: no response, a reset or broken pipe, or TLS reporting
	 * either.
	 * @param exception the failure
	 * @return whether the server may have closed the connection
	 */
	static boolean isClosedByServer(IOException exception) {
		return exception instanceof NoHttpResponseException
				|| (exception instanceof SocketException && !(exception instanceof ConnectException))
				|| (exception instanceof SSLException && !(exception instanceof SSLHandshakeException));
	}

	/**
	 * Whether the connection a request failed on had answered an earlier request: then
	 * the server closed a kept-alive connection.
	 * @param context the request's context
	 * @return whether the connection had been used before
	 */
	static boolean wasReused(@Nullable HttpContext context) {
		EndpointDetails endpoint = (context != null) ? HttpClientContext.castOrCreate(context).getEndpointDetails()
				: null;
		return endpoint != null && endpoint.getResponseCount() > 0;
	}

	/**
	 * The wait the server asks for, in seconds or as a date; {@code null} if it asks for
	 * none (or for none that can be read).
	 */
	private static @Nullable TimeValue retryAfter(HttpResponse response) {
		Header header = response.getFirstHeader(HttpHeaders.RETRY_AFTER);
		if (header == null || header.getValue() == null) {
			return null;
		}
		String value = header.getValue().trim();
		try {
			return TimeValue.ofSeconds(Math.max(0, Long.parseLong(value)));
		}
		catch (NumberFormatException ex) {
			Instant date = DateUtils.parseStandardDate(value);
			return (date != null) ? TimeValue.ofMilliseconds(Math.max(0, date.toEpochMilli() - System.currentTimeMillis()))
					: null;
		}
	}

}
