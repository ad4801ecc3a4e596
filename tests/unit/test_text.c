/*
 * test_text.c — unit tests for util/text.c: UTF-8 validation, conversion from other
 * encodings, matching keys, search folding, slugs, trimming and splitting.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "util/arena.h"
#include "util/text.h"

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

/* ---- UTF-8 validation ---- */

static void check_valid(const char *s, size_t len, int line)
{
	size_t bad = 999;
	if (!text_utf8_valid(s, len, &bad))
		fail_msg("line %d: valid UTF-8 refused at offset %zu", line, bad);
}

static void check_invalid(const char *s, size_t len, size_t offset, int line)
{
	size_t bad = 999;
	if (text_utf8_valid(s, len, &bad))
		fail_msg("line %d: invalid UTF-8 accepted", line);
	if (bad != offset)
		fail_msg("line %d: bad offset %zu, expected %zu", line, bad, offset);
}

#define VALID(s) check_valid(s, sizeof(s) - 1, __LINE__)
#define INVALID(s, off) check_invalid(s, sizeof(s) - 1, off, __LINE__)

static void test_utf8_valid(void **state)
{
	(void)state;
	VALID("");
	VALID("Intitulé");
	VALID("1 234,50 €");
	VALID("\xf0\x9f\x98\x80");               /* U+1F600, 4 bytes */
	VALID("a\xf4\x8f\xbf\xbf");              /* U+10FFFF, the last code point */
	VALID("\xed\x9f\xbf");                   /* U+D7FF, just before the surrogates */
	VALID("\xee\x80\x80");                   /* U+E000, just after */
	VALID("a\0b");                           /* NUL is valid UTF-8 */
	assert_true(text_utf8_valid("abc", 3, NULL));
}

static void test_utf8_invalid(void **state)
{
	(void)state;
	INVALID("\xc0\xaf", 0);                  /* overlong '/' */
	INVALID("ab\xc1\xbf", 2);                /* overlong 2-byte */
	INVALID("\xe0\x80\xaf", 0);              /* overlong 3-byte */
	INVALID("\xf0\x80\x80\xaf", 0);          /* overlong 4-byte */
	INVALID("ab\xed\xa0\x80", 2);            /* surrogate U+D800 */
	INVALID("\xed\xbf\xbf", 0);              /* surrogate U+DFFF */
	INVALID("\xf4\x90\x80\x80", 0);          /* U+110000 */
	INVALID("\xf5\x80\x80\x80", 0);
	INVALID("caf\xe9", 3);                   /* Latin-1 'é' */
	INVALID("x\xe2\x82", 1);                 /* truncated '€' */
	INVALID("x\xf0\x9f\x98", 1);             /* truncated emoji */
	INVALID("\xe2\x82x", 0);                 /* interrupted sequence */
	INVALID("ok\x80", 2);                    /* lone continuation byte */
	INVALID("\xff", 0);
	size_t bad = 0;
	assert_false(text_utf8_valid("\xc3", 1, &bad));
	assert_false(text_utf8_valid("\xc3", 1, NULL));
	/* Only len bytes are read: the 'é' is cut in half. */
	assert_false(text_utf8_valid("é", 1, &bad));
	assert_int_equal(bad, 0);
}

/* ---- Conversion ---- */

static void check_convert(arena *a, const char *enc, const char *in, size_t len,
                          const char *expected, int line)
{
	char *out = NULL;
	size_t out_len = 999;
	const char *why = NULL;
	if (!text_to_utf8(a, enc, in, len, &out, &out_len, &why))
		fail_msg("line %d: conversion from %s failed: %s", line, enc, why ? why : "?");
	if (strcmp(out, expected) != 0)
		fail_msg("line %d: from %s gave « %s », expected « %s »", line, enc, out, expected);
	if (out_len != strlen(expected))
		fail_msg("line %d: out_len %zu, expected %zu", line, out_len, strlen(expected));
}

#define CONVERT(enc, in, expected) \
	check_convert(a, enc, in, sizeof(in) - 1, expected, __LINE__)

