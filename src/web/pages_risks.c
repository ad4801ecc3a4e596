/*
 * pages_risks.c — an element's risks, dependencies and qualification, as sections of
 * its sheet (page_sheet_risk_sections, called by pages_steering.c) and as the forms
 * that change them; and the editor of the plan's configurable lists (funding
 * sources, phases, qualification criteria) on the plan settings page.
 *
 * Every write goes through store/item_store.h, which checks the values and names the
 * refused field in each diag (`file`): the forms (their fields: form.h) put each message
 * next to its field and in a summary at the top that links to it. Risks and qualifications carry the
 * version the user saw; a stale one is refused (409) with the user's input kept and
 * what is stored now shown beside it. Dependencies are finish-to-start; those the
 * dates break are flagged in words (steering_dependency_violations), colour being
 * only a second cue. Everything works without script: removals are small POST forms,
 * which share one flow with the additions (change_dependencies).
 */
#include <stdlib.h>
#include <string.h>

#include "store/indicator_store.h"
#include "store/item_store.h"
#include "store/steering_view.h"
#include "util/i18n.h"
#include "util/text.h"
#include "web/auth.h"
#include "web/form.h"
#include "web/html.h"
#include "web/pages.h"
#include "web/plan_view.h"

/* ---- loading --------------------------------------------------------------------------- */

/* A plan with its steering data, rolled up as of today. */
typedef struct {
	plan p;
	steering_data data;
	plan_rollup rollup;
	jalon_date today;
} risk_view;

/* Load rq->params[0]; answer 403 (a change without a valid CSRF token), 404 (no such
 * plan) or 500 and return false. */
static bool view_load(web_request *rq, web_response *rs, risk_view *v, page_use use)
{
	if (use == PAGE_TO_CHANGE && page_refuse_without_csrf(rq, rs))
		return false;
	memset(v, 0, sizeof(*v));
	steering_view_today(NULL, &v->today);
	diag_list d;
	diag_init(&d, rq->arena);
	if (steering_view_load(rq->store, rq->arena, rq->params[0], NULL, v->today, &v->p,
	                       &v->data, &v->rollup, &d))
		return true;
	if (v->p.id)
		page_error(rq, rs, 500, _("Chargement impossible"));
	else
		page_error(rq, rs, 404, _("Plan introuvable"));
	return false;
}

/* Load the view and find the element of rq->params[1] in it; NULL once an error page
 * (404 when there is no such element) answers. */
static const plan_element *view_element(web_request *rq, web_response *rs, risk_view *v,
                                        page_use use)
{
	if (!view_load(rq, rs, v, use))
		return NULL;
	int64_t id = web_id_parse(rq->params[1]);
	const plan_element *e = id ? plan_find_id(&v->p, id) : NULL;
	if (!e)
		page_error(rq, rs, 404, _("Élément introuvable"));
	return e;
}

/* Load the view and find the risk of rq->params[1], among this plan's only: another
 * plan's is a 404 like one that does not exist. */
static const element_risk *view_risk(web_request *rq, web_response *rs, risk_view *v,
                                     page_use use)
{
	if (!view_load(rq, rs, v, use))
		return NULL;
	int64_t id = web_id_parse(rq->params[1]);
	for (size_t i = 0; id && i < v->data.risk_count; i++)
		if (v->data.risks[i].id == id)
			return &v->data.risks[i];
	page_error(rq, rs, 404, _("Risque introuvable"));
	return NULL;
}

static const char *sheet_url(web_request *rq, const plan *p, const plan_element *e)
{
	return arena_printf(rq->arena, "/plans/%s/elements/%lld", p->slug, (long long)e->id);
}

/* After a successful POST: back to the sheet, at the section, with a notice. */
static void redirect_to_sheet(web_request *rq, web_response *rs, const plan *p,
                              const plan_element *e, const char *notice, const char *anchor)
{
	web_redirect(rq, rs, arena_printf(rq->arena, "%s?notice=%s#%s", sheet_url(rq, p, e), notice,
	                                  anchor));
}

const char *page_risk_notice(const char *key)
{
	static const html_notice_entry notices[] = {
		{"risk-created", N_("Risque ajouté.")},
		{"risk-saved", N_("Risque enregistré.")},
		{"risk-deleted", N_("Risque supprimé.")},
		{"dependency-added", N_("Dépendance ajoutée.")},
		{"dependency-removed", N_("Dépendance retirée.")},
		{"qualification-saved", N_("Qualification enregistrée.")},
	};
	return html_notice_find(notices, sizeof(notices) / sizeof(notices[0]), key);
}

/* ---- words for numbers ----------------------------------------------------------------- */

/* Probability (feminine in French) and impact (masculine), 1..4; 0: not assessed. */
static const char *probability_word(int level)
{
	switch (level) {
	case 1: return _("faible");
	case 2: return _("moyenne");
	case 3: return _("forte");
	case 4: return _("très forte");
	default: return _("non évaluée");
	}
}

static const char *impact_word(int level)
{
	switch (level) {
	case 1: return _("faible");
	case 2: return _("moyen");
	case 3: return _("fort");
	case 4: return _("très fort");
	default: return _("non évalué");
	}
}

/* The criticality bands of P × I (products of 1..4: 1–3, 4–6, 8–9, 12–16). */
static const char *criticality_band(int c)
{
	return c <= 0 ? _("non évaluée") : c <= 3 ? _("faible") : c <= 6 ? _("modérée")
	     : c <= 9 ? _("élevée") : _("critique");
}

static const char *criticality_class(int c)
{
	return c <= 0 ? "none" : c <= 3 ? "low" : c <= 6 ? "moderate" : c <= 9 ? "high" : "critical";
}

static const char *scaled(web_request *rq, int level, const char *(*word)(int))
{
	if (level < 1 || level > 4)
		return word(0);
	return arena_printf(rq->arena, "%d — %s", level, word(level));
}

static const char *criticality_text(web_request *rq, int c)
{
	if (c <= 0)
		return criticality_band(0);
	return arena_printf(rq->arena, "%d — %s", c, criticality_band(c));
}

/* ---- form pieces --------------------------------------------------------------------------- */

/* A 1–4 scale with its words, and "not assessed" (value ""). */
static void scale_select(web_request *rq, buf *b, const char *id, const char *label,
                         const char *(*word)(int), const char *chosen, const char *error)
{
	form_choice c[5] = {{.value = "", .label = word(0)}};
	for (int level = 1; level <= 4; level++)
		c[level] = (form_choice){.value = arena_printf(rq->arena, "%d", level),
		                         .label = scaled(rq, level, word)};
	form_select(b, &(form_field){.id = id, .label = label, .value = chosen, .error = error}, c, 5);
}

/* A heading of the given level (2 or 3) with an id. */
static void heading(buf *b, int level, const char *id, const char *text)
{
	if (id)
		html_printf(b, "<h%d id=\"%s\">%s</h%d>\n", level, id, text, level);
	else
		html_printf(b, "<h%d>%s</h%d>\n", level, text, level);
}

/* ---- risks: the sheet's table ---------------------------------------------------------------- */

/* Most critical first (criticality, probability, impact), closed risks last: they no
 * longer threaten anything but stay on record. Ties keep the stored order. */
static int risk_compare(const void *pa, const void *pb)
{
	const element_risk *a = *(const element_risk *const *)pa, *b = *(const element_risk *const *)pb;
	bool ca = a->status == RISK_CLOSED, cb = b->status == RISK_CLOSED;
	if (ca != cb)
		return ca ? 1 : -1;
	int xa = steering_risk_criticality(a), xb = steering_risk_criticality(b);
	if (xa != xb)
		return xa > xb ? -1 : 1;
	if (a->probability != b->probability)
		return a->probability > b->probability ? -1 : 1;
	if (a->impact != b->impact)
		return a->impact > b->impact ? -1 : 1;
	return a < b ? -1 : a > b;
}

