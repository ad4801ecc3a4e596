/*
 * pages_plan.c — a plan's overview (its forest, counts per level, filters) and its
 * settings form (title, organisation, period, version, adoption record; the status
 * moves through the workflow of the versions page).
 *
 * The forest is nested lists, fully expanded: it reads and prints without script.
 * jalon.js adds a toggle button to each branch and "open all / close all".
 */
#include <stdlib.h>
#include <string.h>

#include "store/plan_store.h"
#include "util/i18n.h"
#include "util/text.h"
#include "web/form.h"
#include "web/auth.h"
#include "web/html.h"
#include "web/pages.h"
#include "web/plan_view.h"

bool page_load_plan(web_request *rq, web_response *rs, plan *p)
{
	diag_list d;
	diag_init(&d, rq->arena);
	if (store_plan_load(rq->store, rq->arena, rq->params[0], p, &d))
		return true;
	page_error(rq, rs, 404, _("Plan introuvable"));
	return false;
}

void plan_view_breadcrumb(web_request *rq, buf *b, const plan *p, const plan_element *e)
{
	html_printf(b, "<nav class=\"breadcrumb\" aria-label=\"%s\"><ol>\n"
	               "<li><a href=\"/\">%s</a></li>\n",
	            _("Fil d'Ariane"), _("Accueil"));
	if (!e) {
		html_printf(b, "<li><a href=\"/plans/%u\" aria-current=\"page\">%s</a></li>\n", p->slug,
		            p->title);
		html_printf(b, "</ol></nav>\n");
		return;
	}
	html_printf(b, "<li><a href=\"/plans/%u\">%s</a></li>\n", p->slug, p->title);
	/* Ancestors from the top down. */
	const plan_element *chain[256];
	size_t n = 0;
	for (const plan_element *a = e->parent; a && n < 256; a = a->parent)
		chain[n++] = a;
	while (n-- > 0)
		html_printf(b, "<li><a href=\"/plans/%u/elements/%lld\">%s</a></li>\n", p->slug,
		            (long long)chain[n]->id, chain[n]->code);
	html_printf(b, "<li><a href=\"/plans/%u/elements/%lld\" aria-current=\"page\">%s</a></li>\n",
	            p->slug, (long long)e->id, e->code);
	html_printf(b, "</ol></nav>\n");
}

/* ---- overview ---------------------------------------------------------------------- */

static void tree_item(buf *b, const plan *p, const plan_element *e)
{
	html_printf(b, "<li><a href=\"/plans/%u/elements/%lld\"><span class=\"code\">%s</span> %s</a>"
	               " <span class=\"level\">(%s)</span>",
	            p->slug, (long long)e->id, e->code, e->title, e->level);
}

static void render_tree(buf *b, const plan *p)
{
	/* Depth-first order: an element's children follow it at once, so each element
	 * opens its list when it has children, and a leaf closes as many lists as the
	 * next element climbs back up. */
	html_printf(b, "<ul class=\"tree\" data-tree>\n");
	for (size_t i = 0; i < p->element_count; i++) {
		const plan_element *e = p->ordered[i];
		tree_item(b, p, e);
		if (e->child_count) {
			html_printf(b, "\n<ul id=\"branch-%lld\">\n", (long long)e->id);
			continue;
		}
		html_printf(b, "</li>\n");
		size_t next_depth = i + 1 < p->element_count ? p->ordered[i + 1]->depth : 0;
		for (size_t d = e->depth; d > next_depth; d--)
			html_printf(b, "</ul>\n</li>\n");
	}
	html_printf(b, "</ul>\n");
}

/* Distinct non-empty values of a field, in order of first appearance. */
size_t plan_view_distinct_values(arena *a, const plan *p,
                                 const char *(*get)(const plan_element *), const char ***out)
{
	const char **values = arena_alloc(a, (p->element_count + 1) * sizeof(*values));
	size_t n = 0;
	for (size_t i = 0; i < p->element_count; i++) {
		const char *v = get(p->ordered[i]);
		if (!v || !*v)
			continue;
		size_t k = 0;
		while (k < n && strcmp(values[k], v) != 0)
			k++;
		if (k == n)
			values[n++] = v;
	}
	*out = values;
	return n;
}

