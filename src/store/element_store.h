/*
 * element_store.h — writing single elements of a plan: create, update (which is also
 * how an element moves), delete with its descendants.
 *
 * Every write is checked first against the plan as loaded (plan_check_element), then
 * done in one transaction. Updates and deletes carry the version the user saw: when
 * someone saved the element in between, nothing is written and STORE_CONFLICT says so,
 * so that no change is ever silently overwritten.
 */
#ifndef JALON_ELEMENT_STORE_H
#define JALON_ELEMENT_STORE_H

#include "core/plan.h"
#include "store/db.h"

typedef enum {
	STORE_OK,
	STORE_NOT_FOUND, /* no such element in this plan */
	STORE_CONFLICT,  /* the element changed since expected_version */
	STORE_INVALID,   /* the new values break a rule: diags name the fields */
	STORE_FAILED,    /* the database refused: diags say why */
} store_result;

/* Create e in plan p (loaded with store_plan_load). e's parent_code and contributes_to
 * are codes; attributes follow p's custom columns. The new element goes last among its
 * siblings. Sets e->id and e->version (1). */
store_result store_element_create(store *s, arena *a, plan *p, plan_element *e, diag_list *diags);

/* Replace every field of element e->id — code, parent (a move), level, title,
 * description, owner, partners, beneficiaries, dates, budget, status, contributions,
 * attributes — if its version is still expected_version; the version then goes up by
 * one (written back to e->version). A move keeps the element's place among its new
 * siblings by source order. */
store_result store_element_update(store *s, arena *a, plan *p, plan_element *e,
                                  int64_t expected_version, diag_list *diags);

/* Delete element id with all its descendants and everything they hold, if its version
 * is expected_version (0: whatever the version). */
store_result store_element_delete(store *s, plan *p, int64_t id, int64_t expected_version,
                                  diag_list *diags);

/* Put back the value a journalled change replaced (issue 7's "restore a previous value
 * in one click"): change_id is a change_log row of plan p recording the update of one of
 * an element's own fields — title, description, owner, beneficiaries, start, end, budget,
 * status, or a custom column. Refused when the row is another kind of change
 * (STORE_INVALID, field "change"), the element is gone (STORE_NOT_FOUND), or the field
 * no longer holds the value that change wrote (STORE_CONFLICT: someone changed it since;
 * the diag says its current value). Otherwise the old value is written through
 * store_element_update, and so journalled like any edit: the restore is itself in the
 * history, and can be restored in turn. *element_id is the element's id; on success the
 * element in p holds the value put back and its new version. */
store_result store_element_restore_value(store *s, arena *a, plan *p, int64_t change_id,
                                         int64_t *element_id, diag_list *diags);
/* Whether a journal row is one store_element_restore_value can put back (the one-click
 * restore of every kind of row is item_restore.h's store_change_restore). */
bool store_element_change_restorable(const plan *p, const char *entity, const char *field,
                                     const char *action);

#endif
