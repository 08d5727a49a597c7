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

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
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
import io.github.mtlsclient.material.IdentityEngine;
import io.github.mtlsclient.material.SpiffeServerRejectedException;
import org.apache.hc.client5.http.classic.ExecChain;
import org.apache.hc.client5.http.classic.ExecChainHandler;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ConnectionRequestTimeoutException;
import org.apache.hc.core5.http.EndpointDetails;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.jspecify.annotations.Nullable;

/**
 * Rewrites the I/O failures of a client's requests into messages a person can act on:
 * which client, which setting, which certificate — instead of {@code bad_certificate}
 * or {@code Read timed out}. The exception keeps its exact class, so callers and retry
 * logic that look at the type see no difference; the original is its cause. An
 * exception of a class it cannot recreate is passed on as it is.
 *
 * @author mtls-client-spring-boot authors
 */
final class ClientFailureExplainer implements ExecChainHandler {

	/**
	 * TLS alerts a server sends when it refuses the client's certificate.
	 */
	private static final Set<String> CERTIFICATE_ALERTS = Set.of("bad_certificate", "unknown_ca",
			"certificate_unknown", "certificate_required", "certificate_expired", "certificate_revoked",
			"unsupported_certificate", "access_denied", "decrypt_error");

	private final String clientName;

	private final HttpHost origin;

	private final IdentityEngine engine;

	private final Limits limits;

	/**
	 * Create a new explainer.
	 * @param clientName the client name
	 * @param origin the client's origin
	 * @param engine the client's identity engine, for the certificate it presented
	 * @param limits the client's pool and timeout settings
	 */
	ClientFailureExplainer(String clientName, HttpHost origin, IdentityEngine engine, Limits limits) {
		this.clientName = clientName;
		this.origin = origin;
		this.engine = engine;
		this.limits = limits;
	}

	@Override
	public ClassicHttpResponse execute(ClassicHttpRequest request, ExecChain.Scope scope, ExecChain chain)
			throws IOException, HttpException {
		try {
			return chain.proceed(request, scope);
		}
		catch (ConnectionRequestTimeoutException ex) {
			throw explained(new ConnectionRequestTimeoutException(prefix() + "no pooled connection became free within "
					+ format(this.limits.acquireTimeout()) + ": all " + this.limits.maxConnections()
					+ " connections of the pool are in use. Raise mtls.clients." + this.clientName
					+ ".pool.max-connections or .pool.acquire-timeout, or make fewer concurrent calls"), ex);
		}
		catch (SocketTimeoutException ex) {
			if (ex.getClass() != SocketTimeoutException.class) {
				throw ex;
			}
			throw explained(new SocketTimeoutException(prefix() + "no response from " + this.origin.toURI()
					+ " within the read timeout of " + format(this.limits.readTimeout()) + " (mtls.clients."
					+ this.clientName + ".read-timeout)" + detail(ex)), ex);
		}
		catch (NoHttpResponseException ex) {
			throw explained(new NoHttpResponseException(closedWithoutResponse(request) + detail(ex)), ex);
		}
		catch (SSLException ex) {
			String explanation = explain(ex);
			if (explanation == null) {
				explanation = closedAfterHandshake(ex, scope);
			}
			if (explanation == null) {
				explanation = closedPooledConnection(ex, request, scope);
			}
			SSLException explained = (explanation != null) ? sameClass(ex, explanation) : null;
			if (explained == null) {
				throw ex;
			}
			throw explained(explained, ex);
		}
		catch (SocketException ex) {
			String explanation = closedAfterHandshake(ex, scope);
			if (explanation == null) {
				explanation = closedPooledConnection(ex, request, scope);
			}
			if (explanation == null || ex.getClass() != SocketException.class) {
				throw ex;
			}
			throw explained(new SocketException(explanation), ex);
		}
	}

