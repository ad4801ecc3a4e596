/*
 * api_governance.c — the committees of the JSON API (/api/v1, docs/openapi.json):
 * a plan's instances (one from JSON, or a CSV import), their meetings with agenda,
 * attendees, decisions, action items raised and the follow-up of earlier ones, the
 * "since the last meeting" digest, the decision log and the action items.
 *
 * Same conventions as api_items.c (api_common.h): problem documents for every error,
 * 400 for a request of the wrong shape (bad JSON, wrong type, unknown or read-only
 * field), 422 for one that breaks a rule (errors names each field as the store does,
 * governance_store.h), 415 for a body that is neither JSON nor (for instances) CSV,
 * 404 for an unknown plan or record (another plan's included), 409 for a delete the
 * store refuses because of what depends on the record (an instance's meetings, a
 * meeting's decisions).
 *
 * Versions: each record's ETag is strong and names its kind, id and version: "i3-2"
 * (instance), "s7-1" (séance: a meeting), "g9-1" (agenda point), "d4-1" (decision),
 * "a5-3" (action item). PATCH needs If-Match with that exact ETag (428 without it or
 * with "*", 412 when stale, the current ETag in the answer); DELETE takes it when
 * given. The store checks the version again in the transaction that writes.
 */
#include <jansson.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "core/governance.h"
#include "io/instance_csv.h"
#include "io/plan_json.h"
#include "store/digest.h"
#include "store/governance_store.h"
#include "store/steering_view.h"
#include "util/i18n.h"
#include "util/text.h"
#include "web/api_common.h"
#include "web/auth.h"
#include "web/pages.h"

static json_t *id_json(int64_t id)
{
	return id ? json_integer(id) : json_null();
}

static jalon_date today_date(void)
{
	jalon_date today;
	steering_view_today(NULL, &today);
	return today;
}

/* ---- records found and sent ------------------------------------------------------------ */

typedef enum {
	REC_INSTANCE = 'i',
	REC_MEETING = 's',
	REC_AGENDA = 'g',
	REC_DECISION = 'd',
	REC_ACTION = 'a',
} record_kind;

/* A loader's answer r: true when it found the record; else 404 with `missing`
 * (formatted with ref, the id as the request gave it) or 500 sent. */
static bool record_loaded(web_request *rq, web_response *rs, store_result r, const diag_list *d,
                          const char *missing, const char *ref)
{
	if (r == STORE_OK)
		return true;
	if (r == STORE_NOT_FOUND)
		api_problem(rs, 404, arena_printf(rq->arena, missing, ref), NULL);
	else
		api_problem(rs, 500, api_first_message(d), NULL);
	return false;
}

/* The collection a record of kind k is reached through, below its plan. */
static const char *record_collection(record_kind k)
{
	switch (k) {
	case REC_INSTANCE:
		return "instances";
	case REC_MEETING:
		return "meetings";
	case REC_AGENDA:
		return "agenda-items";
	case REC_DECISION:
		return "decisions";
	case REC_ACTION:
		break;
	}
	return "actions";
}

/* The record of plan p as JSON with its ETag, and its Location when created (201). */
static void send_record(web_request *rq, web_response *rs, int status, const plan *p,
                        record_kind k, int64_t id, int64_t version, json_t *body)
{
	web_header(rs, rq->arena, "ETag", api_record_etag(rq->arena, k, id, version));
	if (status == 201)
		web_header(rs, rq->arena, "Location", arena_printf(rq->arena, "/api/v1/plans/%s/%s/%lld",
		           p->slug, record_collection(k), (long long)id));
	api_json(rs, status, body);
}

/* ---- one record written: the steps every kind shares ---------------------------------- */

/* A kind's field reader through one signature, so that one function reads every body. */
typedef bool (*record_reader)(api_reader *in, json_t *body, void *record);

/* The JSON body applied to record (rules broken go to d, answered later by
 * record_valid); false with 400 or 415 sent. */
static bool record_body_read(web_request *rq, web_response *rs, const plan *p,
                             record_reader read, void *record, diag_list *d)
{
	api_reader in;
	json_t *body = api_reader_begin(rq, rs, p, &in, d);
	if (!body)
		return false;
	bool ok = read(&in, body, record);
	json_decref(body);
	return ok;
}

/* False with 422 sent when the body broke a rule: the store is not asked. */
static bool record_valid(web_request *rq, web_response *rs, const diag_list *d)
{
	if (!diag_has_errors(d))
		return true;
	api_refused(rq, rs, d, false);
	return false;
}

/* The store's answer to a create or an update: true when saved, else the problem sent. */
static bool record_stored(web_request *rq, web_response *rs, store_result r, const diag_list *d)
{
	if (r == STORE_OK)
		return true;
	api_write_refused(rq, rs, r, d, false);
	return false;
}

/* PATCH: If-Match must name this very version, so that no one's change is overwritten. */
static bool record_precondition(web_request *rq, web_response *rs, record_kind k, int64_t id,
                                int64_t version)
{
	return api_precondition_check(rq, rs, api_record_etag(rq->arena, k, id, version), true);
}

/* A kind's store delete, through one signature. */
typedef store_result (*record_deleter)(store *s, const plan *p, int64_t id,
                                       int64_t expected_version, diag_list *d);

/* DELETE of a record found by the path: If-Match, when given, must name its version;
 * 409 when the store refuses because of what depends on it. */
static void record_delete(web_request *rq, web_response *rs, const plan *p, record_kind k,
                          int64_t id, int64_t version, record_deleter delete_record)
{
	const char *etag = api_record_etag(rq->arena, k, id, version);
	if (!api_precondition_check(rq, rs, etag, false))
		return;
	diag_list d;
	diag_init(&d, rq->arena);
	store_result r = delete_record(rq->store, p, id, api_expected_version(rq, etag, version), &d);
	if (r == STORE_OK)
		api_send_no_content(rs);
	else
		api_write_refused(rq, rs, r, &d, true);
}

/* ---- records as JSON ------------------------------------------------------------------------ */

static json_t *element_ref_json(const plan_element *e)
{
	return e ? json_integer(e->id) : json_null();
}

static json_t *element_code_json(const plan_element *e)
{
	return e ? json_string(e->code) : json_null();
}

static json_t *instance_json(const instance *i)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(i->id));
	json_object_set_new(o, "kind", json_string(instance_kind_key(i->kind)));
	json_object_set_new(o, "name", json_string(i->name ? i->name : ""));
	json_object_set_new(o, "role", plan_json_text(i->role));
	json_object_set_new(o, "frequency", plan_json_text(i->frequency));
	json_t *members = json_array();
	for (size_t k = 0; k < i->member_count; k++)
		json_array_append_new(members, json_pack("{s:s, s:o}", "name", i->members[k].name,
		                                         "role", plan_json_text(i->members[k].role)));
	json_object_set_new(o, "members", members);
	json_t *branches = json_array(), *codes = json_array();
	for (size_t k = 0; k < i->branch_count; k++) {
		json_array_append_new(branches, json_integer(i->branches[k]->id));
		json_array_append_new(codes, json_string(i->branches[k]->code));
	}
	json_object_set_new(o, "branches", branches);
	json_object_set_new(o, "branch_codes", codes);
	json_object_set_new(o, "version", json_integer(i->version));
	return o;
}

