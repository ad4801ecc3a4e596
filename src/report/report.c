/*
 * report.c — building the report model (report.h) from the stores: the plan rolled up
 * (steering_view.h), its indicators evaluated (indicator_view.h), its committees
 * (governance_store.h) and what changed (digest.h). Everything is computed here, once;
 * the PDF and the workbook only lay it out.
 *
 * Each section is built by one function, in the order the report prints them. Lists
 * are capped where a committee would not read further (top risks), and a table with
 * no rows says so in words ("aucune") rather than vanishing.
 */
#include "report/report.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/governance.h"
#include "core/indicator.h"
#include "core/steering.h"
#include "store/digest.h"
#include "store/governance_store.h"
#include "store/indicator_store.h"
#include "store/indicator_view.h"
#include "store/steering_view.h"
#include "util/buf.h"
#include "util/i18n.h"
#include "util/money.h"
#include "util/text.h"

enum {
	TOP_RISKS = 10,     /* risks listed: the most critical open ones */
	DIGEST_DAYS = 30,   /* a plan report's "since": the last 30 days */
};

/* ---- building blocks ------------------------------------------------------------------- */

static report_cell cell_text(const char *s)
{
	return (report_cell){.kind = s && *s ? REPORT_CELL_TEXT : REPORT_CELL_EMPTY, .text = s};
}

static report_cell cell_integer(int64_t v)
{
	return (report_cell){.kind = REPORT_CELL_INTEGER, .integer = v};
}

static report_cell cell_money(int64_t cents)
{
	return (report_cell){.kind = REPORT_CELL_MONEY, .integer = cents};
}

static report_cell cell_percent(bool has, double pct)
{
	return has ? (report_cell){.kind = REPORT_CELL_PERCENT, .number = pct}
	           : (report_cell){.kind = REPORT_CELL_EMPTY};
}

static report_cell cell_number(bool has, double v, const char *unit)
{
	return has ? (report_cell){.kind = REPORT_CELL_NUMBER, .number = v, .decimals = 2, .text = unit}
	           : (report_cell){.kind = REPORT_CELL_EMPTY};
}

static report_cell cell_date(jalon_date d)
{
	return date_is_set(d) ? (report_cell){.kind = REPORT_CELL_DATE, .date = d}
	                      : (report_cell){.kind = REPORT_CELL_EMPTY};
}

static report_cell cell_weather(weather w)
{
	return (report_cell){.kind = REPORT_CELL_WEATHER, .integer = w, .text = weather_label(w)};
}

/* A new section appended to r (sections are allocated for all of them up front). */
static report_section *section_add(report *r, const char *id, const char *heading,
                                   const char *sheet)
{
	report_section *s = &r->sections[r->section_count++];
	memset(s, 0, sizeof(*s));
	s->id = id;
	s->heading = heading;
	s->sheet = sheet;
	return s;
}

static void section_paragraph(arena *a, report_section *s, const char *text)
{
	const char **p = arena_alloc(a, (s->paragraph_count + 1) * sizeof(*p));
	if (s->paragraph_count)
		memcpy(p, s->paragraphs, s->paragraph_count * sizeof(*p));
	p[s->paragraph_count++] = text;
	s->paragraphs = p;
}

static void section_figure(arena *a, report_section *s, const char *label, report_cell value)
{
	report_figure *f = arena_alloc(a, (s->figure_count + 1) * sizeof(*f));
	if (s->figure_count)
		memcpy(f, s->figures, s->figure_count * sizeof(*f));
	f[s->figure_count++] = (report_figure){label, value};
	s->figures = f;
}

/* A new table of s with these headers (NULL-terminated), room for `rows` rows. */
static report_table *section_table(arena *a, report_section *s, const char *caption,
                                   const char *empty_text, size_t rows, const char *const *headers)
{
	report_table *t = arena_alloc(a, (s->table_count + 1) * sizeof(*t));
	if (s->table_count)
		memcpy(t, s->tables, s->table_count * sizeof(*t));
	s->tables = t;
	t = &t[s->table_count++];
	size_t n = 0;
	while (headers[n])
		n++;
	t->caption = caption;
	t->empty_text = empty_text;
	t->column_count = n;
	t->headers = arena_alloc(a, n * sizeof(*t->headers));
	memcpy(t->headers, headers, n * sizeof(*t->headers));
	t->capacity = rows;
	t->cells = arena_alloc(a, (rows + 1) * n * sizeof(*t->cells));
	return t;
}

/* The next row of t (its cells, column_count of them, zeroed: empty). */
static report_cell *table_row(arena *a, report_table *t)
{
	if (t->row_count == t->capacity) {
		size_t grown = t->capacity ? t->capacity * 2 : 8;
		t->cells = arena_realloc(a, t->cells, t->capacity * t->column_count * sizeof(*t->cells),
		                         grown * t->column_count * sizeof(*t->cells));
		t->capacity = grown;
	}
	return &t->cells[t->row_count++ * t->column_count];
}

