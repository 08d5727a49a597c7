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
package io.github.mtlsclient.autoconfigure;

import java.util.List;

import io.github.mtlsclient.MtlsClients;
import io.github.mtlsclient.MtlsRestClientCustomizer;

import org.springframework.core.Ordered;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.support.RestClientHttpServiceGroupConfigurer;

/**
 * Routes the HTTP service group named like an mTLS client through that client: its base
 * URL, TLS identity, pool, reload and default headers. Runs after Spring Boot's
 * {@code spring.http.serviceclient.*} properties, so the client's origin and request
 * factory win and the group's other settings (default headers, API version) still
 * apply; a group without an mTLS client of its name is left alone.
 *
 * @author mtls-client-spring-boot authors
 */
final class MtlsHttpServiceGroupConfigurer implements RestClientHttpServiceGroupConfigurer {

	/**
	 * After Spring Boot's properties configurer (highest precedence + 10), before its
	 * {@code RestClientCustomizer} configurer (0).
	 */
	static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 20;

	private final MtlsClients clients;

	private final List<MtlsRestClientCustomizer> customizers;

	/**
	 * Create a configurer.
	 * @param clients the clients, whose names are the groups it configures
	 * @param customizers applied to every group's builder, in order
	 */
	MtlsHttpServiceGroupConfigurer(MtlsClients clients, List<MtlsRestClientCustomizer> customizers) {
		this.clients = clients;
		this.customizers = customizers;
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

	@Override
	public void configureGroups(Groups<RestClient.Builder> groups) {
		groups.filterByName(this.clients.names().toArray(String[]::new)).forEachClient((group, builder) -> {
			this.clients.configure(group.name(), builder);
			this.customizers.forEach((customizer) -> customizer.customize(group.name(), builder));
		});
	}

}
