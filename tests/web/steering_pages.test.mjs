/*
 * steering_pages.test.mjs — steering on an element's sheet (src/web/pages_steering.c)
 * in a real browser (Debian's Chromium driven by Playwright): the "Pilotage" summary,
 * the status form and the weather history, the milestones and budget lines with their
 * create, edit and delete forms, validation errors shown next to their fields with
 * nothing saved, stale edits (409 with both versions, redone from there), CSRF
 * refusals, items of another plan (404), and an axe-core scan (WCAG 2.1 A and AA) of
 * the sheet and of every form, in its error state too, in French and in English.
 *
 * Run with `node --test` (meson: `meson test web_steering_pages`). One server and one
 * browser serve the whole file; each test has its own browser context (cookies) and
 * works on elements no other test of this file changes.
 */
import assert from 'node:assert/strict';
import { userInfo } from 'node:os';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import {
	JALON, axeCheck, escapeRegExp, fold, gotoOk, group, launchBrowser, mainText, startServer,
	submitOk, withLang, withSession,
} from './lib.mjs';

let server;
let browser;

/* The element whose sheet carries data for the scans (and is only read): two budget
 * lines and two milestones, one of them late (its forecast is past its planned date). */
const SHEET = 'AX1.A1.P1';
const BUDGET = [
	'code;annee;nature;source;prevu;engage;realise',
	'AX1.A1.P1;2025;investissement;État;120 000,00;80 000;25 000',
	'AX1.A1.P1;2026;fonctionnement;ressources propres;15 000;5 000;',
	'',
].join('\n');
const MILESTONES = [
	'code;jalon;date_prevue;date_prevision;date_reelle;statut',
	'AX1.A1.P1;Cahier des charges validé;15/01/2025;;20/01/2025;',
	'AX1.A1.P1;Recette de la plateforme;01/03/2026;15/04/2026;;',
	'',
].join('\n');

before(async () => {
	server = await startServer();
	browser = await launchBrowser();
	const env = { ...process.env, JALON_LANG: 'fr' };
	for (const name of Object.keys(env)) if (/_proxy$/i.test(name)) delete env[name];
	writeFileSync(join(server.dir, 'budget.csv'), BUDGET);
	writeFileSync(join(server.dir, 'jalons.csv'), MILESTONES);
	const run = (...args) => execFileSync(JALON, ['--db', server.db, ...args], { env, cwd: server.dir, stdio: 'pipe' });
	run('import-budget', 'demo', 'budget.csv');
	run('import-milestones', 'demo', 'jalons.csv');
});

after(async () => {
	if (browser) await browser.close().catch(() => {});
	if (server) {
		await server.stop();
		server.remove();
	}
});

const withPage = (fn, options) => withSession(browser, server, fn, options);

