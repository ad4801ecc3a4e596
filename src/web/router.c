/*
 * router.c — every URL jalon serves, in one table.
 */
#include "web/router.h"

#include <string.h>

#include "web/pages.h"

static const web_route routes[] = {
	{"GET", "/", page_home, WEB_ACCESS_OPEN},
	{"GET", "/static/{}", page_static, WEB_ACCESS_OPEN},
	{"GET", "/import", page_import_form, WEB_ACCESS_PLAN_CREATE},
	{"POST", "/import", page_import, WEB_ACCESS_PLAN_CREATE},
	{"GET", "/plans/{}", page_plan, WEB_ACCESS_PLAN_READ},
	{"GET", "/plans/{}/settings", page_plan_settings, WEB_ACCESS_PLAN_STEER},
	{"POST", "/plans/{}/settings", page_plan_settings_save, WEB_ACCESS_PLAN_STEER},
	{"GET", "/plans/{}/dashboard", page_plan_dashboard, WEB_ACCESS_PLAN_READ},
	{"GET", "/plans/{}/budget.svg", page_plan_budget_svg, WEB_ACCESS_PLAN_READ},
	{"GET", "/plans/{}/roadmap.svg", page_plan_roadmap_svg, WEB_ACCESS_PLAN_READ},
	{"GET", "/plans/{}/roadmap", page_plan_roadmap, WEB_ACCESS_PLAN_READ},
	{"GET", "/plans/{}/priorities", page_plan_priorities, WEB_ACCESS_PLAN_READ},
	{"GET", "/plans/{}/priorities.svg", page_plan_priorities_svg, WEB_ACCESS_PLAN_READ},
	{"GET", "/plans/{}/risks.svg", page_plan_risks_svg, WEB_ACCESS_PLAN_READ},
	/* An indicator's chart alone is /plans/{}/indicators/CODE.svg: page_indicator
	 * answers both (a {} takes the whole segment). */
	{"GET", "/plans/{}/indicators", page_indicators, WEB_ACCESS_PLAN_READ},
	{"GET", "/plans/{}/indicators/new", page_indicator_new, WEB_ACCESS_PLAN_STEER},
	{"POST", "/plans/{}/indicators/new", page_indicator_create, WEB_ACCESS_PLAN_STEER},
	{"GET", "/plans/{}/indicators/{}", page_indicator, WEB_ACCESS_PLAN_READ},
	{"GET", "/plans/{}/indicators/{}/edit", page_indicator_edit, WEB_ACCESS_PLAN_STEER},
	{"POST", "/plans/{}/indicators/{}/edit", page_indicator_save, WEB_ACCESS_PLAN_STEER},
	{"GET", "/plans/{}/indicators/{}/delete", page_indicator_delete, WEB_ACCESS_PLAN_STEER},
	{"POST", "/plans/{}/indicators/{}/delete", page_indicator_delete_confirm, WEB_ACCESS_PLAN_STEER},
	{"POST", "/plans/{}/indicators/{}/measurements", page_measurement_create, WEB_ACCESS_INDICATOR},
	{"GET", "/plans/{}/elements/new", page_element_new, WEB_ACCESS_PLAN_WRITE},
	{"POST", "/plans/{}/elements", page_element_create, WEB_ACCESS_PLAN_WRITE},
	{"GET", "/plans/{}/elements/{}", page_element, WEB_ACCESS_PLAN_READ},
	{"GET", "/plans/{}/elements/{}/edit", page_element_edit, WEB_ACCESS_ELEMENT},
	{"POST", "/plans/{}/elements/{}/edit", page_element_save, WEB_ACCESS_ELEMENT},
	{"GET", "/plans/{}/elements/{}/move", page_element_move, WEB_ACCESS_ELEMENT},
	{"POST", "/plans/{}/elements/{}/move", page_element_move_save, WEB_ACCESS_ELEMENT},
	{"GET", "/plans/{}/elements/{}/delete", page_element_delete, WEB_ACCESS_ELEMENT_PARENT},
	{"POST", "/plans/{}/elements/{}/delete", page_element_delete_confirm, WEB_ACCESS_ELEMENT_PARENT},
	{"GET", "/plans/{}/elements/{}/risks/new", page_risk_new, WEB_ACCESS_ELEMENT},
	{"POST", "/plans/{}/elements/{}/risks/new", page_risk_create, WEB_ACCESS_ELEMENT},
	{"GET", "/plans/{}/risks/{}/edit", page_risk_edit, WEB_ACCESS_RISK},
	{"POST", "/plans/{}/risks/{}/edit", page_risk_save, WEB_ACCESS_RISK},
	{"GET", "/plans/{}/risks/{}/delete", page_risk_delete, WEB_ACCESS_RISK},
	{"POST", "/plans/{}/risks/{}/delete", page_risk_delete_confirm, WEB_ACCESS_RISK},
	{"GET", "/plans/{}/elements/{}/dependencies", page_dependencies, WEB_ACCESS_PLAN_READ},
	{"POST", "/plans/{}/elements/{}/dependencies", page_dependency_add, WEB_ACCESS_ELEMENT},
	{"POST", "/plans/{}/elements/{}/dependencies/delete", page_dependency_remove, WEB_ACCESS_ELEMENT},
	{"GET", "/plans/{}/elements/{}/milestone-dependencies", page_dependencies, WEB_ACCESS_PLAN_READ},
	{"POST", "/plans/{}/elements/{}/milestone-dependencies", page_milestone_dependency_add, WEB_ACCESS_ELEMENT},
	{"POST", "/plans/{}/elements/{}/milestone-dependencies/delete", page_milestone_dependency_remove, WEB_ACCESS_ELEMENT},
	{"GET", "/plans/{}/elements/{}/qualification", page_qualification_edit, WEB_ACCESS_PLAN_STEER},
	{"POST", "/plans/{}/elements/{}/qualification", page_qualification_save, WEB_ACCESS_PLAN_STEER},
	{"POST", "/plans/{}/settings/lists", page_plan_lists_save, WEB_ACCESS_PLAN_STEER},
	{"GET", "/plans/{}/elements/{}/status", page_element_status, WEB_ACCESS_ELEMENT},
	{"POST", "/plans/{}/elements/{}/status", page_element_status_save, WEB_ACCESS_ELEMENT},
	{"GET", "/plans/{}/elements/{}/milestones/new", page_milestone_new, WEB_ACCESS_ELEMENT},
	{"POST", "/plans/{}/elements/{}/milestones/new", page_milestone_create, WEB_ACCESS_ELEMENT},
	{"GET", "/plans/{}/milestones/{}/edit", page_milestone_edit, WEB_ACCESS_MILESTONE},
	{"POST", "/plans/{}/milestones/{}/edit", page_milestone_save, WEB_ACCESS_MILESTONE},
	{"GET", "/plans/{}/milestones/{}/delete", page_milestone_delete, WEB_ACCESS_MILESTONE},
	{"POST", "/plans/{}/milestones/{}/delete", page_milestone_delete_confirm, WEB_ACCESS_MILESTONE},
	{"GET", "/plans/{}/elements/{}/budget-lines/new", page_budget_line_new, WEB_ACCESS_ELEMENT},
	{"POST", "/plans/{}/elements/{}/budget-lines/new", page_budget_line_create, WEB_ACCESS_ELEMENT},
	{"GET", "/plans/{}/budget-lines/{}/edit", page_budget_line_edit, WEB_ACCESS_BUDGET_LINE},
	{"POST", "/plans/{}/budget-lines/{}/edit", page_budget_line_save, WEB_ACCESS_BUDGET_LINE},
	{"GET", "/plans/{}/budget-lines/{}/delete", page_budget_line_delete, WEB_ACCESS_BUDGET_LINE},
	{"POST", "/plans/{}/budget-lines/{}/delete", page_budget_line_delete_confirm, WEB_ACCESS_BUDGET_LINE},
	{"POST", "/plans/{}/changes/{}/restore", page_change_restore, WEB_ACCESS_CHANGE},
	/* governance pages (pages_governance.c) */
	{"GET", "/plans/{}/calendar.ics", page_plan_calendar, WEB_ACCESS_PLAN_READ},
	{"GET", "/plans/{}/instances/{}/calendar.ics", page_instance_calendar, WEB_ACCESS_PLAN_READ},
	{"GET", "/plans/{}/meetings", page_meetings, WEB_ACCESS_PLAN_READ},
	{"POST", "/plans/{}/instances/import", page_instances_import, WEB_ACCESS_PLAN_STEER},
	{"GET", "/plans/{}/instances/new", page_instance_new, WEB_ACCESS_PLAN_STEER},
	{"POST", "/plans/{}/instances/new", page_instance_create, WEB_ACCESS_PLAN_STEER},
	{"GET", "/plans/{}/instances/{}", page_instance, WEB_ACCESS_PLAN_READ},
	{"GET", "/plans/{}/instances/{}/edit", page_instance_edit, WEB_ACCESS_PLAN_STEER},
	{"POST", "/plans/{}/instances/{}/edit", page_instance_save, WEB_ACCESS_PLAN_STEER},
	{"GET", "/plans/{}/instances/{}/delete", page_instance_delete, WEB_ACCESS_PLAN_STEER},
	{"POST", "/plans/{}/instances/{}/delete", page_instance_delete_confirm, WEB_ACCESS_PLAN_STEER},
	{"GET", "/plans/{}/meetings/new", page_meeting_new, WEB_ACCESS_PLAN_WRITE},
	{"POST", "/plans/{}/meetings/new", page_meeting_create, WEB_ACCESS_PLAN_WRITE},
	{"GET", "/plans/{}/meetings/{}", page_meeting, WEB_ACCESS_PLAN_READ},
	{"GET", "/plans/{}/meetings/{}/edit", page_meeting_edit, WEB_ACCESS_MEETING},
	{"POST", "/plans/{}/meetings/{}/edit", page_meeting_save, WEB_ACCESS_MEETING},
	{"GET", "/plans/{}/meetings/{}/delete", page_meeting_delete, WEB_ACCESS_MEETING},
	{"POST", "/plans/{}/meetings/{}/delete", page_meeting_delete_confirm, WEB_ACCESS_MEETING},
	{"GET", "/plans/{}/meetings/{}/minutes", page_minutes_edit, WEB_ACCESS_MEETING},
	{"POST", "/plans/{}/meetings/{}/minutes", page_minutes_save, WEB_ACCESS_MEETING},
	{"POST", "/plans/{}/meetings/{}/agenda", page_agenda_add, WEB_ACCESS_MEETING},
	{"POST", "/plans/{}/meetings/{}/attendees", page_attendees_save, WEB_ACCESS_MEETING},
	{"POST", "/plans/{}/meetings/{}/decisions", page_decision_add, WEB_ACCESS_MEETING},
	{"POST", "/plans/{}/meetings/{}/actions", page_meeting_action_add, WEB_ACCESS_MEETING},
	{"GET", "/plans/{}/agenda-items/{}/edit", page_agenda_item_edit, WEB_ACCESS_AGENDA_ITEM},
	{"POST", "/plans/{}/agenda-items/{}/edit", page_agenda_item_save, WEB_ACCESS_AGENDA_ITEM},
	{"POST", "/plans/{}/agenda-items/{}/move", page_agenda_item_move, WEB_ACCESS_AGENDA_ITEM},
	{"POST", "/plans/{}/agenda-items/{}/delete", page_agenda_item_delete, WEB_ACCESS_AGENDA_ITEM},
	{"GET", "/plans/{}/actions", page_actions, WEB_ACCESS_PLAN_READ},
	{"GET", "/plans/{}/actions/new", page_action_new, WEB_ACCESS_PLAN_WRITE},
	{"POST", "/plans/{}/actions/new", page_action_create, WEB_ACCESS_PLAN_WRITE},
	{"GET", "/plans/{}/actions/{}/edit", page_action_edit, WEB_ACCESS_ACTION_ITEM},
	{"POST", "/plans/{}/actions/{}/edit", page_action_save, WEB_ACCESS_ACTION_ITEM},
	{"POST", "/plans/{}/actions/{}/close", page_action_close, WEB_ACCESS_ACTION_ITEM},
	{"GET", "/plans/{}/actions/{}/delete", page_action_delete, WEB_ACCESS_ACTION_ITEM},
	{"POST", "/plans/{}/actions/{}/delete", page_action_delete_confirm, WEB_ACCESS_ACTION_ITEM},
	{"GET", "/plans/{}/decisions", page_decisions, WEB_ACCESS_PLAN_READ},
	{"GET", "/plans/{}/people/{}", page_person, WEB_ACCESS_PLAN_READ},
	/* reports and summary table (pages_reports.c) */
	{"GET", "/plans/{}/reports", page_reports, WEB_ACCESS_PLAN_READ},
	{"GET", "/plans/{}/report.pdf", page_plan_report_pdf, WEB_ACCESS_PLAN_READ},
	{"GET", "/plans/{}/report.xlsx", page_plan_report_xlsx, WEB_ACCESS_PLAN_READ},
	{"GET", "/plans/{}/meetings/{}/report.pdf", page_meeting_report_pdf, WEB_ACCESS_PLAN_READ},
	{"GET", "/plans/{}/meetings/{}/report.xlsx", page_meeting_report_xlsx, WEB_ACCESS_PLAN_READ},
	{"GET", "/plans/{}/summary", page_summary, WEB_ACCESS_PLAN_READ},
	{"GET", "/plans/{}/summary.pdf", page_summary_pdf, WEB_ACCESS_PLAN_READ},
	{"GET", "/plans/{}/summary.xlsx", page_summary_xlsx, WEB_ACCESS_PLAN_READ},
	/* SWOT and plan versions (pages_versions.c) */
	{"GET", "/plans/{}/versions", page_versions, WEB_ACCESS_PLAN_READ_WIDE},
	{"POST", "/plans/{}/status", page_version_status_save, WEB_ACCESS_PLAN_STEER},
	{"POST", "/plans/{}/revise", page_version_revise, WEB_ACCESS_PLAN_STEER},
	{"GET", "/plans/{}/compare", page_compare, WEB_ACCESS_PLAN_READ_WIDE},
	{"GET", "/plans/{}/swot", page_swot, WEB_ACCESS_PLAN_READ},
	{"GET", "/plans/{}/swot/edit", page_swot_edit, WEB_ACCESS_PLAN_STEER},
	{"POST", "/plans/{}/swot/edit", page_swot_save, WEB_ACCESS_PLAN_STEER},
	{"GET", "/api/v1/openapi.json", api_openapi, WEB_ACCESS_OPEN},
	{"GET", "/api/v1/plans", api_plans_list, WEB_ACCESS_OPEN},
	{"POST", "/api/v1/plans", api_plans_import, WEB_ACCESS_PLAN_CREATE},
	{"GET", "/api/v1/plans/{}", api_plan_get, WEB_ACCESS_PLAN_READ},
	{"GET", "/api/v1/plans/{}/elements", api_elements_list, WEB_ACCESS_PLAN_READ},
	{"POST", "/api/v1/plans/{}/elements", api_element_create, WEB_ACCESS_PLAN_WRITE},
	{"GET", "/api/v1/plans/{}/elements/{}", api_element_get, WEB_ACCESS_PLAN_READ},
	{"PATCH", "/api/v1/plans/{}/elements/{}", api_element_patch, WEB_ACCESS_ELEMENT},
	{"DELETE", "/api/v1/plans/{}/elements/{}", api_element_delete, WEB_ACCESS_ELEMENT_PARENT},
	{"GET", "/api/v1/plans/{}/elements/{}/rollup", api_element_rollup, WEB_ACCESS_PLAN_READ},
	{"GET", "/api/v1/plans/{}/elements/{}/status", api_element_status_get, WEB_ACCESS_PLAN_READ},
	{"PUT", "/api/v1/plans/{}/elements/{}/status", api_element_status_put, WEB_ACCESS_ELEMENT},
	{"GET", "/api/v1/plans/{}/dashboard", api_dashboard, WEB_ACCESS_PLAN_READ},
	{"GET", "/api/v1/plans/{}/baselines", api_baselines_list, WEB_ACCESS_PLAN_READ},
	{"POST", "/api/v1/plans/{}/baselines", api_baseline_take, WEB_ACCESS_PLAN_STEER},
	{"GET", "/api/v1/plans/{}/baselines/{}", api_baseline_get, WEB_ACCESS_PLAN_READ},
	{"GET", "/api/v1/plans/{}/milestones", api_milestones_list, WEB_ACCESS_PLAN_READ},
	{"POST", "/api/v1/plans/{}/milestones", api_milestones_import, WEB_ACCESS_PLAN_STEER},
	{"GET", "/api/v1/plans/{}/budget-lines", api_budget_lines_list, WEB_ACCESS_PLAN_READ},
	{"POST", "/api/v1/plans/{}/budget-lines", api_budget_lines_import, WEB_ACCESS_PLAN_STEER},
	{"GET", "/api/v1/plans/{}/milestones/{}", api_milestone_get, WEB_ACCESS_PLAN_READ},
	{"PATCH", "/api/v1/plans/{}/milestones/{}", api_milestone_patch, WEB_ACCESS_MILESTONE},
	{"DELETE", "/api/v1/plans/{}/milestones/{}", api_milestone_delete, WEB_ACCESS_MILESTONE},
	{"GET", "/api/v1/plans/{}/budget-lines/{}", api_budget_line_get, WEB_ACCESS_PLAN_READ},
	{"PATCH", "/api/v1/plans/{}/budget-lines/{}", api_budget_line_patch, WEB_ACCESS_BUDGET_LINE},
	{"DELETE", "/api/v1/plans/{}/budget-lines/{}", api_budget_line_delete, WEB_ACCESS_BUDGET_LINE},
	{"GET", "/api/v1/plans/{}/risks", api_risks_list, WEB_ACCESS_PLAN_READ},
	{"POST", "/api/v1/plans/{}/risks", api_risk_create, WEB_ACCESS_PLAN_WRITE},
	{"GET", "/api/v1/plans/{}/risks/{}", api_risk_get, WEB_ACCESS_PLAN_READ},
	{"PATCH", "/api/v1/plans/{}/risks/{}", api_risk_patch, WEB_ACCESS_RISK},
	{"DELETE", "/api/v1/plans/{}/risks/{}", api_risk_delete, WEB_ACCESS_RISK},
	{"GET", "/api/v1/plans/{}/dependencies", api_dependencies_list, WEB_ACCESS_PLAN_READ},
	{"POST", "/api/v1/plans/{}/dependencies", api_dependency_create, WEB_ACCESS_PLAN_WRITE},
	{"GET", "/api/v1/plans/{}/dependencies/{}/{}/{}", api_dependency_get, WEB_ACCESS_PLAN_READ},
	{"DELETE", "/api/v1/plans/{}/dependencies/{}/{}/{}", api_dependency_delete, WEB_ACCESS_PLAN_WRITE},
	{"GET", "/api/v1/plans/{}/elements/{}/qualification", api_qualification_get, WEB_ACCESS_PLAN_STEER},
	{"PUT", "/api/v1/plans/{}/elements/{}/qualification", api_qualification_put, WEB_ACCESS_PLAN_STEER},
	{"GET", "/api/v1/plans/{}/lists/{}", api_list_get, WEB_ACCESS_PLAN_READ},
	{"PUT", "/api/v1/plans/{}/lists/{}", api_list_put, WEB_ACCESS_PLAN_STEER},
	{"GET", "/api/v1/plans/{}/changes", api_changes_list, WEB_ACCESS_PLAN_READ},
	{"POST", "/api/v1/plans/{}/changes/{}/restore", api_change_restore, WEB_ACCESS_CHANGE},
	{"GET", "/api/v1/plans/{}/indicators", api_indicators_list, WEB_ACCESS_PLAN_READ},
	{"POST", "/api/v1/plans/{}/indicators", api_indicators_import, WEB_ACCESS_PLAN_STEER},
	{"GET", "/api/v1/plans/{}/indicators/{}", api_indicator_get, WEB_ACCESS_PLAN_READ},
	{"POST", "/api/v1/plans/{}/measurements", api_measurements_post, WEB_ACCESS_PLAN_WRITE},
	{"DELETE", "/api/v1/plans/{}/measurements/{}", api_measurement_delete, WEB_ACCESS_MEASUREMENT},
	/* governance API (api_governance.c) */
	{"GET", "/api/v1/plans/{}/calendar.ics", api_plan_calendar, WEB_ACCESS_PLAN_READ},
	{"GET", "/api/v1/plans/{}/instances/{}/calendar.ics", api_instance_calendar, WEB_ACCESS_PLAN_READ},
	{"GET", "/api/v1/plans/{}/instances", api_instances_list, WEB_ACCESS_PLAN_READ},
	{"POST", "/api/v1/plans/{}/instances", api_instance_create, WEB_ACCESS_PLAN_STEER},
	{"GET", "/api/v1/plans/{}/instances/{}", api_instance_get, WEB_ACCESS_PLAN_READ},
	{"PATCH", "/api/v1/plans/{}/instances/{}", api_instance_patch, WEB_ACCESS_PLAN_STEER},
	{"DELETE", "/api/v1/plans/{}/instances/{}", api_instance_delete, WEB_ACCESS_PLAN_STEER},
	{"GET", "/api/v1/plans/{}/meetings", api_meetings_list, WEB_ACCESS_PLAN_READ},
	{"POST", "/api/v1/plans/{}/meetings", api_meeting_create, WEB_ACCESS_PLAN_WRITE},
	{"GET", "/api/v1/plans/{}/meetings/{}", api_meeting_get, WEB_ACCESS_PLAN_READ},
	{"PATCH", "/api/v1/plans/{}/meetings/{}", api_meeting_patch, WEB_ACCESS_MEETING},
	{"DELETE", "/api/v1/plans/{}/meetings/{}", api_meeting_delete, WEB_ACCESS_MEETING},
	{"POST", "/api/v1/plans/{}/meetings/{}/agenda", api_agenda_item_create, WEB_ACCESS_MEETING},
	{"PUT", "/api/v1/plans/{}/meetings/{}/attendees", api_attendees_put, WEB_ACCESS_MEETING},
	{"GET", "/api/v1/plans/{}/meetings/{}/digest", api_meeting_digest, WEB_ACCESS_PLAN_READ},
	{"POST", "/api/v1/plans/{}/meetings/{}/decisions", api_decision_create, WEB_ACCESS_MEETING},
	{"PATCH", "/api/v1/plans/{}/agenda-items/{}", api_agenda_item_patch, WEB_ACCESS_AGENDA_ITEM},
	{"DELETE", "/api/v1/plans/{}/agenda-items/{}", api_agenda_item_delete, WEB_ACCESS_AGENDA_ITEM},
	{"GET", "/api/v1/plans/{}/decisions", api_decisions_list, WEB_ACCESS_PLAN_READ},
	{"GET", "/api/v1/plans/{}/decisions/{}", api_decision_get, WEB_ACCESS_PLAN_READ},
	{"PATCH", "/api/v1/plans/{}/decisions/{}", api_decision_patch, WEB_ACCESS_DECISION},
	{"DELETE", "/api/v1/plans/{}/decisions/{}", api_decision_delete, WEB_ACCESS_DECISION},
	{"GET", "/api/v1/plans/{}/actions", api_actions_list, WEB_ACCESS_PLAN_READ},
	{"POST", "/api/v1/plans/{}/actions", api_action_create, WEB_ACCESS_PLAN_WRITE},
	{"GET", "/api/v1/plans/{}/actions/{}", api_action_get, WEB_ACCESS_PLAN_READ},
	{"PATCH", "/api/v1/plans/{}/actions/{}", api_action_patch, WEB_ACCESS_ACTION_ITEM},
	{"DELETE", "/api/v1/plans/{}/actions/{}", api_action_delete, WEB_ACCESS_ACTION_ITEM},
	/* reports API (pages_reports.c) */
	{"GET", "/api/v1/plans/{}/report.pdf", api_plan_report_pdf, WEB_ACCESS_PLAN_READ},
	{"GET", "/api/v1/plans/{}/report.xlsx", api_plan_report_xlsx, WEB_ACCESS_PLAN_READ},
	{"GET", "/api/v1/plans/{}/meetings/{}/report.pdf", api_meeting_report_pdf, WEB_ACCESS_PLAN_READ},
	{"GET", "/api/v1/plans/{}/meetings/{}/report.xlsx", api_meeting_report_xlsx, WEB_ACCESS_PLAN_READ},
	{"GET", "/api/v1/plans/{}/summary", api_summary, WEB_ACCESS_PLAN_READ},
	{"GET", "/api/v1/plans/{}/summary.pdf", api_summary_pdf, WEB_ACCESS_PLAN_READ},
	{"GET", "/api/v1/plans/{}/summary.xlsx", api_summary_xlsx, WEB_ACCESS_PLAN_READ},
	/* SWOT and plan versions API (api_versions.c) */
	{"GET", "/api/v1/plans/{}/swot", api_swot_get, WEB_ACCESS_PLAN_READ},
	{"PUT", "/api/v1/plans/{}/swot", api_swot_put, WEB_ACCESS_PLAN_STEER},
	{"GET", "/api/v1/plans/{}/elements/{}/swot", api_element_swot_get, WEB_ACCESS_PLAN_READ},
	{"PUT", "/api/v1/plans/{}/elements/{}/swot", api_element_swot_put, WEB_ACCESS_ELEMENT},
	{"GET", "/api/v1/plans/{}/versions", api_versions_list, WEB_ACCESS_PLAN_READ_WIDE},
	{"POST", "/api/v1/plans/{}/status", api_plan_status_post, WEB_ACCESS_PLAN_STEER},
	{"POST", "/api/v1/plans/{}/revisions", api_plan_revisions_post, WEB_ACCESS_PLAN_STEER},
	{"GET", "/api/v1/plans/{}/compare", api_plan_compare, WEB_ACCESS_PLAN_READ_WIDE},
	/* sign-in and sessions (auth.c) */
	{"GET", "/login", page_login_form, WEB_ACCESS_OPEN},
	{"POST", "/login", page_login, WEB_ACCESS_OPEN},
	{"POST", "/logout", page_logout, WEB_ACCESS_OPEN},
	{"GET", "/account", page_account, WEB_ACCESS_SIGNED_IN},
	{"POST", "/account/password", page_account_password, WEB_ACCESS_SIGNED_IN},
	{"POST", "/account/sessions/end", page_account_sessions_end, WEB_ACCESS_SIGNED_IN},
	{"GET", "/api/v1/session", api_session_get, WEB_ACCESS_OPEN},
	{"POST", "/api/v1/session", api_session_post, WEB_ACCESS_OPEN},
	{"DELETE", "/api/v1/session", api_session_delete, WEB_ACCESS_OPEN},
	/* accounts (pages_accounts.c) — helper A adds its rows here */
	/* trash (pages_trash.c) — helper B adds its rows here */
	{"GET", "/plans/{}/trash", page_trash, WEB_ACCESS_PLAN_STEER},
	{"POST", "/plans/{}/trash/empty", page_trash_empty, WEB_ACCESS_PLAN_ADMIN},
	{"POST", "/plans/{}/trash/{}/restore", page_trash_restore, WEB_ACCESS_PLAN_STEER},
	{"GET", "/api/v1/plans/{}/trash", api_trash_list, WEB_ACCESS_PLAN_STEER},
	{"DELETE", "/api/v1/plans/{}/trash", api_trash_empty, WEB_ACCESS_PLAN_ADMIN},
	{"POST", "/api/v1/plans/{}/trash/{}/restore", api_trash_restore, WEB_ACCESS_PLAN_STEER},
	/* the consolidated view (pages_consolidated.c): open, the handlers keep readable plans */
	{"GET", "/consolidated", page_consolidated, WEB_ACCESS_OPEN},
	{"GET", "/api/v1/consolidated", api_consolidated, WEB_ACCESS_OPEN},
};

