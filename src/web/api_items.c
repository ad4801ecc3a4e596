/*
 * api_items.c — the steering items of the JSON API one at a time (/api/v1,
 * docs/openapi.json): milestones and budget lines created from JSON (api_steering.c
 * hands a JSON body of POST …/milestones or …/budget-lines over here; a CSV body is
 * still an import), read, changed and deleted; risks listed, created, read, changed
 * and deleted; dependencies between elements or between milestones listed with the
 * ones their dates break, added and removed; an element's qualification read and
 * replaced; the plan's configurable lists read and replaced; the change journal read.
 *
 * Same conventions as api.c (api_common.h): problem documents for every error, 400 for
 * a request of the wrong shape (bad JSON, wrong type, unknown or read-only field),
 * 422 for one that breaks a rule (errors names each field), 415 for a body that is not
 * JSON, 404 for an unknown plan or item (an item of another plan included).
 *
 * Versions: each item's ETag is strong and names its kind, its id and its version,
 * "m12-3" for version 3 of milestone 12 (b: budget line, r: risk, q: an element's
 * qualification, by element id). As for elements, PATCH needs If-Match with that exact
 * ETag (428 without it or with "*", 412 when it is stale, the current ETag in the
 * answer), DELETE and PUT …/qualification take it when given. The store checks the
 * version again in the transaction that writes (STORE_CONFLICT: 412), and records
 * every change in the journal with the store's origin (set per request by server.c).
 */
#include <jansson.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "io/plan_json.h"
#include "store/change_log.h"
#include "store/indicator_store.h"
#include "store/item_restore.h"
#include "store/item_store.h"
#include "store/steering_store.h"
#include "store/steering_view.h"
#include "util/i18n.h"
#include "util/text.h"
#include "web/api_common.h"
#include "web/auth.h"
#include "web/pages.h"

/* ---- small helpers ---------------------------------------------------------------------- */

/* 1..4, or null for 0 (not assessed). */
static json_t *level_json(int n)
{
	return n ? json_integer(n) : json_null();
}

/* The plan named by the path and everything steering stores about it. */
static bool items_load(web_request *rq, web_response *rs, plan *p, steering_data *data)
{
	if (!api_plan_load(rq, rs, p))
		return false;
	diag_list d;
	diag_init(&d, rq->arena);
	if (store_steering_load(rq->store, rq->arena, p, data, &d))
		return true;
	api_problem(rs, 500, api_first_message(&d), NULL);
	return false;
}

/* The same, rolled up as of today (for the dates dependencies compare). */
static bool view_load(web_request *rq, web_response *rs, plan *p, steering_data *data,
                      plan_rollup *r)
{
	jalon_date today;
	steering_view_today(NULL, &today);
	diag_list d;
	diag_init(&d, rq->arena);
	if (steering_view_load(rq->store, rq->arena, rq->params[0], NULL, today, p, data, r, &d))
		return true;
	if (p->id == 0)
		api_problem(rs, 404, arena_printf(rq->arena, _("aucun plan « %s »"), rq->params[0]),
		            NULL);
	else
		api_problem(rs, 500, api_first_message(&d), NULL);
	return false;
}

/* ---- items, their ETags and preconditions ------------------------------------------------ */

typedef enum {
	ITEM_MILESTONE = 'm',
	ITEM_BUDGET_LINE = 'b',
	ITEM_RISK = 'r',
	ITEM_QUALIFICATION = 'q',
} item_kind;

static const char *item_collection(item_kind k)
{
	return k == ITEM_MILESTONE ? "milestones" : k == ITEM_BUDGET_LINE ? "budget-lines" : "risks";
}

/* ---- items as JSON ---------------------------------------------------------------------- */

static json_t *risk_json(const element_risk *r)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(r->id));
	json_object_set_new(o, "element", json_integer(r->element->id));
	json_object_set_new(o, "code", json_string(r->element->code));
	json_object_set_new(o, "description", json_string(r->description ? r->description : ""));
	json_object_set_new(o, "probability", level_json(r->probability));
	json_object_set_new(o, "impact", level_json(r->impact));
	json_object_set_new(o, "criticality", level_json(steering_risk_criticality(r)));
	json_object_set_new(o, "mitigation", plan_json_text(r->mitigation));
	json_object_set_new(o, "owner", plan_json_text(r->owner));
	json_object_set_new(o, "status", json_string(risk_status_key(r->status)));
	json_object_set_new(o, "version", json_integer(r->version));
	return o;
}

static const milestone *milestone_by_id(const steering_data *data, int64_t id)
{
	for (size_t i = 0; id && i < data->milestone_count; i++)
		if (data->milestones[i].id == id)
			return &data->milestones[i];
	return NULL;
}

static const budget_line *budget_line_by_id(const steering_data *data, int64_t id)
{
	for (size_t i = 0; id && i < data->line_count; i++)
		if (data->lines[i].id == id)
			return &data->lines[i];
	return NULL;
}

static const element_risk *risk_by_id(const steering_data *data, int64_t id)
{
	for (size_t i = 0; id && i < data->risk_count; i++)
		if (data->risks[i].id == id)
			return &data->risks[i];
	return NULL;
}

/* A milestone, budget line or risk, as its item_kind says. */
typedef union {
	milestone m;
	budget_line l;
	element_risk r;
} item_value;

/* The item of kind k with this id copied into out; false when the plan has none. */
static bool item_find(const steering_data *data, item_kind k, int64_t id, item_value *out)
{
	const milestone *m = k == ITEM_MILESTONE ? milestone_by_id(data, id) : NULL;
	const budget_line *l = k == ITEM_BUDGET_LINE ? budget_line_by_id(data, id) : NULL;
	const element_risk *r = k == ITEM_RISK ? risk_by_id(data, id) : NULL;
	if (m)
		out->m = *m;
	else if (l)
		out->l = *l;
	else if (r)
		out->r = *r;
	return m || l || r;
}

static int64_t item_id(item_kind k, const item_value *v)
{
	return k == ITEM_MILESTONE ? v->m.id : k == ITEM_BUDGET_LINE ? v->l.id : v->r.id;
}

static int64_t item_version(item_kind k, const item_value *v)
{
	return k == ITEM_MILESTONE ? v->m.version
	     : k == ITEM_BUDGET_LINE ? v->l.version : v->r.version;
}

