/*
 * indicator_store.h — a plan's indicators and their measurements in the database
 * (migration 4): loading them for a board or an indicator's page, saving an imported
 * catalogue or a batch of measurements, and writing one measurement at a time.
 *
 * As in steering_store.h: loading reads each table once for the whole plan (the board
 * of 500 indicators with 1,000,000 measurements reads only the two latest measurements
 * of each, in one statement using the index on (indicator, date)); every save is one
 * transaction, nothing written on failure, and journalled in change_log (entities
 * "indicator" and "measurement"). A measurement saved on the date of an existing one
 * of the same indicator corrects it: the previous value, comment and source go to the
 * measurement's history, which is kept.
 */
#ifndef JALON_INDICATOR_STORE_H
#define JALON_INDICATOR_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/indicator.h"
#include "store/db.h"
#include "store/element_store.h"

typedef enum {
	MEASUREMENTS_NONE,
	MEASUREMENTS_LATEST, /* the two latest of each indicator (latest value and trend) */
	MEASUREMENTS_ALL,
} measurements_wanted;

/* A previous value of a corrected measurement, newest first. */
typedef struct {
	const measurement *measurement;
	double value;
	const char *comment, *source, *changed_by; /* may be NULL */
	const char *changed_at;                     /* UTC, AAAA-MM-JJTHH:MM:SSZ */
} measurement_revision;

typedef struct {
	indicator *indicators;        size_t indicator_count;   /* in the plan's order */
	measurement *measurements;    size_t measurement_count; /* by indicator, then date */
	const char **families;        size_t family_count;      /* the plan's list */
} indicator_data;

/* The defaults every plan starts with (core/indicator.h's list), seeded by migration 4
 * for existing plans and by store_plan_lists_seed for new ones. */
bool store_indicator_families_seed(store *s, int64_t plan_id, diag_list *diags);

/* The plan's indicator families, in order (the lists editor and the API's lists). */
bool store_indicator_families_load(store *s, arena *a, const plan *p, const char ***out,
                                   size_t *count, diag_list *diags);

bool store_indicators_load(store *s, arena *a, const plan *p, measurements_wanted wanted,
                           indicator_data *out, diag_list *diags);

/* For each of items[0..count) (indicators of p, with their ids), its latest
 * measurement on or before `day`: found[i] false when it has none by then (or is
 * computed). One index lookup per indicator: the board's "value at the last
 * committee" (indicator_view.h). */
bool store_measurements_at(store *s, const indicator *items, size_t count, jalon_date day,
                           bool *found, indicator_point *out, diag_list *diags);

/* One indicator by code, with all its measurements and their revisions (newest
 * first), for its page. STORE_NOT_FOUND when the plan has no such code. */
store_result store_indicator_load(store *s, arena *a, const plan *p, const char *code,
                                  indicator **out, measurement **measurements, size_t *count,
                                  measurement_revision **revisions, size_t *revision_count,
                                  diag_list *diags);

/* Save an imported catalogue: an indicator whose code exists is updated (its targets
 * and elements replaced), a new one is appended; replace: the plan's indicators not in
 * the batch are deleted with their measurements. */
bool store_indicators_save(store *s, const plan *p, indicator *items, size_t count,
                           bool replace, diag_list *diags);

/* Save a batch of measurements (appended, or correcting those on the same date). The
 * 100,000-row file of issue 5 must save in well under a second: one statement prepared
 * once, no query per row beyond the insert (the correction is an upsert with its
 * history row written by a trigger or a second prepared statement). */
bool store_measurements_save(store *s, const plan *p, const measurement *items, size_t count,
                             diag_list *diags);

/* One measurement from a form or the API (m->indicator names a loaded indicator of
 * p); a correction when one exists on that date. Sets m->id and m->version. Field
 * names of diags: indicator, date, value, comment, source. */
store_result store_measurement_put(store *s, const plan *p, measurement *m, diag_list *diags);
store_result store_measurement_delete(store *s, const plan *p, int64_t id,
                                      int64_t expected_version, diag_list *diags);

/* One indicator's definition from a form or the API: created when ind->id is 0 (put
 * last in the plan's order), else updated when its version is expected_version (0:
 * any) — STORE_CONFLICT otherwise, STORE_NOT_FOUND when p has no such indicator. Its
 * targets and elements are replaced. Checked as a catalogue's indicators are, and the
 * code unique in the plan; diags name their field: code, name, family, unit,
 * direction, frequency, tolerance, baseline, targets, elements, formula. Journalled as
 * a creation, or one row per changed field. Sets ind->id and ind->version. */
store_result store_indicator_put(store *s, const plan *p, indicator *ind,
                                 int64_t expected_version, diag_list *diags);
/* Delete an indicator with its measurements (and their history); journalled with how
 * many measurements went with it. */
store_result store_indicator_delete(store *s, const plan *p, int64_t id,
                                    int64_t expected_version, diag_list *diags);

/* A computed indicator's value recorded at the end of one of its periods (migration 5,
 * table computed_value): its value at the first evaluation after that period ended
 * (store/indicator_view.c). */
typedef struct {
	int64_t indicator_id;
	jalon_date period_end;
	double value;
} computed_value;

/* The recorded values of p's computed indicators (those with a formula), in one
 * statement, ordered by indicator id then period end. */
bool store_computed_values_load(store *s, arena *a, const plan *p, computed_value **out,
                                size_t *count, diag_list *diags);
/* Record a batch in one transaction, each stamped with the time of recording: a
 * period already recorded for an indicator keeps its value (INSERT OR IGNORE, so a
 * period is recorded once). Not journalled: these are derived values. An empty batch
 * writes nothing. */
bool store_computed_values_record(store *s, const computed_value *items, size_t count,
                                  diag_list *diags);

#endif
