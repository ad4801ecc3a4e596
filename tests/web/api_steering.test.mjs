/*
 * api_steering.test.mjs — the steering part of the JSON API (src/web/api_steering.c)
 * against a real `jalon ui` server, through HTTP only: the hand-computed portfolio of
 * tests/cli/dashboard.sh (same CSV files, same expected figures), baselines (201 then
 * 409), an element's roll-up, an element's status and weather history, CSV imports
 * refused line by line (422), and the problems for an unknown baseline or a bad date.
 *
 * Node's built-in runner only (`node --test`, node >= 18, global fetch): no npm
 * package. One server on a fresh, empty database serves the whole file; tests run in
 * the order written and build on each other (the plan is imported by the first).
 * Every request goes to 127.0.0.1 only.
 *
 * Environment: JALON (the binary), SOURCE_ROOT (the source tree), set by meson.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const SOURCE_ROOT = process.env.SOURCE_ROOT || resolve(here, '..', '..');
const JALON = resolve(process.env.JALON || join(SOURCE_ROOT, 'build-dev', 'jalon'));

/* ---- the server ------------------------------------------------------------------- */

/* `jalon ui` on a fresh empty database; resolves once it has printed its address. */
async function startServer() {
	assert.ok(existsSync(JALON), `jalon binary not found at ${JALON} (set JALON)`);
	const dir = mkdtempSync(join(tmpdir(), 'jalon-api-steering-'));
	const db = join(dir, 'jalon.db');
	const env = { ...process.env, JALON_LANG: 'fr', LC_ALL: 'C.UTF-8' };
	for (const name of Object.keys(env)) if (/_proxy$/i.test(name)) delete env[name];
	execFileSync(JALON, ['--db', db, 'init'], { env, cwd: dir, stdio: 'pipe' });
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
	return {
		url,
		async stop() {
			if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
			let timer;
			const late = new Promise((done) => { timer = setTimeout(() => done(null), 15000); });
			const result = await Promise.race([exited, late]);
			clearTimeout(timer);
			if (result) return result;
			proc.kill('SIGKILL');
			await exited;
			return { code: null, signal: 'still running 15 s after SIGTERM (killed)' };
		},
		remove() { rmSync(dir, { recursive: true, force: true }); },
	};
}

let server;
before(async () => { server = await startServer(); });
after(async () => {
	if (!server) return;
	const { code, signal } = await server.stop();
	server.remove();
	assert.equal(code, 0, `the server stops with status 0 (${signal ?? ''})`);
});

/* ---- requests ------------------------------------------------------------------------ */

/* One request; body: an object (sent as JSON) or a string (sent as is, with type). */
async function api(method, path, { body, type } = {}) {
	const headers = {};
	let payload = body;
	if (body !== undefined && typeof body === 'object') {
		payload = JSON.stringify(body);
		type ??= 'application/json';
	}
	if (type) headers['Content-Type'] = type;
	const response = await fetch(`${server.url}${path}`, { method, headers, body: payload });
	const text = await response.text();
	const contentType = response.headers.get('content-type') || '';
	const json = /json/.test(contentType) && text ? JSON.parse(text) : undefined;
	return { status: response.status, headers: response.headers, text, json };
}

const csv = (method, path, text) => api(method, path, { body: text, type: 'text/csv; charset=utf-8' });

function assertOk(r, status, what) {
	assert.equal(r.status, status, `${what}: status (body: ${r.text})`);
	assert.equal(r.headers.get('content-type'), 'application/json', `${what}: content type`);
	return r.json;
}

/* A problem document (RFC 9457) with this status; returns it. */
function assertProblem(r, status, what) {
	assert.equal(r.status, status, `${what}: status (body: ${r.text})`);
	assert.equal(r.headers.get('content-type'), 'application/problem+json', `${what}: content type`);
	assert.equal(r.json.type, 'about:blank');
	assert.equal(r.json.status, status);
	assert.ok(typeof r.json.title === 'string' && r.json.title.length > 0, `${what}: title`);
	assert.ok(typeof r.json.detail === 'string' && r.json.detail.length > 0, `${what}: detail`);
	return r.json;
}

