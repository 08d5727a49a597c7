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

/**
 * The identity engine: where a client's TLS material comes from (PEM files or an SSL
 * bundle), its validation, and the {@link io.github.mtlsclient.material.IdentityEngine}
 * that holds one immutable {@link io.github.mtlsclient.material.IdentitySnapshot} per
 * generation and tells the transports when it swaps, and the
 * {@link io.github.mtlsclient.material.FailureExplanations} every transport words its
 * failures with. Knows no transport.
 */
@NullMarked
package io.github.mtlsclient.material;

import org.jspecify.annotations.NullMarked;
