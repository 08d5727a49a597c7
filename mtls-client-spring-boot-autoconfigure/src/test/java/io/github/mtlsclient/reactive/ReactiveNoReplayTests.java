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

import io.github.mtlsclient.MtlsWebClients;
import io.github.mtlsclient.testsupport.MtlsFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * A request the server read and then answered with a connection reset reaches it once:
 * the {@code WebClient} sends nothing twice, so a {@code POST} the server may have acted
 * on is never replayed, and the caller learns that it failed. Reactor Netty's own retry,
 * which the transport disables, resends only a request whose headers it had not begun to
 * write (checked with Reactor Netty 1.3.6: these tests pass with it on too); they guard
 * against any retry of a request once it is on the wire.
 *
 * @author mtls-client-spring-boot authors
 */
@Tag("reliability")
class ReactiveNoReplayTests {

	private static final Duration PATIENCE = Duration.ofSeconds(20);

	@TempDir
	Path dir;

	private MtlsFixture pki;

	private ResettingMtlsServer server;

	@BeforeEach
	void setUp() throws Exception {
		this.pki = new MtlsFixture(this.dir);
		this.server = new ResettingMtlsServer(this.pki);
	}

	@AfterEach
	void tearDown() throws Exception {
		this.server.close();
	}

	private ApplicationContextRunner runner() {
		return MtlsFixture.reactiveContextRunner()
			.withPropertyValues(this.pki.clientProperties("orders", this.server.baseUrl()));
	}

	private static String charge(WebClient orders) {
		return orders.post()
			.uri("/charges")
			.bodyValue("{\"amount\":100}")
			.retrieve()
			.bodyToMono(String.class)
			.block(PATIENCE);
	}

	private static WebClient orders(ApplicationContext context) {
		return context.getBean(MtlsWebClients.class).webClient("orders");
	}

	@Test
	void aPostTheServerReadBeforeResettingTheConnectionIsSentOnceAndFails() {
		runner().run((context) -> {
			Throwable failure = catchThrowable(() -> charge(orders(context)));
			assertThat(failure).isNotNull();
			assertThat(this.server.requests()).singleElement().satisfies((request) -> {
				assertThat(request.method()).isEqualTo("POST");
				assertThat(request.body()).isEqualTo("{\"amount\":100}");
				assertThat(request.peerSerial()).isEqualTo(this.pki.client.serialNumber());
			});
		});
	}

	@Test
	void aPostOnAPooledConnectionThatTheServerResetsIsSentOnceAndFails() {
		runner().run((context) -> {
			WebClient orders = orders(context);
			assertThat(orders.get().uri("/ok/warm-up").retrieve().bodyToMono(String.class).block(PATIENCE)).isEqualTo("ok");
			Throwable failure = catchThrowable(() -> charge(orders));
			assertThat(failure).isNotNull();
			assertThat(this.server.requests()).extracting(ResettingMtlsServer.Request::path)
				.containsExactly("/ok/warm-up", "/charges");
			// The next one goes out on a new connection and is answered.
			assertThat(orders.post().uri("/ok/next").bodyValue("x").retrieve().bodyToMono(String.class).block(PATIENCE))
				.isEqualTo("ok");
		});
	}

	@Test
	void aGetIsNotSentTwiceEither() {
		runner().run((context) -> {
			Throwable failure = catchThrowable(
					() -> orders(context).get().uri("/items").retrieve().bodyToMono(String.class).block(PATIENCE));
			assertThat(failure).isNotNull();
			assertThat(this.server.requests()).singleElement()
				.satisfies((request) -> assertThat(request.method()).isEqualTo("GET"));
		});
	}

}
