/*
 * trash_store.h — the trash: a deleted branch kept whole, restorable until an
 * administrator empties the trash (migration 7).
 *
 * store_element_delete (element_store.h) puts the branch here in the same transaction
 * as the delete: the top element, every element below it, and every row that hung on
 * them — found by following the schema's foreign keys (PRAGMA foreign_key_list), so a
 * table added later is kept without changing this file: rows that cascade with an
 * element (status, weather, milestones and their dependencies, budget lines, risks,
 * attributes, partners, contributions, dependencies, scores, qualification, indicator
 * links, committee scopes, decision links, SWOT entries…) are copied whole; rows that
 * only pointed at one (an agenda item, a decision's effect, an action item: ON DELETE
 * SET NULL) keep a note of the link, put back on restore when the row still exists.
 * The journal (change_log) is not copied: it keeps its rows, which name the element by
 * id and code.
 *
 * Content (trash.content): {"format": 1, "tables": {"element": [{column: value…}…],
 * "milestone": […], …}, "links": [{"table": "agenda_item", "id": 4, "column":
 * "element_id", "value": 12}…]}; values as SQLite holds them (integers, reals, text;
 * blobs as {"hex": "…"}); tables in an order where every row comes after the rows it
 * references.
 *
 * Restoring puts every row back with its own id (identifiers are AUTOINCREMENT: never
 * given again), in one transaction, and is journalled (entity element, action restore,
 * new_value "N éléments restaurés de la corbeille"). It is refused, saying why and
 * changing nothing, when the parent element is gone (restore its own trash entry
 * first), when a code is now used by another element of the plan, or when a row cannot
 * go back (a constraint of today's data).
 */
#ifndef JALON_TRASH_STORE_H
#define JALON_TRASH_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/plan.h"
#include "store/db.h"
#include "store/element_store.h"
#include "util/arena.h"
#include "util/diag.h"

typedef struct {
	int64_t id;
	int64_t plan_id;
	int64_t element_id;           /* the top element of the branch */
	int64_t parent_id;            /* its parent then; 0 at the top of the plan */
	const char *parent_code;      /* the parent's code now; NULL when gone or none */
	const char *code, *level, *title;
	size_t element_count;         /* elements in the branch */
	size_t row_count;             /* rows kept, elements included */
	const char *deleted_at;       /* UTC "AAAA-MM-JJTHH:MM:SSZ" */
	const char *deleted_by;       /* the actor; NULL when nobody */
} trash_entry;

/* Inside the caller's transaction: copy element `id` of plan plan_id, its branch and
 * what hangs on them into a new trash entry (*trash_id may be NULL). The caller then
 * deletes the element. */
bool store_trash_put(store *s, int64_t plan_id, int64_t id, int64_t *trash_id,
                     diag_list *diags);

/* The plan's trash, newest first. */
bool store_trash_list(store *s, arena *a, int64_t plan_id, trash_entry **out, size_t *count,
                      diag_list *diags);
/* One entry of the plan; STORE_NOT_FOUND when none. */
store_result store_trash_get(store *s, arena *a, int64_t plan_id, int64_t trash_id,
                             trash_entry *out, diag_list *diags);

/* Put the branch back (see above) and remove the entry, in one transaction:
 * STORE_OK, STORE_NOT_FOUND (no such entry in this plan), STORE_INVALID (refused, diags
 * say why) or STORE_FAILED. */
store_result store_trash_restore(store *s, int64_t plan_id, int64_t trash_id,
                                 diag_list *diags);

/* Empty the plan's trash (plan_id 0: every plan's), journalled per plan (entity trash,
 * action delete, old_value "N branches supprimées définitivement"); *removed may be
 * NULL. */
bool store_trash_empty(store *s, int64_t plan_id, size_t *removed, diag_list *diags);

#endif
