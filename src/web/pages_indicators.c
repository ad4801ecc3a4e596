/*
 * pages_indicators.c — a plan's indicators (DOMAIN.md §6):
 * - the board, /plans/PLAN/indicators: one table per family, each indicator with its
 *   scope, latest value and date, the value expected today, its status as an icon and
 *   a word (never colour alone), its trend in words and whether a measurement is due;
 *   a computed indicator shows today's computed value and says so. A GET form filters
 *   by status, family and branch (a top-level element: the indicators measuring it or
 *   one of its descendants), and a line counts the indicators of each status;
 * - an indicator's page, /plans/PLAN/indicators/CODE: its definition, baseline and
 *   targets, its chart against the expected path (with the same data as a table in
 *   <details>), its measurements with the previous values of corrected ones, and the
 *   form that enters a measurement (none for a computed indicator);
 * - the chart alone, /plans/PLAN/indicators/CODE.svg.
 * - an indicator's definition: /plans/PLAN/indicators/new, CODE/edit (optimistic: the
 *   form carries the version, a stale save answers 409 with the stored definition above
 *   the user's input) and CODE/delete (a confirmation saying how many measurements go
 *   with it); targets are typed one per line "DATE ; VALEUR", each bad line named.
 *
 * The figures are those of `jalon indicators` (store/indicator_view.c evaluates the
 * indicators, core/indicator.c holds the rules). The board reads only the two latest
 * measurements of each indicator (MEASUREMENTS_LATEST), so that 500 indicators with a
 * million measurements render in a few milliseconds. ?today=AAAA-MM-JJ fixes the date
 * the statuses are computed at, as on the command line.
 *
 * The measurement form behaves like the other forms (form.h): dates as JJ/MM/AAAA or
 * AAAA-MM-JJ, values as French spreadsheets write them (util/number.h), errors next to
 * the fields and in a summary; saved, it goes back to the indicator's page with a
 * notice (303), refused it answers 422 with what was typed.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/indicator.h"
#include "store/indicator_store.h"
#include "store/indicator_view.h"
#include "store/steering_view.h"
#include "util/i18n.h"
#include "util/number.h"
#include "util/text.h"
#include "web/auth.h"
#include "web/form.h"
#include "web/html.h"
#include "web/pages.h"
#include "web/plan_view.h"
#include "web/svg.h"

/* ---- small formats --------------------------------------------------------------------- */

/* "12,5 %" (a no-break space before the unit), "—" when there is no value. */
static const char *value_fr(arena *a, bool has, double v, const char *unit)
{
	if (!has)
		return "—";
	char n[48];
	number_format_fr(v, 2, n);
	return unit && *unit ? arena_printf(a, "%s\u00a0%s", n, unit) : arena_strdup(a, n);
}

static const char *unit_of(const indicator *ind)
{
	if (ind->unit && *ind->unit)
		return ind->unit;
	return ind->formula != FORMULA_NONE ? indicator_formula_unit(ind->formula) : NULL;
}

static const char *or_dash(const char *s)
{
	return s && *s ? s : "—";
}

/* The status as an icon and a word: the word always says it, the colour is a second
 * cue (CRAFT.md). */
static void status_html(buf *b, indicator_status s)
{
	static const char *const icons[INDICATOR_STATUS_COUNT] = {"–", "✓", "!", "✗"};
	html_printf(b, "<span class=\"indicator-status status-%s\"><span class=\"status-icon\" "
	               "aria-hidden=\"true\">%s</span> %s</span>",
	            indicator_status_key(s), icons[s < INDICATOR_STATUS_COUNT ? s : STATUS_NO_DATA],
	            indicator_status_label(s));
}

static const char *trend_text(indicator_trend t)
{
	return indicator_trend_label(t);
}

/* The element codes an indicator measures, or "plan". */
static const char *scope_text(arena *a, const indicator *ind)
{
	if (ind->element_count == 0)
		return _("plan");
	buf s = {0};
	for (size_t i = 0; i < ind->element_count; i++) {
		if (i)
			buf_puts(&s, ", ");
		buf_puts(&s, ind->elements[i]->code);
	}
	const char *out = arena_strdup(a, s.data);
	buf_free(&s);
	return out;
}

static const char *indicator_url(arena *a, const plan *p, const indicator *ind)
{
	buf u = {0};
	html_printf(&u, "/plans/%u/indicators/%u", p->slug, ind->code);
	/* html_printf escapes for HTML too: the URL is written through %s later, so keep
	 * the raw percent-encoded form (codes hold no & < > " '). */
	const char *out = arena_strdup(a, u.data);
	buf_free(&u);
	return out;
}

/* ---- shared frame ------------------------------------------------------------------------ */

/* Home › plan › Indicateurs (› code) (› here: a form's title, then the current page). */
static void breadcrumb_to(buf *b, const plan *p, const indicator *ind, const char *here)
{
	html_printf(b, "<nav class=\"breadcrumb\" aria-label=\"%s\"><ol>\n"
	               "<li><a href=\"/\">%s</a></li>\n<li><a href=\"/plans/%u\">%s</a></li>\n"
	               "<li><a href=\"/plans/%u/indicators\"%r>%s</a></li>\n",
	            _("Fil d'Ariane"), _("Accueil"), p->slug, p->title, p->slug,
	            ind || here ? "" : " aria-current=\"page\"", _("Indicateurs"));
	if (ind)
		html_printf(b, "<li><a href=\"/plans/%u/indicators/%u\"%r>%s</a></li>\n",
		            p->slug, ind->code, here ? "" : " aria-current=\"page\"", ind->code);
	if (here)
		html_printf(b, "<li aria-current=\"page\">%s</li>\n", here);
	html_printf(b, "</ol></nav>\n");
}

static void breadcrumb(buf *b, const plan *p, const indicator *ind)
{
	breadcrumb_to(b, p, ind, NULL);
}

/* ?today= as given (kept in links and forms), and the date it names. */
static bool today_of(web_request *rq, web_response *rs, jalon_date *today, const char **query)
{
	*query = web_query(rq, "today");
	if (*query && !**query)
		*query = NULL;
	if (!steering_view_today(*query, today)) {
		page_error(rq, rs, 400, _("Date invalide (AAAA-MM-JJ ou JJ/MM/AAAA)"));
		return false;
	}
	return true;
}

/* ---- the board --------------------------------------------------------------------------- */

static const char *query_value(web_request *rq, const char *name)
{
	const char *v = web_query(rq, name);
	return v && *v ? text_trim(rq->arena, v) : NULL;
}

/* Whether ind measures `branch` or one of its descendants. */
static bool in_branch(const indicator *ind, const plan_element *branch)
{
	for (size_t i = 0; i < ind->element_count; i++)
		for (const plan_element *e = ind->elements[i]; e; e = e->parent)
			if (e == branch || strcmp(e->code, branch->code) == 0)
				return true;
	return false;
}

