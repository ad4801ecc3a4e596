/*
 * api_sessions.test.mjs — the sessions of `jalon serve` (src/web/auth.c,
 * src/store/account_store.c) seen from outside: a token planted before sign-in is never
 * the one after (fixation), the cookie's attributes (Secure unless --insecure-cookies),
 * a new token at every sign-in, sign-out ending one session or all of them, a password
 * change or `user disable` ending the others at once, idle expiry, the CSRF token that
 * every state-changing form needs (every non-API POST route of src/web/router.c, read
 * from the file), the throttle of failed sign-ins (per login, per address), the audit
 * log of failed sign-ins, and passwords that never reach the database in clear.
 *
 * Three servers: the main one (--insecure-cookies, --session-idle 1), one without
 * --insecure-cookies (the Secure attribute), one for the per-address throttle (it
 * locks out 127.0.0.1 for a quarter of an hour).
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { SOURCE_ROOT, startServe, stopServer } from './lib.mjs';
import { client, formFields, hiddenCsrf, PASSWORD } from './access_lib.mjs';

const NEW_PASSWORD = 'a-brand-new-passphrase-42';
const WRONG_PASSWORD = 'not-the-password-at-all';
const ACCOUNTS = ['admin', 'alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'gina'];

let server;
const sql = (query) => execFileSync('sqlite3', [server.db, query]).toString().trim();

async function setup(run, dir) {
	run('organisation-add', 'Université A');
	run('import', join(SOURCE_ROOT, 'data', 'demo', 'plan.csv'), '--id', 'pa', '--organisation', 'Université A');
	run('import-instances', 'pa', join(SOURCE_ROOT, 'data', 'demo', 'instances.csv'));
	run('import-milestones', 'pa', join(SOURCE_ROOT, 'data', 'demo', 'milestones.csv'));
	run('import-budget', 'pa', join(SOURCE_ROOT, 'data', 'demo', 'budget.csv'));
	writeFileSync(join(dir, 'indicators.csv'), 'code;nom;famille;unite;sens;frequence;valeur_initiale;date_initiale;cible;date_cible;elements\n'
		+ 'I1;Espaces migrés;adoption et satisfaction;%;hausse;mensuelle;0;2025-01-01;100;2026-12-31;AX1.A1.P1\n');
	run('import-indicators', 'pa', join(dir, 'indicators.csv'));
	for (const login of ACCOUNTS)
		run('user', 'add', login, '--name', `Compte ${login}`, '--role', login === 'admin' ? 'administrateur' : 'lecteur',
			{ input: `${PASSWORD}\n` });
}

before(async () => {
	server = await startServe({ setup, serveArgs: ['--insecure-cookies', '--session-idle', '1'] });
});
after(async () => { if (server) await stopServer(server); });

const tokenOf = (r) => {
	const c = (r.setCookies || []).find((s) => s.startsWith('jalon_session='));
	return c ? c.match(/^jalon_session=([^;]*)/)[1] : undefined;
};
/* Does this token authenticate (GET /api/v1/session)? */
async function authenticates(token) {
	const r = await fetch(`${server.url}/api/v1/session`, { headers: { Cookie: `jalon_session=${token}` } });
	return r.status === 200;
}
const randomHex = () => [...crypto.getRandomValues(new Uint8Array(32))].map((b) => b.toString(16).padStart(2, '0')).join('');

/* ---- fixation, cookie, rotation --------------------------------------------------------- */

test('a session cookie planted before sign-in is not the one after, and does not authenticate', async () => {
	const victim = client(server);
	const planted = randomHex();
	victim.jar.jalon_session = planted;
	const r = await victim.signInForm('alice');
	assert.equal(r.status, 303, `signed in (${r.text.slice(0, 200)})`);
	const token = tokenOf(r);
	assert.match(token, /^[0-9a-f]{64}$/, 'a new token is set');
	assert.notEqual(token, planted, 'not the planted one');
	assert.equal(await authenticates(planted), false, 'the planted token is nobody');
	assert.equal(await authenticates(token), true, 'the new one is alice');
});

test('an attacker\'s own session planted in a client ends when the victim signs in through the API', async () => {
	const attacker = client(server);
	const mine = tokenOf(await attacker.signIn('bob'));
	const victim = client(server);
	victim.jar.jalon_session = mine;
	const r = await victim.request('POST', '/api/v1/session', { json: { login: 'alice', password: PASSWORD } });
	assert.equal(r.status, 201);
	const theirs = tokenOf(r);
	assert.notEqual(theirs, mine);
	assert.equal(await authenticates(mine), false, 'the planted session was ended');
	const who = await victim.request('GET', '/api/v1/session');
	assert.equal(who.json.login, 'alice', 'the browser is alice\'s, not the attacker\'s');
});

