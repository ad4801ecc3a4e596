/*
 * api_access_matrix.test.mjs — who may do what on `jalon serve` (src/web/auth.c, the
 * guard; src/core/access.c, the rules), written as a table that reads as the spec: one
 * row per action, one column per account, the exact answer in each cell; one subtest
 * per cell, through the API and through the web forms (submitted with the fields the
 * page gives an administrator and the session's own CSRF token).
 *
 * The organisations: ComUE C, Université A (member of C), Université B. Plans: pa (A,
 * the demo plan with its committees, milestones, budget lines and two indicators), pb
 * (B, the regional plan), pub (B, public). Accounts:
 *   admin    administrateur on every organisation
 *   pmo      pilotage on A
 *   pmoC     pilotage on C (inherited by A's plans)
 *   porteur  porteur on A, label « DSI – pôle usages et pédagogie numérique » (owner of
 *            AX1.A1 and AX1.A1.P1; not of AX1.A2.P1, « DSI – pôle applications »)
 *   membre   membre-instance on A, label « Directeur du numérique » (sits on the COPIL
 *            SDN, not on the Conseil d'administration)
 *   lecteur  lecteur on A
 *   outsider lecteur on B only
 *   anon     nobody signed in
 * The bar: a porteur edits their action and not their neighbour's (403); a user of
 * organisation A gets 404 for a plan of organisation B — by id, by page and by API.
 *
 * Answers: a number is the exact status; 'login' is the sign-in answer for nobody (401
 * under /api/, else 303 to /login?next=…); 'done' is a web form's success (303 to a
 * page that is not the sign-in page).
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { SOURCE_ROOT, startServe, stopServer } from './lib.mjs';
import { client, formFields, hiddenCsrf, PASSWORD } from './access_lib.mjs';

const DEMO = join(SOURCE_ROOT, 'data', 'demo');
const OWN_LABEL = 'DSI – pôle usages et pédagogie numérique';
const INDICATORS = `code;nom;famille;unite;sens;frequence;valeur_initiale;date_initiale;cible;date_cible;elements
I1;Espaces migrés;adoption et satisfaction;%;hausse;mensuelle;0;2025-01-01;100;2026-12-31;AX1.A1.P1
I2;Démarches en ligne;adoption et satisfaction;nombre;hausse;mensuelle;0;2025-01-01;50;2026-12-31;AX1.A2.P1
`;

const ROLES = ['admin', 'pmo', 'pmoC', 'porteur', 'membre', 'lecteur', 'outsider', 'anon'];

let server;
const who = {}; // role → client
const ids = {}; // what the cells name
let serial = 0;
const unique = (prefix) => `${prefix}${process.pid % 1000}${++serial}`;

async function setup(run, dir) {
	run('organisation-add', 'ComUE C', '--kind', 'comue');
	run('organisation-add', 'Université A', '--parent', 'ComUE C');
	run('organisation-add', 'Université B');
	run('import', join(DEMO, 'plan.csv'), '--id', 'pa', '--organisation', 'Université A');
	run('import', join(SOURCE_ROOT, 'tests', 'data', 'regional.csv'), '--id', 'pb', '--organisation', 'Université B');
	run('import', join(SOURCE_ROOT, 'tests', 'data', 'university.csv'), '--id', 'pub', '--organisation', 'Université B');
	run('plan', 'pub', '--public', 'oui');
	run('import-instances', 'pa', join(DEMO, 'instances.csv'));
	run('import-milestones', 'pa', join(DEMO, 'milestones.csv'));
	run('import-budget', 'pa', join(DEMO, 'budget.csv'));
	writeFileSync(join(dir, 'indicators.csv'), INDICATORS);
	run('import-indicators', 'pa', join(dir, 'indicators.csv'));
	const add = (login, ...opts) => run('user', 'add', login, '--name', `Compte ${login}`, ...opts, { input: `${PASSWORD}\n` });
	add('admin', '--role', 'administrateur');
	add('pmo', '--role', 'pilotage', '--organisation', 'Université A');
	add('pmoc', '--role', 'pilotage', '--organisation', 'ComUE C');
	add('porteur', '--role', 'porteur', '--organisation', 'Université A', '--label', OWN_LABEL);
	add('membre', '--role', 'membre-instance', '--organisation', 'Université A', '--label', 'Directeur du numérique');
	add('lecteur', '--role', 'lecteur', '--organisation', 'Université A');
	add('outsider', '--role', 'lecteur', '--organisation', 'Université B');
}

const A = (path) => `/api/v1/plans/pa${path}`;
const api = (role, method, path, options) => who[role].request(method, path, options);
const admin = (method, path, options) => who.admin.request(method, path, options);

async function adminOk(method, path, options, status) {
	const r = await admin(method, path, options);
	assert.equal(r.status, status, `admin ${method} ${path} (body: ${r.text})`);
	return r.json;
}

/* A PATCH with the If-Match of the resource as it is now. */
async function patch(role, path, json) {
	const current = await admin('GET', path);
	assert.equal(current.status, 200, `GET ${path} for its ETag (${current.text})`);
	return api(role, 'PATCH', path, { json, headers: { 'If-Match': current.headers.get('etag') } });
}

