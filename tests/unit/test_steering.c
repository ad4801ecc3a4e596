/*
 * test_steering.c — unit tests for the steering roll-up (core/steering.c).
 *
 * Small plans are built by hand in an arena and linked with plan_link(), as in
 * test_plan.c; statuses, milestones, budget lines and baselines are plain arrays.
 * Every expected figure was computed by hand: cents are compared exactly, and
 * percentages are written as the exact fractions they are (200.0 / 3) and compared
 * within 1e-9. The enumerations and their parsers are checked first.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <math.h>

#include <cmocka.h>

#include "core/plan.h"
#include "core/steering.h"
#include "util/arena.h"
#include "util/date.h"
#include "util/diag.h"
#include "util/money.h"

typedef struct {
	arena *a;
	diag_list d;
} fixture;

static int setup(void **state)
{
	fixture *f = test_malloc(sizeof(*f));
	f->a = arena_new();
	diag_init(&f->d, f->a);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	arena_free(f->a);
	test_free(f);
	return 0;
}

/* ---- building plans ------------------------------------------------------------ */

/* Day n counted from 2024-01-01, so that durations read directly in the tables. */
static jalon_date day(int n)
{
	return date_from_days(date_to_days((jalon_date){2024, 1, 1}) + n);
}

static jalon_date iso(const char *s)
{
	jalon_date d;
	const char *why;
	if (!date_parse(s, &d, &why))
		fail_msg("bad test date %s: %s", s, why);
	return d;
}

typedef struct {
	const char *code, *parent;
	jalon_date start, end;
} row;

#define NO DATE_NONE

/* Elements in the given order, linked; the test fails if the plan is not sound. */
static plan *build(fixture *f, const row *rows, size_t n)
{
	plan *p = arena_alloc(f->a, sizeof(*p));
	p->title = "Plan d'essai";
	p->elements = arena_alloc(f->a, (n ? n : 1) * sizeof(*p->elements));
	p->element_count = n;
	for (size_t i = 0; i < n; i++) {
		plan_element *e = &p->elements[i];
		e->code = rows[i].code;
		e->parent_code = rows[i].parent;
		e->level = rows[i].parent ? "Projet" : "Axe";
		e->title = rows[i].code;
		e->start = rows[i].start;
		e->end = rows[i].end;
		e->source_line = (int)i + 2;
	}
	if (!plan_link(f->a, p, "test", &f->d))
		fail_msg("test plan does not link (%s)", f->d.count ? f->d.items[0].message : "?");
	return p;
}

#define BUILD(f, rows) build((f), (rows), sizeof(rows) / sizeof((rows)[0]))
#define COUNT(array) (sizeof(array) / sizeof((array)[0]))

static const plan_element *el(const plan *p, const char *code)
{
	const plan_element *e = plan_find(p, code);
	if (!e)
		fail_msg("no element %s", code);
	return e;
}

static const element_rollup *ru(const plan_rollup *r, const plan *p, const char *code)
{
	return &r->by_element[el(p, code) - p->elements];
}

/* An element of no plan: what a baseline or a line still names after a deletion. */
static plan_element ghost = {.code = "GONE", .level = "Projet", .title = "supprimé"};

static budget_line line(const plan_element *e, int year, budget_nature nature,
                        const char *source, int64_t planned, int64_t committed, int64_t paid)
{
	return (budget_line){.element = e, .year = year, .nature = nature, .source = source,
	                     .planned_cents = planned, .committed_cents = committed,
	                     .paid_cents = paid};
}

static void rollup(fixture *f, const plan *p, const element_status *st, size_t nst,
                   const milestone *ms, size_t nms, const budget_line *ls, size_t nls,
                   const baseline_entry *bl, size_t nbl, jalon_date today, plan_rollup *out)
{
	steering_rollup(f->a, p, st, nst, ms, nms, ls, nls, bl, nbl, today, out);
}

#define near(actual, expected) check_near((actual), (expected), #expected, __LINE__)

static void check_near(double actual, double expected, const char *what, int at_line)
{
	if (!(fabs(actual - expected) < 1e-9))
		fail_msg("line %d: got %.15g, expected %s = %.15g", at_line, actual, what, expected);
}

static void expect_sum(const budget_sum *s, int64_t planned, int64_t committed, int64_t paid)
{
	assert_int_equal(s->planned_cents, planned);
	assert_int_equal(s->committed_cents, committed);
	assert_int_equal(s->paid_cents, paid);
}

/* ---- enumerations ------------------------------------------------------------------ */

static void test_keys_and_labels(void **state)
{
	(void)state;
	static const char *const weather_keys[] = {"non-renseigne", "soleil", "nuage", "orage"};
	static const char *const weather_labels[] = {"non renseigné", "soleil", "nuage",
	                                             "orage"};
	for (int i = 0; i < WEATHER_COUNT; i++) {
		assert_string_equal(weather_key((weather)i), weather_keys[i]);
		assert_string_equal(weather_label((weather)i), weather_labels[i]);
		weather back = WEATHER_COUNT;
		assert_true(weather_parse(weather_key((weather)i), &back));
		assert_int_equal(back, i);
		back = WEATHER_COUNT;
		assert_true(weather_parse(weather_label((weather)i), &back));
		assert_int_equal(back, i);
	}
	assert_string_equal(weather_key(WEATHER_COUNT), "non-renseigne");

	static const char *const nature_keys[] = {"investissement", "fonctionnement"};
	for (int i = 0; i < NATURE_COUNT; i++) {
		assert_string_equal(budget_nature_key((budget_nature)i), nature_keys[i]);
		assert_string_equal(budget_nature_label((budget_nature)i), nature_keys[i]);
		budget_nature back = NATURE_COUNT;
		assert_true(budget_nature_parse(budget_nature_key((budget_nature)i), &back));
		assert_int_equal(back, i);
	}
	assert_string_equal(budget_nature_key(NATURE_COUNT), "investissement");

	static const char *const status_keys[] = {"a-venir", "atteint", "annule"};
	static const char *const status_labels[] = {"à venir", "atteint", "annulé"};
	for (int i = 0; i < MILESTONE_STATUS_COUNT; i++) {
		assert_string_equal(milestone_status_key((milestone_status)i), status_keys[i]);
		assert_string_equal(milestone_status_label((milestone_status)i), status_labels[i]);
		milestone_status back = MILESTONE_STATUS_COUNT;
		assert_true(milestone_status_parse(milestone_status_key((milestone_status)i), &back));
		assert_int_equal(back, i);
		back = MILESTONE_STATUS_COUNT;
		assert_true(milestone_status_parse(milestone_status_label((milestone_status)i), &back));
		assert_int_equal(back, i);
	}
	assert_string_equal(milestone_status_key(MILESTONE_STATUS_COUNT), "a-venir");
}

static void test_weather_parse(void **state)
{
	(void)state;
	static const struct {
		const char *typed;
		weather expected;
	} cases[] = {
		{"Orage", WEATHER_STORMY},     {"ORAGE", WEATHER_STORMY},
		{"stormy", WEATHER_STORMY},    {"Stormy", WEATHER_STORMY},
		{"soleil", WEATHER_SUNNY},     {"sunny", WEATHER_SUNNY},
		{"Nuage", WEATHER_CLOUDY},     {"cloudy", WEATHER_CLOUDY},
		{"non renseigné", WEATHER_UNSET}, {"NON_RENSEIGNE", WEATHER_UNSET},
	};
	for (size_t i = 0; i < COUNT(cases); i++) {
		weather w = WEATHER_COUNT;
		if (!weather_parse(cases[i].typed, &w))
			fail_msg("« %s » refused", cases[i].typed);
		if (w != cases[i].expected)
			fail_msg("« %s » gave %d, expected %d", cases[i].typed, w, cases[i].expected);
	}
	weather w = WEATHER_CLOUDY;
	assert_false(weather_parse("pluie", &w));
	assert_false(weather_parse("", &w));
	assert_false(weather_parse("  ", &w));
	assert_false(weather_parse("or", &w));
	assert_false(weather_parse(NULL, &w));
	assert_int_equal(w, WEATHER_CLOUDY); /* untouched on failure */
}

