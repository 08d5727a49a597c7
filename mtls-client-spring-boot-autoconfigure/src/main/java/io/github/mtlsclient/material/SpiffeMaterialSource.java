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

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.github.mtlsclient.InvalidMtlsClientException;
import io.github.mtlsclient.settings.ClientSettings;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.ClassUtils;

/**
 * Material from the SPIFFE Workload API: the X.509-SVID the stream delivered last (the
 * default one, or the one with the configured hint), trusting the bundles that came with
 * it and checking the server's SPIFFE ID. The first {@link #load()} waits for the first
 * SVID; after it, every update the Workload API pushes is announced to the
 * {@link #onChange change listener}, which reloads through the same validate-then-swap
 * path as a file rotation. While the agent is away the last SVID stays in use and the
 * stream is opened again with back-off.
 *
 * @author mtls-client-spring-boot authors
 */
final class SpiffeMaterialSource implements TlsMaterialSource, WorkloadApiStream.Listener {

	private static final Log logger = LogFactory.getLog(SpiffeMaterialSource.class);

	private static final String KEY = "spiffe.socket";

	private final String clientName;

	private final ClientSettings.Spiffe settings;

	private final MaterialProblem problem;

	private final CountDownLatch firstUpdate = new CountDownLatch(1);

	private volatile @Nullable Object latest;

	private volatile boolean connected;

	private volatile @Nullable String lastDisconnect;

	private volatile @Nullable String lastStatusCode;

	private volatile Runnable changeListener = () -> {
	};

	private @Nullable WorkloadApiStream stream;

	private SpiffeMaterialSource(String clientName, ClientSettings.Spiffe settings) {
		this.clientName = clientName;
		this.settings = settings;
		this.problem = new MaterialProblem(clientName);
	}

	/**
	 * Open the stream of a client to the Workload API.
	 * @param clientName the client name
	 * @param settings the client's SPIFFE settings
	 * @param classLoader the application's class loader, which must see java-spiffe
	 * @return the source, receiving
	 * @throws InvalidMtlsClientException if java-spiffe or its gRPC transport is missing
	 */
	static SpiffeMaterialSource open(String clientName, ClientSettings.Spiffe settings,
			@Nullable ClassLoader classLoader) {
		if (!ClassUtils.isPresent(WorkloadApiStream.REQUIRED_CLASS, classLoader)
				|| !ClassUtils.isPresent(WorkloadApiStream.REQUIRED_TRANSPORT_CLASS, classLoader)) {
			throw InvalidMtlsClientException.forKey(clientName, "spiffe.enabled", null,
					"is true, but java-spiffe or its gRPC transport is not on the class path",
					"Add the dependencies io.spiffe:java-spiffe-core and io.spiffe:grpc-netty-linux", null);
		}
		String unavailable = WorkloadApiStream.unavailability();
		if (unavailable != null) {
			throw InvalidMtlsClientException.forKey(clientName, "spiffe.enabled", null, "is true, but " + unavailable,
					"Run the application on Linux with glibc, or take the SVID from files written by spiffe-helper",
					null);
		}
		SpiffeMaterialSource source = new SpiffeMaterialSource(clientName, settings);
		source.stream = new WorkloadApiStream(clientName, settings.socketPath(), source);
		return source;
	}

	@Override
	public TlsMaterial load() {
		awaitFirstUpdate();
		Object received = this.latest;
		if (received instanceof RuntimeException unusable) {
			throw unusable;
		}
		SpiffeX509Context context = (SpiffeX509Context) received;
		SpiffeX509Context.Svid svid = chosen(context);
		SpiffeTrust trust = new SpiffeTrust(svid.spiffeId(), context.bundles(), this.settings.serverIds(),
				this.settings.serverTrustDomain());
		TlsMaterial material = new TlsMaterial(svid.privateKey(), svid.chain(), trust.allBundleCertificates(), trust);
		new TlsMaterialValidator(this.problem, KEY, this.settings.socket() + " (X.509-SVID " + svid.spiffeId() + ")",
				KEY, this.settings.socket())
			.validate(material);
		// After the checks every certificate gets, those only an X.509-SVID needs.
		String unfit = unfitSvid(svid, context.bundles());
		if (unfit != null) {
			throw this.problem.of(KEY, this.settings.socket(),
					"the Workload API sent an X.509-SVID for " + svid.spiffeId() + " that " + unfit,
					"Check the SPIRE agent and server (registration entry, CA and bundle); the last good "
							+ "X.509-SVID stays in use",
					null);
		}
		return material;
	}

	/**
	 * An update is used only if its SVID is what it says: its certificate names exactly
	 * the SPIFFE ID it came with, and it leads to a bundle of its own trust domain sent
	 * alongside. Otherwise the last good SVID and bundles stay in use.
	 */
	private static @Nullable String unfitSvid(SpiffeX509Context.Svid svid, Map<String, List<X509Certificate>> bundles) {
		List<String> uris;
		try {
			uris = SpiffeTrustManager.uriNames(svid.chain().get(0));
		}
		catch (CertificateParsingException ex) {
			return "has unreadable subject alternative names";
		}
		if (!uris.equals(List.of(svid.spiffeId()))) {
			return "names " + uris + " in its certificate instead of that one SPIFFE ID";
		}
		String trustDomain = SpiffeIds.trustDomain(svid.spiffeId());
		List<X509Certificate> bundle = bundles.get(trustDomain);
		if (bundle == null || bundle.isEmpty()) {
			return "came without a bundle of its own trust domain '" + trustDomain + "'";
		}
		String chainProblem = SpiffeTrustManager.chainProblem(svid.chain(), bundle);
		return (chainProblem != null) ? "does not lead to the bundle of its trust domain: " + chainProblem : null;
	}

