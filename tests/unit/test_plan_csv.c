/*
 * test_plan_csv.c — unit tests for the plan CSV format (io/plan_csv.c).
 *
 * Reading: header aliases, custom columns, cell parsing (amounts, dates, partners),
 * the dialects a spreadsheet may produce (BOM, UTF-16, cp1252, blank rows, trailing
 * empty cells) and errors with their exact lines. Writing: the exact bytes of the
 * canonical form, and reading a written plan gives the same plan back.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/plan.h"
#include "io/plan_csv.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/diag.h"

#define FILE_NAME "plan.csv"

typedef struct {
	arena *a;
	diag_list d;
	plan p;
} fixture;

static int setup(void **state)
{
	fixture *f = test_calloc(1, sizeof(*f));
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

static void print_diags(const diag_list *d)
{
	for (size_t i = 0; i < d->count; i++)
		print_message("diag %d: %s\n", d->items[i].line, d->items[i].message);
}

/* Read s (len bytes) and expect success. */
static plan *read_ok_len(fixture *f, const char *s, size_t len, const char *encoding)
{
	plan_csv_options options = {.encoding = encoding};
	memset(&f->p, 0, sizeof(f->p));
	if (!plan_csv_read(f->a, FILE_NAME, s, len, &options, &f->p, &f->d)) {
		print_diags(&f->d);
		fail_msg("plan refused");
	}
	assert_int_equal(diag_total(&f->d), 0);
	return &f->p;
}

static plan *read_ok(fixture *f, const char *s)
{
	return read_ok_len(f, s, strlen(s), NULL);
}

/* Read s and expect exactly these diagnostics: pairs of (int line, message). */
static void read_fails(fixture *f, const char *s, size_t n, ...)
{
	memset(&f->p, 0, sizeof(f->p));
	assert_false(plan_csv_read(f->a, FILE_NAME, s, strlen(s), NULL, &f->p, &f->d));
	if (f->d.count != n) {
		print_diags(&f->d);
		fail_msg("%zu diagnostics, expected %zu", f->d.count, n);
	}
	va_list ap;
	va_start(ap, n);
	for (size_t i = 0; i < n; i++) {
		int line = va_arg(ap, int);
		const char *message = va_arg(ap, const char *);
		assert_string_equal(f->d.items[i].file, FILE_NAME);
		assert_int_equal(f->d.items[i].line, line);
		assert_string_equal(f->d.items[i].message, message);
	}
	va_end(ap);
}

/* NULL and "" compare equal to an absent value: the reader keeps NULL for empty. */
static void assert_text(const char *actual, const char *expected)
{
	if (!expected)
		assert_null(actual);
	else
		assert_string_equal(actual, expected);
}

/* ---- header ----------------------------------------------------------------------- */

static void test_header_french_accents_and_case(void **state)
{
	fixture *f = *state;
	plan *p = read_ok(f,
		"Niveau;CODE;Intitulé;Code parent;Porteur;Bénéficiaires;Contribue à;Début;Date de fin\n"
		"Axe;AX1;Usagers;;VP numérique;Étudiants;;;\n"
		"Projet;P1;Portail;AX1;DSI;Tous;AX1;01/09/2025;2026-06-30\n");
	assert_int_equal(p->element_count, 2);
	assert_int_equal(p->custom_column_count, 0);
	plan_element *e = &p->elements[1];
	assert_string_equal(e->code, "P1");
	assert_string_equal(e->parent_code, "AX1");
	assert_string_equal(e->level, "Projet");
	assert_string_equal(e->title, "Portail");
	assert_string_equal(e->owner, "DSI");
	assert_string_equal(e->beneficiaries, "Tous");
	assert_int_equal(e->contribution_count, 1);
	assert_string_equal(e->contributes_to[0], "AX1");
	assert_int_equal(e->start.year, 2025);
	assert_int_equal(e->end.month, 6);
	assert_string_equal(p->elements[0].owner, "VP numérique");
	assert_string_equal(p->elements[0].beneficiaries, "Étudiants");
}

