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

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A certificate and its private key issued by a {@link CertificateAuthority}.
 */
public final class IssuedCertificate {

	private final KeyPair keyPair;

	private final List<X509Certificate> chain;

	IssuedCertificate(KeyPair keyPair, List<X509Certificate> chain) {
		this.keyPair = keyPair;
		this.chain = List.copyOf(chain);
	}

	/**
	 * Return the issued certificate.
	 * @return the certificate
	 */
	public X509Certificate certificate() {
		return this.chain.get(0);
	}

	/**
	 * Return the private key of the certificate.
	 * @return the private key
	 */
	public PrivateKey privateKey() {
		return this.keyPair.getPrivate();
	}

	/**
	 * Return the key pair of the certificate.
	 * @return the key pair
	 */
	public KeyPair keyPair() {
		return this.keyPair;
	}

	/**
	 * Return the certificate followed by the intermediate CAs, without the root.
	 * @return the chain
	 */
	public List<X509Certificate> chain() {
		return this.chain;
	}

	/**
	 * Return the serial number of the certificate.
	 * @return the serial number
	 */
	public BigInteger serialNumber() {
		return certificate().getSerialNumber();
	}

	/**
	 * Return the subject in RFC 2253 form, for example {@code CN=client}.
	 * @return the subject
	 */
	public String subject() {
		return certificate().getSubjectX500Principal().getName();
	}

	/**
	 * Return the certificate as PEM.
	 * @return the PEM text
	 */
	public String certificatePem() {
		return TestPki.pem(certificate());
	}

	/**
	 * Return the certificate followed by the intermediate CAs as PEM.
	 * @return the PEM text
	 */
	public String certificateChainPem() {
		return TestPki.pem(this.chain.toArray(X509Certificate[]::new));
	}

	/**
	 * Return the private key as unencrypted PEM.
	 * @param format the key format, not {@link KeyFormat#ENCRYPTED_PKCS8}
	 * @return the PEM text
	 */
	public String privateKeyPem(KeyFormat format) {
		return privateKeyPem(format, null);
	}

	/**
	 * Return the private key as PEM.
	 * @param format the key format
	 * @param password the password, required for {@link KeyFormat#ENCRYPTED_PKCS8} and
	 * ignored otherwise
	 * @return the PEM text
	 */
	public String privateKeyPem(KeyFormat format, @Nullable String password) {
		return format.pem(this.keyPair, password);
	}

	/**
	 * Write the certificate (without chain) as PEM.
	 * @param file the file to write
	 */
	public void writeCertificate(Path file) {
		TestPki.write(file, certificatePem());
	}

	/**
	 * Write the certificate followed by the intermediate CAs as PEM.
	 * @param file the file to write
	 */
	public void writeCertificateChain(Path file) {
		TestPki.write(file, certificateChainPem());
	}

	/**
	 * Write the private key as unencrypted PEM.
	 * @param file the file to write
	 * @param format the key format, not {@link KeyFormat#ENCRYPTED_PKCS8}
	 */
	public void writePrivateKey(Path file, KeyFormat format) {
		writePrivateKey(file, format, null);
	}

	/**
	 * Write the private key as PEM.
	 * @param file the file to write
	 * @param format the key format
	 * @param password the password, required for {@link KeyFormat#ENCRYPTED_PKCS8} and
	 * ignored otherwise
	 */
	public void writePrivateKey(Path file, KeyFormat format, @Nullable String password) {
		TestPki.write(file, privateKeyPem(format, password));
	}

	/**
	 * Write a PKCS#12 key store holding the key and {@link #chain()}; the key password
	 * is the store password.
	 * @param file the file to write
	 * @param password the store and key password
	 * @param alias the alias of the key entry
	 */
	public void writePkcs12(Path file, String password, String alias) {
		writeKeyStore(file, "PKCS12", password, alias);
	}

	/**
	 * Write a JKS key store holding the key and {@link #chain()}; the key password is
	 * the store password.
	 * @param file the file to write
	 * @param password the store and key password
	 * @param alias the alias of the key entry
	 */
	public void writeJks(Path file, String password, String alias) {
		writeKeyStore(file, "JKS", password, alias);
	}

	private void writeKeyStore(Path file, String type, String password, String alias) {
		try {
			KeyStore keyStore = KeyStore.getInstance(type);
			keyStore.load(null, null);
			keyStore.setKeyEntry(alias, privateKey(), password.toCharArray(),
					this.chain.toArray(X509Certificate[]::new));
			TestPki.write(file, keyStore, password);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Unable to create " + type + " key store", ex);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public String toString() {
		return "IssuedCertificate[" + subject() + ", serial " + serialNumber().toString(16) + "]";
	}

}