static json_t *start_json(int minute)
{
	if (minute < 0)
		return json_null();
	char s[8];
	snprintf(s, sizeof(s), "%02d:%02d", minute / 60 % 100, minute % 60);
	return json_string(s);
}

static json_t *meeting_json(const meeting *m)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(m->id));
	json_object_set_new(o, "instance", json_integer(m->instance_id));
	json_object_set_new(o, "instance_name", plan_json_text(m->instance_name));
	json_object_set_new(o, "date", api_date_json(m->date));
	json_object_set_new(o, "start", start_json(m->start_minute));
	json_object_set_new(o, "duration", m->duration_min > 0 ? json_integer(m->duration_min)
	                                                      : json_null());
	json_object_set_new(o, "place", plan_json_text(m->place));
	json_object_set_new(o, "video_url", plan_json_text(m->video_url));
	json_object_set_new(o, "status", json_string(meeting_status_key(m->status)));
	json_object_set_new(o, "minutes", plan_json_text(m->minutes));
	json_object_set_new(o, "sequence", json_integer(m->sequence));
	json_object_set_new(o, "version", json_integer(m->version));
	return o;
}

static json_t *agenda_json(const agenda_item *g, size_t position)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(g->id));
	json_object_set_new(o, "meeting", json_integer(g->meeting_id));
	if (position)
		json_object_set_new(o, "position", json_integer((json_int_t)position));
	json_object_set_new(o, "title", json_string(g->title ? g->title : ""));
	json_object_set_new(o, "element", element_ref_json(g->element));
	json_object_set_new(o, "element_code", element_code_json(g->element));
	json_object_set_new(o, "indicator", id_json(g->indicator_id));
	json_object_set_new(o, "indicator_code", plan_json_text(g->indicator_code));
	json_object_set_new(o, "risk", id_json(g->risk_id));
	json_object_set_new(o, "risk_description", plan_json_text(g->risk_description));
	json_object_set_new(o, "notes", plan_json_text(g->notes));
	json_object_set_new(o, "for_decision", json_boolean(g->for_decision));
	json_object_set_new(o, "version", json_integer(g->version));
	return o;
}

static json_t *decision_json(const decision *d)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(d->id));
	json_object_set_new(o, "meeting", json_integer(d->meeting_id));
	json_object_set_new(o, "meeting_date", api_date_json(d->meeting_date));
	json_object_set_new(o, "instance_name", plan_json_text(d->instance_name));
	json_object_set_new(o, "kind", json_string(decision_kind_key(d->kind)));
	json_object_set_new(o, "text", json_string(d->text ? d->text : ""));
	json_t *elements = json_array(), *codes = json_array();
	for (size_t k = 0; k < d->element_count; k++) {
		json_array_append_new(elements, json_integer(d->elements[k]->id));
		json_array_append_new(codes, json_string(d->elements[k]->code));
	}
	json_object_set_new(o, "elements", elements);
	json_object_set_new(o, "element_codes", codes);
	json_object_set_new(o, "effect", plan_json_text(decision_effect_key(d->effect)));
	json_object_set_new(o, "milestone", id_json(d->milestone_id));
	json_object_set_new(o, "effect_element", element_ref_json(d->effect_element));
	json_object_set_new(o, "effect_date", api_date_json(d->effect_date));
	json_object_set_new(o, "effect_value", plan_json_text(d->effect_value));
	json_object_set_new(o, "effect_summary", plan_json_text(d->effect_summary));
	json_object_set_new(o, "version", json_integer(d->version));
	return o;
}

static json_t *action_json(const action_item *a, jalon_date today)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(a->id));
	json_object_set_new(o, "meeting", id_json(a->meeting_id));
	json_object_set_new(o, "meeting_date", api_date_json(a->meeting_date));
	json_object_set_new(o, "instance_name", plan_json_text(a->instance_name));
	json_object_set_new(o, "element", element_ref_json(a->element));
	json_object_set_new(o, "element_code", element_code_json(a->element));
	json_object_set_new(o, "text", json_string(a->text ? a->text : ""));
	json_object_set_new(o, "owner", plan_json_text(a->owner));
	json_object_set_new(o, "due", api_date_json(a->due));
	json_object_set_new(o, "status", json_string(action_status_key(a->status)));
	json_object_set_new(o, "open", json_boolean(action_status_open(a->status)));
	json_object_set_new(o, "overdue", json_boolean(action_item_overdue(a, today)));
	json_object_set_new(o, "created_on", api_date_json(a->created_on));
	json_object_set_new(o, "closed_on", api_date_json(a->closed_on));
	json_object_set_new(o, "version", json_integer(a->version));
	return o;
}

static json_t *digest_entry_json(const digest_entry *e)
{
	json_t *o = json_object();
	json_object_set_new(o, "kind", json_string(digest_kind_key(e->kind)));
	json_object_set_new(o, "element", element_ref_json(e->element));
	json_object_set_new(o, "element_code", element_code_json(e->element));
	json_object_set_new(o, "subject", plan_json_text(e->subject));
	json_object_set_new(o, "before", e->before ? json_string(e->before) : json_null());
	json_object_set_new(o, "after", e->after ? json_string(e->after) : json_null());
	json_object_set_new(o, "detail", plan_json_text(e->detail));
	json_object_set_new(o, "date", api_date_json(e->date));
	json_object_set_new(o, "ref_id", id_json(e->ref_id));
	return o;
}

/* ---- reading a JSON body ---------------------------------------------------------------------- */

/* The id of an element of the plan, or null when nullable. */
static bool read_element(api_reader *in, const char *key, json_t *v, bool nullable,
                         const plan_element **out)
{
	*out = NULL;
	if (nullable && json_is_null(v))
		return true;
	if (!json_is_integer(v))
		return api_read_wrong(in, key, arena_printf(in->rq->arena, _("%s doit être l'identifiant "
		                      "numérique (id) d'un élément du plan"), key));
	json_int_t id = json_integer_value(v);
	*out = id > 0 ? plan_find_id(in->p, id) : NULL;
	if (!*out)
		diag_add(in->invalid, key, 0, _("aucun élément n° %lld dans ce plan"), (long long)id);
	return true;
}

/* An array of element ids of the plan. */
static bool read_elements(api_reader *in, const char *key, json_t *v, const plan_element ***out,
                          size_t *count)
{
	if (!json_is_array(v))
		return api_read_wrong(in, key, arena_printf(in->rq->arena, _("%s doit être une liste "
		                      "d'identifiants (id) d'éléments du plan"), key));
	size_t n = json_array_size(v), kept = 0;
	const plan_element **list = arena_alloc(in->rq->arena, (n + 1) * sizeof(*list));
	for (size_t i = 0; i < n; i++) {
		const plan_element *e;
		if (!read_element(in, key, json_array_get(v, i), false, &e))
			return false;
		if (e)
			list[kept++] = e;
	}
	*out = list;
	*count = kept;
	return true;
}

/* A positive id, or null (0). */
static bool read_id(api_reader *in, const char *key, json_t *v, int64_t *out)
{
	*out = 0;
	if (json_is_null(v))
		return true;
	if (!json_is_integer(v) || json_integer_value(v) <= 0)
		return api_read_wrong(in, key, arena_printf(in->rq->arena,
		                                   _("%s doit être un identifiant (entier positif) ou null"),
		                                   key));
	*out = json_integer_value(v);
	return true;
}

