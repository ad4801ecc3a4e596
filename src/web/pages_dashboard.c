/*
 * pages_dashboard.c — a plan's steering screens: the dashboard (key figures, weather
 * of each top-level branch, budget by year and by funding source against the
 * envelope, late milestones, top risks and the risk matrix, broken dependencies, what
 * changed in the last 30 days, the roadmap of the branches), the roadmap (a Gantt
 * filtered by branch, level and owner, with baseline bars and dependencies), the
 * prioritisation matrix, and each chart alone as an SVG file at a stable URL
 * (budget.svg, roadmap.svg, risks.svg, priorities.svg; the same query string as the
 * page gives the same chart).
 *
 * The figures are those of `jalon dashboard` (store/steering_view.c rolls the plan up,
 * core/steering.c holds the rules, docs/steering.md explains them). Each chart is
 * drawn by svg.c and followed by a table of the same data in <details>, so the page
 * reads without the picture, without script and without colour. Every choice (the
 * baseline, the filters, the matrix's axes) is a plain GET form, so a view is a link
 * one can share; ?today=AAAA-MM-JJ fixes the date that decides lateness, as on the
 * command line.
 *
 * The dashboard stays a summary whatever the plan's size (the bar of issue 4 is
 * 2,000 elements, 10,000 milestones and 10,000 budget lines under 20 ms): its lists
 * are capped and say how many more there are, and its roadmap draws the top-level
 * branches; the detail lives on the roadmap page.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/baseline_store.h"
#include "store/change_log.h"
#include "store/item_restore.h"
#include "store/steering_view.h"
#include "util/format_fr.h"
#include "util/i18n.h"
#include "util/money.h"
#include "util/text.h"
#include "web/html.h"
#include "web/pages.h"
#include "web/plan_view.h"
#include "web/svg.h"

enum {
	LATE_SHOWN = 20,    /* late milestones listed on the dashboard */
	RISKS_SHOWN = 10,   /* top risks */
	BROKEN_SHOWN = 20,  /* broken dependencies */
	CHANGES_SHOWN = 30, /* changes of the last 30 days */
	CHANGE_DAYS = 30,
};

/* ---- loading ------------------------------------------------------------------------------ */

typedef struct {
	plan plan;
	steering_data data;
	plan_rollup rollup;
	const char *baseline;      /* NULL: none chosen */
	jalon_date today;
	const char *today_query;   /* ?today= as given, kept in links and forms; NULL: none */
} dashboard;

/* Load and roll up the plan of the URL; on failure answer the error page and return
 * false. */
static bool dashboard_load_parts(web_request *rq, web_response *rs, dashboard *d, unsigned parts)
{
	memset(d, 0, sizeof(*d));
	d->today_query = web_query(rq, "today");
	if (d->today_query && !*d->today_query)
		d->today_query = NULL;
	if (!steering_view_today(d->today_query, &d->today)) {
		page_error(rq, rs, 400, _("Date invalide (AAAA-MM-JJ ou JJ/MM/AAAA)"));
		return false;
	}
	d->baseline = web_query(rq, "baseline");
	if (d->baseline && !*d->baseline)
		d->baseline = NULL;
	diag_list diags;
	diag_init(&diags, rq->arena);
	if (steering_view_load_shared(rq->store, rq->arena, rq->params[0], d->baseline, d->today,
	                              parts, &d->plan, &d->data, &d->rollup, &diags))
		return true;
	if (d->plan.id == 0)
		page_error(rq, rs, 404, _("Plan introuvable"));
	else if (d->baseline)
		page_error(rq, rs, 404, _("Référentiel introuvable"));
	else
		page_error(rq, rs, 500, _("La base de données ne répond pas"));
	return false;
}

/* What every screen but prioritisation needs: no weather history, no scores. */
static bool dashboard_load(web_request *rq, web_response *rs, dashboard *d)
{
	return dashboard_load_parts(rq, rs, d, 0);
}

static const element_rollup *rolled(const dashboard *d, const plan_element *e)
{
	return &d->rollup.by_element[e - d->plan.elements];
}

/* ---- the roadmap's data, shared by the pages and roadmap.svg --------------------------------- */

/* Which elements the roadmap shows: a branch (the element and its descendants), a
 * level, an owner (each NULL for all); `roots_only` for the dashboard's summary. */
typedef struct {
	const plan_element *branch;
	const char *level, *owner;
	bool roots_only;
} roadmap_filter;

typedef struct {
	svg_gantt_row *rows;
	size_t row_count;
	const plan_element **row_elements;  /* parallel to rows */
	svg_gantt_mark *marks;
	size_t mark_count;
	const milestone **mark_milestones;  /* parallel to marks */
	svg_gantt_link *links;
	size_t link_count;
} roadmap;

static const char *query_value(web_request *rq, const char *name)
{
	const char *v = web_query(rq, name);
	return v && *v ? text_trim(rq->arena, v) : NULL;
}

/* The filter of the query string (?branch=CODE&level=…&owner=…). An unknown branch
 * code filters nothing out rather than everything: the form then shows it unselected. */
static roadmap_filter roadmap_filter_of(web_request *rq, const plan *p)
{
	roadmap_filter f = {0};
	const char *branch = query_value(rq, "branch");
	f.branch = branch ? plan_find(p, branch) : NULL;
	f.level = query_value(rq, "level");
	f.owner = query_value(rq, "owner");
	return f;
}

static bool roadmap_shows(const roadmap_filter *f, const plan_element *e)
{
	if (f->roots_only)
		return e->parent == NULL;
	if (f->branch) {
		const plan_element *x = e;
		while (x && x != f->branch)
			x = x->parent;
		if (!x)
			return false;
	}
	if (f->level && strcmp(e->level, f->level) != 0)
		return false;
	if (f->owner && (!e->owner || strcmp(e->owner, f->owner) != 0))
		return false;
	return true;
}

static const char *milestone_detail(arena *a, const milestone *m)
{
	const char *detail = arena_printf(a, "%s — %s %s", m->element->code, _("prévu le"),
	                                  html_date_shown(a, m->planned));
	if (date_is_set(m->forecast))
		detail = arena_printf(a, "%s, %s %s", detail, _("prévision"), html_date_shown(a, m->forecast));
	if (date_is_set(m->actual))
		detail = arena_printf(a, "%s, %s %s", detail, _("réel"), html_date_shown(a, m->actual));
	return arena_printf(a, "%s (%s)", detail, milestone_status_label(m->status));
}

static size_t milestone_index(const steering_data *data, const milestone *m)
{
	uintptr_t base = (uintptr_t)data->milestones, at = (uintptr_t)m;
	if (!m || at < base || at >= base + data->milestone_count * sizeof(*m))
		return SIZE_MAX;
	return (size_t)(at - base) / sizeof(*m);
}

/* One row per shown element with a rolled start and end, in the plan's depth-first
 * order (with its baseline dates when a baseline is chosen); one mark per milestone
 * whose element or a dated ancestor is shown (on that row; on the "other" row when its
 * own element is shown but undated); one arrow per dependency whose two ends are drawn.
 * The summary (roots_only) has no marks nor arrows. */
