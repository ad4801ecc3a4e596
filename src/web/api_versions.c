/*
 * api_versions.c — the plan's own life in the JSON API: SWOT tables (the plan's at
 * /plans/{}/swot, an element's at /plans/{}/elements/{}/swot), the chain of versions,
 * the status workflow with the adoption record, revisions and comparisons.
 *
 * A SWOT table's ETag is strong and names the plan, the element (0: the plan) and the
 * table's version; PUT replaces the whole table and needs If-Match with that exact
 * ETag (428 without it or with "*", 412 when stale), as the items of api_items.c.
 * Refusals are problem documents: 422 naming the fields (a quadrant, status,
 * adoption.date, adoption.body, adoption.votes_for…, slug), 409 when the plan's status does not allow the move (a
 * status the workflow does not reach from here, a revision of a plan not adopted),
 * 404 for an unknown plan or element. JSON shapes: io/version_json.h.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "core/plan_compare.h"
#include "io/version_json.h"
#include "store/change_log.h"
#include "store/plan_store.h"
#include "store/swot_store.h"
#include "store/version_store.h"
#include "util/i18n.h"
#include "util/text.h"
#include "web/api_common.h"
#include "web/auth.h"
#include "web/pages.h"

/* ---- SWOT ----------------------------------------------------------------------------- */

static const char *swot_etag(arena *a, const plan *p, const plan_element *e, int64_t version)
{
	return arena_printf(a, "\"s%lld-%lld-%lld\"", (long long)p->id, (long long)(e ? e->id : 0),
	                    (long long)version);
}

/* If-Match names exactly etag: true; else 428 or 412 sent. */
static bool swot_precondition(web_request *rq, web_response *rs, const char *etag)
{
	api_precondition_words words = {
		.absent = _("en-tête If-Match obligatoire : renvoyez l'ETag reçu en lisant ce tableau, "
		            "pour ne pas écraser la modification de quelqu'un d'autre"),
		.any = _("If-Match: * n'est pas accepté : renvoyez l'ETag exact du tableau"),
		.stale = arena_printf(rq->arena, _("modifié entre-temps (ETag actuel : %s) : "
		                      "relisez-le ; rien n'a été enregistré"), etag),
	};
	return api_precondition_answer(rq, rs, etag, true, &words);
}

/* The plan, the element of the path when `of_element`, and their SWOT table as
 * stored; false with 404 or 500 sent. d is initialised for the caller's later use. */
static bool swot_load(web_request *rq, web_response *rs, bool of_element, plan *p,
                      const plan_element **e, swot_table *t, diag_list *d)
{
	*e = NULL;
	diag_init(d, rq->arena);
	if (!api_plan_load(rq, rs, p))
		return false;
	if (of_element && !(*e = api_element_find(rq, rs, p)))
		return false;
	if (store_swot_load(rq->store, rq->arena, p, *e, t, d))
		return true;
	api_problem(rs, 500, api_first_message(d), NULL);
	return false;
}

static void swot_get(web_request *rq, web_response *rs, bool of_element)
{
	plan p;
	const plan_element *e;
	swot_table t;
	diag_list d;
	if (swot_load(rq, rs, of_element, &p, &e, &t, &d) &&
	    !api_not_modified(rq, rs, swot_etag(rq->arena, &p, e, t.version)))
		api_json(rs, 200, swot_table_json(&t));
}

static void swot_put(web_request *rq, web_response *rs, bool of_element)
{
	plan p;
	const plan_element *e;
	swot_table current;
	diag_list d;
	if (!swot_load(rq, rs, of_element, &p, &e, &current, &d))
		return;
	if (!swot_precondition(rq, rs, swot_etag(rq->arena, &p, e, current.version)))
		return;
	json_t *body = api_body_object(rq, rs);
	if (!body)
		return;
	swot_table t;
	bool read = swot_table_from_json(rq->arena, body, &t, &d);
	json_decref(body);
	if (!read) {
		api_refused(rq, rs, &d, false);
		return;
	}
	if (e) {
		t.element_id = e->id;
		t.element_code = e->code;
		t.element_title = e->title;
	}
	/* store_swot_replace never answers STORE_NOT_FOUND: the shared answers are exact. */
	store_result r = store_swot_replace(rq->store, &p, e, &t, current.version, &d);
	if (r != STORE_OK) {
		api_write_refused(rq, rs, r, &d, false);
		return;
	}
	web_header(rs, rq->arena, "ETag", swot_etag(rq->arena, &p, e, t.version));
	api_json(rs, 200, swot_table_json(&t));
}

void api_swot_get(web_request *rq, web_response *rs)
{
	swot_get(rq, rs, false);
}

void api_swot_put(web_request *rq, web_response *rs)
{
	swot_put(rq, rs, false);
}

void api_element_swot_get(web_request *rq, web_response *rs)
{
	swot_get(rq, rs, true);
}

