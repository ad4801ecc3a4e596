/*
 * pages.h — the handlers of every route (router.c), grouped by file:
 * pages_home.c (home, import, static assets), pages_plan.c (overview, settings),
 * pages_element.c (sheet, forms, move, delete), api.c (JSON API).
 */
#ifndef JALON_PAGES_H
#define JALON_PAGES_H

#include "util/diag.h"
#include "store/change_log.h"
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
void page_plan_roadmap(web_request *rq, web_response *rs);
void page_plan_priorities(web_request *rq, web_response *rs);
void page_plan_risks_svg(web_request *rq, web_response *rs);
void page_plan_priorities_svg(web_request *rq, web_response *rs);
/* The plan's steering screens, one link each (current: the path of this one after
 * /plans/PLAN/, "" for the overview); the indicator pages show it too. */
#include "core/plan.h"
void page_steering_nav(buf *b, const plan *p, const char *current);
/* The change journal's rows as a table (date, element, change, before, after, by whom
 * and from where), labelled by the heading of id labelled_by: the dashboard's last 30
 * days and an element's history; with restore, a "Rétablir" button on each row whose
 * value before can be put back (store_change_restorable). */
void page_changes_table(web_request *rq, buf *b, const plan *p, const char *labelled_by,
                        const change_entry *items, size_t count, bool restore);
/* POST /plans/{}/changes/{}/restore: put back the value a change replaced; the same
 * under /api/v1 (api_items.c). */
void page_change_restore(web_request *rq, web_response *rs);
void api_change_restore(web_request *rq, web_response *rs);
/* pages_indicators.c: the indicator board, an indicator's page (and its chart alone
 * at CODE.svg), the measurement form's POST, and the definition's forms (new, edit,
 * delete). */
void page_indicators(web_request *rq, web_response *rs);
void page_indicator(web_request *rq, web_response *rs);
void page_measurement_create(web_request *rq, web_response *rs);
void page_indicator_new(web_request *rq, web_response *rs);
void page_indicator_create(web_request *rq, web_response *rs);
void page_indicator_edit(web_request *rq, web_response *rs);
void page_indicator_save(web_request *rq, web_response *rs);
void page_indicator_delete(web_request *rq, web_response *rs);
void page_indicator_delete_confirm(web_request *rq, web_response *rs);
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
void page_element_status(web_request *rq, web_response *rs);
void page_element_status_save(web_request *rq, web_response *rs);
void page_milestone_new(web_request *rq, web_response *rs);
void page_milestone_create(web_request *rq, web_response *rs);
void page_milestone_edit(web_request *rq, web_response *rs);
void page_milestone_save(web_request *rq, web_response *rs);
void page_milestone_delete(web_request *rq, web_response *rs);
void page_milestone_delete_confirm(web_request *rq, web_response *rs);
void page_budget_line_new(web_request *rq, web_response *rs);
void page_budget_line_create(web_request *rq, web_response *rs);
void page_budget_line_edit(web_request *rq, web_response *rs);
void page_budget_line_save(web_request *rq, web_response *rs);
void page_budget_line_delete(web_request *rq, web_response *rs);
void page_budget_line_delete_confirm(web_request *rq, web_response *rs);
/* pages_risks.c: the element sheet's risks, dependencies and qualification sections
 * and their forms; called by pages_steering.c's sheet sections. data and rollup are
 * the plan's (store_steering_load, steering_rollup). */
#include "core/steering.h"
#include "store/steering_store.h"
/* may_edit: the subject may edit e (web_may_edit_element, computed once by the sheet):
 * the write links, buttons and forms are shown only then. */
void page_sheet_risk_sections(web_request *rq, buf *b, const plan *p, const plan_element *e,
                              const steering_data *data, const plan_rollup *rollup,
                              bool may_edit);

/* api_steering.c: a milestone and a budget line as the API gives them. */
struct json_t;
struct json_t *api_milestone_json(const milestone *m);
struct json_t *api_budget_line_json(const budget_line *l);
/* api_items.c: steering items one at a time. api_milestone_create and
 * api_budget_line_create answer the JSON bodies of POST …/milestones and
 * …/budget-lines (api_steering.c hands them over). */
