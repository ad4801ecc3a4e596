/*
 * steering_store.h — loading and saving what steering needs (core/steering.h):
 * element statuses and their weather history, milestones, budget lines, risks,
 * dependencies, qualifications and scores, and the plan's envelope and lists (funding
 * sources, phases, qualification criteria). Single items are written by
 * item_store.h.
 *
 * Loading reads each table once for the whole plan, never once per element, and
 * joins rows to the plan's elements through an id index. Saving a batch is one
 * transaction with statements prepared once; nothing is written on failure.
 */
#ifndef JALON_STEERING_STORE_H
#define JALON_STEERING_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/plan.h"
#include "core/steering.h"
#include "store/db.h"

/* One entry of an element's weather history, oldest first. */
typedef struct {
	int64_t id;
	const plan_element *element;
	weather weather;
	jalon_date reported_on;
	const char *comment;        /* may be NULL */
} weather_report;

typedef struct {
	element_status *statuses;      size_t status_count;
	weather_report *weather_reports; size_t weather_report_count;
	milestone *milestones;         size_t milestone_count;   /* by element, position */
	budget_line *lines;            size_t line_count;        /* by element, id */
	element_risk *risks;           size_t risk_count;
	element_dependency *dependencies; size_t dependency_count;
	milestone_dependency *milestone_dependencies; size_t milestone_dependency_count;
	element_score *scores;         size_t score_count;      /* by element, criterion order */
	element_qualification *qualifications; size_t qualification_count;
	const char **criteria;         size_t criterion_count;  /* the plan's list, in order */
	const char **funding_sources;  size_t funding_source_count; /* the plan's list, in order */
	const char **phases;           size_t phase_count;
	bool has_envelope;             /* the plan's total envelope, when set */
	int64_t envelope_cents;
} steering_data;

/* The defaults every plan starts with (DOMAIN.md §4–§5). */
extern const char *const store_default_funding_sources[];
extern const size_t store_default_funding_source_count;
extern const char *const store_default_phases[];
extern const size_t store_default_phase_count;

extern const char *const store_default_criteria[];
extern const size_t store_default_criterion_count;

/* Give plan_id the default funding sources, phases, qualification criteria and indicator
 * families (store_indicator_families_seed). Inside the caller's transaction
 * (store_plan_create calls it). */
bool store_plan_lists_seed(store *s, int64_t plan_id, diag_list *diags);

/* The optional parts of steering data: the weather history and the qualification
 * (scores and nature/type). Roll-ups need neither. */
enum { STEERING_HISTORY = 1, STEERING_SCORES = 2, STEERING_EVERYTHING = 3 };

/* The steering data of p, with only the optional `parts` asked for (the others are
 * left empty): what a screen that shows neither saves on a large plan. */
bool store_steering_load_parts(store *s, arena *a, const plan *p, unsigned parts,
                               steering_data *out, diag_list *diags);

/* Everything a roll-up of p (loaded by store_plan_load) needs, from the arena. */
bool store_steering_load(store *s, arena *a, const plan *p, steering_data *out,
                         diag_list *diags);

/* The plan's funding sources, in order. */
bool store_funding_sources_load(store *s, arena *a, const plan *p, const char ***out,
                                size_t *count, diag_list *diags);

/* Save budget lines (elements of p, sources already checked against its list), in one
 * transaction; replace: delete the plan's existing lines first, else append. One
 * journal row for the whole import ("12 lignes budgétaires", and "5 lignes remplacées"
 * as old value when replace deleted some). */
bool store_budget_lines_save(store *s, const plan *p, const budget_line *lines, size_t count,
                             bool replace, diag_list *diags);

/* Same for milestones ("3 jalons"); appended milestones go after each element's
 * existing ones. */
bool store_milestones_save(store *s, const plan *p, const milestone *milestones, size_t count,
                           bool replace, diag_list *diags);

/* Set an element's own status (progress, weather, phase; unset fields are cleared).
 * When the weather is set and differs from the stored one, or is the same but comes
 * with a comment (a dated comment is what the history is for), a report is added to
 * the history with reported_on (today when unset) and comment (may be NULL), in the
 * same transaction; a comment without a weather is refused (field "comment"). The phase must be one of
 * the plan's phases (matched ignoring case and accents, stored with the list's
 * spelling). Journalled as entity "status": one row per changed field (progress,
 * weather, phase) and, when a report carries a comment, a row of field "comment". */
bool store_element_status_set(store *s, const plan *p, const element_status *status,
                              jalon_date reported_on, const char *comment, diag_list *diags);
/* For other writers of store/ (governance_store.c's decision effects): the same inside
 * the caller's transaction, which stays open whatever the result. */
bool store_element_status_set_in_transaction(store *s, const plan *p,
                                             const element_status *status,
                                             jalon_date reported_on, const char *comment,
                                             diag_list *diags);

/* Set (has = true) or clear the plan's envelope; a negative amount is refused.
 * Journalled as entity "plan", field "envelope" (cents), when it changes. */
bool store_plan_envelope_set(store *s, const plan *p, bool has, int64_t cents,
                             diag_list *diags);

#endif
