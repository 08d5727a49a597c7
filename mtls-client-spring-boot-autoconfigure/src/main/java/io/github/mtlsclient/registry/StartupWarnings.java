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
package io.github.mtlsclient.registry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import io.github.mtlsclient.CertificateDetails;
import io.github.mtlsclient.material.TlsMaterial;
import io.github.mtlsclient.settings.ClientSettings;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;

/**
 * What is worth a WARN when a client starts although it works: settings that weaken
 * TLS, no client certificate at all, a certificate that expires soon, a private key
 * file others can read.
 *
 * @author mtls-client-spring-boot authors
 */
final class StartupWarnings {

	private static final Log logger = LogFactory.getLog(StartupWarnings.class);

	private final ResourceLoader resourceLoader;

	private final Duration expiryWarningThreshold;

	StartupWarnings(ResourceLoader resourceLoader, Duration expiryWarningThreshold) {
		this.resourceLoader = resourceLoader;
		this.expiryWarningThreshold = expiryWarningThreshold;
	}

	void check(ClientSettings settings, TlsMaterial material) {
		String name = settings.name();
		insecureSettings(name, settings);
		noCertificate(name, settings, material);
		if (!(settings.material() instanceof ClientSettings.Spiffe)) {
			// An X.509-SVID lives an hour or so and the Workload API renews it by itself.
			expiry(name, material.leafDetails(), Instant.now());
		}
		if (settings.material() instanceof ClientSettings.PemFiles files && files.privateKey() != null) {
			keyFilePermissions(name, files.privateKey());
		}
	}

	private static void insecureSettings(String name, ClientSettings settings) {
		if (settings.tls().insecureTrustAll()) {
			logger.warn(("mTLS client '%s' accepts any server certificate (mtls.clients.%s.insecure-trust-all=true): "
					+ "anyone who can intercept its connections can impersonate the server")
				.formatted(name, name));
		}
		else if (!settings.tls().verifyHostname() && !(settings.material() instanceof ClientSettings.Spiffe)) {
			// A SPIFFE client checks the server's SPIFFE ID instead.
			logger.warn(("mTLS client '%s' does not verify the server's hostname "
					+ "(mtls.clients.%s.verify-hostname=false): any server with a trusted certificate can "
					+ "impersonate it")
				.formatted(name, name));
		}
	}

	/**
	 * A client without a certificate is legal (a server that only wants TLS), but in a
	 * starter for mutual TLS it is more often a forgotten property or a bundle without
	 * a key store: say so at every start rather than at the server's refusal.
	 */
	private static void noCertificate(String name, ClientSettings settings, TlsMaterial material) {
		if (material.leaf() != null) {
			return;
		}
		String source = (settings.material() instanceof ClientSettings.Bundle bundle)
				? "its SSL bundle '%s' (mtls.clients.%s.bundle) has no key store".formatted(bundle.name(), name)
				: "mtls.clients.%s.certificate and .private-key are not set".formatted(name);
		logger.warn(("mTLS client '%s' has no client certificate: %s. It presents none, and a server that requires "
				+ "mutual TLS will refuse its connections")
			.formatted(name, source));
	}

	private void expiry(String name, CertificateDetails certificate, Instant now) {
		if (certificate == null) {
			return;
		}
		Duration left = Duration.between(now, certificate.notAfter());
		if (left.compareTo(this.expiryWarningThreshold) < 0) {
			logger.warn("mTLS client '%s' presents a certificate that expires in %s, at %s: %s (serial %s); renew it"
				.formatted(name, describe(left), certificate.notAfter(), certificate.subject(),
						certificate.serialNumber()));
		}
	}

	private void keyFilePermissions(String name, String location) {
		try {
			Resource resource = this.resourceLoader.getResource(location);
			if (!resource.isFile()) {
				return;
			}
			Path file = resource.getFile().toPath();
			Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
			if (permissions.contains(PosixFilePermission.GROUP_READ)
					|| permissions.contains(PosixFilePermission.OTHERS_READ)) {
				logger.warn(("mTLS client '%s': the private key file %s (mtls.clients.%s.private-key) is readable by "
						+ "group or others (%s); restrict it, e.g. chmod 600 %s (Kubernetes: defaultMode: 0400)")
					.formatted(name, file, name, PosixFilePermissions.toString(permissions), file));
			}
		}
		catch (IOException | UnsupportedOperationException ex) {
			// Not a POSIX file system, or not a file: nothing to say.
		}
	}

	private static String describe(Duration left) {
		if (left.toDays() >= 1) {
			return left.toDays() + " days";
		}
		if (left.toHours() >= 1) {
			return left.toHours() + " hours";
		}
		return Math.max(0, left.toMinutes()) + " minutes";
	}

}
