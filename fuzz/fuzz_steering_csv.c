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

#include "io/plan_csv.h"
#include "io/steering_csv.h"
#include "util/arena.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond) do { if (!(cond)) abort(); } while (0)

static const char *const sources[] = {"ressources propres", "État", "Région", "CPER", "FEDER",
                                      "France 2030", "ANR", "Caisse des Dépôts", "autre"};
enum { SOURCE_COUNT = sizeof(sources) / sizeof(sources[0]) };

/* Built once, kept for the process's life. */
static const plan *fixed_plan(void)
{
	static arena *a;
	static plan p;
	if (!a) {
		static const char csv[] = "code;parent;niveau;intitule\n"
		                          "AX1;;Axe;Usagers\n"
		                          "P1;AX1;Projet;Portail\n"
		                          "P2;AX1;Projet;Réseau\n"
		                          "É3;;Axe;Écoles\n";
		a = arena_new();
		diag_list d;
		diag_init(&d, a);
		CHECK(plan_csv_read(a, "plan.csv", csv, sizeof(csv) - 1, NULL, &p, &d));
		p.slug = "sdn";
	}
	return &p;
}

static bool in_plan(const plan *p, const plan_element *e)
{
	return e && e >= p->elements && e < p->elements + p->element_count;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const encodings[] = {NULL, "cp1252", "latin1", "utf-8"};
	const plan *p = fixed_plan();
	plan_csv_options options = {0};
	bool milestones = false;
	if (size > 0) {
		milestones = data[0] & 1;
		options.encoding = encodings[(data[0] >> 1) % 4];
		data++;
		size--;
	}
	arena *a = arena_new();
	diag_list d;
	diag_init(&d, a);
	size_t count = 0;
	if (milestones) {
		milestone *m = NULL;
		bool ok = steering_csv_read_milestones(a, "fuzz.csv", (const char *)data, size,
		                                       &options, p, &m, &count, &d);
		CHECK(ok == !diag_has_errors(&d));
		CHECK(ok || (m == NULL && count == 0));
		for (size_t i = 0; ok && i < count; i++) {
			CHECK(in_plan(p, m[i].element));
			CHECK(m[i].title && *m[i].title && date_is_set(m[i].planned));
			CHECK((unsigned)m[i].status < MILESTONE_STATUS_COUNT);
			CHECK(m[i].status != MILESTONE_DONE || date_is_set(m[i].actual));
			CHECK(m[i].source_line > 1);
		}
	} else {
		budget_line *l = NULL;
		bool ok = steering_csv_read_budget(a, "fuzz.csv", (const char *)data, size, &options, p,
		                                   sources, SOURCE_COUNT, &l, &count, &d);
		CHECK(ok == !diag_has_errors(&d));
		CHECK(ok || (l == NULL && count == 0));
		for (size_t i = 0; ok && i < count; i++) {
			CHECK(in_plan(p, l[i].element));
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
