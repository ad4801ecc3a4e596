/*
 * indicator_store.c — a plan's indicators and measurements in SQLite (schema:
 * migration 4 in migrations.c; contract in indicator_store.h).
 *
 * Loading follows steering_store.c: one query per table for the whole plan (or for one
 * indicator), every query ordered like the indicators themselves (position, id), so
 * targets, elements and measurements are attached to their indicator by walking both
 * lists together, with no lookup per row. The board's latest measurements come from one
 * statement whose correlated subquery reads, through the UNIQUE (indicator_id,
 * measured_on) index, the two newest rows of each indicator: 500 indicators cost 1,000
 * index probes however many measurements are stored.
 *
 * Saving measurements is the hot path (100,000 rows from one spreadsheet): the plan's
 * indicators are checked once in memory, then one upsert prepared once runs per row.
 * A row on the date of an existing measurement updates it only when its value, comment
 * or source differ (importing the same file twice changes nothing); the trigger
 * measurement_revised then copies the previous value, comment and source, with who
 * entered them and when (changed_by, changed_at), to measurement_revision. So the
 * history and the current row together say who entered each value of a measurement.
 *
 * Every save is one transaction, nothing written on failure, journalled in change_log:
 * an import as one row, a single measurement as one row per changed field (or one for
 * its creation or deletion).
 */
#include "store/indicator_store.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/change_log.h"
#include "store/id_index.h"
#include "util/buf.h"
#include "util/i18n.h"
#include "util/text.h"

/* The largest magnitude util/number.h reads: what a measurement or target may hold. */
#define VALUE_LIMIT 1e15

/* ---- small helpers ------------------------------------------------------------------ */

static const char *column_key(sqlite3_stmt *st, int i)
{
	const unsigned char *v = sqlite3_column_text(st, i);
	return v ? (const char *)v : "";
}

/* Run a write; `doing` is a msgid (N_), translated only on failure: this runs once per
 * imported row. */
static bool step_done(store *s, sqlite3_stmt *st, diag_list *d, const char *doing)
{
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		store_report(s, d, _(doing));
		return false;
	}
	return true;
}

static void *grow(arena *a, void *items, size_t count, size_t size)
{
	if (count == 0 || (count & (count - 1)) == 0) {
		size_t cap = count ? count * 2 : 2;
		return arena_realloc(a, items, count * size, cap * size);
	}
	return items;
}

static bool read_finished(store *s, sqlite3_stmt *st, int rc, diag_list *d)
{
	return store_read_end(s, st, rc, d, _("lecture des indicateurs impossible"));
}

static store_result finish(store *s, store_result r, diag_list *d)
{
	if (store_end(s, r == STORE_OK, d))
		return STORE_OK;
	return r == STORE_OK ? STORE_FAILED : r;
}

static bool value_ok(double v)
{
	return isfinite(v) && fabs(v) <= VALUE_LIMIT;
}

/* "1 mesure", "3 mesures": journal values are French data (change_log.h). */
static const char *count_text(arena *a, int64_t n, const char *one, const char *many)
{
	return arena_printf(a, "%lld %s", (long long)n, n > 1 ? many : one);
}

/* ---- families ----------------------------------------------------------------------- */

bool store_indicator_families_seed(store *s, int64_t plan_id, diag_list *d)
{
	sqlite3_stmt *st = store_prepare(s,
		"INSERT INTO indicator_family (plan_id, position, name) VALUES (?, ?, ?)", d);
	if (!st)
		return false;
	bool ok = true;
	for (size_t i = 0; ok && i < indicator_default_family_count; i++) {
		sqlite3_bind_int64(st, 1, plan_id);
		sqlite3_bind_int64(st, 2, (int64_t)i);
		sqlite3_bind_text(st, 3, indicator_default_families[i], -1, SQLITE_STATIC);
		ok = step_done(s, st, d, N_("enregistrement des listes du plan impossible"));
	}
	sqlite3_finalize(st);
	return ok;
}

static bool families_load(store *s, arena *a, const plan *p, const char ***out, size_t *count,
                          diag_list *d)
{
	return store_indicator_families_load(s, a, p, out, count, d);
}

bool store_indicator_families_load(store *s, arena *a, const plan *p, const char ***out,
                                   size_t *count, diag_list *d)
{
	sqlite3_stmt *st = store_prepare(s,
		"SELECT name FROM indicator_family WHERE plan_id = ? ORDER BY position", d);
	if (!st)
		return false;
	sqlite3_bind_int64(st, 1, p->id);
	*out = NULL;
	*count = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*out = grow(a, (void *)*out, *count, sizeof(**out));
		(*out)[(*count)++] = store_column_text(a, st, 0);
	}
	return read_finished(s, st, rc, d);
}

/* ---- loading ------------------------------------------------------------------------ */

/* Which indicators a load reads: the whole plan (?1) or one of its indicators (?2). */
typedef struct {
	const plan *p;
	int64_t only_id; /* 0: all */
} load_scope;

static sqlite3_stmt *scoped_query(store *s, arena *a, const load_scope *scope,
                                  const char *select, const char *order, diag_list *d)
{
	const char *sql = arena_printf(a, "%s WHERE i.plan_id = ?1%s ORDER BY i.position, i.id%s",
	                               select, scope->only_id ? " AND i.id = ?2" : "", order);
	sqlite3_stmt *st = store_prepare(s, sql, d);
	if (!st)
		return NULL;
	sqlite3_bind_int64(st, 1, scope->p->id);
	if (scope->only_id)
		sqlite3_bind_int64(st, 2, scope->only_id);
	return st;
}

/* The indicator of id, walking forward from *cursor: rows of every query come in the
 * indicators' order. */
static indicator *indicator_at(indicator *items, size_t count, size_t *cursor, int64_t id)
{
	while (*cursor < count && items[*cursor].id != id)
		(*cursor)++;
	return *cursor < count ? &items[*cursor] : NULL;
}

static bool load_definitions(store *s, arena *a, const load_scope *scope, indicator_data *out,
                             diag_list *d)
{
	sqlite3_stmt *st = scoped_query(s, a, scope,
		"SELECT i.id, i.code, i.name, i.definition, i.family, i.unit, i.source, i.owner,"
		" i.direction, i.frequency, i.baseline_value, i.baseline_on, i.tolerance, i.formula,"
		" i.version FROM indicator i", "", d);
	if (!st)
		return false;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		out->indicators = grow(a, out->indicators, out->indicator_count,
		                       sizeof(*out->indicators));
		indicator *x = &out->indicators[out->indicator_count++];
		memset(x, 0, sizeof(*x));
		x->id = sqlite3_column_int64(st, 0);
		x->code = store_column_text(a, st, 1);
		x->name = store_column_text(a, st, 2);
		x->definition = store_column_text(a, st, 3);
		x->family = store_column_text(a, st, 4);
		x->unit = store_column_text(a, st, 5);
		x->source = store_column_text(a, st, 6);
		x->owner = store_column_text(a, st, 7);
		if (!indicator_direction_parse(column_key(st, 8), &x->direction))
			x->direction = DIRECTION_UP;
		if (!indicator_frequency_parse(column_key(st, 9), &x->frequency))
			x->frequency = FREQUENCY_QUARTERLY;
		x->has_baseline = sqlite3_column_type(st, 10) != SQLITE_NULL;
		if (x->has_baseline)
			x->baseline = (indicator_point){store_column_date(st, 11),
			                                sqlite3_column_double(st, 10)};
		x->tolerance = sqlite3_column_double(st, 12);
		if (sqlite3_column_type(st, 13) == SQLITE_NULL ||
		    !indicator_formula_parse(column_key(st, 13), &x->formula))
			x->formula = FORMULA_NONE;
		x->version = sqlite3_column_int64(st, 14);
	}
	return read_finished(s, st, rc, d);
}

