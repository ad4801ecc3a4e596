/*
 * test_steering_csv.c — unit tests for the budget and milestone CSV readers
 * (io/steering_csv.c): what is read from good files, and every kind of error with
 * its line, all of them reported at once.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "plan_fixture.h"

#include "core/plan.h"
#include "core/steering.h"
#include "io/plan_csv.h"
#include "io/steering_csv.h"
#include "util/arena.h"
#include "util/diag.h"

typedef struct {
	arena *a;
	diag_list d;
	plan p;
	budget_line *lines;
	milestone *milestones;
	size_t count;
} fixture;

static const char *const sources[] = {"ressources propres", "État", "Région", "CPER", "FEDER",
                                      "France 2030", "ANR", "Caisse des Dépôts", "autre"};

static int setup(void **state)
{
	static const char plan_csv[] = "code;parent;niveau;intitule\n"
	                               "AX1;;Axe;Usagers\n"
	                               "P1;AX1;Projet;Portail\n"
	                               "P2;AX1;Projet;Réseau\n";
	fixture *f = test_calloc(1, sizeof(*f));
	*state = f;
	return plan_fixture_read(&f->a, &f->d, &f->p, plan_csv) ? 0 : -1;
}

static int teardown(void **state)
{
	fixture *f = *state;
	arena_free(f->a);
	test_free(f);
	return 0;
}

static bool budget(fixture *f, const char *csv, const char *encoding)
{
	plan_csv_options options = {.encoding = encoding};
	diag_init(&f->d, f->a);
	return steering_csv_read_budget(f->a, "b.csv", csv, strlen(csv), &options, &f->p, sources,
	                                sizeof(sources) / sizeof(sources[0]), &f->lines, &f->count,
	                                &f->d);
}

static bool milestones(fixture *f, const char *csv)
{
	diag_init(&f->d, f->a);
	return steering_csv_read_milestones(f->a, "m.csv", csv, strlen(csv), NULL, &f->p,
	                                    &f->milestones, &f->count, &f->d);
}

static void print_diags(const diag_list *d)
{
	for (size_t i = 0; i < d->count; i++)
		print_message("diag %s:%d: %s\n", d->items[i].file ? d->items[i].file : "-",
		              d->items[i].line, d->items[i].message);
}

/* Some diagnostic is at `line` and contains `fragment`. */
static void assert_diag(const fixture *f, int line, const char *fragment)
{
	for (size_t i = 0; i < f->d.count; i++)
		if (f->d.items[i].line == line && strstr(f->d.items[i].message, fragment))
			return;
	print_diags(&f->d);
	fail_msg("no diagnostic at line %d containing « %s »", line, fragment);
}

/* ---- budget: good files ------------------------------------------------------------ */

static void test_budget_read(void **state)
{
	fixture *f = *state;
	const char *csv = "\xEF\xBB\xBF" "Code;Année;Nature;Source;Prévu;Engagé;Réalisé\r\n"
	                  "P1;2026;investissement;etat;1 234,50 €;2000;\r\n"
	                  ";;;;;;\r\n"
	                  "P2;2027;F;FRANCE 2030;;;5\r\n"
	                  "AX1;2028;Fonctionnement;caisse des depots;10;;\r\n";
	if (!budget(f, csv, NULL)) {
		print_diags(&f->d);
		fail();
	}
	assert_int_equal(f->count, 3);
	const budget_line *l = &f->lines[0];
	assert_string_equal(l->element->code, "P1");
	assert_int_equal(l->year, 2026);
	assert_int_equal(l->nature, NATURE_INVESTMENT);
	assert_string_equal(l->source, "État"); /* the list's spelling */
	assert_int_equal(l->planned_cents, 123450);
	assert_int_equal(l->committed_cents, 200000); /* over-commitment is not an error */
	assert_int_equal(l->paid_cents, 0);
	assert_int_equal(l->source_line, 2);
	l = &f->lines[1];
	assert_int_equal(l->nature, NATURE_OPERATING);
	assert_string_equal(l->source, "France 2030");
	assert_int_equal(l->planned_cents, 0);
	assert_int_equal(l->paid_cents, 500); /* paid above committed: no error either */
	assert_int_equal(l->source_line, 4);
	assert_string_equal(f->lines[2].source, "Caisse des Dépôts");
}

