/*
 * test_plan.c — unit tests for the plan model (core/plan.c).
 *
 * Plans are built by hand in an arena, as an importer would leave them, then
 * plan_link() is checked for the tree it builds (roots, children, depths, the
 * depth-first order) and for every structural error, with its line and exact French
 * message. The enumerations and their parsers are checked too.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "core/plan.h"
#include "util/arena.h"
#include "util/diag.h"

#define FILE_NAME "plan.csv"

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

/* One element as an importer fills it: code, parent code, level, title. */
typedef struct {
	const char *code, *parent, *level, *title;
} row;

/* Elements in the given order, on lines 2, 3, 4… as under a CSV header. */
static plan *build(arena *a, const row *rows, size_t n)
{
	plan *p = arena_alloc(a, sizeof(*p));
	p->title = "Plan d'essai";
	p->elements = arena_alloc(a, (n ? n : 1) * sizeof(*p->elements));
	p->element_count = n;
	for (size_t i = 0; i < n; i++) {
		plan_element *e = &p->elements[i];
		e->code = rows[i].code;
		e->parent_code = rows[i].parent;
		e->level = rows[i].level;
		e->title = rows[i].title;
		e->source_line = (int)i + 2;
	}
	return p;
}

#define BUILD(a, rows) build((a), (rows), sizeof(rows) / sizeof((rows)[0]))

static void set_contributions(arena *a, plan_element *e, size_t n, ...)
{
	e->contributes_to = arena_alloc(a, n * sizeof(*e->contributes_to));
	va_list ap;
	va_start(ap, n);
	for (size_t i = 0; i < n; i++)
		e->contributes_to[i] = va_arg(ap, const char *);
	va_end(ap);
	e->contribution_count = n;
}

/* The codes of p->ordered joined with spaces, with each depth as a prefix of dots. */
static const char *ordered_codes(arena *a, const plan *p)
{
	const char *s = "";
	for (size_t i = 0; i < p->element_count; i++) {
		const plan_element *e = p->ordered[i];
		char dots[16] = "";
		for (size_t k = 0; k < e->depth && k < sizeof(dots) - 1; k++)
			dots[k] = '.';
		s = arena_printf(a, "%s%s%s%s", s, *s ? " " : "", dots, e->code);
	}
	return s;
}

/* Expect exactly these diagnostics, in line order: pairs of (int line, message). */
static void expect_diags(diag_list *d, size_t n, ...)
{
	diag_sort(d);
	if (d->count != n || d->dropped) {
		for (size_t i = 0; i < d->count; i++)
			print_message("got %d: %s\n", d->items[i].line, d->items[i].message);
		fail_msg("%zu diagnostics (+%zu dropped), expected %zu", d->count, d->dropped, n);
	}
	va_list ap;
	va_start(ap, n);
	for (size_t i = 0; i < n; i++) {
		int line = va_arg(ap, int);
		const char *message = va_arg(ap, const char *);
		assert_string_equal(d->items[i].file, FILE_NAME);
		assert_int_equal(d->items[i].line, line);
		assert_string_equal(d->items[i].message, message);
	}
	va_end(ap);
}

/* ---- the tree ------------------------------------------------------------------- */

static void test_link_simple_forest(void **state)
{
	fixture *f = *state;
	static const row rows[] = {
		{"A", NULL, "Axe", "Axe A"},
		{"A.1", "A", "Objectif", "Objectif A.1"},
		{"A.2", "A", "Objectif", "Objectif A.2"},
		{"B", NULL, "Axe", "Axe B"},
		{"B.1", "B", "Objectif", "Objectif B.1"},
	};
	plan *p = BUILD(f->a, rows);
	assert_true(plan_link(f->a, p, FILE_NAME, &f->d));
	assert_int_equal(f->d.count, 0);

	plan_element *e = p->elements;
	assert_int_equal(p->root_count, 2);
	assert_ptr_equal(p->roots[0], &e[0]);
	assert_ptr_equal(p->roots[1], &e[3]);
	assert_null(e[0].parent);
	assert_ptr_equal(e[1].parent, &e[0]);
	assert_ptr_equal(e[4].parent, &e[3]);
	assert_int_equal(e[0].child_count, 2);
	assert_ptr_equal(e[0].children[0], &e[1]);
	assert_ptr_equal(e[0].children[1], &e[2]);
	assert_int_equal(e[1].child_count, 0);
	assert_int_equal(e[3].child_count, 1);
	assert_int_equal(e[0].depth, 0);
	assert_int_equal(e[2].depth, 1);
	assert_string_equal(ordered_codes(f->a, p), "A .A.1 .A.2 B .B.1");
}

static void test_link_children_before_parents(void **state)
{
	fixture *f = *state;
	static const row rows[] = {
		{"A.1.a", "A.1", "Action", "Action a"},
		{"A.1", "A", "Objectif", "Objectif A.1"},
		{"B.1", "B", "Objectif", "Objectif B.1"},
		{"A", NULL, "Axe", "Axe A"},
		{"B", NULL, "Axe", "Axe B"},
		{"A.2", "A", "Objectif", "Objectif A.2"},
		{"A.1.b", "A.1", "Action", "Action b"},
	};
	plan *p = BUILD(f->a, rows);
	assert_true(plan_link(f->a, p, FILE_NAME, &f->d));
	plan_element *e = p->elements;
	assert_int_equal(p->root_count, 2);
	assert_ptr_equal(p->roots[0], &e[3]);
	assert_ptr_equal(p->roots[1], &e[4]);
	/* Siblings keep their source order, wherever the parent's row is. */
	assert_int_equal(e[3].child_count, 2);
	assert_ptr_equal(e[3].children[0], &e[1]);
	assert_ptr_equal(e[3].children[1], &e[5]);
	assert_int_equal(e[1].child_count, 2);
	assert_ptr_equal(e[1].children[0], &e[0]);
	assert_ptr_equal(e[1].children[1], &e[6]);
	assert_int_equal(e[0].depth, 2);
	assert_string_equal(ordered_codes(f->a, p), "A .A.1 ..A.1.a ..A.1.b .A.2 B .B.1");
}

