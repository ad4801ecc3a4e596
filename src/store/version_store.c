/*
 * version_store.c — the status workflow, revisions and version chains of plans
 * (version_store.h).
 *
 * A revision is copied table by table with INSERT … SELECT: new elements are found
 * from old ones through their code (unique in a plan, copied verbatim), so every
 * side table is one statement whatever the plan's size. Milestones have no code: they
 * are copied one by one to learn their new ids, which their dependencies need.
 */
#include "store/version_store.h"

#include <stdlib.h>
#include <string.h>

#include "store/change_log.h"
#include "util/i18n.h"
#include "util/text.h"

/* ---- the workflow --------------------------------------------------------------------- */

static const plan_status next_statuses[PLAN_STATUS_COUNT][3] = {
	[PLAN_STATUS_DRAFT] = {PLAN_STATUS_CONSULTATION, PLAN_STATUS_COUNT},
	[PLAN_STATUS_CONSULTATION] = {PLAN_STATUS_DRAFT, PLAN_STATUS_ADOPTED, PLAN_STATUS_COUNT},
	[PLAN_STATUS_ADOPTED] = {PLAN_STATUS_REVISION, PLAN_STATUS_CLOSED, PLAN_STATUS_COUNT},
	[PLAN_STATUS_REVISION] = {PLAN_STATUS_ADOPTED, PLAN_STATUS_CLOSED, PLAN_STATUS_COUNT},
	[PLAN_STATUS_CLOSED] = {PLAN_STATUS_COUNT},
};

size_t plan_transitions_from(plan_status from, plan_status out[PLAN_STATUS_COUNT])
{
	size_t n = 0;
	if (from >= PLAN_STATUS_COUNT)
		return 0;
	for (int i = 0; i < 3 && next_statuses[from][i] != PLAN_STATUS_COUNT; i++)
		out[n++] = next_statuses[from][i];
	return n;
}

bool plan_transition_allowed(plan_status from, plan_status to)
{
	plan_status next[PLAN_STATUS_COUNT];
	size_t n = plan_transitions_from(from, next);
	for (size_t i = 0; i < n; i++)
		if (next[i] == to)
			return true;
	return false;
}

/* ---- small helpers -------------------------------------------------------------------- */

/* Run one statement binding ?1 and ?2 to two ids. */
static bool exec_ids(store *s, const char *sql, int64_t first, int64_t second, diag_list *d)
{
	sqlite3_stmt *st = store_prepare(s, sql, d);
	if (!st)
		return false;
	if (sqlite3_bind_parameter_count(st) >= 1)
		sqlite3_bind_int64(st, 1, first);
	if (sqlite3_bind_parameter_count(st) >= 2)
		sqlite3_bind_int64(st, 2, second);
	bool ok = store_step_done(s, st, d, _("copie du plan impossible"));
	sqlite3_finalize(st);
	return ok;
}

/* The plan's current status in the database (the caller's transaction). */
static bool status_read(store *s, int64_t plan_id, plan_status *out, int64_t *previous,
                        diag_list *d)
{
	sqlite3_stmt *st = store_prepare(s,
		"SELECT status, coalesce(previous_plan_id, 0) FROM plan WHERE id = ?", d);
	if (!st)
		return false;
	sqlite3_bind_int64(st, 1, plan_id);
	bool found = sqlite3_step(st) == SQLITE_ROW &&
	             plan_status_parse((const char *)sqlite3_column_text(st, 0), out);
	if (found && previous)
		*previous = sqlite3_column_int64(st, 1);
	sqlite3_finalize(st);
	if (!found)
		diag_add(d, NULL, 0, _("plan inconnu (numéro %lld)"), (long long)plan_id);
	return found;
}

