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

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.mtlsclient.InvalidMtlsClientException;
import io.github.mtlsclient.settings.MtlsClientProperties.Client;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.PlaceholdersResolver;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.ssl.DefaultSslBundleRegistry;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.DefaultResourceLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * From properties to {@link ClientSettings}: how {@link MtlsClientsBinder} binds the
 * clients and {@link ClientSettingsMapper} merges the defaults in and checks the result.
 *
 * @author mtls-client-spring-boot authors
 */
class ClientSettingsMappingTests {

	@TempDir
	Path dir;

	@Test
	void defaultsNeverProvideABaseUrl() {
		assertThat(settings(Map.of("mtls.defaults.base-url", "https://evil.example", "mtls.clients.a.base-url",
				"https://a.example")).get("a").baseUri()).hasToString("https://a.example");
		assertThatExceptionOfType(InvalidMtlsClientException.class)
			.isThrownBy(() -> settings(Map.of("mtls.defaults.base-url", "https://evil.example",
					"mtls.clients.b.reload.enabled", "false")))
			.withMessageContaining("mtls.clients.b.base-url: is not set");
	}

	@Test
	void booleansAndNestedValuesAreInheritedFromDefaults() {
		Map<String, ClientSettings> clients = settings(Map.of("mtls.defaults.verify-hostname", "false",
				"mtls.defaults.reload.enabled", "false", "mtls.defaults.redirects", "none", "mtls.clients.a.base-url", "https://a.example",
				"mtls.clients.b.base-url", "https://b.example", "mtls.clients.b.verify-hostname", "true"));
		assertThat(clients.get("a").tls().verifyHostname()).isFalse();
		assertThat(clients.get("a").reload().enabled()).isFalse();
		assertThat(clients.get("a").redirects()).isEqualTo(Redirects.NONE);
		assertThat(clients.get("b").tls().verifyHostname()).isTrue();
		assertThat(clients.get("b").reload().enabled()).isFalse();
	}

	@Test
	void defaultsAreMergedUnderEveryClientAndTheClientsOwnValuesWin() throws IOException {
		String ca = file("ca.pem");
		Map<String, ClientSettings> clients = settings(ordered("mtls.defaults.trust.certificates", ca,
				"mtls.defaults.read-timeout", "7s", "mtls.defaults.pool.max-connections", "4",
				"mtls.defaults.default-headers.x-team", "checkout", "mtls.defaults.default-headers.x-b", "b",
				"mtls.defaults.default-headers.x-c", "c", "mtls.defaults.default-headers.x-d", "d",
				"mtls.defaults.protocols", "TLSv1.3",
				"mtls.clients.payments.base-url", "https://payments", "mtls.clients.payments.read-timeout", "2s",
				"mtls.clients.payments.default-headers.x-client", "payments", "mtls.clients.ledger.base-url",
				"https://ledger", "mtls.clients.ledger.protocols", "TLSv1.2"));
		ClientSettings payments = clients.get("payments");
		assertThat(payments.readTimeout()).hasSeconds(2);
		assertThat(payments.pool().maxConnections()).isEqualTo(4);
		assertThat(payments.material().watchedLocations()).containsExactly(ca);
		// Defaults first, in the order configured: the headers go out in it.
		assertThat(payments.defaultHeaders()).containsExactly(Map.entry("x-team", "checkout"), Map.entry("x-b", "b"),
				Map.entry("x-c", "c"), Map.entry("x-d", "d"), Map.entry("x-client", "payments"));
		assertThat(payments.tls().protocols()).containsExactly("TLSv1.3");
		ClientSettings ledger = clients.get("ledger");
		assertThat(ledger.readTimeout()).hasSeconds(7);
		assertThat(ledger.tls().protocols()).containsExactly("TLSv1.2");
		assertThat(ledger.defaultHeaders()).containsOnlyKeys("x-team", "x-b", "x-c", "x-d");
		assertThat(ledger.pool().idleTimeout()).hasSeconds(30);
	}

