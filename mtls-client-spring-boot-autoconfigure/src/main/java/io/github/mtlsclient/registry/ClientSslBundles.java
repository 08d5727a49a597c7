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
package io.github.mtlsclient.registry;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.function.Supplier;

import javax.crypto.spec.PBEParameterSpec;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

import io.github.mtlsclient.material.IdentitySnapshot;
import io.github.mtlsclient.material.TlsMaterial;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundleKey;
import org.springframework.boot.ssl.SslManagerBundle;
import org.springframework.boot.ssl.SslOptions;
import org.springframework.boot.ssl.SslStoreBundle;
import org.springframework.util.function.SingletonSupplier;

/**
 * Makes the SSL bundle of a client: its key and certificate chain in a key store, its
 * trusted certificates in a trust store, its protocols and cipher suites as options. What
 * {@code MtlsClients.sslBundle(name)} returns and the starter registers as
 * {@code mtls-<name>}.
 *
 * @author mtls-client-spring-boot authors
 */
final class ClientSslBundles {

	private static final String KEY_ALIAS = "mtls-client";

	// Protects the in-memory key stores only; never leaves this object.
	private final String storePassword = newPassword();

	/**
	 * The bundle of a client's current identity.
	 * @param client the client
	 * @return the bundle, made anew for every call
	 */
	SslBundle bundle(ManagedMtlsClient client) {
		IdentitySnapshot snapshot = client.engine().current();
		TlsMaterial material = snapshot.material();
		boolean spiffe = material.spiffeTrust() != null;
		// A SPIFFE client trusts no flat list: its trust store stays empty (it would trust
		// every federated CA for any name), and its bundle's trust manager checks the
		// server's SPIFFE ID as the client does.
		SslStoreBundle stores = new LazyStores(() -> keyStore(material), this.storePassword,
				() -> spiffe ? null : trustStore(material.trustedCertificates()));
		List<String> protocols = client.settings().tls().protocols();
		List<String> ciphers = client.settings().tls().cipherSuites();
		SslOptions options = SslOptions.of(ciphers.isEmpty() ? null : ciphers.toArray(String[]::new),
				protocols.toArray(String[]::new));
		SslBundleKey key = SslBundleKey.of(this.storePassword, KEY_ALIAS);
		if (!spiffe) {
			return SslBundle.of(stores, key, options);
		}
		return SslBundle.of(stores, key, options, SslBundle.DEFAULT_PROTOCOL,
				new SpiffeManagers(stores, key, snapshot.trustManager()));
	}

	private @Nullable KeyStore keyStore(TlsMaterial material) {
		if (material.privateKey() == null) {
			return null;
		}
		KeyStore keyStore = emptyStore();
		try {
			// One PBE iteration, not the JDK's 10,000: this store never leaves the heap that
			// holds the key anyway, and the default costs milliseconds of startup per client.
			keyStore.setEntry(KEY_ALIAS,
					new KeyStore.PrivateKeyEntry(material.privateKey(),
							material.certificateChain().toArray(X509Certificate[]::new)),
					new KeyStore.PasswordProtection(this.storePassword.toCharArray(), "PBEWithHmacSHA256AndAES_256",
							new PBEParameterSpec(salt(), 1)));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot hold the client's key in a key store", ex);
		}
		return keyStore;
	}

	private static @Nullable KeyStore trustStore(@Nullable List<X509Certificate> trusted) {
		if (trusted == null) {
			return null;
		}
		KeyStore trustStore = emptyStore();
		try {
			for (int i = 0; i < trusted.size(); i++) {
				trustStore.setCertificateEntry("trusted-" + i, trusted.get(i));
			}
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot hold the trusted certificates in a key store", ex);
		}
		return trustStore;
	}

	private static KeyStore emptyStore() {
		try {
			KeyStore store = KeyStore.getInstance("PKCS12");
			store.load(null, null);
			return store;
		}
		catch (GeneralSecurityException | IOException ex) {
			throw new IllegalStateException("Cannot create an in-memory key store", ex);
		}
	}

	private static byte[] salt() {
		byte[] salt = new byte[16];
		new SecureRandom().nextBytes(salt);
		return salt;
	}

	private static String newPassword() {
		byte[] bytes = new byte[24];
		new SecureRandom().nextBytes(bytes);
		return Base64.getEncoder().encodeToString(bytes);
	}

	/**
	 * The managers of a SPIFFE client's bundle, made when first asked for: the key
	 * manager from its key store, the trust manager its connections use.
	 */
	private record SpiffeManagers(SslStoreBundle stores, SslBundleKey key,
			X509TrustManager trustManager) implements SslManagerBundle {

		@Override
		public KeyManagerFactory getKeyManagerFactory() {
			return SslManagerBundle.from(this.stores, this.key).getKeyManagerFactory();
		}

		@Override
		public TrustManagerFactory getTrustManagerFactory() {
			return SslManagerBundle.from(this.trustManager).getTrustManagerFactory();
		}

	}

	/**
	 * Stores made when first asked for, by Spring Boot's SSL info, health or metrics:
	 * a key store costs about a millisecond of start-up per client, and most
	 * applications never ask. Not Spring Boot's {@code PemSslStoreBundle}, lazy too: it
	 * names a single trusted certificate {@code trusted} where these stores always say
	 * {@code trusted-<index>}, and protects the key with the JDK's 10,000 PBKDF2
	 * iterations.
	 */
	private static final class LazyStores implements SslStoreBundle {

		private final SingletonSupplier<KeyStore> keyStore;

		private final String keyStorePassword;

		private final SingletonSupplier<KeyStore> trustStore;

		LazyStores(Supplier<@Nullable KeyStore> keyStore, String keyStorePassword,
				Supplier<@Nullable KeyStore> trustStore) {
			this.keyStore = SingletonSupplier.of(keyStore);
			this.keyStorePassword = keyStorePassword;
			this.trustStore = SingletonSupplier.of(trustStore);
		}

		@Override
		public @Nullable KeyStore getKeyStore() {
			return this.keyStore.get();
		}

		@Override
		public String getKeyStorePassword() {
			return this.keyStorePassword;
		}

		@Override
		public @Nullable KeyStore getTrustStore() {
			return this.trustStore.get();
		}

	}

}
