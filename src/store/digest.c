/*
 * digest.c — "since the last meeting" (digest.h): what changed in a set of branches
 * between two days, read from the plan's own records.
 *
 * A handful of queries whatever the plan's size. The journal rows of the plan's
 * milestones, budget lines and risks from the window's first day on (index
 * change_log_plan) come sorted by record, field and time, so that each record's values
 * at both ends of the window are read off its rows: the first row of a field from the
 * window on says, by its old value, what the field was when the window opened; the
 * first row after the window says what it was when the window closed; without such a
 * row the value is the record's current one. The records those rows name are loaded
 * in one query per table. Weather reports, measurements and action items carry their
 * own dates and are read over the window directly.
 *
 * Records deleted since (a milestone, a risk) are left out, but for budget lines,
 * whose creation and deletion are themselves entries (their summary is in the
 * journal).
 */
#include "store/digest.h"

#include <stdlib.h>
#include <string.h>

#include "core/indicator.h"
#include "core/steering.h"
#include "store/change_log.h"
#include "store/id_index.h"
#include "store/indicator_store.h"
#include "util/i18n.h"

/* ---- kinds ----------------------------------------------------------------------------- */

static const char *const kind_keys[DIGEST_KIND_COUNT] = {
	[DIGEST_WEATHER] = "weather",
	[DIGEST_MILESTONE_REACHED] = "milestone_reached",
	[DIGEST_MILESTONE_SLIPPED] = "milestone_slipped",
	[DIGEST_BUDGET] = "budget",
	[DIGEST_RISK_NEW] = "risk_new",
	[DIGEST_RISK_WORSENED] = "risk_worsened",
	[DIGEST_INDICATOR_UPDATED] = "indicator_updated",
	[DIGEST_INDICATOR_OFF_TRACK] = "indicator_off_track",
	[DIGEST_ACTION_CLOSED] = "action_closed",
	[DIGEST_ACTION_OVERDUE] = "action_overdue",
};

static const char *const kind_labels[DIGEST_KIND_COUNT] = {
	[DIGEST_WEATHER] = N_("Météo"),
	[DIGEST_MILESTONE_REACHED] = N_("Jalons atteints"),
	[DIGEST_MILESTONE_SLIPPED] = N_("Jalons glissés ou en retard"),
	[DIGEST_BUDGET] = N_("Budget"),
	[DIGEST_RISK_NEW] = N_("Nouveaux risques"),
	[DIGEST_RISK_WORSENED] = N_("Risques aggravés"),
	[DIGEST_INDICATOR_UPDATED] = N_("Indicateurs mis à jour"),
	[DIGEST_INDICATOR_OFF_TRACK] = N_("Indicateurs hors trajectoire"),
	[DIGEST_ACTION_CLOSED] = N_("Actions closes"),
	[DIGEST_ACTION_OVERDUE] = N_("Actions en retard"),
};

const char *digest_kind_key(digest_kind k)
{
	return (unsigned)k < DIGEST_KIND_COUNT ? kind_keys[k] : kind_keys[DIGEST_WEATHER];
}

const char *digest_kind_label(digest_kind k)
{
	return (unsigned)k < DIGEST_KIND_COUNT ? kind_labels[k] : kind_labels[DIGEST_WEATHER];
}

/* ---- the work in progress ------------------------------------------------------------ */

typedef struct {
	digest_entry e;
	size_t order; /* the element's place in the plan's depth-first order; SIZE_MAX: none */
} sorted_entry;

typedef struct {
	store *s;
	arena *a;
	const plan *p;
	store_id_index ix;
	bool whole_plan;
	bool *in_scope;           /* by index in p->elements */
	size_t *order;            /* by index in p->elements: place in p->ordered */
	int64_t instance_id;      /* actions without element: raised at its meetings */
	jalon_date from, to;
	char from_iso[11], to_iso[11];
	char end_iso[11];         /* the day after `to`: the window ends at its 00:00 */
	sorted_entry *entries;
	size_t count, cap;
	diag_list *d;
} digest_ctx;

static size_t element_index(const digest_ctx *c, const plan_element *e)
{
	return (size_t)(e - c->p->elements);
}

static bool element_of_plan(const digest_ctx *c, const plan_element *e)
{
	return e && e >= c->p->elements && e < c->p->elements + c->p->element_count;
}

/* The element of id `id` when the scope holds it; NULL otherwise. *ok says whether the
 * record is in scope at all (an element-less record is, for the whole plan). */
static const plan_element *scoped_element(const digest_ctx *c, int64_t id, bool *ok)
{
	const plan_element *e = id ? store_id_index_get(&c->ix, id) : NULL;
	if (!e) {
		*ok = c->whole_plan && !id;
		return NULL;
	}
	*ok = c->whole_plan || c->in_scope[element_index(c, e)];
	return e;
}

/* Room for one more item in an arena array of *cap items, doubling from `first`. */
static void *room_for_one(arena *a, void *items, size_t count, size_t *cap, size_t size,
                          size_t first)
{
	if (count < *cap)
		return items;
	size_t n = *cap ? *cap * 2 : first;
	items = arena_realloc(a, items, *cap * size, n * size);
	*cap = n;
	return items;
}

