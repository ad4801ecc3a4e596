/*
 * test_ical.c — unit tests for the iCalendar feeds (io/ical.c), read back by an
 * independent parser, libical: what a calendar application would see.
 *
 * A small calendar of a plan: timed meetings (one with a duration, one without, one
 * ending after midnight, two around the summer-time changes), an all-day one, a
 * cancelled one, and milestones reached, postponed, planned and cancelled. Checked:
 * libical finds no error and the RFC's restrictions hold; UIDs stay the same from one
 * render to the next while SEQUENCE goes up after a change; times in Europe/Paris read
 * back as the right UTC instants in winter and in summer; all-day dates; text with
 * commas, semicolons, backslashes and new lines read back as written; lines of at most
 * 75 octets, never cut inside a UTF-8 character.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <libical/ical.h>

#include "io/ical.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/text.h"

typedef struct {
	arena *a;
	plan_element elements[2];
	meeting meetings[7];
	ical_meeting items[7];
	milestone milestones[4];
	ical_calendar cal;
} sample;

static const char *const agenda[] = {
	"Point d'avancement, budget; arbitrages",
	"Questions diverses \\ divers",
};

static jalon_date d(int y, int m, int day)
{
	return (jalon_date){y, m, day};
}

static sample *sample_new(void)
{
	sample *s = test_calloc(1, sizeof(*s));
	s->a = arena_new();
	s->elements[0] = (plan_element){.id = 1, .code = "P1", .title = "Portail"};
	s->elements[1] = (plan_element){.id = 2, .code = "P2", .title = "Réseau"};
	meeting *m = s->meetings;
	/* A COPIL at 14:00 for 90 minutes, in summer time, with a place, a link, an agenda. */
	m[0] = (meeting){.id = 11, .instance_name = "COPIL SDN", .date = d(2026, 4, 1),
	                 .start_minute = 14 * 60, .duration_min = 90,
	                 .place = "Salle du conseil, bâtiment A; 2e étage",
	                 .video_url = "https://visio.example.fr/copil?id=1,2",
	                 .status = MEETING_PLANNED, .sequence = 0};
	/* At 9:30, no duration (2 hours), in winter, held. */
	m[1] = (meeting){.id = 12, .instance_name = "Comité de suivi", .date = d(2026, 1, 15),
	                 .start_minute = 9 * 60 + 30, .status = MEETING_HELD};
	/* No time: all day; minutes approved. */
	m[2] = (meeting){.id = 13, .instance_name = "CA", .date = d(2026, 6, 30),
	                 .start_minute = -1, .status = MEETING_MINUTES_APPROVED, .sequence = 2};
	/* Cancelled. */
	m[3] = (meeting){.id = 14, .instance_name = "COPIL SDN", .date = d(2026, 5, 12),
	                 .start_minute = 10 * 60, .status = MEETING_CANCELLED, .sequence = 1};
	/* 23:00 for two hours: ends the next day. */
	m[4] = (meeting){.id = 15, .instance_name = "Astreinte", .date = d(2026, 12, 31),
	                 .start_minute = 23 * 60, .status = MEETING_PLANNED};
	/* The days summer time starts and ends (last Sundays of March and October 2026). */
	m[5] = (meeting){.id = 16, .instance_name = "Bascule été", .date = d(2026, 3, 29),
	                 .start_minute = 10 * 60, .duration_min = 60, .status = MEETING_PLANNED};
	m[6] = (meeting){.id = 17, .instance_name = "Bascule hiver", .date = d(2026, 10, 25),
	                 .start_minute = 10 * 60, .duration_min = 60, .status = MEETING_PLANNED};
	for (size_t k = 0; k < 7; k++)
		s->items[k] = (ical_meeting){.meeting = &m[k]};
	s->items[0].agenda = agenda;
	s->items[0].agenda_count = 2;

	milestone *ms = s->milestones;
	ms[0] = (milestone){.id = 101, .element = &s->elements[0], .title = "Recette",
	                    .planned = d(2026, 3, 15), .actual = d(2026, 3, 18),
	                    .forecast = d(2026, 3, 20), .status = MILESTONE_DONE, .version = 3};
	ms[1] = (milestone){.id = 102, .element = &s->elements[0], .title = "Mise en production",
	                    .planned = d(2026, 5, 1), .forecast = d(2026, 6, 15),
	                    .status = MILESTONE_PLANNED, .version = 2};
	ms[2] = (milestone){.id = 103, .element = &s->elements[1], .title = "Câblage",
	                    .planned = d(2026, 9, 1), .status = MILESTONE_PLANNED, .version = 1};
	ms[3] = (milestone){.id = 104, .element = &s->elements[1], .title = "Wi-Fi",
	                    .planned = d(2026, 10, 1), .status = MILESTONE_CANCELLED,
	                    .version = 4};
	s->cal = (ical_calendar){.plan_slug = "sdn", .name = "Schéma directeur numérique",
	                         .now = 1790000000, .meetings = s->items, .meeting_count = 7,
	                         .milestones = ms, .milestone_count = 4};
	return s;
}

