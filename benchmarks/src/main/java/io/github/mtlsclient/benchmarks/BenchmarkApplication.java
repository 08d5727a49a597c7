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

package io.github.mtlsclient.benchmarks;

import java.util.Map;

import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The application whose context holds a Spring client under test: plain
 * auto-configuration, as in any Spring Boot application, with the properties of that
 * client. Each client gets a context of its own, so one's settings never leak into
 * another's. No component scan: nothing here is a component, and scanning would only
 * blur the start-up times measured.
 *
 * @author mtls-client-spring-boot authors
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class BenchmarkApplication {

	/**
	 * Start a context.
	 * @param properties the application's properties
	 * @return the running context
	 */
	public static ConfigurableApplicationContext start(Map<String, Object> properties) {
		return new SpringApplicationBuilder(BenchmarkApplication.class).web(WebApplicationType.NONE)
			.bannerMode(Banner.Mode.OFF)
			.logStartupInfo(false)
			.properties(properties)
			.run();
	}

}
