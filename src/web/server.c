/*
 * server.c — the HTTP server: libmicrohttpd callbacks, request bodies, forms,
 * cookies, language, CSRF token, security headers and the response.
 *
 * A request is handled in three steps of MHD's access callback: the first call
 * allocates the request (its arena) and refuses a declared body over the limit; the
 * next calls collect the body; the last one routes, runs the handler and queues the
 * response with the headers every response carries.
 */
#include "web/server.h"

#include <arpa/inet.h>
#include <jansson.h>
#include <malloc.h>
#include <microhttpd.h>
#include <pthread.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "util/i18n.h"
#include "util/text.h"
#include "web/html.h"
#include "web/auth.h"
#include "web/page_cache.h"
#include "web/router.h"

struct web_server {
	struct MHD_Daemon *daemon;
	web_config config;
	uint16_t port;
	_Atomic int in_flight; /* requests received and not yet completed */
	_Atomic int offloaded; /* works running on their own thread (web_offload) */
	page_cache *cache;     /* rendered pages (page_cache.h); NULL: none */
};

/* The server of the handler running now: web_offload needs it, handlers do not. Only the
 * server's thread sets and reads it. */
static web_server *current_server;

static int64_t now_ns(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

void web_header(web_response *rs, arena *a, const char *name, const char *value)
{
	if (rs->header_count == WEB_MAX_HEADERS)
		return;
	rs->header_names[rs->header_count] = arena_strdup(a, name);
	rs->header_values[rs->header_count++] = arena_strdup(a, value);
}

const char *web_header_in(web_request *rq, const char *name)
{
	return MHD_lookup_connection_value(rq->connection, MHD_HEADER_KIND, name);
}

const char *web_query(web_request *rq, const char *name)
{
	return MHD_lookup_connection_value(rq->connection, MHD_GET_ARGUMENT_KIND, name);
}

int64_t web_id_parse(const char *s)
{
	size_t len = s ? strlen(s) : 0;
	if (len == 0 || len > 18 || strspn(s, "0123456789") != len)
		return 0;
	return strtoll(s, NULL, 10);
}

void web_redirect(web_request *rq, web_response *rs, const char *location)
{
	rs->status = 303;
	web_header(rs, rq->arena, "Location", location);
}

/* ---- forms ---------------------------------------------------------------------- */

typedef struct {
	web_request *rq;
	size_t capacity;
} form_state;

static enum MHD_Result form_field_cb(void *cls, enum MHD_ValueKind kind, const char *key,
                                     const char *filename, const char *content_type,
                                     const char *transfer_encoding, const char *data,
                                     uint64_t off, size_t size)
{
	form_state *st = cls;
	web_request *rq = st->rq;
	web_field *f = NULL;
	/* A field may come in several chunks: append to the last one of that name. */
	if (rq->form_count && strcmp(rq->form[rq->form_count - 1].name, key) == 0 && off > 0)
		f = &rq->form[rq->form_count - 1];
	if (!f) {
		if (rq->form_count == st->capacity) {
			size_t cap = st->capacity ? st->capacity * 2 : 16;
			rq->form = arena_realloc(rq->arena, rq->form, st->capacity * sizeof(*rq->form),
			                         cap * sizeof(*rq->form));
			st->capacity = cap;
		}
		f = &rq->form[rq->form_count++];
		f->name = arena_strdup(rq->arena, key);
		f->value = arena_strndup(rq->arena, data, size);
		f->length = size;
		f->filename = filename ? arena_strdup(rq->arena, filename) : NULL;
		return MHD_YES;
	}
	char *joined = arena_alloc(rq->arena, f->length + size + 1);
	memcpy(joined, f->value, f->length);
	memcpy(joined + f->length, data, size);
	f->value = joined;
	f->length += size;
	return MHD_YES;
}

static bool parse_form(web_request *rq)
{
	rq->form_parsed = true;
	if (!rq->body.len)
		return true;
	form_state st = {.rq = rq};
	struct MHD_PostProcessor *pp =
		MHD_create_post_processor(rq->connection, 64 * 1024, form_field_cb, &st);
	if (!pp)
		return false; /* not a form content type */
	bool ok = MHD_post_process(pp, rq->body.data, rq->body.len) == MHD_YES;
	MHD_destroy_post_processor(pp);
	return ok;
}

const web_field *web_form_field(web_request *rq, const char *name)
{
	if (!rq->form_parsed)
		parse_form(rq);
	for (size_t i = 0; i < rq->form_count; i++)
		if (strcmp(rq->form[i].name, name) == 0)
			return &rq->form[i];
	return NULL;
}

const char *web_form(web_request *rq, const char *name)
{
	const web_field *f = web_form_field(rq, name);
	return f ? f->value : "";
}

bool web_csrf_ok(web_request *rq)
{
	const char *sent = web_form(rq, "csrf");
	return !rq->csrf_cookie_new && *sent && strlen(sent) == strlen(rq->csrf_token) &&
	       strcmp(sent, rq->csrf_token) == 0;
}

/* Every form field but uploaded files must be UTF-8 text: anything else is refused
 * before a handler sees it. Bodies that are not forms (JSON, CSV) pass: their own
 * parsers check them. */
static bool form_is_text(web_request *rq)
{
	const char *type = web_header_in(rq, "Content-Type");
	if (!type || (strncasecmp(type, "application/x-www-form-urlencoded", 33) != 0 &&
	              strncasecmp(type, "multipart/form-data", 19) != 0))
		return true;
	if (!rq->form_parsed && !parse_form(rq))
		return false;
	for (size_t i = 0; i < rq->form_count; i++) {
		size_t bad;
		const web_field *f = &rq->form[i];
		if (!f->filename && (!text_utf8_valid(f->value, f->length, &bad) ||
		                     strlen(f->value) != f->length))
			return false;
	}
	return true;
}

/* ---- per-request set-up ------------------------------------------------------------ */

typedef struct {
	web_request rq;
	bool too_large;
	/* A handler offloaded work (web_offload): the answer so far, kept until the work
	 * is done and the connection resumed. */
	bool waiting;
	web_response rs;
	const char *source; /* the route, for the journal (journal_origin) */
} connection_state;

/* Who writes (the signed-in account, or the local user of `jalon ui`), from where and
 * through which route, for the change journal: set before the handler, and again when
 * an offloaded request resumes (other requests ran meanwhile). */
static void journal_origin(connection_state *cs)
{
	web_request *rq = &cs->rq;
	store_set_origin(rq->store, web_auth_actor(rq),
	                 strncmp(rq->path, "/api/", 5) == 0 ? "api" : "web");
	store_set_source(rq->store, cs->source);
}

typedef struct {
	web_server *server;
	struct MHD_Connection *connection;
	web_work work;
	void *ctx;
} offload_job;

static void *offload_run(void *arg)
{
	offload_job *job = arg;
	/* Below the server's thread: pages keep their pace while a password is checked. */
	setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), 10);
	job->work(job->ctx);
	web_server *server = job->server;
	struct MHD_Connection *connection = job->connection;
	free(job);
	server->offloaded--;
	MHD_resume_connection(connection);
	return NULL;
}

