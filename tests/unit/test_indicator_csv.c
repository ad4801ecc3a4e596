/*
 * test_indicator_csv.c — unit tests for the indicator catalogue and measurement CSV
 * readers (io/indicator_csv.c): what is read from good files (targets from repeated
 * rows and from repeated columns, element lists, computed indicators), and every kind
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

#include "core/indicator.h"
#include "core/plan.h"
#include "io/indicator_csv.h"
#include "io/plan_csv.h"
#include "util/arena.h"
#include "util/diag.h"

typedef struct {
	arena *a;
	diag_list d;
	plan p;
	indicator *items;
	measurement *measurements;
	size_t count;
} fixture;

static const char *const families[] = {"suivi de projet", "performance opérationnelle",
                                       "financier", "adoption et satisfaction",
                                       "sécurité et conformité", "environnement"};
enum { FAMILY_COUNT = sizeof(families) / sizeof(families[0]) };

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

static bool catalogue(fixture *f, const char *csv)
{
	diag_init(&f->d, f->a);
	return indicator_csv_read_catalogue(f->a, "i.csv", csv, strlen(csv), NULL, &f->p, families,
	                                    FAMILY_COUNT, &f->items, &f->count, &f->d);
}

static bool measurements(fixture *f, const char *csv, const indicator *known, size_t n)
{
	diag_init(&f->d, f->a);
	return indicator_csv_read_measurements(f->a, "m.csv", csv, strlen(csv), NULL, known, n,
	                                       &f->measurements, &f->count, &f->d);
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

static void assert_ok(fixture *f, bool ok)
{
	if (!ok) {
		print_diags(&f->d);
		fail_msg("refused");
	}
	assert_int_equal(f->d.count, 0);
}

static void assert_point(indicator_point pt, int y, int m, int d, double v)
{
	assert_int_equal(pt.date.year, y);
	assert_int_equal(pt.date.month, m);
	assert_int_equal(pt.date.day, d);
	assert_true(pt.value == v);
}

/* ---- the catalogue: good files ------------------------------------------------------- */

static const char catalogue_header[] =
	"code;nom;famille;unite;sens;frequence;valeur_initiale;date_initiale;cible;date_cible;"
	"elements\n";

static void test_catalogue_read(void **state)
{
	fixture *f = *state;
	char csv[2048];
	snprintf(csv, sizeof(csv), "\xEF\xBB\xBF%s%s", catalogue_header,
	         "TXU;Taux d'usage de l'ENT;Adoption et satisfaction;%;hausse;trimestrielle;"
	         "42,5;01/09/2025;60;2026-06-30;P1|P2\n"
	         "INC;Incidents de sécurité;securite et conformite;nombre;baisse;mensuelle;;;;;\n"
	         ";;;;;;;;;;\n"
	         "TXU;;;;;;;;80 %;30/06/2027;\n"
	         "TXU;;;;;;;;70;31/12/2026;\n"
	         "DISPO;Disponibilité;performance opérationnelle;%;cible;annuelle;;;99,5;31/12/2026;"
	         "AX1\n");
	assert_ok(f, catalogue(f, csv));
	assert_int_equal(f->count, 3);
	const indicator *x = &f->items[0];
	assert_string_equal(x->code, "TXU");
	assert_string_equal(x->name, "Taux d'usage de l'ENT");
	assert_ptr_equal(x->family, families[3]); /* the list's spelling */
	assert_string_equal(x->unit, "%");
	assert_int_equal(x->direction, DIRECTION_UP);
	assert_int_equal(x->frequency, FREQUENCY_QUARTERLY);
	assert_true(x->has_baseline);
	assert_point(x->baseline, 2025, 9, 1, 42.5);
	/* Targets from three rows, in date order. */
	assert_int_equal(x->target_count, 3);
	assert_point(x->targets[0], 2026, 6, 30, 60);
	assert_point(x->targets[1], 2026, 12, 31, 70);
	assert_point(x->targets[2], 2027, 6, 30, 80);
	assert_int_equal(x->element_count, 2);
	assert_string_equal(x->elements[0]->code, "P1");
	assert_string_equal(x->elements[1]->code, "P2");
	assert_ptr_equal(x->elements[0], plan_find(&f->p, "P1"));
	assert_int_equal(x->formula, FORMULA_NONE);
	assert_true(x->tolerance == 0);
	assert_int_equal(x->source_line, 2);
	assert_null(x->definition);
	assert_null(x->owner);

	x = &f->items[1];
	assert_string_equal(x->code, "INC");
	assert_ptr_equal(x->family, families[4]);
	assert_int_equal(x->direction, DIRECTION_DOWN);
	assert_int_equal(x->frequency, FREQUENCY_MONTHLY);
	assert_false(x->has_baseline);
	assert_int_equal(x->target_count, 0);
	assert_int_equal(x->element_count, 0); /* the whole plan */
	assert_int_equal(x->source_line, 3);

	x = &f->items[2];
	assert_string_equal(x->code, "DISPO");
	assert_int_equal(x->direction, DIRECTION_TARGET);
	assert_int_equal(x->frequency, FREQUENCY_YEARLY);
	assert_int_equal(x->target_count, 1);
	assert_point(x->targets[0], 2026, 12, 31, 99.5);
	assert_int_equal(x->element_count, 1);
	assert_int_equal(x->source_line, 7);
}

