/*
 * pages_dashboard.c — a plan's dashboard (key figures, weather of each top-level
 * branch, budget by year and by funding source, roadmap) and its two charts alone as
 * SVG files (budget.svg, roadmap.svg).
 *
 * The figures are those of `jalon dashboard` (store/steering_view.c rolls the plan up,
 * core/steering.c holds the rules, docs/steering.md explains them). Each chart is
 * drawn by svg.c and followed by a table of the same data in <details>, so the page
 * reads without the picture, without script and without colour. The baseline is
 * chosen with a plain GET form (?baseline=NAME), so a view is a link one can share;
 * ?today=AAAA-MM-JJ fixes the date that decides lateness, as on the command line.
 */
#include <stdint.h>
#include <string.h>

#include "store/baseline_store.h"
#include "store/steering_view.h"
#include "util/format_fr.h"
#include "util/i18n.h"
#include "util/money.h"
#include "web/html.h"
#include "web/pages.h"
#include "web/svg.h"

/* ---- loading ------------------------------------------------------------------------------ */

typedef struct {
	plan plan;
	steering_data data;
	plan_rollup rollup;
	const char *baseline;      /* NULL: none chosen */
	jalon_date today;
} dashboard;

/* Load and roll up the plan of the URL; on failure answer the error page and return
 * false. */
static bool dashboard_load(web_request *rq, web_response *rs, dashboard *d)
{
	memset(d, 0, sizeof(*d));
	if (!steering_view_today(web_query(rq, "today"), &d->today)) {
		page_error(rq, rs, 400, _("Date invalide (AAAA-MM-JJ ou JJ/MM/AAAA)"));
		return false;
	}
	d->baseline = web_query(rq, "baseline");
	if (d->baseline && !*d->baseline)
		d->baseline = NULL;
	diag_list diags;
	diag_init(&diags, rq->arena);
	if (steering_view_load(rq->store, rq->arena, rq->params[0], d->baseline, d->today, &d->plan,
	                       &d->data, &d->rollup, &diags))
		return true;
	if (d->plan.id == 0)
		page_error(rq, rs, 404, _("Plan introuvable"));
	else if (d->baseline)
		page_error(rq, rs, 404, _("Référentiel introuvable"));
	else
		page_error(rq, rs, 500, _("La base de données ne répond pas"));
	return false;
}

/* ---- the roadmap's data, shared by the page and roadmap.svg --------------------------------- */

typedef struct {
	svg_gantt_row *rows;
	size_t row_count;
	const plan_element **row_elements;  /* parallel to rows */
	svg_gantt_mark *marks;              /* parallel to the plan's milestones */
	size_t mark_count;
} roadmap;

static const char *date_fr(arena *a, jalon_date d)
{
	char *s = arena_alloc(a, 11);
	date_format_fr(d, s);
	return *s ? s : "—";
}

/* One row per element with a rolled start and end, in the plan's depth-first order;
 * one mark per milestone, on its element's row, else on its nearest dated ancestor's,
 * else on the last "other" row. */
