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

package io.github.mtlsclient.benchmarks.client;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The machine's {@code node} and the benchmark's {@code node} folder, with undici
 * installed into that folder by {@code npm ci} from the committed lock file the first
 * time it is needed.
 *
 * @param node the node executable
 * @param dir the benchmark's node folder
 * @author mtls-client-spring-boot authors
 */
public record NodeRuntime(Path node, Path dir) {

	Path script() {
		return this.dir.resolve("bench.mjs");
	}

	/**
	 * Find node and make sure undici is installed.
	 * @param dir the benchmark's node folder
	 * @param log where to say why client 6 cannot run
	 * @return the runtime, or empty when node or undici cannot be had
	 */
	public static Optional<NodeRuntime> prepare(Path dir, java.util.function.Consumer<String> log) {
		Optional<Path> node = onPath("node");
		if (node.isEmpty()) {
			log.accept("node is not installed: client 6 (undici) is left out");
			return Optional.empty();
		}
		if (!Files.isRegularFile(dir.resolve("node_modules/undici/package.json"))) {
			Optional<Path> npm = onPath("npm");
			if (npm.isEmpty() || !npmCi(npm.get(), dir)) {
				log.accept("undici could not be installed with npm ci in " + dir + ": client 6 is left out");
				return Optional.empty();
			}
		}
		return Optional.of(new NodeRuntime(node.get(), dir));
	}

	private static boolean npmCi(Path npm, Path dir) {
		try {
			Process process = new ProcessBuilder(npm.toString(), "ci", "--no-audit", "--no-fund", "--loglevel=error")
				.directory(dir.toFile())
				.inheritIO()
				.start();
			return process.waitFor(180, TimeUnit.SECONDS) && process.exitValue() == 0;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	static Optional<Path> onPath(String name) {
		return Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
			.filter((entry) -> !entry.isEmpty())
			.map((entry) -> Path.of(entry, name))
			.filter(Files::isExecutable)
			.findFirst();
	}

	/**
	 * The node version, for the results.
	 * @return the version, such as {@code v20.20.2}
	 */
	public String version() {
		try {
			Process process = new ProcessBuilder(this.node.toString(), "--version").redirectErrorStream(true).start();
			return new String(process.getInputStream().readAllBytes()).trim();
		}
		catch (IOException ex) {
			return "unknown";
		}
	}

}
