/*
 * auth.c — sessions, sign-in and sign-out, the throttle of failed sign-ins, the guard
 * every route passes, and the finer checks handlers make (auth.h).
 *
 * In local mode (`jalon ui`) the subject holds every right and the guard lets
 * everything through at no cost. In accounts mode (`jalon serve`) a request carries the
 * cookie jalon_session; its token's hash names a session row (account_store.h), which
 * gives the account, its grants and labels, and the CSRF token the forms carry.
 */
#include "web/auth.h"

#include <arpa/inet.h>
#include <jansson.h>
#include <microhttpd.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sodium.h>
#include <time.h>

#include "store/access_store.h"
#include "store/account_store.h"
#include "util/i18n.h"
#include "util/text.h"
#include "web/api_common.h"
#include "web/form.h"
#include "web/html.h"
#include "web/pages.h"

/* With the Secure attribute the cookie takes the __Host- prefix: browsers then refuse it
 * from a subdomain or over plain HTTP, so nobody can plant one. */
#define SESSION_COOKIE "jalon_session"
#define SESSION_COOKIE_SECURE "__Host-jalon_session"

static const char *session_cookie_name(const web_config *config)
{
	return config->insecure_cookies ? SESSION_COOKIE : SESSION_COOKIE_SECURE;
}

struct web_auth {
	const web_config *config;
	access_subject subject;
	session_info session;
	bool has_session;
	const char *address;
	bool secure;           /* the browser reached us over HTTPS (a trusted proxy says) */
	const char *etag;      /* the page's weak ETag, once web_not_modified made it */
	const char *etag_stem; /* the same without the CSRF token's part (page_cache.h) */
	void *attempt;         /* a sign-in being checked (sign_in_begin) */
	/* The routed plan, once the guard loaded it. */
	bool plan_loaded;
	access_plan plan;
	unsigned roles;
};

static long now_seconds(void)
{
	return (long)time(NULL);
}

static bool is_api(const web_request *rq)
{
	return strncmp(rq->path, "/api/", 5) == 0;
}

/* ---- pure helpers ---------------------------------------------------------------------- */

const char *web_auth_safe_next(const char *next)
{
	if (!next || next[0] != '/' || next[1] == '/' || next[1] == '\\')
		return "/";
	for (const unsigned char *p = (const unsigned char *)next; *p; p++)
		if (*p < 0x20 || *p == 0x7f || *p == '\\')
			return "/";
	/* The sign-in pages themselves are no destination. */
	if (strncmp(next, "/login", 6) == 0 || strncmp(next, "/logout", 7) == 0)
		return "/";
	return next;
}

static bool address_listed(const char *address, const char *const *list, size_t count)
{
	for (size_t i = 0; i < count; i++)
		if (list[i] && strcmp(list[i], address) == 0)
			return true;
	return false;
}

/* A numeric IPv4 or IPv6 address, as inet_pton reads it. */
static bool address_valid(const char *s)
{
	unsigned char scratch[sizeof(struct in6_addr)];
	return inet_pton(AF_INET, s, scratch) == 1 || inet_pton(AF_INET6, s, scratch) == 1;
}

const char *web_auth_client_address(arena *a, const char *peer, const char *forwarded_for,
                                    const char *const *trusted, size_t trusted_count)
{
	if (!peer)
		peer = "";
	if (!forwarded_for || !address_listed(peer, trusted, trusted_count))
		return peer;
	/* Read the header from the right: each trusted proxy appended the address it saw. */
	size_t len = strlen(forwarded_for);
	if (len > 4096)
		return peer;
	char *copy = arena_strndup(a, forwarded_for, len);
	for (;;) {
		char *comma = strrchr(copy, ',');
		char *item = comma ? comma + 1 : copy;
		while (*item == ' ' || *item == '\t')
			item++;
		size_t n = strlen(item);
		while (n && (item[n - 1] == ' ' || item[n - 1] == '\t'))
			item[--n] = '\0';
		if (!n || !address_valid(item))
			return peer; /* malformed: believe nothing of it */
		if (!address_listed(item, trusted, trusted_count))
			return item;
		if (!comma)
			return peer;
		*comma = '\0';
	}
}

const char *web_auth_cookie_token(arena *a, const char *value)
{
	if (!value || strlen(value) != SESSION_TOKEN_HEX ||
	    strspn(value, "0123456789abcdef") != SESSION_TOKEN_HEX)
		return NULL;
	return arena_strdup(a, value);
}

/* ---- the throttle -------------------------------------------------------------------- */

/* A small open table of counters; the oldest window is reused when full. The server
 * runs handlers on one thread, the mutex only guards against tests and future pools. */
#define THROTTLE_SLOTS 1024
typedef struct {
	char key[96];
	long window_start;
	int failures;
} throttle_slot;

static throttle_slot throttle_table[THROTTLE_SLOTS];
static pthread_mutex_t throttle_lock = PTHREAD_MUTEX_INITIALIZER;

static throttle_slot *throttle_find(const char *kind, const char *value, long now, bool create)
{
	char key[96];
	snprintf(key, sizeof(key), "%s:%s", kind, value ? value : "");
	throttle_slot *oldest = &throttle_table[0];
	for (size_t i = 0; i < THROTTLE_SLOTS; i++) {
		throttle_slot *t = &throttle_table[i];
		if (t->key[0] && strcmp(t->key, key) == 0) {
			if (now - t->window_start >= WEB_THROTTLE_WINDOW) {
				t->window_start = now;
				t->failures = 0;
			}
			return t;
		}
		if (!t->key[0] || t->window_start < oldest->window_start)
			oldest = t;
		if (!t->key[0])
			break;
	}
	if (!create)
		return NULL;
	snprintf(oldest->key, sizeof(oldest->key), "%s", key);
	oldest->window_start = now;
	oldest->failures = 0;
	return oldest;
}

