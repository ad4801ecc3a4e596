/*
 * indicator_pages.test.mjs — a plan's indicators in the browser (src/web/pages_indicators.c),
 * in Debian's Chromium driven by Playwright:
 * - the board: one table per family, each indicator's status as an icon and a word,
 *   the counts per status, the filters (status, family, branch);
 * - an indicator's page: definition, targets, the chart (and the same data as a table),
 *   the chart alone as SVG;
 * - a measurement entered from the keyboard moves an indicator from "hors
 *   trajectoire" to "en bonne voie" on the board; an unreadable value is refused next
 *   to its field and nothing is saved; a POST without its CSRF field answers 403;
 * - a computed indicator (milestones reached) changes once a milestone is marked
 *   reached through the API;
 * - an indicator's definition added from the keyboard (then on the board), refused with
 *   each bad target line and unknown element named, saved over a newer version (409),
 *   deleted with its measurements; every POST without its CSRF field answers 403;
 * - axe-core (WCAG 2.1 A and AA) on the board and the indicator pages, the error state
 *   included, and the definition forms, in French and in English.
 *
 * One server (tests/web/lib.mjs: the demo and regional plans); the demo plan's
 * milestones, an indicator catalogue and measurements are imported with the command
 * line before the tests. Dates are relative to today, the day the server computes the
 * statuses at.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import {
	JALON, SOURCE_ROOT, axeCheck, closeBrowserAndServer, day, fold, gotoOk, group, launchBrowser,
	mainText, startServer, submitOk, withSession,
} from './lib.mjs';

let server;
let browser;

const BASE = day(-365).iso, TARGET = day(365).iso, MONTH_AGO = day(-30).iso, TODAY = day(0);

/* From 60 a year ago to 80 in a year: about 69,2 expected a month ago.
 * SAT 62 (7 short, tolerance 1): hors trajectoire; USE 68 (1,2 short): à surveiller;
 * INC falls from 12 to 4, 7 is ahead: en bonne voie; GES has no measurement: sans
 * donnée; JAL is computed (milestones reached, 10 of 16 in the demo plan). */
const CATALOGUE = [
	'code;nom;famille;unite;sens;frequence;valeur_initiale;date_initiale;cible;date_cible;elements;tolerance;formule',
	`SAT;Satisfaction des étudiants;adoption et satisfaction;%;hausse;annuelle;60;${BASE};80;${TARGET};AX1;1;`,
	`USE;Taux d'usage de l'ENT;adoption et satisfaction;%;hausse;mensuelle;60;${BASE};80;${TARGET};AX1.A1;1;`,
	`INC;Incidents de sécurité;sécurité et conformité;incidents;baisse;trimestrielle;12;${BASE};4;${TARGET};AX4;0;`,
	`GES;Émissions du système d'information;environnement;t CO2e;baisse;annuelle;300;${day(-400).iso};250;${TARGET};;10;`,
	`JAL;Jalons atteints;suivi de projet;;hausse;mensuelle;0;${BASE};100;${TARGET};;0;jalons-atteints`,
	'',
].join('\n');
const MEASUREMENTS = [
	'code;date;valeur;commentaire;source',
	`SAT;${MONTH_AGO};62;Enquête de printemps;enquête`,
	`USE;${MONTH_AGO};68;;`,
	`INC;${MONTH_AGO};7;;`,
	'',
].join('\n');

before(async () => {
	server = await startServer();
	browser = await launchBrowser();
	const env = { ...process.env, JALON_LANG: 'fr' };
	for (const name of Object.keys(env)) if (/_proxy$/i.test(name)) delete env[name];
	writeFileSync(join(server.dir, 'indicateurs.csv'), CATALOGUE);
	writeFileSync(join(server.dir, 'mesures.csv'), MEASUREMENTS);
	const run = (...args) => execFileSync(JALON, ['--db', server.db, ...args], { env, cwd: server.dir, stdio: 'pipe' });
	run('import-milestones', 'demo', join(SOURCE_ROOT, 'data', 'demo', 'milestones.csv'));
	run('import-indicators', 'demo', 'indicateurs.csv');
	run('import-measurements', 'demo', 'mesures.csv');
});

after(() => closeBrowserAndServer(browser, server));

const withPage = (fn, options) => withSession(browser, server, fn, options);

const BOARD = '/plans/demo/indicators';

