/*
 * plan_store.c — plans, elements and organisations in SQLite.
 *
 * A plan is written in one transaction with statements prepared once and reused for
 * every element, so a 10,000-element import is one fsync, not ten thousand. Loading
 * reads each table once for the whole plan (never one query per element) and joins
 * rows to elements through an id index.
 */
#include "store/plan_store.h"

#include <stdlib.h>
#include <string.h>

#include "store/account_store.h"
#include "store/change_log.h"
#include "store/steering_store.h"
#include "util/i18n.h"
#include "util/text.h"
#include "store/id_index.h"

/* ---- small helpers ------------------------------------------------------------ */

static void bind_positive_int(sqlite3_stmt *st, int i, int v)
{
	if (v > 0)
		sqlite3_bind_int(st, i, v);
	else
		sqlite3_bind_null(st, i);
}

/* Append to an arena array, doubling its capacity when count reaches a power of 2. */
static void push_text(arena *a, const char ***items, size_t *count, const char *v)
{
	size_t n = *count;
	if (n == 0 || (n & (n - 1)) == 0) {
		size_t cap = n ? n * 2 : 2;
		*items = arena_realloc(a, (void *)*items, n * sizeof(**items), cap * sizeof(**items));
	}
	(*items)[n] = v;
	*count = n + 1;
}

static bool step_done(store *s, sqlite3_stmt *st, diag_list *d, const char *doing)
{
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		store_report(s, d, doing);
		return false;
	}
	return true;
}

/* ---- organisations --------------------------------------------------------------- */

static bool organisation_find(store *s, const char *name, int64_t *id, diag_list *d)
{
	sqlite3_stmt *st = store_prepare(s, "SELECT id FROM organisation WHERE name = ?", d);
	if (!st)
		return false;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	bool found = sqlite3_step(st) == SQLITE_ROW;
	if (found)
		*id = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return found;
}

bool store_organisation_create(store *s, const char *name, organisation_kind kind,
                               const char *parent, diag_list *d)
{
	int64_t id, parent_id = 0;
	if (!name || !*name) {
		diag_add(d, NULL, 0, _("le nom de l'organisation est vide"));
		return false;
	}
	if (organisation_find(s, name, &id, d)) {
		diag_add(d, NULL, 0, _("l'organisation « %s » existe déjà"), name);
		return false;
	}
	if (parent && !organisation_find(s, parent, &parent_id, d)) {
		diag_add(d, NULL, 0, _("organisation parente inconnue « %s »"), parent);
		return false;
	}
	sqlite3_stmt *st = store_prepare(s,
		"INSERT INTO organisation (name, kind, parent_id) VALUES (?, ?, ?)", d);
	if (!st)
		return false;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, organisation_kind_key(kind), -1, SQLITE_STATIC);
	if (parent_id)
		sqlite3_bind_int64(st, 3, parent_id);
	bool ok = step_done(s, st, d, _("création de l'organisation impossible"));
	sqlite3_finalize(st);
	return ok;
}

