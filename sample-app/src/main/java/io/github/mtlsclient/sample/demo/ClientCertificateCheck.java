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

import java.security.GeneralSecurityException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Decides whether the chain a client presented is authorized, the way Node's TLS server
 * fills in {@code authorized} and {@code authorizationError} when it requests a client
 * certificate without requiring one: PKIX validation against the client CA.
 *
 * @author mtls-client-spring-boot authors
 */
final class ClientCertificateCheck {

	private final X509Certificate clientCa;

	ClientCertificateCheck(X509Certificate clientCa) {
		this.clientCa = clientCa;
	}

	/**
	 * Check what a client presented.
	 * @param chain the presented chain, leaf first, or {@code null} if none was
	 * presented
	 * @return the verdict
	 */
	Verdict check(Certificate[] chain) {
		if (chain == null || chain.length == 0) {
			return new Verdict(false, "no client certificate presented", null, null);
		}
		X509Certificate leaf = (X509Certificate) chain[0];
		String subject = leaf.getSubjectX500Principal().getName();
		String serial = leaf.getSerialNumber().toString(16);
		try {
			// The CA itself is the trust anchor, not part of the path to validate.
			List<Certificate> path = Arrays.stream(chain).filter((certificate) -> !certificate.equals(this.clientCa))
				.toList();
			CertPath certPath = CertificateFactory.getInstance("X.509").generateCertPath(path);
			PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(this.clientCa, null)));
			// A demo CA publishes no revocation lists.
			parameters.setRevocationEnabled(false);
			CertPathValidator.getInstance("PKIX").validate(certPath, parameters);
			return new Verdict(true, null, subject, serial);
		}
		catch (CertPathValidatorException ex) {
			return new Verdict(false, "PKIX path validation failed: " + ex.getMessage(), subject, serial);
		}
		catch (GeneralSecurityException ex) {
			return new Verdict(false, "cannot validate the client certificate: " + ex.getMessage(), subject, serial);
		}
	}

	/**
	 * What the demo server answers to every request.
	 *
	 * @param authorized whether the presented chain validates against the client CA
	 * @param authorizationError why not, or {@code null} when authorized
	 * @param subject the subject of the presented certificate, or {@code null}
	 * @param serial the serial number (hexadecimal) of the presented certificate, or
	 * {@code null}
	 */
	record Verdict(boolean authorized, String authorizationError, String subject, String serial) {

	}

}
