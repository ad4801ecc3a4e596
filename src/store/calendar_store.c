/*
 * calendar_store.c — loading a calendar feed's meetings, agendas and milestones
 * (calendar_store.h): one query each, joined here to the plan's elements and to the
 * meetings by id.
 */
#include "store/calendar_store.h"

#include <stdio.h>
#include <string.h>

#include "store/id_index.h"
#include "util/i18n.h"
#include "util/text.h"

/* The instance's name and the elements in its scope (flags by index in p->elements,
 * NULL: the whole plan). STORE_NOT_FOUND when p has no such instance. */
static store_result instance_scope(store *s, arena *a, const plan *p, int64_t instance_id,
                                   const char **name, bool **in_scope, diag_list *d)
{
	sqlite3_stmt *st = store_prepare(s,
		"SELECT name FROM instance WHERE id = ? AND plan_id = ?", d);
	if (!st)
		return STORE_FAILED;
	sqlite3_bind_int64(st, 1, instance_id);
	sqlite3_bind_int64(st, 2, p->id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*name = store_column_text(a, st, 0);
	sqlite3_finalize(st);
	if (rc == SQLITE_DONE)
		return STORE_NOT_FOUND;
	if (rc != SQLITE_ROW) {
		store_report(s, d, _("lecture de l'instance impossible"));
		return STORE_FAILED;
	}
	st = store_prepare(s, "SELECT element_id FROM instance_element WHERE instance_id = ?", d);
	if (!st)
		return STORE_FAILED;
	sqlite3_bind_int64(st, 1, instance_id);
	bool *branch = arena_alloc(a, (p->element_count + 1) * sizeof(*branch));
	bool any = false;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const plan_element *e = plan_find_id(p, sqlite3_column_int64(st, 0));
		if (e) {
			branch[e - p->elements] = true;
			any = true;
		}
	}
	if (!store_read_end(s, st, rc, d, _("lecture des branches de l'instance impossible")))
		return STORE_FAILED;
	*in_scope = NULL;
	if (!any)
		return STORE_OK;
	/* An element is in scope when it or one of its ancestors is a branch. */
	bool *scope = arena_alloc(a, (p->element_count + 1) * sizeof(*scope));
	for (size_t k = 0; k < p->element_count; k++)
		for (const plan_element *e = &p->elements[k]; e && !scope[k]; e = e->parent)
			scope[k] = branch[e - p->elements];
	*in_scope = scope;
	return STORE_OK;
}

static bool meetings_load(store *s, arena *a, const plan *p, int64_t instance_id,
                          calendar_data *out, diag_list *d)
{
	sqlite3_stmt *st = store_prepare(s,
		"SELECT m.id, m.instance_id, i.name, m.held_on, m.start_minute, m.duration_min,"
		" m.place, m.video_url, m.status, m.sequence, m.version"
		" FROM meeting m JOIN instance i ON i.id = m.instance_id"
		" WHERE i.plan_id = ?1 AND (?2 = 0 OR m.instance_id = ?2)"
		" ORDER BY m.held_on, coalesce(m.start_minute, -1), m.id", d);
	if (!st)
		return false;
	sqlite3_bind_int64(st, 1, p->id);
	sqlite3_bind_int64(st, 2, instance_id);
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (out->meeting_count == cap) {
			size_t n = cap ? cap * 2 : 16;
			out->meetings = arena_realloc(a, out->meetings, cap * sizeof(*out->meetings),
			                              n * sizeof(*out->meetings));
			cap = n;
		}
		meeting *m = &out->meetings[out->meeting_count++];
		m->id = sqlite3_column_int64(st, 0);
		m->instance_id = sqlite3_column_int64(st, 1);
		m->instance_name = store_column_text(a, st, 2);
		m->date = store_column_date(st, 3);
		m->start_minute = sqlite3_column_type(st, 4) == SQLITE_NULL
			? -1 : sqlite3_column_int(st, 4);
		m->duration_min = sqlite3_column_int(st, 5);
		m->place = store_column_text(a, st, 6);
		m->video_url = store_column_text(a, st, 7);
		if (!meeting_status_parse((const char *)sqlite3_column_text(st, 8), &m->status))
			m->status = MEETING_PLANNED;
		m->sequence = sqlite3_column_int(st, 9);
		m->version = sqlite3_column_int64(st, 10);
	}
	return store_read_end(s, st, rc, d, _("lecture des séances impossible"));
}

