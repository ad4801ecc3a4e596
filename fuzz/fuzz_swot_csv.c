/*
 * fuzz_swot_csv.c — libFuzzer target for the SWOT CSV reader (io/swot_csv.c, through
 * io/csv_table.c and io/csv_input.c) against a small fixed plan, and through it the
 * quadrant parser of core/swot.c.
 *
 * The first input byte picks the declared encoding (bits 0–1). Any input must either
 * be refused with at least one diagnostic and no table, or give tables the store would
 * accept: each names the plan (no element) or one of the plan's elements, at most once;
 * every entry is one line of text, not empty, not longer than SWOT_ENTRY_MAX; and
 * swot_table_check agrees.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_harness.h"
#include "io/swot_csv.h"
#include "store/swot_store.h"


int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const plan *p = fuzz_fixed_plan();
	const char *encoding = fuzz_encoding(fuzz_take_byte(&data, &size));
	arena *a = arena_new();
	diag_list d;
	diag_init(&d, a);
	swot_table *tables = NULL;
	size_t count = 0;
	bool ok = swot_csv_read(a, "fuzz.csv", (const char *)data, size, encoding, p, &tables, &count,
	                        &d);
	fuzz_check_outcome(ok, &d, tables, count);
	for (size_t i = 0; ok && i < count; i++) {
		const swot_table *t = &tables[i];
		if (t->element_id) {
			const plan_element *e = plan_find_id(p, t->element_id);
			CHECK(e && t->element_code && strcmp(e->code, t->element_code) == 0);
		} else {
			CHECK(t->element_code == NULL);
		}
		for (size_t k = 0; k < i; k++)
			CHECK(tables[k].element_id != t->element_id);
		CHECK(swot_table_size(t) > 0);
		for (int q = 0; q < SWOT_QUADRANT_COUNT; q++)
			for (size_t n = 0; n < t->count[q]; n++) {
				const char *text = t->entries[q][n];
				CHECK(text && *text && !strpbrk(text, "\r\n") && strlen(text) <= SWOT_ENTRY_MAX);
			}
		diag_list again;
		diag_init(&again, a);
		CHECK(swot_table_check(t, &again));
	}
	arena_free(a);
	return 0;
}
