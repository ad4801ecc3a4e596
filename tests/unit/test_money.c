/*
 * test_money.c — unit tests for util/money.c: amounts accepted and refused by
 * money_parse, and the plain and French formats.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "util/money.h"

/* The spaces French software writes between digit groups. */
#define NBSP "\u00a0"
#define NNBSP "\u202f"
#define THIN "\u2009"

static void check_ok(const char *s, int64_t expected, int line)
{
	int64_t cents = 424242;
	const char *why = NULL;
	if (!money_parse(s, &cents, &why))
		fail_msg("line %d: « %s » refused: %s", line, s, why ? why : "(no reason)");
	if (cents != expected)
		fail_msg("line %d: « %s » gave %lld cents, expected %lld", line, s, (long long)cents,
		         (long long)expected);
}

static void check_refused(const char *s, const char *why_part, int line)
{
	int64_t cents = 424242;
	const char *why = NULL;
	if (money_parse(s, &cents, &why))
		fail_msg("line %d: « %s » accepted as %lld cents", line, s, (long long)cents);
	if (!why || !*why)
		fail_msg("line %d: « %s » refused without a reason", line, s);
	if (why_part && !strstr(why, why_part))
		fail_msg("line %d: « %s »: reason « %s » lacks « %s »", line, s, why, why_part);
	if (cents != 424242)
		fail_msg("line %d: « %s »: output touched on failure", line, s);
}

#define OK(s, cents) check_ok(s, cents, __LINE__)
#define REFUSED(s, part) check_refused(s, part, __LINE__)

static void test_plain_numbers(void **state)
{
	(void)state;
	OK("0", 0);
	OK("12", 1200);
	OK("007", 700);
	OK("1234", 123400);
	OK("1234,50", 123450);
	OK("1234.50", 123450);
	OK("1234.5", 123450);
	OK("1234,5", 123450);
	OK("0,05", 5);
	OK("0.99", 99);
	OK(",5", 50);
	OK(".05", 5);
	OK("  12  ", 1200);
	OK("\t12,30\r\n", 1230);
	OK(NBSP "12" NNBSP, 1200);
}

static void test_group_spaces(void **state)
{
	(void)state;
	OK("1 234,50", 123450);
	OK("1 234,50 €", 123450);
	OK("1" NBSP "234,50" NBSP "€", 123450);
	OK("1" NNBSP "234,50" NBSP "€", 123450);
	OK("1" THIN "234,50", 123450);
	OK("1 234 567,89", 123456789);
	OK("1" NNBSP "234" NNBSP "567,89" NBSP "€", 123456789);
	OK("12 345 678", 1234567800);
	OK("1 234.5", 123450);
	OK("100 000", 10000000);
}

static void test_group_punctuation(void **state)
{
	(void)state;
	OK("1.234.567,89", 123456789);
	OK("1,234,567.89", 123456789);
	OK("1.234,5", 123450);
	OK("1,234.5", 123450);
	OK("1.234.567", 123456700);
	OK("1,234,567", 123456700);
	OK("12.345.678,90 €", 1234567890);
	OK("EUR 1,234,567.89", 123456789);
}

static void test_currency(void **state)
{
	(void)state;
	OK("EUR 12", 1200);
	OK("EUR12", 1200);
	OK("eur 12", 1200);
	OK("Eur 12,50", 1250);
	OK("12 EUR", 1200);
	OK("12EUR", 1200);
	OK("12 eur", 1200);
	OK("€12", 1200);
	OK("€ 12", 1200);
	OK("12€", 1200);
	OK("12 €", 1200);
	OK("12" NBSP "€", 1200);
	OK(" 12,30 € ", 1230);
}

static void test_negative(void **state)
{
	(void)state;
	OK("-12,3", -1230);
	OK("-12", -1200);
	OK("-0,05", -5);
	OK("-0", 0);
	OK("\u221212,30", -1230); /* U+2212 MINUS SIGN */
	OK("-1 234,50 €", -123450);
	OK("-€12", -1200);
	OK("€ -12", -1200);
	OK("EUR -12", -1200);
	OK("-EUR 12", -1200);
	OK("- 12 €", -1200);
	OK("-1.234.567,89", -123456789);
}

static void test_limits(void **state)
{
	(void)state;
	OK("92233720368547758,07", INT64_MAX);
	OK("-92233720368547758,08", INT64_MIN);
	OK("92 233 720 368 547 758,07 €", INT64_MAX);
	OK("-92.233.720.368.547.758,08", INT64_MIN);
	REFUSED("9223372036854775807", "trop grand");
	REFUSED("92233720368547758,08", "trop grand");
	REFUSED("-92233720368547758,09", "trop grand");
	REFUSED("92233720368547759", "trop grand");
	REFUSED("99999999999999999999999999999", "trop grand");
	REFUSED("-99999999999999999999999999999,99", "trop grand");
}

