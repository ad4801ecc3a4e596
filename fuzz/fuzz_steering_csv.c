/*
 * fuzz_steering_csv.c — libFuzzer target for the budget and milestone CSV readers
 * (io/steering_csv.c, io/csv_input.c) against a small fixed plan, and through them
 * the enumeration parsers of core/steering.c, util/money.c and util/date.c.
 *
 * The first input byte picks the reader (bit 0) and the declared encoding (bits 1–2).
 * Any input must either be refused with at least one diagnostic, or give rows that
 * the store would accept: an element of the plan, a year of four digits, a source of
 * the plan's list, amounts not negative; a planned date, and a real date for every
 * reached milestone.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_harness.h"
#include "io/steering_csv.h"


static const char *const sources[] = {"ressources propres", "État", "Région", "CPER", "FEDER",
                                      "France 2030", "ANR", "Caisse des Dépôts", "autre"};
enum { SOURCE_COUNT = sizeof(sources) / sizeof(sources[0]) };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const plan *p = fuzz_fixed_plan();
	unsigned first = fuzz_take_byte(&data, &size);
	bool milestones = first & 1;
	plan_csv_options options = {.encoding = fuzz_encoding(first >> 1)};
	arena *a = arena_new();
	diag_list d;
	diag_init(&d, a);
	size_t count = 0;
	if (milestones) {
		milestone *m = NULL;
		bool ok = steering_csv_read_milestones(a, "fuzz.csv", (const char *)data, size,
		                                       &options, p, &m, &count, &d);
		fuzz_check_outcome(ok, &d, m, count);
		for (size_t i = 0; ok && i < count; i++) {
			CHECK(fuzz_in_plan(p, m[i].element));
			CHECK(m[i].title && *m[i].title && date_is_set(m[i].planned));
			CHECK((unsigned)m[i].status < MILESTONE_STATUS_COUNT);
			CHECK(m[i].status != MILESTONE_DONE || date_is_set(m[i].actual));
			CHECK(m[i].source_line > 1);
		}
	} else {
		budget_line *l = NULL;
		bool ok = steering_csv_read_budget(a, "fuzz.csv", (const char *)data, size, &options, p,
		                                   sources, SOURCE_COUNT, &l, &count, &d);
		fuzz_check_outcome(ok, &d, l, count);
		for (size_t i = 0; ok && i < count; i++) {
			CHECK(fuzz_in_plan(p, l[i].element));
			CHECK(l[i].year >= 1000 && l[i].year <= 9999);
			CHECK((unsigned)l[i].nature < NATURE_COUNT);
			bool listed = false;
			for (size_t k = 0; k < SOURCE_COUNT; k++)
				listed |= l[i].source == sources[k];
			CHECK(listed);
			CHECK(l[i].planned_cents >= 0 && l[i].committed_cents >= 0 && l[i].paid_cents >= 0);
			CHECK(l[i].source_line > 1);
		}
	}
	arena_free(a);
	return 0;
}
