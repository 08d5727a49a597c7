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

import java.security.GeneralSecurityException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Checks that TLS material can be used as it is: the leaf is a client certificate (not
 * a CA, allowed for client authentication, with a key TLS can use), every certificate
 * of the chain is valid now, the chain is in order and the key belongs to the leaf.
 * Runs before material is first used and before every swap, so a server never sees a
 * certificate it can only refuse.
 *
 * @author mtls-client-spring-boot authors
 */
final class TlsMaterialValidator {

	private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

	private static final String ANY_EXTENDED_KEY_USAGE = "2.5.29.37.0";

	private static final int DIGITAL_SIGNATURE = 0;

	private static final int KEY_AGREEMENT = 4;

	private final MaterialProblem problem;

	private final String certificateKey;

	private final @Nullable String certificateLocation;

	private final String privateKeyKey;

	private final @Nullable String privateKeyLocation;

	/**
	 * Create a validator whose errors name the keys and locations the material came
	 * from.
	 * @param problem builds the errors
	 * @param certificateKey the key of the certificate, e.g. {@code certificate}
	 * @param certificateLocation where the certificate came from
	 * @param privateKeyKey the key of the private key, e.g. {@code private-key}
	 * @param privateKeyLocation where the private key came from
	 */
	TlsMaterialValidator(MaterialProblem problem, String certificateKey, @Nullable String certificateLocation,
			String privateKeyKey, @Nullable String privateKeyLocation) {
		this.problem = problem;
		this.certificateKey = certificateKey;
		this.certificateLocation = certificateLocation;
		this.privateKeyKey = privateKeyKey;
		this.privateKeyLocation = privateKeyLocation;
	}

	void validate(TlsMaterial material) {
		X509Certificate leaf = material.leaf();
		if (leaf == null) {
			return;
		}
		Instant now = Instant.now();
		checkValidity(leaf, now);
		// Before the leaf's own checks: a file with its issuer first would otherwise
		// be refused as "a CA certificate" instead of as out of order.
		checkChainOrder(material.certificateChain());
		checkNotACertificateAuthority(leaf);
		checkKeyAlgorithm(leaf);
		checkExtendedKeyUsage(leaf);
		checkKeyUsage(leaf);
		checkIssuersValidity(material.certificateChain(), now);
		if (material.privateKey() != null && !KeyPairCheck.matches(material.privateKey(), leaf.getPublicKey())) {
			throw this.problem.of(this.privateKeyKey, this.privateKeyLocation,
					"does not belong to the certificate " + describe(leaf) + " in " + this.certificateLocation,
					"Configure the key that was issued together with this certificate", null);
		}
	}

	/**
	 * A CA certificate as the client's identity means the CA's own key sits beside the
	 * application: whoever reads it can issue certificates. Servers check the chain, not
	 * that the leaf is no CA, so nothing else would stop it.
	 */
	private void checkNotACertificateAuthority(X509Certificate leaf) {
		if (leaf.getBasicConstraints() >= 0) {
			throw this.problem.of(this.certificateKey, this.certificateLocation,
					"certificate " + describe(leaf)
							+ " is a CA certificate (basicConstraints CA:true), not a client certificate",
					"Present a client certificate issued by the CA, not the CA itself; keep the CA's key away from "
							+ "the application. For a self-signed test certificate, create it with basicConstraints "
							+ "CA:false (openssl: -addext basicConstraints=critical,CA:FALSE)",
					null);
		}
	}

	private void checkKeyAlgorithm(X509Certificate leaf) {
		if ("DSA".equals(leaf.getPublicKey().getAlgorithm())) {
			throw this.problem.of(this.certificateKey, this.certificateLocation,
					"certificate " + describe(leaf) + " has a DSA key: TLS 1.3 cannot use DSA keys at all, and "
							+ "TLS 1.2 servers rarely accept them",
					"Issue the client certificate with an EC (P-256) or RSA (2048 bits or more) key", null);
		}
	}

	/**
	 * Without an extended key usage extension, or with {@code anyExtendedKeyUsage}, the
	 * certificate may authenticate a client. With the extension but no
	 * {@code clientAuth}, servers refuse it ({@code unsupported_certificate}).
	 */
	private void checkExtendedKeyUsage(X509Certificate leaf) {
		List<String> usages;
		try {
			usages = leaf.getExtendedKeyUsage();
		}
		catch (CertificateParsingException ex) {
			throw this.problem.of(this.certificateKey, this.certificateLocation,
					"certificate " + describe(leaf) + " has an unreadable extended key usage extension",
					"Issue the client certificate again", ex);
		}
		if (usages != null && !usages.contains(CLIENT_AUTH) && !usages.contains(ANY_EXTENDED_KEY_USAGE)) {
			throw this.problem.of(this.certificateKey, this.certificateLocation,
					"certificate " + describe(leaf) + " is not allowed for client authentication: its extended key "
							+ "usage is " + usages.stream().map(TlsMaterialValidator::purpose).toList()
							+ " without clientAuth",
					"Issue the certificate with the extended key usage clientAuth (1.3.6.1.5.5.7.3.2), e.g. "
							+ "openssl: -addext extendedKeyUsage=clientAuth",
					null);
		}
	}

