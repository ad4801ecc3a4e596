/*
 * steering_json.h — a plan's roll-up as JSON: the dashboard document of
 * `jalon dashboard --format json` (and, next, of the API's dashboard endpoint).
 * Amounts are integer cents, percentages numbers, missing values null.
 */
#ifndef JALON_STEERING_JSON_H
#define JALON_STEERING_JSON_H

#include <stdbool.h>
#include <stdint.h>

#include "core/steering.h"

struct json_t;

/* One element's (or the plan's) roll-up: budget, progress, weather, dates,
 * milestones and drift; with_breakdown adds by_year, by_nature and by_source. */
struct json_t *steering_json_rollup(const element_rollup *x, bool with_breakdown);

/* The plan dashboard: the plan-level roll-up with its breakdowns, the portfolio mean
 * drifts as schedule_drift_pct and budget_drift_pct (with the number of elements
 * behind each), the envelope, and one entry per top-level branch. */
struct json_t *steering_json_dashboard(const plan *p, const plan_rollup *r,
                                       const char *baseline_name, jalon_date today,
                                       bool has_envelope, int64_t envelope_cents);

#endif
