/*
 * api_trash.test.mjs — the plan's trash under the JSON API (src/web/pages_trash.c)
 * against a real `jalon ui` server (the local mode, with every right), through HTTP
 * only: a branch deleted with its milestones, budget line, weather and a milestone
 * dependency is listed in the trash, restored whole with its own ids (the element, its
 * child, milestones and budget line read back identical), 404 for an unknown entry, a
 * restore refused with a problem document when a code was taken since (nothing
 * changed), and the trash emptied (204, then an empty list; an emptied branch cannot
 * come back).
 *
 * Node's built-in runner only; one server for the file (tests/web/lib.mjs), the tests
 * run in the order written, building on each other. Every request goes to 127.0.0.1.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { apiRequest, assertOk, assertProblem, startServer, stopServer } from './lib.mjs';

let server;
before(async () => { server = await startServer(); });
after(async () => { if (server) await stopServer(server); });

const api = (method, path, options) => apiRequest(server, method, path, options);

const PLAN_CSV = `code;parent;niveau;intitule;porteur
A;;Axe;Usagers;Alice Martin
P1;A;Projet;Portail;Bruno Lefèvre
T1;P1;Action;Maquette;
B;;Axe;Infrastructures;
P2;B;Projet;Réseau;
`;

let plan;
let el; // code → element as first read
const planPath = (rest = '') => `/api/v1/plans/${plan}${rest}`;
let before_; // what the branch held, read before the delete
let entry;

const milestonesOf = async (ids) => assertOk(await api('GET', planPath('/milestones')), 200,
	'milestones').filter((m) => ids.includes(m.element));
const linesOf = async (ids) => assertOk(await api('GET', planPath('/budget-lines')), 200,
	'budget lines').filter((l) => ids.includes(l.element));

test('a branch with milestones, a budget line and a weather report is prepared', async () => {
	plan = assertOk(await api('POST', '/api/v1/plans?title=Corbeille', { body: PLAN_CSV,
		type: 'text/csv; charset=utf-8' }), 201, 'plan').id;
	el = Object.fromEntries(assertOk(await api('GET', planPath('/elements')), 200, 'elements')
		.map((e) => [e.code, e]));
	const cadrage = assertOk(await api('POST', planPath('/milestones'), { body: { element: el.P1.id,
		title: 'Cadrage', planned: '2026-02-01' } }), 201, 'milestone');
	assertOk(await api('POST', planPath('/milestones'), { body: { element: el.T1.id,
		title: 'Maquette validée', planned: '2026-04-01' } }), 201, 'milestone');
	const outside = assertOk(await api('POST', planPath('/milestones'), { body: { element: el.P2.id,
		title: 'Câblage', planned: '2026-06-01' } }), 201, 'milestone');
	assertOk(await api('POST', planPath('/dependencies'), { body: { kind: 'milestone',
		from: cadrage.id, to: outside.id } }), 201, 'milestone dependency');
	assertOk(await api('POST', planPath('/budget-lines'), { body: { element: el.P1.id,
		year: 2026, nature: 'investissement', source: 'État', planned_cents: 250000 } }), 201, 'line');
	assertOk(await api('PUT', planPath(`/elements/${el.P1.id}/status`), { body: { weather: 'nuage',
		reported_on: '2026-01-10' } }), 200, 'weather');
	const ids = [el.P1.id, el.T1.id];
	before_ = {
		p1: assertOk(await api('GET', planPath(`/elements/${el.P1.id}`)), 200, 'P1'),
		t1: assertOk(await api('GET', planPath(`/elements/${el.T1.id}`)), 200, 'T1'),
		status: assertOk(await api('GET', planPath(`/elements/${el.P1.id}/status`)), 200, 'status'),
		milestones: await milestonesOf(ids),
		lines: await linesOf(ids),
		dependencies: assertOk(await api('GET', planPath('/dependencies')), 200, 'dependencies'),
	};
	assert.equal(before_.milestones.length, 2);
	assert.equal(before_.lines.length, 1);
	assert.equal(before_.dependencies.milestones.length, 1);
});

test('the trash starts empty', async () => {
	const list = assertOk(await api('GET', planPath('/trash')), 200, 'trash');
	assert.deepEqual(list.entries, []);
});

test('a deleted branch goes to the trash', async () => {
	const r = await api('DELETE', planPath(`/elements/${el.P1.id}`));
	assert.equal(r.status, 204, `delete (body: ${r.text})`);
	assertProblem(await api('GET', planPath(`/elements/${el.T1.id}`)), 404, 'the child is gone');
	assert.deepEqual(await milestonesOf([el.P1.id, el.T1.id]), []);
	const list = assertOk(await api('GET', planPath('/trash')), 200, 'trash');
	assert.equal(list.entries.length, 1);
	entry = list.entries[0];
	assert.equal(entry.code, 'P1');
	assert.equal(entry.title, 'Portail');
	assert.equal(entry.level, 'Projet');
	assert.equal(entry.element_id, el.P1.id);
	assert.equal(entry.parent_id, el.A.id);
	assert.equal(entry.parent_code, 'A');
	assert.equal(entry.element_count, 2);
	assert.ok(entry.row_count >= 7, `rows kept: ${entry.row_count}`);
	assert.match(entry.deleted_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
});

test('an unknown entry is 404', async () => {
	assertProblem(await api('POST', planPath('/trash/999999/restore')), 404, 'unknown entry');
	assertProblem(await api('POST', planPath('/trash/abc/restore')), 404, 'not a number');
	assertProblem(await api('GET', '/api/v1/plans/nulle-part/trash'), 404, 'unknown plan');
});

test('a restore is refused while a code of the branch is taken', async () => {
	const other = assertOk(await api('POST', planPath('/elements'), { body: { code: 'T1',
		parent: 'B', level: 'Action', title: 'Autre maquette' } }), 201, 'code taken');
	const problem = assertProblem(await api('POST', planPath(`/trash/${entry.id}/restore`)), 409,
		'code taken');
	assert.match(problem.detail, /« T1 »/);
	assert.equal(assertOk(await api('GET', planPath('/trash')), 200, 'trash').entries.length, 1,
		'the entry stays');
	assertProblem(await api('GET', planPath(`/elements/${el.P1.id}`)), 404, 'nothing restored');
	assert.equal((await api('DELETE', planPath(`/elements/${other.id}`))).status, 204);
	/* That delete went to the trash too. */
	assert.equal(assertOk(await api('GET', planPath('/trash')), 200, 'trash').entries.length, 2);
});

