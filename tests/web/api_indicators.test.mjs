/*
 * api_indicators.test.mjs — a plan's indicators in the JSON API (src/web/api_indicators.c)
 * against a real `jalon ui` server, through HTTP only, on a small hand-computed
 * catalogue (the one of tests/cli/indicators.sh, docs/indicators.md's rules): the
 * catalogue and measurements imported from CSV (refused files write nothing), each
 * status as computed by hand, a measurement put from JSON that changes a status, a
 * correction keeping the previous value, a deletion with If-Match, a computed
 * indicator changing when a milestone is marked reached, and 400/404/415/422 answers.
 *
 * Node's built-in runner only. One server (tests/web/lib.mjs) serves the whole file;
 * the tests run in the order written, building on each other.
 *
 * Environment: JALON (the binary), SOURCE_ROOT (the source tree), set by meson.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { userInfo } from 'node:os';
import { after, before, test } from 'node:test';

import { apiRequest, assertOk, startServer, stopServer } from './lib.mjs';

let server;
before(async () => { server = await startServer(); });
after(async () => { if (server) await stopServer(server); });

/* ---- requests ------------------------------------------------------------------------- */

/* One request; body: an object (sent as JSON) or a string (sent as is, with type). */
const api = (method, path, options) => apiRequest(server, method, path, options);

/* A problem document (RFC 9457) with this status; returns it. */
function assertProblem(r, status, what) {
	assert.equal(r.status, status, `${what}: status (body: ${r.text})`);
	assert.equal(r.headers.get('content-type'), 'application/problem+json', `${what}: content type`);
	assert.equal(r.json.type, 'about:blank');
	assert.equal(r.json.status, status);
	assert.ok(typeof r.json.detail === 'string' && r.json.detail.length > 0, `${what}: detail`);
	return r.json;
}

const fields = (problem) => problem.errors.map((e) => e.field).sort();
const lines = (problem) => problem.errors.filter((e) => e.line).map((e) => e.line).sort((a, b) => a - b);
const near = (actual, expected, what) =>
	assert.ok(Math.abs(actual - expected) < 1e-6, `${what}: ${actual} ≈ ${expected}`);

const CSV = 'text/csv; charset=utf-8';
const PLAN_CSV = `code;parent;niveau;intitule;debut;fin
A;;Axe;Usagers;;
P1;A;Projet;Portail;2025-01-01;2025-12-31
`;
const MILESTONES_CSV = `code;jalon;date_prevue;date_prevision;date_reelle;statut
P1;Cahier des charges;2025-03-31;;2025-03-28;atteint
P1;Recette;2025-09-30;;;
`;
/* I1: higher is better, 20 on 01/01/2025 to 60 on 01/01/2026 (365 days), tolerance 5.
 * I2: lower is better, 30 to 10 over the same year, tolerance 2, quarterly.
 * I3: never measured, 50 to 80 over 1095 days, yearly.
 * I4: computed, milestones reached / planned, 0 to 100 over 2025, tolerance 10. */
const CATALOGUE_CSV = `code;nom;famille;unite;sens;frequence;valeur_initiale;date_initiale;cible;date_cible;tolerance;elements;formule
I1;Taux de dématérialisation;adoption et satisfaction;%;hausse;mensuelle;20;2025-01-01;60;2026-01-01;5;P1;
I2;Délai de traitement;performance opérationnelle;jours;baisse;trimestrielle;30;2025-01-01;10;2026-01-01;2;;
I3;Satisfaction;adoption et satisfaction;%;hausse;annuelle;50;2025-01-01;80;2028-01-01;5;;
I4;Jalons atteints;suivi de projet;%;hausse;mensuelle;0;2025-01-01;100;2026-01-01;10;;jalons-atteints
`;
/* Out of order on purpose; I2's 23,5 in the French format. */
const MEASUREMENTS_CSV = `code;date;valeur;commentaire
I1;2025-07-02;38;enquête de juin
I2;2025-07-02;23,5;
I1;2025-04-01;30;
`;

let plan;
const planPath = (rest = '') => `/api/v1/plans/${plan}${rest}`;
const board = async (query = '?today=2025-07-20') => {
	const list = assertOk(await api('GET', planPath(`/indicators${query}`)), 200, `board ${query}`);
	return Object.fromEntries(list.map((i) => [i.code, i]));
};