static bool read_bool(api_reader *in, const char *key, json_t *v, bool *out)
{
	if (!json_is_boolean(v))
		return api_read_wrong(in, key, arena_printf(in->rq->arena, _("%s doit être true ou false"),
		                                            key));
	*out = json_is_true(v);
	return true;
}

/* An enumeration's key or label through its parser; an unknown word goes to invalid. */
static bool read_enum(api_reader *in, const char *key, json_t *v,
                      bool (*parse)(const char *, int *), const char *choices, int *out)
{
	if (!json_is_string(v))
		return api_read_wrong(in, key, arena_printf(in->rq->arena, _("%s doit être une chaîne : %s"),
		                                            key, choices));
	if (!parse(json_string_value(v), out))
		diag_add(in->invalid, key, 0, _("valeur inconnue « %s » (%s)"), json_string_value(v),
		         choices);
	return true;
}

/* The parsers of core/governance.h through one signature. */
#define ENUM_PARSER(name, type, parser)                   \
	static bool name(const char *s, int *out)             \
	{                                                     \
		type v;                                           \
		if (!parser(s, &v))                               \
			return false;                                 \
		*out = (int)v;                                    \
		return true;                                      \
	}
ENUM_PARSER(parse_instance_kind, instance_kind, instance_kind_parse)
ENUM_PARSER(parse_meeting_status, meeting_status, meeting_status_parse)
ENUM_PARSER(parse_presence, attendee_presence, attendee_presence_parse)
ENUM_PARSER(parse_decision_kind, decision_kind, decision_kind_parse)
ENUM_PARSER(parse_action_status, action_status, action_status_parse)

/* "HH:MM" (00:00–23:59) or null (-1). */
static bool read_start(api_reader *in, const char *key, json_t *v, int *out)
{
	*out = -1;
	if (json_is_null(v))
		return true;
	if (!json_is_string(v))
		return api_read_wrong(in, key, _("start doit être une heure HH:MM ou null"));
	const char *s = json_string_value(v);
	if (strlen(s) == 5 && s[2] == ':' && strspn(s, "0123456789") == 2 &&
	    strspn(s + 3, "0123456789") == 2) {
		int h = atoi(s), m = atoi(s + 3);
		if (h < 24 && m < 60) {
			*out = h * 60 + m;
			return true;
		}
	}
	diag_add(in->invalid, key, 0, _("« %s » : heure HH:MM attendue, de 00:00 à 23:59"), s);
	return true;
}

/* ---- instances -------------------------------------------------------------------------------- */

static bool read_members(api_reader *in, const char *key, json_t *v, instance *i)
{
	if (!json_is_array(v))
		return api_read_wrong(in, key, _("members doit être une liste d'objets {name, role}"));
	size_t n = json_array_size(v);
	i->members = arena_alloc(in->rq->arena, (n + 1) * sizeof(*i->members));
	i->member_count = n;
	for (size_t k = 0; k < n; k++) {
		json_t *m = json_array_get(v, k);
		if (json_is_string(m)) {
			i->members[k] = (instance_member){.name = text_trim(in->rq->arena,
			                                                   json_string_value(m))};
			continue;
		}
		json_t *name = json_is_object(m) ? json_object_get(m, "name") : NULL;
		json_t *role = json_is_object(m) ? json_object_get(m, "role") : NULL;
		if (!name || !json_is_string(name) || (role && !json_is_string(role) && !json_is_null(role)))
			return api_read_wrong(in, key, _("members doit être une liste d'objets {name, role}"));
		const char *r = role && json_is_string(role) ? text_trim(in->rq->arena,
		                                                         json_string_value(role)) : NULL;
		i->members[k] = (instance_member){
			.name = text_trim(in->rq->arena, json_string_value(name)),
			.role = r && *r ? r : NULL,
		};
	}
	return true;
}

static bool instance_read(api_reader *in, json_t *body, void *record)
{
	instance *i = record;
	static const char *const read_only[] = {"id", "version", "branch_codes", NULL};
	const char *name;
	json_t *v;
	json_object_foreach(body, name, v) {
		const char *key = arena_strdup(in->rq->arena, name);
		bool ok = true;
		int e = 0; /* read_enum leaves it unset when it refuses */
		if (strcmp(key, "kind") == 0) {
			ok = read_enum(in, key, v, parse_instance_kind,
			               "gouvernance, pilotage, operationnel, transverse", &e);
			i->kind = (instance_kind)e;
		} else if (strcmp(key, "name") == 0) {
			ok = api_read_text(in, key, v, false, &i->name);
		} else if (strcmp(key, "role") == 0) {
			ok = api_read_text(in, key, v, true, &i->role);
		} else if (strcmp(key, "frequency") == 0) {
			ok = api_read_text(in, key, v, true, &i->frequency);
		} else if (strcmp(key, "members") == 0) {
			ok = read_members(in, key, v, i);
		} else if (strcmp(key, "branches") == 0) {
			ok = read_elements(in, key, v, &i->branches, &i->branch_count);
		} else {
			ok = api_read_unknown(in, key, read_only);
		}
		if (!ok)
			return false;
	}
	api_read_required(in, "name", i->name != NULL);
	return true;
}

/* The instance of the path (rq->params[1]); false with 404/500 sent. */
static bool instance_find(web_request *rq, web_response *rs, const plan *p, instance *out)
{
	diag_list d;
	diag_init(&d, rq->arena);
	int64_t id = web_id_parse(rq->params[1]);
	store_result r = store_instance_get(rq->store, rq->arena, p, id, out, &d);
	return record_loaded(rq, rs, r, &d, _("aucune instance « %s » dans ce plan"), rq->params[1]);
}

static void instance_saved(web_request *rq, web_response *rs, const plan *p, int64_t id,
                           int status)
{
	instance i;
	diag_list d;
	diag_init(&d, rq->arena);
	if (store_instance_get(rq->store, rq->arena, p, id, &i, &d) != STORE_OK) {
		api_problem(rs, 500, api_first_message(&d), NULL);
		return;
	}
	send_record(rq, rs, status, p, REC_INSTANCE, i.id, i.version, instance_json(&i));
}

void api_instances_list(web_request *rq, web_response *rs)
{
	plan p;
	if (!api_plan_load(rq, rs, &p))
		return;
	instance *items;
	size_t count;
	diag_list d;
	diag_init(&d, rq->arena);
	if (store_instances_load(rq->store, rq->arena, &p, &items, &count, &d) != STORE_OK) {
		api_problem(rs, 500, api_first_message(&d), NULL);
		return;
	}
	json_t *list = json_array();
	for (size_t i = 0; i < count; i++)
		json_array_append_new(list, instance_json(&items[i]));
	api_json(rs, 200, list);
}

/* A CSV body (io/instance_csv.h) imported all or nothing; ?replace=true deletes the
 * plan's instances the file does not name. */
