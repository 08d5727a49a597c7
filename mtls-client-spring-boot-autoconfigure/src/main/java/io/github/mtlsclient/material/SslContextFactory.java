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

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

import org.jspecify.annotations.Nullable;

/**
 * Turns a {@link TlsMaterial} snapshot into an {@link SSLContext}. Every snapshot gets
 * its own context, and so its own TLS session cache: sessions made with one identity
 * are never resumed with another.
 *
 * @author mtls-client-spring-boot authors
 */
final class SslContextFactory {

	private final boolean insecureTrustAll;

	private final boolean includeSystemCas;

	/**
	 * Create a new factory.
	 * @param insecureTrustAll whether to accept any server certificate
	 * @param includeSystemCas whether to trust the JDK's default certificate
	 * authorities in addition to the material's trusted certificates
	 */
	SslContextFactory(boolean insecureTrustAll, boolean includeSystemCas) {
		this.insecureTrustAll = insecureTrustAll;
		this.includeSystemCas = includeSystemCas;
	}

	/**
	 * Make the snapshot of one generation of material: a context that presents the
	 * material's identity and trusts its trusted certificates, with the managers it
	 * was made from.
	 * @param generation the generation
	 * @param material the material, validated
	 * @return the snapshot
	 */
	IdentitySnapshot snapshot(long generation, TlsMaterial material) {
		try {
			SingleIdentityKeyManager keyManager = (material.privateKey() != null
					&& !material.certificateChain().isEmpty())
							? new SingleIdentityKeyManager(material.privateKey(), material.certificateChain()) : null;
			TrustManager[] trustManagers = trustManagers(material);
			SSLContext context = SSLContext.getInstance("TLS");
			context.init((keyManager != null) ? new KeyManager[] { keyManager } : new KeyManager[0], trustManagers,
					null);
			return new IdentitySnapshot(generation, material, context, keyManager, x509(trustManagers));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot create an SSLContext for " + material, ex);
		}
	}

	private static X509TrustManager x509(TrustManager[] trustManagers) {
		for (TrustManager trustManager : trustManagers) {
			if (trustManager instanceof X509TrustManager x509) {
				return x509;
			}
		}
		throw new IllegalStateException("The JVM's trust manager factory made no X509TrustManager");
	}

	TrustManager[] trustManagers(TlsMaterial material) throws GeneralSecurityException {
		if (this.insecureTrustAll) {
			return new TrustManager[] { new InsecureTrustAllManager() };
		}
		if (material.spiffeTrust() != null) {
			return new TrustManager[] { new SpiffeTrustManager(material.spiffeTrust()) };
		}
		List<X509Certificate> trusted = material.trustedCertificates();
		if (trusted == null) {
			return trustManagerFactory(null).getTrustManagers();
		}
		List<X509Certificate> anchors = new ArrayList<>(trusted);
		if (this.includeSystemCas) {
			anchors.addAll(systemCertificateAuthorities());
		}
		KeyStore trustStore = KeyStore.getInstance(KeyStore.getDefaultType());
		try {
			trustStore.load(null, null);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot create an empty key store", ex);
		}
		for (int i = 0; i < anchors.size(); i++) {
			trustStore.setCertificateEntry("trusted-" + i, anchors.get(i));
		}
		return trustManagerFactory(trustStore).getTrustManagers();
	}

	private static List<X509Certificate> systemCertificateAuthorities() throws GeneralSecurityException {
		List<X509Certificate> certificates = new ArrayList<>();
		for (TrustManager trustManager : trustManagerFactory(null).getTrustManagers()) {
			if (trustManager instanceof X509TrustManager x509) {
				certificates.addAll(List.of(x509.getAcceptedIssuers()));
			}
		}
		return certificates;
	}

	private static TrustManagerFactory trustManagerFactory(@Nullable KeyStore trustStore) throws GeneralSecurityException {
		TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
		factory.init(trustStore);
		return factory;
	}

}
