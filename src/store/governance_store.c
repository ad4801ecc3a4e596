/*
 * governance_store.c — a plan's committees in SQLite (governance_store.h): instances
 * with members and branches, meetings, agendas, attendees, decisions with their
 * effects on the plan, and action items (schema: migration 6).
 *
 * Writes follow item_store.c's steps, in one transaction (BEGIN IMMEDIATE):
 *   1. the values alone are checked, every problem named by its field;
 *   2. what needs the database (the record's row and version, the plan's instances,
 *      indicators, risks, milestones, phases) is checked inside the transaction;
 *   3. rows are written, each naming its plan (a record of another plan matches
 *      nothing: STORE_NOT_FOUND), then journalled (change_log.h);
 *   4. commit, or roll back everything on the first failure.
 * A decision's effect goes through item_store.c's milestone update and
 * steering_store.c's status writer, in their "in the caller's transaction" form, so
 * that it obeys and journals exactly as the element sheet's forms do, and a refused
 * effect leaves no decision behind.
 *
 * Records are reached through their plan: meetings through their instance, agenda
 * points, attendees and decisions through their meeting, action items directly.
 * Statements are prepared per call: these are single-record writes and small lists.
 */
#include "store/governance_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/steering.h"
#include "store/change_log.h"
#include "store/id_index.h"
#include "store/item_store.h"
#include "store/steering_store.h"
#include "util/buf.h"
#include "util/i18n.h"
#include "util/text.h"

/* ---- small helpers ------------------------------------------------------------------ */

/* Trimmed text from the arena, NULL when nothing is left (the database keeps no empty
 * strings). */
static const char *clean(arena *a, const char *s)
{
	if (!s)
		return NULL;
	char *t = text_trim(a, s);
	return *t ? t : NULL;
}

/* End the transaction: commit on success, else roll back and keep the result. */
static store_result finish(store *s, store_result r, diag_list *d)
{
	if (store_end(s, r == STORE_OK, d))
		return STORE_OK;
	return r == STORE_OK ? STORE_FAILED : r;
}

/* Run a write prepared here, then finalize it; *changes: rows changed (may be NULL). */
static store_result run_write(store *s, sqlite3_stmt *st, int64_t *changes, diag_list *d,
                              const char *doing)
{
	if (!st)
		return STORE_FAILED;
	int rc = sqlite3_step(st);
	store_result r = STORE_OK;
	if (rc != SQLITE_DONE) {
		store_report(s, d, doing);
		r = STORE_FAILED;
	}
	if (changes)
		*changes = r == STORE_OK ? sqlite3_changes(s->sqlite) : 0;
	sqlite3_finalize(st);
	return r;
}

/* The end of a read loop: finalize, and report anything but the end of rows. */
static store_result read_end(store *s, sqlite3_stmt *st, int rc, diag_list *d)
{
	return store_read_end(s, st, rc, d, _("lecture des instances de gouvernance impossible"))
	               ? STORE_OK
	               : STORE_FAILED;
}

/* One integer from a query whose parameters are bound, then finalized; *found false
 * when there is no row. */
static store_result query_integer(store *s, sqlite3_stmt *st, int64_t *out, bool *found,
                                  diag_list *d)
{
	if (!st)
		return STORE_FAILED;
	int rc = sqlite3_step(st);
	*found = rc == SQLITE_ROW;
	*out = *found ? sqlite3_column_int64(st, 0) : 0;
	return read_end(s, st, rc == SQLITE_ROW ? SQLITE_DONE : rc, d);
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

static int column_int_or(sqlite3_stmt *st, int i, int none)
{
	return sqlite3_column_type(st, i) == SQLITE_NULL ? none : sqlite3_column_int(st, i);
}

static const char *date_fr(arena *a, jalon_date day)
{
	char out[11];
	date_format_fr(day, out);
	return arena_strdup(a, out);
}

static bool date_bad(jalon_date v)
{
	return date_is_set(v) && !date_valid(v);
}

/* Codes of elements joined by "|" (the journal's way of writing a list). */
static const char *codes_joined(arena *a, const plan_element *const *elements, size_t count)
{
	if (!count)
		return NULL;
	buf out = {0};
	for (size_t i = 0; i < count; i++)
		buf_printf(&out, "%s%s", i ? "|" : "", elements[i] && elements[i]->code ?
		           elements[i]->code : "");
	const char *text = arena_strdup(a, out.data ? out.data : "");
	buf_free(&out);
	return text;
}

/* Elements given by a caller: each of p, each once. The diag names `field`. */
static bool elements_check(const plan *p, const plan_element *const *elements, size_t count,
                           const char *field, int line, diag_list *d)
{
	bool ok = true;
	for (size_t i = 0; i < count; i++) {
		const plan_element *e = elements[i];
		if (!e || !e->id || !plan_find_id(p, e->id)) {
			diag_add(d, field, line, _("élément %s absent du plan « %s »"),
			         e && e->code ? e->code : "?", p->slug);
			ok = false;
			continue;
		}
		for (size_t j = 0; j < i; j++)
			if (elements[j] && elements[j]->id == e->id) {
				diag_add(d, field, line, _("élément %s cité deux fois"), e->code);
				ok = false;
				break;
			}
	}
	return ok;
}

/* Insert element links (instance_element, decision_element): ?1 owner, ?2 element,
 * ?3 position. */
static store_result links_write(store *s, const char *sql, int64_t owner,
                                const plan_element *const *elements, size_t count,
                                diag_list *d)
{
	for (size_t i = 0; i < count; i++) {
		sqlite3_stmt *st = store_prepare(s, sql, d);
		if (!st)
			return STORE_FAILED;
		sqlite3_bind_int64(st, 1, owner);
		sqlite3_bind_int64(st, 2, elements[i]->id);
		sqlite3_bind_int64(st, 3, (int64_t)i);
		store_result r = run_write(s, st, NULL, d, _("enregistrement des éléments liés impossible"));
		if (r != STORE_OK)
			return r;
	}
	return STORE_OK;
}

/* Delete rows of one owner: `sql` has ?1 the owner's id. */
static store_result delete_owned(store *s, const char *sql, int64_t owner, diag_list *d)
{
	sqlite3_stmt *st = store_prepare(s, sql, d);
	if (st)
		sqlite3_bind_int64(st, 1, owner);
	return run_write(s, st, NULL, d, _("suppression impossible"));
}

/* Load element links of many owners: rows (owner id, element id) ordered by owner. */
typedef struct {
	int64_t owner;
	const plan_element *element;
} element_link;

static store_result links_load(store *s, arena *a, const plan *p, const char *sql,
                               int64_t param2, element_link **out, size_t *count,
                               diag_list *d)
{
	*out = NULL;
	*count = 0;
	sqlite3_stmt *st = store_prepare(s, sql, d);
	if (!st)
		return STORE_FAILED;
	sqlite3_bind_int64(st, 1, p->id);
	if (sqlite3_bind_parameter_count(st) >= 2)
		sqlite3_bind_int64(st, 2, param2);
	store_id_index ix;
	bool built = false;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (!built) {
			store_id_index_build(a, &ix, p);
			built = true;
		}
		const plan_element *e = store_id_index_get(&ix, sqlite3_column_int64(st, 1));
		if (!e)
			continue; /* an element added since p was loaded */
		*out = grow(a, *out, *count, sizeof(**out));
		(*out)[(*count)++] = (element_link){sqlite3_column_int64(st, 0), e};
	}
	return read_end(s, st, rc, d);
}

/* The links of `owner`, as an array of element pointers. */
static const plan_element **links_of(arena *a, const element_link *links, size_t count,
                                     int64_t owner, size_t *n)
{
	*n = 0;
	for (size_t i = 0; i < count; i++)
		*n += links[i].owner == owner;
	if (!*n)
		return NULL;
	const plan_element **out = arena_alloc(a, *n * sizeof(*out));
	size_t k = 0;
	for (size_t i = 0; i < count; i++)
		if (links[i].owner == owner)
			out[k++] = links[i].element;
	return out;
}

static store_result not_found(diag_list *d, const char *msgid, int64_t id)
{
	diag_add(d, NULL, 0, _(msgid), (long long)id);
	return STORE_NOT_FOUND;
}

static store_result conflict(diag_list *d, const char *msgid)
{
	diag_add(d, NULL, 0, "%s", _(msgid));
	return STORE_CONFLICT;
}

static const char *const instance_not_found = N_("aucune instance n° %lld dans ce plan");
static const char *const meeting_not_found = N_("aucune séance n° %lld dans ce plan");
static const char *const agenda_not_found =
	N_("aucun point d'ordre du jour n° %lld dans ce plan");
static const char *const decision_not_found = N_("aucune décision n° %lld dans ce plan");
static const char *const action_not_found = N_("aucune action n° %lld dans ce plan");

/* What the versioned writers of one kind of row share: the journal's entity name, the
 * message of a lost race (msgid), and the guarded DELETE with its failure (msgid). */
typedef struct {
	const char *entity;
	const char *changed;
	const char *delete_sql; /* ?1 the id, ?2 the version read, ?3 (if any) the plan */
	const char *delete_failed;
} row_kind;

static const row_kind instance_rows = {
	"instance",
	N_("cette instance a été modifiée entre-temps par quelqu'un d'autre ; rechargez-la pour "
	   "voir ses nouvelles valeurs"),
	"DELETE FROM instance WHERE id = ?1 AND version = ?2 AND plan_id = ?3",
	N_("suppression de l'instance impossible"),
};
static const row_kind meeting_rows = {
	"meeting",
	N_("cette séance a été modifiée entre-temps par quelqu'un d'autre ; rechargez-la pour "
	   "voir ses nouvelles valeurs"),
	"DELETE FROM meeting WHERE id = ?1 AND version = ?2"
	" AND instance_id IN (SELECT id FROM instance WHERE plan_id = ?3)",
	N_("suppression de la séance impossible"),
};
static const row_kind agenda_rows = {
	"agenda_item",
	N_("ce point de l'ordre du jour a été modifié entre-temps par quelqu'un d'autre ; "
	   "rechargez-le pour voir ses nouvelles valeurs"),
	"DELETE FROM agenda_item WHERE id = ?1 AND version = ?2",
	N_("suppression du point impossible"),
};
static const row_kind decision_rows = {
	"decision",
	N_("cette décision a été modifiée entre-temps par quelqu'un d'autre ; rechargez-la pour "
	   "voir ses nouvelles valeurs"),
	"DELETE FROM decision WHERE id = ?1 AND version = ?2",
	N_("suppression de la décision impossible"),
};
static const row_kind action_rows = {
	"action_item",
	N_("cette action a été modifiée entre-temps par quelqu'un d'autre ; rechargez-la pour "
	   "voir ses nouvelles valeurs"),
	"DELETE FROM action_item WHERE id = ?1 AND version = ?2 AND plan_id = ?3",
	N_("suppression de l'action impossible"),
};

/* The stale-copy check of every update and delete: a caller that read version
 * `expected` (0: no check) may only write over that one. *current is read only when r is
 * STORE_OK (the row was found). */
static store_result version_check(store_result r, const int64_t *current, int64_t expected,
                                  const row_kind *k, diag_list *d)
{
	if (r == STORE_OK && expected && *current != expected)
		return conflict(d, k->changed);
	return r;
}

/* Run an UPDATE guarded by "version = ?": no row changed means another writer came
 * first, between our read and our write. */
static store_result run_versioned(store *s, sqlite3_stmt *st, const row_kind *k,
                                  const char *doing, diag_list *d)
{
	int64_t changes = 0;
	store_result r = run_write(s, st, &changes, d, doing);
	if (r == STORE_OK && changes != 1)
		r = conflict(d, k->changed);
	return r;
}

/* Delete row id of that kind if it is still at `version` (of plan p, when the kind's
 * DELETE checks it), inside the caller's transaction. */
static store_result row_delete(store *s, const plan *p, const row_kind *k, int64_t id,
                               int64_t version, diag_list *d)
{
	sqlite3_stmt *st = store_prepare(s, k->delete_sql, d);
	if (st) {
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int64(st, 2, version);
		if (sqlite3_bind_parameter_count(st) >= 3)
			sqlite3_bind_int64(st, 3, p->id);
	}
	return run_versioned(s, st, k, _(k->delete_failed), d);
}

/* The journal's row for a deleted record: old_value its summary. */
static store_result journal_delete(store *s, const plan *p, const plan_element *e,
                                   const row_kind *k, int64_t id, const char *summary,
                                   diag_list *d)
{
	return store_change_record(s, p->id, e, k->entity, id, CHANGE_DELETE, NULL, summary, NULL, d)
	               ? STORE_OK
	               : STORE_FAILED;
}

