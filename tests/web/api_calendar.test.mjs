/*
 * api_calendar.test.mjs — the calendar feeds (src/web/pages_calendar.c) against a real
 * `jalon ui` server, as a calendar application polling them would see them:
 * /plans/{plan}/calendar.ics and /plans/{plan}/instances/{id}/calendar.ics, under /plans
 * and under /api/v1. text/calendar with a strong ETag answered by 304 until something
 * shown changes; a meeting moved keeps its UID and gets a higher SEQUENCE; a committee's
 * feed holds its meetings and the milestones of its branches only; unknown plans and
 * committees are 404 (HTML page, or problem+json under the API).
 *
 * Committees and meetings are written straight into the server's database with
 * sqlite3 (their own API is tested in api_governance.test.mjs); milestones come from
 * the demo's milestones.csv through `jalon import-milestones`.
 *
 * Environment: JALON (the binary), SOURCE_ROOT (the source tree), set by meson.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { JALON, SOURCE_ROOT, startServer, stopServer } from './lib.mjs';

let server;
before(async () => { server = await startServer(); });
after(async () => { if (server) await stopServer(server); });

function sql(statements) {
	return execFileSync('sqlite3', [server.db, statements], { encoding: 'utf8' }).trim();
}

async function get(path, headers = {}) {
	const response = await fetch(`${server.url}${path}`, { headers });
	return { status: response.status, headers: response.headers, text: await response.text() };
}

/* The calendar's content lines, unfolded (RFC 5545 §3.1). */
function lines(text) {
	return text.replace(/\r\n[ \t]/g, '').split('\r\n').filter((l) => l !== '');
}

/* Events as objects: property name (parameters dropped) → value. */
function events(text) {
	const out = [];
	let current = null;
	for (const line of lines(text)) {
		if (line === 'BEGIN:VEVENT') current = {};
		else if (line === 'END:VEVENT') { out.push(current); current = null; }
		else if (current) {
			const colon = line.indexOf(':');
			const name = line.slice(0, colon).split(';')[0];
			current[name] = line.slice(colon + 1);
			if (name === 'DTSTART') current.DTSTART_RAW = line;
		}
	}
	return out;
}

function assertCalendar(r, what) {
	assert.equal(r.status, 200, `${what}: status (body: ${r.text.slice(0, 300)})`);
	assert.equal(r.headers.get('content-type'), 'text/calendar; charset=utf-8', `${what}: type`);
	assert.match(r.headers.get('etag') || '', /^"ics-[0-9a-f]{16}"$/, `${what}: a strong ETag`);
	assert.ok(r.text.startsWith('BEGIN:VCALENDAR\r\n'), `${what}: a VCALENDAR`);
	assert.ok(r.text.endsWith('END:VCALENDAR\r\n'), `${what}: ends it`);
	for (const line of r.text.split('\r\n'))
		assert.ok(Buffer.byteLength(line) <= 75, `${what}: line of at most 75 octets: ${line}`);
	return events(r.text);
}

let portail; /* the element the operational committee steers */

