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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.github.mtlsclient.CertificateDetails;
import io.github.mtlsclient.MtlsClients;
import io.github.mtlsclient.sample.ClientCalls.CallResult;
import io.github.mtlsclient.sample.demo.DemoPki;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The page's API: list the clients, call one (through its {@code RestClient} or its
 * {@code WebClient}), rotate the demo's {@code trusted} certificate. What the starter
 * itself reports about each client (pool, handshakes, reloads) the page reads from
 * {@code GET /actuator/mtls}.
 *
 * @author mtls-client-spring-boot authors
 */
@RestController
@RequestMapping("/api")
class DemoController {

	static final String ROTATED_CLIENT = "trusted";

	// Far longer than the quiet period plus a poll interval: a slow disk, not a hang.
	private static final Duration ROTATION_TIMEOUT = Duration.ofSeconds(20);

	private final MtlsClients clients;

	private final ClientCalls calls;

	private final ReloadWaiter reloads;

	private final ObjectProvider<DemoPki> pki;

	private final Environment environment;

	DemoController(MtlsClients clients, ClientCalls calls, ReloadWaiter reloads, ObjectProvider<DemoPki> pki,
			Environment environment) {
		this.clients = clients;
		this.calls = calls;
		this.reloads = reloads;
		this.pki = pki;
		this.environment = environment;
	}

	@GetMapping("/clients")
	Map<String, Object> clients() {
		Map<String, Object> clients = new LinkedHashMap<>();
		for (String name : this.clients.names()) {
			Map<String, Object> client = new LinkedHashMap<>();
			client.put("baseUrl", this.environment.getProperty("mtls.clients." + name + ".base-url"));
			client.put("certificate", this.clients.certificate(name));
			clients.put(name, client);
		}
		boolean rotatable = this.pki.getIfAvailable() != null && this.clients.names().contains(ROTATED_CLIENT);
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("clients", clients);
		body.put("rotatable", rotatable ? List.of(ROTATED_CLIENT) : List.of());
		body.put("transports", this.calls.reactive()
				? List.of(Transport.REST_CLIENT.label(), Transport.WEB_CLIENT.label())
				: List.of(Transport.REST_CLIENT.label()));
		return body;
	}

	@PostMapping("/clients/{name}/call")
	ResponseEntity<Object> call(@PathVariable String name,
			@RequestParam(defaultValue = "RestClient") String transport) {
		if (!this.clients.names().contains(name)) {
			return unknownClient(name);
		}
		Transport through;
		try {
			through = Transport.of(transport);
		}
		catch (IllegalArgumentException ex) {
			return ResponseEntity.badRequest().body(Map.of("error", ex.getMessage()));
		}
		CallResult result = this.calls.call(name, through);
		return ResponseEntity.status((result.error() != null) ? HttpStatus.BAD_GATEWAY : HttpStatus.OK).body(result);
	}

	// One rotation at a time, so that each waits for its own certificate.
	@PostMapping("/rotate")
	synchronized ResponseEntity<Object> rotate() throws InterruptedException {
		DemoPki pki = this.pki.getIfAvailable();
		if (pki == null || !this.clients.names().contains(ROTATED_CLIENT)) {
			return ResponseEntity.status(HttpStatus.NOT_FOUND)
				.body(Map.of("error", "Rotation needs the demo: run with the 'demo' profile"));
		}
		CertificateDetails previous = this.clients.certificate(ROTATED_CLIENT);
		String previousSerial = (previous != null) ? previous.serialNumber() : null;
		String serial = pki.rotateTrusted().getSerialNumber().toString(16);
		try {
			this.reloads.presenting(ROTATED_CLIENT, serial).get(ROTATION_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			return ResponseEntity.ok(new RotationResult(ROTATED_CLIENT, previousSerial, serial, true, null));
		}
		catch (ExecutionException ex) {
			return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR)
				.body(new RotationResult(ROTATED_CLIENT, previousSerial, serial, false,
						"The client refused the new files: " + ex.getCause().getMessage()));
		}
		catch (TimeoutException ex) {
			return ResponseEntity.status(HttpStatus.GATEWAY_TIMEOUT)
				.body(new RotationResult(ROTATED_CLIENT, previousSerial, serial, false,
						"The client did not reload within " + ROTATION_TIMEOUT.toSeconds()
								+ "s; it still presents the previous certificate"));
		}
	}

	private ResponseEntity<Object> unknownClient(String name) {
		return ResponseEntity.status(HttpStatus.NOT_FOUND)
			.body(Map.of("error", "No mTLS client named '" + name + "'", "clients", this.clients.names()));
	}

	/**
	 * The outcome of a rotation.
	 *
	 * @param client the rotated client
	 * @param previousSerial the serial number it presented before
	 * @param serial the serial number of the new certificate
	 * @param presented whether the client presents the new certificate now
	 * @param error why not, or {@code null}
	 */
	record RotationResult(String client, String previousSerial, String serial, boolean presented, String error) {

	}

}