static void test_budget_nature_parse(void **state)
{
	(void)state;
	static const struct {
		const char *typed;
		budget_nature expected;
	} cases[] = {
		{"investissement", NATURE_INVESTMENT}, {"Investissement", NATURE_INVESTMENT},
		{"investment", NATURE_INVESTMENT},     {"invest", NATURE_INVESTMENT},
		{"inv", NATURE_INVESTMENT},            {"INV", NATURE_INVESTMENT},
		{"I", NATURE_INVESTMENT},              {"i", NATURE_INVESTMENT},
		{"fonctionnement", NATURE_OPERATING},  {"FONCTIONNEMENT", NATURE_OPERATING},
		{"operating", NATURE_OPERATING},       {"fonct", NATURE_OPERATING},
		{"F", NATURE_OPERATING},               {"f", NATURE_OPERATING},
	};
	for (size_t i = 0; i < COUNT(cases); i++) {
		budget_nature n = NATURE_COUNT;
		if (!budget_nature_parse(cases[i].typed, &n))
			fail_msg("« %s » refused", cases[i].typed);
		if (n != cases[i].expected)
			fail_msg("« %s » gave %d, expected %d", cases[i].typed, n, cases[i].expected);
	}
	budget_nature n = NATURE_OPERATING;
	assert_false(budget_nature_parse("x", &n));
	assert_false(budget_nature_parse("fonc", &n));
	assert_false(budget_nature_parse("", &n));
	assert_false(budget_nature_parse(NULL, &n));
	assert_int_equal(n, NATURE_OPERATING);
}

static void test_milestone_status_parse(void **state)
{
	(void)state;
	static const struct {
		const char *typed;
		milestone_status expected;
	} cases[] = {
		{"à venir", MILESTONE_PLANNED},   {"A venir", MILESTONE_PLANNED},
		{"a-venir", MILESTONE_PLANNED},   {"planned", MILESTONE_PLANNED},
		{"prévu", MILESTONE_PLANNED},     {"PREVU", MILESTONE_PLANNED},
		{"atteint", MILESTONE_DONE},      {"Atteint", MILESTONE_DONE},
		{"done", MILESTONE_DONE},         {"réalisé", MILESTONE_DONE},
		{"REALISE", MILESTONE_DONE},      {"annulé", MILESTONE_CANCELLED},
		{"annule", MILESTONE_CANCELLED},  {"cancelled", MILESTONE_CANCELLED},
		{"Canceled", MILESTONE_CANCELLED},
	};
	for (size_t i = 0; i < COUNT(cases); i++) {
		milestone_status s = MILESTONE_STATUS_COUNT;
		if (!milestone_status_parse(cases[i].typed, &s))
			fail_msg("« %s » refused", cases[i].typed);
		if (s != cases[i].expected)
			fail_msg("« %s » gave %d, expected %d", cases[i].typed, s, cases[i].expected);
	}
	milestone_status s = MILESTONE_DONE;
	assert_false(milestone_status_parse("venir", &s));
	assert_false(milestone_status_parse("", &s));
	assert_false(milestone_status_parse(NULL, &s));
	assert_int_equal(s, MILESTONE_DONE);
}

/* ---- drift formula ------------------------------------------------------------------ */

static void test_drift_pct(void **state)
{
	(void)state;
	double d = 12345;
	assert_true(steering_drift_pct(150, 100, &d));
	near(d, 50.0);
	assert_true(steering_drift_pct(1, 3, &d));
	near(d, -200.0 / 3);
	assert_true(steering_drift_pct(0, 7, &d));
	near(d, -100.0);
	assert_true(steering_drift_pct(100, 60, &d));
	near(d, 200.0 / 3);
	/* 10^12 cents against 10^12 − 1: a drift of 1e-10 %, not lost to rounding. */
	assert_true(steering_drift_pct(1e12, 1e12 - 1, &d));
	near(d, 100.0 / (1e12 - 1));
	assert_true(d > 0);
	d = 12345;
	assert_false(steering_drift_pct(5, 0, &d));
	assert_false(steering_drift_pct(0, 0, &d));
	assert_false(steering_drift_pct(NAN, 3, &d));
	assert_false(steering_drift_pct(3, INFINITY, &d));
	assert_true(d == 12345); /* untouched when undefined */
}

/* ---- budget -------------------------------------------------------------------------- */

/*   AX ── P1 ── P1a
 *      ├─ P2
 *      └─ P3 (no line)
 *   B                                                                                   */
static const row budget_rows[] = {
	{"AX", NULL, NO, NO}, {"P1", "AX", NO, NO}, {"P1a", "P1", NO, NO},
	{"P2", "AX", NO, NO}, {"P3", "AX", NO, NO}, {"B", NULL, NO, NO},
};

