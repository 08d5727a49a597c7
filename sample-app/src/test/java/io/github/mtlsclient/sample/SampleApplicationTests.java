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

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The demo end to end, through the HTTP API the page uses: a real demo PKI (in a
 * temporary folder), a real mTLS server on a random port, the starter's clients and
 * its file watcher.
 *
 * @author mtls-client-spring-boot authors
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
// The context's demo server and file watcher use the temporary folder: close it first.
@DirtiesContext
class SampleApplicationTests {

	@TempDir
	static Path pkiDir;

	@LocalServerPort
	private int port;

	private RestClient page;

	@DynamicPropertySource
	static void demoPki(DynamicPropertyRegistry registry) {
		registry.add("sample.pki.dir", pkiDir::toString);
	}

	@BeforeEach
	void page() {
		// As the page's script calls the API: with the header it sends on every request.
		this.page = RestClient.builder()
			.baseUrl("http://127.0.0.1:" + this.port)
			.defaultHeader(LocalPageOnlyFilter.PAGE_HEADER, LocalPageOnlyFilter.PAGE)
			.build();
	}

	@Test
	void trustedClientIsAuthorizedWithTheCertificateItPresents() {
		CallResult result = call("trusted");
		assertThat(result.status()).isEqualTo(200);
		assertThat(result.response().userAgent()).startsWith("Apache-HttpClient/");
		assertThat(result.response().authorized()).isTrue();
		assertThat(result.response().authorizationError()).isNull();
		assertThat(result.response().subject()).isEqualTo("CN=trusted,O=mtls-sample");
		assertThat(result.response().serial()).isEqualTo(result.presentedSerial());
	}

	@Test
	void strangerPresentsItsCertificateAndIsToldWhyItIsNotAuthorized() {
		CallResult result = call("stranger");
		assertThat(result.status()).isEqualTo(200);
		assertThat(result.response().authorized()).isFalse();
		assertThat(result.response().authorizationError()).startsWith("PKIX path validation failed");
		assertThat(result.response().subject()).isEqualTo("CN=stranger,O=mtls-sample");
		assertThat(result.response().serial()).isEqualTo(result.presentedSerial());
	}

	@Test
	void trustedClientIsAuthorizedThroughItsWebClientWithTheSameCertificate() {
		CallResult result = call("trusted", "WebClient");
		assertThat(result.transport()).isEqualTo("WebClient");
		assertThat(result.status()).isEqualTo(200);
		// The server was called by Reactor Netty, not by the RestClient's HttpClient.
		assertThat(result.response().userAgent()).startsWith("ReactorNetty/");
		assertThat(result.response().authorized()).isTrue();
		assertThat(result.response().subject()).isEqualTo("CN=trusted,O=mtls-sample");
		assertThat(result.response().serial()).isEqualTo(result.presentedSerial())
			.isEqualTo(call("trusted").response().serial());
	}

	@Test
	void strangerPresentsItsCertificateThroughItsWebClientToo() {
		CallResult result = call("stranger", "WebClient");
		assertThat(result.transport()).isEqualTo("WebClient");
		assertThat(result.response().userAgent()).startsWith("ReactorNetty/");
		assertThat(result.response().authorized()).isFalse();
		assertThat(result.response().authorizationError()).startsWith("PKIX path validation failed");
		assertThat(result.response().subject()).isEqualTo("CN=stranger,O=mtls-sample");
		assertThat(result.response().serial()).isEqualTo(result.presentedSerial());
	}

	@Test
	void anUnknownTransportIsRefused() throws IOException {
		assertThat(send("POST", "/api/clients/trusted/call?transport=carrier-pigeon", "Host: 127.0.0.1:" + this.port,
				LocalPageOnlyFilter.PAGE_HEADER + ": " + LocalPageOnlyFilter.PAGE))
			.startsWith("400 ")
			.contains("use RestClient or WebClient")
			.doesNotContain("carrier-pigeon");
	}

