/*
 * api_steering.c — the steering part of the JSON API (/api/v1, docs/openapi.json):
 * a plan's dashboard and an element's roll-up (optionally against a baseline),
 * baselines listed and taken, milestones and budget lines listed and imported from
 * CSV (a JSON body creates one instead: api_items.c), and an element's own status (progress, weather, phase) with its weather history.
 *
 * Same conventions as api.c (api_common.h): problem documents for every error, 400
 * for a request of the wrong shape, 422 for one that breaks a rule, 415 for a body
 * of the wrong type. The roll-up is the command line's (store/steering_view.h), and
 * the CSV imports read and write exactly as `jalon import-budget` and
 * `jalon import-milestones` do: the whole file checked, then written in one
 * transaction, or nothing.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "io/plan_json.h"
#include "io/steering_csv.h"
#include "io/steering_json.h"
#include "store/baseline_store.h"
#include "store/steering_store.h"
#include "store/steering_view.h"
#include "util/i18n.h"
#include "util/text.h"
#include "web/api_common.h"
#include "web/pages.h"

/* A path segment percent-encoded (RFC 3986: every byte but the unreserved ones). */
static const char *url_segment(arena *a, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t len = strlen(s);
	char *out = arena_alloc(a, 3 * len + 1), *o = out;
	for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
		if ((*c >= 'A' && *c <= 'Z') || (*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') ||
		    *c == '-' || *c == '.' || *c == '_' || *c == '~') {
			*o++ = (char)*c;
		} else {
			*o++ = '%';
			*o++ = hex[*c >> 4];
			*o++ = hex[*c & 15];
		}
	}
	*o = '\0';
	return out;
}

/* ?today=, today in the local calendar when absent; false with 400 sent when invalid. */
static bool api_today(web_request *rq, web_response *rs, jalon_date *today)
{
	const char *text = web_query(rq, "today");
	if (steering_view_today(text, today))
		return true;
	api_problem(rs, 400, arena_printf(rq->arena, _("date invalide « %s » pour today "
	            "(AAAA-MM-JJ)"), text),
	            json_pack("[{s:s, s:s}]", "field", "today", "message", _("date invalide")));
	return false;
}

static bool baseline_exists(web_request *rq, const plan *p, const char *name,
                            baseline_info *found)
{
	diag_list d;
	diag_init(&d, rq->arena);
	baseline_info *items;
	size_t count;
	if (!store_baselines_list(rq->store, rq->arena, p, &items, &count, &d))
		return false;
	for (size_t i = 0; i < count; i++)
		if (strcmp(items[i].name, name) == 0) {
			if (found)
				*found = items[i];
			return true;
		}
	return false;
}

/* The plan rolled up as of ?today=, against ?baseline= when given. False with the
 * problem sent: 400 (bad today), 404 (no such plan or baseline), 500. */
static bool api_rollup(web_request *rq, web_response *rs, plan *p, steering_data *data,
                       plan_rollup *r, const char **baseline, jalon_date *today)
{
	if (!api_today(rq, rs, today))
		return false;
	*baseline = web_query(rq, "baseline");
	if (*baseline && !**baseline)
		*baseline = NULL;
	diag_list d;
	diag_init(&d, rq->arena);
	if (steering_view_load_shared(rq->store, rq->arena, rq->params[0], *baseline, *today, 0, p,
	                              data, r, &d))
		return true;
	if (p->id == 0)
		api_problem(rs, 404, arena_printf(rq->arena, _("aucun plan « %s »"), rq->params[0]),
		            NULL);
	else if (*baseline && !baseline_exists(rq, p, *baseline, NULL))
		api_problem(rs, 404, arena_printf(rq->arena, _("aucun référentiel « %s » dans le plan "
		            "« %s » (GET …/baselines les liste)"), *baseline, p->slug), NULL);
	else
		api_problem(rs, 500, api_first_message(&d), NULL);
	return false;
}

/* ---- dashboard and roll-up --------------------------------------------------------------- */

void api_dashboard(web_request *rq, web_response *rs)
{
	plan p;
	steering_data data;
	plan_rollup r;
	const char *baseline;
	jalon_date today;
	if (!api_rollup(rq, rs, &p, &data, &r, &baseline, &today))
		return;
	api_json(rs, 200, steering_json_dashboard(&p, &r, baseline, today, data.has_envelope,
	                                          data.envelope_cents));
}

