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
package io.github.mtlsclient.autoconfigure;

import java.security.cert.X509Certificate;

import io.github.mtlsclient.http.ConnectionState;
import io.github.mtlsclient.material.ActiveTlsMaterial;
import io.github.mtlsclient.material.ActiveTlsMaterial.Snapshot;
import org.apache.hc.core5.util.TimeValue;
import org.jspecify.annotations.Nullable;

/**
 * What a client's connection rules need to know about its current material: the
 * {@link ConnectionState} of its generation and the life left in its certificate. They
 * are asked on every request and every response, so they are worked out once per
 * material generation instead.
 *
 * @author mtls-client-spring-boot authors
 */
final class CurrentGeneration {

	private final String clientName;

	private final ActiveTlsMaterial material;

	private volatile @Nullable Generation generation;

	CurrentGeneration(String clientName, ActiveTlsMaterial material) {
		this.clientName = clientName;
		this.material = material;
	}

	/**
	 * The state of connections made with the current material.
	 * @return the state
	 */
	ConnectionState connectionState() {
		return generation().state();
	}

	/**
	 * Whether a connection with the given state may be kept for another exchange: it
	 * was made with the current material, and that material's certificate is still
	 * valid.
	 * @param state the state HttpClient keeps with the connection
	 * @return whether the connection is current
	 */
	boolean isCurrent(@Nullable Object state) {
		Generation current = generation();
		return state instanceof ConnectionState connectionState
				&& connectionState.generation() == current.state().generation() && current.millisLeft() > 0;
	}

	/**
	 * The time left until the current certificate expires.
	 * @return the time left, zero once expired, {@link TimeValue#MAX_VALUE} without a
	 * certificate
	 */
	TimeValue lifeLeft() {
		Generation current = generation();
		return (current.notAfterMillis() == Long.MAX_VALUE) ? TimeValue.MAX_VALUE
				: TimeValue.ofMilliseconds(current.millisLeft());
	}

	private Generation generation() {
		Snapshot snapshot = this.material.current();
		Generation generation = this.generation;
		if (generation == null || generation.snapshot() != snapshot) {
			// Racing threads may each build one: they are equal, any of them will do.
			generation = new Generation(snapshot, new ConnectionState(this.clientName, snapshot.generation()),
					notAfterMillis(snapshot));
			this.generation = generation;
		}
		return generation;
	}

	private static long notAfterMillis(Snapshot snapshot) {
		X509Certificate leaf = snapshot.material().leaf();
		return (leaf != null) ? leaf.getNotAfter().getTime() : Long.MAX_VALUE;
	}

	private record Generation(Snapshot snapshot, ConnectionState state, long notAfterMillis) {

		long millisLeft() {
			return (this.notAfterMillis == Long.MAX_VALUE) ? Long.MAX_VALUE
					: Math.max(0, this.notAfterMillis - System.currentTimeMillis());
		}

	}

}
