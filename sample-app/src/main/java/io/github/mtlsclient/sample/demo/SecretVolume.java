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

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A folder laid out the way the kubelet lays out a secret volume, and updated the way
 * it updates one, so the demo rotates certificates exactly as a cluster would:
 * <pre class="code">
 * trusted/..2026_11_26_10_00_00.123456789/tls.crt   the files of one version
 * trusted/..data -&gt; ..2026_11_26_10_00_00.123456789
 * trusted/tls.crt -&gt; ..data/tls.crt                 what the application reads
 * </pre> A new version goes into a new timestamped folder; a {@code ..data_tmp} link to
 * it is then renamed over {@code ..data} in one atomic step, so a reader sees either
 * every old file or every new one, never a new certificate with an old key. Where the
 * file system has no symbolic links (Windows without developer mode) the files are
 * plain files, each replaced by a rename.
 *
 * @author mtls-client-spring-boot authors
 */
final class SecretVolume {

	static final String CERTIFICATE = "tls.crt";

	static final String PRIVATE_KEY = "tls.key";

	private static final String DATA = "..data";

	private static final String DATA_TMP = "..data_tmp";

	private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter
		.ofPattern("'..'yyyy_MM_dd_HH_mm_ss.SSSSSSSSS");

	private final Path dir;

	private final boolean links;

	SecretVolume(Path dir, boolean links) {
		this.dir = dir;
		this.links = links;
	}

	/**
	 * A secret volume in the given folder, with links where the file system has them.
	 * @param dir the folder
	 * @return the volume
	 */
	static SecretVolume in(Path dir) {
		return new SecretVolume(dir, supportsLinks(dir));
	}

	/**
	 * The path of a file as an application reads it.
	 * @param name the file name
	 * @return {@code <dir>/<name>}
	 */
	Path file(String name) {
		return this.dir.resolve(name);
	}

	/**
	 * Write a new version of the files and make it the current one in a single step.
	 * @param files the content of each file by name
	 */
	synchronized void write(Map<String, String> files) {
		try {
			Files.createDirectories(this.dir);
			if (this.links) {
				writeLinked(files);
			}
			else {
				writePlain(files);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot write the demo secret folder " + this.dir, ex);
		}
	}

	private void writeLinked(Map<String, String> files) throws IOException {
		Path version = newVersionFolder();
		for (Map.Entry<String, String> file : files.entrySet()) {
			Pem.write(version.resolve(file.getKey()), file.getValue());
		}
		Path dataTmp = this.dir.resolve(DATA_TMP);
		Files.deleteIfExists(dataTmp);
		Files.createSymbolicLink(dataTmp, version.getFileName());
		// rename(2) replaces the old link atomically: the one step that rotates.
		Files.move(dataTmp, this.dir.resolve(DATA), StandardCopyOption.ATOMIC_MOVE);
		for (String name : files.keySet()) {
			Path link = this.dir.resolve(name);
			if (!Files.isSymbolicLink(link)) {
				Files.deleteIfExists(link);
				Files.createSymbolicLink(link, Path.of(DATA, name));
			}
		}
		deleteVersionsOtherThan(version);
	}

	private void writePlain(Map<String, String> files) throws IOException {
		for (Map.Entry<String, String> file : files.entrySet()) {
			Path tmp = this.dir.resolve(file.getKey() + ".tmp");
			Pem.write(tmp, file.getValue());
			Files.move(tmp, this.dir.resolve(file.getKey()), StandardCopyOption.REPLACE_EXISTING,
					StandardCopyOption.ATOMIC_MOVE);
		}
	}

	private Path newVersionFolder() throws IOException {
		while (true) {
			try {
				return Files.createDirectory(this.dir.resolve(LocalDateTime.now(ZoneOffset.UTC).format(TIMESTAMP)));
			}
			catch (FileAlreadyExistsException ex) {
				// Two versions within the clock's resolution: take the next instant.
			}
		}
	}

	private void deleteVersionsOtherThan(Path current) throws IOException {
		List<Path> stale;
		try (Stream<Path> entries = Files.list(this.dir)) {
			stale = entries.filter((entry) -> entry.getFileName().toString().startsWith(".."))
				.filter((entry) -> Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS))
				.filter((entry) -> !entry.equals(current))
				.toList();
		}
		for (Path folder : stale) {
			try (Stream<Path> paths = Files.walk(folder)) {
				for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
					Files.delete(path);
				}
			}
		}
	}

	private static boolean supportsLinks(Path dir) {
		try {
			Files.createDirectories(dir);
			Path probe = dir.resolve("..link_probe");
			Files.deleteIfExists(probe);
			Files.createSymbolicLink(probe, Path.of("."));
			Files.delete(probe);
			return true;
		}
		catch (UnsupportedOperationException | FileSystemException ex) {
			return false;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot use " + dir + " for the demo PKI", ex);
		}
	}

}
