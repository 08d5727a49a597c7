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
import java.util.List;
import java.util.Set;

import io.github.mtlsclient.CertificateDetails;
import io.github.mtlsclient.MtlsClientStatus;
import io.github.mtlsclient.MtlsClients;
import io.github.mtlsclient.NoSuchMtlsClientException;
import io.github.mtlsclient.autoconfigure.MtlsClientActuatorAutoConfiguration;
import io.github.mtlsclient.autoconfigure.MtlsClientAutoConfiguration;
import io.github.mtlsclient.testsupport.TestPki;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * An application's own {@link MtlsClients} bean: what is built on the public API keeps
 * working with it, and what needs the starter's own clients is reported at startup.
 *
 * @author mtls-client-spring-boot authors
 */
@ExtendWith(OutputCaptureExtension.class)
class ReplacedMtlsClientsTests {

	private final CertificateDetails certificate = CertificateDetails.of(TestPki.rootCa("Own").certificate());

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, RestClientAutoConfiguration.class,
				MtlsClientAutoConfiguration.class, MtlsClientActuatorAutoConfiguration.class,
				MetricsAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class))
		.withBean(MtlsClients.class, () -> new OwnMtlsClients(this.certificate));

	@Test
	void metricsAndHealthReadTheApplicationsRegistry() {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed().hasSingleBean(MtlsClients.class).hasBean("mtlsHealthContributor");
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.get("mtls.client.handshakes").tag("client", "own").functionCounter().count())
				.isEqualTo(7);
			assertThat(registry.get("mtls.client.certificate.expiry").tag("client", "own").gauge().value())
				.isCloseTo(Duration.between(Instant.now(), this.certificate.notAfter()).toSeconds(), within(5.0));
			assertThat(registry.get("httpcomponents.httpclient.pool.total.max").tag("client", "own").gauge().value())
				.isEqualTo(5);
			assertThat(registry.get("httpcomponents.httpclient.pool.total.connections")
				.tags("client", "own", "state", "leased")
				.gauge()
				.value()).isEqualTo(1);
		});
	}

	@Test
	void aRegistryThatOffersNoSslBundlesGetsNoneAndAWarning(CapturedOutput output) {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(SslBundles.class).getBundleNames()).doesNotContain("mtls-own");
			assertThat(output).contains("offers no SSL bundles", "Implement MtlsClients.sslBundle(name)");
		});
	}

	private record OwnMtlsClients(CertificateDetails certificate) implements MtlsClients {

		@Override
		public Set<String> names() {
			return Set.of("own");
		}

		@Override
		public RestClient restClient(String name) {
			return RestClient.create();
		}

		@Override
		public ClientHttpRequestFactory requestFactory(String name) {
			throw new NoSuchMtlsClientException(name, names());
		}

		@Override
		public CertificateDetails certificate(String name) {
			return this.certificate;
		}

		@Override
		public MtlsClientStatus status(String name) {
			return new MtlsClientStatus(name, "https://own.example", this.certificate, List.of(), true, null,
					new MtlsClientStatus.Pool(1, 2, 0, 5), 7);
		}

		@Override
		public CertificateDetails reload(String name) {
			return this.certificate;
		}

	}

}
