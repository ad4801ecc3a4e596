/*
 * governance.c — the committees' enumerations and the overdue rule (governance.h).
 *
 * Each enumeration is an enum_table: a key as the database and the files write it, a
 * French label (N_() msgid, translated when asked for), and the other words people
 * type in a CSV cell or a form — the usual French names of committees ("COPIL",
 * "comité de suivi", "groupe de travail") and English words, matched ignoring case,
 * accents and separators.
 */
#include "core/governance.h"

#include "util/enum_table.h"
#include "util/i18n.h"

/* ---- instance kinds ---------------------------------------------------------------- */

static const enum_entry instance_kinds[] = {
	[INSTANCE_GOVERNANCE] = {"gouvernance", N_("gouvernance"),
	                         {"stratégique", "strategique", "comité stratégique",
	                          "comité de gouvernance", "governance", "strategic", "board",
	                          NULL}},
	[INSTANCE_STEERING] = {"pilotage", N_("pilotage"),
	                       {"COPIL", "comité de pilotage", "copil", "steering",
	                        "steering committee", NULL}},
	[INSTANCE_OPERATIONAL] = {"operationnel", N_("opérationnel"),
	                          {"suivi", "comité de suivi", "opérationnelle", "équipe projet",
	                           "operational", "follow-up", "project team", NULL}},
	[INSTANCE_TRANSVERSE] = {"transverse", N_("transverse"),
	                         {"groupe de travail", "GT", "comité d'usagers", "transversal",
	                          "working group", "cross-cutting", "thématique", NULL}},
};
#define INSTANCE_KIND_COUNT ((int)(sizeof(instance_kinds) / sizeof(instance_kinds[0])))

const char *instance_kind_key(instance_kind k)
{
	return enum_table_key(instance_kinds, INSTANCE_KIND_COUNT, k, INSTANCE_GOVERNANCE);
}

const char *instance_kind_label(instance_kind k)
{
	return _(enum_table_label(instance_kinds, INSTANCE_KIND_COUNT, k, INSTANCE_GOVERNANCE));
}

bool instance_kind_parse(const char *s, instance_kind *out)
{
	int i;
	if (!enum_table_parse(instance_kinds, INSTANCE_KIND_COUNT, s, &i))
		return false;
	*out = (instance_kind)i;
	return true;
}

/* ---- meeting statuses -------------------------------------------------------------- */

static const enum_entry meeting_statuses[] = {
	[MEETING_PLANNED] = {"prevue", N_("prévue"),
	                     {"planifiée", "à venir", "convoquée", "planned", "scheduled", NULL}},
	[MEETING_HELD] = {"tenue", N_("tenue"), {"réalisée", "faite", "held", "done", NULL}},
	[MEETING_MINUTES_APPROVED] = {"cr-approuve", N_("compte rendu approuvé"),
	                              {"CR approuvé", "approuvée", "PV approuvé",
	                               "minutes approved", "approved", NULL}},
	[MEETING_CANCELLED] = {"annulee", N_("annulée"),
	                       {"annulé", "cancelled", "canceled", NULL}},
};
#define MEETING_STATUS_COUNT ((int)(sizeof(meeting_statuses) / sizeof(meeting_statuses[0])))

const char *meeting_status_key(meeting_status s)
{
	return enum_table_key(meeting_statuses, MEETING_STATUS_COUNT, s, MEETING_PLANNED);
}

const char *meeting_status_label(meeting_status s)
{
	return _(enum_table_label(meeting_statuses, MEETING_STATUS_COUNT, s, MEETING_PLANNED));
}

bool meeting_status_parse(const char *s, meeting_status *out)
{
	int i;
	if (!enum_table_parse(meeting_statuses, MEETING_STATUS_COUNT, s, &i))
		return false;
	*out = (meeting_status)i;
	return true;
}

/* ---- attendees' presence ----------------------------------------------------------- */

static const enum_entry presences[] = {
	[PRESENCE_PRESENT] = {"present", N_("présent"),
	                      {"présente", "présents", "oui", "present", "attended", NULL}},
	[PRESENCE_EXCUSED] = {"excuse", N_("excusé"),
	                      {"excusée", "excusés", "absent", "absente", "excused", "apologies",
	                       NULL}},
};
#define PRESENCE_COUNT ((int)(sizeof(presences) / sizeof(presences[0])))

const char *attendee_presence_key(attendee_presence p)
{
	return enum_table_key(presences, PRESENCE_COUNT, p, PRESENCE_PRESENT);
}

const char *attendee_presence_label(attendee_presence p)
{
	return _(enum_table_label(presences, PRESENCE_COUNT, p, PRESENCE_PRESENT));
}

bool attendee_presence_parse(const char *s, attendee_presence *out)
{
	int i;
	if (!enum_table_parse(presences, PRESENCE_COUNT, s, &i))
		return false;
	*out = (attendee_presence)i;
	return true;
}

/* ---- decision kinds ---------------------------------------------------------------- */