/* may_edit: the subject may edit e (its risks' links and the add button are shown). */
static void risks_section(web_request *rq, buf *b, const plan *p, const plan_element *e,
                          const steering_data *data, bool may_edit)
{
	heading(b, 2, "risques", _("Risques"));
	const element_risk **list = arena_alloc(rq->arena, (data->risk_count + 1) * sizeof(*list));
	size_t n = 0;
	for (size_t i = 0; i < data->risk_count; i++)
		if (data->risks[i].element == e)
			list[n++] = &data->risks[i];
	qsort(list, n, sizeof(*list), risk_compare);
	if (!n) {
		html_printf(b, "<p>%s</p>\n", _("Aucun risque enregistré."));
	} else {
		html_printf(b, "<div class=\"table-scroll\"><table class=\"risks\">\n<caption>%s</caption>\n"
		               "<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		               "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		               "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>",
		            _("Risques, du plus critique au moins critique (probabilité × impact)"),
		            _("Description"), _("Probabilité"), _("Impact"), _("Criticité"),
		            _("Atténuation"), _("Responsable"), _("Statut"));
		if (may_edit)
			html_printf(b, "<th scope=\"col\"><span class=\"visually-hidden\">%s</span></th>",
			            _("Actions"));
		html_printf(b, "</tr></thead>\n<tbody>\n");
		for (size_t i = 0; i < n; i++) {
			const element_risk *r = list[i];
			int c = steering_risk_criticality(r);
			html_printf(b, "<tr><th scope=\"row\">%s</th><td>%s</td><td>%s</td>"
			               "<td><span class=\"criticality criticality-%r\">%s</span></td>"
			               "<td>%s</td><td>%s</td><td>%s</td>\n",
			            r->description, scaled(rq, r->probability, probability_word),
			            scaled(rq, r->impact, impact_word), criticality_class(c),
			            criticality_text(rq, c), r->mitigation ? r->mitigation : "—",
			            r->owner ? r->owner : "—", risk_status_label(r->status));
			if (!may_edit) {
				html_printf(b, "</tr>\n");
				continue;
			}
			html_printf(b, "<td><ul class=\"row-actions\">"
			               "<li><a href=\"/plans/%u/risks/%lld/edit\">%s<span class=\"visually-hidden\"> %s</span></a></li>"
			               "<li><a href=\"/plans/%u/risks/%lld/delete\">%s<span class=\"visually-hidden\"> %s</span></a></li>"
			               "</ul></td></tr>\n",
			            p->slug, (long long)r->id, _("Modifier"),
			            arena_printf(rq->arena, _("le risque « %s »"), r->description), p->slug,
			            (long long)r->id, _("Supprimer"),
			            arena_printf(rq->arena, _("le risque « %s »"), r->description));
		}
		html_printf(b, "</tbody>\n</table></div>\n");
	}
	if (may_edit)
		html_printf(b, "<p><a class=\"button secondary\" href=\"%s/risks/new\">%s</a></p>\n",
		            sheet_url(rq, p, e), _("Ajouter un risque"));
}

/* ---- dependencies: the lists and the two forms ---------------------------------------------- */

/* What the dependency forms show after a refused submission: the values chosen and
 * the diags, renamed to the ids of the form's fields. */
typedef struct {
	const char *element_from;                 /* the element form's choice */
	const char *milestone_to, *milestone_from; /* the milestone form's choices */
	const diag_list *errors;
} dependency_state;

static const char *milestone_label(web_request *rq, const milestone *m)
{
	return arena_printf(rq->arena, "%s — %s (%s)", m->element ? m->element->code : "?",
	                    m->title ? m->title : "", html_date_text(rq->arena, m->planned));
}

static const dependency_violation *find_element_violation(const dependency_violation *v,
                                                          size_t n,
                                                          const element_dependency *dep)
{
	for (size_t i = 0; i < n; i++)
		if (v[i].elements == dep)
			return &v[i];
	return NULL;
}

static const dependency_violation *find_milestone_violation(const dependency_violation *v,
                                                            size_t n,
                                                            const milestone_dependency *dep)
{
	for (size_t i = 0; i < n; i++)
		if (v[i].milestones == dep)
			return &v[i];
	return NULL;
}

/* The small form that removes one dependency; its button names what it removes. */
static void remove_button(web_request *rq, buf *b, const char *action, int64_t from, int64_t to,
                          const char *what)
{
	html_printf(b, "<form class=\"inline\" method=\"post\" action=\"%s\">", action);
	html_csrf_field(rq, b);
	html_printf(b, "<input type=\"hidden\" name=\"from\" value=\"%lld\">"
	               "<input type=\"hidden\" name=\"to\" value=\"%lld\">"
	               "<button type=\"submit\" class=\"secondary small\">%s<span class=\"visually-hidden\"> %s</span></button>"
	               "</form>",
	            (long long)from, (long long)to, _("Retirer"), what);
}

static void violation_note(buf *b, const char *text)
{
	html_printf(b, " <strong class=\"late violation\">%s</strong>", text);
}

static void element_link(buf *b, const plan *p, const plan_element *o)
{
	html_printf(b, "<a href=\"/plans/%u/elements/%lld\"><span class=\"code\">%s</span> %s</a>",
	            p->slug, (long long)o->id, o->code, o->title);
}

static void element_dependency_list(web_request *rq, buf *b, const plan *p,
                                    const plan_element *e, const steering_data *data,
                                    const dependency_violation *v, size_t vn, bool precedes,
                                    bool may_edit)
{
	size_t shown = 0;
	const char *remove = arena_printf(rq->arena, "%s/dependencies/delete", sheet_url(rq, p, e));
	for (size_t i = 0; i < data->dependency_count; i++) {
		const element_dependency *dep = &data->dependencies[i];
		const plan_element *other = precedes ? dep->to : dep->from;
		if ((precedes ? dep->from : dep->to) != e || !other)
			continue;
		if (!shown++)
			html_printf(b, "<ul class=\"dependencies\">\n");
		html_printf(b, "<li>");
		element_link(b, p, other);
		const dependency_violation *x = find_element_violation(v, vn, dep);
		if (x) {
			const char *fmt = precedes
				? i18n_count("non respectée : %s commence %d jour avant la fin de cet élément "
				             "(début le %s, fin le %s)",
				             "non respectée : %s commence %d jours avant la fin de cet élément "
				             "(début le %s, fin le %s)", (unsigned long)x->days)
				: i18n_count("non respectée : commence %d jour avant la fin de %s "
				             "(début le %s, fin le %s)",
				             "non respectée : commence %d jours avant la fin de %s "
				             "(début le %s, fin le %s)", (unsigned long)x->days);
			const char *start = html_date_text(rq->arena, x->to_date), *end = html_date_text(rq->arena, x->from_date);
			violation_note(b, precedes ? arena_printf(rq->arena, fmt, other->code, x->days, start, end)
			                           : arena_printf(rq->arena, fmt, x->days, other->code, start, end));
		}
		if (may_edit) {
			html_printf(b, " ");
			remove_button(rq, b, remove, dep->from->id, dep->to->id,
			              arena_printf(rq->arena, precedes ? _("la dépendance : %s suit cet élément")
			                                               : _("la dépendance : cet élément suit %s"),
			                           other->code));
		}
		html_printf(b, "</li>\n");
	}
	if (shown)
		html_printf(b, "</ul>\n");
	else
		html_printf(b, "<p>%s</p>\n", _("Aucun élément."));
}

