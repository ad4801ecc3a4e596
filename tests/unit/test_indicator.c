/*
 * test_indicator.c — unit tests for core/indicator.c: the enumerations and their
 * parsers, the expected path, the state of an indicator (status, shortfall, trend,
 * update due) and the indicators computed from a small plan's steering data, today and
 * reconstructed in the past.
 *
 * Paths are chosen so that expected values read directly: most run from a baseline on
 * 1 January 2025 to a target ten days later, so the path moves by a tenth of the gap
 * per day. Every expected figure was computed by hand and is written as the exact
 * fraction it is, compared within 1e-9.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <math.h>

#include <cmocka.h>

#include "core/indicator.h"
#include "core/plan.h"
#include "core/steering.h"
#include "util/arena.h"
#include "util/date.h"
#include "util/diag.h"

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

static jalon_date iso(const char *s)
{
	jalon_date d;
	const char *why;
	if (!date_parse(s, &d, &why))
		fail_msg("bad test date %s: %s", s, why);
	return d;
}

#define near(actual, expected) check_near((actual), (expected), #expected, __LINE__)

static void check_near(double actual, double expected, const char *what, int at_line)
{
	if (!(fabs(actual - expected) < 1e-9))
		fail_msg("line %d: got %.15g, expected %s = %.15g", at_line, actual, what, expected);
}

#define same_date(actual, expected) check_date((actual), (expected), __LINE__)

static void check_date(jalon_date actual, const char *expected, int at_line)
{
	char got[11];
	date_format_iso(actual, got);
	if (strcmp(got, expected) != 0)
		fail_msg("line %d: got date « %s », expected « %s »", at_line, got, expected);
}

#define COUNT(array) (sizeof(array) / sizeof((array)[0]))

/* ---- enumerations ------------------------------------------------------------------ */

static void test_keys_and_labels(void **state)
{
	(void)state;
	static const char *const dir_keys[] = {"hausse", "baisse", "cible"};
	static const char *const dir_labels[] = {"plus est mieux", "moins est mieux",
	                                         "au plus près de la cible"};
	for (int i = 0; i < DIRECTION_COUNT; i++) {
		assert_string_equal(indicator_direction_key((indicator_direction)i), dir_keys[i]);
		assert_string_equal(indicator_direction_label((indicator_direction)i), dir_labels[i]);
		indicator_direction back = DIRECTION_COUNT;
		assert_true(indicator_direction_parse(dir_keys[i], &back));
		assert_int_equal(back, i);
		back = DIRECTION_COUNT;
		assert_true(indicator_direction_parse(dir_labels[i], &back));
		assert_int_equal(back, i);
	}
	assert_string_equal(indicator_direction_key(DIRECTION_COUNT), "hausse");

	static const char *const freq_keys[] = {"mensuelle", "trimestrielle", "semestrielle",
	                                        "annuelle"};
	for (int i = 0; i < FREQUENCY_COUNT; i++) {
		assert_string_equal(indicator_frequency_key((indicator_frequency)i), freq_keys[i]);
		assert_string_equal(indicator_frequency_label((indicator_frequency)i), freq_keys[i]);
		indicator_frequency back = FREQUENCY_COUNT;
		assert_true(indicator_frequency_parse(freq_keys[i], &back));
		assert_int_equal(back, i);
	}

	static const char *const status_keys[] = {"no_data", "on_track", "at_risk", "off_track"};
	static const char *const status_labels[] = {"sans donnée", "en bonne voie", "à surveiller",
	                                            "hors trajectoire"};
	for (int i = 0; i < INDICATOR_STATUS_COUNT; i++) {
		assert_string_equal(indicator_status_key((indicator_status)i), status_keys[i]);
		assert_string_equal(indicator_status_label((indicator_status)i), status_labels[i]);
	}
	assert_string_equal(indicator_status_key(INDICATOR_STATUS_COUNT), "no_data");

	assert_string_equal(indicator_trend_label(TREND_NONE), "sans tendance");
	assert_string_equal(indicator_trend_label(TREND_IMPROVING), "en amélioration");
	assert_string_equal(indicator_trend_label(TREND_STEADY), "stable");
	assert_string_equal(indicator_trend_label(TREND_WORSENING), "en dégradation");

	static const char *const formula_keys[] = {NULL, "avancement", "jalons-atteints",
	                                           "respect-delais", "respect-budget",
	                                           "projets-dans-budget", "ecart-calendaire",
	                                           "ecart-budgetaire"};
	static const char *const formula_labels[] = {
		"saisie manuelle", "taux d'avancement", "jalons atteints / prévus",
		"respect des délais", "taux de respect du budget", "part des projets dans leur budget",
		"écart calendaire moyen", "écart budgétaire moyen"};
	for (int i = 0; i < FORMULA_COUNT; i++) {
		indicator_formula fo = (indicator_formula)i;
		if (formula_keys[i])
			assert_string_equal(indicator_formula_key(fo), formula_keys[i]);
		else
			assert_null(indicator_formula_key(fo));
		assert_string_equal(indicator_formula_label(fo), formula_labels[i]);
		indicator_formula back = FORMULA_COUNT;
		assert_true(indicator_formula_parse(formula_labels[i], &back));
		assert_int_equal(back, i);
		if (formula_keys[i]) {
			back = FORMULA_COUNT;
			assert_true(indicator_formula_parse(formula_keys[i], &back));
			assert_int_equal(back, i);
			assert_string_equal(indicator_formula_unit(fo), "%");
		} else {
			assert_null(indicator_formula_unit(fo));
		}
	}
	assert_null(indicator_formula_key(FORMULA_COUNT));

	assert_int_equal(indicator_default_family_count, 6);
	static const char *const families[] = {"suivi de projet", "performance opérationnelle",
	                                       "financier", "adoption et satisfaction",
	                                       "sécurité et conformité", "environnement"};
	for (size_t i = 0; i < COUNT(families); i++)
		assert_string_equal(indicator_default_families[i], families[i]);
}