/* Journal the fields of an update that changed (store_change_field skips the others). */
static store_result journal_fields(store *s, const plan *p, const plan_element *e,
                                   const row_kind *k, int64_t id, const store_field_change *f,
                                   size_t count, diag_list *d)
{
	return store_change_fields(s, p->id, e, k->entity, id, f, count, d) ? STORE_OK
	                                                                      : STORE_FAILED;
}

/* ---- instances --------------------------------------------------------------------- */

#define INSTANCE_COLUMNS "i.id, i.kind, i.name, i.role, i.frequency, i.version"

static void instance_row(arena *a, sqlite3_stmt *st, instance *x)
{
	memset(x, 0, sizeof(*x));
	x->id = sqlite3_column_int64(st, 0);
	const unsigned char *kind = sqlite3_column_text(st, 1);
	if (!kind || !instance_kind_parse((const char *)kind, &x->kind))
		x->kind = INSTANCE_GOVERNANCE;
	x->name = store_column_text(a, st, 2);
	x->role = store_column_text(a, st, 3);
	x->frequency = store_column_text(a, st, 4);
	x->version = sqlite3_column_int64(st, 5);
}

/* Instances of p (id 0) or the one of that id, with members and branches. */
static store_result instances_query(store *s, arena *a, const plan *p, int64_t id,
                                    instance **out, size_t *count, diag_list *d)
{
	*out = NULL;
	*count = 0;
	sqlite3_stmt *st = store_prepare(s,
		"SELECT " INSTANCE_COLUMNS " FROM instance i WHERE i.plan_id = ?1"
		" AND (?2 = 0 OR i.id = ?2) ORDER BY i.position, i.id", d);
	if (!st)
		return STORE_FAILED;
	sqlite3_bind_int64(st, 1, p->id);
	sqlite3_bind_int64(st, 2, id);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*out = grow(a, *out, *count, sizeof(**out));
		instance_row(a, st, &(*out)[(*count)++]);
	}
	store_result r = read_end(s, st, rc, d);
	if (r != STORE_OK || !*count)
		return r;
	st = store_prepare(s,
		"SELECT m.instance_id, m.name, m.role FROM instance_member m"
		" JOIN instance i ON i.id = m.instance_id WHERE i.plan_id = ?1"
		" AND (?2 = 0 OR i.id = ?2) ORDER BY m.instance_id, m.position", d);
	if (!st)
		return STORE_FAILED;
	sqlite3_bind_int64(st, 1, p->id);
	sqlite3_bind_int64(st, 2, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t owner = sqlite3_column_int64(st, 0);
		for (size_t k = 0; k < *count; k++) {
			instance *x = &(*out)[k];
			if (x->id != owner)
				continue;
			x->members = grow(a, x->members, x->member_count, sizeof(*x->members));
			x->members[x->member_count++] = (instance_member){
				store_column_text(a, st, 1), store_column_text(a, st, 2)};
			break;
		}
	}
	if ((r = read_end(s, st, rc, d)) != STORE_OK)
		return r;
	element_link *links;
	size_t link_count;
	r = links_load(s, a, p,
		"SELECT ie.instance_id, ie.element_id FROM instance_element ie"
		" JOIN instance i ON i.id = ie.instance_id WHERE i.plan_id = ?1"
		" AND (?2 = 0 OR i.id = ?2) ORDER BY ie.instance_id, ie.position", id, &links,
		&link_count, d);
	for (size_t k = 0; r == STORE_OK && k < *count; k++) {
		instance *x = &(*out)[k];
		x->branches = links_of(a, links, link_count, x->id, &x->branch_count);
	}
	return r;
}

store_result store_instances_load(store *s, arena *a, const plan *p, instance **out,
                                  size_t *count, diag_list *d)
{
	return instances_query(s, a, p, 0, out, count, d);
}

store_result store_instance_get(store *s, arena *a, const plan *p, int64_t id, instance *out,
                                diag_list *d)
{
	instance *found;
	size_t count;
	if (id <= 0)
		return not_found(d, instance_not_found, id);
	store_result r = instances_query(s, a, p, id, &found, &count, d);
	if (r != STORE_OK)
		return r;
	if (!count)
		return not_found(d, instance_not_found, id);
	*out = found[0];
	return STORE_OK;
}

/* The values alone. named: diags name their field (forms, API); else they carry the
 * item's source line (imports). */
static bool instance_check(arena *a, const plan *p, const instance *x, bool named,
                           diag_list *d)
{
#define FIELD(name) (named ? (name) : NULL)
	size_t before = diag_total(d);
	int line = x->source_line;
	const char *name = clean(a, x->name);
	if ((unsigned)x->kind > INSTANCE_TRANSVERSE)
		diag_add(d, FIELD("kind"), line, _("type d'instance invalide (gouvernance, pilotage, "
		                                   "opérationnel ou transverse)"));
	if (!name)
		diag_add(d, FIELD("name"), line, _("nom de l'instance manquant"));
	for (size_t i = 0; i < x->member_count; i++) {
		if (!clean(a, x->members[i].name))
			diag_add(d, FIELD("members"), line, _("membre n° %zu sans nom"), i + 1);
	}
	elements_check(p, x->branches, x->branch_count, FIELD("branches"), line, d);
	return diag_total(d) == before;
#undef FIELD
}

/* Members as the journal writes them: "Nom (rôle)|Nom". */
static const char *members_text(arena *a, const instance_member *members, size_t count)
{
	if (!count)
		return NULL;
	buf out = {0};
	for (size_t i = 0; i < count; i++) {
		const char *name = clean(a, members[i].name);
		const char *role = clean(a, members[i].role);
		buf_printf(&out, "%s%s", i ? "|" : "", name ? name : "");
		if (role)
			buf_printf(&out, " (%s)", role);
	}
	const char *text = arena_strdup(a, out.data ? out.data : "");
	buf_free(&out);
	return text;
}

/* Another instance of p named like `name` ignoring case and accents (not `self`):
 * *clash is its name, NULL when none. */
static store_result instance_name_clash(store *s, arena *a, const plan *p, const char *name,
                                        int64_t self, const char **clash, diag_list *d)
{
	*clash = NULL;
	sqlite3_stmt *st = store_prepare(s,
		"SELECT id, name FROM instance WHERE plan_id = ? AND id <> ?", d);
	if (!st)
		return STORE_FAILED;
	sqlite3_bind_int64(st, 1, p->id);
	sqlite3_bind_int64(st, 2, self);
	const char *want = text_match_key(a, name);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *other = (const char *)sqlite3_column_text(st, 1);
		if (other && strcmp(text_match_key(a, other), want) == 0 && !*clash)
			*clash = arena_strdup(a, other);
	}
	return read_end(s, st, rc, d);
}

/* Members and branches of instance id replaced by x's. */
static store_result instance_children_write(store *s, arena *a, int64_t id, const instance *x,
                                            diag_list *d)
{
	store_result r = delete_owned(s, "DELETE FROM instance_member WHERE instance_id = ?1", id, d);
	if (r == STORE_OK)
		r = delete_owned(s, "DELETE FROM instance_element WHERE instance_id = ?1", id, d);
	for (size_t i = 0; r == STORE_OK && i < x->member_count; i++) {
		sqlite3_stmt *st = store_prepare(s,
			"INSERT INTO instance_member (instance_id, position, name, role)"
			" VALUES (?, ?, ?, ?)", d);
		if (st) {
			sqlite3_bind_int64(st, 1, id);
			sqlite3_bind_int64(st, 2, (int64_t)i);
			store_bind_text(st, 3, clean(a, x->members[i].name));
			store_bind_text(st, 4, clean(a, x->members[i].role));
		}
		r = run_write(s, st, NULL, d, _("enregistrement des membres impossible"));
	}
	if (r == STORE_OK)
		r = links_write(s, "INSERT INTO instance_element (instance_id, element_id, position)"
		                " VALUES (?1, ?2, ?3)", id, x->branches, x->branch_count, d);
	return r;
}

/* Create x inside the caller's transaction; journal: one create row (else the caller
 * journals, as an import does). */
static store_result instance_insert(store *s, arena *a, const plan *p, instance *x,
                                    bool journal, bool named, diag_list *d)
{
	const char *name = clean(a, x->name);
	const char *clash;
	store_result r = instance_name_clash(s, a, p, name, 0, &clash, d);
	if (r == STORE_OK && clash) {
		diag_add(d, named ? "name" : NULL, x->source_line,
		         _("une instance du plan s'appelle déjà « %s »"), clash);
		return STORE_INVALID;
	}
	sqlite3_stmt *st = r != STORE_OK ? NULL : store_prepare(s,
		"INSERT INTO instance (plan_id, kind, name, role, frequency, position)"
		" VALUES (?1, ?2, ?3, ?4, ?5, (SELECT coalesce(max(position), -1) + 1"
		"   FROM instance WHERE plan_id = ?1))", d);
	if (st) {
		sqlite3_bind_int64(st, 1, p->id);
		sqlite3_bind_text(st, 2, instance_kind_key(x->kind), -1, SQLITE_STATIC);
		store_bind_text(st, 3, name);
		store_bind_text(st, 4, clean(a, x->role));
		store_bind_text(st, 5, clean(a, x->frequency));
	}
	if (r == STORE_OK)
		r = run_write(s, st, NULL, d, _("enregistrement de l'instance impossible"));
	int64_t id = r == STORE_OK ? sqlite3_last_insert_rowid(s->sqlite) : 0;
	if (r == STORE_OK)
		r = instance_children_write(s, a, id, x, d);
	if (r == STORE_OK && journal &&
	    !store_change_record(s, p->id, NULL, "instance", id, CHANGE_CREATE, NULL, NULL, name, d))
		r = STORE_FAILED;
	if (r == STORE_OK) {
		x->id = id;
		x->version = 1;
	}
	return r;
}

store_result store_instance_create(store *s, const plan *p, instance *x, diag_list *d)
{
	arena *a = arena_new();
	store_result r = STORE_INVALID;
	if (instance_check(a, p, x, true, d)) {
		r = store_begin(s, d) ? STORE_OK : STORE_FAILED;
		if (r == STORE_OK)
			r = finish(s, instance_insert(s, a, p, x, true, true, d), d);
	}
	arena_free(a);
	return r;
}

/* Replace instance x->id's fields inside the caller's transaction. */
static store_result instance_replace(store *s, arena *a, const plan *p, instance *x,
                                     int64_t expected_version, bool journal, bool named,
                                     diag_list *d)
{
	instance old;
	store_result r = store_instance_get(s, a, p, x->id, &old, d);
	if (r != STORE_OK)
		return r;
	r = version_check(r, &old.version, expected_version, &instance_rows, d);
	if (r != STORE_OK)
		return r;
	const char *name = clean(a, x->name);
	const char *clash;
	r = instance_name_clash(s, a, p, name, x->id, &clash, d);
	if (r == STORE_OK && clash) {
		diag_add(d, named ? "name" : NULL, x->source_line,
		         _("une instance du plan s'appelle déjà « %s »"), clash);
		return STORE_INVALID;
	}
	sqlite3_stmt *st = r != STORE_OK ? NULL : store_prepare(s,
		"UPDATE instance SET kind = ?, name = ?, role = ?, frequency = ?,"
		" version = version + 1 WHERE id = ? AND plan_id = ? AND version = ?", d);
	if (st) {
		sqlite3_bind_text(st, 1, instance_kind_key(x->kind), -1, SQLITE_STATIC);
		store_bind_text(st, 2, name);
		store_bind_text(st, 3, clean(a, x->role));
		store_bind_text(st, 4, clean(a, x->frequency));
		sqlite3_bind_int64(st, 5, x->id);
		sqlite3_bind_int64(st, 6, p->id);
		sqlite3_bind_int64(st, 7, old.version);
	}
	if (r == STORE_OK)
		r = run_versioned(s, st, &instance_rows, _("mise à jour de l'instance impossible"), d);
	if (r == STORE_OK)
		r = instance_children_write(s, a, x->id, x, d);
	if (r == STORE_OK && journal) {
		const store_field_change f[] = {
			{"kind", instance_kind_key(old.kind), instance_kind_key(x->kind)},
			{"name", old.name, name},
			{"role", old.role, clean(a, x->role)},
			{"frequency", old.frequency, clean(a, x->frequency)},
			{"members", members_text(a, old.members, old.member_count),
			 members_text(a, x->members, x->member_count)},
			{"branches", codes_joined(a, old.branches, old.branch_count),
			 codes_joined(a, x->branches, x->branch_count)},
		};
		r = journal_fields(s, p, NULL, &instance_rows, x->id, f, sizeof(f) / sizeof(f[0]), d);
	}
	if (r == STORE_OK)
		x->version = old.version + 1;
	return r;
}

store_result store_instance_update(store *s, const plan *p, instance *x,
                                   int64_t expected_version, diag_list *d)
{
	arena *a = arena_new();
	store_result r = STORE_INVALID;
	if (instance_check(a, p, x, true, d)) {
		r = store_begin(s, d) ? STORE_OK : STORE_FAILED;
		if (r == STORE_OK)
			r = finish(s, instance_replace(s, a, p, x, expected_version, true, true, d), d);
	}
	arena_free(a);
	return r;
}

