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
import java.util.List;

import io.github.mtlsclient.CertificateDetails;
import org.jspecify.annotations.Nullable;

/**
 * One immutable snapshot of a client's TLS material: its private key, the certificate
 * chain that goes with it, and the certificates it trusts. Replaced whole, never
 * field by field, so a handshake can never pair a key with another key's chain.
 *
 * @param privateKey the client's private key, or {@code null} for a client without a
 * certificate
 * @param certificateChain the client's certificate chain, leaf first; empty without a
 * certificate
 * @param trustedCertificates the certificate authorities to trust, or {@code null} to
 * trust the JDK's defaults
 * @param spiffeTrust how a server is verified by its SPIFFE ID, for material from the
 * SPIFFE Workload API ({@code trustedCertificates} then holds every bundle's
 * certificates); {@code null} for material verified as usual
 * @author mtls-client-spring-boot authors
 */
public record TlsMaterial(@Nullable PrivateKey privateKey, List<X509Certificate> certificateChain,
		@Nullable List<X509Certificate> trustedCertificates, @Nullable SpiffeTrust spiffeTrust) {

	public TlsMaterial {
		certificateChain = List.copyOf(certificateChain);
		trustedCertificates = (trustedCertificates != null) ? List.copyOf(trustedCertificates) : null;
	}

	/**
	 * Material whose server is verified as usual: its chain against the trusted
	 * certificates, its name by the transport.
	 * @param privateKey the client's private key, or {@code null}
	 * @param certificateChain the client's certificate chain, leaf first
	 * @param trustedCertificates the certificate authorities to trust, or {@code null} to
	 * trust the JDK's defaults
	 */
	public TlsMaterial(@Nullable PrivateKey privateKey, List<X509Certificate> certificateChain,
			@Nullable List<X509Certificate> trustedCertificates) {
		this(privateKey, certificateChain, trustedCertificates, null);
	}

	/**
	 * The leaf certificate, or {@code null} for a client without a certificate.
	 * @return the leaf certificate
	 */
	public @Nullable X509Certificate leaf() {
		return this.certificateChain.isEmpty() ? null : this.certificateChain.get(0);
	}

	/**
	 * The details of the leaf certificate, or {@code null}.
	 * @return the leaf certificate details
	 */
	public @Nullable CertificateDetails leafDetails() {
		X509Certificate leaf = leaf();
		return (leaf != null) ? CertificateDetails.of(leaf) : null;
	}

	/**
	 * What the material presents and trusts, for log lines.
	 * @return e.g. {@code CN=checkout (serial 5f3a…, expires 2027-02-18T10:00:00Z), trusts 1
	 * configured CA}
	 */
	public String describe() {
		X509Certificate leaf = leaf();
		String identity = (leaf != null) ? leaf.getSubjectX500Principal().getName() + " (serial "
				+ leaf.getSerialNumber().toString(16) + ", expires " + leaf.getNotAfter().toInstant() + ")"
				: "no client certificate";
		String trust = (this.trustedCertificates != null)
				? "trusts " + this.trustedCertificates.size() + " configured CA"
						+ ((this.trustedCertificates.size() != 1) ? "s" : "")
				: "trusts the JDK's CAs";
		if (this.spiffeTrust != null) {
			return this.spiffeTrust.describe(identity);
		}
		return identity + ", " + trust;
	}

	@Override
	public String toString() {
		// Never the key: only what CertificateDetails shows.
		X509Certificate leaf = leaf();
		String identity = (leaf != null) ? leaf.getSubjectX500Principal().getName() + " (serial "
				+ leaf.getSerialNumber().toString(16) + ")" : "none";
		String trust = (this.trustedCertificates != null) ? this.trustedCertificates.size() + " certificates"
				: "JDK defaults";
		return "TlsMaterial[identity=" + identity + ", trust=" + trust + "]";
	}

}
