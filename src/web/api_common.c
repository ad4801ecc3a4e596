/*
 * api_common.c — answers, problems and request reading shared by the JSON API's files
 * (see api_common.h; the conventions are described at the top of api.c).
 */
#include "web/api_common.h"

#include <jansson.h>
#include <microhttpd.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "store/plan_store.h"
#include "util/i18n.h"
#include "util/text.h"

/* ---- responses ------------------------------------------------------------------- */

static int append_to_buf(const char *chunk, size_t size, void *data)
{
	buf_append(data, chunk, size);
	return 0;
}

/* Send value (its reference is taken) as the whole body. */
void api_send(web_response *rs, int status, const char *content_type, json_t *value)
{
	rs->status = status;
	rs->content_type = content_type;
	buf_reset(&rs->body);
	json_dump_callback(value, append_to_buf, &rs->body, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(value);
}

void api_json(web_response *rs, int status, json_t *value)
{
	api_send(rs, status, "application/json", value);
}

/* With type about:blank, the title is the status's own phrase (RFC 9457, 4.2.1), as
 * in the server's own problems (server.c); the detail says what to do, in French or
 * English. errors (taken, may be NULL) names each field or line. */
void api_problem(web_response *rs, int status, const char *detail, json_t *errors)
{
	json_t *o = json_object();
	json_object_set_new(o, "type", json_string("about:blank"));
	json_object_set_new(o, "title", json_string(MHD_get_reason_phrase_for((unsigned)status)));
	json_object_set_new(o, "status", json_integer(status));
	json_t *text = json_string(detail);
	json_object_set_new(o, "detail", text ? text : json_string(_("requête refusée")));
	if (errors)
		json_object_set_new(o, "errors", errors);
	api_send(rs, status, "application/problem+json", o);
}

void api_field_problem(web_response *rs, int status, const char *field, const char *why)
{
	api_problem(rs, status, why,
	            field ? json_pack("[{s:s, s:s}]", "field", field, "message", why) : NULL);
}

const char *api_first_message(const diag_list *d)
{
	return d->count ? d->items[0].message : _("erreur inattendue de la base de données");
}

/* The core names the budget rule "budget" and the store an element's progress
 * "progress"; the API's fields are budget_cents and progress_pct. */
static const char *api_field_name(const char *core_name)
{
	if (core_name && strcmp(core_name, "budget") == 0)
		return "budget_cents";
	if (core_name && strcmp(core_name, "progress") == 0)
		return "progress_pct";
	return core_name;
}

/* Every problem of d, as [{field, message}] or [{line, message}] (line null when the
 * problem is about the whole file), then a last entry counting those not kept. */
json_t *api_errors(arena *a, const diag_list *d, bool by_line)
{
	json_t *list = json_array();
	for (size_t i = 0; i < d->count; i++) {
		const diag_entry *e = &d->items[i];
		json_t *item = json_object();
		if (by_line)
			json_object_set_new(item, "line", e->line > 0 ? json_integer(e->line) : json_null());
		else
			json_object_set_new(item, "field", e->file ? json_string(api_field_name(e->file))
			                                           : json_null());
		json_object_set_new(item, "message", json_string(e->message));
		json_array_append_new(list, item);
	}
	if (d->dropped)
		json_array_append_new(list, json_pack("{s:n, s:s}", by_line ? "line" : "field",
			"message", arena_printf(a, i18n_count("… et %zu autre erreur non affichée",
			                                      "… et %zu autres erreurs non affichées",
			                                      d->dropped),
			                        d->dropped)));
	return list;
}

void api_refused(web_request *rq, web_response *rs, const diag_list *d, bool by_line)
{
	size_t n = diag_total(d);
	const char *detail = by_line
		? i18n_count("%zu erreur dans le fichier : rien n'a été importé",
		             "%zu erreurs dans le fichier : rien n'a été importé", n)
		: i18n_count("%zu erreur : rien n'a été enregistré",
		             "%zu erreurs : rien n'a été enregistré", n);
	api_problem(rs, 422, arena_printf(rq->arena, detail, n), api_errors(rq->arena, d, by_line));
}

/* ---- reading the request ------------------------------------------------------------ */

/* The plan named by the first path parameter (slug or number); 404 when there is none. */
bool api_plan_load(web_request *rq, web_response *rs, plan *p)
{
	diag_list d;
	diag_init(&d, rq->arena);
	if (store_plan_load(rq->store, rq->arena, rq->params[0], p, &d))
		return true;
	if (p->id == 0) /* no row: the plan does not exist */
		api_problem(rs, 404, arena_printf(rq->arena, _("aucun plan « %s »"), rq->params[0]),
		            NULL);
	else
		api_problem(rs, 500, api_first_message(&d), NULL);
	return false;
}

/* The element whose database id is the second path parameter; 404 otherwise
 * (a non-numeric id included: it names no element). */
const plan_element *api_element_find(web_request *rq, web_response *rs, const plan *p)
{
	const char *ref = rq->params[1];
	size_t len = strlen(ref);
	int64_t id = 0;
	if (len <= 18 && strspn(ref, "0123456789") == len)
		id = strtoll(ref, NULL, 10);
	const plan_element *e = id > 0 ? plan_find_id(p, id) : NULL;
	if (!e)
		api_problem(rs, 404, arena_printf(rq->arena, _("aucun élément « %s » dans le plan « %s »"),
		                                  ref, p->slug), NULL);
	return e;
}

/* The body's media type in lower case without its parameters ("" when absent), and
 * its charset parameter (NULL when absent). */
const char *api_media_type(web_request *rq, const char **charset)
{
	*charset = NULL;
	const char *header = web_header_in(rq, "Content-Type");
	if (!header)
		return "";
	const char *semicolon = strchr(header, ';');
	char *type = text_trim(rq->arena, semicolon ? arena_strndup(rq->arena, header,
	                                                    (size_t)(semicolon - header))
	                                            : header);
	for (char *c = type; *c; c++)
		if (*c >= 'A' && *c <= 'Z')
			*c = (char)(*c - 'A' + 'a');
	char **params;
	size_t n = semicolon ? text_split(rq->arena, semicolon + 1, ';', &params) : 0;
	for (size_t i = 0; i < n; i++)
		if (strncasecmp(params[i], "charset=", 8) == 0) {
			char *value = params[i] + 8;
			size_t vlen = strlen(value);
			if (vlen >= 2 && value[0] == '"' && value[vlen - 1] == '"')
				value = arena_strndup(rq->arena, value + 1, vlen - 2);
			*charset = value;
		}
	return type;
}

/* The body as a JSON object, or NULL with the problem sent (415, 400). */
json_t *api_body_object(web_request *rq, web_response *rs)
{
	const char *charset;
	const char *type = api_media_type(rq, &charset);
	size_t len = strlen(type);
	if (strcmp(type, "application/json") != 0 &&
	    !(len > 5 && strcmp(type + len - 5, "+json") == 0)) {
		api_problem(rs, 415, arena_printf(rq->arena, _("le corps doit être du JSON "
		            "(Content-Type: application/json) ; reçu : « %s »"), type), NULL);
		return NULL;
	}
	json_error_t error;
	json_t *value = json_loadb(rq->body.data ? rq->body.data : "", rq->body.len,
	                           JSON_REJECT_DUPLICATES, &error);
	if (!value) {
		size_t bad;
		/* jansson's message may quote the input: keep it only when it is valid text. */
		const char *why = text_utf8_valid(error.text, strlen(error.text), &bad) ? error.text : "";
		api_problem(rs, 400, arena_printf(rq->arena,
		            _("JSON invalide, ligne %d, colonne %d (octet %d) : %s"),
		            error.line, error.column, error.position, why), NULL);
		return NULL;
	}
	if (!json_is_object(value)) {
		json_decref(value);
		api_problem(rs, 400, _("le corps doit être un objet JSON ({…})"), NULL);
		return NULL;
	}
	return value;
}

/* ---- small parsers and answers ------------------------------------------------------------ */

/* Only the ISO form: date_parse alone also takes the screen's JJ/MM/AAAA. */
bool api_date_parse(const char *s, jalon_date *out, const char **why)
{
	*why = _("date AAAA-MM-JJ attendue");
	bool iso = strlen(s) == 10 && s[4] == '-' && s[7] == '-' &&
	           strspn(s, "0123456789") == 4 && strspn(s + 5, "0123456789") == 2 &&
	           strspn(s + 8, "0123456789") == 2;
	return iso && date_parse(s, out, why);
}

json_t *api_date_json(jalon_date d)
{
	if (!date_is_set(d))
		return json_null();
	char s[11];
	date_format_iso(d, s);
	return json_string(s);
}

void api_send_no_content(web_response *rs)
{
	rs->status = 204;
	rs->content_type = NULL;
	buf_reset(&rs->body);
}

/* A revisit with the ETag it was given costs a 304 and no body. */
bool api_not_modified(web_request *rq, web_response *rs, const char *etag)
{
	web_header(rs, rq->arena, "ETag", etag);
	const char *match = web_header_in(rq, "If-None-Match");
	if (!match || strcmp(match, etag) != 0)
		return false;
	rs->status = 304;
	rs->content_type = NULL;
	return true;
}

/* ---- a record's strong ETag and If-Match ------------------------------------------------ */

/* The letter keeps ids of different kinds apart: "m12-3" and "b12-3" never match. */
const char *api_record_etag(arena *a, int kind, int64_t id, int64_t version)
{
	return arena_printf(a, "\"%c%lld-%lld\"", (char)kind, (long long)id, (long long)version);
}

/* Strong comparison: a weak W/"3" never matches. */
api_if_match_result api_if_match(web_request *rq, const char *etag)
{
	const char *header = web_header_in(rq, "If-Match");
	char **tags;
	size_t n = header ? text_split(rq->arena, header, ',', &tags) : 0;
	if (n == 0)
		return API_IF_MATCH_ABSENT;
	bool any = false;
	for (size_t i = 0; i < n; i++) {
		if (strcmp(tags[i], etag) == 0)
			return API_IF_MATCH_YES;
		any |= strcmp(tags[i], "*") == 0;
	}
	return any ? API_IF_MATCH_ANY : API_IF_MATCH_NO;
}

/* "*" is refused where If-Match is required: it would overwrite blindly. */
bool api_precondition_answer(web_request *rq, web_response *rs, const char *etag,
                             bool required, const api_precondition_words *words)
{
	switch (api_if_match(rq, etag)) {
	case API_IF_MATCH_YES:
		return true;
	case API_IF_MATCH_ABSENT:
		if (required)
			api_problem(rs, 428, words->absent, NULL);
		return !required;
	case API_IF_MATCH_ANY:
		if (required)
			api_problem(rs, 428, words->any, NULL);
		return !required;
	case API_IF_MATCH_NO:
		break;
	}
	web_header(rs, rq->arena, "ETag", etag);
	api_problem(rs, 412, words->stale, NULL);
	return false;
}

/* A record of the API: its problems call it an object and quote its ETag. */
bool api_precondition_check(web_request *rq, web_response *rs, const char *etag, bool required)
{
	api_precondition_words words = {
		.absent = _("en-tête If-Match obligatoire : renvoyez l'ETag reçu en lisant cet objet, "
		            "pour ne pas écraser la modification de quelqu'un d'autre"),
		.any = _("If-Match: * n'est pas accepté : renvoyez l'ETag exact de l'objet"),
		.stale = arena_printf(rq->arena, _("modifié entre-temps (ETag actuel : %s) : "
		                      "relisez-le ; rien n'a été enregistré"), etag),
	};
	return api_precondition_answer(rq, rs, etag, required, &words);
}

/* The store checks the version again in its transaction: 0 lets an optional
 * If-Match that was absent (or "*") write whatever version is stored. */
int64_t api_expected_version(web_request *rq, const char *etag, int64_t version)
{
	return api_if_match(rq, etag) == API_IF_MATCH_YES ? version : 0;
}

/* STORE_INVALID means broken fields for a write, and dependants for a delete. */
void api_write_refused(web_request *rq, web_response *rs, store_result r, const diag_list *d,
                       bool deleting)
{
	switch (r) {
	case STORE_INVALID:
		if (deleting)
			api_problem(rs, 409, api_first_message(d), api_errors(rq->arena, d, false));
		else
			api_refused(rq, rs, d, false);
		return;
	case STORE_NOT_FOUND:
		api_problem(rs, 404, api_first_message(d), NULL);
		return;
	case STORE_CONFLICT:
		api_problem(rs, 412, api_first_message(d), NULL);
		return;
	case STORE_OK:
	case STORE_FAILED:
		break;
	}
	api_problem(rs, 500, api_first_message(d), NULL);
}

/* ---- reading a JSON body's fields into a record ---------------------------------------- */

/* invalid is initialised even when the body is refused, so callers need no branch. */
json_t *api_reader_begin(web_request *rq, web_response *rs, const plan *p, api_reader *in,
                         diag_list *invalid)
{
	json_t *body = api_body_object(rq, rs);
	diag_init(invalid, rq->arena);
	*in = (api_reader){.rq = rq, .rs = rs, .p = p, .invalid = invalid};
	return body;
}

bool api_read_wrong(api_reader *in, const char *key, const char *why)
{
	api_field_problem(in->rs, 400, key, why);
	return false;
}

bool api_read_unknown(api_reader *in, const char *key, const char *const *read_only)
{
	for (size_t i = 0; read_only[i]; i++)
		if (strcmp(key, read_only[i]) == 0)
			return api_read_wrong(in, key, arena_printf(in->rq->arena,
			                      _("%s est en lecture seule"), key));
	return api_read_wrong(in, key, arena_printf(in->rq->arena, _("champ inconnu « %s »"), key));
}

/* Blank text is no text: a name of spaces would pass "required" otherwise. */
bool api_read_text(api_reader *in, const char *key, json_t *v, bool nullable, const char **out)
{
	if (nullable && json_is_null(v)) {
		*out = NULL;
		return true;
	}
	if (!json_is_string(v))
		return api_read_wrong(in, key, nullable
		             ? arena_printf(in->rq->arena, _("%s doit être une chaîne ou null"), key)
		             : arena_printf(in->rq->arena, _("%s doit être une chaîne"), key));
	const char *text = text_trim(in->rq->arena, json_string_value(v));
	*out = *text ? text : NULL;
	return true;
}

/* A wrong type is the request's shape (400); a string that is no date breaks a rule. */
bool api_read_date(api_reader *in, const char *key, json_t *v, jalon_date *out)
{
	*out = DATE_NONE;
	if (json_is_null(v))
		return true;
	if (!json_is_string(v))
		return api_read_wrong(in, key, arena_printf(in->rq->arena,
		                      _("%s doit être une date AAAA-MM-JJ ou null"), key));
	const char *why;
	if (!api_date_parse(json_string_value(v), out, &why)) {
		*out = DATE_NONE;
		diag_add(in->invalid, key, 0, _("« %s » : %s"), json_string_value(v), why);
	}
	return true;
}

/* The store and the readers name a field in a diagnostic's file. */
bool api_diag_has_field(const diag_list *d, const char *field)
{
	for (size_t i = 0; i < d->count; i++)
		if (d->items[i].file && strcmp(d->items[i].file, field) == 0)
			return true;
	return false;
}

/* One message a field: a date refused as invalid is not also said to be missing. */
void api_read_required(api_reader *in, const char *key, bool present)
{
	if (!present && !api_diag_has_field(in->invalid, key))
		diag_add(in->invalid, key, 0, _("%s est obligatoire"), key);
}
