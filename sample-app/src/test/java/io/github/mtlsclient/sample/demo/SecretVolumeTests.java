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

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SecretVolume}.
 *
 * @author mtls-client-spring-boot authors
 */
class SecretVolumeTests {

	@TempDir
	Path dir;

	@Test
	void newVersionReplacesEveryFileThroughTheDataLink() throws Exception {
		SecretVolume volume = new SecretVolume(this.dir, true);
		volume.write(Map.of("tls.crt", "one", "tls.key", "one-key"));
		volume.write(Map.of("tls.crt", "two", "tls.key", "two-key"));
		assertThat(volume.file("tls.crt")).isSymbolicLink().hasContent("two");
		assertThat(volume.file("tls.key")).isSymbolicLink().hasContent("two-key");
		try (var entries = Files.list(this.dir)) {
			// ..data, one version folder, and the two links
			assertThat(entries).hasSize(4);
		}
	}

	@Test
	void withoutLinksTheFilesArePlainFilesReplacedInPlace() throws Exception {
		SecretVolume volume = new SecretVolume(this.dir, false);
		volume.write(Map.of("tls.crt", "one", "tls.key", "one-key"));
		volume.write(Map.of("tls.crt", "two", "tls.key", "two-key"));
		assertThat(volume.file("tls.crt")).isRegularFile().hasContent("two");
		assertThat(Files.isSymbolicLink(volume.file("tls.crt"))).isFalse();
		try (var entries = Files.list(this.dir)) {
			assertThat(entries).extracting((path) -> path.getFileName().toString())
				.containsExactlyInAnyOrder("tls.crt", "tls.key");
		}
	}

}