static void test_budget_optional_amount_columns(void **state)
{
	fixture *f = *state;
	assert_true(budget(f, "code,annee,nature,source\nP1,2026,I,ANR\n", NULL));
	assert_int_equal(f->count, 1);
	assert_int_equal(f->lines[0].planned_cents + f->lines[0].committed_cents +
	                 f->lines[0].paid_cents, 0);
}

static void test_budget_cp1252(void **state)
{
	fixture *f = *state;
	const char *csv = "code;annee;nature;source;prevu\nP1;2026;I;R\xe9gion;1\n";
	assert_false(budget(f, csv, NULL));
	assert_diag(f, 2, "--encoding cp1252");
	assert_true(budget(f, csv, "cp1252"));
	assert_string_equal(f->lines[0].source, "Région");
}

/* ---- budget: errors ---------------------------------------------------------------- */

static void test_budget_cell_errors(void **state)
{
	fixture *f = *state;
	const char *csv = "code;annee;nature;source;prevu;engage;realise\n"
	                  "p1;2026;I;ANR;1;;\n"
	                  "ZZ;2026;I;ANR;1;;\n"
	                  ";2026;I;ANR;1;;\n"
	                  "P1;26;I;ANR;1;;\n"
	                  "P1;;I;ANR;1;;\n"
	                  "P1;2026;capital;ANR;1;;\n"
	                  "P1;2026;;ANR;1;;\n"
	                  "P1;2026;I;Banque;1;;\n"
	                  "P1;2026;I;;1;;\n"
	                  "P1;2026;I;ANR;12,345;;\n"
	                  "P1;2026;I;ANR;1;-5;\n"
	                  "P1;2026;I;ANR;1;;douze\n";
	assert_false(budget(f, csv, NULL));
	assert_diag(f, 2, "élément inconnu « p1 » (vouliez-vous dire « P1 » ?)");
	assert_diag(f, 3, "élément inconnu « ZZ » : aucun élément du plan « sdn » n'a ce code");
	assert_diag(f, 4, "le code de l'élément est vide");
	assert_diag(f, 5, "année invalide « 26 »");
	assert_diag(f, 6, "année manquante");
	assert_diag(f, 7, "nature inconnue « capital » (investissement ou fonctionnement)");
	assert_diag(f, 8, "nature manquante");
	assert_diag(f, 9, "source de financement inconnue « Banque » (sources du plan : "
	                  "ressources propres, État, Région, CPER, FEDER, France 2030, ANR, "
	                  "Caisse des Dépôts, autre)");
	assert_diag(f, 10, "source de financement manquante");
	assert_diag(f, 11, "colonne « prevu » : montant invalide « 12,345 »");
	assert_diag(f, 12, "colonne « engage » : montant négatif « -5 » refusé");
	assert_diag(f, 13, "colonne « realise » : montant invalide « douze »");
	assert_int_equal(f->d.count, 12);
	assert_null(f->lines);
	assert_int_equal(f->count, 0);
	/* Sorted by line. */
	for (size_t i = 1; i < f->d.count; i++)
		assert_true(f->d.items[i - 1].line <= f->d.items[i].line);
}

static void test_budget_header_errors(void **state)
{
	fixture *f = *state;
	assert_false(budget(f, "code;annee;nature;prevu\nP1;2026;I;1\n", NULL));
	assert_diag(f, 1, "colonne obligatoire « source » absente (colonnes obligatoires : code, "
	                  "annee, nature, source)");
	assert_false(budget(f, "code;annee;nature;source;commentaire\nP1;2026;I;ANR;x\n", NULL));
	assert_diag(f, 1, "colonne inconnue « commentaire » (colonnes de ce format : code, annee, "
	                  "nature, source, prevu, engage, realise)");
	assert_false(budget(f, "code;annee;nature;source;Exercice\nP1;2026;I;ANR;2026\n", NULL));
	assert_diag(f, 1, "colonne « annee » en double (colonnes 2 et 5)");
	assert_false(budget(f, "code annee nature source\nP1\n", NULL));
	assert_diag(f, 1, "une seule colonne lue");
}

