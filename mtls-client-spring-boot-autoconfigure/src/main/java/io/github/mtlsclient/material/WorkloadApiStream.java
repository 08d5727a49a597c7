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

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import com.google.protobuf.ByteString;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.Epoll;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.unix.DomainSocketAddress;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import io.spiffe.workloadapi.grpc.SpiffeWorkloadAPIGrpc;
import io.spiffe.workloadapi.grpc.Workload;
import org.jspecify.annotations.Nullable;

/**
 * The {@code FetchX509SVID} stream of one client to the SPIFFE Workload API over its
 * Unix domain socket: every response is parsed and handed on; a broken or ended stream
 * is opened again after an exponential back-off, for as long as the client lives. The
 * only class that touches gRPC and java-spiffe's generated stubs, so that neither is
 * loaded unless a client enables SPIFFE.
 *
 * @author mtls-client-spring-boot authors
 */
final class WorkloadApiStream implements AutoCloseable {

	static final String REQUIRED_CLASS = "io.spiffe.workloadapi.grpc.SpiffeWorkloadAPIGrpc";

	static final String REQUIRED_TRANSPORT_CLASS = "io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder";

	private static final Metadata.Key<String> SECURITY_HEADER = Metadata.Key.of("workload.spiffe.io",
			Metadata.ASCII_STRING_MARSHALLER);

	private static final Duration FIRST_RETRY = Duration.ofMillis(200);

	private static final Duration LONGEST_RETRY = Duration.ofSeconds(10);

	private final EventLoopGroup eventLoop;

	private final ManagedChannel channel;

	private final SpiffeWorkloadAPIGrpc.SpiffeWorkloadAPIStub stub;

	private final ScheduledExecutorService retries;

	private final Listener listener;

	private Duration nextRetry = FIRST_RETRY;

	private volatile boolean closed;

	private volatile io.grpc.Context.@Nullable CancellableContext call;

	/**
	 * Open the stream.
	 * @param clientName the client name, for thread names
	 * @param socketPath the socket's path
	 * @param listener told of every response and every break
	 */
	WorkloadApiStream(String clientName, String socketPath, Listener listener) {
		this.listener = listener;
		this.eventLoop = new EpollEventLoopGroup(1, new DefaultThreadFactory("mtls-spiffe-" + clientName, true));
		ScheduledThreadPoolExecutor retries = new ScheduledThreadPoolExecutor(1, (runnable) -> {
			Thread thread = new Thread(runnable, "mtls-spiffe-" + clientName + "-retry");
			thread.setDaemon(true);
			return thread;
		});
		retries.setRemoveOnCancelPolicy(true);
		this.retries = retries;
		try {
			this.channel = NettyChannelBuilder.forAddress(new DomainSocketAddress(socketPath))
				.eventLoopGroup(this.eventLoop)
				.channelType(EpollDomainSocketChannel.class)
				.usePlaintext()
				.build();
		}
		catch (RuntimeException ex) {
			// Nothing of a stream that never opened may keep running.
			this.retries.shutdownNow();
			this.eventLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
			throw ex;
		}
		Metadata header = new Metadata();
		header.put(SECURITY_HEADER, "true");
		this.stub = SpiffeWorkloadAPIGrpc
			.newStub(ClientInterceptors.intercept(this.channel, MetadataUtils.newAttachHeadersInterceptor(header)));
		try {
			fetch();
		}
		catch (RuntimeException ex) {
			close();
			throw ex;
		}
	}

	/**
	 * Why this machine cannot open a stream: the transport needs Linux's epoll, which
	 * macOS and some C libraries (musl) lack.
	 * @return the reason, or {@code null} if it can
	 */
	static @Nullable String unavailability() {
		if (Epoll.isAvailable()) {
			return null;
		}
		Throwable cause = Epoll.unavailabilityCause();
		return "the gRPC transport needs Linux's epoll, which is not available here"
				+ ((cause != null) ? " (" + cause + ")" : "");
	}

	private void fetch() {
		if (this.closed) {
			return;
		}
		io.grpc.Context.CancellableContext context = io.grpc.Context.current().withCancellation();
		this.call = context;
		context.run(() -> this.stub.fetchX509SVID(Workload.X509SVIDRequest.getDefaultInstance(), new Responses()));
	}

	private synchronized void retryLater() {
		if (this.closed) {
			return;
		}
		Duration delay = this.nextRetry;
		this.nextRetry = (delay.multipliedBy(2).compareTo(LONGEST_RETRY) < 0) ? delay.multipliedBy(2) : LONGEST_RETRY;
		// Between half and all of the back-off: the workloads of a node whose agent
		// restarted do not all come back at the same instant.
		long millis = delay.toMillis() / 2 + ThreadLocalRandom.current().nextLong(delay.toMillis() / 2 + 1);
		this.retries.schedule(this::fetch, millis, TimeUnit.MILLISECONDS);
	}

