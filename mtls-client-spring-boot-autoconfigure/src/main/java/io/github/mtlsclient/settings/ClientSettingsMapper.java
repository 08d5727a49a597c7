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

import java.net.URI;
import java.net.URISyntaxException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

import io.github.mtlsclient.InvalidMtlsClientException;
import io.github.mtlsclient.http.HostNames;
import io.github.mtlsclient.material.MaterialLocation;
import io.github.mtlsclient.material.SpiffeIds;
import io.github.mtlsclient.settings.MtlsClientProperties.BuiltInDefaults;
import io.github.mtlsclient.settings.MtlsClientProperties.Client;
import io.github.mtlsclient.settings.MtlsClientProperties.Settings;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.ssl.SslOptions;
import org.springframework.core.io.ResourceLoader;

/**
 * Maps the bound properties of each client, {@code mtls.defaults} and the built-in
 * defaults merged in, to its {@link ClientSettings}, checking them on the way: a mistake
 * stops the application with the property's name instead of surfacing as a TLS error on
 * the first request. The only place that reads the properties; everything after it takes
 * the settings.
 *
 * @author mtls-client-spring-boot authors
 */
public final class ClientSettingsMapper {

	private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:");

	private final Set<String> supportedProtocols;

	private final Set<String> supportedCipherSuites;

	private final ResourceLoader resourceLoader;

	private final @Nullable SslBundles sslBundles;

	private final UnaryOperator<@Nullable String> environmentVariables;

	/**
	 * Create a mapper.
	 * @param resourceLoader resolves the PEM file locations, which are checked
	 * @param sslBundles the application's SSL bundles, or {@code null} without them
	 */
	public ClientSettingsMapper(ResourceLoader resourceLoader, @Nullable SslBundles sslBundles) {
		this(resourceLoader, sslBundles, System::getenv);
	}

	/**
	 * Create a mapper that reads environment variables from the given function.
	 * @param resourceLoader resolves the PEM file locations, which are checked
	 * @param sslBundles the application's SSL bundles, or {@code null} without them
	 * @param environmentVariables the value of an environment variable by name, e.g.
	 * {@code SPIFFE_ENDPOINT_SOCKET}
	 */
	ClientSettingsMapper(ResourceLoader resourceLoader, @Nullable SslBundles sslBundles,
			UnaryOperator<@Nullable String> environmentVariables) {
		SSLParameters supported = supportedParameters();
		this.supportedProtocols = Set.of(supported.getProtocols());
		this.supportedCipherSuites = Set.of(supported.getCipherSuites());
		this.resourceLoader = resourceLoader;
		this.sslBundles = sslBundles;
		this.environmentVariables = environmentVariables;
	}

	/**
	 * Map every configured client.
	 * @param properties the bound properties
	 * @return the settings by client name, in configuration order
	 */
	public Map<String, ClientSettings> map(MtlsClientProperties properties) {
		Map<String, ClientSettings> settings = new LinkedHashMap<>();
		properties.getClients()
			.forEach((name, client) -> settings.put(name, map(name, client, properties.getDefaults())));
		return settings;
	}

	/**
	 * Map one client.
	 * @param name the client name
	 * @param client the client's own properties
	 * @param defaults the properties under {@code mtls.defaults}
	 * @return the client's settings
	 */
	ClientSettings map(String name, Client client, Settings defaults) {
		return new Mapping(name, client, defaults).settings();
	}

	private static SSLParameters supportedParameters() {
		try {
			return SSLContext.getDefault().getSupportedSSLParameters();
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("The JVM has no default SSLContext", ex);
		}
	}

	/**
	 * The mapping of one client.
	 */
	private final class Mapping {

		private final String name;

		private final Client client;

		private final Settings defaults;

		Mapping(String name, Client client, Settings defaults) {
			this.name = name;
			this.client = client;
			this.defaults = defaults;
		}

