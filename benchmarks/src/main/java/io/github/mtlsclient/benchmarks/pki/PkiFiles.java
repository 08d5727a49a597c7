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
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import io.github.mtlsclient.testsupport.CertificateAuthority;
import io.github.mtlsclient.testsupport.IssuedCertificate;
import io.github.mtlsclient.testsupport.KeyFormat;
import io.github.mtlsclient.testsupport.TestPki;

/**
 * The PEM files of one run, shared by every client and server: one CA, one server
 * certificate for {@code 127.0.0.1}, one client certificate. EC P-256 keys throughout:
 * the handshake cost then is what a modern deployment pays, and key generation stays
 * fast enough to rotate ten times in a run.
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
	 * Readable by its owner only: the starter warns about any other key, and a warning
	 * in a benchmark's output reads like a problem.
	 */
	public static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

	// Valid from an hour ago, for clocks that differ, and long enough for any run.
	private static final Duration BACKDATE = Duration.ofHours(1);

	private static final Duration VALIDITY = Duration.ofDays(30);

	/**
	 * Issue a fresh set of certificates and write them to a folder.
	 * @param dir the folder
	 * @return the files
	 */
	public static PkiFiles create(Path dir) {
		Instant now = Instant.now();
		CertificateAuthority authority = TestPki.rootCa("mtls-benchmark-ca", now.minus(BACKDATE), now.plus(VALIDITY));
		IssuedCertificate server = authority.leaf("mtls-benchmark-server")
			.subjectAltNames("127.0.0.1", "localhost")
			.serverAuth()
			.validity(now.minus(BACKDATE), now.plus(VALIDITY))
			.issue();
		IssuedCertificate client = issueClient(authority, "mtls-benchmark-client");
		Path ca = dir.resolve("ca.pem");
		authority.writeCertificate(ca);
		server.writeCertificate(dir.resolve("server.pem"));
		client.writeCertificate(dir.resolve("client.pem"));
		return new PkiFiles(dir, ca, dir.resolve("server.pem"), writeKey(server, dir.resolve("server-key.pem")),
				dir.resolve("client.pem"), writeKey(client, dir.resolve("client-key.pem")), authority);
	}

	/**
	 * Issue a client certificate; every call gives a new key and serial, as a rotation
	 * does.
	 * @param commonName the common name
	 * @return the client certificate and key
	 */
	public IssuedCertificate issueClient(String commonName) {
		return issueClient(this.authority, commonName);
	}

	private static IssuedCertificate issueClient(CertificateAuthority authority, String commonName) {
		Instant now = Instant.now();
		return authority.leaf(commonName).clientAuth().validity(now.minus(BACKDATE), now.plus(VALIDITY)).issue();
	}

	private static Path writeKey(IssuedCertificate certificate, Path file) {
		certificate.writePrivateKey(file, KeyFormat.PKCS8);
		try {
			return Files.setPosixFilePermissions(file, OWNER_ONLY);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
