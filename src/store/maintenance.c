/*
 * maintenance.c — backup, check and restore of a database (maintenance.h).
 */
#include "store/maintenance.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "util/i18n.h"

/* ---- check ------------------------------------------------------------------------------ */

/* jalon's rules the schema cannot say: each query lists the rows breaking one, as
 * (table, id, what). */
static const struct {
	const char *sql;
	const char *rule; /* an N_() msgid */
} rules[] = {
	{"SELECT 'element', c.id, c.code FROM element c JOIN element p ON p.id = c.parent_id"
	 " WHERE p.plan_id <> c.plan_id",
	 N_("parent dans un autre plan")},
	{"WITH RECURSIVE up(start, cur, n) AS (SELECT id, parent_id, 1 FROM element"
	 " WHERE parent_id IS NOT NULL UNION ALL SELECT up.start, e.parent_id, up.n + 1"
	 " FROM up JOIN element e ON e.id = up.cur WHERE e.parent_id IS NOT NULL"
	 " AND up.cur <> up.start AND up.n < 100000)"
	 " SELECT DISTINCT 'element', e.id, e.code FROM up JOIN element e ON e.id = up.start"
	 " WHERE up.cur = up.start",
	 N_("élément ancêtre de lui-même")},
	{"SELECT 'element_contribution', a.id, a.code FROM element_contribution c"
	 " JOIN element a ON a.id = c.element_id JOIN element b ON b.id = c.target_id"
	 " WHERE a.plan_id <> b.plan_id",
	 N_("contribue à un élément d'un autre plan")},
	{"SELECT 'element_dependency', a.id, a.code FROM element_dependency x"
	 " JOIN element a ON a.id = x.from_element_id JOIN element b ON b.id = x.to_element_id"
	 " WHERE a.plan_id <> b.plan_id",
	 N_("dépendance vers un élément d'un autre plan")},
	{"SELECT 'milestone_dependency', ma.id, ma.title FROM milestone_dependency x"
	 " JOIN milestone ma ON ma.id = x.from_milestone_id"
	 " JOIN milestone mb ON mb.id = x.to_milestone_id"
	 " JOIN element a ON a.id = ma.element_id JOIN element b ON b.id = mb.element_id"
	 " WHERE a.plan_id <> b.plan_id",
	 N_("dépendance vers un jalon d'un autre plan")},
	{"SELECT 'indicator_element', i.id, i.code FROM indicator_element x"
	 " JOIN indicator i ON i.id = x.indicator_id JOIN element e ON e.id = x.element_id"
	 " WHERE i.plan_id <> e.plan_id",
	 N_("indicateur mesurant un élément d'un autre plan")},
	{"SELECT 'instance_element', i.id, i.name FROM instance_element x"
	 " JOIN instance i ON i.id = x.instance_id JOIN element e ON e.id = x.element_id"
	 " WHERE i.plan_id <> e.plan_id",
	 N_("instance pilotant un élément d'un autre plan")},
	{"SELECT 'decision_element', d.id, d.text FROM decision_element x"
	 " JOIN decision d ON d.id = x.decision_id JOIN meeting m ON m.id = d.meeting_id"
	 " JOIN instance i ON i.id = m.instance_id JOIN element e ON e.id = x.element_id"
	 " WHERE i.plan_id <> e.plan_id",
	 N_("décision concernant un élément d'un autre plan")},
	{"SELECT 'decision', d.id, d.text FROM decision d JOIN meeting m ON m.id = d.meeting_id"
	 " JOIN instance i ON i.id = m.instance_id"
	 " LEFT JOIN milestone ms ON ms.id = d.milestone_id"
	 " LEFT JOIN element me ON me.id = ms.element_id"
	 " LEFT JOIN element ee ON ee.id = d.effect_element_id"
	 " WHERE me.plan_id <> i.plan_id OR ee.plan_id <> i.plan_id",
	 N_("effet sur un jalon ou un élément d'un autre plan")},
	{"SELECT 'agenda_item', g.id, g.title FROM agenda_item g"
	 " JOIN meeting m ON m.id = g.meeting_id JOIN instance i ON i.id = m.instance_id"
	 " LEFT JOIN element e ON e.id = g.element_id"
	 " LEFT JOIN indicator x ON x.id = g.indicator_id"
	 " LEFT JOIN risk r ON r.id = g.risk_id LEFT JOIN element re ON re.id = r.element_id"
	 " WHERE e.plan_id <> i.plan_id OR x.plan_id <> i.plan_id OR re.plan_id <> i.plan_id",
	 N_("point de l'ordre du jour lié à un autre plan")},
	{"SELECT 'action_item', a.id, a.text FROM action_item a"
	 " LEFT JOIN element e ON e.id = a.element_id"
	 " LEFT JOIN meeting m ON m.id = a.meeting_id LEFT JOIN instance i ON i.id = m.instance_id"
	 " WHERE e.plan_id <> a.plan_id OR i.plan_id <> a.plan_id",
	 N_("action liée à un autre plan")},
};