static bool same_family(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

static void board_row_html(web_request *rq, buf *b, const plan *p, const indicator_row *r)
{
	arena *a = rq->arena;
	const indicator *ind = r->ind;
	const char *unit = unit_of(ind);
	html_printf(b, "<tr><td class=\"code\">%s</td><td><a href=\"%s\">%s</a></td><td>%s</td>",
	            ind->code, indicator_url(a, p, ind), ind->name, scope_text(a, ind));
	if (r->computed)
		html_printf(b, "<td class=\"number\">%s <span class=\"sub\">%s</span></td>",
		            value_fr(a, r->has_computed, r->computed_value, unit), _("calculé"));
	else if (r->state.has_latest)
		html_printf(b, "<td class=\"number\">%s <span class=\"sub\">%s %s</span></td>",
		            value_fr(a, true, r->state.latest.value, unit), _("au"),
		            html_date_shown(a, r->state.latest.date));
	else
		html_printf(b, "<td class=\"number\">—</td>");
	if (r->has_committee)
		html_printf(b, "<td class=\"number\">%s</td>",
		            value_fr(a, r->has_committee_value, r->committee_value.value, unit));
	html_printf(b, "<td class=\"number\">%s</td><td>",
	            value_fr(a, r->state.has_expected_today, r->state.expected_today, unit));
	status_html(b, r->state.status);
	html_printf(b, "</td><td>%s</td><td>", trend_text(r->state.trend));
	if (!r->computed && r->state.update_due)
		html_printf(b, "<strong class=\"due\">%s</strong>", _("mesure attendue"));
	else if (!r->computed && date_is_set(r->state.next_due))
		html_printf(b, "%s %s", _("prochaine le"), html_date_shown(a, r->state.next_due));
	else
		html_printf(b, "—");
	html_printf(b, "</td></tr>\n");
}

static void board_table(web_request *rq, buf *b, const plan *p, const char *heading,
                        const char *heading_id, const indicator_row *const *rows, size_t n)
{
	html_printf(b, "<h2 id=\"%s\">%s</h2>\n<div class=\"table-scroll\">\n"
	               "<table class=\"indicators\" aria-labelledby=\"%s\">\n<thead><tr>"
	               "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
	               "<th scope=\"col\" class=\"number\">%s</th>",
	            heading_id, heading, heading_id, _("Code"), _("Indicateur"), _("Périmètre"),
	            _("Dernière valeur"));
	/* The value at the last committee: the same meeting for every row (its date in the
	 * header), a column only when there was one. */
	if (n && rows[0]->has_committee) {
		html_printf(b, "<th scope=\"col\" class=\"number\">");
		html_printf(b, _("Au comité du %s"), html_date_shown(rq->arena, rows[0]->committee_date));
		html_printf(b, "</th>");
	}
	html_printf(b, "<th scope=\"col\" class=\"number\">%s</th>"
	               "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
	               "</tr></thead>\n<tbody>\n",
	            _("Attendu aujourd'hui"), _("Statut"), _("Tendance"), _("Mise à jour"));
	for (size_t i = 0; i < n; i++)
		board_row_html(rq, b, p, rows[i]);
	html_printf(b, "</tbody>\n</table>\n</div>\n");
}

void page_indicators(web_request *rq, web_response *rs)
{
	arena *a = rq->arena;
	jalon_date today;
	const char *today_query;
	if (!today_of(rq, rs, &today, &today_query))
		return;
	plan p;
	if (!page_load_plan(rq, rs, &p))
		return;
	diag_list d;
	diag_init(&d, a);
	indicator_data data;
	if (!store_indicators_load(rq->store, a, &p, MEASUREMENTS_LATEST, &data, &d)) {
		page_error(rq, rs, 500, _("La base de données ne répond pas"));
		return;
	}
	indicator_row *rows = arena_alloc(a, (data.indicator_count + 1) * sizeof(*rows));
	if (!indicator_view_evaluate(rq->store, a, &p, data.indicators, data.indicator_count,
	                             data.measurements, data.measurement_count, today, rows, &d)) {
		page_error(rq, rs, 500, _("La base de données ne répond pas"));
		return;
	}

	/* The filters; an unknown value filters nothing out (the form shows it unselected). */
	const char *status_q = query_value(rq, "status");
	indicator_status status_f = STATUS_NO_DATA;
	bool by_status = false;
	for (int s = 0; status_q && s < INDICATOR_STATUS_COUNT && !by_status; s++)
		if (strcmp(status_q, indicator_status_key((indicator_status)s)) == 0) {
			status_f = (indicator_status)s;
			by_status = true;
		}
	const char *family_f = NULL;
	const char *family_q = query_value(rq, "family");
	for (size_t i = 0; family_q && i < data.family_count && !family_f; i++)
		if (strcmp(family_q, data.families[i]) == 0)
			family_f = data.families[i];
	const char *group_q = query_value(rq, "group");
	bool by_branch = group_q && strcmp(group_q, "branch") == 0;
	const plan_element *branch = NULL;
	const char *branch_q = query_value(rq, "branch");
	for (size_t i = 0; branch_q && i < p.root_count && !branch; i++)
		if (strcmp(branch_q, p.roots[i]->code) == 0)
			branch = p.roots[i];

	/* The rows the family and branch filters keep, counted by status; then those of the
	 * chosen status. */
	size_t n = data.indicator_count, counts[INDICATOR_STATUS_COUNT] = {0}, kept = 0, shown = 0;
	const indicator_row **list = arena_alloc(a, (n + 1) * sizeof(*list));
	for (size_t i = 0; i < n; i++) {
		const indicator_row *r = &rows[i];
		if (family_f && !same_family(r->ind->family, family_f))
			continue;
		if (branch && !in_branch(r->ind, branch))
			continue;
		kept++;
		if (r->state.status < INDICATOR_STATUS_COUNT)
			counts[r->state.status]++;
		if (by_status && r->state.status != status_f)
			continue;
		list[shown++] = r;
	}

	buf *b = &rs->body;
	html_page_begin(rq, rs, arena_printf(a, "%s — %s", _("Indicateurs"), p.title));
	breadcrumb(b, &p, NULL);
	page_steering_nav(b, &p, "indicators");
	html_printf(b, "<div class=\"dashboard indicators\">\n<h1>%s <span class=\"sub\">%s</span></h1>\n",
	            _("Indicateurs"), p.title);
	const char *notice = web_query(rq, "notice");
	if (notice && strcmp(notice, "indicator-deleted") == 0)
		html_notice(b, _("Indicateur supprimé."));
	if (web_may_steer(rq)) /* defining indicators is steering's (router.c) */
		html_printf(b, "<ul class=\"actions\"><li><a class=\"button\" href=\"/plans/%u/indicators/new\">"
		               "%s</a></li></ul>\n",
		            p.slug, _("Ajouter un indicateur"));
	html_printf(b, "<p>");
	html_printf(b, _("Situation au %s"), html_date_shown(a, today));
	if (n && rows[0].has_committee) {
		html_printf(b, " — ");
		html_printf(b, _("dernier comité : %s, le %s"),
		            rows[0].committee_name ? rows[0].committee_name : "",
		            html_date_shown(a, rows[0].committee_date));
	}
	html_printf(b, "</p>\n");

	html_printf(b, "<form class=\"filters\" method=\"get\" action=\"/plans/%u/indicators\">\n",
	            p.slug);
	html_printf(b, "<div class=\"field\"><label for=\"f-status\">%s</label>"
	               "<select id=\"f-status\" name=\"status\"><option value=\"\">%s</option>",
	            _("Statut"), _("Tous"));
	static const indicator_status order[] = {STATUS_ON_TRACK, STATUS_AT_RISK, STATUS_OFF_TRACK,
	                                         STATUS_NO_DATA};
	for (size_t i = 0; i < 4; i++)
		html_printf(b, "<option value=\"%s\"%r>%s</option>", indicator_status_key(order[i]),
		            by_status && status_f == order[i] ? " selected" : "",
		            indicator_status_label(order[i]));
	html_printf(b, "</select></div>\n");
	plan_view_select_filter(b, "family", _("Famille"), _("Toutes"), data.families,
	                        data.family_count, family_f);
	html_printf(b, "<div class=\"field\"><label for=\"f-branch\">%s</label>"
	               "<select id=\"f-branch\" name=\"branch\"><option value=\"\">%s</option>",
	            _("Branche"), _("Tout le plan"));
	for (size_t i = 0; i < p.root_count; i++)
		html_printf(b, "<option value=\"%s\"%r>%s — %s</option>", p.roots[i]->code,
		            p.roots[i] == branch ? " selected" : "", p.roots[i]->code, p.roots[i]->title);
	html_printf(b, "</select></div>\n");
	html_printf(b, "<div class=\"field\"><label for=\"f-group\">%s</label>"
	               "<select id=\"f-group\" name=\"group\">"
	               "<option value=\"\">%s</option><option value=\"branch\"%r>%s</option>"
	               "</select></div>\n",
	            _("Regrouper par"), _("famille"), by_branch ? " selected" : "", _("branche"));
	if (today_query)
		html_printf(b, "<input type=\"hidden\" name=\"today\" value=\"%s\">\n", today_query);
	html_printf(b, "<button type=\"submit\">%s</button>\n</form>\n", _("Filtrer"));

	/* The summary line: how many of each status (over the family and branch chosen). */
	html_printf(b, "<p class=\"indicator-summary\" role=\"status\">");
	html_printf(b, i18n_count("%zu indicateur", "%zu indicateurs", kept), kept);
	html_printf(b, "%s", _("\u00a0: "));
	for (size_t i = 0; i < 4; i++) {
		html_printf(b, "%r%zu ", i ? ", " : "", counts[order[i]]);
		html_printf(b, "%s", indicator_status_label(order[i]));
	}
	if (by_status) {
		html_printf(b, " — ");
		html_printf(b, i18n_count("%zu affiché", "%zu affichés", shown), shown);
	}
	html_printf(b, ".</p>\n");

	if (data.indicator_count == 0)
		html_printf(b, "<p>%s</p>\n",
		            _("Aucun indicateur dans ce plan : importez un catalogue "
		              "(jalon import-indicators PLAN FICHIER)."));
	else if (shown == 0)
		html_printf(b, "<p>%s</p>\n", _("Aucun indicateur ne répond à ces critères."));

	const indicator_row **group = arena_alloc(a, (shown + 1) * sizeof(*group));
	if (by_branch) {
		/* One table per top-level branch, in the plan's order, listing the indicators
		 * measuring it or something under it (one measuring two branches is in both);
		 * then those of the whole plan. */
		for (size_t t = 0; t <= p.root_count; t++) {
			size_t g = 0;
			for (size_t i = 0; i < shown; i++)
				if (t < p.root_count ? in_branch(list[i]->ind, p.roots[t])
				                     : list[i]->ind->element_count == 0)
					group[g++] = list[i];
			if (g == 0)
				continue;
			board_table(rq, b, &p,
			            t < p.root_count
			            ? arena_printf(a, "%s — %s", p.roots[t]->code, p.roots[t]->title)
			            : _("Tout le plan"),
			            arena_printf(a, "branche-%zu", t + 1), group, g);
		}
		html_printf(b, "</div>\n");
		html_page_end(rq, rs);
		return;
	}

	/* One table per family, in the plan's order of families; then the others. */
	bool *done = arena_alloc(a, (shown + 1) * sizeof(*done));
	memset(done, 0, (shown + 1) * sizeof(*done));
	for (size_t f = 0; f <= data.family_count; f++) {
		size_t g = 0;
		for (size_t i = 0; i < shown; i++) {
			if (done[i])
				continue;
			if (f < data.family_count ? !same_family(list[i]->ind->family, data.families[f]) : false)
				continue;
			done[i] = true;
			group[g++] = list[i];
		}
		if (g == 0)
			continue;
		board_table(rq, b, &p,
		            f < data.family_count ? data.families[f] : _("Autres indicateurs"),
		            arena_printf(a, "famille-%zu", f + 1), group, g);
	}
	html_printf(b, "</div>\n");
	html_page_end(rq, rs);
}

/* ---- an indicator's page ------------------------------------------------------------------ */

typedef struct {
	plan p;
	indicator *ind;
	measurement *measurements;
	size_t count;
	measurement_revision *revisions;
	size_t revision_count;
	indicator_row row;
	jalon_date today;
	const char *today_query;
} indicator_page;

/* Load the plan and the indicator of the URL (code: the path's, without ".svg" for the
 * chart), and evaluate it; false once an error page answers. */
static bool indicator_load(web_request *rq, web_response *rs, const char *code, indicator_page *x,
                           page_use use)
{
	if (use == PAGE_TO_CHANGE && page_refuse_without_csrf(rq, rs))
		return false;
	memset(x, 0, sizeof(*x));
	if (!today_of(rq, rs, &x->today, &x->today_query))
		return false;
	if (!page_load_plan(rq, rs, &x->p))
		return false;
	diag_list d;
	diag_init(&d, rq->arena);
	store_result r = store_indicator_load(rq->store, rq->arena, &x->p, code, &x->ind,
	                                      &x->measurements, &x->count, &x->revisions,
	                                      &x->revision_count, &d);
	if (r == STORE_NOT_FOUND) {
		page_error(rq, rs, 404, _("Indicateur introuvable"));
		return false;
	}
	if (r != STORE_OK ||
	    !indicator_view_evaluate(rq->store, rq->arena, &x->p, x->ind, 1, x->measurements, x->count,
	                             x->today, &x->row, &d)) {
		page_error(rq, rs, 500, _("La base de données ne répond pas"));
		return false;
	}
	return true;
}

/* The chart's series: the measurements, or a computed indicator's values reconstructed
 * from the plan's dated data (indicator_compute_series), else its value today. */
static void chart_render(buf *b, const indicator_page *x, bool standalone)
{
	const indicator *ind = x->ind;
	size_t room = (x->count > x->row.series_count ? x->count : x->row.series_count) + 1;
	indicator_point *points = malloc(room * sizeof(*points));
	if (!points)
		return;
	size_t n = 0;
	bool reconstructed = x->row.computed && x->row.series_count;
	if (reconstructed) {
		memcpy(points, x->row.series, x->row.series_count * sizeof(*points));
		n = x->row.series_count;
	} else if (x->row.computed) {
		if (x->row.has_computed)
			points[n++] = (indicator_point){x->today, x->row.computed_value};
	} else {
		for (size_t i = 0; i < x->count; i++)
			points[n++] = (indicator_point){x->measurements[i].date, x->measurements[i].value};
	}
	svg_indicator_render(b, "indicator-chart",
	                     &(svg_indicator){.name = ind->name, .unit = unit_of(ind), .measured = points,
	                                      .measured_count = n, .has_baseline = ind->has_baseline,
	                                      .baseline = ind->baseline, .targets = ind->targets,
	                                      .target_count = ind->target_count, .today = x->today,
	                                      .reconstructed = reconstructed},
	                     standalone);
	free(points);
}

static void dl_row(buf *b, const char *label, const char *value)
{
	html_printf(b, "<div><dt>%s</dt> <dd>%s</dd></div>\n", label, or_dash(value));
}

/* The measurement form's values, as typed. */
typedef struct {
	const char *date, *value, *comment, *source;
} measurement_form;

static const char *measurement_notice(const char *key)
{
	if (key && strcmp(key, "measurement-saved") == 0)
		return _("Mesure enregistrée.");
	if (key && strcmp(key, "indicator-created") == 0)
		return _("Indicateur ajouté.");
	if (key && strcmp(key, "indicator-saved") == 0)
		return _("Définition enregistrée.");
	return NULL;
}

static int measurement_cmp_desc(const void *pa, const void *pb)
{
	const measurement *a = *(const measurement *const *)pa, *b = *(const measurement *const *)pb;
	int c = date_compare(b->date, a->date);
	return c ? c : (a->id < b->id) - (a->id > b->id);
}

static void definition_section(web_request *rq, buf *b, const indicator_page *x)
{
	arena *a = rq->arena;
	const indicator *ind = x->ind;
	const char *unit = unit_of(ind);
	html_printf(b, "<h2 id=\"definition\">%s</h2>\n<dl class=\"figures indicator-definition\">\n",
	            _("Définition"));
	if (ind->definition && *ind->definition)
		dl_row(b, _("Définition"), ind->definition);
	dl_row(b, _("Famille"), ind->family);
	dl_row(b, _("Unité"), unit);
	dl_row(b, _("Sens"), indicator_direction_label(ind->direction));
	dl_row(b, _("Fréquence"), indicator_frequency_label(ind->frequency));
	dl_row(b, _("Source"), ind->source);
	dl_row(b, _("Responsable"), ind->owner);
	dl_row(b, _("Tolérance"), value_fr(a, true, ind->tolerance, unit));
	dl_row(b, _("Périmètre"), scope_text(a, ind));
	if (ind->formula != FORMULA_NONE)
		dl_row(b, _("Formule"), arena_printf(a, "%s (%s)", indicator_formula_label(ind->formula),
		                                     _("calculé à partir des données du plan")));
	html_printf(b, "</dl>\n");
	if (web_may_steer(rq)) /* the definition is steering's (router.c) */
		html_printf(b, "<ul class=\"actions\"><li><a class=\"button secondary\" href=\"%s/edit\">%s</a>"
		               "</li><li><a class=\"button secondary\" href=\"%s/delete\">%s</a></li></ul>\n",
		            indicator_url(a, &x->p, ind), _("Modifier la définition"),
		            indicator_url(a, &x->p, ind), _("Supprimer l'indicateur"));

	const indicator_row *r = &x->row;
	html_printf(b, "<h2 id=\"situation\">%s</h2>\n<dl class=\"figures indicator-situation\">\n",
	            _("Situation"));
	if (r->computed)
		dl_row(b, _("Valeur du jour"),
		       arena_printf(a, "%s (%s)", value_fr(a, r->has_computed, r->computed_value, unit),
		                    _("calculé")));
	else
		dl_row(b, _("Dernière valeur"),
		       r->state.has_latest
		       ? arena_printf(a, "%s (%s %s)", value_fr(a, true, r->state.latest.value, unit),
		                      _("au"), html_date_shown(a, r->state.latest.date))
		       : NULL);
	if (r->has_committee)
		dl_row(b, _("Au dernier comité"),
		       arena_printf(a, "%s (%s, %s)",
		                    value_fr(a, r->has_committee_value, r->committee_value.value, unit),
		                    r->committee_name ? r->committee_name : "",
		                    html_date_shown(a, r->committee_date)));
	dl_row(b, _("Attendu aujourd'hui"),
	       value_fr(a, r->state.has_expected_today, r->state.expected_today, unit));
	html_printf(b, "<div><dt>%s</dt> <dd>", _("Statut"));
	status_html(b, r->state.status);
	html_printf(b, "</dd></div>\n");
	dl_row(b, _("Tendance"), trend_text(r->state.trend));
	if (!r->computed)
		dl_row(b, _("Prochaine mesure"),
		       r->state.update_due ? _("mesure attendue")
		       : date_is_set(r->state.next_due) ? html_date_shown(a, r->state.next_due) : NULL);
	html_printf(b, "</dl>\n");

	html_printf(b, "<h2 id=\"cibles\">%s</h2>\n", _("Valeur initiale et cibles"));
	if (!ind->has_baseline && ind->target_count == 0) {
		html_printf(b, "<p>%s</p>\n", _("Ni valeur initiale ni cible : le statut reste « sans "
		                                "donnée » tant qu'il n'y en a pas."));
		return;
	}
	html_printf(b, "<table class=\"indicator-targets\" aria-labelledby=\"cibles\">\n<thead><tr>"
	               "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
	               "<th scope=\"col\" class=\"number\">%s</th></tr></thead>\n<tbody>\n",
	            _("Repère"), _("Date"), _("Valeur"));
	if (ind->has_baseline)
		html_printf(b, "<tr><th scope=\"row\">%s</th><td>%s</td><td class=\"number\">%s</td></tr>\n",
		            _("Valeur initiale"), html_date_shown(a, ind->baseline.date),
		            value_fr(a, true, ind->baseline.value, unit));
	for (size_t i = 0; i < ind->target_count; i++)
		html_printf(b, "<tr><th scope=\"row\">%s</th><td>%s</td><td class=\"number\">%s</td></tr>\n",
		            _("Cible"), html_date_shown(a, ind->targets[i].date),
		            value_fr(a, true, ind->targets[i].value, unit));
	html_printf(b, "</tbody>\n</table>\n");
}

static void chart_section(web_request *rq, buf *b, const indicator_page *x)
{
	arena *a = rq->arena;
	const indicator *ind = x->ind;
	const char *unit = unit_of(ind);
	html_printf(b, "<section aria-labelledby=\"graphique\">\n<h2 id=\"graphique\">%s</h2>\n"
	               "<div class=\"chart\">\n",
	            _("Graphique"));
	chart_render(b, x, false);
	html_printf(b, "</div>\n<details class=\"chart-data\"><summary>%s</summary>\n<table>\n"
	               "<caption>%s</caption>\n<thead><tr><th scope=\"col\">%s</th>"
	               "<th scope=\"col\">%s</th><th scope=\"col\" class=\"number\">%s</th>"
	               "<th scope=\"col\" class=\"number\">%s</th></tr></thead>\n<tbody>\n",
	            _("Données du graphique"), ind->name, _("Date"), _("Série"), _("Valeur"),
	            _("Attendu à cette date"));
	/* Every point in date order: baseline, targets, measurements. */
	size_t n = (ind->has_baseline ? 1 : 0) + ind->target_count + x->count +
	           x->row.series_count + 1;
	struct point_row { jalon_date date; const char *series; double value; } *rows =
		arena_alloc(a, n * sizeof(*rows));
	size_t k = 0;
	if (ind->has_baseline)
		rows[k++] = (struct point_row){ind->baseline.date, _("valeur initiale"), ind->baseline.value};
	for (size_t i = 0; i < ind->target_count; i++)
		rows[k++] = (struct point_row){ind->targets[i].date, _("cible"), ind->targets[i].value};
	if (x->row.computed && x->row.series_count) {
		/* Reconstructed from the dated data or recorded at a period's end; the last
		 * point is today's value. */
		for (size_t i = 0; i < x->row.series_count; i++)
			rows[k++] = (struct point_row){
				x->row.series[i].date,
				i + 1 == x->row.series_count ? _("valeur calculée")
				: x->row.series_recorded && x->row.series_recorded[i] ? _("valeur enregistrée")
				                                                      : _("valeur reconstituée"),
				x->row.series[i].value};
	} else if (x->row.computed) {
		if (x->row.has_computed)
			rows[k++] = (struct point_row){x->today, _("valeur calculée"), x->row.computed_value};
	} else {
		for (size_t i = 0; i < x->count; i++)
			rows[k++] = (struct point_row){x->measurements[i].date, _("mesure"),
			                               x->measurements[i].value};
	}
	/* A stable insertion sort: a few dozen points. */
	for (size_t i = 1; i < k; i++)
		for (size_t j = i; j > 0 && date_compare(rows[j - 1].date, rows[j].date) > 0; j--) {
			struct point_row t = rows[j];
			rows[j] = rows[j - 1];
			rows[j - 1] = t;
		}
	for (size_t i = 0; i < k; i++) {
		double e;
		bool has_e = indicator_expected(ind, rows[i].date, &e);
		html_printf(b, "<tr><td>%s</td><td>%s</td><td class=\"number\">%s</td>"
		               "<td class=\"number\">%s</td></tr>\n",
		            html_date_shown(a, rows[i].date), rows[i].series, value_fr(a, true, rows[i].value, unit),
		            value_fr(a, has_e, e, unit));
	}
	html_printf(b, "</tbody>\n</table>\n</details>\n");
	html_printf(b, "<p class=\"chart-link\"><a href=\"/plans/%u/indicators/%u.svg%r%u\">%s</a></p>\n"
	               "</section>\n",
	            x->p.slug, ind->code, x->today_query ? "?today=" : "",
	            x->today_query ? x->today_query : "", _("Le graphique seul (SVG)"));
}

static void measurements_section(web_request *rq, buf *b, const indicator_page *x)
{
	arena *a = rq->arena;
	const char *unit = unit_of(x->ind);
	html_printf(b, "<h2 id=\"mesures\">%s</h2>\n", _("Mesures"));
	if (x->count == 0) {
		html_printf(b, "<p>%s</p>\n", _("Aucune mesure enregistrée."));
		return;
	}
	const measurement **sorted = arena_alloc(a, (x->count + 1) * sizeof(*sorted));
	for (size_t i = 0; i < x->count; i++)
		sorted[i] = &x->measurements[i];
	qsort(sorted, x->count, sizeof(*sorted), measurement_cmp_desc);
	html_printf(b, "<div class=\"table-scroll\">\n<table class=\"measurements\" "
	               "aria-labelledby=\"mesures\">\n<thead><tr><th scope=\"col\">%s</th>"
	               "<th scope=\"col\" class=\"number\">%s</th><th scope=\"col\">%s</th>"
	               "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
	               "</tr></thead>\n<tbody>\n",
	            _("Date"), _("Valeur"), _("Commentaire"), _("Source"), _("Saisie par"),
	            _("Valeurs précédentes"));
	for (size_t i = 0; i < x->count; i++) {
		const measurement *m = sorted[i];
		html_printf(b, "<tr><th scope=\"row\">%s</th><td class=\"number\">%s</td>"
		               "<td class=\"comment\">%s</td><td>%s</td><td>%s</td><td>",
		            html_date_shown(a, m->date), value_fr(a, true, m->value, unit), or_dash(m->comment),
		            or_dash(m->source), or_dash(m->entered_by));
		size_t shown = 0;
		for (size_t j = 0; j < x->revision_count; j++) {
			const measurement_revision *v = &x->revisions[j];
			if (v->measurement != m && !(v->measurement && v->measurement->id == m->id))
				continue;
			html_printf(b, "%r%s", shown++ ? "<br>" : "", value_fr(a, true, v->value, unit));
			if (v->changed_at && strlen(v->changed_at) >= 10) {
				jalon_date at;
				const char *why;
				if (date_parse(arena_strndup(a, v->changed_at, 10), &at, &why))
					html_printf(b, " <span class=\"sub\">(%s %s)</span>", _("remplacée le"),
					            html_date_shown(a, at));
			}
			if (v->comment && *v->comment)
				html_printf(b, " — %s", v->comment);
		}
		if (!shown)
			html_printf(b, "—");
		html_printf(b, "</td></tr>\n");
	}
	html_printf(b, "</tbody>\n</table>\n</div>\n");
}

static void measurement_form_html(web_request *rq, buf *b, const indicator_page *x,
                                  const measurement_form *f, const diag_list *d)
{
	const char *unit = unit_of(x->ind);
	html_printf(b, "<h2 id=\"saisir\">%s</h2>\n", _("Saisir une mesure"));
	html_printf(b, "<form class=\"measurement-form\" method=\"post\" "
	               "action=\"/plans/%u/indicators/%u/measurements\" novalidate>\n",
	            x->p.slug, x->ind->code);
	html_csrf_field(rq, b);
	form_input(b, &(form_field){.id = "date", .label = _("Date de la mesure"),
	                            .hint = _("JJ/MM/AAAA ou AAAA-MM-JJ. Une mesure à une date déjà "
	                                      "saisie la corrige : l'ancienne valeur est gardée."),
	                            .value = f->date, .error = form_error_of(d, "date"),
	                            .attributes = " class=\"date\" autocomplete=\"off\""});
	form_input(b, &(form_field){.id = "value", .label = _("Valeur"),
	                            .hint = unit && *unit
	                                    ? arena_printf(rq->arena, _("En %s, par exemple 12,5."), unit)
	                                    : _("Un nombre, par exemple 12,5."),
	                            .value = f->value, .error = form_error_of(d, "value"),
	                            .attributes = " class=\"amount\" inputmode=\"decimal\" "
	                                          "autocomplete=\"off\""});
	form_textarea(b, &(form_field){.id = "comment", .label = _("Commentaire"),
	                               .hint = _("Facultatif."), .value = f->comment,
	                               .error = form_error_of(d, "comment"),
	                               .attributes = " rows=\"3\""});
	form_input(b, &(form_field){.id = "source", .label = _("Source"),
	                            .hint = _("Facultatif : d'où vient la valeur (enquête, outil…)."),
	                            .value = f->source, .error = form_error_of(d, "source")});
	html_printf(b, "<div class=\"form-actions\"><button type=\"submit\">%s</button></div>\n"
	               "</form>\n",
	            _("Enregistrer la mesure"));
}

static void indicator_render(web_request *rq, web_response *rs, const indicator_page *x,
                             const measurement_form *f, const diag_list *d)
{
	arena *a = rq->arena;
	buf *b = &rs->body;
	const indicator *ind = x->ind;
	const char *title = arena_printf(a, "%s — %s", ind->code, ind->name);
	html_page_begin(rq, rs, arena_printf(a, "%s — %s", title, x->p.title));
	breadcrumb(b, &x->p, ind);
	page_steering_nav(b, &x->p, "-"); /* none is current */
	html_printf(b, "<div class=\"dashboard indicator\">\n<h1><span class=\"code\">%s</span> %s</h1>\n",
	            ind->code, ind->name);
	const char *notice = measurement_notice(web_query(rq, "notice"));
	if (!d)
		html_notice(b, notice);
	form_error_summary(b, d, NULL);
	html_printf(b, "<p>");
	html_printf(b, _("Situation au %s"), html_date_shown(a, x->today));
	html_printf(b, "</p>\n");
	definition_section(rq, b, x);
	chart_section(rq, b, x);
	if (ind->formula != FORMULA_NONE) {
		html_printf(b, "<h2 id=\"mesures\">%s</h2>\n<p>%s</p>\n", _("Mesures"),
		            _("Cet indicateur est calculé à partir des données du plan (jalons, budget, "
		              "avancement) : il ne se saisit pas."));
	} else {
		measurements_section(rq, b, x);
		/* A refused measurement (d) came through the guard: the form shows again. */
		if (d || web_may_measure(rq, ind->id))
			measurement_form_html(rq, b, x, f, d);
	}
	html_printf(b, "<p><a href=\"/plans/%u/indicators\">%s</a></p>\n</div>\n", x->p.slug,
	            _("Retour aux indicateurs"));
	html_page_end(rq, rs);
}

void page_indicator(web_request *rq, web_response *rs)
{
	const char *code = rq->params[1];
	size_t len = strlen(code);
	bool svg = len > 4 && strcmp(code + len - 4, ".svg") == 0;
	if (svg)
		code = arena_strndup(rq->arena, code, len - 4);
	indicator_page x;
	if (!indicator_load(rq, rs, code, &x, PAGE_TO_READ))
		return;
	if (svg) {
		rs->content_type = "image/svg+xml; charset=utf-8";
		web_header(rs, rq->arena, "Cache-Control", "private, no-cache");
		chart_render(&rs->body, &x, true);
		return;
	}
	char today[11];
	date_format_fr(x.today, today);
	measurement_form f = {.date = arena_strdup(rq->arena, today), .value = "", .comment = "",
	                      .source = ""};
	indicator_render(rq, rs, &x, &f, NULL);
}

static const char *nonempty(arena *a, const char *s)
{
	const char *t = text_trim(a, s ? s : "");
	return *t ? t : NULL;
}

void page_measurement_create(web_request *rq, web_response *rs)
{
	indicator_page x;
	if (!indicator_load(rq, rs, rq->params[1], &x, PAGE_TO_CHANGE))
		return;
	arena *a = rq->arena;
	if (x.ind->formula != FORMULA_NONE) {
		page_error(rq, rs, 409, _("Cet indicateur est calculé : il ne se saisit pas."));
		return;
	}
	measurement_form f = {.date = web_form(rq, "date"), .value = web_form(rq, "value"),
	                      .comment = web_form(rq, "comment"), .source = web_form(rq, "source")};
	diag_list d;
	diag_init(&d, a);
	measurement m = {.indicator = x.ind, .comment = nonempty(a, f.comment),
	                 .source = nonempty(a, f.source)};
	const char *date = text_trim(a, f.date);
	const char *why = NULL;
	if (!*date)
		diag_add(&d, "date", 0, "%s", _("Date de la mesure : obligatoire (JJ/MM/AAAA)."));
	else if (!date_parse(date, &m.date, &why))
		diag_add(&d, "date", 0, _("Date de la mesure : « %s » n'est pas une date lisible (%s)."),
		         date, why);
	const char *value = text_trim(a, f.value);
	if (!*value)
		diag_add(&d, "value", 0, "%s", _("Valeur : obligatoire, par exemple 12,5."));
	else if (!number_parse(value, &m.value, &why))
		diag_add(&d, "value", 0, _("Valeur : « %s » n'est pas un nombre lisible : %s. Écrivez "
		                           "par exemple 12,5."),
		         value, why ? why : "");
	store_result r = STORE_INVALID;
	if (!diag_has_errors(&d))
		r = store_measurement_put(rq->store, &x.p, &m, &d);
	if (r == STORE_OK) {
		web_redirect(rq, rs, arena_printf(a, "%s?notice=measurement-saved",
		                                  indicator_url(a, &x.p, x.ind)));
		return;
	}
	form_diags_rename(&d, "indicator", NULL, false);
	if (!diag_has_errors(&d))
		diag_add(&d, NULL, 0, "%s", _("Enregistrement impossible : la base de données ne répond pas."));
	rs->status = r == STORE_INVALID ? 422 : 500;
	/* What is shown is what is stored: load it again if the store wrote anything. */
	indicator_render(rq, rs, &x, &f, &d);
}

/* ---- an indicator's definition: the forms -------------------------------------------------- */

/* The definition form's values, as typed (or as stored, for the edit form). */
typedef struct {
	const char *code, *name, *definition, *family, *unit, *direction, *frequency, *source,
		*owner, *tolerance, *baseline_value, *baseline_date, *targets, *elements, *formula;
	long long version;
} definition_form;

static const char *number_text(arena *a, double v)
{
	char n[48];
	number_format_fr(v, 6, n);
	return arena_strdup(a, n);
}

static definition_form form_from_indicator(arena *a, const indicator *ind)
{
	definition_form f = {
		.code = ind->code, .name = ind->name, .definition = ind->definition,
		.family = ind->family, .unit = ind->unit,
		.direction = indicator_direction_key(ind->direction),
		.frequency = indicator_frequency_key(ind->frequency), .source = ind->source,
		.owner = ind->owner, .tolerance = number_text(a, ind->tolerance),
		.baseline_value = "", .baseline_date = "",
		.formula = ind->formula != FORMULA_NONE ? indicator_formula_key(ind->formula) : "",
		.version = (long long)ind->version,
	};
	if (ind->has_baseline) {
		f.baseline_value = number_text(a, ind->baseline.value);
		f.baseline_date = html_date_shown(a, ind->baseline.date);
	}
	buf t = {0};
	for (size_t i = 0; i < ind->target_count; i++)
		buf_printf(&t, "%s ; %s\n", html_date_shown(a, ind->targets[i].date),
		           number_text(a, ind->targets[i].value));
	f.targets = arena_strdup(a, t.data ? t.data : "");
	buf_free(&t);
	buf e = {0};
	for (size_t i = 0; i < ind->element_count; i++)
		buf_printf(&e, "%s\n", ind->elements[i]->code);
	f.elements = arena_strdup(a, e.data ? e.data : "");
	buf_free(&e);
	return f;
}

static definition_form form_from_request(web_request *rq)
{
	return (definition_form){
		.code = web_form(rq, "code"), .name = web_form(rq, "name"),
		.definition = web_form(rq, "definition"), .family = web_form(rq, "family"),
		.unit = web_form(rq, "unit"), .direction = web_form(rq, "direction"),
		.frequency = web_form(rq, "frequency"), .source = web_form(rq, "source"),
		.owner = web_form(rq, "owner"), .tolerance = web_form(rq, "tolerance"),
		.baseline_value = web_form(rq, "baseline_value"),
		.baseline_date = web_form(rq, "baseline_date"), .targets = web_form(rq, "targets"),
		.elements = web_form(rq, "elements"), .formula = web_form(rq, "formula"),
		.version = atoll(web_form(rq, "version")),
	};
}

/* The targets, one per line "DATE ; VALEUR"; every unreadable line said with its number. */
static void targets_from_form(arena *a, const char *text, indicator *ind, diag_list *d)
{
	char **lines;
	size_t n = text_split(a, text ? text : "", '\n', &lines);
	int *line_of = arena_alloc(a, (n + 1) * sizeof(*line_of));
	ind->targets = arena_alloc(a, (n + 1) * sizeof(*ind->targets));
	ind->target_count = 0;
	for (size_t i = 0; i < n; i++) {
		int line = (int)i + 1;
		const char *l = text_trim(a, lines[i]);
		if (!*l)
			continue;
		char **parts;
		size_t k = text_split(a, l, ';', &parts);
		if (k != 2) {
			diag_add(d, "targets", 0, _("Cibles, ligne %d : « %s » n'est pas de la forme "
			                            "DATE ; VALEUR (par exemple 31/12/2026 ; 60)."),
			         line, l);
			continue;
		}
		const char *date = text_trim(a, parts[0]), *value = text_trim(a, parts[1]), *why = NULL;
		indicator_point t;
		if (!date_parse(date, &t.date, &why)) {
			diag_add(d, "targets", 0, _("Cibles, ligne %d : « %s » n'est pas une date lisible "
			                            "(%s)."),
			         line, date, why ? why : "");
			continue;
		}
		if (!number_parse(value, &t.value, &why)) {
			diag_add(d, "targets", 0, _("Cibles, ligne %d : « %s » n'est pas un nombre lisible "
			                            "(%s)."),
			         line, value, why ? why : "");
			continue;
		}
		bool twice = false;
		for (size_t j = 0; j < ind->target_count && !twice; j++)
			if (date_compare(ind->targets[j].date, t.date) == 0) {
				diag_add(d, "targets", 0, _("Cibles, ligne %d : une cible est déjà fixée au %s "
				                            "(ligne %d)."),
				         line, html_date_shown(a, t.date), line_of[j]);
				twice = true;
			}
		if (twice)
			continue;
		/* In date order, as the store keeps them. */
		size_t at = ind->target_count;
		while (at > 0 && date_compare(ind->targets[at - 1].date, t.date) > 0) {
			ind->targets[at] = ind->targets[at - 1];
			line_of[at] = line_of[at - 1];
			at--;
		}
		ind->targets[at] = t;
		line_of[at] = line;
		ind->target_count++;
	}
}

/* The elements measured: codes separated by lines, commas or spaces. */
static void elements_from_form(arena *a, const plan *p, const char *text, indicator *ind,
                               diag_list *d)
{
	char *t = arena_strdup(a, text ? text : "");
	for (char *c = t; *c; c++)
		if (*c == '\n' || *c == '\r' || *c == '\t' || *c == ',' || *c == ';')
			*c = ' ';
	char **codes;
	size_t n = text_split(a, t, ' ', &codes);
	const plan_element **elements = arena_alloc(a, (n + 1) * sizeof(*elements));
	size_t count = 0;
	for (size_t i = 0; i < n; i++) {
		const char *code = text_trim(a, codes[i]);
		if (!*code)
			continue;
		const plan_element *e = plan_find(p, code);
		if (!e) {
			const char *near = plan_code_suggestion(a, p, code);
			if (near)
				diag_add(d, "elements", 0, _("élément inconnu « %s » (vouliez-vous dire « %s » ?)"),
				         code, near);
			else
				diag_add(d, "elements", 0, _("élément inconnu « %s » : aucun élément du plan "
				                             "« %s » n'a ce code"),
				         code, p->slug ? p->slug : "");
			continue;
		}
		bool seen = false;
		for (size_t j = 0; j < count; j++)
			seen = seen || elements[j] == e;
		if (!seen)
			elements[count++] = e;
	}
	ind->elements = elements;
	ind->element_count = count;
}

static bool optional_number(arena *a, const char *text, const char *field, const char *label,
                            double *out, diag_list *d)
{
	const char *t = text_trim(a, text ? text : ""), *why = NULL;
	if (!*t)
		return false;
	if (!number_parse(t, out, &why)) {
		diag_add(d, field, 0, _("%s : « %s » n'est pas un nombre lisible (%s). Écrivez par "
		                        "exemple 12,5."),
		         label, t, why ? why : "");
		return false;
	}
	return true;
}

/* The indicator the form describes; what cannot be read is said in d, field by field. */
static void indicator_from_form(web_request *rq, const plan *p, const definition_form *f,
                                indicator *ind, diag_list *d)
{
	arena *a = rq->arena;
	ind->code = text_trim(a, f->code ? f->code : "");
	ind->name = text_trim(a, f->name ? f->name : "");
	if (!*ind->code)
		diag_add(d, "code", 0, "%s", _("Code : obligatoire, par exemple SAT."));
	else if (strchr(ind->code, '/') || strchr(ind->code, ' ') || strcmp(ind->code, "new") == 0)
		diag_add(d, "code", 0, "%s", _("Code : sans espace ni barre oblique, et autre que « new »."));
	if (!*ind->name)
		diag_add(d, "name", 0, "%s", _("Nom : obligatoire."));
	ind->definition = nonempty(a, f->definition);
	ind->family = nonempty(a, f->family);
	ind->unit = nonempty(a, f->unit);
	ind->source = nonempty(a, f->source);
	ind->owner = nonempty(a, f->owner);
	if (!indicator_direction_parse(f->direction ? f->direction : "", &ind->direction))
		diag_add(d, "direction", 0, "%s", _("Sens : choisissez-en un."));
	if (!indicator_frequency_parse(f->frequency ? f->frequency : "", &ind->frequency))
		diag_add(d, "frequency", 0, "%s", _("Fréquence : choisissez-en une de la liste."));
	if (!indicator_formula_parse(f->formula ? f->formula : "", &ind->formula))
		diag_add(d, "formula", 0, "%s", _("Formule : choisissez-en une de la liste."));
	ind->tolerance = 0;
	optional_number(a, f->tolerance, "tolerance", _("Tolérance"), &ind->tolerance, d);
	const char *bv = text_trim(a, f->baseline_value ? f->baseline_value : "");
	const char *bd = text_trim(a, f->baseline_date ? f->baseline_date : "");
	ind->has_baseline = false;
	if (*bv || *bd) {
		const char *why = NULL;
		bool ok = true;
		if (!*bv || !*bd) {
			diag_add(d, "baseline", 0, "%s", _("Valeur initiale : donnez la valeur et sa date, "
			                                   "ou ni l'une ni l'autre."));
			ok = false;
		} else {
			ok = optional_number(a, bv, "baseline", _("Valeur initiale"), &ind->baseline.value, d);
			if (!date_parse(bd, &ind->baseline.date, &why)) {
				diag_add(d, "baseline", 0, _("Date de la valeur initiale : « %s » n'est pas une "
				                             "date lisible (%s)."),
				         bd, why ? why : "");
				ok = false;
			}
		}
		ind->has_baseline = ok;
	}
	targets_from_form(a, f->targets, ind, d);
	elements_from_form(a, p, f->elements, ind, d);
}

/* Every message about a field, one after the other (each target line has its own). */
static const char *field_errors(arena *a, const diag_list *d, const char *field)
{
	buf t = {0};
	for (size_t i = 0; d && i < d->count; i++)
		if (d->items[i].file && strcmp(d->items[i].file, field) == 0)
			buf_printf(&t, "%s%s", t.len ? " " : "", d->items[i].message);
	const char *out = t.len ? arena_strdup(a, t.data) : NULL;
	buf_free(&t);
	return out;
}

/* Where the error summary links a field's messages. */
static const char *definition_anchor(const char *field)
{
	if (strcmp(field, "direction") == 0)
		return "direction-hausse";
	if (strcmp(field, "baseline") == 0)
		return "baseline_value";
	return field;
}

static void definition_fields(web_request *rq, buf *b, const definition_form *f,
                              const char *const *families, size_t family_count,
                              const diag_list *d)
{
	arena *a = rq->arena;
	form_input(b, &(form_field){.id = "code", .label = _("Code"),
	                            .hint = _("Court et unique dans le plan, sans espace : il "
	                                      "figure dans l'adresse de l'indicateur."),
	                            .value = f->code, .error = field_errors(a, d, "code"),
	                            .attributes = " autocomplete=\"off\""});
	form_input(b, &(form_field){.id = "name", .label = _("Nom"), .value = f->name,
	                            .error = field_errors(a, d, "name")});
	form_textarea(b, &(form_field){.id = "definition", .label = _("Définition"),
	                               .hint = _("Facultatif : ce que l'indicateur mesure et comment."),
	                               .value = f->definition,
	                               .error = field_errors(a, d, "definition"),
	                               .attributes = " rows=\"3\""});
	form_choice *fc = arena_alloc(a, (family_count + 1) * sizeof(*fc));
	fc[0] = (form_choice){.value = "", .label = _("(aucune)")};
	for (size_t i = 0; i < family_count; i++)
		fc[i + 1] = (form_choice){.value = families[i], .label = families[i]};
	form_select(b, &(form_field){.id = "family", .label = _("Famille"),
	                             .hint = _("Les familles se règlent dans les paramètres du plan."),
	                             .value = f->family ? f->family : "",
	                             .error = field_errors(a, d, "family")},
	            fc, family_count + 1);
	form_input(b, &(form_field){.id = "unit", .label = _("Unité"),
	                            .hint = _("Facultatif, par exemple %, jours, incidents. Un "
	                                      "indicateur calculé n'en a pas besoin."),
	                            .value = f->unit, .error = field_errors(a, d, "unit")});
	form_choice dc[DIRECTION_COUNT];
	for (int i = 0; i < DIRECTION_COUNT; i++)
		dc[i] = (form_choice){.value = indicator_direction_key((indicator_direction)i),
		                      .label = indicator_direction_label((indicator_direction)i)};
	form_radio_group(b, &(form_field){.id = "direction", .label = _("Sens"),
	                                  .value = f->direction ? f->direction : "",
	                                  .error = field_errors(a, d, "direction")},
	                 dc, DIRECTION_COUNT);
	form_choice qc[FREQUENCY_COUNT];
	for (int i = 0; i < FREQUENCY_COUNT; i++)
		qc[i] = (form_choice){.value = indicator_frequency_key((indicator_frequency)i),
		                      .label = indicator_frequency_label((indicator_frequency)i)};
	form_select(b, &(form_field){.id = "frequency", .label = _("Fréquence de mesure"),
	                             .value = f->frequency, .error = field_errors(a, d, "frequency")},
	            qc, FREQUENCY_COUNT);
	form_input(b, &(form_field){.id = "source", .label = _("Source"),
	                            .hint = _("Facultatif : d'où viennent les valeurs."),
	                            .value = f->source, .error = field_errors(a, d, "source")});
	form_input(b, &(form_field){.id = "owner", .label = _("Responsable"),
	                            .hint = _("Facultatif."), .value = f->owner,
	                            .error = field_errors(a, d, "owner")});
	form_input(b, &(form_field){.id = "tolerance", .label = _("Tolérance"),
	                            .hint = _("Dans l'unité de l'indicateur, 0 ou plus : l'écart à "
	                                      "la trajectoire encore « en bonne voie »."),
	                            .value = f->tolerance, .error = field_errors(a, d, "tolerance"),
	                            .attributes = " inputmode=\"decimal\" autocomplete=\"off\""});
	form_input(b, &(form_field){.id = "baseline_value", .label = _("Valeur initiale"),
	                            .hint = _("Facultatif : la valeur et sa date, ou ni l'une ni "
	                                      "l'autre."),
	                            .value = f->baseline_value, .error = field_errors(a, d, "baseline"),
	                            .attributes = " inputmode=\"decimal\" autocomplete=\"off\""});
	form_input(b, &(form_field){.id = "baseline_date", .label = _("Date de la valeur initiale"),
	                            .hint = _("JJ/MM/AAAA ou AAAA-MM-JJ."), .value = f->baseline_date,
	                            .attributes = " class=\"date\" autocomplete=\"off\""});
	form_textarea(b, &(form_field){.id = "targets", .label = _("Cibles"),
	                               .hint = _("Une par ligne : DATE ; VALEUR, par exemple "
	                                         "« 31/12/2026 ; 60 »."),
	                               .value = f->targets, .error = field_errors(a, d, "targets"),
	                               .attributes = " rows=\"4\""});
	form_textarea(b, &(form_field){.id = "elements", .label = _("Éléments mesurés"),
	                               .hint = _("Les codes des éléments du plan, un par ligne ; "
	                                         "aucun : tout le plan."),
	                               .value = f->elements, .error = field_errors(a, d, "elements"),
	                               .attributes = " rows=\"3\""});
	form_choice mc[FORMULA_COUNT];
	mc[0] = (form_choice){.value = "", .label = indicator_formula_label(FORMULA_NONE)};
	for (int i = 1; i < FORMULA_COUNT; i++)
		mc[i] = (form_choice){.value = indicator_formula_key((indicator_formula)i),
		                      .label = indicator_formula_label((indicator_formula)i)};
	form_select(b, &(form_field){.id = "formula", .label = _("Formule"),
	                             .hint = _("« Saisie manuelle » : les mesures sont saisies. "
	                                       "Sinon jalon calcule l'indicateur à partir des "
	                                       "données du plan."),
	                             .value = f->formula ? f->formula : "",
	                             .error = field_errors(a, d, "formula")},
	            mc, FORMULA_COUNT);
}

/* The plan and, for the edit and delete pages, the indicator of the URL (with how many
 * measurements it has); false once an error page answers. */
static bool definition_load(web_request *rq, web_response *rs, const char *code, page_use use,
                            plan *p, indicator **ind, size_t *measurement_count)
{
	if (use == PAGE_TO_CHANGE && page_refuse_without_csrf(rq, rs))
		return false;
	if (!page_load_plan(rq, rs, p))
		return false;
	if (!code)
		return true;
	diag_list d;
	diag_init(&d, rq->arena);
	measurement *measurements;
	measurement_revision *revisions;
	size_t revision_count;
	store_result r = store_indicator_load(rq->store, rq->arena, p, code, ind, &measurements,
	                                      measurement_count, &revisions, &revision_count, &d);
	if (r == STORE_NOT_FOUND) {
		page_error(rq, rs, 404, _("Indicateur introuvable"));
		return false;
	}
	if (r != STORE_OK) {
		page_error(rq, rs, 500, _("La base de données ne répond pas"));
		return false;
	}
	return true;
}

/* The stored definition, shown above the form after a conflict. */
static void stored_definition(web_request *rq, buf *b, const indicator *ind)
{
	arena *a = rq->arena;
	definition_form s = form_from_indicator(a, ind);
	form_conflict_begin(b, _("Quelqu'un a enregistré cet indicateur depuis que vous l'avez "
	                         "ouvert. Votre saisie n'a pas été enregistrée : elle est reprise "
	                         "ci-dessous. Enregistrez-la pour remplacer la définition enregistrée, "
	                         "ou annulez."));
	html_printf(b, "<h3>%s</h3>\n<dl class=\"fields\">\n", _("Définition enregistrée"));
	const char *rows[][2] = {
		{_("Code"), s.code}, {_("Nom"), s.name}, {_("Définition"), s.definition},
		{_("Famille"), s.family}, {_("Unité"), s.unit},
		{_("Sens"), indicator_direction_label(ind->direction)},
		{_("Fréquence de mesure"), indicator_frequency_label(ind->frequency)},
		{_("Source"), s.source}, {_("Responsable"), s.owner}, {_("Tolérance"), s.tolerance},
		{_("Valeur initiale"), ind->has_baseline
		                       ? arena_printf(a, "%s (%s)", s.baseline_value, s.baseline_date)
		                       : NULL},
		{_("Cibles"), s.targets}, {_("Éléments mesurés"), scope_text(a, ind)},
		{_("Formule"), indicator_formula_label(ind->formula)},
	};
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		html_printf(b, "<dt>%s</dt>\n<dd>%s</dd>\n", rows[i][0], or_dash(rows[i][1]));
	html_printf(b, "</dl></div>\n");
}

/* The create form (ind NULL) or the edit form; `stored`, after a conflict, is the
 * definition saved now. */
static void definition_page(web_request *rq, web_response *rs, const plan *p,
                            const indicator *ind, const definition_form *f, const diag_list *d,
                            const indicator *stored)
{
	arena *a = rq->arena;
	buf *b = &rs->body;
	diag_list families_diags;
	diag_init(&families_diags, a);
	const char **families = NULL;
	size_t family_count = 0;
	if (!store_indicator_families_load(rq->store, a, p, &families, &family_count,
	                                   &families_diags)) {
		page_error(rq, rs, 500, _("La base de données ne répond pas"));
		return;
	}
	const char *title = ind ? arena_printf(a, _("Modifier la définition de %s"), ind->code)
	                        : _("Ajouter un indicateur");
	html_page_begin(rq, rs, arena_printf(a, "%s — %s", title, p->title));
	breadcrumb_to(b, p, ind, ind ? _("Modifier la définition") : title);
	html_printf(b, "<h1>%s</h1>\n", title);
	if (stored)
		stored_definition(rq, b, stored);
	form_error_summary(b, d, definition_anchor);
	if (ind)
		html_printf(b, "<form class=\"indicator-form\" method=\"post\" action=\"%s/edit\" "
		               "novalidate>\n",
		            indicator_url(a, p, ind));
	else
		html_printf(b, "<form class=\"indicator-form\" method=\"post\" "
		               "action=\"/plans/%u/indicators/new\" novalidate>\n",
		            p->slug);
	html_csrf_field(rq, b);
	if (ind)
		html_printf(b, "<input type=\"hidden\" name=\"version\" value=\"%lld\">\n", f->version);
	definition_fields(rq, b, f, families, family_count, d);
	form_buttons(b, _("Enregistrer"),
	             ind ? indicator_url(a, p, ind) : arena_printf(a, "/plans/%s/indicators", p->slug),
	             _("Annuler"));
	html_page_end(rq, rs);
}

void page_indicator_new(web_request *rq, web_response *rs)
{
	plan p;
	if (!definition_load(rq, rs, NULL, PAGE_TO_READ, &p, NULL, NULL))
		return;
	definition_form f = {.direction = indicator_direction_key(DIRECTION_UP),
	                     .frequency = indicator_frequency_key(FREQUENCY_QUARTERLY),
	                     .tolerance = "0", .formula = ""};
	definition_page(rq, rs, &p, NULL, &f, NULL, NULL);
}

/* Save the form's indicator (ind->id 0: a new one) and answer: 303 to its page, 409,
 * 422 or an error page. */
static void definition_save(web_request *rq, web_response *rs, const plan *p,
                            const indicator *current)
{
	arena *a = rq->arena;
	diag_list d;
	diag_init(&d, a);
	definition_form f = form_from_request(rq);
	indicator ind = {.id = current ? current->id : 0};
	indicator_from_form(rq, p, &f, &ind, &d);
	store_result r = diag_has_errors(&d)
	                 ? STORE_INVALID
	                 : store_indicator_put(rq->store, p, &ind, current ? f.version : 0, &d);
	switch (r) {
	case STORE_OK:
		web_redirect(rq, rs, arena_printf(a, "%s?notice=%s", indicator_url(a, p, &ind),
		                                  current ? "indicator-saved" : "indicator-created"));
		return;
	case STORE_CONFLICT: {
		plan now;
		indicator *stored;
		size_t count;
		if (!definition_load(rq, rs, current->code, PAGE_TO_READ, &now, &stored, &count))
			return;
		rs->status = 409;
		f.version = (long long)stored->version;
		definition_page(rq, rs, &now, stored, &f, NULL, stored);
		return;
	}
	case STORE_NOT_FOUND:
		page_error(rq, rs, 404, _("Indicateur introuvable"));
		return;
	case STORE_FAILED:
		page_error(rq, rs, 500, _("Enregistrement impossible"));
		return;
	default:
		rs->status = 422;
		definition_page(rq, rs, p, current, &f, &d, NULL);
	}
}

void page_indicator_create(web_request *rq, web_response *rs)
{
	plan p;
	if (!definition_load(rq, rs, NULL, PAGE_TO_CHANGE, &p, NULL, NULL))
		return;
	definition_save(rq, rs, &p, NULL);
}

void page_indicator_edit(web_request *rq, web_response *rs)
{
	plan p;
	indicator *ind;
	size_t count;
	if (!definition_load(rq, rs, rq->params[1], PAGE_TO_READ, &p, &ind, &count))
		return;
	definition_form f = form_from_indicator(rq->arena, ind);
	definition_page(rq, rs, &p, ind, &f, NULL, NULL);
}

void page_indicator_save(web_request *rq, web_response *rs)
{
	plan p;
	indicator *ind;
	size_t count;
	if (!definition_load(rq, rs, rq->params[1], PAGE_TO_CHANGE, &p, &ind, &count))
		return;
	definition_save(rq, rs, &p, ind);
}

void page_indicator_delete(web_request *rq, web_response *rs)
{
	plan p;
	indicator *ind;
	size_t count;
	if (!definition_load(rq, rs, rq->params[1], PAGE_TO_READ, &p, &ind, &count))
		return;
	arena *a = rq->arena;
	buf *b = &rs->body;
	const char *title = arena_printf(a, _("Supprimer l'indicateur %s"), ind->code);
	html_page_begin(rq, rs, arena_printf(a, "%s — %s", title, p.title));
	breadcrumb_to(b, &p, ind, _("Supprimer l'indicateur"));
	html_printf(b, "<h1>%s</h1>\n<p>", title);
	html_printf(b, _("L'indicateur « %s » sera supprimé définitivement, avec ses mesures : "),
	            ind->name);
	html_printf(b, i18n_count("%zu mesure.", "%zu mesures.", count), count);
	html_printf(b, "</p>\n<form method=\"post\" action=\"%s/delete\">\n", indicator_url(a, &p, ind));
	html_csrf_field(rq, b);
	html_printf(b, "<input type=\"hidden\" name=\"version\" value=\"%lld\">\n"
	               "<button type=\"submit\" class=\"danger\">%s</button> <a href=\"%s\">%s</a>\n"
	               "</form>\n",
	            (long long)ind->version, _("Supprimer définitivement"), indicator_url(a, &p, ind),
	            _("Annuler"));
	html_page_end(rq, rs);
}

void page_indicator_delete_confirm(web_request *rq, web_response *rs)
{
	plan p;
	indicator *ind;
	size_t count;
	if (!definition_load(rq, rs, rq->params[1], PAGE_TO_CHANGE, &p, &ind, &count))
		return;
	diag_list d;
	diag_init(&d, rq->arena);
	switch (store_indicator_delete(rq->store, &p, ind->id, atoll(web_form(rq, "version")), &d)) {
	case STORE_OK:
		web_redirect(rq, rs, arena_printf(rq->arena, "/plans/%s/indicators?notice=indicator-deleted",
		                                  p.slug));
		return;
	case STORE_CONFLICT:
		page_error(rq, rs, 409, _("Quelqu'un a modifié cet indicateur entre-temps : rien n'a été "
		                          "supprimé. Rouvrez-le et recommencez."));
		return;
	case STORE_NOT_FOUND:
		page_error(rq, rs, 404, _("Indicateur introuvable"));
		return;
	default:
		page_error(rq, rs, 500, _("Suppression impossible"));
	}
}
