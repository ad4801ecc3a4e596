/*
 * test_consolidation.c — unit tests for store/consolidation.c: a small plan's figures
 * as counted by hand, and the figures kept on the store reused while the plan is
 * unchanged, computed again after a journalled change of that plan only, and after a
 * commit by another connection (which the journal may not see) for every plan.
 */
#include "store_fixture.h"

#include "store/consolidation.h"
#include "store/item_store.h"

static const char sample_csv[] =
	"code;parent;niveau;intitule;debut;fin\n"
	"AX1;;Axe;Usagers;2025-01-01;2026-12-31\n"
	"P1;AX1;Projet;Portail;2025-02-01;2025-12-31\n";

static const jalon_date TODAY = {2026, 1, 15};

/* Milestones, budget lines and weather written behind the store's back before the
 * first figures are read: 5 milestones on P1 (1 reached; 2 late at TODAY: planned in
 * the past, and planned later but forecast in the past; 1 forecast later; 1 cancelled
 * in the past), 2 budget lines (130 000,00 € planned, 500,00 € committed, 200,00 €
 * paid, in cents below), AX1 soleil and P1 orage. */
static const char steering_sql[] =
	"INSERT INTO milestone (element_id, position, title, planned_on, forecast_on, actual_on,"
	" status) SELECT id, 1, 'Atteint', '2025-03-01', NULL, '2025-03-02', 'atteint'"
	" FROM element WHERE code = 'P1' AND plan_id = (SELECT id FROM plan WHERE slug = 'sdn');"
	"INSERT INTO milestone (element_id, position, title, planned_on, forecast_on, status)"
	" SELECT id, 2, 'Prévu passé', '2025-06-01', NULL, 'a-venir' FROM element WHERE code = 'P1'"
	" AND plan_id = (SELECT id FROM plan WHERE slug = 'sdn');"
	"INSERT INTO milestone (element_id, position, title, planned_on, forecast_on, status)"
	" SELECT id, 3, 'Prévision passée', '2026-06-01', '2025-12-01', 'a-venir' FROM element"
	" WHERE code = 'P1' AND plan_id = (SELECT id FROM plan WHERE slug = 'sdn');"
	"INSERT INTO milestone (element_id, position, title, planned_on, forecast_on, status)"
	" SELECT id, 4, 'Reporté', '2025-01-01', '2026-03-01', 'a-venir' FROM element"
	" WHERE code = 'P1' AND plan_id = (SELECT id FROM plan WHERE slug = 'sdn');"
	"INSERT INTO milestone (element_id, position, title, planned_on, forecast_on, status)"
	" SELECT id, 5, 'Annulé', '2025-01-01', NULL, 'annule' FROM element"
	" WHERE code = 'P1' AND plan_id = (SELECT id FROM plan WHERE slug = 'sdn');"
	"INSERT INTO budget_line (element_id, year, nature, source, planned_cents, committed_cents,"
	" paid_cents) SELECT id, 2025, 'investissement', 'État', 10000000, 50000, 20000"
	" FROM element WHERE code = 'P1' AND plan_id = (SELECT id FROM plan WHERE slug = 'sdn');"
	"INSERT INTO budget_line (element_id, year, nature, source, planned_cents)"
	" SELECT id, 2026, 'fonctionnement', 'Région', 3000000"
	" FROM element WHERE code = 'AX1' AND plan_id = (SELECT id FROM plan WHERE slug = 'sdn');"
	"INSERT INTO element_status (element_id, weather) SELECT id, 'soleil' FROM element"
	" WHERE code = 'AX1' AND plan_id = (SELECT id FROM plan WHERE slug = 'sdn');"
	"INSERT INTO element_status (element_id, weather) SELECT id, 'orage' FROM element"
	" WHERE code = 'P1' AND plan_id = (SELECT id FROM plan WHERE slug = 'sdn');";

static int setup(void **state)
{
	if (fixture_setup_two_plans(state, "consolidation", sample_csv) != 0)
		return -1;
	fixture *f = *state;
	exec_ok(f->s->sqlite, steering_sql);
	return 0;
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, fixture_teardown)

/* Both plans' figures ([0] sdn, [1] autre); returns how many were computed. */
static size_t figures(fixture *f, jalon_date today, plan_figures out[2])
{
	int64_t ids[2] = {f->p->id, f->other->id};
	size_t computed = 99;
	if (!store_plans_figures(f->s, ids, 2, today, out, &computed, &f->d)) {
		print_diags(&f->d);
		fail_msg("store_plans_figures failed");
	}
	return computed;
}

static void add_line(fixture *f, int64_t planned)
{
	plan *p = load_ok(f, "sdn");
	budget_line l = {.element = plan_find(p, "P1"), .year = 2025, .nature = NATURE_INVESTMENT,
	                 .source = "État", .planned_cents = planned};
	if (store_budget_line_create(f->s, f->a, p, &l, &f->d) != STORE_OK) {
		print_diags(&f->d);
		fail_msg("budget line not created");
	}
}

