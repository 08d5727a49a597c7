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

package io.github.mtlsclient.sample;

import io.github.mtlsclient.MtlsClients;
import io.github.mtlsclient.sample.demo.DemoPki;
import io.github.mtlsclient.sample.demo.DemoServer;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With a profile other than {@code demo}, the sample is only the page and whatever
 * clients are configured: no demo PKI, server or clients.
 *
 * @author mtls-client-spring-boot authors
 */
@SpringBootTest
@ActiveProfiles("own")
class DemoOffTests {

	@Autowired
	private MtlsClients clients;

	@Autowired
	private ApplicationContext context;

	@Test
	void demoIsLeftOut() {
		assertThat(this.clients.names()).isEmpty();
		assertThat(this.context.getBeanProvider(DemoServer.class).getIfAvailable()).isNull();
		assertThat(this.context.getBeanProvider(DemoPki.class).getIfAvailable()).isNull();
	}

}
