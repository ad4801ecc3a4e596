/*
 * risk_pages.test.mjs — an element's risks, dependencies and qualification on its
 * sheet, their forms, and the editor of the plan's lists on the settings page
 * (src/web/pages_risks.c), in Debian's Chromium driven by Playwright:
 * - a risk added from the keyboard (probability 4 × impact 4 reads "critique"), the
 *   table sorted most critical first, closed risks last, edited, deleted, refused
 *   with its errors next to the fields, an edit conflict (409), another plan's risk
 *   (404);
 * - a finish-to-start dependency that the dates break, flagged in words, a cycle and
 *   a duplicate refused next to the field, milestone dependencies likewise, removals;
 * - a qualification round trip (nature, type, scores), its errors and its conflict;
 * - the plan's lists: saved one by one, a funding source used by a budget line and
 *   an indicator family used by an indicator (both created through the API) that
 *   cannot be dropped;
 * - every POST route refusing a form without its CSRF field (403);
 * - axe-core (WCAG 2.1 A and AA) on the sheet's sections and on every form, in error
 *   state too, in French and in English.
 *
 * One server (tests/web/lib.mjs: the demo and regional plans) serves the file; tests
 * run in the order written and build on each other's data, on elements of the
 * regional plan that no other test file touches (each file has its own database).
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import {
	axeCheck, closeBrowserAndServer, escapeRegExp, fold, gotoOk, group, launchBrowser, mainText,
	startServer, submitOk, withSession,
} from './lib.mjs';

let server;
let browser;

before(async () => {
	server = await startServer();
	browser = await launchBrowser();
});

after(() => closeBrowserAndServer(browser, server));

const withPage = (fn, options) => withSession(browser, server, fn, options);

/* The sheet's path of element `code` of plan `slug`, read off the plan overview. */
const elementPaths = new Map();
async function elementPath(page, slug, code) {
	const key = `${slug}/${code}`;
	if (elementPaths.has(key)) return elementPaths.get(key);
	await gotoOk(page, `/plans/${slug}`);
	const link = page.locator('main a[href*="/elements/"]')
		.filter({ hasText: new RegExp(`^\\s*${escapeRegExp(code)}\\s`) });
	assert.equal(await link.count(), 1, `the overview of ${slug} has one link to ${code}`);
	const href = new URL(await link.getAttribute('href'), server.url).pathname;
	elementPaths.set(key, href);
	return href;
}

/* The form of <main> posting to a path ending with `suffix`. */
function formTo(page, suffix) {
	return page.locator(`main form[method="post" i][action$="${suffix}"]`);
}

async function csrfToken(page) {
	const token = await page.locator('input[name="csrf"]').first().inputValue();
	assert.match(token, /\S/, 'the page carries a CSRF token');
	return token;
}

/* A request through the API (JSON answers), from Node: the API has no CSRF cookie. */
async function apiCsv(path, text) {
	const r = await fetch(`${server.url}${path}`, {
		method: 'POST', headers: { 'Content-Type': 'text/csv; charset=utf-8' }, body: text });
	const body = await r.text();
	assert.equal(r.status, 200, `POST ${path}: status (body: ${body})`);
	return JSON.parse(body);
}

/* The elements of the regional plan these tests use (none has dates to start with). */
const A = 'A1.OS1.OO1.a'; // 01/01/2026 – 31/03/2026
const B = 'A1.OS1.OO1.b'; // 20/03/2026 – 30/06/2026: starts 11 days before A ends
const RISKY = 'A1.OS2.OO1.a';
const QUALIFIED = 'A1.OS2.OO1.b';
const FUNDED = 'A1.OS3.OO1.a';

/* Set an element's dates through its edit form, as a user would. */
async function setDates(page, code, start, end) {
	const path = await elementPath(page, 'region', code);
	await gotoOk(page, `${path}/edit`);
	await page.getByLabel('Début').fill(start);
	await page.getByLabel('Fin', { exact: true }).fill(end);
	await submitOk(page, formTo(page, '/edit').locator('button[type="submit"]'), { what: `dates of ${code}` });
	return path;
}

/* ---- risks ------------------------------------------------------------------------------- */

const CRITICAL = 'Le prestataire de raccordement fait défaut en cours de chantier';
const MODERATE = 'Les conventions avec les communes tardent à être signées';

async function riskRow(page, description) {
	const row = page.locator('main table.risks tbody tr').filter({ hasText: description });
	assert.equal(await row.count(), 1, `the risks table has one row for « ${description} »`);
	return row;
}

/* A table row's cells (th and td), each as read, whitespace folded. */
function cells(row) {
	return row.locator('th, td').evaluateAll((cs) => cs.map((c) => c.textContent.replace(/[\s\u00a0\u202f]+/g, ' ').trim()));
}