static const char *date_fr(arena *a, jalon_date d)
{
	char *s = arena_alloc(a, 11);
	date_format_fr(d, s);
	return s;
}

const char *report_french_spacing(arena *a, const char *s)
{
	if (!s)
		return "";
	size_t n = strlen(s);
	char *out = arena_alloc(a, n * 3 + 1), *o = out;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		bool before_mark = (c == ':' || c == ';' || c == '!' || c == '?');
		bool closing = (unsigned char)c == 0xC2 && (unsigned char)s[i + 1] == 0xBB; /* » */
		if ((before_mark || closing) && o > out && o[-1] == ' ') {
			o[-1] = (char)0xC2;
			*o++ = (char)0xA0;
		}
		*o++ = c;
		if ((unsigned char)c == 0xC2 && (unsigned char)s[i + 1] == 0xAB) { /* « */
			*o++ = s[++i];
			if (s[i + 1] == ' ') {
				*o++ = (char)0xC2;
				*o++ = (char)0xA0;
				i++;
			}
		}
	}
	*o = '\0';
	return out;
}

const char *report_element_label(arena *a, const plan_element *e)
{
	return e ? arena_printf(a, "%s — %s", e->code, e->title) : NULL;
}

const char *report_file_stem(arena *a, const char *prefix, const char *slug, jalon_date date)
{
	char day[11];
	date_format_iso(date, day);
	char *stem = arena_printf(a, "%s-%s%s%s", prefix, slug, *day ? "-" : "", day);
	/* Only letters, digits, '-', '_' and '.' survive in a Content-Disposition name. */
	for (char *c = stem; *c; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
		      *c == '-' || *c == '_' || *c == '.'))
			*c = '-';
	return stem;
}

/* ---- what every report loads ------------------------------------------------------------- */

typedef struct {
	store *s;
	arena *a;
	jalon_date today;
	plan plan;
	steering_data data;
	plan_rollup rollup;
	const meeting *meeting;      /* a meeting's report; NULL: the plan's */
	diag_list *diags;
} report_context;

static const element_rollup *rolled(const report_context *c, const plan_element *e)
{
	return &c->rollup.by_element[e - c->plan.elements];
}

/* ---- the sections ------------------------------------------------------------------------ */

static void cover_section(report_context *c, report *r)
{
	const plan *p = &c->plan;
	report_section *s = section_add(r, "cover", _("Présentation"), _("Présentation"));
	section_figure(c->a, s, _("Plan"), cell_text(p->title));
	if (p->organisation)
		section_figure(c->a, s, _("Établissement"), cell_text(p->organisation));
	if (r->period)
		section_figure(c->a, s, _("Période"), cell_text(r->period));
	section_figure(c->a, s, _("Statut du plan"), cell_text(plan_status_label(p->status)));
	if (c->meeting) {
		section_figure(c->a, s, _("Instance"), cell_text(c->meeting->instance_name));
		section_figure(c->a, s, _("Séance du"), cell_date(c->meeting->date));
		if (c->meeting->place)
			section_figure(c->a, s, _("Lieu"), cell_text(c->meeting->place));
	}
	section_figure(c->a, s, _("Situation au"), cell_date(c->today));
}

static void figures_section(report_context *c, report *r)
{
	const element_rollup *x = &c->rollup.plan;
	report_section *s = section_add(r, "figures", _("Chiffres clés"), _("Chiffres clés"));
	section_figure(c->a, s, _("Enveloppe"),
	               c->data.has_envelope ? cell_money(c->data.envelope_cents) : cell_text(NULL));
	section_figure(c->a, s, _("Budget prévu"), cell_money(x->planned_cents));
	section_figure(c->a, s, _("Engagé"), cell_money(x->committed_cents));
	section_figure(c->a, s, _("Réalisé"), cell_money(x->paid_cents));
	if (c->data.has_envelope && c->data.envelope_cents > 0)
		section_figure(c->a, s, _("Prévu / enveloppe"),
		               cell_percent(true, (double)x->planned_cents * 100.0 /
		                                      (double)c->data.envelope_cents));
	section_figure(c->a, s, _("Avancement"), cell_percent(x->has_progress, x->progress_pct));
	section_figure(c->a, s, _("Éléments du plan"), cell_integer((int64_t)c->plan.element_count));
	section_figure(c->a, s, _("Jalons"), cell_integer((int64_t)x->milestones));
	section_figure(c->a, s, _("Jalons atteints"), cell_integer((int64_t)x->milestones_done));
	report_cell late = cell_integer((int64_t)x->milestones_late);
	late.alert = x->milestones_late > 0;
	section_figure(c->a, s, _("Jalons en retard"), late);
}

