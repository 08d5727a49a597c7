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
package io.github.mtlsclient.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.google.protobuf.ByteString;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.unix.DomainSocketAddress;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.spiffe.workloadapi.grpc.SpiffeWorkloadAPIGrpc;
import io.spiffe.workloadapi.grpc.Workload;
import org.jspecify.annotations.Nullable;

/**
 * A SPIFFE Workload API for the tests, speaking the real protocol as a SPIRE agent does:
 * java-spiffe's generated {@code SpiffeWorkloadAPI} gRPC service on a Unix domain socket,
 * refusing calls without the {@code workload.spiffe.io: true} header, answering
 * {@code FetchX509SVID} with the current X.509-SVIDs and bundles and pushing every
 * {@link #update update} on the streams that are open. Without SVIDs it answers
 * {@code PERMISSION_DENIED}, as an agent does for a workload it has no identity for.
 * It can be {@link #stop() stopped} and {@link #start() started} again on the same
 * socket, as an agent that restarts.
 */
public final class WorkloadApiServer implements AutoCloseable {

	private static final Metadata.Key<String> SECURITY_HEADER = Metadata.Key.of("workload.spiffe.io",
			Metadata.ASCII_STRING_MARSHALLER);

	private final Path socket;

	private final EventLoopGroup boss = new EpollEventLoopGroup(1);

	private final EventLoopGroup workers = new EpollEventLoopGroup(1);

	private final Set<ServerCallStreamObserver<Workload.X509SVIDResponse>> streams = ConcurrentHashMap.newKeySet();

	private final AtomicInteger fetches = new AtomicInteger();

	private final AtomicInteger callsWithoutHeader = new AtomicInteger();

	private volatile Context context = new Context(List.of(), Map.of());

	private @Nullable Server server;

	private WorkloadApiServer(Path socket) {
		this.socket = socket;
	}

	/**
	 * Start serving on a socket, with no SVID yet.
	 * @param socket the socket file to create
	 * @return the started server
	 */
	public static WorkloadApiServer start(Path socket) {
		WorkloadApiServer server = new WorkloadApiServer(socket);
		server.start();
		return server;
	}

	/**
	 * The address a client is given, e.g. {@code unix:/tmp/x/agent.sock}.
	 * @return the address
	 */
	public String address() {
		return "unix:" + this.socket.toAbsolutePath();
	}

	/**
	 * Make these the SVIDs and bundles the workload gets, and push them on every open
	 * stream.
	 * @param svids the SVIDs, the default one first
	 * @param bundles the X.509 bundles by trust domain name: the SVIDs' own domain and
	 * federated ones
	 */
	public synchronized void update(List<Svid> svids, Map<String, List<X509Certificate>> bundles) {
		this.context = new Context(List.copyOf(svids), new LinkedHashMap<>(bundles));
		for (ServerCallStreamObserver<Workload.X509SVIDResponse> stream : this.streams) {
			send(stream);
		}
	}

	/**
	 * Issue one SVID and the bundle of its domain, plus federated bundles.
	 * @param svid the SVID
	 * @param domain its trust domain
	 * @param federated federated trust domains whose bundles the workload gets too
	 */
	public void update(Svid svid, SpiffeTrustDomain domain, SpiffeTrustDomain... federated) {
		Map<String, List<X509Certificate>> bundles = new LinkedHashMap<>();
		bundles.put(domain.name(), List.of(domain.caCertificate()));
		for (SpiffeTrustDomain other : federated) {
			bundles.put(other.name(), List.of(other.caCertificate()));
		}
		update(List.of(svid), bundles);
	}

	/**
	 * The number of {@code FetchX509SVID} calls accepted so far, reconnections included.
	 * @return the count
	 */
	public int fetchCount() {
		return this.fetches.get();
	}

	/**
	 * The number of {@code FetchX509SVID} streams open now.
	 * @return the count
	 */
	public int openStreamCount() {
		return this.streams.size();
	}

	/**
	 * The number of calls refused for want of the security header.
	 * @return the count
	 */
	public int callsWithoutHeaderCount() {
		return this.callsWithoutHeader.get();
	}

	/**
	 * Start serving (again) on the socket.
	 */
	public synchronized void start() {
		if (this.server != null) {
			return;
		}
		try {
			Files.deleteIfExists(this.socket);
			this.server = NettyServerBuilder.forAddress(new DomainSocketAddress(this.socket.toFile()))
				.channelType(EpollServerDomainSocketChannel.class)
				.bossEventLoopGroup(this.boss)
				.workerEventLoopGroup(this.workers)
				.addService(ServerInterceptors.intercept(new WorkloadApi(), new SecurityHeaderCheck()))
				.build()
				.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot serve the Workload API on " + this.socket, ex);
		}
	}