/* The board as read: family heading → rows of cells (whitespace folded). */
async function board(page) {
	return page.evaluate(() => {
		const clean = (t) => (t || '').replace(/[\s\u00a0\u202f]+/g, ' ').trim();
		const out = {};
		for (const table of document.querySelectorAll('main table.indicators')) {
			const h = document.getElementById(table.getAttribute('aria-labelledby'));
			out[clean(h.textContent)] = [...table.querySelectorAll('tbody tr')]
				.map((tr) => [...tr.children].map((c) => clean(c.textContent)));
		}
		return out;
	});
}

/* code → { value, expected, status, trend, due } off the board. */
async function rowsByCode(page) {
	const out = {};
	for (const rows of Object.values(await board(page)))
		for (const [code, name, scope, value, expected, status, trend, due] of rows)
			out[code] = { name, scope, value, expected, status, trend, due };
	return out;
}

const STATUS = /^[–✓!✗] (en bonne voie|à surveiller|hors trajectoire|sans donnée)$/;

/* ---- the board ------------------------------------------------------------------------------ */

{
	const test = group('board');
	test('one table per family, each status as an icon and a word, counts per status', () => withPage(async ({ page }) => {
		await gotoOk(page, BOARD);
		assert.match(await page.title(), /^Indicateurs — /);
		assert.equal(await page.locator('nav.steering-nav a[aria-current="page"]').textContent(), 'Indicateurs',
			'the steering nav has the board, current');
		const b = await board(page);
		assert.deepEqual(Object.keys(b), ['suivi de projet', 'adoption et satisfaction', 'sécurité et conformité', 'environnement'],
			'families in the plan\'s order, only those with indicators');
		assert.deepEqual(b['adoption et satisfaction'].map((r) => r[0]), ['SAT', 'USE']);
		const r = await rowsByCode(page);
		for (const [code, row] of Object.entries(r)) assert.match(row.status, STATUS, `${code}: icon and word`);
		assert.equal(r.SAT.status, '✗ hors trajectoire');
		assert.equal(r.USE.status, '! à surveiller');
		assert.equal(r.INC.status, '✓ en bonne voie');
		assert.equal(r.GES.status, '– sans donnée');
		assert.equal(r.JAL.status, '✓ en bonne voie');
		assert.equal(r.SAT.value, `62 % au ${day(-30).fr}`, 'latest value with unit and date');
		assert.equal(r.SAT.scope, 'AX1');
		assert.equal(r.GES.scope, 'plan');
		assert.equal(r.JAL.value, '62,5 % calculé', 'a computed indicator shows today\'s value and says so');
		assert.equal(r.SAT.expected, '70 %', 'expected today: halfway from 60 to 80');
		assert.equal(r.GES.due, 'mesure attendue', 'GES is due: its baseline is over a year old and it is yearly');
		assert.equal(await page.locator('td strong.due').first().textContent(), 'mesure attendue');
		assert.equal(fold(await page.locator('main p.indicator-summary').textContent()),
			'5 indicateurs : 2 en bonne voie, 1 à surveiller, 1 hors trajectoire, 1 sans donnée.');
		// Names link to the indicator pages.
		assert.equal(await page.getByRole('link', { name: 'Satisfaction des étudiants' }).getAttribute('href'),
			'/plans/demo/indicators/SAT');
	}));

	test('the GET filters: status, family, branch (its descendants included)', () => withPage(async ({ page }) => {
		await gotoOk(page, BOARD);
		await page.getByLabel('Statut').selectOption({ label: 'hors trajectoire' });
		await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Filtrer' }).click()]);
		assert.match(page.url(), /status=off_track/);
		assert.deepEqual(Object.keys(await rowsByCode(page)), ['SAT']);
		await gotoOk(page, `${BOARD}?family=${encodeURIComponent('adoption et satisfaction')}`);
		assert.deepEqual(Object.keys(await rowsByCode(page)).sort(), ['SAT', 'USE']);
		assert.equal(await page.getByLabel('Famille').inputValue(), 'adoption et satisfaction');
		await gotoOk(page, `${BOARD}?branch=AX1`);
		assert.deepEqual(Object.keys(await rowsByCode(page)).sort(), ['SAT', 'USE'], 'USE measures AX1.A1, under AX1');
		assert.match(fold(await page.locator('main p.indicator-summary').textContent()), /^2 indicateurs/);
		await gotoOk(page, `${BOARD}?branch=AX4&status=on_track`);
		assert.deepEqual(Object.keys(await rowsByCode(page)), ['INC']);
		await gotoOk(page, `${BOARD}?status=at_risk&branch=AX5`);
		assert.match(await mainText(page), /Aucun indicateur ne répond à ces critères/);
	}));

	test('grouped by branch: one table per top-level branch, then the whole plan\'s', () => withPage(async ({ page }) => {
		await gotoOk(page, BOARD);
		await page.getByLabel('Regrouper par').selectOption({ label: 'branche' });
		await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Filtrer' }).click()]);
		assert.match(page.url(), /group=branch/);
		const tables = Object.fromEntries(Object.entries(await board(page))
			.map(([heading, rows]) => [heading.replace(/ — .*/, ''), rows.map((cells) => cells[0]).sort()]));
		assert.deepEqual(tables, { AX1: ['SAT', 'USE'], AX4: ['INC'], 'Tout le plan': ['GES', 'JAL'] });
		assert.equal(await page.getByLabel('Regrouper par').inputValue(), 'branch');
	}));
}