	@Test
	void aClientsOwnBundleDropsPemMaterialInheritedFromDefaultsAndViceVersa() throws IOException {
		String ca = file("ca.pem");
		String bCertificate = file("b.crt");
		Map<String, ClientSettings> clients = settings(Map.of("mtls.defaults.certificate", file("default.crt"),
				"mtls.defaults.private-key", file("default.key"), "mtls.defaults.trust.certificates", ca,
				"mtls.clients.a.base-url", "https://a", "mtls.clients.a.bundle", "a-bundle", "mtls.clients.b.base-url",
				"https://b", "mtls.clients.b.certificate", bCertificate, "mtls.clients.b.private-key", file("b.key")));
		assertThat(clients.get("a").material()).isEqualTo(new ClientSettings.Bundle("a-bundle"));
		ClientSettings.PemFiles b = (ClientSettings.PemFiles) clients.get("b").material();
		assertThat(b.certificate()).isEqualTo(bCertificate);
		assertThat(b.trustCertificates()).containsExactly(ca);
	}

	@Test
	void aBundleClientsOwnProtocolsAreCheckedUnderTheirOwnName() {
		assertThatExceptionOfType(InvalidMtlsClientException.class)
			.isThrownBy(() -> settings(Map.of("mtls.clients.a.base-url", "https://a", "mtls.clients.a.bundle", "a-bundle",
					"mtls.clients.a.protocols", "TLSv9")))
			.withMessageContaining("mtls.clients.a.protocols: 'TLSv9' is not a TLS protocol");
	}

	@Test
	void boundSettingsNeverShowPemContentOrThePassword() {
		Client client = new Client();
		client.setCertificate("-----BEGIN CERTIFICATE-----MIIB");
		client.setPrivateKey("-----BEGIN PRIVATE KEY-----MIIE");
		client.setPrivateKeyPassword("hunter2");
		client.getTrust().setCertificates(List.of("-----BEGIN CERTIFICATE-----MIIC"));
		assertThat(client.toString()).doesNotContain("BEGIN", "MII", "hunter2").contains("<inline PEM>");
	}

	@Test
	void environmentVariablesBindLikeProperties() throws IOException {
		String ca = file("ca.pem");
		MapPropertySource variables = new SystemEnvironmentPropertySource(
				StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
				Map.of("MTLS_CLIENTS_PAYMENTS_BASEURL", "https://payments.example",
						"MTLS_CLIENTS_PAYMENTS_TRUST_CERTIFICATES_0_", ca, "MTLS_DEFAULTS_CONNECTTIMEOUT",
						"7s", "MTLS_DEFAULTS_POOL_MAXCONNECTIONS", "3"));
		Map<String, ClientSettings> clients = settings(List.of(ConfigurationPropertySource.from(variables)), null);
		assertThat(clients).containsOnlyKeys("payments");
		assertThat(clients.get("payments").baseUri()).hasToString("https://payments.example");
		assertThat(clients.get("payments").material().watchedLocations()).containsExactly(ca);
		assertThat(clients.get("payments").connectTimeout()).isEqualTo(Duration.ofSeconds(7));
		assertThat(clients.get("payments").pool().maxConnections()).isEqualTo(3);
	}

	@Test
	void aHigherSourceWinsAndItsListReplacesTheLowerOne() {
		MapConfigurationPropertySource higher = new MapConfigurationPropertySource(Map
			.of("mtls.clients.a.trust.certificates[0]", "file:/high.pem", "mtls.clients.a.read-timeout", "${timeout}"));
		MapConfigurationPropertySource lower = new MapConfigurationPropertySource(Map.of("mtls.clients.a.base-url",
				"https://a.example", "mtls.clients.a.read-timeout", "1s", "mtls.clients.a.trust.certificates[0]",
				"file:/low-1.pem", "mtls.clients.a.trust.certificates[1]", "file:/low-2.pem", "mtls.clients.b.base-url",
				"https://b.example"));
		PlaceholdersResolver placeholders = (value) -> ("${timeout}".equals(value)) ? "9s" : value;
		Map<String, Client> clients = new MtlsClientsBinder(List.of(higher, lower), placeholders).bind();
		assertThat(clients).containsOnlyKeys("a", "b");
		assertThat(clients.get("a").getBaseUrl()).isEqualTo("https://a.example");
		assertThat(clients.get("a").getTrust().getCertificates()).containsExactly("file:/high.pem");
		assertThat(clients.get("a").getReadTimeout()).isEqualTo(Duration.ofSeconds(9));
	}

