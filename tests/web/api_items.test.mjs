/*
 * api_items.test.mjs — the steering items of the JSON API one at a time
 * (src/web/api_items.c) against a real `jalon ui` server, through HTTP only:
 * milestones, budget lines and risks created, read, changed (If-Match: 428 without,
 * 412 when stale) and deleted; refused values (400 wrong type or field, 415, 422 with
 * the field named); 404 for another plan's item; dependencies with a cycle refused and
 * a violation reported in days; an element's qualification; the plan's lists; and the
 * change journal showing old and new values.
 *
 * Node's built-in runner only. One server (tests/web/lib.mjs: a fresh database holding
 * the demo and regional plans) serves the whole file; a small plan with known dates is
 * imported by the first test, and the tests run in the order written, building on each
 * other. Every request goes to 127.0.0.1 only.
 *
 * Environment: JALON (the binary), SOURCE_ROOT (the source tree), set by meson.
 */
import assert from 'node:assert/strict';
import { userInfo } from 'node:os';
import { after, before, test } from 'node:test';

import { apiRequest, assertOk, assertProblem, startServer, stopServer } from './lib.mjs';

let server;
before(async () => { server = await startServer(); });
after(async () => { if (server) await stopServer(server); });

/* ---- requests ------------------------------------------------------------------------- */

/* One request; body: an object (sent as JSON) or a string (sent as is, with type). */
const api = (method, path, options) => apiRequest(server, method, path, options);

/* The fields a 4xx problem names, sorted. */
const fields = (problem) => problem.errors.map((e) => e.field).sort();

const PLAN_CSV = `code;parent;niveau;intitule;debut;fin
A;;Axe;Usagers;;
P1;A;Projet;Portail;2025-01-01;2025-12-31
P2;A;Projet;Appli;2025-06-01;2025-09-30
P3;A;Projet;Étude;2026-01-01;2026-03-31
`;

let plan; // the imported plan's slug
let el; // code → element record
let demo; // the demo plan's first element
const planPath = (rest = '') => `/api/v1/plans/${plan}${rest}`;
const days = (from, to) => (Date.parse(to) - Date.parse(from)) / 86400000;

test('a small plan is imported through the API next to the demo and regional plans', async () => {
	const created = assertOk(await api('POST', '/api/v1/plans?title=Suivi', { body: PLAN_CSV,
		type: 'text/csv; charset=utf-8' }), 201, 'plan');
	plan = created.id;
	const list = assertOk(await api('GET', planPath('/elements')), 200, 'elements');
	el = Object.fromEntries(list.map((e) => [e.code, e]));
	demo = assertOk(await api('GET', '/api/v1/plans/demo/elements'), 200, 'demo elements')[0];
	assert.ok(el.P1 && el.P2 && el.P3 && demo);
});

/* ---- milestones --------------------------------------------------------------------------- */

let milestone; // the milestone created below, as last answered
let milestoneEtag;

test('POST milestones with JSON creates one: 201, Location, ETag, version 1', async () => {
	const r = await api('POST', planPath('/milestones'), { body: { element: el.P1.id, title: ' Recette ',
		planned: '2025-06-30', deliverable: 'PV de recette', validated_by: 'COPIL' } });
	milestone = assertOk(r, 201, 'create');
	assert.deepEqual({ ...milestone, id: 0 }, { id: 0, element: el.P1.id, code: 'P1', title: 'Recette',
		planned: '2025-06-30', forecast: null, actual: null, status: 'a-venir', deliverable: 'PV de recette',
		validated_by: 'COPIL', validated_on: null, minutes_ref: null, version: 1 });
	assert.equal(r.headers.get('location'), `/api/v1/plans/${plan}/milestones/${milestone.id}`);
	milestoneEtag = r.headers.get('etag');
	assert.equal(milestoneEtag, `"m${milestone.id}-1"`);

	const got = await api('GET', r.headers.get('location'));
	assert.deepEqual(assertOk(got, 200, 'GET'), milestone);
	assert.equal(got.headers.get('etag'), milestoneEtag);
	const same = await api('GET', r.headers.get('location'), { headers: { 'If-None-Match': milestoneEtag } });
	assert.equal(same.status, 304, 'If-None-Match with the current ETag');
	const list = assertOk(await api('GET', planPath('/milestones')), 200, 'list');
	assert.deepEqual(list.find((m) => m.id === milestone.id), milestone, 'listed with its version');
});

