/*
 * steering.c — the steering enumerations and the portfolio roll-up (steering.h).
 *
 * steering_rollup() visits a linked plan once, in reverse depth-first order, so that
 * every child is finished before its parent reads it: each element combines its own
 * data (lines, milestones, status, dates) with its children's rolled figures, and the
 * plan itself combines its roots the same way. Before that walk, one linear pass over
 * each input array files it under its element, found by pointer arithmetic.
 *
 * Choices where steering.h leaves room (docs/steering.md should say the same):
 * - Inputs naming no element of this plan (NULL, or an element from another load, e.g.
 *   a baseline entry for an element deleted since) are ignored, as are budget lines
 *   whose nature is out of range: the parsers never produce one, and a line counted
 *   in the totals but in no by-nature sum would break totals = Σ by-nature.
 *   When two statuses or two baseline entries name the same element, the last wins.
 * - Money sums saturate at INT64_MIN/INT64_MAX instead of wrapping: 2^63 cents is far
 *   beyond any budget, and a pinned figure is safer in a report than a wrapped one or
 *   an abort in the server.
 * - Budget comes only from budget lines; plan_element.budget_cents (the imported
 *   plan's own figure) is not part of the roll-up.
 * - by_nature lists only the natures that occur (investment before operating); like
 *   by_year and by_source it never holds an empty entry. by_source follows the order
 *   in which sources first appear in the `lines` array, the same order for every
 *   element; sources are compared as strings, and a NULL source is its own group.
 * - Progress weights: "a planned budget above zero" is the child's rolled planned
 *   total, so a child with no line or with lines summing to zero forces count
 *   weighting; children without progress are left out entirely and do not force it.
 * - Milestones: `milestones` counts every one, cancelled included; a milestone
 *   without a planned date is never late; an unset `today` leaves only the forecast
 *   to decide.
 * - Dates: an element's rolled start and end are taken separately (an element with a
 *   start only still gives its start).
 * - Drift: a duration or baseline figure that is negative is treated like a missing
 *   one (undefined drift), as is a zero baseline. A current duration of zero or a
 *   current planned total of zero is defined (−100 %).
 * - Portfolio means: "own dates" means both the element's own start and own end are
 *   set; "own budget lines" means at least one line names the element itself.
 * - The plan-level roll-up combines the roots as if they were the children of an
 *   element without data of its own (progress, weather, dates, milestones, budget).
 *   Its drift compares it with the baseline entries of the current roots: schedule
 *   drift from the plan's rolled start and end against the earliest baseline start
 *   and latest baseline end among those entries; budget drift from the plan's planned
 *   total against the sum of those entries' planned totals (defined when at least one
 *   has one). A root added after the baseline therefore shows as drift of the plan
 *   (new scope costs money), while a root deleted since is no longer seen: its
 *   baseline entry no longer names an element of the plan.
 */
#include "core/steering.h"

#include <assert.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/enum_table.h"
#include "util/i18n.h"
#include "util/text.h"

/* ---- enumerations ---------------------------------------------------------- */

static const enum_entry weathers[WEATHER_COUNT] = {
	[WEATHER_UNSET] = {"non-renseigne", N_("non renseigné"), {"unset", "none", NULL}},
	[WEATHER_SUNNY] = {"soleil", N_("soleil"), {"sunny", "sun", "ensoleille", NULL}},
	[WEATHER_CLOUDY] = {"nuage", N_("nuage"), {"cloudy", "cloud", "nuageux", NULL}},
	[WEATHER_STORMY] = {"orage", N_("orage"), {"stormy", "storm", "orageux", NULL}},
};

static const enum_entry natures[NATURE_COUNT] = {
	[NATURE_INVESTMENT] = {"investissement", N_("investissement"),
	                       {"investment", "invest", "inv", "I", NULL}},
	[NATURE_OPERATING] = {"fonctionnement", N_("fonctionnement"),
	                      {"operating", "fonct", "F", NULL}},
};

static const enum_entry milestone_statuses[MILESTONE_STATUS_COUNT] = {
	[MILESTONE_PLANNED] = {"a-venir", N_("à venir"), {"planned", "upcoming", "prévu", NULL}},
	[MILESTONE_DONE] = {"atteint", N_("atteint"), {"done", "reached", "réalisé", NULL}},
	[MILESTONE_CANCELLED] = {"annule", N_("annulé"), {"cancelled", "canceled", NULL}},
};

