/*
 * governance_pages.test.mjs — the committee cycle in the browser
 * (src/web/pages_governance.c), in Debian's Chromium driven by Playwright:
 * - the meetings list shows the instances (with members and branches) and the
 *   meetings, upcoming then past; a refused CSV file of instances names its lines and
 *   imports nothing;
 * - preparing a meeting: created from the form, agenda points added (one linked to an
 *   element, shown with its link and "décision attendue"), moved, attendees noted;
 * - recording a decision that validates a milestone: the page says what was applied,
 *   the element sheet then shows the milestone reached; an effect without its
 *   milestone is refused next to the field, with a summary at the top, values kept;
 * - an action item raised at one meeting appears in the next meeting's follow-up and
 *   is closed from there; an overdue one says "en retard" (a word, not colour only);
 * - a whole form filled and sent from the keyboard only;
 * - minutes with <script> and javascript: links are rendered inert;
 * - axe-core (WCAG 2.1 A and AA): meetings list, instance page, meeting page with data
 *   and with a form error, actions, decision log, a person's page.
 *
 * One server (tests/web/lib.mjs); a small plan with milestones and an instance is set
 * up through the JSON API before the tests, which run in order and build on each
 * other. Dates are relative to today.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import {
	axeCheck, closeBrowserAndServer, csvFile, day, fold, gotoOk, launchBrowser, mainText,
	startServer, submitOk, withSession,
} from './lib.mjs';

let server;
let browser;

async function api(method, path, body, type) {
	const headers = {};
	let payload = body;
	if (body !== undefined && typeof body === 'object') {
		payload = JSON.stringify(body);
		type ??= 'application/json';
	}
	if (type) headers['Content-Type'] = type;
	const r = await fetch(`${server.url}${path}`, { method, headers, body: payload });
	const text = await r.text();
	assert.ok(r.status < 300, `${method} ${path}: ${r.status} ${text}`);
	return text ? JSON.parse(text) : undefined;
}

const PLAN_CSV = `code;parent;niveau;intitule;porteur
A;;Axe;Usagers;Alice Martin
P1;A;Projet;Portail;Bruno Lefèvre
P2;A;Projet;Appli;Alice Martin
`;

let plan, el, recette, copil;
const P = (rest = '') => `/plans/${plan}${rest}`;

before(async () => {
	server = await startServer();
	browser = await launchBrowser();
	plan = (await api('POST', '/api/v1/plans?title=Comités', PLAN_CSV, 'text/csv; charset=utf-8')).id;
	el = Object.fromEntries((await api('GET', `/api/v1/plans/${plan}/elements`)).map((e) => [e.code, e]));
	recette = await api('POST', `/api/v1/plans/${plan}/milestones`, { element: el.P1.id, title: 'Recette',
		planned: day(30).iso });
	copil = await api('POST', `/api/v1/plans/${plan}/instances`, { kind: 'pilotage', name: 'COPIL SDN',
		frequency: 'trimestrielle', members: [{ name: 'Alice Martin', role: 'présidente' }, { name: 'Bruno Lefèvre' }],
		branches: [el.A.id] });
	await api('POST', `/api/v1/plans/${plan}/risks`, { element: el.P2.id, description: 'Retard du prestataire',
		owner: 'Bruno Lefèvre', probability: 2, impact: 3 });
});

after(() => closeBrowserAndServer(browser, server));

const withPage = (fn, options) => withSession(browser, server, fn, options);

let meeting1; // its page's path
let meeting2;

test('the meetings list: instances with members and branches; a refused CSV names its lines', () => withPage(async ({ page }) => {
	await gotoOk(page, P('/meetings'));
	assert.equal(await page.locator('nav.steering-nav a[aria-current="page"]').textContent(), 'Instances et séances');
	const row = fold(await page.locator('table.instances tbody tr').first().textContent());
	assert.match(row, /COPIL SDN/);
	assert.match(row, /pilotage/i);
	assert.match(row, /Alice Martin \(présidente\)/);
	assert.match(row, /A Usagers/, 'the branch, with its code and title');
	assert.match(await mainText(page), /Aucune séance/);

	await page.getByLabel('Fichier CSV des instances').setInputFiles(csvFile('instances.csv',
		'type;instance;role;frequence;composition;elements\ninconnu;Autre;;;;\npilotage;Suivi;;;;ZZ9\n'));
	await submitOk(page, page.getByRole('button', { name: 'Importer' }), { status: 422 });
	const errors = fold(await page.locator('#import-errors').textContent());
	assert.match(errors, /rien n'a été importé/);
	assert.match(errors, /ligne 2/);
	assert.match(errors, /ligne 3/);
	assert.equal(await page.locator('table.instances tbody tr').count(), 1, 'nothing imported');
	await axeCheck(page, 'meetings list with import errors');

	await page.getByLabel('Fichier CSV des instances').setInputFiles(csvFile('instances.csv',
		'type;instance;role;frequence;composition\nsuivi;Comité de suivi;Suivi des projets;mensuelle;Chloé Petit|Dora\n'));
	await submitOk(page, page.getByRole('button', { name: 'Importer' }));
	assert.match(fold(await page.locator('.notice').textContent()), /Instances importées/);
	assert.deepEqual((await page.locator('table.instances tbody th').allTextContents()).map(fold),
		['COPIL SDN', 'Comité de suivi']);
	assert.match(fold(await page.locator('table.instances tbody tr').nth(1).textContent()),
		/opérationnel.*mensuelle.*Chloé Petit.*tout le plan/i);
}));

test('preparing a meeting: created, agenda points (one linked to an element), moved, attendees', () => withPage(async ({ page }) => {
	await gotoOk(page, P('/meetings'));
	await submitOk(page, page.getByRole('link', { name: 'Nouvelle séance' }));
	await page.getByLabel('Instance').selectOption({ label: 'COPIL SDN' });
	await page.getByLabel('Date').fill(day(-3).fr);
	await page.getByLabel('Heure de début').fill('14:30');
	await page.getByLabel('Lieu').fill('Salle du conseil');
	await submitOk(page, page.getByRole('button', { name: 'Enregistrer' }));
	meeting1 = new URL(page.url()).pathname;
	assert.match(meeting1, new RegExp(`^/plans/${plan}/meetings/\\d+$`));
	assert.equal(fold(await page.locator('main h1').textContent()), `Séance COPIL SDN du ${day(-3).fr} Comités`);
	const header = fold(await page.locator('dl.meeting-header').textContent());
	assert.match(header, /14:30/);
	assert.match(header, /Salle du conseil/);
	assert.match(header, /prévue/i);
	assert.equal(await page.locator(`a[href="${meeting1}/report.pdf"]`).count(), 1, 'the report link');

	await page.getByLabel('Intitulé du point').fill('Questions diverses');
	await submitOk(page, page.getByRole('button', { name: 'Ajouter à l\'ordre du jour' }));
	await page.getByLabel('Au sujet de').selectOption({ label: 'P1 — Portail' });
	await page.getByLabel('Une décision est attendue sur ce point').check();
	await submitOk(page, page.getByRole('button', { name: 'Ajouter à l\'ordre du jour' }));
	let points = await page.locator('ol.agenda > li').allTextContents();
	assert.equal(points.length, 2);
	assert.match(fold(points[1]), /^P1 — Portail \(P1 Portail\) décision attendue/,
		'a linked point without title takes its element\'s name, with the link and the marker');
	assert.equal(await page.locator('ol.agenda > li').nth(1).getByRole('link', { name: 'P1 Portail' })
		.getAttribute('href'), `/plans/${plan}/elements/${el.P1.id}`);

	await submitOk(page, page.getByRole('button', { name: 'Monter le point « P1 — Portail »' }));
	points = await page.locator('ol.agenda > li .agenda-title').allTextContents();
	assert.deepEqual(points, ['P1 — Portail', 'Questions diverses'], 'moved up');

	await page.getByLabel('Présents').fill('Alice Martin\nBruno Lefèvre\n');
	await page.getByLabel('Excusés').fill('Chloé Petit');
	await submitOk(page, page.getByRole('button', { name: 'Enregistrer les participants' }));
	assert.deepEqual(await page.locator('ul.attendees').first().locator('li').allTextContents(),
		['Alice Martin', 'Bruno Lefèvre']);
	assert.match(await mainText(page), /Excusés \(1\)/);
	await axeCheck(page, 'meeting page with data');
}));

test('a decision without its milestone is refused next to the field; one validating it reaches it', () => withPage(async ({ page }) => {
	await gotoOk(page, meeting1);
	await page.getByLabel('Texte de la décision').fill('La recette du portail est prononcée.');
	await page.getByLabel('Effet sur le plan').selectOption('jalon-atteint');
	await submitOk(page, page.getByRole('button', { name: 'Enregistrer la décision' }), { status: 422 });
	const summary = page.locator('.errors[role="alert"]');
	assert.match(fold(await summary.textContent()), /Le formulaire contient des erreurs/);
	assert.equal(await summary.locator('a[href="#decision-milestone"]').count(), 1, 'the summary links to the field');
	assert.ok(fold(await page.locator('#decision-milestone-error').textContent()).length > 0, 'a message next to the field');
	assert.equal(await page.locator('#decision-milestone').getAttribute('aria-invalid'), 'true');
	assert.equal(await page.getByLabel('Texte de la décision').inputValue(), 'La recette du portail est prononcée.',
		'the typed text is kept');
	assert.match(await mainText(page), /Aucune décision enregistrée/, 'nothing saved');
	await axeCheck(page, 'meeting page with a form error');

	await page.getByLabel('Jalon', { exact: true }).selectOption({ label: `P1 — Recette (prévu ${day(30).fr})` });
	await page.getByLabel('Éléments concernés').selectOption([String(el.P1.id)]);
	await submitOk(page, page.getByRole('button', { name: 'Enregistrer la décision' }));
	const notice = fold(await page.locator('.notice').textContent());
	assert.match(notice, /^Décision enregistrée\. .*Recette/, `the page says what was applied: ${notice}`);
	const row = fold(await page.locator('table.decisions tbody tr').first().textContent());
	assert.match(row, /La recette du portail est prononcée\./);
	assert.match(row, /P1/);
	await axeCheck(page, 'meeting page with a decision recorded');

	await gotoOk(page, `/plans/${plan}/elements/${el.P1.id}`);
	const milestoneRow = fold(await page.locator('tr', { hasText: 'Recette' }).first().textContent());
	assert.match(milestoneRow, /atteint/, `the sheet shows the milestone reached: ${milestoneRow}`);
	assert.match(milestoneRow, new RegExp(day(-3).fr.replace(/\//g, '\\/')), 'on the meeting\'s date');
	assert.equal(await page.getByRole('link', { name: 'Bruno Lefèvre' }).first().getAttribute('href'),
		`/plans/${plan}/people/Bruno%20Lef%C3%A8vre`, 'the sheet links its owner to their page');
}));

test('an action raised at meeting 1 is followed up and closed from meeting 2; overdue ones say so', () => withPage(async ({ page }) => {
	await gotoOk(page, meeting1);
	await page.getByLabel('Action', { exact: true }).fill('Préparer le cahier des charges');
	await page.getByLabel('Responsable').fill('Bruno Lefèvre');
	await page.getByLabel('Échéance').fill(day(-1).fr);
	await submitOk(page, page.getByRole('button', { name: 'Ajouter l\'action' }));
	const raised = page.locator('#actions').locator('..').locator('table.action-items tbody tr');
	assert.equal(await raised.count(), 1);
	const text = fold(await raised.first().textContent());
	assert.match(text, /en retard/, 'overdue in words');
	assert.equal(await raised.first().getAttribute('class'), 'overdue', 'and in style');
	assert.equal(await raised.first().getByRole('link', { name: 'Bruno Lefèvre' }).getAttribute('href'),
		`/plans/${plan}/people/Bruno%20Lef%C3%A8vre`, 'the owner links to their page');

	await gotoOk(page, `${P('/meetings/new')}?instance=${copil.id}`);
	assert.equal(await page.getByLabel('Instance').inputValue(), String(copil.id), 'the instance is preselected');
	await page.getByLabel('Date').fill(day(20).iso);
	await submitOk(page, page.getByRole('button', { name: 'Enregistrer' }));
	meeting2 = new URL(page.url()).pathname;
	const follow = page.locator('section[aria-labelledby="suivi"] table.action-items tbody tr');
	assert.equal(await follow.count(), 1);
	assert.match(fold(await follow.textContent()), /Préparer le cahier des charges/);
	await submitOk(page, follow.getByRole('button', { name: /^Clore/ }));
	assert.equal(new URL(page.url()).pathname, meeting2, 'back on meeting 2');
	const closed = fold(await page.locator('section[aria-labelledby="suivi"] table.action-items tbody tr').textContent());
	assert.match(closed, new RegExp(`faite \\(close le ${day(0).fr.replace(/\//g, '\\/')}\\)`, 'i'));
	assert.doesNotMatch(closed, /en retard/);
	assert.equal(await page.locator('section[aria-labelledby="suivi"] button', { hasText: 'Clore' }).count(), 0);
}));

test('meeting 2 shows what changed since meeting 1: weather as icon and word, dates, amounts', () => withPage(async ({ page }) => {
	await api('PUT', `/api/v1/plans/${plan}/elements/${el.P1.id}/status`, { weather: 'orage', reported_on: day(0).iso });
	await api('POST', `/api/v1/plans/${plan}/budget-lines`, { element: el.P2.id, year: 2026,
		nature: 'investissement', source: 'État', planned_cents: 123456 });
	// A milestone reached since meeting 1 (Recette, validated by meeting 1 itself, is no
	// news to meeting 2: not listed).
	await api('POST', `/api/v1/plans/${plan}/milestones`, { element: el.P2.id, title: 'Pilote',
		planned: day(-1).iso, actual: day(-1).iso, status: 'atteint' });
	await gotoOk(page, meeting2);
	const section = page.locator('section[aria-labelledby="depuis"]');
	const text = fold(await section.textContent());
	assert.match(text, new RegExp(`Du ${day(-2).fr} au ${day(0).fr}`.replace(/\//g, '\\/')), `the window: ${text}`);
	assert.match(text, /séance précédente du/);
	const headings = await section.locator('h3').allTextContents();
	assert.ok(headings.length >= 3, `one heading per kind: ${headings}`);
	const weather = fold(await section.locator('ul.digest-weather li').first().textContent());
	assert.match(weather, /^P1 — Portail : .* → ⚡ orage/, `weather as an icon and a word: ${weather}`);
	const reached = (await section.locator('ul.digest-milestone_reached li').allTextContents()).map(fold);
	assert.equal(reached.length, 1, `one milestone reached since meeting 1: ${reached}`);
	assert.match(reached[0], new RegExp(`^P2 — Pilote : atteint le ${day(-1).fr.replace(/\//g, '\\/')}`));
	const budget = fold(await section.locator('ul.digest-budget li').first().textContent());
	assert.match(budget, /^P2 — 2026 investissement État : — → 1 234,56 €/, `an amount in French: ${budget}`);
	assert.equal(await section.locator('ul.digest-weather a').first().getAttribute('href'),
		`/plans/${plan}/elements/${el.P1.id}`, 'the element code links to its sheet');
	await axeCheck(page, 'meeting page with the digest and the follow-up');
}));

test('the meeting status changes in its edit form; a bad value is refused next to its field', () => withPage(async ({ page }) => {
	await gotoOk(page, `${meeting1}/edit`);
	await page.getByLabel('Heure de début').fill('27:00');
	await page.getByLabel('Statut').selectOption('tenue');
	await submitOk(page, page.getByRole('button', { name: 'Enregistrer' }), { status: 422 });
	assert.ok(fold(await page.locator('#start-error').textContent()).includes('27:00'));
	assert.equal(await page.locator('.errors a[href="#start"]').count(), 1);
	assert.equal(await page.getByLabel('Statut').inputValue(), 'tenue', 'the choice is kept');
	await page.getByLabel('Heure de début').fill('09:00');
	await submitOk(page, page.getByRole('button', { name: 'Enregistrer' }));
	const header = fold(await page.locator('dl.meeting-header').textContent());
	assert.match(header, /09:00/);
	assert.match(header, /tenue/);
}));

test('keyboard only: a new action typed and sent without the mouse', () => withPage(async ({ page }) => {
	await gotoOk(page, P('/actions/new'));
	await page.getByLabel('Action', { exact: true }).focus();
	await page.keyboard.type('Relancer le prestataire');
	await page.keyboard.press('Tab');
	await page.keyboard.type('Alice Martin');
	await page.keyboard.press('Tab');
	await page.keyboard.type(day(40).fr);
	await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
	assert.equal(new URL(page.url()).pathname, P('/actions'));
	const rows = await page.locator('table.action-items tbody tr th').allTextContents();
	assert.ok(rows.includes('Relancer le prestataire'), `listed: ${rows}`);
	await axeCheck(page, 'actions list');
	await page.getByLabel('Statut').selectOption('all');
	await submitOk(page, page.getByRole('button', { name: 'Filtrer' }));
	assert.equal(await page.locator('table.action-items tbody tr').count(), 2, 'open and closed');
	await gotoOk(page, `${P('/actions')}?status=all&overdue=1`);
	assert.match(await mainText(page), /0 action/);
}));

test('an instance form refuses a duplicate name; an action is reopened then deleted', () => withPage(async ({ page }) => {
	await gotoOk(page, P('/instances/new'));
	await page.getByLabel('Nom').fill('copil sdn');
	await page.getByLabel('Composition').fill('Dora Durand (secrétaire)\nÉmile');
	await submitOk(page, page.getByRole('button', { name: 'Enregistrer' }), { status: 422 });
	assert.ok(fold(await page.locator('#name-error').textContent()).length > 0, 'the message is next to the name');
	assert.equal(await page.getByLabel('Composition').inputValue(), 'Dora Durand (secrétaire)\nÉmile', 'members kept');
	await axeCheck(page, 'instance form with an error');
	await page.getByLabel('Nom').fill('Comité des usagers');
	await page.getByLabel('Branches du plan pilotées').selectOption([String(el.P2.id)]);
	await submitOk(page, page.getByRole('button', { name: 'Enregistrer' }));
	const text = await mainText(page);
	assert.match(text, /Dora Durand \(secrétaire\)/);
	assert.match(text, /P2 Appli/);

	await gotoOk(page, `${P('/actions')}?status=closed`);
	const row = page.locator('table.action-items tbody tr', { hasText: 'Préparer le cahier des charges' });
	await submitOk(page, row.getByRole('link', { name: /^Modifier/ }));
	await page.getByLabel('Statut').selectOption('en-cours');
	/* Someone else saves it meanwhile: the form comes back with the input kept (409). */
	const actionId = new URL(page.url()).pathname.split('/')[4];
	const stored = await fetch(`${server.url}/api/v1/plans/${plan}/actions/${actionId}`);
	const patched = await fetch(`${server.url}/api/v1/plans/${plan}/actions/${actionId}`, { method: 'PATCH',
		headers: { 'Content-Type': 'application/json', 'If-Match': stored.headers.get('etag') },
		body: JSON.stringify({ owner: 'Chloé Petit' }) });
	assert.equal(patched.status, 200);
	await submitOk(page, page.getByRole('button', { name: 'Enregistrer' }), { status: 409 });
	assert.match(fold(await page.locator('.errors[role="alert"]').textContent()), /Modification concurrente/);
	assert.equal(await page.getByLabel('Statut').inputValue(), 'en-cours', 'the choice is kept');
	assert.equal(await page.getByLabel('Responsable').inputValue(), 'Bruno Lefèvre', 'the form\'s values are kept');
	await axeCheck(page, 'action form after a concurrent change');
	await submitOk(page, page.getByRole('button', { name: 'Enregistrer' }));
	const reopened = fold(await page.locator('table.action-items tbody tr', { hasText: 'Préparer le cahier des charges' }).textContent());
	assert.match(reopened, /en cours/i, `reopened: ${reopened}`);
	assert.doesNotMatch(reopened, /close le/);
	const id = new URL(await page.locator('table.action-items tbody tr', { hasText: 'Préparer le cahier des charges' })
		.getByRole('link', { name: /^Modifier/ }).getAttribute('href'), server.url).pathname.split('/')[4];
	await gotoOk(page, P(`/actions/${id}/delete`));
	await submitOk(page, page.getByRole('button', { name: 'Supprimer définitivement' }));
	assert.doesNotMatch(await mainText(page), /Préparer le cahier des charges/);
}));