bool store_organisation_set_kind(store *s, const char *name, organisation_kind kind,
                                 diag_list *d)
{
	sqlite3_stmt *st = store_prepare(s, "UPDATE organisation SET kind = ? WHERE name = ?", d);
	if (!st)
		return false;
	sqlite3_bind_text(st, 1, organisation_kind_key(kind), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
	bool ok = store_begin(s, d) &&
	          step_done(s, st, d, _("mise à jour de l'organisation impossible"));
	sqlite3_finalize(st);
	if (ok && sqlite3_changes(s->sqlite) == 0) {
		diag_add(d, NULL, 0, _("organisation inconnue « %s »"), name);
		ok = false;
	}
	if (!ok) {
		store_rollback(s);
		return false;
	}
	return store_commit(s, d);
}

/* Find the organisation by name, creating it when missing. */
static bool organisation_ensure(store *s, const char *name, organisation_kind kind,
                                int64_t *id, diag_list *d)
{
	if (organisation_find(s, name, id, d))
		return true;
	if (!store_organisation_create(s, name, kind, NULL, d))
		return false;
	*id = sqlite3_last_insert_rowid(s->sqlite);
	return true;
}

bool store_organisation_list(store *s, arena *a, organisation_summary **out, size_t *count,
                             diag_list *d)
{
	sqlite3_stmt *st = store_prepare(s,
		"SELECT o.id, o.name, o.kind, p.name,"
		" (SELECT count(*) FROM plan WHERE organisation_id = o.id)"
		" FROM organisation o LEFT JOIN organisation p ON p.id = o.parent_id"
		" ORDER BY o.name", d);
	if (!st)
		return false;
	size_t n = 0, cap = 16;
	organisation_summary *items = arena_alloc(a, cap * sizeof(*items));
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (n == cap) {
			items = arena_realloc(a, items, cap * sizeof(*items), cap * 2 * sizeof(*items));
			cap *= 2;
		}
		organisation_summary *o = &items[n++];
		o->id = sqlite3_column_int64(st, 0);
		o->name = store_column_text(a, st, 1);
		if (!organisation_kind_parse((const char *)sqlite3_column_text(st, 2), &o->kind))
			o->kind = ORGANISATION_OTHER;
		o->parent = store_column_text(a, st, 3);
		o->plan_count = (size_t)sqlite3_column_int64(st, 4);
	}
	sqlite3_finalize(st);
	*out = items;
	*count = n;
	return true;
}

/* ---- plans: create ------------------------------------------------------------------ */

static bool slug_taken(store *s, const char *slug, diag_list *d)
{
	sqlite3_stmt *st = store_prepare(s, "SELECT 1 FROM plan WHERE slug = ?", d);
	if (!st)
		return true;
	sqlite3_bind_text(st, 1, slug, -1, SQLITE_STATIC);
	bool taken = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	return taken;
}

static bool plan_choose_slug(store *s, arena *a, plan *p, diag_list *d)
{
	if (p->slug && *p->slug) {
		const char *clean = text_slugify(a, p->slug, 64);
		if (strcmp(clean, p->slug) != 0) {
			diag_add(d, NULL, 0,
			         _("identifiant « %s » invalide : lettres minuscules sans accent, "
			           "chiffres et tirets seulement (par exemple « %s »)"),
			         p->slug, clean);
			return false;
		}
		if (slug_taken(s, p->slug, d)) {
			diag_add(d, NULL, 0, _("l'identifiant « %s » est déjà pris par un autre plan"),
			         p->slug);
			return false;
		}
		return true;
	}
	const char *base = text_slugify(a, p->title, 48);
	const char *candidate = base;
	for (int n = 2; slug_taken(s, candidate, d); n++)
		candidate = arena_printf(a, "%s-%d", base, n);
	p->slug = candidate;
	return true;
}

/* The plan's own fields, bound from parameter `first` on in the order both the
 * INSERT and the UPDATE list them: title, organisation, period start and end,
 * version, status, then the adoption record (date, body, number, three votes). */
static void bind_plan_fields(sqlite3_stmt *st, int first, const plan *p,
                             int64_t organisation_id, char date[11])
{
	sqlite3_bind_text(st, first, p->title, -1, SQLITE_STATIC);
	if (organisation_id)
		sqlite3_bind_int64(st, first + 1, organisation_id);
	bind_positive_int(st, first + 2, p->period_start);
	bind_positive_int(st, first + 3, p->period_end);
	store_bind_text(st, first + 4, p->version_label);
	sqlite3_bind_text(st, first + 5, plan_status_key(p->status), -1, SQLITE_STATIC);
	if (p->adoption.recorded) {
		store_bind_date(st, first + 6, p->adoption.date, date);
		store_bind_text(st, first + 7, p->adoption.body);
		store_bind_text(st, first + 8, p->adoption.number);
		sqlite3_bind_int(st, first + 9, p->adoption.votes_for);
		sqlite3_bind_int(st, first + 10, p->adoption.votes_against);
		sqlite3_bind_int(st, first + 11, p->adoption.abstentions);
	}
}

