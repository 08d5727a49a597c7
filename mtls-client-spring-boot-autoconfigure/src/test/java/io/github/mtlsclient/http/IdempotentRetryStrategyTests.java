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
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.EndpointDetails;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.apache.hc.core5.http.message.BasicHttpRequest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the retry budget is counted when pooled connections turn out closed. The
 * behaviour against a real server is in {@code RetryPolicyTests}; a connection released
 * by another caller just before the server closes it cannot be timed there, so the
 * counting is checked here, attempt by attempt.
 *
 * @author mtls-client-spring-boot authors
 */
class IdempotentRetryStrategyTests {

	private static final int POOL_SIZE = 3;

	private final AtomicInteger idleClosed = new AtomicInteger();

	private IdempotentRetryStrategy strategy(int retries) {
		return new IdempotentRetryStrategy(retries, Duration.ofSeconds(1), this.idleClosed::incrementAndGet, POOL_SIZE);
	}

	@Test
	void attemptsThatMeetClosedPooledConnectionsDoNotUseUpTheRetries() {
		IdempotentRetryStrategy strategy = strategy(1);
		HttpClientContext context = HttpClientContext.create();
		context.setEndpointDetails(connectionThatAnswered(1));
		BasicHttpRequest get = new BasicHttpRequest("GET", "/");
		IOException closed = new NoHttpResponseException("closed");
		for (int attempt = 1; attempt <= POOL_SIZE + 1; attempt++) {
			assertThat(strategy.retryRequest(get, closed, attempt, context)).as("attempt %d", attempt).isTrue();
		}
		assertThat(strategy.retryRequest(get, closed, POOL_SIZE + 2, context)).isFalse();
		assertThat(this.idleClosed).hasValue(POOL_SIZE + 2);
	}

	@Test
	void aFailureOnANewConnectionUsesTheRetry() {
		IdempotentRetryStrategy strategy = strategy(1);
		HttpClientContext context = HttpClientContext.create();
		context.setEndpointDetails(connectionThatAnswered(0));
		BasicHttpRequest get = new BasicHttpRequest("GET", "/");
		IOException closed = new NoHttpResponseException("closed");
		assertThat(strategy.retryRequest(get, closed, 1, context)).isTrue();
		assertThat(strategy.retryRequest(get, closed, 2, context)).isFalse();
		assertThat(this.idleClosed).hasValue(0);
	}

	@Test
	void retriesZeroRetriesNothingAndAPostNeverButTheIdleConnectionsAreClosed() {
		HttpClientContext context = HttpClientContext.create();
		context.setEndpointDetails(connectionThatAnswered(5));
		IOException closed = new NoHttpResponseException("closed");
		assertThat(strategy(0).retryRequest(new BasicHttpRequest("GET", "/"), closed, 1, context)).isFalse();
		assertThat(strategy(3).retryRequest(new BasicHttpRequest("POST", "/"), closed, 1, context)).isFalse();
		assertThat(strategy(3).retryRequest(new BasicHttpRequest("PATCH", "/"), closed, 1, context)).isFalse();
		assertThat(this.idleClosed).hasValue(3);
	}

	@Test
	void aTimeoutOnAReusedConnectionIsNotRetriedAndClosesNothing() {
		HttpClientContext context = HttpClientContext.create();
		context.setEndpointDetails(connectionThatAnswered(5));
		assertThat(strategy(3).retryRequest(new BasicHttpRequest("GET", "/"), new SocketTimeoutException("slow"), 1,
				context))
			.isFalse();
		assertThat(this.idleClosed).hasValue(0);
	}

	private static EndpointDetails connectionThatAnswered(long responses) {
		return new EndpointDetails(null, null, null) {

			@Override
			public long getRequestCount() {
				return responses + 1;
			}

			@Override
			public long getResponseCount() {
				return responses;
			}

			@Override
			public long getSentBytesCount() {
				return 0;
			}

			@Override
			public long getReceivedBytesCount() {
				return 0;
			}

		};
	}

}
