/*
 * indicator.c — indicators: enumerations, the expected path, the state of an
 * indicator at a date, and the indicators computed from steering data (indicator.h).
 *
 * The path is read without sorting or allocating: the value at a date comes from the
 * nearest point on or before it and the nearest on or after it, found in one scan
 * over the baseline and the targets. Likewise the latest and previous measurements
 * are found in two scans, whatever order the measurements come in.
 *
 * Comparisons between values (status, trend) allow a rounding slack of 1e-9 of the
 * larger magnitude (at least 1e-9): an interpolated 0,3 and a typed 0,3 may differ
 * in their last bit, and must not make an indicator "off track" with tolerance 0.
 */
#include "core/indicator.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/enum_table.h"
#include "util/i18n.h"

/* ---- enumerations ---------------------------------------------------------- */

static const enum_entry directions[DIRECTION_COUNT] = {
	[DIRECTION_UP] = {"hausse", N_("plus est mieux"),
	                  {"up", "higher", "increase", "plus", "+", "à la hausse", NULL}},
	[DIRECTION_DOWN] = {"baisse", N_("moins est mieux"),
	                    {"down", "lower", "decrease", "moins", "-", "\xe2\x88\x92", "à la baisse",
	                     NULL}},
	[DIRECTION_TARGET] = {"cible", N_("au plus près de la cible"),
	                      {"target", "close to target", "on target", "=", NULL}},
};

static const enum_entry frequencies[FREQUENCY_COUNT] = {
	[FREQUENCY_MONTHLY] = {"mensuelle", N_("mensuelle"),
	                       {"monthly", "month", "mensuel", "mois", NULL}},
	[FREQUENCY_QUARTERLY] = {"trimestrielle", N_("trimestrielle"),
	                         {"quarterly", "quarter", "trimestriel", "trimestre", NULL}},
	[FREQUENCY_HALF_YEARLY] = {"semestrielle", N_("semestrielle"),
	                           {"half-yearly", "half-year", "semiannual", "semestriel",
	                            "semestre", NULL}},
	[FREQUENCY_YEARLY] = {"annuelle", N_("annuelle"),
	                      {"yearly", "annual", "year", "annuel", "année", "an", NULL}},
};

static const enum_entry statuses[INDICATOR_STATUS_COUNT] = {
	[STATUS_NO_DATA] = {"no_data", N_("sans donnée"), {NULL}},
	[STATUS_ON_TRACK] = {"on_track", N_("en bonne voie"), {NULL}},
	[STATUS_AT_RISK] = {"at_risk", N_("à surveiller"), {NULL}},
	[STATUS_OFF_TRACK] = {"off_track", N_("hors trajectoire"), {NULL}},
};

static const char *const trend_labels[] = {
	[TREND_NONE] = N_("sans tendance"),
	[TREND_IMPROVING] = N_("en amélioration"),
	[TREND_STEADY] = N_("stable"),
	[TREND_WORSENING] = N_("en dégradation"),
};

/* FORMULA_NONE has no key: it is parsed from its label, its aliases or "". */
static const enum_entry formulas[FORMULA_COUNT] = {
	[FORMULA_NONE] = {NULL, N_("saisie manuelle"),
	                  {"aucune", "none", "saisi", "manuel", "manual", "mesure", NULL}},
	[FORMULA_PROGRESS] = {"avancement", N_("taux d'avancement"), {"progress", NULL}},
	[FORMULA_MILESTONES_DONE] = {"jalons-atteints", N_("jalons atteints / prévus"),
	                             {"milestones-done", "jalons atteints sur prévus", NULL}},
	[FORMULA_ON_TIME] = {"respect-delais", N_("respect des délais"),
	                     {"on-time", "respect des délais", NULL}},
	[FORMULA_BUDGET_PAID] = {"respect-budget", N_("taux de respect du budget"),
	                         {"budget-paid", "respect du budget", NULL}},
	[FORMULA_PROJECTS_IN_BUDGET] = {"projets-dans-budget", N_("part des projets dans leur budget"),
	                                {"projects-in-budget", "projets dans leur budget", NULL}},
	[FORMULA_SCHEDULE_DRIFT] = {"ecart-calendaire", N_("écart calendaire moyen"),
	                            {"schedule-drift", NULL}},
	[FORMULA_BUDGET_DRIFT] = {"ecart-budgetaire", N_("écart budgétaire moyen"),
	                          {"budget-drift", NULL}},
};