static void test_parsers(void **state)
{
	(void)state;
	static const struct {
		const char *typed;
		int expected; /* -1: refused */
	} dirs[] = {
		{"Hausse", DIRECTION_UP},        {"up", DIRECTION_UP},          {"HIGHER", DIRECTION_UP},
		{"+", DIRECTION_UP},             {"Plus est mieux", DIRECTION_UP},
		{"BAISSE", DIRECTION_DOWN},      {"down", DIRECTION_DOWN},      {"Lower", DIRECTION_DOWN},
		{"-", DIRECTION_DOWN},           {"\xe2\x88\x92", DIRECTION_DOWN},
		{"moins est mieux", DIRECTION_DOWN},
		{"Cible", DIRECTION_TARGET},     {"target", DIRECTION_TARGET},  {"=", DIRECTION_TARGET},
		{"au plus pres de la cible", DIRECTION_TARGET},
		{"", -1},                        {"sideways", -1},              {"--", -1},
		{"*", -1},
	};
	for (size_t i = 0; i < COUNT(dirs); i++) {
		indicator_direction d = DIRECTION_COUNT;
		bool ok = indicator_direction_parse(dirs[i].typed, &d);
		if (ok != (dirs[i].expected >= 0) || (ok && (int)d != dirs[i].expected))
			fail_msg("direction « %s »: got %d (%s)", dirs[i].typed, (int)d, ok ? "ok" : "refused");
	}
	assert_false(indicator_direction_parse(NULL, &(indicator_direction){0}));

	static const struct {
		const char *typed;
		int expected;
	} freqs[] = {
		{"Mensuelle", FREQUENCY_MONTHLY},       {"monthly", FREQUENCY_MONTHLY},
		{"mois", FREQUENCY_MONTHLY},            {"TRIMESTRIELLE", FREQUENCY_QUARTERLY},
		{"quarterly", FREQUENCY_QUARTERLY},     {"trimestre", FREQUENCY_QUARTERLY},
		{"semestrielle", FREQUENCY_HALF_YEARLY}, {"half-yearly", FREQUENCY_HALF_YEARLY},
		{"Semestre", FREQUENCY_HALF_YEARLY},    {"annuelle", FREQUENCY_YEARLY},
		{"Yearly", FREQUENCY_YEARLY},           {"annual", FREQUENCY_YEARLY},
		{"année", FREQUENCY_YEARLY},            {"weekly", -1},
		{"", -1},
	};
	for (size_t i = 0; i < COUNT(freqs); i++) {
		indicator_frequency fr = FREQUENCY_COUNT;
		bool ok = indicator_frequency_parse(freqs[i].typed, &fr);
		if (ok != (freqs[i].expected >= 0) || (ok && (int)fr != freqs[i].expected))
			fail_msg("frequency « %s »: got %d (%s)", freqs[i].typed, (int)fr, ok ? "ok" : "refused");
	}

	static const struct {
		const char *typed;
		int expected;
	} forms[] = {
		{"", FORMULA_NONE},                       {"aucune", FORMULA_NONE},
		{"none", FORMULA_NONE},                   {"Avancement", FORMULA_PROGRESS},
		{"progress", FORMULA_PROGRESS},           {"jalons atteints", FORMULA_MILESTONES_DONE},
		{"milestones-done", FORMULA_MILESTONES_DONE},
		{"Respect des délais", FORMULA_ON_TIME},  {"respect_delais", FORMULA_ON_TIME},
		{"on-time", FORMULA_ON_TIME},             {"respect-budget", FORMULA_BUDGET_PAID},
		{"budget-paid", FORMULA_BUDGET_PAID},     {"projets dans budget", FORMULA_PROJECTS_IN_BUDGET},
		{"Projects-In-Budget", FORMULA_PROJECTS_IN_BUDGET},
		{"écart calendaire", FORMULA_SCHEDULE_DRIFT}, {"schedule-drift", FORMULA_SCHEDULE_DRIFT},
		{"Ecart-Budgétaire", FORMULA_BUDGET_DRIFT}, {"budget-drift", FORMULA_BUDGET_DRIFT},
		{"magie", -1},
	};
	for (size_t i = 0; i < COUNT(forms); i++) {
		indicator_formula fo = FORMULA_COUNT;
		bool ok = indicator_formula_parse(forms[i].typed, &fo);
		if (ok != (forms[i].expected >= 0) || (ok && (int)fo != forms[i].expected))
			fail_msg("formula « %s »: got %d (%s)", forms[i].typed, (int)fo, ok ? "ok" : "refused");
	}
	assert_false(indicator_formula_parse(NULL, &(indicator_formula){0}));
}

/* ---- indicators and measurements --------------------------------------------------- */

/* An indicator with a baseline (unless base_date is NULL) and up to four targets. */
typedef struct {
	indicator ind;
	indicator_point targets[4];
} test_indicator;

static void make(test_indicator *t, indicator_direction d, double tolerance,
                 const char *base_date, double base_value)
{
	memset(t, 0, sizeof(*t));
	t->ind.code = "IND";
	t->ind.name = "Indicateur d'essai";
	t->ind.direction = d;
	t->ind.frequency = FREQUENCY_MONTHLY;
	t->ind.tolerance = tolerance;
	t->ind.targets = t->targets;
	if (base_date) {
		t->ind.has_baseline = true;
		t->ind.baseline = (indicator_point){iso(base_date), base_value};
	}
}

static void target(test_indicator *t, const char *date, double value)
{
	t->targets[t->ind.target_count++] = (indicator_point){iso(date), value};
}

static measurement meas(const test_indicator *t, int64_t id, const char *date, double value)
{
	return (measurement){.id = id, .indicator = &t->ind, .date = iso(date), .value = value};
}

static double expected_at(const test_indicator *t, const char *date)
{
	double v = NAN;
	if (!indicator_expected(&t->ind, iso(date), &v))
		fail_msg("no expected value at %s", date);
	return v;
}

/* The state with one measurement of `value` on `date`. */
static indicator_state one(const test_indicator *t, const char *date, double value)
{
	measurement m = meas(t, 1, date, value);
	indicator_state s;
	indicator_evaluate(&t->ind, &m, 1, iso(date), &s);
	return s;
}

/* ---- the expected path --------------------------------------------------------------- */

static void test_path_interpolates_and_is_flat_outside(void **state)
{
	(void)state;
	test_indicator t;
	/* 2024 is a leap year: 1 January to 31 December is 365 days. */
	make(&t, DIRECTION_UP, 0, "2024-01-01", 20);
	target(&t, "2024-12-31", 80);
	target(&t, "2025-12-31", 100);
	near(expected_at(&t, "2023-06-01"), 20);           /* before the first point */
	near(expected_at(&t, "2024-01-01"), 20);
	near(expected_at(&t, "2024-07-01"), 20 + 60.0 * 182 / 365); /* 182 days in */
	near(expected_at(&t, "2024-12-31"), 80);
	near(expected_at(&t, "2025-07-02"), 80 + 20.0 * 183 / 365);
	near(expected_at(&t, "2025-12-31"), 100);
	near(expected_at(&t, "2030-01-01"), 100);          /* after the last target */
	double v = 7;
	assert_false(indicator_expected(&t.ind, DATE_NONE, &v));
	assert_true(v == 7);
	assert_false(indicator_expected(NULL, iso("2025-01-01"), &v));

	/* Targets given out of order and a target on the baseline's date (it wins). */
	make(&t, DIRECTION_UP, 0, "2025-01-01", 0);
	target(&t, "2025-01-21", 40);
	target(&t, "2025-01-01", 10);
	target(&t, "2025-01-11", 30);
	near(expected_at(&t, "2024-12-01"), 10);
	near(expected_at(&t, "2025-01-01"), 10);
	near(expected_at(&t, "2025-01-06"), 20);
	near(expected_at(&t, "2025-01-16"), 35);
	near(expected_at(&t, "2025-02-01"), 40);
}

static void test_path_partial_or_missing(void **state)
{
	(void)state;
	test_indicator t;
	double v;

	/* No path at all. */
	make(&t, DIRECTION_UP, 0, NULL, 0);
	assert_false(indicator_expected(&t.ind, iso("2025-01-01"), &v));
	/* A baseline without a date is no point of the path. */
	t.ind.has_baseline = true;
	t.ind.baseline = (indicator_point){DATE_NONE, 12};
	assert_false(indicator_expected(&t.ind, iso("2025-01-01"), &v));

	/* A baseline alone: flat. */
	make(&t, DIRECTION_UP, 0, "2025-01-01", 12);
	near(expected_at(&t, "2020-01-01"), 12);
	near(expected_at(&t, "2030-01-01"), 12);

	/* No baseline but targets: the first target before it, then straight lines. */
	make(&t, DIRECTION_UP, 0, NULL, 0);
	target(&t, "2025-06-30", 50);
	target(&t, "2025-07-10", 100);
	near(expected_at(&t, "2025-01-01"), 50);
	near(expected_at(&t, "2025-07-05"), 75);
	near(expected_at(&t, "2026-01-01"), 100);
}

/* ---- status, shortfall, trend --------------------------------------------------------- */