long web_throttle_wait(const char *login, const char *address, long now)
{
	pthread_mutex_lock(&throttle_lock);
	long wait = 0;
	throttle_slot *t = throttle_find("login", login, now, false);
	if (t && t->failures >= WEB_THROTTLE_LOGIN_FAILURES)
		wait = t->window_start + WEB_THROTTLE_WINDOW - now;
	t = throttle_find("address", address, now, false);
	if (t && t->failures >= WEB_THROTTLE_ADDRESS_FAILURES) {
		long w = t->window_start + WEB_THROTTLE_WINDOW - now;
		if (w > wait)
			wait = w;
	}
	pthread_mutex_unlock(&throttle_lock);
	return wait > 0 ? wait : 0;
}

void web_throttle_failure(const char *login, const char *address, long now)
{
	pthread_mutex_lock(&throttle_lock);
	throttle_find("login", login, now, true)->failures++;
	throttle_find("address", address, now, true)->failures++;
	pthread_mutex_unlock(&throttle_lock);
}

void web_throttle_success(const char *login)
{
	pthread_mutex_lock(&throttle_lock);
	throttle_slot *t = throttle_find("login", login, now_seconds(), false);
	if (t)
		t->failures = 0;
	pthread_mutex_unlock(&throttle_lock);
}

void web_throttle_reset(void)
{
	pthread_mutex_lock(&throttle_lock);
	memset(throttle_table, 0, sizeof(throttle_table));
	pthread_mutex_unlock(&throttle_lock);
}

/* ---- who asks ------------------------------------------------------------------------- */

