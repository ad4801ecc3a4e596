/*
 * api_consolidated.test.mjs — the consolidated view across all organisations (issue 8):
 * GET /api/v1/consolidated gives, per organisation as a tree (an organisation's
 * figures include those under it), the plans' elements, budget, milestones and
 * weather, and a total that is the sum of each plan's own figures counted here with
 * sqlite3; a change through the API, and a write behind the server's back, show at the
 * next view; GET /consolidated is a table; the home page links to it.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, test } from 'node:test';

import { apiRequest, assertOk, fold, startServer, stopServer } from './lib.mjs';

let server;
const TODAY = '2026-01-15';
const sql = (q) => execFileSync('sqlite3', [server.db, q], { encoding: 'utf8' }).trim();

before(async () => {
	server = await startServer();
	/* Two organisations, one under the other; a few milestones, lines and weathers. */
	sql(`
		INSERT INTO organisation (name, kind) VALUES ('Région test', 'region');
		INSERT INTO organisation (name, kind, parent_id)
			SELECT 'Université test', 'universite', id FROM organisation WHERE name = 'Région test';
		UPDATE plan SET organisation_id = (SELECT id FROM organisation WHERE name = 'Université test')
			WHERE slug = 'demo';
		UPDATE plan SET organisation_id = (SELECT id FROM organisation WHERE name = 'Région test')
			WHERE slug = 'region';
		INSERT INTO milestone (element_id, position, title, planned_on, forecast_on, actual_on, status)
			SELECT id, 1, 'Atteint', '2025-03-01', NULL, '2025-03-02', 'atteint' FROM element
			WHERE plan_id = (SELECT id FROM plan WHERE slug = 'demo') ORDER BY position LIMIT 3;
		INSERT INTO milestone (element_id, position, title, planned_on, forecast_on, status)
			SELECT id, 2, 'En retard', '2025-06-01', NULL, 'a-venir' FROM element
			WHERE plan_id = (SELECT id FROM plan WHERE slug = 'demo') ORDER BY position LIMIT 2;
		INSERT INTO milestone (element_id, position, title, planned_on, forecast_on, status)
			SELECT id, 3, 'Prévision passée', '2026-09-01', '2025-12-01', 'a-venir' FROM element
			WHERE plan_id = (SELECT id FROM plan WHERE slug = 'region') ORDER BY position LIMIT 4;
		INSERT INTO milestone (element_id, position, title, planned_on, status)
			SELECT id, 4, 'À venir', '2026-09-01', 'a-venir' FROM element
			WHERE plan_id = (SELECT id FROM plan WHERE slug = 'region') ORDER BY position LIMIT 5;
		INSERT INTO budget_line (element_id, year, nature, source, planned_cents, committed_cents, paid_cents)
			SELECT id, 2025, 'investissement', 'État', 1000000 + id, 50000, 20000 FROM element
			WHERE plan_id = (SELECT id FROM plan WHERE slug = 'demo') ORDER BY position LIMIT 4;
		INSERT INTO budget_line (element_id, year, nature, source, planned_cents, committed_cents, paid_cents)
			SELECT id, 2026, 'fonctionnement', 'Région', 700000, 300000, 0 FROM element
			WHERE plan_id = (SELECT id FROM plan WHERE slug = 'region') ORDER BY position LIMIT 3;
		INSERT INTO element_status (element_id, weather)
			SELECT id, CASE id % 3 WHEN 0 THEN 'soleil' WHEN 1 THEN 'nuage' ELSE 'orage' END FROM element
			WHERE position < 6;
	`);
});
after(async () => { await stopServer(server); });

/* A plan's own figures, counted with sqlite3 (subqueries, not the server's joins). */
function planFigures(slug) {
	const el = `(SELECT e.id FROM element e JOIN plan p ON p.id = e.plan_id WHERE p.slug = '${slug}')`;
	const n = (q) => Number(sql(q));
	return {
		plan_count: 1,
		element_count: n(`SELECT count(*) FROM element WHERE id IN ${el}`),
		budget: {
			planned_cents: n(`SELECT total(planned_cents) FROM budget_line WHERE element_id IN ${el}`),
			committed_cents: n(`SELECT total(committed_cents) FROM budget_line WHERE element_id IN ${el}`),
			paid_cents: n(`SELECT total(paid_cents) FROM budget_line WHERE element_id IN ${el}`),
		},
		milestones: {
			total: n(`SELECT count(*) FROM milestone WHERE element_id IN ${el}`),
			reached: n(`SELECT count(*) FROM milestone WHERE element_id IN ${el} AND status = 'atteint'`),
			late: n(`SELECT count(*) FROM milestone WHERE element_id IN ${el} AND status = 'a-venir'
				AND coalesce(forecast_on, planned_on) < '${TODAY}'`),
		},
		weather: Object.fromEntries(['soleil', 'nuage', 'orage'].map((w) =>
			[w, n(`SELECT count(*) FROM element_status WHERE element_id IN ${el} AND weather = '${w}'`)])),
	};
}

