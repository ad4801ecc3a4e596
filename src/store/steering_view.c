/*
 * steering_view.c — a plan, its steering data and a baseline, rolled up (see
 * steering_view.h).
 */
#include "store/steering_view.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/baseline_store.h"
#include "store/plan_store.h"

static bool view_load(store *s, arena *a, const char *plan_ref, const char *baseline,
                      jalon_date today, unsigned parts, plan *p, steering_data *data,
                      plan_rollup *r, diag_list *d)
{
	baseline_entry *entries = NULL;
	size_t entry_count = 0;
	if (!store_plan_load(s, a, plan_ref, p, d))
		return false;
	if (!store_steering_load_parts(s, a, p, parts, data, d) ||
	    (baseline && !store_baseline_load(s, a, p, baseline, &entries, &entry_count, d)))
		return false;
	steering_rollup(a, p, data->statuses, data->status_count, data->milestones,
	                data->milestone_count, data->lines, data->line_count, entries, entry_count,
	                today, r);
	return true;
}

bool steering_view_load(store *s, arena *a, const char *plan_ref, const char *baseline,
                        jalon_date today, plan *p, steering_data *data, plan_rollup *r,
                        diag_list *d)
{
	return view_load(s, a, plan_ref, baseline, today, STEERING_EVERYTHING, p, data, r, d);
}

/* ---- the shared view: one rolled-up plan kept per store ------------------------------ */

typedef struct {
	arena *arena;              /* everything below but the struct itself */
	const char *plan_ref, *baseline;
	jalon_date today;
	unsigned parts;
	sqlite3_int64 changes;     /* this connection's writes (sqlite3_total_changes64) */
	sqlite3_int64 data_version; /* other connections' commits (PRAGMA data_version) */
	plan p;
	steering_data data;
	plan_rollup r;
} view_cache;

static void view_cache_free(void *cache)
{
	view_cache *c = cache;
	if (c)
		arena_free(c->arena);
	free(c);
}

/* The database's state: a write by this connection moves the first figure, a commit
 * by any other connection (another process importing, say) the second. PRAGMA
 * data_version reads the file's state anew (SQLITE_FCNTL_DATA_VERSION would only see
 * another connection's commit once this one had begun a read). A failure reads as a
 * state never seen, so nothing stale is reused. */
static void database_state(store *s, sqlite3_int64 *changes, sqlite3_int64 *version)
{
	*changes = sqlite3_total_changes64(s->sqlite);
	*version = -1;
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(s->sqlite, "PRAGMA data_version", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		*version = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
}

static bool same_text(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

bool steering_view_load_shared(store *s, arena *a, const char *plan_ref, const char *baseline,
                               jalon_date today, unsigned parts, plan *p, steering_data *data,
                               plan_rollup *r, diag_list *d)
{
	(void)a;
	view_cache *c = s->view_cache;
	sqlite3_int64 changes, version;
	database_state(s, &changes, &version);
	if (!c || version < 0 || c->changes != changes || c->data_version != version ||
	    date_compare(c->today, today) != 0 || c->parts != parts ||
	    !same_text(c->plan_ref, plan_ref) ||
	    !same_text(c->baseline, baseline)) {
		view_cache *fresh = calloc(1, sizeof(*fresh));
		if (!fresh)
			abort();
		fresh->arena = arena_new();
		if (!view_load(s, fresh->arena, plan_ref, baseline, today, parts, &fresh->p,
		               &fresh->data, &fresh->r, d)) {
			memset(p, 0, sizeof(*p));
			p->id = fresh->p.id;
			view_cache_free(fresh);
			return false;
		}
		fresh->plan_ref = arena_strdup(fresh->arena, plan_ref);
		fresh->baseline = arena_strdup(fresh->arena, baseline);
		fresh->today = today;
		fresh->parts = parts;
		/* Loading reads only; the state is taken again in case a statement counted. */
		database_state(s, &fresh->changes, &fresh->data_version);
		view_cache_free(c);
		s->view_cache = c = fresh;
		s->view_cache_free = view_cache_free;
	}
	*p = c->p;
	*data = c->data;
	*r = c->r;
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
