/*
 * pages_versions.c — the plan's own life in the browser: its versions page (status
 * with the workflow's next steps as forms, the adoption record, the chain of versions,
 * the revision form, the comparison form), the comparison of two versions, and the
 * SWOT tables (the plan's and its elements', each a 2×2 table) with their edit form.
 *
 * Rules live in store/version_store.c, store/swot_store.c and core/plan_compare.c.
 * Refused forms are rendered again with the user's values, each message next to its
 * field and in a summary at the top (form.h); a SWOT table saved by someone else in
 * between is a 409 that keeps the user's text. Everything works without script and
 * prints: the SWOT grid is a real table (rows: internal, external origin; columns:
 * helpful, harmful), so it keeps its shape on paper and for screen readers.
 */
#include <stdlib.h>
#include <string.h>

#include "core/plan_compare.h"
#include "core/swot.h"
#include "store/plan_store.h"
#include "store/swot_store.h"
#include "store/version_store.h"
#include "util/i18n.h"
#include "util/text.h"
#include "web/form.h"
#include "web/auth.h"
#include "web/html.h"
#include "web/pages.h"
#include "web/plan_view.h"

/* ---- shared --------------------------------------------------------------------------- */

/* Load rq->params[0]; a change first needs a valid CSRF token (403). */
static bool plan_load(web_request *rq, web_response *rs, plan *p, page_use use)
{
	if (use == PAGE_TO_CHANGE && page_refuse_without_csrf(rq, rs))
		return false;
	return page_load_plan(rq, rs, p);
}

static const char *notice_text(const char *key)
{
	static const html_notice_entry notices[] = {
		{"status", N_("Statut du plan modifié.")},
		{"revised", N_("Nouvelle version créée, en brouillon : c'est ce plan.")},
		{"swot-saved", N_("Tableau SWOT enregistré.")},
	};
	return html_notice_find(notices, sizeof(notices) / sizeof(notices[0]), key);
}

static void page_head(web_request *rq, web_response *rs, const plan *p, const char *title)
{
	buf *b = &rs->body;
	html_page_begin(rq, rs, arena_printf(rq->arena, "%s — %s", title, p->title));
	plan_view_breadcrumb(rq, b, p, NULL);
	page_steering_nav(b, p, "versions");
	html_printf(b, "<h1>%s <span class=\"sub\">%s</span></h1>\n", title, p->title);
	html_notice(b, notice_text(web_query(rq, "notice")));
}

/* ---- the versions page ---------------------------------------------------------------- */

/* What the status and revision forms hold when the page is rendered again after a
 * refusal: the values typed, and the problems by field. */
typedef struct {
	const char *status;      /* the status asked for ("" when none) */
	const char *adopted_on, *adopted_by, *deliberation_number;
	const char *votes_for, *votes_against, *abstentions;
	const char *slug;        /* of the revision form */
	diag_list *status_diags; /* problems of the status form */
	diag_list *revise_diags; /* problems of the revision form */
} versions_form;

static void adoption_record(web_request *rq, buf *b, const plan *p)
{
	const plan_adoption *r = &p->adoption;
	if (!r->recorded) {
		html_printf(b, "<p>%s</p>\n", _("Adoption : non renseignée."));
		return;
	}
	html_printf(b, "<dl class=\"fields\"><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd>"
	               "<dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd></dl>\n",
	            _("Adopté le"), html_date_shown(rq->arena, r->date),
	            _("Par"), r->body ? r->body : "—",
	            _("Délibération"), r->number ? r->number : "—",
	            _("Votes"),
	            arena_printf(rq->arena, _("%d pour, %d contre, %d abstentions"), r->votes_for,
	                         r->votes_against, r->abstentions));
}