/* Targets of every indicator in one array, each indicator pointing at its run. */
static bool load_targets(store *s, arena *a, const load_scope *scope, indicator_data *out,
                         diag_list *d)
{
	sqlite3_stmt *st = scoped_query(s, a, scope,
		"SELECT t.indicator_id, t.target_on, t.value FROM indicator_target t"
		" JOIN indicator i ON i.id = t.indicator_id", ", t.target_on", d);
	if (!st)
		return false;
	indicator_point *all = NULL;
	size_t count = 0, cursor = 0;
	size_t *start = arena_alloc(a, (out->indicator_count + 1) * sizeof(*start));
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		indicator *x = indicator_at(out->indicators, out->indicator_count, &cursor,
		                            sqlite3_column_int64(st, 0));
		if (!x)
			continue;
		if (x->target_count++ == 0)
			start[cursor] = count;
		all = grow(a, all, count, sizeof(*all));
		all[count++] = (indicator_point){store_column_date(st, 1), sqlite3_column_double(st, 2)};
	}
	for (size_t i = 0; i < out->indicator_count; i++)
		if (out->indicators[i].target_count)
			out->indicators[i].targets = all + start[i];
	return read_finished(s, st, rc, d);
}

static bool load_elements(store *s, arena *a, const load_scope *scope, indicator_data *out,
                          diag_list *d)
{
	sqlite3_stmt *st = scoped_query(s, a, scope,
		"SELECT x.indicator_id, x.element_id FROM indicator_element x"
		" JOIN indicator i ON i.id = x.indicator_id", ", x.position, x.element_id", d);
	if (!st)
		return false;
	store_id_index ix;
	bool indexed = false; /* built at the first row: most indicators cover the whole plan */
	const plan_element **all = NULL;
	size_t count = 0, cursor = 0;
	size_t *start = arena_alloc(a, (out->indicator_count + 1) * sizeof(*start));
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (!indexed) {
			store_id_index_build(a, &ix, scope->p);
			indexed = true;
		}
		indicator *x = indicator_at(out->indicators, out->indicator_count, &cursor,
		                            sqlite3_column_int64(st, 0));
		const plan_element *e = store_id_index_get(&ix, sqlite3_column_int64(st, 1));
		if (!x || !e)
			continue;
		if (x->element_count++ == 0)
			start[cursor] = count;
		all = grow(a, all, count, sizeof(*all));
		all[count++] = e;
	}
	for (size_t i = 0; i < out->indicator_count; i++)
		if (out->indicators[i].element_count)
			out->indicators[i].elements = all + start[i];
	return read_finished(s, st, rc, d);
}

static bool load_measurements(store *s, arena *a, const load_scope *scope,
                              measurements_wanted wanted, indicator_data *out, diag_list *d)
{
	static const char columns[] =
		"SELECT m.id, m.indicator_id, m.measured_on, m.value, m.comment, m.source,"
		" m.entered_by, m.version FROM indicator i";
	const char *select = wanted == MEASUREMENTS_LATEST
		? arena_printf(a, "%s JOIN measurement m ON m.id IN (SELECT x.id FROM measurement x"
		                  " WHERE x.indicator_id = i.id ORDER BY x.measured_on DESC LIMIT 2)",
		               columns)
		: arena_printf(a, "%s JOIN measurement m ON m.indicator_id = i.id", columns);
	sqlite3_stmt *st = scoped_query(s, a, scope, select, ", m.measured_on, m.id", d);
	if (!st)
		return false;
	size_t cursor = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		indicator *x = indicator_at(out->indicators, out->indicator_count, &cursor,
		                            sqlite3_column_int64(st, 1));
		if (!x)
			continue;
		out->measurements = grow(a, out->measurements, out->measurement_count,
		                         sizeof(*out->measurements));
		measurement *m = &out->measurements[out->measurement_count++];
		memset(m, 0, sizeof(*m));
		m->id = sqlite3_column_int64(st, 0);
		m->indicator = x;
		m->date = store_column_date(st, 2);
		m->value = sqlite3_column_double(st, 3);
		m->comment = store_column_text(a, st, 4);
		m->source = store_column_text(a, st, 5);
		m->entered_by = store_column_text(a, st, 6);
		m->version = sqlite3_column_int64(st, 7);
	}
	return read_finished(s, st, rc, d);
}

static bool load_scoped(store *s, arena *a, const load_scope *scope,
                        measurements_wanted wanted, indicator_data *out, diag_list *d)
{
	memset(out, 0, sizeof(*out));
	return families_load(s, a, scope->p, &out->families, &out->family_count, d) &&
	       load_definitions(s, a, scope, out, d) &&
	       (out->indicator_count == 0 ||
	        (load_targets(s, a, scope, out, d) && load_elements(s, a, scope, out, d) &&
	         (wanted == MEASUREMENTS_NONE || load_measurements(s, a, scope, wanted, out, d))));
}

bool store_indicators_load(store *s, arena *a, const plan *p, measurements_wanted wanted,
                           indicator_data *out, diag_list *d)
{
	load_scope scope = {p, 0};
	return load_scoped(s, a, &scope, wanted, out, d);
}

/* Revisions of the measurements of one indicator, attached like targets: in the
 * measurements' order (date, id), newest first within each. */
static bool load_revisions(store *s, arena *a, int64_t indicator_id,
                           const indicator_data *data, measurement_revision **out,
                           size_t *count, diag_list *d)
{
	sqlite3_stmt *st = store_prepare(s,
		"SELECT r.measurement_id, r.value, r.comment, r.source, r.changed_by, r.changed_at"
		" FROM measurement_revision r JOIN measurement m ON m.id = r.measurement_id"
		" WHERE m.indicator_id = ? ORDER BY m.measured_on, m.id, r.id DESC", d);
	if (!st)
		return false;
	sqlite3_bind_int64(st, 1, indicator_id);
	*out = NULL;
	*count = 0;
	size_t cursor = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);
		while (cursor < data->measurement_count && data->measurements[cursor].id != id)
			cursor++;
		if (cursor == data->measurement_count)
			continue;
		*out = grow(a, *out, *count, sizeof(**out));
		measurement_revision *r = &(*out)[(*count)++];
		r->measurement = &data->measurements[cursor];
		r->value = sqlite3_column_double(st, 1);
		r->comment = store_column_text(a, st, 2);
		r->source = store_column_text(a, st, 3);
		r->changed_by = store_column_text(a, st, 4);
		r->changed_at = store_column_text(a, st, 5);
	}
	return read_finished(s, st, rc, d);
}