/* ---- an indicator's page -------------------------------------------------------------------- */

{
	const test = group('indicator page');
	test('definition, targets, chart with its data table, the chart alone', () => withPage(async ({ page }) => {
		await gotoOk(page, `${BOARD}/SAT`);
		assert.equal(fold(await page.locator('main h1').textContent()), 'SAT Satisfaction des étudiants');
		const text = await mainText(page);
		for (const s of ['adoption et satisfaction', 'plus est mieux', 'annuelle', 'Valeur initiale', 'Enquête de printemps'])
			assert.ok(text.includes(s), `the page says « ${s} »`);
		const svg = page.locator('main svg#indicator-chart');
		assert.equal(await svg.getAttribute('role'), 'img');
		assert.equal(await svg.locator('circle title').count(), 1, 'a point per measurement, with its title');
		assert.match(fold(await svg.locator('circle title').textContent()), /^Mesure du .* : 62 %$/);
		assert.equal(await svg.locator('[stroke-dasharray="6 4"]').count() >= 1, true, 'the expected path is dashed');
		assert.equal(await svg.locator('.indicator-today').count(), 1, 'today\'s line');
		assert.equal(await page.locator('details.chart-data tbody tr').count(), 3, 'baseline, target, measurement');
		const r = await page.request.get(`${BOARD}/SAT.svg`);
		assert.equal(r.status(), 200);
		assert.match(r.headers()['content-type'], /^image\/svg\+xml/);
		const body = await r.text();
		assert.match(body, /^<\?xml/);
		assert.match(body, /role="img"/);
		assert.equal((await page.request.get(`${BOARD}/NOPE`)).status(), 404);
		// A computed indicator has no form.
		await gotoOk(page, `${BOARD}/JAL`);
		assert.equal(await page.locator('main form[method="post" i]').count(), 0, 'no form for a computed indicator');
		assert.match(await mainText(page), /il ne se saisit pas/);
	}));
}

/* ---- entering measurements ------------------------------------------------------------------- */

/* The measurements table's rows, each as read. */
async function measurementRows(page) {
	return page.locator('main table.measurements tbody tr')
		.evaluateAll((trs) => trs.map((tr) => [...tr.children]
			.map((c) => c.textContent.replace(/[\s\u00a0\u202f]+/g, ' ').trim()).join(' ')));
}