	/**
	 * A new exception of exactly the class of the original, for the JDK's own
	 * {@link SSLException} classes; {@code null} for any other class, whose exception is
	 * then passed on unchanged rather than turned into its parent.
	 */
	private static @Nullable SSLException sameClass(SSLException original, String message) {
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
	 * With TLS 1.3 the client's part of the handshake is over before the server has
	 * checked the client certificate, so a server that refuses it may just close the
	 * connection: the client sees "Broken pipe" or "Connection reset" while finishing the
	 * handshake or on a connection that never carried a response.
	 */
	private @Nullable String closedAfterHandshake(IOException ex, ExecChain.Scope scope) {
		String message = String.valueOf(ex.getMessage()).toLowerCase(Locale.ROOT);
		if (!message.contains("broken pipe") && !message.contains("connection reset")) {
			return null;
		}
		EndpointDetails endpoint = scope.clientContext.getEndpointDetails();
		if (endpoint != null && endpoint.getResponseCount() > 0) {
			return null;
		}
		return prefix() + "the server at " + this.origin.toURI()
				+ " closed the connection during or right after the TLS handshake, before any response: most likely "
				+ "it rejected this client's certificate " + describePresented()
				+ ". Check that the server trusts the certificate's issuer" + detail(ex);
	}

	/**
	 * The server closed a kept-alive connection as the request was sent on it (it
	 * reloaded, or timed the connection out just then).
	 */
	private @Nullable String closedPooledConnection(IOException ex, ClassicHttpRequest request, ExecChain.Scope scope) {
		if (!IdempotentRetryStrategy.isClosedByServer(ex)
				|| !IdempotentRetryStrategy.wasReused(scope.clientContext)) {
			return null;
		}
		return closedWithoutResponse(request) + detail(ex);
	}

	private String closedWithoutResponse(ClassicHttpRequest request) {
		String what = prefix() + "the server at " + this.origin.toURI() + " closed the connection without answering "
				+ request.getMethod() + " " + request.getRequestUri();
		if (!IdempotentRetryStrategy.isIdempotent(request)) {
			return what + ". A " + request.getMethod() + " is never sent twice: the server may have processed it"
					+ " before closing. Send it again yourself only if that is safe (e.g. with an idempotency key)";
		}
		if (this.limits.retries() == 0) {
			return what + ", and retries are off (mtls.clients." + this.clientName + ".retries=0)";
		}
		return what + ", also after " + this.limits.retries() + ((this.limits.retries() == 1) ? " retry" : " retries")
				+ " (mtls.clients." + this.clientName + ".retries)";
	}

	private @Nullable String explain(SSLException ex) {
		SpiffeServerRejectedException spiffe = cause(ex, SpiffeServerRejectedException.class);
		if (spiffe != null) {
			return prefix() + "the server at " + this.origin.toURI() + " failed the SPIFFE check: "
					+ spiffe.getMessage() + ". Check mtls.clients." + this.clientName
					+ ".spiffe.server-ids or .spiffe.server-trust-domain, and that the Workload API sends the bundle "
					+ "of the server's trust domain";
		}
		String message = String.valueOf(ex.getMessage()).toLowerCase(Locale.ROOT);
		for (String alert : CERTIFICATE_ALERTS) {
			if (message.contains(alert)) {
				return prefix() + "the server at " + this.origin.toURI() + " rejected this client's certificate "
						+ describePresented() + " with the TLS alert '" + alert
						+ "'. Check that the server trusts the certificate's issuer and that it is valid for client "
						+ "authentication";
			}
		}
		if (message.contains("protocol_version") || message.contains("no appropriate protocol")) {
			return prefix() + "no TLS version in common with " + this.origin.toURI() + ": this client enables "
					+ this.limits.protocols() + " (mtls.clients." + this.clientName + ".protocols)" + detail(ex);
		}
		if (message.contains("handshake_failure") || message.contains("no cipher suites in common")) {
			return prefix() + "the TLS handshake with " + this.origin.toURI()
					+ " failed: no protocol or cipher suite in common, or the server wants a certificate this client"
					+ " does not have (mtls.clients." + this.clientName + ".protocols, .cipher-suites)" + detail(ex);
		}
		String outsideValidity = serverCertificateOutsideValidity(ex);
		if (outsideValidity != null) {
			return outsideValidity;
		}
		if (message.contains("no subject alternative") || message.contains("no name matching")) {
			return prefix() + "the server's certificate at " + this.origin.toURI()
					+ " does not carry the name this client checks: the base-url's host, or mtls.clients."
					+ this.clientName + ".server-name when set" + detail(ex);
		}
		if (message.contains("pkix path") || message.contains("unable to find valid certification path")) {
			return prefix() + "the server's certificate at " + this.origin.toURI()
					+ " is not issued by a trusted certificate authority (mtls.clients." + this.clientName
					+ ".trust.certificates)" + detail(ex);
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
				: "the server's certificate at " + this.origin.toURI();
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
		String which = (index == 0) ? "the server's certificate at " + this.origin.toURI()
				: "the certificate in the chain of the server at " + this.origin.toURI();
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

	private static <T extends Throwable> @Nullable T cause(Throwable ex, Class<T> type) {
		for (Throwable cause = ex; cause != null; cause = (cause.getCause() != cause) ? cause.getCause() : null) {
			if (type.isInstance(cause)) {
				return type.cast(cause);
			}
		}
		return null;
	}

	private String describePresented() {
		CertificateDetails certificate = this.engine.current().certificate();
		return (certificate != null) ? "(" + certificate.subject() + ", issued by " + certificate.issuer() + ", serial "
				+ certificate.serialNumber() + ")" : "(none configured)";
	}

	private String prefix() {
		return "mTLS client '" + this.clientName + "': ";
	}

	private static String detail(Exception ex) {
		return (ex.getMessage() != null) ? " [" + ex.getMessage() + "]" : "";
	}

	private static <T extends IOException> T explained(T explained, IOException original) {
		explained.initCause(original);
		if (original instanceof InterruptedIOException interrupted && explained instanceof InterruptedIOException) {
			((InterruptedIOException) explained).bytesTransferred = interrupted.bytesTransferred;
		}
		return explained;
	}

	private static String format(Duration duration) {
		return (duration.toMillis() % 1000 == 0) ? duration.toSeconds() + "s" : duration.toMillis() + "ms";
	}

	/**
	 * The settings the explanations quote.
	 *
	 * @param maxConnections the pool size
	 * @param acquireTimeout the time to wait for a pooled connection
	 * @param readTimeout the read timeout
	 * @param protocols the enabled TLS protocols
	 * @param retries how often an idempotent request may be sent again
	 */
	record Limits(int maxConnections, Duration acquireTimeout, Duration readTimeout, List<String> protocols,
			int retries) {

	}

}
