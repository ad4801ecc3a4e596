/*
 * test_csv.c — unit tests for the CSV reader and writer (io/csv.c).
 *
 * Each case feeds a small literal buffer and checks the exact records, line
 * numbers, separator and error messages the importers rely on.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "io/csv.h"
#include "util/arena.h"
#include "util/buf.h"

#define MSG_UNTERMINATED "guillemet ouvrant sans guillemet fermant (le champ commence ici)"
#define MSG_AFTER_QUOTE "caractère inattendu après un guillemet fermant"
#define MSG_NUL "octet nul dans le fichier"

static int setup(void **state)
{
	*state = arena_new();
	return 0;
}

static int teardown(void **state)
{
	arena_free(*state);
	return 0;
}

static csv_reader *open_str(void **state, const char *s, char sep)
{
	return csv_open(*state, s, strlen(s), sep);
}

/* Read the next record and check its line and fields (count given, then fields). */
static void expect_record(csv_reader *r, int line, size_t count, ...)
{
	csv_record rec;
	int eline = -1;
	const char *emsg = NULL;
	assert_int_equal(csv_next(r, &rec, &eline, &emsg), CSV_RECORD);
	assert_int_equal(rec.line, line);
	assert_int_equal(rec.count, count);
	va_list ap;
	va_start(ap, count);
	for (size_t i = 0; i < count; i++)
		assert_string_equal(rec.fields[i], va_arg(ap, const char *));
	va_end(ap);
}

static void expect_end(csv_reader *r)
{
	csv_record rec;
	int eline = -1;
	const char *emsg = NULL;
	assert_int_equal(csv_next(r, &rec, &eline, &emsg), CSV_END);
}

static void expect_error(csv_reader *r, int line, const char *message)
{
	csv_record rec;
	int eline = -1;
	const char *emsg = NULL;
	assert_int_equal(csv_next(r, &rec, &eline, &emsg), CSV_ERROR);
	assert_int_equal(eline, line);
	assert_non_null(emsg);
	assert_string_equal(emsg, message);
}

/* --- separator detection --- */

static void test_detect_semicolon(void **state)
{
	csv_reader *r = open_str(state, "Nom;Prénom;Ville\nDupont;Jean;Lyon\n", 0);
	assert_int_equal(csv_separator(r), ';');
	expect_record(r, 1, 3, "Nom", "Prénom", "Ville");
}

static void test_detect_comma(void **state)
{
	csv_reader *r = open_str(state, "Axe,Action,Budget\n", 0);
	assert_int_equal(csv_separator(r), ',');
	expect_record(r, 1, 3, "Axe", "Action", "Budget");
}

static void test_detect_tab(void **state)
{
	csv_reader *r = open_str(state, "Axe\tAction\tBudget\n", 0);
	assert_int_equal(csv_separator(r), '\t');
	expect_record(r, 1, 3, "Axe", "Action", "Budget");
}

static void test_detect_none_defaults_to_semicolon(void **state)
{
	assert_int_equal(csv_separator(open_str(state, "Intitulé\nx,y;z\n", 0)), ';');
	assert_int_equal(csv_separator(open_str(state, "", 0)), ';');
	assert_int_equal(csv_separator(open_str(state, "\na,b\n", 0)), ';');
}

static void test_detect_most_frequent(void **state)
{
	assert_int_equal(csv_separator(open_str(state, "a,b,c;d\n", 0)), ',');
	assert_int_equal(csv_separator(open_str(state, "a;b;c\td\te\tf\n", 0)), '\t');
	/* Only the first line counts. */
	assert_int_equal(csv_separator(open_str(state, "a;b\nc,d,e,f\n", 0)), ';');
}

static void test_detect_ties(void **state)
{
	assert_int_equal(csv_separator(open_str(state, "a;b\tc\n", 0)), ';');
	assert_int_equal(csv_separator(open_str(state, "a;b,c\n", 0)), ';');
	assert_int_equal(csv_separator(open_str(state, "a,b\tc\n", 0)), '\t');
	assert_int_equal(csv_separator(open_str(state, "a;b\tc,d\n", 0)), ';');
}

