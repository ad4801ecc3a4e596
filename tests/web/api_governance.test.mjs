/*
 * api_governance.test.mjs — the committees of the JSON API (src/web/api_governance.c)
 * against a real `jalon ui` server, through HTTP only: instances imported from CSV (a
 * refused file names its lines and imports nothing) and written one at a time;
 * meetings with their agenda, attendees, decisions (one validating a milestone, whose
 * GET then shows it reached, validated by the instance, with the minutes reference),
 * action items and the follow-up of earlier ones; the "since the last meeting" digest
 * of the next meeting listing exactly what changed in between (weather, a slipped
 * milestone, a budget line); the decision log's search; 404, 409, 412, 428 and 422
 * answers.
 *
 * Dates are relative to today (the journal records real time): meeting 1 three days
 * ago, meeting 2 in three weeks, its digest asked with ?today=today.
 *
 * Node's built-in runner only; one server for the file (tests/web/lib.mjs), the tests
 * run in the order written, building on each other. Every request goes to 127.0.0.1.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { apiRequest, assertOk, startServer, stopServer } from './lib.mjs';

let server;
before(async () => { server = await startServer(); });
after(async () => { if (server) await stopServer(server); });

const api = (method, path, options) => apiRequest(server, method, path, options);

function assertProblem(r, status, what) {
	assert.equal(r.status, status, `${what}: status (body: ${r.text})`);
	assert.equal(r.headers.get('content-type'), 'application/problem+json', `${what}: content type`);
	assert.equal(r.json.status, status);
	assert.ok(typeof r.json.detail === 'string' && r.json.detail.length > 0, `${what}: detail`);
	return r.json;
}

const fields = (problem) => problem.errors.map((e) => e.field).sort();

/* Today and days around it, AAAA-MM-JJ in the local calendar (as the server's). */
function day(offset = 0) {
	const d = new Date();
	d.setDate(d.getDate() + offset);
	const pad = (n) => String(n).padStart(2, '0');
	return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}
const TODAY = day(0);
const frDate = (iso) => iso.split('-').reverse().join('/');

const PLAN_CSV = `code;parent;niveau;intitule;porteur
A;;Axe;Usagers;Alice Martin
P1;A;Projet;Portail;Bruno Lefèvre
P2;A;Projet;Appli;Alice Martin
B;;Axe;Infrastructures;
P3;B;Projet;Réseau;
`;

let plan;
let el;
const planPath = (rest = '') => `/api/v1/plans/${plan}${rest}`;
let instances; // name → instance
let recette, livraison, line; // milestones of P1, P2; a budget line of P2
let meeting1, meeting2, action;

test('a plan with milestones, a budget line and a weather report is prepared', async () => {
	plan = assertOk(await api('POST', '/api/v1/plans?title=Comités', { body: PLAN_CSV,
		type: 'text/csv; charset=utf-8' }), 201, 'plan').id;
	el = Object.fromEntries(assertOk(await api('GET', planPath('/elements')), 200, 'elements')
		.map((e) => [e.code, e]));
	recette = assertOk(await api('POST', planPath('/milestones'), { body: { element: el.P1.id,
		title: 'Recette', planned: day(30) } }), 201, 'milestone');
	livraison = assertOk(await api('POST', planPath('/milestones'), { body: { element: el.P2.id,
		title: 'Livraison', planned: day(60) } }), 201, 'milestone');
	line = assertOk(await api('POST', planPath('/budget-lines'), { body: { element: el.P2.id,
		year: 2026, nature: 'investissement', source: 'État', planned_cents: 100000 } }), 201, 'line');
	assertOk(await api('PUT', planPath(`/elements/${el.P1.id}/status`), { body: { weather: 'soleil',
		reported_on: day(-20) } }), 200, 'weather');
});

/* ---- instances ------------------------------------------------------------------------ */

const INSTANCES_CSV = `type;instance;role;frequence;composition;elements
COPIL;COPIL SDN;Pilotage stratégique;trimestrielle;Alice Martin (présidente)|Bruno Lefèvre;A
opérationnel;Comité de suivi;Suivi des projets;mensuelle;Chloé Petit;
`;

