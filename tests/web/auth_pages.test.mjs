/*
 * auth_pages.test.mjs — signing in and out of `jalon serve` in the browser
 * (src/web/auth.c), in Debian's Chromium driven by Playwright:
 * - a page out of reach sends to the sign-in page, the way back kept in ?next=;
 * - signing in with the keyboard only (Tab to each field, type, Enter): a wrong password
 *   answers 401 with the error announced (role=alert), focusable, tied to the login
 *   field (aria-describedby, aria-invalid) and the login typed kept; the right one
 *   leads back to `next`;
 * - the header then names the person (a link to their account) and has a sign-out
 *   button; the account page lists the roles;
 * - the password form's errors (wrong current password, two different new ones, too
 *   short), each next to its field in an error summary; then a change that works;
 * - signing out: back to the sign-in page, and the plan out of reach again;
 * - axe-core (WCAG 2.1 A and AA) on the sign-in page (blank and in error), the account
 *   page (plain, in error, after the change).
 *
 * The server runs with --insecure-cookies: Chromium keeps a cookie without Secure over
 * plain http.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import {
	axeCheck, closeBrowserAndServer, fold, gotoOk, launchBrowser, mainText, SOURCE_ROOT, startServe,
	withSession,
} from './lib.mjs';

const PASSWORD = 'password-of-12+';
const NEW_PASSWORD = 'another-long-passphrase';

let server;
let browser;

before(async () => {
	server = await startServe({ setup: (run) => {
		run('organisation-add', 'Université A');
		run('import', join(SOURCE_ROOT, 'data', 'demo', 'plan.csv'), '--id', 'pa', '--organisation', 'Université A');
		run('user', 'add', 'claire', '--name', 'Claire Dubois', '--role', 'porteur', '--organisation', 'Université A',
			'--label', 'DSI – pôle usages et pédagogie numérique', { input: `${PASSWORD}\n` });
	} });
	browser = await launchBrowser();
});

after(() => closeBrowserAndServer(browser, server));

const withPage = (fn) => withSession(browser, server, fn);

/* Press Tab until the element of that id has the focus (at most 30 times). */
async function tabTo(page, id) {
	for (let i = 0; i < 30; i++) {
		await page.keyboard.press('Tab');
		if (await page.evaluate(() => document.activeElement && document.activeElement.id) === id) return;
	}
	assert.fail(`#${id} is not reached with the Tab key`);
}

/* Sign in from the page the browser is on (the sign-in page) with the keyboard only. */
async function signInByKeyboard(page, login, password) {
	await tabTo(page, 'login');
	await page.keyboard.press('Control+A');
	await page.keyboard.type(login);
	await tabTo(page, 'password');
	await page.keyboard.type(password);
	const [response] = await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
	return response;
}

test('a page out of reach sends to the sign-in page, which passes axe', () => withPage(async ({ page }) => {
	const response = await page.goto('/plans/pa');
	assert.equal(response.status(), 200);
	const url = new URL(page.url());
	assert.equal(url.pathname, '/login');
	assert.equal(url.searchParams.get('next'), '/plans/pa');
	assert.equal(await page.locator('h1').textContent(), 'Connexion');
	assert.equal(await page.locator('input[name="next"]').inputValue(), '/plans/pa');
	assert.match(await page.locator('header').textContent(), /Se connecter/);
	await axeCheck(page, 'sign-in page');
}));

test('keyboard only: a wrong password is announced, then the right one leads back to next', () => withPage(async ({ page }) => {
	await gotoOk(page, '/login?next=%2Fplans%2Fpa%2Fdashboard');
	const wrong = await signInByKeyboard(page, 'claire', 'not-the-right-one');
	assert.equal(wrong.status(), 401, 'a wrong password answers 401');
	const alert = page.getByRole('alert');
	assert.equal(await alert.count(), 1, 'one alert');
	assert.match(await alert.textContent(), /identifiant ou mot de passe incorrect/);
	await alert.focus();
	assert.equal(await page.evaluate(() => document.activeElement.id), 'login-error', 'the error can take the focus');
	assert.equal(await page.locator('#login').getAttribute('aria-describedby'), 'login-error');
	assert.equal(await page.locator('#login').getAttribute('aria-invalid'), 'true');
	assert.equal(await page.locator('#login').inputValue(), 'claire', 'the login typed is kept');
	assert.equal(await page.locator('#password').inputValue(), '', 'the password is not sent back');
	assert.equal(await page.locator('input[name="next"]').inputValue(), '/plans/pa/dashboard', 'next is kept');
	await axeCheck(page, 'sign-in page with an error');

	const right = await signInByKeyboard(page, 'claire', PASSWORD);
	assert.equal(right.status(), 200);
	assert.equal(new URL(page.url()).pathname, '/plans/pa/dashboard', 'back to next');
	const header = page.locator('header');
	assert.equal(fold(await header.getByRole('link', { name: 'Claire Dubois' }).getAttribute('href')), '/account');
	assert.equal(await header.getByRole('button', { name: 'Se déconnecter' }).count(), 1);
	assert.equal(await header.getByRole('link', { name: 'Se connecter' }).count(), 0);
}));