static void test_header_english_and_upper_case(void **state)
{
	fixture *f = *state;
	plan *p = read_ok(f,
		"code;parent;level;TITRE;owner;contributes_to;partners;beneficiaries;start;end;status\n"
		"A;;Axis;Axe A;Alice;;;;;;\n"
		"B;A;Action;Action B;Bob;A;X|Y;Staff;2025-01-01;2025-12-31;en cours\n");
	plan_element *e = &p->elements[1];
	assert_string_equal(e->title, "Action B");
	assert_string_equal(e->owner, "Bob");
	assert_int_equal(e->contribution_count, 1);
	assert_int_equal(e->partner_count, 2);
	assert_string_equal(e->beneficiaries, "Staff");
	assert_string_equal(e->status, "en cours");
	assert_ptr_equal(e->parent, &p->elements[0]);

	memset(&f->p, 0, sizeof(f->p));
	p = read_ok(f, "code;niveau;title\nA;Axe;Axe A\n");
	assert_string_equal(p->elements[0].title, "Axe A");
	assert_int_equal(p->custom_column_count, 0);
}

static void test_custom_columns_in_order(void **state)
{
	fixture *f = *state;
	plan *p = read_ok(f,
		"Priorité;code; Enjeux ;niveau;Nom court;intitule;Indicateur de réussite\n"
		"2;A;sobriété;Axe;;Axe A;\n"
		";B;;Axe;Infra;Axe B;99 %\n");
	assert_int_equal(p->custom_column_count, 4);
	assert_string_equal(p->custom_columns[0], "Priorité");
	assert_string_equal(p->custom_columns[1], "Enjeux"); /* trimmed, case kept */
	assert_string_equal(p->custom_columns[2], "Nom court");
	assert_string_equal(p->custom_columns[3], "Indicateur de réussite");
	plan_element *a = &p->elements[0], *b = &p->elements[1];
	assert_string_equal(a->attributes[0], "2");
	assert_string_equal(a->attributes[1], "sobriété");
	assert_null(a->attributes[2]);
	assert_null(a->attributes[3]);
	assert_null(b->attributes[0]);
	assert_null(b->attributes[1]);
	assert_string_equal(b->attributes[2], "Infra");
	assert_string_equal(b->attributes[3], "99 %");
}

static void test_empty_trailing_header_columns_ignored(void **state)
{
	fixture *f = *state;
	plan *p = read_ok(f,
		"code;niveau;intitule;;\n"
		"A;Axe;Axe A;;\n"
		"B;Axe;Axe B;  ;\n");
	assert_int_equal(p->element_count, 2);
	assert_int_equal(p->custom_column_count, 0);
	assert_string_equal(p->elements[1].title, "Axe B");
}

/* ---- cells -------------------------------------------------------------------------- */

static void test_budgets(void **state)
{
	fixture *f = *state;
	plan *p = read_ok(f,
		"code;niveau;intitule;budget\n"
		"A;Axe;a;1234.5\n"
		"B;Axe;b;1234,50\n"
		"C;Axe;c;1 234 567,89 €\n"
		"D;Axe;d;1.234.567,89\n"
		"E;Axe;e;1,234,567.89\n"
		"F;Axe;f;EUR 45000\n"
		"G;Axe;g;12\xc2\xa0" "500\xe2\x80\xaf€\n"
		"H;Axe;h;0\n"
		"I;Axe;i;\n"
		"J;Axe;j;0,01\n"
		"K;Axe;k;  9 000 000 000,99  \n");
	static const int64_t expected[] = {123450, 123450, 123456789, 123456789, 123456789,
	                                   4500000, 1250000, 0, -1, 1, 900000000099};
	assert_int_equal(p->element_count, 11);
	for (size_t i = 0; i < 11; i++) {
		plan_element *e = &p->elements[i];
		if (expected[i] < 0) {
			assert_false(e->has_budget);
			continue;
		}
		if (!e->has_budget || e->budget_cents != expected[i])
			fail_msg("row %s: budget %lld, expected %lld", e->code,
			         (long long)e->budget_cents, (long long)expected[i]);
	}
}

static void test_dates_both_formats(void **state)
{
	fixture *f = *state;
	plan *p = read_ok(f,
		"code;niveau;intitule;debut;fin\n"
		"A;Axe;a;01/09/2025;2026-06-30\n"
		"B;Axe;b;2024-02-29;1/3/2024\n"
		"C;Axe;c;;\n");
	plan_element *e = p->elements;
	assert_int_equal(e[0].start.year, 2025);
	assert_int_equal(e[0].start.month, 9);
	assert_int_equal(e[0].start.day, 1);
	assert_int_equal(e[0].end.year, 2026);
	assert_int_equal(e[0].end.month, 6);
	assert_int_equal(e[0].end.day, 30);
	assert_int_equal(e[1].start.month, 2);
	assert_int_equal(e[1].start.day, 29);
	assert_int_equal(e[1].end.month, 3);
	assert_int_equal(e[1].end.day, 1);
	assert_false(date_is_set(e[2].start));
	assert_false(date_is_set(e[2].end));
}

