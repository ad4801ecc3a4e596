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
