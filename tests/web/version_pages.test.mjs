/*
 * version_pages.test.mjs — the plan's own life in the browser (src/web/pages_versions.c),
 * in Debian's Chromium driven by Playwright:
 * - the versions page: the current status, one form per allowed next status; adopting
 *   without the deliberation's date and body is refused next to both fields (the
 *   values typed kept), then adopted with them, the record shown;
 * - a revision from the keyboard: a taken identifier refused next to its field, then
 *   the new version in draft, the chain of versions in a table, the revised plan "en
 *   révision";
 * - the comparison after a title edited on the revision's element form: the summary
 *   counts and the changed field with its old and new values, the default choice of
 *   the compare form being the previous version;
 * - SWOT: the plan's table edited (blank lines dropped, an entry too long refused next
 *   to its quadrant, the text kept), shown as a 2×2 table; an element's reached from
 *   its sheet; a stale version answers 409 with the user's text kept;
 * - a POST without its CSRF field answers 403 and changes nothing;
 * - axe-core (WCAG 2.1 A and AA) on the versions page (the error state included), the
 *   comparison, the SWOT page and its form.
 *
 * One server (tests/web/lib.mjs: the demo and regional plans); the tests run in order
 * and build on each other (adopt, then revise, then compare).
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import {
	axeCheck, closeBrowserAndServer, fold, gotoOk, launchBrowser, mainText, startServer, submitOk,
	withSession,
} from './lib.mjs';

let server;
let browser;

before(async () => {
	server = await startServer();
	browser = await launchBrowser();
});

after(() => closeBrowserAndServer(browser, server));

const withPage = (fn, options) => withSession(browser, server, fn, options);

const csrfOf = (page) => page.locator('main form[method="post" i] input[name="csrf"]').first().inputValue();

/* The rows of a table as arrays of folded cell texts. */
async function rows(locator) {
	return (await locator.locator('tbody tr').evaluateAll((trs) =>
		trs.map((tr) => [...tr.children].map((c) => c.textContent)))).map((r) => r.map(fold));
}

test('adoption: refused without the deliberation, then recorded', () => withPage(async ({ page }) => {
	await gotoOk(page, '/plans/demo/versions');
	assert.match(await mainText(page), /Statut actuel : brouillon/);
	assert.equal(await page.locator('main form.status-form').count(), 1, 'one next status from a draft');
	await axeCheck(page, 'versions page, draft');
	await submitOk(page, page.getByRole('button', { name: 'Passer à « en consultation »' }));
	assert.match(await page.locator('.notice').textContent(), /Statut du plan modifié/);
	assert.match(await mainText(page), /Statut actuel : en consultation/);

	// Adopt with the number only: both required fields refused, the number kept.
	await page.getByLabel('Numéro de délibération').fill('2026-14');
	await submitOk(page, page.getByRole('button', { name: 'Passer à « adopté »' }), { status: 422 });
	assert.match(await page.locator('#adopted_on-error').textContent(), /date de la délibération/);
	assert.match(await page.locator('#adopted_by-error').textContent(), /instance/);
	assert.equal(await page.getByLabel('Numéro de délibération').inputValue(), '2026-14');
	assert.equal(await page.locator('.errors li').count(), 2);
	assert.match(await mainText(page), /Statut actuel : en consultation/, 'nothing changed');
	await axeCheck(page, 'versions page, refused adoption');

	await page.getByLabel('Date de la délibération').fill('2026-03-12');
	await page.getByLabel('Instance qui a délibéré').fill("Conseil d'administration");
	await page.getByLabel('Voix pour').fill('28');
	await page.getByLabel('Voix contre').fill('2');
	await page.getByLabel('Abstentions').fill('3');
	await submitOk(page, page.getByRole('button', { name: 'Passer à « adopté »' }));
	const text = await mainText(page);
	assert.match(text, /Statut actuel : adopté/);
	assert.match(text, /Adopté le\s*12\/03\/2026/);
	assert.match(text, /28 pour, 2 contre, 3 abstentions/);
	assert.deepEqual(await page.locator('main form.status-form button').allTextContents(),
		['Passer à « en révision »', 'Passer à « clos »']);
}));

test('revision: a taken identifier refused, then a new version in draft', () => withPage(async ({ page }) => {
	await gotoOk(page, '/plans/demo/versions');
	await page.getByLabel('Identifiant de la nouvelle version').fill('region');
	await submitOk(page, page.getByRole('button', { name: 'Réviser le plan' }), { status: 422 });
	assert.match(await page.locator('#slug-error').textContent(), /déjà pris/);
	assert.equal(await page.getByLabel('Identifiant de la nouvelle version').inputValue(), 'region');

	await page.getByLabel('Identifiant de la nouvelle version').fill('demo-2027');
	await submitOk(page, page.getByRole('button', { name: 'Réviser le plan' }));
	assert.equal(new URL(page.url()).pathname, '/plans/demo-2027/versions');
	assert.match(await page.locator('.notice').textContent(), /Nouvelle version créée/);
	assert.match(await mainText(page), /Statut actuel : brouillon — version v2/);
	assert.deepEqual((await rows(page.locator('table.versions'))).map((r) => [r[0], r[2], r[3]]),
		[['—', 'en révision', '12/03/2026'], ['v2', 'brouillon', '—']]);
	assert.equal(await page.locator('table.versions [aria-current="page"]').textContent(), 'plan');
}));