	private SpiffeX509Context.Svid chosen(SpiffeX509Context context) {
		String hint = this.settings.svidHint();
		if (hint == null) {
			return context.svids().get(0);
		}
		return context.svids()
			.stream()
			.filter((svid) -> hint.equals(svid.hint()))
			.findFirst()
			.orElseThrow(() -> this.problem.of("spiffe.svid-hint", null,
					"'" + hint + "' is the hint of no X.509-SVID the Workload API issued (hints: "
							+ context.svids().stream().map(SpiffeX509Context.Svid::hint).toList() + ")",
					"Set the hint of one of the workload's registration entries, or remove spiffe.svid-hint", null));
	}

	private void awaitFirstUpdate() {
		try {
			if (this.firstUpdate.await(this.settings.initialTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
				return;
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		close();
		throw noFirstUpdate();
	}

	/**
	 * Whether the socket, or a folder on its way, may not be looked at: then
	 * {@link Files#exists} says "no socket" although there may be one (a root-owned 0700
	 * folder and a non-root process, say).
	 */
	private static boolean accessDenied(Path socket) {
		try {
			Files.readAttributes(socket, BasicFileAttributes.class);
			return false;
		}
		catch (AccessDeniedException ex) {
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	/**
	 * Why no SVID arrived in time, and what to do about it.
	 */
	private InvalidMtlsClientException noFirstUpdate() {
		Path socket = Path.of(this.settings.socketPath());
		String waited = "No X.509-SVID arrived within spiffe.initial-timeout (" + this.settings.initialTimeout() + "): ";
		boolean accessDenied = accessDenied(socket)
				|| String.valueOf(this.lastDisconnect).toLowerCase(Locale.ROOT).contains("permission denied");
		if (!accessDenied && !Files.exists(socket)) {
			return this.problem.of(KEY, this.settings.socket(), waited + "there is no socket at " + socket,
					"Start the SPIRE agent and mount its socket directory into the application's container (SPIFFE "
							+ "CSI driver or a hostPath volume), or set spiffe.socket (or SPIFFE_ENDPOINT_SOCKET) to "
							+ "where the socket is",
					null);
		}
		if (accessDenied || !Files.isReadable(socket) || !Files.isWritable(socket)) {
			return this.problem.of(KEY, this.settings.socket(),
					waited + "permission denied: this process may not read and write the socket " + socket,
					"Run the application as a user or group that may use the socket, or widen the socket's mode",
					null);
		}
		if ("PERMISSION_DENIED".equals(this.lastStatusCode)) {
			return this.problem.of(KEY, this.settings.socket(),
					waited + "the Workload API issued no X.509-SVID for this workload (" + this.lastDisconnect + ")",
					"Register the workload with the SPIFFE server (e.g. spire-server entry create with selectors "
							+ "matching this pod or process) and wait for the agent to sync, or raise "
							+ "spiffe.initial-timeout",
					null);
		}
		String last = (this.lastDisconnect != null) ? "last error: " + this.lastDisconnect
				: "the Workload API accepted the call but sent nothing";
		return this.problem.of(KEY, this.settings.socket(), waited + "timed out (" + last + ")",
				"Check that a SPIFFE Workload API (e.g. a SPIRE agent) serves this socket and that it is healthy, "
						+ "or raise spiffe.initial-timeout",
				null);
	}

	@Override
	public void update(SpiffeX509Context context) {
		received(context);
	}

	@Override
	public void unusableUpdate(Throwable failure) {
		received(this.problem.of(KEY, this.settings.socket(),
				"the Workload API sent an X.509-SVID response that cannot be read: " + failure.getMessage(),
				"Check the SPIFFE server's and agent's logs", failure));
	}

	private void received(Object update) {
		boolean reconnected = !this.connected && this.firstUpdate.getCount() == 0;
		this.connected = true;
		this.lastDisconnect = null;
		this.lastStatusCode = null;
		this.latest = update;
		this.firstUpdate.countDown();
		if (reconnected) {
			logger.info("mTLS client '%s' is connected to the SPIFFE Workload API at %s again"
				.formatted(this.clientName, this.settings.socket()));
		}
		this.changeListener.run();
	}

	@Override
	public void disconnected(Throwable failure, @Nullable String statusCode) {
		boolean wasConnected = this.connected;
		this.connected = false;
		this.lastDisconnect = (failure.getMessage() != null) ? failure.getMessage() : failure.toString();
		this.lastStatusCode = statusCode;
		if (wasConnected) {
			logger.warn(("mTLS client '%s' lost the SPIFFE Workload API at %s (%s); it keeps its last X.509-SVID "
					+ "and reconnects").formatted(this.clientName, this.settings.socket(), this.lastDisconnect));
		}
		else {
			logger.debug("mTLS client '%s' cannot reach the SPIFFE Workload API at %s: %s"
				.formatted(this.clientName, this.settings.socket(), this.lastDisconnect));
		}
	}

	@Override
	public void onChange(Runnable listener) {
		this.changeListener = listener;
		// An update may have arrived between the first load and now.
		listener.run();
	}

	@Override
	public Connection connection() {
		// Up while the last thing heard was an update, not a break.
		return new Connection(this.settings.socket(), this.connected, this.lastDisconnect);
	}

	@Override
	public synchronized void close() {
		if (this.stream != null) {
			this.stream.close();
			this.stream = null;
		}
	}

	@Override
	public String toString() {
		return "SpiffeMaterialSource[" + this.clientName + " from " + this.settings.socket() + "]";
	}

}
