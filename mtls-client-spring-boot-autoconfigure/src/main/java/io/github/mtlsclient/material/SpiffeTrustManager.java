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

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

import org.jspecify.annotations.Nullable;

/**
 * Verifies a server as {@link SpiffeTrust} says: its SPIFFE ID is the one URI SAN of its
 * certificate, its chain leads to the bundle of that ID's trust domain, and the ID is
 * one the client accepts. Extended, so that the JDK adds no host name check of its own.
 *
 * @author mtls-client-spring-boot authors
 */
final class SpiffeTrustManager extends X509ExtendedTrustManager {

	private static final int URI_NAME = 6;

	private final SpiffeTrust trust;

	SpiffeTrustManager(SpiffeTrust trust) {
		this.trust = trust;
	}

	@Override
	public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
		verify(chain);
	}

	@Override
	public void checkServerTrusted(X509Certificate[] chain, String authType, @Nullable Socket socket)
			throws CertificateException {
		verify(chain);
	}

	@Override
	public void checkServerTrusted(X509Certificate[] chain, String authType, @Nullable SSLEngine engine)
			throws CertificateException {
		verify(chain);
	}

	@Override
	public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
		throw new CertificateException("A client's trust manager does not verify clients");
	}

	@Override
	public void checkClientTrusted(X509Certificate[] chain, String authType, @Nullable Socket socket)
			throws CertificateException {
		checkClientTrusted(chain, authType);
	}

	@Override
	public void checkClientTrusted(X509Certificate[] chain, String authType, @Nullable SSLEngine engine)
			throws CertificateException {
		checkClientTrusted(chain, authType);
	}

	@Override
	public X509Certificate[] getAcceptedIssuers() {
		return this.trust.allBundleCertificates().toArray(X509Certificate[]::new);
	}

	private void verify(X509Certificate[] chain) throws CertificateException {
		if (chain.length == 0) {
			throw new SpiffeServerRejectedException("The server presented no certificate");
		}
		String id = spiffeId(chain[0]);
		String trustDomain = SpiffeIds.trustDomain(id);
		List<X509Certificate> bundle = this.trust.bundles().get(trustDomain);
		if (bundle == null) {
			throw new SpiffeServerRejectedException("The server presented SPIFFE ID " + id + " of trust domain '" + trustDomain
					+ "', for which the Workload API sent no bundle (bundles: " + this.trust.bundles().keySet() + ")");
		}
		validateChain(chain, bundle, id);
		if (!this.trust.accepts(id)) {
			throw new SpiffeServerRejectedException(
					"The server presented SPIFFE ID " + id + ", but the client accepts " + this.trust.accepted());
		}
	}

	private static String spiffeId(X509Certificate leaf) throws CertificateException {
		List<String> uris = new ArrayList<>();
		Collection<List<?>> names;
		try {
			names = leaf.getSubjectAlternativeNames();
		}
		catch (CertificateParsingException ex) {
			throw new SpiffeServerRejectedException("The server's certificate has an unreadable subject alternative name", ex);
		}
		if (names != null) {
			for (List<?> name : names) {
				if (name.size() == 2 && Integer.valueOf(URI_NAME).equals(name.get(0))) {
					uris.add(String.valueOf(name.get(1)));
				}
			}
		}
		if (uris.size() != 1) {
			throw new SpiffeServerRejectedException("The server's certificate " + leaf.getSubjectX500Principal().getName()
					+ " is no X.509-SVID: it has " + uris.size() + " URI names " + uris + " instead of one SPIFFE ID");
		}
		String id = uris.get(0);
		String problem = SpiffeIds.workloadIdProblem(id);
		if (problem != null) {
			throw new SpiffeServerRejectedException("The server's URI name " + id + " is no SPIFFE ID: " + problem);
		}
		return id;
	}

	private static void validateChain(X509Certificate[] chain, List<X509Certificate> bundle, String id)
			throws CertificateException {
		Set<TrustAnchor> anchors = new HashSet<>();
		bundle.forEach((certificate) -> anchors.add(new TrustAnchor(certificate, null)));
		List<X509Certificate> path = new ArrayList<>();
		for (X509Certificate certificate : chain) {
			// A server may send its root too; the bundle is what is trusted.
			if (!bundle.contains(certificate)) {
				path.add(certificate);
			}
		}
		try {
			CertPath certPath = CertificateFactory.getInstance("X.509").generateCertPath(path);
			PKIXParameters parameters = new PKIXParameters(anchors);
			// SPIFFE revokes by short lifetimes and bundle updates, not by CRL or OCSP.
			parameters.setRevocationEnabled(false);
			CertPathValidator.getInstance("PKIX").validate(certPath, parameters);
		}
		catch (GeneralSecurityException ex) {
			throw new SpiffeServerRejectedException("The server's certificate chain for SPIFFE ID " + id
					+ " does not lead to the bundle of its trust domain: " + ex.getMessage(), ex);
		}
	}

}