static void test_partners_split_and_trimmed(void **state)
{
	fixture *f = *state;
	plan *p = read_ok(f,
		"code;niveau;intitule;partenaires\n"
		"A;Axe;a; DRH | Scolarité||BU  |\n"
		"B;Axe;b;\n"
		"C;Axe;c;Seul\n");
	plan_element *e = p->elements;
	assert_int_equal(e[0].partner_count, 3);
	assert_string_equal(e[0].partners[0], "DRH");
	assert_string_equal(e[0].partners[1], "Scolarité");
	assert_string_equal(e[0].partners[2], "BU");
	assert_int_equal(e[1].partner_count, 0);
	assert_int_equal(e[2].partner_count, 1);
	assert_string_equal(e[2].partners[0], "Seul");
}

static void test_cells_trimmed_and_empty_is_null(void **state)
{
	fixture *f = *state;
	plan *p = read_ok(f,
		"code;parent;niveau;intitule;description;porteur;statut\n"
		"  A ; ; Axe ;  Axe A\t;  ;;\n");
	plan_element *e = p->elements;
	assert_string_equal(e->code, "A");
	assert_null(e->parent_code);
	assert_string_equal(e->level, "Axe");
	assert_string_equal(e->title, "Axe A");
	assert_null(e->description);
	assert_null(e->owner);
	assert_null(e->status);
}

/* ---- dialects ----------------------------------------------------------------------- */

static void test_blank_rows_skipped(void **state)
{
	fixture *f = *state;
	plan *p = read_ok(f,
		"code;parent;niveau;intitule\n"
		"A;;Axe;Axe A\n"
		"\n"
		";;;\n"
		"  ; ;\t;\n"
		"B;A;Objectif;B\n");
	assert_int_equal(p->element_count, 2);
	assert_int_equal(p->elements[0].source_line, 2);
	assert_int_equal(p->elements[1].source_line, 6);
	assert_ptr_equal(p->elements[1].parent, &p->elements[0]);
}

static void test_trailing_empty_extra_fields(void **state)
{
	fixture *f = *state;
	plan *p = read_ok(f,
		"code;niveau;intitule\n"
		"A;Axe;Axe A;;;\n"
		"B;Axe;Axe B; ;\n"
		"C;Axe;Axe C\n");
	assert_int_equal(p->element_count, 3);
	assert_string_equal(p->elements[1].title, "Axe B");
}

static void test_utf8_bom(void **state)
{
	fixture *f = *state;
	plan *p = read_ok(f, "\xEF\xBB\xBF" "code;niveau;intitule\nA;Axe;Numérique\n");
	assert_int_equal(p->element_count, 1);
	assert_string_equal(p->elements[0].code, "A"); /* the BOM is not part of "code" */
	assert_string_equal(p->elements[0].title, "Numérique");
}

/* UTF-8 text with code points below U+10000 to UTF-16 (LE or BE) with a BOM. */
static size_t to_utf16(const char *s, char *out, bool big_endian)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t n = 0;
	unsigned cps[] = {0xFEFF};
	unsigned cp;
	for (size_t i = 0;; i++) {
		if (i == 0) {
			cp = cps[0];
		} else {
			if (!*u)
				break;
			if (*u < 0x80) {
				cp = *u++;
			} else if ((*u & 0xE0) == 0xC0) {
				cp = (unsigned)(u[0] & 0x1F) << 6 | (u[1] & 0x3F);
				u += 2;
			} else {
				cp = (unsigned)(u[0] & 0x0F) << 12 | (unsigned)(u[1] & 0x3F) << 6 |
				     (u[2] & 0x3F);
				u += 3;
			}
		}
		out[n++] = (char)(big_endian ? cp >> 8 : cp & 0xFF);
		out[n++] = (char)(big_endian ? cp & 0xFF : cp >> 8);
	}
	return n;
}

static void test_utf16_bom(void **state)
{
	fixture *f = *state;
	const char *text = "code\tniveau\tintitulé\tbudget\r\nA\tAxe\tCoût « total »\t1 500,00 €\r\n";
	char data[256];
	for (int be = 0; be <= 1; be++) {
		size_t len = to_utf16(text, data, be);
		memset(&f->p, 0, sizeof(f->p));
		plan *p = read_ok_len(f, data, len, NULL);
		assert_int_equal(p->element_count, 1);
		assert_string_equal(p->elements[0].code, "A");
		assert_string_equal(p->elements[0].title, "Coût « total »");
		assert_int_equal(p->elements[0].budget_cents, 150000);
	}
}