/* The item as JSON, a new reference. */
static json_t *item_json(item_kind k, const item_value *v)
{
	return k == ITEM_MILESTONE ? api_milestone_json(&v->m)
	     : k == ITEM_BUDGET_LINE ? api_budget_line_json(&v->l) : risk_json(&v->r);
}

static void item_not_found(web_request *rq, web_response *rs, item_kind k, const plan *p)
{
	const char *ref = rq->params[1];
	const char *detail =
		k == ITEM_MILESTONE
		? arena_printf(rq->arena, _("aucun jalon « %s » dans le plan « %s »"), ref, p->slug)
		: k == ITEM_BUDGET_LINE
		? arena_printf(rq->arena, _("aucune ligne budgétaire « %s » dans le plan « %s »"),
		               ref, p->slug)
		: arena_printf(rq->arena, _("aucun risque « %s » dans le plan « %s »"), ref, p->slug);
	api_problem(rs, 404, detail, NULL);
}

/* After a write: the item as now stored (its element's code, the source's spelling in
 * the plan's list, its new version), with its ETag, and Location when created. */
static void item_saved(web_request *rq, web_response *rs, item_kind k, int64_t id, int status)
{
	plan p;
	steering_data data;
	if (!items_load(rq, rs, &p, &data))
		return;
	item_value v;
	if (!item_find(&data, k, id, &v)) {
		api_problem(rs, 500, _("l'objet enregistré est introuvable"), NULL);
		return;
	}
	web_header(rs, rq->arena, "ETag", api_record_etag(rq->arena, k, id, item_version(k, &v)));
	if (status == 201)
		web_header(rs, rq->arena, "Location", arena_printf(rq->arena, "/api/v1/plans/%s/%s/%lld",
		           p.slug, item_collection(k), (long long)id));
	api_json(rs, status, item_json(k, &v));
}

/* GET of one item, with its ETag (304 when If-None-Match names it). */
static void item_get(web_request *rq, web_response *rs, item_kind k)
{
	plan p;
	steering_data data;
	if (!items_load(rq, rs, &p, &data))
		return;
	int64_t id = web_id_parse(rq->params[1]);
	item_value v;
	if (!item_find(&data, k, id, &v)) {
		item_not_found(rq, rs, k, &p);
		return;
	}
	if (!api_not_modified(rq, rs, api_record_etag(rq->arena, k, id, item_version(k, &v))))
		api_json(rs, 200, item_json(k, &v));
}

/* DELETE of one item; If-Match, when given, must name its current version. */
static void item_delete(web_request *rq, web_response *rs, item_kind k)
{
	plan p;
	steering_data data;
	if (!items_load(rq, rs, &p, &data))
		return;
	int64_t id = web_id_parse(rq->params[1]);
	item_value v;
	if (!item_find(&data, k, id, &v)) {
		item_not_found(rq, rs, k, &p);
		return;
	}
	int64_t version = item_version(k, &v);
	const char *etag = api_record_etag(rq->arena, k, id, version);
	if (!api_precondition_check(rq, rs, etag, false))
		return;
	int64_t expected = api_expected_version(rq, etag, version);
	diag_list d;
	diag_init(&d, rq->arena);
	store_result r = k == ITEM_MILESTONE ? store_milestone_delete(rq->store, &p, id, expected, &d)
	               : k == ITEM_BUDGET_LINE
	               ? store_budget_line_delete(rq->store, &p, id, expected, &d)
	               : store_risk_delete(rq->store, &p, id, expected, &d);
	if (r == STORE_OK)
		api_send_no_content(rs);
	else
		api_write_refused(rq, rs, r, &d, false);
}

/* ---- reading a JSON body ------------------------------------------------------------------ */

/* The id of an element of the plan; an id the plan does not have goes to invalid. */
static bool read_element(api_reader *in, const char *key, json_t *v, const plan_element **out)
{
	if (!json_is_integer(v))
		return api_read_wrong(in, key, _("element doit être l'identifiant numérique (id) d'un "
		                                 "élément du plan"));
	json_int_t id = json_integer_value(v);
	*out = id > 0 ? plan_find_id(in->p, id) : NULL;
	if (!*out)
		diag_add(in->invalid, key, 0, _("aucun élément n° %lld dans ce plan"), (long long)id);
	return true;
}

/* An amount in cents; null is 0. */
static bool read_cents(api_reader *in, const char *key, json_t *v, int64_t *out)
{
	if (!json_is_integer(v) && !json_is_null(v))
		return api_read_wrong(in, key, arena_printf(in->rq->arena,
		                                   _("%s doit être un entier (en centimes) ou null"), key));
	*out = json_is_integer(v) ? json_integer_value(v) : 0;
	return true;
}

/* A risk's probability or impact: 1..4, or null (0: not assessed). */
static bool read_level(api_reader *in, const char *key, json_t *v, int *out)
{
	*out = 0;
	if (json_is_null(v))
		return true;
	if (!json_is_integer(v))
		return api_read_wrong(in, key, arena_printf(in->rq->arena,
		                                   _("%s doit être un entier de 1 à 4 ou null"), key));
	json_int_t n = json_integer_value(v);
	if (n < 1 || n > 4)
		diag_add(in->invalid, key, 0, _("%s vaut de 1 à 4, ou null quand il n'est pas évalué ; "
		                                "reçu : %lld"), key, (long long)n);
	else
		*out = (int)n;
	return true;
}