/* A scan's query: ?1 the plan, then ?2, ?3... the window's bounds that this query wants
 * (its ISO days, NULL-terminated). NULL on failure, reported. */
static sqlite3_stmt *scan_prepare(digest_ctx *c, const char *sql, const char *const *bounds)
{
	sqlite3_stmt *st = store_prepare(c->s, sql, c->d);
	if (!st)
		return NULL;
	sqlite3_bind_int64(st, 1, c->p->id);
	for (int k = 0; bounds[k]; k++)
		sqlite3_bind_text(st, k + 2, bounds[k], -1, SQLITE_STATIC);
	return st;
}

static digest_entry *entry_add(digest_ctx *c, digest_kind kind, const plan_element *e,
                               const char *subject, jalon_date date, int64_t ref_id)
{
	c->entries = room_for_one(c->a, c->entries, c->count, &c->cap, sizeof(*c->entries), 32);
	sorted_entry *se = &c->entries[c->count++];
	memset(se, 0, sizeof(*se));
	se->e.kind = kind;
	se->e.element = e;
	se->e.subject = subject;
	se->e.date = date;
	se->e.ref_id = ref_id;
	se->order = e ? c->order[element_index(c, e)] : SIZE_MAX;
	return &se->e;
}

/* The day of a journal time "AAAA-MM-JJTHH:MM:SSZ" (or of an ISO date). */
static jalon_date day_of(const char *at)
{
	jalon_date d = DATE_NONE;
	const char *why;
	char day[11];
	if (!at || strlen(at) < 10)
		return d;
	memcpy(day, at, 10);
	day[10] = '\0';
	if (!date_parse(day, &d, &why))
		return DATE_NONE;
	return d;
}

static bool empty(const char *v)
{
	return !v || !*v;
}

static bool same(const char *x, const char *y)
{
	if (empty(x))
		return empty(y);
	return !empty(y) && strcmp(x, y) == 0;
}

/* ---- the journal ------------------------------------------------------------------------ */

typedef struct {
	const char *entity;
	int64_t entity_id;
	change_action action;
	const char *field;
	const char *old_value, *new_value;
	const char *at;
	int64_t element_id;
} journal_row;

/* A record's rows: rows[first .. first + count), by field then time. */
typedef struct {
	const char *entity;
	int64_t id;
	size_t first, count;
} journal_group;

typedef struct {
	journal_row *rows;
	size_t row_count;
	journal_group *groups;
	size_t group_count;
} journal;

static change_action action_of(const char *key)
{
	if (key && strcmp(key, "create") == 0)
		return CHANGE_CREATE;
	if (key && strcmp(key, "delete") == 0)
		return CHANGE_DELETE;
	if (key && strcmp(key, "import") == 0)
		return CHANGE_IMPORT;
	return CHANGE_UPDATE;
}

/* Every journal row of the plan's milestones, budget lines and risks from the window's
 * first day on, grouped by record. */
static bool journal_load(digest_ctx *c, journal *j)
{
	memset(j, 0, sizeof(*j));
	sqlite3_stmt *st = scan_prepare(c,
		"SELECT entity, entity_id, action, field, old_value, new_value, at, element_id"
		" FROM change_log WHERE plan_id = ? AND at >= ?"
		" AND entity IN ('milestone', 'budget_line', 'risk')"
		" ORDER BY entity, entity_id, field, at, id",
		(const char *const[]){c->from_iso, NULL});
	if (!st)
		return false;
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		j->rows = room_for_one(c->a, j->rows, j->row_count, &cap, sizeof(*j->rows), 64);
		journal_row *r = &j->rows[j->row_count++];
		r->entity = store_column_text(c->a, st, 0);
		r->entity_id = sqlite3_column_int64(st, 1);
		r->action = action_of((const char *)sqlite3_column_text(st, 2));
		r->field = store_column_text(c->a, st, 3);
		r->old_value = store_column_text(c->a, st, 4);
		r->new_value = store_column_text(c->a, st, 5);
		r->at = store_column_text(c->a, st, 6);
		r->element_id = sqlite3_column_int64(st, 7);
	}
	if (!store_read_end(c->s, st, rc, c->d, _("lecture du journal des modifications impossible")))
		return false;
	/* Groups: consecutive rows of one record. */
	j->groups = arena_alloc(c->a, (j->row_count + 1) * sizeof(*j->groups));
	for (size_t i = 0; i < j->row_count; i++) {
		journal_row *r = &j->rows[i];
		journal_group *g = j->group_count ? &j->groups[j->group_count - 1] : NULL;
		if (!g || g->id != r->entity_id || strcmp(g->entity, r->entity) != 0) {
			g = &j->groups[j->group_count++];
			g->entity = r->entity;
			g->id = r->entity_id;
			g->first = i;
		}
		g->count++;
	}
	return true;
}

