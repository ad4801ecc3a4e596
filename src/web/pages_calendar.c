/*
 * pages_calendar.c — a plan's calendar feeds (io/ical.h): the meetings of its
 * committees and its milestones, for a calendar application to subscribe to.
 *
 *   GET /plans/{plan}/calendar.ics                      the whole plan
 *   GET /plans/{plan}/instances/{id}/calendar.ics       one committee: its meetings and
 *                                                       the milestones of its branches
 *   GET /api/v1/plans/{plan}/calendar.ics               the same, under the API
 *   GET /api/v1/plans/{plan}/instances/{id}/calendar.ics
 *
 * text/calendar; the ETag is a digest of what the calendar shows (ical_etag), so a
 * subscriber polling every hour gets a 304 until a meeting or a milestone changes. An
 * unknown plan or instance is a 404: an HTML page under /plans, problem+json under
 * the API.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "io/ical.h"
#include "store/calendar_store.h"
#include "store/plan_store.h"
#include "util/i18n.h"
#include "web/api_common.h"
#include "web/pages.h"

void calendar_ics(arena *a, const plan *p, const calendar_data *data, time_t now, buf *out,
                  const char **etag)
{
	ical_meeting *items = arena_alloc(a, (data->meeting_count + 1) * sizeof(*items));
	for (size_t k = 0; k < data->meeting_count; k++)
		items[k] = (ical_meeting){.meeting = &data->meetings[k],
		                          .agenda = data->agendas[k],
		                          .agenda_count = data->agenda_counts[k]};
	ical_calendar cal = {
		.plan_slug = p->slug,
		.name = data->instance_name
			? arena_printf(a, "%s — %s", p->title, data->instance_name) : p->title,
		.now = now,
		.meetings = items,
		.meeting_count = data->meeting_count,
		.milestones = data->milestones,
		.milestone_count = data->milestone_count,
	};
	ical_render(&cal, out);
	if (etag)
		*etag = ical_etag(a, &cal);
}

static void not_found(web_request *rq, web_response *rs, bool api, const char *message)
{
	if (api)
		api_problem(rs, 404, message, NULL);
	else
		page_error(rq, rs, 404, message);
}

/* A positive decimal id; 0 for anything else (which names no record). */
static int64_t id_of(const char *ref)
{
	size_t len = strlen(ref);
	if (!len || len > 18 || strspn(ref, "0123456789") != len)
		return 0;
	return strtoll(ref, NULL, 10);
}

static void calendar_send(web_request *rq, web_response *rs, bool api, bool of_instance)
{
	plan p;
	diag_list d;
	diag_init(&d, rq->arena);
	if (!store_plan_load(rq->store, rq->arena, rq->params[0], &p, &d)) {
		if (api && p.id != 0)
			api_problem(rs, 500, api_first_message(&d), NULL);
		else
			not_found(rq, rs, api, arena_printf(rq->arena, _("aucun plan « %s »"),
			                                     rq->params[0]));
		return;
	}
	int64_t instance_id = of_instance ? id_of(rq->params[1]) : 0;
	calendar_data data;
	store_result r = of_instance && !instance_id
		? STORE_NOT_FOUND
		: store_calendar_load(rq->store, rq->arena, &p, instance_id, &data, &d);
	if (r == STORE_NOT_FOUND) {
		not_found(rq, rs, api, arena_printf(rq->arena,
			_("aucune instance « %s » dans le plan « %s »"), rq->params[1], p.slug));
		return;
	}
	if (r != STORE_OK) {
		if (api)
			api_problem(rs, 500, api_first_message(&d), NULL);
		else
			page_error(rq, rs, 500, api_first_message(&d));
		return;
	}
	buf body = {0};
	const char *etag;
	calendar_ics(rq->arena, &p, &data, time(NULL), &body, &etag);
	if (api_not_modified(rq, rs, etag)) {
		buf_free(&body);
		return;
	}
	rs->status = 200;
	rs->content_type = "text/calendar; charset=utf-8";
	web_header(rs, rq->arena, "Content-Disposition",
	           arena_printf(rq->arena, "inline; filename=\"%s.ics\"", p.slug));
	buf_reset(&rs->body);
	buf_append(&rs->body, body.data, body.len);
	buf_free(&body);
}

void page_plan_calendar(web_request *rq, web_response *rs)
{
	calendar_send(rq, rs, false, false);
}

void page_instance_calendar(web_request *rq, web_response *rs)
{
	calendar_send(rq, rs, false, true);
}

void api_plan_calendar(web_request *rq, web_response *rs)
{
	calendar_send(rq, rs, true, false);
}

void api_instance_calendar(web_request *rq, web_response *rs)
{
	calendar_send(rq, rs, true, true);
}