static void roadmap_build(arena *a, const dashboard *d, const roadmap_filter *f, roadmap *out)
{
	const plan *p = &d->plan;
	size_t n = p->element_count;
	size_t *row_of = arena_alloc(a, (n + 1) * sizeof(*row_of));
	bool *shown = arena_alloc(a, (n + 1) * sizeof(*shown));
	memset(out, 0, sizeof(*out));
	out->rows = arena_alloc(a, (n + 1) * sizeof(*out->rows));
	out->row_elements = arena_alloc(a, (n + 1) * sizeof(*out->row_elements));
	for (size_t i = 0; i < n; i++) {
		const plan_element *e = p->ordered[i];
		size_t k = (size_t)(e - p->elements);
		const element_rollup *x = &d->rollup.by_element[k];
		row_of[k] = SIZE_MAX;
		shown[k] = roadmap_shows(f, e);
		if (!shown[k] || !date_is_set(x->start) || !date_is_set(x->end))
			continue;
		row_of[k] = out->row_count;
		out->row_elements[out->row_count] = e;
		out->rows[out->row_count++] = (svg_gantt_row){
			e->code, e->title, x->start, x->end, e->depth,
			d->baseline ? x->baseline_start : DATE_NONE, d->baseline ? x->baseline_end : DATE_NONE};
	}
	if (f->roots_only)
		return;

	size_t mcount = d->data.milestone_count;
	out->marks = arena_alloc(a, (mcount + 1) * sizeof(*out->marks));
	out->mark_milestones = arena_alloc(a, (mcount + 1) * sizeof(*out->mark_milestones));
	size_t *mark_of = arena_alloc(a, (mcount + 1) * sizeof(*mark_of));
	for (size_t i = 0; i < mcount; i++) {
		const milestone *m = &d->data.milestones[i];
		mark_of[i] = SIZE_MAX;
		size_t row = SIZE_MAX;
		for (const plan_element *e = m->element; e && row == SIZE_MAX; e = e->parent)
			if (row_of[e - p->elements] != SIZE_MAX)
				row = row_of[e - p->elements];
		if (row == SIZE_MAX && shown[m->element - p->elements])
			row = out->row_count; /* the "other milestones" row */
		if (row == SIZE_MAX)
			continue;
		mark_of[i] = out->mark_count;
		out->mark_milestones[out->mark_count] = m;
		out->marks[out->mark_count++] = (svg_gantt_mark){
			row, m->title, steering_milestone_expected(m), milestone_detail(a, m),
			steering_milestone_is_late(m, d->today)};
	}

	dependency_violation *broken;
	size_t broken_count = steering_dependency_violations(
		a, p, &d->rollup, d->data.dependencies, d->data.dependency_count,
		d->data.milestone_dependencies, d->data.milestone_dependency_count, &broken);
	out->links = arena_alloc(a, (d->data.dependency_count + d->data.milestone_dependency_count + 1) *
	                                sizeof(*out->links));
	for (size_t i = 0; i < d->data.dependency_count; i++) {
		const element_dependency *x = &d->data.dependencies[i];
		size_t from = row_of[x->from - p->elements], to = row_of[x->to - p->elements];
		if (from == SIZE_MAX || to == SIZE_MAX)
			continue;
		bool violated = false;
		for (size_t k = 0; k < broken_count && !violated; k++)
			violated = broken[k].elements == x;
		out->links[out->link_count++] = (svg_gantt_link){
			from, to, out->rows[from].end, out->rows[to].start,
			arena_printf(a, "%s → %s", x->from->code, x->to->code), violated};
	}
	for (size_t i = 0; i < d->data.milestone_dependency_count; i++) {
		const milestone_dependency *x = &d->data.milestone_dependencies[i];
		size_t fi = milestone_index(&d->data, x->from), ti = milestone_index(&d->data, x->to);
		if (fi == SIZE_MAX || ti == SIZE_MAX)
			continue;
		size_t from = mark_of[fi], to = mark_of[ti];
		if (from == SIZE_MAX || to == SIZE_MAX)
			continue;
		bool violated = false;
		for (size_t k = 0; k < broken_count && !violated; k++)
			violated = broken[k].milestones == x;
		out->links[out->link_count++] = (svg_gantt_link){
			out->marks[from].row, out->marks[to].row, out->marks[from].date, out->marks[to].date,
			arena_printf(a, "%s → %s", x->from->title, x->to->title), violated};
	}
}

static void roadmap_render(buf *b, const dashboard *d, const roadmap *g, bool standalone)
{
	svg_gantt_render(b, "roadmap-chart",
	                 &(svg_gantt){.rows = g->rows, .row_count = g->row_count, .marks = g->marks,
	                              .mark_count = g->mark_count, .links = g->links,
	                              .link_count = g->link_count, .today = d->today},
	                 standalone);
}

/* ---- small formats ---------------------------------------------------------------------------- */

/* part / whole as a percentage, when whole is above zero. */
static const char *share_fr(arena *a, int64_t part, int64_t whole)
{
	return format_fr_percent(a, whole > 0, whole > 0 ? (double)part * 100.0 / (double)whole : 0, false);
}

/* The weather as an icon and a word: never colour alone (CRAFT.md). */
static void weather_html(buf *b, weather w)
{
	static const char *const icons[WEATHER_COUNT] = {"–", "☀", "☁", "⚡"};
	html_printf(b, "<span class=\"weather weather-%s\"><span class=\"weather-icon\" "
	               "aria-hidden=\"true\">%s</span> %s</span>",
	            weather_key(w), icons[w < WEATHER_COUNT ? w : WEATHER_UNSET], weather_label(w));
}

/* ---- the page's sections ------------------------------------------------------------------------ */

/* Home › plan › this page. */
static void breadcrumb(buf *b, const plan *p, const char *path, const char *label)
{
	html_printf(b, "<nav class=\"breadcrumb\" aria-label=\"%s\"><ol>\n"
	               "<li><a href=\"/\">%s</a></li>\n<li><a href=\"/plans/%u\">%s</a></li>\n"
	               "<li><a href=\"/plans/%u/%r\" aria-current=\"page\">%s</a></li>\n"
	               "</ol></nav>\n",
	            _("Fil d'Ariane"), _("Accueil"), p->slug, p->title, p->slug, path, label);
}

/* The plan's steering screens, one link each; `current` is the path of this one. */
static void steering_nav(buf *b, const plan *p, const char *current)
{
	static const struct { const char *path, *label; } screens[] = {
		{"", N_("Vue d'ensemble")},
		{"dashboard", N_("Tableau de bord")},
		{"roadmap", N_("Feuille de route")},
		{"priorities", N_("Priorisation")},
		{"indicators", N_("Indicateurs")},
		{"meetings", N_("Instances et séances")},
		{"actions", N_("Actions")},
		{"decisions", N_("Décisions")},
		{"reports", N_("Rapports")},
		{"versions", N_("Versions et SWOT")},
	};
	html_printf(b, "<nav class=\"steering-nav\" aria-label=\"%s\"><ul>\n", _("Écrans du plan"));
	for (size_t i = 0; i < sizeof(screens) / sizeof(screens[0]); i++)
		html_printf(b, "<li><a href=\"/plans/%u%r%r\"%r>%s</a></li>\n", p->slug,
		            *screens[i].path ? "/" : "", screens[i].path,
		            strcmp(current, screens[i].path) == 0 ? " aria-current=\"page\"" : "",
		            _(screens[i].label));
	html_printf(b, "</ul></nav>\n");
}

void page_steering_nav(buf *b, const plan *p, const char *current)
{
	steering_nav(b, p, current);
}

/* The baseline <select> of a view form; false (and a hint instead) when the plan has
 * no baseline. */
static bool baseline_select(web_request *rq, buf *b, const dashboard *d)
{
	baseline_info *items = NULL;
	size_t count = 0;
	diag_list diags;
	diag_init(&diags, rq->arena);
	if (!store_baselines_list(rq->store, rq->arena, &d->plan, &items, &count, &diags))
		count = 0;
	if (count == 0)
		return false;
	html_printf(b, "<div class=\"field\"><label for=\"baseline\">%s</label>"
	               "<select id=\"baseline\" name=\"baseline\"><option value=\"\">%s</option>",
	            _("Comparer au référentiel"), _("Aucun"));
	for (size_t i = 0; i < count; i++) {
		char day[11] = "";
		jalon_date taken;
		const char *why;
		if (items[i].taken_at && strlen(items[i].taken_at) >= 10 &&
		    date_parse(arena_strndup(rq->arena, items[i].taken_at, 10), &taken, &why))
			date_format_fr(taken, day);
		html_printf(b, "<option value=\"%s\"%r>%s%r%s%r</option>", items[i].name,
		            d->baseline && strcmp(d->baseline, items[i].name) == 0 ? " selected" : "",
		            items[i].name, *day ? " (" : "", day, *day ? ")" : "");
	}
	html_printf(b, "</select></div>\n");
	return true;
}

/* Keep ?today= across a view form. */
static void today_hidden(buf *b, const dashboard *d)
{
	if (d->today_query)
		html_printf(b, "<input type=\"hidden\" name=\"today\" value=\"%s\">\n", d->today_query);
}

