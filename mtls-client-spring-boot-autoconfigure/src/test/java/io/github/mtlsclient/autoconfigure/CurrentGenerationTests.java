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

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import io.github.mtlsclient.http.ConnectionState;
import io.github.mtlsclient.material.ActiveTlsMaterial;
import io.github.mtlsclient.material.SslContextFactory;
import io.github.mtlsclient.material.TlsMaterial;
import io.github.mtlsclient.testsupport.CertificateAuthority;
import io.github.mtlsclient.testsupport.IssuedCertificate;
import io.github.mtlsclient.testsupport.TestPki;
import org.apache.hc.core5.util.TimeValue;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link CurrentGeneration}.
 */
class CurrentGenerationTests {

	private final CertificateAuthority ca = TestPki.rootCa("Generation CA");

	@Test
	void oneStatePerGenerationAndOnlyTheCurrentOneIsReused() {
		ActiveTlsMaterial material = active(this.ca.issueClient("first"));
		CurrentGeneration generation = new CurrentGeneration("payments", material);
		ConnectionState first = generation.connectionState();
		assertThat(first).isEqualTo(new ConnectionState("payments", 1)).isSameAs(generation.connectionState());
		assertThat(generation.isCurrent(first)).isTrue();
		material.swap(material(this.ca.issueClient("second")));
		ConnectionState second = generation.connectionState();
		assertThat(second).isEqualTo(new ConnectionState("payments", 2));
		assertThat(generation.isCurrent(first)).isFalse();
		assertThat(generation.isCurrent(second)).isTrue();
		assertThat(generation.isCurrent(null)).isFalse();
		assertThat(generation.isCurrent("some principal")).isFalse();
	}

	@Test
	void lifeLeftFollowsTheCurrentCertificate() {
		Instant notAfter = Instant.now().plus(1, ChronoUnit.HOURS);
		ActiveTlsMaterial material = active(this.ca.leaf("short")
			.clientAuth()
			.validity(Instant.now().minus(1, ChronoUnit.HOURS), notAfter)
			.issue());
		CurrentGeneration generation = new CurrentGeneration("payments", material);
		assertThat(generation.lifeLeft().toMilliseconds()).isBetween(3_590_000L, 3_600_000L);
		material.swap(material(this.ca.leaf("long")
			.clientAuth()
			.validity(Instant.now().minus(1, ChronoUnit.HOURS), notAfter.plus(1, ChronoUnit.DAYS))
			.issue()));
		assertThat(generation.lifeLeft().toMilliseconds()).isGreaterThan(86_000_000L);
	}

	@Test
	void withoutACertificateConnectionsLiveForever() {
		ActiveTlsMaterial material = new ActiveTlsMaterial(new TlsMaterial(null, List.of(), null),
				new SslContextFactory(false, true));
		CurrentGeneration generation = new CurrentGeneration("anonymous", material);
		assertThat(generation.lifeLeft()).isEqualTo(TimeValue.MAX_VALUE);
		assertThat(generation.isCurrent(generation.connectionState())).isTrue();
	}

	private static ActiveTlsMaterial active(IssuedCertificate certificate) {
		return new ActiveTlsMaterial(material(certificate), new SslContextFactory(false, false));
	}

	private static TlsMaterial material(IssuedCertificate certificate) {
		return new TlsMaterial(certificate.privateKey(), certificate.chain(), List.of());
	}

}
