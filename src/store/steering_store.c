/*
 * steering_store.c — steering data in SQLite: element statuses and weather history,
 * milestones, budget lines, risks, dependencies, and each plan's envelope, funding
 * sources and phases (schema: migration 2 in migrations.c).
 *
 * Loading follows plan_store.c: one query per table for the whole plan, rows joined
 * to the loaded plan's elements through an id index (store/id_index.h), so a
 * 10,000-element plan costs a handful of queries. Saving a batch (an import) is one
 * transaction with its statements prepared once. Each insert names its element by id
 * *and* plan (INSERT … SELECT … WHERE id = ? AND plan_id = ?), so a row can never land
 * in another plan, even from a stale plan in memory.
 *
 * Every write is journalled (change_log.h) in its own transaction: an import as one
 * row whatever its size, a status change as one row per changed field.
 */
#include "store/steering_store.h"

#include <stdlib.h>
#include <string.h>

#include "store/change_log.h"
#include "store/id_index.h"
#include "store/indicator_store.h"
#include "util/buf.h"
#include "util/i18n.h"
#include "util/text.h"

const char *const store_default_funding_sources[] = {
	"ressources propres", "État", "Région", "CPER", "FEDER", "France 2030", "ANR",
	"Caisse des Dépôts", "autre",
};
const size_t store_default_funding_source_count =
	sizeof(store_default_funding_sources) / sizeof(store_default_funding_sources[0]);

const char *const store_default_phases[] = {
	"besoin", "cahier des charges", "recette", "mise en production",
	"vérification de service régulier", "clos",
};
const size_t store_default_phase_count =
	sizeof(store_default_phases) / sizeof(store_default_phases[0]);

/* The same as migration 3's seed for the plans that existed before it. */
const char *const store_default_criteria[] = {
	"priorité", "impact", "complexité technique", "complexité de mise en œuvre", "coût",
	"valeur ajoutée",
};
const size_t store_default_criterion_count =
	sizeof(store_default_criteria) / sizeof(store_default_criteria[0]);

/* ---- small helpers ------------------------------------------------------------------ */

static const char *column_key(sqlite3_stmt *st, int i)
{
	const unsigned char *v = sqlite3_column_text(st, i);
	return v ? (const char *)v : "";
}

/* Make room for one more item in an arena array, doubling at powers of two. */
static void *grow(arena *a, void *items, size_t count, size_t size)
{
	if (count == 0 || (count & (count - 1)) == 0) {
		size_t cap = count ? count * 2 : 2;
		return arena_realloc(a, items, count * size, cap * size);
	}
	return items;
}

/* Prepare a per-plan query and bind the plan id as parameter 1. */
static sqlite3_stmt *plan_query(store *s, const plan *p, const char *sql, diag_list *d)
{
	sqlite3_stmt *st = store_prepare(s, sql, d);
	if (st)
		sqlite3_bind_int64(st, 1, p->id);
	return st;
}

/* Finish a read loop: SQLITE_DONE is success, anything else is reported. */
static bool read_finished(store *s, sqlite3_stmt *st, int rc, diag_list *d)
{
	return store_read_end(s, st, rc, d, _("lecture des données de pilotage impossible"));
}

/* ---- plan lists --------------------------------------------------------------------- */

static bool seed_list(store *s, const char *sql, int64_t plan_id, const char *const *names,
                      size_t count, diag_list *d)
{
	sqlite3_stmt *st = store_prepare(s, sql, d);
	if (!st)
		return false;
	bool ok = true;
	for (size_t i = 0; ok && i < count; i++) {
		sqlite3_bind_int64(st, 1, plan_id);
		sqlite3_bind_int64(st, 2, (int64_t)i);
		sqlite3_bind_text(st, 3, names[i], -1, SQLITE_STATIC);
		ok = store_step_done(s, st, d, _("enregistrement des listes du plan impossible"));
	}
	sqlite3_finalize(st);
	return ok;
}

bool store_plan_lists_seed(store *s, int64_t plan_id, diag_list *d)
{
	return seed_list(s, "INSERT INTO funding_source (plan_id, position, name) VALUES (?, ?, ?)",
	                 plan_id, store_default_funding_sources,
	                 store_default_funding_source_count, d) &&
	       seed_list(s, "INSERT INTO plan_phase (plan_id, position, name) VALUES (?, ?, ?)",
	                 plan_id, store_default_phases, store_default_phase_count, d) &&
	       seed_list(s,
	                 "INSERT INTO qualification_criterion (plan_id, position, name)"
	                 " VALUES (?, ?, ?)",
	                 plan_id, store_default_criteria, store_default_criterion_count, d) &&
	       store_indicator_families_seed(s, plan_id, d);
}

