/*
 * report_pages.test.mjs — the reports in the browser (src/web/pages_reports.c), in
 * Debian's Chromium driven by Playwright:
 * - the reports page: current in the plan's screens, links to the plan's report as PDF
 *   and workbook, to the summary table, and to each meeting's report; every link
 *   downloads a document of the announced type with a file name;
 * - the summary table: the plan's second level by default, a real table (caption, th
 *   with scope), another level chosen from the keyboard with the GET form (a link one
 *   can share), an unknown level said next to the select and in the summary at the top;
 * - axe-core (WCAG 2.1 A and AA) on the reports page and the summary, error included.
 *
 * One server (tests/web/lib.mjs: the demo and regional plans); a committee and a
 * meeting are added with sqlite3 before the tests.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, test } from 'node:test';

import { allowFontconfigLeaks,
	axeCheck, closeBrowserAndServer, fold, gotoOk, launchBrowser, startServer, submitOk,
	withSession,
} from './lib.mjs';

allowFontconfigLeaks();

const PDF = 'application/pdf';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

let server;
let browser;
let meetingId;

before(async () => {
	server = await startServer();
	browser = await launchBrowser();
	const sql = (q) => execFileSync('sqlite3', [server.db, q], { encoding: 'utf8' }).trim();
	sql(`INSERT INTO instance (plan_id, kind, name, position)
	     SELECT id, 'pilotage', 'COPIL SNR', 1 FROM plan WHERE slug = 'region';
	     INSERT INTO meeting (instance_id, held_on, status) SELECT id, '2026-02-10', 'tenue' FROM instance;`);
	meetingId = sql("SELECT id FROM meeting WHERE held_on = '2026-02-10'");
});

after(() => closeBrowserAndServer(browser, server));

const withPage = (fn, options) => withSession(browser, server, fn, options);

/* The summary table as read: caption, headers, and rows of cells (folded). */
async function summaryTable(page) {
	return page.evaluate(() => {
		const clean = (t) => (t || '').replace(/[\s\u00a0\u202f]+/g, ' ').trim();
		const table = document.querySelector('main table.summary-table');
		if (!table) return null;
		return {
			caption: clean(table.caption && table.caption.textContent),
			headers: [...table.querySelectorAll('thead th')].map((th) => [clean(th.textContent), th.scope]),
			rowHeaderScopes: [...new Set([...table.querySelectorAll('tbody th')].map((th) => th.scope))],
			rows: [...table.querySelectorAll('tbody tr')].map((tr) => [...tr.children].map((c) => clean(c.textContent))),
		};
	});
}

test('reports page: in the plan screens, links to every document, each a download of its type', () => withPage(async ({ page, context }) => {
	await gotoOk(page, '/plans/region/reports');
	assert.match(await page.title(), /^Rapports — /);
	assert.equal(await page.locator('nav.steering-nav a[aria-current="page"]').textContent(), 'Rapports');
	assert.match(fold(await page.locator('main h1').textContent()), /^Rapports /);
	const links = await page.evaluate(() => [...document.querySelectorAll('main a')]
		.map((a) => ({ text: a.textContent.trim(), label: a.getAttribute('aria-label'), href: a.getAttribute('href'), type: a.getAttribute('type') })));
	const byHref = Object.fromEntries(links.map((l) => [l.href, l]));
	assert.equal(byHref['/plans/region/report.pdf'].type, PDF);
	assert.equal(byHref['/plans/region/report.xlsx'].type, XLSX);
	assert.ok(byHref['/plans/region/summary'], 'a link to the summary table');
	const meetingPdf = byHref[`/plans/region/meetings/${meetingId}/report.pdf`];
	assert.ok(meetingPdf, "a link to the meeting's report");
	assert.equal(meetingPdf.label, 'Rapport de la séance COPIL SNR du 10/02/2026 en PDF', 'the link says which meeting');
	const headings = await page.locator('main h2').allTextContents();
	assert.deepEqual(headings, ['Rapport de pilotage du plan', 'Tableau de synthèse', 'Rapports de séance']);

	for (const [href, type, name] of [
		['/plans/region/report.pdf', PDF, /^rapport-region-\d{4}-\d\d-\d\d\.pdf$/],
		['/plans/region/report.xlsx', XLSX, /^rapport-region-\d{4}-\d\d-\d\d\.xlsx$/],
		[`/plans/region/meetings/${meetingId}/report.pdf`, PDF, /^seance-region-2026-02-10\.pdf$/],
		[`/plans/region/meetings/${meetingId}/report.xlsx`, XLSX, /^seance-region-2026-02-10\.xlsx$/],
		['/plans/region/summary.pdf?level=Objectif%20strat%C3%A9gique', PDF, /^synthese-region-\d{4}-\d\d-\d\d\.pdf$/],
	]) {
		const r = await context.request.get(href);
		assert.equal(r.status(), 200, `${href}: status`);
		assert.equal(r.headers()['content-type'], type, `${href}: type`);
		const disposition = r.headers()['content-disposition'] || '';
		assert.match(disposition.replace(/^attachment; filename="(.*)"$/, '$1'), name, `${href}: file name`);
		const body = await r.body();
		assert.equal(body.subarray(0, 2).toString('latin1'), type === PDF ? '%P' : 'PK', `${href}: content`);
	}
	// A click on a download link downloads, it does not navigate away.
	const [download] = await Promise.all([page.waitForEvent('download'), page.locator('a[href="/plans/region/report.xlsx"]').click()]);
	assert.match(download.suggestedFilename(), /^rapport-region-.*\.xlsx$/);
	assert.equal(new URL(page.url()).pathname, '/plans/region/reports');
	await axeCheck(page, 'reports page');
}));