static bool status_write(store *s, int64_t plan_id, plan_status from, plan_status to,
                         diag_list *d)
{
	sqlite3_stmt *st = store_prepare(s, "UPDATE plan SET status = ? WHERE id = ?", d);
	if (!st)
		return false;
	sqlite3_bind_text(st, 1, plan_status_key(to), -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, plan_id);
	bool ok = store_step_done(s, st, d, _("changement de statut impossible"));
	sqlite3_finalize(st);
	return ok && store_change_field(s, plan_id, NULL, "plan", plan_id, "status",
	                                plan_status_key(from), plan_status_key(to), d);
}

/* "en consultation, adopté" — the allowed statuses, for refusals. */
static const char *allowed_list(arena *a, plan_status from)
{
	plan_status next[PLAN_STATUS_COUNT];
	size_t n = plan_transitions_from(from, next);
	const char *list = "";
	for (size_t i = 0; i < n; i++)
		list = arena_printf(a, "%s%s« %s »", list, i ? ", " : "", plan_status_label(next[i]));
	return list;
}

/* ---- status ------------------------------------------------------------------------------ */

static bool adoption_check(const plan_adoption *r, diag_list *d)
{
	bool ok = true;
	if (!r || !date_valid(r->date)) {
		diag_add(d, "adopted_on", 0,
		         _("la date de la délibération d'adoption est obligatoire pour adopter le plan"));
		ok = false;
	}
	if (!r || !r->body || !*r->body) {
		diag_add(d, "adopted_by", 0,
		         _("l'instance qui a adopté le plan est obligatoire (conseil "
		           "d'administration…)"));
		ok = false;
	}
	if (r && (r->votes_for < 0 || r->votes_against < 0 || r->abstentions < 0)) {
		diag_add(d, "votes", 0, _("les voix ne peuvent pas être négatives"));
		ok = false;
	}
	return ok;
}

static bool adoption_write(store *s, arena *a, const plan *p, const plan_adoption *r,
                           diag_list *d)
{
	sqlite3_stmt *st = store_prepare(s,
		"UPDATE plan SET adopted_on = ?, adopted_by = ?, deliberation_number = ?,"
		" votes_for = ?, votes_against = ?, abstentions = ? WHERE id = ?", d);
	if (!st)
		return false;
	char date[11];
	store_bind_date(st, 1, r->date, date);
	store_bind_text(st, 2, r->body);
	store_bind_text(st, 3, r->number);
	sqlite3_bind_int(st, 4, r->votes_for);
	sqlite3_bind_int(st, 5, r->votes_against);
	sqlite3_bind_int(st, 6, r->abstentions);
	sqlite3_bind_int64(st, 7, p->id);
	bool ok = store_step_done(s, st, d, _("enregistrement de l'adoption impossible"));
	sqlite3_finalize(st);
	const plan_adoption *o = &p->adoption;
	bool had = o->recorded;
	const store_field_change fields[] = {
		{"adopted_on", had ? store_change_date(a, o->date) : NULL, store_change_date(a, r->date)},
		{"adopted_by", had ? o->body : NULL, r->body},
		{"deliberation_number", had ? o->number : NULL, r->number},
		{"votes_for", had ? store_change_int(a, o->votes_for) : NULL,
		 store_change_int(a, r->votes_for)},
		{"votes_against", had ? store_change_int(a, o->votes_against) : NULL,
		 store_change_int(a, r->votes_against)},
		{"abstentions", had ? store_change_int(a, o->abstentions) : NULL,
		 store_change_int(a, r->abstentions)},
	};
	return ok && store_change_fields(s, p->id, NULL, "plan", p->id, fields,
	                                 sizeof(fields) / sizeof(fields[0]), d);
}

/* A revision adopted closes the version it revises (if still open). */
static bool previous_close(store *s, int64_t previous, diag_list *d)
{
	plan_status status;
	if (!previous || !status_read(s, previous, &status, NULL, d))
		return previous == 0;
	if (status != PLAN_STATUS_REVISION && status != PLAN_STATUS_ADOPTED)
		return true;
	return status_write(s, previous, status, PLAN_STATUS_CLOSED, d);
}

