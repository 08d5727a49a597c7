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

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Numbered calls through a {@code WebClient}, every other one a {@code POST}, kept in
 * flight at a fixed concurrency until stopped. Which method a call uses does not depend
 * on scheduling, and its number in the URI ({@code /get?id=7}, {@code /post?id=8})
 * identifies it in what the server recorded.
 *
 * @author mtls-client-spring-boot authors
 */
final class ReactiveTraffic {

	final Map<Long, Call> calls = new ConcurrentHashMap<>();

	private final AtomicLong numbers = new AtomicLong();

	private final WebClient client;

	ReactiveTraffic(WebClient client) {
		this.client = client;
	}

	/**
	 * Keep {@code concurrency} calls in flight until {@link Running#stop()}.
	 * @param concurrency the number of calls in flight
	 * @return the running traffic
	 */
	Running start(int concurrency) {
		AtomicBoolean running = new AtomicBoolean(true);
		CompletableFuture<Void> done = Flux.range(0, Integer.MAX_VALUE)
			.takeWhile((i) -> running.get())
			.flatMap((i) -> next(), concurrency)
			.then()
			.toFuture();
		return () -> {
			running.set(false);
			done.get(30, TimeUnit.SECONDS);
		};
	}

	/**
	 * Make {@code count} calls, {@code concurrency} at a time, and return when all have
	 * ended.
	 * @param count the number of calls
	 * @param concurrency the number of calls in flight
	 */
	void run(int count, int concurrency) {
		Flux.range(0, count).flatMap((i) -> next(), concurrency).blockLast(Duration.ofMinutes(2));
	}

	/**
	 * The next call; it records its outcome and never fails.
	 * @return the call
	 */
	Mono<Void> next() {
		return Mono.defer(() -> {
			long number = this.numbers.incrementAndGet();
			boolean post = number % 2 == 0;
			String method = post ? "POST" : "GET";
			String uri = (post ? "/post?id=" : "/get?id=") + number;
			long started = System.nanoTime();
			Mono<String> exchange = post
					? this.client.post().uri(uri).bodyValue("call " + number).retrieve().bodyToMono(String.class)
					: this.client.get().uri(uri).retrieve().bodyToMono(String.class);
			return exchange.then(Mono.fromRunnable(() -> this.calls.put(number, new Call(uri, method, started, null))))
				.onErrorResume((ex) -> {
					this.calls.put(number, new Call(uri, method, started, String.valueOf(ex)));
					return Mono.empty();
				})
				.then();
		});
	}

	List<Call> failures() {
		return this.calls.values().stream().filter((call) -> call.failure() != null).toList();
	}

	List<Call> answered() {
		return this.calls.values().stream().filter((call) -> call.failure() == null).toList();
	}

	List<Call> startedAfter(long nanoTime) {
		return this.calls.values().stream().filter((call) -> call.startedNanos() - nanoTime > 0).toList();
	}

	/**
	 * Every given call that was answered reached the server exactly once, and a
	 * {@code POST} that failed at most once.
	 * @param seenUris the URIs the server saw, one entry per request it received
	 * @param calls the calls to check
	 */
	static void assertEachSeenOnce(Collection<String> seenUris, Collection<Call> calls) {
		Map<String, Long> seen = seenUris.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
		assertThat(calls).isNotEmpty().allSatisfy((call) -> {
			if (call.failure() == null) {
				assertThat(seen.get(call.uri())).as(call.uri()).isEqualTo(1);
			}
			else if (call.method().equals("POST")) {
				assertThat(seen.getOrDefault(call.uri(), 0L)).as(call.uri()).isLessThanOrEqualTo(1);
			}
		});
	}

	/**
	 * No {@code POST} reached the server twice.
	 * @param seenPostUris the URIs of the {@code POST}s the server saw
	 */
	static void assertNoPostSeenTwice(Collection<String> seenPostUris) {
		Map<String, Long> posts = seenPostUris.stream()
			.collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
		assertThat(posts).isNotEmpty().allSatisfy((uri, count) -> assertThat(count).as(uri).isEqualTo(1));
	}

	/**
	 * Traffic in the background.
	 */
	interface Running {

		void stop() throws Exception;

	}

	/**
	 * One call: its URI, method, when it started and why it failed.
	 *
	 * @param uri the URI, with the call's number
	 * @param method {@code GET} or {@code POST}
	 * @param startedNanos {@link System#nanoTime()} when it started
	 * @param failure the failure, {@code null} if it was answered
	 */
	record Call(String uri, String method, long startedNanos, @Nullable String failure) {

	}

}