static const enum_entry decision_kinds[] = {
	[DECISION_VALIDATION] = {"validation", N_("validation"),
	                         {"validé", "valider", "approbation", "approval", NULL}},
	[DECISION_ARBITRATION] = {"arbitrage", N_("arbitrage"),
	                          {"arbitration", "trade-off", "choix", NULL}},
	[DECISION_POSTPONEMENT] = {"report", N_("report"),
	                           {"reporté", "décalage", "postponement", "postpone", "delay",
	                            NULL}},
	[DECISION_ABANDONMENT] = {"abandon", N_("abandon"),
	                          {"abandonné", "arrêt", "abandonment", "drop", "cancel", NULL}},
	[DECISION_BUDGET] = {"budget", N_("budget"),
	                     {"budgétaire", "financement", "budget change", "funding", NULL}},
	[DECISION_OTHER] = {"autre", N_("autre"), {"divers", "other", NULL}},
};
#define DECISION_KIND_COUNT ((int)(sizeof(decision_kinds) / sizeof(decision_kinds[0])))

const char *decision_kind_key(decision_kind k)
{
	return enum_table_key(decision_kinds, DECISION_KIND_COUNT, k, DECISION_OTHER);
}

const char *decision_kind_label(decision_kind k)
{
	return _(enum_table_label(decision_kinds, DECISION_KIND_COUNT, k, DECISION_OTHER));
}

bool decision_kind_parse(const char *s, decision_kind *out)
{
	int i;
	if (!enum_table_parse(decision_kinds, DECISION_KIND_COUNT, s, &i))
		return false;
	*out = (decision_kind)i;
	return true;
}

/* ---- decision effects -------------------------------------------------------------- */

/* EFFECT_NONE has no key: the database stores NULL; it is parsed from "" or "aucun". */
static const enum_entry decision_effects[] = {
	[EFFECT_NONE] = {NULL, N_("aucun effet"), {"aucun", "none", "sans effet", NULL}},
	[EFFECT_MILESTONE_REACHED] = {"jalon-atteint", N_("jalon atteint"),
	                              {"atteint", "milestone reached", "reached", NULL}},
	[EFFECT_MILESTONE_POSTPONED] = {"jalon-reporte", N_("jalon reporté"),
	                                {"reporté", "milestone postponed", "postponed", NULL}},
	[EFFECT_MILESTONE_CANCELLED] = {"jalon-annule", N_("jalon annulé"),
	                                {"annulé", "milestone cancelled", "cancelled", NULL}},
	[EFFECT_PHASE] = {"phase", N_("changement de phase"), {"phase change", NULL}},
	[EFFECT_PROGRESS] = {"avancement", N_("avancement"), {"progress", "progression", NULL}},
};
#define DECISION_EFFECT_COUNT ((int)(sizeof(decision_effects) / sizeof(decision_effects[0])))

const char *decision_effect_key(decision_effect e)
{
	/* Out of range: EFFECT_NONE, whose key is NULL. */
	return enum_table_key(decision_effects, DECISION_EFFECT_COUNT, e, EFFECT_NONE);
}

const char *decision_effect_label(decision_effect e)
{
	return _(enum_table_label(decision_effects, DECISION_EFFECT_COUNT, e, EFFECT_NONE));
}

bool decision_effect_parse(const char *s, decision_effect *out)
{
	if (!s || !*s) {
		*out = EFFECT_NONE;
		return true;
	}
	int i;
	if (!enum_table_parse(decision_effects, DECISION_EFFECT_COUNT, s, &i))
		return false;
	*out = (decision_effect)i;
	return true;
}

/* ---- action items ------------------------------------------------------------------ */

static const enum_entry action_statuses[] = {
	[ACTION_TODO] = {"a-faire", N_("à faire"), {"todo", "to do", "ouverte", "open", NULL}},
	[ACTION_IN_PROGRESS] = {"en-cours", N_("en cours"),
	                        {"in progress", "doing", "commencée", "started", NULL}},
	[ACTION_DONE] = {"faite", N_("faite"),
	                 {"fait", "terminée", "réalisée", "close", "done", "closed", NULL}},
	[ACTION_DROPPED] = {"abandonnee", N_("abandonnée"),
	                    {"abandonné", "annulée", "dropped", "cancelled", NULL}},
};
#define ACTION_STATUS_COUNT ((int)(sizeof(action_statuses) / sizeof(action_statuses[0])))

const char *action_status_key(action_status s)
{
	return enum_table_key(action_statuses, ACTION_STATUS_COUNT, s, ACTION_TODO);
}

const char *action_status_label(action_status s)
{
	return _(enum_table_label(action_statuses, ACTION_STATUS_COUNT, s, ACTION_TODO));
}

bool action_status_parse(const char *s, action_status *out)
{
	int i;
	if (!enum_table_parse(action_statuses, ACTION_STATUS_COUNT, s, &i))
		return false;
	*out = (action_status)i;
	return true;
}

/* Overdue is a promise not kept: still open and due strictly before today. An action
 * without a due date is never overdue, and neither is one closed late. */
bool action_item_overdue(const action_item *a, jalon_date today)
{
	return a && action_status_open(a->status) && date_is_set(a->due) && date_is_set(today) &&
	       date_compare(a->due, today) < 0;
}