/* Milestone fields of body applied to m (new, or a copy of the stored one). */
static bool milestone_read(api_reader *in, json_t *body, milestone *m)
{
	static const char *const read_only[] = {"id", "code", "version", NULL};
	const char *name;
	json_t *v;
	json_object_foreach(body, name, v) {
		const char *key = arena_strdup(in->rq->arena, name); /* outlives the body */
		bool ok = true;
		if (strcmp(key, "element") == 0) {
			ok = read_element(in, key, v, &m->element);
		} else if (strcmp(key, "title") == 0) {
			ok = api_read_text(in, key, v, false, &m->title);
		} else if (strcmp(key, "planned") == 0) {
			ok = api_read_date(in, key, v, &m->planned);
		} else if (strcmp(key, "forecast") == 0) {
			ok = api_read_date(in, key, v, &m->forecast);
		} else if (strcmp(key, "actual") == 0) {
			ok = api_read_date(in, key, v, &m->actual);
		} else if (strcmp(key, "validated_on") == 0) {
			ok = api_read_date(in, key, v, &m->validated_on);
		} else if (strcmp(key, "deliverable") == 0) {
			ok = api_read_text(in, key, v, true, &m->deliverable);
		} else if (strcmp(key, "validated_by") == 0) {
			ok = api_read_text(in, key, v, true, &m->validated_by);
		} else if (strcmp(key, "minutes_ref") == 0) {
			ok = api_read_text(in, key, v, true, &m->minutes_ref);
		} else if (strcmp(key, "status") == 0) {
			if (!json_is_string(v))
				return api_read_wrong(in, key, _("status doit être une chaîne : a-venir, atteint ou "
				                                 "annule"));
			if (!milestone_status_parse(json_string_value(v), &m->status))
				diag_add(in->invalid, key, 0, _("statut de jalon inconnu « %s » (a-venir, "
				         "atteint ou annule)"), json_string_value(v));
		} else {
			ok = api_read_unknown(in, key, read_only);
		}
		if (!ok)
			return false;
	}
	api_read_required(in, "element", m->element != NULL);
	api_read_required(in, "title", m->title != NULL);
	api_read_required(in, "planned", date_is_set(m->planned));
	return true;
}

/* Budget line fields of body applied to l; nature is NATURE_COUNT until given. */
static bool budget_line_read(api_reader *in, json_t *body, budget_line *l)
{
	static const char *const read_only[] = {"id", "code", "version", NULL};
	const char *name;
	json_t *v;
	json_object_foreach(body, name, v) {
		const char *key = arena_strdup(in->rq->arena, name);
		bool ok = true;
		if (strcmp(key, "element") == 0) {
			ok = read_element(in, key, v, &l->element);
		} else if (strcmp(key, "year") == 0) {
			if (!json_is_integer(v))
				return api_read_wrong(in, key, _("year doit être un entier (une année, par exemple "
				                                 "2026)"));
			json_int_t year = json_integer_value(v);
			if (year < 1000 || year > 9999)
				diag_add(in->invalid, key, 0, _("année invalide %lld (de 1000 à 9999)"),
				         (long long)year);
			l->year = year >= 1000 && year <= 9999 ? (int)year : -1;
		} else if (strcmp(key, "nature") == 0) {
			if (!json_is_string(v))
				return api_read_wrong(in, key, _("nature doit être une chaîne : investissement ou "
				                                 "fonctionnement"));
			if (!budget_nature_parse(json_string_value(v), &l->nature)) {
				diag_add(in->invalid, key, 0, _("nature inconnue « %s » (investissement ou "
				         "fonctionnement)"), json_string_value(v));
				l->nature = NATURE_INVESTMENT;
			}
		} else if (strcmp(key, "source") == 0) {
			ok = api_read_text(in, key, v, false, &l->source);
		} else if (strcmp(key, "planned_cents") == 0) {
			ok = read_cents(in, key, v, &l->planned_cents);
		} else if (strcmp(key, "committed_cents") == 0) {
			ok = read_cents(in, key, v, &l->committed_cents);
		} else if (strcmp(key, "paid_cents") == 0) {
			ok = read_cents(in, key, v, &l->paid_cents);
		} else {
			ok = api_read_unknown(in, key, read_only);
		}
		if (!ok)
			return false;
	}
	api_read_required(in, "element", l->element != NULL);
	api_read_required(in, "year", l->year != 0);
	api_read_required(in, "nature", l->nature < NATURE_COUNT);
	api_read_required(in, "source", l->source != NULL);
	return true;
}

static bool risk_read(api_reader *in, json_t *body, element_risk *r)
{
	static const char *const read_only[] = {"id", "code", "version", "criticality", NULL};
	const char *name;
	json_t *v;
	json_object_foreach(body, name, v) {
		const char *key = arena_strdup(in->rq->arena, name);
		bool ok = true;
		if (strcmp(key, "element") == 0) {
			ok = read_element(in, key, v, &r->element);
		} else if (strcmp(key, "description") == 0) {
			ok = api_read_text(in, key, v, false, &r->description);
		} else if (strcmp(key, "probability") == 0) {
			ok = read_level(in, key, v, &r->probability);
		} else if (strcmp(key, "impact") == 0) {
			ok = read_level(in, key, v, &r->impact);
		} else if (strcmp(key, "mitigation") == 0) {
			ok = api_read_text(in, key, v, true, &r->mitigation);
		} else if (strcmp(key, "owner") == 0) {
			ok = api_read_text(in, key, v, true, &r->owner);
		} else if (strcmp(key, "status") == 0) {
			if (!json_is_string(v))
				return api_read_wrong(in, key, _("status doit être une chaîne : ouvert, en-traitement "
				                                 "ou clos"));
			if (!risk_status_parse(json_string_value(v), &r->status))
				diag_add(in->invalid, key, 0, _("statut de risque inconnu « %s » (ouvert, "
				         "en-traitement ou clos)"), json_string_value(v));
		} else {
			ok = api_read_unknown(in, key, read_only);
		}
		if (!ok)
			return false;
	}
	api_read_required(in, "element", r->element != NULL);
	api_read_required(in, "description", r->description != NULL);
	return true;
}

/* ---- one item written ------------------------------------------------------------------------ */

/* The JSON body applied to v, rules broken going to d; false with the problem sent. */
static bool item_body_read(web_request *rq, web_response *rs, const plan *p, item_kind k,
                           item_value *v, diag_list *d)
{
	api_reader in;
	json_t *body = api_reader_begin(rq, rs, p, &in, d);
	if (!body)
		return false;
	bool typed = k == ITEM_MILESTONE ? milestone_read(&in, body, &v->m)
	           : k == ITEM_BUDGET_LINE ? budget_line_read(&in, body, &v->l)
	                                   : risk_read(&in, body, &v->r);
	json_decref(body);
	return typed;
}

