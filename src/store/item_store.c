/*
 * item_store.c — writing one steering item at a time (see item_store.h): milestones,
 * budget lines, risks, dependencies, qualifications and the plan's lists.
 *
 * Every write follows the same steps, in one transaction (BEGIN IMMEDIATE, so what is
 * read is what gets written over):
 *   1. the values alone are checked before the database is touched, every problem
 *      named by its field (a diag whose `file` is the field's name);
 *   2. what depends on the database (the plan's lists, the item's current row and
 *      version, a cycle) is checked inside the transaction;
 *   3. the row is written, naming its plan in the WHERE clause (an id of another plan
 *      matches nothing: STORE_NOT_FOUND), then journalled (change_log.h) from the old
 *      values read in step 2;
 *   4. commit, or roll back everything on the first failure.
 * Statements are prepared per call: these are single-item writes, not imports.
 */
#include "store/item_store.h"

#include <stdlib.h>
#include <string.h>

#include "store/change_log.h"
#include "util/buf.h"
#include "util/i18n.h"
#include "util/text.h"

/* ---- small helpers ------------------------------------------------------------------ */

static bool blank(const char *s)
{
	if (!s)
		return true;
	for (; *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\n')
			return false;
	return true;
}

static const plan_element *element_of_plan(const plan *p, const plan_element *e)
{
	return e && e->id ? plan_find_id(p, e->id) : NULL;
}

/* End the transaction: commit on success, else roll back and keep the result. */
static store_result finish(store *s, store_result r, diag_list *d)
{
	if (store_end(s, r == STORE_OK, d))
		return STORE_OK;
	return r == STORE_OK ? STORE_FAILED : r;
}

static store_result step_write(store *s, sqlite3_stmt *st, diag_list *d, const char *doing)
{
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return STORE_OK;
	store_report(s, d, doing);
	return STORE_FAILED;
}

/* Run a write prepared here, then finalize it; *changes: rows changed. */
static store_result run_write(store *s, sqlite3_stmt *st, int64_t *changes, diag_list *d,
                              const char *doing)
{
	store_result r = step_write(s, st, d, doing);
	if (changes)
		*changes = r == STORE_OK ? sqlite3_changes(s->sqlite) : 0;
	sqlite3_finalize(st);
	return r;
}

/* One integer from a query whose parameters are bound, then finalized; *found false
 * when there is no row. */
static store_result query_integer(store *s, sqlite3_stmt *st, int64_t *out, bool *found,
                                  diag_list *d)
{
	int rc = sqlite3_step(st);
	*found = rc == SQLITE_ROW;
	*out = *found ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		store_report(s, d, _("lecture des données de pilotage impossible"));
		return STORE_FAILED;
	}
	return STORE_OK;
}

/* Is element id still an element of p in the database? */
static store_result element_alive(store *s, const plan *p, const plan_element *e,
                                  diag_list *d)
{
	sqlite3_stmt *st = store_prepare(s, "SELECT 1 FROM element WHERE id = ? AND plan_id = ?",
	                                 d);
	if (!st)
		return STORE_FAILED;
	sqlite3_bind_int64(st, 1, e->id);
	sqlite3_bind_int64(st, 2, p->id);
	int64_t one;
	bool found;
	store_result r = query_integer(s, st, &one, &found, d);
	if (r == STORE_OK && !found) {
		diag_add(d, "element", 0, _("l'élément « %s » n'est plus dans le plan ; rechargez-le et "
		                            "recommencez"), e->code);
		r = STORE_CONFLICT;
	}
	return r;
}

/* Names of a plan's list, in order, from the arena. */
static store_result list_load(store *s, arena *a, const plan *p, const char *table,
                              const char ***out, size_t *count, diag_list *d)
{
	char sql[128];
	snprintf(sql, sizeof(sql), "SELECT name FROM %s WHERE plan_id = ? ORDER BY position",
	         table);
	sqlite3_stmt *st = store_prepare(s, sql, d);
	if (!st)
		return STORE_FAILED;
	sqlite3_bind_int64(st, 1, p->id);
	*out = NULL;
	*count = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*out = arena_realloc(a, (void *)*out, *count * sizeof(**out),
		                     (*count + 1) * sizeof(**out));
		(*out)[(*count)++] = store_column_text(a, st, 0);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		store_report(s, d, _("lecture des listes du plan impossible"));
		return STORE_FAILED;
	}
	return STORE_OK;
}

/* The position of `name` in names, ignoring case and accents; -1 when absent. */
static long list_find(arena *a, const char *const *names, size_t count, const char *name)
{
	const char *want = text_match_key(a, name);
	for (size_t i = 0; i < count; i++)
		if (strcmp(text_match_key(a, names[i]), want) == 0)
			return (long)i;
	return -1;
}

/* Names joined by `separator`, from the arena; NULL when none. */
static const char *join(arena *a, const char *const *names, size_t count,
                        const char *separator)
{
	if (count == 0)
		return NULL;
	buf out = {0};
	for (size_t i = 0; i < count; i++) {
		if (i)
			buf_puts(&out, separator);
		buf_puts(&out, names[i] ? names[i] : "");
	}
	const char *text = arena_strdup(a, out.data);
	buf_free(&out);
	return text;
}

/* One journal row per field whose text changed (change_log.h). */
static store_result journal_fields(store *s, const plan *p, const plan_element *e,
                                   const char *entity, int64_t id,
                                   const store_field_change *f, size_t count, diag_list *d)
{
	return store_change_fields(s, p->id, e, entity, id, f, count, d) ? STORE_OK : STORE_FAILED;
}

/* ---- one item's current row ------------------------------------------------------------ */

/* What the three kinds of items share: a table whose rows hang on an element and carry
 * a version. The messages are msgids, translated where they are used. */
typedef struct {
	const char *entity;      /* for the journal */
	const char *select_sql;  /* element_id, element code, version, then the texts; ?1 id, ?2 plan */
	const char *delete_sql;  /* ?1 id, ?2 plan, ?3 version */
	size_t text_count;
	const char *not_found;   /* "%lld": the id */
	const char *changed;
	const char *insert_failed, *update_failed;
} item_kind;

#define ITEM_TEXTS_MAX 10

typedef struct {
	plan_element element;    /* id and code: enough for the journal */
	int64_t version;
	const char *texts[ITEM_TEXTS_MAX];
} item_row;

static const item_kind milestone_kind = {
	"milestone",
	"SELECT x.element_id, e.code, x.version, x.title, x.planned_on, x.forecast_on,"
	" x.actual_on, x.status, x.deliverable, x.validated_by, x.validated_on, x.minutes_ref"
	" FROM milestone x JOIN element e ON e.id = x.element_id"
	" WHERE x.id = ?1 AND e.plan_id = ?2",
	"DELETE FROM milestone WHERE id = ?1 AND version = ?3"
	" AND element_id IN (SELECT id FROM element WHERE plan_id = ?2)",
	9,
	N_("aucun jalon n° %lld dans ce plan"),
	N_("ce jalon a été modifié entre-temps par quelqu'un d'autre ; rechargez-le pour voir "
	   "ses nouvelles valeurs"),
	N_("enregistrement d'un jalon impossible"),
	N_("mise à jour du jalon impossible"),
};

static const item_kind budget_line_kind = {
	"budget_line",
	"SELECT x.element_id, e.code, x.version, x.year, x.nature, x.source, x.planned_cents,"
	" x.committed_cents, x.paid_cents"
	" FROM budget_line x JOIN element e ON e.id = x.element_id"
	" WHERE x.id = ?1 AND e.plan_id = ?2",
	"DELETE FROM budget_line WHERE id = ?1 AND version = ?3"
	" AND element_id IN (SELECT id FROM element WHERE plan_id = ?2)",
	6,
	N_("aucune ligne budgétaire n° %lld dans ce plan"),
	N_("cette ligne budgétaire a été modifiée entre-temps par quelqu'un d'autre ; "
	   "rechargez-la pour voir ses nouvelles valeurs"),
	N_("enregistrement d'une ligne budgétaire impossible"),
	N_("mise à jour de la ligne budgétaire impossible"),
};

