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
package io.github.mtlsclient.reload;

import java.time.Instant;

import io.github.mtlsclient.CertificateDetails;
import io.github.mtlsclient.MtlsClientStatus;
import io.github.mtlsclient.MtlsMaterialReloadFailedEvent;
import io.github.mtlsclient.MtlsMaterialReloadedEvent;
import io.github.mtlsclient.material.ActiveTlsMaterial;
import io.github.mtlsclient.material.TlsMaterial;
import io.github.mtlsclient.material.TlsMaterialSource;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;

/**
 * Reloads one client's material: loads and validates it from its source and, only if it
 * is usable and different, swaps it in and retires the connections made with the old
 * one. A failure keeps the previous material. Says what happened in one log line and one
 * event either way.
 *
 * @author mtls-client-spring-boot authors
 */
public final class MaterialReloader {

	private static final Log logger = LogFactory.getLog(MaterialReloader.class);

	private final String clientName;

	private final TlsMaterialSource source;

	private final ActiveTlsMaterial material;

	private final Runnable retireConnections;

	private final ApplicationEventPublisher eventPublisher;

	private final Object lock = new Object();

	private volatile MtlsClientStatus.@Nullable Reload lastAttempt;

	/**
	 * Create a new reloader.
	 * @param clientName the client name
	 * @param source where the material comes from
	 * @param material the client's active material
	 * @param retireConnections closes the client's idle pooled connections, called after
	 * every swap
	 * @param eventPublisher publishes the reload events
	 */
	public MaterialReloader(String clientName, TlsMaterialSource source, ActiveTlsMaterial material,
			Runnable retireConnections, ApplicationEventPublisher eventPublisher) {
		this.clientName = clientName;
		this.source = source;
		this.material = material;
		this.retireConnections = retireConnections;
		this.eventPublisher = eventPublisher;
	}

	/**
	 * Load the material now and swap it in if it is usable and has changed.
	 * @return the certificate presented from now on, or {@code null} without one
	 * @throws RuntimeException why the material could not be used; the previous material
	 * stays in use
	 */
	public @Nullable CertificateDetails reload() {
		synchronized (this.lock) {
			TlsMaterial previous = this.material.current().material();
			TlsMaterial loaded;
			try {
				loaded = this.source.load();
				if (loaded.equals(previous)) {
					// Nothing changed: not a reload worth recording.
					return previous.leafDetails();
				}
				this.material.swap(loaded);
			}
			catch (RuntimeException ex) {
				this.lastAttempt = new MtlsClientStatus.Reload(Instant.now(), false, ex.getMessage());
				logger.warn("mTLS client '%s' keeps presenting %s: %s".formatted(this.clientName,
						describe(previous.leafDetails()), ex.getMessage()));
				this.eventPublisher.publishEvent(new MtlsMaterialReloadFailedEvent(this, this.clientName, ex));
				throw ex;
			}
			this.lastAttempt = new MtlsClientStatus.Reload(Instant.now(), true, null);
			this.retireConnections.run();
			CertificateDetails before = previous.leafDetails();
			CertificateDetails after = loaded.leafDetails();
			logger.info("mTLS client '%s' reloaded its TLS material: %s -> %s".formatted(this.clientName,
					describe(before), describe(after)));
			try {
				this.eventPublisher.publishEvent(new MtlsMaterialReloadedEvent(this, this.clientName, before, after));
			}
			catch (RuntimeException ex) {
				// The swap is done; a listener's trouble does not undo it.
				logger.warn("A listener of mTLS client '%s''s reload failed".formatted(this.clientName), ex);
			}
			return after;
		}
	}

	/**
	 * The outcome of the last reload, if there was one.
	 * @return the last attempt, or {@code null}
	 */
	public MtlsClientStatus.@Nullable Reload lastAttempt() {
		return this.lastAttempt;
	}

	private static String describe(@Nullable CertificateDetails certificate) {
		return (certificate != null)
				? "serial " + certificate.serialNumber() + " (expires " + certificate.notAfter() + ")"
				: "no certificate";
	}

	@Override
	public String toString() {
		return "MaterialReloader[" + this.clientName + " from " + this.source + "]";
	}

}