/* Three levels on one branch, two on another (an action straight under its axis),
 * one on a third, with different labels at the same depth. */
static void test_link_irregular_forest(void **state)
{
	fixture *f = *state;
	static const row rows[] = {
		{"AX1", NULL, "Axe", "Usagers"},
		{"AX1.O1", "AX1", "Objectif", "Services"},
		{"AX1.O1.a", "AX1.O1", "Action", "Portail"},
		{"AX2", NULL, "Axe", "Infrastructures"},
		{"AX2.a", "AX2", "Action", "Réseau"},
		{"AX1.O1.b", "AX1.O1", "Action", "Application"},
		{"AX3", NULL, "Axe", "Gouvernance"},
		{"AX1.O1.b.i", "AX1.O1.b", "Tâche", "Maquette"},
	};
	plan *p = BUILD(f->a, rows);
	assert_true(plan_link(f->a, p, FILE_NAME, &f->d));
	assert_int_equal(p->root_count, 3);
	assert_string_equal(ordered_codes(f->a, p),
	                    "AX1 .AX1.O1 ..AX1.O1.a ..AX1.O1.b ...AX1.O1.b.i AX2 .AX2.a AX3");
	assert_int_equal(p->elements[4].depth, 1); /* an "Action" at depth 1 */
	assert_int_equal(p->elements[2].depth, 2); /* and another at depth 2 */
	assert_int_equal(p->elements[7].depth, 3);
	assert_int_equal(p->elements[6].child_count, 0);

	plan_level_count *levels;
	size_t n = plan_level_counts(f->a, p, &levels);
	assert_int_equal(n, 4);
	assert_string_equal(levels[0].label, "Axe");
	assert_int_equal(levels[0].count, 3);
	assert_string_equal(levels[1].label, "Objectif");
	assert_int_equal(levels[1].count, 1);
	assert_string_equal(levels[2].label, "Action");
	assert_int_equal(levels[2].count, 3);
	assert_string_equal(levels[3].label, "Tâche");
	assert_int_equal(levels[3].count, 1);
}

/* Labels come in order of first appearance depth-first, not in source order. */
static void test_level_counts_depth_first_order(void **state)
{
	fixture *f = *state;
	static const row rows[] = {
		{"P1", "AX1", "Projet", "Projet 1"},
		{"AX2", NULL, "Axe", "Axe 2"},
		{"AX1", NULL, "Axe", "Axe 1"},
		{"L1", "AX2", "Levier", "Levier"},
		{"P2", "AX1", "Projet", "Projet 2"},
	};
	plan *p = BUILD(f->a, rows);
	assert_true(plan_link(f->a, p, FILE_NAME, &f->d));
	plan_level_count *levels;
	assert_int_equal(plan_level_counts(f->a, p, &levels), 3);
	assert_string_equal(levels[0].label, "Axe");
	assert_int_equal(levels[0].count, 2);
	assert_string_equal(levels[1].label, "Levier");
	assert_int_equal(levels[1].count, 1);
	assert_string_equal(levels[2].label, "Projet");
	assert_int_equal(levels[2].count, 2);
}

static void test_link_contributions(void **state)
{
	fixture *f = *state;
	static const row rows[] = {
		{"AX1", NULL, "Axe", "Axe 1"},
		{"AX2", NULL, "Axe", "Axe 2"},
		{"PR", NULL, "Programme", "Programme"},
		{"P1", "PR", "Projet", "Projet"},
	};
	plan *p = BUILD(f->a, rows);
	/* Duplicates are kept once, in the order of their first mention. */
	set_contributions(f->a, &p->elements[3], 5, "AX2", "AX1", "AX2", "AX1", "PR");
	assert_true(plan_link(f->a, p, FILE_NAME, &f->d));
	plan_element *e = &p->elements[3];
	assert_int_equal(e->contribution_count, 3);
	assert_string_equal(e->contributes_to[0], "AX2");
	assert_string_equal(e->contributes_to[1], "AX1");
	assert_string_equal(e->contributes_to[2], "PR");
	assert_ptr_equal(e->contributions[0], &p->elements[1]);
	assert_ptr_equal(e->contributions[1], &p->elements[0]);
	assert_ptr_equal(e->contributions[2], &p->elements[2]);
	/* A contribution is not a parent link. */
	assert_ptr_equal(e->parent, &p->elements[2]);
	assert_int_equal(p->elements[0].child_count, 0);
}

/* ---- errors, one kind at a time ----------------------------------------------------- */

static void test_error_empty_code(void **state)
{
	fixture *f = *state;
	static const row rows[] = {
		{"A", NULL, "Axe", "Axe A"},
		{"", "A", "Objectif", "Sans code"},
		{NULL, "A", "Objectif", "Code absent"},
	};
	assert_false(plan_link(f->a, BUILD(f->a, rows), FILE_NAME, &f->d));
	expect_diags(&f->d, 2,
	             3, "le code est vide : chaque élément doit avoir un code",
	             4, "le code est vide : chaque élément doit avoir un code");
}

