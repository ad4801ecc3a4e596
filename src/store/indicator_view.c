/*
 * indicator_view.c — a plan's indicators evaluated at a date (indicator_view.h).
 */
#include "store/indicator_view.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "store/baseline_store.h"
#include "store/change_log.h"
#include "store/governance_store.h"
#include "store/indicator_store.h"
#include "store/steering_view.h"

/* The latest end of a period of freq on or before today: the last day of a month whose
 * number is a multiple of the period's length (as indicator_compute_series's points). */
static jalon_date period_end_before(indicator_frequency freq, jalon_date today)
{
	int pm = freq == FREQUENCY_QUARTERLY ? 3 : freq == FREQUENCY_HALF_YEARLY ? 6
	         : freq == FREQUENCY_YEARLY ? 12 : 1;
	int64_t tm = (int64_t)today.year * 12 + (today.month - 1);
	int64_t last = (tm + 1) / pm * pm - 1;
	for (;;) {
		jalon_date e = {(int)(last / 12), (int)(last % 12) + 1, 0};
		e.day = date_days_in_month(e.year, e.month);
		if (date_compare(e, today) <= 0)
			return e;
		last -= pm;
	}
}

/* The first of values[0..count) (ordered by indicator id) recorded for id. */
static size_t recorded_first(const computed_value *values, size_t count, int64_t id)
{
	size_t lo = 0, hi = count;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (values[mid].indicator_id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The row's series: the reconstructed points (today's last), with the recorded values
 * (values[from..to), by date, plus `fresh` when set) of the period ends before today
 * that the reconstruction does not cover; and today's value last when the
 * reconstruction gave none. */
static void series_merge(arena *a, indicator_row *r, const computed_value *values, size_t from,
                         size_t to, const computed_value *fresh, jalon_date today)
{
	size_t room = r->series_count + (to - from) + 2;
	indicator_point *out = arena_alloc(a, room * sizeof(*out));
	bool *recorded = arena_alloc(a, room * sizeof(*recorded)); /* zeroed by the arena */
	size_t n = 0, k = 0, j = from;
	bool fresh_left = fresh != NULL;
	for (;;) {
		/* The earliest recorded candidate still to place. */
		const computed_value *c = NULL;
		while (j < to && date_compare(values[j].period_end, today) >= 0)
			j++;
		if (j < to)
			c = &values[j];
		if (fresh_left && date_compare(fresh->period_end, today) < 0 &&
		    (!c || date_compare(fresh->period_end, c->period_end) < 0))
			c = fresh;
		const indicator_point *pt = k < r->series_count ? &r->series[k] : NULL;
		if (!c && !pt)
			break;
		if (c && (!pt || date_compare(c->period_end, pt->date) < 0)) {
			recorded[n] = true;
			out[n++] = (indicator_point){c->period_end, c->value};
		} else if (!c || date_compare(c->period_end, pt->date) > 0) {
			out[n++] = *pt;
			k++;
			continue;
		} /* else the same date: the reconstruction's point wins, c is dropped */
		if (c == fresh)
			fresh_left = false;
		else
			j++;
	}
	if (r->series_count == 0 && r->has_computed)
		out[n++] = (indicator_point){today, r->computed_value};
	r->series = n ? out : NULL;
	r->series_recorded = n ? recorded : NULL;
	r->series_count = n;
}

const char *indicator_view_adoption_baseline(store *s, arena *a, const plan *p, diag_list *d)
{
	baseline_info *items;
	size_t count;
	if (!store_baselines_list(s, a, p, &items, &count, d) || count == 0)
		return NULL;
	size_t oldest = 0;
	for (size_t i = 1; i < count; i++)
		if (items[i].taken_at && items[oldest].taken_at &&
		    strcmp(items[i].taken_at, items[oldest].taken_at) < 0)
			oldest = i;
	return items[oldest].name;
}

/* The last committee (indicator_view.h): the latest meeting held on or before today of
 * a governance or steering instance, or of any instance when none of those has met. */
static bool last_committee(store *s, arena *a, const plan *p, jalon_date today,
                           meeting *out, bool *found, diag_list *d)
{
	*found = false;
	if (!date_is_set(today))
		return true;
	instance *instances;
	meeting *meetings;
	size_t ni, nm;
	if (store_instances_load(s, a, p, &instances, &ni, d) != STORE_OK ||
	    store_meetings_load(s, a, p, 0, &meetings, &nm, d) != STORE_OK)
		return false;
	const meeting *best = NULL, *best_any = NULL;
	for (size_t k = 0; k < nm; k++) { /* by date: the last one held wins */
		const meeting *m = &meetings[k];
		if ((m->status != MEETING_HELD && m->status != MEETING_MINUTES_APPROVED) ||
		    date_compare(m->date, today) > 0)
			continue;
		best_any = m;
		for (size_t i = 0; i < ni; i++)
			if (instances[i].id == m->instance_id &&
			    (instances[i].kind == INSTANCE_GOVERNANCE ||
			     instances[i].kind == INSTANCE_STEERING))
				best = m;
	}
	if (!best)
		best = best_any;
	if (best) {
		*out = *best;
		*found = true;
	}
	return true;
}

/* Each row's value at the last committee: a measured indicator's latest measurement on
 * or before its date, a computed one's latest series point on or before it. */
static bool committee_values(store *s, arena *a, const plan *p, const indicator *items,
                             size_t count, jalon_date today, indicator_row *rows,
                             diag_list *d)
{
	meeting m;
	bool found;
	if (!last_committee(s, a, p, today, &m, &found, d))
		return false;
	if (!found)
		return true;
	bool *has = arena_alloc(a, (count + 1) * sizeof(*has));
	indicator_point *at = arena_alloc(a, (count + 1) * sizeof(*at));
	if (!store_measurements_at(s, items, count, m.date, has, at, d))
		return false;
	const char *name = m.instance_name ? arena_strdup(a, m.instance_name) : NULL;
	for (size_t i = 0; i < count; i++) {
		indicator_row *r = &rows[i];
		r->has_committee = true;
		r->committee_date = m.date;
		r->committee_name = name;
		if (r->computed) {
			for (size_t k = 0; k < r->series_count; k++)
				if (date_compare(r->series[k].date, m.date) <= 0) {
					r->has_committee_value = true;
					r->committee_value = r->series[k];
				}
		} else if (has[i]) {
			r->has_committee_value = true;
			r->committee_value = at[i];
		}
	}
	return true;
}

bool indicator_view_evaluate(store *s, arena *a, const plan *p, const indicator *items,
                             size_t count, const measurement *measurements,
                             size_t measurement_count, jalon_date today, indicator_row *rows,
                             diag_list *diags)
{
	/* Each indicator's measurements, found in one pass: they come grouped by
	 * indicator, so that each evaluation reads its own run only (a measurement whose
	 * indicator is not in items is skipped). */
	size_t *first = arena_alloc(a, (count + 1) * sizeof(*first));
	size_t *run = arena_alloc(a, (count + 1) * sizeof(*run));
	memset(run, 0, (count + 1) * sizeof(*run));
	bool grouped = true;
	for (size_t j = 0; j < measurement_count;) {
		const indicator *ind = measurements[j].indicator;
		size_t k = j;
		while (k < measurement_count && measurements[k].indicator == ind)
			k++;
		uintptr_t at = (uintptr_t)ind, base = (uintptr_t)items;
		if (ind && at >= base && at < base + count * sizeof(*items)) {
			size_t i = (size_t)(at - base) / sizeof(*items);
			if (run[i])
				grouped = false; /* two runs of one indicator: evaluate over all */
			first[i] = j;
			run[i] += k - j;
		}
		j = k;
	}

	bool any_computed = false;
	for (size_t i = 0; i < count; i++)
		any_computed |= items[i].formula != FORMULA_NONE;
	plan rolled;
	steering_data steering;
	plan_rollup rollup;
	if (any_computed &&
	    !steering_view_load_shared(s, a, p->slug,
	                               indicator_view_adoption_baseline(s, a, p, diags), today, 0,
	                               &rolled, &steering, &rollup, diags))
		return false;

	/* The computed indicators' recorded values (one load), and those to record (at
	 * most one write transaction). */
	computed_value *recorded = NULL, *batch = NULL;
	size_t recorded_count = 0, batch_count = 0;
	if (any_computed) {
		if (!store_computed_values_load(s, a, p, &recorded, &recorded_count, diags))
			return false;
		batch = arena_alloc(a, (count + 1) * sizeof(*batch));
	}

	progress_change *progress = NULL;
	size_t progress_count = 0;
	bool progress_loaded = false;
	for (size_t i = 0; i < count; i++) {
		const indicator *ind = &items[i];
		indicator_row *r = &rows[i];
		memset(r, 0, sizeof(*r));
		r->ind = ind;
		r->computed = ind->formula != FORMULA_NONE;
		if (!r->computed) {
			if (grouped)
				indicator_evaluate(ind, run[i] ? &measurements[first[i]] : measurements, run[i],
				                   today, &r->state);
			else
				indicator_evaluate(ind, measurements, measurement_count, today, &r->state);
			continue;
		}
		/* A computed indicator's value is today's: it is evaluated as a measurement taken
		 * today, in the rolled plan, at its scope (its first element, or the plan). */
		const plan_element *scope = ind->element_count
		                            ? plan_find(&rolled, ind->elements[0]->code) : NULL;
		r->has_computed = indicator_compute(ind->formula, &rolled, scope, &rollup,
		                                    steering.milestones, steering.milestone_count,
		                                    steering.lines, steering.line_count, today,
		                                    &r->computed_value);
		jalon_date series_from = ind->has_baseline ? ind->baseline.date : DATE_NONE;
		if (ind->formula == FORMULA_PROGRESS) {
			/* Progress has its past in the change journal: loaded once, when needed. */
			if (!progress_loaded &&
			    !store_progress_changes_load(s, a, &rolled, &progress, &progress_count, diags))
				return false;
			progress_loaded = true;
			r->series_count = indicator_progress_series(
				a, &rolled, scope, steering.statuses, steering.status_count, steering.lines,
				steering.line_count, progress, progress_count, series_from, today, ind->frequency,
				&r->series);
		} else {
			r->series_count = indicator_compute_series(
				a, ind->formula, &rolled, scope, steering.milestones,
				steering.milestone_count, series_from, today, ind->frequency, &r->series);
		}
		measurement now = {.indicator = ind, .date = today, .value = r->computed_value};
		indicator_evaluate(ind, &now, r->has_computed ? 1 : 0, today, &r->state);

		/* Recording: today's value stands for the latest period end on or before today
		 * when that period has no recorded value yet — the value at the first
		 * evaluation after the period ended. */
		size_t from = recorded_first(recorded, recorded_count, ind->id), to = from;
		while (to < recorded_count && recorded[to].indicator_id == ind->id)
			to++;
		const computed_value *fresh = NULL;
		if (r->has_computed && isfinite(r->computed_value) && ind->id &&
		    date_is_set(today)) {
			jalon_date end = period_end_before(ind->frequency, today);
			bool known = false;
			for (size_t j = from; j < to && !known; j++)
				known = date_compare(recorded[j].period_end, end) == 0;
			if (!known) {
				batch[batch_count] = (computed_value){ind->id, end, r->computed_value};
				fresh = &batch[batch_count++];
			}
		}
		series_merge(a, r, recorded, from, to, fresh, today);
	}
	return committee_values(s, a, p, items, count, today, rows, diags) &&
	       (batch_count == 0 || store_computed_values_record(s, batch, batch_count, diags));
}
