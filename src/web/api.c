/*
 * api.c — the JSON API under /api/v1, described by docs/openapi.json (which the binary
 * serves itself): plans listed, read and imported from CSV; elements listed, read,
 * created, changed (PATCH) and deleted.
 *
 * JSON is built and parsed with jansson, never by hand. Every error is a problem
 * document (RFC 9457, application/problem+json): type "about:blank", the status's
 * phrase as title, a detail in the user's language, and for a refused input an
 * `errors` array naming each field (or each CSV line) with its message.
 *
 * Optimistic versions: an element's ETag is its version, strong and quoted ("3").
 * PATCH needs If-Match with that exact ETag: 428 without it, 412 when someone saved
 * the element in between (nothing is written). "If-Match: *" is refused on PATCH
 * (428): it would overwrite blindly, which is what the version is there to prevent.
 * DELETE takes If-Match when given (and "*" there means any version).
 *
 * Bodies must say what they are (text/csv, application/json; 415 otherwise). Besides
 * telling a client what went wrong, this keeps another site's page from sending these
 * requests the way a plain HTML form could: for any other type a browser must ask
 * first (CORS preflight), and this server answers no preflight.
 *
 * 400 means the request does not have the documented shape (bad JSON, a value of the
 * wrong type, an unknown field); 422 means it does, but breaks a rule of the plan
 * (duplicate code, a parent that would make a cycle, a date that does not exist).
 */
#include <jansson.h>
#include <microhttpd.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "io/plan_csv.h"
#include "io/plan_json.h"
#include "store/element_store.h"
#include "store/plan_store.h"
#include "util/i18n.h"
#include "util/text.h"
#include "web/api_common.h"
#include "web/auth.h"
#include "web/assets.h"
#include "web/pages.h"

/* ---- versions ------------------------------------------------------------------------- */

static const char *etag_of(arena *a, int64_t version)
{
	return arena_printf(a, "\"%lld\"", (long long)version);
}

/* Check If-Match against the element's current version; required for PATCH.
 * Returns true when the write may go on, else sends 428 or 412. */
static bool api_precondition(web_request *rq, web_response *rs, const plan_element *e,
                             bool required)
{
	api_precondition_words words = {
		.absent = _("en-tête If-Match obligatoire : renvoyez l'ETag reçu avec l'élément, pour "
		            "ne pas écraser la modification de quelqu'un d'autre"),
		.any = _("If-Match: * n'est pas accepté : renvoyez l'ETag exact de l'élément"),
		.stale = arena_printf(rq->arena, _("l'élément a été modifié entre-temps (version "
		                      "actuelle : %lld) : relisez-le ; rien n'a été enregistré"),
		                      (long long)e->version),
	};
	return api_precondition_answer(rq, rs, etag_of(rq->arena, e->version), required, &words);
}

/* ---- plans and elements as JSON ---------------------------------------------------------- */

static json_t *plan_summary_json(const plan_summary *s)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_string(s->slug));
	json_object_set_new(o, "number", json_integer(s->id));
	json_object_set_new(o, "title", json_string(s->title));
	json_object_set_new(o, "organisation", plan_json_text(s->organisation));
	json_object_set_new(o, "period_start", plan_json_year(s->period_start));
	json_object_set_new(o, "period_end", plan_json_year(s->period_end));
	json_object_set_new(o, "version", plan_json_text(s->version_label));
	json_object_set_new(o, "status", json_string(plan_status_key(s->status)));
	json_object_set_new(o, "element_count", json_integer((json_int_t)s->element_count));
	return o;
}

static plan_summary summary_of(const plan *p)
{
	return (plan_summary){
		.id = p->id, .slug = p->slug, .title = p->title, .organisation = p->organisation,
		.period_start = p->period_start, .period_end = p->period_end,
		.version_label = p->version_label, .status = p->status,
		.element_count = p->element_count,
	};
}

static void api_element_send(web_request *rq, web_response *rs, int status, const plan *p,
                             const plan_element *e)
{
	web_header(rs, rq->arena, "ETag", etag_of(rq->arena, e->version));
	api_json(rs, status, plan_json_element(p, e, PLAN_JSON_IDENTITY | PLAN_JSON_EVERY_ATTRIBUTE));
}

/* After a write: the element as now stored, read back with the whole plan so that
 * its parent, depth and version are the database's. */