static void test_detect_ignores_quoted_separators(void **state)
{
	csv_reader *r = open_str(state, "\"a;b;c\",d,e\n", 0);
	assert_int_equal(csv_separator(r), ',');
	expect_record(r, 1, 3, "a;b;c", "d", "e");

	/* A quoted header cell with a line break: the following line is still part of
	 * the first record, and the next record's semicolons do not count. */
	r = open_str(state, "\"Coût;\nTTC;\",Montant,Date\n1;2;3;4;5\n", 0);
	assert_int_equal(csv_separator(r), ',');
	expect_record(r, 1, 3, "Coût;\nTTC;", "Montant", "Date");
	expect_record(r, 3, 1, "1;2;3;4;5");
	expect_end(r);
}

static void test_fixed_separator_is_used(void **state)
{
	csv_reader *r = open_str(state, "a;b,c;d\n", ',');
	assert_int_equal(csv_separator(r), ',');
	expect_record(r, 1, 2, "a;b", "c;d");
	expect_end(r);
}

static void test_invalid_separator_is_detected(void **state)
{
	csv_reader *r = open_str(state, "a,b\n", 'x');
	assert_int_equal(csv_separator(r), ',');
}

/* --- line ends --- */

static void test_lf(void **state)
{
	csv_reader *r = open_str(state, "a;b\nc;d\n", ';');
	expect_record(r, 1, 2, "a", "b");
	expect_record(r, 2, 2, "c", "d");
	expect_end(r);
}

static void test_crlf(void **state)
{
	csv_reader *r = open_str(state, "a;b\r\nc;d\r\n", ';');
	expect_record(r, 1, 2, "a", "b");
	expect_record(r, 2, 2, "c", "d");
	expect_end(r);
}

static void test_lone_cr(void **state)
{
	csv_reader *r = open_str(state, "a;b\rc;d\r", ';');
	expect_record(r, 1, 2, "a", "b");
	expect_record(r, 2, 2, "c", "d");
	expect_end(r);
}

static void test_mixed_line_ends(void **state)
{
	csv_reader *r = open_str(state, "a\rb\r\nc\nd", ';');
	expect_record(r, 1, 1, "a");
	expect_record(r, 2, 1, "b");
	expect_record(r, 3, 1, "c");
	expect_record(r, 4, 1, "d");
	expect_end(r);
}

static void test_last_line_without_newline(void **state)
{
	csv_reader *r = open_str(state, "a;b\nc;d", ';');
	expect_record(r, 1, 2, "a", "b");
	expect_record(r, 2, 2, "c", "d");
	expect_end(r);
}

static void test_final_newline_adds_no_record(void **state)
{
	csv_reader *r = open_str(state, "a\n", ';');
	expect_record(r, 1, 1, "a");
	expect_end(r);
}

static void test_empty_input(void **state)
{
	csv_reader *r = open_str(state, "", ';');
	expect_end(r);
	r = csv_open(*state, NULL, 0, 0);
	expect_end(r);
}

static void test_empty_middle_line(void **state)
{
	csv_reader *r = open_str(state, "a;b\n\nc;d\n", ';');
	expect_record(r, 1, 2, "a", "b");
	expect_record(r, 2, 1, "");
	expect_record(r, 3, 2, "c", "d");
	expect_end(r);
}

static void test_empty_fields_and_trailing_separator(void **state)
{
	csv_reader *r = open_str(state, ";a;;b;\n;\n", ';');
	expect_record(r, 1, 5, "", "a", "", "b", "");
	expect_record(r, 2, 2, "", "");
	expect_end(r);
}

static void test_fields_not_trimmed(void **state)
{
	csv_reader *r = open_str(state, " a ; b\t\n", ';');
	expect_record(r, 1, 2, " a ", " b\t");
	expect_end(r);
}

/* --- quoted fields --- */