test('a restore puts the branch back whole, with its own ids', async () => {
	const r = await api('POST', planPath(`/trash/${entry.id}/restore`));
	const body = assertOk(r, 200, 'restore');
	assert.equal(body.element_id, el.P1.id);
	assert.equal(body.code, 'P1');
	assert.equal(body.restored, 2);
	assert.equal(r.headers.get('location'), `/api/v1/plans/${plan}/elements/${el.P1.id}`);
	const ids = [el.P1.id, el.T1.id];
	assert.deepEqual(assertOk(await api('GET', planPath(`/elements/${el.P1.id}`)), 200, 'P1'), before_.p1);
	assert.deepEqual(assertOk(await api('GET', planPath(`/elements/${el.T1.id}`)), 200, 'T1'), before_.t1);
	assert.deepEqual(assertOk(await api('GET', planPath(`/elements/${el.P1.id}/status`)), 200,
		'status'), before_.status);
	assert.deepEqual(await milestonesOf(ids), before_.milestones);
	assert.deepEqual(await linesOf(ids), before_.lines);
	assert.deepEqual(assertOk(await api('GET', planPath('/dependencies')), 200, 'dependencies'),
		before_.dependencies);
	const list = assertOk(await api('GET', planPath('/trash')), 200, 'trash');
	assert.deepEqual(list.entries.map((e) => e.code), ['T1'], 'only the other delete is left');
	assertProblem(await api('POST', planPath(`/trash/${entry.id}/restore`)), 404, 'restored twice');
	const changes = assertOk(await api('GET', planPath('/changes')), 200, 'changes');
	const rows = Array.isArray(changes) ? changes : changes.changes || changes.items || [];
	assert.ok(JSON.stringify(rows).includes('2 éléments restaurés de la corbeille'),
		`the restore is journalled: ${JSON.stringify(rows).slice(0, 500)}`);
});

test('emptying the trash is final', async () => {
	const left = assertOk(await api('GET', planPath('/trash')), 200, 'trash').entries[0];
	const r = await api('DELETE', planPath('/trash'));
	assert.equal(r.status, 204, `empty (body: ${r.text})`);
	assert.deepEqual(assertOk(await api('GET', planPath('/trash')), 200, 'trash').entries, []);
	assertProblem(await api('POST', planPath(`/trash/${left.id}/restore`)), 404, 'emptied');
});
