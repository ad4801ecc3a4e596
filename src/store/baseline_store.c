/*
 * baseline_store.c — taking, loading and listing baselines (see baseline_store.h).
 *
 * Loading joins entries to the plan's current elements by code in SQL (the
 * UNIQUE (plan_id, code) index), then to the loaded elements through the id index:
 * one query, whatever the plan's size.
 */
#include "store/baseline_store.h"

#include <string.h>

#include "store/change_log.h"
#include "store/id_index.h"
#include "util/i18n.h"

bool store_baseline_take(store *s, const plan *p, const char *name, const plan_rollup *r,
                         diag_list *d)
{
	if (!name || !*name) {
		diag_add(d, NULL, 0, _("le nom du référentiel est vide"));
		return false;
	}
	if (!store_begin(s, d))
		return false;
	sqlite3_stmt *head = store_prepare(s,
		"INSERT INTO baseline (plan_id, name, taken_at)"
		" VALUES (?, ?, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))", d);
	sqlite3_stmt *entry = store_prepare(s,
		"INSERT INTO baseline_entry (baseline_id, element_code, start_date, end_date,"
		" planned_cents) VALUES (?, ?, ?, ?, ?)", d);
	bool ok = head && entry;
	if (ok) {
		sqlite3_bind_int64(head, 1, p->id);
		sqlite3_bind_text(head, 2, name, -1, SQLITE_STATIC);
		int rc = sqlite3_step(head);
		if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT) {
			diag_add(d, NULL, 0, _("le référentiel « %s » existe déjà pour ce plan"), name);
			ok = false;
		} else if (rc != SQLITE_DONE) {
			store_report(s, d, _("enregistrement du référentiel impossible"));
			ok = false;
		}
	}
	int64_t baseline_id = ok ? sqlite3_last_insert_rowid(s->sqlite) : 0;
	for (size_t i = 0; ok && i < p->element_count; i++) {
		const element_rollup *x = &r->by_element[i];
		char start[11], end[11];
		sqlite3_bind_int64(entry, 1, baseline_id);
		sqlite3_bind_text(entry, 2, p->elements[i].code, -1, SQLITE_STATIC);
		store_bind_date(entry, 3, x->start, start);
		store_bind_date(entry, 4, x->end, end);
		if (x->has_budget)
			sqlite3_bind_int64(entry, 5, x->planned_cents);
		else
			sqlite3_bind_null(entry, 5);
		ok = sqlite3_step(entry) == SQLITE_DONE;
		sqlite3_reset(entry);
		if (!ok)
			store_report(s, d, _("enregistrement du référentiel impossible"));
	}
	ok = ok && store_change_record(s, p->id, NULL, "baseline", baseline_id, CHANGE_CREATE,
	                               NULL, NULL, name, d);
	sqlite3_finalize(head);
	sqlite3_finalize(entry);
	if (!ok) {
		store_rollback(s);
		return false;
	}
	return store_commit(s, d);
}

bool store_baseline_load(store *s, arena *a, const plan *p, const char *name,
                         baseline_entry **out, size_t *count, diag_list *d)
{
	sqlite3_stmt *st = store_prepare(s,
		"SELECT b.id FROM baseline b WHERE b.plan_id = ? AND b.name = ?", d);
	if (!st)
		return false;
	sqlite3_bind_int64(st, 1, p->id);
	sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
	bool found = sqlite3_step(st) == SQLITE_ROW;
	int64_t id = found ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_finalize(st);
	if (!found) {
		diag_add(d, NULL, 0, _("référentiel inconnu « %s » (la commande « baselines » les liste)"),
		         name);
		return false;
	}
	st = store_prepare(s,
		"SELECT e.id, x.start_date, x.end_date, x.planned_cents FROM baseline_entry x"
		" JOIN element e ON e.plan_id = ? AND e.code = x.element_code"
		" WHERE x.baseline_id = ?", d);
	if (!st)
		return false;
	sqlite3_bind_int64(st, 1, p->id);
	sqlite3_bind_int64(st, 2, id);
	store_id_index ix;
	store_id_index_build(a, &ix, p);
	baseline_entry *entries = arena_alloc(a, (p->element_count + 1) * sizeof(*entries));
	size_t n = 0;
	while (n < p->element_count && sqlite3_step(st) == SQLITE_ROW) {
		const plan_element *e = store_id_index_get(&ix, sqlite3_column_int64(st, 0));
		if (!e)
			continue;
		baseline_entry *b = &entries[n++];
		b->element = e;
		b->start = store_column_date(st, 1);
		b->end = store_column_date(st, 2);
		b->has_planned = sqlite3_column_type(st, 3) != SQLITE_NULL;
		b->planned_cents = sqlite3_column_int64(st, 3);
	}
	sqlite3_finalize(st);
	*out = entries;
	*count = n;
	return true;
}

bool store_baselines_list(store *s, arena *a, const plan *p, baseline_info **out,
                          size_t *count, diag_list *d)
{
	sqlite3_stmt *st = store_prepare(s,
		"SELECT b.name, b.taken_at, (SELECT count(*) FROM baseline_entry x"
		" WHERE x.baseline_id = b.id) FROM baseline b WHERE b.plan_id = ? ORDER BY b.id", d);
	if (!st)
		return false;
	sqlite3_bind_int64(st, 1, p->id);
	size_t n = 0, cap = 8;
	baseline_info *items = arena_alloc(a, cap * sizeof(*items));
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (n == cap) {
			items = arena_realloc(a, items, cap * sizeof(*items), 2 * cap * sizeof(*items));
			cap *= 2;
		}
		items[n].name = store_column_text(a, st, 0);
		items[n].taken_at = store_column_text(a, st, 1);
		items[n].entry_count = (size_t)sqlite3_column_int64(st, 2);
		n++;
	}
	sqlite3_finalize(st);
	*out = items;
	*count = n;
	return true;
}
