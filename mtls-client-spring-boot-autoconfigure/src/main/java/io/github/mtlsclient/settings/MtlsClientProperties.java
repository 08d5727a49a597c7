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
package io.github.mtlsclient.settings;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;

/**
 * The {@code mtls.*} properties as bound, before defaults are merged: a value left unset
 * is {@code null}, so that a client inherits it from {@code mtls.defaults} and those from
 * the built-in defaults ({@code ClientSettingsMapper}, listed in the configuration
 * metadata).
 * <p>
 * Spring Boot binds this bean, except {@code mtls.clients}: its binding of a map of beans
 * grows with the square of the entries, so {@code MtlsClientsBindHandlerAdvisor} hands
 * the clients to {@code MtlsClientsBinder}, which binds each from its own properties.
 *
 * @author mtls-client-spring-boot authors
 */
@ConfigurationProperties("mtls")
public class MtlsClientProperties {

	/**
	 * Whether to create the mutual-TLS clients.
	 */
	private boolean enabled = true;

	/**
	 * Settings applied to every client that leaves them unset. A client's own value wins;
	 * lists replace, default headers add up.
	 */
	@NestedConfigurationProperty
	private Settings defaults = new Settings();

	/**
	 * The clients, by name: a lower-case id of letters, digits and dashes, which also
	 * names the client's bean ("payments-eu" gives "paymentsEuRestClient") and is the
	 * value of "@MtlsClient". Each client takes its origin as "base-url"
	 * ("https://host[:port][/path]", required) and any key of "mtls.defaults".
	 */
	private Map<String, Client> clients = new LinkedHashMap<>();

	/**
	 * How the clients' certificates are judged.
	 */
	private final Health health = new Health();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Settings getDefaults() {
		return this.defaults;
	}

	public void setDefaults(Settings defaults) {
		this.defaults = defaults;
	}

	public Map<String, Client> getClients() {
		return this.clients;
	}

	public void setClients(Map<String, Client> clients) {
		this.clients = clients;
	}

	public Health getHealth() {
		return this.health;
	}

	/**
	 * How the clients' certificates are judged.
	 */
	public static class Health {

		/**
		 * A presented certificate that expires sooner than this is reported as expiring
		 * soon: a WARN at startup, and in health details where actuator is present.
		 */
		private Duration certificateValidityWarningThreshold = Duration.ofDays(14);

		public Duration getCertificateValidityWarningThreshold() {
			return this.certificateValidityWarningThreshold;
		}

		public void setCertificateValidityWarningThreshold(Duration certificateValidityWarningThreshold) {
			this.certificateValidityWarningThreshold = certificateValidityWarningThreshold;
		}

	}

	/**
	 * Settings of one client, everything but its base URL: {@code mtls.defaults}, and
	 * the part of {@code mtls.clients.<name>} that may override them.
	 */
	public static class Settings {

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
		 * Whether to check that the server certificate names the server name. Not for a
		 * client with "spiffe.enabled", which checks the server's SPIFFE ID instead.
		 */
		private @Nullable Boolean verifyHostname;

		/**
		 * Whether to accept any server certificate, unchecked. For tests and local
		 * development only: it removes the protection of TLS against impostors.
		 */
		private @Nullable Boolean insecureTrustAll;

		/**
		 * TLS protocol versions to enable.
		 */
		private @Nullable List<String> protocols;

		/**
		 * Cipher suites to enable. Empty means the JDK's defaults.
		 */
		private @Nullable List<String> cipherSuites;

		/**
		 * Time allowed to open the TCP connection and, again, to complete the TLS handshake.
		 */
		private @Nullable Duration connectTimeout;

		/**
		 * Time allowed between data packets of a response (socket read timeout).
		 */
		private @Nullable Duration readTimeout;

		/**
		 * Connection pool of the client.
		 */
		private final Pool pool = new Pool();

		/**
		 * Which redirects to follow.
		 */
		private @Nullable Redirects redirects;

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
		private @Nullable Integer retries;

		/**
		 * Identity and trust from the SPIFFE Workload API instead of PEM files or a bundle.
		 */
		private final Spiffe spiffe = new Spiffe();

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

		public @Nullable Boolean getVerifyHostname() {
			return this.verifyHostname;
		}

		public void setVerifyHostname(@Nullable Boolean verifyHostname) {
			this.verifyHostname = verifyHostname;
		}

		public @Nullable Boolean getInsecureTrustAll() {
			return this.insecureTrustAll;
		}

