/*
 * api_reports.test.mjs — the reports under the JSON API (src/web/pages_reports.c):
 * - the summary table as JSON: the plan's second level by default, ?level= in any case,
 *   an unknown level refused (422, field "level", the plan's levels named);
 * - the plan's and a meeting's steering report, and the summary, as PDF and workbook:
 *   content type, Content-Disposition with a plain file name, the bytes of a PDF or of
 *   a zip (XLSX), a strong ETag answered by 304, the same bytes for the same data;
 * - 404 for an unknown plan or meeting, 400 for an invalid ?today=.
 *
 * One server (tests/web/lib.mjs: the demo and regional plans); a committee, two
 * meetings and an agenda point for decision are added with sqlite3 before the tests.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, test } from 'node:test';

import { allowFontconfigLeaks, startServer, stopServer } from './lib.mjs';

allowFontconfigLeaks();

const PDF = 'application/pdf';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

let server;
let meetingId;
before(async () => {
	server = await startServer();
	const sql = (q) => execFileSync('sqlite3', [server.db, q], { encoding: 'utf8' }).trim();
	sql(`INSERT INTO instance (plan_id, kind, name, position)
	     SELECT id, 'pilotage', 'COPIL SNR', 1 FROM plan WHERE slug = 'region';
	     INSERT INTO meeting (instance_id, held_on, status) SELECT id, '2026-02-10', 'tenue' FROM instance;`);
	meetingId = sql("SELECT id FROM meeting WHERE held_on = '2026-02-10'");
});
after(async () => { if (server) await stopServer(server); });

async function get(path, headers = {}) {
	const response = await fetch(`${server.url}${path}`, { headers });
	const bytes = Buffer.from(await response.arrayBuffer());
	const type = response.headers.get('content-type') || '';
	return { status: response.status, headers: response.headers, bytes,
		json: /json/.test(type) && bytes.length ? JSON.parse(bytes.toString('utf8')) : undefined };
}

function assertProblem(r, status, what) {
	assert.equal(r.status, status, `${what}: status (body: ${r.bytes.toString('utf8')})`);
	assert.equal(r.headers.get('content-type'), 'application/problem+json', `${what}: content type`);
	assert.equal(r.json.status, status);
	assert.ok(r.json.detail.length > 0, `${what}: detail`);
	return r.json;
}

/* A download: status 200, its type, a file name, the right magic bytes, an ETag. */
function assertDocument(r, type, name, what) {
	assert.equal(r.status, 200, `${what}: status`);
	assert.equal(r.headers.get('content-type'), type, `${what}: content type`);
	assert.match(r.headers.get('content-disposition') || '', new RegExp(`^attachment; filename="${name}"$`),
		`${what}: file name`);
	assert.equal(r.bytes.subarray(0, type === PDF ? 5 : 2).toString('latin1'), type === PDF ? '%PDF-' : 'PK',
		`${what}: a ${type === PDF ? 'PDF' : 'zip'} file`);
	assert.match(r.headers.get('etag') || '', /^"[^"]+"$/, `${what}: a strong ETag`);
}

test('summary JSON: the second level by default, exact rows', async () => {
	const r = await get('/api/v1/plans/region/summary');
	assert.equal(r.status, 200);
	assert.equal(r.headers.get('content-type'), 'application/json');
	assert.equal(r.json.plan, 'region');
	assert.equal(r.json.level, 'Objectif stratégique');
	assert.deepEqual(r.json.levels, ['Axe stratégique', 'Objectif stratégique', 'Objectif opérationnel', 'Action']);
	assert.equal(r.json.rows.length, 11, 'the 11 strategic objectives of tests/data/README.md');
	const first = r.json.rows[0];
	assert.equal(first.code, 'A1.OS1');
	assert.deepEqual(first.parent, { code: 'A1', title: 'Connecter tous les territoires' });
	assert.deepEqual(first.children.map((c) => c.code), ['A1.OS1.OO1', 'A1.OS1.OO2', 'A1.OS1.OO3']);
	assert.equal(first.owner, 'Syndicat mixte Hautes-Marches Numérique');
	assert.deepEqual(first.partners, ['Région', 'Départements']);
});

