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

import org.apache.hc.client5.http.impl.DefaultRedirectStrategy;
import org.apache.hc.client5.http.impl.DefaultSchemePortResolver;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * Follows a redirect only when it stays on the same scheme, host and port; any other
 * redirect is returned to the caller as it is. Hosts are compared as {@link HostNames}
 * does: {@code Host.}, {@code host}, {@code [::1]} and {@code [0:0:0:0:0:0:0:1]} are
 * spellings, not other origins. A client's certificate is for one
 * origin and must never be shown to another.
 *
 * @author mtls-client-spring-boot authors
 */
final class SameOriginRedirectStrategy extends DefaultRedirectStrategy {

	@Override
	public boolean isRedirectAllowed(HttpHost currentTarget, HttpHost newTarget, HttpRequest redirect,
			HttpContext context) {
		return sameOrigin(currentTarget, newTarget) && super.isRedirectAllowed(currentTarget, newTarget, redirect,
				context);
	}

	static boolean sameOrigin(HttpHost a, HttpHost b) {
		return a.getSchemeName().equalsIgnoreCase(b.getSchemeName())
				&& HostNames.same(a.getHostName(), b.getHostName()) && port(a) == port(b);
	}

	private static int port(HttpHost host) {
		return DefaultSchemePortResolver.INSTANCE.resolve(host);
	}

}
