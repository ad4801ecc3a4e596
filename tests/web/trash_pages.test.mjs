/*
 * trash_pages.test.mjs — the plan's trash in the browser (src/web/pages_trash.c), in
 * Debian's Chromium driven by Playwright:
 * - the plan's page links to its trash, empty at first;
 * - an element deleted from its sheet (the confirmation says the branch goes to the
 *   trash and can be restored) is listed there with its branch's size and its parent;
 * - a restore refused while a code of the branch is taken answers 409 with the reason
 *   in an alert, nothing changed; once the code is free, "Restaurer" puts the branch
 *   back and opens the element's sheet, its children there again;
 * - "Vider la corbeille" empties it for good; a POST without its CSRF field is 403;
 * - axe-core (WCAG 2.1 A and AA) on the trash page, empty, listing and refusing.
 *
 * One server (tests/web/lib.mjs: the demo and regional plans, `jalon ui` with every
 * right); the tests run in order and build on each other.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import {
	apiRequest, axeCheck, closeBrowserAndServer, gotoOk, launchBrowser, mainText, startServer,
	submitOk, withSession,
} from './lib.mjs';

let server;
let browser;

before(async () => {
	server = await startServer();
	browser = await launchBrowser();
});

after(() => closeBrowserAndServer(browser, server));

const withPage = (fn, options) => withSession(browser, server, fn, options);
const api = (method, path, options) => apiRequest(server, method, path, options);

const CODE = 'AX1.A1.P1';
let element; // the deleted element, as the API gave it
let children; // its children's codes

test('the plan links to its trash, empty at first', () => withPage(async ({ page }) => {
	await gotoOk(page, '/plans/demo');
	await submitOk(page, page.getByRole('link', { name: 'Corbeille', exact: true }));
	assert.equal(new URL(page.url()).pathname, '/plans/demo/trash');
	assert.match(await page.locator('h1').textContent(), /Corbeille/);
	assert.match(await mainText(page), /La corbeille est vide\./);
	await axeCheck(page, 'trash, empty');
}));

test('an element deleted from its sheet goes to the trash', () => withPage(async ({ page }) => {
	const elements = (await api('GET', '/api/v1/plans/demo/elements')).json;
	element = elements.find((e) => e.code === CODE);
	children = elements.filter((e) => e.parent === CODE).map((e) => e.code);
	assert.ok(element && children.length > 0, 'the demo element and its children');
	await gotoOk(page, `/plans/demo/elements/${element.id}/delete`);
	assert.match(await mainText(page), /corbeille du plan, d'où elle peut être restaurée/);
	await submitOk(page, page.locator('main form[method="post" i] button[type="submit"]'));
	assert.equal(new URL(page.url()).pathname, '/plans/demo');

	await gotoOk(page, '/plans/demo/trash');
	const row = page.locator('main table tbody tr');
	assert.equal(await row.count(), 1);
	const text = (await row.textContent()).replace(/\s+/g, ' ');
	assert.ok(text.includes(CODE), `the row names the element: ${text}`);
	assert.ok(text.includes(`${children.length + 1} éléments`), `the branch's size: ${text}`);
	assert.ok(text.includes('AX1.A1'), `its parent: ${text}`);
	assert.match(text, /\d\d\/\d\d\/\d{4} \d\d:\d\d/, `when: ${text}`);
	await axeCheck(page, 'trash, one entry');
}));

test('a restore refused while a code is taken says why and changes nothing', () => withPage(async ({ page }) => {
	const taken = (await api('POST', '/api/v1/plans/demo/elements', { body: { code: children[0],
		parent: 'AX2', level: 'Action', title: 'Code repris' } })).json;
	assert.ok(taken.id, 'an element takes a code of the branch');
	await gotoOk(page, '/plans/demo/trash');
	await submitOk(page, page.getByRole('button', { name: `Restaurer ${CODE}`, exact: true }), { status: 409 });
	const alert = page.getByRole('alert');
	assert.match(await alert.textContent(), new RegExp(`le code « ${children[0].replace(/\./g, '\\.')} »`));
	assert.equal(await page.locator('main table tbody tr').count(), 1, 'the entry stays');
	assert.equal((await api('GET', `/api/v1/plans/demo/elements/${element.id}`)).status, 404,
		'nothing restored');
	await axeCheck(page, 'trash, restore refused');
	assert.equal((await api('DELETE', `/api/v1/plans/demo/elements/${taken.id}`)).status, 204);
}));

test('"Restaurer" puts the branch back and opens its sheet', () => withPage(async ({ page }) => {
	await gotoOk(page, '/plans/demo/trash');
	assert.equal(await page.locator('main table tbody tr').count(), 2, 'two deleted branches');
	await submitOk(page, page.getByRole('button', { name: `Restaurer ${CODE}`, exact: true }));
	assert.equal(new URL(page.url()).pathname, `/plans/demo/elements/${element.id}`);
	const text = await mainText(page);
	assert.ok(text.includes(element.title), 'the sheet of the restored element');
	for (const code of children)
		assert.ok(text.includes(code), `its child ${code} is back`);
	await gotoOk(page, '/plans/demo/trash');
	assert.equal(await page.locator('main table tbody tr').count(), 1, 'only the other is left');
}));

test('a POST without its CSRF token is refused', () => withPage(async ({ page }) => {
	const r = await page.request.post(`${server.url}/plans/demo/trash/empty`, { form: {},
		maxRedirects: 0 });
	assert.equal(r.status(), 403);
	assert.equal((await api('GET', '/api/v1/plans/demo/trash')).json.entries.length, 1);
}));

test('"Vider la corbeille" empties it for good', () => withPage(async ({ page }) => {
	await gotoOk(page, '/plans/demo/trash');
	await submitOk(page, page.getByRole('button', { name: 'Vider la corbeille' }));
	assert.equal(new URL(page.url()).pathname, '/plans/demo/trash');
	assert.match(await page.locator('.notice').textContent(), /Corbeille vidée/);
	assert.match(await mainText(page), /La corbeille est vide\./);
	assert.equal(await page.getByRole('button', { name: 'Vider la corbeille' }).count(), 0);
}));
