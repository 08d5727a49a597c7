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
package io.github.mtlsclient.autoconfigure;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.github.mtlsclient.autoconfigure.MtlsClientProperties.Client;
import io.github.mtlsclient.autoconfigure.MtlsClientSettings.Reload;
import io.github.mtlsclient.reload.MaterialReloader;
import io.github.mtlsclient.reload.MaterialWatcher;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.ssl.SslBundles;
import org.springframework.core.io.ResourceLoader;
import org.springframework.util.ResourceUtils;

/**
 * Decides what triggers a client's reload: changes to its PEM files, seen by the one
 * {@link MaterialWatcher} of the application, or updates of its SSL bundle, announced by
 * Spring Boot. {@code classpath:} resources cannot change and are not watched.
 *
 * @author mtls-client-spring-boot authors
 */
final class MaterialReloadRegistrar implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(MaterialReloadRegistrar.class);

	private final ResourceLoader resourceLoader;

	private final @Nullable SslBundles sslBundles;

	private @Nullable MaterialWatcher watcher;

	MaterialReloadRegistrar(ResourceLoader resourceLoader, @Nullable SslBundles sslBundles) {
		this.resourceLoader = resourceLoader;
		this.sslBundles = sslBundles;
	}

	/**
	 * The fingerprint of the client's files as they are before its material is loaded,
	 * so that a change made while the client is being built is not missed.
	 * @param settings the client's settings
	 * @return the fingerprint, or {@code null} if no file is watched
	 */
	@Nullable String fingerprintBeforeLoad(Client settings) {
		if (!settings.getReload().isEnabled() || settings.getBundle() != null) {
			return null;
		}
		List<Path> files = files(settings);
		return files.isEmpty() ? null : MaterialWatcher.fingerprint(files);
	}

	void register(String name, Client settings, MaterialReloader reloader, @Nullable String loadedFingerprint) {
		Reload reload = settings.getReload();
		if (!reload.isEnabled()) {
			return;
		}
		if (settings.getBundle() != null && this.sslBundles != null) {
			this.sslBundles.addBundleUpdateHandler(settings.getBundle(), (bundle) -> reloadQuietly(reloader));
			return;
		}
		List<Path> files = files(settings);
		if (!files.isEmpty()) {
			// A failure reaches the watcher, which tries again while the files stay as they are.
			watcher().watch(name, files, loadedFingerprint, reload.getQuietPeriod(), reload.getPollInterval(),
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

	private List<Path> files(Client settings) {
		List<String> locations = new ArrayList<>();
		if (settings.getCertificate() != null) {
			locations.add(settings.getCertificate());
		}
		if (settings.getPrivateKey() != null) {
			locations.add(settings.getPrivateKey());
		}
		locations.addAll(settings.getTrust().getCertificates());
		List<Path> files = new ArrayList<>();
		for (String location : locations) {
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

	@Override
	public synchronized void close() {
		if (this.watcher != null) {
			this.watcher.close();
		}
	}

}
