/*
 * api_committee_cycle.test.mjs — issue 6's bar on a real plan: the demo university's
 * schéma directeur (data/demo: 62 elements, its 22 budget lines), through the JSON API
 * only. Its four committees are imported from CSV; the COPIL, steering axes AX1 and AX3,
 * prepares a meeting, holds it and records two decisions, one validating a milestone;
 * an action item raised there is followed to the next meeting; between the two, owners
 * change weather, a forecast and a budget line, in the COPIL's branches and out of
 * them; the next meeting's digest lists exactly the changes in its branches.
 *
 * The plan's setup (budget import, milestones created before meeting 1) is backdated
 * in the database to 20 days ago, as a plan's history would be; everything else happens
 * now, as users would do it. Meeting 1 was 10 days ago, meeting 2 is in a week.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { SOURCE_ROOT, apiRequest, assertOk, day, startServer, stopServer } from './lib.mjs';

let server;
before(async () => { server = await startServer(); });
after(async () => { if (server) await stopServer(server); });

const api = (method, path, options) => apiRequest(server, method, `/api/v1/plans/demo${path}`, options);
const CSV = 'text/csv; charset=utf-8';
const sql = (statements) => execFileSync('sqlite3', [server.db, statements]);

let el; // code → element
let recette, ouverture, copil, meeting1, meeting2, action;

test('the demo plan gets its budget and two milestones of its own, 20 days ago', async () => {
	el = Object.fromEntries(assertOk(await api('GET', '/elements'), 200, 'elements').map((e) => [e.code, e]));
	assert.equal(Object.keys(el).length, 62);
	const budget = readFileSync(join(SOURCE_ROOT, 'data', 'demo', 'budget.csv'), 'utf8');
	assertOk(await api('POST', '/budget-lines', { body: budget, type: CSV }), 200, 'budget');
	recette = assertOk(await api('POST', '/milestones', { body: { element: el['AX1.A2.P1'].id,
		title: 'Recette du guichet', planned: day(-5).iso } }), 201, 'milestone');
	ouverture = assertOk(await api('POST', '/milestones', { body: { element: el['AX3.A1.P3'].id,
		title: 'Ouverture du SIRH', planned: day(60).iso } }), 201, 'milestone');
	sql(`UPDATE change_log SET at = '${day(-20).iso}T09:00:00Z'`);
});

test('the four committees of the university are imported from CSV', async () => {
	const file = 'type;instance;role;frequence;composition;elements\n' +
		'gouvernance;Conseil d\'administration;Adopte le schéma et ses révisions;2 fois par an;' +
		'Président (président) | Vice-présidente numérique;\n' +
		'COPIL;COPIL SDN;Pilote les axes de formation et d\'administration;trimestrielle;' +
		'Vice-présidente numérique (présidente) | DGS | Directeur du numérique (secrétaire);AX1|AX3\n' +
		'opérationnel;Comité de suivi des projets;Suit les projets;mensuelle;Directeur du numérique | Chefs de projet;\n' +
		'transverse;Groupe accessibilité;Veille au RGAA;trimestrielle;Référente handicap;AX5\n';
	assert.equal(assertOk(await api('POST', '/instances', { body: file, type: CSV }), 200, 'import').created, 4);
	const list = assertOk(await api('GET', '/instances'), 200, 'instances');
	assert.deepEqual(list.map((i) => [i.kind, i.name, i.members.length]), [
		['gouvernance', 'Conseil d\'administration', 2],
		['pilotage', 'COPIL SDN', 3],
		['operationnel', 'Comité de suivi des projets', 2],
		['transverse', 'Groupe accessibilité', 1],
	]);
	copil = list[1];
	assert.deepEqual(copil.branches, [el.AX1.id, el.AX3.id], 'the branches it steers');
});

test('meeting 1 of the COPIL, ten days ago: prepared, held, two decisions, one action', async () => {
	meeting1 = assertOk(await api('POST', '/meetings', { body: { instance: copil.id, date: day(-10).iso,
		start: '14:00', place: 'Salle du conseil' } }), 201, 'meeting 1');
	const m = `/meetings/${meeting1.id}`;
	for (const point of [
		{ title: 'Recette du guichet', element: el['AX1.A2.P1'].id, for_decision: true },
		{ title: 'Budget 2027 du SIRH', element: el['AX3.A1.P3'].id, for_decision: true },
		{ title: 'Questions diverses' },
	])
		assertOk(await api('POST', `${m}/agenda`, { body: point }), 201, point.title);
	assertOk(await api('PUT', `${m}/attendees`, { body: [
		{ name: 'Vice-présidente numérique', presence: 'present' }, { name: 'DGS', presence: 'present' },
		{ name: 'Directeur du numérique', presence: 'excuse' }] }), 200, 'attendees');

	const validation = assertOk(await api('POST', `${m}/decisions`, { body: { kind: 'validation',
		text: 'La recette du guichet est prononcée.', elements: [el['AX1.A2.P1'].id],
		effect: 'jalon-atteint', milestone: recette.id } }), 201, 'decision 1');
	assert.match(validation.effect_summary, /Recette du guichet/);
	assertOk(await api('POST', `${m}/decisions`, { body: { kind: 'arbitrage',
		text: 'Le budget 2027 du SIRH est maintenu.', elements: [el['AX3.A1.P3'].id] } }), 201, 'decision 2');
	const reached = assertOk(await api('GET', `/milestones/${recette.id}`), 200, 'milestone');
	assert.deepEqual([reached.status, reached.actual, reached.validated_by, reached.validated_on,
		reached.minutes_ref], ['atteint', day(-10).iso, 'COPIL SDN', day(-10).iso,
		`Séance COPIL SDN du ${day(-10).fr}`]);

	action = assertOk(await api('POST', '/actions', { body: { text: 'Chiffrer la reprise des données RH',
		owner: 'Directeur du numérique', due: day(5).iso, element: el['AX3.A1.P3'].id,
		meeting: meeting1.id } }), 201, 'action');
	const held = await api('PATCH', m, { body: { status: 'tenue' },
		headers: { 'If-Match': `"s${meeting1.id}-1"` } });
	assert.equal(assertOk(held, 200, 'held').status, 'tenue');
});

test('between the meetings, owners update their projects, in the COPIL\'s branches and out', async () => {
	assertOk(await api('PUT', `/elements/${el['AX1.A1.P1'].id}/status`, { body: { weather: 'nuage',
		reported_on: day(0).iso, comment: 'Migration des cours plus lente que prévu' } }), 200, 'weather AX1');
	assertOk(await api('PUT', `/elements/${el['AX4.A1.P1'].id}/status`, { body: { weather: 'orage',
		reported_on: day(0).iso } }), 200, 'weather AX4, out of the COPIL\'s branches');
	const o = await api('GET', `/milestones/${ouverture.id}`);
	assertOk(await api('PATCH', `/milestones/${ouverture.id}`, { body: { forecast: day(120).iso },
		headers: { 'If-Match': o.headers.get('etag') } }), 200, 'slip');
	const lines = assertOk(await api('GET', '/budget-lines'), 200, 'lines');
	const line = lines.find((l) => l.element === el['AX1.A1.P1'].id && l.year === 2026 && l.nature === 'investissement');
	const lr = await api('GET', `/budget-lines/${line.id}`);
	assertOk(await api('PATCH', `/budget-lines/${line.id}`, { body: { planned_cents: 20000000 },
		headers: { 'If-Match': lr.headers.get('etag') } }), 200, 'budget');
});

test('meeting 2: the action is in its follow-up, its digest says exactly what changed', async () => {
	meeting2 = assertOk(await api('POST', '/meetings', { body: { instance: copil.id, date: day(7).iso } }),
		201, 'meeting 2');
	const full = assertOk(await api('GET', `/meetings/${meeting2.id}`), 200, 'meeting 2');
	assert.deepEqual(full.followups.map((a) => [a.text, a.status]),
		[['Chiffrer la reprise des données RH', 'a-faire']]);

	const digest = assertOk(await api('GET', `/meetings/${meeting2.id}/digest?today=${day(0).iso}`), 200, 'digest');
	assert.equal(digest.previous_meeting, meeting1.id);
	assert.equal(digest.from, day(-9).iso);
	assert.equal(digest.to, day(0).iso);
	/* In AX1 and AX3 since the day after meeting 1: the weather of AX1.A1.P1, the
	 * SIRH's slipped opening, the 2026 line of AX1.A1.P1 — not AX4's storm, not the
	 * milestone meeting 1 itself validated, not the open action (due in five days), not
	 * the setup 20 days ago. */
	assert.deepEqual(digest.entries.map((e) => [e.kind, e.element_code, e.subject, e.before, e.after]), [
		['weather', 'AX1.A1.P1', el['AX1.A1.P1'].title, null, 'nuage'],
		['milestone_slipped', 'AX3.A1.P3', 'Ouverture du SIRH', day(60).iso, day(120).iso],
		['budget', 'AX1.A1.P1', '2026 investissement Région', '18000000', '20000000'],
	]);
});

test('the action closed before meeting 2 shows there closed, once', async () => {
	const r = await api('PATCH', `/actions/${action.id}`, { body: { status: 'faite' },
		headers: { 'If-Match': `"a${action.id}-1"` } });
	assert.equal(assertOk(r, 200, 'close').closed_on, day(0).iso);
	const full = assertOk(await api('GET', `/meetings/${meeting2.id}`), 200, 'meeting 2');
	assert.deepEqual(full.followups.map((a) => [a.text, a.status]),
		[['Chiffrer la reprise des données RH', 'faite']]);
	const digest = assertOk(await api('GET', `/meetings/${meeting2.id}/digest?today=${day(0).iso}`), 200, 'digest');
	assert.deepEqual(digest.entries.filter((e) => e.kind === 'action_closed').map((e) => e.subject),
		['Chiffrer la reprise des données RH']);
});
