/*
 * access_store.c — the reads behind the guard (access_store.h).
 */
#include "store/access_store.h"

#include <stdlib.h>
#include <string.h>

#include "util/i18n.h"

/* A plan reference is its slug or its number (as plan_store.c reads it). */
static int64_t ref_number(const char *ref)
{
	char *end;
	long long n = strtoll(ref, &end, 10);
	return (*ref && *end == '\0' && n > 0) ? (int64_t)n : 0;
}

/* The end of a kept statement's read (store_prepare_kept): reset, never finalized. */
static bool kept_end(store *s, sqlite3_stmt *st, int rc, diag_list *d, const char *doing)
{
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return true;
	store_report(s, d, doing);
	return false;
}

/* The organisation chain from org upwards, read by one recursive query. */
static bool chain_load(store *s, arena *a, int64_t org, int64_t **chain, size_t *count,
                       diag_list *d)
{
	*chain = NULL;
	*count = 0;
	if (!org)
		return true;
	sqlite3_stmt *st = store_prepare_kept(s, STORE_KEPT_ORGANISATION_CHAIN,
		"WITH RECURSIVE up(id, parent_id, depth) AS ("
		"  SELECT id, parent_id, 0 FROM organisation WHERE id = ?"
		"  UNION ALL SELECT o.id, o.parent_id, up.depth + 1 FROM organisation o"
		"  JOIN up ON o.id = up.parent_id WHERE up.depth < 64"
		") SELECT id FROM up ORDER BY depth", d);
	if (!st)
		return false;
	sqlite3_bind_int64(st, 1, org);
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*count == cap) {
			size_t bigger = cap ? cap * 2 : 4;
			*chain = arena_realloc(a, *chain, cap * sizeof(**chain), bigger * sizeof(**chain));
			cap = bigger;
		}
		(*chain)[(*count)++] = sqlite3_column_int64(st, 0);
	}
	return kept_end(s, st, rc, d, _("lecture des organisations impossible"));
}

bool store_access_plan(store *s, arena *a, const char *ref, access_plan *out, bool *found,
                       diag_list *d)
{
	*out = (access_plan){0};
	*found = false;
	sqlite3_stmt *st = store_prepare_kept(s, STORE_KEPT_ACCESS_PLAN,
		"SELECT id, slug, public, data_version, organisation_id FROM plan"
		" WHERE slug = ?1 OR (id = ?2 AND ?2 > 0)", d);
	if (!st)
		return false;
	sqlite3_bind_text(st, 1, ref, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, ref_number(ref));
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*found = true;
		out->plan_id = sqlite3_column_int64(st, 0);
		out->slug = store_column_text(a, st, 1);
		out->public_plan = sqlite3_column_int(st, 2) != 0;
		out->data_version = sqlite3_column_int64(st, 3);
		out->organisation_id = sqlite3_column_int64(st, 4);
		rc = SQLITE_DONE;
	}
	if (!kept_end(s, st, rc, d, _("lecture du plan impossible")))
		return false;
	return !*found ||
	       chain_load(s, a, out->organisation_id, &out->chain, &out->chain_count, d);
}

bool store_access_versions(store *s, int64_t *audit, int64_t *connection, diag_list *d)
{
	*audit = *connection = 0;
	sqlite3_stmt *st = store_prepare_kept(s, STORE_KEPT_AUDIT_VERSION,
		"SELECT coalesce(max(id), 0) FROM audit_log", d);
	if (!st)
		return false;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*audit = sqlite3_column_int64(st, 0);
		rc = SQLITE_DONE;
	}
	if (!kept_end(s, st, rc, d, _("lecture du journal d'audit impossible")))
		return false;
	st = store_prepare_kept(s, STORE_KEPT_DATA_VERSION, "PRAGMA data_version", d);
	if (!st)
		return false;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*connection = sqlite3_column_int64(st, 0);
		rc = SQLITE_DONE;
	}
	return kept_end(s, st, rc, d, _("lecture de la base impossible"));
}

