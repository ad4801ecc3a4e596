/*
 * item_restore.h — "a previous value can be restored in one click" (issue 7), for
 * every journalled field that has one: an element's own fields (element_store.h) and
 * those of what it carries — its status (progress, weather, phase), its milestones,
 * budget lines and risks (change_log.h says how their updates are journalled).
 *
 * A restore puts back the old value of one journal row of an update, through the
 * ordinary writer of the record (store_element_update, store_element_status_set,
 * store_milestone_update, store_budget_line_update, store_risk_update), so that it is
 * checked and journalled like any edit: the restore is itself in the history, and can
 * be restored in turn (redo).
 */
#ifndef JALON_ITEM_RESTORE_H
#define JALON_ITEM_RESTORE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/plan.h"
#include "store/db.h"
#include "store/element_store.h"
#include "util/arena.h"
#include "util/diag.h"

/* Put back the value change_id (a change_log row of plan p, loaded with
 * store_plan_load) replaced. Refused, with nothing written:
 * - a row of no plan p's: STORE_NOT_FOUND (field "change");
 * - a row store_change_restorable says no to (a create, a delete, an import, a weather
 *   comment, an item moved to another element, a field with no one-click restore):
 *   STORE_INVALID, field "change";
 * - a record gone since: STORE_NOT_FOUND;
 * - a field that no longer holds the value the change wrote (someone changed it since;
 *   the diag, named by the field, says its current value), or an item moved to another
 *   element since (the right to restore is checked on the row's element): STORE_CONFLICT;
 * - a value before that the writer refuses today (a milestone "atteint" whose actual
 *   date was cleared since, a funding source or phase no longer in the plan's lists…):
 *   the writer's own STORE_INVALID, named by the field.
 * *element_id is the element the record hangs on (for a redirect to its sheet), set as
 * soon as it is known. */
store_result store_change_restore(store *s, arena *a, plan *p, int64_t change_id,
                                  int64_t *element_id, diag_list *diags);

/* Whether a journal row (its entity, field and action key, change_action_key) is one
 * store_change_restore can put back: the update of one field of an element
 * (store_element_change_restorable), of an element's status (progress, weather, phase),
 * of a milestone, a budget line or a risk (their fields as item_store.h names them,
 * but "element", a move). */
bool store_change_restorable(const plan *p, const char *entity, const char *field,
                             const char *action);

#endif