static int setup(void **state)
{
	*state = sample_new();
	return 0;
}

static int teardown(void **state)
{
	sample *s = *state;
	arena_free(s->a);
	test_free(s);
	return 0;
}

static char *render(sample *s)
{
	buf out = {0};
	ical_render(&s->cal, &out);
	char *text = arena_strdup(s->a, out.data);
	buf_free(&out);
	return text;
}

/* The calendar parsed by libical; the test fails when it cannot be. */
static icalcomponent *parse(const char *text)
{
	icalcomponent *cal = icalparser_parse_string(text);
	assert_non_null(cal);
	assert_int_equal(icalcomponent_isa(cal), ICAL_VCALENDAR_COMPONENT);
	return cal;
}

/* The event of this UID. */
static icalcomponent *event(icalcomponent *cal, const char *uid)
{
	for (icalcomponent *e = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT); e;
	     e = icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT))
		if (strcmp(icalcomponent_get_uid(e), uid) == 0)
			return e;
	fail_msg("no event %s", uid);
	return NULL;
}

static void test_valid_calendar(void **state)
{
	sample *s = *state;
	const char *text = render(s);
	icalcomponent *cal = parse(text);
	assert_int_equal(icalcomponent_count_errors(cal), 0);
	assert_true(icalrestriction_check(cal));
	assert_int_equal(icalcomponent_count_errors(cal), 0);
	assert_int_equal(icalcomponent_count_components(cal, ICAL_VEVENT_COMPONENT), 11);
	/* What the restrictions do not check of a plain calendar: each event dated,
	 * stamped, identified, with a summary and a status. */
	for (icalcomponent *e = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT); e;
	     e = icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT)) {
		icalproperty_kind required[] = {ICAL_UID_PROPERTY, ICAL_DTSTAMP_PROPERTY,
		                                ICAL_DTSTART_PROPERTY, ICAL_DTEND_PROPERTY,
		                                ICAL_SUMMARY_PROPERTY, ICAL_STATUS_PROPERTY,
		                                ICAL_SEQUENCE_PROPERTY};
		for (size_t k = 0; k < sizeof(required) / sizeof(required[0]); k++)
			assert_int_equal(icalcomponent_count_properties(e, required[k]), 1);
	}
	assert_int_equal(icalcomponent_count_components(cal, ICAL_VTIMEZONE_COMPONENT), 1);
	assert_string_equal(icalproperty_get_version(
		icalcomponent_get_first_property(cal, ICAL_VERSION_PROPERTY)), "2.0");
	assert_non_null(strstr(text, "PRODID:-//jalon//"));
	assert_non_null(strstr(text, "CALSCALE:GREGORIAN\r\n"));
	assert_non_null(strstr(text, "X-WR-CALNAME:Schéma directeur numérique\r\n"));
	/* Every line ends in CRLF: no bare LF. */
	for (const char *c = text; *c; c++)
		if (*c == '\n')
			assert_true(c > text && c[-1] == '\r');
	icalcomponent_free(cal);
}

/* UIDs: the same from one render to the next, whatever the time of rendering; the
 * ETag too; SEQUENCE and ETag change when a meeting is moved. */
static void test_stable_uids_and_sequence(void **state)
{
	sample *s = *state;
	const char *first = render(s);
	const char *etag = ical_etag(s->a, &s->cal);
	s->cal.now += 3600;
	const char *second = render(s);
	assert_string_not_equal(first, second); /* DTSTAMP moved */
	assert_string_equal(etag, ical_etag(s->a, &s->cal));
	icalcomponent *a = parse(first), *b = parse(second);
	const char *uids[] = {"meeting-11@sdn.jalon", "meeting-13@sdn.jalon",
	                      "milestone-101@sdn.jalon", "milestone-104@sdn.jalon"};
	for (size_t k = 0; k < 4; k++) {
		event(a, uids[k]);
		event(b, uids[k]);
	}
	assert_int_equal(icalcomponent_get_sequence(event(a, "meeting-11@sdn.jalon")), 0);
	assert_int_equal(icalcomponent_get_sequence(event(a, "meeting-13@sdn.jalon")), 2);
	assert_int_equal(icalcomponent_get_sequence(event(a, "milestone-101@sdn.jalon")), 2);
	assert_int_equal(icalcomponent_get_sequence(event(a, "milestone-103@sdn.jalon")), 0);
	icalcomponent_free(b);

	/* The COPIL moved to the next day: the store bumps its sequence. */
	s->meetings[0].date = d(2026, 4, 2);
	s->meetings[0].sequence = 1;
	icalcomponent *c = parse(render(s));
	icalcomponent *moved = event(c, "meeting-11@sdn.jalon");
	assert_true(icalcomponent_get_sequence(moved) >
	            icalcomponent_get_sequence(event(a, "meeting-11@sdn.jalon")));
	assert_int_equal(icalcomponent_get_dtstart(moved).day, 2);
	assert_string_not_equal(etag, ical_etag(s->a, &s->cal));
	icalcomponent_free(a);
	icalcomponent_free(c);
}