test('summary JSON: ?level= in any case; an unknown level is refused with the levels named', async () => {
	const r = await get(`/api/v1/plans/region/summary?level=${encodeURIComponent('ACTION')}`);
	assert.equal(r.status, 200);
	assert.equal(r.json.level, 'Action');
	assert.equal(r.json.rows.length, 77);
	assert.ok(r.json.rows.every((row) => row.children.length === 0), 'actions have no children');
	const bad = assertProblem(await get('/api/v1/plans/region/summary?level=Sprint'), 422, 'unknown level');
	assert.equal(bad.errors[0].field, 'level');
	assert.match(bad.errors[0].message, /niveau inconnu « Sprint ».*« Axe stratégique »/);
	assertProblem(await get('/api/v1/plans/nope/summary'), 404, 'unknown plan');
});

test("the plan's report: PDF and XLSX, named, with an ETag answered by 304", async () => {
	const pdf = await get('/api/v1/plans/region/report.pdf?today=2026-03-01');
	assertDocument(pdf, PDF, 'rapport-region-2026-03-01\\.pdf', 'report.pdf');
	const again = await get('/api/v1/plans/region/report.pdf?today=2026-03-01');
	assert.equal(again.headers.get('etag'), pdf.headers.get('etag'), 'the same data gives the same document');
	assert.ok(again.bytes.equals(pdf.bytes), 'byte for byte');
	const cached = await get('/api/v1/plans/region/report.pdf?today=2026-03-01',
		{ 'If-None-Match': pdf.headers.get('etag') });
	assert.equal(cached.status, 304, 'the browser copy is current');
	assert.equal(cached.bytes.length, 0);
	const xlsx = await get('/api/v1/plans/region/report.xlsx?today=2026-03-01');
	assertDocument(xlsx, XLSX, 'rapport-region-2026-03-01\\.xlsx', 'report.xlsx');
	const other = await get('/api/v1/plans/region/report.pdf?today=2026-03-02');
	assert.notEqual(other.headers.get('etag'), pdf.headers.get('etag'), 'another day, another document');
});

test("a meeting's report; unknown plan, meeting and date", async () => {
	assertDocument(await get(`/api/v1/plans/region/meetings/${meetingId}/report.pdf`), PDF,
		'seance-region-2026-02-10\\.pdf', 'meeting report.pdf');
	assertDocument(await get(`/api/v1/plans/region/meetings/${meetingId}/report.xlsx`), XLSX,
		'seance-region-2026-02-10\\.xlsx', 'meeting report.xlsx');
	assertProblem(await get('/api/v1/plans/region/meetings/999999/report.pdf'), 404, 'unknown meeting');
	assertProblem(await get('/api/v1/plans/region/meetings/abc/report.xlsx'), 404, 'not a meeting number');
	assertProblem(await get(`/api/v1/plans/demo/meetings/${meetingId}/report.pdf`), 404, "another plan's meeting");
	assertProblem(await get('/api/v1/plans/nope/report.pdf'), 404, 'unknown plan');
	assertProblem(await get('/api/v1/plans/nope/report.xlsx'), 404, 'unknown plan (xlsx)');
	const bad = assertProblem(await get('/api/v1/plans/region/report.pdf?today=2026-02-30'), 400, 'invalid date');
	assert.equal(bad.errors[0].field, 'today');
});

test('the summary as PDF and XLSX', async () => {
	assertDocument(await get('/api/v1/plans/region/summary.pdf?level=Action&today=2026-03-01'), PDF,
		'synthese-region-2026-03-01\\.pdf', 'summary.pdf');
	assertDocument(await get('/api/v1/plans/region/summary.xlsx?today=2026-03-01'), XLSX,
		'synthese-region-2026-03-01\\.xlsx', 'summary.xlsx');
	assertProblem(await get('/api/v1/plans/region/summary.pdf?level=Sprint'), 422, 'summary.pdf, unknown level');
});
