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

import org.springframework.web.client.RestClient;

/**
 * Callback that customizes the {@link RestClient.Builder} of every mutual-TLS client.
 * Applied after Spring Boot's own {@code RestClientCustomizer} beans and after the
 * starter has set the base URL, default headers and request factory, so it can
 * override any of them.
 *
 * @author mtls-client-spring-boot authors
 */
@FunctionalInterface
public interface MtlsRestClientCustomizer {

	/**
	 * Customize the builder of the named client.
	 * @param clientName the client name, as in {@code mtls.clients.<name>}
	 * @param builder the builder to customize
	 */
	void customize(String clientName, RestClient.Builder builder);

}