/* A fresh element under parent (a code, or null: at the top) as admin; its id. */
async function freshElement(parent, owner = OWN_LABEL) {
	const e = await adminOk('POST', A('/elements'), { json: { code: unique('T'), level: 'Action',
		title: 'Élément de test', parent, owner } }, 201);
	return e.id;
}

/* A fresh change (a title changed by admin) on element id; its journal row's id. */
async function freshChange(id) {
	await patch('admin', A(`/elements/${id}`), { title: unique('Titre ') });
	const list = await adminOk('GET', A(`/changes?element=${id}&limit=1`), undefined, 200);
	return list.changes[0].id;
}

/* A form of a page (read as admin) submitted by role with its own CSRF token; extra
 * fields override the page's. */
async function submitForm(role, page, action, extra = {}) {
	const html = await admin('GET', page);
	assert.equal(html.status, 200, `admin GET ${page}`);
	const fields = formFields(html.text, action);
	assert.ok(fields, `a form posting to ${action} on ${page}`);
	return api(role, 'POST', action, { form: { ...fields, ...extra, csrf: who[role].csrf || 'x' } });
}

before(async () => {
	server = await startServe({ setup });
	for (const role of ROLES) who[role] = client(server, role);
	for (const role of ROLES.filter((r) => r !== 'anon'))
		await who[role].signIn(role === 'pmoC' ? 'pmoc' : role);
	const byCode = async (plan) => Object.fromEntries((await adminOk('GET', `/api/v1/plans/${plan}/elements`, undefined, 200))
		.map((e) => [e.code, e.id]));
	ids.pa = await byCode('pa');
	ids.pb = await byCode('pb');
	ids.pub = await byCode('pub');
	ids.own = ids.pa['AX1.A1.P1'];
	ids.neighbour = ids.pa['AX1.A2.P1'];
	ids.ownBranch = ids.pa['AX1.A1'];
	ids.pbElement = Object.values(ids.pb)[3];
	ids.pubElement = Object.values(ids.pub)[0];
	ids.pbPlan = execFileSync('sqlite3', [server.db, "SELECT id FROM plan WHERE slug = 'pb'"]).toString().trim();
	const milestones = await adminOk('GET', A('/milestones'), undefined, 200);
	ids.ownMilestone = milestones.find((m) => m.element === ids.own).id;
	ids.foreignMilestone = milestones.find((m) => m.element === ids.neighbour).id;
	const lines = await adminOk('GET', A('/budget-lines'), undefined, 200);
	ids.ownLine = lines.find((l) => l.element === ids.own).id;
	ids.foreignLine = lines.find((l) => l.element === ids.neighbour).id;
	ids.ownRisk = (await adminOk('POST', A('/risks'), { json: { element: ids.own, description: 'Retard',
		probability: 3, impact: 2 } }, 201)).id;
	ids.foreignRisk = (await adminOk('POST', A('/risks'), { json: { element: ids.neighbour, description: 'Retard',
		probability: 3, impact: 2 } }, 201)).id;
	const instances = Object.fromEntries((await adminOk('GET', A('/instances'), undefined, 200)).map((i) => [i.name, i.id]));
	ids.copil = instances['COPIL SDN'];
	ids.ca = instances["Conseil d'administration"];
	ids.copilMeeting = (await adminOk('POST', A('/meetings'), { json: { instance: ids.copil, date: '2026-03-10' } }, 201)).id;
	ids.caMeeting = (await adminOk('POST', A('/meetings'), { json: { instance: ids.ca, date: '2026-03-11' } }, 201)).id;
	// An action item of the COPIL on the neighbour's project; one of the CA on the porteur's.
	ids.copilAction = (await adminOk('POST', A('/actions'), { json: { text: 'Relancer', owner: 'X',
		element: ids.neighbour, meeting: ids.copilMeeting } }, 201)).id;
	ids.caAction = (await adminOk('POST', A('/actions'), { json: { text: 'Chiffrer', owner: 'X',
		element: ids.own, meeting: ids.caMeeting } }, 201)).id;
	const indicators = Object.fromEntries((await adminOk('GET', A('/indicators'), undefined, 200))
		.map((i) => [i.code, i.id]));
	ids.I1 = indicators.I1;
	ids.I2 = indicators.I2;
});
after(async () => { if (server) await stopServer(server); });

