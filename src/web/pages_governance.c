/*
 * pages_governance.c — the committee cycle on screen (DOMAIN.md §3): a plan's
 * instances and meetings, the meeting page where a committee is prepared, held and
 * followed up, the action items, the decision log and a person's page.
 *
 * The meeting page is the heart: its header, agenda, the follow-up of the action items
 * raised at earlier meetings of the instance, attendees, what changed since the last
 * meeting (store/digest.h, never typed), decisions (recording one may validate a
 * milestone, postpone it, set a phase…: the store applies the effect in the same
 * transaction and says what it did), action items raised, and the minutes (Markdown,
 * rendered safely by markdown.c). Each section's form posts to its own address; a
 * refused submission renders the meeting page again with the user's values, each
 * message next to its field and in a summary at the top (form.h), nothing saved.
 *
 * Every write goes through store/governance_store.h, which checks the values and
 * names the refused field in each diag as the API spells it; the forms rename them to
 * their field ids (form_diags_rename), unique on the page. Records carry the version
 * the user saw; a stale one is refused with a 409 page. Everything works without
 * script: moves, closes and deletes are small POST forms with the CSRF token.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/governance.h"
#include "io/instance_csv.h"
#include "store/digest.h"
#include "store/governance_store.h"
#include "store/indicator_store.h"
#include "store/plan_store.h"
#include "store/steering_store.h"
#include "store/steering_view.h"
#include "util/format_fr.h"
#include "util/i18n.h"
#include "util/text.h"
#include "web/auth.h"
#include "web/form.h"
#include "web/html.h"
#include "web/markdown.h"
#include "web/pages.h"
#include "web/plan_view.h"

/* ---- small formats ------------------------------------------------------------------------ */

static const char *or_dash(const char *s)
{
	return s && *s ? s : "—";
}

static const char *or_empty(const char *s)
{
	return s ? s : "";
}

static const char *nonempty(arena *a, const char *s)
{
	const char *t = text_trim(a, s ? s : "");
	return *t ? t : NULL;
}

/* "14:30", "" when no time is given. */
static const char *start_text(arena *a, int minute)
{
	return minute < 0 ? "" : arena_printf(a, "%02d:%02d", minute / 60 % 100, minute % 60);
}

/* An ISO date of the digest (AAAA-MM-JJ) shown JJ/MM/AAAA; anything else as is. */
static const char *iso_shown(arena *a, const char *iso)
{
	jalon_date d;
	const char *why;
	if (iso && strlen(iso) == 10 && iso[4] == '-' && date_parse(iso, &d, &why))
		return html_date_text(a, d);
	return iso;
}

/* The weather of a digest entry: its icon and its word, never colour alone. */
static void weather_html(buf *b, const char *key)
{
	static const char *const icons[WEATHER_COUNT] = {"–", "☀", "☁", "⚡"};
	weather w = WEATHER_UNSET;
	if (key && !weather_parse(key, &w))
		w = WEATHER_UNSET;
	html_printf(b, "<span class=\"weather weather-%s\"><span class=\"weather-icon\" "
	               "aria-hidden=\"true\">%s</span> %s</span>",
	            weather_key(w), icons[w < WEATHER_COUNT ? w : WEATHER_UNSET], weather_label(w));
}

const char *page_person_url(arena *a, const char *plan_slug, const char *name)
{
	return arena_printf(a, "/plans/%s/people/%s", html_url_component(a, plan_slug),
	                    html_url_component(a, name));
}

/* An owner's name linking to their page, "—" when none. */
static void person_link(web_request *rq, buf *b, const plan *p, const char *name)
{
	if (!name || !*name)
		html_printf(b, "—");
	else
		html_printf(b, "<a href=\"%s\">%s</a>", page_person_url(rq->arena, p->slug, name), name);
}

static void element_link(buf *b, const plan *p, const plan_element *e)
{
	html_printf(b, "<a href=\"/plans/%u/elements/%lld\"><span class=\"code\">%s</span> %s</a>",
	            p->slug, (long long)e->id, e->code, e->title);
}

static const char *element_label(web_request *rq, const plan_element *e)
{
	return arena_printf(rq->arena, "%s — %s", e->code, e->title);
}

/* ---- the page frame ------------------------------------------------------------------------- */

/* Home › plan › section (a screen of the plan) › this page (when not the section). */
static void breadcrumb(buf *b, const plan *p, const char *section, const char *section_label,
                       const char *current)
{
	html_printf(b, "<nav class=\"breadcrumb\" aria-label=\"%s\"><ol>\n"
	               "<li><a href=\"/\">%s</a></li>\n<li><a href=\"/plans/%u\">%s</a></li>\n",
	            _("Fil d'Ariane"), _("Accueil"), p->slug, p->title);
	if (current)
		html_printf(b, "<li><a href=\"/plans/%u/%r\">%s</a></li>\n"
		               "<li><span aria-current=\"page\">%s</span></li>\n",
		            p->slug, section, section_label, current);
	else
		html_printf(b, "<li><a href=\"/plans/%u/%r\" aria-current=\"page\">%s</a></li>\n",
		            p->slug, section, section_label);
	html_printf(b, "</ol></nav>\n");
}

/* The frame of a governance page: title, breadcrumb under `section` (the steering
 * screen it belongs to), the screens' navigation and the h1. */
static void page_begin(web_request *rq, web_response *rs, const plan *p, const char *section,
                       const char *title, bool is_section)
{
	static const struct { const char *path, *label; } sections[] = {
		{"meetings", N_("Instances et séances")},
		{"actions", N_("Actions")},
		{"decisions", N_("Décisions")},
	};
	const char *label = _(sections[0].label);
	for (size_t i = 0; i < sizeof(sections) / sizeof(sections[0]); i++)
		if (strcmp(section, sections[i].path) == 0)
			label = _(sections[i].label);
	buf *b = &rs->body;
	html_page_begin(rq, rs, arena_printf(rq->arena, "%s — %s", title, p->title));
	breadcrumb(b, p, section, label, is_section ? NULL : title);
	/* A page under a screen: no screen of the nav is this page. */
	page_steering_nav(b, p, is_section ? section : "-");
	html_printf(b, "<h1>%s <span class=\"sub\">%s</span></h1>\n", title, p->title);
}

static const char *notice_text(const char *key)
{
	static const html_notice_entry notices[] = {
		{"instance-created", N_("Instance créée.")},
		{"instance-saved", N_("Instance enregistrée.")},
		{"instance-deleted", N_("Instance supprimée.")},
		{"instances-imported", N_("Instances importées.")},
		{"meeting-created", N_("Séance créée.")},
		{"meeting-saved", N_("Séance enregistrée.")},
		{"meeting-deleted", N_("Séance supprimée.")},
		{"agenda-added", N_("Point ajouté à l'ordre du jour.")},
		{"agenda-saved", N_("Point de l'ordre du jour enregistré.")},
		{"agenda-moved", N_("Ordre du jour modifié.")},
		{"agenda-deleted", N_("Point retiré de l'ordre du jour.")},
		{"attendees-saved", N_("Participants enregistrés.")},
		{"decision-recorded", N_("Décision enregistrée.")},
		{"action-added", N_("Action ajoutée.")},
		{"action-saved", N_("Action enregistrée.")},
		{"action-closed", N_("Action close.")},
		{"action-deleted", N_("Action supprimée.")},
		{"minutes-saved", N_("Compte rendu enregistré.")},
	};
	return html_notice_find(notices, sizeof(notices) / sizeof(notices[0]), key);
}

/* Above a form sent over a newer version: the user's input is kept, and the form now
 * carries the stored version, so saving again replaces it knowingly. */
static void conflict_alert(buf *b, bool conflict)
{
	if (!conflict)
		return;
	form_conflict_begin(b, _("Quelqu'un a enregistré cet objet depuis que vous l'avez ouvert. "
	                         "Votre saisie n'a pas été enregistrée : elle est reprise ci-dessous. "
	                         "Enregistrez-la pour remplacer la version enregistrée, ou annulez."));
	html_printf(b, "</div>\n");
}

/* The head of an object's form: the conflict alert, the error summary, then the form
 * posting to /plans/SLUG/PATH/new, or to /plans/SLUG/PATH/ID/edit with the version the
 * user saw (id not 0); the CSRF token in both. */
static void object_form_begin(web_request *rq, buf *b, const plan *p, const char *path,
                              int64_t id, long long version, bool conflict, const diag_list *d)
{
	conflict_alert(b, conflict);
	form_error_summary(b, d, NULL);
	if (id)
		html_printf(b, "<form method=\"post\" action=\"/plans/%u/%r/%lld/edit\" novalidate>\n",
		            p->slug, path, (long long)id);
	else
		html_printf(b, "<form method=\"post\" action=\"/plans/%u/%r/new\" novalidate>\n",
		            p->slug, path);
	html_csrf_field(rq, b);
	if (id)
		html_printf(b, "<input type=\"hidden\" name=\"version\" value=\"%lld\">\n", version);
}

/* The form of a delete page: POST to /plans/SLUG/PATH/ID/delete with the version the
 * user saw, a danger button, and the link back to `cancel_url`. */
static void delete_form(web_request *rq, buf *b, const plan *p, const char *path, int64_t id,
                        int64_t version, const char *cancel_url)
{
	html_printf(b, "<form method=\"post\" action=\"/plans/%u/%r/%lld/delete\">\n", p->slug,
	            path, (long long)id);
	html_csrf_field(rq, b);
	html_printf(b, "<input type=\"hidden\" name=\"version\" value=\"%lld\">\n"
	               "<button type=\"submit\" class=\"danger\">%s</button> <a href=\"%s\">%s</a>\n"
	               "</form>\n",
	            (long long)version, _("Supprimer définitivement"), cancel_url, _("Annuler"));
}

/* ---- loading ---------------------------------------------------------------------------------- */

/* The plan of rq->params[0]; to change it, a valid CSRF token first (403). False once
 * an error page answers. */
static bool plan_load(web_request *rq, web_response *rs, plan *p, page_use use)
{
	if (use == PAGE_TO_CHANGE && page_refuse_without_csrf(rq, rs))
		return false;
	memset(p, 0, sizeof(*p));
	return page_load_plan(rq, rs, p);
}

/* What a loader found: true when it did; else the error page, 404 with `missing`, or
 * 500. */
static bool load_answer(web_request *rq, web_response *rs, store_result r, const char *missing)
{
	if (r == STORE_NOT_FOUND)
		page_error(rq, rs, 404, missing);
	else if (r != STORE_OK)
		page_error(rq, rs, 500, _("Chargement impossible"));
	return r == STORE_OK;
}

static bool instance_load(web_request *rq, web_response *rs, const plan *p, int64_t id,
                          instance *out)
{
	diag_list d;
	diag_init(&d, rq->arena);
	store_result r = id ? store_instance_get(rq->store, rq->arena, p, id, out, &d) : STORE_NOT_FOUND;
	return load_answer(rq, rs, r, _("Instance introuvable"));
}

static bool meeting_load(web_request *rq, web_response *rs, const plan *p, int64_t id,
                         meeting *out)
{
	diag_list d;
	diag_init(&d, rq->arena);
	store_result r = id ? store_meeting_get(rq->store, rq->arena, p, id, out, &d) : STORE_NOT_FOUND;
	return load_answer(rq, rs, r, _("Séance introuvable"));
}

static bool action_load(web_request *rq, web_response *rs, const plan *p, int64_t id,
                        action_item *out)
{
	diag_list d;
	diag_init(&d, rq->arena);
	store_result r = id ? store_action_item_get(rq->store, rq->arena, p, id, out, &d)
	                    : STORE_NOT_FOUND;
	return load_answer(rq, rs, r, _("Action introuvable"));
}

static const char *meeting_url(web_request *rq, const plan *p, int64_t id)
{
	return arena_printf(rq->arena, "/plans/%s/meetings/%lld",
	                    html_url_component(rq->arena, p->slug), (long long)id);
}

static const char *instance_url(web_request *rq, const plan *p, int64_t id)
{
	return arena_printf(rq->arena, "/plans/%s/instances/%lld",
	                    html_url_component(rq->arena, p->slug), (long long)id);
}

/* A screen of the plan: /plans/SLUG/SECTION. */
static const char *section_url(web_request *rq, const plan *p, const char *section)
{
	return arena_printf(rq->arena, "/plans/%s/%s", html_url_component(rq->arena, p->slug), section);
}

static void redirect_notice(web_request *rq, web_response *rs, const char *url,
                            const char *key, const char *anchor)
{
	web_redirect(rq, rs, arena_printf(rq->arena, "%s?notice=%s%s%s", url, key,
	                                  anchor ? "#" : "", anchor ? anchor : ""));
}

/* What a POST could not save: 404, 409 (someone else saved it in between) or 500. */
static void write_failed(web_request *rq, web_response *rs, store_result r, const char *what)
{
	if (r == STORE_NOT_FOUND)
		page_error(rq, rs, 404, arena_printf(rq->arena, _("%s introuvable"), what));
	else if (r == STORE_CONFLICT)
		page_error(rq, rs, 409, _("Quelqu'un a modifié cet enregistrement entre-temps : rien n'a "
		                          "été enregistré. Rouvrez la page et recommencez."));
	else
		page_error(rq, rs, 500, _("Enregistrement impossible"));
}

/* After a delete: to `url` with the notice `key`; when `refusable`, a delete the store
 * refuses (what still depends on the object) is a 409 with its reason. */
static void delete_answer(web_request *rq, web_response *rs, store_result r, const diag_list *d,
                          bool refusable, const char *url, const char *key, const char *what)
{
	if (r == STORE_OK)
		redirect_notice(rq, rs, url, key, NULL);
	else if (r == STORE_INVALID && refusable)
		page_error(rq, rs, 409, diag_has_errors(d) ? d->items[0].message
		                                           : _("Suppression refusée."));
	else
		write_failed(rq, rs, r, what);
}

/* ---- form helpers ------------------------------------------------------------------------------ */

/* Every value posted under `name` (a multiple select sends one field per choice). */
static size_t posted_values(web_request *rq, const char *name, const char ***out)
{
	web_form(rq, name); /* parses the form */
	const char **list = arena_alloc(rq->arena, (rq->form_count + 1) * sizeof(*list));
	size_t n = 0;
	for (size_t i = 0; i < rq->form_count; i++)
		if (strcmp(rq->form[i].name, name) == 0)
			list[n++] = rq->form[i].value;
	*out = list;
	return n;
}

/* The elements of the plan posted under `name`; an unknown id is an error on field. */
static size_t posted_elements(web_request *rq, const plan *p, const char *name,
                              const char *field, const plan_element ***out, diag_list *d)
{
	const char **values;
	size_t n = posted_values(rq, name, &values), kept = 0;
	const plan_element **list = arena_alloc(rq->arena, (n + 1) * sizeof(*list));
	for (size_t i = 0; i < n; i++) {
		int64_t id = web_id_parse(values[i]);
		const plan_element *e = id ? plan_find_id(p, id) : NULL;
		if (e)
			list[kept++] = e;
		else if (*values[i])
			diag_add(d, field, 0, _("« %s » n'est pas un élément de ce plan."), values[i]);
	}
	*out = list;
	return kept;
}

static bool element_chosen(const plan_element *e, const plan_element *const *chosen, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (chosen[i] == e)
			return true;
	return false;
}

/* The plan's elements to choose several of: top levels first, then every element in
 * the plan's order (a multiple select: Ctrl or Maj with a click, or the keyboard). */
static void elements_multi_select(web_request *rq, buf *b, const plan *p, const char *id,
                                  const char *label, const char *hint,
                                  const plan_element *const *chosen, size_t n,
                                  const diag_list *d)
{
	const char *error = form_error_of(d, id);
	html_printf(b, "<div class=\"field\"><label for=\"%s\">%s</label>", id, label);
	if (hint)
		html_printf(b, "<span class=\"hint\" id=\"%s-hint\">%s</span>", id, hint);
	if (error)
		html_printf(b, "<p class=\"error-message\" id=\"%s-error\">%s</p>", id, error);
	html_printf(b, "<select id=\"%s\" name=\"%s\" multiple size=\"%d\" class=\"wide\"", id, id,
	            p->element_count < 8 ? (int)p->element_count + 1 : 8);
	if (hint || error)
		html_printf(b, " aria-describedby=\"%r%r%r\"", hint ? arena_printf(rq->arena, "%s-hint", id) : "",
		            hint && error ? " " : "", error ? arena_printf(rq->arena, "%s-error", id) : "");
	if (error)
		html_printf(b, " aria-invalid=\"true\"");
	html_printf(b, ">\n<optgroup label=\"%s\">\n", _("Premiers niveaux"));
	for (size_t i = 0; i < p->root_count; i++)
		html_printf(b, "<option value=\"%lld\"%r>%s</option>\n", (long long)p->roots[i]->id,
		            element_chosen(p->roots[i], chosen, n) ? " selected" : "",
		            element_label(rq, p->roots[i]));
	html_printf(b, "</optgroup>\n<optgroup label=\"%s\">\n", _("Autres éléments"));
	for (size_t i = 0; i < p->element_count; i++) {
		const plan_element *e = p->ordered[i];
		if (e->depth == 0)
			continue;
		html_printf(b, "<option value=\"%lld\"%r>%s</option>\n", (long long)e->id,
		            element_chosen(e, chosen, n) ? " selected" : "", element_label(rq, e));
	}
	html_printf(b, "</optgroup>\n</select></div>\n");
}