		/**
		 * The settings, checked in the order the properties are documented: the first
		 * mistake found is the one reported.
		 */
		ClientSettings settings() {
			URI baseUrl = baseUrl(this.client.getBaseUrl());
			ClientSettings.Material material = material();
			List<String> protocols = value(Settings::getProtocols, BuiltInDefaults.PROTOCOLS);
			List<String> cipherSuites = value(Settings::getCipherSuites, List.of());
			checkTlsOptions(null, protocols, cipherSuites);
			String host = HostNames.unbracketed(baseUrl.getHost());
			String serverName = value(Settings::getServerName, null);
			String notASniName = notASniName((serverName != null) ? serverName : baseUrl.getHost());
			if (notASniName != null && serverName != null) {
				throw fail("server-name", null, "'" + serverName + "' is not a valid host name (" + notASniName + ")",
						"Set the DNS name the server certificate carries, e.g. payments.internal");
			}
			if (notASniName != null) {
				// Would otherwise fail every request, in the handshake.
				throw fail("base-url", null,
						"'" + baseUrl + "' has a host that TLS cannot send as server name (" + notASniName + ")",
						"Use the DNS name the server certificate carries, or set 'server-name' to it");
			}
			Duration connectTimeout = positive("connect-timeout",
					value(Settings::getConnectTimeout, BuiltInDefaults.CONNECT_TIMEOUT));
			Duration readTimeout = positive("read-timeout", value(Settings::getReadTimeout, BuiltInDefaults.READ_TIMEOUT));
			Duration acquireTimeout = positive("pool.acquire-timeout",
					value((settings) -> settings.getPool().getAcquireTimeout(), BuiltInDefaults.ACQUIRE_TIMEOUT));
			Duration idleTimeout = positive("pool.idle-timeout",
					value((settings) -> settings.getPool().getIdleTimeout(), BuiltInDefaults.IDLE_TIMEOUT));
			Duration timeToLive = positive("pool.time-to-live",
					value((settings) -> settings.getPool().getTimeToLive(), BuiltInDefaults.TIME_TO_LIVE));
			ClientSettings.Reload reload = new ClientSettings.Reload(
					value((settings) -> settings.getReload().getEnabled(), true),
					positive("reload.quiet-period",
							value((settings) -> settings.getReload().getQuietPeriod(), BuiltInDefaults.QUIET_PERIOD)),
					positive("reload.poll-interval",
							value((settings) -> settings.getReload().getPollInterval(), BuiltInDefaults.POLL_INTERVAL)));
			int retries = retries();
			ClientSettings.Pool pool = new ClientSettings.Pool(maxConnections(), acquireTimeout, idleTimeout,
					timeToLive);
			if (material instanceof ClientSettings.Bundle bundle) {
				// The bundle's own options win, as they do wherever Spring Boot uses it.
				SslOptions options = bundleOptions(bundle.name());
				protocols = (options.getEnabledProtocols() != null) ? List.of(options.getEnabledProtocols()) : protocols;
				cipherSuites = (options.getCiphers() != null) ? List.of(options.getCiphers()) : cipherSuites;
				checkTlsOptions("bundle", protocols, cipherSuites);
			}
			boolean insecureTrustAll = value(Settings::getInsecureTrustAll, false);
			boolean spiffe = material instanceof ClientSettings.Spiffe;
			if (spiffe && insecureTrustAll) {
				throw fail("insecure-trust-all", null, "is true for a client with spiffe.enabled",
						"Remove insecure-trust-all: the server is checked by its SPIFFE ID against the Workload "
								+ "API's trust bundles");
			}
			// Only the client's own value: a verify-hostname meant for the file clients under
			// mtls.defaults does not stop a SPIFFE client.
			if (spiffe && Boolean.TRUE.equals(this.client.getVerifyHostname())) {
				throw fail("verify-hostname", null, "is true for a client with spiffe.enabled",
						"Remove verify-hostname: an X.509-SVID names no host; the server is checked by its SPIFFE "
								+ "ID (spiffe.server-ids or spiffe.server-trust-domain)");
			}
			// A SPIFFE client checks the server's SPIFFE ID, not its host name (an SVID has no
			// DNS name), and trusts the Workload API's bundles only.
			ClientSettings.Tls tls = new ClientSettings.Tls(protocols, cipherSuites,
					!spiffe && value(Settings::getVerifyHostname, true), insecureTrustAll,
					!spiffe && value((settings) -> settings.getTrust().getIncludeSystemCas(), false));
			Map<String, String> headers = new LinkedHashMap<>(this.defaults.getDefaultHeaders());
			headers.putAll(this.client.getDefaultHeaders());
			return new ClientSettings(this.name, baseUrl, host, (baseUrl.getPort() != -1) ? baseUrl.getPort() : 443,
					(serverName != null) ? serverName : host, material, tls, connectTimeout, readTimeout, pool,
					value(Settings::getRedirects, Redirects.SAME_ORIGIN), headers, reload, retries);
		}


		/**
		 * The client's own value, else the default's, else the built-in one.
		 */
		private <T extends @Nullable Object> T value(Function<Settings, @Nullable T> property, T builtIn) {
			T own = property.apply(this.client);
			if (own != null) {
				return own;
			}
			T inherited = property.apply(this.defaults);
			return (inherited != null) ? inherited : builtIn;
		}