	private synchronized void connected() {
		this.nextRetry = FIRST_RETRY;
	}

	@Override
	public void close() {
		synchronized (this) {
			// Under the lock of retryLater: no retry is scheduled on a shut-down executor.
			this.closed = true;
			this.retries.shutdownNow();
		}
		io.grpc.Context.CancellableContext current = this.call;
		if (current != null) {
			current.cancel(null);
		}
		this.channel.shutdownNow();
		try {
			this.channel.awaitTermination(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.eventLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
	}

	private static @Nullable String statusCode(Throwable failure) {
		Status status = Status.fromThrowable(failure);
		return (status.getCode() != Status.Code.UNKNOWN) ? status.getCode().name() : null;
	}

	private static SpiffeX509Context parse(Workload.X509SVIDResponse response) throws GeneralSecurityException {
		List<SpiffeX509Context.Svid> svids = new ArrayList<>();
		Map<String, List<X509Certificate>> bundles = new LinkedHashMap<>();
		for (Workload.X509SVID svid : response.getSvidsList()) {
			List<X509Certificate> chain = certificates(svid.getX509Svid());
			if (chain.isEmpty()) {
				throw new GeneralSecurityException("The X.509-SVID of " + svid.getSpiffeId() + " has no certificate");
			}
			PrivateKey key = KeyFactory.getInstance(chain.get(0).getPublicKey().getAlgorithm())
				.generatePrivate(new PKCS8EncodedKeySpec(svid.getX509SvidKey().toByteArray()));
			svids.add(new SpiffeX509Context.Svid(svid.getSpiffeId(), key, chain, svid.getHint()));
			String trustDomain = SpiffeIds.trustDomain(svid.getSpiffeId());
			if (!bundles.containsKey(trustDomain) && !svid.getBundle().isEmpty()) {
				bundles.put(trustDomain, certificates(svid.getBundle()));
			}
		}
		for (Map.Entry<String, ByteString> federated : response.getFederatedBundlesMap().entrySet()) {
			// Keyed by trust domain ID (spiffe://example.org) or name.
			String trustDomain = federated.getKey().startsWith("spiffe://")
					? SpiffeIds.trustDomain(federated.getKey()) : federated.getKey();
			bundles.putIfAbsent(trustDomain, certificates(federated.getValue()));
		}
		if (svids.isEmpty()) {
			throw new GeneralSecurityException("The response holds no X.509-SVID");
		}
		return new SpiffeX509Context(svids, bundles);
	}

	private static List<X509Certificate> certificates(ByteString der) throws GeneralSecurityException {
		List<X509Certificate> certificates = new ArrayList<>();
		for (Certificate certificate : CertificateFactory.getInstance("X.509")
			.generateCertificates(new ByteArrayInputStream(der.toByteArray()))) {
			certificates.add((X509Certificate) certificate);
		}
		return certificates;
	}

	/**
	 * Told of what arrives on the stream, on a gRPC thread.
	 */
	interface Listener {

		/**
		 * A response arrived.
		 * @param context the response, parsed
		 */
		void update(SpiffeX509Context context);

		/**
		 * A response arrived that cannot be parsed.
		 * @param failure why
		 */
		void unusableUpdate(Throwable failure);

		/**
		 * The stream broke or could not be opened; it is opened again after a back-off.
		 * @param failure why
		 * @param statusCode the gRPC status code, e.g. {@code PERMISSION_DENIED}, or
		 * {@code null}
		 */
		void disconnected(Throwable failure, @Nullable String statusCode);

	}

	private final class Responses implements StreamObserver<Workload.X509SVIDResponse> {

		@Override
		public void onNext(Workload.X509SVIDResponse response) {
			if (WorkloadApiStream.this.closed) {
				return;
			}
			connected();
			SpiffeX509Context context;
			try {
				context = parse(response);
			}
			catch (GeneralSecurityException | RuntimeException ex) {
				WorkloadApiStream.this.listener.unusableUpdate(ex);
				return;
			}
			WorkloadApiStream.this.listener.update(context);
		}

		@Override
		public void onError(Throwable failure) {
			if (!WorkloadApiStream.this.closed) {
				WorkloadApiStream.this.listener.disconnected(failure, statusCode(failure));
				retryLater();
			}
		}

		@Override
		public void onCompleted() {
			// An agent ends the stream only when it goes away: the next one comes later.
			if (!WorkloadApiStream.this.closed) {
				WorkloadApiStream.this.listener
					.disconnected(new IllegalStateException("the Workload API ended the stream"), null);
				retryLater();
			}
		}

	}

}
