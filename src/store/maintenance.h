/*
 * maintenance.h — keeping a database safe: a consistent copy while the server runs
 * (backup), checking a database and saying what is wrong (check), and putting a
 * checked copy back (restore).
 *
 * What is checked (store_check), each problem one diag naming the table and the row:
 * - SQLite's own: PRAGMA integrity_check (pages, indexes, CHECK and NOT NULL
 *   constraints) and PRAGMA foreign_key_check (every reference points to a row);
 * - jalon's rules that the schema cannot say: an element's parent, a contribution, a
 *   dependency (between elements or milestones), a branch steered by an instance, an
 *   element concerned by a decision, an agenda point's element, indicator or risk, an
 *   action item's element, an indicator's element: each in the same plan as the record
 *   that names it; no element is its own ancestor; the schema is this program's.
 */
#ifndef JALON_MAINTENANCE_H
#define JALON_MAINTENANCE_H

#include <stdbool.h>
#include <stddef.h>

#include "store/db.h"
#include "util/diag.h"

/* Every check above on s; true when they could run, with *problems the number of
 * problems found (each added to diags). */
bool store_check(store *s, size_t *problems, diag_list *diags);

/* A consistent copy of s at `path`, which must not exist: VACUUM INTO a temporary file
 * beside it (one read transaction: the copy is the database as of one instant, writers
 * go on meanwhile), written to disk (fsync), checked, then renamed to `path` — which is
 * therefore either absent or a complete, checked copy. */
bool store_backup(store *s, const char *path, diag_list *diags);

/* Put the copy at `path` in place of the database of s, after checking it: a jalon
 * database (opened read-only: the copy itself is never changed), of a schema this
 * program knows, without any problem store_check would report. The current content is
 * first saved beside the database, as "<database>.avant-restauration-AAAAMMJJ-HHMMSS"
 * (*saved_as, from the arena), by store_backup; then the copy is written over the
 * database with SQLite's backup API, under its write lock (other connections, a
 * running server's included, read the restored content from their next transaction).
 * Migrations bring an older copy up to date when the database is next opened. */
bool store_restore(store *s, arena *a, const char *path, const char **saved_as,
                   diag_list *diags);

#endif
