/*
 * api_indicators.c — a plan's indicators in the JSON API (/api/v1, docs/openapi.json):
 * the board (each indicator with its latest value, the value expected today, its
 * status, trend and whether a measurement is due), one indicator with all its
 * measurements and their previous values (a computed one: its values reconstructed
 * from the plan's dated data, "series"), a catalogue imported from CSV, and
 * measurements imported from CSV, put one at a time from JSON (a measurement on the
 * date of an existing one corrects it, the previous value kept) or deleted.
 *
 * Same conventions as api_steering.c and api_items.c (api_common.h): problem documents
 * for every error, 400 for a request of the wrong shape, 422 for one that breaks a
 * rule (by field, or by line for a refused CSV file: nothing is then written), 415
 * for a body of the wrong type, 404 for an unknown plan, indicator or measurement.
 * The board is the command line's (store/indicator_view.h: computed indicators from
 * the plan rolled up against its oldest baseline), and the CSV imports read and write
 * exactly as `jalon import-indicators` and `jalon import-measurements` do.
 *
 * A measurement's ETag is strong and names its id and version, "v12-3" for version 3
 * of measurement 12; DELETE takes it in If-Match when given (412 when stale).
 */
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/indicator_csv.h"
#include "io/plan_json.h"
#include "store/indicator_store.h"
#include "store/indicator_view.h"
#include "store/steering_view.h"
#include "util/i18n.h"
#include "util/text.h"
#include "web/api_common.h"
#include "web/auth.h"
#include "web/pages.h"

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

static const char *measurement_etag(arena *a, int64_t id, int64_t version)
{
	return arena_printf(a, "\"v%lld-%lld\"", (long long)id, (long long)version);
}

/* A CSV file's problems with their lines (422), or a database failure (500). */
static void save_refused(web_request *rq, web_response *rs, const diag_list *d)
{
	bool by_line = false;
	for (size_t i = 0; i < d->count; i++)
		by_line |= d->items[i].line > 0;
	if (by_line)
		api_refused(rq, rs, d, true);
	else
		api_problem(rs, 500, api_first_message(d), NULL);
}

/* ---- indicators and measurements as JSON --------------------------------------------- */

static const char *trend_key(indicator_trend t)
{
	switch (t) {
	case TREND_IMPROVING: return "improving";
	case TREND_STEADY: return "steady";
	case TREND_WORSENING: return "worsening";
	case TREND_NONE: break;
	}
	return NULL;
}

static json_t *point_json(const indicator_point *pt)
{
	return json_pack("{s:o, s:f}", "date", api_date_json(pt->date), "value", pt->value);
}

/* An indicator's definition and its figures at today (r). A computed indicator's
 * latest value is today's, without a date (as the command line's board). */
