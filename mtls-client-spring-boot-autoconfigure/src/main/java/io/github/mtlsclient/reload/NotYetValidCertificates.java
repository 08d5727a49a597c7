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
package io.github.mtlsclient.reload;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.ssl.pem.PemContent;

/**
 * Finds when the certificates in a client's files start being valid, so that material
 * refused because its certificate is not valid yet (an issuer whose clock runs ahead)
 * is tried again at that moment rather than only at the next poll. Reads certificates
 * only; a file that holds none, or no readable PEM, is skipped.
 *
 * @author mtls-client-spring-boot authors
 */
final class NotYetValidCertificates {

	private static final String CERTIFICATE_HEADER = "-----BEGIN CERTIFICATE-----";

	private NotYetValidCertificates() {
	}

	/**
	 * The earliest start of validity after {@code now} of a certificate in the files.
	 * @param files the files
	 * @param now the present instant
	 * @return the earliest {@code notBefore} after {@code now}, or {@code null} if every
	 * certificate is valid already (or there is none)
	 */
	static @Nullable Instant earliestValidityStart(List<Path> files, Instant now) {
		Instant earliest = null;
		for (Path file : files) {
			for (X509Certificate certificate : certificates(file)) {
				Instant notBefore = certificate.getNotBefore().toInstant();
				if (notBefore.isAfter(now) && (earliest == null || notBefore.isBefore(earliest))) {
					earliest = notBefore;
				}
			}
		}
		return earliest;
	}

	private static List<X509Certificate> certificates(Path file) {
		byte[] content = MaterialFile.read(file).content();
		if (content == null) {
			return List.of();
		}
		String text = new String(content, StandardCharsets.UTF_8);
		if (!text.contains(CERTIFICATE_HEADER)) {
			// A key file: left alone.
			return List.of();
		}
		try {
			return PemContent.of(text).getCertificates();
		}
		catch (RuntimeException ex) {
			// Garbage: the reload has said why it failed, nothing to wait for here.
			return List.of();
		}
	}

}
