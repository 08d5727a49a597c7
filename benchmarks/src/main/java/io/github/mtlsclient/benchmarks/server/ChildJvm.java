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

package io.github.mtlsclient.benchmarks.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Starts a main class of this module in a JVM of its own, with this JVM's
 * {@code java} and class path: the server must not share a heap, a JIT or a GC with the
 * clients it serves, and the start-up cost of an application context is only honest in
 * a fresh JVM.
 *
 * @author mtls-client-spring-boot authors
 */
public final class ChildJvm implements AutoCloseable {

	private final Process process;

	private final BufferedReader output;

	private ChildJvm(Process process) {
		this.process = process;
		this.output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
	}

	/**
	 * Start a main class.
	 * @param mainClass the class
	 * @param jvmOptions options for the child JVM
	 * @param args the program arguments
	 * @return the running JVM
	 */
	public static ChildJvm start(Class<?> mainClass, List<String> jvmOptions, List<String> args) {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(jvmOptions);
		command.add("-cp");
		command.add(System.getProperty("java.class.path"));
		command.add(mainClass.getName());
		command.addAll(args);
		try {
			return new ChildJvm(new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot start " + mainClass.getSimpleName(), ex);
		}
	}

	/**
	 * Read standard output until a line starts with a prefix, then pass the rest of the
	 * output on to this JVM's standard error: a child whose output nobody reads blocks
	 * once the pipe is full.
	 * @param prefix the prefix
	 * @return the rest of that line
	 * @throws IllegalStateException if the child ends first
	 */
	public String awaitLine(String prefix) {
		try {
			for (String line = this.output.readLine(); line != null; line = this.output.readLine()) {
				if (line.startsWith(prefix)) {
					Thread forwarder = new Thread(this::forwardOutput, "child-output");
					forwarder.setDaemon(true);
					forwarder.start();
					return line.substring(prefix.length()).trim();
				}
				System.err.println(line);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		throw new IllegalStateException("The child JVM ended before it printed '" + prefix + "'");
	}

	private void forwardOutput() {
		try {
			for (String line = this.output.readLine(); line != null; line = this.output.readLine()) {
				System.err.println(line);
			}
		}
		catch (IOException ex) {
			// The child has ended.
		}
	}

	/**
	 * Close the child's standard input (it ends itself then), and make sure it ends.
	 */
	@Override
	public void close() {
		try {
			this.process.getOutputStream().close();
			if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (IOException ex) {
			this.process.destroyForcibly();
		}
		catch (InterruptedException ex) {
			this.process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
	}

}