store_result store_plan_set_status(store *s, plan *p, plan_status to,
                                   const plan_adoption *adoption, diag_list *d)
{
	if (!store_begin(s, d))
		return STORE_FAILED;
	arena *a = arena_new();
	plan_status current;
	int64_t previous = 0;
	store_result r = STORE_OK;
	if (!status_read(s, p->id, &current, &previous, d)) {
		r = STORE_FAILED;
	} else if (current != p->status) {
		diag_add(d, "status", 0,
		         _("le statut du plan a changé entre-temps (il est maintenant « %s ») : "
		           "rechargez la page"),
		         plan_status_label(current));
		r = STORE_CONFLICT;
	} else if (current == PLAN_STATUS_CLOSED) {
		diag_add(d, "status", 0, _("le plan « %s » est clos : son statut ne change plus"),
		         p->slug);
		r = STORE_INVALID;
	} else if (!plan_transition_allowed(current, to)) {
		diag_add(d, "status", 0,
		         _("le plan ne peut pas passer de « %s » à « %s » ; statuts possibles : %s"),
		         plan_status_label(current), plan_status_label(to), allowed_list(a, current));
		r = STORE_INVALID;
	} else if (to == PLAN_STATUS_ADOPTED && !adoption_check(adoption, d)) {
		r = STORE_INVALID;
	} else if (!status_write(s, p->id, current, to, d) ||
	           (to == PLAN_STATUS_ADOPTED &&
	            (!adoption_write(s, a, p, adoption, d) || !previous_close(s, previous, d)))) {
		r = STORE_FAILED;
	}
	arena_free(a);
	if (!store_end(s, r == STORE_OK, d))
		return r == STORE_OK ? STORE_FAILED : r;
	p->status = to;
	if (to == PLAN_STATUS_ADOPTED) {
		p->adoption = *adoption;
		p->adoption.recorded = true;
	}
	return STORE_OK;
}

/* ---- revision ---------------------------------------------------------------------------- */

int64_t store_plan_previous_id(store *s, int64_t plan_id)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(s->sqlite, "SELECT previous_plan_id FROM plan WHERE id = ?", -1, &st,
	                       NULL) != SQLITE_OK)
		return 0;
	sqlite3_bind_int64(st, 1, plan_id);
	int64_t id = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_finalize(st);
	return id;
}

/* The rank of plan_id in its chain: 1 for a plan that revises nothing. */
static int chain_rank(store *s, int64_t plan_id)
{
	int rank = 1;
	for (int64_t id = store_plan_previous_id(s, plan_id); id && rank < 10000;
	     id = store_plan_previous_id(s, id))
		rank++;
	return rank;
}

static bool slug_taken(store *s, const char *slug)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(s->sqlite, "SELECT 1 FROM plan WHERE slug = ?", -1, &st, NULL) !=
	    SQLITE_OK)
		return true;
	sqlite3_bind_text(st, 1, slug, -1, SQLITE_STATIC);
	bool taken = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	return taken;
}

/* "<slug>-vN", the old slug's own "-vM" suffix dropped; made unique with "-2", "-3"… */
static const char *default_slug(store *s, arena *a, const char *slug, int rank)
{
	size_t len = strlen(slug);
	const char *v = strrchr(slug, '-');
	if (v && v[1] == 'v' && v[2] && strspn(v + 2, "0123456789") == strlen(v + 2))
		len = (size_t)(v - slug);
	const char *base = arena_printf(a, "%.*s-v%d", (int)len, slug, rank);
	const char *candidate = base;
	for (int n = 2; slug_taken(s, candidate); n++)
		candidate = arena_printf(a, "%s-%d", base, n);
	return candidate;
}

static bool slug_check(store *s, arena *a, const char *slug, diag_list *d)
{
	const char *clean = text_slugify(a, slug, 64);
	if (strcmp(clean, slug) != 0) {
		diag_add(d, "slug", 0,
		         _("identifiant « %s » invalide : lettres minuscules sans accent, chiffres et "
		           "tirets seulement (par exemple « %s »)"),
		         slug, clean);
		return false;
	}
	if (slug_taken(s, slug)) {
		diag_add(d, "slug", 0, _("l'identifiant « %s » est déjà pris par un autre plan"), slug);
		return false;
	}
	return true;
}

