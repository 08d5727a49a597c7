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

package io.github.mtlsclient.benchmarks;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the {@code benchmarks} folder from where this code was loaded
 * ({@code benchmarks/target/benchmarks.jar} or {@code benchmarks/target/classes}), so
 * the run works from any working directory.
 *
 * @author mtls-client-spring-boot authors
 */
final class ModuleDirectory {

	private ModuleDirectory() {
	}

	static Path find() {
		try {
			Path loadedFrom = Path.of(ModuleDirectory.class.getProtectionDomain().getCodeSource().getLocation().toURI());
			Path module = loadedFrom.getParent().getParent();
			if (!Files.isDirectory(module.resolve("node"))) {
				throw new IllegalStateException("Cannot find the benchmarks folder above " + loadedFrom);
			}
			return module;
		}
		catch (URISyntaxException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
