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

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import io.github.mtlsclient.CertificateDetails;
import io.github.mtlsclient.MtlsClients;
import io.github.mtlsclient.MtlsMaterialReloadFailedEvent;
import io.github.mtlsclient.MtlsMaterialReloadedEvent;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Lets a caller wait until a client presents a given certificate: the starter's file
 * watcher reloads the files on its own thread and says so with an event.
 *
 * @author mtls-client-spring-boot authors
 */
@Component
class ReloadWaiter {

	private final MtlsClients clients;

	private final Set<Expected> expected = ConcurrentHashMap.newKeySet();

	ReloadWaiter(MtlsClients clients) {
		this.clients = clients;
	}

	/**
	 * Wait until the client presents the certificate with the given serial number.
	 * @param client the client name
	 * @param serial the serial number (hexadecimal)
	 * @return completes when the client presents it, or exceptionally when a reload of
	 * the client fails
	 */
	CompletableFuture<CertificateDetails> presenting(String client, String serial) {
		Expected expected = new Expected(client, serial, new CompletableFuture<>());
		this.expected.add(expected);
		expected.future().whenComplete((certificate, failure) -> this.expected.remove(expected));
		// The reload may have happened before we started listening: the starter swaps the
		// material before it publishes the event, so asking now closes that gap.
		CertificateDetails current = this.clients.certificate(client);
		if (current != null && serial.equals(current.serialNumber())) {
			expected.future().complete(current);
		}
		return expected.future();
	}

	@EventListener
	void reloaded(MtlsMaterialReloadedEvent event) {
		for (Expected expected : this.expected) {
			if (expected.client().equals(event.getClientName()) && expected.serial().equals(event.getSerialNumber())) {
				expected.future().complete(event.getCertificate());
			}
		}
	}

	@EventListener
	void failed(MtlsMaterialReloadFailedEvent event) {
		for (Expected expected : this.expected) {
			if (expected.client().equals(event.getClientName())) {
				expected.future().completeExceptionally(event.getCause());
			}
		}
	}

	private record Expected(String client, String serial, CompletableFuture<CertificateDetails> future) {

	}

}