static void baseline_form(web_request *rq, buf *b, const dashboard *d)
{
	buf fields = {0};
	bool any = baseline_select(rq, &fields, d);
	if (!any) {
		html_printf(b, "<p class=\"hint\">%s</p>\n",
		            _("Aucun référentiel pour ce plan : les écarts apparaîtront quand un "
		              "référentiel aura été pris (jalon baseline PLAN NOM)."));
	} else {
		html_printf(b, "<form class=\"filters\" method=\"get\" action=\"/plans/%u/dashboard\">\n%r",
		            d->plan.slug, fields.data);
		today_hidden(b, d);
		html_printf(b, "<button type=\"submit\">%s</button>\n</form>\n", _("Afficher"));
	}
	buf_free(&fields);
}

static void key_figures(web_request *rq, buf *b, const dashboard *d)
{
	arena *a = rq->arena;
	const element_rollup *x = &d->rollup.plan;
	html_printf(b, "<h2 id=\"chiffres\">%s</h2>\n<dl class=\"figures\">\n", _("Chiffres clés"));
	html_printf(b, "<div><dt>%s</dt> <dd>%s</dd></div>\n", _("Enveloppe"),
	            d->data.has_envelope ? format_fr_money(a, d->data.envelope_cents) : _("non renseignée"));
	html_printf(b, "<div><dt>%s</dt> <dd>%s", _("Budget prévu"), format_fr_money(a, x->planned_cents));
	if (d->data.has_envelope && d->data.envelope_cents > 0)
		html_printf(b, " <span class=\"sub\">%s %s</span>",
		            share_fr(a, x->planned_cents, d->data.envelope_cents), _("de l'enveloppe"));
	html_printf(b, "</dd></div>\n<div><dt>%s</dt> <dd>%s <span class=\"sub\">%s %s</span></dd></div>\n",
	            _("Engagé"), format_fr_money(a, x->committed_cents),
	            share_fr(a, x->committed_cents, x->planned_cents), _("du prévu"));
	html_printf(b, "<div><dt>%s</dt> <dd>%s <span class=\"sub\">%s %s</span></dd></div>\n",
	            _("Réalisé"), format_fr_money(a, x->paid_cents),
	            share_fr(a, x->paid_cents, x->planned_cents), _("du prévu"));
	html_printf(b, "<div><dt>%s</dt> <dd>%s</dd></div>\n", _("Avancement"),
	            format_fr_percent(a, x->has_progress, x->progress_pct, false));
	html_printf(b, "<div><dt>%s</dt> <dd>", _("Météo"));
	weather_html(b, x->weather);
	html_printf(b, "</dd></div>\n<div><dt>%s</dt> <dd>%s – %s</dd></div>\n", _("Période"),
	            html_date_shown(a, x->start), html_date_shown(a, x->end));
	html_printf(b, "<div><dt>%s</dt> <dd>%zu <span class=\"sub\">%s %zu</span>", _("Jalons"),
	            x->milestones, _("atteints :"), x->milestones_done);
	html_printf(b, " <span class=\"sub%r\">%s %zu</span></dd></div>\n",
	            x->milestones_late ? " late" : "", _("en retard :"), x->milestones_late);
	if (d->baseline) {
		html_printf(b, "<div><dt>%s</dt> <dd>%s <span class=\"sub\">", _("Écart calendaire moyen"),
		            format_fr_percent(a, d->rollup.has_mean_schedule_drift,
		                       d->rollup.mean_schedule_drift_pct, true));
		html_printf(b, i18n_count("sur %zu élément", "sur %zu éléments",
		                          d->rollup.schedule_drift_count),
		            d->rollup.schedule_drift_count);
		html_printf(b, "</span></dd></div>\n<div><dt>%s</dt> <dd>%s <span class=\"sub\">",
		            _("Écart budgétaire moyen"),
		            format_fr_percent(a, d->rollup.has_mean_budget_drift, d->rollup.mean_budget_drift_pct,
		                       true));
		html_printf(b, i18n_count("sur %zu élément", "sur %zu éléments",
		                          d->rollup.budget_drift_count),
		            d->rollup.budget_drift_count);
		html_printf(b, "</span></dd></div>\n");
	}
	html_printf(b, "</dl>\n");
}

static void branches(web_request *rq, buf *b, const dashboard *d)
{
	arena *a = rq->arena;
	const plan *p = &d->plan;
	html_printf(b, "<h2 id=\"meteo\">%s</h2>\n<table aria-labelledby=\"meteo\">\n<thead><tr>"
	               "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
	               "<th scope=\"col\" class=\"number\">%s</th><th scope=\"col\" class=\"number\">%s</th>"
	               "<th scope=\"col\" class=\"number\">%s</th>",
	            _("Météo des branches"), _("Code"), _("Intitulé"), _("Météo"), _("Avancement"),
	            _("Budget prévu"), _("Jalons en retard"));
	if (d->baseline)
		html_printf(b, "<th scope=\"col\" class=\"number\">%s</th>"
		               "<th scope=\"col\" class=\"number\">%s</th>",
		            _("Écart calendaire"), _("Écart budgétaire"));
	html_printf(b, "</tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < p->root_count; i++) {
		const plan_element *e = p->roots[i];
		const element_rollup *x = rolled(d, e);
		html_printf(b, "<tr><td class=\"code\">%s</td><td><a href=\"/plans/%u/elements/%lld\">%s</a>"
		               "</td><td>",
		            e->code, p->slug, (long long)e->id, e->title);
		weather_html(b, x->weather);
		html_printf(b, "</td><td class=\"number\">%s</td><td class=\"number\">%s</td>"
		               "<td class=\"number%r\">%zu</td>",
		            format_fr_percent(a, x->has_progress, x->progress_pct, false),
		            format_fr_money(a, x->planned_cents), x->milestones_late ? " late" : "",
		            x->milestones_late);
		if (d->baseline)
			html_printf(b, "<td class=\"number\">%s</td><td class=\"number\">%s</td>",
			            format_fr_percent(a, x->has_schedule_drift, x->schedule_drift_pct, true),
			            format_fr_percent(a, x->has_budget_drift, x->budget_drift_pct, true));
		html_printf(b, "</tr>\n");
	}
	html_printf(b, "</tbody>\n</table>\n");
}

/* The table of a chart, folded under the chart. */
static void data_begin(buf *b, const char *caption)
{
	html_printf(b, "<details class=\"chart-data\"><summary>%s</summary>\n<table>\n"
	               "<caption>%s</caption>\n",
	            _("Données du graphique"), caption);
}