bool web_offload(web_request *rq, web_work work, void *ctx, web_handler then)
{
	web_server *server = current_server;
	if (!server || server->offloaded >= WEB_OFFLOAD_MAX)
		return false;
	rq->offload_work = work;
	rq->offload_ctx = ctx;
	rq->offload_then = then;
	return true;
}

static const char *choose_language(web_request *rq, web_response *rs)
{
	const char *asked = web_query(rq, "lang");
	if (asked && (strcmp(asked, "fr") == 0 || strcmp(asked, "en") == 0)) {
		web_header(rs, rq->arena, "Set-Cookie",
		           arena_printf(rq->arena,
		                        "jalon_lang=%s; Path=/; Max-Age=31536000; SameSite=Lax", asked));
		return asked;
	}
	const char *cookie = MHD_lookup_connection_value(rq->connection, MHD_COOKIE_KIND, "jalon_lang");
	if (cookie && (strcmp(cookie, "fr") == 0 || strcmp(cookie, "en") == 0))
		return cookie;
	const char *accept = web_header_in(rq, "Accept-Language");
	if (accept) {
		/* The first of fr or en the browser lists wins. */
		const char *fr = strstr(accept, "fr"), *en = strstr(accept, "en");
		if (en && (!fr || en < fr))
			return "en";
	}
	return "fr";
}