void api_milestone_create(web_request *rq, web_response *rs);
void api_milestone_get(web_request *rq, web_response *rs);
void api_milestone_patch(web_request *rq, web_response *rs);
void api_milestone_delete(web_request *rq, web_response *rs);
void api_budget_line_create(web_request *rq, web_response *rs);
void api_budget_line_get(web_request *rq, web_response *rs);
void api_budget_line_patch(web_request *rq, web_response *rs);
void api_budget_line_delete(web_request *rq, web_response *rs);
void api_risks_list(web_request *rq, web_response *rs);
void api_risk_create(web_request *rq, web_response *rs);
void api_risk_get(web_request *rq, web_response *rs);
void api_risk_patch(web_request *rq, web_response *rs);
void api_risk_delete(web_request *rq, web_response *rs);
void api_dependencies_list(web_request *rq, web_response *rs);
void api_dependency_create(web_request *rq, web_response *rs);
void api_dependency_get(web_request *rq, web_response *rs);
void api_dependency_delete(web_request *rq, web_response *rs);
void api_qualification_get(web_request *rq, web_response *rs);
void api_qualification_put(web_request *rq, web_response *rs);
void api_list_get(web_request *rq, web_response *rs);
void api_list_put(web_request *rq, web_response *rs);
void api_changes_list(web_request *rq, web_response *rs);
/* api_indicators.c: a plan's indicators (the board, one with its measurements, a
 * catalogue imported from CSV) and their measurements (imported from CSV, put one at a
 * time from JSON, deleted). */
void api_indicators_list(web_request *rq, web_response *rs);
void api_indicators_import(web_request *rq, web_response *rs);
void api_indicator_get(web_request *rq, web_response *rs);
void api_measurements_post(web_request *rq, web_response *rs);
void api_measurement_delete(web_request *rq, web_response *rs);
/* The sheet's notice for the keys its forms redirect with (?notice=risk-created…),
 * NULL for another key. */
const char *page_risk_notice(const char *key);
void page_risk_new(web_request *rq, web_response *rs);
void page_risk_create(web_request *rq, web_response *rs);
void page_risk_edit(web_request *rq, web_response *rs);
void page_risk_save(web_request *rq, web_response *rs);
void page_risk_delete(web_request *rq, web_response *rs);
void page_risk_delete_confirm(web_request *rq, web_response *rs);
void page_dependencies(web_request *rq, web_response *rs);
void page_dependency_add(web_request *rq, web_response *rs);
void page_dependency_remove(web_request *rq, web_response *rs);
void page_milestone_dependency_add(web_request *rq, web_response *rs);
void page_milestone_dependency_remove(web_request *rq, web_response *rs);
void page_qualification_edit(web_request *rq, web_response *rs);
void page_qualification_save(web_request *rq, web_response *rs);
/* The plan settings page's editor of the plan's lists (funding sources, phases,
 * criteria), one form per list: pages_plan.c shows the notice or error summary under
 * its h1 and the section after its own form; state is NULL except when
 * page_plan_lists_save refused a list (it then renders the settings page through
 * page_plan_settings_render, pages_plan.c). */
typedef struct page_lists_state page_lists_state;
void page_plan_lists_summary(web_request *rq, buf *b, const page_lists_state *state);
void page_plan_lists_section(web_request *rq, buf *b, const plan *p,
                             const page_lists_state *state);
void page_plan_lists_save(web_request *rq, web_response *rs);
void page_plan_settings_render(web_request *rq, web_response *rs, const plan *p,
                               const page_lists_state *lists);
/* The sheet's steering sections, from after "Informations" to the risk sections
 * (which it calls), their write actions only when may_edit (the subject may edit e);
 * and the message of a ?notice= key of its forms, NULL for another. */
void page_sheet_steering_sections(web_request *rq, buf *b, const plan *p, const plan_element *e,
                                  bool may_edit);
const char *page_steering_notice(const char *key);

/* Shared by pages: the error page for a status (404, 403…) in the page frame. */
void page_error(web_request *rq, web_response *rs, int status, const char *message);
/* The CSV upload form (and the errors of a refused file), under a heading_tag title. */
void page_import_section(web_request *rq, buf *b, const diag_list *errors,
                         const char *file_name, const char *heading_tag);
/* Refuse a POST whose CSRF token is missing or wrong (403). True when refused. */
bool page_refuse_without_csrf(web_request *rq, web_response *rs);
/* What a handler loads its data for: to change it (a POST), the loading functions of
 * the page files first refuse a request without a valid CSRF token. */
