/*
 * access_lib.mjs — what the access tests share (api_access_matrix, api_sessions): a
 * signed-in client of `jalon serve` with its own cookies, requests that never follow a
 * redirect, and the reading of a page's forms (so a test submits a form as the browser
 * would, with the fields the page gives and the session's CSRF token).
 */
import assert from 'node:assert/strict';

export const PASSWORD = 'password-of-12+';

/* The cookies of a Set-Cookie list, as name → value. */
function cookiesOf(headers) {
	const out = {};
	for (const c of headers.getSetCookie ? headers.getSetCookie() : []) {
		const m = c.match(/^([^=]+)=([^;]*)/);
		if (m) out[m[1]] = m[2];
	}
	return out;
}

/* A client: its cookies (kept from every answer), its CSRF token once signed in. */
export function client(server, name = 'anonyme') {
	const jar = {};
	const c = {
		name, jar, csrf: null,
		cookieHeader() {
			return Object.entries(jar).filter(([, v]) => v !== '').map(([k, v]) => `${k}=${v}`).join('; ');
		},
		/* One request; body: json (object), form (object: urlencoded), csv (text),
		 * multipart (FormData), or raw with type. Never follows redirects. */
		async request(method, path, { json, form, csv, multipart, raw, type, headers = {} } = {}) {
			const sent = { ...headers };
			const cookie = c.cookieHeader();
			if (cookie) sent.Cookie = cookie;
			let body;
			if (json !== undefined) { body = JSON.stringify(json); sent['Content-Type'] = 'application/json'; }
			else if (form !== undefined) {
				body = new URLSearchParams(form).toString();
				sent['Content-Type'] = 'application/x-www-form-urlencoded';
			} else if (csv !== undefined) { body = csv; sent['Content-Type'] = 'text/csv; charset=utf-8'; }
			else if (multipart !== undefined) body = multipart;
			else if (raw !== undefined) { body = raw; if (type) sent['Content-Type'] = type; }
			const r = await fetch(`${server.url}${path}`, { method, headers: sent, body, redirect: 'manual' });
			const got = cookiesOf(r.headers);
			for (const [k, v] of Object.entries(got)) {
				if (v === '') delete jar[k];
				else jar[k] = v;
			}
			const text = await r.text();
			const ct = r.headers.get('content-type') || '';
			const json_ = /json/.test(ct) && text ? JSON.parse(text) : undefined;
			return { status: r.status, headers: r.headers, text, json: json_, setCookies: r.headers.getSetCookie() };
		},
		/* Sign in through the API; the session's CSRF token kept. */
		async signIn(login, password = PASSWORD) {
			const r = await c.request('POST', '/api/v1/session', { json: { login, password } });
			assert.equal(r.status, 201, `${login} signs in (body: ${r.text})`);
			c.csrf = r.json.csrf;
			return r;
		},
		/* Sign in through the form: GET /login (its cookie, its hidden token), POST it. */
		async signInForm(login, password = PASSWORD, next = '/') {
			const page = await c.request('GET', '/login');
			assert.equal(page.status, 200, 'GET /login');
			const csrf = hiddenCsrf(page.text);
			const r = await c.request('POST', '/login', { form: { login, password, next, csrf } });
			return r;
		},
		/* The CSRF token a page's forms carry (the hidden field), from GET path. */
		async pageCsrf(path = '/') {
			const r = await c.request('GET', path);
			return hiddenCsrf(r.text);
		},
	};
	return c;
}

export function hiddenCsrf(html) {
	const m = html.match(/<input type="hidden" name="csrf" value="([0-9a-f]+)">/);
	return m ? m[1] : null;
}

const unescapeHtml = (s) => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<')
	.replace(/&gt;/g, '>').replace(/&amp;/g, '&');

const attr = (tag, name) => {
	const m = tag.match(new RegExp(`\\s${name}="([^"]*)"`));
	return m ? unescapeHtml(m[1]) : null;
};

/* The fields of the first form of html whose action is `action`: inputs (checked boxes
 * only), text areas and selects (the selected option, else the first), as a browser
 * would send them. Null when the page holds no such form. */
export function formFields(html, action) {
	const forms = html.match(/<form\b[^>]*>[\s\S]*?<\/form>/g) || [];
	const form = forms.find((f) => attr(f.match(/<form\b[^>]*>/)[0], 'action') === action);
	if (!form) return null;
	const fields = {};
	for (const tag of form.match(/<input\b[^>]*>/g) || []) {
		const name = attr(tag, 'name');
		const type = (attr(tag, 'type') || 'text').toLowerCase();
		if (!name || ['submit', 'button', 'file', 'reset', 'image'].includes(type)) continue;
		if ((type === 'checkbox' || type === 'radio') && !/\schecked\b/.test(tag)) continue;
		fields[name] = attr(tag, 'value') ?? (type === 'checkbox' ? 'on' : '');
	}
	for (const m of form.matchAll(/<textarea\b([^>]*)>([\s\S]*?)<\/textarea>/g)) {
		const name = attr(`<t${m[1]}>`, 'name');
		if (name) fields[name] = unescapeHtml(m[2].replace(/^\n/, ''));
	}
	for (const m of form.matchAll(/<select\b([^>]*)>([\s\S]*?)<\/select>/g)) {
		const name = attr(`<s${m[1]}>`, 'name');
		if (!name) continue;
		const options = [...m[2].matchAll(/<option\b([^>]*)>/g)].map((o) => o[1]);
		const chosen = options.find((o) => /\sselected\b/.test(o)) ?? options[0];
		if (chosen !== undefined) fields[name] = attr(`<o${chosen}>`, 'value') ?? '';
	}
	return fields;
}