static void weather_section(report_context *c, report *r)
{
	report_section *s = section_add(r, "weather", _("Météo par axe"), _("Météo"));
	static const char *headers[] = {N_("Code"), N_("Intitulé"), N_("Météo"), N_("Avancement"),
	                                N_("Budget prévu"), N_("Jalons en retard"), NULL};
	const char *h[7];
	for (size_t i = 0; i < 7; i++)
		h[i] = headers[i] ? _(headers[i]) : NULL;
	report_table *t = section_table(c->a, s, _("Météo, avancement et budget des branches"),
	                                _("Le plan n'a aucun élément."), c->plan.root_count, h);
	for (size_t i = 0; i < c->plan.root_count; i++) {
		const plan_element *e = c->plan.roots[i];
		const element_rollup *x = rolled(c, e);
		report_cell *row = table_row(c->a, t);
		row[0] = cell_text(e->code);
		row[1] = cell_text(e->title);
		row[2] = cell_weather(x->weather);
		row[2].alert = x->weather == WEATHER_STORMY;
		row[3] = cell_percent(x->has_progress, x->progress_pct);
		row[4] = cell_money(x->planned_cents);
		row[5] = cell_integer((int64_t)x->milestones_late);
		row[5].alert = x->milestones_late > 0;
	}
}

/* The top-level branches and their children, with the milestones of each row's
 * subtree drawn on it (the nearest shown ancestor). */
static void roadmap_section(report_context *c, report *r)
{
	const plan *p = &c->plan;
	arena *a = c->a;
	report_section *s = section_add(r, "roadmap", _("Feuille de route"), _("Feuille de route"));
	report_gantt *g = arena_alloc(a, sizeof(*g));
	size_t n = p->element_count;
	size_t *row_of = arena_alloc(a, (n + 1) * sizeof(*row_of));
	g->rows = arena_alloc(a, (n + 1) * sizeof(*g->rows));
	g->today = c->today;
	static const char *headers[] = {N_("Code"), N_("Intitulé"), N_("Début"), N_("Fin"),
	                                N_("Jalons"), N_("Jalons en retard"), NULL};
	const char *h[7];
	for (size_t i = 0; i < 7; i++)
		h[i] = headers[i] ? _(headers[i]) : NULL;
	report_table *t = section_table(a, s, _("Branches et sous-branches"),
	                                _("Aucune branche n'a de dates."), 16, h);
	for (size_t i = 0; i < n; i++) {
		const plan_element *e = p->ordered[i];
		size_t k = (size_t)(e - p->elements);
		const element_rollup *x = &c->rollup.by_element[k];
		row_of[k] = SIZE_MAX;
		if (e->depth > 1)
			continue;
		report_cell *row = table_row(a, t);
		row[0] = cell_text(e->code);
		row[1] = cell_text(arena_printf(a, "%s%s", e->depth ? "   " : "", e->title));
		row[2] = cell_date(x->start);
		row[3] = cell_date(x->end);
		row[4] = cell_integer((int64_t)x->milestones);
		row[5] = cell_integer((int64_t)x->milestones_late);
		row[5].alert = x->milestones_late > 0;
		if (!date_is_set(x->start) || !date_is_set(x->end))
			continue;
		row_of[k] = g->row_count;
		g->rows[g->row_count++] = (report_gantt_row){e->code, e->title, e->depth, x->start, x->end};
		if (!date_is_set(g->from) || date_compare(x->start, g->from) < 0)
			g->from = x->start;
		if (!date_is_set(g->to) || date_compare(x->end, g->to) > 0)
			g->to = x->end;
	}
	g->marks = arena_alloc(a, (c->data.milestone_count + 1) * sizeof(*g->marks));
	for (size_t i = 0; i < c->data.milestone_count; i++) {
		const milestone *m = &c->data.milestones[i];
		size_t row = SIZE_MAX;
		for (const plan_element *e = m->element; e && row == SIZE_MAX; e = e->parent)
			row = row_of[e - p->elements];
		jalon_date when = steering_milestone_expected(m);
		if (row == SIZE_MAX || !date_is_set(when) || m->status == MILESTONE_CANCELLED)
			continue;
		g->marks[g->mark_count++] = (report_gantt_mark){row, m->title, when,
		                                                steering_milestone_is_late(m, c->today)};
		if (date_compare(when, g->from) < 0)
			g->from = when;
		if (date_compare(when, g->to) > 0)
			g->to = when;
	}
	if (g->row_count) {
		s->gantt = g;
		section_paragraph(a, s, _("Barres : dates consolidées de chaque branche ; losanges : "
		                          "jalons (rouges et marqués « ! » quand ils sont en retard) ; "
		                          "trait vertical : date du jour."));
	}
}