const char *plan_view_level(const plan_element *e) { return e->level; }
const char *plan_view_owner(const plan_element *e) { return e->owner; }
static const char *get_status(const plan_element *e) { return e->status; }

void plan_view_select_filter(buf *b, const char *name, const char *label, const char *all,
                             const char *const *values, size_t n, const char *chosen)
{
	html_printf(b, "<div class=\"field\"><label for=\"f-%s\">%s</label>"
	               "<select id=\"f-%s\" name=\"%s\"><option value=\"\">%s</option>",
	            name, label, name, name, all);
	for (size_t i = 0; i < n; i++)
		html_printf(b, "<option%r>%s</option>",
		            chosen && strcmp(chosen, values[i]) == 0 ? " selected" : "", values[i]);
	html_printf(b, "</select></div>\n");
}

static bool element_matches(arena *a, const plan_element *e, const char *level,
                            const char *owner, const char *status, const char *folded_query)
{
	if (*level && strcmp(e->level, level) != 0)
		return false;
	if (*owner && (!e->owner || strcmp(e->owner, owner) != 0))
		return false;
	if (*status && (!e->status || strcmp(e->status, status) != 0))
		return false;
	if (!*folded_query)
		return true;
	const char *fields[] = {e->code, e->title, e->description, e->owner};
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		if (fields[i] && strstr(text_fold(a, fields[i]), folded_query))
			return true;
	return false;
}

static const char *query_or_empty(web_request *rq, const char *name)
{
	const char *v = web_query(rq, name);
	return v ? text_trim(rq->arena, v) : "";
}

