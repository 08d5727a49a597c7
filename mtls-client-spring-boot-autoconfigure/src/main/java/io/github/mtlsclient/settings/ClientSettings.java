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
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The settings of one client, defaults merged in and validated: made once at startup,
 * then taken by everything that builds or reloads the client. Never holds key material,
 * only where it is; {@link #toString()} shows neither the key password nor header values.
 *
 * @param name the client name
 * @param baseUri the base URL, {@code https://host[:port][/path]}
 * @param host the host of the base URL as it is resolved: without IPv6 brackets, with a
 * trailing dot where the URL has one
 * @param port the port of the base URL, 443 where it names none
 * @param serverName the SNI name and the name the server certificate is checked against,
 * as configured (a trailing dot or IPv6 brackets may remain)
 * @param material where the client's key, certificates and trusted certificates come from
 * @param tls how connections are upgraded to TLS
 * @param connectTimeout time allowed for the TCP connection and, again, the handshake
 * @param readTimeout time allowed between data packets of a response
 * @param pool the connection pool
 * @param redirects which redirects are followed
 * @param defaultHeaders headers added to every request
 * @param reload how the material's files are watched
 * @param retries how often an idempotent request may be sent again
 * @author mtls-client-spring-boot authors
 */
public record ClientSettings(String name, URI baseUri, String host, int port, String serverName, Material material,
		Tls tls, Duration connectTimeout, Duration readTimeout, Pool pool, Redirects redirects,
		Map<String, String> defaultHeaders, Reload reload, int retries) {

	public ClientSettings {
		// In the order configured: headers go out in it.
		defaultHeaders = Collections.unmodifiableMap(new LinkedHashMap<>(defaultHeaders));
	}

	@Override
	public String toString() {
		return "ClientSettings[" + this.name + " -> " + this.baseUri + ", server-name=" + this.serverName + ", "
				+ this.material + ", headers=" + this.defaultHeaders.keySet() + "]";
	}

	/**
	 * Where a client's key, certificates and trusted certificates come from.
	 */
	public sealed interface Material permits PemFiles, Bundle, Spiffe {

		/**
		 * The file locations to watch for changes.
		 * @return the locations, empty where the source reloads itself
		 */
		List<String> watchedLocations();

	}

	/**
	 * PEM files.
	 *
	 * @param certificate the certificate chain's location, or {@code null} for a client
	 * without a certificate
	 * @param privateKey the private key's location; never set without
	 * {@code certificate}
	 * @param privateKeyPassword the password of an encrypted PKCS#8 key
	 * @param trustCertificates locations of the certificate authorities to trust; empty
	 * for the JDK's defaults
	 */
	public record PemFiles(@Nullable String certificate, @Nullable String privateKey,
			@Nullable String privateKeyPassword, List<String> trustCertificates) implements Material {

		public PemFiles {
			trustCertificates = List.copyOf(trustCertificates);
		}

		@Override
		public List<String> watchedLocations() {
			List<String> locations = new ArrayList<>();
			if (this.certificate != null) {
				locations.add(this.certificate);
			}
			if (this.privateKey != null) {
				locations.add(this.privateKey);
			}
			locations.addAll(this.trustCertificates);
			return List.copyOf(locations);
		}

		@Override
		public String toString() {
			// Never the password.
			return "PemFiles[certificate=" + this.certificate + ", private-key=" + this.privateKey + ", trust="
					+ this.trustCertificates + "]";
		}

	}

	/**
	 * A Spring Boot SSL bundle ({@code spring.ssl.bundle.*}), which Spring Boot reloads.
	 *
	 * @param name the bundle name
	 */
	public record Bundle(String name) implements Material {

		@Override
		public List<String> watchedLocations() {
			return List.of();
		}

	}

	/**
	 * The SPIFFE Workload API: the client presents its X.509-SVID, trusts the bundles of
	 * its own and federated trust domains, and checks the server's SPIFFE ID instead of
	 * its host name. The Workload API pushes every update itself: nothing is watched.
	 *
	 * @param socket the Workload API address as configured, e.g.
	 * {@code unix:/run/spire/sockets/agent.sock}
	 * @param socketPath the absolute path of the Unix domain socket
	 * @param serverIds the SPIFFE IDs the server may present; empty to accept any of
	 * {@code serverTrustDomain}
	 * @param serverTrustDomain the trust domain any of whose IDs the server may present,
	 * or {@code null} to accept {@code serverIds} only
	 * @param svidHint the hint of the X.509-SVID to present, or {@code null} for the
	 * default one
	 * @param initialTimeout time to wait for the first X.509-SVID at startup
	 */
	public record Spiffe(String socket, String socketPath, List<String> serverIds, @Nullable String serverTrustDomain,
			@Nullable String svidHint, Duration initialTimeout) implements Material {

		public Spiffe {
			serverIds = List.copyOf(serverIds);
		}

		@Override
		public List<String> watchedLocations() {
			return List.of();
		}

	}

	/**
	 * How connections are upgraded to TLS.
	 *
	 * @param protocols the enabled protocols, the bundle's where a bundle names them
	 * @param cipherSuites the enabled cipher suites, empty for the JDK's defaults
	 * @param verifyHostname whether the server certificate must name the server name
	 * @param insecureTrustAll whether any server certificate is accepted, unchecked
	 * @param includeSystemCas whether the JDK's certificate authorities are trusted too
	 * when trusted certificates are configured
	 */
	public record Tls(List<String> protocols, List<String> cipherSuites, boolean verifyHostname,
			boolean insecureTrustAll, boolean includeSystemCas) {

		public Tls {
			protocols = List.copyOf(protocols);
			cipherSuites = List.copyOf(cipherSuites);
		}

	}

	/**
	 * The connection pool. A client talks to one origin: the size is also the limit per
	 * route.
	 *
	 * @param maxConnections the pool size
	 * @param acquireTimeout time to wait for a connection when all are in use
	 * @param idleTimeout time after which an idle connection is closed
	 * @param timeToLive maximum life of any connection
	 */
	public record Pool(int maxConnections, Duration acquireTimeout, Duration idleTimeout, Duration timeToLive) {

	}

	/**
	 * How the material's files are watched.
	 *
	 * @param enabled whether changed files are reloaded
	 * @param quietPeriod time to wait after the last change before reloading
	 * @param pollInterval interval of the fallback content check and of the retries of a
	 * failed reload
	 */
	public record Reload(boolean enabled, Duration quietPeriod, Duration pollInterval) {

	}

}
