/*
 * version_json.h — SWOT tables, version chains and comparisons as JSON, shared by the
 * command line (--format json) and the API (api_versions.c), so both say the same.
 *
 * - a SWOT table: {"element": "P1" or null, "version": 3, "forces": ["…"],
 *   "faiblesses": [], "opportunites": [], "menaces": []};
 * - a chain: [{"slug", "title", "version_label", "status", "adopted_on", "current"}];
 * - a comparison: {"from", "to", "counts": {added, removed, moved, changed, unchanged},
 *   "added": [{code, title, level, parent}], "removed": [same], "moved": [{code,
 *   old_parent, new_parent, old_level, new_level}], "changed": [{code, field, old,
 *   new}]}, values as plan_compare.h gives them (dates AAAA-MM-JJ, cents, "|" lists).
 */
#ifndef JALON_VERSION_JSON_H
#define JALON_VERSION_JSON_H

#include <jansson.h>

#include "core/plan_compare.h"
#include "core/swot.h"
#include "store/version_store.h"
#include "util/diag.h"

json_t *swot_table_json(const swot_table *t);

/* Read the four quadrants of a PUT body into t (arrays of strings; a missing quadrant
 * is empty; "element" and "version" are ignored, any other member is refused). Diags
 * name the member. */
bool swot_table_from_json(arena *a, const json_t *body, swot_table *t, diag_list *diags);

json_t *plan_versions_json(const plan_version *v, size_t count, size_t current);

json_t *plan_comparison_json(const plan *a, const plan *b, const plan_comparison *c);

#endif