/* The UTC instant of a time read back with its time zone. */
static time_t instant(icaltimetype t)
{
	assert_non_null(t.zone);
	return icaltime_as_timet_with_zone(t, t.zone);
}

static time_t utc(int y, int mo, int day, int h, int mi)
{
	icaltimetype t = icaltime_null_time();
	t.year = y;
	t.month = mo;
	t.day = day;
	t.hour = h;
	t.minute = mi;
	return icaltime_as_timet_with_zone(t, icaltimezone_get_utc_timezone());
}

static void test_times_in_paris(void **state)
{
	sample *s = *state;
	icalcomponent *cal = parse(render(s));
	struct {
		const char *uid;
		time_t start, end;
	} cases[] = {
		/* Summer: UTC+2; 90 minutes. */
		{"meeting-11@sdn.jalon", utc(2026, 4, 1, 12, 0), utc(2026, 4, 1, 13, 30)},
		/* Winter: UTC+1; two hours by default. */
		{"meeting-12@sdn.jalon", utc(2026, 1, 15, 8, 30), utc(2026, 1, 15, 10, 30)},
		/* Past midnight, into the next year. */
		{"meeting-15@sdn.jalon", utc(2026, 12, 31, 22, 0), utc(2027, 1, 1, 0, 0)},
		/* The mornings after the changes. */
		{"meeting-16@sdn.jalon", utc(2026, 3, 29, 8, 0), utc(2026, 3, 29, 9, 0)},
		{"meeting-17@sdn.jalon", utc(2026, 10, 25, 9, 0), utc(2026, 10, 25, 10, 0)},
	};
	for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
		icalcomponent *e = event(cal, cases[k].uid);
		icaltimetype start = icalcomponent_get_dtstart(e);
		assert_false(start.is_date);
		assert_string_equal(icaltimezone_get_tzid((icaltimezone *)start.zone), "Europe/Paris");
		assert_int_equal(instant(start), cases[k].start);
		assert_int_equal(instant(icalcomponent_get_dtend(e)), cases[k].end);
	}
	icalcomponent_free(cal);
}

static void expect_all_day(icalcomponent *cal, const char *uid, jalon_date start,
                           jalon_date end)
{
	icalcomponent *e = event(cal, uid);
	icaltimetype t = icalcomponent_get_dtstart(e);
	assert_true(t.is_date);
	assert_int_equal(t.year, start.year);
	assert_int_equal(t.month, start.month);
	assert_int_equal(t.day, start.day);
	t = icalcomponent_get_dtend(e);
	assert_true(t.is_date);
	assert_int_equal(t.year, end.year);
	assert_int_equal(t.month, end.month);
	assert_int_equal(t.day, end.day);
}

/* All-day meetings and milestones: on the right day, ending the next; a milestone on
 * its actual date when reached, its forecast, else its planned date. */
static void test_all_day_dates_and_statuses(void **state)
{
	sample *s = *state;
	icalcomponent *cal = parse(render(s));
	expect_all_day(cal, "meeting-13@sdn.jalon", d(2026, 6, 30), d(2026, 7, 1));
	expect_all_day(cal, "milestone-101@sdn.jalon", d(2026, 3, 18), d(2026, 3, 19));
	expect_all_day(cal, "milestone-102@sdn.jalon", d(2026, 6, 15), d(2026, 6, 16));
	expect_all_day(cal, "milestone-103@sdn.jalon", d(2026, 9, 1), d(2026, 9, 2));
	assert_string_equal(icalcomponent_get_summary(event(cal, "milestone-102@sdn.jalon")),
	                    "Jalon : Mise en production (P1)");
	struct {
		const char *uid;
		icalproperty_status status;
	} statuses[] = {
		{"meeting-11@sdn.jalon", ICAL_STATUS_TENTATIVE},
		{"meeting-12@sdn.jalon", ICAL_STATUS_CONFIRMED},
		{"meeting-13@sdn.jalon", ICAL_STATUS_CONFIRMED},
		{"meeting-14@sdn.jalon", ICAL_STATUS_CANCELLED},
		{"milestone-101@sdn.jalon", ICAL_STATUS_CONFIRMED},
		{"milestone-104@sdn.jalon", ICAL_STATUS_CANCELLED},
	};
	for (size_t k = 0; k < sizeof(statuses) / sizeof(statuses[0]); k++)
		assert_int_equal(icalcomponent_get_status(event(cal, statuses[k].uid)),
		                 statuses[k].status);
	icalcomponent_free(cal);
}

