/*
 * ical.h — a plan's calendar as iCalendar (RFC 5545), for the feeds a committee member
 * subscribes to (`/plans/{plan}/calendar.ics`, `jalon calendar`): the meetings of the
 * plan's committees and the milestones of its elements. Pure: the caller loads the
 * data (store/calendar_store.h); nothing here reads a database or a clock.
 *
 * What a calendar application sees:
 * - one VCALENDAR (PRODID, VERSION:2.0, CALSCALE:GREGORIAN, X-WR-CALNAME; no METHOD:
 *   a published feed, not an invitation, whose events have no ORGANIZER), with a VTIMEZONE for Europe/Paris (EU summer time: last Sunday of
 *   March 02:00 to last Sunday of October 03:00, as RRULEs) when a meeting has a time;
 * - a meeting with a start time: DTSTART;TZID=Europe/Paris, DTEND after its duration
 *   (2 hours when none is given); without a time: an all-day event (DTSTART;VALUE=DATE,
 *   DTEND the next day). SUMMARY the instance's name, LOCATION the place, URL the
 *   video link, DESCRIPTION the video link and the agenda's titles, STATUS TENTATIVE
 *   (planned), CONFIRMED (held, minutes approved) or CANCELLED;
 * - a milestone: an all-day event on its actual date when reached, else its forecast,
 *   else its planned date; SUMMARY "Jalon : <title> (<element code>)", STATUS
 *   CONFIRMED or CANCELLED (a cancelled milestone);
 * - stable UIDs, "meeting-<id>@<plan slug>.jalon" and "milestone-<id>@<plan slug>.jalon",
 *   and SEQUENCE the meeting's sequence, the milestone's version − 1, so that a
 *   calendar updates an event rather than adding one;
 * - text escaped (\\ \; \, \n), lines ending in CRLF and folded at 75 octets, never
 *   inside a UTF-8 character.
 */
#ifndef JALON_ICAL_H
#define JALON_ICAL_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "core/governance.h"
#include "core/steering.h"
#include "util/buf.h"

/* A meeting and the titles of its agenda, in order. */
typedef struct {
	const meeting *meeting;
	const char *const *agenda;
	size_t agenda_count;
} ical_meeting;

typedef struct {
	const char *plan_slug;  /* UIDs' domain part: "<slug>.jalon" */
	const char *name;       /* X-WR-CALNAME, e.g. the plan's title */
	time_t now;             /* DTSTAMP */
	const ical_meeting *meetings;
	size_t meeting_count;
	const milestone *milestones; /* each with its element (for the code) */
	size_t milestone_count;
} ical_calendar;

/* Append the calendar to out. */
void ical_render(const ical_calendar *c, buf *out);

/* A strong ETag ("\"ics-<hex>\"") of everything the calendar shows but DTSTAMP: equal
 * for two renders of the same data, different when an event, its sequence or the
 * calendar's name changes. From the arena. */
const char *ical_etag(arena *a, const ical_calendar *c);

/* For tests and other writers: one content line "NAME:value" (name may carry
 * parameters), value already escaped, folded and ended by CRLF; and the escaping of a
 * TEXT value. */
void ical_line(buf *out, const char *name, const char *value);
void ical_escape(buf *out, const char *text);

#endif