static void instances_import(web_request *rq, web_response *rs, const plan *p)
{
	const char *replace_text = web_query(rq, "replace");
	bool replace = replace_text && strcmp(replace_text, "true") == 0;
	if (replace_text && !replace && strcmp(replace_text, "false") != 0) {
		api_field_problem(rs, 400, "replace", arena_printf(rq->arena,
		                  _("replace vaut true ou false ; reçu : « %s »"), replace_text));
		return;
	}
	const char *charset;
	api_media_type(rq, &charset);
	const char *encoding = web_query(rq, "encoding");
	plan_csv_options options = {.encoding = encoding && *encoding ? encoding : charset};
	diag_list d;
	diag_init(&d, rq->arena);
	instance *items = NULL;
	size_t count = 0, created = 0, updated = 0;
	if (!instance_csv_read(rq->arena, "instances.csv", rq->body.data ? rq->body.data : "",
	                       rq->body.len, &options, p, &items, &count, &d)) {
		api_refused(rq, rs, &d, true);
		return;
	}
	store_result r = store_instances_import(rq->store, p, items, count, replace, &created,
	                                        &updated, &d);
	if (r == STORE_INVALID) {
		api_refused(rq, rs, &d, true);
		return;
	}
	if (r != STORE_OK) {
		api_problem(rs, 500, api_first_message(&d), NULL);
		return;
	}
	api_json(rs, 200, json_pack("{s:I, s:I, s:I, s:b}", "imported", (json_int_t)count,
	                            "created", (json_int_t)created, "updated", (json_int_t)updated,
	                            "replaced", replace));
}

void api_instance_create(web_request *rq, web_response *rs)
{
	plan p;
	if (!api_plan_load(rq, rs, &p))
		return;
	const char *charset;
	if (strcmp(api_media_type(rq, &charset), "text/csv") == 0) {
		instances_import(rq, rs, &p);
		return;
	}
	diag_list d;
	instance i = {.kind = INSTANCE_STEERING};
	if (!record_body_read(rq, rs, &p, instance_read, &i, &d) || !record_valid(rq, rs, &d))
		return;
	store_result r = store_instance_create(rq->store, &p, &i, &d);
	if (record_stored(rq, rs, r, &d))
		instance_saved(rq, rs, &p, i.id, 201);
}

void api_instance_get(web_request *rq, web_response *rs)
{
	plan p;
	instance i;
	if (api_plan_load(rq, rs, &p) && instance_find(rq, rs, &p, &i))
		send_record(rq, rs, 200, &p, REC_INSTANCE, i.id, i.version, instance_json(&i));
}

void api_instance_patch(web_request *rq, web_response *rs)
{
	plan p;
	instance i;
	if (!api_plan_load(rq, rs, &p) || !instance_find(rq, rs, &p, &i))
		return;
	int64_t version = i.version;
	diag_list d;
	if (!record_body_read(rq, rs, &p, instance_read, &i, &d) ||
	    !record_precondition(rq, rs, REC_INSTANCE, i.id, version) ||
	    !record_valid(rq, rs, &d))
		return;
	store_result r = store_instance_update(rq->store, &p, &i, version, &d);
	if (record_stored(rq, rs, r, &d))
		instance_saved(rq, rs, &p, i.id, 200);
}

void api_instance_delete(web_request *rq, web_response *rs)
{
	plan p;
	instance i;
	if (api_plan_load(rq, rs, &p) && instance_find(rq, rs, &p, &i))
		record_delete(rq, rs, &p, REC_INSTANCE, i.id, i.version, store_instance_delete);
}

/* ---- meetings ----------------------------------------------------------------------------------- */

static bool meeting_read(api_reader *in, json_t *body, void *record)
{
	meeting *m = record;
	static const char *const read_only[] = {"id", "version", "sequence", "instance_name",
	                                        "agenda", "attendees", "decisions", "actions",
	                                        "followups", NULL};
	const char *name;
	json_t *v;
	json_object_foreach(body, name, v) {
		const char *key = arena_strdup(in->rq->arena, name);
		bool ok = true;
		int e = 0; /* read_enum leaves it unset when it refuses */
		if (strcmp(key, "instance") == 0) {
			ok = read_id(in, key, v, &m->instance_id);
		} else if (strcmp(key, "date") == 0) {
			ok = api_read_date(in, key, v, &m->date);
		} else if (strcmp(key, "start") == 0) {
			ok = read_start(in, key, v, &m->start_minute);
		} else if (strcmp(key, "duration") == 0) {
			if (json_is_null(v)) {
				m->duration_min = 0;
			} else if (!json_is_integer(v)) {
				ok = api_read_wrong(in, key, _("duration doit être un nombre entier de minutes ou null"));
			} else if (json_integer_value(v) <= 0 || json_integer_value(v) > 24 * 60) {
				diag_add(in->invalid, key, 0, _("la durée se compte en minutes, de 1 à 1440"));
			} else {
				m->duration_min = (int)json_integer_value(v);
			}
		} else if (strcmp(key, "place") == 0) {
			ok = api_read_text(in, key, v, true, &m->place);
		} else if (strcmp(key, "video_url") == 0) {
			ok = api_read_text(in, key, v, true, &m->video_url);
		} else if (strcmp(key, "status") == 0) {
			ok = read_enum(in, key, v, parse_meeting_status,
			               "prevue, tenue, cr-approuve, annulee", &e);
			m->status = (meeting_status)e;
		} else if (strcmp(key, "minutes") == 0) {
			ok = api_read_text(in, key, v, true, &m->minutes);
		} else {
			ok = api_read_unknown(in, key, read_only);
		}
		if (!ok)
			return false;
	}
	api_read_required(in, "instance", m->instance_id != 0);
	api_read_required(in, "date", date_is_set(m->date));
	return true;
}

static bool meeting_find(web_request *rq, web_response *rs, const plan *p, meeting *out)
{
	diag_list d;
	diag_init(&d, rq->arena);
	int64_t id = web_id_parse(rq->params[1]);
	store_result r = store_meeting_get(rq->store, rq->arena, p, id, out, &d);
	return record_loaded(rq, rs, r, &d, _("aucune séance « %s » dans ce plan"), rq->params[1]);
}

/* The meeting with everything its page shows: agenda, attendees, decisions, action
 * items raised there and the follow-up of earlier ones. NULL on a database error. */
static json_t *meeting_full_json(web_request *rq, const plan *p, const meeting *m,
                                 diag_list *d)
{
	agenda_item *agenda;
	meeting_attendee *attendees;
	decision *decisions;
	action_item *actions, *followups;
	size_t na, nt, nd, nr, nf;
	action_filter raised = {.meeting_id = m->id};
	if (store_agenda_load(rq->store, rq->arena, p, m->id, &agenda, &na, d) != STORE_OK ||
	    store_attendees_load(rq->store, rq->arena, p, m->id, &attendees, &nt, d) != STORE_OK ||
	    store_decisions_load(rq->store, rq->arena, p, m->id, &decisions, &nd, d) != STORE_OK ||
	    store_action_items_load(rq->store, rq->arena, p, &raised, &actions, &nr, d) != STORE_OK ||
	    store_meeting_followups(rq->store, rq->arena, p, m, &followups, &nf, d) != STORE_OK)
		return NULL;
	jalon_date today = today_date();
	json_t *o = meeting_json(m);
	json_t *list = json_array();
	for (size_t i = 0; i < na; i++)
		json_array_append_new(list, agenda_json(&agenda[i], i + 1));
	json_object_set_new(o, "agenda", list);
	list = json_array();
	for (size_t i = 0; i < nt; i++)
		json_array_append_new(list, json_pack("{s:s, s:s}", "name", attendees[i].name,
		                      "presence", attendee_presence_key(attendees[i].presence)));
	json_object_set_new(o, "attendees", list);
	list = json_array();
	for (size_t i = 0; i < nd; i++)
		json_array_append_new(list, decision_json(&decisions[i]));
	json_object_set_new(o, "decisions", list);
	list = json_array();
	for (size_t i = 0; i < nr; i++)
		json_array_append_new(list, action_json(&actions[i], today));
	json_object_set_new(o, "actions", list);
	list = json_array();
	for (size_t i = 0; i < nf; i++)
		json_array_append_new(list, action_json(&followups[i], today));
	json_object_set_new(o, "followups", list);
	return o;
}

