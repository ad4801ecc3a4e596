/*
 * change_log.c — the change journal (see change_log.h): recording one change inside
 * the writer's transaction, and reading a plan's changes back, newest first.
 *
 * Recording prepares its statement per call: writers record a handful of rows per
 * transaction (one per changed field, one per import), never one per imported
 * element, so the cost stays out of the 10,000-element import.
 */
#include "store/change_log.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/id_index.h"

#include "util/i18n.h"

static const char *const action_keys[] = {
	[CHANGE_CREATE] = "create",
	[CHANGE_UPDATE] = "update",
	[CHANGE_DELETE] = "delete",
	[CHANGE_IMPORT] = "import",
	[CHANGE_RESTORE] = "restore",
};

const char *change_action_key(change_action a)
{
	return (unsigned)a <= CHANGE_RESTORE ? action_keys[a] : action_keys[CHANGE_UPDATE];
}

static change_action change_action_from_key(const char *key)
{
	for (int a = CHANGE_CREATE; a <= CHANGE_RESTORE; a++)
		if (key && strcmp(key, action_keys[a]) == 0)
			return (change_action)a;
	return CHANGE_UPDATE;
}

bool store_change_record(store *s, int64_t plan_id, const plan_element *e, const char *entity,
                         int64_t entity_id, change_action action, const char *field,
                         const char *old_value, const char *new_value, diag_list *d)
{
	sqlite3_stmt *st = store_prepare(s,
		"INSERT INTO change_log (plan_id, at, actor, via, element_id, element_code, entity,"
		" entity_id, action, field, old_value, new_value, source)"
		" VALUES (?, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", d);
	if (!st)
		return false;
	sqlite3_bind_int64(st, 1, plan_id);
	store_bind_text(st, 2, s->actor);
	sqlite3_bind_text(st, 3, s->via ? s->via : "cli", -1, SQLITE_STATIC);
	if (e && e->id)
		sqlite3_bind_int64(st, 4, e->id);
	store_bind_text(st, 5, e ? e->code : NULL);
	sqlite3_bind_text(st, 6, entity, -1, SQLITE_STATIC);
	if (entity_id)
		sqlite3_bind_int64(st, 7, entity_id);
	sqlite3_bind_text(st, 8, change_action_key(action), -1, SQLITE_STATIC);
	store_bind_text(st, 9, field);
	store_bind_text(st, 10, old_value);
	store_bind_text(st, 11, new_value);
	store_bind_text(st, 12, s->source);
	bool ok = sqlite3_step(st) == SQLITE_DONE;
	if (!ok)
		store_report(s, d, _("enregistrement du journal des modifications impossible"));
	sqlite3_finalize(st);
	return ok;
}

/* NULL and "" are both "none". */
static bool same_value(const char *a, const char *b)
{
	if (!a || !*a)
		return !b || !*b;
	return b && strcmp(a, b) == 0;
}

bool store_change_field(store *s, int64_t plan_id, const plan_element *e, const char *entity,
                        int64_t entity_id, const char *field, const char *old_value,
                        const char *new_value, diag_list *d)
{
	if (same_value(old_value, new_value))
		return true;
	return store_change_record(s, plan_id, e, entity, entity_id, CHANGE_UPDATE, field,
	                           old_value, new_value, d);
}

bool store_change_fields(store *s, int64_t plan_id, const plan_element *e, const char *entity,
                         int64_t entity_id, const store_field_change *fields, size_t count,
                         diag_list *d)
{
	for (size_t i = 0; i < count; i++)
		if (!store_change_field(s, plan_id, e, entity, entity_id, fields[i].field,
		                        fields[i].before, fields[i].after, d))
			return false;
	return true;
}

const char *store_change_int(arena *a, int64_t v)
{
	return arena_printf(a, "%" PRId64, v);
}

const char *store_change_date(arena *a, jalon_date d)
{
	if (!date_is_set(d))
		return NULL;
	char iso[11];
	date_format_iso(d, iso);
	return arena_strdup(a, iso);
}

/* The shortest text that reads back the same: %.15g is enough for most values and
 * reads better ("0.1", not "0.10000000000000001"). */
const char *store_change_number(arena *a, double v)
{
	char out[40];
	snprintf(out, sizeof(out), "%.15g", v);
	if (strtod(out, NULL) != v)
		snprintf(out, sizeof(out), "%.17g", v);
	return arena_strdup(a, out);
}

