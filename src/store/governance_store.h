/*
 * governance_store.h — reading and writing a plan's committees, meetings, agendas,
 * attendees, decisions and action items (core/governance.h).
 *
 * Same contract as item_store.h: everything is reached through its plan (an id of
 * another plan's record is STORE_NOT_FOUND); a refused value is a diag whose `file`
 * member is the field's name as the API spells it (below) and nothing is written;
 * updates and deletes carry the version the user saw (0: whatever) and a record saved
 * in between is STORE_CONFLICT; every write records what changed in the change journal
 * (change_log.h) in the same transaction, as entity "instance", "meeting",
 * "agenda_item", "decision" or "action_item" (create/delete: one row with a summary —
 * the instance's name, "COPIL SDN 2026-03-12", the agenda point's title, the decision's
 * text, the action's text; update: one row per changed field), element_id the element
 * concerned when there is one (agenda point, action item, a decision's first element).
 * Loaders allocate from the arena and fill the "filled by loaders" members.
 *
 * Field names: instance — kind, name, role, frequency, members, branches; meeting —
 * instance, date, start, duration, place, video_url, status, minutes; agenda item —
 * title, element, indicator, risk, notes, for_decision, position; attendees —
 * attendees; decision — kind, text, elements, effect, milestone, effect_element,
 * effect_date, effect_value; action item — text, owner, due, status, element, meeting.
 *
 * Rules said in words (diags, in French, translated like every message):
 * - names trimmed and required where the schema says NOT NULL; an instance's name is
 *   unique in its plan ignoring case and accents; members need a name; branches are
 *   elements of the plan, each once;
 * - a meeting's date is required; start 00:00–23:59 or none; duration > 0 or none;
 *   a video link must be an http:// or https:// URL; its instance is one of the plan's;
 *   status and minutes free to change in any order (a cancelled meeting may be
 *   rescheduled); SEQUENCE goes up when date, start, duration, place, video link or
 *   status change;
 * - an agenda item links at most one of element, indicator, risk (of the plan);
 * - a decision's effect needs its target: a milestone of the plan for milestone
 *   effects (and, for a postponement, a new forecast date), an element of the plan and
 *   a value for phase (one of the plan's phases) and progress (0–100). The effect is
 *   applied once, when the decision is recorded, through the same rules as the
 *   element sheet's forms (a reached milestone gets actual = effect_date or the
 *   meeting's date, validated_by = the instance's name, validated_on = the meeting's
 *   date, minutes_ref = "Séance <instance> du JJ/MM/AAAA"; a phase or progress is set
 *   in the element's status), journalled as those forms journal them; effect_summary
 *   says in French what was done ("Jalon « Recette » atteint le 12/03/2026"). Editing a
 *   decision changes its kind, text and elements only; deleting it does not undo its
 *   effect (the summary of the journal row says so);
 * - an action item needs a text; closing it (done or dropped) sets closed_on to today,
 *   reopening clears it.
 * Deleting an instance that has meetings, or a meeting that has decisions, is refused
 * (STORE_INVALID, field "meetings" / "decisions", saying how many).
 */
#ifndef JALON_GOVERNANCE_STORE_H
#define JALON_GOVERNANCE_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/governance.h"
#include "core/plan.h"
#include "store/db.h"
#include "store/element_store.h"
#include "util/arena.h"
#include "util/diag.h"

/* ---- Instances ---- */

/* The plan's instances in their order (position, then id). */
store_result store_instances_load(store *s, arena *a, const plan *p, instance **out,
                                  size_t *count, diag_list *diags);
store_result store_instance_get(store *s, arena *a, const plan *p, int64_t id, instance *out,
                                diag_list *diags);
/* create: appended last; sets i->id and i->version (1). update: every field replaced. */
store_result store_instance_create(store *s, const plan *p, instance *i, diag_list *diags);
store_result store_instance_update(store *s, const plan *p, instance *i,
                                   int64_t expected_version, diag_list *diags);
store_result store_instance_delete(store *s, const plan *p, int64_t id,
                                   int64_t expected_version, diag_list *diags);
/* Import a batch (io/instance_csv.h): each is created, or updated when the plan has an
 * instance of that name (ignoring case and accents); with `replace`, instances of the
 * plan absent from the batch are deleted (refused, nothing written, if one has
 * meetings). All or nothing; diags carry the items' source_line. Journalled as one
 * row (action import, "4 instances"). *created and *updated may be NULL. */
store_result store_instances_import(store *s, const plan *p, const instance *items, size_t count,
                                    bool replace, size_t *created, size_t *updated,
                                    diag_list *diags);

/* ---- Meetings ---- */

/* Meetings of the plan (instance_id 0) or of one instance, by date then start then id. */
store_result store_meetings_load(store *s, arena *a, const plan *p, int64_t instance_id,
                                 meeting **out, size_t *count, diag_list *diags);
store_result store_meeting_get(store *s, arena *a, const plan *p, int64_t id, meeting *out,
                               diag_list *diags);
store_result store_meeting_create(store *s, const plan *p, meeting *m, diag_list *diags);
store_result store_meeting_update(store *s, const plan *p, meeting *m, int64_t expected_version,
                                  diag_list *diags);
