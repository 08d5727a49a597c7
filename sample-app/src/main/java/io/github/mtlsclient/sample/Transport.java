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
package io.github.mtlsclient.sample;

import java.util.Arrays;
import java.util.Locale;

/**
 * The two ways the page calls a client: its {@code RestClient} (Apache HttpClient 5) or
 * its {@code WebClient} (Reactor Netty). Both present the same certificate and pick up
 * the same rotations.
 *
 * @author mtls-client-spring-boot authors
 */
enum Transport {

	/**
	 * The client's {@code RestClient}.
	 */
	REST_CLIENT("RestClient"),

	/**
	 * The client's {@code WebClient}.
	 */
	WEB_CLIENT("WebClient");

	private final String label;

	Transport(String label) {
		this.label = label;
	}

	/**
	 * The name the page and the API use, such as {@code WebClient}.
	 * @return the label
	 */
	String label() {
		return this.label;
	}

	/**
	 * The transport of a label, whatever its case.
	 * @param label such as {@code webclient}
	 * @return the transport
	 * @throws IllegalArgumentException for any other label
	 */
	static Transport of(String label) {
		return Arrays.stream(values())
			.filter((transport) -> transport.label.toLowerCase(Locale.ROOT).equals(label.toLowerCase(Locale.ROOT)))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("Unknown transport: use RestClient or WebClient"));
	}

}
