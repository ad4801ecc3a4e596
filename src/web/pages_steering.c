/*
 * pages_steering.c — the steering sections of an element's sheet, and their forms:
 * - "Pilotage": the element's roll-up (phase, own and rolled progress, weather as an
 *   icon and a word with the latest dated comment, rolled budget, milestones reached
 *   and late, rolled dates) and the last entries of its weather history;
 * - the status form (phase, progress, weather, comment, date of the report), which
 *   also shows the whole weather history;
 * - "Jalons" and "Lignes budgétaires": the element's own milestones and budget lines,
 *   each with create, edit and delete (confirmation page) forms.
 * The risk sections (pages_risks.c) follow them on the sheet.
 *
 * Forms behave like the element form (pages_element.c), with the same fields (form.h):
 * validated on the server by the store, whose diags name the field (item_store.h),
 * shown next to it and in a summary at the top that links to it; what the user typed
 * is kept. Edits carry the item's version: a stale save answers 409 with the stored
 * values beside the user's and a form, holding the user's values, from which to redo
 * it knowingly (milestones and budget lines share that flow: answer_submission).
 * Dates are text fields accepting JJ/MM/AAAA or AAAA-MM-JJ, as in the element form
 * (date pickers read poorly in some screen readers), prefilled as JJ/MM/AAAA. Amounts
 * are typed as French spreadsheets write them and read exactly (util/money.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/steering.h"
#include "store/item_store.h"
#include "store/steering_store.h"
#include "store/steering_view.h"
#include "util/format_fr.h"
#include "util/i18n.h"
#include "util/money.h"
#include "util/text.h"
#include "web/form.h"
#include "web/html.h"
#include "web/pages.h"
#include "web/plan_view.h"

/* How many weather reports the sheet shows before linking to the whole history. */
#define SHEET_WEATHER_REPORTS 5

/* ---- loading ------------------------------------------------------------------------- */

/* A plan with its steering data, and the date that decides lateness. */
typedef struct {
	plan p;
	steering_data data;
	jalon_date today;
} steering_context;

/* Load the plan of the URL and its steering data; false once an error page answers
 * (403 for a change without a valid CSRF token, 404, 500). */
static bool context_load(web_request *rq, web_response *rs, steering_context *c, page_use use)
{
	if (use == PAGE_TO_CHANGE && page_refuse_without_csrf(rq, rs))
		return false;
	memset(c, 0, sizeof(*c));
	if (!page_load_plan(rq, rs, &c->p))
		return false;
	diag_list d;
	diag_init(&d, rq->arena);
	if (!store_steering_load(rq->store, rq->arena, &c->p, &c->data, &d)) {
		page_error(rq, rs, 500, _("La base de données ne répond pas"));
		return false;
	}
	steering_view_today(NULL, &c->today);
	return true;
}

/* The element of the URL (/plans/{plan}/elements/{id}/…), or a 404 page. */
static plan_element *context_element(web_request *rq, web_response *rs, steering_context *c,
                                     page_use use)
{
	if (!context_load(rq, rs, c, use))
		return NULL;
	int64_t id = web_id_parse(rq->params[1]);
	plan_element *e = id ? plan_find_id(&c->p, id) : NULL;
	if (!e)
		page_error(rq, rs, 404, _("Élément introuvable"));
	return e;
}

/* The milestone of the URL (/plans/{plan}/milestones/{id}/…), only among the plan's
 * own: one of another plan is a 404 like one that does not exist. */
static milestone *context_milestone(web_request *rq, web_response *rs, steering_context *c,
                                    page_use use)
{
	if (!context_load(rq, rs, c, use))
		return NULL;
	int64_t id = web_id_parse(rq->params[1]);
	for (size_t i = 0; id && i < c->data.milestone_count; i++)
		if (c->data.milestones[i].id == id)
			return &c->data.milestones[i];
	page_error(rq, rs, 404, _("Jalon introuvable"));
	return NULL;
}

static budget_line *context_line(web_request *rq, web_response *rs, steering_context *c,
                                 page_use use)
{
	if (!context_load(rq, rs, c, use))
		return NULL;
	int64_t id = web_id_parse(rq->params[1]);
	for (size_t i = 0; id && i < c->data.line_count; i++)
		if (c->data.lines[i].id == id)
			return &c->data.lines[i];
	page_error(rq, rs, 404, _("Ligne budgétaire introuvable"));
	return NULL;
}

static const char *element_url(arena *a, const plan *p, const plan_element *e)
{
	return arena_printf(a, "/plans/%s/elements/%lld", p->slug, (long long)e->id);
}

static const element_status *own_status(const steering_data *data, const plan_element *e)
{
	for (size_t i = 0; i < data->status_count; i++)
		if (data->statuses[i].element == e)
			return &data->statuses[i];
	return NULL;
}

/* ---- small formats -------------------------------------------------------------------- */

static const char *amount_text(arena *a, int64_t cents)
{
	char *s = arena_alloc(a, MONEY_FORMAT_MAX);
	money_format_plain(cents, s);
	return s;
}

static const char *or_dash(const char *s)
{
	return s && *s ? s : "—";
}

/* The icon of each weather: the word always goes with it (never the icon or colour
 * alone); the same as the dashboard's. */
static const char *weather_icon(weather w)
{
	static const char *const icons[WEATHER_COUNT] = {"–", "☀", "☁", "⚡"};
	return icons[w < WEATHER_COUNT ? w : WEATHER_UNSET];
}

static void weather_html(buf *b, weather w)
{
	html_printf(b, "<span class=\"weather weather-%s\"><span class=\"weather-icon\" "
	               "aria-hidden=\"true\">%s</span> %s</span>",
	            weather_key(w), weather_icon(w), weather_label(w));
}

/* A weather radio button's label: its icon and its word. */
static const char *weather_markup(arena *a, weather w)
{
	buf m = {0};
	weather_html(&m, w);
	char *s = arena_strdup(a, m.data);
	buf_free(&m);
	return s;
}

/* ---- form helpers ---------------------------------------------------------------------- */

/* The id a field's error links to: the first button of a radio group. */
static const char *field_anchor(const char *field)
{
	if (strcmp(field, "weather") == 0)
		return "weather-non-renseigne";
	if (strcmp(field, "nature") == 0)
		return "nature-investissement";
	return field;
}

static void amount_input(buf *b, const char *name, const char *label, const char *value,
                         const diag_list *d)
{
	form_text_input(b, name, label, _("En euros, par exemple 1 234,56 ; vide : 0"), value, d,
	                " class=\"amount\" inputmode=\"decimal\" autocomplete=\"off\"");
}

/* Radio buttons in the fieldset NAME-group (field_anchor links to the first button). */
static void radio_group(buf *b, const char *name, const char *legend, const char *hint,
                        const form_choice *choices, size_t n, const char *chosen,
                        const diag_list *d)
{
	char group_id[64];
	snprintf(group_id, sizeof(group_id), "%s-group", name);
	form_radio_group(b, &(form_field){.id = group_id, .name = name, .label = legend,
	                                  .hint = hint, .value = chosen,
	                                  .error = form_error_of(d, name),
	                                  .attributes = " class=\"field radios\""},
	                 choices, n);
}

