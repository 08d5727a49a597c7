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
package io.github.mtlsclient.testsupport;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Tests that run a real server program (nginx, Node.js) call this first. Without the
 * program a developer's build skips them, and says so once per test class, so that a
 * green build never hides tests that did not run; on CI ({@code CI=true}, which
 * {@code .ci/run} sets) a missing program is a failure, never a skip.
 *
 * @author mtls-client-spring-boot authors
 */
public final class RequiredProgram {

	private static final Set<String> reported = ConcurrentHashMap.newKeySet();

	private RequiredProgram() {
	}

	/**
	 * Skip, or on CI fail, the calling test when a program is not installed.
	 * @param program the program's name, e.g. {@code nginx}
	 * @param installed whether it is installed
	 * @param testClass the test class that needs it
	 */
	public static void assumeInstalled(String program, boolean installed, Class<?> testClass) {
		if (installed) {
			return;
		}
		String message = testClass.getSimpleName() + " needs '" + program + "', which is not installed";
		if ("true".equals(System.getenv("CI"))) {
			fail(message + "; on CI (CI=true) .ci/run installs it");
		}
		if (reported.add(testClass.getName())) {
			System.err.println("SKIPPED " + message + ": install it (or run .ci/run) to include these tests");
		}
		assumeTrue(false, message);
	}

}
