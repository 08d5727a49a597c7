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
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Checks that TLS material can be used as it is: the key belongs to the leaf
 * certificate, the leaf is valid now and the chain is in order. Runs before material
 * is first used and before every swap.
 *
 * @author mtls-client-spring-boot authors
 */
final class TlsMaterialValidator {

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
		checkValidity(leaf, Instant.now());
		checkChainOrder(material.certificateChain());
		if (material.privateKey() != null && !KeyPairCheck.matches(material.privateKey(), leaf.getPublicKey())) {
			throw this.problem.of(this.privateKeyKey, this.privateKeyLocation,
					"does not belong to the certificate " + leaf.getSubjectX500Principal().getName() + " (serial "
							+ leaf.getSerialNumber().toString(16) + ") in " + this.certificateLocation,
					"Configure the key that was issued together with this certificate", null);
		}
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