static void choose_csrf_token(web_request *rq)
{
	const char *cookie = MHD_lookup_connection_value(rq->connection, MHD_COOKIE_KIND, "jalon_csrf");
	if (cookie && strlen(cookie) == 64 && strspn(cookie, "0123456789abcdef") == 64) {
		rq->csrf_token = arena_strdup(rq->arena, cookie);
		return;
	}
	unsigned char bytes[32];
	if (getrandom(bytes, sizeof(bytes), 0) != (ssize_t)sizeof(bytes))
		abort(); /* no randomness: refuse to run rather than issue guessable tokens */
	char *hex = arena_alloc(rq->arena, 65);
	for (size_t i = 0; i < sizeof(bytes); i++)
		snprintf(hex + 2 * i, 3, "%02x", bytes[i]);
	rq->csrf_token = hex;
	rq->csrf_cookie_new = true;
}

static enum MHD_Result check_utf8_value(void *cls, enum MHD_ValueKind kind, const char *key,
                                        const char *value)
{
	bool *ok = cls;
	size_t bad;
	if (!text_utf8_valid(key, strlen(key), &bad) ||
	    (value && !text_utf8_valid(value, strlen(value), &bad))) {
		*ok = false;
		return MHD_NO;
	}
	return MHD_YES;
}

/* ---- responses ------------------------------------------------------------------------ */

static void error_page(web_request *rq, web_response *rs, int status, const char *message)
{
	rs->status = status;
	buf_reset(&rs->body);
	if (strncmp(rq->path, "/api/", 5) == 0) {
		/* RFC 9457 problem details, built by jansson like every JSON jalon writes. */
		rs->content_type = "application/problem+json";
		json_t *problem = json_pack("{s:s, s:i, s:s, s:s}", "type", "about:blank", "status",
		                            status, "title", MHD_get_reason_phrase_for((unsigned)status),
		                            "detail", message);
		char *text = problem ? json_dumps(problem, JSON_COMPACT) : NULL;
		if (text)
			buf_puts(&rs->body, text);
		free(text);
		json_decref(problem);
		return;
	}
	html_page_begin(rq, rs, message);
	html_printf(&rs->body, "<h1>%s</h1>\n<p><a href=\"/\">%s</a></p>\n", message,
	            _("Retour à l'accueil"));
	html_page_end(rq, rs);
}

