/*
 * indicator.h — a plan's indicators (DOMAIN.md §6): definitions with a baseline, dated
 * targets and a tolerance; dated measurements; the expected path and the status of
 * each indicator; and the indicators computed from the plan's own steering data.
 * Pure data and computations: no I/O, no SQL.
 *
 * Rules (docs/indicators.md says the same to users):
 * - the expected path joins the baseline (value at its date) and the targets (values at
 *   their dates) in date order by straight lines, interpolated by days; before its
 *   first point it is that point's value, after its last point the last target's
 *   value (the last point's, should the baseline be dated after every target); without
 *   any point it is undefined. Points without a date (a baseline with no date) are
 *   no points; of two points on one date the target wins over the baseline, and the
 *   later in `targets` over an earlier one. Targets are read in any order;
 * - the latest measurement is the one with the latest date (the latest entered among
 *   those of one date: the larger id, one not saved yet — id 0 — after any saved one,
 *   then the later in the array); measurements may arrive in any order; those without
 *   a date or with a non-finite value are skipped. The one entered last on a date
 *   replaces the others of that date: "the one before" the latest is the latest of
 *   an earlier date;
 * - the shortfall of a value v against the expected value e: e − v when higher is
 *   better, v − e when lower is better, |v − e| when the value should stay close to
 *   its target; negative means ahead of the path;
 * - status, from the latest measurement compared with the path at that measurement's
 *   date: on track when the shortfall is at most the tolerance, at risk when it is at
 *   most twice the tolerance, off track beyond; no data without a measurement or
 *   without a path. The tolerance is in the indicator's unit (0: on track only on or
 *   ahead of the path, no "at risk"; a negative one counts as 0). Comparisons allow
 *   a rounding slack of 1e-9 of the values' magnitude (at least 1e-9), so that a value
 *   typed equal to an interpolated one is on the path;
 * - an update is due when the latest measurement (or the baseline date, when there is
 *   no measurement) is older than one period of the frequency before today: next_due
 *   is that date plus one period (1, 3, 6 or 12 months, the day kept or brought back to
 *   the month's last day: 31 January + 1 month = 28 or 29 February) and the update is
 *   due from the day after next_due. Without a measurement nor a dated baseline there
 *   is no next_due and no update due (the status already says "no data"); without
 *   `today`, never due;
 * - trend: the latest value against the one before it: improving, worsening or steady
 *   according to the direction (for "close to target": closer or further from the last
 *   target, i.e. the path's last point; no trend when there is no path). Steady means
 *   equal within the rounding slack; no trend without two measurements of different
 *   dates.
 */
#ifndef JALON_INDICATOR_H
#define JALON_INDICATOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/plan.h"
#include "core/steering.h"
#include "util/arena.h"
#include "util/date.h"

typedef enum { DIRECTION_UP, DIRECTION_DOWN, DIRECTION_TARGET, DIRECTION_COUNT } indicator_direction;
typedef enum { FREQUENCY_MONTHLY, FREQUENCY_QUARTERLY, FREQUENCY_HALF_YEARLY, FREQUENCY_YEARLY,
	       FREQUENCY_COUNT } indicator_frequency;
typedef enum { STATUS_NO_DATA, STATUS_ON_TRACK, STATUS_AT_RISK, STATUS_OFF_TRACK,
	       INDICATOR_STATUS_COUNT } indicator_status;
typedef enum { TREND_NONE, TREND_IMPROVING, TREND_STEADY, TREND_WORSENING } indicator_trend;

/* The built-in computed indicators (issue 5); FORMULA_NONE: measured, typed in.
 * The scope is an element and its descendants, or the whole plan. */
