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
package io.github.mtlsclient.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Settings of one mutual-TLS client, everything but its base URL. Used both for
 * {@code mtls.defaults} and, extended, for each {@code mtls.clients.<name>}.
 *
 * @author mtls-client-spring-boot authors
 */
public class MtlsClientSettings {

	/**
	 * Location of the client certificate PEM file ("file:", "classpath:" or a plain
	 * path): the leaf certificate first, then its intermediates.
	 */
	private @Nullable String certificate;

	/**
	 * Location of the private key PEM file: PKCS#8, encrypted PKCS#8, PKCS#1 RSA or SEC1
	 * EC.
	 */
	private @Nullable String privateKey;

	/**
	 * Password of an encrypted PKCS#8 private key.
	 */
	private @Nullable String privateKeyPassword;

	/**
	 * Name of an SSL bundle ("spring.ssl.bundle.*") that holds the client key, its
	 * certificate chain and the trusted certificates. Used instead of "certificate",
	 * "private-key" and "trust".
	 */
	private @Nullable String bundle;

	/**
	 * Which server certificates to trust.
	 */
	private final Trust trust = new Trust();

	/**
	 * Server name sent in the TLS SNI extension and checked against the server
	 * certificate. Defaults to the host of the base URL.
	 */
	private @Nullable String serverName;

	/**
	 * Whether to check that the server certificate names the server name.
	 */
	private boolean verifyHostname = true;

	/**
	 * Whether to accept any server certificate, unchecked. For tests and local
	 * development only: it removes the protection of TLS against impostors.
	 */
	private boolean insecureTrustAll = false;

	/**
	 * TLS protocol versions to enable.
	 */
	private List<String> protocols = new ArrayList<>(List.of("TLSv1.3", "TLSv1.2"));

	/**
	 * Cipher suites to enable. Empty means the JDK's defaults.
	 */
	private List<String> cipherSuites = new ArrayList<>();

	/**
	 * Time allowed to open the TCP connection and, again, to complete the TLS handshake.
	 */
	private Duration connectTimeout = Duration.ofSeconds(5);

	/**
	 * Time allowed between data packets of a response (socket read timeout).
	 */
	private Duration readTimeout = Duration.ofSeconds(30);

	/**
	 * Connection pool of the client.
	 */
	private final Pool pool = new Pool();

	/**
	 * Which redirects to follow.
	 */
	private Redirects redirects = Redirects.SAME_ORIGIN;

	/**
	 * Headers added to every request, by header name.
	 */
	private Map<String, String> defaultHeaders = new LinkedHashMap<>();

	/**
	 * Hot reload of the certificate, key and trust files.
	 */
	private final Reload reload = new Reload();

	/**
	 * How often a request may be sent again, 0 for never. Only idempotent requests (GET,
	 * HEAD, OPTIONS, TRACE, PUT, DELETE) are retried, after a 429 or 503 response or
	 * after the server closed a pooled connection; POST and PATCH are never sent twice.
	 * A server's Retry-After is honoured up to 1s and never beyond the read timeout; a
	 * longer one returns the response to the caller.
	 */
	private int retries = 1;

	public @Nullable String getCertificate() {
		return this.certificate;
	}

	public void setCertificate(@Nullable String certificate) {
		this.certificate = certificate;
	}

	public @Nullable String getPrivateKey() {
		return this.privateKey;
	}

	public void setPrivateKey(@Nullable String privateKey) {
		this.privateKey = privateKey;
	}

	public @Nullable String getPrivateKeyPassword() {
		return this.privateKeyPassword;
	}

	public void setPrivateKeyPassword(@Nullable String privateKeyPassword) {
		this.privateKeyPassword = privateKeyPassword;
	}

	public @Nullable String getBundle() {
		return this.bundle;
	}

	public void setBundle(@Nullable String bundle) {
		this.bundle = bundle;
	}

	public Trust getTrust() {
		return this.trust;
	}

	public @Nullable String getServerName() {
		return this.serverName;
	}

	public void setServerName(@Nullable String serverName) {
		this.serverName = serverName;
	}

	public boolean isVerifyHostname() {
		return this.verifyHostname;
	}

	public void setVerifyHostname(boolean verifyHostname) {
		this.verifyHostname = verifyHostname;
	}

	public boolean isInsecureTrustAll() {
		return this.insecureTrustAll;
	}

	public void setInsecureTrustAll(boolean insecureTrustAll) {
		this.insecureTrustAll = insecureTrustAll;
	}

	public List<String> getProtocols() {
		return this.protocols;
	}

	public void setProtocols(List<String> protocols) {
		this.protocols = protocols;
	}

	public List<String> getCipherSuites() {
		return this.cipherSuites;
	}

	public void setCipherSuites(List<String> cipherSuites) {
		this.cipherSuites = cipherSuites;
	}

	public Duration getConnectTimeout() {
		return this.connectTimeout;
	}