static bool plan_insert_row(store *s, plan *p, int64_t organisation_id, diag_list *d)
{
	sqlite3_stmt *st = store_prepare(s,
		"INSERT INTO plan (slug, title, organisation_id, period_start, period_end,"
		" version_label, status, adopted_on, adopted_by, deliberation_number,"
		" votes_for, votes_against, abstentions, source_name, created_at)"
		" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
		" strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))", d);
	if (!st)
		return false;
	char date[11];
	sqlite3_bind_text(st, 1, p->slug, -1, SQLITE_STATIC);
	bind_plan_fields(st, 2, p, organisation_id, date);
	store_bind_text(st, 14, p->source_name);
	bool ok = step_done(s, st, d, _("enregistrement du plan impossible"));
	sqlite3_finalize(st);
	if (ok)
		p->id = sqlite3_last_insert_rowid(s->sqlite);
	return ok;
}

enum { INSERT_ELEMENT, INSERT_PARTNER, INSERT_ATTRIBUTE, INSERT_CONTRIBUTION,
       INSERT_COLUMN, INSERT_COUNT };

static const char *const insert_sql[INSERT_COUNT] = {
	[INSERT_ELEMENT] =
		"INSERT INTO element (plan_id, parent_id, position, code, level, title,"
		" description, owner, beneficiaries, start_date, end_date, budget_cents, status)"
		" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	[INSERT_PARTNER] =
		"INSERT INTO element_partner (element_id, position, name) VALUES (?, ?, ?)",
	[INSERT_ATTRIBUTE] =
		"INSERT INTO element_attribute (element_id, column_position, value) VALUES (?, ?, ?)",
	[INSERT_CONTRIBUTION] =
		"INSERT INTO element_contribution (element_id, target_id, position) VALUES (?, ?, ?)",
	[INSERT_COLUMN] =
		"INSERT INTO plan_custom_column (plan_id, position, header) VALUES (?, ?, ?)",
};

static bool element_insert(store *s, plan *p, plan_element *e, sqlite3_stmt **st, diag_list *d)
{
	char start[11], end[11];
	sqlite3_stmt *q = st[INSERT_ELEMENT];
	sqlite3_bind_int64(q, 1, p->id);
	if (e->parent)
		sqlite3_bind_int64(q, 2, e->parent->id);
	else
		sqlite3_bind_null(q, 2);
	sqlite3_bind_int64(q, 3, (int64_t)(e - p->elements));
	sqlite3_bind_text(q, 4, e->code, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 5, e->level, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 6, e->title, -1, SQLITE_STATIC);
	store_bind_text(q, 7, e->description);
	store_bind_text(q, 8, e->owner);
	store_bind_text(q, 9, e->beneficiaries);
	store_bind_date(q, 10, e->start, start);
	store_bind_date(q, 11, e->end, end);
	if (e->has_budget)
		sqlite3_bind_int64(q, 12, e->budget_cents);
	else
		sqlite3_bind_null(q, 12);
	store_bind_text(q, 13, e->status);
	if (!step_done(s, q, d, _("enregistrement d'un élément impossible")))
		return false;
	e->id = sqlite3_last_insert_rowid(s->sqlite);

	for (size_t k = 0; k < e->partner_count; k++) {
		sqlite3_bind_int64(st[INSERT_PARTNER], 1, e->id);
		sqlite3_bind_int64(st[INSERT_PARTNER], 2, (int64_t)k);
		sqlite3_bind_text(st[INSERT_PARTNER], 3, e->partners[k], -1, SQLITE_STATIC);
		if (!step_done(s, st[INSERT_PARTNER], d, _("enregistrement d'un partenaire impossible")))
			return false;
	}
	for (size_t k = 0; e->attributes && k < p->custom_column_count; k++) {
		if (!e->attributes[k] || !*e->attributes[k])
			continue;
		sqlite3_bind_int64(st[INSERT_ATTRIBUTE], 1, e->id);
		sqlite3_bind_int64(st[INSERT_ATTRIBUTE], 2, (int64_t)k);
		sqlite3_bind_text(st[INSERT_ATTRIBUTE], 3, e->attributes[k], -1, SQLITE_STATIC);
		if (!step_done(s, st[INSERT_ATTRIBUTE], d, _("enregistrement d'un attribut impossible")))
			return false;
	}
	return true;
}

