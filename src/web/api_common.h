/*
 * api_common.h — what every JSON API file (api.c, api_steering.c, api_items.c,
 * api_governance.c, …) shares: answers as JSON or as problem documents (RFC 9457), the
 * plan and element named by the path, the body read as a JSON object, the strong ETags
 * of records with their preconditions (If-Match, If-None-Match), and the reader that
 * applies a JSON body's fields to a record.
 */
#ifndef JALON_API_COMMON_H
#define JALON_API_COMMON_H

#include <stdbool.h>

#include "core/plan.h"
#include "store/element_store.h"
#include "util/date.h"
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
/* True when a problem of d is about field. */
bool api_diag_has_field(const diag_list *d, const char *field);
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

/* AAAA-MM-JJ exactly (the screen's JJ/MM/AAAA is for people), a real calendar date;
 * false with why set otherwise. */
bool api_date_parse(const char *s, jalon_date *out, const char **why);
/* A date as AAAA-MM-JJ, or null when unset. */
struct json_t *api_date_json(jalon_date d);
/* 204 with no body. */
void api_send_no_content(web_response *rs);
/* Sends the ETag; true with 304 sent when If-None-Match names it. */
bool api_not_modified(web_request *rq, web_response *rs, const char *etag);

/* ---- a record's strong ETag and If-Match ---- */

/* A record's strong ETag: its kind's letter, its id and its version, "m12-3" for
 * version 3 of milestone 12. */
const char *api_record_etag(arena *a, int kind, int64_t id, int64_t version);

typedef enum {
	API_IF_MATCH_ABSENT, /* no If-Match header */
	API_IF_MATCH_ANY,    /* "*" and not the ETag itself */
	API_IF_MATCH_YES,    /* one of its tags is the ETag, compared strongly */
	API_IF_MATCH_NO,     /* stale: none is */
} api_if_match_result;

/* What If-Match (a list of entity tags, or "*") says of etag. */
api_if_match_result api_if_match(web_request *rq, const char *etag);
/* The problems a precondition sends, in the words of the object written. */
typedef struct {
	const char *absent; /* 428: If-Match required and absent */
	const char *any;    /* 428: "*" where the exact ETag is required */
	const char *stale;  /* 412: the object changed since it was read */
} api_precondition_words;

/* True when the write of the object whose ETag is etag may go on; else 428 (If-Match
 * required and absent or "*") or 412 (stale, with the current ETag) sent in words. */
bool api_precondition_answer(web_request *rq, web_response *rs, const char *etag,
                             bool required, const api_precondition_words *words);
/* True when the write of the record whose ETag is etag may go on; else 428 (If-Match
 * required and absent or "*") or 412 (stale, with the current ETag) sent. */
bool api_precondition_check(web_request *rq, web_response *rs, const char *etag, bool required);
/* The version the store must find: version when If-Match named etag, or 0 (any). */
int64_t api_expected_version(web_request *rq, const char *etag, int64_t version);
/* A write the store refused: 422 naming the fields (409 instead when deleting: what
 * depends on the record), 404, 412 (saved by someone else in between) or 500. */
void api_write_refused(web_request *rq, web_response *rs, store_result r, const diag_list *d,
                       bool deleting);

/* ---- reading a JSON body's fields into a record ---- */

typedef struct {
	web_request *rq;
	web_response *rs;
	const plan *p;
	diag_list *invalid; /* values of the right type that break a rule: 422 */
} api_reader;

/* The body as a JSON object (NULL with the problem sent) and a fresh reader over it. */
struct json_t *api_reader_begin(web_request *rq, web_response *rs, const plan *p,
                                api_reader *in, diag_list *invalid);
/* 400 about one field; false, so that a reader can return it. */
bool api_read_wrong(api_reader *in, const char *key, const char *why);
/* A field that cannot be written: read-only when named in read_only (NULL-ended),
 * else unknown; always false (400 sent). */
bool api_read_unknown(api_reader *in, const char *key, const char *const *read_only);
/* A string, trimmed (NULL when empty), or null when nullable. */
bool api_read_text(api_reader *in, const char *key, struct json_t *v, bool nullable,
                   const char **out);
/* A date AAAA-MM-JJ or null; a string that names no date goes to invalid. */
bool api_read_date(api_reader *in, const char *key, struct json_t *v, jalon_date *out);
/* "key is required" in invalid when absent and not already refused for another reason. */
void api_read_required(api_reader *in, const char *key, bool present);

#endif
