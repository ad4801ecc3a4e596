/*
 * fuzz_indicator_catalogue.c — libFuzzer target for the indicator catalogue CSV reader
 * (io/indicator_csv.c, io/csv_input.c) against a small fixed plan, and through it the
 * enumeration parsers of core/indicator.c, util/number.c and util/date.c.
 *
 * The first input byte picks the declared encoding (bits 0–1). Any input must either
 * be refused with at least one diagnostic, or give indicators the store would accept:
 * codes unique and not empty, a name, a family of the plan's list, a unit, keys in
 * range, a baseline with a real date, targets on real dates in strictly ascending
 * order, finite values, a tolerance not negative, elements of the plan given once.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_harness.h"
#include "io/indicator_csv.h"


static const char *const families[] = {"suivi de projet", "performance opérationnelle",
                                       "financier", "adoption et satisfaction",
                                       "sécurité et conformité", "environnement"};
enum { FAMILY_COUNT = sizeof(families) / sizeof(families[0]) };

static bool value_ok(double v)
{
	return isfinite(v) && fabs(v) <= 1e15;
}

static void check_indicator(const plan *p, const indicator *x, const indicator *all, size_t i)
{
	CHECK(x->code && *x->code && x->name && *x->name);
	for (size_t k = 0; k < i; k++)
		CHECK(strcmp(all[k].code, x->code) != 0);
	bool listed = false;
	for (size_t k = 0; k < FAMILY_COUNT; k++)
		listed |= x->family == families[k];
	CHECK(listed);
	CHECK(x->unit && *x->unit);
	CHECK((unsigned)x->direction < DIRECTION_COUNT);
	CHECK((unsigned)x->frequency < FREQUENCY_COUNT);
	CHECK((unsigned)x->formula < FORMULA_COUNT);
	CHECK(!x->has_baseline || (date_valid(x->baseline.date) && value_ok(x->baseline.value)));
	CHECK(x->tolerance >= 0 && value_ok(x->tolerance));
	for (size_t k = 0; k < x->target_count; k++) {
		CHECK(date_valid(x->targets[k].date) && value_ok(x->targets[k].value));
		CHECK(k == 0 || date_compare(x->targets[k - 1].date, x->targets[k].date) < 0);
	}
	for (size_t k = 0; k < x->element_count; k++) {
		const plan_element *e = x->elements[k];
		CHECK(fuzz_in_plan(p, e));
		for (size_t j = 0; j < k; j++)
			CHECK(x->elements[j] != e);
	}
	CHECK(x->source_line > 1);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const plan *p = fuzz_fixed_plan();
	plan_csv_options options = {.encoding = fuzz_encoding(fuzz_take_byte(&data, &size))};
	arena *a = arena_new();
	diag_list d;
	diag_init(&d, a);
	indicator *items = NULL;
	size_t count = 0;
	bool ok = indicator_csv_read_catalogue(a, "fuzz.csv", (const char *)data, size, &options,
	                                       p, families, FAMILY_COUNT, &items, &count, &d);
	fuzz_check_outcome(ok, &d, items, count);
	for (size_t i = 0; ok && i < count; i++)
		check_indicator(p, &items[i], items, i);
	arena_free(a);
	return 0;
}
