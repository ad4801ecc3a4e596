/*
 * lib.mjs — what the browser tests share: a jalon server on a temporary database
 * holding two plans, Debian's Chromium driven by Playwright, an axe-core check, and
 * helpers that make a missing page (501) or a failed request fail with a clear message.
 *
 * Everything stays on 127.0.0.1: Chromium runs with no proxy and no background
 * networking, and the only address it is sent to is the server started here.
 *
 * Environment: JALON (the binary; default build-dev/jalon), SOURCE_ROOT (the source
 * tree; default two folders up), JALON_LANG and LC_ALL (passed on to the server).
 */
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { test } from 'node:test';

/* Installed by scripts/install-deps.sh (npm ci in tests/web): say so when missing. */
let chromium;
try {
	({ chromium } = await import('playwright-core'));
} catch (e) {
	throw new Error(`playwright-core is not installed in tests/web (${e.code || e.message}): ` +
		'run scripts/install-deps.sh, or npm ci in tests/web');
}

const here = dirname(fileURLToPath(import.meta.url));
export const SOURCE_ROOT = process.env.SOURCE_ROOT || resolve(here, '..', '..');
export const JALON = process.env.JALON || join(SOURCE_ROOT, 'build-dev', 'jalon');
export const CHROMIUM = '/usr/bin/chromium';

/* The server's environment: the caller's, without any proxy setting, so that nothing
 * the server or a helper starts could send loopback traffic through a proxy. */
function cleanEnvironment() {
	const env = { ...process.env };
	for (const name of Object.keys(env))
		if (/_proxy$/i.test(name)) delete env[name];
	env.NO_PROXY = env.no_proxy = '127.0.0.1,localhost';
	env.JALON_LANG = process.env.JALON_LANG || 'fr';
	env.LC_ALL = process.env.LC_ALL || 'C.UTF-8';
	return env;
}

/* For a test file whose server draws PDFs: the LeakSanitizer options of tests/lsan.supp
 * (fontconfig's own leak, told apart only by full stacks), for the servers it starts. */
export function allowFontconfigLeaks() {
	const asan = process.env.ASAN_OPTIONS;
	process.env.ASAN_OPTIONS = `${asan ? `${asan}:` : ''}fast_unwind_on_malloc=0`;
	process.env.LSAN_OPTIONS = `suppressions=${join(SOURCE_ROOT, 'tests', 'lsan.supp')}`;
}

/* ---- the server ------------------------------------------------------------------ */

/* Start `jalon ui` on a fresh database holding the demo plan (id demo) and the
 * regional plan (id region). Resolves once the server has printed its address. */
export async function startServer() {
	assert.ok(existsSync(JALON), `jalon binary not found at ${JALON} (set JALON)`);
	const dir = mkdtempSync(join(tmpdir(), 'jalon-web-'));
	const db = join(dir, 'jalon.db');
	const env = cleanEnvironment();
	const run = (...args) => execFileSync(JALON, ['--db', db, ...args], { env, cwd: dir, stdio: 'pipe' });
	try {
		run('init');
		run('import', join(SOURCE_ROOT, 'data', 'demo', 'plan.csv'), '--id', 'demo');
		run('import', join(SOURCE_ROOT, 'tests', 'data', 'regional.csv'), '--id', 'region');
	} catch (e) {
		rmSync(dir, { recursive: true, force: true });
		throw new Error(`preparing the test database failed: ${e.message}\n${e.stderr || ''}`);
	}

	return spawnServer(db, dir, env, ['ui', '--listen', '127.0.0.1:0']);
}

/* Start `jalon serve` (accounts mode) on a fresh database prepared by setup(run, dir):
 * run(...args) runs `jalon --db DB …` (input: text given on stdin, for passwords), dir is
 * the database's folder. serveArgs go after `serve --listen 127.0.0.1:0`; by default
 * --insecure-cookies, so that the session cookie works over plain http. Same answer as
 * startServer, plus run (for commands while it serves). */