test('PATCH milestone: 428 without If-Match or with *, 200 with it, 412 when stale', async () => {
	const path = planPath(`/milestones/${milestone.id}`);
	const change = { forecast: '2025-09-30', deliverable: null };
	assertProblem(await api('PATCH', path, { body: change }), 428, 'no If-Match');
	assertProblem(await api('PATCH', path, { body: change, headers: { 'If-Match': '*' } }), 428, 'If-Match: *');
	assertProblem(await api('PATCH', path, { body: change, headers: { 'If-Match': `W/${milestoneEtag}` } }),
		412, 'a weak ETag never matches');

	const r = await api('PATCH', path, { body: change, headers: { 'If-Match': milestoneEtag } });
	const patched = assertOk(r, 200, 'PATCH');
	assert.deepEqual(patched, { ...milestone, forecast: '2025-09-30', deliverable: null, version: 2 },
		'only the given fields change; null clears');
	assert.equal(r.headers.get('etag'), `"m${milestone.id}-2"`);

	const stale = assertProblem(await api('PATCH', path, { body: { title: 'Autre' },
		headers: { 'If-Match': milestoneEtag } }), 412, 'stale ETag');
	assert.match(stale.detail, /entre-temps/);
	assert.deepEqual(assertOk(await api('GET', path), 200, 'after 412'), patched, 'nothing written');
	milestone = patched;
	milestoneEtag = r.headers.get('etag');
});

test('milestone values: 422 names each broken field, 400 for a wrong type or field', async () => {
	const path = planPath(`/milestones/${milestone.id}`);
	const ifMatch = { 'If-Match': milestoneEtag };
	const reached = assertProblem(await api('PATCH', path, { body: { status: 'atteint' }, headers: ifMatch }),
		422, 'reached without an actual date');
	assert.deepEqual(fields(reached), ['actual']);
	const dates = assertProblem(await api('PATCH', path, { body: { planned: '2025-02-30', status: 'fini' },
		headers: ifMatch }), 422, 'bad date and status');
	assert.deepEqual(fields(dates), ['planned', 'status']);
	const empty = assertProblem(await api('POST', planPath('/milestones'), { body: {} }), 422, 'empty create');
	assert.deepEqual(fields(empty), ['element', 'planned', 'title']);

	const typed = assertProblem(await api('PATCH', path, { body: { title: 3 }, headers: ifMatch }), 400, 'title 3');
	assert.deepEqual(fields(typed), ['title']);
	const unknown = assertProblem(await api('PATCH', path, { body: { colour: 'red' }, headers: ifMatch }),
		400, 'unknown field');
	assert.deepEqual(fields(unknown), ['colour']);
	const readOnly = assertProblem(await api('PATCH', path, { body: { version: 9 }, headers: ifMatch }),
		400, 'read-only field');
	assert.match(readOnly.detail, /lecture seule/);
	assertProblem(await api('POST', planPath('/milestones'), { body: { element: String(el.P1.id), title: 'x',
		planned: '2025-01-01' } }), 400, 'element as a string');
	assertProblem(await api('PATCH', path, { body: 'title=x', type: 'text/plain', headers: ifMatch }), 415, 'PATCH text');
	assertProblem(await api('POST', planPath('/milestones'), { body: 'x', type: 'text/plain' }), 415, 'POST text');
	assert.equal(assertOk(await api('GET', path), 200, 'unchanged').version, 2, 'nothing written');

	// The CSV import still works on the same address.
	assert.deepEqual(assertOk(await api('POST', planPath('/milestones'), { body:
		'code;jalon;date_prevue\nP3;Synthèse;2026-03-15\n', type: 'text/csv' }), 200, 'CSV import'),
	{ imported: 1, replaced: false });
	const reachedOk = assertOk(await api('PATCH', path, { body: { status: 'atteint', actual: '2025-09-15' },
		headers: ifMatch }), 200, 'reached with its date');
	assert.deepEqual([reachedOk.status, reachedOk.actual, reachedOk.version], ['atteint', '2025-09-15', 3]);
	milestone = reachedOk;
	milestoneEtag = `"m${milestone.id}-3"`;
});

test('an item of another plan is 404 under this one, and an unknown plan is 404', async () => {
	const r = await api('POST', '/api/v1/plans/demo/milestones', { body: { element: demo.id, title: 'Ailleurs',
		planned: '2026-01-01' } });
	const other = assertOk(r, 201, 'milestone of the demo plan');
	const any = { 'If-Match': r.headers.get('etag') };
	assertProblem(await api('GET', planPath(`/milestones/${other.id}`)), 404, 'GET');
	assertProblem(await api('PATCH', planPath(`/milestones/${other.id}`), { body: { title: 'x' }, headers: any }),
		404, 'PATCH');
	assertProblem(await api('DELETE', planPath(`/milestones/${other.id}`)), 404, 'DELETE');
	assertProblem(await api('GET', `/api/v1/plans/demo/milestones/${milestone.id}`), 404, 'and the other way');
	assertProblem(await api('GET', planPath('/milestones/abc')), 404, 'not a number');
	assertProblem(await api('GET', '/api/v1/plans/nope/risks'), 404, 'unknown plan');
	// An element of the other plan cannot carry a milestone of this one.
	const foreign = assertProblem(await api('POST', planPath('/milestones'), { body: { element: demo.id,
		title: 'x', planned: '2026-01-01' } }), 422, 'element of another plan');
	assert.deepEqual(fields(foreign), ['element']);
	assert.equal(assertOk(await api('GET', `/api/v1/plans/demo/milestones/${other.id}`), 200, 'still there').title,
		'Ailleurs');
});

