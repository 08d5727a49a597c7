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

import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundleKey;
import org.springframework.boot.ssl.SslBundles;

/**
 * TLS material taken from a Spring Boot SSL bundle ({@code spring.ssl.bundle.pem.*} or
 * {@code spring.ssl.bundle.jks.*}): the key entry of its key store and the certificates
 * of its trust store.
 *
 * @author mtls-client-spring-boot authors
 */
final class SslBundleMaterialSource implements TlsMaterialSource {

	private final MaterialProblem problem;

	private final String bundleName;

	private final SslBundles sslBundles;

	/**
	 * Create a new source.
	 * @param clientName the client name, for error messages
	 * @param bundleName the name of the SSL bundle
	 * @param sslBundles the application's SSL bundles
	 */
	SslBundleMaterialSource(String clientName, String bundleName, SslBundles sslBundles) {
		this.problem = new MaterialProblem(clientName);
		this.bundleName = bundleName;
		this.sslBundles = sslBundles;
	}

	/**
	 * The SSL bundle as it is now.
	 * @return the bundle
	 */
	SslBundle bundle() {
		try {
			return this.sslBundles.getBundle(this.bundleName);
		}
		catch (NoSuchSslBundleException ex) {
			throw this.problem.of("bundle", this.bundleName, "names no SSL bundle",
					"Define spring.ssl.bundle.pem." + this.bundleName + " or spring.ssl.bundle.jks."
							+ this.bundleName + ", or correct the name",
					ex);
		}
	}

	@Override
	public TlsMaterial load() {
		return load(bundle());
	}

	/**
	 * Take and validate the material of the given version of the bundle.
	 * @param bundle the bundle
	 * @return the material
	 */
	TlsMaterial load(SslBundle bundle) {
		try {
			KeyStore keyStore = bundle.getStores().getKeyStore();
			KeyStore trustStore = bundle.getStores().getTrustStore();
			PrivateKey privateKey = null;
			List<X509Certificate> chain = List.of();
			if (keyStore != null) {
				String alias = keyAlias(keyStore, bundle.getKey());
				char[] password = password(bundle);
				Key key = keyStore.getKey(alias, password);
				if (!(key instanceof PrivateKey)) {
					throw this.problem.of("bundle", this.bundleName, "key store entry '" + alias + "' has no private key",
							"Use a key store with a private key entry, or set spring.ssl.bundle.*." + this.bundleName
									+ ".key.alias",
							null);
				}
				privateKey = (PrivateKey) key;
				chain = x509(keyStore.getCertificateChain(alias));
			}
			List<X509Certificate> trusted = (trustStore != null) ? trustedCertificates(trustStore) : null;
			TlsMaterial material = new TlsMaterial(privateKey, chain, trusted);
			new TlsMaterialValidator(this.problem, "bundle", this.bundleName, "bundle", this.bundleName)
				.validate(material);
			return material;
		}
		catch (GeneralSecurityException ex) {
			throw this.problem.of("bundle", this.bundleName, "key material cannot be read (" + ex.getMessage() + ")",
					"Check the bundle's key store, key alias and key password", ex);
		}
	}

	private String keyAlias(KeyStore keyStore, SslBundleKey key) throws GeneralSecurityException {
		if (key.getAlias() != null) {
			if (!keyStore.isKeyEntry(key.getAlias())) {
				throw this.problem.of("bundle", this.bundleName, "key store has no key entry '" + key.getAlias() + "'",
						"Correct spring.ssl.bundle.*." + this.bundleName + ".key.alias", null);
			}
			return key.getAlias();
		}
		List<String> keyAliases = new ArrayList<>();
		for (String alias : Collections.list(keyStore.aliases())) {
			if (keyStore.isKeyEntry(alias)) {
				keyAliases.add(alias);
			}
		}
		if (keyAliases.size() != 1) {
			throw this.problem.of("bundle", this.bundleName,
					"key store has " + keyAliases.size() + " key entries " + keyAliases,
					"Set spring.ssl.bundle.*." + this.bundleName + ".key.alias to the one to present", null);
		}
		return keyAliases.get(0);
	}

	private static char[] password(SslBundle bundle) {
		String password = bundle.getKey().getPassword();
		if (password == null) {
			password = bundle.getStores().getKeyStorePassword();
		}
		return (password != null) ? password.toCharArray() : new char[0];
	}

	private static List<X509Certificate> trustedCertificates(KeyStore trustStore) throws GeneralSecurityException {
		List<X509Certificate> certificates = new ArrayList<>();
		for (String alias : Collections.list(trustStore.aliases())) {
			if (trustStore.getCertificate(alias) instanceof X509Certificate certificate) {
				certificates.add(certificate);
			}
		}
		return certificates;
	}

	private static List<X509Certificate> x509(Certificate @Nullable [] chain) {
		List<X509Certificate> certificates = new ArrayList<>();
		if (chain != null) {
			for (Certificate certificate : chain) {
				certificates.add((X509Certificate) certificate);
			}
		}
		return certificates;
	}

	@Override
	public String toString() {
		return "SSL bundle '" + this.bundleName + "'";
	}

}
