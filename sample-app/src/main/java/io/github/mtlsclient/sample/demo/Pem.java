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

package io.github.mtlsclient.sample.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaMiscPEMGenerator;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.util.io.pem.PemObjectGenerator;

/**
 * Reads and writes the PEM files of the demo PKI: certificates, and private keys as
 * unencrypted PKCS#8, the format most tools write and the starter reads.
 *
 * @author mtls-client-spring-boot authors
 */
final class Pem {

	private Pem() {
	}

	static String certificate(X509Certificate certificate) {
		try {
			return write(new JcaMiscPEMGenerator(certificate));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static String privateKey(PrivateKey privateKey) {
		try {
			return write(new JcaPKCS8Generator(privateKey, null));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static X509Certificate readCertificate(Path file) throws IOException, GeneralSecurityException {
		try (InputStream in = Files.newInputStream(file)) {
			return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
		}
	}

	static PrivateKey readPrivateKey(Path file) throws IOException {
		try (Reader reader = Files.newBufferedReader(file); PEMParser parser = new PEMParser(reader)) {
			if (parser.readObject() instanceof PrivateKeyInfo info) {
				return new JcaPEMKeyConverter().getPrivateKey(info);
			}
			throw new IOException(file + " holds no PKCS#8 private key");
		}
	}

	/**
	 * Write PEM text to a file that only its owner can read: keys are secrets, and the
	 * starter warns about key files that others can read.
	 * @param file the file, replaced if it exists
	 * @param pem the PEM text
	 * @throws IOException if the file cannot be written
	 */
	static void write(Path file, String pem) throws IOException {
		Files.createDirectories(file.getParent());
		Files.deleteIfExists(file);
		if (Files.getFileStore(file.getParent()).supportsFileAttributeView("posix")) {
			Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
		}
		Files.writeString(file, pem, StandardCharsets.US_ASCII);
	}

	private static String write(PemObjectGenerator object) {
		StringWriter text = new StringWriter();
		try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
			writer.writeObject(object);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return text.toString();
	}

}