/* ---- budget lines ---------------------------------------------------------------------------- */

let line;
let lineEtag;

test('POST budget-lines with JSON creates a line; the source takes the list\'s spelling', async () => {
	const r = await api('POST', planPath('/budget-lines'), { body: { element: el.P2.id, year: 2026,
		nature: 'investissement', source: 'region', planned_cents: 500000 } });
	line = assertOk(r, 201, 'create');
	assert.deepEqual({ ...line, id: 0 }, { id: 0, element: el.P2.id, code: 'P2', year: 2026,
		nature: 'investissement', source: 'Région', planned_cents: 500000, committed_cents: 0, paid_cents: 0,
		version: 1 });
	assert.equal(r.headers.get('location'), `/api/v1/plans/${plan}/budget-lines/${line.id}`);
	lineEtag = r.headers.get('etag');
	assert.equal(lineEtag, `"b${line.id}-1"`);
	assert.deepEqual(assertOk(await api('GET', r.headers.get('location')), 200, 'GET'), line);
});

test('budget line values: bad year, unknown source and nature are 422; wrong types 400', async () => {
	const post = (body) => api('POST', planPath('/budget-lines'), { body });
	const good = { element: el.P2.id, year: 2026, nature: 'fonctionnement', source: 'État' };
	assert.deepEqual(fields(assertProblem(await post({ ...good, year: 99999 }), 422, 'bad year')), ['year']);
	const source = assertProblem(await post({ ...good, source: 'Mécène' }), 422, 'unknown source');
	assert.deepEqual(fields(source), ['source']);
	assert.match(source.errors[0].message, /Mécène/);
	assert.deepEqual(fields(assertProblem(await post({ ...good, nature: 'loisir' }), 422, 'unknown nature')),
		['nature']);
	assert.deepEqual(fields(assertProblem(await post({ ...good, paid_cents: -1 }), 422, 'negative')),
		['paid_cents']);
	assert.deepEqual(fields(assertProblem(await post({ ...good, planned_cents: '12' }), 400, 'amount as text')),
		['planned_cents']);
	assert.deepEqual(fields(assertProblem(await post({ ...good, planned_cents: 12.5 }), 400, 'not an integer')),
		['planned_cents']);
	assert.deepEqual(fields(assertProblem(await post({ ...good, year: '2026' }), 400, 'year as text')), ['year']);
	assert.deepEqual(fields(assertProblem(await post({ ...good, code: 'P2' }), 400, 'read-only code')), ['code']);
	assertProblem(await api('POST', planPath('/budget-lines'), { body: '{"year":', type: 'application/json' }),
		400, 'malformed JSON');
	assert.equal(assertOk(await api('GET', planPath('/budget-lines')), 200, 'list').length, 1, 'nothing created');
});

test('PATCH and DELETE a budget line with its ETag (428, 412)', async () => {
	const path = planPath(`/budget-lines/${line.id}`);
	assertProblem(await api('PATCH', path, { body: { committed_cents: 250000 } }), 428, 'no If-Match');
	const r = await api('PATCH', path, { body: { committed_cents: 250000 }, headers: { 'If-Match': lineEtag } });
	const patched = assertOk(r, 200, 'PATCH');
	assert.deepEqual(patched, { ...line, committed_cents: 250000, version: 2 });
	const stale = await api('PATCH', path, { body: { paid_cents: 1 }, headers: { 'If-Match': lineEtag } });
	assertProblem(stale, 412, 'stale');
	assert.equal(stale.headers.get('etag'), r.headers.get('etag'), 'the 412 gives the current ETag');

	// A second line to delete: stale If-Match refused, then deleted with the right one.
	const extra = await api('POST', planPath('/budget-lines'), { body: { element: el.P1.id, year: 2025,
		nature: 'F', source: 'état', planned_cents: 1000 } });
	const created = assertOk(extra, 201, 'second line');
	const extraPath = planPath(`/budget-lines/${created.id}`);
	assertProblem(await api('DELETE', extraPath, { headers: { 'If-Match': `"b${created.id}-7"` } }), 412,
		'DELETE with a stale ETag');
	const gone = await api('DELETE', extraPath, { headers: { 'If-Match': extra.headers.get('etag') } });
	assert.equal(gone.status, 204, `DELETE (body: ${gone.text})`);
	assertProblem(await api('GET', extraPath), 404, 'gone');
	assertProblem(await api('DELETE', extraPath), 404, 'deleted twice');
	line = patched;
});