static void test_budget_sums_by_year_nature_source(void **state)
{
	fixture *f = *state;
	plan *p = BUILD(f, budget_rows);
	int64_t ten = 0, twenty = 0;
	const char *why;
	assert_true(money_parse("0,10", &ten, &why));
	assert_true(money_parse("0,20", &twenty, &why));
	/* The same source typed twice is one source, whatever the pointer. */
	const char *etab2 = arena_strdup(f->a, "Établissement");
	const budget_line lines[] = {
		line(el(p, "P1a"), 2026, NATURE_OPERATING, "Région", ten, 5, 1),
		line(el(p, "P1a"), 2025, NATURE_INVESTMENT, "Établissement", twenty, 10, 2),
		line(el(p, "P1"), 2025, NATURE_INVESTMENT, "Région", 100, 0, 0),
		line(el(p, "P2"), 2024, NATURE_OPERATING, "FEDER", 1000, 300, 200),
		line(el(p, "B"), 2025, NATURE_INVESTMENT, etab2, 5, 5, 5),
	};
	plan_rollup r;
	rollup(f, p, NULL, 0, NULL, 0, lines, COUNT(lines), NULL, 0, NO, &r);

	/* 0,10 € + 0,20 € = 30 cents exactly. */
	const element_rollup *x = ru(&r, p, "P1a");
	assert_true(x->has_budget);
	assert_int_equal(x->planned_cents, 30);
	assert_int_equal(x->committed_cents, 15);
	assert_int_equal(x->paid_cents, 3);
	assert_int_equal(x->year_count, 2); /* ascending, though 2026 came first */
	assert_int_equal(x->by_year[0].year, 2025);
	expect_sum(&x->by_year[0], 20, 10, 2);
	assert_int_equal(x->by_year[1].year, 2026);
	expect_sum(&x->by_year[1], 10, 5, 1);
	assert_int_equal(x->nature_count, 2);
	assert_int_equal(x->by_nature[0].nature, NATURE_INVESTMENT);
	expect_sum(&x->by_nature[0], 20, 10, 2);
	assert_int_equal(x->by_nature[1].nature, NATURE_OPERATING);
	expect_sum(&x->by_nature[1], 10, 5, 1);
	assert_int_equal(x->source_count, 2); /* order of first appearance in the lines */
	assert_string_equal(x->by_source[0].source, "Région");
	expect_sum(&x->by_source[0], 10, 5, 1);
	assert_string_equal(x->by_source[1].source, "Établissement");
	expect_sum(&x->by_source[1], 20, 10, 2);

	x = ru(&r, p, "P1"); /* own line + P1a */
	assert_int_equal(x->planned_cents, 130);
	assert_int_equal(x->committed_cents, 15);
	assert_int_equal(x->paid_cents, 3);
	assert_int_equal(x->year_count, 2);
	expect_sum(&x->by_year[0], 120, 10, 2);
	expect_sum(&x->by_year[1], 10, 5, 1);
	expect_sum(&x->by_nature[0], 120, 10, 2);
	expect_sum(&x->by_nature[1], 10, 5, 1);
	assert_string_equal(x->by_source[0].source, "Région");
	expect_sum(&x->by_source[0], 110, 5, 1);
	assert_string_equal(x->by_source[1].source, "Établissement");
	expect_sum(&x->by_source[1], 20, 10, 2);

	x = ru(&r, p, "P2"); /* one nature only: no empty investment entry */
	assert_int_equal(x->nature_count, 1);
	assert_int_equal(x->by_nature[0].nature, NATURE_OPERATING);
	assert_int_equal(x->year_count, 1);
	assert_int_equal(x->source_count, 1);

	x = ru(&r, p, "P3");
	assert_false(x->has_budget);
	assert_int_equal(x->planned_cents, 0);
	assert_int_equal(x->year_count + x->nature_count + x->source_count, 0);

	x = ru(&r, p, "AX");
	assert_true(x->has_budget);
	assert_int_equal(x->planned_cents, 1130);
	assert_int_equal(x->committed_cents, 315);
	assert_int_equal(x->paid_cents, 203);
	assert_int_equal(x->year_count, 3);
	assert_int_equal(x->by_year[0].year, 2024);
	expect_sum(&x->by_year[0], 1000, 300, 200);
	assert_int_equal(x->by_year[1].year, 2025);
	expect_sum(&x->by_year[1], 120, 10, 2);
	assert_int_equal(x->by_year[2].year, 2026);
	expect_sum(&x->by_year[2], 10, 5, 1);
	expect_sum(&x->by_nature[0], 120, 10, 2);
	expect_sum(&x->by_nature[1], 1010, 305, 201);
	assert_int_equal(x->source_count, 3);
	assert_string_equal(x->by_source[0].source, "Région");
	assert_string_equal(x->by_source[1].source, "Établissement");
	assert_string_equal(x->by_source[2].source, "FEDER");
	expect_sum(&x->by_source[2], 1000, 300, 200);

	/* The plan: both roots. */
	x = &r.plan;
	assert_true(x->has_budget);
	assert_int_equal(x->planned_cents, 1135);
	assert_int_equal(x->committed_cents, 320);
	assert_int_equal(x->paid_cents, 208);
	assert_int_equal(x->year_count, 3);
	expect_sum(&x->by_year[0], 1000, 300, 200);
	expect_sum(&x->by_year[1], 125, 15, 7);
	expect_sum(&x->by_year[2], 10, 5, 1);
	assert_int_equal(x->nature_count, 2);
	expect_sum(&x->by_nature[0], 125, 15, 7);
	expect_sum(&x->by_nature[1], 1010, 305, 201);
	assert_int_equal(x->source_count, 3);
	assert_string_equal(x->by_source[0].source, "Région");
	expect_sum(&x->by_source[0], 110, 5, 1);
	assert_string_equal(x->by_source[1].source, "Établissement");
	expect_sum(&x->by_source[1], 25, 15, 7);
	assert_string_equal(x->by_source[2].source, "FEDER");
	expect_sum(&x->by_source[2], 1000, 300, 200);
}

static void test_budget_large_amounts_and_saturation(void **state)
{
	fixture *f = *state;
	plan *p = BUILD(f, budget_rows);
	const int64_t big = 999999999999; /* 9 999 999 999,99 € */
	const budget_line lines[] = {
		line(el(p, "P1a"), 2025, NATURE_INVESTMENT, "État", big, big, big),
		line(el(p, "P1"), 2025, NATURE_INVESTMENT, "État", 1, 1, 1),
		line(el(p, "P2"), 2025, NATURE_INVESTMENT, NULL, big, 0, 0),
		line(el(p, "P3"), 2025, NATURE_INVESTMENT, NULL, big, 0, 0),
		/* Left out: no element of this plan, or a nature out of range. */
		line(&ghost, 2025, NATURE_INVESTMENT, "État", 777, 0, 0),
		line(NULL, 2025, NATURE_INVESTMENT, "État", 777, 0, 0),
		line(el(p, "P3"), 2025, (budget_nature)7, "État", 777, 0, 0),
		/* B: past INT64_MAX, and below INT64_MIN for committed. */
		line(el(p, "B"), 2030, NATURE_OPERATING, "Autre", INT64_MAX, INT64_MIN, 0),
		line(el(p, "B"), 2031, NATURE_OPERATING, "Autre", 1, -1, 0),
	};
	plan_rollup r;
	rollup(f, p, NULL, 0, NULL, 0, lines, COUNT(lines), NULL, 0, NO, &r);
	assert_int_equal(ru(&r, p, "P1")->planned_cents, 1000000000000); /* 10^12 exactly */
	assert_int_equal(ru(&r, p, "P1")->paid_cents, 1000000000000);
	const element_rollup *ax = ru(&r, p, "AX");
	assert_int_equal(ax->planned_cents, 3 * big + 1);
	assert_int_equal(ax->committed_cents, 1000000000000);
	assert_int_equal(ax->source_count, 2); /* "État", then the lines without a source */
	assert_string_equal(ax->by_source[0].source, "État");
	expect_sum(&ax->by_source[0], 1000000000000, 1000000000000, 1000000000000);
	assert_null(ax->by_source[1].source);
	expect_sum(&ax->by_source[1], 2 * big, 0, 0);
	assert_int_equal(ru(&r, p, "P3")->planned_cents, big);
	assert_int_equal(ru(&r, p, "P3")->nature_count, 1);

	/* Saturated, never wrapped. */
	const element_rollup *b = ru(&r, p, "B");
	assert_int_equal(b->planned_cents, INT64_MAX);
	assert_int_equal(b->committed_cents, INT64_MIN);
	assert_int_equal(b->by_nature[0].planned_cents, INT64_MAX);
	assert_int_equal(b->by_year[0].planned_cents, INT64_MAX); /* 2030 alone */
	assert_int_equal(b->by_year[1].planned_cents, 1);
	assert_int_equal(r.plan.planned_cents, INT64_MAX);
	assert_int_equal(r.plan.committed_cents, INT64_MIN + 1000000000000); /* B's floor, then AX's 10^12 */
	assert_int_equal(r.plan.paid_cents, 1000000000000);
}

/* ---- progress --------------------------------------------------------------------------- */

/*   R ── C1
 *     ├─ C2
 *     └─ C3 ── G                                                                        */
static const row family_rows[] = {
	{"R", NULL, NO, NO}, {"C1", "R", NO, NO}, {"C2", "R", NO, NO},
	{"C3", "R", NO, NO}, {"G", "C3", NO, NO},
};

static element_status progress(const plan_element *e, int pct)
{
	return (element_status){.element = e, .has_progress = true, .progress_pct = pct};
}