static void test_error_empty_level_and_title(void **state)
{
	fixture *f = *state;
	static const row rows[] = {
		{"A", NULL, "", "Axe A"},
		{"B", NULL, "Axe", ""},
		{"C", NULL, NULL, NULL},
	};
	assert_false(plan_link(f->a, BUILD(f->a, rows), FILE_NAME, &f->d));
	expect_diags(&f->d, 4,
	             2, "le niveau de « A » est vide",
	             3, "l'intitulé de « B » est vide",
	             4, "le niveau de « C » est vide",
	             4, "l'intitulé de « C » est vide");
}

static void test_error_duplicate_code(void **state)
{
	fixture *f = *state;
	static const row rows[] = {
		{"A", NULL, "Axe", "Axe A"},
		{"B", NULL, "Axe", "Axe B"},
		{"A", NULL, "Axe", "Encore A"},
		{"A", NULL, "Axe", "Toujours A"},
	};
	assert_false(plan_link(f->a, BUILD(f->a, rows), FILE_NAME, &f->d));
	expect_diags(&f->d, 2,
	             4, "code « A » en double (déjà utilisé ligne 2)",
	             5, "code « A » en double (déjà utilisé ligne 2)");
}

static void test_error_duplicate_code_without_lines(void **state)
{
	fixture *f = *state;
	static const row rows[] = {
		{"A", NULL, "Axe", "Axe A"},
		{"A", NULL, "Axe", "Encore A"},
	};
	plan *p = BUILD(f->a, rows);
	p->elements[0].source_line = p->elements[1].source_line = 0;
	assert_false(plan_link(f->a, p, FILE_NAME, &f->d));
	expect_diags(&f->d, 1, 0, "code « A » en double");
}

static void test_error_unknown_parent(void **state)
{
	fixture *f = *state;
	static const row rows[] = {
		{"A", NULL, "Axe", "Axe A"},
		{"A.1", "Z", "Objectif", "Orphelin"},
	};
	assert_false(plan_link(f->a, BUILD(f->a, rows), FILE_NAME, &f->d));
	expect_diags(&f->d, 1, 3, "parent inconnu « Z » : aucun élément n'a ce code");
}

static void test_error_unknown_parent_suggestion(void **state)
{
	fixture *f = *state;
	static const row rows[] = {
		{"AX1", NULL, "Axe", "Axe 1"},
		{"Numérique", NULL, "Axe", "Axe numérique"},
		{"O1", "ax1", "Objectif", "Casse"},
		{"O2", "NUMERIQUE", "Objectif", "Accents"},
	};
	assert_false(plan_link(f->a, BUILD(f->a, rows), FILE_NAME, &f->d));
	expect_diags(&f->d, 2,
	             4, "parent inconnu « ax1 » (vouliez-vous dire « AX1 » ?)",
	             5, "parent inconnu « NUMERIQUE » (vouliez-vous dire « Numérique » ?)");
}

static void test_error_own_parent(void **state)
{
	fixture *f = *state;
	static const row rows[] = {
		{"R", NULL, "Axe", "Racine"},
		{"A", "A", "Axe", "Soi-même"},
	};
	assert_false(plan_link(f->a, BUILD(f->a, rows), FILE_NAME, &f->d));
	expect_diags(&f->d, 1, 3, "« A » ne peut pas être son propre parent");
}

static void test_error_cycle_of_two(void **state)
{
	fixture *f = *state;
	static const row rows[] = {
		{"R", NULL, "Axe", "Racine"},
		{"A", "B", "Objectif", "A"},
		{"B", "A", "Objectif", "B"},
		{"C", "B", "Action", "Suspendu au cycle"},
	};
	assert_false(plan_link(f->a, BUILD(f->a, rows), FILE_NAME, &f->d));
	expect_diags(&f->d, 1, 3, "cycle dans les liens de parenté : A → B → A");
}

static void test_error_cycle_of_three(void **state)
{
	fixture *f = *state;
	/* Reported from its element on the first line, whatever the walk's start. */
	static const row rows[] = {
		{"C", "B", "Objectif", "C"},
		{"R", NULL, "Axe", "Racine"},
		{"A", "C", "Objectif", "A"},
		{"B", "A", "Objectif", "B"},
	};
	assert_false(plan_link(f->a, BUILD(f->a, rows), FILE_NAME, &f->d));
	expect_diags(&f->d, 1, 2, "cycle dans les liens de parenté : C → B → A → C");
}

static void test_error_two_cycles_each_once(void **state)
{
	fixture *f = *state;
	static const row rows[] = {
		{"A", "B", "Axe", "A"},
		{"B", "A", "Axe", "B"},
		{"X", "Z", "Axe", "X"},
		{"Y", "X", "Axe", "Y"},
		{"Z", "Y", "Axe", "Z"},
		{"Y.1", "Y", "Action", "Sous Y"},
		{"Y.1.a", "Y.1", "Action", "Sous Y.1"},
	};
	assert_false(plan_link(f->a, BUILD(f->a, rows), FILE_NAME, &f->d));
	expect_diags(&f->d, 2,
	             2, "cycle dans les liens de parenté : A → B → A",
	             4, "cycle dans les liens de parenté : X → Z → Y → X");
}

static void test_error_unknown_contribution(void **state)
{
	fixture *f = *state;
	static const row rows[] = {
		{"AX1", NULL, "Axe", "Axe 1"},
		{"P", "AX1", "Projet", "Projet"},
	};
	plan *p = BUILD(f->a, rows);
	set_contributions(f->a, &p->elements[1], 3, "AX1", "Q9", "ax1");
	assert_false(plan_link(f->a, p, FILE_NAME, &f->d));
	expect_diags(&f->d, 2,
	             3, "contribue_a : code inconnu « Q9 » : aucun élément n'a ce code",
	             3, "contribue_a : code inconnu « ax1 » (vouliez-vous dire « AX1 » ?)");
}

