/*
 * access.h — who may do what: roles granted on organisations, inherited down the
 * organisation tree, and the rules that turn them into rights on a plan, a branch or a
 * committee. Pure logic: store/access_store.c loads what it needs, web/ asks.
 *
 * Roles (DOMAIN.md §1), granted per organisation, adding up:
 * - administrateur: everything in the organisation's plans, and accounts;
 * - pilotage (the PMO): edits every plan of the organisation;
 * - porteur: edits the elements they own and their descendants (an element whose
 *   owner is one of the account's labels), with their milestones, budget lines, risks,
 *   weather and the measurements of the indicators attached to them;
 * - membre-instance: reads everything in scope, records the meetings, agendas,
 *   attendees, decisions and action items of the committees they sit on (a committee
 *   whose member list names one of their labels, or that lists no member);
 * - lecteur: reads.
 * Any role on an organisation lets its holder read the organisation's plans; anonymous
 * visitors read the plans marked public, and nothing else. `jalon ui` and the command
 * line act with every right (access_subject.everything).
 */
#ifndef JALON_ACCESS_H
#define JALON_ACCESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"

typedef enum {
	ROLE_ADMINISTRATEUR,
	ROLE_PILOTAGE,
	ROLE_PORTEUR,
	ROLE_MEMBRE_INSTANCE,
	ROLE_LECTEUR,
	ROLE_COUNT
} access_role;

#define ACCESS_BIT(role) (1u << (role))

/* "administrateur", "pilotage", "porteur", "membre-instance", "lecteur". */
const char *access_role_key(access_role r);
/* The French label (an N_() msgid: translate it). */
const char *access_role_label(access_role r);
/* Key, label or English name, any case or accents. */
bool access_role_parse(const char *s, access_role *out);

typedef struct {
	int64_t organisation_id; /* 0: every organisation */
	access_role role;
} access_grant;

typedef struct {
	int64_t account_id;     /* 0: nobody signed in */
	const char *login;      /* NULL when nobody */
	const char *name;       /* the person's name, as the journal names the actor */
	bool everything;        /* `jalon ui`, the command line: every right */
	const access_grant *grants;
	size_t grant_count;
	const char *const *labels; /* folded (text_fold) */
	size_t label_count;
} access_subject;

/* The roles (ACCESS_BIT mask) the subject holds on an organisation given by its chain:
 * the organisation first, then its parent, up to the root (count 0: a plan of no
 * organisation, on which only grants on every organisation count). Every bit when
 * subject->everything. */
unsigned access_roles(const access_subject *subject, const int64_t *chain, size_t count);

/* The roles the subject holds on some organisation or other (every bit when
 * subject->everything): what it may do somewhere, for the pages that are no plan's
 * (accounts, importing a new plan). */
unsigned access_roles_anywhere(const access_subject *subject);

/* Reading a plan: any role, or a public plan. */
bool access_may_read(unsigned roles, bool public_plan);
/* Changing the plan itself, any of its elements and records: administrateur, pilotage. */
bool access_may_steer(unsigned roles);
/* Administering: accounts, emptying the trash. */
bool access_is_admin(unsigned roles);

/* True when name (an element's owner, a committee member's name) is one of the
 * subject's labels: folded, and with a trailing parenthesis dropped ("Directeur du
 * numérique (secrétaire)" is "directeur du numerique"). */
bool access_label_matches(const access_subject *subject, arena *a, const char *name);

/* The folded form of a label as account_label stores it (text_fold, trailing
 * parenthesis dropped, spaces squeezed); NULL when nothing is left. */
char *access_label_fold(arena *a, const char *label);

#endif
