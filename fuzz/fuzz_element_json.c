/*
 * fuzz_element_json.c — libFuzzer target for reading an element from JSON
 * (io/plan_json.c: plan_json_read_element, the API's POST and PATCH bodies), then
 * checking it against a plan (core/plan.c: plan_check_element), as the API does.
 *
 * Invariants: a type error names its field (unless the document is not an object);
 * a fully read element either passes the checks or gets at least one diagnostic.
 */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_harness.h"
#include "io/plan_csv.h"
#include "io/plan_json.h"


static const char plan_csv[] =
	"code;parent;niveau;intitule;contribue_a;Enjeux\n"
	"AX1;;Axe;Usagers;;\nP1;AX1;Projet;Portail;AX2;sobriété\nAX2;;Axe;Infrastructures;;\n"
	"A1;P1;Action;Migrer;;\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	arena *a = arena_new();
	diag_list d;
	diag_init(&d, a);
	plan p = {0};
	CHECK(plan_csv_read(a, "plan.csv", plan_csv, sizeof(plan_csv) - 1, NULL, &p, &d));

	json_t *doc = json_loadb((const char *)data, size, JSON_DECODE_ANY | JSON_ALLOW_NUL, NULL);
	if (doc) {
		/* As the API does: start from an existing element (PATCH) or from nothing. */
		plan_element e = size % 2 ? p.elements[1] : (plan_element){0};
		e.attributes = arena_alloc(a, (p.custom_column_count + 1) * sizeof(*e.attributes));
		diag_list invalid;
		diag_init(&invalid, a);
		const char *field = NULL;
		const char *why = plan_json_read_element(a, &p, doc, &e, &invalid, &field);
		CHECK(!why || field || !json_is_object(doc));
		if (!why && !diag_has_errors(&invalid) && e.code && e.level && e.title) {
			diag_list checks;
			diag_init(&checks, a);
			bool ok = plan_check_element(a, &p, &e, size % 2 ? &p.elements[1] : NULL, &checks);
			CHECK(ok == !diag_has_errors(&checks));
		}
		json_decref(doc);
	}
	arena_free(a);
	return 0;
}