/* Several cible/date_cible pairs in the header, optional columns, aliases, a
 * computed indicator without unit. */
static void test_catalogue_target_columns_and_options(void **state)
{
	fixture *f = *state;
	const char *csv =
		"Code;Nom;Famille;Unité;Sens;Fréquence;Cible;Date cible;Cible;Date_Cible;Éléments;"
		"Définition;Source;Responsable;Tolérance;Formule\n"
		"AV;Avancement;suivi de projet;;+;trimestriel;50;31/12/2026;100;31/12/2027;É3;"
		"Avancement pondéré;jalon;DSI;5;avancement\n"
		"COUT;Coût total;financier;k€;down;annual;;;900;2027-12-31;P1| P1 |;;SI Finances;"
		"DAF;2,5;\n"
		"GES;Émissions du SI;environnement;tCO2e;baisse;annuelle;;;;;;;;;;aucune\n";
	assert_ok(f, catalogue(f, csv));
	assert_int_equal(f->count, 3);
	const indicator *x = &f->items[0];
	assert_int_equal(x->formula, FORMULA_PROGRESS);
	assert_string_equal(x->unit, "%"); /* the formula's */
	assert_int_equal(x->target_count, 2);
	assert_point(x->targets[0], 2026, 12, 31, 50);
	assert_point(x->targets[1], 2027, 12, 31, 100);
	assert_int_equal(x->element_count, 1);
	assert_string_equal(x->elements[0]->code, "É3");
	assert_string_equal(x->definition, "Avancement pondéré");
	assert_string_equal(x->source, "jalon");
	assert_string_equal(x->owner, "DSI");
	assert_true(x->tolerance == 5);
	x = &f->items[1];
	assert_string_equal(x->unit, "k€");
	assert_int_equal(x->direction, DIRECTION_DOWN);
	assert_int_equal(x->frequency, FREQUENCY_YEARLY);
	assert_int_equal(x->target_count, 1);
	assert_point(x->targets[0], 2027, 12, 31, 900);
	assert_true(x->tolerance == 2.5);
	assert_null(x->definition);
	assert_int_equal(x->element_count, 1); /* "P1| P1 |": P1 once */
	x = &f->items[2];
	assert_int_equal(x->formula, FORMULA_NONE); /* "aucune": measured */
	assert_string_equal(x->unit, "tCO2e");
}

/* Minimal header: only the required columns; cp1252 bytes. */
static void test_catalogue_minimal_cp1252(void **state)
{
	fixture *f = *state;
	const char *csv = "code;nom;famille;unite;sens;frequence\n"
	                  "SAT;Satisfaction des usagers;adoption et satisfaction;note /10;hausse;"
	                  "annuelle\n"
	                  "ENV;Dur\xe9" "e de vie des postes;environnement;ann\xe9" "es;hausse;"
	                  "annuelle\n";
	plan_csv_options options = {.encoding = "cp1252"};
	diag_init(&f->d, f->a);
	assert_ok(f, indicator_csv_read_catalogue(f->a, "i.csv", csv, strlen(csv), &options,
	                                          &f->p, families, FAMILY_COUNT, &f->items,
	                                          &f->count, &f->d));
	assert_int_equal(f->count, 2);
	assert_string_equal(f->items[1].name, "Durée de vie des postes");
	assert_string_equal(f->items[1].unit, "années");
}

/* ---- the catalogue: errors ------------------------------------------------------------ */