const char *indicator_direction_key(indicator_direction d)
{
	return directions[d < DIRECTION_COUNT ? d : DIRECTION_UP].key;
}

const char *indicator_direction_label(indicator_direction d)
{
	return _(directions[d < DIRECTION_COUNT ? d : DIRECTION_UP].label);
}

bool indicator_direction_parse(const char *s, indicator_direction *out)
{
	int i;
	if (!enum_table_parse(directions, DIRECTION_COUNT, s, &i))
		return false;
	*out = (indicator_direction)i;
	return true;
}

const char *indicator_frequency_key(indicator_frequency f)
{
	return frequencies[f < FREQUENCY_COUNT ? f : FREQUENCY_MONTHLY].key;
}

const char *indicator_frequency_label(indicator_frequency f)
{
	return _(frequencies[f < FREQUENCY_COUNT ? f : FREQUENCY_MONTHLY].label);
}

bool indicator_frequency_parse(const char *s, indicator_frequency *out)
{
	int i;
	if (!enum_table_parse(frequencies, FREQUENCY_COUNT, s, &i))
		return false;
	*out = (indicator_frequency)i;
	return true;
}

const char *indicator_status_key(indicator_status s)
{
	return statuses[s < INDICATOR_STATUS_COUNT ? s : STATUS_NO_DATA].key;
}

const char *indicator_status_label(indicator_status s)
{
	return _(statuses[s < INDICATOR_STATUS_COUNT ? s : STATUS_NO_DATA].label);
}

const char *indicator_trend_label(indicator_trend t)
{
	return _(trend_labels[t <= TREND_WORSENING ? t : TREND_NONE]);
}

const char *indicator_formula_key(indicator_formula f)
{
	return f < FORMULA_COUNT ? formulas[f].key : NULL;
}

const char *indicator_formula_label(indicator_formula f)
{
	return _(formulas[f < FORMULA_COUNT ? f : FORMULA_NONE].label);
}

bool indicator_formula_parse(const char *s, indicator_formula *out)
{
	int i;
	if (s && !*s) {
		*out = FORMULA_NONE;
		return true;
	}
	if (!enum_table_parse(formulas, FORMULA_COUNT, s, &i))
		return false;
	*out = (indicator_formula)i;
	return true;
}

const char *indicator_formula_unit(indicator_formula f)
{
	return f > FORMULA_NONE && f < FORMULA_COUNT ? "%" : NULL;
}

/* Plain data, not messages: a plan's list is its users' own words once created. */
const char *const indicator_default_families[] = {
	"suivi de projet",
	"performance opérationnelle",
	"financier",
	"adoption et satisfaction",
	"sécurité et conformité",
	"environnement",
};
const size_t indicator_default_family_count =
	sizeof(indicator_default_families) / sizeof(*indicator_default_families);

/* ---- the expected path --------------------------------------------------------- */

/* Rounding slack for comparing values of these magnitudes (see the top). */
static double slack(double a, double b)
{
	double m = fmax(1.0, fmax(fabs(a), fabs(b)));
	return 1e-9 * m;
}

/* The path's points, in scanning order: the baseline (when dated), then the targets
 * in the order given. A later point of the same date replaces an earlier one, so a
 * target on the baseline's date wins. */
static bool point_usable(const indicator_point *pt)
{
	return date_is_set(pt->date) && isfinite(pt->value);
}

/* The last point of the path (latest date), or NULL without any. */
static const indicator_point *last_point(const indicator *ind)
{
	const indicator_point *last = NULL;
	if (ind->has_baseline && point_usable(&ind->baseline))
		last = &ind->baseline;
	for (size_t i = 0; i < ind->target_count; i++) {
		const indicator_point *t = &ind->targets[i];
		if (point_usable(t) && (!last || date_compare(t->date, last->date) >= 0))
			last = t;
	}
	return last;
}