static void budget_section(report_context *c, report *r)
{
	arena *a = c->a;
	const steering_data *d = &c->data;
	const element_rollup *x = &c->rollup.plan;
	report_section *s = section_add(r, "budget", _("Budget"), _("Budget"));
	for (size_t i = 0; i < x->nature_count; i++) {
		const budget_sum *b = &x->by_nature[i];
		const char *nature = budget_nature_label(b->nature);
		section_figure(a, s, arena_printf(a, _("Prévu (%s)"), nature), cell_money(b->planned_cents));
		section_figure(a, s, arena_printf(a, _("Engagé (%s)"), nature),
		               cell_money(b->committed_cents));
		section_figure(a, s, arena_printf(a, _("Réalisé (%s)"), nature), cell_money(b->paid_cents));
	}
	/* Columns: year, nature, one per funding source used, total. */
	size_t sources = x->source_count;
	const char **h = arena_alloc(a, (sources + 4) * sizeof(*h));
	h[0] = _("Année");
	h[1] = _("Nature");
	for (size_t i = 0; i < sources; i++)
		h[2 + i] = x->by_source[i].source;
	h[2 + sources] = _("Total prévu");
	h[3 + sources] = NULL;
	report_table *t = section_table(a, s, _("Budget prévu par année, nature et source de "
	                                        "financement"),
	                                _("Aucune ligne budgétaire."), x->year_count * 2 + 1, h);
	int64_t *total = arena_alloc(a, (sources + 1) * sizeof(*total));
	for (size_t y = 0; y < x->year_count; y++) {
		for (int nat = 0; nat < NATURE_COUNT; nat++) {
			int64_t *sum = arena_alloc(a, (sources + 1) * sizeof(*sum));
			bool any = false;
			for (size_t i = 0; i < d->line_count; i++) {
				const budget_line *l = &d->lines[i];
				if (l->year != x->by_year[y].year || (int)l->nature != nat)
					continue;
				size_t k = 0;
				while (k < sources && strcmp(x->by_source[k].source, l->source) != 0)
					k++;
				if (k < sources)
					sum[k] += l->planned_cents;
				sum[sources] += l->planned_cents;
				any = true;
			}
			if (!any)
				continue;
			report_cell *row = table_row(a, t);
			row[0] = cell_integer(x->by_year[y].year);
			row[0].plain = true;
			row[1] = cell_text(budget_nature_label((budget_nature)nat));
			for (size_t k = 0; k <= sources; k++) {
				row[2 + k] = cell_money(sum[k]);
				total[k] += sum[k];
			}
		}
	}
	if (t->row_count) {
		report_cell *row = table_row(a, t);
		row[0] = cell_text(_("Total"));
		for (size_t k = 0; k <= sources; k++)
			row[2 + k] = cell_money(total[k]);
	}
}

static void indicators_section(report_context *c, report *r)
{
	arena *a = c->a;
	report_section *s = section_add(r, "indicators", _("Indicateurs"), _("Indicateurs"));
	static const char *headers[] = {N_("Code"), N_("Indicateur"), N_("Dernière valeur"),
	                                N_("Date"), N_("Cible"), N_("Attendu à date"),
	                                N_("Statut"), NULL};
	const char *h[8];
	for (size_t i = 0; i < 8; i++)
		h[i] = headers[i] ? _(headers[i]) : NULL;
	indicator_data data;
	indicator_row *rows = NULL;
	diag_list local;
	diag_init(&local, a);
	bool ok = store_indicators_load(c->s, a, &c->plan, MEASUREMENTS_LATEST, &data, &local);
	if (ok) {
		rows = arena_alloc(a, (data.indicator_count + 1) * sizeof(*rows));
		ok = indicator_view_evaluate(c->s, a, &c->plan, data.indicators, data.indicator_count,
		                             data.measurements, data.measurement_count, c->today, rows,
		                             &local);
	}
	if (!ok) {
		section_paragraph(a, s, _("Les indicateurs n'ont pas pu être évalués."));
		return;
	}
	report_table *t = section_table(a, s, _("Indicateurs et cibles"),
	                                _("Aucun indicateur n'est défini pour ce plan."),
	                                data.indicator_count, h);
	for (size_t i = 0; i < data.indicator_count; i++) {
		const indicator_row *x = &rows[i];
		const indicator *ind = x->ind;
		bool has_latest = x->computed ? x->has_computed : x->state.has_latest;
		double latest = x->computed ? x->computed_value : x->state.latest.value;
		report_cell *row = table_row(a, t);
		row[0] = cell_text(ind->code);
		row[1] = cell_text(ind->name);
		row[2] = cell_number(has_latest, latest, ind->unit);
		row[3] = cell_date(has_latest && !x->computed ? x->state.latest.date : c->today);
		if (!has_latest)
			row[3] = cell_text(NULL);
		row[4] = ind->target_count ? cell_number(true, ind->targets[ind->target_count - 1].value,
		                                         ind->unit)
		                           : cell_text(NULL);
		row[5] = cell_number(x->state.has_expected_today, x->state.expected_today, ind->unit);
		row[6] = cell_text(indicator_status_label(x->state.status));
		row[6].alert = x->state.status == STATUS_OFF_TRACK;
	}
}