static bool load_names(store *s, arena *a, const plan *p, const char *sql, const char ***out,
                       size_t *count, diag_list *d)
{
	sqlite3_stmt *st = plan_query(s, p, sql, d);
	if (!st)
		return false;
	*out = NULL;
	*count = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*out = grow(a, (void *)*out, *count, sizeof(**out));
		(*out)[(*count)++] = store_column_text(a, st, 0);
	}
	return read_finished(s, st, rc, d);
}

bool store_funding_sources_load(store *s, arena *a, const plan *p, const char ***out,
                                size_t *count, diag_list *d)
{
	return load_names(s, a, p,
	                  "SELECT name FROM funding_source WHERE plan_id = ? ORDER BY position",
	                  out, count, d);
}

/* ---- load --------------------------------------------------------------------------- */

static bool load_envelope(store *s, const plan *p, steering_data *out, diag_list *d)
{
	sqlite3_stmt *st = plan_query(s, p, "SELECT envelope_cents FROM plan WHERE id = ?", d);
	if (!st)
		return false;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->has_envelope = sqlite3_column_type(st, 0) != SQLITE_NULL;
		out->envelope_cents = sqlite3_column_int64(st, 0);
		rc = SQLITE_DONE;
	}
	return read_finished(s, st, rc, d);
}

static bool load_statuses(store *s, arena *a, const plan *p, const store_id_index *ix,
                          steering_data *out, diag_list *d)
{
	sqlite3_stmt *st = plan_query(s, p,
		"SELECT x.element_id, x.progress_pct, x.weather, x.phase FROM element_status x"
		" JOIN element e ON e.id = x.element_id WHERE e.plan_id = ?"
		" ORDER BY e.position, e.id", d);
	if (!st)
		return false;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const plan_element *e = store_id_index_get(ix, sqlite3_column_int64(st, 0));
		if (!e)
			continue;
		out->statuses = grow(a, out->statuses, out->status_count, sizeof(*out->statuses));
		element_status *x = &out->statuses[out->status_count++];
		x->element = e;
		x->has_progress = sqlite3_column_type(st, 1) != SQLITE_NULL;
		x->progress_pct = sqlite3_column_int(st, 1);
		if (sqlite3_column_type(st, 2) == SQLITE_NULL || !weather_parse(column_key(st, 2), &x->weather))
			x->weather = WEATHER_UNSET;
		x->phase = store_column_text(a, st, 3);
	}
	return read_finished(s, st, rc, d);
}

static bool load_weather_reports(store *s, arena *a, const plan *p, const store_id_index *ix,
                                 steering_data *out, diag_list *d)
{
	sqlite3_stmt *st = plan_query(s, p,
		"SELECT x.id, x.element_id, x.weather, x.reported_on, x.comment FROM weather_report x"
		" JOIN element e ON e.id = x.element_id WHERE e.plan_id = ?"
		" ORDER BY e.position, e.id, x.reported_on, x.id", d);
	if (!st)
		return false;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const plan_element *e = store_id_index_get(ix, sqlite3_column_int64(st, 1));
		if (!e)
			continue;
		out->weather_reports = grow(a, out->weather_reports, out->weather_report_count,
		                            sizeof(*out->weather_reports));
		weather_report *w = &out->weather_reports[out->weather_report_count++];
		w->id = sqlite3_column_int64(st, 0);
		w->element = e;
		if (!weather_parse(column_key(st, 2), &w->weather))
			w->weather = WEATHER_UNSET;
		w->reported_on = store_column_date(st, 3);
		w->comment = store_column_text(a, st, 4);
	}
	return read_finished(s, st, rc, d);
}

static bool load_milestones(store *s, arena *a, const plan *p, const store_id_index *ix,
                            steering_data *out, diag_list *d)
{
	sqlite3_stmt *st = plan_query(s, p,
		"SELECT x.id, x.element_id, x.title, x.planned_on, x.forecast_on, x.actual_on,"
		" x.status, x.deliverable, x.validated_by, x.validated_on, x.minutes_ref, x.version"
		" FROM milestone x JOIN element e ON e.id = x.element_id WHERE e.plan_id = ?"
		" ORDER BY e.position, e.id, x.position, x.id", d);
	if (!st)
		return false;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const plan_element *e = store_id_index_get(ix, sqlite3_column_int64(st, 1));
		if (!e)
			continue;
		out->milestones = grow(a, out->milestones, out->milestone_count,
		                       sizeof(*out->milestones));
		milestone *m = &out->milestones[out->milestone_count++];
		m->id = sqlite3_column_int64(st, 0);
		m->element = e;
		m->title = store_column_text(a, st, 2);
		m->planned = store_column_date(st, 3);
		m->forecast = store_column_date(st, 4);
		m->actual = store_column_date(st, 5);
		if (!milestone_status_parse(column_key(st, 6), &m->status))
			m->status = MILESTONE_PLANNED;
		m->deliverable = store_column_text(a, st, 7);
		m->validated_by = store_column_text(a, st, 8);
		m->validated_on = store_column_date(st, 9);
		m->minutes_ref = store_column_text(a, st, 10);
		m->version = sqlite3_column_int64(st, 11);
	}
	return read_finished(s, st, rc, d);
}