static void test_no_measurement(void **state)
{
	(void)state;
	test_indicator t;
	make(&t, DIRECTION_UP, 5, "2025-01-01", 0);
	target(&t, "2025-01-11", 100);
	t.ind.frequency = FREQUENCY_QUARTERLY;
	indicator_state s;
	indicator_evaluate(&t.ind, NULL, 0, iso("2025-01-06"), &s);
	assert_int_equal(s.status, STATUS_NO_DATA);
	assert_false(s.has_latest);
	assert_false(s.has_previous);
	assert_int_equal(s.trend, TREND_NONE);
	assert_true(s.has_expected_today);
	near(s.expected_today, 50);
	assert_false(s.has_expected_at_latest);
	/* The baseline date decides when the first measurement is expected. */
	same_date(s.next_due, "2025-04-01");
	assert_false(s.update_due);
	indicator_evaluate(&t.ind, NULL, 0, iso("2025-04-01"), &s);
	assert_false(s.update_due); /* on the due date itself: not yet overdue */
	indicator_evaluate(&t.ind, NULL, 0, iso("2025-04-02"), &s);
	assert_true(s.update_due);

	/* Neither measurement nor baseline: nothing to date the next one from. */
	make(&t, DIRECTION_UP, 5, NULL, 0);
	target(&t, "2025-12-31", 100);
	indicator_evaluate(&t.ind, NULL, 0, iso("2026-06-01"), &s);
	assert_int_equal(s.status, STATUS_NO_DATA);
	assert_false(date_is_set(s.next_due));
	assert_false(s.update_due);
	assert_true(s.has_expected_today);
	near(s.expected_today, 100);
}

static void test_higher_is_better(void **state)
{
	(void)state;
	test_indicator t;
	make(&t, DIRECTION_UP, 5, "2025-01-01", 0);
	target(&t, "2025-01-11", 100); /* 50 expected on 6 January */
	static const struct {
		double value, shortfall;
		indicator_status status;
	} cases[] = {
		{50, 0, STATUS_ON_TRACK},   {47, 3, STATUS_ON_TRACK},   {45, 5, STATUS_ON_TRACK},
		{44, 6, STATUS_AT_RISK},    {40, 10, STATUS_AT_RISK},   {39, 11, STATUS_OFF_TRACK},
		{0, 50, STATUS_OFF_TRACK},  {60, -10, STATUS_ON_TRACK},
	};
	for (size_t i = 0; i < COUNT(cases); i++) {
		indicator_state s = one(&t, "2025-01-06", cases[i].value);
		assert_true(s.has_latest);
		assert_true(s.has_expected_at_latest);
		near(s.expected_at_latest, 50);
		near(s.shortfall, cases[i].shortfall);
		if (s.status != cases[i].status)
			fail_msg("value %g: status %d, expected %d", cases[i].value, s.status, cases[i].status);
	}
}

static void test_lower_is_better(void **state)
{
	(void)state;
	test_indicator t;
	make(&t, DIRECTION_DOWN, 5, "2025-01-01", 100);
	target(&t, "2025-01-11", 0); /* 50 expected on 6 January */
	static const struct {
		double value, shortfall;
		indicator_status status;
	} cases[] = {
		{53, 3, STATUS_ON_TRACK},  {55, 5, STATUS_ON_TRACK},  {57, 7, STATUS_AT_RISK},
		{60, 10, STATUS_AT_RISK},  {61, 11, STATUS_OFF_TRACK}, {40, -10, STATUS_ON_TRACK},
	};
	for (size_t i = 0; i < COUNT(cases); i++) {
		indicator_state s = one(&t, "2025-01-06", cases[i].value);
		near(s.shortfall, cases[i].shortfall);
		if (s.status != cases[i].status)
			fail_msg("value %g: status %d, expected %d", cases[i].value, s.status, cases[i].status);
	}
	/* Trend: down is better. */
	measurement ms[] = {meas(&t, 1, "2025-01-05", 60), meas(&t, 2, "2025-01-06", 53)};
	indicator_state s;
	indicator_evaluate(&t.ind, ms, 2, iso("2025-01-06"), &s);
	assert_int_equal(s.trend, TREND_IMPROVING);
	ms[1].value = 61;
	indicator_evaluate(&t.ind, ms, 2, iso("2025-01-06"), &s);
	assert_int_equal(s.trend, TREND_WORSENING);
	ms[1].value = 60;
	indicator_evaluate(&t.ind, ms, 2, iso("2025-01-06"), &s);
	assert_int_equal(s.trend, TREND_STEADY);
}

static void test_close_to_target(void **state)
{
	(void)state;
	test_indicator t;
	/* Stay at 50 from 50 (availability-like), tolerance 2. */
	make(&t, DIRECTION_TARGET, 2, "2025-01-01", 50);
	target(&t, "2025-01-11", 50);
	static const struct {
		double value, shortfall;
		indicator_status status;
	} cases[] = {
		{50, 0, STATUS_ON_TRACK},  {51, 1, STATUS_ON_TRACK},  {48, 2, STATUS_ON_TRACK},
		{47, 3, STATUS_AT_RISK},   {54, 4, STATUS_AT_RISK},   {55, 5, STATUS_OFF_TRACK},
		{44.5, 5.5, STATUS_OFF_TRACK},
	};
	for (size_t i = 0; i < COUNT(cases); i++) {
		indicator_state s = one(&t, "2025-01-06", cases[i].value);
		near(s.shortfall, cases[i].shortfall);
		if (s.status != cases[i].status)
			fail_msg("value %g: status %d, expected %d", cases[i].value, s.status, cases[i].status);
	}

	/* The trend looks at the distance to the last target (here 80), not to the path. */
	make(&t, DIRECTION_TARGET, 2, "2025-01-01", 50);
	target(&t, "2025-12-31", 80);
	static const struct {
		double previous, latest;
		indicator_trend trend;
	} trends[] = {
		{70, 75, TREND_IMPROVING},  /* 10 away, then 5 */
		{85, 82, TREND_IMPROVING},  /* from above */
		{75, 90, TREND_WORSENING},  /* 5 away, then 10 (overshoot) */
		{78, 82, TREND_STEADY},     /* 2 away on either side */
		{60, 60, TREND_STEADY},
	};
	for (size_t i = 0; i < COUNT(trends); i++) {
		measurement ms[] = {meas(&t, 1, "2025-03-01", trends[i].previous),
		                    meas(&t, 2, "2025-04-01", trends[i].latest)};
		indicator_state s;
		indicator_evaluate(&t.ind, ms, 2, iso("2025-04-01"), &s);
		if (s.trend != trends[i].trend)
			fail_msg("%g then %g: trend %d, expected %d", trends[i].previous, trends[i].latest,
			         s.trend, trends[i].trend);
	}
}

static void test_target_in_the_past(void **state)
{
	(void)state;
	test_indicator t;
	make(&t, DIRECTION_UP, 1, "2024-01-01", 20);
	target(&t, "2024-12-31", 80);
	measurement m = meas(&t, 1, "2025-05-01", 78);
	indicator_state s;
	indicator_evaluate(&t.ind, &m, 1, iso("2025-06-01"), &s);
	near(s.expected_at_latest, 80); /* flat after the last target */
	near(s.expected_today, 80);
	near(s.shortfall, 2);
	assert_int_equal(s.status, STATUS_AT_RISK);
	m.value = 81;
	indicator_evaluate(&t.ind, &m, 1, iso("2025-06-01"), &s);
	near(s.shortfall, -1);
	assert_int_equal(s.status, STATUS_ON_TRACK);
}