/* One element to choose (or none): "" then the plan in order. */
static void element_select(web_request *rq, buf *b, const plan *p, const char *id,
                           const char *label, const char *hint, const char *none,
                           const char *chosen, const diag_list *d)
{
	form_choice *c = arena_alloc(rq->arena, (p->element_count + 1) * sizeof(*c));
	size_t n = 0;
	c[n++] = (form_choice){.value = "", .label = none};
	for (size_t i = 0; i < p->element_count; i++)
		c[n++] = (form_choice){.value = arena_printf(rq->arena, "%lld", (long long)p->ordered[i]->id),
		                       .label = element_label(rq, p->ordered[i])};
	form_select(b, &(form_field){.id = id, .label = label, .hint = hint, .value = chosen,
	                             .error = form_error_of(d, id), .attributes = " class=\"wide\""},
	            c, n);
}

static const char *id_text(web_request *rq, int64_t id)
{
	return id ? arena_printf(rq->arena, "%lld", (long long)id) : "";
}

/* Rename the store's field names to this form's ids; what names no field of the form
 * goes to `first`, so that every message sits next to a field. */
static void rename_fields(diag_list *d, const char *const (*pairs)[2], size_t n,
                          const char *first)
{
	for (size_t i = 0; i < n; i++)
		form_diags_rename(d, pairs[i][0], pairs[i][1], false);
	for (size_t i = 0; d && i < d->count; i++) {
		bool known = false;
		for (size_t k = 0; k < n && d->items[i].file; k++)
			known |= strcmp(d->items[i].file, pairs[k][1]) == 0;
		if (!known)
			d->items[i].file = first;
	}
}

/* A refused submission: its diags renamed to the form's ids (rename_fields), and 422;
 * the caller shows the form again with them. */
static void form_refused(web_response *rs, diag_list *d, const char *const (*pairs)[2], size_t n,
                         const char *first)
{
	rename_fields(d, pairs, n, first);
	rs->status = 422;
}

/* ---- instances: the form ------------------------------------------------------------------------ */

typedef struct {
	const char *kind, *name, *role, *frequency, *members;
	const plan_element **branches;
	size_t branch_count;
	long long version;
	bool conflict; /* saved by someone else since the form was opened */
} instance_form;

/* Members one per line, "Nom (rôle)". */
static const char *members_text(web_request *rq, const instance *i)
{
	buf t = {0};
	for (size_t k = 0; k < i->member_count; k++) {
		if (i->members[k].role)
			buf_printf(&t, "%s (%s)\n", i->members[k].name, i->members[k].role);
		else
			buf_printf(&t, "%s\n", i->members[k].name);
	}
	const char *s = t.data ? arena_strdup(rq->arena, t.data) : "";
	buf_free(&t);
	return s;
}

static void members_parse(web_request *rq, const char *text, instance *i)
{
	char **lines;
	size_t n = text_split(rq->arena, text ? text : "", '\n', &lines), kept = 0;
	i->members = arena_alloc(rq->arena, (n + 1) * sizeof(*i->members));
	for (size_t k = 0; k < n; k++) {
		char *line = text_trim(rq->arena, lines[k]);
		if (!*line)
			continue;
		const char *role = NULL;
		size_t len = strlen(line);
		char *open = strrchr(line, '(');
		if (open && len && line[len - 1] == ')' && open != line) {
			line[len - 1] = '\0';
			role = nonempty(rq->arena, open + 1);
			*open = '\0';
			line = text_trim(rq->arena, line);
		}
		i->members[kept++] = (instance_member){.name = line, .role = role};
	}
	i->member_count = kept;
}

static instance_form instance_form_of(web_request *rq, const instance *i)
{
	return (instance_form){
		.kind = instance_kind_key(i->kind), .name = i->name, .role = i->role,
		.frequency = i->frequency, .members = members_text(rq, i), .branches = i->branches,
		.branch_count = i->branch_count, .version = (long long)i->version,
	};
}

static instance_form instance_form_posted(web_request *rq, const plan *p, diag_list *d)
{
	instance_form f = {
		.kind = web_form(rq, "kind"), .name = web_form(rq, "name"), .role = web_form(rq, "role"),
		.frequency = web_form(rq, "frequency"), .members = web_form(rq, "members"),
		.version = atoll(web_form(rq, "version")),
	};
	f.branch_count = posted_elements(rq, p, "branches", "branches", &f.branches, d);
	return f;
}

static void instance_from_form(web_request *rq, const instance_form *f, instance *i, diag_list *d)
{
	if (!instance_kind_parse(f->kind, &i->kind))
		diag_add(d, "kind", 0, "%s", _("Choisissez un type d'instance dans la liste."));
	i->name = text_trim(rq->arena, or_empty(f->name));
	i->role = nonempty(rq->arena, f->role);
	i->frequency = nonempty(rq->arena, f->frequency);
	members_parse(rq, f->members, i);
	i->branches = f->branches;
	i->branch_count = f->branch_count;
}

static void instance_form_page(web_request *rq, web_response *rs, const plan *p,
                               const instance *existing, const instance_form *f,
                               const diag_list *d)
{
	buf *b = &rs->body;
	const char *title = existing ? arena_printf(rq->arena, _("Modifier l'instance « %s »"),
	                                            existing->name)
	                             : _("Nouvelle instance");
	page_begin(rq, rs, p, "meetings", title, false);
	object_form_begin(rq, b, p, "instances", existing ? existing->id : 0, f->version, f->conflict, d);
	form_choice kinds[4];
	for (int k = 0; k < 4; k++)
		kinds[k] = (form_choice){.value = instance_kind_key((instance_kind)k),
		                         .label = instance_kind_label((instance_kind)k)};
	form_select_input(b, "kind", _("Type"), NULL, kinds, 4, f->kind, d);
	form_text_input(b, "name", _("Nom"), _("Unique dans le plan, par exemple « COPIL SDN »."), f->name,
	                d, " autocomplete=\"off\"");
	form_textarea_input(b, "role", _("Rôle et missions"), NULL, f->role, d, " rows=\"3\"");
	form_text_input(b, "frequency", _("Fréquence"), _("Par exemple « trimestrielle », « 2 fois par an »."),
	                f->frequency, d, NULL);
	form_textarea_input(b, "members", _("Composition"),
	                    _("Un membre par ligne : « Nom » ou « Nom (rôle) »."), f->members, d,
	                    " rows=\"6\"");
	elements_multi_select(rq, b, p, "branches", _("Branches du plan pilotées"),
	                      _("Aucune : l'instance pilote tout le plan."), f->branches,
	                      f->branch_count, d);
	form_buttons(b, _("Enregistrer"),
	             existing ? arena_printf(rq->arena, "/plans/%s/instances/%lld", p->slug,
	                                     (long long)existing->id)
	                      : arena_printf(rq->arena, "/plans/%s/meetings", p->slug),
	             _("Annuler"));
	html_page_end(rq, rs);
}

static const char *const instance_fields[][2] = {
	{"kind", "kind"}, {"name", "name"}, {"role", "role"}, {"frequency", "frequency"},
	{"members", "members"}, {"branches", "branches"},
};

void page_instance_new(web_request *rq, web_response *rs)
{
	plan p;
	if (!plan_load(rq, rs, &p, PAGE_TO_READ))
		return;
	instance_form f = {.kind = instance_kind_key(INSTANCE_STEERING)};
	instance_form_page(rq, rs, &p, NULL, &f, NULL);
}

/* A posted instance form: created when `is_new`, else the instance of rq->params[1]
 * saved over the version the form carries; refused, the form again with the errors;
 * stale, the form again over the stored version (409). */
static void instance_post(web_request *rq, web_response *rs, bool is_new)
{
	plan p;
	instance current = {0};
	if (!plan_load(rq, rs, &p, PAGE_TO_CHANGE) ||
	    (!is_new && !instance_load(rq, rs, &p, web_id_parse(rq->params[1]), &current)))
		return;
	const instance *existing = is_new ? NULL : &current;
	diag_list d;
	diag_init(&d, rq->arena);
	instance_form f = instance_form_posted(rq, &p, &d);
	instance i = {.id = current.id};
	instance_from_form(rq, &f, &i, &d);
	store_result r = diag_has_errors(&d) ? STORE_INVALID
	                 : is_new            ? store_instance_create(rq->store, &p, &i, &d)
	                                     : store_instance_update(rq->store, &p, &i, f.version, &d);
	if (r == STORE_OK) {
		redirect_notice(rq, rs, arena_printf(rq->arena, "/plans/%s/instances/%lld", p.slug,
		                                     (long long)i.id),
		                is_new ? "instance-created" : "instance-saved", NULL);
	} else if (r == STORE_INVALID) {
		form_refused(rs, &d, instance_fields, 6, "name");
		instance_form_page(rq, rs, &p, existing, &f, &d);
	} else if (r == STORE_CONFLICT && existing) {
		if (!instance_load(rq, rs, &p, current.id, &current))
			return;
		f.version = (long long)current.version;
		f.conflict = true;
		rs->status = 409;
		instance_form_page(rq, rs, &p, existing, &f, NULL);
	} else {
		write_failed(rq, rs, r, _("Instance"));
	}
}

void page_instance_create(web_request *rq, web_response *rs)
{
	instance_post(rq, rs, true);
}

void page_instance_edit(web_request *rq, web_response *rs)
{
	plan p;
	instance i;
	if (!plan_load(rq, rs, &p, PAGE_TO_READ) ||
	    !instance_load(rq, rs, &p, web_id_parse(rq->params[1]), &i))
		return;
	instance_form f = instance_form_of(rq, &i);
	instance_form_page(rq, rs, &p, &i, &f, NULL);
}

void page_instance_save(web_request *rq, web_response *rs)
{
	instance_post(rq, rs, false);
}

void page_instance_delete(web_request *rq, web_response *rs)
{
	plan p;
	instance i;
	if (!plan_load(rq, rs, &p, PAGE_TO_READ) ||
	    !instance_load(rq, rs, &p, web_id_parse(rq->params[1]), &i))
		return;
	buf *b = &rs->body;
	page_begin(rq, rs, &p, "meetings",
	           arena_printf(rq->arena, _("Supprimer l'instance « %s »"), i.name), false);
	html_printf(b, "<p>%s</p>\n", _("Cette instance sera supprimée définitivement. Une instance "
	                                "qui a des séances ne peut pas être supprimée."));
	delete_form(rq, b, &p, "instances", i.id, i.version, instance_url(rq, &p, i.id));
	html_page_end(rq, rs);
}

void page_instance_delete_confirm(web_request *rq, web_response *rs)
{
	plan p;
	instance i;
	if (!plan_load(rq, rs, &p, PAGE_TO_CHANGE) ||
	    !instance_load(rq, rs, &p, web_id_parse(rq->params[1]), &i))
		return;
	diag_list d;
	diag_init(&d, rq->arena);
	store_result r = store_instance_delete(rq->store, &p, i.id, atoll(web_form(rq, "version")), &d);
	delete_answer(rq, rs, r, &d, true, arena_printf(rq->arena, "/plans/%s/meetings", p.slug),
	              "instance-deleted", _("Instance"));
}

/* ---- meetings list and instance page ------------------------------------------------------------- */

static const char *meeting_when(web_request *rq, const meeting *m)
{
	const char *day = html_date_text(rq->arena, m->date);
	return m->start_minute >= 0 ? arena_printf(rq->arena, _("%s à %s"), day,
	                                           start_text(rq->arena, m->start_minute))
	                            : day;
}

/* A table of meetings (those of one instance when `with_instance` is false). */
static void meetings_table(web_request *rq, buf *b, const plan *p, const meeting *list,
                           size_t n, const char *caption, bool with_instance)
{
	if (!n) {
		html_printf(b, "<p>%s</p>\n", _("Aucune séance."));
		return;
	}
	html_printf(b, "<div class=\"table-scroll\"><table class=\"meetings\">\n<caption>%s</caption>\n"
	               "<thead><tr><th scope=\"col\">%s</th>", caption, _("Date"));
	if (with_instance)
		html_printf(b, "<th scope=\"col\">%s</th>", _("Instance"));
	html_printf(b, "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
	            _("Lieu"), _("Statut"));
	for (size_t i = 0; i < n; i++) {
		const meeting *m = &list[i];
		html_printf(b, "<tr><th scope=\"row\"><a href=\"/plans/%u/meetings/%lld\">%s</a></th>",
		            p->slug, (long long)m->id, meeting_when(rq, m));
		if (with_instance)
			html_printf(b, "<td><a href=\"/plans/%u/instances/%lld\">%s</a></td>", p->slug,
			            (long long)m->instance_id, or_dash(m->instance_name));
		html_printf(b, "<td>%s</td><td><span class=\"meeting-status meeting-%s\">%s</span></td></tr>\n",
		            or_dash(m->place), meeting_status_key(m->status),
		            meeting_status_label(m->status));
	}
	html_printf(b, "</tbody>\n</table></div>\n");
}

/* Upcoming meetings (today or later, soonest first) then past ones (latest first). */
static void meetings_split(web_request *rq, buf *b, const plan *p, const meeting *list, size_t n,
                           jalon_date today, bool with_instance, int level)
{
	meeting *upcoming = arena_alloc(rq->arena, (n + 1) * sizeof(*upcoming));
	meeting *past = arena_alloc(rq->arena, (n + 1) * sizeof(*past));
	size_t nu = 0, np = 0;
	for (size_t i = 0; i < n; i++)
		if (date_compare(list[i].date, today) >= 0)
			upcoming[nu++] = list[i];
	for (size_t i = n; i-- > 0;)
		if (date_compare(list[i].date, today) < 0)
			past[np++] = list[i];
	html_printf(b, "<h%d>%s</h%d>\n", level, _("Séances à venir"), level);
	meetings_table(rq, b, p, upcoming, nu, _("Séances à venir, de la plus proche à la plus "
	                                         "lointaine"), with_instance);
	html_printf(b, "<h%d>%s</h%d>\n", level, _("Séances passées"), level);
	meetings_table(rq, b, p, past, np, _("Séances passées, de la plus récente à la plus "
	                                     "ancienne"), with_instance);
}

static void members_list(buf *b, const instance *i)
{
	if (!i->member_count) {
		html_printf(b, "—");
		return;
	}
	html_printf(b, "<ul class=\"members\">");
	for (size_t k = 0; k < i->member_count; k++) {
		if (i->members[k].role)
			html_printf(b, "<li>%s (%s)</li>", i->members[k].name, i->members[k].role);
		else
			html_printf(b, "<li>%s</li>", i->members[k].name);
	}
	html_printf(b, "</ul>");
}

static void branches_list(buf *b, const plan *p, const instance *i)
{
	if (!i->branch_count) {
		html_printf(b, "%s", _("tout le plan"));
		return;
	}
	html_printf(b, "<ul class=\"branches\">");
	for (size_t k = 0; k < i->branch_count; k++) {
		html_printf(b, "<li>");
		element_link(b, p, i->branches[k]);
		html_printf(b, "</li>");
	}
	html_printf(b, "</ul>");
}

