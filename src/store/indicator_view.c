/*
 * indicator_view.c — a plan's indicators evaluated at a date (indicator_view.h).
 */
#include "store/indicator_view.h"

#include <stdint.h>
#include <string.h>

#include "store/baseline_store.h"
#include "store/steering_view.h"

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
		r->series_count = indicator_compute_series(
			a, ind->formula, &rolled, scope, steering.milestones, steering.milestone_count,
			ind->has_baseline ? ind->baseline.date : DATE_NONE, today, ind->frequency,
			&r->series);
		measurement now = {.indicator = ind, .date = today, .value = r->computed_value};
		indicator_evaluate(ind, &now, r->has_computed ? 1 : 0, today, &r->state);
	}
	return true;
}
