/*
 * browser.test.mjs — jalon's web interface in a real browser (Debian's Chromium driven
 * by Playwright): an accessibility scan (axe-core, WCAG 2.1 A and AA) of every page in
 * French and in English, English pages free of French interface text, keyboard use
 * (skip link, plan tree), the flows a user goes through (filter, create, edit, move,
 * delete, import, edit conflict), escaping of what users type, and the refusal of
 * forms without their CSRF field. A page that is missing fails its tests with
 * "page not implemented yet (501)".
 *
 * Run with `node --test` (meson: `meson test web_browser`). One server and one browser
 * serve the whole file; each test has its own browser context (cookies). Tests run in
 * the order written and some change the database: each works on elements no other
 * test looks at.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import {
	JALON, axeCheck, csvFile, escapeRegExp, gotoOk, group, launchBrowser, mainText, startServer,
	submitOk, withLang, withSession,
} from './lib.mjs';

let server;
let browser;

/* What the dashboard shows (budget lines, milestones, a baseline), added to the demo
 * plan with the command line, as a user would. Its figures are checked below. */
const DASHBOARD_BUDGET = [
	'code;annee;nature;source;prevu;engage;realise',
	'AX1.A1.P1;2025;investissement;État;120 000,00;80 000;25 000',
	'AX1.A1.P1;2026;fonctionnement;ressources propres;15 000;5 000;',
	'AX2.A1.P1;2026;I;Région;300000;150000;100000',
	'',
].join('\n');
const DASHBOARD_MILESTONES = [
	'code;jalon;date_prevue;date_prevision;date_reelle;statut',
	'AX1.A1.P1;Cahier des charges validé;15/01/2025;;20/01/2025;',
	'AX1.A1.P1;Recette de la plateforme;01/03/2026;15/04/2026;;',
	'',
].join('\n');

function addSteeringData(s) {
	const env = { ...process.env, JALON_LANG: 'fr' };
	for (const name of Object.keys(env)) if (/_proxy$/i.test(name)) delete env[name];
	writeFileSync(join(s.dir, 'budget.csv'), DASHBOARD_BUDGET);
	writeFileSync(join(s.dir, 'jalons.csv'), DASHBOARD_MILESTONES);
	const run = (...args) => execFileSync(JALON, ['--db', s.db, ...args], { env, cwd: s.dir, stdio: 'pipe' });
	run('import-budget', 'demo', 'budget.csv');
	run('import-milestones', 'demo', 'jalons.csv');
	run('baseline', 'demo', 'initial');
}

before(async () => {
	server = await startServer();
	browser = await launchBrowser();
	addSteeringData(server);
});

/* Safety net when a test failed half-way: the last test stops things and checks. */
after(async () => {
	if (browser) await browser.close().catch(() => {});
	if (server) {
		await server.stop();
		server.remove();
	}
});

/* Run fn({page, context, problems, newPage}) in a fresh browser context; then fail if a
 * dialog, a page error or a CSP violation happened. */
const withPage = (fn, options) => withSession(browser, server, fn, options);

/* The URL path of element `code` of plan `slug`, read off the plan overview: the
 * link whose text starts with the code (codes are the users' own; ids are the
 * database's). Cached: ids never change. */
const elementPaths = new Map();
async function elementPath(page, slug, code) {
	const key = `${slug}/${code}`;
	if (elementPaths.has(key)) return elementPaths.get(key);
	await gotoOk(page, `/plans/${slug}`);
	const link = page.locator('main a[href*="/elements/"]')
		.filter({ hasText: new RegExp(`^\\s*${escapeRegExp(code)}\\s`) });
	const count = await link.count();
	assert.equal(count, 1, `the overview of ${slug} has one link to element ${code} (found ${count})`);
	const href = new URL(await link.getAttribute('href'), server.url).pathname;
	elementPaths.set(key, href);
	return href;
}

/* The submit button of the page's POST form (the one in <main>). */
function postButton(page) {
	return page.locator('main form[method="post" i] button[type="submit"], main form[method="post" i] input[type="submit"]').first();
}

/* Set form field `name` of the page's POST form: type into a text field, or choose
 * the option of a <select> whose value or label is `value` (or whose label starts with
 * `value` followed by a space or a dash, as "AX2 – Soutenir…"). */
async function setField(page, name, value) {
	const field = page.locator(`main form[method="post" i] [name="${name}"]`).first();
	assert.equal(await field.count(), 1, `the form has a field named ${name}`);
	const tag = await field.evaluate((e) => e.tagName.toLowerCase());
	if (tag !== 'select') {
		await field.fill(value);
		return;
	}
	const options = await field.locator('option').evaluateAll((os) =>
		os.map((o) => ({ value: o.value, label: o.textContent.replace(/\s+/g, ' ').trim() })));
	const option = options.find((o) => o.value === value || o.label === value) ||
		options.find((o) => new RegExp(`^${escapeRegExp(value)}(\\s|$)`).test(o.label));
	assert.ok(option, `the list ${name} offers ${value} (options: ${options.map((o) => o.label).slice(0, 8).join('; ')}…)`);
	await field.selectOption(option.value);
}

/* Fill the create form and submit it; returns the new element's path (its sheet). */
async function createElement(page, slug, { parentPath, parentCode, code, level, title, description }) {
	if (parentPath) {
		// The way a user does it: the "add a child" action of the parent's sheet.
		await gotoOk(page, parentPath);
		const add = page.locator('main a[href*="/elements/new"]').first();
		assert.equal(await add.count(), 1, `the sheet of ${parentCode} offers to add a child element`);
		await submitOk(page, add);
		const parent = page.locator('main form [name="parent"]');
		assert.equal(await parent.inputValue(), parentCode, 'the create form starts with the parent chosen');
	} else {
		await gotoOk(page, `/plans/${slug}/elements/new`);
	}
	await setField(page, 'code', code);
	await setField(page, 'level', level);
	await setField(page, 'title', title);
	if (description) await setField(page, 'description', description);
	await submitOk(page, postButton(page), { what: `create ${code}` });
	const path = new URL(page.url()).pathname;
	assert.match(path, new RegExp(`^/plans/${slug}/elements/[^/]+$`), `creating ${code} leads to its sheet (at ${path})`);
	return path;
}