/* One form per allowed next status; the adoption form carries the record's fields. */
static void status_forms(web_request *rq, buf *b, const plan *p, const versions_form *f)
{
	plan_status next[PLAN_STATUS_COUNT];
	size_t n = plan_transitions_from(p->status, next);
	if (n == 0) {
		html_printf(b, "<p>%s</p>\n", _("Le plan est clos : son statut ne change plus."));
		return;
	}
	for (size_t i = 0; i < n; i++) {
		const char *key = plan_status_key(next[i]);
		bool refused = f->status && strcmp(f->status, key) == 0;
		const diag_list *d = refused ? f->status_diags : NULL;
		html_printf(b, "<form class=\"status-form\" method=\"post\" action=\"/plans/%u/status\" "
		               "novalidate>\n",
		            p->slug);
		html_csrf_field(rq, b);
		html_printf(b, "<input type=\"hidden\" name=\"status\" value=\"%s\">\n", key);
		if (next[i] == PLAN_STATUS_ADOPTED) {
			html_printf(b, "<fieldset><legend>%s</legend>\n", _("Délibération d'adoption"));
			form_input(b, &(form_field){.id = "adopted_on", .label = _("Date de la délibération"),
			                            .hint = _("Obligatoire, par exemple 12/03/2026."),
			                            .type = "date",
			                            .value = refused ? f->adopted_on : NULL,
			                            .error = form_error_of(d, "adopted_on")});
			form_text_field(b, "adopted_by", _("Instance qui a délibéré"),
			                _("Obligatoire, par exemple « Conseil d'administration »."),
			                refused ? f->adopted_by : NULL, d);
			form_text_field(b, "deliberation_number", _("Numéro de délibération"), NULL,
			                refused ? f->deliberation_number : NULL, d);
			static const char *const votes[] = {"votes_for", "votes_against", "abstentions"};
			const char *labels[] = {_("Voix pour"), _("Voix contre"), _("Abstentions")};
			const char *values[] = {f->votes_for, f->votes_against, f->abstentions};
			for (int k = 0; k < 3; k++)
				form_input(b, &(form_field){.id = votes[k], .label = labels[k], .type = "number",
				                            .attributes = " min=\"0\" inputmode=\"numeric\"",
				                            .value = refused ? values[k] : NULL,
				                            .error = form_error_of(d, votes[k])});
			html_printf(b, "</fieldset>\n");
		}
		html_printf(b, "<button type=\"submit\">%s</button>\n</form>\n",
		            arena_printf(rq->arena, _("Passer à « %s »"), plan_status_label(next[i])));
	}
}

static void versions_table(web_request *rq, buf *b, const plan_version *v, size_t n,
                           size_t current)
{
	html_printf(b, "<table class=\"versions\">\n<caption>%s</caption>\n<thead><tr>"
	               "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
	               "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
	            _("Versions du plan, de la plus ancienne à la plus récente"), _("Version"),
	            _("Plan"), _("Statut"), _("Adopté le"), _("Comparer"));
	for (size_t i = 0; i < n; i++) {
		html_printf(b, "<tr><th scope=\"row\">%s</th><td>", v[i].version_label ? v[i].version_label
		                                                                        : "—");
		if (i == current)
			html_printf(b, "<a href=\"/plans/%u\" aria-current=\"page\">%s</a> (%s)", v[i].slug,
			            v[i].title, _("ce plan"));
		else
			html_printf(b, "<a href=\"/plans/%u/versions\">%s</a>", v[i].slug, v[i].title);
		html_printf(b, " <span class=\"code\">%s</span></td><td>%s</td><td>%s</td><td>",
		            v[i].slug, plan_status_label(v[i].status), html_date_shown(rq->arena, v[i].adopted_on));
		if (i != current)
			html_printf(b, "<a href=\"/plans/%u/compare?with=%u\">%s</a>", v[current].slug,
			            v[i].slug, arena_printf(rq->arena, _("avec %s"), v[i].slug));
		html_printf(b, "</td></tr>\n");
	}
	html_printf(b, "</tbody></table>\n");
}

static void revise_form(web_request *rq, buf *b, const plan *p, const versions_form *f)
{
	html_printf(b, "<section aria-labelledby=\"reviser\"><h2 id=\"reviser\">%s</h2>\n",
	            _("Réviser le plan"));
	if (p->status != PLAN_STATUS_ADOPTED) {
		html_printf(b, "<p>%s</p></section>\n",
		            _("Seul un plan adopté peut être révisé. La révision crée une nouvelle version "
		              "en brouillon, copie de celle-ci ; ce plan passe « en révision »."));
		return;
	}
	html_printf(b, "<p>%s</p>\n",
	            _("La révision crée une nouvelle version en brouillon, copie de ce plan (éléments, "
	              "jalons, budget, risques, indicateurs et cibles, SWOT ; pas les mesures ni les "
	              "séances). Ce plan passe « en révision », et sera clos quand la nouvelle version "
	              "sera adoptée."));
	form_error_summary(b, f->revise_diags, NULL);
	html_printf(b, "<form method=\"post\" action=\"/plans/%u/revise\" novalidate>\n", p->slug);
	html_csrf_field(rq, b);
	form_text_field(b, "slug", _("Identifiant de la nouvelle version"),
	                _("Facultatif : lettres minuscules sans accent, chiffres et tirets. Par "
	                  "défaut, l'identifiant de ce plan suivi de « -v2 », « -v3 »…"),
	                f->slug, f->revise_diags);
	html_printf(b, "<button type=\"submit\">%s</button>\n</form></section>\n",
	            _("Réviser le plan"));
}