static void risks_section(report_context *c, report *r)
{
	arena *a = c->a;
	report_section *s = section_add(r, "risks", _("Risques"), _("Risques"));
	const element_risk **top;
	size_t n = steering_top_risks(a, c->data.risks, c->data.risk_count, TOP_RISKS, &top);
	static const char *headers[] = {N_("Élément"), N_("Risque"), N_("Probabilité"), N_("Impact"),
	                                N_("Criticité"), N_("Statut"), N_("Responsable"),
	                                N_("Mesures"), NULL};
	const char *h[9];
	for (size_t i = 0; i < 9; i++)
		h[i] = headers[i] ? _(headers[i]) : NULL;
	report_table *t = section_table(
		a, s, arena_printf(a, _("Les %d risques ouverts les plus critiques"), TOP_RISKS),
		_("Aucun risque ouvert."), n, h);
	for (size_t i = 0; i < n; i++) {
		const element_risk *k = top[i];
		int crit = steering_risk_criticality(k);
		report_cell *row = table_row(a, t);
		row[0] = cell_text(k->element->code);
		row[1] = cell_text(k->description);
		row[2] = k->probability ? cell_integer(k->probability) : cell_text(NULL);
		row[3] = k->impact ? cell_integer(k->impact) : cell_text(NULL);
		row[4] = crit ? cell_integer(crit) : cell_text(_("non évalué"));
		row[4].alert = crit >= 12;
		row[5] = cell_text(risk_status_label(k->status));
		row[6] = cell_text(k->owner);
		row[7] = cell_text(k->mitigation);
	}
}

/* A digest value as a reader wants it, typed: dates as dates, amounts in euros,
 * weathers as words. */
static report_cell digest_value(arena *a, digest_kind kind, const char *v, bool before)
{
	if (!v)
		return cell_text(kind == DIGEST_MILESTONE_SLIPPED && !before ? _("en retard") : NULL);
	if (!*v)
		return cell_text(NULL);
	jalon_date d;
	const char *why;
	if (strlen(v) == 10 && v[4] == '-' && date_parse(v, &d, &why))
		return cell_date(d);
	if (kind == DIGEST_BUDGET) {
		char *end;
		long long cents = strtoll(v, &end, 10);
		if (*end == '\0')
			return cell_money(cents);
	}
	if (kind == DIGEST_WEATHER) {
		weather w;
		if (weather_parse(v, &w))
			return cell_weather(w);
	}
	(void)a;
	return cell_text(v);
}

