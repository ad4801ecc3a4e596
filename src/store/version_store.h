/*
 * version_store.h — the plan's own life: its status workflow with the adoption
 * record, its revisions (a new plan copied from an adopted one) and its chain of
 * versions.
 *
 * The workflow (statuses of core/plan.h), every other move refused with a message
 * naming the allowed ones:
 *
 *     brouillon ──► en-consultation ──► adopté ──► en-révision ──► clos
 *         ▲               │                │  ▲          │
 *         └───────────────┘                │  └──────────┘ (révision abandonnée)
 *                                          └──────────────────────► clos
 *
 *   brouillon → en-consultation; en-consultation → brouillon or adopté;
 *   adopté → en-révision or clos (end of the period without revision);
 *   en-révision → adopté (the revision is abandoned) or clos; clos is final.
 *
 * Moving to adopté needs the adoption record: its date ("adopted_on") and the body
 * that deliberated ("adopted_by"); the deliberation number and the votes are
 * optional. When the plan adopted is a revision (previous_plan_id), the version it
 * revises is closed in the same transaction. Journal (change_log.h): entity "plan",
 * field "status" (keys), and the adoption fields that changed: adopted_on,
 * adopted_by, deliberation_number, votes_for, votes_against, abstentions.
 *
 * A revision (store_plan_revise) starts from an adopted plan, which moves to
 * en-révision; the new plan (status brouillon, version label "vN" where N is its rank
 * in the chain, previous_plan_id the revised plan) receives a copy of the elements,
 * each keeping the id of its original in previous_element_id, with their partners,
 * contributions, custom attributes, current steering status (progress, weather,
 * phase), milestones and their dependencies, budget lines, risks, dependencies,
 * qualification and scores, SWOT tables; the plan's lists (funding sources, phases,
 * criteria, indicator families, custom columns), envelope, and the indicators'
 * definitions with their targets and elements. Not copied: measurements and computed
 * values, weather history, baselines, committees and meetings, the journal.
 * Everything happens in one transaction; a refused revision writes nothing.
 *
 * Errors name a field in the diag's `file`: "status", "adopted_on", "adopted_by",
 * "votes", "slug".
 */
#ifndef JALON_VERSION_STORE_H
#define JALON_VERSION_STORE_H

#include "core/plan.h"
#include "store/db.h"
#include "store/element_store.h"

/* Whether the workflow allows from → to (pure, no database). */
bool plan_transition_allowed(plan_status from, plan_status to);
/* The statuses reachable from `from`, in workflow order; returns their number. */
size_t plan_transitions_from(plan_status from, plan_status out[PLAN_STATUS_COUNT]);

/* Move plan p (loaded) to status `to`. adoption is read when `to` is adopté (may be
 * NULL otherwise). STORE_INVALID: refused (diags say why, by field); STORE_CONFLICT:
 * the plan's status changed since it was loaded; STORE_FAILED: database error. On
 * success p->status (and p->adoption) are updated. */
store_result store_plan_set_status(store *s, plan *p, plan_status to,
                                   const plan_adoption *adoption, diag_list *diags);

/* Revise plan p (loaded, status adopté): new_slug NULL or "" for "<slug>-vN". On
 * success *created is the new plan's slug (from the arena). */
store_result store_plan_revise(store *s, arena *a, plan *p, const char *new_slug,
                               const char **created, diag_list *diags);

typedef struct {
	int64_t id;
	const char *slug;
	const char *title;
	const char *version_label; /* may be NULL */
	plan_status status;
	jalon_date adopted_on;     /* DATE_NONE when not recorded */
	const char *created_at;    /* "AAAA-MM-JJTHH:MM:SSZ" */
} plan_version;

/* The chain of versions p belongs to, oldest first (following previous_plan_id back,
 * then the newest revision of each version forward); *current is p's index. */
bool store_plan_versions(store *s, arena *a, const plan *p, plan_version **out, size_t *count,
                         size_t *current, diag_list *diags);

/* The id of the plan p revises, 0 when none. */
int64_t store_plan_previous_id(store *s, int64_t plan_id);

#endif
