/*
 * test_page_cache.c — unit tests for the cache of rendered pages (web/page_cache.c).
 *
 * What matters: a page comes back byte for byte, with the asking browser's CSRF token
 * where the first browser's stood and the ETag it is given; a page is found only under
 * its own key; the byte limit holds, the least recently used going first; what cannot be
 * kept (too large, not a 200, the token too often) is not.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "util/arena.h"
#include "web/page_cache.h"

#define TOKEN_A "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#define TOKEN_B "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

/* web_header is the server's; the cache only appends through it. */
void web_header(web_response *rs, arena *a, const char *name, const char *value)
{
	if (rs->header_count == WEB_MAX_HEADERS)
		return;
	rs->header_names[rs->header_count] = arena_strdup(a, name);
	rs->header_values[rs->header_count++] = arena_strdup(a, value);
}

static web_response page(arena *a, const char *body)
{
	web_response rs = {.status = 200, .content_type = "text/html; charset=utf-8"};
	buf_puts(&rs.body, body);
	web_header(&rs, a, "Set-Cookie", "jalon_lang=fr"); /* set by the server before */
	web_header(&rs, a, "ETag", "W/\"stem-1\"");
	return rs;
}

static void test_hit_writes_the_askers_token(void **state)
{
	(void)state;
	arena *a = arena_new();
	page_cache *c = page_cache_new(1 << 20);
	web_response first = page(a, "<form><input name=\"csrf\" value=\"" TOKEN_A "\"></form>"
	                             "<p>" TOKEN_A "</p>");
	page_cache_put(c, "/plans/demo/dashboard stem", &first, 1, TOKEN_A);
	buf_free(&first.body);

	web_request rq = {.arena = a, .csrf_token = TOKEN_B};
	web_response rs = {.status = 200};
	assert_true(page_cache_get(c, "/plans/demo/dashboard stem", &rq, &rs, "W/\"stem-b\""));
	buf_putc(&rs.body, '\0');
	assert_string_equal(rs.body.data, "<form><input name=\"csrf\" value=\"" TOKEN_B "\"></form>"
	                                  "<p>" TOKEN_B "</p>");
	assert_string_equal(rs.content_type, "text/html; charset=utf-8");
	/* Only the handler's headers come back (the server sets its own), the ETag given. */
	assert_int_equal(rs.header_count, 1);
	assert_string_equal(rs.header_names[0], "ETag");
	assert_string_equal(rs.header_values[0], "W/\"stem-b\"");
	buf_free(&rs.body);

	/* Another key: a miss. */
	web_response miss = {.status = 200};
	assert_false(page_cache_get(c, "/plans/demo/dashboard other", &rq, &miss, NULL));
	page_cache_stats s = page_cache_stats_of(c);
	assert_int_equal(s.hits, 1);
	assert_int_equal(s.misses, 1);
	assert_int_equal(s.entries, 1);
	page_cache_free(c);
	arena_free(a);
}

static void test_what_is_not_kept(void **state)
{
	(void)state;
	arena *a = arena_new();
	page_cache *c = page_cache_new(8 * 1024);
	web_request rq = {.arena = a, .csrf_token = TOKEN_B};
	/* Larger than an eighth of the cache. */
	char big[2048];
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	web_response large = page(a, big);
	page_cache_put(c, "large", &large, 1, TOKEN_A);
	/* Not a 200. */
	web_response missing = page(a, "introuvable");
	missing.status = 404;
	page_cache_put(c, "missing", &missing, 1, TOKEN_A);
	/* The token too often. */
	char many[64 * 40 + 1] = "";
	for (int i = 0; i < 40; i++)
		strcat(many, TOKEN_A);
	web_response tokens = page(a, many);
	page_cache_put(c, "tokens", &tokens, 1, TOKEN_A);
	web_response out = {.status = 200};
	assert_false(page_cache_get(c, "large", &rq, &out, NULL));
	assert_false(page_cache_get(c, "missing", &rq, &out, NULL));
	assert_false(page_cache_get(c, "tokens", &rq, &out, NULL));
	assert_int_equal(page_cache_stats_of(c).entries, 0);
	/* No cache at all. */
	assert_null(page_cache_new(0));
	assert_false(page_cache_get(NULL, "large", &rq, &out, NULL));
	page_cache_put(NULL, "large", &large, 1, TOKEN_A);
	buf_free(&large.body);
	buf_free(&missing.body);
	buf_free(&tokens.body);
	page_cache_free(c);
	arena_free(a);
}

static void test_least_recently_used_goes_first(void **state)
{
	(void)state;
	arena *a = arena_new();
	page_cache *c = page_cache_new(16 * 1024);
	web_request rq = {.arena = a, .csrf_token = TOKEN_B};
	char body[1500];
	memset(body, 'p', sizeof(body) - 1);
	body[sizeof(body) - 1] = '\0';
	char key[32];
	for (int i = 0; i < 20; i++) {
		snprintf(key, sizeof(key), "page-%d", i);
		web_response rs = page(a, body);
		page_cache_put(c, key, &rs, 1, TOKEN_A);
		buf_free(&rs.body);
		/* page-0 is read after each put: the most recently used, it stays. */
		web_response out = {.status = 200};
		assert_true(page_cache_get(c, "page-0", &rq, &out, NULL));
		buf_free(&out.body);
	}
	page_cache_stats s = page_cache_stats_of(c);
	assert_true(s.bytes <= 16 * 1024 + 2048);
	assert_true(s.evictions > 0);
	web_response out = {.status = 200};
	assert_true(page_cache_get(c, "page-0", &rq, &out, NULL));
	buf_free(&out.body);
	assert_false(page_cache_get(c, "page-1", &rq, &out, NULL)); /* the oldest went */
	assert_true(page_cache_get(c, "page-19", &rq, &out, NULL));
	buf_free(&out.body);
	page_cache_free(c);
	arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hit_writes_the_askers_token),
		cmocka_unit_test(test_what_is_not_kept),
		cmocka_unit_test(test_least_recently_used_goes_first),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
