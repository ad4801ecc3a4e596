/*
 * test_date.c — unit tests for util/date.c: parsing, calendar checks, day counts,
 * comparison and formatting.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "util/date.h"

static void check_parse_ok(const char *s, int y, int m, int d, int line)
{
	jalon_date out = DATE_NONE;
	const char *why = NULL;
	if (!date_parse(s, &out, &why))
		fail_msg("line %d: « %s » refused: %s", line, s, why ? why : "(no reason)");
	if (out.year != y || out.month != m || out.day != d)
		fail_msg("line %d: « %s » gave %04d-%02d-%02d, expected %04d-%02d-%02d", line, s,
		         out.year, out.month, out.day, y, m, d);
}

static void check_parse_refused(const char *s, const char *why_part, int line)
{
	jalon_date out = {1234, 5, 6};
	const char *why = NULL;
	if (date_parse(s, &out, &why))
		fail_msg("line %d: « %s » accepted as %04d-%02d-%02d", line, s, out.year, out.month,
		         out.day);
	if (!why || !*why)
		fail_msg("line %d: « %s » refused without a reason", line, s);
	if (why_part && !strstr(why, why_part))
		fail_msg("line %d: « %s »: reason « %s » lacks « %s »", line, s, why, why_part);
	if (out.year != 1234 || out.month != 5 || out.day != 6)
		fail_msg("line %d: « %s »: output touched on failure", line, s);
}

#define OK(s, y, m, d) check_parse_ok(s, y, m, d, __LINE__)
#define REFUSED(s, part) check_parse_refused(s, part, __LINE__)

static void test_parse_iso(void **state)
{
	(void)state;
	OK("2026-11-22", 2026, 11, 22);
	OK("2024-02-29", 2024, 2, 29);
	OK("2000-02-29", 2000, 2, 29);
	OK("1000-01-01", 1000, 1, 1);
	OK("9999-12-31", 9999, 12, 31);
	OK("  2025-09-01  ", 2025, 9, 1);
	OK("\t2025-09-01\r\n", 2025, 9, 1);
}

static void test_parse_fr(void **state)
{
	(void)state;
	OK("22/11/2026", 2026, 11, 22);
	OK("29/02/2024", 2024, 2, 29);
	OK("1/9/2025", 2025, 9, 1);
	OK("01/09/2025", 2025, 9, 1);
	OK("1/09/2025", 2025, 9, 1);
	OK("01/9/2025", 2025, 9, 1);
	OK(" 31/12/9999 ", 9999, 12, 31);
	OK("30/04/2024", 2024, 4, 30);
}

static void test_parse_refused_format(void **state)
{
	(void)state;
	REFUSED("", "AAAA-MM-JJ");
	REFUSED("   ", "AAAA-MM-JJ");
	REFUSED("2024-2-01", "AAAA-MM-JJ ou JJ/MM/AAAA");
	REFUSED("2024-02-1", "AAAA-MM-JJ");
	REFUSED("24-02-01", "AAAA-MM-JJ");
	REFUSED("2024/02/01", "AAAA-MM-JJ");
	REFUSED("01-02-2024", "AAAA-MM-JJ");
	REFUSED("1/9/25", "JJ/MM/AAAA");
	REFUSED("001/09/2025", "JJ/MM/AAAA");
	REFUSED("01/009/2025", "JJ/MM/AAAA");
	REFUSED("01/09/02025", "JJ/MM/AAAA");
	REFUSED("2024-02-01x", "AAAA-MM-JJ");
	REFUSED("2024-02-01 12:00", "AAAA-MM-JJ");
	REFUSED("20240201", "AAAA-MM-JJ");
	REFUSED("hier", "AAAA-MM-JJ");
	REFUSED("+2024-02-01", "AAAA-MM-JJ");
	REFUSED("2024 - 02 - 01", "AAAA-MM-JJ");
	REFUSED("1 / 9 / 2025", "AAAA-MM-JJ");
}

static void test_parse_refused_calendar(void **state)
{
	(void)state;
	REFUSED("29/02/2023", "ce jour n'existe pas");
	REFUSED("2023-02-29", "ce jour n'existe pas");
	REFUSED("1900-02-29", "ce jour n'existe pas");
	REFUSED("31/02/2024", "ce jour n'existe pas");
	REFUSED("31/04/2024", "ce jour n'existe pas");
	REFUSED("32/01/2024", "ce jour n'existe pas");
	REFUSED("00/01/2024", "ce jour n'existe pas");
	REFUSED("2024-01-00", "ce jour n'existe pas");
	REFUSED("2024-13-01", "mois");
	REFUSED("2024-00-10", "mois");
	REFUSED("10/13/2024", "mois");
	REFUSED("0999-12-31", "1000 et 9999");
	REFUSED("01/01/0000", "1000 et 9999");
}

static void test_parse_null_outputs(void **state)
{
	(void)state;
	assert_true(date_parse("2024-01-01", NULL, NULL));
	assert_false(date_parse("2024-01-32", NULL, NULL));
	assert_false(date_parse(NULL, NULL, NULL));
}

static void test_leap_years(void **state)
{
	(void)state;
	assert_true(date_is_leap_year(2024));
	assert_true(date_is_leap_year(2000));
	assert_true(date_is_leap_year(2400));
	assert_true(date_is_leap_year(1600));
	assert_false(date_is_leap_year(1900));
	assert_false(date_is_leap_year(2100));
	assert_false(date_is_leap_year(2023));
	assert_false(date_is_leap_year(2026));
}

static void test_days_in_month(void **state)
{
	(void)state;
	static const int expected[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	for (int m = 1; m <= 12; m++)
		assert_int_equal(date_days_in_month(2023, m), expected[m - 1]);
	assert_int_equal(date_days_in_month(2024, 2), 29);
	assert_int_equal(date_days_in_month(1900, 2), 28);
	assert_int_equal(date_days_in_month(2000, 2), 29);
	assert_int_equal(date_days_in_month(2024, 0), 0);
	assert_int_equal(date_days_in_month(2024, 13), 0);
}

static void test_valid(void **state)
{
	(void)state;
	assert_true(date_valid((jalon_date){2024, 2, 29}));
	assert_false(date_valid((jalon_date){2023, 2, 29}));
	assert_false(date_valid(DATE_NONE));
	assert_false(date_valid((jalon_date){2024, 13, 1}));
	assert_false(date_valid((jalon_date){2024, 1, 0}));
	assert_false(date_valid((jalon_date){999, 1, 1}));
	assert_false(date_valid((jalon_date){10000, 1, 1}));
	assert_false(date_is_set(DATE_NONE));
	assert_true(date_is_set((jalon_date){2024, 1, 1}));
}

static void test_days_known_values(void **state)
{
	(void)state;
	assert_int_equal(date_to_days((jalon_date){1970, 1, 1}), 0);
	assert_int_equal(date_to_days((jalon_date){1970, 1, 2}), 1);
	assert_int_equal(date_to_days((jalon_date){1969, 12, 31}), -1);
	assert_int_equal(date_to_days((jalon_date){2000, 3, 1}), 11017);
	assert_int_equal(date_to_days((jalon_date){2024, 2, 29}), 19782);
	assert_int_equal(date_to_days((jalon_date){2026, 11, 22}), 20779);
	assert_int_equal(date_to_days((jalon_date){1900, 3, 1}), -25508);
	assert_int_equal(date_to_days((jalon_date){1000, 1, 1}), -354285);
	assert_int_equal(date_to_days((jalon_date){9999, 12, 31}), 2932896);

	jalon_date d = date_from_days(20779);
	assert_int_equal(d.year, 2026);
	assert_int_equal(d.month, 11);
	assert_int_equal(d.day, 22);
	d = date_from_days(-1);
	assert_int_equal(d.year, 1969);
	assert_int_equal(d.month, 12);
	assert_int_equal(d.day, 31);
	/* A duration: the 2024 leap year has 366 days. */
	assert_int_equal(date_to_days((jalon_date){2025, 1, 1}) -
	                     date_to_days((jalon_date){2024, 1, 1}),
	                 366);
}

