/*
 * swot_store.c — SWOT tables in SQLite (swot_store.h).
 *
 * One query loads a table, one loads all the tables of a plan; a replace deletes the
 * table's rows and inserts the new ones with the next version, journalling the
 * quadrants that changed, in one transaction.
 */
#include "store/swot_store.h"

#include <stdlib.h>
#include <string.h>

#include "store/change_log.h"
#include "util/buf.h"
#include "util/i18n.h"

/* ---- loading ------------------------------------------------------------------------ */

static void table_push(arena *a, swot_table *t, swot_quadrant q, const char *text)
{
	size_t n = t->count[q];
	if (n == 0 || (n & (n - 1)) == 0) {
		size_t cap = n ? n * 2 : 2;
		t->entries[q] = arena_realloc(a, (void *)t->entries[q], n * sizeof(char *),
		                              cap * sizeof(char *));
	}
	t->entries[q][n] = text;
	t->count[q] = n + 1;
}

/* Rows (element_id, quadrant, text, version) in table order, appended to the table
 * that find() returns for their element (NULL: skipped). */
static void tables_fill(arena *a, sqlite3_stmt *st, swot_table *(*find)(void *, int64_t),
                        void *ctx)
{
	while (sqlite3_step(st) == SQLITE_ROW) {
		swot_table *t = find(ctx, sqlite3_column_int64(st, 0));
		swot_quadrant q;
		const char *text = store_column_text(a, st, 2);
		if (!t || !text || !swot_quadrant_parse((const char *)sqlite3_column_text(st, 1), &q))
			continue;
		table_push(a, t, q, text);
		int64_t v = sqlite3_column_int64(st, 3);
		if (v > t->version)
			t->version = v;
	}
}

/* Name the table after its element (a table without one is the plan's). */
static void table_of_element(swot_table *t, const plan_element *e)
{
	t->element_id = e->id;
	t->element_code = e->code;
	t->element_title = e->title;
}

static swot_table *find_single(void *ctx, int64_t element_id)
{
	(void)element_id;
	return ctx;
}

bool store_swot_load(store *s, arena *a, const plan *p, const plan_element *e, swot_table *out,
                     diag_list *d)
{
	memset(out, 0, sizeof(*out));
	if (e)
		table_of_element(out, e);
	sqlite3_stmt *st = store_prepare(s,
		"SELECT coalesce(element_id, 0), quadrant, text, version FROM swot_entry"
		" WHERE plan_id = ?1 AND element_id IS ?2 ORDER BY quadrant, position, id", d);
	if (!st)
		return false;
	sqlite3_bind_int64(st, 1, p->id);
	if (e)
		sqlite3_bind_int64(st, 2, e->id);
	tables_fill(a, st, find_single, out);
	sqlite3_finalize(st);
	return true;
}

typedef struct {
	const plan *p;
	swot_table *tables; /* [0] the plan's, [1 + i] element ordered[i]'s */
	int64_t *ids;       /* ordered elements' ids, sorted, and their rank */
	size_t *ranks;
} all_tables;

static int compare_ids(const void *x, const void *y)
{
	int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;
	return (a > b) - (a < b);
}

static swot_table *find_in_all(void *ctx, int64_t element_id)
{
	all_tables *all = ctx;
	if (element_id == 0)
		return &all->tables[0];
	int64_t *hit = bsearch(&element_id, all->ids, all->p->element_count, sizeof(int64_t),
	                       compare_ids);
	return hit ? &all->tables[1 + all->ranks[hit - all->ids]] : NULL;
}