const char *weather_key(weather w)
{
	return weathers[w < WEATHER_COUNT ? w : WEATHER_UNSET].key;
}

const char *weather_label(weather w)
{
	return _(weathers[w < WEATHER_COUNT ? w : WEATHER_UNSET].label);
}

bool weather_parse(const char *s, weather *out)
{
	int i;
	if (!enum_table_parse(weathers, WEATHER_COUNT, s, &i))
		return false;
	*out = (weather)i;
	return true;
}

const char *budget_nature_key(budget_nature n)
{
	return natures[n < NATURE_COUNT ? n : NATURE_INVESTMENT].key;
}

const char *budget_nature_label(budget_nature n)
{
	return _(natures[n < NATURE_COUNT ? n : NATURE_INVESTMENT].label);
}

bool budget_nature_parse(const char *s, budget_nature *out)
{
	int i;
	if (!enum_table_parse(natures, NATURE_COUNT, s, &i))
		return false;
	*out = (budget_nature)i;
	return true;
}

const char *milestone_status_key(milestone_status s)
{
	return milestone_statuses[s < MILESTONE_STATUS_COUNT ? s : MILESTONE_PLANNED].key;
}

const char *milestone_status_label(milestone_status s)
{
	return _(milestone_statuses[s < MILESTONE_STATUS_COUNT ? s : MILESTONE_PLANNED].label);
}

bool milestone_status_parse(const char *s, milestone_status *out)
{
	int i;
	if (!enum_table_parse(milestone_statuses, MILESTONE_STATUS_COUNT, s, &i))
		return false;
	*out = (milestone_status)i;
	return true;
}

static const enum_entry risk_statuses[RISK_STATUS_COUNT] = {
	[RISK_OPEN] = {"ouvert", N_("ouvert"), {"open", "actif", "active", NULL}},
	[RISK_TREATED] = {"en-traitement", N_("en traitement"),
	                  {"traite", "mitigated", "in progress", "surveille", NULL}},
	[RISK_CLOSED] = {"clos", N_("clos"), {"closed", "ferme", "cloture", NULL}},
};

/* Index 0 is "unset": no key, parsed from an empty text. */
static const enum_entry priority_natures[PRIORITY_NATURE_COUNT] = {
	[PRIORITY_NATURE_UNSET] = {"non-renseigne", N_("non renseigné"), {NULL}},
	[PRIORITY_QUICK_WIN] = {"quick-win", N_("quick win"), {"gain rapide", "qw", NULL}},
	[PRIORITY_LONG_TERM] = {"long-terme", N_("long terme"), {"long term", "lt", NULL}},
};

static const enum_entry project_types[PROJECT_TYPE_COUNT] = {
	[PROJECT_TYPE_UNSET] = {"non-renseigne", N_("non renseigné"), {NULL}},
	[PROJECT_INFRASTRUCTURE] = {"infrastructure-territoriale", N_("infrastructure territoriale"),
	                            {"infrastructure", "territorial infrastructure", NULL}},
	[PROJECT_FLAGSHIP] = {"projet-phare", N_("projet phare"), {"phare", "flagship", NULL}},
	[PROJECT_IMPROVEMENT] = {"amelioration-service", N_("amélioration d'un service existant"),
	                         {"amelioration", "improvement", NULL}},
	[PROJECT_POOLING] = {"mutualisation", N_("mutualisation entre établissements"),
	                     {"pooling", NULL}},
};

const char *risk_status_key(risk_status s)
{
	return risk_statuses[s < RISK_STATUS_COUNT ? s : RISK_OPEN].key;
}

const char *risk_status_label(risk_status s)
{
	return _(risk_statuses[s < RISK_STATUS_COUNT ? s : RISK_OPEN].label);
}

bool risk_status_parse(const char *s, risk_status *out)
{
	int i;
	if (!enum_table_parse(risk_statuses, RISK_STATUS_COUNT, s, &i))
		return false;
	*out = (risk_status)i;
	return true;
}