/* How many meetings instance id has. */
static store_result instance_meeting_count(store *s, int64_t id, int64_t *n, diag_list *d)
{
	sqlite3_stmt *st = store_prepare(s, "SELECT count(*) FROM meeting WHERE instance_id = ?", d);
	if (st)
		sqlite3_bind_int64(st, 1, id);
	bool found;
	return query_integer(s, st, n, &found, d);
}

/* Delete instance old (read in this transaction) if it has no meeting. */
static store_result instance_remove(store *s, const plan *p, const instance *old, bool journal,
                                    bool named, int line, diag_list *d)
{
	int64_t meetings = 0;
	store_result r = instance_meeting_count(s, old->id, &meetings, d);
	if (r == STORE_OK && meetings > 0) {
		diag_add(d, named ? "meetings" : NULL, line,
		         i18n_count("l'instance « %s » a %lld séance : une instance qui a siégé ne "
		                  "peut pas être supprimée",
		                  "l'instance « %s » a %lld séances : une instance qui a siégé ne "
		                  "peut pas être supprimée", (unsigned long)meetings),
		         old->name, (long long)meetings);
		return STORE_INVALID;
	}
	if (r == STORE_OK)
		r = row_delete(s, p, &instance_rows, old->id, old->version, d);
	if (r == STORE_OK && journal)
		r = journal_delete(s, p, NULL, &instance_rows, old->id, old->name, d);
	return r;
}

store_result store_instance_delete(store *s, const plan *p, int64_t id,
                                   int64_t expected_version, diag_list *d)
{
	if (!store_begin(s, d))
		return STORE_FAILED;
	arena *a = arena_new();
	instance old;
	store_result r = store_instance_get(s, a, p, id, &old, d);
	r = version_check(r, &old.version, expected_version, &instance_rows, d);
	if (r == STORE_OK)
		r = instance_remove(s, p, &old, true, true, 0, d);
	r = finish(s, r, d);
	arena_free(a);
	return r;
}

store_result store_instances_import(store *s, const plan *p, const instance *items, size_t count,
                                    bool replace, size_t *created, size_t *updated,
                                    diag_list *d)
{
	arena *a = arena_new();
	bool sound = true;
	const char **keys = arena_alloc(a, (count + 1) * sizeof(*keys));
	for (size_t i = 0; i < count; i++) {
		sound = instance_check(a, p, &items[i], false, d) && sound;
		keys[i] = items[i].name ? text_match_key(a, items[i].name) : "";
		for (size_t j = 0; j < i && *keys[i]; j++)
			if (strcmp(keys[i], keys[j]) == 0) {
				diag_add(d, NULL, items[i].source_line,
				         _("instance « %s » déjà décrite ligne %d"), items[i].name,
				         items[j].source_line);
				sound = false;
				break;
			}
	}
	if (!sound) {
		arena_free(a);
		return STORE_INVALID;
	}
	if (!store_begin(s, d)) {
		arena_free(a);
		return STORE_FAILED;
	}
	instance *existing;
	size_t existing_count;
	size_t made = 0, changed = 0, removed = 0;
	store_result r = store_instances_load(s, a, p, &existing, &existing_count, d);
	bool *kept = arena_alloc(a, existing_count + 1);
	for (size_t i = 0; r == STORE_OK && i < count; i++) {
		instance x = items[i];
		x.id = 0;
		for (size_t k = 0; k < existing_count; k++)
			if (strcmp(text_match_key(a, existing[k].name), keys[i]) == 0) {
				x.id = existing[k].id;
				kept[k] = true;
			}
		if (x.id) {
			r = instance_replace(s, a, p, &x, 0, false, false, d);
			changed++;
		} else {
			r = instance_insert(s, a, p, &x, false, false, d);
			made++;
		}
	}
	for (size_t k = 0; replace && r == STORE_OK && k < existing_count; k++)
		if (!kept[k]) {
			r = instance_remove(s, p, &existing[k], false, false, 0, d);
			removed++;
		}
	if (r == STORE_OK) {
		/* Journal summaries are data, in French whatever the interface language. */
		const char *what = arena_printf(a, count > 1 ? "%zu instances" : "%zu instance", count);
		const char *gone = !removed ? NULL :
			arena_printf(a, removed > 1 ? "%zu instances supprimées" : "%zu instance supprimée",
			             removed);
		if (!store_change_record(s, p->id, NULL, "instance", 0, CHANGE_IMPORT, NULL, gone, what,
		                         d))
			r = STORE_FAILED;
	}
	r = finish(s, r, d);
	if (r == STORE_OK) {
		if (created)
			*created = made;
		if (updated)
			*updated = changed;
	}
	arena_free(a);
	return r;
}

/* ---- meetings ---------------------------------------------------------------------- */

#define MEETING_COLUMNS                                                                     \
	"m.id, m.instance_id, i.name, m.held_on, m.start_minute, m.duration_min, m.place,"     \
	" m.video_url, m.status, m.minutes, m.sequence, m.version"
#define MEETING_FROM " FROM meeting m JOIN instance i ON i.id = m.instance_id"
#define MEETING_ORDER " ORDER BY m.held_on, coalesce(m.start_minute, -1), m.id"

static void meeting_row(arena *a, sqlite3_stmt *st, meeting *m)
{
	memset(m, 0, sizeof(*m));
	m->id = sqlite3_column_int64(st, 0);
	m->instance_id = sqlite3_column_int64(st, 1);
	m->instance_name = store_column_text(a, st, 2);
	m->date = store_column_date(st, 3);
	m->start_minute = column_int_or(st, 4, -1);
	m->duration_min = column_int_or(st, 5, 0);
	m->place = store_column_text(a, st, 6);
	m->video_url = store_column_text(a, st, 7);
	const unsigned char *status = sqlite3_column_text(st, 8);
	if (!status || !meeting_status_parse((const char *)status, &m->status))
		m->status = MEETING_PLANNED;
	m->minutes = store_column_text(a, st, 9);
	m->sequence = sqlite3_column_int(st, 10);
	m->version = sqlite3_column_int64(st, 11);
}

/* Run a meeting query whose parameters are bound; rows appended to *out. */
static store_result meetings_collect(store *s, arena *a, sqlite3_stmt *st, meeting **out,
                                     size_t *count, diag_list *d)
{
	*out = NULL;
	*count = 0;
	if (!st)
		return STORE_FAILED;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*out = grow(a, *out, *count, sizeof(**out));
		meeting_row(a, st, &(*out)[(*count)++]);
	}
	return read_end(s, st, rc, d);
}

store_result store_meetings_load(store *s, arena *a, const plan *p, int64_t instance_id,
                                 meeting **out, size_t *count, diag_list *d)
{
	sqlite3_stmt *st = store_prepare(s, "SELECT " MEETING_COLUMNS MEETING_FROM
		" WHERE i.plan_id = ?1 AND (?2 = 0 OR m.instance_id = ?2)" MEETING_ORDER, d);
	if (st) {
		sqlite3_bind_int64(st, 1, p->id);
		sqlite3_bind_int64(st, 2, instance_id);
	}
	return meetings_collect(s, a, st, out, count, d);
}

store_result store_meeting_get(store *s, arena *a, const plan *p, int64_t id, meeting *out,
                               diag_list *d)
{
	sqlite3_stmt *st = store_prepare(s, "SELECT " MEETING_COLUMNS MEETING_FROM
		" WHERE i.plan_id = ?1 AND m.id = ?2", d);
	if (st) {
		sqlite3_bind_int64(st, 1, p->id);
		sqlite3_bind_int64(st, 2, id);
	}
	meeting *found;
	size_t count;
	store_result r = meetings_collect(s, a, st, &found, &count, d);
	if (r != STORE_OK)
		return r;
	if (!count)
		return not_found(d, meeting_not_found, id);
	*out = found[0];
	return STORE_OK;
}

/* One meeting from a query returning MEETING_COLUMNS, or STORE_NOT_FOUND silently. */
static store_result meeting_one(store *s, arena *a, sqlite3_stmt *st, meeting *out,
                                diag_list *d)
{
	meeting *found;
	size_t count;
	store_result r = meetings_collect(s, a, st, &found, &count, d);
	if (r == STORE_OK && !count)
		return STORE_NOT_FOUND;
	if (r == STORE_OK)
		*out = found[0];
	return r;
}

store_result store_meeting_previous(store *s, arena *a, const plan *p, const meeting *m,
                                    meeting *out, diag_list *d)
{
	sqlite3_stmt *st = store_prepare(s, "SELECT " MEETING_COLUMNS MEETING_FROM
		" WHERE i.plan_id = ?1 AND m.instance_id = ?2 AND m.status <> 'annulee'"
		" AND (m.held_on < ?3 OR (m.held_on = ?3 AND m.id < ?4))"
		" ORDER BY m.held_on DESC, m.id DESC LIMIT 1", d);
	char day[11];
	if (st) {
		sqlite3_bind_int64(st, 1, p->id);
		sqlite3_bind_int64(st, 2, m->instance_id);
		store_bind_date(st, 3, m->date, day);
		sqlite3_bind_int64(st, 4, m->id ? m->id : INT64_MAX);
	}
	return meeting_one(s, a, st, out, d);
}

store_result store_meeting_last_held(store *s, arena *a, const plan *p, jalon_date day,
                                     meeting *out, diag_list *d)
{
	sqlite3_stmt *st = store_prepare(s, "SELECT " MEETING_COLUMNS MEETING_FROM
		" WHERE i.plan_id = ?1 AND m.status IN ('tenue', 'cr-approuve') AND m.held_on <= ?2"
		" ORDER BY m.held_on DESC, coalesce(m.start_minute, -1) DESC, m.id DESC LIMIT 1", d);
	char text[11];
	if (st) {
		sqlite3_bind_int64(st, 1, p->id);
		store_bind_date(st, 2, day, text);
	}
	return meeting_one(s, a, st, out, d);
}

static bool url_ok(const char *u)
{
	return (strncmp(u, "http://", 7) == 0 && u[7]) || (strncmp(u, "https://", 8) == 0 && u[8]);
}

static bool meeting_check(arena *a, const meeting *m, diag_list *d)
{
	size_t before = diag_total(d);
	if (!date_is_set(m->date))
		diag_add(d, "date", 0, _("date de la séance manquante"));
	else if (!date_valid(m->date))
		diag_add(d, "date", 0, _("date invalide %04d-%02d-%02d"), m->date.year, m->date.month,
		         m->date.day);
	if (m->start_minute != -1 && (m->start_minute < 0 || m->start_minute > 1439))
		diag_add(d, "start", 0, _("heure de début invalide (de 00:00 à 23:59)"));
	if (m->duration_min < 0)
		diag_add(d, "duration", 0, _("durée invalide %d min (plus de 0, ou rien)"),
		         m->duration_min);
	const char *url = clean(a, m->video_url);
	if (url && !url_ok(url))
		diag_add(d, "video_url", 0, _("lien de visioconférence invalide « %s » : une adresse "
		                              "http:// ou https:// est attendue"), url);
	if ((unsigned)m->status > MEETING_CANCELLED)
		diag_add(d, "status", 0, _("statut de séance invalide (prévue, tenue, compte rendu "
		                           "approuvé ou annulée)"));
	return diag_total(d) == before;
}

/* The name of instance id if it is one of p's; STORE_INVALID (field "instance") if not. */
static store_result instance_of_plan(store *s, arena *a, const plan *p, int64_t id,
                                     const char **name, diag_list *d)
{
	sqlite3_stmt *st = store_prepare(s, "SELECT name FROM instance WHERE id = ? AND plan_id = ?",
	                                 d);
	if (!st)
		return STORE_FAILED;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, p->id);
	int rc = sqlite3_step(st);
	*name = rc == SQLITE_ROW ? store_column_text(a, st, 0) : NULL;
	store_result r = read_end(s, st, rc == SQLITE_ROW ? SQLITE_DONE : rc, d);
	if (r == STORE_OK && !*name) {
		diag_add(d, "instance", 0, _("aucune instance n° %lld dans ce plan"), (long long)id);
		r = STORE_INVALID;
	}
	return r;
}

/* "COPIL SDN 2026-03-12": how the journal names a meeting. */
static const char *meeting_summary(arena *a, const char *instance_name, jalon_date day)
{
	char iso[11];
	date_format_iso(day, iso);
	return arena_printf(a, "%s %s", instance_name ? instance_name : "", iso);
}

static const char *minute_text(arena *a, int minute)
{
	return minute < 0 ? NULL : arena_printf(a, "%02d:%02d", minute / 60, minute % 60);
}