static const journal_group *journal_find(const journal *j, const char *entity, int64_t id)
{
	size_t lo = 0, hi = j->group_count;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const journal_group *g = &j->groups[mid];
		int cmp = strcmp(g->entity, entity);
		if (cmp == 0)
			cmp = g->id < id ? -1 : g->id > id;
		if (cmp == 0)
			return g;
		if (cmp < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static bool in_window(const digest_ctx *c, const char *at)
{
	return strcmp(at, c->from_iso) >= 0 && strcmp(at, c->end_iso) < 0;
}

/* A field's value when the window opened: the old value of its first row from then on;
 * without one, `current`. */
static const char *value_at_start(const journal *j, const journal_group *g, const char *field,
                                  const char *current)
{
	for (size_t i = 0; g && i < g->count; i++) {
		const journal_row *r = &j->rows[g->first + i];
		if (r->action == CHANGE_UPDATE && r->field && strcmp(r->field, field) == 0)
			return r->old_value;
	}
	return current;
}

/* A field's value when the window closed: the old value of its first row after it;
 * without one, `current`. */
static const char *value_at_end(const digest_ctx *c, const journal *j, const journal_group *g,
                                const char *field, const char *current)
{
	for (size_t i = 0; g && i < g->count; i++) {
		const journal_row *r = &j->rows[g->first + i];
		if (r->action == CHANGE_UPDATE && r->field && strcmp(r->field, field) == 0 &&
		    strcmp(r->at, c->end_iso) >= 0)
			return r->old_value;
	}
	return current;
}

/* The last row of one of these fields (NULL-terminated) in the window; NULL: none. */
static const journal_row *last_change(const digest_ctx *c, const journal *j,
                                      const journal_group *g, const char *const *fields)
{
	const journal_row *last = NULL;
	for (size_t i = 0; g && i < g->count; i++) {
		const journal_row *r = &j->rows[g->first + i];
		if (r->action != CHANGE_UPDATE || !r->field || !in_window(c, r->at))
			continue;
		for (const char *const *f = fields; *f; f++)
			if (strcmp(r->field, *f) == 0 && (!last || strcmp(r->at, last->at) >= 0))
				last = r;
	}
	return last;
}

/* The row of this action (create, delete) in the window; NULL: none. */
static const journal_row *action_row(const digest_ctx *c, const journal *j,
                                     const journal_group *g, change_action action)
{
	for (size_t i = 0; g && i < g->count; i++) {
		const journal_row *r = &j->rows[g->first + i];
		if (r->action == action && in_window(c, r->at))
			return r;
	}
	return NULL;
}

/* ---- milestones ------------------------------------------------------------------------ */

/* The milestones the journal names, and those planned in the window. */
static bool milestones_scan(digest_ctx *c, const journal *j)
{
	sqlite3_stmt *st = scan_prepare(c,
		"SELECT m.id, m.element_id, m.title, m.planned_on, m.forecast_on, m.actual_on,"
		" m.status, m.validated_on FROM milestone m JOIN element e ON e.id = m.element_id"
		" WHERE e.plan_id = ?1 AND (m.planned_on BETWEEN ?2 AND ?3 OR m.id IN"
		" (SELECT entity_id FROM change_log WHERE plan_id = ?1 AND entity = 'milestone'"
		" AND at >= ?2 AND at < ?4)) ORDER BY m.id",
		(const char *const[]){c->from_iso, c->to_iso, c->end_iso, NULL});
	if (!st)
		return false;
	static const char *const date_fields[] = {"planned", "forecast", NULL};
	static const char *const status_field[] = {"status", NULL};
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		bool ok;
		int64_t id = sqlite3_column_int64(st, 0);
		const plan_element *e = scoped_element(c, sqlite3_column_int64(st, 1), &ok);
		if (!ok)
			continue;
		const char *title = store_column_text(c->a, st, 2);
		const char *planned = store_column_text(c->a, st, 3);
		const char *forecast = store_column_text(c->a, st, 4);
		const char *actual = store_column_text(c->a, st, 5);
		const char *status = store_column_text(c->a, st, 6);
		const char *validated_on = store_column_text(c->a, st, 7);
		const journal_group *g = journal_find(j, "milestone", id);

		/* Reached in the window — unless a committee validated it before the window
		 * (a decision of the previous meeting typed afterwards is no news to the next). */
		const char *status_end = value_at_end(c, j, g, "status", status);
		const journal_row *reached = last_change(c, j, g, status_field);
		if (!reached) /* created in the window already reached */
			reached = action_row(c, j, g, CHANGE_CREATE);
		bool known = !empty(validated_on) && strcmp(validated_on, c->from_iso) < 0;
		bool now_reached = reached && (reached->action == CHANGE_CREATE ||
		                               same(reached->new_value, "atteint"));
		if (now_reached && same(status_end, "atteint") && !known) {
			digest_entry *de = entry_add(c, DIGEST_MILESTONE_REACHED, e, title,
			                             day_of(reached->at), id);
			de->after = value_at_end(c, j, g, "actual", actual);
		}

		const char *planned_end = value_at_end(c, j, g, "planned", planned);
		const char *forecast_end = value_at_end(c, j, g, "forecast", forecast);
		const journal_row *moved = last_change(c, j, g, date_fields);
		if (moved) {
			const char *f0 = value_at_start(j, g, "forecast", forecast);
			const char *p0 = value_at_start(j, g, "planned", planned);
			const char *before = !empty(f0) ? f0 : p0;
			const char *after = !empty(forecast_end) ? forecast_end : planned_end;
			if (!empty(before) && !empty(after) && strcmp(after, before) > 0) {
				digest_entry *de = entry_add(c, DIGEST_MILESTONE_SLIPPED, e, title,
				                             day_of(moved->at), id);
				de->before = before;
				de->after = after;
				continue;
			}
		}
		/* Due in the window, not reached by its end, and no later forecast: late. */
		if (!empty(planned_end) && strcmp(planned_end, c->from_iso) >= 0 &&
		    strcmp(planned_end, c->to_iso) <= 0 && same(status_end, "a-venir") &&
		    (empty(forecast_end) || strcmp(forecast_end, planned_end) <= 0)) {
			digest_entry *de = entry_add(c, DIGEST_MILESTONE_SLIPPED, e, title,
			                             day_of(planned_end), id);
			de->before = planned_end;
		}
	}
	return store_read_end(c->s, st, rc, c->d, _("lecture des jalons impossible"));
}

/* ---- budget lines ---------------------------------------------------------------------- */

typedef struct {
	int64_t id, element_id;
	const char *summary;    /* "2026 investissement État" */
	const char *amounts[3]; /* planned, committed, paid (cents, as text) */
} line_row;

static const char *const amount_fields[3] = {"planned_cents", "committed_cents", "paid_cents"};
static const char *const amount_labels[3] = {
	N_("montant prévu"), N_("montant engagé"), N_("montant payé"),
};

/* The budget lines the journal names in the window, by id. */
static bool lines_load(digest_ctx *c, line_row **out, size_t *count)
{
	*out = NULL;
	*count = 0;
	sqlite3_stmt *st = scan_prepare(c,
		"SELECT l.id, l.element_id, l.year, l.nature, l.source, l.planned_cents,"
		" l.committed_cents, l.paid_cents FROM budget_line l"
		" JOIN element e ON e.id = l.element_id WHERE e.plan_id = ?1 AND l.id IN"
		" (SELECT entity_id FROM change_log WHERE plan_id = ?1 AND entity = 'budget_line'"
		" AND at >= ?2 AND at < ?3) ORDER BY l.id",
		(const char *const[]){c->from_iso, c->end_iso, NULL});
	if (!st)
		return false;
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*out = room_for_one(c->a, *out, *count, &cap, sizeof(**out), 16);
		line_row *l = &(*out)[(*count)++];
		l->id = sqlite3_column_int64(st, 0);
		l->element_id = sqlite3_column_int64(st, 1);
		l->summary = arena_printf(c->a, "%d %s %s", sqlite3_column_int(st, 2),
		                          (const char *)sqlite3_column_text(st, 3),
		                          (const char *)sqlite3_column_text(st, 4));
		for (int k = 0; k < 3; k++)
			l->amounts[k] = store_column_text(c->a, st, 5 + k);
	}
	return store_read_end(c->s, st, rc, c->d, _("lecture des lignes budgétaires impossible"));
}

