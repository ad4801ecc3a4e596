/*
 * version_json.c — SWOT tables, version chains and comparisons as JSON
 * (version_json.h).
 */
#include "io/version_json.h"

#include <string.h>

#include "util/i18n.h"

static json_t *text_or_null(const char *s)
{
	return s && *s ? json_string(s) : json_null();
}

json_t *swot_table_json(const swot_table *t)
{
	json_t *o = json_object();
	json_object_set_new(o, "element", text_or_null(t->element_code));
	json_object_set_new(o, "version", json_integer(t->version));
	for (int q = 0; q < SWOT_QUADRANT_COUNT; q++) {
		json_t *list = json_array();
		for (size_t i = 0; i < t->count[q]; i++)
			json_array_append_new(list, json_string(t->entries[q][i]));
		json_object_set_new(o, swot_quadrant_key((swot_quadrant)q), list);
	}
	return o;
}

bool swot_table_from_json(arena *a, const json_t *body, swot_table *t, diag_list *d)
{
	memset(t, 0, sizeof(*t));
	if (!json_is_object(body)) {
		diag_add(d, NULL, 0, _("le corps de la requête doit être un objet JSON"));
		return false;
	}
	bool ok = true;
	const char *key;
	json_t *value;
	json_object_foreach((json_t *)body, key, value) {
		swot_quadrant q;
		if (strcmp(key, "element") == 0 || strcmp(key, "version") == 0)
			continue;
		if (strcmp(key, swot_quadrant_key(SWOT_STRENGTHS)) != 0 &&
		    strcmp(key, swot_quadrant_key(SWOT_WEAKNESSES)) != 0 &&
		    strcmp(key, swot_quadrant_key(SWOT_OPPORTUNITIES)) != 0 &&
		    strcmp(key, swot_quadrant_key(SWOT_THREATS)) != 0) {
			diag_add(d, arena_strdup(a, key), 0,
			         _("champ inconnu « %s » (champs : forces, faiblesses, opportunites, "
			           "menaces)"), key);
			ok = false;
			continue;
		}
		swot_quadrant_parse(key, &q);
		if (!json_is_array(value)) {
			diag_add(d, swot_quadrant_key(q), 0, _("%s : une liste de textes est attendue"),
			         swot_quadrant_label(q));
			ok = false;
			continue;
		}
		size_t n = json_array_size(value);
		t->entries[q] = arena_alloc(a, (n ? n : 1) * sizeof(char *));
		for (size_t i = 0; i < n; i++) {
			const json_t *item = json_array_get(value, i);
			if (!json_is_string(item)) {
				diag_add(d, swot_quadrant_key(q), (int)i + 1,
				         _("%s : l'entrée %zu n'est pas un texte"), swot_quadrant_label(q), i + 1);
				ok = false;
				continue;
			}
			t->entries[q][t->count[q]++] = arena_strdup(a, json_string_value(item));
		}
	}
	return ok;
}

json_t *plan_versions_json(const plan_version *v, size_t count, size_t current)
{
	json_t *list = json_array();
	for (size_t i = 0; i < count; i++) {
		json_t *o = json_object();
		char date[11];
		date_format_iso(v[i].adopted_on, date);
		json_object_set_new(o, "slug", json_string(v[i].slug));
		json_object_set_new(o, "title", json_string(v[i].title));
		json_object_set_new(o, "version_label", text_or_null(v[i].version_label));
		json_object_set_new(o, "status", json_string(plan_status_key(v[i].status)));
		json_object_set_new(o, "adopted_on", text_or_null(date));
		json_object_set_new(o, "current", json_boolean(i == current));
		json_array_append_new(list, o);
	}
	return list;
}

static json_t *element_json(const plan_element *e)
{
	json_t *o = json_object();
	json_object_set_new(o, "code", json_string(e->code));
	json_object_set_new(o, "title", json_string(e->title));
	json_object_set_new(o, "level", json_string(e->level));
	json_object_set_new(o, "parent", text_or_null(e->parent ? e->parent->code : NULL));
	return o;
}

json_t *plan_comparison_json(const plan *a, const plan *b, const plan_comparison *c)
{
	json_t *o = json_object();
	json_object_set_new(o, "from", json_string(a->slug));
	json_object_set_new(o, "to", json_string(b->slug));
	json_t *counts = json_object();
	json_object_set_new(counts, "added", json_integer((json_int_t)c->added_count));
	json_object_set_new(counts, "removed", json_integer((json_int_t)c->removed_count));
	json_object_set_new(counts, "moved", json_integer((json_int_t)c->moved_count));
	json_object_set_new(counts, "changed", json_integer((json_int_t)c->changed_count));
	json_object_set_new(counts, "unchanged", json_integer((json_int_t)c->unchanged_count));
	json_object_set_new(o, "counts", counts);
	json_t *added = json_array(), *removed = json_array(), *moved = json_array(),
	       *changed = json_array();
	for (size_t i = 0; i < c->added_count; i++)
		json_array_append_new(added, element_json(c->added[i]));
	for (size_t i = 0; i < c->removed_count; i++)
		json_array_append_new(removed, element_json(c->removed[i]));
	for (size_t i = 0; i < c->diff_count; i++) {
		const plan_element_diff *x = &c->diffs[i];
		if (x->moved) {
			json_t *m = json_object();
			json_object_set_new(m, "code", json_string(x->new_element->code));
			json_object_set_new(m, "old_parent", text_or_null(x->old_parent));
			json_object_set_new(m, "new_parent", text_or_null(x->new_parent));
			json_object_set_new(m, "old_level", json_string(x->old_element->level));
			json_object_set_new(m, "new_level", json_string(x->new_element->level));
			json_array_append_new(moved, m);
		}
		for (size_t k = 0; k < x->change_count; k++) {
			json_t *ch = json_object();
			json_object_set_new(ch, "code", json_string(x->new_element->code));
			json_object_set_new(ch, "field", json_string(x->changes[k].field));
			json_object_set_new(ch, "old", text_or_null(x->changes[k].old_value));
			json_object_set_new(ch, "new", text_or_null(x->changes[k].new_value));
			json_array_append_new(changed, ch);
		}
	}
	json_object_set_new(o, "added", added);
	json_object_set_new(o, "removed", removed);
	json_object_set_new(o, "moved", moved);
	json_object_set_new(o, "changed", changed);
	return o;
}
