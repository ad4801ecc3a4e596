/*
 * digest.h — "since the last meeting" (depuis la dernière séance): what changed in a
 * set of plan branches between two days, generated from the plan's own records, never
 * typed.
 *
 * Sources: the change journal (change_log.h) for milestones, budget lines, risks and
 * action items; weather_report for weather; measurement (entered_at, and its date) for
 * indicators; action_item for closures and overdue items.
 *
 * Window: from `from` 00:00 UTC to `to` 24:00 UTC, both days included. For a meeting:
 * from the day after the previous meeting of its instance (store_meeting_previous), or
 * 30 days before the meeting when it is the instance's first, to the meeting's day, or
 * today when the meeting is in the future.
 *
 * Scope: the instance's branches and everything under them (an element is in scope
 * when it or one of its ancestors is a branch); an instance without branches steers
 * the whole plan. An indicator is in scope when one of the elements it measures is, or
 * when it measures the whole plan and the scope is the whole plan.
 *
 * Entries, in this order of kinds, then by date, then by element's plan order:
 * - DIGEST_WEATHER: a weather report in the window whose weather differs from the
 *   element's previous report (before: previous key or NULL; after: new key; detail:
 *   its comment);
 * - DIGEST_MILESTONE_REACHED: a milestone whose status became "atteint" in the window,
 *   or created in the window and "atteint" at its end (after: the actual date), unless it was validated before the window (validated_on
 *   earlier than `from`: a decision of the previous meeting, recorded after it, is no
 *   news to the next one);
 * - DIGEST_MILESTONE_SLIPPED: a milestone whose forecast (or, without forecast, planned)
 *   date moved later in the window (before/after: ISO dates; several moves: the first
 *   before and the last after); also a milestone planned in the window, not reached,
 *   with no later forecast (before: planned date, after NULL: "en retard");
 * - DIGEST_BUDGET: a budget line created, deleted, or whose planned, committed or paid
 *   amount changed in the window (subject: "2026 investissement État"; before/after:
 *   the planned amounts in cents, "" when created/deleted; detail: which amount), and
 *   budget imports (detail: the import's summary);
 * - DIGEST_RISK_NEW: a risk created in the window (after: its criticality, "" when not
 *   assessed); DIGEST_RISK_WORSENED: a risk whose criticality (probability × impact)
 *   went up over the window (before/after: criticalities);
 * - DIGEST_INDICATOR_UPDATED: an indicator with a measurement entered in the window
 *   (after: the latest value, as a number with a point; detail: its date);
 *   DIGEST_INDICATOR_OFF_TRACK: an indicator whose status at `to` is off track
 *   (core/indicator.h), whether or not it was measured in the window;
 * - DIGEST_ACTION_CLOSED: an action item closed in the window (after: its status key);
 *   DIGEST_ACTION_OVERDUE: an action item open at the end of the window whose due date
 *   is before `to` (after: the due date).
 * Action items are in scope when their element is, or they have none and were raised
 * at a meeting of the instance (always, for a plan-wide scope).
 */
#ifndef JALON_DIGEST_H
#define JALON_DIGEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/governance.h"
#include "core/plan.h"
#include "store/db.h"
#include "store/element_store.h"

typedef enum {
	DIGEST_WEATHER,
	DIGEST_MILESTONE_REACHED,
	DIGEST_MILESTONE_SLIPPED,
	DIGEST_BUDGET,
	DIGEST_RISK_NEW,
	DIGEST_RISK_WORSENED,
	DIGEST_INDICATOR_UPDATED,
	DIGEST_INDICATOR_OFF_TRACK,
	DIGEST_ACTION_CLOSED,
	DIGEST_ACTION_OVERDUE,
} digest_kind;
#define DIGEST_KIND_COUNT 10

const char *digest_kind_key(digest_kind k);   /* "weather", "milestone_reached", … (API) */
const char *digest_kind_label(digest_kind k); /* French msgid: "Météo", "Jalons atteints"… */

typedef struct {
	digest_kind kind;
	const plan_element *element; /* may be NULL (a plan-wide indicator, an action) */
	const char *subject;         /* milestone title, budget line, risk description,
	                              * "CODE — nom" of an indicator, action text */
	const char *before, *after;  /* as said above; may be NULL */
	const char *detail;          /* may be NULL */
	jalon_date date;             /* when it happened (day) */
	int64_t ref_id;              /* the record's id (milestone, budget line, risk,
	                              * indicator, action item, weather report) */
} digest_entry;

typedef struct {
	jalon_date from, to;
	bool has_previous;           /* meeting digests: a previous meeting exists */
	int64_t previous_meeting_id;
	jalon_date previous_date;
	digest_entry *entries;
	size_t count;
} meeting_digest;

/* The digest of branches (count 0: the whole plan) between from and to. */
store_result store_digest_between(store *s, arena *a, const plan *p,
                                  const plan_element *const *branches, size_t branch_count,
                                  jalon_date from, jalon_date to, meeting_digest *out,
                                  diag_list *diags);

/* The digest of meeting m (window and scope above); `today` bounds a future meeting. */
store_result store_meeting_digest(store *s, arena *a, const plan *p, const meeting *m,
                                  jalon_date today, meeting_digest *out, diag_list *diags);

#endif