test('comparison: the title changed on the revision, and nothing else', () => withPage(async ({ page }) => {
	const elements = await (await fetch(`${server.url}/api/v1/plans/demo-2027/elements`)).json();
	const p1 = elements.find((e) => e.code === 'AX1.A1.P1');
	await gotoOk(page, `/plans/demo-2027/elements/${p1.id}/edit`);
	await page.getByLabel('Intitulé').fill('Refondre et mutualiser la plateforme pédagogique');
	await submitOk(page, page.getByRole('button', { name: 'Enregistrer' }));

	await gotoOk(page, '/plans/demo-2027/versions');
	assert.equal(await page.getByLabel('Plan à comparer').inputValue(), 'demo', 'the previous version by default');
	await submitOk(page, page.getByRole('button', { name: 'Comparer', exact: true }));
	assert.equal(new URL(page.url()).search, '?with=demo');
	assert.deepEqual((await page.locator('.compare-summary li').allTextContents()).map(fold).slice(0, 4),
		['ajoutés : 0', 'supprimés : 0', 'déplacés : 0', 'modifiés : 1']);
	const changed = page.locator('section[aria-labelledby="modifies"] table');
	assert.deepEqual(await rows(changed), [['AX1.A1.P1', 'intitulé', 'Refondre la plateforme pédagogique',
		'Refondre et mutualiser la plateforme pédagogique']]);
	await axeCheck(page, 'comparison');
}));

test('SWOT of the plan: blank lines dropped, a long entry refused, a 2×2 table', () => withPage(async ({ page }) => {
	await gotoOk(page, '/plans/demo/swot');
	await axeCheck(page, 'SWOT page, empty');
	await submitOk(page, page.getByRole('link', { name: 'Modifier le SWOT du plan' }));
	await page.getByLabel('Forces').fill('Équipe soudée\n\n  Soutien de la présidence  \n');
	await page.getByLabel('Menaces').fill('x'.repeat(2100));
	await submitOk(page, page.getByRole('button', { name: 'Enregistrer' }), { status: 422 });
	assert.match(await page.locator('#menaces-error').textContent(), /trop longue/);
	assert.match(await page.getByLabel('Forces').inputValue(), /Soutien de la présidence/);
	await axeCheck(page, 'SWOT form, refused');

	await page.getByLabel('Menaces').fill('Budget contraint');
	await page.getByLabel('Opportunités').fill('France 2030');
	await submitOk(page, page.getByRole('button', { name: 'Enregistrer' }));
	assert.match(await page.locator('.notice').textContent(), /Tableau SWOT enregistré/);
	const grid = page.locator('#swot-plan ~ table.swot, section[aria-labelledby="swot-plan"] table.swot').first();
	assert.deepEqual(await rows(grid), [
		['Origine interne', 'ForcesÉquipe soudéeSoutien de la présidence', 'Faiblesses(aucune entrée)'],
		['Origine externe', 'OpportunitésFrance 2030', 'MenacesBudget contraint']]);
	assert.deepEqual(await grid.locator('tbody td').first().locator('li').allTextContents(),
		['Équipe soudée', 'Soutien de la présidence']);
	await axeCheck(page, 'SWOT page');
}));

test("SWOT of an element from its sheet; a stale version is a 409 keeping the text", () => withPage(async ({ page }) => {
	const elements = await (await fetch(`${server.url}/api/v1/plans/demo/elements`)).json();
	const ax1 = elements.find((e) => e.code === 'AX1');
	await gotoOk(page, `/plans/demo/elements/${ax1.id}`);
	await submitOk(page, page.getByRole('link', { name: 'SWOT', exact: true }));
	await page.getByLabel('Faiblesses').fill('Outils dispersés');
	const stalePage = await page.context().newPage();
	await gotoOk(stalePage, `/plans/demo/swot/edit?element=AX1`);
	await submitOk(page, page.getByRole('button', { name: 'Enregistrer' }));
	assert.match(await mainText(page), /AX1 Réussir ses études avec le numérique.*Outils dispersés/);

	await stalePage.getByLabel('Forces').fill('Saisie concurrente');
	await submitOk(stalePage, stalePage.getByRole('button', { name: 'Enregistrer' }), { status: 409 });
	assert.match(await mainText(stalePage), /Modification concurrente/);
	assert.equal(await stalePage.getByLabel('Forces').inputValue(), 'Saisie concurrente');
	await axeCheck(stalePage, 'SWOT form, conflict');
	await gotoOk(page, '/plans/demo/swot');
	assert.ok(!(await mainText(page)).includes('Saisie concurrente'), 'nothing saved');
}));

test('POSTs without a valid CSRF field answer 403 and change nothing', () => withPage(async ({ page }) => {
	await gotoOk(page, '/plans/region/versions');
	for (const [url, form] of [['/plans/region/status', { status: 'en-consultation' }],
		['/plans/region/revise', { slug: 'x' }], ['/plans/region/swot/edit', { forces: 'x', version: '0' }]]) {
		assert.equal((await page.request.post(url, { form, maxRedirects: 0 })).status(), 403, url);
		assert.equal((await page.request.post(url, { form: { ...form, csrf: 'f'.repeat(64) }, maxRedirects: 0 })).status(),
			403, url);
	}
	await gotoOk(page, '/plans/region/versions');
	assert.match(await mainText(page), /Statut actuel : brouillon/);
	assert.ok(await csrfOf(page));
}));