/* The compare form: another plan, the previous version first (else the next). */
static void compare_form(web_request *rq, buf *b, const plan *p, const plan_version *v,
                         size_t n, size_t current)
{
	plan_summary *plans = NULL;
	size_t count = 0;
	diag_list d;
	diag_init(&d, rq->arena);
	if (!store_plan_list(rq->store, rq->arena, &plans, &count, &d) ||
	    !web_plans_readable(rq, plans, &count))
		count = 0;
	const char *chosen = current > 0 ? v[current - 1].slug : current + 1 < n ? v[current + 1].slug
	                                                                         : NULL;
	html_printf(b, "<section aria-labelledby=\"comparer\"><h2 id=\"comparer\">%s</h2>\n",
	            _("Comparer avec un autre plan"));
	if (count < 2) {
		html_printf(b, "<p>%s</p></section>\n", _("Aucun autre plan à comparer."));
		return;
	}
	html_printf(b, "<form method=\"get\" action=\"/plans/%u/compare\">\n"
	               "<div class=\"field\"><label for=\"with\">%s</label>"
	               "<select id=\"with\" name=\"with\">\n",
	            p->slug, _("Plan à comparer"));
	for (size_t i = 0; i < count; i++) {
		if (plans[i].id == p->id)
			continue;
		html_printf(b, "<option value=\"%s\"%r>%s (%s%r%s)</option>\n", plans[i].slug,
		            chosen && strcmp(chosen, plans[i].slug) == 0 ? " selected" : "",
		            plans[i].title, plans[i].slug, plans[i].version_label ? ", " : "",
		            plans[i].version_label ? plans[i].version_label : "");
	}
	html_printf(b, "</select></div>\n<button type=\"submit\">%s</button>\n</form></section>\n",
	            _("Comparer"));
}

static void versions_page(web_request *rq, web_response *rs, const plan *p,
                          const versions_form *f)
{
	buf *b = &rs->body;
	diag_list d;
	diag_init(&d, rq->arena);
	plan_version *v = NULL;
	size_t n = 0, current = 0;
	if (!store_plan_versions(rq->store, rq->arena, p, &v, &n, &current, &d)) {
		page_error(rq, rs, 500, _("La base de données ne répond pas"));
		return;
	}
	page_head(rq, rs, p, _("Versions et SWOT"));
	form_error_summary(b, f->status_diags, NULL);
	html_printf(b, "<section aria-labelledby=\"statut\"><h2 id=\"statut\">%s</h2>\n",
	            _("Statut et adoption"));
	html_printf(b, "<p>%s <strong>%s</strong>", _("Statut actuel :"), plan_status_label(p->status));
	if (p->version_label)
		html_printf(b, " — %s %s", _("version"), p->version_label);
	html_printf(b, "</p>\n");
	adoption_record(rq, b, p);
	/* Changing the status and revising are steering's (router.c): the forms only for
	 * who may use them. */
	bool steer = web_may_steer(rq);
	if (steer) {
		html_printf(b, "<h3>%s</h3>\n<p>%s</p>\n", _("Étapes suivantes"),
		            _("Circuit : brouillon → en consultation → adopté → en révision → clos ; retour "
		              "possible de la consultation au brouillon, et d'une révision abandonnée à "
		              "adopté."));
		status_forms(rq, b, p, f);
	}
	html_printf(b, "</section>\n<section aria-labelledby=\"chaine\"><h2 id=\"chaine\">%s</h2>\n",
	            _("Versions"));
	versions_table(rq, b, v, n, current);
	html_printf(b, "</section>\n");
	if (steer)
		revise_form(rq, b, p, f);
	compare_form(rq, b, p, v, n, current);
	html_printf(b, "<section aria-labelledby=\"swot\"><h2 id=\"swot\">%s</h2>\n"
	               "<p><a href=\"/plans/%u/swot\">%s</a></p></section>\n",
	            _("SWOT"), p->slug, _("Tableaux SWOT du plan et de ses éléments"));
	html_page_end(rq, rs);
}

void page_versions(web_request *rq, web_response *rs)
{
	plan p;
	if (!plan_load(rq, rs, &p, PAGE_TO_READ))
		return;
	versions_form f = {0};
	versions_page(rq, rs, &p, &f);
}