static void test_progress_weighted_by_budget(void **state)
{
	fixture *f = *state;
	plan *p = BUILD(f, family_rows);
	const budget_line lines[] = {
		line(el(p, "C1"), 2025, NATURE_INVESTMENT, "État", 100, 0, 0),
		line(el(p, "C2"), 2025, NATURE_INVESTMENT, "État", 150, 0, 0),
		line(el(p, "C2"), 2026, NATURE_OPERATING, "État", 50, 0, 0),
	};
	/* C3 has neither progress nor budget: left out, and it does not force count
	 * weighting. (10 × 100 + 50 × 200) / 300 = 110/3. */
	const element_status st[] = {progress(el(p, "C1"), 10), progress(el(p, "C2"), 50)};
	plan_rollup r;
	rollup(f, p, st, COUNT(st), NULL, 0, lines, COUNT(lines), NULL, 0, NO, &r);
	assert_true(ru(&r, p, "R")->has_progress);
	near(ru(&r, p, "R")->progress_pct, 110.0 / 3);
	assert_false(ru(&r, p, "C3")->has_progress);
	assert_false(ru(&r, p, "G")->has_progress);
	assert_true(r.plan.has_progress);
	near(r.plan.progress_pct, 110.0 / 3);

	/* G's progress rolls into C3, whose budget comes from G's line:
	 * (10 × 100 + 50 × 200 + 70 × 300) / 600 = 160/3. */
	const budget_line lines2[] = {
		lines[0], lines[1], lines[2],
		line(el(p, "G"), 2025, NATURE_INVESTMENT, "État", 300, 0, 0),
	};
	const element_status st2[] = {st[0], st[1], progress(el(p, "G"), 70)};
	rollup(f, p, st2, COUNT(st2), NULL, 0, lines2, COUNT(lines2), NULL, 0, NO, &r);
	near(ru(&r, p, "C3")->progress_pct, 70.0);
	near(ru(&r, p, "R")->progress_pct, 160.0 / 3);
}

static void test_progress_by_count_when_a_child_has_no_budget(void **state)
{
	fixture *f = *state;
	plan *p = BUILD(f, family_rows);
	const budget_line lines[] = {
		line(el(p, "C1"), 2025, NATURE_INVESTMENT, "État", 100, 0, 0),
		line(el(p, "C2"), 2025, NATURE_INVESTMENT, "État", 200, 0, 0),
	};
	/* C3 has progress but no budget line: (10 + 50 + 40) / 3 = 100/3. */
	const element_status st[] = {progress(el(p, "C1"), 10), progress(el(p, "C2"), 50),
	                             progress(el(p, "C3"), 40)};
	plan_rollup r;
	rollup(f, p, st, COUNT(st), NULL, 0, lines, COUNT(lines), NULL, 0, NO, &r);
	near(ru(&r, p, "R")->progress_pct, 100.0 / 3);

	/* A budget of zero counts as no budget. */
	const budget_line zero[] = {lines[0], lines[1],
	                            line(el(p, "C3"), 2025, NATURE_INVESTMENT, "État", 0, 0, 0)};
	rollup(f, p, st, COUNT(st), NULL, 0, zero, COUNT(zero), NULL, 0, NO, &r);
	assert_true(ru(&r, p, "C3")->has_budget);
	near(ru(&r, p, "R")->progress_pct, 100.0 / 3);

	/* With a budget for C3 as well, weights come back: (1000 + 10000 + 40 × 300) / 600
	 * = 23000/600 = 115/3. */
	const budget_line all[] = {lines[0], lines[1],
	                           line(el(p, "C3"), 2025, NATURE_INVESTMENT, "État", 300, 0, 0)};
	rollup(f, p, st, COUNT(st), NULL, 0, all, COUNT(all), NULL, 0, NO, &r);
	near(ru(&r, p, "R")->progress_pct, 115.0 / 3);
}

static void test_progress_own_overrides_children(void **state)
{
	fixture *f = *state;
	plan *p = BUILD(f, family_rows);
	const element_status st[] = {progress(el(p, "C1"), 10), progress(el(p, "C2"), 50),
	                             progress(el(p, "R"), 5), progress(el(p, "C3"), 0),
	                             progress(el(p, "G"), 90)};
	plan_rollup r;
	rollup(f, p, st, COUNT(st), NULL, 0, NULL, 0, NULL, 0, NO, &r);
	near(ru(&r, p, "R")->progress_pct, 5.0);
	assert_true(ru(&r, p, "C3")->has_progress);
	near(ru(&r, p, "C3")->progress_pct, 0.0); /* an own 0 % is a value, not "unset" */
	near(r.plan.progress_pct, 5.0);

	/* A status without progress leaves the children's mean: (10 + 50 + 90) / 3 = 50. */
	const element_status st2[] = {st[0], st[1], {.element = el(p, "R"), .phase = "recette"},
	                              progress(el(p, "G"), 90)};
	rollup(f, p, st2, COUNT(st2), NULL, 0, NULL, 0, NULL, 0, NO, &r);
	near(ru(&r, p, "R")->progress_pct, 50.0);

	/* Nobody has progress: unset everywhere. */
	rollup(f, p, NULL, 0, NULL, 0, NULL, 0, NULL, 0, NO, &r);
	for (size_t i = 0; i < p->element_count; i++)
		assert_false(r.by_element[i].has_progress);
	assert_false(r.plan.has_progress);
}

/* ---- weather ------------------------------------------------------------------------------ */

static element_status sky(const plan_element *e, weather w)
{
	return (element_status){.element = e, .weather = w};
}

static void test_weather_worst_of_children(void **state)
{
	fixture *f = *state;
	plan *p = BUILD(f, family_rows);
	plan_rollup r;
	/* Unset weather is ignored: sunny and cloudy give cloudy. */
	const element_status st[] = {sky(el(p, "C1"), WEATHER_SUNNY),
	                             sky(el(p, "C2"), WEATHER_CLOUDY),
	                             sky(el(p, "C3"), WEATHER_UNSET)};
	rollup(f, p, st, COUNT(st), NULL, 0, NULL, 0, NULL, 0, NO, &r);
	assert_int_equal(ru(&r, p, "R")->weather, WEATHER_CLOUDY);
	assert_int_equal(ru(&r, p, "C3")->weather, WEATHER_UNSET);
	assert_int_equal(r.plan.weather, WEATHER_CLOUDY);

	/* A storm under an element without weather climbs up, also when that element
	 * has a status whose weather is unset. */
	const element_status st2[] = {st[0], st[1], st[2], sky(el(p, "G"), WEATHER_STORMY)};
	rollup(f, p, st2, COUNT(st2), NULL, 0, NULL, 0, NULL, 0, NO, &r);
	assert_int_equal(ru(&r, p, "C3")->weather, WEATHER_STORMY);
	assert_int_equal(ru(&r, p, "R")->weather, WEATHER_STORMY);

	/* An element's own weather overrides its children's, even a better one. */
	const element_status st3[] = {st[0], st[1], sky(el(p, "G"), WEATHER_STORMY),
	                              sky(el(p, "C3"), WEATHER_SUNNY)};
	rollup(f, p, st3, COUNT(st3), NULL, 0, NULL, 0, NULL, 0, NO, &r);
	assert_int_equal(ru(&r, p, "C3")->weather, WEATHER_SUNNY);
	assert_int_equal(ru(&r, p, "R")->weather, WEATHER_CLOUDY);
	const element_status st4[] = {st[0], st[1], sky(el(p, "G"), WEATHER_STORMY),
	                              sky(el(p, "R"), WEATHER_SUNNY)};
	rollup(f, p, st4, COUNT(st4), NULL, 0, NULL, 0, NULL, 0, NO, &r);
	assert_int_equal(ru(&r, p, "R")->weather, WEATHER_SUNNY);
	assert_int_equal(r.plan.weather, WEATHER_SUNNY);

	/* None set: unset. A status for an element of no plan changes nothing. */
	const element_status st5[] = {sky(&ghost, WEATHER_STORMY), sky(NULL, WEATHER_STORMY)};
	rollup(f, p, st5, COUNT(st5), NULL, 0, NULL, 0, NULL, 0, NO, &r);
	for (size_t i = 0; i < p->element_count; i++)
		assert_int_equal(r.by_element[i].weather, WEATHER_UNSET);
	assert_int_equal(r.plan.weather, WEATHER_UNSET);
}