static void digest_section(report_context *c, report *r)
{
	arena *a = c->a;
	meeting_digest dg;
	memset(&dg, 0, sizeof(dg));
	diag_list local;
	diag_init(&local, a);
	/* A plan's report: since the plan's last committee held (the day after it), else
	 * over the last 30 days — and its heading says which. */
	meeting last;
	bool since_meeting = !c->meeting &&
	                     store_meeting_last_held(c->s, a, &c->plan, c->today, &last, &local) ==
	                         STORE_OK &&
	                     date_compare(last.date, c->today) < 0;
	bool since = c->meeting || since_meeting;
	report_section *s = section_add(r, "digest",
	                                since ? _("Depuis la dernière séance")
	                                      : _("Changements des 30 derniers jours"),
	                                since ? _("Depuis la dernière séance")
	                                      : _("30 derniers jours")); /* sheet: ≤ 31 */
	store_result res;
	if (c->meeting) {
		res = store_meeting_digest(c->s, a, &c->plan, c->meeting, c->today, &dg, &local);
	} else {
		jalon_date from = since_meeting
		                  ? date_from_days(date_to_days(last.date) + 1)
		                  : date_from_days(date_to_days(c->today) - (DIGEST_DAYS - 1));
		res = store_digest_between(c->s, a, &c->plan, NULL, 0, from, c->today, &dg, &local);
		if (res == STORE_OK && since_meeting) {
			dg.has_previous = true;
			dg.previous_date = last.date;
		}
	}
	if (res != STORE_OK) {
		section_paragraph(a, s, _("Les changements n'ont pas pu être relevés."));
		return;
	}
	if (since_meeting)
		section_paragraph(a, s, arena_printf(a, _("Depuis la dernière séance (%s, le %s) : "
		                                          "changements du %s au %s."),
		                                     last.instance_name ? last.instance_name : "",
		                                     date_fr(a, last.date), date_fr(a, dg.from),
		                                     date_fr(a, dg.to)));
	else if (c->meeting && dg.has_previous)
		section_paragraph(a, s, arena_printf(a, _("Depuis la séance précédente du %s : "
		                                          "changements du %s au %s."),
		                                     date_fr(a, dg.previous_date), date_fr(a, dg.from),
		                                     date_fr(a, dg.to)));
	else
		section_paragraph(a, s, arena_printf(a, _("Changements du %s au %s."),
		                                     date_fr(a, dg.from), date_fr(a, dg.to)));
	static const char *headers[] = {N_("Nature"), N_("Élément"), N_("Objet"), N_("Avant"),
	                                N_("Après"), N_("Date"), NULL};
	const char *h[7];
	for (size_t i = 0; i < 7; i++)
		h[i] = headers[i] ? _(headers[i]) : NULL;
	report_table *t = section_table(a, s, _("Changements relevés dans le plan"),
	                                _("Aucun changement sur la période."), dg.count, h);
	for (size_t i = 0; i < dg.count; i++) {
		const digest_entry *e = &dg.entries[i];
		report_cell *row = table_row(a, t);
		row[0] = cell_text(_(digest_kind_label(e->kind)));
		row[0].alert = e->kind == DIGEST_MILESTONE_SLIPPED || e->kind == DIGEST_RISK_WORSENED ||
		               e->kind == DIGEST_INDICATOR_OFF_TRACK || e->kind == DIGEST_ACTION_OVERDUE;
		row[1] = cell_text(e->element ? e->element->code : NULL);
		row[2] = cell_text(e->detail && *e->detail
		                       ? arena_printf(a, "%s (%s)", e->subject ? e->subject : "", e->detail)
		                       : e->subject);
		row[3] = digest_value(a, e->kind, e->before, true);
		row[4] = digest_value(a, e->kind, e->after, false);
		row[5] = cell_date(e->date);
	}
}

/* The agenda points for decision of meeting m (the report's meeting, or the plan's
 * next planned one). */
static void decisions_section(report_context *c, report *r)
{
	arena *a = c->a;
	report_section *s = section_add(r, "decisions", _("Décisions à prendre"),
	                                _("Décisions à prendre"));
	diag_list local;
	diag_init(&local, a);
	const meeting *m = c->meeting;
	if (!m) {
		meeting *all = NULL;
		size_t count = 0;
		if (store_meetings_load(c->s, a, &c->plan, 0, &all, &count, &local) == STORE_OK)
			for (size_t i = 0; i < count && !m; i++)
				if (all[i].status == MEETING_PLANNED && date_compare(all[i].date, c->today) >= 0)
					m = &all[i];
	}
	if (!m) {
		section_paragraph(a, s, _("Aucune séance n'est prévue : aucune décision à prendre."));
		return;
	}
	agenda_item *items = NULL;
	size_t count = 0;
	if (store_agenda_load(c->s, a, &c->plan, m->id, &items, &count, &local) != STORE_OK)
		count = 0;
	if (!c->meeting)
		section_paragraph(a, s, arena_printf(a, _("Prochaine séance : %s du %s."),
		                                     m->instance_name ? m->instance_name : "",
		                                     date_fr(a, m->date)));
	static const char *headers[] = {N_("Point"), N_("Élément"), N_("Notes"), NULL};
	const char *h[4];
	for (size_t i = 0; i < 4; i++)
		h[i] = headers[i] ? _(headers[i]) : NULL;
	report_table *t = section_table(a, s, _("Points de l'ordre du jour soumis à décision"),
	                                _("Aucune : aucun point de l'ordre du jour n'est soumis à "
	                                  "décision."),
	                                count, h);
	for (size_t i = 0; i < count; i++) {
		if (!items[i].for_decision)
			continue;
		report_cell *row = table_row(a, t);
		row[0] = cell_text(items[i].title);
		row[1] = cell_text(report_element_label(a, items[i].element));
		row[2] = cell_text(items[i].notes);
	}
}