static void test_refused_empty(void **state)
{
	(void)state;
	REFUSED("", "vide");
	REFUSED("   ", "vide");
	REFUSED(NBSP NNBSP, "vide");
	REFUSED("€", "aucun chiffre");
	REFUSED("EUR", "aucun chiffre");
	REFUSED("-", "aucun chiffre");
	REFUSED("- €", "aucun chiffre");
	REFUSED(".", "aucun chiffre");
	REFUSED(",", "aucun chiffre");
	assert_false(money_parse(NULL, NULL, NULL));
}

static void test_refused_characters(void **state)
{
	(void)state;
	REFUSED("abc", "caractère inattendu");
	REFUSED("12a", "caractère inattendu");
	REFUSED("1O0", "caractère inattendu");
	REFUSED("12 euros", "caractère inattendu");
	REFUSED("1e3", "caractère inattendu");
	REFUSED("0x10", "caractère inattendu");
	REFUSED("+12", "caractère inattendu");
	REFUSED("12 $", "caractère inattendu");
	REFUSED("(12)", "caractère inattendu");
	REFUSED("12\t000", "caractère inattendu");
	REFUSED("1 2 € 3", "devise mal placée");
}

static void test_refused_signs_and_currency(void **state)
{
	(void)state;
	REFUSED("--12", "signe moins en double");
	REFUSED("-\u221212", "signe moins en double");
	REFUSED("- -12", "signe moins en double");
	REFUSED("-12-", "signe moins en double");
	REFUSED("12-", "signe moins mal placé");
	REFUSED("1-2", "signe moins mal placé");
	REFUSED("€12€", "devise indiquée deux fois");
	REFUSED("EUR 12 €", "devise indiquée deux fois");
	REFUSED("€ EUR 12", "devise indiquée deux fois");
	REFUSED("12 € EUR", "devise indiquée deux fois");
}

static void test_refused_groups(void **state)
{
	(void)state;
	REFUSED("12 34", "séparateur de milliers mal placé");
	REFUSED("1234 567", "séparateur de milliers mal placé");
	REFUSED("1 2345", "séparateur de milliers mal placé");
	REFUSED("1 23,45", "séparateur de milliers mal placé");
	REFUSED("1,2,3", "séparateur de milliers mal placé");
	REFUSED("1.2.3", "séparateur de milliers mal placé");
	REFUSED("12.345.67", "séparateur de milliers mal placé");
	REFUSED("1.23.456,00", "séparateur de milliers mal placé");
	REFUSED("1234.567,89", "séparateur de milliers mal placé");
	REFUSED(",123,456", "séparateur de milliers mal placé");
	REFUSED("1  234", "chiffre attendu");
	REFUSED("1 .234", "chiffre attendu");
	REFUSED("12..5", "chiffre attendu");
	REFUSED("12,,5", "chiffre attendu");
	REFUSED("12,", "chiffre attendu");
	REFUSED("12.", "chiffre attendu");
	REFUSED("12 ,50", "chiffre attendu");
	REFUSED("1 234.567 890", "séparateur mal placé après la virgule");
	REFUSED("1.234 567", "séparateur mal placé après la virgule");
	REFUSED("1.234,5,6", "virgule ou point en trop");
	REFUSED("1,234.5.6", "virgule ou point en trop");
	REFUSED("1 234.567.890", "séparateurs de milliers différents");
	REFUSED("1.234 567,00", "séparateurs de milliers différents");
}

static void test_refused_decimals(void **state)
{
	(void)state;
	/* One dot or comma followed by three digits could be a thousands separator:
	 * refused, and the message says how to write one thousand two hundred... */
	REFUSED("12,345", "1234");
	REFUSED("1.234", "1234");
	REFUSED("1,234", "plus de deux décimales");
	REFUSED("1.234 €", "1234");
	REFUSED("1234.567", "plus de deux décimales");
	REFUSED("0,001", "plus de deux décimales");
	REFUSED("1,2345", "plus de deux décimales");
	REFUSED("1 234,567", "plus de deux décimales");
	REFUSED("1.234.567,891", "plus de deux décimales");
	REFUSED("1,234.567", "plus de deux décimales");
}