static const item_kind risk_kind = {
	"risk",
	"SELECT x.element_id, e.code, x.version, x.description, x.probability, x.impact,"
	" x.mitigation, x.owner, x.status"
	" FROM risk x JOIN element e ON e.id = x.element_id"
	" WHERE x.id = ?1 AND e.plan_id = ?2",
	"DELETE FROM risk WHERE id = ?1 AND version = ?3"
	" AND element_id IN (SELECT id FROM element WHERE plan_id = ?2)",
	6,
	N_("aucun risque n° %lld dans ce plan"),
	N_("ce risque a été modifié entre-temps par quelqu'un d'autre ; rechargez-le pour voir "
	   "ses nouvelles valeurs"),
	N_("enregistrement d'un risque impossible"),
	N_("mise à jour du risque impossible"),
};

/* Read item id of plan p: STORE_NOT_FOUND when it is not there (or in another plan),
 * STORE_CONFLICT when its version is not the expected one (0: any). */
static store_result item_read(store *s, arena *a, const plan *p, const item_kind *k,
                              int64_t id, int64_t expected_version, item_row *out,
                              diag_list *d)
{
	sqlite3_stmt *st = store_prepare(s, k->select_sql, d);
	if (!st)
		return STORE_FAILED;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, p->id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		memset(out, 0, sizeof(*out));
		out->element.id = sqlite3_column_int64(st, 0);
		out->element.code = store_column_text(a, st, 1);
		out->version = sqlite3_column_int64(st, 2);
		for (size_t i = 0; i < k->text_count; i++)
			out->texts[i] = store_column_text(a, st, 3 + (int)i);
	}
	sqlite3_finalize(st);
	if (rc == SQLITE_DONE) {
		diag_add(d, NULL, 0, _(k->not_found), (long long)id);
		return STORE_NOT_FOUND;
	}
	if (rc != SQLITE_ROW) {
		store_report(s, d, _("lecture des données de pilotage impossible"));
		return STORE_FAILED;
	}
	if (expected_version && out->version != expected_version) {
		diag_add(d, NULL, 0, "%s", _(k->changed));
		return STORE_CONFLICT;
	}
	return STORE_OK;
}

/* Delete item id once read (its version is checked again in the statement). */
static store_result item_delete(store *s, const plan *p, const item_kind *k, int64_t id,
                                int64_t expected_version, const char *(*summary)(arena *,
                                const item_row *), diag_list *d)
{
	if (!store_begin(s, d))
		return STORE_FAILED;
	arena *a = arena_new();
	item_row row;
	store_result r = item_read(s, a, p, k, id, expected_version, &row, d);
	sqlite3_stmt *st = NULL;
	if (r == STORE_OK && !(st = store_prepare(s, k->delete_sql, d)))
		r = STORE_FAILED;
	int64_t changes = 0;
	if (r == STORE_OK) {
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int64(st, 2, p->id);
		sqlite3_bind_int64(st, 3, row.version);
		r = run_write(s, st, &changes, d, _("suppression impossible"));
	}
	if (r == STORE_OK && changes != 1) {
		diag_add(d, NULL, 0, "%s", _(k->changed));
		r = STORE_CONFLICT;
	}
	if (r == STORE_OK &&
	    !store_change_record(s, p->id, &row.element, k->entity, id, CHANGE_DELETE, NULL,
	                         summary(a, &row), NULL, d))
		r = STORE_FAILED;
	r = finish(s, r, d);
	arena_free(a);
	return r;
}

/* The end of a create, in the transaction begun by the caller. st: an INSERT … SELECT
 * from the element, its last two parameters the element's id and the plan's, the
 * others bound (NULL when r, the result so far, is not STORE_OK). No row means the
 * element left the plan meanwhile. Journalled with `summary`, then the transaction
 * ended; on success *id is the new row's and *version 1. */
static store_result item_insert(store *s, const plan *p, const item_kind *k, store_result r,
                                sqlite3_stmt *st, const plan_element *e, const char *summary,
                                int64_t *id, int64_t *version, diag_list *d)
{
	if (r == STORE_OK && !st)
		r = STORE_FAILED;
	int64_t changes = 0, new_id = 0;
	if (r == STORE_OK) {
		int n = sqlite3_bind_parameter_count(st);
		sqlite3_bind_int64(st, n - 1, e->id);
		sqlite3_bind_int64(st, n, p->id);
		r = run_write(s, st, &changes, d, _(k->insert_failed));
		new_id = sqlite3_last_insert_rowid(s->sqlite);
	}
	if (r == STORE_OK && changes != 1)
		r = element_alive(s, p, e, d) == STORE_FAILED ? STORE_FAILED : STORE_CONFLICT;
	if (r == STORE_OK &&
	    !store_change_record(s, p->id, e, k->entity, new_id, CHANGE_CREATE, NULL, NULL,
	                         summary, d))
		r = STORE_FAILED;
	r = finish(s, r, d);
	if (r == STORE_OK) {
		*id = new_id;
		*version = 1;
	}
	return r;
}

/* The write of an update of item id, read at old_version, inside the caller's
 * transaction (left open). st: an UPDATE whose last four parameters are the element's
 * id, the item's, its version and the plan's, the others bound (NULL when r, the result
 * so far, is not STORE_OK). No row means someone else's write won. Journalled field by
 * field; on success *version is the new one. */
static store_result item_update_write(store *s, const plan *p, const item_kind *k,
                                      store_result r, sqlite3_stmt *st, const plan_element *e,
                                      int64_t id, int64_t old_version,
                                      const store_field_change *f, size_t count,
                                      int64_t *version, diag_list *d)
{
	if (r == STORE_OK && !st)
		r = STORE_FAILED;
	int64_t changes = 0;
	if (r == STORE_OK) {
		int n = sqlite3_bind_parameter_count(st);
		sqlite3_bind_int64(st, n - 3, e->id);
		sqlite3_bind_int64(st, n - 2, id);
		sqlite3_bind_int64(st, n - 1, old_version);
		sqlite3_bind_int64(st, n, p->id);
		r = run_write(s, st, &changes, d, _(k->update_failed));
	}
	if (r == STORE_OK && changes != 1) {
		diag_add(d, NULL, 0, "%s", _(k->changed));
		r = STORE_CONFLICT;
	}
	if (r == STORE_OK)
		r = journal_fields(s, p, e, k->entity, id, f, count, d);
	if (r == STORE_OK)
		*version = old_version + 1;
	return r;
}

/* The same, then the transaction ended; *version is only changed on success. */
static store_result item_update(store *s, const plan *p, const item_kind *k, store_result r,
                                sqlite3_stmt *st, const plan_element *e, int64_t id,
                                int64_t old_version, const store_field_change *f,
                                size_t count, int64_t *version, diag_list *d)
{
	int64_t new_version = *version;
	r = item_update_write(s, p, k, r, st, e, id, old_version, f, count, &new_version, d);
	r = finish(s, r, d);
	if (r == STORE_OK)
		*version = new_version;
	return r;
}

/* ---- milestones -------------------------------------------------------------------- */

static void date_check(jalon_date v, const char *field, diag_list *d)
{
	if (date_is_set(v) && !date_valid(v))
		diag_add(d, field, 0, _("date invalide %04d-%02d-%02d"), v.year, v.month, v.day);
}

