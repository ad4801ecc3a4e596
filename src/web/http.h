/*
 * http.h — what a page or API handler sees: one request in, one response out.
 *
 * Handlers are thin (CRAFT.md): read the request, check it, call core/ and store/,
 * render. Everything a handler allocates comes from the request's arena, freed when
 * the response has been queued.
 */
#ifndef JALON_HTTP_H
#define JALON_HTTP_H

#include <stdbool.h>
#include <stdint.h>

#include "store/db.h"
#include "util/arena.h"
#include "util/buf.h"

#define WEB_MAX_PATH_PARAMS 4
#define WEB_MAX_HEADERS 16

struct MHD_Connection;
struct web_auth; /* who asks and what they hold (auth.c) */

typedef struct {
	const char *name;
	const char *value;
	size_t length; /* value bytes (file uploads may hold anything) */
	const char *filename; /* for a file upload: the name the browser gave; else NULL */
} web_field;

typedef struct web_request web_request;
typedef struct web_response web_response;
typedef void (*web_handler)(web_request *rq, web_response *rs);
typedef void (*web_work)(void *ctx);

struct web_request {
	arena *arena;
	store *store;
	struct MHD_Connection *connection;
	const char *method;       /* "GET", "POST"… */
	const char *path;         /* decoded, valid UTF-8 */
	const char *params[WEB_MAX_PATH_PARAMS]; /* the {} parts of the route, in order */
	buf body;                 /* the raw body (bounded by the server) */
	web_field *form;          /* parsed urlencoded or multipart fields, see web_form() */
	size_t form_count;
	bool form_parsed;
	const char *lang;         /* "fr" or "en" for this request */
	struct web_auth *auth;    /* set by web_auth_begin before routing (auth.h) */
	const char *csrf_token;   /* the browser's token (cookie), or a fresh one */
	bool csrf_cookie_new;     /* set the cookie on the response */
	int64_t started_ns;
	/* Set by web_offload (server.c reads them after the handler). */
	web_work offload_work;
	void *offload_ctx;
	web_handler offload_then;
};

struct web_response {
	int status;
	const char *content_type;
	buf body;
	const char *header_names[WEB_MAX_HEADERS];
	const char *header_values[WEB_MAX_HEADERS];
	size_t header_count;
};

/* Work too slow for the server's one thread (checking a password's Argon2id hash takes
 * a quarter of a second): the handler hands it over with web_offload and returns; the
 * connection waits while work(ctx) runs on a thread of its own, then then(rq, rs)
 * finishes the answer on the server's thread, as a handler would. work must touch
 * neither the store nor the request (nothing else uses this request meanwhile, so ctx
 * may live in its arena). False when WEB_OFFLOAD_MAX works already run: the handler
 * answers by itself (503). */
#define WEB_OFFLOAD_MAX 4
bool web_offload(web_request *rq, web_work work, void *ctx, web_handler then);

void web_header(web_response *rs, arena *a, const char *name, const char *value);

/* Request helpers (server.c). */
const char *web_query(web_request *rq, const char *name);  /* NULL when absent */
/* A record's id as written in a path or a query: a positive decimal number of at most
 * 18 digits (no sign, no space); 0 for anything else. */
int64_t web_id_parse(const char *s);
const char *web_header_in(web_request *rq, const char *name);
/* Form fields of a POST (application/x-www-form-urlencoded or multipart/form-data). */
const web_field *web_form_field(web_request *rq, const char *name);
const char *web_form(web_request *rq, const char *name);    /* "" when absent */
/* True when the request carries a form whose csrf field matches the browser's token. */
bool web_csrf_ok(web_request *rq);

/* Redirect after a successful POST (303 See Other), so reloading does not resubmit. */
void web_redirect(web_request *rq, web_response *rs, const char *location);

#endif