test('a small plan with two milestones is imported', async () => {
	plan = assertOk(await api('POST', '/api/v1/plans?title=Indicateurs', { body: PLAN_CSV, type: CSV }),
		201, 'plan').id;
	assertOk(await api('POST', planPath('/milestones'), { body: MILESTONES_CSV, type: CSV }), 200, 'milestones');
	assert.deepEqual(assertOk(await api('GET', planPath('/indicators')), 200, 'no indicator yet'), []);
});

test('a refused catalogue answers 422 with its lines and writes nothing', async () => {
	const bad = 'code;nom;famille;unite;sens;frequence;valeur_initiale;date_initiale;cible;date_cible;elements\n' +
		'X1;X;famille inconnue;%;vers le haut;hebdo;a;2025-13-01;1;2025-01-01;ZZ\n';
	const problem = assertProblem(await api('POST', planPath('/indicators'), { body: bad, type: CSV }), 422,
		'bad catalogue');
	assert.ok(lines(problem).length >= 1 && lines(problem).every((l) => l === 2), 'errors on line 2');
	assert.match(problem.detail, /rien n'a été importé/);
	assert.deepEqual(assertOk(await api('GET', planPath('/indicators')), 200, 'after'), [], 'nothing written');
});

test('POST indicators imports the catalogue: 201 with counts', async () => {
	const r = assertOk(await api('POST', planPath('/indicators'), { body: CATALOGUE_CSV, type: CSV }), 201,
		'catalogue');
	assert.deepEqual(r, { imported: 4, created: 4, updated: 0, deleted: 0, replaced: false });
	const again = assertOk(await api('POST', planPath('/indicators?replace=false'),
		{ body: CATALOGUE_CSV, type: CSV }), 201, 'again');
	assert.deepEqual(again, { imported: 4, created: 0, updated: 4, deleted: 0, replaced: false },
		'the same codes update');
	const b = await board();
	assert.deepEqual(Object.keys(b), ['I1', 'I2', 'I3', 'I4'], 'in the catalogue order');
	const i1 = b.I1;
	assert.equal(i1.name, 'Taux de dématérialisation');
	assert.equal(i1.family, 'adoption et satisfaction');
	assert.equal(i1.unit, '%');
	assert.equal(i1.direction, 'hausse');
	assert.equal(i1.frequency, 'mensuelle');
	assert.equal(i1.formula, null);
	assert.deepEqual(i1.elements, ['P1']);
	assert.deepEqual(i1.baseline, { date: '2025-01-01', value: 20 });
	assert.deepEqual(i1.targets, [{ date: '2026-01-01', value: 60 }]);
	assert.equal(i1.tolerance, 5);
	assert.equal(b.I2.direction, 'baisse');
	assert.deepEqual(b.I2.elements, [], 'no element: the whole plan');
	assert.equal(b.I4.formula, 'jalons-atteints');
	for (const code of ['I1', 'I2', 'I3'])
		assert.equal(b[code].status, 'no_data', `${code} has no measurement yet`);
});

test('a refused measurements file answers 422 with every line and writes nothing', async () => {
	const bad = 'code;date;valeur;commentaire\nI1;2025-08-01;abc;\nI9;2025-08-01;3;\nI4;2025-08-01;10;\n';
	const problem = assertProblem(await api('POST', planPath('/measurements'), { body: bad, type: CSV }), 422,
		'bad measurements');
	assert.deepEqual(lines(problem), [2, 3, 4], 'bad number, unknown indicator, computed indicator');
	assert.match(problem.detail, /^3 erreurs/);
	assert.equal((await board()).I1.latest_value, null, 'nothing written');
});

test('measurements imported from CSV give the statuses computed by hand', async () => {
	assert.deepEqual(assertOk(await api('POST', planPath('/measurements'), { body: MEASUREMENTS_CSV, type: CSV }),
		201, 'measurements'), { imported: 3 });
	const b = await board();
	// I1 at 02/07/2025 (182 days): expected 20 + 40 × 182/365 = 39.95; 38 is 1.95 short ≤ 5.
	assert.equal(b.I1.status, 'on_track');
	assert.equal(b.I1.latest_value, 38, 'the latest by date, not by line');
	assert.equal(b.I1.latest_date, '2025-07-02');
	near(b.I1.expected_today, 20 + 40 * 200 / 365, 'I1 expected on 20/07/2025');
	assert.equal(b.I1.trend, 'improving', '30 then 38, higher is better');
	// I2: expected 30 − 20 × 182/365 = 20.03; 23.5 is 3.47 above, more than 2, at most 4.
	assert.equal(b.I2.status, 'at_risk');
	assert.equal(b.I2.latest_value, 23.5);
	assert.equal(b.I3.status, 'no_data');
	assert.equal(b.I3.latest_value, null);
	near(b.I3.expected_today, 50 + 30 * 200 / 1095, 'I3 expected on 20/07/2025');
	// I4: 1 milestone reached of 2 = 50 %; expected 100 × 200/365 = 54.8; 4.8 ≤ 10.
	assert.equal(b.I4.latest_value, 50);
	assert.equal(b.I4.latest_date, null, 'a computed value is today\'s');
	assert.equal(b.I4.status, 'on_track');
	// Measured on 02/07/2025: the monthly I1 is due after 02/08, the quarterly I2 after
	// 02/10; a computed indicator is never due.
	assert.deepEqual(['I1', 'I2', 'I4'].map((c) => b[c].update_due), [false, false, false],
		'nothing measured is due on 20/07/2025');
	const later = await board('?today=2025-10-15');
	assert.deepEqual(['I1', 'I2', 'I4'].map((c) => later[c].update_due), [true, true, false],
		'monthly and quarterly measurements due on 15/10/2025');

	assert.deepEqual(Object.keys(await board('?today=2025-07-20&status=at_risk')), ['I2'], 'status filter');
	assert.deepEqual(Object.keys(await board('?today=2025-07-20&status=no_data,at_risk')), ['I2', 'I3'],
		'several statuses');
});

test('each indicator carries its value at the last committee held', async () => {
	assert.equal((await board()).I1.last_committee, null, 'no meeting yet');
	// A COPIL held on 01/07/2025 and another only planned on 15/07 (written straight into
	// the database: the committees' own API is tested elsewhere).
	execFileSync('sqlite3', [server.db, `
		INSERT INTO instance (plan_id, kind, name, position)
			SELECT id, 'pilotage', 'COPIL SDN', 0 FROM plan WHERE slug = '${plan}';
		INSERT INTO meeting (instance_id, held_on, status)
			SELECT id, '2025-07-01', 'tenue' FROM instance WHERE name = 'COPIL SDN'
			UNION ALL SELECT id, '2025-07-15', 'prevue' FROM instance WHERE name = 'COPIL SDN';`]);
	const b = await board();
	// I1's value then is that of 01/04 (the 02/07 one came after); I4's the point of its
	// series on 30/06 (1 of 2 milestones reached); I2 had none.
	assert.deepEqual(b.I1.last_committee, { date: '2025-07-01', instance: 'COPIL SDN',
		value: { date: '2025-04-01', value: 30 } });
	assert.deepEqual(b.I4.last_committee.value, { date: '2025-06-30', value: 50 });
	assert.deepEqual(b.I2.last_committee, { date: '2025-07-01', instance: 'COPIL SDN', value: null });
	assert.equal((await board('?today=2025-06-30')).I1.last_committee, null, 'before the meeting');
});

let added; // the measurement put from JSON below
let addedEtag;

test('a measurement put from JSON changes a status: 201 with its ETag', async () => {
	// I2 on 15/07/2025 (195 days): expected 30 − 20 × 195/365 = 19.32; 20 is 0.68 above ≤ 2.
	const r = await api('POST', planPath('/measurements'), { body: { indicator: 'I2', date: '2025-07-15',
		value: 20, comment: ' relevé ', source: 'GRC' } });
	added = assertOk(r, 201, 'put');
	// Entered by the local user of `jalon ui` (the system user running the server).
	assert.deepEqual({ ...added, id: 0 }, { id: 0, indicator: 'I2', date: '2025-07-15',
		value: 20, comment: 'relevé', source: 'GRC', entered_by: userInfo().username,
		version: added.version, revisions: [] });
	addedEtag = r.headers.get('etag');
	assert.equal(addedEtag, `"v${added.id}-${added.version}"`);
	const b = await board();
	assert.equal(b.I2.status, 'on_track', 'at risk before, on track now');
	assert.equal(b.I2.latest_value, 20);
	assert.equal(b.I2.trend, 'improving', '23.5 then 20, lower is better');
});

test('a measurement on an existing date corrects it (200) and keeps the previous value', async () => {
	const r = await api('POST', planPath('/measurements'), { body: { indicator: 'I1', date: '2025-07-02',
		value: 41, comment: 'corrigé' } });
	const fixed = assertOk(r, 200, 'correction');
	assert.equal(fixed.value, 41);
	assert.equal(fixed.comment, 'corrigé');
	assert.equal(fixed.revisions.length, 1);
	assert.equal(fixed.revisions[0].value, 38, 'the previous value is kept');
	assert.equal(fixed.revisions[0].comment, 'enquête de juin');
	assert.equal(r.headers.get('etag'), `"v${fixed.id}-${fixed.version}"`);

	const one = assertOk(await api('GET', planPath('/indicators/I1?today=2025-07-20')), 200, 'GET I1');
	assert.equal(one.code, 'I1');
	assert.equal(one.series, undefined, 'a measured indicator has no series');
	assert.equal(one.latest_value, 41, 'the corrected value is the latest');
	assert.equal(one.status, 'on_track');
	assert.deepEqual(one.measurements.map((m) => [m.date, m.value]), [['2025-04-01', 30], ['2025-07-02', 41]],
		'no new measurement, by date');
	assert.deepEqual(one.measurements[1], fixed, 'the same as answered');
	assert.deepEqual(one.measurements[0].revisions, []);
});

test('DELETE a measurement: 412 when If-Match is stale, 204, then 404', async () => {
	const path = planPath(`/measurements/${added.id}`);
	const stale = `"v${added.id}-${added.version + 1}"`;
	assertProblem(await api('DELETE', path, { headers: { 'If-Match': stale } }), 412, 'stale');
	assert.equal((await board()).I2.latest_value, 20, 'nothing deleted');
	const r = await api('DELETE', path, { headers: { 'If-Match': addedEtag } });
	assert.equal(r.status, 204, `DELETE (body: ${r.text})`);
	assert.equal(r.text, '');
	const b = await board();
	assert.equal(b.I2.latest_value, 23.5);
	assert.equal(b.I2.status, 'at_risk', 'back at risk');
	assertProblem(await api('DELETE', path), 404, 'already deleted');
	assertProblem(await api('DELETE', planPath('/measurements/abc')), 404, 'not a number');
	const i1 = assertOk(await api('GET', planPath('/indicators/I1')), 200, 'I1');
	assertProblem(await api('DELETE', `/api/v1/plans/demo/measurements/${i1.measurements[0].id}`), 404,
		'another plan\'s measurement');
});

test('a computed indicator changes when a milestone is marked reached', async () => {
	// At 15/10/2025 (287 days): expected 100 × 287/365 = 78.6; 50 is 28.6 short > 2 × 10.
	const before = await board('?today=2025-10-15');
	assert.equal(before.I4.latest_value, 50);
	assert.equal(before.I4.status, 'off_track');
	const milestones = assertOk(await api('GET', planPath('/milestones')), 200, 'milestones');
	const recette = milestones.find((m) => m.title === 'Recette');
	const got = await api('GET', planPath(`/milestones/${recette.id}`));
	assertOk(got, 200, 'GET milestone');
	assertOk(await api('PATCH', planPath(`/milestones/${recette.id}`), { body: { status: 'atteint',
		actual: '2025-09-30' }, headers: { 'If-Match': got.headers.get('etag') } }), 200, 'PATCH');
	const now = await board('?today=2025-10-15');
	assert.equal(now.I4.latest_value, 100, '2 milestones reached of 2');
	assert.equal(now.I4.status, 'on_track');
	const one = assertOk(await api('GET', planPath('/indicators/I4?today=2025-10-15')), 200, 'GET I4');
	assert.equal(one.latest_value, 100);
	assert.deepEqual(one.measurements, []);
	// Its series, reconstructed from the milestones' actual dates: monthly from the
	// baseline date (01/01/2025), the end of each month before today, then today.
	// Reached: the specification on 28/03, the acceptance on 30/09 — of 2.
	assert.deepEqual(one.series, [
		['2025-01-31', 0], ['2025-02-28', 0], ['2025-03-31', 50], ['2025-04-30', 50],
		['2025-05-31', 50], ['2025-06-30', 50], ['2025-07-31', 50], ['2025-08-31', 50],
		['2025-09-30', 100], ['2025-10-15', 100],
	].map(([date, value]) => ({ date, value })), 'I4 series');
});

test('refused measurements from JSON: 422 by field, 400 for a wrong type or field', async () => {
	const post = (body) => api('POST', planPath('/measurements'), { body });
	assert.deepEqual(fields(assertProblem(await post({ indicator: 'I9', date: '2025-08-01', value: 1 }), 422,
		'unknown indicator')), ['indicator']);
	const computed = assertProblem(await post({ indicator: 'I4', date: '2025-08-01', value: 1 }), 422, 'computed');
	assert.deepEqual(fields(computed), ['indicator']);
	assert.deepEqual(fields(assertProblem(await post({ indicator: 'I1', date: '2025-02-30', value: 1 }), 422,
		'no such date')), ['date']);
	assert.deepEqual(fields(assertProblem(await post({ indicator: 'I1' }), 422, 'missing')), ['date', 'value']);
	assert.deepEqual(fields(assertProblem(await post({ indicator: 'I1', date: '2025-08-01', value: '12' }), 400,
		'value as text')), ['value']);
	assert.deepEqual(fields(assertProblem(await post({ indicator: 'I1', date: '2025-08-01', value: 1, colour: 1 }),
		400, 'unknown field')), ['colour']);
	assert.deepEqual(fields(assertProblem(await post({ indicator: 'I1', date: '2025-08-01', value: 1, id: 3 }),
		400, 'read-only field')), ['id']);
	assertProblem(await api('POST', planPath('/measurements'), { body: '{"indicator":', type: 'application/json' }),
		400, 'bad JSON');
	const one = assertOk(await api('GET', planPath('/indicators/I1')), 200, 'I1');
	assert.equal(one.measurements.length, 2, 'nothing written');
});

test('400, 404 and 415 answers', async () => {
	assert.deepEqual(fields(assertProblem(await api('GET', planPath('/indicators?today=2025-13-01')), 400,
		'bad today')), ['today']);
	assertProblem(await api('GET', planPath('/indicators/I1?today=demain')), 400, 'bad today for one');
	assert.deepEqual(fields(assertProblem(await api('GET', planPath('/indicators?status=green')), 400,
		'bad status')), ['status']);
	assert.deepEqual(fields(assertProblem(await api('POST', planPath('/indicators?replace=oui'),
		{ body: CATALOGUE_CSV, type: CSV }), 400, 'bad replace')), ['replace']);
	assertProblem(await api('GET', '/api/v1/plans/nope/indicators'), 404, 'unknown plan');
	assertProblem(await api('GET', planPath('/indicators/I9')), 404, 'unknown indicator');
	assertProblem(await api('GET', '/api/v1/plans/demo/indicators/I1'), 404, 'another plan\'s indicator');
	assertProblem(await api('POST', '/api/v1/plans/nope/measurements', { body: MEASUREMENTS_CSV, type: CSV }),
		404, 'measurements of an unknown plan');
	assertProblem(await api('POST', planPath('/indicators'), { body: { code: 'I5' } }), 415, 'catalogue as JSON');
	assertProblem(await api('POST', planPath('/measurements'), { body: 'I1;2025-08-01;3', type: 'text/plain' }),
		415, 'measurements as text/plain');
});

test('replace=true deletes the indicators missing from the file', async () => {
	const only = CATALOGUE_CSV.split('\n').slice(0, 2).join('\n') + '\n';
	assert.deepEqual(assertOk(await api('POST', planPath('/indicators?replace=true'), { body: only, type: CSV }),
		201, 'replace'), { imported: 1, created: 0, updated: 1, deleted: 3, replaced: true });
	assert.deepEqual(Object.keys(await board()), ['I1']);
	assertProblem(await api('GET', planPath('/indicators/I2')), 404, 'I2 deleted');
});

test('the OpenAPI document lists the indicator routes', async () => {
	const doc = assertOk(await api('GET', '/api/v1/openapi.json'), 200, 'openapi');
	for (const [path, method] of [['/indicators', 'get'], ['/indicators', 'post'], ['/indicators/{indicator}', 'get'],
		['/measurements', 'post'], ['/measurements/{measurement}', 'delete']])
		assert.ok(doc.paths[`/api/v1/plans/{plan}${path}`]?.[method], `${method.toUpperCase()} ${path} documented`);
});