bool store_access_organisation_chain(store *s, arena *a, const char *name, int64_t **chain,
                                     size_t *count, bool *found, diag_list *d)
{
	*found = false;
	*chain = NULL;
	*count = 0;
	sqlite3_stmt *st = store_prepare(s, "SELECT id FROM organisation WHERE name = ?", d);
	if (!st)
		return false;
	store_bind_text(st, 1, name);
	int rc = sqlite3_step(st);
	int64_t org = 0;
	if (rc == SQLITE_ROW) {
		org = sqlite3_column_int64(st, 0);
		*found = true;
		rc = SQLITE_DONE;
	}
	if (!store_read_end(s, st, rc, d, _("lecture des organisations impossible")))
		return false;
	return !*found || chain_load(s, a, org, chain, count, d);
}

/* One query per kind: the record, checked to be in the plan, and what it hangs on. */
static const char *const target_sql[] = {
	[ACCESS_TARGET_ELEMENT] =
		"SELECT e.id, e.parent_id, NULL, NULL FROM element e"
		" WHERE e.id = ?2 AND e.plan_id = ?1",
	[ACCESS_TARGET_MILESTONE] =
		"SELECT e.id, e.parent_id, NULL, NULL FROM milestone m JOIN element e"
		" ON e.id = m.element_id WHERE m.id = ?2 AND e.plan_id = ?1",
	[ACCESS_TARGET_BUDGET_LINE] =
		"SELECT e.id, e.parent_id, NULL, NULL FROM budget_line b JOIN element e"
		" ON e.id = b.element_id WHERE b.id = ?2 AND e.plan_id = ?1",
	[ACCESS_TARGET_RISK] =
		"SELECT e.id, e.parent_id, NULL, NULL FROM risk r JOIN element e"
		" ON e.id = r.element_id WHERE r.id = ?2 AND e.plan_id = ?1",
	[ACCESS_TARGET_INDICATOR] =
		"SELECT NULL, NULL, NULL, i.id FROM indicator i"
		" WHERE i.plan_id = ?1 AND (i.code = ?3 OR (i.id = ?2 AND ?2 > 0 AND ?3 IS NULL))",
	[ACCESS_TARGET_MEASUREMENT] =
		"SELECT NULL, NULL, NULL, i.id FROM measurement m JOIN indicator i"
		" ON i.id = m.indicator_id WHERE m.id = ?2 AND i.plan_id = ?1",
	[ACCESS_TARGET_CHANGE] =
		"SELECT e.id, e.parent_id, NULL, NULL FROM change_log c LEFT JOIN element e"
		" ON e.id = c.element_id WHERE c.id = ?2 AND c.plan_id = ?1",
	[ACCESS_TARGET_INSTANCE] =
		"SELECT NULL, NULL, i.id, NULL FROM instance i WHERE i.id = ?2 AND i.plan_id = ?1",
	[ACCESS_TARGET_MEETING] =
		"SELECT NULL, NULL, i.id, NULL FROM meeting m JOIN instance i"
		" ON i.id = m.instance_id WHERE m.id = ?2 AND i.plan_id = ?1",
	[ACCESS_TARGET_AGENDA_ITEM] =
		"SELECT NULL, NULL, i.id, NULL FROM agenda_item g JOIN meeting m"
		" ON m.id = g.meeting_id JOIN instance i ON i.id = m.instance_id"
		" WHERE g.id = ?2 AND i.plan_id = ?1",
	[ACCESS_TARGET_DECISION] =
		"SELECT NULL, NULL, i.id, NULL FROM decision x JOIN meeting m"
		" ON m.id = x.meeting_id JOIN instance i ON i.id = m.instance_id"
		" WHERE x.id = ?2 AND i.plan_id = ?1",
	[ACCESS_TARGET_ACTION_ITEM] =
		"SELECT a.element_id, e.parent_id, m.instance_id, NULL FROM action_item a"
		" LEFT JOIN element e ON e.id = a.element_id"
		" LEFT JOIN meeting m ON m.id = a.meeting_id"
		" WHERE a.id = ?2 AND a.plan_id = ?1",
};