static void test_error_self_contribution(void **state)
{
	fixture *f = *state;
	static const row rows[] = {
		{"AX1", NULL, "Axe", "Axe 1"},
		{"P", "AX1", "Projet", "Projet"},
	};
	plan *p = BUILD(f->a, rows);
	set_contributions(f->a, &p->elements[1], 2, "AX1", "P");
	assert_false(plan_link(f->a, p, FILE_NAME, &f->d));
	expect_diags(&f->d, 1, 3, "« P » ne peut pas contribuer à lui-même");
}

static void test_error_end_before_start(void **state)
{
	fixture *f = *state;
	static const row rows[] = {
		{"A", NULL, "Axe", "Axe A"},
		{"B", NULL, "Axe", "Même jour"},
		{"C", NULL, "Axe", "Fin seule"},
	};
	plan *p = BUILD(f->a, rows);
	p->elements[0].start = (jalon_date){2025, 9, 1};
	p->elements[0].end = (jalon_date){2025, 6, 30};
	p->elements[1].start = p->elements[1].end = (jalon_date){2025, 1, 1};
	p->elements[2].end = (jalon_date){2020, 1, 1};
	assert_false(plan_link(f->a, p, FILE_NAME, &f->d));
	expect_diags(&f->d, 1,
	             2, "la fin (30/06/2025) précède le début (01/09/2025) pour « A »");
}

static void test_error_negative_budget(void **state)
{
	fixture *f = *state;
	static const row rows[] = {
		{"A", NULL, "Axe", "Axe A"},
		{"B", NULL, "Axe", "Budget nul"},
		{"C", NULL, "Axe", "Sans budget"},
	};
	plan *p = BUILD(f->a, rows);
	p->elements[0].has_budget = true;
	p->elements[0].budget_cents = -1;
	p->elements[1].has_budget = true;
	p->elements[1].budget_cents = 0;
	p->elements[2].budget_cents = -500; /* ignored: has_budget is false */
	assert_false(plan_link(f->a, p, FILE_NAME, &f->d));
	expect_diags(&f->d, 1, 2, "le budget de « A » est négatif");
}

/* Every kind of problem in one plan: all are reported by one call. */
static void test_all_errors_in_one_call(void **state)
{
	fixture *f = *state;
	static const row rows[] = {
		{"A", NULL, "Axe", "Axe A"},           /* 2 */
		{"", NULL, "Axe", "Sans code"},        /* 3 */
		{"B", NULL, "", "Sans niveau"},        /* 4 */
		{"A", NULL, "Axe", "Doublon"},         /* 5 */
		{"C", "Z", "Objectif", "Orphelin"},    /* 6 */
		{"D", "D", "Objectif", "Soi-même"},    /* 7 */
		{"E", "A", "Projet", "Projet"},        /* 8 */
		{"F", "A", "Projet", "Dates"},         /* 9 */
	};
	plan *p = BUILD(f->a, rows);
	set_contributions(f->a, &p->elements[6], 2, "E", "NOPE");
	p->elements[7].start = (jalon_date){2026, 1, 2};
	p->elements[7].end = (jalon_date){2026, 1, 1};
	p->elements[7].has_budget = true;
	p->elements[7].budget_cents = -100;
	assert_false(plan_link(f->a, p, FILE_NAME, &f->d));
	expect_diags(&f->d, 9,
	             3, "le code est vide : chaque élément doit avoir un code",
	             4, "le niveau de « B » est vide",
	             5, "code « A » en double (déjà utilisé ligne 2)",
	             6, "parent inconnu « Z » : aucun élément n'a ce code",
	             7, "« D » ne peut pas être son propre parent",
	             8, "« E » ne peut pas contribuer à lui-même",
	             8, "contribue_a : code inconnu « NOPE » : aucun élément n'a ce code",
	             9, "la fin (01/01/2026) précède le début (02/01/2026) pour « F »",
	             9, "le budget de « F » est négatif");
}

/* A cycle is still found when another element has an unknown parent. */
static void test_cycle_reported_with_unknown_parent(void **state)
{
	fixture *f = *state;
	static const row rows[] = {
		{"A", "B", "Axe", "A"},
		{"B", "A", "Axe", "B"},
		{"C", "Z", "Axe", "Orphelin"},
	};
	assert_false(plan_link(f->a, BUILD(f->a, rows), FILE_NAME, &f->d));
	expect_diags(&f->d, 2,
	             2, "cycle dans les liens de parenté : A → B → A",
	             4, "parent inconnu « Z » : aucun élément n'a ce code");
}

/* ---- lookups and enumerations --------------------------------------------------------- */

static void test_plan_find(void **state)
{
	fixture *f = *state;
	static const row rows[] = {
		{"AX1", NULL, "Axe", "Axe 1"},
		{"AX1.O1", "AX1", "Objectif", "Objectif"},
	};
	plan *p = BUILD(f->a, rows);
	assert_true(plan_link(f->a, p, FILE_NAME, &f->d));
	assert_ptr_equal(plan_find(p, "AX1"), &p->elements[0]);
	assert_ptr_equal(plan_find(p, "AX1.O1"), &p->elements[1]);
	assert_null(plan_find(p, "ax1"));
	assert_null(plan_find(p, "AX"));
	assert_null(plan_find(p, ""));
}