static const line_row *line_find(const line_row *lines, size_t count, int64_t id)
{
	size_t lo = 0, hi = count;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (lines[mid].id == id)
			return &lines[mid];
		if (lines[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* One budget line's group: created, deleted, or each amount changed over the window. */
static void budget_group(digest_ctx *c, const journal *j, const journal_group *g,
                         const line_row *line)
{
	const journal_row *created = action_row(c, j, g, CHANGE_CREATE);
	const journal_row *deleted = action_row(c, j, g, CHANGE_DELETE);
	int64_t element_id = line ? line->element_id : j->rows[g->first].element_id;
	bool ok;
	const plan_element *e = scoped_element(c, element_id, &ok);
	if (!ok || (created && deleted))
		return; /* out of scope, or came and went within the window */
	if (created) {
		digest_entry *de = entry_add(c, DIGEST_BUDGET, e,
		                             line ? line->summary : created->new_value,
		                             day_of(created->at), g->id);
		de->before = "";
		de->after = line ? value_at_end(c, j, g, amount_fields[0], line->amounts[0]) : "";
		de->detail = _("ligne créée");
		return;
	}
	if (deleted) {
		digest_entry *de = entry_add(c, DIGEST_BUDGET, e, deleted->old_value,
		                             day_of(deleted->at), g->id);
		de->before = value_at_start(j, g, amount_fields[0], NULL);
		de->after = "";
		de->detail = _("ligne supprimée");
		return;
	}
	if (!line)
		return;
	for (int k = 0; k < 3; k++) {
		const char *fields[] = {amount_fields[k], NULL};
		const journal_row *last = last_change(c, j, g, fields);
		if (!last)
			continue;
		const char *before = value_at_start(j, g, amount_fields[k], line->amounts[k]);
		const char *after = value_at_end(c, j, g, amount_fields[k], line->amounts[k]);
		if (same(before, after))
			continue;
		digest_entry *de = entry_add(c, DIGEST_BUDGET, e, line->summary, day_of(last->at),
		                             g->id);
		de->before = before;
		de->after = after;
		de->detail = _(amount_labels[k]);
	}
}

static bool budget_scan(digest_ctx *c, const journal *j)
{
	line_row *lines;
	size_t line_count;
	if (!lines_load(c, &lines, &line_count))
		return false;
	for (size_t k = 0; k < j->group_count; k++) {
		const journal_group *g = &j->groups[k];
		if (strcmp(g->entity, "budget_line") != 0)
			continue;
		if (g->id) {
			budget_group(c, j, g, line_find(lines, line_count, g->id));
			continue;
		}
		/* Imports: no record of their own, plan-wide. */
		for (size_t i = 0; i < g->count; i++) {
			const journal_row *r = &j->rows[g->first + i];
			if (r->action != CHANGE_IMPORT || !in_window(c, r->at))
				continue;
			digest_entry *de = entry_add(c, DIGEST_BUDGET, NULL,
			                             _("Import de lignes budgétaires"), day_of(r->at), 0);
			de->detail = r->old_value
				? arena_printf(c->a, "%s (%s)", r->new_value ? r->new_value : "",
				               r->old_value)
				: r->new_value;
		}
	}
	return true;
}

/* ---- risks ----------------------------------------------------------------------------- */

static int criticality_of(const char *probability, const char *impact)
{
	if (empty(probability) || empty(impact))
		return 0;
	return atoi(probability) * atoi(impact);
}

static const char *criticality_text(digest_ctx *c, int v)
{
	return v ? arena_printf(c->a, "%d", v) : "";
}

/* The risks the journal names: created in the window, or more critical at its end. */
static bool risks_scan(digest_ctx *c, const journal *j)
{
	sqlite3_stmt *st = scan_prepare(c,
		"SELECT r.id, r.element_id, r.description, r.probability, r.impact FROM risk r"
		" JOIN element e ON e.id = r.element_id WHERE e.plan_id = ?1 AND r.id IN"
		" (SELECT entity_id FROM change_log WHERE plan_id = ?1 AND entity = 'risk'"
		" AND at >= ?2 AND at < ?3) ORDER BY r.id",
		(const char *const[]){c->from_iso, c->end_iso, NULL});
	if (!st)
		return false;
	static const char *const assessment[] = {"probability", "impact", NULL};
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		bool ok;
		int64_t id = sqlite3_column_int64(st, 0);
		const plan_element *e = scoped_element(c, sqlite3_column_int64(st, 1), &ok);
		if (!ok)
			continue;
		const char *description = store_column_text(c->a, st, 2);
		const char *probability = store_column_text(c->a, st, 3);
		const char *impact = store_column_text(c->a, st, 4);
		const journal_group *g = journal_find(j, "risk", id);
		int after = criticality_of(value_at_end(c, j, g, "probability", probability),
		                           value_at_end(c, j, g, "impact", impact));
		const journal_row *created = action_row(c, j, g, CHANGE_CREATE);
		if (created) {
			digest_entry *de = entry_add(c, DIGEST_RISK_NEW, e, description,
			                             day_of(created->at), id);
			de->after = criticality_text(c, after);
			continue;
		}
		const journal_row *last = last_change(c, j, g, assessment);
		int before = criticality_of(value_at_start(j, g, "probability", probability),
		                            value_at_start(j, g, "impact", impact));
		if (last && after > before) {
			digest_entry *de = entry_add(c, DIGEST_RISK_WORSENED, e, description,
			                             day_of(last->at), id);
			de->before = criticality_text(c, before);
			de->after = criticality_text(c, after);
		}
	}
	return store_read_end(c->s, st, rc, c->d, _("lecture des risques impossible"));
}

/* ---- weather --------------------------------------------------------------------------- */

/* Reports in the window whose weather differs from the element's report before. */
static bool weather_scan(digest_ctx *c)
{
	sqlite3_stmt *st = scan_prepare(c,
		"SELECT w.id, w.element_id, w.weather, w.reported_on, w.comment,"
		" (SELECT b.weather FROM weather_report b WHERE b.element_id = w.element_id"
		"  AND (b.reported_on < w.reported_on OR (b.reported_on = w.reported_on"
		"  AND b.id < w.id)) ORDER BY b.reported_on DESC, b.id DESC LIMIT 1)"
		" FROM weather_report w JOIN element e ON e.id = w.element_id"
		" WHERE e.plan_id = ? AND w.reported_on BETWEEN ? AND ?"
		" ORDER BY w.reported_on, w.id",
		(const char *const[]){c->from_iso, c->to_iso, NULL});
	if (!st)
		return false;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		bool ok;
		const plan_element *e = scoped_element(c, sqlite3_column_int64(st, 1), &ok);
		const char *now = (const char *)sqlite3_column_text(st, 2);
		const char *before = (const char *)sqlite3_column_text(st, 5);
		if (!ok || !e || same(now, before))
			continue;
		digest_entry *de = entry_add(c, DIGEST_WEATHER, e, e->title,
		                             store_column_date(st, 3), sqlite3_column_int64(st, 0));
		de->before = store_column_text(c->a, st, 5);
		de->after = store_column_text(c->a, st, 2);
		de->detail = store_column_text(c->a, st, 4);
	}
	return store_read_end(c->s, st, rc, c->d, _("lecture des météos impossible"));
}

/* ---- indicators ------------------------------------------------------------------------ */

/* The first of the indicator's elements in scope; *ok: the indicator is in scope. */
static const plan_element *indicator_scope(const digest_ctx *c, const indicator *ind, bool *ok)
{
	if (!ind->element_count) {
		*ok = c->whole_plan;
		return NULL;
	}
	for (size_t k = 0; k < ind->element_count; k++) {
		const plan_element *e = ind->elements[k];
		if (element_of_plan(c, e) && (c->whole_plan || c->in_scope[element_index(c, e)])) {
			*ok = true;
			return e;
		}
	}
	*ok = false;
	return NULL;
}

static const indicator *indicator_find(const indicator_data *data, int64_t id)
{
	for (size_t k = 0; k < data->indicator_count; k++)
		if (data->indicators[k].id == id)
			return &data->indicators[k];
	return NULL;
}

/* Indicators with a measurement entered in the window: the latest one's value. */
static bool indicators_updated(digest_ctx *c, const indicator_data *data)
{
	sqlite3_stmt *st = scan_prepare(c,
		"SELECT m.indicator_id, m.measured_on, m.value, m.entered_at FROM measurement m"
		" JOIN indicator i ON i.id = m.indicator_id WHERE i.plan_id = ?"
		" AND m.entered_at >= ? AND m.entered_at < ?"
		" ORDER BY i.position, m.indicator_id, m.measured_on DESC",
		(const char *const[]){c->from_iso, c->end_iso, NULL});
	if (!st)
		return false;
	int64_t previous = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);
		if (id == previous)
			continue; /* the latest date came first */
		previous = id;
		const indicator *ind = indicator_find(data, id);
		bool ok = false;
		const plan_element *e = ind ? indicator_scope(c, ind, &ok) : NULL;
		if (!ok)
			continue;
		digest_entry *de = entry_add(c, DIGEST_INDICATOR_UPDATED, e,
		                             arena_printf(c->a, "%s — %s", ind->code, ind->name),
		                             day_of((const char *)sqlite3_column_text(st, 3)), id);
		de->after = store_change_number(c->a, sqlite3_column_double(st, 2));
		de->detail = store_column_text(c->a, st, 1);
	}
	return store_read_end(c->s, st, rc, c->d, _("lecture des mesures impossible"));
}

