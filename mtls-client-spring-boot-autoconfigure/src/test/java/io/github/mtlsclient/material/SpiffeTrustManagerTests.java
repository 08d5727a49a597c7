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
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.github.mtlsclient.testsupport.IssuedCertificate;
import io.github.mtlsclient.testsupport.SpiffeTrustDomain;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What {@link SpiffeTrustManager} refuses in a server's certificate chain, beyond a wrong
 * SPIFFE ID: certificates no X.509-SVID may be, a chain that leads to another trust
 * domain's bundle, and a leaf the bundle holds, which is validated all the same.
 *
 * @author mtls-client-spring-boot authors
 */
class SpiffeTrustManagerTests {

	private static final String SERVER = "spiffe://example.org/payments";

	private final SpiffeTrustDomain own = SpiffeTrustDomain.create("example.org");

	private final SpiffeTrustDomain partner = SpiffeTrustDomain.create("partner.org");

	private final SpiffeTrustManager trustManager = new SpiffeTrustManager(new SpiffeTrust("spiffe://example.org/client",
			Map.of("example.org", List.of(this.own.caCertificate()), "partner.org",
					List.of(this.partner.caCertificate())),
			List.of(SERVER), null));

	@Test
	void anSvidOfTheAcceptedIdFromItsOwnDomainIsAccepted() {
		IssuedCertificate server = this.own.issueSvid("payments", Duration.ofMinutes(5));
		assertThatCode(() -> check(server.certificate())).doesNotThrowAnyException();
	}

	@Test
	void aCaCertificateNamingTheServerIsRefused() {
		IssuedCertificate ca = this.own.ca().leaf("payments").subjectAltNames(SERVER).certificateAuthority().issue();
		assertThatExceptionOfType(SpiffeServerRejectedException.class).isThrownBy(() -> check(ca.certificate()))
			.withMessageContaining("is a CA certificate");
	}

	@Test
	void anSvidForClientAuthenticationOnlyIsRefused() {
		IssuedCertificate clientOnly = this.own.ca().leaf("payments").subjectAltNames(SERVER).clientAuth().issue();
		assertThatExceptionOfType(SpiffeServerRejectedException.class).isThrownBy(() -> check(clientOnly.certificate()))
			.withMessageContaining("is not meant for server authentication");
	}

	@Test
	void aFederatedCaCannotIssueAnIdOfAnotherTrustDomain() {
		IssuedCertificate forged = this.partner.ca().leaf("payments").subjectAltNames(SERVER).serverAuth().issue();
		assertThatExceptionOfType(SpiffeServerRejectedException.class).isThrownBy(() -> check(forged.certificate()))
			.withMessageContaining("does not lead to the bundle of its trust domain");
	}

	@Test
	void aCertificateWithTwoUriNamesIsRefused() {
		IssuedCertificate two = this.own.ca()
			.leaf("payments")
			.subjectAltNames(SERVER, "spiffe://example.org/other")
			.serverAuth()
			.issue();
		assertThatExceptionOfType(SpiffeServerRejectedException.class).isThrownBy(() -> check(two.certificate()))
			.withMessageContaining("2 URI names");
	}

	@Test
	void aLeafTheBundleHoldsIsStillValidated() {
		Instant past = Instant.now().minus(Duration.ofDays(2));
		IssuedCertificate expired = this.own.ca()
			.leaf("payments")
			.subjectAltNames(SERVER)
			.serverAuth()
			.validity(past, past.plus(Duration.ofDays(1)))
			.issue();
		SpiffeTrustManager holdingTheLeaf = new SpiffeTrustManager(new SpiffeTrust("spiffe://example.org/client",
				Map.of("example.org", List.of(this.own.caCertificate(), expired.certificate())), List.of(SERVER), null));
		assertThatExceptionOfType(SpiffeServerRejectedException.class)
			.isThrownBy(() -> holdingTheLeaf.checkServerTrusted(new X509Certificate[] { expired.certificate() }, "EC"))
			.withMessageContaining("does not lead to the bundle of its trust domain");
	}

	private void check(X509Certificate leaf) throws Exception {
		this.trustManager.checkServerTrusted(new X509Certificate[] { leaf }, "EC");
	}

}