static void test_quoted_multiline_crlf(void **state)
{
	csv_reader *r = open_str(state,
		"Axe;Description\r\n"
		"1;\"Objectif\r\nsur trois\r\nlignes\"\r\n"
		"2;\"vieux\rMac\"\r\n"
		"3;fin\r\n", ';');
	expect_record(r, 1, 2, "Axe", "Description");
	expect_record(r, 2, 2, "1", "Objectif\nsur trois\nlignes");
	expect_record(r, 5, 2, "2", "vieux\nMac");
	expect_record(r, 7, 2, "3", "fin");
	expect_end(r);
}

static void test_quoted_separator_and_lf(void **state)
{
	csv_reader *r = open_str(state, "\"a;b\";\"c\nd\"\ne\n", ';');
	expect_record(r, 1, 2, "a;b", "c\nd");
	expect_record(r, 3, 1, "e");
	expect_end(r);
}

static void test_doubled_quotes(void **state)
{
	csv_reader *r = open_str(state, "\"il dit \"\"oui\"\"\";\"\"\"\"\n", ';');
	expect_record(r, 1, 2, "il dit \"oui\"", "\"");
	expect_end(r);
}

static void test_empty_quoted_field(void **state)
{
	csv_reader *r = open_str(state, "\"\";\"\"\n\"\"\n", ';');
	expect_record(r, 1, 2, "", "");
	expect_record(r, 2, 1, "");
	expect_end(r);
}

static void test_quote_inside_unquoted_field_is_literal(void **state)
{
	csv_reader *r = open_str(state, "ab\"c;d\"\n 12\" écran\n", ';');
	expect_record(r, 1, 2, "ab\"c", "d\"");
	expect_record(r, 2, 1, " 12\" écran");
	expect_end(r);
}

static void test_blanks_after_closing_quote_ignored(void **state)
{
	csv_reader *r = open_str(state, "\"a\"  ;\"b\"\t\n\"c\" ", ';');
	expect_record(r, 1, 2, "a", "b");
	expect_record(r, 2, 1, "c");
	expect_end(r);

	/* With TAB as the separator, a TAB after the quote is a separator. */
	r = open_str(state, "\"a\" \tb\n", '\t');
	expect_record(r, 1, 2, "a", "b");
	expect_end(r);
}

/* --- errors --- */

static void test_unterminated_quote(void **state)
{
	csv_reader *r = open_str(state, "a;b\nc;\"début\nsuite\nfin\n", ';');
	expect_record(r, 1, 2, "a", "b");
	expect_error(r, 2, MSG_UNTERMINATED);
}

static void test_unterminated_quote_after_multiline(void **state)
{
	csv_reader *r = open_str(state, "\"x\ny\";z\nw\n\"a\"\"\n", ';');
	expect_record(r, 1, 2, "x\ny", "z");
	expect_record(r, 3, 1, "w");
	expect_error(r, 4, MSG_UNTERMINATED);
}

static void test_garbage_after_closing_quote(void **state)
{
	csv_reader *r = open_str(state, "a\n\"x\"y;z\n", ';');
	expect_record(r, 1, 1, "a");
	expect_error(r, 2, MSG_AFTER_QUOTE);

	/* The line reported is the offending character's, not the field's start. */
	r = open_str(state, "\"l1\nl2\" z\n", ';');
	expect_error(r, 2, MSG_AFTER_QUOTE);
}

static void test_nul_byte(void **state)
{
	static const char data[] = "a;b\nc\0d\n";
	csv_reader *r = csv_open(*state, data, sizeof(data) - 1, ';');
	expect_record(r, 1, 2, "a", "b");
	expect_error(r, 2, MSG_NUL);

	static const char quoted[] = "a\n\"x\ny\0\"\n";
	r = csv_open(*state, quoted, sizeof(quoted) - 1, ';');
	expect_record(r, 1, 1, "a");
	expect_error(r, 3, MSG_NUL);

	static const char after[] = "\"x\"\0";
	r = csv_open(*state, after, sizeof(after) - 1, ';');
	expect_error(r, 1, MSG_NUL);
}