/* A whole number of votes, or "" for 0; a diag on `field` otherwise. */
static int votes_parse(const char *text, const char *field, diag_list *d)
{
	if (!*text)
		return 0;
	char *end;
	long v = strtol(text, &end, 10);
	if (*end || v < 0 || v > 100000) {
		diag_add(d, field, 0, _("« %s » n'est pas un nombre de voix (un entier positif)"), text);
		return 0;
	}
	return (int)v;
}

void page_version_status_save(web_request *rq, web_response *rs)
{
	plan p;
	if (!plan_load(rq, rs, &p, PAGE_TO_CHANGE))
		return;
	diag_list d;
	diag_init(&d, rq->arena);
	versions_form f = {
		.status = web_form(rq, "status"),
		.adopted_on = web_form(rq, "adopted_on"),
		.adopted_by = text_trim(rq->arena, web_form(rq, "adopted_by")),
		.deliberation_number = text_trim(rq->arena, web_form(rq, "deliberation_number")),
		.votes_for = web_form(rq, "votes_for"),
		.votes_against = web_form(rq, "votes_against"),
		.abstentions = web_form(rq, "abstentions"),
		.status_diags = &d,
	};
	plan_status to;
	if (!plan_status_parse(f.status, &to)) {
		page_error(rq, rs, 400, _("Statut inconnu"));
		return;
	}
	plan_adoption record = {.recorded = true, .body = f.adopted_by,
	                        .number = *f.deliberation_number ? f.deliberation_number : NULL};
	const char *why;
	if (*f.adopted_on && !date_parse(f.adopted_on, &record.date, &why))
		diag_add(&d, "adopted_on", 0, _("date invalide « %s » : %s"), f.adopted_on, why);
	record.votes_for = votes_parse(f.votes_for, "votes_for", &d);
	record.votes_against = votes_parse(f.votes_against, "votes_against", &d);
	record.abstentions = votes_parse(f.abstentions, "abstentions", &d);
	store_result r = diag_has_errors(&d)
	                 ? STORE_INVALID
	                 : store_plan_set_status(rq->store, &p, to, &record, &d);
	if (r == STORE_OK) {
		web_redirect(rq, rs, arena_printf(rq->arena, "/plans/%s/versions?notice=status", p.slug));
		return;
	}
	if (r == STORE_FAILED) {
		page_error(rq, rs, 500, _("Enregistrement impossible"));
		return;
	}
	/* The status field is hidden: its message goes to the summary alone; the votes'
	 * message goes next to the first of the three. */
	form_diags_rename(&d, "status", NULL, false);
	form_diags_rename(&d, "votes", "votes_for", false);
	/* After a conflict, the page shows the status as it is now. */
	if (r == STORE_CONFLICT && !page_load_plan(rq, rs, &p))
		return;
	rs->status = r == STORE_CONFLICT ? 409 : 422;
	versions_page(rq, rs, &p, &f);
}

void page_version_revise(web_request *rq, web_response *rs)
{
	plan p;
	if (!plan_load(rq, rs, &p, PAGE_TO_CHANGE))
		return;
	diag_list d;
	diag_init(&d, rq->arena);
	versions_form f = {.slug = text_trim(rq->arena, web_form(rq, "slug")), .revise_diags = &d};
	const char *created = NULL;
	store_result r = store_plan_revise(rq->store, rq->arena, &p, f.slug, &created, &d);
	if (r == STORE_OK) {
		web_redirect(rq, rs, arena_printf(rq->arena, "/plans/%s/versions?notice=revised", created));
		return;
	}
	if (r == STORE_FAILED) {
		page_error(rq, rs, 500, _("Enregistrement impossible"));
		return;
	}
	/* Not adopted (any more): the message goes to the top, the revision form may be
	 * gone. */
	for (size_t i = 0; i < d.count; i++) {
		if (d.items[i].file && strcmp(d.items[i].file, "status") == 0) {
			f.status_diags = &d;
			f.revise_diags = NULL;
			(void)page_load_plan(rq, rs, &p);
			break;
		}
	}
	form_diags_rename(&d, "status", NULL, false);
	rs->status = 422;
	versions_page(rq, rs, &p, &f);
}

/* ---- the comparison ------------------------------------------------------------------- */

static void element_cells(buf *b, const plan *p, const plan_element *e)
{
	html_printf(b, "<th scope=\"row\"><a href=\"/plans/%u/elements/%lld\">%s</a></th>"
	               "<td>%s</td><td>%s</td><td>%s</td>",
	            p->slug, (long long)e->id, e->code, e->title, e->level,
	            e->parent ? e->parent->code : "—");
}