/* Every day from 1000-01-01 to 9999-12-31: consecutive counts give consecutive
 * calendar days, and the conversion round-trips. */
static void test_days_round_trip_exhaustive(void **state)
{
	(void)state;
	const int64_t first = date_to_days((jalon_date){1000, 1, 1});
	const int64_t last = date_to_days((jalon_date){9999, 12, 31});
	jalon_date expect = {1000, 1, 1};
	int64_t count = 0;
	for (int64_t n = first; n <= last; n++, count++) {
		jalon_date d = date_from_days(n);
		if (d.year != expect.year || d.month != expect.month || d.day != expect.day)
			fail_msg("day %lld gave %04d-%02d-%02d, expected %04d-%02d-%02d", (long long)n,
			         d.year, d.month, d.day, expect.year, expect.month, expect.day);
		if (date_to_days(d) != n)
			fail_msg("%04d-%02d-%02d did not round-trip to %lld", d.year, d.month, d.day,
			         (long long)n);
		if (!date_valid(d))
			fail_msg("%04d-%02d-%02d not valid", d.year, d.month, d.day);
		/* Next calendar day, counted by hand. */
		if (++expect.day > date_days_in_month(expect.year, expect.month)) {
			expect.day = 1;
			if (++expect.month > 12) {
				expect.month = 1;
				expect.year++;
			}
		}
	}
	assert_int_equal(expect.year, 10000);
	/* 9000 years: 9000 * 365 days plus 2182 leap days. */
	assert_int_equal(count, 3287182);
}

