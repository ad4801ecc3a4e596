/*
 * pages_trash.c — the plan's trash in the browser and under the API: the branches
 * deleted from the plan, each with a button that puts it back whole, and the form that
 * empties the trash for good (administrators only).
 *
 * The rules live in store/trash_store.c: a restore refused (parent deleted, a code
 * taken since) changes nothing and says why; the page then shows the trash again with
 * that message in an alert at the top (409: the plan's state stands in the way). The
 * guard (auth.h) lets only steering roles here, and administrators empty; the page
 * shows the emptying form to administrators only.
 */
#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "store/plan_store.h"
#include "store/trash_store.h"
#include "util/format_fr.h"
#include "util/i18n.h"
#include "web/api_common.h"
#include "web/auth.h"
#include "web/form.h"
#include "web/html.h"
#include "web/pages.h"
#include "web/plan_view.h"

static const char *notice_text(const char *key)
{
	static const html_notice_entry notices[] = {
		{"emptied", N_("Corbeille vidée : les branches qu'elle contenait sont supprimées "
		               "définitivement.")},
	};
	return html_notice_find(notices, sizeof(notices) / sizeof(notices[0]), key);
}

/* Where the branch hung: its parent's code, "racine" at the top, or "parent supprimé". */
static const char *parent_text(const trash_entry *e)
{
	if (!e->parent_id)
		return _("racine");
	return e->parent_code ? e->parent_code : _("parent supprimé");
}

static void trash_table(web_request *rq, buf *b, const plan *p, const trash_entry *items,
                        size_t count)
{
	html_printf(b, "<table class=\"trash\">\n<caption>%s</caption>\n<thead><tr>"
	               "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
	               "<th scope=\"col\" class=\"number\">%s</th><th scope=\"col\">%s</th>"
	               "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
	               "<th scope=\"col\"><span class=\"visually-hidden\">%s</span></th>"
	               "</tr></thead>\n<tbody>\n",
	            _("Branches supprimées, les plus récentes d'abord"), _("Élément"), _("Niveau"),
	            _("Parent"), _("Contenu"), _("Supprimé le"), _("Par"), _("Entrée"), _("Action"));
	for (size_t i = 0; i < count; i++) {
		const trash_entry *e = &items[i];
		const char *elements = arena_printf(rq->arena,
			i18n_count("%zu élément", "%zu éléments", e->element_count), e->element_count);
		const char *rows = arena_printf(rq->arena,
			i18n_count("%zu ligne en tout", "%zu lignes en tout", e->row_count), e->row_count);
		html_printf(b, "<tr><th scope=\"row\"><span class=\"code\">%s</span> %s</th>"
		               "<td>%s</td><td>%s</td><td class=\"number\">%s<br>%s</td><td>%s</td>"
		               "<td>%s</td><td>n° %lld</td><td>",
		            e->code, e->title, e->level, parent_text(e), elements, rows,
		            format_fr_stamp(rq->arena, e->deleted_at), e->deleted_by ? e->deleted_by : "—",
		            (long long)e->id);
		html_printf(b, "<form method=\"post\" action=\"/plans/%u/trash/%lld/restore\">\n",
		            p->slug, (long long)e->id);
		html_csrf_field(rq, b);
		html_printf(b, "<button type=\"submit\" aria-label=\"%s\">%s</button></form></td></tr>\n",
		            arena_printf(rq->arena, _("Restaurer %s"), e->code), _("Restaurer"));
	}
	html_printf(b, "</tbody></table>\n");
}

/* The trash page; refused: the diags of a restore refused, shown in an alert. */
static void trash_page(web_request *rq, web_response *rs, const plan *p,
                       const diag_list *refused)
{
	diag_list d;
	diag_init(&d, rq->arena);
	trash_entry *items = NULL;
	size_t count = 0;
	if (!store_trash_list(rq->store, rq->arena, p->id, &items, &count, &d)) {
		page_error(rq, rs, 500, _("La base de données ne répond pas"));
		return;
	}
	buf *b = &rs->body;
	const char *title = _("Corbeille");
	html_page_begin(rq, rs, arena_printf(rq->arena, "%s — %s", title, p->title));
	plan_view_breadcrumb(rq, b, p, NULL);
	html_printf(b, "<h1>%s <span class=\"sub\">%s</span></h1>\n", title, p->title);
	if (refused && diag_has_errors(refused)) {
		html_printf(b, "<div class=\"errors\" role=\"alert\" tabindex=\"-1\"><h2>%s</h2><ul>\n",
		            _("La branche n'a pas été restaurée"));
		for (size_t i = 0; i < refused->count; i++)
			html_printf(b, "<li>%s</li>\n", refused->items[i].message);
		html_printf(b, "</ul></div>\n");
	}
	html_notice(b, notice_text(web_query(rq, "notice")));
	html_printf(b, "<p>%s</p>\n",
	            _("Un élément supprimé va ici avec toute sa branche : ses sous-éléments, jalons, "
	              "lignes budgétaires, risques, météo et liens. « Restaurer » le remet à sa place, "
	              "avec tout ce qu'il contenait, tant qu'un administrateur n'a pas vidé la "
	              "corbeille."));
	if (count == 0)
		html_printf(b, "<p class=\"empty\">%s</p>\n", _("La corbeille est vide."));
	else
		trash_table(rq, b, p, items, count);
	if (count > 0 && web_is_admin(rq)) {
		html_printf(b, "<section aria-labelledby=\"vider\"><h2 id=\"vider\">%s</h2>\n<p>%s</p>\n",
		            _("Vider la corbeille"),
		            _("Les branches de la corbeille seront supprimées définitivement : elles ne "
		              "pourront plus être restaurées."));
		html_printf(b, "<form method=\"post\" action=\"/plans/%u/trash/empty\">\n", p->slug);
		html_csrf_field(rq, b);
		html_printf(b, "<button type=\"submit\" class=\"danger\">%s</button>\n</form></section>\n",
		            _("Vider la corbeille"));
	}
	html_page_end(rq, rs);
}