static void meeting_bind(arena *a, sqlite3_stmt *st, const meeting *m, char day[11])
{
	store_bind_date(st, 1, m->date, day);
	if (m->start_minute >= 0)
		sqlite3_bind_int(st, 2, m->start_minute);
	else
		sqlite3_bind_null(st, 2);
	if (m->duration_min > 0)
		sqlite3_bind_int(st, 3, m->duration_min);
	else
		sqlite3_bind_null(st, 3);
	store_bind_text(st, 4, clean(a, m->place));
	store_bind_text(st, 5, clean(a, m->video_url));
	sqlite3_bind_text(st, 6, meeting_status_key(m->status), -1, SQLITE_STATIC);
	store_bind_text(st, 7, clean(a, m->minutes));
}

store_result store_meeting_create(store *s, const plan *p, meeting *m, diag_list *d)
{
	arena *a = arena_new();
	if (!meeting_check(a, m, d)) {
		arena_free(a);
		return STORE_INVALID;
	}
	store_result r = store_begin(s, d) ? STORE_OK : STORE_FAILED;
	const char *instance_name = NULL;
	if (r == STORE_OK)
		r = instance_of_plan(s, a, p, m->instance_id, &instance_name, d);
	sqlite3_stmt *st = r != STORE_OK ? NULL : store_prepare(s,
		"INSERT INTO meeting (held_on, start_minute, duration_min, place, video_url, status,"
		" minutes, instance_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", d);
	char day[11];
	if (st) {
		meeting_bind(a, st, m, day);
		sqlite3_bind_int64(st, 8, m->instance_id);
	}
	if (r == STORE_OK)
		r = run_write(s, st, NULL, d, _("enregistrement de la séance impossible"));
	int64_t id = r == STORE_OK ? sqlite3_last_insert_rowid(s->sqlite) : 0;
	if (r == STORE_OK &&
	    !store_change_record(s, p->id, NULL, "meeting", id, CHANGE_CREATE, NULL, NULL,
	                         meeting_summary(a, instance_name, m->date), d))
		r = STORE_FAILED;
	r = finish(s, r, d);
	if (r == STORE_OK) {
		m->id = id;
		m->version = 1;
		m->sequence = 0;
	}
	arena_free(a);
	return r;
}

static bool text_differs(const char *x, const char *y)
{
	return strcmp(x ? x : "", y ? y : "") != 0;
}

store_result store_meeting_update(store *s, const plan *p, meeting *m, int64_t expected_version,
                                  diag_list *d)
{
	arena *a = arena_new();
	if (!meeting_check(a, m, d)) {
		arena_free(a);
		return STORE_INVALID;
	}
	store_result r = store_begin(s, d) ? STORE_OK : STORE_FAILED;
	meeting old;
	if (r == STORE_OK)
		r = store_meeting_get(s, a, p, m->id, &old, d);
	r = version_check(r, &old.version, expected_version, &meeting_rows, d);
	const char *instance_name = old.instance_name;
	if (r == STORE_OK && m->instance_id != old.instance_id)
		r = instance_of_plan(s, a, p, m->instance_id, &instance_name, d);
	/* What a calendar shows: a change there is a new SEQUENCE for the invitation. */
	int duration = m->duration_min > 0 ? m->duration_min : 0;
	bool calendar = r == STORE_OK &&
		(date_compare(old.date, m->date) != 0 || old.start_minute != m->start_minute ||
		 old.duration_min != duration || text_differs(old.place, clean(a, m->place)) ||
		 text_differs(old.video_url, clean(a, m->video_url)) || old.status != m->status);
	sqlite3_stmt *st = r != STORE_OK ? NULL : store_prepare(s,
		"UPDATE meeting SET held_on = ?1, start_minute = ?2, duration_min = ?3, place = ?4,"
		" video_url = ?5, status = ?6, minutes = ?7, instance_id = ?8,"
		" sequence = sequence + ?9, version = version + 1"
		" WHERE id = ?10 AND version = ?11"
		" AND instance_id IN (SELECT id FROM instance WHERE plan_id = ?12)", d);
	char day[11];
	if (st) {
		meeting_bind(a, st, m, day);
		sqlite3_bind_int64(st, 8, m->instance_id);
		sqlite3_bind_int(st, 9, calendar ? 1 : 0);
		sqlite3_bind_int64(st, 10, m->id);
		sqlite3_bind_int64(st, 11, old.version);
		sqlite3_bind_int64(st, 12, p->id);
	}
	if (r == STORE_OK)
		r = run_versioned(s, st, &meeting_rows, _("mise à jour de la séance impossible"), d);
	if (r == STORE_OK) {
		const store_field_change f[] = {
			{"instance", old.instance_name, instance_name},
			{"date", store_change_date(a, old.date), store_change_date(a, m->date)},
			{"start", minute_text(a, old.start_minute), minute_text(a, m->start_minute)},
			{"duration", old.duration_min ? store_change_int(a, old.duration_min) : NULL,
			 duration ? store_change_int(a, duration) : NULL},
			{"place", old.place, clean(a, m->place)},
			{"video_url", old.video_url, clean(a, m->video_url)},
			{"status", meeting_status_key(old.status), meeting_status_key(m->status)},
			{"minutes", old.minutes, clean(a, m->minutes)},
		};
		r = journal_fields(s, p, NULL, &meeting_rows, m->id, f, sizeof(f) / sizeof(f[0]), d);
	}
	r = finish(s, r, d);
	if (r == STORE_OK) {
		m->version = old.version + 1;
		m->sequence = old.sequence + (calendar ? 1 : 0);
	}
	arena_free(a);
	return r;
}

store_result store_meeting_delete(store *s, const plan *p, int64_t id, int64_t expected_version,
                                  diag_list *d)
{
	if (!store_begin(s, d))
		return STORE_FAILED;
	arena *a = arena_new();
	meeting old;
	store_result r = store_meeting_get(s, a, p, id, &old, d);
	r = version_check(r, &old.version, expected_version, &meeting_rows, d);
	int64_t decisions = 0;
	bool found;
	if (r == STORE_OK) {
		sqlite3_stmt *st = store_prepare(s, "SELECT count(*) FROM decision WHERE meeting_id = ?",
		                                 d);
		if (st)
			sqlite3_bind_int64(st, 1, id);
		r = query_integer(s, st, &decisions, &found, d);
	}
	if (r == STORE_OK && decisions > 0) {
		diag_add(d, "decisions", 0,
		         i18n_count("cette séance a %lld décision : une séance qui a décidé ne peut pas "
		                  "être supprimée (annulez-la plutôt)",
		                  "cette séance a %lld décisions : une séance qui a décidé ne peut pas "
		                  "être supprimée (annulez-la plutôt)", (unsigned long)decisions),
		         (long long)decisions);
		r = STORE_INVALID;
	}
	if (r == STORE_OK)
		r = row_delete(s, p, &meeting_rows, id, old.version, d);
	if (r == STORE_OK)
		r = journal_delete(s, p, NULL, &meeting_rows, id,
		                   meeting_summary(a, old.instance_name, old.date), d);
	r = finish(s, r, d);
	arena_free(a);
	return r;
}

/* ---- agenda ------------------------------------------------------------------------ */

#define AGENDA_COLUMNS                                                                      \
	"x.id, x.meeting_id, x.title, x.element_id, x.indicator_id, ind.code, x.risk_id,"      \
	" r.description, x.notes, x.for_decision, x.version, x.position"
#define AGENDA_FROM                                                                         \
	" FROM agenda_item x JOIN meeting m ON m.id = x.meeting_id"                            \
	" JOIN instance i ON i.id = m.instance_id"                                             \
	" LEFT JOIN indicator ind ON ind.id = x.indicator_id"                                  \
	" LEFT JOIN risk r ON r.id = x.risk_id"

static void agenda_row(arena *a, const plan *p, sqlite3_stmt *st, agenda_item *x)
{
	memset(x, 0, sizeof(*x));
	x->id = sqlite3_column_int64(st, 0);
	x->meeting_id = sqlite3_column_int64(st, 1);
	x->title = store_column_text(a, st, 2);
	if (sqlite3_column_type(st, 3) != SQLITE_NULL)
		x->element = plan_find_id(p, sqlite3_column_int64(st, 3));
	x->indicator_id = sqlite3_column_int64(st, 4);
	x->indicator_code = store_column_text(a, st, 5);
	x->risk_id = sqlite3_column_int64(st, 6);
	x->risk_description = store_column_text(a, st, 7);
	x->notes = store_column_text(a, st, 8);
	x->for_decision = sqlite3_column_int(st, 9) != 0;
	x->version = sqlite3_column_int64(st, 10);
}

store_result store_agenda_load(store *s, arena *a, const plan *p, int64_t meeting_id,
                               agenda_item **out, size_t *count, diag_list *d)
{
	*out = NULL;
	*count = 0;
	meeting m;
	store_result r = store_meeting_get(s, a, p, meeting_id, &m, d);
	if (r != STORE_OK)
		return r;
	sqlite3_stmt *st = store_prepare(s, "SELECT " AGENDA_COLUMNS AGENDA_FROM
		" WHERE i.plan_id = ?1 AND x.meeting_id = ?2 ORDER BY x.position, x.id", d);
	if (!st)
		return STORE_FAILED;
	sqlite3_bind_int64(st, 1, p->id);
	sqlite3_bind_int64(st, 2, meeting_id);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*out = grow(a, *out, *count, sizeof(**out));
		agenda_row(a, p, st, &(*out)[(*count)++]);
	}
	return read_end(s, st, rc, d);
}

/* One agenda point of p, with its position. */
static store_result agenda_get(store *s, arena *a, const plan *p, int64_t id, agenda_item *out,
                               int64_t *position, diag_list *d)
{
	sqlite3_stmt *st = store_prepare(s, "SELECT " AGENDA_COLUMNS AGENDA_FROM
		" WHERE i.plan_id = ?1 AND x.id = ?2", d);
	if (!st)
		return STORE_FAILED;
	sqlite3_bind_int64(st, 1, p->id);
	sqlite3_bind_int64(st, 2, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		agenda_row(a, p, st, out);
		*position = sqlite3_column_int64(st, 11);
	}
	store_result r = read_end(s, st, rc == SQLITE_ROW ? SQLITE_DONE : rc, d);
	if (r == STORE_OK && rc != SQLITE_ROW)
		return not_found(d, agenda_not_found, id);
	return r;
}

/* A text from a one-row query of p (?1 the id, ?2 the plan), or NULL when no row. */
static store_result plan_text(store *s, arena *a, const plan *p, const char *sql, int64_t id,
                              const char **out, diag_list *d)
{
	*out = NULL;
	sqlite3_stmt *st = store_prepare(s, sql, d);
	if (!st)
		return STORE_FAILED;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, p->id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*out = store_column_text(a, st, 0);
	if (rc == SQLITE_ROW && !*out)
		*out = "";
	return read_end(s, st, rc == SQLITE_ROW ? SQLITE_DONE : rc, d);
}

/* Check item's links against the plan in the database and settle its title (the linked
 * thing's name by default). *indicator_code, *risk_text: for the journal. */
static store_result agenda_resolve(store *s, arena *a, const plan *p, const agenda_item *x,
                                   const char **title, const char **indicator_code,
                                   const char **risk_text, diag_list *d)
{
	*indicator_code = *risk_text = NULL;
	const char *indicator_name = NULL;
	store_result r = STORE_OK;
	if (x->indicator_id) {
		r = plan_text(s, a, p, "SELECT code FROM indicator WHERE id = ?1 AND plan_id = ?2",
		              x->indicator_id, indicator_code, d);
		if (r == STORE_OK && !*indicator_code) {
			diag_add(d, "indicator", 0, _("aucun indicateur n° %lld dans ce plan"),
			         (long long)x->indicator_id);
			r = STORE_INVALID;
		}
		if (r == STORE_OK)
			r = plan_text(s, a, p, "SELECT name FROM indicator WHERE id = ?1 AND plan_id = ?2",
			              x->indicator_id, &indicator_name, d);
	}
	if (r == STORE_OK && x->risk_id) {
		r = plan_text(s, a, p, "SELECT r.description FROM risk r JOIN element e"
		              " ON e.id = r.element_id WHERE r.id = ?1 AND e.plan_id = ?2",
		              x->risk_id, risk_text, d);
		if (r == STORE_OK && !*risk_text) {
			diag_add(d, "risk", 0, _("aucun risque n° %lld dans ce plan"),
			         (long long)x->risk_id);
			r = STORE_INVALID;
		}
	}
	*title = clean(a, x->title);
	if (r == STORE_OK && !*title) {
		if (x->element)
			*title = arena_printf(a, "%s %s", x->element->code, x->element->title);
		else if (indicator_name)
			*title = arena_printf(a, "%s %s", *indicator_code, indicator_name);
		else if (*risk_text)
			*title = *risk_text;
	}
	return r;
}

