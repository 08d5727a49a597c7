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
package io.github.mtlsclient;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.HexFormat;

/**
 * What may safely be shown of a certificate: who it names, who issued it, its serial
 * number, its SHA-256 fingerprint and its validity. Never any key material.
 *
 * @param subject the subject distinguished name (RFC 2253)
 * @param issuer the issuer distinguished name (RFC 2253)
 * @param serialNumber the serial number, lower-case hexadecimal
 * @param sha256Fingerprint the SHA-256 digest of the DER encoding, colon-separated
 * upper-case hexadecimal
 * @param notBefore the start of the validity period
 * @param notAfter the end of the validity period
 * @author mtls-client-spring-boot authors
 */
public record CertificateDetails(String subject, String issuer, String serialNumber, String sha256Fingerprint,
		Instant notBefore, Instant notAfter) {

	/**
	 * Describe the given certificate.
	 * @param certificate the certificate
	 * @return its details
	 */
	public static CertificateDetails of(X509Certificate certificate) {
		return new CertificateDetails(certificate.getSubjectX500Principal().getName(),
				certificate.getIssuerX500Principal().getName(), serialNumber(certificate.getSerialNumber()),
				fingerprint(certificate), certificate.getNotBefore().toInstant(),
				certificate.getNotAfter().toInstant());
	}

	/**
	 * Whether the certificate is valid at the given instant.
	 * @param instant the instant to check
	 * @return {@code true} if {@code notBefore <= instant <= notAfter}
	 */
	public boolean isValidAt(Instant instant) {
		return !instant.isBefore(this.notBefore) && !instant.isAfter(this.notAfter);
	}

	private static String serialNumber(BigInteger serialNumber) {
		return serialNumber.toString(16);
	}

	private static String fingerprint(X509Certificate certificate) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
			return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
		}
		catch (NoSuchAlgorithmException | CertificateEncodingException ex) {
			throw new IllegalStateException("Cannot fingerprint certificate " + certificate.getSubjectX500Principal(),
					ex);
		}
	}

}
