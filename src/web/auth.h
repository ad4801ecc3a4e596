/*
 * auth.h — who is asking, and may they: sessions, sign-in and sign-out, the guard every
 * route passes before its handler, and the finer checks handlers make.
 *
 * Two modes (web_config.mode): `jalon ui` (WEB_MODE_LOCAL) acts with every right for
 * whoever sits at the machine, listening on loopback only; `jalon serve`
 * (WEB_MODE_ACCOUNTS) requires signing in, except for the plans marked public.
 *
 * The guard (web_guard, called by server.c once the route is found) reads the route's
 * access kind (router.c), loads the plan named by the path and what the subject holds on
 * its organisation, resolves the record named by the path (an element, a milestone, a
 * meeting…) to the element or committee it belongs to, and answers:
 * - 404 when the plan or the record is out of the subject's scope — exactly as when it
 *   does not exist (nothing tells the one from the other);
 * - 403 when it is in scope but the action is beyond the subject's role;
 * - for nobody signed in, a page out of reach sends to the sign-in page (303, the path
 *   kept in ?next=) and the API answers 401, whether the plan exists or not.
 * Handlers whose record is named in the body (a parent element, a committee, an
 * indicator code) check it with the web_may_* functions below.
 */
#ifndef JALON_AUTH_H
#define JALON_AUTH_H

#include <stdbool.h>
#include <stdint.h>

#include "core/access.h"
#include "core/plan.h"
#include "store/plan_store.h"
#include "util/buf.h"
#include "web/http.h"
#include "web/server.h"

/* What a route requires (the router's fourth column). */
typedef enum {
	WEB_ACCESS_OPEN,         /* anyone: sign-in, assets, the OpenAPI document, the home
	                          * page (which lists only what the subject may read) */
	WEB_ACCESS_SIGNED_IN,    /* any signed-in account (its own sessions, password) */
	WEB_ACCESS_ADMIN,        /* administrateur somewhere: accounts (handlers narrow) */
	WEB_ACCESS_PLAN_CREATE,  /* pilotage or administrateur somewhere: importing a new
	                          * plan (the handler checks its organisation) */
	WEB_ACCESS_PLAN_READ,    /* read the plan of params[0] */
	WEB_ACCESS_PLAN_READ_WIDE, /* the same, for a page that also shows other plans (the
	                          * versions, a comparison): no ETag, no cached copy, since
	                          * the plan's data version does not see the others change */
	WEB_ACCESS_PLAN_STEER,   /* pilotage or administrateur of the plan's organisation */
	WEB_ACCESS_PLAN_ADMIN,   /* administrateur of the plan's organisation (empty trash) */
	WEB_ACCESS_PLAN_WRITE,   /* any role that writes (pilotage, porteur, membre-instance):
	                          * the handler checks the record named in the body */
	WEB_ACCESS_ELEMENT,      /* params[1] an element: its porteur (or an ancestor's) */
	WEB_ACCESS_ELEMENT_PARENT, /* params[1] an element: porteur of an ancestor (delete) */
	WEB_ACCESS_MILESTONE,    /* params[1] a milestone: as its element */
	WEB_ACCESS_BUDGET_LINE,  /* params[1] a budget line: as its element */
	WEB_ACCESS_RISK,         /* params[1] a risk: as its element */
	WEB_ACCESS_INDICATOR,    /* params[1] an indicator: porteur of an element it is attached to */
	WEB_ACCESS_MEASUREMENT,  /* params[1] a measurement: as its indicator */
	WEB_ACCESS_CHANGE,       /* params[1] a journal row: as its element */
	WEB_ACCESS_INSTANCE,     /* params[1] a committee: its members (membre-instance) */
	WEB_ACCESS_MEETING,      /* params[1] a meeting: as its committee */
	WEB_ACCESS_AGENDA_ITEM,  /* params[1] an agenda item: as its meeting */
	WEB_ACCESS_DECISION,     /* params[1] a decision: as its meeting */
	WEB_ACCESS_ACTION_ITEM,  /* params[1] an action item: as its meeting's committee, or
	                          * as its element for its porteur; any membre-instance when
	                          * it has neither */
} web_access;

/* The subject of the request, set before routing: never NULL (nobody signed in is a
 * subject with account_id 0). */
const access_subject *web_subject(web_request *rq);
/* True when someone is signed in (always true in local mode). */
bool web_signed_in(web_request *rq);

/* The roles the subject holds on the organisation of the routed plan (0 before the
 * guard or without a plan), and what they allow. */
unsigned web_plan_roles(web_request *rq);
bool web_may_steer(web_request *rq);      /* pilotage or administrateur */
bool web_is_admin(web_request *rq);       /* administrateur of the routed plan's
                                           * organisation; without a plan: anywhere */