test('minutes with a script and a javascript: link are rendered inert', () => withPage(async ({ page, problems }) => {
	await gotoOk(page, `${meeting1}/minutes`);
	await page.getByLabel('Compte rendu').fill('# Relevé\n\n<script>alert(1)</script>\n\n[clic](javascript:alert(2)) ' +
		'<img src=x onerror="alert(3)">\n\n**Recette prononcée**');
	await submitOk(page, page.getByRole('button', { name: 'Enregistrer le compte rendu' }));
	const minutes = page.locator('section[aria-labelledby="compte-rendu"] .minutes');
	assert.equal(await minutes.locator('strong').textContent(), 'Recette prononcée', 'Markdown is rendered');
	assert.equal(await minutes.locator('script, img, [onerror]').count(), 0, 'no raw HTML');
	assert.equal(await minutes.locator('a').count(), 0, 'the javascript: link is plain text');
	assert.match(fold(await minutes.textContent()), /clic/);
	assert.equal(await page.evaluate(() => document.querySelectorAll('a[href^="javascript"]').length), 0);
	assert.deepEqual(problems, [], 'no dialog opened');
}));

test('decision log, instance page and a person\'s page', () => withPage(async ({ page }) => {
	await gotoOk(page, P('/decisions'));
	await page.getByLabel('Mots').fill('recette');
	await submitOk(page, page.getByRole('button', { name: 'Rechercher' }));
	const rows = page.locator('table.decisions tbody tr');
	assert.equal(await rows.count(), 1);
	assert.match(fold(await rows.textContent()), /COPIL SDN.*validation.*La recette du portail est prononcée\..*Recette/i);
	await axeCheck(page, 'decision log');
	await gotoOk(page, `${P('/decisions')}?q=introuvable`);
	assert.match(await mainText(page), /0 décision/);

	await gotoOk(page, P(`/instances/${copil.id}`));
	assert.match(await mainText(page), /trimestrielle/);
	assert.equal(await page.locator('table.meetings tbody tr').count(), 2, 'one upcoming, one past');
	assert.equal(await page.getByRole('link', { name: /Calendrier/ }).getAttribute('href'),
		P(`/instances/${copil.id}/calendar.ics`));
	await axeCheck(page, 'instance page');

	await gotoOk(page, `/plans/${plan}/people/${encodeURIComponent('Bruno Lefèvre')}`);
	const text = await mainText(page);
	assert.match(text, /P1 Portail/, 'the element he owns');
	assert.match(text, /Aucune action/, 'his only action was deleted');
	assert.match(text, /Retard du prestataire/, 'his risk');
	assert.doesNotMatch(text, /Relancer le prestataire/, 'not Alice\'s action');
	await axeCheck(page, 'person page');
	await gotoOk(page, P('/meetings'));
	await axeCheck(page, 'meetings list');
}));

test('a POST without its CSRF token is refused (403)', () => withPage(async ({ page }) => {
	const r = await page.request.post(`${meeting1}/agenda`, { form: { 'agenda-title': 'x' } });
	assert.equal(r.status(), 403);
}));
