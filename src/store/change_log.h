/*
 * change_log.h — the change journal: one row per changed field (or per import, or per
 * created or deleted record), written by store/ in the same transaction as the change,
 * with who made it and from where (store_set_origin). The dashboard's "what changed in
 * the last 30 days" and the API's /changes read it; accounts and the audit trail build
 * on it.
 *
 * Entities: "plan", "element", "status", "milestone", "budget_line", "risk",
 * "dependency", "qualification", "baseline", "indicator", "measurement" (the last two
 * since migration 4), "instance", "meeting", "agenda_item", "decision", "action_item",
 * "swot". Values are text as a user reads them
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
 *   (value, comment, source); values are written with a point ("12.5");
 * - committees (governance_store.h), entity_id the record's id: instance, meeting,
 *   agenda_item, decision, action_item follow create/update/delete above (summaries:
 *   the instance's name, "COPIL SDN 2026-03-12", the point's title, the decision's
 *   text — "(effet conservé : …)" added on a delete when its effect stays —, the
 *   action's text), element the point's, the action's or the decision's first; a
 *   point moved: field "position"; a meeting's attendees: one row, field "attendees";
 *   an import of instances: one row ("4 instances", old_value "1 instance supprimée");
 *   a decision's effect is journalled as the element sheet's forms journal it;
 * - swot (swot_store.h, entity_id the element's id, 0 for the plan's table): one
 *   update row, field NULL, new_value "SWOT : 3 forces, …", then one row per changed
 *   quadrant (field its key, entries joined by "|"); an import: one row;
 * - the plan's life (version_store.h), entity "plan": field "status" (keys), the
 *   adoption fields that changed (adopted_on, adopted_by, deliberation_number,
 *   votes_for, votes_against, abstentions); a revision: a create row on the new plan
 *   ("révision de « slug » : 42 éléments") and an update row on the revised one, field
 *   "revision", new_value the new plan's slug.
 */
#ifndef JALON_CHANGE_LOG_H
#define JALON_CHANGE_LOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/indicator.h"
#include "core/plan.h"
#include "store/db.h"
#include "util/arena.h"
#include "util/diag.h"

typedef enum {
	CHANGE_CREATE,
	CHANGE_UPDATE,
	CHANGE_DELETE,
	CHANGE_IMPORT,
	CHANGE_RESTORE, /* a branch back from the trash (trash_store.h) */
} change_action;

const char *change_action_key(change_action a); /* "create", "update", "delete", "import", "restore" */

typedef struct {
	int64_t id;
	const char *at;               /* UTC, "AAAA-MM-JJTHH:MM:SSZ" */
	const char *actor;            /* the local system user (cli, `jalon ui`); NULL: nobody */
	const char *via;              /* "cli", "web", "api" */
	int64_t element_id;           /* 0: the plan itself */
	const char *element_code;     /* the element's code at the time; may be NULL */
	const char *entity;
	int64_t entity_id;            /* 0 when none */
	change_action action;
	const char *field;            /* NULL for a whole record or an import */
	const char *old_value, *new_value; /* NULL for none */
	const char *source;           /* the screen, API route or command ("POST
	                               * /plans/{}/elements/{}/edit", "jalon import"); NULL
	                               * before schema 7 */
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

/* One field of an update: its name and its values before and after (NULL: none). */
typedef struct {
	const char *field, *before, *after;
} store_field_change;

/* store_change_field for each of the fields (those unchanged record nothing); false at
 * the first that fails. */
bool store_change_fields(store *s, int64_t plan_id, const plan_element *e, const char *entity,
                         int64_t entity_id, const store_field_change *fields, size_t count,
                         diag_list *diags);

/* Values as the journal writes them, from the arena: an integer ("123456"); an ISO
 * date (NULL when unset); a number with a point, the shortest text that reads back the
 * same ("12.5"). */
const char *store_change_int(arena *a, int64_t v);
const char *store_change_date(arena *a, jalon_date d);
const char *store_change_number(arena *a, double v);

/* The plan's changes at or after `since` (AAAA-MM-JJ or JJ/MM/AAAA, read as 00:00 UTC;
 * NULL or "": all; anything else is refused with a diag on field "since"),
 * newest first, at most `limit` (0: no limit); optionally only element_id's
 * (0: every element). From the arena. */
bool store_changes_load(store *s, arena *a, int64_t plan_id, const char *since,
                        int64_t element_id, size_t limit, change_entry **out, size_t *count,
                        diag_list *diags);

/* The journalled changes of the own progress of p's elements (entity "status", field
 * "progress"), oldest first, each dated by the UTC day it was made on; rows of elements
 * no longer in p, or whose values are not integers, are left out. From the arena. */
bool store_progress_changes_load(store *s, arena *a, const plan *p, progress_change **out,
                                 size_t *count, diag_list *diags);

#endif
