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

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs {@code interop/client-certificate-server.js} with Node.js: an HTTPS server on
 * {@code 127.0.0.1} that requests a client certificate without rejecting untrusted ones
 * and answers every request with JSON describing the client certificate, for interop
 * tests against a non-JDK TLS stack.
 */
public final class NodeHttpsServer implements AutoCloseable {

	private static final String SCRIPT = "/interop/client-certificate-server.js";

	private static final Pattern LISTENING = Pattern.compile("listening (\\d+)");

	private static final long START_TIMEOUT_SECONDS = 20;

	private final Process process;

	private final Path script;

	private final List<String> stdoutLines = new CopyOnWriteArrayList<>();

	private final List<String> stderrLines = new CopyOnWriteArrayList<>();

	private final CompletableFuture<Integer> listening = new CompletableFuture<>();

	private final Thread stdoutReader;

	private final Thread stderrReader;

	private volatile int port;

	private NodeHttpsServer(Path script, Map<String, String> environment) throws IOException {
		this.script = script;
		ProcessBuilder builder = new ProcessBuilder("node", script.toString());
		builder.environment().putAll(environment);
		this.process = builder.start();
		this.stdoutReader = reader(this.process.getInputStream(), "stdout", this::onStdout);
		this.stderrReader = reader(this.process.getErrorStream(), "stderr", this.stderrLines::add);
		this.process.onExit().thenRun(this::onExit);
	}

	/**
	 * Start the server and wait up to 20 seconds until it listens.
	 * @param serverKey PEM file with the server's PKCS#8 private key
	 * @param serverCert PEM file with the server's certificate (chain)
	 * @param clientCa PEM file with one or more CA certificates trusted for clients
	 * @return the started server
	 * @throws IOException if node cannot be started
	 * @throws IllegalStateException if the server does not start listening in time
	 */
	public static NodeHttpsServer start(Path serverKey, Path serverCert, Path clientCa) throws IOException {
		Path script = Files.createTempFile("client-certificate-server", ".js");
		try (InputStream in = NodeHttpsServer.class.getResourceAsStream(SCRIPT)) {
			if (in == null) {
				throw new IllegalStateException("Classpath resource " + SCRIPT + " not found");
			}
			Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
		}
		NodeHttpsServer server = new NodeHttpsServer(script, Map.of("SERVER_KEY", serverKey.toString(), "SERVER_CERT",
				serverCert.toString(), "CLIENT_CA", clientCa.toString()));
		try {
			server.port = server.listening.get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
			return server;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			server.close();
			throw new IllegalStateException("Interrupted while starting node", ex);
		}
		catch (ExecutionException | TimeoutException ex) {
			server.close();
			throw new IllegalStateException("node HTTPS server did not start listening within "
					+ START_TIMEOUT_SECONDS + "s: stdout " + server.stdoutLines + ", stderr " + server.stderrLines,
					(ex.getCause() != null) ? ex.getCause() : ex);
		}
	}

	/**
	 * Whether {@code node --version} can be run successfully.
	 * @return {@code true} if Node.js is available
	 */
	public static boolean nodeAvailable() {
		try {
			Process process = new ProcessBuilder("node", "--version").redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.DISCARD)
				.start();
			if (!process.waitFor(10, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				return false;
			}
			return process.exitValue() == 0;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/**
	 * The port the server listens on.
	 * @return the port
	 */
	public int port() {
		return this.port;
	}

	/**
	 * The base URL, {@code https://127.0.0.1:<port>}.
	 * @return the base URL
	 */
	public String baseUrl() {
		return "https://127.0.0.1:" + this.port;
	}

	/**
	 * Lines printed to stdout so far, including the {@code listening} line.
	 * @return the lines
	 */
	public List<String> stdoutLines() {
		return List.copyOf(this.stdoutLines);
	}

	/**
	 * Lines printed to stderr so far.
	 * @return the lines
	 */
	public List<String> stderrLines() {
		return List.copyOf(this.stderrLines);
	}

	/**
	 * Stop the node process and delete the script copy. Idempotent.
	 */
	@Override
	public void close() {
		try {
			this.process.getOutputStream().close();
		}
		catch (IOException ex) {
			// Ignore
		}
		this.process.destroy();
		try {
			if (!this.process.waitFor(5, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
			}
			this.stdoutReader.join(5000);
			this.stderrReader.join(5000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		try {
			Files.deleteIfExists(this.script);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private void onExit() {
		try {
			this.stderrReader.join(1000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.listening.completeExceptionally(new IllegalStateException(
				"node exited with " + this.process.exitValue() + ", stderr: " + this.stderrLines));
	}

	private void onStdout(String line) {
		this.stdoutLines.add(line);
		Matcher matcher = LISTENING.matcher(line);
		if (matcher.matches()) {
			this.listening.complete(Integer.parseInt(matcher.group(1)));
		}
	}

	private Thread reader(InputStream stream, String name, Consumer<String> lines) {
		Thread thread = new Thread(() -> {
			try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
				String line;
				while ((line = reader.readLine()) != null) {
					lines.accept(line);
				}
			}
			catch (IOException ex) {
				// Process ended
			}
		}, "node-https-server-" + name);
		thread.setDaemon(true);
		thread.start();
		return thread;
	}

}
