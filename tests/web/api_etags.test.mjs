/*
 * api_etags.test.mjs — revisits cost a 304 (issue 8): a plan's pages and API reads carry
 * a weak ETag tied to the plan's data version; If-None-Match with it answers 304 with no
 * body and without rendering; any change of the plan (through the API, a form, the
 * command line) changes the tag; a change of another plan does not; the tag differs by
 * language and by browser (each page embeds its own CSRF token).
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, test } from 'node:test';

import { JALON, startServer, stopServer } from './lib.mjs';

let server;
before(async () => { server = await startServer(); });
after(async () => { await stopServer(server); });

/* A browser's visit: its cookie (the CSRF token), and If-None-Match when given. */
async function visit(path, { cookie, etag, lang, method = 'GET' } = {}) {
	const headers = {};
	if (cookie) headers.Cookie = cookie;
	if (etag) headers['If-None-Match'] = etag;
	if (lang) headers['Accept-Language'] = lang;
	const r = await fetch(server.url + path, { method, headers, redirect: 'manual' });
	const body = await r.text();
	const set = (r.headers.getSetCookie ? r.headers.getSetCookie() : [])
		.find((c) => c.startsWith('jalon_csrf='));
	return { status: r.status, etag: r.headers.get('etag'), body, cookie: set ? set.split(';')[0] : cookie,
		timing: r.headers.get('server-timing'), cache: r.headers.get('cache-control') };
}

async function browser() {
	const first = await visit('/');
	assert.ok(first.cookie, 'the first visit sets the CSRF cookie');
	return first.cookie;
}

const pages = ['/plans/demo', '/plans/demo/dashboard', '/plans/demo/roadmap.svg',
	'/plans/demo/indicators', '/plans/demo/elements/3', '/api/v1/plans/demo/elements',
	'/api/v1/plans/demo/dashboard'];

for (const path of pages) {
	test(`${path}: a revisit with nothing changed is a 304 without a body`, async () => {
		const cookie = await browser();
		const first = await visit(path, { cookie });
		assert.equal(first.status, 200, first.body.slice(0, 200));
		assert.match(first.etag || '', /^W\/"/, 'a weak ETag');
		assert.match(first.cache || '', /private/, 'no shared cache keeps a page');
		assert.match(first.cache || '', /no-cache/, 'the browser asks again each time');
		const again = await visit(path, { cookie, etag: first.etag });
		assert.equal(again.status, 304);
		assert.equal(again.body, '');
		assert.equal(again.etag, first.etag);
		const head = await visit(path, { cookie, etag: first.etag, method: 'HEAD' });
		assert.equal(head.status, 304, 'HEAD too');
	});
}

test('any change of the plan changes the tag: API, command line, plan settings', async () => {
	const cookie = await browser();
	const first = await visit('/plans/demo/dashboard', { cookie });
	/* Through the API. */
	const el = await fetch(`${server.url}/api/v1/plans/demo/elements/4`);
	const version = el.headers.get('etag');
	const patch = await fetch(`${server.url}/api/v1/plans/demo/elements/4`, {
		method: 'PATCH', headers: { 'Content-Type': 'application/json', 'If-Match': version },
		body: JSON.stringify({ title: 'Migrer les espaces de cours (revu)' }) });
	assert.equal(patch.status, 200);
	const second = await visit('/plans/demo/dashboard', { cookie, etag: first.etag });
	assert.equal(second.status, 200, 'a change answers the page again');
	assert.notEqual(second.etag, first.etag);
	assert.match(second.body, /revu/);
	/* Through the command line, on another connection, while the server runs. */
	execFileSync(JALON, ['--db', server.db, 'plan', 'demo', '--title', 'SDN révisé'],
		{ stdio: 'pipe', env: { ...process.env, JALON_LANG: 'fr' } });
	const third = await visit('/plans/demo', { cookie, etag: second.etag });
	assert.equal(third.status, 200, 'a title changed by the command line shows at once');
	assert.match(third.body, /SDN révisé/);
});

test('a change of another plan keeps this plan\'s tag', async () => {
	const cookie = await browser();
	const first = await visit('/plans/demo/dashboard', { cookie });
	const el = await fetch(`${server.url}/api/v1/plans/region/elements`);
	const list = await el.json();
	const one = await fetch(`${server.url}/api/v1/plans/region/elements/${list[0].id}`);
	const patch = await fetch(`${server.url}/api/v1/plans/region/elements/${list[0].id}`, {
		method: 'PATCH', headers: { 'Content-Type': 'application/json', 'If-Match': one.headers.get('etag') },
		body: JSON.stringify({ title: 'Autre titre régional' }) });
	assert.equal(patch.status, 200);
	const again = await visit('/plans/demo/dashboard', { cookie, etag: first.etag });
	assert.equal(again.status, 304);
});

test('the tag differs by language and by browser', async () => {
	const a = await browser();
	const b = await browser();
	const fr = await visit('/plans/demo', { cookie: a });
	const en = await visit('/plans/demo?lang=en', { cookie: a });
	assert.notEqual(fr.etag, en.etag, 'another language is another page');
	const other = await visit('/plans/demo', { cookie: b, etag: fr.etag });
	assert.equal(other.status, 200, 'another browser\'s page carries another CSRF token');
});

test('an element\'s API read keeps its own strong ETag (its version) and 304', async () => {
	const first = await fetch(`${server.url}/api/v1/plans/demo/elements/5`);
	const tag = first.headers.get('etag');
	assert.match(tag, /^"\d+"$/);
	const again = await fetch(`${server.url}/api/v1/plans/demo/elements/5`, { headers: { 'If-None-Match': tag } });
	assert.equal(again.status, 304);
});