static json_t *indicator_json(const indicator_row *r)
{
	const indicator *ind = r->ind;
	const indicator_state *st = &r->state;
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(ind->id));
	json_object_set_new(o, "code", json_string(ind->code));
	json_object_set_new(o, "name", json_string(ind->name ? ind->name : ""));
	json_object_set_new(o, "definition", plan_json_text(ind->definition));
	json_object_set_new(o, "family", plan_json_text(ind->family));
	const char *unit = ind->unit;
	if (!unit && ind->formula != FORMULA_NONE)
		unit = indicator_formula_unit(ind->formula);
	json_object_set_new(o, "unit", plan_json_text(unit));
	json_object_set_new(o, "direction", json_string(indicator_direction_key(ind->direction)));
	json_object_set_new(o, "frequency", json_string(indicator_frequency_key(ind->frequency)));
	json_object_set_new(o, "formula", ind->formula == FORMULA_NONE
	                                  ? json_null()
	                                  : json_string(indicator_formula_key(ind->formula)));
	json_t *elements = json_array();
	for (size_t i = 0; i < ind->element_count; i++)
		json_array_append_new(elements, json_string(ind->elements[i]->code));
	json_object_set_new(o, "elements", elements);
	json_object_set_new(o, "baseline", ind->has_baseline ? point_json(&ind->baseline) : json_null());
	json_t *targets = json_array();
	for (size_t i = 0; i < ind->target_count; i++)
		json_array_append_new(targets, point_json(&ind->targets[i]));
	json_object_set_new(o, "targets", targets);
	json_object_set_new(o, "tolerance", json_real(ind->tolerance));
	json_object_set_new(o, "source", plan_json_text(ind->source));
	json_object_set_new(o, "owner", plan_json_text(ind->owner));
	bool has_latest = r->computed ? r->has_computed : st->has_latest;
	json_object_set_new(o, "latest_value", has_latest
	                    ? json_real(r->computed ? r->computed_value : st->latest.value)
	                    : json_null());
	json_object_set_new(o, "latest_date", has_latest && !r->computed ? api_date_json(st->latest.date)
	                                                                  : json_null());
	json_object_set_new(o, "expected_today", st->has_expected_today
	                                         ? json_real(st->expected_today) : json_null());
	json_object_set_new(o, "status", json_string(indicator_status_key(st->status)));
	/* The last committee's meeting (the same for every indicator) and the value then. */
	json_object_set_new(o, "last_committee", !r->has_committee ? json_null()
		: json_pack("{s:o, s:s?, s:o}", "date", api_date_json(r->committee_date),
		            "instance", r->committee_name,
		            "value", r->has_committee_value ? point_json(&r->committee_value)
		                                            : json_null()));
	const char *trend = r->computed ? NULL : trend_key(st->trend);
	json_object_set_new(o, "trend", trend ? json_string(trend) : json_null());
	json_object_set_new(o, "update_due", json_boolean(st->update_due && !r->computed));
	json_object_set_new(o, "version", json_integer(ind->version));
	return o;
}

/* A measurement; with its previous values, newest first, when revisions is given. */
static json_t *measurement_json(const measurement *m, const measurement_revision *revisions,
                                size_t revision_count)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(m->id));
	json_object_set_new(o, "indicator", json_string(m->indicator->code));
	json_object_set_new(o, "date", api_date_json(m->date));
	json_object_set_new(o, "value", json_real(m->value));
	json_object_set_new(o, "comment", plan_json_text(m->comment));
	json_object_set_new(o, "source", plan_json_text(m->source));
	json_object_set_new(o, "entered_by", plan_json_text(m->entered_by));
	json_object_set_new(o, "version", json_integer(m->version));
	json_t *list = json_array();
	for (size_t i = 0; i < revision_count; i++) {
		const measurement_revision *v = &revisions[i];
		if (v->measurement != m && (!v->measurement || v->measurement->id != m->id))
			continue;
		json_t *x = json_object();
		json_object_set_new(x, "value", json_real(v->value));
		json_object_set_new(x, "comment", plan_json_text(v->comment));
		json_object_set_new(x, "source", plan_json_text(v->source));
		json_object_set_new(x, "changed_by", plan_json_text(v->changed_by));
		json_object_set_new(x, "changed_at", plan_json_text(v->changed_at));
		json_array_append_new(list, x);
	}
	json_object_set_new(o, "revisions", list);
	return o;
}

/* ---- the board ------------------------------------------------------------------------- */

/* ?status=: a comma-separated list of status keys (all when absent); false with 400
 * sent when one is unknown. */
static bool status_filter(web_request *rq, web_response *rs, bool wanted[INDICATOR_STATUS_COUNT])
{
	const char *text = web_query(rq, "status");
	for (int i = 0; i < INDICATOR_STATUS_COUNT; i++)
		wanted[i] = !text || !*text;
	if (!text || !*text)
		return true;
	char **parts;
	size_t n = text_split(rq->arena, text, ',', &parts);
	for (size_t k = 0; k < n; k++) {
		bool known = false;
		for (int i = 0; i < INDICATOR_STATUS_COUNT; i++)
			if (strcmp(parts[k], indicator_status_key((indicator_status)i)) == 0)
				known = wanted[i] = true;
		if (!known) {
			const char *why = arena_printf(rq->arena, _("statut inconnu « %s » (on_track, "
			                               "at_risk, off_track ou no_data)"), parts[k]);
			api_field_problem(rs, 400, "status", why);
			return false;
		}
	}
	return true;
}

