/*
 * steering.h — what owners report on elements and what the portfolio office rolls
 * up: weather, phase and progress, milestones, budget lines, risks, and baselines
 * (DOMAIN.md §4–§5). Pure data and computations: no I/O, no SQL.
 *
 * Roll-up rules (docs/steering.md says the same to users):
 * - budget: an element's figures are the sum of its own lines and those of every
 *   descendant, exact in cents, also split by year, nature and funding source;
 * - progress: an element's own progress when set; otherwise the mean of its
 *   children's rolled progress over the children that have one, weighted by their
 *   rolled planned budget when every one of them has a planned budget above zero,
 *   else by count; unset when no child has one;
 * - weather: the element's own when set; otherwise the worst rolled weather of its
 *   children (orage > nuage > soleil), unset when none is set;
 * - dates: the earliest start and latest end among the element and its descendants;
 * - milestones: counted over the element and its descendants; a milestone is late
 *   when it is not done (nor cancelled) and its forecast date, or today, is past its
 *   planned date;
 * - drift against a baseline (the State's panorama of major digital projects):
 *   schedule drift = (current duration − baseline duration) / baseline duration,
 *   duration = end − start in days, from rolled dates; budget drift = (current
 *   planned − baseline planned) / baseline planned, from rolled planned totals. Each
 *   is undefined when the baseline value is missing or zero, or the current one is
 *   missing. The portfolio mean is taken over the elements that carry data of their
 *   own (own dates for schedule, own budget lines for budget) and have both values,
 *   so that a project and its axis are not counted twice.
 */
#ifndef JALON_STEERING_H
#define JALON_STEERING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/plan.h"
#include "util/arena.h"
#include "util/date.h"

typedef enum {
	WEATHER_UNSET = 0, /* non renseigné */
	WEATHER_SUNNY,     /* soleil */
	WEATHER_CLOUDY,    /* nuage */
	WEATHER_STORMY,    /* orage */
	WEATHER_COUNT
} weather;             /* ordered: a larger value is worse */

typedef enum { NATURE_INVESTMENT, NATURE_OPERATING, NATURE_COUNT } budget_nature;

typedef enum {
	MILESTONE_PLANNED,   /* à venir */
	MILESTONE_DONE,      /* atteint */
	MILESTONE_CANCELLED, /* annulé */
	MILESTONE_STATUS_COUNT
} milestone_status;

typedef enum { RISK_OPEN, RISK_TREATED, RISK_CLOSED, RISK_STATUS_COUNT } risk_status;

/* Qualification for prioritisation (DOMAIN.md §2): nature and project type. */
typedef enum { PRIORITY_NATURE_UNSET = 0, PRIORITY_QUICK_WIN, PRIORITY_LONG_TERM,
	       PRIORITY_NATURE_COUNT } priority_nature;
typedef enum { PROJECT_TYPE_UNSET = 0, PROJECT_INFRASTRUCTURE, PROJECT_FLAGSHIP,
	       PROJECT_IMPROVEMENT, PROJECT_POOLING, PROJECT_TYPE_COUNT } project_type;

/* Keys (database, files, API) and French labels; parsers accept keys, labels and
 * English words whatever their case and accents ("Orage", "stormy"). */
const char *weather_key(weather w);          /* "non-renseigne", "soleil", "nuage", "orage" */
const char *weather_label(weather w);
bool weather_parse(const char *s, weather *out);
const char *budget_nature_key(budget_nature n); /* "investissement", "fonctionnement" */
const char *budget_nature_label(budget_nature n);
bool budget_nature_parse(const char *s, budget_nature *out); /* also "invest", "I", "F"… */
const char *milestone_status_key(milestone_status s); /* "a-venir", "atteint", "annule" */
const char *milestone_status_label(milestone_status s);
bool milestone_status_parse(const char *s, milestone_status *out);
const char *risk_status_key(risk_status s);   /* "ouvert", "en-traitement", "clos" */
const char *risk_status_label(risk_status s); /* "ouvert", "en traitement", "clos" */
bool risk_status_parse(const char *s, risk_status *out); /* also "open", "closed"… */
/* Unset has no key (NULL) and the label "non renseigné"; parse accepts "" as unset. */
const char *priority_nature_key(priority_nature n); /* "quick-win", "long-terme" */
const char *priority_nature_label(priority_nature n); /* "quick win", "long terme" */
bool priority_nature_parse(const char *s, priority_nature *out);
/* "infrastructure-territoriale", "projet-phare", "amelioration-service", "mutualisation" */
const char *project_type_key(project_type t);
/* "infrastructure territoriale", "projet phare", "amélioration d'un service existant",
 * "mutualisation entre établissements" */
const char *project_type_label(project_type t);
bool project_type_parse(const char *s, project_type *out);

typedef struct milestone_s {
	int64_t id;
	const plan_element *element;
	const char *title;
	jalon_date planned, forecast, actual; /* forecast and actual may be unset */
	milestone_status status;
	const char *deliverable;
	const char *validated_by;             /* committee */
	jalon_date validated_on;
	const char *minutes_ref;              /* minutes (PV) reference */
	int64_t version;                      /* for optimistic updates; 0 before saving */
	int source_line;
} milestone;

typedef struct {
	int64_t id;
	const plan_element *element;
	int year;
	budget_nature nature;
	const char *source;                   /* funding source, from the plan's list */
	int64_t planned_cents, committed_cents, paid_cents;
	int64_t version;                      /* for optimistic updates; 0 before saving */
	int source_line;
} budget_line;