void api_element_rollup(web_request *rq, web_response *rs)
{
	plan p;
	steering_data data;
	plan_rollup r;
	const char *baseline;
	jalon_date today;
	if (!api_rollup(rq, rs, &p, &data, &r, &baseline, &today))
		return;
	const plan_element *e = api_element_find(rq, rs, &p);
	if (!e)
		return;
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(e->id));
	json_object_set_new(o, "code", json_string(e->code));
	json_t *rollup = steering_json_rollup(&r.by_element[e - p.elements], true);
	json_object_update(o, rollup);
	json_decref(rollup);
	json_object_set_new(o, "today", api_date_json(today));
	json_object_set_new(o, "baseline", plan_json_text(baseline));
	api_json(rs, 200, o);
}

/* ---- baselines ---------------------------------------------------------------------------- */

static json_t *baseline_json(const baseline_info *b)
{
	return json_pack("{s:s, s:s, s:I}", "name", b->name, "taken_at", b->taken_at,
	                 "element_count", (json_int_t)b->entry_count);
}

void api_baselines_list(web_request *rq, web_response *rs)
{
	plan p;
	if (!api_plan_load(rq, rs, &p))
		return;
	diag_list d;
	diag_init(&d, rq->arena);
	baseline_info *items;
	size_t count;
	if (!store_baselines_list(rq->store, rq->arena, &p, &items, &count, &d)) {
		api_problem(rs, 500, api_first_message(&d), NULL);
		return;
	}
	json_t *list = json_array();
	for (size_t i = 0; i < count; i++)
		json_array_append_new(list, baseline_json(&items[i]));
	api_json(rs, 200, list);
}

void api_baseline_get(web_request *rq, web_response *rs)
{
	plan p;
	if (!api_plan_load(rq, rs, &p))
		return;
	baseline_info b;
	if (!baseline_exists(rq, &p, rq->params[1], &b)) {
		api_problem(rs, 404, arena_printf(rq->arena, _("aucun référentiel « %s » dans le plan "
		            "« %s » (GET …/baselines les liste)"), rq->params[1], p.slug), NULL);
		return;
	}
	api_json(rs, 200, baseline_json(&b));
}

/* The body's "name", trimmed; NULL with 400 sent when absent, empty, not a string, or
 * next to another field. */
static const char *baseline_name_read(web_request *rq, web_response *rs, json_t *in)
{
	const char *key;
	json_t *value;
	json_object_foreach(in, key, value) {
		if (strcmp(key, "name") != 0) {
			const char *why = arena_printf(rq->arena, _("champ inconnu « %s »"), key);
			api_field_problem(rs, 400, key, why);
			return NULL;
		}
	}
	json_t *name = json_object_get(in, "name");
	const char *text = json_is_string(name) ? text_trim(rq->arena, json_string_value(name)) : "";
	if (!*text) {
		const char *why = _("name doit être le nom du référentiel, une chaîne non vide");
		api_field_problem(rs, 400, "name", why);
		return NULL;
	}
	return text;
}

void api_baseline_take(web_request *rq, web_response *rs)
{
	plan p;
	if (!api_plan_load(rq, rs, &p))
		return;
	json_t *in = api_body_object(rq, rs);
	if (!in)
		return;
	const char *name = baseline_name_read(rq, rs, in);
	json_decref(in);
	if (!name)
		return;
	if (baseline_exists(rq, &p, name, NULL)) {
		api_problem(rs, 409, arena_printf(rq->arena, _("le référentiel « %s » existe déjà pour "
		            "ce plan : un référentiel ne change plus, choisissez un autre nom"), name),
		            NULL);
		return;
	}
	steering_data data;
	plan_rollup r;
	jalon_date today;
	steering_view_today(NULL, &today);
	diag_list d;
	diag_init(&d, rq->arena);
	if (!steering_view_load(rq->store, rq->arena, rq->params[0], NULL, today, &p, &data, &r,
	                        &d) ||
	    !store_baseline_take(rq->store, &p, name, &r, &d)) {
		/* Taken by another request in between: still a conflict. */
		bool taken = p.id != 0 && baseline_exists(rq, &p, name, NULL);
		api_problem(rs, taken ? 409 : 500, api_first_message(&d), NULL);
		return;
	}
	baseline_info b = {.name = name, .taken_at = "", .entry_count = p.element_count};
	baseline_exists(rq, &p, name, &b);
	web_header(rs, rq->arena, "Location", arena_printf(rq->arena, "/api/v1/plans/%s/baselines/%s",
	           url_segment(rq->arena, p.slug), url_segment(rq->arena, name)));
	api_json(rs, 201, baseline_json(&b));
}