test('a CSV file with errors is refused line by line and imports nothing', async () => {
	const bad = `type;instance;role;frequence;composition;elements
pilotage;COPIL SDN;;;;
inconnu;Autre;;;;
transverse;copil sdn;;;;ZZ9
`;
	const problem = assertProblem(await api('POST', planPath('/instances'), { body: bad,
		type: 'text/csv' }), 422, 'refused file');
	const lines = problem.errors.filter((e) => e.line).map((e) => e.line);
	assert.ok(lines.includes(3), `line 3 (unknown type) is named: ${JSON.stringify(problem.errors)}`);
	assert.ok(lines.includes(4), `line 4 (duplicate name, unknown branch) is named: ${JSON.stringify(problem.errors)}`);
	assert.deepEqual(assertOk(await api('GET', planPath('/instances')), 200, 'list'), [], 'nothing imported');
});

test('a CSV file imports the instances with members and branches', async () => {
	const r = assertOk(await api('POST', planPath('/instances'), { body: INSTANCES_CSV,
		type: 'text/csv; charset=utf-8' }), 200, 'import');
	assert.equal(r.imported, 2);
	const list = assertOk(await api('GET', planPath('/instances')), 200, 'list');
	instances = Object.fromEntries(list.map((i) => [i.name, i]));
	const copil = instances['COPIL SDN'];
	assert.equal(copil.kind, 'pilotage');
	assert.equal(copil.frequency, 'trimestrielle');
	assert.deepEqual(copil.members, [{ name: 'Alice Martin', role: 'présidente' },
		{ name: 'Bruno Lefèvre', role: null }]);
	assert.deepEqual(copil.branches, [el.A.id]);
	assert.deepEqual(copil.branch_codes, ['A']);
	assert.equal(instances['Comité de suivi'].kind, 'operationnel');
	assert.deepEqual(instances['Comité de suivi'].branches, []);
});

test('an instance is created, read, patched with If-Match and deleted', async () => {
	const r = await api('POST', planPath('/instances'), { body: { kind: 'transverse',
		name: 'Comité des usagers', members: [{ name: 'Dora' }], branches: [el.B.id] } });
	const created = assertOk(r, 201, 'create');
	assert.equal(r.headers.get('etag'), `"i${created.id}-1"`);
	assert.equal(r.headers.get('location'), `/api/v1/plans/${plan}/instances/${created.id}`);
	const path = planPath(`/instances/${created.id}`);
	assert.deepEqual(assertOk(await api('GET', path), 200, 'get'), created);

	assertProblem(await api('PATCH', path, { body: { frequency: 'annuelle' } }), 428, 'no If-Match');
	const patched = await api('PATCH', path, { body: { frequency: 'annuelle' },
		headers: { 'If-Match': `"i${created.id}-1"` } });
	assert.equal(assertOk(patched, 200, 'patch').frequency, 'annuelle');
	assertProblem(await api('PATCH', path, { body: { role: 'x' },
		headers: { 'If-Match': `"i${created.id}-1"` } }), 412, 'stale');

	const dup = assertProblem(await api('POST', planPath('/instances'), { body: { name: 'copil sdn' } }),
		422, 'duplicate name');
	assert.deepEqual(fields(dup), ['name']);
	const bad = assertProblem(await api('POST', planPath('/instances'), { body: { name: 'X',
		kind: 'nimporte', branches: [999999] } }), 422, 'bad kind and branch');
	assert.deepEqual(fields(bad), ['branches', 'kind']);
	assertProblem(await api('POST', planPath('/instances'), { body: { name: 3 } }), 400, 'wrong type');
	assertProblem(await api('POST', planPath('/instances'), { body: { name: 'X', colour: 'red' } }),
		400, 'unknown field');

	assert.equal((await api('DELETE', path)).status, 204);
	assertProblem(await api('GET', path), 404, 'deleted');
	assertProblem(await api('GET', '/api/v1/plans/demo/instances/' + instances['COPIL SDN'].id), 404,
		'another plan\'s instance');
});

/* ---- meeting 1: prepared, held, decided ------------------------------------------------- */

