/*
 * plan_json.c — the plan JSON export, built with jansson.
 *
 * The document holds everything the CSV holds plus the plan's own record, so nothing
 * is lost; docs/plan.schema.json describes it. Elements come depth-first, each naming
 * its parent by code, as in the CSV.
 */
#include "io/plan_json.h"

#include <jansson.h>
#include <stdlib.h>

static json_t *json_text(const char *s)
{
	return s && *s ? json_string(s) : json_null();
}

static json_t *json_date(jalon_date d)
{
	char s[11];
	date_format_iso(d, s);
	return date_is_set(d) ? json_string(s) : json_null();
}

static json_t *json_year(int year)
{
	return year > 0 ? json_integer(year) : json_null();
}

static json_t *json_texts(const char *const *items, size_t count)
{
	json_t *array = json_array();
	for (size_t i = 0; i < count; i++)
		json_array_append_new(array, json_string(items[i]));
	return array;
}

json_t *plan_json_record(const plan *p)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_string(p->slug ? p->slug : ""));
	json_object_set_new(o, "title", json_string(p->title ? p->title : ""));
	if (p->organisation)
		json_object_set_new(o, "organisation",
			json_pack("{s:s, s:s}", "name", p->organisation, "kind",
			          organisation_kind_key(p->organisation_kind)));
	else
		json_object_set_new(o, "organisation", json_null());
	json_object_set_new(o, "period_start", json_year(p->period_start));
	json_object_set_new(o, "period_end", json_year(p->period_end));
	json_object_set_new(o, "version", json_text(p->version_label));
	json_object_set_new(o, "status", json_string(plan_status_key(p->status)));
	if (p->adoption.recorded) {
		json_t *ad = json_object();
		json_object_set_new(ad, "date", json_date(p->adoption.date));
		json_object_set_new(ad, "body", json_text(p->adoption.body));
		json_object_set_new(ad, "deliberation", json_text(p->adoption.number));
		json_object_set_new(ad, "votes_for", json_integer(p->adoption.votes_for));
		json_object_set_new(ad, "votes_against", json_integer(p->adoption.votes_against));
		json_object_set_new(ad, "abstentions", json_integer(p->adoption.abstentions));
		json_object_set_new(o, "adoption", ad);
	} else {
		json_object_set_new(o, "adoption", json_null());
	}
	return o;
}

static json_t *element_record(const plan *p, const plan_element *e)
{
	json_t *o = json_object();
	json_object_set_new(o, "code", json_string(e->code));
	json_object_set_new(o, "parent", e->parent ? json_string(e->parent->code) : json_null());
	json_object_set_new(o, "level", json_string(e->level));
	json_object_set_new(o, "depth", json_integer((json_int_t)e->depth));
	json_object_set_new(o, "title", json_string(e->title));
	json_object_set_new(o, "description", json_text(e->description));
	json_object_set_new(o, "owner", json_text(e->owner));
	json_object_set_new(o, "partners", json_texts(e->partners, e->partner_count));
	json_object_set_new(o, "beneficiaries", json_text(e->beneficiaries));
	json_object_set_new(o, "start", json_date(e->start));
	json_object_set_new(o, "end", json_date(e->end));
	json_object_set_new(o, "budget_cents",
	                    e->has_budget ? json_integer(e->budget_cents) : json_null());
	json_object_set_new(o, "status", json_text(e->status));
	json_object_set_new(o, "contributes_to",
	                    json_texts(e->contributes_to, e->contribution_count));
	json_t *attributes = json_object();
	for (size_t k = 0; e->attributes && k < p->custom_column_count; k++)
		if (e->attributes[k] && *e->attributes[k]) /* as in the CSV and the database */
			json_object_set_new(attributes, p->custom_columns[k],
			                    json_string(e->attributes[k]));
	json_object_set_new(o, "attributes", attributes);
	return o;
}

static int append_to_buf(const char *chunk, size_t size, void *data)
{
	buf_append(data, chunk, size);
	return 0;
}

void plan_json_write(const plan *p, buf *out)
{
	json_t *root = json_object();
	json_object_set_new(root, "format", json_string("jalon-plan"));
	json_object_set_new(root, "format_version", json_integer(PLAN_JSON_FORMAT_VERSION));
	json_object_set_new(root, "plan", plan_json_record(p));
	json_object_set_new(root, "custom_columns",
	                    json_texts(p->custom_columns, p->custom_column_count));

	arena *a = arena_new();
	plan_level_count *levels;
	size_t level_count = plan_level_counts(a, p, &levels);
	json_t *level_array = json_array();
	for (size_t i = 0; i < level_count; i++)
		json_array_append_new(level_array,
			json_pack("{s:s, s:I}", "label", levels[i].label, "count",
			          (json_int_t)levels[i].count));
	arena_free(a);
	json_object_set_new(root, "levels", level_array);

	json_t *elements = json_array();
	for (size_t i = 0; i < p->element_count; i++)
		json_array_append_new(elements, element_record(p, p->ordered[i]));
	json_object_set_new(root, "elements", elements);

	json_dump_callback(root, append_to_buf, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	buf_putc(out, '\n');
	json_decref(root);
}
