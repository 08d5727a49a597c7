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
package io.github.mtlsclient.http;

/**
 * The state HttpClient keeps with every pooled connection of a client, and the state
 * every request asks for. HttpClient would otherwise store the TLS client principal as
 * the state of a connection that presented a certificate, and a request (which starts
 * with no state) would refuse that connection and open a new one: a full handshake per
 * request. The generation makes connections of replaced material unmatchable.
 *
 * @param clientName the client name
 * @param generation the material generation the connection was made with
 * @author mtls-client-spring-boot authors
 */
public record ConnectionState(String clientName, long generation) {

}