		/**
		 * A client's own bundle drops PEM material it would inherit, and its own PEM files
		 * drop an inherited bundle: the two never mix unless one client sets both.
		 */
		private ClientSettings.Material material() {
			ClientSettings.Spiffe spiffe = spiffe();
			return (spiffe != null) ? spiffe : fileOrBundleMaterial();
		}

		/**
		 * The SPIFFE material, or {@code null} for a client that takes files or a bundle. A
		 * client's own {@code spiffe.enabled} drops PEM files or a bundle it would inherit,
		 * and its own files or bundle drop an inherited {@code spiffe.enabled}: the two
		 * never mix unless one level sets both.
		 */
		private ClientSettings.@Nullable Spiffe spiffe() {
			Boolean own = this.client.getSpiffe().getEnabled();
			boolean ownMaterial = this.client.getCertificate() != null || this.client.getPrivateKey() != null
					|| this.client.getBundle() != null || this.client.getTrust().getCertificates() != null;
			boolean inherited = own == null && !ownMaterial
					&& Boolean.TRUE.equals(this.defaults.getSpiffe().getEnabled());
			if (!Boolean.TRUE.equals(own) && !inherited) {
				return null;
			}
			Settings level = inherited ? this.defaults : this.client;
			if (level.getCertificate() != null || level.getPrivateKey() != null || level.getBundle() != null
					|| level.getTrust().getCertificates() != null) {
				throw fail("spiffe.enabled", null,
						"is true together with 'certificate', 'private-key', 'bundle' or 'trust.certificates'",
						"Take identity and trust either from the SPIFFE Workload API or from files or a bundle, "
								+ "not both");
			}
			String socket = value((settings) -> settings.getSpiffe().getSocket(),
					ClientSettingsMapper.this.environmentVariables.apply("SPIFFE_ENDPOINT_SOCKET"));
			String socketPath = socketPath(socket);
			// Which servers are accepted is one decision: a client that names its own server
			// IDs or trust domain takes neither from the defaults, so an inherited trust
			// domain never widens the IDs it pins.
			Settings accepted = (this.client.getSpiffe().getServerIds() != null
					|| this.client.getSpiffe().getServerTrustDomain() != null) ? this.client : this.defaults;
			List<String> serverIds = Objects.requireNonNullElse(accepted.getSpiffe().getServerIds(), List.of());
			for (String id : serverIds) {
				String problem = SpiffeIds.workloadIdProblem(id);
				if (problem != null) {
					throw fail("spiffe.server-ids", null, "'" + id + "' is not a SPIFFE ID of a workload: " + problem,
							"Set the server's SPIFFE ID, e.g. spiffe://example.org/payments");
				}
			}
			String trustDomain = accepted.getSpiffe().getServerTrustDomain();
			if (trustDomain != null) {
				String problem = SpiffeIds.trustDomainProblem(trustDomain);
				if (problem != null) {
					throw fail("spiffe.server-trust-domain", null,
							"'" + trustDomain + "' is not a trust domain name: " + problem,
							"Set the trust domain's name alone, e.g. example.org (not spiffe://example.org)");
				}
			}
			if (serverIds.isEmpty() && trustDomain == null) {
				throw fail("spiffe.server-ids", null, "and 'spiffe.server-trust-domain' are both unset",
						"Name the SPIFFE IDs the server may present (spiffe.server-ids) or its trust domain "
								+ "(spiffe.server-trust-domain): accepting any ID of every trusted domain would let "
								+ "any workload pose as the server");
			}
			Duration initialTimeout = positive("spiffe.initial-timeout",
					value((settings) -> settings.getSpiffe().getInitialTimeout(),
							BuiltInDefaults.SPIFFE_INITIAL_TIMEOUT));
			return new ClientSettings.Spiffe(socket, socketPath, serverIds, trustDomain,
					value((settings) -> settings.getSpiffe().getSvidHint(), null), initialTimeout);
		}