store_result store_indicator_load(store *s, arena *a, const plan *p, const char *code,
                                  indicator **out, measurement **measurements, size_t *count,
                                  measurement_revision **revisions, size_t *revision_count,
                                  diag_list *d)
{
	*out = NULL;
	*measurements = NULL;
	*count = 0;
	*revisions = NULL;
	*revision_count = 0;
	sqlite3_stmt *st = store_prepare(s,
		"SELECT id FROM indicator WHERE plan_id = ? AND code = ?", d);
	if (!st)
		return STORE_FAILED;
	sqlite3_bind_int64(st, 1, p->id);
	sqlite3_bind_text(st, 2, code ? code : "", -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	int64_t id = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	if (!read_finished(s, st, rc == SQLITE_ROW ? SQLITE_DONE : rc, d))
		return STORE_FAILED;
	if (!id) {
		diag_add(d, NULL, 0, _("aucun indicateur « %s » dans le plan « %s »"), code ? code : "",
		         p->slug ? p->slug : "");
		return STORE_NOT_FOUND;
	}
	load_scope scope = {p, id};
	indicator_data data;
	if (!load_scoped(s, a, &scope, MEASUREMENTS_ALL, &data, d) ||
	    !load_revisions(s, a, id, &data, revisions, revision_count, d))
		return STORE_FAILED;
	if (data.indicator_count != 1) { /* deleted in between */
		diag_add(d, NULL, 0, _("aucun indicateur « %s » dans le plan « %s »"), code,
		         p->slug ? p->slug : "");
		return STORE_NOT_FOUND;
	}
	*out = data.indicators;
	*measurements = data.measurements;
	*count = data.measurement_count;
	return STORE_OK;
}

/* ---- saving a catalogue ----------------------------------------------------------------- */

static int compare_code_pointers(const void *x, const void *y)
{
	const indicator *a = *(const indicator *const *)x, *b = *(const indicator *const *)y;
	return strcmp(a->code, b->code);
}

/* One indicator's values, as the database also checks them, said in words a user can
 * act on (and what it cannot: an element of another plan). `named`: each diag names
 * its field (code, name, direction…) as a form wants it; else none, an import's line
 * saying where. Shared by the catalogue save and store_indicator_put. */
static void indicator_check_one(const plan *p, const indicator *x, bool named, diag_list *d)
{
#define FIELD(name) (named ? (name) : NULL)
	int line = x->source_line;
	if (!x->code || !*x->code) {
		diag_add(d, FIELD("code"), line, _("indicateur sans code"));
		if (!named)
			return;
	}
	const char *code = x->code ? x->code : "";
	if (!x->name || !*x->name)
		diag_add(d, FIELD("name"), line, _("« %s » : indicateur sans nom"), code);
	if ((unsigned)x->direction >= DIRECTION_COUNT ||
	    (unsigned)x->frequency >= FREQUENCY_COUNT || (unsigned)x->formula >= FORMULA_COUNT)
		diag_add(d, FIELD((unsigned)x->direction >= DIRECTION_COUNT ? "direction"
		                  : (unsigned)x->frequency >= FREQUENCY_COUNT ? "frequency" : "formula"),
		         line, _("« %s » : sens, fréquence ou formule invalide"), code);
	if (x->has_baseline && (!date_valid(x->baseline.date) || !value_ok(x->baseline.value)))
		diag_add(d, FIELD("baseline"), line, _("« %s » : valeur initiale ou date initiale invalide"),
		         code);
	if (!(x->tolerance >= 0) || !value_ok(x->tolerance))
		diag_add(d, FIELD("tolerance"), line, _("« %s » : tolérance invalide (0 ou plus)"), code);
	for (size_t k = 0; k < x->target_count; k++) {
		const indicator_point *t = &x->targets[k];
		if (!date_valid(t->date) || !value_ok(t->value))
			diag_add(d, FIELD("targets"), line, _("« %s » : cible ou date cible invalide"), code);
		else if (k > 0 && date_compare(x->targets[k - 1].date, t->date) >= 0)
			diag_add(d, FIELD("targets"), line,
			         _("« %s » : cibles dans le désordre ou deux cibles à la même date"), code);
	}
	for (size_t k = 0; k < x->element_count; k++) {
		const plan_element *e = x->elements[k];
		if (!e || !e->id || !plan_find_id(p, e->id)) {
			diag_add(d, FIELD("elements"), line, _("« %s » : élément qui n'est pas un élément "
			                                       "enregistré du plan"), code);
			continue;
		}
		for (size_t j = 0; j < k; j++)
			if (x->elements[j] == e)
				diag_add(d, FIELD("elements"), line, _("« %s » : élément « %s » cité deux fois"),
				         code, e->code);
	}
#undef FIELD
}

/* Every indicator of a batch, and no code twice in it. */
static bool indicators_check(arena *a, const plan *p, const indicator *items, size_t count,
                             diag_list *d)
{
	size_t before = diag_total(d);
	for (size_t i = 0; i < count; i++)
		indicator_check_one(p, &items[i], false, d);
	if (diag_total(d) != before)
		return false;
	const indicator **sorted = arena_alloc(a, (count ? count : 1) * sizeof(*sorted));
	for (size_t i = 0; i < count; i++)
		sorted[i] = &items[i];
	qsort(sorted, count, sizeof(*sorted), compare_code_pointers);
	for (size_t i = 1; i < count; i++)
		if (strcmp(sorted[i - 1]->code, sorted[i]->code) == 0)
			diag_add(d, NULL, sorted[i]->source_line, _("indicateur « %s » en double"),
			         sorted[i]->code);
	return diag_total(d) == before;
}

/* The family as spelled in the plan's list (ignoring case and accents), or NULL after
 * an error naming the list. */
static const char *family_of_list(arena *a, const char *const *families, size_t count,
                                  const indicator *x, const char *field, diag_list *d)
{
	const char *want = text_match_key(a, x->family);
	for (size_t i = 0; i < count; i++)
		if (strcmp(text_match_key(a, families[i]), want) == 0)
			return families[i];
	buf list = {0};
	for (size_t i = 0; i < count; i++)
		buf_printf(&list, "%s%s", i ? ", " : "", families[i]);
	diag_add(d, field, x->source_line, _("« %s » : famille inconnue « %s » (familles du plan : %s)"),
	         x->code, x->family, list.data ? list.data : "");
	buf_free(&list);
	return NULL;
}

/* An indicator already stored: its code, id and version. */
typedef struct {
	const char *code;
	int64_t id, version;
	bool kept;
} stored_indicator;

static int compare_stored(const void *x, const void *y)
{
	return strcmp(((const stored_indicator *)x)->code, ((const stored_indicator *)y)->code);
}

static bool stored_load(store *s, arena *a, const plan *p, stored_indicator **out,
                        size_t *count, int64_t *next_position, diag_list *d)
{
	sqlite3_stmt *st = store_prepare(s,
		"SELECT id, code, version, position FROM indicator WHERE plan_id = ?", d);
	if (!st)
		return false;
	sqlite3_bind_int64(st, 1, p->id);
	*out = NULL;
	*count = 0;
	*next_position = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*out = grow(a, *out, *count, sizeof(**out));
		(*out)[(*count)++] = (stored_indicator){store_column_text(a, st, 1),
		                                        sqlite3_column_int64(st, 0),
		                                        sqlite3_column_int64(st, 2), false};
		if (sqlite3_column_int64(st, 3) >= *next_position)
			*next_position = sqlite3_column_int64(st, 3) + 1;
	}
	if (*count > 1)
		qsort(*out, *count, sizeof(**out), compare_stored);
	return read_finished(s, st, rc, d);
}

/* The statements of a catalogue save, prepared once. */
typedef struct {
	sqlite3_stmt *insert, *update, *clear_targets, *add_target, *clear_elements, *add_element,
		*remove;
} catalogue_statements;

