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

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

/**
 * A folder laid out like a Kubernetes secret volume, updated the way the kubelet's
 * atomic writer updates it. The files live in a timestamped folder such as
 * {@code ..2026_11_26_10_00_00.1}; {@code ..data} is a relative link to that folder and
 * each file name is a relative link to {@code ..data/<name>}: <pre class="code">
 * dir/..2026_11_26_10_00_00.1/tls.crt
 * dir/..data -&gt; ..2026_11_26_10_00_00.1
 * dir/tls.crt -&gt; ..data/tls.crt
 * </pre> An {@link #update(Map) update} writes a new timestamped folder, links
 * {@code ..data_tmp} to it, renames {@code ..data_tmp} over {@code ..data} in one
 * atomic step and then deletes the previous folder.
 *
 * @author mtls-client-spring-boot authors
 */
public final class KubernetesSecretDirectory {

	private static final String DATA = "..data";

	private static final String DATA_TMP = "..data_tmp";

	private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy_MM_dd_HH_mm_ss");

	private static final AtomicLong counter = new AtomicLong();

	private final Path dir;

	private final @Nullable Set<PosixFilePermission> fileMode;

	private final Set<String> names = new LinkedHashSet<>();

	private @Nullable Path current;

	private KubernetesSecretDirectory(Path dir, @Nullable Set<PosixFilePermission> fileMode) {
		this.dir = dir;
		this.fileMode = fileMode;
	}

	/**
	 * Create the folder, if needed, and write the first version of the files.
	 * @param dir the folder, the mount point of the secret volume
	 * @param files the content of each file by file name
	 * @return the secret folder
	 */
	public static KubernetesSecretDirectory create(Path dir, Map<String, String> files) {
		return create(dir, files, null);
	}

	/**
	 * Create the folder, if needed, and write the first version of the files, each with
	 * the given permissions, as a secret volume's {@code defaultMode} sets them: for
	 * readers that warn about a key others can read.
	 * @param dir the folder, the mount point of the secret volume
	 * @param files the content of each file by file name
	 * @param fileMode the permissions of every file, in every version; {@code null}
	 * for the process's default
	 * @return the secret folder
	 */
	public static KubernetesSecretDirectory create(Path dir, Map<String, String> files,
			@Nullable Set<PosixFilePermission> fileMode) {
		try {
			Files.createDirectories(dir);
			KubernetesSecretDirectory secret = new KubernetesSecretDirectory(dir, fileMode);
			Path first = secret.writeVersion(files);
			Files.createSymbolicLink(dir.resolve(DATA), first.getFileName());
			secret.current = first;
			secret.linkNames(files.keySet());
			return secret;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Write a new version of the files as the kubelet does: a new timestamped folder,
	 * an atomic swap of the {@code ..data} link, then removal of the previous folder.
	 * Names that are no longer present lose their link, new names get one.
	 * @param files the content of each file by file name
	 */
	public void update(Map<String, String> files) {
		try {
			Path previous = this.current;
			Path next = writeVersion(files);
			Path dataTmp = this.dir.resolve(DATA_TMP);
			Files.deleteIfExists(dataTmp);
			Files.createSymbolicLink(dataTmp, next.getFileName());
			// rename(2) of a link over a link: readers see the old or the new folder
			Files.move(dataTmp, this.dir.resolve(DATA), StandardCopyOption.ATOMIC_MOVE);
			this.current = next;
			linkNames(files.keySet());
			if (previous != null) {
				deleteRecursively(previous);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Return the path of a file as an application sees it, the link
	 * {@code <dir>/<name>}.
	 * @param name the file name
	 * @return the path of the file
	 */
	public Path file(String name) {
		return this.dir.resolve(name);
	}

	private void linkNames(Set<String> newNames) throws IOException {
		for (String name : newNames) {
			if (this.names.add(name)) {
				Files.createSymbolicLink(this.dir.resolve(name), Path.of(DATA, name));
			}
		}
		for (String name : Set.copyOf(this.names)) {
			if (!newNames.contains(name)) {
				Files.deleteIfExists(this.dir.resolve(name));
				this.names.remove(name);
			}
		}
	}

	private Path writeVersion(Map<String, String> files) throws IOException {
		String timestamp = LocalDateTime.now(ZoneOffset.UTC).format(TIMESTAMP);
		Path version = Files.createDirectory(this.dir.resolve(".." + timestamp + "." + counter.incrementAndGet()));
		for (Map.Entry<String, String> file : files.entrySet()) {
			Path written = Files.writeString(version.resolve(file.getKey()), file.getValue(), StandardCharsets.UTF_8);
			if (this.fileMode != null) {
				Files.setPosixFilePermissions(written, this.fileMode);
			}
		}
		return version;
	}

	private static void deleteRecursively(Path folder) throws IOException {
		try (Stream<Path> paths = Files.walk(folder)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.delete(path);
			}
		}
	}

}