typedef enum { PAGE_TO_READ, PAGE_TO_CHANGE } page_use;

/* ---- governance (pages_governance.c, api_governance.c) ---- */
/* pages_governance.c: the plan's instances and meetings (with the CSV import of
 * instances), an instance's page and forms, the meeting page (agenda, follow-up,
 * attendees, since the last meeting, decisions, action items, minutes) and the POSTs
 * of its forms, the action items, the decision log and a person's page. */
void page_meetings(web_request *rq, web_response *rs);
void page_instances_import(web_request *rq, web_response *rs);
void page_instance_new(web_request *rq, web_response *rs);
void page_instance_create(web_request *rq, web_response *rs);
void page_instance(web_request *rq, web_response *rs);
void page_instance_edit(web_request *rq, web_response *rs);
void page_instance_save(web_request *rq, web_response *rs);
void page_instance_delete(web_request *rq, web_response *rs);
void page_instance_delete_confirm(web_request *rq, web_response *rs);
void page_meeting_new(web_request *rq, web_response *rs);
void page_meeting_create(web_request *rq, web_response *rs);
void page_meeting(web_request *rq, web_response *rs);
void page_meeting_edit(web_request *rq, web_response *rs);
void page_meeting_save(web_request *rq, web_response *rs);
void page_meeting_delete(web_request *rq, web_response *rs);
void page_meeting_delete_confirm(web_request *rq, web_response *rs);
void page_minutes_edit(web_request *rq, web_response *rs);
void page_minutes_save(web_request *rq, web_response *rs);
void page_agenda_add(web_request *rq, web_response *rs);
void page_agenda_item_edit(web_request *rq, web_response *rs);
void page_agenda_item_save(web_request *rq, web_response *rs);
void page_agenda_item_move(web_request *rq, web_response *rs);
void page_agenda_item_delete(web_request *rq, web_response *rs);
void page_attendees_save(web_request *rq, web_response *rs);
void page_decision_add(web_request *rq, web_response *rs);
void page_meeting_action_add(web_request *rq, web_response *rs);
void page_actions(web_request *rq, web_response *rs);
void page_action_new(web_request *rq, web_response *rs);
void page_action_create(web_request *rq, web_response *rs);
void page_action_edit(web_request *rq, web_response *rs);
void page_action_save(web_request *rq, web_response *rs);
void page_action_close(web_request *rq, web_response *rs);
void page_action_delete(web_request *rq, web_response *rs);
void page_action_delete_confirm(web_request *rq, web_response *rs);
void page_decisions(web_request *rq, web_response *rs);
void page_person(web_request *rq, web_response *rs);
/* The address of a person's page (their name URL-encoded), for links from other pages. */
const char *page_person_url(arena *a, const char *plan_slug, const char *name);
/* pages_calendar.c: the calendar feeds (iCalendar) of a plan and of one of its
 * instances, under /plans and /api/v1/plans; calendar_ics renders loaded data (the
 * command `jalon calendar` uses it too), with its ETag when etag is not NULL. */
void page_plan_calendar(web_request *rq, web_response *rs);
void page_instance_calendar(web_request *rq, web_response *rs);
void api_plan_calendar(web_request *rq, web_response *rs);
void api_instance_calendar(web_request *rq, web_response *rs);
#include <time.h>
#include "store/calendar_store.h"
void calendar_ics(arena *a, const plan *p, const calendar_data *data, time_t now, buf *out,
                  const char **etag);
/* api_governance.c */
void api_instances_list(web_request *rq, web_response *rs);
void api_instance_create(web_request *rq, web_response *rs);
void api_instance_get(web_request *rq, web_response *rs);
void api_instance_patch(web_request *rq, web_response *rs);
void api_instance_delete(web_request *rq, web_response *rs);
void api_meetings_list(web_request *rq, web_response *rs);
void api_meeting_create(web_request *rq, web_response *rs);
void api_meeting_get(web_request *rq, web_response *rs);
void api_meeting_patch(web_request *rq, web_response *rs);
void api_meeting_delete(web_request *rq, web_response *rs);
void api_agenda_item_create(web_request *rq, web_response *rs);
void api_agenda_item_patch(web_request *rq, web_response *rs);
void api_agenda_item_delete(web_request *rq, web_response *rs);
void api_attendees_put(web_request *rq, web_response *rs);
void api_meeting_digest(web_request *rq, web_response *rs);
void api_decision_create(web_request *rq, web_response *rs);
void api_decisions_list(web_request *rq, web_response *rs);
void api_decision_get(web_request *rq, web_response *rs);
void api_decision_patch(web_request *rq, web_response *rs);
void api_decision_delete(web_request *rq, web_response *rs);
void api_actions_list(web_request *rq, web_response *rs);
void api_action_create(web_request *rq, web_response *rs);
void api_action_get(web_request *rq, web_response *rs);
void api_action_patch(web_request *rq, web_response *rs);
void api_action_delete(web_request *rq, web_response *rs);