/* A section of the comparison: its heading with the count, and "Aucun." closing it when
 * there is nothing to list; true when the caller lists something. */
static bool comparison_section_begin(buf *b, const char *id, const char *title, size_t n)
{
	html_printf(b, "<section aria-labelledby=\"%s\"><h2 id=\"%s\">%s (%zu)</h2>\n", id, id, title, n);
	if (n == 0)
		html_printf(b, "<p>%s</p></section>\n", _("Aucun."));
	return n > 0;
}

static void element_table(web_request *rq, buf *b, const char *id, const char *title,
                          const plan *p, const plan_element *const *items, size_t n)
{
	if (!comparison_section_begin(b, id, title, n))
		return;
	html_printf(b, "<table>\n<caption>%s</caption>\n<thead><tr><th scope=\"col\">%s</th>"
	               "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
	               "</tr></thead>\n<tbody>\n",
	            title, _("Code"), _("Intitulé"), _("Niveau"), _("Parent"));
	for (size_t i = 0; i < n; i++) {
		html_printf(b, "<tr>");
		element_cells(b, p, items[i]);
		html_printf(b, "</tr>\n");
	}
	html_printf(b, "</tbody></table></section>\n");
	(void)rq;
}

static void moved_table(buf *b, const plan *to, const plan_comparison *c)
{
	if (!comparison_section_begin(b, "deplaces", _("Éléments déplacés"), c->moved_count))
		return;
	html_printf(b, "<table>\n<caption>%s</caption>\n<thead><tr><th scope=\"col\">%s</th>"
	               "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
	               "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
	            _("Éléments déplacés"), _("Code"), _("Intitulé"), _("Parent avant"),
	            _("Parent après"), _("Niveau avant"), _("Niveau après"));
	for (size_t i = 0; i < c->diff_count; i++) {
		const plan_element_diff *x = &c->diffs[i];
		if (!x->moved)
			continue;
		html_printf(b, "<tr><th scope=\"row\"><a href=\"/plans/%u/elements/%lld\">%s</a></th>"
		               "<td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>\n",
		            to->slug, (long long)x->new_element->id, x->new_element->code,
		            x->new_element->title, x->old_parent ? x->old_parent : _("(racine)"),
		            x->new_parent ? x->new_parent : _("(racine)"), x->old_element->level,
		            x->new_element->level);
	}
	html_printf(b, "</tbody></table></section>\n");
}

static void changed_table(web_request *rq, buf *b, const plan *to, const plan_comparison *c)
{
	if (!comparison_section_begin(b, "modifies", _("Éléments modifiés"), c->changed_count))
		return;
	html_printf(b, "<table>\n<caption>%s</caption>\n<thead><tr><th scope=\"col\">%s</th>"
	               "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
	               "</tr></thead>\n<tbody>\n",
	            _("Éléments modifiés, champ par champ"), _("Élément"), _("Champ"), _("Avant"),
	            _("Après"));
	for (size_t i = 0; i < c->diff_count; i++) {
		const plan_element_diff *x = &c->diffs[i];
		for (size_t k = 0; k < x->change_count; k++) {
			const plan_field_change *f = &x->changes[k];
			html_printf(b, "<tr><th scope=\"row\"><a href=\"/plans/%u/elements/%lld\">%s</a></th>"
			               "<td>%s</td><td>%s</td><td>%s</td></tr>\n",
			            to->slug, (long long)x->new_element->id, x->new_element->code,
			            plan_compare_field_label(f),
			            plan_compare_value_text(rq->arena, f, f->old_value),
			            plan_compare_value_text(rq->arena, f, f->new_value));
		}
	}
	html_printf(b, "</tbody></table></section>\n");
}

