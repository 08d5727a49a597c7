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
package io.github.mtlsclient.interop;

import java.nio.file.Path;
import java.util.Map;

import com.jayway.jsonpath.JsonPath;
import io.github.mtlsclient.MtlsClients;
import io.github.mtlsclient.testsupport.CertificateAuthority;
import io.github.mtlsclient.testsupport.IssuedCertificate;
import io.github.mtlsclient.testsupport.KeyFormat;
import io.github.mtlsclient.testsupport.MtlsFixture;
import io.github.mtlsclient.testsupport.NodeHttpsServer;
import io.github.mtlsclient.testsupport.RequiredProgram;
import io.github.mtlsclient.testsupport.TestPki;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Our clients against Node.js's https server set up exactly as in undici's
 * client-certificate example: it requests a client certificate without rejecting
 * unauthorized ones ({@code requestCert: true, rejectUnauthorized: false}) and reports
 * {@code req.client.authorized} and {@code authorizationError}. As in the example, the
 * server certificate names only {@code agent1}, so the clients set {@code server-name}.
 * Skipped where {@code node} is missing, except on CI, which installs it.
 *
 * @author mtls-client-spring-boot authors
 */
class UndiciClientCertificateExampleInteropTests {

	@TempDir
	Path dir;

	private NodeHttpsServer server;

	private CertificateAuthority serverCa;

	private IssuedCertificate trusted;

	private IssuedCertificate stranger;

	@BeforeEach
	void startNodeServer() throws Exception {
		RequiredProgram.assumeInstalled("node", NodeHttpsServer.nodeAvailable(), getClass());
		this.serverCa = TestPki.rootCa("Example Server CA");
		CertificateAuthority clientCa = TestPki.rootCa("Example Client CA");
		IssuedCertificate agent1 = this.serverCa.issueServer("agent1", "agent1");
		Path serverKey = this.dir.resolve("server-key.pem");
		Path serverCert = this.dir.resolve("server-crt.pem");
		Path clientCaFile = this.dir.resolve("client-ca-crt.pem");
		agent1.writePrivateKey(serverKey, KeyFormat.PKCS8);
		agent1.writeCertificateChain(serverCert);
		clientCa.writeCertificate(clientCaFile);
		this.trusted = clientCa.issueClient("trusted");
		this.stranger = TestPki.rootCa("Stranger CA").issueClient("stranger");
		this.server = NodeHttpsServer.start(serverKey, serverCert, clientCaFile);
	}

	@AfterEach
	void stopNodeServer() {
		if (this.server != null) {
			this.server.close();
		}
	}

	@Test
	void clientWithACertificateFromTheTrustedCaIsAuthorized() {
		MtlsFixture.contextRunner().withPropertyValues(clientProperties("trusted", this.trusted)).run((context) -> {
			Map<String, Object> seen = call(context.getBean(MtlsClients.class), "trusted");
			assertThat(seen).containsEntry("authorized", true)
				.containsEntry("authorizationError", null)
				.containsEntry("subject", "trusted");
			assertThat(seen.get("serial").toString()).isEqualToIgnoringCase(this.trusted.serialNumber().toString(16));
		});
		await().untilAsserted(() -> assertThat(this.server.stdoutLines()).contains("valid"));
	}

	@Test
	void clientWithACertificateFromAnotherCaIsSeenButNotAuthorized() {
		MtlsFixture.contextRunner().withPropertyValues(clientProperties("stranger", this.stranger)).run((context) -> {
			Map<String, Object> seen = call(context.getBean(MtlsClients.class), "stranger");
			assertThat(seen).containsEntry("authorized", false)
				.containsEntry("authorizationError", "UNABLE_TO_VERIFY_LEAF_SIGNATURE")
				.containsEntry("subject", "stranger");
		});
		await().untilAsserted(() -> assertThat(this.server.stderrLines()).anyMatch(
				(line) -> line.contains("UNABLE_TO_VERIFY_LEAF_SIGNATURE")));
		assertThat(this.server.stdoutLines()).doesNotContain("valid");
	}

	private String[] clientProperties(String name, IssuedCertificate certificate) {
		Path certificateFile = this.dir.resolve(name + "-crt.pem");
		Path keyFile = this.dir.resolve(name + "-key.pem");
		Path serverCaFile = this.dir.resolve("server-ca-crt.pem");
		certificate.writeCertificateChain(certificateFile);
		certificate.writePrivateKey(keyFile, KeyFormat.PKCS8);
		this.serverCa.writeCertificate(serverCaFile);
		String prefix = "mtls.clients." + name + ".";
		return new String[] { prefix + "base-url=https://localhost:" + this.server.port(),
				prefix + "server-name=agent1", prefix + "certificate=" + certificateFile,
				prefix + "private-key=" + keyFile, prefix + "trust.certificates=" + serverCaFile };
	}

	private static Map<String, Object> call(MtlsClients clients, String name) {
		String json = clients.restClient(name).get().uri("/").retrieve().body(String.class);
		return JsonPath.parse(json).read("$");
	}

}