bool indicator_expected(const indicator *ind, jalon_date at, double *out)
{
	if (!ind || !date_is_set(at))
		return false;
	const indicator_point *before = NULL, *after = NULL; /* on or before, on or after */
	size_t n = ind->target_count + 1;
	for (size_t k = 0; k < n; k++) {
		const indicator_point *pt = k == 0 ? (ind->has_baseline ? &ind->baseline : NULL)
		                                   : &ind->targets[k - 1];
		if (!pt || !point_usable(pt))
			continue;
		int c = date_compare(pt->date, at);
		if (c <= 0 && (!before || date_compare(pt->date, before->date) >= 0))
			before = pt;
		if (c >= 0 && (!after || date_compare(pt->date, after->date) <= 0))
			after = pt;
	}
	if (!before && !after)
		return false;
	double v;
	if (!after)
		v = before->value; /* after the last point: flat */
	else if (!before)
		v = after->value;  /* before the first point: flat */
	else if (date_compare(before->date, after->date) == 0)
		v = after->value;  /* on a point */
	else {
		double span = (double)(date_to_days(after->date) - date_to_days(before->date));
		double elapsed = (double)(date_to_days(at) - date_to_days(before->date));
		v = before->value + (after->value - before->value) * elapsed / span;
	}
	if (out)
		*out = v;
	return true;
}

/* ---- the state of an indicator -------------------------------------------------- */

/* Is a entered after b? The larger id; one not saved yet (id 0) after any saved one;
 * then the later in the array (ia, ib: their indexes). */
static bool entered_after(const measurement *a, size_t ia, const measurement *b, size_t ib)
{
	if (a->id != b->id) {
		if (a->id == 0 || b->id == 0)
			return a->id == 0;
		return a->id > b->id;
	}
	return ia > ib;
}

/* The measurement of ind at the latest date strictly before `before` (any date when
 * unset), the last entered among those of that date; SIZE_MAX when none. */
static size_t find_latest(const indicator *ind, const measurement *ms, size_t count,
                          jalon_date before)
{
	size_t best = SIZE_MAX;
	for (size_t i = 0; i < count; i++) {
		const measurement *m = &ms[i];
		if (m->indicator != ind || !date_is_set(m->date) || !isfinite(m->value))
			continue;
		if (date_is_set(before) && date_compare(m->date, before) >= 0)
			continue;
		if (best == SIZE_MAX) {
			best = i;
			continue;
		}
		int c = date_compare(m->date, ms[best].date);
		if (c > 0 || (c == 0 && entered_after(m, i, &ms[best], best)))
			best = i;
	}
	return best;
}

/* Months in one period of a frequency. */
static int period_months(indicator_frequency f)
{
	switch (f) {
	case FREQUENCY_MONTHLY: return 1;
	case FREQUENCY_QUARTERLY: return 3;
	case FREQUENCY_HALF_YEARLY: return 6;
	default: return 12;
	}
}

/* d plus `months` months, the day kept unless the month is shorter (31 January plus
 * one month is the last day of February). */
static jalon_date add_months(jalon_date d, int months)
{
	int m = d.year * 12 + (d.month - 1) + months;
	jalon_date r = {m / 12, m % 12 + 1, d.day};
	int last = date_days_in_month(r.year, r.month);
	if (r.day > last)
		r.day = last;
	return r;
}

/* How far v falls short of the expected e (negative: ahead). */
static double shortfall_of(indicator_direction d, double v, double e)
{
	switch (d) {
	case DIRECTION_DOWN: return v - e;
	case DIRECTION_TARGET: return fabs(v - e);
	default: return e - v;
	}
}