static void test_cp1252_with_encoding_option(void **state)
{
	fixture *f = *state;
	const char *data = "code;niveau;intitul\xe9;budget\nA;Axe;Num\xe9rique l\x92" "avenir "
	                   "\x96 \x9c" "uvre;12\xa0" "000 \x80\n";
	plan *p = read_ok_len(f, data, strlen(data), "cp1252");
	assert_string_equal(p->elements[0].title, "Numérique l’avenir – œuvre");
	assert_int_equal(p->elements[0].budget_cents, 1200000);

	/* Without the option the same bytes are refused, with the remedy. */
	memset(&f->p, 0, sizeof(f->p));
	diag_init(&f->d, f->a);
	assert_false(plan_csv_read(f->a, FILE_NAME, data, strlen(data), NULL, &f->p, &f->d));
	assert_int_equal(f->d.count, 1);
	assert_int_equal(f->d.items[0].line, 1);
	assert_string_equal(f->d.items[0].message,
	                    "le texte n'est pas en UTF-8 (octet 0xE9) ; si le fichier vient "
	                    "d'Excel sous Windows, relancez avec --encoding cp1252");

	/* "UTF-8" named explicitly is the default. */
	memset(&f->p, 0, sizeof(f->p));
	diag_init(&f->d, f->a);
	const char *utf8 = "code;niveau;intitule\nA;Axe;é\n";
	p = read_ok_len(f, utf8, strlen(utf8), "utf-8");
	assert_string_equal(p->elements[0].title, "é");
}

/* ---- errors ------------------------------------------------------------------------ */

static void test_errors_with_lines(void **state)
{
	fixture *f = *state;
	read_fails(f,
		"code;parent;niveau;intitule;debut;budget\n" /* 1 */
		"A;;Axe;Axe A;;\n"                          /* 2 */
		"B;Z;Axe;\"Sur deux\n"                      /* 3 */
		"lignes\";;\n"                              /* 4 */
		"\n"                                        /* 5 */
		"C;;Axe;C;2024-13-01;\n"                    /* 6 */
		"A;;Axe;A bis;;\n"                          /* 7 */
		"D;;Axe;D;;-5\n"                            /* 8 */
		"E;;Axe;E;;douze\n"                         /* 9 */
		"F;;Axe;F;;;en trop\n",                     /* 10 */
		6,
		3, "parent inconnu « Z » : aucun élément n'a ce code",
		6, "colonne « debut » : date invalide « 2024-13-01 » : mois invalide (attendu : de 1 à 12)",
		7, "code « A » en double (déjà utilisé ligne 2)",
		8, "le budget de « D » est négatif",
		9, "colonne « budget » : montant invalide « douze » : caractère inattendu dans le "
		   "montant (attendu : chiffres, espaces entre les milliers, virgule ou point "
		   "décimal, signe moins, « € » ou « EUR »)",
		10, "7 champs au lieu de 6 (autant que de colonnes dans l'en-tête) : une "
		    "cellule contient-elle le séparateur sans être entre guillemets ?");
}

static void test_error_short_row(void **state)
{
	fixture *f = *state;
	read_fails(f, "code;parent;niveau;intitule\nA;;Axe;Axe A\nB;A;Objectif\nC;B;Action;C\n", 1,
		3, "3 champs au lieu de 4 (autant que de colonnes dans l'en-tête)");
}

static void test_error_missing_columns(void **state)
{
	fixture *f = *state;
	read_fails(f, "code;parent;Titre\nA;;Axe A\n", 1,
		1, "colonne obligatoire « niveau » absente (colonnes obligatoires : code, niveau, "
		   "intitule)");
}

static void test_error_one_column_hints_separator(void **state)
{
	fixture *f = *state;
	read_fails(f, "code|niveau|intitule\nA|Axe|Axe A\n", 4,
		1, "colonne obligatoire « code » absente (colonnes obligatoires : code, niveau, "
		   "intitule)",
		1, "colonne obligatoire « niveau » absente (colonnes obligatoires : code, niveau, "
		   "intitule)",
		1, "colonne obligatoire « intitule » absente (colonnes obligatoires : code, "
		   "niveau, intitule)",
		1, "une seule colonne lue : le séparateur doit être « ; », « , » ou une tabulation");
}