export async function startServe({ setup, serveArgs = ['--insecure-cookies'] } = {}) {
	assert.ok(existsSync(JALON), `jalon binary not found at ${JALON} (set JALON)`);
	const dir = mkdtempSync(join(tmpdir(), 'jalon-serve-'));
	const db = join(dir, 'jalon.db');
	const env = cleanEnvironment();
	const run = (...args) => {
		let input;
		if (args.length && typeof args[args.length - 1] === 'object') ({ input } = args.pop());
		return execFileSync(JALON, ['--db', db, ...args], { env, cwd: dir, input,
			stdio: 'pipe' }).toString();
	};
	try {
		run('init');
		if (setup) await setup(run, dir);
	} catch (e) {
		rmSync(dir, { recursive: true, force: true });
		throw new Error(`preparing the test database failed: ${e.message}\n${e.stderr || ''}`);
	}
	return { ...(await spawnServer(db, dir, env, ['serve', '--listen', '127.0.0.1:0', ...serveArgs])), run };
}

/* Start `jalon --db db <args>` and resolve once it has printed its address. */
async function spawnServer(db, dir, env, args) {
	const proc = spawn(JALON, ['--db', db, ...args],
		{ env, cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
	let stdout = '', stderr = '';
	proc.stdout.setEncoding('utf8');
	proc.stderr.setEncoding('utf8');
	proc.stderr.on('data', (s) => { stderr += s; });
	const exited = new Promise((resolve) => proc.on('exit', (code, signal) => resolve({ code, signal })));
	const url = await new Promise((resolve, reject) => {
		proc.on('error', reject);
		const timer = setTimeout(() => reject(new Error(
			`jalon ${args[0]} did not print its address within 10 s\nstdout: ${stdout}\nstderr: ${stderr}`)), 10000);
		proc.stdout.on('data', (s) => {
			stdout += s;
			const m = stdout.match(/http:\/\/127\.0\.0\.1:(\d+)\//);
			if (m) {
				clearTimeout(timer);
				resolve(`http://127.0.0.1:${m[1]}`);
			}
		});
		exited.then(({ code, signal }) => {
			clearTimeout(timer);
			reject(new Error(`jalon ${args[0]} exited early (${code ?? signal})\nstdout: ${stdout}\nstderr: ${stderr}`));
		});
	}).catch((e) => {
		proc.kill('SIGKILL');
		rmSync(dir, { recursive: true, force: true });
		throw e;
	});
	let stopped = null;
	return {
		url, dir, db, proc,
		output: () => ({ stdout, stderr }),
		/* SIGTERM, then the exit status (a number, or the signal's name). Idempotent. */
		async stop() {
			if (!stopped) {
				stopped = (async () => {
					if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
					const timeout = new Promise((resolve) => setTimeout(() => resolve(null), 10000));
					const result = await Promise.race([exited, timeout]);
					if (!result) {
						proc.kill('SIGKILL');
						await exited;
						return { code: null, signal: 'did not stop within 10 s of SIGTERM (killed)' };
					}
					return result;
				})();
			}
			return stopped;
		},
		remove() { rmSync(dir, { recursive: true, force: true }); },
	};
}

/* ---- the browser -------------------------------------------------------------------- */

/* Debian's Chromium, headless, no proxy, nothing in the background. Playwright gives
 * every launch a new empty profile (user data directory) and removes it on close. */
export async function launchBrowser() {
	assert.ok(existsSync(CHROMIUM), `${CHROMIUM} not found: run scripts/install-deps.sh`);
	return chromium.launch({
		executablePath: CHROMIUM,
		headless: true,
		args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
			'--disable-background-networking', '--disable-component-update', '--disable-sync',
			'--no-proxy-server'],
	});
}

/* A new browser context (own cookies) and page on the server. Every dialog fails the
 * test that opened the page (a dialog means a script ran that should not have), and
 * so do page errors and Content-Security-Policy violations, collected in `problems`.
 * bypassCSP: ignore the pages' Content-Security-Policy, for tests of escaping that the
 * CSP would otherwise hide. */
export async function openPage(browser, server, { lang, bypassCSP = false } = {}) {
	const context = await browser.newContext({ baseURL: server.url, locale: 'fr-FR', bypassCSP });
	context.setDefaultTimeout(15000);
	context.setDefaultNavigationTimeout(20000);
	const problems = [];
	// Never let the browser reach anything but the server under test.
	await context.route(/.*/, (route) => {
		const u = new URL(route.request().url());
		if (u.origin === server.url) return route.continue();
		problems.push(`request outside the server blocked: ${route.request().url()}`);
		return route.abort();
	});
	const watch = (page) => {
		page.on('dialog', async (d) => {
			problems.push(`a ${d.type()} dialog opened: ${JSON.stringify(d.message())}`);
			await d.dismiss().catch(() => {});
		});
		page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
		page.on('console', (m) => {
			if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text()))
				problems.push(`CSP violation: ${m.text()}`);
		});
	};
	context.on('page', watch);
	const page = await context.newPage();
	if (lang) await gotoOk(page, `/?lang=${lang}`);
	return {
		context, page, problems,
		async newPage() { return context.newPage(); },
		/* Fail when a dialog, page error or CSP violation happened; close the context. */
		async close() {
			await context.close();
			assert.deepEqual(problems, [], 'no dialog, page error or CSP violation');
		},
	};
}

