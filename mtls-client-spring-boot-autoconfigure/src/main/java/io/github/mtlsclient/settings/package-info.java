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
 * The settings of the clients: the {@code mtls.*} properties as bound (each client once,
 * from its own properties), and their mapping, defaults merged in and checked once, to
 * one immutable {@link io.github.mtlsclient.settings.ClientSettings} per client, which the
 * identity engine, reload and every transport take.
 */
@NullMarked
package io.github.mtlsclient.settings;

import org.jspecify.annotations.NullMarked;