static const char *peer_address(web_request *rq)
{
	const union MHD_ConnectionInfo *info =
		MHD_get_connection_info(rq->connection, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	if (!info || !info->client_addr)
		return "";
	char text[INET6_ADDRSTRLEN] = "";
	const struct sockaddr *sa = info->client_addr;
	if (sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, text, sizeof(text));
	else if (sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, text, sizeof(text));
	return arena_strdup(rq->arena, text);
}

static const char *session_token(web_request *rq)
{
	return web_auth_cookie_token(rq->arena, MHD_lookup_connection_value(
		rq->connection, MHD_COOKIE_KIND, session_cookie_name(rq->auth->config)));
}

void web_auth_begin(const web_config *config, web_request *rq)
{
	struct web_auth *st = arena_alloc(rq->arena, sizeof(*st));
	*st = (struct web_auth){.config = config};
	rq->auth = st;
	if (config->mode == WEB_MODE_LOCAL) {
		st->subject.everything = true;
		st->subject.login = config->actor;
		st->subject.name = config->actor;
		st->address = "";
		return;
	}
	const char *peer = peer_address(rq);
	st->address = web_auth_client_address(rq->arena, peer, web_header_in(rq, "X-Forwarded-For"),
	                                      config->trusted_proxies, config->trusted_proxy_count);
	if (address_listed(peer, config->trusted_proxies, config->trusted_proxy_count)) {
		const char *proto = web_header_in(rq, "X-Forwarded-Proto");
		st->secure = proto && strcasecmp(proto, "https") == 0;
	}
	const char *token = session_token(rq);
	if (!token)
		return;
	diag_list d;
	diag_init(&d, rq->arena);
	bool found = false;
	if (!store_session_lookup(rq->store, rq->arena, token, now_seconds(), config->session_idle,
	                          config->session_max, &st->session, &found, &d) || !found)
		return;
	if (!store_account_subject(rq->store, rq->arena, st->session.account_id, &st->subject, &d))
		return;
	st->has_session = true;
	st->subject.account_id = st->session.account_id;
	st->subject.login = st->session.login;
	st->subject.name = st->session.name;
	/* Signed in, forms carry the session's own token (rotated with the session). */
	rq->csrf_token = st->session.csrf;
	rq->csrf_cookie_new = false;
}

const access_subject *web_subject(web_request *rq)
{
	return &rq->auth->subject;
}

bool web_signed_in(web_request *rq)
{
	return rq->auth->subject.everything || rq->auth->has_session;
}

const char *web_auth_actor(web_request *rq)
{
	return rq->auth->subject.login;
}

const char *web_client_address(web_request *rq)
{
	return rq->auth->address;
}

void web_auth_nav(web_request *rq, buf *out)
{
	struct web_auth *st = rq->auth;
	if (!st || st->config->mode == WEB_MODE_LOCAL)
		return;
	html_printf(out, "<div class=\"account\">");
	if (st->has_session) {
		html_printf(out,
			"<a href=\"/account\">%s</a>"
			"<form method=\"post\" action=\"/logout\" class=\"inline\">",
			st->subject.name ? st->subject.name : st->subject.login);
		html_csrf_field(rq, out);
		html_printf(out, "<button type=\"submit\" class=\"link\">%s</button></form>",
		            _("Se déconnecter"));
	} else {
		html_printf(out, "<a href=\"/login?next=%u\">%s</a>", rq->path, _("Se connecter"));
	}
	html_printf(out, "</div>\n");
}

/* ---- answers -------------------------------------------------------------------------- */

static void refuse(web_request *rq, web_response *rs, int status, const char *message)
{
	if (is_api(rq))
		api_problem(rs, status, message, NULL);
	else
		page_error(rq, rs, status, message);
}

void web_forbidden(web_request *rq, web_response *rs)
{
	refuse(rq, rs, 403, _("Action non autorisée : votre rôle ne le permet pas"));
}

static void not_found(web_request *rq, web_response *rs)
{
	refuse(rq, rs, 404, is_api(rq) ? _("ressource introuvable") : _("Page introuvable"));
}

/* Nobody signed in and the page is out of reach: the sign-in page for a browser (the
 * way back kept), 401 for the API — whether what was asked for exists or not. */
static void sign_in_first(web_request *rq, web_response *rs)
{
	if (is_api(rq)) {
		web_header(rs, rq->arena, "WWW-Authenticate", "Session realm=\"jalon\"");
		api_problem(rs, 401, _("connexion requise : ouvrez une session (POST /api/v1/session)"),
		            NULL);
		return;
	}
	web_redirect(rq, rs, arena_printf(rq->arena, "/login?next=%s",
	                                  html_url_component(rq->arena, rq->path)));
}

/* ---- the guard ------------------------------------------------------------------------- */

unsigned web_plan_roles(web_request *rq)
{
	if (rq->auth->subject.everything)
		return (1u << ROLE_COUNT) - 1;
	return rq->auth->plan_loaded ? rq->auth->roles : 0;
}

bool web_may_steer(web_request *rq)
{
	return access_may_steer(web_plan_roles(rq));
}

bool web_may_read_plan(web_request *rq, const char *ref)
{
	if (rq->auth->subject.everything)
		return true;
	access_plan other;
	bool found = false;
	diag_list d;
	diag_init(&d, rq->arena);
	return store_access_plan(rq->store, rq->arena, ref, &other, &found, &d) && found &&
	       access_may_read(access_roles(&rq->auth->subject, other.chain, other.chain_count),
	                       other.public_plan);
}

bool web_may_import(web_request *rq)
{
	return access_may_steer(access_roles_anywhere(&rq->auth->subject));
}

bool web_plans_readable(web_request *rq, plan_summary *plans, size_t *count)
{
	if (rq->auth->subject.everything)
		return true;
	int64_t *ids;
	size_t n;
	diag_list d;
	diag_init(&d, rq->arena);
	if (!store_access_readable_plans(rq->store, rq->arena, &rq->auth->subject, &ids, &n, &d))
		return false;
	size_t kept = 0;
	for (size_t i = 0; i < *count; i++) {
		size_t lo = 0, hi = n;
		while (lo < hi) {
			size_t mid = (lo + hi) / 2;
			if (ids[mid] < plans[i].id)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo < n && ids[lo] == plans[i].id)
			plans[kept++] = plans[i];
	}
	*count = kept;
	return true;
}

bool web_is_admin(web_request *rq)
{
	if (rq->auth->subject.everything)
		return true;
	if (rq->auth->plan_loaded)
		return access_is_admin(rq->auth->roles);
	return access_is_admin(access_roles_anywhere(&rq->auth->subject));
}

/* Load the plan of params[0] once. False when the store fails. */
static bool plan_load(web_request *rq, bool *found)
{
	struct web_auth *st = rq->auth;
	if (st->plan_loaded) {
		*found = true;
		return true;
	}
	diag_list d;
	diag_init(&d, rq->arena);
	if (!rq->params[0] ||
	    !store_access_plan(rq->store, rq->arena, rq->params[0], &st->plan, found, &d))
		return rq->params[0] == NULL;
	if (*found) {
		st->plan_loaded = true;
		st->roles = access_roles(&st->subject, st->plan.chain, st->plan.chain_count);
	}
	return true;
}

static bool owns(web_request *rq, int64_t element_id, bool strict)
{
	diag_list d;
	diag_init(&d, rq->arena);
	bool owned = false;
	return store_access_owns(rq->store, rq->arena, &rq->auth->subject, element_id, strict,
	                         &owned, &d) && owned;
}

static bool sits_on(web_request *rq, int64_t instance_id)
{
	diag_list d;
	diag_init(&d, rq->arena);
	bool member = false;
	return store_access_sits_on(rq->store, rq->arena, &rq->auth->subject, instance_id, &member,
	                            &d) && member;
}

static bool measures(web_request *rq, int64_t indicator_id)
{
	diag_list d;
	diag_init(&d, rq->arena);
	bool owned = false;
	return store_access_measures(rq->store, rq->arena, &rq->auth->subject, indicator_id,
	                             &owned, &d) && owned;
}

bool web_may_edit_element(web_request *rq, int64_t element_id)
{
	unsigned roles = web_plan_roles(rq);
	if (access_may_steer(roles))
		return true;
	return (roles & ACCESS_BIT(ROLE_PORTEUR)) && owns(rq, element_id, false);
}

bool web_may_place_under(web_request *rq, const plan *p, const char *parent_code)
{
	if (access_may_steer(web_plan_roles(rq)))
		return true;
	if (!parent_code || !*parent_code)
		return false;
	const plan_element *parent = plan_find(p, parent_code);
	return !parent || web_may_edit_element(rq, parent->id);
}

bool web_may_record_for_instance(web_request *rq, int64_t instance_id)
{
	unsigned roles = web_plan_roles(rq);
	if (access_may_steer(roles))
		return true;
	return (roles & ACCESS_BIT(ROLE_MEMBRE_INSTANCE)) && sits_on(rq, instance_id);
}

bool web_may_measure(web_request *rq, int64_t indicator_id)
{
	unsigned roles = web_plan_roles(rq);
	if (access_may_steer(roles))
		return true;
	return (roles & ACCESS_BIT(ROLE_PORTEUR)) && measures(rq, indicator_id);
}

bool web_may_record_action(web_request *rq, int64_t meeting_id, int64_t element_id)
{
	unsigned roles = web_plan_roles(rq);
	if (access_may_steer(roles))
		return true;
	if (roles & ACCESS_BIT(ROLE_MEMBRE_INSTANCE)) {
		if (!meeting_id)
			return true;
		access_target t;
		diag_list d;
		diag_init(&d, rq->arena);
		if (rq->auth->plan_loaded &&
		    store_access_target(rq->store, rq->auth->plan.plan_id, ACCESS_TARGET_MEETING,
		                        arena_printf(rq->arena, "%lld", (long long)meeting_id), &t, &d) &&
		    t.found && sits_on(rq, t.instance_id))
			return true;
	}
	return (roles & ACCESS_BIT(ROLE_PORTEUR)) && element_id && owns(rq, element_id, false);
}

bool web_may_affect(web_request *rq, int64_t meeting_id, int64_t element_id,
                    int64_t milestone_id)
{
	if (access_may_steer(web_plan_roles(rq)) || (!element_id && !milestone_id))
		return true;
	if (!rq->auth->plan_loaded)
		return false;
	int64_t plan_id = rq->auth->plan.plan_id;
	access_target meeting_t, milestone_t;
	diag_list d;
	diag_init(&d, rq->arena);
	if (!store_access_target(rq->store, plan_id, ACCESS_TARGET_MEETING,
	                         arena_printf(rq->arena, "%lld", (long long)meeting_id), &meeting_t,
	                         &d) || !meeting_t.found)
		return false;
	if (milestone_id) {
		if (!store_access_target(rq->store, plan_id, ACCESS_TARGET_MILESTONE,
		                         arena_printf(rq->arena, "%lld", (long long)milestone_id),
		                         &milestone_t, &d))
			return false;
		if (!milestone_t.found)
			return true; /* no such milestone: the store refuses it with its own words */
		element_id = milestone_t.element_id;
	}
	bool in = false;
	return store_access_in_scope(rq->store, meeting_t.instance_id, element_id, &in, &d) && in;
}

bool web_may_create_plan(web_request *rq, const char *organisation)
{
	const access_subject *subject = &rq->auth->subject;
	if (subject->everything)
		return true;
	int64_t *chain = NULL;
	size_t count = 0;
	bool found = false;
	diag_list d;
	diag_init(&d, rq->arena);
	if (organisation && *organisation &&
	    !store_access_organisation_chain(rq->store, rq->arena, organisation, &chain, &count,
	                                     &found, &d))
		return false;
	/* A new organisation (or none) hangs on no tree: only a grant on every one counts. */
	return access_may_steer(access_roles(subject, chain, found ? count : 0));
}

static const access_target_kind target_of[] = {
	[WEB_ACCESS_ELEMENT] = ACCESS_TARGET_ELEMENT,
	[WEB_ACCESS_ELEMENT_PARENT] = ACCESS_TARGET_ELEMENT,
	[WEB_ACCESS_MILESTONE] = ACCESS_TARGET_MILESTONE,
	[WEB_ACCESS_BUDGET_LINE] = ACCESS_TARGET_BUDGET_LINE,
	[WEB_ACCESS_RISK] = ACCESS_TARGET_RISK,
	[WEB_ACCESS_INDICATOR] = ACCESS_TARGET_INDICATOR,
	[WEB_ACCESS_MEASUREMENT] = ACCESS_TARGET_MEASUREMENT,
	[WEB_ACCESS_CHANGE] = ACCESS_TARGET_CHANGE,
	[WEB_ACCESS_INSTANCE] = ACCESS_TARGET_INSTANCE,
	[WEB_ACCESS_MEETING] = ACCESS_TARGET_MEETING,
	[WEB_ACCESS_AGENDA_ITEM] = ACCESS_TARGET_AGENDA_ITEM,
	[WEB_ACCESS_DECISION] = ACCESS_TARGET_DECISION,
	[WEB_ACCESS_ACTION_ITEM] = ACCESS_TARGET_ACTION_ITEM,
};

/* May the subject, holding roles on the plan, act on the record of the route? */
static bool may_act_on(web_request *rq, web_access access, const access_target *t,
                       unsigned roles)
{
	bool porteur = roles & ACCESS_BIT(ROLE_PORTEUR);
	bool member = roles & ACCESS_BIT(ROLE_MEMBRE_INSTANCE);
	switch (access) {
	case WEB_ACCESS_ELEMENT:
	case WEB_ACCESS_MILESTONE:
	case WEB_ACCESS_BUDGET_LINE:
	case WEB_ACCESS_RISK:
	case WEB_ACCESS_CHANGE:
		return porteur && t->element_id && owns(rq, t->element_id, false);
	case WEB_ACCESS_ELEMENT_PARENT:
		return porteur && t->element_id && owns(rq, t->element_id, true);
	case WEB_ACCESS_INDICATOR:
	case WEB_ACCESS_MEASUREMENT:
		return porteur && measures(rq, t->indicator_id);
	case WEB_ACCESS_INSTANCE:
	case WEB_ACCESS_MEETING:
	case WEB_ACCESS_AGENDA_ITEM:
	case WEB_ACCESS_DECISION:
		return member && t->instance_id && sits_on(rq, t->instance_id);
	case WEB_ACCESS_ACTION_ITEM:
		if (member && (!t->instance_id || sits_on(rq, t->instance_id)))
			return true;
		return porteur && t->element_id && owns(rq, t->element_id, false);
	default:
		return false;
	}
}

bool web_guard(web_request *rq, web_response *rs, web_access access)
{
	struct web_auth *st = rq->auth;
	if (st->subject.everything || access == WEB_ACCESS_OPEN)
		return true;
	bool signed_in = st->has_session;
	switch (access) {
	case WEB_ACCESS_SIGNED_IN:
	case WEB_ACCESS_ADMIN:
	case WEB_ACCESS_PLAN_CREATE:
		if (!signed_in) {
			sign_in_first(rq, rs);
			return false;
		}
		unsigned anywhere = access_roles_anywhere(&st->subject);
		if ((access == WEB_ACCESS_ADMIN && !access_is_admin(anywhere)) ||
		    (access == WEB_ACCESS_PLAN_CREATE && !access_may_steer(anywhere))) {
			web_forbidden(rq, rs);
			return false;
		}
		return true;
	default:
		break;
	}
	/* Every other kind names a plan in params[0]. */
	bool found = false;
	if (!plan_load(rq, &found)) {
		refuse(rq, rs, 500, _("lecture des droits impossible"));
		return false;
	}
	if (!found || !access_may_read(st->roles, st->plan.public_plan)) {
		if (!signed_in)
			sign_in_first(rq, rs);
		else
			not_found(rq, rs);
		return false;
	}
	if (access == WEB_ACCESS_PLAN_READ || access == WEB_ACCESS_PLAN_READ_WIDE)
		return true;
	if (!signed_in) {
		sign_in_first(rq, rs);
		return false;
	}
	unsigned roles = st->roles;
	bool steer = access_may_steer(roles);
	switch (access) {
	case WEB_ACCESS_PLAN_STEER:
		if (steer)
			return true;
		break;
	case WEB_ACCESS_PLAN_ADMIN:
		if (access_is_admin(roles))
			return true;
		break;
	case WEB_ACCESS_PLAN_WRITE:
		if (steer || (roles & (ACCESS_BIT(ROLE_PORTEUR) | ACCESS_BIT(ROLE_MEMBRE_INSTANCE))))
			return true;
		break;
	default: {
		if ((size_t)access >= sizeof(target_of) / sizeof(target_of[0]))
			break;
		access_target t;
		diag_list d;
		diag_init(&d, rq->arena);
		if (!store_access_target(rq->store, st->plan.plan_id, target_of[access], rq->params[1],
		                         &t, &d)) {
			refuse(rq, rs, 500, _("lecture des droits impossible"));
			return false;
		}
		if (!t.found) {
			not_found(rq, rs);
			return false;
		}
		if (steer || may_act_on(rq, access, &t, roles))
			return true;
		break;
	}
	}
	web_forbidden(rq, rs);
	return false;
}

/* ---- revisits: ETags and 304 ----------------------------------------------------------------- */


bool web_not_modified(web_request *rq, web_response *rs, web_access access)
{
	if (access != WEB_ACCESS_PLAN_READ ||
	    (strcmp(rq->method, "GET") != 0 && strcmp(rq->method, "HEAD") != 0))
		return false;
	bool found = false;
	if (!plan_load(rq, &found) || !found)
		return false;
	/* Drawn once per process: a new binary (or a restart) never answers 304 for a page
	 * an older one rendered. Handlers run on one thread. */
	static uint64_t nonce;
	if (!nonce) {
		uint64_t n = 0;
		while (!n)
			randombytes_buf(&n, sizeof(n));
		nonce = n;
	}
	time_t now = time(NULL);
	struct tm day;
	localtime_r(&now, &day);
	struct web_auth *st = rq->auth;
	int64_t audit = 0, connection = 0;
	diag_list d;
	diag_init(&d, rq->arena);
	if (!store_access_versions(rq->store, &audit, &connection, &d))
		return false;
	st->etag_stem = arena_printf(rq->arena, "%llx-%lld-%lld-%lld-%04d%02d%02d-%s-%lld",
	                             (unsigned long long)nonce, (long long)st->plan.data_version,
	                             (long long)audit, (long long)connection, day.tm_year + 1900,
	                             day.tm_mon + 1, day.tm_mday, rq->lang,
	                             (long long)st->subject.account_id);
	st->etag = arena_printf(rq->arena, "W/\"%s-%llx\"", st->etag_stem,
	                        (unsigned long long)(text_hash(rq->csrf_token) & 0xffffffffu));
	const char *match = web_header_in(rq, "If-None-Match");
	if (!match || !strstr(match, st->etag))
		return false;
	rs->status = 304;
	rs->content_type = NULL;
	web_header(rs, rq->arena, "ETag", st->etag);
	return true;
}

const char *web_page_etag(web_request *rq)
{
	return rq->auth ? rq->auth->etag : NULL;
}

const char *web_page_etag_stem(web_request *rq)
{
	return rq->auth ? rq->auth->etag_stem : NULL;
}

void web_etag_finish(web_request *rq, web_response *rs)
{
	struct web_auth *st = rq->auth;
	if (!st || !st->etag || rs->status != 200)
		return;
	for (size_t i = 0; i < rs->header_count; i++)
		if (strcasecmp(rs->header_names[i], "ETag") == 0)
			return;
	web_header(rs, rq->arena, "ETag", st->etag);
}

/* ---- sign-in and sign-out ------------------------------------------------------------------ */

static void session_cookie(web_request *rq, web_response *rs, const char *token, long max_age)
{
	struct web_auth *st = rq->auth;
	bool secure = !st->config->insecure_cookies || st->secure;
	web_header(rs, rq->arena, "Set-Cookie",
	           arena_printf(rq->arena, "%s=%s; Path=/; Max-Age=%ld; HttpOnly; SameSite=Lax%s",
	                        session_cookie_name(st->config), token, max_age,
	                        secure ? "; Secure" : ""));
}

static void login_page(web_request *rq, web_response *rs, const char *error)
{
	const char *next = web_auth_safe_next(web_query(rq, "next") ? web_query(rq, "next")
	                                                             : web_form(rq, "next"));
	html_page_begin(rq, rs, _("Connexion"));
	buf *b = &rs->body;
	html_printf(b, "<h1>%s</h1>\n", _("Connexion"));
	if (error)
		html_printf(b, "<div class=\"errors\" id=\"login-error\" role=\"alert\" tabindex=\"-1\"><p>%s</p></div>\n",
		            error);
	html_printf(b, "<form method=\"post\" action=\"/login\" class=\"login\">\n");
	html_csrf_field(rq, b);
	html_printf(b, "<input type=\"hidden\" name=\"next\" value=\"%s\">\n", next);
	html_printf(b,
		"<div class=\"field\"><label for=\"login\">%s</label>"
		"<input type=\"text\" id=\"login\" name=\"login\" value=\"%s\" required "
		"autocomplete=\"username\" autocapitalize=\"none\" spellcheck=\"false\"%r></div>\n",
		_("Identifiant"), web_form(rq, "login"),
		error ? " aria-describedby=\"login-error\" aria-invalid=\"true\"" : "");
	html_printf(b,
		"<div class=\"field\"><label for=\"password\">%s</label>"
		"<input type=\"password\" id=\"password\" name=\"password\" required "
		"autocomplete=\"current-password\"></div>\n",
		_("Mot de passe"));
	html_printf(b, "<button type=\"submit\">%s</button>\n</form>\n", _("Se connecter"));
	html_page_end(rq, rs);
}

void page_login_form(web_request *rq, web_response *rs)
{
	if (rq->auth->config->mode == WEB_MODE_LOCAL) {
		web_redirect(rq, rs, web_auth_safe_next(web_query(rq, "next")));
		return;
	}
	/* Signed in already, the form still shows (with who is signed in, in the header): a
	 * session left in this browser by someone else must not keep its owner from
	 * signing in as themselves. */
	login_page(rq, rs, NULL);
}

/* ---- a sign-in: the throttle, the hash read, checked away from the server's thread ---- */

typedef struct {
	const char *key;       /* the throttle's key: the login folded */
	const char *login;     /* as typed, for the audit of a failure */
	const char *password;
	const char *hash;      /* NULL: no such account (a fixed hash is checked instead) */
	int64_t id;
	bool disabled;
	bool match;
} sign_in_attempt;

/* On a thread of its own: Argon2id takes its quarter of a second there (an unknown login
 * the same, against a fixed hash: timing tells nothing). */
static void sign_in_verify(void *ctx)
{
	sign_in_attempt *t = ctx;
	t->match = account_password_matches(t->hash, t->password);
}

static void answer_refused(web_request *rq, web_response *rs, int status, const char *message,
                           long retry_after)
{
	if (retry_after)
		web_header(rs, rq->arena, "Retry-After", arena_printf(rq->arena, "%ld", retry_after));
	else if (status == 401)
		web_header(rs, rq->arena, "WWW-Authenticate", "Session realm=\"jalon\"");
	if (is_api(rq)) {
		api_problem(rs, status, message, NULL);
	} else {
		rs->status = status;
		login_page(rq, rs, message);
	}
}

/* Start checking login and password: answered at once when throttled or busy, else the
 * check runs away from the server's thread and `then` finishes (true). */
static bool sign_in_begin(web_request *rq, web_response *rs, const char *login,
                          const char *password, web_handler then)
{
	struct web_auth *st = rq->auth;
	long now = now_seconds();
	sign_in_attempt *t = arena_alloc(rq->arena, sizeof(*t));
	*t = (sign_in_attempt){.login = login ? login : "", .password = password ? password : ""};
	t->key = text_fold(rq->arena, t->login);
	long wait = web_throttle_wait(t->key, st->address, now);
	if (wait > 0) {
		answer_refused(rq, rs, 429, arena_printf(rq->arena,
			_("trop d'essais infructueux : réessayez dans %ld minute(s)"), (wait + 59) / 60), wait);
		return false;
	}
	diag_list d;
	diag_init(&d, rq->arena);
	if (sodium_init() < 0) {
		answer_refused(rq, rs, 500, _("ouverture de session impossible"), 0);
		return false;
	}
	if (*t->password && !store_account_password(rq->store, rq->arena, t->login, &t->id, &t->hash,
	                                            &t->disabled, &d)) {
		answer_refused(rq, rs, 500, _("ouverture de session impossible"), 0);
		return false;
	}
	st->attempt = t;
	if (!web_offload(rq, sign_in_verify, t, then)) {
		answer_refused(rq, rs, 503, _("trop de connexions en cours : réessayez dans un instant"), 1);
		return false;
	}
	return true;
}

/* After the check: the account's id, or 0 with the failure answered, counted and audited. */
static int64_t sign_in_end(web_request *rq, web_response *rs)
{
	struct web_auth *st = rq->auth;
	sign_in_attempt *t = st->attempt;
	if (t->match && t->id && !t->disabled) {
		web_throttle_success(t->key);
		return t->id;
	}
	web_throttle_failure(t->key, st->address, now_seconds());
	diag_list ignored;
	diag_init(&ignored, rq->arena);
	store_audit_login_failed(rq->store, t->login, st->address, &ignored);
	answer_refused(rq, rs, 401, _("identifiant ou mot de passe incorrect (ou compte désactivé)"), 0);
	return 0;
}

/* Open a session for account id: the old one of this browser ends (a new token at every
 * sign-in: a token planted before cannot be ridden). */
static bool open_session(web_request *rq, web_response *rs, int64_t id, session_info *out)
{
	struct web_auth *st = rq->auth;
	diag_list d;
	diag_init(&d, rq->arena);
	const char *old = session_token(rq);
	if (old)
		store_session_end(rq->store, old, &d);
	char token[SESSION_TOKEN_HEX + 1];
	if (!store_session_create(rq->store, rq->arena, id, st->address, now_seconds(), token, out,
	                          &d))
		return false;
	session_cookie(rq, rs, token, (long)st->config->session_max);
	return true;
}

static void page_login_done(web_request *rq, web_response *rs)
{
	int64_t id = sign_in_end(rq, rs);
	session_info session;
	if (!id)
		return;
	if (!open_session(rq, rs, id, &session)) {
		page_error(rq, rs, 500, _("ouverture de session impossible"));
		return;
	}
	web_redirect(rq, rs, web_auth_safe_next(web_form(rq, "next")));
}

void page_login(web_request *rq, web_response *rs)
{
	if (rq->auth->config->mode == WEB_MODE_LOCAL) {
		web_redirect(rq, rs, "/");
		return;
	}
	/* Signing in needs the form's token too: another site must not sign a browser in to
	 * an account of its choosing. */
	if (page_refuse_without_csrf(rq, rs))
		return;
	sign_in_begin(rq, rs, web_form(rq, "login"), web_form(rq, "password"), page_login_done);
}

void page_logout(web_request *rq, web_response *rs)
{
	if (page_refuse_without_csrf(rq, rs))
		return;
	const char *token = session_token(rq);
	diag_list d;
	diag_init(&d, rq->arena);
	if (token)
		store_session_end(rq->store, token, &d);
	session_cookie(rq, rs, "", 0);
	web_redirect(rq, rs, "/login");
}

/* ---- the account's own page ------------------------------------------------------------------ */

static const html_notice_entry account_notices[] = {
	{"password", N_("Mot de passe changé ; vos autres sessions sont fermées.")},
};

static void account_page(web_request *rq, web_response *rs, const diag_list *errors)
{
	struct web_auth *st = rq->auth;
	diag_list d;
	diag_init(&d, rq->arena);
	account acc;
	bool found = false;
	if (!store_account_get(rq->store, rq->arena, st->subject.account_id, &acc, &found, &d) ||
	    !found) {
		page_error(rq, rs, 500, _("lecture du compte impossible"));
		return;
	}
	html_page_begin(rq, rs, _("Mon compte"));
	buf *b = &rs->body;
	html_printf(b, "<h1>%s</h1>\n", _("Mon compte"));
	html_notice(b, html_notice_find(account_notices,
	                                sizeof(account_notices) / sizeof(account_notices[0]),
	                                web_query(rq, "notice")));
	html_printf(b, "<dl class=\"record\">\n<dt>%s</dt><dd>%s</dd>\n<dt>%s</dt><dd>%s</dd>\n",
	            _("Identifiant"), acc.login, _("Nom"), acc.name);
	html_printf(b, "<dt>%s</dt><dd>", _("Rôles"));
	if (!acc.grant_count)
		html_printf(b, "%s", _("aucun"));
	html_printf(b, "<ul>");
	for (size_t i = 0; i < acc.grant_count; i++)
		html_printf(b, "<li>%s — %s</li>", _(access_role_label(acc.grants[i].role)),
		            acc.grants[i].organisation ? acc.grants[i].organisation
		                                       : _("toutes les organisations"));
	html_printf(b, "</ul></dd>\n<dt>%s</dt><dd>", _("Noms dans les plans"));
	for (size_t i = 0; i < acc.label_count; i++)
		html_printf(b, "%s%s", i ? " ; " : "", acc.labels[i]);
	if (!acc.label_count)
		html_printf(b, "%s", _("aucun"));
	html_printf(b, "</dd>\n<dt>%s</dt><dd>%zu</dd>\n</dl>\n", _("Sessions ouvertes"),
	            acc.session_count);

	html_printf(b, "<section aria-labelledby=\"password-title\">\n<h2 id=\"password-title\">%s</h2>\n",
	            _("Changer de mot de passe"));
	if (errors && errors->count)
		form_error_summary(b, errors, NULL);
	html_printf(b, "<form method=\"post\" action=\"/account/password\">\n");
	html_csrf_field(rq, b);
	html_printf(b,
		"<div class=\"field\"><label for=\"current\">%s</label>"
		"<input type=\"password\" id=\"current\" name=\"current\" required "
		"autocomplete=\"current-password\"></div>\n"
		"<div class=\"field\"><label for=\"password\">%s</label>"
		"<span class=\"hint\" id=\"password-hint\">%s</span>"
		"<input type=\"password\" id=\"password\" name=\"password\" required minlength=\"%d\" "
		"autocomplete=\"new-password\" aria-describedby=\"password-hint\"></div>\n"
		"<div class=\"field\"><label for=\"confirm\">%s</label>"
		"<input type=\"password\" id=\"confirm\" name=\"confirm\" required "
		"autocomplete=\"new-password\"></div>\n"
		"<button type=\"submit\">%s</button>\n</form>\n</section>\n",
		_("Mot de passe actuel"), _("Nouveau mot de passe"),
		arena_printf(rq->arena, _("%d caractères au moins."), ACCOUNT_PASSWORD_MIN),
		ACCOUNT_PASSWORD_MIN, _("Confirmez le nouveau mot de passe"), _("Changer"));

	html_printf(b, "<section aria-labelledby=\"sessions-title\">\n<h2 id=\"sessions-title\">%s</h2>\n"
	               "<p>%s</p>\n<form method=\"post\" action=\"/account/sessions/end\">\n",
	            _("Sessions"),
	            _("Fermez toutes vos sessions, sur tous vos appareils (celle-ci comprise), si "
	              "vous avez oublié de vous déconnecter ailleurs."));
	html_csrf_field(rq, b);
	html_printf(b, "<button type=\"submit\">%s</button>\n</form>\n</section>\n",
	            _("Se déconnecter partout"));
	html_page_end(rq, rs);
}

void page_account(web_request *rq, web_response *rs)
{
	account_page(rq, rs, NULL);
}

void page_account_password(web_request *rq, web_response *rs)
{
	if (page_refuse_without_csrf(rq, rs))
		return;
	struct web_auth *st = rq->auth;
	diag_list d;
	diag_init(&d, rq->arena);
	const char *password = web_form(rq, "password");
	int64_t id = 0;
	bool disabled = false;
	if (!store_account_verify(rq->store, st->subject.login, web_form(rq, "current"), &id,
	                          &disabled, &d) || id != st->subject.account_id)
		diag_add(&d, "current", 0, "%s", _("le mot de passe actuel n'est pas le bon"));
	else if (strcmp(password, web_form(rq, "confirm")) != 0)
		diag_add(&d, "confirm", 0, "%s", _("les deux nouveaux mots de passe diffèrent"));
	else if (account_password_acceptable(password, &d) &&
	         store_account_set_password(rq->store, st->subject.login, password, &d)) {
		/* Every session ended with the change: this browser gets a fresh one. */
		session_info session;
		if (!open_session(rq, rs, st->subject.account_id, &session)) {
			page_error(rq, rs, 500, _("ouverture de session impossible"));
			return;
		}
		web_redirect(rq, rs, "/account?notice=password");
		return;
	}
	rs->status = 422;
	account_page(rq, rs, &d);
}

void page_account_sessions_end(web_request *rq, web_response *rs)
{
	if (page_refuse_without_csrf(rq, rs))
		return;
	diag_list d;
	diag_init(&d, rq->arena);
	if (!store_session_end_all(rq->store, rq->auth->subject.account_id, NULL, &d)) {
		page_error(rq, rs, 500, _("fermeture des sessions impossible"));
		return;
	}
	session_cookie(rq, rs, "", 0);
	web_redirect(rq, rs, "/login");
}

/* ---- the API's session ------------------------------------------------------------------------ */

static json_t *session_json(web_request *rq, const session_info *s)
{
	const access_subject *subject = &rq->auth->subject;
	json_t *roles = json_array();
	for (size_t i = 0; i < subject->grant_count; i++) {
		json_t *g = json_object();
		if (subject->grants[i].organisation_id)
			json_object_set_new(g, "organisation_id",
			                    json_integer(subject->grants[i].organisation_id));
		else
			json_object_set_new(g, "organisation_id", json_null());
		json_object_set_new(g, "role", json_string(access_role_key(subject->grants[i].role)));
		json_array_append_new(roles, g);
	}
	return json_pack("{s:s, s:s, s:s, s:o, s:I, s:I}", "login", s->login, "name",
	                 s->name ? s->name : s->login, "csrf", s->csrf, "roles", roles,
	                 "idle_seconds", (json_int_t)rq->auth->config->session_idle,
	                 "max_seconds", (json_int_t)rq->auth->config->session_max);
}

void api_session_get(web_request *rq, web_response *rs)
{
	if (!rq->auth->has_session) {
		sign_in_first(rq, rs);
		return;
	}
	api_json(rs, 200, session_json(rq, &rq->auth->session));
}

static void api_session_done(web_request *rq, web_response *rs)
{
	int64_t id = sign_in_end(rq, rs);
	session_info session;
	if (!id)
		return;
	if (!open_session(rq, rs, id, &session)) {
		api_problem(rs, 500, _("ouverture de session impossible"), NULL);
		return;
	}
	/* The subject of this request is still nobody: read the new one for the answer. */
	diag_list d;
	diag_init(&d, rq->arena);
	store_account_subject(rq->store, rq->arena, id, &rq->auth->subject, &d);
	api_json(rs, 201, session_json(rq, &session));
}

void api_session_post(web_request *rq, web_response *rs)
{
	if (rq->auth->config->mode == WEB_MODE_LOCAL) {
		api_problem(rs, 409, _("l'interface locale n'a pas de comptes : rien à ouvrir"), NULL);
		return;
	}
	json_t *body = api_body_object(rq, rs);
	if (!body)
		return;
	json_t *login = json_object_get(body, "login"), *password = json_object_get(body, "password");
	if (!json_is_string(login) || !json_is_string(password)) {
		json_decref(body);
		api_field_problem(rs, 400, !json_is_string(login) ? "login" : "password",
		                  _("login et password sont attendus, en texte"));
		return;
	}
	/* The strings outlive the JSON document: the check reads them on another thread. */
	const char *typed = arena_strdup(rq->arena, json_string_value(login));
	const char *secret = arena_strdup(rq->arena, json_string_value(password));
	json_decref(body);
	sign_in_begin(rq, rs, typed, secret, api_session_done);
}

void api_session_delete(web_request *rq, web_response *rs)
{
	if (!rq->auth->has_session) {
		sign_in_first(rq, rs);
		return;
	}
	diag_list d;
	diag_init(&d, rq->arena);
	const char *everywhere = web_query(rq, "everywhere");
	bool ok = everywhere && strcmp(everywhere, "true") == 0
	              ? store_session_end_all(rq->store, rq->auth->subject.account_id, NULL, &d)
	              : store_session_end(rq->store, session_token(rq), &d);
	if (!ok) {
		api_problem(rs, 500, _("fermeture de session impossible"), NULL);
		return;
	}
	session_cookie(rq, rs, "", 0);
	api_send_no_content(rs);
}
