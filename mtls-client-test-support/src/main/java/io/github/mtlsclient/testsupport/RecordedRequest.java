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

package io.github.mtlsclient.testsupport;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An HTTP request received by a {@link RecordingMtlsServer}.
 *
 * @param method the request method
 * @param path the request target, including any query
 * @param headers the headers, with case-insensitive names
 * @param body the body decoded as UTF-8, empty when there is none
 * @param connection the connection the request came on
 */
public record RecordedRequest(String method, String path, Map<String, List<String>> headers, String body,
		RecordedConnection connection) {

	public RecordedRequest {
		Map<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
		headers.forEach((name, values) -> copy.computeIfAbsent(name, (key) -> new ArrayList<>())
			.addAll(values));
		copy.replaceAll((name, values) -> List.copyOf(values));
		headers = Collections.unmodifiableMap(copy);
	}

	/**
	 * Return the first value of a header.
	 * @param name the case-insensitive header name
	 * @return the value or {@code null}
	 */
	public String header(String name) {
		List<String> values = this.headers.get(name);
		return (values != null && !values.isEmpty()) ? values.get(0) : null;
	}

	/**
	 * The client's leaf certificate for the connection the request came on.
	 * @return the certificate or {@code null}
	 */
	public X509Certificate peerCertificate() {
		return this.connection.peerCertificate();
	}

	@Override
	public String toString() {
		return "RecordedRequest[" + this.method + " " + this.path + ", connection=" + this.connection.id() + "]";
	}

}
