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

package io.github.mtlsclient.benchmarks.load;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The CPU time of this JVM, with the share of the JIT compiler threads counted apart.
 * Within a few seconds' round the JIT can still spend more CPU than the client it
 * compiles, and how much depends on what ran before: counted in, it would make a client
 * look dearer the earlier it runs. The compiler threads are HotSpot's own, invisible to
 * the Java thread API, so their times come from {@code /proc/self/task} (Linux; elsewhere
 * the JIT's share is unknown and stays in the process time).
 *
 * @param processNanos CPU time of every thread of the process
 * @param compilerTicks CPU time of each live compiler thread by thread id, in clock
 * ticks; {@code null} where {@code /proc} is not there
 * @author mtls-client-spring-boot authors
 */
public record ProcessCpu(long processNanos, Map<String, Long> compilerTicks) {

	private static final Path TASKS = Path.of("/proc/self/task");

	// USER_HZ, the unit of /proc's times: 100 on every Linux the JDK runs on.
	private static final long NANOS_PER_TICK = 10_000_000;

	/**
	 * Take the figures now.
	 * @return the CPU times so far
	 */
	public static ProcessCpu now() {
		Map<String, Long> compilers = readCompilerTicks();
		long process = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
			.getProcessCpuTime();
		return new ProcessCpu(process, compilers);
	}

	/**
	 * The process CPU time since an earlier reading.
	 * @param before the earlier reading
	 * @return nanoseconds, JIT included
	 */
	public long processNanosSince(ProcessCpu before) {
		return this.processNanos - before.processNanos;
	}

	/**
	 * The JIT compiler threads' CPU time since an earlier reading. A compiler thread
	 * that HotSpot started in between counts whole; one that it stopped in between loses
	 * what it spent since the earlier reading (HotSpot stops idle ones only).
	 * @param before the earlier reading
	 * @return nanoseconds, or {@code -1} if unknown
	 */
	public long compilerNanosSince(ProcessCpu before) {
		if (this.compilerTicks == null || before.compilerTicks == null) {
			return -1;
		}
		long ticks = 0;
		for (Map.Entry<String, Long> thread : this.compilerTicks.entrySet()) {
			ticks += thread.getValue() - before.compilerTicks.getOrDefault(thread.getKey(), 0L);
		}
		return Math.max(0, ticks) * NANOS_PER_TICK;
	}

	private static Map<String, Long> readCompilerTicks() {
		if (!Files.isDirectory(TASKS)) {
			return null;
		}
		Map<String, Long> ticks = new HashMap<>();
		try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
			for (Path task : tasks) {
				String stat;
				try {
					stat = Files.readString(task.resolve("stat"));
				}
				catch (IOException ex) {
					// The thread ended while we looked.
					continue;
				}
				int nameEnd = stat.lastIndexOf(')');
				String name = stat.substring(stat.indexOf('(') + 1, nameEnd);
				if (name.contains("CompilerThre")) {
					// After the name: state, then 10 more fields, then utime and stime.
					String[] fields = stat.substring(nameEnd + 2).split(" ");
					ticks.put(task.getFileName().toString(), Long.parseLong(fields[11]) + Long.parseLong(fields[12]));
				}
			}
		}
		catch (IOException ex) {
			return null;
		}
		return ticks;
	}

}