void indicator_evaluate(const indicator *ind, const measurement *measurements, size_t count,
                        jalon_date today, indicator_state *out)
{
	memset(out, 0, sizeof(*out));
	out->status = STATUS_NO_DATA;
	out->trend = TREND_NONE;
	out->next_due = DATE_NONE;
	if (!ind)
		return;
	out->has_expected_today = indicator_expected(ind, today, &out->expected_today);

	size_t li = find_latest(ind, measurements, count, DATE_NONE);
	if (li != SIZE_MAX) {
		const measurement *latest = &measurements[li];
		out->has_latest = true;
		out->latest = (indicator_point){latest->date, latest->value};
		size_t pi = find_latest(ind, measurements, count, latest->date);
		if (pi != SIZE_MAX) {
			out->has_previous = true;
			out->previous = (indicator_point){measurements[pi].date, measurements[pi].value};
		}
		out->has_expected_at_latest =
			indicator_expected(ind, latest->date, &out->expected_at_latest);
	}

	/* Status. */
	if (out->has_latest && out->has_expected_at_latest) {
		double v = out->latest.value, e = out->expected_at_latest;
		double tolerance = isfinite(ind->tolerance) && ind->tolerance > 0 ? ind->tolerance : 0;
		double eps = slack(v, e);
		out->shortfall = shortfall_of(ind->direction, v, e);
		if (out->shortfall <= tolerance + eps)
			out->status = STATUS_ON_TRACK;
		else if (out->shortfall <= 2 * tolerance + eps)
			out->status = STATUS_AT_RISK;
		else
			out->status = STATUS_OFF_TRACK;
	}

	/* Trend. */
	if (out->has_latest && out->has_previous) {
		double v = out->latest.value, w = out->previous.value;
		double gain; /* > 0: better */
		bool known = true;
		if (ind->direction == DIRECTION_DOWN) {
			gain = w - v;
		} else if (ind->direction == DIRECTION_TARGET) {
			const indicator_point *goal = last_point(ind);
			known = goal != NULL;
			gain = known ? fabs(w - goal->value) - fabs(v - goal->value) : 0;
		} else {
			gain = v - w;
		}
		if (known) {
			double eps = slack(v, w);
			out->trend = gain > eps ? TREND_IMPROVING : gain < -eps ? TREND_WORSENING : TREND_STEADY;
		}
	}

	/* When the next measurement is expected. */
	jalon_date reference = DATE_NONE;
	if (out->has_latest)
		reference = out->latest.date;
	else if (ind->has_baseline && date_is_set(ind->baseline.date))
		reference = ind->baseline.date;
	if (date_is_set(reference)) {
		out->next_due = add_months(reference, period_months(ind->frequency));
		out->update_due = date_is_set(today) && date_compare(today, out->next_due) > 0;
	}
}

/* ---- computed indicators ---------------------------------------------------------- */

/* The index of e in p->elements, or SIZE_MAX when e is not one of them (checked as
 * an address first, as in steering.c: inputs may name an element of another load). */
static size_t element_index(const plan *p, const plan_element *e)
{
	if (!e || !p->element_count)
		return SIZE_MAX;
	uintptr_t base = (uintptr_t)p->elements, at = (uintptr_t)e;
	if (at < base || (at - base) % sizeof(*e) != 0 ||
	    (at - base) / sizeof(*e) >= p->element_count)
		return SIZE_MAX;
	return (size_t)(e - p->elements);
}

/* Which elements are in scope, indexed like p->elements: all of them for the whole
 * plan (NULL returned: everything is), else the element and its descendants — the
 * run that follows it in depth-first order while the depth is greater than its own.
 * The caller frees the result. */
typedef struct {
	bool all;
	bool *in;
} scope_set;

static scope_set scope_of(const plan *p, size_t si)
{
	scope_set s = {.all = si == SIZE_MAX, .in = NULL};
	if (s.all)
		return s;
	s.in = calloc(p->element_count, sizeof(*s.in));
	if (!s.in)
		abort(); /* as arena_alloc: out of memory is not a recoverable state */
	const plan_element *scope = &p->elements[si];
	size_t k = 0;
	while (p->ordered && k < p->element_count && p->ordered[k] != scope)
		k++;
	if (!p->ordered || k == p->element_count) { /* not linked: the element alone */
		s.in[si] = true;
		return s;
	}
	s.in[si] = true;
	for (k++; k < p->element_count && p->ordered[k]->depth > scope->depth; k++)
		s.in[p->ordered[k] - p->elements] = true;
	return s;
}

static bool in_scope(const plan *p, const scope_set *s, const plan_element *e)
{
	size_t i = element_index(p, e);
	return i != SIZE_MAX && (s->all || s->in[i]);
}

static int64_t add_saturating(int64_t a, int64_t b)
{
	int64_t r;
	if (__builtin_add_overflow(a, b, &r))
		return b > 0 ? INT64_MAX : INT64_MIN;
	return r;
}