/* The qualification section's nature and type, and its scores by criterion. */
async function qualificationShown(page) {
	return page.evaluate(() => {
		const clean = (t) => (t || '').replace(/\s+/g, ' ').trim();
		const h = document.getElementById('qualification');
		let dl = h.nextElementSibling;
		while (dl && dl.tagName !== 'DL') dl = dl.nextElementSibling;
		const out = {};
		for (const dt of dl.querySelectorAll('dt')) out[clean(dt.textContent)] = clean(dt.nextElementSibling.textContent);
		for (const tr of document.querySelectorAll('main table.scores tbody tr'))
			out[clean(tr.querySelector('th').textContent)] = clean(tr.querySelector('td').textContent);
		return out;
	});
}

async function riskDescriptions(page) {
	return page.locator('main table.risks tbody tr th').evaluateAll((ths) => ths.map((t) => t.textContent.trim()));
}

{
	const test = group('risks');
	test('add a risk from the keyboard: 4 × 4 reads 16, critique', () => withPage(async ({ page }) => {
		const sheet = await elementPath(page, 'region', RISKY);
		await gotoOk(page, sheet);
		assert.match(await mainText(page), /Aucun risque enregistré/, 'the sheet says there is no risk yet');
		const add = page.getByRole('link', { name: 'Ajouter un risque' });
		await add.focus();
		await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
		assert.equal(new URL(page.url()).pathname, `${sheet}/risks/new`, 'Enter on the link opens the form');

		await page.getByLabel('Description').focus();
		await page.keyboard.type(CRITICAL);
		await page.keyboard.press('Tab');
		assert.equal(await page.evaluate(() => document.activeElement.id), 'probability', 'Tab goes to the probability');
		await page.keyboard.type('4');
		await page.keyboard.press('Tab');
		assert.equal(await page.evaluate(() => document.activeElement.id), 'impact', 'then to the impact');
		await page.keyboard.type('4');
		await page.keyboard.press('Tab');
		await page.keyboard.type('Un second prestataire est qualifié dès le lancement.');
		await page.keyboard.press('Tab');
		await page.keyboard.type('Chef de projet THD');
		await page.keyboard.press('Tab'); // status: ouvert, as preset
		assert.equal(await page.evaluate(() => document.activeElement.id), 'status', 'then to the status');
		await page.keyboard.press('Tab');
		assert.equal(await page.evaluate(() => document.activeElement.tagName), 'BUTTON', 'then to the submit button');
		const [response] = await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
		assert.equal(response.status(), 200, 'saving leads to the sheet');
		assert.equal(new URL(page.url()).pathname, sheet, 'back on the sheet');
		assert.equal(new URL(page.url()).hash, '#risques', 'at the risks section');
		assert.equal(fold(await page.locator('main .notice[role="status"]').textContent()), 'Risque ajouté.', 'a notice says it was added');

		const row = await cells(await riskRow(page, CRITICAL));
		assert.deepEqual(row.slice(0, 7), [CRITICAL, '4 — très forte', '4 — très fort', '16 — critique',
			'Un second prestataire est qualifié dès le lancement.', 'Chef de projet THD', 'ouvert'],
			'description, probability and impact in words, criticality 16 critique, mitigation, owner, status');
		const headers = await page.locator('main table.risks thead th').evaluateAll((ths) => ths.map((t) => t.getAttribute('scope')));
		assert.ok(headers.every((s) => s === 'col'), 'the column headers have scope col');
		assert.match(await page.locator('main table.risks caption').textContent(), /critique/, 'the table has a caption');
	}));

	test('a second, less critical risk sorts after; a closed risk sorts last', () => withPage(async ({ page }) => {
		const sheet = await elementPath(page, 'region', RISKY);
		await gotoOk(page, `${sheet}/risks/new`);
		await page.getByLabel('Description').fill(MODERATE);
		await page.getByLabel('Probabilité').selectOption('2');
		await page.getByLabel('Impact').selectOption('3');
		await submitOk(page, formTo(page, '/risks/new').locator('button[type="submit"]'));
		assert.equal((await cells(await riskRow(page, MODERATE)))[3], '6 — modérée', '2 × 3 is 6, modérée');
		assert.deepEqual(await riskDescriptions(page), [CRITICAL, MODERATE], 'most critical first');

		// Close the critical one: it stays listed, after the open one.
		const edit = (await riskRow(page, CRITICAL)).getByRole('link', { name: /Modifier/ });
		await submitOk(page, edit);
		assert.match(new URL(page.url()).pathname, /^\/plans\/region\/risks\/\d+\/edit$/, 'the edit form');
		assert.equal(await page.getByLabel('Description').inputValue(), CRITICAL, 'the form shows the stored description');
		assert.equal(await page.getByLabel('Probabilité').inputValue(), '4', 'and the stored probability');
		await page.getByLabel('Statut').selectOption({ label: 'clos' });
		await submitOk(page, formTo(page, '/edit').locator('button[type="submit"]'));
		assert.equal((await cells(await riskRow(page, CRITICAL)))[6], 'clos', 'the risk is closed');
		assert.deepEqual(await riskDescriptions(page), [MODERATE, CRITICAL], 'closed risks come last');
	}));

	test('errors: no description, a level out of range; kept input, messages by the fields', () => withPage(async ({ page }) => {
		const sheet = await elementPath(page, 'region', RISKY);
		await gotoOk(page, `${sheet}/risks/new`);
		await page.getByLabel('Atténuation').fill('Gardée après le refus');
		await submitOk(page, formTo(page, '/risks/new').locator('button[type="submit"]'), { status: 422, what: 'risk without description' });
		const description = page.locator('#description');
		assert.equal(await description.getAttribute('aria-invalid'), 'true', 'the description is marked invalid');
		assert.match(await description.getAttribute('aria-describedby'), /description-error/, 'and described by its error');
		assert.ok((await page.locator('#description-error').textContent()).trim().length > 0, 'the error is next to the field');
		assert.equal(await page.locator('main .errors a[href="#description"]').count(), 1, 'the summary links to the field');
		assert.equal(await page.getByLabel('Atténuation').inputValue(), 'Gardée après le refus', 'what was typed is kept');

		// A tampered option: the level is refused next to its field.
		await page.getByLabel('Description').fill('Un risque au niveau impossible');
		await page.locator('#probability option[value="4"]').evaluate((o) => { o.value = '7'; });
		await page.getByLabel('Probabilité').selectOption('7');
		await submitOk(page, formTo(page, '/risks/new').locator('button[type="submit"]'), { status: 422, what: 'probability 7' });
		assert.equal(await page.locator('#probability').getAttribute('aria-invalid'), 'true', 'the probability is marked invalid');
		assert.equal(await page.locator('#probability-error').count(), 1, 'its error is next to it');
		await gotoOk(page, sheet);
		assert.ok(!(await mainText(page)).includes('Un risque au niveau impossible'), 'nothing was saved');
	}));

	test('edit conflict: the stale save answers 409 with both versions, redoing it works', () => withPage(async ({ page, newPage }) => {
		const sheet = await elementPath(page, 'region', RISKY);
		await gotoOk(page, sheet);
		const href = await (await riskRow(page, MODERATE)).getByRole('link', { name: /Modifier/ }).getAttribute('href');
		const other = await newPage();
		await gotoOk(page, href);
		await gotoOk(other, href);
		await page.getByLabel('Responsable').fill('Responsable A');
		await submitOk(page, formTo(page, '/edit').locator('button[type="submit"]'));
		await other.getByLabel('Responsable').fill('Responsable B');
		await submitOk(other, formTo(other, '/edit').locator('button[type="submit"]'), { status: 409, what: 'stale save' });
		const text = await mainText(other);
		assert.match(text, /Modification concurrente/, 'the conflict is said');
		assert.match(text, /Responsable A/, 'the stored version is shown');
		assert.equal(await other.getByLabel('Responsable').inputValue(), 'Responsable B', "the user's input is kept");
		await axeCheck(other, 'risk edit conflict');
		await submitOk(other, formTo(other, '/edit').locator('button[type="submit"]'), { what: 'redo from the conflict page' });
		assert.equal((await cells(await riskRow(other, MODERATE)))[5], 'Responsable B', 'the redone change is saved');
	}));

	test('delete a risk after a confirmation; another plan\'s risk is not found', () => withPage(async ({ page }) => {
		const sheet = await elementPath(page, 'region', RISKY);
		await gotoOk(page, sheet);
		const del = (await riskRow(page, MODERATE)).getByRole('link', { name: /Supprimer/ });
		const href = await del.getAttribute('href');
		const id = href.match(/risks\/(\d+)\//)[1];
		await gotoOk(page, `/plans/demo/risks/${id}/edit`, { status: 404 });
		await gotoOk(page, `/plans/demo/risks/${id}/delete`, { status: 404 });
		await gotoOk(page, '/plans/region/elements/999999/risks/new', { status: 404 });

		await gotoOk(page, sheet);
		// A stale version (the risk was saved twice since it was created) deletes nothing.
		const stale = await page.request.post(href, { form: { csrf: await csrfToken(page), version: '1' }, maxRedirects: 0 });
		assert.equal(stale.status(), 409, 'a deletion from a stale page answers 409');
		await gotoOk(page, sheet);
		assert.equal(await page.locator('main table.risks tbody tr').filter({ hasText: MODERATE }).count(), 1, 'still there');
		await submitOk(page, del);
		assert.match(await mainText(page), new RegExp(escapeRegExp(MODERATE)), 'the confirmation names the risk');
		await submitOk(page, formTo(page, '/delete').locator('button[type="submit"]'), { what: 'confirm deletion' });
		assert.equal(new URL(page.url()).pathname, sheet, 'back on the sheet');
		assert.equal(await page.locator('main table.risks tbody tr').filter({ hasText: MODERATE }).count(), 0, 'the risk is gone');
		assert.equal(await page.locator('main table.risks tbody tr').filter({ hasText: CRITICAL }).count(), 1, 'the other one stays');
	}));
}

/* ---- dependencies ------------------------------------------------------------------------- */

{
	const test = group('dependencies');
	test('a dependency the dates break is flagged in words on both sheets', () => withPage(async ({ page }) => {
		const a = await setDates(page, A, '01/01/2026', '31/03/2026');
		const b = await setDates(page, B, '20/03/2026', '30/06/2026');
		await gotoOk(page, b);
		const form = formTo(page, '/dependencies');
		const select = form.getByLabel('Cet élément suit…');
		const option = await select.locator('option', { hasText: new RegExp(`^${escapeRegExp(A)} `) }).getAttribute('value');
		await select.selectOption(option);
		await submitOk(page, form.locator('button[type="submit"]'), { what: 'add a dependency' });
		assert.equal(new URL(page.url()).pathname, b, 'back on the sheet');
		let text = await mainText(page);
		assert.match(text, new RegExp(`Éléments que celui-ci suit ${escapeRegExp(A)}`), `the sheet of ${B} lists ${A} as followed`);
		assert.match(text, new RegExp(`non respectée : commence 11 jours avant la fin de ${escapeRegExp(A)}`),
			'the broken dependency is flagged with the days');
		assert.match(text, /début le 20\/03\/2026, fin le 31\/03\/2026/, 'and the two dates');

		await gotoOk(page, a);
		text = await mainText(page);
		assert.match(text, new RegExp(`Éléments qui suivent celui-ci ${escapeRegExp(B)}`), `the sheet of ${A} lists ${B} as following`);
		assert.match(text, new RegExp(`non respectée : ${escapeRegExp(B)} commence 11 jours avant la fin de cet élément`),
			'flagged there too');
	}));

	test('a cycle, a duplicate and a self-dependency are refused next to the field', () => withPage(async ({ page }) => {
		const a = await elementPath(page, 'region', A);
		const b = await elementPath(page, 'region', B);
		await gotoOk(page, a);
		let form = formTo(page, '/dependencies');
		let select = form.getByLabel('Cet élément suit…');
		await select.selectOption(await select.locator('option', { hasText: new RegExp(`^${escapeRegExp(B)} `) }).getAttribute('value'));
		await submitOk(page, form.locator('button[type="submit"]'), { status: 422, what: 'a cycle' });
		assert.equal(await page.locator('#dependency-from').getAttribute('aria-invalid'), 'true', 'the field is marked invalid');
		assert.ok((await page.locator('#dependency-from-error').textContent()).trim(), 'the cycle is explained next to it');
		assert.equal(await page.locator('main .errors a[href="#dependency-from"]').count(), 1, 'the summary links to it');
		await axeCheck(page, 'dependencies page, cycle refused');

		await gotoOk(page, b);
		form = formTo(page, '/dependencies');
		select = form.getByLabel('Cet élément suit…');
		await select.selectOption(await select.locator('option', { hasText: new RegExp(`^${escapeRegExp(A)} `) }).getAttribute('value'));
		await submitOk(page, form.locator('button[type="submit"]'), { status: 422, what: 'a duplicate' });
		assert.ok((await page.locator('#dependency-from-error').textContent()).trim(), 'the duplicate is refused next to the field');

		// Itself: not offered by the list, refused when sent anyway.
		await gotoOk(page, b);
		const own = b.split('/').pop();
		assert.equal(await formTo(page, '/dependencies').locator(`option[value="${own}"]`).count(), 0, 'the list leaves the element out');
		const r = await page.request.post(`${b}/dependencies`, { form: { csrf: await csrfToken(page), from: own }, maxRedirects: 0 });
		assert.equal(r.status(), 422, 'a self-dependency answers 422');
	}));

	test('milestone dependencies: linked, flagged when broken, removed', () => withPage(async ({ page }) => {
		await apiCsv('/api/v1/plans/region/milestones', [
			'code;jalon;date_prevue;date_prevision;date_reelle;statut',
			`${A};Fin des travaux A;31/03/2026;;;`,
			`${B};Démarrage B;15/03/2026;;;`,
			'',
		].join('\n'));
		const b = await elementPath(page, 'region', B);
		await gotoOk(page, b);
		const form = formTo(page, '/milestone-dependencies');
		await form.getByLabel('Le jalon (de cet élément)').selectOption({ label: `${B} — Démarrage B (15/03/2026)` });
		await form.getByLabel('suit le jalon').selectOption({ label: `${A} — Fin des travaux A (31/03/2026)` });
		await submitOk(page, form.locator('button[type="submit"]'), { what: 'link two milestones' });
		const table = page.locator('main table.milestone-dependencies');
		assert.equal(await table.count(), 1, 'the sheet lists the milestone dependency');
		let text = fold(await table.textContent());
		assert.match(text, /Démarrage B .* Fin des travaux A/, 'which follows which');
		assert.match(text, /non respectée : prévu 16 jours avant le jalon qu'il suit/, 'flagged with the days');

		// The same again: refused next to the first field.
		await form.getByLabel('Le jalon (de cet élément)').selectOption({ label: `${B} — Démarrage B (15/03/2026)` });
		await form.getByLabel('suit le jalon').selectOption({ label: `${A} — Fin des travaux A (31/03/2026)` });
		await submitOk(page, form.locator('button[type="submit"]'), { status: 422, what: 'a duplicate milestone link' });
		assert.equal(await page.locator('#milestone-to').getAttribute('aria-invalid'), 'true', 'refused next to the field');
		await axeCheck(page, 'dependencies page, milestone link refused');

		// No choice: both fields say so.
		await gotoOk(page, b);
		await submitOk(page, formTo(page, '/milestone-dependencies').locator('button[type="submit"]'), { status: 422, what: 'nothing chosen' });
		assert.equal(await page.locator('#milestone-to-error').count(), 1, 'the first field has its error');
		assert.equal(await page.locator('#milestone-from-error').count(), 1, 'the second too');

		// Remove it with its button.
		await gotoOk(page, b);
		await submitOk(page, page.locator('main table.milestone-dependencies').getByRole('button', { name: /Retirer/ }));
		assert.equal(await page.locator('main table.milestone-dependencies').count(), 0, 'the milestone dependency is gone');
		text = await mainText(page);
		assert.match(text, /Aucune dependance entre jalons|Aucune dépendance entre jalons/, 'the sheet says so');
	}));

	test('removing an element dependency, from the button of its row', () => withPage(async ({ page }) => {
		const a = await elementPath(page, 'region', A);
		await gotoOk(page, a);
		const row = page.locator('main ul.dependencies li').filter({ hasText: B });
		assert.equal(await row.count(), 1, `${A}'s sheet lists ${B}`);
		const button = row.getByRole('button');
		assert.match(await button.evaluate((e) => e.textContent), new RegExp(escapeRegExp(B)), 'the button names what it removes');
		await button.focus();
		await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
		assert.equal(await page.locator('main ul.dependencies li').filter({ hasText: B }).count(), 0, 'the dependency is gone');
		// Removing it again: nothing there.
		const r = await page.request.post(`${a}/dependencies/delete`, {
			form: { csrf: await csrfToken(page), from: a.split('/').pop(), to: (await elementPath(page, 'region', B)).split('/').pop() },
			maxRedirects: 0 });
		assert.equal(r.status(), 404, 'a dependency that is not there is not found');
	}));
}

/* ---- qualification ------------------------------------------------------------------------ */

{
	const test = group('qualification');
	test('nature, type and scores: saved, shown on the sheet, shown again in the form', () => withPage(async ({ page }) => {
		const sheet = await elementPath(page, 'region', QUALIFIED);
		await gotoOk(page, sheet);
		assert.equal((await qualificationShown(page)).Nature, 'non renseigné', 'nothing set at first');
		await submitOk(page, page.getByRole('link', { name: 'Modifier la qualification' }));
		const nature = page.getByRole('group', { name: 'Nature' });
		assert.equal(await nature.count(), 1, 'the nature is a group with its legend');
		await nature.getByLabel('quick win').check();
		await page.getByRole('group', { name: 'Type de projet' }).getByLabel('mutualisation entre établissements').check();
		await page.getByLabel('priorité', { exact: true }).selectOption('4');
		await page.getByLabel('impact', { exact: true }).selectOption('3');
		await submitOk(page, formTo(page, '/qualification').locator('button[type="submit"]'), { what: 'save the qualification' });
		assert.equal(new URL(page.url()).pathname, sheet, 'back on the sheet');
		const shown = await qualificationShown(page);
		assert.equal(shown.Nature, 'quick win', 'the nature shows');
		assert.equal(shown['Type de projet'], 'mutualisation entre établissements', 'the type shows');
		assert.equal(shown['priorité'], '4 sur 4', 'the priority score');
		assert.equal(shown.impact, '3 sur 4', 'the impact score');
		assert.equal(shown['coût'], 'non noté', 'an unscored criterion');

		await gotoOk(page, `${sheet}/qualification`);
		assert.equal(await page.getByLabel('quick win').isChecked(), true, 'the form shows the nature saved');
		assert.equal(await page.getByLabel('priorité', { exact: true }).inputValue(), '4', 'and the score saved');
		// Back to nothing for the priority: the score goes.
		await page.getByLabel('priorité', { exact: true }).selectOption('');
		await submitOk(page, formTo(page, '/qualification').locator('button[type="submit"]'));
		assert.equal((await qualificationShown(page))['priorité'], 'non noté', 'a score can be removed');
	}));

	test('a tampered value is refused next to its group; a stale save answers 409', () => withPage(async ({ page, newPage }) => {
		const sheet = await elementPath(page, 'region', QUALIFIED);
		await gotoOk(page, `${sheet}/qualification`);
		await page.locator('#score-0 option[value="4"]').evaluate((o) => { o.value = '9'; });
		await page.locator('#score-0').selectOption('9');
		await page.locator('input[name="nature"]').first().evaluate((i) => { i.value = 'bientot'; i.checked = true; });
		await submitOk(page, formTo(page, '/qualification').locator('button[type="submit"]'), { status: 422, what: 'bad qualification' });
		assert.equal(await page.locator('#nature-error').count(), 1, 'the nature group has its error');
		assert.equal(await page.locator('#scores-error').count(), 1, 'the scores group has its error');
		assert.equal(await page.locator('main .errors a[href="#nature"]').count(), 1, 'the summary links to the group');
		await axeCheck(page, 'qualification form with errors');

		const other = await newPage();
		await gotoOk(page, `${sheet}/qualification`);
		await gotoOk(other, `${sheet}/qualification`);
		await page.getByLabel('long terme').check();
		await submitOk(page, formTo(page, '/qualification').locator('button[type="submit"]'));
		await other.getByLabel('projet phare').check();
		await submitOk(other, formTo(other, '/qualification').locator('button[type="submit"]'), { status: 409, what: 'stale qualification' });
		assert.match(await mainText(other), /Modification concurrente/, 'the conflict is said');
		assert.match(await mainText(other), /Nature enregistrée long terme/, 'with what is stored');
		assert.equal(await other.getByLabel('projet phare').isChecked(), true, "the user's choice is kept");
		await submitOk(other, formTo(other, '/qualification').locator('button[type="submit"]'), { what: 'redo' });
		assert.equal((await qualificationShown(other))['Type de projet'], 'projet phare', 'redone');
	}));
}

/* ---- the plan's lists ------------------------------------------------------------------------ */

{
	const test = group('lists');
	test('each list saves on its own; a source used by a budget line cannot be dropped', () => withPage(async ({ page }) => {
		await gotoOk(page, '/plans/region/settings');
		const sources = page.getByLabel('Sources de financement');
		const before = await sources.inputValue();
		assert.match(before, /^Région$/m, 'the default sources are listed one per line');
		await sources.fill(`${before.trim()}\nFonds européen de la montagne\n`);
		await submitOk(page, formTo(page, '/settings/lists').filter({ has: sources }).locator('button[type="submit"]'),
			{ what: 'save the sources' });
		assert.equal(new URL(page.url()).pathname, '/plans/region/settings', 'back on the settings page');
		assert.match(await page.locator('main .notice').textContent(), /Liste enregistrée/, 'a notice says so');
		assert.match(await page.getByLabel('Sources de financement').inputValue(), /^Fonds européen de la montagne$/m, 'the new source is listed');

		await apiCsv('/api/v1/plans/region/budget-lines', [
			'code;annee;nature;source;prevu;engage;realise', `${FUNDED};2026;investissement;Région;1000;;`, ''].join('\n'));
		const phasesBefore = await page.getByLabel('Phases').inputValue();
		const kept = before.split('\n').filter((s) => s.trim() && s.trim() !== 'Région').join('\n');
		await page.getByLabel('Phases').fill('une phase tapée mais pas envoyée');
		await page.getByLabel('Sources de financement').fill(kept);
		await submitOk(page, formTo(page, '/settings/lists').filter({ has: page.getByLabel('Sources de financement') })
			.locator('button[type="submit"]'), { status: 422, what: 'drop a source in use' });
		const field = page.getByLabel('Sources de financement');
		assert.equal(await field.getAttribute('aria-invalid'), 'true', 'the textarea is marked invalid');
		const errorId = (await field.getAttribute('aria-describedby')).split(/\s+/).find((id) => id.endsWith('-error'));
		assert.match(await page.locator(`#${errorId}`).textContent(), /Région/, 'the error next to it names the source in use');
		assert.equal(await field.inputValue(), kept, 'what was typed is kept');
		assert.equal(await page.getByLabel('Phases').inputValue(), phasesBefore, 'the other lists show what is stored');
		await axeCheck(page, 'settings, list refused');
		await gotoOk(page, '/plans/region/settings');
		assert.match(await page.getByLabel('Sources de financement').inputValue(), /^Région$/m, 'nothing was saved');

		// An empty list is refused too.
		await page.getByLabel('Critères de qualification').fill('\n  \n');
		await submitOk(page, formTo(page, '/settings/lists').filter({ has: page.getByLabel('Critères de qualification') })
			.locator('button[type="submit"]'), { status: 422, what: 'empty criteria' });
		assert.equal(await page.getByLabel('Critères de qualification').getAttribute('aria-invalid'), 'true', 'refused next to the field');

		// Indicator families: the same, with a family used by an indicator (imported through the API).
		const r = await fetch(`${server.url}/api/v1/plans/region/indicators`, {
			method: 'POST', headers: { 'Content-Type': 'text/csv; charset=utf-8' },
			body: ['code;nom;famille;unite;sens;frequence', 'FAM1;Empreinte carbone du réseau;environnement;t CO2;baisse;annuelle', ''].join('\n') });
		assert.equal(r.status, 201, `the indicator is imported (body: ${await r.text()})`);
		await gotoOk(page, '/plans/region/settings');
		const families = page.getByLabel("Familles d'indicateurs");
		const familiesBefore = await families.inputValue();
		assert.match(familiesBefore, /^environnement$/m, 'the default families are listed one per line');
		await families.fill(`${familiesBefore.trim()}\nqualité de service\n`);
		await submitOk(page, formTo(page, '/settings/lists').filter({ has: families }).locator('button[type="submit"]'),
			{ what: 'save the families' });
		assert.match(await page.locator('main .notice').textContent(), /Liste enregistrée/, 'a notice says so');
		const familiesSaved = await page.getByLabel("Familles d'indicateurs").inputValue();
		assert.match(familiesSaved, /^qualité de service$/m, 'the new family is listed');
		const withoutEnvironment = familiesSaved.split('\n').filter((s) => s.trim() && s.trim() !== 'environnement').join('\n');
		await page.getByLabel("Familles d'indicateurs").fill(withoutEnvironment);
		await submitOk(page, formTo(page, '/settings/lists').filter({ has: page.getByLabel("Familles d'indicateurs") })
			.locator('button[type="submit"]'), { status: 422, what: 'drop a family in use' });
		const familyField = page.getByLabel("Familles d'indicateurs");
		assert.equal(await familyField.getAttribute('aria-invalid'), 'true', 'the families textarea is marked invalid');
		const familyErrorId = (await familyField.getAttribute('aria-describedby')).split(/\s+/).find((id) => id.endsWith('-error'));
		assert.match(await page.locator(`#${familyErrorId}`).textContent(), /environnement.*1 indicateur/,
			'the error next to it names the family in use and how many indicators use it');
		assert.equal(await familyField.inputValue(), withoutEnvironment, 'what was typed is kept');
		await gotoOk(page, '/plans/region/settings');
		assert.equal(await page.getByLabel("Familles d'indicateurs").inputValue(), familiesSaved, 'nothing was saved');
	}));
}

/* ---- CSRF ------------------------------------------------------------------------------------- */

{
	const test = group('CSRF');
	test('every POST route without the csrf field answers 403 and changes nothing', () => withPage(async ({ page }) => {
		const sheet = await elementPath(page, 'region', RISKY);
		const a = await elementPath(page, 'region', A);
		const b = await elementPath(page, 'region', B);
		await gotoOk(page, sheet);
		const href = await (await riskRow(page, CRITICAL)).getByRole('link', { name: /Modifier/ }).getAttribute('href');
		const risk = href.replace(/\/edit$/, '');
		const id = (p) => p.split('/').pop();
		const posts = [
			[`${sheet}/risks/new`, { description: 'Sans jeton', probability: '1', impact: '1', status: 'ouvert' }],
			[`${risk}/edit`, { description: 'Sans jeton', probability: '1', impact: '1', status: 'ouvert', version: '0' }],
			[`${risk}/delete`, { version: '0' }],
			[`${b}/dependencies`, { from: id(a) }],
			[`${b}/dependencies/delete`, { from: id(a), to: id(b) }],
			[`${b}/milestone-dependencies`, { from: '1', to: '2' }],
			[`${b}/milestone-dependencies/delete`, { from: '1', to: '2' }],
			[`${sheet}/qualification`, { nature: 'long-terme', version: '0' }],
			['/plans/region/settings/lists', { list: 'phases', names: 'Sans jeton' }],
		];
		const wrong = [];
		for (const [url, form] of posts) {
			const r = await page.request.post(url, { form, maxRedirects: 0 });
			if (r.status() !== 403) wrong.push(`POST ${url}: ${r.status()}`);
			const bad = await page.request.post(url, { form: { ...form, csrf: 'f'.repeat(64) }, maxRedirects: 0 });
			if (bad.status() !== 403) wrong.push(`POST ${url} with a wrong token: ${bad.status()}`);
		}
		assert.deepEqual(wrong, [], 'every POST without a valid csrf field is refused with 403');
		await gotoOk(page, sheet);
		assert.ok(!(await mainText(page)).includes('Sans jeton'), 'nothing was created or changed');
		assert.equal(await (await riskRow(page, CRITICAL)).count(), 1, 'the risk is still there');
		await gotoOk(page, '/plans/region/settings');
		assert.ok(!(await page.getByLabel('Phases').inputValue()).includes('Sans jeton'), 'the phases are unchanged');
	}));
}

/* ---- accessibility ------------------------------------------------------------------------------ */

for (const lang of ['fr', 'en']) {
	const test = group(`axe, no WCAG 2.1 A/AA violation (${lang})`);
	const scan = async (page, label) => {
		assert.equal(await page.locator('html').getAttribute('lang'), lang, `${label}: <html lang> is ${lang}`);
		await axeCheck(page, `${label} [${lang}]`);
	};

	test('the sheet\'s sections: risks, dependencies (one broken), qualification', () => withPage(async ({ page }) => {
		const a = await elementPath(page, 'region', A);
		const b = await elementPath(page, 'region', B);
		// Link B after A again (removed above), so that a broken dependency shows.
		await gotoOk(page, b);
		const r = await page.request.post(`${b}/dependencies`, { form: { csrf: await csrfToken(page), from: a.split('/').pop() }, maxRedirects: 0 });
		assert.ok([303, 422].includes(r.status()), `the dependency is there (${r.status()})`);
		for (const code of [RISKY, A, B, QUALIFIED]) {
			await gotoOk(page, await elementPath(page, 'region', code));
			await scan(page, `sheet of ${code}`);
		}
		await gotoOk(page, b);
		const h = await page.locator('main h1, main h2, main h3').evaluateAll((hs) => hs.map((x) => x.tagName));
		for (let i = 1; i < h.length; i++)
			assert.ok(Number(h[i][1]) <= Number(h[i - 1][1]) + 1, `headings do not skip a level (${h.join(' ')})`);
	}, { lang }));

	test('the forms, and their error states', () => withPage(async ({ page }) => {
		const sheet = await elementPath(page, 'region', RISKY);
		const b = await elementPath(page, 'region', B);
		await gotoOk(page, `${sheet}/risks/new`);
		await scan(page, 'new risk');
		await submitOk(page, formTo(page, '/risks/new').locator('button[type="submit"]'), { status: 422 });
		await scan(page, 'new risk with errors');
		await gotoOk(page, sheet);
		const edit = await page.locator('main table.risks a[href$="/edit"]').first().getAttribute('href');
		await gotoOk(page, edit);
		await scan(page, 'risk edit');
		await gotoOk(page, edit.replace(/\/edit$/, '/delete'));
		await scan(page, 'risk deletion');
		await gotoOk(page, `${b}/dependencies`);
		await scan(page, 'dependencies page');
		await submitOk(page, formTo(page, '/elements/' + b.split('/').pop() + '/dependencies').locator('button[type="submit"]'), { status: 422 });
		await scan(page, 'dependencies page with an error');
		await gotoOk(page, `${sheet}/qualification`);
		await scan(page, 'qualification');
		await page.locator('input[name="type"]').first().evaluate((i) => { i.value = 'bidon'; i.checked = true; });
		await submitOk(page, formTo(page, '/qualification').locator('button[type="submit"]'), { status: 422 });
		await scan(page, 'qualification with errors');
		await gotoOk(page, '/plans/region/settings');
		await scan(page, 'settings with the lists');
		await page.locator('#names-phases').fill('');
		await submitOk(page, formTo(page, '/settings/lists').filter({ has: page.locator('#names-phases') })
			.locator('button[type="submit"]'), { status: 422 });
		await scan(page, 'settings with a list refused');
	}, { lang }));
}