/* An amount field: 0 when empty; otherwise parsed exactly, never negative. */
static int64_t parse_amount_field(arena *a, const char *text, const char *field,
                                  const char *label, diag_list *d)
{
	const char *t = text_trim(a, text ? text : "");
	int64_t cents = 0;
	const char *why;
	if (!*t)
		return 0;
	if (!money_parse(t, &cents, &why))
		diag_add(d, field, 0, _("%s : « %s » n'est pas un montant lisible (%s). Écrivez par "
		                        "exemple 1 234,56."), label, t, why);
	else if (cents < 0)
		diag_add(d, field, 0, _("%s : un montant ne peut pas être négatif (« %s »)."), label, t);
	return cents;
}

static const char *nonempty(arena *a, const char *s)
{
	const char *t = text_trim(a, s ? s : "");
	return *t ? t : NULL;
}

/* A row of the conflict page's table, when the two versions differ. */
static void compare_row(buf *b, const char *label, const char *mine, const char *theirs)
{
	mine = mine ? mine : "";
	theirs = theirs ? theirs : "";
	if (strcmp(mine, theirs) == 0)
		return;
	html_printf(b, "<tr><th scope=\"row\">%s</th><td>%s</td><td>%s</td></tr>\n", label,
	            *mine ? mine : "—", *theirs ? theirs : "—");
}

static void compare_begin(buf *b, const char *what)
{
	html_printf(b, "<p role=\"alert\">%s</p>\n", what);
	html_printf(b, "<table>\n<caption>%s</caption>\n<thead><tr><th scope=\"col\">%s</th>"
	               "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
	            _("Champs qui diffèrent"), _("Champ"), _("Votre saisie"),
	            _("Version enregistrée"));
}

static void compare_end(buf *b)
{
	html_printf(b, "</tbody>\n</table>\n<h2>%s</h2>\n", _("Refaire ma modification"));
}

/* A typed date as the stored one would show, so that "2026-03-01" and "01/03/2026"
 * do not count as a difference. */
static const char *date_normalised(arena *a, const char *typed)
{
	const char *t = text_trim(a, typed ? typed : "");
	jalon_date d;
	const char *why;
	return *t && date_parse(t, &d, &why) ? html_date_text(a, d) : t;
}

static const char *amount_normalised(arena *a, const char *typed)
{
	const char *t = text_trim(a, typed ? typed : "");
	int64_t cents;
	const char *why;
	if (!*t)
		return amount_text(a, 0);
	return money_parse(t, &cents, &why) ? amount_text(a, cents) : t;
}

/* ---- the sheet's sections -------------------------------------------------------------- */

/* The element's weather reports, newest first. */
static size_t reports_of(arena *a, const steering_data *data, const plan_element *e,
                         const weather_report ***out)
{
	size_t n = 0;
	for (size_t i = 0; i < data->weather_report_count; i++)
		if (data->weather_reports[i].element == e)
			n++;
	*out = arena_alloc(a, (n + 1) * sizeof(**out));
	size_t k = n;
	/* Stored oldest first (by date, then entry): reverse. */
	for (size_t i = 0; i < data->weather_report_count; i++)
		if (data->weather_reports[i].element == e)
			(*out)[--k] = &data->weather_reports[i];
	return n;
}

static void weather_history_table(web_request *rq, buf *b, const char *heading_id,
                                  const weather_report *const *reports, size_t n)
{
	html_printf(b, "<table aria-labelledby=\"%s\">\n<thead><tr><th scope=\"col\">%s</th>"
	               "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
	            heading_id, _("Date"), _("Météo"), _("Commentaire"));
	for (size_t i = 0; i < n; i++) {
		html_printf(b, "<tr><td>%s</td><td>", html_date_shown(rq->arena, reports[i]->reported_on));
		weather_html(b, reports[i]->weather);
		html_printf(b, "</td><td class=\"comment\">%s</td></tr>\n", or_dash(reports[i]->comment));
	}
	html_printf(b, "</tbody>\n</table>\n");
}

static void summary_section(web_request *rq, buf *b, const plan *p, const plan_element *e,
                            const steering_data *data, const element_rollup *x, bool may_edit)
{
	arena *a = rq->arena;
	const element_status *own = own_status(data, e);
	const weather_report **reports;
	size_t report_count = reports_of(a, data, e, &reports);
	const char *url = element_url(a, p, e);

	html_printf(b, "<h2 id=\"pilotage\">%s</h2>\n<dl class=\"fields steering\">\n", _("Pilotage"));
	html_printf(b, "<dt>%s</dt><dd>%s</dd>\n", _("Phase"),
	            own && own->phase ? own->phase : _("non renseignée"));
	html_printf(b, "<dt>%s</dt><dd>", _("Avancement propre"));
	if (own && own->has_progress)
		html_printf(b, "%d\xc2\xa0%%", own->progress_pct);
	else
		html_printf(b, "%s", _("non renseigné"));
	html_printf(b, "</dd>\n<dt>%s</dt><dd>%s</dd>\n", _("Avancement consolidé"),
	            format_fr_percent(a, x->has_progress, x->progress_pct, false));
	html_printf(b, "<dt>%s</dt><dd>", _("Météo"));
	weather_html(b, x->weather);
	if ((!own || own->weather == WEATHER_UNSET) && x->weather != WEATHER_UNSET)
		html_printf(b, " <span class=\"sub\">%s</span>",
		            _("déduite de la plus mauvaise météo des éléments enfants"));
	html_printf(b, "</dd>\n<dt>%s</dt><dd>", _("Dernier commentaire de météo"));
	if (report_count)
		html_printf(b, "%s — %s", html_date_shown(a, reports[0]->reported_on),
		            or_dash(reports[0]->comment));
	else
		html_printf(b, "—");
	html_printf(b, "</dd>\n<dt>%s</dt><dd>%s %s · %s %s · %s %s</dd>\n",
	            _("Budget consolidé"), _("prévu"), format_fr_money(a, x->planned_cents),
	            _("engagé"), format_fr_money(a, x->committed_cents), _("réalisé"),
	            format_fr_money(a, x->paid_cents));
	html_printf(b, "<dt>%s</dt><dd>%zu · %s %zu · <span%r>%s %zu</span></dd>\n",
	            _("Jalons, avec ceux des éléments enfants"), x->milestones, _("atteints :"),
	            x->milestones_done, x->milestones_late ? " class=\"late\"" : "",
	            _("en retard :"), x->milestones_late);
	html_printf(b, "<dt>%s</dt><dd>%s – %s</dd>\n</dl>\n", _("Dates consolidées"),
	            html_date_shown(a, x->start), html_date_shown(a, x->end));
	if (may_edit)
		html_printf(b, "<ul class=\"actions\"><li><a class=\"button\" href=\"%s/status\">%s</a></li>"
		               "</ul>\n",
		            url, _("Mettre à jour l'état"));

	html_printf(b, "<h3 id=\"historique-meteo\">%s</h3>\n", _("Historique de la météo"));
	if (!report_count) {
		html_printf(b, "<p>%s</p>\n", _("Aucune météo enregistrée."));
		return;
	}
	size_t shown = report_count < SHEET_WEATHER_REPORTS ? report_count : SHEET_WEATHER_REPORTS;
	weather_history_table(rq, b, "historique-meteo", reports, shown);
	if (report_count > shown) {
		html_printf(b, "<p><a href=\"%s/status#historique-meteo\">", url);
		html_printf(b, i18n_count("Tout l'historique de la météo (%zu entrée)",
		                          "Tout l'historique de la météo (%zu entrées)", report_count),
		            report_count);
		html_printf(b, "</a></p>\n");
	}
}

