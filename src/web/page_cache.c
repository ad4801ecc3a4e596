/*
 * page_cache.c — rendered pages kept by address and ETag (page_cache.h).
 *
 * A few hundred entries at most: a linear scan comparing 64-bit hashes first costs less
 * than rendering a page by three orders of magnitude, and keeps the code short.
 */
#include "web/page_cache.h"

#include <microhttpd.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/buf.h"
#include "util/text.h"

#define PAGE_CACHE_SLOTS 256
#define PAGE_CACHE_TOKENS 32

typedef struct {
	uint64_t hash;
	char *key;
	char *content_type;
	char *body;
	size_t body_len;
	size_t token_len;                      /* the CSRF token's length (64) */
	size_t token_count;                    /* places where it stood */
	size_t token_at[PAGE_CACHE_TOKENS];
	size_t header_count;
	char *header_names[WEB_MAX_HEADERS];
	char *header_values[WEB_MAX_HEADERS];
	size_t bytes;      /* everything this entry holds */
	uint64_t used;     /* the clock at its last use */
} page_entry;

struct page_cache {
	size_t max_bytes, bytes;
	uint64_t clock;
	page_entry slots[PAGE_CACHE_SLOTS];
	page_cache_stats stats;
};


page_cache *page_cache_new(size_t max_bytes)
{
	if (!max_bytes)
		return NULL;
	page_cache *c = calloc(1, sizeof(*c));
	if (!c)
		abort();
	c->max_bytes = max_bytes;
	return c;
}

static void entry_clear(page_cache *c, page_entry *e)
{
	free(e->key);
	free(e->content_type);
	free(e->body);
	for (size_t i = 0; i < e->header_count; i++) {
		free(e->header_names[i]);
		free(e->header_values[i]);
	}
	c->bytes -= e->bytes;
	memset(e, 0, sizeof(*e));
}

void page_cache_free(page_cache *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < PAGE_CACHE_SLOTS; i++)
		if (c->slots[i].key)
			entry_clear(c, &c->slots[i]);
	free(c);
}

typedef struct {
	buf *b;
	bool first;
} key_state;

static enum MHD_Result append_argument(void *cls, enum MHD_ValueKind kind, const char *key,
                                       const char *value)
{
	key_state *k = cls;
	buf_puts(k->b, k->first ? "?" : "&");
	buf_puts(k->b, key);
	if (value) {
		buf_puts(k->b, "=");
		buf_puts(k->b, value);
	}
	k->first = false;
	return MHD_YES;
}

const char *page_cache_key(web_request *rq, const char *stem)
{
	buf b = {0};
	buf_puts(&b, rq->path);
	key_state k = {&b, true};
	MHD_get_connection_values(rq->connection, MHD_GET_ARGUMENT_KIND, append_argument, &k);
	buf_puts(&b, " ");
	buf_puts(&b, stem);
	const char *key = arena_strndup(rq->arena, b.data, b.len);
	buf_free(&b);
	return key;
}

static page_entry *find(page_cache *c, const char *key, uint64_t hash)
{
	for (size_t i = 0; i < PAGE_CACHE_SLOTS; i++) {
		page_entry *e = &c->slots[i];
		if (e->key && e->hash == hash && strcmp(e->key, key) == 0)
			return e;
	}
	return NULL;
}