bool store_access_target(store *s, int64_t plan_id, access_target_kind kind, const char *ref,
                         access_target *out, diag_list *d)
{
	*out = (access_target){0};
	if ((unsigned)kind >= sizeof(target_sql) / sizeof(target_sql[0]))
		return true;
	/* Ids are positive decimal numbers of at most 18 digits (web_id_parse). */
	int64_t id = 0;
	size_t len = ref ? strlen(ref) : 0;
	if (len && len <= 18 && strspn(ref, "0123456789") == len)
		id = strtoll(ref, NULL, 10);
	if (!id && kind != ACCESS_TARGET_INDICATOR)
		return true;
	sqlite3_stmt *st = store_prepare(s, target_sql[kind], d);
	if (!st)
		return false;
	sqlite3_bind_int64(st, 1, plan_id);
	sqlite3_bind_int64(st, 2, id);
	if (kind == ACCESS_TARGET_INDICATOR && ref) {
		/* An indicator's URL names its code, and its chart adds ".svg". */
		size_t n = strlen(ref);
		if (n > 4 && strcmp(ref + n - 4, ".svg") == 0)
			n -= 4;
		sqlite3_bind_text(st, 3, ref, (int)n, SQLITE_TRANSIENT);
	}
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->found = true;
		out->element_id = sqlite3_column_int64(st, 0);
		out->parent_id = sqlite3_column_int64(st, 1);
		out->instance_id = sqlite3_column_int64(st, 2);
		out->indicator_id = sqlite3_column_int64(st, 3);
		rc = SQLITE_DONE;
	}
	if (!store_read_end(s, st, rc, d, _("lecture des droits impossible")))
		return false;
	/* A numeric indicator reference that is also a code was tried as a code first. */
	return true;
}

bool store_access_owns(store *s, arena *a, const access_subject *subject, int64_t element_id,
                       bool strict, bool *owned, diag_list *d)
{
	*owned = false;
	if (!subject || !subject->label_count || !element_id)
		return true;
	sqlite3_stmt *st = store_prepare(s,
		"WITH RECURSIVE up(id, parent_id, owner, depth) AS ("
		"  SELECT id, parent_id, owner, 0 FROM element WHERE id = ?"
		"  UNION ALL SELECT e.id, e.parent_id, e.owner, up.depth + 1 FROM element e"
		"  JOIN up ON e.id = up.parent_id WHERE up.depth < 256"
		") SELECT owner FROM up WHERE depth >= ? AND owner IS NOT NULL", d);
	if (!st)
		return false;
	sqlite3_bind_int64(st, 1, element_id);
	sqlite3_bind_int(st, 2, strict ? 1 : 0);
	int rc;
	while (!*owned && (rc = sqlite3_step(st)) == SQLITE_ROW)
		*owned = access_label_matches(subject, a, (const char *)sqlite3_column_text(st, 0));
	if (*owned)
		rc = SQLITE_DONE;
	return store_read_end(s, st, rc, d, _("lecture des droits impossible"));
}

bool store_access_sits_on(store *s, arena *a, const access_subject *subject,
                          int64_t instance_id, bool *member, diag_list *d)
{
	*member = false;
	sqlite3_stmt *st = store_prepare(s,
		"SELECT name FROM instance_member WHERE instance_id = ?", d);
	if (!st)
		return false;
	sqlite3_bind_int64(st, 1, instance_id);
	int rc;
	bool any = false;
	while (!*member && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		any = true;
		*member = access_label_matches(subject, a, (const char *)sqlite3_column_text(st, 0));
	}
	if (*member)
		rc = SQLITE_DONE;
	if (!store_read_end(s, st, rc, d, _("lecture des droits impossible")))
		return false;
	if (!any)
		*member = true; /* a committee that lists no member: any membre d'instance */
	return true;
}

