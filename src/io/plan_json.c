/*
 * plan_json.c — plans and elements as JSON, with jansson: the plan export, the element
 * records the API serves, and reading an element's fields from a JSON object.
 *
 * The document holds everything the CSV holds plus the plan's own record, so nothing
 * is lost; docs/plan.schema.json describes it. Elements come depth-first, each naming
 * its parent by code, as in the CSV.
 */
#include "io/plan_json.h"

#include <jansson.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "util/i18n.h"
#include "util/text.h"

json_t *plan_json_text(const char *s)
{
	return s && *s ? json_string(s) : json_null();
}

static json_t *json_date(jalon_date d)
{
	char s[11];
	date_format_iso(d, s);
	return date_is_set(d) ? json_string(s) : json_null();
}

json_t *plan_json_year(int year)
{
	return year > 0 ? json_integer(year) : json_null();
}

json_t *plan_json_texts(const char *const *items, size_t count)
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
	json_object_set_new(o, "period_start", plan_json_year(p->period_start));
	json_object_set_new(o, "period_end", plan_json_year(p->period_end));
	json_object_set_new(o, "version", plan_json_text(p->version_label));
	json_object_set_new(o, "status", json_string(plan_status_key(p->status)));
	if (p->adoption.recorded) {
		json_t *ad = json_object();
		json_object_set_new(ad, "date", json_date(p->adoption.date));
		json_object_set_new(ad, "body", plan_json_text(p->adoption.body));
		json_object_set_new(ad, "deliberation", plan_json_text(p->adoption.number));
		json_object_set_new(ad, "votes_for", json_integer(p->adoption.votes_for));
		json_object_set_new(ad, "votes_against", json_integer(p->adoption.votes_against));
		json_object_set_new(ad, "abstentions", json_integer(p->adoption.abstentions));
		json_object_set_new(o, "adoption", ad);
	} else {
		json_object_set_new(o, "adoption", json_null());
	}
	return o;
}

json_t *plan_json_levels(const plan *p)
{
	arena *a = arena_new();
	plan_level_count *levels;
	size_t level_count = plan_level_counts(a, p, &levels);
	json_t *list = json_array();
	for (size_t i = 0; i < level_count; i++)
		json_array_append_new(list, json_pack("{s:s, s:I}", "label", levels[i].label, "count",
		                                      (json_int_t)levels[i].count));
	arena_free(a);
	return list;
}

json_t *plan_json_element(const plan *p, const plan_element *e, unsigned options)
{
	json_t *o = json_object();
	if (options & PLAN_JSON_IDENTITY)
		json_object_set_new(o, "id", json_integer(e->id));
	json_object_set_new(o, "code", json_string(e->code));
	json_object_set_new(o, "parent", e->parent ? json_string(e->parent->code) : json_null());
	json_object_set_new(o, "level", json_string(e->level));
	json_object_set_new(o, "depth", json_integer((json_int_t)e->depth));
	json_object_set_new(o, "title", json_string(e->title));
	json_object_set_new(o, "description", plan_json_text(e->description));
	json_object_set_new(o, "owner", plan_json_text(e->owner));
	json_object_set_new(o, "partners", plan_json_texts(e->partners, e->partner_count));
	json_object_set_new(o, "beneficiaries", plan_json_text(e->beneficiaries));
	json_object_set_new(o, "start", json_date(e->start));
	json_object_set_new(o, "end", json_date(e->end));
	json_object_set_new(o, "budget_cents",
	                    e->has_budget ? json_integer(e->budget_cents) : json_null());
	json_object_set_new(o, "status", plan_json_text(e->status));
	json_object_set_new(o, "contributes_to",
	                    plan_json_texts(e->contributes_to, e->contribution_count));
	json_t *attributes = json_object();
	for (size_t k = 0; k < p->custom_column_count; k++) {
		const char *v = e->attributes ? e->attributes[k] : NULL;
		if (v && *v)
			json_object_set_new(attributes, p->custom_columns[k], json_string(v));
		else if (options & PLAN_JSON_EVERY_ATTRIBUTE)
			json_object_set_new(attributes, p->custom_columns[k], json_null());
	}
	json_object_set_new(o, "attributes", attributes);
	if (options & PLAN_JSON_IDENTITY)
		json_object_set_new(o, "version", json_integer(e->version));
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
	                    plan_json_texts(p->custom_columns, p->custom_column_count));

	json_object_set_new(root, "levels", plan_json_levels(p));

	json_t *elements = json_array();
	for (size_t i = 0; i < p->element_count; i++)
		json_array_append_new(elements, plan_json_element(p, p->ordered[i], 0));
	json_object_set_new(root, "elements", elements);

	json_dump_callback(root, append_to_buf, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	buf_putc(out, '\n');
	json_decref(root);
}