typedef enum {
	FORMULA_NONE,
	FORMULA_PROGRESS,            /* taux d'avancement: rolled progress, % */
	FORMULA_MILESTONES_DONE,     /* jalons atteints / prévus (cancelled excluded), % */
	FORMULA_ON_TIME,             /* respect des délais: milestones due by today (planned
	                                date ≤ today, not cancelled) reached by their planned
	                                date (actual ≤ planned; reached with no actual date
	                                counts as on time, as it is never late), % */
	FORMULA_BUDGET_PAID,         /* taux de respect du budget: rolled paid / rolled
	                                planned, % (undefined when planned ≤ 0) */
	FORMULA_PROJECTS_IN_BUDGET,  /* part des projets dans leur budget: elements with
	                                budget lines of their own whose committed total is at
	                                most their planned total (all years together), % */
	FORMULA_SCHEDULE_DRIFT,      /* écart calendaire moyen against the baseline, %: at an
	                                element its own rolled drift, for the whole plan the
	                                roll-up's portfolio mean */
	FORMULA_BUDGET_DRIFT,        /* écart budgétaire moyen against the baseline, %: the
	                                same */
	FORMULA_COUNT
} indicator_formula;

/* Keys (database, files, API), French labels, and parsers that accept keys, labels and
 * English words ignoring case and accents, as core/steering.h's.
 * direction: "hausse" (plus est mieux), "baisse" (moins est mieux), "cible" (au plus
 *   près de la cible); also "up"/"higher", "down"/"lower", "target", "+", "-", "=";
 * frequency: "mensuelle", "trimestrielle", "semestrielle", "annuelle";
 * status: "on_track", "at_risk", "off_track", "no_data" (the API's words), labels
 *   "en bonne voie", "à surveiller", "hors trajectoire", "sans donnée";
 * formula: "avancement", "jalons-atteints", "respect-delais", "respect-budget",
 *   "projets-dans-budget", "ecart-calendaire", "ecart-budgetaire" (FORMULA_NONE has
 *   no key: NULL; its label "saisie manuelle", and "" or "aucune" parse to it).
 * Direction labels are the words in parentheses; frequency labels are the keys. A
 * value out of range gives the first value's key and label (a formula: no key). */
const char *indicator_direction_key(indicator_direction d);
const char *indicator_direction_label(indicator_direction d);
bool indicator_direction_parse(const char *s, indicator_direction *out);
const char *indicator_frequency_key(indicator_frequency f);
const char *indicator_frequency_label(indicator_frequency f);
bool indicator_frequency_parse(const char *s, indicator_frequency *out);
const char *indicator_status_key(indicator_status s);
const char *indicator_status_label(indicator_status s);
const char *indicator_trend_label(indicator_trend t);
const char *indicator_formula_key(indicator_formula f);
const char *indicator_formula_label(indicator_formula f);
bool indicator_formula_parse(const char *s, indicator_formula *out);
/* The unit of a formula's values ("%"); NULL for FORMULA_NONE. */
const char *indicator_formula_unit(indicator_formula f);

/* The default families (configurable per plan, like funding sources). */
extern const char *const indicator_default_families[];
extern const size_t indicator_default_family_count;

typedef struct {
	jalon_date date;
	double value;
} indicator_point;

typedef struct {
	int64_t id;
	const char *code, *name;
	const char *definition, *family, *unit, *source, *owner; /* may be NULL */
	indicator_direction direction;
	indicator_frequency frequency;
	bool has_baseline;
	indicator_point baseline;
	indicator_point *targets;      /* ascending dates, no two on one date */
	size_t target_count;
	double tolerance;              /* ≥ 0, in the indicator's unit */
	const plan_element **elements; /* what it measures; none: the whole plan */
	size_t element_count;
	indicator_formula formula;
	int64_t version;
	int source_line;
} indicator;

typedef struct {
	int64_t id;
	const indicator *indicator;
	jalon_date date;
	double value;
	const char *comment, *source, *entered_by; /* may be NULL */
	int64_t version;
	int source_line;
} measurement;

/* An indicator's figures at `today`. */
typedef struct {
	indicator_status status;
	bool has_latest;
	indicator_point latest;
	bool has_previous;             /* the measurement before the latest */
	indicator_point previous;
	indicator_trend trend;
	bool has_expected_today;
	double expected_today;         /* the path's value at today */
	bool has_expected_at_latest;
	double expected_at_latest;     /* the path's value at the latest measurement's date */
	double shortfall;              /* at the latest measurement; valid when status != NO_DATA */
	bool update_due;
	jalon_date next_due;           /* when the next measurement is expected; unset: never */
} indicator_state;

