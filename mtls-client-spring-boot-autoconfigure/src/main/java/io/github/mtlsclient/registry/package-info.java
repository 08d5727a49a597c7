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
 * The clients as the application sees them: each one assembled from its settings (identity
 * engine, HttpClient 5 transport, RestClient, reload registration), the
 * {@link io.github.mtlsclient.MtlsClients} registry over them, with each client's SSL
 * bundle.
 */
@NullMarked
package io.github.mtlsclient.registry;

import org.jspecify.annotations.NullMarked;
