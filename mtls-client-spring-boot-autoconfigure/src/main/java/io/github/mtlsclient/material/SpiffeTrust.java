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
package io.github.mtlsclient.material;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * How a client whose identity comes from the SPIFFE Workload API verifies a server: the
 * server's chain against the X.509 bundle of the trust domain its SPIFFE ID names (the
 * client's own or a federated one), then that SPIFFE ID against the accepted ones. The
 * host name plays no part: an X.509-SVID names no host.
 *
 * @param spiffeId the SPIFFE ID the client presents
 * @param bundles the X.509 bundles by trust domain name, the client's own first
 * @param serverIds the SPIFFE IDs the server may present
 * @param serverTrustDomain the trust domain any of whose IDs the server may present, or
 * {@code null}
 * @author mtls-client-spring-boot authors
 */
public record SpiffeTrust(String spiffeId, Map<String, List<X509Certificate>> bundles, List<String> serverIds,
		@Nullable String serverTrustDomain) {

	public SpiffeTrust {
		Map<String, List<X509Certificate>> copy = new LinkedHashMap<>();
		bundles.forEach((domain, certificates) -> copy.put(domain, List.copyOf(certificates)));
		bundles = Collections.unmodifiableMap(copy);
		serverIds = List.copyOf(serverIds);
	}

	/**
	 * Every bundle's certificates, in order.
	 * @return the certificates
	 */
	public List<X509Certificate> allBundleCertificates() {
		List<X509Certificate> all = new ArrayList<>();
		this.bundles.values().forEach(all::addAll);
		return all;
	}

	/**
	 * Whether a server may present a SPIFFE ID.
	 * @param id a valid SPIFFE ID
	 * @return whether it is accepted
	 */
	boolean accepts(String id) {
		return this.serverIds.contains(id) || SpiffeIds.trustDomain(id).equals(this.serverTrustDomain);
	}

	/**
	 * What the server must present, for error messages.
	 * @return e.g. {@code one of [spiffe://example.org/payments]}
	 */
	String accepted() {
		List<String> accepted = new ArrayList<>();
		if (!this.serverIds.isEmpty()) {
			accepted.add("one of spiffe.server-ids " + this.serverIds);
		}
		if (this.serverTrustDomain != null) {
			accepted.add("an ID of spiffe.server-trust-domain '" + this.serverTrustDomain + "'");
		}
		return String.join(" or ", accepted);
	}

	String describe(String identity) {
		return identity + " as " + this.spiffeId + ", trusts the bundles of " + this.bundles.keySet()
				+ ", accepts a server with " + accepted();
	}

}
