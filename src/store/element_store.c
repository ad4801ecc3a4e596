/*
 * element_store.c — writing one element of a plan: create, update (which is also how
 * an element moves) and delete with its whole branch.
 *
 * Each write is judged first by plan_check_element() against the plan as loaded, so a
 * form gets every problem named by its field and nothing is written. Then it runs in
 * one transaction. Updates and deletes carry the version the user saw, in the WHERE
 * clause itself, so checking it and writing are one atomic statement (optimistic
 * locking: nobody holds a lock while a form is open).
 *
 * The plan passed in may be older than the database: another user may have taken a
 * code, deleted a parent or moved a branch since. The database's own rules (UNIQUE,
 * FOREIGN KEY) and a cycle check inside the transaction catch that, and it is
 * reported as a conflict to reload, never written.
 *
 * Statements are prepared per call: these are single-element writes, not imports.
 *
 * Every write is journalled (change_log.h) in its transaction: a create and a delete
 * as one row, an update as one row per changed field, the old values read from the
 * database inside the transaction (the plan in memory may be older).
 */
#include "store/element_store.h"

#include <stdlib.h>
#include <string.h>

#include "store/change_log.h"
#include "store/trash_store.h"
#include "util/buf.h"
#include "util/i18n.h"

/* ---- small helpers ------------------------------------------------------------------ */

static void bind_id(sqlite3_stmt *st, int i, int64_t id)
{
	if (id)
		sqlite3_bind_int64(st, i, id);
	else
		sqlite3_bind_null(st, i);
}

static void report_plan_changed(diag_list *d)
{
	diag_add(d, NULL, 0, _("le plan a été modifié entre-temps par quelqu'un d'autre ; "
	                       "rechargez-le et recommencez"));
}

/* Step a write and reset it. A broken UNIQUE or FOREIGN KEY rule can only come from a
 * plan older than the database (plan_check_element() passed on the loaded one): a
 * conflict the user resolves by reloading, not a failure of the database. */
static store_result step_write(store *s, sqlite3_stmt *st, diag_list *d, const char *doing)
{
	int rc = sqlite3_step(st);
	store_result r = STORE_OK;
	if (rc != SQLITE_DONE) {
		int extended = sqlite3_extended_errcode(s->sqlite);
		if (extended == SQLITE_CONSTRAINT_UNIQUE || extended == SQLITE_CONSTRAINT_FOREIGNKEY) {
			report_plan_changed(d);
			r = STORE_CONFLICT;
		} else {
			store_report(s, d, doing);
			r = STORE_FAILED;
		}
	}
	sqlite3_reset(st);
	return r;
}

/* One integer from a query whose parameters are already bound; `missing` when no row. */
static bool step_integer(store *s, sqlite3_stmt *st, int64_t *out, int64_t missing,
                         diag_list *d)
{
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int64(st, 0);
	else if (rc == SQLITE_DONE)
		*out = missing;
	else
		store_report(s, d, _("lecture de l'élément impossible"));
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE;
}

/* After a conditional write changed no row: was the element gone, or changed? */
static store_result missing_or_changed(store *s, const plan *p, int64_t id, diag_list *d)
{
	sqlite3_stmt *st = store_prepare(s,
		"SELECT version FROM element WHERE id = ? AND plan_id = ?", d);
	if (!st)
		return STORE_FAILED;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, p->id);
	int64_t version;
	bool ok = step_integer(s, st, &version, 0, d);
	sqlite3_finalize(st);
	if (!ok)
		return STORE_FAILED;
	if (version == 0) {
		diag_add(d, NULL, 0, _("aucun élément n° %lld dans ce plan"), (long long)id);
		return STORE_NOT_FOUND;
	}
	diag_add(d, NULL, 0, _("cet élément a été modifié entre-temps par quelqu'un d'autre ; "
	                       "rechargez-le pour voir ses nouvelles valeurs"));
	return STORE_CONFLICT;
}

/* ---- the element's rows ---------------------------------------------------------- */

/* The element's own columns, bound from parameter `first` on, in the order both the
 * INSERT and the UPDATE list them: parent_id, code, level, title, description, owner,
 * beneficiaries, start_date, end_date, budget_cents, status. */
