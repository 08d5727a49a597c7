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
package io.github.mtlsclient.reliability;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.mtlsclient.InvalidMtlsClientException;
import io.github.mtlsclient.MtlsClients;
import io.github.mtlsclient.testsupport.MtlsFixture;
import io.github.mtlsclient.testsupport.RecordedRequest;
import io.github.mtlsclient.testsupport.RecordingMtlsServer;
import io.github.mtlsclient.testsupport.RecordingMtlsServer.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Which requests a client sends twice: idempotent ones, once, after a {@code 429} or
 * {@code 503} or a connection the server had closed; a {@code POST} never. Every case
 * is counted on the server.
 *
 * @author mtls-client-spring-boot authors
 */
@Tag("reliability")
class RetryPolicyTests {

	@TempDir
	Path dir;

	private MtlsFixture pki;

	private RecordingMtlsServer server;

	@BeforeEach
	void setUp() {
		this.pki = new MtlsFixture(this.dir);
	}

	@AfterEach
	void tearDown() {
		if (this.server != null) {
			this.server.close();
		}
	}

	private ApplicationContextRunner runner() {
		return MtlsFixture.contextRunner().withPropertyValues(this.pki.clientProperties("orders", this.server));
	}

	private static RestClient orders(ApplicationContext context) {
		return context.getBean(MtlsClients.class).restClient("orders");
	}

	private List<RecordedRequest> requestsTo(String path) {
		return this.server.requests().stream().filter((request) -> request.path().equals(path)).toList();
	}

	@ParameterizedTest(name = "{0} to a POST {1}")
	@CsvSource({ "503, with a body", "429, with a body", "503, without a body", "429, without a body" })
	void aPostAnsweredWithAStatusThatInvitesARetryIsSentOnce(int status, String body) {
		this.server = this.pki.serverBuilder()
			.handler((request) -> Response.status(status).header("Retry-After", "0"))
			.start();
		runner().run((context) -> {
			RestClient.RequestBodySpec post = orders(context).post().uri("/charges");
			if (body.equals("with a body")) {
				post.contentType(MediaType.APPLICATION_JSON).body("{\"amount\":100}");
			}
			int received = post.exchange((request, response) -> response.getStatusCode().value());
			assertThat(received).isEqualTo(status);
			assertThat(requestsTo("/charges")).singleElement()
				.satisfies((request) -> assertThat(request.method()).isEqualTo("POST"));
		});
	}

	@Test
	void aPatchIsNotSentTwiceEither() {
		this.server = this.pki.serverBuilder().handler((request) -> Response.status(503)).start();
		runner().run((context) -> {
			orders(context).patch()
				.uri("/charges/1")
				.contentType(MediaType.APPLICATION_JSON)
				.body("{\"state\":\"paid\"}")
				.exchange((request, response) -> response.getStatusCode().value());
			assertThat(requestsTo("/charges/1")).hasSize(1);
		});
	}

	@Test
	void aGetAnswered503IsRetriedOnceAndTheRetrysAnswerReturned() {
		AtomicInteger calls = new AtomicInteger();
		this.server = this.pki.serverBuilder()
			.handler((request) -> (calls.incrementAndGet() == 1) ? Response.status(503).header("Retry-After", "0")
					: Response.ok("second answer"))
			.start();
		runner().run((context) -> {
			assertThat(orders(context).get().uri("/items").retrieve().body(String.class)).isEqualTo("second answer");
			assertThat(requestsTo("/items")).hasSize(2);
		});
	}

	@Test
	void aGetIsRetriedAtMostRetriesTimes() {
		this.server = this.pki.serverBuilder()
			.handler((request) -> Response.status(503).header("Retry-After", "0"))
			.start();
		runner().withPropertyValues("mtls.clients.orders.retries=2").run((context) -> {
			int status = orders(context).get().uri("/items").exchange((request, response) -> response.getStatusCode().value());
			assertThat(status).isEqualTo(503);
			assertThat(requestsTo("/items")).hasSize(3);
		});
	}

	@Test
	void retriesZeroSwitchesRetryingOff() {
		this.server = this.pki.serverBuilder()
			.handler((request) -> Response.status(503).header("Retry-After", "0"))
			.start();
		runner().withPropertyValues("mtls.clients.orders.retries=0").run((context) -> {
			int status = orders(context).get().uri("/items").exchange((request, response) -> response.getStatusCode().value());
			assertThat(status).isEqualTo(503);
			assertThat(requestsTo("/items")).hasSize(1);
		});
	}