/* The path's value at `at`; false when the indicator has no dated baseline and no
 * target, or `at` is unset. */
bool indicator_expected(const indicator *ind, jalon_date at, double *out);

/* The state of ind from its measurements (any order, any indicator: those of others
 * are skipped), at `today`. */
void indicator_evaluate(const indicator *ind, const measurement *measurements, size_t count,
                        jalon_date today, indicator_state *out);

/* A computed indicator's value at `scope` (NULL: the whole plan) from the plan's
 * steering data and its roll-up (r, rolled at `today`, against the baseline whose
 * drifts FORMULA_*_DRIFT report). False when undefined (no milestone, no budget, no
 * element with both values…), when scope is not an element of p, for FORMULA_NONE,
 * for FORMULA_ON_TIME without `today`, and for the roll-up's formulas without r.
 * Milestones and lines naming no element of p are ignored, as by the roll-up. The
 * scope is found from p's depth-first order (its descendants follow it), and each
 * input is read once. */
bool indicator_compute(indicator_formula f, const plan *p, const plan_element *scope,
                       const plan_rollup *r, const milestone *milestones,
                       size_t milestone_count, const budget_line *lines, size_t line_count,
                       jalon_date today, double *out);

/* A computed indicator's values in the past, reconstructed from dated data (issue 5):
 * the value at the end of each period of `freq` — the last day of each month, of
 * March, June, September and December, of June and December, or of December — on or
 * after `from` and before `today`, then today's value, last, which is
 * indicator_compute's. `from` is the indicator's baseline date; unset, the earliest
 * planned date of a milestone in scope (cancelled ones left out); on or after today:
 * today's point alone. Dates where the value is undefined are left out; at most the
 * latest 600 points. Only two formulas have a dated past:
 * - FORMULA_MILESTONES_DONE at t: the same denominator as today (the milestones in
 *   scope not cancelled), over the milestones reached with an actual date on or before
 *   t (one reached with no actual date counts from today's point only: its date is not
 *   known);
 * - FORMULA_ON_TIME at t: indicator_compute's rule with t for today — the milestones
 *   due by t (planned ≤ t, not cancelled), reached by their planned date.
 * Both read the milestones' current status: a milestone cancelled since is left out
 * of the past too (the change journal is not read). FORMULA_PROGRESS has its own
 * reconstruction (indicator_progress_series, below). The other formulas give 0 points:
 * budget lines carry a year, not a date, and imports of budget lines and baseline
 * changes are journalled as a whole, not line by line. Returns the number of points,
 * *out allocated in `a` (NULL when none); 0 too without `today`, when scope is not an
 * element of p, or for FORMULA_NONE. */
size_t indicator_compute_series(arena *a, indicator_formula f, const plan *p,
                                const plan_element *scope, const milestone *ms,
                                size_t ms_count, jalon_date from, jalon_date today,
                                indicator_frequency freq, indicator_point **out);

/* One change of an element's own progress, as the change journal records it (entity
 * "status", field "progress"): on `date`, from `before` to `after` (had_before /
 * has_after false: no progress set). */
typedef struct {
	const plan_element *element;
	jalon_date date;
	bool had_before, has_after;
	int before, after;
} progress_change;

/* FORMULA_PROGRESS's past, reconstructed from the change journal: at each date of the
 * series (the same period ends as indicator_compute_series, from `from` — unset: the
 * first change's date — then today), every element's own progress is the one its
 * changes say it had then (after its last change on or before that date; with none by
 * then, before its first later change; with no change at all, today's `statuses`), and
 * the plan is rolled up as steering_rollup does, weighted by today's budget lines (the
 * weights' own past is not known: see above). Today's point is today's roll-up. Dates
 * where the scope has no progress are left out. Returns the number of points, *out
 * from `a` (NULL when none); 0 without `today` or when scope is not an element of p. */
size_t indicator_progress_series(arena *a, const plan *p, const plan_element *scope,
                                 const element_status *statuses, size_t status_count,
                                 const budget_line *lines, size_t line_count,
                                 const progress_change *changes, size_t change_count,
                                 jalon_date from, jalon_date today, indicator_frequency freq,
                                 indicator_point **out);

#endif