static void milestone_dependency_table(web_request *rq, buf *b, const plan *p,
                                       const plan_element *e, const steering_data *data,
                                       const dependency_violation *v, size_t vn, bool may_edit)
{
	size_t shown = 0;
	const char *remove = arena_printf(rq->arena, "%s/milestone-dependencies/delete",
	                                  sheet_url(rq, p, e));
	for (size_t i = 0; i < data->milestone_dependency_count; i++) {
		const milestone_dependency *dep = &data->milestone_dependencies[i];
		if (!dep->from || !dep->to || (dep->from->element != e && dep->to->element != e))
			continue;
		if (!shown++) {
			html_printf(b, "<table class=\"milestone-dependencies\">\n<caption>%s</caption>\n"
			               "<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
			               "<th scope=\"col\">%s</th>",
			            _("Jalons de cet élément liés à d'autres jalons (fin-début)"), _("Le jalon"),
			            _("suit le jalon"), _("Respect"));
			if (may_edit)
				html_printf(b, "<th scope=\"col\"><span class=\"visually-hidden\">%s</span></th>",
				            _("Actions"));
			html_printf(b, "</tr></thead>\n<tbody>\n");
		}
		const char *to = milestone_label(rq, dep->to), *from = milestone_label(rq, dep->from);
		html_printf(b, "<tr><td>%s</td><td>%s</td><td>", to, from);
		const dependency_violation *x = find_milestone_violation(v, vn, dep);
		if (x)
			violation_note(b, arena_printf(rq->arena,
				i18n_count("non respectée : prévu %d jour avant le jalon qu'il suit (le %s, contre le %s)",
				           "non respectée : prévu %d jours avant le jalon qu'il suit (le %s, contre le %s)",
				           (unsigned long)x->days),
				x->days, html_date_text(rq->arena, x->to_date), html_date_text(rq->arena, x->from_date)));
		else
			html_printf(b, "%s", _("respectée ou non encore décidable"));
		if (may_edit) {
			html_printf(b, "</td><td>");
			remove_button(rq, b, remove, dep->from->id, dep->to->id,
			              arena_printf(rq->arena, _("la dépendance : %s suit %s"), to, from));
		}
		html_printf(b, "</td></tr>\n");
	}
	if (shown)
		html_printf(b, "</tbody>\n</table>\n");
	else
		html_printf(b, "<p>%s</p>\n", _("Aucune dépendance entre jalons pour cet élément."));
}

/* A select of the dependency forms: the page's id (two forms share a page) for the
 * store's field name. */
static void dependency_select(buf *b, const char *id, const char *name, const char *label,
                              const char *hint, const form_choice *choices, size_t n,
                              const char *chosen, const dependency_state *st)
{
	form_select(b, &(form_field){.id = id, .name = name, .label = label, .hint = hint,
	                             .value = chosen, .error = st ? form_error_of(st->errors, id) : NULL,
	                             .attributes = " class=\"wide\""},
	            choices, n);
}

static void element_dependency_form(web_request *rq, buf *b, const plan *p, const plan_element *e,
                                    const dependency_state *st)
{
	size_t n = 0;
	form_choice *c = arena_alloc(rq->arena, (p->element_count + 1) * sizeof(*c));
	c[n++] = (form_choice){.value = "", .label = _("(choisir un élément)")};
	for (size_t i = 0; i < p->element_count; i++) {
		const plan_element *o = p->ordered[i];
		if (o != e)
			c[n++] = (form_choice){.value = arena_printf(rq->arena, "%lld", (long long)o->id),
			                       .label = arena_printf(rq->arena, "%s – %s", o->code, o->title)};
	}
	html_printf(b, "<form class=\"add-dependency\" method=\"post\" action=\"%s/dependencies\" novalidate>\n",
	            sheet_url(rq, p, e));
	html_csrf_field(rq, b);
	dependency_select(b, "dependency-from", "from", _("Cet élément suit…"),
	                  _("L'élément choisi doit être fini avant que celui-ci ne commence."), c, n,
	                  st ? st->element_from : NULL, st);
	html_printf(b, "<button type=\"submit\">%s</button>\n</form>\n", _("Ajouter la dépendance"));
}

static void milestone_dependency_form(web_request *rq, buf *b, const plan *p,
                                      const plan_element *e, const steering_data *data,
                                      const dependency_state *st)
{
	form_choice *own = arena_alloc(rq->arena, (data->milestone_count + 1) * sizeof(*own));
	form_choice *all = arena_alloc(rq->arena, (data->milestone_count + 1) * sizeof(*all));
	size_t n_own = 0, n_all = 0;
	own[n_own++] = (form_choice){.value = "", .label = _("(choisir un jalon de cet élément)")};
	all[n_all++] = (form_choice){.value = "", .label = _("(choisir un jalon du plan)")};
	for (size_t i = 0; i < data->milestone_count; i++) {
		const milestone *m = &data->milestones[i];
		form_choice c = {.value = arena_printf(rq->arena, "%lld", (long long)m->id),
		                 .label = milestone_label(rq, m)};
		if (m->element == e)
			own[n_own++] = c;
		all[n_all++] = c;
	}
	if (n_own == 1) {
		html_printf(b, "<p>%s</p>\n", _("Cet élément n'a pas de jalon : ajoutez-en un pour le lier "
		                                 "à d'autres jalons."));
		return;
	}
	html_printf(b, "<form class=\"add-dependency\" method=\"post\" action=\"%s/milestone-dependencies\" novalidate>\n"
	               "<fieldset>\n<legend>%s</legend>\n",
	            sheet_url(rq, p, e), _("Lier deux jalons : le jalon X suit le jalon Y"));
	dependency_select(b, "milestone-to", "to", _("Le jalon (de cet élément)"), NULL, own, n_own,
	                  st ? st->milestone_to : NULL, st);
	dependency_select(b, "milestone-from", "from", _("suit le jalon"),
	                  _("Il ne peut être atteint avant celui-ci."), all, n_all,
	                  st ? st->milestone_from : NULL, st);
	html_csrf_field(rq, b);
	html_printf(b, "</fieldset>\n<button type=\"submit\">%s</button>\n</form>\n",
	            _("Lier les jalons"));
}

/* The dependencies of e under a heading of level `level` (2 on the sheet, where the
 * section is one of several; the sub-headings are one level down); the forms and the
 * "Retirer" buttons only when the subject may edit e (may_edit). */
static void dependencies_section(web_request *rq, buf *b, const plan *p, const plan_element *e,
                                 const steering_data *data, const plan_rollup *rollup,
                                 const dependency_state *st, int level, bool may_edit)
{
	dependency_violation *v = NULL;
	size_t vn = rollup ? steering_dependency_violations(
		rq->arena, p, rollup, data->dependencies, data->dependency_count,
		data->milestone_dependencies, data->milestone_dependency_count, &v) : 0;
	if (level == 2) {
		heading(b, 2, "dependances", _("Dépendances"));
		html_printf(b, "<p class=\"hint\">%s</p>\n",
		            _("Fin-début : un élément ne commence pas avant la fin de ceux qu'il suit ; "
		              "un jalon n'est pas atteint avant ceux qu'il suit."));
	}
	int sub = level == 2 ? 3 : 2;
	heading(b, sub, NULL, _("Éléments qui suivent celui-ci"));
	element_dependency_list(rq, b, p, e, data, v, vn, true, may_edit);
	heading(b, sub, NULL, _("Éléments que celui-ci suit"));
	element_dependency_list(rq, b, p, e, data, v, vn, false, may_edit);
	if (may_edit)
		element_dependency_form(rq, b, p, e, st);
	heading(b, sub, NULL, _("Dépendances entre jalons"));
	milestone_dependency_table(rq, b, p, e, data, v, vn, may_edit);
	if (may_edit)
		milestone_dependency_form(rq, b, p, e, data, st);
}

/* ---- qualification: the sheet's summary -------------------------------------------------------- */

static const element_qualification *find_qualification(const steering_data *data,
                                                       const plan_element *e)
{
	for (size_t i = 0; i < data->qualification_count; i++)
		if (data->qualifications[i].element == e)
			return &data->qualifications[i];
	return NULL;
}