void page_compare(web_request *rq, web_response *rs)
{
	plan p, other;
	if (!plan_load(rq, rs, &p, PAGE_TO_READ))
		return;
	const char *with = web_query(rq, "with");
	if (!with || !*with) {
		/* Default: the previous version. */
		int64_t previous = store_plan_previous_id(rq->store, p.id);
		if (!previous) {
			page_error(rq, rs, 404, _("Ce plan ne révise aucune version : choisissez le plan à "
			                          "comparer sur la page des versions"));
			return;
		}
		with = arena_printf(rq->arena, "%lld", (long long)previous);
	}
	diag_list d;
	diag_init(&d, rq->arena);
	if (!web_may_read_plan(rq, with) ||
	    !store_plan_load(rq->store, rq->arena, with, &other, &d)) {
		page_error(rq, rs, 404, arena_printf(rq->arena, _("Plan à comparer introuvable « %s »"),
		                                     with));
		return;
	}
	/* The older plan (created first) is the "before". */
	const plan *a = other.id < p.id ? &other : &p, *b_plan = other.id < p.id ? &p : &other;
	plan_comparison c;
	plan_compare(rq->arena, a, b_plan, &c);
	buf *b = &rs->body;
	page_head(rq, rs, &p, _("Comparaison de versions"));
	html_printf(b, "<p>");
	html_printf(b, _("De « %s » (%s, %s) à « %s » (%s, %s)."), a->title, a->slug,
	            a->version_label ? a->version_label : "—", b_plan->title, b_plan->slug,
	            b_plan->version_label ? b_plan->version_label : "—");
	html_printf(b, "</p>\n<h2 id=\"resume\">%s</h2>\n<ul class=\"compare-summary\">"
	               "<li><a href=\"#ajoutes\">%s</a> : %zu</li><li><a href=\"#supprimes\">%s</a> : %zu</li>"
	               "<li><a href=\"#deplaces\">%s</a> : %zu</li><li><a href=\"#modifies\">%s</a> : %zu</li>"
	               "<li>%s : %zu</li></ul>\n",
	            _("En résumé"), _("ajoutés"), c.added_count, _("supprimés"), c.removed_count,
	            _("déplacés"), c.moved_count, _("modifiés"), c.changed_count, _("inchangés"),
	            c.unchanged_count);
	element_table(rq, b, "ajoutes", _("Éléments ajoutés"), b_plan, c.added, c.added_count);
	element_table(rq, b, "supprimes", _("Éléments supprimés"), a, c.removed, c.removed_count);
	moved_table(b, b_plan, &c);
	changed_table(rq, b, b_plan, &c);
	html_printf(b, "<p><a href=\"/plans/%u/versions\">%s</a></p>\n", p.slug,
	            _("Retour aux versions"));
	html_page_end(rq, rs);
}

/* ---- SWOT ----------------------------------------------------------------------------- */

static void quadrant_list(buf *b, const swot_table *t, swot_quadrant q)
{
	if (t->count[q] == 0) {
		html_printf(b, "<p>%s</p>", _("(aucune entrée)"));
		return;
	}
	html_printf(b, "<ul>");
	for (size_t i = 0; i < t->count[q]; i++)
		html_printf(b, "<li>%s</li>", t->entries[q][i]);
	html_printf(b, "</ul>");
}

/* The 2×2 grid: rows internal and external origin, columns helpful and harmful. */
static void swot_grid(buf *b, const swot_table *t, const char *caption)
{
	html_printf(b, "<table class=\"swot\">\n<caption>%s</caption>\n<thead><tr><td></td>"
	               "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
	            caption, _("Favorable"), _("Défavorable"));
	html_printf(b, "<tr><th scope=\"row\">%s</th><td><h3>%s</h3>", _("Origine interne"),
	            _("Forces"));
	quadrant_list(b, t, SWOT_STRENGTHS);
	html_printf(b, "</td><td><h3>%s</h3>", _("Faiblesses"));
	quadrant_list(b, t, SWOT_WEAKNESSES);
	html_printf(b, "</td></tr>\n<tr><th scope=\"row\">%s</th><td><h3>%s</h3>", _("Origine externe"),
	            _("Opportunités"));
	quadrant_list(b, t, SWOT_OPPORTUNITIES);
	html_printf(b, "</td><td><h3>%s</h3>", _("Menaces"));
	quadrant_list(b, t, SWOT_THREATS);
	html_printf(b, "</td></tr>\n</tbody></table>\n");
}

static const char *swot_anchor(arena *a, const swot_table *t)
{
	return t->element_code ? arena_printf(a, "swot-%lld", (long long)t->element_id) : "swot-plan";
}