static bool load_budget_lines(store *s, arena *a, const plan *p, const store_id_index *ix,
                              steering_data *out, diag_list *d)
{
	sqlite3_stmt *st = plan_query(s, p,
		"SELECT x.id, x.element_id, x.year, x.nature, x.source, x.planned_cents,"
		" x.committed_cents, x.paid_cents, x.version"
		" FROM budget_line x JOIN element e ON e.id = x.element_id WHERE e.plan_id = ?"
		" ORDER BY e.position, e.id, x.id", d);
	if (!st)
		return false;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const plan_element *e = store_id_index_get(ix, sqlite3_column_int64(st, 1));
		if (!e)
			continue;
		out->lines = grow(a, out->lines, out->line_count, sizeof(*out->lines));
		budget_line *l = &out->lines[out->line_count++];
		l->id = sqlite3_column_int64(st, 0);
		l->element = e;
		l->year = sqlite3_column_int(st, 2);
		if (!budget_nature_parse(column_key(st, 3), &l->nature))
			l->nature = NATURE_OPERATING;
		l->source = store_column_text(a, st, 4);
		l->planned_cents = sqlite3_column_int64(st, 5);
		l->committed_cents = sqlite3_column_int64(st, 6);
		l->paid_cents = sqlite3_column_int64(st, 7);
		l->version = sqlite3_column_int64(st, 8);
	}
	return read_finished(s, st, rc, d);
}

static bool load_risks(store *s, arena *a, const plan *p, const store_id_index *ix,
                       steering_data *out, diag_list *d)
{
	sqlite3_stmt *st = plan_query(s, p,
		"SELECT x.id, x.element_id, x.description, x.probability, x.impact, x.mitigation,"
		" x.owner, x.status, x.version"
		" FROM risk x JOIN element e ON e.id = x.element_id WHERE e.plan_id = ?"
		" ORDER BY e.position, e.id, x.id", d);
	if (!st)
		return false;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const plan_element *e = store_id_index_get(ix, sqlite3_column_int64(st, 1));
		if (!e)
			continue;
		out->risks = grow(a, out->risks, out->risk_count, sizeof(*out->risks));
		element_risk *r = &out->risks[out->risk_count++];
		r->id = sqlite3_column_int64(st, 0);
		r->element = e;
		r->description = store_column_text(a, st, 2);
		r->probability = sqlite3_column_int(st, 3);
		r->impact = sqlite3_column_int(st, 4);
		r->mitigation = store_column_text(a, st, 5);
		r->owner = store_column_text(a, st, 6);
		if (!risk_status_parse(column_key(st, 7), &r->status))
			r->status = RISK_OPEN;
		r->version = sqlite3_column_int64(st, 8);
	}
	return read_finished(s, st, rc, d);
}

static bool load_dependencies(store *s, arena *a, const plan *p, const store_id_index *ix,
                              steering_data *out, diag_list *d)
{
	sqlite3_stmt *st = plan_query(s, p,
		"SELECT x.from_element_id, x.to_element_id FROM element_dependency x"
		" JOIN element e ON e.id = x.from_element_id WHERE e.plan_id = ?"
		" ORDER BY e.position, e.id, x.to_element_id", d);
	if (!st)
		return false;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const plan_element *from = store_id_index_get(ix, sqlite3_column_int64(st, 0));
		const plan_element *to = store_id_index_get(ix, sqlite3_column_int64(st, 1));
		if (!from || !to)
			continue;
		out->dependencies = grow(a, out->dependencies, out->dependency_count,
		                         sizeof(*out->dependencies));
		out->dependencies[out->dependency_count++] = (element_dependency){from, to};
	}
	return read_finished(s, st, rc, d);
}

/* Loaded milestones by database id: (id, milestone) pairs sorted by id, searched by
 * bisection. */
typedef struct {
	int64_t id;
	const milestone *m;
} milestone_key;

static int milestone_key_compare(const void *pa, const void *pb)
{
	int64_t a = ((const milestone_key *)pa)->id, b = ((const milestone_key *)pb)->id;
	return (a > b) - (a < b);
}

