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

import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAPrivateKeySpec;
import java.security.spec.RSAPublicKeySpec;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link KeyPairCheck}.
 */
class KeyPairCheckTests {

	private static KeyPair rsa;

	private static KeyPair otherRsa;

	private static KeyPair ec;

	private static KeyPair otherEc;

	@BeforeAll
	static void generateKeys() throws Exception {
		KeyPairGenerator rsaGenerator = KeyPairGenerator.getInstance("RSA");
		rsaGenerator.initialize(2048);
		rsa = rsaGenerator.generateKeyPair();
		otherRsa = rsaGenerator.generateKeyPair();
		KeyPairGenerator ecGenerator = KeyPairGenerator.getInstance("EC");
		ecGenerator.initialize(new ECGenParameterSpec("secp256r1"));
		ec = ecGenerator.generateKeyPair();
		otherEc = ecGenerator.generateKeyPair();
	}

	@Test
	void rsaKeyMatchesItsOwnPublicKeyOnly() {
		assertThat(KeyPairCheck.matches(rsa.getPrivate(), rsa.getPublic())).isTrue();
		assertThat(KeyPairCheck.matches(otherRsa.getPrivate(), rsa.getPublic())).isFalse();
	}

	@Test
	void rsaPublicKeyWithTheSameModulusButAnotherExponentDoesNotMatch() throws Exception {
		RSAPrivateCrtKey crtKey = (RSAPrivateCrtKey) rsa.getPrivate();
		PublicKey otherExponent = KeyFactory.getInstance("RSA")
			.generatePublic(new RSAPublicKeySpec(crtKey.getModulus(), BigInteger.valueOf(3)));
		assertThat(KeyPairCheck.matches(crtKey, otherExponent)).isFalse();
	}

	@Test
	void rsaKeyWithoutCrtComponentsIsCheckedBySigning() throws Exception {
		RSAPrivateCrtKey crtKey = (RSAPrivateCrtKey) rsa.getPrivate();
		KeyFactory factory = KeyFactory.getInstance("RSA");
		PrivateKey plain = factory
			.generatePrivate(new RSAPrivateKeySpec(crtKey.getModulus(), crtKey.getPrivateExponent()));
		PrivateKey wrongExponent = factory
			.generatePrivate(new RSAPrivateKeySpec(crtKey.getModulus(), crtKey.getPrivateExponent().add(BigInteger.TWO)));
		assertThat(KeyPairCheck.matches(plain, rsa.getPublic())).isTrue();
		assertThat(KeyPairCheck.matches(wrongExponent, rsa.getPublic())).isFalse();
	}

	@Test
	void ecKeyMatchesItsOwnPublicKeyOnlyEvenWhenCheckedAgain() {
		for (int i = 0; i < 3; i++) {
			assertThat(KeyPairCheck.matches(ec.getPrivate(), ec.getPublic())).isTrue();
			assertThat(KeyPairCheck.matches(otherEc.getPrivate(), ec.getPublic())).isFalse();
			assertThat(KeyPairCheck.matches(ec.getPrivate(), otherEc.getPublic())).isFalse();
		}
	}

	@Test
	void keysOfDifferentAlgorithmsNeverMatch() {
		assertThat(KeyPairCheck.matches(rsa.getPrivate(), ec.getPublic())).isFalse();
		assertThat(KeyPairCheck.matches(ec.getPrivate(), rsa.getPublic())).isFalse();
	}

}
