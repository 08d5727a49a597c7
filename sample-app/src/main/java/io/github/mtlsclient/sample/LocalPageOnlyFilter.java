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

package io.github.mtlsclient.sample;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers only the sample's own page, opened on this machine. The page calls services
 * with the developer's real client certificates and rotates them, so any other web page
 * the developer visits must neither trigger that nor read the answers:
 * <ul>
 * <li>the {@code Host} must be {@code 127.0.0.1}, {@code localhost} or {@code [::1]}
 * with the server's port: a page that rebinds its own DNS name to 127.0.0.1 sends its
 * own name, and is refused;</li>
 * <li>an {@code Origin}, where the browser sends one, must be {@code http://} and one of
 * those hosts: another site's {@code fetch} or form is refused;</li>
 * <li>a request that changes something (any method but {@code GET} and {@code HEAD})
 * without an {@code Origin} must carry {@value #PAGE_HEADER}{@code : }{@value #PAGE};
 * the page sends it, and a browser lets another site send it only after a CORS
 * preflight, which this server never grants.</li>
 * </ul>
 * Anything else is answered {@code 403} with the reason.
 *
 * @author mtls-client-spring-boot authors
 */
@Component
class LocalPageOnlyFilter extends OncePerRequestFilter {

	/**
	 * The header the page sends with its requests.
	 */
	static final String PAGE_HEADER = "X-Requested-By";

	/**
	 * Its value.
	 */
	static final String PAGE = "mtls-sample";

	private static final Log logger = LogFactory.getLog(LocalPageOnlyFilter.class);

	private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD");

	private final JsonMapper jsonMapper;

	LocalPageOnlyFilter(JsonMapper jsonMapper) {
		this.jsonMapper = jsonMapper;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String refusal = refusal(request);
		if (refusal == null) {
			chain.doFilter(request, response);
			return;
		}
		logger.warn("Refused %s %s: %s".formatted(request.getMethod(), request.getRequestURI(), refusal));
		response.setStatus(HttpServletResponse.SC_FORBIDDEN);
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		response.setCharacterEncoding(StandardCharsets.UTF_8.name());
		response.getWriter().write(this.jsonMapper.writeValueAsString(Map.of("error", refusal)));
	}

	private static String refusal(HttpServletRequest request) {
		Set<String> hosts = localHosts(request.getLocalPort());
		String host = request.getHeader(HttpHeaders.HOST);
		if (host == null || !hosts.contains(host.toLowerCase(Locale.ROOT))) {
			return "Host %s is not this machine; open the page as http://%s/".formatted(quoted(host),
					hosts.iterator().next());
		}
		String origin = request.getHeader(HttpHeaders.ORIGIN);
		if (origin != null) {
			boolean local = origin.regionMatches(true, 0, "http://", 0, 7)
					&& hosts.contains(origin.substring(7).toLowerCase(Locale.ROOT));
			return local ? null : "a page from origin %s may not use this page's API".formatted(quoted(origin));
		}
		if (!SAFE_METHODS.contains(request.getMethod()) && !PAGE.equals(request.getHeader(PAGE_HEADER))) {
			return "%s without an Origin needs the header '%s: %s', as the page sends it".formatted(request.getMethod(),
					PAGE_HEADER, PAGE);
		}
		return null;
	}

	private static Set<String> localHosts(int port) {
		Set<String> hosts = new LinkedHashSet<>();
		for (String name : new String[] { "127.0.0.1", "localhost", "[::1]" }) {
			hosts.add(name + ":" + port);
			if (port == 80) {
				hosts.add(name);
			}
		}
		return hosts;
	}

	private static String quoted(String value) {
		return (value != null) ? "'" + value + "'" : "(none)";
	}

}