void api_indicators_list(web_request *rq, web_response *rs)
{
	plan p;
	jalon_date today;
	bool wanted[INDICATOR_STATUS_COUNT];
	if (!api_plan_load(rq, rs, &p) || !api_today(rq, rs, &today) ||
	    !status_filter(rq, rs, wanted))
		return;
	diag_list d;
	diag_init(&d, rq->arena);
	indicator_data data;
	if (!store_indicators_load(rq->store, rq->arena, &p, MEASUREMENTS_LATEST, &data, &d)) {
		api_problem(rs, 500, api_first_message(&d), NULL);
		return;
	}
	indicator_row *rows = arena_alloc(rq->arena, (data.indicator_count + 1) * sizeof(*rows));
	if (!indicator_view_evaluate(rq->store, rq->arena, &p, data.indicators, data.indicator_count,
	                             data.measurements, data.measurement_count, today, rows, &d)) {
		api_problem(rs, 500, api_first_message(&d), NULL);
		return;
	}
	json_t *list = json_array();
	for (size_t i = 0; i < data.indicator_count; i++)
		if (wanted[rows[i].state.status])
			json_array_append_new(list, indicator_json(&rows[i]));
	api_json(rs, 200, list);
}

/* ---- one indicator ---------------------------------------------------------------------- */

typedef struct {
	indicator *ind;
	measurement *measurements;
	size_t count;
	measurement_revision *revisions;
	size_t revision_count;
} indicator_page;

/* The indicator named code with all its measurements and their previous values. */
static store_result indicator_page_load(web_request *rq, const plan *p, const char *code,
                                        indicator_page *out, diag_list *d)
{
	return store_indicator_load(rq->store, rq->arena, p, code, &out->ind, &out->measurements,
	                            &out->count, &out->revisions, &out->revision_count, d);
}

static void indicator_not_found(web_request *rq, web_response *rs, const plan *p, const char *code)
{
	api_problem(rs, 404, arena_printf(rq->arena, _("aucun indicateur « %s » dans le plan « %s »"),
	                                  code, p->slug), NULL);
}

void api_indicator_get(web_request *rq, web_response *rs)
{
	plan p;
	jalon_date today;
	if (!api_plan_load(rq, rs, &p) || !api_today(rq, rs, &today))
		return;
	diag_list d;
	diag_init(&d, rq->arena);
	indicator_page page;
	store_result r = indicator_page_load(rq, &p, rq->params[1], &page, &d);
	if (r == STORE_NOT_FOUND) {
		indicator_not_found(rq, rs, &p, rq->params[1]);
		return;
	}
	indicator_row row;
	if (r != STORE_OK ||
	    !indicator_view_evaluate(rq->store, rq->arena, &p, page.ind, 1, page.measurements,
	                             page.count, today, &row, &d)) {
		api_problem(rs, 500, api_first_message(&d), NULL);
		return;
	}
	json_t *o = indicator_json(&row);
	json_t *list = json_array();
	for (size_t i = 0; i < page.count; i++)
		json_array_append_new(list, measurement_json(&page.measurements[i], page.revisions,
		                                             page.revision_count));
	json_object_set_new(o, "measurements", list);
	if (row.computed) { /* its values reconstructed from dated data, today's last */
		json_t *series = json_array();
		for (size_t i = 0; i < row.series_count; i++)
			json_array_append_new(series, point_json(&row.series[i]));
		json_object_set_new(o, "series", series);
	}
	api_json(rs, 200, o);
}

/* ---- CSV imports ----------------------------------------------------------------------- */

/* The body's media type when it is text/csv (its charset in *charset); NULL with 415
 * sent otherwise. */
static bool csv_body(web_request *rq, web_response *rs, bool json_too, const char **charset)
{
	const char *type = api_media_type(rq, charset);
	if (strcmp(type, "text/csv") == 0)
		return true;
	api_problem(rs, 415, json_too
	            ? arena_printf(rq->arena, _("un fichier s'envoie en CSV (Content-Type: text/csv), "
	                           "une seule mesure en JSON (Content-Type: application/json) ; "
	                           "reçu : « %s »"), type)
	            : arena_printf(rq->arena, _("un catalogue d'indicateurs s'envoie en CSV "
	                           "(Content-Type: text/csv) ; reçu : « %s »"), type), NULL);
	return false;
}

