/*
 * page_cache.h — rendered pages kept in front of the handlers (cgit's model, CRAFT.md).
 *
 * A plan's page is a function of what its weak ETag names (auth.h: the plan's data
 * version, the audit log's last row, the day, the language, who asks and the browser's
 * CSRF token, the server's start) and of its address. So a 200 the handler sent with
 * that ETag is kept under "address + ETag", and the next request that computes the same
 * ETag gets the same bytes without rendering: one indexed query instead of dozens. Any
 * change of the plan changes the ETag, so a stale copy is never found again; it ages out
 * of the cache (least recently used first) within the byte limit.
 *
 * The browser's CSRF token is in the ETag (a page revisited must carry the token the
 * browser holds) but not in the key: a page is kept with the places where the token
 * stood, and each hit writes the asking browser's token there. Every browser thus
 * shares one copy of a page, and a first visit (a fresh token) is a hit too.
 *
 * Used by server.c on its one thread; no lock.
 */
#ifndef JALON_PAGE_CACHE_H
#define JALON_PAGE_CACHE_H

#include <stdbool.h>
#include <stddef.h>

#include "web/http.h"

typedef struct page_cache page_cache;

/* A cache holding at most max_bytes of pages (bodies and headers); NULL: none. */
page_cache *page_cache_new(size_t max_bytes);
void page_cache_free(page_cache *c);

/* The key of the request's page given the stem of its ETag (all but the CSRF token's
 * part): method-blind (HEAD reads GET's page), the path and every query argument in
 * order, then the stem. From the arena. */
const char *page_cache_key(web_request *rq, const char *stem);

/* A hit: rs gets the kept status, content type, body (with rq->csrf_token where the
 * token stood) and the headers the handler had added, the ETag given in place of the
 * kept one. */
bool page_cache_get(page_cache *c, const char *key, web_request *rq, web_response *rs,
                    const char *etag);
/* Keep rs (a 200 with a body) under key: its content type, body (and where token stands
 * in it), and its headers from index header_base on. Pages larger than an eighth of the
 * cache, or holding the token more than 32 times, are not kept. */
void page_cache_put(page_cache *c, const char *key, const web_response *rs, size_t header_base,
                    const char *token);

/* What the cache holds and did, for the benchmarks. */
typedef struct {
	size_t entries, bytes, hits, misses, evictions;
} page_cache_stats;
page_cache_stats page_cache_stats_of(const page_cache *c);

#endif