static void milestone_validation(web_request *rq, buf *b, const milestone *m)
{
	bool any = false;
	if (m->validated_by) {
		html_printf(b, "%s", m->validated_by);
		any = true;
	}
	if (date_is_set(m->validated_on)) {
		html_printf(b, "%r", any ? ", " : "");
		html_printf(b, _("le %s"), html_date_text(rq->arena, m->validated_on));
		any = true;
	}
	if (m->minutes_ref) {
		html_printf(b, "%r", any ? ", " : "");
		html_printf(b, _("PV %s"), m->minutes_ref);
		any = true;
	}
	if (!any)
		html_printf(b, "—");
}

static void milestones_section(web_request *rq, buf *b, const plan *p, const plan_element *e,
                               const steering_data *data, jalon_date today, bool may_edit)
{
	arena *a = rq->arena;
	html_printf(b, "<h2 id=\"jalons\">%s</h2>\n", _("Jalons"));
	size_t n = 0;
	for (size_t i = 0; i < data->milestone_count; i++)
		n += data->milestones[i].element == e;
	if (!n) {
		html_printf(b, "<p>%s</p>\n", _("Aucun jalon pour cet élément."));
	} else {
		html_printf(b, "<table aria-labelledby=\"jalons\" class=\"steering-table\">\n<thead><tr>"
		               "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		               "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		               "<th scope=\"col\">%s</th>",
		            _("Jalon"), _("Date prévue"), _("Prévision"), _("Date réelle"), _("Statut"),
		            _("Livrable"), _("Validation"));
		if (may_edit)
			html_printf(b, "<th scope=\"col\">%s</th>", _("Actions"));
		html_printf(b, "</tr></thead>\n<tbody>\n");
		for (size_t i = 0; i < data->milestone_count; i++) {
			const milestone *m = &data->milestones[i];
			if (m->element != e)
				continue;
			html_printf(b, "<tr><th scope=\"row\">%s</th><td>%s</td><td>%s</td><td>%s</td><td>%s",
			            m->title, html_date_shown(a, m->planned), html_date_shown(a, m->forecast),
			            html_date_shown(a, m->actual), milestone_status_label(m->status));
			if (steering_milestone_is_late(m, today))
				html_printf(b, ", <strong class=\"late\">%s</strong>", _("en retard"));
			html_printf(b, "</td><td>%s</td><td>", or_dash(m->deliverable));
			milestone_validation(rq, b, m);
			if (!may_edit) {
				html_printf(b, "</td></tr>\n");
				continue;
			}
			const char *which = arena_printf(a, _("le jalon « %s »"), m->title);
			html_printf(b, "</td><td><ul class=\"row-actions\">"
			               "<li><a href=\"/plans/%u/milestones/%lld/edit\">%s"
			               "<span class=\"visually-hidden\"> %s</span></a></li>"
			               "<li><a href=\"/plans/%u/milestones/%lld/delete\">%s"
			               "<span class=\"visually-hidden\"> %s</span></a></li></ul></td></tr>\n",
			            p->slug, (long long)m->id, _("Modifier"), which, p->slug, (long long)m->id,
			            _("Supprimer"), which);
		}
		html_printf(b, "</tbody>\n</table>\n");
	}
	if (may_edit)
		html_printf(b, "<ul class=\"actions\"><li><a class=\"button secondary\" "
		               "href=\"%s/milestones/new\">%s</a></li></ul>\n",
		            element_url(a, p, e), _("Ajouter un jalon"));
}

static const char *line_name(arena *a, const budget_line *l)
{
	return arena_printf(a, _("la ligne %d, %s, %s"), l->year, budget_nature_label(l->nature),
	                    l->source ? l->source : "");
}

static void lines_section(web_request *rq, buf *b, const plan *p, const plan_element *e,
                          const steering_data *data, bool may_edit)
{
	arena *a = rq->arena;
	html_printf(b, "<h2 id=\"lignes-budgetaires\">%s</h2>\n", _("Lignes budgétaires"));
	int64_t planned = 0, committed = 0, paid = 0;
	size_t n = 0;
	for (size_t i = 0; i < data->line_count; i++)
		n += data->lines[i].element == e;
	if (!n) {
		html_printf(b, "<p>%s</p>\n", _("Aucune ligne budgétaire propre à cet élément."));
	} else {
		html_printf(b, "<table aria-labelledby=\"lignes-budgetaires\" class=\"steering-table\">\n"
		               "<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		               "<th scope=\"col\">%s</th><th scope=\"col\" class=\"number\">%s</th>"
		               "<th scope=\"col\" class=\"number\">%s</th>"
		               "<th scope=\"col\" class=\"number\">%s</th>",
		            _("Année"), _("Nature"), _("Source"), _("Prévu"), _("Engagé"), _("Réalisé"));
		if (may_edit)
			html_printf(b, "<th scope=\"col\">%s</th>", _("Actions"));
		html_printf(b, "</tr></thead>\n<tbody>\n");
		for (size_t i = 0; i < data->line_count; i++) {
			const budget_line *l = &data->lines[i];
			if (l->element != e)
				continue;
			planned += l->planned_cents;
			committed += l->committed_cents;
			paid += l->paid_cents;
			const char *which = line_name(a, l);
			html_printf(b, "<tr><td>%d</td><td>%s</td><td>%s</td><td class=\"number\">%s</td>"
			               "<td class=\"number\">%s</td><td class=\"number\">%s</td>",
			            l->year, budget_nature_label(l->nature), or_dash(l->source),
			            format_fr_money(a, l->planned_cents), format_fr_money(a, l->committed_cents),
			            format_fr_money(a, l->paid_cents));
			if (!may_edit) {
				html_printf(b, "</tr>\n");
				continue;
			}
			html_printf(b, "<td><ul class=\"row-actions\">"
			               "<li><a href=\"/plans/%u/budget-lines/%lld/edit\">%s"
			               "<span class=\"visually-hidden\"> %s</span></a></li>"
			               "<li><a href=\"/plans/%u/budget-lines/%lld/delete\">%s"
			               "<span class=\"visually-hidden\"> %s</span></a></li></ul></td></tr>\n",
			            p->slug, (long long)l->id,
			            _("Modifier"), which, p->slug, (long long)l->id, _("Supprimer"), which);
		}
		html_printf(b, "</tbody>\n<tfoot><tr><th scope=\"row\" colspan=\"3\">%s</th>"
		               "<td class=\"number\">%s</td><td class=\"number\">%s</td>"
		               "<td class=\"number\">%s</td>%r</tr></tfoot>\n</table>\n",
		            _("Total"), format_fr_money(a, planned), format_fr_money(a, committed),
		            format_fr_money(a, paid), may_edit ? "<td></td>" : "");
	}
	if (may_edit)
		html_printf(b, "<ul class=\"actions\"><li><a class=\"button secondary\" "
		               "href=\"%s/budget-lines/new\">%s</a></li></ul>\n",
		            element_url(a, p, e), _("Ajouter une ligne budgétaire"));
}