/* Indicators off track at `to`, each from its two latest values on or before `to`
 * (measurements, or the recorded values of a computed one): what indicator_evaluate
 * reads for the status. */
static bool indicators_off_track(digest_ctx *c, const indicator_data *data)
{
	sqlite3_stmt *st = scan_prepare(c,
		"SELECT indicator_id, day, value FROM ("
		" SELECT m.indicator_id, m.measured_on AS day, m.value, ROW_NUMBER() OVER"
		"  (PARTITION BY m.indicator_id ORDER BY m.measured_on DESC) AS recency"
		"  FROM measurement m JOIN indicator i ON i.id = m.indicator_id"
		"  WHERE i.plan_id = ?1 AND m.measured_on <= ?2"
		" UNION ALL"
		" SELECT v.indicator_id, v.period_end, v.value, ROW_NUMBER() OVER"
		"  (PARTITION BY v.indicator_id ORDER BY v.period_end DESC)"
		"  FROM computed_value v JOIN indicator i ON i.id = v.indicator_id"
		"  WHERE i.plan_id = ?1 AND i.formula IS NOT NULL AND v.period_end <= ?2"
		") WHERE recency <= 2 ORDER BY indicator_id, day",
		(const char *const[]){c->to_iso, NULL});
	if (!st)
		return false;
	size_t cap = 16, count = 0;
	measurement *ms = arena_alloc(c->a, cap * sizeof(*ms));
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		ms = room_for_one(c->a, ms, count, &cap, sizeof(*ms), 16);
		measurement *m = &ms[count];
		const indicator *ind = indicator_find(data, sqlite3_column_int64(st, 0));
		if (!ind)
			continue;
		memset(m, 0, sizeof(*m));
		m->indicator = ind;
		m->date = store_column_date(st, 1);
		m->value = sqlite3_column_double(st, 2);
		count++;
	}
	if (!store_read_end(c->s, st, rc, c->d, _("lecture des mesures impossible")))
		return false;
	size_t first = 0;
	for (size_t k = 0; k < data->indicator_count; k++) {
		const indicator *ind = &data->indicators[k];
		bool ok;
		const plan_element *e = indicator_scope(c, ind, &ok);
		if (!ok)
			continue;
		/* Its values: a run of ms (grouped by indicator). */
		for (first = 0; first < count && ms[first].indicator != ind; first++)
			;
		size_t n = 0;
		while (first + n < count && ms[first + n].indicator == ind)
			n++;
		indicator_state state;
		indicator_evaluate(ind, ms + first, n, c->to, &state);
		if (state.status != STATUS_OFF_TRACK)
			continue;
		digest_entry *de = entry_add(c, DIGEST_INDICATOR_OFF_TRACK, e,
		                             arena_printf(c->a, "%s — %s", ind->code, ind->name),
		                             state.has_latest ? state.latest.date : c->to, ind->id);
		if (state.has_latest) {
			de->after = store_change_number(c->a, state.latest.value);
			de->detail = arena_printf(c->a, "%04d-%02d-%02d", state.latest.date.year,
			                          state.latest.date.month, state.latest.date.day);
		}
	}
	return true;
}

