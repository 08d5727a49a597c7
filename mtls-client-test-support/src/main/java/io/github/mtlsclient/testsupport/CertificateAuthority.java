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
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.IPAddress;
import org.jspecify.annotations.Nullable;

/**
 * A certificate authority (root or intermediate) that issues certificates for tests.
 * Create a root with {@link TestPki#rootCa(String)}.
 */
public final class CertificateAuthority {

	private static final SecureRandom RANDOM = new SecureRandom();

	private final KeyPair keyPair;

	private final X509Certificate certificate;

	private final @Nullable CertificateAuthority issuer;

	private CertificateAuthority(KeyPair keyPair, X509Certificate certificate, @Nullable CertificateAuthority issuer) {
		this.keyPair = keyPair;
		this.certificate = certificate;
		this.issuer = issuer;
	}

	static CertificateAuthority root(String commonName, KeyAlgorithm keyAlgorithm) {
		return root(new LeafBuilder(null, commonName, true).keyAlgorithm(keyAlgorithm));
	}

	static CertificateAuthority root(String commonName, Instant notBefore, Instant notAfter) {
		return root(new LeafBuilder(null, commonName, true).validity(notBefore, notAfter));
	}

	private static CertificateAuthority root(LeafBuilder builder) {
		IssuedCertificate root = builder.issue();
		return new CertificateAuthority(root.keyPair(), root.certificate(), null);
	}

	static IssuedCertificate selfSignedClient(String commonName) {
		return new LeafBuilder(null, commonName, false).clientAuth().issue();
	}

	/**
	 * Return this CA's own certificate and key as if it were an end entity: for tests
	 * of a CA misused as a client's identity.
	 * @return the CA's certificate and key
	 */
	public IssuedCertificate asIssuedCertificate() {
		return new IssuedCertificate(this.keyPair, List.of(this.certificate));
	}

	/**
	 * Return the certificate of this CA.
	 * @return the certificate
	 */
	public X509Certificate certificate() {
		return this.certificate;
	}

	/**
	 * Return the key pair of this CA.
	 * @return the key pair
	 */
	public KeyPair keyPair() {
		return this.keyPair;
	}

	/**
	 * Return the certificates from this CA up to the root, this CA first.
	 * @return the chain, ending with the root
	 */
	public List<X509Certificate> chain() {
		List<X509Certificate> chain = new ArrayList<>();
		chain.add(this.certificate);
		if (this.issuer != null) {
			chain.addAll(this.issuer.chain());
		}
		return List.copyOf(chain);
	}

	/**
	 * Create an intermediate CA with an EC key, signed by this CA.
	 * @param commonName the common name of the intermediate
	 * @return the intermediate CA
	 */
	public CertificateAuthority intermediate(String commonName) {
		return intermediate(commonName, KeyAlgorithm.EC);
	}

	/**
	 * Create an intermediate CA signed by this CA.
	 * @param commonName the common name of the intermediate
	 * @param keyAlgorithm the key algorithm of the intermediate
	 * @return the intermediate CA
	 */
	public CertificateAuthority intermediate(String commonName, KeyAlgorithm keyAlgorithm) {
		IssuedCertificate issued = new LeafBuilder(this, commonName, true).keyAlgorithm(keyAlgorithm).issue();
		return new CertificateAuthority(issued.keyPair(), issued.certificate(), this);
	}

	/**
	 * Create an intermediate CA with an EC key and the given validity, signed by this
	 * CA: for chains with an expired or not yet valid intermediate.
	 * @param commonName the common name of the intermediate
	 * @param notBefore start of the validity period
	 * @param notAfter end of the validity period
	 * @return the intermediate CA
	 */
	public CertificateAuthority intermediate(String commonName, Instant notBefore, Instant notAfter) {
		IssuedCertificate issued = new LeafBuilder(this, commonName, true).validity(notBefore, notAfter).issue();
		return new CertificateAuthority(issued.keyPair(), issued.certificate(), this);
	}