void page_sheet_steering_sections(web_request *rq, buf *b, const plan *p, const plan_element *e,
                                  bool may_edit)
{
	steering_data data;
	diag_list d;
	diag_init(&d, rq->arena);
	if (!store_steering_load(rq->store, rq->arena, p, &data, &d)) {
		html_printf(b, "<h2 id=\"pilotage\">%s</h2>\n<p role=\"alert\">%s</p>\n", _("Pilotage"),
		            _("Les données de pilotage n'ont pas pu être lues : la base de données ne "
		              "répond pas."));
		return;
	}
	/* ?today=AAAA-MM-JJ fixes the date that decides lateness, as on the dashboard. */
	jalon_date today;
	if (!steering_view_today(web_query(rq, "today"), &today))
		steering_view_today(NULL, &today);
	plan_rollup rollup;
	steering_rollup(rq->arena, p, data.statuses, data.status_count, data.milestones,
	                data.milestone_count, data.lines, data.line_count, NULL, 0, today, &rollup);
	const element_rollup *x = &rollup.by_element[e - p->elements];
	summary_section(rq, b, p, e, &data, x, may_edit);
	milestones_section(rq, b, p, e, &data, today, may_edit);
	lines_section(rq, b, p, e, &data, may_edit);
	page_sheet_risk_sections(rq, b, p, e, &data, &rollup, may_edit);
}

const char *page_steering_notice(const char *key)
{
	static const html_notice_entry notices[] = {
		{"status-saved", N_("État enregistré.")},
		{"milestone-created", N_("Jalon ajouté.")},
		{"milestone-saved", N_("Jalon enregistré.")},
		{"milestone-deleted", N_("Jalon supprimé.")},
		{"line-created", N_("Ligne budgétaire ajoutée.")},
		{"line-saved", N_("Ligne budgétaire enregistrée.")},
		{"line-deleted", N_("Ligne budgétaire supprimée.")},
	};
	return html_notice_find(notices, sizeof(notices) / sizeof(notices[0]), key);
}

static void redirect_to_sheet(web_request *rq, web_response *rs, const plan *p,
                              const plan_element *e, const char *notice)
{
	web_redirect(rq, rs, arena_printf(rq->arena, "%s?notice=%s", element_url(rq->arena, p, e),
	                                  notice));
}

/* The element a form page is about, under its heading. */
static void element_line(buf *b, const plan *p, const plan_element *e)
{
	html_printf(b, "<p>%s <a href=\"/plans/%u/elements/%lld\"><span class=\"code\">%s</span> %s</a>"
	               "</p>\n",
	            _("Élément :"), p->slug, (long long)e->id, e->code, e->title);
}

/* ---- the status form -------------------------------------------------------------------- */

typedef struct {
	const char *phase, *progress, *weather, *comment, *reported_on;
} status_form;

static void status_page(web_request *rq, web_response *rs, const steering_context *c,
                        const plan_element *e, const status_form *f, const diag_list *d)
{
	arena *a = rq->arena;
	buf *b = &rs->body;
	const char *title = arena_printf(a, _("État de %s"), e->code);
	html_page_begin(rq, rs, title);
	plan_view_breadcrumb(rq, b, &c->p, e);
	html_printf(b, "<h1>%s</h1>\n", title);
	element_line(b, &c->p, e);
	form_error_summary(b, d, field_anchor);
	const char *url = element_url(a, &c->p, e);
	html_printf(b, "<form method=\"post\" action=\"%s/status\" novalidate>\n", url);
	html_csrf_field(rq, b);

	form_choice *phases = arena_alloc(a, (c->data.phase_count + 1) * sizeof(*phases));
	phases[0] = (form_choice){.value = "", .label = _("non renseignée")};
	for (size_t i = 0; i < c->data.phase_count; i++)
		phases[i + 1] = (form_choice){.value = c->data.phases[i], .label = c->data.phases[i]};
	form_select_input(b, "phase", _("Phase"), _("Les phases du plan, dans l'ordre du projet."), phases,
	                  c->data.phase_count + 1, f->phase, d);
	form_text_input(b, "progress", _("Avancement (%)"),
	                _("Nombre entier de 0 à 100. Vide : calculé à partir des éléments enfants."),
	                f->progress, d, " class=\"short\" inputmode=\"numeric\" autocomplete=\"off\"");
	form_choice weathers[WEATHER_COUNT];
	for (int w = 0; w < WEATHER_COUNT; w++)
		weathers[w] = (form_choice){.value = weather_key((weather)w),
		                            .label = weather_label((weather)w),
		                            .markup = weather_markup(a, (weather)w)};
	radio_group(b, "weather", _("Météo"),
	            _("Non renseigné : la météo est déduite de la plus mauvaise des éléments enfants."),
	            weathers, WEATHER_COUNT, f->weather, d);
	form_textarea(b, &(form_field){.id = "comment", .label = _("Commentaire de météo"),
	                               .hint = _("Pourquoi cette météo ; il est ajouté à l'historique "
	                                         "avec le changement de météo."),
	                               .value = f->comment, .error = form_error_of(d, "comment")});
	form_date_input(b, "reported_on", _("Date du changement de météo"), f->reported_on, d);
	form_buttons(b, _("Enregistrer"), url, _("Annuler"));

	html_printf(b, "<h2 id=\"historique-meteo\">%s</h2>\n", _("Historique de la météo"));
	const weather_report **reports;
	size_t n = reports_of(a, &c->data, e, &reports);
	if (n)
		weather_history_table(rq, b, "historique-meteo", reports, n);
	else
		html_printf(b, "<p>%s</p>\n", _("Aucune météo enregistrée."));
	html_page_end(rq, rs);
}

void page_element_status(web_request *rq, web_response *rs)
{
	steering_context c;
	plan_element *e = context_element(rq, rs, &c, PAGE_TO_READ);
	if (!e)
		return;
	const element_status *own = own_status(&c.data, e);
	status_form f = {
		.phase = own && own->phase ? own->phase : "",
		.progress = own && own->has_progress ? arena_printf(rq->arena, "%d", own->progress_pct) : "",
		.weather = weather_key(own ? own->weather : WEATHER_UNSET),
		.comment = "",
		.reported_on = html_date_text(rq->arena, c.today),
	};
	status_page(rq, rs, &c, e, &f, NULL);
}

/* "45", " 45 % ": a whole number; false for anything else. */
static bool parse_progress(arena *a, const char *text, int *out)
{
	char *t = text_trim(a, text);
	size_t len = strlen(t);
	if (len && t[len - 1] == '%')
		t = text_trim(a, arena_strndup(a, t, len - 1));
	if (!*t || strlen(t) > 4)
		return false;
	for (const char *c = t; *c; c++)
		if (*c < '0' || *c > '9')
			return false;
	*out = atoi(t);
	return true;
}

