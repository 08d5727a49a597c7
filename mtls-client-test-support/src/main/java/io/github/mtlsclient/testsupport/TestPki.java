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
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;

/**
 * Entry point of a small test PKI that creates real CAs, certificates and key files
 * so that tests can run real TLS handshakes. For example: <pre class="code">
 * CertificateAuthority root = TestPki.rootCa("Test Root");
 * IssuedCertificate server = root.intermediate("Test Intermediate").issueServer("localhost", "127.0.0.1");
 * server.writeCertificateChain(dir.resolve("server.crt"));
 * server.writePrivateKey(dir.resolve("server.key"), KeyFormat.PKCS8);
 * root.writeCertificate(dir.resolve("ca.crt"));
 * </pre>
 * No JCA provider is registered: keys, signatures and key stores use the JDK.
 */
public final class TestPki {

	private static final Base64.Encoder BASE64 = Base64.getMimeEncoder(64,
			"\n".getBytes(StandardCharsets.US_ASCII));

	private TestPki() {
	}

	/**
	 * Create a self-signed root CA with an EC P-256 key, valid from one hour ago for
	 * ten days.
	 * @param commonName the common name of the subject
	 * @return the root CA
	 */
	public static CertificateAuthority rootCa(String commonName) {
		return rootCa(commonName, KeyAlgorithm.EC);
	}

	/**
	 * Create a self-signed root CA, valid from one hour ago for ten days.
	 * @param commonName the common name of the subject
	 * @param keyAlgorithm the key algorithm of the CA
	 * @return the root CA
	 */
	public static CertificateAuthority rootCa(String commonName, KeyAlgorithm keyAlgorithm) {
		return CertificateAuthority.root(commonName, keyAlgorithm);
	}

	/**
	 * Create a self-signed root CA with an EC P-256 key and the given validity, for a
	 * CA that must outlive the default ten days.
	 * @param commonName the common name of the subject
	 * @param notBefore start of the validity period
	 * @param notAfter end of the validity period
	 * @return the root CA
	 */
	public static CertificateAuthority rootCa(String commonName, Instant notBefore, Instant notAfter) {
		return CertificateAuthority.root(commonName, notBefore, notAfter);
	}

	/**
	 * Create a self-signed end-entity certificate ({@code CA:false}, EC key,
	 * {@code clientAuth}), valid from one hour ago for ten days.
	 * @param commonName the common name of the subject
	 * @return the certificate and its key
	 */
	public static IssuedCertificate selfSignedClient(String commonName) {
		return CertificateAuthority.selfSignedClient(commonName);
	}

	/**
	 * Write certificates into one PEM file, for example a trust file with several CAs.
	 * @param file the file to write
	 * @param certificates the certificates
	 */
	public static void writePemCertificates(Path file, X509Certificate... certificates) {
		write(file, pem(certificates));
	}

	/**
	 * Write a trust store with one trusted certificate entry per certificate (aliases
	 * {@code ca-0}, {@code ca-1}, ...).
	 * @param file the file to write
	 * @param type the key store type, for example {@code PKCS12} or {@code JKS}
	 * @param password the store password
	 * @param certificates the trusted certificates
	 */
	public static void writeTrustStore(Path file, String type, String password, X509Certificate... certificates) {
		try {
			KeyStore keyStore = KeyStore.getInstance(type);
			keyStore.load(null, null);
			for (int i = 0; i < certificates.length; i++) {
				keyStore.setCertificateEntry("ca-" + i, certificates[i]);
			}
			write(file, keyStore, password);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Unable to create " + type + " trust store", ex);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static String pem(X509Certificate... certificates) {
		StringBuilder pem = new StringBuilder();
		for (X509Certificate certificate : certificates) {
			try {
				pem.append(pem("CERTIFICATE", certificate.getEncoded()));
			}
			catch (CertificateEncodingException ex) {
				throw new IllegalStateException(ex);
			}
		}
		return pem.toString();
	}

	static String pem(String label, byte[] der) {
		return "-----BEGIN " + label + "-----\n" + BASE64.encodeToString(der) + "\n-----END " + label + "-----\n";
	}

	static void write(Path file, String content) {
		try {
			createParentDirectories(file);
			Files.writeString(file, content, StandardCharsets.US_ASCII);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static void write(Path file, KeyStore keyStore, String password) throws IOException, GeneralSecurityException {
		createParentDirectories(file);
		try (OutputStream out = Files.newOutputStream(file)) {
			keyStore.store(out, password.toCharArray());
		}
	}

	private static void createParentDirectories(Path file) throws IOException {
		Path parent = file.toAbsolutePath().getParent();
		if (parent != null) {
			Files.createDirectories(parent);
		}
	}

}
