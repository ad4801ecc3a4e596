/*
 * test_instance_csv.c — unit tests for the instances CSV reader (io/instance_csv.c):
 * what is read from a good file (kinds from the words people type, the composition
 * "Nom (rôle) | Nom", branches by code), header aliases and encodings, and every kind
 * of error with its line, all of them reported at once.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "plan_fixture.h"

#include "core/governance.h"
#include "core/plan.h"
#include "io/instance_csv.h"
#include "io/plan_csv.h"
#include "util/arena.h"
#include "util/diag.h"

typedef struct {
	arena *a;
	diag_list d;
	plan p;
	instance *items;
	size_t count;
} fixture;

static int setup(void **state)
{
	fixture *f = test_calloc(1, sizeof(*f));
	*state = f;
	return plan_fixture_read(&f->a, &f->d, &f->p, PLAN_FIXTURE_CSV) ? 0 : -1;
}

static int teardown(void **state)
{
	fixture *f = *state;
	arena_free(f->a);
	test_free(f);
	return 0;
}

static bool read_csv(fixture *f, const char *csv, const char *encoding)
{
	diag_init(&f->d, f->a);
	plan_csv_options o = {.encoding = encoding};
	return instance_csv_read(f->a, "i.csv", csv, strlen(csv), &o, &f->p, &f->items, &f->count,
	                         &f->d);
}

static void print_diags(const diag_list *d)
{
	for (size_t i = 0; i < d->count; i++)
		print_message("diag %s:%d: %s\n", d->items[i].file ? d->items[i].file : "-",
		              d->items[i].line, d->items[i].message);
}

/* The diag at index i: on `line` of i.csv, its message containing `text`. */
static void expect_diag(const fixture *f, size_t i, int line, const char *text)
{
	if (i >= f->d.count || f->d.items[i].line != line || !f->d.items[i].file ||
	    strcmp(f->d.items[i].file, "i.csv") != 0 || !strstr(f->d.items[i].message, text)) {
		print_diags(&f->d);
		fail_msg("diag %zu: expected line %d « %s »", i, line, text);
	}
}

static void test_good_file(void **state)
{
	fixture *f = *state;
	const char *csv =
		"Type;Instance;Rôle;Fréquence;Composition;Éléments\n"
		"Stratégique;Comité de gouvernance;Valide les orientations;2 fois par an;"
		"Présidente (présidente) | DGS |  DSI ( secrétaire ) ;\n"
		"\n"
		"COPIL;Comité numérique;;trimestrielle;;P1|P2|P1\n"
		"suivi;\"Comité de suivi; portail\";;;Chef de projet;É3\n"
		"groupe de travail;GT (a (b));;;M. X (rôle (intérim));\n";
	if (!read_csv(f, csv, NULL)) {
		print_diags(&f->d);
		fail();
	}
	assert_int_equal(f->count, 4);
	const instance *x = &f->items[0];
	assert_int_equal(x->kind, INSTANCE_GOVERNANCE);
	assert_string_equal(x->name, "Comité de gouvernance");
	assert_string_equal(x->role, "Valide les orientations");
	assert_string_equal(x->frequency, "2 fois par an");
	assert_int_equal(x->source_line, 2);
	assert_int_equal(x->member_count, 3);
	assert_string_equal(x->members[0].name, "Présidente");
	assert_string_equal(x->members[0].role, "présidente");
	assert_string_equal(x->members[1].name, "DGS");
	assert_null(x->members[1].role);
	assert_string_equal(x->members[2].name, "DSI");
	assert_string_equal(x->members[2].role, "secrétaire");
	assert_int_equal(x->branch_count, 0);

	x = &f->items[1];
	assert_int_equal(x->kind, INSTANCE_STEERING);
	assert_null(x->role);
	assert_int_equal(x->member_count, 0);
	assert_int_equal(x->source_line, 4); /* the blank line counts */
	assert_int_equal(x->branch_count, 2); /* P1 given twice: once */
	assert_string_equal(x->branches[0]->code, "P1");
	assert_string_equal(x->branches[1]->code, "P2");

	x = &f->items[2];
	assert_int_equal(x->kind, INSTANCE_OPERATIONAL);
	assert_string_equal(x->name, "Comité de suivi; portail");
	assert_string_equal(x->branches[0]->code, "É3");

	x = &f->items[3];
	assert_int_equal(x->kind, INSTANCE_TRANSVERSE);
	assert_string_equal(x->name, "GT (a (b))");
	assert_string_equal(x->members[0].name, "M. X");
	assert_string_equal(x->members[0].role, "rôle (intérim)");
}

static void test_minimal_and_encodings(void **state)
{
	fixture *f = *state;
	assert_true(read_csv(f, "type,nom\npilotage,COPIL\n", NULL));
	assert_int_equal(f->count, 1);
	assert_string_equal(f->items[0].name, "COPIL");
	assert_true(read_csv(f, "type;instance\nop\xe9rationnel;Comit\xe9 de suivi\n", "cp1252"));
	assert_int_equal(f->items[0].kind, INSTANCE_OPERATIONAL);
	assert_string_equal(f->items[0].name, "Comité de suivi");
	/* Header only: refused like every empty import, with a reason. */
	assert_false(read_csv(f, "type;instance\n", NULL));
	assert_true(f->d.count >= 1);
	assert_int_equal(f->count, 0);
}

static void test_errors_with_lines(void **state)
{
	fixture *f = *state;
	const char *csv = "type;instance;composition;elements\n"
	                  "comité;A;;\n"
	                  ";B;;\n"
	                  "pilotage;;;\n"
	                  "pilotage;a;;\n"
	                  "transverse;GT;DSI | (rapporteur);P9|ax1\n";
	assert_false(read_csv(f, csv, NULL));
	assert_null(f->items);
	assert_int_equal(f->count, 0);
	assert_int_equal(f->d.count, 7);
	expect_diag(f, 0, 2, "type d'instance inconnu « comité »");
	expect_diag(f, 1, 3, "type d'instance manquant");
	expect_diag(f, 2, 4, "nom de l'instance manquant");
	expect_diag(f, 3, 5, "instance « a » déjà décrite ligne 2");
	expect_diag(f, 4, 6, "membre sans nom « (rapporteur) »");
	expect_diag(f, 5, 6, "élément inconnu « P9 »");
	expect_diag(f, 6, 6, "élément inconnu « ax1 » (vouliez-vous dire « AX1 » ?)");
}

static void test_bad_header(void **state)
{
	fixture *f = *state;
	assert_false(read_csv(f, "type;role\npilotage;x\n", NULL));
	assert_true(f->d.count >= 1);
	bool named = false;
	for (size_t i = 0; i < f->d.count; i++)
		named |= strstr(f->d.items[i].message, "instance") != NULL;
	assert_true(named);
	assert_false(read_csv(f, "type;instance;couleur\npilotage;x;bleu\n", NULL));
	named = false;
	for (size_t i = 0; i < f->d.count; i++)
		named |= strstr(f->d.items[i].message, "couleur") != NULL;
	assert_true(named);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_good_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_minimal_and_encodings, setup, teardown),
		cmocka_unit_test_setup_teardown(test_errors_with_lines, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_header, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