static milestone_key *milestone_index_build(arena *a, const steering_data *out)
{
	milestone_key *keys = arena_alloc(a, (out->milestone_count + 1) * sizeof(*keys));
	for (size_t i = 0; i < out->milestone_count; i++)
		keys[i] = (milestone_key){out->milestones[i].id, &out->milestones[i]};
	qsort(keys, out->milestone_count, sizeof(*keys), milestone_key_compare);
	return keys;
}

static const milestone *milestone_index_get(const milestone_key *keys, size_t count,
                                            int64_t id)
{
	milestone_key want = {id, NULL};
	const milestone_key *k = bsearch(&want, keys, count, sizeof(*keys), milestone_key_compare);
	return k ? k->m : NULL;
}

/* After load_milestones: the array no longer moves, pointers into it are final. */
static bool load_milestone_dependencies(store *s, arena *a, const plan *p,
                                        steering_data *out, diag_list *d)
{
	const milestone_key *ix = NULL; /* built at the first row: most plans have none */
	size_t n = out->milestone_count;
	sqlite3_stmt *st = plan_query(s, p,
		"SELECT x.from_milestone_id, x.to_milestone_id FROM milestone_dependency x"
		" JOIN milestone m ON m.id = x.from_milestone_id"
		" JOIN element e ON e.id = m.element_id WHERE e.plan_id = ?"
		" ORDER BY e.position, e.id, m.position, m.id, x.to_milestone_id", d);
	if (!st)
		return false;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (!ix)
			ix = milestone_index_build(a, out);
		const milestone *from = milestone_index_get(ix, n, sqlite3_column_int64(st, 0));
		const milestone *to = milestone_index_get(ix, n, sqlite3_column_int64(st, 1));
		if (!from || !to)
			continue;
		out->milestone_dependencies = grow(a, out->milestone_dependencies,
		                                   out->milestone_dependency_count,
		                                   sizeof(*out->milestone_dependencies));
		out->milestone_dependencies[out->milestone_dependency_count++] =
			(milestone_dependency){from, to};
	}
	return read_finished(s, st, rc, d);
}

/* Scores by element order, then by the criterion's place in the plan's list (a
 * criterion no longer in the list, which store/ never leaves behind, comes last). */
static bool load_scores(store *s, arena *a, const plan *p, const store_id_index *ix,
                        steering_data *out, diag_list *d)
{
	sqlite3_stmt *st = plan_query(s, p,
		"SELECT x.element_id, x.criterion, x.score FROM element_score x"
		" JOIN element e ON e.id = x.element_id"
		" LEFT JOIN qualification_criterion c ON c.plan_id = e.plan_id"
		"   AND c.name = x.criterion"
		" WHERE e.plan_id = ?"
		" ORDER BY e.position, e.id, c.position IS NULL, c.position, x.criterion", d);
	if (!st)
		return false;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const plan_element *e = store_id_index_get(ix, sqlite3_column_int64(st, 0));
		if (!e)
			continue;
		out->scores = grow(a, out->scores, out->score_count, sizeof(*out->scores));
		out->scores[out->score_count++] = (element_score){
			.element = e,
			.criterion = store_column_text(a, st, 1),
			.score = sqlite3_column_int(st, 2),
		};
	}
	return read_finished(s, st, rc, d);
}

static bool load_qualifications(store *s, arena *a, const plan *p, const store_id_index *ix,
                                steering_data *out, diag_list *d)
{
	sqlite3_stmt *st = plan_query(s, p,
		"SELECT x.element_id, x.nature, x.project_type, x.version"
		" FROM element_qualification x JOIN element e ON e.id = x.element_id"
		" WHERE e.plan_id = ? ORDER BY e.position, e.id", d);
	if (!st)
		return false;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const plan_element *e = store_id_index_get(ix, sqlite3_column_int64(st, 0));
		if (!e)
			continue;
		out->qualifications = grow(a, out->qualifications, out->qualification_count,
		                           sizeof(*out->qualifications));
		element_qualification *q = &out->qualifications[out->qualification_count++];
		q->element = e;
		if (sqlite3_column_type(st, 1) == SQLITE_NULL ||
		    !priority_nature_parse(column_key(st, 1), &q->nature))
			q->nature = PRIORITY_NATURE_UNSET;
		if (sqlite3_column_type(st, 2) == SQLITE_NULL ||
		    !project_type_parse(column_key(st, 2), &q->type))
			q->type = PROJECT_TYPE_UNSET;
		q->version = sqlite3_column_int64(st, 3);
	}
	return read_finished(s, st, rc, d);
}

