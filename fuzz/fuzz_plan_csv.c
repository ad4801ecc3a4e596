/*
 * fuzz_plan_csv.c — libFuzzer target for the plan CSV reader (io/plan_csv.c) and,
 * through it, core/plan.c (tree linking), util/money.c, util/date.c, util/text.c.
 *
 * Any input must either be refused with at least one diagnostic, or give a linked
 * plan whose canonical export reads back to the same export (the round trip the
 * users rely on). The first input byte picks the declared encoding, so the
 * Windows-1252 and UTF-16 paths are fuzzed too.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_harness.h"
#include "util/buf.h"


int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	plan_csv_options options = {.encoding = fuzz_encoding(fuzz_take_byte(&data, &size))};
	arena *a = arena_new();
	diag_list d;
	diag_init(&d, a);
	plan p = {0};
	bool ok = plan_csv_read(a, "fuzz.csv", (const char *)data, size, &options, &p, &d);
	CHECK(ok == !diag_has_errors(&d));
	if (ok) {
		CHECK(p.element_count > 0);
		for (size_t i = 0; i < p.element_count; i++) {
			const plan_element *e = p.ordered[i];
			CHECK(e && e->code && *e->code && e->level && *e->level && e->title && *e->title);
			CHECK(!e->parent || e->depth == e->parent->depth + 1);
		}
		buf first = {0}, second = {0};
		plan_csv_write(&p, &first);
		plan again = {0};
		diag_list d2;
		diag_init(&d2, a);
		CHECK(plan_csv_read(a, "export.csv", first.data, first.len, NULL, &again, &d2));
		CHECK(again.element_count == p.element_count);
		plan_csv_write(&again, &second);
		CHECK(first.len == second.len && memcmp(first.data, second.data, first.len) == 0);
		buf_free(&first);
		buf_free(&second);
	}
	arena_free(a);
	return 0;
}