static void budget_section(web_request *rq, buf *b, const dashboard *d)
{
	arena *a = rq->arena;
	const element_rollup *x = &d->rollup.plan;
	html_printf(b, "<section aria-labelledby=\"budget-annee\">\n<h2 id=\"budget-annee\">%s</h2>\n"
	               "<div class=\"chart\">\n",
	            _("Budget par année"));
	svg_budget_render(b, "budget-chart", x->by_year, x->year_count, false);
	html_printf(b, "</div>\n");
	data_begin(b, _("Budget par année"));
	html_printf(b, "<thead><tr><th scope=\"col\">%s</th><th scope=\"col\" class=\"number\">%s</th>"
	               "<th scope=\"col\" class=\"number\">%s</th><th scope=\"col\" class=\"number\">%s</th>"
	               "</tr></thead>\n<tbody>\n",
	            _("Année"), _("Prévu"), _("Engagé"), _("Réalisé"));
	for (size_t i = 0; i < x->year_count; i++)
		html_printf(b, "<tr><th scope=\"row\">%d</th><td class=\"number\">%s</td>"
		               "<td class=\"number\">%s</td><td class=\"number\">%s</td></tr>\n",
		            x->by_year[i].year, format_fr_money(a, x->by_year[i].planned_cents),
		            format_fr_money(a, x->by_year[i].committed_cents), format_fr_money(a, x->by_year[i].paid_cents));
	html_printf(b, "</tbody>\n<tfoot><tr><th scope=\"row\">%s</th><td class=\"number\">%s</td>"
	               "<td class=\"number\">%s</td><td class=\"number\">%s</td></tr></tfoot>\n"
	               "</table>\n</details>\n",
	            _("Total"), format_fr_money(a, x->planned_cents), format_fr_money(a, x->committed_cents),
	            format_fr_money(a, x->paid_cents));
	html_printf(b, "<p class=\"chart-link\"><a href=\"/plans/%u/budget.svg\">%s</a></p>\n</section>\n",
	            d->plan.slug, _("Le graphique seul (SVG)"));

	html_printf(b, "<h2 id=\"budget-source\">%s</h2>\n", _("Budget par source de financement"));
	if (x->source_count == 0) {
		html_printf(b, "<p>%s</p>\n", _("Aucune ligne budgétaire."));
		return;
	}
	html_printf(b, "<table aria-labelledby=\"budget-source\">\n<thead><tr><th scope=\"col\">%s</th>"
	               "<th scope=\"col\" class=\"number\">%s</th><th scope=\"col\" class=\"number\">%s</th>"
	               "<th scope=\"col\" class=\"number\">%s</th><th scope=\"col\" class=\"number\">%s</th>"
	               "</tr></thead>\n<tbody>\n",
	            _("Source"), _("Prévu"), _("Part du prévu"), _("Engagé"), _("Réalisé"));
	for (size_t i = 0; i < x->source_count; i++) {
		const budget_sum *s = &x->by_source[i];
		html_printf(b, "<tr><th scope=\"row\">%s</th><td class=\"number\">%s</td>"
		               "<td class=\"number\">%s</td><td class=\"number\">%s</td>"
		               "<td class=\"number\">%s</td></tr>\n",
		            s->source ? s->source : "—", format_fr_money(a, s->planned_cents),
		            share_fr(a, s->planned_cents, x->planned_cents), format_fr_money(a, s->committed_cents),
		            format_fr_money(a, s->paid_cents));
	}
	html_printf(b, "</tbody>\n</table>\n");
}

/* ---- late milestones ---------------------------------------------------------------------------- */

static int late_compare(const void *pa, const void *pb)
{
	const milestone *a = *(const milestone *const *)pa, *b = *(const milestone *const *)pb;
	int c = date_compare(a->planned, b->planned);
	return c ? c : (a < b ? -1 : a > b);
}

/* Days a late milestone is behind: its forecast, else today, against its plan. */
static long long days_late(const milestone *m, jalon_date today)
{
	jalon_date at = date_is_set(m->forecast) && date_compare(m->forecast, today) > 0 ? m->forecast
	                                                                                 : today;
	if (!date_is_set(at))
		at = m->forecast;
	return (long long)(date_to_days(at) - date_to_days(m->planned));
}

static void late_section(web_request *rq, buf *b, const dashboard *d)
{
	arena *a = rq->arena;
	const milestone **late = arena_alloc(a, (d->data.milestone_count + 1) * sizeof(*late));
	size_t n = 0;
	for (size_t i = 0; i < d->data.milestone_count; i++)
		if (steering_milestone_is_late(&d->data.milestones[i], d->today))
			late[n++] = &d->data.milestones[i];
	qsort(late, n, sizeof(*late), late_compare);
	html_printf(b, "<h2 id=\"retards\">%s</h2>\n", _("Jalons en retard"));
	if (n == 0) {
		html_printf(b, "<p>%s</p>\n", _("Aucun jalon en retard."));
		return;
	}
	html_printf(b, "<table aria-labelledby=\"retards\">\n<thead><tr><th scope=\"col\">%s</th>"
	               "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
	               "<th scope=\"col\" class=\"number\">%s</th></tr></thead>\n<tbody>\n",
	            _("Élément"), _("Jalon"), _("Date prévue"), _("Prévision"), _("Retard (jours)"));
	for (size_t i = 0; i < n && i < LATE_SHOWN; i++) {
		const milestone *m = late[i];
		html_printf(b, "<tr><td><a href=\"/plans/%u/elements/%lld\"><span class=\"code\">%s</span></a>"
		               "</td><td>%s</td><td>%s</td><td>%s</td><td class=\"number late\">%lld</td></tr>\n",
		            d->plan.slug, (long long)m->element->id, m->element->code, m->title,
		            html_date_shown(a, m->planned), html_date_shown(a, m->forecast), days_late(m, d->today));
	}
	html_printf(b, "</tbody>\n</table>\n");
	if (n > LATE_SHOWN) {
		html_printf(b, "<p>");
		html_printf(b, i18n_count("Et %zu autre jalon en retard,", "Et %zu autres jalons en retard,",
		                          n - LATE_SHOWN),
		            n - LATE_SHOWN);
		html_printf(b, " <a href=\"/plans/%u/roadmap\">%s</a>.</p>\n", d->plan.slug,
		            _("sur la feuille de route"));
	}
}

/* ---- risks -------------------------------------------------------------------------------------- */

static const char *criticality_band(int c)
{
	return c >= 12 ? _("critique") : c >= 8 ? _("élevée") : c >= 4 ? _("modérée")
	       : c >= 1 ? _("faible") : _("non évaluée");
}

/* The open risks that are assessed: what the matrix draws. */
static size_t matrix_risks(arena *a, const dashboard *d, const element_risk ***out)
{
	const element_risk **list = arena_alloc(a, (d->data.risk_count + 1) * sizeof(*list));
	size_t n = 0;
	for (size_t i = 0; i < d->data.risk_count; i++) {
		const element_risk *r = &d->data.risks[i];
		if (r->status != RISK_CLOSED && steering_risk_criticality(r) > 0)
			list[n++] = r;
	}
	*out = list;
	return n;
}

static void risks_section(web_request *rq, buf *b, const dashboard *d)
{
	arena *a = rq->arena;
	html_printf(b, "<section aria-labelledby=\"risques\">\n<h2 id=\"risques\">%s</h2>\n", _("Risques"));
	const element_risk **top;
	size_t shown = steering_top_risks(a, d->data.risks, d->data.risk_count, RISKS_SHOWN, &top);
	if (shown == 0) {
		html_printf(b, "<p>%s</p>\n</section>\n", _("Aucun risque ouvert."));
		return;
	}
	const element_risk **assessed;
	size_t n = matrix_risks(a, d, &assessed);
	html_printf(b, "<div class=\"chart chart-square\">\n");
	svg_risk_matrix_render(b, "risk-matrix", assessed, n, false);
	html_printf(b, "</div>\n");
	data_begin(b, _("Nombre de risques ouverts par probabilité et impact"));
	int count[5][5] = {{0}};
	for (size_t i = 0; i < n; i++)
		count[assessed[i]->probability][assessed[i]->impact]++;
	html_printf(b, "<thead><tr><th scope=\"col\">%s</th>", _("Probabilité \\ impact"));
	for (int i = 1; i <= 4; i++)
		html_printf(b, "<th scope=\"col\" class=\"number\">%d</th>", i);
	html_printf(b, "</tr></thead>\n<tbody>\n");
	for (int pr = 4; pr >= 1; pr--) {
		html_printf(b, "<tr><th scope=\"row\">%d</th>", pr);
		for (int im = 1; im <= 4; im++)
			html_printf(b, "<td class=\"number\">%d</td>", count[pr][im]);
		html_printf(b, "</tr>\n");
	}
	html_printf(b, "</tbody>\n</table>\n</details>\n");
	html_printf(b, "<p class=\"chart-link\"><a href=\"/plans/%u/risks.svg\">%s</a></p>\n",
	            d->plan.slug, _("La matrice seule (SVG)"));

	html_printf(b, "<table>\n<caption>%s</caption>\n<thead><tr><th scope=\"col\">%s</th>"
	               "<th scope=\"col\">%s</th><th scope=\"col\" class=\"number\">%s</th>"
	               "<th scope=\"col\" class=\"number\">%s</th><th scope=\"col\">%s</th>"
	               "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
	            _("Risques les plus critiques"), _("Élément"), _("Risque"), _("Probabilité"),
	            _("Impact"), _("Criticité"), _("Responsable"), _("Statut"));
	for (size_t i = 0; i < shown; i++) {
		const element_risk *r = top[i];
		int c = steering_risk_criticality(r);
		html_printf(b, "<tr><td><a href=\"/plans/%u/elements/%lld\"><span class=\"code\">%s</span></a>"
		               "</td><td>%s</td>",
		            d->plan.slug, (long long)r->element->id, r->element->code, r->description);
		if (c)
			html_printf(b, "<td class=\"number\">%d</td><td class=\"number\">%d</td>"
			               "<td>%d (%s)</td>", r->probability, r->impact, c, criticality_band(c));
		else
			html_printf(b, "<td class=\"number\">—</td><td class=\"number\">—</td><td>%s</td>",
			            criticality_band(0));
		html_printf(b, "<td>%s</td><td>%s</td></tr>\n", r->owner ? r->owner : "—",
		            risk_status_label(r->status));
	}
	html_printf(b, "</tbody>\n</table>\n</section>\n");
}