/* e's score on criterion (matched ignoring case and accents, as the store does); 0. */
static int find_score(arena *a, const steering_data *data, const plan_element *e,
                      const char *criterion)
{
	const char *key = text_match_key(a, criterion);
	for (size_t i = 0; i < data->score_count; i++)
		if (data->scores[i].element == e &&
		    strcmp(text_match_key(a, data->scores[i].criterion), key) == 0)
			return data->scores[i].score;
	return 0;
}

static const char *score_text(web_request *rq, int score)
{
	if (score < 1 || score > 4)
		return _("non noté");
	return arena_printf(rq->arena, _("%d sur 4"), score);
}

static void qualification_section(web_request *rq, buf *b, const plan *p, const plan_element *e,
                                  const steering_data *data)
{
	heading(b, 2, "qualification", _("Qualification"));
	const element_qualification *q = find_qualification(data, e);
	html_printf(b, "<dl class=\"fields\">\n<dt>%s</dt>\n<dd>%s</dd>\n<dt>%s</dt>\n<dd>%s</dd>\n</dl>\n",
	            _("Nature"), priority_nature_label(q ? q->nature : PRIORITY_NATURE_UNSET),
	            _("Type de projet"), project_type_label(q ? q->type : PROJECT_TYPE_UNSET));
	if (data->criterion_count) {
		html_printf(b, "<table class=\"scores\">\n<caption>%s</caption>\n<thead><tr>"
		               "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
		            _("Notes sur les critères du plan (de 1 à 4)"), _("Critère"), _("Note"));
		for (size_t k = 0; k < data->criterion_count; k++)
			html_printf(b, "<tr><th scope=\"row\">%s</th><td>%s</td></tr>\n", data->criteria[k],
			            score_text(rq, find_score(rq->arena, data, e, data->criteria[k])));
		html_printf(b, "</tbody>\n</table>\n");
	} else {
		html_printf(b, "<p>%s</p>\n", _("Le plan n'a pas de critère de qualification."));
	}
	if (web_may_steer(rq)) /* qualifying is steering's (router.c) */
		html_printf(b, "<p><a class=\"button secondary\" href=\"%s/qualification\">%s</a></p>\n",
		            sheet_url(rq, p, e), _("Modifier la qualification"));
}

void page_sheet_risk_sections(web_request *rq, buf *b, const plan *p, const plan_element *e,
                              const steering_data *data, const plan_rollup *rollup,
                              bool may_edit)
{
	risks_section(rq, b, p, e, data, may_edit);
	dependencies_section(rq, b, p, e, data, rollup, NULL, 2, may_edit);
	qualification_section(rq, b, p, e, data);
}

/* ---- the risk form ------------------------------------------------------------------------------ */

typedef struct {
	const char *description, *probability, *impact, *mitigation, *owner, *status;
	long long version;
} risk_form;

static const char *level_text(web_request *rq, int level)
{
	return level >= 1 && level <= 4 ? arena_printf(rq->arena, "%d", level) : "";
}

static risk_form form_from_risk(web_request *rq, const element_risk *r)
{
	return (risk_form){
		.description = r->description, .probability = level_text(rq, r->probability),
		.impact = level_text(rq, r->impact), .mitigation = r->mitigation, .owner = r->owner,
		.status = risk_status_key(r->status), .version = (long long)r->version,
	};
}

static risk_form form_from_request(web_request *rq)
{
	return (risk_form){
		.description = web_form(rq, "description"), .probability = web_form(rq, "probability"),
		.impact = web_form(rq, "impact"), .mitigation = web_form(rq, "mitigation"),
		.owner = web_form(rq, "owner"), .status = web_form(rq, "status"),
		.version = atoll(web_form(rq, "version")),
	};
}

static const char *nonempty(arena *a, const char *s)
{
	const char *t = text_trim(a, s ? s : "");
	return *t ? t : NULL;
}

/* "" is not assessed (0); anything but a whole number is refused here, the range by
 * the store. */
static void parse_level(const char *text, const char *field, int *out, diag_list *d)
{
	char *end;
	long v = strtol(text, &end, 10);
	*out = 0;
	if (!*text)
		return;
	if (*end || v < 0 || v > 4)
		diag_add(d, field, 0, "%s", _("choisissez un niveau de 1 à 4, ou « non évalué »"));
	else
		*out = (int)v;
}

static void risk_from_form(web_request *rq, const risk_form *f, element_risk *r, diag_list *d)
{
	const char *description = text_trim(rq->arena, f->description ? f->description : "");
	r->description = description;
	parse_level(text_trim(rq->arena, f->probability), "probability", &r->probability, d);
	parse_level(text_trim(rq->arena, f->impact), "impact", &r->impact, d);
	r->mitigation = nonempty(rq->arena, f->mitigation);
	r->owner = nonempty(rq->arena, f->owner);
	r->status = RISK_OPEN;
	if (*f->status && !risk_status_parse(f->status, &r->status))
		diag_add(d, "status", 0, "%s", _("choisissez un statut de la liste"));
}

static void risk_fields(web_request *rq, buf *b, const risk_form *f, const diag_list *d)
{
	form_textarea(b, &(form_field){.id = "description", .label = _("Description"),
	                               .hint = _("Ce qui pourrait arriver, et ce que cela empêcherait."),
	                               .value = f->description,
	                               .error = form_error_of(d, "description")});
	scale_select(rq, b, "probability", _("Probabilité"), probability_word, f->probability,
	             form_error_of(d, "probability"));
	scale_select(rq, b, "impact", _("Impact"), impact_word, f->impact,
	             form_error_of(d, "impact"));
	form_textarea(b, &(form_field){.id = "mitigation", .label = _("Atténuation"),
	                               .hint = _("Ce qui est fait pour le réduire ou y faire face."),
	                               .value = f->mitigation, .error = form_error_of(d, "mitigation")});
	form_text_field(b, "owner", _("Responsable"), NULL, f->owner, d);
	form_choice c[RISK_STATUS_COUNT];
	for (int s = 0; s < RISK_STATUS_COUNT; s++)
		c[s] = (form_choice){.value = risk_status_key((risk_status)s),
		                     .label = risk_status_label((risk_status)s)};
	form_select(b, &(form_field){.id = "status", .label = _("Statut"),
	                             .value = *f->status ? f->status : risk_status_key(RISK_OPEN),
	                             .error = form_error_of(d, "status")},
	            c, RISK_STATUS_COUNT);
}

/* The create form (risk NULL) or the edit form; `stored`, after a conflict, is what
 * is saved now, shown above the form. */
static void risk_form_page(web_request *rq, web_response *rs, const plan *p,
                           const plan_element *e, const element_risk *risk, const risk_form *f,
                           const diag_list *d, const element_risk *stored)
{
	buf *b = &rs->body;
	const char *title = risk ? arena_printf(rq->arena, _("Modifier un risque de %s"), e->code)
	                         : arena_printf(rq->arena, _("Nouveau risque pour %s"), e->code);
	html_page_begin(rq, rs, title);
	plan_view_breadcrumb(rq, b, p, e);
	html_printf(b, "<h1>%s</h1>\n<p><span class=\"code\">%s</span> %s</p>\n", title, e->code,
	            e->title);
	if (stored) {
		form_conflict_begin(b, _("Quelqu'un a enregistré ce risque depuis que vous l'avez ouvert. "
		                         "Votre saisie n'a pas été enregistrée : elle est reprise ci-dessous. "
		                         "Enregistrez-la pour remplacer la version enregistrée, ou annulez."));
		html_printf(b, "<dl class=\"fields\"><dt>%s</dt>\n<dd>%s</dd>\n<dt>%s</dt>\n<dd>%s</dd>"
		               "<dt>%s</dt>\n<dd>%s</dd>\n<dt>%s</dt>\n<dd>%s</dd>\n<dt>%s</dt>\n<dd>%s</dd>"
		               "<dt>%s</dt>\n<dd>%s</dd></dl></div>\n",
		            _("Description enregistrée"), stored->description,
		            _("Probabilité enregistrée"), scaled(rq, stored->probability, probability_word),
		            _("Impact enregistré"), scaled(rq, stored->impact, impact_word),
		            _("Atténuation enregistrée"), stored->mitigation ? stored->mitigation : "—",
		            _("Responsable enregistré"), stored->owner ? stored->owner : "—",
		            _("Statut enregistré"), risk_status_label(stored->status));
	}
	form_error_summary(b, d, NULL);
	if (risk)
		html_printf(b, "<form method=\"post\" action=\"/plans/%u/risks/%lld/edit\" novalidate>\n",
		            p->slug, (long long)risk->id);
	else
		html_printf(b, "<form method=\"post\" action=\"%s/risks/new\" novalidate>\n",
		            sheet_url(rq, p, e));
	html_csrf_field(rq, b);
	if (risk)
		html_printf(b, "<input type=\"hidden\" name=\"version\" value=\"%lld\">\n", f->version);
	risk_fields(rq, b, f, d);
	html_printf(b, "<button type=\"submit\">%s</button> <a href=\"%s#risques\">%s</a>\n</form>\n",
	            _("Enregistrer"), sheet_url(rq, p, e), _("Annuler"));
	html_page_end(rq, rs);
}