static void test_error_duplicate_columns(void **state)
{
	fixture *f = *state;
	read_fails(f, "code;niveau;Intitulé;Titre;Enjeux;ENJEUX\nA;Axe;a;b;c;d\n", 2,
		1, "colonne « intitule » en double (colonnes 3 et 4)",
		1, "colonne « ENJEUX » en double (colonnes 5 et 6)");
}

static void test_error_value_without_header(void **state)
{
	fixture *f = *state;
	read_fails(f, "code;niveau;intitule;\nA;Axe;Axe A;\nB;Axe;Axe B;perdu\n", 1,
		3, "la colonne 4 n'a pas d'en-tête mais contient « perdu »");
}

static void test_error_empty_and_header_only(void **state)
{
	fixture *f = *state;
	read_fails(f, "", 1, 0, "fichier vide : une ligne d'en-tête est attendue");
	diag_init(&f->d, f->a);
	read_fails(f, "\xEF\xBB\xBF" "code;niveau;intitule\r\n\r\n", 1,
		0, "aucun élément : le fichier n'a qu'une ligne d'en-tête");
}

static void test_error_unterminated_quote(void **state)
{
	fixture *f = *state;
	read_fails(f, "code;niveau;intitule\nA;Axe;Axe A\nB;Axe;\"Sans fin\nC;Axe;C\n", 1,
		3, "guillemet ouvrant sans guillemet fermant (le champ commence ici)");
}

/* ---- writing -------------------------------------------------------------------------- */

/* A small plan built by hand, listed in an order that is not depth-first. */
static plan *small_plan(arena *a)
{
	plan *p = arena_alloc(a, sizeof(*p));
	p->title = "Petit plan";
	static const char *columns[] = {"Enjeux", "Priorité; rang"};
	p->custom_columns = columns;
	p->custom_column_count = 2;
	p->element_count = 4;
	p->elements = arena_alloc(a, 4 * sizeof(*p->elements));
	plan_element *e = p->elements;

	e[0].code = "AX1";
	e[0].level = "Axe";
	e[0].title = "Usagers";
	e[0].owner = "VP numérique";

	e[1].code = "AX2";
	e[1].level = "Axe";
	e[1].title = "Infra \"réseau\"";
	e[1].attributes = arena_alloc(a, 2 * sizeof(char *));
	e[1].attributes[1] = "1";

	static const char *partners[] = {"DRH", "Scolarité", "BU"};
	static const char *contributes[] = {"AX2"};
	e[2].code = "P1";
	e[2].parent_code = "AX1";
	e[2].level = "Projet";
	e[2].title = "Portail; étudiant";
	e[2].description = "Deux lignes\nde description";
	e[2].owner = "DSI";
	e[2].partners = partners;
	e[2].partner_count = 3;
	e[2].beneficiaries = "Étudiants";
	e[2].start = (jalon_date){2025, 9, 1};
	e[2].end = (jalon_date){2026, 6, 30};
	e[2].has_budget = true;
	e[2].budget_cents = 123456789;
	e[2].status = "en cours";
	e[2].contributes_to = contributes;
	e[2].contribution_count = 1;
	e[2].attributes = arena_alloc(a, 2 * sizeof(char *));
	e[2].attributes[0] = "sobriété\naccessibilité";
	e[2].attributes[1] = "2";

	e[3].code = "P2";
	e[3].parent_code = "AX2";
	e[3].level = "Projet";
	e[3].title = "Espaces";
	e[3].has_budget = true;
	e[3].budget_cents = 5;
	return p;
}

static const char small_plan_csv[] =
	"\xEF\xBB\xBF"
	"code;parent;niveau;intitule;description;porteur;partenaires;beneficiaires;debut;fin;"
	"budget;statut;contribue_a;Enjeux;\"Priorité; rang\"\r\n"
	"AX1;;Axe;Usagers;;VP numérique;;;;;;;;;\r\n"
	"P1;AX1;Projet;\"Portail; étudiant\";\"Deux lignes\nde description\";DSI;"
	"DRH|Scolarité|BU;Étudiants;2025-09-01;2026-06-30;1234567,89;en cours;AX2;"
	"\"sobriété\naccessibilité\";2\r\n"
	"AX2;;Axe;\"Infra \"\"réseau\"\"\";;;;;;;;;;;1\r\n"
	"P2;AX2;Projet;Espaces;;;;;;;0,05;;;;\r\n";