static bool catalogue_prepare(store *s, catalogue_statements *c, diag_list *d)
{
	/* ?1–?12: the definition; ?13 the position; ?14 the id (update) or code (insert); ?15
	 * the plan. */
	c->insert = store_prepare(s,
		"INSERT INTO indicator (name, definition, family, unit, source, owner, direction,"
		" frequency, baseline_value, baseline_on, tolerance, formula, position, code, plan_id)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)", d);
	c->update = c->insert ? store_prepare(s,
		"UPDATE indicator SET name = ?1, definition = ?2, family = ?3, unit = ?4, source = ?5,"
		" owner = ?6, direction = ?7, frequency = ?8, baseline_value = ?9, baseline_on = ?10,"
		" tolerance = ?11, formula = ?12, position = coalesce(?13, position),"
		" version = version + 1 WHERE id = ?14 AND plan_id = ?15", d) : NULL;
	c->clear_targets = c->update ? store_prepare(s,
		"DELETE FROM indicator_target WHERE indicator_id = ?", d) : NULL;
	c->add_target = c->clear_targets ? store_prepare(s,
		"INSERT INTO indicator_target (indicator_id, target_on, value) VALUES (?, ?, ?)", d)
		: NULL;
	c->clear_elements = c->add_target ? store_prepare(s,
		"DELETE FROM indicator_element WHERE indicator_id = ?", d) : NULL;
	c->add_element = c->clear_elements ? store_prepare(s,
		"INSERT INTO indicator_element (indicator_id, element_id, position)"
		" SELECT ?, id, ? FROM element WHERE id = ? AND plan_id = ?", d) : NULL;
	c->remove = c->add_element ? store_prepare(s,
		"DELETE FROM indicator WHERE id = ? AND plan_id = ?", d) : NULL;
	return c->remove != NULL;
}

static void catalogue_finalize(catalogue_statements *c)
{
	sqlite3_finalize(c->insert);
	sqlite3_finalize(c->update);
	sqlite3_finalize(c->clear_targets);
	sqlite3_finalize(c->add_target);
	sqlite3_finalize(c->clear_elements);
	sqlite3_finalize(c->add_element);
	sqlite3_finalize(c->remove);
}

/* Bind ?1–?12 of the insert or update; `baseline` holds the date's text. */
static void definition_bind(sqlite3_stmt *st, const indicator *x, const char *family,
                            char baseline[11])
{
	store_bind_text(st, 1, x->name);
	store_bind_text(st, 2, x->definition);
	store_bind_text(st, 3, family);
	store_bind_text(st, 4, x->unit);
	store_bind_text(st, 5, x->source);
	store_bind_text(st, 6, x->owner);
	sqlite3_bind_text(st, 7, indicator_direction_key(x->direction), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, indicator_frequency_key(x->frequency), -1, SQLITE_STATIC);
	if (x->has_baseline) {
		sqlite3_bind_double(st, 9, x->baseline.value);
		store_bind_date(st, 10, x->baseline.date, baseline);
	} else {
		sqlite3_bind_null(st, 9);
		sqlite3_bind_null(st, 10);
	}
	sqlite3_bind_double(st, 11, x->tolerance);
	store_bind_text(st, 12, indicator_formula_key(x->formula));
}

/* Targets and elements of indicator id (replaced when it existed). */
static bool parts_write(store *s, const plan *p, catalogue_statements *c, int64_t id,
                        const indicator *x, bool existed, diag_list *d)
{
	if (existed) {
		sqlite3_bind_int64(c->clear_targets, 1, id);
		sqlite3_bind_int64(c->clear_elements, 1, id);
		if (!step_done(s, c->clear_targets, d, N_("enregistrement des cibles impossible")) ||
		    !step_done(s, c->clear_elements, d,
		               N_("enregistrement des éléments de l'indicateur impossible")))
			return false;
	}
	for (size_t k = 0; k < x->target_count; k++) {
		char date[11];
		sqlite3_bind_int64(c->add_target, 1, id);
		store_bind_date(c->add_target, 2, x->targets[k].date, date);
		sqlite3_bind_double(c->add_target, 3, x->targets[k].value);
		if (!step_done(s, c->add_target, d, N_("enregistrement des cibles impossible")))
			return false;
	}
	for (size_t k = 0; k < x->element_count; k++) {
		const plan_element *e = x->elements[k];
		sqlite3_bind_int64(c->add_element, 1, id);
		sqlite3_bind_int64(c->add_element, 2, (int64_t)k);
		sqlite3_bind_int64(c->add_element, 3, e->id);
		sqlite3_bind_int64(c->add_element, 4, p->id);
		if (!step_done(s, c->add_element, d,
		               N_("enregistrement des éléments de l'indicateur impossible")))
			return false;
		if (sqlite3_changes(s->sqlite) != 1) {
			diag_add(d, NULL, x->source_line, _("l'élément « %s » n'est plus dans le plan ; "
			                                    "rechargez-le et recommencez"), e->code);
			return false;
		}
	}
	return true;
}

/* Write item i: update the stored indicator of its code, or append it. */
static bool indicator_write(store *s, const plan *p, catalogue_statements *c,
                            indicator *x, size_t index, bool replace, stored_indicator *stored,
                            size_t stored_count, int64_t *next_position, const char *family,
                            diag_list *d)
{
	stored_indicator want = {.code = x->code};
	stored_indicator *old = stored_count
		? bsearch(&want, stored, stored_count, sizeof(*stored), compare_stored) : NULL;
	char baseline[11];
	sqlite3_stmt *st = old ? c->update : c->insert;
	definition_bind(st, x, family, baseline);
	if (old && !replace)
		sqlite3_bind_null(st, 13); /* an update keeps its place */
	else
		sqlite3_bind_int64(st, 13, replace ? (int64_t)index : (*next_position)++);
	if (old)
		sqlite3_bind_int64(st, 14, old->id);
	else
		sqlite3_bind_text(st, 14, x->code, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 15, p->id);
	if (!step_done(s, st, d, N_("enregistrement d'un indicateur impossible")))
		return false;
	int64_t id = old ? old->id : sqlite3_last_insert_rowid(s->sqlite);
	if (old)
		old->kept = true;
	if (!parts_write(s, p, c, id, x, old != NULL, d))
		return false;
	x->id = id;
	x->version = old ? old->version + 1 : 1;
	return true;
}

bool store_indicators_save(store *s, const plan *p, indicator *items, size_t count,
                           bool replace, diag_list *d)
{
	arena *a = arena_new();
	if (!indicators_check(a, p, items, count, d) || !store_begin(s, d)) {
		arena_free(a);
		return false;
	}
	const char **families = NULL;
	size_t family_count = 0;
	stored_indicator *stored = NULL;
	size_t stored_count = 0;
	int64_t next_position = 0;
	bool ok = families_load(s, a, p, &families, &family_count, d) &&
	          stored_load(s, a, p, &stored, &stored_count, &next_position, d);
	/* Every family first, so that a file with several unknown ones hears of all. */
	const char **spelled = arena_alloc(a, (count ? count : 1) * sizeof(*spelled));
	bool families_ok = true;
	for (size_t i = 0; ok && i < count; i++) {
		spelled[i] = NULL;
		if (items[i].family && *items[i].family &&
		    !(spelled[i] = family_of_list(a, families, family_count, &items[i], NULL, d)))
			families_ok = false;
	}
	ok = ok && families_ok;
	catalogue_statements c = {0};
	ok = ok && catalogue_prepare(s, &c, d);
	/* On a refusal the items get back the ids and versions they came with. */
	int64_t *ids = arena_alloc(a, (count ? count : 1) * sizeof(*ids));
	int64_t *versions = arena_alloc(a, (count ? count : 1) * sizeof(*versions));
	for (size_t i = 0; i < count; i++) {
		ids[i] = items[i].id;
		versions[i] = items[i].version;
	}
	for (size_t i = 0; ok && i < count; i++)
		ok = indicator_write(s, p, &c, &items[i], i, replace, stored, stored_count,
		                     &next_position, spelled[i], d);
	int64_t removed = 0;
	for (size_t i = 0; ok && replace && i < stored_count; i++) {
		if (stored[i].kept)
			continue;
		sqlite3_bind_int64(c.remove, 1, stored[i].id);
		sqlite3_bind_int64(c.remove, 2, p->id);
		ok = step_done(s, c.remove, d, N_("suppression d'un indicateur impossible"));
		removed += ok ? sqlite3_changes(s->sqlite) : 0;
	}
	catalogue_finalize(&c);
	if (ok && (count || removed))
		ok = store_change_record(s, p->id, NULL, "indicator", 0, CHANGE_IMPORT, NULL,
		                         removed ? count_text(a, removed, "indicateur supprimé",
		                                              "indicateurs supprimés") : NULL,
		                         count_text(a, (int64_t)count, "indicateur", "indicateurs"), d);
	ok = store_end(s, ok, d);
	if (!ok)
		for (size_t i = 0; i < count; i++) {
			items[i].id = ids[i];
			items[i].version = versions[i];
		}
	arena_free(a);
	return ok;
}