static bool milestone_check(const plan *p, const milestone *m, diag_list *d)
{
	size_t before = diag_total(d);
	if (!m->element)
		diag_add(d, "element", 0, _("élément du jalon manquant"));
	else if (!element_of_plan(p, m->element))
		diag_add(d, "element", 0, _("aucun élément n° %lld dans ce plan"),
		         (long long)m->element->id);
	if (blank(m->title))
		diag_add(d, "title", 0, _("intitulé du jalon manquant"));
	if (!date_is_set(m->planned))
		diag_add(d, "planned", 0, _("date prévue manquante"));
	date_check(m->planned, "planned", d);
	date_check(m->forecast, "forecast", d);
	date_check(m->actual, "actual", d);
	date_check(m->validated_on, "validated_on", d);
	if ((unsigned)m->status >= MILESTONE_STATUS_COUNT)
		diag_add(d, "status", 0, _("statut de jalon invalide (à venir, atteint ou annulé)"));
	else if (m->status == MILESTONE_DONE && !date_is_set(m->actual))
		diag_add(d, "actual", 0, _("date réelle manquante : un jalon atteint a une date réelle"));
	return diag_total(d) == before;
}

/* Binds title … minutes_ref as parameters 1–9. */
static void milestone_bind(sqlite3_stmt *st, const milestone *m, char dates[4][11])
{
	sqlite3_bind_text(st, 1, m->title, -1, SQLITE_STATIC);
	store_bind_date(st, 2, m->planned, dates[0]);
	store_bind_date(st, 3, m->forecast, dates[1]);
	store_bind_date(st, 4, m->actual, dates[2]);
	sqlite3_bind_text(st, 5, milestone_status_key(m->status), -1, SQLITE_STATIC);
	store_bind_text(st, 6, m->deliverable);
	store_bind_text(st, 7, m->validated_by);
	store_bind_date(st, 8, m->validated_on, dates[3]);
	store_bind_text(st, 9, m->minutes_ref);
}

store_result store_milestone_create(store *s, const plan *p, milestone *m, diag_list *d)
{
	if (!milestone_check(p, m, d))
		return STORE_INVALID;
	if (!store_begin(s, d))
		return STORE_FAILED;
	sqlite3_stmt *st = store_prepare(s,
		"INSERT INTO milestone (title, planned_on, forecast_on, actual_on, status, deliverable,"
		" validated_by, validated_on, minutes_ref, element_id, position)"
		" SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, e.id, (SELECT coalesce(max(x.position), -1) + 1"
		"   FROM milestone x WHERE x.element_id = e.id)"
		" FROM element e WHERE e.id = ? AND e.plan_id = ?", d);
	char dates[4][11];
	if (st)
		milestone_bind(st, m, dates);
	return item_insert(s, p, &milestone_kind, STORE_OK, st, m->element, m->title, &m->id,
	                   &m->version, d);
}

/* The update of m, inside the caller's transaction; own_transaction: end it here. */
static store_result milestone_update(store *s, const plan *p, milestone *m,
                                     int64_t expected_version, bool own_transaction,
                                     diag_list *d)
{
	arena *a = arena_new();
	item_row old = {0};
	store_result r = item_read(s, a, p, &milestone_kind, m->id, expected_version, &old, d);
	if (r == STORE_OK)
		r = element_alive(s, p, m->element, d);
	/* A milestone moved to another element goes after that element's last one. */
	sqlite3_stmt *st = r != STORE_OK ? NULL : store_prepare(s,
		"UPDATE milestone SET title = ?1, planned_on = ?2, forecast_on = ?3, actual_on = ?4,"
		" status = ?5, deliverable = ?6, validated_by = ?7, validated_on = ?8,"
		" minutes_ref = ?9, position = CASE WHEN element_id = ?10 THEN position ELSE"
		"   (SELECT coalesce(max(x.position), -1) + 1 FROM milestone x"
		"    WHERE x.element_id = ?10) END,"
		" element_id = ?10, version = version + 1"
		" WHERE id = ?11 AND version = ?12"
		" AND element_id IN (SELECT id FROM element WHERE plan_id = ?13)", d);
	char dates[4][11];
	if (st)
		milestone_bind(st, m, dates);
	const store_field_change f[] = {
		{"element", old.element.code, m->element->code},
		{"title", old.texts[0], m->title},
		{"planned", old.texts[1], store_change_date(a, m->planned)},
		{"forecast", old.texts[2], store_change_date(a, m->forecast)},
		{"actual", old.texts[3], store_change_date(a, m->actual)},
		{"status", old.texts[4], milestone_status_key(m->status)},
		{"deliverable", old.texts[5], m->deliverable},
		{"validated_by", old.texts[6], m->validated_by},
		{"validated_on", old.texts[7], store_change_date(a, m->validated_on)},
		{"minutes_ref", old.texts[8], m->minutes_ref},
	};
	if (own_transaction)
		r = item_update(s, p, &milestone_kind, r, st, m->element, m->id, old.version, f,
		                sizeof(f) / sizeof(f[0]), &m->version, d);
	else
		r = item_update_write(s, p, &milestone_kind, r, st, m->element, m->id, old.version,
		                      f, sizeof(f) / sizeof(f[0]), &m->version, d);
	arena_free(a);
	return r;
}

store_result store_milestone_update(store *s, const plan *p, milestone *m,
                                    int64_t expected_version, diag_list *d)
{
	if (!milestone_check(p, m, d))
		return STORE_INVALID;
	if (!store_begin(s, d))
		return STORE_FAILED;
	return milestone_update(s, p, m, expected_version, true, d);
}

store_result store_milestone_update_in_transaction(store *s, const plan *p, milestone *m,
                                                   int64_t expected_version, diag_list *d)
{
	if (!milestone_check(p, m, d))
		return STORE_INVALID;
	return milestone_update(s, p, m, expected_version, false, d);
}

static const char *milestone_summary(arena *a, const item_row *row)
{
	(void)a;
	return row->texts[0];
}

store_result store_milestone_delete(store *s, const plan *p, int64_t id,
                                    int64_t expected_version, diag_list *d)
{
	return item_delete(s, p, &milestone_kind, id, expected_version, milestone_summary, d);
}

/* ---- budget lines -------------------------------------------------------------------- */

static bool budget_line_check(const plan *p, const budget_line *l, diag_list *d)
{
	size_t before = diag_total(d);
	if (!l->element)
		diag_add(d, "element", 0, _("élément de la ligne budgétaire manquant"));
	else if (!element_of_plan(p, l->element))
		diag_add(d, "element", 0, _("aucun élément n° %lld dans ce plan"),
		         (long long)l->element->id);
	if (l->year < 1000 || l->year > 9999)
		diag_add(d, "year", 0, _("année invalide %d (de 1000 à 9999)"), l->year);
	if ((unsigned)l->nature >= NATURE_COUNT)
		diag_add(d, "nature", 0, _("nature invalide (investissement ou fonctionnement)"));
	if (blank(l->source))
		diag_add(d, "source", 0, _("source de financement manquante"));
	if (l->planned_cents < 0)
		diag_add(d, "planned_cents", 0, _("montant prévu négatif"));
	if (l->committed_cents < 0)
		diag_add(d, "committed_cents", 0, _("montant engagé négatif"));
	if (l->paid_cents < 0)
		diag_add(d, "paid_cents", 0, _("montant payé négatif"));
	return diag_total(d) == before;
}

/* The source as spelled in the plan's list (from `a`), or STORE_INVALID naming the
 * list. */