/* The store's create, or update of the stored version. */
static store_result item_store(web_request *rq, const plan *p, item_kind k, item_value *v,
                               bool create, int64_t version, diag_list *d)
{
	store *s = rq->store;
	if (k == ITEM_MILESTONE)
		return create ? store_milestone_create(s, p, &v->m, d)
		              : store_milestone_update(s, p, &v->m, version, d);
	if (k == ITEM_BUDGET_LINE)
		return create ? store_budget_line_create(s, rq->arena, p, &v->l, d)
		              : store_budget_line_update(s, rq->arena, p, &v->l, version, d);
	return create ? store_risk_create(s, p, &v->r, d)
	              : store_risk_update(s, p, &v->r, version, d);
}

/* The item read from the body written: 422 for broken rules, else the store's answer,
 * the item as saved (201 when created, 200 when updated from version). */
static void item_write(web_request *rq, web_response *rs, const plan *p, item_kind k,
                       item_value *v, bool create, int64_t version, diag_list *d)
{
	if (diag_has_errors(d)) {
		api_refused(rq, rs, d, false);
		return;
	}
	/* The element the item hangs on after the write (a new one, or where it moves):
	 * its porteur's, or steering. */
	const plan_element *owner = k == ITEM_MILESTONE   ? v->m.element
	                          : k == ITEM_BUDGET_LINE ? v->l.element
	                                                  : v->r.element;
	if (owner && !web_may_edit_element(rq, owner->id)) {
		web_forbidden(rq, rs);
		return;
	}
	store_result r = item_store(rq, p, k, v, create, version, d);
	if (r != STORE_OK)
		api_write_refused(rq, rs, r, d, false);
	else
		item_saved(rq, rs, k, item_id(k, v), create ? 201 : 200);
}

/* POST of a new item from JSON; v holds its kind's defaults. */
static void item_create(web_request *rq, web_response *rs, item_kind k, item_value v)
{
	plan p;
	diag_list d;
	if (api_plan_load(rq, rs, &p) && item_body_read(rq, rs, &p, k, &v, &d))
		item_write(rq, rs, &p, k, &v, true, 0, &d);
}

/* PATCH of one item: the body applied to the stored item; If-Match must name it. */
static void item_patch(web_request *rq, web_response *rs, item_kind k)
{
	plan p;
	steering_data data;
	if (!items_load(rq, rs, &p, &data))
		return;
	int64_t id = web_id_parse(rq->params[1]);
	item_value v;
	if (!item_find(&data, k, id, &v)) {
		item_not_found(rq, rs, k, &p);
		return;
	}
	int64_t version = item_version(k, &v);
	diag_list d;
	if (item_body_read(rq, rs, &p, k, &v, &d) &&
	    api_precondition_check(rq, rs, api_record_etag(rq->arena, k, id, version), true))
		item_write(rq, rs, &p, k, &v, false, version, &d);
}

/* ---- milestones ------------------------------------------------------------------------------ */

/* Called by api_milestones_import (api_steering.c) for a JSON body. */
void api_milestone_create(web_request *rq, web_response *rs)
{
	item_create(rq, rs, ITEM_MILESTONE, (item_value){.m = {.status = MILESTONE_PLANNED}});
}

void api_milestone_get(web_request *rq, web_response *rs)
{
	item_get(rq, rs, ITEM_MILESTONE);
}

void api_milestone_patch(web_request *rq, web_response *rs)
{
	item_patch(rq, rs, ITEM_MILESTONE);
}

void api_milestone_delete(web_request *rq, web_response *rs)
{
	item_delete(rq, rs, ITEM_MILESTONE);
}

/* ---- budget lines ------------------------------------------------------------------------------ */

/* Called by api_budget_lines_import (api_steering.c) for a JSON body. */
void api_budget_line_create(web_request *rq, web_response *rs)
{
	item_create(rq, rs, ITEM_BUDGET_LINE, (item_value){.l = {.nature = NATURE_COUNT}});
}

void api_budget_line_get(web_request *rq, web_response *rs)
{
	item_get(rq, rs, ITEM_BUDGET_LINE);
}

void api_budget_line_patch(web_request *rq, web_response *rs)
{
	item_patch(rq, rs, ITEM_BUDGET_LINE);
}

void api_budget_line_delete(web_request *rq, web_response *rs)
{
	item_delete(rq, rs, ITEM_BUDGET_LINE);
}

/* ---- risks -------------------------------------------------------------------------------------- */

void api_risks_list(web_request *rq, web_response *rs)
{
	plan p;
	steering_data data;
	if (!items_load(rq, rs, &p, &data))
		return;
	json_t *list = json_array();
	for (size_t i = 0; i < data.risk_count; i++)
		json_array_append_new(list, risk_json(&data.risks[i]));
	api_json(rs, 200, list);
}

void api_risk_create(web_request *rq, web_response *rs)
{
	item_create(rq, rs, ITEM_RISK, (item_value){.r = {.status = RISK_OPEN}});
}

void api_risk_get(web_request *rq, web_response *rs)
{
	item_get(rq, rs, ITEM_RISK);
}

void api_risk_patch(web_request *rq, web_response *rs)
{
	item_patch(rq, rs, ITEM_RISK);
}

void api_risk_delete(web_request *rq, web_response *rs)
{
	item_delete(rq, rs, ITEM_RISK);
}

/* ---- dependencies ---------------------------------------------------------------------------------- */

/* The violation of each dependency of data, indexed like data's arrays (NULL: kept). */
typedef struct {
	const dependency_violation **elements;
	const dependency_violation **milestones;
} violation_index;

static violation_index violations_of(arena *a, const plan *p, const steering_data *data,
                                     const plan_rollup *r)
{
	violation_index ix = {
		.elements = arena_alloc(a, (data->dependency_count + 1) * sizeof(*ix.elements)),
		.milestones = arena_alloc(a, (data->milestone_dependency_count + 1) *
		                             sizeof(*ix.milestones)),
	};
	dependency_violation *v;
	size_t n = steering_dependency_violations(a, p, r, data->dependencies,
	                                          data->dependency_count,
	                                          data->milestone_dependencies,
	                                          data->milestone_dependency_count, &v);
	for (size_t i = 0; i < n; i++) {
		if (v[i].elements)
			ix.elements[v[i].elements - data->dependencies] = &v[i];
		else if (v[i].milestones)
			ix.milestones[v[i].milestones - data->milestone_dependencies] = &v[i];
	}
	return ix;
}