	@Test
	void aSpiffeClientTakesItsSocketAndServerIdsAndChecksNoHostName() throws IOException {
		Map<String, ClientSettings> clients = settings(Map.of("mtls.defaults.spiffe.enabled", "true",
				"mtls.defaults.spiffe.socket", "unix:///run/spire/sockets/agent.sock", "mtls.defaults.verify-hostname",
				"true", "mtls.defaults.spiffe.server-trust-domain", "example.org", "mtls.clients.a.base-url",
				"https://a", "mtls.clients.a.spiffe.server-ids[0]", "spiffe://example.org/payments",
				"mtls.clients.b.base-url", "https://b", "mtls.clients.b.certificate", file("b.crt"),
				"mtls.clients.b.private-key", file("b.key")));
		ClientSettings a = clients.get("a");
		assertThat(a.material()).isEqualTo(new ClientSettings.Spiffe("unix:///run/spire/sockets/agent.sock",
				"/run/spire/sockets/agent.sock", List.of("spiffe://example.org/payments"), null, null,
				Duration.ofSeconds(10)));
		assertThat(a.material().watchedLocations()).isEmpty();
		assertThat(a.tls().verifyHostname()).isFalse();
		// Its own files drop the inherited SPIFFE source, as its own bundle drops files.
		assertThat(clients.get("b").material()).isInstanceOf(ClientSettings.PemFiles.class);
		assertThat(clients.get("b").tls().verifyHostname()).isTrue();
	}

	@Test
	void aClientNamingItsServerTakesNeitherServerIdsNorTrustDomainFromTheDefaults() throws IOException {
		Map<String, ClientSettings> clients = settings(Map.of("mtls.defaults.spiffe.enabled", "true",
				"mtls.defaults.spiffe.socket", "unix:///run/spire/sockets/agent.sock",
				"mtls.defaults.spiffe.server-trust-domain", "example.org", "mtls.defaults.spiffe.server-ids[0]",
				"spiffe://example.org/any", "mtls.clients.pinned.base-url", "https://a",
				"mtls.clients.pinned.spiffe.server-ids[0]", "spiffe://example.org/payments",
				"mtls.clients.domain.base-url", "https://b", "mtls.clients.domain.spiffe.server-trust-domain",
				"partner.org", "mtls.clients.inheriting.base-url", "https://c"));
		// A pinned ID is not widened to the whole inherited trust domain.
		ClientSettings.Spiffe pinned = (ClientSettings.Spiffe) clients.get("pinned").material();
		assertThat(pinned.serverIds()).containsExactly("spiffe://example.org/payments");
		assertThat(pinned.serverTrustDomain()).isNull();
		ClientSettings.Spiffe domain = (ClientSettings.Spiffe) clients.get("domain").material();
		assertThat(domain.serverIds()).isEmpty();
		assertThat(domain.serverTrustDomain()).isEqualTo("partner.org");
		ClientSettings.Spiffe inheriting = (ClientSettings.Spiffe) clients.get("inheriting").material();
		assertThat(inheriting.serverIds()).containsExactly("spiffe://example.org/any");
		assertThat(inheriting.serverTrustDomain()).isEqualTo("example.org");
	}

	@Test
	void theSocketDefaultsToTheSpiffeEndpointSocketVariable() {
		MtlsClientProperties properties = new MtlsClientProperties();
		MtlsClientProperties.Client client = new MtlsClientProperties.Client();
		client.setBaseUrl("https://a");
		client.getSpiffe().setEnabled(true);
		client.getSpiffe().setServerTrustDomain("example.org");
		properties.getClients().put("a", client);
		ClientSettingsMapper mapper = new ClientSettingsMapper(new DefaultResourceLoader(), null,
				(name) -> "SPIFFE_ENDPOINT_SOCKET".equals(name) ? "unix:/tmp/agent.sock" : null);
		assertThat(((ClientSettings.Spiffe) mapper.map(properties).get("a").material()).socketPath())
			.isEqualTo("/tmp/agent.sock");
		ClientSettingsMapper withoutVariable = new ClientSettingsMapper(new DefaultResourceLoader(), null,
				(name) -> null);
		assertThatExceptionOfType(InvalidMtlsClientException.class)
			.isThrownBy(() -> withoutVariable.map(properties))
			.withMessageContaining("mtls.clients.a.spiffe.socket: is not set, nor is the environment variable "
					+ "SPIFFE_ENDPOINT_SOCKET");
	}

