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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import io.github.mtlsclient.MtlsClients;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * Every class of the starter that an application without WebFlux loads — the public
 * API, settings, material, the HttpClient 5 transport, reload, registry, actuate and
 * the servlet auto-configurations — loads and can be introspected as Spring does
 * (methods, fields, constructors) with WebFlux, Reactor and Netty missing from the
 * class path. A signature that names a reactive type anywhere there would break every
 * servlet-only application with {@code NoClassDefFoundError}. The same holds without
 * gRPC, protobuf and java-spiffe, which only the Workload API stream of a client with
 * {@code spiffe.enabled} needs.
 *
 * @author mtls-client-spring-boot authors
 */
class ServletOnlyClassLoadingTests {

	private static final String WEB_CLIENT = "org.springframework.web.reactive.function.client.WebClient";

	// Nor the SPIFFE libraries, which only a client with spiffe.enabled needs.
	private static final List<String> MISSING = List.of("org.springframework.web.reactive.", "reactor.", "io.netty.",
			"org.springframework.http.client.reactive.", "io.grpc.", "io.spiffe.", "com.google.protobuf.");

	/**
	 * The one class that touches gRPC and java-spiffe, loaded only for a SPIFFE client.
	 */
	private static final String WORKLOAD_API_STREAM = "io.github.mtlsclient.material.WorkloadApiStream";

	/**
	 * The reactive side: loaded only when WebFlux and Reactor Netty are present.
	 */
	private static final Set<String> REACTIVE = Set.of("io.github.mtlsclient.MtlsWebClients",
			"io.github.mtlsclient.MtlsWebClientCustomizer", "io.github.mtlsclient.autoconfigure.MtlsWebClientAutoConfiguration",
			"io.github.mtlsclient.autoconfigure.MtlsWebClientRegistrar",
			"io.github.mtlsclient.autoconfigure.MtlsWebHttpServiceGroupConfigurer");

	@Test
	void theClassesOfAServletOnlyApplicationNeedNoReactiveType() throws Exception {
		Path classes = Path.of(MtlsClients.class.getProtectionDomain().getCodeSource().getLocation().toURI());
		List<String> servletOnly = servletOnlyClasses(classes);
		assertThat(servletOnly).contains("io.github.mtlsclient.MtlsClientStatus",
				"io.github.mtlsclient.actuate.MtlsClientMeterBinder", "io.github.mtlsclient.registry.DefaultMtlsClients",
				"io.github.mtlsclient.material.FailureExplanations", "io.github.mtlsclient.material.SpiffeMaterialSource");
		WithoutReactiveClassLoader loader = new WithoutReactiveClassLoader(classes);
		assertThat(loader.canLoad(WEB_CLIENT)).isFalse();
		for (String name : servletOnly) {
			assertThatNoException().as(name).isThrownBy(() -> {
				Class<?> type = Class.forName(name, false, loader);
				type.getDeclaredMethods();
				type.getDeclaredFields();
				type.getDeclaredConstructors();
			});
		}
	}

	private static List<String> servletOnlyClasses(Path classes) throws IOException {
		try (Stream<Path> files = Files.walk(classes)) {
			return files.filter((file) -> file.toString().endsWith(".class"))
				.map((file) -> classes.relativize(file).toString().replace(".class", "").replace('/', '.'))
				.filter((name) -> name.startsWith("io.github.mtlsclient."))
				.filter((name) -> !name.startsWith("io.github.mtlsclient.reactive."))
				.filter((name) -> !REACTIVE.contains(name.replaceAll("\\$.*", "")))
				.filter((name) -> !name.replaceAll("\\$.*", "").equals(WORKLOAD_API_STREAM))
				.sorted()
				.toList();
		}
	}

	/**
	 * Loads the starter's own classes itself, from its class folder, and everything else
	 * from the test's class path, except the reactive libraries, which it cannot find.
	 */
	private static final class WithoutReactiveClassLoader extends ClassLoader {

		private final Path classes;

		WithoutReactiveClassLoader(Path classes) {
			super(ServletOnlyClassLoadingTests.class.getClassLoader());
			this.classes = classes;
		}

		boolean canLoad(String name) {
			try {
				loadClass(name);
				return true;
			}
			catch (ClassNotFoundException ex) {
				return false;
			}
		}

		@Override
		protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
			if (MISSING.stream().anyMatch(name::startsWith)) {
				throw new ClassNotFoundException(name + " (not on the class path of a servlet-only application)");
			}
			synchronized (getClassLoadingLock(name)) {
				Class<?> loaded = findLoadedClass(name);
				if (loaded == null) {
					Path file = this.classes.resolve(name.replace('.', '/') + ".class");
					loaded = Files.isRegularFile(file) ? define(name, file) : super.loadClass(name, false);
				}
				if (resolve) {
					resolveClass(loaded);
				}
				return loaded;
			}
		}

		private Class<?> define(String name, Path file) throws ClassNotFoundException {
			try (InputStream in = Files.newInputStream(file)) {
				byte[] bytes = in.readAllBytes();
				return defineClass(name, bytes, 0, bytes.length);
			}
			catch (IOException ex) {
				throw new ClassNotFoundException(name, ex);
			}
		}

	}

}
