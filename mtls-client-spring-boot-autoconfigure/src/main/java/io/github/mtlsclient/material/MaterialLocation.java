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
package io.github.mtlsclient.material;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.mtlsclient.InvalidMtlsClientException;

import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;

/**
 * Decides whether a material location ({@code certificate}, {@code private-key},
 * {@code trust.certificates}) may be read, and reads it within bounds. Only
 * {@code file:}, {@code classpath:} and plain paths are read, and on disk only regular
 * files of at most {@link #MAX_SIZE} bytes: a URL would fetch trust anchors and keys over
 * a network anyone on the path can tamper with, and a FIFO, a device or
 * {@code /dev/stdin} would block startup or never end. Files are checked by their
 * attributes before they are opened.
 *
 * @author mtls-client-spring-boot authors
 */
public final class MaterialLocation {

	/**
	 * The largest file read: a PEM chain is a few KiB, a large CA bundle a few hundred.
	 */
	public static final int MAX_SIZE = 1024 * 1024;

	// Two letters at least: "C:\certs\client.pem" is a Windows path, not a URL.
	private static final Pattern SCHEME = Pattern.compile("^([a-zA-Z][a-zA-Z0-9+.-]+):");

	private static final Pattern HIERARCHICAL = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*://");

	private static final Set<String> READ_SCHEMES = Set.of("file", "classpath");

	private static final Set<String> NETWORK_SCHEMES = Set.of("http", "https", "ftp", "ftps", "sftp", "ldap",
			"ldaps", "ws", "wss");

	private MaterialLocation() {
	}

	/**
	 * Check a location before anything reads it: its scheme and, for a file, its
	 * attributes. Never opens the file.
	 * @param clientName the client name, for error messages
	 * @param key the key under {@code mtls.clients.<name>}, e.g. {@code private-key}
	 * @param location the location
	 * @param resourceLoader the loader that resolves locations
	 * @throws InvalidMtlsClientException if the location may not be read
	 */
	public static void check(String clientName, String key, String location, ResourceLoader resourceLoader) {
		resolve(new MaterialProblem(clientName), key, location, resourceLoader);
	}

	/**
	 * Read a location as UTF-8 text after the same checks as
	 * {@link #check(String, String, String, ResourceLoader)}, never more than
	 * {@link #MAX_SIZE} bytes.
	 */
	static String read(MaterialProblem problem, String key, String location, ResourceLoader resourceLoader) {
		Resource resource = resolve(problem, key, location, resourceLoader);
		try (InputStream in = resource.getInputStream()) {
			// One byte more than allowed tells a file at the limit from a larger one.
			byte[] bytes = in.readNBytes(MAX_SIZE + 1);
			if (bytes.length > MAX_SIZE) {
				throw tooLarge(problem, key, location);
			}
			String text = new String(bytes, StandardCharsets.UTF_8);
			if (text.isBlank()) {
				throw problem.of(key, location, "is empty", "Write the PEM content to the file", null);
			}
			return text;
		}
		catch (FileNotFoundException ex) {
			throw problem.of(key, location, "does not exist or cannot be read (" + ex.getMessage() + ")",
					"Check the path and the file's permissions", ex);
		}
		catch (IOException ex) {
			throw problem.of(key, location, "cannot be read (" + ex.getMessage() + ")",
					"Check the path and the file's permissions", ex);
		}
	}

	private static Resource resolve(MaterialProblem problem, String key, String location,
			ResourceLoader resourceLoader) {
		checkScheme(problem, key, location);
		Resource resource = resourceLoader.getResource(location);
		if (resource.isFile()) {
			checkFile(problem, key, location, resource);
		}
		return resource;
	}

	private static void checkScheme(MaterialProblem problem, String key, String location) {
		Matcher matcher = SCHEME.matcher(location);
		if (!matcher.find()) {
			return;
		}
		String scheme = matcher.group(1).toLowerCase(Locale.ROOT);
		if (READ_SCHEMES.contains(scheme)) {
			return;
		}
		String why = NETWORK_SCHEMES.contains(scheme)
				? ": certificates and keys fetched over a network can be swapped by anyone on the path"
				: ": it is neither a local file nor a resource of the application";
		throw problem.of(key, withoutSecrets(location),
				"is a '" + scheme + ":' URL, and only file:, classpath: and plain paths are read" + why,
				"Put the PEM file on the local file system (e.g. a mounted Kubernetes secret) and set its path; "
						+ "for a file name with a colon, write file:<path> or ./<path>",
				null);
	}

	private static void checkFile(MaterialProblem problem, String key, String location, Resource resource) {
		Path path;
		BasicFileAttributes attributes;
		try {
			path = resource.getFile().toPath();
			// Follows symbolic links (Kubernetes secret volumes are made of them), and
			// reads attributes only: opening a FIFO would block until a writer comes.
			attributes = Files.readAttributes(path, BasicFileAttributes.class);
		}
		catch (NoSuchFileException | FileNotFoundException ex) {
			throw problem.of(key, location, "does not exist",
					"Check the path; plain paths are file paths, use classpath: for resources", null);
		}
		catch (IOException ex) {
			// Not a plain file after all: reading it reports what is wrong.
			return;
		}
		if (attributes.isDirectory()) {
			throw problem.of(key, location, "is a directory, not a file",
					"Point it at the PEM file inside the directory", null);
		}
		if (!attributes.isRegularFile()) {
			throw problem.of(key, location,
					"is not a regular file (a FIFO, a device, a socket or a stream such as /dev/stdin): "
							+ "reading it could block startup or never end",
					"Point it at a PEM file", null);
		}
		if (attributes.size() > MAX_SIZE) {
			throw tooLarge(problem, key, location);
		}
		if (!Files.isReadable(path)) {
			throw problem.of(key, location, "is not readable by this process",
					"Give the user running the application read permission on the file", null);
		}
	}

	private static InvalidMtlsClientException tooLarge(MaterialProblem problem, String key, String location) {
		return problem.of(key, location, "is larger than 1 MiB, far more than any PEM certificate or key",
				"Point it at the PEM file itself, not an archive, a log or a disk image", null);
	}

	/**
	 * A URL as it may be shown: without user info, query or fragment, which may hold
	 * credentials, and only the scheme of an opaque URL, which may hold the material
	 * itself ({@code base64:}).
	 */
	private static String withoutSecrets(String url) {
		Matcher hierarchical = HIERARCHICAL.matcher(url);
		if (!hierarchical.find()) {
			return url.substring(0, url.indexOf(':') + 1) + "...";
		}
		String authorityAndRest = url.substring(hierarchical.end()).replaceFirst("[?#].*$", "");
		return hierarchical.group() + authorityAndRest.replaceFirst("^[^/]*@", "");
	}

}