/* ---- dates ----------------------------------------------------------------------------------- */

static void test_dates_earliest_and_latest(void **state)
{
	fixture *f = *state;
	const row rows[] = {
		{"R", NULL, NO, NO},
		{"C1", "R", iso("2024-03-01"), iso("2025-06-30")},
		{"C2", "R", NO, NO},
		{"C3", "R", iso("2023-09-01"), NO}, /* a start only */
		{"G", "C3", NO, iso("2027-12-31")}, /* an end only */
		{"S", NULL, iso("2022-01-15"), iso("2022-02-01")},
	};
	plan *p = BUILD(f, rows);
	plan_rollup r;
	rollup(f, p, NULL, 0, NULL, 0, NULL, 0, NULL, 0, NO, &r);
	const element_rollup *x = ru(&r, p, "R");
	assert_int_equal(date_compare(x->start, iso("2023-09-01")), 0);
	assert_int_equal(date_compare(x->end, iso("2027-12-31")), 0);
	x = ru(&r, p, "C3");
	assert_int_equal(date_compare(x->start, iso("2023-09-01")), 0);
	assert_int_equal(date_compare(x->end, iso("2027-12-31")), 0);
	x = ru(&r, p, "G");
	assert_false(date_is_set(x->start));
	assert_int_equal(date_compare(x->end, iso("2027-12-31")), 0);
	x = ru(&r, p, "C2");
	assert_false(date_is_set(x->start));
	assert_false(date_is_set(x->end));
	x = ru(&r, p, "C1");
	assert_int_equal(date_compare(x->start, iso("2024-03-01")), 0);
	assert_int_equal(date_compare(x->end, iso("2025-06-30")), 0);
	assert_int_equal(date_compare(r.plan.start, iso("2022-01-15")), 0);
	assert_int_equal(date_compare(r.plan.end, iso("2027-12-31")), 0);
}

/* ---- milestones --------------------------------------------------------------------------------- */

static milestone ms(const plan_element *e, const char *planned, const char *forecast,
                    milestone_status status)
{
	return (milestone){.element = e, .title = "jalon",
	                   .planned = planned ? iso(planned) : DATE_NONE,
	                   .forecast = forecast ? iso(forecast) : DATE_NONE, .status = status};
}

static void test_milestones_counted_and_late(void **state)
{
	fixture *f = *state;
	plan *p = BUILD(f, family_rows);
	const milestone m[] = {
		/* C1 */
		ms(el(p, "C1"), "2025-09-01", "2025-10-01", MILESTONE_PLANNED), /* late: forecast */
		ms(el(p, "C1"), "2025-06-01", NULL, MILESTONE_PLANNED),         /* late: today */
		ms(el(p, "C1"), "2025-05-01", "2025-07-01", MILESTONE_DONE),    /* done, not late */
		ms(el(p, "C1"), NULL, NULL, MILESTONE_PLANNED),                 /* no date */
		/* C2 */
		ms(el(p, "C2"), "2025-01-01", "2025-03-01", MILESTONE_CANCELLED), /* not late */
		ms(el(p, "C2"), "2025-06-15", NULL, MILESTONE_PLANNED),         /* today: not yet */
		/* G */
		ms(el(p, "G"), "2026-01-01", "2025-12-01", MILESTONE_PLANNED),  /* ahead */
		ms(el(p, "G"), "2025-06-14", "2025-06-01", MILESTONE_PLANNED),  /* late: today */
		/* Not in this plan: ignored. */
		ms(&ghost, "2020-01-01", NULL, MILESTONE_PLANNED),
		ms(NULL, "2020-01-01", NULL, MILESTONE_PLANNED),
	};
	plan_rollup r;
	rollup(f, p, NULL, 0, m, COUNT(m), NULL, 0, NULL, 0, iso("2025-06-15"), &r);
	const element_rollup *x = ru(&r, p, "C1");
	assert_int_equal(x->milestones, 4);
	assert_int_equal(x->milestones_done, 1);
	assert_int_equal(x->milestones_late, 2);
	x = ru(&r, p, "C2");
	assert_int_equal(x->milestones, 2); /* the cancelled one is counted, never late */
	assert_int_equal(x->milestones_done, 0);
	assert_int_equal(x->milestones_late, 0);
	x = ru(&r, p, "C3");
	assert_int_equal(x->milestones, 2);
	assert_int_equal(x->milestones_late, 1);
	x = ru(&r, p, "R");
	assert_int_equal(x->milestones, 8);
	assert_int_equal(x->milestones_done, 1);
	assert_int_equal(x->milestones_late, 3);
	assert_int_equal(r.plan.milestones, 8);
	assert_int_equal(r.plan.milestones_late, 3);

	/* Without today, only forecasts decide. */
	rollup(f, p, NULL, 0, m, COUNT(m), NULL, 0, NULL, 0, NO, &r);
	assert_int_equal(ru(&r, p, "R")->milestones_late, 1);

	/* A done milestone is never late, even with today far past. */
	const milestone done[] = {ms(el(p, "C1"), "2020-01-01", "2021-01-01", MILESTONE_DONE)};
	rollup(f, p, NULL, 0, done, 1, NULL, 0, NULL, 0, iso("2030-01-01"), &r);
	assert_int_equal(r.plan.milestones_late, 0);
	assert_int_equal(r.plan.milestones_done, 1);
}

/* ---- drift ------------------------------------------------------------------------------------- */

/* Durations in days from `day(0)`:
 *   AX  no own dates, no line            (rolled: day 0 .. day 200, 1517 cents)
 *   P1  0..100, 300 c   baseline 0..60, 200 c    → +200/3 %, +50 %
 *   P2  10..40, 90 c    baseline 10..70, 120 c   → −50 %, −25 % (under budget)
 *   P3  0..200, 1000 c  no baseline entry (added after the baseline) → none
 *   P4  5..8, 50 c      baseline 5..5, 0 c       → undefined (zero baseline)
 *   P5  no dates, no line; baseline 0..10, 10 c  → undefined (nothing current)
 *   P6  0..30, 70 c     baseline without dates nor planned → undefined
 *   P7  0..30, 7 c      baseline 0..90, 3 c      → −200/3 %, +400/3 %
 *   P8  start 0 only    baseline 0..25           → +100 % (rolled 0..50), not in the mean
 *    Q  end 50 only     no baseline
 *   NEW 0..300, 483 c   root added after the baseline
 * Baseline entries for an element deleted since, and for no element, are ignored.     */
typedef struct {
	plan *p;
	budget_line lines[8];
	baseline_entry base[11];
} drift_case;