static void test_to_utf8_windows_1252(void **state)
{
	arena *a = *state;
	CONVERT("WINDOWS-1252", "\xe9", "é");
	CONVERT("WINDOWS-1252", "\x80", "€");
	CONVERT("WINDOWS-1252", "Intitul\xe9;B\xe9n\xe9\x66iciaires", "Intitulé;Bénéficiaires");
	CONVERT("CP1252", "1\xa0" "234,50 \x80", "1\u00a0234,50 €");
	CONVERT("CP1252", "\x9c" "uvre \x92" "a", "œuvre ’a");
	CONVERT("windows-1252", "plain ascii", "plain ascii");
	CONVERT("LATIN1", "caf\xe9", "café");
	CONVERT("ISO-8859-15", "\xa4", "€");
	CONVERT("WINDOWS-1252", "", "");
}

static void test_to_utf8_utf16le(void **state)
{
	arena *a = *state;
	CONVERT("UTF-16LE", "I\0n\0t\0i\0t\0u\0l\0\xe9\0", "Intitulé");
	CONVERT("UTF-16LE", "\xac\x20 \0" "1\0", "€ 1");
	CONVERT("UTF-16LE", "=\xd8\0\xde", "\xf0\x9f\x98\x80"); /* surrogate pair: U+1F600 */
	CONVERT("UTF-16LE", "a\0\n\0b\0", "a\nb");
}

static void test_to_utf8_utf8(void **state)
{
	arena *a = *state;
	CONVERT("UTF-8", "déjà", "déjà");
	CONVERT("utf8", "€", "€");
	CONVERT("UTF-8", "", "");
	char *out = NULL;
	const char *why = NULL;
	assert_false(text_to_utf8(a, "UTF-8", "ab\xe9z", 4, &out, NULL, &why));
	assert_non_null(why);
	assert_non_null(strstr(why, "position 2"));
}

static void test_to_utf8_errors(void **state)
{
	arena *a = *state;
	char *out = NULL;
	size_t out_len = 0;
	const char *why = NULL;

	assert_false(text_to_utf8(a, "PAS-UN-ENCODAGE", "abc", 3, &out, &out_len, &why));
	assert_non_null(why);
	assert_non_null(strstr(why, "« PAS-UN-ENCODAGE » inconnu"));
	assert_null(out);

	/* 0x81 is not a character in Windows-1252. */
	why = NULL;
	assert_false(text_to_utf8(a, "WINDOWS-1252", "ab\x81", 3, &out, &out_len, &why));
	assert_non_null(why);
	assert_non_null(strstr(why, "position 2"));

	/* An odd number of bytes cannot be UTF-16. */
	why = NULL;
	assert_false(text_to_utf8(a, "UTF-16LE", "a\0b", 3, &out, &out_len, &why));
	assert_non_null(why);
	assert_non_null(strstr(why, "incomplète"));

	/* A lone surrogate is not a character. */
	why = NULL;
	assert_false(text_to_utf8(a, "UTF-16LE", "a\0\x00\xd8" "b\0", 6, &out, &out_len, &why));
	assert_non_null(why);
}

static void test_to_utf8_large(void **state)
{
	arena *a = *state;
	/* Every byte expands to two or three: the output buffer has to grow. */
	enum { N = 100000 };
	static char in[N];
	memset(in, '\x80', N);
	char *out = NULL;
	size_t out_len = 0;
	const char *why = NULL;
	assert_true(text_to_utf8(a, "WINDOWS-1252", in, N, &out, &out_len, &why));
	assert_int_equal(out_len, 3 * N);
	assert_int_equal(strlen(out), 3 * N);
	assert_memory_equal(out, "€€€", 9);
	assert_memory_equal(out + 3 * N - 3, "€", 3);
}

/* ---- Keys, folding, slugs ---- */

#define KEY(in, expected) assert_string_equal(text_match_key(a, in), expected)
#define FOLD(in, expected) assert_string_equal(text_fold(a, in), expected)
#define SLUG(in, max, expected) assert_string_equal(text_slugify(a, in, max), expected)

