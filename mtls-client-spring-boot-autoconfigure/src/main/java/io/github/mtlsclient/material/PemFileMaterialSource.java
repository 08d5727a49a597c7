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

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import io.github.mtlsclient.InvalidMtlsClientException;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.ssl.pem.PemContent;
import org.springframework.core.io.ResourceLoader;

/**
 * TLS material read from PEM files: {@code certificate}, {@code private-key} and
 * {@code trust.certificates}. Which locations may be read, and how much of them, is
 * {@link MaterialLocation}'s decision; parsing is Spring Boot's own ({@link PemContent}).
 *
 * @author mtls-client-spring-boot authors
 */
final class PemFileMaterialSource implements TlsMaterialSource {

	private static final Pattern PRIVATE_KEY_HEADER = Pattern.compile("-+BEGIN\\s+[^-]*PRIVATE KEY-+");

	private static final Pattern ENCRYPTED_KEY_HEADER = Pattern.compile("-+BEGIN\\s+ENCRYPTED PRIVATE KEY-+");

	private final MaterialProblem problem;

	private final @Nullable String certificateLocation;

	private final @Nullable String privateKeyLocation;

	private final @Nullable String privateKeyPassword;

	private final List<String> trustLocations;

	private final ResourceLoader resourceLoader;

	/**
	 * Create a new source.
	 * @param clientName the client name, for error messages
	 * @param certificateLocation the certificate chain location, or {@code null}
	 * @param privateKeyLocation the private key location, or {@code null}
	 * @param privateKeyPassword the private key password, or {@code null}
	 * @param trustLocations the trusted certificate locations; empty for the JDK's
	 * defaults
	 * @param resourceLoader the loader that resolves locations
	 */
	PemFileMaterialSource(String clientName, @Nullable String certificateLocation,
			@Nullable String privateKeyLocation, @Nullable String privateKeyPassword, List<String> trustLocations,
			ResourceLoader resourceLoader) {
		this.problem = new MaterialProblem(clientName);
		this.certificateLocation = certificateLocation;
		this.privateKeyLocation = privateKeyLocation;
		this.privateKeyPassword = privateKeyPassword;
		this.trustLocations = List.copyOf(trustLocations);
		this.resourceLoader = resourceLoader;
	}

	@Override
	public TlsMaterial load() {
		List<X509Certificate> chain = List.of();
		PrivateKey privateKey = null;
		if (this.certificateLocation != null) {
			chain = certificates("certificate", this.certificateLocation);
			privateKey = privateKey(this.privateKeyLocation);
		}
		List<X509Certificate> trusted = null;
		if (!this.trustLocations.isEmpty()) {
			trusted = new ArrayList<>();
			for (String location : this.trustLocations) {
				trusted.addAll(certificates("trust.certificates", location));
			}
		}
		TlsMaterial material = new TlsMaterial(privateKey, chain, trusted);
		new TlsMaterialValidator(this.problem, "certificate", this.certificateLocation, "private-key",
				this.privateKeyLocation)
			.validate(material);
		return material;
	}

	private List<X509Certificate> certificates(String key, String location) {
		String text = read(key, location);
		try {
			List<X509Certificate> certificates = PemContent.of(text).getCertificates();
			if (certificates.isEmpty()) {
				throw new IllegalStateException("no certificate found");
			}
			return certificates;
		}
		catch (RuntimeException ex) {
			throw this.problem.of(key, location,
					"contains no readable PEM certificate: not PEM, truncated, or another kind of file ("
							+ ex.getMessage() + ")",
					"Point it at a PEM file with '-----BEGIN CERTIFICATE-----' blocks, leaf first", ex);
		}
	}

	private PrivateKey privateKey(@Nullable String location) {
		if (location == null) {
			throw this.problem.of("private-key", null, "is not set, but 'certificate' is",
					"Set both 'certificate' and 'private-key', or neither", null);
		}
		String text = read("private-key", location);
		long keys = PRIVATE_KEY_HEADER.matcher(text).results().count();
		if (keys > 1) {
			throw this.problem.of("private-key", location, "holds " + keys + " private keys",
					"Keep only the key that belongs to the certificate in the file", null);
		}
		boolean encrypted = ENCRYPTED_KEY_HEADER.matcher(text).find();
		if (encrypted && this.privateKeyPassword == null) {
			throw this.problem.of("private-key", location, "is encrypted and no password is set",
					"Set 'private-key-password'", null);
		}
		try {
			PrivateKey key = PemContent.of(text).getPrivateKey(encrypted ? this.privateKeyPassword : null);
			if (key == null) {
				throw new IllegalStateException("no private key found");
			}
			return key;
		}
		catch (RuntimeException ex) {
			if (encrypted) {
				throw this.problem.of("private-key", location,
						"cannot be decrypted with the configured password (wrong password?)",
						"Check 'private-key-password'", null);
			}
			throw this.problem.of("private-key", location,
					"contains no readable PEM private key: not PEM, truncated, or another kind of file ("
							+ ex.getMessage() + ")",
					"Point it at a PEM PKCS#8, encrypted PKCS#8, PKCS#1 RSA or SEC1 EC private key", ex);
		}
	}

	private String read(String key, String location) {
		return MaterialLocation.read(this.problem, key, location, this.resourceLoader);
	}

	@Override
	public String toString() {
		return "PEM files [certificate=%s, private-key=%s, trust=%s]".formatted(this.certificateLocation,
				this.privateKeyLocation, this.trustLocations);
	}

}