static bool plan_insert(store *s, arena *a, plan *p, diag_list *d)
{
	int64_t organisation_id = 0;
	if (p->organisation && *p->organisation &&
	    !organisation_ensure(s, p->organisation, p->organisation_kind, &organisation_id, d))
		return false;
	if (!plan_choose_slug(s, a, p, d) || !plan_insert_row(s, p, organisation_id, d) ||
	    !store_plan_lists_seed(s, p->id, d))
		return false;

	sqlite3_stmt *st[INSERT_COUNT] = {0};
	bool ok = true;
	for (int i = 0; i < INSERT_COUNT && ok; i++)
		ok = (st[i] = store_prepare(s, insert_sql[i], d)) != NULL;
	for (size_t k = 0; ok && k < p->custom_column_count; k++) {
		sqlite3_bind_int64(st[INSERT_COLUMN], 1, p->id);
		sqlite3_bind_int64(st[INSERT_COLUMN], 2, (int64_t)k);
		sqlite3_bind_text(st[INSERT_COLUMN], 3, p->custom_columns[k], -1, SQLITE_STATIC);
		ok = step_done(s, st[INSERT_COLUMN], d, _("enregistrement d'une colonne impossible"));
	}
	/* Depth-first order puts every parent before its children. */
	for (size_t i = 0; ok && i < p->element_count; i++)
		ok = element_insert(s, p, p->ordered[i], st, d);
	for (size_t i = 0; ok && i < p->element_count; i++) {
		plan_element *e = &p->elements[i];
		for (size_t k = 0; ok && k < e->contribution_count; k++) {
			sqlite3_bind_int64(st[INSERT_CONTRIBUTION], 1, e->id);
			sqlite3_bind_int64(st[INSERT_CONTRIBUTION], 2, e->contributions[k]->id);
			sqlite3_bind_int64(st[INSERT_CONTRIBUTION], 3, (int64_t)k);
			ok = step_done(s, st[INSERT_CONTRIBUTION], d,
			               _("enregistrement d'une contribution impossible"));
		}
	}
	for (int i = 0; i < INSERT_COUNT; i++)
		sqlite3_finalize(st[i]);
	/* One journal row for the whole import (French data, see change_log.h). */
	char summary[64];
	snprintf(summary, sizeof(summary), "%zu %s", p->element_count,
	         p->element_count > 1 ? "éléments" : "élément");
	return ok && store_change_record(s, p->id, NULL, "plan", p->id, CHANGE_IMPORT, NULL, NULL,
	                                 summary, d);
}

bool store_plan_create(store *s, arena *a, plan *p, diag_list *d)
{
	if (!store_begin(s, d))
		return false;
	if (!plan_insert(s, a, p, d)) {
		store_rollback(s);
		return false;
	}
	return store_commit(s, d);
}

/* ---- plans: load -------------------------------------------------------------------- */

static const char *const plan_select =
	"SELECT p.id, p.slug, p.title, o.name, o.kind, p.period_start, p.period_end,"
	" p.version_label, p.status, p.adopted_on, p.adopted_by, p.deliberation_number,"
	" p.votes_for, p.votes_against, p.abstentions, p.source_name, p.public"
	" FROM plan p LEFT JOIN organisation o ON o.id = p.organisation_id"
	" WHERE p.slug = ?1 OR (p.id = ?2 AND ?2 > 0)";

/* A plan reference is its slug or its number. */
static int64_t plan_ref_number(const char *ref)
{
	char *end;
	long long n = strtoll(ref, &end, 10);
	return (*ref && *end == '\0' && n > 0) ? (int64_t)n : 0;
}

