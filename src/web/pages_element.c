/*
 * pages_element.c — an element's sheet (fiche), and the forms that create, edit,
 * move and delete elements.
 *
 * Forms validate on the server, keep what the user typed when something is wrong, and
 * say what next to the field (and in a summary at the top that links to it: form.h). Edits
 * carry the version the user saw: if someone saved the element in between, the save
 * is refused with a page showing both versions, from which the user can redo it.
 */
#include <stdlib.h>
#include <string.h>

#include "store/element_store.h"
#include "store/item_restore.h"
#include "store/plan_store.h"
#include "util/i18n.h"
#include "util/money.h"
#include "util/text.h"
#include "web/auth.h"
#include "web/form.h"
#include "web/html.h"
#include "store/change_log.h"
#include "web/pages.h"
#include "web/plan_view.h"

/* ---- loading --------------------------------------------------------------------------- */

/* The plan and the element of the URL, or NULL once an error page answers (403 for a
 * change without a valid CSRF token, 404). */
static plan_element *load_element(web_request *rq, web_response *rs, plan *p, page_use use)
{
	if (use == PAGE_TO_CHANGE && page_refuse_without_csrf(rq, rs))
		return NULL;
	if (!page_load_plan(rq, rs, p))
		return NULL;
	int64_t id = web_id_parse(rq->params[1]);
	plan_element *e = id ? plan_find_id(p, id) : NULL;
	if (!e)
		page_error(rq, rs, 404, _("Élément introuvable"));
	return e;
}

static const char *element_url(web_request *rq, const plan *p, const plan_element *e)
{
	return arena_printf(rq->arena, "/plans/%s/elements/%lld", p->slug, (long long)e->id);
}

/* ---- the sheet ------------------------------------------------------------------------- */

static void field_row(buf *b, const char *label, const char *value)
{
	html_printf(b, "<dt>%s</dt><dd>%s</dd>\n", label, value && *value ? value : "—");
}

static void element_list(buf *b, const plan *p, plan_element *const *items, size_t n)
{
	html_printf(b, "<ul>\n");
	for (size_t i = 0; i < n; i++)
		html_printf(b, "<li><a href=\"/plans/%u/elements/%lld\"><span class=\"code\">%s</span> %s</a>"
		               " <span class=\"level\">(%s)</span></li>\n",
		            p->slug, (long long)items[i]->id, items[i]->code, items[i]->title,
		            items[i]->level);
	html_printf(b, "</ul>\n");
}

static char *join(arena *a, const char *const *items, size_t n, const char *separator)
{
	buf j = {0};
	for (size_t i = 0; i < n; i++) {
		if (i)
			buf_puts(&j, separator);
		buf_puts(&j, items[i]);
	}
	char *s = arena_strdup(a, j.data ? j.data : "");
	buf_free(&j);
	return s;
}

/* The element's history: every journalled change of it and of what it carries
 * (status, milestones, budget lines, risks…), newest first, the latest HISTORY_SHOWN. */
enum { HISTORY_SHOWN = 50 };

/* restore: the subject may edit the element, so its "Rétablir" buttons are shown. */
static void history_section(web_request *rq, buf *b, const plan *p, const plan_element *e,
                            bool restore)
{
	change_entry *items = NULL;
	size_t count = 0;
	diag_list d;
	diag_init(&d, rq->arena);
	html_printf(b, "<h2 id=\"historique\">%s</h2>\n", _("Historique"));
	if (!store_changes_load(rq->store, rq->arena, p->id, NULL, e->id, HISTORY_SHOWN + 1, &items,
	                        &count, &d)) {
		html_printf(b, "<p>%s</p>\n", _("Le journal des changements ne peut pas être lu."));
		return;
	}
	if (count == 0) {
		html_printf(b, "<p>%s</p>\n", _("Aucun changement enregistré depuis son import."));
		return;
	}
	page_changes_table(rq, b, p, "historique", items,
	                   count < HISTORY_SHOWN ? count : HISTORY_SHOWN, restore);
	if (count > HISTORY_SHOWN)
		html_printf(b, "<p>%s</p>\n",
		            _("Seuls les 50 changements les plus récents sont affichés ; l'API donne "
		              "tout l'historique (/api/v1/plans/PLAN/changes?element=N)."));
}