static void test_status_sticky_after_end(void **state)
{
	csv_reader *r = open_str(state, "a\n", ';');
	expect_record(r, 1, 1, "a");
	expect_end(r);
	expect_end(r);
	expect_end(r);
}

static void test_status_sticky_after_error(void **state)
{
	csv_reader *r = open_str(state, "\"a\"b\nc\n", ';');
	expect_error(r, 1, MSG_AFTER_QUOTE);
	expect_error(r, 1, MSG_AFTER_QUOTE);
	expect_error(r, 1, MSG_AFTER_QUOTE);
	/* NULL out-parameters are tolerated. */
	csv_record rec;
	assert_int_equal(csv_next(r, &rec, NULL, NULL), CSV_ERROR);
}

/* --- content and memory --- */

static void test_utf8_preserved(void **state)
{
	csv_reader *r = open_str(state,
		"Établissement;Coût (€);Échéance\n"
		"Université Côte d’Azur;12 500,00 €;30/06/2025\n", 0);
	assert_int_equal(csv_separator(r), ';');
	expect_record(r, 1, 3, "Établissement", "Coût (€)", "Échéance");
	expect_record(r, 2, 3, "Université Côte d’Azur", "12 500,00 €", "30/06/2025");
	expect_end(r);
}

static void test_records_own_their_memory(void **state)
{
	csv_reader *r = open_str(state, "h1;h2\na;b\nc;d;e\n", ';');
	csv_record header, rec;
	int eline;
	const char *emsg;
	assert_int_equal(csv_next(r, &header, &eline, &emsg), CSV_RECORD);
	assert_int_equal(csv_next(r, &rec, &eline, &emsg), CSV_RECORD);
	assert_int_equal(csv_next(r, &rec, &eline, &emsg), CSV_RECORD);
	assert_int_equal(header.count, 2);
	assert_string_equal(header.fields[0], "h1");
	assert_string_equal(header.fields[1], "h2");
	assert_int_equal(rec.count, 3);
	assert_string_equal(rec.fields[2], "e");
}

static void test_large_file(void **state)
{
	enum { ROWS = 10000, COLS = 15 };
	buf b = {0};
	for (int i = 0; i < ROWS; i++) {
		for (int j = 0; j < COLS; j++) {
			if (j)
				buf_putc(&b, ';');
			if (j == 3)
				buf_printf(&b, "\"Action %d; volet \"\"%d\"\"\"", i, j);
			else
				buf_printf(&b, "r%dc%d", i, j);
		}
		buf_puts(&b, "\r\n");
	}
	csv_reader *r = csv_open(*state, b.data, b.len, 0);
	assert_int_equal(csv_separator(r), ';');
	csv_record rec;
	int eline;
	const char *emsg;
	int n = 0;
	char expect[64];
	while (csv_next(r, &rec, &eline, &emsg) == CSV_RECORD) {
		assert_int_equal(rec.count, COLS);
		assert_int_equal(rec.line, n + 1);
		snprintf(expect, sizeof(expect), "Action %d; volet \"3\"", n);
		assert_string_equal(rec.fields[3], expect);
		snprintf(expect, sizeof(expect), "r%dc14", n);
		assert_string_equal(rec.fields[14], expect);
		n++;
	}
	assert_int_equal(n, ROWS);
	buf_free(&b);
}

/* --- writer --- */

static char *write1(buf *b, const char *field, char sep)
{
	buf_reset(b);
	buf_puts(b, "");
	csv_write_field(b, field, sep);
	return b->data;
}