static void roadmap_build(arena *a, const dashboard *d, roadmap *out)
{
	const plan *p = &d->plan;
	size_t n = p->element_count;
	size_t *row_of = arena_alloc(a, (n + 1) * sizeof(*row_of));
	out->rows = arena_alloc(a, (n + 1) * sizeof(*out->rows));
	out->row_elements = arena_alloc(a, (n + 1) * sizeof(*out->row_elements));
	out->row_count = 0;
	for (size_t i = 0; i < n; i++) {
		const plan_element *e = p->ordered[i];
		size_t k = (size_t)(e - p->elements);
		const element_rollup *x = &d->rollup.by_element[k];
		row_of[k] = SIZE_MAX;
		if (!date_is_set(x->start) || !date_is_set(x->end))
			continue;
		row_of[k] = out->row_count;
		out->row_elements[out->row_count] = e;
		out->rows[out->row_count++] = (svg_gantt_row){e->code, e->title, x->start, x->end, e->depth,
		                                               DATE_NONE, DATE_NONE};
	}
	out->mark_count = d->data.milestone_count;
	out->marks = arena_alloc(a, (out->mark_count + 1) * sizeof(*out->marks));
	for (size_t i = 0; i < out->mark_count; i++) {
		const milestone *m = &d->data.milestones[i];
		size_t row = out->row_count;
		for (const plan_element *e = m->element; e && row == out->row_count; e = e->parent)
			if (row_of[e - p->elements] != SIZE_MAX)
				row = row_of[e - p->elements];
		jalon_date at = date_is_set(m->actual)     ? m->actual
		                : date_is_set(m->forecast) ? m->forecast
		                                           : m->planned;
		const char *detail = arena_printf(a, "%s — %s %s", m->element->code, _("prévu le"),
		                                  date_fr(a, m->planned));
		if (date_is_set(m->forecast))
			detail = arena_printf(a, "%s, %s %s", detail, _("prévision"), date_fr(a, m->forecast));
		if (date_is_set(m->actual))
			detail = arena_printf(a, "%s, %s %s", detail, _("réel"), date_fr(a, m->actual));
		detail = arena_printf(a, "%s (%s)", detail, milestone_status_label(m->status));
		out->marks[i] = (svg_gantt_mark){row, m->title, at, detail,
		                                 steering_milestone_is_late(m, d->today)};
	}
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

static void breadcrumb(buf *b, const plan *p)
{
	html_printf(b, "<nav class=\"breadcrumb\" aria-label=\"%s\"><ol>\n"
	               "<li><a href=\"/\">%s</a></li>\n<li><a href=\"/plans/%u\">%s</a></li>\n"
	               "<li><a href=\"/plans/%u/dashboard\" aria-current=\"page\">%s</a></li>\n"
	               "</ol></nav>\n",
	            _("Fil d'Ariane"), _("Accueil"), p->slug, p->title, p->slug, _("Tableau de bord"));
}

static void baseline_form(web_request *rq, buf *b, const dashboard *d)
{
	baseline_info *items = NULL;
	size_t count = 0;
	diag_list diags;
	diag_init(&diags, rq->arena);
	if (!store_baselines_list(rq->store, rq->arena, &d->plan, &items, &count, &diags))
		count = 0;
	if (count == 0) {
		html_printf(b, "<p class=\"hint\">%s</p>\n",
		            _("Aucun référentiel pour ce plan : les écarts apparaîtront quand un "
		              "référentiel aura été pris (jalon baseline PLAN NOM)."));
		return;
	}
	html_printf(b, "<form class=\"filters\" method=\"get\" action=\"/plans/%u/dashboard\">\n"
	               "<div class=\"field\"><label for=\"baseline\">%s</label>"
	               "<select id=\"baseline\" name=\"baseline\"><option value=\"\">%s</option>",
	            d->plan.slug, _("Comparer au référentiel"), _("Aucun"));
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
	html_printf(b, "</select></div>\n<button type=\"submit\">%s</button>\n</form>\n",
	            _("Afficher"));
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
	            date_fr(a, x->start), date_fr(a, x->end));
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
	               "<th scope=\"col\" class=\"number\">%s</th></tr></thead>\n<tbody>\n",
	            _("Météo des branches"), _("Code"), _("Intitulé"), _("Météo"), _("Avancement"),
	            _("Budget prévu"), _("Jalons en retard"));
	for (size_t i = 0; i < p->root_count; i++) {
		const plan_element *e = p->roots[i];
		const element_rollup *x = &d->rollup.by_element[e - p->elements];
		html_printf(b, "<tr><td class=\"code\">%s</td><td><a href=\"/plans/%u/elements/%lld\">%s</a>"
		               "</td><td>",
		            e->code, p->slug, (long long)e->id, e->title);
		weather_html(b, x->weather);
		html_printf(b, "</td><td class=\"number\">%s</td><td class=\"number\">%s</td>"
		               "<td class=\"number%r\">%zu</td></tr>\n",
		            format_fr_percent(a, x->has_progress, x->progress_pct, false),
		            format_fr_money(a, x->planned_cents), x->milestones_late ? " late" : "",
		            x->milestones_late);
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

static void roadmap_section(web_request *rq, buf *b, const dashboard *d)
{
	arena *a = rq->arena;
	roadmap g;
	roadmap_build(a, d, &g);
	html_printf(b, "<section aria-labelledby=\"feuille-de-route\">\n"
	               "<h2 id=\"feuille-de-route\">%s</h2>\n<div class=\"chart\">\n",
	            _("Feuille de route"));
	svg_gantt_render(b, "roadmap-chart", &(svg_gantt){.rows = g.rows, .row_count = g.row_count,
	                 .marks = g.marks, .mark_count = g.mark_count, .today = d->today}, false);
	html_printf(b, "</div>\n");
	data_begin(b, _("Éléments datés"));
	html_printf(b, "<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
	               "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
	            _("Code"), _("Intitulé"), _("Début"), _("Fin"));
	for (size_t i = 0; i < g.row_count; i++)
		html_printf(b, "<tr><td class=\"code\">%s</td><td>%s</td><td>%s</td><td>%s</td></tr>\n",
		            g.rows[i].code, g.rows[i].title, date_fr(a, g.rows[i].start),
		            date_fr(a, g.rows[i].end));
	html_printf(b, "</tbody>\n</table>\n<table>\n<caption>%s</caption>\n<thead><tr>"
	               "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
	               "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
	               "</tr></thead>\n<tbody>\n",
	            _("Jalons"), _("Élément"), _("Jalon"), _("Date prévue"), _("Prévision"),
	            _("Date réelle"), _("Statut"));
	for (size_t i = 0; i < d->data.milestone_count; i++) {
		const milestone *m = &d->data.milestones[i];
		html_printf(b, "<tr><td class=\"code\">%s</td><td>%s</td><td>%s</td><td>%s</td>"
		               "<td>%s</td><td>%s",
		            m->element->code, m->title, date_fr(a, m->planned), date_fr(a, m->forecast),
		            date_fr(a, m->actual), milestone_status_label(m->status));
		if (g.marks[i].late)
			html_printf(b, ", <strong class=\"late\">%s</strong>", _("en retard"));
		html_printf(b, "</td></tr>\n");
	}
	html_printf(b, "</tbody>\n</table>\n</details>\n"
	               "<p class=\"chart-link\"><a href=\"/plans/%u/roadmap.svg\">%s</a></p>\n</section>\n",
	            d->plan.slug, _("Le graphique seul (SVG)"));
}

/* ---- handlers --------------------------------------------------------------------------------- */

void page_plan_dashboard(web_request *rq, web_response *rs)
{
	dashboard d;
	if (!dashboard_load(rq, rs, &d))
		return;
	buf *b = &rs->body;
	const char *title = arena_printf(rq->arena, "%s — %s", _("Tableau de bord"), d.plan.title);
	html_page_begin(rq, rs, title);
	breadcrumb(b, &d.plan);
	html_printf(b, "<div class=\"dashboard\">\n<h1>%s <span class=\"sub\">%s</span></h1>\n",
	            _("Tableau de bord"), d.plan.title);
	html_printf(b, "<p>");
	html_printf(b, _("Situation au %s"), date_fr(rq->arena, d.today));
	if (d.baseline) {
		html_printf(b, " · ");
		html_printf(b, _("écarts par rapport au référentiel « %s »"), d.baseline);
	}
	html_printf(b, "</p>\n");
	baseline_form(rq, b, &d);
	key_figures(rq, b, &d);
	branches(rq, b, &d);
	budget_section(rq, b, &d);
	roadmap_section(rq, b, &d);
	html_printf(b, "</div>\n");
	html_page_end(rq, rs);
}

static void svg_response(web_request *rq, web_response *rs)
{
	rs->content_type = "image/svg+xml; charset=utf-8";
	web_header(rs, rq->arena, "Cache-Control", "no-cache");
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
	roadmap g;
	roadmap_build(rq->arena, &d, &g);
	svg_response(rq, rs);
	svg_gantt_render(&rs->body, "roadmap-chart", &(svg_gantt){.rows = g.rows,
	                 .row_count = g.row_count, .marks = g.marks, .mark_count = g.mark_count,
	                 .today = d.today}, true);
}