bool store_steering_load_parts(store *s, arena *a, const plan *p, unsigned parts,
                               steering_data *out, diag_list *d)
{
	memset(out, 0, sizeof(*out));
	store_id_index ix;
	store_id_index_build(a, &ix, p);
	return load_envelope(s, p, out, d) &&
	       store_funding_sources_load(s, a, p, &out->funding_sources,
	                                  &out->funding_source_count, d) &&
	       load_names(s, a, p, "SELECT name FROM plan_phase WHERE plan_id = ? ORDER BY position",
	                  &out->phases, &out->phase_count, d) &&
	       load_statuses(s, a, p, &ix, out, d) &&
	       (!(parts & STEERING_HISTORY) || load_weather_reports(s, a, p, &ix, out, d)) &&
	       load_milestones(s, a, p, &ix, out, d) && load_budget_lines(s, a, p, &ix, out, d) &&
	       load_risks(s, a, p, &ix, out, d) && load_dependencies(s, a, p, &ix, out, d) &&
	       load_milestone_dependencies(s, a, p, out, d) &&
	       load_names(s, a, p,
	                  "SELECT name FROM qualification_criterion WHERE plan_id = ?"
	                  " ORDER BY position",
	                  &out->criteria, &out->criterion_count, d) &&
	       (!(parts & STEERING_SCORES) ||
	        (load_scores(s, a, p, &ix, out, d) && load_qualifications(s, a, p, &ix, out, d)));
}

bool store_steering_load(store *s, arena *a, const plan *p, steering_data *out, diag_list *d)
{
	return store_steering_load_parts(s, a, p, STEERING_EVERYTHING, out, d);
}

/* ---- batch saves -------------------------------------------------------------------- */

/* The INSERT … SELECT matched no element of this plan: the plan in memory is stale. */
static bool inserted_one(store *s, const plan_element *e, diag_list *d)
{
	if (sqlite3_changes(s->sqlite) == 1)
		return true;
	diag_add(d, NULL, 0, _("l'élément « %s » n'est plus dans le plan ; rechargez-le et "
	                       "recommencez"), e->code);
	return false;
}

static bool element_usable(const plan_element *e, int line, diag_list *d)
{
	if (e && e->id)
		return true;
	diag_add(d, NULL, line, _("ligne sans élément enregistré du plan"));
	return false;
}

/* Checks the database also makes, reported here in words a user can act on. */
static bool budget_lines_check(const budget_line *lines, size_t count, diag_list *d)
{
	bool ok = true;
	for (size_t i = 0; i < count; i++) {
		const budget_line *l = &lines[i];
		if (!element_usable(l->element, l->source_line, d)) {
			ok = false;
			continue;
		}
		if (l->year < 1000 || l->year > 9999) {
			diag_add(d, NULL, l->source_line, _("« %s » : année invalide %d"), l->element->code,
			         l->year);
			ok = false;
		}
		if ((unsigned)l->nature >= NATURE_COUNT || !l->source || !*l->source) {
			diag_add(d, NULL, l->source_line, _("« %s » : nature ou source manquante"),
			         l->element->code);
			ok = false;
		}
		if (l->planned_cents < 0 || l->committed_cents < 0 || l->paid_cents < 0) {
			diag_add(d, NULL, l->source_line, _("« %s » : montant négatif"), l->element->code);
			ok = false;
		}
	}
	return ok;
}

/* End a transaction begun by the caller: commit when everything went well. */
/* Delete the plan's rows of one table; *deleted says how many went. */
static bool delete_plan_rows(store *s, const plan *p, const char *sql, int64_t *deleted,
                             diag_list *d)
{
	sqlite3_stmt *st = plan_query(s, p, sql, d);
	if (!st)
		return false;
	bool ok = store_step_done(s, st, d, _("suppression des lignes existantes impossible"));
	*deleted = ok ? sqlite3_changes(s->sqlite) : 0;
	sqlite3_finalize(st);
	return ok;
}

/* "1 jalon", "3 jalons": journal values are French data (change_log.h), 0 and 1 in
 * the singular as French says. */
static void count_text(char *out, size_t size, int64_t n, const char *one, const char *many)
{
	snprintf(out, size, "%lld %s", (long long)n, n > 1 ? many : one);
}

/* One journal row for a whole import: how many rows came in and, with --replace, how
 * many went. Nothing when nothing changed. */
static bool journal_import(store *s, const plan *p, const char *entity, size_t count,
                           int64_t replaced, const char *const words[4], diag_list *d)
{
	if (count == 0 && replaced == 0)
		return true;
	char imported[96], removed[96];
	count_text(imported, sizeof(imported), (int64_t)count, words[0], words[1]);
	count_text(removed, sizeof(removed), replaced, words[2], words[3]);
	return store_change_record(s, p->id, NULL, entity, 0, CHANGE_IMPORT, NULL,
	                           replaced ? removed : NULL, imported, d);
}