	/**
	 * Issue a server certificate (EC key, extended key usage {@code serverAuth}).
	 * @param commonName the common name
	 * @param subjectAltNames IP literals become {@code iPAddress} entries, anything
	 * else a {@code dNSName}
	 * @return the issued certificate
	 */
	public IssuedCertificate issueServer(String commonName, String... subjectAltNames) {
		return leaf(commonName).subjectAltNames(subjectAltNames).serverAuth().issue();
	}

	/**
	 * Issue a client certificate (EC key, extended key usage {@code clientAuth}).
	 * @param commonName the common name
	 * @return the issued certificate
	 */
	public IssuedCertificate issueClient(String commonName) {
		return leaf(commonName).clientAuth().issue();
	}

	/**
	 * Start building an end-entity certificate signed by this CA.
	 * @param commonName the common name
	 * @return a builder
	 */
	public LeafBuilder leaf(String commonName) {
		return new LeafBuilder(this, commonName, false);
	}

	/**
	 * Write the certificate of this CA as PEM, creating parent directories.
	 * @param file the file to write
	 */
	public void writeCertificate(Path file) {
		TestPki.writePemCertificates(file, this.certificate);
	}

	/**
	 * Builder for a certificate signed by a {@link CertificateAuthority}. Defaults: EC
	 * key, valid from one hour ago for ten days, random serial number, no SANs and no
	 * extended key usage.
	 */
	public static final class LeafBuilder {

		private final @Nullable CertificateAuthority issuer;

		private final String commonName;

		private boolean ca;

		private @Nullable Integer keyUsage;

		private KeyAlgorithm keyAlgorithm = KeyAlgorithm.EC;

		private List<String> subjectAltNames = List.of();

		private final List<KeyPurposeId> extendedKeyUsages = new ArrayList<>();

		private Instant notBefore = Instant.now().minus(Duration.ofHours(1));

		private Instant notAfter = Instant.now().plus(Duration.ofDays(10));

		private BigInteger serialNumber = new BigInteger(64, RANDOM).setBit(63);

		private LeafBuilder(@Nullable CertificateAuthority issuer, String commonName, boolean ca) {
			this.issuer = issuer;
			this.commonName = commonName;
			this.ca = ca;
		}

		/**
		 * Set the algorithm of the generated key pair.
		 * @param keyAlgorithm the key algorithm
		 * @return this builder
		 */
		public LeafBuilder keyAlgorithm(KeyAlgorithm keyAlgorithm) {
			this.keyAlgorithm = keyAlgorithm;
			return this;
		}

		/**
		 * Set the subject alternative names. IP literals become {@code iPAddress}
		 * entries, URIs (such as a SPIFFE ID, {@code spiffe://example.org/payments}) a
		 * {@code uniformResourceIdentifier}, anything else a {@code dNSName}.
		 * @param subjectAltNames the names
		 * @return this builder
		 */
		public LeafBuilder subjectAltNames(String... subjectAltNames) {
			this.subjectAltNames = List.of(subjectAltNames);
			return this;
		}

		/**
		 * Mark the certificate as a CA ({@code basicConstraints CA:true}, key usage
		 * {@code keyCertSign}) although it is issued like a leaf: a CA certificate
		 * misused as a client's identity.
		 * @return this builder
		 */
		public LeafBuilder certificateAuthority() {
			this.ca = true;
			return this;
		}

		/**
		 * Set the key usage bits instead of the defaults ({@code digitalSignature}, plus
		 * {@code keyEncipherment} for RSA; {@code keyCertSign | cRLSign} for a CA).
		 * @param keyUsage the bits, e.g. {@code KeyUsage.keyEncipherment}
		 * @return this builder
		 */
		public LeafBuilder keyUsage(int keyUsage) {
			this.keyUsage = keyUsage;
			return this;
		}

		/**
		 * Add the {@code anyExtendedKeyUsage} extended key usage.
		 * @return this builder
		 */
		public LeafBuilder anyExtendedKeyUsage() {
			return extendedKeyUsage(KeyPurposeId.anyExtendedKeyUsage);
		}

		/**
		 * Add the {@code serverAuth} extended key usage.
		 * @return this builder
		 */
		public LeafBuilder serverAuth() {
			return extendedKeyUsage(KeyPurposeId.id_kp_serverAuth);
		}