/* The CSV import of instances, with the errors of a refused file line by line. */
static void import_form(web_request *rq, buf *b, const plan *p, const diag_list *errors)
{
	html_printf(b, "<section aria-labelledby=\"import-heading\">\n<h2 id=\"import-heading\">%s</h2>\n"
	               "<p>%s</p>\n",
	            _("Importer des instances"),
	            _("Un fichier CSV : type;instance;role;frequence;composition et, si besoin, "
	              "elements (codes séparés par « | »). Les membres sont séparés par « | », "
	              "chacun « Nom » ou « Nom (rôle) ». Une instance de même nom est mise à jour. "
	              "Un fichier comportant une erreur est refusé en entier."));
	bool failed = errors && diag_has_errors(errors);
	if (failed) {
		size_t total = diag_total(errors);
		html_printf(b, "<div class=\"errors\" id=\"import-errors\" role=\"alert\" tabindex=\"-1\">\n<h3>");
		html_printf(b, i18n_count("%zu erreur : rien n'a été importé",
		                          "%zu erreurs : rien n'a été importé", total), total);
		html_printf(b, "</h3>\n<ul>\n");
		for (size_t i = 0; i < errors->count; i++) {
			const diag_entry *e = &errors->items[i];
			if (e->line > 0)
				html_printf(b, "<li>%s %d : %s</li>\n", _("ligne"), e->line, e->message);
			else
				html_printf(b, "<li>%s</li>\n", e->message);
		}
		if (errors->dropped)
			html_printf(b, "<li>%s</li>\n", _("… et d'autres erreurs non affichées"));
		html_printf(b, "</ul>\n</div>\n");
	}
	html_printf(b, "<form method=\"post\" action=\"/plans/%u/instances/import\" "
	               "enctype=\"multipart/form-data\">\n", p->slug);
	html_csrf_field(rq, b);
	html_printf(b, "<div class=\"field\"><label for=\"file\">%s</label>"
	               "<span class=\"hint\" id=\"file-hint\">%s</span>"
	               "<input type=\"file\" id=\"file\" name=\"file\" accept=\".csv,.txt,text/csv\" "
	               "aria-describedby=\"file-hint%r\"%r></div>\n",
	            _("Fichier CSV des instances"),
	            _("Séparateur « ; », « , » ou tabulation ; UTF-8 ou Windows-1252."),
	            failed ? " import-errors" : "", failed ? " aria-invalid=\"true\"" : "");
	html_printf(b, "<div class=\"field checkbox\"><input type=\"checkbox\" id=\"replace\" "
	               "name=\"replace\" value=\"true\"><label for=\"replace\">%s</label></div>\n"
	               "<button type=\"submit\">%s</button>\n</form>\n</section>\n",
	            _("Supprimer les instances absentes du fichier"), _("Importer"));
}

static void meetings_page(web_request *rq, web_response *rs, const plan *p,
                          const diag_list *import_errors)
{
	jalon_date today;
	steering_view_today(NULL, &today);
	instance *instances;
	meeting *meetings;
	size_t ni, nm;
	diag_list d;
	diag_init(&d, rq->arena);
	if (store_instances_load(rq->store, rq->arena, p, &instances, &ni, &d) != STORE_OK ||
	    store_meetings_load(rq->store, rq->arena, p, 0, &meetings, &nm, &d) != STORE_OK) {
		page_error(rq, rs, 500, _("Chargement impossible"));
		return;
	}
	buf *b = &rs->body;
	page_begin(rq, rs, p, "meetings", _("Instances et séances"), true);
	html_notice(b, notice_text(web_query(rq, "notice")));
	/* Only what the subject may do (the guard refuses the rest): committees are
	 * steering's; a meeting, steering's or a member's (of the committee chosen). */
	bool steer = web_may_steer(rq);
	bool may_meet = steer || (web_plan_roles(rq) & ACCESS_BIT(ROLE_MEMBRE_INSTANCE));
	if (steer)
		html_printf(b, "<p class=\"actions\"><a class=\"button\" href=\"/plans/%u/meetings/new\">%s</a> "
		               "<a class=\"button secondary\" href=\"/plans/%u/instances/new\">%s</a></p>\n",
		            p->slug, _("Nouvelle séance"), p->slug, _("Nouvelle instance"));
	else if (may_meet)
		html_printf(b, "<p class=\"actions\"><a class=\"button\" href=\"/plans/%u/meetings/new\">%s</a></p>\n",
		            p->slug, _("Nouvelle séance"));
	html_printf(b, "<h2 id=\"instances\">%s</h2>\n", _("Instances"));
	if (!ni) {
		html_printf(b, "<p>%s</p>\n", steer ? _("Aucune instance : créez-en une, ou importez-les d'un "
		                                        "fichier CSV ci-dessous.")
		                                      : _("Aucune instance."));
	} else {
		html_printf(b, "<div class=\"table-scroll\"><table class=\"instances\">\n<caption>%s</caption>\n"
		               "<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		               "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		               "<th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
		            _("Instances de gouvernance du plan"), _("Instance"), _("Type"), _("Rôle"),
		            _("Fréquence"), _("Composition"), _("Branches pilotées"));
		for (size_t i = 0; i < ni; i++) {
			const instance *x = &instances[i];
			html_printf(b, "<tr><th scope=\"row\"><a href=\"/plans/%u/instances/%lld\">%s</a></th>"
			               "<td>%s</td><td>%s</td><td>%s</td><td>",
			            p->slug, (long long)x->id, x->name, instance_kind_label(x->kind),
			            or_dash(x->role), or_dash(x->frequency));
			members_list(b, x);
			html_printf(b, "</td><td>");
			branches_list(b, p, x);
			html_printf(b, "</td></tr>\n");
		}
		html_printf(b, "</tbody>\n</table></div>\n");
	}
	html_printf(b, "<h2 id=\"seances\">%s</h2>\n", _("Séances"));
	meetings_split(rq, b, p, meetings, nm, today, true, 3);
	if (steer)
		import_form(rq, b, p, import_errors);
	html_page_end(rq, rs);
}

void page_meetings(web_request *rq, web_response *rs)
{
	plan p;
	if (plan_load(rq, rs, &p, PAGE_TO_READ))
		meetings_page(rq, rs, &p, NULL);
}

void page_instances_import(web_request *rq, web_response *rs)
{
	plan p;
	if (!plan_load(rq, rs, &p, PAGE_TO_CHANGE))
		return;
	const web_field *file = web_form_field(rq, "file");
	diag_list d;
	diag_init(&d, rq->arena);
	instance *items = NULL;
	size_t count = 0;
	const char *name = file && file->filename && *file->filename ? file->filename : "instances.csv";
	if (!file || file->length == 0) {
		diag_add(&d, NULL, 0, "%s", _("Choisissez un fichier CSV à importer."));
	} else if (instance_csv_read(rq->arena, name, file->value, file->length, NULL, &p, &items,
	                             &count, &d)) {
		bool replace = strcmp(web_form(rq, "replace"), "true") == 0;
		store_result r = store_instances_import(rq->store, &p, items, count, replace, NULL, NULL, &d);
		if (r == STORE_OK) {
			redirect_notice(rq, rs, arena_printf(rq->arena, "/plans/%s/meetings", p.slug),
			                "instances-imported", "instances");
			return;
		}
		if (r != STORE_INVALID) {
			page_error(rq, rs, 500, _("Import impossible"));
			return;
		}
	}
	rs->status = 422;
	meetings_page(rq, rs, &p, &d);
}

void page_instance(web_request *rq, web_response *rs)
{
	plan p;
	instance i;
	if (!plan_load(rq, rs, &p, PAGE_TO_READ) ||
	    !instance_load(rq, rs, &p, web_id_parse(rq->params[1]), &i))
		return;
	meeting *meetings;
	size_t nm;
	diag_list d;
	diag_init(&d, rq->arena);
	if (store_meetings_load(rq->store, rq->arena, &p, i.id, &meetings, &nm, &d) != STORE_OK) {
		page_error(rq, rs, 500, _("Chargement impossible"));
		return;
	}
	jalon_date today;
	steering_view_today(NULL, &today);
	buf *b = &rs->body;
	page_begin(rq, rs, &p, "meetings", i.name, false);
	html_notice(b, notice_text(web_query(rq, "notice")));
	html_printf(b, "<dl class=\"fields\">\n<dt>%s</dt><dd>%s</dd>\n<dt>%s</dt><dd>%s</dd>\n"
	               "<dt>%s</dt><dd>%s</dd>\n<dt>%s</dt><dd>",
	            _("Type"), instance_kind_label(i.kind), _("Rôle et missions"), or_dash(i.role),
	            _("Fréquence"), or_dash(i.frequency), _("Composition"));
	members_list(b, &i);
	html_printf(b, "</dd>\n<dt>%s</dt><dd>", _("Branches pilotées"));
	branches_list(b, &p, &i);
	html_printf(b, "</dd>\n</dl>\n");
	/* Only what the subject may do: a meeting of this committee (steering or its
	 * members), the committee itself (steering); the calendar for everyone. */
	bool steer = web_may_steer(rq);
	html_printf(b, "<ul class=\"row-actions\">");
	if (steer || web_may_record_for_instance(rq, i.id))
		html_printf(b, "<li><a class=\"button\" href=\"/plans/%u/meetings/new?instance=%lld\">%s</a></li>",
		            p.slug, (long long)i.id, _("Nouvelle séance de cette instance"));
	if (steer)
		html_printf(b, "<li><a class=\"button secondary\" href=\"/plans/%u/instances/%lld/edit\">%s</a></li>"
		               "<li><a class=\"button secondary\" href=\"/plans/%u/instances/%lld/delete\">%s</a></li>",
		            p.slug, (long long)i.id, _("Modifier l'instance"), p.slug, (long long)i.id,
		            _("Supprimer l'instance"));
	html_printf(b, "<li><a href=\"/plans/%u/instances/%lld/calendar.ics\">%s</a></li></ul>\n",
	            p.slug, (long long)i.id, _("Calendrier des séances (iCalendar)"));
	html_printf(b, "<h2>%s</h2>\n", _("Séances"));
	meetings_split(rq, b, &p, meetings, nm, today, false, 3);
	html_page_end(rq, rs);
}

/* ---- the meeting form (new, edit with status) ---------------------------------------------------- */

typedef struct {
	const char *instance, *date, *start, *duration, *place, *video_url, *status;
	long long version;
	bool conflict;
} meeting_form;

static meeting_form meeting_form_of(web_request *rq, const meeting *m)
{
	return (meeting_form){
		.instance = id_text(rq, m->instance_id), .date = html_date_text(rq->arena, m->date),
		.start = start_text(rq->arena, m->start_minute),
		.duration = m->duration_min > 0 ? arena_printf(rq->arena, "%d", m->duration_min) : "",
		.place = m->place, .video_url = m->video_url, .status = meeting_status_key(m->status),
		.version = (long long)m->version,
	};
}

static meeting_form meeting_form_posted(web_request *rq)
{
	return (meeting_form){
		.instance = web_form(rq, "instance"), .date = web_form(rq, "date"),
		.start = web_form(rq, "start"), .duration = web_form(rq, "duration"),
		.place = web_form(rq, "place"), .video_url = web_form(rq, "video_url"),
		.status = web_form(rq, "status"), .version = atoll(web_form(rq, "version")),
	};
}

static void meeting_from_form(web_request *rq, const meeting_form *f, meeting *m, diag_list *d)
{
	m->instance_id = web_id_parse(f->instance);
	if (!m->instance_id)
		diag_add(d, "instance", 0, "%s", _("Choisissez l'instance qui se réunit."));
	m->date = form_parse_date(rq->arena, f->date, "date", _("Date"), d);
	if (!date_is_set(m->date) && !form_error_of(d, "date"))
		diag_add(d, "date", 0, "%s", _("Indiquez la date de la séance."));
	const char *start = text_trim(rq->arena, or_empty(f->start));
	m->start_minute = -1;
	if (*start) {
		int h, min;
		char extra;
		if ((sscanf(start, "%d:%d%c", &h, &min, &extra) == 2 ||
		     sscanf(start, "%dh%d%c", &h, &min, &extra) == 2) && h >= 0 && h < 24 && min >= 0 &&
		    min < 60)
			m->start_minute = h * 60 + min;
		else
			diag_add(d, "start", 0, _("Heure : « %s » n'est pas une heure HH:MM."), start);
	}
	const char *duration = text_trim(rq->arena, or_empty(f->duration));
	m->duration_min = 0;
	if (*duration) {
		char *end;
		long v = strtol(duration, &end, 10);
		if (*end || v <= 0 || v > 24 * 60)
			diag_add(d, "duration", 0, _("Durée : « %s » n'est pas un nombre de minutes de 1 à "
			                             "1440."), duration);
		else
			m->duration_min = (int)v;
	}
	m->place = nonempty(rq->arena, f->place);
	m->video_url = nonempty(rq->arena, f->video_url);
	m->status = MEETING_PLANNED;
	if (f->status && *f->status && !meeting_status_parse(f->status, &m->status))
		diag_add(d, "status", 0, "%s", _("Choisissez un statut dans la liste."));
}

static const char *const meeting_fields[][2] = {
	{"instance", "instance"}, {"date", "date"}, {"start", "start"}, {"duration", "duration"},
	{"place", "place"}, {"video_url", "video_url"}, {"status", "status"},
};

static void meeting_form_page(web_request *rq, web_response *rs, const plan *p,
                              const meeting *existing, const meeting_form *f, const diag_list *d)
{
	instance *instances;
	size_t ni;
	diag_list ld;
	diag_init(&ld, rq->arena);
	if (store_instances_load(rq->store, rq->arena, p, &instances, &ni, &ld) != STORE_OK) {
		page_error(rq, rs, 500, _("Chargement impossible"));
		return;
	}
	buf *b = &rs->body;
	const char *title = existing ? arena_printf(rq->arena, _("Modifier la séance du %s"),
	                                            html_date_text(rq->arena, existing->date))
	                             : _("Nouvelle séance");
	page_begin(rq, rs, p, "meetings", title, false);
	if (!ni) {
		if (web_may_steer(rq))
			html_printf(b, "<p>%s <a href=\"/plans/%u/instances/new\">%s</a></p>\n",
			            _("Le plan n'a pas encore d'instance."), p->slug, _("Créer une instance"));
		else
			html_printf(b, "<p>%s</p>\n", _("Le plan n'a pas encore d'instance."));
		html_page_end(rq, rs);
		return;
	}
	object_form_begin(rq, b, p, "meetings", existing ? existing->id : 0, f->version, f->conflict, d);
	form_choice *c = arena_alloc(rq->arena, (ni + 1) * sizeof(*c));
	size_t n = 0;
	c[n++] = (form_choice){.value = "", .label = _("(choisir une instance)")};
	/* Only the committees the subject may record for (one check each, a handful; all
	 * when steering), and the one already chosen. */
	bool steer = web_may_steer(rq);
	for (size_t i = 0; i < ni; i++) {
		const char *value = id_text(rq, instances[i].id);
		if (steer || (f->instance && strcmp(f->instance, value) == 0) ||
		    web_may_record_for_instance(rq, instances[i].id))
			c[n++] = (form_choice){.value = value, .label = instances[i].name};
	}
	form_select_input(b, "instance", _("Instance"), NULL, c, n, f->instance, d);
	form_date_input(b, "date", _("Date"), f->date, d);
	form_text_input(b, "start", _("Heure de début"), _("HH:MM, facultative"), f->start, d,
	                " class=\"time\" autocomplete=\"off\"");
	form_text_input(b, "duration", _("Durée (minutes)"), _("Facultative"), f->duration, d,
	                " class=\"number\" inputmode=\"numeric\" autocomplete=\"off\"");
	form_text_input(b, "place", _("Lieu"), NULL, f->place, d, NULL);
	form_text_input(b, "video_url", _("Lien de visioconférence"), _("Adresse http:// ou https://"),
	                f->video_url, d, " inputmode=\"url\" autocomplete=\"off\"");
	if (existing) {
		form_choice s[4];
		for (int k = 0; k < 4; k++)
			s[k] = (form_choice){.value = meeting_status_key((meeting_status)k),
			                     .label = meeting_status_label((meeting_status)k)};
		form_select_input(b, "status", _("Statut"),
		                  _("Prévue, tenue, compte rendu approuvé, ou annulée."), s, 4, f->status, d);
	}
	form_buttons(b, _("Enregistrer"),
	             existing ? meeting_url(rq, p, existing->id)
	                      : arena_printf(rq->arena, "/plans/%s/meetings", p->slug),
	             _("Annuler"));
	html_page_end(rq, rs);
}

void page_meeting_new(web_request *rq, web_response *rs)
{
	plan p;
	if (!plan_load(rq, rs, &p, PAGE_TO_READ))
		return;
	const char *inst = web_query(rq, "instance");
	meeting_form f = {.instance = inst ? inst : "", .status = meeting_status_key(MEETING_PLANNED)};
	meeting_form_page(rq, rs, &p, NULL, &f, NULL);
}

/* A posted meeting form: created when `is_new`, else the meeting of rq->params[1] saved
 * (its minutes kept) over the version the form carries; refused or stale, as
 * instance_post. */