/* A risk on an element: criticality = probability × impact (1..16), 0 when either
 * is not assessed. */
typedef struct {
	int64_t id;
	const plan_element *element;
	const char *description;
	int probability, impact;    /* 1..4; 0 when not assessed */
	const char *mitigation, *owner; /* may be NULL */
	risk_status status;
	int64_t version;
} element_risk;

int steering_risk_criticality(const element_risk *r);

/* The open (not closed) risks, most critical first (criticality, then probability,
 * then impact, then the order given; risks not assessed last, in the order given), at
 * most `limit` (0: all). Returns the count;
 * *out is from the arena. */
size_t steering_top_risks(arena *a, const element_risk *risks, size_t count, size_t limit,
                          const element_risk ***out);

/* A finish-to-start dependency: `to` cannot start before `from` is finished. */
typedef struct {
	const plan_element *from, *to;
} element_dependency;

/* The same between two milestones: `to` cannot be reached before `from` is. */
typedef struct {
	const struct milestone_s *from, *to;
} milestone_dependency;

/* An element's score on one of the plan's qualification criteria. */
typedef struct {
	const plan_element *element;
	const char *criterion;      /* as spelled in the plan's list */
	int score;                  /* 1..4 */
} element_score;

typedef struct {
	const plan_element *element;
	priority_nature nature;
	project_type type;
	int64_t version;
} element_qualification;

/* What an element carries of its own (all optional). */
typedef struct {
	const plan_element *element;
	bool has_progress;
	int progress_pct;                     /* 0..100 */
	weather weather;
	const char *phase;
} element_status;

/* A baseline's values for one element: rolled dates and rolled planned total when
 * the baseline was taken. */
typedef struct {
	const plan_element *element;
	jalon_date start, end;
	bool has_planned;
	int64_t planned_cents;
} baseline_entry;

/* Sums by one key (a year, a nature, a source). */
typedef struct {
	int year;                  /* for by-year sums */
	budget_nature nature;      /* for by-nature sums */
	const char *source;        /* for by-source sums */
	int64_t planned_cents, committed_cents, paid_cents;
} budget_sum;

typedef struct {
	int64_t planned_cents, committed_cents, paid_cents;
	bool has_budget;                       /* at least one line in the subtree */
	budget_sum *by_year;   size_t year_count;   /* ascending years */
	budget_sum *by_nature; size_t nature_count; /* investment, then operating */
	budget_sum *by_source; size_t source_count; /* in order of first appearance */
	bool has_progress;
	double progress_pct;
	weather weather;
	jalon_date start, end;
	size_t milestones, milestones_done, milestones_late;
	/* Against the baseline given to steering_rollup (if any): its rolled dates for
	 * this element (unset when the baseline has no entry for it), and the drifts. */
	jalon_date baseline_start, baseline_end;
	bool has_schedule_drift, has_budget_drift;
	double schedule_drift_pct, budget_drift_pct;
} element_rollup;

typedef struct {
	element_rollup *by_element;            /* indexed like plan->elements */
	element_rollup plan;                   /* the whole plan (all top-level trees) */
	/* Portfolio means (see the rules above), with how many elements they cover. */
	bool has_mean_schedule_drift, has_mean_budget_drift;
	double mean_schedule_drift_pct, mean_budget_drift_pct;
	size_t schedule_drift_count, budget_drift_count;
} plan_rollup;

/* Roll a linked plan up in one pass over its depth-first order (children before
 * parents, never one query or walk per element). statuses, milestones, lines and
 * baseline may be empty; baseline entries are matched to elements by pointer;
 * `today` decides lateness. Everything is allocated from the arena. */
void steering_rollup(arena *a, const plan *p, const element_status *statuses,
                     size_t status_count, const milestone *milestones,
                     size_t milestone_count, const budget_line *lines, size_t line_count,
                     const baseline_entry *baseline, size_t baseline_count, jalon_date today,
                     plan_rollup *out);

/* The lateness rule above, for one milestone (what the roll-up counts): not done nor
 * cancelled, with a planned date that its forecast, or `today` when set, has passed. */
bool steering_milestone_is_late(const milestone *m, jalon_date today);

/* The date a milestone is expected on: the actual date when set, else the forecast
 * when set, else the planned date. */
jalon_date steering_milestone_expected(const milestone *m);

/* A dependency whose dates break it (finish-to-start):
 * - between elements: the rolled start of `to` is before the rolled end of `from`
 *   (starting the day `from` ends is allowed); undecidable, so never reported, when
 *   either date is missing;
 * - between milestones: `to` is expected (steering_milestone_expected) before `from`
 *   is; cancelled milestones break nothing. */
typedef struct {
	const element_dependency *elements;    /* one of the two is set */
	const milestone_dependency *milestones;
	jalon_date from_date, to_date;         /* the two dates that conflict */
	int days;                              /* how many days `to` comes too early (> 0) */
} dependency_violation;

/* Every violated dependency, in the order given (element ones first). r is the plan's
 * roll-up (rolled dates). Returns the count; *out is from the arena. */
size_t steering_dependency_violations(arena *a, const plan *p, const plan_rollup *r,
                                      const element_dependency *deps, size_t dep_count,
                                      const milestone_dependency *mdeps, size_t mdep_count,
                                      dependency_violation **out);

/* Drift in percent, (current − baseline) / baseline × 100; false when undefined. */
bool steering_drift_pct(double current, double baseline, double *out);

#endif