/* Joins from a side table's element column x.COL to the old element (oe, of plan ?1)
 * and its copy (ne, of plan ?2). */
#define MAP(col, oe, ne)                                                                   \
	" JOIN element " oe " ON " oe ".id = x." col " AND " oe ".plan_id = ?1"                 \
	" JOIN element " ne " ON " ne ".plan_id = ?2 AND " ne ".code = " oe ".code"
#define MAP_INDICATOR                                                                      \
	" JOIN indicator oi ON oi.id = x.indicator_id AND oi.plan_id = ?1"                      \
	" JOIN indicator ni ON ni.plan_id = ?2 AND ni.code = oi.code"

/* Every copy but milestones, in dependency order; ?1 the old plan, ?2 the new one. */
static const char *const copy_sql[] = {
	"INSERT INTO plan_custom_column (plan_id, position, header)"
	" SELECT ?2, position, header FROM plan_custom_column WHERE plan_id = ?1",
	"INSERT INTO funding_source (plan_id, position, name)"
	" SELECT ?2, position, name FROM funding_source WHERE plan_id = ?1",
	"INSERT INTO plan_phase (plan_id, position, name)"
	" SELECT ?2, position, name FROM plan_phase WHERE plan_id = ?1",
	"INSERT INTO qualification_criterion (plan_id, position, name)"
	" SELECT ?2, position, name FROM qualification_criterion WHERE plan_id = ?1",
	"INSERT INTO indicator_family (plan_id, position, name)"
	" SELECT ?2, position, name FROM indicator_family WHERE plan_id = ?1",
	"INSERT INTO element (plan_id, parent_id, position, code, level, title, description,"
	" owner, beneficiaries, start_date, end_date, budget_cents, status, previous_element_id)"
	" SELECT ?2, NULL, position, code, level, title, description, owner, beneficiaries,"
	" start_date, end_date, budget_cents, status, id FROM element WHERE plan_id = ?1"
	" ORDER BY position, id",
	"UPDATE element SET parent_id = (SELECT np.id FROM element oe"
	" JOIN element op ON op.id = oe.parent_id"
	" JOIN element np ON np.plan_id = ?2 AND np.code = op.code"
	" WHERE oe.id = element.previous_element_id AND oe.plan_id = ?1)"
	" WHERE plan_id = ?2",
	"INSERT INTO element_partner (element_id, position, name)"
	" SELECT ne.id, x.position, x.name FROM element_partner x" MAP("element_id", "oe", "ne"),
	"INSERT INTO element_contribution (element_id, target_id, position)"
	" SELECT ne.id, nt.id, x.position FROM element_contribution x"
	MAP("element_id", "oe", "ne") MAP("target_id", "ot", "nt"),
	"INSERT INTO element_attribute (element_id, column_position, value)"
	" SELECT ne.id, x.column_position, x.value FROM element_attribute x"
	MAP("element_id", "oe", "ne"),
	"INSERT INTO element_status (element_id, progress_pct, weather, phase)"
	" SELECT ne.id, x.progress_pct, x.weather, x.phase FROM element_status x"
	MAP("element_id", "oe", "ne"),
	"INSERT INTO budget_line (element_id, year, nature, source, planned_cents,"
	" committed_cents, paid_cents)"
	" SELECT ne.id, x.year, x.nature, x.source, x.planned_cents, x.committed_cents,"
	" x.paid_cents FROM budget_line x" MAP("element_id", "oe", "ne") " ORDER BY x.id",
	"INSERT INTO risk (element_id, description, probability, impact, mitigation, owner, status)"
	" SELECT ne.id, x.description, x.probability, x.impact, x.mitigation, x.owner, x.status"
	" FROM risk x" MAP("element_id", "oe", "ne") " ORDER BY x.id",
	"INSERT INTO element_dependency (from_element_id, to_element_id)"
	" SELECT nf.id, nt.id FROM element_dependency x"
	MAP("from_element_id", "of", "nf") MAP("to_element_id", "ot", "nt"),
	"INSERT INTO element_qualification (element_id, nature, project_type)"
	" SELECT ne.id, x.nature, x.project_type FROM element_qualification x"
	MAP("element_id", "oe", "ne"),
	"INSERT INTO element_score (element_id, criterion, score)"
	" SELECT ne.id, x.criterion, x.score FROM element_score x" MAP("element_id", "oe", "ne"),
	"INSERT INTO swot_entry (plan_id, element_id, quadrant, position, text)"
	" SELECT ?2, NULL, quadrant, position, text FROM swot_entry"
	" WHERE plan_id = ?1 AND element_id IS NULL ORDER BY id",
	"INSERT INTO swot_entry (plan_id, element_id, quadrant, position, text)"
	" SELECT ?2, ne.id, x.quadrant, x.position, x.text FROM swot_entry x"
	MAP("element_id", "oe", "ne") " ORDER BY x.id",
	"INSERT INTO indicator (plan_id, position, code, name, definition, family, unit, source,"
	" owner, direction, frequency, baseline_value, baseline_on, tolerance, formula)"
	" SELECT ?2, position, code, name, definition, family, unit, source, owner, direction,"
	" frequency, baseline_value, baseline_on, tolerance, formula FROM indicator"
	" WHERE plan_id = ?1 ORDER BY position, id",
	"INSERT INTO indicator_target (indicator_id, target_on, value)"
	" SELECT ni.id, x.target_on, x.value FROM indicator_target x" MAP_INDICATOR,
	"INSERT INTO indicator_element (indicator_id, element_id, position)"
	" SELECT ni.id, ne.id, x.position FROM indicator_element x" MAP_INDICATOR
	MAP("element_id", "oe", "ne"),
};