test('the plan\'s feed: its milestones, then its meetings, 304 until a change', async () => {
	execFileSync(JALON, ['--db', server.db, 'import-milestones', 'demo',
		join(SOURCE_ROOT, 'data', 'demo', 'milestones.csv')], { stdio: 'pipe' });
	const milestones = Number(sql("SELECT count(*) FROM milestone m JOIN element e ON e.id = m.element_id JOIN plan p ON p.id = e.plan_id WHERE p.slug = 'demo'"));
	assert.ok(milestones > 0, 'the demo has milestones');

	const first = await get('/api/v1/plans/demo/calendar.ics');
	let list = assertCalendar(first, 'plan feed');
	assert.equal(list.length, milestones, 'one event per milestone');
	assert.ok(list.every((e) => /^milestone-\d+@demo\.jalon$/.test(e.UID)), 'milestone UIDs');
	assert.ok(list.every((e) => e.SUMMARY.startsWith('Jalon : ')), 'milestone summaries');
	assert.ok(list.every((e) => /^DTSTART;VALUE=DATE:\d{8}$/.test(e.DTSTART_RAW)), 'all-day events');
	const etag = first.headers.get('etag');

	const again = await get('/api/v1/plans/demo/calendar.ics', { 'If-None-Match': etag });
	assert.equal(again.status, 304, 'unchanged: 304');
	const page = await get('/plans/demo/calendar.ics');
	assertCalendar(page, 'page feed');
	assert.equal(page.headers.get('etag'), etag, 'the same calendar under /plans');

	const planId = sql("SELECT id FROM plan WHERE slug = 'demo'");
	portail = sql("SELECT id FROM element WHERE plan_id = " + planId + " AND code = 'AX1'");
	sql(`INSERT INTO instance (id, plan_id, kind, name, position) VALUES
	       (501, ${planId}, 'pilotage', 'COPIL SDN', 0), (502, ${planId}, 'operationnel', 'Comité réussite', 1);
	     INSERT INTO instance_element (instance_id, element_id, position) VALUES (502, ${portail}, 0);
	     INSERT INTO meeting (id, instance_id, held_on, start_minute, duration_min, place, status)
	       VALUES (601, 501, '2026-04-01', 840, 90, 'Salle du conseil, bâtiment A', 'prevue'),
	              (602, 502, '2026-04-08', NULL, NULL, NULL, 'tenue');
	     INSERT INTO agenda_item (meeting_id, position, title) VALUES (601, 0, 'Avancement; budget');`);
	const changed = await get('/api/v1/plans/demo/calendar.ics', { 'If-None-Match': etag });
	list = assertCalendar(changed, 'plan feed with meetings');
	assert.notEqual(changed.headers.get('etag'), etag, 'a new ETag');
	const copil = list.find((e) => e.UID === 'meeting-601@demo.jalon');
	assert.ok(copil, 'the COPIL meeting is there');
	assert.equal(copil.DTSTART_RAW, 'DTSTART;TZID=Europe/Paris:20260401T140000');
	assert.equal(copil.DTEND, '20260401T153000');
	assert.equal(copil.LOCATION, 'Salle du conseil\\, bâtiment A');
	assert.equal(copil.STATUS, 'TENTATIVE');
	assert.equal(copil.SEQUENCE, '0');
	assert.match(copil.DESCRIPTION, /Ordre du jour :\\n1\. Avancement\\; budget/);
	assert.match(changed.text, /BEGIN:VTIMEZONE\r\nTZID:Europe\/Paris\r\n/, 'the Paris time zone');
	const held = list.find((e) => e.UID === 'meeting-602@demo.jalon');
	assert.equal(held.DTSTART_RAW, 'DTSTART;VALUE=DATE:20260408');
	assert.equal(held.STATUS, 'CONFIRMED');
});

test('a meeting moved keeps its UID and gets a higher SEQUENCE', async () => {
	sql("UPDATE meeting SET held_on = '2026-04-03', status = 'annulee', sequence = sequence + 1 WHERE id = 601");
	const list = assertCalendar(await get('/api/v1/plans/demo/calendar.ics'), 'after the move');
	const copil = list.filter((e) => e.UID === 'meeting-601@demo.jalon');
	assert.equal(copil.length, 1, 'still one event');
	assert.equal(copil[0].SEQUENCE, '1');
	assert.equal(copil[0].DTSTART_RAW, 'DTSTART;TZID=Europe/Paris:20260403T140000');
	assert.equal(copil[0].STATUS, 'CANCELLED');
});

test('a committee\'s feed: its meetings and the milestones of its branches', async () => {
	const r = await get('/api/v1/plans/demo/instances/502/calendar.ics');
	const list = assertCalendar(r, 'committee feed');
	assert.match(r.text, /X-WR-CALNAME:.* — Comité réussite\r\n/);
	const inBranch = Number(sql(`WITH RECURSIVE tree(id) AS (SELECT ${portail}
	    UNION ALL SELECT e.id FROM element e JOIN tree t ON e.parent_id = t.id)
	  SELECT count(*) FROM milestone WHERE element_id IN (SELECT id FROM tree)`));
	const meetings = list.filter((e) => e.UID.startsWith('meeting-')).map((e) => e.UID);
	assert.deepEqual(meetings, ['meeting-602@demo.jalon'], 'its own meeting only');
	assert.equal(list.length - meetings.length, inBranch, 'the milestones under its branch');
	const whole = assertCalendar(await get('/plans/demo/instances/501/calendar.ics'), 'COPIL feed');
	const total = Number(sql("SELECT count(*) FROM milestone m JOIN element e ON e.id = m.element_id JOIN plan p ON p.id = e.plan_id WHERE p.slug = 'demo'"));
	assert.ok(inBranch > 0 && inBranch < total, 'the branch holds some of the milestones, not all');
	assert.equal(whole.length, total + 1, 'no branch: every milestone, and its meeting');
});

test('unknown plans and committees are 404', async () => {
	for (const path of ['/api/v1/plans/nope/calendar.ics', '/api/v1/plans/demo/instances/999/calendar.ics',
		'/api/v1/plans/region/instances/501/calendar.ics', '/api/v1/plans/demo/instances/x/calendar.ics']) {
		const r = await get(path);
		assert.equal(r.status, 404, `${path}: 404`);
		assert.equal(r.headers.get('content-type'), 'application/problem+json', `${path}: a problem`);
		assert.ok(JSON.parse(r.text).detail, `${path}: says why`);
	}
	const page = await get('/plans/demo/instances/999/calendar.ics');
	assert.equal(page.status, 404);
	assert.match(page.headers.get('content-type'), /^text\/html/);
});
