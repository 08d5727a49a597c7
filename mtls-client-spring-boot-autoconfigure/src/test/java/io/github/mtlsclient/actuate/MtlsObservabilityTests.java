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

import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import io.github.mtlsclient.MtlsClients;
import io.github.mtlsclient.actuate.MtlsEndpoint.ClientsDescriptor;
import io.github.mtlsclient.actuate.MtlsEndpoint.ReloadDescriptor;
import io.github.mtlsclient.actuate.MtlsEndpoint.UnknownClientDescriptor;
import io.github.mtlsclient.autoconfigure.MtlsClientActuatorAutoConfiguration;
import io.github.mtlsclient.autoconfigure.MtlsClientAutoConfiguration;
import io.github.mtlsclient.testsupport.IssuedCertificate;
import io.github.mtlsclient.testsupport.KeyFormat;
import io.github.mtlsclient.testsupport.MtlsFixture;
import io.github.mtlsclient.testsupport.RecordingMtlsServer;
import io.github.mtlsclient.testsupport.TestFiles;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestClientObservationAutoConfiguration;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * Health, the {@code mtls} endpoint, the metrics and the {@code mtls-<name>} SSL bundle
 * follow what each client presents, through rotations and failed reloads.
 *
 * @author mtls-client-spring-boot authors
 */
class MtlsObservabilityTests {

	private static final Duration PATIENCE = Duration.ofSeconds(20);

	@TempDir
	Path dir;

	private MtlsFixture pki;

	private RecordingMtlsServer server;

	private ApplicationContextRunner runner;