typedef struct {
	int64_t old_id, new_id;
} id_pair;

static int compare_pairs(const void *x, const void *y)
{
	int64_t a = ((const id_pair *)x)->old_id, b = ((const id_pair *)y)->old_id;
	return (a > b) - (a < b);
}

static int64_t pair_find(const id_pair *pairs, size_t n, int64_t old_id)
{
	id_pair key = {old_id, 0};
	const id_pair *hit = bsearch(&key, pairs, n, sizeof(*pairs), compare_pairs);
	return hit ? hit->new_id : 0;
}

/* Milestones one by one (their new ids are needed), then their dependencies. */
static bool milestones_copy(store *s, arena *a, int64_t from, int64_t to, diag_list *d)
{
	sqlite3_stmt *list = store_prepare(s,
		"SELECT x.id FROM milestone x JOIN element e ON e.id = x.element_id"
		" WHERE e.plan_id = ? ORDER BY x.id", d);
	sqlite3_stmt *copy = store_prepare(s,
		"INSERT INTO milestone (element_id, position, title, planned_on, forecast_on, actual_on,"
		" status, deliverable, validated_by, validated_on, minutes_ref)"
		" SELECT ne.id, x.position, x.title, x.planned_on, x.forecast_on, x.actual_on, x.status,"
		" x.deliverable, x.validated_by, x.validated_on, x.minutes_ref FROM milestone x"
		MAP("element_id", "oe", "ne") " WHERE x.id = ?3", d);
	sqlite3_stmt *deps = store_prepare(s,
		"SELECT x.from_milestone_id, x.to_milestone_id FROM milestone_dependency x"
		" JOIN milestone m ON m.id = x.from_milestone_id"
		" JOIN element e ON e.id = m.element_id WHERE e.plan_id = ?", d);
	sqlite3_stmt *dep = store_prepare(s,
		"INSERT INTO milestone_dependency (from_milestone_id, to_milestone_id) VALUES (?, ?)", d);
	bool ok = list && copy && deps && dep;
	size_t n = 0, cap = 64;
	id_pair *pairs = arena_alloc(a, cap * sizeof(*pairs));
	if (ok)
		sqlite3_bind_int64(list, 1, from);
	while (ok && sqlite3_step(list) == SQLITE_ROW) {
		if (n == cap) {
			pairs = arena_realloc(a, pairs, cap * sizeof(*pairs), 2 * cap * sizeof(*pairs));
			cap *= 2;
		}
		pairs[n].old_id = sqlite3_column_int64(list, 0);
		sqlite3_bind_int64(copy, 1, from);
		sqlite3_bind_int64(copy, 2, to);
		sqlite3_bind_int64(copy, 3, pairs[n].old_id);
		ok = store_step_done(s, copy, d, _("copie des jalons impossible"));
		pairs[n++].new_id = sqlite3_last_insert_rowid(s->sqlite);
	}
	/* Listed by ascending id: already sorted for pair_find. */
	if (ok)
		sqlite3_bind_int64(deps, 1, from);
	while (ok && sqlite3_step(deps) == SQLITE_ROW) {
		int64_t f = pair_find(pairs, n, sqlite3_column_int64(deps, 0));
		int64_t t = pair_find(pairs, n, sqlite3_column_int64(deps, 1));
		if (!f || !t)
			continue;
		sqlite3_bind_int64(dep, 1, f);
		sqlite3_bind_int64(dep, 2, t);
		ok = store_step_done(s, dep, d, _("copie des dépendances entre jalons impossible"));
	}
	sqlite3_finalize(list);
	sqlite3_finalize(copy);
	sqlite3_finalize(deps);
	sqlite3_finalize(dep);
	return ok;
}