void page_element_status_save(web_request *rq, web_response *rs)
{
	steering_context c;
	plan_element *e = context_element(rq, rs, &c, PAGE_TO_CHANGE);
	if (!e)
		return;
	arena *a = rq->arena;
	status_form f = {
		.phase = web_form(rq, "phase"), .progress = web_form(rq, "progress"),
		.weather = web_form(rq, "weather"), .comment = web_form(rq, "comment"),
		.reported_on = web_form(rq, "reported_on"),
	};
	diag_list d;
	diag_init(&d, a);
	element_status x = {.element = e, .weather = WEATHER_UNSET, .phase = nonempty(a, f.phase)};
	const char *progress = text_trim(a, f.progress);
	if (*progress) {
		x.has_progress = true;
		if (!parse_progress(a, progress, &x.progress_pct) || x.progress_pct > 100)
			diag_add(&d, "progress", 0, _("Avancement : un nombre entier de 0 à 100, pas « %s » "
			                              "(ou laissez vide)."), progress);
	}
	const char *w = text_trim(a, f.weather);
	if (*w && !weather_parse(w, &x.weather))
		diag_add(&d, "weather", 0, "%s", _("Météo : choisissez soleil, nuage, orage ou non "
		                                   "renseigné."));
	const char *comment = nonempty(a, f.comment);
	jalon_date reported_on = form_parse_date(a, f.reported_on, "reported_on",
	                                         _("Date du changement de météo"), &d);
	if (!date_is_set(reported_on))
		reported_on = c.today;
	/* A dated comment goes to the weather history with the weather it comments on
	 * (store_element_status_set): without a weather it would have nowhere to go. */
	if (comment && !diag_has_errors(&d) && x.weather == WEATHER_UNSET)
		diag_add(&d, "comment", 0, "%s",
		         _("Un commentaire accompagne une météo : choisissez-en une, ou videz le "
		           "commentaire."));
	if (!diag_has_errors(&d) &&
	    store_element_status_set(rq->store, &c.p, &x, reported_on, comment, &d)) {
		redirect_to_sheet(rq, rs, &c.p, e, "status-saved");
		return;
	}
	if (!diag_has_errors(&d))
		diag_add(&d, NULL, 0, "%s", _("Enregistrement impossible : la base de données ne répond pas."));
	rs->status = 422;
	status_page(rq, rs, &c, e, &f, &d);
}

/* ---- what the milestone and budget line forms share ------------------------------------- */

/* What a milestone or budget line page says around its fields. */
typedef struct {
	const char *title;    /* of the create or edit page; the conflict page has its own */
	const char *conflict; /* the conflict page's explanation */
	const char *path;     /* the items' URL segment: "milestones", "budget-lines" */
	int64_t id;           /* the item edited; 0 on the create page */
	long long version;    /* the version the edit form carries */
} item_page;

/* The page down to its heading, and on the conflict page the head of the table that
 * compares the user's values (the kind's rows follow) with the stored ones. */
static void item_page_begin(web_request *rq, web_response *rs, const steering_context *c,
                            const plan_element *e, const item_page *ip, bool conflict)
{
	buf *b = &rs->body;
	const char *title = conflict ? _("Modification concurrente") : ip->title;
	html_page_begin(rq, rs, title);
	plan_view_breadcrumb(rq, b, &c->p, e);
	html_printf(b, "<h1>%s</h1>\n", title);
	element_line(b, &c->p, e);
	if (conflict)
		compare_begin(b, ip->conflict);
}

/* After the comparison's rows: the error summary and the form, down to its fields. */
static void item_form_begin(web_request *rq, web_response *rs, const steering_context *c,
                            const plan_element *e, const item_page *ip, bool conflict,
                            const diag_list *d)
{
	buf *b = &rs->body;
	if (conflict)
		compare_end(b);
	form_error_summary(b, d, field_anchor);
	if (ip->id)
		html_printf(b, "<form method=\"post\" action=\"/plans/%u/%s/%lld/edit\" novalidate>\n",
		            c->p.slug, ip->path, (long long)ip->id);
	else
		html_printf(b, "<form method=\"post\" action=\"%s/%s/new\" novalidate>\n",
		            element_url(rq->arena, &c->p, e), ip->path);
	html_csrf_field(rq, b);
	if (ip->id)
		html_printf(b, "<input type=\"hidden\" name=\"version\" value=\"%lld\">\n", ip->version);
}

/* After the fields: the buttons, and the end of the page. */
static void item_page_end(web_request *rq, web_response *rs, const steering_context *c,
                          const plan_element *e, bool conflict)
{
	form_buttons(&rs->body, conflict ? _("Enregistrer ma version") : _("Enregistrer"),
	             element_url(rq->arena, &c->p, e),
	             conflict ? _("Abandonner ma modification") : _("Annuler"));
	html_page_end(rq, rs);
}

/* How answer_submission answers a posted milestone or budget line form: `form` is the
 * kind's form (milestone_form, line_form), `current` its item (NULL on the create form). */
typedef struct {
	const char *created, *saved; /* the sheet's notices */
	const char *missing;         /* the 404's message (N_) */
	/* The edit page again over what is stored now, beside the user's values (409). */
	void (*conflict)(web_request *rq, web_response *rs, const void *form);
	/* The form again with its errors, d's fields renamed as the form's. */
	void (*again)(web_request *rq, web_response *rs, const steering_context *c,
	              const plan_element *e, const void *current, const void *form, diag_list *d);
} item_answers;

/* The answer to a posted milestone or budget line form once the store answered r: back
 * to the sheet; the conflict page; a 404 (the edited item went meanwhile); or the form
 * again, 422 with its errors or 500 saying why. */
static void answer_submission(web_request *rq, web_response *rs, const steering_context *c,
                              const plan_element *e, const void *current, const void *form,
                              store_result r, diag_list *d, const item_answers *k)
{
	if (r == STORE_OK) {
		redirect_to_sheet(rq, rs, &c->p, e, current ? k->saved : k->created);
	} else if (current && r == STORE_CONFLICT) {
		k->conflict(rq, rs, form);
	} else if (current && r == STORE_NOT_FOUND) {
		page_error(rq, rs, 404, _(k->missing));
	} else {
		rs->status = r == STORE_INVALID ? 422 : 500;
		if (!diag_has_errors(d))
			diag_add(d, NULL, 0, "%s",
			         _("Enregistrement impossible : la base de données ne répond pas."));
		k->again(rq, rs, c, e, current, form, d);
	}
}

/* A confirmation page before a deletion: what goes, and a form to confirm. */
static void delete_page_begin(web_request *rq, web_response *rs, const plan *p,
                              const plan_element *e, const char *title)
{
	html_page_begin(rq, rs, title);
	plan_view_breadcrumb(rq, &rs->body, p, e);
	html_printf(&rs->body, "<h1>%s</h1>\n", title);
	element_line(&rs->body, p, e);
	html_printf(&rs->body, "<dl class=\"fields\">\n");
}

static void delete_page_end(web_request *rq, web_response *rs, const plan *p,
                            const plan_element *e, const char *action, int64_t version)
{
	buf *b = &rs->body;
	html_printf(b, "</dl>\n<p>%s</p>\n<form method=\"post\" action=\"%s\">\n",
	            _("La suppression est définitive."), action);
	html_csrf_field(rq, b);
	html_printf(b, "<input type=\"hidden\" name=\"version\" value=\"%lld\">\n",
	            (long long)version);
	html_printf(b, "<div class=\"form-actions\"><button type=\"submit\" class=\"danger\">%s</button> "
	               "<a href=\"%s\">%s</a></div>\n</form>\n",
	            _("Supprimer définitivement"), element_url(rq->arena, p, e), _("Annuler"));
	html_page_end(rq, rs);
}

static void dl_row(buf *b, const char *label, const char *value)
{
	html_printf(b, "<dt>%s</dt><dd>%s</dd>\n", label, or_dash(value));
}

/* The answer to a confirmed deletion: back to the sheet, or why not; `stale` is the 409's
 * message. */
