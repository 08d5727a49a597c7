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
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The ways tools rewrite certificate files, for rotation tests.
 *
 * @author mtls-client-spring-boot authors
 */
public final class TestFiles {

	private TestFiles() {
	}

	/**
	 * Overwrite a file in place (truncate, then write), as {@code cp} or a script does.
	 * @param file the file
	 * @param content the new content
	 */
	public static void overwrite(Path file, String content) {
		try {
			Files.writeString(file, content);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Write a temporary file beside the file and rename it over the file, as
	 * cert-manager, Vault agent and most careful tools do.
	 * @param file the file
	 * @param content the new content
	 */
	public static void replaceByRename(Path file, String content) {
		Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
		overwrite(temporary, content);
		try {
			Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