static bool agenda_check(const plan *p, const agenda_item *x, diag_list *d)
{
	size_t before = diag_total(d);
	int links = (x->element != NULL) + (x->indicator_id != 0) + (x->risk_id != 0);
	if (links > 1)
		diag_add(d, x->element ? "element" : "indicator", 0,
		         _("un point de l'ordre du jour porte sur un seul élément, indicateur ou "
		           "risque"));
	if (x->element && (!x->element->id || !plan_find_id(p, x->element->id)))
		diag_add(d, "element", 0, _("élément %s absent du plan « %s »"),
		         x->element->code ? x->element->code : "?", p->slug);
	if (!x->element && !x->indicator_id && !x->risk_id && !x->title)
		diag_add(d, "title", 0, _("intitulé du point manquant"));
	return diag_total(d) == before;
}

static void agenda_bind(sqlite3_stmt *st, arena *a, const agenda_item *x, const char *title)
{
	store_bind_text(st, 1, title);
	if (x->element)
		sqlite3_bind_int64(st, 2, x->element->id);
	else
		sqlite3_bind_null(st, 2);
	if (x->indicator_id)
		sqlite3_bind_int64(st, 3, x->indicator_id);
	else
		sqlite3_bind_null(st, 3);
	if (x->risk_id)
		sqlite3_bind_int64(st, 4, x->risk_id);
	else
		sqlite3_bind_null(st, 4);
	store_bind_text(st, 5, clean(a, x->notes));
	sqlite3_bind_int(st, 6, x->for_decision ? 1 : 0);
}

static store_result title_required(const char *title, diag_list *d)
{
	if (title)
		return STORE_OK;
	diag_add(d, "title", 0, _("intitulé du point manquant"));
	return STORE_INVALID;
}

store_result store_agenda_item_create(store *s, const plan *p, agenda_item *x, diag_list *d)
{
	if (!agenda_check(p, x, d))
		return STORE_INVALID;
	if (!store_begin(s, d))
		return STORE_FAILED;
	arena *a = arena_new();
	meeting m;
	store_result r = store_meeting_get(s, a, p, x->meeting_id, &m, d);
	const char *title = NULL, *code, *risk;
	if (r == STORE_OK)
		r = agenda_resolve(s, a, p, x, &title, &code, &risk, d);
	if (r == STORE_OK)
		r = title_required(title, d);
	sqlite3_stmt *st = r != STORE_OK ? NULL : store_prepare(s,
		"INSERT INTO agenda_item (title, element_id, indicator_id, risk_id, notes,"
		" for_decision, meeting_id, position) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7,"
		" (SELECT coalesce(max(position), -1) + 1 FROM agenda_item WHERE meeting_id = ?7))",
		d);
	if (st) {
		agenda_bind(st, a, x, title);
		sqlite3_bind_int64(st, 7, x->meeting_id);
	}
	if (r == STORE_OK)
		r = run_write(s, st, NULL, d, _("enregistrement du point impossible"));
	int64_t id = r == STORE_OK ? sqlite3_last_insert_rowid(s->sqlite) : 0;
	if (r == STORE_OK &&
	    !store_change_record(s, p->id, x->element, "agenda_item", id, CHANGE_CREATE, NULL, NULL,
	                         title, d))
		r = STORE_FAILED;
	r = finish(s, r, d);
	if (r == STORE_OK) {
		x->id = id;
		x->version = 1;
	}
	arena_free(a);
	return r;
}

store_result store_agenda_item_update(store *s, const plan *p, agenda_item *x,
                                      int64_t expected_version, diag_list *d)
{
	if (!agenda_check(p, x, d))
		return STORE_INVALID;
	if (!store_begin(s, d))
		return STORE_FAILED;
	arena *a = arena_new();
	agenda_item old;
	int64_t position;
	store_result r = agenda_get(s, a, p, x->id, &old, &position, d);
	r = version_check(r, &old.version, expected_version, &agenda_rows, d);
	const char *title = NULL, *code = NULL, *risk = NULL;
	if (r == STORE_OK)
		r = agenda_resolve(s, a, p, x, &title, &code, &risk, d);
	if (r == STORE_OK)
		r = title_required(title, d);
	sqlite3_stmt *st = r != STORE_OK ? NULL : store_prepare(s,
		"UPDATE agenda_item SET title = ?1, element_id = ?2, indicator_id = ?3, risk_id = ?4,"
		" notes = ?5, for_decision = ?6, version = version + 1 WHERE id = ?7 AND version = ?8",
		d);
	if (st) {
		agenda_bind(st, a, x, title);
		sqlite3_bind_int64(st, 7, x->id);
		sqlite3_bind_int64(st, 8, old.version);
	}
	if (r == STORE_OK)
		r = run_versioned(s, st, &agenda_rows, _("mise à jour du point impossible"), d);
	if (r == STORE_OK) {
		const store_field_change f[] = {
			{"title", old.title, title},
			{"element", old.element ? old.element->code : NULL, x->element ? x->element->code
			                                                                : NULL},
			{"indicator", old.indicator_code, code},
			{"risk", old.risk_description, risk},
			{"notes", old.notes, clean(a, x->notes)},
			{"for_decision", old.for_decision ? "oui" : "non", x->for_decision ? "oui" : "non"},
		};
		const plan_element *e = x->element ? x->element : old.element;
		r = journal_fields(s, p, e, &agenda_rows, x->id, f, sizeof(f) / sizeof(f[0]), d);
	}
	r = finish(s, r, d);
	if (r == STORE_OK) {
		x->version = old.version + 1;
		x->meeting_id = old.meeting_id;
	}
	arena_free(a);
	return r;
}

store_result store_agenda_item_delete(store *s, const plan *p, int64_t id,
                                      int64_t expected_version, diag_list *d)
{
	if (!store_begin(s, d))
		return STORE_FAILED;
	arena *a = arena_new();
	agenda_item old;
	int64_t position;
	store_result r = agenda_get(s, a, p, id, &old, &position, d);
	r = version_check(r, &old.version, expected_version, &agenda_rows, d);
	if (r == STORE_OK)
		r = row_delete(s, p, &agenda_rows, id, old.version, d);
	if (r == STORE_OK)
		r = journal_delete(s, p, old.element, &agenda_rows, id, old.title, d);
	r = finish(s, r, d);
	arena_free(a);
	return r;
}

store_result store_agenda_item_move(store *s, const plan *p, int64_t id, int delta,
                                    diag_list *d)
{
	if (!store_begin(s, d))
		return STORE_FAILED;
	arena *a = arena_new();
	agenda_item item;
	int64_t position;
	store_result r = agenda_get(s, a, p, id, &item, &position, d);
	/* The neighbour on that side, and the item's rank (1-based) for the journal. */
	sqlite3_stmt *st = r != STORE_OK ? NULL : store_prepare(s, delta < 0 ?
		"SELECT id, position FROM agenda_item WHERE meeting_id = ?1"
		" AND (position < ?2 OR (position = ?2 AND id < ?3))"
		" ORDER BY position DESC, id DESC LIMIT 1" :
		"SELECT id, position FROM agenda_item WHERE meeting_id = ?1"
		" AND (position > ?2 OR (position = ?2 AND id > ?3))"
		" ORDER BY position, id LIMIT 1", d);
	int64_t other = 0, other_position = 0;
	if (st) {
		sqlite3_bind_int64(st, 1, item.meeting_id);
		sqlite3_bind_int64(st, 2, position);
		sqlite3_bind_int64(st, 3, id);
		int rc = sqlite3_step(st);
		if (rc == SQLITE_ROW) {
			other = sqlite3_column_int64(st, 0);
			other_position = sqlite3_column_int64(st, 1);
		}
		r = read_end(s, st, rc == SQLITE_ROW ? SQLITE_DONE : rc, d);
	} else if (r == STORE_OK) {
		r = STORE_FAILED;
	}
	int64_t rank = 0;
	bool found;
	if (r == STORE_OK && other) {
		st = store_prepare(s, "SELECT count(*) FROM agenda_item WHERE meeting_id = ?1"
		                   " AND (position < ?2 OR (position = ?2 AND id < ?3))", d);
		if (st) {
			sqlite3_bind_int64(st, 1, item.meeting_id);
			sqlite3_bind_int64(st, 2, position);
			sqlite3_bind_int64(st, 3, id);
		}
		r = query_integer(s, st, &rank, &found, d);
	}
	/* Equal positions (never written here, but possible in old data) are separated. */
	if (r == STORE_OK && other && other_position == position)
		other_position = position + (delta < 0 ? -1 : 1);
	const int64_t moves[2][2] = {{id, other_position}, {other, position}};
	for (int i = 0; r == STORE_OK && other && i < 2; i++) {
		st = store_prepare(s, "UPDATE agenda_item SET position = ? WHERE id = ?", d);
		if (st) {
			sqlite3_bind_int64(st, 1, moves[i][1]);
			sqlite3_bind_int64(st, 2, moves[i][0]);
		}
		r = run_write(s, st, NULL, d, _("déplacement du point impossible"));
	}
	if (r == STORE_OK && other &&
	    !store_change_field(s, p->id, item.element, "agenda_item", id, "position",
	                        store_change_int(a, rank + 1),
	                        store_change_int(a, rank + 1 + (delta < 0 ? -1 : 1)), d))
		r = STORE_FAILED;
	r = finish(s, r, d);
	arena_free(a);
	return r;
}

/* ---- attendees --------------------------------------------------------------------- */

static store_result attendees_query(store *s, arena *a, int64_t meeting_id,
                                    meeting_attendee **out, size_t *count, diag_list *d)
{
	*out = NULL;
	*count = 0;
	sqlite3_stmt *st = store_prepare(s, "SELECT name, presence FROM meeting_attendee"
	                                 " WHERE meeting_id = ? ORDER BY position", d);
	if (!st)
		return STORE_FAILED;
	sqlite3_bind_int64(st, 1, meeting_id);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*out = grow(a, *out, *count, sizeof(**out));
		meeting_attendee *x = &(*out)[(*count)++];
		x->name = store_column_text(a, st, 0);
		const unsigned char *presence = sqlite3_column_text(st, 1);
		if (!presence || !attendee_presence_parse((const char *)presence, &x->presence))
			x->presence = PRESENCE_PRESENT;
	}
	return read_end(s, st, rc, d);
}

store_result store_attendees_load(store *s, arena *a, const plan *p, int64_t meeting_id,
                                  meeting_attendee **out, size_t *count, diag_list *d)
{
	*out = NULL;
	*count = 0;
	meeting m;
	store_result r = store_meeting_get(s, a, p, meeting_id, &m, d);
	return r == STORE_OK ? attendees_query(s, a, meeting_id, out, count, d) : r;
}

/* "Nom|Nom (excusé)": the list as the journal writes it. */
static const char *attendees_text(arena *a, const meeting_attendee *list, size_t count)
{
	if (!count)
		return NULL;
	buf out = {0};
	for (size_t i = 0; i < count; i++) {
		const char *name = clean(a, list[i].name);
		buf_printf(&out, "%s%s%s", i ? "|" : "", name ? name : "",
		           list[i].presence == PRESENCE_EXCUSED ? " (excusé)" : "");
	}
	const char *text = arena_strdup(a, out.data ? out.data : "");
	buf_free(&out);
	return text;
}

store_result store_attendees_set(store *s, const plan *p, int64_t meeting_id,
                                 const meeting_attendee *list, size_t count, diag_list *d)
{
	arena *a = arena_new();
	size_t before = diag_total(d);
	const char **keys = arena_alloc(a, (count + 1) * sizeof(*keys));
	for (size_t i = 0; i < count; i++) {
		const char *name = clean(a, list[i].name);
		keys[i] = name ? text_match_key(a, name) : "";
		if (!name)
			diag_add(d, "attendees", 0, _("participant n° %zu sans nom"), i + 1);
		if ((unsigned)list[i].presence > PRESENCE_EXCUSED)
			diag_add(d, "attendees", 0, _("présence invalide pour « %s » (présent ou excusé)"),
			         name ? name : "?");
		for (size_t j = 0; name && j < i; j++)
			if (strcmp(keys[i], keys[j]) == 0) {
				diag_add(d, "attendees", 0, _("« %s » figure deux fois dans la liste"), name);
				break;
			}
	}
	if (diag_total(d) != before) {
		arena_free(a);
		return STORE_INVALID;
	}
	store_result r = store_begin(s, d) ? STORE_OK : STORE_FAILED;
	meeting m;
	if (r == STORE_OK)
		r = store_meeting_get(s, a, p, meeting_id, &m, d);
	meeting_attendee *old = NULL;
	size_t old_count = 0;
	if (r == STORE_OK)
		r = attendees_query(s, a, meeting_id, &old, &old_count, d);
	if (r == STORE_OK)
		r = delete_owned(s, "DELETE FROM meeting_attendee WHERE meeting_id = ?1", meeting_id, d);
	for (size_t i = 0; r == STORE_OK && i < count; i++) {
		sqlite3_stmt *st = store_prepare(s, "INSERT INTO meeting_attendee (meeting_id, position,"
		                                 " name, presence) VALUES (?, ?, ?, ?)", d);
		if (st) {
			sqlite3_bind_int64(st, 1, meeting_id);
			sqlite3_bind_int64(st, 2, (int64_t)i);
			store_bind_text(st, 3, clean(a, list[i].name));
			sqlite3_bind_text(st, 4, attendee_presence_key(list[i].presence), -1,
			                  SQLITE_STATIC);
		}
		r = run_write(s, st, NULL, d, _("enregistrement des participants impossible"));
	}
	if (r == STORE_OK &&
	    !store_change_field(s, p->id, NULL, "meeting", meeting_id, "attendees",
	                        attendees_text(a, old, old_count), attendees_text(a, list, count), d))
		r = STORE_FAILED;
	r = finish(s, r, d);
	arena_free(a);
	return r;
}