/* ---- saving measurements --------------------------------------------------------------- */

/* The upsert of one measurement: ?1 indicator, ?2 date, ?3 value, ?4 comment, ?5 source,
 * ?6 who, ?7 when. Nothing changes when value, comment and source are those stored. */
static const char measurement_upsert_sql[] =
	"INSERT INTO measurement (indicator_id, measured_on, value, comment, source, entered_by,"
	" entered_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
	" ON CONFLICT (indicator_id, measured_on) DO UPDATE SET value = excluded.value,"
	" comment = excluded.comment, source = excluded.source, entered_by = excluded.entered_by,"
	" entered_at = excluded.entered_at, version = measurement.version + 1"
	" WHERE measurement.value IS NOT excluded.value"
	" OR measurement.comment IS NOT excluded.comment"
	" OR measurement.source IS NOT excluded.source";

static bool now_text(store *s, char out[24], diag_list *d)
{
	sqlite3_stmt *st = store_prepare(s, "SELECT strftime('%Y-%m-%dT%H:%M:%SZ', 'now')", d);
	if (!st)
		return false;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		snprintf(out, 24, "%s", column_key(st, 0));
	return read_finished(s, st, rc == SQLITE_ROW ? SQLITE_DONE : rc, d);
}

static int64_t query_int64(store *s, const char *sql, int64_t param, bool *ok, diag_list *d)
{
	sqlite3_stmt *st = store_prepare(s, sql, d);
	if (!st) {
		*ok = false;
		return 0;
	}
	if (sqlite3_bind_parameter_count(st) > 0)
		sqlite3_bind_int64(st, 1, param);
	int rc = sqlite3_step(st);
	int64_t v = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	*ok = read_finished(s, st, rc == SQLITE_ROW ? SQLITE_DONE : rc, d);
	return v;
}

static bool measurement_values_check(const measurement *m, diag_list *d, int line,
                                     const char *code)
{
	bool ok = true;
	if (!date_is_set(m->date) || !date_valid(m->date)) {
		diag_add(d, NULL, line, _("« %s » : mesure sans date valide"), code);
		ok = false;
	}
	if (!value_ok(m->value)) {
		diag_add(d, NULL, line, _("« %s » : valeur de mesure invalide"), code);
		ok = false;
	}
	return ok;
}

/* A plan's indicator by id: whether it is computed. */
typedef struct {
	int64_t id;
	bool computed;
} indicator_kind;

static int compare_kinds(const void *x, const void *y)
{
	int64_t a = ((const indicator_kind *)x)->id, b = ((const indicator_kind *)y)->id;
	return (a > b) - (a < b);
}

static bool kinds_load(store *s, arena *a, const plan *p, indicator_kind **out, size_t *count,
                       diag_list *d)
{
	sqlite3_stmt *st = store_prepare(s,
		"SELECT id, formula IS NOT NULL FROM indicator WHERE plan_id = ? ORDER BY id", d);
	if (!st)
		return false;
	sqlite3_bind_int64(st, 1, p->id);
	*out = NULL;
	*count = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*out = grow(a, *out, *count, sizeof(**out));
		(*out)[(*count)++] = (indicator_kind){sqlite3_column_int64(st, 0),
		                                      sqlite3_column_int(st, 1) != 0};
	}
	return read_finished(s, st, rc, d);
}

/* Every measurement names a measured indicator of p, still in the database. */
static bool measurements_check(store *s, arena *a, const plan *p, const measurement *items,
                               size_t count, diag_list *d)
{
	indicator_kind *kinds;
	size_t kind_count;
	if (!kinds_load(s, a, p, &kinds, &kind_count, d))
		return false;
	size_t before = diag_total(d);
	const indicator *last = NULL; /* rows of one indicator usually follow each other */
	bool last_ok = false;
	for (size_t i = 0; i < count; i++) {
		const measurement *m = &items[i];
		const indicator *x = m->indicator;
		if (!x || !x->id) {
			diag_add(d, NULL, m->source_line, _("mesure sans indicateur enregistré du plan"));
			continue;
		}
		measurement_values_check(m, d, m->source_line, x->code);
		if (x == last) {
			if (!last_ok)
				diag_add(d, NULL, m->source_line, _("« %s » : indicateur refusé (voir plus "
				                                    "haut)"), x->code);
			continue;
		}
		indicator_kind want = {x->id, false};
		const indicator_kind *k = kind_count
			? bsearch(&want, kinds, kind_count, sizeof(*kinds), compare_kinds) : NULL;
		last = x;
		last_ok = k && !k->computed;
		if (!k)
			diag_add(d, NULL, m->source_line,
			         _("l'indicateur « %s » n'est plus dans le plan ; rechargez-le et "
			           "recommencez"), x->code);
		else if (k->computed)
			diag_add(d, NULL, m->source_line,
			         _("l'indicateur « %s » est calculé par jalon : il ne prend pas de mesure "
			           "saisie"), x->code);
	}
	return diag_total(d) == before;
}

bool store_measurements_save(store *s, const plan *p, const measurement *items, size_t count,
                             diag_list *d)
{
	if (!store_begin(s, d))
		return false;
	arena *a = arena_new();
	char now[24] = "";
	bool ok = measurements_check(s, a, p, items, count, d) && now_text(s, now, d);
	/* Revisions written by this import are those above the current last one. */
	int64_t last_revision = ok ? query_int64(s,
		"SELECT coalesce(max(id), 0) FROM measurement_revision", 0, &ok, d) : 0;
	sqlite3_stmt *st = ok ? store_prepare(s, measurement_upsert_sql, d) : NULL;
	ok = ok && st;
	if (st) {
		store_bind_text(st, 6, s->actor);
		sqlite3_bind_text(st, 7, now, -1, SQLITE_STATIC);
	}
	for (size_t i = 0; ok && i < count; i++) {
		const measurement *m = &items[i];
		char date[11];
		sqlite3_bind_int64(st, 1, m->indicator->id);
		store_bind_date(st, 2, m->date, date);
		sqlite3_bind_double(st, 3, m->value);
		store_bind_text(st, 4, m->comment);
		store_bind_text(st, 5, m->source);
		ok = step_done(s, st, d, N_("enregistrement d'une mesure impossible"));
	}
	sqlite3_finalize(st);
	int64_t corrected = ok ? query_int64(s,
		"SELECT count(*) FROM measurement_revision WHERE id > ?", last_revision, &ok, d) : 0;
	if (ok && count)
		ok = store_change_record(s, p->id, NULL, "measurement", 0, CHANGE_IMPORT, NULL,
		                         corrected ? count_text(a, corrected, "mesure corrigée",
		                                                "mesures corrigées") : NULL,
		                         count_text(a, (int64_t)count, "mesure", "mesures"), d);
	ok = store_end(s, ok, d);
	arena_free(a);
	return ok;
}