/* ---- reports (pages_reports.c) ---- */
/* The reports page, the steering reports of a plan and of a meeting (PDF, XLSX), the
 * summary table (HTML, PDF, XLSX), and the same under the API (summary also as JSON). */
void page_reports(web_request *rq, web_response *rs);
void page_plan_report_pdf(web_request *rq, web_response *rs);
void page_plan_report_xlsx(web_request *rq, web_response *rs);
void page_meeting_report_pdf(web_request *rq, web_response *rs);
void page_meeting_report_xlsx(web_request *rq, web_response *rs);
void page_summary(web_request *rq, web_response *rs);
void page_summary_pdf(web_request *rq, web_response *rs);
void page_summary_xlsx(web_request *rq, web_response *rs);
void api_plan_report_pdf(web_request *rq, web_response *rs);
void api_plan_report_xlsx(web_request *rq, web_response *rs);
void api_meeting_report_pdf(web_request *rq, web_response *rs);
void api_meeting_report_xlsx(web_request *rq, web_response *rs);
void api_summary(web_request *rq, web_response *rs);
void api_summary_pdf(web_request *rq, web_response *rs);
void api_summary_xlsx(web_request *rq, web_response *rs);

/* ---- SWOT and plan versions (pages_versions.c, api_versions.c) ---- */
/* pages_versions.c: the versions page (status workflow, adoption, chain, revision,
 * comparison form), the comparison of two plans, the SWOT tables and their form. */
void page_versions(web_request *rq, web_response *rs);
void page_version_status_save(web_request *rq, web_response *rs);
void page_version_revise(web_request *rq, web_response *rs);
void page_compare(web_request *rq, web_response *rs);
void page_swot(web_request *rq, web_response *rs);
void page_swot_edit(web_request *rq, web_response *rs);
void page_swot_save(web_request *rq, web_response *rs);
/* api_versions.c: SWOT tables (the plan's, an element's), the chain of versions, the
 * status workflow, revisions and comparisons. */
void api_swot_get(web_request *rq, web_response *rs);
void api_swot_put(web_request *rq, web_response *rs);
void api_element_swot_get(web_request *rq, web_response *rs);
void api_element_swot_put(web_request *rq, web_response *rs);
void api_versions_list(web_request *rq, web_response *rs);
void api_plan_status_post(web_request *rq, web_response *rs);
void api_plan_revisions_post(web_request *rq, web_response *rs);
void api_plan_compare(web_request *rq, web_response *rs);

/* sign-in and sessions (auth.c) */
void page_login_form(web_request *rq, web_response *rs);
void page_login(web_request *rq, web_response *rs);
void page_logout(web_request *rq, web_response *rs);
void page_account(web_request *rq, web_response *rs);
void page_account_password(web_request *rq, web_response *rs);
void page_account_sessions_end(web_request *rq, web_response *rs);
void api_session_get(web_request *rq, web_response *rs);
void api_session_post(web_request *rq, web_response *rs);
void api_session_delete(web_request *rq, web_response *rs);
/* accounts (pages_accounts.c) — helper A declares its handlers here */
/* trash (pages_trash.c) — helper B declares its handlers here */
/* The plan's trash (restore a branch; empty, administrators), and the same under the API. */
void page_trash(web_request *rq, web_response *rs);
void page_trash_restore(web_request *rq, web_response *rs);
void page_trash_empty(web_request *rq, web_response *rs);
void api_trash_list(web_request *rq, web_response *rs);
void api_trash_restore(web_request *rq, web_response *rs);
void api_trash_empty(web_request *rq, web_response *rs);
/* The consolidated view across all organisations, page and API (pages_consolidated.c). */
void page_consolidated(web_request *rq, web_response *rs);
void api_consolidated(web_request *rq, web_response *rs);

#endif
