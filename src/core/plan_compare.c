/*
 * plan_compare.c — comparing two versions of a plan (plan_compare.h).
 *
 * Elements are matched through sorted indexes (ids, codes) so that two plans of ten
 * thousand elements compare in n log n; the fields are then compared pairwise.
 */
#include "core/plan_compare.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "util/i18n.h"
#include "util/money.h"

/* ---- indexes ------------------------------------------------------------------------- */

typedef struct {
	int64_t id;
	const char *code;
	size_t index; /* in the plan's elements */
} element_key;

static int compare_ids(const void *x, const void *y)
{
	int64_t a = ((const element_key *)x)->id, b = ((const element_key *)y)->id;
	return (a > b) - (a < b);
}

static int compare_codes(const void *x, const void *y)
{
	return strcmp(((const element_key *)x)->code, ((const element_key *)y)->code);
}

static element_key *keys_sorted(arena *ar, const plan *p, int (*cmp)(const void *, const void *))
{
	element_key *keys = arena_alloc(ar, (p->element_count ? p->element_count : 1) * sizeof(*keys));
	for (size_t i = 0; i < p->element_count; i++)
		keys[i] = (element_key){p->elements[i].id, p->elements[i].code, i};
	qsort(keys, p->element_count, sizeof(*keys), cmp);
	return keys;
}

/* Index in p's elements of the element with this id (or code), or -1. */
static long keys_find(const element_key *keys, size_t n, const element_key *key,
                      int (*cmp)(const void *, const void *))
{
	if (n == 0 || (cmp == compare_ids && key->id == 0))
		return -1;
	const element_key *hit = bsearch(key, keys, n, sizeof(*keys), cmp);
	return hit ? (long)hit->index : -1;
}

/* ---- matching ------------------------------------------------------------------------- */

typedef struct {
	long *b_to_a; /* for each element of b, its match in a, or -1 */
	long *a_to_b;
} matching;

static void match_pair(matching *m, long ai, long bi)
{
	if (ai < 0 || bi < 0 || m->a_to_b[ai] >= 0 || m->b_to_a[bi] >= 0)
		return;
	m->a_to_b[ai] = bi;
	m->b_to_a[bi] = ai;
}

static void match(arena *ar, const plan *a, const plan *b, matching *m)
{
	m->b_to_a = arena_alloc(ar, (b->element_count + 1) * sizeof(long));
	m->a_to_b = arena_alloc(ar, (a->element_count + 1) * sizeof(long));
	for (size_t i = 0; i < b->element_count; i++)
		m->b_to_a[i] = -1;
	for (size_t i = 0; i < a->element_count; i++)
		m->a_to_b[i] = -1;
	element_key *a_ids = keys_sorted(ar, a, compare_ids);
	element_key *b_ids = keys_sorted(ar, b, compare_ids);
	/* Lineage, both ways: B revises A, or A revises B. */
	for (size_t i = 0; i < b->element_count; i++) {
		element_key key = {.id = b->elements[i].previous_id};
		match_pair(m, keys_find(a_ids, a->element_count, &key, compare_ids), (long)i);
	}
	for (size_t i = 0; i < a->element_count; i++) {
		element_key key = {.id = a->elements[i].previous_id};
		match_pair(m, (long)i, keys_find(b_ids, b->element_count, &key, compare_ids));
	}
	/* Then equal codes among the elements left. */
	element_key *a_codes = keys_sorted(ar, a, compare_codes);
	for (size_t i = 0; i < b->element_count; i++) {
		if (m->b_to_a[i] >= 0)
			continue;
		element_key key = {.code = b->elements[i].code};
		match_pair(m, keys_find(a_codes, a->element_count, &key, compare_codes), (long)i);
	}
}

/* ---- fields --------------------------------------------------------------------------- */

static bool same_value(const char *x, const char *y)
{
	if (!x || !*x)
		return !y || !*y;
	return y && strcmp(x, y) == 0;
}

static const char *joined(arena *ar, const char **items, size_t n)
{
	if (n == 0)
		return NULL;
	size_t len = 0;
	for (size_t i = 0; i < n; i++)
		len += strlen(items[i]) + 1;
	char *out = arena_alloc(ar, len), *w = out;
	for (size_t i = 0; i < n; i++) {
		size_t l = strlen(items[i]);
		memcpy(w, items[i], l);
		w += l;
		*w++ = i + 1 < n ? '|' : '\0';
	}
	return out;
}

static const char *date_text(arena *ar, jalon_date d)
{
	if (!date_valid(d))
		return NULL;
	char iso[11];
	date_format_iso(d, iso);
	return arena_strdup(ar, iso);
}

static const char *budget_text(arena *ar, const plan_element *e)
{
	return e->has_budget ? arena_printf(ar, "%" PRId64, e->budget_cents) : NULL;
}

typedef struct {
	plan_field_change *items;
	size_t count, cap;
} change_list;

static void change_add(arena *ar, change_list *l, const char *field, bool custom,
                       const char *old_value, const char *new_value)
{
	if (same_value(old_value, new_value))
		return;
	if (l->count == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 8;
		l->items = arena_realloc(ar, l->items, l->cap * sizeof(*l->items), cap * sizeof(*l->items));
		l->cap = cap;
	}
	l->items[l->count++] = (plan_field_change){field, custom, old_value, new_value};
}

static long header_index(const plan *p, const char *header)
{
	for (size_t k = 0; k < p->custom_column_count; k++)
		if (strcmp(p->custom_columns[k], header) == 0)
			return (long)k;
	return -1;
}

static const char *attribute(const plan_element *e, long k)
{
	return k >= 0 && e->attributes ? e->attributes[k] : NULL;
}

