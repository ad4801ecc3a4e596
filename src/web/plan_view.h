/*
 * plan_view.h — pieces of page shared by the plan and element pages.
 */
#ifndef JALON_PLAN_VIEW_H
#define JALON_PLAN_VIEW_H

#include "core/plan.h"
#include "web/http.h"

/* Load rq->params[0] as a plan, or answer 404 and return false. */
bool page_load_plan(web_request *rq, web_response *rs, plan *p);
/* Home › plan › ancestors › element (e NULL: the plan itself is the current page). */
void plan_view_breadcrumb(web_request *rq, buf *b, const plan *p, const plan_element *e);
/* The distinct non-empty values of a field over the plan, in plan order. */
size_t plan_view_distinct_values(arena *a, const plan *p,
                                 const char *(*get)(const plan_element *), const char ***out);
const char *plan_view_level(const plan_element *e);
const char *plan_view_owner(const plan_element *e);
/* A labelled <select> of a GET filter form (id "f-NAME"): `all` first (value ""), then
 * the values, `chosen` selected. */
void plan_view_select_filter(buf *b, const char *name, const char *label, const char *all,
                             const char *const *values, size_t n, const char *chosen);

#endif