void api_element_swot_put(web_request *rq, web_response *rs)
{
	swot_put(rq, rs, true);
}

/* ---- versions, status, revisions ------------------------------------------------------ */

static json_t *text_or_null(const char *s)
{
	return s && *s ? json_string(s) : json_null();
}

/* The plan's life in one object: slug, title, status, version label, adoption record
 * (as GET /plans/{} writes it: date, body, deliberation, votes). */
static json_t *plan_life_json(arena *a, const plan *p)
{
	json_t *o = json_object();
	json_object_set_new(o, "slug", json_string(p->slug));
	json_object_set_new(o, "title", json_string(p->title));
	json_object_set_new(o, "status", json_string(plan_status_key(p->status)));
	json_object_set_new(o, "version_label", text_or_null(p->version_label));
	if (p->adoption.recorded) {
		json_t *r = json_object();
		json_object_set_new(r, "date", text_or_null(store_change_date(a, p->adoption.date)));
		json_object_set_new(r, "body", text_or_null(p->adoption.body));
		json_object_set_new(r, "deliberation", text_or_null(p->adoption.number));
		json_object_set_new(r, "votes_for", json_integer(p->adoption.votes_for));
		json_object_set_new(r, "votes_against", json_integer(p->adoption.votes_against));
		json_object_set_new(r, "abstentions", json_integer(p->adoption.abstentions));
		json_object_set_new(o, "adoption", r);
	} else {
		json_object_set_new(o, "adoption", json_null());
	}
	return o;
}

void api_versions_list(web_request *rq, web_response *rs)
{
	plan p;
	if (!api_plan_load(rq, rs, &p))
		return;
	diag_list d;
	diag_init(&d, rq->arena);
	plan_version *v;
	size_t n, current;
	if (!store_plan_versions(rq->store, rq->arena, &p, &v, &n, &current, &d)) {
		api_problem(rs, 500, api_first_message(&d), NULL);
		return;
	}
	json_t *o = plan_life_json(rq->arena, &p);
	plan_status next[PLAN_STATUS_COUNT];
	size_t count = plan_transitions_from(p.status, next);
	json_t *allowed = json_array();
	for (size_t i = 0; i < count; i++)
		json_array_append_new(allowed, json_string(plan_status_key(next[i])));
	json_object_set_new(o, "allowed_statuses", allowed);
	json_object_set_new(o, "versions", plan_versions_json(v, n, current));
	api_json(rs, 200, o);
}

/* A member of obj as text (NULL when absent or null); a diag on `field` when of
 * another type. */
static const char *member_text(arena *a, json_t *obj, const char *name, const char *field,
                               diag_list *d)
{
	json_t *v = obj ? json_object_get(obj, name) : NULL;
	if (!v || json_is_null(v))
		return NULL;
	if (!json_is_string(v)) {
		diag_add(d, field, 0, _("« %s » doit être un texte"), field);
		return NULL;
	}
	return text_trim(a, json_string_value(v));
}

static int member_votes(json_t *obj, const char *name, const char *field, diag_list *d)
{
	json_t *v = obj ? json_object_get(obj, name) : NULL;
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > 100000) {
		diag_add(d, field, 0, _("« %s » doit être un nombre de voix (entier positif)"), field);
		return 0;
	}
	return (int)json_integer_value(v);
}

/* The store names the adoption's fields as the database; the API as its JSON. */
static void diags_name_adoption(diag_list *d)
{
	static const char *const names[][2] = {
		{"adopted_on", "adoption.date"}, {"adopted_by", "adoption.body"},
		{"votes", "adoption.votes_for"},
	};
	for (size_t i = 0; i < d->count; i++)
		for (size_t k = 0; k < sizeof(names) / sizeof(names[0]); k++)
			if (d->items[i].file && strcmp(d->items[i].file, names[k][0]) == 0)
				d->items[i].file = names[k][1];
}