const char *priority_nature_key(priority_nature n)
{
	return n > PRIORITY_NATURE_UNSET && n < PRIORITY_NATURE_COUNT ? priority_natures[n].key : NULL;
}

const char *priority_nature_label(priority_nature n)
{
	return _(priority_natures[n < PRIORITY_NATURE_COUNT ? n : PRIORITY_NATURE_UNSET].label);
}

bool priority_nature_parse(const char *s, priority_nature *out)
{
	int i;
	if (s && !*s) {
		*out = PRIORITY_NATURE_UNSET;
		return true;
	}
	if (!enum_table_parse(priority_natures, PRIORITY_NATURE_COUNT, s, &i))
		return false;
	*out = (priority_nature)i;
	return true;
}

const char *project_type_key(project_type t)
{
	return t > PROJECT_TYPE_UNSET && t < PROJECT_TYPE_COUNT ? project_types[t].key : NULL;
}

const char *project_type_label(project_type t)
{
	return _(project_types[t < PROJECT_TYPE_COUNT ? t : PROJECT_TYPE_UNSET].label);
}

bool project_type_parse(const char *s, project_type *out)
{
	int i;
	if (s && !*s) {
		*out = PROJECT_TYPE_UNSET;
		return true;
	}
	if (!enum_table_parse(project_types, PROJECT_TYPE_COUNT, s, &i))
		return false;
	*out = (project_type)i;
	return true;
}

/* ---- risks ------------------------------------------------------------------- */

int steering_risk_criticality(const element_risk *r)
{
	if (r->probability < 1 || r->probability > 4 || r->impact < 1 || r->impact > 4)
		return 0;
	return r->probability * r->impact;
}

static int risk_rank_compare(const void *pa, const void *pb)
{
	const element_risk *a = *(const element_risk *const *)pa, *b = *(const element_risk *const *)pb;
	int ca = steering_risk_criticality(a), cb = steering_risk_criticality(b);
	if (ca != cb)
		return ca > cb ? -1 : 1;
	if (ca == 0) /* neither assessed: their figures mean nothing, keep the plan's order */
		return a < b ? -1 : a > b;
	if (a->probability != b->probability)
		return a->probability > b->probability ? -1 : 1;
	if (a->impact != b->impact)
		return a->impact > b->impact ? -1 : 1;
	return a < b ? -1 : a > b; /* the input order: qsort is not stable */
}

size_t steering_top_risks(arena *a, const element_risk *risks, size_t count, size_t limit,
                          const element_risk ***out)
{
	const element_risk **list = arena_alloc(a, (count + 1) * sizeof(*list));
	size_t n = 0;
	for (size_t i = 0; i < count; i++)
		if (risks[i].status != RISK_CLOSED)
			list[n++] = &risks[i];
	qsort(list, n, sizeof(*list), risk_rank_compare);
	*out = list;
	return limit && n > limit ? limit : n;
}

/* ---- drift ------------------------------------------------------------------- */

bool steering_drift_pct(double current, double baseline, double *out)
{
	if (!isfinite(current) || !isfinite(baseline) || baseline == 0)
		return false;
	/* Multiply before dividing: with whole cents or days the numerator is exact, so
	 * the result is one correctly rounded division ((150 − 100) × 100 / 100 = 50). */
	*out = (current - baseline) * 100.0 / baseline;
	return true;
}

/* ---- helpers ------------------------------------------------------------------ */

static int64_t add_saturating(int64_t a, int64_t b)
{
	int64_t r;
	if (__builtin_add_overflow(a, b, &r))
		return b > 0 ? INT64_MAX : INT64_MIN;
	return r;
}

/* The index of e in p->elements, or SIZE_MAX when e is not one of them. Inputs come
 * from the store and may outlive an element (a baseline taken before a deletion), so
 * the pointer is checked against the array's bounds as an address before `e -
 * p->elements` is trusted. */
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

static size_t table_capacity(size_t count)
{
	size_t cap = 16;
	while (cap < count * 2)
		cap *= 2;
	return cap;
}


static int compare_int(const void *x, const void *y)
{
	int a = *(const int *)x, b = *(const int *)y;
	return (a > b) - (a < b);
}

static int compare_size(const void *x, const void *y)
{
	size_t a = *(const size_t *)x, b = *(const size_t *)y;
	return (a > b) - (a < b);
}

