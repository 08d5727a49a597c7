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
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;

/**
 * Configuration properties of the mutual-TLS clients, under {@code mtls}.
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
	private MtlsClientSettings defaults = new MtlsClientSettings();

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

	public MtlsClientSettings getDefaults() {
		return this.defaults;
	}

	public void setDefaults(MtlsClientSettings defaults) {
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
	 * One client: an origin, the identity presented to it and how to talk to it.
	 */
	public static class Client extends MtlsClientSettings {

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
