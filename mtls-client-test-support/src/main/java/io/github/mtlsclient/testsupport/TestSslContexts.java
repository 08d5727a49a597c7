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
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;

import org.jspecify.annotations.Nullable;

/**
 * Client-side {@link SSLContext SSLContexts} for tests that connect to a test server
 * with the JDK's TLS stack.
 */
public final class TestSslContexts {

	private TestSslContexts() {
	}

	/**
	 * A client {@link SSLContext} trusting the given CA and presenting no certificate.
	 * @param trustedCa the CA trusted for server certificates
	 * @return the SSL context
	 */
	public static SSLContext withoutClientCertificate(CertificateAuthority trustedCa)
			throws GeneralSecurityException {
		return sslContext(null, trustedCa);
	}

	/**
	 * A client {@link SSLContext} trusting the given CA and presenting the
	 * {@link IssuedCertificate#chain() chain} of the given certificate.
	 * @param client the client certificate and key
	 * @param trustedCa the CA trusted for server certificates
	 * @return the SSL context
	 */
	public static SSLContext withClientCertificate(IssuedCertificate client, CertificateAuthority trustedCa)
			throws GeneralSecurityException {
		return withClientCertificate(client.privateKey(), client.chain(), trustedCa);
	}

	/**
	 * A client {@link SSLContext} trusting the given CA and presenting the given
	 * certificate chain, whatever the server asks for.
	 * @param key the private key of the first certificate of the chain
	 * @param chain the certificate chain to present
	 * @param trustedCa the CA trusted for server certificates
	 * @return the SSL context
	 */
	public static SSLContext withClientCertificate(PrivateKey key, List<X509Certificate> chain,
			CertificateAuthority trustedCa) throws GeneralSecurityException {
		return sslContext(new FixedAliasKeyManager(key, chain), trustedCa);
	}

	private static SSLContext sslContext(@Nullable KeyManager keyManager, CertificateAuthority trustedCa)
			throws GeneralSecurityException {
		KeyStore trustStore = KeyStore.getInstance("PKCS12");
		try {
			trustStore.load(null, null);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		trustStore.setCertificateEntry("ca", trustedCa.certificate());
		TrustManagerFactory trustManagerFactory = TrustManagerFactory.getInstance("PKIX");
		trustManagerFactory.init(trustStore);
		SSLContext sslContext = SSLContext.getInstance("TLS");
		KeyManager[] keyManagers = (keyManager != null) ? new KeyManager[] { keyManager } : null;
		sslContext.init(keyManagers, trustManagerFactory.getTrustManagers(), null);
		return sslContext;
	}

	/**
	 * Key manager that always offers its one certificate chain, even when its issuer is
	 * not in the server's {@code certificate_authorities} list.
	 */
	private static final class FixedAliasKeyManager extends X509ExtendedKeyManager {

		private static final String ALIAS = "client";

		private final PrivateKey key;

		private final X509Certificate[] chain;

		FixedAliasKeyManager(PrivateKey key, List<X509Certificate> chain) {
			this.key = key;
			this.chain = chain.toArray(X509Certificate[]::new);
		}

		@Override
		public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
			return ALIAS;
		}

		@Override
		public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
			return ALIAS;
		}

		@Override
		public String[] getClientAliases(String keyType, Principal[] issuers) {
			return new String[] { ALIAS };
		}

		@Override
		public @Nullable String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
			return null;
		}

		@Override
		public String @Nullable [] getServerAliases(String keyType, Principal[] issuers) {
			return null;
		}

		@Override
		public X509Certificate @Nullable [] getCertificateChain(String alias) {
			return ALIAS.equals(alias) ? this.chain.clone() : null;
		}

		@Override
		public @Nullable PrivateKey getPrivateKey(String alias) {
			return ALIAS.equals(alias) ? this.key : null;
		}

	}

}
