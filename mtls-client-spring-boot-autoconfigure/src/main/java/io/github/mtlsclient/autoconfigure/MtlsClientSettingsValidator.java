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

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.SNIHostName;

import io.github.mtlsclient.InvalidMtlsClientException;
import io.github.mtlsclient.autoconfigure.MtlsClientProperties.Client;
import io.github.mtlsclient.http.HostNames;
import io.github.mtlsclient.material.MaterialLocation;
import org.jspecify.annotations.Nullable;

import org.springframework.core.io.ResourceLoader;

/**
 * Checks a client's merged settings before anything is built from them, so that a
 * mistake stops the application with the property's name instead of surfacing as a
 * TLS error on the first request.
 *
 * @author mtls-client-spring-boot authors
 */
final class MtlsClientSettingsValidator {

	private static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?");

	private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:");

	private final String name;

	private final Set<String> supportedProtocols;

	private final Set<String> supportedCipherSuites;

	private final ResourceLoader resourceLoader;

	MtlsClientSettingsValidator(String name, Set<String> supportedProtocols, Set<String> supportedCipherSuites,
			ResourceLoader resourceLoader) {
		this.name = name;
		this.supportedProtocols = supportedProtocols;
		this.supportedCipherSuites = supportedCipherSuites;
		this.resourceLoader = resourceLoader;
	}

	/**
	 * Validate the settings.
	 * @param client the merged settings
	 * @return the base URL
	 */
	URI validate(Client client) {
		URI baseUrl = baseUrl(client.getBaseUrl());
		if (client.getBundle() != null && (client.getCertificate() != null || client.getPrivateKey() != null
				|| !client.getTrust().getCertificates().isEmpty())) {
			throw fail("bundle", client.getBundle(),
					"is set together with 'certificate', 'private-key' or 'trust.certificates'",
					"Use either an SSL bundle or PEM files, not both", null);
		}
		if (client.getCertificate() == null && client.getPrivateKey() != null) {
			throw fail("certificate", null, "is not set, but 'private-key' is",
					"Set both 'certificate' and 'private-key', or neither", null);
		}
		location("certificate", client.getCertificate());
		location("private-key", client.getPrivateKey());
		client.getTrust().getCertificates().forEach((location) -> location("trust.certificates", location));
		validateTlsOptions(null, client.getProtocols(), client.getCipherSuites());
		if (client.getServerName() != null) {
			serverName(client.getServerName());
		}
		else {
			baseUrlHost(baseUrl);
		}
		positive("connect-timeout", client.getConnectTimeout());
		positive("read-timeout", client.getReadTimeout());
		positive("pool.acquire-timeout", client.getPool().getAcquireTimeout());
		positive("pool.idle-timeout", client.getPool().getIdleTimeout());
		positive("pool.time-to-live", client.getPool().getTimeToLive());
		positive("reload.quiet-period", client.getReload().getQuietPeriod());
		positive("reload.poll-interval", client.getReload().getPollInterval());
		if (client.getRetries() < 0) {
			throw fail("retries", null, "is " + client.getRetries(), "Set 0 to switch retries off, or a small count, e.g. 1",
					null);
		}
		if (client.getPool().getMaxConnections() <= 0) {
			throw fail("pool.max-connections", null, "is " + client.getPool().getMaxConnections(),
					"Set a pool size of at least 1", null);
		}
		return baseUrl;
	}

	/**
	 * Check that the protocols and cipher suites are known to this JVM.
	 * @param source the key they come from, when not from {@code protocols} and
	 * {@code cipher-suites}
	 * @param protocols the protocols
	 * @param cipherSuites the cipher suites
	 */
	void validateTlsOptions(@Nullable String source, List<String> protocols, List<String> cipherSuites) {
		checkNames((source != null) ? source : "protocols", protocols, this.supportedProtocols, "TLS protocol");
		checkNames((source != null) ? source : "cipher-suites", cipherSuites, this.supportedCipherSuites,
				"cipher suite");
		if (protocols.isEmpty()) {
			throw fail((source != null) ? source : "protocols", null, "enables no TLS protocol",
					"Enable at least one TLS protocol, e.g. TLSv1.3", null);
		}
	}