/* Run a check query whose rows are problems, (text) or (table, id, what); add each. */
static bool check_rows(store *s, const char *sql, const char *rule, size_t *problems,
                       diag_list *d)
{
	sqlite3_stmt *st = store_prepare(s, sql, d);
	if (!st)
		return false;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int columns = sqlite3_column_count(st);
		const char *first = (const char *)sqlite3_column_text(st, 0);
		if (columns == 1) { /* integrity_check: "ok", or one message per problem */
			if (first && strcmp(first, "ok") == 0)
				continue;
			diag_add(d, s->path, 0, _("intégrité : %s"), first ? first : "?");
		} else if (rule) {
			const char *what = (const char *)sqlite3_column_text(st, 2);
			diag_add(d, s->path, 0, _("%s %lld (%s) : %s"), first ? first : "?",
			         (long long)sqlite3_column_int64(st, 1), what ? what : "", _(rule));
		} else { /* foreign_key_check: table, rowid, parent table, key index */
			const char *parent = (const char *)sqlite3_column_text(st, 2);
			diag_add(d, s->path, 0, _("%s %lld : référence vers %s introuvable"),
			         first ? first : "?", (long long)sqlite3_column_int64(st, 1),
			         parent ? parent : "?");
		}
		(*problems)++;
	}
	if (rc != SQLITE_DONE)
		store_report(s, d, _("vérification impossible"));
	sqlite3_finalize(st);
	return rc == SQLITE_DONE;
}

/* Every check but the schema's version (a copy may be older: migrations follow). */
static bool check_data(store *s, size_t *problems, diag_list *d)
{
	*problems = 0;
	if (!check_rows(s, "PRAGMA integrity_check", NULL, problems, d) ||
	    !check_rows(s, "PRAGMA foreign_key_check", NULL, problems, d))
		return false;
	for (size_t i = 0; i < sizeof(rules) / sizeof(rules[0]); i++)
		if (!check_rows(s, rules[i].sql, rules[i].rule, problems, d))
			return false;
	return true;
}

bool store_check(store *s, size_t *problems, diag_list *d)
{
	if (!check_data(s, problems, d))
		return false;
	int version = store_schema_version(s);
	if (version != store_schema_latest()) {
		diag_add(d, s->path, 0, _("schéma %d au lieu de %d"), version, store_schema_latest());
		(*problems)++;
	}
	return true;
}

/* ---- backup ----------------------------------------------------------------------------- */

/* Write a file's data and its directory entry to disk. */
static bool sync_path(const char *path, bool directory)
{
	int fd = open(path, (directory ? O_RDONLY | O_DIRECTORY : O_RDWR) | O_CLOEXEC);
	if (fd < 0)
		return false;
	bool ok = fsync(fd) == 0;
	close(fd);
	return ok;
}

/* The directory part of path ("." for a bare name), from the arena. */
static const char *directory_of(arena *a, const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return ".";
	return slash == path ? "/" : arena_strndup(a, path, (size_t)(slash - path));
}

/* Open path as a store without migrating it, read-only or not: a copy to check. */
static store *open_copy(const char *path, bool read_only, diag_list *d)
{
	store *c = calloc(1, sizeof(*c));
	if (!c)
		abort();
	c->path = path;
	c->via = "cli";
	int flags = (read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE) | SQLITE_OPEN_NOMUTEX;
	if (sqlite3_open_v2(path, &c->sqlite, flags, NULL) != SQLITE_OK) {
		diag_add(d, path, 0, _("ouverture impossible : %s"), sqlite3_errmsg(c->sqlite));
		store_close(c);
		return NULL;
	}
	sqlite3_extended_result_codes(c->sqlite, 1);
	sqlite3_busy_timeout(c->sqlite, 5000);
	return c;
}