	public void setConnectTimeout(Duration connectTimeout) {
		this.connectTimeout = connectTimeout;
	}

	public Duration getReadTimeout() {
		return this.readTimeout;
	}

	public void setReadTimeout(Duration readTimeout) {
		this.readTimeout = readTimeout;
	}

	public Pool getPool() {
		return this.pool;
	}

	public Redirects getRedirects() {
		return this.redirects;
	}

	public void setRedirects(Redirects redirects) {
		this.redirects = redirects;
	}

	public Map<String, String> getDefaultHeaders() {
		return this.defaultHeaders;
	}

	public void setDefaultHeaders(Map<String, String> defaultHeaders) {
		this.defaultHeaders = defaultHeaders;
	}

	public Reload getReload() {
		return this.reload;
	}

	public int getRetries() {
		return this.retries;
	}

	public void setRetries(int retries) {
		this.retries = retries;
	}

	@Override
	public String toString() {
		// Deliberately omits the private key password.
		return "certificate=%s, private-key=%s, bundle=%s, trust=%s, server-name=%s".formatted(
				location(this.certificate), location(this.privateKey), this.bundle,
				this.trust.getCertificates().stream().map(MtlsClientSettings::location).toList(), this.serverName);
	}

	private static String location(String location) {
		return (location != null && location.contains("-----BEGIN")) ? "<inline PEM>" : location;
	}

	/**
	 * Trusted server certificates.
	 */
	public static class Trust {

		/**
		 * Locations of PEM files with the certificate authorities to trust (each file may
		 * hold several). When set, only these are trusted; when empty, the JDK's default
		 * trust store is used.
		 */
		private List<String> certificates = new ArrayList<>();

		/**
		 * Whether to also trust the JDK's default certificate authorities when
		 * "certificates" is set.
		 */
		private boolean includeSystemCas = false;

		public List<String> getCertificates() {
			return this.certificates;
		}

		public void setCertificates(List<String> certificates) {
			this.certificates = certificates;
		}

		public boolean isIncludeSystemCas() {
			return this.includeSystemCas;
		}

		public void setIncludeSystemCas(boolean includeSystemCas) {
			this.includeSystemCas = includeSystemCas;
		}

	}

	/**
	 * Connection pool settings. A client talks to one origin, so the pool size is also
	 * the limit per route.
	 */
	public static class Pool {

		/**
		 * Maximum number of connections.
		 */
		private int maxConnections = 20;

		/**
		 * Time to wait for a pooled connection when all are in use, before failing.
		 */
		private Duration acquireTimeout = Duration.ofSeconds(5);

		/**
		 * Time after which an idle connection is closed.
		 */
		private Duration idleTimeout = Duration.ofSeconds(30);

		/**
		 * Maximum life of any connection, idle or not.
		 */
		private Duration timeToLive = Duration.ofMinutes(15);

		public int getMaxConnections() {
			return this.maxConnections;
		}

		public void setMaxConnections(int maxConnections) {
			this.maxConnections = maxConnections;
		}

		public Duration getAcquireTimeout() {
			return this.acquireTimeout;
		}

		public void setAcquireTimeout(Duration acquireTimeout) {
			this.acquireTimeout = acquireTimeout;
		}

		public Duration getIdleTimeout() {
			return this.idleTimeout;
		}

		public void setIdleTimeout(Duration idleTimeout) {
			this.idleTimeout = idleTimeout;
		}

		public Duration getTimeToLive() {
			return this.timeToLive;
		}

		public void setTimeToLive(Duration timeToLive) {
			this.timeToLive = timeToLive;
		}

	}

	/**
	 * Hot reload settings.
	 */
	public static class Reload {

		/**
		 * Whether to watch the certificate, private key and trust files and swap in their
		 * new content when they change. "classpath:" locations are never watched.
		 */
		private boolean enabled = true;

		/**
		 * Time to wait after the last change before reloading, so that files written one
		 * after the other are read together.
		 */
		private Duration quietPeriod = Duration.ofSeconds(1);

		/**
		 * Interval of the fallback content check, for file systems where change events
		 * do not arrive (NFS, some volume drivers), and of the retries of a reload that
		 * failed while the files stay as they are.
		 */
		private Duration pollInterval = Duration.ofSeconds(10);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getQuietPeriod() {
			return this.quietPeriod;
		}

		public void setQuietPeriod(Duration quietPeriod) {
			this.quietPeriod = quietPeriod;
		}

		public Duration getPollInterval() {
			return this.pollInterval;
		}

		public void setPollInterval(Duration pollInterval) {
			this.pollInterval = pollInterval;
		}

	}

	/**
	 * Which redirects a client follows.
	 */
	public enum Redirects {

		/**
		 * Follow no redirect: 3xx responses are returned to the caller.
		 */
		NONE,

		/**
		 * Follow redirects to the same scheme, host and port only; others are returned
		 * to the caller, so the client certificate is never presented to another origin.
		 */
		SAME_ORIGIN

	}

}