/* ---- risks ------------------------------------------------------------------------------------- */

test('risks: created, listed with their criticality, patched, deleted', async () => {
	assert.deepEqual(assertOk(await api('GET', planPath('/risks')), 200, 'none yet'), []);
	const r = await api('POST', planPath('/risks'), { body: { element: el.P1.id, description: 'Retard du prestataire',
		probability: 3, impact: 2, owner: 'DSI' } });
	const risk = assertOk(r, 201, 'create');
	assert.deepEqual({ ...risk, id: 0 }, { id: 0, element: el.P1.id, code: 'P1', description: 'Retard du prestataire',
		probability: 3, impact: 2, criticality: 6, mitigation: null, owner: 'DSI', status: 'ouvert', version: 1 });
	assert.equal(r.headers.get('location'), `/api/v1/plans/${plan}/risks/${risk.id}`);
	assert.equal(r.headers.get('etag'), `"r${risk.id}-1"`);
	assert.deepEqual(assertOk(await api('GET', planPath('/risks')), 200, 'list'), [risk]);

	const path = planPath(`/risks/${risk.id}`);
	const etag = r.headers.get('etag');
	assertProblem(await api('PATCH', path, { body: { impact: 1 } }), 428, 'no If-Match');
	const p = await api('PATCH', path, { body: { status: 'en traitement', impact: null,
		mitigation: 'pénalités de retard' }, headers: { 'If-Match': etag } });
	const patched = assertOk(p, 200, 'PATCH');
	assert.deepEqual([patched.status, patched.impact, patched.criticality, patched.mitigation, patched.version],
		['en-traitement', null, null, 'pénalités de retard', 2]);
	assertProblem(await api('PATCH', path, { body: { impact: 4 }, headers: { 'If-Match': etag } }), 412, 'stale');
	assert.deepEqual(assertOk(await api('GET', path), 200, 'GET'), patched);

	const del = await api('DELETE', path);
	assert.equal(del.status, 204, 'DELETE without If-Match');
	assertProblem(await api('GET', path), 404, 'gone');
});

test('risk values: probability 5 is 422, a probability as text is 400 with a precise message', async () => {
	const post = (body) => api('POST', planPath('/risks'), { body });
	const five = assertProblem(await post({ element: el.P2.id, description: 'x', probability: 5, impact: 0 }),
		422, 'probability 5, impact 0');
	assert.deepEqual(fields(five), ['impact', 'probability']);
	const text = assertProblem(await post({ element: el.P2.id, description: 'x', probability: '3' }), 400,
		'probability as text');
	assert.equal(text.detail, 'probability doit être un entier de 1 à 4 ou null');
	assert.deepEqual(fields(text), ['probability']);
	assert.deepEqual(fields(assertProblem(await post({ element: el.P2.id, description: ' ' }), 422, 'blank')),
		['description']);
	assert.deepEqual(fields(assertProblem(await post({ element: el.P2.id, description: 'x', status: 'perdu' }),
		422, 'unknown status')), ['status']);
	assert.deepEqual(fields(assertProblem(await post({ element: el.P2.id, description: 'x', criticality: 4 }),
		400, 'read-only criticality')), ['criticality']);
	assertProblem(await api('POST', planPath('/risks'), { body: 'x', type: 'text/csv' }), 415, 'CSV');
	assert.deepEqual(assertOk(await api('GET', planPath('/risks')), 200, 'list'), [], 'nothing created');
});

/* ---- dependencies ------------------------------------------------------------------------------- */

