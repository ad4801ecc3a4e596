/*
 * api.test.mjs — the JSON API (/api/v1, src/web/api.c) against a real `jalon ui`
 * server: import, listing, reading, optimistic-version PATCH (412, 428), creation,
 * deletion of a branch, problem documents (400, 404, 413, 415, 422), the OpenAPI
 * document against the router's table, and the server's security headers.
 *
 * Node's built-in runner only (`node --test`, node >= 18, global fetch): no npm
 * package. One server on a temporary database serves the whole file; tests run in the
 * order written, and those that change the database each work on their own elements.
 * Every request goes to 127.0.0.1 only.
 *
 * Environment: JALON (the binary), SOURCE_ROOT (the source tree), set by meson.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const SOURCE_ROOT = process.env.SOURCE_ROOT || resolve(here, '..', '..');
const JALON = resolve(process.env.JALON || join(SOURCE_ROOT, 'build-dev', 'jalon'));
const FEDERATION = 'fed'; // tests/data/federation.csv, imported by the command line

/* ---- the server ------------------------------------------------------------------- */

/* `jalon ui` on a fresh database holding federation.csv as plan "fed"; resolves once
 * it has printed its address. No proxy variables reach it or us. */
async function startServer() {
	assert.ok(existsSync(JALON), `jalon binary not found at ${JALON} (set JALON)`);
	const dir = mkdtempSync(join(tmpdir(), 'jalon-api-'));
	const db = join(dir, 'jalon.db');
	const env = { ...process.env, JALON_LANG: 'fr', LC_ALL: 'C.UTF-8' };
	for (const name of Object.keys(env)) if (/_proxy$/i.test(name)) delete env[name];
	const run = (...args) => execFileSync(JALON, ['--db', db, ...args], { env, cwd: dir, stdio: 'pipe' });
	run('init');
	run('import', join(SOURCE_ROOT, 'tests', 'data', 'federation.csv'), '--id', FEDERATION);

	const proc = spawn(JALON, ['--db', db, 'ui', '--listen', '127.0.0.1:0'],
		{ env, cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
	let stdout = '', stderr = '';
	proc.stdout.setEncoding('utf8');
	proc.stderr.setEncoding('utf8');
	proc.stderr.on('data', (s) => { stderr += s; });
	const exited = new Promise((done) => proc.on('exit', (code, signal) => done({ code, signal })));
	const url = await new Promise((done, fail) => {
		const timer = setTimeout(() => fail(new Error(`no address printed within 10 s\n${stdout}\n${stderr}`)), 10000);
		proc.stdout.on('data', (s) => {
			stdout += s;
			const m = stdout.match(/http:\/\/127\.0\.0\.1:(\d+)\//);
			if (m) {
				clearTimeout(timer);
				done(`http://127.0.0.1:${m[1]}`);
			}
		});
		exited.then(({ code, signal }) => {
			clearTimeout(timer);
			fail(new Error(`jalon ui exited early (${code ?? signal})\n${stdout}\n${stderr}`));
		});
	});
	let stopping = null;
	return {
		url,
		stderr: () => stderr,
		/* SIGTERM, then { code, signal } (signal says so when it had to be killed). */
		stop() {
			stopping ??= (async () => {
				if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
				let timer;
				const late = new Promise((done) => { timer = setTimeout(() => done(null), 15000); });
				const result = await Promise.race([exited, late]);
				clearTimeout(timer);
				if (result) return result;
				proc.kill('SIGKILL');
				await exited;
				return { code: null, signal: 'still running 15 s after SIGTERM (killed)' };
			})();
			return stopping;
		},
		remove() { rmSync(dir, { recursive: true, force: true }); },
	};
}

let server;
before(async () => { server = await startServer(); });
after(async () => { // safety net; the last test checks the stop itself
	if (!server) return;
	await server.stop();
	server.remove();
});

/* ---- requests ------------------------------------------------------------------------ */

/* One request; body: an object (sent as JSON), a string or bytes (sent as is).
 * Resolves to { status, headers, text, json } (json: parsed when the type says JSON). */
async function api(method, path, { body, type, headers = {} } = {}) {
	const h = { ...headers };
	let payload = body;
	if (body !== undefined && typeof body === 'object' && !(body instanceof Uint8Array)) {
		payload = JSON.stringify(body);
		type ??= 'application/json';
	}
	if (type) h['Content-Type'] = type;
	const response = await fetch(`${server.url}${path}`, { method, headers: h, body: payload });
	const text = await response.text();
	const contentType = response.headers.get('content-type') || '';
	const json = /json/.test(contentType) && text ? JSON.parse(text) : undefined;
	return { status: response.status, headers: response.headers, text, json };
}

const patch = (path, body, etag) =>
	api('PATCH', path, { body, headers: etag === undefined ? {} : { 'If-Match': etag } });

/* A problem document (RFC 9457) with this status; returns it. */
function assertProblem(r, status, what) {
	assert.equal(r.status, status, `${what}: status (body: ${r.text})`);
	assert.equal(r.headers.get('content-type'), 'application/problem+json', `${what}: content type`);
	assert.equal(r.json.type, 'about:blank');
	assert.equal(r.json.status, status);
	assert.equal(typeof r.json.title, 'string');
	assert.ok(r.json.title.length > 0, `${what}: title`);
	assert.equal(typeof r.json.detail, 'string');
	assert.ok(r.json.detail.length > 0, `${what}: detail`);
	return r.json;
}

const elementsOf = async (planId) => {
	const r = await api('GET', `/api/v1/plans/${planId}/elements`);
	assert.equal(r.status, 200, r.text);
	return r.json;
};
const byCode = async (planId, code) => {
	const e = (await elementsOf(planId)).find((x) => x.code === code);
	assert.ok(e, `element ${code} in plan ${planId}`);
	return e;
};
const elementPath = (planId, e) => `/api/v1/plans/${planId}/elements/${e.id}`;

/* ---- the OpenAPI document ---------------------------------------------------------- */

test('the OpenAPI document is served, parses, and names every /api/v1 route of router.c', async () => {
	const r = await api('GET', '/api/v1/openapi.json');
	assert.equal(r.status, 200);
	assert.equal(r.headers.get('content-type'), 'application/json');
	assert.ok(r.text === readFileSync(join(SOURCE_ROOT, 'docs', 'openapi.json'), 'utf8'),
		'the binary serves docs/openapi.json as it is now (rebuild after editing it)');
	const doc = r.json;
	assert.match(doc.openapi, /^3\.0\.\d$/);

	const router = readFileSync(join(SOURCE_ROOT, 'src', 'web', 'router.c'), 'utf8');
	const routes = [...router.matchAll(/\{\s*"([A-Z]+)",\s*"(\/api\/v1[^"]*)"/g)]
		.map(([, method, pattern]) => ({ method: method.toLowerCase(), pattern }));
	assert.ok(routes.length >= 9, `router.c's /api/v1 routes found (${routes.length})`);
	const documented = new Map(Object.entries(doc.paths)
		.map(([path, item]) => [path.replace(/\{[^}]+\}/g, '{}'), item]));
	for (const { method, pattern } of routes) {
		const item = documented.get(pattern);
		assert.ok(item, `${pattern} is in openapi.json`);
		assert.ok(item[method], `${method.toUpperCase()} ${pattern} is in openapi.json`);
		assert.ok(Object.keys(item[method].responses).length > 0);
	}
	// And nothing documented that the server does not route.
	const methods = ['get', 'post', 'put', 'patch', 'delete'];
	for (const [pattern, item] of documented)
		for (const m of methods.filter((x) => item[x]))
			assert.ok(routes.some((x) => x.pattern === pattern && x.method === m),
				`${m.toUpperCase()} ${pattern} documented but not routed`);
	// Every local reference resolves.
	const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/([^"]+)"/g)].map((m) => m[1]);
	for (const ref of refs) {
		const target = ref.split('/').reduce((node, key) => node?.[key], doc);
		assert.ok(target, `$ref #/${ref} resolves`);
	}
});

/* ---- plans ------------------------------------------------------------------------------- */

test('a real 121-element plan imported through POST /api/v1/plans lists 121 elements', async () => {
	const csv = readFileSync(join(SOURCE_ROOT, 'tests', 'data', 'regional.csv'));
	const created = await api('POST', '/api/v1/plans?title=Strat%C3%A9gie%20r%C3%A9gionale&organisation=R%C3%A9gion',
		{ body: csv, type: 'text/csv' });
	assert.equal(created.status, 201, created.text);
	assert.equal(created.headers.get('content-type'), 'application/json');
	const summary = created.json;
	assert.equal(summary.title, 'Stratégie régionale');
	assert.equal(summary.organisation, 'Région');
	assert.equal(summary.element_count, 121);
	assert.equal(typeof summary.number, 'number');
	assert.equal(created.headers.get('location'), `/api/v1/plans/${summary.id}`);

	const plan = await api('GET', created.headers.get('location'));
	assert.equal(plan.status, 200);
	assert.equal(plan.json.id, summary.id);
	assert.equal(plan.json.element_count, 121);
	assert.deepEqual(plan.json.levels, [
		{ label: 'Axe stratégique', count: 4 }, { label: 'Objectif stratégique', count: 11 },
		{ label: 'Objectif opérationnel', count: 29 }, { label: 'Action', count: 77 }]);

	const elements = await elementsOf(summary.id);
	assert.equal(elements.length, 121);
	assert.equal(new Set(elements.map((e) => e.id)).size, 121, 'ids are unique');
	// Depth-first: every parent comes before its children, one level up.
	const seen = new Map();
	for (const e of elements) {
		if (e.parent === null) assert.equal(e.depth, 0, e.code);
		else assert.equal(e.depth, seen.get(e.parent).depth + 1, `${e.code} comes after its parent`);
		seen.set(e.code, e);
	}
	const list = await api('GET', '/api/v1/plans');
	assert.equal(list.status, 200);
	assert.ok(list.json.some((p) => p.id === summary.id && p.element_count === 121));
	assert.ok(list.json.some((p) => p.id === FEDERATION && p.element_count === 49));
});

test('an invalid CSV is refused with 422 and every error with its line; nothing is imported', async () => {
	const before = (await api('GET', '/api/v1/plans')).json.length;
	const csv = 'code;parent;niveau;intitule\nA;;Axe;Premier\nA;;Axe;Doublon\nB;Z;Axe;Orphelin\nC;;Axe;\n';
	const r = await api('POST', '/api/v1/plans', { body: csv, type: 'text/csv; charset=utf-8' });
	const problem = assertProblem(r, 422, 'invalid CSV');
	assert.ok(Array.isArray(problem.errors));
	const lines = problem.errors.map((e) => e.line);
	for (const line of [3, 4, 5]) assert.ok(lines.includes(line), `an error names line ${line}: ${r.text}`);
	for (const e of problem.errors) assert.equal(typeof e.message, 'string');
	assert.equal((await api('GET', '/api/v1/plans')).json.length, before);
});

test('a Windows-1252 CSV imports with ?encoding=cp1252, and with charset=windows-1252', async () => {
	const csv = Buffer.from('code;parent;niveau;intitule\nE1;;Axe;Numérique responsable\n', 'latin1');
	const byQuery = await api('POST', '/api/v1/plans?title=Encodage&encoding=cp1252', { body: csv, type: 'text/csv' });
	assert.equal(byQuery.status, 201, byQuery.text);
	const elements = await elementsOf(byQuery.json.id);
	assert.equal(elements[0].title, 'Numérique responsable');
	const byCharset = await api('POST', '/api/v1/plans?title=Charset', { body: csv, type: 'text/csv; charset=windows-1252' });
	assert.equal(byCharset.status, 201, byCharset.text);
	assert.equal((await elementsOf(byCharset.json.id))[0].title, 'Numérique responsable');
	assertProblem(await api('POST', '/api/v1/plans?title=Brut', { body: csv, type: 'text/csv' }), 422,
		'the same bytes read as UTF-8');
});

test('POST /api/v1/plans with a JSON body is refused with 415', async () => {
	const r = await api('POST', '/api/v1/plans', { body: { code: 'A' } });
	assertProblem(r, 415, 'JSON body');
});

test('unknown plans and elements are 404 problems', async () => {
	assertProblem(await api('GET', '/api/v1/plans/nope'), 404, 'unknown plan');
	assertProblem(await api('GET', '/api/v1/plans/nope/elements'), 404, 'elements of an unknown plan');
	assertProblem(await api('GET', `/api/v1/plans/${FEDERATION}/elements/999999`), 404, 'unknown element');
	assertProblem(await api('GET', `/api/v1/plans/${FEDERATION}/elements/abc`), 404, 'non-numeric id');
	assertProblem(await patch(`/api/v1/plans/${FEDERATION}/elements/999999`, { title: 'x' }, '"1"'), 404, 'PATCH unknown');
	assertProblem(await api('DELETE', `/api/v1/plans/${FEDERATION}/elements/999999`), 404, 'DELETE unknown');
	assertProblem(await api('GET', '/api/v1/nothing-here'), 404, 'unknown API path');
});

test('invalid UTF-8 in the path is refused with 400', async () => {
	assertProblem(await api('GET', '/api/v1/plans/%FF'), 400, '/plans/%FF');
});

/* ---- elements: reading and changing --------------------------------------------------- */

test('GET of an element gives it with its version as a strong ETag', async () => {
	const listed = await byCode(FEDERATION, 'P01');
	const r = await api('GET', elementPath(FEDERATION, listed));
	assert.equal(r.status, 200);
	assert.equal(r.headers.get('etag'), `"${listed.version}"`);
	assert.deepEqual(r.json, listed);
	assert.equal(r.json.parent, 'PG1');
	assert.deepEqual(r.json.contributes_to, ['AX1', 'AX4']);
	assert.equal(r.json.attributes['Nom court'], 'CARTE');
});

test('PATCH without If-Match is refused with 428 and changes nothing', async () => {
	const e = await byCode(FEDERATION, 'P02');
	assertProblem(await patch(elementPath(FEDERATION, e), { title: 'Sans version' }), 428, 'no If-Match');
	assertProblem(await patch(elementPath(FEDERATION, e), { title: 'Joker' }, '*'), 428, 'If-Match: *');
	assert.deepEqual(await byCode(FEDERATION, 'P02'), e);
});

test('a good PATCH answers 200 with a new ETag; the change shows in the list', async () => {
	const e = await byCode(FEDERATION, 'P03');
	const r = await patch(elementPath(FEDERATION, e),
		{ title: 'Suivi doctoral', budget_cents: 1234567, start: '2026-01-15', partners: ['ComUE'],
			attributes: { Priorité: '1' } }, `"${e.version}"`);
	assert.equal(r.status, 200, r.text);
	assert.equal(r.headers.get('etag'), `"${e.version + 1}"`);
	assert.equal(r.json.version, e.version + 1);
	assert.equal(r.json.title, 'Suivi doctoral');
	assert.equal(r.json.budget_cents, 1234567);
	assert.equal(r.json.start, '2026-01-15');
	assert.deepEqual(r.json.partners, ['ComUE']);
	assert.equal(r.json.attributes['Priorité'], '1');
	assert.equal(r.json.description, e.description, 'fields not sent are kept');
	assert.equal(r.json.attributes['Nom court'], e.attributes['Nom court'], 'columns not sent are kept');
	assert.deepEqual(await byCode(FEDERATION, 'P03'), r.json);
});

test('a stale PATCH gets 412 and leaves the element as the first writer saved it', async () => {
	const e = await byCode(FEDERATION, 'P04');
	const seen = `"${e.version}"`; // two clients read the same version
	const first = await patch(elementPath(FEDERATION, e), { title: 'Premier arrivé' }, seen);
	assert.equal(first.status, 200, first.text);
	const second = await patch(elementPath(FEDERATION, e), { title: 'Second arrivé', owner: 'Quelqu’un' }, seen);
	assertProblem(second, 412, 'stale If-Match');
	assert.equal(second.headers.get('etag'), `"${e.version + 1}"`, '412 says the current version');
	const now = await api('GET', elementPath(FEDERATION, e));
	assert.equal(now.json.title, 'Premier arrivé');
	assert.equal(now.json.owner, e.owner);
	assert.equal(now.json.version, e.version + 1);
	assert.equal(now.headers.get('etag'), `"${e.version + 1}"`);
	assertProblem(await patch(elementPath(FEDERATION, e), { title: 'Faible' }, `W/"${e.version + 1}"`), 412,
		'a weak ETag never matches');
});

test('malformed JSON is refused with 400 naming the position', async () => {
	const e = await byCode(FEDERATION, 'P05');
	const r = await api('PATCH', elementPath(FEDERATION, e),
		{ body: '{"title": "x",\n "owner": }', type: 'application/json', headers: { 'If-Match': `"${e.version}"` } });
	const problem = assertProblem(r, 400, 'malformed JSON');
	assert.match(problem.detail, /ligne 2/);
	assert.match(problem.detail, /colonne \d+/);
	const array = await api('PATCH', elementPath(FEDERATION, e),
		{ body: '[1]', type: 'application/json', headers: { 'If-Match': `"${e.version}"` } });
	assertProblem(array, 400, 'not an object');
	const text = await api('PATCH', elementPath(FEDERATION, e),
		{ body: '{"title":"x"}', type: 'text/plain', headers: { 'If-Match': `"${e.version}"` } });
	assertProblem(text, 415, 'JSON sent as text/plain');
	assert.deepEqual(await byCode(FEDERATION, 'P05'), e);
});

test('a value of the wrong type, or an unknown field, is refused with 400 naming the field', async () => {
	const e = await byCode(FEDERATION, 'P05');
	const etag = `"${e.version}"`;
	const cases = [
		[{ budget_cents: '12' }, 'budget_cents', /budget_cents doit être un entier/],
		[{ budget_cents: 12.5 }, 'budget_cents', /budget_cents/],
		[{ title: 42 }, 'title', /title/],
		[{ partners: 'ComUE' }, 'partners', /partners/],
		[{ start: 20260101 }, 'start', /start/],
		[{ attributes: { Type: 3 } }, 'attributes', /attributes/],
		[{ colour: 'blue' }, 'colour', /colour/],
		[{ version: 7 }, 'version', /version/],
	];
	for (const [body, field, detail] of cases) {
		const problem = assertProblem(await patch(elementPath(FEDERATION, e), body, etag), 400, JSON.stringify(body));
		assert.match(problem.detail, detail);
		assert.equal(problem.errors?.[0]?.field, field, JSON.stringify(body));
	}
	assert.deepEqual(await byCode(FEDERATION, 'P05'), e);
});

test('rule violations are refused with 422 naming each field, and change nothing', async () => {
	const e = await byCode(FEDERATION, 'P06');
	const etag = `"${e.version}"`;
	const duplicate = assertProblem(await patch(elementPath(FEDERATION, e), { code: 'P07' }, etag), 422, 'duplicate code');
	assert.deepEqual(duplicate.errors.map((x) => x.field), ['code']);

	const axis = await byCode(FEDERATION, 'AX2');
	const cycle = assertProblem(await patch(elementPath(FEDERATION, axis), { parent: 'AX2.L1' }, `"${axis.version}"`),
		422, 'parent making a cycle');
	assert.deepEqual(cycle.errors.map((x) => x.field), ['parent']);

	const several = assertProblem(await patch(elementPath(FEDERATION, e),
		{ end: '2020-01-01', start: '2021-02-30', budget_cents: -1, attributes: { Inconnue: 'x' } }, etag),
	422, 'several problems');
	const fields = several.errors.map((x) => x.field).sort();
	assert.deepEqual(fields, ['attributes', 'budget_cents', 'start'], several.detail);
	const backwards = assertProblem(await patch(elementPath(FEDERATION, e),
		{ start: '2021-01-01', end: '2020-01-01' }, etag), 422, 'end before start');
	assert.deepEqual(backwards.errors.map((x) => x.field), ['end']);
	assertProblem(await patch(elementPath(FEDERATION, e), { start: '01/02/2021' }, etag), 422, 'French date');

	assert.deepEqual(await byCode(FEDERATION, 'P06'), e);
	assert.deepEqual(await byCode(FEDERATION, 'AX2'), axis);
});

test('a PATCH that moves an element changes its parent and depth', async () => {
	const e = await byCode(FEDERATION, 'P07');
	const r = await patch(elementPath(FEDERATION, e), { parent: 'AX3.L2' }, `"${e.version}"`);
	assert.equal(r.status, 200, r.text);
	assert.equal(r.json.parent, 'AX3.L2');
	assert.equal(r.json.depth, 2);
	const top = await patch(elementPath(FEDERATION, r.json), { parent: null }, r.headers.get('etag'));
	assert.equal(top.status, 200, top.text);
	assert.equal(top.json.parent, null);
	assert.equal(top.json.depth, 0);
});

/* ---- elements: creating and deleting ------------------------------------------------------ */

test('POST creates an element: 201, Location and ETag that work', async () => {
	const count = (await elementsOf(FEDERATION)).length;
	const r = await api('POST', `/api/v1/plans/${FEDERATION}/elements`, {
		body: { code: 'P99', level: 'Projet', title: 'Nouveau projet', parent: 'PG1', contributes_to: ['AX2'],
			budget_cents: 500000, end: '2028-06-30', attributes: { 'Nom court': 'NEUF' } },
	});
	assert.equal(r.status, 201, r.text);
	const location = r.headers.get('location');
	assert.equal(location, `/api/v1/plans/${FEDERATION}/elements/${r.json.id}`);
	assert.equal(r.headers.get('etag'), '"1"');
	const got = await api('GET', location);
	assert.equal(got.status, 200);
	assert.deepEqual(got.json, r.json);
	assert.equal(got.json.parent, 'PG1');
	assert.deepEqual(got.json.contributes_to, ['AX2']);
	assert.equal(got.json.attributes['Nom court'], 'NEUF');
	assert.equal((await elementsOf(FEDERATION)).length, count + 1);
});

test('POST without code, level and title, or with a taken code, is refused with 422', async () => {
	const count = (await elementsOf(FEDERATION)).length;
	const empty = assertProblem(await api('POST', `/api/v1/plans/${FEDERATION}/elements`, { body: {} }), 422, 'empty');
	assert.deepEqual(empty.errors.map((x) => x.field).sort(), ['code', 'level', 'title']);
	const taken = assertProblem(await api('POST', `/api/v1/plans/${FEDERATION}/elements`,
		{ body: { code: 'AX1', level: 'Axe', title: 'Doublon' } }), 422, 'taken code');
	assert.deepEqual(taken.errors.map((x) => x.field), ['code']);
	assertProblem(await api('POST', `/api/v1/plans/${FEDERATION}/elements`,
		{ body: { code: 'X', level: 'Axe', title: 'T', budget_cents: '3' } }), 400, 'wrong type');
	assertProblem(await api('POST', `/api/v1/plans/${FEDERATION}/elements`, { body: '{"code": "X"', type: 'application/json' }),
		400, 'malformed');
	assert.equal((await elementsOf(FEDERATION)).length, count);
});

test('a title holding <script> comes back as the same string in JSON', async () => {
	const title = '<script>alert(1)</script> & "guillemets" « français »';
	const r = await api('POST', `/api/v1/plans/${FEDERATION}/elements`,
		{ body: { code: 'XSS', level: 'Projet', title } });
	assert.equal(r.status, 201, r.text);
	assert.equal(r.json.title, title);
	assert.equal((await api('GET', r.headers.get('location'))).json.title, title);
	assert.equal((await byCode(FEDERATION, 'XSS')).title, title);
});

test('DELETE removes the element and its descendants', async () => {
	const elements = await elementsOf(FEDERATION);
	const program = elements.find((e) => e.code === 'PG2');
	const below = new Set([program.code]);
	for (const e of elements) if (e.parent && below.has(e.parent)) below.add(e.code); // depth-first order
	assert.ok(below.size > 1, 'PG2 has descendants');

	assertProblem(await api('DELETE', elementPath(FEDERATION, program), { headers: { 'If-Match': '"999"' } }),
		412, 'DELETE with a stale If-Match');
	assert.equal((await elementsOf(FEDERATION)).length, elements.length, 'nothing deleted on 412');

	const r = await api('DELETE', elementPath(FEDERATION, program), { headers: { 'If-Match': `"${program.version}"` } });
	assert.equal(r.status, 204, r.text);
	assert.equal(r.text, '');
	const after = await elementsOf(FEDERATION);
	assert.equal(after.length, elements.length - below.size);
	for (const e of after) assert.ok(!below.has(e.code), `${e.code} is gone`);
	assertProblem(await api('GET', elementPath(FEDERATION, program)), 404, 'deleted element');
	assert.equal((await api('GET', `/api/v1/plans/${FEDERATION}`)).json.element_count, after.length);

	const leaf = after.find((e) => e.code === 'P01');
	assert.equal((await api('DELETE', elementPath(FEDERATION, leaf))).status, 204, 'If-Match is optional');
	assert.equal((await elementsOf(FEDERATION)).length, after.length - 1);
});

/* ---- the server around the API --------------------------------------------------------- */

test('API responses carry the security headers', async () => {
	const responses = [
		await api('GET', '/api/v1/plans'),
		await api('GET', '/api/v1/plans/nope'),
		await api('GET', '/api/v1/openapi.json'),
		await patch(`/api/v1/plans/${FEDERATION}/elements/1`, { title: 'x' }),
	];
	for (const r of responses) {
		assert.match(r.headers.get('content-security-policy') || '', /default-src 'none'/);
		assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
	}
});

test('a body over the limit (33 MB) is refused with 413 and the server keeps serving', async () => {
	const big = new Uint8Array(33 * 1024 * 1024).fill(0x41);
	const r = await api('POST', '/api/v1/plans', { body: big, type: 'text/csv' });
	assertProblem(r, 413, '33 MB body');
	const alive = await api('GET', '/api/v1/plans');
	assert.equal(alive.status, 200);
});

test('the server stops on SIGTERM with status 0 and no sanitizer report', async () => {
	const { code, signal } = await server.stop();
	assert.equal(signal, null, `stopped by ${signal}\n${server.stderr()}`);
	assert.equal(code, 0, server.stderr());
	assert.doesNotMatch(server.stderr(), /Sanitizer|runtime error/);
});