void page_risk_new(web_request *rq, web_response *rs)
{
	risk_view v;
	const plan_element *e = view_element(rq, rs, &v, PAGE_TO_READ);
	if (!e)
		return;
	risk_form f = {.status = risk_status_key(RISK_OPEN)};
	risk_form_page(rq, rs, &v.p, e, NULL, &f, NULL, NULL);
}

void page_risk_create(web_request *rq, web_response *rs)
{
	risk_view v;
	const plan_element *e = view_element(rq, rs, &v, PAGE_TO_CHANGE);
	if (!e)
		return;
	diag_list d;
	diag_init(&d, rq->arena);
	risk_form f = form_from_request(rq);
	element_risk r = {.element = e};
	risk_from_form(rq, &f, &r, &d);
	store_result result = diag_has_errors(&d) ? STORE_INVALID
	                                          : store_risk_create(rq->store, &v.p, &r, &d);
	switch (result) {
	case STORE_OK:
		redirect_to_sheet(rq, rs, &v.p, e, "risk-created", "risques");
		return;
	case STORE_NOT_FOUND:
		page_error(rq, rs, 404, _("Élément introuvable"));
		return;
	case STORE_FAILED:
		page_error(rq, rs, 500, _("Enregistrement impossible"));
		return;
	default:
		rs->status = 422;
		risk_form_page(rq, rs, &v.p, e, NULL, &f, &d, NULL);
	}
}

void page_risk_edit(web_request *rq, web_response *rs)
{
	risk_view v;
	const element_risk *r = view_risk(rq, rs, &v, PAGE_TO_READ);
	if (!r)
		return;
	risk_form f = form_from_risk(rq, r);
	risk_form_page(rq, rs, &v.p, r->element, r, &f, NULL, NULL);
}

void page_risk_save(web_request *rq, web_response *rs)
{
	risk_view v;
	const element_risk *current = view_risk(rq, rs, &v, PAGE_TO_CHANGE);
	if (!current)
		return;
	diag_list d;
	diag_init(&d, rq->arena);
	risk_form f = form_from_request(rq);
	element_risk r = {.id = current->id, .element = current->element};
	risk_from_form(rq, &f, &r, &d);
	store_result result = diag_has_errors(&d)
	                          ? STORE_INVALID
	                          : store_risk_update(rq->store, &v.p, &r, f.version, &d);
	switch (result) {
	case STORE_OK:
		redirect_to_sheet(rq, rs, &v.p, current->element, "risk-saved", "risques");
		return;
	case STORE_CONFLICT: {
		/* Show what is stored now; the form carries its version, so saving again
		 * applies the user's values knowingly. */
		risk_view now;
		const element_risk *stored = view_risk(rq, rs, &now, PAGE_TO_READ);
		if (!stored)
			return;
		rs->status = 409;
		f.version = (long long)stored->version;
		risk_form_page(rq, rs, &now.p, stored->element, stored, &f, NULL, stored);
		return;
	}
	case STORE_NOT_FOUND:
		page_error(rq, rs, 404, _("Risque introuvable"));
		return;
	case STORE_FAILED:
		page_error(rq, rs, 500, _("Enregistrement impossible"));
		return;
	default:
		rs->status = 422;
		risk_form_page(rq, rs, &v.p, current->element, current, &f, &d, NULL);
	}
}

void page_risk_delete(web_request *rq, web_response *rs)
{
	risk_view v;
	const element_risk *r = view_risk(rq, rs, &v, PAGE_TO_READ);
	if (!r)
		return;
	buf *b = &rs->body;
	const char *title = arena_printf(rq->arena, _("Supprimer un risque de %s"), r->element->code);
	html_page_begin(rq, rs, title);
	plan_view_breadcrumb(rq, b, &v.p, r->element);
	html_printf(b, "<h1>%s</h1>\n<p>%s</p>\n", title, _("Le risque suivant sera supprimé "
	                                                  "définitivement :"));
	int c = steering_risk_criticality(r);
	html_printf(b, "<dl class=\"fields\"><dt>%s</dt>\n<dd>%s</dd>\n<dt>%s</dt>\n<dd>%s</dd>"
	               "<dt>%s</dt>\n<dd>%s</dd></dl>\n",
	            _("Description"), r->description, _("Criticité"), criticality_text(rq, c),
	            _("Statut"), risk_status_label(r->status));
	html_printf(b, "<form method=\"post\" action=\"/plans/%u/risks/%lld/delete\">\n", v.p.slug,
	            (long long)r->id);
	html_csrf_field(rq, b);
	html_printf(b, "<input type=\"hidden\" name=\"version\" value=\"%lld\">\n"
	               "<button type=\"submit\" class=\"danger\">%s</button> <a href=\"%s#risques\">%s</a>\n"
	               "</form>\n",
	            (long long)r->version, _("Supprimer définitivement"),
	            sheet_url(rq, &v.p, r->element), _("Annuler"));
	html_page_end(rq, rs);
}

void page_risk_delete_confirm(web_request *rq, web_response *rs)
{
	risk_view v;
	const element_risk *r = view_risk(rq, rs, &v, PAGE_TO_CHANGE);
	if (!r)
		return;
	diag_list d;
	diag_init(&d, rq->arena);
	switch (store_risk_delete(rq->store, &v.p, r->id, atoll(web_form(rq, "version")), &d)) {
	case STORE_OK:
		redirect_to_sheet(rq, rs, &v.p, r->element, "risk-deleted", "risques");
		return;
	case STORE_CONFLICT:
		page_error(rq, rs, 409, _("Quelqu'un a modifié ce risque entre-temps : rien n'a été "
		                          "supprimé. Rouvrez-le et recommencez."));
		return;
	case STORE_NOT_FOUND:
		page_error(rq, rs, 404, _("Risque introuvable"));
		return;
	default:
		page_error(rq, rs, 500, _("Suppression impossible"));
	}
}

/* ---- dependencies: the page and the POSTs ------------------------------------------------------ */

/* The element's dependencies on a page of their own: where a refused addition is
 * shown with its errors, and what GET on the forms' addresses answers. */
static void dependencies_page(web_request *rq, web_response *rs, const risk_view *v,
                              const plan_element *e, const dependency_state *st)
{
	buf *b = &rs->body;
	const char *title = arena_printf(rq->arena, _("Dépendances de %s"), e->code);
	html_page_begin(rq, rs, title);
	plan_view_breadcrumb(rq, b, &v->p, e);
	html_printf(b, "<h1>%s</h1>\n<p><span class=\"code\">%s</span> %s</p>\n", title, e->code,
	            e->title);
	form_error_summary(b, st ? st->errors : NULL, NULL);
	/* A refused addition (st) came through the guard: the subject may edit e. */
	dependencies_section(rq, b, &v->p, e, &v->data, &v->rollup, st, 1,
	                     st || web_may_edit_element(rq, e->id));
	html_printf(b, "<p><a href=\"%s#dependances\">%s</a></p>\n", sheet_url(rq, &v->p, e),
	            _("Retour à la fiche"));
	html_page_end(rq, rs);
}

