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

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.beans.factory.annotation.Qualifier;

/**
 * Qualifier that selects the mutual-TLS {@code RestClient} of one named client, as
 * configured under {@code mtls.clients.<name>}.
 * <pre class="code">
 * Checkout(&#64;MtlsClient("payments") RestClient payments) { ... }
 * </pre>
 * The clients are not default autowire candidates: a plain {@code RestClient}
 * injection point never receives one.
 *
 * @author mtls-client-spring-boot authors
 */
@Target({ ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.TYPE,
		ElementType.ANNOTATION_TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Qualifier
public @interface MtlsClient {

	/**
	 * The name of the client, the {@code <name>} in {@code mtls.clients.<name>}.
	 * @return the client name
	 */
	String value();

}