static void meeting_saved(web_request *rq, web_response *rs, const plan *p, int64_t id,
                          int status)
{
	meeting m;
	diag_list d;
	diag_init(&d, rq->arena);
	if (store_meeting_get(rq->store, rq->arena, p, id, &m, &d) != STORE_OK) {
		api_problem(rs, 500, api_first_message(&d), NULL);
		return;
	}
	json_t *o = meeting_full_json(rq, p, &m, &d);
	if (!o) {
		api_problem(rs, 500, api_first_message(&d), NULL);
		return;
	}
	send_record(rq, rs, status, p, REC_MEETING, m.id, m.version, o);
}

void api_meetings_list(web_request *rq, web_response *rs)
{
	plan p;
	if (!api_plan_load(rq, rs, &p))
		return;
	const char *text = web_query(rq, "instance");
	int64_t instance_id = text && *text ? web_id_parse(text) : 0;
	if (text && *text && !instance_id) {
		api_field_problem(rs, 400, "instance", _("instance doit être l'identifiant (id) d'une "
		                                         "instance du plan"));
		return;
	}
	diag_list d;
	diag_init(&d, rq->arena);
	if (instance_id) {
		instance i;
		store_result r = store_instance_get(rq->store, rq->arena, &p, instance_id, &i, &d);
		if (!record_loaded(rq, rs, r, &d, _("aucune instance « %s » dans ce plan"), text))
			return;
	}
	meeting *items;
	size_t count;
	if (store_meetings_load(rq->store, rq->arena, &p, instance_id, &items, &count, &d) != STORE_OK) {
		api_problem(rs, 500, api_first_message(&d), NULL);
		return;
	}
	json_t *list = json_array();
	for (size_t i = 0; i < count; i++)
		json_array_append_new(list, meeting_json(&items[i]));
	api_json(rs, 200, list);
}

void api_meeting_create(web_request *rq, web_response *rs)
{
	plan p;
	if (!api_plan_load(rq, rs, &p))
		return;
	diag_list d;
	meeting m = {.start_minute = -1, .status = MEETING_PLANNED};
	if (!record_body_read(rq, rs, &p, meeting_read, &m, &d) || !record_valid(rq, rs, &d))
		return;
	if (!web_may_record_for_instance(rq, m.instance_id)) {
		web_forbidden(rq, rs);
		return;
	}
	store_result r = store_meeting_create(rq->store, &p, &m, &d);
	if (record_stored(rq, rs, r, &d))
		meeting_saved(rq, rs, &p, m.id, 201);
}

void api_meeting_get(web_request *rq, web_response *rs)
{
	plan p;
	meeting m;
	if (!api_plan_load(rq, rs, &p) || !meeting_find(rq, rs, &p, &m))
		return;
	diag_list d;
	diag_init(&d, rq->arena);
	json_t *o = meeting_full_json(rq, &p, &m, &d);
	if (!o)
		api_problem(rs, 500, api_first_message(&d), NULL);
	else
		send_record(rq, rs, 200, &p, REC_MEETING, m.id, m.version, o);
}

void api_meeting_patch(web_request *rq, web_response *rs)
{
	plan p;
	meeting m;
	if (!api_plan_load(rq, rs, &p) || !meeting_find(rq, rs, &p, &m))
		return;
	int64_t version = m.version;
	diag_list d;
	if (!record_body_read(rq, rs, &p, meeting_read, &m, &d) ||
	    !record_precondition(rq, rs, REC_MEETING, m.id, version) ||
	    !record_valid(rq, rs, &d))
		return;
	/* Moved to another committee: the writer must sit on that one too. */
	if (!web_may_record_for_instance(rq, m.instance_id)) {
		web_forbidden(rq, rs);
		return;
	}
	store_result r = store_meeting_update(rq->store, &p, &m, version, &d);
	if (record_stored(rq, rs, r, &d))
		meeting_saved(rq, rs, &p, m.id, 200);
}

void api_meeting_delete(web_request *rq, web_response *rs)
{
	plan p;
	meeting m;
	if (api_plan_load(rq, rs, &p) && meeting_find(rq, rs, &p, &m))
		record_delete(rq, rs, &p, REC_MEETING, m.id, m.version, store_meeting_delete);
}

/* ---- agenda and attendees ----------------------------------------------------------------------- */

static bool agenda_read(api_reader *in, json_t *body, void *record)
{
	agenda_item *g = record;
	static const char *const read_only[] = {"id", "version", "meeting", "position",
	                                        "element_code", "indicator_code",
	                                        "risk_description", NULL};
	const char *name;
	json_t *v;
	json_object_foreach(body, name, v) {
		const char *key = arena_strdup(in->rq->arena, name);
		bool ok = true;
		if (strcmp(key, "title") == 0) {
			ok = api_read_text(in, key, v, true, &g->title);
		} else if (strcmp(key, "element") == 0) {
			ok = read_element(in, key, v, true, &g->element);
		} else if (strcmp(key, "indicator") == 0) {
			ok = read_id(in, key, v, &g->indicator_id);
		} else if (strcmp(key, "risk") == 0) {
			ok = read_id(in, key, v, &g->risk_id);
		} else if (strcmp(key, "notes") == 0) {
			ok = api_read_text(in, key, v, true, &g->notes);
		} else if (strcmp(key, "for_decision") == 0) {
			ok = read_bool(in, key, v, &g->for_decision);
		} else {
			ok = api_read_unknown(in, key, read_only);
		}
		if (!ok)
			return false;
	}
	return true;
}

/* The agenda point of the path with its meeting's agenda (for its position); false
 * with 404/500 sent. The plan's meetings are searched: a point is reached by its id. */
static bool agenda_find(web_request *rq, web_response *rs, const plan *p, agenda_item *out,
                        size_t *position)
{
	int64_t id = web_id_parse(rq->params[1]);
	diag_list d;
	diag_init(&d, rq->arena);
	meeting *meetings;
	size_t count;
	if (store_meetings_load(rq->store, rq->arena, p, 0, &meetings, &count, &d) != STORE_OK) {
		api_problem(rs, 500, api_first_message(&d), NULL);
		return false;
	}
	for (size_t i = 0; id && i < count; i++) {
		agenda_item *items;
		size_t n;
		if (store_agenda_load(rq->store, rq->arena, p, meetings[i].id, &items, &n, &d) != STORE_OK) {
			api_problem(rs, 500, api_first_message(&d), NULL);
			return false;
		}
		for (size_t k = 0; k < n; k++)
			if (items[k].id == id) {
				*out = items[k];
				*position = k + 1;
				return true;
			}
	}
	api_problem(rs, 404, arena_printf(rq->arena, _("aucun point d'ordre du jour « %s » dans ce "
	                                                "plan"), rq->params[1]), NULL);
	return false;
}