static json_t *days_json(const dependency_violation *v)
{
	return v ? json_integer(v->days) : json_null();
}

static json_t *element_dependency_json(const element_dependency *x,
                                       const dependency_violation *v)
{
	json_t *o = json_object();
	json_object_set_new(o, "from", json_integer(x->from->id));
	json_object_set_new(o, "from_code", json_string(x->from->code));
	json_object_set_new(o, "to", json_integer(x->to->id));
	json_object_set_new(o, "to_code", json_string(x->to->code));
	json_object_set_new(o, "violated", json_boolean(v != NULL));
	json_object_set_new(o, "days", days_json(v));
	return o;
}

static json_t *milestone_dependency_json(const milestone_dependency *x,
                                         const dependency_violation *v)
{
	json_t *o = json_object();
	json_object_set_new(o, "from", json_integer(x->from->id));
	json_object_set_new(o, "to", json_integer(x->to->id));
	json_object_set_new(o, "from_title", json_string(x->from->title ? x->from->title : ""));
	json_object_set_new(o, "to_title", json_string(x->to->title ? x->to->title : ""));
	json_object_set_new(o, "violated", json_boolean(v != NULL));
	json_object_set_new(o, "days", days_json(v));
	return o;
}

void api_dependencies_list(web_request *rq, web_response *rs)
{
	plan p;
	steering_data data;
	plan_rollup r;
	if (!view_load(rq, rs, &p, &data, &r))
		return;
	violation_index ix = violations_of(rq->arena, &p, &data, &r);
	json_t *elements = json_array(), *milestones = json_array();
	for (size_t i = 0; i < data.dependency_count; i++)
		json_array_append_new(elements, element_dependency_json(&data.dependencies[i],
		                                                        ix.elements[i]));
	for (size_t i = 0; i < data.milestone_dependency_count; i++)
		json_array_append_new(milestones, milestone_dependency_json(
			&data.milestone_dependencies[i], ix.milestones[i]));
	json_t *o = json_object();
	json_object_set_new(o, "elements", elements);
	json_object_set_new(o, "milestones", milestones);
	api_json(rs, 200, o);
}

/* "element" or "milestone"; false for anything else. */
static bool kind_parse(const char *s, bool *milestones)
{
	*milestones = s && strcmp(s, "milestone") == 0;
	return s && (*milestones || strcmp(s, "element") == 0);
}

/* The dependency from → to of the plan as JSON with its kind (a new reference), NULL
 * when the plan has none. */
static json_t *dependency_lookup(arena *a, const plan *p, const steering_data *data,
                                 const plan_rollup *r, bool milestones, int64_t from,
                                 int64_t to)
{
	violation_index ix = violations_of(a, p, data, r);
	json_t *o = NULL;
	if (!milestones) {
		for (size_t i = 0; !o && i < data->dependency_count; i++)
			if (data->dependencies[i].from->id == from && data->dependencies[i].to->id == to)
				o = element_dependency_json(&data->dependencies[i], ix.elements[i]);
	} else {
		for (size_t i = 0; !o && i < data->milestone_dependency_count; i++)
			if (data->milestone_dependencies[i].from->id == from &&
			    data->milestone_dependencies[i].to->id == to)
				o = milestone_dependency_json(&data->milestone_dependencies[i],
				                              ix.milestones[i]);
	}
	if (o)
		json_object_set_new(o, "kind", json_string(milestones ? "milestone" : "element"));
	return o;
}

static void dependency_not_found(web_request *rq, web_response *rs, const plan *p)
{
	api_problem(rs, 404, arena_printf(rq->arena, _("aucune dépendance « %s » de %s à %s dans "
	            "le plan « %s » (GET …/dependencies les liste)"), rq->params[1], rq->params[2],
	            rq->params[3], p->slug), NULL);
}

void api_dependency_get(web_request *rq, web_response *rs)
{
	plan p;
	steering_data data;
	plan_rollup r;
	if (!view_load(rq, rs, &p, &data, &r))
		return;
	bool milestones;
	json_t *o = kind_parse(rq->params[1], &milestones)
		? dependency_lookup(rq->arena, &p, &data, &r, milestones, web_id_parse(rq->params[2]),
		                    web_id_parse(rq->params[3]))
		: NULL;
	if (!o) {
		dependency_not_found(rq, rs, &p);
		return;
	}
	api_json(rs, 200, o);
}

/* The body {kind, from, to}; 400 sent for a missing, unknown or mistyped field. */
static bool dependency_read(api_reader *in, json_t *body, bool *milestones, int64_t *from,
                            int64_t *to)
{
	static const char *const read_only[] = {"from_code", "to_code", "from_title", "to_title",
	                                        "violated", "days", NULL};
	bool has_kind = false, has_from = false, has_to = false;
	const char *name;
	json_t *v;
	json_object_foreach(body, name, v) {
		const char *key = arena_strdup(in->rq->arena, name);
		if (strcmp(key, "kind") == 0) {
			if (!kind_parse(json_string_value(v), milestones))
				return api_read_wrong(in, key, _("kind vaut \"element\" (entre éléments) ou "
				                                 "\"milestone\" (entre jalons)"));
			has_kind = true;
		} else if (strcmp(key, "from") == 0 || strcmp(key, "to") == 0) {
			if (!json_is_integer(v))
				return api_read_wrong(in, key, arena_printf(in->rq->arena, _("%s doit être l'identifiant "
				             "numérique (id) d'un élément ou d'un jalon du plan"), key));
			*(key[0] == 'f' ? from : to) = json_integer_value(v);
			*(key[0] == 'f' ? &has_from : &has_to) = true;
		} else {
			return api_read_unknown(in, key, read_only);
		}
	}
	const char *missing = !has_kind ? "kind" : !has_from ? "from" : !has_to ? "to" : NULL;
	if (missing)
		return api_read_wrong(in, missing, arena_printf(in->rq->arena, _("%s est obligatoire"), missing));
	return true;
}

/* The element a dependency is recorded on (its porteur may change it): the dependent
 * one, `to`, or the element of the `to` milestone. */