	@Test
	void spiffeMistakesNameTheProperty() throws IOException {
		String socket = "unix:/run/agent.sock";
		Map<String, String> base = Map.of("mtls.clients.a.base-url", "https://a", "mtls.clients.a.spiffe.enabled",
				"true", "mtls.clients.a.spiffe.socket", socket);
		Map<String, String> mistakes = new LinkedHashMap<>();
		mistakes.put("mtls.clients.a.trust.certificates[0]=" + file("ca.pem"),
				"mtls.clients.a.spiffe.enabled: is true together with 'certificate', 'private-key', 'bundle'");
		mistakes.put("mtls.clients.a.bundle=a-bundle", "mtls.clients.a.spiffe.enabled: is true together with");
		mistakes.put("mtls.clients.a.verify-hostname=false",
				"mtls.clients.a.spiffe.server-ids: and 'spiffe.server-trust-domain' are both unset");
		mistakes.put("mtls.clients.a.spiffe.server-ids[0]=spiffe://example.org",
				"'spiffe://example.org' is not a SPIFFE ID of a workload: it names a trust domain, not a workload");
		mistakes.put("mtls.clients.a.spiffe.server-ids[0]=spiffe://Example.org/x",
				"its trust domain 'Example.org' has the character 'E'");
		mistakes.put("mtls.clients.a.spiffe.server-ids[0]=https://example.org/x", "it does not start with spiffe://");
		mistakes.put("mtls.clients.a.spiffe.server-ids[0]=spiffe://example.org/a//b",
				"its path has an empty segment");
		mistakes.put("mtls.clients.a.spiffe.server-trust-domain=spiffe://example.org",
				"mtls.clients.a.spiffe.server-trust-domain: 'spiffe://example.org' is not a trust domain name");
		mistakes.put("mtls.clients.a.spiffe.socket=tcp://127.0.0.1:8081",
				"mtls.clients.a.spiffe.socket (tcp://127.0.0.1:8081): is not a unix: address");
		mistakes.put("mtls.clients.a.spiffe.socket=unix:agent.sock",
				"mtls.clients.a.spiffe.socket (unix:agent.sock): is not an absolute socket path");
		mistakes.put("mtls.clients.a.insecure-trust-all=true",
				"mtls.clients.a.insecure-trust-all: is true for a client with spiffe.enabled");
		mistakes.put("mtls.clients.a.verify-hostname=true",
				"mtls.clients.a.verify-hostname: is true for a client with spiffe.enabled");
		mistakes.put("mtls.clients.a.spiffe.initial-timeout=0s", "mtls.clients.a.spiffe.initial-timeout: is PT0S");
		mistakes.forEach((mistake, message) -> {
			Map<String, String> properties = new LinkedHashMap<>(base);
			String[] keyAndValue = mistake.split("=", 2);
			properties.put(keyAndValue[0], keyAndValue[1]);
			if (!mistake.contains("server-ids") && !mistake.contains("verify-hostname=false")
					&& !mistake.contains("server-trust-domain")) {
				properties.put("mtls.clients.a.spiffe.server-trust-domain", "example.org");
			}
			assertThatExceptionOfType(InvalidMtlsClientException.class).as(mistake)
				.isThrownBy(() -> settings(properties))
				.withMessageContaining(message);
		});
	}

	private Map<String, ClientSettings> settings(Map<String, String> properties) {
		return settings(List.of(new MapConfigurationPropertySource(properties)), null);
	}

	/**
	 * Bind as the application does (Boot binds the defaults, the starter the clients),
	 * then map. Locations are checked, so those of the PEM files must exist.
	 */
	private Map<String, ClientSettings> settings(List<ConfigurationPropertySource> sources,
			@Nullable PlaceholdersResolver placeholders) {
		MtlsClientProperties properties = new MtlsClientProperties();
		new Binder(sources, placeholders).bind("mtls.defaults", Bindable.ofInstance(properties.getDefaults()));
		properties.setClients(new MtlsClientsBinder(sources, placeholders).bind());
		DefaultSslBundleRegistry bundles = new DefaultSslBundleRegistry();
		bundles.registerBundle("a-bundle", SslBundle.of(null));
		return new ClientSettingsMapper(new DefaultResourceLoader(), bundles).map(properties);
	}

	private static Map<String, String> ordered(String... keysAndValues) {
		Map<String, String> properties = new LinkedHashMap<>();
		for (int i = 0; i < keysAndValues.length; i += 2) {
			properties.put(keysAndValues[i], keysAndValues[i + 1]);
		}
		return properties;
	}

	private String file(String name) throws IOException {
		return "file:" + Files.writeString(this.dir.resolve(name), "");
	}

}