static bool indicator_known(const indicator_data *known, const char *code)
{
	for (size_t i = 0; i < known->indicator_count; i++)
		if (strcmp(known->indicators[i].code, code) == 0)
			return true;
	return false;
}

/* POST …/indicators: a catalogue, checked whole then saved, or nothing (422). */
void api_indicators_import(web_request *rq, web_response *rs)
{
	plan p;
	const char *charset;
	if (!api_plan_load(rq, rs, &p) || !csv_body(rq, rs, false, &charset))
		return;
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
	indicator_data known;
	if (!store_indicators_load(rq->store, rq->arena, &p, MEASUREMENTS_NONE, &known, &d)) {
		api_problem(rs, 500, api_first_message(&d), NULL);
		return;
	}
	indicator *items = NULL;
	size_t count = 0;
	if (!indicator_csv_read_catalogue(rq->arena, "indicateurs.csv", data, rq->body.len, &options,
	                                  &p, known.families, known.family_count, &items, &count,
	                                  &d)) {
		api_refused(rq, rs, &d, true);
		return;
	}
	if (!store_indicators_save(rq->store, &p, items, count, replace, &d)) {
		save_refused(rq, rs, &d);
		return;
	}
	size_t created = 0, deleted = 0;
	for (size_t i = 0; i < count; i++)
		created += !indicator_known(&known, items[i].code);
	for (size_t i = 0; replace && i < known.indicator_count; i++) {
		bool kept = false;
		for (size_t k = 0; k < count && !kept; k++)
			kept = strcmp(items[k].code, known.indicators[i].code) == 0;
		deleted += !kept;
	}
	api_json(rs, 201, json_pack("{s:I, s:I, s:I, s:I, s:b}", "imported", (json_int_t)count,
	                            "created", (json_int_t)created,
	                            "updated", (json_int_t)(count - created),
	                            "deleted", (json_int_t)deleted, "replaced", replace));
}

static void measurements_import(web_request *rq, web_response *rs, const plan *p)
{
	const char *charset;
	if (!csv_body(rq, rs, true, &charset))
		return;
	const char *encoding = web_query(rq, "encoding");
	plan_csv_options options = {.encoding = encoding && *encoding ? encoding : charset};
	const char *data = rq->body.data ? rq->body.data : "";
	diag_list d;
	diag_init(&d, rq->arena);
	indicator_data known;
	if (!store_indicators_load(rq->store, rq->arena, p, MEASUREMENTS_NONE, &known, &d)) {
		api_problem(rs, 500, api_first_message(&d), NULL);
		return;
	}
	measurement *items = NULL;
	size_t count = 0;
	if (!indicator_csv_read_measurements(rq->arena, "mesures.csv", data, rq->body.len, &options,
	                                     known.indicators, known.indicator_count, &items, &count,
	                                     &d)) {
		api_refused(rq, rs, &d, true);
		return;
	}
	/* Every indicator of the file must be one the writer measures. */
	for (size_t i = 0; i < count; i++)
		if (items[i].indicator && !web_may_measure(rq, items[i].indicator->id)) {
			web_forbidden(rq, rs);
			return;
		}
	if (!store_measurements_save(rq->store, p, items, count, &d)) {
		save_refused(rq, rs, &d);
		return;
	}
	api_json(rs, 201, json_pack("{s:I}", "imported", (json_int_t)count));
}

/* ---- one measurement ------------------------------------------------------------------- */

typedef struct {
	const char *indicator;
	jalon_date date;
	bool has_value;
	double value;
	const char *comment, *source;
} measurement_body;

/* An optional text: a string (trimmed, NULL when empty) or null; false with 400 sent. */
static bool body_text(web_request *rq, web_response *rs, const char *key, json_t *v,
                      const char **out)
{
	if (json_is_null(v)) {
		*out = NULL;
		return true;
	}
	if (!json_is_string(v)) {
		api_field_problem(rs, 400, key, arena_printf(rq->arena,
		                  _("%s doit être une chaîne ou null"), key));
		return false;
	}
	const char *text = text_trim(rq->arena, json_string_value(v));
	*out = *text ? text : NULL;
	return true;
}