void page_element(web_request *rq, web_response *rs)
{
	plan p;
	plan_element *e = load_element(rq, rs, &p, PAGE_TO_READ);
	if (!e)
		return;
	buf *b = &rs->body;
	html_page_begin(rq, rs, arena_printf(rq->arena, "%s %s", e->code, e->title));
	plan_view_breadcrumb(rq, b, &p, e);
	html_printf(b, "<p class=\"level\">%s</p>\n<h1><span class=\"code\">%s</span> %s</h1>\n",
	            e->level, e->code, e->title);
	const char *notice = web_query(rq, "notice");
	if (notice)
		html_notice(b, page_steering_notice(notice) ? page_steering_notice(notice) :
		               page_risk_notice(notice) ? page_risk_notice(notice) :
		               strcmp(notice, "moved") == 0 ? _("Élément déplacé.") :
		               strcmp(notice, "restored") == 0 ? _("Valeur rétablie ; le rétablissement "
		                                                   "est lui-même dans l'historique.") :
		               strcmp(notice, "created") == 0 ? _("Élément créé.") : _("Enregistré."));
	const char *url = element_url(rq, &p, e);
	/* Only the actions the subject may take (the guard refuses the others anyway):
	 * editing, adding a child and moving need the element (its porteur, an ancestor's,
	 * or steering: one query, made once here); deleting needs its parent's; the SWOT
	 * form is steering's (router.c). */
	bool steer = web_may_steer(rq);
	bool may_edit = steer || web_may_edit_element(rq, e->id);
	bool may_delete = steer || (may_edit && e->parent && web_may_edit_element(rq, e->parent->id));
	if (may_edit) { /* steering may edit every element */
		html_printf(b, "<ul class=\"actions\">");
		if (may_edit)
			html_printf(b, "<li><a class=\"button\" href=\"%s/edit\">%s</a></li>"
			               "<li><a class=\"button secondary\" href=\"/plans/%u/elements/new?parent=%lld\">%s</a></li>"
			               "<li><a class=\"button secondary\" href=\"%s/move\">%s</a></li>",
			            url, _("Modifier"), p.slug, (long long)e->id, _("Ajouter un élément enfant"),
			            url, _("Déplacer"));
		if (steer)
			html_printf(b, "<li><a class=\"button secondary\" href=\"/plans/%u/swot/edit?element=%u\">%s</a></li>",
			            p.slug, e->code, _("SWOT"));
		if (may_delete)
			html_printf(b, "<li><a class=\"button danger\" href=\"%s/delete\">%s</a></li>",
			            url, _("Supprimer"));
		html_printf(b, "</ul>\n");
	}

	char start[11], end[11], amount[MONEY_FORMAT_MAX] = "";
	date_format_fr(e->start, start);
	date_format_fr(e->end, end);
	if (e->has_budget)
		money_format_fr(e->budget_cents, amount);
	html_printf(b, "<h2>%s</h2>\n<dl class=\"fields\">\n", _("Informations"));
	field_row(b, _("Code"), e->code);
	field_row(b, _("Niveau"), e->level);
	field_row(b, _("Description"), e->description);
	if (e->owner && *e->owner) /* the owner's page: their elements, actions, risks */
		html_printf(b, "<dt>%s</dt><dd><a href=\"%s\">%s</a></dd>\n", _("Porteur"),
		            page_person_url(rq->arena, p.slug, e->owner), e->owner);
	else
		field_row(b, _("Porteur"), e->owner);
	field_row(b, _("Partenaires"), join(rq->arena, e->partners, e->partner_count, ", "));
	field_row(b, _("Bénéficiaires"), e->beneficiaries);
	field_row(b, _("Début"), start);
	field_row(b, _("Fin"), end);
	field_row(b, _("Budget"), amount);
	field_row(b, _("Statut"), e->status);
	for (size_t k = 0; k < p.custom_column_count; k++)
		field_row(b, p.custom_columns[k], e->attributes ? e->attributes[k] : NULL);
	html_printf(b, "</dl>\n");
	/* Pilotage, milestones, budget lines, then the risk sections (pages_steering.c). */
	page_sheet_steering_sections(rq, b, &p, e, may_edit);

	html_printf(b, "<h2>%s</h2>\n", _("Éléments enfants"));
	if (e->child_count)
		element_list(b, &p, e->children, e->child_count);
	else
		html_printf(b, "<p>%s</p>\n", _("Aucun."));

	html_printf(b, "<h2>%s</h2>\n", _("Contribue à"));
	if (e->contribution_count)
		element_list(b, &p, e->contributions, e->contribution_count);
	else
		html_printf(b, "<p>%s</p>\n", _("Aucun élément d'une autre branche."));

	plan_element **from = arena_alloc(rq->arena, (p.element_count + 1) * sizeof(*from));
	size_t n = 0;
	for (size_t i = 0; i < p.element_count; i++) {
		plan_element *o = p.ordered[i];
		for (size_t k = 0; k < o->contribution_count; k++)
			if (o->contributions[k] == e)
				from[n++] = o;
	}
	html_printf(b, "<h2>%s</h2>\n", _("Éléments qui y contribuent"));
	if (n)
		element_list(b, &p, from, n);
	else
		html_printf(b, "<p>%s</p>\n", _("Aucun."));
	history_section(rq, b, &p, e, may_edit);
	html_page_end(rq, rs);
}

