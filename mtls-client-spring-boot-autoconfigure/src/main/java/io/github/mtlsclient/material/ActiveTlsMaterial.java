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

import java.util.concurrent.atomic.AtomicReference;

import javax.net.ssl.SSLContext;

/**
 * The material a client presents on new connections now. Holds one immutable
 * {@link Snapshot} (material, its {@link SSLContext} and a generation number) and
 * replaces it whole, so readers that take the snapshot once see one consistent
 * identity for a whole handshake.
 *
 * @author mtls-client-spring-boot authors
 */
public final class ActiveTlsMaterial {

	private final SslContextFactory sslContextFactory;

	private final AtomicReference<Snapshot> current = new AtomicReference<>();

	/**
	 * Create a holder with its first material.
	 * @param initial the first material, already validated
	 * @param sslContextFactory creates the context of each snapshot
	 */
	public ActiveTlsMaterial(TlsMaterial initial, SslContextFactory sslContextFactory) {
		this.sslContextFactory = sslContextFactory;
		this.current.set(new Snapshot(1, initial, sslContextFactory.create(initial)));
	}

	/**
	 * The snapshot to use for the next handshake.
	 * @return the current snapshot
	 */
	public Snapshot current() {
		return this.current.get();
	}

	/**
	 * Make validated material the current one.
	 * @param material the new material
	 * @return the snapshot that was replaced
	 */
	public Snapshot swap(TlsMaterial material) {
		SSLContext sslContext = this.sslContextFactory.create(material);
		return this.current.getAndUpdate((previous) -> new Snapshot(previous.generation() + 1, material, sslContext));
	}

	/**
	 * One generation of a client's material.
	 *
	 * @param generation increases by one with every swap, starting at 1
	 * @param material the material
	 * @param sslContext the context made from the material
	 */
	public record Snapshot(long generation, TlsMaterial material, SSLContext sslContext) {

	}

}
