/*
 * test_number.c — unit tests for util/number.c: decimals accepted and refused by
 * number_parse (with the reason given), exactness, independence from the process
 * locale, and the French format.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <locale.h>
#include <math.h>

#include <cmocka.h>

#include "util/number.h"

#define NBSP "\u00a0"
#define NNBSP "\u202f"
#define THIN "\u2009"

static void check_ok(const char *s, double expected, int line)
{
	double v = 424242;
	const char *why = NULL;
	if (!number_parse(s, &v, &why))
		fail_msg("line %d: « %s » refused: %s", line, s, why ? why : "(no reason)");
	/* Exactly: the nearest double to the decimal written, i.e. the C literal. */
	if (v != expected)
		fail_msg("line %d: « %s » gave %.17g, expected %.17g", line, s, v, expected);
}

static void check_refused(const char *s, const char *why_part, int line)
{
	double v = 424242;
	const char *why = NULL;
	if (number_parse(s, &v, &why))
		fail_msg("line %d: « %s » accepted as %.17g", line, s, v);
	if (!why || !*why)
		fail_msg("line %d: « %s » refused without a reason", line, s);
	if (why_part && !strstr(why, why_part))
		fail_msg("line %d: « %s »: reason « %s » lacks « %s »", line, s, why, why_part);
	if (v != 424242)
		fail_msg("line %d: « %s » refused but *out was written", line, s);
}

#define OK(s, v) check_ok((s), (v), __LINE__)
#define REFUSED(s, why) check_refused((s), (why), __LINE__)

static void test_parse_accepted(void **state)
{
	(void)state;
	OK("12,5", 12.5);
	OK("12.5", 12.5);
	OK("12,35", 12.35);
	OK("0,1", 0.1);
	OK("0.3", 0.3);
	OK("1 234,5", 1234.5);
	OK("1" NBSP "234,5", 1234.5);
	OK("1" NNBSP "234,5", 1234.5);
	OK("1" THIN "234,5", 1234.5);
	OK("1 234 567", 1234567);
	OK("1 234 567,891", 1234567.891);
	OK("-3", -3);
	OK("+0,25", 0.25);
	OK("\xe2\x88\x92" "3,5", -3.5); /* U+2212 MINUS SIGN */
	OK("- 3", -3);
	OK("87 %", 87);
	OK("87%", 87);
	OK("87" NBSP "%", 87);
	OK("-12,5 %", -12.5);
	OK("  42  ", 42);
	OK("\t42\r\n", 42);
	OK(",5", 0.5);
	OK("-,5", -0.5);
	OK("007", 7);
	OK("0", 0);
	OK("1234567", 1234567);
	OK("0,000001", 0.000001);
	OK("1 000 000 000 000 000", 1e15);  /* the largest magnitude accepted */
	OK("-1000000000000000", -1e15);
	OK("999999999999999,9", 999999999999999.9);
	OK("3,14159265358979", 3.14159265358979);

	/* "-0" is plain zero: no "-0" to show later. */
	double v = 1;
	assert_true(number_parse("-0,0", &v, NULL));
	assert_true(v == 0 && !signbit(v));
	/* why and out may be NULL. */
	assert_true(number_parse("1", NULL, NULL));
	assert_false(number_parse("x", NULL, NULL));
}

static void test_parse_refused(void **state)
{
	(void)state;
	REFUSED("", "nombre vide");
	REFUSED("   ", "nombre vide");
	REFUSED(NULL, "nombre vide");
	REFUSED("%", "aucun chiffre");
	REFUSED("-", "aucun chiffre");
	REFUSED("- %", "aucun chiffre");
	REFUSED(",", "aucun chiffre");
	REFUSED("1.234,5", "virgule et point");
	REFUSED("1,234.5", "virgule et point");
	REFUSED("1,2,3", "plusieurs virgules ou points");
	REFUSED("1.234.567", "plusieurs virgules ou points");
	REFUSED("12 34", "plusieurs nombres");
	REFUSED("1 2345", "plusieurs nombres");
	REFUSED("1234 567", "plusieurs nombres");
	REFUSED("1  234", "plusieurs nombres");
	REFUSED("1 234 ,5", "plusieurs nombres");
	REFUSED("3 4,5", "plusieurs nombres");
	REFUSED("1,234 5", "espace dans la partie décimale");
	REFUSED("5,", "chiffre attendu après la virgule");
	REFUSED("5.", "chiffre attendu après la virgule");
	REFUSED("1e5", "notation scientifique");
	REFUSED("1,5E3", "notation scientifique");
	REFUSED("2e-3", "notation scientifique");
	REFUSED("inf", "infini");
	REFUSED("-Infinity", "infini");
	REFUSED("NaN", "infini");
	REFUSED("1000000000000000,01", "trop grand");
	REFUSED("-1 000 000 000 000 001", "trop grand");
	REFUSED("99999999999999999999999999999999999999", "trop grand");
	REFUSED("--3", "signe en double");
	REFUSED("+-3", "signe en double");
	REFUSED("3-", "signe mal placé");
	REFUSED("3 - 4", "signe mal placé");
	REFUSED("%87", "« % » mal placé");
	REFUSED("87 %%", "« % » en double");
	REFUSED("12 € ", "caractère inattendu");
	REFUSED("abc", "caractère inattendu");
	REFUSED("12\t5", "caractère inattendu");
	REFUSED("0x1A", "caractère inattendu");
}