static void test_status_parse(void **state)
{
	(void)state;
	static const struct {
		const char *typed;
		plan_status expected;
	} cases[] = {
		{"Adopté", PLAN_STATUS_ADOPTED},
		{"ADOPTE", PLAN_STATUS_ADOPTED},
		{"adopted", PLAN_STATUS_ADOPTED},
		{"en consultation", PLAN_STATUS_CONSULTATION},
		{"En-Révision", PLAN_STATUS_REVISION},
		{"EN_REVISION", PLAN_STATUS_REVISION},
		{"brouillon", PLAN_STATUS_DRAFT},
		{"draft", PLAN_STATUS_DRAFT},
		{"Clos", PLAN_STATUS_CLOSED},
		{"closed", PLAN_STATUS_CLOSED},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		plan_status s = PLAN_STATUS_COUNT;
		if (!plan_status_parse(cases[i].typed, &s))
			fail_msg("« %s » refused", cases[i].typed);
		if (s != cases[i].expected)
			fail_msg("« %s » gave %d, expected %d", cases[i].typed, s, cases[i].expected);
	}
	plan_status s = PLAN_STATUS_CLOSED;
	assert_false(plan_status_parse("foo", &s));
	assert_false(plan_status_parse("", &s));
	assert_false(plan_status_parse("adopt", &s));
	assert_false(plan_status_parse(NULL, &s));
	assert_int_equal(s, PLAN_STATUS_CLOSED); /* untouched on failure */
}

static void test_organisation_kind_parse(void **state)
{
	(void)state;
	static const struct {
		const char *typed;
		organisation_kind expected;
	} cases[] = {
		{"ComUE", ORGANISATION_COMUE},
		{"comue", ORGANISATION_COMUE},
		{"Université", ORGANISATION_UNIVERSITY},
		{"UNIVERSITE", ORGANISATION_UNIVERSITY},
		{"university", ORGANISATION_UNIVERSITY},
		{"École", ORGANISATION_SCHOOL},
		{"Région", ORGANISATION_REGION},
		{"autre", ORGANISATION_OTHER},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		organisation_kind k = ORGANISATION_KIND_COUNT;
		if (!organisation_kind_parse(cases[i].typed, &k))
			fail_msg("« %s » refused", cases[i].typed);
		if (k != cases[i].expected)
			fail_msg("« %s » gave %d, expected %d", cases[i].typed, k, cases[i].expected);
	}
	organisation_kind k = ORGANISATION_REGION;
	assert_false(organisation_kind_parse("foo", &k));
	assert_false(organisation_kind_parse("", &k));
	assert_false(organisation_kind_parse(NULL, &k));
	assert_int_equal(k, ORGANISATION_REGION);
}

static void test_keys_and_labels(void **state)
{
	(void)state;
	static const char *const status_keys[] = {"brouillon", "en-consultation", "adopte",
	                                          "en-revision", "clos"};
	static const char *const status_labels[] = {"brouillon", "en consultation", "adopté",
	                                            "en révision", "clos"};
	for (int i = 0; i < PLAN_STATUS_COUNT; i++) {
		assert_string_equal(plan_status_key((plan_status)i), status_keys[i]);
		assert_string_equal(plan_status_label((plan_status)i), status_labels[i]);
		plan_status back;
		assert_true(plan_status_parse(plan_status_key((plan_status)i), &back));
		assert_int_equal(back, i);
		assert_true(plan_status_parse(plan_status_label((plan_status)i), &back));
		assert_int_equal(back, i);
	}
	assert_string_equal(plan_status_key(PLAN_STATUS_COUNT), "brouillon");
	assert_string_equal(plan_status_label(PLAN_STATUS_COUNT), "brouillon");

	static const char *const kind_keys[] = {"universite", "ecole", "comue", "region",
	                                        "autre"};
	static const char *const kind_labels[] = {"université", "école", "ComUE", "région",
	                                          "autre"};
	for (int i = 0; i < ORGANISATION_KIND_COUNT; i++) {
		assert_string_equal(organisation_kind_key((organisation_kind)i), kind_keys[i]);
		assert_string_equal(organisation_kind_label((organisation_kind)i), kind_labels[i]);
		organisation_kind back;
		assert_true(organisation_kind_parse(organisation_kind_label((organisation_kind)i),
		                                    &back));
		assert_int_equal(back, i);
	}
	assert_string_equal(organisation_kind_key(ORGANISATION_KIND_COUNT), "autre");
	assert_string_equal(organisation_kind_label(ORGANISATION_KIND_COUNT), "autre");
}

/* ---- one element checked before it is saved (a form) ------------------------------ */

/* A linked plan with a branch three deep, for plan_check_element and counts. */
static const row form_rows[] = {
	{"A", NULL, "Axe", "Axe A"},
	{"A.1", "A", "Objectif", "Objectif A.1"},
	{"A.1.a", "A.1", "Action", "Action a"},
	{"A.1.b", "A.1", "Action", "Action b"},
	{"A.2", "A", "Objectif", "Objectif A.2"},
	{"B", NULL, "Axe", "Axe B"},
};

static plan *form_plan(fixture *f)
{
	plan *p = BUILD(f->a, form_rows);
	assert_true(plan_link(f->a, p, FILE_NAME, &f->d));
	return p;
}

/* A candidate as a form leaves it: the four fields, the rest empty. */
static plan_element *candidate(arena *a, const char *code, const char *parent,
                               const char *level, const char *title)
{
	plan_element *e = arena_alloc(a, sizeof(*e));
	e->code = code;
	e->parent_code = parent;
	e->level = level;
	e->title = title;
	return e;
}

/* A copy of an element of p, as an edit form starts from it. */
static plan_element *edited(arena *a, const plan_element *from)
{
	plan_element *e = arena_alloc(a, sizeof(*e));
	*e = *from;
	return e;
}

