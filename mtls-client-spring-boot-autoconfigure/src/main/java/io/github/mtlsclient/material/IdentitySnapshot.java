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

import java.security.cert.X509Certificate;
import java.time.Instant;

import javax.net.ssl.SSLContext;
import javax.net.ssl.X509KeyManager;
import javax.net.ssl.X509TrustManager;

import io.github.mtlsclient.CertificateDetails;
import org.jspecify.annotations.Nullable;

/**
 * One generation of a client's identity, immutable: the validated material, the
 * {@link SSLContext} made from it and the key and trust managers inside that context,
 * with the facts of its certificate. Everything a transport needs to open connections
 * that present this identity, and to tell them apart from connections of another
 * generation: two snapshots are equal only if they are the same object.
 *
 * @author mtls-client-spring-boot authors
 */
public final class IdentitySnapshot {

	private final long generation;

	private final TlsMaterial material;

	private final SSLContext sslContext;

	private final @Nullable X509KeyManager keyManager;

	private final X509TrustManager trustManager;

	private final @Nullable CertificateDetails certificate;

	// Once per generation, not per response: X509Certificate.getNotAfter() copies a Date.
	private final long notAfterMillis;

	IdentitySnapshot(long generation, TlsMaterial material, SSLContext sslContext,
			@Nullable X509KeyManager keyManager, X509TrustManager trustManager) {
		this.generation = generation;
		this.material = material;
		this.sslContext = sslContext;
		this.keyManager = keyManager;
		this.trustManager = trustManager;
		this.certificate = material.leafDetails();
		X509Certificate leaf = material.leaf();
		this.notAfterMillis = (leaf != null) ? leaf.getNotAfter().getTime() : Long.MAX_VALUE;
	}

	/**
	 * The generation: 1 for the material a client starts with, one more with every swap.
	 * @return the generation
	 */
	public long generation() {
		return this.generation;
	}

	/**
	 * The material: private key, certificate chain and trusted certificates.
	 * @return the material
	 */
	public TlsMaterial material() {
		return this.material;
	}

	/**
	 * The context that presents this identity and trusts what the material trusts.
	 * @return the context
	 */
	public SSLContext sslContext() {
		return this.sslContext;
	}

	/**
	 * The key manager of the context.
	 * @return the key manager, or {@code null} for a client without a certificate
	 */
	public @Nullable X509KeyManager keyManager() {
		return this.keyManager;
	}

	/**
	 * The trust manager of the context.
	 * @return the trust manager
	 */
	public X509TrustManager trustManager() {
		return this.trustManager;
	}

	/**
	 * The presented certificate.
	 * @return its details, or {@code null} for a client without a certificate
	 */
	public @Nullable CertificateDetails certificate() {
		return this.certificate;
	}

	/**
	 * The milliseconds until the presented certificate expires.
	 * @param nowMillis the current time in epoch milliseconds
	 * @return the time left, zero once expired, {@link Long#MAX_VALUE} without a
	 * certificate
	 */
	public long millisLeft(long nowMillis) {
		return (this.notAfterMillis != Long.MAX_VALUE) ? Math.max(0, this.notAfterMillis - nowMillis)
				: Long.MAX_VALUE;
	}

	/**
	 * When the presented certificate expires.
	 * @return the expiry, or {@code null} without a certificate
	 */
	public @Nullable Instant notAfter() {
		return (this.certificate != null) ? this.certificate.notAfter() : null;
	}

	@Override
	public String toString() {
		return "IdentitySnapshot[generation " + this.generation + ", " + this.material + "]";
	}

}
