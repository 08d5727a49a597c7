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

package io.github.mtlsclient.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link KubernetesSecretDirectory}; the layout and the swap are tested with
 * the watcher that reads them, in the autoconfigure module's {@code MaterialWatcherTests}.
 *
 * @author mtls-client-spring-boot authors
 */
class KubernetesSecretDirectoryTests {

	@TempDir
	Path dir;

	@Test
	void updateLinksNewNamesAndUnlinksRemovedOnes() throws Exception {
		KubernetesSecretDirectory secret = KubernetesSecretDirectory.create(this.dir,
				Map.of("tls.crt", "cert-1", "tls.key", "key-1"));
		secret.update(Map.of("tls.crt", "cert-2", "ca.crt", "ca-2"));
		assertThat(this.dir.resolve("tls.key")).doesNotExist();
		assertThat(Files.isSymbolicLink(this.dir.resolve("tls.key"))).isFalse();
		assertThat(secret.file("ca.crt")).hasContent("ca-2");
	}

	@Test
	void fileModeAppliesToEveryFileOfEveryVersion() throws Exception {
		Set<PosixFilePermission> ownerOnly = PosixFilePermissions.fromString("rw-------");
		KubernetesSecretDirectory secret = KubernetesSecretDirectory.create(this.dir,
				Map.of("tls.crt", "cert-1", "tls.key", "key-1"), ownerOnly);
		assertThat(Files.getPosixFilePermissions(secret.file("tls.crt"))).isEqualTo(ownerOnly);
		assertThat(Files.getPosixFilePermissions(secret.file("tls.key"))).isEqualTo(ownerOnly);
		secret.update(Map.of("tls.crt", "cert-2", "tls.key", "key-2"));
		assertThat(Files.getPosixFilePermissions(secret.file("tls.crt"))).isEqualTo(ownerOnly);
		assertThat(Files.getPosixFilePermissions(secret.file("tls.key"))).isEqualTo(ownerOnly);
	}

}