static void agenda_saved(web_request *rq, web_response *rs, const plan *p, int64_t meeting_id,
                         int64_t id, int status)
{
	agenda_item *items;
	size_t n;
	diag_list d;
	diag_init(&d, rq->arena);
	if (store_agenda_load(rq->store, rq->arena, p, meeting_id, &items, &n, &d) == STORE_OK)
		for (size_t k = 0; k < n; k++)
			if (items[k].id == id) {
				send_record(rq, rs, status, p, REC_AGENDA, id, items[k].version,
				            agenda_json(&items[k], k + 1));
				return;
			}
	api_problem(rs, 500, api_first_message(&d), NULL);
}

void api_agenda_item_create(web_request *rq, web_response *rs)
{
	plan p;
	meeting m;
	if (!api_plan_load(rq, rs, &p) || !meeting_find(rq, rs, &p, &m))
		return;
	diag_list d;
	agenda_item g = {.meeting_id = m.id};
	if (!record_body_read(rq, rs, &p, agenda_read, &g, &d) || !record_valid(rq, rs, &d))
		return;
	store_result r = store_agenda_item_create(rq->store, &p, &g, &d);
	if (record_stored(rq, rs, r, &d))
		agenda_saved(rq, rs, &p, m.id, g.id, 201);
}

/* PATCH also takes "move": -1 (up) or 1 (down), applied after the other fields. */
void api_agenda_item_patch(web_request *rq, web_response *rs)
{
	plan p;
	agenda_item g;
	size_t position;
	if (!api_plan_load(rq, rs, &p) || !agenda_find(rq, rs, &p, &g, &position))
		return;
	int64_t version = g.version;
	api_reader in;
	diag_list d;
	json_t *body = api_reader_begin(rq, rs, &p, &in, &d);
	if (!body)
		return;
	int move = 0;
	json_t *mv = json_object_get(body, "move");
	if (mv) {
		if (!json_is_integer(mv) || (json_integer_value(mv) != 1 && json_integer_value(mv) != -1)) {
			json_decref(body);
			api_field_problem(rs, 400, "move", _("move vaut -1 (monter) ou 1 (descendre)"));
			return;
		}
		move = (int)json_integer_value(mv);
		json_object_del(body, "move");
	}
	bool ok = agenda_read(&in, body, &g);
	bool fields = json_object_size(body) > 0;
	json_decref(body);
	if (!ok || !record_precondition(rq, rs, REC_AGENDA, g.id, version) ||
	    !record_valid(rq, rs, &d))
		return;
	store_result r = fields ? store_agenda_item_update(rq->store, &p, &g, version, &d) : STORE_OK;
	if (r == STORE_OK && move)
		r = store_agenda_item_move(rq->store, &p, g.id, move, &d);
	if (record_stored(rq, rs, r, &d))
		agenda_saved(rq, rs, &p, g.meeting_id, g.id, 200);
}

void api_agenda_item_delete(web_request *rq, web_response *rs)
{
	plan p;
	agenda_item g;
	size_t position;
	if (api_plan_load(rq, rs, &p) && agenda_find(rq, rs, &p, &g, &position))
		record_delete(rq, rs, &p, REC_AGENDA, g.id, g.version, store_agenda_item_delete);
}

/* PUT of the whole list: [{"name": "…", "presence": "present"|"excuse"}], or names. */
void api_attendees_put(web_request *rq, web_response *rs)
{
	plan p;
	meeting m;
	if (!api_plan_load(rq, rs, &p) || !meeting_find(rq, rs, &p, &m))
		return;
	const char *charset;
	if (strcmp(api_media_type(rq, &charset), "application/json") != 0) {
		api_problem(rs, 415, _("le corps doit être du JSON (Content-Type: application/json)"), NULL);
		return;
	}
	json_error_t error;
	json_t *body = json_loadb(rq->body.data ? rq->body.data : "", rq->body.len, 0, &error);
	if (!body || !json_is_array(body)) {
		json_decref(body);
		api_field_problem(rs, 400, "attendees", _("le corps doit être une liste d'objets "
		                                          "{name, presence}"));
		return;
	}
	api_reader in = {.rq = rq, .rs = rs, .p = &p};
	diag_list d;
	diag_init(&d, rq->arena);
	in.invalid = &d;
	size_t n = json_array_size(body);
	meeting_attendee *list = arena_alloc(rq->arena, (n + 1) * sizeof(*list));
	bool ok = true;
	for (size_t i = 0; ok && i < n; i++) {
		json_t *a = json_array_get(body, i);
		list[i] = (meeting_attendee){.presence = PRESENCE_PRESENT};
		if (json_is_string(a)) {
			list[i].name = text_trim(rq->arena, json_string_value(a));
			continue;
		}
		json_t *name = json_is_object(a) ? json_object_get(a, "name") : NULL;
		json_t *presence = json_is_object(a) ? json_object_get(a, "presence") : NULL;
		if (!name || !json_is_string(name)) {
			ok = api_read_wrong(&in, "attendees", _("chaque participant est un objet {name, presence}"));
			break;
		}
		list[i].name = text_trim(rq->arena, json_string_value(name));
		int e = PRESENCE_PRESENT;
		if (presence)
			ok = read_enum(&in, "attendees", presence, parse_presence, "present, excuse", &e);
		list[i].presence = (attendee_presence)e;
	}
	json_decref(body);
	if (!ok || !record_valid(rq, rs, &d))
		return;
	store_result r = store_attendees_set(rq->store, &p, m.id, list, n, &d);
	if (record_stored(rq, rs, r, &d))
		meeting_saved(rq, rs, &p, m.id, 200);
}

/* ---- the digest ------------------------------------------------------------------------------------ */

void api_meeting_digest(web_request *rq, web_response *rs)
{
	plan p;
	meeting m;
	if (!api_plan_load(rq, rs, &p) || !meeting_find(rq, rs, &p, &m))
		return;
	const char *text = web_query(rq, "today");
	jalon_date today;
	const char *why;
	if (text && *text ? !api_date_parse(text, &today, &why) : !steering_view_today(NULL, &today)) {
		api_field_problem(rs, 400, "today", arena_printf(rq->arena, _("today : « %s » : date "
		                  "AAAA-MM-JJ attendue"), text ? text : ""));
		return;
	}
	meeting_digest g;
	diag_list d;
	diag_init(&d, rq->arena);
	if (store_meeting_digest(rq->store, rq->arena, &p, &m, today, &g, &d) != STORE_OK) {
		api_problem(rs, 500, api_first_message(&d), NULL);
		return;
	}
	json_t *o = json_object();
	json_object_set_new(o, "meeting", json_integer(m.id));
	json_object_set_new(o, "from", api_date_json(g.from));
	json_object_set_new(o, "to", api_date_json(g.to));
	json_object_set_new(o, "previous_meeting", g.has_previous ? json_integer(g.previous_meeting_id)
	                                                          : json_null());
	json_object_set_new(o, "previous_date", g.has_previous ? api_date_json(g.previous_date)
	                                                       : json_null());
	json_t *list = json_array();
	for (size_t i = 0; i < g.count; i++)
		json_array_append_new(list, digest_entry_json(&g.entries[i]));
	json_object_set_new(o, "entries", list);
	api_json(rs, 200, o);
}