static void bind_element_fields(sqlite3_stmt *st, int first, const plan_element *e,
                                int64_t parent_id, char start[11], char end[11])
{
	bind_id(st, first, parent_id);
	sqlite3_bind_text(st, first + 1, e->code, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, first + 2, e->level, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, first + 3, e->title, -1, SQLITE_STATIC);
	store_bind_text(st, first + 4, e->description);
	store_bind_text(st, first + 5, e->owner);
	store_bind_text(st, first + 6, e->beneficiaries);
	store_bind_date(st, first + 7, e->start, start);
	store_bind_date(st, first + 8, e->end, end);
	if (e->has_budget)
		sqlite3_bind_int64(st, first + 9, e->budget_cents);
	else
		sqlite3_bind_null(st, first + 9);
	store_bind_text(st, first + 10, e->status);
}

/* The parent's database id, 0 at top level (plan_check_element() made sure it exists). */
static int64_t parent_id_of(const plan *p, const plan_element *e)
{
	if (!e->parent_code || !*e->parent_code)
		return 0;
	const plan_element *parent = plan_find(p, e->parent_code);
	return parent ? parent->id : 0;
}

enum { SIDE_PARTNER, SIDE_ATTRIBUTE, SIDE_CONTRIBUTION, SIDE_COUNT };

static const char *const side_insert_sql[SIDE_COUNT] = {
	[SIDE_PARTNER] =
		"INSERT INTO element_partner (element_id, position, name) VALUES (?, ?, ?)",
	[SIDE_ATTRIBUTE] =
		"INSERT INTO element_attribute (element_id, column_position, value) VALUES (?, ?, ?)",
	[SIDE_CONTRIBUTION] =
		"INSERT INTO element_contribution (element_id, target_id, position) VALUES (?, ?, ?)",
};

/* Outgoing rows only: contributions other elements make to this one are theirs. */
static const char *const side_delete_sql[SIDE_COUNT] = {
	[SIDE_PARTNER] = "DELETE FROM element_partner WHERE element_id = ?",
	[SIDE_ATTRIBUTE] = "DELETE FROM element_attribute WHERE element_id = ?",
	[SIDE_CONTRIBUTION] = "DELETE FROM element_contribution WHERE element_id = ?",
};

/* Insert one side row: (element id, position, text) for partners and attributes. */
static store_result side_insert_text(store *s, sqlite3_stmt *st, int64_t id, int64_t position,
                                     const char *text, diag_list *d, const char *doing)
{
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, position);
	sqlite3_bind_text(st, 3, text, -1, SQLITE_STATIC);
	return step_write(s, st, d, doing);
}

/* Partners, attributes and contributions of element `id`, from e. Empty entries (a
 * form's blank line) are skipped, as is a contribution given twice. */
static store_result side_rows_insert(store *s, const plan *p, const plan_element *e,
                                     int64_t id, diag_list *d)
{
	sqlite3_stmt *st[SIDE_COUNT] = {0};
	store_result r = STORE_OK;
	for (int i = 0; i < SIDE_COUNT && r == STORE_OK; i++)
		if (!(st[i] = store_prepare(s, side_insert_sql[i], d)))
			r = STORE_FAILED;

	int64_t position = 0;
	for (size_t k = 0; r == STORE_OK && k < e->partner_count; k++)
		if (e->partners[k] && *e->partners[k])
			r = side_insert_text(s, st[SIDE_PARTNER], id, position++, e->partners[k], d,
			                     _("enregistrement d'un partenaire impossible"));
	for (size_t k = 0; r == STORE_OK && e->attributes && k < p->custom_column_count; k++)
		if (e->attributes[k] && *e->attributes[k])
			r = side_insert_text(s, st[SIDE_ATTRIBUTE], id, (int64_t)k, e->attributes[k], d,
			                     _("enregistrement d'un attribut impossible"));
	position = 0;
	for (size_t k = 0; r == STORE_OK && k < e->contribution_count; k++) {
		const char *code = e->contributes_to[k];
		const plan_element *target = code && *code ? plan_find(p, code) : NULL;
		if (!target)
			continue; /* blank: plan_check_element() refused every unknown code */
		bool seen = false;
		for (size_t j = 0; j < k && !seen; j++)
			seen = e->contributes_to[j] && strcmp(e->contributes_to[j], code) == 0;
		if (seen)
			continue;
		sqlite3_bind_int64(st[SIDE_CONTRIBUTION], 1, id);
		sqlite3_bind_int64(st[SIDE_CONTRIBUTION], 2, target->id);
		sqlite3_bind_int64(st[SIDE_CONTRIBUTION], 3, position++);
		r = step_write(s, st[SIDE_CONTRIBUTION], d,
		               _("enregistrement d'une contribution impossible"));
	}
	for (int i = 0; i < SIDE_COUNT; i++)
		sqlite3_finalize(st[i]);
	return r;
}