static bool percent(size_t part, size_t whole, double *out)
{
	if (!whole)
		return false;
	*out = (double)part * 100.0 / (double)whole;
	return true;
}

static bool milestones_done(const plan *p, const scope_set *s, const milestone *ms,
                            size_t count, double *out)
{
	size_t planned = 0, done = 0;
	for (size_t i = 0; i < count; i++) {
		if (ms[i].status == MILESTONE_CANCELLED || !in_scope(p, s, ms[i].element))
			continue;
		planned++;
		done += ms[i].status == MILESTONE_DONE;
	}
	return percent(done, planned, out);
}

static bool milestones_on_time(const plan *p, const scope_set *s, const milestone *ms,
                               size_t count, jalon_date today, double *out)
{
	if (!date_is_set(today))
		return false;
	size_t due = 0, on_time = 0;
	for (size_t i = 0; i < count; i++) {
		const milestone *m = &ms[i];
		if (m->status == MILESTONE_CANCELLED || !date_is_set(m->planned) ||
		    date_compare(m->planned, today) > 0 || !in_scope(p, s, m->element))
			continue;
		due++;
		/* Reached with no actual date: not late by the roll-up's rule, so on time. */
		if (m->status == MILESTONE_DONE &&
		    (!date_is_set(m->actual) || date_compare(m->actual, m->planned) <= 0))
			on_time++;
	}
	return percent(on_time, due, out);
}

static bool projects_in_budget(const plan *p, const scope_set *s, const budget_line *lines,
                               size_t count, double *out)
{
	size_t n = p->element_count;
	typedef struct {
		bool has;
		int64_t planned, committed;
	} own_total;
	own_total *own = calloc(n ? n : 1, sizeof(*own));
	if (!own)
		abort();
	for (size_t k = 0; k < count; k++) {
		const budget_line *l = &lines[k];
		size_t i = element_index(p, l->element);
		if (i == SIZE_MAX || (unsigned)l->nature >= NATURE_COUNT || !(s->all || s->in[i]))
			continue;
		own[i].has = true;
		own[i].planned = add_saturating(own[i].planned, l->planned_cents);
		own[i].committed = add_saturating(own[i].committed, l->committed_cents);
	}
	size_t projects = 0, within = 0;
	for (size_t i = 0; i < n; i++) {
		if (!own[i].has)
			continue;
		projects++;
		within += own[i].committed <= own[i].planned;
	}
	free(own);
	return percent(within, projects, out);
}

bool indicator_compute(indicator_formula f, const plan *p, const plan_element *scope,
                       const plan_rollup *r, const milestone *milestones,
                       size_t milestone_count, const budget_line *lines, size_t line_count,
                       jalon_date today, double *out)
{
	if (!p || f <= FORMULA_NONE || f >= FORMULA_COUNT)
		return false;
	size_t si = SIZE_MAX;
	if (scope && (si = element_index(p, scope)) == SIZE_MAX)
		return false;
	const element_rollup *er = !r ? NULL : scope ? &r->by_element[si] : &r->plan;
	double v = 0;
	bool ok = false;
	switch (f) {
	case FORMULA_PROGRESS:
		if ((ok = er && er->has_progress))
			v = er->progress_pct;
		break;
	case FORMULA_BUDGET_PAID:
		if ((ok = er && er->has_budget && er->planned_cents > 0))
			v = (double)er->paid_cents * 100.0 / (double)er->planned_cents;
		break;
	case FORMULA_SCHEDULE_DRIFT:
		if (scope && (ok = er && er->has_schedule_drift))
			v = er->schedule_drift_pct;
		else if (!scope && (ok = r && r->has_mean_schedule_drift))
			v = r->mean_schedule_drift_pct;
		break;
	case FORMULA_BUDGET_DRIFT:
		if (scope && (ok = er && er->has_budget_drift))
			v = er->budget_drift_pct;
		else if (!scope && (ok = r && r->has_mean_budget_drift))
			v = r->mean_budget_drift_pct;
		break;
	default: {
		scope_set s = scope_of(p, si);
		if (f == FORMULA_MILESTONES_DONE)
			ok = milestones_done(p, &s, milestones, milestone_count, &v);
		else if (f == FORMULA_ON_TIME)
			ok = milestones_on_time(p, &s, milestones, milestone_count, today, &v);
		else
			ok = projects_in_budget(p, &s, lines, line_count, &v);
		free(s.in);
		break;
	}
	}
	if (ok && out)
		*out = v;
	return ok;
}

