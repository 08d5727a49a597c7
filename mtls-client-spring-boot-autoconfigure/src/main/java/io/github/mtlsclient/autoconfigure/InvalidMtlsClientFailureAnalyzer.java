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
package io.github.mtlsclient.autoconfigure;

import io.github.mtlsclient.InvalidMtlsClientException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns an {@link InvalidMtlsClientException} into the startup failure report: which
 * client, which property, which file, what is wrong and what to do.
 *
 * @author mtls-client-spring-boot authors
 */
class InvalidMtlsClientFailureAnalyzer extends AbstractFailureAnalyzer<InvalidMtlsClientException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidMtlsClientException cause) {
		StringBuilder description = new StringBuilder();
		description.append("mTLS client '").append(cause.getClientName()).append("' cannot be used.\n\n");
		description.append("    Property: ").append(cause.getProperty()).append('\n');
		if (cause.getLocation() != null) {
			description.append("    Location: ").append(cause.getLocation()).append('\n');
		}
		description.append("    Reason: ").append(cause.getReason()).append('\n');
		return new FailureAnalysis(description.toString(), cause.getAction(), cause);
	}

}