static void test_null_outputs(void **state)
{
	(void)state;
	assert_true(money_parse("12", NULL, NULL));
	assert_false(money_parse("12,345", NULL, NULL));
}

static void check_plain(int64_t cents, const char *expected, int line)
{
	char out[MONEY_FORMAT_MAX];
	memset(out, 'x', sizeof(out));
	money_format_plain(cents, out);
	if (strcmp(out, expected) != 0)
		fail_msg("line %d: %lld cents gave « %s », expected « %s »", line, (long long)cents,
		         out, expected);
}

static void check_fr(int64_t cents, const char *expected, int line)
{
	char out[MONEY_FORMAT_MAX];
	memset(out, 'x', sizeof(out));
	money_format_fr(cents, out);
	if (strcmp(out, expected) != 0)
		fail_msg("line %d: %lld cents gave « %s », expected « %s »", line, (long long)cents,
		         out, expected);
}

#define PLAIN(c, s) check_plain(c, s, __LINE__)
#define FR(c, s) check_fr(c, s, __LINE__)

static void test_format_plain(void **state)
{
	(void)state;
	PLAIN(0, "0,00");
	PLAIN(5, "0,05");
	PLAIN(50, "0,50");
	PLAIN(100, "1,00");
	PLAIN(123450, "1234,50");
	PLAIN(123456789, "1234567,89");
	PLAIN(-5, "-0,05");
	PLAIN(-123400, "-1234,00");
	PLAIN(INT64_MAX, "92233720368547758,07");
	PLAIN(INT64_MIN, "-92233720368547758,08");
}

static void test_format_fr(void **state)
{
	(void)state;
	FR(0, "0,00" NBSP "€");
	FR(5, "0,05" NBSP "€");
	FR(99999, "999,99" NBSP "€");
	FR(100000, "1" NNBSP "000,00" NBSP "€");
	FR(123450, "1" NNBSP "234,50" NBSP "€");
	FR(123456789, "1" NNBSP "234" NNBSP "567,89" NBSP "€");
	FR(12345678900, "123" NNBSP "456" NNBSP "789,00" NBSP "€");
	FR(-123400, "-1" NNBSP "234,00" NBSP "€");
	FR(-5, "-0,05" NBSP "€");
	FR(-99999, "-999,99" NBSP "€");
	FR(INT64_MAX, "92" NNBSP "233" NNBSP "720" NNBSP "368" NNBSP "547" NNBSP "758,07" NBSP "€");
	FR(INT64_MIN, "-92" NNBSP "233" NNBSP "720" NNBSP "368" NNBSP "547" NNBSP "758,08" NBSP "€");
	char out[MONEY_FORMAT_MAX];
	money_format_fr(INT64_MIN, out);
	assert_true(strlen(out) < MONEY_FORMAT_MAX);
}

/* What money_format_* writes, money_parse reads back exactly. */
static void test_format_round_trip(void **state)
{
	(void)state;
	const int64_t values[] = {0, 1, -1, 9, 10, 99, 100, 101, 999, 1000, 99999, 100000,
	                          123456, -123456, 100000000, 123456789012, -987654321098,
	                          INT64_MAX, INT64_MIN, INT64_MAX - 1, INT64_MIN + 1};
	for (size_t i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
		char out[MONEY_FORMAT_MAX];
		int64_t back = 0;
		money_format_plain(values[i], out);
		if (!money_parse(out, &back, NULL) || back != values[i])
			fail_msg("plain « %s » did not read back as %lld", out, (long long)values[i]);
		money_format_fr(values[i], out);
		if (!money_parse(out, &back, NULL) || back != values[i])
			fail_msg("fr « %s » did not read back as %lld", out, (long long)values[i]);
	}
	for (int64_t c = -100000; c <= 100000; c += 7) {
		char out[MONEY_FORMAT_MAX];
		int64_t back = 0;
		money_format_fr(c, out);
		assert_true(money_parse(out, &back, NULL));
		assert_int_equal(back, c);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_numbers),
		cmocka_unit_test(test_group_spaces),
		cmocka_unit_test(test_group_punctuation),
		cmocka_unit_test(test_currency),
		cmocka_unit_test(test_negative),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_refused_empty),
		cmocka_unit_test(test_refused_characters),
		cmocka_unit_test(test_refused_signs_and_currency),
		cmocka_unit_test(test_refused_groups),
		cmocka_unit_test(test_refused_decimals),
		cmocka_unit_test(test_null_outputs),
		cmocka_unit_test(test_format_plain),
		cmocka_unit_test(test_format_fr),
		cmocka_unit_test(test_format_round_trip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
