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

package io.github.mtlsclient.testsupport;

import java.nio.file.Path;

import io.github.mtlsclient.autoconfigure.MtlsClientAutoConfiguration;
import io.github.mtlsclient.autoconfigure.MtlsWebClientAutoConfiguration;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;

/**
 * A small world for one test: a server CA and a client CA, a server certificate for
 * {@code localhost} and {@code 127.0.0.1}, a client certificate, their PEM files in a
 * folder, and the context runner with the starter's auto-configuration.
 *
 * @author mtls-client-spring-boot authors
 */
public final class MtlsFixture {

	public final Path dir;

	public final CertificateAuthority serverCa;

	public final CertificateAuthority clientCa;

	public final IssuedCertificate server;

	public final IssuedCertificate client;

	public final Path serverCaFile;

	public final Path clientCertificateFile;

	public final Path clientKeyFile;

	public MtlsFixture(Path dir) {
		this.dir = dir;
		this.serverCa = TestPki.rootCa("Test Server CA");
		this.clientCa = TestPki.rootCa("Test Client CA");
		this.server = this.serverCa.issueServer("localhost", "localhost", "127.0.0.1");
		this.client = this.clientCa.issueClient("test-client");
		this.serverCaFile = dir.resolve("server-ca.pem");
		this.serverCa.writeCertificate(this.serverCaFile);
		this.clientCertificateFile = dir.resolve("client.crt");
		this.client.writeCertificateChain(this.clientCertificateFile);
		this.clientKeyFile = dir.resolve("client.key");
		this.client.writePrivateKey(this.clientKeyFile, KeyFormat.PKCS8);
	}

	/**
	 * Start a server that presents the server certificate and requires a client
	 * certificate from the client CA.
	 * @return the started server
	 */
	public RecordingMtlsServer startServer() {
		return serverBuilder().start();
	}

	/**
	 * A server builder with the server certificate, trusting the client CA.
	 * @return the builder
	 */
	public RecordingMtlsServer.Builder serverBuilder() {
		return RecordingMtlsServer.builder(this.server.privateKey(), this.server.chain())
			.trustedClientCas(this.clientCa.certificate());
	}

	/**
	 * An nginx builder with the server certificate, requiring a client certificate from
	 * the client CA; writes the files nginx reads into the fixture's folder.
	 * @return the builder
	 */
	public NginxServer.Builder nginxBuilder() {
		Path certificate = this.dir.resolve("nginx-server.crt");
		Path key = this.dir.resolve("nginx-server.key");
		Path clientCaFile = this.dir.resolve("nginx-client-ca.pem");
		this.server.writeCertificateChain(certificate);
		this.server.writePrivateKey(key, KeyFormat.PKCS8);
		this.clientCa.writeCertificate(clientCaFile);
		return NginxServer.builder(certificate, key, clientCaFile);
	}

	/**
	 * A context runner with the starter and the auto-configurations it builds on.
	 * @return the runner
	 */
	public static ApplicationContextRunner contextRunner() {
		return new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class,
				RestClientAutoConfiguration.class, MtlsClientAutoConfiguration.class));
	}

	/**
	 * A context runner with the starter, its reactive clients and the auto-configurations
	 * they build on.
	 * @return the runner
	 */
	public static ApplicationContextRunner reactiveContextRunner() {
		return contextRunner().withConfiguration(
				AutoConfigurations.of(WebClientAutoConfiguration.class, MtlsWebClientAutoConfiguration.class));
	}

	/**
	 * The properties of a client {@code name} with the fixture's client certificate,
	 * trusting the server CA, pointed at the given server.
	 * @param name the client name
	 * @param server the server
	 * @return property values for {@code withPropertyValues}
	 */
	public String[] clientProperties(String name, RecordingMtlsServer server) {
		return clientProperties(name, server.baseUrl());
	}

	/**
	 * The properties of a client {@code name} with the fixture's client certificate,
	 * trusting the server CA, pointed at the given base URL.
	 * @param name the client name
	 * @param baseUrl the base URL
	 * @return property values for {@code withPropertyValues}
	 */
	public String[] clientProperties(String name, String baseUrl) {
		String prefix = "mtls.clients." + name + ".";
		return new String[] { prefix + "base-url=" + baseUrl, prefix + "certificate=file:" + this.clientCertificateFile,
				prefix + "private-key=file:" + this.clientKeyFile,
				prefix + "trust.certificates=file:" + this.serverCaFile };
	}

}