	/**
	 * A client proves it holds the key by signing the handshake, so a key usage
	 * extension must allow {@code digitalSignature}. Only {@code keyAgreement} is
	 * tolerated besides, because some servers (OpenSSL's) still accept it for client
	 * certificates; Java servers do not.
	 */
	private void checkKeyUsage(X509Certificate leaf) {
		boolean[] usage = leaf.getKeyUsage();
		if (usage != null && !bit(usage, DIGITAL_SIGNATURE) && !bit(usage, KEY_AGREEMENT)) {
			throw this.problem.of(this.certificateKey, this.certificateLocation,
					"certificate " + describe(leaf) + " has a key usage without digitalSignature: it cannot sign "
							+ "the TLS handshake, so no server accepts it as a client certificate",
					"Issue the certificate with the key usage digitalSignature", null);
		}
	}

	private static boolean bit(boolean[] usage, int index) {
		return usage.length > index && usage[index];
	}

	private static String purpose(String oid) {
		return switch (oid) {
			case "1.3.6.1.5.5.7.3.1" -> "serverAuth";
			case "1.3.6.1.5.5.7.3.3" -> "codeSigning";
			case "1.3.6.1.5.5.7.3.4" -> "emailProtection";
			case "1.3.6.1.5.5.7.3.8" -> "timeStamping";
			case "1.3.6.1.5.5.7.3.9" -> "OCSPSigning";
			default -> oid;
		};
	}

	/**
	 * The issuers sent with the leaf must be valid too: a server's chain validation
	 * fails on an expired intermediate just as on an expired leaf.
	 */
	private void checkIssuersValidity(List<X509Certificate> chain, Instant now) {
		for (int i = 1; i < chain.size(); i++) {
			X509Certificate issuer = chain.get(i);
			Instant notBefore = issuer.getNotBefore().toInstant();
			Instant notAfter = issuer.getNotAfter().toInstant();
			String which = "certificate " + (i + 1) + " of the chain, " + describe(issuer) + ",";
			if (now.isAfter(notAfter)) {
				throw this.problem.of(this.certificateKey, this.certificateLocation,
						which + " expired at " + notAfter + " (valid from " + notBefore + ")",
						"Replace the file's intermediate certificates with the current ones of your CA", null);
			}
			if (now.isBefore(notBefore)) {
				throw this.problem.of(this.certificateKey, this.certificateLocation,
						which + " is not valid before " + notBefore + " (now " + now + ")",
						"Check the clock of this machine and of the issuer", null);
			}
		}
	}

	private static String describe(X509Certificate certificate) {
		return certificate.getSubjectX500Principal().getName() + " (serial "
				+ certificate.getSerialNumber().toString(16) + ")";
	}

	private void checkValidity(X509Certificate leaf, Instant now) {
		Instant notBefore = leaf.getNotBefore().toInstant();
		Instant notAfter = leaf.getNotAfter().toInstant();
		if (now.isAfter(notAfter)) {
			throw this.problem.of(this.certificateKey, this.certificateLocation,
					"certificate " + leaf.getSubjectX500Principal().getName() + " expired at " + notAfter
							+ " (valid from " + notBefore + ")",
					"Renew the certificate", null);
		}
		if (now.isBefore(notBefore)) {
			throw this.problem.of(this.certificateKey, this.certificateLocation,
					"certificate " + leaf.getSubjectX500Principal().getName() + " is not valid before " + notBefore
							+ " (now " + now + ")",
					"Check the clock of this machine and of the issuer", null);
		}
	}

	private void checkChainOrder(List<X509Certificate> chain) {
		for (int i = 0; i + 1 < chain.size(); i++) {
			X509Certificate certificate = chain.get(i);
			X509Certificate issuer = chain.get(i + 1);
			try {
				certificate.verify(issuer.getPublicKey());
			}
			catch (GeneralSecurityException ex) {
				throw this.problem.of(this.certificateKey, this.certificateLocation,
						"certificate " + certificate.getSubjectX500Principal().getName()
								+ " is not signed by the next certificate in the file, "
								+ issuer.getSubjectX500Principal().getName(),
						"Order the file leaf first, then each issuer", null);
			}
		}
	}

}