bool store_budget_lines_save(store *s, const plan *p, const budget_line *lines, size_t count,
                             bool replace, diag_list *d)
{
	if (!budget_lines_check(lines, count, d) || !store_begin(s, d))
		return false;
	int64_t replaced = 0;
	bool ok = !replace || delete_plan_rows(s, p,
		"DELETE FROM budget_line WHERE element_id IN (SELECT id FROM element WHERE plan_id = ?)",
		&replaced, d);
	sqlite3_stmt *st = ok ? store_prepare(s,
		"INSERT INTO budget_line (element_id, year, nature, source, planned_cents,"
		" committed_cents, paid_cents)"
		" SELECT id, ?, ?, ?, ?, ?, ? FROM element WHERE id = ? AND plan_id = ?", d) : NULL;
	ok = st != NULL;
	for (size_t i = 0; ok && i < count; i++) {
		const budget_line *l = &lines[i];
		sqlite3_bind_int(st, 1, l->year);
		sqlite3_bind_text(st, 2, budget_nature_key(l->nature), -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, l->source, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 4, l->planned_cents);
		sqlite3_bind_int64(st, 5, l->committed_cents);
		sqlite3_bind_int64(st, 6, l->paid_cents);
		sqlite3_bind_int64(st, 7, l->element->id);
		sqlite3_bind_int64(st, 8, p->id);
		ok = store_step_done(s, st, d, _("enregistrement d'une ligne budgétaire impossible")) &&
		     inserted_one(s, l->element, d);
	}
	sqlite3_finalize(st);
	static const char *const words[4] = {"ligne budgétaire", "lignes budgétaires",
	                                     "ligne remplacée", "lignes remplacées"};
	ok = ok && journal_import(s, p, "budget_line", count, replaced, words, d);
	return store_end(s, ok, d);
}

static bool milestones_check(const milestone *milestones, size_t count, diag_list *d)
{
	bool ok = true;
	for (size_t i = 0; i < count; i++) {
		const milestone *m = &milestones[i];
		if (!element_usable(m->element, m->source_line, d)) {
			ok = false;
			continue;
		}
		if (!m->title || !*m->title || !date_is_set(m->planned)) {
			diag_add(d, NULL, m->source_line, _("« %s » : jalon sans intitulé ou sans date prévue"),
			         m->element->code);
			ok = false;
		}
		if ((unsigned)m->status >= MILESTONE_STATUS_COUNT) {
			diag_add(d, NULL, m->source_line, _("« %s » : statut de jalon invalide"),
			         m->element->code);
			ok = false;
		} else if (m->status == MILESTONE_DONE && !date_is_set(m->actual)) {
			diag_add(d, NULL, m->source_line, _("« %s » : jalon atteint sans date réelle"),
			         m->element->code);
			ok = false;
		}
	}
	return ok;
}

bool store_milestones_save(store *s, const plan *p, const milestone *milestones, size_t count,
                           bool replace, diag_list *d)
{
	if (!milestones_check(milestones, count, d) || !store_begin(s, d))
		return false;
	int64_t replaced = 0;
	bool ok = !replace || delete_plan_rows(s, p,
		"DELETE FROM milestone WHERE element_id IN (SELECT id FROM element WHERE plan_id = ?)",
		&replaced, d);
	/* Appended milestones go after the element's last one. */
	sqlite3_stmt *st = ok ? store_prepare(s,
		"INSERT INTO milestone (element_id, position, title, planned_on, forecast_on,"
		" actual_on, status, deliverable, validated_by, validated_on, minutes_ref)"
		" SELECT e.id, (SELECT coalesce(max(m.position), -1) + 1 FROM milestone m"
		"   WHERE m.element_id = e.id), ?, ?, ?, ?, ?, ?, ?, ?, ?"
		" FROM element e WHERE e.id = ? AND e.plan_id = ?", d) : NULL;
	ok = st != NULL;
	for (size_t i = 0; ok && i < count; i++) {
		const milestone *m = &milestones[i];
		char planned[11], forecast[11], actual[11], validated[11];
		sqlite3_bind_text(st, 1, m->title, -1, SQLITE_STATIC);
		store_bind_date(st, 2, m->planned, planned);
		store_bind_date(st, 3, m->forecast, forecast);
		store_bind_date(st, 4, m->actual, actual);
		sqlite3_bind_text(st, 5, milestone_status_key(m->status), -1, SQLITE_STATIC);
		store_bind_text(st, 6, m->deliverable);
		store_bind_text(st, 7, m->validated_by);
		store_bind_date(st, 8, m->validated_on, validated);
		store_bind_text(st, 9, m->minutes_ref);
		sqlite3_bind_int64(st, 10, m->element->id);
		sqlite3_bind_int64(st, 11, p->id);
		ok = store_step_done(s, st, d, _("enregistrement d'un jalon impossible")) &&
		     inserted_one(s, m->element, d);
	}
	sqlite3_finalize(st);
	static const char *const words[4] = {"jalon", "jalons", "jalon remplacé",
	                                     "jalons remplacés"};
	ok = ok && journal_import(s, p, "milestone", count, replaced, words, d);
	return store_end(s, ok, d);
}