test('element dependencies: a violation reported in days, duplicates 409, cycles and self 422', async () => {
	const add = (body) => api('POST', planPath('/dependencies'), { body });
	const r = await add({ kind: 'element', from: el.P1.id, to: el.P2.id });
	const dep = assertOk(r, 201, 'P1 → P2');
	// P2 starts on 2025-06-01, 213 days before P1 ends on 2025-12-31.
	assert.deepEqual(dep, { kind: 'element', from: el.P1.id, from_code: 'P1', to: el.P2.id, to_code: 'P2',
		violated: true, days: days('2025-06-01', '2025-12-31') });
	assert.equal(dep.days, 213);
	assert.equal(r.headers.get('location'), `/api/v1/plans/${plan}/dependencies/element/${el.P1.id}/${el.P2.id}`);
	assert.deepEqual(assertOk(await api('GET', r.headers.get('location')), 200, 'GET Location'), dep);

	const kept = assertOk(await add({ kind: 'element', from: el.P1.id, to: el.P3.id }), 201, 'P1 → P3');
	assert.deepEqual([kept.violated, kept.days], [false, null], 'P3 starts after P1 ends');

	assertProblem(await add({ kind: 'element', from: el.P1.id, to: el.P2.id }), 409, 'duplicate');
	const cycle = assertProblem(await add({ kind: 'element', from: el.P3.id, to: el.P1.id }), 422, 'cycle');
	assert.deepEqual(fields(cycle), ['to']);
	assert.match(cycle.errors[0].message, /circulaire/);
	assert.deepEqual(fields(assertProblem(await add({ kind: 'element', from: el.P2.id, to: el.P2.id }), 422,
		'self')), ['to']);
	assert.deepEqual(fields(assertProblem(await add({ kind: 'element', from: el.P1.id, to: demo.id }), 422,
		'element of another plan')), ['to']);
	assert.deepEqual(fields(assertProblem(await add({ kind: 'task', from: el.P1.id, to: el.P2.id }), 400,
		'unknown kind')), ['kind']);
	assert.deepEqual(fields(assertProblem(await add({ kind: 'element', from: el.P1.id }), 400, 'no to')), ['to']);
	assert.deepEqual(fields(assertProblem(await add({ kind: 'element', from: 'P1', to: el.P2.id }), 400,
		'from as a code')), ['from']);
	assertProblem(await api('POST', planPath('/dependencies'), { body: 'x', type: 'text/plain' }), 415, 'not JSON');
});

test('milestone dependencies, the whole list, and removal (204, then 404)', async () => {
	// M1 on P1 planned 2025-06-30 (now reached on 2025-09-15), M2 on P2 planned 2025-05-31.
	const m2 = assertOk(await api('POST', planPath('/milestones'), { body: { element: el.P2.id, title: 'MEP',
		planned: '2025-05-31' } }), 201, 'second milestone');
	const r = await api('POST', planPath('/dependencies'), { body: { kind: 'milestone', from: milestone.id,
		to: m2.id } });
	const dep = assertOk(r, 201, 'M1 → M2');
	assert.deepEqual(dep, { kind: 'milestone', from: milestone.id, to: m2.id, from_title: 'Recette',
		to_title: 'MEP', violated: true, days: days('2025-05-31', '2025-09-15') });
	const back = assertProblem(await api('POST', planPath('/dependencies'), { body: { kind: 'milestone',
		from: m2.id, to: milestone.id } }), 422, 'milestone cycle');
	assert.deepEqual(fields(back), ['to']);

	const all = assertOk(await api('GET', planPath('/dependencies')), 200, 'list');
	assert.deepEqual(all.elements.map((d) => [d.from_code, d.to_code, d.violated, d.days]),
		[['P1', 'P2', true, 213], ['P1', 'P3', false, null]]);
	assert.deepEqual(all.milestones.map((d) => [d.from_title, d.to_title, d.violated, d.days]),
		[['Recette', 'MEP', true, days('2025-05-31', '2025-09-15')]]);

	const path = planPath(`/dependencies/element/${el.P1.id}/${el.P3.id}`);
	assert.equal((await api('DELETE', path)).status, 204, 'removed');
	assertProblem(await api('DELETE', path), 404, 'removed twice');
	assertProblem(await api('GET', path), 404, 'GET after removal');
	assertProblem(await api('DELETE', planPath(`/dependencies/task/${el.P1.id}/${el.P2.id}`)), 404, 'unknown kind');
	assert.equal((await api('DELETE', planPath(`/dependencies/milestone/${milestone.id}/${m2.id}`))).status, 204,
		'milestone dependency removed');
	const left = assertOk(await api('GET', planPath('/dependencies')), 200, 'list after');
	assert.deepEqual([left.elements.length, left.milestones.length], [1, 0]);
});

/* ---- qualification ---------------------------------------------------------------------------------- */