	/**
	 * Stop serving, cutting the open streams as an agent that goes away, and remove the
	 * socket.
	 */
	public synchronized void stop() {
		Server running = this.server;
		if (running == null) {
			return;
		}
		this.server = null;
		running.shutdownNow();
		try {
			running.awaitTermination(10, TimeUnit.SECONDS);
			Files.deleteIfExists(this.socket);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.streams.clear();
	}

	@Override
	public void close() {
		stop();
		this.boss.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
		this.workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
	}

	private void send(ServerCallStreamObserver<Workload.X509SVIDResponse> stream) {
		Context current = this.context;
		if (current.svids().isEmpty()) {
			this.streams.remove(stream);
			stream.onError(Status.PERMISSION_DENIED.withDescription("no identity issued").asRuntimeException());
			return;
		}
		try {
			stream.onNext(current.response());
		}
		catch (RuntimeException ex) {
			// The client went away meanwhile.
			this.streams.remove(stream);
		}
	}

	/**
	 * An X.509-SVID as the Workload API hands it out.
	 *
	 * @param spiffeId the SPIFFE ID
	 * @param certificate the key and the certificate chain, leaf first
	 * @param hint the hint that tells it from other SVIDs of the workload, or empty
	 */
	public record Svid(String spiffeId, IssuedCertificate certificate, String hint) {

		/**
		 * An SVID without a hint.
		 * @param domain the trust domain that issued it
		 * @param path the workload's path
		 * @param certificate the key and certificate
		 * @return the SVID
		 */
		public static Svid of(SpiffeTrustDomain domain, String path, IssuedCertificate certificate) {
			return new Svid(domain.id(path), certificate, "");
		}

	}

	private record Context(List<Svid> svids, Map<String, List<X509Certificate>> bundles) {

		Workload.X509SVIDResponse response() {
			Workload.X509SVIDResponse.Builder response = Workload.X509SVIDResponse.newBuilder();
			String ownDomain = null;
			for (Svid svid : this.svids) {
				String domain = svid.spiffeId().substring("spiffe://".length()).split("/", 2)[0];
				ownDomain = (ownDomain != null) ? ownDomain : domain;
				response.addSvids(Workload.X509SVID.newBuilder()
					.setSpiffeId(svid.spiffeId())
					.setX509Svid(der(svid.certificate().chain()))
					.setX509SvidKey(ByteString.copyFrom(svid.certificate().privateKey().getEncoded()))
					.setBundle(der(this.bundles.getOrDefault(domain, List.of())))
					.setHint(svid.hint()));
			}
			for (Map.Entry<String, List<X509Certificate>> bundle : this.bundles.entrySet()) {
				if (!bundle.getKey().equals(ownDomain)) {
					// Keyed by trust domain ID, as SPIRE does.
					response.putFederatedBundles("spiffe://" + bundle.getKey(), der(bundle.getValue()));
				}
			}
			return response.build();
		}

		private static ByteString der(List<X509Certificate> certificates) {
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			for (X509Certificate certificate : certificates) {
				try {
					out.writeBytes(certificate.getEncoded());
				}
				catch (CertificateEncodingException ex) {
					throw new IllegalStateException(ex);
				}
			}
			return ByteString.copyFrom(out.toByteArray());
		}

	}

	private final class WorkloadApi extends SpiffeWorkloadAPIGrpc.SpiffeWorkloadAPIImplBase {

		@Override
		public void fetchX509SVID(Workload.X509SVIDRequest request,
				StreamObserver<Workload.X509SVIDResponse> responseObserver) {
			WorkloadApiServer.this.fetches.incrementAndGet();
			ServerCallStreamObserver<Workload.X509SVIDResponse> stream = (ServerCallStreamObserver<Workload.X509SVIDResponse>) responseObserver;
			stream.setOnCancelHandler(() -> WorkloadApiServer.this.streams.remove(stream));
			synchronized (WorkloadApiServer.this) {
				WorkloadApiServer.this.streams.add(stream);
				send(stream);
			}
		}

	}

	private final class SecurityHeaderCheck implements ServerInterceptor {

		@Override
		public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
				ServerCallHandler<Q, R> next) {
			if (!"true".equals(headers.get(SECURITY_HEADER))) {
				WorkloadApiServer.this.callsWithoutHeader.incrementAndGet();
				call.close(Status.INVALID_ARGUMENT.withDescription("security header missing from request"),
						new Metadata());
				return new ServerCall.Listener<>() {
				};
			}
			return next.startCall(call, headers);
		}

	}

}