/* Equal to 6 decimal places (drifts are thirds and two-thirds of a percent). */
const round6 = (x) => Math.round(x * 1e6);

/* ---- the portfolio of tests/cli/dashboard.sh ------------------------------------------ */

const PLAN_CSV = `code;parent;niveau;intitule;debut;fin
A;;Axe;Usagers;;
P1;A;Projet;Portail;2025-01-01;2025-12-31
P2;A;Projet;Appli;2025-01-01;2025-06-30
B;;Axe;Infra;;
P3;B;Projet;Étude réseau;2025-03-01;2025-03-31
`;
const BUDGET_CSV = `code;annee;nature;source;prevu;engage;realise
P1;2025;investissement;État;100000;50000;20000
P1;2026;fonctionnement;ressources propres;50000;;
P2;2025;investissement;Région;50000;;
`;
const MILESTONES_CSV = `code;jalon;date_prevue;date_prevision;date_reelle;statut
P1;Recette;2025-06-30;2025-09-30;;
P2;MEP;2025-05-31;;2025-05-30;atteint
P3;Étude;2026-01-15;;;
`;

let plan; // the plan's id (slug), from the import
let elements; // code → element record
const planPath = (rest = '') => `/api/v1/plans/${plan}${rest}`;

test('the portfolio is imported through the API: plan, budget lines, milestones', async () => {
	const created = assertOk(await csv('POST', '/api/v1/plans?title=Portefeuille', PLAN_CSV), 201, 'plan');
	plan = created.id;
	assert.equal(created.element_count, 5);
	const list = assertOk(await api('GET', planPath('/elements')), 200, 'elements');
	elements = Object.fromEntries(list.map((e) => [e.code, e]));

	assert.deepEqual(assertOk(await csv('POST', planPath('/budget-lines'), BUDGET_CSV), 200, 'budget'),
		{ imported: 3, replaced: false });
	assert.deepEqual(assertOk(await csv('POST', planPath('/milestones'), MILESTONES_CSV), 200, 'milestones'),
		{ imported: 3, replaced: false });
});

test('GET budget-lines lists every line with its element code, amounts in cents', async () => {
	const lines = assertOk(await api('GET', planPath('/budget-lines')), 200, 'budget lines');
	assert.deepEqual(lines.map(({ id, element, version, ...rest }) => rest), [
		{ code: 'P1', year: 2025, nature: 'investissement', source: 'État',
			planned_cents: 10000000, committed_cents: 5000000, paid_cents: 2000000 },
		{ code: 'P1', year: 2026, nature: 'fonctionnement', source: 'ressources propres',
			planned_cents: 5000000, committed_cents: 0, paid_cents: 0 },
		{ code: 'P2', year: 2025, nature: 'investissement', source: 'Région',
			planned_cents: 5000000, committed_cents: 0, paid_cents: 0 },
	]);
	for (const l of lines) {
		assert.equal(typeof l.id, 'number');
		assert.equal(l.version, 1, 'a fresh line is at version 1');
		assert.equal(l.element, elements[l.code].id);
	}
});

test('GET milestones lists every milestone with ISO dates and its status', async () => {
	const ms = assertOk(await api('GET', planPath('/milestones')), 200, 'milestones');
	assert.deepEqual(ms.map((m) => [m.code, m.title, m.planned, m.forecast, m.actual, m.status]), [
		['P1', 'Recette', '2025-06-30', '2025-09-30', null, 'a-venir'],
		['P2', 'MEP', '2025-05-31', null, '2025-05-30', 'atteint'],
		['P3', 'Étude', '2026-01-15', null, null, 'a-venir'],
	]);
	for (const key of ['id', 'element', 'deliverable', 'validated_by', 'validated_on', 'minutes_ref', 'version'])
		assert.ok(key in ms[0], `milestone field ${key}`);
});