static void test_match_key(void **state)
{
	arena *a = *state;
	KEY("Intitulé", "intitule");
	KEY("INTITULE", "intitule");
	KEY("INTITULÉ", "intitule");
	KEY("intitu-le", "intitule");
	KEY(" Bénéficiaires ", "beneficiaires");
	KEY("contribue_à", "contribuea");
	KEY("Contribue-à", "contribuea");
	KEY("Contribue à", "contribuea");
	KEY("CONTRIBUE À", "contribuea");
	KEY("Début", "debut");
	KEY("Porteur de projet", "porteurdeprojet");
	KEY("porteur_de_projet", "porteurdeprojet");
	KEY("Porteur\u00a0de\tprojet", "porteurdeprojet");
	KEY("Date d'échéance", "datedecheance");
	KEY("Date d’échéance", "datedecheance");
	KEY("N. ordre", "nordre");
	KEY("Début – fin", "debutfin"); /* en dash */
	KEY("Cœur", "coeur");
	KEY("e\u0301te\u0301", "ete"); /* decomposed accents */
	KEY("Montant (€)", "montant(€)");
	KEY("", "");
	KEY(NULL, "");
	/* Invalid UTF-8 does not crash: the bad byte becomes U+FFFD. */
	KEY("D\xe9" "but", "d\ufffdbut");
}

static void test_fold(void **state)
{
	arena *a = *state;
	FOLD("Numérique", "numerique");
	FOLD("Schéma Directeur du Numérique", "schema directeur du numerique");
	FOLD("ÉLÈVES À L'ÉCOLE", "eleves a l'ecole");
	FOLD("Cœur", "coeur");
	FOLD("STRAßE", "strasse");
	FOLD("Łódź", "lodz");
	FOLD("a\u00a0b\u202fc", "a b c");
	FOLD("  deux  espaces ", "  deux  espaces ");
	FOLD("contribue_à", "contribue_a");
	FOLD("2024–2028", "2024–2028");
	FOLD("", "");
}

static void test_slugify(void **state)
{
	arena *a = *state;
	SLUG("Schéma directeur du numérique 2024–2028", 0,
	     "schema-directeur-du-numerique-2024-2028");
	SLUG("Schéma directeur du numérique 2024–2028", 100,
	     "schema-directeur-du-numerique-2024-2028");
	SLUG("Plan 2024—2028", 0, "plan-2024-2028"); /* em dash */
	SLUG("Œuvre d’art", 0, "oeuvre-d-art");
	SLUG("Cœur de métier", 0, "coeur-de-metier");
	SLUG("Ærø", 0, "aero");
	SLUG("Straße", 0, "strasse");
	SLUG("Łódź", 0, "lodz");
	SLUG("Đà Nẵng", 0, "da-nang");
	SLUG("Søren", 0, "soren");
	SLUG("  --Hello, World!--  ", 0, "hello-world");
	SLUG("a___b...c", 0, "a-b-c");
	SLUG("UPPER case", 0, "upper-case");
	SLUG("Plan 2024 — Ж", 0, "plan-2024");
}

static void test_slugify_fallback(void **state)
{
	arena *a = *state;
	SLUG("", 0, "plan");
	SLUG(NULL, 0, "plan");
	SLUG("!!!", 0, "plan");
	SLUG(" – — … ", 0, "plan");
	SLUG("___", 40, "plan");
	SLUG("Привет мир", 0, "plan");
}

static void test_slugify_cut(void **state)
{
	arena *a = *state;
	SLUG("abcdef ghij", 7, "abcdef");   /* cut right after a hyphen: it goes */
	SLUG("abcdef ghij", 8, "abcdef-g");
	SLUG("abcdef ghij", 6, "abcdef");
	SLUG("abcdef ghij", 11, "abcdef-ghij");
	SLUG("abcdef ghij", 12, "abcdef-ghij");
	SLUG("abcdef", 1, "a");
	SLUG("Schéma directeur du numérique 2024–2028", 20, "schema-directeur-du");
	SLUG("Schéma directeur du numérique 2024–2028", 17, "schema-directeur");

	/* A long title: at most max_len bytes, never a trailing hyphen. */
	char longin[4000];
	size_t o = 0;
	while (o + 12 < sizeof(longin)) {
		memcpy(longin + o, "Numérique ", 11);
		o += 11;
	}
	longin[o] = '\0';
	for (size_t max = 1; max <= 120; max++) {
		const char *s = text_slugify(a, longin, max);
		size_t n = strlen(s);
		assert_true(n <= max);
		assert_true(n >= max - 1);
		assert_true(s[n - 1] != '-');
		assert_true(s[0] != '-');
	}
	const char *s = text_slugify(a, longin, 0);
	assert_int_equal(strlen(s), 363 * 10 - 1);
}

