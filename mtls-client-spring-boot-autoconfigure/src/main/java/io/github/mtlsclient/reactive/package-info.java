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
 * The Reactor Netty transport of the clients, for their {@code WebClient}s: one
 * connection pool per identity snapshot of a client, the previous one drained after each
 * swap. Loaded only when WebFlux and Reactor Netty are on the class path.
 */
@NullMarked
package io.github.mtlsclient.reactive;

import org.jspecify.annotations.NullMarked;