	@BeforeEach
	void setUp() {
		this.pki = new MtlsFixture(this.dir);
		this.server = this.pki.startServer();
		this.runner = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, RestClientAutoConfiguration.class,
					MtlsClientAutoConfiguration.class, MtlsClientActuatorAutoConfiguration.class,
					MetricsAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class))
			.withPropertyValues(this.pki.clientProperties("api", this.server))
			.withPropertyValues("management.endpoints.web.exposure.include=mtls",
					"mtls.clients.api.reload.quiet-period=200ms");
	}

	@AfterEach
	void tearDown() {
		this.server.close();
	}

	@Test
	void withoutActuatorOrMicrometerTheClientsWorkAndNothingElseIsThere() {
		this.runner
			.withClassLoader(new FilteredClassLoader(HealthContributor.class, Endpoint.class, MeterRegistry.class))
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(MtlsClients.class);
				assertThat(context).doesNotHaveBean("mtlsHealthContributor").doesNotHaveBean(MtlsEndpoint.class);
				assertThat(context).doesNotHaveBean("mtlsClientMeterBinder");
				assertThat(context.getBean(MtlsClients.class).restClient("api").get().uri("/").retrieve().body(String.class))
					.isEqualTo("ok");
			});
	}

	@Test
	void theEndpointIsOnlyThereWhenExposed() {
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=health")
			.run((context) -> assertThat(context).doesNotHaveBean(MtlsEndpoint.class)
				.hasBean("mtlsHealthContributor"));
	}

	@Test
	void healthEndpointAndMetricsDescribeWhatIsPresented() {
		this.runner.run((context) -> {
			String serial = this.pki.client.serialNumber().toString(16);
			Health health = health(context);
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			MtlsClientDescriptor.CertificateDescriptor certificate = (MtlsClientDescriptor.CertificateDescriptor) health
				.getDetails()
				.get("certificate");
			assertThat(certificate.serialNumber()).isEqualTo(serial);
			assertThat(certificate.subject()).isEqualTo("CN=test-client");
			assertThat(certificate.issuer()).isEqualTo("CN=Test Client CA");
			assertThat(certificate.sha256Fingerprint()).matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");
			assertThat(certificate.valid()).isTrue();
			// TestPki certificates live ten days: inside the 14-day threshold.
			assertThat(certificate.expiringSoon()).isTrue();
			MtlsClientDescriptor.TrustDescriptor trust = (MtlsClientDescriptor.TrustDescriptor) health.getDetails()
				.get("trust");
			assertThat(trust.jdkDefaults()).isFalse();
			assertThat(trust.anchors()).singleElement()
				.satisfies((anchor) -> assertThat(anchor.subject()).isEqualTo("CN=Test Server CA"));
			assertThat(health.getDetails()).containsEntry("baseUrl", this.server.baseUrl())
				.doesNotContainKey("lastReload");

			MtlsClients clients = context.getBean(MtlsClients.class);
			for (int i = 0; i < 5; i++) {
				clients.restClient("api").get().uri("/").header("Connection", "close").retrieve().toBodilessEntity();
			}
			MtlsClientDescriptor described = endpoint(context).clients().clients().get("api");
			assertThat(described.certificate().serialNumber()).isEqualTo(serial);
			assertThat(described.handshakes()).isEqualTo(this.server.handshakeCount()).isEqualTo(5);
			assertThat(described.pool().max()).isEqualTo(20);
			clients.restClient("api").get().uri("/").retrieve().toEntity(String.class);
			MtlsClientDescriptor afterKeepAlive = endpoint(context).clients().clients().get("api");
			assertThat(afterKeepAlive.pool().leased()).isZero();
			assertThat(afterKeepAlive.pool().available()).isEqualTo(1);

			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.get("mtls.client.handshakes").tag("client", "api").functionCounter().count())
				.isEqualTo(this.server.handshakeCount());
			assertThat(registry.get("mtls.client.certificate.expiry").tag("client", "api").gauge().value())
				.isCloseTo(secondsUntil(this.pki.client.certificate()), within(5.0));
			assertThat(registry.get("mtls.client.trust.expiry").tag("client", "api").gauge().value())
				.isCloseTo(secondsUntil(this.pki.serverCa.certificate()), within(5.0));
			assertThat(registry.get("httpcomponents.httpclient.pool.total.max").tag("client", "api").gauge().value())
				.isEqualTo(20);
			assertThat(registry.get("mtls.client.reloads").tags("client", "api", "result", "failure").counter().count())
				.isZero();
		});
	}

	@Test
	void httpClientRequestObservationsKeepWorking() {
		this.runner
			.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class,
					RestClientObservationAutoConfiguration.class))
			.run((context) -> {
				context.getBean(MtlsClients.class).restClient("api").get().uri("/x").retrieve().toBodilessEntity();
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				assertThat(registry.get("http.client.requests").tag("client.name", "127.0.0.1").timer().count())
					.isEqualTo(1);
			});
	}

	@Test
	void aRotationShowsInHealthEndpointMetricsAndTheSslBundle() {
		this.runner.run((context) -> {
			IssuedCertificate rotated = this.pki.clientCa.leaf("rotated")
				.clientAuth()
				.validity(Instant.now().minus(1, ChronoUnit.HOURS), Instant.now().plus(40, ChronoUnit.DAYS))
				.issue();
			TestFiles.overwrite(this.pki.clientCertificateFile, rotated.certificatePem());
			TestFiles.overwrite(this.pki.clientKeyFile, rotated.privateKeyPem(KeyFormat.PKCS8));
			String serial = rotated.serialNumber().toString(16);
			await().atMost(PATIENCE).until(() -> serial.equals(presentedSerial(health(context))));
			MtlsClientDescriptor.CertificateDescriptor certificate = (MtlsClientDescriptor.CertificateDescriptor) health(
					context)
				.getDetails()
				.get("certificate");
			assertThat(certificate.expiringSoon()).isFalse();
			await().atMost(PATIENCE)
				.untilAsserted(() -> assertThat(health(context).getDetails().get("lastReload"))
					.hasFieldOrPropertyWithValue("succeeded", true));
			assertThat(endpoint(context).clients().clients().get("api").certificate().serialNumber()).isEqualTo(serial);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.get("mtls.client.certificate.expiry").tag("client", "api").gauge().value())
				.isCloseTo(secondsUntil(rotated.certificate()), within(5.0));
			// The event that counts the reload follows the swap.
			await().atMost(PATIENCE)
				.untilAsserted(() -> assertThat(
						registry.get("mtls.client.reloads").tags("client", "api", "result", "success").counter().count())
					.isEqualTo(1));
			KeyStore bundleKeyStore = context.getBean(SslBundles.class).getBundle("mtls-api").getStores().getKeyStore();
			X509Certificate inBundle = (X509Certificate) bundleKeyStore
				.getCertificate(bundleKeyStore.aliases().nextElement());
			assertThat(inBundle.getSerialNumber()).isEqualTo(rotated.serialNumber());
		});
	}

	@Test
	void aFailedReloadShowsInHealthAndTheFailureCounter() {
		this.runner.run((context) -> {
			TestFiles.overwrite(this.pki.clientKeyFile, "not a key");
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			await().atMost(PATIENCE)
				.until(() -> registry.get("mtls.client.reloads")
					.tags("client", "api", "result", "failure")
					.counter()
					.count() == 1);
			Health health = health(context);
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(presentedSerial(health)).isEqualTo(this.pki.client.serialNumber().toString(16));
			assertThat(health.getDetails().get("lastReload")).hasFieldOrPropertyWithValue("succeeded", false)
				.extracting("failure")
				.asString()
				.contains("mtls.clients.api.private-key");
		});
	}

	@Test
	void aPresentedCertificateThatExpiresMakesTheClientDown() {
		this.runner.withPropertyValues("mtls.clients.api.reload.enabled=false").run((context) -> {
			IssuedCertificate shortLived = this.pki.clientCa.leaf("short-lived")
				.clientAuth()
				// Valid long enough to be loaded and seen UP on a machine five times slower
				// than usual.
				.validity(Instant.now().minus(1, ChronoUnit.HOURS), Instant.now().plusSeconds(8))
				.issue();
			TestFiles.overwrite(this.pki.clientCertificateFile, shortLived.certificatePem());
			TestFiles.overwrite(this.pki.clientKeyFile, shortLived.privateKeyPem(KeyFormat.PKCS8));
			context.getBean(MtlsClients.class).reload("api");
			assertThat(health(context).getStatus()).isEqualTo(Status.UP);
			await().atMost(PATIENCE).until(() -> health(context).getStatus().equals(Status.DOWN));
			assertThat(presentedSerial(health(context))).isEqualTo(shortLived.serialNumber().toString(16));
		});
	}

	@Test
	void theEndpointReloadsOnPostAndAnswers404WithTheNamesForAnUnknownClient() {
		this.runner.withPropertyValues("mtls.clients.api.reload.enabled=false").run((context) -> {
			MtlsEndpoint endpoint = endpoint(context);
			WebEndpointResponse<Object> unknown = endpoint.client("nope");
			assertThat(unknown.getStatus()).isEqualTo(404);
			assertThat(((UnknownClientDescriptor) unknown.getBody()).clients()).containsExactly("api");
			assertThat(endpoint.reload("nope").getStatus()).isEqualTo(404);
			IssuedCertificate rotated = this.pki.clientCa.issueClient("rotated");
			TestFiles.overwrite(this.pki.clientCertificateFile, rotated.certificatePem());
			TestFiles.overwrite(this.pki.clientKeyFile, rotated.privateKeyPem(KeyFormat.PKCS8));
			ReloadDescriptor outcome = (ReloadDescriptor) endpoint.reload("api").getBody();
			assertThat(outcome.succeeded()).isTrue();
			assertThat(outcome.certificate().serialNumber()).isEqualTo(rotated.serialNumber().toString(16));
			TestFiles.overwrite(this.pki.clientKeyFile, "garbage");
			ReloadDescriptor failed = (ReloadDescriptor) endpoint.reload("api").getBody();
			assertThat(failed.succeeded()).isFalse();
			assertThat(failed.failure()).contains("mtls.clients.api.private-key");
			assertThat(failed.certificate().serialNumber()).isEqualTo(rotated.serialNumber().toString(16));
		});
	}

	@Test
	void noKeyMaterialInHealthOrEndpointOutput() {
		this.runner.run((context) -> {
			String keyBody = this.pki.client.privateKeyPem(KeyFormat.PKCS8)
				.lines()
				.filter((line) -> !line.startsWith("-----"))
				.findFirst()
				.orElseThrow();
			String everything = health(context) + " " + endpoint(context).clients() + " "
					+ endpoint(context).client("api").getBody();
			assertThat(everything).contains("CN=test-client").doesNotContain(keyBody).doesNotContain("PRIVATE KEY");
		});
	}

	private static Health health(AssertableApplicationContext context) {
		CompositeHealthContributor composite = context.getBean("mtlsHealthContributor",
				CompositeHealthContributor.class);
		return ((HealthIndicator) composite.getContributor("api")).health();
	}

	private static MtlsEndpoint endpoint(AssertableApplicationContext context) {
		return context.getBean(MtlsEndpoint.class);
	}

	private static String presentedSerial(Health health) {
		Object certificate = health.getDetails().get("certificate");
		return (certificate != null) ? ((MtlsClientDescriptor.CertificateDescriptor) certificate).serialNumber()
				: null;
	}

	private static double secondsUntil(X509Certificate certificate) {
		return Duration.between(Instant.now(), certificate.getNotAfter().toInstant()).toMillis() / 1000.0;
	}

}