static void answer_deletion(web_request *rq, web_response *rs, const plan *p,
                            const plan_element *e, store_result r, const char *notice,
                            const char *stale)
{
	if (r == STORE_OK)
		redirect_to_sheet(rq, rs, p, e, notice);
	else if (r == STORE_CONFLICT)
		page_error(rq, rs, 409, stale);
	else
		page_error(rq, rs, r == STORE_NOT_FOUND ? 404 : 500, _("Suppression impossible"));
}

/* ---- milestones ------------------------------------------------------------------------- */

typedef struct {
	const char *title, *planned, *forecast, *actual, *status, *deliverable, *validated_by,
		*validated_on, *minutes_ref;
	long long version;
} milestone_form;

static milestone_form milestone_form_of(arena *a, const milestone *m)
{
	return (milestone_form){
		.title = m->title, .planned = html_date_text(a, m->planned),
		.forecast = html_date_text(a, m->forecast), .actual = html_date_text(a, m->actual),
		.status = milestone_status_key(m->status), .deliverable = m->deliverable,
		.validated_by = m->validated_by, .validated_on = html_date_text(a, m->validated_on),
		.minutes_ref = m->minutes_ref, .version = (long long)m->version,
	};
}

static milestone_form milestone_form_read(web_request *rq)
{
	return (milestone_form){
		.title = web_form(rq, "title"), .planned = web_form(rq, "planned"),
		.forecast = web_form(rq, "forecast"), .actual = web_form(rq, "actual"),
		.status = web_form(rq, "status"), .deliverable = web_form(rq, "deliverable"),
		.validated_by = web_form(rq, "validated_by"),
		.validated_on = web_form(rq, "validated_on"), .minutes_ref = web_form(rq, "minutes_ref"),
		.version = atoll(web_form(rq, "version")),
	};
}

/* The form into a milestone; what cannot be read goes to d by field. The rules (a
 * title, a planned date, an actual date for a reached milestone) are the store's. */
static void milestone_from_form(arena *a, const milestone_form *f, milestone *m, diag_list *d)
{
	m->title = text_trim(a, f->title);
	m->planned = form_parse_date(a, f->planned, "planned", _("Date prévue"), d);
	m->forecast = form_parse_date(a, f->forecast, "forecast", _("Prévision"), d);
	m->actual = form_parse_date(a, f->actual, "actual", _("Date réelle"), d);
	if (!milestone_status_parse(f->status, &m->status))
		diag_add(d, "status", 0, "%s", _("Statut : choisissez à venir, atteint ou annulé."));
	m->deliverable = nonempty(a, f->deliverable);
	m->validated_by = nonempty(a, f->validated_by);
	m->validated_on = form_parse_date(a, f->validated_on, "validated_on",
	                                  _("Date de validation"), d);
	m->minutes_ref = nonempty(a, f->minutes_ref);
}

static void milestone_fields(buf *b, const milestone_form *f, const diag_list *d)
{
	form_text_field(b, "title", _("Intitulé du jalon"), NULL, f->title, d);
	form_date_input(b, "planned", _("Date prévue"), f->planned, d);
	form_date_input(b, "forecast", _("Prévision"), f->forecast, d);
	form_date_input(b, "actual", _("Date réelle"), f->actual, d);
	form_choice statuses[MILESTONE_STATUS_COUNT];
	for (int s = 0; s < MILESTONE_STATUS_COUNT; s++)
		statuses[s] = (form_choice){.value = milestone_status_key((milestone_status)s),
		                            .label = milestone_status_label((milestone_status)s)};
	form_select_input(b, "status", _("Statut"), _("Un jalon atteint a une date réelle."), statuses,
	                  MILESTONE_STATUS_COUNT, f->status, d);
	form_text_field(b, "deliverable", _("Livrable"), NULL, f->deliverable, d);
	html_printf(b, "<fieldset class=\"group\"><legend>%s</legend>\n", _("Validation"));
	form_text_field(b, "validated_by", _("Instance qui a validé"),
	                _("Par exemple : comité de pilotage"), f->validated_by, d);
	form_date_input(b, "validated_on", _("Date de validation"), f->validated_on, d);
	form_text_field(b, "minutes_ref", _("Référence du procès-verbal"), NULL, f->minutes_ref, d);
	html_printf(b, "</fieldset>\n");
}

/* The conflict page's rows: the user's values (f) beside the stored ones. */
static void milestone_compare(arena *a, buf *b, const milestone_form *f,
                              const milestone_form *stored)
{
	milestone_status st;
	compare_row(b, _("Intitulé du jalon"), text_trim(a, f->title), stored->title);
	compare_row(b, _("Date prévue"), date_normalised(a, f->planned), stored->planned);
	compare_row(b, _("Prévision"), date_normalised(a, f->forecast), stored->forecast);
	compare_row(b, _("Date réelle"), date_normalised(a, f->actual), stored->actual);
	compare_row(b, _("Statut"),
	            milestone_status_parse(f->status, &st) ? milestone_status_label(st) : f->status,
	            milestone_status_parse(stored->status, &st) ? milestone_status_label(st) : "");
	compare_row(b, _("Livrable"), text_trim(a, f->deliverable), stored->deliverable);
	compare_row(b, _("Instance qui a validé"), text_trim(a, f->validated_by),
	            stored->validated_by);
	compare_row(b, _("Date de validation"), date_normalised(a, f->validated_on),
	            stored->validated_on);
	compare_row(b, _("Référence du procès-verbal"), text_trim(a, f->minutes_ref),
	            stored->minutes_ref);
}

/* The create and edit form, also the conflict page when `stored` is set: the values
 * now stored beside the user's (f), whose form then carries the stored version. */
static void milestone_page(web_request *rq, web_response *rs, const steering_context *c,
                           const plan_element *e, const milestone *current,
                           const milestone_form *f, const diag_list *d,
                           const milestone_form *stored)
{
	arena *a = rq->arena;
	item_page ip = {
		.title = current ? arena_printf(a, _("Modifier le jalon « %s »"), current->title)
		                 : _("Nouveau jalon"),
		.conflict = _("Quelqu'un a enregistré ce jalon depuis que vous l'avez ouvert. Votre "
		              "modification n'a pas été enregistrée : comparez les deux versions, "
		              "puis refaites-la ci-dessous si elle reste utile."),
		.path = "milestones",
		.id = current ? current->id : 0,
		.version = stored ? stored->version : f->version,
	};
	item_page_begin(rq, rs, c, e, &ip, stored != NULL);
	if (stored)
		milestone_compare(a, &rs->body, f, stored);
	item_form_begin(rq, rs, c, e, &ip, stored != NULL, d);
	milestone_fields(&rs->body, f, d);
	item_page_end(rq, rs, c, e, stored != NULL);
}

void page_milestone_new(web_request *rq, web_response *rs)
{
	steering_context c;
	plan_element *e = context_element(rq, rs, &c, PAGE_TO_READ);
	if (!e)
		return;
	milestone_form f = {.status = milestone_status_key(MILESTONE_PLANNED)};
	milestone_page(rq, rs, &c, e, NULL, &f, NULL, NULL);
}

void page_milestone_edit(web_request *rq, web_response *rs)
{
	steering_context c;
	milestone *m = context_milestone(rq, rs, &c, PAGE_TO_READ);
	if (!m)
		return;
	milestone_form f = milestone_form_of(rq->arena, m);
	milestone_page(rq, rs, &c, m->element, m, &f, NULL, NULL);
}