static void meeting_post(web_request *rq, web_response *rs, bool is_new)
{
	plan p;
	meeting current = {0};
	if (!plan_load(rq, rs, &p, PAGE_TO_CHANGE) ||
	    (!is_new && !meeting_load(rq, rs, &p, web_id_parse(rq->params[1]), &current)))
		return;
	const meeting *existing = is_new ? NULL : &current;
	diag_list d;
	diag_init(&d, rq->arena);
	meeting_form f = meeting_form_posted(rq);
	meeting m = current; /* keeps the minutes */
	meeting_from_form(rq, &f, &m, &d);
	if (m.instance_id && !web_may_record_for_instance(rq, m.instance_id)) {
		web_forbidden(rq, rs);
		return;
	}
	store_result r = diag_has_errors(&d) ? STORE_INVALID
	                 : is_new            ? store_meeting_create(rq->store, &p, &m, &d)
	                                     : store_meeting_update(rq->store, &p, &m, f.version, &d);
	if (r == STORE_OK) {
		redirect_notice(rq, rs, meeting_url(rq, &p, m.id),
		                is_new ? "meeting-created" : "meeting-saved", NULL);
	} else if (r == STORE_INVALID) {
		form_refused(rs, &d, meeting_fields, 7, "date");
		meeting_form_page(rq, rs, &p, existing, &f, &d);
	} else if (r == STORE_CONFLICT && existing) {
		if (!meeting_load(rq, rs, &p, current.id, &current))
			return;
		f.version = (long long)current.version;
		f.conflict = true;
		rs->status = 409;
		meeting_form_page(rq, rs, &p, existing, &f, NULL);
	} else {
		write_failed(rq, rs, r, _("Séance"));
	}
}

void page_meeting_create(web_request *rq, web_response *rs)
{
	meeting_post(rq, rs, true);
}

void page_meeting_edit(web_request *rq, web_response *rs)
{
	plan p;
	meeting m;
	if (!plan_load(rq, rs, &p, PAGE_TO_READ) ||
	    !meeting_load(rq, rs, &p, web_id_parse(rq->params[1]), &m))
		return;
	meeting_form f = meeting_form_of(rq, &m);
	meeting_form_page(rq, rs, &p, &m, &f, NULL);
}

void page_meeting_save(web_request *rq, web_response *rs)
{
	meeting_post(rq, rs, false);
}

void page_meeting_delete(web_request *rq, web_response *rs)
{
	plan p;
	meeting m;
	if (!plan_load(rq, rs, &p, PAGE_TO_READ) ||
	    !meeting_load(rq, rs, &p, web_id_parse(rq->params[1]), &m))
		return;
	buf *b = &rs->body;
	page_begin(rq, rs, &p, "meetings",
	           arena_printf(rq->arena, _("Supprimer la séance %s du %s"), or_empty(m.instance_name),
	                        html_date_text(rq->arena, m.date)), false);
	html_printf(b, "<p>%s</p>\n", _("Cette séance, son ordre du jour et ses participants seront "
	                                "supprimés définitivement. Une séance qui a des décisions ne "
	                                "peut pas être supprimée."));
	delete_form(rq, b, &p, "meetings", m.id, m.version, meeting_url(rq, &p, m.id));
	html_page_end(rq, rs);
}

void page_meeting_delete_confirm(web_request *rq, web_response *rs)
{
	plan p;
	meeting m;
	if (!plan_load(rq, rs, &p, PAGE_TO_CHANGE) ||
	    !meeting_load(rq, rs, &p, web_id_parse(rq->params[1]), &m))
		return;
	diag_list d;
	diag_init(&d, rq->arena);
	store_result r = store_meeting_delete(rq->store, &p, m.id, atoll(web_form(rq, "version")), &d);
	delete_answer(rq, rs, r, &d, true, arena_printf(rq->arena, "/plans/%s/meetings", p.slug),
	              "meeting-deleted", _("Séance"));
}

/* ---- the meeting page ------------------------------------------------------------------------------ */

/* Everything the meeting page shows. */
typedef struct {
	plan p;
	meeting m;
	agenda_item *agenda;        size_t agenda_count;
	meeting_attendee *attendees; size_t attendee_count;
	decision *decisions;        size_t decision_count;
	action_item *actions;       size_t action_count;   /* raised at this meeting */
	action_item *followups;     size_t followup_count;
	meeting_digest digest;
	bool has_digest;
	steering_data steering;     /* milestones and risks for the forms, phases */
	indicator_data indicators;
	jalon_date today;
	bool may_record;            /* the subject may record for this meeting (its forms) */
} meeting_view;

/* A refused form of the meeting page: which one, and its diags renamed to its field
 * ids; its fields show what was posted. */
typedef struct {
	const char *form; /* "agenda", "attendees", "decision", "action" */
	diag_list *errors;
} meeting_state;

/* What a field of `form` shows: the posted value when that form was refused, else
 * `fallback`. */
static const char *posted(web_request *rq, const meeting_state *st, const char *form,
                          const char *name, const char *fallback)
{
	if (st && st->form && strcmp(st->form, form) == 0)
		return web_form(rq, name);
	return fallback;
}

static const diag_list *errors_of(const meeting_state *st, const char *form)
{
	return st && st->form && strcmp(st->form, form) == 0 ? st->errors : NULL;
}

/* Load the plan (checking the CSRF token of a change) and meeting rq->params[1] with
 * what its page shows; false once an error page answers. */
static bool meeting_view_load(web_request *rq, web_response *rs, meeting_view *v, page_use use)
{
	memset(v, 0, sizeof(*v));
	if (!plan_load(rq, rs, &v->p, use) || !meeting_load(rq, rs, &v->p, web_id_parse(rq->params[1]), &v->m))
		return false;
	const char *today = use == PAGE_TO_READ ? web_query(rq, "today") : NULL;
	if (!steering_view_today(today && *today ? today : NULL, &v->today))
		steering_view_today(NULL, &v->today);
	store *s = rq->store;
	arena *a = rq->arena;
	const plan *p = &v->p;
	diag_list d;
	diag_init(&d, a);
	action_filter raised = {.meeting_id = v->m.id};
	if (store_agenda_load(s, a, p, v->m.id, &v->agenda, &v->agenda_count, &d) != STORE_OK ||
	    store_attendees_load(s, a, p, v->m.id, &v->attendees, &v->attendee_count, &d) != STORE_OK ||
	    store_decisions_load(s, a, p, v->m.id, &v->decisions, &v->decision_count, &d) != STORE_OK ||
	    store_action_items_load(s, a, p, &raised, &v->actions, &v->action_count, &d) != STORE_OK ||
	    store_meeting_followups(s, a, p, &v->m, &v->followups, &v->followup_count, &d) != STORE_OK ||
	    !store_steering_load(s, a, p, &v->steering, &d) ||
	    !store_indicators_load(s, a, p, MEASUREMENTS_NONE, &v->indicators, &d)) {
		page_error(rq, rs, 500, _("Chargement impossible"));
		return false;
	}
	/* The digest is a summary: the page stays usable when it cannot be computed. */
	v->has_digest = store_meeting_digest(s, a, p, &v->m, v->today, &v->digest, &d) == STORE_OK;
	return true;
}

static const element_risk *risk_of(const meeting_view *v, int64_t id)
{
	for (size_t i = 0; id && i < v->steering.risk_count; i++)
		if (v->steering.risks[i].id == id)
			return &v->steering.risks[i];
	return NULL;
}

static void meeting_header(web_request *rq, buf *b, const meeting_view *v)
{
	const plan *p = &v->p;
	const meeting *m = &v->m;
	html_printf(b, "<dl class=\"fields meeting-header\">\n<dt>%s</dt><dd><a href=\"/plans/%u/instances/%lld\">%s</a></dd>\n"
	               "<dt>%s</dt><dd>%s</dd>\n<dt>%s</dt><dd>%s</dd>\n",
	            _("Instance"), p->slug, (long long)m->instance_id, or_dash(m->instance_name),
	            _("Date"), html_date_text(rq->arena, m->date), _("Heure"),
	            m->start_minute >= 0
	                ? (m->duration_min > 0
	                       ? arena_printf(rq->arena, _("%s (%d min)"),
	                                      start_text(rq->arena, m->start_minute), m->duration_min)
	                       : start_text(rq->arena, m->start_minute))
	                : "—");
	html_printf(b, "<dt>%s</dt><dd>%s</dd>\n<dt>%s</dt><dd>", _("Lieu"), or_dash(m->place),
	            _("Visioconférence"));
	if (m->video_url)
		html_printf(b, "<a href=\"%s\" rel=\"noopener noreferrer\">%s</a>", m->video_url,
		            m->video_url);
	else
		html_printf(b, "—");
	html_printf(b, "</dd>\n<dt>%s</dt><dd><span class=\"meeting-status meeting-%s\">%s</span></dd>\n</dl>\n",
	            _("Statut"), meeting_status_key(m->status), meeting_status_label(m->status));
	const char *url = meeting_url(rq, p, m->id);
	html_printf(b, "<ul class=\"row-actions meeting-links\">");
	if (v->may_record)
		html_printf(b, "<li><a class=\"button secondary\" href=\"%s/edit\">%s</a></li>", url,
		            _("Modifier la séance ou son statut"));
	html_printf(b, "<li><a href=\"%s/report.pdf\">%s</a></li>"
	               "<li><a href=\"%s/report.xlsx\">%s</a></li>",
	            url, _("Dossier de séance (PDF)"), url, _("Dossier de séance (tableur)"));
	if (v->may_record)
		html_printf(b, "<li><a href=\"%s/delete\">%s</a></li>", url, _("Supprimer la séance"));
	html_printf(b, "</ul>\n");
}

/* A small POST form with one button (move, close, delete); `what` completes the
 * button's accessible name. */
static void post_button(web_request *rq, buf *b, const char *action, const char *hidden_name,
                        const char *hidden_value, long long version, const char *label,
                        const char *what, const char *klass)
{
	html_printf(b, "<form class=\"inline\" method=\"post\" action=\"%s\">", action);
	html_csrf_field(rq, b);
	if (hidden_name)
		html_printf(b, "<input type=\"hidden\" name=\"%s\" value=\"%s\">", hidden_name,
		            hidden_value);
	html_printf(b, "<input type=\"hidden\" name=\"version\" value=\"%lld\">"
	               "<button type=\"submit\" class=\"%s small\">%s<span class=\"visually-hidden\"> %s</span></button>"
	               "</form>",
	            version, klass, label, what);
}

/* ---- agenda ---- */

/* What a point is about, as a link to its page (a risk: its element's risks). */
static void agenda_item_link(buf *b, const meeting_view *v, const agenda_item *g)
{
	const plan *p = &v->p;
	if (g->element) {
		html_printf(b, " <span class=\"agenda-link\">(");
		element_link(b, p, g->element);
		html_printf(b, ")</span>");
	} else if (g->indicator_id && g->indicator_code) {
		html_printf(b, " <span class=\"agenda-link\">(<a href=\"/plans/%u/indicators/%u\">%s %s</a>)</span>",
		            p->slug, g->indicator_code, _("indicateur"), g->indicator_code);
	} else if (g->risk_id) {
		const element_risk *r = risk_of(v, g->risk_id);
		if (r)
			html_printf(b, " <span class=\"agenda-link\">(<a href=\"/plans/%u/elements/%lld#risques\">%s %s</a>)</span>",
			            p->slug, (long long)r->element->id, _("risque de"), r->element->code);
		else
			html_printf(b, " <span class=\"agenda-link\">(%s)</span>", or_dash(g->risk_description));
	}
}

/* The select of what a point is about: "", "e:ID", "i:ID" or "r:ID". */
static void agenda_link_select(web_request *rq, buf *b, const meeting_view *v, const char *id,
                               const char *chosen, const diag_list *d)
{
	const char *error = form_error_of(d, id);
	chosen = chosen ? chosen : "";
	html_printf(b, "<div class=\"field\"><label for=\"%s\">%s</label>"
	               "<span class=\"hint\" id=\"%s-hint\">%s</span>",
	            id, _("Au sujet de"), id, _("Facultatif : un élément, un indicateur ou un risque du "
	                                        "plan ; sans intitulé, le point prend son nom."));
	if (error)
		html_printf(b, "<p class=\"error-message\" id=\"%s-error\">%s</p>", id, error);
	html_printf(b, "<select id=\"%s\" name=\"%s\" class=\"wide\" aria-describedby=\"%s-hint%r%r\"%r>\n"
	               "<option value=\"\">%s</option>\n",
	            id, id, id, error ? " " : "", error ? arena_printf(rq->arena, "%s-error", id) : "",
	            error ? " aria-invalid=\"true\"" : "", _("(aucun)"));
	html_printf(b, "<optgroup label=\"%s\">\n", _("Éléments"));
	for (size_t i = 0; i < v->p.element_count; i++) {
		const plan_element *e = v->p.ordered[i];
		const char *value = arena_printf(rq->arena, "e:%lld", (long long)e->id);
		html_printf(b, "<option value=\"%s\"%r>%s</option>\n", value,
		            strcmp(value, chosen) == 0 ? " selected" : "", element_label(rq, e));
	}
	html_printf(b, "</optgroup>\n");
	if (v->indicators.indicator_count) {
		html_printf(b, "<optgroup label=\"%s\">\n", _("Indicateurs"));
		for (size_t i = 0; i < v->indicators.indicator_count; i++) {
			const indicator *x = &v->indicators.indicators[i];
			const char *value = arena_printf(rq->arena, "i:%lld", (long long)x->id);
			html_printf(b, "<option value=\"%s\"%r>%s — %s</option>\n", value,
			            strcmp(value, chosen) == 0 ? " selected" : "", x->code, x->name);
		}
		html_printf(b, "</optgroup>\n");
	}
	if (v->steering.risk_count) {
		html_printf(b, "<optgroup label=\"%s\">\n", _("Risques"));
		for (size_t i = 0; i < v->steering.risk_count; i++) {
			const element_risk *r = &v->steering.risks[i];
			const char *value = arena_printf(rq->arena, "r:%lld", (long long)r->id);
			html_printf(b, "<option value=\"%s\"%r>%s — %s</option>\n", value,
			            strcmp(value, chosen) == 0 ? " selected" : "", r->element->code,
			            r->description);
		}
		html_printf(b, "</optgroup>\n");
	}
	html_printf(b, "</select></div>\n");
}

static const char *agenda_link_value(web_request *rq, const agenda_item *g)
{
	if (g->element)
		return arena_printf(rq->arena, "e:%lld", (long long)g->element->id);
	if (g->indicator_id)
		return arena_printf(rq->arena, "i:%lld", (long long)g->indicator_id);
	if (g->risk_id)
		return arena_printf(rq->arena, "r:%lld", (long long)g->risk_id);
	return "";
}

/* The fields of an agenda point (the meeting page's add form, the edit page). */
static void agenda_fields(web_request *rq, buf *b, const meeting_view *v, const char *title,
                          const char *link, const char *notes, bool for_decision,
                          const diag_list *d)
{
	form_text_input(b, "agenda-title", _("Intitulé du point"), NULL, title, d, NULL);
	agenda_link_select(rq, b, v, "agenda-link", link, d);
	form_textarea_input(b, "agenda-notes", _("Notes"), NULL, notes, d, " rows=\"2\"");
	html_printf(b, "<div class=\"field checkbox\"><input type=\"checkbox\" id=\"agenda-decision\" "
	               "name=\"agenda-decision\" value=\"1\"%r><label for=\"agenda-decision\">%s</label></div>\n",
	            for_decision ? " checked" : "", _("Une décision est attendue sur ce point"));
}