static void test_write_field(void **state)
{
	(void)state;
	buf b = {0};
	assert_string_equal(write1(&b, "simple", ';'), "simple");
	assert_string_equal(write1(&b, "", ';'), "");
	assert_string_equal(write1(&b, NULL, ';'), "");
	assert_string_equal(write1(&b, "a;b", ';'), "\"a;b\"");
	assert_string_equal(write1(&b, "a,b", ';'), "a,b");
	assert_string_equal(write1(&b, "a,b", ','), "\"a,b\"");
	assert_string_equal(write1(&b, "a\tb", '\t'), "\"a\tb\"");
	assert_string_equal(write1(&b, "a\tb", ';'), "a\tb");
	assert_string_equal(write1(&b, "dit \"oui\"", ';'), "\"dit \"\"oui\"\"\"");
	assert_string_equal(write1(&b, "\"", ';'), "\"\"\"\"");
	assert_string_equal(write1(&b, "l1\nl2", ';'), "\"l1\nl2\"");
	assert_string_equal(write1(&b, "l1\rl2", ';'), "\"l1\rl2\"");
	assert_string_equal(write1(&b, " début", ';'), "\" début\"");
	assert_string_equal(write1(&b, "fin ", ';'), "\"fin \"");
	assert_string_equal(write1(&b, "\tx", ';'), "\"\tx\"");
	assert_string_equal(write1(&b, "x\t", ';'), "\"x\t\"");
	assert_string_equal(write1(&b, "a b", ';'), "a b");
	assert_string_equal(write1(&b, "Coût €", ';'), "Coût €");
	buf_free(&b);
}

static void test_write_read_round_trip(void **state)
{
	static const char *rows[][4] = {
		{"Axe", "Intitulé", "Budget", "Note"},
		{"1", "Numérique; responsable", " 12 500,00 € ", "dit \"oui\"\npuis non"},
		{"", "", "", ""},
		{"\"", "a,b", "x\t", "fin"},
	};
	const char seps[] = {';', ',', '\t'};
	for (size_t s = 0; s < sizeof(seps); s++) {
		buf b = {0};
		for (size_t i = 0; i < 4; i++) {
			for (size_t j = 0; j < 4; j++) {
				if (j)
					buf_putc(&b, seps[s]);
				csv_write_field(&b, rows[i][j], seps[s]);
			}
			buf_putc(&b, '\n');
		}
		csv_reader *r = csv_open(*state, b.data, b.len, seps[s]);
		csv_record rec;
		int eline;
		const char *emsg;
		for (size_t i = 0; i < 4; i++) {
			assert_int_equal(csv_next(r, &rec, &eline, &emsg), CSV_RECORD);
			assert_int_equal(rec.count, 4);
			for (size_t j = 0; j < 4; j++)
				assert_string_equal(rec.fields[j], rows[i][j]);
		}
		expect_end(r);
		/* Detection finds the same separator again. */
		assert_int_equal(csv_separator(csv_open(*state, b.data, b.len, 0)), seps[s]);
		buf_free(&b);
	}
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_detect_semicolon),
		T(test_detect_comma),
		T(test_detect_tab),
		T(test_detect_none_defaults_to_semicolon),
		T(test_detect_most_frequent),
		T(test_detect_ties),
		T(test_detect_ignores_quoted_separators),
		T(test_fixed_separator_is_used),
		T(test_invalid_separator_is_detected),
		T(test_lf),
		T(test_crlf),
		T(test_lone_cr),
		T(test_mixed_line_ends),
		T(test_last_line_without_newline),
		T(test_final_newline_adds_no_record),
		T(test_empty_input),
		T(test_empty_middle_line),
		T(test_empty_fields_and_trailing_separator),
		T(test_fields_not_trimmed),
		T(test_quoted_multiline_crlf),
		T(test_quoted_separator_and_lf),
		T(test_doubled_quotes),
		T(test_empty_quoted_field),
		T(test_quote_inside_unquoted_field_is_literal),
		T(test_blanks_after_closing_quote_ignored),
		T(test_unterminated_quote),
		T(test_unterminated_quote_after_multiline),
		T(test_garbage_after_closing_quote),
		T(test_nul_byte),
		T(test_status_sticky_after_end),
		T(test_status_sticky_after_error),
		T(test_utf8_preserved),
		T(test_records_own_their_memory),
		T(test_large_file),
		T(test_write_field),
		T(test_write_read_round_trip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