static void test_catalogue_cell_errors(void **state)
{
	fixture *f = *state;
	char csv[4096];
	snprintf(csv, sizeof(csv), "%s%s", catalogue_header,
	         "A1;Un;sante;%;hausse;mensuelle;;;;;\n"                       /* 2 */
	         "A2;Deux;financier;%;vers le haut;tous les jours;;;;;\n"      /* 3 */
	         "A3;Trois;financier;%;hausse;mensuelle;12;;;;\n"             /* 4 */
	         "A4;Quatre;financier;%;hausse;mensuelle;;01/01/2026;;;\n"    /* 5 */
	         "A5;Cinq;financier;%;hausse;mensuelle;douze;31/02/2026;;;\n" /* 6 */
	         "A6;Six;financier;%;hausse;mensuelle;;;10;;\n"               /* 7 */
	         "A7;Sept;financier;%;hausse;mensuelle;;;;2026-01-01;\n"      /* 8 */
	         "A8;Huit;financier;%;hausse;mensuelle;;;1.234,5;2026-01-01;p1|X9\n" /* 9 */
	         ";Neuf;financier;%;hausse;mensuelle;;;;;\n"                  /* 10 */
	         "A10;;;;;;;;;;\n"                                            /* 11 */
	         "A11;Onze;financier;;hausse;mensuelle;;;;;\n");              /* 12 */
	assert_false(catalogue(f, csv));
	assert_null(f->items);
	assert_int_equal(f->count, 0);
	assert_diag(f, 2, "famille inconnue « sante » (familles du plan : suivi de projet, "
	                  "performance opérationnelle, financier, adoption et satisfaction, "
	                  "sécurité et conformité, environnement)");
	assert_diag(f, 3, "sens inconnu « vers le haut » (sens acceptés : hausse, baisse, cible)");
	assert_diag(f, 3, "fréquence inconnue « tous les jours » (fréquences acceptées : "
	                  "mensuelle, trimestrielle, semestrielle, annuelle)");
	assert_diag(f, 4, "valeur initiale sans date initiale");
	assert_diag(f, 5, "date initiale sans valeur initiale");
	assert_diag(f, 6, "colonne « valeur_initiale » : nombre invalide « douze »");
	assert_diag(f, 6, "colonne « date_initiale » : date invalide « 31/02/2026 »");
	assert_diag(f, 7, "cible « 10 » sans date");
	assert_diag(f, 8, "date cible « 2026-01-01 » sans valeur");
	assert_diag(f, 9, "colonne « cible » : nombre invalide « 1.234,5 »");
	assert_diag(f, 9, "élément inconnu « p1 » (vouliez-vous dire « P1 » ?)");
	assert_diag(f, 9, "élément inconnu « X9 » : aucun élément du plan « sdn » n'a ce code");
	assert_diag(f, 10, "le code de l'indicateur est vide");
	assert_diag(f, 11, "le nom de l'indicateur « A10 » est vide");
	assert_diag(f, 11, "famille manquante");
	assert_diag(f, 11, "unité manquante");
	assert_diag(f, 11, "sens manquant (sens acceptés : hausse, baisse, cible)");
	assert_diag(f, 11, "fréquence manquante");
	assert_diag(f, 12, "unité manquante");
	assert_int_equal(f->d.count, 19);
	/* Sorted by line. */
	for (size_t i = 1; i < f->d.count; i++)
		assert_true(f->d.items[i - 1].line <= f->d.items[i].line);
}

static void test_catalogue_formula_and_tolerance_errors(void **state)
{
	fixture *f = *state;
	const char *csv = "code;nom;famille;unite;sens;frequence;tolerance;formule\n"
	                  "F1;Un;financier;%;hausse;mensuelle;-1;\n"
	                  "F2;Deux;financier;%;hausse;mensuelle;beaucoup;\n"
	                  "F3;Trois;financier;;hausse;mensuelle;;budget\n";
	assert_false(catalogue(f, csv));
	assert_diag(f, 2, "colonne « tolerance » : tolérance négative « -1 » refusée");
	assert_diag(f, 3, "colonne « tolerance » : nombre invalide « beaucoup »");
	assert_diag(f, 4, "formule inconnue « budget » (formules acceptées : avancement, "
	                  "jalons-atteints, respect-delais, respect-budget, projets-dans-budget, "
	                  "ecart-calendaire, ecart-budgetaire ; laissez la cellule vide pour un "
	                  "indicateur mesuré)");
	/* No "unité manquante" on top of an unknown formula. */
	assert_int_equal(f->d.count, 3);
}

