/*
 * fuzz_auth.c — libFuzzer target for the pure helpers of sign-in and access
 * (web/auth.h, store/account_store.h, core/access.h): what a browser or a proxy sends
 * them is anybody's choice.
 *
 * The input is cut into parts at NUL bytes: next, peer, X-Forwarded-For, cookie
 * value, login, label (a missing part is an empty string; peer and X-Forwarded-For
 * also go in as NULL when empty). Invariants:
 * - web_auth_safe_next: "/" or the input itself; starts with "/", never "//" nor "/\",
 *   no control character nor backslash anywhere, never the sign-in pages;
 * - web_auth_client_address (trusted proxies 127.0.0.1, ::1, 10.0.0.1): the peer when
 *   the peer is not trusted or the header is absent; otherwise the peer or an address
 *   inet_pton reads, taken from the header and not itself a trusted proxy;
 * - web_auth_cookie_token: NULL, or exactly the input when it is 64 lower-case hex digits;
 * - account_login_normalise: NULL, or 1 to 64 characters among a-z 0-9 . _ - @, and
 *   normalising it again gives it back;
 * - access_label_fold: NULL or a non-empty text without a space at either end, no two
 *   spaces in a row, no tab or line break, and no upper-case ASCII letter.
 * Built as a libFuzzer binary with -Dfuzzing=true, or linked with replay.c to replay
 * fuzz/corpus/auth in the test suite.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/access.h"
#include "fuzz_harness.h"
#include "store/account_store.h"
#include "util/arena.h"
#include "util/diag.h"
#include "web/auth.h"

#define PARTS 6

static const char *const trusted[] = {"127.0.0.1", "::1", "10.0.0.1"};
#define TRUSTED_COUNT (sizeof(trusted) / sizeof(trusted[0]))

static bool is_trusted(const char *s)
{
	for (size_t i = 0; i < TRUSTED_COUNT; i++)
		if (strcmp(trusted[i], s) == 0)
			return true;
	return false;
}

static bool address_valid(const char *s)
{
	unsigned char scratch[sizeof(struct in6_addr)];
	return inet_pton(AF_INET, s, scratch) == 1 || inet_pton(AF_INET6, s, scratch) == 1;
}

static void check_next(const char *next)
{
	const char *r = web_auth_safe_next(next);
	CHECK(r);
	CHECK(r[0] == '/');
	CHECK(r[1] != '/' && r[1] != '\\');
	CHECK(strcmp(r, "/") == 0 || r == next);
	for (const unsigned char *p = (const unsigned char *)r; *p; p++)
		CHECK(*p >= 0x20 && *p != 0x7f && *p != '\\');
	CHECK(strncmp(r, "/login", 6) != 0 && strncmp(r, "/logout", 7) != 0);
}

static void check_address(arena *a, const char *peer, const char *forwarded)
{
	const char *r = web_auth_client_address(a, peer, forwarded, trusted, TRUSTED_COUNT);
	const char *p = peer ? peer : "";
	CHECK(r);
	if (!forwarded || !is_trusted(p)) {
		CHECK(strcmp(r, p) == 0);
		return;
	}
	if (strcmp(r, p) == 0)
		return;
	CHECK(address_valid(r));
	CHECK(!is_trusted(r));
	CHECK(strstr(forwarded, r) != NULL);
}

static void check_cookie(arena *a, const char *value)
{
	const char *r = web_auth_cookie_token(a, value);
	bool well_formed = strlen(value) == 64 && strspn(value, "0123456789abcdef") == 64;
	CHECK(well_formed == (r != NULL));
	if (r)
		CHECK(strcmp(r, value) == 0);
}

static void check_login(arena *a, const char *login)
{
	diag_list d;
	diag_init(&d, a);
	const char *r = account_login_normalise(a, login, &d);
	if (!r) {
		CHECK(d.count > 0);
		return;
	}
	size_t n = strlen(r);
	CHECK(n >= 1 && n <= 64);
	CHECK(strspn(r, "abcdefghijklmnopqrstuvwxyz0123456789._-@") == n);
	diag_list again;
	diag_init(&again, a);
	const char *twice = account_login_normalise(a, r, &again);
	CHECK(twice && strcmp(twice, r) == 0);
}

static void check_label(arena *a, const char *label)
{
	const char *r = access_label_fold(a, label);
	if (!r)
		return;
	size_t n = strlen(r);
	CHECK(n > 0);
	CHECK(r[0] != ' ' && r[n - 1] != ' ');
	CHECK(strstr(r, "  ") == NULL);
	CHECK(strpbrk(r, "\t\r\nABCDEFGHIJKLMNOPQRSTUVWXYZ") == NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* A copy with a NUL at the end: each part is then a C string of its own. */
	char *copy = malloc(size + 1);
	CHECK(copy);
	memcpy(copy, data, size);
	copy[size] = '\0';
	const char *parts[PARTS];
	const char *at = copy, *end = copy + size;
	for (size_t i = 0; i < PARTS; i++) {
		if (at <= end) {
			parts[i] = at;
			at += strlen(at) + 1;
		} else {
			parts[i] = "";
		}
	}
	arena *a = arena_new();
	check_next(parts[0]);
	check_address(a, parts[1], parts[2]);
	check_address(a, *parts[1] ? parts[1] : NULL, *parts[2] ? parts[2] : NULL);
	check_cookie(a, parts[3]);
	check_login(a, parts[4]);
	check_label(a, parts[5]);
	/* Every part through every helper: what is a cookie in one input is a next in another. */
	for (size_t i = 0; i < PARTS; i++) {
		check_next(parts[i]);
		check_cookie(a, parts[i]);
		check_login(a, parts[i]);
		check_label(a, parts[i]);
	}
	arena_free(a);
	free(copy);
	return 0;
}
