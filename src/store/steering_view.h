/*
 * steering_view.h — a plan rolled up for steering, as the dashboard of the command
 * line, of the pages and of the API all need it: the plan, its steering data and,
 * when named, a baseline, loaded from the store and given to steering_rollup.
 */
#ifndef JALON_STEERING_VIEW_H
#define JALON_STEERING_VIEW_H

#include <stdbool.h>

#include "core/steering.h"
#include "store/db.h"
#include "store/steering_store.h"
#include "util/diag.h"

/* Load plan_ref (slug or number), its steering data and baseline `baseline` (NULL:
 * none), then roll it up with `today` deciding lateness. On failure p->id says how far
 * it went: 0 when the plan itself could not be loaded (no such plan, or a database
 * error, in diags). */
bool steering_view_load(store *s, arena *a, const char *plan_ref, const char *baseline,
                        jalon_date today, plan *p, steering_data *data, plan_rollup *r,
                        diag_list *diags);

/* The same for read-only screens that load one view per request (dashboards, charts):
 * the rolled-up plan is kept from one call to the next while the database has not
 * changed (no write by this connection nor by any other since), for the same plan_ref,
 * baseline, today and optional parts (store_steering_load_parts: the view holds only the
 * parts asked for). What *p, *data and *r point to belongs to the store and stays
 * valid until the next call of this function on s or store_close(s): the caller
 * must not change it nor keep it beyond its request. On failure, only p->id is set. */
bool steering_view_load_shared(store *s, arena *a, const char *plan_ref, const char *baseline,
                               jalon_date today, unsigned parts, plan *p, steering_data *data,
                               plan_rollup *r, diag_list *diags);

/* The date `text` names (AAAA-MM-JJ or JJ/MM/AAAA), or today in the local calendar
 * when text is NULL. False when text is not a valid date. */
bool steering_view_today(const char *text, jalon_date *out);

#endif