/* ---- the form ---------------------------------------------------------------------------- */

/* What a form shows: text, as typed or as stored. */
typedef struct {
	const char *code, *parent, *level, *title, *description, *owner, *partners,
		*beneficiaries, *start, *end, *budget, *status, *contributes_to;
	const char **attributes;
	long long version;
} element_form;

static element_form form_from_element(web_request *rq, const plan *p, const plan_element *e)
{
	element_form f = {0};
	char *start = arena_alloc(rq->arena, 11), *end = arena_alloc(rq->arena, 11);
	char *amount = arena_alloc(rq->arena, MONEY_FORMAT_MAX);
	date_format_iso(e->start, start);
	date_format_iso(e->end, end);
	if (e->has_budget)
		money_format_plain(e->budget_cents, amount);
	f.code = e->code;
	f.parent = e->parent ? e->parent->code : "";
	f.level = e->level;
	f.title = e->title;
	f.description = e->description;
	f.owner = e->owner;
	f.partners = join(rq->arena, e->partners, e->partner_count, "\n");
	f.beneficiaries = e->beneficiaries;
	f.start = start;
	f.end = end;
	f.budget = amount;
	f.status = e->status;
	f.contributes_to = join(rq->arena, e->contributes_to, e->contribution_count, " | ");
	f.attributes = e->attributes;
	f.version = (long long)e->version;
	(void)p;
	return f;
}

static element_form form_from_request(web_request *rq, const plan *p)
{
	element_form f = {
		.code = web_form(rq, "code"), .parent = web_form(rq, "parent"),
		.level = web_form(rq, "level"), .title = web_form(rq, "title"),
		.description = web_form(rq, "description"), .owner = web_form(rq, "owner"),
		.partners = web_form(rq, "partners"), .beneficiaries = web_form(rq, "beneficiaries"),
		.start = web_form(rq, "start"), .end = web_form(rq, "end"),
		.budget = web_form(rq, "budget"), .status = web_form(rq, "status"),
		.contributes_to = web_form(rq, "contributes_to"),
		.version = atoll(web_form(rq, "version")),
	};
	f.attributes = arena_alloc(rq->arena, (p->custom_column_count + 1) * sizeof(*f.attributes));
	for (size_t k = 0; k < p->custom_column_count; k++)
		f.attributes[k] = web_form(rq, arena_printf(rq->arena, "attribute-%zu", k));
	return f;
}

static const char *nonempty(arena *a, const char *s)
{
	const char *t = text_trim(a, s ? s : "");
	return *t ? t : NULL;
}