static void actions_section(report_context *c, report *r)
{
	arena *a = c->a;
	report_section *s = section_add(r, "actions", _("Actions en cours"), _("Actions en cours"));
	diag_list local;
	diag_init(&local, a);
	action_filter f = {.open_only = true};
	action_item *items = NULL;
	size_t count = 0;
	if (store_action_items_load(c->s, a, &c->plan, &f, &items, &count, &local) != STORE_OK) {
		section_paragraph(a, s, _("Les actions n'ont pas pu être lues."));
		return;
	}
	static const char *headers[] = {N_("Action"), N_("Porteur"), N_("Échéance"), N_("Statut"),
	                                N_("Élément"), N_("Séance"), NULL};
	const char *h[7];
	for (size_t i = 0; i < 7; i++)
		h[i] = headers[i] ? _(headers[i]) : NULL;
	report_table *t = section_table(a, s, _("Actions ouvertes, par échéance"),
	                                _("Aucune action ouverte."), count, h);
	size_t overdue = 0;
	for (size_t i = 0; i < count; i++) {
		const action_item *x = &items[i];
		if (!action_status_open(x->status))
			continue;
		bool late = date_is_set(x->due) && date_compare(x->due, c->today) < 0;
		overdue += late;
		report_cell *row = table_row(a, t);
		row[0] = cell_text(x->text);
		row[1] = cell_text(x->owner);
		row[2] = cell_date(x->due);
		row[2].alert = late;
		row[3] = cell_text(late ? arena_printf(a, "%s, %s", _(action_status_label(x->status)),
		                                       _("en retard"))
		                        : _(action_status_label(x->status)));
		row[3].alert = late;
		row[4] = cell_text(x->element ? x->element->code : NULL);
		row[5] = cell_text(x->meeting_id && x->instance_name
		                       ? arena_printf(a, "%s %s", x->instance_name,
		                                      date_fr(a, x->meeting_date))
		                       : NULL);
	}
	if (t->row_count)
		section_paragraph(a, s, arena_printf(a, i18n_count("%zu action ouverte, dont %zu en "
		                                                   "retard.",
		                                                   "%zu actions ouvertes, dont %zu en "
		                                                   "retard.",
		                                                   t->row_count),
		                                     t->row_count, overdue));
}

/* ---- the reports ------------------------------------------------------------------------ */

static bool context_load(report_context *c, store *s, arena *a, const char *plan_ref,
                         jalon_date today, bool *not_found, diag_list *diags)
{
	memset(c, 0, sizeof(*c));
	c->s = s;
	c->a = a;
	c->today = today;
	c->diags = diags;
	*not_found = false;
	if (steering_view_load(s, a, plan_ref, NULL, today, &c->plan, &c->data, &c->rollup, diags))
		return true;
	*not_found = c->plan.id == 0; /* as the dashboard: no plan loaded is a 404 */
	return false;
}

static void report_fill(report_context *c, report *out)
{
	arena *a = c->a;
	const plan *p = &c->plan;
	memset(out, 0, sizeof(*out));
	out->title = _("Rapport de pilotage");
	out->plan_title = p->title;
	out->organisation = p->organisation;
	if (p->period_start && p->period_end)
		out->period = arena_printf(a, "%d–%d", p->period_start, p->period_end);
	out->date = c->meeting ? c->meeting->date : c->today;
	out->subtitle = c->meeting
	                    ? arena_printf(a, _("%s — séance du %s"), c->meeting->instance_name,
	                                   date_fr(a, c->meeting->date))
	                    : arena_printf(a, _("Rapport de pilotage du %s"), date_fr(a, c->today));
	out->file_stem = report_file_stem(a, c->meeting ? "seance" : "rapport", p->slug, out->date);
	out->sections = arena_alloc(a, 12 * sizeof(*out->sections));
	cover_section(c, out);
	figures_section(c, out);
	weather_section(c, out);
	roadmap_section(c, out);
	budget_section(c, out);
	indicators_section(c, out);
	risks_section(c, out);
	digest_section(c, out);
	decisions_section(c, out);
	actions_section(c, out);
}

bool report_build_plan(store *s, arena *a, const char *plan_ref, jalon_date today, report *out,
                       bool *not_found, diag_list *diags)
{
	report_context c;
	if (!context_load(&c, s, a, plan_ref, today, not_found, diags))
		return false;
	report_fill(&c, out);
	return true;
}

bool report_build_meeting(store *s, arena *a, const char *plan_ref, int64_t meeting_id,
                          jalon_date today, report *out, bool *not_found, diag_list *diags)
{
	report_context c;
	if (!context_load(&c, s, a, plan_ref, today, not_found, diags))
		return false;
	meeting *m = arena_alloc(a, sizeof(*m));
	store_result res = store_meeting_get(s, a, &c.plan, meeting_id, m, diags);
	if (res != STORE_OK) {
		*not_found = res == STORE_NOT_FOUND; /* the store's diag says which */
		return false;
	}
	c.meeting = m;
	report_fill(&c, out);
	return true;
}

/* ---- the summary table ------------------------------------------------------------------ */