/* Repeated rows: targets on one date twice, cells disagreeing with the first row. */
static void test_catalogue_repeated_rows(void **state)
{
	fixture *f = *state;
	char csv[2048];
	snprintf(csv, sizeof(csv), "%s%s", catalogue_header,
	         "R1;Taux;financier;%;hausse;mensuelle;;;50;31/12/2026;P1\n"  /* 2 */
	         "R1;Taux;Financier;;HAUSSE;;;;60;2026-12-31;P1\n"            /* 3: same date */
	         "R1;Autre nom;;;baisse;;;;;;\n"                              /* 4 */
	         "R1;;;;;;10;01/01/2026;;;P2\n"                               /* 5 */
	         "R1;;;%;;mensuel;;;70;2027-12-31;\n");                       /* 6: fine */
	assert_false(catalogue(f, csv));
	assert_diag(f, 3, "date cible 31/12/2026 répétée pour l'indicateur « R1 » (déjà ligne 2)");
	assert_diag(f, 4, "l'indicateur « R1 » est déjà décrit ligne 2 : colonne « nom », "
	                  "« Autre nom » ici mais « Taux » ligne 2");
	assert_diag(f, 4, "colonne « sens », « baisse » ici mais « hausse » ligne 2");
	assert_diag(f, 5, "colonne « valeur_initiale », « 10 » ici mais vide ligne 2");
	assert_diag(f, 5, "colonne « date_initiale », « 01/01/2026 » ici mais vide ligne 2");
	assert_diag(f, 5, "colonne « elements », « P2 » ici mais « P1 » ligne 2");
	assert_int_equal(f->d.count, 6);
}

/* Two targets on one date in the columns of one row. */
static void test_catalogue_target_columns_same_date(void **state)
{
	fixture *f = *state;
	const char *csv = "code;nom;famille;unite;sens;frequence;cible;date_cible;cible;date_cible\n"
	                  "T1;Taux;financier;%;hausse;mensuelle;50;2026-12-31;60;31/12/2026\n";
	assert_false(catalogue(f, csv));
	assert_diag(f, 2, "date cible 31/12/2026 répétée pour l'indicateur « T1 » (déjà ligne 2)");
	assert_int_equal(f->d.count, 1);
}

static void test_catalogue_header_errors(void **state)
{
	fixture *f = *state;
	assert_false(catalogue(f, "code;nom;famille;unite;sens;frequence;cible;date_cible;cible\n"
	                          "T1;Taux;financier;%;hausse;mensuelle;1;2026-01-01;2\n"));
	assert_diag(f, 1, "2 colonnes « cible » pour 1 colonnes « date_cible »");
	assert_int_equal(f->d.count, 1);
	assert_false(catalogue(f, "code;nom;famille;unite;sens;sens;couleur\n"));
	assert_diag(f, 1, "colonne « sens » en double (colonnes 5 et 6)");
	assert_diag(f, 1, "colonne inconnue « couleur »");
	assert_diag(f, 1, "colonne obligatoire « frequence » absente");
	assert_false(catalogue(f, ""));
	assert_diag(f, 0, "fichier vide");
	assert_false(catalogue(f, "code;nom;famille;unite;sens;frequence\n"));
	assert_diag(f, 0, "aucune ligne");
	assert_false(catalogue(f, "code,nom,famille,unite,sens,frequence\nA,B,financier,%,+\n"));
	assert_diag(f, 2, "5 champs au lieu de 6");
	assert_false(catalogue(f, "code;nom;famille;unite;sens;frequence\n"
	                          "A;\"B;financier;%;+;annuelle\n"));
	assert_int_equal(f->d.count, 1);
}

/* ---- measurements -------------------------------------------------------------------- */

/* A small catalogue: TXU and INC measured, AV computed. */
static const indicator *known(fixture *f, size_t *n)
{
	const char *csv = "code;nom;famille;unite;sens;frequence;formule\n"
	                  "TXU;Taux d'usage;financier;%;hausse;trimestrielle;\n"
	                  "INC;Incidents;financier;nombre;baisse;mensuelle;\n"
	                  "AV;Avancement;suivi de projet;;hausse;trimestrielle;avancement\n";
	indicator *items;
	diag_init(&f->d, f->a);
	assert_true(indicator_csv_read_catalogue(f->a, "i.csv", csv, strlen(csv), NULL, &f->p,
	                                         families, FAMILY_COUNT, &items, n, &f->d));
	return items;
}

