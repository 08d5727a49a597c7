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

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.core5.util.TimeValue;
import org.jspecify.annotations.Nullable;

/**
 * Closes idle and expired connections of every client's pool from one daemon thread,
 * instead of HttpClient's one evictor thread per client. A bean: the thread starts with
 * the first pool, and stops when the application context closes the housekeeper. Pools
 * that were closed are let go.
 *
 * @author mtls-client-spring-boot authors
 */
public final class PoolHousekeeper implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(PoolHousekeeper.class);

	private final Map<PoolingHttpClientConnectionManager, TimeValue> pools = new ConcurrentHashMap<>();

	private final Duration period;

	private @Nullable ScheduledExecutorService executor;

	private boolean closed;

	/**
	 * Create a housekeeper.
	 * @param period how often to sweep the pools
	 */
	public PoolHousekeeper(Duration period) {
		this.period = period;
	}

	/**
	 * Look after a pool until it is closed.
	 * @param pool the pool
	 * @param idleTimeout close connections idle for longer than this
	 */
	void register(PoolingHttpClientConnectionManager pool, Duration idleTimeout) {
		this.pools.put(pool, TimeValue.ofMilliseconds(idleTimeout.toMillis()));
		start();
	}

	/**
	 * Stop looking after a pool.
	 * @param pool the pool
	 */
	void unregister(PoolingHttpClientConnectionManager pool) {
		this.pools.remove(pool);
	}

	private synchronized void start() {
		if (this.executor != null || this.closed) {
			return;
		}
		ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor((runnable) -> {
			Thread thread = new Thread(runnable, "mtls-pool-housekeeper");
			thread.setDaemon(true);
			return thread;
		});
		executor.scheduleWithFixedDelay(this::sweep, this.period.toMillis(), this.period.toMillis(),
				TimeUnit.MILLISECONDS);
		this.executor = executor;
	}

	private void sweep() {
		this.pools.forEach((pool, idleTimeout) -> {
			if (pool.isClosed()) {
				// Its client is closed: nothing left to look after.
				this.pools.remove(pool);
				return;
			}
			try {
				pool.closeExpired();
				pool.closeIdle(idleTimeout);
			}
			catch (RuntimeException ex) {
				// One pool's trouble must not end the sweeps of all the others.
				logger.debug("Error closing idle connections", ex);
			}
		});
	}

	/**
	 * Stop the housekeeper's thread.
	 */
	@Override
	public synchronized void close() {
		this.closed = true;
		if (this.executor != null) {
			this.executor.shutdownNow();
		}
	}

}
