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
package io.github.mtlsclient.material;

import java.security.cert.CertificateException;

/**
 * A server refused by a SPIFFE client: its certificate is no X.509-SVID, its chain does
 * not lead to the bundle of its trust domain, or its SPIFFE ID is not one the client
 * accepts. Its own type, so that the transports' failure explanations can tell it from
 * other certificate problems.
 *
 * @author mtls-client-spring-boot authors
 */
public final class SpiffeServerRejectedException extends CertificateException {

	private static final long serialVersionUID = 1L;

	SpiffeServerRejectedException(String message) {
		super(message);
	}

	SpiffeServerRejectedException(String message, Throwable cause) {
		super(message, cause);
	}

}