static store_result source_of_list(store *s, arena *a, const plan *p, const char *source,
                                   const char **out, diag_list *d)
{
	const char **names;
	size_t count;
	store_result r = list_load(s, a, p, "funding_source", &names, &count, d);
	if (r != STORE_OK)
		return r;
	long i = list_find(a, names, count, source);
	if (i >= 0) {
		*out = names[i];
		return STORE_OK;
	}
	const char *list = join(a, names, count, ", ");
	diag_add(d, "source", 0, _("source de financement inconnue « %s » (sources du plan : %s)"),
	         source, list ? list : "");
	return STORE_INVALID;
}

/* Binds year … paid_cents as parameters 1–6. */
static void budget_line_bind(sqlite3_stmt *st, const budget_line *l, const char *source)
{
	sqlite3_bind_int(st, 1, l->year);
	sqlite3_bind_text(st, 2, budget_nature_key(l->nature), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, source, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, l->planned_cents);
	sqlite3_bind_int64(st, 5, l->committed_cents);
	sqlite3_bind_int64(st, 6, l->paid_cents);
}

static const char *budget_line_text(arena *a, const char *year, const char *nature,
                                    const char *source)
{
	return arena_printf(a, "%s %s %s", year ? year : "", nature ? nature : "",
	                    source ? source : "");
}

store_result store_budget_line_create(store *s, arena *a, const plan *p, budget_line *l,
                                      diag_list *d)
{
	if (!budget_line_check(p, l, d))
		return STORE_INVALID;
	if (!store_begin(s, d))
		return STORE_FAILED;
	arena *scratch = arena_new();
	const char *source = NULL;
	store_result r = source_of_list(s, scratch, p, l->source, &source, d);
	sqlite3_stmt *st = r != STORE_OK ? NULL : store_prepare(s,
		"INSERT INTO budget_line (year, nature, source, planned_cents, committed_cents,"
		" paid_cents, element_id)"
		" SELECT ?, ?, ?, ?, ?, ?, id FROM element WHERE id = ? AND plan_id = ?", d);
	if (st)
		budget_line_bind(st, l, source);
	const char *summary = budget_line_text(scratch, store_change_int(scratch, l->year),
	                                       budget_nature_key(l->nature), source);
	r = item_insert(s, p, &budget_line_kind, r, st, l->element, summary, &l->id, &l->version,
	                d);
	if (r == STORE_OK)
		l->source = arena_strdup(a, source);
	arena_free(scratch);
	return r;
}

store_result store_budget_line_update(store *s, arena *a, const plan *p, budget_line *l,
                                      int64_t expected_version, diag_list *d)
{
	if (!budget_line_check(p, l, d))
		return STORE_INVALID;
	if (!store_begin(s, d))
		return STORE_FAILED;
	arena *scratch = arena_new();
	item_row old = {0};
	const char *source = NULL;
	store_result r = item_read(s, scratch, p, &budget_line_kind, l->id, expected_version,
	                           &old, d);
	if (r == STORE_OK)
		r = source_of_list(s, scratch, p, l->source, &source, d);
	if (r == STORE_OK)
		r = element_alive(s, p, l->element, d);
	sqlite3_stmt *st = r != STORE_OK ? NULL : store_prepare(s,
		"UPDATE budget_line SET year = ?1, nature = ?2, source = ?3, planned_cents = ?4,"
		" committed_cents = ?5, paid_cents = ?6, element_id = ?7, version = version + 1"
		" WHERE id = ?8 AND version = ?9"
		" AND element_id IN (SELECT id FROM element WHERE plan_id = ?10)", d);
	if (st)
		budget_line_bind(st, l, source);
	const store_field_change f[] = {
		{"element", old.element.code, l->element->code},
		{"year", old.texts[0], store_change_int(scratch, l->year)},
		{"nature", old.texts[1], budget_nature_key(l->nature)},
		{"source", old.texts[2], source},
		{"planned_cents", old.texts[3], store_change_int(scratch, l->planned_cents)},
		{"committed_cents", old.texts[4], store_change_int(scratch, l->committed_cents)},
		{"paid_cents", old.texts[5], store_change_int(scratch, l->paid_cents)},
	};
	r = item_update(s, p, &budget_line_kind, r, st, l->element, l->id, old.version, f,
	                sizeof(f) / sizeof(f[0]), &l->version, d);
	if (r == STORE_OK)
		l->source = arena_strdup(a, source);
	arena_free(scratch);
	return r;
}

static const char *budget_line_summary(arena *a, const item_row *row)
{
	return budget_line_text(a, row->texts[0], row->texts[1], row->texts[2]);
}

store_result store_budget_line_delete(store *s, const plan *p, int64_t id,
                                      int64_t expected_version, diag_list *d)
{
	return item_delete(s, p, &budget_line_kind, id, expected_version, budget_line_summary, d);
}

/* ---- risks -------------------------------------------------------------------------- */

static bool risk_check(const plan *p, const element_risk *r, diag_list *d)
{
	size_t before = diag_total(d);
	if (!r->element)
		diag_add(d, "element", 0, _("élément du risque manquant"));
	else if (!element_of_plan(p, r->element))
		diag_add(d, "element", 0, _("aucun élément n° %lld dans ce plan"),
		         (long long)r->element->id);
	if (blank(r->description))
		diag_add(d, "description", 0, _("description du risque manquante"));
	if (r->probability < 0 || r->probability > 4)
		diag_add(d, "probability", 0, _("probabilité invalide %d (de 1 à 4)"), r->probability);
	if (r->impact < 0 || r->impact > 4)
		diag_add(d, "impact", 0, _("impact invalide %d (de 1 à 4)"), r->impact);
	if ((unsigned)r->status >= RISK_STATUS_COUNT)
		diag_add(d, "status", 0, _("statut de risque invalide (ouvert, en traitement ou clos)"));
	return diag_total(d) == before;
}

/* Binds description … status as parameters 1–6 (0: not assessed, stored as NULL). */
static void risk_bind(sqlite3_stmt *st, const element_risk *r)
{
	sqlite3_bind_text(st, 1, r->description, -1, SQLITE_STATIC);
	if (r->probability)
		sqlite3_bind_int(st, 2, r->probability);
	else
		sqlite3_bind_null(st, 2);
	if (r->impact)
		sqlite3_bind_int(st, 3, r->impact);
	else
		sqlite3_bind_null(st, 3);
	store_bind_text(st, 4, r->mitigation);
	store_bind_text(st, 5, r->owner);
	sqlite3_bind_text(st, 6, risk_status_key(r->status), -1, SQLITE_STATIC);
}

store_result store_risk_create(store *s, const plan *p, element_risk *x, diag_list *d)
{
	if (!risk_check(p, x, d))
		return STORE_INVALID;
	if (!store_begin(s, d))
		return STORE_FAILED;
	sqlite3_stmt *st = store_prepare(s,
		"INSERT INTO risk (description, probability, impact, mitigation, owner, status,"
		" element_id) SELECT ?, ?, ?, ?, ?, ?, id FROM element WHERE id = ? AND plan_id = ?",
		d);
	if (st)
		risk_bind(st, x);
	return item_insert(s, p, &risk_kind, STORE_OK, st, x->element, x->description, &x->id,
	                   &x->version, d);
}

