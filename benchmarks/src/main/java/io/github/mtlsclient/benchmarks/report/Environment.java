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

package io.github.mtlsclient.benchmarks.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.util.VersionInfo;

import org.springframework.boot.SpringBootVersion;

/**
 * The machine and software a run measured on, for the results header.
 *
 * @param jdk the Java runtime
 * @param cpus available processors
 * @param cpuModel the CPU model, where the system says
 * @param os the operating system
 * @param springBoot the Spring Boot version
 * @param httpClient the HttpClient 5 version
 * @param node the node and undici versions, or why client 6 is missing
 * @author mtls-client-spring-boot authors
 */
public record Environment(String jdk, int cpus, String cpuModel, String os, String springBoot, String httpClient,
		String node) {

	/**
	 * Describe this machine.
	 * @param node the node and undici versions, or why client 6 is missing
	 * @return the description
	 */
	public static Environment current(String node) {
		String jdk = System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version");
		String os = System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
				+ System.getProperty("os.arch");
		String httpClient = VersionInfo.getSoftwareInfo("Apache-HttpClient", "org.apache.hc.client5", HttpClients.class)
			.replaceAll(" \\(.*", "");
		return new Environment(jdk, Runtime.getRuntime().availableProcessors(), readCpuModel(), os,
				SpringBootVersion.getVersion(), httpClient, node);
	}

	/**
	 * The system load average over 1, 5 and 15 minutes: on a shared machine, a high one
	 * says the figures were taken with other work running.
	 * @return the load averages, or {@code unknown}
	 */
	public static String loadAverage() {
		try {
			String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
			return fields[0] + ", " + fields[1] + ", " + fields[2];
		}
		catch (IOException | RuntimeException ex) {
			return "unknown";
		}
	}

	private static String readCpuModel() {
		try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
			return lines.filter((line) -> line.startsWith("model name"))
				.map((line) -> line.substring(line.indexOf(':') + 1).trim())
				.findFirst()
				.orElse("unknown CPU");
		}
		catch (IOException | RuntimeException ex) {
			return "unknown CPU";
		}
	}

}