/* A clear message for a page that answered the wrong status. */
async function statusMessage(response, what, expected) {
	const status = response ? response.status() : 'no response';
	if (status === 501)
		return `${what}: page not implemented yet (501 Not implemented)`;
	let h1 = '';
	try {
		const body = await response.text();
		h1 = (body.match(/<h1>([\s\S]*?)<\/h1>/) || [])[1] || '';
	} catch { /* redirected or no body */ }
	return `${what}: status ${status}, expected ${expected}${h1 ? ` (page says: ${h1})` : ''}`;
}

/* Go to path; fail clearly unless the status is `status` (default 200). */
export async function gotoOk(page, path, { status = 200 } = {}) {
	const response = await page.goto(path);
	if (!response || response.status() !== status)
		assert.fail(await statusMessage(response, `GET ${path}`, status));
	return response;
}

/* Click something that submits a form or follows a link, wait for the new page, and
 * fail clearly unless its final status is `status` (default 200, after redirects). */
export async function submitOk(page, locator, { status = 200, what } = {}) {
	const [response] = await Promise.all([page.waitForNavigation(), locator.click()]);
	if (!response || response.status() !== status) {
		const request = response ? response.request() : null;
		const label = what || (request ? `${request.method()} ${new URL(request.url()).pathname}` : 'submit');
		assert.fail(await statusMessage(response, label, status));
	}
	return response;
}

/* ---- accessibility ---------------------------------------------------------------------- */

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'); // installed with playwright-core
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/* Run axe-core on the page as it is now (WCAG 2.1 A and AA rules) and fail with every
 * violation's id, help and target nodes. The pages' CSP forbids inline scripts, so
 * axe is evaluated through the DevTools protocol (page.evaluate), which CSP does not
 * govern, rather than added as a <script> element. */
export async function axeCheck(page, label) {
	const loaded = await page.evaluate(() => typeof window.axe === 'object');
	if (!loaded) await page.evaluate(`${axeSource}\n;void 0`);
	const results = await page.evaluate(async (tags) => {
		const r = await window.axe.run(document, { runOnly: { type: 'tag', values: tags } });
		return r.violations.map((v) => ({
			id: v.id, impact: v.impact, help: v.help,
			nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary })),
		}));
	}, AXE_TAGS);
	if (results.length) {
		const lines = [`${label} (${page.url()}): ${results.length} axe violation(s)`];
		for (const v of results) {
			lines.push(`  ${v.id} [${v.impact}] ${v.help}`);
			for (const n of v.nodes) lines.push(`    at ${n.target}${n.summary ? `: ${n.summary.replace(/\s+/g, ' ')}` : ''}`);
		}
		assert.fail(lines.join('\n'));
	}
}

/* ---- reading pages ------------------------------------------------------------------------ */

/* The visible-or-not text of <main>, whitespace folded: what a user can read there,
 * collapsed tree branches included. */
