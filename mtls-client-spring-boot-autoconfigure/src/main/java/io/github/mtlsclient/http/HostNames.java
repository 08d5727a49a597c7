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

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;

import org.apache.hc.core5.net.InetAddressUtils;

/**
 * The forms of one host name. A URL may spell a host as {@code Payments.internal.} (fully
 * qualified, with the root's trailing dot) or {@code [::1]} (an IPv6 literal in
 * brackets), while TLS wants {@code payments.internal} for SNI and the certificate check
 * and {@code ::1} for an IP address.
 *
 * @author mtls-client-spring-boot authors
 */
public final class HostNames {

	private HostNames() {
	}

	/**
	 * The name TLS uses for a host: an IPv6 literal without brackets, a DNS name without
	 * a trailing dot (SNI forbids it and certificates never carry it).
	 * @param host the host as written in a URL or in {@code server-name}
	 * @return the name for SNI and hostname verification
	 */
	public static String forTls(String host) {
		String name = unbracketed(host);
		return (name.length() > 1 && name.endsWith(".")) ? name.substring(0, name.length() - 1) : name;
	}

	/**
	 * Whether the host is an IP address literal, with or without brackets. No SNI is
	 * sent for one, and the certificate must carry it as an IP address.
	 * @param host the host
	 * @return {@code true} for an IPv4 or IPv6 literal
	 */
	public static boolean isIpAddress(String host) {
		String name = unbracketed(host);
		return InetAddressUtils.isIPv4(name) || InetAddressUtils.isIPv6(name);
	}

	/**
	 * Whether two hosts name the same origin: case, a trailing dot, brackets and the
	 * spelling of an IPv6 address do not matter. Names are never resolved: two names
	 * of one address are two origins.
	 * @param a a host
	 * @param b another host
	 * @return {@code true} if they are the same
	 */
	public static boolean same(String a, String b) {
		// Runs for every request: most compare the origin with itself.
		return a.equals(b) || comparable(a).equals(comparable(b));
	}

	private static String comparable(String host) {
		String name = forTls(host);
		if (InetAddressUtils.isIPv6(name)) {
			try {
				// A literal: parsed, never looked up.
				return InetAddress.getByName(name).getHostAddress();
			}
			catch (UnknownHostException ex) {
				// Not one after all: compared as written.
			}
		}
		return name.toLowerCase(Locale.ROOT);
	}

	/**
	 * An IPv6 literal without its URL brackets; any other host as it is.
	 * @param host the host as written in a URL
	 * @return the host without brackets
	 */
	public static String unbracketed(String host) {
		return (host.length() > 1 && host.startsWith("[") && host.endsWith("]"))
				? host.substring(1, host.length() - 1) : host;
	}

}