static void fields_compare(arena *ar, const plan *a, const plan *b, const plan_element *x,
                           const plan_element *y, change_list *l)
{
	change_add(ar, l, "code", false, x->code, y->code);
	change_add(ar, l, "level", false, x->level, y->level);
	change_add(ar, l, "title", false, x->title, y->title);
	change_add(ar, l, "description", false, x->description, y->description);
	change_add(ar, l, "owner", false, x->owner, y->owner);
	change_add(ar, l, "partners", false, joined(ar, x->partners, x->partner_count),
	           joined(ar, y->partners, y->partner_count));
	change_add(ar, l, "beneficiaries", false, x->beneficiaries, y->beneficiaries);
	change_add(ar, l, "start", false, date_text(ar, x->start), date_text(ar, y->start));
	change_add(ar, l, "end", false, date_text(ar, x->end), date_text(ar, y->end));
	change_add(ar, l, "budget", false, budget_text(ar, x), budget_text(ar, y));
	change_add(ar, l, "status", false, x->status, y->status);
	change_add(ar, l, "contributes_to", false, joined(ar, x->contributes_to, x->contribution_count),
	           joined(ar, y->contributes_to, y->contribution_count));
	for (size_t k = 0; k < a->custom_column_count; k++)
		change_add(ar, l, a->custom_columns[k], true, attribute(x, (long)k),
		           attribute(y, header_index(b, a->custom_columns[k])));
	for (size_t k = 0; k < b->custom_column_count; k++)
		if (header_index(a, b->custom_columns[k]) < 0)
			change_add(ar, l, b->custom_columns[k], true, NULL, attribute(y, (long)k));
}

/* ---- the comparison ------------------------------------------------------------------ */

void plan_compare(arena *ar, const plan *a, const plan *b, plan_comparison *out)
{
	memset(out, 0, sizeof(*out));
	matching m;
	match(ar, a, b, &m);
	size_t nb = b->element_count, na = a->element_count;
	out->added = arena_alloc(ar, (nb ? nb : 1) * sizeof(*out->added));
	out->removed = arena_alloc(ar, (na ? na : 1) * sizeof(*out->removed));
	out->diffs = arena_alloc(ar, (nb ? nb : 1) * sizeof(*out->diffs));
	for (size_t i = 0; i < nb; i++) {
		const plan_element *y = b->ordered[i];
		long ai = m.b_to_a[y - b->elements];
		if (ai < 0) {
			out->added[out->added_count++] = y;
			continue;
		}
		const plan_element *x = &a->elements[ai];
		/* The old parent's match in B, compared with the new parent. */
		const plan_element *expected = NULL;
		if (x->parent) {
			long bi = m.a_to_b[x->parent - a->elements];
			expected = bi >= 0 ? &b->elements[bi] : NULL;
		}
		bool moved = (x->parent != NULL) != (y->parent != NULL) ||
		             (y->parent && expected != y->parent) || !same_value(x->level, y->level);
		change_list l = {0};
		fields_compare(ar, a, b, x, y, &l);
		if (!moved && l.count == 0) {
			out->unchanged_count++;
			continue;
		}
		out->diffs[out->diff_count++] = (plan_element_diff){
			.old_element = x, .new_element = y, .moved = moved,
			.old_parent = x->parent ? x->parent->code : NULL,
			.new_parent = y->parent ? y->parent->code : NULL,
			.changes = l.items, .change_count = l.count,
		};
		out->moved_count += moved;
		out->changed_count += l.count > 0;
	}
	for (size_t i = 0; i < na; i++) {
		const plan_element *x = a->ordered[i];
		if (m.a_to_b[x - a->elements] < 0)
			out->removed[out->removed_count++] = x;
	}
}

const char *plan_compare_field_label(const plan_field_change *c)
{
	static const struct {
		const char *field, *label;
	} labels[] = {
		{"code", N_("code")}, {"level", N_("niveau")}, {"title", N_("intitulé")},
		{"description", N_("description")}, {"owner", N_("porteur")},
		{"partners", N_("partenaires")}, {"beneficiaries", N_("bénéficiaires")},
		{"start", N_("début")}, {"end", N_("fin")}, {"budget", N_("budget")},
		{"status", N_("statut")}, {"contributes_to", N_("contribue à")},
	};
	if (!c->custom)
		for (size_t i = 0; i < sizeof(labels) / sizeof(labels[0]); i++)
			if (strcmp(labels[i].field, c->field) == 0)
				return _(labels[i].label);
	return c->field;
}

const char *plan_compare_value_text(arena *ar, const plan_field_change *c, const char *value)
{
	if (!value || !*value)
		return "—";
	if (c->custom)
		return value;
	if (strcmp(c->field, "budget") == 0) {
		char out[MONEY_FORMAT_MAX];
		money_format_fr(strtoll(value, NULL, 10), out);
		return arena_strdup(ar, out);
	}
	if (strcmp(c->field, "start") == 0 || strcmp(c->field, "end") == 0) {
		jalon_date d;
		const char *why;
		char out[11];
		if (!date_parse(value, &d, &why))
			return value;
		date_format_fr(d, out);
		return arena_strdup(ar, out);
	}
	if (strcmp(c->field, "partners") == 0 || strcmp(c->field, "contributes_to") == 0) {
		size_t n = 1;
		for (const char *s = value; *s; s++)
			n += *s == '|';
		char *out = arena_alloc(ar, strlen(value) + n + 1), *w = out;
		for (const char *s = value; *s; s++) {
			if (*s == '|') {
				*w++ = ',';
				*w++ = ' ';
			} else {
				*w++ = *s;
			}
		}
		*w = '\0';
		return out;
	}
	return value;
}