static void test_measurements_read(void **state)
{
	fixture *f = *state;
	size_t n;
	const indicator *k = known(f, &n);
	const char *csv = "Code;Date;Valeur;Commentaire;Source\r\n"
	                  "TXU;31/03/2026;45,5 %;Enquête T1;ENT\r\n"
	                  "INC;2026-01-31;3;;\r\n"
	                  ";;;;\r\n"
	                  "TXU;2025-12-31;-1 234,25;;\r\n"
	                  "INC;31/01/2025;0;;\r\n";
	assert_ok(f, measurements(f, csv, k, n));
	assert_int_equal(f->count, 4);
	const measurement *m = &f->measurements[0];
	assert_ptr_equal(m->indicator, &k[0]);
	assert_int_equal(m->date.year, 2026);
	assert_int_equal(m->date.month, 3);
	assert_int_equal(m->date.day, 31);
	assert_true(m->value == 45.5);
	assert_string_equal(m->comment, "Enquête T1");
	assert_string_equal(m->source, "ENT");
	assert_int_equal(m->source_line, 2);
	m = &f->measurements[1];
	assert_ptr_equal(m->indicator, &k[1]);
	assert_true(m->value == 3);
	assert_null(m->comment);
	assert_null(m->source);
	assert_true(f->measurements[2].value == -1234.25);
	assert_int_equal(f->measurements[2].source_line, 5);
	/* Same date, other indicator: fine. */
	assert_int_equal(f->measurements[3].date.year, 2025);
	/* Only the required columns. */
	assert_ok(f, measurements(f, "code;date;valeur\nINC;2026-02-28;1\n", k, n));
	assert_int_equal(f->count, 1);
}

static void test_measurements_errors(void **state)
{
	fixture *f = *state;
	size_t n;
	const indicator *k = known(f, &n);
	const char *csv = "code;date;valeur;commentaire\n"
	                  "txu;2026-03-31;1;\n"        /* 2 */
	                  "ZZZ;2026-03-31;1;\n"        /* 3 */
	                  "AV;2026-03-31;50;\n"        /* 4 */
	                  "TXU;;1;\n"                  /* 5 */
	                  "TXU;hier;1;\n"              /* 6 */
	                  "TXU;2026-03-31;;\n"         /* 7 */
	                  "TXU;2026-03-31;1e3;\n"      /* 8 */
	                  "TXU;2026-06-30;1;\n"        /* 9 */
	                  "INC;2026-06-30;1;\n"        /* 10 */
	                  "TXU;30/06/2026;2;oups\n"    /* 11 */
	                  ";2026-06-30;2;\n"           /* 12 */
	                  "TXU;2026-06-30;3;\n";       /* 13 */
	assert_false(measurements(f, csv, k, n));
	assert_null(f->measurements);
	assert_int_equal(f->count, 0);
	assert_diag(f, 2, "indicateur inconnu « txu » (vouliez-vous dire « TXU » ?)");
	assert_diag(f, 3, "indicateur inconnu « ZZZ » : aucun indicateur du plan n'a ce code");
	assert_diag(f, 4, "l'indicateur « AV » est calculé par jalon (formule « avancement ») : "
	                  "il ne prend pas de mesure saisie");
	assert_diag(f, 5, "date de la mesure manquante");
	assert_diag(f, 6, "colonne « date » : date invalide « hier »");
	assert_diag(f, 7, "valeur de la mesure manquante");
	assert_diag(f, 8, "colonne « valeur » : nombre invalide « 1e3 »");
	assert_diag(f, 11, "deuxième mesure de l'indicateur « TXU » au 30/06/2026 (déjà ligne 9)");
	assert_diag(f, 12, "le code de l'indicateur est vide");
	assert_diag(f, 13, "deuxième mesure de l'indicateur « TXU » au 30/06/2026 (déjà ligne 9)");
	assert_int_equal(f->d.count, 10);
	for (size_t i = 1; i < f->d.count; i++)
		assert_true(f->d.items[i - 1].line <= f->d.items[i].line);
}

static void test_measurements_header_errors(void **state)
{
	fixture *f = *state;
	size_t n;
	const indicator *k = known(f, &n);
	assert_false(measurements(f, "code;valeur;unite\nTXU;1;%\n", k, n));
	assert_diag(f, 1, "colonne inconnue « unite »");
	assert_diag(f, 1, "colonne obligatoire « date » absente");
	assert_false(measurements(f, "code;date;valeur\n", k, n));
	assert_diag(f, 0, "aucune ligne");
	/* No indicator at all: every code is unknown. */
	assert_false(measurements(f, "code;date;valeur\nTXU;2026-01-01;1\n", NULL, 0));
	assert_diag(f, 2, "indicateur inconnu « TXU »");
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_catalogue_read),
		T(test_catalogue_target_columns_and_options),
		T(test_catalogue_minimal_cp1252),
		T(test_catalogue_cell_errors),
		T(test_catalogue_formula_and_tolerance_errors),
		T(test_catalogue_repeated_rows),
		T(test_catalogue_target_columns_same_date),
		T(test_catalogue_header_errors),
		T(test_measurements_read),
		T(test_measurements_errors),
		T(test_measurements_header_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