/* ---- (a) accessibility: every page, in French and in English --------------------------- */

const BROKEN_CSV = [
	'code;parent;niveau;intitule',
	'X1;;Axe;Premier axe',
	'X1.1;X9;Action;Une action au parent inconnu',
	'X1;;Axe;Un code en double',
	'',
].join('\n');

for (const lang of [undefined, 'en']) {
	const expectedLang = lang || 'fr';
	const u = (path) => withLang(path, lang);

	const test = group(`axe, no WCAG 2.1 A/AA violation (${expectedLang})`);
	/* Check the language, then scan. */
	async function scan(page, label) {
		assert.equal(await page.locator('html').getAttribute('lang'), expectedLang,
			`${label}: <html lang> is ${expectedLang}`);
		await axeCheck(page, `${label} [${expectedLang}]`);
	}

	test('home page', () => withPage(async ({ page }) => {
		await gotoOk(page, u('/'));
		await scan(page, 'home');
	}));

	test('consolidated view', () => withPage(async ({ page }) => {
		await gotoOk(page, u('/consolidated'));
		await scan(page, 'consolidated view');
	}));

	test('import form', () => withPage(async ({ page }) => {
		await gotoOk(page, u('/import'));
		await scan(page, 'import form');
	}));

	test('import form with errors (a broken CSV)', () => withPage(async ({ page }) => {
		await gotoOk(page, u('/import'));
		await page.locator('input[type="file"]').setInputFiles(csvFile('casse.csv', BROKEN_CSV));
		await submitOk(page, postButton(page), { status: 422, what: 'import of a broken CSV' });
		await scan(page, 'import form with errors');
	}));

	test('plan overview', () => withPage(async ({ page }) => {
		await gotoOk(page, u('/plans/demo'));
		await scan(page, 'plan overview');
	}));

	test('plan overview with a filter', () => withPage(async ({ page }) => {
		await gotoOk(page, u('/plans/demo'));
		await page.locator('main form input[type="search"], main form input[name="q"]').first().fill('numerique');
		await submitOk(page, page.locator('main form:not([method="post" i]) button[type="submit"]').first(),
			{ what: 'filter' });
		await scan(page, 'plan overview filtered');
	}));

	test('element sheet', () => withPage(async ({ page }) => {
		const path = await elementPath(page, 'demo', 'AX1.A1.P1');
		await gotoOk(page, u(path));
		await scan(page, 'element sheet');
	}));

	test('new element form', () => withPage(async ({ page }) => {
		await gotoOk(page, u('/plans/demo/elements/new'));
		await scan(page, 'new element form');
	}));

	test('element edit form', () => withPage(async ({ page }) => {
		const path = await elementPath(page, 'demo', 'AX1.A1.P1');
		await gotoOk(page, u(`${path}/edit`));
		await scan(page, 'edit form');
	}));

	test('element edit form with a validation error (empty title)', () => withPage(async ({ page }) => {
		const path = await elementPath(page, 'demo', 'AX1.A1.P1');
		await gotoOk(page, u(`${path}/edit`));
		await setField(page, 'title', '');
		await submitOk(page, postButton(page), { status: 422, what: 'save with an empty title' });
		const title = page.locator('main form [name="title"]');
		assert.equal(await title.getAttribute('aria-invalid'), 'true', 'the title field is marked invalid');
		await scan(page, 'edit form with an error');
	}));

	test('move form', () => withPage(async ({ page }) => {
		const path = await elementPath(page, 'demo', 'AX1.A1.P1');
		await gotoOk(page, u(`${path}/move`));
		await scan(page, 'move form');
	}));

	test('delete confirmation', () => withPage(async ({ page }) => {
		const path = await elementPath(page, 'demo', 'AX1.A1.P1');
		await gotoOk(page, u(`${path}/delete`));
		await scan(page, 'delete confirmation');
	}));

	test('plan settings', () => withPage(async ({ page }) => {
		await gotoOk(page, u('/plans/demo/settings'));
		await scan(page, 'plan settings');
	}));

	test('edit conflict page', () => withPage(async ({ page, newPage }) => {
		const path = await elementPath(page, 'region', 'A1.OS1');
		const other = await newPage();
		await gotoOk(page, u(`${path}/edit`));
		await gotoOk(other, u(`${path}/edit`));
		await setField(page, 'description', `Enregistré d'abord (${expectedLang}).`);
		await submitOk(page, postButton(page), { what: 'first save' });
		await setField(other, 'description', `Enregistré ensuite (${expectedLang}).`);
		await submitOk(other, postButton(other), { status: 409, what: 'second save of a stale form' });
		await scan(other, 'conflict page');
	}));

	test('plan dashboard, its chart data unfolded', () => withPage(async ({ page }) => {
		await gotoOk(page, u('/plans/demo/dashboard'));
		for (const summary of await page.locator('main details > summary').all()) await summary.click();
		await scan(page, 'plan dashboard');
	}));

	test('plan dashboard compared with a baseline', () => withPage(async ({ page }) => {
		await gotoOk(page, u('/plans/demo/dashboard?baseline=initial'));
		await scan(page, 'plan dashboard with a baseline');
	}));

	test('roadmap page filtered, with a baseline, its data unfolded', () => withPage(async ({ page }) => {
		await gotoOk(page, u('/plans/demo/roadmap?baseline=initial&branch=AX1'));
		for (const summary of await page.locator('main details > summary').all()) await summary.click();
		await scan(page, 'roadmap page');
	}));

	test('prioritisation page', () => withPage(async ({ page }) => {
		await gotoOk(page, u('/plans/demo/priorities'));
		await scan(page, 'prioritisation page');
	}));

	test('404 page', () => withPage(async ({ page }) => {
		await gotoOk(page, u('/cette-page-n-existe-pas'), { status: 404 });
		await scan(page, '404 page');
	}));
}

