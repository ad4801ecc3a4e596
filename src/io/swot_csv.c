/*
 * swot_csv.c — SWOT tables from CSV (swot_csv.h), through the shared table reader
 * (csv_table.h).
 */
#include "io/swot_csv.h"

#include <string.h>

#include "io/csv_table.h"
#include "store/swot_store.h"
#include "util/i18n.h"

enum { SWOT_COLUMN_ELEMENT, SWOT_COLUMN_QUADRANT, SWOT_COLUMN_TEXT, SWOT_COLUMN_COUNT };

static const csv_input_column swot_columns[SWOT_COLUMN_COUNT] = {
	[SWOT_COLUMN_ELEMENT] = {"element", true, {"element", "code"}},
	[SWOT_COLUMN_QUADRANT] = {"quadrant", true, {"quadrant", "categorie"}},
	[SWOT_COLUMN_TEXT] = {"texte", true, {"texte", "text", "entree"}},
};

typedef struct {
	const plan *p;
	swot_table *tables;
	size_t count;
} swot_state;

/* The table of element e (NULL: the plan's), created on first use. */
static swot_table *table_for(csv_table *t, swot_state *st, const plan_element *e)
{
	int64_t id = e ? e->id : 0;
	for (size_t i = 0; i < st->count; i++)
		if (e ? st->tables[i].element_code && strcmp(st->tables[i].element_code, e->code) == 0
		      : st->tables[i].element_code == NULL)
			return &st->tables[i];
	st->tables = csv_table_grow(t->a, st->tables, st->count, sizeof(*st->tables));
	swot_table *table = &st->tables[st->count++];
	memset(table, 0, sizeof(*table));
	table->element_id = id;
	table->element_code = e ? e->code : NULL;
	table->element_title = e ? e->title : NULL;
	return table;
}

static void read_row(csv_table *t, const csv_record *rec, const char **cells,
                     const char **fields)
{
	(void)fields;
	swot_state *st = t->state;
	int line = rec->line;
	bool ok = true;
	const char *code = cells[SWOT_COLUMN_ELEMENT];
	const plan_element *e = NULL;
	if (*code && !(e = plan_find(st->p, code))) {
		const char *near = plan_code_suggestion(t->a, st->p, code);
		if (near)
			diag_add(t->d, t->file, line, _("élément inconnu « %s » (vouliez-vous dire « %s » ?)"),
			         code, near);
		else
			diag_add(t->d, t->file, line,
			         _("élément inconnu « %s » : aucun élément du plan « %s » n'a ce code"),
			         code, st->p->slug ? st->p->slug : "");
		ok = false;
	}
	swot_quadrant q = SWOT_STRENGTHS;
	const char *qv = cells[SWOT_COLUMN_QUADRANT];
	if (!swot_quadrant_parse(qv, &q)) {
		if (*qv)
			diag_add(t->d, t->file, line,
			         _("quadrant inconnu « %s » (quadrants : forces, faiblesses, opportunités, "
			           "menaces)"), qv);
		else
			diag_add(t->d, t->file, line,
			         _("quadrant manquant (quadrants : forces, faiblesses, opportunités, "
			           "menaces)"));
		ok = false;
	}
	const char *text = cells[SWOT_COLUMN_TEXT];
	if (!*text) {
		diag_add(t->d, t->file, line, _("texte vide : une entrée SWOT est une phrase"));
		ok = false;
	} else if (strpbrk(text, "\r\n")) {
		diag_add(t->d, t->file, line, _("le texte tient sur plusieurs lignes : une entrée par "
		                                 "ligne du fichier"));
		ok = false;
	} else if (strlen(text) > SWOT_ENTRY_MAX) {
		diag_add(t->d, t->file, line, _("texte trop long (%zu octets, %d au plus)"), strlen(text),
		         SWOT_ENTRY_MAX);
		ok = false;
	}
	if (!ok)
		return;
	swot_table *table = table_for(t, st, e);
	table->entries[q] = csv_table_grow(t->a, (void *)table->entries[q], table->count[q],
	                                   sizeof(char *));
	table->entries[q][table->count[q]++] = text;
}

bool swot_csv_read(arena *a, const char *file, const char *data, size_t len,
                   const char *encoding, const plan *p, swot_table **out, size_t *count,
                   diag_list *d)
{
	swot_state st = {.p = p};
	csv_table t = {.a = a, .file = file, .d = d, .columns = swot_columns,
	               .column_count = SWOT_COLUMN_COUNT, .state = &st};
	size_t errors_before = diag_total(d);
	bool ok = csv_table_read(&t, data, len, encoding, NULL, read_row);
	ok = ok && diag_total(d) == errors_before;
	diag_sort(d);
	*out = ok ? st.tables : NULL;
	*count = ok ? st.count : 0;
	return ok;
}