static bool plan_copy_row(store *s, int64_t from, const char *slug, const char *label,
                          int64_t *to, diag_list *d)
{
	sqlite3_stmt *st = store_prepare(s,
		"INSERT INTO plan (slug, title, organisation_id, period_start, period_end, version_label,"
		" status, source_name, created_at, envelope_cents, previous_plan_id)"
		" SELECT ?2, title, organisation_id, period_start, period_end, ?3, 'brouillon',"
		" source_name, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), envelope_cents, id"
		" FROM plan WHERE id = ?1", d);
	if (!st)
		return false;
	sqlite3_bind_int64(st, 1, from);
	sqlite3_bind_text(st, 2, slug, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, label, -1, SQLITE_STATIC);
	bool ok = store_step_done(s, st, d, _("création de la révision impossible"));
	sqlite3_finalize(st);
	if (ok)
		*to = sqlite3_last_insert_rowid(s->sqlite);
	return ok;
}

/* Inside the transaction: checks, the copy, the journal of both plans. */
static store_result revise(store *s, arena *a, plan *p, const char *new_slug,
                           const char **created, diag_list *d)
{
	plan_status current;
	if (!status_read(s, p->id, &current, NULL, d))
		return STORE_FAILED;
	if (current != PLAN_STATUS_ADOPTED) {
		diag_add(d, "status", 0,
		         _("seul un plan adopté peut être révisé ; le plan « %s » est « %s »"), p->slug,
		         plan_status_label(current));
		return STORE_INVALID;
	}
	int rank = chain_rank(s, p->id) + 1;
	const char *slug = new_slug && *new_slug ? new_slug : default_slug(s, a, p->slug, rank);
	if (new_slug && *new_slug && !slug_check(s, a, new_slug, d))
		return STORE_INVALID;
	const char *label = arena_printf(a, "v%d", rank);
	int64_t to;
	bool ok = plan_copy_row(s, p->id, slug, label, &to, d);
	for (size_t i = 0; ok && i < sizeof(copy_sql) / sizeof(copy_sql[0]); i++)
		ok = exec_ids(s, copy_sql[i], p->id, to, d);
	ok = ok && milestones_copy(s, a, p->id, to, d) &&
	     status_write(s, p->id, current, PLAN_STATUS_REVISION, d);
	if (ok) {
		const char *summary = arena_printf(a, "révision de « %s » : %zu %s", p->slug,
		                                   p->element_count,
		                                   p->element_count > 1 ? "éléments" : "élément");
		ok = store_change_record(s, to, NULL, "plan", to, CHANGE_CREATE, NULL, NULL, summary,
		                         d) &&
		     store_change_record(s, p->id, NULL, "plan", p->id, CHANGE_UPDATE, "revision", NULL,
		                         slug, d);
	}
	if (!ok)
		return STORE_FAILED;
	*created = slug;
	return STORE_OK;
}