/* The body's fields into b: wrong types and unknown fields 400 (sent, false); values
 * breaking a rule go to invalid under their field. */
static bool measurement_read(web_request *rq, web_response *rs, json_t *in, measurement_body *b,
                             diag_list *invalid)
{
	static const char *const read_only[] = {"id", "version", "entered_by", "revisions", NULL};
	const char *name;
	json_t *v;
	json_object_foreach(in, name, v) {
		const char *key = arena_strdup(rq->arena, name); /* outlives the body */
		if (strcmp(key, "indicator") == 0) {
			if (!json_is_string(v)) {
				api_field_problem(rs, 400, key, _("indicator doit être le code d'un indicateur "
				                                  "du plan (une chaîne)"));
				return false;
			}
			const char *code = text_trim(rq->arena, json_string_value(v));
			b->indicator = *code ? code : NULL;
		} else if (strcmp(key, "date") == 0) {
			if (!json_is_string(v)) {
				api_field_problem(rs, 400, key, _("date doit être une date AAAA-MM-JJ"));
				return false;
			}
			const char *why;
			if (!api_date_parse(json_string_value(v), &b->date, &why)) {
				b->date = DATE_NONE;
				diag_add(invalid, key, 0, _("« %s » : %s"), json_string_value(v), why);
			}
		} else if (strcmp(key, "value") == 0) {
			if (!json_is_number(v)) {
				api_field_problem(rs, 400, key, _("value doit être un nombre"));
				return false;
			}
			b->has_value = true;
			b->value = json_number_value(v);
			if (b->value > 1e15 || b->value < -1e15)
				diag_add(invalid, key, 0, _("valeur hors limites (au plus 10^15 en valeur "
				                            "absolue)"));
		} else if (strcmp(key, "comment") == 0) {
			if (!body_text(rq, rs, key, v, &b->comment))
				return false;
		} else if (strcmp(key, "source") == 0) {
			if (!body_text(rq, rs, key, v, &b->source))
				return false;
		} else {
			bool ro = false;
			for (size_t i = 0; read_only[i] && !ro; i++)
				ro = strcmp(key, read_only[i]) == 0;
			api_field_problem(rs, 400, key, ro
			                  ? arena_printf(rq->arena, _("%s est en lecture seule"), key)
			                  : arena_printf(rq->arena, _("champ inconnu « %s »"), key));
			return false;
		}
	}
	bool date_given = json_object_get(in, "date") != NULL;
	if (!b->indicator)
		diag_add(invalid, "indicator", 0, _("%s est obligatoire"), "indicator");
	if (!date_given)
		diag_add(invalid, "date", 0, _("%s est obligatoire"), "date");
	if (!b->has_value)
		diag_add(invalid, "value", 0, _("%s est obligatoire"), "value");
	return true;
}

/* POST …/measurements with JSON: one measurement put (201), or the one on that date
 * corrected (200), answered as stored with its previous values. */