test('meeting 1 is created and its agenda prepared', async () => {
	const copil = instances['COPIL SDN'];
	const bad = assertProblem(await api('POST', planPath('/meetings'), { body: { instance: copil.id,
		date: '2026-02-30', start: '25:00' } }), 422, 'bad meeting');
	assert.deepEqual(fields(bad), ['date', 'start']);
	const link = assertProblem(await api('POST', planPath('/meetings'), { body: { instance: copil.id,
		date: day(-3), video_url: 'javascript:alert(1)' } }), 422, 'bad link');
	assert.deepEqual(fields(link), ['video_url']);
	assertProblem(await api('POST', planPath('/meetings'), { body: { instance: 999999, date: day(-3) } }),
		422, 'unknown instance');
	assert.deepEqual(assertOk(await api('GET', planPath('/meetings')), 200, 'list'), [], 'nothing created');

	const r = await api('POST', planPath('/meetings'), { body: { instance: copil.id, date: day(-3),
		start: '14:30', duration: 120, place: 'Salle du conseil' } });
	meeting1 = assertOk(r, 201, 'meeting 1');
	assert.equal(meeting1.instance_name, 'COPIL SDN');
	assert.equal(meeting1.status, 'prevue');
	assert.equal(meeting1.start, '14:30');
	assert.deepEqual([meeting1.agenda, meeting1.attendees, meeting1.decisions], [[], [], []]);

	const m = `/meetings/${meeting1.id}`;
	const p1 = assertOk(await api('POST', planPath(`${m}/agenda`), { body: { title: 'Point sur le portail',
		element: el.P1.id, for_decision: true } }), 201, 'agenda 1');
	const p2 = assertOk(await api('POST', planPath(`${m}/agenda`), { body: { title: 'Questions diverses' } }),
		201, 'agenda 2');
	assert.equal(p1.element_code, 'P1');
	assert.equal(p2.position, 2);
	const two = assertProblem(await api('POST', planPath(`${m}/agenda`), { body: { title: 'x',
		element: el.P1.id, risk: 1 } }), 422, 'two links');
	assert.ok(two.errors.length >= 1);

	const moved = await api('PATCH', planPath(`/agenda-items/${p2.id}`), { body: { move: -1 },
		headers: { 'If-Match': `"g${p2.id}-1"` } });
	assert.equal(assertOk(moved, 200, 'move').position, 1);
	assertProblem(await api('PATCH', planPath(`/agenda-items/${p2.id}`), { body: { title: 'y' } }), 428,
		'agenda PATCH without If-Match');

	const attendees = await api('PUT', planPath(`${m}/attendees`), { body: [
		{ name: 'Alice Martin', presence: 'present' }, { name: 'Bruno Lefèvre', presence: 'excuse' }] });
	assert.deepEqual(assertOk(attendees, 200, 'attendees').attendees, [
		{ name: 'Alice Martin', presence: 'present' }, { name: 'Bruno Lefèvre', presence: 'excuse' }]);
	assertProblem(await api('PUT', planPath(`${m}/attendees`), { body: [{ name: 'A' }, { name: 'a' }] }),
		422, 'duplicate attendee');

	const full = assertOk(await api('GET', planPath(m)), 200, 'meeting 1');
	assert.deepEqual(full.agenda.map((a) => a.title), ['Questions diverses', 'Point sur le portail']);
	assert.equal(full.attendees.length, 2);
});