static bool plan_load_row(store *s, arena *a, const char *ref, plan *p, diag_list *d)
{
	sqlite3_stmt *st = store_prepare(s, plan_select, d);
	if (!st)
		return false;
	sqlite3_bind_text(st, 1, ref, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, plan_ref_number(ref));
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_finalize(st);
		diag_add(d, NULL, 0, _("plan inconnu « %s » (la commande « plans » les liste)"), ref);
		return false;
	}
	p->id = sqlite3_column_int64(st, 0);
	p->slug = store_column_text(a, st, 1);
	p->title = store_column_text(a, st, 2);
	p->organisation = store_column_text(a, st, 3);
	if (!organisation_kind_parse((const char *)sqlite3_column_text(st, 4), &p->organisation_kind))
		p->organisation_kind = ORGANISATION_OTHER;
	p->period_start = sqlite3_column_int(st, 5);
	p->period_end = sqlite3_column_int(st, 6);
	p->version_label = store_column_text(a, st, 7);
	if (!plan_status_parse((const char *)sqlite3_column_text(st, 8), &p->status))
		p->status = PLAN_STATUS_DRAFT;
	/* Any of the record's columns says it was recorded (the votes are written as
	 * numbers, even 0, whenever it is). */
	p->adoption.recorded = false;
	for (int i = 9; i <= 14; i++)
		p->adoption.recorded |= sqlite3_column_type(st, i) != SQLITE_NULL;
	p->adoption.date = store_column_date(st, 9);
	p->adoption.body = store_column_text(a, st, 10);
	p->adoption.number = store_column_text(a, st, 11);
	p->adoption.votes_for = sqlite3_column_int(st, 12);
	p->adoption.votes_against = sqlite3_column_int(st, 13);
	p->adoption.abstentions = sqlite3_column_int(st, 14);
	p->source_name = store_column_text(a, st, 15);
	p->public_plan = sqlite3_column_int(st, 16) != 0;
	sqlite3_finalize(st);
	return true;
}

static bool plan_load_columns(store *s, arena *a, plan *p, diag_list *d)
{
	sqlite3_stmt *st = store_prepare(s,
		"SELECT header FROM plan_custom_column WHERE plan_id = ? ORDER BY position", d);
	if (!st)
		return false;
	sqlite3_bind_int64(st, 1, p->id);
	while (sqlite3_step(st) == SQLITE_ROW)
		push_text(a, &p->custom_columns, &p->custom_column_count, store_column_text(a, st, 0));
	sqlite3_finalize(st);
	return true;
}

static bool plan_load_elements(store *s, arena *a, plan *p, diag_list *d)
{
	sqlite3_stmt *st = store_prepare(s,
		"SELECT count(*) FROM element WHERE plan_id = ?", d);
	if (!st)
		return false;
	sqlite3_bind_int64(st, 1, p->id);
	size_t count = sqlite3_step(st) == SQLITE_ROW ? (size_t)sqlite3_column_int64(st, 0) : 0;
	sqlite3_finalize(st);

	p->elements = arena_alloc(a, (count ? count : 1) * sizeof(*p->elements));
	st = store_prepare(s,
		"SELECT e.id, e.code, parent.code, e.level, e.title, e.description, e.owner,"
		" e.beneficiaries, e.start_date, e.end_date, e.budget_cents, e.status, e.version,"
		" e.previous_element_id"
		" FROM element e LEFT JOIN element parent ON parent.id = e.parent_id"
		" WHERE e.plan_id = ? ORDER BY e.position, e.id", d);
	if (!st)
		return false;
	sqlite3_bind_int64(st, 1, p->id);
	size_t n = 0;
	while (n < count && sqlite3_step(st) == SQLITE_ROW) {
		plan_element *e = &p->elements[n++];
		e->id = sqlite3_column_int64(st, 0);
		e->code = store_column_text(a, st, 1);
		e->parent_code = store_column_text(a, st, 2);
		e->level = store_column_text(a, st, 3);
		e->title = store_column_text(a, st, 4);
		e->description = store_column_text(a, st, 5);
		e->owner = store_column_text(a, st, 6);
		e->beneficiaries = store_column_text(a, st, 7);
		e->start = store_column_date(st, 8);
		e->end = store_column_date(st, 9);
		e->has_budget = sqlite3_column_type(st, 10) != SQLITE_NULL;
		e->budget_cents = sqlite3_column_int64(st, 10);
		e->status = store_column_text(a, st, 11);
		e->version = sqlite3_column_int64(st, 12);
		e->previous_id = sqlite3_column_int64(st, 13);
		if (p->custom_column_count)
			e->attributes = arena_alloc(a, p->custom_column_count * sizeof(*e->attributes));
	}
	sqlite3_finalize(st);
	p->element_count = n;
	return true;
}