static store_result side_rows_delete(store *s, int64_t id, diag_list *d)
{
	store_result r = STORE_OK;
	for (int i = 0; i < SIDE_COUNT && r == STORE_OK; i++) {
		sqlite3_stmt *st = store_prepare(s, side_delete_sql[i], d);
		if (!st)
			return STORE_FAILED;
		sqlite3_bind_int64(st, 1, id);
		r = step_write(s, st, d, _("mise à jour de l'élément impossible"));
		sqlite3_finalize(st);
	}
	return r;
}

/* ---- create ----------------------------------------------------------------------- */

/* The element row, last of the plan in position order, hence last among its siblings
 * whatever their positions. */
static store_result element_row_insert(store *s, const plan *p, const plan_element *e,
                                       int64_t *id, diag_list *d)
{
	sqlite3_stmt *st = store_prepare(s,
		"SELECT coalesce(max(position), -1) + 1 FROM element WHERE plan_id = ?", d);
	if (!st)
		return STORE_FAILED;
	sqlite3_bind_int64(st, 1, p->id);
	int64_t position;
	bool ok = step_integer(s, st, &position, 0, d);
	sqlite3_finalize(st);
	if (!ok)
		return STORE_FAILED;

	st = store_prepare(s,
		"INSERT INTO element (plan_id, position, version, parent_id, code, level, title,"
		" description, owner, beneficiaries, start_date, end_date, budget_cents, status)"
		" VALUES (?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", d);
	if (!st)
		return STORE_FAILED;
	char start[11], end[11];
	sqlite3_bind_int64(st, 1, p->id);
	sqlite3_bind_int64(st, 2, position);
	bind_element_fields(st, 3, e, parent_id_of(p, e), start, end);
	store_result r = step_write(s, st, d, _("enregistrement d'un élément impossible"));
	sqlite3_finalize(st);
	if (r == STORE_OK)
		*id = sqlite3_last_insert_rowid(s->sqlite);
	return r;
}

store_result store_element_create(store *s, arena *a, plan *p, plan_element *e, diag_list *d)
{
	if (!plan_check_element(a, p, e, NULL, d))
		return STORE_INVALID;
	if (!store_begin(s, d))
		return STORE_FAILED;
	int64_t id = 0;
	store_result r = element_row_insert(s, p, e, &id, d);
	if (r == STORE_OK)
		r = side_rows_insert(s, p, e, id, d);
	plan_element ref = {.id = id, .code = e->code};
	if (r == STORE_OK && !store_change_record(s, p->id, &ref, "element", id, CHANGE_CREATE,
	                                          NULL, NULL, e->title, d))
		r = STORE_FAILED;
	if (r != STORE_OK) {
		store_rollback(s);
		return r;
	}
	if (!store_commit(s, d))
		return STORE_FAILED;
	e->id = id;
	e->version = 1;
	return STORE_OK;
}

/* ---- update ----------------------------------------------------------------------- */

/* Texts joined by "|" as the journal writes lists, skipping blanks and repeats (as
 * side_rows_insert() does); NULL when none. */
static const char *journal_list(arena *a, const char *const *items, size_t count)
{
	buf out = {0};
	for (size_t k = 0; k < count; k++) {
		if (!items[k] || !*items[k])
			continue;
		bool seen = false;
		for (size_t j = 0; j < k && !seen; j++)
			seen = items[j] && strcmp(items[j], items[k]) == 0;
		if (seen)
			continue;
		if (out.len)
			buf_putc(&out, '|');
		buf_puts(&out, items[k]);
	}
	const char *text = out.len ? arena_strdup(a, out.data) : NULL;
	buf_free(&out);
	return text;
}