/* ---- reading an element from JSON (the API's POST and PATCH bodies) ---------------- */

typedef enum { FIELD_TEXT, FIELD_TEXT_OR_NULL, FIELD_LIST, FIELD_DATE, FIELD_BUDGET,
               FIELD_ATTRIBUTES } field_kind;

static const struct {
	const char *name;
	field_kind kind;
	size_t offset;       /* of the value in plan_element */
	size_t count_offset; /* FIELD_LIST: of its count */
} element_fields[] = {
	{"code", FIELD_TEXT, offsetof(plan_element, code), 0},
	{"parent", FIELD_TEXT_OR_NULL, offsetof(plan_element, parent_code), 0},
	{"level", FIELD_TEXT, offsetof(plan_element, level), 0},
	{"title", FIELD_TEXT, offsetof(plan_element, title), 0},
	{"description", FIELD_TEXT_OR_NULL, offsetof(plan_element, description), 0},
	{"owner", FIELD_TEXT_OR_NULL, offsetof(plan_element, owner), 0},
	{"partners", FIELD_LIST, offsetof(plan_element, partners),
	 offsetof(plan_element, partner_count)},
	{"beneficiaries", FIELD_TEXT_OR_NULL, offsetof(plan_element, beneficiaries), 0},
	{"start", FIELD_DATE, offsetof(plan_element, start), 0},
	{"end", FIELD_DATE, offsetof(plan_element, end), 0},
	{"budget_cents", FIELD_BUDGET, 0, 0},
	{"status", FIELD_TEXT_OR_NULL, offsetof(plan_element, status), 0},
	{"contributes_to", FIELD_LIST, offsetof(plan_element, contributes_to),
	 offsetof(plan_element, contribution_count)},
	{"attributes", FIELD_ATTRIBUTES, 0, 0},
};

/* ISO only (the screen's JJ/MM/AAAA is for people), then the calendar's own checks. */
static void read_date(const char *name, const char *s, jalon_date *out,
                      diag_list *invalid)
{
	const char *why = _("date AAAA-MM-JJ attendue");
	bool iso = strlen(s) == 10 && s[4] == '-' && s[7] == '-' &&
	           strspn(s, "0123456789") == 4 && strspn(s + 5, "0123456789") == 2 &&
	           strspn(s + 8, "0123456789") == 2;
	if (!iso || !date_parse(s, out, &why))
		diag_add(invalid, name, 0, _("« %s » : %s"), s, why);
}

/* Attributes: an object whose names are the plan's custom columns. Columns not named
 * keep their value; null empties one. */
static const char *read_attributes(arena *a, const plan *p, json_t *value, plan_element *e,
                                   diag_list *invalid)
{
	if (!json_is_object(value))
		return _("attributes doit être un objet (colonne → texte ou null)");
	const char *column;
	json_t *v;
	json_object_foreach(value, column, v) {
		if (!json_is_string(v) && !json_is_null(v))
			return arena_printf(a, _("attributes.%s doit être une chaîne ou null"), column);
		size_t k = 0;
		while (k < p->custom_column_count && strcmp(p->custom_columns[k], column) != 0)
			k++;
		if (k == p->custom_column_count)
			diag_add(invalid, "attributes", 0, _("colonne inconnue « %s » dans ce plan"),
			         column);
		else
			e->attributes[k] = json_is_null(v) ? NULL
			                                   : text_trim(a, json_string_value(v));
	}
	return NULL;
}

