/*
 * steering_json.c — roll-ups as JSON, with jansson (see steering_json.h).
 */
#include "io/steering_json.h"

#include <jansson.h>

#include "io/plan_json.h"

static json_t *number_or_null(bool has, double v)
{
	return has ? json_real(v) : json_null();
}

static json_t *date_or_null(jalon_date d)
{
	char s[11];
	date_format_iso(d, s);
	return date_is_set(d) ? json_string(s) : json_null();
}

static json_t *sums(const budget_sum *items, size_t n, int key)
{
	json_t *list = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_object();
		if (key == 0)
			json_object_set_new(o, "year", json_integer(items[i].year));
		else if (key == 1)
			json_object_set_new(o, "nature", json_string(budget_nature_key(items[i].nature)));
		else
			json_object_set_new(o, "source", plan_json_text(items[i].source));
		json_object_set_new(o, "planned_cents", json_integer(items[i].planned_cents));
		json_object_set_new(o, "committed_cents", json_integer(items[i].committed_cents));
		json_object_set_new(o, "paid_cents", json_integer(items[i].paid_cents));
		json_array_append_new(list, o);
	}
	return list;
}

json_t *steering_json_rollup(const element_rollup *x, bool with_breakdown)
{
	json_t *o = json_object();
	json_object_set_new(o, "budget_planned_cents", json_integer(x->planned_cents));
	json_object_set_new(o, "budget_committed_cents", json_integer(x->committed_cents));
	json_object_set_new(o, "budget_paid_cents", json_integer(x->paid_cents));
	json_object_set_new(o, "progress_pct", number_or_null(x->has_progress, x->progress_pct));
	json_object_set_new(o, "weather", json_string(weather_key(x->weather)));
	json_object_set_new(o, "start", date_or_null(x->start));
	json_object_set_new(o, "end", date_or_null(x->end));
	json_object_set_new(o, "milestones", json_integer((json_int_t)x->milestones));
	json_object_set_new(o, "milestones_done", json_integer((json_int_t)x->milestones_done));
	json_object_set_new(o, "late_milestones", json_integer((json_int_t)x->milestones_late));
	json_object_set_new(o, "schedule_drift_pct",
	                    number_or_null(x->has_schedule_drift, x->schedule_drift_pct));
	json_object_set_new(o, "budget_drift_pct",
	                    number_or_null(x->has_budget_drift, x->budget_drift_pct));
	if (with_breakdown) {
		json_object_set_new(o, "by_year", sums(x->by_year, x->year_count, 0));
		json_object_set_new(o, "by_nature", sums(x->by_nature, x->nature_count, 1));
		json_object_set_new(o, "by_source", sums(x->by_source, x->source_count, 2));
	}
	return o;
}

json_t *steering_json_dashboard(const plan *p, const plan_rollup *r, const char *baseline_name,
                                jalon_date today, bool has_envelope, int64_t envelope_cents)
{
	json_t *o = steering_json_rollup(&r->plan, true);
	json_object_set_new(o, "plan", json_string(p->slug ? p->slug : ""));
	json_object_set_new(o, "today", date_or_null(today));
	json_object_set_new(o, "baseline", plan_json_text(baseline_name));
	json_object_set_new(o, "envelope_cents",
	                    has_envelope ? json_integer(envelope_cents) : json_null());
	/* The dashboard's drifts are the portfolio means; the plan-level drift of the
	 * whole (its rolled dates and total against the baseline's) is kept under its
	 * own names. */
	json_object_set_new(o, "plan_schedule_drift_pct",
	                    number_or_null(r->plan.has_schedule_drift, r->plan.schedule_drift_pct));
	json_object_set_new(o, "plan_budget_drift_pct",
	                    number_or_null(r->plan.has_budget_drift, r->plan.budget_drift_pct));
	json_object_set_new(o, "schedule_drift_pct",
	                    number_or_null(r->has_mean_schedule_drift, r->mean_schedule_drift_pct));
	json_object_set_new(o, "budget_drift_pct",
	                    number_or_null(r->has_mean_budget_drift, r->mean_budget_drift_pct));
	json_object_set_new(o, "schedule_drift_elements",
	                    json_integer((json_int_t)r->schedule_drift_count));
	json_object_set_new(o, "budget_drift_elements", json_integer((json_int_t)r->budget_drift_count));
	json_t *branches = json_array();
	for (size_t i = 0; i < p->root_count; i++) {
		const plan_element *e = p->roots[i];
		json_t *b = steering_json_rollup(&r->by_element[e - p->elements], false);
		json_object_set_new(b, "code", json_string(e->code));
		json_object_set_new(b, "title", json_string(e->title));
		json_object_set_new(b, "level", json_string(e->level));
		json_array_append_new(branches, b);
	}
	json_object_set_new(o, "branches", branches);
	return o;
}