static void test_measurements_out_of_order(void **state)
{
	(void)state;
	test_indicator t, other;
	make(&t, DIRECTION_UP, 5, "2025-01-01", 0);
	target(&t, "2025-12-31", 100);
	make(&other, DIRECTION_UP, 5, "2025-01-01", 0);
	measurement ms[] = {
		meas(&t, 3, "2025-03-01", 30),
		meas(&other, 9, "2025-04-01", 99), /* another indicator's: skipped */
		meas(&t, 1, "2025-01-15", 10),
		meas(&t, 2, "2025-02-01", 20),
		{.id = 8, .indicator = &t.ind, .date = DATE_NONE, .value = 77}, /* undated: skipped */
	};
	indicator_state s;
	indicator_evaluate(&t.ind, ms, COUNT(ms), iso("2025-03-10"), &s);
	assert_true(s.has_latest);
	same_date(s.latest.date, "2025-03-01");
	near(s.latest.value, 30);
	assert_true(s.has_previous);
	same_date(s.previous.date, "2025-02-01");
	near(s.previous.value, 20);
	assert_int_equal(s.trend, TREND_IMPROVING);
	/* 1 March is day 59 of 364 on the path. */
	near(s.expected_at_latest, 100.0 * 59 / 364);
	near(s.shortfall, 100.0 * 59 / 364 - 30);
	assert_int_equal(s.status, STATUS_ON_TRACK);
	near(s.expected_today, 100.0 * 68 / 364);
	same_date(s.next_due, "2025-04-01");
	assert_false(s.update_due);
}

static void test_two_measurements_on_one_date(void **state)
{
	(void)state;
	test_indicator t;
	make(&t, DIRECTION_UP, 5, "2025-01-01", 0);
	target(&t, "2025-12-31", 100);
	/* The last entered (the larger id) of 1 March replaces the other; the previous
	 * measurement is the one of an earlier date. */
	measurement ms[] = {
		meas(&t, 5, "2025-02-01", 20),
		meas(&t, 7, "2025-03-01", 25),
		meas(&t, 6, "2025-03-01", 35),
	};
	indicator_state s;
	indicator_evaluate(&t.ind, ms, COUNT(ms), iso("2025-03-01"), &s);
	near(s.latest.value, 25);
	same_date(s.previous.date, "2025-02-01");
	near(s.previous.value, 20);
	assert_int_equal(s.trend, TREND_IMPROVING);

	/* Not saved yet (id 0): entered after any saved one, then in array order. */
	ms[1].id = 0;
	indicator_evaluate(&t.ind, ms, COUNT(ms), iso("2025-03-01"), &s);
	near(s.latest.value, 25);
	ms[2].id = 0;
	indicator_evaluate(&t.ind, ms, COUNT(ms), iso("2025-03-01"), &s);
	near(s.latest.value, 35);
	ms[1].id = ms[2].id = 4;
	indicator_evaluate(&t.ind, ms, COUNT(ms), iso("2025-03-01"), &s);
	near(s.latest.value, 35);

	/* Two on the only date: no previous, no trend. */
	measurement two[] = {meas(&t, 1, "2025-03-01", 10), meas(&t, 2, "2025-03-01", 12)};
	indicator_evaluate(&t.ind, two, 2, iso("2025-03-01"), &s);
	near(s.latest.value, 12);
	assert_false(s.has_previous);
	assert_int_equal(s.trend, TREND_NONE);
}

static void test_tolerance_zero(void **state)
{
	(void)state;
	test_indicator t;
	make(&t, DIRECTION_UP, 0, "2025-01-01", 0);
	target(&t, "2025-01-11", 100);
	assert_int_equal(one(&t, "2025-01-06", 50).status, STATUS_ON_TRACK);
	assert_int_equal(one(&t, "2025-01-06", 50.5).status, STATUS_ON_TRACK);
	assert_int_equal(one(&t, "2025-01-06", 49.9).status, STATUS_OFF_TRACK); /* never at risk */
	assert_int_equal(one(&t, "2025-01-06", 0).status, STATUS_OFF_TRACK);
	/* A negative tolerance counts as 0. */
	t.ind.tolerance = -3;
	assert_int_equal(one(&t, "2025-01-06", 49).status, STATUS_OFF_TRACK);
	assert_int_equal(one(&t, "2025-01-06", 50).status, STATUS_ON_TRACK);

	/* A typed value equal to an interpolated one is on track despite rounding:
	 * 0,1 + 0,6 × 3/10 is not exactly the double nearest 0,28. */
	make(&t, DIRECTION_UP, 0, "2025-01-01", 0.1);
	target(&t, "2025-01-11", 0.7);
	indicator_state s = one(&t, "2025-01-04", 0.28);
	assert_int_equal(s.status, STATUS_ON_TRACK);
	make(&t, DIRECTION_TARGET, 0, "2025-01-01", 0.1);
	target(&t, "2025-01-11", 0.7);
	assert_int_equal(one(&t, "2025-01-04", 0.28).status, STATUS_ON_TRACK);
	assert_int_equal(one(&t, "2025-01-04", 0.281).status, STATUS_OFF_TRACK);
}

static void test_no_baseline_but_targets(void **state)
{
	(void)state;
	test_indicator t;
	make(&t, DIRECTION_UP, 5, NULL, 0);
	target(&t, "2025-06-30", 50);
	target(&t, "2025-12-31", 100);
	t.ind.frequency = FREQUENCY_HALF_YEARLY;
	indicator_state s = one(&t, "2025-03-01", 45);
	near(s.expected_at_latest, 50); /* before the first target: its value */
	near(s.shortfall, 5);
	assert_int_equal(s.status, STATUS_ON_TRACK);
	same_date(s.next_due, "2025-09-01");
	s = one(&t, "2025-03-01", 44);
	assert_int_equal(s.status, STATUS_AT_RISK);
}

static void test_no_path(void **state)
{
	(void)state;
	test_indicator t;
	make(&t, DIRECTION_UP, 5, NULL, 0);
	t.ind.frequency = FREQUENCY_YEARLY;
	measurement ms[] = {meas(&t, 1, "2024-06-01", 10), meas(&t, 2, "2025-06-01", 12)};
	indicator_state s;
	indicator_evaluate(&t.ind, ms, 2, iso("2025-07-01"), &s);
	assert_int_equal(s.status, STATUS_NO_DATA);
	assert_true(s.has_latest);
	near(s.latest.value, 12);
	assert_false(s.has_expected_at_latest);
	assert_false(s.has_expected_today);
	assert_int_equal(s.trend, TREND_IMPROVING); /* the direction suffices */
	same_date(s.next_due, "2026-06-01");
	assert_false(s.update_due);
	indicator_evaluate(&t.ind, ms, 2, iso("2026-06-02"), &s);
	assert_true(s.update_due);
	/* "Close to target" without any target: no trend. */
	t.ind.direction = DIRECTION_TARGET;
	indicator_evaluate(&t.ind, ms, 2, iso("2025-07-01"), &s);
	assert_int_equal(s.trend, TREND_NONE);
}

/* ---- update due ---------------------------------------------------------------------- */

