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
package io.github.mtlsclient.reload;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

import io.github.mtlsclient.material.MaterialLocation;
import org.jspecify.annotations.Nullable;

/**
 * The content of one watched file, read without trusting the file: only a regular file
 * of at most {@value #MAX_SIZE} bytes is read. Anything else (a FIFO, a device such as
 * {@code /dev/stdin}, a folder, a huge file) is unusable and never opened: reading a FIFO
 * would block the watcher thread until someone writes to it, a device may never end.
 *
 * @author mtls-client-spring-boot authors
 */
final class MaterialFile {

	/**
	 * The largest file read, the same limit as at load time.
	 */
	static final int MAX_SIZE = MaterialLocation.MAX_SIZE;

	private static final MaterialFile MISSING = new MaterialFile(State.MISSING, null);

	private static final MaterialFile UNUSABLE = new MaterialFile(State.UNUSABLE, null);

	private final State state;

	private final byte @Nullable [] content;

	private MaterialFile(State state, byte @Nullable [] content) {
		this.state = state;
		this.content = content;
	}

	/**
	 * Read a file, following links.
	 * @param file the file
	 * @return what was found
	 */
	static MaterialFile read(Path file) {
		BasicFileAttributes attributes;
		try {
			attributes = Files.readAttributes(file, BasicFileAttributes.class);
		}
		catch (IOException | RuntimeException ex) {
			return MISSING;
		}
		if (!attributes.isRegularFile() || attributes.size() > MAX_SIZE) {
			return UNUSABLE;
		}
		try (InputStream input = Files.newInputStream(file)) {
			// Bounded even if the file grows between the check and the read.
			byte[] content = input.readNBytes(MAX_SIZE + 1);
			return (content.length <= MAX_SIZE) ? new MaterialFile(State.READ, content) : UNUSABLE;
		}
		catch (IOException | RuntimeException ex) {
			return MISSING;
		}
	}

	/**
	 * What was found.
	 * @return the state
	 */
	State state() {
		return this.state;
	}

	/**
	 * The content of a file that was read.
	 * @return the bytes, or {@code null} unless {@link State#READ}
	 */
	byte @Nullable [] content() {
		return this.content;
	}

	/**
	 * What was found at a file's path.
	 */
	enum State {

		/**
		 * No file, or one that cannot be read (permissions, a broken link).
		 */
		MISSING,

		/**
		 * Not a regular file, or larger than {@link #MAX_SIZE}: never read.
		 */
		UNUSABLE,

		/**
		 * A regular file, read whole.
		 */
		READ

	}

}
