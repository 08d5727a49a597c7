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

import java.time.Duration;

import io.github.mtlsclient.CertificateDetails;
import io.github.mtlsclient.MtlsClients;
import io.github.mtlsclient.MtlsWebClients;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestClientResponseException;
import org.springframework.web.reactive.function.client.WebClientResponseException;

/**
 * Calls {@code GET /} through a named client, its {@code RestClient} or its
 * {@code WebClient}, as the page's buttons and the startup report do, and says what came
 * back and which certificate the client presents.
 *
 * @author mtls-client-spring-boot authors
 */
@Component
class ClientCalls {

	// Enough of a foreign server's answer to recognise it; the page is no proxy.
	private static final int MAX_TEXT = 2000;

	// Longer than any of a client's own timeouts (connect, pool, read): a bound, not a
	// setting.
	private static final Duration WEB_CLIENT_TIMEOUT = Duration.ofMinutes(2);

	private final MtlsClients clients;

	private final ObjectProvider<MtlsWebClients> webClients;

	private final JsonMapper jsonMapper;

	ClientCalls(MtlsClients clients, ObjectProvider<MtlsWebClients> webClients, JsonMapper jsonMapper) {
		this.clients = clients;
		this.webClients = webClients;
		this.jsonMapper = jsonMapper;
	}

	/**
	 * Call the named client's server once.
	 * @param name the client name
	 * @return what happened
	 */
	CallResult call(String name) {
		return call(name, Transport.REST_CLIENT);
	}

	/**
	 * Call the named client's server once through one of its transports.
	 * @param name the client name
	 * @param transport its {@code RestClient} or its {@code WebClient}
	 * @return what happened
	 */
	CallResult call(String name, Transport transport) {
		return switch (transport) {
			case REST_CLIENT -> callRestClient(name);
			case WEB_CLIENT -> callWebClient(name);
		};
	}

	/**
	 * Whether the clients have a {@code WebClient} too: only with WebFlux and Reactor
	 * Netty on the class path.
	 * @return {@code true} if they have
	 */
	boolean reactive() {
		return this.webClients.getIfAvailable() != null;
	}

	private CallResult callRestClient(String name) {
		try {
			ResponseEntity<String> response = this.clients.restClient(name).get().uri("/").retrieve()
				.toEntity(String.class);
			return answered(name, Transport.REST_CLIENT, response.getStatusCode().value(), response.getBody());
		}
		catch (RestClientResponseException ex) {
			return answered(name, Transport.REST_CLIENT, ex.getStatusCode().value(), ex.getResponseBodyAsString());
		}
		catch (RestClientException ex) {
			return failed(name, Transport.REST_CLIENT, ex.getMessage());
		}
	}

	// The page waits for the answer, so the sample blocks on it; an application on
	// WebFlux would return the Mono instead.
	private CallResult callWebClient(String name) {
		MtlsWebClients webClients = this.webClients.getIfAvailable();
		if (webClients == null) {
			return failed(name, Transport.WEB_CLIENT,
					"No WebClient: WebFlux and Reactor Netty are not on the class path");
		}
		try {
			ResponseEntity<String> response = webClients.webClient(name).get().uri("/").retrieve()
				.toEntity(String.class)
				.block(WEB_CLIENT_TIMEOUT);
			if (response == null) {
				return failed(name, Transport.WEB_CLIENT, "No response");
			}
			return answered(name, Transport.WEB_CLIENT, response.getStatusCode().value(), response.getBody());
		}
		catch (WebClientResponseException ex) {
			return answered(name, Transport.WEB_CLIENT, ex.getStatusCode().value(), ex.getResponseBodyAsString());
		}
		catch (RuntimeException ex) {
			return failed(name, Transport.WEB_CLIENT, ex.getMessage());
		}
	}

	private CallResult answered(String name, Transport transport, int status, String body) {
		return new CallResult(name, transport.label(), presentedSerial(name), status, parse(body), null);
	}

	private CallResult failed(String name, Transport transport, String error) {
		return new CallResult(name, transport.label(), presentedSerial(name), null, null, error);
	}

	private Object parse(String body) {
		if (body == null || body.isEmpty()) {
			return null;
		}
		try {
			return this.jsonMapper.readTree(body);
		}
		catch (JacksonException ex) {
			return (body.length() > MAX_TEXT) ? body.substring(0, MAX_TEXT) + "…" : body;
		}
	}

	private String presentedSerial(String name) {
		CertificateDetails certificate = this.clients.certificate(name);
		return (certificate != null) ? certificate.serialNumber() : null;
	}

	/**
	 * The outcome of one call.
	 *
	 * @param client the client name
	 * @param transport {@code RestClient} or {@code WebClient}
	 * @param presentedSerial the serial number of the certificate the client presents
	 * now, or {@code null} without one
	 * @param status the HTTP status, or {@code null} if no response came
	 * @param response the response body: JSON as JSON (the demo server's verdict), other
	 * text as text
	 * @param error why no response came, or {@code null}
	 */
	record CallResult(String client, String transport, String presentedSerial, Integer status, Object response,
			String error) {

	}

}