store_result store_plan_revise(store *s, arena *a, plan *p, const char *new_slug,
                               const char **created, diag_list *d)
{
	if (!store_begin(s, d))
		return STORE_FAILED;
	store_result r = revise(s, a, p, new_slug, created, d);
	if (!store_end(s, r == STORE_OK, d))
		return r == STORE_OK ? STORE_FAILED : r;
	p->status = PLAN_STATUS_REVISION;
	return STORE_OK;
}

/* ---- the chain ------------------------------------------------------------------------------ */

static bool version_read(store *s, arena *a, sqlite3_stmt *st, plan_version *v)
{
	(void)s;
	v->id = sqlite3_column_int64(st, 0);
	v->slug = store_column_text(a, st, 1);
	v->title = store_column_text(a, st, 2);
	v->version_label = store_column_text(a, st, 3);
	if (!plan_status_parse((const char *)sqlite3_column_text(st, 4), &v->status))
		v->status = PLAN_STATUS_DRAFT;
	v->adopted_on = store_column_date(st, 5);
	v->created_at = store_column_text(a, st, 6);
	return true;
}

bool store_plan_versions(store *s, arena *a, const plan *p, plan_version **out, size_t *count,
                         size_t *current, diag_list *d)
{
	static const char *const columns =
		"SELECT id, slug, title, version_label, status, adopted_on, created_at FROM plan";
	sqlite3_stmt *by_id = store_prepare(s, arena_printf(a, "%s WHERE id = ?", columns), d);
	sqlite3_stmt *next = store_prepare(s,
		arena_printf(a, "%s WHERE previous_plan_id = ? ORDER BY id DESC LIMIT 1", columns), d);
	if (!by_id || !next) {
		sqlite3_finalize(by_id);
		sqlite3_finalize(next);
		return false;
	}
	/* Back from p (newest first), then reversed, then forward. */
	size_t n = 0, cap = 8;
	plan_version *items = arena_alloc(a, cap * sizeof(*items));
	for (int64_t id = p->id; id && n < 10000; id = store_plan_previous_id(s, id)) {
		sqlite3_reset(by_id);
		sqlite3_bind_int64(by_id, 1, id);
		if (sqlite3_step(by_id) != SQLITE_ROW)
			break;
		if (n == cap) {
			items = arena_realloc(a, items, cap * sizeof(*items), 2 * cap * sizeof(*items));
			cap *= 2;
		}
		version_read(s, a, by_id, &items[n++]);
	}
	for (size_t i = 0; i < n / 2; i++) {
		plan_version t = items[i];
		items[i] = items[n - 1 - i];
		items[n - 1 - i] = t;
	}
	*current = n ? n - 1 : 0;
	for (int64_t id = p->id; n < 10000;) {
		sqlite3_reset(next);
		sqlite3_bind_int64(next, 1, id);
		if (sqlite3_step(next) != SQLITE_ROW)
			break;
		if (n == cap) {
			items = arena_realloc(a, items, cap * sizeof(*items), 2 * cap * sizeof(*items));
			cap *= 2;
		}
		version_read(s, a, next, &items[n]);
		id = items[n++].id;
	}
	sqlite3_finalize(by_id);
	sqlite3_finalize(next);
	*out = items;
	*count = n;
	return true;
}
