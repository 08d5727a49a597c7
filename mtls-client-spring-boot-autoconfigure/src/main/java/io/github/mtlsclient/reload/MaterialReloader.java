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
import io.github.mtlsclient.InvalidMtlsClientException;
import io.github.mtlsclient.MtlsClientStatus;
import io.github.mtlsclient.MtlsMaterialReloadFailedEvent;
import io.github.mtlsclient.MtlsMaterialReloadedEvent;
import io.github.mtlsclient.material.IdentityEngine;
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
 * event either way; a {@link #retry() retry} that fails as the previous attempt did says
 * it at debug level only, so that trying again on every poll does not flood the log.
 *
 * @author mtls-client-spring-boot authors
 */
public final class MaterialReloader {

	private static final Log logger = LogFactory.getLog(MaterialReloader.class);

	private final String clientName;

	private final TlsMaterialSource source;

	private final IdentityEngine engine;

	private final ApplicationEventPublisher eventPublisher;

	private final Object lock = new Object();

	private volatile MtlsClientStatus.@Nullable Reload lastAttempt;

	private @Nullable Failure lastFailure;

	private boolean closed;

	/**
	 * Create a new reloader.
	 * @param clientName the client name
	 * @param source where the material comes from
	 * @param engine the client's identity engine, whose transports retire the
	 * connections of the previous identity at every swap
	 * @param eventPublisher publishes the reload events
	 */
	public MaterialReloader(String clientName, TlsMaterialSource source, IdentityEngine engine,
			ApplicationEventPublisher eventPublisher) {
		this.clientName = clientName;
		this.source = source;
		this.engine = engine;
		this.eventPublisher = eventPublisher;
	}

	/**
	 * Load the material now and swap it in if it is usable and has changed.
	 * @return the certificate presented from now on, or {@code null} without one
	 * @throws RuntimeException why the material could not be used; the previous material
	 * stays in use
	 */
	public @Nullable CertificateDetails reload() {
		return reload(false);
	}

	/**
	 * Load the material again after a failed attempt, its source unchanged since: like
	 * {@link #reload()}, but a failure like the previous one is logged at debug level
	 * only (it is still recorded and published).
	 * @return the certificate presented from now on, or {@code null} without one
	 * @throws RuntimeException why the material could not be used; the previous material
	 * stays in use
	 */
	public @Nullable CertificateDetails retry() {
		return reload(true);
	}

	private @Nullable CertificateDetails reload(boolean retry) {
		synchronized (this.lock) {
			TlsMaterial previous = this.engine.current().material();
			if (this.closed) {
				// The client is closing: its pool is not to be touched any more.
				return previous.leafDetails();
			}
			TlsMaterial loaded;
			try {
				loaded = this.source.load();
				if (loaded.equals(previous)) {
					// Nothing changed: not a reload worth recording.
					this.lastFailure = null;
					return previous.leafDetails();
				}
				this.engine.swap(loaded);
			}
			catch (Throwable ex) {
				// Any Throwable: health and the event tell of it even if it is an Error.
				failed(previous, ex, retry);
				throw ex;
			}
			this.lastAttempt = new MtlsClientStatus.Reload(Instant.now(), true, null);
			this.lastFailure = null;
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
	 * Reload whenever the source announces new material by itself, as the SPIFFE Workload
	 * API does. A failure keeps the previous material; it is logged and published.
	 */
	public void followSource() {
		this.source.onChange(() -> {
			try {
				reload();
			}
			catch (Throwable ex) {
				// Logged and published by reload(); the previous material stays.
			}
		});
	}

	private void failed(TlsMaterial previous, Throwable ex, boolean retry) {
		String reason = (ex.getMessage() != null) ? ex.getMessage() : ex.toString();
		this.lastAttempt = new MtlsClientStatus.Reload(Instant.now(), false, reason);
		Failure failure = Failure.of(ex);
		String message = "mTLS client '%s' keeps presenting %s: %s".formatted(this.clientName,
				describe(previous.leafDetails()), reason);
		// An Error is no verdict on the material: its stack trace says where it came from.
		Throwable logged = (ex instanceof RuntimeException) ? null : ex;
		if (retry && failure.equals(this.lastFailure)) {
			logger.debug(message, logged);
		}
		else {
			logger.warn(message, logged);
		}
		this.lastFailure = failure;
		RuntimeException cause = (ex instanceof RuntimeException runtime) ? runtime
				: new IllegalStateException("mTLS client '%s' could not reload: %s".formatted(this.clientName, ex),
						ex);
		try {
			this.eventPublisher.publishEvent(new MtlsMaterialReloadFailedEvent(this, this.clientName, cause));
		}
		catch (RuntimeException listenerFailure) {
			logger.warn("A listener of mTLS client '%s''s failed reload failed".formatted(this.clientName),
					listenerFailure);
		}
	}

	/**
	 * Stop reloading, once a reload under way has finished, so that the client can close
	 * its pool without a reload touching it meanwhile, and close the source. Later reloads
	 * do nothing.
	 */
	public void close() {
		synchronized (this.lock) {
			this.closed = true;
		}
		this.source.close();
	}

	/**
	 * The connection of the source, for a source that holds one.
	 * @return the connection, or {@code null}
	 */
	public TlsMaterialSource.@Nullable Connection sourceConnection() {
		return this.source.connection();
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

	/**
	 * What makes two failures the same for the log: the same kind of problem with the
	 * same property and file. Not the message, which may name the time of the attempt.
	 */
	private record Failure(Class<?> type, @Nullable String property, @Nullable String location,
			@Nullable String detail) {

		static Failure of(Throwable ex) {
			if (ex instanceof InvalidMtlsClientException invalid) {
				return new Failure(ex.getClass(), invalid.getProperty(), invalid.getLocation(), invalid.getAction());
			}
			return new Failure(ex.getClass(), null, null, ex.getMessage());
		}

	}

	@Override
	public String toString() {
		return "MaterialReloader[" + this.clientName + " from " + this.source + "]";
	}

}