/* ---- the roll-up ---------------------------------------------------------------- */

enum sum_kind { SUM_YEAR, SUM_NATURE, SUM_SOURCE, SUM_KIND_COUNT };

/* Beside each rolled list of sums, the rank of each entry's key (rank of its year
 * among the sorted years, its nature, order of first appearance of its source), so
 * that a parent merges its children's lists without looking keys up again. */
typedef struct {
	size_t *ranks[SUM_KIND_COUNT];
} sum_ranks;

typedef struct {
	int64_t planned, committed, paid;
} amounts;

typedef struct {
	arena *out;         /* the caller's: results */
	arena *work;        /* ours: freed on return */
	const plan *p;
	element_rollup *r;  /* by element */
	sum_ranks *ranks;   /* by element, then one more for the plan */
	const element_status **status_of;
	size_t *line_first; /* lines of element i: line_order[line_first[i] .. line_first[i+1]) */
	const budget_line **line_order;
	size_t *line_rank[SUM_KIND_COUNT]; /* per line in line_order */
	int *years;         /* distinct years, ascending; index = rank */
	const char **sources; /* distinct sources, first appearance; index = rank */
	size_t key_count[SUM_KIND_COUNT];
	/* Scratch for one merge, sized for the largest key set; `seen` is all false and
	 * `touched` empty between merges. */
	amounts *acc;
	bool *seen;
	size_t *touched, touched_count;
} rollup_context;

static void sum_add(rollup_context *c, size_t rank, int64_t planned, int64_t committed,
                    int64_t paid)
{
	if (!c->seen[rank]) {
		c->seen[rank] = true;
		c->acc[rank] = (amounts){0, 0, 0};
		c->touched[c->touched_count++] = rank;
	}
	amounts *x = &c->acc[rank];
	x->planned = add_saturating(x->planned, planned);
	x->committed = add_saturating(x->committed, committed);
	x->paid = add_saturating(x->paid, paid);
}

/* Turn the keys touched since the last call into a list ordered by rank. */
static budget_sum *sum_finish(rollup_context *c, enum sum_kind kind, size_t **ranks_out,
                              size_t *count_out)
{
	size_t n = c->touched_count;
	*count_out = n;
	*ranks_out = NULL;
	if (!n)
		return NULL;
	qsort(c->touched, n, sizeof(*c->touched), compare_size);
	budget_sum *sums = arena_alloc(c->out, n * sizeof(*sums));
	size_t *ranks = arena_alloc(c->work, n * sizeof(*ranks));
	for (size_t i = 0; i < n; i++) {
		size_t rank = c->touched[i];
		budget_sum *s = &sums[i];
		if (kind == SUM_YEAR)
			s->year = c->years[rank];
		else if (kind == SUM_NATURE)
			s->nature = (budget_nature)rank;
		else
			s->source = c->sources[rank];
		s->planned_cents = c->acc[rank].planned;
		s->committed_cents = c->acc[rank].committed;
		s->paid_cents = c->acc[rank].paid;
		ranks[i] = rank;
		c->seen[rank] = false;
	}
	c->touched_count = 0;
	*ranks_out = ranks;
	return sums;
}

static budget_sum **sum_list(element_rollup *r, enum sum_kind kind, size_t **count)
{
	switch (kind) {
	case SUM_YEAR:
		*count = &r->year_count;
		return &r->by_year;
	case SUM_NATURE:
		*count = &r->nature_count;
		return &r->by_nature;
	default:
		*count = &r->source_count;
		return &r->by_source;
	}
}

/* One kind of sums for `out`: its own lines (element `own`, SIZE_MAX for none) plus
 * its children's lists. */
static void merge_sums(rollup_context *c, enum sum_kind kind, size_t own,
                       plan_element *const *children, size_t child_count,
                       element_rollup *out, sum_ranks *out_ranks)
{
	if (own != SIZE_MAX)
		for (size_t k = c->line_first[own]; k < c->line_first[own + 1]; k++) {
			const budget_line *l = c->line_order[k];
			sum_add(c, c->line_rank[kind][k], l->planned_cents, l->committed_cents,
			        l->paid_cents);
		}
	for (size_t i = 0; i < child_count; i++) {
		size_t ci = (size_t)(children[i] - c->p->elements);
		size_t *n;
		budget_sum *list = *sum_list(&c->r[ci], kind, &n);
		const size_t *ranks = c->ranks[ci].ranks[kind];
		for (size_t k = 0; k < *n; k++)
			sum_add(c, ranks[k], list[k].planned_cents, list[k].committed_cents,
			        list[k].paid_cents);
	}
	size_t *n;
	budget_sum **list = sum_list(out, kind, &n);
	*list = sum_finish(c, kind, &out_ranks->ranks[kind], n);
}

