/*
 * api_versions.test.mjs — the plan's own life through the JSON API (src/web/api_versions.c)
 * on a real server (tests/web/lib.mjs: the demo and regional plans):
 * - the workflow: a move the status does not allow is 409 and changes nothing; adopting
 *   without the adoption record is 422 naming adoption.date and adoption.body; with it,
 *   200 and the record as GET /plans/{} shows it;
 * - a revision: 409 from a plan not adopted, 422 for a bad or taken slug, then 201 with
 *   Location; the revised plan is "en-revision", the chain lists both; adopting the
 *   revision closes the first version;
 * - the comparison: a fresh revision equals its source; a title changed through the
 *   API is the one change reported, field by field;
 * - SWOT tables of the plan and of an element: GET with ETag, PUT needs If-Match (428),
 *   a stale ETag is 412, a bad entry is 422 naming its quadrant, and nothing changes
 *   on a refusal; an unknown element is 404.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { apiRequest, assertOk, startServer, stopServer } from './lib.mjs';

let server;
before(async () => { server = await startServer(); });
after(async () => { if (server) await stopServer(server); });

/* Every body is sent as JSON (a string as it is, to test malformed JSON). */
const api = (method, path, { body, headers } = {}) =>
	apiRequest(server, method, path, { body, headers, type: body === undefined ? undefined : 'application/json' });

function assertProblem(r, status, what) {
	assert.equal(r.status, status, `${what}: status (body: ${r.text})`);
	assert.equal(r.headers.get('content-type'), 'application/problem+json', `${what}: content type`);
	assert.ok(r.json.detail.length > 0, `${what}: detail`);
	return r.json;
}

const fields = (problem) => problem.errors.map((e) => e.field).sort();
const status = (slug, body) => api('POST', `/api/v1/plans/${slug}/status`, { body });
const ADOPTION = { date: '2026-03-12', body: "Conseil d'administration", deliberation: '2026-14',
	votes_for: 28, votes_against: 2, abstentions: 3 };

test('the workflow refuses what the status does not allow, and needs the adoption record', async () => {
	const v = assertOk(await api('GET', '/api/v1/plans/demo/versions'), 200, 'versions');
	assert.equal(v.status, 'brouillon');
	assert.deepEqual(v.allowed_statuses, ['en-consultation']);
	assert.deepEqual(v.versions.map((x) => [x.slug, x.current]), [['demo', true]]);

	const refused = assertProblem(await status('demo', { status: 'adopte', adoption: ADOPTION }), 409,
		'brouillon → adopté');
	assert.match(refused.detail, /« brouillon » à « adopté ».*« en consultation »/);
	const unknown = assertProblem(await status('demo', { status: 'publié' }), 422, 'unknown status');
	assert.deepEqual(fields(unknown), ['status']);

	assert.equal(assertOk(await status('demo', { status: 'en-consultation' }), 200, 'consultation').status,
		'en-consultation');
	const missing = assertProblem(await status('demo', { status: 'adopte', adoption: { votes_for: 3 } }), 422,
		'adoption without its record');
	assert.deepEqual(fields(missing), ['adoption.body', 'adoption.date']);
	const badDate = assertProblem(await status('demo', { status: 'adopte',
		adoption: { ...ADOPTION, date: '31/02/2026' } }), 422, 'bad date');
	assert.deepEqual(fields(badDate), ['adoption.date']);
	assert.equal(assertOk(await api('GET', '/api/v1/plans/demo'), 200, 'plan').status, 'en-consultation',
		'nothing changed on refusals');

	const adopted = assertOk(await status('demo', { status: 'adopte', adoption: ADOPTION }), 200, 'adopt');
	assert.equal(adopted.status, 'adopte');
	assert.deepEqual(adopted.adoption, ADOPTION);
	const plan = assertOk(await api('GET', '/api/v1/plans/demo'), 200, 'plan');
	assert.equal(plan.adoption.date, '2026-03-12');
	assert.equal(plan.adoption.body, "Conseil d'administration");
});

test('a revision: refused from a draft or with a bad slug, then created with Location', async () => {
	assertProblem(await api('POST', '/api/v1/plans/region/revisions', { body: {} }), 409, 'region is a draft');
	const bad = assertProblem(await api('POST', '/api/v1/plans/demo/revisions', { body: { slug: 'Nouveau Plan' } }),
		422, 'bad slug');
	assert.deepEqual(fields(bad), ['slug']);
	const taken = assertProblem(await api('POST', '/api/v1/plans/demo/revisions', { body: { slug: 'region' } }),
		422, 'taken slug');
	assert.match(taken.errors[0].message, /déjà pris/);
	assert.equal(assertOk(await api('GET', '/api/v1/plans/demo'), 200, 'plan').status, 'adopte',
		'nothing changed on refusals');

	const r = await api('POST', '/api/v1/plans/demo/revisions');
	const created = assertOk(r, 201, 'revision');
	assert.equal(r.headers.get('location'), '/api/v1/plans/demo-v2');
	assert.equal(created.slug, 'demo-v2');
	assert.equal(created.status, 'brouillon');
	assert.equal(created.version_label, 'v2');
	assert.equal(created.previous, 'demo');
	const source = assertOk(await api('GET', '/api/v1/plans/demo/elements'), 200, 'elements');
	assert.equal(created.element_count, source.length);

	const chain = assertOk(await api('GET', '/api/v1/plans/demo-v2/versions'), 200, 'chain');
	assert.deepEqual(chain.versions.map((x) => [x.slug, x.status, x.current]),
		[['demo', 'en-revision', false], ['demo-v2', 'brouillon', true]]);
	assertProblem(await api('POST', '/api/v1/plans/demo/revisions'), 409, 'a plan already in revision');
});

