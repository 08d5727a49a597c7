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
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.Set;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Claims the folder of the demo PKI for the user who runs the sample. The default
 * folder is in the shared temporary directory, where any other user of the machine could
 * have made it first, to plant a CA of theirs or to read the keys made there. So the
 * folder is made readable by its owner only ({@code 0700} where the file system has
 * POSIX permissions), and one that belongs to another user is never used: a fresh
 * private folder is taken instead, and the log says why.
 *
 * @author mtls-client-spring-boot authors
 */
final class PrivateFolder {

	private static final Log logger = LogFactory.getLog(PrivateFolder.class);

	private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

	private PrivateFolder() {
	}

	/**
	 * Make the folder, or take it as it is when the current user owns it, readable by
	 * that user only either way.
	 * @param dir the folder wanted
	 * @return {@code dir}, or a fresh private folder when {@code dir} belongs to someone
	 * else
	 */
	static Path claim(Path dir) {
		try {
			if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
				Path parent = dir.toAbsolutePath().getParent();
				if (parent != null) {
					Files.createDirectories(parent);
				}
				try {
					Files.createDirectory(dir, ownerOnlyAttributes(parent));
				}
				catch (FileAlreadyExistsException ex) {
					// Someone made it in the meantime: judged below like any existing one.
				}
			}
			String owner = foreignOwner(dir);
			if (owner != null) {
				// Made 0700 where the file system has POSIX permissions.
				Path fresh = Files.createTempDirectory("mtls-sample-pki-");
				logger.warn(("The demo PKI folder %s belongs to %s, not to you: another user could have planted "
						+ "a CA there or could read the keys made there, so it is not used. Using %s instead; "
						+ "to keep the demo's certificates across restarts, remove %s or set sample.pki.dir to a "
						+ "folder of yours")
					.formatted(dir.toAbsolutePath(), owner, fresh, dir.toAbsolutePath()));
				return fresh;
			}
			if (!Files.isDirectory(dir)) {
				throw new IllegalStateException("The demo PKI folder %s (sample.pki.dir) is not a folder: remove it "
					.formatted(dir.toAbsolutePath()) + "or set sample.pki.dir to another path");
			}
			restrictToOwner(dir);
			return dir;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot make the demo PKI folder %s (sample.pki.dir) private to you"
				.formatted(dir.toAbsolutePath()), ex);
		}
	}

	// The owner of the folder, and of what a link there points to, when not the current
	// user; null when it is (or where the file system knows no owners).
	private static String foreignOwner(Path dir) throws IOException {
		try {
			UserPrincipal me = currentUser();
			UserPrincipal owner = Files.getOwner(dir, LinkOption.NOFOLLOW_LINKS);
			if (!owner.equals(me)) {
				return "'" + owner.getName() + "'";
			}
			UserPrincipal target = Files.getOwner(dir);
			return target.equals(me) ? null : "'" + target.getName() + "' (through the link " + dir + ")";
		}
		catch (UnsupportedOperationException ex) {
			return null;
		}
	}

	// Whoever owns a file the process makes: right also where the user has no name
	// (a container running under an arbitrary uid).
	private static UserPrincipal currentUser() throws IOException {
		Path probe = Files.createTempFile("mtls-sample-owner-", ".probe");
		try {
			return Files.getOwner(probe);
		}
		finally {
			Files.delete(probe);
		}
	}

	private static void restrictToOwner(Path dir) throws IOException {
		if (posix(dir) && !Files.getPosixFilePermissions(dir).equals(OWNER_ONLY)) {
			Files.setPosixFilePermissions(dir, OWNER_ONLY);
			logger.info("Made the demo PKI folder %s readable by its owner only".formatted(dir.toAbsolutePath()));
		}
	}

	private static FileAttribute<?>[] ownerOnlyAttributes(Path parent) throws IOException {
		if (parent != null && posix(parent)) {
			return new FileAttribute<?>[] { PosixFilePermissions.asFileAttribute(OWNER_ONLY) };
		}
		return new FileAttribute<?>[0];
	}

	private static boolean posix(Path path) throws IOException {
		return Files.getFileStore(path).supportsFileAttributeView("posix");
	}

}