static bool indicators_scan(digest_ctx *c)
{
	indicator_data data;
	if (!store_indicators_load(c->s, c->a, c->p, MEASUREMENTS_NONE, &data, c->d))
		return false;
	return indicators_updated(c, &data) && indicators_off_track(c, &data);
}

/* ---- action items ---------------------------------------------------------------------- */

/* Closed in the window, or open at its end with a due date before `to`. */
static bool actions_scan(digest_ctx *c)
{
	sqlite3_stmt *st = scan_prepare(c,
		"SELECT a.id, a.element_id, a.text, a.status, a.due_on, a.closed_on,"
		" coalesce(m.instance_id, 0) FROM action_item a"
		" LEFT JOIN meeting m ON m.id = a.meeting_id"
		" WHERE a.plan_id = ?1 AND ((a.closed_on BETWEEN ?2 AND ?3)"
		" OR (a.due_on < ?3 AND a.created_on <= ?3"
		"  AND (a.closed_on IS NULL OR a.closed_on > ?3)))"
		" ORDER BY a.id",
		(const char *const[]){c->from_iso, c->to_iso, NULL});
	if (!st)
		return false;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t element_id = sqlite3_column_int64(st, 1);
		bool ok;
		const plan_element *e = scoped_element(c, element_id, &ok);
		if (!element_id && !c->whole_plan)
			ok = c->instance_id && sqlite3_column_int64(st, 6) == c->instance_id;
		if (!ok)
			continue;
		int64_t id = sqlite3_column_int64(st, 0);
		const char *text = store_column_text(c->a, st, 2);
		jalon_date closed = store_column_date(st, 5);
		if (date_is_set(closed) && date_compare(closed, c->from) >= 0 &&
		    date_compare(closed, c->to) <= 0) {
			digest_entry *de = entry_add(c, DIGEST_ACTION_CLOSED, e, text, closed, id);
			de->after = store_column_text(c->a, st, 3);
		} else {
			jalon_date due = store_column_date(st, 4);
			digest_entry *de = entry_add(c, DIGEST_ACTION_OVERDUE, e, text, due, id);
			de->after = store_column_text(c->a, st, 4);
		}
	}
	return store_read_end(c->s, st, rc, c->d, _("lecture des actions impossible"));
}