		/**
		 * The path of a Workload API address: {@code unix:/path} or {@code unix:///path}.
		 */
		private String socketPath(@Nullable String socket) {
			if (socket == null || socket.isBlank()) {
				throw fail("spiffe.socket", null, "is not set, nor is the environment variable SPIFFE_ENDPOINT_SOCKET",
						"Set it to the Workload API address, e.g. unix:/run/spire/sockets/agent.sock");
			}
			URI uri;
			try {
				uri = new URI(socket.trim());
			}
			catch (URISyntaxException ex) {
				throw fail("spiffe.socket", socket, "is not a valid address (" + ex.getReason() + ")",
						"Set it to the Workload API address, e.g. unix:/run/spire/sockets/agent.sock");
			}
			if (!"unix".equals(uri.getScheme())) {
				throw fail("spiffe.socket", socket, "is not a unix: address (only Unix domain sockets are supported)",
						"Set it to the Workload API address, e.g. unix:/run/spire/sockets/agent.sock");
			}
			String path = uri.getPath();
			if (uri.getRawAuthority() != null || uri.getRawQuery() != null || uri.getRawFragment() != null
					|| path == null || !path.startsWith("/") || path.endsWith("/")) {
				throw fail("spiffe.socket", socket, "is not an absolute socket path",
						"Write it as unix:/absolute/path/agent.sock or unix:///absolute/path/agent.sock");
			}
			return path;
		}

		private ClientSettings.Material fileOrBundleMaterial() {
			boolean ownBundle = this.client.getBundle() != null;
			boolean ownPemFiles = this.client.getCertificate() != null || this.client.getPrivateKey() != null;
			Settings pemFiles = ownBundle ? this.client : null;
			String bundle = ownPemFiles ? this.client.getBundle() : value(Settings::getBundle, null);
			String certificate = pemValue(pemFiles, Settings::getCertificate);
			String privateKey = pemValue(pemFiles, Settings::getPrivateKey);
			String password = pemValue(pemFiles, Settings::getPrivateKeyPassword);
			List<String> trust = pemValue(pemFiles, (settings) -> settings.getTrust().getCertificates());
			trust = (trust != null) ? trust : List.of();
			if (bundle != null && (certificate != null || privateKey != null || !trust.isEmpty())) {
				throw fail("bundle", bundle, "is set together with 'certificate', 'private-key' or 'trust.certificates'",
						"Use either an SSL bundle or PEM files, not both");
			}
			if (bundle != null) {
				return new ClientSettings.Bundle(bundle);
			}
			if (certificate == null && privateKey != null) {
				throw fail("certificate", null, "is not set, but 'private-key' is",
						"Set both 'certificate' and 'private-key', or neither");
			}
			checkLocation("certificate", certificate);
			checkLocation("private-key", privateKey);
			trust.forEach((location) -> checkLocation("trust.certificates", location));
			return new ClientSettings.PemFiles(certificate, privateKey, password, trust);
		}

		private <T> @Nullable T pemValue(@Nullable Settings only, Function<Settings, @Nullable T> property) {
			return (only != null) ? property.apply(only) : value(property, (T) null);
		}

		/**
		 * Check that the protocols and cipher suites are known to this JVM.
		 * @param source the key they come from, when not from {@code protocols} and
		 * {@code cipher-suites}
		 */
		private void checkTlsOptions(@Nullable String source, List<String> protocols, List<String> cipherSuites) {
			checkNames((source != null) ? source : "protocols", protocols, ClientSettingsMapper.this.supportedProtocols,
					"TLS protocol");
			checkNames((source != null) ? source : "cipher-suites", cipherSuites,
					ClientSettingsMapper.this.supportedCipherSuites, "cipher suite");
			if (protocols.isEmpty()) {
				throw fail((source != null) ? source : "protocols", null, "enables no TLS protocol",
						"Enable at least one TLS protocol, e.g. TLSv1.3");
			}
		}

		private SslOptions bundleOptions(String bundle) {
			SslBundles sslBundles = ClientSettingsMapper.this.sslBundles;
			if (sslBundles == null) {
				throw fail("bundle", bundle, "is set but the application has no SslBundles",
						"Do not exclude SslAutoConfiguration");
			}
			try {
				return sslBundles.getBundle(bundle).getOptions();
			}
			catch (NoSuchSslBundleException ex) {
				throw InvalidMtlsClientException.forKey(this.name, "bundle", bundle, "names no SSL bundle",
						"Define spring.ssl.bundle.pem." + bundle + " or spring.ssl.bundle.jks." + bundle
								+ ", or correct the name",
						ex);
			}
		}

		private int retries() {
			int retries = value(Settings::getRetries, BuiltInDefaults.RETRIES);
			if (retries < 0) {
				throw fail("retries", null, "is " + retries, "Set 0 to switch retries off, or a small count, e.g. 1");
			}
			return retries;
		}

