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

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.unix.DomainSocketAddress;
import io.grpc.stub.MetadataUtils;
import io.spiffe.workloadapi.grpc.SpiffeWorkloadAPIGrpc;
import io.spiffe.workloadapi.grpc.SpiffeWorkloadAPIGrpc.SpiffeWorkloadAPIBlockingStub;
import io.spiffe.workloadapi.grpc.Workload;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The Workload API of the tests, called over its Unix domain socket with java-spiffe's
 * generated client stub.
 *
 * @author mtls-client-spring-boot authors
 */
class WorkloadApiServerTests {

	@TempDir
	Path dir;

	private final SpiffeTrustDomain domain = SpiffeTrustDomain.create("example.org");

	private final SpiffeTrustDomain partner = SpiffeTrustDomain.create("partner.test");

	private final EventLoopGroup eventLoop = new EpollEventLoopGroup(1);

	private WorkloadApiServer server;

	private ManagedChannel channel;

	@BeforeEach
	void start() {
		this.server = WorkloadApiServer.start(this.dir.resolve("agent.sock"));
		this.channel = NettyChannelBuilder.forAddress(new DomainSocketAddress(this.dir.resolve("agent.sock").toFile()))
			.eventLoopGroup(this.eventLoop)
			.channelType(EpollDomainSocketChannel.class)
			.usePlaintext()
			.build();
	}

	@AfterEach
	void stop() throws InterruptedException {
		this.channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
		this.server.close();
		this.eventLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
	}

	@Test
	void aCallWithoutTheSecurityHeaderIsRefused() {
		SpiffeWorkloadAPIBlockingStub withoutHeader = SpiffeWorkloadAPIGrpc.newBlockingStub(this.channel);
		assertThatExceptionOfType(StatusRuntimeException.class)
			.isThrownBy(() -> withoutHeader.fetchX509SVID(Workload.X509SVIDRequest.getDefaultInstance()).next())
			.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
		assertThat(this.server.callsWithoutHeaderCount()).isEqualTo(1);
		assertThat(this.server.fetchCount()).isZero();
	}

	@Test
	void aWorkloadWithoutIdentityIsDenied() {
		assertThatExceptionOfType(StatusRuntimeException.class).isThrownBy(() -> fetch().next())
			.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED));
	}

	@Test
	void theSvidItsBundleAndFederatedBundlesArriveAndEveryUpdateIsPushedOnTheOpenStream() throws Exception {
		IssuedCertificate first = this.domain.issueSvid("payments", Duration.ofMinutes(5));
		this.server.update(WorkloadApiServer.Svid.of(this.domain, "payments", first), this.domain, this.partner);
		Iterator<Workload.X509SVIDResponse> stream = fetch();
		Workload.X509SVIDResponse response = stream.next();
		Workload.X509SVID svid = response.getSvids(0);
		assertThat(svid.getSpiffeId()).isEqualTo("spiffe://example.org/payments");
		X509Certificate leaf = certificates(svid.getX509Svid().toByteArray()).get(0);
		assertThat(leaf.getSerialNumber()).isEqualTo(first.serialNumber());
		assertThat(leaf.getSubjectAlternativeNames()).containsExactly(List.of(6, "spiffe://example.org/payments"));
		assertThat(svid.getX509SvidKey().toByteArray()).isEqualTo(first.privateKey().getEncoded());
		assertThat(certificates(svid.getBundle().toByteArray())).containsExactly(this.domain.caCertificate());
		assertThat(response.getFederatedBundlesMap()).containsOnlyKeys("spiffe://partner.test");
		assertThat(certificates(response.getFederatedBundlesMap().get("spiffe://partner.test").toByteArray()))
			.containsExactly(this.partner.caCertificate());
		IssuedCertificate second = this.domain.issueSvid("payments", Duration.ofMinutes(5));
		this.server.update(WorkloadApiServer.Svid.of(this.domain, "payments", second), this.domain);
		Workload.X509SVIDResponse pushed = stream.next();
		assertThat(certificates(pushed.getSvids(0).getX509Svid().toByteArray()).get(0).getSerialNumber())
			.isEqualTo(second.serialNumber());
		assertThat(pushed.getFederatedBundlesMap()).isEmpty();
		assertThat(this.server.openStreamCount()).isEqualTo(1);
	}

	@Test
	void aStoppedServerCutsItsStreamsAndServesAgainOnTheSameSocket() throws Exception {
		IssuedCertificate svid = this.domain.issueSvid("payments", Duration.ofMinutes(5));
		this.server.update(WorkloadApiServer.Svid.of(this.domain, "payments", svid), this.domain);
		Iterator<Workload.X509SVIDResponse> stream = fetch();
		stream.next();
		this.server.stop();
		assertThatExceptionOfType(StatusRuntimeException.class).isThrownBy(stream::next);
		assertThat(this.dir.resolve("agent.sock")).doesNotExist();
		this.server.start();
		assertThat(fetch().next().getSvids(0).getSpiffeId()).isEqualTo("spiffe://example.org/payments");
		assertThat(this.server.fetchCount()).isEqualTo(2);
	}

	private Iterator<Workload.X509SVIDResponse> fetch() {
		Metadata header = new Metadata();
		header.put(Metadata.Key.of("workload.spiffe.io", Metadata.ASCII_STRING_MARSHALLER), "true");
		return SpiffeWorkloadAPIGrpc.newBlockingStub(this.channel)
			.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(header))
			.withDeadlineAfter(10, TimeUnit.SECONDS)
			.fetchX509SVID(Workload.X509SVIDRequest.getDefaultInstance());
	}

	@SuppressWarnings("unchecked")
	private static List<X509Certificate> certificates(byte[] der) throws Exception {
		return (List<X509Certificate>) CertificateFactory.getInstance("X.509")
			.generateCertificates(new ByteArrayInputStream(der));
	}

}