/* Finer checks for records named in a body or a query, on the routed plan: */
bool web_may_edit_element(web_request *rq, int64_t element_id);
/* An element placed under parent_code (a code of p; NULL: at the top of the plan): steer,
 * or porteur of that parent. An unknown code is let through: the store refuses it with
 * its own message. */
bool web_may_place_under(web_request *rq, const plan *p, const char *parent_code);
bool web_may_record_for_instance(web_request *rq, int64_t instance_id);
bool web_may_measure(web_request *rq, int64_t indicator_id);
/* A decision of that meeting whose effect touches element_id (or the element of
 * milestone_id; both 0: no effect): steer, or the element lies in the branches the
 * meeting's committee steers (the whole plan when it names none). */
bool web_may_affect(web_request *rq, int64_t meeting_id, int64_t element_id,
                    int64_t milestone_id);
/* An action item of that meeting (0: none) and element (0: none): steer; membre-instance
 * sitting on the meeting's committee (any, without a meeting); porteur of the element. */
bool web_may_record_action(web_request *rq, int64_t meeting_id, int64_t element_id);
/* A new plan for the organisation of that name (NULL: none): pilotage or administrateur
 * on it (or on every organisation; a new organisation needs a grant on every one). */
bool web_may_create_plan(web_request *rq, const char *organisation);

/* Keep only the plans the subject may read (in place; nothing changes in local mode);
 * false when the store fails. */
bool web_plans_readable(web_request *rq, plan_summary *plans, size_t *count);
/* May the subject read another plan than the routed one (a comparison's)? */
bool web_may_read_plan(web_request *rq, const char *ref);
/* May the subject import a new plan somewhere (pilotage or administrateur anywhere)? */
bool web_may_import(web_request *rq);

/* 403: a page, or a problem document under /api/. */
void web_forbidden(web_request *rq, web_response *rs);

/* ---- what server.c and html.c call ---- */

/* Before routing: who asks (the session cookie in accounts mode; everything in local
 * mode), the client's address (X-Forwarded-For believed from trusted proxies only), and
 * the CSRF token forms carry (the session's own once signed in). */
void web_auth_begin(const web_config *config, web_request *rq);
/* The journal's actor for the request's writes: the signed-in login, the local user
 * in local mode, NULL for nobody. */
const char *web_auth_actor(web_request *rq);
/* The header's links: who is signed in, their account, sign out; or sign in. */
void web_auth_nav(web_request *rq, buf *out);
/* The client's address as the guard and the throttle see it. */
const char *web_client_address(web_request *rq);

/* Revisits (issue 8): a GET of a plan's page or API read carries a weak ETag made of the
 * plan's data version (bumped by every journalled change of the plan and every change of
 * its row), the audit log's last row (accounts, roles, sign-ins), the day, the language,
 * who asks and the server's start. web_not_modified answers 304 without running the
 * handler when If-None-Match names it (true: answered); web_etag_finish puts it on a 200
 * the handler sent without an ETag of its own. */
bool web_not_modified(web_request *rq, web_response *rs, web_access access);
void web_etag_finish(web_request *rq, web_response *rs);
/* The page's weak ETag once web_not_modified made it (NULL: not a plan's page). */
const char *web_page_etag(web_request *rq);
/* The same without the part that names the browser's CSRF token: what the cache of
 * rendered pages keys on (page_cache.h). */
const char *web_page_etag_stem(web_request *rq);

/* Pure helpers, fuzzed (fuzz/fuzz_auth.c): */
/* Where to go after signing in: next when it is a path of this site ("/…", not "//…",
 * no backslash or control character), else "/". */
const char *web_auth_safe_next(const char *next);
/* The client's address given the peer's and X-Forwarded-For (may be NULL): the peer
 * unless it is a trusted proxy, else the right-most address of the header that is not
 * a trusted proxy (the peer when the header holds none or is malformed). */
const char *web_auth_client_address(arena *a, const char *peer, const char *forwarded_for,
                                    const char *const *trusted, size_t trusted_count);
/* The session token of a Cookie header value (64 hex digits), NULL when absent or
 * malformed. */
const char *web_auth_cookie_token(arena *a, const char *cookie_header);

/* ---- the throttle of failed sign-ins (in memory, per login and per address) ---- */

#define WEB_THROTTLE_LOGIN_FAILURES 5     /* per login, per window */
#define WEB_THROTTLE_ADDRESS_FAILURES 20  /* per address, per window */
#define WEB_THROTTLE_WINDOW 900           /* seconds */
/* Seconds to wait before trying again (0: go ahead). */
long web_throttle_wait(const char *login, const char *address, long now);
void web_throttle_failure(const char *login, const char *address, long now);
void web_throttle_success(const char *login);
/* Forget every failure (tests). */
void web_throttle_reset(void);

/* The guard: true when the handler may run; else the answer (404, 403, 303 to the
 * sign-in page, 401) is in rs. */
bool web_guard(web_request *rq, web_response *rs, web_access access);

#endif