static void test_update_due_per_frequency(void **state)
{
	(void)state;
	static const struct {
		indicator_frequency frequency;
		const char *latest, *next_due;
	} cases[] = {
		{FREQUENCY_MONTHLY, "2024-01-31", "2024-02-29"},   /* leap year */
		{FREQUENCY_MONTHLY, "2025-01-31", "2025-02-28"},
		{FREQUENCY_MONTHLY, "2025-03-31", "2025-04-30"},
		{FREQUENCY_MONTHLY, "2025-01-15", "2025-02-15"},
		{FREQUENCY_MONTHLY, "2024-12-31", "2025-01-31"},   /* across a year */
		{FREQUENCY_QUARTERLY, "2024-11-30", "2025-02-28"},
		{FREQUENCY_QUARTERLY, "2025-03-31", "2025-06-30"},
		{FREQUENCY_QUARTERLY, "2025-01-31", "2025-04-30"},
		{FREQUENCY_HALF_YEARLY, "2024-08-31", "2025-02-28"},
		{FREQUENCY_HALF_YEARLY, "2025-06-30", "2025-12-30"},
		{FREQUENCY_YEARLY, "2024-02-29", "2025-02-28"},
		{FREQUENCY_YEARLY, "2025-12-31", "2026-12-31"},
	};
	for (size_t i = 0; i < COUNT(cases); i++) {
		test_indicator t;
		make(&t, DIRECTION_UP, 0, "2020-01-01", 0);
		t.ind.frequency = cases[i].frequency;
		measurement m = meas(&t, 1, cases[i].latest, 1);
		jalon_date due = iso(cases[i].next_due);
		indicator_state s;
		indicator_evaluate(&t.ind, &m, 1, due, &s);
		if (date_compare(s.next_due, due) != 0) {
			char got[11];
			date_format_iso(s.next_due, got);
			fail_msg("%s + one period (%d): got %s, expected %s", cases[i].latest,
			         cases[i].frequency, got, cases[i].next_due);
		}
		assert_false(s.update_due); /* on the due date */
		indicator_evaluate(&t.ind, &m, 1, date_from_days(date_to_days(due) + 1), &s);
		assert_true(s.update_due);  /* the day after */
		indicator_evaluate(&t.ind, &m, 1, iso(cases[i].latest), &s);
		assert_false(s.update_due);
	}

	/* A measurement dated after today, or no today: not due. */
	test_indicator t;
	make(&t, DIRECTION_UP, 0, NULL, 0);
	measurement m = meas(&t, 1, "2025-09-01", 1);
	indicator_state s;
	indicator_evaluate(&t.ind, &m, 1, iso("2025-06-01"), &s);
	assert_false(s.update_due);
	indicator_evaluate(&t.ind, &m, 1, DATE_NONE, &s);
	assert_false(s.update_due);
	same_date(s.next_due, "2025-10-01");
	assert_false(s.has_expected_today);
}

/* ---- computed indicators -------------------------------------------------------------- */

typedef struct {
	const char *code, *parent;
	jalon_date start, end;
} row;

#define NO DATE_NONE

