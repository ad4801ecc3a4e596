/*
 * db.c — opening the SQLite database, pragmas, migrations and transactions.
 */
#include "store/db.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "util/i18n.h"

void store_report(store *s, diag_list *d, const char *doing)
{
	diag_add(d, s->path, 0, _("%s : %s"), doing, sqlite3_errmsg(s->sqlite));
}

sqlite3_stmt *store_prepare(store *s, const char *sql, diag_list *d)
{
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(s->sqlite, sql, -1, &st, NULL) != SQLITE_OK) {
		store_report(s, d, _("requête invalide"));
		return NULL;
	}
	return st;
}

sqlite3_stmt *store_prepare_kept(store *s, int slot, const char *sql, diag_list *d)
{
	if (slot < 0 || slot >= STORE_KEPT_COUNT)
		return NULL;
	if (!s->kept[slot])
		s->kept[slot] = store_prepare(s, sql, d);
	else {
		sqlite3_reset(s->kept[slot]);
		sqlite3_clear_bindings(s->kept[slot]);
	}
	return s->kept[slot];
}

bool store_step_done(store *s, sqlite3_stmt *st, diag_list *d, const char *doing)
{
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		store_report(s, d, doing);
		return false;
	}
	return true;
}

bool store_read_end(store *s, sqlite3_stmt *st, int rc, diag_list *d, const char *doing)
{
	if (rc != SQLITE_DONE)
		store_report(s, d, doing);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE;
}

