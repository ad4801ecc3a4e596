/*
 * test_diag.c — unit tests for util/diag.c: collecting errors up to a limit,
 * stable sorting by line, and the `FILE:LINE: message` output.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "util/arena.h"
#include "util/diag.h"

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

/* Prints d into a memory stream and returns the text (malloc'd). */
static char *print_to_string(const diag_list *d)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	assert_non_null(f);
	diag_print(d, f);
	assert_int_equal(fclose(f), 0);
	return text;
}

static void test_empty(void **state)
{
	diag_list d;
	diag_init(&d, *state);
	assert_false(diag_has_errors(&d));
	assert_int_equal(diag_total(&d), 0);
	assert_int_equal(d.count, 0);
	assert_int_equal(d.dropped, 0);
	assert_int_equal(d.limit, DIAG_DEFAULT_LIMIT);
	char *text = print_to_string(&d);
	assert_string_equal(text, "");
	free(text);
}

static void test_add(void **state)
{
	diag_list d;
	diag_init(&d, *state);
	diag_add(&d, "plan.csv", 4, "montant « %s » invalide : %s", "12,345",
	         "plus de deux décimales");
	assert_true(diag_has_errors(&d));
	assert_int_equal(d.count, 1);
	assert_int_equal(diag_total(&d), 1);
	assert_string_equal(d.items[0].file, "plan.csv");
	assert_int_equal(d.items[0].line, 4);
	assert_string_equal(d.items[0].message,
	                    "montant « 12,345 » invalide : plus de deux décimales");
}

static void test_many_kept(void **state)
{
	diag_list d;
	diag_init(&d, *state);
	for (int i = 1; i <= DIAG_DEFAULT_LIMIT; i++)
		diag_add(&d, "f.csv", i, "erreur %d", i);
	assert_int_equal(d.count, DIAG_DEFAULT_LIMIT);
	assert_int_equal(d.dropped, 0);
	for (int i = 1; i <= DIAG_DEFAULT_LIMIT; i++) {
		char expect[32];
		snprintf(expect, sizeof(expect), "erreur %d", i);
		assert_string_equal(d.items[i - 1].message, expect);
		assert_int_equal(d.items[i - 1].line, i);
	}
	diag_add(&d, "f.csv", 1000, "une de trop");
	assert_int_equal(d.count, DIAG_DEFAULT_LIMIT);
	assert_int_equal(d.dropped, 1);
	assert_int_equal(diag_total(&d), DIAG_DEFAULT_LIMIT + 1);
}

static void test_limit_and_dropped(void **state)
{
	diag_list d;
	diag_init(&d, *state);
	d.limit = 3;
	for (int i = 1; i <= 5; i++)
		diag_add(&d, "plan.csv", i, "erreur %d", i);
	assert_int_equal(d.count, 3);
	assert_int_equal(d.dropped, 2);
	assert_int_equal(diag_total(&d), 5);
	assert_true(diag_has_errors(&d));
	assert_string_equal(d.items[2].message, "erreur 3");
	char *text = print_to_string(&d);
	assert_string_equal(text, "plan.csv:1: erreur 1\n"
	                          "plan.csv:2: erreur 2\n"
	                          "plan.csv:3: erreur 3\n"
	                          "… et 2 autres erreurs non affichées\n");
	free(text);
}

static void test_limit_zero_only_counts(void **state)
{
	diag_list d;
	diag_init(&d, *state);
	d.limit = 0;
	diag_add(&d, "x", 1, "a");
	assert_int_equal(d.count, 0);
	assert_int_equal(d.dropped, 1);
	assert_true(diag_has_errors(&d));
}

static void test_sort_stable(void **state)
{
	diag_list d;
	diag_init(&d, *state);
	diag_add(&d, "p.csv", 5, "a");
	diag_add(&d, "p.csv", 2, "b");
	diag_add(&d, "p.csv", 5, "c");
	diag_add(&d, "p.csv", 0, "d");
	diag_add(&d, "p.csv", 2, "e");
	diag_add(&d, "p.csv", 9, "f");
	diag_add(&d, "p.csv", 0, "g");
	diag_add(&d, "p.csv", 5, "h");
	diag_sort(&d);
	const char *order = "dgbeachf";
	const int lines[] = {0, 0, 2, 2, 5, 5, 5, 9};
	for (size_t i = 0; i < 8; i++) {
		assert_int_equal(d.items[i].message[0], order[i]);
		assert_int_equal(d.items[i].line, lines[i]);
	}
}

static void test_sort_many(void **state)
{
	diag_list d;
	diag_init(&d, *state);
	for (int i = 0; i < 90; i++)
		diag_add(&d, "p.csv", (i * 37) % 10, "%d", i);
	diag_sort(&d);
	for (size_t i = 1; i < d.count; i++) {
		assert_true(d.items[i - 1].line <= d.items[i].line);
		if (d.items[i - 1].line == d.items[i].line)
			assert_true(atoi(d.items[i - 1].message) < atoi(d.items[i].message));
	}
}

static void test_print_format(void **state)
{
	diag_list d;
	diag_init(&d, *state);
	diag_add(&d, "plan.csv", 3, "montant invalide");
	diag_add(&d, "plan.csv", 0, "fichier vide");
	diag_add(&d, "actions.csv", 12, "date « %s » invalide", "31/02/2024");
	char *text = print_to_string(&d);
	assert_string_equal(text, "plan.csv:3: montant invalide\n"
	                          "plan.csv: fichier vide\n"
	                          "actions.csv:12: date « 31/02/2024 » invalide\n");
	free(text);
}

static void test_print_without_file(void **state)
{
	diag_list d;
	diag_init(&d, *state);
	diag_add(&d, NULL, 0, "base de données verrouillée");
	char *text = print_to_string(&d);
	assert_string_equal(text, "jalon: base de données verrouillée\n");
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_empty, setup, teardown),
		cmocka_unit_test_setup_teardown(test_add, setup, teardown),
		cmocka_unit_test_setup_teardown(test_many_kept, setup, teardown),
		cmocka_unit_test_setup_teardown(test_limit_and_dropped, setup, teardown),
		cmocka_unit_test_setup_teardown(test_limit_zero_only_counts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sort_stable, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sort_many, setup, teardown),
		cmocka_unit_test_setup_teardown(test_print_format, setup, teardown),
		cmocka_unit_test_setup_teardown(test_print_without_file, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