/* ---- one measurement ------------------------------------------------------------------- */

/* A measurement's summary for the journal: "TAUX 2026-03-31 : 12.5". */
static const char *measurement_summary(arena *a, const char *code, jalon_date date,
                                       double value)
{
	char when[11];
	date_format_iso(date, when);
	return arena_printf(a, "%s %s : %s", code, when, store_change_number(a, value));
}

store_result store_measurement_put(store *s, const plan *p, measurement *m, diag_list *d)
{
	size_t before = diag_total(d);
	if (!m->indicator || !m->indicator->id)
		diag_add(d, "indicator", 0, _("indicateur de la mesure manquant"));
	if (!date_is_set(m->date))
		diag_add(d, "date", 0, _("date de la mesure manquante"));
	else if (!date_valid(m->date))
		diag_add(d, "date", 0, _("date invalide %04d-%02d-%02d"), m->date.year, m->date.month,
		         m->date.day);
	if (!value_ok(m->value))
		diag_add(d, "value", 0, _("valeur invalide : un nombre d'au plus 15 chiffres est "
		                          "attendu"));
	if (diag_total(d) != before)
		return STORE_INVALID;
	if (!store_begin(s, d))
		return STORE_FAILED;
	arena *a = arena_new();
	store_result r = STORE_OK;
	/* The indicator, in this plan and measured. */
	sqlite3_stmt *st = store_prepare(s,
		"SELECT code, formula IS NOT NULL FROM indicator WHERE id = ? AND plan_id = ?", d);
	const char *code = NULL;
	if (!st) {
		r = STORE_FAILED;
	} else {
		sqlite3_bind_int64(st, 1, m->indicator->id);
		sqlite3_bind_int64(st, 2, p->id);
		int rc = sqlite3_step(st);
		bool computed = false;
		if (rc == SQLITE_ROW) {
			code = store_column_text(a, st, 0);
			computed = sqlite3_column_int(st, 1) != 0;
		}
		if (!read_finished(s, st, rc == SQLITE_ROW ? SQLITE_DONE : rc, d)) {
			r = STORE_FAILED;
		} else if (!code) {
			diag_add(d, "indicator", 0, _("aucun indicateur n° %lld dans ce plan"),
			         (long long)m->indicator->id);
			r = STORE_INVALID;
		} else if (computed) {
			diag_add(d, "indicator", 0, _("l'indicateur « %s » est calculé par jalon : il ne "
			                              "prend pas de mesure saisie"), code);
			r = STORE_INVALID;
		}
	}
	/* The measurement already on that date, if any. */
	char date[11];
	bool existed = false;
	const char *old_value = NULL, *old_comment = NULL, *old_source = NULL;
	if (r == STORE_OK && !(st = store_prepare(s,
		"SELECT value, comment, source FROM measurement"
		" WHERE indicator_id = ? AND measured_on = ?", d)))
		r = STORE_FAILED;
	if (r == STORE_OK) {
		sqlite3_bind_int64(st, 1, m->indicator->id);
		store_bind_date(st, 2, m->date, date);
		int rc = sqlite3_step(st);
		if ((existed = rc == SQLITE_ROW)) {
			old_value = store_change_number(a, sqlite3_column_double(st, 0));
			old_comment = store_column_text(a, st, 1);
			old_source = store_column_text(a, st, 2);
		}
		if (!read_finished(s, st, existed ? SQLITE_DONE : rc, d))
			r = STORE_FAILED;
	}
	char now[24];
	if (r == STORE_OK && (!now_text(s, now, d) ||
	                      !(st = store_prepare(s, measurement_upsert_sql, d))))
		r = STORE_FAILED;
	if (r == STORE_OK) {
		sqlite3_bind_int64(st, 1, m->indicator->id);
		store_bind_date(st, 2, m->date, date);
		sqlite3_bind_double(st, 3, m->value);
		store_bind_text(st, 4, m->comment);
		store_bind_text(st, 5, m->source);
		store_bind_text(st, 6, s->actor);
		sqlite3_bind_text(st, 7, now, -1, SQLITE_STATIC);
		if (!step_done(s, st, d, N_("enregistrement d'une mesure impossible")))
			r = STORE_FAILED;
		sqlite3_finalize(st);
	}
	int64_t id = 0, version = 0;
	if (r == STORE_OK && !(st = store_prepare(s,
		"SELECT id, version FROM measurement WHERE indicator_id = ? AND measured_on = ?", d)))
		r = STORE_FAILED;
	if (r == STORE_OK) {
		sqlite3_bind_int64(st, 1, m->indicator->id);
		store_bind_date(st, 2, m->date, date);
		int rc = sqlite3_step(st);
		if (rc == SQLITE_ROW) {
			id = sqlite3_column_int64(st, 0);
			version = sqlite3_column_int64(st, 1);
		}
		if (!read_finished(s, st, rc == SQLITE_ROW ? SQLITE_DONE : rc, d) || !id)
			r = STORE_FAILED;
	}
	if (r == STORE_OK) {
		bool journalled;
		if (!existed)
			journalled = store_change_record(s, p->id, NULL, "measurement", id, CHANGE_CREATE,
			                                 NULL, NULL,
			                                 measurement_summary(a, code, m->date, m->value), d);
		else
			journalled =
				store_change_field(s, p->id, NULL, "measurement", id, "value", old_value,
				                   store_change_number(a, m->value), d) &&
				store_change_field(s, p->id, NULL, "measurement", id, "comment", old_comment,
				                   m->comment, d) &&
				store_change_field(s, p->id, NULL, "measurement", id, "source", old_source,
				                   m->source, d);
		if (!journalled)
			r = STORE_FAILED;
	}
	r = finish(s, r, d);
	if (r == STORE_OK) {
		m->id = id;
		m->version = version;
	}
	arena_free(a);
	return r;
}

