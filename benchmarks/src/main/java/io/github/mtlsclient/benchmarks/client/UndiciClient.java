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

package io.github.mtlsclient.benchmarks.client;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.github.mtlsclient.benchmarks.load.RoundResult;
import io.github.mtlsclient.benchmarks.pki.PkiFiles;
import io.github.mtlsclient.settings.MtlsClientProperties;

/**
 * Client 6: undici's {@code Pool} in a Node.js process of its own (the machine's
 * {@code node}, undici from the benchmark's {@code node} folder). The process keeps its
 * pool between rounds, like the Java clients, and runs each round's load loop itself,
 * so no inter-process hop is in the measured latency.
 *
 * @author mtls-client-spring-boot authors
 */
final class UndiciClient implements ClientUnderTest {

	private final Process process;

	private final BufferedReader output;

	private final Writer input;

	private UndiciClient(Process process) {
		this.process = process;
		this.output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
		this.input = process.outputWriter(StandardCharsets.UTF_8);
	}

	static ClientUnderTest create(NodeRuntime node, URI origin, String path, PkiFiles pki) {
		int poolSize = MtlsClientProperties.BuiltInDefaults.MAX_CONNECTIONS;
		List<String> command = List.of(node.node().toString(), node.script().toString(), origin.toString(), path,
				pki.ca().toString(), pki.clientCertificate().toString(), pki.clientKey().toString(),
				String.valueOf(poolSize));
		try {
			Process process = new ProcessBuilder(command).directory(node.dir().toFile())
				.redirectError(ProcessBuilder.Redirect.INHERIT)
				.start();
			UndiciClient client = new UndiciClient(process);
			client.awaitLine("READY");
			return client;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot start node", ex);
		}
	}

	@Override
	public Contender contender() {
		return Contender.UNDICI;
	}

	@Override
	public RoundResult warmUp(long requests, Duration limit, int concurrency) {
		return command("warmup " + requests + " " + concurrency + " " + limit.toMillis());
	}

	@Override
	public RoundResult run(int concurrency, Duration duration) {
		return command("run " + concurrency + " " + duration.toMillis());
	}

	private RoundResult command(String command) {
		try {
			this.input.write(command + "\n");
			this.input.flush();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("The undici process has gone", ex);
		}
		String[] result = awaitLine("RESULT ").split(" ");
		return new RoundResult(Long.parseLong(result[0]), Long.parseLong(result[1]), Long.parseLong(result[2]),
				Long.parseLong(result[3]), Long.parseLong(result[4]), Long.parseLong(result[5]), -1,
				result[6].equals("-") ? null : result[6]);
	}

	private String awaitLine(String prefix) {
		try {
			for (String line = this.output.readLine(); line != null; line = this.output.readLine()) {
				if (line.startsWith(prefix)) {
					return line.substring(prefix.length());
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		throw new IllegalStateException("The undici process ended before it printed '" + prefix + "'");
	}

	@Override
	public void close() {
		try {
			this.input.close();
			if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
			}
		}
		catch (IOException | InterruptedException ex) {
			this.process.destroyForcibly();
		}
	}

}
