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
package io.github.mtlsclient.sample;

import java.nio.file.Path;

import io.github.mtlsclient.MtlsClients;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.aot.AotDetector;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample started from the code Spring Boot's AOT processing generated at build
 * time (failsafe sets {@code spring.aot.enabled}), making one mTLS call.
 *
 * @author mtls-client-spring-boot authors
 */
class SampleApplicationAotIT {

	@TempDir
	Path pki;

	@Test
	void startsFromGeneratedInitializersAndCallsWithItsClientCertificate() {
		assertThat(AotDetector.useGeneratedArtifacts()).as("running in AOT mode").isTrue();
		SpringApplication application = new SpringApplication(SampleApplication.class);
		// AOT mode finds the generated initializer by the main class's name.
		application.setMainApplicationClass(SampleApplication.class);
		try (ConfigurableApplicationContext context = application.run("--server.port=0",
				"--sample.pki.dir=" + this.pki)) {
			String verdict = context.getBean(MtlsClients.class).restClient("trusted").get().uri("/").retrieve()
				.body(String.class);
			assertThat(verdict).contains("\"authorized\":true").contains("CN=trusted");
			assertThat(context.getBean("trustedRestClient")).isSameAs(context.getBean(MtlsClients.class)
				.restClient("trusted"));
		}
	}

}