/* Place, link and agenda read back as written, special characters included. */
static void test_text_escaping(void **state)
{
	sample *s = *state;
	const char *text = render(s);
	assert_non_null(strstr(text, "LOCATION:Salle du conseil\\, bâtiment A\\; 2e étage\r\n"));
	icalcomponent *cal = parse(text);
	icalcomponent *e = event(cal, "meeting-11@sdn.jalon");
	assert_string_equal(icalcomponent_get_summary(e), "COPIL SDN");
	assert_string_equal(icalcomponent_get_location(e),
	                    "Salle du conseil, bâtiment A; 2e étage");
	assert_string_equal(icalcomponent_get_description(e),
		"Visioconférence : https://visio.example.fr/copil?id=1,2\n"
		"Ordre du jour :\n"
		"1. Point d'avancement, budget; arbitrages\n"
		"2. Questions diverses \\ divers");
	icalproperty *url = icalcomponent_get_first_property(e, ICAL_URL_PROPERTY);
	assert_non_null(url);
	assert_string_equal(icalproperty_get_url(url), "https://visio.example.fr/copil?id=1,2");
	icalcomponent_free(cal);

	/* A link that would break the line cannot add a property of its own. */
	s->meetings[0].video_url = "https://visio.example.fr/x\r\nSTATUS:CANCELLED";
	cal = parse(render(s));
	e = event(cal, "meeting-11@sdn.jalon");
	assert_int_equal(icalcomponent_count_properties(e, ICAL_STATUS_PROPERTY), 1);
	assert_int_equal(icalcomponent_get_status(e), ICAL_STATUS_TENTATIVE);
	icalcomponent_free(cal);
}

/* A title long enough to be folded several times, full of two- and three-octet
 * characters: every line at most 75 octets and valid UTF-8 on its own, and the title
 * read back whole. */
static void test_folding(void **state)
{
	sample *s = *state;
	buf title = {0};
	for (int k = 0; k < 12; k++)
		buf_puts(&title, k ? " Réunion « été » — équipe" : "Réunion « été » — équipe");
	s->meetings[0].instance_name = arena_strdup(s->a, title.data);
	const char *text = render(s);
	size_t folded = 0;
	for (const char *line = text; *line;) {
		const char *end = strstr(line, "\r\n");
		assert_non_null(end);
		size_t len = (size_t)(end - line);
		assert_true(len <= 75);
		size_t bad;
		if (!text_utf8_valid(line, len, &bad))
			fail_msg("line cut inside a character: %.*s", (int)len, line);
		if (*line == ' ')
			folded++;
		line = end + 2;
	}
	assert_true(folded >= 5);
	icalcomponent *cal = parse(text);
	assert_string_equal(icalcomponent_get_summary(event(cal, "meeting-11@sdn.jalon")),
	                    title.data);
	icalcomponent_free(cal);
	buf_free(&title);

	/* Two-octet characters from an even offset: octet 75 is the middle of one. */
	buf accents = {0};
	for (int k = 0; k < 100; k++)
		buf_puts(&accents, "é");
	buf line = {0};
	ical_line(&line, "SUMMARY", accents.data);
	const char *cut = strstr(line.data, "\r\n ");
	assert_non_null(cut);
	size_t bad;
	assert_true(text_utf8_valid(line.data, (size_t)(cut - line.data), &bad));
	assert_int_equal(cut - line.data, 74); /* "SUMMARY:" and 33 "é": 74 octets */
	buf_free(&accents);
	buf_free(&line);

	/* One line alone: 75 octets stay on one line, 76 are folded before the last. */
	const char *digits = "1234567890123456789012345678901234567890123456789012345678901234567890";
	buf out = {0};
	ical_line(&out, "X", arena_printf(s->a, "%s123", digits));
	assert_int_equal(out.len, 77);
	assert_null(strstr(out.data, "\r\n "));
	buf_reset(&out);
	ical_line(&out, "X", arena_printf(s->a, "%s1234", digits));
	assert_string_equal(out.data, arena_printf(s->a, "X:%s123\r\n 4\r\n", digits));
	buf_free(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_valid_calendar, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stable_uids_and_sequence, setup, teardown),
		cmocka_unit_test_setup_teardown(test_times_in_paris, setup, teardown),
		cmocka_unit_test_setup_teardown(test_all_day_dates_and_statuses, setup, teardown),
		cmocka_unit_test_setup_teardown(test_text_escaping, setup, teardown),
		cmocka_unit_test_setup_teardown(test_folding, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