static plan *build(fixture *f, const row *rows, size_t n)
{
	plan *p = arena_alloc(f->a, sizeof(*p));
	p->title = "Plan d'essai";
	p->elements = arena_alloc(f->a, n * sizeof(*p->elements));
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

static const plan_element *el(const plan *p, const char *code)
{
	const plan_element *e = plan_find(p, code);
	if (!e)
		fail_msg("no element %s", code);
	return e;
}

static plan_element ghost = {.code = "GONE", .level = "Projet", .title = "supprimé"};

/*
 * The plan, given out of depth-first order so that a subtree is not a run of the
 * elements array:            A ─ P1 ─ T1
 *                              └ P2
 *                            B ─ P3
 *                            C (nothing)
 * Today is 15 January 2025. Milestones:
 *   P1: m1 due 01/06/2024, reached 30/05 (on time); m2 due 01/09/2024, reached 10/09
 *       (late); m3 cancelled; m4 due 01/03/2025 (not due yet)
 *   T1: m9 due 01/07/2024, reached that day (on time)
 *   P2: m5 due 01/12/2024, not reached; m6 due today, reached, no actual date
 *   B:  m7 due 01/11/2024, reached that day
 *   P3: m8 cancelled
 * Budget lines (euros): A 100 planned, nothing committed; P1 1 000 + 500 planned,
 *   800 + 600 committed, 500 + 100 paid; P2 200 planned, 250 committed (over), 200
 *   paid; P3 300 planned, 300 committed (within: equal), 150 paid.
 * Progress: P1 50 %, P2 100 %, P3 20 %.
 * Baseline: P1 01/01–01/07/2024 (182 days; now 365) and 1 000 planned (now 1 500);
 *   P2 as it is now; P3 400 planned (now 300); A the same dates as P1, no planned total.
 */
typedef struct {
	plan *p;
	plan_rollup r;
	milestone ms[10];
	size_t mcount;
	budget_line lines[7];
	size_t lcount;
	jalon_date today;
} small_plan;

static void small(fixture *f, small_plan *s)
{
	static const row rows[] = {
		{"A", NULL, NO, NO},
		{"B", NULL, NO, NO},
		{"P3", "B", NO, NO},
		{"P1", "A", {2024, 1, 1}, {2024, 12, 31}},
		{"C", NULL, NO, NO},
		{"P2", "A", {2024, 3, 1}, {2024, 6, 30}},
		{"T1", "P1", NO, NO},
	};
	memset(s, 0, sizeof(*s));
	s->p = build(f, rows, COUNT(rows));
	plan *p = s->p;
	s->today = iso("2025-01-15");
	const plan_element *P1 = el(p, "P1"), *P2 = el(p, "P2"), *P3 = el(p, "P3"),
	                   *T1 = el(p, "T1"), *A = el(p, "A"), *B = el(p, "B");
	milestone ms[] = {
		{.element = P1, .title = "m1", .planned = iso("2024-06-01"), .actual = iso("2024-05-30"),
		 .status = MILESTONE_DONE},
		{.element = P1, .title = "m2", .planned = iso("2024-09-01"), .actual = iso("2024-09-10"),
		 .status = MILESTONE_DONE},
		{.element = P1, .title = "m3", .planned = iso("2024-10-01"), .status = MILESTONE_CANCELLED},
		{.element = P1, .title = "m4", .planned = iso("2025-03-01"), .status = MILESTONE_PLANNED},
		{.element = P2, .title = "m5", .planned = iso("2024-12-01"), .status = MILESTONE_PLANNED},
		{.element = P2, .title = "m6", .planned = iso("2025-01-15"), .status = MILESTONE_DONE},
		{.element = B, .title = "m7", .planned = iso("2024-11-01"), .actual = iso("2024-11-01"),
		 .status = MILESTONE_DONE},
		{.element = P3, .title = "m8", .planned = iso("2024-06-01"), .status = MILESTONE_CANCELLED},
		{.element = T1, .title = "m9", .planned = iso("2024-07-01"), .actual = iso("2024-07-01"),
		 .status = MILESTONE_DONE},
		{.element = &ghost, .title = "ailleurs", .planned = iso("2024-01-01"),
		 .status = MILESTONE_PLANNED}, /* an element of no plan: ignored */
	};
	memcpy(s->ms, ms, sizeof(ms));
	s->mcount = COUNT(ms);
	budget_line lines[] = {
		{.element = A, .year = 2024, .nature = NATURE_OPERATING, .planned_cents = 10000},
		{.element = P1, .year = 2024, .nature = NATURE_INVESTMENT, .planned_cents = 100000,
		 .committed_cents = 80000, .paid_cents = 50000},
		{.element = P1, .year = 2025, .nature = NATURE_OPERATING, .planned_cents = 50000,
		 .committed_cents = 60000, .paid_cents = 10000},
		{.element = P2, .year = 2024, .nature = NATURE_INVESTMENT, .planned_cents = 20000,
		 .committed_cents = 25000, .paid_cents = 20000},
		{.element = P3, .year = 2024, .nature = NATURE_INVESTMENT, .planned_cents = 30000,
		 .committed_cents = 30000, .paid_cents = 15000},
		{.element = &ghost, .year = 2024, .nature = NATURE_INVESTMENT, .planned_cents = 1,
		 .committed_cents = 999},
	};
	memcpy(s->lines, lines, sizeof(lines));
	s->lcount = COUNT(lines);
	element_status st[] = {
		{.element = P1, .has_progress = true, .progress_pct = 50},
		{.element = P2, .has_progress = true, .progress_pct = 100},
		{.element = P3, .has_progress = true, .progress_pct = 20},
	};
	baseline_entry bl[] = {
		{.element = P1, .start = iso("2024-01-01"), .end = iso("2024-07-01"),
		 .has_planned = true, .planned_cents = 100000},
		{.element = P2, .start = iso("2024-03-01"), .end = iso("2024-06-30"),
		 .has_planned = true, .planned_cents = 20000},
		{.element = P3, .has_planned = true, .planned_cents = 40000},
		{.element = A, .start = iso("2024-01-01"), .end = iso("2024-07-01")},
	};
	steering_rollup(f->a, p, st, COUNT(st), s->ms, s->mcount, s->lines, s->lcount, bl,
	                COUNT(bl), s->today, &s->r);
}

/* The formula's value at the element `code` (NULL: the whole plan); NAN when
 * undefined. */
static double compute(const small_plan *s, indicator_formula fo, const char *code)
{
	double v = NAN;
	const plan_element *scope = code ? el(s->p, code) : NULL;
	if (!indicator_compute(fo, s->p, scope, &s->r, s->ms, s->mcount, s->lines, s->lcount,
	                       s->today, &v))
		return NAN;
	return v;
}

#define undefined(v) assert_true(isnan(v))

static void test_compute_progress(void **state)
{
	fixture *f = *state;
	small_plan s;
	small(f, &s);
	near(compute(&s, FORMULA_PROGRESS, "P1"), 50);
	/* A: weighted by rolled planned totals, 1 500 € and 200 €. */
	near(compute(&s, FORMULA_PROGRESS, "A"), (50.0 * 150000 + 100.0 * 20000) / 170000);
	/* The plan: A (1 800 €) and B (300 €); C has no progress. */
	near(compute(&s, FORMULA_PROGRESS, NULL),
	     ((50.0 * 150000 + 100.0 * 20000) / 170000 * 180000 + 20.0 * 30000) / 210000);
	undefined(compute(&s, FORMULA_PROGRESS, "C"));
	undefined(compute(&s, FORMULA_PROGRESS, "T1"));
}

static void test_compute_milestones_done(void **state)
{
	fixture *f = *state;
	small_plan s;
	small(f, &s);
	/* Cancelled m3 and m8 left out: 7 planned (m1 m2 m4 m5 m6 m7 m9), 5 reached. */
	near(compute(&s, FORMULA_MILESTONES_DONE, NULL), 500.0 / 7);
	near(compute(&s, FORMULA_MILESTONES_DONE, "A"), 400.0 / 6);  /* m1 m2 m4 m5 m6 m9 */
	near(compute(&s, FORMULA_MILESTONES_DONE, "P1"), 75);        /* m1 m2 m4 m9 */
	near(compute(&s, FORMULA_MILESTONES_DONE, "P2"), 50);
	near(compute(&s, FORMULA_MILESTONES_DONE, "T1"), 100);
	near(compute(&s, FORMULA_MILESTONES_DONE, "B"), 100);
	undefined(compute(&s, FORMULA_MILESTONES_DONE, "P3"));       /* only a cancelled one */
	undefined(compute(&s, FORMULA_MILESTONES_DONE, "C"));
	/* No roll-up needed for this one. */
	double v;
	assert_true(indicator_compute(FORMULA_MILESTONES_DONE, s.p, NULL, NULL, s.ms, s.mcount,
	                              NULL, 0, s.today, &v));
	near(v, 500.0 / 7);
}

static void test_compute_on_time(void **state)
{
	fixture *f = *state;
	small_plan s;
	small(f, &s);
	/* Due by 15/01/2025: m1 m2 m5 m6 m7 m9; on time: m1, m6 (no actual date), m7, m9;
	 * m2 reached late and m5 not reached are not. */
	near(compute(&s, FORMULA_ON_TIME, NULL), 400.0 / 6);
	near(compute(&s, FORMULA_ON_TIME, "A"), 60);          /* m1 m2 m5 m6 m9 */
	near(compute(&s, FORMULA_ON_TIME, "P1"), 200.0 / 3);  /* m1 m2 m9; m4 not due */
	near(compute(&s, FORMULA_ON_TIME, "P2"), 50);
	near(compute(&s, FORMULA_ON_TIME, "B"), 100);
	undefined(compute(&s, FORMULA_ON_TIME, "P3"));
	/* The day before, m6 is not due yet. */
	s.today = iso("2025-01-14");
	near(compute(&s, FORMULA_ON_TIME, "P2"), 0);
	s.today = DATE_NONE;
	undefined(compute(&s, FORMULA_ON_TIME, NULL));
}

static void test_compute_budget(void **state)
{
	fixture *f = *state;
	small_plan s;
	small(f, &s);
	/* Paid / planned over the scope. */
	near(compute(&s, FORMULA_BUDGET_PAID, NULL), 95000.0 * 100 / 210000);
	near(compute(&s, FORMULA_BUDGET_PAID, "A"), 80000.0 * 100 / 180000);
	near(compute(&s, FORMULA_BUDGET_PAID, "P2"), 100);
	near(compute(&s, FORMULA_BUDGET_PAID, "B"), 50);
	undefined(compute(&s, FORMULA_BUDGET_PAID, "C"));
	undefined(compute(&s, FORMULA_BUDGET_PAID, "T1"));

	/* Elements with lines of their own: A and P1 within (P1: 1 400 committed for
	 * 1 500 planned, although its 2025 line is over), P2 over, P3 equal: within. */
	near(compute(&s, FORMULA_PROJECTS_IN_BUDGET, NULL), 75);
	near(compute(&s, FORMULA_PROJECTS_IN_BUDGET, "A"), 200.0 / 3);
	near(compute(&s, FORMULA_PROJECTS_IN_BUDGET, "P2"), 0);
	near(compute(&s, FORMULA_PROJECTS_IN_BUDGET, "B"), 100);
	near(compute(&s, FORMULA_PROJECTS_IN_BUDGET, "P1"), 100);
	undefined(compute(&s, FORMULA_PROJECTS_IN_BUDGET, "T1"));
	undefined(compute(&s, FORMULA_PROJECTS_IN_BUDGET, "C"));
}

static void test_compute_drift(void **state)
{
	fixture *f = *state;
	small_plan s;
	small(f, &s);
	/* At an element: its own rolled drift. */
	near(compute(&s, FORMULA_SCHEDULE_DRIFT, "P1"), (365.0 - 182) * 100 / 182);
	near(compute(&s, FORMULA_SCHEDULE_DRIFT, "P2"), 0);
	near(compute(&s, FORMULA_SCHEDULE_DRIFT, "A"), (365.0 - 182) * 100 / 182);
	undefined(compute(&s, FORMULA_SCHEDULE_DRIFT, "P3")); /* no dates */
	near(compute(&s, FORMULA_BUDGET_DRIFT, "P1"), 50);
	near(compute(&s, FORMULA_BUDGET_DRIFT, "P3"), -25);
	undefined(compute(&s, FORMULA_BUDGET_DRIFT, "A"));    /* baseline without a total */
	undefined(compute(&s, FORMULA_BUDGET_DRIFT, "C"));
	/* The whole plan: the portfolio means, over the elements with data of their own —
	 * P1 and P2 for the schedule (A has no dates of its own), P1, P2 and P3 for the
	 * budget. */
	near(compute(&s, FORMULA_SCHEDULE_DRIFT, NULL), (365.0 - 182) * 100 / 182 / 2);
	near(compute(&s, FORMULA_BUDGET_DRIFT, NULL), 25.0 / 3);
	/* Without a roll-up, nothing based on it. */
	double v;
	assert_false(indicator_compute(FORMULA_BUDGET_DRIFT, s.p, NULL, NULL, NULL, 0, NULL, 0,
	                               s.today, &v));
	assert_false(indicator_compute(FORMULA_PROGRESS, s.p, el(s.p, "P1"), NULL, NULL, 0, NULL, 0,
	                               s.today, &v));
}

static void test_compute_undefined(void **state)
{
	fixture *f = *state;
	small_plan s;
	small(f, &s);
	double v = 42;
	/* A measured indicator, an element of no plan, an unknown formula. */
	assert_false(indicator_compute(FORMULA_NONE, s.p, NULL, &s.r, s.ms, s.mcount, s.lines,
	                               s.lcount, s.today, &v));
	assert_false(indicator_compute(FORMULA_MILESTONES_DONE, s.p, &ghost, &s.r, s.ms, s.mcount,
	                               s.lines, s.lcount, s.today, &v));
	assert_false(indicator_compute(FORMULA_COUNT, s.p, NULL, &s.r, s.ms, s.mcount, s.lines,
	                               s.lcount, s.today, &v));
	assert_true(v == 42);
	/* Nothing to count. */
	assert_false(indicator_compute(FORMULA_MILESTONES_DONE, s.p, NULL, &s.r, NULL, 0, NULL, 0,
	                               s.today, &v));
	assert_false(indicator_compute(FORMULA_PROJECTS_IN_BUDGET, s.p, NULL, &s.r, NULL, 0, NULL,
	                               0, s.today, &v));
	assert_true(v == 42);
}

/* ---- reconstructed series ---------------------------------------------------------- */

/* The series of `fo` at `code` (NULL: the plan) from `from` ("": unset), checked
 * against `n` expected dates and values. */
static void check_series(fixture *f, const small_plan *s, indicator_formula fo,
                         const char *code, const char *from, indicator_frequency freq,
                         size_t n, const char *const *dates, const double *values, int at_line)
{
	indicator_point *pts = NULL;
	size_t got = indicator_compute_series(f->a, fo, s->p, code ? el(s->p, code) : NULL, s->ms,
	                                      s->mcount, *from ? iso(from) : DATE_NONE, s->today,
	                                      freq, &pts);
	if (got != n)
		fail_msg("line %d: %zu points, expected %zu", at_line, got, n);
	for (size_t i = 0; i < n; i++) {
		check_date(pts[i].date, dates[i], at_line);
		check_near(pts[i].value, values[i], "series value", at_line);
	}
}

#define series(fo, code, from, freq, dates, values)                                        \
	check_series(f, &s, (fo), (code), (from), (freq), COUNT(dates), (dates), (values),   \
	             __LINE__)

static void test_series_milestones_done(void **state)
{
	fixture *f = *state;
	small_plan s;
	small(f, &s);
	/* The plan, quarterly, from the earliest planned date in scope (m1, 01/06/2024; the
	 * ghost's and the cancelled m8's not counted): quarter ends, then today. Always 7
	 * planned; reached by then: m1 (30/05); + m9 (01/07) and m2 (10/09, late); + m7;
	 * today m6 too (no actual date: from today only). */
	static const char *const d1[] = {"2024-06-30", "2024-09-30", "2024-12-31", "2025-01-15"};
	static const double v1[] = {100.0 / 7, 300.0 / 7, 400.0 / 7, 500.0 / 7};
	series(FORMULA_MILESTONES_DONE, NULL, "", FREQUENCY_QUARTERLY, d1, v1);
	/* P1 monthly from 20/11/2024: m1 m2 m9 of m1 m2 m4 m9 (m3 cancelled). */
	static const char *const d2[] = {"2024-11-30", "2024-12-31", "2025-01-15"};
	static const double v2[] = {75, 75, 75};
	series(FORMULA_MILESTONES_DONE, "P1", "2024-11-20", FREQUENCY_MONTHLY, d2, v2);
	/* Yearly from 01/03/2024: the end of 2024, then today. */
	static const char *const d3[] = {"2024-12-31", "2025-01-15"};
	static const double v3[] = {400.0 / 7, 500.0 / 7};
	series(FORMULA_MILESTONES_DONE, NULL, "2024-03-01", FREQUENCY_YEARLY, d3, v3);
}

static void test_series_on_time(void **state)
{
	fixture *f = *state;
	small_plan s;
	small(f, &s);
	/* The plan, monthly from 15/10/2024. Due by 31/10: m1 m2 m9 (m3 cancelled), on
	 * time m1 m9 (m2 late); + m7 on time by 30/11; + m5 not reached by 31/12; today
	 * + m6: indicator_compute's 4 of 6. */
	static const char *const d1[] = {"2024-10-31", "2024-11-30", "2024-12-31", "2025-01-15"};
	static const double v1[] = {200.0 / 3, 75, 60, 400.0 / 6};
	series(FORMULA_ON_TIME, NULL, "2024-10-15", FREQUENCY_MONTHLY, d1, v1);
	/* P1 quarterly from its earliest milestone: m1 alone, then m1 m9 m2. */
	static const char *const d2[] = {"2024-06-30", "2024-09-30", "2024-12-31", "2025-01-15"};
	static const double v2[] = {100, 200.0 / 3, 200.0 / 3, 200.0 / 3};
	series(FORMULA_ON_TIME, "P1", "", FREQUENCY_QUARTERLY, d2, v2);
	/* P2 monthly from 01/10/2024: nothing due by 31/10 nor 30/11 (left out); m5 not
	 * reached by 31/12; today m6. */
	static const char *const d3[] = {"2024-12-31", "2025-01-15"};
	static const double v3[] = {0, 50};
	series(FORMULA_ON_TIME, "P2", "2024-10-01", FREQUENCY_MONTHLY, d3, v3);
	/* Today on a period end: one point for it. */
	s.today = iso("2024-12-31");
	static const char *const d4[] = {"2024-06-30", "2024-09-30", "2024-12-31"};
	static const double v4[] = {100, 200.0 / 3, 60}; /* m1 m2 m5 m7 m9 due: m1 m7 m9 */
	series(FORMULA_ON_TIME, NULL, "2024-06-01", FREQUENCY_QUARTERLY, d4, v4);
}

static void test_series_edges(void **state)
{
	fixture *f = *state;
	small_plan s;
	small(f, &s);
	/* From after today, or today: today's point alone. */
	static const char *const d1[] = {"2025-01-15"};
	static const double v1[] = {400.0 / 6};
	series(FORMULA_ON_TIME, NULL, "2025-06-01", FREQUENCY_MONTHLY, d1, v1);
	series(FORMULA_ON_TIME, NULL, "2025-01-15", FREQUENCY_MONTHLY, d1, v1);
	/* Formulas without a dated history, a measured indicator, a foreign scope, no
	 * today, no milestone in scope. */
	indicator_point *pts = (indicator_point *)&s;
	static const indicator_formula none[] = {FORMULA_NONE, FORMULA_PROGRESS,
	                                         FORMULA_BUDGET_PAID, FORMULA_PROJECTS_IN_BUDGET,
	                                         FORMULA_SCHEDULE_DRIFT, FORMULA_BUDGET_DRIFT};
	for (size_t i = 0; i < COUNT(none); i++) {
		assert_int_equal(indicator_compute_series(f->a, none[i], s.p, NULL, s.ms, s.mcount,
		                                          iso("2024-01-01"), s.today,
		                                          FREQUENCY_MONTHLY, &pts), 0);
		assert_null(pts);
	}
	assert_int_equal(indicator_compute_series(f->a, FORMULA_ON_TIME, s.p, &ghost, s.ms,
	                                          s.mcount, DATE_NONE, s.today,
	                                          FREQUENCY_MONTHLY, &pts), 0);
	assert_int_equal(indicator_compute_series(f->a, FORMULA_ON_TIME, s.p, NULL, s.ms,
	                                          s.mcount, DATE_NONE, DATE_NONE,
	                                          FREQUENCY_MONTHLY, &pts), 0);
	assert_int_equal(indicator_compute_series(f->a, FORMULA_MILESTONES_DONE, s.p,
	                                          el(s.p, "C"), s.ms, s.mcount, DATE_NONE,
	                                          s.today, FREQUENCY_MONTHLY, &pts), 0);
	/* A far `from`: the latest 600 points, today's last. */
	size_t n = indicator_compute_series(f->a, FORMULA_MILESTONES_DONE, s.p, NULL, s.ms,
	                                    s.mcount, iso("1900-01-01"), s.today,
	                                    FREQUENCY_MONTHLY, &pts);
	assert_int_equal(n, 600);
	same_date(pts[0].date, "1975-02-28"); /* 599 month ends up to 12/2024 */
	same_date(pts[598].date, "2024-12-31");
	same_date(pts[599].date, "2025-01-15");
	near(pts[0].value, 0);
}

/* FORMULA_PROGRESS's past from the journal's progress changes (indicator_progress_series),
 * on the small plan: A (P1 (T1), P2), B (P3), C; planned budgets rolled: P1 150 000,
 * P2 20 000, A 180 000 (its own 10 000 line too), B 30 000 (P3's). */
static void test_series_progress(void **state)
{
	fixture *f = *state;
	small_plan s;
	small(f, &s);
	const plan_element *P1 = el(s.p, "P1"), *P2 = el(s.p, "P2"), *P3 = el(s.p, "P3");
	element_status today_status[] = {
		{.element = P1, .has_progress = true, .progress_pct = 50},
		{.element = P2, .has_progress = true, .progress_pct = 100},
		{.element = P3, .has_progress = true, .progress_pct = 20},
	};
	/* Given out of order: the series sorts them by date. P3 never changed (20 all
	 * along); the ghost's change and an undated one are ignored. */
	progress_change changes[] = {
		{.element = P1, .date = iso("2024-12-20"), .had_before = true, .before = 30,
		 .has_after = true, .after = 50},
		{.element = P1, .date = iso("2024-03-10"), .has_after = true, .after = 10},
		{.element = P2, .date = iso("2024-05-15"), .has_after = true, .after = 60},
		{.element = P1, .date = iso("2024-08-05"), .had_before = true, .before = 10,
		 .has_after = true, .after = 30},
		{.element = P2, .date = iso("2024-06-30"), .had_before = true, .before = 60,
		 .has_after = true, .after = 100},
		{.element = &ghost, .date = iso("2024-01-01"), .has_after = true, .after = 99},
		{.element = P3, .date = DATE_NONE, .has_after = true, .after = 99},
	};
	indicator_point *pts = NULL;
	/* A, quarterly, from the first change (10/03/2024). 31/03: P1 10 alone (P2 had none
	 * before its first change); 30/06: P1 10, P2 100 (changed that day: counted) weighted
	 * 150 000 : 20 000; 30/09: P1 30; 31/12 and today: P1 50. */
	size_t n = indicator_progress_series(f->a, s.p, el(s.p, "A"), today_status,
	                                     COUNT(today_status), s.lines, s.lcount, changes,
	                                     COUNT(changes), DATE_NONE, s.today,
	                                     FREQUENCY_QUARTERLY, &pts);
	assert_int_equal(n, 5);
	same_date(pts[0].date, "2024-03-31");
	near(pts[0].value, 10);
	same_date(pts[1].date, "2024-06-30");
	near(pts[1].value, (10.0 * 150000 + 100.0 * 20000) / 170000);
	same_date(pts[2].date, "2024-09-30");
	near(pts[2].value, (30.0 * 150000 + 100.0 * 20000) / 170000);
	same_date(pts[3].date, "2024-12-31");
	near(pts[3].value, (50.0 * 150000 + 100.0 * 20000) / 170000);
	same_date(pts[4].date, "2025-01-15");
	near(pts[4].value, pts[3].value);

	/* The whole plan, yearly from 01/01/2024: A and B (20, no change) weighted
	 * 180 000 : 30 000; C has none. */
	n = indicator_progress_series(f->a, s.p, NULL, today_status, COUNT(today_status),
	                              s.lines, s.lcount, changes, COUNT(changes),
	                              iso("2024-01-01"), s.today, FREQUENCY_YEARLY, &pts);
	assert_int_equal(n, 2);
	double a_end = (50.0 * 150000 + 100.0 * 20000) / 170000;
	same_date(pts[0].date, "2024-12-31");
	near(pts[0].value, (a_end * 180000 + 20.0 * 30000) / 210000);
	same_date(pts[1].date, "2025-01-15");
	near(pts[1].value, (a_end * 180000 + 20.0 * 30000) / 210000);

	/* P2 monthly from 01/04/2024: nothing before its first change (left out), then
	 * 60 at the end of May, 100 from June. */
	n = indicator_progress_series(f->a, s.p, P2, today_status, COUNT(today_status), s.lines,
	                              s.lcount, changes, COUNT(changes), iso("2024-04-01"),
	                              iso("2024-07-10"), FREQUENCY_MONTHLY, &pts);
	assert_int_equal(n, 3);
	same_date(pts[0].date, "2024-05-31");
	near(pts[0].value, 60);
	same_date(pts[1].date, "2024-06-30");
	near(pts[1].value, 100);
	same_date(pts[2].date, "2024-07-10");
	near(pts[2].value, 100);

	/* No progress anywhere in scope (C), a foreign scope, no today: no point. */
	pts = (indicator_point *)&s;
	assert_int_equal(indicator_progress_series(f->a, s.p, el(s.p, "C"), today_status,
	                                           COUNT(today_status), s.lines, s.lcount,
	                                           changes, COUNT(changes), DATE_NONE, s.today,
	                                           FREQUENCY_MONTHLY, &pts), 0);
	assert_null(pts);
	assert_int_equal(indicator_progress_series(f->a, s.p, &ghost, today_status,
	                                           COUNT(today_status), s.lines, s.lcount,
	                                           changes, COUNT(changes), DATE_NONE, s.today,
	                                           FREQUENCY_MONTHLY, &pts), 0);
	assert_int_equal(indicator_progress_series(f->a, s.p, NULL, today_status,
	                                           COUNT(today_status), s.lines, s.lcount,
	                                           changes, COUNT(changes), DATE_NONE, DATE_NONE,
	                                           FREQUENCY_MONTHLY, &pts), 0);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_keys_and_labels),
		T(test_parsers),
		T(test_path_interpolates_and_is_flat_outside),
		T(test_path_partial_or_missing),
		T(test_no_measurement),
		T(test_higher_is_better),
		T(test_lower_is_better),
		T(test_close_to_target),
		T(test_target_in_the_past),
		T(test_measurements_out_of_order),
		T(test_two_measurements_on_one_date),
		T(test_tolerance_zero),
		T(test_no_baseline_but_targets),
		T(test_no_path),
		T(test_update_due_per_frequency),
		T(test_compute_progress),
		T(test_compute_milestones_done),
		T(test_compute_on_time),
		T(test_compute_budget),
		T(test_compute_drift),
		T(test_compute_undefined),
		T(test_series_milestones_done),
		T(test_series_on_time),
		T(test_series_edges),
		T(test_series_progress),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
