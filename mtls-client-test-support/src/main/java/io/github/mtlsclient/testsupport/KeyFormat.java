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

import java.security.KeyPair;
import java.security.Provider;
import java.security.interfaces.ECKey;

import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.OutputEncryptor;
import org.bouncycastle.pkcs.jcajce.JcaPKCS8EncryptedPrivateKeyInfoBuilder;
import org.bouncycastle.pkcs.jcajce.JcePKCSPBEOutputEncryptorBuilder;
import org.jspecify.annotations.Nullable;

/**
 * PEM encodings of a private key written by {@link IssuedCertificate}.
 */
public enum KeyFormat {

	/**
	 * Unencrypted PKCS#8 ({@code BEGIN PRIVATE KEY}).
	 */
	PKCS8("PRIVATE KEY") {

		@Override
		byte[] encode(KeyPair keyPair, @Nullable String password) {
			return keyPair.getPrivate().getEncoded();
		}

	},

	/**
	 * PKCS#8 encrypted with PBES2, AES-256-CBC and PBKDF2-HMAC-SHA256
	 * ({@code BEGIN ENCRYPTED PRIVATE KEY}).
	 */
	ENCRYPTED_PKCS8("ENCRYPTED PRIVATE KEY") {

		@Override
		byte[] encode(KeyPair keyPair, @Nullable String password) throws Exception {
			if (password == null) {
				throw new IllegalArgumentException("A password is required for " + this);
			}
			OutputEncryptor encryptor = new JcePKCSPBEOutputEncryptorBuilder(NISTObjectIdentifiers.id_aes256_CBC)
				.setPRF(new AlgorithmIdentifier(PKCSObjectIdentifiers.id_hmacWithSHA256, DERNull.INSTANCE))
				.setIterationCount(2048)
				.setProvider(BOUNCY_CASTLE)
				.build(password.toCharArray());
			return new JcaPKCS8EncryptedPrivateKeyInfoBuilder(keyPair.getPrivate()).build(encryptor).getEncoded();
		}

	},

	/**
	 * Unencrypted PKCS#1 RSA key ({@code BEGIN RSA PRIVATE KEY}).
	 */
	PKCS1_RSA("RSA PRIVATE KEY") {

		@Override
		byte[] encode(KeyPair keyPair, @Nullable String password) throws Exception {
			requireAlgorithm(keyPair, KeyAlgorithm.RSA);
			return PrivateKeyInfo.getInstance(keyPair.getPrivate().getEncoded()).parsePrivateKey().toASN1Primitive()
				.getEncoded();
		}

	},

	/**
	 * Unencrypted SEC1 EC key with the named curve parameters and the public key
	 * ({@code BEGIN EC PRIVATE KEY}).
	 */
	SEC1_EC("EC PRIVATE KEY") {

		@Override
		byte[] encode(KeyPair keyPair, @Nullable String password) throws Exception {
			requireAlgorithm(keyPair, KeyAlgorithm.EC);
			PrivateKeyInfo info = PrivateKeyInfo.getInstance(keyPair.getPrivate().getEncoded());
			int orderBitLength = ((ECKey) keyPair.getPrivate()).getParams().getOrder().bitLength();
			return new ECPrivateKey(orderBitLength, ECPrivateKey.getInstance(info.parsePrivateKey()).getKey(),
					SubjectPublicKeyInfo.getInstance(keyPair.getPublic().getEncoded()).getPublicKeyData(),
					info.getPrivateKeyAlgorithm().getParameters())
				.getEncoded();
		}

	};

	// Passed explicitly (never registered): the JDK has no padded cipher for the AES OID
	private static final Provider BOUNCY_CASTLE = new BouncyCastleProvider();

	private final String pemLabel;

	KeyFormat(String pemLabel) {
		this.pemLabel = pemLabel;
	}

	abstract byte[] encode(KeyPair keyPair, @Nullable String password) throws Exception;

	String pem(KeyPair keyPair, @Nullable String password) {
		try {
			return TestPki.pem(this.pemLabel, encode(keyPair, password));
		}
		catch (RuntimeException ex) {
			throw ex;
		}
		catch (Exception ex) {
			throw new IllegalStateException("Unable to encode private key as " + this, ex);
		}
	}

	void requireAlgorithm(KeyPair keyPair, KeyAlgorithm algorithm) {
		KeyAlgorithm actual = KeyAlgorithm.of(keyPair.getPrivate());
		if (actual != algorithm) {
			throw new IllegalArgumentException("Cannot write " + actual + " key in " + this + " format");
		}
	}

}