bool store_changes_load(store *s, arena *a, int64_t plan_id, const char *since,
                        int64_t element_id, size_t limit, change_entry **out, size_t *count,
                        diag_list *d)
{
	*out = NULL;
	*count = 0;
	char since_iso[11] = "";
	if (since && *since) {
		jalon_date day;
		const char *why;
		if (!date_parse(since, &day, &why)) {
			diag_add(d, "since", 0, _("date de début invalide « %s » : %s"), since, why);
			return false;
		}
		date_format_iso(day, since_iso);
	}
	/* "AAAA-MM-JJ" sorts before every "AAAA-MM-JJThh:mm:ssZ" of that day. */
	sqlite3_stmt *st = store_prepare(s,
		"SELECT id, at, actor, via, element_id, element_code, entity, entity_id, action,"
		" field, old_value, new_value, source FROM change_log"
		" WHERE plan_id = ?1 AND (?2 IS NULL OR at >= ?2) AND (?3 = 0 OR element_id = ?3)"
		" ORDER BY at DESC, id DESC LIMIT ?4", d);
	if (!st)
		return false;
	sqlite3_bind_int64(st, 1, plan_id);
	store_bind_text(st, 2, since_iso);
	sqlite3_bind_int64(st, 3, element_id);
	sqlite3_bind_int64(st, 4, limit ? (int64_t)limit : -1);
	size_t n = 0, cap = 0;
	change_entry *items = NULL;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == cap) {
			size_t grown = cap ? cap * 2 : 16;
			items = arena_realloc(a, items, cap * sizeof(*items), grown * sizeof(*items));
			cap = grown;
		}
		change_entry *c = &items[n++];
		c->id = sqlite3_column_int64(st, 0);
		c->at = store_column_text(a, st, 1);
		c->actor = store_column_text(a, st, 2);
		c->via = store_column_text(a, st, 3);
		c->element_id = sqlite3_column_int64(st, 4);
		c->element_code = store_column_text(a, st, 5);
		c->entity = store_column_text(a, st, 6);
		c->entity_id = sqlite3_column_int64(st, 7);
		c->action = change_action_from_key((const char *)sqlite3_column_text(st, 8));
		c->field = store_column_text(a, st, 9);
		c->old_value = store_column_text(a, st, 10);
		c->new_value = store_column_text(a, st, 11);
		c->source = store_column_text(a, st, 12);
	}
	if (!store_read_end(s, st, rc, d, _("lecture du journal des modifications impossible")))
		return false;
	*out = items;
	*count = n;
	return true;
}

/* A journalled progress ("0".."100", or NULL: none) into *has and *pct; false when the
 * text is not such a number. */
static bool progress_value(sqlite3_stmt *st, int column, bool *has, int *pct)
{
	*has = false;
	*pct = 0;
	if (sqlite3_column_type(st, column) == SQLITE_NULL)
		return true;
	const char *text = (const char *)sqlite3_column_text(st, column);
	char *end;
	long v = strtol(text, &end, 10);
	if (end == text || *end || v < 0 || v > 100)
		return false;
	*has = true;
	*pct = (int)v;
	return true;
}

bool store_progress_changes_load(store *s, arena *a, const plan *p, progress_change **out,
                                 size_t *count, diag_list *d)
{
	*out = NULL;
	*count = 0;
	sqlite3_stmt *st = store_prepare(s,
		"SELECT element_id, substr(at, 1, 10), old_value, new_value FROM change_log"
		" WHERE plan_id = ?1 AND entity = 'status' AND field = 'progress'"
		" ORDER BY at, id", d);
	if (!st)
		return false;
	sqlite3_bind_int64(st, 1, p->id);
	store_id_index ix;
	store_id_index_build(a, &ix, p);
	size_t n = 0, cap = 0;
	progress_change *items = NULL;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		progress_change c = {.element = store_id_index_get(&ix, sqlite3_column_int64(st, 0)),
		                     .date = store_column_date(st, 1)};
		if (!c.element || !date_is_set(c.date) ||
		    !progress_value(st, 2, &c.had_before, &c.before) ||
		    !progress_value(st, 3, &c.has_after, &c.after))
			continue;
		if (n == cap) {
			size_t grown = cap ? cap * 2 : 16;
			items = arena_realloc(a, items, cap * sizeof(*items), grown * sizeof(*items));
			cap = grown;
		}
		items[n++] = c;
	}
	if (!store_read_end(s, st, rc, d, _("lecture du journal des modifications impossible")))
		return false;
	*out = items;
	*count = n;
	return true;
}
