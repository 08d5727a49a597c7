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

import org.springframework.context.ApplicationEvent;

/**
 * Published when a client could not use the TLS material it found after a change. The
 * client keeps presenting its previous material. Its file watcher tries the files again
 * while they differ from the material in use, publishing this event on every attempt
 * that fails.
 *
 * @author mtls-client-spring-boot authors
 */
public class MtlsMaterialReloadFailedEvent extends ApplicationEvent {

	private final String clientName;

	private final RuntimeException cause;

	/**
	 * Create a new event.
	 * @param source the object that published it
	 * @param clientName the client name
	 * @param cause why the material could not be used; its message names the property
	 * and file and never holds key material
	 */
	public MtlsMaterialReloadFailedEvent(Object source, String clientName, RuntimeException cause) {
		super(source);
		this.clientName = clientName;
		this.cause = cause;
	}

	/**
	 * The client name.
	 * @return the client name
	 */
	public String getClientName() {
		return this.clientName;
	}

	/**
	 * Why the material could not be used.
	 * @return the cause
	 */
	public RuntimeException getCause() {
		return this.cause;
	}

}