static void milestone_conflict(web_request *rq, web_response *rs, const void *form)
{
	/* Compare with what is stored now, not with what this request loaded. */
	steering_context fresh;
	milestone *now = context_milestone(rq, rs, &fresh, PAGE_TO_READ);
	if (!now)
		return;
	milestone_form stored = milestone_form_of(rq->arena, now);
	rs->status = 409;
	milestone_page(rq, rs, &fresh, now->element, now, form, NULL, &stored);
}

/* Store field names are the form's, but for the element (no field here). */
static void milestone_again(web_request *rq, web_response *rs, const steering_context *c,
                            const plan_element *e, const void *current, const void *form,
                            diag_list *d)
{
	form_diags_rename(d, "element", NULL, false);
	milestone_page(rq, rs, c, e, current, form, d, NULL);
}

static const item_answers milestone_answers = {
	"milestone-created", "milestone-saved", N_("Jalon introuvable"), milestone_conflict,
	milestone_again,
};

/* The posted form, stored as a new milestone of e (current NULL) or over current. */
static void milestone_submitted(web_request *rq, web_response *rs, const steering_context *c,
                                const plan_element *e, const milestone *current)
{
	diag_list d;
	diag_init(&d, rq->arena);
	milestone_form f = milestone_form_read(rq);
	milestone m = {.id = current ? current->id : 0, .element = e};
	milestone_from_form(rq->arena, &f, &m, &d);
	store_result r = diag_has_errors(&d) ? STORE_INVALID
	                 : current           ? store_milestone_update(rq->store, &c->p, &m, f.version, &d)
	                                     : store_milestone_create(rq->store, &c->p, &m, &d);
	answer_submission(rq, rs, c, e, current, &f, r, &d, &milestone_answers);
}

void page_milestone_create(web_request *rq, web_response *rs)
{
	steering_context c;
	plan_element *e = context_element(rq, rs, &c, PAGE_TO_CHANGE);
	if (e)
		milestone_submitted(rq, rs, &c, e, NULL);
}

void page_milestone_save(web_request *rq, web_response *rs)
{
	steering_context c;
	milestone *current = context_milestone(rq, rs, &c, PAGE_TO_CHANGE);
	if (current)
		milestone_submitted(rq, rs, &c, current->element, current);
}

void page_milestone_delete(web_request *rq, web_response *rs)
{
	steering_context c;
	milestone *m = context_milestone(rq, rs, &c, PAGE_TO_READ);
	if (!m)
		return;
	arena *a = rq->arena;
	delete_page_begin(rq, rs, &c.p, m->element,
	                  arena_printf(a, _("Supprimer le jalon « %s »"), m->title));
	dl_row(&rs->body, _("Date prévue"), html_date_text(a, m->planned));
	dl_row(&rs->body, _("Statut"), milestone_status_label(m->status));
	dl_row(&rs->body, _("Livrable"), m->deliverable);
	delete_page_end(rq, rs, &c.p, m->element,
	                arena_printf(a, "/plans/%s/milestones/%lld/delete", c.p.slug, (long long)m->id),
	                m->version);
}

void page_milestone_delete_confirm(web_request *rq, web_response *rs)
{
	steering_context c;
	milestone *m = context_milestone(rq, rs, &c, PAGE_TO_CHANGE);
	if (!m)
		return;
	diag_list d;
	diag_init(&d, rq->arena);
	answer_deletion(rq, rs, &c.p, m->element,
	                store_milestone_delete(rq->store, &c.p, m->id, atoll(web_form(rq, "version")),
	                                       &d),
	                "milestone-deleted",
	                _("Quelqu'un a modifié ce jalon entre-temps : rien n'a été supprimé. "
	                  "Rouvrez-le et recommencez."));
}

/* ---- budget lines ---------------------------------------------------------------------- */

typedef struct {
	const char *year, *nature, *source, *planned, *committed, *paid;
	long long version;
} line_form;

static line_form line_form_of(web_request *rq, const budget_line *l)
{
	arena *a = rq->arena;
	return (line_form){
		.year = arena_printf(a, "%d", l->year), .nature = budget_nature_key(l->nature),
		.source = l->source, .planned = amount_text(a, l->planned_cents),
		.committed = amount_text(a, l->committed_cents), .paid = amount_text(a, l->paid_cents),
		.version = (long long)l->version,
	};
}

static line_form line_form_read(web_request *rq)
{
	return (line_form){
		.year = web_form(rq, "year"), .nature = web_form(rq, "nature"),
		.source = web_form(rq, "source"), .planned = web_form(rq, "planned"),
		.committed = web_form(rq, "committed"), .paid = web_form(rq, "paid"),
		.version = atoll(web_form(rq, "version")),
	};
}

static void line_from_form(arena *a, const line_form *f, budget_line *l, diag_list *d)
{
	const char *year = text_trim(a, f->year);
	char *end;
	long y = strtol(year, &end, 10);
	if (!*year || *end || y < 1000 || y > 9999)
		diag_add(d, "year", 0, _("Année : quatre chiffres, par exemple 2026, pas « %s »."), year);
	l->year = (int)y;
	if (!*f->nature)
		diag_add(d, "nature", 0, "%s", _("Nature : choisissez investissement ou fonctionnement."));
	else if (!budget_nature_parse(f->nature, &l->nature))
		diag_add(d, "nature", 0, "%s", _("Nature : investissement ou fonctionnement."));
	l->source = text_trim(a, f->source);
	if (!*l->source)
		diag_add(d, "source", 0, "%s", _("Source : choisissez une source de financement."));
	l->planned_cents = parse_amount_field(a, f->planned, "planned", _("Prévu"), d);
	l->committed_cents = parse_amount_field(a, f->committed, "committed", _("Engagé"), d);
	l->paid_cents = parse_amount_field(a, f->paid, "paid", _("Réalisé"), d);
}


static void line_fields(web_request *rq, buf *b, const steering_context *c, const line_form *f,
                        const diag_list *d)
{
	arena *a = rq->arena;
	form_text_input(b, "year", _("Année"), _("Quatre chiffres, par exemple 2026."), f->year, d,
	                " class=\"short\" inputmode=\"numeric\" autocomplete=\"off\"");
	form_choice natures[NATURE_COUNT];
	for (int n = 0; n < NATURE_COUNT; n++)
		natures[n] = (form_choice){.value = budget_nature_key((budget_nature)n),
		                           .label = budget_nature_label((budget_nature)n)};
	radio_group(b, "nature", _("Nature"), NULL, natures, NATURE_COUNT, f->nature, d);
	/* The plan's funding sources; a source no longer in the list stays choosable on
	 * the line that has it. */
	size_t n = c->data.funding_source_count;
	form_choice *sources = arena_alloc(a, (n + 2) * sizeof(*sources));
	size_t k = 0;
	sources[k++] = (form_choice){.value = "", .label = _("— choisir —")};
	bool listed = !f->source || !*f->source;
	for (size_t i = 0; i < n; i++) {
		sources[k++] = (form_choice){.value = c->data.funding_sources[i],
		                             .label = c->data.funding_sources[i]};
		listed = listed || strcmp(f->source, c->data.funding_sources[i]) == 0;
	}
	if (!listed)
		sources[k++] = (form_choice){.value = f->source, .label = f->source};
	form_select_input(b, "source", _("Source de financement"),
	                  _("La liste des sources se règle dans les paramètres du plan."), sources, k,
	                  f->source, d);
	amount_input(b, "planned", _("Prévu"), f->planned, d);
	amount_input(b, "committed", _("Engagé"), f->committed, d);
	amount_input(b, "paid", _("Réalisé (mandaté)"), f->paid, d);
}

