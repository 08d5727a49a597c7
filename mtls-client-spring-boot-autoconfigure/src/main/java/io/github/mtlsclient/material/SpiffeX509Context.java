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

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One update of the SPIFFE Workload API, parsed: the workload's X.509-SVIDs and the X.509
 * bundles of its own and federated trust domains. Plain JDK types, so that only
 * {@link WorkloadApiStream} knows the protocol.
 *
 * @param svids the SVIDs, the default one first
 * @param bundles the bundles by trust domain name
 * @author mtls-client-spring-boot authors
 */
record SpiffeX509Context(List<Svid> svids, Map<String, List<X509Certificate>> bundles) {

	SpiffeX509Context {
		svids = List.copyOf(svids);
		bundles = Collections.unmodifiableMap(new LinkedHashMap<>(bundles));
	}

	/**
	 * One X.509-SVID.
	 *
	 * @param spiffeId its SPIFFE ID
	 * @param privateKey its private key
	 * @param chain its certificate chain, leaf first
	 * @param hint its hint, empty without one
	 */
	record Svid(String spiffeId, PrivateKey privateKey, List<X509Certificate> chain, String hint) {

		@Override
		public String toString() {
			// Never the key.
			return "Svid[" + this.spiffeId + ", hint=" + this.hint + "]";
		}

	}

}