/* ---- decisions -------------------------------------------------------------------------------------- */

/* Decision fields; `creating`: the effect fields may be given (they are applied once,
 * when the decision is recorded, and never changed afterwards). */
static bool decision_read(api_reader *in, json_t *body, decision *x, bool creating)
{
	static const char *const read_only[] = {"id", "version", "meeting", "meeting_date",
	                                        "instance_name", "element_codes", "effect_summary",
	                                        NULL};
	static const char *const effect_fields[] = {"effect", "milestone", "effect_element",
	                                            "effect_date", "effect_value", NULL};
	const char *name;
	json_t *v;
	json_object_foreach(body, name, v) {
		const char *key = arena_strdup(in->rq->arena, name);
		bool ok = true;
		int e = 0; /* read_enum leaves it unset when it refuses */
		bool effect_field = false;
		for (size_t i = 0; effect_fields[i]; i++)
			effect_field |= strcmp(key, effect_fields[i]) == 0;
		if (effect_field && !creating)
			return api_read_wrong(in, key, arena_printf(in->rq->arena, _("%s ne se modifie pas : l'effet "
			             "d'une décision est appliqué une fois, quand elle est enregistrée"), key));
		if (strcmp(key, "kind") == 0) {
			ok = read_enum(in, key, v, parse_decision_kind,
			               "validation, arbitrage, report, abandon, budget, autre", &e);
			x->kind = (decision_kind)e;
		} else if (strcmp(key, "text") == 0) {
			ok = api_read_text(in, key, v, false, &x->text);
		} else if (strcmp(key, "elements") == 0) {
			ok = read_elements(in, key, v, &x->elements, &x->element_count);
		} else if (strcmp(key, "effect") == 0) {
			if (json_is_null(v)) {
				x->effect = EFFECT_NONE;
			} else if (!json_is_string(v)) {
				ok = api_read_wrong(in, key, _("effect doit être une chaîne ou null"));
			} else if (!decision_effect_parse(json_string_value(v), &x->effect)) {
				diag_add(in->invalid, key, 0, _("effet inconnu « %s » (jalon-atteint, "
				         "jalon-reporte, jalon-annule, phase, avancement)"), json_string_value(v));
			}
		} else if (strcmp(key, "milestone") == 0) {
			ok = read_id(in, key, v, &x->milestone_id);
		} else if (strcmp(key, "effect_element") == 0) {
			ok = read_element(in, key, v, true, &x->effect_element);
		} else if (strcmp(key, "effect_date") == 0) {
			ok = api_read_date(in, key, v, &x->effect_date);
		} else if (strcmp(key, "effect_value") == 0) {
			if (json_is_integer(v))
				x->effect_value = arena_printf(in->rq->arena, "%lld",
				                               (long long)json_integer_value(v));
			else
				ok = api_read_text(in, key, v, true, &x->effect_value);
		} else {
			ok = api_read_unknown(in, key, read_only);
		}
		if (!ok)
			return false;
	}
	api_read_required(in, "text", x->text != NULL);
	return true;
}

static bool decision_read_new(api_reader *in, json_t *body, void *record)
{
	return decision_read(in, body, record, true);
}

/* A decision's effect was applied when it was recorded: a change cannot name it. */
static bool decision_read_change(api_reader *in, json_t *body, void *record)
{
	return decision_read(in, body, record, false);
}

static bool decision_find(web_request *rq, web_response *rs, const plan *p, decision *out)
{
	diag_list d;
	diag_init(&d, rq->arena);
	int64_t id = web_id_parse(rq->params[1]);
	store_result r = store_decision_get(rq->store, rq->arena, p, id, out, &d);
	return record_loaded(rq, rs, r, &d, _("aucune décision « %s » dans ce plan"), rq->params[1]);
}

static void decision_saved(web_request *rq, web_response *rs, const plan *p, int64_t id,
                           int status)
{
	decision x;
	diag_list d;
	diag_init(&d, rq->arena);
	if (store_decision_get(rq->store, rq->arena, p, id, &x, &d) != STORE_OK) {
		api_problem(rs, 500, api_first_message(&d), NULL);
		return;
	}
	send_record(rq, rs, status, p, REC_DECISION, x.id, x.version, decision_json(&x));
}

void api_decision_create(web_request *rq, web_response *rs)
{
	plan p;
	meeting m;
	if (!api_plan_load(rq, rs, &p) || !meeting_find(rq, rs, &p, &m))
		return;
	diag_list d;
	decision x = {.meeting_id = m.id, .kind = DECISION_OTHER};
	if (!record_body_read(rq, rs, &p, decision_read_new, &x, &d) || !record_valid(rq, rs, &d))
		return;
	/* A committee's decision acts on the branches it steers. */
	if (!web_may_affect(rq, m.id, x.effect_element ? x.effect_element->id : 0, x.milestone_id)) {
		web_forbidden(rq, rs);
		return;
	}
	store_result r = store_decision_create(rq->store, rq->arena, &p, &x, &d);
	if (record_stored(rq, rs, r, &d))
		decision_saved(rq, rs, &p, x.id, 201);
}

/* The search filter of ?q=&kind=&instance=&from=&to=; false with 400 sent. */
static bool decision_filter_read(web_request *rq, web_response *rs, decision_filter *f)
{
	*f = (decision_filter){.query = web_query(rq, "q"), .kind = -1};
	const char *kind = web_query(rq, "kind"), *inst = web_query(rq, "instance");
	if (kind && *kind) {
		decision_kind k;
		if (!decision_kind_parse(kind, &k)) {
			api_field_problem(rs, 400, "kind", arena_printf(rq->arena, _("type de décision "
			                  "inconnu « %s »"), kind));
			return false;
		}
		f->kind = (int)k;
	}
	if (inst && *inst && !(f->instance_id = web_id_parse(inst))) {
		api_field_problem(rs, 400, "instance", _("instance doit être l'identifiant (id) d'une "
		                                         "instance du plan"));
		return false;
	}
	static const char *const names[] = {"from", "to"};
	jalon_date *dates[] = {&f->from, &f->to};
	for (size_t i = 0; i < 2; i++) {
		const char *text = web_query(rq, names[i]), *why;
		if (text && *text && !api_date_parse(text, dates[i], &why)) {
			api_field_problem(rs, 400, names[i], arena_printf(rq->arena, "%s : « %s » : %s",
			                  names[i], text, why));
			return false;
		}
	}
	return true;
}

void api_decisions_list(web_request *rq, web_response *rs)
{
	plan p;
	decision_filter f;
	if (!api_plan_load(rq, rs, &p) || !decision_filter_read(rq, rs, &f))
		return;
	decision *items;
	size_t count;
	diag_list d;
	diag_init(&d, rq->arena);
	if (store_decisions_search(rq->store, rq->arena, &p, &f, &items, &count, &d) != STORE_OK) {
		api_problem(rs, 500, api_first_message(&d), NULL);
		return;
	}
	json_t *list = json_array();
	for (size_t i = 0; i < count; i++)
		json_array_append_new(list, decision_json(&items[i]));
	api_json(rs, 200, list);
}

void api_decision_get(web_request *rq, web_response *rs)
{
	plan p;
	decision x;
	if (api_plan_load(rq, rs, &p) && decision_find(rq, rs, &p, &x))
		send_record(rq, rs, 200, &p, REC_DECISION, x.id, x.version, decision_json(&x));
}