/* Side tables: one query each for the whole plan, rows joined through the id index. */
static bool plan_load_side_tables(store *s, arena *a, plan *p, const store_id_index *ix,
                                  diag_list *d)
{
	static const char *const sql[] = {
		("SELECT x.element_id, x.name, 0 FROM element_partner x"
		 " JOIN element e ON e.id = x.element_id WHERE e.plan_id = ?"
		 " ORDER BY x.element_id, x.position"),
		("SELECT x.element_id, t.code, 0 FROM element_contribution x"
		 " JOIN element e ON e.id = x.element_id JOIN element t ON t.id = x.target_id"
		 " WHERE e.plan_id = ? ORDER BY x.element_id, x.position"),
		("SELECT x.element_id, x.value, x.column_position FROM element_attribute x"
		 " JOIN element e ON e.id = x.element_id WHERE e.plan_id = ?"),
	};
	for (size_t q = 0; q < sizeof(sql) / sizeof(sql[0]); q++) {
		sqlite3_stmt *st = store_prepare(s, sql[q], d);
		if (!st)
			return false;
		sqlite3_bind_int64(st, 1, p->id);
		while (sqlite3_step(st) == SQLITE_ROW) {
			/* The plan is this function's to fill: the index hands back its elements. */
			plan_element *e =
				(plan_element *)store_id_index_get(ix, sqlite3_column_int64(st, 0));
			const char *v = store_column_text(a, st, 1);
			if (!e || !v)
				continue;
			if (q == 0) {
				push_text(a, &e->partners, &e->partner_count, v);
			} else if (q == 1) {
				push_text(a, &e->contributes_to, &e->contribution_count, v);
			} else {
				int64_t column = sqlite3_column_int64(st, 2);
				if (column >= 0 && (size_t)column < p->custom_column_count)
					e->attributes[column] = v;
			}
		}
		sqlite3_finalize(st);
	}
	return true;
}

bool store_plan_load(store *s, arena *a, const char *ref, plan *p, diag_list *d)
{
	memset(p, 0, sizeof(*p));
	store_id_index ix;
	if (!plan_load_row(s, a, ref, p, d) || !plan_load_columns(s, a, p, d) ||
	    !plan_load_elements(s, a, p, d))
		return false;
	store_id_index_build(a, &ix, p);
	if (!plan_load_side_tables(s, a, p, &ix, d))
		return false;
	if (!plan_link(a, p, s->path, d)) {
		diag_add(d, s->path, 0,
		         _("le plan « %s » est incohérent dans la base ; "
		           "vérifiez-la avec « sqlite3 BASE 'PRAGMA integrity_check' »"),
		         p->slug);
		return false;
	}
	return true;
}

/* ---- plans: update, delete, list ---------------------------------------------------- */

/* The plan's publicity, inside the update's transaction: written, and recorded in the
 * audit log (entity plan, field public, "oui"/"non") when it changes. */
static bool plan_public_write(store *s, const plan *p, diag_list *d)
{
	sqlite3_stmt *st = store_prepare(s, "SELECT public FROM plan WHERE id = ?", d);
	if (!st)
		return false;
	sqlite3_bind_int64(st, 1, p->id);
	int rc = sqlite3_step(st);
	bool was = rc == SQLITE_ROW && sqlite3_column_int(st, 0) != 0;
	if (!store_read_end(s, st, rc == SQLITE_ROW ? SQLITE_DONE : rc, d,
	                    _("lecture du plan impossible")))
		return false;
	if (was == p->public_plan)
		return true;
	st = store_prepare(s, "UPDATE plan SET public = ? WHERE id = ?", d);
	if (!st)
		return false;
	sqlite3_bind_int(st, 1, p->public_plan);
	sqlite3_bind_int64(st, 2, p->id);
	bool ok = step_done(s, st, d, _("mise à jour du plan impossible"));
	sqlite3_finalize(st);
	return ok && store_audit_record(s, "plan", p->id, "update", "public", was ? "oui" : "non",
	                                p->public_plan ? "oui" : "non", d);
}

