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

	private static final int KEY_CERT_SIGN = 5;

	private static final int CRL_SIGN = 6;

	private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";

	private static final String ANY_PURPOSE = "2.5.29.37.0";

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
		String leafProblem = serverLeafProblem(chain[0]);
		if (leafProblem != null) {
			throw new SpiffeServerRejectedException("The server's certificate for SPIFFE ID " + id + " " + leafProblem);
		}
		String trustDomain = SpiffeIds.trustDomain(id);
		List<X509Certificate> bundle = this.trust.bundles().get(trustDomain);
		if (bundle == null) {
			throw new SpiffeServerRejectedException("The server presented SPIFFE ID " + id + " of trust domain '" + trustDomain
					+ "', for which the Workload API sent no bundle (bundles: " + this.trust.bundles().keySet() + ")");
		}
		String chainProblem = chainProblem(List.of(chain), bundle);
		if (chainProblem != null) {
			throw new SpiffeServerRejectedException("The server's certificate chain for SPIFFE ID " + id
					+ " does not lead to the bundle of its trust domain: " + chainProblem);
		}
		if (!this.trust.accepts(id)) {
			throw new SpiffeServerRejectedException(
					"The server presented SPIFFE ID " + id + ", but the client accepts " + this.trust.accepted());
		}
	}

	/**
	 * The one SPIFFE ID of a certificate.
	 * @param leaf the certificate
	 * @return the SPIFFE ID
	 * @throws SpiffeServerRejectedException if it has none, several or a malformed one
	 */
	static String spiffeId(X509Certificate leaf) throws CertificateException {
		List<String> uris;
		try {
			uris = uriNames(leaf);
		}
		catch (CertificateParsingException ex) {
			throw new SpiffeServerRejectedException("The server's certificate has an unreadable subject alternative name", ex);
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

	/**
	 * The URI names among a certificate's subject alternative names.
	 * @param certificate the certificate
	 * @return its URI names, in order
	 * @throws CertificateParsingException if its names cannot be read
	 */
	static List<String> uriNames(X509Certificate certificate) throws CertificateParsingException {
		List<String> uris = new ArrayList<>();
		Collection<List<?>> names = certificate.getSubjectAlternativeNames();
		if (names != null) {
			for (List<?> name : names) {
				if (name.size() == 2 && Integer.valueOf(URI_NAME).equals(name.get(0))) {
					uris.add(String.valueOf(name.get(1)));
				}
			}
		}
		return uris;
	}

	/**
	 * What makes a certificate unfit as a server's X.509-SVID, as the SPIFFE X.509-SVID
	 * standard has validators check: no CA, no certificate or CRL signing, and (when it
	 * limits its use) server authentication among its extended key usages.
	 * @param leaf the server's certificate
	 * @return the problem, or {@code null}
	 */
	static @Nullable String serverLeafProblem(X509Certificate leaf) throws CertificateException {
		if (leaf.getBasicConstraints() != -1) {
			return "is a CA certificate, which no X.509-SVID is";
		}
		boolean[] usage = leaf.getKeyUsage();
		if (usage != null && ((usage.length > KEY_CERT_SIGN && usage[KEY_CERT_SIGN])
				|| (usage.length > CRL_SIGN && usage[CRL_SIGN]))) {
			return "may sign certificates or CRLs, which no X.509-SVID may";
		}
		List<String> purposes = leaf.getExtendedKeyUsage();
		if (purposes != null && !purposes.contains(SERVER_AUTH) && !purposes.contains(ANY_PURPOSE)) {
			return "is not meant for server authentication (extended key usages " + purposes + ")";
		}
		return null;
	}

	/**
	 * Why a chain does not lead to a bundle, or {@code null} if it does. Its first
	 * certificate is always validated, even one the bundle holds; the others that the
	 * bundle holds (a root sent along) are left to the bundle.
	 * @param chain the chain, leaf first
	 * @param bundle the trusted certificates
	 * @return the problem, or {@code null}
	 */
	static @Nullable String chainProblem(List<X509Certificate> chain, List<X509Certificate> bundle) {
		if (bundle.isEmpty()) {
			return "the bundle holds no certificate";
		}
		Set<TrustAnchor> anchors = new HashSet<>();
		bundle.forEach((certificate) -> anchors.add(new TrustAnchor(certificate, null)));
		List<X509Certificate> path = new ArrayList<>();
		for (int i = 0; i < chain.size(); i++) {
			if (i == 0 || !bundle.contains(chain.get(i))) {
				path.add(chain.get(i));
			}
		}
		try {
			CertPath certPath = CertificateFactory.getInstance("X.509").generateCertPath(path);
			PKIXParameters parameters = new PKIXParameters(anchors);
			// SPIFFE revokes by short lifetimes and bundle updates, not by CRL or OCSP.
			parameters.setRevocationEnabled(false);
			CertPathValidator.getInstance("PKIX").validate(certPath, parameters);
			return null;
		}
		catch (GeneralSecurityException ex) {
			return String.valueOf(ex.getMessage());
		}
	}

}
