/*
 * fuzz_indicator_measurements.c — libFuzzer target for the measurement CSV reader
 * (io/indicator_csv.c, io/csv_input.c) against a fixed catalogue of three measured
 * indicators and a computed one, and through it util/number.c and util/date.c.
 *
 * The first input byte picks the declared encoding (bits 0–1). Any input must either
 * be refused with at least one diagnostic, or give measurements the store would
 * accept: each of a measured indicator of the catalogue, on a real date, with a
 * finite value, and no two of one indicator on one date.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_harness.h"
#include "io/indicator_csv.h"


static const indicator known[] = {
	{.code = "TXU", .name = "Taux d'usage", .unit = "%"},
	{.code = "INC", .name = "Incidents", .unit = "nombre", .direction = DIRECTION_DOWN},
	{.code = "É3", .name = "Écoles équipées", .unit = "%"},
	{.code = "AV", .name = "Avancement", .unit = "%", .formula = FORMULA_PROGRESS},
};
enum { KNOWN_COUNT = sizeof(known) / sizeof(known[0]) };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	plan_csv_options options = {.encoding = fuzz_encoding(fuzz_take_byte(&data, &size))};
	arena *a = arena_new();
	diag_list d;
	diag_init(&d, a);
	measurement *m = NULL;
	size_t count = 0;
	bool ok = indicator_csv_read_measurements(a, "fuzz.csv", (const char *)data, size,
	                                          &options, known, KNOWN_COUNT, &m, &count, &d);
	fuzz_check_outcome(ok, &d, m, count);
	for (size_t i = 0; ok && i < count; i++) {
		CHECK(m[i].indicator >= known && m[i].indicator < known + KNOWN_COUNT);
		CHECK(m[i].indicator->formula == FORMULA_NONE);
		CHECK(date_valid(m[i].date));
		CHECK(isfinite(m[i].value) && fabs(m[i].value) <= 1e15);
		CHECK(!m[i].comment || *m[i].comment);
		CHECK(m[i].source_line > 1);
		/* Quadratic, but fuzz inputs are small. */
		for (size_t k = 0; k < i && k < 4096; k++)
			CHECK(m[k].indicator != m[i].indicator || date_compare(m[k].date, m[i].date) != 0);
	}
	arena_free(a);
	return 0;
}
