/*
 * plan.h — the plan model: a plan, its forest of elements, and contribution links.
 *
 * A plan's elements form a forest whose shape belongs to the users: each element
 * carries its own level label ("Axe", "Objectif opérationnel", "Action"…), two
 * elements at the same depth may have different labels, and a branch may be deeper
 * than its neighbour. Codes are the users' own, kept verbatim, unique in a plan.
 * Contribution links join elements across branches (a project serves two axes) and
 * are not parent links.
 *
 * This module is pure: no I/O, no SQL. plan_link() builds the tree from the parent
 * codes and checks every structural rule, reporting every problem found.
 */
#ifndef JALON_PLAN_H
#define JALON_PLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"
#include "util/date.h"
#include "util/diag.h"

typedef enum {
	PLAN_STATUS_DRAFT,        /* brouillon */
	PLAN_STATUS_CONSULTATION, /* en consultation */
	PLAN_STATUS_ADOPTED,      /* adopté */
	PLAN_STATUS_REVISION,     /* en révision */
	PLAN_STATUS_CLOSED,       /* clos */
	PLAN_STATUS_COUNT
} plan_status;

typedef enum {
	ORGANISATION_UNIVERSITY, /* université */
	ORGANISATION_SCHOOL,     /* école */
	ORGANISATION_COMUE,      /* ComUE */
	ORGANISATION_REGION,     /* région */
	ORGANISATION_OTHER,      /* autre */
	ORGANISATION_KIND_COUNT
} organisation_kind;

/* Stable identifiers used in the database, files and the command line. */
const char *plan_status_key(plan_status s);          /* "brouillon", "en-consultation"… */
const char *plan_status_label(plan_status s);        /* "brouillon", "en consultation"… */
bool plan_status_parse(const char *s, plan_status *out); /* any case/accents/spacing */
const char *organisation_kind_key(organisation_kind k);  /* "universite", "ecole"… */
const char *organisation_kind_label(organisation_kind k);
bool organisation_kind_parse(const char *s, organisation_kind *out);

typedef struct plan_element plan_element;

struct plan_element {
	int64_t id;                 /* database id; 0 before saving */
	int64_t version;            /* bumped by every saved change; 0 before saving */
	int64_t previous_id;        /* the element of the previous version it was copied
	                             * from (store_plan_revise); 0 when none */
	const char *code;           /* verbatim (trimmed) */
	const char *parent_code;    /* NULL at top level */
	const char *level;
	const char *title;
	const char *description;    /* may be NULL */
	const char *owner;          /* porteur; may be NULL */
	const char **partners;      /* partenaires, in order */
	size_t partner_count;
	const char *beneficiaries;  /* may be NULL */
	jalon_date start, end;      /* DATE_NONE when unknown */
	bool has_budget;
	int64_t budget_cents;
	const char *status;         /* the users' own words; may be NULL */
	const char **contributes_to; /* codes, in order, no duplicates */
	size_t contribution_count;
	/* One value per plan custom column (same index); NULL when empty. */
	const char **attributes;
	int source_line;            /* where it came from, for errors; 0 if unknown */

	/* Filled by plan_link(). */
	plan_element *parent;
	plan_element **children;
	size_t child_count;
	plan_element **contributions;  /* resolved contributes_to */
	size_t depth;               /* 0 at top level */
};

typedef struct {
	bool recorded;
	jalon_date date;
	const char *body;        /* e.g. "Conseil d'administration" */
	const char *number;      /* deliberation number, verbatim */
	int votes_for, votes_against, abstentions;
} plan_adoption;

typedef struct {
	int64_t id;
	const char *slug;               /* identifier on the command line and in URLs */
	const char *title;
	const char *organisation;       /* name; NULL when none */
	organisation_kind organisation_kind;
	int period_start, period_end;   /* years; 0 when unknown */
	const char *version_label;      /* may be NULL */
	plan_status status;
	plan_adoption adoption;
	const char *source_name;        /* file it was imported from; may be NULL */
	bool public_plan;               /* readable by anonymous visitors (jalon serve) */

	const char **custom_columns;    /* original headers, in file order */
	size_t custom_column_count;

	plan_element *elements;         /* in source order */
	size_t element_count;

	/* Filled by plan_link(). */
	plan_element **roots;
	size_t root_count;
	plan_element **ordered;         /* depth-first, siblings in source order */
} plan;

/* Build parents, children, depths, roots and contributions from the codes, checking:
 * empty code, level or title; duplicate codes; unknown parent; cycles among parent
 * links; unknown or self contributions; end before start; negative budget.
 * Every problem goes to diags with `file` and the element's source line.
 * Returns true when the plan is sound; the links are then usable. */
bool plan_link(arena *a, plan *p, const char *file, diag_list *diags);

/* Level labels in order of first appearance in depth-first order, with counts.
 * Returns the number of distinct labels. */
typedef struct {
	const char *label;
	size_t count;
} plan_level_count;
size_t plan_level_counts(arena *a, const plan *p, plan_level_count **out);

plan_element *plan_find(const plan *p, const char *code);
plan_element *plan_find_id(const plan *p, int64_t id);

/* A copy of element `from` of p to change and save (a blank element when from is NULL):
 * its own attributes array, one slot per custom column of p, and none of the links
 * plan_link() fills. From the arena. */
plan_element plan_element_copy(arena *a, const plan *p, const plan_element *from);

/* A code of p differing from `code` only by case or accents, to suggest when a
 * reference is unknown ("vouliez-vous dire « AX1 » ?"); NULL when none. */
const char *plan_code_suggestion(arena *a, const plan *p, const char *code);

/* Number of descendants of e (children, their children…) in a linked plan. */
size_t plan_descendant_count(const plan_element *e);

/* Check one element about to be created (existing == NULL) or to replace `existing`
 * in the linked plan p: code, level and title present; code unique in the plan; parent
 * known, and neither the element itself nor one of its descendants (a move must not
 * make a cycle); contributions known and not to itself; end not before start; budget
 * not negative. Each problem is reported with the field's name as the diag's `file`
 * ("code", "level", "title", "parent", "contributes_to", "end", "budget") and line 0,
 * so a form can show it next to the field. Returns true when the element is sound. */
bool plan_check_element(arena *a, const plan *p, const plan_element *candidate,
                        const plan_element *existing, diag_list *diags);

#endif