function sum(a, b) {
	const out = {};
	for (const [k, v] of Object.entries(a))
		out[k] = typeof v === 'number' ? v + b[k] : sum(v, b[k]);
	return out;
}

const figuresOf = ({ plan_count, element_count, budget, milestones, weather }) =>
	({ plan_count, element_count, budget, milestones, weather });

async function consolidated() {
	return assertOk(await apiRequest(server, 'GET', `/api/v1/consolidated?today=${TODAY}`), 200,
		'consolidated');
}

test('the totals are the sum of the plans\' own figures, and the tree sums its branches', async () => {
	const demo = planFigures('demo');
	const region = planFigures('region');
	assert.ok(demo.milestones.late > 0 && region.milestones.late > 0, 'the data has late milestones');
	assert.ok(demo.budget.planned_cents > 0 && region.budget.planned_cents > 0);
	const c = await consolidated();
	assert.equal(c.today, TODAY);
	assert.deepEqual(c.total, sum(demo, region));
	assert.equal(c.without_organisation.plan_count, 0);
	assert.deepEqual(c.organisations.map((o) => [o.name, o.parent, o.depth]),
		[['Région test', null, 0], ['Université test', 'Région test', 1]]);
	const [top, under] = c.organisations;
	assert.deepEqual(figuresOf(top), sum(demo, region), 'the region includes the university');
	assert.deepEqual(top.own, region);
	assert.deepEqual(figuresOf(under), demo);
	assert.deepEqual(under.own, demo);
});

test('a change through the API and a write behind the server\'s back show at once', async () => {
	await consolidated();
	const id = sql(`SELECT b.id FROM budget_line b JOIN element e ON e.id = b.element_id
		JOIN plan p ON p.id = e.plan_id WHERE p.slug = 'demo' ORDER BY b.id LIMIT 1`);
	const line = await apiRequest(server, 'GET', `/api/v1/plans/demo/budget-lines/${id}`);
	assertOk(line, 200, 'the line');
	const patched = await apiRequest(server, 'PATCH', `/api/v1/plans/demo/budget-lines/${id}`,
		{ body: { planned_cents: 123456789 }, headers: { 'If-Match': line.headers.get('etag') } });
	assert.equal(patched.status, 200, patched.text);
	let c = await consolidated();
	assert.deepEqual(c.total, sum(planFigures('demo'), planFigures('region')));
	assert.ok(c.total.budget.planned_cents > 123456789);
	/* Not journalled, from another connection: the server must not trust what it kept. */
	sql(`UPDATE milestone SET status = 'atteint', actual_on = '2025-06-02' WHERE title = 'En retard'`);
	c = await consolidated();
	assert.deepEqual(c.total, sum(planFigures('demo'), planFigures('region')));
	assert.equal(c.organisations[1].milestones.late, 0);
	/* A plan moved out of every organisation gets the row of its own. */
	sql(`UPDATE plan SET organisation_id = NULL WHERE slug = 'region'`);
	c = await consolidated();
	assert.deepEqual(c.without_organisation, planFigures('region'));
	assert.deepEqual(c.total, sum(planFigures('demo'), planFigures('region')));
	sql(`UPDATE plan SET organisation_id = (SELECT id FROM organisation WHERE name = 'Région test')
		WHERE slug = 'region'`);
});

test('a wrong date is refused', async () => {
	const r = await apiRequest(server, 'GET', '/api/v1/consolidated?today=2026-13-45');
	assert.equal(r.status, 400, r.text);
});

test('GET /consolidated is a table with a caption, row headers, the tree shown in text', async () => {
	const r = await fetch(`${server.url}/consolidated?today=${TODAY}`);
	assert.equal(r.status, 200);
	const html = await r.text();
	assert.match(html, /<h1>Vue consolidée<\/h1>/);
	assert.match(html, /<table class="consolidated">\s*<caption id="consolidated-caption">[^<]*15\/01\/2026<\/caption>/);
	assert.match(html, /<th scope="row">Région test<\/th>/);
	assert.match(html, /<th scope="row"><span aria-hidden="true">↳ <\/span>Université test<span class="visually-hidden"> \(rattachée à Région test\)<\/span><\/th>/);
	assert.match(html, /<tfoot>\s*<tr class="total"><th scope="row">Total<\/th><td class="number">2<\/td>/);
	const c = await consolidated();
	const euros = (cents) => fold(new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' })
		.format(cents / 100));
	assert.ok(fold(html).includes(euros(c.total.budget.planned_cents)),
		`the total planned budget in euros (${euros(c.total.budget.planned_cents)})`);
	const english = await fetch(`${server.url}/consolidated`, { headers: { 'Accept-Language': 'en' } });
	assert.match(await english.text(), /<h1>Consolidated view<\/h1>/);
});

test('the home page links to the view when it lists two plans', async () => {
	const html = await (await fetch(`${server.url}/`)).text();
	assert.match(html, /<a href="\/consolidated">Vue consolidée<\/a>/);
});