/* Rows of a one-column text query on element id, appended to an arena array. */
static bool read_texts(store *s, arena *a, const char *sql, int64_t id, const char ***items,
                       size_t *count, diag_list *d)
{
	sqlite3_stmt *st = store_prepare(s, sql, d);
	if (!st)
		return false;
	sqlite3_bind_int64(st, 1, id);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*items = arena_realloc(a, (void *)*items, *count * sizeof(**items),
		                       (*count + 1) * sizeof(**items));
		(*items)[(*count)++] = store_column_text(a, st, 0);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		store_report(s, d, _("lecture de l'élément impossible"));
	return rc == SQLITE_DONE;
}

/* Element id of plan p as stored now, for the journal: its own fields (the parent as
 * a code), partners and contributions (codes) in order, attributes by column.
 * *found is false when it is not in the plan (the write then reports it). */
static store_result element_read(store *s, arena *a, const plan *p, int64_t id,
                                 plan_element *out, bool *found, diag_list *d)
{
	sqlite3_stmt *st = store_prepare(s,
		"SELECT e.code, parent.code, e.level, e.title, e.description, e.owner,"
		" e.beneficiaries, e.start_date, e.end_date, e.budget_cents, e.status"
		" FROM element e LEFT JOIN element parent ON parent.id = e.parent_id"
		" WHERE e.id = ? AND e.plan_id = ?", d);
	if (!st)
		return STORE_FAILED;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, p->id);
	int rc = sqlite3_step(st);
	*found = rc == SQLITE_ROW;
	if (*found) {
		out->id = id;
		out->code = store_column_text(a, st, 0);
		out->parent_code = store_column_text(a, st, 1);
		out->level = store_column_text(a, st, 2);
		out->title = store_column_text(a, st, 3);
		out->description = store_column_text(a, st, 4);
		out->owner = store_column_text(a, st, 5);
		out->beneficiaries = store_column_text(a, st, 6);
		out->start = store_column_date(st, 7);
		out->end = store_column_date(st, 8);
		out->has_budget = sqlite3_column_type(st, 9) != SQLITE_NULL;
		out->budget_cents = sqlite3_column_int64(st, 9);
		out->status = store_column_text(a, st, 10);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		store_report(s, d, _("lecture de l'élément impossible"));
		return STORE_FAILED;
	}
	if (!*found)
		return STORE_OK;
	if (!read_texts(s, a, "SELECT name FROM element_partner WHERE element_id = ?"
	                      " ORDER BY position", id, &out->partners, &out->partner_count, d) ||
	    !read_texts(s, a, "SELECT t.code FROM element_contribution c"
	                      " JOIN element t ON t.id = c.target_id WHERE c.element_id = ?"
	                      " ORDER BY c.position", id, &out->contributes_to,
	                &out->contribution_count, d))
		return STORE_FAILED;
	if (p->custom_column_count)
		out->attributes = arena_alloc(a, p->custom_column_count * sizeof(*out->attributes));
	st = store_prepare(s,
		"SELECT column_position, value FROM element_attribute WHERE element_id = ?", d);
	if (!st)
		return STORE_FAILED;
	sqlite3_bind_int64(st, 1, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t column = sqlite3_column_int64(st, 0);
		if (column >= 0 && (size_t)column < p->custom_column_count)
			out->attributes[column] = store_column_text(a, st, 1);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		store_report(s, d, _("lecture de l'élément impossible"));
		return STORE_FAILED;
	}
	return STORE_OK;
}

/* One journal row per field that differs between `before` (element_read) and e. */
static bool element_journal_update(store *s, arena *a, const plan *p,
                                   const plan_element *before, const plan_element *e,
                                   diag_list *d)
{
	const char *budget_before = before->has_budget ? store_change_int(a, before->budget_cents)
	                                               : NULL;
	const char *budget_after = e->has_budget ? store_change_int(a, e->budget_cents) : NULL;
	const struct {
		const char *field, *before, *after;
	} fields[] = {
		{"code", before->code, e->code},
		{"parent", before->parent_code, e->parent_code},
		{"level", before->level, e->level},
		{"title", before->title, e->title},
		{"description", before->description, e->description},
		{"owner", before->owner, e->owner},
		{"partners", journal_list(a, before->partners, before->partner_count),
		 journal_list(a, e->partners, e->partner_count)},
		{"beneficiaries", before->beneficiaries, e->beneficiaries},
		{"start", store_change_date(a, before->start), store_change_date(a, e->start)},
		{"end", store_change_date(a, before->end), store_change_date(a, e->end)},
		{"budget", budget_before, budget_after},
		{"status", before->status, e->status},
		{"contributes_to", journal_list(a, before->contributes_to, before->contribution_count),
		 journal_list(a, e->contributes_to, e->contribution_count)},
	};
	bool ok = true;
	for (size_t i = 0; ok && i < sizeof(fields) / sizeof(fields[0]); i++)
		ok = store_change_field(s, p->id, e, "element", e->id, fields[i].field,
		                        fields[i].before, fields[i].after, d);
	for (size_t k = 0; ok && k < p->custom_column_count; k++)
		ok = store_change_field(s, p->id, e, "element", e->id, p->custom_columns[k],
		                        before->attributes ? before->attributes[k] : NULL,
		                        e->attributes ? e->attributes[k] : NULL, d);
	return ok;
}