/* ---- decisions --------------------------------------------------------------------- */

#define DECISION_COLUMNS                                                                    \
	"x.id, x.meeting_id, x.kind, x.text, x.effect, x.milestone_id, x.effect_element_id,"   \
	" x.effect_date, x.effect_value, x.effect_summary, x.version, m.held_on, i.name"
#define DECISION_FROM                                                                       \
	" FROM decision x JOIN meeting m ON m.id = x.meeting_id"                               \
	" JOIN instance i ON i.id = m.instance_id"
#define DECISION_NEWEST_FIRST                                                               \
	" ORDER BY m.held_on DESC, coalesce(m.start_minute, -1) DESC, m.id DESC, x.position, x.id"

static void decision_row(arena *a, const store_id_index *ix, sqlite3_stmt *st, decision *x)
{
	memset(x, 0, sizeof(*x));
	x->id = sqlite3_column_int64(st, 0);
	x->meeting_id = sqlite3_column_int64(st, 1);
	const unsigned char *kind = sqlite3_column_text(st, 2);
	if (!kind || !decision_kind_parse((const char *)kind, &x->kind))
		x->kind = DECISION_OTHER;
	x->text = store_column_text(a, st, 3);
	const unsigned char *effect = sqlite3_column_text(st, 4);
	if (!effect || !decision_effect_parse((const char *)effect, &x->effect))
		x->effect = EFFECT_NONE;
	x->milestone_id = sqlite3_column_int64(st, 5);
	if (sqlite3_column_type(st, 6) != SQLITE_NULL)
		x->effect_element = store_id_index_get(ix, sqlite3_column_int64(st, 6));
	x->effect_date = store_column_date(st, 7);
	x->effect_value = store_column_text(a, st, 8);
	x->effect_summary = store_column_text(a, st, 9);
	x->version = sqlite3_column_int64(st, 10);
	x->meeting_date = store_column_date(st, 11);
	x->instance_name = store_column_text(a, st, 12);
}

/* Decisions from a query returning DECISION_COLUMNS whose ?1 is the plan (bound here)
 * and other parameters bound by the caller, with their elements (links_sql: ?1 plan,
 * ?2 param2, rows ordered by decision). */
static store_result decisions_query(store *s, arena *a, const plan *p, sqlite3_stmt *st,
                                    const char *links_sql, int64_t param2, decision **out,
                                    size_t *count, diag_list *d)
{
	*out = NULL;
	*count = 0;
	if (!st)
		return STORE_FAILED;
	sqlite3_bind_int64(st, 1, p->id);
	store_id_index ix;
	store_id_index_build(a, &ix, p);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*out = grow(a, *out, *count, sizeof(**out));
		decision_row(a, &ix, st, &(*out)[(*count)++]);
	}
	store_result r = read_end(s, st, rc, d);
	if (r != STORE_OK || !*count)
		return r;
	element_link *links;
	size_t link_count;
	r = links_load(s, a, p, links_sql, param2, &links, &link_count, d);
	/* Links come grouped by decision: each group is handed to its decision. */
	for (size_t first = 0; r == STORE_OK && first < link_count;) {
		size_t last = first;
		while (last < link_count && links[last].owner == links[first].owner)
			last++;
		for (size_t j = 0; j < *count; j++) {
			decision *x = &(*out)[j];
			if (x->id != links[first].owner)
				continue;
			x->element_count = last - first;
			x->elements = arena_alloc(a, x->element_count * sizeof(*x->elements));
			for (size_t i = first; i < last; i++)
				x->elements[i - first] = links[i].element;
			break;
		}
		first = last;
	}
	return r;
}

store_result store_decisions_load(store *s, arena *a, const plan *p, int64_t meeting_id,
                                  decision **out, size_t *count, diag_list *d)
{
	sqlite3_stmt *st = store_prepare(s, meeting_id ?
		"SELECT " DECISION_COLUMNS DECISION_FROM " WHERE i.plan_id = ?1 AND x.meeting_id = ?2"
		" ORDER BY x.position, x.id" :
		"SELECT " DECISION_COLUMNS DECISION_FROM " WHERE i.plan_id = ?1 AND ?2 = 0"
		DECISION_NEWEST_FIRST, d);
	if (st)
		sqlite3_bind_int64(st, 2, meeting_id);
	return decisions_query(s, a, p, st,
		"SELECT de.decision_id, de.element_id FROM decision_element de"
		" JOIN decision x ON x.id = de.decision_id JOIN meeting m ON m.id = x.meeting_id"
		" JOIN instance i ON i.id = m.instance_id WHERE i.plan_id = ?1"
		" AND (?2 = 0 OR x.meeting_id = ?2) ORDER BY de.decision_id, de.position",
		meeting_id, out, count, d);
}

store_result store_decision_get(store *s, arena *a, const plan *p, int64_t id, decision *out,
                                diag_list *d)
{
	sqlite3_stmt *st = store_prepare(s, "SELECT " DECISION_COLUMNS DECISION_FROM
		" WHERE i.plan_id = ?1 AND x.id = ?2", d);
	if (st)
		sqlite3_bind_int64(st, 2, id);
	decision *found;
	size_t count;
	store_result r = decisions_query(s, a, p, st,
		"SELECT de.decision_id, de.element_id FROM decision_element de"
		" JOIN decision x ON x.id = de.decision_id JOIN meeting m ON m.id = x.meeting_id"
		" JOIN instance i ON i.id = m.instance_id WHERE i.plan_id = ?1"
		" AND x.id = ?2 ORDER BY de.decision_id, de.position", id, &found, &count, d);
	if (r != STORE_OK)
		return r;
	if (!count)
		return not_found(d, decision_not_found, id);
	*out = found[0];
	return STORE_OK;
}

store_result store_decisions_search(store *s, arena *a, const plan *p, const decision_filter *f,
                                    decision **out, size_t *count, diag_list *d)
{
	sqlite3_stmt *st = store_prepare(s, "SELECT " DECISION_COLUMNS DECISION_FROM
		" WHERE i.plan_id = ?1 AND (?2 IS NULL OR x.kind = ?2) AND (?3 = 0 OR i.id = ?3)"
		" AND (?4 IS NULL OR m.held_on >= ?4) AND (?5 IS NULL OR m.held_on <= ?5)"
		DECISION_NEWEST_FIRST, d);
	char from[11], to[11];
	if (st) {
		if (f && f->kind >= 0 && f->kind <= DECISION_OTHER)
			sqlite3_bind_text(st, 2, decision_kind_key((decision_kind)f->kind), -1,
			                  SQLITE_STATIC);
		else
			sqlite3_bind_null(st, 2);
		sqlite3_bind_int64(st, 3, f ? f->instance_id : 0);
		store_bind_date(st, 4, f ? f->from : DATE_NONE, from);
		store_bind_date(st, 5, f ? f->to : DATE_NONE, to);
	}
	decision *all;
	size_t all_count;
	store_result r = decisions_query(s, a, p, st,
		"SELECT de.decision_id, de.element_id FROM decision_element de"
		" JOIN decision x ON x.id = de.decision_id JOIN meeting m ON m.id = x.meeting_id"
		" JOIN instance i ON i.id = m.instance_id WHERE i.plan_id = ?1 AND ?2 = 0"
		" ORDER BY de.decision_id, de.position", 0, &all, &all_count, d);
	*out = NULL;
	*count = 0;
	if (r != STORE_OK)
		return r;
	char **words = NULL;
	size_t word_count = f && f->query ? text_split(a, text_fold(a, f->query), ' ', &words) : 0;
	*out = arena_alloc(a, (all_count + 1) * sizeof(**out));
	for (size_t i = 0; i < all_count; i++) {
		const decision *x = &all[i];
		bool keep = true;
		if (word_count) {
			buf hay = {0};
			buf_printf(&hay, "%s\n%s\n%s", x->text ? x->text : "",
			           x->effect_summary ? x->effect_summary : "",
			           x->instance_name ? x->instance_name : "");
			for (size_t k = 0; k < x->element_count; k++)
				buf_printf(&hay, "\n%s\n%s", x->elements[k]->code,
				           x->elements[k]->title ? x->elements[k]->title : "");
			const char *folded = text_fold(a, hay.data ? hay.data : "");
			buf_free(&hay);
			for (size_t k = 0; keep && k < word_count; k++)
				keep = strstr(folded, words[k]) != NULL;
		}
		if (keep)
			(*out)[(*count)++] = *x;
	}
	return STORE_OK;
}

static bool decision_check(arena *a, const plan *p, const decision *x, bool effect_too,
                           diag_list *d)
{
	size_t before = diag_total(d);
	if ((unsigned)x->kind > DECISION_OTHER)
		diag_add(d, "kind", 0, _("type de décision invalide (validation, arbitrage, report, "
		                         "abandon, budget ou autre)"));
	if (!clean(a, x->text))
		diag_add(d, "text", 0, _("texte de la décision manquant"));
	elements_check(p, x->elements, x->element_count, "elements", 0, d);
	if (!effect_too)
		return diag_total(d) == before;
	switch (x->effect) {
	case EFFECT_NONE:
		break;
	case EFFECT_MILESTONE_REACHED:
	case EFFECT_MILESTONE_POSTPONED:
	case EFFECT_MILESTONE_CANCELLED:
		if (x->milestone_id <= 0)
			diag_add(d, "milestone", 0, _("jalon concerné manquant : cet effet porte sur un "
			                              "jalon du plan"));
		if (date_bad(x->effect_date))
			diag_add(d, "effect_date", 0, _("date invalide %04d-%02d-%02d"),
			         x->effect_date.year, x->effect_date.month, x->effect_date.day);
		else if (x->effect == EFFECT_MILESTONE_POSTPONED && !date_is_set(x->effect_date))
			diag_add(d, "effect_date", 0, _("nouvelle date prévue manquante : un report "
			                                "donne la date à laquelle le jalon est attendu"));
		break;
	case EFFECT_PHASE:
	case EFFECT_PROGRESS:
		if (!x->effect_element)
			diag_add(d, "effect_element", 0, _("élément concerné par l'effet manquant"));
		else if (!x->effect_element->id || !plan_find_id(p, x->effect_element->id))
			diag_add(d, "effect_element", 0, _("élément %s absent du plan « %s »"),
			         x->effect_element->code ? x->effect_element->code : "?", p->slug);
		if (x->effect == EFFECT_PHASE && !clean(a, x->effect_value)) {
			diag_add(d, "effect_value", 0, _("phase manquante"));
		} else if (x->effect == EFFECT_PROGRESS) {
			const char *v = clean(a, x->effect_value);
			char *end = NULL;
			long pct = v ? strtol(v, &end, 10) : -1;
			if (!v || *end || pct < 0 || pct > 100)
				diag_add(d, "effect_value", 0, _("avancement invalide « %s » (un nombre entier "
				                                 "de 0 à 100)"), v ? v : "");
		}
		break;
	default:
		diag_add(d, "effect", 0, _("effet de décision invalide"));
	}
	return diag_total(d) == before;
}

