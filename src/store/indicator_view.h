/*
 * indicator_view.h — a plan's indicators evaluated at a date, as the command line's
 * board (`jalon indicators`) and the pages (pages_indicators.c) both need them: a
 * measured indicator from its measurements (indicator_evaluate), a computed one from
 * the plan rolled up (once, whatever their number: steering_view_load_shared, against
 * the plan's oldest baseline for the drift formulas), its value being today's and
 * recorded at the end of each of its periods (store_computed_values_record).
 */
#ifndef JALON_INDICATOR_VIEW_H
#define JALON_INDICATOR_VIEW_H

#include <stdbool.h>
#include <stddef.h>

#include "core/indicator.h"
#include "store/db.h"

typedef struct {
	const indicator *ind;
	indicator_state state;
	bool computed;           /* a formula's: its value is today's, computed */
	bool has_computed;       /* the formula gave a value */
	double computed_value;
	/* A computed indicator's values, by date, today's last: those reconstructed from
	 * the plan's dated data (indicator_compute_series; for progress,
	 * indicator_progress_series over the change journal; from its baseline date, at its
	 * frequency), with the values recorded at period ends (table computed_value) that
	 * the reconstruction does not cover — for the formulas without a dated past, the
	 * recorded values and today's; none for measured indicators. */
	indicator_point *series;
	bool *series_recorded;   /* parallel to series: a recorded value, not reconstructed */
	size_t series_count;
	/* The last committee: the latest meeting held (held, or minutes approved) on or
	 * before today of a governance or steering instance — of any instance when none of
	 * those has met — the same for every row; has_committee false when none. The value
	 * then: a measured indicator's latest measurement on or before that day, a computed
	 * one's latest series point on or before it. */
	bool has_committee;
	jalon_date committee_date;
	const char *committee_name;  /* the instance's name */
	bool has_committee_value;
	indicator_point committee_value;
} indicator_row;

/* The plan's oldest baseline (the adopted one), which the drift formulas compare with;
 * NULL when the plan has none. */
const char *indicator_view_adoption_baseline(store *s, arena *a, const plan *p, diag_list *d);

/* Evaluate items[0..count) of plan p at `today` into rows[0..count). measurements
 * (any indicators, grouped by indicator as store_indicators_load gives them) serve the
 * measured ones. The rows hold nothing that belongs to the store: they stay valid
 * after store_close. Each computed indicator with a value today whose latest period
 * end on or before today (calendar month, quarter, half-year or year end) has no
 * recorded value gets today's value recorded for that period end: the value at the
 * first evaluation after the period ended (one load of the recorded values, at most
 * one write transaction per call). False (with diags) when the plan could not be
 * rolled up or the recorded values could not be read or written. */
bool indicator_view_evaluate(store *s, arena *a, const plan *p, const indicator *items,
                             size_t count, const measurement *measurements,
                             size_t measurement_count, jalon_date today, indicator_row *rows,
                             diag_list *diags);

#endif
