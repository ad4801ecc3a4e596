/*
 * test_generate.c — store/generate.h: the synthetic datasets are reproducible from
 * their seed, hold the counts asked for, pass the store's own check and load as plans.
 */
#include <math.h>

#include "store_fixture.h"

#include "store/generate.h"
#include "store/maintenance.h"

static int setup(void **state)
{
	fixture *f = fixture_new("generate");
	*state = f;
	return fixture_open(f) ? 0 : -1;
}

static void generate_ok(fixture *f, const generate_options *o, generate_stats *st)
{
	if (!generate_dataset(f->s, o, st, &f->d)) {
		print_diags(&f->d);
		fail_msg("generate_dataset failed");
	}
}

/* Every generated table, row by row in insertion order; the accounts without their
 * password hash (salted at random: the one thing a seed does not fix). */
static const char *dump_all(fixture *f)
{
	static const char *const tables[] = {
		"organisation", "plan", "funding_source", "plan_phase", "element",
		"element_contribution", "element_status", "weather_report", "milestone", "budget_line",
		"risk", "element_dependency", "indicator", "indicator_target", "indicator_element",
		"measurement", "instance", "instance_member", "instance_element", "meeting",
		"agenda_item", "meeting_attendee", "decision", "decision_element", "action_item",
		"account_role", "account_label", "change_log",
	};
	buf out = {0};
	for (size_t i = 0; i < sizeof(tables) / sizeof(tables[0]); i++) {
		buf_printf(&out, "[%s]\n", tables[i]);
		buf_puts(&out, rows_text(f, arena_printf(f->a, "SELECT * FROM %s ORDER BY rowid",
		                                         tables[i])));
	}
	buf_puts(&out, rows_text(f, "SELECT id, login, name, email, created_at FROM account"
	                            " ORDER BY id"));
	char *text = arena_strdup(f->a, out.data);
	buf_free(&out);
	return text;
}

static generate_options few(uint64_t seed)
{
	generate_options o = generate_preset_options(GENERATE_SMALL);
	o.seed = seed;
	o.organisations = 3;
	o.plans_per_organisation = 2;
	o.elements_per_plan = 60;
	o.measurements_per_indicator = 8;
	o.accounts_per_organisation = 5;
	return o;
}

/* A second database generated from o, dumped. */
static const char *dump_of(fixture *f, const generate_options *o)
{
	fixture *g = fixture_new("generate2");
	assert_true(fixture_open(g));
	generate_stats st;
	generate_ok(g, o, &st);
	const char *text = arena_strdup(f->a, dump_all(g));
	fixture_teardown((void **)&g);
	return text;
}

static void same_seed_same_rows(void **state)
{
	fixture *f = *state;
	generate_options o = few(7);
	generate_stats st;
	generate_ok(f, &o, &st);
	const char *first = dump_all(f);
	assert_true(strlen(first) > 10000);
	assert_string_equal(dump_of(f, &o), first);
	generate_options other = few(8);
	assert_true(strcmp(dump_of(f, &other), first) != 0);
}

static void counts_follow_the_options(void **state)
{
	fixture *f = *state;
	generate_options o = generate_preset_options(GENERATE_SMALL);
	o.organisations = 4;
	o.plans_per_organisation = 2;
	o.elements_per_plan = 37;
	o.milestones_per_element = 2.5;
	o.indicators_per_plan = 3;
	o.measurements_per_indicator = 10.5;
	o.accounts_per_organisation = 6;
	generate_stats st;
	generate_ok(f, &o, &st);
	assert_int_equal(st.organisations, 4);
	assert_int_equal(query(f, "SELECT count(*) FROM organisation"), 4);
	assert_int_equal(st.plans, 8);
	assert_int_equal(query(f, "SELECT count(*) FROM plan"), 8);
	assert_int_equal(query(f, "SELECT count(*) FROM element"), 8 * 37);
	assert_int_equal(query(f, "SELECT min(n) FROM (SELECT count(*) AS n FROM element GROUP BY plan_id)"), 37);
	assert_int_equal(query(f, "SELECT count(*) FROM milestone"), 740); /* 296 × 2.5 */
	assert_int_equal(st.milestones, 740);
	assert_int_equal(query(f, "SELECT count(*) FROM indicator"), 24);
	assert_int_equal(query(f, "SELECT count(*) FROM measurement"), 252); /* 24 × 10.5 */
	assert_int_equal(st.measurements, 252);
	assert_int_equal(query(f, "SELECT count(*) FROM account"), 4 * 6 + 1);
	assert_int_equal(st.accounts, 25);
	assert_int_equal(query(f, "SELECT count(*) FROM budget_line"), st.budget_lines);
	assert_int_equal(query(f, "SELECT count(*) FROM change_log"), st.changes);
	assert_int_equal(query(f, "SELECT count(*) FROM meeting"), st.meetings);
	/* Each generated account has a role on its organisation and its name as label;
	 * every person named as porteur is someone's label, or the IT department. */
	assert_int_equal(query(f, "SELECT count(*) FROM account a WHERE login <> 'admin' AND"
	                          " NOT EXISTS (SELECT 1 FROM account_role r WHERE r.account_id = a.id"
	                          " AND r.organisation_id IS NOT NULL)"), 0);
	assert_int_equal(query(f, "SELECT count(*) FROM element e WHERE owner <> 'Direction du"
	                          " numérique' AND NOT EXISTS (SELECT 1 FROM account_label l"
	                          " WHERE l.label = e.owner)"), 0);
	assert_int_equal(query(f, "SELECT count(*) FROM account WHERE password_hash NOT LIKE"
	                          " '$argon2id$%'"), 0);
	/* The journal's counter counts at least what the trigger would (the trigger is set
	 * aside during generation), and the trigger is back. */
	assert_int_equal(query(f, "SELECT count(*) FROM plan p WHERE data_version <"
	                          " 1 + (SELECT count(*) FROM change_log c WHERE c.plan_id = p.id)"), 0);
	assert_int_equal(query(f, "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger'"
	                          " AND name = 'change_log_data_version'"), 1);
	assert_int_equal(query(f, "PRAGMA foreign_keys"), 1);
	/* Dates stay in the plan's period; milestones reached have their date. */
	assert_int_equal(query(f, "SELECT count(*) FROM element e JOIN plan p ON p.id = e.plan_id"
	                          " WHERE e.start_date < p.period_start || '-01-01'"
	                          " OR e.end_date > p.period_end || '-12-31'"), 0);
	assert_true(query(f, "SELECT count(*) FROM milestone WHERE status = 'atteint'") > 0);
}

