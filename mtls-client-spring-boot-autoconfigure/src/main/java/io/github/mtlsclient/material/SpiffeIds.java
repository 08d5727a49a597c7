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
package io.github.mtlsclient.material;

import org.jspecify.annotations.Nullable;

/**
 * The syntax of SPIFFE IDs ({@code spiffe://<trust domain>/<path>}) and trust domain
 * names, as the SPIFFE ID standard defines it. Plain string checks, so that settings can
 * be checked and server certificates verified without the SPIFFE library.
 *
 * @author mtls-client-spring-boot authors
 */
public final class SpiffeIds {

	private static final String SCHEME = "spiffe://";

	private static final int MAX_ID_LENGTH = 2048;

	private static final int MAX_TRUST_DOMAIN_LENGTH = 255;

	private SpiffeIds() {
	}

	/**
	 * Why a string is not a SPIFFE ID of a workload, or {@code null} if it is one.
	 * @param id the string
	 * @return the reason, or {@code null}
	 */
	public static @Nullable String workloadIdProblem(String id) {
		if (!id.startsWith(SCHEME)) {
			return "it does not start with spiffe://";
		}
		if (id.length() > MAX_ID_LENGTH) {
			return "it is longer than " + MAX_ID_LENGTH + " characters";
		}
		String rest = id.substring(SCHEME.length());
		int slash = rest.indexOf('/');
		String trustDomain = (slash >= 0) ? rest.substring(0, slash) : rest;
		String problem = trustDomainProblem(trustDomain);
		if (problem != null) {
			return problem;
		}
		if (slash < 0) {
			return "it names a trust domain, not a workload (no path)";
		}
		String path = rest.substring(slash);
		for (String segment : path.substring(1).split("/", -1)) {
			if (segment.isEmpty()) {
				return "its path has an empty segment or ends with '/'";
			}
			if (segment.equals(".") || segment.equals("..")) {
				return "its path has a '.' or '..' segment";
			}
			for (int i = 0; i < segment.length(); i++) {
				char c = segment.charAt(i);
				if (!isLetterOrDigit(c) && c != '.' && c != '-' && c != '_') {
					return "its path has the character '" + c + "' (only letters, digits, '.', '-' and '_')";
				}
			}
		}
		return null;
	}

	/**
	 * Why a string is not a trust domain name, or {@code null} if it is one.
	 * @param name the string, e.g. {@code example.org}
	 * @return the reason, or {@code null}
	 */
	public static @Nullable String trustDomainProblem(String name) {
		if (name.isEmpty()) {
			return "its trust domain is empty";
		}
		if (name.length() > MAX_TRUST_DOMAIN_LENGTH) {
			return "its trust domain is longer than " + MAX_TRUST_DOMAIN_LENGTH + " characters";
		}
		for (int i = 0; i < name.length(); i++) {
			char c = name.charAt(i);
			boolean allowed = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_';
			if (!allowed) {
				return "its trust domain '" + name + "' has the character '" + c
						+ "' (only lower-case letters, digits, '.', '-' and '_'; no port, no user info)";
			}
		}
		return null;
	}

	/**
	 * The trust domain of a valid SPIFFE ID.
	 * @param id the SPIFFE ID
	 * @return its trust domain name
	 */
	public static String trustDomain(String id) {
		String rest = id.substring(SCHEME.length());
		int slash = rest.indexOf('/');
		return (slash >= 0) ? rest.substring(0, slash) : rest;
	}

	private static boolean isLetterOrDigit(char c) {
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
	}

}