/* Expect exactly these diagnostics, in order: pairs of (field, message), line 0. */
static void expect_field_diags(diag_list *d, size_t n, ...)
{
	if (d->count != n || d->dropped) {
		for (size_t i = 0; i < d->count; i++)
			print_message("got %s: %s\n", d->items[i].file, d->items[i].message);
		fail_msg("%zu diagnostics (+%zu dropped), expected %zu", d->count, d->dropped, n);
	}
	va_list ap;
	va_start(ap, n);
	for (size_t i = 0; i < n; i++) {
		const char *field = va_arg(ap, const char *);
		const char *message = va_arg(ap, const char *);
		assert_string_equal(d->items[i].file, field);
		assert_int_equal(d->items[i].line, 0);
		assert_string_equal(d->items[i].message, message);
	}
	va_end(ap);
}

static void test_descendant_count(void **state)
{
	fixture *f = *state;
	plan *p = form_plan(f);
	assert_int_equal(plan_descendant_count(plan_find(p, "A")), 4);
	assert_int_equal(plan_descendant_count(plan_find(p, "A.1")), 2);
	assert_int_equal(plan_descendant_count(plan_find(p, "A.1.a")), 0);
	assert_int_equal(plan_descendant_count(plan_find(p, "A.2")), 0);
	assert_int_equal(plan_descendant_count(plan_find(p, "B")), 0);
}

static void test_find_id(void **state)
{
	fixture *f = *state;
	plan *p = form_plan(f);
	for (size_t i = 0; i < p->element_count; i++)
		p->elements[i].id = 100 + (int64_t)i;
	assert_ptr_equal(plan_find_id(p, 100), &p->elements[0]);
	assert_ptr_equal(plan_find_id(p, 105), &p->elements[5]);
	assert_null(plan_find_id(p, 106));
	assert_null(plan_find_id(p, 0));
}

static void test_check_new_element_sound(void **state)
{
	fixture *f = *state;
	plan *p = form_plan(f);
	plan_element *e = candidate(f->a, "A.1.c", "A.1", "Action", "Action c");
	set_contributions(f->a, e, 2, "B", "A.2");
	e->start = e->end = (jalon_date){2026, 3, 1};
	e->has_budget = true;
	e->budget_cents = 0;
	assert_true(plan_check_element(f->a, p, e, NULL, &f->d));
	assert_int_equal(f->d.count, 0);
	/* At top level too, and the plan is left as it was. */
	e = candidate(f->a, "C", NULL, "Axe", "Axe C");
	assert_true(plan_check_element(f->a, p, e, NULL, &f->d));
	assert_int_equal(f->d.count, 0);
	assert_int_equal(p->element_count, 6);
	assert_int_equal(plan_find(p, "A.1")->child_count, 2);
}

static void test_check_required_fields(void **state)
{
	fixture *f = *state;
	plan *p = form_plan(f);
	assert_false(plan_check_element(f->a, p, candidate(f->a, "", "A", NULL, ""), NULL,
	                                &f->d));
	expect_field_diags(&f->d, 3,
	                   "code", "obligatoire",
	                   "level", "obligatoire",
	                   "title", "obligatoire");
}

static void test_check_duplicate_code(void **state)
{
	fixture *f = *state;
	plan *p = form_plan(f);
	assert_false(plan_check_element(f->a, p, candidate(f->a, "A.2", "B", "Objectif", "Doublon"),
	                                NULL, &f->d));
	expect_field_diags(&f->d, 1,
	                   "code", "ce code est déjà celui d'un autre élément (« Objectif A.2 »)");

	/* An update keeps its own code, but cannot take another's. */
	diag_init(&f->d, f->a);
	plan_element *a2 = plan_find(p, "A.2");
	plan_element *e = edited(f->a, a2);
	e->title = "Nouvel intitulé";
	assert_true(plan_check_element(f->a, p, e, a2, &f->d));
	e->code = "A.1";
	assert_false(plan_check_element(f->a, p, e, a2, &f->d));
	/* Naming that code as parent or contribution names the other element, not itself:
	 * the only problem is the code. */
	e->parent_code = "A.1";
	set_contributions(f->a, e, 1, "A.1");
	assert_false(plan_check_element(f->a, p, e, a2, &f->d));
	expect_field_diags(&f->d, 2,
	                   "code", "ce code est déjà celui d'un autre élément (« Objectif A.1 »)",
	                   "code", "ce code est déjà celui d'un autre élément (« Objectif A.1 »)");
	/* Codes are verbatim: another case is another code. */
	diag_init(&f->d, f->a);
	e->code = "a.1";
	assert_true(plan_check_element(f->a, p, e, a2, &f->d));
}

static void test_check_unknown_parent(void **state)
{
	fixture *f = *state;
	plan *p = form_plan(f);
	assert_false(plan_check_element(f->a, p, candidate(f->a, "X", "Z", "Axe", "X"), NULL,
	                                &f->d));
	assert_false(plan_check_element(f->a, p, candidate(f->a, "Y", "a.1", "Axe", "Y"), NULL,
	                                &f->d));
	expect_field_diags(&f->d, 2,
	                   "parent", "parent inconnu « Z » : aucun élément n'a ce code",
	                   "parent", "parent inconnu « a.1 » (vouliez-vous dire « A.1 » ?)");
}

static void test_check_own_parent(void **state)
{
	fixture *f = *state;
	plan *p = form_plan(f);
	/* A new element naming itself. */
	assert_false(plan_check_element(f->a, p, candidate(f->a, "N", "N", "Axe", "N"), NULL,
	                                &f->d));
	/* An update naming itself, by its new code or by the old one still in the plan. */
	plan_element *b = plan_find(p, "B");
	plan_element *e = edited(f->a, b);
	e->parent_code = "B";
	assert_false(plan_check_element(f->a, p, e, b, &f->d));
	e->code = "B2";
	e->parent_code = "B2";
	assert_false(plan_check_element(f->a, p, e, b, &f->d));
	e->parent_code = "B";
	assert_false(plan_check_element(f->a, p, e, b, &f->d));
	expect_field_diags(&f->d, 4,
	                   "parent", "« N » ne peut pas être son propre parent",
	                   "parent", "« B » ne peut pas être son propre parent",
	                   "parent", "« B2 » ne peut pas être son propre parent",
	                   "parent", "« B2 » ne peut pas être son propre parent");
}