store_result store_measurement_delete(store *s, const plan *p, int64_t id,
                                      int64_t expected_version, diag_list *d)
{
	if (!store_begin(s, d))
		return STORE_FAILED;
	arena *a = arena_new();
	store_result r = STORE_OK;
	sqlite3_stmt *st = store_prepare(s,
		"SELECT m.version, i.code, m.measured_on, m.value FROM measurement m"
		" JOIN indicator i ON i.id = m.indicator_id WHERE m.id = ? AND i.plan_id = ?", d);
	int64_t version = 0;
	const char *summary = NULL;
	if (!st) {
		r = STORE_FAILED;
	} else {
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int64(st, 2, p->id);
		int rc = sqlite3_step(st);
		bool found = rc == SQLITE_ROW;
		if (found) {
			version = sqlite3_column_int64(st, 0);
			summary = measurement_summary(a, column_key(st, 1), store_column_date(st, 2),
			                              sqlite3_column_double(st, 3));
		}
		if (!read_finished(s, st, found ? SQLITE_DONE : rc, d)) {
			r = STORE_FAILED;
		} else if (!found) {
			diag_add(d, NULL, 0, _("aucune mesure n° %lld dans ce plan"), (long long)id);
			r = STORE_NOT_FOUND;
		} else if (expected_version && version != expected_version) {
			diag_add(d, NULL, 0, _("cette mesure a été modifiée entre-temps par quelqu'un "
			                       "d'autre ; rechargez-la pour voir ses nouvelles valeurs"));
			r = STORE_CONFLICT;
		}
	}
	if (r == STORE_OK && !(st = store_prepare(s,
		"DELETE FROM measurement WHERE id = ? AND version = ?", d)))
		r = STORE_FAILED;
	if (r == STORE_OK) {
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int64(st, 2, version);
		if (!step_done(s, st, d, N_("suppression impossible")))
			r = STORE_FAILED;
		else if (sqlite3_changes(s->sqlite) != 1) {
			diag_add(d, NULL, 0, _("cette mesure a été modifiée entre-temps par quelqu'un "
			                       "d'autre ; rechargez-la pour voir ses nouvelles valeurs"));
			r = STORE_CONFLICT;
		}
		sqlite3_finalize(st);
	}
	if (r == STORE_OK &&
	    !store_change_record(s, p->id, NULL, "measurement", id, CHANGE_DELETE, NULL, summary,
	                         NULL, d))
		r = STORE_FAILED;
	r = finish(s, r, d);
	arena_free(a);
	return r;
}

/* ---- one indicator's definition ----------------------------------------------------------- */

/* The targets as the journal writes them: "2026-12-31 : 60; 2027-12-31 : 80". */
static const char *targets_text(arena *a, const indicator *x)
{
	if (!x->target_count)
		return NULL;
	buf t = {0};
	for (size_t k = 0; k < x->target_count; k++) {
		char when[11];
		date_format_iso(x->targets[k].date, when);
		buf_printf(&t, "%s%s : %s", k ? "; " : "", when,
		           store_change_number(a, x->targets[k].value));
	}
	const char *out = arena_strdup(a, t.data);
	buf_free(&t);
	return out;
}

static const char *elements_text(arena *a, const indicator *x)
{
	if (!x->element_count)
		return NULL;
	buf t = {0};
	for (size_t k = 0; k < x->element_count; k++)
		buf_printf(&t, "%s%s", k ? ", " : "", x->elements[k]->code);
	const char *out = arena_strdup(a, t.data);
	buf_free(&t);
	return out;
}

static const char *baseline_text(arena *a, const indicator *x)
{
	if (!x->has_baseline)
		return NULL;
	char when[11];
	date_format_iso(x->baseline.date, when);
	return arena_printf(a, "%s : %s", when, store_change_number(a, x->baseline.value));
}

/* An indicator's fields as the journal writes them, in the order it records them. */
enum { JOURNAL_FIELD_COUNT = 14 };
static void journal_fields(arena *a, const indicator *x, const char *family,
                           const char *out[JOURNAL_FIELD_COUNT])
{
	out[0] = x->code;
	out[1] = x->name;
	out[2] = x->definition;
	out[3] = family;
	out[4] = x->unit;
	out[5] = indicator_direction_key(x->direction);
	out[6] = indicator_frequency_key(x->frequency);
	out[7] = x->source;
	out[8] = x->owner;
	out[9] = store_change_number(a, x->tolerance);
	out[10] = baseline_text(a, x);
	out[11] = targets_text(a, x);
	out[12] = elements_text(a, x);
	out[13] = indicator_formula_key(x->formula);
}

static const char *const journal_names[JOURNAL_FIELD_COUNT] = {
	"code", "name", "definition", "family", "unit", "direction", "frequency", "source",
	"owner", "tolerance", "baseline", "targets", "elements", "formula"};

store_result store_indicator_put(store *s, const plan *p, indicator *ind,
                                 int64_t expected_version, diag_list *d)
{
	size_t before = diag_total(d);
	indicator_check_one(p, ind, true, d);
	if (diag_total(d) != before)
		return STORE_INVALID;
	if (!store_begin(s, d))
		return STORE_FAILED;
	arena *a = arena_new();
	store_result r = STORE_OK;
	/* The stored indicator (an update), with its fields for the journal. */
	indicator *old = NULL;
	if (ind->id) {
		load_scope scope = {p, ind->id};
		indicator_data data;
		if (!load_scoped(s, a, &scope, MEASUREMENTS_NONE, &data, d)) {
			r = STORE_FAILED;
		} else if (data.indicator_count != 1) {
			diag_add(d, NULL, 0, _("aucun indicateur n° %lld dans ce plan"), (long long)ind->id);
			r = STORE_NOT_FOUND;
		} else {
			old = &data.indicators[0];
			if (expected_version && old->version != expected_version) {
				diag_add(d, NULL, 0, _("cet indicateur a été modifié entre-temps par quelqu'un "
				                       "d'autre ; rechargez-le pour voir sa nouvelle définition"));
				r = STORE_CONFLICT;
			}
		}
	}
	/* The family as the plan's list spells it. */
	const char *family = NULL;
	if (r == STORE_OK && ind->family && *ind->family) {
		const char **families = NULL;
		size_t family_count = 0;
		if (!families_load(s, a, p, &families, &family_count, d))
			r = STORE_FAILED;
		else if (!(family = family_of_list(a, families, family_count, ind, "family", d)))
			r = STORE_INVALID;
	}
	/* The code, unique in the plan. */
	sqlite3_stmt *st = NULL;
	if (r == STORE_OK && !(st = store_prepare(s,
		"SELECT count(*) FROM indicator WHERE plan_id = ? AND code = ? AND id IS NOT ?", d)))
		r = STORE_FAILED;
	if (r == STORE_OK) {
		sqlite3_bind_int64(st, 1, p->id);
		sqlite3_bind_text(st, 2, ind->code, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 3, ind->id);
		int rc = sqlite3_step(st);
		bool taken = rc == SQLITE_ROW && sqlite3_column_int64(st, 0) > 0;
		if (!read_finished(s, st, rc == SQLITE_ROW ? SQLITE_DONE : rc, d)) {
			r = STORE_FAILED;
		} else if (taken) {
			diag_add(d, "code", 0, _("le code « %s » est déjà celui d'un autre indicateur du "
			                         "plan"), ind->code);
			r = STORE_INVALID;
		}
	}
	bool ok = r == STORE_OK;
	int64_t position = ok && !old ? query_int64(s,
		"SELECT coalesce(max(position) + 1, 0) FROM indicator WHERE plan_id = ?", p->id, &ok, d)
		: 0;
	catalogue_statements c = {0};
	ok = ok && catalogue_prepare(s, &c, d);
	if (ok) {
		char baseline[11];
		st = old ? c.update : c.insert;
		definition_bind(st, ind, family, baseline);
		if (old) {
			sqlite3_bind_null(st, 13);
			sqlite3_bind_int64(st, 14, old->id);
		} else {
			sqlite3_bind_int64(st, 13, position);
			sqlite3_bind_text(st, 14, ind->code, -1, SQLITE_STATIC);
		}
		sqlite3_bind_int64(st, 15, p->id);
		ok = step_done(s, st, d, N_("enregistrement d'un indicateur impossible"));
	}
	int64_t id = old ? old->id : ok ? sqlite3_last_insert_rowid(s->sqlite) : 0;
	if (ok && old && strcmp(old->code, ind->code) != 0) {
		sqlite3_stmt *rename = store_prepare(s, "UPDATE indicator SET code = ? WHERE id = ?", d);
		ok = rename != NULL;
		if (ok) {
			sqlite3_bind_text(rename, 1, ind->code, -1, SQLITE_STATIC);
			sqlite3_bind_int64(rename, 2, id);
			ok = step_done(s, rename, d, N_("enregistrement d'un indicateur impossible"));
			sqlite3_finalize(rename);
		}
	}
	ok = ok && parts_write(s, p, &c, id, ind, old != NULL, d);
	catalogue_finalize(&c);
	if (ok && !old) {
		ok = store_change_record(s, p->id, NULL, "indicator", id, CHANGE_CREATE, NULL, NULL,
		                         arena_printf(a, "%s — %s", ind->code, ind->name), d);
	} else if (ok) {
		const char *was[JOURNAL_FIELD_COUNT], *now[JOURNAL_FIELD_COUNT];
		journal_fields(a, old, old->family, was);
		journal_fields(a, ind, family, now);
		for (size_t k = 0; ok && k < JOURNAL_FIELD_COUNT; k++)
			ok = store_change_field(s, p->id, NULL, "indicator", id, journal_names[k], was[k],
			                        now[k], d);
	}
	if (r == STORE_OK && !ok)
		r = STORE_FAILED;
	r = finish(s, r, d);
	if (r == STORE_OK) {
		ind->id = id;
		ind->version = old ? old->version + 1 : 1;
	}
	arena_free(a);
	return r;
}