test('qualification: empty at first, replaced whole by PUT, unknown criterion 422', async () => {
	const path = planPath(`/elements/${el.P1.id}/qualification`);
	const first = await api('GET', path);
	assert.deepEqual(assertOk(first, 200, 'before'), { nature: null, type: null, scores: {},
		criteria: ['priorité', 'impact', 'complexité technique', 'complexité de mise en œuvre', 'coût',
			'valeur ajoutée'], version: 0 });
	assert.equal(first.headers.get('etag'), `"q${el.P1.id}-0"`);

	const r = await api('PUT', path, { body: { nature: 'quick-win', type: 'projet-phare',
		scores: { impact: 3, COUT: 2 } } });
	const q = assertOk(r, 200, 'PUT');
	assert.deepEqual([q.nature, q.type, q.scores, q.version], ['quick-win', 'projet-phare',
		{ impact: 3, 'coût': 2 }, 1], 'criteria spelled as the plan\'s list');
	assert.equal(r.headers.get('etag'), `"q${el.P1.id}-1"`);
	assert.deepEqual(assertOk(await api('GET', path), 200, 'GET after'), q, 'the round trip');

	const unknown = assertProblem(await api('PUT', path, { body: { scores: { 'beauté': 2 } } }), 422,
		'unknown criterion');
	assert.deepEqual(fields(unknown), ['scores']);
	assert.match(unknown.errors[0].message, /beauté/);
	assert.deepEqual(fields(assertProblem(await api('PUT', path, { body: { scores: { impact: 5 } } }), 422,
		'score 5')), ['scores']);
	assert.deepEqual(fields(assertProblem(await api('PUT', path, { body: { nature: 'un jour' } }), 422,
		'unknown nature')), ['nature']);
	assert.deepEqual(fields(assertProblem(await api('PUT', path, { body: { scores: { impact: '3' } } }), 400,
		'score as text')), ['scores']);
	assert.deepEqual(fields(assertProblem(await api('PUT', path, { body: { criteria: [] } }), 400,
		'read-only criteria')), ['criteria']);
	assertProblem(await api('PUT', path, { body: { nature: null }, headers: { 'If-Match': first.headers.get('etag') } }),
		412, 'stale If-Match');
	assert.deepEqual(assertOk(await api('GET', path), 200, 'unchanged'), q, 'nothing written');

	const cleared = assertOk(await api('PUT', path, { body: { type: 'mutualisation' },
		headers: { 'If-Match': r.headers.get('etag') } }), 200, 'PUT with If-Match');
	assert.deepEqual([cleared.nature, cleared.type, cleared.scores, cleared.version],
		[null, 'mutualisation', {}, 2], 'absent fields are cleared');
	assertProblem(await api('GET', planPath('/elements/999999/qualification')), 404, 'unknown element');
	assertProblem(await api('GET', planPath(`/elements/${demo.id}/qualification`)), 404, 'element of another plan');
});

/* ---- the plan's lists ----------------------------------------------------------------------------- */

test('lists: read, replaced, and a funding source still used cannot be dropped', async () => {
	const sources = assertOk(await api('GET', planPath('/lists/funding-sources')), 200, 'sources');
	assert.ok(sources.names.includes('Région') && sources.names.includes('État'), JSON.stringify(sources));
	const phases = assertOk(await api('PUT', planPath('/lists/phases'), { body: { names: ['cadrage',
		'réalisation', 'clos'] } }), 200, 'phases replaced');
	assert.deepEqual(phases, { names: ['cadrage', 'réalisation', 'clos'] });
	assert.deepEqual(assertOk(await api('GET', planPath('/lists/phases')), 200, 'phases'), phases);

	// Région is the source of the budget line created above.
	const refused = assertProblem(await api('PUT', planPath('/lists/funding-sources'), { body: { names:
		sources.names.filter((n) => n !== 'Région') } }), 422, 'source in use');
	assert.match(refused.detail, /Région/);
	assert.deepEqual(fields(refused), ['names']);
	assert.deepEqual(assertOk(await api('GET', planPath('/lists/funding-sources')), 200, 'unchanged'), sources);
	const added = assertOk(await api('PUT', planPath('/lists/funding-sources'), { body: { names:
		[...sources.names, 'Mécénat'] } }), 200, 'source added');
	assert.equal(added.names.at(-1), 'Mécénat');

	const criteria = assertOk(await api('GET', planPath('/lists/criteria')), 200, 'criteria');
	assert.equal(criteria.names.length, 6);
	assertProblem(await api('PUT', planPath('/lists/phases'), { body: { names: [] } }), 422, 'empty list');
	assertProblem(await api('PUT', planPath('/lists/phases'), { body: { names: 'clos' } }), 400, 'not a list');
	assertProblem(await api('PUT', planPath('/lists/phases'), { body: { names: ['clos', 3] } }), 400, 'a number');
	assertProblem(await api('PUT', planPath('/lists/phases'), { body: {} }), 400, 'no names');
	assertProblem(await api('PUT', planPath('/lists/phases'), { body: { names: ['x'], order: 1 } }), 400, 'unknown field');
	assertProblem(await api('GET', planPath('/lists/colours')), 404, 'unknown list');
	assertProblem(await api('PUT', planPath('/lists/phases'), { body: 'clos', type: 'text/plain' }), 415, 'not JSON');
});

