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

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;

import io.github.mtlsclient.MtlsClients;
import io.github.mtlsclient.MtlsWebClients;
import io.github.mtlsclient.testsupport.MtlsFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.aot.generate.ClassNameGenerator;
import org.springframework.aot.generate.DefaultGenerationContext;
import org.springframework.aot.generate.GeneratedFiles.Kind;
import org.springframework.aot.generate.InMemoryGeneratedFiles;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.aot.ApplicationContextAotGenerator;
import org.springframework.javapoet.ClassName;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The starter, its reactive part included, through Spring's ahead-of-time processing, as
 * a native image or an AOT-optimized JVM build does it.
 *
 * @author mtls-client-spring-boot authors
 */
class MtlsClientAheadOfTimeTests {

	@TempDir
	Path dir;

	@Test
	void theClientBeansAreMadeByGeneratedCodeAndTheirFactoryMethodsAreHinted() throws Exception {
		MtlsFixture pki = new MtlsFixture(this.dir);
		InMemoryGeneratedFiles files = new InMemoryGeneratedFiles();
		DefaultGenerationContext generation = new DefaultGenerationContext(
				new ClassNameGenerator(ClassName.get("com.example", "AotTest")), files);
		try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext()) {
			TestPropertyValues.of(pki.clientProperties("payments-eu", "https://payments.example:8443"))
				.applyTo(context);
			context.register(SslAutoConfiguration.class, RestClientAutoConfiguration.class,
					MtlsClientAutoConfiguration.class, WebClientAutoConfiguration.class,
					MtlsWebClientAutoConfiguration.class);
			new ApplicationContextAotGenerator().processAheadOfTime(context, generation);
		}
		generation.writeGeneratedContent();
		String sources = sources(files);
		assertThat(sources).contains("\"paymentsEuWebClient\"")
			.contains("MtlsWebClientRegistrar.webClient(")
			.contains("\"paymentsEuRestClient\"");
		// A client configured only when the application starts is registered then, and its
		// beans made through the registrars' factory methods by reflection.
		assertThat(RuntimeHintsPredicates.reflection()
			.onMethodInvocation(MtlsWebClientRegistrar.class.getDeclaredMethod("webClient", MtlsWebClients.class,
					String.class)))
			.accepts(generation.getRuntimeHints());
		assertThat(RuntimeHintsPredicates.reflection()
			.onMethodInvocation(
					MtlsRestClientRegistrar.class.getDeclaredMethod("restClient", MtlsClients.class, String.class)))
			.accepts(generation.getRuntimeHints());
	}

	private static String sources(InMemoryGeneratedFiles files) {
		Map<String, String> sources = files.getGeneratedFiles(Kind.SOURCE)
			.entrySet()
			.stream()
			.collect(Collectors.toMap(Map.Entry::getKey, (entry) -> {
				try (InputStream in = entry.getValue().getInputStream()) {
					return new String(in.readAllBytes(), StandardCharsets.UTF_8);
				}
				catch (IOException ex) {
					throw new IllegalStateException(ex);
				}
			}));
		return String.join("\n", sources.values());
	}

}