bool store_swot_load_all(store *s, arena *a, const plan *p, swot_table **out, size_t *count,
                         diag_list *d)
{
	size_t n = p->element_count;
	all_tables all = {.p = p};
	all.tables = arena_alloc(a, (n + 1) * sizeof(*all.tables));
	/* Sorted ids with their depth-first rank: pairs sorted on the id. */
	int64_t (*pairs)[2] = arena_alloc(a, (n ? n : 1) * sizeof(*pairs));
	for (size_t i = 0; i < n; i++) {
		pairs[i][0] = p->ordered[i]->id;
		pairs[i][1] = (int64_t)i;
	}
	qsort(pairs, n, sizeof(*pairs), compare_ids);
	all.ids = arena_alloc(a, (n ? n : 1) * sizeof(int64_t));
	all.ranks = arena_alloc(a, (n ? n : 1) * sizeof(size_t));
	for (size_t i = 0; i < n; i++) {
		all.ids[i] = pairs[i][0];
		all.ranks[i] = (size_t)pairs[i][1];
		table_of_element(&all.tables[1 + i], p->ordered[i]);
	}
	sqlite3_stmt *st = store_prepare(s,
		"SELECT coalesce(element_id, 0), quadrant, text, version FROM swot_entry"
		" WHERE plan_id = ? ORDER BY element_id, quadrant, position, id", d);
	if (!st)
		return false;
	sqlite3_bind_int64(st, 1, p->id);
	tables_fill(a, st, find_in_all, &all);
	sqlite3_finalize(st);
	/* Keep the plan's table and the non-empty ones, in depth-first order. */
	size_t kept = 1;
	for (size_t i = 1; i <= n; i++)
		if (swot_table_size(&all.tables[i]) > 0)
			all.tables[kept++] = all.tables[i];
	*out = all.tables;
	*count = kept;
	return true;
}

/* ---- checking ----------------------------------------------------------------------- */

bool swot_table_check(const swot_table *t, diag_list *d)
{
	bool ok = true;
	for (int q = 0; q < SWOT_QUADRANT_COUNT; q++) {
		for (size_t i = 0; i < t->count[q]; i++) {
			const char *text = t->entries[q][i];
			const char *key = swot_quadrant_key((swot_quadrant)q);
			if (!text || !*text) {
				diag_add(d, key, (int)i + 1, _("%s : l'entrée %zu est vide"),
				         swot_quadrant_label((swot_quadrant)q), i + 1);
				ok = false;
			} else if (strpbrk(text, "\r\n")) {
				diag_add(d, key, (int)i + 1, _("%s : l'entrée %zu tient sur plusieurs lignes"),
				         swot_quadrant_label((swot_quadrant)q), i + 1);
				ok = false;
			} else if (strlen(text) > SWOT_ENTRY_MAX) {
				diag_add(d, key, (int)i + 1,
				         _("%s : l'entrée %zu est trop longue (%zu octets, %d au plus)"),
				         swot_quadrant_label((swot_quadrant)q), i + 1, strlen(text),
				         SWOT_ENTRY_MAX);
				ok = false;
			}
		}
	}
	return ok;
}

/* ---- writing ------------------------------------------------------------------------ */

/* Entries of one quadrant joined by "|", as the journal writes lists. */
static char *quadrant_joined(const swot_table *t, int q)
{
	buf b = {0};
	buf_puts(&b, "");
	for (size_t i = 0; i < t->count[q]; i++) {
		if (i)
			buf_putc(&b, '|');
		buf_puts(&b, t->entries[q][i]);
	}
	return b.data;
}

/* "SWOT : 3 forces, 2 faiblesses, 1 opportunités, 0 menaces" (French data, as every
 * journal summary). */
static void table_summary(const swot_table *t, char *out, size_t size)
{
	snprintf(out, size, "SWOT : %zu forces, %zu faiblesses, %zu opportunités, %zu menaces",
	         t->count[SWOT_STRENGTHS], t->count[SWOT_WEAKNESSES], t->count[SWOT_OPPORTUNITIES],
	         t->count[SWOT_THREATS]);
}

/* Inside the caller's transaction: replace old (as loaded) by t, journalled per
 * quadrant when `journal`. */
