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
package io.github.mtlsclient.actuate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import io.github.mtlsclient.CertificateDetails;
import io.github.mtlsclient.MtlsClients;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.WebEndpoint;

/**
 * The {@code mtls} endpoint: {@code GET /actuator/mtls} describes every client,
 * {@code GET /actuator/mtls/{name}} one, and {@code POST /actuator/mtls/{name}} reloads
 * one now and returns the outcome.
 *
 * @author mtls-client-spring-boot authors
 */
@WebEndpoint(id = "mtls")
public class MtlsEndpoint {

	private final MtlsClients clients;

	private final Duration expiringSoonThreshold;

	private final Clock clock;

	/**
	 * Create a new endpoint.
	 * @param clients the registry
	 * @param expiringSoonThreshold how close to its expiry a certificate is expiring soon
	 * @param clock the clock that says what "now" is
	 */
	public MtlsEndpoint(MtlsClients clients, Duration expiringSoonThreshold, Clock clock) {
		this.clients = clients;
		this.expiringSoonThreshold = expiringSoonThreshold;
		this.clock = clock;
	}

	/**
	 * Describe every client.
	 * @return the clients by name
	 */
	@ReadOperation
	public ClientsDescriptor clients() {
		Instant now = this.clock.instant();
		Map<String, MtlsClientDescriptor> clients = new LinkedHashMap<>();
		for (String name : this.clients.names()) {
			clients.put(name, MtlsClientDescriptor.of(this.clients.status(name), now, this.expiringSoonThreshold));
		}
		return new ClientsDescriptor(clients);
	}

	/**
	 * Describe one client.
	 * @param name the client name
	 * @return the client, or 404 with the configured names
	 */
	@ReadOperation
	public WebEndpointResponse<Object> client(@Selector String name) {
		if (!this.clients.names().contains(name)) {
			return unknown(name);
		}
		return new WebEndpointResponse<>(
				MtlsClientDescriptor.of(this.clients.status(name), this.clock.instant(), this.expiringSoonThreshold));
	}

	/**
	 * Reload one client's material now.
	 * @param name the client name
	 * @return the outcome, or 404 with the configured names
	 */
	@WriteOperation
	public WebEndpointResponse<Object> reload(@Selector String name) {
		if (!this.clients.names().contains(name)) {
			return unknown(name);
		}
		try {
			CertificateDetails certificate = this.clients.reload(name);
			return new WebEndpointResponse<>(new ReloadDescriptor(true, certificate, null));
		}
		catch (RuntimeException ex) {
			return new WebEndpointResponse<>(
					new ReloadDescriptor(false, this.clients.certificate(name), ex.getMessage()));
		}
	}

	private WebEndpointResponse<Object> unknown(String name) {
		return new WebEndpointResponse<>(new UnknownClientDescriptor("No mTLS client named '" + name + "'",
				this.clients.names()), WebEndpointResponse.STATUS_NOT_FOUND);
	}

	/**
	 * Every client.
	 *
	 * @param clients the clients by name
	 */
	public record ClientsDescriptor(Map<String, MtlsClientDescriptor> clients) {

	}

	/**
	 * The outcome of a reload.
	 *
	 * @param succeeded whether the material was usable
	 * @param certificate the certificate presented from now on
	 * @param failure why the material was not usable, or {@code null}
	 */
	public record ReloadDescriptor(boolean succeeded, @Nullable CertificateDetails certificate,
			@Nullable String failure) {

	}

	/**
	 * An unknown client name.
	 *
	 * @param message what is wrong
	 * @param clients the configured client names
	 */
	public record UnknownClientDescriptor(String message, Set<String> clients) {

	}

}