test('summary: the second level by default, a real table', () => withPage(async ({ page }) => {
	await gotoOk(page, '/plans/region/summary');
	assert.match(await page.title(), /^Tableau de synthèse — /);
	const t = await summaryTable(page);
	assert.equal(t.caption, 'Éléments de niveau « Objectif stratégique » (11)');
	assert.deepEqual(t.headers, [['Élément', 'col'], ['Parent', 'col'], ['Sous-éléments', 'col'], ['Porteur', 'col'], ['Partenaires', 'col']]);
	assert.deepEqual(t.rowHeaderScopes, ['row']);
	assert.equal(t.rows.length, 11);
	assert.deepEqual(t.rows[0].slice(0, 2), ['A1.OS1 — Achever la couverture en très haut débit fixe', 'A1 — Connecter tous les territoires']);
	assert.match(t.rows[0][2], /^A1\.OS1\.OO1 — .*A1\.OS1\.OO2 — .*A1\.OS1\.OO3 — /);
	assert.deepEqual(t.rows[0].slice(3), ['Syndicat mixte Hautes-Marches Numérique', 'Région, Départements']);
	assert.equal(await page.locator('#level').inputValue(), 'Objectif stratégique', 'the select shows the level');
	await axeCheck(page, 'summary');
}));

test('summary: another level chosen from the keyboard, a link one can share', () => withPage(async ({ page }) => {
	await gotoOk(page, '/plans/region/summary');
	await page.locator('#level').focus();
	await page.keyboard.press('End'); // the last level: Action
	assert.equal(await page.locator('#level').inputValue(), 'Action');
	await page.keyboard.press('Tab');
	await submitOk(page, page.locator('main form button[type="submit"]'), { what: 'level form' });
	const url = new URL(page.url());
	assert.equal(url.pathname, '/plans/region/summary');
	assert.equal(url.searchParams.get('level'), 'Action');
	const t = await summaryTable(page);
	assert.equal(t.caption, 'Éléments de niveau « Action » (77)');
	assert.equal(t.rows[0][2], '—', 'an action has no sub-elements');
	const pdf = await page.locator('main a[href*="summary.pdf"]').getAttribute('href');
	assert.equal(pdf, '/plans/region/summary.pdf?level=Action', 'the downloads keep the level');
}));

test('summary: an unknown level is said next to the select and at the top', () => withPage(async ({ page }) => {
	await gotoOk(page, '/plans/region/summary?level=Sprint', { status: 400 });
	const summary = fold(await page.locator('main .error-summary, main [role="alert"]').first().textContent());
	assert.match(summary, /niveau inconnu « Sprint »/);
	const error = fold(await page.locator('#level-error').textContent());
	assert.equal(error, 'niveau inconnu « Sprint » (niveaux du plan : « Axe stratégique », « Objectif stratégique », '
		+ '« Objectif opérationnel », « Action »)');
	assert.equal(await page.locator('#level').getAttribute('aria-invalid'), 'true');
	assert.equal(await summaryTable(page), null, 'no table for a level that does not exist');
	await axeCheck(page, 'summary, unknown level');
}));

test('unknown plan and meeting: 404 pages', () => withPage(async ({ page }) => {
	await gotoOk(page, '/plans/nope/reports', { status: 404 });
	await gotoOk(page, '/plans/nope/summary', { status: 404 });
	const r = await page.request.get('/plans/region/meetings/999999/report.pdf');
	assert.equal(r.status(), 404);
	assert.match(r.headers()['content-type'], /^text\/html/);
}));
