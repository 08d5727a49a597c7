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

package io.github.mtlsclient.benchmarks.pki;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The PEM files of one run, shared by every client and server: one CA, one server
 * certificate for {@code 127.0.0.1}, one client certificate.
 *
 * @param dir the folder that holds them
 * @param ca the CA certificate, trusted by both sides
 * @param serverCertificate the server certificate
 * @param serverKey the server key
 * @param clientCertificate the client certificate
 * @param clientKey the client key
 * @param authority the CA, to issue rotated client certificates
 * @author mtls-client-spring-boot authors
 */
public record PkiFiles(Path dir, Path ca, Path serverCertificate, Path serverKey, Path clientCertificate,
		Path clientKey, CertificateAuthority authority) {

	/**
	 * Issue a fresh set of certificates and write them to a folder.
	 * @param dir the folder
	 * @return the files
	 */
	public static PkiFiles create(Path dir) {
		CertificateAuthority authority = CertificateAuthority.create("mtls-benchmark-ca");
		Identity server = authority.issueServer("mtls-benchmark-server", "127.0.0.1", "localhost");
		Identity client = authority.issueClient("mtls-benchmark-client");
		return new PkiFiles(dir, write(dir.resolve("ca.pem"), authority.identity().certificatePem()),
				write(dir.resolve("server.pem"), server.certificatePem()),
				writeSecret(dir.resolve("server-key.pem"), server.privateKeyPem()),
				write(dir.resolve("client.pem"), client.certificatePem()),
				writeSecret(dir.resolve("client-key.pem"), client.privateKeyPem()), authority);
	}

	/**
	 * Write a file, creating its folder.
	 * @param file the file
	 * @param content the content
	 * @return the file
	 */
	public static Path write(Path file, String content) {
		try {
			Files.createDirectories(file.getParent());
			return Files.writeString(file, content, StandardCharsets.US_ASCII);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Write a key readable by its owner only: the starter warns about any other key, and
	 * a warning in a benchmark's output reads like a problem.
	 * @param file the file
	 * @param content the content
	 * @return the file
	 */
	public static Path writeSecret(Path file, String content) {
		write(file, content);
		try {
			return Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
