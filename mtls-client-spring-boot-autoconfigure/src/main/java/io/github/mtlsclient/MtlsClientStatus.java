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

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What one client presents and how it is doing, as of now: what health, the
 * {@code mtls} actuator endpoint and the metrics report. Never any key material.
 *
 * @param name the client name
 * @param baseUrl the base URL
 * @param certificate the certificate presented on new connections, or {@code null}
 * without one
 * @param trustAnchors the configured trusted certificate authorities (empty when only
 * the JDK's defaults are trusted)
 * @param trustsJdkDefaults whether the JDK's default certificate authorities are trusted
 * @param lastReload the outcome of the last reload, or {@code null} if none happened
 * @param pool the state of the connection pool of the client's {@code RestClient}
 * (HttpClient 5)
 * @param handshakes the number of full TLS handshakes the {@code RestClient}'s pool has
 * made so far
 * @param transports every transport of the client with its pool and handshakes: the
 * {@code RestClient}'s first ({@value Transport#HTTP_CLIENT}, the same as {@code pool}
 * and {@code handshakes}), then, with WebFlux, the {@code WebClient}'s
 * ({@value Transport#REACTOR_NETTY}); never empty
 * @param spiffe the SPIFFE identity and Workload API connection, or {@code null} for a
 * client whose material does not come from SPIFFE
 * @author mtls-client-spring-boot authors
 */
public record MtlsClientStatus(String name, String baseUrl, @Nullable CertificateDetails certificate,
		List<CertificateDetails> trustAnchors, boolean trustsJdkDefaults, @Nullable Reload lastReload, Pool pool,
		long handshakes, List<Transport> transports, @Nullable Spiffe spiffe) {

	/**
	 * A status; without transports, it lists the {@code RestClient}'s alone, from
	 * {@code pool} and {@code handshakes}.
	 */
	public MtlsClientStatus {
		transports = transports.isEmpty() ? List.of(new Transport(Transport.HTTP_CLIENT, pool, handshakes))
				: List.copyOf(transports);
	}

	/**
	 * The status of a client with the {@code RestClient}'s transport only whose material
	 * does not come from SPIFFE, as a registry of the application's own may report it.
	 * @param name the client name
	 * @param baseUrl the base URL
	 * @param certificate the presented certificate, or {@code null}
	 * @param trustAnchors the configured trusted certificate authorities
	 * @param trustsJdkDefaults whether the JDK's default certificate authorities are
	 * trusted
	 * @param lastReload the outcome of the last reload, or {@code null}
	 * @param pool the connection pool's state
	 * @param handshakes the number of full TLS handshakes made so far
	 */
	public MtlsClientStatus(String name, String baseUrl, @Nullable CertificateDetails certificate,
			List<CertificateDetails> trustAnchors, boolean trustsJdkDefaults, @Nullable Reload lastReload, Pool pool,
			long handshakes) {
		this(name, baseUrl, certificate, trustAnchors, trustsJdkDefaults, lastReload, pool, handshakes, List.of(), null);
	}

	/**
	 * Whether the presented certificate is valid at the given instant.
	 * @param instant the instant
	 * @return {@code true} if there is a certificate and it is valid then
	 */
	public boolean isCertificateValidAt(Instant instant) {
		return this.certificate != null && this.certificate.isValidAt(instant);
	}

	/**
	 * The time left until the presented certificate expires.
	 * @param now the present instant
	 * @return the time left (negative once expired), or {@code null} without a
	 * certificate
	 */
	public @Nullable Duration certificateTimeLeft(Instant now) {
		return (this.certificate != null) ? Duration.between(now, this.certificate.notAfter()) : null;
	}

	/**
	 * The outcome of a reload.
	 *
	 * @param time when it happened
	 * @param succeeded whether the material found was usable
	 * @param failure why not, or {@code null}
	 */
	public record Reload(Instant time, boolean succeeded, @Nullable String failure) {

	}

	/**
	 * Where the identity of a SPIFFE client comes from. The X.509-SVID's expiry is that
	 * of {@link #certificate()}.
	 *
	 * @param spiffeId the SPIFFE ID the client presents
	 * @param trustDomains the trust domains whose bundles it holds, its own first
	 * @param socket the Workload API address
	 * @param agentConnected whether the stream to the Workload API is up; while it is
	 * down the client keeps its last SVID
	 * @param agentProblem why it is down, or {@code null}
	 */
	public record Spiffe(String spiffeId, List<String> trustDomains, String socket, boolean agentConnected,
			@Nullable String agentProblem) {

		public Spiffe {
			trustDomains = List.copyOf(trustDomains);
		}

	}

	/**
	 * The state of a connection pool.
	 *
	 * @param leased connections in use
	 * @param available idle connections ready for reuse
	 * @param pending requests waiting for a connection
	 * @param max the pool size
	 */
	public record Pool(int leased, int available, int pending, int max) {

	}

	/**
	 * One transport of a client: the HTTP client library that carries one kind of Spring
	 * client, with its own connection pool on the client's identity.
	 *
	 * @param id which transport: {@value #HTTP_CLIENT} or {@value #REACTOR_NETTY}
	 * @param pool its connection pool's state; for a transport that keeps one pool per
	 * identity, the pool of the identity presented now (connections of an earlier identity
	 * that are still finishing an exchange after a reload are not counted)
	 * @param handshakes the number of full TLS handshakes it has made so far
	 */
	public record Transport(String id, Pool pool, long handshakes) {

		/**
		 * The transport of the {@code RestClient}: Apache HttpClient 5.
		 */
		public static final String HTTP_CLIENT = "http-client";

		/**
		 * The transport of the {@code WebClient}: Reactor Netty.
		 */
		public static final String REACTOR_NETTY = "reactor-netty";

	}

}
