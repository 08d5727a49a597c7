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
package io.github.mtlsclient.reload;

import java.io.IOException;
import java.nio.file.Path;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

import io.github.mtlsclient.settings.ClientSettings;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.ssl.SslBundles;
import org.springframework.core.io.ResourceLoader;
import org.springframework.util.ResourceUtils;

/**
 * Decides what triggers a client's reload: changes to its PEM files, seen by the one
 * file watcher of the application, updates of its SSL bundle, announced by Spring Boot,
 * or updates the SPIFFE Workload API pushes. {@code classpath:} resources cannot change and are not watched. A bean: the
 * application context closes it, which stops the watcher's thread.
 *
 * @author mtls-client-spring-boot authors
 */
public final class MaterialReloadRegistrar implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(MaterialReloadRegistrar.class);

	private final ResourceLoader resourceLoader;

	private final @Nullable SslBundles sslBundles;

	private @Nullable MaterialWatcher watcher;

	/**
	 * Create a registrar; the watcher's thread starts with the first watched file.
	 * @param resourceLoader resolves the locations of the material files
	 * @param sslBundles the application's SSL bundles, or {@code null} without them
	 */
	public MaterialReloadRegistrar(ResourceLoader resourceLoader, @Nullable SslBundles sslBundles) {
		this.resourceLoader = resourceLoader;
		this.sslBundles = sslBundles;
	}

	/**
	 * Load a client, then reload it whenever what its material came from changes. The
	 * files are fingerprinted before {@code load} runs, so that a change made while the
	 * client loads is not missed: it is reloaded once the files are quiet.
	 * @param <T> what {@code load} builds
	 * @param settings the client's settings: its material files and how to watch them
	 * @param load loads the client's material and builds what uses it
	 * @param reloader the reloader of what {@code load} built
	 * @return what {@code load} built
	 */
	public <T> T loadAndRegister(ClientSettings settings, Supplier<T> load,
			Function<? super T, MaterialReloader> reloader) {
		List<Path> files = watchedFiles(settings);
		String loadedFingerprint = files.isEmpty() ? null : MaterialWatcher.fingerprint(files);
		T loaded = load.get();
		register(settings, reloader.apply(loaded), files, loadedFingerprint);
		return loaded;
	}

	private void register(ClientSettings settings, MaterialReloader reloader, List<Path> files,
			@Nullable String loadedFingerprint) {
		if (settings.material() instanceof ClientSettings.Spiffe) {
			// The Workload API pushes every new SVID and bundle; nothing to watch. Followed
			// whatever reload.enabled says: an SVID lives an hour or less.
			reloader.followSource();
			return;
		}
		ClientSettings.Reload reload = settings.reload();
		if (!reload.enabled()) {
			return;
		}
		if (settings.material() instanceof ClientSettings.Bundle bundle && this.sslBundles != null) {
			this.sslBundles.addBundleUpdateHandler(bundle.name(), (updated) -> reloadQuietly(reloader));
			return;
		}
		if (!files.isEmpty()) {
			// A failure reaches the watcher, which tries again while the files stay as they are.
			watcher().watch(settings.name(), files, loadedFingerprint, reload.quietPeriod(), reload.pollInterval(),
					(retry) -> {
						if (retry) {
							reloader.retry();
						}
						else {
							reloader.reload();
						}
					});
		}
	}

	private static void reloadQuietly(MaterialReloader reloader) {
		try {
			reloader.reload();
		}
		catch (Throwable ex) {
			// Logged and published by the reloader; the previous material stays.
		}
	}

	private List<Path> watchedFiles(ClientSettings settings) {
		if (!settings.reload().enabled()) {
			return List.of();
		}
		List<Path> files = new ArrayList<>();
		for (String location : settings.material().watchedLocations()) {
			if (location.startsWith(ResourceUtils.CLASSPATH_URL_PREFIX)) {
				continue;
			}
			try {
				files.add(this.resourceLoader.getResource(location).getFile().toPath());
			}
			catch (IOException ex) {
				logger.debug("Not watching '" + location + "': it is not a file", ex);
			}
		}
		return files;
	}

	private synchronized MaterialWatcher watcher() {
		if (this.watcher == null) {
			this.watcher = new MaterialWatcher();
		}
		return this.watcher;
	}

	/**
	 * Stop the file watcher's thread, once a reload under way has finished.
	 */
	@Override
	public synchronized void close() {
		if (this.watcher != null) {
			this.watcher.close();
		}
	}

}
