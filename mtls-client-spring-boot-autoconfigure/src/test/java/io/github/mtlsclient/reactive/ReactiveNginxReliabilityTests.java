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
package io.github.mtlsclient.reactive;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import io.github.mtlsclient.MtlsWebClients;
import io.github.mtlsclient.testsupport.MtlsFixture;
import io.github.mtlsclient.testsupport.NginxServer;
import io.github.mtlsclient.testsupport.NginxServer.AccessLogEntry;
import io.github.mtlsclient.testsupport.RequiredProgram;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A client's {@code WebClient} against a real nginx with {@code ssl_verify_client on}:
 * 64 calls in flight through a pool of 20, idle connections closed by nginx and an nginx
 * restart under GET and POST load, each asserted on nginx's access log.
 *
 * @author mtls-client-spring-boot authors
 */
@Tag("reliability")
class ReactiveNginxReliabilityTests {

	private static final Duration PATIENCE = Duration.ofSeconds(20);

	@TempDir
	Path dir;

	private MtlsFixture pki;

	private NginxServer nginx;

	@BeforeEach
	void setUp() {
		RequiredProgram.assumeInstalled("nginx", NginxServer.available(), getClass());
		this.pki = new MtlsFixture(this.dir);
	}

	@AfterEach
	void tearDown() {
		if (this.nginx != null) {
			this.nginx.close();
		}
	}

	private NginxServer.Builder nginx() {
		return this.pki.nginxBuilder();
	}

	private ApplicationContextRunner runner() {
		return MtlsFixture.reactiveContextRunner()
			.withPropertyValues(this.pki.clientProperties("edge", this.nginx.baseUrl()));
	}

	private static ReactiveTraffic traffic(ApplicationContext context) {
		return new ReactiveTraffic(context.getBean(MtlsWebClients.class).webClient("edge"));
	}

	@Test
	void fiveThousandCallsSixtyFourInFlightThroughAPoolOf20() {
		this.nginx = nginx().start();
		runner().run((context) -> {
			ReactiveTraffic traffic = traffic(context);
			traffic.run(5_000, 64);
			assertThat(traffic.failures()).isEmpty();
			List<AccessLogEntry> log = accessLogOf(traffic);
			assertThat(log).hasSize(5_000).allSatisfy((entry) -> assertThat(entry.status()).isEqualTo(200));
			ReactiveTraffic.assertEachSeenOnce(uris(log), traffic.calls.values());
			assertThat(this.nginx.handshakeCount()).isLessThanOrEqualTo(20);
		});
	}

	@Test
	void idleConnectionsClosedByTheServerCauseNoFailure() {
		this.nginx = nginx().keepaliveTimeout(Duration.ofSeconds(1)).start();
		runner().run((context) -> {
			ReactiveTraffic traffic = traffic(context);
			for (int burst = 0; burst < 4; burst++) {
				traffic.run(320, 16);
				// nginx closes every idle connection after its keep-alive timeout; the
				// client drops each one from its pool as the close arrives.
				await().atMost(PATIENCE).until(() -> this.nginx.openConnectionCount() == 0);
			}
			assertThat(traffic.failures()).isEmpty();
			assertThat(traffic.calls).hasSize(4 * 320);
			ReactiveTraffic.assertEachSeenOnce(uris(accessLogOf(traffic)), traffic.calls.values());
			// Every burst after the first had to make new connections.
			assertThat(this.nginx.handshakeCount()).isGreaterThan(3);
		});
	}

	@Test
	void callsFailOnlyWhileTheServerIsDownAndNoPostIsReplayed() throws Exception {
		this.nginx = nginx().start();
		runner().run((context) -> {
			ReactiveTraffic traffic = traffic(context);
			ReactiveTraffic.Running load = traffic.start(8);
			await().atMost(PATIENCE).until(() -> traffic.answered().size() > 500);
			this.nginx.stop();
			this.nginx.start();
			long restartedAt = System.nanoTime();
			await().atMost(PATIENCE)
				.until(() -> traffic.startedAfter(restartedAt).stream().filter((call) -> call.failure() == null).count() > 500);
			load.stop();
			// Calls in flight as nginx stops and while it is down fail; every one of them
			// started before it was back.
			assertThat(traffic.failures()).isNotEmpty()
				.allSatisfy((call) -> assertThat(call.startedNanos() - restartedAt).as(call.uri()).isNegative());
			assertThat(traffic.startedAfter(restartedAt)).allSatisfy((call) -> assertThat(call.failure()).isNull());
			// nginx stops fast (SIGTERM): a call answered just before may miss its log
			// line, so only those started after the restart must all be in the log.
			List<AccessLogEntry> log = accessLogOf(traffic.startedAfter(restartedAt));
			ReactiveTraffic.assertEachSeenOnce(uris(log), traffic.startedAfter(restartedAt));
			ReactiveTraffic.assertNoPostSeenTwice(
					log.stream().filter((entry) -> entry.method().equals("POST")).map(AccessLogEntry::uri).toList());
		});
	}

	private static List<String> uris(List<AccessLogEntry> log) {
		return log.stream().map(AccessLogEntry::uri).toList();
	}

	/**
	 * nginx's access log once it holds every answered call: nginx writes a request's
	 * line after the response has gone out, so the client may see the answer first.
	 */
	private List<AccessLogEntry> accessLogOf(ReactiveTraffic traffic) {
		return accessLogOf(traffic.answered());
	}

	private List<AccessLogEntry> accessLogOf(Collection<ReactiveTraffic.Call> calls) {
		Set<String> answered = calls.stream()
			.filter((call) -> call.failure() == null)
			.map(ReactiveTraffic.Call::uri)
			.collect(Collectors.toSet());
		await().atMost(PATIENCE)
			.until(() -> this.nginx.accessLog().stream().map(AccessLogEntry::uri).collect(Collectors.toSet()),
					(logged) -> logged.containsAll(answered));
		return this.nginx.accessLog();
	}

}
