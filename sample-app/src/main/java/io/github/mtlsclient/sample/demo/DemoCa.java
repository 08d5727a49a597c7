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

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;

import javax.security.auth.x500.X500Principal;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A certificate authority of the demo: a self-signed CA certificate and its key, which
 * issues server and client certificates. Every key is EC P-256: quick to generate, and
 * what most private PKIs issue today.
 *
 * @author mtls-client-spring-boot authors
 */
final class DemoCa {

	private static final SecureRandom random = new SecureRandom();

	private static final Duration CA_VALIDITY = Duration.ofDays(3650);

	// Backdated, so that a machine whose clock is a little behind still accepts them.
	private static final Duration BACKDATE = Duration.ofHours(1);

	private final X509Certificate certificate;

	private final PrivateKey privateKey;

	DemoCa(X509Certificate certificate, PrivateKey privateKey) {
		this.certificate = certificate;
		this.privateKey = privateKey;
	}

	/**
	 * Create a new CA with a fresh key.
	 * @param subject the CA's distinguished name
	 * @return the CA
	 */
	static DemoCa create(String subject) {
		KeyPair keyPair = newKeyPair();
		X500Name name = x500Name(subject);
		X509Certificate certificate = sign(new Template(name, name, keyPair.getPublic(), CA_VALIDITY),
				keyPair.getPrivate(), null, (builder) -> {
					builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
					builder.addExtension(Extension.keyUsage, true,
							new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
				});
		return new DemoCa(certificate, keyPair.getPrivate());
	}

	X509Certificate certificate() {
		return this.certificate;
	}

	PrivateKey privateKey() {
		return this.privateKey;
	}

	/**
	 * Issue a server certificate.
	 * @param subject the distinguished name
	 * @param validity how long it is valid
	 * @param names the DNS names and IP addresses it is valid for
	 * @return the certificate and its key
	 */
	IssuedCertificate issueServer(String subject, Duration validity, String... names) {
		return issue(subject, validity, KeyPurposeId.id_kp_serverAuth, names);
	}

	/**
	 * Issue a client certificate.
	 * @param subject the distinguished name
	 * @param validity how long it is valid
	 * @return the certificate and its key
	 */
	IssuedCertificate issueClient(String subject, Duration validity) {
		return issue(subject, validity, KeyPurposeId.id_kp_clientAuth);
	}

	/**
	 * Whether this CA signed the given certificate.
	 * @param candidate the certificate
	 * @return {@code true} if its signature verifies with this CA's key
	 */
	boolean issued(X509Certificate candidate) {
		try {
			candidate.verify(this.certificate.getPublicKey());
			return candidate.getIssuerX500Principal().equals(this.certificate.getSubjectX500Principal());
		}
		catch (GeneralSecurityException ex) {
			return false;
		}
	}

	private IssuedCertificate issue(String subject, Duration validity, KeyPurposeId purpose, String... names) {
		KeyPair keyPair = newKeyPair();
		Template template = new Template(X500Name.getInstance(this.certificate.getSubjectX500Principal().getEncoded()),
				x500Name(subject), keyPair.getPublic(), validity);
		X509Certificate issued = sign(template, this.privateKey, this.certificate, (builder) -> {
			builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
			builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
			builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
			if (names.length > 0) {
				builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(
						Arrays.stream(names).map(DemoCa::generalName).toArray(GeneralName[]::new)));
			}
		});
		return new IssuedCertificate(issued, keyPair.getPrivate());
	}

	// The JDK parses RFC 2253 names, most specific first, and encodes them the right way
	// round: "CN=trusted,O=mtls-sample" then prints back as written.
	private static X500Name x500Name(String subject) {
		return X500Name.getInstance(new X500Principal(subject).getEncoded());
	}

	private static GeneralName generalName(String name) {
		boolean ipAddress = name.chars().allMatch((c) -> Character.isDigit(c) || c == '.') || name.contains(":");
		return new GeneralName(ipAddress ? GeneralName.iPAddress : GeneralName.dNSName, name);
	}

	private static X509Certificate sign(Template template, PrivateKey signingKey, X509Certificate issuer,
			Extensions extensions) {
		try {
			Instant now = Instant.now();
			X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(template.issuer(),
					new BigInteger(64, random).setBit(62), Date.from(now.minus(BACKDATE)),
					Date.from(now.plus(template.validity())), template.subject(), template.publicKey());
			JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
			builder.addExtension(Extension.subjectKeyIdentifier, false,
					utils.createSubjectKeyIdentifier(template.publicKey()));
			builder.addExtension(Extension.authorityKeyIdentifier, false,
					(issuer != null) ? utils.createAuthorityKeyIdentifier(issuer)
							: utils.createAuthorityKeyIdentifier(template.publicKey()));
			extensions.add(builder);
			return new JcaX509CertificateConverter()
				.getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signingKey)));
		}
		catch (GeneralSecurityException | OperatorCreationException | CertIOException ex) {
			throw new IllegalStateException("Cannot issue a demo certificate for " + template.subject(), ex);
		}
	}

	private static KeyPair newKeyPair() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
			generator.initialize(new ECGenParameterSpec("secp256r1"), random);
			return generator.generateKeyPair();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("This JVM cannot generate EC P-256 keys", ex);
		}
	}

	private record Template(X500Name issuer, X500Name subject, PublicKey publicKey, Duration validity) {

	}

	@FunctionalInterface
	private interface Extensions {

		void add(X509v3CertificateBuilder builder) throws CertIOException;

	}

}
