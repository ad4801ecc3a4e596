/*
 * pages.h — the handlers of every route (router.c), grouped by file:
 * pages_home.c (home, import, static assets), pages_plan.c (overview, settings),
 * pages_element.c (sheet, forms, move, delete), api.c (JSON API).
 */
#ifndef JALON_PAGES_H
#define JALON_PAGES_H

#include "util/diag.h"
#include "web/http.h"

void page_home(web_request *rq, web_response *rs);
void page_static(web_request *rq, web_response *rs);
void page_import_form(web_request *rq, web_response *rs);
void page_import(web_request *rq, web_response *rs);
void page_plan(web_request *rq, web_response *rs);
void page_plan_settings(web_request *rq, web_response *rs);
void page_plan_settings_save(web_request *rq, web_response *rs);
/* pages_dashboard.c */
void page_plan_dashboard(web_request *rq, web_response *rs);
void page_plan_budget_svg(web_request *rq, web_response *rs);
void page_plan_roadmap_svg(web_request *rq, web_response *rs);
void page_element_new(web_request *rq, web_response *rs);
void page_element_create(web_request *rq, web_response *rs);
void page_element(web_request *rq, web_response *rs);
void page_element_edit(web_request *rq, web_response *rs);
void page_element_save(web_request *rq, web_response *rs);
void page_element_move(web_request *rq, web_response *rs);
void page_element_move_save(web_request *rq, web_response *rs);
void page_element_delete(web_request *rq, web_response *rs);
void page_element_delete_confirm(web_request *rq, web_response *rs);

void api_openapi(web_request *rq, web_response *rs);
void api_plans_list(web_request *rq, web_response *rs);
void api_plans_import(web_request *rq, web_response *rs);
void api_plan_get(web_request *rq, web_response *rs);
void api_elements_list(web_request *rq, web_response *rs);
void api_element_create(web_request *rq, web_response *rs);
void api_element_get(web_request *rq, web_response *rs);
void api_element_patch(web_request *rq, web_response *rs);
void api_element_delete(web_request *rq, web_response *rs);
/* api_steering.c */
void api_dashboard(web_request *rq, web_response *rs);
void api_element_rollup(web_request *rq, web_response *rs);
void api_baselines_list(web_request *rq, web_response *rs);
void api_baseline_take(web_request *rq, web_response *rs);
void api_baseline_get(web_request *rq, web_response *rs);
void api_milestones_list(web_request *rq, web_response *rs);
void api_milestones_import(web_request *rq, web_response *rs);
void api_budget_lines_list(web_request *rq, web_response *rs);
void api_budget_lines_import(web_request *rq, web_response *rs);
void api_element_status_get(web_request *rq, web_response *rs);
void api_element_status_put(web_request *rq, web_response *rs);

/* pages_steering.c: the element sheet's steering sections (roll-up, status and
 * weather, milestones, budget lines) and their forms. */
/* pages_risks.c: the element sheet's risks, dependencies and qualification sections
 * and their forms; called by pages_steering.c's sheet sections. data and rollup are
 * the plan's (store_steering_load, steering_rollup). */
#include "core/steering.h"
#include "store/steering_store.h"
void page_sheet_risk_sections(web_request *rq, buf *b, const plan *p, const plan_element *e,
                              const steering_data *data, const plan_rollup *rollup);

/* Shared by pages: the error page for a status (404, 403…) in the page frame. */
void page_error(web_request *rq, web_response *rs, int status, const char *message);
/* The CSV upload form (and the errors of a refused file), under a heading_tag title. */
void page_import_section(web_request *rq, buf *b, const diag_list *errors,
                         const char *file_name, const char *heading_tag);
/* Refuse a POST whose CSRF token is missing or wrong (403). True when refused. */
bool page_refuse_without_csrf(web_request *rq, web_response *rs);

#endif
