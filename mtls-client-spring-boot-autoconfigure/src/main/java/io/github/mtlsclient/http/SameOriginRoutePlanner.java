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

import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.client5.http.impl.routing.DefaultRoutePlanner;
import org.apache.hc.client5.http.routing.HttpRoutePlanner;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.ProtocolException;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * Routes a client's requests to its own origin only. A request to any other scheme,
 * host or port (an absolute URI, or a redirect) fails before a connection is opened: a
 * client's identity, default headers and pool are for one origin. Spellings of the same
 * host ({@code Host.}, {@code host}, {@code [::1]}, {@code [0:0:0:0:0:0:0:1]}) are the
 * same origin; names are never resolved to compare them.
 *
 * @author mtls-client-spring-boot authors
 */
final class SameOriginRoutePlanner implements HttpRoutePlanner {

	private final HttpRoutePlanner delegate = new DefaultRoutePlanner(null);

	private final String clientName;

	private final HttpHost origin;

	/**
	 * Create a new planner.
	 * @param clientName the client name, for error messages
	 * @param origin the client's origin
	 */
	SameOriginRoutePlanner(String clientName, HttpHost origin) {
		this.clientName = clientName;
		this.origin = origin;
	}

	@Override
	public HttpRoute determineRoute(HttpHost target, HttpContext context) throws HttpException {
		return determineRoute(target, null, context);
	}

	@Override
	public HttpRoute determineRoute(HttpHost target, HttpRequest request, HttpContext context) throws HttpException {
		if (target == null || !SameOriginRedirectStrategy.sameOrigin(this.origin, target)) {
			throw new ProtocolException("mTLS client '%s' only sends requests to %s, not to %s"
				.formatted(this.clientName, this.origin.toURI(), (target != null) ? target.toURI() : "no host"));
		}
		// The configured origin, not the target as spelled, and no request: HttpClient would
		// otherwise make a separate route (and pool) per spelling of the host, e.g. [::1]
		// and ::1. The name TLS uses is the MtlsTlsSocketStrategy's, not the request's.
		return this.delegate.determineRoute(this.origin, null, context);
	}

}