static baseline_entry base_of(const plan_element *e, int start, int end, bool has_planned,
                              int64_t planned)
{
	return (baseline_entry){.element = e,
	                        .start = start >= 0 ? day(start) : DATE_NONE,
	                        .end = end >= 0 ? day(end) : DATE_NONE,
	                        .has_planned = has_planned, .planned_cents = planned};
}

static void drift_plan(fixture *f, drift_case *c, plan_rollup *r)
{
	const row rows[] = {
		{"AX", NULL, NO, NO},
		{"P1", "AX", day(0), day(100)},
		{"P2", "AX", day(10), day(40)},
		{"P3", "AX", day(0), day(200)},
		{"P4", "AX", day(5), day(8)},
		{"P5", "AX", NO, NO},
		{"P6", "AX", day(0), day(30)},
		{"P7", "AX", day(0), day(30)},
		{"P8", "AX", day(0), NO},
		{"Q", "P8", NO, day(50)},
		{"NEW", NULL, day(0), day(300)},
	};
	plan *p = c->p = BUILD(f, rows);
	const budget_line lines[] = {
		line(el(p, "P1"), 2024, NATURE_INVESTMENT, "État", 300, 0, 0),
		line(el(p, "P2"), 2024, NATURE_INVESTMENT, "État", 90, 0, 0),
		line(el(p, "P3"), 2024, NATURE_INVESTMENT, "État", 1000, 0, 0),
		line(el(p, "P4"), 2024, NATURE_INVESTMENT, "État", 50, 0, 0),
		line(el(p, "P6"), 2024, NATURE_INVESTMENT, "État", 70, 0, 0),
		line(el(p, "P7"), 2024, NATURE_INVESTMENT, "État", 7, 0, 0),
		line(el(p, "NEW"), 2024, NATURE_INVESTMENT, "État", 483, 0, 0),
	};
	memcpy(c->lines, lines, sizeof(lines));
	const baseline_entry base[] = {
		base_of(&ghost, 0, 1000, true, 99999), /* deleted since: ignored */
		base_of(el(p, "AX"), 0, 90, true, 323),
		base_of(el(p, "P1"), 0, 60, true, 200),
		base_of(el(p, "P2"), 10, 70, true, 120),
		base_of(el(p, "P4"), 5, 5, true, 0),
		base_of(el(p, "P5"), 0, 10, true, 10),
		base_of(el(p, "P6"), -1, -1, false, 0),
		base_of(el(p, "P7"), 0, 90, true, 3),
		base_of(el(p, "P8"), 0, 25, false, 0),
		base_of(NULL, 0, 1, true, 1),           /* no element: ignored */
	};
	memcpy(c->base, base, sizeof(base));
	rollup(f, p, NULL, 0, NULL, 0, c->lines, COUNT(lines), c->base, COUNT(base), NO, r);
}

static void test_drift_per_element(void **state)
{
	fixture *f = *state;
	drift_case c;
	plan_rollup r;
	drift_plan(f, &c, &r);
	const element_rollup *x = ru(&r, c.p, "P1");
	assert_true(x->has_schedule_drift);
	near(x->schedule_drift_pct, 200.0 / 3); /* (100 − 60) / 60 */
	assert_true(x->has_budget_drift);
	near(x->budget_drift_pct, 50.0); /* (300 − 200) / 200 */

	x = ru(&r, c.p, "P2"); /* shorter and under budget: negative drifts */
	assert_true(x->has_schedule_drift && x->has_budget_drift);
	near(x->schedule_drift_pct, -50.0); /* (30 − 60) / 60 */
	near(x->budget_drift_pct, -25.0);   /* (90 − 120) / 120 */

	x = ru(&r, c.p, "P7"); /* fractions that do not end */
	near(x->schedule_drift_pct, -200.0 / 3); /* (30 − 90) / 90 */
	near(x->budget_drift_pct, 400.0 / 3);    /* (7 − 3) / 3 */

	x = ru(&r, c.p, "P8"); /* rolled 0..50 (Q's end) against 0..25 */
	assert_true(x->has_schedule_drift);
	near(x->schedule_drift_pct, 100.0);
	assert_false(x->has_budget_drift); /* no planned figure in its baseline */

	/* The axis, from rolled figures: (200 − 90) / 90 and (1517 − 323) / 323. */
	x = ru(&r, c.p, "AX");
	assert_int_equal(x->planned_cents, 1517);
	near(x->schedule_drift_pct, 1100.0 / 9);
	near(x->budget_drift_pct, 119400.0 / 323);
}

static void test_drift_undefined(void **state)
{
	fixture *f = *state;
	drift_case c;
	plan_rollup r;
	drift_plan(f, &c, &r);
	/* Zero baseline duration and zero baseline budget. */
	assert_false(ru(&r, c.p, "P4")->has_schedule_drift);
	assert_false(ru(&r, c.p, "P4")->has_budget_drift);
	/* Nothing current: no dates, no line. */
	assert_false(ru(&r, c.p, "P5")->has_schedule_drift);
	assert_false(ru(&r, c.p, "P5")->has_budget_drift);
	/* Baseline missing its values. */
	assert_false(ru(&r, c.p, "P6")->has_schedule_drift);
	assert_false(ru(&r, c.p, "P6")->has_budget_drift);
	/* Q has an end but no start anywhere in its subtree. */
	assert_false(ru(&r, c.p, "Q")->has_schedule_drift);

	/* Negative durations: a baseline ending before it starts, and a rolled end
	 * before the rolled start (an end only on the parent, a later start only on the
	 * child). Neither gives a drift. */
	const row rows[] = {
		{"A", NULL, day(0), day(30)},
		{"B", NULL, NO, day(10)},
		{"B1", "B", day(40), NO},
	};
	plan *p = BUILD(f, rows);
	const baseline_entry base[] = {base_of(el(p, "A"), 20, 10, true, -5),
	                               base_of(el(p, "B"), 0, 10, true, 5)};
	const budget_line lines[] = {line(el(p, "A"), 2024, NATURE_INVESTMENT, "État", 5, 0, 0)};
	rollup(f, p, NULL, 0, NULL, 0, lines, 1, base, COUNT(base), NO, &r);
	assert_false(ru(&r, p, "A")->has_schedule_drift);
	assert_false(ru(&r, p, "A")->has_budget_drift); /* baseline budget below zero */
	assert_int_equal(date_compare(ru(&r, p, "B")->start, day(40)), 0);
	assert_int_equal(date_compare(ru(&r, p, "B")->end, day(10)), 0);
	assert_false(ru(&r, p, "B")->has_schedule_drift);
	assert_false(r.has_mean_schedule_drift);
}

static void test_drift_new_and_deleted_elements(void **state)
{
	fixture *f = *state;
	drift_case c;
	plan_rollup r;
	drift_plan(f, &c, &r);
	/* Added after the baseline: no entry, no drift of its own. */
	assert_false(ru(&r, c.p, "P3")->has_schedule_drift);
	assert_false(ru(&r, c.p, "P3")->has_budget_drift);
	assert_false(ru(&r, c.p, "NEW")->has_schedule_drift);
	assert_false(ru(&r, c.p, "NEW")->has_budget_drift);
	/* The deleted element's entry (day 0..1000, 99999 c) reached nobody: the drifts
	 * above are unchanged by it, and nothing crashed. Without any baseline: none. */
	plan_rollup none;
	rollup(f, c.p, NULL, 0, NULL, 0, c.lines, 7, NULL, 0, NO, &none);
	for (size_t i = 0; i < c.p->element_count; i++) {
		assert_false(none.by_element[i].has_schedule_drift);
		assert_false(none.by_element[i].has_budget_drift);
	}
	assert_false(none.has_mean_schedule_drift || none.has_mean_budget_drift);
	assert_int_equal(none.schedule_drift_count + none.budget_drift_count, 0);
	assert_false(none.plan.has_schedule_drift || none.plan.has_budget_drift);
	/* Only entries for deleted elements: the same. */
	const baseline_entry gone[] = {c.base[0], c.base[9]};
	rollup(f, c.p, NULL, 0, NULL, 0, c.lines, 7, gone, COUNT(gone), NO, &none);
	assert_false(none.has_mean_schedule_drift || none.has_mean_budget_drift);
	assert_false(none.plan.has_schedule_drift || none.plan.has_budget_drift);
}