/* A milestone of p as item_store.h's writer wants it. */
static store_result milestone_read(store *s, arena *a, const plan *p, int64_t id, milestone *m,
                                   diag_list *d)
{
	sqlite3_stmt *st = store_prepare(s,
		"SELECT x.element_id, x.title, x.planned_on, x.forecast_on, x.actual_on, x.status,"
		" x.deliverable, x.validated_by, x.validated_on, x.minutes_ref, x.version"
		" FROM milestone x JOIN element e ON e.id = x.element_id"
		" WHERE x.id = ? AND e.plan_id = ?", d);
	if (!st)
		return STORE_FAILED;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, p->id);
	int rc = sqlite3_step(st);
	int64_t element_id = 0;
	if (rc == SQLITE_ROW) {
		memset(m, 0, sizeof(*m));
		m->id = id;
		element_id = sqlite3_column_int64(st, 0);
		m->title = store_column_text(a, st, 1);
		m->planned = store_column_date(st, 2);
		m->forecast = store_column_date(st, 3);
		m->actual = store_column_date(st, 4);
		const unsigned char *status = sqlite3_column_text(st, 5);
		if (!status || !milestone_status_parse((const char *)status, &m->status))
			m->status = MILESTONE_PLANNED;
		m->deliverable = store_column_text(a, st, 6);
		m->validated_by = store_column_text(a, st, 7);
		m->validated_on = store_column_date(st, 8);
		m->minutes_ref = store_column_text(a, st, 9);
		m->version = sqlite3_column_int64(st, 10);
	}
	store_result r = read_end(s, st, rc == SQLITE_ROW ? SQLITE_DONE : rc, d);
	if (r != STORE_OK)
		return r;
	if (rc != SQLITE_ROW) {
		diag_add(d, "milestone", 0, _("aucun jalon n° %lld dans ce plan"), (long long)id);
		return STORE_INVALID;
	}
	m->element = plan_find_id(p, element_id);
	if (!m->element) {
		diag_add(d, "milestone", 0, _("le jalon « %s » est sur un élément ajouté depuis le "
		                              "chargement du plan ; rechargez-le et recommencez"),
		         m->title);
		return STORE_CONFLICT;
	}
	return STORE_OK;
}

/* The element's stored status, to change one of its fields and keep the others. */
static store_result status_read(store *s, arena *a, const plan_element *e, element_status *x,
                                diag_list *d)
{
	memset(x, 0, sizeof(*x));
	x->element = e;
	x->weather = WEATHER_UNSET;
	sqlite3_stmt *st = store_prepare(s, "SELECT progress_pct, weather, phase"
	                                 " FROM element_status WHERE element_id = ?", d);
	if (!st)
		return STORE_FAILED;
	sqlite3_bind_int64(st, 1, e->id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		x->has_progress = sqlite3_column_type(st, 0) != SQLITE_NULL;
		x->progress_pct = sqlite3_column_int(st, 0);
		const unsigned char *w = sqlite3_column_text(st, 1);
		if (!w || !weather_parse((const char *)w, &x->weather))
			x->weather = WEATHER_UNSET;
		x->phase = store_column_text(a, st, 2);
	}
	return read_end(s, st, rc == SQLITE_ROW ? SQLITE_DONE : rc, d);
}

/* The plan's phase named like `value` (its list's spelling), or a diag on effect_value. */
static store_result phase_of_plan(store *s, arena *a, const plan *p, const char *value,
                                  const char **out, diag_list *d)
{
	*out = NULL;
	sqlite3_stmt *st = store_prepare(s, "SELECT name FROM plan_phase WHERE plan_id = ?"
	                                 " ORDER BY position", d);
	if (!st)
		return STORE_FAILED;
	sqlite3_bind_int64(st, 1, p->id);
	const char *want = text_match_key(a, value);
	buf list = {0};
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *name = store_column_text(a, st, 0);
		if (!name)
			continue;
		buf_printf(&list, "%s%s", list.data && *list.data ? ", " : "", name);
		if (!*out && strcmp(text_match_key(a, name), want) == 0)
			*out = name;
	}
	store_result r = read_end(s, st, rc, d);
	if (r == STORE_OK && !*out) {
		diag_add(d, "effect_value", 0, _("phase inconnue « %s » (phases du plan : %s)"), value,
		         list.data ? list.data : "");
		r = STORE_INVALID;
	}
	buf_free(&list);
	return r;
}

/* Apply x's effect, recorded at meeting m, inside the transaction; *summary says in
 * French what was done (NULL: no effect). */
static store_result effect_apply(store *s, arena *a, const plan *p, const decision *x,
                                 const meeting *m, const char **summary, diag_list *d)
{
	*summary = NULL;
	if (x->effect == EFFECT_NONE)
		return STORE_OK;
	if (x->effect == EFFECT_PHASE || x->effect == EFFECT_PROGRESS) {
		const plan_element *e = plan_find_id(p, x->effect_element->id);
		element_status status;
		store_result r = status_read(s, a, e, &status, d);
		const char *value = clean(a, x->effect_value);
		if (r == STORE_OK && x->effect == EFFECT_PHASE) {
			r = phase_of_plan(s, a, p, value, &status.phase, d);
			if (r == STORE_OK)
				*summary = arena_printf(a, "Élément %s : phase « %s »", e->code, status.phase);
		} else if (r == STORE_OK) {
			status.has_progress = true;
			status.progress_pct = atoi(value);
			*summary = arena_printf(a, "Élément %s : avancement %d %%", e->code,
			                        status.progress_pct);
		}
		if (r == STORE_OK &&
		    !store_element_status_set_in_transaction(s, p, &status, DATE_NONE, NULL, d))
			r = STORE_FAILED;
		return r;
	}
	milestone ms;
	store_result r = milestone_read(s, a, p, x->milestone_id, &ms, d);
	if (r != STORE_OK)
		return r;
	switch (x->effect) {
	case EFFECT_MILESTONE_REACHED:
		ms.status = MILESTONE_DONE;
		ms.actual = date_is_set(x->effect_date) ? x->effect_date : m->date;
		ms.validated_by = m->instance_name;
		ms.validated_on = m->date;
		ms.minutes_ref = arena_printf(a, "Séance %s du %s", m->instance_name,
		                              date_fr(a, m->date));
		*summary = arena_printf(a, "Jalon « %s » atteint le %s", ms.title,
		                        date_fr(a, ms.actual));
		break;
	case EFFECT_MILESTONE_POSTPONED:
		ms.forecast = x->effect_date;
		*summary = arena_printf(a, "Jalon « %s » reporté au %s", ms.title,
		                        date_fr(a, ms.forecast));
		break;
	default:
		ms.status = MILESTONE_CANCELLED;
		*summary = arena_printf(a, "Jalon « %s » annulé", ms.title);
		break;
	}
	return store_milestone_update_in_transaction(s, p, &ms, ms.version, d);
}

/* Element links of decision id replaced by `elements`. */
static store_result decision_elements_write(store *s, int64_t id,
                                            const plan_element *const *elements, size_t count,
                                            diag_list *d)
{
	store_result r = delete_owned(s, "DELETE FROM decision_element WHERE decision_id = ?1", id,
	                              d);
	if (r == STORE_OK)
		r = links_write(s, "INSERT INTO decision_element (decision_id, element_id, position)"
		                " VALUES (?1, ?2, ?3)", id, elements, count, d);
	return r;
}

store_result store_decision_create(store *s, arena *out_arena, const plan *p, decision *x,
                                   diag_list *d)
{
	arena *a = arena_new();
	if (!decision_check(a, p, x, true, d)) {
		arena_free(a);
		return STORE_INVALID;
	}
	store_result r = store_begin(s, d) ? STORE_OK : STORE_FAILED;
	meeting m;
	if (r == STORE_OK)
		r = store_meeting_get(s, a, p, x->meeting_id, &m, d);
	const char *summary = NULL;
	if (r == STORE_OK)
		r = effect_apply(s, a, p, x, &m, &summary, d);
	sqlite3_stmt *st = r != STORE_OK ? NULL : store_prepare(s,
		"INSERT INTO decision (meeting_id, position, kind, text, effect, milestone_id,"
		" effect_element_id, effect_date, effect_value, effect_summary)"
		" VALUES (?1, (SELECT coalesce(max(position), -1) + 1 FROM decision"
		"   WHERE meeting_id = ?1), ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)", d);
	char day[11];
	bool milestone_effect = x->effect == EFFECT_MILESTONE_REACHED ||
	                        x->effect == EFFECT_MILESTONE_POSTPONED ||
	                        x->effect == EFFECT_MILESTONE_CANCELLED;
	if (st) {
		sqlite3_bind_int64(st, 1, x->meeting_id);
		sqlite3_bind_text(st, 2, decision_kind_key(x->kind), -1, SQLITE_STATIC);
		store_bind_text(st, 3, clean(a, x->text));
		store_bind_text(st, 4, decision_effect_key(x->effect));
		if (milestone_effect)
			sqlite3_bind_int64(st, 5, x->milestone_id);
		else
			sqlite3_bind_null(st, 5);
		if (!milestone_effect && x->effect != EFFECT_NONE)
			sqlite3_bind_int64(st, 6, x->effect_element->id);
		else
			sqlite3_bind_null(st, 6);
		store_bind_date(st, 7, milestone_effect ? x->effect_date : DATE_NONE, day);
		store_bind_text(st, 8, !milestone_effect ? clean(a, x->effect_value) : NULL);
		store_bind_text(st, 9, summary);
	}
	if (r == STORE_OK)
		r = run_write(s, st, NULL, d, _("enregistrement de la décision impossible"));
	int64_t id = r == STORE_OK ? sqlite3_last_insert_rowid(s->sqlite) : 0;
	if (r == STORE_OK)
		r = decision_elements_write(s, id, x->elements, x->element_count, d);
	if (r == STORE_OK &&
	    !store_change_record(s, p->id, x->element_count ? x->elements[0] : NULL, "decision",
	                         id, CHANGE_CREATE, NULL, NULL, clean(a, x->text), d))
		r = STORE_FAILED;
	r = finish(s, r, d);
	if (r == STORE_OK) {
		x->id = id;
		x->version = 1;
		x->effect_summary = summary && out_arena ? arena_strdup(out_arena, summary) : NULL;
	}
	arena_free(a);
	return r;
}

store_result store_decision_update(store *s, const plan *p, decision *x,
                                   int64_t expected_version, diag_list *d)
{
	arena *a = arena_new();
	if (!decision_check(a, p, x, false, d)) {
		arena_free(a);
		return STORE_INVALID;
	}
	store_result r = store_begin(s, d) ? STORE_OK : STORE_FAILED;
	decision old;
	if (r == STORE_OK)
		r = store_decision_get(s, a, p, x->id, &old, d);
	r = version_check(r, &old.version, expected_version, &decision_rows, d);
	sqlite3_stmt *st = r != STORE_OK ? NULL : store_prepare(s,
		"UPDATE decision SET kind = ?, text = ?, version = version + 1"
		" WHERE id = ? AND version = ?", d);
	if (st) {
		sqlite3_bind_text(st, 1, decision_kind_key(x->kind), -1, SQLITE_STATIC);
		store_bind_text(st, 2, clean(a, x->text));
		sqlite3_bind_int64(st, 3, x->id);
		sqlite3_bind_int64(st, 4, old.version);
	}
	if (r == STORE_OK)
		r = run_versioned(s, st, &decision_rows, _("mise à jour de la décision impossible"), d);
	if (r == STORE_OK)
		r = decision_elements_write(s, x->id, x->elements, x->element_count, d);
	if (r == STORE_OK) {
		const plan_element *e = x->element_count ? x->elements[0] :
		                        old.element_count ? old.elements[0] : NULL;
		const store_field_change f[] = {
			{"kind", decision_kind_key(old.kind), decision_kind_key(x->kind)},
			{"text", old.text, clean(a, x->text)},
			{"elements", codes_joined(a, old.elements, old.element_count),
			 codes_joined(a, x->elements, x->element_count)},
		};
		r = journal_fields(s, p, e, &decision_rows, x->id, f, sizeof(f) / sizeof(f[0]), d);
	}
	r = finish(s, r, d);
	if (r == STORE_OK)
		x->version = old.version + 1;
	arena_free(a);
	return r;
}

store_result store_decision_delete(store *s, const plan *p, int64_t id,
                                   int64_t expected_version, diag_list *d)
{
	if (!store_begin(s, d))
		return STORE_FAILED;
	arena *a = arena_new();
	decision old;
	store_result r = store_decision_get(s, a, p, id, &old, d);
	r = version_check(r, &old.version, expected_version, &decision_rows, d);
	if (r == STORE_OK)
		r = row_delete(s, p, &decision_rows, id, old.version, d);
	/* The effect stays applied: the journal says so, in the language of the record. */
	const char *summary = r != STORE_OK ? NULL : old.effect_summary ?
		arena_printf(a, "%s (effet conservé : %s)", old.text, old.effect_summary) : old.text;
	if (r == STORE_OK)
		r = journal_delete(s, p, old.element_count ? old.elements[0] : NULL, &decision_rows, id,
		                   summary, d);
	r = finish(s, r, d);
	arena_free(a);
	return r;
}

/* ---- action items ------------------------------------------------------------------ */

#define ACTION_COLUMNS                                                                      \
	"x.id, x.meeting_id, x.element_id, x.text, x.owner, x.due_on, x.status, x.created_on," \
	" x.closed_on, x.version, m.held_on, i.name"
#define ACTION_FROM                                                                         \
	" FROM action_item x LEFT JOIN meeting m ON m.id = x.meeting_id"                       \
	" LEFT JOIN instance i ON i.id = m.instance_id"