/* ---- putting it together --------------------------------------------------------------- */

static int entry_compare(const void *x, const void *y)
{
	const sorted_entry *a = x, *b = y;
	if (a->e.kind != b->e.kind)
		return a->e.kind < b->e.kind ? -1 : 1;
	int cmp = date_compare(a->e.date, b->e.date);
	if (cmp)
		return cmp;
	if (a->order != b->order)
		return a->order < b->order ? -1 : 1;
	return (a->e.ref_id > b->e.ref_id) - (a->e.ref_id < b->e.ref_id);
}

/* The scope: every element under one of the branches (themselves included). */
static void scope_build(digest_ctx *c, const plan_element *const *branches, size_t count)
{
	const plan *p = c->p;
	c->in_scope = arena_alloc(c->a, (p->element_count + 1) * sizeof(*c->in_scope));
	c->order = arena_alloc(c->a, (p->element_count + 1) * sizeof(*c->order));
	for (size_t k = 0; k < p->element_count; k++)
		c->order[k] = k;
	if (p->ordered)
		for (size_t k = 0; k < p->element_count; k++)
			if (element_of_plan(c, p->ordered[k]))
				c->order[element_index(c, p->ordered[k])] = k;
	c->whole_plan = count == 0;
	bool *is_branch = arena_alloc(c->a, (p->element_count + 1) * sizeof(*is_branch));
	for (size_t k = 0; k < count; k++) {
		const plan_element *b = branches[k];
		if (!element_of_plan(c, b))
			b = b ? store_id_index_get(&c->ix, b->id) : NULL;
		if (b)
			is_branch[element_index(c, b)] = true;
	}
	for (size_t k = 0; k < p->element_count; k++)
		for (const plan_element *e = &p->elements[k]; e && !c->in_scope[k]; e = e->parent)
			if (element_of_plan(c, e) && is_branch[element_index(c, e)])
				c->in_scope[k] = true;
}

static store_result digest_build(store *s, arena *a, const plan *p,
                                 const plan_element *const *branches, size_t branch_count,
                                 int64_t instance_id, jalon_date from, jalon_date to,
                                 meeting_digest *out, diag_list *d)
{
	digest_ctx c = {.s = s, .a = a, .p = p, .instance_id = instance_id, .from = from,
	                .to = to, .d = d};
	out->from = from;
	out->to = to;
	out->entries = NULL;
	out->count = 0;
	if (!date_is_set(from) || !date_is_set(to)) {
		diag_add(d, date_is_set(from) ? "to" : "from", 0, "%s",
		         _("la période du bilan demande deux dates"));
		return STORE_INVALID;
	}
	date_format_iso(from, c.from_iso);
	date_format_iso(to, c.to_iso);
	date_format_iso(date_from_days(date_to_days(to) + 1), c.end_iso);
	store_id_index_build(a, &c.ix, p);
	scope_build(&c, branches, branch_count);

	journal j;
	if (!weather_scan(&c) || !journal_load(&c, &j) || !milestones_scan(&c, &j) ||
	    !budget_scan(&c, &j) || !risks_scan(&c, &j) || !indicators_scan(&c) ||
	    !actions_scan(&c))
		return STORE_FAILED;

	if (c.count) /* qsort's pointer must be valid even for no element */
		qsort(c.entries, c.count, sizeof(*c.entries), entry_compare);
	out->entries = arena_alloc(a, (c.count + 1) * sizeof(*out->entries));
	for (size_t k = 0; k < c.count; k++)
		out->entries[k] = c.entries[k].e;
	out->count = c.count;
	return STORE_OK;
}