		public void setInsecureTrustAll(@Nullable Boolean insecureTrustAll) {
			this.insecureTrustAll = insecureTrustAll;
		}

		public @Nullable List<String> getProtocols() {
			return this.protocols;
		}

		public void setProtocols(@Nullable List<String> protocols) {
			this.protocols = protocols;
		}

		public @Nullable List<String> getCipherSuites() {
			return this.cipherSuites;
		}

		public void setCipherSuites(@Nullable List<String> cipherSuites) {
			this.cipherSuites = cipherSuites;
		}

		public @Nullable Duration getConnectTimeout() {
			return this.connectTimeout;
		}

		public void setConnectTimeout(@Nullable Duration connectTimeout) {
			this.connectTimeout = connectTimeout;
		}

		public @Nullable Duration getReadTimeout() {
			return this.readTimeout;
		}

		public void setReadTimeout(@Nullable Duration readTimeout) {
			this.readTimeout = readTimeout;
		}

		public Pool getPool() {
			return this.pool;
		}

		public @Nullable Redirects getRedirects() {
			return this.redirects;
		}

		public void setRedirects(@Nullable Redirects redirects) {
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

		public @Nullable Integer getRetries() {
			return this.retries;
		}

		public void setRetries(@Nullable Integer retries) {
			this.retries = retries;
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
			private @Nullable List<String> certificates;

			/**
			 * Whether to also trust the JDK's default certificate authorities when
			 * "certificates" is set.
			 */
			private @Nullable Boolean includeSystemCas;

			public @Nullable List<String> getCertificates() {
				return this.certificates;
			}

			public void setCertificates(@Nullable List<String> certificates) {
				this.certificates = certificates;
			}

			public @Nullable Boolean getIncludeSystemCas() {
				return this.includeSystemCas;
			}

			public void setIncludeSystemCas(@Nullable Boolean includeSystemCas) {
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
			private @Nullable Integer maxConnections;

			/**
			 * Time to wait for a pooled connection when all are in use, before failing.
			 */
			private @Nullable Duration acquireTimeout;

			/**
			 * Time after which an idle connection is closed.
			 */
			private @Nullable Duration idleTimeout;

			/**
			 * Maximum life of any connection, idle or not.
			 */
			private @Nullable Duration timeToLive;

			public @Nullable Integer getMaxConnections() {
				return this.maxConnections;
			}

			public void setMaxConnections(@Nullable Integer maxConnections) {
				this.maxConnections = maxConnections;
			}

			public @Nullable Duration getAcquireTimeout() {
				return this.acquireTimeout;
			}

			public void setAcquireTimeout(@Nullable Duration acquireTimeout) {
				this.acquireTimeout = acquireTimeout;
			}

			public @Nullable Duration getIdleTimeout() {
				return this.idleTimeout;
			}

			public void setIdleTimeout(@Nullable Duration idleTimeout) {
				this.idleTimeout = idleTimeout;
			}

			public @Nullable Duration getTimeToLive() {
				return this.timeToLive;
			}

			public void setTimeToLive(@Nullable Duration timeToLive) {
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
			private @Nullable Boolean enabled;

			/**
			 * Time to wait after the last change before reloading, so that files written one
			 * after the other are read together.
			 */
			private @Nullable Duration quietPeriod;

			/**
			 * Interval of the fallback content check, for file systems where change events do
			 * not arrive (NFS, some volume drivers), and of the retries of a reload that failed
			 * while the files stay as they are.
			 */
			private @Nullable Duration pollInterval;

			public @Nullable Boolean getEnabled() {
				return this.enabled;
			}

			public void setEnabled(@Nullable Boolean enabled) {
				this.enabled = enabled;
			}

			public @Nullable Duration getQuietPeriod() {
				return this.quietPeriod;
			}

			public void setQuietPeriod(@Nullable Duration quietPeriod) {
				this.quietPeriod = quietPeriod;
			}

			public @Nullable Duration getPollInterval() {
				return this.pollInterval;
			}

			public void setPollInterval(@Nullable Duration pollInterval) {
				this.pollInterval = pollInterval;
			}

		}

		public Spiffe getSpiffe() {
			return this.spiffe;
		}

		/**
		 * Identity and trust from the SPIFFE Workload API (e.g. a SPIRE agent).
		 */
		public static class Spiffe {

			/**
			 * Whether the client takes its X.509-SVID and trust bundles from the SPIFFE
			 * Workload API. Excludes "certificate", "private-key", "bundle" and
			 * "trust.certificates"; needs "io.spiffe:java-spiffe-core" and
			 * "io.spiffe:grpc-netty-linux" on the class path.
			 */
			private @Nullable Boolean enabled;

			/**
			 * Address of the Workload API, "unix:/path/to/agent.sock". Defaults to the
			 * SPIFFE_ENDPOINT_SOCKET environment variable.
			 */
			private @Nullable String socket;

			/**
			 * SPIFFE IDs the server may present, e.g. "spiffe://example.org/payments". Checked
			 * instead of the host name; this or "server-trust-domain" is required. A client
			 * that sets either takes neither from "mtls.defaults".
			 */
			private @Nullable List<String> serverIds;

			/**
			 * Trust domain whose SPIFFE IDs the server may present, e.g. "example.org".
			 * Checked instead of the host name; this or "server-ids" is required. A client
			 * that sets either takes neither from "mtls.defaults".
			 */
			private @Nullable String serverTrustDomain;

			/**
			 * Hint of the X.509-SVID to present when the Workload API issues several; the
			 * first (default) one otherwise.
			 */
			private @Nullable String svidHint;

			/**
			 * Time to wait at startup for the first X.509-SVID before the application fails.
			 */
			private @Nullable Duration initialTimeout;

			public @Nullable Boolean getEnabled() {
				return this.enabled;
			}

			public void setEnabled(@Nullable Boolean enabled) {
				this.enabled = enabled;
			}

			public @Nullable String getSocket() {
				return this.socket;
			}

			public void setSocket(@Nullable String socket) {
				this.socket = socket;
			}

			public @Nullable List<String> getServerIds() {
				return this.serverIds;
			}

			public void setServerIds(@Nullable List<String> serverIds) {
				this.serverIds = serverIds;
			}

			public @Nullable String getServerTrustDomain() {
				return this.serverTrustDomain;
			}

			public void setServerTrustDomain(@Nullable String serverTrustDomain) {
				this.serverTrustDomain = serverTrustDomain;
			}

			public @Nullable String getSvidHint() {
				return this.svidHint;
			}

			public void setSvidHint(@Nullable String svidHint) {
				this.svidHint = svidHint;
			}

			public @Nullable Duration getInitialTimeout() {
				return this.initialTimeout;
			}

			public void setInitialTimeout(@Nullable Duration initialTimeout) {
				this.initialTimeout = initialTimeout;
			}

		}

		@Override
		public String toString() {
			// Never the private key password, the values of default headers, or PEM content
			// set where a location belongs (refused later, but it may be a private key).
			List<String> trusted = this.trust.getCertificates();
			return "certificate=%s, private-key=%s, bundle=%s, trust=%s, server-name=%s".formatted(
					location(this.certificate), location(this.privateKey), this.bundle,
					(trusted != null) ? trusted.stream().map(Settings::location).toList() : null, this.serverName);
		}

		private static @Nullable String location(@Nullable String location) {
			return (location != null && location.contains("-----BEGIN")) ? "<inline PEM>" : location;
		}

	}

	/**
	 * The values a client takes for what neither it nor {@code mtls.defaults} sets.
	 */
	public static final class BuiltInDefaults {

		public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

		public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

		public static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

		public static final int MAX_CONNECTIONS = 20;

		public static final Duration ACQUIRE_TIMEOUT = Duration.ofSeconds(5);

		public static final Duration IDLE_TIMEOUT = Duration.ofSeconds(30);

		public static final Duration TIME_TO_LIVE = Duration.ofMinutes(15);

		public static final Duration QUIET_PERIOD = Duration.ofSeconds(1);

		public static final Duration POLL_INTERVAL = Duration.ofSeconds(10);

		public static final int RETRIES = 1;

		public static final Duration SPIFFE_INITIAL_TIMEOUT = Duration.ofSeconds(10);

		private BuiltInDefaults() {
		}

	}

	/**
	 * One client: an origin, the identity presented to it and how to talk to it.
	 */
	public static class Client extends Settings {

		/**
		 * Origin of the remote service, "https://host[:port][/path]". Relative request
		 * URIs resolve against it.
		 */
		private @Nullable String baseUrl;

		public @Nullable String getBaseUrl() {
			return this.baseUrl;
		}

		public void setBaseUrl(@Nullable String baseUrl) {
			this.baseUrl = baseUrl;
		}

	}

}