/* ---- the table ---------------------------------------------------------------------- */

const steer = (ok, rest) => ({ admin: ok, pmo: ok, pmoC: ok, ...rest });
/* Read by anyone of A; 404 to B's reader. */
const readA = (ok) => steer(ok, { porteur: ok, membre: ok, lecteur: ok, outsider: 404, anon: 'login' });
/* Read by B's reader only: A's accounts get 404. */
const readB = (ok) => ({ admin: ok, pmo: 404, pmoC: 404, porteur: 404, membre: 404, lecteur: 404,
	outsider: ok, anon: 'login' });
/* Steer only (pilotage, administrateur); the other roles of A get 403. */
const steerOnly = (ok) => steer(ok, { porteur: 403, membre: 403, lecteur: 403, outsider: 404, anon: 'login' });
/* Steer and the porteur of the branch. */
const porteurToo = (ok) => steer(ok, { porteur: ok, membre: 403, lecteur: 403, outsider: 404, anon: 'login' });
/* Steer and the member of the committee. */
const memberToo = (ok) => steer(ok, { porteur: 403, membre: ok, lecteur: 403, outsider: 404, anon: 'login' });

/* Each row: what it does (a function of the role, returning the answer), the expected
 * answer per role. API rows and web rows side by side. */
const MATRIX = [
	// reading
	['API: read plan A', (r) => api(r, 'GET', A('')), readA(200)],
	['web: read plan A page', (r) => api(r, 'GET', '/plans/pa'), readA(200)],
	['API: read an element of A', (r) => api(r, 'GET', A(`/elements/${ids.own}`)), readA(200)],
	['API: read plan B', (r) => api(r, 'GET', '/api/v1/plans/pb'), readB(200)],
	['web: read plan B page by its numeric id', (r) => api(r, 'GET', `/plans/${ids.pbPlan}`), readB(200)],
	['API: read plan B by its numeric id', (r) => api(r, 'GET', `/api/v1/plans/${ids.pbPlan}`), readB(200)],
	['API: read an element of B by its id', (r) => api(r, 'GET', `/api/v1/plans/pb/elements/${ids.pbElement}`), readB(200)],
	['web: read an element page of B', (r) => api(r, 'GET', `/plans/pb/elements/${ids.pbElement}`), readB(200)],
	['API: read a public plan of B', (r) => api(r, 'GET', '/api/v1/plans/pub'),
		{ admin: 200, pmo: 200, pmoC: 200, porteur: 200, membre: 200, lecteur: 200, outsider: 200, anon: 200 }],
	['web: read a public plan of B', (r) => api(r, 'GET', '/plans/pub'),
		{ admin: 200, pmo: 200, pmoC: 200, porteur: 200, membre: 200, lecteur: 200, outsider: 200, anon: 200 }],
	['API: edit an element of the public plan (only B has a role)',
		(r) => patch(r, `/api/v1/plans/pub/elements/${ids.pubElement}`, { description: unique('d') }),
		{ admin: 200, pmo: 403, pmoC: 403, porteur: 403, membre: 403, lecteur: 403, outsider: 403, anon: 'login' }],
	['API: qualification of an element (PLAN_STEER read)', (r) => api(r, 'GET', A(`/elements/${ids.own}/qualification`)), steerOnly(200)],
	['web: plan settings page', (r) => api(r, 'GET', '/plans/pa/settings'), steerOnly(200)],
	['API: trash list', (r) => api(r, 'GET', A('/trash')), steerOnly(200)],
	['API: empty the trash (administrateur)', (r) => api(r, 'DELETE', A('/trash')),
		{ admin: 204, pmo: 403, pmoC: 403, porteur: 403, membre: 403, lecteur: 403, outsider: 404, anon: 'login' }],

	// elements
	['API: edit own element', (r) => patch(r, A(`/elements/${ids.own}`), { description: unique('d') }), porteurToo(200)],
	['web: edit own element', (r) => submitForm(r, `/plans/pa/elements/${ids.own}/edit`,
		`/plans/pa/elements/${ids.own}/edit`), porteurToo('done')],
	['API: edit the neighbour\'s element', (r) => patch(r, A(`/elements/${ids.neighbour}`), { description: unique('d') }), steerOnly(200)],
	['web: edit the neighbour\'s element', (r) => submitForm(r, `/plans/pa/elements/${ids.neighbour}/edit`,
		`/plans/pa/elements/${ids.neighbour}/edit`), steerOnly('done')],
	['API: weather of own element', (r) => api(r, 'PUT', A(`/elements/${ids.own}/status`),
		{ json: { weather: 'soleil', reported_on: '2026-01-05' } }), porteurToo(200)],
	['API: weather of the neighbour\'s element', (r) => api(r, 'PUT', A(`/elements/${ids.neighbour}/status`),
		{ json: { weather: 'soleil', reported_on: '2026-01-05' } }), steerOnly(200)],
	['API: create an element under own', (r) => api(r, 'POST', A('/elements'), { json: { code: unique('N'),
		level: 'Action', title: 'Nouvelle action', parent: 'AX1.A1.P1' } }), porteurToo(201)],
	['web: create an element under own', (r) => submitForm(r, '/plans/pa/elements/new?parent=AX1.A1.P1',
		'/plans/pa/elements', { code: unique('W'), level: 'Action', title: 'Nouvelle action', parent: 'AX1.A1.P1' }),
	porteurToo('done')],
	['API: create an element under the neighbour\'s', (r) => api(r, 'POST', A('/elements'), { json: { code: unique('N'),
		level: 'Action', title: 'Nouvelle action', parent: 'AX1.A2.P1' } }), steerOnly(201)],
	['API: create an element at the top', (r) => api(r, 'POST', A('/elements'), { json: { code: unique('N'),
		level: 'Axe', title: 'Nouvel axe' } }), steerOnly(201)],
	['web: create an element at the top', (r) => submitForm(r, '/plans/pa/elements/new', '/plans/pa/elements',
		{ code: unique('W'), level: 'Axe', title: 'Nouvel axe', parent: '' }), steerOnly('done')],
	['API: move own element to the top', async (r) => patch(r, A(`/elements/${await freshElement('AX1.A1.P1')}`),
		{ parent: null }), steerOnly(200)],
	['API: delete own child', async (r) => api(r, 'DELETE', A(`/elements/${await freshElement('AX1.A1.P1')}`)), porteurToo(204)],
	['web: delete own child', async (r) => {
		const id = await freshElement('AX1.A1.P1');
		return submitForm(r, `/plans/pa/elements/${id}/delete`, `/plans/pa/elements/${id}/delete`);
	}, porteurToo('done')],
	['API: delete an element of theirs whose parent is not theirs',
		async (r) => api(r, 'DELETE', A(`/elements/${await freshElement(null)}`)), steerOnly(204)],
	['API: delete the neighbour\'s child', async (r) => api(r, 'DELETE',
		A(`/elements/${await freshElement('AX1.A2.P1', 'Autre')}`)), steerOnly(204)],

	// plan settings (PLAN_STEER)
	['web: change plan settings', (r) => submitForm(r, '/plans/pa/settings', '/plans/pa/settings'), steerOnly('done')],
	['API: take a baseline', (r) => api(r, 'POST', A('/baselines'), { json: { name: unique('Référentiel ') } }), steerOnly(201)],

	// milestones, budget lines, risks
	['API: edit own milestone', (r) => patch(r, A(`/milestones/${ids.ownMilestone}`), { deliverable: unique('L') }), porteurToo(200)],
	['web: edit own milestone', (r) => submitForm(r, `/plans/pa/milestones/${ids.ownMilestone}/edit`,
		`/plans/pa/milestones/${ids.ownMilestone}/edit`), porteurToo('done')],
	['API: edit a foreign milestone', (r) => patch(r, A(`/milestones/${ids.foreignMilestone}`), { deliverable: unique('L') }), steerOnly(200)],
	['web: edit a foreign milestone', (r) => submitForm(r, `/plans/pa/milestones/${ids.foreignMilestone}/edit`,
		`/plans/pa/milestones/${ids.foreignMilestone}/edit`), steerOnly('done')],
	['web: add a milestone to own element', (r) => submitForm(r, `/plans/pa/elements/${ids.own}/milestones/new`,
		`/plans/pa/elements/${ids.own}/milestones/new`, { title: unique('J'), planned: '2027-01-15' }), porteurToo('done')],
	['API: edit own budget line', (r) => patch(r, A(`/budget-lines/${ids.ownLine}`), { planned_cents: 12000000 + (++serial) }), porteurToo(200)],
	['web: edit own budget line', (r) => submitForm(r, `/plans/pa/budget-lines/${ids.ownLine}/edit`,
		`/plans/pa/budget-lines/${ids.ownLine}/edit`), porteurToo('done')],
	['API: edit a foreign budget line', (r) => patch(r, A(`/budget-lines/${ids.foreignLine}`), { planned_cents: 9000000 + (++serial) }), steerOnly(200)],
	['web: edit a foreign budget line', (r) => submitForm(r, `/plans/pa/budget-lines/${ids.foreignLine}/edit`,
		`/plans/pa/budget-lines/${ids.foreignLine}/edit`), steerOnly('done')],
	['API: edit own risk', (r) => patch(r, A(`/risks/${ids.ownRisk}`), { mitigation: unique('M') }), porteurToo(200)],
	['web: edit own risk', (r) => submitForm(r, `/plans/pa/risks/${ids.ownRisk}/edit`,
		`/plans/pa/risks/${ids.ownRisk}/edit`), porteurToo('done')],
	['API: edit a foreign risk', (r) => patch(r, A(`/risks/${ids.foreignRisk}`), { mitigation: unique('M') }), steerOnly(200)],
	['web: edit a foreign risk', (r) => submitForm(r, `/plans/pa/risks/${ids.foreignRisk}/edit`,
		`/plans/pa/risks/${ids.foreignRisk}/edit`), steerOnly('done')],
	['API: create a risk on own element', (r) => api(r, 'POST', A('/risks'), { json: { element: ids.own,
		description: 'Risque', probability: 2, impact: 2 } }), porteurToo(201)],
	['API: create a risk on a foreign element', (r) => api(r, 'POST', A('/risks'), { json: { element: ids.neighbour,
		description: 'Risque', probability: 2, impact: 2 } }), steerOnly(201)],

	// records moved from an element of theirs to someone else's
	['API: move own milestone to a foreign element', (r) => patch(r, A(`/milestones/${ids.ownMilestone}`),
		{ element: ids.neighbour }), { ...steerOnly(200), admin: 'skip', pmo: 'skip', pmoC: 'skip' }],
	['API: move own budget line to a foreign element', (r) => patch(r, A(`/budget-lines/${ids.ownLine}`),
		{ element: ids.neighbour }), { ...steerOnly(200), admin: 'skip', pmo: 'skip', pmoC: 'skip' }],
	['API: move own risk to a foreign element', (r) => patch(r, A(`/risks/${ids.ownRisk}`),
		{ element: ids.neighbour }), { ...steerOnly(200), admin: 'skip', pmo: 'skip', pmoC: 'skip' }],
	['API: move a meeting of their committee to another committee', (r) => patch(r, A(`/meetings/${ids.copilMeeting}`),
		{ instance: ids.ca }), { ...memberToo(200), membre: 403, admin: 'skip', pmo: 'skip', pmoC: 'skip' }],
	['API: move an action item of their committee to another committee\'s meeting', (r) => patch(r,
		A(`/actions/${ids.copilAction}`), { meeting: ids.caMeeting }),
	{ ...memberToo(200), membre: 403, admin: 'skip', pmo: 'skip', pmoC: 'skip' }],
	['API: edit a decision of another committee', async (r) => {
		const d = await adminOk('POST', A(`/meetings/${ids.caMeeting}/decisions`), { json: { kind: 'arbitrage', text: 'D' } }, 201);
		return patch(r, A(`/decisions/${d.id}`), { text: unique('D ') });
	}, steerOnly(200)],
	['API: delete a decision of their committee', async (r) => {
		const d = await adminOk('POST', A(`/meetings/${ids.copilMeeting}/decisions`), { json: { kind: 'arbitrage', text: 'D' } }, 201);
		return api(r, 'DELETE', A(`/decisions/${d.id}`));
	}, memberToo(204)],

	// committees
	['API: record a meeting of a committee they sit on', (r) => api(r, 'POST', A('/meetings'),
		{ json: { instance: ids.copil, date: '2026-04-01' } }), memberToo(201)],
	['web: record a meeting of a committee they sit on', (r) => submitForm(r, '/plans/pa/meetings/new',
		'/plans/pa/meetings/new', { instance: String(ids.copil), date: '01/04/2026' }), memberToo('done')],
	['API: record a meeting of a committee they do not sit on', (r) => api(r, 'POST', A('/meetings'),
		{ json: { instance: ids.ca, date: '2026-04-02' } }), steerOnly(201)],
	['web: record a meeting of a committee they do not sit on', (r) => submitForm(r, '/plans/pa/meetings/new',
		'/plans/pa/meetings/new', { instance: String(ids.ca), date: '02/04/2026' }), steerOnly('done')],
	['API: add a decision (their committee)', (r) => api(r, 'POST', A(`/meetings/${ids.copilMeeting}/decisions`),
		{ json: { kind: 'arbitrage', text: 'Décision' } }), memberToo(201)],
	['web: add a decision (their committee)', (r) => submitForm(r, `/plans/pa/meetings/${ids.copilMeeting}`,
		`/plans/pa/meetings/${ids.copilMeeting}/decisions`, { 'decision-kind': 'arbitrage', 'decision-text': 'Décision' }), memberToo('done')],
	['API: add a decision (another committee)', (r) => api(r, 'POST', A(`/meetings/${ids.caMeeting}/decisions`),
		{ json: { kind: 'arbitrage', text: 'Décision' } }), steerOnly(201)],
	['web: add a decision (another committee)', (r) => submitForm(r, `/plans/pa/meetings/${ids.caMeeting}`,
		`/plans/pa/meetings/${ids.caMeeting}/decisions`, { 'decision-kind': 'arbitrage', 'decision-text': 'Décision' }), steerOnly('done')],
	['API: edit an action item of their committee (neighbour\'s project)',
		(r) => patch(r, A(`/actions/${ids.copilAction}`), { text: unique('Relancer ') }), memberToo(200)],
	['web: edit an action item of their committee', (r) => submitForm(r, `/plans/pa/actions/${ids.copilAction}/edit`,
		`/plans/pa/actions/${ids.copilAction}/edit`), memberToo('done')],
	['API: edit an action item of another committee on own project',
		(r) => patch(r, A(`/actions/${ids.caAction}`), { text: unique('Chiffrer ') }), porteurToo(200)],
	['web: close an action item of their committee', async (r) => {
		const a = await adminOk('POST', A('/actions'), { json: { text: 'À clore', owner: 'X', element: ids.neighbour,
			meeting: ids.copilMeeting } }, 201);
		return api(r, 'POST', `/plans/pa/actions/${a.id}/close`, { form: { csrf: who[r].csrf || 'x', version: String(a.version) } });
	}, memberToo('done')],

	// indicators
	['API: post a measurement of own indicator', (r) => api(r, 'POST', A('/measurements'),
		{ csv: `code;date;valeur;commentaire\nI1;2026-0${1 + (serial++ % 9)}-01;10;\n` }), porteurToo(201)],
	['web: post a measurement of own indicator', (r) => submitForm(r, '/plans/pa/indicators/I1',
		'/plans/pa/indicators/I1/measurements', { date: `0${1 + (serial++ % 9)}/02/2026`, value: '12' }),
	porteurToo('done')],
	['API: post a measurement of a foreign indicator', (r) => api(r, 'POST', A('/measurements'),
		{ csv: `code;date;valeur;commentaire\nI2;2026-0${1 + (serial++ % 9)}-01;10;\n` }), steerOnly(201)],
	['web: post a measurement of a foreign indicator', (r) => submitForm(r, '/plans/pa/indicators/I2',
		'/plans/pa/indicators/I2/measurements', { date: `0${1 + (serial++ % 9)}/02/2026`, value: '12' }),
	steerOnly('done')],

	// the journal
	['API: restore a change of own element', async (r) => api(r, 'POST', A(`/changes/${await freshChange(ids.own)}/restore`)),
		porteurToo(200)],
	['web: restore a change of own element', async (r) => api(r, 'POST', `/plans/pa/changes/${await freshChange(ids.own)}/restore`,
		{ form: { csrf: who[r].csrf || 'x' } }), porteurToo('done')],
	['API: restore a change of the neighbour\'s element', async (r) =>
		api(r, 'POST', A(`/changes/${await freshChange(ids.neighbour)}/restore`)), steerOnly(200)],
	['web: restore a change of the neighbour\'s element', async (r) =>
		api(r, 'POST', `/plans/pa/changes/${await freshChange(ids.neighbour)}/restore`, { form: { csrf: who[r].csrf || 'x' } }),
	steerOnly('done')],

	// importing a plan
	['API: import a plan for A', (r) => api(r, 'POST', `/api/v1/plans?title=${unique('Import')}&organisation=${encodeURIComponent('Université A')}`,
		{ csv: 'code;parent;niveau;intitule\nX1;;Axe;Un axe\n' }),
	{ admin: 201, pmo: 201, pmoC: 201, porteur: 403, membre: 403, lecteur: 403, outsider: 403, anon: 'login' }],
	['API: import a plan for B', (r) => api(r, 'POST', `/api/v1/plans?title=${unique('Import')}&organisation=${encodeURIComponent('Université B')}`,
		{ csv: 'code;parent;niveau;intitule\nX1;;Axe;Un axe\n' }),
	{ admin: 201, pmo: 403, pmoC: 403, porteur: 403, membre: 403, lecteur: 403, outsider: 403, anon: 'login' }],
	['web: import a plan for A', (r) => {
		const form = new FormData();
		form.set('csrf', who[r].csrf || 'x');
		form.set('title', unique('Import web '));
		form.set('organisation', 'Université A');
		form.set('file', new Blob(['code;parent;niveau;intitule\nX1;;Axe;Un axe\n'], { type: 'text/csv' }), 'plan.csv');
		return api(r, 'POST', '/import', { multipart: form });
	}, { admin: 'done', pmo: 'done', pmoC: 'done', porteur: 403, membre: 403, lecteur: 403, outsider: 403, anon: 'login' }],
];

