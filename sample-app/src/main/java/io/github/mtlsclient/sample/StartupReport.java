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

import io.github.mtlsclient.MtlsClients;
import io.github.mtlsclient.sample.ClientCalls.CallResult;
import io.github.mtlsclient.sample.demo.DemoInitializer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * In the demo, calls each client once at startup, so that the log shows the demo
 * server's verdicts: {@code valid} for {@code trusted}, the reason for {@code stranger}
 * (the starter itself logs what each client presents). Then says where the page is.
 *
 * @author mtls-client-spring-boot authors
 */
@Component
class StartupReport implements ApplicationRunner {

	private static final Log logger = LogFactory.getLog(StartupReport.class);

	private final MtlsClients clients;

	private final ClientCalls calls;

	private final Environment environment;

	StartupReport(MtlsClients clients, ClientCalls calls, Environment environment) {
		this.clients = clients;
		this.calls = calls;
		this.environment = environment;
	}

	@Override
	public void run(ApplicationArguments args) {
		if (this.clients.names().isEmpty()) {
			logger.info("No mTLS clients configured: add some under mtls.clients (see README.md)");
		}
		// Your own services are not called unasked: only the demo server is.
		if (this.environment.matchesProfiles(DemoInitializer.PROFILE)) {
			for (String name : this.clients.names()) {
				CallResult result = this.calls.call(name);
				if (result.error() != null) {
					logger.warn("mTLS client '%s' got no answer: %s".formatted(name, result.error()));
				}
			}
		}
		String port = this.environment.getProperty("local.server.port");
		if (port != null) {
			logger.info("Open http://%s:%s/ to see the clients, call them and rotate a certificate"
				.formatted(this.environment.getProperty("server.address", "localhost"), port));
		}
	}

}
