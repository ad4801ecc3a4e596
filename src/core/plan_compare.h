/*
 * plan_compare.h — what changed between two versions of a plan.
 *
 * Pure: two loaded plans A (the older, usually) and B. An element of B is matched to
 * an element of A by lineage first (B's previous_id is the id of an element of A, or
 * the other way round when A is the newer), then, among elements left unmatched, by
 * equal code. Then:
 * - added: in B only, in B's depth-first order;
 * - removed: in A only, in A's depth-first order;
 * - moved: matched, whose parent is not the match of its old parent (a parent added
 *   or removed counts), or whose level changed;
 * - changed: matched, field by field — code, level, title, description, owner,
 *   partners, beneficiaries, start, end, budget, status, contributes_to, then the
 *   custom attributes by header (A's headers, then B's new ones).
 * Matched elements that moved or changed are listed once each, in B's order.
 *
 * Values are text as the journal writes them (change_log.h): dates AAAA-MM-JJ, budget
 * in cents as an integer, lists (partners, contributions) joined by "|", NULL for none.
 */
#ifndef JALON_PLAN_COMPARE_H
#define JALON_PLAN_COMPARE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/plan.h"
#include "util/arena.h"

typedef struct {
	const char *field;     /* "code", "title"… or a custom column's header */
	bool custom;           /* a custom attribute */
	const char *old_value; /* NULL: none */
	const char *new_value;
} plan_field_change;

typedef struct {
	const plan_element *old_element; /* in A */
	const plan_element *new_element; /* in B */
	bool moved;
	const char *old_parent;          /* parent codes (NULL: top level), for a move */
	const char *new_parent;
	plan_field_change *changes;
	size_t change_count;
} plan_element_diff;

typedef struct {
	const plan_element **added;
	size_t added_count;
	const plan_element **removed;
	size_t removed_count;
	plan_element_diff *diffs;  /* matched elements that moved or changed */
	size_t diff_count;
	size_t moved_count, changed_count; /* diffs that moved; diffs with field changes */
	size_t unchanged_count;    /* matched, neither moved nor changed */
} plan_comparison;

/* Compare linked plans a and b; everything from the arena. */
void plan_compare(arena *ar, const plan *a, const plan *b, plan_comparison *out);

/* Field names as translated labels for screens ("titre", "porteur"…); a custom
 * header is returned as is. */
const char *plan_compare_field_label(const plan_field_change *c);

/* A value as a reader sees it: amounts "1 234,00 €", dates "22/11/2026", lists
 * "a, b", NULL as "—"; from the arena. */
const char *plan_compare_value_text(arena *ar, const plan_field_change *c, const char *value);

#endif