/* ---- broken dependencies ------------------------------------------------------------------------ */

static void broken_section(web_request *rq, buf *b, const dashboard *d)
{
	arena *a = rq->arena;
	dependency_violation *v;
	size_t n = steering_dependency_violations(
		a, &d->plan, &d->rollup, d->data.dependencies, d->data.dependency_count,
		d->data.milestone_dependencies, d->data.milestone_dependency_count, &v);
	html_printf(b, "<h2 id=\"dependances\">%s</h2>\n", _("Dépendances non respectées"));
	if (n == 0) {
		html_printf(b, "<p>%s</p>\n", _("Toutes les dépendances sont respectées."));
		return;
	}
	html_printf(b, "<table aria-labelledby=\"dependances\">\n<thead><tr><th scope=\"col\">%s</th>"
	               "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
	               "<th scope=\"col\" class=\"number\">%s</th></tr></thead>\n<tbody>\n",
	            _("Prédécesseur"), _("Fin"), _("Successeur"), _("Début"), _("Chevauchement (jours)"));
	for (size_t i = 0; i < n && i < BROKEN_SHOWN; i++) {
		const plan_element *from, *to;
		const char *from_label, *to_label;
		if (v[i].elements) {
			from = v[i].elements->from;
			to = v[i].elements->to;
			from_label = from->title;
			to_label = to->title;
		} else {
			from = v[i].milestones->from->element;
			to = v[i].milestones->to->element;
			from_label = arena_printf(a, "%s %s", _("jalon"), v[i].milestones->from->title);
			to_label = arena_printf(a, "%s %s", _("jalon"), v[i].milestones->to->title);
		}
		html_printf(b, "<tr><td><a href=\"/plans/%u/elements/%lld\"><span class=\"code\">%s</span> %s</a>"
		               "</td><td>%s</td><td><a href=\"/plans/%u/elements/%lld\">"
		               "<span class=\"code\">%s</span> %s</a></td><td>%s</td>"
		               "<td class=\"number late\">%d</td></tr>\n",
		            d->plan.slug, (long long)from->id, from->code, from_label,
		            html_date_shown(a, v[i].from_date), d->plan.slug, (long long)to->id, to->code, to_label,
		            html_date_shown(a, v[i].to_date), v[i].days);
	}
	html_printf(b, "</tbody>\n</table>\n");
	if (n > BROKEN_SHOWN) {
		html_printf(b, "<p>");
		html_printf(b, i18n_count("Et %zu autre dépendance non respectée.",
		                          "Et %zu autres dépendances non respectées.", n - BROKEN_SHOWN),
		            n - BROKEN_SHOWN);
		html_printf(b, "</p>\n");
	}
}

/* ---- what changed --------------------------------------------------------------------------------- */

static const char *entity_label(const char *entity)
{
	static const struct { const char *key, *label; } names[] = {
		{"plan", N_("Plan")}, {"element", N_("Élément")}, {"status", N_("État")},
		{"milestone", N_("Jalon")}, {"budget_line", N_("Ligne budgétaire")},
		{"risk", N_("Risque")}, {"dependency", N_("Dépendance")},
		{"qualification", N_("Qualification")}, {"baseline", N_("Référentiel")},
		{"indicator", N_("Indicateur")}, {"measurement", N_("Mesure")},
		{"instance", N_("Instance")}, {"meeting", N_("Séance")},
		{"agenda_item", N_("Point de l'ordre du jour")}, {"decision", N_("Décision")},
		{"action_item", N_("Action")}, {"swot", N_("SWOT")},
	};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(entity, names[i].key) == 0)
			return _(names[i].label);
	return entity;
}

static const char *field_label(const char *field)
{
	static const struct { const char *key, *label; } names[] = {
		{"code", N_("code")}, {"parent", N_("parent")}, {"level", N_("niveau")},
		{"title", N_("intitulé")}, {"description", N_("description")}, {"owner", N_("porteur")},
		{"partners", N_("partenaires")}, {"beneficiaries", N_("bénéficiaires")},
		{"start", N_("début")}, {"end", N_("fin")}, {"budget", N_("budget")},
		{"status", N_("statut")}, {"contributes_to", N_("contribue à")},
		{"progress", N_("avancement")}, {"weather", N_("météo")}, {"phase", N_("phase")},
		{"comment", N_("commentaire")}, {"envelope", N_("enveloppe")},
		{"planned", N_("date prévue")}, {"forecast", N_("prévision")},
		{"actual", N_("date réelle")}, {"deliverable", N_("livrable")},
		{"validated_by", N_("validé par")}, {"validated_on", N_("validé le")},
		{"minutes_ref", N_("référence du compte rendu")}, {"year", N_("année")},
		{"nature", N_("nature")}, {"source", N_("source")}, {"planned_cents", N_("prévu")},
		{"committed_cents", N_("engagé")}, {"paid_cents", N_("réalisé")},
		{"probability", N_("probabilité")}, {"impact", N_("impact")},
		{"mitigation", N_("atténuation")}, {"type", N_("type")}, {"scores", N_("notes")},
		{"element", N_("élément")},
		/* indicators and measurements */
		{"name", N_("nom")}, {"definition", N_("définition")}, {"family", N_("famille")},
		{"unit", N_("unité")}, {"direction", N_("sens")}, {"frequency", N_("fréquence")},
		{"baseline", N_("valeur initiale")}, {"targets", N_("cibles")},
		{"tolerance", N_("tolérance")}, {"formula", N_("formule")},
		{"elements", N_("éléments")}, {"value", N_("valeur")},
		/* committees */
		{"kind", N_("type")}, {"role", N_("rôle et missions")}, {"members", N_("composition")},
		{"branches", N_("branches pilotées")}, {"instance", N_("instance")},
		{"date", N_("date")}, {"duration", N_("durée")},
		{"place", N_("lieu")}, {"video_url", N_("lien de visioconférence")},
		{"minutes", N_("compte rendu")}, {"attendees", N_("participants")},
		{"notes", N_("notes")}, {"for_decision", N_("décision attendue")},
		{"position", N_("rang")}, {"text", N_("texte")}, {"effect", N_("effet")},
		{"effect_date", N_("date de l'effet")}, {"effect_element", N_("élément de l'effet")},
		{"effect_value", N_("valeur de l'effet")}, {"due", N_("échéance")},
		{"meeting", N_("séance")},
		/* the plan's adoption and versions, SWOT */
		{"adopted_on", N_("adopté le")}, {"adopted_by", N_("adopté par")},
		{"deliberation_number", N_("numéro de délibération")}, {"votes_for", N_("voix pour")},
		{"votes_against", N_("voix contre")}, {"abstentions", N_("abstentions")},
		{"revision", N_("révision")}, {"forces", N_("forces")},
		{"faiblesses", N_("faiblesses")}, {"opportunites", N_("opportunités")},
		{"menaces", N_("menaces")},
	};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(field, names[i].key) == 0)
			return _(names[i].label);
	return field;
}

static const char *action_label(change_action action)
{
	switch (action) {
	case CHANGE_CREATE: return _("ajout");
	case CHANGE_DELETE: return _("suppression");
	case CHANGE_IMPORT: return _("import");
	case CHANGE_RESTORE: return _("restauration");
	case CHANGE_UPDATE: break;
	}
	return _("modification");
}