void page_swot(web_request *rq, web_response *rs)
{
	plan p;
	if (!plan_load(rq, rs, &p, PAGE_TO_READ))
		return;
	diag_list d;
	diag_init(&d, rq->arena);
	swot_table *tables;
	size_t n;
	if (!store_swot_load_all(rq->store, rq->arena, &p, &tables, &n, &d)) {
		page_error(rq, rs, 500, _("La base de données ne répond pas"));
		return;
	}
	buf *b = &rs->body;
	bool steer = web_may_steer(rq);
	page_head(rq, rs, &p, _("SWOT"));
	html_printf(b, "<p>%s</p>\n",
	            _("Forces et faiblesses : ce qui tient à l'établissement ; opportunités et menaces : "
	              "ce qui vient de son environnement."));
	for (size_t i = 0; i < n; i++) {
		const swot_table *t = &tables[i];
		const char *anchor = swot_anchor(rq->arena, t);
		const char *title = t->element_code
		                    ? arena_printf(rq->arena, "%s %s", t->element_code, t->element_title)
		                    : _("Le plan");
		html_printf(b, "<section class=\"swot-table\" aria-labelledby=\"%s\"><h2 id=\"%s\">%s</h2>\n",
		            anchor, anchor, title);
		swot_grid(b, t, arena_printf(rq->arena, _("SWOT : %s"), title));
		if (steer && t->element_code) /* editing a SWOT is steering's (router.c) */
			html_printf(b, "<p><a href=\"/plans/%u/swot/edit?element=%u\">%s</a></p>\n",
			            p.slug, t->element_code,
			            arena_printf(rq->arena, _("Modifier le SWOT de %s"), t->element_code));
		else if (steer)
			html_printf(b, "<p><a href=\"/plans/%u/swot/edit\">%s</a></p>\n", p.slug,
			            _("Modifier le SWOT du plan"));
		html_printf(b, "</section>\n");
	}
	if (steer && p.element_count) {
		html_printf(b, "<form method=\"get\" action=\"/plans/%u/swot/edit\">\n"
		               "<div class=\"field\"><label for=\"element\">%s</label>"
		               "<select id=\"element\" name=\"element\">\n",
		            p.slug, _("Élément dont établir le SWOT"));
		for (size_t i = 0; i < p.element_count; i++)
			html_printf(b, "<option value=\"%s\">%s %s</option>\n", p.ordered[i]->code,
			            p.ordered[i]->code, p.ordered[i]->title);
		html_printf(b, "</select></div>\n<button type=\"submit\">%s</button>\n</form>\n",
		            _("Établir ou modifier"));
	}
	html_page_end(rq, rs);
}

/* The element of ?element= (or the form's field); NULL for the plan; false with a 404
 * sent when the code is unknown. */
static bool swot_element(web_request *rq, web_response *rs, const plan *p, const char *code,
                         const plan_element **out)
{
	*out = NULL;
	if (!code || !*code)
		return true;
	*out = plan_find(p, code);
	if (*out)
		return true;
	page_error(rq, rs, 404, _("Élément introuvable"));
	return false;
}

/* Entries of the plan's (or element's) table as textarea text: one per line. */
static const char *quadrant_text(arena *a, const swot_table *t, swot_quadrant q)
{
	const char *text = "";
	for (size_t i = 0; i < t->count[q]; i++)
		text = arena_printf(a, "%s%s\n", text, t->entries[q][i]);
	return text;
}

static void swot_form_page(web_request *rq, web_response *rs, const plan *p,
                           const plan_element *e, const char *const text[SWOT_QUADRANT_COUNT],
                           int64_t version, const diag_list *d, const swot_table *stored)
{
	buf *b = &rs->body;
	const char *title = e ? arena_printf(rq->arena, _("SWOT de %s"), e->code) : _("SWOT du plan");
	html_page_begin(rq, rs, arena_printf(rq->arena, "%s — %s", title, p->title));
	plan_view_breadcrumb(rq, b, p, e);
	html_printf(b, "<h1>%s</h1>\n", title);
	if (e)
		html_printf(b, "<p><span class=\"code\">%s</span> %s</p>\n", e->code, e->title);
	if (stored) {
		form_conflict_begin(b, _("Quelqu'un a enregistré ce tableau depuis que vous l'avez "
		                         "ouvert. Votre saisie n'a pas été enregistrée : elle est reprise "
		                         "ci-dessous. Enregistrez-la pour remplacer le tableau enregistré, "
		                         "reproduit ici, ou annulez."));
		swot_grid(b, stored, _("Tableau enregistré"));
		html_printf(b, "</div>\n");
	} else {
		form_error_summary(b, d, NULL);
	}
	html_printf(b, "<form method=\"post\" action=\"/plans/%u/swot/edit\" novalidate>\n", p->slug);
	html_csrf_field(rq, b);
	if (e)
		html_printf(b, "<input type=\"hidden\" name=\"element\" value=\"%s\">\n", e->code);
	html_printf(b, "<input type=\"hidden\" name=\"version\" value=\"%lld\">\n", (long long)version);
	static const char *const hints[SWOT_QUADRANT_COUNT] = {
		N_("Atouts internes sur lesquels s'appuyer. Une entrée par ligne."),
		N_("Limites internes à corriger. Une entrée par ligne."),
		N_("Évolutions favorables de l'environnement. Une entrée par ligne."),
		N_("Évolutions défavorables de l'environnement. Une entrée par ligne."),
	};
	static const char *const labels[SWOT_QUADRANT_COUNT] = {
		N_("Forces"), N_("Faiblesses"), N_("Opportunités"), N_("Menaces"),
	};
	for (int q = 0; q < SWOT_QUADRANT_COUNT; q++)
		form_textarea(b, &(form_field){.id = swot_quadrant_key((swot_quadrant)q),
		                               .label = _(labels[q]), .hint = _(hints[q]),
		                               .value = text[q], .attributes = " rows=\"6\"",
		                               .error = form_error_of(d, swot_quadrant_key((swot_quadrant)q))});
	html_printf(b, "<button type=\"submit\">%s</button> <a href=\"/plans/%u/swot\">%s</a>\n</form>\n",
	            _("Enregistrer"), p->slug, _("Annuler"));
	html_page_end(rq, rs);
}

