/*
 * item_store.h — writing one steering item at a time, as the element sheet's forms
 * and the API do: a milestone, a budget line, a risk, a dependency, an element's
 * qualification, and the plan's configurable lists (funding sources, phases,
 * qualification criteria).
 *
 * The rules are those of the batch imports (steering_store.h) and of the database's
 * CHECKs, said first in words a user can act on: every refused value is a diag whose
 * `file` member is the field's name as the API spells it (below), so that a form can
 * put the message next to its field and the API can answer 422 with it. Updates and
 * deletes carry the version the user saw (0: whatever the version): when someone
 * saved the item in between, nothing is written and STORE_CONFLICT says so.
 *
 * Every successful write also records what changed in the change journal
 * (change_log.h), in the same transaction, from the store's origin (store_set_origin):
 * a create or delete as one row (summary: a milestone's title, a risk's description, a
 * budget line's "2026 investissement État"), an update as one row per changed field,
 * named as below. A refused write records nothing.
 *
 * Items are reached through their plan: an id of an item of another plan is
 * STORE_NOT_FOUND, as is an element (or milestone) of another plan given as an end of
 * a dependency or as the element qualified (the diag then names the field: "from",
 * "to", "element"). An item's element (m->element…) not in p is STORE_INVALID, field
 * "element". An element or milestone deleted since p was loaded is STORE_CONFLICT.
 *
 * Field names: milestone — element, title, planned, forecast, actual, status,
 * deliverable, validated_by, validated_on, minutes_ref; budget line — element, year,
 * nature, source, planned_cents, committed_cents, paid_cents; risk — element,
 * description, probability, impact, mitigation, owner, status; dependency — from, to;
 * qualification — nature, type, scores; lists — names.
 */
#ifndef JALON_ITEM_STORE_H
#define JALON_ITEM_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "core/plan.h"
#include "core/steering.h"
#include "store/db.h"
#include "store/element_store.h"

/* Milestones. create: m->element is an element of p; the milestone goes after the
 * element's last one; sets m->id and m->version (1). update: every field of m->id is
 * replaced (m->element may name another element of p: the milestone moves there, last);
 * m->version is set to the new version. A reached milestone ("atteint") needs an
 * actual date. */
store_result store_milestone_create(store *s, const plan *p, milestone *m, diag_list *diags);
store_result store_milestone_update(store *s, const plan *p, milestone *m,
                                    int64_t expected_version, diag_list *diags);
store_result store_milestone_delete(store *s, const plan *p, int64_t id,
                                    int64_t expected_version, diag_list *diags);
/* For other writers of store/ (governance_store.c's decision effects): the same
 * update inside the caller's transaction, which stays open whatever the result (the
 * caller commits or rolls back). */
store_result store_milestone_update_in_transaction(store *s, const plan *p, milestone *m,
                                                   int64_t expected_version, diag_list *diags);

/* Budget lines: year 1000–9999, amounts ≥ 0, source one of the plan's funding sources
 * (matched ignoring case and accents; l->source is then set to the list's spelling,
 * allocated from `a`). */
store_result store_budget_line_create(store *s, arena *a, const plan *p, budget_line *l,
                                      diag_list *diags);
store_result store_budget_line_update(store *s, arena *a, const plan *p, budget_line *l,
                                      int64_t expected_version, diag_list *diags);
store_result store_budget_line_delete(store *s, const plan *p, int64_t id,
                                      int64_t expected_version, diag_list *diags);

/* Risks: a description; probability and impact 1–4 or 0 (not assessed, stored as
 * NULL); the status stored as its key ("ouvert", "en-traitement", "clos"). */
store_result store_risk_create(store *s, const plan *p, element_risk *r, diag_list *diags);
store_result store_risk_update(store *s, const plan *p, element_risk *r,
                               int64_t expected_version, diag_list *diags);
store_result store_risk_delete(store *s, const plan *p, int64_t id, int64_t expected_version,
                               diag_list *diags);

/* Finish-to-start dependencies between two elements of p, or two milestones of p
 * (by id). Adding refuses an element or milestone on itself (STORE_INVALID, field
 * "to"), one already there (STORE_CONFLICT, field "to"), and one that would close a
 * cycle through the plan's dependencies of the same kind (STORE_INVALID, field "to").
 * Removing one that is not there is STORE_NOT_FOUND. Journalled on the dependent
 * (`to`) element: see change_log.h. */
store_result store_dependency_add(store *s, const plan *p, const plan_element *from,
                                  const plan_element *to, diag_list *diags);
store_result store_dependency_remove(store *s, const plan *p, const plan_element *from,
                                     const plan_element *to, diag_list *diags);
store_result store_milestone_dependency_add(store *s, const plan *p, int64_t from_id,
                                            int64_t to_id, diag_list *diags);
store_result store_milestone_dependency_remove(store *s, const plan *p, int64_t from_id,
                                               int64_t to_id, diag_list *diags);

/* Set q->element's nature and type, and replace all its scores with `scores` (each on
 * one of the plan's criteria, matched ignoring case and accents, 1–4, each criterion
 * at most once). expected_version is the qualification's (0: whatever; an element
 * never qualified has version 0); q->version is set to the new one. */
store_result store_qualification_set(store *s, const plan *p, element_qualification *q,
                                     const element_score *scores, size_t score_count,
                                     int64_t expected_version, diag_list *diags);

/* The plan's configurable lists. Setting one replaces it with `names` (trimmed, none
 * empty, no two equal ignoring case and accents, at least one). A name still in use
 * cannot be dropped: a funding source of a budget line, a phase of an element, a
 * criterion with scores, an indicator family of an indicator — the diag (field
 * "names") says which and how many use it. A name is kept when the new list has it,
 * ignoring case and accents; kept with another spelling ("Etat" for "État"), the rows
 * using it take the new spelling in the same transaction (budget lines' and
 * indicators' versions go up). Renaming is not special: a new name is a new name, and
 * the old one must be free to go. Journalled as entity "plan", field funding_sources,
 * phases, criteria or indicator_families (names joined by "|"), when it changes. */
typedef enum {
	PLAN_LIST_FUNDING_SOURCES,
	PLAN_LIST_PHASES,
	PLAN_LIST_CRITERIA,
	PLAN_LIST_FAMILIES,
} plan_list;
store_result store_plan_list_set(store *s, const plan *p, plan_list which,
                                 const char *const *names, size_t count, diag_list *diags);

#endif