/* Split on '|' and line breaks, trimming, skipping empty parts. */
static size_t split_list(arena *a, const char *s, const char ***out)
{
	char *copy = arena_strdup(a, s ? s : "");
	for (char *c = copy; *c; c++)
		if (*c == '\n' || *c == '\r')
			*c = '|';
	return text_split(a, copy, '|', (char ***)out);
}

/* Turn the form into element fields; date and amount errors go to diags by field. */
static void element_from_form(web_request *rq, const plan *p, const element_form *f,
                              plan_element *e, diag_list *d)
{
	arena *a = rq->arena;
	e->code = text_trim(a, f->code);
	e->parent_code = nonempty(a, f->parent);
	e->level = text_trim(a, f->level);
	e->title = text_trim(a, f->title);
	e->description = nonempty(a, f->description);
	e->owner = nonempty(a, f->owner);
	e->partner_count = split_list(a, f->partners, &e->partners);
	e->beneficiaries = nonempty(a, f->beneficiaries);
	e->status = nonempty(a, f->status);
	e->contribution_count = split_list(a, f->contributes_to, &e->contributes_to);
	const char *why;
	const char *start = text_trim(a, f->start), *end = text_trim(a, f->end);
	e->start = e->end = DATE_NONE;
	if (*start && !date_parse(start, &e->start, &why))
		diag_add(d, "start", 0, "%s", why);
	if (*end && !date_parse(end, &e->end, &why))
		diag_add(d, "end", 0, "%s", why);
	const char *budget = text_trim(a, f->budget);
	e->has_budget = false;
	if (*budget && !(e->has_budget = money_parse(budget, &e->budget_cents, &why)))
		diag_add(d, "budget", 0, "%s", why);
	e->attributes = arena_alloc(a, (p->custom_column_count + 1) * sizeof(*e->attributes));
	for (size_t k = 0; k < p->custom_column_count; k++)
		e->attributes[k] = nonempty(a, f->attributes ? f->attributes[k] : NULL);
}

/* Every element but `self` and its descendants (where it may not move), indented by
 * depth; chosen "" is the first level. */
static void parent_select(buf *b, arena *a, const plan *p, const plan_element *self,
                          const char *chosen, const char *error)
{
	form_choice *c = arena_alloc(a, (p->element_count + 1) * sizeof(*c));
	size_t n = 0;
	c[n++] = (form_choice){.value = "", .label = _("(aucun : premier niveau)")};
	for (size_t i = 0; i < p->element_count; i++) {
		const plan_element *o = p->ordered[i];
		bool inside = false;
		for (const plan_element *up = o; up && self && !inside; up = up->parent)
			inside = up == self;
		if (inside)
			continue;
		const char *label = arena_printf(a, "%s – %s", o->code, o->title);
		for (size_t d = 0; d < o->depth; d++)
			label = arena_printf(a, "\xc2\xa0\xc2\xa0%s", label);
		c[n++] = (form_choice){.value = o->code, .label = label};
	}
	form_select(b, &(form_field){.id = "parent", .label = _("Élément parent"), .error = error,
	                             .value = chosen && *chosen ? chosen : NULL,
	                             .attributes = " class=\"wide\""},
	            c, n);
}