/* English pages: the interface's own words (labels, buttons, headings of sections,
 * hints, column headers, names of landmarks, the frame) are English. The plans' data
 * stays as written: element titles, levels, owners and the plan's own column names
 * ("Indicateur de réussite" in the demo plan) are not looked at. */
const FRENCH = /[éèêëàâçùûôîïœ«»]|\b(le|la|les|du|des|une?|aux?|et|ou|pour|sur|avec|dans|sans|aucune?|tous|statut|niveau|porteur|filtrer|texte|nombre|enregistrer|annuler|modifier|supprimer|déplacer|accueil|importer|fichier|encodage|titre|voix|enfants?|contribuent)\b/i;
const PLAN_COLUMNS = new Set(['Indicateur de réussite']);

test('i18n: English pages show no French interface text', () => withPage(async ({ page }) => {
	const sheet = await elementPath(page, 'demo', 'AX2.A1.P2');
	const pages = ['/', '/import', '/plans/demo', '/plans/demo/settings', '/plans/demo/elements/new',
		sheet, `${sheet}/edit`, `${sheet}/move`, `${sheet}/delete`, '/cette-page-n-existe-pas',
		'/plans/demo/dashboard?baseline=initial', '/plans/demo/roadmap?baseline=initial',
		'/plans/demo/priorities', '/plans/demo/indicators'];
	const french = new Map(); // text -> pages where it shows
	for (const path of pages) {
		const response = await page.goto(withLang(path, 'en'));
		if (response.status() === 501) assert.fail(`GET ${path}: page not implemented yet (501)`);
		const texts = await page.evaluate(() => {
			const clean = (t) => (t || '').replace(/\s+/g, ' ').trim();
			const out = [document.title];
			const selector = 'a.skip, header.site nav a, footer.site, main h2, label, button, legend, caption, ' +
				'thead th, tfoot th, .hint, dt, .actions a, .error-message, main > p:not([class]):not(:has(.code))';
			for (const e of document.querySelectorAll(selector)) out.push(e.textContent);
			for (const e of document.querySelectorAll('[aria-label]')) out.push(e.getAttribute('aria-label'));
			const sheet = !!document.querySelector('main > p.level'); // an element's sheet: its h1 is data
			if (!sheet) out.push(document.querySelector('h1')?.textContent);
			// The plan's data quoted inside interface text (element names in a button's
			// label, the window title of a sheet) is taken out before looking.
			const data = [...document.querySelectorAll('main a[href*="/elements/"]')]
				.map((e) => clean(e.textContent)).filter((t) => t.length > 3);
			if (sheet) data.push(clean(document.querySelector('h1')?.textContent));
			data.sort((a, b) => b.length - a.length);
			return out.map((t) => {
				let c = clean(t);
				for (const d of data) c = c.split(d).join(' ');
				return clean(c);
			}).filter(Boolean);
		});
		for (const t of texts)
			if (FRENCH.test(t) && !PLAN_COLUMNS.has(t)) french.set(t, [...(french.get(t) || []), path]);
	}
	if (french.size) {
		const lines = [...french].map(([t, on]) => `${JSON.stringify(t)} on ${[...new Set(on)].join(', ')}`);
		assert.fail(`${lines.length} French interface text(s) on English pages:\n  ${lines.slice(0, 80).join('\n  ')}` +
			(lines.length > 80 ? `\n  … and ${lines.length - 80} more` : ''));
	}
}));

/* ---- (b) keyboard ------------------------------------------------------------------------- */