static void test_portfolio_means(void **state)
{
	fixture *f = *state;
	drift_case c;
	plan_rollup r;
	drift_plan(f, &c, &r);
	/* Schedule: P1, P2, P7 (own start and end, both values). Not AX (no own dates:
	 * counting it would count its projects twice), not P8 (own start only), not P4
	 * and P6 (undefined), not P3 and NEW (no baseline).
	 * (200/3 − 50 − 200/3) / 3 = −50/3. */
	assert_true(r.has_mean_schedule_drift);
	assert_int_equal(r.schedule_drift_count, 3);
	near(r.mean_schedule_drift_pct, -50.0 / 3);
	/* Budget: P1, P2, P7 (own lines). Not AX (lines of its children only).
	 * (50 − 25 + 400/3) / 3 = 475/9. */
	assert_true(r.has_mean_budget_drift);
	assert_int_equal(r.budget_drift_count, 3);
	near(r.mean_budget_drift_pct, 475.0 / 9);
}

static void test_plan_level_drift(void **state)
{
	fixture *f = *state;
	drift_case c;
	plan_rollup r;
	drift_plan(f, &c, &r);
	/* The plan now: day 0..300 (NEW), 1517 + 483 = 2000 cents. Against the entries of
	 * its current roots: AX only (0..90, 323 c), NEW having none.
	 * (300 − 90) / 90 = 700/3 %; (2000 − 323) / 323 = 167700/323 %. */
	assert_int_equal(r.plan.planned_cents, 2000);
	assert_true(r.plan.has_schedule_drift);
	near(r.plan.schedule_drift_pct, 700.0 / 3);
	assert_true(r.plan.has_budget_drift);
	near(r.plan.budget_drift_pct, 167700.0 / 323);

	/* With an entry for NEW too, the baseline covers both roots: 0..300 against
	 * 0..300 (no drift), 2000 against 323 + 1677 = 2000 (none either). */
	baseline_entry base[11];
	memcpy(base, c.base, sizeof(c.base));
	base[10] = base_of(el(c.p, "NEW"), 0, 300, true, 1677);
	rollup(f, c.p, NULL, 0, NULL, 0, c.lines, 7, base, 11, NO, &r);
	near(r.plan.schedule_drift_pct, 0.0);
	near(r.plan.budget_drift_pct, 0.0);
}

static void test_empty_plan(void **state)
{
	fixture *f = *state;
	plan *p = build(f, NULL, 0);
	const budget_line lines[] = {line(&ghost, 2025, NATURE_INVESTMENT, "État", 5, 0, 0)};
	const baseline_entry base[] = {base_of(&ghost, 0, 10, true, 10)};
	plan_rollup r;
	rollup(f, p, NULL, 0, NULL, 0, lines, 1, base, 1, iso("2025-01-01"), &r);
	assert_non_null(r.by_element);
	assert_false(r.plan.has_budget);
	assert_int_equal(r.plan.milestones, 0);
	assert_false(r.plan.has_progress);
	assert_false(r.has_mean_schedule_drift || r.has_mean_budget_drift);
	assert_false(r.plan.has_schedule_drift || r.plan.has_budget_drift);
}

/* ---- size ----------------------------------------------------------------------------------------- */

enum { MANY = 10000 };