/* The fields of the create and edit forms. */
static void element_fields(buf *b, arena *a, const plan *p, const element_form *f,
                           const diag_list *d, const plan_element *self, bool with_parent)
{
	form_text_field(b, "code", _("Code"),
	                _("Votre propre code, unique dans le plan (par exemple C1.2)."), f->code, d);
	if (with_parent)
		parent_select(b, a, p, self, f->parent, form_error_of(d, "parent"));
	form_text_field(b, "level", _("Niveau"), _("Axe, ambition, projet, action…"), f->level, d);
	form_text_field(b, "title", _("Intitulé"), NULL, f->title, d);
	form_textarea(b, &(form_field){.id = "description", .label = _("Description"),
	                               .value = f->description});
	form_text_field(b, "owner", _("Porteur"), NULL, f->owner, d);
	form_textarea(b, &(form_field){.id = "partners", .label = _("Partenaires"),
	                               .hint = _("Un par ligne."), .value = f->partners});
	form_text_field(b, "beneficiaries", _("Bénéficiaires"), NULL, f->beneficiaries, d);
	form_text_field(b, "start", _("Début"), _("JJ/MM/AAAA ou AAAA-MM-JJ"), f->start, d);
	form_text_field(b, "end", _("Fin"), _("JJ/MM/AAAA ou AAAA-MM-JJ"), f->end, d);
	form_text_field(b, "budget", _("Budget (euros)"), _("Par exemple 1 234,50"), f->budget, d);
	form_text_field(b, "status", _("Statut"), NULL, f->status, d);
	form_text_field(b, "contributes_to", _("Contribue à"),
	                _("Codes d'éléments d'autres branches, séparés par « | »."), f->contributes_to,
	                d);
	for (size_t k = 0; k < p->custom_column_count; k++) {
		char name[32];
		snprintf(name, sizeof(name), "attribute-%zu", k);
		form_text_field(b, name, p->custom_columns[k], NULL,
		                f->attributes ? f->attributes[k] : NULL, d);
	}
}

static void element_form_page(web_request *rq, web_response *rs, const plan *p,
                              const plan_element *self, const element_form *f,
                              const diag_list *d)
{
	buf *b = &rs->body;
	const char *title = self ? arena_printf(rq->arena, _("Modifier %s"), self->code)
	                         : _("Nouvel élément");
	html_page_begin(rq, rs, title);
	plan_view_breadcrumb(rq, b, p, self);
	html_printf(b, "<h1>%s</h1>\n", title);
	form_error_summary(b, d, NULL);
	if (self)
		html_printf(b, "<form method=\"post\" action=\"%s/edit\" novalidate>\n",
		            element_url(rq, p, self));
	else
		html_printf(b, "<form method=\"post\" action=\"/plans/%u/elements\" novalidate>\n",
		            p->slug);
	html_csrf_field(rq, b);
	if (self)
		html_printf(b, "<input type=\"hidden\" name=\"version\" value=\"%lld\">\n", f->version);
	element_fields(b, rq->arena, p, f, d, self, self == NULL);
	html_printf(b, "<button type=\"submit\">%s</button> <a href=\"%s\">%s</a>\n</form>\n",
	            _("Enregistrer"),
	            self ? element_url(rq, p, self) : arena_printf(rq->arena, "/plans/%s", p->slug),
	            _("Annuler"));
	html_page_end(rq, rs);
}

void page_element_new(web_request *rq, web_response *rs)
{
	plan p;
	if (!page_load_plan(rq, rs, &p))
		return;
	element_form f = {0};
	const char *parent = web_query(rq, "parent");
	if (parent) {
		plan_element *pe = plan_find_id(&p, atoll(parent));
		if (pe) {
			f.parent = pe->code;
			/* A child usually has the level its siblings have. */
			if (pe->child_count)
				f.level = pe->children[0]->level;
		}
	}
	element_form_page(rq, rs, &p, NULL, &f, NULL);
}

void page_element_create(web_request *rq, web_response *rs)
{
	if (page_refuse_without_csrf(rq, rs))
		return;
	plan p;
	if (!page_load_plan(rq, rs, &p))
		return;
	diag_list d;
	diag_init(&d, rq->arena);
	element_form f = form_from_request(rq, &p);
	plan_element e = {0};
	element_from_form(rq, &p, &f, &e, &d);
	if (!web_may_place_under(rq, &p, e.parent_code)) {
		web_forbidden(rq, rs);
		return;
	}
	store_result r = diag_has_errors(&d) ? STORE_INVALID
	                                     : store_element_create(rq->store, rq->arena, &p, &e, &d);
	if (r == STORE_OK) {
		web_redirect(rq, rs, arena_printf(rq->arena, "/plans/%s/elements/%lld?notice=created",
		                                  p.slug, (long long)e.id));
		return;
	}
	rs->status = r == STORE_INVALID ? 422 : 409;
	element_form_page(rq, rs, &p, NULL, &f, &d);
}

