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

import java.security.cert.CertPathValidatorException;
import java.security.cert.CertPathValidatorException.BasicReason;
import java.security.cert.Certificate;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLKeyException;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLProtocolException;

import io.github.mtlsclient.CertificateDetails;
import org.jspecify.annotations.Nullable;

/**
 * The words for what went wrong between a client and its server, the same whichever
 * transport met it: each names the client, what happened, the certificate or setting
 * involved and what to do. Transports decide which failure they met and how the
 * explanation reaches the caller; the wording lives here once.
 *
 * @author mtls-client-spring-boot authors
 */
public final class FailureExplanations {

	/**
	 * TLS alerts a server sends when it refuses the client's certificate.
	 */
	private static final Set<String> CERTIFICATE_ALERTS = Set.of("bad_certificate", "unknown_ca",
			"certificate_unknown", "certificate_required", "certificate_expired", "certificate_revoked",
			"unsupported_certificate", "access_denied", "decrypt_error");

	private final String clientName;

	private final String origin;

	private final IdentityEngine engine;

	/**
	 * Create the explanations of one client's failures.
	 * @param clientName the client name
	 * @param origin the client's origin as it is quoted, e.g. {@code https://host:8443}
	 * @param engine the client's identity engine, for the certificate it presents
	 */
	public FailureExplanations(String clientName, String origin, IdentityEngine engine) {
		this.clientName = clientName;
		this.origin = origin;
		this.engine = engine;
	}

	/**
	 * No pooled connection became free in time.
	 * @param maxConnections the pool size
	 * @param acquireTimeout the time waited
	 * @return the explanation
	 */
	public String poolExhausted(int maxConnections, Duration acquireTimeout) {
		return prefix() + "no pooled connection became free within " + format(acquireTimeout) + ": all "
				+ maxConnections + " connections of the pool are in use. Raise mtls.clients." + this.clientName
				+ ".pool.max-connections or .pool.acquire-timeout, or make fewer concurrent calls";
	}

	/**
	 * The server did not answer within the read timeout.
	 * @param readTimeout the read timeout
	 * @param original the transport's exception
	 * @return the explanation
	 */
	public String readTimeout(Duration readTimeout, Throwable original) {
		return prefix() + "no response from " + this.origin + " within the read timeout of " + format(readTimeout)
				+ " (mtls.clients." + this.clientName + ".read-timeout)" + detail(original);
	}

	/**
	 * The server closed a new connection during or right after the TLS handshake: with
	 * TLS 1.3 the client's part of the handshake is over before the server has checked
	 * the client certificate, so a server that refuses it may just hang up.
	 * @param original the transport's exception
	 * @return the explanation
	 */
	public String closedAfterHandshake(Throwable original) {
		return prefix() + "the server at " + this.origin
				+ " closed the connection during or right after the TLS handshake, before any response: most likely "
				+ "it rejected this client's certificate " + describePresented()
				+ ". Check that the server trusts the certificate's issuer" + detail(original);
	}

	/**
	 * A TLS failure: the server refused the client's certificate, no protocol or cipher
	 * suite in common, or the server's certificate is outside its validity, lacks the
	 * checked name or SPIFFE ID, or is not issued by a trusted authority.
	 * @param ex the TLS failure
	 * @param protocols the client's enabled protocols
	 * @return the explanation, or {@code null} for a failure not known here
	 */
	public @Nullable String tlsFailure(SSLException ex, List<String> protocols) {
		SpiffeServerRejectedException spiffe = cause(ex, SpiffeServerRejectedException.class);
		if (spiffe != null) {
			return prefix() + "the server at " + this.origin + " failed the SPIFFE check: " + spiffe.getMessage()
					+ ". Check mtls.clients." + this.clientName
					+ ".spiffe.server-ids or .spiffe.server-trust-domain, and that the Workload API sends the bundle "
					+ "of the server's trust domain";
		}
		String message = String.valueOf(ex.getMessage()).toLowerCase(Locale.ROOT);
		for (String alert : CERTIFICATE_ALERTS) {
			if (message.contains(alert)) {
				return prefix() + "the server at " + this.origin + " rejected this client's certificate "
						+ describePresented() + " with the TLS alert '" + alert
						+ "'. Check that the server trusts the certificate's issuer and that it is valid for client "
						+ "authentication";
			}
		}
		if (message.contains("protocol_version") || message.contains("no appropriate protocol")) {
			return prefix() + "no TLS version in common with " + this.origin + ": this client enables " + protocols
					+ " (mtls.clients." + this.clientName + ".protocols)" + detail(ex);
		}
		if (message.contains("handshake_failure") || message.contains("no cipher suites in common")) {
			return prefix() + "the TLS handshake with " + this.origin
					+ " failed: no protocol or cipher suite in common, or the server wants a certificate this client"
					+ " does not have (mtls.clients." + this.clientName + ".protocols, .cipher-suites)" + detail(ex);
		}
		String outsideValidity = serverCertificateOutsideValidity(ex);
		if (outsideValidity != null) {
			return outsideValidity;
		}
		if (message.contains("no subject alternative") || message.contains("no name matching")) {
			return prefix() + "the server's certificate at " + this.origin
					+ " does not carry the name this client checks: the base-url's host, or mtls.clients."
					+ this.clientName + ".server-name when set" + detail(ex);
		}
		if (message.contains("pkix path") || message.contains("unable to find valid certification path")) {
			return prefix() + "the server's certificate at " + this.origin
					+ " is not issued by a trusted certificate authority (mtls.clients." + this.clientName
					+ ".trust.certificates)" + detail(ex);
		}
		return null;
	}

