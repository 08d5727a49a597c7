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

import io.github.mtlsclient.CertificateDetails;
import io.github.mtlsclient.MtlsClients;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * Sample application: lists the configured mutual-TLS clients and the certificate each
 * presents. Configure clients under {@code mtls.clients} (see the README).
 *
 * @author mtls-client-spring-boot authors
 */
@SpringBootApplication
public class SampleApplication {

	private static final Log logger = LogFactory.getLog(SampleApplication.class);

	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
	}

	@Bean
	ApplicationRunner listClients(MtlsClients clients) {
		return (args) -> {
			if (clients.names().isEmpty()) {
				logger.info("No mTLS clients configured: add some under mtls.clients (see README.md)");
			}
			for (String name : clients.names()) {
				CertificateDetails certificate = clients.certificate(name);
				logger.info("mTLS client '%s' presents %s".formatted(name,
						(certificate != null) ? certificate.subject() + " (serial " + certificate.serialNumber()
								+ ", expires " + certificate.notAfter() + ")" : "no certificate"));
			}
		};
	}

}