/* A journal value as a user reads it: dates JJ/MM/AAAA, amounts in euros. */
static const char *value_fr(arena *a, const char *field, const char *value)
{
	if (!value || !*value)
		return "—";
	size_t len = strlen(field ? field : "");
	if (len > 6 && strcmp(field + len - 6, "_cents") == 0) {
		char *end;
		long long cents = strtoll(value, &end, 10);
		if (!*end)
			return format_fr_money(a, cents);
	}
	jalon_date date;
	const char *why;
	if (strlen(value) == 10 && value[4] == '-' && date_parse(value, &date, &why))
		return html_date_shown(a, date);
	weather w;
	if (field && strcmp(field, "weather") == 0 && weather_parse(value, &w))
		return weather_label(w);
	return value;
}

/* "2026-11-22T09:30:00Z" as "22/11/2026 10:30" in local time. */
static const char *timestamp_fr(arena *a, const char *at)
{
	struct tm tm = {0};
	if (!at || sscanf(at, "%4d-%2d-%2dT%2d:%2d:%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
	                  &tm.tm_hour, &tm.tm_min, &tm.tm_sec) != 6)
		return at ? at : "—";
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	time_t t = timegm(&tm);
	struct tm local;
	localtime_r(&t, &local);
	return arena_printf(a, "%02d/%02d/%04d %02d:%02d", local.tm_mday, local.tm_mon + 1,
	                    local.tm_year + 1900, local.tm_hour, local.tm_min);
}

void page_changes_table(web_request *rq, buf *b, const plan *p, const char *labelled_by,
                        const change_entry *items, size_t count, bool restore)
{
	arena *a = rq->arena;
	html_printf(b, "<table aria-labelledby=\"%s\">\n<thead><tr><th scope=\"col\">%s</th>"
	               "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
	               "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>",
	            labelled_by, _("Date"), _("Élément"), _("Changement"), _("Avant"), _("Après"),
	            _("Par"));
	if (restore)
		html_printf(b, "<th scope=\"col\"><span class=\"visually-hidden\">%s</span></th>",
		            _("Rétablir"));
	html_printf(b, "</tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < count; i++) {
		const change_entry *c = &items[i];
		const char *what = c->field ? arena_printf(a, _("%s : %s"), entity_label(c->entity),
		                                           field_label(c->field))
		                            : arena_printf(a, _("%s : %s"), entity_label(c->entity),
		                                           action_label(c->action));
		const plan_element *e = c->element_id ? plan_find_id(p, c->element_id) : NULL;
		html_printf(b, "<tr><td>%s</td><td>", timestamp_fr(a, c->at));
		if (e)
			html_printf(b, "<a href=\"/plans/%u/elements/%lld\"><span class=\"code\">%s</span></a>",
			            p->slug, (long long)e->id, e->code);
		else
			html_printf(b, "<span class=\"code\">%s</span>", c->element_code ? c->element_code : "—");
		const char *via = strcmp(c->via, "api") == 0 ? _("API") : strcmp(c->via, "web") == 0
		                  ? _("navigateur") : _("ligne de commande");
		html_printf(b, "</td><td>%s</td><td>%s</td><td>%s</td><td>%s%r%s</td>", what,
		            value_fr(a, c->field, c->old_value), value_fr(a, c->field, c->new_value),
		            c->actor ? c->actor : "", c->actor ? ", " : "", via);
		if (restore) {
			/* Put the value before back: one small form per restorable row (a POST
			 * with its token; it works without script), named for a screen reader. */
			const char *key = change_action_key(c->action);
			html_printf(b, "<td>");
			if (store_change_restorable(p, c->entity, c->field, key)) {
				html_printf(b, "<form method=\"post\" action=\"/plans/%u/changes/%lld/restore\">",
				            p->slug, (long long)c->id);
				html_csrf_field(rq, b);
				html_printf(b, "<button type=\"submit\" class=\"small\">%s"
				               "<span class=\"visually-hidden\"> %s</span></button></form>",
				            _("Rétablir"),
				            arena_printf(a, _("%s : « %s »"), what,
				                         value_fr(a, c->field, c->old_value)));
			}
			html_printf(b, "</td>");
		}
		html_printf(b, "</tr>\n");
	}
	html_printf(b, "</tbody>\n</table>\n");
}

static void changes_section(web_request *rq, buf *b, const dashboard *d)
{
	arena *a = rq->arena;
	char since[11];
	date_format_iso(date_from_days(date_to_days(d->today) - CHANGE_DAYS), since);
	change_entry *items = NULL;
	size_t count = 0;
	diag_list diags;
	diag_init(&diags, a);
	html_printf(b, "<h2 id=\"changements\">%s</h2>\n", _("Changements des 30 derniers jours"));
	if (!store_changes_load(rq->store, a, d->plan.id, since, 0, CHANGES_SHOWN + 1, &items, &count,
	                        &diags)) {
		html_printf(b, "<p>%s</p>\n", _("Le journal des changements ne peut pas être lu."));
		return;
	}
	if (count == 0) {
		html_printf(b, "<p>%s</p>\n", _("Aucun changement depuis 30 jours."));
		return;
	}
	page_changes_table(rq, b, &d->plan, "changements", items,
	                   count < CHANGES_SHOWN ? count : CHANGES_SHOWN, false);
	if (count > CHANGES_SHOWN)
		html_printf(b, "<p>%s</p>\n", _("Seuls les changements les plus récents sont affichés."));
}

/* ---- the roadmap: the dashboard's summary and the roadmap page ---------------------------------- */

static void roadmap_tables(web_request *rq, buf *b, const dashboard *d, const roadmap *g)
{
	arena *a = rq->arena;
	data_begin(b, _("Éléments datés"));
	html_printf(b, "<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
	               "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>",
	            _("Code"), _("Intitulé"), _("Début"), _("Fin"));
	if (d->baseline)
		html_printf(b, "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		               "<th scope=\"col\" class=\"number\">%s</th>",
		            _("Début au référentiel"), _("Fin au référentiel"), _("Écart calendaire"));
	html_printf(b, "</tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < g->row_count; i++) {
		html_printf(b, "<tr><td class=\"code\">%s</td><td>%s</td><td>%s</td><td>%s</td>",
		            g->rows[i].code, g->rows[i].title, html_date_shown(a, g->rows[i].start),
		            html_date_shown(a, g->rows[i].end));
		if (d->baseline) {
			const element_rollup *x = rolled(d, g->row_elements[i]);
			html_printf(b, "<td>%s</td><td>%s</td><td class=\"number\">%s</td>",
			            html_date_shown(a, g->rows[i].base_start), html_date_shown(a, g->rows[i].base_end),
			            format_fr_percent(a, x->has_schedule_drift, x->schedule_drift_pct, true));
		}
		html_printf(b, "</tr>\n");
	}
	html_printf(b, "</tbody>\n</table>\n");
	if (g->mark_count) {
		html_printf(b, "<table>\n<caption>%s</caption>\n<thead><tr>"
		               "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		               "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		               "</tr></thead>\n<tbody>\n",
		            _("Jalons"), _("Élément"), _("Jalon"), _("Date prévue"), _("Prévision"),
		            _("Date réelle"), _("Statut"));
		for (size_t i = 0; i < g->mark_count; i++) {
			const milestone *m = g->mark_milestones[i];
			html_printf(b, "<tr><td class=\"code\">%s</td><td>%s</td><td>%s</td><td>%s</td>"
			               "<td>%s</td><td>%s",
			            m->element->code, m->title, html_date_shown(a, m->planned), html_date_shown(a, m->forecast),
			            html_date_shown(a, m->actual), milestone_status_label(m->status));
			if (g->marks[i].late)
				html_printf(b, ", <strong class=\"late\">%s</strong>", _("en retard"));
			html_printf(b, "</td></tr>\n");
		}
		html_printf(b, "</tbody>\n</table>\n");
	}
	if (g->link_count) {
		html_printf(b, "<table>\n<caption>%s</caption>\n<thead><tr><th scope=\"col\">%s</th>"
		               "<th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
		            _("Dépendances"), _("Dépendance"), _("Respectée"));
		for (size_t i = 0; i < g->link_count; i++)
			html_printf(b, "<tr><td>%s</td><td%r>%s</td></tr>\n", g->links[i].detail,
			            g->links[i].violated ? " class=\"late\"" : "",
			            g->links[i].violated ? _("non") : _("oui"));
		html_printf(b, "</tbody>\n</table>\n");
	}
	html_printf(b, "</details>\n");
}