store_result store_meeting_delete(store *s, const plan *p, int64_t id, int64_t expected_version,
                                  diag_list *diags);
/* The meeting of the same instance before m (earlier date, or same date and smaller
 * id), cancelled ones skipped: STORE_NOT_FOUND when there is none. */
store_result store_meeting_previous(store *s, arena *a, const plan *p, const meeting *m,
                                    meeting *out, diag_list *diags);
/* The latest meeting of the plan held (held or minutes approved) on or before `day`
 * (the "last committee" of the indicators): STORE_NOT_FOUND when none. */
store_result store_meeting_last_held(store *s, arena *a, const plan *p, jalon_date day,
                                     meeting *out, diag_list *diags);

/* ---- Agenda and attendees ---- */

store_result store_agenda_load(store *s, arena *a, const plan *p, int64_t meeting_id,
                               agenda_item **out, size_t *count, diag_list *diags);
/* create: appended last. update: every field replaced, except the position. */
store_result store_agenda_item_create(store *s, const plan *p, agenda_item *item,
                                      diag_list *diags);
store_result store_agenda_item_update(store *s, const plan *p, agenda_item *item,
                                      int64_t expected_version, diag_list *diags);
store_result store_agenda_item_delete(store *s, const plan *p, int64_t id,
                                      int64_t expected_version, diag_list *diags);
/* Move one point up (delta -1) or down (+1) in its meeting's agenda; at either end
 * nothing moves and STORE_OK is returned. */
store_result store_agenda_item_move(store *s, const plan *p, int64_t id, int delta,
                                    diag_list *diags);

store_result store_attendees_load(store *s, arena *a, const plan *p, int64_t meeting_id,
                                  meeting_attendee **out, size_t *count, diag_list *diags);
/* Replace the meeting's whole list (names trimmed, required, each once ignoring case
 * and accents). Journalled as one update of field "attendees" on the meeting. */
store_result store_attendees_set(store *s, const plan *p, int64_t meeting_id,
                                 const meeting_attendee *list, size_t count, diag_list *diags);

/* ---- Decisions ---- */

/* Decisions of one meeting (meeting_id ≠ 0) in their order, or of the whole plan
 * (0), newest meeting first. */
store_result store_decisions_load(store *s, arena *a, const plan *p, int64_t meeting_id,
                                  decision **out, size_t *count, diag_list *diags);
store_result store_decision_get(store *s, arena *a, const plan *p, int64_t id, decision *out,
                                diag_list *diags);
/* Record d in meeting d->meeting_id and apply its effect (above). Sets d->id,
 * d->version and d->effect_summary (from the arena). */
store_result store_decision_create(store *s, arena *a, const plan *p, decision *d,
                                   diag_list *diags);
store_result store_decision_update(store *s, const plan *p, decision *d,
                                   int64_t expected_version, diag_list *diags);
store_result store_decision_delete(store *s, const plan *p, int64_t id,
                                   int64_t expected_version, diag_list *diags);

/* The decision log: decisions of the plan whose text, effect summary, concerned
 * elements' codes or titles, or instance name contain every word of `query` (case
 * and accents ignored; NULL or "": all), optionally of one kind (kind < 0: any), one
 * instance (0: any), between two meeting dates (unset: open), newest first. */
typedef struct {
	const char *query;
	int kind;            /* a decision_kind, or -1 */
	int64_t instance_id; /* 0: any */
	jalon_date from, to; /* meeting dates, inclusive; unset: open */
} decision_filter;
store_result store_decisions_search(store *s, arena *a, const plan *p, const decision_filter *f,
                                    decision **out, size_t *count, diag_list *diags);

/* ---- Action items ---- */

typedef struct {
	int64_t meeting_id;  /* raised at this meeting; 0: any */
	const char *owner;   /* exactly this owner, ignoring case and accents; NULL: any */
	int64_t element_id;  /* 0: any */
	bool open_only;
} action_filter;
/* Open ones first by due date (none last), then closed ones newest closed first. */
store_result store_action_items_load(store *s, arena *a, const plan *p, const action_filter *f,
                                     action_item **out, size_t *count, diag_list *diags);
store_result store_action_item_get(store *s, arena *a, const plan *p, int64_t id,
                                   action_item *out, diag_list *diags);
/* create: created_on today; a closed status sets closed_on today. */
store_result store_action_item_create(store *s, const plan *p, action_item *item,
                                      jalon_date today, diag_list *diags);
store_result store_action_item_update(store *s, const plan *p, action_item *item,
                                      int64_t expected_version, jalon_date today,
                                      diag_list *diags);
store_result store_action_item_delete(store *s, const plan *p, int64_t id,
                                      int64_t expected_version, diag_list *diags);
/* The follow-up of meeting m: action items raised at earlier meetings of the same
 * instance (earlier date, or same date and smaller id) that are still open, or that
 * were closed after the previous meeting's date (so the committee sees them closed
 * once). Same order as store_action_items_load. */
store_result store_meeting_followups(store *s, arena *a, const plan *p, const meeting *m,
                                     action_item **out, size_t *count, diag_list *diags);

#endif
