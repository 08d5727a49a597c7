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
package io.github.mtlsclient;

import org.springframework.web.reactive.function.client.WebClient;

/**
 * Customizes the {@link WebClient.Builder} of each mutual-TLS client, after Spring Boot's
 * {@code WebClientCustomizer}s. Declare it as a bean.
 *
 * @author mtls-client-spring-boot authors
 */
@FunctionalInterface
public interface MtlsWebClientCustomizer {

	/**
	 * Customize the builder of one client.
	 * @param clientName the client's name
	 * @param builder the builder, already pointed at the client's origin and connector
	 */
	void customize(String clientName, WebClient.Builder builder);

}
