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

import io.github.mtlsclient.CertificateDetails;
import io.github.mtlsclient.MtlsClients;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestClientResponseException;

/**
 * Calls {@code GET /} through a named client, as the page's buttons and the startup
 * report do, and says what came back and which certificate the client presents.
 *
 * @author mtls-client-spring-boot authors
 */
@Component
class ClientCalls {

	// Enough of a foreign server's answer to recognise it; the page is no proxy.
	private static final int MAX_TEXT = 2000;

	private final MtlsClients clients;

	private final JsonMapper jsonMapper;

	ClientCalls(MtlsClients clients, JsonMapper jsonMapper) {
		this.clients = clients;
		this.jsonMapper = jsonMapper;
	}

	/**
	 * Call the named client's server once.
	 * @param name the client name
	 * @return what happened
	 */
	CallResult call(String name) {
		try {
			ResponseEntity<String> response = this.clients.restClient(name).get().uri("/").retrieve()
				.toEntity(String.class);
			return answered(name, response.getStatusCode().value(), response.getBody());
		}
		catch (RestClientResponseException ex) {
			return answered(name, ex.getStatusCode().value(), ex.getResponseBodyAsString());
		}
		catch (RestClientException ex) {
			return new CallResult(name, presentedSerial(name), null, null, ex.getMessage());
		}
	}

	private CallResult answered(String name, int status, String body) {
		return new CallResult(name, presentedSerial(name), status, parse(body), null);
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
	 * @param presentedSerial the serial number of the certificate the client presents
	 * now, or {@code null} without one
	 * @param status the HTTP status, or {@code null} if no response came
	 * @param response the response body: JSON as JSON (the demo server's verdict), other
	 * text as text
	 * @param error why no response came, or {@code null}
	 */
	record CallResult(String client, String presentedSerial, Integer status, Object response, String error) {

	}

}
