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

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

import io.github.mtlsclient.testsupport.CertificateAuthority;
import io.github.mtlsclient.testsupport.IssuedCertificate;
import io.github.mtlsclient.testsupport.TestPki;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which certificate authorities a client trusts.
 *
 * @author mtls-client-spring-boot authors
 */
class SslContextFactoryTests {

	private final CertificateAuthority ca = TestPki.rootCa("Trust CA");

	private final IssuedCertificate client = this.ca.issueClient("c");

	private List<X509Certificate> systemCas;

	/**
	 * The JDK's default CAs read from its {@code cacerts} file, not through the trust
	 * manager factory the code under test uses: an oracle of its own.
	 */
	@BeforeEach
	void jdkDefaults() throws Exception {
		assertThat(System.getProperty("javax.net.ssl.trustStore")).as("tests run with the JDK's own trust store")
			.isNull();
		KeyStore cacerts = KeyStore.getInstance(KeyStore.getDefaultType());
		try (InputStream in = Files.newInputStream(Path.of(System.getProperty("java.home"), "lib", "security", "cacerts"))) {
			cacerts.load(in, null);
		}
		List<X509Certificate> certificates = new ArrayList<>();
		for (String alias : Collections.list(cacerts.aliases())) {
			if (cacerts.isCertificateEntry(alias)) {
				certificates.add((X509Certificate) cacerts.getCertificate(alias));
			}
		}
		this.systemCas = certificates;
	}

	@Test
	void givenCertificatesAreTheOnlyOnesTrusted() throws Exception {
		SslContextFactory factory = new SslContextFactory(false, false);
		assertThat(acceptedIssuers(factory.trustManagers(material(List.of(this.ca.certificate())))))
			.containsExactly(this.ca.certificate());
	}

	@Test
	void includeSystemCasAddsTheJdkDefaults() throws Exception {
		assertThat(this.systemCas).isNotEmpty();
		SslContextFactory factory = new SslContextFactory(false, true);
		assertThat(acceptedIssuers(factory.trustManagers(material(List.of(this.ca.certificate())))))
			.contains(this.ca.certificate())
			.containsAll(this.systemCas)
			.hasSize(this.systemCas.size() + 1);
	}

	@Test
	void includeSystemCasWithoutCertificatesIsTheJdkDefaults() throws Exception {
		assertThat(this.systemCas).hasSizeGreaterThan(10);
		assertThat(acceptedIssuers(new SslContextFactory(false, true).trustManagers(material(null))))
			.containsExactlyInAnyOrderElementsOf(this.systemCas);
		assertThat(acceptedIssuers(new SslContextFactory(false, false).trustManagers(material(null))))
			.containsExactlyInAnyOrderElementsOf(this.systemCas);
	}

	private TlsMaterial material(List<X509Certificate> trusted) {
		return new TlsMaterial(this.client.privateKey(), this.client.chain(), trusted);
	}

	private static List<X509Certificate> acceptedIssuers(TrustManager[] trustManagers) {
		return List.of(((X509TrustManager) trustManagers[0]).getAcceptedIssuers());
	}

}