#define ACTION_OPEN "x.status IN ('a-faire', 'en-cours')"
/* Open ones first by due date (none last), then closed ones newest closed first. */
#define ACTION_ORDER                                                                        \
	" ORDER BY CASE WHEN " ACTION_OPEN " THEN 0 ELSE 1 END,"                               \
	" CASE WHEN " ACTION_OPEN " AND x.due_on IS NULL THEN 1 ELSE 0 END,"                    \
	" CASE WHEN " ACTION_OPEN " THEN x.due_on END,"                                        \
	" CASE WHEN " ACTION_OPEN " THEN NULL ELSE x.closed_on END DESC, x.id"

static void action_row(arena *a, const store_id_index *ix, sqlite3_stmt *st, action_item *x)
{
	memset(x, 0, sizeof(*x));
	x->id = sqlite3_column_int64(st, 0);
	x->meeting_id = sqlite3_column_int64(st, 1);
	if (sqlite3_column_type(st, 2) != SQLITE_NULL)
		x->element = store_id_index_get(ix, sqlite3_column_int64(st, 2));
	x->text = store_column_text(a, st, 3);
	x->owner = store_column_text(a, st, 4);
	x->due = store_column_date(st, 5);
	const unsigned char *status = sqlite3_column_text(st, 6);
	if (!status || !action_status_parse((const char *)status, &x->status))
		x->status = ACTION_TODO;
	x->created_on = store_column_date(st, 7);
	x->closed_on = store_column_date(st, 8);
	x->version = sqlite3_column_int64(st, 9);
	x->meeting_date = store_column_date(st, 10);
	x->instance_name = store_column_text(a, st, 11);
}

/* Rows of an action query whose parameters are bound, kept when their owner matches
 * `owner` (ignoring case and accents; NULL: any). */
static store_result actions_collect(store *s, arena *a, const plan *p, sqlite3_stmt *st,
                                    const char *owner, action_item **out, size_t *count,
                                    diag_list *d)
{
	*out = NULL;
	*count = 0;
	if (!st)
		return STORE_FAILED;
	store_id_index ix;
	store_id_index_build(a, &ix, p);
	const char *want = owner && *owner ? text_match_key(a, owner) : NULL;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (want) {
			const char *o = (const char *)sqlite3_column_text(st, 4);
			if (!o || strcmp(text_match_key(a, o), want) != 0)
				continue;
		}
		*out = grow(a, *out, *count, sizeof(**out));
		action_row(a, &ix, st, &(*out)[(*count)++]);
	}
	return read_end(s, st, rc, d);
}

store_result store_action_items_load(store *s, arena *a, const plan *p, const action_filter *f,
                                     action_item **out, size_t *count, diag_list *d)
{
	sqlite3_stmt *st = store_prepare(s, "SELECT " ACTION_COLUMNS ACTION_FROM
		" WHERE x.plan_id = ?1 AND (?2 = 0 OR x.meeting_id = ?2)"
		" AND (?3 = 0 OR x.element_id = ?3) AND (?4 = 0 OR " ACTION_OPEN ")" ACTION_ORDER, d);
	if (st) {
		sqlite3_bind_int64(st, 1, p->id);
		sqlite3_bind_int64(st, 2, f ? f->meeting_id : 0);
		sqlite3_bind_int64(st, 3, f ? f->element_id : 0);
		sqlite3_bind_int(st, 4, f && f->open_only ? 1 : 0);
	}
	return actions_collect(s, a, p, st, f ? f->owner : NULL, out, count, d);
}

store_result store_action_item_get(store *s, arena *a, const plan *p, int64_t id,
                                   action_item *out, diag_list *d)
{
	sqlite3_stmt *st = store_prepare(s, "SELECT " ACTION_COLUMNS ACTION_FROM
		" WHERE x.plan_id = ?1 AND x.id = ?2", d);
	if (st) {
		sqlite3_bind_int64(st, 1, p->id);
		sqlite3_bind_int64(st, 2, id);
	}
	action_item *found;
	size_t count;
	store_result r = actions_collect(s, a, p, st, NULL, &found, &count, d);
	if (r != STORE_OK)
		return r;
	if (!count)
		return not_found(d, action_not_found, id);
	*out = found[0];
	return STORE_OK;
}

store_result store_meeting_followups(store *s, arena *a, const plan *p, const meeting *m,
                                     action_item **out, size_t *count, diag_list *d)
{
	*out = NULL;
	*count = 0;
	meeting previous;
	store_result r = store_meeting_previous(s, a, p, m, &previous, d);
	if (r != STORE_OK && r != STORE_NOT_FOUND)
		return r;
	jalon_date since = r == STORE_OK ? previous.date : DATE_NONE;
	sqlite3_stmt *st = store_prepare(s, "SELECT " ACTION_COLUMNS ACTION_FROM
		" WHERE x.plan_id = ?1 AND m.instance_id = ?2"
		" AND (m.held_on < ?3 OR (m.held_on = ?3 AND m.id < ?4))"
		" AND (" ACTION_OPEN " OR (?5 IS NOT NULL AND x.closed_on > ?5))" ACTION_ORDER, d);
	char day[11], after[11];
	if (st) {
		sqlite3_bind_int64(st, 1, p->id);
		sqlite3_bind_int64(st, 2, m->instance_id);
		store_bind_date(st, 3, m->date, day);
		sqlite3_bind_int64(st, 4, m->id ? m->id : INT64_MAX);
		store_bind_date(st, 5, since, after);
	}
	return actions_collect(s, a, p, st, NULL, out, count, d);
}

static bool action_check(arena *a, const plan *p, const action_item *x, diag_list *d)
{
	size_t before = diag_total(d);
	if (!clean(a, x->text))
		diag_add(d, "text", 0, _("texte de l'action manquant"));
	if (date_bad(x->due))
		diag_add(d, "due", 0, _("date invalide %04d-%02d-%02d"), x->due.year, x->due.month,
		         x->due.day);
	if ((unsigned)x->status > ACTION_DROPPED)
		diag_add(d, "status", 0, _("statut d'action invalide (à faire, en cours, faite ou "
		                           "abandonnée)"));
	if (x->element && (!x->element->id || !plan_find_id(p, x->element->id)))
		diag_add(d, "element", 0, _("élément %s absent du plan « %s »"),
		         x->element->code ? x->element->code : "?", p->slug);
	return diag_total(d) == before;
}

/* The meeting an action is raised at, if one of p's; *summary for the journal. */
static store_result action_meeting(store *s, arena *a, const plan *p, int64_t id,
                                   const char **summary, diag_list *d)
{
	*summary = NULL;
	if (!id)
		return STORE_OK;
	meeting m;
	diag_list quiet;
	diag_init(&quiet, a);
	store_result r = store_meeting_get(s, a, p, id, &m, &quiet);
	if (r == STORE_NOT_FOUND) {
		diag_add(d, "meeting", 0, _("aucune séance n° %lld dans ce plan"), (long long)id);
		return STORE_INVALID;
	}
	if (r != STORE_OK) {
		store_report(s, d, _("lecture des instances de gouvernance impossible"));
		return r;
	}
	*summary = meeting_summary(a, m.instance_name, m.date);
	return STORE_OK;
}

static void action_bind(sqlite3_stmt *st, arena *a, const action_item *x, jalon_date closed,
                        char dates[2][11])
{
	store_bind_text(st, 1, clean(a, x->text));
	store_bind_text(st, 2, clean(a, x->owner));
	store_bind_date(st, 3, x->due, dates[0]);
	sqlite3_bind_text(st, 4, action_status_key(x->status), -1, SQLITE_STATIC);
	store_bind_date(st, 5, closed, dates[1]);
	if (x->element)
		sqlite3_bind_int64(st, 6, x->element->id);
	else
		sqlite3_bind_null(st, 6);
	if (x->meeting_id)
		sqlite3_bind_int64(st, 7, x->meeting_id);
	else
		sqlite3_bind_null(st, 7);
}

store_result store_action_item_create(store *s, const plan *p, action_item *x, jalon_date today,
                                      diag_list *d)
{
	arena *a = arena_new();
	if (!action_check(a, p, x, d)) {
		arena_free(a);
		return STORE_INVALID;
	}
	store_result r = store_begin(s, d) ? STORE_OK : STORE_FAILED;
	const char *where;
	if (r == STORE_OK)
		r = action_meeting(s, a, p, x->meeting_id, &where, d);
	jalon_date closed = action_status_open(x->status) ? DATE_NONE : today;
	sqlite3_stmt *st = r != STORE_OK ? NULL : store_prepare(s,
		"INSERT INTO action_item (text, owner, due_on, status, closed_on, element_id,"
		" meeting_id, plan_id, created_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", d);
	char dates[2][11], created[11];
	if (st) {
		action_bind(st, a, x, closed, dates);
		sqlite3_bind_int64(st, 8, p->id);
		store_bind_date(st, 9, today, created);
	}
	if (r == STORE_OK)
		r = run_write(s, st, NULL, d, _("enregistrement de l'action impossible"));
	int64_t id = r == STORE_OK ? sqlite3_last_insert_rowid(s->sqlite) : 0;
	if (r == STORE_OK &&
	    !store_change_record(s, p->id, x->element, "action_item", id, CHANGE_CREATE, NULL, NULL,
	                         clean(a, x->text), d))
		r = STORE_FAILED;
	r = finish(s, r, d);
	if (r == STORE_OK) {
		x->id = id;
		x->version = 1;
		x->created_on = today;
		x->closed_on = closed;
	}
	arena_free(a);
	return r;
}

store_result store_action_item_update(store *s, const plan *p, action_item *x,
                                      int64_t expected_version, jalon_date today, diag_list *d)
{
	arena *a = arena_new();
	if (!action_check(a, p, x, d)) {
		arena_free(a);
		return STORE_INVALID;
	}
	store_result r = store_begin(s, d) ? STORE_OK : STORE_FAILED;
	action_item old;
	if (r == STORE_OK)
		r = store_action_item_get(s, a, p, x->id, &old, d);
	r = version_check(r, &old.version, expected_version, &action_rows, d);
	const char *old_meeting = NULL, *new_meeting = NULL;
	if (r == STORE_OK)
		r = action_meeting(s, a, p, old.meeting_id, &old_meeting, d);
	if (r == STORE_OK)
		r = action_meeting(s, a, p, x->meeting_id, &new_meeting, d);
	/* Closing dates the closure; staying closed keeps its date; reopening clears it. */
	jalon_date closed = action_status_open(x->status) ? DATE_NONE :
	                    action_status_open(old.status) ? today : old.closed_on;
	sqlite3_stmt *st = r != STORE_OK ? NULL : store_prepare(s,
		"UPDATE action_item SET text = ?1, owner = ?2, due_on = ?3, status = ?4,"
		" closed_on = ?5, element_id = ?6, meeting_id = ?7, version = version + 1"
		" WHERE id = ?8 AND plan_id = ?9 AND version = ?10", d);
	char dates[2][11];
	if (st) {
		action_bind(st, a, x, closed, dates);
		sqlite3_bind_int64(st, 8, x->id);
		sqlite3_bind_int64(st, 9, p->id);
		sqlite3_bind_int64(st, 10, old.version);
	}
	if (r == STORE_OK)
		r = run_versioned(s, st, &action_rows, _("mise à jour de l'action impossible"), d);
	if (r == STORE_OK) {
		const store_field_change f[] = {
			{"text", old.text, clean(a, x->text)},
			{"owner", old.owner, clean(a, x->owner)},
			{"due", store_change_date(a, old.due), store_change_date(a, x->due)},
			{"status", action_status_key(old.status), action_status_key(x->status)},
			{"element", old.element ? old.element->code : NULL,
			 x->element ? x->element->code : NULL},
			{"meeting", old_meeting, new_meeting},
		};
		const plan_element *e = x->element ? x->element : old.element;
		r = journal_fields(s, p, e, &action_rows, x->id, f, sizeof(f) / sizeof(f[0]), d);
	}
	r = finish(s, r, d);
	if (r == STORE_OK) {
		x->version = old.version + 1;
		x->created_on = old.created_on;
		x->closed_on = closed;
	}
	arena_free(a);
	return r;
}

store_result store_action_item_delete(store *s, const plan *p, int64_t id,
                                      int64_t expected_version, diag_list *d)
{
	if (!store_begin(s, d))
		return STORE_FAILED;
	arena *a = arena_new();
	action_item old;
	store_result r = store_action_item_get(s, a, p, id, &old, d);
	r = version_check(r, &old.version, expected_version, &action_rows, d);
	if (r == STORE_OK)
		r = row_delete(s, p, &action_rows, id, old.version, d);
	if (r == STORE_OK)
		r = journal_delete(s, p, old.element, &action_rows, id, old.text, d);
	r = finish(s, r, d);
	arena_free(a);
	return r;
}