		/**
		 * Add the {@code clientAuth} extended key usage.
		 * @return this builder
		 */
		public LeafBuilder clientAuth() {
			return extendedKeyUsage(KeyPurposeId.id_kp_clientAuth);
		}

		private LeafBuilder extendedKeyUsage(KeyPurposeId purpose) {
			if (!this.extendedKeyUsages.contains(purpose)) {
				this.extendedKeyUsages.add(purpose);
			}
			return this;
		}

		/**
		 * Set the validity period.
		 * @param notBefore start of the validity period
		 * @param notAfter end of the validity period
		 * @return this builder
		 */
		public LeafBuilder validity(Instant notBefore, Instant notAfter) {
			this.notBefore = notBefore;
			this.notAfter = notAfter;
			return this;
		}

		/**
		 * Set the serial number instead of a random one.
		 * @param serialNumber the serial number
		 * @return this builder
		 */
		public LeafBuilder serialNumber(BigInteger serialNumber) {
			this.serialNumber = serialNumber;
			return this;
		}

		/**
		 * Generate the key pair and issue the certificate.
		 * @return the issued certificate
		 */
		public IssuedCertificate issue() {
			KeyPair keyPair = this.keyAlgorithm.generateKeyPair();
			KeyPair signingKeyPair = (this.issuer != null) ? this.issuer.keyPair : keyPair;
			X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, this.commonName).build();
			X500Name issuerName = (this.issuer != null)
					? X500Name.getInstance(this.issuer.certificate.getSubjectX500Principal().getEncoded()) : subject;
			int keyUsage = (this.ca) ? KeyUsage.keyCertSign | KeyUsage.cRLSign : KeyUsage.digitalSignature;
			if (!this.ca && this.keyAlgorithm == KeyAlgorithm.RSA) {
				keyUsage |= KeyUsage.keyEncipherment;
			}
			if (this.keyUsage != null) {
				keyUsage = this.keyUsage;
			}
			try {
				JcaX509ExtensionUtils extensionUtils = new JcaX509ExtensionUtils();
				X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuerName, this.serialNumber,
						Date.from(this.notBefore), Date.from(this.notAfter), subject, keyPair.getPublic())
					.addExtension(Extension.basicConstraints, true, new BasicConstraints(this.ca))
					.addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage))
					.addExtension(Extension.subjectKeyIdentifier, false,
							extensionUtils.createSubjectKeyIdentifier(keyPair.getPublic()))
					.addExtension(Extension.authorityKeyIdentifier, false,
							extensionUtils.createAuthorityKeyIdentifier(signingKeyPair.getPublic()));
				if (!this.extendedKeyUsages.isEmpty()) {
					builder.addExtension(Extension.extendedKeyUsage, false,
							new ExtendedKeyUsage(this.extendedKeyUsages.toArray(KeyPurposeId[]::new)));
				}
				if (!this.subjectAltNames.isEmpty()) {
					builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(
							this.subjectAltNames.stream().map(LeafBuilder::generalName).toArray(GeneralName[]::new)));
				}
				String signatureAlgorithm = KeyAlgorithm.of(signingKeyPair.getPrivate()).signatureAlgorithm();
				X509Certificate certificate = new JcaX509CertificateConverter()
					.getCertificate(builder.build(new JcaContentSignerBuilder(signatureAlgorithm)
						.build(signingKeyPair.getPrivate())));
				List<X509Certificate> chain = new ArrayList<>();
				chain.add(certificate);
				if (this.issuer != null) {
					List<X509Certificate> issuerChain = this.issuer.chain();
					chain.addAll(issuerChain.subList(0, issuerChain.size() - 1));
				}
				return new IssuedCertificate(keyPair, chain);
			}
			catch (GeneralSecurityException | IOException | OperatorCreationException ex) {
				throw new IllegalStateException("Unable to issue certificate for " + subject, ex);
			}
		}

		private static GeneralName generalName(String name) {
			if (name.contains("://")) {
				return new GeneralName(GeneralName.uniformResourceIdentifier, name);
			}
			return new GeneralName(IPAddress.isValid(name) ? GeneralName.iPAddress : GeneralName.dNSName, name);
		}

	}

}