/* Does element id sit, in the database, below itself? plan_check_element() refused a
 * move under a descendant in the loaded plan, but a branch may have been moved by
 * someone else since. UNION (not UNION ALL) ends the walk even on a cycle. */
static store_result cycle_check(store *s, int64_t id, diag_list *d)
{
	sqlite3_stmt *st = store_prepare(s,
		"WITH RECURSIVE above(id) AS ("
		"  SELECT parent_id FROM element WHERE id = ?1"
		"  UNION SELECT e.parent_id FROM element e JOIN above ON e.id = above.id"
		") SELECT count(*) FROM above WHERE id = ?1", d);
	if (!st)
		return STORE_FAILED;
	sqlite3_bind_int64(st, 1, id);
	int64_t found;
	bool ok = step_integer(s, st, &found, 0, d);
	sqlite3_finalize(st);
	if (!ok)
		return STORE_FAILED;
	if (found) {
		report_plan_changed(d);
		return STORE_CONFLICT;
	}
	return STORE_OK;
}

static store_result element_row_update(store *s, const plan *p, const plan_element *e,
                                       int64_t expected_version, diag_list *d)
{
	sqlite3_stmt *st = store_prepare(s,
		"UPDATE element SET parent_id = ?, code = ?, level = ?, title = ?,"
		" description = ?, owner = ?, beneficiaries = ?, start_date = ?, end_date = ?,"
		" budget_cents = ?, status = ?, version = version + 1"
		" WHERE id = ? AND plan_id = ? AND version = ?", d);
	if (!st)
		return STORE_FAILED;
	char start[11], end[11];
	int64_t parent_id = parent_id_of(p, e);
	bind_element_fields(st, 1, e, parent_id, start, end);
	sqlite3_bind_int64(st, 12, e->id);
	sqlite3_bind_int64(st, 13, p->id);
	sqlite3_bind_int64(st, 14, expected_version);
	store_result r = step_write(s, st, d, _("mise à jour de l'élément impossible"));
	sqlite3_finalize(st);
	if (r != STORE_OK)
		return r;
	if (sqlite3_changes(s->sqlite) == 0)
		return missing_or_changed(s, p, e->id, d);
	return parent_id ? cycle_check(s, e->id, d) : STORE_OK;
}

store_result store_element_update(store *s, arena *a, plan *p, plan_element *e,
                                  int64_t expected_version, diag_list *d)
{
	const plan_element *existing = plan_find_id(p, e->id);
	if (!existing) {
		diag_add(d, NULL, 0, _("aucun élément n° %lld dans ce plan"), (long long)e->id);
		return STORE_NOT_FOUND;
	}
	if (!plan_check_element(a, p, e, existing, d))
		return STORE_INVALID;
	if (!store_begin(s, d))
		return STORE_FAILED;
	plan_element before = {0};
	bool found = false;
	store_result r = element_read(s, a, p, e->id, &before, &found, d);
	if (r == STORE_OK)
		r = element_row_update(s, p, e, expected_version, d);
	if (r == STORE_OK)
		r = side_rows_delete(s, e->id, d);
	if (r == STORE_OK)
		r = side_rows_insert(s, p, e, e->id, d);
	if (r == STORE_OK && found && !element_journal_update(s, a, p, &before, e, d))
		r = STORE_FAILED;
	if (r != STORE_OK) {
		store_rollback(s);
		return r;
	}
	if (!store_commit(s, d))
		return STORE_FAILED;
	e->version = expected_version + 1;
	return STORE_OK;
}

/* ---- delete ----------------------------------------------------------------------- */