/* The query string of the current view (baseline, today, filters), for chart links. */
static const char *view_query(web_request *rq, const dashboard *d, const roadmap_filter *f)
{
	buf q = {0};
	const char *names[] = {"baseline", "today", "branch", "level", "owner"};
	const char *values[] = {d->baseline, d->today_query, f && f->branch ? f->branch->code : NULL,
	                        f ? f->level : NULL, f ? f->owner : NULL};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (!values[i])
			continue;
		buf_puts(&q, q.len ? "&" : "?");
		html_printf(&q, "%r=%u", names[i], values[i]);
	}
	const char *s = arena_strdup(rq->arena, q.data ? q.data : "");
	buf_free(&q);
	return s;
}

static void roadmap_summary(web_request *rq, buf *b, const dashboard *d)
{
	roadmap g;
	roadmap_filter f = {.roots_only = true};
	roadmap_build(rq->arena, d, &f, &g);
	html_printf(b, "<section aria-labelledby=\"feuille-de-route\">\n"
	               "<h2 id=\"feuille-de-route\">%s</h2>\n", _("Feuille de route des branches"));
	html_printf(b, "<div class=\"chart\">\n");
	roadmap_render(b, d, &g, false);
	html_printf(b, "</div>\n");
	roadmap_tables(rq, b, d, &g);
	html_printf(b, "<p class=\"chart-link\"><a href=\"/plans/%u/roadmap%r\">%s</a></p>\n</section>\n",
	            d->plan.slug, view_query(rq, d, NULL),
	            _("La feuille de route détaillée, avec les jalons et les dépendances"));
}

/* ---- handlers --------------------------------------------------------------------------------- */

static void page_head(web_request *rq, web_response *rs, const dashboard *d, const char *path,
                      const char *label)
{
	buf *b = &rs->body;
	html_page_begin(rq, rs, arena_printf(rq->arena, "%s — %s", label, d->plan.title));
	breadcrumb(b, &d->plan, path, label);
	steering_nav(b, &d->plan, path);
	html_printf(b, "<div class=\"dashboard\">\n<h1>%s <span class=\"sub\">%s</span></h1>\n", label,
	            d->plan.title);
	html_printf(b, "<p>");
	html_printf(b, _("Situation au %s"), html_date_shown(rq->arena, d->today));
	if (d->baseline) {
		html_printf(b, " · ");
		html_printf(b, _("écarts par rapport au référentiel « %s »"), d->baseline);
	}
	html_printf(b, "</p>\n");
}

void page_plan_dashboard(web_request *rq, web_response *rs)
{
	dashboard d;
	if (!dashboard_load(rq, rs, &d))
		return;
	buf *b = &rs->body;
	page_head(rq, rs, &d, "dashboard", _("Tableau de bord"));
	baseline_form(rq, b, &d);
	key_figures(rq, b, &d);
	branches(rq, b, &d);
	budget_section(rq, b, &d);
	late_section(rq, b, &d);
	risks_section(rq, b, &d);
	broken_section(rq, b, &d);
	changes_section(rq, b, &d);
	roadmap_summary(rq, b, &d);
	html_printf(b, "</div>\n");
	html_page_end(rq, rs);
}

/* The branches a roadmap can be narrowed to: every element with children. */
static void branch_select(buf *b, const plan *p, const plan_element *chosen)
{
	html_printf(b, "<div class=\"field\"><label for=\"f-branch\">%s</label>"
	               "<select id=\"f-branch\" name=\"branch\"><option value=\"\">%s</option>",
	            _("Branche"), _("Tout le plan"));
	for (size_t i = 0; i < p->element_count; i++) {
		const plan_element *e = p->ordered[i];
		if (!e->child_count)
			continue;
		html_printf(b, "<option value=\"%s\"%r>%s — %s</option>", e->code,
		            e == chosen ? " selected" : "", e->code, e->title);
	}
	html_printf(b, "</select></div>\n");
}

void page_plan_roadmap(web_request *rq, web_response *rs)
{
	dashboard d;
	if (!dashboard_load(rq, rs, &d))
		return;
	arena *a = rq->arena;
	buf *b = &rs->body;
	roadmap_filter f = roadmap_filter_of(rq, &d.plan);
	page_head(rq, rs, &d, "roadmap", _("Feuille de route"));
	html_printf(b, "<form class=\"filters\" method=\"get\" action=\"/plans/%u/roadmap\">\n",
	            d.plan.slug);
	branch_select(b, &d.plan, f.branch);
	const char **values;
	size_t n = plan_view_distinct_values(a, &d.plan, plan_view_level, &values);
	plan_view_select_filter(b, "level", _("Niveau"), _("Tous"), values, n, f.level);
	n = plan_view_distinct_values(a, &d.plan, plan_view_owner, &values);
	plan_view_select_filter(b, "owner", _("Porteur"), _("Tous"), values, n, f.owner);
	baseline_select(rq, b, &d);
	today_hidden(b, &d);
	html_printf(b, "<button type=\"submit\">%s</button>\n</form>\n", _("Filtrer"));

	roadmap g;
	roadmap_build(a, &d, &f, &g);
	html_printf(b, "<p role=\"status\">");
	html_printf(b, i18n_count("%zu élément daté", "%zu éléments datés", g.row_count), g.row_count);
	html_printf(b, ", ");
	html_printf(b, i18n_count("%zu jalon", "%zu jalons", g.mark_count), g.mark_count);
	html_printf(b, ", ");
	html_printf(b, i18n_count("%zu dépendance", "%zu dépendances", g.link_count), g.link_count);
	html_printf(b, ".</p>\n<section aria-labelledby=\"feuille-de-route\">\n"
	               "<h2 id=\"feuille-de-route\">%s</h2>\n<div class=\"chart\">\n", _("Diagramme"));
	roadmap_render(b, &d, &g, false);
	html_printf(b, "</div>\n");
	roadmap_tables(rq, b, &d, &g);
	html_printf(b, "<p class=\"chart-link\"><a href=\"/plans/%u/roadmap.svg%r\">%s</a></p>\n"
	               "</section>\n</div>\n",
	            d.plan.slug, view_query(rq, &d, &f), _("Le graphique seul (SVG)"));
	html_page_end(rq, rs);
}

/* ---- prioritisation --------------------------------------------------------------------------- */

/* The criterion of the query's `name` if it is one of the plan's, else the default:
 * the first criterion whose folded name is `want`, else the list's `fallback`-th. */
static const char *axis_of(web_request *rq, const dashboard *d, const char *name, const char *want,
                           size_t fallback)
{
	const char *asked = query_value(rq, name);
	const char *found = NULL;
	for (size_t i = 0; i < d->data.criterion_count && !found; i++)
		if (asked && strcmp(asked, d->data.criteria[i]) == 0)
			found = d->data.criteria[i];
	for (size_t i = 0; i < d->data.criterion_count && !found; i++)
		if (strcmp(text_match_key(rq->arena, d->data.criteria[i]), want) == 0)
			found = d->data.criteria[i];
	if (!found && d->data.criterion_count)
		found = d->data.criteria[fallback < d->data.criterion_count ? fallback : 0];
	return found;
}

typedef struct {
	svg_bubble *bubbles;
	const plan_element **elements;   /* parallel */
	const element_qualification **qualifications; /* parallel, NULL when none */
	size_t count;
	const char *x, *y;
} priorities;

static bool score_of(const dashboard *d, const plan_element *e, const char *criterion, int *out)
{
	/* Scores are grouped by element: a linear scan is fine for a page, and the
	 * caller below indexes them once per element. */
	for (size_t i = 0; i < d->data.score_count; i++)
		if (d->data.scores[i].element == e && strcmp(d->data.scores[i].criterion, criterion) == 0) {
			*out = d->data.scores[i].score;
			return true;
		}
	return false;
}