static void test_figures_by_hand(void **state)
{
	fixture *f = *state;
	plan_figures out[2];
	assert_int_equal(figures(f, TODAY, out), 2);
	const plan_figures *s = &out[0];
	assert_int_equal(s->plan_count, 1);
	assert_int_equal(s->element_count, 2);
	assert_int_equal(s->planned_cents, 13000000);
	assert_int_equal(s->committed_cents, 50000);
	assert_int_equal(s->paid_cents, 20000);
	assert_int_equal(s->milestone_count, 5);
	assert_int_equal(s->milestone_reached, 1);
	assert_int_equal(s->milestone_late, 2);
	assert_int_equal(s->weather_sun, 1);
	assert_int_equal(s->weather_cloud, 0);
	assert_int_equal(s->weather_storm, 1);
	/* The other plan: its two elements and nothing else. */
	plan_figures empty = {.plan_count = 1, .element_count = 2};
	assert_memory_equal(&out[1], &empty, sizeof(empty));
	/* Sums. */
	plan_figures total = {0};
	plan_figures_add(&total, &out[0]);
	plan_figures_add(&total, &out[1]);
	assert_int_equal(total.plan_count, 2);
	assert_int_equal(total.element_count, 4);
	assert_int_equal(total.planned_cents, 13000000);
	/* The date decides lateness: on 2026-03-02 the milestone forecast on 03-01 is late. */
	assert_int_equal(figures(f, (jalon_date){2026, 3, 2}, out), 2);
	assert_int_equal(out[0].milestone_late, 3);
	/* A plan that does not exist: nothing. */
	plan_figures none;
	assert_true(store_plan_figures(f->s, 999999, TODAY, &none, &f->d));
	assert_int_equal(none.plan_count, 0);
	assert_int_equal(none.element_count, 0);
}

static void test_reused_while_unchanged(void **state)
{
	fixture *f = *state;
	plan_figures a[2], b[2];
	assert_int_equal(figures(f, TODAY, a), 2);
	assert_int_equal(figures(f, TODAY, b), 0);
	assert_memory_equal(a, b, sizeof(a));
	/* A write that is not the plan's (a session, the audit log) changes nothing kept. */
	exec_ok(f->s->sqlite, "CREATE TABLE scratch (x); INSERT INTO scratch VALUES (1);");
	assert_int_equal(figures(f, TODAY, b), 0);
	assert_memory_equal(a, b, sizeof(a));
}

static void test_journalled_change_recomputes_its_plan(void **state)
{
	fixture *f = *state;
	plan_figures a[2], b[2];
	figures(f, TODAY, a);
	add_line(f, 500000);
	/* Only sdn, whose data_version the journal moved. */
	assert_int_equal(figures(f, TODAY, b), 1);
	assert_int_equal(b[0].planned_cents, 13500000);
	assert_memory_equal(&a[1], &b[1], sizeof(a[1]));
	assert_int_equal(figures(f, TODAY, b), 0);
}

static void test_external_write_recomputes_everything(void **state)
{
	fixture *f = *state;
	plan_figures a[2], b[2];
	figures(f, TODAY, a);
	/* Another connection, not journalled: plan.data_version does not move. */
	sqlite3 *other;
	assert_int_equal(sqlite3_open(f->path, &other), SQLITE_OK);
	sqlite3_busy_timeout(other, 1000);
	exec_ok(other, "UPDATE milestone SET status = 'atteint', actual_on = '2025-06-02'"
	               " WHERE title = 'Prévu passé'");
	sqlite3_close(other);
	assert_int_equal(figures(f, TODAY, b), 2);
	assert_int_equal(b[0].milestone_reached, 2);
	assert_int_equal(b[0].milestone_late, 1);
	assert_int_equal(figures(f, TODAY, b), 0);
}

static void test_warm_up_hands_its_figures_over(void **state)
{
	fixture *f = *state;
	/* Computed on a second connection, adopted by this one: nothing left to compute. */
	store_figures_warm_start(f->path, TODAY);
	store_figures_warm_wait();
	plan_figures warm[2], fresh[2];
	assert_int_equal(figures(f, TODAY, warm), 0);
	/* The same figures as computed here. */
	exec_ok(f->s->sqlite, "UPDATE plan SET data_version = data_version + 1");
	assert_int_equal(figures(f, TODAY, fresh), 2);
	assert_memory_equal(warm, fresh, sizeof(warm));
	store_figures_warm_stop();

	/* Stopped before handing over: nothing adopted, nothing leaked. */
	store_figures_warm_start(f->path, TODAY);
	store_figures_warm_stop();
	exec_ok(f->s->sqlite, "UPDATE plan SET data_version = data_version + 1");
	assert_int_equal(figures(f, TODAY, fresh), 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_figures_by_hand),
		T(test_reused_while_unchanged),
		T(test_journalled_change_recomputes_its_plan),
		T(test_external_write_recomputes_everything),
		T(test_warm_up_hands_its_figures_over),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
