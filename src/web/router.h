/*
 * router.h — the table of routes: method, path pattern, handler.
 *
 * Patterns are literal segments and `{}` placeholders, each matching one non-empty
 * segment that becomes rq->params[i]. The table lives in router.c next to nothing
 * else, so "which URLs exist" is answered by one file.
 */
#ifndef JALON_ROUTER_H
#define JALON_ROUTER_H

#include "web/auth.h"
#include "web/http.h"

typedef struct {
	const char *method;
	const char *pattern;
	web_handler handler;
	web_access access; /* what the guard checks before the handler runs (auth.h) */
} web_route;

/* Find the handler for method and path, filling rq->params. Returns NULL with
 * *path_exists set when the path is known for another method (405 rather than 404). */
web_handler web_route_find(web_request *rq, bool *path_exists);
/* The route web_route_find found, NULL when none. */
const web_route *web_route_match(web_request *rq, bool *path_exists);

#endif