test('next outside the site is ignored', () => withPage(async ({ page }) => {
	await gotoOk(page, '/login?next=%2F%2Fevil.example%2F');
	assert.equal(await page.locator('input[name="next"]').inputValue(), '/');
	await signInByKeyboard(page, 'claire', PASSWORD);
	const url = new URL(page.url());
	assert.equal(url.origin, server.url);
	assert.equal(url.pathname, '/');
}));

test('the account page passes axe; the password form shows its errors, then changes it', () => withPage(async ({ page }) => {
	await gotoOk(page, '/login');
	await signInByKeyboard(page, 'claire', PASSWORD);
	await page.locator('header').getByRole('link', { name: 'Claire Dubois' }).click();
	await page.waitForURL('**/account');
	assert.match(await mainText(page), /claire/);
	assert.match(await mainText(page), /Porteur/i);
	assert.match(await mainText(page), /Université A/);
	assert.match(await mainText(page), /DSI – pôle usages et pédagogie numérique/);
	await axeCheck(page, 'account page');

	const submit = async (current, password, confirm) => {
		await page.fill('#current', current);
		await page.fill('#password', password);
		await page.fill('#confirm', confirm);
		const [response] = await Promise.all([page.waitForNavigation(),
			page.getByRole('button', { name: 'Changer' }).click()]);
		return response;
	};
	// Wrong current password.
	let r = await submit('not-the-password', NEW_PASSWORD, NEW_PASSWORD);
	assert.equal(r.status(), 422);
	let summary = page.getByRole('alert');
	assert.match(await summary.textContent(), /mot de passe actuel n'est pas le bon/);
	assert.equal(await summary.locator('a[href="#current"]').count(), 1, 'the error links to its field');
	await axeCheck(page, 'account page, wrong current password');
	// Two different new passwords.
	r = await submit(PASSWORD, NEW_PASSWORD, `${NEW_PASSWORD}x`);
	assert.equal(r.status(), 422);
	summary = page.getByRole('alert');
	assert.match(await summary.textContent(), /diffèrent/);
	assert.equal(await summary.locator('a[href="#confirm"]').count(), 1);
	// Too short (the browser's own check is bypassed: the server must refuse too).
	await page.locator('#password').evaluate((e) => e.removeAttribute('minlength'));
	r = await submit(PASSWORD, 'short', 'short');
	assert.equal(r.status(), 422);
	assert.equal(await page.getByRole('alert').locator('a[href="#password"]').count(), 1, 'too short, next to the field');
	// And a change that works: still signed in, a notice says so.
	r = await submit(PASSWORD, NEW_PASSWORD, NEW_PASSWORD);
	assert.equal(r.status(), 200);
	assert.equal(new URL(page.url()).pathname, '/account');
	assert.match(await mainText(page), /Mot de passe changé/);
	await axeCheck(page, 'account page after the change');
	// Put the password back for the other tests.
	r = await submit(NEW_PASSWORD, PASSWORD, PASSWORD);
	assert.equal(r.status(), 200);
}));

test('signing out goes back to the sign-in page; the plan is out of reach again', () => withPage(async ({ page }) => {
	await gotoOk(page, '/login?next=%2Fplans%2Fpa');
	await signInByKeyboard(page, 'claire', PASSWORD);
	assert.equal(new URL(page.url()).pathname, '/plans/pa');
	// The sign-out button with the keyboard too.
	await page.locator('header').getByRole('button', { name: 'Se déconnecter' }).focus();
	const [response] = await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
	assert.equal(response.status(), 200);
	assert.equal(new URL(page.url()).pathname, '/login');
	const cookies = await page.context().cookies();
	assert.ok(!cookies.some((c) => c.name === 'jalon_session' && c.value), 'no session cookie left');
	await page.goto('/plans/pa');
	assert.equal(new URL(page.url()).pathname, '/login', 'the plan asks to sign in again');
	await page.goto('/account');
	assert.equal(new URL(page.url()).pathname, '/login', 'so does the account page');
}));
