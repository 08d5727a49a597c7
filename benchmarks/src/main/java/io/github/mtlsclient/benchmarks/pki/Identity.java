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

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.Base64;

/**
 * A key pair and the certificate issued for it, written out as PEM the way every client
 * under test reads it.
 *
 * @param keyPair the key pair
 * @param certificate the certificate
 * @author mtls-client-spring-boot authors
 */
public record Identity(KeyPair keyPair, X509Certificate certificate) {

	/**
	 * The certificate's serial number in the lower-case hex both Jetty and the starter
	 * show.
	 * @return the serial number
	 */
	public String serial() {
		return this.certificate.getSerialNumber().toString(16);
	}

	/**
	 * The certificate as PEM.
	 * @return the PEM text
	 */
	public String certificatePem() {
		try {
			return pem("CERTIFICATE", this.certificate.getEncoded());
		}
		catch (java.security.cert.CertificateEncodingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * The private key as unencrypted PKCS#8 PEM.
	 * @return the PEM text
	 */
	public String privateKeyPem() {
		return pem("PRIVATE KEY", this.keyPair.getPrivate().getEncoded());
	}

	static String pem(String type, byte[] der) {
		String body = Base64.getMimeEncoder(64, new byte[] { '\n' }).encodeToString(der);
		return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
	}

}