static void agenda_section(web_request *rq, buf *b, const meeting_view *v, const meeting_state *st)
{
	const plan *p = &v->p;
	html_printf(b, "<section aria-labelledby=\"ordre-du-jour\">\n<h2 id=\"ordre-du-jour\">%s</h2>\n",
	            _("Ordre du jour"));
	if (!v->agenda_count)
		html_printf(b, "<p>%s</p>\n", _("L'ordre du jour est vide."));
	else
		html_printf(b, "<ol class=\"agenda\">\n");
	for (size_t i = 0; i < v->agenda_count; i++) {
		const agenda_item *g = &v->agenda[i];
		const char *action = arena_printf(rq->arena, "/plans/%s/agenda-items/%lld", p->slug,
		                                  (long long)g->id);
		const char *what = arena_printf(rq->arena, _("le point « %s »"), g->title);
		html_printf(b, "<li><span class=\"agenda-title\">%s</span>", g->title);
		agenda_item_link(b, v, g);
		if (g->for_decision)
			html_printf(b, " <strong class=\"for-decision\">%s</strong>", _("décision attendue"));
		if (g->notes)
			html_printf(b, "<p class=\"agenda-notes\">%s</p>", g->notes);
		if (!v->may_record) {
			html_printf(b, "</li>\n");
			continue;
		}
		html_printf(b, "<div class=\"row-actions\">");
		if (i > 0)
			post_button(rq, b, arena_printf(rq->arena, "%s/move", action), "direction", "up",
			            (long long)g->version, _("Monter"), what, "secondary");
		if (i + 1 < v->agenda_count)
			post_button(rq, b, arena_printf(rq->arena, "%s/move", action), "direction", "down",
			            (long long)g->version, _("Descendre"), what, "secondary");
		html_printf(b, " <a href=\"%s/edit\">%s<span class=\"visually-hidden\"> %s</span></a> ",
		            action, _("Modifier"), what);
		post_button(rq, b, arena_printf(rq->arena, "%s/delete", action), NULL, NULL,
		            (long long)g->version, _("Retirer"), what, "secondary");
		html_printf(b, "</div></li>\n");
	}
	if (v->agenda_count)
		html_printf(b, "</ol>\n");
	if (!v->may_record) {
		html_printf(b, "</section>\n");
		return;
	}
	const diag_list *d = errors_of(st, "agenda");
	html_printf(b, "<form method=\"post\" action=\"%s/agenda\" novalidate class=\"add-form\">\n"
	               "<fieldset><legend>%s</legend>\n",
	            meeting_url(rq, p, v->m.id), _("Ajouter un point"));
	html_csrf_field(rq, b);
	agenda_fields(rq, b, v, posted(rq, st, "agenda", "agenda-title", ""),
	              posted(rq, st, "agenda", "agenda-link", ""),
	              posted(rq, st, "agenda", "agenda-notes", ""),
	              *posted(rq, st, "agenda", "agenda-decision", ""), d);
	html_printf(b, "</fieldset>\n<button type=\"submit\">%s</button>\n</form>\n</section>\n",
	            _("Ajouter à l'ordre du jour"));
}

/* ---- action items (follow-up, raised here, the list) ---- */

/* The status of an action item in words: overdue ones say so, with a style as a
 * second cue. */
static void action_status_html(web_request *rq, buf *b, const action_item *a, jalon_date today)
{
	if (action_item_overdue(a, today))
		html_printf(b, "<span class=\"action-status overdue\">%s — <strong>%s</strong></span>",
		            action_status_label(a->status), _("en retard"));
	else if (!action_status_open(a->status))
		html_printf(b, "<span class=\"action-status closed\">%s (%s %s)</span>",
		            action_status_label(a->status), _("close le"),
		            html_date_shown(rq->arena, a->closed_on));
	else
		html_printf(b, "<span class=\"action-status open\">%s</span>", action_status_label(a->status));
}

/* A table of action items; `back` (a meeting's id, 0: the actions list) is where the
 * close buttons return. */
/* Which of the action items the subject may close and edit (web_may_record_action), and
 * whether any: all of them when known_all (the caller knows the subject records for
 * their meeting) or steering; none without a role that records actions; else one check
 * per row, remembered per meeting when it cannot depend on the element. */
static bool *action_rights(web_request *rq, const action_item *list, size_t n, bool known_all,
                           bool *any)
{
	bool *may = arena_alloc(rq->arena, (n + 1) * sizeof(*may));
	unsigned roles = web_plan_roles(rq);
	bool all = known_all || web_may_steer(rq);
	bool some = all || (roles & (ACCESS_BIT(ROLE_PORTEUR) | ACCESS_BIT(ROLE_MEMBRE_INSTANCE)));
	bool by_meeting = !(roles & ACCESS_BIT(ROLE_PORTEUR));
	int64_t last_meeting = -1;
	bool last = false;
	*any = false;
	for (size_t i = 0; i < n; i++) {
		const action_item *a = &list[i];
		if (all || !some) {
			may[i] = all;
		} else if (by_meeting && a->meeting_id == last_meeting) {
			may[i] = last;
		} else {
			may[i] = web_may_record_action(rq, a->meeting_id, a->element ? a->element->id : 0);
			last_meeting = a->meeting_id;
			last = may[i];
		}
		*any = *any || may[i];
	}
	return may;
}

/* known_all: the subject may record every row's action (action_rights). */
static void actions_table(web_request *rq, buf *b, const plan *p, const action_item *list,
                          size_t n, jalon_date today, const char *caption, int64_t back,
                          bool with_meeting, bool known_all)
{
	bool any;
	const bool *may = action_rights(rq, list, n, known_all, &any);
	html_printf(b, "<div class=\"table-scroll\"><table class=\"action-items\">\n<caption>%s</caption>\n"
	               "<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
	               "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>",
	            caption, _("Action"), _("Responsable"), _("Échéance"), _("Statut"), _("Élément"));
	if (with_meeting)
		html_printf(b, "<th scope=\"col\">%s</th>", _("Décidée en séance"));
	if (any)
		html_printf(b, "<th scope=\"col\"><span class=\"visually-hidden\">%s</span></th>",
		            _("Actions"));
	html_printf(b, "</tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < n; i++) {
		const action_item *a = &list[i];
		bool overdue = action_item_overdue(a, today);
		html_printf(b, "<tr class=\"%r\"><th scope=\"row\">%s</th><td>", overdue ? "overdue" : "",
		            a->text);
		person_link(rq, b, p, a->owner);
		html_printf(b, "</td><td>%s</td><td>", html_date_shown(rq->arena, a->due));
		action_status_html(rq, b, a, today);
		html_printf(b, "</td><td>");
		if (a->element)
			element_link(b, p, a->element);
		else
			html_printf(b, "—");
		html_printf(b, "</td>");
		if (with_meeting) {
			if (a->meeting_id)
				html_printf(b, "<td><a href=\"/plans/%u/meetings/%lld\">%s %s</a></td>", p->slug,
				            (long long)a->meeting_id, or_empty(a->instance_name),
				            html_date_text(rq->arena, a->meeting_date));
			else
				html_printf(b, "<td>—</td>");
		}
		if (!may[i]) {
			html_printf(b, "%r</tr>\n", any ? "<td></td>" : "");
			continue;
		}
		const char *what = arena_printf(rq->arena, _("l'action « %s »"), a->text);
		html_printf(b, "<td><div class=\"row-actions\">");
		if (action_status_open(a->status))
			post_button(rq, b, arena_printf(rq->arena, "/plans/%s/actions/%lld/close", p->slug,
			                                (long long)a->id),
			            "back", id_text(rq, back), (long long)a->version, _("Clore"), what, "");
		html_printf(b, " <a href=\"/plans/%u/actions/%lld/edit\">%s<span class=\"visually-hidden\"> %s</span></a>"
		               "</div></td></tr>\n",
		            p->slug, (long long)a->id, _("Modifier"), what);
	}
	html_printf(b, "</tbody>\n</table></div>\n");
}

static void followup_section(web_request *rq, buf *b, const meeting_view *v)
{
	html_printf(b, "<section aria-labelledby=\"suivi\">\n<h2 id=\"suivi\">%s</h2>\n",
	            _("Suivi des actions des séances précédentes"));
	if (!v->followup_count)
		html_printf(b, "<p>%s</p>\n", _("Aucune action à suivre."));
	else
		actions_table(rq, b, &v->p, v->followups, v->followup_count, v->today,
		              _("Actions décidées lors des séances précédentes de l'instance : ouvertes, "
		                "et closes depuis la dernière séance"), v->m.id, true, v->may_record);
	html_printf(b, "</section>\n");
}

/* ---- attendees ---- */

static const char *attendee_lines(web_request *rq, const meeting_view *v, attendee_presence which)
{
	buf t = {0};
	for (size_t i = 0; i < v->attendee_count; i++)
		if (v->attendees[i].presence == which)
			buf_printf(&t, "%s\n", v->attendees[i].name);
	const char *s = t.data ? arena_strdup(rq->arena, t.data) : "";
	buf_free(&t);
	return s;
}

static void attendees_section(web_request *rq, buf *b, const meeting_view *v,
                              const meeting_state *st)
{
	html_printf(b, "<section aria-labelledby=\"participants\">\n<h2 id=\"participants\">%s</h2>\n",
	            _("Participants"));
	size_t present = 0, excused = 0;
	for (size_t i = 0; i < v->attendee_count; i++)
		v->attendees[i].presence == PRESENCE_EXCUSED ? excused++ : present++;
	static const attendee_presence kinds[] = {PRESENCE_PRESENT, PRESENCE_EXCUSED};
	const char *headings[] = {_("Présents"), _("Excusés")};
	size_t counts[] = {present, excused};
	for (size_t k = 0; k < 2; k++) {
		html_printf(b, "<h3>%s (%zu)</h3>\n", headings[k], counts[k]);
		if (!counts[k]) {
			html_printf(b, "<p>%s</p>\n", _("Personne."));
			continue;
		}
		html_printf(b, "<ul class=\"attendees\">");
		for (size_t i = 0; i < v->attendee_count; i++)
			if (v->attendees[i].presence == kinds[k])
				html_printf(b, "<li>%s</li>", v->attendees[i].name);
		html_printf(b, "</ul>\n");
	}
	if (!v->may_record) {
		html_printf(b, "</section>\n");
		return;
	}
	const diag_list *d = errors_of(st, "attendees");
	html_printf(b, "<form method=\"post\" action=\"%s/attendees\" novalidate class=\"add-form\">\n"
	               "<fieldset><legend>%s</legend>\n",
	            meeting_url(rq, &v->p, v->m.id), _("Noter les participants"));
	html_csrf_field(rq, b);
	html_printf(b, "<div class=\"columns\">");
	form_textarea_input(b, "present", _("Présents"), _("Un nom par ligne."),
	                    posted(rq, st, "attendees", "present",
	                           attendee_lines(rq, v, PRESENCE_PRESENT)), d, " rows=\"6\"");
	form_textarea_input(b, "excused", _("Excusés"), _("Un nom par ligne."),
	                    posted(rq, st, "attendees", "excused",
	                           attendee_lines(rq, v, PRESENCE_EXCUSED)), d, " rows=\"6\"");
	html_printf(b, "</div></fieldset>\n<button type=\"submit\">%s</button>\n</form>\n</section>\n",
	            _("Enregistrer les participants"));
}

/* ---- since the last meeting ---- */

/* A number of the digest (cents, criticality) as text, for its kind. */
static const char *digest_value(web_request *rq, digest_kind k, const char *value)
{
	if (!value || !*value)
		return "—";
	switch (k) {
	case DIGEST_BUDGET: {
		char *end;
		long long cents = strtoll(value, &end, 10);
		return *end ? value : format_fr_money(rq->arena, cents);
	}
	case DIGEST_MILESTONE_REACHED:
	case DIGEST_MILESTONE_SLIPPED:
	case DIGEST_ACTION_OVERDUE:
		return iso_shown(rq->arena, value);
	case DIGEST_ACTION_CLOSED: {
		action_status s;
		return action_status_parse(value, &s) ? action_status_label(s) : value;
	}
	case DIGEST_INDICATOR_UPDATED: {
		/* A number with a point, shown with a comma. */
		char *s = arena_strdup(rq->arena, value), *dot = strchr(s, '.');
		if (dot)
			*dot = ',';
		return s;
	}
	default:
		return value;
	}
}

static void digest_entry_html(web_request *rq, buf *b, const plan *p, const digest_entry *e)
{
	html_printf(b, "<li>");
	if (e->element) {
		html_printf(b, "<a href=\"/plans/%u/elements/%lld\"><span class=\"code\">%s</span></a> — ",
		            p->slug, (long long)e->element->id, e->element->code);
	}
	html_printf(b, "%s", or_dash(e->subject));
	switch (e->kind) {
	case DIGEST_WEATHER:
		html_printf(b, " : ");
		weather_html(b, e->before);
		html_printf(b, " → ");
		weather_html(b, e->after);
		break;
	case DIGEST_MILESTONE_REACHED:
		html_printf(b, " : %s %s", _("atteint le"), digest_value(rq, e->kind, e->after));
		break;
	case DIGEST_MILESTONE_SLIPPED:
		if (e->after)
			html_printf(b, " : %s → %s", digest_value(rq, e->kind, e->before),
			            digest_value(rq, e->kind, e->after));
		else
			html_printf(b, " : %s %s, <strong class=\"late\">%s</strong>", _("prévu le"),
			            digest_value(rq, e->kind, e->before), _("en retard"));
		break;
	case DIGEST_RISK_NEW:
		html_printf(b, " : %s %s", _("criticité"), digest_value(rq, e->kind, e->after));
		break;
	case DIGEST_INDICATOR_UPDATED:
		html_printf(b, " : %s", digest_value(rq, e->kind, e->after));
		break;
	case DIGEST_INDICATOR_OFF_TRACK:
		html_printf(b, " : <strong class=\"late\">%s</strong>", _("hors trajectoire"));
		break;
	case DIGEST_ACTION_CLOSED:
		html_printf(b, " : %s", digest_value(rq, e->kind, e->after));
		break;
	case DIGEST_ACTION_OVERDUE:
		html_printf(b, " : %s %s, <strong class=\"late\">%s</strong>", _("échéance"),
		            digest_value(rq, e->kind, e->after), _("en retard"));
		break;
	default:
		html_printf(b, " : %s → %s", digest_value(rq, e->kind, e->before),
		            digest_value(rq, e->kind, e->after));
	}
	if (e->detail && *e->detail)
		html_printf(b, " <span class=\"detail\">(%s)</span>",
		            e->kind == DIGEST_INDICATOR_UPDATED ? iso_shown(rq->arena, e->detail) : e->detail);
	if (date_is_set(e->date))
		html_printf(b, " <span class=\"date\">— %s</span>", html_date_text(rq->arena, e->date));
	html_printf(b, "</li>\n");
}

static void digest_section(web_request *rq, buf *b, const meeting_view *v)
{
	html_printf(b, "<section aria-labelledby=\"depuis\">\n<h2 id=\"depuis\">%s</h2>\n",
	            _("Depuis la dernière séance"));
	if (!v->has_digest) {
		html_printf(b, "<p>%s</p>\n</section>\n", _("Le résumé des changements n'a pas pu être "
		                                            "calculé."));
		return;
	}
	const meeting_digest *g = &v->digest;
	html_printf(b, "<p>");
	html_printf(b, _("Du %s au %s"), html_date_text(rq->arena, g->from), html_date_text(rq->arena, g->to));
	if (g->has_previous)
		html_printf(b, " — <a href=\"/plans/%u/meetings/%lld\">%s %s</a>", v->p.slug,
		            (long long)g->previous_meeting_id, _("séance précédente du"),
		            html_date_text(rq->arena, g->previous_date));
	else
		html_printf(b, " — %s", _("première séance de l'instance"));
	html_printf(b, ".</p>\n");
	if (!g->count) {
		html_printf(b, "<p>%s</p>\n</section>\n", _("Aucun changement."));
		return;
	}
	for (int k = 0; k < DIGEST_KIND_COUNT; k++) {
		size_t n = 0;
		for (size_t i = 0; i < g->count; i++)
			n += g->entries[i].kind == (digest_kind)k;
		if (!n)
			continue;
		html_printf(b, "<h3>%s</h3>\n<ul class=\"digest digest-%s\">\n", _(digest_kind_label((digest_kind)k)),
		            digest_kind_key((digest_kind)k));
		for (size_t i = 0; i < g->count; i++)
			if (g->entries[i].kind == (digest_kind)k)
				digest_entry_html(rq, b, &v->p, &g->entries[i]);
		html_printf(b, "</ul>\n");
	}
	html_printf(b, "</section>\n");
}

/* ---- decisions ---- */

static void decision_elements_html(buf *b, const plan *p, const decision *x)
{
	if (!x->element_count) {
		html_printf(b, "—");
		return;
	}
	for (size_t k = 0; k < x->element_count; k++) {
		if (k)
			html_printf(b, ", ");
		html_printf(b, "<a href=\"/plans/%u/elements/%lld\"><span class=\"code\">%s</span></a>",
		            p->slug, (long long)x->elements[k]->id, x->elements[k]->code);
	}
}

/* The milestones of the plan grouped by element: "CODE — titre (prévu JJ/MM/AAAA)". */
static void milestone_select(web_request *rq, buf *b, const meeting_view *v, const char *id,
                             const char *chosen, const diag_list *d)
{
	const char *error = form_error_of(d, id);
	chosen = chosen ? chosen : "";
	html_printf(b, "<div class=\"field\"><label for=\"%s\">%s</label>"
	               "<span class=\"hint\" id=\"%s-hint\">%s</span>",
	            id, _("Jalon"), id, _("Pour un effet sur un jalon."));
	if (error)
		html_printf(b, "<p class=\"error-message\" id=\"%s-error\">%s</p>", id, error);
	html_printf(b, "<select id=\"%s\" name=\"%s\" class=\"wide\" aria-describedby=\"%s-hint%r%r\"%r>\n"
	               "<option value=\"\">%s</option>\n",
	            id, id, id, error ? " " : "", error ? arena_printf(rq->arena, "%s-error", id) : "",
	            error ? " aria-invalid=\"true\"" : "", _("(aucun)"));
	const plan_element *group = NULL;
	for (size_t i = 0; i < v->steering.milestone_count; i++) {
		const milestone *m = &v->steering.milestones[i];
		if (m->element != group) {
			if (group)
				html_printf(b, "</optgroup>\n");
			group = m->element;
			html_printf(b, "<optgroup label=\"%s\">\n", element_label(rq, group));
		}
		const char *value = id_text(rq, m->id);
		html_printf(b, "<option value=\"%s\"%r>%s — %s (%s %s)</option>\n", value,
		            strcmp(value, chosen) == 0 ? " selected" : "", m->element->code, m->title,
		            _("prévu"), html_date_text(rq->arena, m->planned));
	}
	if (group)
		html_printf(b, "</optgroup>\n");
	html_printf(b, "</select></div>\n");
}

