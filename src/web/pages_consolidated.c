/*
 * pages_consolidated.c — the consolidated view across all organisations (issue 8):
 * GET /consolidated (a table) and GET /api/v1/consolidated (JSON).
 *
 * One row per organisation, as a tree (organisation.parent_id): an organisation's
 * figures include those of the organisations under it; then the plans of no
 * organisation, then the total. Only the plans the visitor may read count
 * (web_plans_readable); the figures come per plan from store/consolidation.c, which
 * keeps them between requests, so a view after a change computes only the changed
 * plans. ?today=AAAA-MM-JJ fixes the date that decides lateness, as on the dashboard.
 */
#include <jansson.h>
#include <string.h>

#include "core/steering.h"
#include "store/consolidation.h"
#include "store/plan_store.h"
#include "store/steering_view.h"
#include "util/format_fr.h"
#include "util/i18n.h"
#include "web/api_common.h"
#include "web/auth.h"
#include "web/html.h"
#include "web/pages.h"

typedef struct {
	const char *name;
	const char *parent_name; /* NULL at top */
	size_t parent;           /* index, or SIZE_MAX at top (or parent unknown) */
	size_t depth;            /* 0 at top */
	plan_figures own, all;   /* its plans; its plans and its descendants' */
} consolidated_row;

typedef struct {
	jalon_date today;
	consolidated_row *orgs;  /* as the store lists them, by name */
	size_t org_count;
	size_t *order;           /* org indexes, depth first, those with readable plans */
	size_t order_count;
	plan_figures none;       /* plans of no organisation */
	plan_figures total;
	size_t computed;         /* plans computed for this view (the rest reused) */
} consolidated;

static size_t org_find(const consolidated *c, const char *name, size_t hint)
{
	if (hint < c->org_count && strcmp(c->orgs[hint].name, name) == 0)
		return hint;
	for (size_t i = 0; i < c->org_count; i++)
		if (strcmp(c->orgs[i].name, name) == 0)
			return i;
	return SIZE_MAX;
}

/* Append org i then its children (in name order), depth first; depth bounds a cycle. */
static void order_visit(consolidated *c, size_t i, size_t depth)
{
	if (c->orgs[i].all.plan_count == 0 || depth > c->org_count)
		return;
	c->orgs[i].depth = depth;
	c->order[c->order_count++] = i;
	for (size_t j = 0; j < c->org_count; j++)
		if (c->orgs[j].parent == i && j != i)
			order_visit(c, j, depth + 1);
}

/* Everything the page and the API show; false when the database fails (reported). */
static bool consolidated_load(web_request *rq, consolidated *c, diag_list *d)
{
	memset(c, 0, sizeof(*c));
	const char *today = web_query(rq, "today");
	if (!steering_view_today(today && *today ? today : NULL, &c->today)) {
		diag_add(d, "today", 0, "%s", _("date du jour invalide (AAAA-MM-JJ)"));
		return false;
	}
	plan_summary *plans;
	size_t count;
	organisation_summary *orgs;
	if (!store_plan_list(rq->store, rq->arena, &plans, &count, d) ||
	    !web_plans_readable(rq, plans, &count) ||
	    !store_organisation_list(rq->store, rq->arena, &orgs, &c->org_count, d))
		return false;
	c->orgs = arena_alloc(rq->arena, (c->org_count + 1) * sizeof(*c->orgs));
	c->order = arena_alloc(rq->arena, (c->org_count + 1) * sizeof(*c->order));
	memset(c->orgs, 0, (c->org_count + 1) * sizeof(*c->orgs));
	for (size_t i = 0; i < c->org_count; i++)
		c->orgs[i] = (consolidated_row){.name = orgs[i].name, .parent_name = orgs[i].parent};
	for (size_t i = 0; i < c->org_count; i++)
		c->orgs[i].parent = c->orgs[i].parent_name
		                        ? org_find(c, c->orgs[i].parent_name, SIZE_MAX)
		                        : SIZE_MAX;
	int64_t *ids = arena_alloc(rq->arena, (count + 1) * sizeof(*ids));
	plan_figures *figures = arena_alloc(rq->arena, (count + 1) * sizeof(*figures));
	for (size_t i = 0; i < count; i++)
		ids[i] = plans[i].id;
	if (!store_plans_figures(rq->store, ids, count, c->today, figures, &c->computed, d))
		return false;
	size_t hint = SIZE_MAX;
	for (size_t i = 0; i < count; i++) {
		plan_figures_add(&c->total, &figures[i]);
		size_t o = plans[i].organisation ? org_find(c, plans[i].organisation, hint) : SIZE_MAX;
		if (o == SIZE_MAX) {
			plan_figures_add(&c->none, &figures[i]);
			continue;
		}
		hint = o;
		plan_figures_add(&c->orgs[o].own, &figures[i]);
		/* Up the tree; the bound stops a cycle the schema does not forbid. */
		for (size_t up = o, steps = 0; up != SIZE_MAX && steps <= c->org_count;
		     up = c->orgs[up].parent, steps++)
			plan_figures_add(&c->orgs[up].all, &figures[i]);
	}
	for (size_t i = 0; i < c->org_count; i++)
		if (c->orgs[i].parent == SIZE_MAX)
			order_visit(c, i, 0);
	return true;
}