static void test_compare(void **state)
{
	(void)state;
	jalon_date a = {2024, 3, 15};
	assert_int_equal(date_compare(a, a), 0);
	assert_true(date_compare(a, (jalon_date){2024, 3, 16}) < 0);
	assert_true(date_compare(a, (jalon_date){2024, 4, 1}) < 0);
	assert_true(date_compare(a, (jalon_date){2025, 1, 1}) < 0);
	assert_true(date_compare(a, (jalon_date){2023, 12, 31}) > 0);
	assert_true(date_compare(a, (jalon_date){2024, 2, 29}) > 0);
	assert_true(date_compare(a, (jalon_date){2024, 3, 14}) > 0);
	/* Unset dates sort before set ones. */
	assert_true(date_compare(DATE_NONE, a) < 0);
	assert_true(date_compare(a, DATE_NONE) > 0);
	assert_true(date_compare(DATE_NONE, (jalon_date){1000, 1, 1}) < 0);
	assert_int_equal(date_compare(DATE_NONE, DATE_NONE), 0);
}

static void test_format(void **state)
{
	(void)state;
	char out[11];
	date_format_iso((jalon_date){2026, 11, 22}, out);
	assert_string_equal(out, "2026-11-22");
	date_format_fr((jalon_date){2026, 11, 22}, out);
	assert_string_equal(out, "22/11/2026");
	date_format_iso((jalon_date){2025, 9, 1}, out);
	assert_string_equal(out, "2025-09-01");
	date_format_fr((jalon_date){2025, 9, 1}, out);
	assert_string_equal(out, "01/09/2025");
	date_format_iso((jalon_date){1000, 1, 1}, out);
	assert_string_equal(out, "1000-01-01");
	date_format_fr((jalon_date){9999, 12, 31}, out);
	assert_string_equal(out, "31/12/9999");

	memcpy(out, "xxxxxxxxxx", 11);
	date_format_iso(DATE_NONE, out);
	assert_string_equal(out, "");
	memcpy(out, "xxxxxxxxxx", 11);
	date_format_fr(DATE_NONE, out);
	assert_string_equal(out, "");
}

static void test_format_parse_round_trip(void **state)
{
	(void)state;
	char iso[11], fr[11];
	for (int64_t n = date_to_days((jalon_date){2020, 1, 1});
	     n <= date_to_days((jalon_date){2030, 12, 31}); n++) {
		jalon_date d = date_from_days(n), back;
		date_format_iso(d, iso);
		date_format_fr(d, fr);
		assert_true(date_parse(iso, &back, NULL));
		assert_int_equal(date_compare(d, back), 0);
		assert_true(date_parse(fr, &back, NULL));
		assert_int_equal(date_compare(d, back), 0);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_iso),
		cmocka_unit_test(test_parse_fr),
		cmocka_unit_test(test_parse_refused_format),
		cmocka_unit_test(test_parse_refused_calendar),
		cmocka_unit_test(test_parse_null_outputs),
		cmocka_unit_test(test_leap_years),
		cmocka_unit_test(test_days_in_month),
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_days_known_values),
		cmocka_unit_test(test_days_round_trip_exhaustive),
		cmocka_unit_test(test_compare),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_format_parse_round_trip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