/* Combine one element (own != SIZE_MAX) or the plan (own == SIZE_MAX) from its own
 * data and its finished children. Milestone counts and own line totals are already
 * in *out (filed before the walk). */
static void roll_one(rollup_context *c, size_t own, plan_element *const *children,
                     size_t child_count, element_rollup *out, sum_ranks *out_ranks)
{
	const plan_element *e = own != SIZE_MAX ? &c->p->elements[own] : NULL;
	if (e) {
		out->start = e->start;
		out->end = e->end;
	}
	/* Progress: weighted by budget only when every child with progress has a
	 * positive rolled planned budget. */
	double weighted = 0, weight = 0, plain = 0;
	size_t with_progress = 0;
	bool by_budget = true;
	weather worst = WEATHER_UNSET;
	for (size_t i = 0; i < child_count; i++) {
		const element_rollup *ch = &c->r[children[i] - c->p->elements];
		out->planned_cents = add_saturating(out->planned_cents, ch->planned_cents);
		out->committed_cents = add_saturating(out->committed_cents, ch->committed_cents);
		out->paid_cents = add_saturating(out->paid_cents, ch->paid_cents);
		out->has_budget = out->has_budget || ch->has_budget;
		if (ch->has_progress) {
			with_progress++;
			plain += ch->progress_pct;
			if (ch->has_budget && ch->planned_cents > 0) {
				weighted += ch->progress_pct * (double)ch->planned_cents;
				weight += (double)ch->planned_cents;
			} else {
				by_budget = false;
			}
		}
		if (ch->weather > worst)
			worst = ch->weather;
		if (date_is_set(ch->start) &&
		    (!date_is_set(out->start) || date_compare(ch->start, out->start) < 0))
			out->start = ch->start;
		if (date_is_set(ch->end) &&
		    (!date_is_set(out->end) || date_compare(ch->end, out->end) > 0))
			out->end = ch->end;
		out->milestones += ch->milestones;
		out->milestones_done += ch->milestones_done;
		out->milestones_late += ch->milestones_late;
	}
	const element_status *st = e ? c->status_of[own] : NULL;
	if (st && st->has_progress) {
		out->has_progress = true;
		out->progress_pct = st->progress_pct;
	} else if (with_progress) {
		out->has_progress = true;
		out->progress_pct = by_budget ? weighted / weight : plain / (double)with_progress;
	}
	if (st && st->weather > WEATHER_UNSET && st->weather < WEATHER_COUNT)
		out->weather = st->weather;
	else
		out->weather = worst;
	for (int kind = 0; kind < SUM_KIND_COUNT; kind++)
		merge_sums(c, (enum sum_kind)kind, own, children, child_count, out, out_ranks);
}

/* Drift of a rolled element against baseline values (see the choices above). */
static void set_drift(element_rollup *r, jalon_date base_start, jalon_date base_end,
                      bool base_has_planned, int64_t base_planned)
{
	if (date_is_set(r->start) && date_is_set(r->end) && date_is_set(base_start) &&
	    date_is_set(base_end)) {
		int64_t current = date_to_days(r->end) - date_to_days(r->start);
		int64_t initial = date_to_days(base_end) - date_to_days(base_start);
		if (current >= 0 && initial > 0)
			r->has_schedule_drift = steering_drift_pct((double)current, (double)initial,
			                                           &r->schedule_drift_pct);
	}
	if (r->has_budget && base_has_planned && base_planned > 0)
		r->has_budget_drift = steering_drift_pct((double)r->planned_cents,
		                                         (double)base_planned, &r->budget_drift_pct);
}

