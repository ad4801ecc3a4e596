/*
 * change_log.h — the change journal: one row per changed field (or per import, or per
 * created or deleted record), written by store/ in the same transaction as the change,
 * with who made it and from where (store_set_origin). The dashboard's "what changed in
 * the last 30 days" and the API's /changes read it; accounts and the audit trail build
 * on it.
 *
 * Entities: "plan", "element", "status", "milestone", "budget_line", "risk",
 * "dependency", "qualification", "baseline", "indicator", "measurement" (the last two
 * since migration 4). Values are text as a user reads them
 * (dates AAAA-MM-JJ, amounts in cents as integers, enum keys), NULL for none.
 * Summaries ("12 lignes budgétaires") are data, written in French (the source
 * language) whatever the interface language of the writer, so that the journal reads
 * the same for everyone; a translated view rebuilds its sentences from entity, action
 * and field.
 *
 * What each writer records:
 * - create: one row, field NULL, new_value a summary (the title; a risk's description;
 *   a budget line "2026 investissement État"); delete: one row, old_value the summary;
 * - update: one row per changed field, named as the API names it (item_store.h;
 *   element fields: code, parent (a code), level, title, description, owner,
 *   partners (names) and contributes_to (codes) joined by "|", beneficiaries, start,
 *   end, budget, status, then custom attributes by column header; an item moved to
 *   another element: field "element", old and new codes);
 * - element: a branch deleted is one row for its top element;
 * - status (entity_id: the element's id): fields progress, weather, phase; a weather
 *   comment is its own row, field "comment", old_value NULL;
 * - dependency: one row on the dependent element (`to`, or the element of the `to`
 *   milestone), entity_id the id of `from` (an element, or a milestone), value
 *   "A1 → A2" (codes) or "« Recette » → « Mise en production »" (titles);
 * - qualification (entity_id: the element's id): fields nature, type, scores (the
 *   whole set, "impact=3, coût=2" in the list's order);
 * - plan: field envelope; lists funding_sources, phases, criteria (names joined by
 *   "|"); an import of elements (action import, "42 éléments");
 * - imports of budget lines and milestones: one row per import (action import,
 *   "12 lignes budgétaires", "3 jalons"), old_value "5 lignes remplacées" when
 *   --replace deleted rows;
 * - baseline: action create, new_value its name;
 * - imports of indicators and measurements (indicator_store.h): one row per import
 *   ("20 indicateurs", "1200 mesures"), old_value "2 indicateurs supprimés" when
 *   --replace deleted some, "3 mesures corrigées" when values on existing dates
 *   changed;
 * - one measurement (entity_id its id): create with "CODE AAAA-MM-JJ : valeur",
 *   delete with the same as old_value, a correction as one row per changed field
 *   (value, comment, source); values are written with a point ("12.5").
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
 * (a change of the plan itself); only its id and code are read. For an import,
 * new_value says what was imported ("42 lignes budgétaires"). s->via must be one of
 * "cli", "web", "api" (the table's CHECK): any other refuses the write. */
bool store_change_record(store *s, int64_t plan_id, const plan_element *e, const char *entity,
                         int64_t entity_id, change_action action, const char *field,
                         const char *old_value, const char *new_value, diag_list *diags);

/* For writers in store/: record an update of one field when the old and new values
 * differ (NULL and "" are the same: none); true when nothing needed recording. */
bool store_change_field(store *s, int64_t plan_id, const plan_element *e, const char *entity,
                        int64_t entity_id, const char *field, const char *old_value,
                        const char *new_value, diag_list *diags);

/* Values as the journal writes them, from the arena: an integer ("123456"); an ISO
 * date (NULL when unset). */
const char *store_change_int(arena *a, int64_t v);
const char *store_change_date(arena *a, jalon_date d);

/* The plan's changes at or after `since` (AAAA-MM-JJ or JJ/MM/AAAA, read as 00:00 UTC;
 * NULL or "": all; anything else is refused with a diag on field "since"),
 * newest first, at most `limit` (0: no limit); optionally only element_id's
 * (0: every element). From the arena. */
bool store_changes_load(store *s, arena *a, int64_t plan_id, const char *since,
                        int64_t element_id, size_t limit, change_entry **out, size_t *count,
                        diag_list *diags);

#endif