/* ---- milestones and budget lines ------------------------------------------------------------ */

json_t *api_milestone_json(const milestone *m)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(m->id));
	json_object_set_new(o, "element", json_integer(m->element->id));
	json_object_set_new(o, "code", json_string(m->element->code));
	json_object_set_new(o, "title", json_string(m->title ? m->title : ""));
	json_object_set_new(o, "planned", api_date_json(m->planned));
	json_object_set_new(o, "forecast", api_date_json(m->forecast));
	json_object_set_new(o, "actual", api_date_json(m->actual));
	json_object_set_new(o, "status", json_string(milestone_status_key(m->status)));
	json_object_set_new(o, "deliverable", plan_json_text(m->deliverable));
	json_object_set_new(o, "validated_by", plan_json_text(m->validated_by));
	json_object_set_new(o, "validated_on", api_date_json(m->validated_on));
	json_object_set_new(o, "minutes_ref", plan_json_text(m->minutes_ref));
	json_object_set_new(o, "version", json_integer(m->version));
	return o;
}

json_t *api_budget_line_json(const budget_line *l)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(l->id));
	json_object_set_new(o, "element", json_integer(l->element->id));
	json_object_set_new(o, "code", json_string(l->element->code));
	json_object_set_new(o, "year", json_integer(l->year));
	json_object_set_new(o, "nature", json_string(budget_nature_key(l->nature)));
	json_object_set_new(o, "source", plan_json_text(l->source));
	json_object_set_new(o, "planned_cents", json_integer(l->planned_cents));
	json_object_set_new(o, "committed_cents", json_integer(l->committed_cents));
	json_object_set_new(o, "paid_cents", json_integer(l->paid_cents));
	json_object_set_new(o, "version", json_integer(l->version));
	return o;
}

static void steering_list(web_request *rq, web_response *rs, bool budget)
{
	plan p;
	if (!api_plan_load(rq, rs, &p))
		return;
	steering_data data;
	diag_list d;
	diag_init(&d, rq->arena);
	if (!store_steering_load(rq->store, rq->arena, &p, &data, &d)) {
		api_problem(rs, 500, api_first_message(&d), NULL);
		return;
	}
	json_t *list = json_array();
	if (budget)
		for (size_t i = 0; i < data.line_count; i++)
			json_array_append_new(list, api_budget_line_json(&data.lines[i]));
	else
		for (size_t i = 0; i < data.milestone_count; i++)
			json_array_append_new(list, api_milestone_json(&data.milestones[i]));
	api_json(rs, 200, list);
}

/* A CSV body read against the plan, every error with its line (422), then written in
 * one transaction: appended, or replacing the plan's rows with ?replace=true. */