store_result store_digest_between(store *s, arena *a, const plan *p,
                                  const plan_element *const *branches, size_t branch_count,
                                  jalon_date from, jalon_date to, meeting_digest *out,
                                  diag_list *d)
{
	memset(out, 0, sizeof(*out));
	return digest_build(s, a, p, branches, branch_count, 0, from, to, out, d);
}

/* ---- a meeting's window and scope ------------------------------------------------------ */

/* The branches instance_id (of p) steers; STORE_NOT_FOUND when p has no such instance. */
static store_result instance_branches(store *s, arena *a, const plan *p, int64_t instance_id,
                                      const plan_element ***out, size_t *count, diag_list *d)
{
	*out = NULL;
	*count = 0;
	sqlite3_stmt *st = store_prepare(s,
		"SELECT 1 FROM instance WHERE id = ? AND plan_id = ?", d);
	if (!st)
		return STORE_FAILED;
	sqlite3_bind_int64(st, 1, instance_id);
	sqlite3_bind_int64(st, 2, p->id);
	int rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc == SQLITE_DONE)
		return STORE_NOT_FOUND;
	if (rc != SQLITE_ROW) {
		store_report(s, d, _("lecture de l'instance impossible"));
		return STORE_FAILED;
	}
	st = store_prepare(s,
		"SELECT element_id FROM instance_element WHERE instance_id = ? ORDER BY position", d);
	if (!st)
		return STORE_FAILED;
	sqlite3_bind_int64(st, 1, instance_id);
	size_t cap = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const plan_element *e = plan_find_id(p, sqlite3_column_int64(st, 0));
		if (!e)
			continue;
		*out = room_for_one(a, *out, *count, &cap, sizeof(**out), 8);
		(*out)[(*count)++] = e;
	}
	return store_read_end(s, st, rc, d, _("lecture des branches de l'instance impossible"))
	               ? STORE_OK
	               : STORE_FAILED;
}

/* The meeting of the same instance before m, cancelled ones skipped (the rule of
 * store_meeting_previous, read here so that the digest stands on its own). */
static store_result previous_meeting(store *s, const meeting *m, int64_t *id, jalon_date *date,
                                     diag_list *d)
{
	sqlite3_stmt *st = store_prepare(s,
		"SELECT id, held_on FROM meeting WHERE instance_id = ?1 AND status <> 'annulee'"
		" AND (held_on < ?2 OR (held_on = ?2 AND id < ?3))"
		" ORDER BY held_on DESC, id DESC LIMIT 1", d);
	if (!st)
		return STORE_FAILED;
	char day[11];
	sqlite3_bind_int64(st, 1, m->instance_id);
	store_bind_date(st, 2, m->date, day);
	sqlite3_bind_int64(st, 3, m->id);
	int rc = sqlite3_step(st);
	store_result r = rc == SQLITE_ROW ? STORE_OK : rc == SQLITE_DONE ? STORE_NOT_FOUND
	                                                                 : STORE_FAILED;
	if (r == STORE_OK) {
		*id = sqlite3_column_int64(st, 0);
		*date = store_column_date(st, 1);
	}
	sqlite3_finalize(st);
	if (r == STORE_FAILED)
		store_report(s, d, _("lecture de la séance précédente impossible"));
	return r;
}

store_result store_meeting_digest(store *s, arena *a, const plan *p, const meeting *m,
                                  jalon_date today, meeting_digest *out, diag_list *d)
{
	memset(out, 0, sizeof(*out));
	const plan_element **branches;
	size_t branch_count;
	store_result r = instance_branches(s, a, p, m->instance_id, &branches, &branch_count, d);
	if (r != STORE_OK)
		return r;
	r = previous_meeting(s, m, &out->previous_meeting_id, &out->previous_date, d);
	if (r == STORE_FAILED)
		return r;
	out->has_previous = r == STORE_OK;
	jalon_date from = out->has_previous
		? date_from_days(date_to_days(out->previous_date) + 1)
		: date_from_days(date_to_days(m->date) - 30);
	jalon_date to = date_is_set(today) && date_compare(today, m->date) < 0 ? today : m->date;
	bool has_previous = out->has_previous;
	int64_t previous_id = out->previous_meeting_id;
	jalon_date previous_date = out->previous_date;
	r = digest_build(s, a, p, branches, branch_count, m->instance_id, from, to, out, d);
	out->has_previous = has_previous;
	out->previous_meeting_id = previous_id;
	out->previous_date = previous_date;
	return r;
}
