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

package io.github.mtlsclient.sample.demo;

import java.nio.file.Path;
import java.util.Map;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Sets the demo up before Spring creates the mTLS clients, because the starter checks
 * their files at startup and their base URL needs the demo server's port: makes or
 * reuses the {@link DemoPki} in {@code sample.pki.dir} (in a fresh folder, published as
 * {@code sample.pki.dir}, when that one belongs to another user), starts the
 * {@link DemoServer} on {@code sample.server.port} ({@code 0}: any free port) and
 * publishes the port it got as {@code local.sample.server.port}. Runs only with the
 * {@code demo} profile, which Spring Boot activates when no other profile is chosen.
 *
 * @author mtls-client-spring-boot authors
 */
public class DemoInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	/**
	 * The profile that turns the demo on.
	 */
	public static final String PROFILE = "demo";

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		ConfigurableEnvironment environment = context.getEnvironment();
		// AOT processing at build time only records bean definitions: no PKI, no server.
		if (!environment.matchesProfiles(PROFILE) || Boolean.getBoolean("spring.aot.processing")) {
			return;
		}
		DemoPki pki = DemoPki.createOrReuse(Path.of(environment.getRequiredProperty("sample.pki.dir")));
		DemoServer server = DemoServer.start(environment.getProperty("sample.server.port", Integer.class, 0), pki);
		// The folder the PKI is really in (another, when the one asked for was not ours)
		// is the one the clients' certificate and key paths must name.
		environment.getPropertySources()
			.addFirst(new MapPropertySource("demo", Map.of("local.sample.server.port", server.port(), "sample.pki.dir",
					pki.dir().toString())));
		DefaultListableBeanFactory beanFactory = (DefaultListableBeanFactory) context.getBeanFactory();
		beanFactory.registerSingleton("demoPki", pki);
		beanFactory.registerSingleton("demoServer", server);
		// Stopped with the context, also when it fails to start.
		beanFactory.registerDisposableBean("demoServer", server::close);
	}

}
