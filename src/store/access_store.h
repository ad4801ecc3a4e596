/*
 * access_store.h — what the guard (web/auth.c) reads to decide: a plan's organisation
 * chain and publicity, the element or committee a record belongs to, the porteurs of an
 * element's branch, a committee's members, the organisations tree for listings.
 * Read-only, a few indexed queries per request.
 */
#ifndef JALON_ACCESS_STORE_H
#define JALON_ACCESS_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/access.h"
#include "store/db.h"
#include "util/arena.h"
#include "util/diag.h"

typedef struct {
	int64_t plan_id;
	const char *slug;
	bool public_plan;
	int64_t data_version;     /* plan.data_version: bumped by every journalled change */
	int64_t organisation_id;  /* 0: none */
	int64_t *chain;           /* the plan's organisation, then its ancestors */
	size_t chain_count;       /* 0: a plan of no organisation */
} access_plan;

/* The plan of ref (its slug or number, as store_plan_load reads it); *found false when
 * there is none. */
bool store_access_plan(store *s, arena *a, const char *ref, access_plan *out, bool *found,
                       diag_list *diags);

/* What the pages' ETags add to a plan's data version: the audit log's last row
 * (accounts, roles, sign-ins) and the connection's PRAGMA data_version, which moves
 * whenever another connection (the command line, a script) commits — writes that may
 * not be journalled against any plan. Two kept statements, no parsing. */
bool store_access_versions(store *s, int64_t *audit, int64_t *connection, diag_list *diags);

/* The organisation of that name and its ancestors; *found false when none. */
bool store_access_organisation_chain(store *s, arena *a, const char *name, int64_t **chain,
                                     size_t *count, bool *found, diag_list *diags);

typedef enum {
	ACCESS_TARGET_ELEMENT,
	ACCESS_TARGET_MILESTONE,
	ACCESS_TARGET_BUDGET_LINE,
	ACCESS_TARGET_RISK,
	ACCESS_TARGET_INDICATOR,
	ACCESS_TARGET_MEASUREMENT,
	ACCESS_TARGET_CHANGE,
	ACCESS_TARGET_INSTANCE,
	ACCESS_TARGET_MEETING,
	ACCESS_TARGET_AGENDA_ITEM,
	ACCESS_TARGET_DECISION,
	ACCESS_TARGET_ACTION_ITEM,
} access_target_kind;

typedef struct {
	bool found;               /* the record exists in this plan */
	int64_t element_id;       /* the element it belongs to (0: none) */
	int64_t parent_id;        /* that element's parent (0: top or none) */
	int64_t instance_id;      /* the committee it belongs to (0: none) */
	int64_t indicator_id;     /* for a measurement, its indicator */
} access_target;

/* Resolve record id of that kind in plan plan_id. An indicator is named by its id or
 * its code (ref); every other record by its id. */
bool store_access_target(store *s, int64_t plan_id, access_target_kind kind, const char *ref,
                         access_target *out, diag_list *diags);

/* True (in *owned) when the subject's labels name the porteur of element_id or of one of
 * its ancestors (strict: of an ancestor only). */
bool store_access_owns(store *s, arena *a, const access_subject *subject, int64_t element_id,
                       bool strict, bool *owned, diag_list *diags);
/* True (in *member) when the subject's labels name a member of the committee, or when
 * the committee lists no member. */
bool store_access_sits_on(store *s, arena *a, const access_subject *subject,
                          int64_t instance_id, bool *member, diag_list *diags);
/* True (in *owned) when the subject owns (store_access_owns) one of the elements the
 * indicator is attached to. */
bool store_access_measures(store *s, arena *a, const access_subject *subject,
                           int64_t indicator_id, bool *owned, diag_list *diags);

/* True (in *in) when element_id lies in the branches the committee steers (itself or a
 * descendant of one of its instance_element rows), or the committee names no branch (it
 * steers the whole plan). */
bool store_access_in_scope(store *s, int64_t instance_id, int64_t element_id, bool *in,
                           diag_list *diags);

/* The ids of the plans the subject may read, ascending (every plan when
 * subject->everything). */
bool store_access_readable_plans(store *s, arena *a, const access_subject *subject,
                                 int64_t **ids, size_t *count, diag_list *diags);

#endif
