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
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The demo's certificates, in one folder, made on first start and reused after:
 * <pre class="code">
 * ca/server-ca.crt     the CA of the server certificate: the clients trust it
 * ca/client-ca.crt     the CA of the client certificates the server accepts
 * ca/stranger-ca.crt   a CA the server knows nothing about
 * server/tls.crt       localhost and 127.0.0.1, from the server CA
 * trusted/tls.crt      CN=trusted, from the client CA; rotated by {@link #rotateTrusted()}
 * stranger/tls.crt     CN=stranger, from the stranger CA
 * </pre> Each {@code tls.crt} has its {@code tls.key} beside it, in a folder laid out
 * like a Kubernetes secret volume ({@link SecretVolume}). A certificate is issued again
 * when it is missing, unreadable, not from its CA (the CA was made anew) or about to
 * expire.
 *
 * @author mtls-client-spring-boot authors
 */
public final class DemoPki {

	private static final Log logger = LogFactory.getLog(DemoPki.class);

	private static final Duration LEAF_VALIDITY = Duration.ofDays(90);

	// Longer than the starter's 14-day expiry warning: a reused demo never warns.
	private static final Duration RENEW_BEFORE = Duration.ofDays(20);

	private static final String ORGANIZATION = ",O=mtls-sample";

	private final Path dir;

	private final DemoCa clientCa;

	private final SecretVolume server;

	private final SecretVolume trusted;

	private final SecretVolume stranger;

	private DemoPki(Path dir, DemoCa clientCa, SecretVolume server, SecretVolume trusted, SecretVolume stranger) {
		this.dir = dir;
		this.clientCa = clientCa;
		this.server = server;
		this.trusted = trusted;
		this.stranger = stranger;
	}

	/**
	 * Make the demo PKI in the given folder, reusing every certificate that is still
	 * good. The folder is made readable by its owner only; one that belongs to another
	 * user is not used, the PKI is made in a fresh folder instead (see {@link #dir()}).
	 * @param wanted the folder
	 * @return the demo PKI
	 */
	public static DemoPki createOrReuse(Path wanted) {
		Path dir = PrivateFolder.claim(wanted);
		List<String> issued = new ArrayList<>();
		DemoCa serverCa = ca(dir, "server-ca", "CN=Demo server CA" + ORGANIZATION, issued);
		DemoCa clientCa = ca(dir, "client-ca", "CN=Demo client CA" + ORGANIZATION, issued);
		DemoCa strangerCa = ca(dir, "stranger-ca", "CN=Stranger CA" + ORGANIZATION, issued);
		SecretVolume server = leaf(dir.resolve("server"), serverCa, issued,
				() -> serverCa.issueServer("CN=localhost" + ORGANIZATION, LEAF_VALIDITY, "localhost", "127.0.0.1"));
		SecretVolume trusted = leaf(dir.resolve("trusted"), clientCa, issued,
				() -> clientCa.issueClient("CN=trusted" + ORGANIZATION, LEAF_VALIDITY));
		SecretVolume stranger = leaf(dir.resolve("stranger"), strangerCa, issued,
				() -> strangerCa.issueClient("CN=stranger" + ORGANIZATION, LEAF_VALIDITY));
		logger.info("Demo PKI in %s: %s".formatted(dir.toAbsolutePath(),
				issued.isEmpty() ? "reused every certificate" : "issued " + String.join(", ", issued)));
		return new DemoPki(dir, clientCa, server, trusted, stranger);
	}

	/**
	 * The folder of the demo PKI: the one asked for, unless that belongs to another user.
	 * @return the folder
	 */
	public Path dir() {
		return this.dir;
	}

	/**
	 * The CA whose certificates the demo server accepts.
	 * @return the client CA's certificate
	 */
	public X509Certificate clientCaCertificate() {
		return this.clientCa.certificate();
	}

	/**
	 * The demo server's certificate file.
	 * @return {@code server/tls.crt}
	 */
	public Path serverCertificate() {
		return this.server.file(SecretVolume.CERTIFICATE);
	}

	/**
	 * The demo server's private key file.
	 * @return {@code server/tls.key}
	 */
	public Path serverPrivateKey() {
		return this.server.file(SecretVolume.PRIVATE_KEY);
	}

	/**
	 * The certificate file of the {@code trusted} client.
	 * @return {@code trusted/tls.crt}
	 */
	public Path trustedCertificate() {
		return this.trusted.file(SecretVolume.CERTIFICATE);
	}

	/**
	 * The certificate file of the {@code stranger} client.
	 * @return {@code stranger/tls.crt}
	 */
	public Path strangerCertificate() {
		return this.stranger.file(SecretVolume.CERTIFICATE);
	}

	/**
	 * Issue a new certificate and key for the {@code trusted} client and swap them in
	 * the way the kubelet does.
	 * @return the new certificate
	 */
	public X509Certificate rotateTrusted() {
		IssuedCertificate issued = this.clientCa.issueClient("CN=trusted" + ORGANIZATION, LEAF_VALIDITY);
		this.trusted.write(issued.tlsSecretFiles());
		logger.info("Rotated the 'trusted' client certificate in %s: serial %s"
			.formatted(this.trusted.file(SecretVolume.CERTIFICATE), issued.certificate().getSerialNumber().toString(16)));
		return issued.certificate();
	}

	private static DemoCa ca(Path dir, String name, String subject, List<String> issued) {
		Path certificateFile = dir.resolve("ca").resolve(name + ".crt");
		Path keyFile = dir.resolve("ca").resolve(name + ".key");
		try {
			DemoCa existing = new DemoCa(Pem.readCertificate(certificateFile), Pem.readPrivateKey(keyFile));
			if (stillGood(existing.certificate())) {
				return existing;
			}
		}
		catch (IOException | GeneralSecurityException | RuntimeException ex) {
			// Missing or unreadable: make a new one.
		}
		DemoCa created = DemoCa.create(subject);
		try {
			Pem.write(certificateFile, Pem.certificate(created.certificate()));
			Pem.write(keyFile, Pem.privateKey(created.privateKey()));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot write the demo CA to " + certificateFile.getParent(), ex);
		}
		issued.add(name);
		return created;
	}

	private static SecretVolume leaf(Path dir, DemoCa ca, List<String> issued, Supplier<IssuedCertificate> issue) {
		SecretVolume volume = SecretVolume.in(dir);
		try {
			X509Certificate existing = Pem.readCertificate(volume.file(SecretVolume.CERTIFICATE));
			Pem.readPrivateKey(volume.file(SecretVolume.PRIVATE_KEY));
			if (ca.issued(existing) && stillGood(existing)) {
				return volume;
			}
		}
		catch (IOException | GeneralSecurityException | RuntimeException ex) {
			// Missing or unreadable: issue a new one.
		}
		volume.write(issue.get().tlsSecretFiles());
		issued.add(dir.getFileName().toString());
		return volume;
	}

	private static boolean stillGood(X509Certificate certificate) {
		return certificate.getNotAfter().toInstant().isAfter(Instant.now().plus(RENEW_BEFORE));
	}

}
