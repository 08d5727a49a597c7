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

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.IPAddress;

/**
 * A root CA that issues the run's server and client certificates. EC P-256 keys
 * throughout: the handshake cost then is what a modern deployment pays, and key
 * generation stays fast enough to rotate ten times in a run.
 *
 * @author mtls-client-spring-boot authors
 */
public final class CertificateAuthority {

	private static final SecureRandom RANDOM = new SecureRandom();

	private final Identity identity;

	private CertificateAuthority(Identity identity) {
		this.identity = identity;
	}

	/**
	 * Create a self-signed root.
	 * @param commonName the CA's common name
	 * @return the CA
	 */
	public static CertificateAuthority create(String commonName) {
		KeyPair keyPair = newKeyPair();
		X500Name name = new X500Name("CN=" + commonName);
		return new CertificateAuthority(new Identity(keyPair, sign(name, name, keyPair, keyPair, null, null)));
	}

	/**
	 * The CA's own certificate, the trust anchor of both sides.
	 * @return the CA identity
	 */
	public Identity identity() {
		return this.identity;
	}

	/**
	 * Issue a server certificate.
	 * @param commonName the common name
	 * @param names the subject alternative names: IP literals or DNS names
	 * @return the server identity
	 */
	public Identity issueServer(String commonName, String... names) {
		GeneralName[] altNames = new GeneralName[names.length];
		for (int i = 0; i < names.length; i++) {
			altNames[i] = new GeneralName(IPAddress.isValid(names[i]) ? GeneralName.iPAddress : GeneralName.dNSName,
					names[i]);
		}
		return issue(commonName, KeyPurposeId.id_kp_serverAuth, new GeneralNames(altNames));
	}

	/**
	 * Issue a client certificate; every call gives a new key and serial, as a rotation
	 * does.
	 * @param commonName the common name
	 * @return the client identity
	 */
	public Identity issueClient(String commonName) {
		return issue(commonName, KeyPurposeId.id_kp_clientAuth, null);
	}

	private Identity issue(String commonName, KeyPurposeId purpose, GeneralNames altNames) {
		KeyPair keyPair = newKeyPair();
		X500Name issuer = new X500Name(this.identity.certificate().getSubjectX500Principal().getName());
		return new Identity(keyPair, sign(issuer, new X500Name("CN=" + commonName), keyPair, this.identity.keyPair(),
				purpose, altNames));
	}

	// A CA certificate when there is no purpose, an end-entity certificate otherwise.
	private static X509Certificate sign(X500Name issuer, X500Name subject, KeyPair keyPair, KeyPair issuerKeyPair,
			KeyPurposeId purpose, GeneralNames altNames) {
		Instant now = Instant.now();
		try {
			X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer,
					new BigInteger(64, RANDOM).setBit(63), Date.from(now.minus(Duration.ofHours(1))),
					Date.from(now.plus(Duration.ofDays(30))), subject, keyPair.getPublic())
				.addExtension(Extension.basicConstraints, true, new BasicConstraints(purpose == null))
				.addExtension(Extension.keyUsage, true, new KeyUsage(
						(purpose == null) ? KeyUsage.keyCertSign | KeyUsage.cRLSign : KeyUsage.digitalSignature));
			if (purpose != null) {
				builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
			}
			if (altNames != null) {
				builder.addExtension(Extension.subjectAlternativeName, false, altNames);
			}
			return new JcaX509CertificateConverter().getCertificate(
					builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeyPair.getPrivate())));
		}
		catch (Exception ex) {
			throw new IllegalStateException("Cannot issue a certificate for " + subject, ex);
		}
	}

	private static KeyPair newKeyPair() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
			generator.initialize(new ECGenParameterSpec("secp256r1"));
			return generator.generateKeyPair();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