bool summary_build(arena *a, const plan *p, const char *level, summary *out, diag_list *diags)
{
	memset(out, 0, sizeof(*out));
	out->plan = p;
	plan_level_count *levels;
	size_t n = plan_level_counts(a, p, &levels);
	out->levels = arena_alloc(a, (n + 1) * sizeof(*out->levels));
	for (size_t i = 0; i < n; i++)
		out->levels[i] = levels[i].label;
	out->level_count = n;
	if (!level || !*level) {
		out->level = n >= 2 ? out->levels[1] : n == 1 ? out->levels[0] : NULL;
	} else {
		const char *key = text_match_key(a, level);
		for (size_t i = 0; i < n && !out->level; i++)
			if (strcmp(out->levels[i], level) == 0 ||
			    strcmp(text_match_key(a, out->levels[i]), key) == 0)
				out->level = out->levels[i];
		if (!out->level) {
			buf known = {0};
			for (size_t i = 0; i < n; i++)
				buf_printf(&known, "%s« %s »", i ? ", " : "", out->levels[i]);
			diag_add(diags, "level", 0, _("niveau inconnu « %s » (niveaux du plan : %s)"), level,
			         known.data ? known.data : "");
			buf_free(&known);
			return false;
		}
	}
	out->rows = arena_alloc(a, (p->element_count + 1) * sizeof(*out->rows));
	for (size_t i = 0; out->level && i < p->element_count; i++) {
		const plan_element *e = p->ordered[i];
		if (strcmp(e->level, out->level) != 0)
			continue;
		summary_row *row = &out->rows[out->row_count++];
		row->element = e;
		row->parent = e->parent;
		row->children = (const plan_element **)e->children;
		row->child_count = e->child_count;
	}
	return true;
}

void summary_report(arena *a, const summary *sm, jalon_date today, report *out)
{
	const plan *p = sm->plan;
	memset(out, 0, sizeof(*out));
	out->title = _("Tableau de synthèse");
	out->plan_title = p->title;
	out->organisation = p->organisation;
	if (p->period_start && p->period_end)
		out->period = arena_printf(a, "%d–%d", p->period_start, p->period_end);
	out->date = today;
	out->subtitle = arena_printf(a, _("Niveau « %s » au %s"), sm->level ? sm->level : "",
	                             date_fr(a, today));
	out->file_stem = report_file_stem(a, "synthese", p->slug, today);
	out->sections = arena_alloc(a, sizeof(*out->sections));
	report_section *s = section_add(out, "summary", _("Tableau de synthèse"), _("Synthèse"));
	const char *h[] = {_("Code"), _("Intitulé"), _("Parent"), _("Sous-éléments"), _("Porteur"),
	                   _("Partenaires"), NULL};
	report_table *t = section_table(a, s, arena_printf(a, _("Éléments de niveau « %s »"),
	                                                   sm->level ? sm->level : ""),
	                                _("Aucun élément à ce niveau."), sm->row_count, h);
	for (size_t i = 0; i < sm->row_count; i++) {
		const summary_row *x = &sm->rows[i];
		report_cell *row = table_row(a, t);
		row[0] = cell_text(x->element->code);
		row[1] = cell_text(x->element->title);
		row[2] = cell_text(report_element_label(a, x->parent));
		buf children = {0}, partners = {0};
		for (size_t k = 0; k < x->child_count; k++)
			buf_printf(&children, "%s%s — %s", k ? "\n" : "", x->children[k]->code,
			           x->children[k]->title);
		for (size_t k = 0; k < x->element->partner_count; k++)
			buf_printf(&partners, "%s%s", k ? ", " : "", x->element->partners[k]);
		row[3] = cell_text(children.data ? arena_strdup(a, children.data) : NULL);
		row[4] = cell_text(x->element->owner);
		row[5] = cell_text(partners.data ? arena_strdup(a, partners.data) : NULL);
		buf_free(&children);
		buf_free(&partners);
	}
}

static json_t *element_ref_json(const plan_element *e)
{
	return e ? json_pack("{s:s, s:s}", "code", e->code, "title", e->title) : json_null();
}

json_t *summary_json(const summary *sm)
{
	json_t *levels = json_array(), *rows = json_array();
	for (size_t i = 0; i < sm->level_count; i++)
		json_array_append_new(levels, json_string(sm->levels[i]));
	for (size_t i = 0; i < sm->row_count; i++) {
		const summary_row *x = &sm->rows[i];
		json_t *children = json_array(), *partners = json_array();
		for (size_t k = 0; k < x->child_count; k++)
			json_array_append_new(children, element_ref_json(x->children[k]));
		for (size_t k = 0; k < x->element->partner_count; k++)
			json_array_append_new(partners, json_string(x->element->partners[k]));
		json_array_append_new(
			rows, json_pack("{s:s, s:s, s:o, s:o, s:o, s:o}", "code", x->element->code, "title",
			                x->element->title, "parent", element_ref_json(x->parent), "children",
			                children, "owner",
			                x->element->owner ? json_string(x->element->owner) : json_null(),
			                "partners", partners));
	}
	return json_pack("{s:s, s:o, s:o, s:o}", "plan", sm->plan->slug, "level",
	                 sm->level ? json_string(sm->level) : json_null(), "levels", levels, "rows",
	                 rows);
}
