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

import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.ProtocolException;
import org.apache.hc.core5.http.message.BasicHttpRequest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Which targets are a client's own origin. Spellings of one host are; other names are
 * not, even when they resolve to the same address.
 *
 * @author mtls-client-spring-boot authors
 */
class SameOriginRoutePlannerTests {

	@ParameterizedTest(name = "origin {0}, target {1}")
	@CsvSource({ "payments.ns.svc.cluster.local., payments.ns.svc.cluster.local.",
			"payments.ns.svc.cluster.local., payments.ns.svc.cluster.local",
			"payments.ns.svc.cluster.local, Payments.NS.svc.cluster.local.", "::1, [::1]", "::1, 0:0:0:0:0:0:0:1",
			"::1, [0:0:0:0:0:0:0:1]", "2001:db8::a, [2001:DB8:0:0:0:0:0:A]" })
	void spellingsOfTheOriginAreRoutedToTheOrigin(String origin, String target) throws Exception {
		HttpHost originHost = new HttpHost("https", origin, 8443);
		SameOriginRoutePlanner planner = new SameOriginRoutePlanner("api", originHost);
		BasicHttpRequest request = new BasicHttpRequest("GET", new HttpHost("https", target, 8443), "/");
		HttpRoute route = planner.determineRoute(new HttpHost("https", target, 8443), request,
				HttpClientContext.create());
		assertThat(route.getTargetHost()).isEqualTo(originHost);
		assertThat(route).as("one route whatever the spelling")
			.isEqualTo(planner.determineRoute(originHost, HttpClientContext.create()));
		assertThat(new SameOriginRedirectStrategy().isRedirectAllowed(originHost,
				new HttpHost("https", target, 8443), request, HttpClientContext.create()))
			.isTrue();
	}

	@ParameterizedTest(name = "origin {0}, target {1}")
	@CsvSource({ "payments.internal., payments.internal.evil", "payments.internal, payments.internal..",
			"localhost, 127.0.0.1", "::1, 127.0.0.1", "::1, ::2", "payments.internal, payments" })
	void otherHostsAreRefused(String origin, String target) {
		HttpHost originHost = new HttpHost("https", origin, 8443);
		SameOriginRoutePlanner planner = new SameOriginRoutePlanner("api", originHost);
		assertThatExceptionOfType(ProtocolException.class)
			.isThrownBy(() -> planner.determineRoute(new HttpHost("https", target, 8443), HttpClientContext.create()))
			.withMessageContaining("only sends requests to");
		assertThat(new SameOriginRedirectStrategy().isRedirectAllowed(originHost,
				new HttpHost("https", target, 8443), new BasicHttpRequest("GET", "/"), HttpClientContext.create()))
			.isFalse();
	}

}
