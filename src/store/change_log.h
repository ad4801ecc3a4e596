/*
 * change_log.h — the change journal: one row per changed field (or per import, or per
 * created or deleted record), written by store/ in the same transaction as the change,
 * with who made it and from where (store_set_origin). The dashboard's "what changed in
 * the last 30 days" and the API's /changes read it; accounts and the audit trail build
 * on it.
 *
 * Entities: "plan", "element", "status", "milestone", "budget_line", "risk",
 * "dependency", "qualification", "baseline". Values are text as a user reads them
 * (dates AAAA-MM-JJ, amounts in cents as integers, enum keys), NULL for none.
 */
#ifndef JALON_CHANGE_LOG_H
#define JALON_CHANGE_LOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/plan.h"
#include "store/db.h"
#include "util/arena.h"
#include "util/diag.h"

typedef enum { CHANGE_CREATE, CHANGE_UPDATE, CHANGE_DELETE, CHANGE_IMPORT } change_action;

const char *change_action_key(change_action a); /* "create", "update", "delete", "import" */

typedef struct {
	int64_t id;
	const char *at;               /* UTC, "AAAA-MM-JJTHH:MM:SSZ" */
	const char *actor;            /* NULL: nobody signed in (local mode) */
	const char *via;              /* "cli", "web", "api" */
	int64_t element_id;           /* 0: the plan itself */
	const char *element_code;     /* the element's code at the time; may be NULL */
	const char *entity;
	int64_t entity_id;            /* 0 when none */
	change_action action;
	const char *field;            /* NULL for a whole record or an import */
	const char *old_value, *new_value; /* NULL for none */
} change_entry;

/* Record one change of plan plan_id, inside the caller's transaction. e may be NULL
 * (a change of the plan itself). For an import, new_value says what was imported
 * ("42 lignes budgétaires"). */
bool store_change_record(store *s, int64_t plan_id, const plan_element *e, const char *entity,
                         int64_t entity_id, change_action action, const char *field,
                         const char *old_value, const char *new_value, diag_list *diags);

/* The plan's changes at or after `since` (AAAA-MM-JJ, read as 00:00 UTC; NULL: all),
 * newest first, at most `limit` (0: no limit); optionally only element_id's
 * (0: every element). From the arena. */
bool store_changes_load(store *s, arena *a, int64_t plan_id, const char *since,
                        int64_t element_id, size_t limit, change_entry **out, size_t *count,
                        diag_list *diags);

#endif