static void decisions_section(web_request *rq, buf *b, const meeting_view *v,
                              const meeting_state *st, int64_t just_recorded)
{
	const plan *p = &v->p;
	html_printf(b, "<section aria-labelledby=\"decisions\">\n<h2 id=\"decisions\">%s</h2>\n",
	            _("Décisions"));
	if (!v->decision_count) {
		html_printf(b, "<p>%s</p>\n", _("Aucune décision enregistrée."));
	} else {
		html_printf(b, "<div class=\"table-scroll\"><table class=\"decisions\">\n<caption>%s</caption>\n"
		               "<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		               "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
		            _("Décisions de la séance"), _("Décision"), _("Type"), _("Éléments concernés"),
		            _("Effet sur le plan"));
		for (size_t i = 0; i < v->decision_count; i++) {
			const decision *x = &v->decisions[i];
			html_printf(b, "<tr%r><th scope=\"row\">%s</th><td>%s</td><td>",
			            x->id == just_recorded ? " class=\"just-recorded\"" : "", x->text,
			            decision_kind_label(x->kind));
			decision_elements_html(b, p, x);
			html_printf(b, "</td><td>%s</td></tr>\n", or_dash(x->effect_summary));
		}
		html_printf(b, "</tbody>\n</table></div>\n");
	}
	if (!v->may_record) {
		html_printf(b, "</section>\n");
		return;
	}
	const diag_list *d = errors_of(st, "decision");
	html_printf(b, "<form method=\"post\" action=\"%s/decisions\" novalidate class=\"add-form\">\n"
	               "<fieldset><legend>%s</legend>\n",
	            meeting_url(rq, p, v->m.id), _("Enregistrer une décision"));
	html_csrf_field(rq, b);
	form_choice kinds[6];
	for (int k = 0; k < 6; k++)
		kinds[k] = (form_choice){.value = decision_kind_key((decision_kind)k),
		                         .label = decision_kind_label((decision_kind)k)};
	form_select_input(b, "decision-kind", _("Type de décision"), NULL, kinds, 6,
	                  posted(rq, st, "decision", "decision-kind", decision_kind_key(DECISION_VALIDATION)),
	                  d);
	form_textarea_input(b, "decision-text", _("Texte de la décision"), NULL,
	                    posted(rq, st, "decision", "decision-text", ""), d, " rows=\"3\"");
	const plan_element **chosen = NULL;
	size_t n_chosen = 0;
	if (errors_of(st, "decision")) {
		diag_list ignored;
		diag_init(&ignored, rq->arena);
		n_chosen = posted_elements(rq, p, "decision-elements", "decision-elements", &chosen,
		                           &ignored);
	}
	elements_multi_select(rq, b, p, "decision-elements", _("Éléments concernés"),
	                      _("Facultatif ; plusieurs avec Ctrl ou Maj."), chosen, n_chosen, d);
	form_choice effects[6];
	for (int k = 0; k < 6; k++) {
		const char *key = decision_effect_key((decision_effect)k);
		effects[k] = (form_choice){.value = key ? key : "",
		                           .label = decision_effect_label((decision_effect)k)};
	}
	form_select_input(b, "decision-effect", _("Effet sur le plan"),
	                  _("Appliqué une fois, à l'enregistrement de la décision."), effects, 6,
	                  posted(rq, st, "decision", "decision-effect", ""), d);
	milestone_select(rq, b, v, "decision-milestone",
	                 posted(rq, st, "decision", "decision-milestone", ""), d);
	element_select(rq, b, p, "decision-element", _("Élément (phase ou avancement)"),
	               _("Pour un effet sur la phase ou l'avancement d'un élément."), _("(aucun)"),
	               posted(rq, st, "decision", "decision-element", ""), d);
	form_date_input(b, "decision-date", _("Date de l'effet"),
	                posted(rq, st, "decision", "decision-date", ""), d);
	buf phases = {0};
	for (size_t i = 0; i < v->steering.phase_count; i++)
		buf_printf(&phases, "%s%s", i ? ", " : "", v->steering.phases[i]);
	form_text_input(b, "decision-value", _("Valeur (phase ou avancement)"),
	                arena_printf(rq->arena, _("Phase : %s ; avancement : de 0 à 100."),
	                             phases.data ? phases.data : "—"),
	                posted(rq, st, "decision", "decision-value", ""), d, " autocomplete=\"off\"");
	buf_free(&phases);
	html_printf(b, "<p class=\"hint\">%s</p>\n",
	            _("Jalon atteint : date réelle = date de l'effet, ou la date de la séance ; jalon "
	              "reporté : la date de l'effet est la nouvelle prévision."));
	html_printf(b, "</fieldset>\n<button type=\"submit\">%s</button>\n</form>\n</section>\n",
	            _("Enregistrer la décision"));
}

static void actions_section(web_request *rq, buf *b, const meeting_view *v,
                            const meeting_state *st)
{
	const plan *p = &v->p;
	html_printf(b, "<section aria-labelledby=\"actions\">\n<h2 id=\"actions\">%s</h2>\n",
	            _("Actions décidées"));
	if (!v->action_count)
		html_printf(b, "<p>%s</p>\n", _("Aucune action décidée à cette séance."));
	else
		actions_table(rq, b, p, v->actions, v->action_count, v->today,
		              _("Actions décidées à cette séance : qui fait quoi pour quand"), v->m.id, false,
		              v->may_record);
	if (!v->may_record) {
		html_printf(b, "</section>\n");
		return;
	}
	const diag_list *d = errors_of(st, "action");
	html_printf(b, "<form method=\"post\" action=\"%s/actions\" novalidate class=\"add-form\">\n"
	               "<fieldset><legend>%s</legend>\n",
	            meeting_url(rq, p, v->m.id), _("Ajouter une action"));
	html_csrf_field(rq, b);
	form_text_input(b, "action-text", _("Action"), _("Ce qui doit être fait."),
	                posted(rq, st, "action", "action-text", ""), d, NULL);
	form_text_input(b, "action-owner", _("Responsable"), NULL,
	                posted(rq, st, "action", "action-owner", ""), d, NULL);
	form_date_input(b, "action-due", _("Échéance"), posted(rq, st, "action", "action-due", ""), d);
	element_select(rq, b, p, "action-element", _("Élément"), _("Facultatif."), _("(aucun)"),
	               posted(rq, st, "action", "action-element", ""), d);
	html_printf(b, "</fieldset>\n<button type=\"submit\">%s</button>\n</form>\n</section>\n",
	            _("Ajouter l'action"));
}

static void minutes_section(web_request *rq, buf *b, const meeting_view *v)
{
	html_printf(b, "<section aria-labelledby=\"compte-rendu\">\n<h2 id=\"compte-rendu\">%s</h2>\n",
	            _("Compte rendu"));
	if (v->m.minutes && *v->m.minutes) {
		html_printf(b, "<div class=\"minutes\">\n");
		markdown_render_html(b, v->m.minutes, strlen(v->m.minutes));
		html_printf(b, "</div>\n");
	} else {
		html_printf(b, "<p>%s</p>\n", _("Pas encore de compte rendu."));
	}
	if (v->may_record)
		html_printf(b, "<p class=\"actions\"><a class=\"button secondary\" href=\"%s/minutes\">%s</a></p>\n",
		            meeting_url(rq, &v->p, v->m.id), _("Rédiger le compte rendu"));
	html_printf(b, "</section>\n");
}

/* The meeting page; st, after a refused form, names it and its errors (the summary
 * at the top links to the fields, whose ids are unique on the page). */
static void meeting_page(web_request *rq, web_response *rs, meeting_view *v,
                         const meeting_state *st)
{
	buf *b = &rs->body;
	const char *title = arena_printf(rq->arena, _("Séance %s du %s"), or_empty(v->m.instance_name),
	                                 html_date_text(rq->arena, v->m.date));
	page_begin(rq, rs, &v->p, "meetings", title, false);
	const char *key = web_query(rq, "notice");
	int64_t recorded = web_id_parse(web_query(rq, "decision"));
	if (key && strcmp(key, "decision-recorded") == 0 && recorded) {
		for (size_t i = 0; i < v->decision_count; i++)
			if (v->decisions[i].id == recorded)
				html_notice(b, arena_printf(rq->arena, _("Décision enregistrée. %s"),
				                            v->decisions[i].effect_summary
				                                ? v->decisions[i].effect_summary : ""));
	} else {
		html_notice(b, notice_text(key));
	}
	if (st)
		form_error_summary(b, st->errors, NULL);
	/* The forms only for who may record for this meeting (one query, made once); a
	 * refused form (st) came through the guard. */
	v->may_record = st || web_may_record_for_instance(rq, v->m.instance_id);
	meeting_header(rq, b, v);
	agenda_section(rq, b, v, st);
	followup_section(rq, b, v);
	attendees_section(rq, b, v, st);
	digest_section(rq, b, v);
	decisions_section(rq, b, v, st, recorded);
	actions_section(rq, b, v, st);
	minutes_section(rq, b, v);
	html_page_end(rq, rs);
}

void page_meeting(web_request *rq, web_response *rs)
{
	meeting_view v;
	if (meeting_view_load(rq, rs, &v, PAGE_TO_READ))
		meeting_page(rq, rs, &v, NULL);
}

/* A form of the meeting page the store refused: the page again, 422. */
static void meeting_refused(web_request *rq, web_response *rs, const char *form, diag_list *d)
{
	meeting_view v;
	if (!meeting_view_load(rq, rs, &v, PAGE_TO_READ))
		return;
	meeting_state st = {.form = form, .errors = d};
	rs->status = 422;
	meeting_page(rq, rs, &v, &st);
}

/* A form of the meeting page, for the answer to its POST: the form's name (meeting_state),
 * how the store's field names map to its ids and where the unmapped go, and, once saved,
 * the notice and the section of the page to go back to. */
typedef struct {
	const char *form;
	const char *const (*fields)[2];
	size_t field_count;
	const char *first;
	const char *notice, *anchor;
} section_post;

/* The answer to a form of the meeting page: back to its section with the notice; the
 * page again with the form's errors; or an error page. */
static void section_post_answer(web_request *rq, web_response *rs, const meeting_view *v,
                                store_result r, diag_list *d, const section_post *post)
{
	if (r == STORE_OK) {
		redirect_notice(rq, rs, meeting_url(rq, &v->p, v->m.id), post->notice, post->anchor);
	} else if (r == STORE_INVALID) {
		rename_fields(d, post->fields, post->field_count, post->first);
		meeting_refused(rq, rs, post->form, d);
	} else {
		write_failed(rq, rs, r, _("Séance"));
	}
}

/* "e:12", "i:3", "r:7" into the point's link; anything else is an error. */
static void agenda_link_parse(const char *value, const meeting_view *v, agenda_item *g,
                              diag_list *d)
{
	g->element = NULL;
	g->indicator_id = g->risk_id = 0;
	if (!value || !*value)
		return;
	int64_t id = strlen(value) > 2 && value[1] == ':' ? web_id_parse(value + 2) : 0;
	if (id && value[0] == 'e')
		g->element = plan_find_id(&v->p, id);
	else if (id && value[0] == 'i')
		g->indicator_id = id;
	else if (id && value[0] == 'r')
		g->risk_id = id;
	if (!g->element && !g->indicator_id && !g->risk_id)
		diag_add(d, "agenda-link", 0, "%s", _("Choisissez un élément, un indicateur ou un risque "
		                                      "de la liste."));
}

/* The title a linked point takes when none is typed. */
static const char *agenda_default_title(web_request *rq, const meeting_view *v,
                                        const agenda_item *g)
{
	if (g->element)
		return element_label(rq, g->element);
	for (size_t i = 0; g->indicator_id && i < v->indicators.indicator_count; i++)
		if (v->indicators.indicators[i].id == g->indicator_id)
			return arena_printf(rq->arena, "%s — %s", v->indicators.indicators[i].code,
			                    v->indicators.indicators[i].name);
	const element_risk *r = risk_of(v, g->risk_id);
	return r ? r->description : NULL;
}

static const char *const agenda_fields_map[][2] = {
	{"title", "agenda-title"}, {"element", "agenda-link"}, {"indicator", "agenda-link"},
	{"risk", "agenda-link"}, {"notes", "agenda-notes"}, {"for_decision", "agenda-decision"},
};

static void agenda_from_form(web_request *rq, const meeting_view *v, agenda_item *g, diag_list *d)
{
	agenda_link_parse(web_form(rq, "agenda-link"), v, g, d);
	g->title = nonempty(rq->arena, web_form(rq, "agenda-title"));
	if (!g->title)
		g->title = agenda_default_title(rq, v, g);
	if (!g->title && !form_error_of(d, "agenda-link"))
		diag_add(d, "agenda-title", 0, "%s", _("Donnez un intitulé au point, ou choisissez ce "
		                                       "dont il traite."));
	g->notes = nonempty(rq->arena, web_form(rq, "agenda-notes"));
	g->for_decision = *web_form(rq, "agenda-decision") != '\0';
}

void page_agenda_add(web_request *rq, web_response *rs)
{
	meeting_view v;
	if (!meeting_view_load(rq, rs, &v, PAGE_TO_CHANGE))
		return;
	diag_list d;
	diag_init(&d, rq->arena);
	agenda_item g = {.meeting_id = v.m.id};
	agenda_from_form(rq, &v, &g, &d);
	store_result r = diag_has_errors(&d) ? STORE_INVALID
	                                     : store_agenda_item_create(rq->store, &v.p, &g, &d);
	static const section_post post = {"agenda", agenda_fields_map, 6, "agenda-title",
	                                  "agenda-added", "ordre-du-jour"};
	section_post_answer(rq, rs, &v, r, &d, &post);
}

/* Names one per line, trimmed, empty lines skipped. */
static size_t attendees_parse(web_request *rq, const char *text, attendee_presence presence,
                              meeting_attendee *out)
{
	char **lines;
	size_t n = text_split(rq->arena, text ? text : "", '\n', &lines), kept = 0;
	for (size_t i = 0; i < n; i++) {
		const char *name = text_trim(rq->arena, lines[i]);
		if (*name && out)
			out[kept] = (meeting_attendee){.name = name, .presence = presence};
		kept += *name != '\0';
	}
	return kept;
}

void page_attendees_save(web_request *rq, web_response *rs)
{
	meeting_view v;
	if (!meeting_view_load(rq, rs, &v, PAGE_TO_CHANGE))
		return;
	const char *present = web_form(rq, "present"), *excused = web_form(rq, "excused");
	size_t n = attendees_parse(rq, present, PRESENCE_PRESENT, NULL) +
	           attendees_parse(rq, excused, PRESENCE_EXCUSED, NULL);
	meeting_attendee *list = arena_alloc(rq->arena, (n + 1) * sizeof(*list));
	size_t k = attendees_parse(rq, present, PRESENCE_PRESENT, list);
	attendees_parse(rq, excused, PRESENCE_EXCUSED, list + k);
	diag_list d;
	diag_init(&d, rq->arena);
	store_result r = store_attendees_set(rq->store, &v.p, v.m.id, list, n, &d);
	static const char *const map[][2] = {{"attendees", "present"}};
	static const section_post post = {"attendees", map, 1, "present", "attendees-saved",
	                                  "participants"};
	section_post_answer(rq, rs, &v, r, &d, &post);
}

static const char *const decision_fields_map[][2] = {
	{"kind", "decision-kind"}, {"text", "decision-text"}, {"elements", "decision-elements"},
	{"effect", "decision-effect"}, {"milestone", "decision-milestone"},
	{"effect_element", "decision-element"}, {"effect_date", "decision-date"},
	{"effect_value", "decision-value"},
};