/* ---- ids guessed across organisations (the bar, by id) ------------------------------------ */

const GUESSES = [
	['porteur reads B\'s element by guessing its id', 'porteur', () => ['GET', `/api/v1/plans/pb/elements/${ids.pbElement}`], 404],
	['outsider reads A\'s element by guessing its id', 'outsider', () => ['GET', A(`/elements/${ids.own}`)], 404],
	['outsider opens A\'s page by its numeric id', 'outsider', () => ['GET', '/plans/1'], 404],
	['porteur opens B\'s element page', 'porteur', () => ['GET', `/plans/pb/elements/${ids.pbElement}`], 404],
	['admin reads an A milestone through B\'s URL', 'admin', () => ['GET', `/api/v1/plans/pb/milestones/${ids.ownMilestone}`], 404],
	['outsider reads an A milestone through B\'s URL', 'outsider', () => ['GET', `/api/v1/plans/pb/milestones/${ids.ownMilestone}`], 404],
	['outsider edits an A milestone through B\'s URL', 'outsider', () => ['PATCH', `/api/v1/plans/pb/milestones/${ids.ownMilestone}`], 404],
	['porteur edits own element through B\'s URL', 'porteur', () => ['PATCH', `/api/v1/plans/pb/elements/${ids.own}`], 404],
	['admin edits B\'s element through A\'s URL', 'admin', () => ['PATCH', A(`/elements/${ids.pbElement}`)], 404],
	['outsider edits A\'s risk', 'outsider', () => ['PATCH', A(`/risks/${ids.ownRisk}`)], 404],
	['outsider deletes A\'s meeting', 'outsider', () => ['DELETE', A(`/meetings/${ids.copilMeeting}`)], 404],
	['porteur deletes B\'s element', 'porteur', () => ['DELETE', `/api/v1/plans/pb/elements/${ids.pbElement}`], 404],
	['outsider: a plan that does not exist answers the same 404', 'outsider', () => ['GET', '/api/v1/plans/nope'], 404],
	['porteur: a milestone that does not exist answers 404', 'porteur', () => ['PATCH', A('/milestones/999999')], 404],
	['porteur edits own milestone through the web of B', 'porteur', () => ['POST', `/plans/pb/milestones/${ids.ownMilestone}/edit`], 404],
	['outsider posts A\'s settings form', 'outsider', () => ['POST', '/plans/pa/settings'], 404],
	['anon: API of a plan that does not exist answers 401 as for one that does', 'anon', () => ['GET', '/api/v1/plans/nope'], 401],
];