	/**
	 * Check a client name before anything is bound under it.
	 * @param name the name
	 */
	static void validateName(String name) {
		if (!NAME.matcher(name).matches()) {
			throw InvalidMtlsClientException.forKey(name, "", null, "'" + name + "' is not a valid client name",
					"Use lower-case letters, digits and dashes, starting and ending with a letter or digit", null);
		}
	}

	private void location(String key, @Nullable String location) {
		if (location == null) {
			return;
		}
		if (location.contains("-----BEGIN")) {
			// Not echoed: it may be a private key.
			throw fail(key, null, "holds PEM content instead of a file location",
					"Write the PEM to a file and set its location (file:, classpath: or a path)", null);
		}
		// Before anything reads it (the watcher's fingerprint comes before the load).
		MaterialLocation.check(this.name, key, location, this.resourceLoader);
	}

	private void serverName(String serverName) {
		// A trailing dot and IPv6 brackets are allowed; TLS uses the name without them.
		String name = HostNames.forTls(serverName);
		if (HostNames.isIpAddress(name)) {
			return;
		}
		try {
			new SNIHostName(name);
		}
		catch (IllegalArgumentException ex) {
			throw fail("server-name", null, "'" + serverName + "' is not a valid host name (" + ex.getMessage() + ")",
					"Set the DNS name the server certificate carries, e.g. payments.internal", null);
		}
	}

	private void baseUrlHost(URI baseUrl) {
		String name = HostNames.forTls(baseUrl.getHost());
		if (HostNames.isIpAddress(name)) {
			return;
		}
		try {
			new SNIHostName(name);
		}
		catch (IllegalArgumentException ex) {
			// Would otherwise fail every request, in the handshake.
			throw fail("base-url", null, "'" + baseUrl + "' has a host that TLS cannot send as server name ("
					+ ex.getMessage() + ")",
					"Use the DNS name the server certificate carries, or set 'server-name' to it", null);
		}
	}

	private URI baseUrl(@Nullable String value) {
		if (value == null || value.isBlank()) {
			throw fail("base-url", null, "is not set", "Set it to the origin of the service, e.g. https://host:8443",
					null);
		}
		String trimmed = value.trim();
		if (hasUserInfo(trimmed)) {
			// First, and not echoed: the user info may hold a password, and every other
			// error below shows the URL.
			throw fail("base-url", null, "holds user credentials (user info before '@')",
					"Remove them from the URL; send credentials with default-headers (e.g. Authorization)", null);
		}
		URI uri;
		try {
			uri = new URI(trimmed);
		}
		catch (URISyntaxException ex) {
			// The reason only: the exception's message and index would show the query.
			throw fail("base-url", null, "'" + shown(trimmed) + "' is not a valid URL (" + ex.getReason() + ")",
					"Set it to the origin of the service, e.g. https://host:8443", null);
		}
		String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : null;
		if (!"https".equals(scheme)) {
			throw fail("base-url", null, "'" + shown(trimmed) + "' is not an https:// URL",
					"Use https://: a client certificate is only presented over TLS", null);
		}
		if (uri.getHost() == null) {
			throw fail("base-url", null, "'" + shown(trimmed) + "' has no host",
					"Set it to the origin of the service, e.g. https://host:8443", null);
		}
		if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
			throw fail("base-url", null, "'" + shown(trimmed) + "' has a query or fragment (not shown)",
					"Use an origin with an optional path, e.g. https://host:8443/api; "
							+ "send tokens with default-headers",
					null);
		}
		return uri;
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

	private void checkNames(String key, List<String> values, Set<String> supported, String what) {
		for (String value : values) {
			if (!supported.contains(value)) {
				throw fail(key, null, "'" + value + "' is not a " + what + " this JVM supports",
						"Use one of " + supported, null);
			}
		}
	}

	private void positive(String key, @Nullable Duration duration) {
		if (duration == null || duration.isNegative() || duration.isZero()) {
			throw fail(key, null, "is " + duration, "Set a positive duration, e.g. 5s", null);
		}
	}

	private InvalidMtlsClientException fail(String key, @Nullable String location, String reason, String action,
			@Nullable Throwable cause) {
		return InvalidMtlsClientException.forKey(this.name, key, location, reason, action, cause);
	}

}