static void steering_import(web_request *rq, web_response *rs, bool budget)
{
	plan p;
	if (!api_plan_load(rq, rs, &p))
		return;
	const char *charset;
	const char *type = api_media_type(rq, &charset);
	if (strcmp(type, "text/csv") != 0) {
		api_problem(rs, 415, arena_printf(rq->arena, _("un fichier s'envoie en CSV "
		            "(Content-Type: text/csv), une seule ligne à créer en JSON "
		            "(Content-Type: application/json) ; reçu : « %s »"), type), NULL);
		return;
	}
	const char *replace_text = web_query(rq, "replace");
	bool replace = replace_text && strcmp(replace_text, "true") == 0;
	if (replace_text && !replace && strcmp(replace_text, "false") != 0) {
		const char *why = arena_printf(rq->arena, _("replace vaut true ou false ; reçu : « %s »"),
		                               replace_text);
		api_field_problem(rs, 400, "replace", why);
		return;
	}
	const char *encoding = web_query(rq, "encoding");
	plan_csv_options options = {.encoding = encoding && *encoding ? encoding : charset};
	const char *data = rq->body.data ? rq->body.data : "";
	diag_list d;
	diag_init(&d, rq->arena);
	budget_line *lines = NULL;
	milestone *milestones = NULL;
	size_t count = 0;
	if (budget) {
		const char **sources;
		size_t source_count;
		if (!store_funding_sources_load(rq->store, rq->arena, &p, &sources, &source_count, &d)) {
			api_problem(rs, 500, api_first_message(&d), NULL);
			return;
		}
		if (!steering_csv_read_budget(rq->arena, "budget.csv", data, rq->body.len, &options, &p,
		                              sources, source_count, &lines, &count, &d)) {
			api_refused(rq, rs, &d, true);
			return;
		}
	} else if (!steering_csv_read_milestones(rq->arena, "jalons.csv", data, rq->body.len,
	                                         &options, &p, &milestones, &count, &d)) {
		api_refused(rq, rs, &d, true);
		return;
	}
	bool ok = budget ? store_budget_lines_save(rq->store, &p, lines, count, replace, &d)
	                 : store_milestones_save(rq->store, &p, milestones, count, replace, &d);
	if (!ok) {
		api_problem(rs, 500, api_first_message(&d), NULL);
		return;
	}
	api_json(rs, 200, json_pack("{s:I, s:b}", "imported", (json_int_t)count, "replaced", replace));
}

void api_milestones_list(web_request *rq, web_response *rs)
{
	steering_list(rq, rs, false);
}

/* A JSON body is one milestone or budget line to create (api_items.c), any other body
 * a CSV file to import. */
static bool body_is_json(web_request *rq)
{
	const char *charset;
	const char *type = api_media_type(rq, &charset);
	size_t len = strlen(type);
	return strcmp(type, "application/json") == 0 ||
	       (len > 5 && strcmp(type + len - 5, "+json") == 0);
}

void api_milestones_import(web_request *rq, web_response *rs)
{
	if (body_is_json(rq))
		api_milestone_create(rq, rs);
	else
		steering_import(rq, rs, false);
}

void api_budget_lines_list(web_request *rq, web_response *rs)
{
	steering_list(rq, rs, true);
}

void api_budget_lines_import(web_request *rq, web_response *rs)
{
	if (body_is_json(rq))
		api_budget_line_create(rq, rs);
	else
		steering_import(rq, rs, true);
}

/* ---- an element's status ---------------------------------------------------------------------- */

/* The element's own status and its weather history, oldest first. */
static void status_send(web_request *rq, web_response *rs)
{
	plan p;
	if (!api_plan_load(rq, rs, &p))
		return;
	const plan_element *e = api_element_find(rq, rs, &p);
	if (!e)
		return;
	steering_data data;
	diag_list d;
	diag_init(&d, rq->arena);
	if (!store_steering_load(rq->store, rq->arena, &p, &data, &d)) {
		api_problem(rs, 500, api_first_message(&d), NULL);
		return;
	}
	const element_status *x = NULL;
	for (size_t i = 0; i < data.status_count && !x; i++)
		if (data.statuses[i].element == e)
			x = &data.statuses[i];
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(e->id));
	json_object_set_new(o, "code", json_string(e->code));
	json_object_set_new(o, "progress_pct", x && x->has_progress ? json_integer(x->progress_pct)
	                                                             : json_null());
	json_object_set_new(o, "weather", x && x->weather != WEATHER_UNSET
	                                  ? json_string(weather_key(x->weather)) : json_null());
	json_object_set_new(o, "phase", plan_json_text(x ? x->phase : NULL));
	json_t *history = json_array();
	for (size_t i = 0; i < data.weather_report_count; i++) {
		const weather_report *w = &data.weather_reports[i];
		if (w->element != e)
			continue;
		json_array_append_new(history, json_pack("{s:s, s:o, s:o}",
			"weather", weather_key(w->weather), "reported_on", api_date_json(w->reported_on),
			"comment", plan_json_text(w->comment)));
	}
	json_object_set_new(o, "weather_history", history);
	api_json(rs, 200, o);
}