	/**
	 * The server closed the connection without answering a request: the start of the
	 * explanation, which each transport completes with what it did about it.
	 * @param method the request's method
	 * @param target the request's target
	 * @return the explanation's first sentence, without its full stop
	 */
	public String closedWithoutAnswer(String method, String target) {
		return prefix() + "the server at " + this.origin + " closed the connection without answering " + method + " "
				+ target;
	}

	/**
	 * The start of every explanation: which client.
	 * @return the prefix
	 */
	public String prefix() {
		return "mTLS client '" + this.clientName + "': ";
	}

	/**
	 * The certificate the client presents now, in parentheses, for an explanation.
	 * @return the description
	 */
	public String describePresented() {
		CertificateDetails certificate = this.engine.current().certificate();
		return (certificate != null) ? "(" + certificate.subject() + ", issued by " + certificate.issuer() + ", serial "
				+ certificate.serialNumber() + ")" : "(none configured)";
	}

	/**
	 * The original message, in brackets after an explanation, if it has one.
	 * @param ex the original exception
	 * @return the detail, or an empty string
	 */
	public static String detail(Throwable ex) {
		return (ex.getMessage() != null) ? " [" + ex.getMessage() + "]" : "";
	}

	/**
	 * An explanation with the exception it explains as its cause.
	 * @param <T> the explanation's type
	 * @param explanation the explaining exception, without a cause yet
	 * @param original the exception it explains
	 * @return the explanation
	 */
	public static <T extends Throwable> T withCause(T explanation, Throwable original) {
		explanation.initCause(original);
		return explanation;
	}

	/**
	 * A new exception of exactly the class of the original, for the JDK's own
	 * {@link SSLException} classes, so that callers that look at the type see no
	 * difference; {@code null} for any other class, whose exception is then best passed
	 * on unchanged rather than turned into its parent.
	 * @param original the original exception
	 * @param message the explanation
	 * @return the new exception, without a cause yet, or {@code null}
	 */
	public static @Nullable SSLException sameClass(SSLException original, String message) {
		Class<?> type = original.getClass();
		if (type == SSLHandshakeException.class) {
			return new SSLHandshakeException(message);
		}
		if (type == SSLPeerUnverifiedException.class) {
			return new SSLPeerUnverifiedException(message);
		}
		if (type == SSLProtocolException.class) {
			return new SSLProtocolException(message);
		}
		if (type == SSLKeyException.class) {
			return new SSLKeyException(message);
		}
		if (type == SSLException.class) {
			return new SSLException(message);
		}
		return null;
	}

	/**
	 * The first exception of the given type in a chain of causes.
	 * @param <T> the type
	 * @param ex the outermost exception
	 * @param type the type looked for
	 * @return the exception, or {@code null}
	 */
	public static <T extends Throwable> @Nullable T cause(Throwable ex, Class<T> type) {
		for (Throwable cause = ex; cause != null; cause = (cause.getCause() != cause) ? cause.getCause() : null) {
			if (type.isInstance(cause)) {
				return type.cast(cause);
			}
		}
		return null;
	}

	/**
	 * An expired server certificate fails the same PKIX validation as an untrusted one;
	 * only the causes tell them apart: the validator's reason and the certificate it
	 * stopped at.
	 */
	private @Nullable String serverCertificateOutsideValidity(SSLException ex) {
		CertPathValidatorException validation = cause(ex, CertPathValidatorException.class);
		boolean expired = cause(ex, CertificateExpiredException.class) != null
				|| (validation != null && validation.getReason() == BasicReason.EXPIRED);
		boolean notYetValid = cause(ex, CertificateNotYetValidException.class) != null
				|| (validation != null && validation.getReason() == BasicReason.NOT_YET_VALID);
		if (!expired && !notYetValid) {
			return null;
		}
		X509Certificate certificate = failedCertificate(validation);
		String which = (certificate != null) ? describe(certificate, validation.getIndex())
				: "the server's certificate at " + this.origin;
		if (expired) {
			String when = (certificate != null) ? " at " + certificate.getNotAfter().toInstant() : "";
			return prefix() + which + " expired" + when + " (now " + Instant.now()
					+ "): the server must replace it; trusting another CA would not help" + detail(ex);
		}
		String when = (certificate != null) ? " before " + certificate.getNotBefore().toInstant() : " yet";
		return prefix() + which + " is not valid" + when + " (now " + Instant.now()
				+ "): check the clock of this machine and of the server's CA" + detail(ex);
	}

	private String describe(X509Certificate certificate, int index) {
		String which = (index == 0) ? "the server's certificate at " + this.origin
				: "the certificate in the chain of the server at " + this.origin;
		return which + ", " + certificate.getSubjectX500Principal().getName() + " (serial "
				+ certificate.getSerialNumber().toString(16) + "),";
	}

	private static @Nullable X509Certificate failedCertificate(@Nullable CertPathValidatorException validation) {
		if (validation == null || validation.getCertPath() == null || validation.getIndex() < 0) {
			return null;
		}
		List<? extends Certificate> certificates = validation.getCertPath().getCertificates();
		return (validation.getIndex() < certificates.size()
				&& certificates.get(validation.getIndex()) instanceof X509Certificate certificate) ? certificate : null;
	}

	private static String format(Duration duration) {
		return (duration.toMillis() % 1000 == 0) ? duration.toSeconds() + "s" : duration.toMillis() + "ms";
	}

}