/* ---- a computed indicator's past values ------------------------------------------- */

/* At most this many points: the latest ones (50 years of months). */
#define SERIES_MAX_POINTS 600

/* Reached by `t` as far as the data tells: reached with an actual date on or before t. */
static bool reached_by(const milestone *m, jalon_date t)
{
	return m->status == MILESTONE_DONE && date_is_set(m->actual) &&
	       date_compare(m->actual, t) <= 0;
}

/* The period ends of `freq` on or after `from` and before today — the last days of
 * the months whose number is a multiple of the period's length — then today, last:
 * the dates of a computed indicator's series, at most SERIES_MAX_POINTS (the latest).
 * Without `from`, or from today on: today alone. Returns the count, *out from `a`. */
static size_t series_dates(arena *a, jalon_date from, jalon_date today, indicator_frequency freq,
                           jalon_date **out)
{
	int pm = period_months(freq);
	int64_t first = 0, ends = 0;
	if (date_is_set(from) && date_compare(from, today) < 0) {
		int64_t fm = (int64_t)from.year * 12 + (from.month - 1);
		int64_t tm = (int64_t)today.year * 12 + (today.month - 1);
		first = (fm + 1 + pm - 1) / pm * pm - 1;
		int64_t last = (tm + 1) / pm * pm - 1; /* the last period end up to today's month */
		if (last >= first) {
			ends = (last - first) / pm + 1;
			jalon_date e = {(int)(last / 12), (int)(last % 12) + 1, 0};
			e.day = date_days_in_month(e.year, e.month);
			if (date_compare(e, today) >= 0) /* today's month's end: today's point */
				ends--;
		}
		if (ends > SERIES_MAX_POINTS - 1) {
			first += (ends - (SERIES_MAX_POINTS - 1)) * pm;
			ends = SERIES_MAX_POINTS - 1;
		}
	}
	jalon_date *dates = arena_alloc(a, (size_t)(ends + 1) * sizeof(*dates));
	for (int64_t k = 0; k < ends; k++) {
		int64_t mi = first + k * pm;
		dates[k] = (jalon_date){(int)(mi / 12), (int)(mi % 12) + 1, 0};
		dates[k].day = date_days_in_month(dates[k].year, dates[k].month);
	}
	dates[ends] = today;
	*out = dates;
	return (size_t)ends + 1;
}

size_t indicator_compute_series(arena *a, indicator_formula f, const plan *p,
                                const plan_element *scope, const milestone *ms,
                                size_t ms_count, jalon_date from, jalon_date today,
                                indicator_frequency freq, indicator_point **out)
{
	if (out)
		*out = NULL;
	if (!a || !p || !out || !date_is_set(today) ||
	    (f != FORMULA_MILESTONES_DONE && f != FORMULA_ON_TIME))
		return 0;
	size_t si = SIZE_MAX;
	if (scope && (si = element_index(p, scope)) == SIZE_MAX)
		return 0;
	scope_set s = scope_of(p, si);
	if (!date_is_set(from)) /* the earliest planned date of a milestone in scope */
		for (size_t i = 0; i < ms_count; i++)
			if (ms[i].status != MILESTONE_CANCELLED && date_is_set(ms[i].planned) &&
			    in_scope(p, &s, ms[i].element) &&
			    (!date_is_set(from) || date_compare(ms[i].planned, from) < 0))
				from = ms[i].planned;

	jalon_date *dates;
	size_t count = series_dates(a, from, today, freq, &dates);
	indicator_point *pts = arena_alloc(a, count * sizeof(*pts));
	size_t n = 0;
	for (size_t k = 0; k < count; k++) {
		jalon_date t = dates[k];
		bool now = k + 1 == count;
		size_t whole = 0, part = 0;
		for (size_t i = 0; i < ms_count; i++) {
			const milestone *m = &ms[i];
			if (m->status == MILESTONE_CANCELLED || !in_scope(p, &s, m->element))
				continue;
			if (f == FORMULA_MILESTONES_DONE) {
				whole++;
				/* Today: as indicator_compute, whatever the actual date. */
				part += now ? m->status == MILESTONE_DONE : reached_by(m, t);
			} else if (date_is_set(m->planned) && date_compare(m->planned, t) <= 0) {
				whole++;
				part += m->status == MILESTONE_DONE &&
				        (!date_is_set(m->actual) ||
				         date_compare(m->actual, m->planned) <= 0);
			}
		}
		if (percent(part, whole, &pts[n].value))
			pts[n++].date = t;
	}
	free(s.in);
	*out = n ? pts : NULL;
	return n;
}