static bool table_write(store *s, const plan *p, const plan_element *e, const swot_table *old,
                        swot_table *t, bool journal, diag_list *d)
{
	sqlite3_stmt *del = store_prepare(s,
		"DELETE FROM swot_entry WHERE plan_id = ?1 AND element_id IS ?2", d);
	if (!del)
		return false;
	sqlite3_bind_int64(del, 1, p->id);
	if (e)
		sqlite3_bind_int64(del, 2, e->id);
	bool ok = store_step_done(s, del, d, _("mise à jour du tableau SWOT impossible"));
	sqlite3_finalize(del);
	if (!ok)
		return false;
	sqlite3_stmt *ins = store_prepare(s,
		"INSERT INTO swot_entry (plan_id, element_id, quadrant, position, text, version)"
		" VALUES (?, ?, ?, ?, ?, ?)", d);
	if (!ins)
		return false;
	int64_t version = old->version + 1;
	for (int q = 0; ok && q < SWOT_QUADRANT_COUNT; q++) {
		for (size_t i = 0; ok && i < t->count[q]; i++) {
			sqlite3_bind_int64(ins, 1, p->id);
			if (e)
				sqlite3_bind_int64(ins, 2, e->id);
			else
				sqlite3_bind_null(ins, 2);
			sqlite3_bind_text(ins, 3, swot_quadrant_key((swot_quadrant)q), -1, SQLITE_STATIC);
			sqlite3_bind_int64(ins, 4, (int64_t)i);
			sqlite3_bind_text(ins, 5, t->entries[q][i], -1, SQLITE_STATIC);
			sqlite3_bind_int64(ins, 6, version);
			ok = store_step_done(s, ins, d, _("enregistrement d'une entrée SWOT impossible"));
		}
	}
	sqlite3_finalize(ins);
	if (!ok)
		return false;
	t->version = swot_table_size(t) ? version : 0;
	if (!journal)
		return true;
	char summary[160];
	table_summary(t, summary, sizeof(summary));
	int64_t entity_id = e ? e->id : 0;
	ok = store_change_record(s, p->id, e, "swot", entity_id, CHANGE_UPDATE, NULL, NULL, summary,
	                         d);
	for (int q = 0; ok && q < SWOT_QUADRANT_COUNT; q++) {
		char *before = quadrant_joined(old, q), *after = quadrant_joined(t, q);
		ok = store_change_field(s, p->id, e, "swot", entity_id,
		                        swot_quadrant_key((swot_quadrant)q), before, after, d);
		free(before);
		free(after);
	}
	return ok;
}

store_result store_swot_replace(store *s, const plan *p, const plan_element *e, swot_table *t,
                                int64_t expected_version, diag_list *d)
{
	if (!swot_table_check(t, d))
		return STORE_INVALID;
	arena *a = arena_new();
	swot_table old;
	if (!store_begin(s, d)) {
		arena_free(a);
		return STORE_FAILED;
	}
	store_result r = STORE_OK;
	if (!store_swot_load(s, a, p, e, &old, d)) {
		r = STORE_FAILED;
	} else if (expected_version >= 0 && old.version != expected_version) {
		diag_add(d, "version",  0,
		         _("le tableau SWOT a été modifié entre-temps (version %lld, vous aviez la "
		           "version %lld) : rechargez-le"),
		         (long long)old.version, (long long)expected_version);
		r = STORE_CONFLICT;
	} else if (!table_write(s, p, e, &old, t, true, d)) {
		r = STORE_FAILED;
	}
	arena_free(a);
	if (store_end(s, r == STORE_OK, d))
		return STORE_OK;
	return r == STORE_OK ? STORE_FAILED : r;
}

bool store_swot_import(store *s, const plan *p, swot_table *tables, size_t count, diag_list *d)
{
	bool ok = true;
	for (size_t i = 0; i < count; i++)
		ok = swot_table_check(&tables[i], d) && ok;
	if (!ok || !store_begin(s, d))
		return false;
	arena *a = arena_new();
	size_t entries = 0;
	for (size_t i = 0; ok && i < count; i++) {
		const plan_element *e = tables[i].element_id ? plan_find_id(p, tables[i].element_id)
		                                             : NULL;
		swot_table old;
		if (tables[i].element_id && !e) {
			diag_add(d, NULL, 0, _("élément inconnu (numéro %lld)"),
			         (long long)tables[i].element_id);
			ok = false;
			break;
		}
		ok = store_swot_load(s, a, p, e, &old, d) &&
		     table_write(s, p, e, &old, &tables[i], false, d);
		entries += swot_table_size(&tables[i]);
	}
	if (ok) {
		char summary[96];
		snprintf(summary, sizeof(summary), "%zu %s SWOT dans %zu %s", entries,
		         entries > 1 ? "entrées" : "entrée", count, count > 1 ? "tableaux" : "tableau");
		ok = store_change_record(s, p->id, NULL, "swot", 0, CHANGE_IMPORT, NULL, NULL, summary,
		                         d);
	}
	arena_free(a);
	return store_end(s, ok, d);
}