void store_bind_text(sqlite3_stmt *st, int i, const char *value)
{
	if (value && *value)
		sqlite3_bind_text(st, i, value, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

void store_bind_date(sqlite3_stmt *st, int i, jalon_date d, char buffer[11])
{
	date_format_iso(d, buffer);
	store_bind_text(st, i, buffer);
}

const char *store_column_text(arena *a, sqlite3_stmt *st, int i)
{
	const unsigned char *v = sqlite3_column_text(st, i);
	return v ? arena_strdup(a, (const char *)v) : NULL;
}

jalon_date store_column_date(sqlite3_stmt *st, int i)
{
	const unsigned char *v = sqlite3_column_text(st, i);
	jalon_date d = DATE_NONE;
	const char *why;
	if (!v)
		return d;
	/* Stored dates are AAAA-MM-JJ, written by store/ itself: read those digits directly
	 * (a large plan holds tens of thousands), anything else through the full parser. */
	bool iso = sqlite3_column_bytes(st, i) == 10 && v[4] == '-' && v[7] == '-';
	for (int k = 0; iso && k < 10; k++)
		iso = k == 4 || k == 7 || (v[k] >= '0' && v[k] <= '9');
	if (iso) {
		d = (jalon_date){(v[0] - '0') * 1000 + (v[1] - '0') * 100 + (v[2] - '0') * 10 + (v[3] - '0'),
		                 (v[5] - '0') * 10 + (v[6] - '0'), (v[8] - '0') * 10 + (v[9] - '0')};
		return date_valid(d) ? d : DATE_NONE;
	}
	if (!date_parse((const char *)v, &d, &why))
		d = DATE_NONE;
	return d;
}

static bool store_exec(store *s, const char *sql, diag_list *d, const char *doing)
{
	char *err = NULL;
	if (sqlite3_exec(s->sqlite, sql, NULL, NULL, &err) != SQLITE_OK) {
		diag_add(d, s->path, 0, _("%s : %s"), doing, err ? err : "?");
		sqlite3_free(err);
		return false;
	}
	return true;
}

bool store_begin(store *s, diag_list *d)
{
	return store_exec(s, "BEGIN IMMEDIATE", d, _("début de transaction impossible"));
}

bool store_commit(store *s, diag_list *d)
{
	if (store_exec(s, "COMMIT", d, _("enregistrement impossible")))
		return true;
	store_rollback(s);
	return false;
}

void store_rollback(store *s)
{
	if (!sqlite3_get_autocommit(s->sqlite))
		sqlite3_exec(s->sqlite, "ROLLBACK", NULL, NULL, NULL);
}

bool store_end(store *s, bool ok, diag_list *d)
{
	if (!ok) {
		store_rollback(s);
		return false;
	}
	return store_commit(s, d);
}

int store_schema_latest(void)
{
	return store_migration_count;
}

static int query_int(store *s, const char *sql, int fallback)
{
	sqlite3_stmt *st = NULL;
	int v = fallback;
	if (sqlite3_prepare_v2(s->sqlite, sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
		v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return v;
}

int store_schema_version(store *s)
{
	return query_int(s, "SELECT max(version) FROM schema_migration", 0);
}

static bool store_migrate(store *s, diag_list *d)
{
	bool has_table = query_int(s,
		"SELECT count(*) FROM sqlite_schema WHERE name = 'schema_migration'", 0) > 0;
	if (!has_table) {
		int objects = query_int(s, "SELECT count(*) FROM sqlite_schema", 0);
		if (objects > 0) {
			diag_add(d, s->path, 0,
			         _("ce fichier est une base SQLite mais pas une base jalon"));
			return false;
		}
		if (!store_exec(s,
		        "CREATE TABLE schema_migration (version INTEGER PRIMARY KEY,"
		        " applied_at TEXT NOT NULL)",
		        d, _("création du schéma impossible")))
			return false;
	}
	int version = store_schema_version(s);
	if (version > store_migration_count) {
		diag_add(d, s->path, 0,
		         _("base au schéma %d, plus récent que celui de ce programme (%d) : "
		           "mettez jalon à jour"),
		         version, store_migration_count);
		return false;
	}
	for (int v = version; v < store_migration_count; v++) {
		if (!store_begin(s, d))
			return false;
		char record[160];
		snprintf(record, sizeof(record),
		         "INSERT INTO schema_migration (version, applied_at)"
		         " VALUES (%d, strftime('%%Y-%%m-%%dT%%H:%%M:%%SZ', 'now'))",
		         v + 1);
		if (!store_exec(s, store_migrations[v], d, _("migration du schéma impossible")) ||
		    !store_exec(s, record, d, _("migration du schéma impossible")) ||
		    !store_commit(s, d)) {
			store_rollback(s);
			return false;
		}
	}
	return true;
}

/* Before anything may write to the file (switching it to WAL does): refuse a file
 * that is not SQLite, an SQLite database of another program, and, unless creating,
 * a database with no schema yet (an empty file). */
static bool store_check_file(store *s, store_open_mode mode, diag_list *d)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(s->sqlite,
		"SELECT count(*), coalesce(sum(name = 'schema_migration'), 0) FROM sqlite_schema",
		-1, &st, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		if ((rc & 0xFF) == SQLITE_NOTADB)
			diag_add(d, s->path, 0, _("ce fichier n'est pas une base jalon (ni même une base "
			                          "SQLite)"));
		else
			store_report(s, d, _("ouverture de la base impossible"));
		sqlite3_finalize(st);
		return false;
	}
	int objects = sqlite3_column_int(st, 0);
	bool jalon = sqlite3_column_int(st, 1) > 0;
	sqlite3_finalize(st);
	if (jalon || (objects == 0 && mode == STORE_OPEN_CREATE))
		return true;
	if (objects > 0)
		diag_add(d, s->path, 0, _("ce fichier est une base SQLite mais pas une base jalon"));
	else
		diag_add(d, s->path, 0,
		         _("ce fichier n'est pas encore une base jalon ; créez-la avec "
		           "« jalon --db %s init »"),
		         s->path);
	return false;
}

store *store_open(const char *path, store_open_mode mode, diag_list *d)
{
	struct stat st;
	if (mode == STORE_OPEN_EXISTING && stat(path, &st) != 0) {
		diag_add(d, path, 0,
		         _("base introuvable ; créez-la d'abord avec « jalon --db %s init »"), path);
		return NULL;
	}
	store *s = calloc(1, sizeof(*s));
	if (!s)
		abort();
	s->path = path;
	s->via = "cli";
	/* One connection is never used by two threads at once (the web server runs every
	 * handler on its single thread), so SQLite's per-call mutexes are pure cost. */
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX |
	            (mode == STORE_OPEN_CREATE ? SQLITE_OPEN_CREATE : 0);
	if (sqlite3_open_v2(path, &s->sqlite, flags, NULL) != SQLITE_OK) {
		store_report(s, d, _("ouverture de la base impossible"));
		store_close(s);
		return NULL;
	}
	sqlite3_extended_result_codes(s->sqlite, 1);
	sqlite3_busy_timeout(s->sqlite, 5000);
	/* WAL lets readers work during a write; synchronous=FULL makes every committed
	 * transaction durable even on power loss; foreign keys are off by default in
	 * SQLite and must be asked for on every connection. The page cache is set to at most
	 * 32 MiB (SQLite's default, 2 MiB, is smaller than one large plan with its steering
	 * data, which a dashboard then re-reads from the operating system at each view);
	 * pages are allocated only as they are read. */
	if (!store_exec(s, "PRAGMA foreign_keys = ON;", d, _("ouverture de la base impossible")) ||
	    !store_check_file(s, mode, d) ||
	    !store_exec(s, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;"
	                   " PRAGMA cache_size = -32768;", d,
	                _("ouverture de la base impossible")) ||
	    !store_migrate(s, d)) {
		store_close(s);
		return NULL;
	}
	return s;
}

void store_set_origin(store *s, const char *actor, const char *via)
{
	s->actor = actor;
	s->via = via ? via : "cli";
}

void store_set_source(store *s, const char *source)
{
	s->source = source;
}

void store_close(store *s)
{
	if (!s)
		return;
	if (s->view_cache_free)
		s->view_cache_free(s->view_cache);
	if (s->figures_cache_free)
		s->figures_cache_free(s->figures_cache);
	for (size_t i = 0; i < sizeof(s->kept) / sizeof(s->kept[0]); i++)
		sqlite3_finalize(s->kept[i]);
	sqlite3_close_v2(s->sqlite);
	free(s);
}
