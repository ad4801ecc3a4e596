/*
 * server.h — the embedded HTTP server (libmicrohttpd).
 *
 * One internal thread polls (poll(2)) and runs every handler, so handlers share one
 * SQLite connection and one gettext language switch without locks; each request is
 * short (pages render in a pass). Keep-alive is on; connections are limited in number
 * (per address too), time out when idle, and bodies are bounded. web_server_stop()
 * stops accepting, lets requests in flight finish (up to a grace period), then stops.
 */
#ifndef JALON_SERVER_H
#define JALON_SERVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/db.h"
#include "util/diag.h"

/* `jalon ui`: every right to whoever sits at the machine, loopback only; `jalon serve`:
 * accounts, sign-in and roles (auth.h). */
typedef enum { WEB_MODE_LOCAL, WEB_MODE_ACCOUNTS } web_mode;

typedef struct {
	const char *address;    /* numeric IPv4 or IPv6 address to listen on */
	uint16_t port;          /* 0: any free port */
	store *store;
	size_t body_limit;      /* bytes; larger requests get 413 */
	unsigned idle_timeout;  /* seconds */
	unsigned connection_limit;
	unsigned per_address_limit;
	/* Who writes, for the change journal and a measurement's "entered by": the local
	 * system user in `jalon ui`, which gives all rights to whoever sits at this machine
	 * (accounts will name the signed-in user instead); NULL for nobody. */
	const char *actor;
	web_mode mode;
	unsigned session_idle;  /* seconds a session lives without a request (accounts mode) */
	unsigned session_max;   /* seconds a session lives at most */
	/* Addresses of reverse proxies whose X-Forwarded-For and X-Forwarded-Proto are
	 * believed (numeric, as the connection's peer address prints); none: no header is. */
	const char *const *trusted_proxies;
	size_t trusted_proxy_count;
	/* Session cookies without the Secure attribute: only to try `jalon serve` over plain
	 * HTTP, never in production (browsers then send the cookie in clear). */
	bool insecure_cookies;
	/* Bytes of rendered pages kept for revisits by anyone (page_cache.h); 0: none. */
	size_t page_cache_bytes;
} web_config;

typedef struct web_server web_server;

web_server *web_server_start(const web_config *config, diag_list *diags);
uint16_t web_server_port(const web_server *server);
/* Stop accepting, wait up to grace_seconds for connections in flight, then stop. */
void web_server_stop(web_server *server, unsigned grace_seconds);

#endif