/* ---- one element's status ----------------------------------------------------------- */

/* The phase as spelled in the plan's list, or NULL with an error naming the list. */
static const char *phase_of_list(store *s, arena *a, const plan *p, const char *phase,
                                 diag_list *d)
{
	const char **phases;
	size_t count;
	if (!load_names(s, a, p, "SELECT name FROM plan_phase WHERE plan_id = ? ORDER BY position",
	                &phases, &count, d))
		return NULL;
	const char *want = text_match_key(a, phase);
	for (size_t i = 0; i < count; i++)
		if (strcmp(text_match_key(a, phases[i]), want) == 0)
			return phases[i];
	buf list = {0};
	for (size_t i = 0; i < count; i++)
		buf_printf(&list, "%s%s", i ? ", " : "", phases[i]);
	diag_add(d, "phase", 0, _("phase inconnue « %s » (phases du plan : %s)"), phase,
	         list.data ? list.data : "");
	buf_free(&list);
	return NULL;
}

/* The element's status as stored, as journal text (NULL: none; weather "" when none). */
typedef struct {
	const char *progress, *weather, *phase;
} stored_status;

static bool previous_status(store *s, arena *a, int64_t element_id, stored_status *out,
                            diag_list *d)
{
	sqlite3_stmt *st = store_prepare(s,
		"SELECT progress_pct, weather, phase FROM element_status WHERE element_id = ?", d);
	if (!st)
		return false;
	sqlite3_bind_int64(st, 1, element_id);
	int rc = sqlite3_step(st);
	*out = (stored_status){NULL, "", NULL};
	if (rc == SQLITE_ROW) {
		if (sqlite3_column_type(st, 0) != SQLITE_NULL)
			out->progress = store_change_int(a, sqlite3_column_int64(st, 0));
		out->weather = arena_strdup(a, column_key(st, 1));
		out->phase = store_column_text(a, st, 2);
	}
	return read_finished(s, st, rc == SQLITE_ROW ? SQLITE_DONE : rc, d);
}

static bool status_write(store *s, const element_status *x, const char *phase,
                         jalon_date reported_on, const char *comment, bool report,
                         diag_list *d)
{
	sqlite3_stmt *st = store_prepare(s,
		"INSERT INTO element_status (element_id, progress_pct, weather, phase)"
		" VALUES (?, ?, ?, ?) ON CONFLICT (element_id) DO UPDATE SET"
		" progress_pct = excluded.progress_pct, weather = excluded.weather,"
		" phase = excluded.phase, version = element_status.version + 1", d);
	if (!st)
		return false;
	const char *key = x->weather != WEATHER_UNSET ? weather_key(x->weather) : NULL;
	sqlite3_bind_int64(st, 1, x->element->id);
	if (x->has_progress)
		sqlite3_bind_int(st, 2, x->progress_pct);
	store_bind_text(st, 3, key);
	store_bind_text(st, 4, phase);
	bool ok = store_step_done(s, st, d, _("enregistrement de l'état de l'élément impossible"));
	sqlite3_finalize(st);
	if (!ok || !report)
		return ok;
	st = store_prepare(s,
		"INSERT INTO weather_report (element_id, weather, reported_on, comment)"
		" VALUES (?, ?, coalesce(?, CURRENT_DATE), ?)", d);
	if (!st)
		return false;
	char date[11];
	sqlite3_bind_int64(st, 1, x->element->id);
	sqlite3_bind_text(st, 2, key, -1, SQLITE_STATIC);
	store_bind_date(st, 3, reported_on, date);
	store_bind_text(st, 4, comment);
	ok = store_step_done(s, st, d, _("enregistrement de la météo impossible"));
	sqlite3_finalize(st);
	return ok;
}

/* One journal row per changed field, and the comment when one was reported. */
static bool status_journal(store *s, arena *a, const plan *p, const element_status *x,
                           const stored_status *before, const char *phase,
                           const char *comment, bool report, diag_list *d)
{
	const plan_element *e = x->element;
	const char *progress = x->has_progress ? store_change_int(a, x->progress_pct) : NULL;
	const char *sky = x->weather != WEATHER_UNSET ? weather_key(x->weather) : NULL;
	return store_change_field(s, p->id, e, "status", e->id, "progress", before->progress,
	                          progress, d) &&
	       store_change_field(s, p->id, e, "status", e->id, "weather", before->weather,
	                          sky, d) &&
	       store_change_field(s, p->id, e, "status", e->id, "phase", before->phase, phase, d) &&
	       (!report || !comment || !*comment ||
	        store_change_record(s, p->id, e, "status", e->id, CHANGE_UPDATE, "comment", NULL,
	                            comment, d));
}