static int64_t dependent_element(const steering_data *data, bool milestones, int64_t to,
                                 const plan_element *to_e)
{
	if (!milestones)
		return to_e ? to_e->id : 0;
	const milestone *m = milestone_by_id(data, to);
	return m && m->element ? m->element->id : 0;
}

void api_dependency_create(web_request *rq, web_response *rs)
{
	plan p;
	steering_data data;
	if (!items_load(rq, rs, &p, &data))
		return;
	api_reader in;
	diag_list d;
	json_t *body = api_reader_begin(rq, rs, &p, &in, &d);
	if (!body)
		return;
	bool milestones = false;
	int64_t from = 0, to = 0;
	bool typed = dependency_read(&in, body, &milestones, &from, &to);
	json_decref(body);
	if (!typed)
		return;
	const plan_element *from_e = NULL, *to_e = NULL;
	if (milestones) {
		if (!milestone_by_id(&data, from))
			diag_add(&d, "from", 0, _("aucun jalon n° %lld dans ce plan"), (long long)from);
		if (!milestone_by_id(&data, to))
			diag_add(&d, "to", 0, _("aucun jalon n° %lld dans ce plan"), (long long)to);
	} else {
		from_e = from > 0 ? plan_find_id(&p, from) : NULL;
		to_e = to > 0 ? plan_find_id(&p, to) : NULL;
		if (!from_e)
			diag_add(&d, "from", 0, _("aucun élément n° %lld dans ce plan"), (long long)from);
		if (!to_e)
			diag_add(&d, "to", 0, _("aucun élément n° %lld dans ce plan"), (long long)to);
	}
	if (!diag_has_errors(&d) && from == to)
		diag_add(&d, "to", 0, milestones ? _("un jalon ne peut pas dépendre de lui-même")
		                                 : _("un élément ne peut pas dépendre de lui-même"));
	if (diag_has_errors(&d)) {
		api_refused(rq, rs, &d, false);
		return;
	}
	if (!web_may_edit_element(rq, dependent_element(&data, milestones, to, to_e))) {
		web_forbidden(rq, rs);
		return;
	}
	store_result r = milestones
		? store_milestone_dependency_add(rq->store, &p, from, to, &d)
		: store_dependency_add(rq->store, &p, from_e, to_e, &d);
	if (r == STORE_CONFLICT) {
		api_problem(rs, 409, api_first_message(&d), NULL);
		return;
	}
	if (r != STORE_OK) {
		api_write_refused(rq, rs, r, &d, false);
		return;
	}
	plan_rollup rollup;
	if (!view_load(rq, rs, &p, &data, &rollup))
		return;
	json_t *o = dependency_lookup(rq->arena, &p, &data, &rollup, milestones, from, to);
	if (!o) {
		api_problem(rs, 500, _("l'objet enregistré est introuvable"), NULL);
		return;
	}
	web_header(rs, rq->arena, "Location", arena_printf(rq->arena,
	           "/api/v1/plans/%s/dependencies/%s/%lld/%lld", p.slug,
	           milestones ? "milestone" : "element", (long long)from, (long long)to));
	api_json(rs, 201, o);
}

void api_dependency_delete(web_request *rq, web_response *rs)
{
	plan p;
	steering_data data;
	if (!items_load(rq, rs, &p, &data))
		return;
	bool milestones;
	int64_t from = web_id_parse(rq->params[2]), to = web_id_parse(rq->params[3]);
	const plan_element *from_e = plan_find_id(&p, from), *to_e = plan_find_id(&p, to);
	bool known = kind_parse(rq->params[1], &milestones) &&
	             (milestones ? milestone_by_id(&data, from) && milestone_by_id(&data, to)
	                         : from_e && to_e);
	if (!known) {
		dependency_not_found(rq, rs, &p);
		return;
	}
	if (!web_may_edit_element(rq, dependent_element(&data, milestones, to, to_e))) {
		web_forbidden(rq, rs);
		return;
	}
	diag_list d;
	diag_init(&d, rq->arena);
	store_result r = milestones
		? store_milestone_dependency_remove(rq->store, &p, from, to, &d)
		: store_dependency_remove(rq->store, &p, from_e, to_e, &d);
	if (r == STORE_OK)
		api_send_no_content(rs);
	else if (r == STORE_NOT_FOUND)
		dependency_not_found(rq, rs, &p);
	else
		api_write_refused(rq, rs, r, &d, false);
}

/* ---- qualification ------------------------------------------------------------------------------------ */

static const element_qualification *qualification_of(const steering_data *data,
                                                      const plan_element *e)
{
	for (size_t i = 0; i < data->qualification_count; i++)
		if (data->qualifications[i].element == e)
			return &data->qualifications[i];
	return NULL;
}

/* The element's qualification, the plan's criteria, and its ETag. */
static void qualification_send(web_request *rq, web_response *rs, const steering_data *data,
                               const plan_element *e)
{
	const element_qualification *q = qualification_of(data, e);
	priority_nature nature = q ? q->nature : PRIORITY_NATURE_UNSET;
	project_type type = q ? q->type : PROJECT_TYPE_UNSET;
	int64_t version = q ? q->version : 0;
	json_t *scores = json_object();
	for (size_t i = 0; i < data->score_count; i++)
		if (data->scores[i].element == e)
			json_object_set_new(scores, data->scores[i].criterion,
			                    json_integer(data->scores[i].score));
	json_t *o = json_object();
	json_object_set_new(o, "nature", plan_json_text(nature ? priority_nature_key(nature) : NULL));
	json_object_set_new(o, "type", plan_json_text(type ? project_type_key(type) : NULL));
	json_object_set_new(o, "scores", scores);
	json_object_set_new(o, "criteria", plan_json_texts(data->criteria, data->criterion_count));
	json_object_set_new(o, "version", json_integer(version));
	web_header(rs, rq->arena, "ETag", api_record_etag(rq->arena, ITEM_QUALIFICATION, e->id, version));
	api_json(rs, 200, o);
}

void api_qualification_get(web_request *rq, web_response *rs)
{
	plan p;
	steering_data data;
	if (!items_load(rq, rs, &p, &data))
		return;
	const plan_element *e = api_element_find(rq, rs, &p);
	if (e)
		qualification_send(rq, rs, &data, e);
}