void api_plan_status_post(web_request *rq, web_response *rs)
{
	plan p;
	if (!api_plan_load(rq, rs, &p))
		return;
	json_t *body = api_body_object(rq, rs);
	if (!body)
		return;
	diag_list d;
	diag_init(&d, rq->arena);
	const char *status = member_text(rq->arena, body, "status", "status", &d);
	json_t *adoption = json_object_get(body, "adoption");
	if (adoption && !json_is_null(adoption) && !json_is_object(adoption)) {
		diag_add(&d, "adoption", 0, _("« adoption » doit être un objet (date, body, "
		                              "deliberation, votes_for, votes_against, abstentions)"));
		adoption = NULL;
	}
	const char *date = member_text(rq->arena, adoption, "date", "adoption.date", &d);
	plan_adoption record = {
		.recorded = true,
		.body = member_text(rq->arena, adoption, "body", "adoption.body", &d),
		.number = member_text(rq->arena, adoption, "deliberation", "adoption.deliberation", &d),
		.votes_for = member_votes(adoption, "votes_for", "adoption.votes_for", &d),
		.votes_against = member_votes(adoption, "votes_against", "adoption.votes_against", &d),
		.abstentions = member_votes(adoption, "abstentions", "adoption.abstentions", &d),
	};
	if (record.number && !*record.number)
		record.number = NULL;
	plan_status to = PLAN_STATUS_DRAFT;
	const char *why;
	if (!status)
		diag_add(&d, "status", 0, _("statut manquant (brouillon, en-consultation, adopte, "
		                            "en-revision, clos)"));
	else if (!plan_status_parse(status, &to))
		diag_add(&d, "status", 0, _("statut inconnu « %s » (brouillon, en-consultation, adopte, "
		                            "en-revision, clos)"), status);
	if (date && *date && !date_parse(date, &record.date, &why))
		diag_add(&d, "adoption.date", 0, _("date invalide « %s » : %s"), date, why);
	json_decref(body);
	if (diag_has_errors(&d)) {
		api_refused(rq, rs, &d, false);
		return;
	}
	if (!plan_transition_allowed(p.status, to)) {
		store_plan_set_status(rq->store, &p, to, &record, &d); /* for its message only */
		api_problem(rs, 409, api_first_message(&d), NULL);
		return;
	}
	switch (store_plan_set_status(rq->store, &p, to, &record, &d)) {
	case STORE_OK:
		api_json(rs, 200, plan_life_json(rq->arena, &p));
		return;
	case STORE_INVALID:
		diags_name_adoption(&d);
		api_refused(rq, rs, &d, false);
		return;
	case STORE_CONFLICT:
		api_problem(rs, 409, api_first_message(&d), NULL);
		return;
	default:
		api_problem(rs, 500, api_first_message(&d), NULL);
	}
}

void api_plan_revisions_post(web_request *rq, web_response *rs)
{
	plan p;
	if (!api_plan_load(rq, rs, &p))
		return;
	diag_list d;
	diag_init(&d, rq->arena);
	const char *slug = NULL;
	/* The body is optional: none, or {"slug": "…"}. */
	if (rq->body.len > 0) {
		json_t *body = api_body_object(rq, rs);
		if (!body)
			return;
		slug = member_text(rq->arena, body, "slug", "slug", &d);
		json_decref(body);
		if (diag_has_errors(&d)) {
			api_refused(rq, rs, &d, false);
			return;
		}
	}
	if (p.status != PLAN_STATUS_ADOPTED) {
		api_problem(rs, 409, arena_printf(rq->arena,
		            _("seul un plan adopté peut être révisé ; le plan « %s » est « %s »"), p.slug,
		            plan_status_label(p.status)), NULL);
		return;
	}
	const char *created = NULL;
	switch (store_plan_revise(rq->store, rq->arena, &p, slug, &created, &d)) {
	case STORE_OK: {
		plan revision;
		if (!store_plan_load(rq->store, rq->arena, created, &revision, &d)) {
			api_problem(rs, 500, api_first_message(&d), NULL);
			return;
		}
		web_header(rs, rq->arena, "Location", arena_printf(rq->arena, "/api/v1/plans/%s", created));
		json_t *o = plan_life_json(rq->arena, &revision);
		json_object_set_new(o, "previous", json_string(p.slug));
		json_object_set_new(o, "element_count", json_integer((json_int_t)revision.element_count));
		api_json(rs, 201, o);
		return;
	}
	case STORE_INVALID:
		/* A status changed in between is a conflict; a slug refused is the user's. */
		if (api_diag_has_field(&d, "status"))
			api_problem(rs, 409, api_first_message(&d), NULL);
		else
			api_refused(rq, rs, &d, false);
		return;
	default:
		api_problem(rs, 500, api_first_message(&d), NULL);
	}
}

void api_plan_compare(web_request *rq, web_response *rs)
{
	plan p, other;
	if (!api_plan_load(rq, rs, &p))
		return;
	const char *with = web_query(rq, "with");
	if (!with || !*with) {
		int64_t previous = store_plan_previous_id(rq->store, p.id);
		if (!previous) {
			api_field_problem(rs, 400, "with",
			                  _("paramètre « with » manquant : le plan à comparer (ce plan ne "
			                    "révise aucune version)"));
			return;
		}
		with = arena_printf(rq->arena, "%lld", (long long)previous);
	}
	diag_list d;
	diag_init(&d, rq->arena);
	if (!web_may_read_plan(rq, with) ||
	    !store_plan_load(rq->store, rq->arena, with, &other, &d)) {
		api_problem(rs, 404, arena_printf(rq->arena, _("plan à comparer inconnu « %s »"), with),
		            NULL);
		return;
	}
	/* The older plan (created first) is "from". */
	const plan *a = other.id < p.id ? &other : &p, *b = other.id < p.id ? &p : &other;
	plan_comparison c;
	plan_compare(rq->arena, a, b, &c);
	api_json(rs, 200, plan_comparison_json(a, b, &c));
}