static enum MHD_Result queue(struct MHD_Connection *connection, web_request *rq,
                             web_response *rs)
{
	struct MHD_Response *response = MHD_create_response_from_buffer(
		rs->body.len, rs->body.data ? rs->body.data : (void *)"", MHD_RESPMEM_MUST_COPY);
	if (!response)
		return MHD_NO;
	if (rs->content_type)
		MHD_add_response_header(response, "Content-Type", rs->content_type);
	/* What every response carries: no script or style from elsewhere, no inline
	 * script, never framed, no MIME sniffing, no referrer outside the site. */
	MHD_add_response_header(response, "Content-Security-Policy",
		"default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
		"form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
	MHD_add_response_header(response, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(response, "Referrer-Policy", "same-origin");
	MHD_add_response_header(response, "X-Frame-Options", "DENY");
	bool cache_control_set = false;
	for (size_t i = 0; i < rs->header_count; i++) {
		MHD_add_response_header(response, rs->header_names[i], rs->header_values[i]);
		cache_control_set |= strcasecmp(rs->header_names[i], "Cache-Control") == 0;
	}
	/* Pages are someone's view of the data: no shared cache keeps them, and a browser
	 * asks again each time (a 304 when nothing changed: auth.h). */
	if (!cache_control_set)
		MHD_add_response_header(response, "Cache-Control", "private, no-cache");
	if (rq->csrf_cookie_new) {
		char cookie[128];
		snprintf(cookie, sizeof(cookie), "jalon_csrf=%s; Path=/; HttpOnly; SameSite=Strict",
		         rq->csrf_token);
		MHD_add_response_header(response, "Set-Cookie", cookie);
	}
	char timing[64];
	snprintf(timing, sizeof(timing), "app;dur=%.3f", (double)(now_ns() - rq->started_ns) / 1e6);
	MHD_add_response_header(response, "Server-Timing", timing);
	enum MHD_Result r = MHD_queue_response(connection, (unsigned)rs->status, response);
	MHD_destroy_response(response);
	return r;
}

/* Keep the answer so far, suspend the connection, run the work on its own thread. */
static enum MHD_Result suspend(web_server *server, struct MHD_Connection *connection,
                               connection_state *cs, web_response *rs)
{
	offload_job *job = malloc(sizeof(*job));
	pthread_t thread;
	pthread_attr_t attr;
	if (!job)
		abort();
	*job = (offload_job){server, connection, cs->rq.offload_work, cs->rq.offload_ctx};
	cs->rs = *rs;
	cs->waiting = true;
	server->offloaded++;
	MHD_suspend_connection(connection);
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	if (pthread_create(&thread, &attr, offload_run, job) != 0) {
		/* No thread: do the work here, late rather than never. */
		pthread_attr_destroy(&attr);
		offload_run(job);
		return MHD_YES;
	}
	pthread_attr_destroy(&attr);
	return MHD_YES;
}

/* True when rs carries the page's own weak ETag: the handler set no tag of its own, so
 * the page is what the tag names and may be kept. */
static bool tagged_by_page(web_request *rq, const web_response *rs)
{
	const char *etag = web_page_etag(rq);
	for (size_t i = 0; etag && i < rs->header_count; i++)
		if (strcasecmp(rs->header_names[i], "ETag") == 0)
			return strcmp(rs->header_values[i], etag) == 0;
	return false;
}

/* Run the handler, or answer from the cache of rendered pages when the same page (same
 * address, same ETag) was rendered before. */
static void render(web_server *server, const web_route *route, web_request *rq,
                   web_response *rs)
{
	const char *stem = web_page_etag_stem(rq);
	const char *key = server->cache && stem ? page_cache_key(rq, stem) : NULL;
	size_t base = rs->header_count;
	if (key && page_cache_get(server->cache, key, rq, rs, web_page_etag(rq)))
		return;
	current_server = server;
	route->handler(rq, rs);
	current_server = NULL;
	web_etag_finish(rq, rs);
	if (key && !rq->offload_work && tagged_by_page(rq, rs))
		page_cache_put(server->cache, key, rs, base, rq->csrf_token);
}

static enum MHD_Result handle(web_server *server, struct MHD_Connection *connection,
                              connection_state *cs)
{
	web_request *rq = &cs->rq;
	web_response rs = {.status = 200, .content_type = "text/html; charset=utf-8"};
	rq->lang = choose_language(rq, &rs);
	i18n_set_language(rq->lang);
	choose_csrf_token(rq);
	web_auth_begin(&server->config, rq);

	size_t bad;
	bool valid = text_utf8_valid(rq->path, strlen(rq->path), &bad);
	if (valid)
		MHD_get_connection_values(connection, MHD_GET_ARGUMENT_KIND, check_utf8_value, &valid);
	if (cs->too_large) {
		error_page(rq, &rs, 413, _("Requête trop volumineuse"));
	} else if (!valid) {
		error_page(rq, &rs, 400, _("Adresse de page invalide (UTF-8 attendu)"));
	} else if (!form_is_text(rq)) {
		error_page(rq, &rs, 400, _("Formulaire invalide (UTF-8 attendu)"));
	} else {
		bool path_exists = false;
		const web_route *route = web_route_match(rq, &path_exists);
		cs->source = route ? arena_printf(rq->arena, "%s %s", route->method, route->pattern)
		                   : NULL;
		journal_origin(cs);
		if (route) {
			if (web_guard(rq, &rs, route->access) && !web_not_modified(rq, &rs, route->access))
				render(server, route, rq, &rs);
		} else if (path_exists)
			error_page(rq, &rs, 405, _("Méthode non autorisée"));
		else
			error_page(rq, &rs, 404, _("Page introuvable"));
	}
	if (rq->offload_work)
		return suspend(server, connection, cs, &rs);
	enum MHD_Result r = queue(connection, rq, &rs);
	buf_free(&rs.body);
	return r;
}

/* The work is done and the connection resumed: finish on the server's thread, with the
 * request's language and journal origin set again (other requests ran meanwhile). */
static enum MHD_Result resume(web_server *server, struct MHD_Connection *connection,
                              connection_state *cs)
{
	web_request *rq = &cs->rq;
	web_response rs = cs->rs;
	web_handler then = rq->offload_then;
	cs->waiting = false;
	rq->offload_work = NULL;
	rq->offload_then = NULL;
	i18n_set_language(rq->lang);
	journal_origin(cs);
	current_server = server;
	then(rq, &rs);
	current_server = NULL;
	if (rq->offload_work)
		return suspend(server, connection, cs, &rs);
	enum MHD_Result r = queue(connection, rq, &rs);
	buf_free(&rs.body);
	return r;
}

static enum MHD_Result access_cb(void *cls, struct MHD_Connection *connection, const char *url,
                                 const char *method, const char *version,
                                 const char *upload_data, size_t *upload_data_size,
                                 void **con_cls)
{
	web_server *server = cls;
	connection_state *cs = *con_cls;
	if (!cs) {
		cs = calloc(1, sizeof(*cs));
		if (!cs)
			return MHD_NO;
		cs->rq.arena = arena_new();
		cs->rq.store = server->config.store;
		cs->rq.connection = connection;
		cs->rq.method = arena_strdup(cs->rq.arena, method);
		cs->rq.path = arena_strdup(cs->rq.arena, url);
		cs->rq.started_ns = now_ns();
		const char *length = MHD_lookup_connection_value(connection, MHD_HEADER_KIND,
		                                                 MHD_HTTP_HEADER_CONTENT_LENGTH);
		if (length && strtoull(length, NULL, 10) > server->config.body_limit)
			cs->too_large = true;
		*con_cls = cs;
		server->in_flight++;
		return MHD_YES;
	}
	if (*upload_data_size) {
		if (!cs->too_large && cs->rq.body.len + *upload_data_size <= server->config.body_limit)
			buf_append(&cs->rq.body, upload_data, *upload_data_size);
		else
			cs->too_large = true;
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (cs->waiting)
		return resume(server, connection, cs);
	cs->rq.started_ns = now_ns();
	return handle(server, connection, cs);
}

static void completed_cb(void *cls, struct MHD_Connection *connection, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
	web_server *server = cls;
	connection_state *cs = *con_cls;
	if (!cs)
		return;
	server->in_flight--;
	if (cs->waiting)
		buf_free(&cs->rs.body);
	buf_free(&cs->rq.body);
	arena_free(cs->rq.arena);
	free(cs);
	*con_cls = NULL;
}

static void log_cb(void *cls, const char *fmt, va_list ap)
{
	vfprintf(stderr, fmt, ap);
}

/* ---- start and stop ---------------------------------------------------------------------- */

web_server *web_server_start(const web_config *config, diag_list *d)
{
	web_server *server = calloc(1, sizeof(*server));
	if (!server)
		abort();
	server->config = *config;
	server->cache = page_cache_new(config->page_cache_bytes);
	/* Each request builds its pages in an arena of a few megabytes at most and frees it
	 * whole. glibc would hand large blocks back to the kernel (mmap above 128 KiB, heap
	 * trimmed above 128 KiB free) and fault them in again at the next request: a tenth
	 * of a large dashboard's time. Keep up to 64 MiB of freed memory for reuse instead;
	 * the heap stays at the size of the largest request served. */
	mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);
	mallopt(M_TRIM_THRESHOLD, 64 * 1024 * 1024);
	struct sockaddr_storage addr = {0};
	socklen_t addr_len;
	/* poll, not epoll: libmicrohttpd 0.9.75's epoll loop stops serving keep-alive
	 * connections once more than about a hundred are open (wrk at 128 connections: 150
	 * requests per second; with poll, 29 000). */
	unsigned flags = MHD_USE_POLL_INTERNAL_THREAD | MHD_USE_ERROR_LOG | MHD_USE_ITC |
	                 MHD_ALLOW_SUSPEND_RESUME;
	struct sockaddr_in *v4 = (struct sockaddr_in *)&addr;
	struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)&addr;
	if (inet_pton(AF_INET, config->address, &v4->sin_addr) == 1) {
		v4->sin_family = AF_INET;
		v4->sin_port = htons(config->port);
		addr_len = sizeof(*v4);
	} else if (inet_pton(AF_INET6, config->address, &v6->sin6_addr) == 1) {
		v6->sin6_family = AF_INET6;
		v6->sin6_port = htons(config->port);
		addr_len = sizeof(*v6);
		flags |= MHD_USE_IPv6;
	} else {
		diag_add(d, NULL, 0, _("adresse d'écoute invalide « %s »"), config->address);
		page_cache_free(server->cache);
		free(server);
		return NULL;
	}
	(void)addr_len;
	server->daemon = MHD_start_daemon(flags, config->port, NULL, NULL, access_cb, server,
		MHD_OPTION_EXTERNAL_LOGGER, log_cb, NULL,
		MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
		MHD_OPTION_NOTIFY_COMPLETED, completed_cb, server,
		MHD_OPTION_CONNECTION_TIMEOUT, config->idle_timeout,
		MHD_OPTION_CONNECTION_LIMIT, config->connection_limit,
		MHD_OPTION_PER_IP_CONNECTION_LIMIT, config->per_address_limit,
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(256 * 1024),
		MHD_OPTION_END);
	if (!server->daemon) {
		diag_add(d, NULL, 0, _("impossible d'écouter sur %s port %u (adresse déjà utilisée ?)"),
		         config->address, (unsigned)config->port);
		page_cache_free(server->cache);
		free(server);
		return NULL;
	}
	const union MHD_DaemonInfo *info = MHD_get_daemon_info(server->daemon,
	                                                        MHD_DAEMON_INFO_BIND_PORT);
	server->port = info ? info->port : config->port;
	return server;
}

uint16_t web_server_port(const web_server *server)
{
	return server->port;
}

void web_server_stop(web_server *server, unsigned grace_seconds)
{
	if (!server)
		return;
	/* Idle keep-alive connections do not hold the stop: only requests in flight. */
	MHD_socket listener = MHD_quiesce_daemon(server->daemon);
	for (unsigned waited = 0; waited < grace_seconds * 100 && server->in_flight > 0; waited++)
		usleep(10 * 1000);
	/* A suspended connection must be resumed before the daemon stops: wait for the
	 * works still running (a password check: under a second). */
	while (server->offloaded > 0)
		usleep(10 * 1000);
	MHD_stop_daemon(server->daemon);
	if (listener != MHD_INVALID_SOCKET)
		close(listener);
	page_cache_free(server->cache);
	free(server);
}
