/*
 * test_buf.c — unit tests for util/buf.c: appending, printf growth, reset and free.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "util/buf.h"

static void test_append(void **state)
{
	(void)state;
	buf b = {0};
	buf_append(&b, "abc", 3);
	assert_int_equal(b.len, 3);
	assert_string_equal(b.data, "abc");
	buf_puts(&b, "déf");
	assert_int_equal(b.len, 7);
	assert_string_equal(b.data, "abcdéf");
	buf_putc(&b, ';');
	buf_putc(&b, '\n');
	assert_string_equal(b.data, "abcdéf;\n");
	assert_int_equal(b.len, 9);
	assert_true(b.cap > b.len);
	buf_free(&b);
}

static void test_append_empty_and_binary(void **state)
{
	(void)state;
	buf b = {0};
	buf_append(&b, "", 0);
	assert_non_null(b.data);
	assert_int_equal(b.len, 0);
	assert_string_equal(b.data, "");
	buf_puts(&b, "");
	assert_string_equal(b.data, "");
	buf_append(&b, "a\0b", 3);
	assert_int_equal(b.len, 3);
	assert_memory_equal(b.data, "a\0b", 4); /* bytes kept, NUL after them */
	buf_free(&b);
}

static void test_growth(void **state)
{
	(void)state;
	buf b = {0};
	for (int i = 0; i < 10000; i++)
		buf_putc(&b, (char)('a' + i % 26));
	assert_int_equal(b.len, 10000);
	assert_int_equal(strlen(b.data), 10000);
	for (int i = 0; i < 10000; i++)
		assert_int_equal(b.data[i], 'a' + i % 26);
	assert_true(b.cap >= 10001);
	buf_free(&b);
}

static void test_printf(void **state)
{
	(void)state;
	buf b = {0};
	buf_printf(&b, "%s:%d: %s", "plan.csv", 7, "date invalide");
	assert_string_equal(b.data, "plan.csv:7: date invalide");
	assert_int_equal(b.len, strlen("plan.csv:7: date invalide"));
	buf_printf(&b, " (%03d)", 5);
	assert_string_equal(b.data, "plan.csv:7: date invalide (005)");
	buf_free(&b);
}

static void test_printf_growth(void **state)
{
	(void)state;
	buf b = {0};
	buf_puts(&b, "début|");
	/* Far beyond the initial capacity in one call. */
	buf_printf(&b, "%050000d|", 42);
	assert_int_equal(b.len, strlen("début|") + 50001);
	assert_int_equal(strlen(b.data), b.len);
	assert_memory_equal(b.data, "début|000", 10);
	assert_memory_equal(b.data + b.len - 3, "42|", 4);
	/* Many small ones. */
	buf_reset(&b);
	for (int i = 0; i < 5000; i++)
		buf_printf(&b, "%d;", i % 10);
	assert_int_equal(b.len, 10000);
	assert_memory_equal(b.data, "0;1;2;", 6);
	assert_memory_equal(b.data + 9996, "8;9;", 5);
	buf_free(&b);
}

static void test_reset(void **state)
{
	(void)state;
	buf b = {0};
	buf_reset(&b); /* on a never-used buffer */
	assert_int_equal(b.len, 0);
	buf_puts(&b, "premier contenu");
	size_t cap = b.cap;
	char *data = b.data;
	buf_reset(&b);
	assert_int_equal(b.len, 0);
	assert_string_equal(b.data, "");
	assert_int_equal(b.cap, cap);       /* memory kept for reuse */
	assert_ptr_equal(b.data, data);
	buf_puts(&b, "second");
	assert_string_equal(b.data, "second");
	assert_int_equal(b.len, 6);
	buf_free(&b);
}

static void test_buf_free(void **state)
{
	(void)state;
	buf b = {0};
	buf_puts(&b, "x");
	buf_free(&b);
	assert_null(b.data);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.cap, 0);
	buf_free(&b); /* twice is harmless */
	buf_puts(&b, "reused");
	assert_string_equal(b.data, "reused");
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_append),
		cmocka_unit_test(test_append_empty_and_binary),
		cmocka_unit_test(test_growth),
		cmocka_unit_test(test_printf),
		cmocka_unit_test(test_printf_growth),
		cmocka_unit_test(test_reset),
		cmocka_unit_test(test_buf_free),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