test('lists: indicator families, read, respelled, and one still used cannot be dropped', async () => {
	const families = assertOk(await api('GET', planPath('/lists/indicator-families')), 200, 'families');
	assert.ok(families.names.includes('financier') && families.names.includes('environnement'),
		JSON.stringify(families));
	assertOk(await api('POST', planPath('/indicators'), { body: ['code;nom;famille;unite;sens;frequence',
		'FAM1;Coût complet;financier;€;baisse;annuelle', ''].join('\n'), type: 'text/csv' }), 201,
		'an indicator of family financier');
	const refused = assertProblem(await api('PUT', planPath('/lists/indicator-families'), { body: { names:
		families.names.filter((n) => n !== 'financier') } }), 422, 'family in use');
	assert.match(refused.detail, /financier/);
	assert.match(refused.detail, /1 indicateur/);
	assert.deepEqual(fields(refused), ['names']);
	assert.deepEqual(assertOk(await api('GET', planPath('/lists/indicator-families')), 200, 'unchanged'),
		families);
	const names = [...families.names.map((n) => (n === 'financier' ? 'Financier' : n)), 'qualité'];
	const saved = assertOk(await api('PUT', planPath('/lists/indicator-families'), { body: { names } }),
		200, 'respelled and added');
	assert.deepEqual(saved, { names });
	const indicators = assertOk(await api('GET', planPath('/indicators')), 200, 'indicators');
	assert.equal(indicators.find((x) => x.code === 'FAM1').family, 'Financier', 'the indicator follows');
	assertProblem(await api('PUT', planPath('/lists/indicator-families'), { body: { names: [] } }), 422,
		'empty list');
});

/* ---- the change journal ------------------------------------------------------------------------------ */