/*
 * ON DELETE CASCADE removes the descendants and every row that refers to them
 * (partners, attributes, contributions both ways). SQLite runs a cascade as nested
 * triggers, at most 1000 deep (SQLITE_MAX_TRIGGER_DEPTH), so a branch is flattened
 * first: every descendant is hung directly under the deleted element, and the cascade
 * is one level deep whatever the branch's depth. Inside the transaction, undone with
 * it when the version does not match.
 */
static store_result branch_flatten(store *s, const plan *p, int64_t id, diag_list *d)
{
	sqlite3_stmt *st = store_prepare(s,
		"UPDATE element SET parent_id = ?1 WHERE plan_id = ?2 AND parent_id <> ?1"
		" AND id IN (WITH RECURSIVE below(id) AS ("
		"   SELECT id FROM element WHERE parent_id = ?1"
		"   UNION SELECT e.id FROM element e JOIN below ON e.parent_id = below.id"
		" ) SELECT id FROM below)", d);
	if (!st)
		return STORE_FAILED;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, p->id);
	store_result r = step_write(s, st, d, _("suppression de l'élément impossible"));
	sqlite3_finalize(st);
	return r;
}

store_result store_element_delete(store *s, plan *p, int64_t id, int64_t expected_version,
                                  diag_list *d)
{
	if (!store_begin(s, d))
		return STORE_FAILED;
	arena *a = arena_new();
	plan_element before = {0};
	bool found = false;
	store_result r = element_read(s, a, p, id, &before, &found, d);
	/* The branch goes to the trash (trash_store.h) first, undone with the delete. */
	if (r == STORE_OK && found && !store_trash_put(s, p->id, id, NULL, d))
		r = STORE_FAILED;
	if (r == STORE_OK)
		r = branch_flatten(s, p, id, d);
	sqlite3_stmt *st = NULL;
	if (r == STORE_OK) {
		st = store_prepare(s,
			"DELETE FROM element WHERE id = ? AND plan_id = ? AND (? = 0 OR version = ?)", d);
		if (!st)
			r = STORE_FAILED;
	}
	if (r == STORE_OK) {
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int64(st, 2, p->id);
		sqlite3_bind_int64(st, 3, expected_version);
		sqlite3_bind_int64(st, 4, expected_version);
		r = step_write(s, st, d, _("suppression de l'élément impossible"));
		if (r == STORE_OK && sqlite3_changes(s->sqlite) == 0)
			r = missing_or_changed(s, p, id, d);
	}
	sqlite3_finalize(st);
	if (r == STORE_OK && !store_change_record(s, p->id, &before, "element", id, CHANGE_DELETE,
	                                          NULL, before.title, NULL, d))
		r = STORE_FAILED;
	arena_free(a);
	if (r != STORE_OK) {
		store_rollback(s);
		return r;
	}
	return store_commit(s, d) ? STORE_OK : STORE_FAILED;
}

/* ---- restoring a journalled value ----------------------------------------------------- */

static const char *const restorable_fields[] = {"title", "description", "owner", "beneficiaries",
                                                "start", "end", "budget", "status", NULL};

/* The index of a custom column named `field`, or -1. */
static int custom_column(const plan *p, const char *field)
{
	for (size_t k = 0; field && k < p->custom_column_count; k++)
		if (strcmp(p->custom_columns[k], field) == 0)
			return (int)k;
	return -1;
}

bool store_element_change_restorable(const plan *p, const char *entity, const char *field,
                                     const char *action)
{
	if (!entity || !field || !action || strcmp(entity, "element") != 0 ||
	    strcmp(action, "update") != 0)
		return false;
	for (const char *const *f = restorable_fields; *f; f++)
		if (strcmp(*f, field) == 0)
			return true;
	return custom_column(p, field) >= 0;
}

/* A field of e as the journal writes it (NULL: none). */
static const char *field_text(arena *a, const plan *p, const plan_element *e, const char *field)
{
	if (strcmp(field, "title") == 0) return e->title;
	if (strcmp(field, "description") == 0) return e->description;
	if (strcmp(field, "owner") == 0) return e->owner;
	if (strcmp(field, "beneficiaries") == 0) return e->beneficiaries;
	if (strcmp(field, "status") == 0) return e->status;
	if (strcmp(field, "start") == 0) return store_change_date(a, e->start);
	if (strcmp(field, "end") == 0) return store_change_date(a, e->end);
	if (strcmp(field, "budget") == 0)
		return e->has_budget ? store_change_int(a, e->budget_cents) : NULL;
	int k = custom_column(p, field);
	return k >= 0 && e->attributes ? e->attributes[k] : NULL;
}

