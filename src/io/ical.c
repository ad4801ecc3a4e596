/*
 * ical.c — a plan's calendar as iCalendar (ical.h): content lines escaped and folded
 * at 75 octets on UTF-8 character boundaries, the Europe/Paris time zone, one VEVENT
 * per meeting and per milestone.
 */
#include "io/ical.h"

#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "util/arena.h"
#include "util/i18n.h"

#define ICAL_LINE_OCTETS 75
#define DEFAULT_DURATION_MIN 120

void ical_escape(buf *out, const char *text)
{
	for (const char *c = text ? text : ""; *c; c++) {
		switch (*c) {
		case '\\': buf_puts(out, "\\\\"); break;
		case ';': buf_puts(out, "\\;"); break;
		case ',': buf_puts(out, "\\,"); break;
		case '\n': buf_puts(out, "\\n"); break;
		case '\r': break; /* CRLF in a text: its LF says it */
		default:
			/* Other controls are not allowed in TEXT (RFC 5545 §3.3.11); tab is. */
			if ((unsigned char)*c >= 0x20 || *c == '\t')
				buf_putc(out, *c);
		}
	}
}

/* Lines longer than 75 octets go on as continuation lines (CRLF then one space),
 * cut before a UTF-8 character starts, never inside one (RFC 5545 §3.1). */
static void fold(buf *out, const char *line, size_t len)
{
	size_t room = ICAL_LINE_OCTETS;
	while (len > room) {
		size_t cut = room;
		while (cut > 0 && ((unsigned char)line[cut] & 0xC0) == 0x80)
			cut--;
		buf_append(out, line, cut);
		buf_puts(out, "\r\n ");
		line += cut;
		len -= cut;
		room = ICAL_LINE_OCTETS - 1; /* the leading space counts */
	}
	buf_append(out, line, len);
	buf_puts(out, "\r\n");
}

void ical_line(buf *out, const char *name, const char *value)
{
	buf line = {0};
	buf_puts(&line, name);
	buf_putc(&line, ':');
	buf_puts(&line, value ? value : "");
	fold(out, line.data, line.len);
	buf_free(&line);
}

/* A TEXT property, escaped; nothing when the text is empty. */
static void text_line(buf *out, const char *name, const char *text)
{
	if (!text || !*text)
		return;
	buf value = {0};
	buf_puts(&value, "");
	ical_escape(&value, text);
	ical_line(out, name, value.data);
	buf_free(&value);
}

/* A URI property: not escaped as TEXT, but never with a control character (a line
 * break would end the property and start another). */
static void uri_line(buf *out, const char *name, const char *uri)
{
	buf value = {0};
	buf_puts(&value, "");
	for (const char *c = uri; *c; c++)
		if ((unsigned char)*c > 0x20 && *c != 0x7f)
			buf_putc(&value, *c);
	ical_line(out, name, value.data);
	buf_free(&value);
}

static void date_value(char out[16], jalon_date d)
{
	snprintf(out, 16, "%04d%02d%02d", d.year, d.month, d.day);
}

/* An all-day event: DTSTART;VALUE=DATE on the day, DTEND the next day. */
static void all_day(buf *out, jalon_date d)
{
	char day[16], next[16];
	date_value(day, d);
	date_value(next, date_from_days(date_to_days(d) + 1));
	ical_line(out, "DTSTART;VALUE=DATE", day);
	ical_line(out, "DTEND;VALUE=DATE", next);
}

/* Local time in Europe/Paris, minutes after the day's midnight (may pass midnight). */
static void local_time(buf *out, const char *name, jalon_date d, int minutes)
{
	jalon_date day = date_from_days(date_to_days(d) + minutes / 1440);
	minutes %= 1440;
	char value[40], date[16];
	date_value(date, day);
	snprintf(value, sizeof(value), "%sT%02d%02d00", date, minutes / 60, minutes % 60);
	char property[48];
	snprintf(property, sizeof(property), "%s;TZID=Europe/Paris", name);
	ical_line(out, property, value);
}

static void stamp_line(buf *out, time_t now)
{
	struct tm tm;
	char value[32] = "19700101T000000Z";
	if (gmtime_r(&now, &tm))
		strftime(value, sizeof(value), "%Y%m%dT%H%M%SZ", &tm);
	ical_line(out, "DTSTAMP", value);
}

static void uid_line(buf *out, const char *kind, int64_t id, const char *slug)
{
	buf value = {0};
	buf_printf(&value, "%s-%" PRId64 "@", kind, id);
	ical_escape(&value, slug ? slug : "plan");
	buf_puts(&value, ".jalon");
	ical_line(out, "UID", value.data);
	buf_free(&value);
}

static void sequence_line(buf *out, int64_t sequence)
{
	char value[24];
	snprintf(value, sizeof(value), "%" PRId64, sequence > 0 ? sequence : 0);
	ical_line(out, "SEQUENCE", value);
}

/* The EU rule since 1996: summer time from the last Sunday of March at 02:00 to the
 * last Sunday of October at 03:00. */