test('two decisions, one validating a milestone: the milestone is reached', async () => {
	const m = `/meetings/${meeting1.id}`;
	const refused = assertProblem(await api('POST', planPath(`${m}/decisions`), { body: {
		kind: 'validation', text: 'Valider', effect: 'jalon-atteint' } }), 422, 'effect without milestone');
	assert.deepEqual(fields(refused), ['milestone']);
	assert.equal(assertOk(await api('GET', planPath(`/milestones/${recette.id}`)), 200, 'untouched').status,
		'a-venir', 'nothing applied');

	const d1 = assertOk(await api('POST', planPath(`${m}/decisions`), { body: { kind: 'validation',
		text: 'La recette du portail est prononcée.', elements: [el.P1.id], effect: 'jalon-atteint',
		milestone: recette.id } }), 201, 'decision 1');
	assert.match(d1.effect_summary, /Recette/);
	assert.equal(d1.instance_name, 'COPIL SDN');
	const d2 = assertOk(await api('POST', planPath(`${m}/decisions`), { body: { kind: 'arbitrage',
		text: 'Le budget de l\'appli est porté à 1 500 €.', elements: [el.P2.id] } }), 201, 'decision 2');
	assert.equal(d2.effect, null);

	const reached = assertOk(await api('GET', planPath(`/milestones/${recette.id}`)), 200, 'milestone');
	assert.equal(reached.status, 'atteint');
	assert.equal(reached.actual, day(-3), 'reached on the meeting\'s date');
	assert.equal(reached.validated_by, 'COPIL SDN');
	assert.equal(reached.validated_on, day(-3));
	assert.equal(reached.minutes_ref, `Séance COPIL SDN du ${frDate(day(-3))}`);

	const patched = await api('PATCH', planPath(`/decisions/${d2.id}`), { body: { text: 'Budget porté à 1 500 €.' },
		headers: { 'If-Match': `"d${d2.id}-1"` } });
	assert.equal(assertOk(patched, 200, 'patch decision').text, 'Budget porté à 1 500 €.');
	assertProblem(await api('PATCH', planPath(`/decisions/${d2.id}`), { body: { effect: 'phase' },
		headers: { 'If-Match': `"d${d2.id}-2"` } }), 400, 'an effect cannot be changed');

	const conflict = assertProblem(await api('DELETE', planPath(m)), 409, 'meeting with decisions');
	assert.match(conflict.detail, /décision/);
	const inUse = assertProblem(await api('DELETE', planPath(`/instances/${instances['COPIL SDN'].id}`)),
		409, 'instance with meetings');
	assert.match(inUse.detail, /séance/);
});

test('an action item is raised at meeting 1, the meeting is held', async () => {
	const r = await api('POST', planPath('/actions'), { body: { text: 'Préparer le cahier des charges',
		owner: 'Bruno Lefèvre', due: day(10), element: el.P2.id, meeting: meeting1.id } });
	action = assertOk(r, 201, 'action');
	assert.equal(action.status, 'a-faire');
	assert.equal(action.open, true);
	assert.equal(action.created_on, TODAY);
	assert.equal(action.closed_on, null);
	assertProblem(await api('POST', planPath('/actions'), { body: { owner: 'X' } }), 422, 'no text');
	const held = await api('PATCH', planPath(`/meetings/${meeting1.id}`), { body: { status: 'tenue',
		minutes: '# Relevé\n\n- recette prononcée' }, headers: { 'If-Match': `"s${meeting1.id}-1"` } });
	const m1 = assertOk(held, 200, 'held');
	assert.equal(m1.status, 'tenue');
	assert.ok(m1.sequence > meeting1.sequence, 'the status change bumps SEQUENCE');
	assert.deepEqual(m1.actions.map((a) => a.text), ['Préparer le cahier des charges']);
	assert.equal(m1.decisions.length, 2);
});

/* ---- between the meetings, then meeting 2 ------------------------------------------------- */