static void test_budget_file_errors(void **state)
{
	fixture *f = *state;
	assert_false(budget(f, "", NULL));
	assert_diag(f, 0, "fichier vide");
	assert_false(budget(f, "code;annee;nature;source\n\n", NULL));
	assert_diag(f, 0, "aucune ligne");
	assert_false(budget(f, "code;annee;nature;source\nP1;2026;I;ANR;en trop\nP2;2026\n", NULL));
	assert_diag(f, 2, "5 champs au lieu de 4");
	assert_diag(f, 3, "2 champs au lieu de 4");
	assert_false(budget(f, "code;annee;nature;source\nP1;2026;I;\"ANR\n", NULL));
	assert_diag(f, 2, "guillemet");
	assert_false(budget(f, "code;annee;nature;source;\nP1;2026;I;ANR;x\n", NULL));
	assert_diag(f, 2, "n'a pas d'en-tête");
}

/* ---- milestones -------------------------------------------------------------------- */

static void test_milestones_read(void **state)
{
	fixture *f = *state;
	const char *csv = "code;jalon;date_prevue;date_prevision;date_reelle;statut\n"
	                  "P1;Recette;01/03/2026;15/04/2026;;\n"
	                  "P1;Mise en production;2026-06-01;;03/06/2026;\n"
	                  "P2;Cahier des charges;2026-01-15;;;Annulé\n"
	                  "AX1;VSR;2026-09-01;;2026-09-02;atteint\n"
	                  "P2;Choix;2026-02-01;;;à venir\n";
	if (!milestones(f, csv)) {
		print_diags(&f->d);
		fail();
	}
	assert_int_equal(f->count, 5);
	const milestone *m = &f->milestones[0];
	assert_string_equal(m->element->code, "P1");
	assert_string_equal(m->title, "Recette");
	assert_int_equal(date_compare(m->planned, (jalon_date){2026, 3, 1}), 0);
	assert_int_equal(date_compare(m->forecast, (jalon_date){2026, 4, 15}), 0);
	assert_false(date_is_set(m->actual));
	assert_int_equal(m->status, MILESTONE_PLANNED);
	m = &f->milestones[1];
	assert_int_equal(m->status, MILESTONE_DONE); /* a real date and no status */
	assert_int_equal(date_compare(m->actual, (jalon_date){2026, 6, 3}), 0);
	assert_int_equal(f->milestones[2].status, MILESTONE_CANCELLED);
	assert_int_equal(f->milestones[3].status, MILESTONE_DONE);
	assert_int_equal(f->milestones[4].status, MILESTONE_PLANNED);
	assert_int_equal(f->milestones[4].source_line, 6);
}

static void test_milestones_minimal_columns(void **state)
{
	fixture *f = *state;
	assert_true(milestones(f, "Code;Intitulé;Date prévue\nP1;Recette;01/03/2026\n"));
	assert_int_equal(f->count, 1);
	assert_int_equal(f->milestones[0].status, MILESTONE_PLANNED);
}

static void test_milestones_errors(void **state)
{
	fixture *f = *state;
	const char *csv = "code;jalon;date_prevue;date_prevision;date_reelle;statut\n"
	                  "P1;Recette;;;;\n"
	                  "P1;Recette;31/02/2026;;;\n"
	                  "P1;Recette;2026-03-01;demain;;\n"
	                  "P1;Recette;2026-03-01;;;fini\n"
	                  "P1;Recette;2026-03-01;;;atteint\n"
	                  "P1;;2026-03-01;;;\n"
	                  "ax1;Recette;2026-03-01;;;\n";
	assert_false(milestones(f, csv));
	assert_diag(f, 2, "date prévue manquante");
	assert_diag(f, 3, "colonne « date_prevue » : date invalide « 31/02/2026 »");
	assert_diag(f, 4, "colonne « date_prevision » : date invalide « demain »");
	assert_diag(f, 5, "statut inconnu « fini » (à venir, atteint ou annulé)");
	assert_diag(f, 6, "jalon « Recette » atteint sans date réelle");
	assert_diag(f, 7, "l'intitulé du jalon est vide");
	assert_diag(f, 8, "vouliez-vous dire « AX1 »");
	assert_int_equal(f->d.count, 7);
	assert_false(milestones(f, "code;jalon\nP1;Recette\n"));
	assert_diag(f, 1, "colonne obligatoire « date_prevue » absente");
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_budget_read),
		T(test_budget_optional_amount_columns),
		T(test_budget_cp1252),
		T(test_budget_cell_errors),
		T(test_budget_header_errors),
		T(test_budget_file_errors),
		T(test_milestones_read),
		T(test_milestones_minimal_columns),
		T(test_milestones_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