store_result store_risk_update(store *s, const plan *p, element_risk *x,
                               int64_t expected_version, diag_list *d)
{
	if (!risk_check(p, x, d))
		return STORE_INVALID;
	if (!store_begin(s, d))
		return STORE_FAILED;
	arena *a = arena_new();
	item_row old = {0};
	store_result r = item_read(s, a, p, &risk_kind, x->id, expected_version, &old, d);
	if (r == STORE_OK)
		r = element_alive(s, p, x->element, d);
	sqlite3_stmt *st = r != STORE_OK ? NULL : store_prepare(s,
		"UPDATE risk SET description = ?1, probability = ?2, impact = ?3, mitigation = ?4,"
		" owner = ?5, status = ?6, element_id = ?7, version = version + 1"
		" WHERE id = ?8 AND version = ?9"
		" AND element_id IN (SELECT id FROM element WHERE plan_id = ?10)", d);
	if (st)
		risk_bind(st, x);
	const store_field_change f[] = {
		{"element", old.element.code, x->element->code},
		{"description", old.texts[0], x->description},
		{"probability", old.texts[1],
		 x->probability ? store_change_int(a, x->probability) : NULL},
		{"impact", old.texts[2], x->impact ? store_change_int(a, x->impact) : NULL},
		{"mitigation", old.texts[3], x->mitigation},
		{"owner", old.texts[4], x->owner},
		{"status", old.texts[5], risk_status_key(x->status)},
	};
	r = item_update(s, p, &risk_kind, r, st, x->element, x->id, old.version, f,
	                sizeof(f) / sizeof(f[0]), &x->version, d);
	arena_free(a);
	return r;
}

static const char *risk_summary(arena *a, const item_row *row)
{
	(void)a;
	return row->texts[0];
}

store_result store_risk_delete(store *s, const plan *p, int64_t id, int64_t expected_version,
                               diag_list *d)
{
	return item_delete(s, p, &risk_kind, id, expected_version, risk_summary, d);
}

/* ---- dependencies ------------------------------------------------------------------- */

/* One end of a dependency as the database has it: an element, or a milestone and the
 * element it hangs on. */
typedef struct {
	int64_t id;
	const char *label;      /* code, or « title » */
	plan_element element;   /* for the journal */
} dependency_end;

static store_result dependency_record(store *s, arena *a, const plan *p,
                                      const dependency_end *from, const dependency_end *to,
                                      change_action action, diag_list *d)
{
	const char *text = arena_printf(a, "%s → %s", from->label, to->label);
	bool ok = store_change_record(s, p->id, &to->element, "dependency", from->id, action, NULL,
	                              action == CHANGE_DELETE ? text : NULL,
	                              action == CHANGE_DELETE ? NULL : text, d);
	return ok ? STORE_OK : STORE_FAILED;
}

/* Would from → to close a cycle, that is, does `from` already come after `to` through
 * the plan's existing dependencies of that kind? sql: ?1 to, ?2 from, ?3 plan. */
static store_result cycle_check(store *s, const char *sql, int64_t from, int64_t to,
                                const plan *p, bool *cycle, diag_list *d)
{
	sqlite3_stmt *st = store_prepare(s, sql, d);
	if (!st)
		return STORE_FAILED;
	sqlite3_bind_int64(st, 1, to);
	sqlite3_bind_int64(st, 2, from);
	sqlite3_bind_int64(st, 3, p->id);
	int64_t one;
	return query_integer(s, st, &one, cycle, d);
}

/* The dependency table's rows between from and to (0 or 1). */
static store_result dependency_exists(store *s, const char *sql, int64_t from, int64_t to,
                                      bool *exists, diag_list *d)
{
	sqlite3_stmt *st = store_prepare(s, sql, d);
	if (!st)
		return STORE_FAILED;
	sqlite3_bind_int64(st, 1, from);
	sqlite3_bind_int64(st, 2, to);
	int64_t one;
	return query_integer(s, st, &one, exists, d);
}

/* What differs between the two kinds of dependency. */
typedef struct {
	const char *exists_sql, *cycle_sql, *insert_sql, *delete_sql; /* ?1 from, ?2 to */
	const char *self, *already, *circular, *absent;               /* msgids */
} dependency_kind;

static const dependency_kind element_dependencies = {
	"SELECT 1 FROM element_dependency WHERE from_element_id = ?1 AND to_element_id = ?2",
	"WITH RECURSIVE after(id) AS (SELECT ?1"
	"  UNION SELECT x.to_element_id FROM element_dependency x"
	"  JOIN after ON x.from_element_id = after.id"
	"  JOIN element e ON e.id = x.to_element_id WHERE e.plan_id = ?3"
	") SELECT 1 FROM after WHERE id = ?2",
	"INSERT INTO element_dependency (from_element_id, to_element_id) VALUES (?1, ?2)",
	"DELETE FROM element_dependency WHERE from_element_id = ?1 AND to_element_id = ?2",
	N_("un élément ne peut pas dépendre de lui-même"),
	N_("« %s » dépend déjà de « %s »"),
	N_("dépendance circulaire : « %s » dépend déjà, directement ou non, de « %s »"),
	N_("« %s » ne dépend pas de « %s »"),
};

static const dependency_kind milestone_dependencies = {
	"SELECT 1 FROM milestone_dependency WHERE from_milestone_id = ?1 AND to_milestone_id = ?2",
	"WITH RECURSIVE after(id) AS (SELECT ?1"
	"  UNION SELECT x.to_milestone_id FROM milestone_dependency x"
	"  JOIN after ON x.from_milestone_id = after.id"
	"  JOIN milestone m ON m.id = x.to_milestone_id"
	"  JOIN element e ON e.id = m.element_id WHERE e.plan_id = ?3"
	") SELECT 1 FROM after WHERE id = ?2",
	"INSERT INTO milestone_dependency (from_milestone_id, to_milestone_id) VALUES (?1, ?2)",
	"DELETE FROM milestone_dependency WHERE from_milestone_id = ?1 AND to_milestone_id = ?2",
	N_("un jalon ne peut pas dépendre de lui-même"),
	N_("le jalon %s dépend déjà du jalon %s"),
	N_("dépendance circulaire : le jalon %s dépend déjà, directement ou non, du jalon %s"),
	N_("le jalon %s ne dépend pas du jalon %s"),
};

/* Both ends are known and distinct: check, insert and journal, inside a transaction. */
static store_result dependency_insert(store *s, arena *a, const plan *p,
                                      const dependency_kind *k, const dependency_end *from,
                                      const dependency_end *to, diag_list *d)
{
	bool exists = false, cycle = false;
	store_result r = dependency_exists(s, k->exists_sql, from->id, to->id, &exists, d);
	if (r == STORE_OK && exists) {
		diag_add(d, "to", 0, _(k->already), to->label, from->label);
		r = STORE_CONFLICT;
	}
	if (r == STORE_OK)
		r = cycle_check(s, k->cycle_sql, from->id, to->id, p, &cycle, d);
	if (r == STORE_OK && cycle) {
		diag_add(d, "to", 0, _(k->circular), from->label, to->label);
		r = STORE_INVALID;
	}
	sqlite3_stmt *st = NULL;
	if (r == STORE_OK && !(st = store_prepare(s, k->insert_sql, d)))
		r = STORE_FAILED;
	if (r == STORE_OK) {
		sqlite3_bind_int64(st, 1, from->id);
		sqlite3_bind_int64(st, 2, to->id);
		r = run_write(s, st, NULL, d, _("enregistrement de la dépendance impossible"));
	}
	if (r == STORE_OK)
		r = dependency_record(s, a, p, from, to, CHANGE_CREATE, d);
	return r;
}

static store_result dependency_delete(store *s, arena *a, const plan *p,
                                      const dependency_kind *k, const dependency_end *from,
                                      const dependency_end *to, diag_list *d)
{
	sqlite3_stmt *st = store_prepare(s, k->delete_sql, d);
	if (!st)
		return STORE_FAILED;
	sqlite3_bind_int64(st, 1, from->id);
	sqlite3_bind_int64(st, 2, to->id);
	int64_t changes = 0;
	store_result r = run_write(s, st, &changes, d, _("suppression de la dépendance impossible"));
	if (r == STORE_OK && changes == 0) {
		diag_add(d, NULL, 0, _(k->absent), to->label, from->label);
		r = STORE_NOT_FOUND;
	}
	if (r == STORE_OK)
		r = dependency_record(s, a, p, from, to, CHANGE_DELETE, d);
	return r;
}