/* Rank each kept line's keys, reading the lines in the caller's order (so that a
 * source's rank is its first appearance there): years are ranked by value once the
 * few distinct ones are sorted. rank[kind][k] is for lines[k]; element_of[k] is
 * SIZE_MAX for a line left out. */
static void rank_line_keys(rollup_context *c, const budget_line *lines, size_t line_count,
                           const size_t *element_of, size_t *rank[SUM_KIND_COUNT])
{
	size_t cap = table_capacity(line_count);
	size_t mask = cap - 1;
	size_t slots = line_count ? line_count : 1;
	/* Open addressing; a slot holds a first-appearance index + 1, 0 when empty. */
	size_t *year_slot = arena_alloc(c->work, cap * sizeof(*year_slot));
	size_t *source_slot = arena_alloc(c->work, cap * sizeof(*source_slot));
	int *first_years = arena_alloc(c->work, slots * sizeof(*first_years));
	const char **sources = arena_alloc(c->work, slots * sizeof(*sources));
	size_t year_count = 0, source_count = 0;
	for (size_t k = 0; k < line_count; k++) {
		if (element_of[k] == SIZE_MAX)
			continue;
		const budget_line *l = &lines[k];
		size_t i = (size_t)(((uint64_t)(int64_t)l->year * 0x9E3779B97F4A7C15ULL) >> 17) & mask;
		while (year_slot[i] && first_years[year_slot[i] - 1] != l->year)
			i = (i + 1) & mask;
		if (!year_slot[i]) {
			first_years[year_count] = l->year;
			year_slot[i] = ++year_count;
		}
		rank[SUM_YEAR][k] = year_slot[i] - 1; /* first-appearance index for now */

		/* A NULL source hashes as "" but only matches another NULL. */
		const char *s = l->source;
		i = text_hash(s ? s : "") & mask;
		while (source_slot[i]) {
			const char *t = sources[source_slot[i] - 1];
			if (s ? t && strcmp(s, t) == 0 : !t)
				break;
			i = (i + 1) & mask;
		}
		if (!source_slot[i]) {
			sources[source_count] = s;
			source_slot[i] = ++source_count;
		}
		rank[SUM_SOURCE][k] = source_slot[i] - 1;
		rank[SUM_NATURE][k] = (size_t)l->nature;
	}
	/* A year's rank is its place once sorted. */
	size_t distinct = year_count ? year_count : 1;
	int *years = arena_alloc(c->work, distinct * sizeof(*years));
	memcpy(years, first_years, year_count * sizeof(*years));
	qsort(years, year_count, sizeof(*years), compare_int);
	size_t *rank_of_first = arena_alloc(c->work, distinct * sizeof(*rank_of_first));
	for (size_t f = 0; f < year_count; f++) {
		int *at = bsearch(&first_years[f], years, year_count, sizeof(*years), compare_int);
		rank_of_first[f] = (size_t)(at - years);
	}
	for (size_t k = 0; k < line_count; k++)
		if (element_of[k] != SIZE_MAX)
			rank[SUM_YEAR][k] = rank_of_first[rank[SUM_YEAR][k]];
	c->years = years;
	c->sources = sources;
	c->key_count[SUM_YEAR] = year_count;
	c->key_count[SUM_SOURCE] = source_count;
	c->key_count[SUM_NATURE] = NATURE_COUNT;
}

/* File lines under their element (a counting sort that keeps the caller's order
 * within an element), adding their amounts to the element's own totals. */
