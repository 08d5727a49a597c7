// The sample's page: plain DOM code, no build step. Every value from the server is set
// with textContent, never as HTML.
'use strict';

const clientsElement = document.getElementById('clients');
const notice = document.getElementById('notice');
const cardTemplate = document.getElementById('client-card');
const cards = new Map();
// RestClient, and WebClient where WebFlux is on the server's class path.
let transports = ['RestClient'];

// The server answers only requests that show they come from this page (see
// LocalPageOnlyFilter): another site cannot send this header without a CORS preflight.
const PAGE_HEADERS = { 'X-Requested-By': 'mtls-sample' };

async function fetchJson(url, options) {
	const request = Object.assign({}, options);
	request.headers = Object.assign({}, PAGE_HEADERS, request.headers);
	const response = await fetch(url, request);
	let body = null;
	try {
		body = await response.json();
	}
	catch (ignored) {
		// Not JSON (an error page): the status says enough.
	}
	return { ok: response.ok, status: response.status, body };
}

// The starter's actuator endpoint has the most to say (reloads, pool, handshakes); the
// sample's own /api/clients is enough to show names and certificates without it.
async function loadClients() {
	const basics = await fetchJson('api/clients');
	if (!basics.ok || !basics.body) {
		showNotice('Cannot list the clients (HTTP ' + basics.status + ').');
		return;
	}
	let details = {};
	try {
		const actuator = await fetchJson('actuator/mtls');
		if (actuator.ok && actuator.body && actuator.body.clients) {
			details = actuator.body.clients;
			hideNotice();
		}
		else {
			showNotice('/actuator/mtls is not available (HTTP ' + actuator.status
				+ '): showing certificates only, no reload, pool or handshake details.');
		}
	}
	catch (error) {
		showNotice('/actuator/mtls cannot be read: ' + error);
	}
	const rotatable = new Set(basics.body.rotatable || []);
	transports = basics.body.transports || ['RestClient'];
	const names = Object.keys(basics.body.clients || {});
	if (names.length === 0) {
		clientsElement.textContent = 'No clients configured: add some under mtls.clients.';
		return;
	}
	for (const name of names) {
		const card = cardFor(name);
		render(card, basics.body.clients[name] || {}, details[name] || {}, rotatable.has(name));
	}
}

function cardFor(name) {
	if (cards.has(name)) {
		return cards.get(name);
	}
	const fragment = cardTemplate.content.cloneNode(true);
	const card = fragment.querySelector('.card');
	card.dataset.client = name;
	card.querySelector('.name').textContent = name;
	for (const button of card.querySelectorAll('.call')) {
		button.addEventListener('click', () => callClient(name, button.dataset.transport));
	}
	card.querySelector('.rotate').addEventListener('click', () => rotate(name));
	clientsElement.appendChild(fragment);
	cards.set(name, card);
	return card;
}

function render(card, basic, detail, rotatable) {
	const certificate = detail.certificate || basic.certificate;
	set(card, '.base-url', detail.baseUrl || basic.baseUrl || '');
	set(card, '.subject', certificate ? certificate.subject : 'no client certificate');
	set(card, '.issuer', certificate ? certificate.issuer : '');
	set(card, '.serial', certificate ? certificate.serialNumber : '');
	renderExpiry(card.querySelector('.expires'), certificate);
	set(card, '.reload', describeReload(detail.lastReload, detail));
	set(card, '.pool', describePool(detail.pool));
	set(card, '.handshakes', (detail.handshakes !== undefined) ? String(detail.handshakes) : '—');
	card.querySelector('.rotate').hidden = !rotatable;
	for (const button of card.querySelectorAll('.call')) {
		button.hidden = !transports.includes(button.dataset.transport);
	}
}

function renderExpiry(element, certificate) {
	element.replaceChildren();
	if (!certificate || !certificate.notAfter) {
		element.textContent = '—';
		return;
	}
	const notAfter = new Date(certificate.notAfter);
	const days = Math.floor((notAfter - Date.now()) / 86400000);
	element.append(notAfter.toISOString().replace('.000Z', 'Z') + ' (' + days + ' days left) ');
	if (certificate.expiringSoon) {
		element.append(badge('expiring soon'));
	}
}

function describeReload(reload, detail) {
	if (reload) {
		const when = reload.time ? new Date(reload.time).toLocaleTimeString() : '';
		return reload.succeeded ? 'succeeded ' + when : 'failed ' + when + ': ' + (reload.failure || '');
	}
	return ('lastReload' in detail) ? 'none since startup' : '—';
}

function describePool(pool) {
	if (!pool) {
		return '—';
	}
	return pool.leased + ' leased, ' + pool.available + ' available, ' + pool.pending + ' pending, max ' + pool.max;
}

