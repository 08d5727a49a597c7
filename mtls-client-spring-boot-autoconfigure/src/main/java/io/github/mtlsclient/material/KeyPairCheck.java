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

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

/**
 * Tells whether a private key belongs to a public key. An RSA key with its CRT
 * components carries its public half, so comparing modulus and exponent is enough.
 * Other keys sign a random challenge that the public key must verify: for EC keys that
 * costs a few scalar multiplications, noticeable at start-up when many clients share
 * one identity, so pairs already found to match are remembered by a digest of both
 * encodings (never the key itself).
 *
 * @author mtls-client-spring-boot authors
 */
final class KeyPairCheck {

	/**
	 * Enough for every identity of an application; beyond it pairs are checked again.
	 */
	private static final int REMEMBERED_PAIRS = 256;

	private static final Set<ByteBuffer> MATCHING_PAIRS = ConcurrentHashMap.newKeySet();

	private KeyPairCheck() {
	}

	static boolean matches(PrivateKey privateKey, PublicKey publicKey) {
		if (!privateKey.getAlgorithm().equals(publicKey.getAlgorithm())) {
			return false;
		}
		if (privateKey instanceof RSAPrivateKey rsaKey && publicKey instanceof RSAPublicKey rsaPublicKey) {
			if (!rsaKey.getModulus().equals(rsaPublicKey.getModulus())) {
				return false;
			}
			if (privateKey instanceof RSAPrivateCrtKey crtKey) {
				return crtKey.getPublicExponent().equals(rsaPublicKey.getPublicExponent());
			}
		}
		ByteBuffer pair = digest(privateKey, publicKey);
		if (pair != null && MATCHING_PAIRS.contains(pair)) {
			return true;
		}
		boolean matches = signsForPublicKey(privateKey, publicKey);
		if (matches && pair != null && MATCHING_PAIRS.size() < REMEMBERED_PAIRS) {
			MATCHING_PAIRS.add(pair);
		}
		return matches;
	}

	private static @Nullable ByteBuffer digest(PrivateKey privateKey, PublicKey publicKey) {
		byte[] privateEncoded = privateKey.getEncoded();
		byte[] publicEncoded = publicKey.getEncoded();
		if (privateEncoded == null || publicEncoded == null) {
			// A key kept in hardware has no encoding: check it every time.
			return null;
		}
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			digest.update(privateEncoded);
			digest.update(publicEncoded);
			return ByteBuffer.wrap(digest.digest());
		}
		catch (GeneralSecurityException ex) {
			return null;
		}
		finally {
			Arrays.fill(privateEncoded, (byte) 0);
		}
	}

	private static boolean signsForPublicKey(PrivateKey privateKey, PublicKey publicKey) {
		try {
			String algorithm = signatureAlgorithm(privateKey.getAlgorithm());
			byte[] challenge = new byte[32];
			new SecureRandom().nextBytes(challenge);
			Signature signer = signature(algorithm);
			signer.initSign(privateKey);
			signer.update(challenge);
			byte[] signature = signer.sign();
			Signature verifier = signature(algorithm);
			verifier.initVerify(publicKey);
			verifier.update(challenge);
			return verifier.verify(signature);
		}
		catch (GeneralSecurityException ex) {
			return false;
		}
	}

	private static Signature signature(String algorithm) throws GeneralSecurityException {
		Signature signature = Signature.getInstance(algorithm);
		if ("RSASSA-PSS".equals(algorithm)) {
			signature.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
		}
		return signature;
	}

	private static String signatureAlgorithm(String keyAlgorithm) {
		return switch (keyAlgorithm) {
			case "RSA" -> "SHA256withRSA";
			case "RSASSA-PSS" -> "RSASSA-PSS";
			case "EC" -> "SHA256withECDSA";
			case "DSA" -> "SHA256withDSA";
			default -> keyAlgorithm; // EdDSA, Ed25519, Ed448 name their own signature
		};
	}

}