static void timezone_paris(buf *out)
{
	static const char *const lines[] = {
		"BEGIN:VTIMEZONE",
		"TZID:Europe/Paris",
		"X-LIC-LOCATION:Europe/Paris",
		"BEGIN:DAYLIGHT",
		"TZOFFSETFROM:+0100",
		"TZOFFSETTO:+0200",
		"TZNAME:CEST",
		"DTSTART:19700329T020000",
		"RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
		"END:DAYLIGHT",
		"BEGIN:STANDARD",
		"TZOFFSETFROM:+0200",
		"TZOFFSETTO:+0100",
		"TZNAME:CET",
		"DTSTART:19701025T030000",
		"RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
		"END:STANDARD",
		"END:VTIMEZONE",
	};
	for (size_t k = 0; k < sizeof(lines) / sizeof(lines[0]); k++) {
		buf_puts(out, lines[k]);
		buf_puts(out, "\r\n");
	}
}

static const char *meeting_ical_status(meeting_status s)
{
	switch (s) {
	case MEETING_PLANNED: return "TENTATIVE";
	case MEETING_CANCELLED: return "CANCELLED";
	default: return "CONFIRMED";
	}
}

static void meeting_event(buf *out, const ical_calendar *c, const ical_meeting *im)
{
	const meeting *m = im->meeting;
	buf_puts(out, "BEGIN:VEVENT\r\n");
	uid_line(out, "meeting", m->id, c->plan_slug);
	sequence_line(out, m->sequence);
	stamp_line(out, c->now);
	if (m->start_minute >= 0) {
		int duration = m->duration_min > 0 ? m->duration_min : DEFAULT_DURATION_MIN;
		local_time(out, "DTSTART", m->date, m->start_minute);
		local_time(out, "DTEND", m->date, m->start_minute + duration);
	} else {
		all_day(out, m->date);
	}
	text_line(out, "SUMMARY", m->instance_name ? m->instance_name : _("Séance"));
	text_line(out, "LOCATION", m->place);
	if (m->video_url && *m->video_url)
		uri_line(out, "URL", m->video_url);
	buf description = {0};
	buf_puts(&description, "");
	if (m->video_url && *m->video_url)
		buf_printf(&description, _("Visioconférence : %s"), m->video_url);
	if (im->agenda_count) {
		if (description.len)
			buf_putc(&description, '\n');
		buf_puts(&description, _("Ordre du jour :"));
		for (size_t k = 0; k < im->agenda_count; k++)
			buf_printf(&description, "\n%zu. %s", k + 1, im->agenda[k]);
	}
	text_line(out, "DESCRIPTION", description.data);
	buf_free(&description);
	ical_line(out, "STATUS", meeting_ical_status(m->status));
	buf_puts(out, "END:VEVENT\r\n");
}

/* Reached: its actual date; else its forecast; else its planned date. */
static jalon_date milestone_day(const milestone *ms)
{
	if (ms->status == MILESTONE_DONE && date_is_set(ms->actual))
		return ms->actual;
	return date_is_set(ms->forecast) ? ms->forecast : ms->planned;
}

static void milestone_event(buf *out, const ical_calendar *c, const milestone *ms)
{
	jalon_date d = milestone_day(ms);
	if (!date_is_set(d))
		return;
	buf_puts(out, "BEGIN:VEVENT\r\n");
	uid_line(out, "milestone", ms->id, c->plan_slug);
	sequence_line(out, ms->version - 1);
	stamp_line(out, c->now);
	all_day(out, d);
	const plan_element *e = ms->element;
	buf text = {0};
	buf_printf(&text, _("Jalon : %s (%s)"), ms->title, e ? e->code : "");
	text_line(out, "SUMMARY", text.data);
	buf_reset(&text);
	buf_puts(&text, "");
	if (e)
		buf_printf(&text, "%s — %s", e->code, e->title);
	if (date_compare(d, ms->planned) != 0 && date_is_set(ms->planned)) {
		char planned[11];
		date_format_fr(ms->planned, planned);
		buf_printf(&text, "%s", text.len ? "\n" : "");
		buf_printf(&text, _("Date prévue : %s"), planned);
	}
	text_line(out, "DESCRIPTION", text.data);
	buf_free(&text);
	ical_line(out, "STATUS", ms->status == MILESTONE_CANCELLED ? "CANCELLED" : "CONFIRMED");
	buf_puts(out, "END:VEVENT\r\n");
}

void ical_render(const ical_calendar *c, buf *out)
{
	buf_puts(out, "BEGIN:VCALENDAR\r\n");
	ical_line(out, "PRODID", "-//jalon//jalon " JALON_VERSION "//FR");
	ical_line(out, "VERSION", "2.0");
	ical_line(out, "CALSCALE", "GREGORIAN");
	text_line(out, "X-WR-CALNAME", c->name);
	ical_line(out, "X-WR-TIMEZONE", "Europe/Paris");
	bool timed = false;
	for (size_t k = 0; k < c->meeting_count; k++)
		timed = timed || c->meetings[k].meeting->start_minute >= 0;
	if (timed)
		timezone_paris(out);
	for (size_t k = 0; k < c->meeting_count; k++)
		meeting_event(out, c, &c->meetings[k]);
	for (size_t k = 0; k < c->milestone_count; k++)
		milestone_event(out, c, &c->milestones[k]);
	buf_puts(out, "END:VCALENDAR\r\n");
}

const char *ical_etag(arena *a, const ical_calendar *c)
{
	ical_calendar fixed = *c;
	fixed.now = 0;
	buf body = {0};
	ical_render(&fixed, &body);
	uint64_t h = 0xcbf29ce484222325ULL; /* FNV-1a */
	for (size_t k = 0; k < body.len; k++) {
		h ^= (unsigned char)body.data[k];
		h *= 0x100000001b3ULL;
	}
	buf_free(&body);
	return arena_printf(a, "\"ics-%016" PRIx64 "\"", h);
}
