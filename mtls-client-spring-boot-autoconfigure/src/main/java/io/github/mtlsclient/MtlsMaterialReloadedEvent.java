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

import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEvent;

/**
 * Published when a client has swapped in new TLS material: new connections present the
 * new certificate from now on.
 *
 * @author mtls-client-spring-boot authors
 */
public class MtlsMaterialReloadedEvent extends ApplicationEvent {

	private final String clientName;

	private final @Nullable CertificateDetails previousCertificate;

	private final @Nullable CertificateDetails certificate;

	/**
	 * Create a new event.
	 * @param source the object that published it
	 * @param clientName the client name
	 * @param previousCertificate the certificate presented before, or {@code null}
	 * @param certificate the certificate presented now, or {@code null}
	 */
	public MtlsMaterialReloadedEvent(Object source, String clientName, @Nullable CertificateDetails previousCertificate,
			@Nullable CertificateDetails certificate) {
		super(source);
		this.clientName = clientName;
		this.previousCertificate = previousCertificate;
		this.certificate = certificate;
	}

	/**
	 * The client name.
	 * @return the client name
	 */
	public String getClientName() {
		return this.clientName;
	}

	/**
	 * The certificate presented before the reload.
	 * @return the previous certificate, or {@code null} if there was none
	 */
	public @Nullable CertificateDetails getPreviousCertificate() {
		return this.previousCertificate;
	}

	/**
	 * The certificate presented from now on.
	 * @return the certificate, or {@code null} if there is none
	 */
	public @Nullable CertificateDetails getCertificate() {
		return this.certificate;
	}

	/**
	 * The serial number of the certificate presented before the reload.
	 * @return the previous serial number, or {@code null}
	 */
	public @Nullable String getPreviousSerialNumber() {
		return (this.previousCertificate != null) ? this.previousCertificate.serialNumber() : null;
	}

	/**
	 * The serial number of the certificate presented from now on.
	 * @return the serial number, or {@code null}
	 */
	public @Nullable String getSerialNumber() {
		return (this.certificate != null) ? this.certificate.serialNumber() : null;
	}

}