/* Set one field of e from value. Returns NULL, or why the value has the wrong type
 * (400). Values of the right type that break a rule go to invalid (422). Every string
 * is copied to the arena: the JSON document is freed before e is saved. */
static const char *read_field(arena *a, const plan *p, const char *name, json_t *value,
                              plan_element *e, diag_list *invalid)
{
	size_t i = 0, n = sizeof(element_fields) / sizeof(element_fields[0]);
	while (i < n && strcmp(element_fields[i].name, name) != 0)
		i++;
	if (i == n) {
		if (strcmp(name, "id") == 0 || strcmp(name, "version") == 0 ||
		    strcmp(name, "depth") == 0)
			return arena_printf(a, _("%s est en lecture seule"), name);
		return arena_printf(a, _("champ inconnu « %s »"), name);
	}
	name = element_fields[i].name; /* static: the JSON key goes with the document */
	char *slot = (char *)e + element_fields[i].offset;
	switch (element_fields[i].kind) {
	case FIELD_TEXT:
		if (!json_is_string(value))
			return arena_printf(a, _("%s doit être une chaîne"), name);
		*(const char **)slot = text_trim(a, json_string_value(value));
		return NULL;
	case FIELD_TEXT_OR_NULL:
		if (!json_is_string(value) && !json_is_null(value))
			return arena_printf(a, _("%s doit être une chaîne ou null"), name);
		*(const char **)slot = json_is_null(value) ? NULL : text_trim(a, json_string_value(value));
		return NULL;
	case FIELD_LIST: {
		size_t count = json_is_array(value) ? json_array_size(value) : 0;
		if (!json_is_array(value) && !json_is_null(value))
			return arena_printf(a, _("%s doit être une liste de chaînes"), name);
		const char **items = arena_alloc(a, (count + 1) * sizeof(*items));
		for (size_t k = 0; k < count; k++) {
			json_t *item = json_array_get(value, k);
			if (!json_is_string(item))
				return arena_printf(a, _("%s doit être une liste de chaînes"), name);
			items[k] = text_trim(a, json_string_value(item));
		}
		*(const char ***)slot = items;
		*(size_t *)((char *)e + element_fields[i].count_offset) = count;
		return NULL;
	}
	case FIELD_DATE:
		if (!json_is_string(value) && !json_is_null(value))
			return arena_printf(a, _("%s doit être une date AAAA-MM-JJ ou null"), name);
		*(jalon_date *)slot = DATE_NONE;
		if (json_is_string(value))
			read_date(name, json_string_value(value), (jalon_date *)slot, invalid);
		return NULL;
	case FIELD_BUDGET:
		if (!json_is_integer(value) && !json_is_null(value))
			return arena_printf(a, _("%s doit être un entier (en centimes) ou null"), name);
		e->has_budget = json_is_integer(value);
		e->budget_cents = e->has_budget ? json_integer_value(value) : 0;
		return NULL;
	case FIELD_ATTRIBUTES:
		return read_attributes(a, p, value, e, invalid);
	}
	return NULL;
}

const char *plan_json_read_element(arena *a, const plan *p, json_t *object, plan_element *e,
                                   diag_list *invalid, const char **field)
{
	if (!json_is_object(object)) {
		*field = NULL;
		return _("un objet JSON est attendu");
	}
	const char *name;
	json_t *value;
	json_object_foreach(object, name, value) {
		const char *why = read_field(a, p, name, value, e, invalid);
		if (why) {
			*field = arena_strdup(a, name);
			return why;
		}
	}
	return NULL;
}