/* The sheet of element `code` of the demo plan, read off the plan overview. */
const elementPaths = new Map();
async function elementPath(page, code, slug = 'demo') {
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

/* The page's POST form (in <main>) and its submit button. */
const postForm = (page) => page.locator('main form[method="post" i]').first();
const postButton = (page) => postForm(page).locator('button[type="submit"]').first();

/* Fill a text field or choose an option of a select or a radio, by name. */
async function setField(page, name, value) {
	const field = postForm(page).locator(`[name="${name}"]`);
	const count = await field.count();
	assert.ok(count >= 1, `the form has a field named ${name}`);
	const first = field.first();
	const tag = await first.evaluate((e) => e.tagName.toLowerCase());
	const type = await first.evaluate((e) => e.type);
	if (tag === 'select') await first.selectOption(value);
	else if (type === 'radio') await postForm(page).locator(`[name="${name}"][value="${value}"]`).check();
	else await first.fill(value);
}

/* Press Tab until the focus is on `selector` (in <main>); fail after `max` presses. */
async function tabTo(page, selector, max = 60) {
	const target = page.locator(selector).first();
	for (let i = 0; i < max; i++) {
		if (await target.evaluate((e) => e === document.activeElement)) return;
		await page.keyboard.press('Tab');
	}
	assert.fail(`Tab never reached ${selector}`);
}

/* Each cell of each row of a table, text folded. */
const rows = (table) => table.locator('tr').evaluateAll((trs) =>
	trs.map((tr) => [...tr.children].map((c) => c.textContent.replace(/[\s\u00a0\u202f]+/g, ' ').trim())));

/* The "Pilotage" summary as read: each term and its value separated by a space. */
const summaryText = async (page) => fold(await page.locator('main dl.steering').innerText());

const milestonesTable = (page) => page.locator('main table[aria-labelledby="jalons"]');
const linesTable = (page) => page.locator('main table[aria-labelledby="lignes-budgetaires"]');

/* The error shown next to field `name`: the field is marked invalid and described by
 * a message that is on the page; returns the message. */
async function fieldError(page, name) {
	const field = postForm(page).locator(`[name="${name}"]`).first();
	const type = await field.evaluate((e) => e.type);
	const owner = type === 'radio' ? postForm(page).locator(`fieldset:has([name="${name}"])`) : field;
	if (type !== 'radio')
		assert.equal(await field.getAttribute('aria-invalid'), 'true', `the field ${name} is marked invalid`);
	const ids = (await owner.getAttribute('aria-describedby') || '').split(/\s+/).filter(Boolean);
	const error = ids.find((id) => id.endsWith('-error'));
	assert.ok(error, `the field ${name} is described by its error message (aria-describedby="${ids.join(' ')}")`);
	const message = fold(await page.locator(`#${error}`).textContent());
	assert.ok(message.length > 5, `the error of ${name} says something (${message})`);
	// The summary at the top links to the field.
	const anchor = type === 'radio' ? await field.getAttribute('id') : name;
	assert.equal(await page.locator(`main .errors a[href="#${anchor}"]`).count(), 1,
		`the error summary links to the field ${name}`);
	return message;
}

/* The CSRF token of the page's form, to post as a browser would (tests that set up
 * data quickly, or that check what a stale form does). */
async function post(page, path, fields, { csrf = true } = {}) {
	const form = { ...fields };
	if (csrf) form.csrf = await page.locator('input[name="csrf"]').first().inputValue();
	return page.request.post(path, { form, maxRedirects: 0 });
}

/* ---- the status form and the summary ------------------------------------------------------ */

{
	const test = group('status');
	test('set phase, progress and weather with a comment from the keyboard; the sheet and the history show them',
		() => withPage(async ({ page }) => {
			const sheet = await elementPath(page, 'AX2.A1.P1');
			await gotoOk(page, sheet);
			assert.match(await summaryText(page), /Phase non renseignée/,
				'a new element has no phase');
			await page.locator('main').focus();
			await tabTo(page, `main a[href="${sheet}/status"]`);
			const [response] = await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
			assert.equal(response.status(), 200, 'Enter on "Mettre à jour l\'état" opens the status form');
			assert.match(await page.locator('h1').textContent(), /État de AX2\.A1\.P1/);

			await page.locator('#phase').selectOption('recette');
			await tabTo(page, '#progress');
			await page.keyboard.type('45');
			// Into the radio group (the checked "non renseigné"), then the arrows choose.
			await page.keyboard.press('Tab');
			assert.equal(await page.evaluate(() => document.activeElement.id), 'weather-non-renseigne',
				'Tab enters the weather group on its checked button');
			await page.keyboard.press('ArrowDown');
			await page.keyboard.press('ArrowDown');
			assert.equal(await page.locator('#weather-nuage').isChecked(), true, 'two arrows down choose "nuage"');
			await page.keyboard.press('Tab');
			assert.equal(await page.evaluate(() => document.activeElement.id), 'comment', 'Tab goes on to the comment');
			await page.keyboard.type('Retard de livraison du prestataire');
			await page.keyboard.press('Tab');
			assert.equal(await page.evaluate(() => document.activeElement.id), 'reported_on');
			assert.match(await page.locator('#reported_on').inputValue(), /^\d\d\/\d\d\/\d{4}$/,
				'the date of the report starts as today, JJ/MM/AAAA');
			await page.keyboard.press('ControlOrMeta+A');
			await page.keyboard.type('10/11/2026');
			const [saved] = await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
			assert.equal(saved.status(), 200, 'Enter in the last field saves');
			assert.equal(new URL(page.url()).pathname, sheet, 'saving leads back to the sheet');
			assert.match(fold(await page.locator('main .notice').textContent()), /État enregistré/);

			const summary = await summaryText(page);
			assert.match(summary, /Phase recette/, `the phase shows (${summary})`);
			assert.match(summary, /Avancement propre 45 %/, 'the own progress shows');
			assert.match(summary, /Avancement consolidé 45,0 %/, 'the rolled progress is the own one');
			assert.match(summary, /Météo ☁ nuage/, 'the weather shows as an icon and a word');
			assert.match(summary, /10\/11\/2026 — Retard de livraison du prestataire/, 'the latest dated comment shows');
			const history = await rows(page.locator('main table[aria-labelledby="historique-meteo"]'));
			assert.deepEqual(history, [['Date', 'Météo', 'Commentaire'],
				['10/11/2026', '☁ nuage', 'Retard de livraison du prestataire']], 'the history has the report');
			// The element's history: each changed field with its old and new value, who (the
			// system user running the server) and from where, newest first.
			const table = await rows(page.locator('main table[aria-labelledby="historique"]'));
			assert.deepEqual(table[0], ['Date', 'Élément', 'Changement', 'Avant', 'Après', 'Par', 'Rétablir']);
			const by = `${userInfo().username}, navigateur`;
			// The last cell: a « Rétablir » button on each field of the status, none on the comment.
			assert.deepEqual(table.slice(1).map(([, ...cells]) => cells.slice(0, 5)), [
				['AX2.A1.P1', 'État : commentaire', '—', 'Retard de livraison du prestataire', by],
				['AX2.A1.P1', 'État : phase', '—', 'recette', by],
				['AX2.A1.P1', 'État : météo', '—', 'nuage', by],
				['AX2.A1.P1', 'État : avancement', '—', '45', by],
			], 'the history lists the four changes');
			assert.deepEqual(table.slice(1).map((r) => r[6].startsWith('Rétablir')), [false, true, true, true],
				'a restore button on each status field, none on the comment');

			// The form shows what is stored.
			await gotoOk(page, `${sheet}/status`);
			assert.equal(await page.locator('#phase').inputValue(), 'recette');
			assert.equal(await page.locator('#progress').inputValue(), '45');
			assert.equal(await page.locator('#weather-nuage').isChecked(), true);
			assert.equal(await page.locator('main table[aria-labelledby="historique-meteo"] tbody tr').count(), 1,
				'the form page shows the history too');
		}));

	test('a progress above 100 and a comment without a weather are refused next to their fields; nothing is saved',
		() => withPage(async ({ page }) => {
			const sheet = await elementPath(page, 'AX2.A1.P1');
			await gotoOk(page, `${sheet}/status`);
			await setField(page, 'progress', '150');
			await setField(page, 'phase', '');
			await submitOk(page, postButton(page), { status: 422, what: 'progress 150' });
			assert.match(await fieldError(page, 'progress'), /0 à 100/, 'the progress error says the range');
			assert.equal(await page.locator('#progress').inputValue(), '150', 'what was typed is kept');
			assert.equal(await page.locator('#phase').inputValue(), '', 'the other fields keep what was chosen');

			await setField(page, 'progress', '50');
			await page.locator('[name="weather"][value="non-renseigne"]').check();
			await setField(page, 'comment', 'Toujours nuageux');
			await submitOk(page, postButton(page), { status: 422, what: 'comment without a weather' });
			assert.match(await fieldError(page, 'comment'), /accompagne une météo/, 'the comment error says why');
			assert.equal(await page.locator('#comment').inputValue(), 'Toujours nuageux', 'the comment typed is kept');

			await gotoOk(page, sheet);
			const summary = await summaryText(page);
			assert.match(summary, /Phase recette/, 'the phase was not changed');
			assert.match(summary, /Avancement propre 45 %/, 'the progress was not changed');
		}));

	test('a comment on an unchanged weather is kept, dated, in the history', () => withPage(async ({ page }) => {
		const sheet = await elementPath(page, 'AX2.A1.P1');
		await gotoOk(page, `${sheet}/status`);
		const before = await page.locator('main table[aria-labelledby="historique-meteo"] tbody tr').count();
		assert.equal(await page.locator('#weather-nuage').isChecked(), true, 'the stored weather is chosen');
		await setField(page, 'comment', 'Toujours nuageux : recette décalée');
		await setField(page, 'reported_on', '20/11/2026');
		await submitOk(page, postButton(page), { what: 'comment with the same weather' });
		await gotoOk(page, `${sheet}/status`);
		const history = await rows(page.locator('main table[aria-labelledby="historique-meteo"]'));
		assert.equal(history.length - 1, before + 1, 'one more report');
		assert.ok(history.some((r) => r[0] === '20/11/2026' && r[2] === 'Toujours nuageux : recette décalée'),
			`the dated comment is in the history (${JSON.stringify(history)})`);
	}));

	test('a title changed by mistake comes back with one click on « Rétablir » in the history',
		() => withPage(async ({ page }) => {
			const sheet = await elementPath(page, 'AX2.A1.P2');
			const api = `/api/v1${sheet}`;
			const got = await page.request.get(api);
			const title = (await got.json()).title;
			const patched = await page.request.patch(api, { data: { title: 'Titre saisi par erreur' },
				headers: { 'If-Match': got.headers().etag } });
			assert.equal(patched.status(), 200);
			await gotoOk(page, sheet);
			const button = page.locator('main table[aria-labelledby="historique"] button', { hasText: 'Rétablir' });
			assert.equal(await button.count(), 1, 'one restorable change: the title');
			assert.match(fold(await button.textContent()), new RegExp(`intitulé : « ${escapeRegExp(title)} »`),
				'the button says, for a screen reader, what it puts back');
			await axeCheck(page, 'element sheet with its history');
			await submitOk(page, button);
			assert.equal(new URL(page.url()).pathname, sheet);
			assert.match(fold(await page.locator('main .notice').textContent()), /Valeur rétablie/);
			assert.match(fold(await page.locator('main h1').textContent()), new RegExp(escapeRegExp(title)));
			const first = (await rows(page.locator('main table[aria-labelledby="historique"]')))[1];
			assert.deepEqual(first.slice(2, 5), ['Élément : intitulé', 'Titre saisi par erreur', title],
				'the restore is the newest row of the history');
		}));

	test('the sheet shows the last five weather reports and links to the whole history',
		() => withPage(async ({ page }) => {
			const sheet = await elementPath(page, 'AX2.A1.P2');
			const weathers = ['soleil', 'nuage', 'orage', 'nuage', 'soleil', 'orage', 'nuage'];
			for (const [i, weather] of weathers.entries()) {
				const r = await page.request.put(`/api/v1${sheet}/status`, {
					data: { weather, reported_on: `2026-0${i + 1}-15`, comment: `Point ${i + 1}` } });
				assert.equal(r.status(), 200, `report ${i + 1} saved`);
			}
			await gotoOk(page, sheet);
			const history = await rows(page.locator('main table[aria-labelledby="historique-meteo"]'));
			assert.equal(history.length, 6, 'a header and five reports');
			assert.deepEqual(history[1], ['15/07/2026', '☁ nuage', 'Point 7'], 'newest first');
			assert.deepEqual(history[5], ['15/03/2026', '⚡ orage', 'Point 3']);
			const all = page.locator(`main a[href="${sheet}/status#historique-meteo"]`);
			assert.match(fold(await all.textContent()), /Tout l'historique de la météo \(7 entrées\)/);
			await submitOk(page, all);
			assert.equal(await page.locator('main table[aria-labelledby="historique-meteo"] tbody tr').count(), 7,
				'the status page shows all seven');
		}));
}

/* ---- milestones ---------------------------------------------------------------------------------- */

{
	const test = group('milestones');
	test('add a milestone from the keyboard, refuse "atteint" without an actual date, edit it, delete it',
		() => withPage(async ({ page }) => {
			const sheet = await elementPath(page, 'AX3.A1.P1');
			await gotoOk(page, sheet);
			assert.match(await mainText(page), /Aucun jalon pour cet élément/);
			await page.locator('main').focus();
			await tabTo(page, `main a[href="${sheet}/milestones/new"]`);
			await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
			assert.match(await page.locator('h1').textContent(), /Nouveau jalon/);

			await page.locator('#title').focus();
			await page.keyboard.type('Parapheur ouvert à toutes les composantes');
			await page.keyboard.press('Tab');
			await page.keyboard.type('2027-01-31'); // planned, ISO
			await page.keyboard.press('Tab');
			await page.keyboard.type('15/03/2027'); // forecast, French
			await tabTo(page, '#deliverable');
			await page.keyboard.type('Procédure de signature');
			await page.keyboard.press('Tab');
			await page.keyboard.type('Comité de pilotage');
			const [created] = await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
			assert.equal(created.status(), 200);
			assert.equal(new URL(page.url()).pathname, sheet, 'adding leads back to the sheet');
			assert.match(fold(await page.locator('main .notice').textContent()), /Jalon ajouté/);
			let table = await rows(milestonesTable(page));
			assert.deepEqual(table[0], ['Jalon', 'Date prévue', 'Prévision', 'Date réelle', 'Statut', 'Livrable',
				'Validation', 'Actions']);
			assert.equal(table.length, 2, 'one milestone');
			assert.deepEqual(table[1].slice(0, 7), ['Parapheur ouvert à toutes les composantes', '31/01/2027',
				'15/03/2027', '—', 'à venir, en retard', 'Procédure de signature', 'Comité de pilotage'],
			'the milestone, late in words since its forecast is past its planned date');
			assert.equal(await milestonesTable(page).locator('strong.late').textContent(), 'en retard');
			assert.match(await summaryText(page), /Jalons, avec ceux des éléments enfants 1 · atteints : 0 · en retard : 1/);

			// Reached without an actual date: refused, next to the field, nothing saved.
			const edit = milestonesTable(page).locator('a[href$="/edit"]');
			assert.match(fold(await edit.textContent()), /^Modifier le jalon « Parapheur/, 'the edit link names its milestone');
			await submitOk(page, edit);
			await setField(page, 'status', 'atteint');
			await setField(page, 'minutes_ref', 'PV-2027-02');
			await submitOk(page, postButton(page), { status: 422, what: 'reached without an actual date' });
			const invalid = await postForm(page).locator('[aria-invalid="true"]').evaluateAll((es) => es.map((e) => e.name));
			assert.ok(invalid.includes('actual') || invalid.includes('status'),
				`the actual date or the status is marked invalid (${invalid})`);
			const message = await fieldError(page, invalid.includes('actual') ? 'actual' : 'status');
			assert.match(message, /date réelle/i, `the error speaks of the actual date (${message})`);
			assert.equal(await page.locator('#minutes_ref').inputValue(), 'PV-2027-02', 'what was typed is kept');
			await gotoOk(page, sheet);
			table = await rows(milestonesTable(page));
			assert.equal(table[1][4], 'à venir, en retard', 'nothing was saved');

			// With the actual date it is saved.
			await submitOk(page, milestonesTable(page).locator('a[href$="/edit"]'));
			await setField(page, 'status', 'atteint');
			await setField(page, 'actual', '20/03/2027');
			await setField(page, 'validated_on', '2027-03-22');
			await setField(page, 'minutes_ref', 'PV-2027-02');
			await submitOk(page, postButton(page), { what: 'save the reached milestone' });
			assert.match(fold(await page.locator('main .notice').textContent()), /Jalon enregistré/);
			table = await rows(milestonesTable(page));
			assert.deepEqual(table[1].slice(3, 7), ['20/03/2027', 'atteint', 'Procédure de signature',
				'Comité de pilotage, le 22/03/2027, PV PV-2027-02']);

			// Delete: a confirmation page, then gone.
			await submitOk(page, milestonesTable(page).locator('a[href$="/delete"]'));
			assert.match(await page.locator('h1').textContent(), /Supprimer le jalon « Parapheur/);
			await submitOk(page, postButton(page), { what: 'confirm the deletion' });
			assert.equal(new URL(page.url()).pathname, sheet);
			assert.match(fold(await page.locator('main .notice').textContent()), /Jalon supprimé/);
			assert.equal(await milestonesTable(page).count(), 0, 'no milestone left');
		}));

	test('unreadable dates are refused with their reason', () => withPage(async ({ page }) => {
		const sheet = await elementPath(page, 'AX3.A1.P1');
		await gotoOk(page, `${sheet}/milestones/new`);
		await setField(page, 'title', 'Jalon aux dates fausses');
		await setField(page, 'planned', '31/02/2027');
		await setField(page, 'forecast', 'bientôt');
		await submitOk(page, postButton(page), { status: 422, what: 'wrong dates' });
		assert.match(await fieldError(page, 'planned'), /n'existe pas/, 'the planned date does not exist');
		assert.match(await fieldError(page, 'forecast'), /JJ\/MM\/AAAA/, 'the forecast error gives the formats');
		await gotoOk(page, sheet);
		assert.equal(await milestonesTable(page).count(), 0, 'nothing was saved');
	}));
}

/* ---- budget lines ------------------------------------------------------------------------------- */

{
	const test = group('budget lines');
	test('add lines typed in French formats, refuse unreadable and negative amounts, totals, edit, delete',
		() => withPage(async ({ page }) => {
			const sheet = await elementPath(page, 'AX3.A1.P2');
			await gotoOk(page, sheet);
			assert.match(await mainText(page), /Aucune ligne budgétaire propre à cet élément/);
			await submitOk(page, page.locator(`main a[href="${sheet}/budget-lines/new"]`));
			assert.match(await page.locator('h1').textContent(), /Nouvelle ligne budgétaire/);

			// From the keyboard: year, nature (arrows in the radio group), source, amounts.
			await page.locator('#year').fill('');
			await page.locator('#year').focus();
			await page.keyboard.type('2026');
			await page.keyboard.press('Tab');
			assert.equal(await page.evaluate(() => document.activeElement.name), 'nature', 'Tab enters the nature group');
			await page.keyboard.press('Space');
			assert.equal(await page.locator('#nature-investissement').isChecked(), true, 'Space chooses investissement');
			await page.locator('#source').selectOption('FEDER');
			await tabTo(page, '#planned');
			await page.keyboard.type('1 234,56 €');
			await page.keyboard.press('Tab');
			await page.keyboard.type('1234.5');
			await page.keyboard.press('Tab');
			await page.keyboard.type('abc');
			await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
			assert.match(await fieldError(page, 'paid'), /Réalisé : « abc » n'est pas un montant lisible/,
				'the error names the field and the value');
			assert.equal(await page.locator('#planned').inputValue(), '1 234,56 €', 'the amounts typed are kept');
			assert.equal(await page.locator('#nature-investissement').isChecked(), true, 'the nature chosen is kept');

			await setField(page, 'paid', '-5');
			await submitOk(page, postButton(page), { status: 422, what: 'negative amount' });
			assert.match(await fieldError(page, 'paid'), /négatif/, 'a negative amount is refused');
			await gotoOk(page, sheet);
			assert.equal(await linesTable(page).count(), 0, 'nothing was saved');

			await submitOk(page, page.locator(`main a[href="${sheet}/budget-lines/new"]`));
			for (const [k, v] of Object.entries({ year: '2026', nature: 'investissement', source: 'FEDER',
				planned: '1 234,56 €', committed: '1234.5', paid: '' })) await setField(page, k, v);
			await submitOk(page, postButton(page), { what: 'add the first line' });
			assert.match(fold(await page.locator('main .notice').textContent()), /Ligne budgétaire ajoutée/);
			await submitOk(page, page.locator(`main a[href="${sheet}/budget-lines/new"]`));
			for (const [k, v] of Object.entries({ year: '2027', nature: 'fonctionnement', source: 'ressources propres',
				planned: 'EUR 10 000', committed: '', paid: '2 000,5' })) await setField(page, k, v);
			await submitOk(page, postButton(page), { what: 'add the second line' });

			let table = await rows(linesTable(page));
			assert.deepEqual(table.map((r) => r.slice(0, 6)), [
				['Année', 'Nature', 'Source', 'Prévu', 'Engagé', 'Réalisé'],
				['2026', 'investissement', 'FEDER', '1 234,56 €', '1 234,50 €', '0,00 €'],
				['2027', 'fonctionnement', 'ressources propres', '10 000,00 €', '0,00 €', '2 000,50 €'],
				['Total', '11 234,56 €', '1 234,50 €', '2 000,50 €', ''],
			], 'the lines and their total');
			assert.match(await summaryText(page),
				/Budget consolidé prévu 11 234,56 € · engagé 1 234,50 € · réalisé 2 000,50 €/, 'the summary rolls them up');

			// Edit the first: the form shows the amounts as stored, plain.
			await submitOk(page, linesTable(page).locator('a[href$="/edit"]').first());
			assert.equal(await page.locator('#planned').inputValue(), '1234,56');
			assert.equal(await page.locator('#source').inputValue(), 'FEDER');
			await setField(page, 'planned', '2 000');
			await submitOk(page, postButton(page), { what: 'save the edited line' });
			assert.match(fold(await page.locator('main .notice').textContent()), /Ligne budgétaire enregistrée/);
			table = await rows(linesTable(page));
			assert.deepEqual(table[3].slice(0, 4), ['Total', '12 000,00 €', '1 234,50 €', '2 000,50 €'], 'the total follows');

			// Delete the second.
			await submitOk(page, linesTable(page).locator('a[href$="/delete"]').nth(1));
			assert.match(fold(await mainText(page)), /10 000,00 €/, 'the confirmation says which line');
			await submitOk(page, postButton(page), { what: 'confirm the deletion' });
			assert.match(fold(await page.locator('main .notice').textContent()), /Ligne budgétaire supprimée/);
			table = await rows(linesTable(page));
			assert.equal(table.length, 3, 'one line and the total left');
			assert.deepEqual(table[2].slice(0, 4), ['Total', '2 000,00 €', '1 234,50 €', '0,00 €']);
		}));
}

/* ---- stale edits ----------------------------------------------------------------------------------- */

{
	const test = group('conflict');
	/* Two pages open the same edit form; A saves; B's save is stale. */
	async function staleEdit(page, newPage, editPath, field, valueA, valueB) {
		const a = page;
		const b = await newPage();
		await gotoOk(a, editPath);
		await gotoOk(b, editPath);
		await setField(a, field, valueA);
		await submitOk(a, postButton(a), { what: 'save in page A' });
		await setField(b, field, valueB);
		await submitOk(b, postButton(b), { status: 409, what: 'stale save in page B' });
		return b;
	}

	test('a stale milestone save shows both versions, keeps what was typed, and can be redone',
		() => withPage(async ({ page, newPage }) => {
			const sheet = await elementPath(page, 'AX4.A1.P1');
			await gotoOk(page, `${sheet}/milestones/new`);
			await setField(page, 'title', 'Authentification multifacteur généralisée');
			await setField(page, 'planned', '30/06/2027');
			await submitOk(page, postButton(page), { what: 'add a milestone' });
			const editPath = new URL(await milestonesTable(page).locator('a[href$="/edit"]').getAttribute('href'),
				server.url).pathname;
			const b = await staleEdit(page, newPage, editPath, 'forecast', '15/07/2027', '31/07/2027');
			assert.match(await b.locator('h1').textContent(), /Modification concurrente/);
			assert.deepEqual(await rows(b.locator('main table').first()), [['Champ', 'Votre saisie', 'Version enregistrée'],
				['Prévision', '31/07/2027', '15/07/2027']], 'the field that differs, both versions side by side');
			assert.equal(await b.locator('#forecast').inputValue(), '31/07/2027', "the form keeps B's value");
			await gotoOk(page, sheet);
			assert.equal((await rows(milestonesTable(page)))[1][2], '15/07/2027', 'A was not overwritten');
			await submitOk(b, postButton(b), { what: 'redo from the conflict page' });
			assert.equal((await rows(milestonesTable(b)))[1][2], '31/07/2027', "B's change is now saved");
		}));

	test('a stale budget line save and a stale deletion are refused with 409', () => withPage(async ({ page, newPage }) => {
		const sheet = await elementPath(page, 'AX4.A1.P1');
		await gotoOk(page, `${sheet}/budget-lines/new`);
		for (const [k, v] of Object.entries({ year: '2027', nature: 'investissement', source: 'Région', planned: '5000' }))
			await setField(page, k, v);
		await submitOk(page, postButton(page), { what: 'add a line' });
		const editPath = new URL(await linesTable(page).locator('a[href$="/edit"]').getAttribute('href'), server.url).pathname;
		const deletePath = editPath.replace(/\/edit$/, '/delete');
		const stale = await newPage();
		await gotoOk(stale, deletePath);
		const b = await staleEdit(page, newPage, editPath, 'planned', '6 000', '7 000');
		assert.deepEqual((await rows(b.locator('main table').first())).slice(1), [['Prévu', '7000,00', '6000,00']],
			'both amounts side by side');
		assert.equal(await b.locator('#planned').inputValue(), '7 000', 'what B typed is kept');
		await submitOk(stale, postButton(stale), { status: 409, what: 'stale deletion' });
		await gotoOk(page, sheet);
		assert.equal((await rows(linesTable(page)))[1][3], '6 000,00 €', 'the line is still there, as A saved it');
	}));
}

/* ---- refusals: CSRF, another plan's items ------------------------------------------------------------ */

{
	const test = group('refusals');
	test('every steering POST without its csrf field answers 403 and changes nothing', () => withPage(async ({ page }) => {
		const sheet = await elementPath(page, 'AX5.A1.P1');
		await gotoOk(page, `${sheet}/milestones/new`);
		await setField(page, 'title', 'Jalon témoin');
		await setField(page, 'planned', '01/01/2027');
		await submitOk(page, postButton(page), { what: 'add a milestone' });
		await submitOk(page, page.locator(`main a[href="${sheet}/budget-lines/new"]`));
		for (const [k, v] of Object.entries({ year: '2027', nature: 'investissement', source: 'ANR', planned: '100' }))
			await setField(page, k, v);
		await submitOk(page, postButton(page), { what: 'add a line' });
		const milestone = new URL(await milestonesTable(page).locator('a[href$="/edit"]').getAttribute('href'), server.url)
			.pathname.replace(/\/edit$/, '');
		const line = new URL(await linesTable(page).locator('a[href$="/edit"]').getAttribute('href'), server.url)
			.pathname.replace(/\/edit$/, '');
		const posts = [
			[`${sheet}/status`, { phase: 'clos', progress: '99', weather: 'orage', comment: 'Sans jeton' }],
			[`${sheet}/milestones/new`, { title: 'Sans jeton', planned: '01/01/2027', status: 'a-venir' }],
			[`${milestone}/edit`, { title: 'Sans jeton', planned: '01/01/2027', status: 'a-venir', version: '0' }],
			[`${milestone}/delete`, { version: '0' }],
			[`${sheet}/budget-lines/new`, { year: '2027', nature: 'investissement', source: 'ANR', planned: '999' }],
			[`${line}/edit`, { year: '2027', nature: 'investissement', source: 'ANR', planned: '999', version: '0' }],
			[`${line}/delete`, { version: '0' }],
		];
		const wrong = [];
		for (const [path, form] of posts) {
			const r = await post(page, path, form, { csrf: false });
			if (r.status() !== 403) wrong.push(`POST ${path}: ${r.status()}`);
			const bad = await post(page, path, { ...form, csrf: 'f'.repeat(64) }, { csrf: false });
			if (bad.status() !== 403) wrong.push(`POST ${path} with a wrong token: ${bad.status()}`);
		}
		assert.deepEqual(wrong, [], 'every POST without a valid csrf field is refused with 403');
		await gotoOk(page, sheet);
		const text = await mainText(page);
		assert.ok(!text.includes('Sans jeton'), 'nothing was written');
		assert.ok(text.includes('Jalon témoin') && text.includes('100,00 €'), 'the milestone and the line are still there');
		assert.match(await summaryText(page), /Phase non renseignée/, 'the status is unchanged');
	}));

	test("an item of another plan, or none, is not found (404)", () => withPage(async ({ page }) => {
		const sheet = await elementPath(page, SHEET);
		await gotoOk(page, sheet);
		const edit = new URL(await milestonesTable(page).locator('a[href$="/edit"]').first().getAttribute('href'),
			server.url).pathname;
		const lineEdit = new URL(await linesTable(page).locator('a[href$="/edit"]').first().getAttribute('href'),
			server.url).pathname;
		for (const path of [edit.replace('/plans/demo/', '/plans/region/'), lineEdit.replace('/plans/demo/', '/plans/region/'),
			'/plans/demo/milestones/999999/edit', '/plans/demo/budget-lines/0/delete', '/plans/demo/milestones/abc/delete',
			sheet.replace(/\d+$/, '999999') + '/status', sheet.replace(/\d+$/, '999999') + '/milestones/new'])
			await gotoOk(page, path, { status: 404 });
		// A POST with a valid token to another plan's item changes nothing either.
		await gotoOk(page, edit);
		const r = await post(page, edit.replace('/plans/demo/', '/plans/region/').replace(/\/edit$/, '/delete'), { version: '0' });
		assert.equal(r.status(), 404, "deleting a milestone through another plan's URL is not found");
		await gotoOk(page, sheet);
		assert.equal(await milestonesTable(page).locator('tbody tr').count(), 2, 'the milestones are still there');
	}));
}

/* ---- accessibility: the sheet and every form, in French and in English --------------------------------- */

for (const lang of [undefined, 'en']) {
	const expectedLang = lang || 'fr';
	const u = (path) => withLang(path, lang);
	const test = group(`axe, no WCAG 2.1 A/AA violation (${expectedLang})`);
	async function scan(page, label) {
		assert.equal(await page.locator('html').getAttribute('lang'), expectedLang, `${label}: <html lang>`);
		await axeCheck(page, `${label} [${expectedLang}]`);
	}
	/* Links of the sheet's tables, read once. */
	async function itemPaths(page) {
		const sheet = await elementPath(page, SHEET);
		await gotoOk(page, sheet);
		const href = async (table, end) => new URL(await table.locator(`a[href$="${end}"]`).first().getAttribute('href'),
			server.url).pathname;
		return {
			sheet,
			milestoneEdit: await href(milestonesTable(page), '/edit'),
			milestoneDelete: await href(milestonesTable(page), '/delete'),
			lineEdit: await href(linesTable(page), '/edit'),
			lineDelete: await href(linesTable(page), '/delete'),
		};
	}

	test('the sheet with steering data, and its headings in order', () => withPage(async ({ page }) => {
		const { sheet } = await itemPaths(page);
		await page.request.put(`/api/v1${sheet}/status`, { data: { weather: 'soleil', phase: 'recette', comment: 'RAS' } });
		await gotoOk(page, u(sheet));
		await scan(page, 'sheet');
		const levels = await page.locator('main h1, main h2, main h3').evaluateAll((hs) => hs.map((h) => Number(h.tagName[1])));
		for (let i = 1; i < levels.length; i++)
			assert.ok(levels[i] <= levels[i - 1] + 1, `headings do not skip a level (${levels.join(' ')})`);
		const h2 = await page.locator('main h2').allTextContents();
		if (!lang) {
			const at = (t) => h2.indexOf(t);
			assert.ok(at('Informations') < at('Pilotage') && at('Pilotage') < at('Jalons') &&
				at('Jalons') < at('Lignes budgétaires'), `the sections in order (${h2.join(' | ')})`);
		}
	}));

	test('the status form, then with an error', () => withPage(async ({ page }) => {
		const { sheet } = await itemPaths(page);
		await gotoOk(page, u(`${sheet}/status`));
		await scan(page, 'status form');
		await setField(page, 'progress', '101');
		await setField(page, 'reported_on', '32/01/2026');
		await submitOk(page, postButton(page), { status: 422, what: 'status with errors' });
		await scan(page, 'status form with errors');
	}));

	test('the milestone forms: new, with errors, edit, delete', () => withPage(async ({ page }) => {
		const { sheet, milestoneEdit, milestoneDelete } = await itemPaths(page);
		await gotoOk(page, u(`${sheet}/milestones/new`));
		await scan(page, 'new milestone');
		await setField(page, 'status', 'atteint');
		await setField(page, 'planned', 'hier');
		await submitOk(page, postButton(page), { status: 422, what: 'milestone with errors' });
		await scan(page, 'new milestone with errors');
		await gotoOk(page, u(milestoneEdit));
		await scan(page, 'milestone edit');
		await gotoOk(page, u(milestoneDelete));
		await scan(page, 'milestone delete confirmation');
	}));

	test('the budget line forms: new, with errors, edit, delete', () => withPage(async ({ page }) => {
		const { sheet, lineEdit, lineDelete } = await itemPaths(page);
		await gotoOk(page, u(`${sheet}/budget-lines/new`));
		await scan(page, 'new budget line');
		await setField(page, 'year', '26');
		await setField(page, 'planned', '12,345');
		await submitOk(page, postButton(page), { status: 422, what: 'line with errors' });
		await scan(page, 'new budget line with errors');
		await gotoOk(page, u(lineEdit));
		await scan(page, 'budget line edit');
		await gotoOk(page, u(lineDelete));
		await scan(page, 'budget line delete confirmation');
	}));

	test('the conflict pages', () => withPage(async ({ page, newPage }) => {
		const sheet = await elementPath(page, 'AX4.A2.P1');
		await gotoOk(page, u(`${sheet}/milestones/new`));
		await setField(page, 'title', `Jalon (${expectedLang})`);
		await setField(page, 'planned', '01/09/2027');
		await submitOk(page, postButton(page), { what: 'add a milestone' });
		await submitOk(page, page.locator(`main a[href="${sheet}/budget-lines/new"]`));
		for (const [k, v] of Object.entries({ year: '2027', nature: 'fonctionnement', source: 'CPER', planned: '1' }))
			await setField(page, k, v);
		await submitOk(page, postButton(page), { what: 'add a line' });
		for (const [table, field, a, b] of [[milestonesTable, 'deliverable', 'A', 'B'], [linesTable, 'paid', '1', '2']]) {
			const edit = new URL(await table(page).locator('tbody tr').last().locator('a[href$="/edit"]').getAttribute('href'),
				server.url).pathname;
			const other = await newPage();
			await gotoOk(page, u(edit));
			await gotoOk(other, u(edit));
			await setField(page, field, a);
			await submitOk(page, postButton(page), { what: 'first save' });
			await setField(other, field, b);
			await submitOk(other, postButton(other), { status: 409, what: 'stale save' });
			await scan(other, `conflict page (${field})`);
			await other.close();
		}
	}));
}

test('the server stops on SIGTERM with status 0 and no sanitizer report', async () => {
	await browser.close();
	browser = null;
	const { code, signal } = await server.stop();
	const { stderr } = server.output();
	assert.equal(code, 0, `jalon ui exits with 0 on SIGTERM (got ${code ?? signal})\nstderr: ${stderr}`);
	assert.doesNotMatch(stderr, /AddressSanitizer|LeakSanitizer|runtime error:/, 'no sanitizer report');
});