void page_dependencies(web_request *rq, web_response *rs)
{
	risk_view v;
	const plan_element *e = view_element(rq, rs, &v, PAGE_TO_READ);
	if (e)
		dependencies_page(rq, rs, &v, e, NULL);
}

/* The element or milestone whose id a form field holds, NULL for none of the plan's. */
static const plan_element *find_element(const plan *p, const char *text)
{
	int64_t id = web_id_parse(text);
	return id ? plan_find_id(p, id) : NULL;
}

static const milestone *find_milestone(const steering_data *data, const char *text)
{
	int64_t id = web_id_parse(text);
	for (size_t i = 0; id && i < data->milestone_count; i++)
		if (data->milestones[i].id == id)
			return &data->milestones[i];
	return NULL;
}

/* One change to the dependencies of the sheet's element e, as posted: the store's
 * answer (STORE_NOT_FOUND for a dependency that is not e's). An addition keeps in st
 * what its form showed, its diags named after the form's fields. */
typedef store_result dependency_change(web_request *rq, const risk_view *v,
                                       const plan_element *e, dependency_state *st,
                                       diag_list *d);

static store_result add_element_dependency(web_request *rq, const risk_view *v,
                                           const plan_element *e, dependency_state *st,
                                           diag_list *d)
{
	st->element_from = web_form(rq, "from");
	const plan_element *from = find_element(&v->p, st->element_from);
	if (!from)
		diag_add(d, "from", 0, "%s", _("choisissez l'élément que celui-ci suit"));
	store_result r = from ? store_dependency_add(rq->store, &v->p, from, e, d) : STORE_INVALID;
	/* The form has one field: whatever the store says (from, to, a cycle) is about it. */
	form_diags_rename(d, "from", "dependency-from", true);
	form_diags_rename(d, "to", "dependency-from", false);
	return r;
}

static store_result remove_element_dependency(web_request *rq, const risk_view *v,
                                              const plan_element *e, dependency_state *st,
                                              diag_list *d)
{
	const plan_element *from = find_element(&v->p, web_form(rq, "from"));
	const plan_element *to = find_element(&v->p, web_form(rq, "to"));
	/* Only a dependency of this sheet's element is removed from its sheet. */
	if (!from || !to || (from != e && to != e))
		return STORE_NOT_FOUND;
	/* The link is the following element's: from the sheet of the one it follows, only
	 * who may edit the follower removes it. */
	if (!web_may_edit_element(rq, to->id)) {
		diag_add(d, NULL, 0, "%s", _("ce lien appartient à l'élément qui suit : seul son porteur "
		                             "(ou le pilotage) peut le retirer"));
		return STORE_INVALID;
	}
	return store_dependency_remove(rq->store, &v->p, from, to, d);
}

static store_result add_milestone_dependency(web_request *rq, const risk_view *v,
                                             const plan_element *e, dependency_state *st,
                                             diag_list *d)
{
	st->milestone_to = web_form(rq, "to");
	st->milestone_from = web_form(rq, "from");
	const milestone *to = find_milestone(&v->data, st->milestone_to);
	const milestone *from = find_milestone(&v->data, st->milestone_from);
	if (!to || to->element != e)
		diag_add(d, "to", 0, "%s", _("choisissez un jalon de cet élément"));
	if (!from)
		diag_add(d, "from", 0, "%s", _("choisissez le jalon qu'il suit"));
	store_result r = diag_has_errors(d)
	                     ? STORE_INVALID
	                     : store_milestone_dependency_add(rq->store, &v->p, from->id, to->id, d);
	/* Unnamed refusals (a duplicate) are about the pair: shown at the first field. */
	form_diags_rename(d, "to", "milestone-to", true);
	form_diags_rename(d, "from", "milestone-from", false);
	return r;
}

static store_result remove_milestone_dependency(web_request *rq, const risk_view *v,
                                                const plan_element *e, dependency_state *st,
                                                diag_list *d)
{
	const milestone *from = find_milestone(&v->data, web_form(rq, "from"));
	const milestone *to = find_milestone(&v->data, web_form(rq, "to"));
	if (!from || !to || (from->element != e && to->element != e))
		return STORE_NOT_FOUND;
	if (!web_may_edit_element(rq, to->element->id)) {
		diag_add(d, NULL, 0, "%s", _("ce lien appartient au jalon qui suit : seul le porteur de "
		                             "son élément (ou le pilotage) peut le retirer"));
		return STORE_INVALID;
	}
	return store_milestone_dependency_remove(rq->store, &v->p, from->id, to->id, d);
}

/* A refused addition: 422 with the errors next to the fields (a duplicate, which the
 * store calls a conflict, is an error of the form like the others). */
static void addition_refused(web_request *rq, web_response *rs, const risk_view *v,
                             const plan_element *e, store_result r, dependency_state *st,
                             diag_list *d)
{
	if (r == STORE_NOT_FOUND) {
		page_error(rq, rs, 404, _("Élément introuvable"));
		return;
	}
	if (r == STORE_FAILED) {
		page_error(rq, rs, 500, _("Enregistrement impossible"));
		return;
	}
	if (!diag_has_errors(d))
		diag_add(d, NULL, 0, "%s", r == STORE_CONFLICT ? _("cette dépendance existe déjà")
		                                               : _("dépendance refusée"));
	st->errors = d;
	rs->status = 422;
	dependencies_page(rq, rs, v, e, st);
}

/* The flow of the four dependency POSTs: the CSRF check, the element, the change, then
 * back to the sheet or why not. */
static void change_dependencies(web_request *rq, web_response *rs, dependency_change *change,
                                bool adding)
{
	risk_view v;
	const plan_element *e = view_element(rq, rs, &v, PAGE_TO_CHANGE);
	if (!e)
		return;
	diag_list d;
	diag_init(&d, rq->arena);
	dependency_state st = {0};
	store_result r = change(rq, &v, e, &st, &d);
	if (r == STORE_OK)
		redirect_to_sheet(rq, rs, &v.p, e, adding ? "dependency-added" : "dependency-removed",
		                  "dependances");
	else if (adding)
		addition_refused(rq, rs, &v, e, r, &st, &d);
	else if (r == STORE_NOT_FOUND)
		page_error(rq, rs, 404, _("Dépendance introuvable"));
	else if (r == STORE_INVALID && d.count)
		page_error(rq, rs, 403, d.items[0].message); /* the link is not theirs */
	else
		page_error(rq, rs, 500, _("Suppression impossible"));
}

void page_dependency_add(web_request *rq, web_response *rs)
{
	change_dependencies(rq, rs, add_element_dependency, true);
}

void page_dependency_remove(web_request *rq, web_response *rs)
{
	change_dependencies(rq, rs, remove_element_dependency, false);
}

void page_milestone_dependency_add(web_request *rq, web_response *rs)
{
	change_dependencies(rq, rs, add_milestone_dependency, true);
}

void page_milestone_dependency_remove(web_request *rq, web_response *rs)
{
	change_dependencies(rq, rs, remove_milestone_dependency, false);
}

/* ---- qualification: the form ------------------------------------------------------------------ */

/* What the form shows: keys and score texts, as stored or as submitted. */
typedef struct {
	const char *nature, *type;
	const char **criteria;  /* names, as in the plan's list (or as submitted) */
	const char **scores;    /* "1".."4", or "" */
	size_t count;
	long long version;
} qualification_form;

