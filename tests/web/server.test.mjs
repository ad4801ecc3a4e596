/*
 * server.test.mjs — the HTTP server itself (src/web/server.c, the `ui` command):
 * malformed requests get a 4xx or a closed connection and never take the server
 * down; a stop signal lets a request in flight finish; the local interface refuses
 * a non-loopback address. Raw sockets to 127.0.0.1 only; Node's runner only.
 *
 * Environment: JALON (the binary), SOURCE_ROOT (the source tree), set by meson.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const SOURCE_ROOT = process.env.SOURCE_ROOT || resolve(here, '..', '..');
const JALON = resolve(process.env.JALON || join(SOURCE_ROOT, 'build-dev', 'jalon'));

function environment() {
	const env = { ...process.env, JALON_LANG: 'fr', LC_ALL: 'C.UTF-8' };
	for (const name of Object.keys(env)) if (/_proxy$/i.test(name)) delete env[name];
	return env;
}

/* A server on a fresh database with the demo plan; resolves to { port, proc, exited }. */
async function start() {
	const dir = mkdtempSync(join(tmpdir(), 'jalon-server-'));
	const db = join(dir, 'jalon.db');
	const env = environment();
	execFileSync(JALON, ['--db', db, 'init'], { env, stdio: 'pipe' });
	execFileSync(JALON, ['--db', db, 'import', join(SOURCE_ROOT, 'data', 'demo', 'plan.csv'),
		'--id', 'demo'], { env, stdio: 'pipe' });
	const proc = spawn(JALON, ['--db', db, 'ui', '--listen', '127.0.0.1:0'],
		{ env, stdio: ['ignore', 'pipe', 'pipe'] });
	let out = '';
	proc.stdout.setEncoding('utf8');
	const exited = new Promise((done) => proc.on('exit', (code, signal) => {
		rmSync(dir, { recursive: true, force: true });
		done({ code, signal });
	}));
	const port = await new Promise((done, fail) => {
		const timer = setTimeout(() => fail(new Error(`no address printed: ${out}`)), 10000);
		proc.stdout.on('data', (s) => {
			out += s;
			const m = out.match(/http:\/\/127\.0\.0\.1:(\d+)\//);
			if (m) { clearTimeout(timer); done(Number(m[1])); }
		});
	});
	return { port, proc, exited };
}

/* Send raw bytes, resolve to what came back before the server closed or `ms` passed. */
function raw(port, bytes, ms = 2000) {
	return new Promise((done) => {
		const socket = net.connect(port, '127.0.0.1');
		let reply = Buffer.alloc(0);
		const finish = () => { socket.destroy(); done(reply.toString('latin1')); };
		socket.setTimeout(ms, finish);
		socket.on('data', (d) => { reply = Buffer.concat([reply, d]); });
		socket.on('end', finish);
		socket.on('error', finish);
		socket.on('connect', () => socket.write(bytes));
	});
}

const statusOf = (reply) => (reply.match(/^HTTP\/1\.[01] (\d{3})/) || [])[1];

test('malformed requests get a 4xx or a closed connection, and the server stays up', async () => {
	const { port, proc, exited } = await start();
	try {
		const cases = [
			['garbage request line', 'GARBAGE\r\n\r\n', [undefined, '400']],
			['negative Content-Length', 'GET / HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n', ['400']],
			['broken chunked body', 'POST /import HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n', ['400']],
			['header over the memory limit', `GET / HTTP/1.1\r\nHost: x\r\nX-A: ${'b'.repeat(300000)}\r\n\r\n`, ['431', '413', '400']],
			['TLS handshake on plain HTTP', Buffer.from('16030100a5010000a10303', 'hex'), [undefined, '400']],
			['invalid UTF-8 in the path', 'GET /plans/%FF%FE HTTP/1.1\r\nHost: x\r\n\r\n', ['400']],
			['invalid UTF-8 in the query', 'GET /plans/demo?q=%C3%28 HTTP/1.1\r\nHost: x\r\n\r\n', ['400']],
			['invalid UTF-8 in a form', 'POST /plans/demo/settings HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 14\r\n\r\ntitle=%FF%FE%FD', ['400']],
			['unknown method', 'BREW / HTTP/1.1\r\nHost: x\r\n\r\n', ['405', '400', '501']],
		];
		for (const [label, bytes, expected] of cases) {
			const status = statusOf(await raw(port, bytes, 1500));
			assert.ok(expected.includes(status), `${label}: got ${status ?? 'no response'}, expected one of ${expected.join(', ')}`);
		}
		const alive = await raw(port, 'GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
		assert.equal(statusOf(alive), '200', 'the server still answers after all of them');
	} finally {
		proc.kill('SIGTERM');
		const { code } = await exited;
		assert.equal(code, 0, 'clean exit on SIGTERM');
	}
});

test('a stop signal lets a request in flight finish before the server exits', async () => {
	const { port, proc, exited } = await start();
	const body = 'csrf=x&title=' + 'a'.repeat(20000);
	const socket = net.connect(port, '127.0.0.1');
	let reply = '';
	socket.setEncoding('latin1');
	socket.on('data', (d) => { reply += d; });
	const closed = new Promise((done) => socket.on('close', done));
	await new Promise((done) => socket.on('connect', done));
	// Headers and half the body, then the signal, then the rest of the body.
	socket.write('POST /plans/demo/settings HTTP/1.1\r\nHost: x\r\nConnection: close\r\n' +
		'Content-Type: application/x-www-form-urlencoded\r\n' +
		`Content-Length: ${body.length}\r\n\r\n` + body.slice(0, 10000));
	await new Promise((done) => setTimeout(done, 300));
	proc.kill('SIGTERM');
	await new Promise((done) => setTimeout(done, 300));
	socket.end(body.slice(10000));
	await closed;
	// No CSRF cookie: the complete answer to this request is the 403 refusal.
	assert.equal(statusOf(reply), '403', `the request in flight got its full answer: ${reply.slice(0, 80)}`);
	assert.match(reply, /<\/html>\s*$/, 'the whole page arrived');
	const { code } = await exited;
	assert.equal(code, 0, 'then the server exited cleanly');
});

test('the local interface refuses a non-loopback address', () => {
	for (const address of ['0.0.0.0:8080', '192.0.2.1:8080', '[::]:8080']) {
		const r = spawnSync(JALON, ['--db', '/nonexistent/never-opened.db', 'ui', '--listen', address],
			{ env: environment(), encoding: 'utf8' });
		assert.equal(r.status, 2, `${address}: usage error`);
		assert.match(r.stderr, /n'est pas une adresse locale/, `${address}: says why`);
	}
});