void page_plan(web_request *rq, web_response *rs)
{
	plan p;
	if (!page_load_plan(rq, rs, &p))
		return;
	buf *b = &rs->body;
	const char *level = query_or_empty(rq, "niveau");
	const char *owner = query_or_empty(rq, "porteur");
	const char *status = query_or_empty(rq, "statut");
	const char *q = query_or_empty(rq, "q");
	bool filtering = *level || *owner || *status || *q;

	html_page_begin(rq, rs, p.title);
	plan_view_breadcrumb(rq, b, &p, NULL);
	html_printf(b, "<h1>%s</h1>\n<p>", p.title);
	if (p.organisation)
		html_printf(b, "%s · ", p.organisation);
	if (p.period_start)
		html_printf(b, "%d–%d · ", p.period_start, p.period_end);
	html_printf(b, "%s %s", _("statut :"), plan_status_label(p.status));
	if (p.version_label)
		html_printf(b, " · %s %s", _("version"), p.version_label);
	html_printf(b, "</p>\n");
	if (web_query(rq, "notice"))
		html_notice(b, strcmp(web_query(rq, "notice"), "deleted") == 0 ? _("Élément supprimé.")
		                                                                : _("Enregistré."));
	/* Only what the subject may do (the guard refuses the rest anyway): a new element
	 * needs steering, or a porteur placing it under one of their own (the form checks
	 * the parent); settings and the trash need steering. */
	bool steer = web_may_steer(rq);
	html_printf(b, "<ul class=\"actions\">");
	if (steer || (web_plan_roles(rq) & ACCESS_BIT(ROLE_PORTEUR)))
		html_printf(b, "<li><a class=\"button\" href=\"/plans/%u/elements/new\">%s</a></li>",
		            p.slug, _("Ajouter un élément"));
	html_printf(b, "<li><a class=\"button secondary\" href=\"/plans/%u/dashboard\">%s</a></li>",
	            p.slug, _("Tableau de bord"));
	if (steer)
		html_printf(b, "<li><a class=\"button secondary\" href=\"/plans/%u/settings\">%s</a></li>",
		            p.slug, _("Paramètres du plan"));
	if (web_may_import(rq))
		html_printf(b, "<li><a class=\"button secondary\" href=\"#import-heading\">%s</a></li>",
		            _("Importer un plan (CSV)"));
	if (steer) /* the trash (pages_trash.c) */
		html_printf(b, "<li><a class=\"button secondary\" href=\"/plans/%u/trash\">%s</a></li>",
		            p.slug, _("Corbeille"));
	html_printf(b, "</ul>\n");

	plan_level_count *levels;
	size_t level_count = plan_level_counts(rq->arena, &p, &levels);
	html_printf(b, "<table class=\"counts\">\n<caption>%s</caption>\n<thead><tr>"
	               "<th scope=\"col\">%s</th><th scope=\"col\" class=\"number\">%s</th></tr></thead>\n<tbody>\n",
	            _("Éléments par niveau"), _("Niveau"), _("Nombre"));
	for (size_t i = 0; i < level_count; i++)
		html_printf(b, "<tr><td>%s</td><td class=\"number\">%zu</td></tr>\n", levels[i].label,
		            levels[i].count);
	html_printf(b, "</tbody>\n<tfoot><tr><th scope=\"row\">%s</th><td class=\"number\">%zu</td>"
	               "</tr></tfoot>\n</table>\n",
	            _("Total"), p.element_count);

	/* Filters: a plain GET form, so a filtered view is a link one can share. */
	const char **values;
	size_t n;
	html_printf(b, "<h2 id=\"filtres\">%s</h2>\n<form class=\"filters\" method=\"get\" "
	               "action=\"/plans/%u\" role=\"search\" aria-labelledby=\"filtres\">\n",
	            _("Filtrer"), p.slug);
	html_printf(b, "<div class=\"field\"><label for=\"f-q\">%s</label>"
	               "<input type=\"search\" id=\"f-q\" name=\"q\" value=\"%s\"></div>\n",
	            _("Texte"), q);
	n = plan_view_distinct_values(rq->arena, &p, plan_view_level, &values);
	plan_view_select_filter(b, "niveau", _("Niveau"), _("Tous"), values, n, level);
	n = plan_view_distinct_values(rq->arena, &p, plan_view_owner, &values);
	plan_view_select_filter(b, "porteur", _("Porteur"), _("Tous"), values, n, owner);
	n = plan_view_distinct_values(rq->arena, &p, get_status, &values);
	plan_view_select_filter(b, "statut", _("Statut"), _("Tous"), values, n, status);
	html_printf(b, "<button type=\"submit\">%s</button>", _("Filtrer"));
	if (filtering)
		html_printf(b, " <a href=\"/plans/%u\">%s</a>", p.slug, _("Effacer les filtres"));
	html_printf(b, "\n</form>\n");

	if (filtering) {
		const char *folded = text_fold(rq->arena, q);
		size_t found = 0;
		buf rows = {0};
		for (size_t i = 0; i < p.element_count; i++) {
			const plan_element *e = p.ordered[i];
			if (!element_matches(rq->arena, e, level, owner, status, folded))
				continue;
			found++;
			html_printf(&rows, "<tr><td class=\"code\"><a href=\"/plans/%u/elements/%lld\">%s</a></td>"
			                   "<td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>\n",
			            p.slug, (long long)e->id, e->code, e->level, e->title,
			            e->owner ? e->owner : "", e->status ? e->status : "");
		}
		html_printf(b, "<h2 id=\"resultats\">");
		html_printf(b, i18n_count("%zu élément correspond", "%zu éléments correspondent", found),
		            found);
		html_printf(b, "</h2>\n");
		if (found) {
			html_printf(b, "<table aria-labelledby=\"resultats\">\n<thead><tr><th scope=\"col\">%s</th>"
			               "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
			               "<th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
			            _("Code"), _("Niveau"), _("Intitulé"), _("Porteur"), _("Statut"));
			buf_append(b, rows.data, rows.len);
			html_printf(b, "</tbody>\n</table>\n");
		}
		buf_free(&rows);
	} else {
		html_printf(b, "<h2>%s</h2>\n<div data-tree-controls data-open-label=\"%s\" "
		               "data-close-label=\"%s\" data-toggle-label=\"%s\"></div>\n",
		            _("Arborescence"), _("Tout déplier"), _("Tout replier"),
		            _("Déplier ou replier"));
		render_tree(b, &p);
	}
	if (web_may_import(rq))
		page_import_section(rq, b, NULL, NULL, "h2");
	html_page_end(rq, rs);
}