static qualification_form qualification_from_store(web_request *rq, const steering_data *data,
                                                   const plan_element *e)
{
	const element_qualification *q = find_qualification(data, e);
	qualification_form f = {
		.nature = q && q->nature != PRIORITY_NATURE_UNSET ? priority_nature_key(q->nature) : "",
		.type = q && q->type != PROJECT_TYPE_UNSET ? project_type_key(q->type) : "",
		.count = data->criterion_count,
		.version = q ? (long long)q->version : 0,
	};
	f.criteria = arena_alloc(rq->arena, (f.count + 1) * sizeof(*f.criteria));
	f.scores = arena_alloc(rq->arena, (f.count + 1) * sizeof(*f.scores));
	for (size_t k = 0; k < f.count; k++) {
		f.criteria[k] = data->criteria[k];
		f.scores[k] = level_text(rq, find_score(rq->arena, data, e, data->criteria[k]));
	}
	return f;
}

/* The criteria come back as hidden fields: a list changed meanwhile cannot shift a
 * score onto another criterion. */
static qualification_form qualification_from_request(web_request *rq)
{
	qualification_form f = {
		.nature = web_form(rq, "nature"), .type = web_form(rq, "type"),
		.version = atoll(web_form(rq, "version")),
	};
	size_t n = 0;
	while (web_form_field(rq, arena_printf(rq->arena, "criterion-%zu", n)))
		n++;
	f.count = n;
	f.criteria = arena_alloc(rq->arena, (n + 1) * sizeof(*f.criteria));
	f.scores = arena_alloc(rq->arena, (n + 1) * sizeof(*f.scores));
	for (size_t k = 0; k < n; k++) {
		f.criteria[k] = web_form(rq, arena_printf(rq->arena, "criterion-%zu", k));
		f.scores[k] = web_form(rq, arena_printf(rq->arena, "score-%zu", k));
	}
	return f;
}

/* The nature or type group of the qualification form: the fieldset's id is the field's,
 * where the summary links. */
static void qualification_group(buf *b, const char *name, const char *legend,
                                const form_choice *choices, size_t n, const char *chosen,
                                const diag_list *d)
{
	form_radio_group(b, &(form_field){.id = name, .label = legend, .value = chosen,
	                                  .error = form_error_of(d, name),
	                                  .attributes = " class=\"radios\""},
	                 choices, n);
}

static void qualification_page(web_request *rq, web_response *rs, const risk_view *v,
                               const plan_element *e, const qualification_form *f,
                               const diag_list *d, bool conflict)
{
	buf *b = &rs->body;
	const char *title = arena_printf(rq->arena, _("Qualification de %s"), e->code);
	html_page_begin(rq, rs, title);
	plan_view_breadcrumb(rq, b, &v->p, e);
	html_printf(b, "<h1>%s</h1>\n<p><span class=\"code\">%s</span> %s</p>\n", title, e->code,
	            e->title);
	if (conflict) {
		const element_qualification *q = find_qualification(&v->data, e);
		form_conflict_begin(b, _("Quelqu'un a enregistré la qualification de cet élément depuis "
		                         "que vous l'avez ouverte. Votre saisie n'a pas été enregistrée : "
		                         "elle est reprise ci-dessous. Enregistrez-la pour remplacer la "
		                         "version enregistrée, ou annulez."));
		html_printf(b, "<dl class=\"fields\"><dt>%s</dt>\n<dd>%s</dd>\n<dt>%s</dt>\n<dd>%s</dd>",
		            _("Nature enregistrée"),
		            priority_nature_label(q ? q->nature : PRIORITY_NATURE_UNSET),
		            _("Type enregistré"), project_type_label(q ? q->type : PROJECT_TYPE_UNSET));
		for (size_t k = 0; k < v->data.criterion_count; k++)
			html_printf(b, "<dt>%s</dt>\n<dd>%s</dd>", v->data.criteria[k],
			            score_text(rq, find_score(rq->arena, &v->data, e, v->data.criteria[k])));
		html_printf(b, "</dl></div>\n");
	}
	form_error_summary(b, d, NULL);
	html_printf(b, "<form method=\"post\" action=\"%s/qualification\" novalidate>\n",
	            sheet_url(rq, &v->p, e));
	html_csrf_field(rq, b);
	html_printf(b, "<input type=\"hidden\" name=\"version\" value=\"%lld\">\n", f->version);

	/* The unset nature and type have no key: their value is "". */
	form_choice natures[PRIORITY_NATURE_COUNT];
	for (int n = 0; n < PRIORITY_NATURE_COUNT; n++) {
		const char *key = priority_nature_key((priority_nature)n);
		natures[n] = (form_choice){.value = key ? key : "",
		                           .label = priority_nature_label((priority_nature)n)};
	}
	qualification_group(b, "nature", _("Nature"), natures, PRIORITY_NATURE_COUNT, f->nature, d);
	form_choice types[PROJECT_TYPE_COUNT];
	for (int t = 0; t < PROJECT_TYPE_COUNT; t++) {
		const char *key = project_type_key((project_type)t);
		types[t] = (form_choice){.value = key ? key : "",
		                         .label = project_type_label((project_type)t)};
	}
	qualification_group(b, "type", _("Type de projet"), types, PROJECT_TYPE_COUNT, f->type, d);

	const char *scores_error = form_error_of(d, "scores");
	html_printf(b, "<fieldset id=\"scores\" aria-describedby=\"scores-hint%r\">\n<legend>%s</legend>\n"
	               "<p class=\"hint\" id=\"scores-hint\">%s</p>\n",
	            scores_error ? " scores-error" : "", _("Notes sur les critères du plan"),
	            _("De 1 (faible) à 4 (fort) ; « non noté » quand le critère n'a pas été évalué. "
	              "Les critères se règlent dans les paramètres du plan."));
	if (scores_error)
		html_printf(b, "<p class=\"error-message\" id=\"scores-error\">%s</p>\n", scores_error);
	if (!f->count)
		html_printf(b, "<p>%s</p>\n", _("Le plan n'a pas de critère de qualification."));
	form_choice c[5] = {{.value = "", .label = _("non noté")}, {.value = "1", .label = "1"},
	                    {.value = "2", .label = "2"}, {.value = "3", .label = "3"},
	                    {.value = "4", .label = "4"}};
	for (size_t k = 0; k < f->count; k++) {
		char *id = arena_printf(rq->arena, "score-%zu", k);
		html_printf(b, "<input type=\"hidden\" name=\"criterion-%zu\" value=\"%s\">\n", k,
		            f->criteria[k]);
		form_select(b, &(form_field){.id = id, .label = f->criteria[k], .value = f->scores[k]},
		            c, 5);
	}
	html_printf(b, "</fieldset>\n<button type=\"submit\">%s</button> <a href=\"%s#qualification\">%s</a>\n"
	               "</form>\n",
	            _("Enregistrer"), sheet_url(rq, &v->p, e), _("Annuler"));
	html_page_end(rq, rs);
}

void page_qualification_edit(web_request *rq, web_response *rs)
{
	risk_view v;
	const plan_element *e = view_element(rq, rs, &v, PAGE_TO_READ);
	if (!e)
		return;
	qualification_form f = qualification_from_store(rq, &v.data, e);
	qualification_page(rq, rs, &v, e, &f, NULL, false);
}