static void file_lines(rollup_context *c, const budget_line *lines, size_t line_count)
{
	size_t n = c->p->element_count;
	size_t slots = line_count ? line_count : 1;
	size_t *element_of = arena_alloc(c->work, slots * sizeof(*element_of));
	c->line_first = arena_alloc(c->work, (n + 1) * sizeof(*c->line_first));
	size_t kept = 0;
	for (size_t k = 0; k < line_count; k++) {
		size_t i = element_index(c->p, lines[k].element);
		if (i != SIZE_MAX && (unsigned)lines[k].nature >= NATURE_COUNT)
			i = SIZE_MAX;
		element_of[k] = i;
		if (i != SIZE_MAX) {
			c->line_first[i + 1]++;
			kept++;
		}
	}
	size_t *rank[SUM_KIND_COUNT];
	for (int kind = 0; kind < SUM_KIND_COUNT; kind++) {
		rank[kind] = arena_alloc(c->work, slots * sizeof(size_t));
		c->line_rank[kind] = arena_alloc(c->work, (kept ? kept : 1) * sizeof(size_t));
	}
	rank_line_keys(c, lines, line_count, element_of, rank);

	for (size_t i = 0; i < n; i++)
		c->line_first[i + 1] += c->line_first[i];
	size_t *next = arena_alloc(c->work, (n ? n : 1) * sizeof(*next));
	memcpy(next, c->line_first, n * sizeof(*next));
	c->line_order = arena_alloc(c->work, (kept ? kept : 1) * sizeof(*c->line_order));
	for (size_t k = 0; k < line_count; k++) {
		size_t i = element_of[k];
		if (i == SIZE_MAX)
			continue;
		const budget_line *l = &lines[k];
		size_t at = next[i]++;
		c->line_order[at] = l;
		for (int kind = 0; kind < SUM_KIND_COUNT; kind++)
			c->line_rank[kind][at] = rank[kind][k];
		element_rollup *r = &c->r[i];
		r->planned_cents = add_saturating(r->planned_cents, l->planned_cents);
		r->committed_cents = add_saturating(r->committed_cents, l->committed_cents);
		r->paid_cents = add_saturating(r->paid_cents, l->paid_cents);
		r->has_budget = true;
	}
}

/* A milestone is late when still planned and its forecast, or today, is past its
 * planned date. */
bool steering_milestone_is_late(const milestone *m, jalon_date today)
{
	if (m->status != MILESTONE_PLANNED || !date_is_set(m->planned))
		return false;
	if (date_is_set(m->forecast) && date_compare(m->forecast, m->planned) > 0)
		return true;
	return date_is_set(today) && date_compare(today, m->planned) > 0;
}

void steering_rollup(arena *a, const plan *p, const element_status *statuses,
                     size_t status_count, const milestone *milestones,
                     size_t milestone_count, const budget_line *lines, size_t line_count,
                     const baseline_entry *baseline, size_t baseline_count, jalon_date today,
                     plan_rollup *out)
{
	memset(out, 0, sizeof(*out));
	size_t n = p->element_count;
	assert(n == 0 || p->ordered); /* the plan must be linked */
	out->by_element = arena_alloc(a, (n ? n : 1) * sizeof(*out->by_element));

	rollup_context c = {.out = a, .work = arena_new(), .p = p, .r = out->by_element};
	c.ranks = arena_alloc(c.work, (n + 1) * sizeof(*c.ranks));
	c.status_of = arena_alloc(c.work, (n ? n : 1) * sizeof(*c.status_of));
	const baseline_entry **baseline_of = arena_alloc(c.work, (n ? n : 1) * sizeof(*baseline_of));

	for (size_t k = 0; k < status_count; k++) {
		size_t i = element_index(p, statuses[k].element);
		if (i != SIZE_MAX)
			c.status_of[i] = &statuses[k];
	}
	for (size_t k = 0; k < baseline_count; k++) {
		size_t i = element_index(p, baseline[k].element);
		if (i != SIZE_MAX)
			baseline_of[i] = &baseline[k];
	}
	for (size_t k = 0; k < milestone_count; k++) {
		const milestone *m = &milestones[k];
		size_t i = element_index(p, m->element);
		if (i == SIZE_MAX)
			continue;
		element_rollup *r = &out->by_element[i];
		r->milestones++;
		r->milestones_done += m->status == MILESTONE_DONE;
		r->milestones_late += steering_milestone_is_late(m, today);
	}
	file_lines(&c, lines, line_count);

	size_t scratch = NATURE_COUNT;
	if (c.key_count[SUM_YEAR] > scratch)
		scratch = c.key_count[SUM_YEAR];
	if (c.key_count[SUM_SOURCE] > scratch)
		scratch = c.key_count[SUM_SOURCE];
	c.acc = arena_alloc(c.work, scratch * sizeof(*c.acc));
	c.seen = arena_alloc(c.work, scratch * sizeof(*c.seen));
	c.touched = arena_alloc(c.work, scratch * sizeof(*c.touched));

	/* Children before parents: the reverse of a depth-first order. */
	double schedule_sum = 0, budget_sum_pct = 0;
	for (size_t k = n; k-- > 0;) {
		const plan_element *e = p->ordered[k];
		size_t i = (size_t)(e - p->elements);
		element_rollup *r = &out->by_element[i];
		roll_one(&c, i, e->children, e->child_count, r, &c.ranks[i]);
		const baseline_entry *b = baseline_of[i];
		if (b) {
			set_drift(r, b->start, b->end, b->has_planned, b->planned_cents);
			r->baseline_start = b->start;
			r->baseline_end = b->end;
		}
		if (r->has_schedule_drift && date_is_set(e->start) && date_is_set(e->end)) {
			schedule_sum += r->schedule_drift_pct;
			out->schedule_drift_count++;
		}
		if (r->has_budget_drift && c.line_first[i + 1] > c.line_first[i]) {
			budget_sum_pct += r->budget_drift_pct;
			out->budget_drift_count++;
		}
	}
	if (out->schedule_drift_count) {
		out->has_mean_schedule_drift = true;
		out->mean_schedule_drift_pct = schedule_sum / (double)out->schedule_drift_count;
	}
	if (out->budget_drift_count) {
		out->has_mean_budget_drift = true;
		out->mean_budget_drift_pct = budget_sum_pct / (double)out->budget_drift_count;
	}

	/* The plan: its roots combined, against the baseline entries of those roots. */
	roll_one(&c, SIZE_MAX, p->roots, n ? p->root_count : 0, &out->plan, &c.ranks[n]);
	jalon_date base_start = DATE_NONE, base_end = DATE_NONE;
	bool base_has_planned = false;
	int64_t base_planned = 0;
	for (size_t k = 0; n && k < p->root_count; k++) {
		const baseline_entry *b = baseline_of[p->roots[k] - p->elements];
		if (!b)
			continue;
		if (date_is_set(b->start) &&
		    (!date_is_set(base_start) || date_compare(b->start, base_start) < 0))
			base_start = b->start;
		if (date_is_set(b->end) &&
		    (!date_is_set(base_end) || date_compare(b->end, base_end) > 0))
			base_end = b->end;
		if (b->has_planned) {
			base_has_planned = true;
			base_planned = add_saturating(base_planned, b->planned_cents);
		}
	}
	set_drift(&out->plan, base_start, base_end, base_has_planned, base_planned);

	arena_free(c.work);
}