test('changes between the meetings appear in meeting 2\'s digest, its follow-up shows the action', async () => {
	assertOk(await api('PUT', planPath(`/elements/${el.P1.id}/status`), { body: { weather: 'orage',
		reported_on: TODAY, comment: 'Retard du prestataire' } }), 200, 'weather');
	const lv = await api('GET', planPath(`/milestones/${livraison.id}`));
	assertOk(await api('PATCH', planPath(`/milestones/${livraison.id}`), { body: { forecast: day(90) },
		headers: { 'If-Match': lv.headers.get('etag') } }), 200, 'slip');
	const bl = await api('GET', planPath(`/budget-lines/${line.id}`));
	assertOk(await api('PATCH', planPath(`/budget-lines/${line.id}`), { body: { planned_cents: 150000 },
		headers: { 'If-Match': bl.headers.get('etag') } }), 200, 'budget');
	/* Outside the scope of COPIL SDN (branch A): not in its digest. */
	assertOk(await api('PUT', planPath(`/elements/${el.P3.id}/status`), { body: { weather: 'nuage',
		reported_on: TODAY } }), 200, 'weather out of scope');

	meeting2 = assertOk(await api('POST', planPath('/meetings'), { body: {
		instance: instances['COPIL SDN'].id, date: day(21) } }), 201, 'meeting 2');
	const full = assertOk(await api('GET', planPath(`/meetings/${meeting2.id}`)), 200, 'meeting 2');
	assert.deepEqual(full.followups.map((a) => [a.id, a.text, a.status]),
		[[action.id, 'Préparer le cahier des charges', 'a-faire']]);

	const digest = assertOk(await api('GET', planPath(`/meetings/${meeting2.id}/digest?today=${TODAY}`)),
		200, 'digest');
	assert.equal(digest.previous_meeting, meeting1.id);
	assert.equal(digest.from, day(-2));
	assert.equal(digest.to, TODAY);
	/* Exactly what changed under branch A since the day after meeting 1: the weather of
	 * P1, the slipped milestone, and the budget line (created in the window too: one
	 * entry, from nothing to its latest planned amount); not the milestone meeting 1
	 * itself validated (recorded today, but validated on meeting 1's day: no news to
	 * meeting 2), not the weather of P3 (branch B), not the open action (due in ten
	 * days). */
	assert.deepEqual(digest.entries.map((e) => [e.kind, e.element_code, e.subject, e.before, e.after, e.detail]), [
		['weather', 'P1', 'Portail', 'soleil', 'orage', 'Retard du prestataire'],
		['milestone_slipped', 'P2', 'Livraison', day(60), day(90), null],
		['budget', 'P2', '2026 investissement État', '', '150000', 'ligne créée'],
	]);
	assert.ok(digest.entries.every((e) => e.date === TODAY), 'each dated the day it happened');
	assert.ok(digest.entries.every((e) => e.kind !== 'action_closed'));
});

test('closing the action: meeting 2 shows it closed once', async () => {
	const r = await api('PATCH', planPath(`/actions/${action.id}`), { body: { status: 'faite' },
		headers: { 'If-Match': `"a${action.id}-1"` } });
	const closed = assertOk(r, 200, 'close');
	assert.equal(closed.closed_on, TODAY);
	assert.equal(closed.open, false);
	const full = assertOk(await api('GET', planPath(`/meetings/${meeting2.id}`)), 200, 'meeting 2');
	assert.deepEqual(full.followups.map((a) => [a.id, a.status]), [[action.id, 'faite']]);
	const digest = assertOk(await api('GET', planPath(`/meetings/${meeting2.id}/digest?today=${TODAY}`)),
		200, 'digest');
	assert.deepEqual(digest.entries.filter((e) => e.kind === 'action_closed').map((e) => e.subject),
		['Préparer le cahier des charges']);
	assertProblem(await api('GET', planPath(`/meetings/${meeting2.id}/digest?today=demain`)), 400, 'bad today');
});

/* ---- lists and searches ------------------------------------------------------------------ */

test('meetings, actions and decisions are listed and searched', async () => {
	const all = assertOk(await api('GET', planPath('/meetings')), 200, 'meetings');
	assert.deepEqual(all.map((m) => m.id), [meeting1.id, meeting2.id]);
	const none = assertOk(await api('GET', planPath(`/meetings?instance=${instances['Comité de suivi'].id}`)),
		200, 'other instance');
	assert.deepEqual(none, []);
	assertProblem(await api('GET', planPath('/meetings?instance=999999')), 404, 'unknown instance');

	const open = assertOk(await api('GET', planPath('/actions?open=true')), 200, 'open actions');
	assert.deepEqual(open, []);
	const bruno = assertOk(await api('GET', planPath('/actions?owner=bruno lefevre')), 200, 'owner');
	assert.deepEqual(bruno.map((a) => a.id), [action.id], 'owner matched ignoring case and accents');
	assertProblem(await api('GET', planPath('/actions?open=peut-être')), 400, 'bad open');

	const found = assertOk(await api('GET', planPath('/decisions?q=recette portail')), 200, 'search');
	assert.deepEqual(found.map((d) => d.text), ['La recette du portail est prononcée.']);
	const arbitrages = assertOk(await api('GET', planPath('/decisions?kind=arbitrage')), 200, 'kind');
	assert.deepEqual(arbitrages.map((d) => d.kind), ['arbitrage']);
	const later = assertOk(await api('GET', planPath(`/decisions?from=${day(1)}`)), 200, 'from');
	assert.deepEqual(later, []);
	assertProblem(await api('GET', planPath('/decisions?kind=vote')), 400, 'unknown kind');
	assertProblem(await api('GET', planPath('/decisions/999999')), 404, 'unknown decision');
	const one = await api('GET', planPath(`/decisions/${found[0].id}`));
	assert.deepEqual(assertOk(one, 200, 'one decision'), found[0]);
	assert.equal(one.headers.get('etag'), `"d${found[0].id}-${found[0].version}"`);
	assertProblem(await api('POST', planPath('/actions'), { body: 'text=x', type: 'application/x-www-form-urlencoded' }),
		415, 'not JSON');
	assertProblem(await api('POST', planPath('/actions'), { body: '{"text": ', type: 'application/json' }),
		400, 'bad JSON');
});