/* An element end: an element of p (STORE_NOT_FOUND naming the field otherwise). */
static store_result element_end(const plan *p, const plan_element *e, const char *field,
                                dependency_end *out, diag_list *d)
{
	const plan_element *found = element_of_plan(p, e);
	if (!found) {
		if (e)
			diag_add(d, field, 0, _("aucun élément n° %lld dans ce plan"), (long long)e->id);
		else
			diag_add(d, field, 0, _("élément manquant"));
		return STORE_NOT_FOUND;
	}
	*out = (dependency_end){.id = found->id, .label = found->code,
	                        .element = {.id = found->id, .code = found->code}};
	return STORE_OK;
}

/* Both ends, each an element of p; the first refusal when either is not. */
static store_result element_ends(const plan *p, const plan_element *from,
                                 const plan_element *to, dependency_end ends[2], diag_list *d)
{
	store_result r = element_end(p, from, "from", &ends[0], d);
	store_result r_to = element_end(p, to, "to", &ends[1], d);
	return r != STORE_OK ? r : r_to;
}

/* Both elements still in the plan in the database (the plan in memory may be older). */
static store_result elements_alive(store *s, const plan *p, int64_t a, int64_t b,
                                   diag_list *d)
{
	sqlite3_stmt *st = store_prepare(s,
		"SELECT count(*) FROM element WHERE plan_id = ? AND id IN (?, ?)", d);
	if (!st)
		return STORE_FAILED;
	sqlite3_bind_int64(st, 1, p->id);
	sqlite3_bind_int64(st, 2, a);
	sqlite3_bind_int64(st, 3, b);
	int64_t count;
	bool found;
	store_result r = query_integer(s, st, &count, &found, d);
	if (r == STORE_OK && count != 2) {
		diag_add(d, NULL, 0, _("le plan a été modifié entre-temps par quelqu'un d'autre ; "
		                       "rechargez-le et recommencez"));
		r = STORE_CONFLICT;
	}
	return r;
}

store_result store_dependency_add(store *s, const plan *p, const plan_element *from,
                                  const plan_element *to, diag_list *d)
{
	dependency_end ends[2];
	store_result r = element_ends(p, from, to, ends, d);
	if (r != STORE_OK)
		return r;
	if (ends[0].id == ends[1].id) {
		diag_add(d, "to", 0, "%s", _(element_dependencies.self));
		return STORE_INVALID;
	}
	if (!store_begin(s, d))
		return STORE_FAILED;
	arena *a = arena_new();
	r = elements_alive(s, p, ends[0].id, ends[1].id, d);
	if (r == STORE_OK)
		r = dependency_insert(s, a, p, &element_dependencies, &ends[0], &ends[1], d);
	r = finish(s, r, d);
	arena_free(a);
	return r;
}

store_result store_dependency_remove(store *s, const plan *p, const plan_element *from,
                                     const plan_element *to, diag_list *d)
{
	dependency_end ends[2];
	store_result r = element_ends(p, from, to, ends, d);
	if (r != STORE_OK)
		return r;
	if (!store_begin(s, d))
		return STORE_FAILED;
	arena *a = arena_new();
	r = dependency_delete(s, a, p, &element_dependencies, &ends[0], &ends[1], d);
	r = finish(s, r, d);
	arena_free(a);
	return r;
}

/* A milestone end: milestone id of plan p in the database. */
static store_result milestone_end(store *s, arena *a, const plan *p, int64_t id,
                                  const char *field, dependency_end *out, diag_list *d)
{
	sqlite3_stmt *st = store_prepare(s,
		"SELECT m.title, e.id, e.code FROM milestone m JOIN element e ON e.id = m.element_id"
		" WHERE m.id = ? AND e.plan_id = ?", d);
	if (!st)
		return STORE_FAILED;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, p->id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->id = id;
		out->label = arena_printf(a, "« %s »", (const char *)sqlite3_column_text(st, 0));
		out->element.id = sqlite3_column_int64(st, 1);
		out->element.code = store_column_text(a, st, 2);
	}
	sqlite3_finalize(st);
	if (rc == SQLITE_DONE) {
		diag_add(d, field, 0, _("aucun jalon n° %lld dans ce plan"), (long long)id);
		return STORE_NOT_FOUND;
	}
	if (rc != SQLITE_ROW) {
		store_report(s, d, _("lecture des données de pilotage impossible"));
		return STORE_FAILED;
	}
	return STORE_OK;
}

/* dependency_insert or dependency_delete. */
typedef store_result dependency_write(store *s, arena *a, const plan *p,
                                      const dependency_kind *k, const dependency_end *from,
                                      const dependency_end *to, diag_list *d);

/* Both milestones read, then the dependency between them written, in one transaction. */
static store_result milestone_dependency_change(store *s, const plan *p, int64_t from_id,
                                                int64_t to_id, dependency_write *write,
                                                diag_list *d)
{
	if (!store_begin(s, d))
		return STORE_FAILED;
	arena *a = arena_new();
	dependency_end from, to;
	store_result r = milestone_end(s, a, p, from_id, "from", &from, d);
	store_result r_to = milestone_end(s, a, p, to_id, "to", &to, d);
	if (r == STORE_OK)
		r = r_to;
	if (r == STORE_OK)
		r = write(s, a, p, &milestone_dependencies, &from, &to, d);
	r = finish(s, r, d);
	arena_free(a);
	return r;
}

store_result store_milestone_dependency_add(store *s, const plan *p, int64_t from_id,
                                            int64_t to_id, diag_list *d)
{
	if (from_id == to_id && from_id) {
		diag_add(d, "to", 0, "%s", _(milestone_dependencies.self));
		return STORE_INVALID;
	}
	return milestone_dependency_change(s, p, from_id, to_id, dependency_insert, d);
}

store_result store_milestone_dependency_remove(store *s, const plan *p, int64_t from_id,
                                               int64_t to_id, diag_list *d)
{
	return milestone_dependency_change(s, p, from_id, to_id, dependency_delete, d);
}

/* ---- qualification ---------------------------------------------------------------------- */

/* Scores as the journal writes them, "impact=3, coût=2", in the list's order; NULL
 * when none. names[i] is scored values[i] (0: not scored). */
static const char *scores_text(arena *a, const char *const *names, const int *values,
                               size_t count)
{
	buf out = {0};
	for (size_t i = 0; i < count; i++)
		if (values[i])
			buf_printf(&out, "%s%s=%d", out.len ? ", " : "", names[i], values[i]);
	const char *text = out.len ? arena_strdup(a, out.data) : NULL;
	buf_free(&out);
	return text;
}

/* The element's current scores by criterion of the list (0: none); a stored criterion
 * that is no longer in the list (never left by store/) is ignored. */
static store_result scores_read(store *s, arena *a, int64_t element_id,
                                const char *const *names, size_t count, int *values,
                                diag_list *d)
{
	sqlite3_stmt *st = store_prepare(s,
		"SELECT criterion, score FROM element_score WHERE element_id = ?", d);
	if (!st)
		return STORE_FAILED;
	sqlite3_bind_int64(st, 1, element_id);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		long i = list_find(a, names, count, (const char *)sqlite3_column_text(st, 0));
		if (i >= 0)
			values[i] = sqlite3_column_int(st, 1);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		store_report(s, d, _("lecture des données de pilotage impossible"));
		return STORE_FAILED;
	}
	return STORE_OK;
}