void page_trash(web_request *rq, web_response *rs)
{
	plan p;
	if (!page_load_plan(rq, rs, &p))
		return;
	trash_page(rq, rs, &p, NULL);
}

void page_trash_restore(web_request *rq, web_response *rs)
{
	if (page_refuse_without_csrf(rq, rs))
		return;
	plan p;
	if (!page_load_plan(rq, rs, &p))
		return;
	int64_t id = web_id_parse(rq->params[1]);
	diag_list d;
	diag_init(&d, rq->arena);
	trash_entry entry;
	store_result r = id ? store_trash_get(rq->store, rq->arena, p.id, id, &entry, &d)
	                    : STORE_NOT_FOUND;
	if (r == STORE_OK)
		r = store_trash_restore(rq->store, p.id, id, &d);
	if (r == STORE_OK) {
		web_redirect(rq, rs, arena_printf(rq->arena, "/plans/%s/elements/%lld", p.slug,
		                                  (long long)entry.element_id));
		return;
	}
	if (r == STORE_NOT_FOUND) {
		page_error(rq, rs, 404, _("Entrée de la corbeille introuvable"));
		return;
	}
	if (r != STORE_INVALID) {
		page_error(rq, rs, 500, _("Restauration impossible"));
		return;
	}
	rs->status = 409;
	trash_page(rq, rs, &p, &d);
}

void page_trash_empty(web_request *rq, web_response *rs)
{
	if (page_refuse_without_csrf(rq, rs))
		return;
	plan p;
	if (!page_load_plan(rq, rs, &p))
		return;
	diag_list d;
	diag_init(&d, rq->arena);
	if (!store_trash_empty(rq->store, p.id, NULL, &d)) {
		page_error(rq, rs, 500, _("Vidage de la corbeille impossible"));
		return;
	}
	web_redirect(rq, rs, arena_printf(rq->arena, "/plans/%s/trash?notice=emptied", p.slug));
}

/* ---- API ------------------------------------------------------------------------------ */

static json_t *entry_json(const trash_entry *e)
{
	return json_pack("{s:I, s:I, s:s, s:s, s:s, s:o, s:o, s:I, s:I, s:s, s:o}",
	                 "id", (json_int_t)e->id, "element_id", (json_int_t)e->element_id,
	                 "code", e->code, "level", e->level, "title", e->title,
	                 "parent_id", e->parent_id ? json_integer(e->parent_id) : json_null(),
	                 "parent_code", e->parent_code ? json_string(e->parent_code) : json_null(),
	                 "element_count", (json_int_t)e->element_count,
	                 "row_count", (json_int_t)e->row_count, "deleted_at", e->deleted_at,
	                 "deleted_by", e->deleted_by ? json_string(e->deleted_by) : json_null());
}

void api_trash_list(web_request *rq, web_response *rs)
{
	plan p;
	if (!api_plan_load(rq, rs, &p))
		return;
	diag_list d;
	diag_init(&d, rq->arena);
	trash_entry *items = NULL;
	size_t count = 0;
	if (!store_trash_list(rq->store, rq->arena, p.id, &items, &count, &d)) {
		api_problem(rs, 500, api_first_message(&d), NULL);
		return;
	}
	json_t *list = json_array();
	for (size_t i = 0; i < count; i++)
		json_array_append_new(list, entry_json(&items[i]));
	api_json(rs, 200, json_pack("{s:o}", "entries", list));
}

void api_trash_restore(web_request *rq, web_response *rs)
{
	plan p;
	if (!api_plan_load(rq, rs, &p))
		return;
	int64_t id = web_id_parse(rq->params[1]);
	diag_list d;
	diag_init(&d, rq->arena);
	trash_entry entry;
	store_result r = id ? store_trash_get(rq->store, rq->arena, p.id, id, &entry, &d)
	                    : STORE_NOT_FOUND;
	if (r == STORE_OK)
		r = store_trash_restore(rq->store, p.id, id, &d);
	switch (r) {
	case STORE_OK:
		web_header(rs, rq->arena, "Location",
		           arena_printf(rq->arena, "/api/v1/plans/%s/elements/%lld", p.slug,
		                        (long long)entry.element_id));
		api_json(rs, 200, json_pack("{s:I, s:s, s:I}", "element_id",
		                            (json_int_t)entry.element_id, "code", entry.code,
		                            "restored", (json_int_t)entry.element_count));
		return;
	case STORE_NOT_FOUND:
		api_problem(rs, 404, id ? api_first_message(&d)
		                        : _("aucune entrée de ce numéro dans la corbeille de ce plan"),
		            NULL);
		return;
	case STORE_INVALID:
		api_problem(rs, 409, api_first_message(&d), api_errors(rq->arena, &d, false));
		return;
	default:
		api_problem(rs, 500, api_first_message(&d), NULL);
		return;
	}
}

void api_trash_empty(web_request *rq, web_response *rs)
{
	plan p;
	if (!api_plan_load(rq, rs, &p))
		return;
	diag_list d;
	diag_init(&d, rq->arena);
	if (!store_trash_empty(rq->store, p.id, NULL, &d)) {
		api_problem(rs, 500, api_first_message(&d), NULL);
		return;
	}
	api_send_no_content(rs);
}
