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

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.github.mtlsclient.CertificateDetails;
import io.github.mtlsclient.InvalidMtlsClientException;
import io.github.mtlsclient.MtlsClient;
import io.github.mtlsclient.MtlsClientStatus;
import io.github.mtlsclient.MtlsClients;
import io.github.mtlsclient.MtlsRestClientCustomizer;
import io.github.mtlsclient.NoSuchMtlsClientException;
import io.github.mtlsclient.settings.MtlsClientProperties;
import io.github.mtlsclient.testsupport.CertificateAuthority;
import io.github.mtlsclient.testsupport.MtlsFixture;
import io.github.mtlsclient.testsupport.TestPki;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.support.AbstractBeanDefinition;
import org.springframework.boot.context.properties.BoundConfigurationProperties;
import org.springframework.boot.context.properties.ConfigurationPropertiesBindHandlerAdvisor;
import org.springframework.boot.context.properties.bind.AbstractBindHandler;
import org.springframework.boot.context.properties.bind.BindContext;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.restclient.RestClientCustomizer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Wiring of {@link MtlsClientAutoConfiguration}: beans, names, qualifiers, conditions
 * and the merging of defaults. No request is sent here.
 *
 * @author mtls-client-spring-boot authors
 */
class MtlsClientAutoConfigurationTests {

	@TempDir
	Path dir;

	private MtlsFixture pki;

	private ApplicationContextRunner runner;

	@BeforeEach
	void setUp() {
		this.pki = new MtlsFixture(this.dir);
		this.runner = MtlsFixture.contextRunner();
	}