/* ---- the subtests ------------------------------------------------------------------------- */

function check(r, expected, role, what) {
	const where = `${role} — ${what}: ${r.status} ${r.headers.get('location') || ''} ${r.text.slice(0, 200)}`;
	const location = r.headers.get('location') || '';
	if (expected === 'login') {
		if (/^API/.test(what) || r.headers.get('content-type')?.includes('json')) {
			assert.equal(r.status, 401, where);
			assert.match(r.headers.get('www-authenticate') || '', /Session/, `${where}: WWW-Authenticate`);
		} else {
			assert.equal(r.status, 303, where);
			assert.match(location, /^\/login\?next=/, `${where}: sent to the sign-in page`);
		}
	} else if (expected === 'done') {
		assert.equal(r.status, 303, where);
		assert.doesNotMatch(location, /^\/login/, `${where}: not the sign-in page`);
	} else {
		assert.equal(r.status, expected, where);
	}
}

for (const [what, act, expected] of MATRIX) {
	for (const role of ROLES) {
		assert.ok(role in expected, `${what}: a cell for ${role}`);
		if (expected[role] === 'skip') continue; // moving the record back and forth: steering is tested above
		test(`${what} [${role}] → ${expected[role]}`, async () => {
			check(await act(role), expected[role], role, what);
		});
	}
}

