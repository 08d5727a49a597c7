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

import io.github.mtlsclient.MtlsClientStatus;
import io.github.mtlsclient.MtlsClients;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Health of one client: DOWN when the certificate it presents on new connections now is
 * expired or not yet valid, UP otherwise, with the details of what it presents and
 * trusts and of its last reload.
 *
 * @author mtls-client-spring-boot authors
 */
public final class MtlsClientHealthIndicator implements HealthIndicator {

	private final MtlsClients clients;

	private final String name;

	private final Duration expiringSoonThreshold;

	private final Clock clock;

	/**
	 * Create a new indicator.
	 * @param clients the registry
	 * @param name the client name
	 * @param expiringSoonThreshold how close to its expiry a certificate is expiring soon
	 * @param clock the clock that says what "now" is
	 */
	public MtlsClientHealthIndicator(MtlsClients clients, String name, Duration expiringSoonThreshold, Clock clock) {
		this.clients = clients;
		this.name = name;
		this.expiringSoonThreshold = expiringSoonThreshold;
		this.clock = clock;
	}

	@Override
	public Health health() {
		MtlsClientStatus status = this.clients.status(this.name);
		Instant now = this.clock.instant();
		MtlsClientDescriptor descriptor = MtlsClientDescriptor.of(status, now, this.expiringSoonThreshold);
		Health.Builder builder = (status.certificate() == null || status.isCertificateValidAt(now)) ? Health.up()
				: Health.down();
		builder.withDetail("baseUrl", descriptor.baseUrl());
		if (descriptor.certificate() != null) {
			builder.withDetail("certificate", descriptor.certificate());
		}
		builder.withDetail("trust", descriptor.trust());
		if (descriptor.lastReload() != null) {
			builder.withDetail("lastReload", descriptor.lastReload());
		}
		if (descriptor.spiffe() != null) {
			// An unreachable agent alone is no DOWN: the last SVID serves until it expires.
			builder.withDetail("spiffe", descriptor.spiffe());
		}
		return builder.build();
	}

}