/* Order of progress changes: by date, then as given (stable through the index). */
static int progress_change_order(const void *x, const void *y)
{
	const progress_change *a = *(const progress_change *const *)x;
	const progress_change *b = *(const progress_change *const *)y;
	int c = date_compare(a->date, b->date);
	return c ? c : (a < b ? -1 : a > b);
}

size_t indicator_progress_series(arena *a, const plan *p, const plan_element *scope,
                                 const element_status *own, size_t own_count,
                                 const budget_line *lines, size_t line_count,
                                 const progress_change *changes, size_t change_count,
                                 jalon_date from, jalon_date today, indicator_frequency freq,
                                 indicator_point **out)
{
	if (out)
		*out = NULL;
	if (!a || !p || !out || !date_is_set(today))
		return 0;
	size_t si = SIZE_MAX;
	if (scope && (si = element_index(p, scope)) == SIZE_MAX)
		return 0;

	/* The changes by date, and each element's own status, one slot per element (the
	 * roll-up reads statuses by element). */
	const progress_change **order = arena_alloc(a, (change_count + 1) * sizeof(*order));
	size_t known = 0;
	for (size_t i = 0; i < change_count; i++)
		if (changes[i].element && date_is_set(changes[i].date) &&
		    element_index(p, changes[i].element) != SIZE_MAX)
			order[known++] = &changes[i];
	qsort(order, known, sizeof(*order), progress_change_order);
	if (!date_is_set(from) && known)
		from = order[0]->date;

	size_t n_el = p->element_count;
	element_status *now = arena_alloc(a, (n_el + 1) * sizeof(*now));
	for (size_t k = 0; k < n_el; k++)
		now[k] = (element_status){.element = &p->elements[k]};
	for (size_t i = 0; i < own_count; i++) {
		size_t k = own[i].element ? element_index(p, own[i].element) : SIZE_MAX;
		if (k != SIZE_MAX)
			now[k] = own[i];
	}
	element_status *at = arena_alloc(a, (n_el + 1) * sizeof(*at));

	jalon_date *dates;
	size_t count = series_dates(a, from, today, freq, &dates);
	indicator_point *pts = arena_alloc(a, count * sizeof(*pts));
	size_t n = 0;
	for (size_t k = 0; k < count; k++) {
		jalon_date t = dates[k];
		memcpy(at, now, n_el * sizeof(*at));
		if (k + 1 < count) {
			/* An element's progress at t: after its last change on or before t; with
			 * none by then, before its first change after t; with no change, today's.
			 * Walking the changes newest first, the last assignment wins. */
			for (size_t i = known; i-- > 0;) {
				const progress_change *c = order[i];
				size_t e = element_index(p, c->element);
				bool later = date_compare(c->date, t) > 0;
				if (later) {
					at[e].has_progress = c->had_before;
					at[e].progress_pct = c->before;
				}
			}
			for (size_t i = 0; i < known; i++) {
				const progress_change *c = order[i];
				if (date_compare(c->date, t) > 0)
					break;
				size_t e = element_index(p, c->element);
				at[e].has_progress = c->has_after;
				at[e].progress_pct = c->after;
			}
		}
		plan_rollup r;
		steering_rollup(a, p, at, n_el, NULL, 0, lines, line_count, NULL, 0, t, &r);
		const element_rollup *er = scope ? &r.by_element[si] : &r.plan;
		if (er->has_progress) {
			pts[n].date = t;
			pts[n++].value = er->progress_pct;
		}
	}
	*out = n ? pts : NULL;
	return n;
}
