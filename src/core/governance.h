/*
 * governance.h — the committees that steer a plan (DOMAIN.md §3): instances, their
 * meetings (séances) with agenda, attendees and minutes, the decisions recorded there
 * and the action items they raise.
 *
 * Plain data, no I/O: store/governance_store.h reads and writes them, the pages, the
 * API, the reports and the calendar show them. Enumerations have a key (database,
 * files, API), a French label (an N_() msgid, translated by the caller) and a parser
 * that accepts the key, the label and a few other words people type (enum_table.h).
 */
#ifndef JALON_GOVERNANCE_H
#define JALON_GOVERNANCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/plan.h"
#include "util/date.h"

typedef enum {
	INSTANCE_GOVERNANCE,  /* "gouvernance": board-level, strategic */
	INSTANCE_STEERING,    /* "pilotage": comité de pilotage (COPIL) */
	INSTANCE_OPERATIONAL, /* "operationnel": comité de suivi, équipe projet */
	INSTANCE_TRANSVERSE,  /* "transverse": groupe de travail, comité d'usagers */
} instance_kind;

typedef enum {
	MEETING_PLANNED,          /* "prevue" */
	MEETING_HELD,             /* "tenue" */
	MEETING_MINUTES_APPROVED, /* "cr-approuve" */
	MEETING_CANCELLED,        /* "annulee" */
} meeting_status;

typedef enum {
	PRESENCE_PRESENT, /* "present" */
	PRESENCE_EXCUSED, /* "excuse" */
} attendee_presence;

typedef enum {
	DECISION_VALIDATION, /* "validation" */
	DECISION_ARBITRATION,/* "arbitrage" */
	DECISION_POSTPONEMENT, /* "report" */
	DECISION_ABANDONMENT,/* "abandon" */
	DECISION_BUDGET,     /* "budget": a budget change */
	DECISION_OTHER,      /* "autre" */
} decision_kind;

/* What recording a decision does to the plan, in the same transaction. */
typedef enum {
	EFFECT_NONE,                /* key NULL ("aucun" when parsed) */
	EFFECT_MILESTONE_REACHED,   /* "jalon-atteint": status reached, actual date, validated
	                             * by the instance on the meeting's date, minutes ref */
	EFFECT_MILESTONE_POSTPONED, /* "jalon-reporte": forecast date set */
	EFFECT_MILESTONE_CANCELLED, /* "jalon-annule": status cancelled */
	EFFECT_PHASE,               /* "phase": an element's phase set (from the plan's list) */
	EFFECT_PROGRESS,            /* "avancement": an element's progress set (0–100) */
} decision_effect;

typedef enum {
	ACTION_TODO,        /* "a-faire" */
	ACTION_IN_PROGRESS, /* "en-cours" */
	ACTION_DONE,        /* "faite" */
	ACTION_DROPPED,     /* "abandonnee" */
} action_status;

const char *instance_kind_key(instance_kind k);
const char *instance_kind_label(instance_kind k);
bool instance_kind_parse(const char *s, instance_kind *out);

const char *meeting_status_key(meeting_status s);
const char *meeting_status_label(meeting_status s);
bool meeting_status_parse(const char *s, meeting_status *out);

const char *attendee_presence_key(attendee_presence p);
const char *attendee_presence_label(attendee_presence p);
bool attendee_presence_parse(const char *s, attendee_presence *out);

const char *decision_kind_key(decision_kind k);
const char *decision_kind_label(decision_kind k);
bool decision_kind_parse(const char *s, decision_kind *out);

const char *decision_effect_key(decision_effect e);   /* NULL for EFFECT_NONE */
const char *decision_effect_label(decision_effect e); /* "aucun effet" for none */
bool decision_effect_parse(const char *s, decision_effect *out); /* "", NULL: none */

const char *action_status_key(action_status s);
const char *action_status_label(action_status s);
bool action_status_parse(const char *s, action_status *out);
static inline bool action_status_open(action_status s)
{
	return s == ACTION_TODO || s == ACTION_IN_PROGRESS;
}

typedef struct {
	const char *name;
	const char *role; /* e.g. "président", "secrétaire"; may be NULL */
} instance_member;

/* A committee of the plan. */
typedef struct {
	int64_t id;
	instance_kind kind;
	const char *name;      /* unique in the plan: "COPIL SDN" */
	const char *role;      /* role and missions, free text; may be NULL */
	const char *frequency; /* as users say it: "trimestrielle", "2 fois par an"; may be NULL */
	instance_member *members;
	size_t member_count;
	const plan_element **branches; /* the plan branches it steers; none: the whole plan */
	size_t branch_count;
	int64_t version;
	int source_line; /* where it came from in an import, for errors; 0 otherwise */
} instance;

/* A meeting (séance) of an instance. */
typedef struct {
	int64_t id;
	int64_t instance_id;
	const char *instance_name;  /* filled by loaders */
	jalon_date date;
	int start_minute;           /* local time, minutes after midnight; -1: no time given */
	int duration_min;           /* 0: not given */
	const char *place;          /* may be NULL */
	const char *video_url;      /* http(s) only; may be NULL */
	meeting_status status;
	const char *minutes;        /* compte rendu, Markdown; may be NULL */
	int sequence;               /* iCalendar SEQUENCE: bumped when date, time, place or status change */
	int64_t version;
} meeting;

/* One point of a meeting's agenda: free text, or about one element, indicator or risk
 * (at most one link; title always set, e.g. the linked item's name by default). */
typedef struct {
	int64_t id;
	int64_t meeting_id;
	const char *title;
	const plan_element *element;  /* may be NULL */
	int64_t indicator_id;         /* 0: none */
	const char *indicator_code;   /* filled by loaders when indicator_id */
	int64_t risk_id;              /* 0: none */
	const char *risk_description; /* filled by loaders when risk_id */
	const char *notes;            /* may be NULL */
	bool for_decision;            /* a decision is expected on this point */
	int64_t version;
} agenda_item;

typedef struct {
	const char *name;
	attendee_presence presence;
} meeting_attendee;

/* A decision recorded with a meeting. */
typedef struct {
	int64_t id;
	int64_t meeting_id;
	decision_kind kind;
	const char *text;
	const plan_element **elements; /* the elements concerned, in order */
	size_t element_count;
	decision_effect effect;
	int64_t milestone_id;          /* milestone effects: the milestone (of the plan) */
	const plan_element *effect_element; /* phase and progress effects: the element */
	jalon_date effect_date;        /* reached: actual date (unset: the meeting's date);
	                                * postponed: the new forecast date (required) */
	const char *effect_value;      /* phase: its name; progress: "0".."100" */
	const char *effect_summary;    /* set by the store: what was applied, in French */
	int64_t version;
	/* Filled by loaders, for lists across meetings (the decision log). */
	jalon_date meeting_date;
	const char *instance_name;
} decision;

/* An action item (relevé de décisions: "qui fait quoi pour quand"). */
typedef struct {
	int64_t id;
	int64_t meeting_id;            /* raised at this meeting; 0: none */
	const plan_element *element;   /* may be NULL */
	const char *text;
	const char *owner;             /* a person's or team's name; may be NULL */
	jalon_date due;                /* may be unset */
	action_status status;
	jalon_date created_on;
	jalon_date closed_on;          /* set exactly when done or dropped */
	int64_t version;
	/* Filled by loaders. */
	jalon_date meeting_date;
	const char *instance_name;
} action_item;

/* Open, with a due date before today. */
bool action_item_overdue(const action_item *a, jalon_date today);

#endif