void page_qualification_save(web_request *rq, web_response *rs)
{
	risk_view v;
	const plan_element *e = view_element(rq, rs, &v, PAGE_TO_CHANGE);
	if (!e)
		return;
	diag_list d;
	diag_init(&d, rq->arena);
	qualification_form f = qualification_from_request(rq);
	element_qualification q = {.element = e};
	if (!priority_nature_parse(f.nature, &q.nature))
		diag_add(&d, "nature", 0, "%s", _("choisissez une nature de la liste"));
	if (!project_type_parse(f.type, &q.type))
		diag_add(&d, "type", 0, "%s", _("choisissez un type de la liste"));
	element_score *scores = arena_alloc(rq->arena, (f.count + 1) * sizeof(*scores));
	size_t n = 0;
	for (size_t k = 0; k < f.count; k++) {
		const char *text = text_trim(rq->arena, f.scores[k]);
		if (!*text)
			continue;
		char *end;
		long score = strtol(text, &end, 10);
		if (*end || score < 1 || score > 4) {
			diag_add(&d, "scores", 0, _("la note de « %s » doit aller de 1 à 4"), f.criteria[k]);
			continue;
		}
		scores[n++] = (element_score){.element = e, .criterion = f.criteria[k], .score = (int)score};
	}
	store_result r = diag_has_errors(&d)
	                     ? STORE_INVALID
	                     : store_qualification_set(rq->store, &v.p, &q, scores, n, f.version, &d);
	switch (r) {
	case STORE_OK:
		redirect_to_sheet(rq, rs, &v.p, e, "qualification-saved", "qualification");
		return;
	case STORE_CONFLICT: {
		risk_view now;
		const plan_element *still = view_element(rq, rs, &now, PAGE_TO_READ);
		if (!still)
			return;
		const element_qualification *stored = find_qualification(&now.data, still);
		f.version = stored ? (long long)stored->version : 0;
		rs->status = 409;
		qualification_page(rq, rs, &now, still, &f, NULL, true);
		return;
	}
	case STORE_NOT_FOUND:
		page_error(rq, rs, 404, _("Élément introuvable"));
		return;
	case STORE_FAILED:
		page_error(rq, rs, 500, _("Enregistrement impossible"));
		return;
	default:
		rs->status = 422;
		qualification_page(rq, rs, &v, e, &f, &d, false);
	}
}

/* ---- the plan's lists (settings page) ----------------------------------------------------------- */

static const struct {
	plan_list which;
	const char *key;     /* the form's `list` value and the textarea's id suffix */
	const char *label, *button, *hint;
} plan_lists[] = {
	{PLAN_LIST_FUNDING_SOURCES, "funding-sources", N_("Sources de financement"),
	 N_("Enregistrer les sources de financement"),
	 N_("Une par ligne. Une source utilisée par une ligne budgétaire ne peut pas être retirée.")},
	{PLAN_LIST_PHASES, "phases", N_("Phases"), N_("Enregistrer les phases"),
	 N_("Une par ligne, dans l'ordre du projet. Une phase où se trouve un élément ne peut pas "
	    "être retirée.")},
	{PLAN_LIST_CRITERIA, "criteria", N_("Critères de qualification"),
	 N_("Enregistrer les critères"),
	 N_("Un par ligne. Un critère sur lequel un élément est noté ne peut pas être retiré.")},
	{PLAN_LIST_FAMILIES, "indicator-families", N_("Familles d'indicateurs"),
	 N_("Enregistrer les familles d'indicateurs"),
	 N_("Une par ligne. Une famille à laquelle appartient un indicateur ne peut pas être "
	    "retirée.")},
};
#define PLAN_LIST_COUNT (sizeof(plan_lists) / sizeof(plan_lists[0]))

/* A refused list: which, what was typed, and why (diags renamed to the textarea). */
struct page_lists_state {
	size_t index;
	const char *typed;
	diag_list *errors;
};

void page_plan_lists_summary(web_request *rq, buf *b, const page_lists_state *st)
{
	const char *notice = web_query(rq, "notice");
	if (!st && notice && strcmp(notice, "list-saved") == 0)
		html_notice(b, _("Liste enregistrée."));
	if (st)
		form_error_summary(b, st->errors, NULL);
}

static char *join_lines(arena *a, const char *const *names, size_t n)
{
	buf j = {0};
	for (size_t i = 0; i < n; i++) {
		buf_puts(&j, names[i]);
		buf_putc(&j, '\n');
	}
	char *s = arena_strdup(a, j.data ? j.data : "");
	buf_free(&j);
	return s;
}

void page_plan_lists_section(web_request *rq, buf *b, const plan *p, const page_lists_state *st)
{
	steering_data data;
	diag_list d;
	diag_init(&d, rq->arena);
	if (!store_steering_load(rq->store, rq->arena, p, &data, &d))
		memset(&data, 0, sizeof(data));
	const char **families = NULL;
	size_t family_count = 0;
	if (!store_indicator_families_load(rq->store, rq->arena, p, &families, &family_count, &d))
		family_count = 0;
	const char *const *current[PLAN_LIST_COUNT] = {data.funding_sources, data.phases, data.criteria,
	                                               families};
	size_t counts[PLAN_LIST_COUNT] = {data.funding_source_count, data.phase_count,
	                                  data.criterion_count, family_count};
	html_printf(b, "<h2 id=\"lists\">%s</h2>\n<p>%s</p>\n", _("Listes du plan"),
	            _("Les valeurs proposées dans les formulaires du plan. Chaque liste s'enregistre "
	              "à part."));
	for (size_t i = 0; i < PLAN_LIST_COUNT; i++) {
		bool refused = st && st->index == i;
		const char *id = arena_printf(rq->arena, "names-%s", plan_lists[i].key);
		html_printf(b, "<form class=\"list-editor\" method=\"post\" action=\"/plans/%u/settings/lists\" novalidate>\n",
		            p->slug);
		html_csrf_field(rq, b);
		html_printf(b, "<input type=\"hidden\" name=\"list\" value=\"%s\">\n", plan_lists[i].key);
		const char *value = refused ? st->typed : join_lines(rq->arena, current[i], counts[i]);
		/* Every name in sight, and a free line to add one. */
		int rows = 2;
		for (const char *c = value; *c && rows < 30; c++)
			rows += *c == '\n';
		form_textarea(b, &(form_field){.id = id, .name = "names", .label = _(plan_lists[i].label),
		                               .hint = _(plan_lists[i].hint), .value = value,
		                               .error = refused ? form_error_of(st->errors, id) : NULL,
		                               .attributes = arena_printf(rq->arena, " rows=\"%d\"",
		                                                          rows < 5 ? 5 : rows)});
		html_printf(b, "<button type=\"submit\" class=\"secondary\">%s</button>\n</form>\n",
		            _(plan_lists[i].button));
	}
}

void page_plan_lists_save(web_request *rq, web_response *rs)
{
	if (page_refuse_without_csrf(rq, rs))
		return;
	plan p;
	if (!page_load_plan(rq, rs, &p))
		return;
	const char *key = web_form(rq, "list");
	size_t i = 0;
	while (i < PLAN_LIST_COUNT && strcmp(plan_lists[i].key, key) != 0)
		i++;
	if (i == PLAN_LIST_COUNT) {
		page_error(rq, rs, 400, _("Liste inconnue"));
		return;
	}
	/* One name per line; blank lines are only spacing. */
	const char *typed = web_form(rq, "names");
	char **lines;
	size_t line_count = text_split(rq->arena, typed, '\n', &lines);
	const char **names = arena_alloc(rq->arena, (line_count + 1) * sizeof(*names));
	size_t n = 0;
	for (size_t k = 0; k < line_count; k++) {
		const char *name = text_trim(rq->arena, lines[k]);
		if (*name)
			names[n++] = name;
	}
	diag_list *d = arena_alloc(rq->arena, sizeof(*d));
	diag_init(d, rq->arena);
	store_result r = store_plan_list_set(rq->store, &p, plan_lists[i].which, names, n, d);
	if (r == STORE_OK) {
		web_redirect(rq, rs, arena_printf(rq->arena, "/plans/%s/settings?notice=list-saved#names-%s",
		                                  p.slug, plan_lists[i].key));
		return;
	}
	if (r == STORE_FAILED) {
		page_error(rq, rs, 500, _("Enregistrement impossible"));
		return;
	}
	if (!diag_has_errors(d))
		diag_add(d, NULL, 0, "%s", _("liste refusée"));
	const char *id = arena_printf(rq->arena, "names-%s", plan_lists[i].key);
	form_diags_rename(d, "names", id, true);
	page_lists_state st = {.index = i, .typed = typed, .errors = d};
	rs->status = 422;
	page_plan_settings_render(rq, rs, &p, &st);
}
