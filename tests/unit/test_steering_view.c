/*
 * test_steering_view.c — unit tests for store/steering_view.c: the rolled-up plan
 * that read-only screens share (steering_view_load_shared) is reused only while the
 * database is unchanged, whoever changed it, and only for the same request.
 */
#include "store_fixture.h"

#include "store/item_store.h"
#include "store/steering_view.h"

static const char sample_csv[] =
	"code;parent;niveau;intitule;debut;fin\n"
	"AX1;;Axe;Usagers;2025-01-01;2026-12-31\n"
	"P1;AX1;Projet;Portail;2025-02-01;2025-12-31\n";

static int setup(void **state)
{
	return fixture_setup_plan(state, "view", sample_csv);
}

static const jalon_date TODAY = {2026, 1, 15};

typedef struct {
	plan p;
	steering_data data;
	plan_rollup r;
} view;

static view shared(fixture *f, const char *ref, const char *baseline, jalon_date today,
                   unsigned parts)
{
	view v;
	if (!steering_view_load_shared(f->s, f->a, ref, baseline, today, parts, &v.p, &v.data, &v.r,
	                               &f->d)) {
		print_diags(&f->d);
		fail_msg("steering_view_load_shared(%s) failed", ref);
	}
	return v;
}

static void add_line(fixture *f, store *s, const char *code, int64_t planned)
{
	plan *p = arena_alloc(f->a, sizeof(*p));
	if (!store_plan_load(s, f->a, "sdn", p, &f->d))
		fail_msg("load for a write failed");
	budget_line l = {.element = plan_find(p, code), .year = 2025, .nature = NATURE_INVESTMENT,
	                 .source = "État", .planned_cents = planned};
	if (store_budget_line_create(s, f->a, p, &l, &f->d) != STORE_OK) {
		print_diags(&f->d);
		fail_msg("budget line not created");
	}
}

static void test_reused_while_unchanged(void **state)
{
	fixture *f = *state;
	view a = shared(f, "sdn", NULL, TODAY, 0);
	view b = shared(f, "sdn", NULL, TODAY, 0);
	/* The same view: the very same arrays, nothing reloaded. */
	assert_ptr_equal(a.p.elements, b.p.elements);
	assert_ptr_equal(a.r.by_element, b.r.by_element);
	assert_int_equal(b.r.plan.planned_cents, 0);
}

static void test_reloaded_after_own_write(void **state)
{
	fixture *f = *state;
	view a = shared(f, "sdn", NULL, TODAY, 0);
	assert_int_equal(a.r.plan.planned_cents, 0);
	add_line(f, f->s, "P1", 150000);
	view b = shared(f, "sdn", NULL, TODAY, 0);
	assert_int_equal(b.r.plan.planned_cents, 150000);
}

static void test_reloaded_after_another_connection_writes(void **state)
{
	fixture *f = *state;
	view a = shared(f, "sdn", NULL, TODAY, 0);
	assert_int_equal(a.r.plan.planned_cents, 0);
	/* Another process (an import from the command line while the server runs). */
	store *other = store_open(f->path, STORE_OPEN_EXISTING, &f->d);
	assert_non_null(other);
	add_line(f, other, "AX1", 2500);
	store_close(other);
	view b = shared(f, "sdn", NULL, TODAY, 0);
	assert_int_equal(b.r.plan.planned_cents, 2500);
}

static void test_keyed_on_request(void **state)
{
	fixture *f = *state;
	milestone m = {.element = plan_find(f->p, "P1"), .title = "Recette",
	               .planned = {2025, 6, 30}, .status = MILESTONE_PLANNED};
	assert_int_equal(store_milestone_create(f->s, f->p, &m, &f->d), STORE_OK);
	view before = shared(f, "sdn", NULL, (jalon_date){2025, 6, 1}, 0);
	assert_int_equal(before.r.plan.milestones_late, 0);
	/* Another day decides lateness anew. */
	view after = shared(f, "sdn", NULL, (jalon_date){2025, 7, 1}, 0);
	assert_int_equal(after.r.plan.milestones_late, 1);
	/* Parts: scores only when asked for. */
	view lean = shared(f, "sdn", NULL, TODAY, 0);
	assert_int_equal(lean.data.criterion_count, 6); /* lists always come */
	element_score score = {.element = plan_find(f->p, "P1"), .criterion = "impact", .score = 3};
	element_qualification q = {.element = plan_find(f->p, "P1")};
	assert_int_equal(store_qualification_set(f->s, f->p, &q, &score, 1, 0, &f->d), STORE_OK);
	lean = shared(f, "sdn", NULL, TODAY, 0);
	assert_int_equal(lean.data.score_count, 0);
	view full = shared(f, "sdn", NULL, TODAY, STEERING_SCORES);
	assert_int_equal(full.data.score_count, 1);
	/* The plan's number names the same plan but is another request: loaded again. */
	view by_number = shared(f, arena_printf(f->a, "%lld", (long long)f->p->id), NULL, TODAY, 0);
	assert_ptr_not_equal(by_number.p.elements, full.p.elements);
	assert_int_equal(by_number.p.element_count, 2);
}

static void test_failures_leave_nothing_behind(void **state)
{
	fixture *f = *state;
	plan p;
	steering_data data;
	plan_rollup r;
	assert_false(steering_view_load_shared(f->s, f->a, "nope", NULL, TODAY, 0, &p, &data, &r,
	                                       &f->d));
	assert_int_equal(p.id, 0);
	assert_false(steering_view_load_shared(f->s, f->a, "sdn", "no-such-baseline", TODAY, 0, &p,
	                                       &data, &r, &f->d));
	assert_true(p.id > 0); /* the plan was found: the baseline was not */
	assert_null(p.elements);
	view ok = shared(f, "sdn", NULL, TODAY, 0);
	assert_int_equal(ok.p.element_count, 2);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, fixture_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_reused_while_unchanged),
		T(test_reloaded_after_own_write),
		T(test_reloaded_after_another_connection_writes),
		T(test_keyed_on_request),
		T(test_failures_leave_nothing_behind),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
