/*
 * plan_store.h — saving and loading plans, their elements and organisations.
 */
#ifndef JALON_PLAN_STORE_H
#define JALON_PLAN_STORE_H

#include "core/plan.h"
#include "store/db.h"

typedef struct {
	int64_t id;
	const char *slug;
	const char *title;
	const char *organisation; /* NULL when none */
	int period_start, period_end;
	const char *version_label;
	plan_status status;
	size_t element_count;
} plan_summary;

typedef struct {
	int64_t id;
	const char *name;
	organisation_kind kind;
	const char *parent; /* NULL at top */
	size_t plan_count;
} organisation_summary;

/* Save a linked plan (plan_link() succeeded) as a new plan, in one transaction.
 * The slug is p->slug when set (it must be free), else derived from the title and
 * made unique with a numeric suffix; it is written back to p->slug. The organisation
 * is found by name or created with p->organisation_kind. Nothing is written on failure.
 * Journalled as one row (entity plan, action import, "42 éléments"); deleting the plan
 * deletes its journal. */
bool store_plan_create(store *s, arena *a, plan *p, diag_list *diags);

/* Load a whole plan by slug or numeric id and link it. Returns false with a message
 * in diags when it does not exist. */
bool store_plan_load(store *s, arena *a, const char *ref, plan *out, diag_list *diags);

/* Update the plan's own fields (title, organisation, period, version, status,
 * adoption record, publicity) from p, which was loaded by store_plan_load(). A change
 * of publicity is recorded in the audit log (account_store.h). */
bool store_plan_update(store *s, const plan *p, diag_list *diags);

/* Delete a plan and everything it holds. */
bool store_plan_delete(store *s, const char *ref, diag_list *diags);

/* Plans ordered by organisation then title. */
bool store_plan_list(store *s, arena *a, plan_summary **out, size_t *count, diag_list *diags);

/* Organisations ordered by name, with their parent and number of plans. */
bool store_organisation_list(store *s, arena *a, organisation_summary **out, size_t *count,
                             diag_list *diags);
/* Change the kind of an existing organisation, in its own transaction. */
bool store_organisation_set_kind(store *s, const char *name, organisation_kind kind,
                                 diag_list *diags);
/* Create an organisation; parent (a name) may be NULL. Fails when the name is taken. */
bool store_organisation_create(store *s, const char *name, organisation_kind kind,
                               const char *parent, diag_list *diags);

#endif