{
	const test = group('keyboard');
	test('Tab reaches the skip link first; Enter moves focus to main; Tab then Enter opens a plan',
		() => withPage(async ({ page }) => {
			await gotoOk(page, '/');
			await page.keyboard.press('Tab');
			const first = await page.evaluate(() => {
				const a = document.activeElement;
				const r = a.getBoundingClientRect();
				return { tag: a.tagName, href: a.getAttribute('href'), text: a.textContent.trim(),
					visible: r.width > 0 && r.height > 0 && r.left >= 0 && r.top >= 0 && r.left < innerWidth };
			});
			assert.equal(first.tag, 'A', 'the first Tab lands on a link');
			assert.match(first.href || '', /^#/, 'the first link is a skip link to an anchor of the page');
			assert.match(first.text, /Aller au contenu/, 'the skip link says where it goes');
			assert.ok(first.visible, 'the skip link shows on screen when it has the focus');

			await page.keyboard.press('Enter');
			const focusInMain = await page.evaluate(() => {
				const main = document.querySelector('main');
				return !!main && (document.activeElement === main || main.contains(document.activeElement));
			});
			assert.ok(focusInMain, 'after Enter on the skip link, the focus is in <main>');

			let href = null;
			for (let i = 0; i < 20 && href !== '/plans/demo'; i++) {
				await page.keyboard.press('Tab');
				href = await page.evaluate(() => document.activeElement.getAttribute('href'));
			}
			assert.equal(href, '/plans/demo', 'Tab reaches the link to the demo plan');
			const [response] = await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
			assert.equal(new URL(page.url()).pathname, '/plans/demo', 'Enter on the link opens the plan');
			if (response.status() === 501) assert.fail('GET /plans/demo: page not implemented yet (501)');
			assert.equal(response.status(), 200, 'the plan overview answers 200');
			assert.match(await page.locator('h1').textContent(), /plan/, 'the overview shows the plan title');
		}));
}

{
	const test = group('plan tree');
	test('a branch folds and unfolds from the keyboard; fold all, unfold all; still accessible folded',
		() => withPage(async ({ page }) => {
			await gotoOk(page, '/plans/demo');
			const hidden = (text) => page.locator('main li a', { hasText: text }).first().isHidden();
			const child = 'Offrir un environnement d\'apprentissage numérique unifié'; // AX1.A1, under AX1
			assert.equal(await hidden(child), false, 'the tree starts unfolded: it reads and prints without script');

			// The branch toggle of AX1, reached with Tab from the start of <main>.
			const toggle = page.locator('main [aria-expanded][aria-controls]').first();
			assert.equal(await toggle.count(), 1, 'each branch has a button that says whether it is expanded');
			const name = await toggle.evaluate((e) => e.getAttribute('aria-label') || e.textContent);
			assert.match(name, /AX1/, `the first branch button names its branch (${name})`);
			await page.locator('main').focus();
			let reached = false;
			for (let i = 0; i < 60 && !reached; i++) {
				await page.keyboard.press('Tab');
				reached = await toggle.evaluate((e) => e === document.activeElement);
			}
			assert.ok(reached, 'Tab reaches the branch button');
			await page.keyboard.press('Enter');
			assert.equal(await toggle.getAttribute('aria-expanded'), 'false', 'Enter folds the branch (aria-expanded false)');
			assert.equal(await hidden(child), true, 'the children of the folded branch are hidden');
			await axeCheck(page, 'plan overview, one branch folded');
			await page.keyboard.press('Space');
			assert.equal(await toggle.getAttribute('aria-expanded'), 'true', 'Space unfolds it again');
			assert.equal(await hidden(child), false, 'the children show again');

			await clickOne(page.getByRole('button', { name: 'Tout replier' }));
			assert.equal(await hidden(child), true, '"Tout replier" folds every branch');
			assert.equal(await hidden('Migrer les espaces de cours vers la nouvelle plateforme'), true, 'deeper elements are hidden too');
			assert.equal(await page.locator('main li a', { hasText: 'Réussir ses études avec le numérique' }).isVisible(), true,
				'the axes stay visible');
			await axeCheck(page, 'plan overview, all folded');
			await clickOne(page.getByRole('button', { name: 'Tout déplier' }));
			assert.equal(await hidden('Migrer les espaces de cours vers la nouvelle plateforme'), false, '"Tout déplier" unfolds every branch');
		}));
}

/* Click the one element locator finds (a script's button: no navigation). */
async function clickOne(locator) {
	assert.equal(await locator.count(), 1, `one ${locator} on the page`);
	await locator.click();
}

/* ---- (c) flows --------------------------------------------------------------------------- */

{
	const test = group('flows');
	test('filter the demo plan by free text without accents, then by level', () => withPage(async ({ page }) => {
		await gotoOk(page, '/plans/demo');
		const filters = page.locator('main form:not([method="post" i])').first();
		await filters.locator('input[type="search"], input[name="q"]').first().fill('numerique');
		await submitOk(page, filters.locator('button[type="submit"]').first(), { what: 'filter by text' });
		const links = () => page.locator('main a[href*="/elements/"]').count();
		let found = await links();
		assert.ok(found > 0 && found < 62, `the filter lists some of the 62 elements, not all (${found} links)`);
		let text = await mainText(page);
		assert.ok(text.includes('Réussir ses études avec le numérique'), '"numerique" finds an element whose title says "numérique"');
		assert.ok(text.includes('Ouvrir un guichet numérique unique de la vie étudiante'), '"numerique" finds a project titled with "numérique"');
		assert.ok(!text.includes('Déployer 900 bornes Wi-Fi 6'), 'an element without "numérique" anywhere is not listed');
		assert.equal(await page.locator('main input[type="search"], main input[name="q"]').first().inputValue(), 'numerique',
			'the filter form keeps the text searched');

		await gotoOk(page, '/plans/demo');
		const levelSelect = page.locator('main form:not([method="post" i]) select').filter({ has: page.locator('option', { hasText: /^Projet$/ }) }).first();
		await levelSelect.selectOption({ label: 'Projet' });
		await submitOk(page, page.locator('main form:not([method="post" i]) button[type="submit"]').first(), { what: 'filter by level' });
		found = await links();
		assert.ok(found > 0 && found < 62, `the level filter lists some of the 62 elements, not all (${found} links)`);
		text = await mainText(page);
		assert.ok(text.includes('Refondre la plateforme pédagogique'), 'the level filter lists a Projet');
		assert.ok(text.includes('Renouveler le réseau et le Wi-Fi des campus'), 'the level filter lists another Projet');
		assert.ok(!text.includes('Déployer 900 bornes Wi-Fi 6'), 'the level filter leaves out an Action');
		assert.ok(!text.includes('Migrer les espaces de cours vers la nouvelle plateforme'), 'the level filter leaves out another Action');
	}));

	test('create an element under an axis, edit it, move it, delete it with its child', () => withPage(async ({ page }) => {
		const ax1 = await elementPath(page, 'demo', 'AX1');
		const ax2 = await elementPath(page, 'demo', 'AX2');
		const title = 'Tester le parcours étudiant de bout en bout';

		// Create under AX1, from AX1's sheet; it shows on AX1's sheet.
		const created = await createElement(page, 'demo', {
			parentPath: ax1, parentCode: 'AX1', code: 'AX1.T9', level: 'Ambition', title });
		assert.match(await page.locator('h1').textContent(), new RegExp(escapeRegExp(title)), 'the new sheet shows its title');
		await gotoOk(page, ax1);
		assert.equal(await page.locator('main a', { hasText: title }).count(), 1, "the new element is listed on its parent's sheet");

		// A child, so that the deletion has something to mention.
		await createElement(page, 'demo', {
			parentPath: created, parentCode: 'AX1.T9', code: 'AX1.T9.a', level: 'Action', title: 'Écrire les scénarios de test' });
		const child = new URL(page.url()).pathname;

		// Edit its title.
		const edited = 'Tester le parcours étudiant de bout en bout, sur téléphone';
		await gotoOk(page, `${created}/edit`);
		await setField(page, 'title', edited);
		await submitOk(page, postButton(page), { what: 'save the edit' });
		assert.equal(new URL(page.url()).pathname, created, 'saving leads back to the sheet');
		assert.match(await page.locator('h1').textContent(), new RegExp(escapeRegExp(edited)), 'the sheet shows the new title');

		// Move it under AX2.
		await gotoOk(page, `${created}/move`);
		await setField(page, 'parent', 'AX2');
		await submitOk(page, postButton(page), { what: 'move' });
		assert.equal(new URL(page.url()).pathname, created, 'moving leads back to the sheet');
		assert.match(await page.locator('main nav, nav.breadcrumb').first().textContent(), /AX2/, 'the breadcrumb now goes through AX2');
		await gotoOk(page, ax2);
		assert.equal(await page.locator('main a', { hasText: edited }).count(), 1, "the moved element is listed on AX2's sheet");
		await gotoOk(page, ax1);
		assert.equal(await page.locator('main a', { hasText: edited }).count(), 0, "the moved element left AX1's sheet");

		// Delete it: the confirmation says a child goes with it.
		await gotoOk(page, `${created}/delete`);
		const confirmation = await mainText(page);
		assert.match(confirmation, /\b1\s+(descendant|enfant|sous-élément|élément)/i, `the confirmation mentions the one child (page says: ${confirmation.slice(0, 300)})`);
		assert.ok(confirmation.includes(edited) || confirmation.includes('AX1.T9'), 'the confirmation names the element');
		await submitOk(page, postButton(page), { what: 'confirm the deletion' });
		assert.equal(new URL(page.url()).pathname, '/plans/demo', 'after deleting, the plan overview shows');
		assert.ok(!(await mainText(page)).includes(edited), 'the deleted element is gone from the overview');
		await gotoOk(page, created, { status: 404 });
		await gotoOk(page, child, { status: 404 });
	}));

	test('import: a CSV with errors is refused with line numbers, a good one opens its plan', () => withPage(async ({ page }) => {
		// The home page holds the import form, or links to it.
		await gotoOk(page, '/');
		if (await page.locator('main input[type="file"]').count() === 0)
			await submitOk(page, page.locator('main a[href="/import"]').first(), { what: 'the import link of the home page' });
		const file = page.getByLabel('Fichier CSV');
		await file.setInputFiles(csvFile('casse.csv', BROKEN_CSV));
		await submitOk(page, postButton(page), { status: 422, what: 'import of a broken CSV' });
		const errors = page.locator('#import-errors, main .errors').first();
		const errorText = (await errors.textContent()).replace(/\s+/g, ' ');
		assert.match(errorText, /casse\.csv:3:/, `the errors give file and line 3 (the unknown parent): ${errorText}`);
		assert.match(errorText, /casse\.csv:4:/, 'the errors give line 4 (the duplicate code)');
		assert.match(errorText, /rien n'a été importé/, 'the errors say nothing was imported');
		const fileField = page.getByLabel('Fichier CSV');
		assert.equal(await fileField.getAttribute('aria-invalid'), 'true', 'the file field has aria-invalid');
		const describedBy = (await fileField.getAttribute('aria-describedby') || '').split(/\s+/);
		const errorsId = await errors.getAttribute('id');
		assert.ok(errorsId && describedBy.includes(errorsId), 'the file field is described by the error list');
		const errorsBeforeForm = await page.evaluate(() => {
			const e = document.querySelector('#import-errors, main .errors');
			const f = document.querySelector('main form');
			return !!(e && f && (e.compareDocumentPosition(f) & Node.DOCUMENT_POSITION_FOLLOWING));
		});
		assert.ok(errorsBeforeForm, 'the errors come just before the upload form');

		await page.getByLabel('Fichier CSV').setInputFiles(csvFile('essai.csv', [
			'code;parent;niveau;intitule',
			'E1;;Axe;Un axe importé depuis le navigateur',
			'E1.1;E1;Action;Une action importée depuis le navigateur',
			'',
		].join('\n')));
		await page.getByLabel('Titre du plan').fill('Plan importé par le navigateur');
		await submitOk(page, postButton(page), { what: 'import of a good CSV' });
		assert.match(new URL(page.url()).pathname, /^\/plans\/[^/]+$/, `a good import lands on the new plan (at ${page.url()})`);
		assert.match(await page.locator('h1').textContent(), /Plan importé par le navigateur/, "the overview shows the new plan's title");
		const text = await mainText(page);
		assert.ok(text.includes('Une action importée depuis le navigateur'), 'the overview lists the imported elements');
	}));

	test('edit conflict: the second save shows both versions, and redoing it from there works',
		() => withPage(async ({ page, newPage }) => {
			const path = await elementPath(page, 'demo', 'AX3.A1.P2');
			const a = page;
			const b = await newPage();
			await gotoOk(a, `${path}/edit`);
			await gotoOk(b, `${path}/edit`);
			const titleA = 'Dématérialiser les ordres de mission (version A)';
			const titleB = 'Dématérialiser les ordres de mission (version B)';
			await setField(a, 'title', titleA);
			await submitOk(a, postButton(a), { what: 'save in page A' });
			assert.match(await a.locator('h1').textContent(), /version A/, 'page A saved');

			await setField(b, 'title', titleB);
			await submitOk(b, postButton(b), { status: 409, what: 'save of the stale form in page B' });
			const text = await mainText(b);
			assert.ok(text.includes(titleA), 'the conflict page shows the version saved in A');
			assert.ok(text.includes(titleB), 'the conflict page shows what B typed');
			assert.ok(!(await mainText(a)).includes(titleB), 'B did not overwrite A silently');

			await submitOk(b, postButton(b), { what: 'redo the change from the conflict page' });
			assert.equal(new URL(b.url()).pathname, path, 'redoing leads to the sheet');
			assert.match(await b.locator('h1').textContent(), /version B/, 'the change made in B is now saved');
		}));
}

/* ---- (d) what users type is shown, never run ------------------------------------------------ */

{
	const test = group('escaping');
	/* The CSP would stop an injected inline script anyway: this context bypasses it,
	 * so that only the escaping of the pages stands between the title and a dialog. */
	test('an element titled <script>alert(1)</script> shows literally and runs nothing',
		() => withPage(async ({ page, problems }) => {
			const title = '<script>alert(1)</script>';
			const description = '"><img src=x onerror=alert(2)> & <b>gras</b>';
			const ax2 = await elementPath(page, 'demo', 'AX2');
			const created = await createElement(page, 'demo', {
				parentPath: ax2, parentCode: 'AX2', code: 'AX2.X', level: 'Ambition', title, description });
			const h1 = (await page.locator('h1').textContent()).replace(/\s+/g, ' ');
			assert.ok(h1.includes(title), `the sheet's heading shows the title as typed: ${h1}`);
			assert.ok((await mainText(page)).includes(description), 'the sheet shows the description as typed');
			const injected = await page.evaluate(() => ({
				scripts: [...document.scripts].filter((s) => !s.src).length,
				images: document.querySelectorAll('main img').length,
				bold: document.querySelectorAll('main b').length,
			}));
			assert.deepEqual(injected, { scripts: 0, images: 0, bold: 0 }, 'no element was made from the typed text');
			assert.ok((await page.title()).includes(title), 'the window title shows the title as typed');

			for (const path of ['/plans/demo', ax2, `${created}/edit`, `/plans/demo?q=${encodeURIComponent('alert(1)')}`]) {
				await gotoOk(page, path);
				assert.ok((await mainText(page)).includes(title) ||
					await page.locator('main input[name="title"]').evaluate((e) => e.value).catch(() => '') === title,
					`${path} shows the title literally`);
				assert.equal(await page.evaluate(() => [...document.scripts].filter((s) => !s.src).length), 0,
					`${path} holds no inline script`);
			}
			assert.deepEqual(problems, [], 'no dialog opened');
		}, { bypassCSP: true }));
}

/* ---- (e) forms without their CSRF field are refused ------------------------------------------ */

{
	const test = group('CSRF');
	test('every form POST without the csrf field answers 403 and changes nothing', () => withPage(async ({ page }) => {
		const path = await elementPath(page, 'region', 'A1');
		await gotoOk(page, path); // the browser has its csrf cookie: only the field is missing
		const posts = [
			['/import', { multipart: { file: csvFile('x.csv', 'code;parent;niveau;intitule\nZ;;Axe;Z\n') } }],
			['/plans/region/elements', { form: { code: 'Z9', level: 'Axe', title: 'Sans jeton' } }],
			[`${path}/edit`, { form: { code: 'A1', level: 'Axe', title: 'Sans jeton', version: '1' } }],
			[`${path}/move`, { form: { parent: '', version: '1' } }],
			[`${path}/delete`, { form: { version: '1' } }],
			['/plans/region/settings', { form: { title: 'Sans jeton' } }],
		];
		const wrong = [];
		for (const [url, body] of posts) {
			const r = await page.request.post(url, { ...body, maxRedirects: 0 });
			if (r.status() !== 403) wrong.push(`POST ${url}: ${r.status()}${r.status() === 501 ? ' (not implemented yet)' : ''}`);
		}
		// A wrong token is no better than none.
		const r = await page.request.post(`${path}/delete`, { form: { csrf: 'f'.repeat(64), version: '1' }, maxRedirects: 0 });
		if (r.status() !== 403) wrong.push(`POST ${path}/delete with a wrong token: ${r.status()}`);
		assert.deepEqual(wrong, [], 'every POST without a valid csrf field is refused with 403');
		await gotoOk(page, path);
		assert.ok(!(await mainText(page)).includes('Sans jeton'), 'the element was not changed');
		await gotoOk(page, '/plans/region');
		assert.ok(!(await mainText(page)).includes('Sans jeton'), 'nothing was created or renamed');
	}));
}

/* ---- (f) the dashboard: figures, charts and their data, keyboard ---------------------------------- */

{
	const test = group('dashboard');
	/* Amounts as a user reads them: the page's no-break spaces folded to spaces. */
	const fold = (t) => (t || '').replace(/[\s\u00a0\u202f]+/g, ' ').trim();
	const rows = (table) => table.locator('tr').evaluateAll((trs) =>
		trs.map((tr) => [...tr.children].map((c) => c.textContent.replace(/[\s\u00a0\u202f]+/g, ' ').trim())));

	test('the plan overview links to the dashboard, reachable with Tab and opened with Enter',
		() => withPage(async ({ page }) => {
			await gotoOk(page, '/plans/demo');
			await page.locator('main').focus();
			let href = null;
			for (let i = 0; i < 30 && href !== '/plans/demo/dashboard'; i++) {
				await page.keyboard.press('Tab');
				href = await page.evaluate(() => document.activeElement.getAttribute('href'));
			}
			assert.equal(href, '/plans/demo/dashboard', 'Tab reaches the dashboard link of the overview');
			const [response] = await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
			assert.equal(new URL(page.url()).pathname, '/plans/demo/dashboard', 'Enter opens the dashboard');
			assert.equal(response.status(), 200, 'the dashboard answers 200');
			assert.match(await page.locator('h1').textContent(), /Tableau de bord/, 'the page says it is the dashboard');
		}));

	test('key figures, weather as icon and word, budget by year and source with their numbers',
		() => withPage(async ({ page }) => {
			// A stormy axis, reported through the API.
			const ax3 = await elementPath(page, 'demo', 'AX3');
			const put = await page.request.put(`/api/v1${ax3}/status`, { data: { weather: 'orage' } });
			assert.equal(put.status(), 200, 'the weather of AX3 is saved');

			await gotoOk(page, '/plans/demo/dashboard?baseline=initial');
			const figures = fold(await page.locator('main dl.figures').textContent());
			assert.match(figures, /Budget prévu 435 000,00 €/, `the planned total (${figures})`);
			assert.match(figures, /Engagé 235 000,00 € 54,0 % du prévu/, 'committed, with its share of planned (decimal comma, no-break space)');
			assert.match(figures, /en retard : 1/, 'one late milestone (its forecast is past its planned date)');
			assert.match(figures, /Écart budgétaire moyen \+0,0 %/, 'the mean budget drift against the baseline taken just now');

			const ax3Row = fold(await page.locator('main table[aria-labelledby="meteo"] tr', { hasText: 'AX3' }).textContent());
			assert.match(ax3Row, /⚡ orage/, `the weather shows as an icon and a word (${ax3Row})`);
			const unset = fold(await page.locator('main table[aria-labelledby="meteo"] tr', { hasText: 'AX4' }).textContent());
			assert.match(unset, /– non renseigné/, 'an axis without weather says so in words');

			// The budget chart, with its title and description, then the same data in a table.
			const chart = page.locator('main svg#budget-chart');
			assert.equal(await chart.getAttribute('role'), 'img', 'the budget chart is an image for assistive technology');
			assert.equal(await chart.getAttribute('aria-labelledby'), 'budget-chart-title budget-chart-desc', 'it is named by its title and description');
			assert.equal(await chart.locator('.budget-bar').count(), 6, 'three bars for each of the two years');
			const section = page.locator('main section[aria-labelledby="budget-annee"]');
			await section.locator('details > summary', { hasText: 'Données du graphique' }).click();
			const data = await rows(section.locator('details table'));
			assert.deepEqual(data, [
				['Année', 'Prévu', 'Engagé', 'Réalisé'],
				['2025', '120 000,00 €', '80 000,00 €', '25 000,00 €'],
				['2026', '315 000,00 €', '155 000,00 €', '100 000,00 €'],
				['Total', '435 000,00 €', '235 000,00 €', '125 000,00 €'],
			], 'the chart data table holds the numbers of the chart');
			const sources = await rows(page.locator('main table[aria-labelledby="budget-source"]'));
			assert.deepEqual(sources.slice(1).map((r) => r.slice(0, 3)), [
				['État', '120 000,00 €', '27,6 %'],
				['ressources propres', '15 000,00 €', '3,4 %'],
				['Région', '300 000,00 €', '69,0 %'],
			], 'the budget by funding source, with each share of the planned total');
		}));

	test('the roadmap page: one bar per dated element, milestones with their titles, its data table',
		() => withPage(async ({ page }) => {
			await gotoOk(page, '/plans/demo/roadmap');
			const chart = page.locator('main svg#roadmap-chart');
			assert.equal(await chart.getAttribute('role'), 'img', 'the roadmap is an image for assistive technology');
			assert.ok(fold(await chart.locator('desc').textContent()).length > 20, 'the roadmap has a description');
			const section = page.locator('main section[aria-labelledby="feuille-de-route"]');
			await section.locator('details > summary').click();
			const tables = section.locator('details table');
			const dated = await rows(tables.nth(0));
			assert.equal(await chart.locator('g.gantt-bar').count(), dated.length - 1,
				'one bar per row of the dated elements table');
			assert.ok(dated.length > 10, 'the demo plan has dated elements');
			const marks = await chart.locator('g.gantt-milestone title').allTextContents();
			assert.equal(marks.length, 2, 'one mark per milestone');
			assert.ok(marks.some((t) => t.startsWith('Recette de la plateforme') && t.includes('en retard')),
				`the late milestone says so in its title (${marks.join(' | ')})`);
			assert.equal(await chart.locator('g.gantt-late text').textContent(), 'en retard', 'and in visible text, not colour alone');
			const milestones = await rows(tables.nth(1));
			assert.deepEqual(milestones.slice(1).map((r) => [r[0], r[1], r[2], r[5]]), [
				['AX1.A1.P1', 'Cahier des charges validé', '15/01/2025', 'atteint'],
				['AX1.A1.P1', 'Recette de la plateforme', '01/03/2026', 'à venir, en retard'],
			], 'the milestones table gives dates JJ/MM/AAAA, status and lateness in words');
			for (const [screen, path] of [['roadmap', '/plans/demo/roadmap.svg'], ['dashboard', '/plans/demo/budget.svg'],
				['priorities', null]]) {
				await gotoOk(page, `/plans/demo/${screen}`);
				if (!path)
					continue;
				const r = await page.request.get(path);
				assert.equal(r.status(), 200, `${path} answers 200`);
				assert.equal(r.headers()['content-type'], 'image/svg+xml; charset=utf-8', `${path} is served as SVG`);
				assert.equal(await page.locator(`main a[href="${path}"]`).count(), 1, `the ${screen} page links to ${path}`);
			}
		}));
}

/* ---- (g) the dashboard's steering sections, the roadmap's filters, prioritisation ------------------ */

{
	const test = group('steering screens');
	const idOf = (path) => Number(path.split('/').pop());
	/* A table's text with its cells apart, as a screen reader reads them. */
	const text = (table) => table.evaluate((t) => [...t.querySelectorAll('caption, th, td')]
		.map((c) => c.textContent.replace(/[\s\u00a0\u202f]+/g, ' ').trim()).join(' '));

	test('a critical risk, a broken dependency and the changes show on the dashboard, the scores on the matrix',
		() => withPage(async ({ page }) => {
			const p1 = idOf(await elementPath(page, 'demo', 'AX1.A1.P1'));
			const p2 = idOf(await elementPath(page, 'demo', 'AX1.A1.P2'));
			let r = await page.request.post('/api/v1/plans/demo/risks', { data: {
				element: p1, description: 'Retard du prestataire <b>', probability: 4, impact: 4,
				owner: 'DSI' } });
			assert.equal(r.status(), 201, 'a risk is created through the API');
			r = await page.request.post('/api/v1/plans/demo/risks', { data: {
				element: p2, description: 'Risque clos', probability: 2, impact: 2, status: 'clos' } });
			assert.equal(r.status(), 201, 'a closed risk is created');
			// P2 (from 01/04/2025) follows P1 (until 2026 at least): broken.
			r = await page.request.post('/api/v1/plans/demo/dependencies', { data: { kind: 'element', from: p1, to: p2 } });
			assert.equal(r.status(), 201, 'a dependency is created');
			r = await page.request.put(`/api/v1/plans/demo/elements/${p1}/qualification`, { data: {
				nature: 'quick-win', type: 'projet-phare', scores: { 'valeur ajoutée': 4, 'complexité technique': 2 } } });
			assert.equal(r.status(), 200, 'P1 is qualified');

			await gotoOk(page, '/plans/demo/dashboard');
			const risks = page.locator('main section[aria-labelledby="risques"]');
			const top = await text(risks.locator('table', { hasText: 'Risques les plus critiques' }));
			assert.match(top, /AX1\.A1\.P1 Retard du prestataire <b> 4 4 16 \(critique\) DSI ouvert/, `the top risk (${top})`);
			assert.doesNotMatch(top, /Risque clos/, 'a closed risk is not among the top risks');
			const matrix = risks.locator('svg#risk-matrix');
			assert.equal(await matrix.getAttribute('role'), 'img', 'the risk matrix is an image');
			assert.equal(await matrix.locator('.risk-cell').count(), 1, 'one cell holds the open risk');
			assert.equal((await page.request.get('/plans/demo/risks.svg')).status(), 200, 'risks.svg answers');

			const broken = await text(page.locator('main table[aria-labelledby="dependances"]'));
			// P1's end is rolled up from its descendants, which earlier tests edit: only its form is fixed.
			assert.match(broken, /AX1\.A1\.P1 .* \d\d\/\d\d\/20\d\d AX1\.A1\.P2 .* 01\/04\/2025 [1-9]\d*$/,
				`the broken dependency, with the overlap in days (${broken})`);

			const changes = await text(page.locator('main table[aria-labelledby="changements"]'));
			assert.match(changes, /AX1\.A1\.P1 Risque : ajout .* API/, `the new risk in the changes (${changes})`);

			await gotoOk(page, '/plans/demo/priorities');
			const bubbles = page.locator('main svg#priority-matrix .bubble');
			assert.equal(await bubbles.count(), 1, 'one qualified element, one bubble');
			await page.locator('main details > summary').click();
			const row = await text(page.locator('main details table'));
			assert.match(row, /AX1\.A1\.P1 .* 2 4 .* quick win projet phare/, `its scores, nature and type (${row})`);
		}));

	test('the roadmap filters by branch and level, keeps the view in its links, and marks the broken dependency',
		() => withPage(async ({ page }) => {
			await gotoOk(page, '/plans/demo/roadmap');
			await page.locator('#f-branch').selectOption('AX1');
			await Promise.all([page.waitForNavigation(), page.locator('main form.filters button').press('Enter')]);
			assert.match(page.url(), /branch=AX1/, 'the filter is in the address');
			const bars = await page.locator('main svg#roadmap-chart g.gantt-bar title').allTextContents();
			assert.ok(bars.length > 3 && bars.every((t) => t.startsWith('AX1')), `only AX1's branch (${bars.join(' | ')})`);
			assert.ok(await page.locator('main svg#roadmap-chart .dependency.violated').count() >= 1,
				'the broken dependency is drawn as such');
			assert.equal(await page.locator('main a[href="/plans/demo/roadmap.svg?branch=AX1"]').count(), 1,
				'the SVG link keeps the filter');
			const svg = await (await page.request.get('/plans/demo/roadmap.svg?branch=AX1&level=Projet')).text();
			const titles = [...svg.matchAll(/<g class="gantt-bar[^"]*"><title>([^<]*)/g)].map((m) => m[1]);
			assert.ok(titles.length >= 2 && titles.every((t) => /^AX1\.A\d\.P\d /.test(t)),
				`roadmap.svg takes the same filters: projects of AX1 only (${titles.join(' | ')})`);
		}));
}

/* ---- the end: the server stops cleanly ---------------------------------------------------------- */

test('the server stops on SIGTERM with status 0 and no sanitizer report', async () => {
	await browser.close();
	browser = null;
	const { code, signal } = await server.stop();
	const { stderr } = server.output();
	assert.equal(code, 0, `jalon ui exits with 0 on SIGTERM (got ${code ?? signal})\nstderr: ${stderr}`);
	assert.doesNotMatch(stderr, /AddressSanitizer|LeakSanitizer|runtime error:/, 'no sanitizer report');
});