void page_element_edit(web_request *rq, web_response *rs)
{
	plan p;
	plan_element *e = load_element(rq, rs, &p, PAGE_TO_READ);
	if (!e)
		return;
	element_form f = form_from_element(rq, &p, e);
	element_form_page(rq, rs, &p, e, &f, NULL);
}

/* ---- the conflict page ------------------------------------------------------------------- */

static void compare_row(buf *b, const char *label, const char *mine, const char *theirs)
{
	mine = mine ? mine : "";
	theirs = theirs ? theirs : "";
	if (strcmp(mine, theirs) == 0)
		return;
	html_printf(b, "<tr><th scope=\"row\">%s</th><td>%s</td><td>%s</td></tr>\n", label,
	            *mine ? mine : "—", *theirs ? theirs : "—");
}

static void conflict_page(web_request *rq, web_response *rs, const plan *p,
                          const plan_element *current, element_form *mine)
{
	buf *b = &rs->body;
	rs->status = 409;
	element_form theirs = form_from_element(rq, p, current);
	html_page_begin(rq, rs, _("Modification concurrente"));
	plan_view_breadcrumb(rq, b, p, current);
	html_printf(b, "<h1>%s</h1>\n<p role=\"alert\">%s</p>\n", _("Modification concurrente"),
	            _("Quelqu'un a enregistré cet élément depuis que vous l'avez ouvert. Votre "
	              "modification n'a pas été enregistrée : comparez les deux versions, puis "
	              "refaites-la ci-dessous si elle reste utile."));
	html_printf(b, "<table>\n<caption>%s</caption>\n<thead><tr><th scope=\"col\">%s</th>"
	               "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
	            _("Champs qui diffèrent"), _("Champ"), _("Votre saisie"),
	            _("Version enregistrée"));
	compare_row(b, _("Code"), mine->code, theirs.code);
	compare_row(b, _("Niveau"), mine->level, theirs.level);
	compare_row(b, _("Intitulé"), mine->title, theirs.title);
	compare_row(b, _("Description"), mine->description, theirs.description);
	compare_row(b, _("Porteur"), mine->owner, theirs.owner);
	compare_row(b, _("Partenaires"), mine->partners, theirs.partners);
	compare_row(b, _("Bénéficiaires"), mine->beneficiaries, theirs.beneficiaries);
	compare_row(b, _("Début"), mine->start, theirs.start);
	compare_row(b, _("Fin"), mine->end, theirs.end);
	compare_row(b, _("Budget"), mine->budget, theirs.budget);
	compare_row(b, _("Statut"), mine->status, theirs.status);
	compare_row(b, _("Contribue à"), mine->contributes_to, theirs.contributes_to);
	for (size_t k = 0; k < p->custom_column_count; k++)
		compare_row(b, p->custom_columns[k], mine->attributes[k],
		            theirs.attributes ? theirs.attributes[k] : NULL);
	html_printf(b, "</tbody>\n</table>\n<h2>%s</h2>\n", _("Refaire ma modification"));
	/* The form holds the user's values and the current version: saving it applies them
	 * over what is now stored, knowingly. */
	mine->version = (long long)current->version;
	html_printf(b, "<form method=\"post\" action=\"%s/edit\" novalidate>\n",
	            element_url(rq, p, current));
	html_csrf_field(rq, b);
	html_printf(b, "<input type=\"hidden\" name=\"version\" value=\"%lld\">\n", mine->version);
	element_fields(b, rq->arena, p, mine, NULL, current, false);
	html_printf(b, "<button type=\"submit\">%s</button> <a href=\"%s\">%s</a>\n</form>\n",
	            _("Enregistrer ma version"), element_url(rq, p, current),
	            _("Abandonner ma modification"));
	html_page_end(rq, rs);
}