for (const [what, role, request, status] of GUESSES) {
	test(`guess: ${what} → ${status}`, async () => {
		const [method, path] = request();
		const options = method === 'PATCH' ? { json: { title: 'x' }, headers: { 'If-Match': '"1"' } }
			: method === 'POST' ? { form: { csrf: who[role].csrf || 'x' } } : {};
		const r = await api(role, method, path, options);
		assert.equal(r.status, status, `${role} ${method} ${path}: ${r.status} ${r.text.slice(0, 200)}`);
	});
}

test('the 404 of a plan out of scope is the 404 of a plan that does not exist', async () => {
	const out = await api('outsider', 'GET', A(''));
	const none = await api('outsider', 'GET', '/api/v1/plans/nope');
	assert.equal(out.status, 404);
	assert.deepEqual(out.json, none.json, 'same problem document: nothing tells one from the other');
	const page = await api('outsider', 'GET', '/plans/pa');
	const nopage = await api('outsider', 'GET', '/plans/nope');
	assert.equal(page.status, 404);
	assert.equal(nopage.status, 404);
});

test('the forms a role is shown carry its own session token', async () => {
	const csrf = hiddenCsrf((await api('porteur', 'GET', '/plans/pa')).text);
	assert.equal(csrf, who.porteur.csrf, 'the hidden field is the session\'s CSRF token');
});

test('the plan list shows a user of A only what they may read', async () => {
	const mine = (await api('lecteur', 'GET', '/api/v1/plans')).json.map((p) => p.id);
	assert.ok(mine.includes('pa') && mine.includes('pub'), `A's plan and the public one: ${mine}`);
	assert.ok(!mine.includes('pb'), `not B's: ${mine}`);
	const theirs = (await api('outsider', 'GET', '/api/v1/plans')).json.map((p) => p.id);
	assert.ok(theirs.includes('pb') && !theirs.includes('pa'), `B's reader: ${theirs}`);
	const nobody = (await api('anon', 'GET', '/api/v1/plans')).json.map((p) => p.id);
	assert.deepEqual(nobody, ['pub'], 'nobody: the public plan only');
	const home = await api('outsider', 'GET', '/');
	assert.doesNotMatch(home.text, /\/plans\/pa"/, 'the home page does not link to A\'s plan');
});