static void priorities_build(web_request *rq, const dashboard *d, priorities *out)
{
	arena *a = rq->arena;
	const plan *p = &d->plan;
	memset(out, 0, sizeof(*out));
	out->x = axis_of(rq, d, "x", "complexite technique", 2);
	out->y = axis_of(rq, d, "y", "valeur ajoutee", 5);
	const char *level = query_value(rq, "level");
	/* Elements with a score of their own, in plan order. */
	bool *scored = arena_alloc(a, (p->element_count + 1) * sizeof(*scored));
	for (size_t i = 0; i < d->data.score_count; i++)
		if (d->data.scores[i].element)
			scored[d->data.scores[i].element - p->elements] = true;
	const element_qualification **qual = arena_alloc(a, (p->element_count + 1) * sizeof(*qual));
	for (size_t i = 0; i < d->data.qualification_count; i++)
		if (d->data.qualifications[i].element)
			qual[d->data.qualifications[i].element - p->elements] = &d->data.qualifications[i];
	out->bubbles = arena_alloc(a, (p->element_count + 1) * sizeof(*out->bubbles));
	out->elements = arena_alloc(a, (p->element_count + 1) * sizeof(*out->elements));
	out->qualifications = arena_alloc(a, (p->element_count + 1) * sizeof(*out->qualifications));
	if (!out->x || !out->y)
		return;
	for (size_t i = 0; i < p->element_count; i++) {
		const plan_element *e = p->ordered[i];
		size_t k = (size_t)(e - p->elements);
		int x, y;
		if (!scored[k] || (level && strcmp(e->level, level) != 0) || !score_of(d, e, out->x, &x) ||
		    !score_of(d, e, out->y, &y))
			continue;
		const element_rollup *r = rolled(d, e);
		out->elements[out->count] = e;
		out->qualifications[out->count] = qual[k];
		out->bubbles[out->count++] = (svg_bubble){e->code, e->title, x, y, r->planned_cents,
		                                          r->weather};
	}
}

static void criterion_select(buf *b, const dashboard *d, const char *name, const char *label,
                             const char *chosen)
{
	html_printf(b, "<div class=\"field\"><label for=\"f-%s\">%s</label><select id=\"f-%s\" name=\"%s\">",
	            name, label, name, name);
	for (size_t i = 0; i < d->data.criterion_count; i++)
		html_printf(b, "<option%r>%s</option>",
		            chosen && strcmp(chosen, d->data.criteria[i]) == 0 ? " selected" : "",
		            d->data.criteria[i]);
	html_printf(b, "</select></div>\n");
}

void page_plan_priorities(web_request *rq, web_response *rs)
{
	dashboard d;
	if (!dashboard_load_parts(rq, rs, &d, STEERING_SCORES))
		return;
	arena *a = rq->arena;
	buf *b = &rs->body;
	priorities m;
	priorities_build(rq, &d, &m);
	page_head(rq, rs, &d, "priorities", _("Priorisation"));
	html_printf(b, "<form class=\"filters\" method=\"get\" action=\"/plans/%u/priorities\">\n",
	            d.plan.slug);
	criterion_select(b, &d, "x", _("Axe horizontal"), m.x);
	criterion_select(b, &d, "y", _("Axe vertical"), m.y);
	const char **values;
	size_t n = plan_view_distinct_values(a, &d.plan, plan_view_level, &values);
	plan_view_select_filter(b, "level", _("Niveau"), _("Tous"), values, n, query_value(rq, "level"));
	html_printf(b, "<button type=\"submit\">%s</button>\n</form>\n", _("Afficher"));
	html_printf(b, "<section aria-labelledby=\"matrice\">\n<h2 id=\"matrice\">%s</h2>\n",
	            _("Matrice de priorisation"));
	if (m.count == 0) {
		html_printf(b, "<p>%s</p>\n</section>\n</div>\n",
		            _("Aucun élément n'est noté sur ces deux critères : notez-les depuis la fiche "
		              "de chaque élément (Qualification)."));
		html_page_end(rq, rs);
		return;
	}
	html_printf(b, "<p>%s</p>\n<div class=\"chart chart-square\">\n",
	            _("La taille de chaque bulle suit le budget prévu ; sa couleur, la météo."));
	svg_priority_render(b, "priority-matrix", m.bubbles, m.count, m.x, m.y, false);
	html_printf(b, "</div>\n");
	data_begin(b, _("Éléments notés"));
	html_printf(b, "<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
	               "<th scope=\"col\" class=\"number\">%s</th><th scope=\"col\" class=\"number\">%s</th>"
	               "<th scope=\"col\" class=\"number\">%s</th><th scope=\"col\">%s</th>"
	               "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
	            _("Code"), _("Intitulé"), m.x, m.y, _("Budget prévu"), _("Météo"), _("Nature"),
	            _("Type"));
	for (size_t i = 0; i < m.count; i++) {
		const element_qualification *q = m.qualifications[i];
		html_printf(b, "<tr><td class=\"code\">%s</td><td><a href=\"/plans/%u/elements/%lld\">%s</a>"
		               "</td><td class=\"number\">%d</td><td class=\"number\">%d</td>"
		               "<td class=\"number\">%s</td><td>%s</td><td>%s</td><td>%s</td></tr>\n",
		            m.elements[i]->code, d.plan.slug, (long long)m.elements[i]->id,
		            m.elements[i]->title, (int)m.bubbles[i].x, (int)m.bubbles[i].y,
		            format_fr_money(a, m.bubbles[i].budget_cents), weather_label(m.bubbles[i].weather),
		            priority_nature_label(q ? q->nature : PRIORITY_NATURE_UNSET),
		            project_type_label(q ? q->type : PROJECT_TYPE_UNSET));
	}
	html_printf(b, "</tbody>\n</table>\n</details>\n");
	buf q = {0};
	html_printf(&q, "?x=%u&y=%u", m.x, m.y);
	html_printf(b, "<p class=\"chart-link\"><a href=\"/plans/%u/priorities.svg%r\">%s</a></p>\n"
	               "</section>\n</div>\n",
	            d.plan.slug, q.data, _("Le graphique seul (SVG)"));
	buf_free(&q);
	html_page_end(rq, rs);
}

/* ---- the charts alone ------------------------------------------------------------------------- */

static void svg_response(web_request *rq, web_response *rs)
{
	rs->content_type = "image/svg+xml; charset=utf-8";
	web_header(rs, rq->arena, "Cache-Control", "private, no-cache");
}

void page_plan_budget_svg(web_request *rq, web_response *rs)
{
	dashboard d;
	if (!dashboard_load(rq, rs, &d))
		return;
	svg_response(rq, rs);
	svg_budget_render(&rs->body, "budget-chart", d.rollup.plan.by_year, d.rollup.plan.year_count,
	                  true);
}

void page_plan_roadmap_svg(web_request *rq, web_response *rs)
{
	dashboard d;
	if (!dashboard_load(rq, rs, &d))
		return;
	roadmap_filter f = roadmap_filter_of(rq, &d.plan);
	roadmap g;
	roadmap_build(rq->arena, &d, &f, &g);
	svg_response(rq, rs);
	roadmap_render(&rs->body, &d, &g, true);
}

void page_plan_risks_svg(web_request *rq, web_response *rs)
{
	dashboard d;
	if (!dashboard_load(rq, rs, &d))
		return;
	const element_risk **assessed;
	size_t n = matrix_risks(rq->arena, &d, &assessed);
	svg_response(rq, rs);
	svg_risk_matrix_render(&rs->body, "risk-matrix", assessed, n, true);
}

void page_plan_priorities_svg(web_request *rq, web_response *rs)
{
	dashboard d;
	if (!dashboard_load_parts(rq, rs, &d, STEERING_SCORES))
		return;
	priorities m;
	priorities_build(rq, &d, &m);
	svg_response(rq, rs);
	svg_priority_render(&rs->body, "priority-matrix", m.bubbles, m.count, m.x ? m.x : "",
	                    m.y ? m.y : "", true);
}