{
	const test = group('measurement form');
	test('an unreadable value is refused next to its field, nothing saved', () => withPage(async ({ page }) => {
		await gotoOk(page, `${BOARD}/SAT`);
		const before = await measurementRows(page);
		const value = page.getByLabel('Valeur', { exact: true });
		await value.focus();
		await page.keyboard.type('douze');
		const [response] = await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
		assert.equal(response.status(), 422);
		assert.equal(await value.getAttribute('aria-invalid'), 'true');
		assert.equal(await value.inputValue(), 'douze', 'what was typed is kept');
		assert.match(await page.locator('#value-error').textContent(), /« douze » n'est pas un nombre lisible/);
		assert.match(await value.getAttribute('aria-describedby'), /value-error/);
		assert.equal(await page.locator('main .errors a[href="#value"]').count(), 1, 'the summary links to the field');
		assert.deepEqual(await measurementRows(page), before, 'nothing saved');
		await gotoOk(page, `${BOARD}/SAT`);
		assert.deepEqual(await measurementRows(page), before, 'nothing saved (reloaded)');
		// A missing date is refused too.
		await page.getByLabel('Date de la mesure').fill('');
		await page.getByLabel('Valeur', { exact: true }).fill('70');
		const [again] = await Promise.all([page.waitForNavigation(),
			page.getByRole('button', { name: 'Enregistrer la mesure' }).click()]);
		assert.equal(again.status(), 422);
		assert.match(await page.locator('#date-error').textContent(), /obligatoire/);
	}));

	test('a measurement typed from the keyboard moves SAT from "hors trajectoire" to "en bonne voie"', () => withPage(async ({ page }) => {
		await gotoOk(page, BOARD);
		assert.equal((await rowsByCode(page)).SAT.status, '✗ hors trajectoire');
		await gotoOk(page, `${BOARD}/SAT`);
		assert.equal(await page.getByLabel('Date de la mesure').inputValue(), TODAY.fr, 'the date defaults to today');
		await page.getByLabel('Valeur', { exact: true }).focus();
		await page.keyboard.type('72,5');
		await page.keyboard.press('Tab');
		await page.keyboard.type('Enquête flash');
		await page.keyboard.press('Tab');
		await page.keyboard.type('questionnaire en ligne');
		const [response] = await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
		assert.equal(response.status(), 200);
		assert.equal(new URL(page.url()).pathname, `${BOARD}/SAT`, 'back to the indicator (303)');
		assert.equal(fold(await page.locator('main p.notice').textContent()), 'Mesure enregistrée.');
		const rows = await measurementRows(page);
		assert.equal(rows.length, 2);
		assert.match(rows[0], new RegExp(`^${TODAY.fr} 72,5 % Enquête flash questionnaire en ligne`));
		await gotoOk(page, BOARD);
		const r = await rowsByCode(page);
		assert.equal(r.SAT.status, '✓ en bonne voie');
		assert.equal(r.SAT.value, `72,5 % au ${TODAY.fr}`);
		assert.equal(r.SAT.trend, 'en amélioration');
		// The same date again corrects it, the previous value kept.
		await gotoOk(page, `${BOARD}/SAT`);
		await page.getByLabel('Valeur', { exact: true }).fill('73');
		await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Enregistrer la mesure' }).click()]);
		const corrected = await measurementRows(page);
		assert.equal(corrected.length, 2, 'a correction, not a new measurement');
		assert.match(corrected[0], /73 %.*72,5 %/, 'the previous value is shown');
	}));

	test('a POST without a valid CSRF field answers 403 and saves nothing', () => withPage(async ({ page }) => {
		await gotoOk(page, `${BOARD}/USE`);
		const url = `${BOARD}/USE/measurements`;
		const form = { date: TODAY.fr, value: '99' };
		assert.equal((await page.request.post(url, { form, maxRedirects: 0 })).status(), 403);
		assert.equal((await page.request.post(url, { form: { ...form, csrf: 'f'.repeat(64) }, maxRedirects: 0 })).status(), 403);
		await gotoOk(page, `${BOARD}/USE`);
		assert.ok(!(await mainText(page)).includes('99 %'), 'nothing saved');
		assert.equal((await measurementRows(page)).length, 1);
	}));
}

/* ---- a computed indicator ------------------------------------------------------------------------ */

{
	const test = group('computed indicator');
	test('milestones reached changes once a milestone is marked reached through the API', () => withPage(async ({ page }) => {
		await gotoOk(page, BOARD);
		assert.equal((await rowsByCode(page)).JAL.value, '62,5 % calculé', '10 of 16 reached');
		const list = await (await fetch(`${server.url}/api/v1/plans/demo/milestones`)).json();
		const pending = list.find((m) => m.status !== 'atteint' && m.status !== 'annule');
		assert.ok(pending, 'a milestone still to reach');
		const path = `${server.url}/api/v1/plans/demo/milestones/${pending.id}`;
		const etag = (await fetch(path)).headers.get('etag');
		const r = await fetch(path, { method: 'PATCH', body: JSON.stringify({ status: 'atteint', actual: TODAY.iso }),
			headers: { 'Content-Type': 'application/json', 'If-Match': etag } });
		assert.equal(r.status, 200, `PATCH: ${await r.text()}`);
		await gotoOk(page, BOARD);
		assert.equal((await rowsByCode(page)).JAL.value, '68,75 % calculé', '11 of 16 reached');
		await gotoOk(page, `${BOARD}/JAL`);
		assert.match(await mainText(page), /68,75 % \(calculé\)/);
	}));
}

/* ---- an indicator's definition: add, edit, delete ---------------------------------------------- */

/* The form's CSRF token, for requests made beside the page. */
const csrfOf = (page) => page.locator('main form[method="post" i] input[name="csrf"]').first().inputValue();

{
	const test = group('definition forms');
	test('an indicator added from the keyboard shows on the board', () => withPage(async ({ page }) => {
		await gotoOk(page, BOARD);
		const add = page.getByRole('link', { name: 'Ajouter un indicateur' });
		await add.focus();
		await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
		assert.equal(new URL(page.url()).pathname, `${BOARD}/new`);
		assert.equal(fold(await page.locator('main h1').textContent()), 'Ajouter un indicateur');
		const type = async (label, text) => {
			await page.getByLabel(label, { exact: true }).focus();
			await page.keyboard.type(text);
		};
		await type('Code', 'DEL');
		await page.keyboard.press('Tab');
		await page.keyboard.type('Délai de réponse au support');
		await page.keyboard.press('Tab');
		await page.keyboard.type('Jours ouvrés entre la demande et la réponse.');
		await page.getByLabel('Famille').selectOption({ label: 'performance opérationnelle' });
		await type('Unité', 'jours');
		await page.getByLabel('moins est mieux').focus();
		await page.keyboard.press('Space');
		await page.getByLabel('Fréquence de mesure').selectOption('mensuelle');
		await type('Responsable', 'DSI');
		await type('Valeur initiale', '10');
		await type('Date de la valeur initiale', '01/01/2025');
		await type('Cibles', '31/12/2026 ; 6');
		await page.keyboard.press('Enter');
		await page.keyboard.type('2027-12-31 ; 4,5');
		await type('Éléments mesurés', 'AX4');
		await page.getByLabel('Tolérance').fill('');
		await type('Tolérance', '0,5');
		const [response] = await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
		assert.equal(response.status(), 200);
		assert.equal(new URL(page.url()).pathname, `${BOARD}/DEL`, 'to the new indicator (303)');
		assert.equal(fold(await page.locator('main p.notice').textContent()), 'Indicateur ajouté.');
		const text = await mainText(page);
		for (const s of ['moins est mieux', 'mensuelle', 'performance opérationnelle', 'DSI', '4,5 jours'])
			assert.ok(text.includes(s), `the page says « ${s} »`);
		await gotoOk(page, BOARD);
		const b = await board(page);
		assert.deepEqual(b['performance opérationnelle'].map((r) => r[0]), ['DEL']);
		assert.equal((await rowsByCode(page)).DEL.scope, 'AX4');
	}));

	test('a bad target line and an unknown element are named, the input kept, nothing saved', () => withPage(async ({ page }) => {
		await gotoOk(page, `${BOARD}/new`);
		await page.getByLabel('Code', { exact: true }).fill('ERR');
		await page.getByLabel('Nom', { exact: true }).fill('Erreurs');
		const targets = '31/12/2026 ; 60\nbientôt ; 70\n2027-12-31 ; beaucoup';
		await page.getByLabel('Cibles').fill(targets);
		await page.getByLabel('Éléments mesurés').fill('AX1\nax4');
		await page.getByLabel('Valeur initiale', { exact: true }).fill('3');
		const [response] = await Promise.all([page.waitForNavigation(),
			page.getByRole('button', { name: 'Enregistrer' }).click()]);
		assert.equal(response.status(), 422);
		const error = fold(await page.locator('#targets-error').textContent());
		assert.match(error, /ligne 2 : « bientôt » n'est pas une date lisible/);
		assert.match(error, /ligne 3 : « beaucoup » n'est pas un nombre lisible/);
		assert.doesNotMatch(error, /ligne 1/);
		assert.match(await page.locator('#targets').getAttribute('aria-describedby'), /targets-error/);
		assert.equal(await page.locator('#targets').getAttribute('aria-invalid'), 'true');
		assert.match(await page.locator('#elements-error').textContent(), /élément inconnu « ax4 » \(vouliez-vous dire « AX4 » \?\)/);
		assert.match(await page.locator('#baseline_value-error').textContent(), /ni l'une ni l'autre/);
		assert.equal(await page.locator('#targets').inputValue(), targets, 'what was typed is kept');
		assert.equal(await page.locator('#elements').inputValue(), 'AX1\nax4');
		assert.equal(await page.locator('#code').inputValue(), 'ERR');
		for (const id of ['targets', 'elements', 'baseline_value'])
			assert.ok(await page.locator(`main .errors a[href="#${id}"]`).count() >= 1, `the summary links to #${id}`);
		assert.equal((await page.request.get(`${BOARD}/ERR`)).status(), 404, 'nothing saved');
	}));

	test('a save over a newer version answers 409 with the stored definition, the input kept', () => withPage(async ({ page }) => {
		await gotoOk(page, `${BOARD}/DEL/edit`);
		assert.equal(await page.locator('#code').inputValue(), 'DEL');
		assert.equal(await page.locator('#targets').inputValue(), '31/12/2026 ; 6\n31/12/2027 ; 4,5\n');
		const version = await page.locator('input[name="version"]').inputValue();
		// Someone else saves meanwhile.
		const other = await page.request.post(`${BOARD}/DEL/edit`, { maxRedirects: 0, form: {
			csrf: await csrfOf(page), version, code: 'DEL', name: 'Délai (modifié ailleurs)',
			direction: 'baisse', frequency: 'mensuelle', tolerance: '1', formula: '' } });
		assert.equal(other.status(), 303);
		await page.getByLabel('Nom', { exact: true }).fill('Délai de réponse (le mien)');
		const [response] = await Promise.all([page.waitForNavigation(),
			page.getByRole('button', { name: 'Enregistrer' }).click()]);
		assert.equal(response.status(), 409);
		const text = await mainText(page);
		assert.match(text, /Modification concurrente/);
		assert.match(text, /Délai \(modifié ailleurs\)/, 'the stored definition is shown');
		assert.equal(await page.getByLabel('Nom', { exact: true }).inputValue(), 'Délai de réponse (le mien)', 'the input is kept');
		assert.notEqual(await page.locator('input[name="version"]').inputValue(), version, 'the form now carries the stored version');
		const [again] = await Promise.all([page.waitForNavigation(),
			page.getByRole('button', { name: 'Enregistrer' }).click()]);
		assert.equal(again.status(), 200);
		assert.equal(new URL(page.url()).pathname, `${BOARD}/DEL`);
		assert.equal(fold(await page.locator('main p.notice').textContent()), 'Définition enregistrée.');
		assert.match(fold(await page.locator('main h1').textContent()), /Délai de réponse \(le mien\)/);
		assert.equal((await page.request.get(`${BOARD}/NOPE/edit`)).status(), 404);
		assert.equal((await page.request.get(`${BOARD}/NOPE/delete`)).status(), 404);
	}));

	test('every POST without a valid CSRF field answers 403 and changes nothing', () => withPage(async ({ page }) => {
		const form = { code: 'CSRF', name: 'Sans jeton', direction: 'hausse', frequency: 'annuelle', tolerance: '0', formula: '' };
		for (const url of [`${BOARD}/new`, `${BOARD}/DEL/edit`, `${BOARD}/DEL/delete`]) {
			assert.equal((await page.request.post(url, { form, maxRedirects: 0 })).status(), 403, url);
			assert.equal((await page.request.post(url, { form: { ...form, csrf: 'f'.repeat(64) }, maxRedirects: 0 })).status(), 403, url);
		}
		assert.equal((await page.request.get(`${BOARD}/CSRF`)).status(), 404);
		await gotoOk(page, `${BOARD}/DEL`);
	}));

	test('deleting an indicator says how many measurements go with it', () => withPage(async ({ page }) => {
		await gotoOk(page, `${BOARD}/USE`);
		await submitOk(page, page.getByRole('link', { name: 'Supprimer l\'indicateur' }));
		assert.equal(new URL(page.url()).pathname, `${BOARD}/USE/delete`);
		assert.match(await mainText(page), /sera supprimé définitivement, avec ses mesures : 1 mesure\./);
		await submitOk(page, page.getByRole('button', { name: 'Supprimer définitivement' }));
		assert.equal(new URL(page.url()).pathname, BOARD);
		assert.equal(fold(await page.locator('main p.notice').textContent()), 'Indicateur supprimé.');
		assert.ok(!('USE' in await rowsByCode(page)));
		assert.equal((await page.request.get(`${BOARD}/USE`)).status(), 404);
		// A stale confirmation changes nothing.
		await gotoOk(page, `${BOARD}/DEL/delete`);
		const r = await page.request.post(`${BOARD}/DEL/delete`, { maxRedirects: 0,
			form: { csrf: await csrfOf(page), version: '1' } });
		assert.equal(r.status(), 409);
		await gotoOk(page, `${BOARD}/DEL`);
	}));
}

/* ---- accessibility ---------------------------------------------------------------------------------- */

for (const lang of ['fr', 'en']) {
	const test = group(`axe, no WCAG 2.1 A/AA violation (${lang})`);
	const scan = async (page, label) => {
		assert.equal(await page.locator('html').getAttribute('lang'), lang, `${label}: <html lang> is ${lang}`);
		await axeCheck(page, `${label} [${lang}]`);
	};
	test('the board, filtered or not, and the indicator pages, the form\'s error state included', () => withPage(async ({ page }) => {
		await gotoOk(page, BOARD);
		await scan(page, 'board');
		await gotoOk(page, `${BOARD}?status=no_data&family=environnement`);
		await scan(page, 'board, filtered');
		for (const code of ['SAT', 'JAL', 'GES']) {
			await gotoOk(page, `${BOARD}/${code}`);
			await page.locator('details.chart-data summary').click();
			await scan(page, `indicator ${code}`);
		}
		await gotoOk(page, `${BOARD}/GES`);
		await page.locator('#value').fill('beaucoup');
		await page.locator('#date').fill('31/02/2026');
		const [response] = await Promise.all([page.waitForNavigation(),
			page.locator('main form[method="post" i] button[type="submit"]').click()]);
		assert.equal(response.status(), 422);
		await scan(page, 'indicator GES, refused measurement');
		for (const path of [`${BOARD}/new`, `${BOARD}/SAT/edit`, `${BOARD}/SAT/delete`]) {
			await gotoOk(page, path);
			await scan(page, path);
		}
		await gotoOk(page, `${BOARD}/new`);
		await page.locator('#code').fill('AXE');
		await page.locator('#targets').fill('31/12/2026 ; 60\nplus tard ; 70');
		await page.locator('#elements').fill('ax1');
		await page.locator('#baseline_date').fill('01/01/2025');
		const [refused] = await Promise.all([page.waitForNavigation(),
			page.locator('main form[method="post" i] button[type="submit"]').click()]);
		assert.equal(refused.status(), 422);
		await scan(page, 'new indicator, refused');
		const h = await page.locator('main h1, main h2, main h3').evaluateAll((hs) => hs.map((x) => x.tagName));
		for (let i = 1; i < h.length; i++)
			assert.ok(Number(h[i][1]) <= Number(h[i - 1][1]) + 1, `headings do not skip a level (${h.join(' ')})`);
	}, { lang }));
}

/* ---- the value at the last committee -------------------------------------------------------- */

{
	const test = group('last committee');
	test('a committee held shows each value then, on the board and on the indicator page', () => withPage(async ({ page }) => {
		// A COPIL held ten days ago (written straight into the database: the committees'
		// own pages are tested in governance_pages.test.mjs). SAT was 62 a month ago and
		// measured again today (70, then 73): 62 at the committee.
		const held = day(-10);
		execFileSync('sqlite3', [server.db, `
			INSERT INTO instance (plan_id, kind, name, position)
				SELECT id, 'pilotage', 'COPIL SDN', 0 FROM plan WHERE slug = 'demo';
			INSERT INTO meeting (instance_id, held_on, status)
				SELECT id, '${held.iso}', 'tenue' FROM instance WHERE name = 'COPIL SDN';`]);
		await gotoOk(page, BOARD);
		assert.match(await mainText(page), new RegExp(`dernier comité : COPIL SDN, le ${held.fr}`));
		const headers = (await page.locator('main table.indicators').first().locator('thead th').allTextContents())
			.map(fold);
		assert.equal(headers[4], `Au comité du ${held.fr}`, 'the column is titled with the meeting\'s date');
		const sat = (await board(page));
		const row = Object.values(sat).flat().find((cells) => cells[0] === 'SAT');
		assert.match(row[4], /^62\b/, `SAT at the committee: ${row[4]}`);
		assert.doesNotMatch(row[3], /^62\b/, 'its latest value is today\'s');
		await axeCheck(page, 'board with the last committee');
		await gotoOk(page, `${BOARD}/SAT`);
		const text = await mainText(page);
		assert.match(text, new RegExp(`Au dernier comité 62[^(]*\\(COPIL SDN, ${held.fr}\\)`));
	}));
}