void page_decision_add(web_request *rq, web_response *rs)
{
	meeting_view v;
	if (!meeting_view_load(rq, rs, &v, PAGE_TO_CHANGE))
		return;
	diag_list d;
	diag_init(&d, rq->arena);
	decision x = {.meeting_id = v.m.id};
	if (!decision_kind_parse(web_form(rq, "decision-kind"), &x.kind))
		diag_add(&d, "decision-kind", 0, "%s", _("Choisissez un type de décision dans la liste."));
	x.text = nonempty(rq->arena, web_form(rq, "decision-text"));
	if (!x.text)
		diag_add(&d, "decision-text", 0, "%s", _("Écrivez le texte de la décision."));
	x.element_count = posted_elements(rq, &v.p, "decision-elements", "decision-elements",
	                                  &x.elements, &d);
	if (!decision_effect_parse(web_form(rq, "decision-effect"), &x.effect))
		diag_add(&d, "decision-effect", 0, "%s", _("Choisissez un effet dans la liste."));
	x.milestone_id = web_id_parse(web_form(rq, "decision-milestone"));
	int64_t element_id = web_id_parse(web_form(rq, "decision-element"));
	x.effect_element = element_id ? plan_find_id(&v.p, element_id) : NULL;
	x.effect_date = form_parse_date(rq->arena, web_form(rq, "decision-date"), "decision-date",
	                                _("Date de l'effet"), &d);
	x.effect_value = nonempty(rq->arena, web_form(rq, "decision-value"));
	/* The store says what an effect lacks; a milestone or element chosen for no effect
	 * would be silently ignored: say so instead. */
	if (x.effect == EFFECT_NONE && (x.milestone_id || x.effect_element))
		diag_add(&d, "decision-effect", 0, "%s", _("Vous avez choisi un jalon ou un élément : "
		                                           "choisissez aussi l'effet à lui appliquer."));
	if (!web_may_affect(rq, x.meeting_id, x.effect_element ? x.effect_element->id : 0,
	                    x.milestone_id)) {
		web_forbidden(rq, rs);
		return;
	}
	store_result r = diag_has_errors(&d) ? STORE_INVALID
	                                     : store_decision_create(rq->store, rq->arena, &v.p, &x, &d);
	/* Once recorded, the page says what the decision did: its id goes with the notice. */
	static const section_post post = {"decision", decision_fields_map, 8, "decision-text",
	                                  NULL, NULL};
	if (r == STORE_OK)
		web_redirect(rq, rs, arena_printf(rq->arena, "%s?notice=decision-recorded&decision=%lld#decisions",
		                                  meeting_url(rq, &v.p, v.m.id), (long long)x.id));
	else
		section_post_answer(rq, rs, &v, r, &d, &post);
}

static const char *const action_fields_map[][2] = {
	{"text", "action-text"}, {"owner", "action-owner"}, {"due", "action-due"},
	{"element", "action-element"}, {"status", "action-text"}, {"meeting", "action-text"},
};

void page_meeting_action_add(web_request *rq, web_response *rs)
{
	meeting_view v;
	if (!meeting_view_load(rq, rs, &v, PAGE_TO_CHANGE))
		return;
	diag_list d;
	diag_init(&d, rq->arena);
	action_item a = {.meeting_id = v.m.id, .status = ACTION_TODO};
	a.text = nonempty(rq->arena, web_form(rq, "action-text"));
	if (!a.text)
		diag_add(&d, "action-text", 0, "%s", _("Écrivez ce qui doit être fait."));
	a.owner = nonempty(rq->arena, web_form(rq, "action-owner"));
	a.due = form_parse_date(rq->arena, web_form(rq, "action-due"), "action-due", _("Échéance"), &d);
	int64_t element_id = web_id_parse(web_form(rq, "action-element"));
	a.element = element_id ? plan_find_id(&v.p, element_id) : NULL;
	jalon_date today;
	steering_view_today(NULL, &today);
	store_result r = diag_has_errors(&d) ? STORE_INVALID
	                                     : store_action_item_create(rq->store, &v.p, &a, today, &d);
	static const section_post post = {"action", action_fields_map, 6, "action-text",
	                                  "action-added", "actions"};
	section_post_answer(rq, rs, &v, r, &d, &post);
}

/* ---- minutes ---- */

static void minutes_page(web_request *rq, web_response *rs, const plan *p, const meeting *m,
                         const char *text, long long version, const diag_list *d)
{
	buf *b = &rs->body;
	page_begin(rq, rs, p, "meetings",
	           arena_printf(rq->arena, _("Compte rendu de la séance %s du %s"),
	                        or_empty(m->instance_name), html_date_text(rq->arena, m->date)), false);
	form_error_summary(b, d, NULL);
	html_printf(b, "<form method=\"post\" action=\"%s/minutes\" novalidate>\n",
	            meeting_url(rq, p, m->id));
	html_csrf_field(rq, b);
	html_printf(b, "<input type=\"hidden\" name=\"version\" value=\"%lld\">\n", version);
	form_textarea_input(b, "minutes", _("Compte rendu"),
	                    _("En Markdown : # titre, **gras**, _italique_, - liste, [lien](https://…). Le "
	                      "HTML n'est pas interprété."),
	                    text, d, " rows=\"18\" class=\"wide\"");
	form_buttons(b, _("Enregistrer le compte rendu"), meeting_url(rq, p, m->id), _("Annuler"));
	if (text && *text) {
		html_printf(b, "<h2>%s</h2>\n<div class=\"minutes\">\n", _("Aperçu"));
		markdown_render_html(b, text, strlen(text));
		html_printf(b, "</div>\n");
	}
	html_page_end(rq, rs);
}

void page_minutes_edit(web_request *rq, web_response *rs)
{
	plan p;
	meeting m;
	if (plan_load(rq, rs, &p, PAGE_TO_READ) && meeting_load(rq, rs, &p, web_id_parse(rq->params[1]), &m))
		minutes_page(rq, rs, &p, &m, m.minutes, (long long)m.version, NULL);
}

void page_minutes_save(web_request *rq, web_response *rs)
{
	plan p;
	meeting m;
	if (!plan_load(rq, rs, &p, PAGE_TO_CHANGE) ||
	    !meeting_load(rq, rs, &p, web_id_parse(rq->params[1]), &m))
		return;
	const char *text = web_form(rq, "minutes");
	long long version = atoll(web_form(rq, "version"));
	m.minutes = nonempty(rq->arena, text);
	diag_list d;
	diag_init(&d, rq->arena);
	store_result r = store_meeting_update(rq->store, &p, &m, version, &d);
	if (r == STORE_OK) {
		redirect_notice(rq, rs, meeting_url(rq, &p, m.id), "minutes-saved", "compte-rendu");
	} else if (r == STORE_INVALID) {
		static const char *const map[][2] = {{"minutes", "minutes"}};
		form_refused(rs, &d, map, 1, "minutes");
		minutes_page(rq, rs, &p, &m, text, version, &d);
	} else {
		write_failed(rq, rs, r, _("Séance"));
	}
}

/* ---- an agenda point: edit, move, delete ------------------------------------------------------------ */

/* The agenda point of rq->params[1] and its meeting, with the meeting page's data (for
 * the link select); false once an error page answers. The plan's meetings are searched:
 * a point is reached by its id. */
static bool agenda_item_load(web_request *rq, web_response *rs, meeting_view *v,
                             agenda_item *out, page_use use)
{
	plan p;
	if (!plan_load(rq, rs, &p, use))
		return false;
	int64_t id = web_id_parse(rq->params[1]);
	meeting *meetings;
	size_t count;
	diag_list d;
	diag_init(&d, rq->arena);
	if (store_meetings_load(rq->store, rq->arena, &p, 0, &meetings, &count, &d) != STORE_OK) {
		page_error(rq, rs, 500, _("Chargement impossible"));
		return false;
	}
	for (size_t i = 0; id && i < count; i++) {
		agenda_item *items;
		size_t n;
		if (store_agenda_load(rq->store, rq->arena, &p, meetings[i].id, &items, &n, &d) != STORE_OK)
			break;
		for (size_t k = 0; k < n; k++) {
			if (items[k].id != id)
				continue;
			*out = items[k];
			/* The meeting page's loader reads the meeting from params[1]. */
			rq->params[1] = id_text(rq, meetings[i].id);
			bool ok = meeting_view_load(rq, rs, v, PAGE_TO_READ);
			rq->params[1] = id_text(rq, id);
			return ok;
		}
	}
	page_error(rq, rs, 404, _("Point de l'ordre du jour introuvable"));
	return false;
}

static void agenda_item_page(web_request *rq, web_response *rs, const meeting_view *v,
                             const agenda_item *g, const char *title, const char *link,
                             const char *notes, bool for_decision, long long version,
                             const diag_list *d)
{
	buf *b = &rs->body;
	page_begin(rq, rs, &v->p, "meetings", _("Modifier un point de l'ordre du jour"), false);
	html_printf(b, "<p>%s <a href=\"%s\">%s %s</a></p>\n", _("Séance :"),
	            meeting_url(rq, &v->p, v->m.id), or_empty(v->m.instance_name),
	            html_date_text(rq->arena, v->m.date));
	form_error_summary(b, d, NULL);
	html_printf(b, "<form method=\"post\" action=\"/plans/%u/agenda-items/%lld/edit\" novalidate>\n",
	            v->p.slug, (long long)g->id);
	html_csrf_field(rq, b);
	html_printf(b, "<input type=\"hidden\" name=\"version\" value=\"%lld\">\n", version);
	agenda_fields(rq, b, v, title, link, notes, for_decision, d);
	form_buttons(b, _("Enregistrer"),
	             arena_printf(rq->arena, "%s#ordre-du-jour", meeting_url(rq, &v->p, v->m.id)),
	             _("Annuler"));
	html_page_end(rq, rs);
}

void page_agenda_item_edit(web_request *rq, web_response *rs)
{
	meeting_view v;
	agenda_item g;
	if (agenda_item_load(rq, rs, &v, &g, PAGE_TO_READ))
		agenda_item_page(rq, rs, &v, &g, g.title, agenda_link_value(rq, &g), g.notes,
		                 g.for_decision, (long long)g.version, NULL);
}

void page_agenda_item_save(web_request *rq, web_response *rs)
{
	meeting_view v;
	agenda_item g;
	if (!agenda_item_load(rq, rs, &v, &g, PAGE_TO_CHANGE))
		return;
	diag_list d;
	diag_init(&d, rq->arena);
	long long version = atoll(web_form(rq, "version"));
	agenda_from_form(rq, &v, &g, &d);
	store_result r = diag_has_errors(&d) ? STORE_INVALID
	                                     : store_agenda_item_update(rq->store, &v.p, &g, version, &d);
	if (r == STORE_OK) {
		redirect_notice(rq, rs, meeting_url(rq, &v.p, v.m.id), "agenda-saved", "ordre-du-jour");
	} else if (r == STORE_INVALID) {
		form_refused(rs, &d, agenda_fields_map, 6, "agenda-title");
		agenda_item_page(rq, rs, &v, &g, web_form(rq, "agenda-title"), web_form(rq, "agenda-link"),
		                 web_form(rq, "agenda-notes"), *web_form(rq, "agenda-decision"), version, &d);
	} else {
		write_failed(rq, rs, r, _("Point de l'ordre du jour"));
	}
}

void page_agenda_item_move(web_request *rq, web_response *rs)
{
	meeting_view v;
	agenda_item g;
	if (!agenda_item_load(rq, rs, &v, &g, PAGE_TO_CHANGE))
		return;
	const char *direction = web_form(rq, "direction");
	int delta = strcmp(direction, "up") == 0 ? -1 : strcmp(direction, "down") == 0 ? 1 : 0;
	if (!delta) {
		page_error(rq, rs, 400, _("Sens de déplacement inconnu."));
		return;
	}
	diag_list d;
	diag_init(&d, rq->arena);
	store_result r = store_agenda_item_move(rq->store, &v.p, g.id, delta, &d);
	if (r == STORE_OK)
		redirect_notice(rq, rs, meeting_url(rq, &v.p, v.m.id), "agenda-moved", "ordre-du-jour");
	else
		write_failed(rq, rs, r, _("Point de l'ordre du jour"));
}

void page_agenda_item_delete(web_request *rq, web_response *rs)
{
	meeting_view v;
	agenda_item g;
	if (!agenda_item_load(rq, rs, &v, &g, PAGE_TO_CHANGE))
		return;
	diag_list d;
	diag_init(&d, rq->arena);
	store_result r = store_agenda_item_delete(rq->store, &v.p, g.id,
	                                          atoll(web_form(rq, "version")), &d);
	if (r == STORE_OK)
		redirect_notice(rq, rs, meeting_url(rq, &v.p, v.m.id), "agenda-deleted", "ordre-du-jour");
	else
		write_failed(rq, rs, r, _("Point de l'ordre du jour"));
}

/* ---- action items: the list and the forms ---------------------------------------------------------- */

void page_action_close(web_request *rq, web_response *rs)
{
	plan p;
	action_item a;
	if (!plan_load(rq, rs, &p, PAGE_TO_CHANGE) ||
	    !action_load(rq, rs, &p, web_id_parse(rq->params[1]), &a))
		return;
	jalon_date today;
	steering_view_today(NULL, &today);
	a.status = ACTION_DONE;
	diag_list d;
	diag_init(&d, rq->arena);
	store_result r = store_action_item_update(rq->store, &p, &a, atoll(web_form(rq, "version")),
	                                          today, &d);
	if (r != STORE_OK) {
		write_failed(rq, rs, r, _("Action"));
		return;
	}
	int64_t back = web_id_parse(web_form(rq, "back"));
	if (back)
		redirect_notice(rq, rs, meeting_url(rq, &p, back), "action-closed", "suivi");
	else
		redirect_notice(rq, rs, arena_printf(rq->arena, "/plans/%s/actions", p.slug),
		                "action-closed", NULL);
}

typedef struct {
	const char *text, *owner, *due, *status, *element, *meeting;
	long long version;
	bool conflict;
} action_form;

static action_form action_form_of(web_request *rq, const action_item *a)
{
	return (action_form){
		.text = a->text, .owner = a->owner, .due = html_date_text(rq->arena, a->due),
		.status = action_status_key(a->status),
		.element = a->element ? id_text(rq, a->element->id) : "",
		.meeting = id_text(rq, a->meeting_id), .version = (long long)a->version,
	};
}

static action_form action_form_posted(web_request *rq)
{
	return (action_form){
		.text = web_form(rq, "text"), .owner = web_form(rq, "owner"), .due = web_form(rq, "due"),
		.status = web_form(rq, "status"), .element = web_form(rq, "element"),
		.meeting = web_form(rq, "meeting"), .version = atoll(web_form(rq, "version")),
	};
}

static void action_from_form(web_request *rq, const plan *p, const action_form *f, action_item *a,
                             diag_list *d)
{
	a->text = nonempty(rq->arena, f->text);
	if (!a->text)
		diag_add(d, "text", 0, "%s", _("Écrivez ce qui doit être fait."));
	a->owner = nonempty(rq->arena, f->owner);
	a->due = form_parse_date(rq->arena, f->due, "due", _("Échéance"), d);
	a->status = ACTION_TODO;
	if (f->status && *f->status && !action_status_parse(f->status, &a->status))
		diag_add(d, "status", 0, "%s", _("Choisissez un statut dans la liste."));
	int64_t element_id = web_id_parse(f->element);
	a->element = element_id ? plan_find_id(p, element_id) : NULL;
	if (f->element && *f->element && !a->element)
		diag_add(d, "element", 0, "%s", _("Choisissez un élément du plan."));
	a->meeting_id = web_id_parse(f->meeting);
}

static const char *const action_page_fields[][2] = {
	{"text", "text"}, {"owner", "owner"}, {"due", "due"}, {"status", "status"},
	{"element", "element"}, {"meeting", "meeting"},
};

