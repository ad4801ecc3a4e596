/*
 * calendar_store.h — what a plan's calendar feed shows (io/ical.h), read in a few
 * queries: the meetings of the plan's committees, or of one committee, with their
 * agenda's titles, and the milestones of the plan, or of the branches that committee
 * steers (the branches and everything under them; a committee without branches steers
 * the whole plan).
 */
#ifndef JALON_CALENDAR_STORE_H
#define JALON_CALENDAR_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "core/governance.h"
#include "core/plan.h"
#include "core/steering.h"
#include "store/db.h"
#include "store/element_store.h"

typedef struct {
	const char *instance_name;   /* NULL for the whole plan's calendar */
	meeting *meetings;           /* by date, start, id; instance_name filled */
	size_t meeting_count;
	const char *const **agendas; /* parallel to meetings: the agenda's titles, in order */
	size_t *agenda_counts;
	milestone *milestones;       /* by element, then position */
	size_t milestone_count;
} calendar_data;

/* The calendar of plan p (instance_id 0) or of one of its instances: STORE_NOT_FOUND
 * when p has no such instance. From the arena. */
store_result store_calendar_load(store *s, arena *a, const plan *p, int64_t instance_id,
                                 calendar_data *out, diag_list *diags);

/* The instance of p named `ref` (its name, ignoring case and accents, or its number):
 * STORE_NOT_FOUND when none. */
store_result store_calendar_instance_find(store *s, arena *a, const plan *p, const char *ref,
                                          int64_t *id, diag_list *diags);

#endif