static void measurement_put(web_request *rq, web_response *rs, const plan *p)
{
	json_t *in = api_body_object(rq, rs);
	if (!in)
		return;
	measurement_body b = {0};
	diag_list d;
	diag_init(&d, rq->arena);
	bool typed = measurement_read(rq, rs, in, &b, &d);
	json_decref(in);
	if (!typed)
		return;
	indicator_page page = {0};
	if (b.indicator) {
		diag_list load;
		diag_init(&load, rq->arena);
		store_result r = indicator_page_load(rq, p, b.indicator, &page, &load);
		if (r == STORE_NOT_FOUND) {
			diag_add(&d, "indicator", 0, _("aucun indicateur « %s » dans ce plan"), b.indicator);
		} else if (r != STORE_OK) {
			api_problem(rs, 500, api_first_message(&load), NULL);
			return;
		} else if (page.ind->formula != FORMULA_NONE) {
			diag_add(&d, "indicator", 0, _("l'indicateur « %s » est calculé à partir du plan : "
			         "il ne prend pas de mesure"), b.indicator);
		}
	}
	if (diag_has_errors(&d)) {
		api_refused(rq, rs, &d, false);
		return;
	}
	bool corrects = false;
	for (size_t i = 0; i < page.count && !corrects; i++)
		corrects = date_compare(page.measurements[i].date, b.date) == 0;
	if (!web_may_measure(rq, page.ind->id)) {
		web_forbidden(rq, rs);
		return;
	}
	measurement m = {.indicator = page.ind, .date = b.date, .value = b.value,
	                 .comment = b.comment, .source = b.source};
	store_result r = store_measurement_put(rq->store, p, &m, &d);
	if (r != STORE_OK) {
		api_write_refused(rq, rs, r, &d, false);
		return;
	}
	/* The measurement as now stored, with its history. */
	indicator_page after;
	if (indicator_page_load(rq, p, b.indicator, &after, &d) != STORE_OK) {
		api_problem(rs, 500, api_first_message(&d), NULL);
		return;
	}
	const measurement *saved = NULL;
	for (size_t i = 0; i < after.count && !saved; i++)
		if (after.measurements[i].id == m.id)
			saved = &after.measurements[i];
	if (!saved) {
		api_problem(rs, 500, _("la mesure enregistrée est introuvable"), NULL);
		return;
	}
	web_header(rs, rq->arena, "ETag", measurement_etag(rq->arena, saved->id, saved->version));
	api_json(rs, corrects ? 200 : 201, measurement_json(saved, after.revisions,
	                                                    after.revision_count));
}

/* A JSON body is one measurement, any other body a CSV file to import. */
void api_measurements_post(web_request *rq, web_response *rs)
{
	plan p;
	if (!api_plan_load(rq, rs, &p))
		return;
	const char *charset;
	const char *type = api_media_type(rq, &charset);
	size_t len = strlen(type);
	if (strcmp(type, "application/json") == 0 || (len > 5 && strcmp(type + len - 5, "+json") == 0))
		measurement_put(rq, rs, &p);
	else
		measurements_import(rq, rs, &p);
}

/* The version If-Match names for measurement id: 0 when absent or "*" (any), -1 when
 * it names none of this measurement's versions (never matches). */
static int64_t if_match_version(web_request *rq, int64_t id)
{
	const char *header = web_header_in(rq, "If-Match");
	char **tags;
	size_t n = header ? text_split(rq->arena, header, ',', &tags) : 0;
	if (n == 0)
		return 0;
	for (size_t i = 0; i < n; i++) {
		if (strcmp(tags[i], "*") == 0)
			return 0;
		long long tag_id, version;
		char end;
		if (sscanf(tags[i], "\"v%lld-%lld\"%c", &tag_id, &version, &end) == 2 && tag_id == id &&
		    version > 0 && strcmp(tags[i], measurement_etag(rq->arena, tag_id, version)) == 0)
			return version;
	}
	return -1;
}

void api_measurement_delete(web_request *rq, web_response *rs)
{
	plan p;
	if (!api_plan_load(rq, rs, &p))
		return;
	int64_t id = web_id_parse(rq->params[1]);
	if (id == 0) {
		api_problem(rs, 404, arena_printf(rq->arena, _("aucune mesure « %s » dans le plan « %s »"),
		                                  rq->params[1], p.slug), NULL);
		return;
	}
	int64_t expected = if_match_version(rq, id);
	diag_list d;
	diag_init(&d, rq->arena);
	/* A version no measurement has: the store says whether it exists (404) or not
	 * (412, stale). */
	store_result r = store_measurement_delete(rq->store, &p, id,
	                                          expected < 0 ? INT64_MAX : expected, &d);
	if (r == STORE_OK) {
		api_send_no_content(rs);
	} else if (r == STORE_NOT_FOUND) {
		api_problem(rs, 404, arena_printf(rq->arena, _("aucune mesure « %s » dans le plan « %s »"),
		                                  rq->params[1], p.slug), NULL);
	} else if (r == STORE_CONFLICT) {
		api_problem(rs, 412, _("mesure modifiée entre-temps : relisez-la (GET "
		                       "…/indicators/{code}) ; rien n'a été supprimé"), NULL);
	} else {
		api_write_refused(rq, rs, r, &d, false);
	}
}