test('the comparison: nothing at first, then exactly the title changed', async () => {
	let c = assertOk(await api('GET', '/api/v1/plans/demo-v2/compare?with=demo'), 200, 'compare');
	assert.equal(c.from, 'demo');
	assert.equal(c.to, 'demo-v2');
	assert.deepEqual([c.counts.added, c.counts.removed, c.counts.moved, c.counts.changed], [0, 0, 0, 0]);
	assert.deepEqual([c.added, c.removed, c.moved, c.changed], [[], [], [], []]);

	const elements = assertOk(await api('GET', '/api/v1/plans/demo-v2/elements'), 200, 'elements');
	const p1 = elements.find((e) => e.code === 'AX1.A1.P1');
	const got = await api('GET', `/api/v1/plans/demo-v2/elements/${p1.id}`);
	const patched = await api('PATCH', `/api/v1/plans/demo-v2/elements/${p1.id}`,
		{ body: { title: 'Refondre et mutualiser la plateforme pédagogique' },
			headers: { 'If-Match': got.headers.get('etag') } });
	assertOk(patched, 200, 'patch');

	// Default: the previous version; and the same from the older plan's side.
	for (const path of ['/api/v1/plans/demo-v2/compare', '/api/v1/plans/demo/compare?with=demo-v2']) {
		c = assertOk(await api('GET', path), 200, path);
		assert.equal(c.counts.changed, 1);
		assert.deepEqual(c.changed, [{ code: 'AX1.A1.P1', field: 'title',
			old: 'Refondre la plateforme pédagogique', new: 'Refondre et mutualiser la plateforme pédagogique' }]);
		assert.equal(c.counts.unchanged, elements.length - 1);
	}
	assertProblem(await api('GET', '/api/v1/plans/demo-v2/compare?with=nulle-part'), 404, 'unknown plan');
	assertProblem(await api('GET', '/api/v1/plans/region/compare'), 400, 'nothing to compare with');
});

test('adopting the revision closes the version it revises', async () => {
	assertOk(await status('demo-v2', { status: 'en-consultation' }), 200, 'consultation');
	assertOk(await status('demo-v2', { status: 'adopte', adoption: { date: '2027-01-15', body: 'CA' } }), 200,
		'adopt');
	assert.equal(assertOk(await api('GET', '/api/v1/plans/demo'), 200, 'first').status, 'clos');
	const v = assertOk(await api('GET', '/api/v1/plans/demo/versions'), 200, 'versions');
	assert.deepEqual(v.allowed_statuses, []);
	assertProblem(await status('demo', { status: 'adopte', adoption: ADOPTION }), 409, 'a closed plan');
});

test('SWOT tables: ETag, If-Match, stale versions, refused entries, unknown element', async () => {
	const path = '/api/v1/plans/region/swot';
	let r = await api('GET', path);
	const empty = assertOk(r, 200, 'empty table');
	assert.deepEqual(empty, { element: null, version: 0, forces: [], faiblesses: [], opportunites: [], menaces: [] });
	const etag0 = r.headers.get('etag');
	assert.match(etag0, /^"s\d+-0-0"$/);
	assert.equal((await api('GET', path, { headers: { 'If-None-Match': etag0 } })).status, 304);

	const table = { forces: ['Réseau régional de fibre', 'Équipes mutualisées'], faiblesses: [],
		opportunites: ['France 2030'], menaces: ['Départs en retraite'] };
	assertProblem(await api('PUT', path, { body: table }), 428, 'no If-Match');
	assertProblem(await api('PUT', path, { body: table, headers: { 'If-Match': '*' } }), 428, 'If-Match *');
	r = await api('PUT', path, { body: table, headers: { 'If-Match': etag0 } });
	const saved = assertOk(r, 200, 'put');
	assert.deepEqual(saved, { element: null, version: 1, ...table });
	const etag1 = r.headers.get('etag');
	assert.notEqual(etag1, etag0);
	assertProblem(await api('PUT', path, { body: { forces: ['x'] }, headers: { 'If-Match': etag0 } }), 412, 'stale');
	const bad = assertProblem(await api('PUT', path, { body: { forces: ['ok', ''], menaces: ['a\nb'], autre: [] },
		headers: { 'If-Match': etag1 } }), 422, 'bad entries');
	assert.deepEqual(fields(bad), ['autre']);
	const bad2 = assertProblem(await api('PUT', path, { body: { forces: ['ok', ''], menaces: ['a\nb'] },
		headers: { 'If-Match': etag1 } }), 422, 'bad entries');
	assert.deepEqual(fields(bad2), ['forces', 'menaces']);
	assert.deepEqual(assertOk(await api('GET', path), 200, 'unchanged'), { element: null, version: 1, ...table });

	const elements = assertOk(await api('GET', '/api/v1/plans/region/elements'), 200, 'elements');
	const e = elements[1];
	const ePath = `/api/v1/plans/region/elements/${e.id}/swot`;
	r = await api('GET', ePath);
	assert.equal(assertOk(r, 200, 'element table').element, e.code);
	r = await api('PUT', ePath, { body: { faiblesses: ['Budget contraint'] }, headers: { 'If-Match': r.headers.get('etag') } });
	assert.deepEqual(assertOk(r, 200, 'element put').faiblesses, ['Budget contraint']);
	assert.deepEqual(assertOk(await api('GET', path), 200, 'plan table kept').forces, table.forces);
	assertProblem(await api('GET', '/api/v1/plans/region/elements/999999/swot'), 404, 'unknown element');
});