static void api_element_saved(web_request *rq, web_response *rs, int status, int64_t id)
{
	plan p;
	if (!api_plan_load(rq, rs, &p))
		return;
	const plan_element *e = plan_find_id(&p, id);
	if (!e) {
		api_problem(rs, 500, _("l'élément enregistré est introuvable"), NULL);
		return;
	}
	if (status == 201)
		web_header(rs, rq->arena, "Location", arena_printf(rq->arena,
		           "/api/v1/plans/%s/elements/%lld", p.slug, (long long)e->id));
	api_element_send(rq, rs, status, &p, e);
}

/* ---- element input: one reader for POST and PATCH ------------------------------------- */

/* Apply every field of the JSON object in to e. Returns false with 400 sent when a
 * field is unknown or of the wrong type. */
static bool element_input_read(web_request *rq, web_response *rs, const plan *p, json_t *in,
                               plan_element *e, diag_list *invalid)
{
	const char *field;
	const char *why = plan_json_read_element(rq->arena, p, in, e, invalid, &field);
	if (why) {
		api_field_problem(rs, 400, field, why);
		return false;
	}
	return true;
}

/* Save e, new (existing NULL) or replacing existing, and answer with it. */
static void api_element_write(web_request *rq, web_response *rs, plan *p, plan_element *e,
                              const plan_element *existing, diag_list *d)
{
	if (diag_has_errors(d)) {
		/* Bad values already found: name the broken rules too, all in one answer. */
		plan_check_element(rq->arena, p, e, existing, d);
		api_refused(rq, rs, d, false);
		return;
	}
	store_result r = existing
		? store_element_update(rq->store, rq->arena, p, e, existing->version, d)
		: store_element_create(rq->store, rq->arena, p, e, d);
	switch (r) {
	case STORE_OK:
		api_element_saved(rq, rs, existing ? 200 : 201, e->id);
		return;
	case STORE_INVALID:
		api_refused(rq, rs, d, false);
		return;
	case STORE_NOT_FOUND:
		api_problem(rs, 404, api_first_message(d), NULL);
		return;
	case STORE_CONFLICT: /* changed between this request's read and its write */
		api_problem(rs, 412, api_first_message(d), NULL);
		return;
	case STORE_FAILED:
		break;
	}
	api_problem(rs, 500, api_first_message(d), NULL);
}

/* ---- handlers ------------------------------------------------------------------------------ */

void api_openapi(web_request *rq, web_response *rs)
{
	const web_asset *asset = web_asset_find("openapi.json");
	if (!asset) {
		api_problem(rs, 500, _("document OpenAPI absent du programme"), NULL);
		return;
	}
	if (api_not_modified(rq, rs, asset->etag))
		return;
	rs->content_type = asset->content_type;
	buf_append(&rs->body, asset->data, asset->size);
}

void api_plans_list(web_request *rq, web_response *rs)
{
	diag_list d;
	diag_init(&d, rq->arena);
	plan_summary *plans;
	size_t count;
	if (!store_plan_list(rq->store, rq->arena, &plans, &count, &d) ||
	    !web_plans_readable(rq, plans, &count)) {
		api_problem(rs, 500, api_first_message(&d), NULL);
		return;
	}
	json_t *list = json_array();
	for (size_t i = 0; i < count; i++)
		json_array_append_new(list, plan_summary_json(&plans[i]));
	api_json(rs, 200, list);
}

/* A CSV body, checked whole like the command line's import: every error with its
 * line, nothing stored unless the whole file is sound. */
void api_plans_import(web_request *rq, web_response *rs)
{
	const char *charset;
	const char *type = api_media_type(rq, &charset);
	if (strcmp(type, "text/csv") != 0) {
		api_problem(rs, 415, arena_printf(rq->arena, _("le plan s'envoie en CSV "
		            "(Content-Type: text/csv) ; reçu : « %s »"), type), NULL);
		return;
	}
	const char *encoding = web_query(rq, "encoding");
	const char *title = web_query(rq, "title");
	const char *organisation = web_query(rq, "organisation");
	plan p = {0};
	p.organisation_kind = ORGANISATION_OTHER;
	p.title = title && *title ? title : _("Plan importé");
	p.organisation = organisation && *organisation ? organisation : NULL;
	if (!web_may_create_plan(rq, p.organisation)) {
		web_forbidden(rq, rs);
		return;
	}
	plan_csv_options options = {.encoding = encoding && *encoding ? encoding : charset};
	diag_list d;
	diag_init(&d, rq->arena);
	if (!plan_csv_read(rq->arena, "import.csv", rq->body.data ? rq->body.data : "",
	                   rq->body.len, &options, &p, &d)) {
		api_refused(rq, rs, &d, true);
		return;
	}
	if (!store_plan_create(rq->store, rq->arena, &p, &d)) {
		api_problem(rs, 500, api_first_message(&d), NULL);
		return;
	}
	web_header(rs, rq->arena, "Location", arena_printf(rq->arena, "/api/v1/plans/%s", p.slug));
	plan_summary summary = summary_of(&p);
	api_json(rs, 201, plan_summary_json(&summary));
}

