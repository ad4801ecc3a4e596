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
	{"GET", "/plans/{}/elements/new", page_element_new},
	{"POST", "/plans/{}/elements", page_element_create},
	{"GET", "/plans/{}/elements/{}", page_element},
	{"GET", "/plans/{}/elements/{}/edit", page_element_edit},
	{"POST", "/plans/{}/elements/{}/edit", page_element_save},
	{"GET", "/plans/{}/elements/{}/move", page_element_move},
	{"POST", "/plans/{}/elements/{}/move", page_element_move_save},
	{"GET", "/plans/{}/elements/{}/delete", page_element_delete},
	{"POST", "/plans/{}/elements/{}/delete", page_element_delete_confirm},
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