test('the session cookie is HttpOnly, SameSite=Lax, Path=/, without Secure under --insecure-cookies', async () => {
	const r = await client(server).signIn('alice');
	const cookie = r.setCookies.find((s) => s.startsWith('jalon_session='));
	assert.match(cookie, /;\s*HttpOnly(;|$)/i);
	assert.match(cookie, /;\s*SameSite=Lax(;|$)/);
	assert.match(cookie, /;\s*Path=\/(;|$)/);
	assert.match(cookie, /;\s*Max-Age=\d+/);
	assert.doesNotMatch(cookie, /Secure/i);
	assert.doesNotMatch(JSON.stringify(r.json), new RegExp(tokenOf(r)), 'the token is not in the JSON body');
});

test('without --insecure-cookies the session cookie is Secure, under the __Host- prefix', async () => {
	const plain = await startServe({ setup: (run) => run('user', 'add', 'alice', '--name', 'Alice',
		'--role', 'lecteur', { input: `${PASSWORD}\n` }), serveArgs: [] });
	try {
		const r = await client(plain).signIn('alice');
		const cookie = r.setCookies.find((s) => s.startsWith('__Host-jalon_session='));
		assert.ok(cookie, `a __Host- cookie (nobody can plant it from elsewhere): ${r.setCookies}`);
		assert.match(cookie, /;\s*Secure(;|$)/, cookie);
		assert.match(cookie, /;\s*HttpOnly(;|$)/i, cookie);
		assert.match(cookie, /;\s*SameSite=Lax(;|$)/, cookie);
		const form = client(plain);
		const f = await form.signInForm('alice');
		assert.equal(f.status, 303);
		assert.match(f.setCookies.find((s) => s.startsWith('__Host-jalon_session=')), /;\s*Secure(;|$)/, 'the form too');
	} finally {
		await stopServer(plain);
	}
});

test('every sign-in gets a new token; both stay valid until their own sign-out', async () => {
	const one = client(server), two = client(server);
	const t1 = tokenOf(await one.signIn('carol'));
	const t2 = tokenOf(await two.signIn('carol'));
	assert.notEqual(t1, t2);
	assert.equal(await authenticates(t1), true);
	assert.equal(await authenticates(t2), true);
	assert.notEqual(one.csrf, two.csrf, 'each session has its own CSRF token');
	// Sign-out of the first, by the form: the second lives on.
	const csrf = await one.pageCsrf('/');
	assert.equal(csrf, one.csrf, 'the forms carry the session\'s token');
	const out = await one.request('POST', '/logout', { form: { csrf } });
	assert.equal(out.status, 303);
	assert.match(out.headers.get('location'), /^\/login/);
	assert.match(out.setCookies.find((s) => s.startsWith('jalon_session=')), /Max-Age=0/, 'the cookie is cleared');
	assert.equal(await authenticates(t1), false, 'the first is over');
	assert.equal(await authenticates(t2), true, 'the second lives on');
	// The API's sign-out ends only its own too.
	const three = client(server);
	const t3 = tokenOf(await three.signIn('carol'));
	assert.equal((await two.request('DELETE', '/api/v1/session')).status, 204);
	assert.equal(await authenticates(t2), false);
	assert.equal(await authenticates(t3), true);
});

test('DELETE /api/v1/session?everywhere=true ends every session of the account, not others\'', async () => {
	const a = client(server), b = client(server), other = client(server);
	const ta = tokenOf(await a.signIn('dave'));
	const tb = tokenOf(await b.signIn('dave'));
	const to = tokenOf(await other.signIn('erin'));
	assert.equal((await a.request('DELETE', '/api/v1/session?everywhere=true')).status, 204);
	assert.equal(await authenticates(ta), false);
	assert.equal(await authenticates(tb), false);
	assert.equal(await authenticates(to), true, 'another account\'s session lives on');
	assert.equal(Number(sql("SELECT count(*) FROM session s JOIN account a ON a.id = s.account_id WHERE a.login = 'dave'")), 0);
});

test('POST /account/sessions/end ends every session of the account', async () => {
	const a = client(server), b = client(server);
	const ta = tokenOf(await a.signIn('dave'));
	const tb = tokenOf(await b.signIn('dave'));
	const page = await a.request('GET', '/account');
	assert.equal(page.status, 200);
	const fields = formFields(page.text, '/account/sessions/end');
	assert.ok(fields && fields.csrf, 'the account page has the form');
	const r = await a.request('POST', '/account/sessions/end', { form: fields });
	assert.equal(r.status, 303);
	assert.equal(await authenticates(ta), false);
	assert.equal(await authenticates(tb), false);
});