/* ---- dependencies ---------------------------------------------------------------- */

jalon_date steering_milestone_expected(const milestone *m)
{
	return date_is_set(m->actual) ? m->actual : date_is_set(m->forecast) ? m->forecast : m->planned;
}

size_t steering_dependency_violations(arena *a, const plan *p, const plan_rollup *r,
                                      const element_dependency *deps, size_t dep_count,
                                      const milestone_dependency *mdeps, size_t mdep_count,
                                      dependency_violation **out)
{
	dependency_violation *v = arena_alloc(a, (dep_count + mdep_count + 1) * sizeof(*v));
	size_t n = 0;
	for (size_t i = 0; i < dep_count; i++) {
		size_t from = element_index(p, deps[i].from), to = element_index(p, deps[i].to);
		if (from == SIZE_MAX || to == SIZE_MAX)
			continue;
		jalon_date end = r->by_element[from].end, start = r->by_element[to].start;
		if (!date_is_set(end) || !date_is_set(start) || date_compare(start, end) >= 0)
			continue;
		v[n++] = (dependency_violation){.elements = &deps[i], .from_date = end, .to_date = start,
		                                .days = (int)(date_to_days(end) - date_to_days(start))};
	}
	for (size_t i = 0; i < mdep_count; i++) {
		const milestone *from = mdeps[i].from, *to = mdeps[i].to;
		if (!from || !to || from->status == MILESTONE_CANCELLED || to->status == MILESTONE_CANCELLED)
			continue;
		jalon_date f = steering_milestone_expected(from), t = steering_milestone_expected(to);
		if (!date_is_set(f) || !date_is_set(t) || date_compare(t, f) >= 0)
			continue;
		v[n++] = (dependency_violation){.milestones = &mdeps[i], .from_date = f, .to_date = t,
		                                .days = (int)(date_to_days(f) - date_to_days(t))};
	}
	*out = v;
	return n;
}