async function callClient(name, transport) {
	const card = cardFor(name);
	const button = card.querySelector('.call[data-transport="' + transport + '"]');
	button.disabled = true;
	try {
		const result = await fetchJson('api/clients/' + encodeURIComponent(name) + '/call?transport='
			+ encodeURIComponent(transport), { method: 'POST' });
		showCallResult(card, transport, result.body || { error: 'HTTP ' + result.status });
	}
	catch (error) {
		showCallResult(card, transport, { error: String(error) });
	}
	finally {
		button.disabled = false;
	}
	await loadClients();
}

function resultBox(card, transport) {
	return card.querySelector('.result[data-transport="' + transport + '"]');
}

function showCallResult(card, transport, result) {
	const box = resultBox(card, transport);
	box.hidden = false;
	box.replaceChildren();
	const verdict = result.response && typeof result.response === 'object' ? result.response : null;
	if (result.error) {
		showMessage(box, 'bad', 'No answer through the ' + transport, result.error);
		return;
	}
	if (verdict && 'authorized' in verdict) {
		box.className = 'result ' + (verdict.authorized ? 'ok' : 'bad');
		box.append(line('verdict', (verdict.authorized ? '✔ authorized' : '✘ not authorized')
			+ ' through the ' + transport));
		if (verdict.authorizationError) {
			box.append(line('', verdict.authorizationError));
		}
		if (verdict.serial) {
			const seen = line('', 'The server saw serial ');
			const serial = document.createElement('span');
			serial.className = 'mono';
			serial.textContent = verdict.serial;
			seen.append(serial);
			if (verdict.serial === card.dataset.rotatedTo) {
				seen.append(' ', badge('new certificate'));
				seen.lastChild.classList.add('new');
			}
			if (verdict.userAgent) {
				seen.append(' from ' + verdict.userAgent.split(' ')[0]);
			}
			box.append(seen);
		}
		else {
			box.append(line('', 'The server saw no client certificate.'));
		}
		return;
	}
	// Not the demo server: show what came back.
	box.className = 'result ' + (result.status < 400 ? 'ok' : 'bad');
	box.append(line('verdict', 'HTTP ' + result.status + ' through the ' + transport),
		line('mono', typeof result.response === 'string' ? result.response : JSON.stringify(result.response)));
}

async function rotate(name) {
	const card = cardFor(name);
	const button = card.querySelector('.rotate');
	button.disabled = true;
	try {
		const result = await fetchJson('api/rotate', { method: 'POST' });
		const body = result.body || {};
		if (result.ok) {
			card.dataset.rotatedTo = body.serial;
			for (const element of card.querySelectorAll('.rotation')) {
				element.hidden = false;
			}
			set(card, 'dd.rotation', body.previousSerial + ' → ' + body.serial + ' at '
				+ new Date().toLocaleTimeString() + ', no restart');
			// Both transports present the new certificate from now on.
			resultBox(card, 'WebClient').hidden = true;
			showMessage(resultBox(card, 'RestClient'), '', 'New certificate in place',
				'Call again: the server now sees serial ' + body.serial + '.');
		}
		else {
			showMessage(resultBox(card, 'RestClient'), 'bad', 'Rotation failed', body.error || 'HTTP ' + result.status);
		}
	}
	finally {
		button.disabled = false;
	}
	await loadClients();
}

async function callAll() {
	await Promise.all([...cards.keys()].flatMap((name) => transports.map((transport) => callClient(name, transport))));
}

function showMessage(box, kind, title, text) {
	box.hidden = false;
	box.className = 'result ' + kind;
	box.replaceChildren(line('verdict', title), line('', text));
}

function set(card, selector, text) {
	card.querySelector(selector).textContent = text;
}

function line(className, text) {
	const element = document.createElement('div');
	element.className = className;
	element.textContent = text;
	return element;
}

function badge(text) {
	const element = document.createElement('span');
	element.className = 'badge';
	element.textContent = text;
	return element;
}

function showNotice(text) {
	notice.textContent = text;
	notice.hidden = false;
}

function hideNotice() {
	notice.hidden = true;
}

document.getElementById('call-all').addEventListener('click', callAll);
document.getElementById('refresh').addEventListener('click', loadClients);

// ?demo=1 calls every client once on load, ?demo=rotate then also rotates the
// certificate and calls again: a first look without clicking (and for screenshots).
async function autoRun(mode) {
	await callAll();
	if (mode === 'rotate') {
		for (const card of cards.values()) {
			if (!card.querySelector('.rotate').hidden) {
				await rotate(card.dataset.client);
				for (const transport of transports) {
					await callClient(card.dataset.client, transport);
				}
			}
		}
	}
}

loadClients().then(() => {
	const mode = new URLSearchParams(location.search).get('demo');
	if (mode !== null) {
		return autoRun(mode);
	}
});
