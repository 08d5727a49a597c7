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

package io.github.mtlsclient.benchmarks.pki;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * A folder laid out like a Kubernetes secret volume and rotated the way the kubelet
 * rotates it: each version is written to a new hidden folder, then a {@code ..data}
 * link is renamed over the old one in one atomic step. The file names are links through
 * {@code ..data}, so a reader sees either all old files or all new ones.
 *
 * @author mtls-client-spring-boot authors
 */
public final class SecretVolume {

	private static final String DATA = "..data";

	private final Path dir;

	private int version;

	private SecretVolume(Path dir) {
		this.dir = dir;
	}

	/**
	 * Create the volume with its first version.
	 * @param dir the mount folder
	 * @param files content by file name
	 * @return the volume
	 */
	public static SecretVolume create(Path dir, Map<String, String> files) {
		SecretVolume volume = new SecretVolume(dir);
		try {
			Path first = volume.writeVersion(files);
			Files.createSymbolicLink(dir.resolve(DATA), first.getFileName());
			for (String name : files.keySet()) {
				Files.createSymbolicLink(dir.resolve(name), Path.of(DATA, name));
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return volume;
	}

	/**
	 * A file of the volume, as an application mounts it.
	 * @param name the file name
	 * @return the path through the links
	 */
	public Path file(String name) {
		return this.dir.resolve(name);
	}

	/**
	 * Write a new version and swap {@code ..data} to it atomically.
	 * @param files content by file name, the same names as before
	 */
	public void swap(Map<String, String> files) {
		try {
			Path next = writeVersion(files);
			Path tmp = this.dir.resolve("..data_tmp");
			Files.deleteIfExists(tmp);
			Files.createSymbolicLink(tmp, next.getFileName());
			Files.move(tmp, this.dir.resolve(DATA), StandardCopyOption.ATOMIC_MOVE);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private Path writeVersion(Map<String, String> files) throws IOException {
		Path folder = this.dir.resolve("..version_" + (++this.version));
		Files.createDirectories(folder);
		for (Map.Entry<String, String> file : files.entrySet()) {
			if (file.getKey().endsWith(".key")) {
				PkiFiles.writeSecret(folder.resolve(file.getKey()), file.getValue());
			}
			else {
				PkiFiles.write(folder.resolve(file.getKey()), file.getValue());
			}
		}
		return folder;
	}

}
