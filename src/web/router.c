/*
 * router.c — every URL jalon serves, in one table.
 */
#include "web/router.h"

#include <string.h>

#include "web/pages.h"

static const web_route routes[] = {
	{"GET", "/", page_home},
	{"GET", "/static/{}", page_static},
	{"GET", "/import", page_import_form},
	{"POST", "/import", page_import},
	{"GET", "/plans/{}", page_plan},
	{"GET", "/plans/{}/settings", page_plan_settings},
	{"POST", "/plans/{}/settings", page_plan_settings_save},
	{"GET", "/plans/{}/dashboard", page_plan_dashboard},
	{"GET", "/plans/{}/budget.svg", page_plan_budget_svg},
	{"GET", "/plans/{}/roadmap.svg", page_plan_roadmap_svg},
	{"GET", "/plans/{}/roadmap", page_plan_roadmap},
	{"GET", "/plans/{}/priorities", page_plan_priorities},
	{"GET", "/plans/{}/priorities.svg", page_plan_priorities_svg},
	{"GET", "/plans/{}/risks.svg", page_plan_risks_svg},
	/* An indicator's chart alone is /plans/{}/indicators/CODE.svg: page_indicator
	 * answers both (a {} takes the whole segment). */
	{"GET", "/plans/{}/indicators", page_indicators},
	{"GET", "/plans/{}/indicators/new", page_indicator_new},
	{"POST", "/plans/{}/indicators/new", page_indicator_create},
	{"GET", "/plans/{}/indicators/{}", page_indicator},
	{"GET", "/plans/{}/indicators/{}/edit", page_indicator_edit},
	{"POST", "/plans/{}/indicators/{}/edit", page_indicator_save},
	{"GET", "/plans/{}/indicators/{}/delete", page_indicator_delete},
	{"POST", "/plans/{}/indicators/{}/delete", page_indicator_delete_confirm},
	{"POST", "/plans/{}/indicators/{}/measurements", page_measurement_create},
	{"GET", "/plans/{}/elements/new", page_element_new},
	{"POST", "/plans/{}/elements", page_element_create},
	{"GET", "/plans/{}/elements/{}", page_element},
	{"GET", "/plans/{}/elements/{}/edit", page_element_edit},
	{"POST", "/plans/{}/elements/{}/edit", page_element_save},
	{"GET", "/plans/{}/elements/{}/move", page_element_move},
	{"POST", "/plans/{}/elements/{}/move", page_element_move_save},
	{"GET", "/plans/{}/elements/{}/delete", page_element_delete},
	{"POST", "/plans/{}/elements/{}/delete", page_element_delete_confirm},
	{"GET", "/plans/{}/elements/{}/risks/new", page_risk_new},
	{"POST", "/plans/{}/elements/{}/risks/new", page_risk_create},
	{"GET", "/plans/{}/risks/{}/edit", page_risk_edit},
	{"POST", "/plans/{}/risks/{}/edit", page_risk_save},
	{"GET", "/plans/{}/risks/{}/delete", page_risk_delete},
	{"POST", "/plans/{}/risks/{}/delete", page_risk_delete_confirm},
	{"GET", "/plans/{}/elements/{}/dependencies", page_dependencies},
	{"POST", "/plans/{}/elements/{}/dependencies", page_dependency_add},
	{"POST", "/plans/{}/elements/{}/dependencies/delete", page_dependency_remove},
	{"GET", "/plans/{}/elements/{}/milestone-dependencies", page_dependencies},
	{"POST", "/plans/{}/elements/{}/milestone-dependencies", page_milestone_dependency_add},
	{"POST", "/plans/{}/elements/{}/milestone-dependencies/delete", page_milestone_dependency_remove},
	{"GET", "/plans/{}/elements/{}/qualification", page_qualification_edit},
	{"POST", "/plans/{}/elements/{}/qualification", page_qualification_save},
	{"POST", "/plans/{}/settings/lists", page_plan_lists_save},
	{"GET", "/plans/{}/elements/{}/status", page_element_status},
	{"POST", "/plans/{}/elements/{}/status", page_element_status_save},
	{"GET", "/plans/{}/elements/{}/milestones/new", page_milestone_new},
	{"POST", "/plans/{}/elements/{}/milestones/new", page_milestone_create},
	{"GET", "/plans/{}/milestones/{}/edit", page_milestone_edit},
	{"POST", "/plans/{}/milestones/{}/edit", page_milestone_save},
	{"GET", "/plans/{}/milestones/{}/delete", page_milestone_delete},
	{"POST", "/plans/{}/milestones/{}/delete", page_milestone_delete_confirm},
	{"GET", "/plans/{}/elements/{}/budget-lines/new", page_budget_line_new},
	{"POST", "/plans/{}/elements/{}/budget-lines/new", page_budget_line_create},
	{"GET", "/plans/{}/budget-lines/{}/edit", page_budget_line_edit},
	{"POST", "/plans/{}/budget-lines/{}/edit", page_budget_line_save},
	{"GET", "/plans/{}/budget-lines/{}/delete", page_budget_line_delete},
	{"POST", "/plans/{}/budget-lines/{}/delete", page_budget_line_delete_confirm},
	{"POST", "/plans/{}/changes/{}/restore", page_change_restore},
	/* governance pages (pages_governance.c) */
	{"GET", "/plans/{}/calendar.ics", page_plan_calendar},
	{"GET", "/plans/{}/instances/{}/calendar.ics", page_instance_calendar},
	{"GET", "/plans/{}/meetings", page_meetings},
	{"POST", "/plans/{}/instances/import", page_instances_import},
	{"GET", "/plans/{}/instances/new", page_instance_new},
	{"POST", "/plans/{}/instances/new", page_instance_create},
	{"GET", "/plans/{}/instances/{}", page_instance},
	{"GET", "/plans/{}/instances/{}/edit", page_instance_edit},
	{"POST", "/plans/{}/instances/{}/edit", page_instance_save},
	{"GET", "/plans/{}/instances/{}/delete", page_instance_delete},
	{"POST", "/plans/{}/instances/{}/delete", page_instance_delete_confirm},
	{"GET", "/plans/{}/meetings/new", page_meeting_new},
	{"POST", "/plans/{}/meetings/new", page_meeting_create},
	{"GET", "/plans/{}/meetings/{}", page_meeting},
	{"GET", "/plans/{}/meetings/{}/edit", page_meeting_edit},
	{"POST", "/plans/{}/meetings/{}/edit", page_meeting_save},
	{"GET", "/plans/{}/meetings/{}/delete", page_meeting_delete},
	{"POST", "/plans/{}/meetings/{}/delete", page_meeting_delete_confirm},
	{"GET", "/plans/{}/meetings/{}/minutes", page_minutes_edit},
	{"POST", "/plans/{}/meetings/{}/minutes", page_minutes_save},
	{"POST", "/plans/{}/meetings/{}/agenda", page_agenda_add},
	{"POST", "/plans/{}/meetings/{}/attendees", page_attendees_save},
	{"POST", "/plans/{}/meetings/{}/decisions", page_decision_add},
	{"POST", "/plans/{}/meetings/{}/actions", page_meeting_action_add},
	{"GET", "/plans/{}/agenda-items/{}/edit", page_agenda_item_edit},
	{"POST", "/plans/{}/agenda-items/{}/edit", page_agenda_item_save},
	{"POST", "/plans/{}/agenda-items/{}/move", page_agenda_item_move},
	{"POST", "/plans/{}/agenda-items/{}/delete", page_agenda_item_delete},
	{"GET", "/plans/{}/actions", page_actions},
	{"GET", "/plans/{}/actions/new", page_action_new},
	{"POST", "/plans/{}/actions/new", page_action_create},
	{"GET", "/plans/{}/actions/{}/edit", page_action_edit},
	{"POST", "/plans/{}/actions/{}/edit", page_action_save},
	{"POST", "/plans/{}/actions/{}/close", page_action_close},
	{"GET", "/plans/{}/actions/{}/delete", page_action_delete},
	{"POST", "/plans/{}/actions/{}/delete", page_action_delete_confirm},
	{"GET", "/plans/{}/decisions", page_decisions},
	{"GET", "/plans/{}/people/{}", page_person},
	/* reports and summary table (pages_reports.c) */
	{"GET", "/plans/{}/reports", page_reports},
	{"GET", "/plans/{}/report.pdf", page_plan_report_pdf},
	{"GET", "/plans/{}/report.xlsx", page_plan_report_xlsx},
	{"GET", "/plans/{}/meetings/{}/report.pdf", page_meeting_report_pdf},
	{"GET", "/plans/{}/meetings/{}/report.xlsx", page_meeting_report_xlsx},
	{"GET", "/plans/{}/summary", page_summary},
	{"GET", "/plans/{}/summary.pdf", page_summary_pdf},
	{"GET", "/plans/{}/summary.xlsx", page_summary_xlsx},
	/* SWOT and plan versions (pages_versions.c) */
	{"GET", "/plans/{}/versions", page_versions},
	{"POST", "/plans/{}/status", page_version_status_save},
	{"POST", "/plans/{}/revise", page_version_revise},
	{"GET", "/plans/{}/compare", page_compare},
	{"GET", "/plans/{}/swot", page_swot},
	{"GET", "/plans/{}/swot/edit", page_swot_edit},
	{"POST", "/plans/{}/swot/edit", page_swot_save},
	{"GET", "/api/v1/openapi.json", api_openapi},
	{"GET", "/api/v1/plans", api_plans_list},
	{"POST", "/api/v1/plans", api_plans_import},
	{"GET", "/api/v1/plans/{}", api_plan_get},
	{"GET", "/api/v1/plans/{}/elements", api_elements_list},
	{"POST", "/api/v1/plans/{}/elements", api_element_create},
	{"GET", "/api/v1/plans/{}/elements/{}", api_element_get},
	{"PATCH", "/api/v1/plans/{}/elements/{}", api_element_patch},
	{"DELETE", "/api/v1/plans/{}/elements/{}", api_element_delete},
	{"GET", "/api/v1/plans/{}/elements/{}/rollup", api_element_rollup},
	{"GET", "/api/v1/plans/{}/elements/{}/status", api_element_status_get},
	{"PUT", "/api/v1/plans/{}/elements/{}/status", api_element_status_put},
	{"GET", "/api/v1/plans/{}/dashboard", api_dashboard},
	{"GET", "/api/v1/plans/{}/baselines", api_baselines_list},
	{"POST", "/api/v1/plans/{}/baselines", api_baseline_take},
	{"GET", "/api/v1/plans/{}/baselines/{}", api_baseline_get},
	{"GET", "/api/v1/plans/{}/milestones", api_milestones_list},
	{"POST", "/api/v1/plans/{}/milestones", api_milestones_import},
	{"GET", "/api/v1/plans/{}/budget-lines", api_budget_lines_list},
	{"POST", "/api/v1/plans/{}/budget-lines", api_budget_lines_import},
	{"GET", "/api/v1/plans/{}/milestones/{}", api_milestone_get},
	{"PATCH", "/api/v1/plans/{}/milestones/{}", api_milestone_patch},
	{"DELETE", "/api/v1/plans/{}/milestones/{}", api_milestone_delete},
	{"GET", "/api/v1/plans/{}/budget-lines/{}", api_budget_line_get},
	{"PATCH", "/api/v1/plans/{}/budget-lines/{}", api_budget_line_patch},
	{"DELETE", "/api/v1/plans/{}/budget-lines/{}", api_budget_line_delete},
	{"GET", "/api/v1/plans/{}/risks", api_risks_list},
	{"POST", "/api/v1/plans/{}/risks", api_risk_create},
	{"GET", "/api/v1/plans/{}/risks/{}", api_risk_get},
	{"PATCH", "/api/v1/plans/{}/risks/{}", api_risk_patch},
	{"DELETE", "/api/v1/plans/{}/risks/{}", api_risk_delete},
	{"GET", "/api/v1/plans/{}/dependencies", api_dependencies_list},
	{"POST", "/api/v1/plans/{}/dependencies", api_dependency_create},
	{"GET", "/api/v1/plans/{}/dependencies/{}/{}/{}", api_dependency_get},
	{"DELETE", "/api/v1/plans/{}/dependencies/{}/{}/{}", api_dependency_delete},
	{"GET", "/api/v1/plans/{}/elements/{}/qualification", api_qualification_get},
	{"PUT", "/api/v1/plans/{}/elements/{}/qualification", api_qualification_put},
	{"GET", "/api/v1/plans/{}/lists/{}", api_list_get},
	{"PUT", "/api/v1/plans/{}/lists/{}", api_list_put},
	{"GET", "/api/v1/plans/{}/changes", api_changes_list},
	{"POST", "/api/v1/plans/{}/changes/{}/restore", api_change_restore},
	{"GET", "/api/v1/plans/{}/indicators", api_indicators_list},
	{"POST", "/api/v1/plans/{}/indicators", api_indicators_import},
	{"GET", "/api/v1/plans/{}/indicators/{}", api_indicator_get},
	{"POST", "/api/v1/plans/{}/measurements", api_measurements_post},
	{"DELETE", "/api/v1/plans/{}/measurements/{}", api_measurement_delete},
	/* governance API (api_governance.c) */
	{"GET", "/api/v1/plans/{}/calendar.ics", api_plan_calendar},
	{"GET", "/api/v1/plans/{}/instances/{}/calendar.ics", api_instance_calendar},
	{"GET", "/api/v1/plans/{}/instances", api_instances_list},
	{"POST", "/api/v1/plans/{}/instances", api_instance_create},
	{"GET", "/api/v1/plans/{}/instances/{}", api_instance_get},
	{"PATCH", "/api/v1/plans/{}/instances/{}", api_instance_patch},
	{"DELETE", "/api/v1/plans/{}/instances/{}", api_instance_delete},
	{"GET", "/api/v1/plans/{}/meetings", api_meetings_list},
	{"POST", "/api/v1/plans/{}/meetings", api_meeting_create},
	{"GET", "/api/v1/plans/{}/meetings/{}", api_meeting_get},
	{"PATCH", "/api/v1/plans/{}/meetings/{}", api_meeting_patch},
	{"DELETE", "/api/v1/plans/{}/meetings/{}", api_meeting_delete},
	{"POST", "/api/v1/plans/{}/meetings/{}/agenda", api_agenda_item_create},
	{"PUT", "/api/v1/plans/{}/meetings/{}/attendees", api_attendees_put},
	{"GET", "/api/v1/plans/{}/meetings/{}/digest", api_meeting_digest},
	{"POST", "/api/v1/plans/{}/meetings/{}/decisions", api_decision_create},
	{"PATCH", "/api/v1/plans/{}/agenda-items/{}", api_agenda_item_patch},
	{"DELETE", "/api/v1/plans/{}/agenda-items/{}", api_agenda_item_delete},
	{"GET", "/api/v1/plans/{}/decisions", api_decisions_list},
	{"GET", "/api/v1/plans/{}/decisions/{}", api_decision_get},
	{"PATCH", "/api/v1/plans/{}/decisions/{}", api_decision_patch},
	{"DELETE", "/api/v1/plans/{}/decisions/{}", api_decision_delete},
	{"GET", "/api/v1/plans/{}/actions", api_actions_list},
	{"POST", "/api/v1/plans/{}/actions", api_action_create},
	{"GET", "/api/v1/plans/{}/actions/{}", api_action_get},
	{"PATCH", "/api/v1/plans/{}/actions/{}", api_action_patch},
	{"DELETE", "/api/v1/plans/{}/actions/{}", api_action_delete},
	/* reports API (pages_reports.c) */
	{"GET", "/api/v1/plans/{}/report.pdf", api_plan_report_pdf},
	{"GET", "/api/v1/plans/{}/report.xlsx", api_plan_report_xlsx},
	{"GET", "/api/v1/plans/{}/meetings/{}/report.pdf", api_meeting_report_pdf},
	{"GET", "/api/v1/plans/{}/meetings/{}/report.xlsx", api_meeting_report_xlsx},
	{"GET", "/api/v1/plans/{}/summary", api_summary},
	{"GET", "/api/v1/plans/{}/summary.pdf", api_summary_pdf},
	{"GET", "/api/v1/plans/{}/summary.xlsx", api_summary_xlsx},
	/* SWOT and plan versions API (api_versions.c) */
	{"GET", "/api/v1/plans/{}/swot", api_swot_get},
	{"PUT", "/api/v1/plans/{}/swot", api_swot_put},
	{"GET", "/api/v1/plans/{}/elements/{}/swot", api_element_swot_get},
	{"PUT", "/api/v1/plans/{}/elements/{}/swot", api_element_swot_put},
	{"GET", "/api/v1/plans/{}/versions", api_versions_list},
	{"POST", "/api/v1/plans/{}/status", api_plan_status_post},
	{"POST", "/api/v1/plans/{}/revisions", api_plan_revisions_post},
	{"GET", "/api/v1/plans/{}/compare", api_plan_compare},
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

web_handler web_route_find(web_request *rq, bool *path_exists)
{
	*path_exists = false;
	for (size_t i = 0; i < sizeof(routes) / sizeof(routes[0]); i++) {
		if (!route_match(rq, routes[i].pattern, rq->path))
			continue;
		if (strcmp(routes[i].method, rq->method) == 0 ||
		    (strcmp(rq->method, "HEAD") == 0 && strcmp(routes[i].method, "GET") == 0))
			return routes[i].handler;
		*path_exists = true;
	}
	return NULL;
}