test('changes: the milestone PATCH with its old and new values, from the API, newest first', async () => {
	const r = assertOk(await api('GET', planPath(`/changes?element=${el.P1.id}`)), 200, 'changes of P1');
	assert.ok(Array.isArray(r.changes) && r.changes.length > 0);
	const forecast = r.changes.find((c) => c.entity === 'milestone' && c.field === 'forecast');
	assert.ok(forecast, JSON.stringify(r.changes));
	assert.deepEqual({ ...forecast, id: 0, at: '' }, { id: 0, at: '', actor: userInfo().username, via: 'api',
		source: 'PATCH /api/v1/plans/{}/milestones/{}', element: el.P1.id,
		code: 'P1', entity: 'milestone', entity_id: milestone.id, action: 'update', field: 'forecast',
		old: null, new: '2025-09-30', restorable: true });
	assert.match(forecast.at, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
	const deliverable = r.changes.find((c) => c.entity === 'milestone' && c.field === 'deliverable');
	assert.deepEqual([deliverable.old, deliverable.new], ['PV de recette', null]);
	for (const c of r.changes) assert.equal(c.element, el.P1.id, 'only P1\'s');
	const ids = r.changes.map((c) => c.id);
	assert.deepEqual(ids, [...ids].sort((a, b) => b - a), 'newest first');

	const one = assertOk(await api('GET', planPath('/changes?limit=1')), 200, 'limit=1');
	assert.equal(one.changes.length, 1);
	assert.ok(one.changes[0].id >= ids[0], 'the newest of the plan');
	assert.deepEqual(assertOk(await api('GET', planPath('/changes?since=2999-01-01')), 200, 'future').changes, []);
	const today = new Date().toISOString().slice(0, 10);
	assert.ok(assertOk(await api('GET', planPath(`/changes?since=${today}`)), 200, 'today').changes.length > 0);

	assert.deepEqual(fields(assertProblem(await api('GET', planPath('/changes?since=2025-13-01')), 400,
		'bad since')), ['since']);
	assert.deepEqual(fields(assertProblem(await api('GET', planPath('/changes?since=01/02/2025')), 400,
		'since in the French form')), ['since']);
	for (const limit of ['0', '1001', 'abc', '-5'])
		assert.deepEqual(fields(assertProblem(await api('GET', planPath(`/changes?limit=${limit}`)), 400,
			`limit=${limit}`)), ['limit']);
	assert.deepEqual(fields(assertProblem(await api('GET', planPath('/changes?element=P1')), 400, 'element=P1')),
		['element']);
	assertProblem(await api('GET', '/api/v1/plans/nope/changes'), 404, 'unknown plan');
});

test('changes: an element\'s title restored from its history, 409 when changed since', async () => {
	const path = planPath(`/elements/${el.P2.id}`);
	const before = await api('GET', path);
	const title = before.json.title;
	assertOk(await api('PATCH', path, { body: { title: 'Titre provisoire' },
		headers: { 'If-Match': before.headers.get('etag') } }), 200, 'patch');
	let list = assertOk(await api('GET', planPath(`/changes?element=${el.P2.id}&limit=5`)), 200, 'changes').changes;
	const change = list.find((c) => c.field === 'title');
	assert.deepEqual([change.old, change.new, change.restorable], [title, 'Titre provisoire', true]);
	const restored = assertOk(await api('POST', planPath(`/changes/${change.id}/restore`)), 200, 'restore');
	assert.equal(restored.element, el.P2.id);
	const after = assertOk(await api('GET', path), 200, 'element');
	assert.equal(after.title, title, 'the title before');
	assert.equal(after.version, restored.version);
	list = assertOk(await api('GET', planPath(`/changes?element=${el.P2.id}&limit=1`)), 200, 'changes').changes;
	assert.deepEqual([list[0].field, list[0].old, list[0].new, list[0].via], ['title', 'Titre provisoire', title, 'api'],
		'the restore is itself in the history');
	const again = assertProblem(await api('POST', planPath(`/changes/${change.id}/restore`)), 409, 'again');
	assert.match(again.detail, /a changé depuis/);
	const created = assertOk(await api('GET', planPath(`/changes?element=${el.P1.id}`)), 200, 'P1')
		.changes.find((c) => c.entity === 'milestone' && c.action === 'create');
	assert.equal(created.restorable, false);
	const refused = assertProblem(await api('POST', planPath(`/changes/${created.id}/restore`)), 422,
		'a create is not restorable');
	assert.deepEqual(fields(refused), ['change']);
	assert.match(refused.errors[0].message, /ne se rétablit pas d'un clic/);
	assertProblem(await api('POST', planPath('/changes/999999/restore')), 404, 'unknown change');
});

test('changes: a milestone\'s title restored from its history, 409 when changed since', async () => {
	const path = planPath(`/milestones/${milestone.id}`);
	const before = await api('GET', path);
	const title = assertOk(before, 200, 'milestone').title;
	const patched = await api('PATCH', path, { body: { title: 'Recette reportée' },
		headers: { 'If-Match': before.headers.get('etag') } });
	assertOk(patched, 200, 'patch');
	let list = assertOk(await api('GET', planPath(`/changes?element=${el.P1.id}&limit=5`)), 200, 'changes').changes;
	const change = list.find((c) => c.entity === 'milestone' && c.field === 'title');
	assert.deepEqual([change.entity_id, change.old, change.new, change.restorable],
		[milestone.id, title, 'Recette reportée', true]);
	const restored = assertOk(await api('POST', planPath(`/changes/${change.id}/restore`)), 200, 'restore');
	assert.equal(restored.element, el.P1.id, 'the milestone\'s element');
	const after = await api('GET', path);
	assert.equal(assertOk(after, 200, 'milestone').title, title, 'the title before');
	assert.equal(after.json.version, patched.json.version + 1, 'written as an update');
	list = assertOk(await api('GET', planPath(`/changes?element=${el.P1.id}&limit=1`)), 200, 'changes').changes;
	assert.deepEqual([list[0].entity, list[0].field, list[0].old, list[0].new, list[0].via, list[0].restorable],
		['milestone', 'title', 'Recette reportée', title, 'api', true], 'the restore is itself in the history');
	const again = assertProblem(await api('POST', planPath(`/changes/${change.id}/restore`)), 409, 'again');
	assert.match(again.detail, /a changé depuis/);
	assert.equal(assertOk(await api('GET', path), 200, 'after 409').version, after.json.version, 'nothing written');
	milestone = after.json;
	milestoneEtag = after.headers.get('etag');
});

test('the OpenAPI document the server serves lists the item routes', async () => {
	const doc = assertOk(await api('GET', '/api/v1/openapi.json'), 200, 'openapi');
	for (const path of ['/api/v1/plans/{plan}/milestones/{milestone}', '/api/v1/plans/{plan}/budget-lines/{budget_line}',
		'/api/v1/plans/{plan}/risks', '/api/v1/plans/{plan}/risks/{risk}', '/api/v1/plans/{plan}/dependencies',
		'/api/v1/plans/{plan}/dependencies/{kind}/{from}/{to}', '/api/v1/plans/{plan}/elements/{element}/qualification',
		'/api/v1/plans/{plan}/lists/{list}', '/api/v1/plans/{plan}/changes'])
		assert.ok(doc.paths[path], `${path} documented`);
	assert.ok(doc.paths['/api/v1/plans/{plan}/milestones'].post.requestBody.content['application/json'],
		'POST milestones takes JSON');
});