test('deleting: an agenda point, an action, a decision, then the meeting', async () => {
	const full = assertOk(await api('GET', planPath(`/meetings/${meeting1.id}`)), 200, 'meeting 1');
	const point = full.agenda[0];
	assertProblem(await api('DELETE', planPath(`/agenda-items/${point.id}`),
		{ headers: { 'If-Match': '"g1-999"' } }), 412, 'stale agenda delete');
	assert.equal((await api('DELETE', planPath(`/agenda-items/${point.id}`))).status, 204);
	assertProblem(await api('PATCH', planPath(`/agenda-items/${point.id}`), { body: { title: 'x' },
		headers: { 'If-Match': `"g${point.id}-1"` } }), 404, 'deleted point');
	const a = await api('GET', planPath(`/actions/${action.id}`));
	assertOk(a, 200, 'action');
	assert.equal((await api('DELETE', planPath(`/actions/${action.id}`),
		{ headers: { 'If-Match': a.headers.get('etag') } })).status, 204);
	for (const d of full.decisions)
		assert.equal((await api('DELETE', planPath(`/decisions/${d.id}`))).status, 204);
	assert.equal(assertOk(await api('GET', planPath(`/milestones/${recette.id}`)), 200, 'milestone').status,
		'atteint', 'deleting a decision does not undo its effect');
	assert.equal((await api('DELETE', planPath(`/meetings/${meeting1.id}`))).status, 204);
	assertProblem(await api('GET', planPath(`/meetings/${meeting1.id}`)), 404, 'deleted meeting');
	assertProblem(await api('GET', '/api/v1/plans/nope/meetings'), 404, 'unknown plan');
});

test('a CSV import with ?replace=true deletes the instances it does not name, never one that has met', async () => {
	const onlySuivi = `type;instance;role;frequence;composition\nsuivi;Comité de suivi;Suivi;hebdomadaire;Chloé Petit\n`;
	const refused = assertProblem(await api('POST', planPath('/instances?replace=true'), { body: onlySuivi,
		type: 'text/csv' }), 422, 'COPIL SDN has a meeting');
	assert.match(JSON.stringify(refused.errors), /COPIL SDN|séance/);
	assert.deepEqual(assertOk(await api('GET', planPath('/instances')), 200, 'list').map((i) => i.name),
		['COPIL SDN', 'Comité de suivi'], 'nothing written');
	assertProblem(await api('POST', planPath('/instances?replace=peut-être'), { body: onlySuivi,
		type: 'text/csv' }), 400, 'bad replace');

	const onlyCopil = `type;instance;role;frequence;composition\npilotage;copil sdn;Pilotage;semestrielle;Alice Martin\n`;
	const r = assertOk(await api('POST', planPath('/instances?replace=true'), { body: onlyCopil,
		type: 'text/csv' }), 200, 'replace');
	assert.deepEqual([r.imported, r.created, r.updated, r.replaced], [1, 0, 1, true]);
	const list = assertOk(await api('GET', planPath('/instances')), 200, 'list');
	assert.deepEqual(list.map((i) => [i.id, i.name, i.frequency]),
		[[instances['COPIL SDN'].id, 'copil sdn', 'semestrielle']],
		'the same instance updated (matched ignoring case, the file\'s spelling kept), the other deleted');
});