/* ---- the page ----------------------------------------------------------------------------- */

static void figures_cells(web_request *rq, buf *b, const plan_figures *f)
{
	arena *a = rq->arena;
	html_printf(b,
		"<td class=\"number\">%lld</td><td class=\"number\">%lld</td>"
		"<td class=\"number\">%s</td><td class=\"number\">%s</td><td class=\"number\">%s</td>"
		"<td class=\"number\">%lld</td><td class=\"number\">%lld</td>"
		"<td class=\"number\">%lld</td>"
		"<td class=\"number\">%lld</td><td class=\"number\">%lld</td>"
		"<td class=\"number\">%lld</td></tr>\n",
		(long long)f->plan_count, (long long)f->element_count,
		format_fr_money(a, f->planned_cents), format_fr_money(a, f->committed_cents),
		format_fr_money(a, f->paid_cents), (long long)f->milestone_count,
		(long long)f->milestone_reached, (long long)f->milestone_late,
		(long long)f->weather_sun, (long long)f->weather_cloud, (long long)f->weather_storm);
}

void page_consolidated(web_request *rq, web_response *rs)
{
	diag_list d;
	diag_init(&d, rq->arena);
	consolidated c;
	if (!consolidated_load(rq, &c, &d)) {
		if (d.count && d.items[0].file && strcmp(d.items[0].file, "today") == 0)
			page_error(rq, rs, 400, d.items[0].message);
		else
			page_error(rq, rs, 500, _("La base de données ne répond pas"));
		return;
	}
	buf *b = &rs->body;
	html_page_begin(rq, rs, _("Vue consolidée"));
	html_printf(b, "<h1>%s</h1>\n", _("Vue consolidée"));
	if (c.total.plan_count == 0) {
		html_printf(b, "<p>%s</p>\n", _("Aucun plan ne vous est ouvert pour l'instant."));
		html_page_end(rq, rs);
		return;
	}
	html_printf(b, "<p>%s</p>\n",
	            _("Les chiffres d'une organisation comprennent ceux des organisations qui lui "
	              "sont rattachées, indiquées en retrait sous elle (↳). Seuls comptent les "
	              "plans qui vous sont ouverts."));
	html_printf(b,
		/* A wide table with nothing focusable in it: the scrolling region takes the focus
		 * itself, so that a keyboard can scroll it (RGAA 7.3, axe scrollable-region). */
		"<div class=\"table-scroll\" tabindex=\"0\" role=\"region\" "
		"aria-labelledby=\"consolidated-caption\">\n<table class=\"consolidated\">\n"
		"<caption id=\"consolidated-caption\">%s</caption>\n"
		"<thead><tr><th scope=\"col\">%s</th><th scope=\"col\" class=\"number\">%s</th>"
		"<th scope=\"col\" class=\"number\">%s</th><th scope=\"col\" class=\"number\">%s</th>"
		"<th scope=\"col\" class=\"number\">%s</th><th scope=\"col\" class=\"number\">%s</th>"
		"<th scope=\"col\" class=\"number\">%s</th><th scope=\"col\" class=\"number\">%s</th>"
		"<th scope=\"col\" class=\"number\">%s</th>",
		arena_printf(rq->arena, _("Plans, budget, jalons et météo par organisation, au %s"),
		             html_date_shown(rq->arena, c.today)),
		_("Organisation"), _("Plans"), _("Éléments"), _("Budget prévu"), _("Budget engagé"),
		_("Budget payé"), _("Jalons"), _("Jalons atteints"), _("Jalons en retard"));
	html_printf(b,
		"<th scope=\"col\" class=\"number\"><span aria-hidden=\"true\">☀ </span>%s</th>"
		"<th scope=\"col\" class=\"number\"><span aria-hidden=\"true\">☁ </span>%s</th>"
		"<th scope=\"col\" class=\"number\"><span aria-hidden=\"true\">⚡ </span>%s</th>"
		"</tr></thead>\n<tbody>\n",
		_("Météo soleil"), _("Météo nuage"), _("Météo orage"));
	for (size_t k = 0; k < c.order_count; k++) {
		const consolidated_row *o = &c.orgs[c.order[k]];
		html_printf(b, "<tr class=\"depth-%zu\"><th scope=\"row\">", o->depth);
		if (o->depth > 0) {
			/* The visible cue: one indent per level and an arrow, in the text itself. */
			html_printf(b, "<span aria-hidden=\"true\">");
			for (size_t i = 1; i < o->depth; i++)
				html_printf(b, "%r", "\u00a0\u00a0\u00a0\u00a0");
			html_printf(b, "↳ </span>%s<span class=\"visually-hidden\"> (%s)</span>", o->name,
			            arena_printf(rq->arena, _("rattachée à %s"), c.orgs[o->parent].name));
		} else {
			html_printf(b, "%s", o->name);
		}
		html_printf(b, "</th>");
		figures_cells(rq, b, &o->all);
	}
	if (c.none.plan_count > 0) {
		html_printf(b, "<tr><th scope=\"row\">%s</th>", _("Sans organisation"));
		figures_cells(rq, b, &c.none);
	}
	html_printf(b, "</tbody>\n<tfoot>\n<tr class=\"total\"><th scope=\"row\">%s</th>",
	            _("Total"));
	figures_cells(rq, b, &c.total);
	html_printf(b, "</tfoot>\n</table>\n</div>\n");
	html_page_end(rq, rs);
}