	@Test
	void withoutClientsTheRegistryIsEmptyAndNoRestClientIsRegistered() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(MtlsClients.class);
			assertThat(context.getBean(MtlsClients.class).names()).isEmpty();
			assertThat(context.getBeansOfType(RestClient.class)).isEmpty();
		});
	}

	@Test
	void disabledStarterCreatesNothing() {
		this.runner.withPropertyValues("mtls.enabled=false")
			.withPropertyValues(this.pki.clientProperties("payments", "https://localhost:8443"))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(MtlsClients.class);
				assertThat(context).doesNotHaveBean("paymentsRestClient");
			});
	}

	@Test
	void registersOneRestClientPerClientNamedAfterIt() {
		this.runner.withPropertyValues(this.pki.clientProperties("payments-eu", "https://localhost:8443"))
			.withPropertyValues(this.pki.clientProperties("ledger", "https://127.0.0.1:9443"))
			.run((context) -> {
				MtlsClients clients = context.getBean(MtlsClients.class);
				assertThat(clients.names()).containsExactly("payments-eu", "ledger");
				assertThat(context).hasBean("paymentsEuRestClient").hasBean("ledgerRestClient");
				assertThat(context.getBean("paymentsEuRestClient")).isSameAs(clients.restClient("payments-eu"));
				assertThat(context.getBean("ledgerRestClient")).isSameAs(clients.restClient("ledger"));
				assertThat(clients.requestFactory("ledger")).isNotSameAs(clients.requestFactory("payments-eu"));
				assertThat(clients.certificate("ledger").serialNumber())
					.isEqualTo(this.pki.client.serialNumber().toString(16));
			});
	}

	@Test
	void restClientsAreInjectedByQualifierOnlyAndNeverAsAPlainRestClient() {
		this.runner.withPropertyValues(this.pki.clientProperties("payments", "https://localhost:8443"))
			.withPropertyValues(this.pki.clientProperties("ledger", "https://localhost:9443"))
			.withUserConfiguration(PlainRestClientConfiguration.class, InjectionPoints.class)
			.run((context) -> {
				InjectionPoints injected = context.getBean(InjectionPoints.class);
				MtlsClients clients = context.getBean(MtlsClients.class);
				assertThat(injected.payments).isSameAs(clients.restClient("payments"));
				assertThat(injected.ledger).isSameAs(clients.restClient("ledger"));
				assertThat(injected.payments).isNotSameAs(injected.ledger);
				assertThat(injected.plain).isSameAs(context.getBean("plainRestClient"));
				BeanDefinition definition = context.getBeanFactory().getBeanDefinition("paymentsRestClient");
				assertThat(((AbstractBeanDefinition) definition).isDefaultCandidate()).isFalse();
			});
	}

	@Test
	void plainRestClientInjectionPointFindsNothingWhenOnlyMtlsClientsExist() {
		this.runner.withPropertyValues(this.pki.clientProperties("payments", "https://localhost:8443"))
			.withUserConfiguration(OptionalPlainInjection.class)
			.run((context) -> assertThat(context.getBean(OptionalPlainInjection.class).plain).isNull());
	}

	@Test
	void unknownNameListsTheConfiguredOnes() {
		this.runner.withPropertyValues(this.pki.clientProperties("payments", "https://localhost:8443"))
			.withPropertyValues(this.pki.clientProperties("ledger", "https://localhost:9443"))
			.run((context) -> assertThatExceptionOfType(NoSuchMtlsClientException.class)
				.isThrownBy(() -> context.getBean(MtlsClients.class).restClient("paymnts"))
				.withMessageContaining("'paymnts'")
				.withMessageContaining("payments, ledger"));
	}

	@Test
	void userDefinedRegistryWins() {
		this.runner.withPropertyValues(this.pki.clientProperties("payments", "https://localhost:8443"))
			.withUserConfiguration(CustomRegistryConfiguration.class)
			.run((context) -> {
				assertThat(context).hasSingleBean(MtlsClients.class);
				assertThat(context.getBean(MtlsClients.class)).isSameAs(CustomRegistryConfiguration.REGISTRY);
				assertThat(context.getBean("paymentsRestClient")).isSameAs(CustomRegistryConfiguration.CLIENT);
			});
	}

	@Test
	void closingTheContextStopsTheSharedThreads() {
		Set<Thread> before = Thread.getAllStackTraces().keySet();
		List<Thread> started = new ArrayList<>();
		this.runner.withPropertyValues(this.pki.clientProperties("payments", "https://localhost:8443"))
			.run((context) -> {
				Thread.getAllStackTraces()
					.keySet()
					.stream()
					.filter((thread) -> !before.contains(thread))
					.filter((thread) -> thread.getName().equals("mtls-material-watcher")
							|| thread.getName().equals("mtls-pool-housekeeper"))
					.forEach(started::add);
				assertThat(started).extracting(Thread::getName)
					.containsExactlyInAnyOrder("mtls-material-watcher", "mtls-pool-housekeeper");
			});
		// The watcher is joined on close; the housekeeper's executor ends its thread soon after.
		await().atMost(Duration.ofSeconds(10)).until(() -> started.stream().noneMatch(Thread::isAlive));
	}

	@Test
	void aChangeToTheFilesWhileTheClientLoadsIsReloaded() {
		CertificateAuthority newServerCa = TestPki.rootCa("New Server CA");
		// Customizers run after the material is loaded and before the files are watched.
		MtlsRestClientCustomizer rotateTrustWhileLoading = (name, builder) -> TestPki
			.writePemCertificates(this.pki.serverCaFile, this.pki.serverCa.certificate(), newServerCa.certificate());
		this.runner.withPropertyValues(this.pki.clientProperties("payments", "https://localhost:8443"))
			.withPropertyValues("mtls.clients.payments.reload.quiet-period=100ms",
					"mtls.clients.payments.reload.poll-interval=1h")
			.withBean(MtlsRestClientCustomizer.class, () -> rotateTrustWhileLoading)
			.run((context) -> await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(context.getBean(MtlsClients.class).status("payments").trustAnchors())
					.hasSize(2)));
	}

	@Test
	void userDefinedBeanWithTheRestClientNameAndQualifierWins() {
		this.runner.withPropertyValues(this.pki.clientProperties("payments", "https://localhost:8443"))
			.withUserConfiguration(OwnPaymentsRestClientConfiguration.class, QualifiedInjection.class)
			.run((context) -> {
				assertThat(context.getBean("paymentsRestClient")).isSameAs(OwnPaymentsRestClientConfiguration.CLIENT);
				assertThat(context.getBean(QualifiedInjection.class).payments)
					.isSameAs(OwnPaymentsRestClientConfiguration.CLIENT);
			});
	}

	@Test
	void anApplicationsSingletonBuilderIsNotChangedByTheClients() {
		this.runner.withPropertyValues(this.pki.clientProperties("payments", "https://localhost:8443"))
			.withPropertyValues("mtls.clients.payments.default-headers.X-Secret=for-payments")
			.withUserConfiguration(SingletonBuilderConfiguration.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				RestClient.Builder builder = context.getBean(RestClient.Builder.class);
				RestClient plain = builder.build();
				// Without the client's base URL a relative URI goes nowhere; with it, the call
				// would go to https://localhost:8443.
				Throwable relative = catchThrowable(() -> plain.get().uri("/orders").retrieve().toBodilessEntity());
				assertThat(relative).hasMessageContaining("Target host is not specified")
					.hasMessageNotContaining("localhost:8443");
				List<String> headers = new ArrayList<>();
				builder.clone().defaultHeaders((h) -> headers.addAll(h.headerNames()));
				assertThat(headers).doesNotContain("X-Secret");
			});
	}

	@Test
	void anInvalidClientNameIsReportedBeforeBinding() {
		this.runner.withPropertyValues("mtls.clients[Payments_EU].base-url=https://localhost")
			.run((context) -> assertThat(NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure()))
				.isInstanceOf(InvalidMtlsClientException.class)
				.hasMessageContaining("'Payments_EU' is not a valid client name"));
	}

	@Test
	void credentialsInTheBaseUrlAreRefusedWithoutBeingRepeated() {
		this.runner.withPropertyValues(this.pki.clientProperties("payments", "https://admin:hunter2@localhost:8443"))
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidMtlsClientException.class)
				.hasMessageContaining("mtls.clients.payments.base-url: holds user credentials")
				.hasMessageNotContaining("hunter2"));
	}

	@Test
	void anInvalidServerNameIsReportedAtStartup() {
		this.runner.withPropertyValues(this.pki.clientProperties("payments", "https://localhost:8443"))
			.withPropertyValues("mtls.clients.payments.server-name=bad_name")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidMtlsClientException.class)
				.hasMessageContaining("mtls.clients.payments.server-name"));
	}

	@Test
	void failureAnalysisNamesClientPropertyFileAndAction() {
		this.runner.withPropertyValues(this.pki.clientProperties("payments", "https://localhost:8443"))
			.withPropertyValues("mtls.clients.payments.private-key=" + this.dir.resolve("missing.key"))
			.run((context) -> {
				FailureAnalysis analysis = new InvalidMtlsClientFailureAnalyzer().analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("mTLS client 'payments'")
					.contains("mtls.clients.payments.private-key")
					.contains(this.dir.resolve("missing.key").toString());
				assertThat(analysis.getAction()).contains("Check the path");
			});
	}

	@Test
	void bootCustomizersReachEveryClientBeforeTheMtlsCustomizers() {
		this.runner.withPropertyValues(this.pki.clientProperties("payments", "https://localhost:8443"))
			.withPropertyValues(this.pki.clientProperties("ledger", "https://localhost:9443"))
			.withUserConfiguration(CustomizerConfiguration.class)
			.run((context) -> {
				// Boot's customizers run once, on the builder every client clones.
				assertThat(context.getBean(CustomizerConfiguration.class).calls).containsExactly("boot",
						"mtls:payments", "mtls:ledger");
				for (String name : List.of("payments", "ledger")) {
					List<String> headers = new ArrayList<>();
					context.getBean(MtlsClients.class)
						.restClient(name)
						.mutate()
						.defaultHeaders((h) -> headers.addAll(h.headerNames()));
					assertThat(headers).as(name).contains("X-Boot", "X-Mtls");
				}
			});
	}

	@Test
	void invalidConfigurationStopsTheContextNamingClientAndProperty() {
		this.runner.withPropertyValues(this.pki.clientProperties("payments", "http://localhost:8080"))
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidMtlsClientException.class)
				.hasMessageContaining("mtls.clients.payments.base-url")
				.hasMessageContaining("https://"));
	}

	@Test
	void theStarterBindsTheClientsOnceAndBootBindsTheRest() {
		this.runner.withPropertyValues(this.pki.clientProperties("payments", "https://localhost:8443"))
			.withPropertyValues("mtls.defaults.read-timeout=7s", "mtls.clients.payments.default-headers.x-team=a")
			.withUserConfiguration(BoundNamesConfiguration.class)
			.run((context) -> {
				MtlsClientProperties properties = context.getBean(MtlsClientProperties.class);
				assertThat(properties.getDefaults().getReadTimeout()).hasSeconds(7);
				assertThat(properties.getClients()).containsOnlyKeys("payments");
				assertThat(properties.getClients().get("payments").getDefaultHeaders()).containsEntry("x-team", "a");
				// Spring Boot's binding of the properties bean, which starts at "mtls", never
				// looks into mtls.clients: each client is bound from its own name down.
				List<String> bound = context.getBean(BoundNamesConfiguration.class).names;
				assertThat(bound).contains("mtls.defaults.read-timeout@2", "mtls.clients.payments.base-url@1");
				assertThat(bound).filteredOn((name) -> name.startsWith("mtls.clients"))
					.isNotEmpty()
					.noneMatch(MtlsClientAutoConfigurationTests::boundFromTheRoot);
				// Yet the client's properties are tracked like the others, with their origin.
				assertThat(BoundConfigurationProperties.get(context)
					.get(ConfigurationPropertyName.of("mtls.clients.payments.default-headers.x-team"))).isNotNull();
			});
	}

	@Test
	void beanNamesAreLowerCamelCase() {
		assertThat(MtlsRestClientRegistrar.beanName("payments")).isEqualTo("paymentsRestClient");
		assertThat(MtlsRestClientRegistrar.beanName("payments-eu")).isEqualTo("paymentsEuRestClient");
		assertThat(MtlsRestClientRegistrar.beanName("a-b-c2")).isEqualTo("aBC2RestClient");
	}

	/**
	 * Whether a recorded {@code name@depth} was bound by a binding that started at the
	 * first element of the name ({@code mtls}).
	 */
	private static boolean boundFromTheRoot(String recorded) {
		String[] nameAndDepth = recorded.split("@");
		return ConfigurationPropertyName.of(nameAndDepth[0]).getNumberOfElements() - 1 == Integer
			.parseInt(nameAndDepth[1]);
	}

	@Configuration(proxyBeanMethods = false)
	static class BoundNamesConfiguration {

		final List<String> names = new ArrayList<>();

		@Bean
		ConfigurationPropertiesBindHandlerAdvisor recordingAdvisor() {
			return (handler) -> new AbstractBindHandler(handler) {

				@Override
				public Object onSuccess(ConfigurationPropertyName name, Bindable<?> target, BindContext context,
						Object result) {
					// The depth tells where the binding started: 0 is its root.
					BoundNamesConfiguration.this.names.add(name + "@" + context.getDepth());
					return super.onSuccess(name, target, context, result);
				}

			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class PlainRestClientConfiguration {

		@Bean
		RestClient plainRestClient() {
			return RestClient.create();
		}

	}

	static class InjectionPoints {

		final RestClient payments;

		final RestClient ledger;

		final RestClient plain;

		InjectionPoints(@MtlsClient("payments") RestClient payments, @MtlsClient("ledger") RestClient ledger,
				RestClient plain) {
			this.payments = payments;
			this.ledger = ledger;
			this.plain = plain;
		}

	}

	static class OptionalPlainInjection {

		final RestClient plain;

		OptionalPlainInjection(ObjectProvider<RestClient> plain) {
			this.plain = plain.getIfAvailable();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class CustomRegistryConfiguration {

		static final RestClient CLIENT = RestClient.create();

		static final MtlsClients REGISTRY = new MtlsClients() {

			@Override
			public Set<String> names() {
				return Set.of("payments");
			}

			@Override
			public RestClient restClient(String name) {
				return CLIENT;
			}

			@Override
			public ClientHttpRequestFactory requestFactory(String name) {
				throw new NoSuchMtlsClientException(name, Set.of());
			}

			@Override
			public CertificateDetails certificate(String name) {
				throw new NoSuchMtlsClientException(name, Set.of());
			}

			@Override
			public MtlsClientStatus status(String name) {
				throw new NoSuchMtlsClientException(name, Set.of());
			}

			@Override
			public CertificateDetails reload(String name) {
				throw new NoSuchMtlsClientException(name, Set.of());
			}

		};

		@Bean
		MtlsClients customMtlsClients() {
			return REGISTRY;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnPaymentsRestClientConfiguration {

		static final RestClient CLIENT = RestClient.create();

		@Bean
		@MtlsClient("payments")
		RestClient paymentsRestClient() {
			return CLIENT;
		}

	}

	static class QualifiedInjection {

		final RestClient payments;

		QualifiedInjection(@MtlsClient("payments") RestClient payments) {
			this.payments = payments;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class SingletonBuilderConfiguration {

		@Bean
		RestClient.Builder restClientBuilder() {
			return RestClient.builder();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class CustomizerConfiguration {

		final List<String> calls = new ArrayList<>();

		@Bean
		RestClientCustomizer bootCustomizer() {
			return (builder) -> {
				this.calls.add("boot");
				builder.defaultHeader("X-Boot", "applied");
			};
		}

		@Bean
		MtlsRestClientCustomizer mtlsCustomizer() {
			return (name, builder) -> {
				this.calls.add("mtls:" + name);
				builder.defaultHeader("X-Mtls", name);
			};
		}

	}

}