/* Every amount with two decimals up to 100,00 is the nearest double: the same as the
 * correctly rounded division of two exact integers. */
static void test_parse_exact(void **state)
{
	(void)state;
	char s[32];
	for (int cents = 0; cents <= 10000; cents++) {
		snprintf(s, sizeof(s), "%d,%02d", cents / 100, cents % 100);
		double v;
		assert_true(number_parse(s, &v, NULL));
		if (v != (double)cents / 100.0)
			fail_msg("« %s » gave %.17g", s, v);
	}
	/* A long digit string goes through the allocated copy. */
	char big[300] = "0,";
	for (int i = 0; i < 250; i++)
		strcat(big, "0");
	strcat(big, "1");
	double v = 1;
	assert_true(number_parse(big, &v, NULL));
	assert_true(v == 0 || v < 1e-250); /* below the smallest double: 0 or subnormal */
	char many[300] = "";
	for (int i = 0; i < 250; i++)
		strcat(many, "1");
	REFUSED(many, "trop grand");
}

/* A process switched to a locale whose decimal mark is the comma changes nothing. */
static void test_locale_independent(void **state)
{
	(void)state;
	static const char *const names[] = {"fr_FR.UTF-8", "fr_FR.utf8", "de_DE.UTF-8", "fr_FR"};
	const char *set = NULL;
	for (size_t i = 0; i < sizeof(names) / sizeof(*names) && !set; i++)
		set = setlocale(LC_NUMERIC, names[i]);
	if (!set) /* none installed: the C locale at least */
		setlocale(LC_NUMERIC, "C");
	OK("12,35", 12.35);
	OK("12.35", 12.35);
	OK("1 234,5", 1234.5);
	char out[48];
	number_format_fr(1234.5, 2, out);
	assert_string_equal(out, "1" NNBSP "234,5");
	setlocale(LC_NUMERIC, "C");
}

static void check_format(double value, int decimals, const char *expected, int line)
{
	char out[48];
	memset(out, 'x', sizeof(out));
	number_format_fr(value, decimals, out);
	if (strcmp(out, expected) != 0)
		fail_msg("line %d: %.17g with %d decimals gave « %s », expected « %s »", line, value,
		         decimals, out, expected);
}

#define FMT(v, d, s) check_format((v), (d), (s), __LINE__)

static void test_format(void **state)
{
	(void)state;
	FMT(12.5, 2, "12,5");
	FMT(12.5, 0, "12");       /* to nearest: 12.5 is exact, a tie goes to the even 12 */
	FMT(13.5, 0, "14");
	FMT(1234, 2, "1" NNBSP "234");
	FMT(-0.25, 2, "-0,25");
	FMT(0, 2, "0");
	FMT(100, 2, "100");
	FMT(999, 0, "999");
	FMT(1000, 0, "1" NNBSP "000");
	FMT(1234567.891, 2, "1" NNBSP "234" NNBSP "567,89");
	FMT(-1234567.891, 1, "-1" NNBSP "234" NNBSP "567,9");
	FMT(0.0001, 2, "0");
	FMT(-0.001, 2, "0");      /* no "-0" */
	FMT(12.345, 1, "12,3");
	FMT(999.96, 1, "1" NNBSP "000");
	FMT(87.5, 1, "87,5");
	FMT(33.333333333, 3, "33,333");
	FMT(2.0 / 3.0, 2, "0,67");
	FMT(1e15, 2, "1" NNBSP "000" NNBSP "000" NNBSP "000" NNBSP "000" NNBSP "000");
	FMT(-999999999999999.5, 9, "-999" NNBSP "999" NNBSP "999" NNBSP "999" NNBSP "999,5");
	FMT(123456789012345678.0, 2, "123" NNBSP "456" NNBSP "789" NNBSP "012" NNBSP "345" NNBSP
	    "680"); /* beyond 10^15: whole, as the double holds it */
	FMT(0.123456789123, 20, "0,123456789"); /* at most 9 decimals */
	FMT(3.7, -1, "4");
	FMT(NAN, 2, "—");
	FMT(INFINITY, 2, "—");
	FMT(1e300, 2, "—");
}

/* number_parse reads back what number_format_fr writes. */
static void test_round_trip(void **state)
{
	(void)state;
	static const double values[] = {0, 1, -1, 0.5, 12.35, 1234.5, -98765.4321, 1e12 + 0.25,
	                                999999999999999.0};
	for (size_t i = 0; i < sizeof(values) / sizeof(*values); i++) {
		char out[48];
		number_format_fr(values[i], 4, out);
		double back;
		const char *why = NULL;
		if (!number_parse(out, &back, &why))
			fail_msg("« %s » refused: %s", out, why);
		assert_true(back == values[i]);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_accepted),
		cmocka_unit_test(test_parse_refused),
		cmocka_unit_test(test_parse_exact),
		cmocka_unit_test(test_locale_independent),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_round_trip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
