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

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.mtlsclient.MtlsMaterialReloadFailedEvent;
import io.github.mtlsclient.MtlsMaterialReloadedEvent;

import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;

/**
 * Records the reload events of a context, in order. Add it as a bean:
 * {@code runner.withBean(ReloadEvents.class)}.
 *
 * @author mtls-client-spring-boot authors
 */
public class ReloadEvents implements ApplicationListener<ApplicationEvent> {

	private final List<ApplicationEvent> events = new CopyOnWriteArrayList<>();

	@Override
	public void onApplicationEvent(ApplicationEvent event) {
		if (event instanceof MtlsMaterialReloadedEvent || event instanceof MtlsMaterialReloadFailedEvent) {
			this.events.add(event);
		}
	}

	/**
	 * The successful reloads so far.
	 * @return the events, oldest first
	 */
	public List<MtlsMaterialReloadedEvent> reloaded() {
		return ofType(MtlsMaterialReloadedEvent.class);
	}

	/**
	 * The failed reloads so far.
	 * @return the events, oldest first
	 */
	public List<MtlsMaterialReloadFailedEvent> failed() {
		return ofType(MtlsMaterialReloadFailedEvent.class);
	}

	private <T> List<T> ofType(Class<T> type) {
		return this.events.stream().filter(type::isInstance).map(type::cast).toList();
	}

}