test('a password change ends the other sessions; this browser keeps a fresh one', async () => {
	const here = client(server), elsewhere = client(server);
	const old = tokenOf(await here.signIn('frank'));
	const away = tokenOf(await elsewhere.signIn('frank'));
	const fields = formFields((await here.request('GET', '/account')).text, '/account/password');
	// A wrong current password: 422, nothing ends.
	const refused = await here.request('POST', '/account/password', { form: { ...fields, current: WRONG_PASSWORD,
		password: NEW_PASSWORD, confirm: NEW_PASSWORD } });
	assert.equal(refused.status, 422);
	assert.equal(await authenticates(away), true);
	const r = await here.request('POST', '/account/password', { form: { ...fields, current: PASSWORD,
		password: NEW_PASSWORD, confirm: NEW_PASSWORD } });
	assert.equal(r.status, 303, r.text.slice(0, 300));
	assert.match(r.headers.get('location'), /^\/account\?notice=password/);
	const fresh = tokenOf(r);
	assert.ok(fresh && fresh !== old, 'a new token for this browser');
	assert.equal(await authenticates(away), false, 'the other session is over');
	assert.equal(await authenticates(old), false, 'the old token of this browser is over');
	assert.equal(await authenticates(fresh), true);
	// The old password no longer opens a session; the new one does.
	assert.equal((await client(server).request('POST', '/api/v1/session', { json: { login: 'frank', password: PASSWORD } })).status, 401);
	await client(server).signIn('frank', NEW_PASSWORD);
});

test('`jalon user disable` takes effect at the next request', async () => {
	const api = client(server), web = client(server);
	await api.signIn('gina');
	await web.signIn('gina');
	assert.equal((await api.request('GET', '/api/v1/plans/pa')).status, 200);
	server.run('user', 'disable', 'gina');
	assert.equal((await api.request('GET', '/api/v1/plans/pa')).status, 401, 'the API answers 401');
	const page = await web.request('GET', '/plans/pa');
	assert.equal(page.status, 303, 'the page sends to the sign-in page');
	assert.match(page.headers.get('location'), /^\/login\?next=%2Fplans%2Fpa|^\/login\?next=\/plans\/pa/);
	const again = await client(server).request('POST', '/api/v1/session', { json: { login: 'gina', password: PASSWORD } });
	assert.equal(again.status, 401, 'a disabled account cannot sign in');
});

test('`jalon user logout` ends the sessions of the account', async () => {
	const c = client(server);
	const t = tokenOf(await c.signIn('erin'));
	server.run('user', 'logout', 'erin');
	assert.equal(await authenticates(t), false);
});

test('a session idle longer than --session-idle is over', async () => {
	const c = client(server);
	const t = tokenOf(await c.signIn('bob'));
	assert.equal(await authenticates(t), true);
	assert.equal(c.jar.jalon_session, t);
	sql("UPDATE session SET seen_at = seen_at - 7200, created_at = created_at - 7200 WHERE account_id = (SELECT id FROM account WHERE login = 'bob')");
	const r = await c.request('GET', '/api/v1/session');
	assert.equal(r.status, 401, 'idle two hours (limit one minute): signed out');
	assert.equal((await c.request('GET', '/plans/pa')).status, 303);
});

test('a session used every few seconds stays open under --session-idle 1', async () => {
	const c = client(server);
	await c.signIn('carol');
	const who = "account_id = (SELECT id FROM account WHERE login = 'carol')";
	// Used 45 s after signing in…
	sql(`UPDATE session SET seen_at = seen_at - 45, created_at = created_at - 45 WHERE ${who}`);
	assert.equal((await c.request('GET', '/api/v1/session')).status, 200);
	// …and again 20 s later: 20 s of inactivity, well under the minute.
	sql(`UPDATE session SET seen_at = seen_at - 20, created_at = created_at - 20 WHERE ${who}`);
	assert.equal((await c.request('GET', '/api/v1/session')).status, 200, 'still signed in after 20 s idle');
});