/* Match path against pattern, segment by segment; {} takes one non-empty segment. */
static bool route_match(web_request *rq, const char *pattern, const char *path)
{
	size_t n = 0;
	while (*pattern && *path) {
		if (pattern[0] == '{' && pattern[1] == '}') {
			const char *end = strchr(path, '/');
			size_t len = end ? (size_t)(end - path) : strlen(path);
			if (len == 0 || n == WEB_MAX_PATH_PARAMS)
				return false;
			rq->params[n++] = arena_strndup(rq->arena, path, len);
			path += len;
			pattern += 2;
		} else if (*pattern == *path) {
			pattern++;
			path++;
		} else {
			return false;
		}
	}
	return *pattern == '\0' && *path == '\0';
}

const web_route *web_route_match(web_request *rq, bool *path_exists)
{
	*path_exists = false;
	for (size_t i = 0; i < sizeof(routes) / sizeof(routes[0]); i++) {
		if (!route_match(rq, routes[i].pattern, rq->path))
			continue;
		if (strcmp(routes[i].method, rq->method) == 0 ||
		    (strcmp(rq->method, "HEAD") == 0 && strcmp(routes[i].method, "GET") == 0))
			return &routes[i];
		*path_exists = true;
	}
	return NULL;
}

web_handler web_route_find(web_request *rq, bool *path_exists)
{
	const web_route *r = web_route_match(rq, path_exists);
	return r ? r->handler : NULL;
}
