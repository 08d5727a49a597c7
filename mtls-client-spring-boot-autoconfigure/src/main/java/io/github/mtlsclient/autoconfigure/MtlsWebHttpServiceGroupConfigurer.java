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

import io.github.mtlsclient.MtlsWebClientCustomizer;
import io.github.mtlsclient.MtlsWebClients;

import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.support.WebClientHttpServiceGroupConfigurer;

/**
 * Routes the HTTP service group of client type WebClient named like an mTLS client
 * through that client's reactive twin, as {@link MtlsHttpServiceGroupConfigurer} does for
 * RestClient groups, and in the same place among Spring Boot's configurers.
 *
 * @author mtls-client-spring-boot authors
 */
final class MtlsWebHttpServiceGroupConfigurer implements WebClientHttpServiceGroupConfigurer {

	private final MtlsWebClients clients;

	private final List<MtlsWebClientCustomizer> customizers;

	MtlsWebHttpServiceGroupConfigurer(MtlsWebClients clients, List<MtlsWebClientCustomizer> customizers) {
		this.clients = clients;
		this.customizers = customizers;
	}

	@Override
	public int getOrder() {
		return MtlsHttpServiceGroupConfigurer.ORDER;
	}

	@Override
	public void configureGroups(Groups<WebClient.Builder> groups) {
		groups.filterByName(this.clients.names().toArray(String[]::new)).forEachClient((group, builder) -> {
			this.clients.configure(group.name(), builder);
			this.customizers.forEach((customizer) -> customizer.customize(group.name(), builder));
		});
	}

}
