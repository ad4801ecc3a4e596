/*
 * baseline_store.h — baselines: named, dated, immutable snapshots of a plan's rolled
 * dates and planned budgets, the reference for schedule and budget drift.
 *
 * Entries are keyed by element code, not database id: an element deleted since has
 * no counterpart (its entry is skipped), one added since has no entry (no drift).
 * The database refuses any change to a baseline once written (triggers, migration 2).
 */
#ifndef JALON_BASELINE_STORE_H
#define JALON_BASELINE_STORE_H

#include "core/steering.h"
#include "store/db.h"

typedef struct {
	const char *name;
	const char *taken_at;  /* ISO 8601 UTC */
	size_t entry_count;
} baseline_info;

/* Take baseline `name` of p from its roll-up r (steering_rollup of the same plan):
 * one entry per element with its rolled dates and planned total. Refused when the
 * name is empty or already used in this plan. */
bool store_baseline_take(store *s, const plan *p, const char *name, const plan_rollup *r,
                         diag_list *diags);

/* The entries of baseline `name`, matched to p's elements by code. */
bool store_baseline_load(store *s, arena *a, const plan *p, const char *name,
                         baseline_entry **out, size_t *count, diag_list *diags);

/* The plan's baselines, oldest first. */
bool store_baselines_list(store *s, arena *a, const plan *p, baseline_info **out,
                          size_t *count, diag_list *diags);

#endif