/* The index in out->meetings of meeting `id`, by binary search over `by_id`. */
static long meeting_index(const calendar_data *out, const size_t *by_id, int64_t id)
{
	size_t lo = 0, hi = out->meeting_count;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int64_t at = out->meetings[by_id[mid]].id;
		if (at == id)
			return (long)by_id[mid];
		if (at < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

static bool agendas_load(store *s, arena *a, const plan *p, int64_t instance_id,
                         calendar_data *out, diag_list *d)
{
	size_t n = out->meeting_count;
	out->agendas = arena_alloc(a, (n + 1) * sizeof(*out->agendas));
	out->agenda_counts = arena_alloc(a, (n + 1) * sizeof(*out->agenda_counts));
	if (!n)
		return true;
	/* Meetings by id, for joining the agenda rows (insertion sort: a plan holds a few
	 * hundred meetings, and qsort would need shared state to compare indexes). */
	size_t *by_id = arena_alloc(a, n * sizeof(*by_id));
	for (size_t k = 0; k < n; k++) {
		size_t j = k;
		while (j > 0 && out->meetings[by_id[j - 1]].id > out->meetings[k].id) {
			by_id[j] = by_id[j - 1];
			j--;
		}
		by_id[j] = k;
	}
	sqlite3_stmt *st = store_prepare(s,
		"SELECT a.meeting_id, a.title FROM agenda_item a"
		" JOIN meeting m ON m.id = a.meeting_id JOIN instance i ON i.id = m.instance_id"
		" WHERE i.plan_id = ?1 AND (?2 = 0 OR m.instance_id = ?2)"
		" ORDER BY a.meeting_id, a.position, a.id", d);
	if (!st)
		return false;
	sqlite3_bind_int64(st, 1, p->id);
	sqlite3_bind_int64(st, 2, instance_id);
	size_t *caps = arena_alloc(a, n * sizeof(*caps));
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		long k = meeting_index(out, by_id, sqlite3_column_int64(st, 0));
		if (k < 0)
			continue;
		size_t *count = &out->agenda_counts[k];
		const char **titles = (const char **)out->agendas[k];
		if (*count == caps[k]) {
			size_t cap = caps[k] ? caps[k] * 2 : 8;
			titles = arena_realloc(a, titles, caps[k] * sizeof(*titles),
			                       cap * sizeof(*titles));
			caps[k] = cap;
		}
		titles[(*count)++] = store_column_text(a, st, 1);
		out->agendas[k] = titles;
	}
	return store_read_end(s, st, rc, d, _("lecture des ordres du jour impossible"));
}

static bool milestones_load(store *s, arena *a, const plan *p, const bool *in_scope,
                            calendar_data *out, diag_list *d)
{
	sqlite3_stmt *st = store_prepare(s,
		"SELECT m.id, m.element_id, m.title, m.planned_on, m.forecast_on, m.actual_on,"
		" m.status, m.version FROM milestone m JOIN element e ON e.id = m.element_id"
		" WHERE e.plan_id = ? ORDER BY m.element_id, m.position, m.id", d);
	if (!st)
		return false;
	sqlite3_bind_int64(st, 1, p->id);
	store_id_index ix;
	store_id_index_build(a, &ix, p);
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const plan_element *e = store_id_index_get(&ix, sqlite3_column_int64(st, 1));
		if (!e || (in_scope && !in_scope[e - p->elements]))
			continue;
		if (out->milestone_count == cap) {
			size_t n = cap ? cap * 2 : 32;
			out->milestones = arena_realloc(a, out->milestones,
			                                cap * sizeof(*out->milestones),
			                                n * sizeof(*out->milestones));
			cap = n;
		}
		milestone *m = &out->milestones[out->milestone_count++];
		m->id = sqlite3_column_int64(st, 0);
		m->element = e;
		m->title = store_column_text(a, st, 2);
		m->planned = store_column_date(st, 3);
		m->forecast = store_column_date(st, 4);
		m->actual = store_column_date(st, 5);
		if (!milestone_status_parse((const char *)sqlite3_column_text(st, 6), &m->status))
			m->status = MILESTONE_PLANNED;
		m->version = sqlite3_column_int64(st, 7);
	}
	return store_read_end(s, st, rc, d, _("lecture des jalons impossible"));
}

store_result store_calendar_load(store *s, arena *a, const plan *p, int64_t instance_id,
                                 calendar_data *out, diag_list *d)
{
	memset(out, 0, sizeof(*out));
	bool *in_scope = NULL;
	if (instance_id) {
		store_result r = instance_scope(s, a, p, instance_id, &out->instance_name, &in_scope,
		                                d);
		if (r != STORE_OK)
			return r;
	}
	if (!meetings_load(s, a, p, instance_id, out, d) ||
	    !agendas_load(s, a, p, instance_id, out, d) ||
	    !milestones_load(s, a, p, in_scope, out, d))
		return STORE_FAILED;
	return STORE_OK;
}

store_result store_calendar_instance_find(store *s, arena *a, const plan *p, const char *ref,
                                          int64_t *id, diag_list *d)
{
	*id = 0;
	sqlite3_stmt *st = store_prepare(s,
		"SELECT id, name FROM instance WHERE plan_id = ? ORDER BY position, id", d);
	if (!st)
		return STORE_FAILED;
	sqlite3_bind_int64(st, 1, p->id);
	const char *key = text_match_key(a, ref ? ref : "");
	char number[24];
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t candidate = sqlite3_column_int64(st, 0);
		snprintf(number, sizeof(number), "%lld", (long long)candidate);
		const char *name = (const char *)sqlite3_column_text(st, 1);
		if ((ref && strcmp(ref, number) == 0) ||
		    (name && strcmp(text_match_key(a, name), key) == 0)) {
			*id = candidate;
			break;
		}
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		store_report(s, d, _("lecture des instances impossible"));
		return STORE_FAILED;
	}
	return *id ? STORE_OK : STORE_NOT_FOUND;
}