static void action_form_page(web_request *rq, web_response *rs, const plan *p,
                             const action_item *existing, const action_form *f,
                             const diag_list *d)
{
	meeting *meetings;
	size_t nm;
	diag_list ld;
	diag_init(&ld, rq->arena);
	if (store_meetings_load(rq->store, rq->arena, p, 0, &meetings, &nm, &ld) != STORE_OK) {
		page_error(rq, rs, 500, _("Chargement impossible"));
		return;
	}
	buf *b = &rs->body;
	page_begin(rq, rs, p, "actions", existing ? _("Modifier une action") : _("Nouvelle action"),
	           false);
	object_form_begin(rq, b, p, "actions", existing ? existing->id : 0, f->version, f->conflict, d);
	form_text_input(b, "text", _("Action"), _("Ce qui doit être fait."), f->text, d, NULL);
	form_text_input(b, "owner", _("Responsable"), NULL, f->owner, d, NULL);
	form_date_input(b, "due", _("Échéance"), f->due, d);
	form_choice s[4];
	for (int k = 0; k < 4; k++)
		s[k] = (form_choice){.value = action_status_key((action_status)k),
		                     .label = action_status_label((action_status)k)};
	form_select_input(b, "status", _("Statut"), _("Faite ou abandonnée : l'action est close ; la "
	                                              "rouvrir efface sa date de clôture."),
	                  s, 4, f->status, d);
	element_select(rq, b, p, "element", _("Élément"), _("Facultatif."), _("(aucun)"), f->element, d);
	form_choice *c = arena_alloc(rq->arena, (nm + 1) * sizeof(*c));
	size_t n = 0;
	c[n++] = (form_choice){.value = "", .label = _("(aucune)")};
	for (size_t i = nm; i-- > 0;)
		c[n++] = (form_choice){.value = id_text(rq, meetings[i].id),
		                       .label = arena_printf(rq->arena, "%s — %s",
		                                             or_empty(meetings[i].instance_name),
		                                             html_date_text(rq->arena, meetings[i].date))};
	form_select_input(b, "meeting", _("Décidée en séance"), _("Facultatif."), c, n, f->meeting, d);
	form_buttons(b, _("Enregistrer"), arena_printf(rq->arena, "/plans/%s/actions", p->slug),
	             _("Annuler"));
	html_page_end(rq, rs);
}

void page_action_new(web_request *rq, web_response *rs)
{
	plan p;
	if (!plan_load(rq, rs, &p, PAGE_TO_READ))
		return;
	action_form f = {.status = action_status_key(ACTION_TODO)};
	action_form_page(rq, rs, &p, NULL, &f, NULL);
}

/* A posted action form: created when `is_new`, else the action of rq->params[1] saved
 * over the version the form carries (closing it dates the closure today); refused or
 * stale, as instance_post. */
static void action_post(web_request *rq, web_response *rs, bool is_new)
{
	plan p;
	action_item current = {0};
	if (!plan_load(rq, rs, &p, PAGE_TO_CHANGE) ||
	    (!is_new && !action_load(rq, rs, &p, web_id_parse(rq->params[1]), &current)))
		return;
	const action_item *existing = is_new ? NULL : &current;
	diag_list d;
	diag_init(&d, rq->arena);
	action_form f = action_form_posted(rq);
	action_item a = current;
	action_from_form(rq, &p, &f, &a, &d);
	if (!web_may_record_action(rq, a.meeting_id, a.element ? a.element->id : 0)) {
		web_forbidden(rq, rs);
		return;
	}
	jalon_date today;
	steering_view_today(NULL, &today);
	store_result r = diag_has_errors(&d) ? STORE_INVALID
	                 : is_new ? store_action_item_create(rq->store, &p, &a, today, &d)
	                          : store_action_item_update(rq->store, &p, &a, f.version, today, &d);
	if (r == STORE_OK) {
		redirect_notice(rq, rs, arena_printf(rq->arena, "/plans/%s/actions", p.slug),
		                is_new ? "action-added" : "action-saved", NULL);
	} else if (r == STORE_INVALID) {
		form_refused(rs, &d, action_page_fields, 6, "text");
		action_form_page(rq, rs, &p, existing, &f, &d);
	} else if (r == STORE_CONFLICT && existing) {
		if (!action_load(rq, rs, &p, current.id, &current))
			return;
		f.version = (long long)current.version;
		f.conflict = true;
		rs->status = 409;
		action_form_page(rq, rs, &p, existing, &f, NULL);
	} else {
		write_failed(rq, rs, r, _("Action"));
	}
}

void page_action_create(web_request *rq, web_response *rs)
{
	action_post(rq, rs, true);
}

void page_action_edit(web_request *rq, web_response *rs)
{
	plan p;
	action_item a;
	if (!plan_load(rq, rs, &p, PAGE_TO_READ) ||
	    !action_load(rq, rs, &p, web_id_parse(rq->params[1]), &a))
		return;
	action_form f = action_form_of(rq, &a);
	action_form_page(rq, rs, &p, &a, &f, NULL);
}

void page_action_save(web_request *rq, web_response *rs)
{
	action_post(rq, rs, false);
}

void page_action_delete(web_request *rq, web_response *rs)
{
	plan p;
	action_item a;
	if (!plan_load(rq, rs, &p, PAGE_TO_READ) ||
	    !action_load(rq, rs, &p, web_id_parse(rq->params[1]), &a))
		return;
	buf *b = &rs->body;
	page_begin(rq, rs, &p, "actions", _("Supprimer une action"), false);
	html_printf(b, "<p>%s</p>\n<blockquote>%s</blockquote>\n",
	            _("Cette action sera supprimée définitivement :"), a.text);
	delete_form(rq, b, &p, "actions", a.id, a.version, section_url(rq, &p, "actions"));
	html_page_end(rq, rs);
}

void page_action_delete_confirm(web_request *rq, web_response *rs)
{
	plan p;
	action_item a;
	if (!plan_load(rq, rs, &p, PAGE_TO_CHANGE) ||
	    !action_load(rq, rs, &p, web_id_parse(rq->params[1]), &a))
		return;
	diag_list d;
	diag_init(&d, rq->arena);
	store_result r = store_action_item_delete(rq->store, &p, a.id, atoll(web_form(rq, "version")),
	                                          &d);
	delete_answer(rq, rs, r, &d, false, arena_printf(rq->arena, "/plans/%s/actions", p.slug),
	              "action-deleted", _("Action"));
}

/* The owners named by the plan's action items, for the filter. */
static size_t action_owners(web_request *rq, const action_item *list, size_t n,
                            const char ***out)
{
	const char **owners = arena_alloc(rq->arena, (n + 1) * sizeof(*owners));
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		if (!list[i].owner)
			continue;
		bool seen = false;
		for (size_t j = 0; j < k && !seen; j++)
			seen = strcmp(owners[j], list[i].owner) == 0;
		if (!seen)
			owners[k++] = list[i].owner;
	}
	*out = owners;
	return k;
}

void page_actions(web_request *rq, web_response *rs)
{
	plan p;
	if (!plan_load(rq, rs, &p, PAGE_TO_READ))
		return;
	jalon_date today;
	steering_view_today(NULL, &today);
	const char *owner = web_query(rq, "owner"), *status = web_query(rq, "status");
	const char *overdue_text = web_query(rq, "overdue");
	owner = owner && *owner ? owner : NULL;
	status = status && *status ? status : "open";
	bool overdue_only = overdue_text && *overdue_text;
	action_item *all, *items;
	size_t n_all, n;
	diag_list d;
	diag_init(&d, rq->arena);
	action_filter everything = {0}, f = {.owner = owner, .open_only = strcmp(status, "open") == 0};
	if (store_action_items_load(rq->store, rq->arena, &p, &everything, &all, &n_all, &d) != STORE_OK ||
	    store_action_items_load(rq->store, rq->arena, &p, &f, &items, &n, &d) != STORE_OK) {
		page_error(rq, rs, 500, _("Chargement impossible"));
		return;
	}
	size_t kept = 0;
	for (size_t i = 0; i < n; i++) {
		bool open = action_status_open(items[i].status);
		if (strcmp(status, "closed") == 0 && open)
			continue;
		if (overdue_only && !action_item_overdue(&items[i], today))
			continue;
		items[kept++] = items[i];
	}
	buf *b = &rs->body;
	page_begin(rq, rs, &p, "actions", _("Actions"), true);
	html_notice(b, notice_text(web_query(rq, "notice")));
	if (web_may_steer(rq) ||
	    (web_plan_roles(rq) & (ACCESS_BIT(ROLE_PORTEUR) | ACCESS_BIT(ROLE_MEMBRE_INSTANCE))))
		html_printf(b, "<p><a class=\"button\" href=\"/plans/%u/actions/new\">%s</a></p>\n", p.slug,
		            _("Nouvelle action"));
	html_printf(b, "<form method=\"get\" action=\"/plans/%u/actions\" class=\"filters\">\n"
	               "<fieldset><legend>%s</legend>\n",
	            p.slug, _("Filtrer les actions"));
	const char **owners;
	size_t no = action_owners(rq, all, n_all, &owners);
	plan_view_select_filter(b, "owner", _("Responsable"), _("Tous"), owners, no, owner);
	form_choice statuses[] = {{.value = "open", .label = _("Ouvertes")},
	                          {.value = "closed", .label = _("Closes")},
	                          {.value = "all", .label = _("Toutes")}};
	form_select(b, &(form_field){.id = "f-status", .name = "status", .label = _("Statut"),
	                             .value = status}, statuses, 3);
	html_printf(b, "<div class=\"field checkbox\"><input type=\"checkbox\" id=\"f-overdue\" "
	               "name=\"overdue\" value=\"1\"%r><label for=\"f-overdue\">%s</label></div>\n"
	               "<button type=\"submit\">%s</button>\n</fieldset>\n</form>\n",
	            overdue_only ? " checked" : "", _("En retard seulement"), _("Filtrer"));
	html_printf(b, "<p role=\"status\">%s</p>\n",
	            arena_printf(rq->arena, i18n_count("%zu action", "%zu actions", kept), kept));
	if (kept)
		actions_table(rq, b, &p, items, kept, today,
		              _("Actions du plan : ouvertes d'abord, par échéance"), 0, true, false);
	html_page_end(rq, rs);
}

/* ---- the decision log ------------------------------------------------------------------------------- */

void page_decisions(web_request *rq, web_response *rs)
{
	plan p;
	if (!plan_load(rq, rs, &p, PAGE_TO_READ))
		return;
	diag_list d, errors;
	diag_init(&d, rq->arena);
	diag_init(&errors, rq->arena);
	const char *q = web_query(rq, "q"), *kind = web_query(rq, "kind");
	const char *inst = web_query(rq, "instance"), *from = web_query(rq, "from"),
	           *to = web_query(rq, "to");
	decision_filter f = {.query = q && *q ? q : NULL, .kind = -1,
	                     .instance_id = web_id_parse(inst)};
	decision_kind k;
	if (kind && *kind && decision_kind_parse(kind, &k))
		f.kind = (int)k;
	f.from = form_parse_date(rq->arena, from, "f-from", _("Du"), &errors);
	f.to = form_parse_date(rq->arena, to, "f-to", _("Au"), &errors);
	instance *instances;
	decision *items = NULL;
	size_t ni, n = 0;
	if (store_instances_load(rq->store, rq->arena, &p, &instances, &ni, &d) != STORE_OK ||
	    (!diag_has_errors(&errors) &&
	     store_decisions_search(rq->store, rq->arena, &p, &f, &items, &n, &d) != STORE_OK)) {
		page_error(rq, rs, 500, _("Chargement impossible"));
		return;
	}
	buf *b = &rs->body;
	page_begin(rq, rs, &p, "decisions", _("Décisions"), true);
	form_error_summary(b, &errors, NULL);
	html_printf(b, "<form method=\"get\" action=\"/plans/%u/decisions\" class=\"filters\" role=\"search\">\n"
	               "<fieldset><legend>%s</legend>\n",
	            p.slug, _("Rechercher dans le relevé de décisions"));
	form_input(b, &(form_field){.id = "f-q", .name = "q", .type = "search", .label = _("Mots"),
	                            .hint = _("Dans le texte, l'effet, les éléments ou l'instance."),
	                            .value = q});
	form_choice kinds[7] = {{.value = "", .label = _("Tous")}};
	for (int i = 0; i < 6; i++)
		kinds[i + 1] = (form_choice){.value = decision_kind_key((decision_kind)i),
		                             .label = decision_kind_label((decision_kind)i)};
	form_select(b, &(form_field){.id = "f-kind", .name = "kind", .label = _("Type"), .value = kind},
	            kinds, 7);
	form_choice *ic = arena_alloc(rq->arena, (ni + 1) * sizeof(*ic));
	ic[0] = (form_choice){.value = "", .label = _("Toutes")};
	for (size_t i = 0; i < ni; i++)
		ic[i + 1] = (form_choice){.value = id_text(rq, instances[i].id), .label = instances[i].name};
	form_select(b, &(form_field){.id = "f-instance", .name = "instance", .label = _("Instance"),
	                             .value = inst}, ic, ni + 1);
	form_input(b, &(form_field){.id = "f-from", .name = "from", .label = _("Du"),
	                            .hint = _("JJ/MM/AAAA ou AAAA-MM-JJ"), .value = from,
	                            .error = form_error_of(&errors, "f-from"),
	                            .attributes = " class=\"date\""});
	form_input(b, &(form_field){.id = "f-to", .name = "to", .label = _("Au"),
	                            .hint = _("JJ/MM/AAAA ou AAAA-MM-JJ"), .value = to,
	                            .error = form_error_of(&errors, "f-to"),
	                            .attributes = " class=\"date\""});
	html_printf(b, "<button type=\"submit\">%s</button>\n</fieldset>\n</form>\n", _("Rechercher"));
	html_printf(b, "<p role=\"status\">%s</p>\n",
	            arena_printf(rq->arena, i18n_count("%zu décision", "%zu décisions", n), n));
	if (n) {
		html_printf(b, "<div class=\"table-scroll\"><table class=\"decisions\">\n<caption>%s</caption>\n"
		               "<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		               "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		               "<th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
		            _("Relevé de décisions, de la plus récente à la plus ancienne"), _("Séance"),
		            _("Instance"), _("Type"), _("Décision"), _("Éléments"), _("Effet sur le plan"));
		for (size_t i = 0; i < n; i++) {
			const decision *x = &items[i];
			html_printf(b, "<tr><td><a href=\"/plans/%u/meetings/%lld\">%s</a></td><td>%s</td>"
			               "<td>%s</td><th scope=\"row\">%s</th><td>",
			            p.slug, (long long)x->meeting_id, html_date_text(rq->arena, x->meeting_date),
			            or_dash(x->instance_name), decision_kind_label(x->kind), x->text);
			decision_elements_html(b, &p, x);
			html_printf(b, "</td><td>%s</td></tr>\n", or_dash(x->effect_summary));
		}
		html_printf(b, "</tbody>\n</table></div>\n");
	}
	html_page_end(rq, rs);
}

/* ---- a person's page ------------------------------------------------------------------------------------ */

void page_person(web_request *rq, web_response *rs)
{
	plan p;
	if (!plan_load(rq, rs, &p, PAGE_TO_READ))
		return;
	const char *name = rq->params[1];
	const char *key = text_match_key(rq->arena, name);
	jalon_date today;
	steering_view_today(NULL, &today);
	steering_data data;
	action_item *actions;
	size_t na;
	diag_list d;
	diag_init(&d, rq->arena);
	action_filter f = {.owner = name};
	if (!store_steering_load(rq->store, rq->arena, &p, &data, &d) ||
	    store_action_items_load(rq->store, rq->arena, &p, &f, &actions, &na, &d) != STORE_OK) {
		page_error(rq, rs, 500, _("Chargement impossible"));
		return;
	}
	buf *b = &rs->body;
	page_begin(rq, rs, &p, "actions", name, false);
	html_printf(b, "<h2 id=\"elements\">%s</h2>\n", _("Éléments dont cette personne est porteuse"));
	size_t ne = 0;
	for (size_t i = 0; i < p.element_count; i++) {
		const plan_element *e = p.ordered[i];
		if (!e->owner || strcmp(text_match_key(rq->arena, e->owner), key) != 0)
			continue;
		if (!ne++)
			html_printf(b, "<ul class=\"owned-elements\">\n");
		html_printf(b, "<li>");
		element_link(b, &p, e);
		html_printf(b, "</li>\n");
	}
	html_printf(b, ne ? "</ul>\n" : "<p>%s</p>\n", _("Aucun élément."));
	html_printf(b, "<h2 id=\"actions\">%s</h2>\n", _("Actions"));
	if (na)
		actions_table(rq, b, &p, actions, na, today,
		              _("Actions dont cette personne est responsable : ouvertes d'abord"), 0, true,
		              false);
	else
		html_printf(b, "<p>%s</p>\n", _("Aucune action."));
	html_printf(b, "<h2 id=\"risques\">%s</h2>\n", _("Risques"));
	size_t nr = 0;
	for (size_t i = 0; i < data.risk_count; i++) {
		const element_risk *r = &data.risks[i];
		if (!r->owner || strcmp(text_match_key(rq->arena, r->owner), key) != 0)
			continue;
		if (!nr++)
			html_printf(b, "<ul class=\"owned-risks\">\n");
		html_printf(b, "<li><a href=\"/plans/%u/elements/%lld#risques\"><span class=\"code\">%s</span></a> — %s (%s)</li>\n",
		            p.slug, (long long)r->element->id, r->element->code, r->description,
		            risk_status_label(r->status));
	}
	html_printf(b, nr ? "</ul>\n" : "<p>%s</p>\n", _("Aucun risque."));
	html_page_end(rq, rs);
}