void page_element_save(web_request *rq, web_response *rs)
{
	plan p;
	plan_element *current = load_element(rq, rs, &p, PAGE_TO_CHANGE);
	if (!current)
		return;
	diag_list d;
	diag_init(&d, rq->arena);
	element_form f = form_from_request(rq, &p);
	/* The edit form has no parent field: the element stays where it is. */
	f.parent = current->parent ? current->parent->code : "";
	plan_element e = {.id = current->id};
	element_from_form(rq, &p, &f, &e, &d);
	store_result r = diag_has_errors(&d)
	                     ? STORE_INVALID
	                     : store_element_update(rq->store, rq->arena, &p, &e, f.version, &d);
	switch (r) {
	case STORE_OK:
		web_redirect(rq, rs, arena_printf(rq->arena, "%s?notice=saved",
		                                  element_url(rq, &p, current)));
		return;
	case STORE_CONFLICT: {
		/* Show what is stored now, not what this request loaded. */
		plan fresh;
		plan_element *now = load_element(rq, rs, &fresh, PAGE_TO_READ);
		if (now)
			conflict_page(rq, rs, &fresh, now, &f);
		return;
	}
	case STORE_NOT_FOUND:
		page_error(rq, rs, 404, _("Élément introuvable"));
		return;
	default:
		rs->status = 422;
		element_form_page(rq, rs, &p, current, &f, &d);
	}
}

/* ---- move ------------------------------------------------------------------------------ */

static void move_page(web_request *rq, web_response *rs, const plan *p, const plan_element *e,
                      const char *chosen, const diag_list *d)
{
	buf *b = &rs->body;
	const char *title = arena_printf(rq->arena, _("Déplacer %s"), e->code);
	html_page_begin(rq, rs, title);
	plan_view_breadcrumb(rq, b, p, e);
	html_printf(b, "<h1>%s</h1>\n<p>%s</p>\n", title,
	            _("L'élément part avec tous ses descendants. Il ne peut pas aller sous lui-même "
	              "ni sous l'un de ses descendants."));
	form_error_summary(b, d, NULL);
	html_printf(b, "<form method=\"post\" action=\"%s/move\">\n", element_url(rq, p, e));
	html_csrf_field(rq, b);
	html_printf(b, "<input type=\"hidden\" name=\"version\" value=\"%lld\">\n",
	            (long long)e->version);
	parent_select(b, rq->arena, p, e, chosen, form_error_of(d, "parent"));
	html_printf(b, "<button type=\"submit\">%s</button> <a href=\"%s\">%s</a>\n</form>\n",
	            _("Déplacer"), element_url(rq, p, e), _("Annuler"));
	html_page_end(rq, rs);
}

void page_element_move(web_request *rq, web_response *rs)
{
	plan p;
	plan_element *e = load_element(rq, rs, &p, PAGE_TO_READ);
	if (e)
		move_page(rq, rs, &p, e, e->parent ? e->parent->code : "", NULL);
}

void page_element_move_save(web_request *rq, web_response *rs)
{
	plan p;
	plan_element *current = load_element(rq, rs, &p, PAGE_TO_CHANGE);
	if (!current)
		return;
	diag_list d;
	diag_init(&d, rq->arena);
	plan_element e = *current;
	const char *parent = text_trim(rq->arena, web_form(rq, "parent"));
	e.parent_code = *parent ? parent : NULL;
	if (!web_may_place_under(rq, &p, e.parent_code)) {
		web_forbidden(rq, rs);
		return;
	}
	store_result r = store_element_update(rq->store, rq->arena, &p, &e,
	                                      atoll(web_form(rq, "version")), &d);
	if (r == STORE_OK) {
		web_redirect(rq, rs, arena_printf(rq->arena, "%s?notice=moved",
		                                  element_url(rq, &p, current)));
		return;
	}
	if (r == STORE_CONFLICT)
		diag_add(&d, NULL, 0, "%s", _("Quelqu'un a modifié cet élément entre-temps : vérifiez "
		                              "sa place actuelle et recommencez."));
	rs->status = r == STORE_INVALID ? 422 : 409;
	move_page(rq, rs, &p, current, parent, &d);
}

/* ---- delete ----------------------------------------------------------------------------- */