bool store_plan_update(store *s, const plan *p, diag_list *d)
{
	if (!store_begin(s, d))
		return false;
	int64_t organisation_id = 0;
	if (p->organisation && *p->organisation &&
	    !organisation_ensure(s, p->organisation, p->organisation_kind, &organisation_id, d)) {
		store_rollback(s);
		return false;
	}
	sqlite3_stmt *st = store_prepare(s,
		"UPDATE plan SET title = ?, organisation_id = ?, period_start = ?, period_end = ?,"
		" version_label = ?, status = ?, adopted_on = ?, adopted_by = ?,"
		" deliberation_number = ?, votes_for = ?, votes_against = ?, abstentions = ?"
		" WHERE id = ?", d);
	if (!st) {
		store_rollback(s);
		return false;
	}
	char date[11];
	bind_plan_fields(st, 1, p, organisation_id, date);
	sqlite3_bind_int64(st, 13, p->id);
	bool ok = step_done(s, st, d, _("mise à jour du plan impossible"));
	sqlite3_finalize(st);
	ok = ok && plan_public_write(s, p, d);
	if (!ok) {
		store_rollback(s);
		return false;
	}
	return store_commit(s, d);
}

bool store_plan_delete(store *s, const char *ref, diag_list *d)
{
	/* SQLite stops nested cascades at 1000 levels: parent links are cut first, in the
	 * same transaction, so the cascade from the plan is one level deep whatever the
	 * depth of its tree. */
	static const char *const sql[] = {
		"UPDATE element SET parent_id = NULL WHERE parent_id IS NOT NULL AND plan_id ="
		" (SELECT id FROM plan WHERE slug = ?1 OR (id = ?2 AND ?2 > 0))",
		"DELETE FROM plan WHERE slug = ?1 OR (id = ?2 AND ?2 > 0)",
	};
	if (!store_begin(s, d))
		return false;
	bool ok = true;
	for (size_t i = 0; ok && i < sizeof(sql) / sizeof(sql[0]); i++) {
		sqlite3_stmt *st = store_prepare(s, sql[i], d);
		if (!st) {
			ok = false;
			break;
		}
		sqlite3_bind_text(st, 1, ref, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, plan_ref_number(ref));
		ok = step_done(s, st, d, _("suppression du plan impossible"));
		sqlite3_finalize(st);
	}
	if (ok && sqlite3_changes(s->sqlite) == 0) {
		diag_add(d, NULL, 0, _("plan inconnu « %s » (la commande « plans » les liste)"), ref);
		ok = false;
	}
	if (!ok) {
		store_rollback(s);
		return false;
	}
	return store_commit(s, d);
}

bool store_plan_list(store *s, arena *a, plan_summary **out, size_t *count, diag_list *d)
{
	sqlite3_stmt *st = store_prepare(s,
		"SELECT p.id, p.slug, p.title, o.name, p.period_start, p.period_end,"
		" p.version_label, p.status,"
		" (SELECT count(*) FROM element e WHERE e.plan_id = p.id)"
		" FROM plan p LEFT JOIN organisation o ON o.id = p.organisation_id"
		" ORDER BY o.name, p.title, p.id", d);
	if (!st)
		return false;
	size_t n = 0, cap = 16;
	plan_summary *items = arena_alloc(a, cap * sizeof(*items));
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (n == cap) {
			items = arena_realloc(a, items, cap * sizeof(*items), cap * 2 * sizeof(*items));
			cap *= 2;
		}
		plan_summary *p = &items[n++];
		p->id = sqlite3_column_int64(st, 0);
		p->slug = store_column_text(a, st, 1);
		p->title = store_column_text(a, st, 2);
		p->organisation = store_column_text(a, st, 3);
		p->period_start = sqlite3_column_int(st, 4);
		p->period_end = sqlite3_column_int(st, 5);
		p->version_label = store_column_text(a, st, 6);
		if (!plan_status_parse((const char *)sqlite3_column_text(st, 7), &p->status))
			p->status = PLAN_STATUS_DRAFT;
		p->element_count = (size_t)sqlite3_column_int64(st, 8);
	}
	sqlite3_finalize(st);
	*out = items;
	*count = n;
	return true;
}
