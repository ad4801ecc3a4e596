/*
 * consolidation.h — each plan's headline figures (elements, budget, milestones,
 * weather), for the consolidated view across all organisations (issue 8).
 *
 * Summing the whole base at each request costs ~300 ms on the national dataset (the
 * million milestones alone), so the figures are computed plan by plan with indexed
 * queries and kept on the store, keyed by (plan id, plan.data_version, today). A
 * journalled change bumps its plan's data_version (migration 7), so only that plan is
 * computed again; a commit by another connection (PRAGMA data_version moves) may
 * have written anything, so it drops everything kept.
 */
#ifndef JALON_CONSOLIDATION_H
#define JALON_CONSOLIDATION_H

#include <stddef.h>
#include <stdint.h>

#include "store/db.h"

typedef struct {
	int64_t plan_count;        /* 1 for one plan; sums count plans */
	int64_t element_count;
	int64_t planned_cents, committed_cents, paid_cents; /* sums of its budget lines */
	int64_t milestone_count;   /* every milestone, cancelled ones included */
	int64_t milestone_reached; /* status 'atteint' */
	int64_t milestone_late;    /* 'a-venir' and coalesce(forecast_on, planned_on) < today */
	int64_t weather_sun, weather_cloud, weather_storm; /* element_status.weather */
} plan_figures;

/* Add b's figures to a. */
void plan_figures_add(plan_figures *a, const plan_figures *b);

/* The figures of each of the `count` plans in ids, into out[i], from the store's cache
 * when the plan is unchanged, else computed (statements prepared once for the batch).
 * `computed`, when not NULL, receives how many plans were computed rather than reused.
 * A plan id that does not exist gets zero figures (plan_count 0). */
bool store_plans_figures(store *s, const int64_t *ids, size_t count, jalon_date today,
                         plan_figures *out, size_t *computed, diag_list *diags);

/* One plan's figures (store_plans_figures for one). */
bool store_plan_figures(store *s, int64_t plan_id, jalon_date today, plan_figures *out,
                        diag_list *diags);

/* ---- warming up at start ----
 *
 * The first view after start would compute every plan (0.5 to 1 s on the national
 * dataset). A server calls store_figures_warm_start(path) once it listens: a thread of
 * its own opens a second connection to the database, computes every plan's figures for
 * today and hands the filled cache over; the serving connection adopts it at its next
 * store_plans_figures (entries whose plan changed since are recomputed there, as ever).
 * store_figures_warm_stop() stops the thread (between two plans) and drops what it had
 * not handed over; call it before closing the store. One warm-up per process. */
void store_figures_warm_start(const char *path, jalon_date today);
void store_figures_warm_stop(void);
/* Wait for the warm-up to hand its figures over (tests). */
void store_figures_warm_wait(void);

#endif
