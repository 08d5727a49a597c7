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

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

import org.jspecify.annotations.Nullable;

/**
 * A key manager with exactly one client identity, which it offers whatever issuers
 * the server says it accepts, as undici and curl do: a server that does not trust it
 * then rejects it by name instead of the client silently sending no certificate.
 *
 * @author mtls-client-spring-boot authors
 */
final class SingleIdentityKeyManager extends X509ExtendedKeyManager {

	private static final String ALIAS = "mtls-client";

	private final PrivateKey privateKey;

	private final X509Certificate[] chain;

	SingleIdentityKeyManager(PrivateKey privateKey, List<X509Certificate> chain) {
		this.privateKey = privateKey;
		this.chain = chain.toArray(X509Certificate[]::new);
	}

	@Override
	public String @Nullable [] getClientAliases(String keyType, Principal @Nullable [] issuers) {
		return accepts(keyType) ? new String[] { ALIAS } : null;
	}

	@Override
	public @Nullable String chooseClientAlias(String @Nullable [] keyTypes, Principal @Nullable [] issuers,
			@Nullable Socket socket) {
		return choose(keyTypes);
	}

	@Override
	public @Nullable String chooseEngineClientAlias(String @Nullable [] keyTypes, Principal @Nullable [] issuers,
			@Nullable SSLEngine engine) {
		return choose(keyTypes);
	}

	private @Nullable String choose(String @Nullable [] keyTypes) {
		if (keyTypes == null) {
			return ALIAS;
		}
		for (String keyType : keyTypes) {
			if (accepts(keyType)) {
				return ALIAS;
			}
		}
		return null;
	}

	private boolean accepts(@Nullable String keyType) {
		return keyType == null || keyType.equals(this.privateKey.getAlgorithm());
	}

	@Override
	public X509Certificate @Nullable [] getCertificateChain(String alias) {
		return ALIAS.equals(alias) ? this.chain.clone() : null;
	}

	@Override
	public @Nullable PrivateKey getPrivateKey(String alias) {
		return ALIAS.equals(alias) ? this.privateKey : null;
	}

	@Override
	public String @Nullable [] getServerAliases(String keyType, Principal @Nullable [] issuers) {
		return null;
	}

	@Override
	public @Nullable String chooseServerAlias(String keyType, Principal @Nullable [] issuers, @Nullable Socket socket) {
		return null;
	}

	@Override
	public String toString() {
		return "SingleIdentityKeyManager[" + this.chain[0].getSubjectX500Principal().getName() + "]";
	}

}
