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

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import io.github.mtlsclient.settings.ClientSettings;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The identity engine of one client: holds its current {@link IdentitySnapshot}, swaps
 * in a new one when validated material arrives, and tells the transports, which retire
 * the connections of the previous snapshot. Transports ask it for the current snapshot at
 * every handshake and know nothing of where the material comes from.
 *
 * @author mtls-client-spring-boot authors
 */
public final class IdentityEngine {

	private static final Log logger = LogFactory.getLog(IdentityEngine.class);

	private final String clientName;

	private final SslContextFactory sslContextFactory;

	private final AtomicReference<IdentitySnapshot> current = new AtomicReference<>();

	private final List<Consumer<IdentitySnapshot>> swapListeners = new CopyOnWriteArrayList<>();

	/**
	 * Start an engine with the client's first material.
	 * @param clientName the client name, for the log
	 * @param tls the client's TLS settings: which certificates to trust besides the
	 * material's
	 * @param initial the first material, already validated
	 */
	public IdentityEngine(String clientName, ClientSettings.Tls tls, TlsMaterial initial) {
		this.clientName = clientName;
		this.sslContextFactory = new SslContextFactory(tls.insecureTrustAll(), tls.includeSystemCas());
		this.current.set(this.sslContextFactory.snapshot(1, initial));
	}

	/**
	 * The snapshot to use for the next handshake.
	 * @return the current snapshot
	 */
	public IdentitySnapshot current() {
		return this.current.get();
	}

	/**
	 * Make validated material the current identity, then tell the swap listeners. One
	 * swap at a time: generations never repeat, listeners hear them in order.
	 * @param material the new material
	 * @return the snapshot that was replaced
	 */
	public synchronized IdentitySnapshot swap(TlsMaterial material) {
		IdentitySnapshot previous = this.current.get();
		IdentitySnapshot next = this.sslContextFactory.snapshot(previous.generation() + 1, material);
		this.current.set(next);
		for (Consumer<IdentitySnapshot> listener : this.swapListeners) {
			try {
				listener.accept(next);
			}
			catch (Throwable ex) {
				// The swap is done: connections of the old identity are not leased again,
				// they only linger until they idle out.
				logger.warn("mTLS client '%s' could not retire the connections of its previous identity"
					.formatted(this.clientName), ex);
			}
		}
		return previous;
	}

	/**
	 * Be told of every swap, after it, with the new snapshot: a transport retires the
	 * connections of older ones.
	 * @param listener called with each new snapshot
	 */
	public void onSwap(Consumer<IdentitySnapshot> listener) {
		this.swapListeners.add(listener);
	}

	@Override
	public String toString() {
		return "IdentityEngine[" + this.clientName + ", " + current() + "]";
	}

}