void api_decision_patch(web_request *rq, web_response *rs)
{
	plan p;
	decision x;
	if (!api_plan_load(rq, rs, &p) || !decision_find(rq, rs, &p, &x))
		return;
	int64_t version = x.version;
	diag_list d;
	if (!record_body_read(rq, rs, &p, decision_read_change, &x, &d) ||
	    !record_precondition(rq, rs, REC_DECISION, x.id, version) ||
	    !record_valid(rq, rs, &d))
		return;
	if (!web_may_affect(rq, x.meeting_id, x.effect_element ? x.effect_element->id : 0,
	                    x.milestone_id)) {
		web_forbidden(rq, rs);
		return;
	}
	store_result r = store_decision_update(rq->store, &p, &x, version, &d);
	if (record_stored(rq, rs, r, &d))
		decision_saved(rq, rs, &p, x.id, 200);
}

void api_decision_delete(web_request *rq, web_response *rs)
{
	plan p;
	decision x;
	if (api_plan_load(rq, rs, &p) && decision_find(rq, rs, &p, &x))
		record_delete(rq, rs, &p, REC_DECISION, x.id, x.version, store_decision_delete);
}

/* ---- action items ------------------------------------------------------------------------------------ */

static bool action_read(api_reader *in, json_t *body, void *record)
{
	action_item *a = record;
	static const char *const read_only[] = {"id", "version", "element_code", "open", "overdue",
	                                        "created_on", "closed_on", "meeting_date",
	                                        "instance_name", NULL};
	const char *name;
	json_t *v;
	json_object_foreach(body, name, v) {
		const char *key = arena_strdup(in->rq->arena, name);
		bool ok = true;
		int e = 0; /* read_enum leaves it unset when it refuses */
		if (strcmp(key, "text") == 0) {
			ok = api_read_text(in, key, v, false, &a->text);
		} else if (strcmp(key, "owner") == 0) {
			ok = api_read_text(in, key, v, true, &a->owner);
		} else if (strcmp(key, "due") == 0) {
			ok = api_read_date(in, key, v, &a->due);
		} else if (strcmp(key, "status") == 0) {
			ok = read_enum(in, key, v, parse_action_status,
			               "a-faire, en-cours, faite, abandonnee", &e);
			a->status = (action_status)e;
		} else if (strcmp(key, "element") == 0) {
			ok = read_element(in, key, v, true, &a->element);
		} else if (strcmp(key, "meeting") == 0) {
			ok = read_id(in, key, v, &a->meeting_id);
		} else {
			ok = api_read_unknown(in, key, read_only);
		}
		if (!ok)
			return false;
	}
	api_read_required(in, "text", a->text != NULL);
	return true;
}

static bool action_find(web_request *rq, web_response *rs, const plan *p, action_item *out)
{
	diag_list d;
	diag_init(&d, rq->arena);
	int64_t id = web_id_parse(rq->params[1]);
	store_result r = store_action_item_get(rq->store, rq->arena, p, id, out, &d);
	return record_loaded(rq, rs, r, &d, _("aucune action « %s » dans ce plan"), rq->params[1]);
}

static void action_saved(web_request *rq, web_response *rs, const plan *p, int64_t id,
                         int status)
{
	action_item a;
	diag_list d;
	diag_init(&d, rq->arena);
	if (store_action_item_get(rq->store, rq->arena, p, id, &a, &d) != STORE_OK) {
		api_problem(rs, 500, api_first_message(&d), NULL);
		return;
	}
	send_record(rq, rs, status, p, REC_ACTION, a.id, a.version, action_json(&a, today_date()));
}

void api_actions_list(web_request *rq, web_response *rs)
{
	plan p;
	if (!api_plan_load(rq, rs, &p))
		return;
	action_filter f = {.owner = web_query(rq, "owner")};
	if (f.owner && !*f.owner)
		f.owner = NULL;
	const char *open = web_query(rq, "open"), *element = web_query(rq, "element");
	if (open && *open) {
		if (strcmp(open, "true") != 0 && strcmp(open, "false") != 0) {
			api_field_problem(rs, 400, "open", arena_printf(rq->arena, _("open vaut true ou "
			                  "false ; reçu : « %s »"), open));
			return;
		}
		f.open_only = strcmp(open, "true") == 0;
	}
	if (element && *element) {
		f.element_id = web_id_parse(element);
		if (!f.element_id || !plan_find_id(&p, f.element_id)) {
			api_field_problem(rs, 400, "element", arena_printf(rq->arena, _("aucun élément "
			                  "« %s » dans ce plan"), element));
			return;
		}
	}
	action_item *items;
	size_t count;
	diag_list d;
	diag_init(&d, rq->arena);
	if (store_action_items_load(rq->store, rq->arena, &p, &f, &items, &count, &d) != STORE_OK) {
		api_problem(rs, 500, api_first_message(&d), NULL);
		return;
	}
	jalon_date today = today_date();
	json_t *list = json_array();
	for (size_t i = 0; i < count; i++)
		json_array_append_new(list, action_json(&items[i], today));
	api_json(rs, 200, list);
}

void api_action_create(web_request *rq, web_response *rs)
{
	plan p;
	if (!api_plan_load(rq, rs, &p))
		return;
	diag_list d;
	action_item a = {.status = ACTION_TODO};
	if (!record_body_read(rq, rs, &p, action_read, &a, &d) || !record_valid(rq, rs, &d))
		return;
	if (!web_may_record_action(rq, a.meeting_id, a.element ? a.element->id : 0)) {
		web_forbidden(rq, rs);
		return;
	}
	store_result r = store_action_item_create(rq->store, &p, &a, today_date(), &d);
	if (record_stored(rq, rs, r, &d))
		action_saved(rq, rs, &p, a.id, 201);
}

void api_action_get(web_request *rq, web_response *rs)
{
	plan p;
	action_item a;
	if (api_plan_load(rq, rs, &p) && action_find(rq, rs, &p, &a))
		send_record(rq, rs, 200, &p, REC_ACTION, a.id, a.version,
		            action_json(&a, today_date()));
}

void api_action_patch(web_request *rq, web_response *rs)
{
	plan p;
	action_item a;
	if (!api_plan_load(rq, rs, &p) || !action_find(rq, rs, &p, &a))
		return;
	int64_t version = a.version;
	diag_list d;
	if (!record_body_read(rq, rs, &p, action_read, &a, &d) ||
	    !record_precondition(rq, rs, REC_ACTION, a.id, version) ||
	    !record_valid(rq, rs, &d))
		return;
	if (!web_may_record_action(rq, a.meeting_id, a.element ? a.element->id : 0)) {
		web_forbidden(rq, rs);
		return;
	}
	store_result r = store_action_item_update(rq->store, &p, &a, version, today_date(), &d);
	if (record_stored(rq, rs, r, &d))
		action_saved(rq, rs, &p, a.id, 200);
}

void api_action_delete(web_request *rq, web_response *rs)
{
	plan p;
	action_item a;
	if (api_plan_load(rq, rs, &p) && action_find(rq, rs, &p, &a))
		record_delete(rq, rs, &p, REC_ACTION, a.id, a.version, store_action_item_delete);
}