static void small_preset_is_sound_and_loads(void **state)
{
	fixture *f = *state;
	generate_options o = generate_preset_options(GENERATE_SMALL);
	generate_stats st;
	generate_ok(f, &o, &st);
	assert_int_equal(st.plans, 1);
	assert_int_equal(st.elements, 500);
	assert_int_equal(st.milestones, 1667);
	size_t problems = 99;
	assert_true(store_check(f->s, &problems, &f->d));
	print_diags(&f->d);
	assert_int_equal(problems, 0);
	const char *slug = rows_text(f, "SELECT slug FROM plan");
	char ref[64];
	snprintf(ref, sizeof(ref), "%.*s", (int)strcspn(slug, "\n"), slug);
	plan *p = load_ok(f, ref);
	assert_int_equal(p->element_count, 500);
	/* Linked: every element but the top ones has its parent, levels are named. */
	size_t top = 0, depth = 0;
	for (size_t i = 0; i < p->element_count; i++) {
		const plan_element *e = &p->elements[i];
		assert_non_null(e->level);
		top += e->parent == NULL;
		if (e->depth > depth)
			depth = e->depth;
	}
	assert_true(top >= 2 && top < 500);
	assert_true(depth >= 1 && depth <= 4);
	steering_data data = load_steering(f, p);
	(void)data;
}

static void shapes_vary(void **state)
{
	fixture *f = *state;
	generate_options o = few(3);
	o.organisations = 1;
	o.plans_per_organisation = 20;
	o.indicators_per_plan = 1;
	generate_stats st;
	generate_ok(f, &o, &st);
	/* Several level sequences, the deepest five levels, the shallowest two. */
	assert_true(query(f, "SELECT count(DISTINCT level) FROM element") >= 8);
	assert_int_equal(query(f, "SELECT count(*) FROM element WHERE level = 'Action'"
	                          " AND parent_id IS NULL"), 0);
	assert_true(query(f, "SELECT count(*) FROM element a JOIN element b ON b.parent_id = a.id"
	                     " JOIN element c ON c.parent_id = b.id JOIN element d ON d.parent_id = c.id"
	                     " JOIN element e ON e.parent_id = d.id") > 0);
	assert_true(query(f, "SELECT count(*) FROM element WHERE level = 'Projet' AND parent_id IN"
	                     " (SELECT id FROM element WHERE level = 'Programme' AND parent_id IS NULL)") > 0);
	size_t problems = 99;
	assert_true(store_check(f->s, &problems, &f->d));
	assert_int_equal(problems, 0);
}

static void nonsense_is_refused(void **state)
{
	fixture *f = *state;
	generate_options o = few(1);
	o.organisations = 0;
	generate_stats st;
	assert_false(generate_dataset(f->s, &o, &st, &f->d));
	assert_true(diag_has_errors(&f->d));
	assert_int_equal(query(f, "SELECT count(*) FROM organisation"), 0);
}

static void presets_by_name(void **state)
{
	(void)state;
	generate_preset p;
	assert_true(generate_preset_parse("national", &p));
	assert_int_equal(p, GENERATE_NATIONAL);
	assert_false(generate_preset_parse("huge", &p));
	generate_options o = generate_preset_options(GENERATE_NATIONAL);
	int64_t plans = (int64_t)o.organisations * o.plans_per_organisation;
	int64_t elements = plans * o.elements_per_plan;
	assert_int_equal(plans, 3000);
	assert_int_equal(elements, 300000);
	assert_int_equal(llround(elements * o.milestones_per_element), 1000000);
	assert_int_equal(llround(plans * o.indicators_per_plan * o.measurements_per_indicator),
	                 10000000);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, fixture_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(same_seed_same_rows),      T(counts_follow_the_options), T(small_preset_is_sound_and_loads),
		T(shapes_vary),              T(nonsense_is_refused),       T(presets_by_name),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
