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

/**
 * Thrown when a client's configuration or TLS material cannot be used. Carries the
 * client, the property and the location at fault and what to do about it, so that the
 * startup failure report can name all of them. Never carries key material or
 * passwords.
 *
 * @author mtls-client-spring-boot authors
 */
public class InvalidMtlsClientException extends RuntimeException {

	private final String clientName;

	private final String property;

	private final @Nullable String location;

	private final String reason;

	private final String action;

	/**
	 * Create a new exception.
	 * @param clientName the client name
	 * @param property the full name of the property at fault, e.g.
	 * {@code mtls.clients.payments.private-key}
	 * @param location the file or resource at fault, or {@code null}
	 * @param reason what is wrong
	 * @param action what to do about it
	 * @param cause the underlying cause, or {@code null}
	 */
	public InvalidMtlsClientException(String clientName, String property, @Nullable String location, String reason,
			String action, @Nullable Throwable cause) {
		super(message(clientName, property, location, reason), cause);
		this.clientName = clientName;
		this.property = property;
		this.location = location;
		this.reason = reason;
		this.action = action;
	}

	/**
	 * Create a new exception for a key of a client's configuration.
	 * @param clientName the client name
	 * @param key the key under {@code mtls.clients.<name>}, e.g. {@code private-key}, or
	 * an empty string for the client as a whole
	 * @param location the file or resource at fault, or {@code null}
	 * @param reason what is wrong
	 * @param action what to do about it
	 * @param cause the underlying cause, or {@code null}
	 * @return the exception
	 */
	public static InvalidMtlsClientException forKey(String clientName, String key, @Nullable String location,
			String reason, String action, @Nullable Throwable cause) {
		String property = "mtls.clients." + clientName + (key.isEmpty() ? "" : "." + key);
		return new InvalidMtlsClientException(clientName, property, location, reason, action, cause);
	}

	private static String message(String clientName, String property, @Nullable String location, String reason) {
		String where = (location != null) ? property + " (" + location + ")" : property;
		return "mTLS client '%s': %s: %s".formatted(clientName, where, reason);
	}

	/**
	 * The client name.
	 * @return the client name
	 */
	public String getClientName() {
		return this.clientName;
	}

	/**
	 * The full name of the property at fault.
	 * @return the property name
	 */
	public String getProperty() {
		return this.property;
	}

	/**
	 * The file or resource at fault.
	 * @return the location, or {@code null}
	 */
	public @Nullable String getLocation() {
		return this.location;
	}

	/**
	 * What is wrong.
	 * @return the reason
	 */
	public String getReason() {
		return this.reason;
	}

	/**
	 * What to do about it.
	 * @return the action
	 */
	public String getAction() {
		return this.action;
	}

}
