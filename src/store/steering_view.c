/*
 * steering_view.c — a plan, its steering data and a baseline, rolled up (see
 * steering_view.h).
 */
#include "store/steering_view.h"

#include <time.h>

#include "store/baseline_store.h"
#include "store/plan_store.h"

bool steering_view_load(store *s, arena *a, const char *plan_ref, const char *baseline,
                        jalon_date today, plan *p, steering_data *data, plan_rollup *r,
                        diag_list *d)
{
	baseline_entry *entries = NULL;
	size_t entry_count = 0;
	if (!store_plan_load(s, a, plan_ref, p, d))
		return false;
	if (!store_steering_load(s, a, p, data, d) ||
	    (baseline && !store_baseline_load(s, a, p, baseline, &entries, &entry_count, d)))
		return false;
	steering_rollup(a, p, data->statuses, data->status_count, data->milestones,
	                data->milestone_count, data->lines, data->line_count, entries, entry_count,
	                today, r);
	return true;
}

bool steering_view_today(const char *text, jalon_date *out)
{
	const char *why;
	if (text)
		return date_parse(text, out, &why);
	time_t now = time(NULL);
	struct tm local;
	localtime_r(&now, &local);
	*out = (jalon_date){local.tm_year + 1900, local.tm_mon + 1, local.tm_mday};
	return true;
}
