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
import java.time.Duration;
import java.time.Instant;

/**
 * A SPIFFE trust domain of the tests: a name and the certificate authority that signs
 * its X.509-SVIDs, whose certificate is the domain's trust bundle. For example: <pre class="code">
 * SpiffeTrustDomain domain = SpiffeTrustDomain.create("example.org");
 * IssuedCertificate svid = domain.issueSvid("payments", Duration.ofMinutes(5));
 * </pre>
 */
public final class SpiffeTrustDomain {

	private final String name;

	private final CertificateAuthority ca;

	private SpiffeTrustDomain(String name, CertificateAuthority ca) {
		this.name = name;
		this.ca = ca;
	}

	/**
	 * Create a trust domain with a new root CA.
	 * @param name the trust domain name, e.g. {@code example.org}
	 * @return the trust domain
	 */
	public static SpiffeTrustDomain create(String name) {
		return new SpiffeTrustDomain(name, TestPki.rootCa("SPIFFE CA " + name));
	}

	/**
	 * The same trust domain signed by a new root CA, as after a CA rotation.
	 * @return the trust domain with its new CA
	 */
	public SpiffeTrustDomain withNewCa() {
		return create(this.name);
	}

	/**
	 * The trust domain name.
	 * @return the name, e.g. {@code example.org}
	 */
	public String name() {
		return this.name;
	}

	/**
	 * The SPIFFE ID of a workload of this domain.
	 * @param path the workload's path, without the leading slash
	 * @return the SPIFFE ID, e.g. {@code spiffe://example.org/payments}
	 */
	public String id(String path) {
		return "spiffe://" + this.name + "/" + path;
	}

	/**
	 * The domain's CA, to issue certificates that are no SVIDs.
	 * @return the CA
	 */
	public CertificateAuthority ca() {
		return this.ca;
	}

	/**
	 * The certificate of the domain's CA: its X.509 trust bundle.
	 * @return the CA certificate
	 */
	public X509Certificate caCertificate() {
		return this.ca.certificate();
	}

	/**
	 * Issue an X.509-SVID as a SPIFFE server does: the SPIFFE ID as the only URI SAN, no
	 * DNS name, usable by a TLS client and server, valid for a short time.
	 * @param path the workload's path, without the leading slash
	 * @param timeToLive how long the SVID is valid from now
	 * @return the SVID's key and certificate
	 */
	public IssuedCertificate issueSvid(String path, Duration timeToLive) {
		Instant now = Instant.now();
		return this.ca.leaf(path)
			.subjectAltNames(id(path))
			.clientAuth()
			.serverAuth()
			.validity(now.minus(Duration.ofMinutes(1)), now.plus(timeToLive))
			.issue();
	}

	@Override
	public String toString() {
		return "SpiffeTrustDomain[" + this.name + "]";
	}

}
