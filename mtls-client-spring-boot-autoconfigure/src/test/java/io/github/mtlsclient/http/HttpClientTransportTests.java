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
package io.github.mtlsclient.http;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import io.github.mtlsclient.material.IdentityEngine;
import io.github.mtlsclient.material.IdentitySnapshot;
import io.github.mtlsclient.material.TlsMaterial;
import io.github.mtlsclient.settings.ClientSettings;
import io.github.mtlsclient.testsupport.CertificateAuthority;
import io.github.mtlsclient.testsupport.IssuedCertificate;
import io.github.mtlsclient.testsupport.TestClientSettings;
import io.github.mtlsclient.testsupport.TestPki;
import org.apache.hc.core5.util.TimeValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which connections {@link HttpClientTransport} keeps: the identity snapshot is the
 * state of every connection, and only the current one's are reused.
 *
 * @author mtls-client-spring-boot authors
 */
class HttpClientTransportTests {

	private final CertificateAuthority ca = TestPki.rootCa("Generation CA");

	private final ClientSettings settings = TestClientSettings.of("payments", "https://localhost:8443");

	private final PoolHousekeeper housekeeper = new PoolHousekeeper(Duration.ofSeconds(1));

	@AfterEach
	void closeHousekeeper() {
		this.housekeeper.close();
	}

	@Test
	void oneStatePerGenerationAndOnlyTheCurrentOneIsReused() {
		IdentityEngine engine = engine(material(this.ca.issueClient("first")));
		try (HttpClientTransport transport = new HttpClientTransport(this.settings, engine, this.housekeeper)) {
			IdentitySnapshot first = engine.current();
			assertThat(first.generation()).isEqualTo(1);
			assertThat(transport.isCurrent(first)).isTrue();
			engine.swap(material(this.ca.issueClient("second")));
			IdentitySnapshot second = engine.current();
			assertThat(second.generation()).isEqualTo(2);
			assertThat(transport.isCurrent(first)).isFalse();
			assertThat(transport.isCurrent(second)).isTrue();
			assertThat(transport.isCurrent(null)).isFalse();
			assertThat(transport.isCurrent("some principal")).isFalse();
		}
	}

	@Test
	void lifeLeftFollowsTheCurrentCertificate() {
		Instant notAfter = Instant.now().plus(1, ChronoUnit.HOURS);
		IdentityEngine engine = engine(material(this.ca.leaf("short")
			.clientAuth()
			.validity(Instant.now().minus(1, ChronoUnit.HOURS), notAfter)
			.issue()));
		try (HttpClientTransport transport = new HttpClientTransport(this.settings, engine, this.housekeeper)) {
			assertThat(transport.lifeLeft().toMilliseconds()).isBetween(3_590_000L, 3_600_000L);
			engine.swap(material(this.ca.leaf("long")
				.clientAuth()
				.validity(Instant.now().minus(1, ChronoUnit.HOURS), notAfter.plus(1, ChronoUnit.DAYS))
				.issue()));
			assertThat(transport.lifeLeft().toMilliseconds()).isGreaterThan(86_000_000L);
		}
	}

	@Test
	void withoutACertificateConnectionsLiveForever() {
		IdentityEngine engine = engine(new TlsMaterial(null, List.of(), null));
		try (HttpClientTransport transport = new HttpClientTransport(this.settings, engine, this.housekeeper)) {
			assertThat(transport.lifeLeft()).isEqualTo(TimeValue.MAX_VALUE);
			assertThat(transport.isCurrent(engine.current())).isTrue();
		}
	}

	private IdentityEngine engine(TlsMaterial material) {
		return new IdentityEngine("payments", this.settings.tls(), material);
	}

	private static TlsMaterial material(IssuedCertificate certificate) {
		return new TlsMaterial(certificate.privateKey(), certificate.chain(), List.of());
	}

}