/* ---- settings ----------------------------------------------------------------------- */

/* The adoption's votes: the form's fields, in order. */
static const char *const vote_fields[3] = {"votes_for", "votes_against", "abstentions"};

/* errors: the refused submission's, whose values the form then shows (NULL: the stored
 * ones). lists: the state of the lists editor (pages_risks.c), NULL but after a refused
 * list. */
static void settings_form(web_request *rq, web_response *rs, const plan *p,
                          const diag_list *errors, const page_lists_state *lists)
{
	buf *b = &rs->body;
	html_page_begin(rq, rs, _("Paramètres du plan"));
	plan_view_breadcrumb(rq, b, p, NULL);
	html_printf(b, "<h1>%s</h1>\n", _("Paramètres du plan"));
	page_plan_lists_summary(rq, b, lists);
	form_error_summary(b, errors, NULL);
	char date[11] = "";
	date_format_iso(p->adoption.date, date);
	char number[3][16];
	snprintf(number[0], 16, "%d", p->adoption.votes_for);
	snprintf(number[1], 16, "%d", p->adoption.votes_against);
	snprintf(number[2], 16, "%d", p->adoption.abstentions);
	char start[16] = "", end[16] = "";
	if (p->period_start) {
		snprintf(start, sizeof(start), "%d", p->period_start);
		snprintf(end, sizeof(end), "%d", p->period_end);
	}
#define VALUE(name, fallback) (errors ? web_form(rq, name) : (fallback))
	html_printf(b, "<form method=\"post\" action=\"/plans/%u/settings\" novalidate>\n", p->slug);
	html_csrf_field(rq, b);
	form_text_field(b, "title", _("Titre"), NULL, VALUE("title", p->title), errors);
	form_text_field(b, "organisation", _("Organisation"), NULL,
	                VALUE("organisation", p->organisation), errors);
	form_text_field(b, "period_start", _("Première année"), _("Par exemple 2024"),
	                VALUE("period_start", start), errors);
	form_text_field(b, "period_end", _("Dernière année"), _("Par exemple 2028"),
	                VALUE("period_end", end), errors);
	form_text_field(b, "version", _("Version"), NULL, VALUE("version", p->version_label), errors);
	/* The status follows the adoption workflow (version_store.h): it is changed on the
	 * versions page, which checks each move, not here. */
	html_printf(b, "<p>%s <strong>%s</strong> — <a href=\"/plans/%u/versions\">%s</a></p>\n",
	            _("Statut :"), plan_status_label(p->status), p->slug,
	            _("changer de statut ou réviser le plan"));
	html_printf(b, "<fieldset>\n<legend>%s</legend>\n", _("Adoption par le conseil"));
	form_input(b, &(form_field){.id = "adopted_on", .label = _("Date de la délibération"),
	                            .value = VALUE("adopted_on", date),
	                            .error = form_error_of(errors, "adopted_on"), .type = "date"});
	form_text_field(b, "adopted_by", _("Instance délibérante"), _("Par exemple : conseil d'administration"),
	                VALUE("adopted_by", p->adoption.body), errors);
	form_text_field(b, "deliberation", _("Numéro de délibération"), NULL,
	                VALUE("deliberation", p->adoption.number), errors);
	const char *vote_labels[3] = {_("Voix pour"), _("Voix contre"), _("Abstentions")};
	for (int i = 0; i < 3; i++)
		form_input(b, &(form_field){.id = vote_fields[i], .label = vote_labels[i],
		                            .value = VALUE(vote_fields[i],
		                                           p->adoption.recorded ? number[i] : ""),
		                            .error = form_error_of(errors, vote_fields[i]),
		                            .type = "number"});
#undef VALUE
	html_printf(b, "</fieldset>\n<button type=\"submit\">%s</button> "
	               "<a href=\"/plans/%u\">%s</a>\n</form>\n",
	            _("Enregistrer"), p->slug, _("Annuler"));
	/* The lists come after: each is its own form (forms cannot nest). */
	page_plan_lists_section(rq, b, p, lists);
	html_page_end(rq, rs);
}