	@Test
	void rotatedCertificateReachesTheServerWithoutARestart() {
		String before = call("trusted").response().serial();
		Rotation rotation = this.page.post().uri("/api/rotate").retrieve().body(Rotation.class);
		assertThat(rotation.previousSerial()).isEqualTo(before);
		assertThat(rotation.serial()).isNotEqualTo(before);
		assertThat(rotation.presented()).isTrue();
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			for (String transport : List.of("RestClient", "WebClient")) {
				CallResult result = call("trusted", transport);
				assertThat(result.transport()).isEqualTo(transport);
				assertThat(result.response().serial()).as(transport).isEqualTo(rotation.serial());
				assertThat(result.response().authorized()).as(transport).isTrue();
				assertThat(result.presentedSerial()).as(transport).isEqualTo(rotation.serial());
			}
		});
	}

	@Test
	void startupLogShowsTheServersVerdictOnEachClient(CapturedOutput output) {
		assertThat(output.getAll()).contains("valid (CN=trusted,O=mtls-sample, serial ")
			.contains("PKIX path validation failed: Path does not chain with any of the trust anchors "
					+ "(CN=stranger,O=mtls-sample, serial ");
	}

	@Test
	void pageAndItsSourcesAreServed() {
		assertThat(this.page.get().uri("/").retrieve().body(String.class)).contains("<h1>mTLS clients</h1>");
		assertThat(this.page.get().uri("/app.js").retrieve().body(String.class)).contains("api/clients");
	}

	@Test
	void clientListOffersRotationOfTheTrustedClientOnly() {
		ClientList list = this.page.get().uri("/api/clients").retrieve().body(ClientList.class);
		assertThat(list.rotatable()).containsExactly("trusted");
		assertThat(list.clients()).containsOnlyKeys("trusted", "stranger");
		assertThat(list.transports()).containsExactly("RestClient", "WebClient");
	}

	@Test
	void actuatorEndpointThePageReadsDescribesEachClient() {
		String presented = call("trusted").presentedSerial();
		MtlsEndpoint endpoint = this.page.get().uri("/actuator/mtls").retrieve().body(MtlsEndpoint.class);
		assertThat(endpoint.clients()).containsOnlyKeys("trusted", "stranger");
		EndpointClient trusted = endpoint.clients().get("trusted");
		assertThat(trusted.baseUrl()).startsWith("https://127.0.0.1:");
		assertThat(trusted.certificate().serialNumber()).isEqualTo(presented);
		assertThat(trusted.handshakes()).isPositive();
	}

	@Test
	void anotherSitesPageCannotCallOrRotate() throws IOException {
		String before = call("trusted").presentedSerial();
		String host = "Host: 127.0.0.1:" + this.port;
		// A form or fetch from another site: the browser says where it comes from.
		assertThat(send("POST", "/api/rotate", host, "Origin: https://evil.example")).startsWith("403 ")
			.contains("origin 'https://evil.example' may not use this page's API");
		assertThat(send("POST", "/api/clients/trusted/call", host, "Origin: https://evil.example"))
			.startsWith("403 ");
		assertThat(send("POST", "/api/rotate", host, "Origin: null")).startsWith("403 ");
		// Even with the page's header: only a preflight, which is never granted, would let it through.
		assertThat(send("POST", "/api/rotate", host, "Origin: http://evil.example:" + this.port,
				LocalPageOnlyFilter.PAGE_HEADER + ": " + LocalPageOnlyFilter.PAGE))
			.startsWith("403 ");
		assertThat(call("trusted").presentedSerial()).isEqualTo(before);
	}

	@Test
	void aPageThatRebindsItsNameToThisMachineCanNeitherCallNorRead() throws IOException {
		// DNS rebinding: the browser thinks it talks to the attacker's own origin.
		String rebound = "rebound.example:" + this.port;
		String[] sameOriginAsTheAttacker = { "Host: " + rebound, "Origin: http://" + rebound,
				LocalPageOnlyFilter.PAGE_HEADER + ": " + LocalPageOnlyFilter.PAGE };
		assertThat(send("POST", "/api/clients/trusted/call", sameOriginAsTheAttacker)).startsWith("403 ")
			.contains("Host 'rebound.example:" + this.port + "' is not this machine");
		assertThat(send("GET", "/api/clients", "Host: " + rebound)).startsWith("403 ").doesNotContain("trusted");
		assertThat(send("GET", "/actuator/mtls", "Host: " + rebound)).startsWith("403 ").doesNotContain("serialNumber");
		assertThat(send("POST", "/api/rotate", sameOriginAsTheAttacker)).startsWith("403 ");
	}

	@Test
	void aRequestThatChangesSomethingNeedsAnOriginOrThePagesHeader() throws IOException {
		assertThat(send("POST", "/api/rotate", "Host: 127.0.0.1:" + this.port)).startsWith("403 ")
			.contains("needs the header 'X-Requested-By: mtls-sample'");
	}

	@Test
	void thePagesOwnRequestsAreAnswered() throws IOException {
		// The header and value the served script sends.
		Matcher header = Pattern.compile("PAGE_HEADERS = \\{ '([^']+)': '([^']+)' \\}")
			.matcher(this.page.get().uri("/app.js").retrieve().body(String.class));
		assertThat(header.find()).as("app.js declares the header it sends").isTrue();
		String pageHeader = header.group(1) + ": " + header.group(2);
		for (String origin : List.of("127.0.0.1:" + this.port, "localhost:" + this.port)) {
			assertThat(send("POST", "/api/clients/trusted/call", "Host: " + origin, "Origin: http://" + origin,
					pageHeader))
				.startsWith("200 ")
				.contains("\"authorized\":true");
			assertThat(send("POST", "/api/clients/trusted/call", "Host: " + origin, pageHeader)).startsWith("200 ");
			assertThat(send("GET", "/api/clients", "Host: " + origin, pageHeader)).startsWith("200 ")
				.contains("\"trusted\"");
			assertThat(send("GET", "/api/clients", "Host: " + origin, "Origin: http://" + origin)).startsWith("200 ");
			assertThat(send("GET", "/actuator/mtls", "Host: " + origin)).startsWith("200 ");
			assertThat(send("GET", "/", "Host: " + origin)).startsWith("200 ");
		}
	}

	// A request exactly as written, also with headers that HTTP clients set themselves
	// (Host); answers "<status> <body>".
	private String send(String method, String path, String... headers) throws IOException {
		StringBuilder request = new StringBuilder(method + " " + path + " HTTP/1.1\r\n");
		for (String header : headers) {
			request.append(header).append("\r\n");
		}
		request.append("Content-Length: 0\r\nConnection: close\r\n\r\n");
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", this.port), 10_000);
			socket.setSoTimeout(30_000);
			OutputStream out = socket.getOutputStream();
			out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
			InputStream in = socket.getInputStream();
			String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
			String status = response.substring(response.indexOf(' ') + 1, response.indexOf(' ') + 4);
			return status + " " + response.substring(response.indexOf("\r\n\r\n") + 4);
		}
	}

	private CallResult call(String client) {
		return this.page.post().uri("/api/clients/{name}/call", client).retrieve().body(CallResult.class);
	}

	private CallResult call(String client, String transport) {
		return this.page.post()
			.uri("/api/clients/{name}/call?transport={transport}", client, transport)
			.retrieve()
			.body(CallResult.class);
	}

	record CallResult(String client, String transport, String presentedSerial, Integer status, Verdict response, String error) {

	}

	record Verdict(boolean authorized, String authorizationError, String subject, String serial, String userAgent) {

	}

	record Rotation(String client, String previousSerial, String serial, boolean presented, String error) {

	}

	record MtlsEndpoint(Map<String, EndpointClient> clients) {

	}

	record EndpointClient(String baseUrl, EndpointCertificate certificate, long handshakes) {

	}

	record EndpointCertificate(String subject, String serialNumber) {

	}

	record ClientList(List<String> rotatable, List<String> transports, Map<String, Object> clients) {

	}

}
