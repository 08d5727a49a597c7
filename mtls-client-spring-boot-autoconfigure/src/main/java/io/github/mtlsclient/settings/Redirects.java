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
package io.github.mtlsclient.settings;

/**
 * Which redirects a client follows.
 *
 * @author mtls-client-spring-boot authors
 */
public enum Redirects {

	/**
	 * Follow no redirect: 3xx responses are returned to the caller.
	 */
	NONE,

	/**
	 * Follow redirects to the same scheme, host and port only; others are returned to the
	 * caller, so the client certificate is never presented to another origin.
	 */
	SAME_ORIGIN

}