void page_element_delete(web_request *rq, web_response *rs)
{
	plan p;
	plan_element *e = load_element(rq, rs, &p, PAGE_TO_READ);
	if (!e)
		return;
	buf *b = &rs->body;
	const char *title = arena_printf(rq->arena, _("Supprimer %s"), e->code);
	size_t descendants = plan_descendant_count(e);
	html_page_begin(rq, rs, title);
	plan_view_breadcrumb(rq, b, &p, e);
	html_printf(b, "<h1>%s</h1>\n<p><span class=\"code\">%s</span> %s</p>\n", title, e->code,
	            e->title);
	if (descendants) {
		html_printf(b, "<p><strong>");
		html_printf(b, i18n_count("Cet élément a %zu descendant, supprimé avec lui :",
		                          "Cet élément a %zu descendants, supprimés avec lui :",
		                          descendants),
		            descendants);
		html_printf(b, "</strong></p>\n<ul>\n");
		/* Its descendants follow it in depth-first order. */
		size_t at = 0;
		while (p.ordered[at] != e)
			at++;
		for (size_t i = at + 1; i <= at + descendants; i++)
			html_printf(b, "<li><span class=\"code\">%s</span> %s</li>\n", p.ordered[i]->code,
			            p.ordered[i]->title);
		html_printf(b, "</ul>\n");
	} else {
		html_printf(b, "<p>%s</p>\n", _("Cet élément n'a pas de descendant."));
	}
	html_printf(b, "<p>%s</p>\n", _("Les liens de contribution vers cet élément et depuis lui "
	                                 "disparaissent aussi. La branche va dans la corbeille du "
	                                 "plan, d'où elle peut être restaurée avec tout ce qu'elle "
	                                 "contient tant qu'un administrateur ne l'a pas vidée."));
	html_printf(b, "<form method=\"post\" action=\"%s/delete\">\n", element_url(rq, &p, e));
	html_csrf_field(rq, b);
	html_printf(b, "<input type=\"hidden\" name=\"version\" value=\"%lld\">\n"
	               "<button type=\"submit\" class=\"danger\">%s</button> <a href=\"%s\">%s</a>\n"
	               "</form>\n",
	            (long long)e->version, _("Supprimer"), element_url(rq, &p, e),
	            _("Annuler"));
	html_page_end(rq, rs);
}

void page_element_delete_confirm(web_request *rq, web_response *rs)
{
	plan p;
	plan_element *e = load_element(rq, rs, &p, PAGE_TO_CHANGE);
	if (!e)
		return;
	diag_list d;
	diag_init(&d, rq->arena);
	store_result r = store_element_delete(rq->store, &p, e->id, atoll(web_form(rq, "version")), &d);
	if (r == STORE_OK)
		web_redirect(rq, rs, arena_printf(rq->arena, "/plans/%s?notice=deleted", p.slug));
	else if (r == STORE_CONFLICT)
		page_error(rq, rs, 409, _("Quelqu'un a modifié cet élément entre-temps : rien n'a été "
		                          "supprimé. Rouvrez-le et recommencez."));
	else
		page_error(rq, rs, r == STORE_NOT_FOUND ? 404 : 500, _("Suppression impossible"));
}

void page_change_restore(web_request *rq, web_response *rs)
{
	if (page_refuse_without_csrf(rq, rs))
		return;
	plan p;
	if (!page_load_plan(rq, rs, &p))
		return;
	int64_t change = web_id_parse(rq->params[1]);
	if (!change) {
		page_error(rq, rs, 404, _("Changement introuvable"));
		return;
	}
	diag_list d;
	diag_init(&d, rq->arena);
	int64_t element = 0;
	store_result r = store_change_restore(rq->store, rq->arena, &p, change, &element, &d);
	if (r == STORE_OK) {
		web_redirect(rq, rs, arena_printf(rq->arena, "/plans/%s/elements/%lld?notice=restored",
		                                  p.slug, (long long)element));
		return;
	}
	const char *why = d.count ? d.items[0].message : _("Enregistrement impossible");
	page_error(rq, rs, r == STORE_NOT_FOUND ? 404 : r == STORE_CONFLICT ? 409
	                   : r == STORE_INVALID ? 422 : 500, why);
}
