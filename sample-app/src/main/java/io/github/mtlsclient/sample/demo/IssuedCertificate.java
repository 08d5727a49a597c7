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

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A certificate and its private key, as the demo issues them.
 *
 * @param certificate the certificate
 * @param privateKey its private key
 * @author mtls-client-spring-boot authors
 */
record IssuedCertificate(X509Certificate certificate, PrivateKey privateKey) {

	/**
	 * The PEM files of a Kubernetes TLS secret: {@code tls.crt} and {@code tls.key}.
	 * @return the content of each file by file name
	 */
	Map<String, String> tlsSecretFiles() {
		Map<String, String> files = new LinkedHashMap<>();
		files.put(SecretVolume.CERTIFICATE, Pem.certificate(this.certificate));
		files.put(SecretVolume.PRIVATE_KEY, Pem.privateKey(this.privateKey));
		return files;
	}

	@Override
	public String toString() {
		// A record prints every component: never the key.
		return "IssuedCertificate[" + this.certificate.getSubjectX500Principal() + ", serial "
				+ this.certificate.getSerialNumber().toString(16) + "]";
	}

}