/* The PUT body: nature, type and scores (all of them; absent is none). */
static bool qualification_read(api_reader *in, json_t *body, element_qualification *q,
                               element_score **scores, size_t *score_count)
{
	static const char *const read_only[] = {"criteria", "version", NULL};
	const char *name;
	json_t *v;
	json_object_foreach(body, name, v) {
		const char *key = arena_strdup(in->rq->arena, name);
		if (strcmp(key, "nature") == 0 || strcmp(key, "type") == 0) {
			bool nature = key[0] == 'n';
			if (json_is_null(v))
				continue;
			if (!json_is_string(v))
				return api_read_wrong(in, key, nature
				             ? _("nature doit être une chaîne (quick-win ou long-terme) ou null")
				             : _("type doit être une chaîne (infrastructure-territoriale, "
				                 "projet-phare, amelioration-service ou mutualisation) ou null"));
			const char *s = json_string_value(v);
			if (nature && !priority_nature_parse(s, &q->nature))
				diag_add(in->invalid, key, 0, _("nature inconnue « %s » (quick-win ou "
				         "long-terme)"), s);
			if (!nature && !project_type_parse(s, &q->type))
				diag_add(in->invalid, key, 0, _("type de projet inconnu « %s » "
				         "(infrastructure-territoriale, projet-phare, amelioration-service ou "
				         "mutualisation)"), s);
		} else if (strcmp(key, "scores") == 0) {
			if (json_is_null(v))
				continue;
			if (!json_is_object(v))
				return api_read_wrong(in, key, _("scores doit être un objet (critère → note de 1 à 4)"));
			*scores = arena_alloc(in->rq->arena, (json_object_size(v) + 1) * sizeof(**scores));
			const char *criterion;
			json_t *score;
			json_object_foreach(v, criterion, score) {
				if (!json_is_integer(score))
					return api_read_wrong(in, key, arena_printf(in->rq->arena, _("scores.%s doit être "
					                      "un entier de 1 à 4"), criterion));
				json_int_t n = json_integer_value(score);
				if (n < 1 || n > 4) {
					diag_add(in->invalid, key, 0, _("note invalide %lld pour « %s » (de 1 à 4)"),
					         (long long)n, criterion);
					continue;
				}
				(*scores)[(*score_count)++] = (element_score){
					.element = q->element,
					.criterion = arena_strdup(in->rq->arena, criterion),
					.score = (int)n,
				};
			}
		} else {
			return api_read_unknown(in, key, read_only);
		}
	}
	return true;
}

void api_qualification_put(web_request *rq, web_response *rs)
{
	plan p;
	steering_data data;
	if (!items_load(rq, rs, &p, &data))
		return;
	const plan_element *e = api_element_find(rq, rs, &p);
	if (!e)
		return;
	api_reader in;
	diag_list d;
	json_t *body = api_reader_begin(rq, rs, &p, &in, &d);
	if (!body)
		return;
	element_qualification q = {.element = e};
	element_score *scores = NULL;
	size_t score_count = 0;
	bool typed = qualification_read(&in, body, &q, &scores, &score_count);
	json_decref(body);
	const element_qualification *old = qualification_of(&data, e);
	int64_t version = old ? old->version : 0;
	const char *etag = api_record_etag(rq->arena, ITEM_QUALIFICATION, e->id, version);
	if (!typed || !api_precondition_check(rq, rs, etag, false))
		return;
	if (diag_has_errors(&d)) {
		api_refused(rq, rs, &d, false);
		return;
	}
	store_result r = store_qualification_set(rq->store, &p, &q, scores, score_count,
	                                         api_expected_version(rq, etag, version), &d);
	if (r != STORE_OK) {
		api_write_refused(rq, rs, r, &d, false);
		return;
	}
	if (!items_load(rq, rs, &p, &data))
		return;
	e = plan_find_id(&p, q.element->id);
	if (!e) {
		api_problem(rs, 500, _("l'objet enregistré est introuvable"), NULL);
		return;
	}
	qualification_send(rq, rs, &data, e);
}

/* ---- the plan's lists ----------------------------------------------------------------------------------- */

static bool list_which(web_request *rq, web_response *rs, plan_list *which)
{
	const char *name = rq->params[1];
	if (strcmp(name, "funding-sources") == 0)
		*which = PLAN_LIST_FUNDING_SOURCES;
	else if (strcmp(name, "phases") == 0)
		*which = PLAN_LIST_PHASES;
	else if (strcmp(name, "criteria") == 0)
		*which = PLAN_LIST_CRITERIA;
	else if (strcmp(name, "indicator-families") == 0)
		*which = PLAN_LIST_FAMILIES;
	else {
		api_problem(rs, 404, arena_printf(rq->arena, _("aucune liste « %s » : les listes sont "
		            "funding-sources, phases, criteria et indicator-families"), name), NULL);
		return false;
	}
	return true;
}

static void list_send(web_request *rq, web_response *rs, const plan *p,
                      const steering_data *data, plan_list which)
{
	if (which == PLAN_LIST_FAMILIES) {
		const char **families = NULL;
		size_t family_count = 0;
		diag_list d;
		diag_init(&d, rq->arena);
		if (!store_indicator_families_load(rq->store, rq->arena, p, &families, &family_count,
		                                   &d)) {
			api_write_refused(rq, rs, STORE_FAILED, &d, false);
			return;
		}
		json_t *o = json_object();
		json_object_set_new(o, "names", plan_json_texts(families, family_count));
		api_json(rs, 200, o);
		return;
	}
	json_t *names =
		which == PLAN_LIST_FUNDING_SOURCES
		? plan_json_texts(data->funding_sources, data->funding_source_count)
		: which == PLAN_LIST_PHASES ? plan_json_texts(data->phases, data->phase_count)
		                            : plan_json_texts(data->criteria, data->criterion_count);
	json_t *o = json_object();
	json_object_set_new(o, "names", names);
	api_json(rs, 200, o);
}

void api_list_get(web_request *rq, web_response *rs)
{
	plan p;
	steering_data data;
	plan_list which;
	if (items_load(rq, rs, &p, &data) && list_which(rq, rs, &which))
		list_send(rq, rs, &p, &data, which);
}