void api_plan_get(web_request *rq, web_response *rs)
{
	plan p;
	if (!api_plan_load(rq, rs, &p))
		return;
	json_t *o = plan_json_record(&p);
	json_object_set_new(o, "number", json_integer(p.id));
	json_object_set_new(o, "element_count", json_integer((json_int_t)p.element_count));
	json_object_set_new(o, "custom_columns", plan_json_texts(p.custom_columns,
	                                                    p.custom_column_count));
	json_object_set_new(o, "levels", plan_json_levels(&p));
	api_json(rs, 200, o);
}

void api_elements_list(web_request *rq, web_response *rs)
{
	plan p;
	if (!api_plan_load(rq, rs, &p))
		return;
	json_t *list = json_array();
	for (size_t i = 0; i < p.element_count; i++)
		json_array_append_new(list, plan_json_element(&p, p.ordered[i], PLAN_JSON_IDENTITY | PLAN_JSON_EVERY_ATTRIBUTE));
	api_json(rs, 200, list);
}

void api_element_get(web_request *rq, web_response *rs)
{
	plan p;
	if (!api_plan_load(rq, rs, &p))
		return;
	const plan_element *e = api_element_find(rq, rs, &p);
	if (!e)
		return;
	const char *etag = etag_of(rq->arena, e->version);
	const char *match = web_header_in(rq, "If-None-Match");
	if (match && strcmp(match, etag) == 0) {
		web_header(rs, rq->arena, "ETag", etag);
		rs->status = 304;
		rs->content_type = NULL;
		return;
	}
	api_element_send(rq, rs, 200, &p, e);
}

void api_element_create(web_request *rq, web_response *rs)
{
	plan p;
	if (!api_plan_load(rq, rs, &p))
		return;
	json_t *in = api_body_object(rq, rs);
	if (!in)
		return;
	plan_element e = plan_element_copy(rq->arena, &p, NULL);
	diag_list d;
	diag_init(&d, rq->arena);
	bool typed = element_input_read(rq, rs, &p, in, &e, &d);
	json_decref(in);
	if (typed && !web_may_place_under(rq, &p, e.parent_code))
		web_forbidden(rq, rs);
	else if (typed)
		api_element_write(rq, rs, &p, &e, NULL, &d);
}

void api_element_patch(web_request *rq, web_response *rs)
{
	plan p;
	if (!api_plan_load(rq, rs, &p))
		return;
	const plan_element *existing = api_element_find(rq, rs, &p);
	if (!existing)
		return;
	json_t *in = api_body_object(rq, rs);
	if (!in)
		return;
	plan_element e = plan_element_copy(rq->arena, &p, existing);
	diag_list d;
	diag_init(&d, rq->arena);
	bool typed = element_input_read(rq, rs, &p, in, &e, &d);
	json_decref(in);
	/* A porteur moves an element only under another of their own. */
	const char *was = existing->parent ? existing->parent->code : NULL;
	bool moved = (was == NULL) != (e.parent_code == NULL) ||
	             (was && e.parent_code && strcmp(was, e.parent_code) != 0);
	if (typed && moved && !web_may_place_under(rq, &p, e.parent_code))
		web_forbidden(rq, rs);
	else if (typed && api_precondition(rq, rs, existing, true))
		api_element_write(rq, rs, &p, &e, existing, &d);
}

void api_element_delete(web_request *rq, web_response *rs)
{
	plan p;
	if (!api_plan_load(rq, rs, &p))
		return;
	const plan_element *e = api_element_find(rq, rs, &p);
	if (!e || !api_precondition(rq, rs, e, false))
		return;
	/* With a matching If-Match, the store checks the version again in the same
	 * statement that deletes; without one, any version goes. */
	int64_t expected = api_expected_version(rq, etag_of(rq->arena, e->version), e->version);
	diag_list d;
	diag_init(&d, rq->arena);
	store_result r = store_element_delete(rq->store, &p, e->id, expected, &d);
	if (r == STORE_OK) {
		rs->status = 204;
		rs->content_type = NULL;
		buf_reset(&rs->body);
		return;
	}
	api_problem(rs, r == STORE_NOT_FOUND ? 404 : r == STORE_CONFLICT ? 412 : 500,
	            api_first_message(&d), NULL);
}
