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

import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/**
 * The mutual-TLS clients of the application, by name. Every method that takes a name
 * throws {@link NoSuchMtlsClientException} for a name that is not configured.
 *
 * @author mtls-client-spring-boot authors
 */
public interface MtlsClients {

	/**
	 * The names of the configured clients, in configuration order.
	 * @return the client names
	 */
	Set<String> names();

	/**
	 * The {@link RestClient} of the named client: base URL, TLS identity, pool and
	 * default headers applied.
	 * @param name the client name
	 * @return the client's {@code RestClient}
	 */
	RestClient restClient(String name);

	/**
	 * The pooled request factory behind the named client, for code that uses
	 * {@code RestTemplate} or builds its own {@code RestClient}. It is owned by the
	 * registry: do not close it.
	 * @param name the client name
	 * @return the client's request factory
	 */
	ClientHttpRequestFactory requestFactory(String name);

	/**
	 * The certificate the named client presents on new connections now, or
	 * {@code null} if it is configured without a client certificate.
	 * @param name the client name
	 * @return the presented certificate, or {@code null}
	 */
	@Nullable CertificateDetails certificate(String name);

	/**
	 * The named client's status now: presented certificate, trust, last reload, pool.
	 * @param name the client name
	 * @return the status
	 */
	MtlsClientStatus status(String name);

	/**
	 * Reload the named client's TLS material now, whatever the file watcher has seen:
	 * load and validate it and, if it is usable and has changed, present it on new
	 * connections from now on. Unusable material leaves the client as it was.
	 * @param name the client name
	 * @return the certificate presented from now on, or {@code null} without one
	 * @throws InvalidMtlsClientException if the material cannot be used
	 */
	@Nullable CertificateDetails reload(String name);

	/**
	 * Point a {@code RestClient.Builder} at the named client: its base URL, its request
	 * factory and its default headers. HTTP service groups named like a client are routed
	 * through it this way. The default sets the base URL of the client's status and its
	 * request factory.
	 * @param name the client name
	 * @param builder the builder to configure
	 */
	default void configure(String name, RestClient.Builder builder) {
		builder.baseUrl(status(name).baseUrl()).requestFactory(requestFactory(name));
	}

	/**
	 * The named client's identity as a Spring Boot SSL bundle: its private key and
	 * certificate chain, its trusted certificates, protocols and cipher suites, as they
	 * are now. The starter registers it as {@code mtls-<name>} and updates it after every
	 * reload. It holds the private key: hand it only to code that may present the
	 * client's identity.
	 * @param name the client name
	 * @return the bundle
	 * @throws UnsupportedOperationException if this registry offers no bundles, as by
	 * default
	 */
	default SslBundle sslBundle(String name) {
		throw new UnsupportedOperationException(getClass().getName() + " offers no SSL bundles");
	}

}