static double seconds_since(const struct timespec *t0)
{
	struct timespec t1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

/* 10,000 elements (8 children each), 10,000 milestones, 10,000 lines over 5 years,
 * 2 natures and 9 sources, a status and a baseline entry for each element. */
static void test_ten_thousand_elements(void **state)
{
	fixture *f = *state;
	plan *p = arena_alloc(f->a, sizeof(*p));
	p->elements = arena_alloc(f->a, MANY * sizeof(*p->elements));
	p->element_count = MANY;
	for (size_t i = 0; i < MANY; i++) {
		plan_element *e = &p->elements[i];
		e->code = arena_printf(f->a, "E%zu", i);
		e->parent_code = i ? arena_printf(f->a, "E%zu", (i - 1) / 8) : NULL;
		e->level = "Niveau";
		e->title = "Élément";
		e->start = day((int)(i % 400));
		e->end = day((int)(i % 400) + 30 + (int)(i % 7));
	}
	assert_true(plan_link(f->a, p, "many", &f->d));
	static const char *const sources[] = {"Établissement", "État", "Région", "CPER",
	                                      "FEDER", "France 2030", "ANR", "CDC", "Autre"};
	milestone *m = arena_alloc(f->a, MANY * sizeof(*m));
	budget_line *l = arena_alloc(f->a, MANY * sizeof(*l));
	element_status *st = arena_alloc(f->a, MANY * sizeof(*st));
	baseline_entry *b = arena_alloc(f->a, MANY * sizeof(*b));
	int64_t total = 0;
	for (size_t i = 0; i < MANY; i++) {
		const plan_element *e = &p->elements[(i * 7919) % MANY];
		m[i] = (milestone){.element = e, .planned = day((int)(i % 500)),
		                   .status = (milestone_status)(i % 3)};
		l[i] = line(e, 2024 + (int)(i % 5), (budget_nature)(i % 2), sources[i % 9],
		            (int64_t)(i + 1) * 100, (int64_t)i, 0);
		total += (int64_t)(i + 1) * 100;
		st[i] = (element_status){.element = &p->elements[i], .has_progress = i % 3 == 0,
		                         .progress_pct = (int)(i % 101),
		                         .weather = (weather)(i % WEATHER_COUNT)};
		b[i] = (baseline_entry){.element = &p->elements[i], .start = day(0),
		                        .end = day(400), .has_planned = true, .planned_cents = 1000};
	}
	plan_rollup r;
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	steering_rollup(f->a, p, st, MANY, m, MANY, l, MANY, b, MANY, day(250), &r);
	double elapsed = seconds_since(&t0);
	print_message("# steering_rollup: %d elements, %d milestones, %d lines in %.2f ms\n",
	              MANY, MANY, MANY, elapsed * 1000);
	if (elapsed > 0.2)
		fail_msg("roll-up took %.3f s", elapsed);
	const element_rollup *root = &r.by_element[0];
	assert_int_equal(root->planned_cents, total);
	assert_int_equal(root->milestones, MANY);
	assert_int_equal(root->year_count, 5);
	assert_int_equal(root->nature_count, 2);
	assert_int_equal(root->source_count, 9);
	assert_string_equal(root->by_source[0].source, "Établissement");
	int64_t by_year = 0;
	for (size_t k = 0; k < root->year_count; k++)
		by_year += root->by_year[k].planned_cents;
	assert_int_equal(by_year, total);
	assert_int_equal(r.plan.planned_cents, total);
	assert_true(r.has_mean_schedule_drift);
	assert_int_equal(r.schedule_drift_count, MANY);
}

/* ---- risks, qualification, dependencies ------------------------------------------------------ */

static void test_risk_qualification_enums(void **state)
{
	(void)state;
	risk_status rs;
	assert_true(risk_status_parse("En traitement", &rs));
	assert_int_equal(rs, RISK_TREATED);
	assert_true(risk_status_parse("closed", &rs));
	assert_int_equal(rs, RISK_CLOSED);
	assert_true(risk_status_parse("ouvert", &rs));
	assert_int_equal(rs, RISK_OPEN);
	assert_false(risk_status_parse("peut-être", &rs));
	assert_string_equal(risk_status_key(RISK_TREATED), "en-traitement");

	priority_nature n = PRIORITY_LONG_TERM;
	assert_true(priority_nature_parse("", &n));
	assert_int_equal(n, PRIORITY_NATURE_UNSET);
	assert_null(priority_nature_key(PRIORITY_NATURE_UNSET));
	assert_true(priority_nature_parse("Quick Win", &n));
	assert_int_equal(n, PRIORITY_QUICK_WIN);
	assert_true(priority_nature_parse("long terme", &n));
	assert_string_equal(priority_nature_key(n), "long-terme");
	assert_false(priority_nature_parse("moyen terme", &n));

	project_type t;
	assert_true(project_type_parse("Projet phare", &t));
	assert_int_equal(t, PROJECT_FLAGSHIP);
	assert_true(project_type_parse("amelioration-service", &t));
	assert_int_equal(t, PROJECT_IMPROVEMENT);
	assert_true(project_type_parse("Mutualisation entre établissements", &t));
	assert_string_equal(project_type_key(t), "mutualisation");
	assert_string_equal(project_type_label(PROJECT_INFRASTRUCTURE), "infrastructure territoriale");
	assert_false(project_type_parse("autre", &t));
}

static void test_top_risks(void **state)
{
	fixture *f = *state;
	const row rows[] = {{"A", NULL, NO, NO}, {"B", NULL, NO, NO}};
	plan *p = BUILD(f, rows);
	const plan_element *a = el(p, "A"), *b = el(p, "B");
	const element_risk risks[] = {
		{.element = a, .description = "r0", .probability = 2, .impact = 3},          /* 6 */
		{.element = a, .description = "r1", .probability = 4, .impact = 4,
		 .status = RISK_CLOSED},                                                       /* closed */
		{.element = b, .description = "r2", .probability = 3, .impact = 2},          /* 6, p 3 */
		{.element = b, .description = "r3", .probability = 0, .impact = 4},          /* not assessed */
		{.element = b, .description = "r4", .probability = 4, .impact = 3,
		 .status = RISK_TREATED},                                                      /* 12 */
		{.element = a, .description = "r5", .probability = 2, .impact = 3},          /* 6, tie with r0 */
		{.element = a, .description = "r6", .probability = 5, .impact = 1},          /* out of range */
	};
	assert_int_equal(steering_risk_criticality(&risks[0]), 6);
	assert_int_equal(steering_risk_criticality(&risks[3]), 0);
	assert_int_equal(steering_risk_criticality(&risks[6]), 0);
	const element_risk **top;
	size_t n = steering_top_risks(f->a, risks, COUNT(risks), 0, &top);
	/* Closed left out; 12, then the 6s by probability (r2 first), then the input order
	 * for a full tie (r0 before r5), unassessed last in input order. */
	const char *expected[] = {"r4", "r2", "r0", "r5", "r3", "r6"};
	assert_int_equal(n, COUNT(expected));
	for (size_t i = 0; i < n; i++)
		assert_string_equal(top[i]->description, expected[i]);
	assert_int_equal(steering_top_risks(f->a, risks, COUNT(risks), 2, &top), 2);
	assert_string_equal(top[1]->description, "r2");
	assert_int_equal(steering_top_risks(f->a, NULL, 0, 10, &top), 0);
}

static void test_dependency_violations(void **state)
{
	fixture *f = *state;
	const row rows[] = {
		{"R", NULL, NO, NO},
		{"A", "R", iso("2025-01-01"), iso("2025-06-30")},
		{"B", "R", iso("2025-06-30"), iso("2025-12-31")},  /* starts the day A ends: allowed */
		{"C", "R", iso("2025-06-20"), iso("2025-09-30")},  /* starts 10 days before A ends */
		{"D", "R", NO, NO},                                /* undated: undecidable */
		{"P", NULL, NO, NO},
		{"P1", "P", iso("2025-03-01"), iso("2025-04-30")}, /* P rolls up to 01/03–30/04 */
	};
	plan *p = BUILD(f, rows);
	const plan_element *a = el(p, "A"), *b = el(p, "B"), *c = el(p, "C"), *d = el(p, "D");
	const plan_element *pp = el(p, "P");
	milestone m[] = {
		ms(a, "2025-03-01", NULL, MILESTONE_PLANNED),
		ms(b, "2025-02-01", "2025-02-15", MILESTONE_PLANNED),  /* expected 15/02 */
		ms(b, "2025-01-10", NULL, MILESTONE_CANCELLED),
		ms(c, "2025-02-01", NULL, MILESTONE_DONE),
	};
	m[3].actual = iso("2025-03-05"); /* reached after m0's 01/03: fine */
	const element_dependency deps[] = {{a, b}, {a, c}, {a, d}, {pp, c}, {&ghost, a}};
	const milestone_dependency mdeps[] = {{&m[0], &m[1]}, {&m[0], &m[2]}, {&m[0], &m[3]}};
	plan_rollup r;
	rollup(f, p, NULL, 0, m, COUNT(m), NULL, 0, NULL, 0, NO, &r);
	dependency_violation *v;
	size_t n = steering_dependency_violations(f->a, p, &r, deps, COUNT(deps), mdeps, COUNT(mdeps), &v);
	assert_int_equal(n, 2);
	assert_ptr_equal(v[0].elements, &deps[1]);          /* A → C */
	assert_null(v[0].milestones);
	assert_int_equal(v[0].days, 10);
	assert_int_equal(date_compare(v[0].from_date, iso("2025-06-30")), 0);
	assert_int_equal(date_compare(v[0].to_date, iso("2025-06-20")), 0);
	assert_ptr_equal(v[1].milestones, &mdeps[0]);       /* m0 (01/03) → m1 (15/02) */
	assert_int_equal(v[1].days, 14);
	/* P (rolled up, ends 30/04) → C (starts 20/06) holds; nothing for empty inputs. */
	assert_int_equal(steering_dependency_violations(f->a, p, &r, NULL, 0, NULL, 0, &v), 0);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_keys_and_labels),
		T(test_weather_parse),
		T(test_budget_nature_parse),
		T(test_milestone_status_parse),
		T(test_drift_pct),
		T(test_budget_sums_by_year_nature_source),
		T(test_budget_large_amounts_and_saturation),
		T(test_progress_weighted_by_budget),
		T(test_progress_by_count_when_a_child_has_no_budget),
		T(test_progress_own_overrides_children),
		T(test_weather_worst_of_children),
		T(test_dates_earliest_and_latest),
		T(test_milestones_counted_and_late),
		T(test_drift_per_element),
		T(test_drift_undefined),
		T(test_drift_new_and_deleted_elements),
		T(test_portfolio_means),
		T(test_plan_level_drift),
		T(test_empty_plan),
		T(test_ten_thousand_elements),
		T(test_risk_qualification_enums),
		T(test_top_risks),
		T(test_dependency_violations),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