	@Test
	void aRetryAfterOfAnHourReturnsTheResponseToTheCallerWithinTheReadTimeout() {
		this.server = this.pki.serverBuilder()
			.handler((request) -> Response.status(503).header("Retry-After", "3600"))
			.start();
		runner().withPropertyValues("mtls.clients.orders.read-timeout=10s").run((context) -> {
			int status = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> orders(context).get()
				.uri("/items")
				.exchange((request, response) -> response.getStatusCode().value()));
			assertThat(status).isEqualTo(503);
			assertThat(requestsTo("/items")).hasSize(1);
		});
	}

	@Test
	void aRetryAfterDateAnHourAheadIsNotWaitedFor() {
		String inAnHour = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).plusHours(1));
		this.server = this.pki.serverBuilder()
			.handler((request) -> Response.status(429).header("Retry-After", inAnHour))
			.start();
		runner().withPropertyValues("mtls.clients.orders.read-timeout=10s").run((context) -> {
			int status = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> orders(context).get()
				.uri("/items")
				.exchange((request, response) -> response.getStatusCode().value()));
			assertThat(status).isEqualTo(429);
			assertThat(requestsTo("/items")).hasSize(1);
		});
	}

	@Test
	void aRetryAfterLongerThanTheReadTimeoutIsNotWaitedFor() {
		this.server = this.pki.serverBuilder()
			.handler((request) -> Response.status(503).header("Retry-After", "1"))
			.start();
		runner().withPropertyValues("mtls.clients.orders.read-timeout=500ms").run((context) -> {
			int status = orders(context).get().uri("/items").exchange((request, response) -> response.getStatusCode().value());
			assertThat(status).isEqualTo(503);
			assertThat(requestsTo("/items")).hasSize(1);
		});
	}

	@Test
	void aPostOnAPooledConnectionTheServerClosedIsNotReplayedAndSaysWhy() {
		this.server = this.pki.serverBuilder().handler((request) -> Response.ok("done")).start();
		runner().run((context) -> {
			RestClient client = orders(context);
			assertThat(client.get().uri("/warm-up").retrieve().body(String.class)).isEqualTo("done");
			closeServerSideOfEveryConnection();
			Throwable failure = catchThrowable(() -> client.post()
				.uri("/charges")
				.contentType(MediaType.APPLICATION_JSON)
				.body("{\"amount\":100}")
				.retrieve()
				.body(String.class));
			assertThat(failure).isInstanceOf(ResourceAccessException.class)
				.hasCauseInstanceOf(IOException.class)
				.hasMessageContaining("mTLS client 'orders': the server at " + this.server.baseUrl()
						+ " closed the connection without answering POST /charges")
				.hasMessageContaining("A POST is never sent twice");
			assertThat(requestsTo("/charges")).isEmpty();
			// The next POST goes out on a new connection and is seen once.
			assertThat(client.post().uri("/charges").retrieve().body(String.class)).isEqualTo("done");
			assertThat(requestsTo("/charges")).hasSize(1);
		});
	}

	@Test
	void aGetMeetingOnlyConnectionsTheServerClosedIsRetriedOnANewOne() throws Exception {
		int pooled = 4;
		CountDownLatch allConnected = new CountDownLatch(pooled);
		this.server = this.pki.serverBuilder().handler((request) -> {
			if (request.path().equals("/fill")) {
				// Hold each request until all are in: the pool then holds four connections.
				allConnected.countDown();
				await().atMost(Duration.ofSeconds(30)).until(() -> allConnected.getCount() == 0);
			}
			return Response.ok("fresh");
		}).start();
		runner().run((context) -> {
			RestClient client = orders(context);
			ExecutorService executor = Executors.newFixedThreadPool(pooled);
			try {
				List<Future<String>> fills = new ArrayList<>();
				for (int i = 0; i < pooled; i++) {
					fills.add(executor.submit(() -> client.get().uri("/fill").retrieve().body(String.class)));
				}
				for (Future<String> fill : fills) {
					assertThat(fill.get(30, TimeUnit.SECONDS)).isEqualTo("fresh");
				}
			}
			finally {
				executor.shutdownNow();
			}
			assertThat(this.server.handshakeCount()).isEqualTo(pooled);
			closeServerSideOfEveryConnection();
			// Every pooled connection is stale: the retry must not take another of them.
			assertThat(client.get().uri("/items").retrieve().body(String.class)).isEqualTo("fresh");
			assertThat(requestsTo("/items")).hasSize(1);
			assertThat(this.server.handshakeCount()).isEqualTo(pooled + 1);
		});
	}

	@Test
	void aNegativeRetryCountIsRefusedAtStartup() {
		this.server = this.pki.serverBuilder().start();
		runner().withPropertyValues("mtls.clients.orders.retries=-1")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidMtlsClientException.class)
				.hasMessageContaining("orders")
				.hasMessageContaining("retries"));
	}

	/**
	 * Close the server's end of every connection and wait until the server has let go of
	 * them all, as a server does at its keep-alive timeout or on a graceful reload: the
	 * client's pooled connections look alive but are not.
	 */
	private void closeServerSideOfEveryConnection() {
		this.server.closeConnections();
		await().atMost(Duration.ofSeconds(10)).until(() -> this.server.openConnectionCount() == 0);
	}

}