/* ---- Trim and split ---- */

#define TRIM(in, expected) assert_string_equal(text_trim(a, in), expected)

static void test_trim(void **state)
{
	arena *a = *state;
	TRIM("  a b  ", "a b");
	TRIM("\t\r\n x\n", "x");
	TRIM("\u00a0Intitulé\u00a0", "Intitulé");
	TRIM("\u202f1 234\u202f", "1 234");
	TRIM("\u2009x\u2009", "x");
	TRIM(" \u00a0 \u202f\t", "");
	TRIM("", "");
	TRIM(NULL, "");
	TRIM("a\u00a0b", "a\u00a0b");
	TRIM("déjà", "déjà");
	/* An é (C3 A9) is not mistaken for a no-break space (C2 A0). */
	TRIM("é", "é");
	const char *in = "  x  ";
	char *out = text_trim(a, in);
	assert_ptr_not_equal(out, in);
}

static void test_split(void **state)
{
	arena *a = *state;
	char **parts = NULL;
	assert_int_equal(text_split(a, "a; b ;;c ; ", ';', &parts), 3);
	assert_string_equal(parts[0], "a");
	assert_string_equal(parts[1], "b");
	assert_string_equal(parts[2], "c");
	assert_null(parts[3]);

	assert_int_equal(text_split(a, "Axe 1, Axe 2,\u00a0Axe 3\u00a0", ',', &parts), 3);
	assert_string_equal(parts[0], "Axe 1");
	assert_string_equal(parts[1], "Axe 2");
	assert_string_equal(parts[2], "Axe 3");

	assert_int_equal(text_split(a, "seul", ';', &parts), 1);
	assert_string_equal(parts[0], "seul");

	assert_int_equal(text_split(a, "", ';', &parts), 0);
	assert_non_null(parts);
	assert_null(parts[0]);
	assert_int_equal(text_split(a, " ; ;; ", ';', &parts), 0);
	assert_int_equal(text_split(a, ";x;", ';', &parts), 1);
	assert_string_equal(parts[0], "x");
	assert_int_equal(text_split(a, "a|b|c|d", '|', &parts), 4);
	assert_string_equal(parts[3], "d");
	assert_int_equal(text_split(a, NULL, ';', &parts), 0);
}

static void test_hash(void **state)
{
	(void)state;
	assert_true(text_hash("") == 1469598103934665603ULL); /* the offset: nothing mixed in */
	assert_true(text_hash("AX1.P2") == text_hash("AX1.P2"));
	assert_true(text_hash("AX1.P2") != text_hash("AX1.P3"));
	assert_true(text_hash("ab") != text_hash("ba"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hash),
		cmocka_unit_test(test_utf8_valid),
		cmocka_unit_test(test_utf8_invalid),
		cmocka_unit_test_setup_teardown(test_to_utf8_windows_1252, setup, teardown),
		cmocka_unit_test_setup_teardown(test_to_utf8_utf16le, setup, teardown),
		cmocka_unit_test_setup_teardown(test_to_utf8_utf8, setup, teardown),
		cmocka_unit_test_setup_teardown(test_to_utf8_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_to_utf8_large, setup, teardown),
		cmocka_unit_test_setup_teardown(test_match_key, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fold, setup, teardown),
		cmocka_unit_test_setup_teardown(test_slugify, setup, teardown),
		cmocka_unit_test_setup_teardown(test_slugify_fallback, setup, teardown),
		cmocka_unit_test_setup_teardown(test_slugify_cut, setup, teardown),
		cmocka_unit_test_setup_teardown(test_trim, setup, teardown),
		cmocka_unit_test_setup_teardown(test_split, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