test('after signing in, next goes to a path of this site only', async () => {
	for (const [next, expected] of [['/plans/pa?x=1', '/plans/pa?x=1'], ['//evil.example/', '/'], ['/\\evil.example', '/'],
		['https://evil.example/', '/'], ['/login', '/'], ['/plans/pa\r\nSet-Cookie: x=1', '/']]) {
		const c = client(server);
		const csrf = hiddenCsrf((await c.request('GET', '/login')).text);
		const r = await c.request('POST', '/login', { form: { login: 'alice', password: PASSWORD, next, csrf } });
		assert.equal(r.status, 303, JSON.stringify(next));
		assert.equal(r.headers.get('location'), expected, `next=${JSON.stringify(next)}`);
	}
});

/* ---- CSRF ------------------------------------------------------------------------------ */

/* Every POST route of the router that is not under /api/. */
const ROUTES = [...readFileSync(join(SOURCE_ROOT, 'src', 'web', 'router.c'), 'utf8')
	.matchAll(/\{"POST", "([^"]+)", \w+, WEB_ACCESS_\w+\}/g)].map((m) => m[1]).filter((p) => !p.startsWith('/api/'));

test('the router has the form routes this test expects', () => {
	assert.ok(ROUTES.length >= 50, `${ROUTES.length} POST routes read from router.c`);
	for (const r of ['/login', '/logout', '/account/password', '/plans/{}/elements/{}/edit', '/import'])
		assert.ok(ROUTES.includes(r), r);
});

const ids = {};
let admin, signer; // two sessions of the administrator: one prepares, one posts the forms
async function prepareIds() {
	admin = client(server, 'admin');
	await admin.signIn('admin');
	signer = client(server, 'admin');
	await signer.signIn('admin');
	const A = (p) => `/api/v1/plans/pa${p}`;
	const get = async (p) => (await admin.request('GET', A(p))).json;
	const els = await get('/elements');
	const own = els.find((e) => e.code === 'AX1.A1.P1').id;
	const post = async (p, json, status = 201) => {
		const r = await admin.request('POST', A(p), { json });
		assert.equal(r.status, status, `${p}: ${r.text}`);
		return r.json;
	};
	const instance = (await get('/instances'))[0].id;
	const meeting = (await post('/meetings', { instance, date: '2026-03-10' })).id;
	const current = await admin.request('GET', A(`/elements/${own}`));
	await admin.request('PATCH', A(`/elements/${own}`), { json: { title: 'Titre changé' },
		headers: { 'If-Match': current.headers.get('etag') } });
	ids.elements = own;
	ids.milestones = (await get('/milestones'))[0].id;
	ids['budget-lines'] = (await get('/budget-lines'))[0].id;
	ids.risks = (await post('/risks', { element: own, description: 'Retard', probability: 2, impact: 2 })).id;
	ids.instances = instance;
	ids.meetings = meeting;
	ids['agenda-items'] = (await post(`/meetings/${meeting}/agenda`, { title: 'Point' })).id;
	ids.actions = (await post('/actions', { text: 'Faire', owner: 'X', meeting })).id;
	ids.changes = (await get(`/changes?element=${own}&limit=1`)).changes[0].id;
	ids.indicators = 'I1';
	ids.trash = 1;
}

/* A route pattern with the plan and a record that exist. */
function concrete(pattern) {
	const parts = pattern.split('/');
	for (let i = 0; i < parts.length; i++) {
		if (parts[i] !== '{}') continue;
		parts[i] = parts[i - 1] === 'plans' ? 'pa' : String(ids[parts[i - 1]] ?? 1);
	}
	return parts.join('/');
}

for (const pattern of ROUTES.length ? ROUTES : ['/login']) {
	for (const [how, csrf] of [['no token', undefined], ['a wrong token', 'wrong'], ['another session\'s token', 'other']]) {
		test(`CSRF: POST ${pattern} with ${how} is refused with 403`, async () => {
			if (!admin) await prepareIds();
			const path = concrete(pattern);
			const signedIn = pattern !== '/login';
			let c = signer;
			if (!signedIn) {
				c = client(server);
				await c.request('GET', '/login'); // its jalon_csrf cookie
			}
			let token = csrf;
			if (csrf === 'wrong') token = randomHex();
			if (csrf === 'other') token = signedIn ? admin.csrf : hiddenCsrf((await client(server).request('GET', '/login')).text);
			const form = { login: 'admin', password: PASSWORD, title: 'x', name: 'x', code: 'X9' };
			if (token !== undefined) form.csrf = token;
			const r = await c.request('POST', path, { form });
			assert.equal(r.status, 403, `${path}: ${r.status} ${r.text.slice(0, 300)}`);
			assert.match(r.text, /jeton/, 'the page says the security token is missing or stale');
			assert.ok(!(r.setCookies || []).some((s) => /^jalon_session=[0-9a-f]{64}/.test(s)), 'no session opened');
		});
	}
}

test('CSRF: the sign-in form without the cookie of its page is refused even with the token', async () => {
	const page = client(server);
	const csrf = hiddenCsrf((await page.request('GET', '/login')).text);
	const stranger = client(server); // no jalon_csrf cookie
	const r = await stranger.request('POST', '/login', { form: { login: 'admin', password: PASSWORD, csrf, next: '/' } });
	assert.equal(r.status, 403);
	assert.ok(!r.setCookies.some((s) => s.startsWith('jalon_session=')), 'no session');
});

test('CSRF: a signed-in form with the session\'s token goes through (the control)', async () => {
	const c = client(server);
	await c.signIn('admin');
	const r = await c.request('POST', '/logout', { form: { csrf: await c.pageCsrf('/') } });
	assert.equal(r.status, 303);
});

/* ---- throttle, audit, passwords at rest ------------------------------------------------- */

test('the 6th failed sign-in of a login answers 429 with Retry-After, even with the right password', async () => {
	const c = client(server);
	for (let i = 1; i <= 5; i++) {
		const r = await c.request('POST', '/api/v1/session', { json: { login: 'bob', password: `${WRONG_PASSWORD}${i}` } });
		assert.equal(r.status, 401, `attempt ${i}`);
	}
	const sixth = await c.request('POST', '/api/v1/session', { json: { login: 'bob', password: WRONG_PASSWORD } });
	assert.equal(sixth.status, 429);
	const wait = Number(sixth.headers.get('retry-after'));
	assert.ok(wait > 0 && wait <= 900, `Retry-After: ${sixth.headers.get('retry-after')}`);
	const right = await c.request('POST', '/api/v1/session', { json: { login: 'bob', password: PASSWORD } });
	assert.equal(right.status, 429, 'the right password is refused while throttled');
	assert.ok(!right.setCookies.some((s) => s.startsWith('jalon_session=')), 'no session');
	// The form too, whatever the case of the login.
	const form = await client(server).signInForm('BOB');
	assert.equal(form.status, 429);
	assert.ok(Number(form.headers.get('retry-after')) > 0);
	// Another login from the same address is not locked out (5 < 20).
	await client(server).signIn('alice');
});

test('failed sign-ins are in the audit log, with the login and never the password', async () => {
	const rows = sql("SELECT entity || '|' || coalesce(entity_id, '') || '|' || coalesce(field, '') || '|' || "
		+ "coalesce(old_value, '') || '|' || coalesce(new_value, '') FROM audit_log WHERE action = 'login_failed'");
	const bob = sql("SELECT id FROM account WHERE login = 'bob'");
	const mine = rows.split('\n').filter((l) => l === `session|${bob}|login|bob|127.0.0.1`);
	assert.ok(mine.length >= 5, `bob's failures are recorded (login and address):\n${rows}`);
	assert.ok(!rows.includes(WRONG_PASSWORD), 'not the password tried');
});

test('no password, old or new or wrong, is anywhere in the database', async () => {
	const dump = execFileSync('sqlite3', [server.db, '.dump'], { maxBuffer: 1 << 28 }).toString();
	for (const p of [PASSWORD, NEW_PASSWORD, WRONG_PASSWORD])
		assert.ok(!dump.includes(p), `${p} is not stored`);
	const logs = sql('SELECT count(*) FROM audit_log') + sql('SELECT count(*) FROM change_log');
	assert.ok(logs.length > 0);
});

test('20 failures from one address lock that address out, whatever the login', async () => {
	const locked = await startServe({ setup: (run) => {
		for (const login of ['u1', 'u2'])
			run('user', 'add', login, '--name', login, '--role', 'lecteur', { input: `${PASSWORD}\n` });
	} });
	try {
		const c = client(locked);
		for (let i = 0; i < 20; i++) {
			// A forged X-Forwarded-For from a peer that is no trusted proxy changes nothing.
			const r = await c.request('POST', '/api/v1/session', { json: { login: `nobody${i % 4}`, password: WRONG_PASSWORD },
				headers: { 'X-Forwarded-For': `198.51.100.${i + 1}` } });
			assert.equal(r.status, 401, `attempt ${i + 1} (4 logins, 5 each: none locked by login)`);
		}
		const r = await c.request('POST', '/api/v1/session', { json: { login: 'u1', password: PASSWORD } });
		assert.equal(r.status, 429, 'an untouched login from that address is refused');
		assert.ok(Number(r.headers.get('retry-after')) > 0);
	} finally {
		await stopServer(locked);
	}
});