void api_element_status_get(web_request *rq, web_response *rs)
{
	status_send(rq, rs);
}

/* Read the PUT body into x, reported_on and comment. Types are checked here (400);
 * values that break a rule go to invalid under their field (422). */
static bool status_read(web_request *rq, web_response *rs, json_t *in, element_status *x,
                        jalon_date *reported_on, const char **comment, diag_list *invalid)
{
	const char *key;
	json_t *v;
	json_object_foreach(in, key, v) {
		if (strcmp(key, "progress_pct") == 0) {
			if (json_is_null(v))
				continue;
			if (!json_is_integer(v)) {
				api_field_problem(rs, 400, key, _("progress_pct doit être un entier de 0 à 100 "
				                                  "ou null"));
				return false;
			}
			json_int_t n = json_integer_value(v);
			if (n < 0 || n > 100)
				diag_add(invalid, "progress_pct", 0, _("avancement invalide %lld %% (de 0 à 100)"),
				         (long long)n);
			x->has_progress = true;
			x->progress_pct = (int)n;
		} else if (strcmp(key, "weather") == 0) {
			if (json_is_null(v))
				continue;
			if (!json_is_string(v)) {
				api_field_problem(rs, 400, key, _("weather doit être une chaîne (soleil, nuage, "
				                                  "orage) ou null"));
				return false;
			}
			if (!weather_parse(json_string_value(v), &x->weather))
				diag_add(invalid, "weather", 0, _("météo inconnue « %s » (soleil, nuage ou orage)"),
				         json_string_value(v));
		} else if (strcmp(key, "phase") == 0 || strcmp(key, "comment") == 0) {
			if (json_is_null(v))
				continue;
			if (!json_is_string(v)) {
				api_field_problem(rs, 400, key, arena_printf(rq->arena,
				                                _("%s doit être une chaîne ou null"), key));
				return false;
			}
			const char *text = text_trim(rq->arena, json_string_value(v));
			if (key[0] == 'p')
				x->phase = *text ? text : NULL;
			else
				*comment = *text ? text : NULL;
		} else if (strcmp(key, "reported_on") == 0) {
			if (json_is_null(v))
				continue;
			if (!json_is_string(v)) {
				api_field_problem(rs, 400, key, _("reported_on doit être une date AAAA-MM-JJ "
				                                  "ou null"));
				return false;
			}
			const char *why;
			if (!date_parse(json_string_value(v), reported_on, &why))
				diag_add(invalid, "reported_on", 0, "%s", why);
		} else {
			api_field_problem(rs, 400, key, arena_printf(rq->arena, _("champ inconnu « %s »"),
			                                key));
			return false;
		}
	}
	return true;
}

void api_element_status_put(web_request *rq, web_response *rs)
{
	plan p;
	if (!api_plan_load(rq, rs, &p))
		return;
	const plan_element *e = api_element_find(rq, rs, &p);
	if (!e)
		return;
	json_t *in = api_body_object(rq, rs);
	if (!in)
		return;
	element_status x = {.element = e, .weather = WEATHER_UNSET};
	jalon_date reported_on = DATE_NONE;
	const char *comment = NULL;
	diag_list d;
	diag_init(&d, rq->arena);
	bool typed = status_read(rq, rs, in, &x, &reported_on, &comment, &d);
	json_decref(in);
	if (!typed)
		return;
	if (diag_has_errors(&d)) {
		api_refused(rq, rs, &d, false);
		return;
	}
	if (!store_element_status_set(rq->store, &p, &x, reported_on, comment, &d)) {
		/* The store names the field of a broken rule (an unknown phase…); a database
		 * failure names none. */
		bool rule = d.count && d.items[0].file &&
		            (strcmp(d.items[0].file, "phase") == 0 ||
		             strcmp(d.items[0].file, "progress") == 0 ||
		             strcmp(d.items[0].file, "weather") == 0 ||
		             strcmp(d.items[0].file, "comment") == 0);
		if (rule)
			api_refused(rq, rs, &d, false);
		else
			api_problem(rs, 500, api_first_message(&d), NULL);
		return;
	}
	status_send(rq, rs);
}