/* Match the given scores to the list: values[i] for names[i]. */
static store_result scores_match(arena *a, const char *const *names, size_t count,
                                 const element_score *scores, size_t score_count,
                                 int *values, diag_list *d)
{
	store_result r = STORE_OK;
	for (size_t k = 0; k < score_count; k++) {
		long i = list_find(a, names, count, scores[k].criterion);
		if (i < 0) {
			const char *list = join(a, names, count, ", ");
			diag_add(d, "scores", 0, _("critère inconnu « %s » (critères du plan : %s)"),
			         scores[k].criterion, list ? list : "");
			r = STORE_INVALID;
		} else if (values[i]) {
			diag_add(d, "scores", 0, _("critère « %s » noté deux fois"), names[i]);
			r = STORE_INVALID;
		} else {
			values[i] = scores[k].score;
		}
	}
	return r;
}

static store_result scores_write(store *s, int64_t element_id, const char *const *names,
                                 const int *values, size_t count, diag_list *d)
{
	sqlite3_stmt *st = store_prepare(s, "DELETE FROM element_score WHERE element_id = ?", d);
	if (!st)
		return STORE_FAILED;
	sqlite3_bind_int64(st, 1, element_id);
	store_result r = run_write(s, st, NULL, d, _("enregistrement des notes impossible"));
	if (r != STORE_OK || !(st = store_prepare(s,
		"INSERT INTO element_score (element_id, criterion, score) VALUES (?, ?, ?)", d)))
		return r == STORE_OK ? STORE_FAILED : r;
	for (size_t i = 0; r == STORE_OK && i < count; i++) {
		if (!values[i])
			continue;
		sqlite3_bind_int64(st, 1, element_id);
		sqlite3_bind_text(st, 2, names[i], -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 3, values[i]);
		r = step_write(s, st, d, _("enregistrement des notes impossible"));
	}
	sqlite3_finalize(st);
	return r;
}

static bool qualification_check(const element_qualification *q, const element_score *scores,
                                size_t score_count, diag_list *d)
{
	size_t before = diag_total(d);
	if ((unsigned)q->nature >= PRIORITY_NATURE_COUNT)
		diag_add(d, "nature", 0, _("nature invalide (quick win ou long terme)"));
	if ((unsigned)q->type >= PROJECT_TYPE_COUNT)
		diag_add(d, "type", 0, _("type de projet invalide"));
	for (size_t k = 0; k < score_count; k++) {
		if (blank(scores[k].criterion))
			diag_add(d, "scores", 0, _("note sans critère"));
		else if (scores[k].score < 1 || scores[k].score > 4)
			diag_add(d, "scores", 0, _("note invalide %d pour « %s » (de 1 à 4)"),
			         scores[k].score, scores[k].criterion);
	}
	return diag_total(d) == before;
}

/* The element's stored nature, type (keys) and version; version 0 when never
 * qualified. */
static store_result qualification_read(store *s, arena *a, int64_t element_id,
                                       const char **nature, const char **type,
                                       int64_t *version, diag_list *d)
{
	sqlite3_stmt *st = store_prepare(s,
		"SELECT nature, project_type, version FROM element_qualification WHERE element_id = ?",
		d);
	if (!st)
		return STORE_FAILED;
	sqlite3_bind_int64(st, 1, element_id);
	int rc = sqlite3_step(st);
	*nature = *type = NULL;
	*version = 0;
	if (rc == SQLITE_ROW) {
		*nature = store_column_text(a, st, 0);
		*type = store_column_text(a, st, 1);
		*version = sqlite3_column_int64(st, 2);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		store_report(s, d, _("lecture des données de pilotage impossible"));
		return STORE_FAILED;
	}
	return STORE_OK;
}

static store_result qualification_write(store *s, const element_qualification *q,
                                        diag_list *d)
{
	sqlite3_stmt *st = store_prepare(s,
		"INSERT INTO element_qualification (element_id, nature, project_type, version)"
		" VALUES (?, ?, ?, 1) ON CONFLICT (element_id) DO UPDATE SET"
		" nature = excluded.nature, project_type = excluded.project_type,"
		" version = element_qualification.version + 1", d);
	if (!st)
		return STORE_FAILED;
	sqlite3_bind_int64(st, 1, q->element->id);
	store_bind_text(st, 2, priority_nature_key(q->nature));
	store_bind_text(st, 3, project_type_key(q->type));
	return run_write(s, st, NULL, d, _("enregistrement de la qualification impossible"));
}

store_result store_qualification_set(store *s, const plan *p, element_qualification *q,
                                     const element_score *scores, size_t score_count,
                                     int64_t expected_version, diag_list *d)
{
	const plan_element *e = element_of_plan(p, q->element);
	if (!e) {
		diag_add(d, "element", 0, _("aucun élément n° %lld dans ce plan"),
		         (long long)(q->element ? q->element->id : 0));
		return STORE_NOT_FOUND;
	}
	if (!qualification_check(q, scores, score_count, d))
		return STORE_INVALID;
	if (!store_begin(s, d))
		return STORE_FAILED;
	arena *a = arena_new();
	const char **names = NULL, *old_nature = NULL, *old_type = NULL;
	size_t count = 0;
	int64_t version = 0;
	int *before = NULL, *after = NULL;
	store_result r = element_alive(s, p, e, d);
	if (r == STORE_OK)
		r = list_load(s, a, p, "qualification_criterion", &names, &count, d);
	if (r == STORE_OK) {
		before = arena_alloc(a, (count + 1) * sizeof(*before));
		after = arena_alloc(a, (count + 1) * sizeof(*after));
		r = scores_match(a, names, count, scores, score_count, after, d);
	}
	if (r == STORE_OK)
		r = qualification_read(s, a, e->id, &old_nature, &old_type, &version, d);
	if (r == STORE_OK && expected_version && version != expected_version) {
		diag_add(d, NULL, 0, _("la qualification de cet élément a été modifiée entre-temps par "
		                       "quelqu'un d'autre ; rechargez-la pour voir ses nouvelles "
		                       "valeurs"));
		r = STORE_CONFLICT;
	}
	if (r == STORE_OK)
		r = scores_read(s, a, e->id, names, count, before, d);
	if (r == STORE_OK)
		r = qualification_write(s, q, d);
	if (r == STORE_OK)
		r = scores_write(s, e->id, names, after, count, d);
	if (r == STORE_OK) {
		const store_field_change f[] = {
			{"nature", old_nature, priority_nature_key(q->nature)},
			{"type", old_type, project_type_key(q->type)},
			{"scores", scores_text(a, names, before, count),
			 scores_text(a, names, after, count)},
		};
		r = journal_fields(s, p, e, "qualification", e->id, f, sizeof(f) / sizeof(f[0]), d);
	}
	r = finish(s, r, d);
	if (r == STORE_OK)
		q->version = version + 1;
	arena_free(a);
	return r;
}

/* ---- the plan's lists -------------------------------------------------------------------- */

/* Where each list lives and what uses its names. usage_sql: (name, count) of the
 * plan's rows using each name; respell_sql: ?1 new spelling, ?2 old, ?3 plan. */
typedef struct {
	const char *table, *field;
	const char *usage_sql, *respell_sql;
} list_kind;

