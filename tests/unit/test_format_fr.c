/*
 * test_format_fr.c — French number formats for output (util/format_fr.c).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <stdlib.h>
#include <time.h>

#include "util/format_fr.h"

static void test_money(void **state)
{
	arena *a = arena_new();
	/* Narrow no-break spaces between thousands, a no-break space before €. */
	assert_string_equal(format_fr_money(a, 123456789), "1\u202f234\u202f567,89\u00a0€");
	assert_string_equal(format_fr_money(a, -5), "-0,05\u00a0€");
	arena_free(a);
}

static void test_percent(void **state)
{
	arena *a = arena_new();
	assert_string_equal(format_fr_percent(a, true, 42.46, false), "42,5\u00a0%");
	assert_string_equal(format_fr_percent(a, true, 3.3333, true), "+3,3\u00a0%");
	assert_string_equal(format_fr_percent(a, true, -12.0, true), "-12,0\u00a0%");
	assert_string_equal(format_fr_percent(a, true, 0.0, true), "+0,0\u00a0%");
	assert_string_equal(format_fr_percent(a, false, 99.0, false), "—");
	arena_free(a);
}

static void test_stamp(void **state)
{
	(void)state;
	arena *a = arena_new();
	/* Read in the local time of the test run: Europe/Paris in winter is UTC+1. */
	setenv("TZ", "CET-1CEST,M3.5.0,M10.5.0/3", 1); /* no tzdata needed */
	tzset();
	assert_string_equal(format_fr_stamp(a, "2026-11-22T09:30:00Z"), "22/11/2026 10:30");
	assert_string_equal(format_fr_stamp(a, "2026-07-01T22:15:00Z"), "02/07/2026 00:15");
	assert_string_equal(format_fr_stamp(a, "hier"), "hier");
	assert_string_equal(format_fr_stamp(a, NULL), "—");
	arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_money),
		cmocka_unit_test(test_percent),
		cmocka_unit_test(test_stamp),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
