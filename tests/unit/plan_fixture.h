/*
 * plan_fixture.h — the plan the CSV readers' unit tests check their files against,
 * without a database: read from CSV into a fresh arena, slug "sdn" as the store would
 * give it.
 *
 * Included by test_instance_csv.c, test_indicator_csv.c and test_steering_csv.c, after
 * cmocka. static inline, as store_fixture.h.
 */
#ifndef JALON_TESTS_PLAN_FIXTURE_H
#define JALON_TESTS_PLAN_FIXTURE_H

#include <stdbool.h>
#include <string.h>

#include "core/plan.h"
#include "io/plan_csv.h"
#include "util/arena.h"
#include "util/diag.h"

/* Two axes and their projects, one code not ASCII ("É3"): the plan of the fuzz targets
 * too (fuzz/fuzz_harness.h). */
#define PLAN_FIXTURE_CSV                                                                    \
	"code;parent;niveau;intitule\n"                                                         \
	"AX1;;Axe;Usagers\n"                                                                    \
	"P1;AX1;Projet;Portail\n"                                                               \
	"P2;AX1;Projet;Réseau\n"                                                                \
	"É3;;Axe;Écoles\n"

/* A new arena in *a, d initialised on it, and the plan of csv in p; false when csv is
 * refused (the setup fails). */
static inline bool plan_fixture_read(arena **a, diag_list *d, plan *p, const char *csv)
{
	*a = arena_new();
	diag_init(d, *a);
	if (!plan_csv_read(*a, "plan.csv", csv, strlen(csv), NULL, p, d))
		return false;
	p->slug = "sdn";
	return true;
}

#endif