static void test_check_moves(void **state)
{
	fixture *f = *state;
	plan *p = form_plan(f);
	plan_element *a1 = plan_find(p, "A.1");
	plan_element *e = edited(f->a, a1);
	/* Under its own child, or the root under its grandchild: refused. */
	e->parent_code = "A.1.b";
	assert_false(plan_check_element(f->a, p, e, a1, &f->d));
	plan_element *a = plan_find(p, "A");
	plan_element *root = edited(f->a, a);
	root->parent_code = "A.1.a";
	assert_false(plan_check_element(f->a, p, root, a, &f->d));
	expect_field_diags(&f->d, 2,
	                   "parent", "« A.1.b » est un descendant de cet élément : le déplacer "
	                             "dessous créerait une boucle",
	                   "parent", "« A.1.a » est un descendant de cet élément : le déplacer "
	                             "dessous créerait une boucle");
	/* To another branch, under a sibling, or to the top level: allowed. */
	diag_init(&f->d, f->a);
	e->parent_code = "B";
	assert_true(plan_check_element(f->a, p, e, a1, &f->d));
	e->parent_code = "A.2";
	assert_true(plan_check_element(f->a, p, e, a1, &f->d));
	e->parent_code = NULL;
	assert_true(plan_check_element(f->a, p, e, a1, &f->d));
	/* A leaf may go anywhere but under itself. */
	plan_element *leaf = plan_find(p, "A.1.a");
	e = edited(f->a, leaf);
	e->parent_code = "A.1.b";
	assert_true(plan_check_element(f->a, p, e, leaf, &f->d));
	assert_int_equal(f->d.count, 0);
}

static void test_check_contributions(void **state)
{
	fixture *f = *state;
	plan *p = form_plan(f);
	plan_element *e = candidate(f->a, "P", "B", "Projet", "Projet");
	set_contributions(f->a, e, 5, "A", "Q9", "b", "P", "");
	assert_false(plan_check_element(f->a, p, e, NULL, &f->d));
	expect_field_diags(&f->d, 3,
	                   "contributes_to", "code inconnu « Q9 » : aucun élément n'a ce code",
	                   "contributes_to", "code inconnu « b » (vouliez-vous dire « B » ?)",
	                   "contributes_to", "« P » ne peut pas contribuer à lui-même");

	/* An update contributing to itself under its old code. */
	diag_init(&f->d, f->a);
	plan_element *a2 = plan_find(p, "A.2");
	e = edited(f->a, a2);
	e->code = "A.3";
	set_contributions(f->a, e, 2, "B", "A.2");
	assert_false(plan_check_element(f->a, p, e, a2, &f->d));
	expect_field_diags(&f->d, 1,
	                   "contributes_to", "« A.3 » ne peut pas contribuer à lui-même");
}

static void test_check_dates_and_budget(void **state)
{
	fixture *f = *state;
	plan *p = form_plan(f);
	plan_element *e = candidate(f->a, "P", "B", "Projet", "Projet");
	e->start = (jalon_date){2026, 9, 1};
	e->end = (jalon_date){2026, 8, 31};
	e->has_budget = true;
	e->budget_cents = -1;
	assert_false(plan_check_element(f->a, p, e, NULL, &f->d));
	expect_field_diags(&f->d, 2,
	                   "end", "la fin précède le début",
	                   "budget", "le budget ne peut pas être négatif");
	/* An end alone, or a negative amount that is not a budget, is fine. */
	diag_init(&f->d, f->a);
	e->start = DATE_NONE;
	e->has_budget = false;
	assert_true(plan_check_element(f->a, p, e, NULL, &f->d));
}

/* Every kind of problem at once, each next to its field, in the form's order. */
static void test_check_all_errors_in_one_call(void **state)
{
	fixture *f = *state;
	plan *p = form_plan(f);
	plan_element *a = plan_find(p, "A");
	plan_element *e = edited(f->a, a);
	e->code = "B";
	e->level = "";
	e->title = NULL;
	e->parent_code = "A.2";
	set_contributions(f->a, e, 1, "NOPE");
	e->start = (jalon_date){2026, 1, 2};
	e->end = (jalon_date){2026, 1, 1};
	e->has_budget = true;
	e->budget_cents = -100;
	assert_false(plan_check_element(f->a, p, e, a, &f->d));
	expect_field_diags(&f->d, 7,
	                   "code", "ce code est déjà celui d'un autre élément (« Axe B »)",
	                   "level", "obligatoire",
	                   "title", "obligatoire",
	                   "parent", "« A.2 » est un descendant de cet élément : le déplacer "
	                             "dessous créerait une boucle",
	                   "contributes_to", "code inconnu « NOPE » : aucun élément n'a ce code",
	                   "end", "la fin précède le début",
	                   "budget", "le budget ne peut pas être négatif");
}

/* ---- size --------------------------------------------------------------------------- */