/* The conflict page's rows: the user's values (f) beside the stored ones. */
static void line_compare(arena *a, buf *b, const line_form *f, const line_form *stored)
{
	budget_nature nm, ns;
	compare_row(b, _("Année"), text_trim(a, f->year), stored->year);
	compare_row(b, _("Nature"),
	            budget_nature_parse(f->nature, &nm) ? budget_nature_label(nm) : f->nature,
	            budget_nature_parse(stored->nature, &ns) ? budget_nature_label(ns) : "");
	compare_row(b, _("Source de financement"), text_trim(a, f->source), stored->source);
	compare_row(b, _("Prévu"), amount_normalised(a, f->planned), stored->planned);
	compare_row(b, _("Engagé"), amount_normalised(a, f->committed), stored->committed);
	compare_row(b, _("Réalisé (mandaté)"), amount_normalised(a, f->paid), stored->paid);
}

/* The create and edit form, also the conflict page when `stored` is set (as
 * milestone_page). */
static void line_page(web_request *rq, web_response *rs, const steering_context *c,
                      const plan_element *e, const budget_line *current, const line_form *f,
                      const diag_list *d, const line_form *stored)
{
	item_page ip = {
		.title = current ? _("Modifier la ligne budgétaire") : _("Nouvelle ligne budgétaire"),
		.conflict = _("Quelqu'un a enregistré cette ligne budgétaire depuis que vous l'avez "
		              "ouverte. Votre modification n'a pas été enregistrée : comparez les "
		              "deux versions, puis refaites-la ci-dessous si elle reste utile."),
		.path = "budget-lines",
		.id = current ? current->id : 0,
		.version = stored ? stored->version : f->version,
	};
	item_page_begin(rq, rs, c, e, &ip, stored != NULL);
	if (stored)
		line_compare(rq->arena, &rs->body, f, stored);
	item_form_begin(rq, rs, c, e, &ip, stored != NULL, d);
	line_fields(rq, &rs->body, c, f, d);
	item_page_end(rq, rs, c, e, stored != NULL);
}

void page_budget_line_new(web_request *rq, web_response *rs)
{
	steering_context c;
	plan_element *e = context_element(rq, rs, &c, PAGE_TO_READ);
	if (!e)
		return;
	line_form f = {.year = arena_printf(rq->arena, "%d", c.today.year), .nature = "",
	               .source = "", .planned = "", .committed = "", .paid = ""};
	line_page(rq, rs, &c, e, NULL, &f, NULL, NULL);
}

void page_budget_line_edit(web_request *rq, web_response *rs)
{
	steering_context c;
	budget_line *l = context_line(rq, rs, &c, PAGE_TO_READ);
	if (!l)
		return;
	line_form f = line_form_of(rq, l);
	line_page(rq, rs, &c, l->element, l, &f, NULL, NULL);
}

static void line_conflict(web_request *rq, web_response *rs, const void *form)
{
	steering_context fresh;
	budget_line *now = context_line(rq, rs, &fresh, PAGE_TO_READ);
	if (!now)
		return;
	line_form stored = line_form_of(rq, now);
	rs->status = 409;
	line_page(rq, rs, &fresh, now->element, now, form, NULL, &stored);
}

/* The store names the amounts in cents, and the element (no field here). */
static void line_again(web_request *rq, web_response *rs, const steering_context *c,
                       const plan_element *e, const void *current, const void *form,
                       diag_list *d)
{
	form_diags_rename(d, "element", NULL, false);
	form_diags_rename(d, "planned_cents", "planned", false);
	form_diags_rename(d, "committed_cents", "committed", false);
	form_diags_rename(d, "paid_cents", "paid", false);
	line_page(rq, rs, c, e, current, form, d, NULL);
}

static const item_answers line_answers = {
	"line-created", "line-saved", N_("Ligne budgétaire introuvable"), line_conflict, line_again,
};

/* The posted form, stored as a new budget line of e (current NULL) or over current. */
static void line_submitted(web_request *rq, web_response *rs, const steering_context *c,
                           const plan_element *e, const budget_line *current)
{
	diag_list d;
	diag_init(&d, rq->arena);
	line_form f = line_form_read(rq);
	budget_line l = {.id = current ? current->id : 0, .element = e};
	line_from_form(rq->arena, &f, &l, &d);
	store_result r = diag_has_errors(&d) ? STORE_INVALID
	                 : current ? store_budget_line_update(rq->store, rq->arena, &c->p, &l,
	                                                      f.version, &d)
	                           : store_budget_line_create(rq->store, rq->arena, &c->p, &l, &d);
	answer_submission(rq, rs, c, e, current, &f, r, &d, &line_answers);
}

void page_budget_line_create(web_request *rq, web_response *rs)
{
	steering_context c;
	plan_element *e = context_element(rq, rs, &c, PAGE_TO_CHANGE);
	if (e)
		line_submitted(rq, rs, &c, e, NULL);
}

void page_budget_line_save(web_request *rq, web_response *rs)
{
	steering_context c;
	budget_line *current = context_line(rq, rs, &c, PAGE_TO_CHANGE);
	if (current)
		line_submitted(rq, rs, &c, current->element, current);
}

void page_budget_line_delete(web_request *rq, web_response *rs)
{
	steering_context c;
	budget_line *l = context_line(rq, rs, &c, PAGE_TO_READ);
	if (!l)
		return;
	arena *a = rq->arena;
	delete_page_begin(rq, rs, &c.p, l->element, _("Supprimer la ligne budgétaire"));
	dl_row(&rs->body, _("Année"), arena_printf(a, "%d", l->year));
	dl_row(&rs->body, _("Nature"), budget_nature_label(l->nature));
	dl_row(&rs->body, _("Source de financement"), l->source);
	dl_row(&rs->body, _("Prévu"), format_fr_money(a, l->planned_cents));
	dl_row(&rs->body, _("Engagé"), format_fr_money(a, l->committed_cents));
	dl_row(&rs->body, _("Réalisé (mandaté)"), format_fr_money(a, l->paid_cents));
	delete_page_end(rq, rs, &c.p, l->element,
	                arena_printf(a, "/plans/%s/budget-lines/%lld/delete", c.p.slug,
	                             (long long)l->id),
	                l->version);
}

void page_budget_line_delete_confirm(web_request *rq, web_response *rs)
{
	steering_context c;
	budget_line *l = context_line(rq, rs, &c, PAGE_TO_CHANGE);
	if (!l)
		return;
	diag_list d;
	diag_init(&d, rq->arena);
	answer_deletion(rq, rs, &c.p, l->element,
	                store_budget_line_delete(rq->store, &c.p, l->id,
	                                         atoll(web_form(rq, "version")), &d),
	                "line-deleted",
	                _("Quelqu'un a modifié cette ligne budgétaire entre-temps : rien n'a été "
	                  "supprimé. Rouvrez-la et recommencez."));
}