		private int maxConnections() {
			int maxConnections = value((settings) -> settings.getPool().getMaxConnections(),
					BuiltInDefaults.MAX_CONNECTIONS);
			if (maxConnections <= 0) {
				throw fail("pool.max-connections", null, "is " + maxConnections, "Set a pool size of at least 1");
			}
			return maxConnections;
		}

		private void checkLocation(String key, @Nullable String location) {
			if (location == null) {
				return;
			}
			if (location.contains("-----BEGIN")) {
				// Not echoed: it may be a private key.
				throw fail(key, null, "holds PEM content instead of a file location",
						"Write the PEM to a file and set its location (file:, classpath: or a path)");
			}
			// Before anything reads it (the watcher's fingerprint comes before the load).
			MaterialLocation.check(this.name, key, location, ClientSettingsMapper.this.resourceLoader);
		}

		/**
		 * Why TLS cannot send a host as server name, or {@code null} if it can: an IP
		 * address is sent as none, and a trailing dot or IPv6 brackets are dropped.
		 */
		private static @Nullable String notASniName(String host) {
			String name = HostNames.forTls(host);
			if (HostNames.isIpAddress(name)) {
				return null;
			}
			try {
				new SNIHostName(name);
				return null;
			}
			catch (IllegalArgumentException ex) {
				return ex.getMessage();
			}
		}

		private URI baseUrl(@Nullable String value) {
			if (value == null || value.isBlank()) {
				throw fail("base-url", null, "is not set", "Set it to the origin of the service, e.g. https://host:8443");
			}
			String trimmed = value.trim();
			if (hasUserInfo(trimmed)) {
				// First, and not echoed: the user info may hold a password, and every other
				// error below shows the URL.
				throw fail("base-url", null, "holds user credentials (user info before '@')",
						"Remove them from the URL; send credentials with default-headers (e.g. Authorization)");
			}
			URI uri;
			try {
				uri = new URI(trimmed);
			}
			catch (URISyntaxException ex) {
				// The reason only: the exception's message and index would show the query.
				throw fail("base-url", null, "'" + shown(trimmed) + "' is not a valid URL (" + ex.getReason() + ")",
						"Set it to the origin of the service, e.g. https://host:8443");
			}
			String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : null;
			if (!"https".equals(scheme)) {
				throw fail("base-url", null, "'" + shown(trimmed) + "' is not an https:// URL",
						"Use https://: a client certificate is only presented over TLS");
			}
			if (uri.getHost() == null) {
				throw fail("base-url", null, "'" + shown(trimmed) + "' has no host",
						"Set it to the origin of the service, e.g. https://host:8443");
			}
			if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
				throw fail("base-url", null, "'" + shown(trimmed) + "' has a query or fragment (not shown)",
						"Use an origin with an optional path, e.g. https://host:8443/api; "
								+ "send tokens with default-headers");
			}
			return uri;
		}

		private void checkNames(String key, List<String> values, Set<String> supported, String what) {
			for (String value : values) {
				if (!supported.contains(value)) {
					throw fail(key, null, "'" + value + "' is not a " + what + " this JVM supports",
							"Use one of " + supported);
				}
			}
		}

		private Duration positive(String key, Duration duration) {
			if (duration.isNegative() || duration.isZero()) {
				throw fail(key, null, "is " + duration, "Set a positive duration, e.g. 5s");
			}
			return duration;
		}

		private InvalidMtlsClientException fail(String key, @Nullable String location, String reason, String action) {
			return InvalidMtlsClientException.forKey(this.name, key, location, reason, action, null);
		}

	}

	/**
	 * Whether the authority of a URL holds user info, told without parsing it (it may
	 * not parse): an '@' between the scheme and the first '/', '?' or '#' after it.
	 * Without a scheme or '//', {@code user:password@host} is caught too.
	 */
	private static boolean hasUserInfo(String value) {
		Matcher scheme = SCHEME.matcher(value);
		int start = scheme.find() ? scheme.end() : 0;
		while (start < value.length() && value.charAt(start) == '/') {
			start++;
		}
		int end = start;
		while (end < value.length() && "/?#".indexOf(value.charAt(end)) < 0) {
			end++;
		}
		return value.substring(start, end).indexOf('@') >= 0;
	}

	/**
	 * A base URL as errors may show it: without query or fragment, which may hold
	 * tokens. User info never gets this far.
	 */
	private static String shown(String value) {
		int end = 0;
		while (end < value.length() && "?#".indexOf(value.charAt(end)) < 0) {
			end++;
		}
		return value.substring(0, end);
	}

}
