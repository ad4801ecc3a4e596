/*
 * api_common.h — what every JSON API file (api.c, api_steering.c) shares: answers as
 * JSON or as problem documents (RFC 9457), the plan and element named by the path,
 * and the body read as a JSON object.
 */
#ifndef JALON_API_COMMON_H
#define JALON_API_COMMON_H

#include <stdbool.h>

#include "core/plan.h"
#include "util/diag.h"
#include "web/http.h"

struct json_t;

/* Send value (its reference is taken) as the whole body, with this content type. */
void api_send(web_response *rs, int status, const char *content_type, struct json_t *value);
/* Same as application/json. */
void api_json(web_response *rs, int status, struct json_t *value);
/* A problem document: type about:blank, the status's phrase as title, detail (in the
 * user's language), and errors (taken, may be NULL) naming each field or line. */
void api_problem(web_response *rs, int status, const char *detail, struct json_t *errors);
/* The first message of d, or a generic database message when d is empty. */
/* A problem about one field (its message is also the detail); no errors array when
 * field is NULL (the body as a whole is wrong). */
void api_field_problem(web_response *rs, int status, const char *field, const char *why);

const char *api_first_message(const diag_list *d);
/* Every problem of d as [{field, message}] or [{line, message}], then a last entry
 * counting those not kept. */
struct json_t *api_errors(arena *a, const diag_list *d, bool by_line);
/* 422 with every problem of d (by_line: a refused CSV file; else refused fields). */
void api_refused(web_request *rq, web_response *rs, const diag_list *d, bool by_line);

/* The plan named by the first path parameter (slug or number); 404 or 500 sent when
 * it cannot be loaded. */
bool api_plan_load(web_request *rq, web_response *rs, plan *p);
/* The element whose database id is the second path parameter; NULL with 404 sent. */
const plan_element *api_element_find(web_request *rq, web_response *rs, const plan *p);
/* The body's media type in lower case without parameters ("" when absent), and its
 * charset parameter (NULL when absent). */
const char *api_media_type(web_request *rq, const char **charset);
/* The body as a JSON object (a new reference), or NULL with 415 or 400 sent. */
struct json_t *api_body_object(web_request *rq, web_response *rs);

#endif
