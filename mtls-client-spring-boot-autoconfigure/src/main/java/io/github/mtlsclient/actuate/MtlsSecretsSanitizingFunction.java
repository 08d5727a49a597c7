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
package io.github.mtlsclient.actuate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;

/**
 * Masks the secrets among the {@code mtls.*} properties in the {@code configprops} and
 * {@code env} endpoints, also where {@code show-values} lets every other value through:
 * {@code private-key-password}, and the {@code default-headers} that carry credentials
 * ({@code Authorization}, {@code Proxy-Authorization}, {@code Cookie} and any header whose
 * name ends in {@code -Token} or {@code -Key}), of every client and of
 * {@code mtls.defaults}.
 * <p>
 * The endpoints name one property in several ways, and each must be recognised:
 * {@code mtls.clients.api.private-key-password} and
 * {@code mtls.clients.api.default-headers[X-Api-Key]} as written in a property source,
 * {@code mtls.clients.api.privateKeyPassword} and
 * {@code mtls.clients.api.defaultHeaders.X-Api-Key} as {@code configprops} serialises the
 * bound object, and {@code MTLS_CLIENTS_API_PRIVATEKEYPASSWORD} as an environment
 * variable. So a key is compared by its words, ignoring case, dashes, underscores, dots
 * and brackets.
 *
 * @author mtls-client-spring-boot authors
 */
public final class MtlsSecretsSanitizingFunction implements SanitizingFunction {

	private static final String PRIVATE_KEY_PASSWORD = "privatekeypassword";

	private static final String DEFAULT_HEADERS = "defaultheaders";

	// Header names written without their dashes, as the words of a key are compared.
	private static final Set<String> CREDENTIAL_HEADERS = Set.of("authorization", "proxyauthorization", "cookie");

	private static final Set<String> CREDENTIAL_HEADER_LAST_WORDS = Set.of("token", "key");

	@Override
	public SanitizableData apply(SanitizableData data) {
		return (data.getValue() != null && isSecret(data.getLowerCaseKey())) ? data.withSanitizedValue() : data;
	}

	static boolean isSecret(String lowerCaseKey) {
		List<String> elements = elements(lowerCaseKey);
		if (elements.size() < 2 || !elements.get(0).equals("mtls")) {
			return false;
		}
		List<String> setting;
		if (elements.get(1).equals("defaults")) {
			setting = elements.subList(2, elements.size());
		}
		else if (elements.get(1).equals("clients") && elements.size() > 2) {
			// A client's name has no dots or underscores: it is exactly one element.
			setting = elements.subList(3, elements.size());
		}
		else {
			return false;
		}
		return isPrivateKeyPassword(setting) || isCredentialHeader(setting);
	}

	// private-key-password, privateKeyPassword, PRIVATEKEYPASSWORD, private_key_password
	private static boolean isPrivateKeyPassword(List<String> setting) {
		return String.join("", undashed(setting)).equals(PRIVATE_KEY_PASSWORD);
	}

	private static boolean isCredentialHeader(List<String> setting) {
		List<String> undashed = undashed(setting);
		int headerStart;
		if (!undashed.isEmpty() && undashed.get(0).equals(DEFAULT_HEADERS)) {
			headerStart = 1;
		}
		else if (undashed.size() > 1 && (undashed.get(0) + undashed.get(1)).equals(DEFAULT_HEADERS)) {
			headerStart = 2;
		}
		else {
			return false;
		}
		List<String> words = new ArrayList<>();
		for (String element : setting.subList(headerStart, setting.size())) {
			Arrays.stream(element.split("-")).filter((word) -> !word.isEmpty()).forEach(words::add);
		}
		if (words.isEmpty()) {
			return false;
		}
		return CREDENTIAL_HEADERS.contains(String.join("", words))
				|| CREDENTIAL_HEADER_LAST_WORDS.contains(words.get(words.size() - 1));
	}

	private static List<String> elements(String key) {
		return Arrays.stream(key.split("[._\\[\\]]+")).filter((element) -> !element.isEmpty()).toList();
	}

	private static List<String> undashed(List<String> elements) {
		return elements.stream().map((element) -> element.replace("-", "")).toList();
	}

}