/* The checks of an element's status that need no database. */
static bool status_check(const plan *p, const element_status *x, const char *comment,
                         diag_list *d)
{
	if (!x->element || !plan_find_id(p, x->element->id)) {
		diag_add(d, NULL, 0, _("cet élément n'appartient pas au plan « %s »"), p->slug);
		return false;
	}
	if (x->has_progress && (x->progress_pct < 0 || x->progress_pct > 100)) {
		diag_add(d, "progress", 0, _("avancement invalide %d %% (de 0 à 100)"), x->progress_pct);
		return false;
	}
	if ((unsigned)x->weather >= WEATHER_COUNT) {
		diag_add(d, "weather", 0, _("météo invalide"));
		return false;
	}
	if (comment && *comment && x->weather == WEATHER_UNSET) {
		/* The comment is dated in the weather's history: without a weather it would be
		 * dropped, so it is refused. */
		diag_add(d, "comment", 0, _("un commentaire de météo demande une météo"));
		return false;
	}
	return true;
}

/* Write and journal the status, inside the caller's transaction; phase already checked
 * against the plan's list (NULL: none). */
static bool status_apply(store *s, arena *a, const plan *p, const element_status *x,
                         const char *phase, jalon_date reported_on, const char *comment,
                         diag_list *d)
{
	stored_status before;
	if (!previous_status(s, a, x->element->id, &before, d))
		return false;
	/* A new weather is history; so is the same weather with a dated comment. */
	bool report = x->weather != WEATHER_UNSET &&
	              (strcmp(before.weather, weather_key(x->weather)) != 0 ||
	               (comment && *comment));
	return status_write(s, x, phase, reported_on, comment, report, d) &&
	       status_journal(s, a, p, x, &before, phase, comment, report, d);
}

/* Check, find the phase in the plan's list, then apply: inside a transaction of its own
 * (begun and ended here) or inside the caller's (left open). */
static bool status_set(store *s, const plan *p, const element_status *x,
                       jalon_date reported_on, const char *comment, bool own_transaction,
                       diag_list *d)
{
	if (!status_check(p, x, comment, d))
		return false;
	arena *a = arena_new();
	const char *phase = NULL;
	bool ok = true;
	if (x->phase && *x->phase)
		ok = (phase = phase_of_list(s, a, p, x->phase, d)) != NULL;
	if (own_transaction) {
		ok = ok && store_begin(s, d);
		if (ok)
			ok = store_end(s, status_apply(s, a, p, x, phase, reported_on, comment, d), d);
	} else {
		ok = ok && status_apply(s, a, p, x, phase, reported_on, comment, d);
	}
	arena_free(a);
	return ok;
}

bool store_element_status_set(store *s, const plan *p, const element_status *x,
                              jalon_date reported_on, const char *comment, diag_list *d)
{
	return status_set(s, p, x, reported_on, comment, true, d);
}

bool store_element_status_set_in_transaction(store *s, const plan *p, const element_status *x,
                                             jalon_date reported_on, const char *comment,
                                             diag_list *d)
{
	return status_set(s, p, x, reported_on, comment, false, d);
}

bool store_plan_envelope_set(store *s, const plan *p, bool has, int64_t cents, diag_list *d)
{
	if (has && cents < 0) {
		diag_add(d, "envelope", 0, _("l'enveloppe du plan ne peut pas être négative"));
		return false;
	}
	if (!store_begin(s, d))
		return false;
	arena *a = arena_new();
	const char *before = NULL;
	sqlite3_stmt *st = plan_query(s, p, "SELECT envelope_cents FROM plan WHERE id = ?", d);
	bool ok = st != NULL;
	if (ok) {
		int rc = sqlite3_step(st);
		if (rc == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
			before = store_change_int(a, sqlite3_column_int64(st, 0));
		ok = read_finished(s, st, rc == SQLITE_ROW ? SQLITE_DONE : rc, d);
	}
	st = ok ? store_prepare(s, "UPDATE plan SET envelope_cents = ? WHERE id = ?", d) : NULL;
	ok = st != NULL;
	if (ok) {
		if (has)
			sqlite3_bind_int64(st, 1, cents);
		sqlite3_bind_int64(st, 2, p->id);
		ok = store_step_done(s, st, d, _("mise à jour du plan impossible"));
		sqlite3_finalize(st);
	}
	ok = ok && store_change_field(s, p->id, NULL, "plan", p->id, "envelope", before,
	                              has ? store_change_int(a, cents) : NULL, d);
	ok = store_end(s, ok, d);
	arena_free(a);
	return ok;
}
