/*
 * swot_store.h — SWOT tables (core/swot.h) in the database: the plan's own table and
 * those of its elements, one row per entry (swot_entry, migration 6).
 *
 * A table is written whole: the four quadrants replace what was there, in one
 * transaction, as the edit form and the API's PUT send it. Its version is the
 * highest version of its entries (0 for an empty table); a replace carrying another
 * version than the current one writes nothing (STORE_CONFLICT). Entries are one line
 * of text each, at most SWOT_ENTRY_MAX bytes, never empty; a refused entry is a diag
 * whose `file` is the quadrant's key ("forces", "faiblesses", "opportunites",
 * "menaces") and whose line is the entry's rank (1-based) in its quadrant.
 *
 * Journal (change_log.h), entity "swot", entity_id the element's id (none for the
 * plan's table): one row, action update, field NULL, new_value a summary
 * ("SWOT : 3 forces, 2 faiblesses, 1 opportunités, 0 menaces"), then one row per
 * changed quadrant, field its key, old and new entries joined by "|". An import is
 * one row, action import ("12 entrées SWOT dans 3 tableaux").
 */
#ifndef JALON_SWOT_STORE_H
#define JALON_SWOT_STORE_H

#include "core/plan.h"
#include "core/swot.h"
#include "store/db.h"
#include "store/element_store.h"

#define SWOT_ENTRY_MAX 2000

/* The table of element e of p (NULL: the plan's own), empty when it has none. */
bool store_swot_load(store *s, arena *a, const plan *p, const plan_element *e, swot_table *out,
                     diag_list *diags);

/* The plan's table first (even empty), then every element's table that has entries,
 * in the plan's depth-first order. */
bool store_swot_load_all(store *s, arena *a, const plan *p, swot_table **out, size_t *count,
                         diag_list *diags);

/* Check the entries of t (one line, not empty, not too long): diags as above. */
bool swot_table_check(const swot_table *t, diag_list *diags);

/* Replace the table of e (NULL: the plan's) with t's entries, if its version is still
 * expected_version (negative: whatever the version). t->version is set to the new
 * version. */
store_result store_swot_replace(store *s, const plan *p, const plan_element *e, swot_table *t,
                                int64_t expected_version, diag_list *diags);

/* Replace several tables at once (an import: each t[i].element_id names its element,
 * 0 the plan), all or nothing, journalled as one import row. */
bool store_swot_import(store *s, const plan *p, swot_table *tables, size_t count,
                       diag_list *diags);

#endif