static const list_kind list_kinds[] = {
	[PLAN_LIST_FUNDING_SOURCES] = {
		"funding_source", "funding_sources",
		"SELECT source, count(*) FROM budget_line"
		" WHERE element_id IN (SELECT id FROM element WHERE plan_id = ?) GROUP BY source",
		"UPDATE budget_line SET source = ?1, version = version + 1 WHERE source = ?2"
		" AND element_id IN (SELECT id FROM element WHERE plan_id = ?3)",
	},
	[PLAN_LIST_PHASES] = {
		"plan_phase", "phases",
		"SELECT phase, count(*) FROM element_status WHERE phase IS NOT NULL"
		" AND element_id IN (SELECT id FROM element WHERE plan_id = ?) GROUP BY phase",
		"UPDATE element_status SET phase = ?1 WHERE phase = ?2"
		" AND element_id IN (SELECT id FROM element WHERE plan_id = ?3)",
	},
	[PLAN_LIST_CRITERIA] = {
		"qualification_criterion", "criteria",
		"SELECT criterion, count(*) FROM element_score"
		" WHERE element_id IN (SELECT id FROM element WHERE plan_id = ?) GROUP BY criterion",
		"UPDATE element_score SET criterion = ?1 WHERE criterion = ?2"
		" AND element_id IN (SELECT id FROM element WHERE plan_id = ?3)",
	},
	[PLAN_LIST_FAMILIES] = {
		"indicator_family", "indicator_families",
		"SELECT family, count(*) FROM indicator WHERE family IS NOT NULL AND plan_id = ?"
		" GROUP BY family",
		"UPDATE indicator SET family = ?1, version = version + 1 WHERE family = ?2"
		" AND plan_id = ?3",
	},
};

/* Why name (used `uses` times) cannot leave list `which`; format: name, count. Literal
 * i18n_count() calls, so that xgettext extracts each pair as one plural entry. */
static const char *in_use_message(plan_list which, int64_t uses)
{
	unsigned long n = (unsigned long)uses;
	switch (which) {
	case PLAN_LIST_FUNDING_SOURCES:
		return i18n_count("la source « %s » ne peut pas être retirée : %lld ligne budgétaire "
		                  "l'utilise",
		                  "la source « %s » ne peut pas être retirée : %lld lignes budgétaires "
		                  "l'utilisent", n);
	case PLAN_LIST_PHASES:
		return i18n_count("la phase « %s » ne peut pas être retirée : %lld élément est dans "
		                  "cette phase",
		                  "la phase « %s » ne peut pas être retirée : %lld éléments sont dans "
		                  "cette phase", n);
	case PLAN_LIST_FAMILIES:
		return i18n_count("la famille « %s » ne peut pas être retirée : %lld indicateur est "
		                  "de cette famille",
		                  "la famille « %s » ne peut pas être retirée : %lld indicateurs sont "
		                  "de cette famille", n);
	case PLAN_LIST_CRITERIA:
	default:
		return i18n_count("le critère « %s » ne peut pas être retiré : %lld élément a une note "
		                  "sur ce critère",
		                  "le critère « %s » ne peut pas être retiré : %lld éléments ont une "
		                  "note sur ce critère", n);
	}
}

/* The new list, trimmed, with every problem reported on field "names". */
static bool list_check(arena *a, const char *const *names, size_t count, const char ***out,
                       diag_list *d)
{
	size_t before = diag_total(d);
	if (count == 0)
		diag_add(d, "names", 0, _("la liste doit garder au moins un nom"));
	const char **clean = arena_alloc(a, (count + 1) * sizeof(*clean));
	for (size_t i = 0; i < count; i++) {
		clean[i] = text_trim(a, names[i] ? names[i] : "");
		if (!*clean[i]) {
			diag_add(d, "names", 0, _("nom vide en position %zu"), i + 1);
			continue;
		}
		for (size_t j = 0; j < i; j++) {
			if (*clean[j] &&
			    strcmp(text_match_key(a, clean[j]), text_match_key(a, clean[i])) == 0) {
				diag_add(d, "names", 0,
				         _("« %s » en double : « %s » est déjà dans la liste (à la casse et "
				           "aux accents près)"),
				         clean[i], clean[j]);
				break;
			}
		}
	}
	*out = clean;
	return diag_total(d) == before;
}

/* Every name in use must stay (ignoring case and accents); a name kept with another
 * spelling is respelled where it is used. */
static store_result list_usage(store *s, arena *a, const plan *p, plan_list which,
                               const char *const *names, size_t count, diag_list *d)
{
	const list_kind *k = &list_kinds[which];
	sqlite3_stmt *st = store_prepare(s, k->usage_sql, d);
	if (!st)
		return STORE_FAILED;
	sqlite3_bind_int64(st, 1, p->id);
	size_t used_count = 0;
	const char **used = NULL, **respelled = NULL;
	store_result r = STORE_OK;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *name = store_column_text(a, st, 0);
		int64_t uses = sqlite3_column_int64(st, 1);
		if (!name)
			continue;
		long i = list_find(a, names, count, name);
		if (i < 0) {
			diag_add(d, "names", 0, in_use_message(which, uses), name, (long long)uses);
			r = STORE_INVALID;
		} else if (strcmp(names[i], name) != 0) {
			used = arena_realloc(a, used, used_count * sizeof(*used),
			                     (used_count + 1) * sizeof(*used));
			respelled = arena_realloc(a, respelled, used_count * sizeof(*respelled),
			                          (used_count + 1) * sizeof(*respelled));
			used[used_count] = name;
			respelled[used_count++] = names[i];
		}
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		store_report(s, d, _("lecture des données de pilotage impossible"));
		return STORE_FAILED;
	}
	for (size_t i = 0; r == STORE_OK && i < used_count; i++) {
		if (!(st = store_prepare(s, k->respell_sql, d)))
			return STORE_FAILED;
		sqlite3_bind_text(st, 1, respelled[i], -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, used[i], -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 3, p->id);
		r = run_write(s, st, NULL, d, _("enregistrement des listes du plan impossible"));
	}
	return r;
}

static store_result list_write(store *s, const plan *p, const list_kind *k,
                               const char *const *names, size_t count, diag_list *d)
{
	char sql[128];
	snprintf(sql, sizeof(sql), "DELETE FROM %s WHERE plan_id = ?", k->table);
	sqlite3_stmt *st = store_prepare(s, sql, d);
	if (!st)
		return STORE_FAILED;
	sqlite3_bind_int64(st, 1, p->id);
	store_result r = run_write(s, st, NULL, d, _("enregistrement des listes du plan impossible"));
	snprintf(sql, sizeof(sql), "INSERT INTO %s (plan_id, position, name) VALUES (?, ?, ?)",
	         k->table);
	if (r != STORE_OK || !(st = store_prepare(s, sql, d)))
		return r == STORE_OK ? STORE_FAILED : r;
	for (size_t i = 0; r == STORE_OK && i < count; i++) {
		sqlite3_bind_int64(st, 1, p->id);
		sqlite3_bind_int64(st, 2, (int64_t)i);
		sqlite3_bind_text(st, 3, names[i], -1, SQLITE_STATIC);
		r = step_write(s, st, d, _("enregistrement des listes du plan impossible"));
	}
	sqlite3_finalize(st);
	return r;
}

store_result store_plan_list_set(store *s, const plan *p, plan_list which,
                                 const char *const *names, size_t count, diag_list *d)
{
	if ((unsigned)which > PLAN_LIST_FAMILIES) {
		diag_add(d, NULL, 0, _("liste du plan inconnue"));
		return STORE_INVALID;
	}
	const list_kind *k = &list_kinds[which];
	arena *a = arena_new();
	const char **clean = NULL, **old = NULL;
	size_t old_count = 0;
	store_result r = list_check(a, names, count, &clean, d) ? STORE_OK : STORE_INVALID;
	if (r == STORE_OK && !store_begin(s, d))
		r = STORE_FAILED;
	else if (r == STORE_OK) {
		r = list_load(s, a, p, k->table, &old, &old_count, d);
		if (r == STORE_OK)
			r = list_usage(s, a, p, which, clean, count, d);
		if (r == STORE_OK)
			r = list_write(s, p, k, clean, count, d);
		if (r == STORE_OK &&
		    !store_change_field(s, p->id, NULL, "plan", p->id, k->field,
		                        join(a, old, old_count, "|"), join(a, clean, count, "|"), d))
			r = STORE_FAILED;
		r = finish(s, r, d);
	}
	arena_free(a);
	return r;
}