void page_swot_edit(web_request *rq, web_response *rs)
{
	plan p;
	if (!plan_load(rq, rs, &p, PAGE_TO_READ))
		return;
	const plan_element *e;
	if (!swot_element(rq, rs, &p, web_query(rq, "element"), &e))
		return;
	diag_list d;
	diag_init(&d, rq->arena);
	swot_table t;
	if (!store_swot_load(rq->store, rq->arena, &p, e, &t, &d)) {
		page_error(rq, rs, 500, _("La base de données ne répond pas"));
		return;
	}
	const char *text[SWOT_QUADRANT_COUNT];
	for (int q = 0; q < SWOT_QUADRANT_COUNT; q++)
		text[q] = quadrant_text(rq->arena, &t, (swot_quadrant)q);
	swot_form_page(rq, rs, &p, e, text, t.version, NULL, NULL);
}

/* A textarea's lines, trimmed, blank ones dropped. */
static void quadrant_from_text(arena *a, const char *text, swot_table *t, swot_quadrant q)
{
	char **lines;
	size_t n = text_split(a, text, '\n', &lines);
	t->entries[q] = arena_alloc(a, (n ? n : 1) * sizeof(char *));
	for (size_t i = 0; i < n; i++) {
		const char *line = text_trim(a, lines[i]);
		if (*line)
			t->entries[q][t->count[q]++] = line;
	}
}

void page_swot_save(web_request *rq, web_response *rs)
{
	plan p;
	if (!plan_load(rq, rs, &p, PAGE_TO_CHANGE))
		return;
	const plan_element *e;
	if (!swot_element(rq, rs, &p, web_form(rq, "element"), &e))
		return;
	const char *text[SWOT_QUADRANT_COUNT];
	swot_table t = {0};
	for (int q = 0; q < SWOT_QUADRANT_COUNT; q++) {
		/* Browsers send CRLF line ends: the CR goes with the trimming. */
		text[q] = web_form(rq, swot_quadrant_key((swot_quadrant)q));
		quadrant_from_text(rq->arena, text[q], &t, (swot_quadrant)q);
	}
	char *end;
	const char *version_text = web_form(rq, "version");
	long long version = strtoll(version_text, &end, 10);
	if (!*version_text || *end || version < 0)
		version = -1;
	diag_list d;
	diag_init(&d, rq->arena);
	store_result r = store_swot_replace(rq->store, &p, e, &t, version, &d);
	if (r == STORE_OK) {
		web_redirect(rq, rs, arena_printf(rq->arena, "/plans/%s/swot?notice=swot-saved#%s", p.slug,
		                                  e ? arena_printf(rq->arena, "swot-%lld", (long long)e->id)
		                                    : "swot-plan"));
		return;
	}
	if (r == STORE_FAILED) {
		page_error(rq, rs, 500, _("Enregistrement impossible"));
		return;
	}
	swot_table stored;
	bool conflict = r == STORE_CONFLICT &&
	                store_swot_load(rq->store, rq->arena, &p, e, &stored, &d);
	rs->status = r == STORE_CONFLICT ? 409 : 422;
	swot_form_page(rq, rs, &p, e, text, conflict ? stored.version : version, &d,
	               conflict ? &stored : NULL);
}