test('POST baselines takes one (201, Location, info), a second with the same name is 409', async () => {
	const r = await api('POST', planPath('/baselines'), { body: { name: 'adoption' } });
	const b = assertOk(r, 201, 'baseline');
	assert.equal(b.name, 'adoption');
	assert.equal(b.element_count, 5);
	assert.match(b.taken_at, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
	assert.equal(r.headers.get('location'), `/api/v1/plans/${plan}/baselines/adoption`);
	assert.deepEqual(assertOk(await api('GET', r.headers.get('location')), 200, 'Location'), b);

	const again = assertProblem(await api('POST', planPath('/baselines'), { body: { name: 'adoption' } }),
		409, 'same name');
	assert.match(again.detail, /adoption/);
	assert.deepEqual(assertOk(await api('GET', planPath('/baselines')), 200, 'list'), [b]);
});

test('POST baselines: a name needing encoding goes to Location encoded; bad bodies are 400 or 415', async () => {
	const r = await api('POST', planPath('/baselines'), { body: { name: 'révision 2' } });
	assertOk(r, 201, 'encoded name');
	assert.equal(r.headers.get('location'), `/api/v1/plans/${plan}/baselines/r%C3%A9vision%202`);
	assert.equal(assertOk(await api('GET', r.headers.get('location')), 200, 'Location').name, 'révision 2');

	assertProblem(await api('POST', planPath('/baselines'), { body: {} }), 400, 'no name');
	assertProblem(await api('POST', planPath('/baselines'), { body: { name: '  ' } }), 400, 'blank name');
	assertProblem(await api('POST', planPath('/baselines'), { body: { name: 3 } }), 400, 'name not a string');
	const unknown = assertProblem(await api('POST', planPath('/baselines'), { body: { name: 'x', at: 1 } }),
		400, 'unknown field');
	assert.equal(unknown.errors[0].field, 'at');
	assertProblem(await api('POST', planPath('/baselines'), { body: '{"name":', type: 'application/json' }),
		400, 'malformed JSON');
	assertProblem(await api('POST', planPath('/baselines'), { body: 'name=x', type: 'text/plain' }),
		415, 'not JSON');
	assertProblem(await api('GET', planPath('/baselines/nope')), 404, 'unknown baseline');
	assertProblem(await api('GET', '/api/v1/plans/nope/baselines'), 404, 'unknown plan');
});

test('a replace import raises P1\'s 2025 line to 110,000 €; the dashboard gives the hand-computed figures', async () => {
	const budget2 = BUDGET_CSV.replace('P1;2025;investissement;État;100000', 'P1;2025;investissement;État;110000');
	assert.deepEqual(assertOk(await csv('POST', planPath('/budget-lines?replace=true'), budget2), 200, 'replace'),
		{ imported: 3, replaced: true });
	assert.equal((await api('GET', planPath('/budget-lines'))).json.length, 3, 'replaced, not appended');

	const d = assertOk(await api('GET', planPath('/dashboard?baseline=adoption&today=2026-02-01')), 200, 'dashboard');
	assert.equal(d.plan, plan);
	assert.equal(d.today, '2026-02-01');
	assert.equal(d.baseline, 'adoption');
	assert.deepEqual([d.budget_planned_cents, d.budget_committed_cents, d.budget_paid_cents],
		[21000000, 5000000, 2000000], 'planned, committed, paid to the cent');
	assert.deepEqual([d.milestones, d.milestones_done, d.late_milestones], [3, 1, 2], 'milestones, done, late');
	// P1: 160,000 against 150,000 (+6.666…%), P2: 0 %; mean 3.333…%.
	assert.equal(round6(d.budget_drift_pct), 3333333, 'mean budget drift');
	assert.equal(d.budget_drift_elements, 2);
	assert.deepEqual([d.schedule_drift_pct, d.schedule_drift_elements], [0, 3]);
	assert.deepEqual(d.by_year.map((y) => [y.year, y.planned_cents]), [[2025, 16000000], [2026, 5000000]]);
	assert.deepEqual(d.by_source.map((s) => [s.source, s.planned_cents]),
		[['État', 11000000], ['ressources propres', 5000000], ['Région', 5000000]]);
	assert.deepEqual(d.branches.map((b) => [b.code, b.budget_planned_cents, b.late_milestones]),
		[['A', 21000000, 1], ['B', 0, 1]]);
	assert.deepEqual([d.start, d.end], ['2025-01-01', '2025-12-31']);

	const plain = assertOk(await api('GET', planPath('/dashboard?today=2026-02-01')), 200, 'no baseline');
	assert.deepEqual([plain.budget_drift_pct, plain.baseline], [null, null]);
});

test('the roll-up of P1: 160,000 € planned, budget drift 6.666…%, with its breakdowns', async () => {
	const p1 = elements.P1;
	const r = assertOk(await api('GET', planPath(`/elements/${p1.id}/rollup?baseline=adoption&today=2026-02-01`)),
		200, 'rollup');
	assert.equal(r.id, p1.id);
	assert.equal(r.code, 'P1');
	assert.equal(r.budget_planned_cents, 16000000);
	assert.equal(round6(r.budget_drift_pct), 6666667);
	assert.equal(r.schedule_drift_pct, 0);
	assert.deepEqual([r.milestones, r.milestones_done, r.late_milestones], [1, 0, 1]);
	assert.deepEqual(r.by_year.map((y) => [y.year, y.planned_cents]), [[2025, 11000000], [2026, 5000000]]);
	assert.deepEqual(r.by_nature.map((n) => [n.nature, n.planned_cents]),
		[['investissement', 11000000], ['fonctionnement', 5000000]]);
	assert.ok(Array.isArray(r.by_source));

	const a = assertOk(await api('GET', planPath(`/elements/${elements.A.id}/rollup?today=2026-02-01`)), 200, 'axis');
	assert.equal(a.budget_planned_cents, 21000000);
	assert.equal(a.budget_drift_pct, null, 'no baseline, no drift');
	assertProblem(await api('GET', planPath('/elements/999999/rollup')), 404, 'unknown element');
});

test('an unknown baseline is a 404 problem; a bad today is 400; an unknown plan is 404', async () => {
	const p = assertProblem(await api('GET', planPath('/dashboard?baseline=nope')), 404, 'unknown baseline');
	assert.match(p.detail, /nope/);
	assertProblem(await api('GET', planPath(`/elements/${elements.P1.id}/rollup?baseline=nope`)), 404,
		'unknown baseline (rollup)');
	const bad = assertProblem(await api('GET', planPath('/dashboard?today=2026-13-01')), 400, 'bad today');
	assert.equal(bad.errors[0].field, 'today');
	assertProblem(await api('GET', '/api/v1/plans/nope/dashboard'), 404, 'unknown plan');
});

test('PUT status sets progress, weather and phase; the weather history grows only on change', async () => {
	const path = planPath(`/elements/${elements.P2.id}/status`);
	const empty = assertOk(await api('GET', path), 200, 'status before');
	assert.deepEqual(empty, { id: elements.P2.id, code: 'P2', progress_pct: null, weather: null, phase: null,
		weather_history: [] });

	let s = assertOk(await api('PUT', path, { body: { progress_pct: 40, weather: 'nuage', phase: 'Recette',
		comment: 'retard du prestataire', reported_on: '2026-01-10' } }), 200, 'first PUT');
	assert.deepEqual([s.progress_pct, s.weather, s.phase], [40, 'nuage', 'recette'], 'phase spelled as the plan\'s list');
	assert.deepEqual(s.weather_history, [{ weather: 'nuage', reported_on: '2026-01-10', comment: 'retard du prestataire' }]);

	s = assertOk(await api('PUT', path, { body: { progress_pct: 60, weather: 'nuage', phase: 'recette',
		reported_on: '2026-01-20' } }), 200, 'same weather');
	assert.equal(s.progress_pct, 60);
	assert.equal(s.weather_history.length, 1, 'same weather: no new entry');

	s = assertOk(await api('PUT', path, { body: { progress_pct: 80, weather: 'soleil', phase: 'recette',
		comment: 'rattrapé', reported_on: '2026-02-01' } }), 200, 'new weather');
	assert.deepEqual(s.weather_history.map((w) => [w.weather, w.reported_on, w.comment]),
		[['nuage', '2026-01-10', 'retard du prestataire'], ['soleil', '2026-02-01', 'rattrapé']]);

	assert.deepEqual(assertOk(await api('GET', path), 200, 'GET after'), s, 'GET gives what PUT answered');
	const d = assertOk(await api('GET', planPath('/dashboard?today=2026-02-01')), 200, 'dashboard');
	assert.equal(d.branches.find((b) => b.code === 'A').weather, 'soleil', 'the weather rolls up');

	// Null clears the fields; the history stays.
	s = assertOk(await api('PUT', path, { body: { progress_pct: null, weather: null, phase: null } }), 200, 'clear');
	assert.deepEqual([s.progress_pct, s.weather, s.phase, s.weather_history.length], [null, null, null, 2]);
});

test('PUT status refuses bad values: 400 for a wrong type or field, 422 for a broken rule, 415', async () => {
	const path = planPath(`/elements/${elements.P3.id}/status`);
	const typed = assertProblem(await api('PUT', path, { body: { progress_pct: '50' } }), 400, 'string progress');
	assert.equal(typed.errors[0].field, 'progress_pct');
	assert.equal(assertProblem(await api('PUT', path, { body: { mood: 1 } }), 400, 'unknown field').errors[0].field, 'mood');
	const rules = assertProblem(await api('PUT', path, { body: { progress_pct: 120, weather: 'grêle',
		reported_on: '2026-02-30' } }), 422, 'broken rules');
	assert.deepEqual(rules.errors.map((e) => e.field).sort(), ['progress_pct', 'reported_on', 'weather']);
	const phase = assertProblem(await api('PUT', path, { body: { phase: 'inconnue' } }), 422, 'unknown phase');
	assert.equal(phase.errors[0].field, 'phase');
	assertProblem(await api('PUT', path, { body: 'x', type: 'text/plain' }), 415, 'not JSON');
	assert.deepEqual(assertOk(await api('GET', path), 200, 'unchanged').weather_history, [], 'nothing written');
	assertProblem(await api('PUT', planPath('/elements/999999/status'), { body: {} }), 404, 'unknown element');
});

test('CSV imports with errors are refused with 422 naming each line; nothing is imported', async () => {
	const before = (await api('GET', planPath('/milestones'))).json.length;
	const badMilestones = `code;jalon;date_prevue;date_prevision;date_reelle;statut
P1;Ok;2025-06-30;;;
ZZ;Inconnu;2025-06-30;;;
P2;Date;2025-02-30;;;
`;
	const p = assertProblem(await csv('POST', planPath('/milestones'), badMilestones), 422, 'milestones');
	const lines = p.errors.map((e) => e.line);
	assert.ok(lines.includes(3) && lines.includes(4), `lines 3 and 4 named (${JSON.stringify(p.errors)})`);
	assert.ok(!lines.includes(2), 'the good line is not');
	assert.equal((await api('GET', planPath('/milestones'))).json.length, before, 'nothing imported');

	const badBudget = `code;annee;nature;source;prevu;engage;realise
P1;2027;investissement;Mécène;1000;;
P2;2027;loisir;État;abc;;
`;
	const b = assertProblem(await csv('POST', planPath('/budget-lines?replace=true'), badBudget), 422, 'budget');
	assert.ok(b.errors.some((e) => e.line === 2) && b.errors.some((e) => e.line === 3),
		`lines 2 and 3 named (${JSON.stringify(b.errors)})`);
	assert.equal((await api('GET', planPath('/budget-lines'))).json.length, 3, 'nothing replaced');

	assertProblem(await api('POST', planPath('/budget-lines'), { body: 'code=P1', type: 'text/plain' }), 415, 'text body');
	// A JSON body creates one line (api_items.test.mjs): code is read-only there.
	assertProblem(await api('POST', planPath('/budget-lines'), { body: { code: 'P1' } }), 400, 'JSON body');
	assertProblem(await csv('POST', planPath('/budget-lines?replace=yes'), BUDGET_CSV), 400, 'replace=yes');
	assertProblem(await csv('POST', '/api/v1/plans/nope/milestones', MILESTONES_CSV), 404, 'unknown plan');
});