bool store_access_measures(store *s, arena *a, const access_subject *subject,
                           int64_t indicator_id, bool *owned, diag_list *d)
{
	*owned = false;
	sqlite3_stmt *st = store_prepare(s,
		"SELECT element_id FROM indicator_element WHERE indicator_id = ?", d);
	if (!st)
		return false;
	sqlite3_bind_int64(st, 1, indicator_id);
	size_t cap = 0, n = 0;
	int64_t *ids = NULL;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == cap) {
			size_t bigger = cap ? cap * 2 : 8;
			ids = arena_realloc(a, ids, cap * sizeof(*ids), bigger * sizeof(*ids));
			cap = bigger;
		}
		ids[n++] = sqlite3_column_int64(st, 0);
	}
	if (!store_read_end(s, st, rc, d, _("lecture des droits impossible")))
		return false;
	for (size_t i = 0; i < n && !*owned; i++)
		if (!store_access_owns(s, a, subject, ids[i], false, owned, d))
			return false;
	return true;
}

typedef struct {
	int64_t id, parent_id;
} org_row;

/* The index of org in rows (sorted by id), or -1. */
static long org_find(const org_row *rows, size_t count, int64_t id)
{
	size_t lo = 0, hi = count;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (rows[mid].id == id)
			return (long)mid;
		if (rows[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

bool store_access_readable_plans(store *s, arena *a, const access_subject *subject,
                                 int64_t **ids, size_t *count, diag_list *d)
{
	*ids = NULL;
	*count = 0;
	/* The organisations tree, whole: a few hundred rows at most. */
	sqlite3_stmt *st = store_prepare(s,
		"SELECT id, coalesce(parent_id, 0) FROM organisation ORDER BY id", d);
	if (!st)
		return false;
	org_row *orgs = NULL;
	size_t org_count = 0, cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (org_count == cap) {
			size_t bigger = cap ? cap * 2 : 64;
			orgs = arena_realloc(a, orgs, cap * sizeof(*orgs), bigger * sizeof(*orgs));
			cap = bigger;
		}
		orgs[org_count++] = (org_row){sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1)};
	}
	if (!store_read_end(s, st, rc, d, _("lecture des organisations impossible")))
		return false;
	st = store_prepare(s,
		"SELECT id, coalesce(organisation_id, 0), public FROM plan ORDER BY id", d);
	if (!st)
		return false;
	cap = 0;
	int64_t chain[65];
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t plan_id = sqlite3_column_int64(st, 0);
		int64_t org = sqlite3_column_int64(st, 1);
		bool public_plan = sqlite3_column_int(st, 2) != 0;
		size_t n = 0;
		for (long at = org ? org_find(orgs, org_count, org) : -1; at >= 0 && n < 64;
		     at = orgs[at].parent_id ? org_find(orgs, org_count, orgs[at].parent_id) : -1)
			chain[n++] = orgs[at].id;
		if (!access_may_read(access_roles(subject, chain, n), public_plan))
			continue;
		if (*count == cap) {
			size_t bigger = cap ? cap * 2 : 64;
			*ids = arena_realloc(a, *ids, cap * sizeof(**ids), bigger * sizeof(**ids));
			cap = bigger;
		}
		(*ids)[(*count)++] = plan_id;
	}
	return store_read_end(s, st, rc, d, _("lecture des plans impossible"));
}

bool store_access_in_scope(store *s, int64_t instance_id, int64_t element_id, bool *in,
                           diag_list *d)
{
	*in = false;
	sqlite3_stmt *st = store_prepare(s,
		"WITH RECURSIVE up(id, depth) AS ("
		"  SELECT ?2, 0"
		"  UNION ALL SELECT e.parent_id, up.depth + 1 FROM element e JOIN up ON e.id = up.id"
		"  WHERE e.parent_id IS NOT NULL AND up.depth < 256"
		") SELECT NOT EXISTS (SELECT 1 FROM instance_element WHERE instance_id = ?1)"
		"  OR EXISTS (SELECT 1 FROM instance_element x JOIN up ON x.element_id = up.id"
		"             WHERE x.instance_id = ?1)", d);
	if (!st)
		return false;
	sqlite3_bind_int64(st, 1, instance_id);
	sqlite3_bind_int64(st, 2, element_id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*in = sqlite3_column_int(st, 0) != 0;
		rc = SQLITE_DONE;
	}
	return store_read_end(s, st, rc, d, _("lecture des droits impossible"));
}