export async function mainText(page) {
	const t = await page.locator('main').textContent();
	return (t || '').replace(/\s+/g, ' ');
}

/* A CSV file for an <input type=file>. */
export function csvFile(name, text) {
	return { name, mimeType: 'text/csv', buffer: Buffer.from(text, 'utf8') };
}

/* ---- what the test files share ------------------------------------------------------------ */

/* Stop the file's server, remove its folder, and fail unless it stopped with status 0. */
export async function stopServer(server) {
	const { code, signal } = await server.stop();
	server.remove();
	assert.equal(code, 0, `the server stops with status 0 (${signal ?? ''})`);
}

/* The end of a browser test file: the browser closed, the server stopped cleanly. */
export async function closeBrowserAndServer(browser, server) {
	if (browser) await browser.close().catch(() => {});
	if (server) await stopServer(server);
}

/* One API request; body: an object (sent as JSON) or a string or bytes (sent as is,
 * with type). The answer's status, headers, text and JSON (when it says JSON). */
export async function apiRequest(server, method, path, { body, type, headers = {} } = {}) {
	const sent = { ...headers };
	let payload = body;
	if (body !== undefined && typeof body === 'object' && !(body instanceof Uint8Array)) {
		payload = JSON.stringify(body);
		type ??= 'application/json';
	}
	if (type) sent['Content-Type'] = type;
	const response = await fetch(`${server.url}${path}`, { method, headers: sent, body: payload });
	const text = await response.text();
	const contentType = response.headers.get('content-type') || '';
	const json = /json/.test(contentType) && text ? JSON.parse(text) : undefined;
	return { status: response.status, headers: response.headers, text, json };
}

/* A JSON answer of apiRequest with this status; returns its document. */
export function assertOk(r, status, what) {
	assert.equal(r.status, status, `${what}: status (body: ${r.text})`);
	assert.equal(r.headers.get('content-type'), 'application/json', `${what}: content type`);
	return r.json;
}

/* A whole problem document (RFC 9457) with this status: type, title and detail; returns
 * it. */
export function assertProblem(r, status, what) {
	assert.equal(r.status, status, `${what}: status (body: ${r.text})`);
	assert.equal(r.headers.get('content-type'), 'application/problem+json', `${what}: content type`);
	assert.equal(r.json.type, 'about:blank');
	assert.equal(r.json.status, status);
	assert.ok(typeof r.json.title === 'string' && r.json.title.length > 0, `${what}: title`);
	assert.ok(typeof r.json.detail === 'string' && r.json.detail.length > 0, `${what}: detail`);
	return r.json;
}

/* Run fn with a new page session (openPage); its problems fail the test, and a failed
 * test still closes its context. */
export async function withSession(browser, server, fn, options = {}) {
	const session = await openPage(browser, server, options);
	let failed = true;
	try {
		await fn(session);
		failed = false;
	} finally {
		if (failed) await session.context.close().catch(() => {});
		else await session.close();
	}
}

/* Tests grouped by a prefix of their names, not by describe(): node's TAP prints a
 * describe() as nested subtests, which meson does not read and the summary would count
 * twice. A block shadows test() with group(its prefix). */
export const group = (prefix) => (name, fn) => test(`${prefix}: ${name}`, fn);

/* s as a regular expression matching itself. */
export function escapeRegExp(s) {
	return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/* Text with every run of spaces (no-break and narrow no-break ones too) as one space. */
export const fold = (t) => (t || '').replace(/[\s\u00a0\u202f]+/g, ' ').trim();

/* Dates around today, in the server's calendar (the same machine's): ISO and French. */
export function day(offset) {
	const d = new Date();
	d.setDate(d.getDate() + offset);
	const p = (n) => String(n).padStart(2, '0');
	return { iso: `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`,
		fr: `${p(d.getDate())}/${p(d.getMonth() + 1)}/${d.getFullYear()}` };
}

/* path with ?lang=xx (or &lang=xx) when lang is given. */
export function withLang(path, lang) {
	if (!lang) return path;
	return `${path}${path.includes('?') ? '&' : '?'}lang=${lang}`;
}