static double seconds_since(const struct timespec *t0)
{
	struct timespec t1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

enum { DEEP = 100000 };

/* A chain 100,000 deep, each child listed before its parent: no recursion to
 * overflow the stack, and linear time. */
static void test_deep_chain(void **state)
{
	fixture *f = *state;
	plan *p = arena_alloc(f->a, sizeof(*p));
	p->elements = arena_alloc(f->a, DEEP * sizeof(*p->elements));
	p->element_count = DEEP;
	for (size_t i = 0; i < DEEP; i++) {
		plan_element *e = &p->elements[i];
		e->code = arena_printf(f->a, "E%zu", i);
		e->parent_code = i + 1 < DEEP ? arena_printf(f->a, "E%zu", i + 1) : NULL;
		e->level = "Niveau";
		e->title = "Élément";
		e->source_line = (int)i + 2;
	}
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_true(plan_link(f->a, p, FILE_NAME, &f->d));
	double elapsed = seconds_since(&t0);
	if (elapsed > 0.5)
		fail_msg("linking took %.3f s", elapsed);
	assert_int_equal(p->root_count, 1);
	assert_ptr_equal(p->roots[0], &p->elements[DEEP - 1]);
	for (size_t k = 0; k < DEEP; k++)
		assert_ptr_equal(p->ordered[k], &p->elements[DEEP - 1 - k]);
	assert_int_equal(p->elements[0].depth, DEEP - 1);
	plan_level_count *levels;
	assert_int_equal(plan_level_counts(f->a, p, &levels), 1);
	assert_int_equal(levels[0].count, DEEP);
}

/* The same chain closed into one cycle: reported once, still in linear time. */
static void test_long_cycle(void **state)
{
	fixture *f = *state;
	plan *p = arena_alloc(f->a, sizeof(*p));
	p->elements = arena_alloc(f->a, DEEP * sizeof(*p->elements));
	p->element_count = DEEP;
	for (size_t i = 0; i < DEEP; i++) {
		plan_element *e = &p->elements[i];
		e->code = arena_printf(f->a, "E%zu", i);
		e->parent_code = arena_printf(f->a, "E%zu", (i + 1) % DEEP);
		e->level = "Niveau";
		e->title = "Élément";
		e->source_line = (int)i + 2;
	}
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_false(plan_link(f->a, p, FILE_NAME, &f->d));
	double elapsed = seconds_since(&t0);
	if (elapsed > 0.5)
		fail_msg("linking took %.3f s", elapsed);
	assert_int_equal(diag_total(&f->d), 1);
	assert_int_equal(f->d.items[0].line, 2);
	const char *m = f->d.items[0].message;
	const char *prefix = "cycle dans les liens de parenté : E0 → E1 → E2 → ";
	assert_memory_equal(m, prefix, strlen(prefix));
	const char *suffix = " → E99999 → E0";
	size_t n = strlen(m);
	assert_true(n > strlen(suffix));
	assert_string_equal(m + n - strlen(suffix), suffix);
}

/* plan_descendant_count on the 100,000-deep chain: no recursion, linear time. */
static void test_descendant_count_deep_chain(void **state)
{
	fixture *f = *state;
	plan *p = arena_alloc(f->a, sizeof(*p));
	p->elements = arena_alloc(f->a, DEEP * sizeof(*p->elements));
	p->element_count = DEEP;
	for (size_t i = 0; i < DEEP; i++) {
		plan_element *e = &p->elements[i];
		e->code = arena_printf(f->a, "E%zu", i);
		e->parent_code = i ? arena_printf(f->a, "E%zu", i - 1) : NULL;
		e->level = "Niveau";
		e->title = "Élément";
	}
	assert_true(plan_link(f->a, p, FILE_NAME, &f->d));
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(plan_descendant_count(&p->elements[0]), DEEP - 1);
	assert_int_equal(plan_descendant_count(&p->elements[DEEP / 2]), DEEP - DEEP / 2 - 1);
	assert_int_equal(plan_descendant_count(&p->elements[DEEP - 1]), 0);
	double elapsed = seconds_since(&t0);
	if (elapsed > 0.5)
		fail_msg("counting took %.3f s", elapsed);
	/* Moving the root under its deepest descendant is refused, as cheaply. */
	plan_element e = p->elements[0];
	e.parent_code = p->elements[DEEP - 1].code;
	assert_false(plan_check_element(f->a, p, &e, &p->elements[0], &f->d));
	assert_int_equal(f->d.count, 1);
	assert_string_equal(f->d.items[0].file, "parent");
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_link_simple_forest),
		T(test_link_children_before_parents),
		T(test_link_irregular_forest),
		T(test_level_counts_depth_first_order),
		T(test_link_contributions),
		T(test_error_empty_code),
		T(test_error_empty_level_and_title),
		T(test_error_duplicate_code),
		T(test_error_duplicate_code_without_lines),
		T(test_error_unknown_parent),
		T(test_error_unknown_parent_suggestion),
		T(test_error_own_parent),
		T(test_error_cycle_of_two),
		T(test_error_cycle_of_three),
		T(test_error_two_cycles_each_once),
		T(test_error_unknown_contribution),
		T(test_error_self_contribution),
		T(test_error_end_before_start),
		T(test_error_negative_budget),
		T(test_all_errors_in_one_call),
		T(test_cycle_reported_with_unknown_parent),
		T(test_plan_find),
		T(test_status_parse),
		T(test_organisation_kind_parse),
		T(test_keys_and_labels),
		T(test_deep_chain),
		T(test_long_cycle),
		T(test_descendant_count),
		T(test_find_id),
		T(test_check_new_element_sound),
		T(test_check_required_fields),
		T(test_check_duplicate_code),
		T(test_check_unknown_parent),
		T(test_check_own_parent),
		T(test_check_moves),
		T(test_check_contributions),
		T(test_check_dates_and_budget),
		T(test_check_all_errors_in_one_call),
		T(test_descendant_count_deep_chain),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