/* Whether the copy at path is a jalon database of a schema this program knows, and
 * passes every check; the problems go to diags. */
static bool copy_sound(const char *path, bool read_only, diag_list *d)
{
	store *c = open_copy(path, read_only, d);
	if (!c)
		return false;
	sqlite3_stmt *st = NULL;
	bool jalon = sqlite3_prepare_v2(c->sqlite, "SELECT count(*) FROM sqlite_schema"
	                                " WHERE name = 'schema_migration'", -1, &st, NULL) ==
	                 SQLITE_OK &&
	             sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) == 1;
	sqlite3_finalize(st);
	bool ok = false;
	size_t problems = 0;
	if (!jalon) {
		diag_add(d, path, 0, _("ce fichier n'est pas une base jalon"));
	} else if (store_schema_version(c) > store_schema_latest()) {
		diag_add(d, path, 0, _("base au schéma %d, plus récent que celui de ce programme "
		                       "(%d) : mettez jalon à jour"),
		         store_schema_version(c), store_schema_latest());
	} else if (check_data(c, &problems, d)) {
		ok = problems == 0;
		if (!ok)
			diag_add(d, path, 0, i18n_count("%zu problème dans la copie",
			                                 "%zu problèmes dans la copie", problems),
			         problems);
	}
	store_close(c);
	return ok;
}

bool store_backup(store *s, const char *path, diag_list *d)
{
	struct stat st;
	if (stat(path, &st) == 0) {
		diag_add(d, path, 0, _("le fichier existe déjà : la sauvegarde n'écrase rien"));
		return false;
	}
	arena *a = arena_new();
	const char *tmp = arena_printf(a, "%s.partiel-%ld", path, (long)getpid());
	unlink(tmp);
	sqlite3_stmt *vacuum = store_prepare(s, "VACUUM INTO ?1", d);
	bool ok = vacuum != NULL;
	if (ok) {
		sqlite3_bind_text(vacuum, 1, tmp, -1, SQLITE_STATIC);
		ok = sqlite3_step(vacuum) == SQLITE_DONE;
		if (!ok)
			diag_add(d, path, 0, _("copie impossible : %s"), sqlite3_errmsg(s->sqlite));
		sqlite3_finalize(vacuum);
	}
	/* The copy is in journal mode DELETE (VACUUM INTO's), one file: on disk, checked,
	 * then given its name. */
	if (ok && !sync_path(tmp, false)) {
		diag_add(d, path, 0, _("écriture sur disque impossible : %s"), strerror(errno));
		ok = false;
	}
	if (ok)
		ok = copy_sound(tmp, true, d);
	if (ok && rename(tmp, path) != 0) {
		diag_add(d, path, 0, _("renommage impossible : %s"), strerror(errno));
		ok = false;
	}
	if (ok)
		sync_path(directory_of(a, path), true);
	else
		unlink(tmp);
	arena_free(a);
	return ok;
}

/* ---- restore ---------------------------------------------------------------------------- */

bool store_restore(store *s, arena *a, const char *path, const char **saved_as, diag_list *d)
{
	*saved_as = NULL;
	if (!copy_sound(path, true, d))
		return false;
	time_t now = time(NULL);
	struct tm tm;
	char stamp[32];
	strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M%S", localtime_r(&now, &tm));
	const char *saved = arena_printf(a, "%s.avant-restauration-%s", s->path, stamp);
	if (!store_backup(s, saved, d))
		return false;
	store *c = open_copy(path, true, d);
	if (!c)
		return false;
	sqlite3_backup *b = sqlite3_backup_init(s->sqlite, "main", c->sqlite, "main");
	bool ok = b != NULL;
	if (b) {
		int rc = sqlite3_backup_step(b, -1);
		ok = rc == SQLITE_DONE;
		sqlite3_backup_finish(b);
	}
	if (!ok)
		diag_add(d, s->path, 0, _("restauration impossible : %s (la base est inchangée)"),
		         sqlite3_errmsg(s->sqlite));
	store_close(c);
	if (ok)
		*saved_as = saved;
	return ok;
}