/* Set a field of e from its journal text; false when the text cannot be read back. */
static bool field_set(const plan *p, plan_element *e, const char *field, const char *value)
{
	const char *v = value && *value ? value : NULL;
	if (strcmp(field, "title") == 0) {
		if (!v)
			return false;
		e->title = v;
	} else if (strcmp(field, "description") == 0) {
		e->description = v;
	} else if (strcmp(field, "owner") == 0) {
		e->owner = v;
	} else if (strcmp(field, "beneficiaries") == 0) {
		e->beneficiaries = v;
	} else if (strcmp(field, "status") == 0) {
		e->status = v;
	} else if (strcmp(field, "start") == 0 || strcmp(field, "end") == 0) {
		jalon_date day = DATE_NONE;
		const char *why;
		if (v && !date_parse(v, &day, &why))
			return false;
		*(strcmp(field, "start") == 0 ? &e->start : &e->end) = day;
	} else if (strcmp(field, "budget") == 0) {
		char *end = NULL;
		long long cents = v ? strtoll(v, &end, 10) : 0;
		if (v && (*end || cents < 0))
			return false;
		e->has_budget = v != NULL;
		e->budget_cents = cents;
	} else {
		int k = custom_column(p, field);
		if (k < 0)
			return false;
		((const char **)e->attributes)[k] = v;
	}
	return true;
}

store_result store_element_restore_value(store *s, arena *a, plan *p, int64_t change_id,
                                         int64_t *element_id, diag_list *d)
{
	*element_id = 0;
	sqlite3_stmt *st = store_prepare(s,
		"SELECT entity, action, field, old_value, new_value, element_id FROM change_log"
		" WHERE id = ?1 AND plan_id = ?2", d);
	if (!st)
		return STORE_FAILED;
	sqlite3_bind_int64(st, 1, change_id);
	sqlite3_bind_int64(st, 2, p->id);
	int rc = sqlite3_step(st);
	const char *entity = NULL, *action = NULL, *field = NULL, *old_value = NULL,
	           *new_value = NULL;
	int64_t id = 0;
	if (rc == SQLITE_ROW) {
		entity = store_column_text(a, st, 0);
		action = store_column_text(a, st, 1);
		field = store_column_text(a, st, 2);
		old_value = store_column_text(a, st, 3);
		new_value = store_column_text(a, st, 4);
		id = sqlite3_column_int64(st, 5);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		store_report(s, d, _("lecture du journal des modifications impossible"));
		return STORE_FAILED;
	}
	if (rc == SQLITE_DONE) {
		diag_add(d, "change", 0, _("changement %lld introuvable dans ce plan"),
		         (long long)change_id);
		return STORE_NOT_FOUND;
	}
	if (!store_element_change_restorable(p, entity, field, action)) {
		diag_add(d, "change", 0, _("ce changement ne se rétablit pas d'un clic (seuls les "
		                           "champs d'un élément modifiés un à un se rétablissent)"));
		return STORE_INVALID;
	}
	plan_element *e = plan_find_id(p, id);
	if (!e) {
		diag_add(d, "change", 0, _("l'élément de ce changement n'existe plus"));
		return STORE_NOT_FOUND;
	}
	*element_id = e->id;
	const char *now = field_text(a, p, e, field);
	if (!(now ? new_value && strcmp(now, new_value) == 0 : !new_value || !*new_value)) {
		diag_add(d, field, 0, _("%s a changé depuis (valeur actuelle : « %s ») : rien n'est "
		                        "rétabli"),
		         field, now ? now : "—");
		return STORE_CONFLICT;
	}
	plan_element copy = plan_element_copy(a, p, e);
	if (!field_set(p, &copy, field, old_value)) {
		diag_add(d, field, 0, _("la valeur d'avant « %s » ne se relit pas"),
		         old_value ? old_value : "");
		return STORE_INVALID;
	}
	store_result r = store_element_update(s, a, p, &copy, e->version, d);
	if (r == STORE_OK) { /* the loaded plan says what is stored now */
		field_set(p, e, field, old_value);
		e->version = copy.version;
	}
	return r;
}