void api_list_put(web_request *rq, web_response *rs)
{
	plan p;
	plan_list which;
	if (!api_plan_load(rq, rs, &p) || !list_which(rq, rs, &which))
		return;
	json_t *body = api_body_object(rq, rs);
	if (!body)
		return;
	const char *name;
	json_t *v;
	const char *refused = NULL, *why = NULL;
	json_object_foreach(body, name, v) {
		if (strcmp(name, "names") != 0) {
			refused = arena_strdup(rq->arena, name);
			why = arena_printf(rq->arena, _("champ inconnu « %s »"), name);
			break;
		}
	}
	json_t *list = json_object_get(body, "names");
	size_t count = json_is_array(list) ? json_array_size(list) : 0;
	const char **names = arena_alloc(rq->arena, (count + 1) * sizeof(*names));
	bool strings = json_is_array(list);
	for (size_t i = 0; strings && i < count; i++) {
		json_t *item = json_array_get(list, i);
		strings = json_is_string(item);
		names[i] = strings ? arena_strdup(rq->arena, json_string_value(item)) : NULL;
	}
	if (!refused && !strings) {
		refused = "names";
		why = list ? arena_printf(rq->arena, _("%s doit être une liste de chaînes"), "names")
		           : _("names est obligatoire : la liste entière, dans l'ordre voulu");
	}
	json_decref(body);
	if (refused) {
		api_field_problem(rs, 400, refused, why);
		return;
	}
	diag_list d;
	diag_init(&d, rq->arena);
	store_result r = store_plan_list_set(rq->store, &p, which, names, count, &d);
	if (r == STORE_INVALID) {
		/* The store's own words (which name is still used, and by how many). */
		api_problem(rs, 422, api_first_message(&d), api_errors(rq->arena, &d, false));
		return;
	}
	if (r != STORE_OK) {
		api_write_refused(rq, rs, r, &d, false);
		return;
	}
	steering_data data;
	if (items_load(rq, rs, &p, &data))
		list_send(rq, rs, &p, &data, which);
}

/* ---- the change journal -------------------------------------------------------------------------------- */

void api_changes_list(web_request *rq, web_response *rs)
{
	plan p;
	if (!api_plan_load(rq, rs, &p))
		return;
	const char *since = web_query(rq, "since");
	const char *element = web_query(rq, "element");
	const char *limit_text = web_query(rq, "limit");
	if (since && !*since)
		since = NULL;
	jalon_date date;
	const char *why;
	if (since && !api_date_parse(since, &date, &why)) {
		api_field_problem(rs, 400, "since", arena_printf(rq->arena, _("since doit être une date "
		                  "AAAA-MM-JJ ; reçu : « %s »"), since));
		return;
	}
	int64_t element_id = 0;
	if (element && *element && !(element_id = web_id_parse(element))) {
		api_field_problem(rs, 400, "element", arena_printf(rq->arena, _("element doit être "
		                  "l'identifiant numérique (id) d'un élément ; reçu : « %s »"), element));
		return;
	}
	int64_t limit = 100;
	if (limit_text && *limit_text) {
		limit = web_id_parse(limit_text);
		if (limit < 1 || limit > 1000) {
			api_field_problem(rs, 400, "limit", arena_printf(rq->arena, _("limit doit être un "
			                  "entier de 1 à 1000 ; reçu : « %s »"), limit_text));
			return;
		}
	}
	diag_list d;
	diag_init(&d, rq->arena);
	change_entry *changes;
	size_t count;
	if (!store_changes_load(rq->store, rq->arena, p.id, since, element_id, (size_t)limit,
	                        &changes, &count, &d)) {
		api_problem(rs, 500, api_first_message(&d), NULL);
		return;
	}
	json_t *list = json_array();
	for (size_t i = 0; i < count; i++) {
		const change_entry *c = &changes[i];
		json_t *o = json_object();
		json_object_set_new(o, "id", json_integer(c->id));
		json_object_set_new(o, "at", json_string(c->at ? c->at : ""));
		json_object_set_new(o, "actor", plan_json_text(c->actor));
		json_object_set_new(o, "via", plan_json_text(c->via));
		json_object_set_new(o, "source", plan_json_text(c->source));
		json_object_set_new(o, "element", c->element_id ? json_integer(c->element_id)
		                                                : json_null());
		json_object_set_new(o, "code", plan_json_text(c->element_code));
		json_object_set_new(o, "entity", plan_json_text(c->entity));
		json_object_set_new(o, "entity_id", c->entity_id ? json_integer(c->entity_id)
		                                                 : json_null());
		json_object_set_new(o, "action", json_string(change_action_key(c->action)));
		json_object_set_new(o, "field", plan_json_text(c->field));
		json_object_set_new(o, "old", plan_json_text(c->old_value));
		json_object_set_new(o, "new", plan_json_text(c->new_value));
		json_object_set_new(o, "restorable",
		                    json_boolean(store_change_restorable(&p, c->entity, c->field,
		                                                         change_action_key(c->action))));
		json_array_append_new(list, o);
	}
	json_t *o = json_object();
	json_object_set_new(o, "changes", list);
	api_json(rs, 200, o);
}

/* POST …/changes/{id}/restore: the value before that change, put back (and journalled). */
void api_change_restore(web_request *rq, web_response *rs)
{
	plan p;
	if (!api_plan_load(rq, rs, &p))
		return;
	int64_t change = web_id_parse(rq->params[1]);
	if (!change) {
		api_problem(rs, 404, _("Changement introuvable"), NULL);
		return;
	}
	diag_list d;
	diag_init(&d, rq->arena);
	int64_t element = 0;
	store_result r = store_change_restore(rq->store, rq->arena, &p, change, &element, &d);
	if (r == STORE_NOT_FOUND || r == STORE_CONFLICT) {
		api_problem(rs, r == STORE_NOT_FOUND ? 404 : 409, api_first_message(&d), NULL);
		return;
	}
	if (r != STORE_OK) {
		api_write_refused(rq, rs, r, &d, false);
		return;
	}
	const plan_element *e = plan_find_id(&p, element);
	api_json(rs, 200, json_pack("{s:I, s:I}", "element", (json_int_t)element, "version",
	                            (json_int_t)(e ? e->version : 0)));
}
