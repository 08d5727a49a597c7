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
package io.github.mtlsclient.reactive;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import com.jayway.jsonpath.JsonPath;
import io.github.mtlsclient.MtlsWebClients;
import io.github.mtlsclient.testsupport.CertificateAuthority;
import io.github.mtlsclient.testsupport.IssuedCertificate;
import io.github.mtlsclient.testsupport.KeyFormat;
import io.github.mtlsclient.testsupport.MtlsFixture;
import io.github.mtlsclient.testsupport.NodeHttpsServer;
import io.github.mtlsclient.testsupport.RequiredProgram;
import io.github.mtlsclient.testsupport.TestPki;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A client's {@code WebClient} against Node.js's https server set up as in undici's
 * client-certificate example ({@code requestCert: true, rejectUnauthorized: false}),
 * which reports whether it could verify the presented certificate: the TLS stack on the
 * other side is OpenSSL, not the JDK's. The example's server certificate names only
 * {@code agent1}, hence {@code server-name}. Skipped where {@code node} is missing,
 * except on CI, which installs it.
 *
 * @author mtls-client-spring-boot authors
 */
class ReactiveUndiciExampleInteropTests {

	@TempDir
	Path dir;

	private NodeHttpsServer node;

	@AfterEach
	void stopNode() {
		if (this.node != null) {
			this.node.close();
		}
	}

	@Test
	void aCertificateFromTheCaTheServerTrustsIsAuthorizedAndAnotherIsOnlySeen() throws Exception {
		RequiredProgram.assumeInstalled("node", NodeHttpsServer.nodeAvailable(), getClass());
		CertificateAuthority serverCa = TestPki.rootCa("Example Server CA");
		CertificateAuthority clientCa = TestPki.rootCa("Example Client CA");
		IssuedCertificate agent1 = serverCa.issueServer("agent1", "agent1");
		agent1.writePrivateKey(this.dir.resolve("server-key.pem"), KeyFormat.PKCS8);
		agent1.writeCertificateChain(this.dir.resolve("server-crt.pem"));
		clientCa.writeCertificate(this.dir.resolve("client-ca-crt.pem"));
		serverCa.writeCertificate(this.dir.resolve("server-ca-crt.pem"));
		this.node = NodeHttpsServer.start(this.dir.resolve("server-key.pem"), this.dir.resolve("server-crt.pem"),
				this.dir.resolve("client-ca-crt.pem"));
		IssuedCertificate trusted = clientCa.issueClient("trusted");
		IssuedCertificate stranger = TestPki.rootCa("Stranger CA").issueClient("stranger");
		MtlsFixture.reactiveContextRunner()
			.withPropertyValues(properties("trusted", trusted))
			.withPropertyValues(properties("stranger", stranger))
			.run((context) -> {
				MtlsWebClients clients = context.getBean(MtlsWebClients.class);
				Map<String, Object> seenTrusted = whatTheServerSaw(clients, "trusted");
				assertThat(seenTrusted).containsEntry("authorized", true)
					.containsEntry("authorizationError", null)
					.containsEntry("subject", "trusted");
				assertThat(seenTrusted.get("serial").toString())
					.isEqualToIgnoringCase(trusted.serialNumber().toString(16));
				assertThat(whatTheServerSaw(clients, "stranger")).containsEntry("authorized", false)
					.containsEntry("authorizationError", "UNABLE_TO_VERIFY_LEAF_SIGNATURE")
					.containsEntry("subject", "stranger");
			});
		// One "valid" line: for the trusted client only.
		await().untilAsserted(() -> assertThat(this.node.stdoutLines()).filteredOn("valid"::equals).hasSize(1));
		await().untilAsserted(() -> assertThat(this.node.stderrLines()).contains("UNABLE_TO_VERIFY_LEAF_SIGNATURE"));
	}

	private String[] properties(String name, IssuedCertificate certificate) {
		Path certificateFile = this.dir.resolve(name + "-crt.pem");
		Path keyFile = this.dir.resolve(name + "-key.pem");
		certificate.writeCertificateChain(certificateFile);
		certificate.writePrivateKey(keyFile, KeyFormat.PKCS8);
		String prefix = "mtls.clients." + name + ".";
		return new String[] { prefix + "base-url=https://localhost:" + this.node.port(), prefix + "server-name=agent1",
				prefix + "certificate=" + certificateFile, prefix + "private-key=" + keyFile,
				prefix + "trust.certificates=" + this.dir.resolve("server-ca-crt.pem") };
	}

	private static Map<String, Object> whatTheServerSaw(MtlsWebClients clients, String name) {
		String json = clients.webClient(name)
			.get()
			.uri("/")
			.retrieve()
			.bodyToMono(String.class)
			.block(Duration.ofSeconds(20));
		return JsonPath.parse(json).read("$");
	}

}
