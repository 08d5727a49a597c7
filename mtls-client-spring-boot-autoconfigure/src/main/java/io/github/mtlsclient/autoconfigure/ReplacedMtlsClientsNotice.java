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

import io.github.mtlsclient.MtlsClients;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Says at startup what an application gives up by defining its own {@link MtlsClients}:
 * the parts built on the starter's own clients, which would otherwise be missing without
 * a word.
 *
 * @author mtls-client-spring-boot authors
 */
final class ReplacedMtlsClientsNotice {

	private static final Log logger = LogFactory.getLog(ReplacedMtlsClientsNotice.class);

	ReplacedMtlsClientsNotice(MtlsClients clients) {
		logger.warn(("The application defines its own MtlsClients bean (%s), so the starter builds no clients "
				+ "from mtls.clients: it registers no 'mtls-<name>' SSL bundles and routes no HTTP service group "
				+ "through an mTLS client. Health, the mtls endpoint, the metrics and the @MtlsClient RestClient "
				+ "beans use the application's MtlsClients. Remove that bean to get the starter's clients back.")
			.formatted(clients.getClass().getName()));
	}

}
