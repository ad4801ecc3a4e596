/*
 * test_arena.c — unit tests for util/arena.c: many small allocations, alignment,
 * zero filling, large blocks, string helpers and realloc.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "util/arena.h"

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

static void test_new_is_empty(void **state)
{
	arena *a = *state;
	assert_non_null(a);
	assert_int_equal(arena_used(a), 0);
	arena_free(NULL); /* allowed, does nothing */
}

/* Many allocations of varied sizes, each filled with its own pattern: none
 * overlaps another, and all survive until arena_free. */
static void test_many_allocations(void **state)
{
	arena *a = *state;
	enum { N = 20000 };
	static unsigned char *ptrs[N];
	static size_t sizes[N];
	for (size_t i = 0; i < N; i++) {
		sizes[i] = 1 + (i * 7919) % 300;
		ptrs[i] = arena_alloc(a, sizes[i]);
		assert_non_null(ptrs[i]);
		memset(ptrs[i], (int)(i & 0xff), sizes[i]);
	}
	for (size_t i = 0; i < N; i++)
		for (size_t j = 0; j < sizes[i]; j++)
			if (ptrs[i][j] != (unsigned char)(i & 0xff))
				fail_msg("allocation %zu overwritten at byte %zu", i, j);
	assert_true(arena_used(a) >= N);
}

static void test_alignment(void **state)
{
	arena *a = *state;
	const size_t align = _Alignof(max_align_t);
	for (size_t size = 0; size <= 130; size++) {
		void *p = arena_alloc(a, size);
		assert_non_null(p);
		assert_int_equal((uintptr_t)p % align, 0);
	}
	void *big = arena_alloc(a, 1 << 20);
	assert_int_equal((uintptr_t)big % align, 0);
	char *s = arena_strdup(a, "x");
	(void)s;
	double *d = arena_alloc(a, sizeof(double) * 3);
	assert_int_equal((uintptr_t)d % _Alignof(double), 0);
	long double *ld = arena_alloc(a, sizeof(long double));
	assert_int_equal((uintptr_t)ld % _Alignof(long double), 0);
}

static void test_zero_filled(void **state)
{
	arena *a = *state;
	for (size_t size = 1; size < 5000; size += 97) {
		unsigned char *p = arena_alloc(a, size);
		for (size_t i = 0; i < size; i++)
			assert_int_equal(p[i], 0);
		memset(p, 0xAA, size);
	}
	unsigned char *big = arena_alloc(a, 300000);
	for (size_t i = 0; i < 300000; i++)
		if (big[i] != 0)
			fail_msg("large block not zero at %zu", i);
}

static void test_zero_size(void **state)
{
	arena *a = *state;
	void *p = arena_alloc(a, 0);
	void *q = arena_alloc(a, 0);
	assert_non_null(p);
	assert_non_null(q);
	assert_ptr_not_equal(p, q);
}

static void test_large_allocations(void **state)
{
	arena *a = *state;
	char *small = arena_strdup(a, "avant");
	size_t before = arena_used(a);
	char *big = arena_alloc(a, 10u << 20);
	assert_non_null(big);
	memset(big, 'z', 10u << 20);
	assert_true(arena_used(a) >= before + (10u << 20));
	char *after = arena_strdup(a, "après");
	char *big2 = arena_alloc(a, 100000);
	memset(big2, 'y', 100000);
	assert_string_equal(small, "avant");
	assert_string_equal(after, "après");
	assert_int_equal(big[0], 'z');
	assert_int_equal(big[(10u << 20) - 1], 'z');
	assert_int_equal(big2[99999], 'y');
}

static void test_strings(void **state)
{
	arena *a = *state;
	const char *src = "Schéma directeur";
	char *s = arena_strdup(a, src);
	assert_string_equal(s, src);
	assert_ptr_not_equal(s, src);
	assert_null(arena_strdup(a, NULL));
	assert_string_equal(arena_strdup(a, ""), "");
	assert_string_equal(arena_strndup(a, "abcdef", 3), "abc");
	assert_string_equal(arena_strndup(a, "abc", 0), "");
	char *p = arena_printf(a, "%s:%d: %s", "plan.csv", 12, "montant invalide");
	assert_string_equal(p, "plan.csv:12: montant invalide");
	assert_string_equal(arena_printf(a, "%s", ""), "");
	assert_string_equal(arena_printf(a, "%05.1f|%-3s|%c", 3.14159, "a", 'z'), "003.1|a  |z");
}

static void test_printf_long(void **state)
{
	arena *a = *state;
	/* Longer than a whole block. */
	char *p = arena_printf(a, "%0200000d", 7);
	assert_int_equal(strlen(p), 200000);
	assert_int_equal(p[0], '0');
	assert_int_equal(p[199999], '7');
}

static void test_arena_realloc(void **state)
{
	arena *a = *state;
	int *v = NULL;
	size_t cap = 0;
	for (int i = 0; i < 10000; i++) {
		if ((size_t)i == cap) {
			size_t ncap = cap ? cap * 2 : 4;
			v = arena_realloc(a, v, cap * sizeof(*v), ncap * sizeof(*v));
			/* The new part is zero-filled. */
			for (size_t j = cap; j < ncap; j++)
				assert_int_equal(v[j], 0);
			cap = ncap;
		}
		v[i] = i * 3;
	}
	for (int i = 0; i < 10000; i++)
		assert_int_equal(v[i], i * 3);

	/* Shrinking keeps the block. */
	char *s = arena_strdup(a, "contenu préservé");
	char *t = arena_realloc(a, s, strlen(s) + 1, 4);
	assert_ptr_equal(s, t);
	/* Growing copies the old bytes. */
	char *u = arena_realloc(a, s, strlen(s) + 1, 1000);
	assert_string_equal(u, "contenu préservé");
	/* From nothing. */
	char *w = arena_realloc(a, NULL, 0, 16);
	assert_non_null(w);
	assert_int_equal(w[15], 0);
}

static void test_used_grows(void **state)
{
	arena *a = *state;
	size_t u0 = arena_used(a);
	arena_alloc(a, 10);
	size_t u1 = arena_used(a);
	assert_true(u1 >= u0 + 10);
	arena_alloc(a, 1000);
	assert_true(arena_used(a) >= u1 + 1000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_new_is_empty, setup, teardown),
		cmocka_unit_test_setup_teardown(test_many_allocations, setup, teardown),
		cmocka_unit_test_setup_teardown(test_alignment, setup, teardown),
		cmocka_unit_test_setup_teardown(test_zero_filled, setup, teardown),
		cmocka_unit_test_setup_teardown(test_zero_size, setup, teardown),
		cmocka_unit_test_setup_teardown(test_large_allocations, setup, teardown),
		cmocka_unit_test_setup_teardown(test_strings, setup, teardown),
		cmocka_unit_test_setup_teardown(test_printf_long, setup, teardown),
		cmocka_unit_test_setup_teardown(test_arena_realloc, setup, teardown),
		cmocka_unit_test_setup_teardown(test_used_grows, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
