/*
 * db.h — the database connection: opening, pragmas, migrations, transactions.
 *
 * store/ is the only place where SQL lives. Every query is a prepared statement with
 * bound parameters. Every write happens inside a transaction: a command either
 * commits everything it did, or rolls it all back.
 */
#ifndef JALON_DB_H
#define JALON_DB_H

#include <sqlite3.h>
#include <stdbool.h>

#include "util/arena.h"
#include "util/date.h"
#include "util/diag.h"

typedef struct {
	sqlite3 *sqlite;
	const char *path;
	/* Who writes, and from where, for the change journal (change_log.h): set by the
	 * server for each request; "cli" and no actor after store_open (the command line
	 * then names the local system user: cli_open_store). Not copied: the
	 * strings must outlive the writes. */
	const char *actor;
	const char *via;
	/* The screen, API route or command the write comes from ("POST
	 * /plans/{}/elements/{}/edit", "jalon import"), for the journal; NULL when unknown. */
	const char *source;
	/* Statements of the queries every request runs, prepared once (store_prepare_kept). */
	sqlite3_stmt *kept[8];
	/* What store/steering_view.c keeps between requests (freed by store_close). */
	void *view_cache;
	void (*view_cache_free)(void *);
	/* What store/consolidation.c keeps between requests (freed by store_close). */
	void *figures_cache;
	void (*figures_cache_free)(void *);
} store;

typedef enum {
	STORE_OPEN_EXISTING, /* the file must exist and be a jalon database */
	STORE_OPEN_CREATE,   /* create it when missing (jalon init) */
} store_open_mode;

/* Open, set pragmas (foreign keys, WAL, busy timeout) and bring the schema up to
 * date. On failure returns NULL with the reason in diags. */
store *store_open(const char *path, store_open_mode mode, diag_list *diags);
void store_close(store *s);

/* Set who is writing (NULL: nobody signed in) and from where ("cli", "web", "api"). */
void store_set_origin(store *s, const char *actor, const char *via);
/* Set the screen, route or command writes come from (NULL: unknown); not copied. */
void store_set_source(store *s, const char *source);

/* Schema version after migrations, and the newest this binary knows. */
int store_schema_version(store *s);
int store_schema_latest(void);

/* BEGIN IMMEDIATE / COMMIT / ROLLBACK, reporting failures to diags. */
bool store_begin(store *s, diag_list *diags);
bool store_commit(store *s, diag_list *diags);
void store_rollback(store *s);
/* End a write: commit when ok, else roll back; true when committed. */
bool store_end(store *s, bool ok, diag_list *diags);

/* Report the connection's last error to diags, prefixed with what was being done. */
void store_report(store *s, diag_list *diags, const char *doing);

/* Bind text, NULL for NULL or "" (the database keeps no empty strings); bind a date
 * as ISO text, NULL when unset (buffer must outlive the statement's step). */
void store_bind_text(sqlite3_stmt *st, int i, const char *value);
void store_bind_date(sqlite3_stmt *st, int i, jalon_date d, char buffer[11]);

/* Read a text column into the arena (NULL for SQL NULL); read an ISO date column
 * (DATE_NONE for NULL or anything not a date). */
const char *store_column_text(arena *a, sqlite3_stmt *st, int i);
jalon_date store_column_date(sqlite3_stmt *st, int i);

/* Prepare or report. */
sqlite3_stmt *store_prepare(store *s, const char *sql, diag_list *diags);

/* The queries every web request runs (the guard's plan, the pages' version), prepared
 * once per connection and kept: parsing them again at each request was a tenth of a
 * small page's time. One slot per query; the statement comes reset, its bindings
 * cleared; the caller resets it after use (never finalizes it). */
enum {
	STORE_KEPT_ACCESS_PLAN,
	STORE_KEPT_ORGANISATION_CHAIN,
	STORE_KEPT_AUDIT_VERSION,
	STORE_KEPT_DATA_VERSION,
	STORE_KEPT_COUNT
};
sqlite3_stmt *store_prepare_kept(store *s, int slot, const char *sql, diag_list *diags);

/* Run a write prepared once and stepped many times: step, then reset it for the next
 * bindings; false, reported with `doing` (already translated), unless it ran to the end. */
bool store_step_done(store *s, sqlite3_stmt *st, diag_list *diags, const char *doing);

/* The end of a read loop whose last step returned rc: finalize, and report with `doing`
 * (already translated) anything but the end of rows. */
bool store_read_end(store *s, sqlite3_stmt *st, int rc, diag_list *diags, const char *doing);

/* Migrations, in migrations.c: migrations[i] brings the schema to version i + 1. */
extern const char *const store_migrations[];
extern const int store_migration_count;

#endif