static void test_write_exact_bytes(void **state)
{
	fixture *f = *state;
	plan *p = small_plan(f->a);
	assert_true(plan_link(f->a, p, NULL, &f->d));
	buf out = {0};
	plan_csv_write(p, &out);
	if (out.len != sizeof(small_plan_csv) - 1 || memcmp(out.data, small_plan_csv, out.len)) {
		print_message("got:\n%s\nexpected:\n%s\n", out.data, small_plan_csv);
		buf_free(&out);
		fail_msg("written bytes differ");
	}
	buf_free(&out);
}

static void assert_same_element(const plan *x, const plan_element *a, const plan_element *b)
{
	assert_string_equal(a->code, b->code);
	assert_text(b->parent_code, a->parent ? a->parent->code : NULL);
	if (a->parent)
		assert_string_equal(b->parent->code, a->parent->code);
	else
		assert_null(b->parent);
	assert_string_equal(a->level, b->level);
	assert_string_equal(a->title, b->title);
	assert_text(b->description, a->description);
	assert_text(b->owner, a->owner);
	assert_int_equal(a->partner_count, b->partner_count);
	for (size_t k = 0; k < a->partner_count; k++)
		assert_string_equal(a->partners[k], b->partners[k]);
	assert_text(b->beneficiaries, a->beneficiaries);
	assert_memory_equal(&a->start, &b->start, sizeof(a->start));
	assert_memory_equal(&a->end, &b->end, sizeof(a->end));
	assert_int_equal(a->has_budget, b->has_budget);
	if (a->has_budget)
		assert_int_equal(a->budget_cents, b->budget_cents);
	assert_text(b->status, a->status);
	assert_int_equal(a->contribution_count, b->contribution_count);
	for (size_t k = 0; k < a->contribution_count; k++)
		assert_string_equal(a->contributes_to[k], b->contributes_to[k]);
	assert_int_equal(a->depth, b->depth);
	for (size_t k = 0; k < x->custom_column_count; k++)
		assert_text(b->attributes[k], a->attributes ? a->attributes[k] : NULL);
}

static void test_read_of_write_is_same_plan(void **state)
{
	fixture *f = *state;
	plan *p = small_plan(f->a);
	assert_true(plan_link(f->a, p, NULL, &f->d));
	buf out = {0};
	plan_csv_write(p, &out);
	plan *q = read_ok_len(f, out.data, out.len, NULL);
	buf_free(&out);

	assert_int_equal(q->custom_column_count, p->custom_column_count);
	for (size_t k = 0; k < p->custom_column_count; k++)
		assert_string_equal(q->custom_columns[k], p->custom_columns[k]);
	assert_int_equal(q->element_count, p->element_count);
	/* The file lists elements depth-first: the read plan's source order is the
	 * original's depth-first order. */
	for (size_t i = 0; i < p->element_count; i++)
		assert_same_element(p, p->ordered[i], &q->elements[i]);

	/* And writing the read plan gives the same bytes again. */
	buf again = {0};
	plan_csv_write(q, &again);
	assert_int_equal(again.len, sizeof(small_plan_csv) - 1);
	assert_memory_equal(again.data, small_plan_csv, again.len);
	buf_free(&again);
}

static void test_write_empty_plan(void **state)
{
	fixture *f = *state;
	plan p = {0};
	assert_true(plan_link(f->a, &p, NULL, &f->d));
	buf out = {0};
	plan_csv_write(&p, &out);
	assert_string_equal(out.data,
		"\xEF\xBB\xBF" "code;parent;niveau;intitule;description;porteur;partenaires;"
		"beneficiaires;debut;fin;budget;statut;contribue_a\r\n");
	buf_free(&out);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_header_french_accents_and_case),
		T(test_header_english_and_upper_case),
		T(test_custom_columns_in_order),
		T(test_empty_trailing_header_columns_ignored),
		T(test_budgets),
		T(test_dates_both_formats),
		T(test_partners_split_and_trimmed),
		T(test_cells_trimmed_and_empty_is_null),
		T(test_blank_rows_skipped),
		T(test_trailing_empty_extra_fields),
		T(test_utf8_bom),
		T(test_utf16_bom),
		T(test_cp1252_with_encoding_option),
		T(test_errors_with_lines),
		T(test_error_short_row),
		T(test_error_missing_columns),
		T(test_error_one_column_hints_separator),
		T(test_error_duplicate_columns),
		T(test_error_value_without_header),
		T(test_error_empty_and_header_only),
		T(test_error_unterminated_quote),
		T(test_write_exact_bytes),
		T(test_read_of_write_is_same_plan),
		T(test_write_empty_plan),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
