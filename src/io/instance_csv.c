/*
 * instance_csv.c — reading a plan's committees from CSV (format in instance_csv.h and
 * docs/formats.md).
 *
 * The skeleton is csv_table.h's, as for the indicator catalogue: bring the bytes to
 * UTF-8, match the header to this format's columns (an unknown column is an error),
 * read each non-blank row, collect every problem with its line. What is this format's
 * own: the composition cell, "Nom (rôle) | Nom", split on "|" with an optional role in
 * a final pair of brackets; the elements cell, codes of the plan split on "|"; and
 * names unique in the file ignoring case and accents, as the store wants them in the
 * plan. A file has a few dozen rows at most, so names are compared pairwise.
 */
#include "io/instance_csv.h"

#include <string.h>

#include "io/csv_table.h"
#include "util/i18n.h"
#include "util/text.h"

enum { COL_TYPE, COL_NAME, COL_ROLE, COL_FREQUENCY, COL_COMPOSITION, COL_ELEMENTS,
       COL_COUNT };

static const csv_input_column columns[COL_COUNT] = {
	[COL_TYPE] = {"type", true, {"type", "typedinstance", "typeinstance", "kind", "categorie"}},
	[COL_NAME] = {"instance", true, {"instance", "nom", "nomdelinstance", "name", "comite"}},
	[COL_ROLE] = {"role", false, {"role", "missions", "roleetmissions", "mission"}},
	[COL_FREQUENCY] = {"frequence", false, {"frequence", "frequency", "periodicite",
	                                        "rythme"}},
	[COL_COMPOSITION] = {"composition", false, {"composition", "membres", "members"}},
	[COL_ELEMENTS] = {"elements", false, {"elements", "element", "branches", "perimetre",
	                                      "codeselements"}},
};

typedef struct {
	const plan *p;
	instance *items;
	size_t count;
	const char **keys; /* each item's name as text_match_key folds it */
} reader_state;

/* The "(" matching a final ")" of part[0..len), or NULL ("Nom (a (b))": the first). */
static const char *final_bracket(const char *part, size_t len)
{
	if (!len || part[len - 1] != ')')
		return NULL;
	int depth = 0;
	for (size_t i = len; i-- > 0;) {
		if (part[i] == ')')
			depth++;
		else if (part[i] == '(' && --depth == 0)
			return part + i;
	}
	return NULL;
}

/* "Nom (rôle)" or "Nom": false when there is no name. */
static bool read_member(arena *a, const char *part, instance_member *out)
{
	size_t len = strlen(part);
	const char *open = final_bracket(part, len);
	if (!open) {
		out->name = text_trim(a, part);
		out->role = NULL;
	} else {
		out->name = text_trim(a, arena_strndup(a, part, (size_t)(open - part)));
		const char *role = text_trim(a, arena_strndup(a, open + 1,
		                                              (size_t)(part + len - 1 - open - 1)));
		out->role = *role ? role : NULL;
	}
	return *out->name != '\0';
}

static void read_composition(csv_table *t, int line, const char *v, instance *x)
{
	char **parts;
	size_t n = text_split(t->a, v, '|', &parts);
	x->members = arena_alloc(t->a, (n ? n : 1) * sizeof(*x->members));
	x->member_count = 0;
	for (size_t i = 0; i < n; i++) {
		if (!read_member(t->a, parts[i], &x->members[x->member_count])) {
			diag_add(t->d, t->file, line, _("colonne « composition » : membre sans nom "
			                                 "« %s » (attendu : « Nom » ou « Nom (rôle) »)"),
			         parts[i]);
			continue;
		}
		x->member_count++;
	}
}

static void read_elements(csv_table *t, const plan *p, int line, const char *v, instance *x)
{
	char **parts;
	size_t n = text_split(t->a, v, '|', &parts);
	const plan_element **branches = arena_alloc(t->a, (n ? n : 1) * sizeof(*branches));
	size_t count = 0;
	for (size_t i = 0; i < n; i++) {
		const plan_element *e = plan_find(p, parts[i]);
		if (!e) {
			const char *near = plan_code_suggestion(t->a, p, parts[i]);
			if (near)
				diag_add(t->d, t->file, line,
				         _("élément inconnu « %s » (vouliez-vous dire « %s » ?)"), parts[i],
				         near);
			else
				diag_add(t->d, t->file, line,
				         _("élément inconnu « %s » : aucun élément du plan « %s » n'a ce code"),
				         parts[i], p->slug ? p->slug : "");
			continue;
		}
		bool seen = false; /* "P1|P1": once is enough */
		for (size_t k = 0; k < count && !seen; k++)
			seen = branches[k] == e;
		if (!seen)
			branches[count++] = e;
	}
	x->branches = branches;
	x->branch_count = count;
}

static void read_row(csv_table *t, const csv_record *rec, const char **cells,
                     const char **fields)
{
	(void)fields;
	reader_state *r = t->state;
	int line = rec->line;
	instance x = {.source_line = line};
	const char *type = cells[COL_TYPE];
	if (!*type)
		diag_add(t->d, t->file, line, _("type d'instance manquant (gouvernance, pilotage, "
		                                 "opérationnel ou transverse)"));
	else if (!instance_kind_parse(type, &x.kind))
		diag_add(t->d, t->file, line, _("type d'instance inconnu « %s » (gouvernance, "
		                                "pilotage, opérationnel ou transverse)"), type);
	x.name = cells[COL_NAME];
	const char *key = text_match_key(t->a, x.name);
	if (!*x.name) {
		diag_add(t->d, t->file, line, _("nom de l'instance manquant"));
	} else {
		for (size_t i = 0; i < r->count; i++)
			if (strcmp(r->keys[i], key) == 0) {
				diag_add(t->d, t->file, line, _("instance « %s » déjà décrite ligne %d"),
				         x.name, r->items[i].source_line);
				break;
			}
	}
	x.role = *cells[COL_ROLE] ? cells[COL_ROLE] : NULL;
	x.frequency = *cells[COL_FREQUENCY] ? cells[COL_FREQUENCY] : NULL;
	if (*cells[COL_COMPOSITION])
		read_composition(t, line, cells[COL_COMPOSITION], &x);
	if (*cells[COL_ELEMENTS])
		read_elements(t, r->p, line, cells[COL_ELEMENTS], &x);
	r->items = csv_table_grow(t->a, r->items, r->count, sizeof(*r->items));
	r->keys = csv_table_grow(t->a, r->keys, r->count, sizeof(*r->keys));
	r->keys[r->count] = key;
	r->items[r->count++] = x;
}

bool instance_csv_read(arena *a, const char *file, const char *data, size_t len,
                       const plan_csv_options *options, const plan *p, instance **out,
                       size_t *count, diag_list *d)
{
	reader_state r = {.p = p};
	csv_table t = {.a = a, .file = file, .d = d, .columns = columns, .column_count = COL_COUNT,
	               .state = &r};
	bool ok = csv_table_read(&t, data, len, options ? options->encoding : NULL, NULL,
	                         read_row);
	diag_sort(d);
	*out = ok ? r.items : NULL;
	*count = ok ? r.count : 0;
	return ok;
}
