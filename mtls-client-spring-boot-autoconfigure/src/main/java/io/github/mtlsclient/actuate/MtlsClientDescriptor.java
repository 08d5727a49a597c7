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
package io.github.mtlsclient.actuate;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.mtlsclient.CertificateDetails;
import io.github.mtlsclient.MtlsClientStatus;
import org.jspecify.annotations.Nullable;

/**
 * A client as health and the {@code mtls} endpoint show it: what it presents, what it
 * trusts, how its last reload went, its pool and its handshakes. Certificates are
 * shown by subject, issuer, serial, fingerprint and validity only.
 *
 * @param baseUrl the base URL
 * @param certificate the presented certificate, or {@code null} without one
 * @param trust what the client trusts
 * @param lastReload the last reload, or {@code null}
 * @param pool the connection pool of the {@code RestClient}
 * @param handshakes the full TLS handshakes the {@code RestClient}'s pool made
 * @param transports every transport of the client by id ({@code http-client}, and
 * {@code reactor-netty} with WebFlux): its pool and handshakes
 * @param spiffe the SPIFFE ID, trust domains and Workload API connection of a SPIFFE
 * client, or {@code null}
 * @author mtls-client-spring-boot authors
 */
public record MtlsClientDescriptor(String baseUrl, @Nullable CertificateDescriptor certificate,
		TrustDescriptor trust, MtlsClientStatus.@Nullable Reload lastReload, MtlsClientStatus.Pool pool,
		long handshakes, Map<String, TransportDescriptor> transports, MtlsClientStatus.@Nullable Spiffe spiffe) {

	/**
	 * Describe a client's status.
	 * @param status the status
	 * @param now the present instant
	 * @param expiringSoonThreshold how close to its expiry a certificate is expiring soon
	 * @return the descriptor
	 */
	public static MtlsClientDescriptor of(MtlsClientStatus status, Instant now, Duration expiringSoonThreshold) {
		CertificateDetails certificate = status.certificate();
		return new MtlsClientDescriptor(status.baseUrl(),
				(certificate != null) ? CertificateDescriptor.of(certificate, now, expiringSoonThreshold) : null,
				new TrustDescriptor(status.trustsJdkDefaults(),
						status.trustAnchors().stream().map((anchor) -> new AnchorDescriptor(anchor.subject(),
								anchor.serialNumber(), anchor.notAfter())).toList()),
				status.lastReload(), status.pool(), status.handshakes(), transports(status),
				status.spiffe());
	}

	private static Map<String, TransportDescriptor> transports(MtlsClientStatus status) {
		Map<String, TransportDescriptor> transports = new LinkedHashMap<>();
		status.transports()
			.forEach((transport) -> transports.put(transport.id(),
					new TransportDescriptor(transport.pool(), transport.handshakes())));
		return transports;
	}

	/**
	 * One transport of the client.
	 *
	 * @param pool its connection pool
	 * @param handshakes the full TLS handshakes it made
	 */
	public record TransportDescriptor(MtlsClientStatus.Pool pool, long handshakes) {

	}

	/**
	 * The presented certificate.
	 *
	 * @param subject the subject
	 * @param issuer the issuer
	 * @param serialNumber the serial number (hexadecimal)
	 * @param sha256Fingerprint the SHA-256 fingerprint
	 * @param notBefore the start of validity
	 * @param notAfter the end of validity
	 * @param timeLeft the time left until {@code notAfter}, negative once expired
	 * @param valid whether it is valid now
	 * @param expiringSoon whether it expires within the warning threshold
	 */
	public record CertificateDescriptor(String subject, String issuer, String serialNumber, String sha256Fingerprint,
			Instant notBefore, Instant notAfter, Duration timeLeft, boolean valid, boolean expiringSoon) {

		static CertificateDescriptor of(CertificateDetails certificate, Instant now, Duration threshold) {
			Duration timeLeft = Duration.between(now, certificate.notAfter());
			return new CertificateDescriptor(certificate.subject(), certificate.issuer(), certificate.serialNumber(),
					certificate.sha256Fingerprint(), certificate.notBefore(), certificate.notAfter(), timeLeft,
					certificate.isValidAt(now), timeLeft.compareTo(threshold) < 0);
		}

	}

	/**
	 * What a client trusts.
	 *
	 * @param jdkDefaults whether the JDK's default certificate authorities are trusted
	 * @param anchors the configured certificate authorities
	 */
	public record TrustDescriptor(boolean jdkDefaults, List<AnchorDescriptor> anchors) {

	}

	/**
	 * A configured certificate authority.
	 *
	 * @param subject its subject
	 * @param serialNumber its serial number
	 * @param notAfter when it expires
	 */
	public record AnchorDescriptor(String subject, String serialNumber, Instant notAfter) {

	}

}