/* ---- the API ------------------------------------------------------------------------------ */

static json_t *figures_json(const plan_figures *f)
{
	return json_pack("{s:I, s:I, s:{s:I, s:I, s:I}, s:{s:I, s:I, s:I}, s:{s:I, s:I, s:I}}",
		"plan_count", (json_int_t)f->plan_count, "element_count", (json_int_t)f->element_count,
		"budget", "planned_cents", (json_int_t)f->planned_cents, "committed_cents",
		(json_int_t)f->committed_cents, "paid_cents", (json_int_t)f->paid_cents,
		"milestones", "total", (json_int_t)f->milestone_count, "reached",
		(json_int_t)f->milestone_reached, "late", (json_int_t)f->milestone_late,
		"weather", "soleil", (json_int_t)f->weather_sun, "nuage", (json_int_t)f->weather_cloud,
		"orage", (json_int_t)f->weather_storm);
}

void api_consolidated(web_request *rq, web_response *rs)
{
	diag_list d;
	diag_init(&d, rq->arena);
	consolidated c;
	if (!consolidated_load(rq, &c, &d)) {
		if (d.count && d.items[0].file && strcmp(d.items[0].file, "today") == 0)
			api_field_problem(rs, 400, "today", d.items[0].message);
		else
			api_problem(rs, 500, api_first_message(&d), NULL);
		return;
	}
	json_t *list = json_array();
	for (size_t k = 0; k < c.order_count; k++) {
		const consolidated_row *o = &c.orgs[c.order[k]];
		json_t *row = figures_json(&o->all);
		json_object_set_new(row, "name", json_string(o->name));
		json_object_set_new(row, "parent",
		                    o->depth > 0 ? json_string(c.orgs[o->parent].name) : json_null());
		json_object_set_new(row, "depth", json_integer((json_int_t)o->depth));
		json_object_set_new(row, "own", figures_json(&o->own));
		json_array_append_new(list, row);
	}
	json_t *out = json_object();
	json_object_set_new(out, "today", api_date_json(c.today));
	json_object_set_new(out, "organisations", list);
	json_object_set_new(out, "without_organisation", figures_json(&c.none));
	json_object_set_new(out, "total", figures_json(&c.total));
	api_json(rs, 200, out);
}