bool page_cache_get(page_cache *c, const char *key, web_request *rq, web_response *rs,
                    const char *etag)
{
	if (!c || !key)
		return false;
	page_entry *e = find(c, key, text_hash(key));
	if (!e) {
		c->stats.misses++;
		return false;
	}
	c->stats.hits++;
	e->used = ++c->clock;
	rs->status = 200;
	rs->content_type = arena_strdup(rq->arena, e->content_type);
	buf_reset(&rs->body);
	buf_append(&rs->body, e->body, e->body_len);
	const char *token = rq->csrf_token ? rq->csrf_token : "";
	if (e->token_count && strlen(token) != e->token_len) {
		/* Not the token this page was kept with the room for: render it afresh. */
		buf_reset(&rs->body);
		c->stats.hits--;
		c->stats.misses++;
		return false;
	}
	for (size_t i = 0; i < e->token_count; i++)
		memcpy(rs->body.data + e->token_at[i], token, e->token_len);
	for (size_t i = 0; i < e->header_count; i++)
		web_header(rs, rq->arena, e->header_names[i],
		           strcasecmp(e->header_names[i], "ETag") == 0 && etag ? etag
		                                                             : e->header_values[i]);
	return true;
}

static char *copy(const char *s, size_t *bytes)
{
	size_t n = strlen(s) + 1;
	char *out = malloc(n);
	if (!out)
		abort();
	memcpy(out, s, n);
	*bytes += n;
	return out;
}

void page_cache_put(page_cache *c, const char *key, const web_response *rs, size_t header_base,
                    const char *token)
{
	if (!c || !key || rs->status != 200 || !rs->content_type)
		return;
	/* Where the browser's token stands: each hit writes its own there. */
	size_t token_at[PAGE_CACHE_TOKENS], token_count = 0;
	size_t token_len = token ? strlen(token) : 0;
	if (token_len) {
		const char *body = rs->body.data ? rs->body.data : "";
		for (const char *at = memmem(body, rs->body.len, token, token_len); at;
		     at = memmem(at + token_len, (size_t)(body + rs->body.len - at - token_len), token,
		                 token_len)) {
			if (token_count == PAGE_CACHE_TOKENS)
				return;
			token_at[token_count++] = (size_t)(at - body);
		}
	}
	size_t need = strlen(key) + rs->body.len + 256;
	if (need > c->max_bytes / 8)
		return;
	uint64_t hash = text_hash(key);
	page_entry *slot = find(c, key, hash);
	if (slot)
		entry_clear(c, slot);
	/* Room: a free slot, and bytes under the limit, the least recently used going first. */
	for (;;) {
		page_entry *free_slot = NULL, *oldest = NULL;
		for (size_t i = 0; i < PAGE_CACHE_SLOTS; i++) {
			page_entry *e = &c->slots[i];
			if (!e->key) {
				if (!free_slot)
					free_slot = e;
			} else if (!oldest || e->used < oldest->used) {
				oldest = e;
			}
		}
		if (free_slot && c->bytes + need <= c->max_bytes) {
			slot = free_slot;
			break;
		}
		if (!oldest)
			return;
		entry_clear(c, oldest);
		c->stats.evictions++;
	}
	slot->hash = hash;
	slot->bytes = 0;
	slot->key = copy(key, &slot->bytes);
	slot->content_type = copy(rs->content_type, &slot->bytes);
	slot->body = malloc(rs->body.len ? rs->body.len : 1);
	if (!slot->body)
		abort();
	if (rs->body.len)
		memcpy(slot->body, rs->body.data, rs->body.len);
	slot->body_len = rs->body.len;
	slot->bytes += rs->body.len;
	slot->token_len = token_len;
	slot->token_count = token_count;
	memcpy(slot->token_at, token_at, token_count * sizeof(*token_at));
	for (size_t i = header_base; i < rs->header_count; i++) {
		slot->header_names[slot->header_count] = copy(rs->header_names[i], &slot->bytes);
		slot->header_values[slot->header_count++] = copy(rs->header_values[i], &slot->bytes);
	}
	slot->used = ++c->clock;
	c->bytes += slot->bytes;
}

page_cache_stats page_cache_stats_of(const page_cache *c)
{
	page_cache_stats s = {0};
	if (!c)
		return s;
	s = c->stats;
	s.bytes = c->bytes;
	for (size_t i = 0; i < PAGE_CACHE_SLOTS; i++)
		s.entries += c->slots[i].key != NULL;
	return s;
}