store_result store_indicator_delete(store *s, const plan *p, int64_t id,
                                    int64_t expected_version, diag_list *d)
{
	if (!store_begin(s, d))
		return STORE_FAILED;
	arena *a = arena_new();
	store_result r = STORE_OK;
	sqlite3_stmt *st = store_prepare(s,
		"SELECT version, code, name, (SELECT count(*) FROM measurement m"
		" WHERE m.indicator_id = i.id) FROM indicator i WHERE id = ? AND plan_id = ?", d);
	int64_t version = 0;
	const char *summary = NULL;
	if (!st) {
		r = STORE_FAILED;
	} else {
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int64(st, 2, p->id);
		int rc = sqlite3_step(st);
		bool found = rc == SQLITE_ROW;
		if (found) {
			version = sqlite3_column_int64(st, 0);
			int64_t n = sqlite3_column_int64(st, 3);
			summary = arena_printf(a, "%s — %s", column_key(st, 1), column_key(st, 2));
			if (n)
				summary = arena_printf(a, "%s (%s)", summary,
				                       count_text(a, n, "mesure", "mesures"));
		}
		if (!read_finished(s, st, found ? SQLITE_DONE : rc, d)) {
			r = STORE_FAILED;
		} else if (!found) {
			diag_add(d, NULL, 0, _("aucun indicateur n° %lld dans ce plan"), (long long)id);
			r = STORE_NOT_FOUND;
		} else if (expected_version && version != expected_version) {
			diag_add(d, NULL, 0, _("cet indicateur a été modifié entre-temps par quelqu'un "
			                       "d'autre ; rechargez-le pour voir sa nouvelle définition"));
			r = STORE_CONFLICT;
		}
	}
	if (r == STORE_OK && !(st = store_prepare(s,
		"DELETE FROM indicator WHERE id = ? AND plan_id = ? AND version = ?", d)))
		r = STORE_FAILED;
	if (r == STORE_OK) {
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int64(st, 2, p->id);
		sqlite3_bind_int64(st, 3, version);
		if (!step_done(s, st, d, N_("suppression d'un indicateur impossible")))
			r = STORE_FAILED;
		else if (sqlite3_changes(s->sqlite) != 1) {
			diag_add(d, NULL, 0, _("cet indicateur a été modifié entre-temps par quelqu'un "
			                       "d'autre ; rechargez-le pour voir sa nouvelle définition"));
			r = STORE_CONFLICT;
		}
		sqlite3_finalize(st);
	}
	if (r == STORE_OK &&
	    !store_change_record(s, p->id, NULL, "indicator", id, CHANGE_DELETE, NULL, summary,
	                         NULL, d))
		r = STORE_FAILED;
	r = finish(s, r, d);
	arena_free(a);
	return r;
}

/* ---- computed indicators' recorded values ------------------------------------------ */

bool store_computed_values_load(store *s, arena *a, const plan *p, computed_value **out,
                                size_t *count, diag_list *d)
{
	*out = NULL;
	*count = 0;
	sqlite3_stmt *st = store_prepare(s,
		"SELECT v.indicator_id, v.period_end, v.value FROM computed_value v"
		" JOIN indicator i ON i.id = v.indicator_id"
		" WHERE i.plan_id = ? AND i.formula IS NOT NULL"
		" ORDER BY v.indicator_id, v.period_end", d);
	if (!st)
		return false;
	sqlite3_bind_int64(st, 1, p->id);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		jalon_date at = store_column_date(st, 1);
		if (!date_is_set(at))
			continue;
		*out = grow(a, *out, *count, sizeof(**out));
		(*out)[(*count)++] = (computed_value){sqlite3_column_int64(st, 0), at,
		                                      sqlite3_column_double(st, 2)};
	}
	return read_finished(s, st, rc, d);
}

bool store_computed_values_record(store *s, const computed_value *items, size_t count,
                                  diag_list *d)
{
	if (count == 0)
		return true;
	if (!store_begin(s, d))
		return false;
	char now[24] = "";
	bool ok = now_text(s, now, d);
	sqlite3_stmt *st = ok ? store_prepare(s,
		"INSERT OR IGNORE INTO computed_value (indicator_id, period_end, value, recorded_at)"
		" VALUES (?, ?, ?, ?)", d) : NULL;
	ok = ok && st;
	if (st)
		sqlite3_bind_text(st, 4, now, -1, SQLITE_STATIC);
	for (size_t i = 0; ok && i < count; i++) {
		char date[11];
		sqlite3_bind_int64(st, 1, items[i].indicator_id);
		store_bind_date(st, 2, items[i].period_end, date);
		sqlite3_bind_double(st, 3, items[i].value);
		ok = step_done(s, st, d, N_("enregistrement d'une valeur calculée impossible"));
	}
	sqlite3_finalize(st);
	return store_end(s, ok, d);
}

bool store_measurements_at(store *s, const indicator *items, size_t count, jalon_date day,
                           bool *found, indicator_point *out, diag_list *d)
{
	memset(found, 0, count * sizeof(*found));
	if (!count || !date_is_set(day))
		return true;
	sqlite3_stmt *st = store_prepare(s,
		"SELECT measured_on, value FROM measurement WHERE indicator_id = ?1"
		" AND measured_on <= ?2 ORDER BY measured_on DESC LIMIT 1", d);
	if (!st)
		return false;
	char iso[11];
	store_bind_date(st, 2, day, iso);
	int rc = SQLITE_DONE;
	for (size_t i = 0; i < count && rc != SQLITE_ERROR; i++) {
		if (!items[i].id || items[i].formula != FORMULA_NONE)
			continue;
		sqlite3_bind_int64(st, 1, items[i].id);
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW) {
			out[i] = (indicator_point){store_column_date(st, 0), sqlite3_column_double(st, 1)};
			found[i] = date_is_set(out[i].date);
			rc = SQLITE_DONE;
		} else if (rc != SQLITE_DONE) {
			rc = SQLITE_ERROR;
		}
		sqlite3_reset(st);
	}
	if (rc == SQLITE_ERROR)
		store_report(s, d, _("lecture des mesures impossible"));
	sqlite3_finalize(st);
	return rc != SQLITE_ERROR;
}
