/*
 * fuzz_instance_csv.c — libFuzzer target for the instances CSV reader
 * (io/instance_csv.c, io/csv_table.c) against a small fixed plan, and through it the
 * instance kind parser of core/governance.c.
 *
 * The first input byte picks the declared encoding (bits 0–1). Any input must either
 * be refused with at least one diagnostic, or give instances the store would accept:
 * a kind in range, a name not empty and unique ignoring case and accents, members
 * with a name, branches of the plan given once, a source line after the header.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_harness.h"
#include "io/instance_csv.h"
#include "util/text.h"


static void check_instance(arena *a, const plan *p, const instance *x, const instance *all,
                           size_t i)
{
	CHECK((unsigned)x->kind <= INSTANCE_TRANSVERSE);
	CHECK(x->name && *x->name);
	const char *key = text_match_key(a, x->name);
	for (size_t k = 0; k < i; k++)
		CHECK(strcmp(text_match_key(a, all[k].name), key) != 0);
	for (size_t k = 0; k < x->member_count; k++) {
		CHECK(x->members[k].name && *x->members[k].name);
		CHECK(!x->members[k].role || *x->members[k].role);
	}
	for (size_t k = 0; k < x->branch_count; k++) {
		const plan_element *e = x->branches[k];
		CHECK(fuzz_in_plan(p, e));
		for (size_t j = 0; j < k; j++)
			CHECK(x->branches[j] != e);
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
	instance *items = NULL;
	size_t count = 0;
	bool ok = instance_csv_read(a, "fuzz.csv", (const char *)data, size, &options, p, &items,
	                            &count, &d);
	fuzz_check_outcome(ok, &d, items, count);
	for (size_t i = 0; ok && i < count; i++)
		check_instance(a, p, &items[i], items, i);
	arena_free(a);
	return 0;
}
