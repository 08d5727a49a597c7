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

import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;

/**
 * Key algorithms supported by {@link TestPki}.
 */
public enum KeyAlgorithm {

	/**
	 * RSA with a 2048-bit modulus, signing with {@code SHA256withRSA}.
	 */
	RSA("SHA256withRSA"),

	/**
	 * Elliptic curve P-256 ({@code secp256r1}), signing with {@code SHA256withECDSA}.
	 */
	EC("SHA256withECDSA"),

	/**
	 * DSA with a 2048-bit prime, signing with {@code SHA256withDSA}: no TLS 1.3
	 * signature scheme exists for it, so only for tests of its refusal.
	 */
	DSA("SHA256withDSA");

	private final String signatureAlgorithm;

	KeyAlgorithm(String signatureAlgorithm) {
		this.signatureAlgorithm = signatureAlgorithm;
	}

	String signatureAlgorithm() {
		return this.signatureAlgorithm;
	}

	KeyPair generateKeyPair() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance(name());
			if (this == RSA || this == DSA) {
				generator.initialize(2048);
			}
			else {
				generator.initialize(new ECGenParameterSpec("secp256r1"));
			}
			return generator.generateKeyPair();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Unable to generate " + this + " key pair", ex);
		}
	}

	static KeyAlgorithm of(Key key) {
		return valueOf(key.getAlgorithm());
	}

}