void page_plan_settings(web_request *rq, web_response *rs)
{
	plan p;
	if (page_load_plan(rq, rs, &p))
		settings_form(rq, rs, &p, NULL, NULL);
}

void page_plan_settings_render(web_request *rq, web_response *rs, const plan *p,
                               const page_lists_state *lists)
{
	settings_form(rq, rs, p, NULL, lists);
}

static bool parse_count(const char *s, int *out)
{
	char *end;
	long v = strtol(s, &end, 10);
	if (!*s || *end || v < 0 || v > 100000)
		return false;
	*out = (int)v;
	return true;
}

void page_plan_settings_save(web_request *rq, web_response *rs)
{
	if (page_refuse_without_csrf(rq, rs))
		return;
	plan p;
	if (!page_load_plan(rq, rs, &p))
		return;
	diag_list d;
	diag_init(&d, rq->arena);
	const char *title = text_trim(rq->arena, web_form(rq, "title"));
	if (!*title)
		diag_add(&d, "title", 0, "%s", _("Le titre est obligatoire."));
	const char *start = text_trim(rq->arena, web_form(rq, "period_start"));
	const char *end = text_trim(rq->arena, web_form(rq, "period_end"));
	int ys = 0, ye = 0;
	if (*start || *end) {
		if (!parse_count(start, &ys) || ys < 1000 || ys > 9999)
			diag_add(&d, "period_start", 0, "%s", _("Une année sur quatre chiffres."));
		else if (!parse_count(end, &ye) || ye < ys || ye > 9999)
			diag_add(&d, "period_end", 0, "%s",
			         _("Une année sur quatre chiffres, au plus tôt la première."));
	}
	const char *adopted_on = text_trim(rq->arena, web_form(rq, "adopted_on"));
	jalon_date date = DATE_NONE;
	const char *why;
	if (*adopted_on && !date_parse(adopted_on, &date, &why))
		diag_add(&d, "adopted_on", 0, "%s", why);
	int votes[3] = {0, 0, 0};
	bool any_vote = false;
	for (int i = 0; i < 3; i++) {
		const char *v = text_trim(rq->arena, web_form(rq, vote_fields[i]));
		any_vote |= *v != '\0';
		if (*v && !parse_count(v, &votes[i]))
			diag_add(&d, vote_fields[i], 0, "%s", _("Un nombre entier, positif ou nul."));
	}
	if (diag_has_errors(&d)) {
		rs->status = 422;
		settings_form(rq, rs, &p, &d, NULL);
		return;
	}
	p.title = title;
	const char *organisation = text_trim(rq->arena, web_form(rq, "organisation"));
	p.organisation = *organisation ? organisation : NULL;
	p.period_start = ys;
	p.period_end = ye;
	const char *version = text_trim(rq->arena, web_form(rq, "version"));
	p.version_label = *version ? version : NULL;
	const char *body = text_trim(rq->arena, web_form(rq, "adopted_by"));
	const char *number = text_trim(rq->arena, web_form(rq, "deliberation"));
	p.adoption = (plan_adoption){
		.recorded = date_is_set(date) || *body || *number || any_vote,
		.date = date, .body = *body ? body : NULL, .number = *number ? number : NULL,
		.votes_for = votes[0], .votes_against = votes[1], .abstentions = votes[2],
	};
	if (!store_plan_update(rq->store, &p, &d)) {
		page_error(rq, rs, 500, _("Enregistrement impossible"));
		return;
	}
	web_redirect(rq, rs, arena_printf(rq->arena, "/plans/%s?notice=saved", p.slug));
}
