/*
 * store_fixture.h — the temporary database the store unit tests work on.
 *
 * Included by test_store.c, test_element_store.c, test_steering_store.c,
 * test_item_store.c and test_change_log.c: a fixture holding an arena, its diagnostics
 * and a store on a fresh file in /tmp; setup and teardown; a CSV importer and a loader
 * that fail the case with the diagnostics printed; and probes of the database (one
 * integer, rows as text, dumps of whole tables). The functions are static inline, so a
 * test that does not use one of them gets no warning.
 */
#ifndef JALON_TESTS_STORE_FIXTURE_H
#define JALON_TESTS_STORE_FIXTURE_H

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "core/plan.h"
#include "core/steering.h"
#include "io/plan_csv.h"
#include "store/db.h"
#include "store/plan_store.h"
#include "store/steering_store.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/diag.h"

typedef struct {
	arena *a;
	diag_list d;
	char path[64];
	store *s;
	plan *p;     /* "sdn", as loaded after its import (fixture_setup_plan) */
	plan *other; /* a second plan, where a test imports one */
} fixture;

/* The database file and whatever SQLite left beside it. */
static inline void remove_database(const char *path)
{
	char side[80];
	unlink(path);
	snprintf(side, sizeof(side), "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof(side), "%s-shm", path);
	unlink(side);
	snprintf(side, sizeof(side), "%s-journal", path);
	unlink(side);
}

static inline void print_diags(const diag_list *d)
{
	for (size_t i = 0; i < d->count; i++)
		print_message("diag %s:%d: %s\n", d->items[i].file ? d->items[i].file : "-",
		              d->items[i].line, d->items[i].message);
}

/* A fixture with a fresh path in /tmp ("/tmp/jalon-test-<name>-XXXXXX"), as a file
 * that does not exist yet, and no store. */
static inline fixture *fixture_new(const char *name)
{
	fixture *f = test_calloc(1, sizeof(*f));
	f->a = arena_new();
	diag_init(&f->d, f->a);
	snprintf(f->path, sizeof(f->path), "/tmp/jalon-test-%s-XXXXXX", name);
	int fd = mkstemp(f->path);
	assert_true(fd >= 0);
	close(fd);
	unlink(f->path);
	return f;
}

/* Creates the database at f->path and opens it. */
static inline bool fixture_open(fixture *f)
{
	f->s = store_open(f->path, STORE_OPEN_CREATE, &f->d);
	return f->s != NULL;
}

static inline int fixture_teardown(void **state)
{
	fixture *f = *state;
	store_close(f->s);
	remove_database(f->path);
	arena_free(f->a);
	test_free(f);
	return 0;
}

/* Imports csv as plan `slug` ("Schéma directeur"); returns the plan as parsed. */
static inline plan *import_ok(fixture *f, const char *csv, const char *slug)
{
	plan *p = arena_alloc(f->a, sizeof(*p));
	if (!plan_csv_read(f->a, "sample.csv", csv, strlen(csv), NULL, p, &f->d) ||
	    (p->title = "Schéma directeur", p->slug = slug,
	     !store_plan_create(f->s, f->a, p, &f->d))) {
		print_diags(&f->d);
		fail_msg("import of %s failed", slug);
	}
	return p;
}

static inline plan *load_ok(fixture *f, const char *ref)
{
	plan *p = arena_alloc(f->a, sizeof(*p));
	if (!store_plan_load(f->s, f->a, ref, p, &f->d)) {
		print_diags(&f->d);
		fail_msg("store_plan_load(%s) failed", ref);
	}
	return p;
}

/* The usual setup: the database open, holding plan "sdn" imported from csv, in f->p. */
static inline int fixture_setup_plan(void **state, const char *name, const char *csv)
{
	fixture *f = fixture_new(name);
	*state = f;
	if (!fixture_open(f))
		return -1;
	import_ok(f, csv, "sdn");
	f->p = load_ok(f, "sdn");
	return 0;
}

/* A second plan "autre" imported from csv, as loaded: what a case checks stays out of
 * reach of the first plan's writes. */
static inline plan *import_other(fixture *f, const char *csv)
{
	import_ok(f, csv, "autre");
	return load_ok(f, "autre");
}

/* fixture_setup_plan, then the second plan "autre" from the same csv in f->other. */
static inline int fixture_setup_two_plans(void **state, const char *name, const char *csv)
{
	if (fixture_setup_plan(state, name, csv) != 0)
		return -1;
	fixture *f = *state;
	f->other = import_other(f, csv);
	return 0;
}

static inline steering_data load_steering(fixture *f, const plan *p)
{
	steering_data data;
	if (!store_steering_load(f->s, f->a, p, &data, &f->d)) {
		print_diags(&f->d);
		fail_msg("store_steering_load failed");
	}
	return data;
}

static inline plan_element *element(const plan *p, const char *code)
{
	plan_element *e = plan_find(p, code);
	assert_non_null(e);
	return e;
}

/* ---- looking at the database ---------------------------------------------------------- */

/* One integer from SQL run on the store's own connection. */
static inline int64_t query(fixture *f, const char *sql)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(f->s->sqlite, sql, -1, &st, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(f->s->sqlite));
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	int64_t v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static inline void exec_ok(sqlite3 *db, const char *sql)
{
	char *err = NULL;
	if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK)
		fail_msg("%s: %s", sql, err ? err : "?");
}

/* Rows of one query, every column, as text: "a|b|c\n" per row, ∅ for NULL, in the
 * arena. */
static inline const char *rows_text(fixture *f, const char *sql)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(f->s->sqlite, sql, -1, &st, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(f->s->sqlite));
	buf out = {0};
	buf_puts(&out, "");
	while (sqlite3_step(st) == SQLITE_ROW) {
		for (int c = 0; c < sqlite3_column_count(st); c++) {
			const unsigned char *v = sqlite3_column_text(st, c);
			if (c)
				buf_putc(&out, '|');
			buf_puts(&out, v ? (const char *)v : "∅");
		}
		buf_putc(&out, '\n');
	}
	sqlite3_finalize(st);
	char *text = arena_strdup(f->a, out.data);
	buf_free(&out);
	return text;
}

/* Every row of these tables, sorted by `order` ("1, 2"), each under "[table]": equal
 * dumps mean nothing was written. */
static inline const char *dump_tables(fixture *f, const char *const *tables, size_t n,
                                      const char *order)
{
	buf out = {0};
	for (size_t i = 0; i < n; i++) {
		char *sql = arena_printf(f->a, "SELECT * FROM %s ORDER BY %s", tables[i], order);
		buf_printf(&out, "[%s]\n", tables[i]);
		buf_puts(&out, rows_text(f, sql));
	}
	char *text = arena_strdup(f->a, out.data);
	buf_free(&out);
	return text;
}

/* ---- comparing ------------------------------------------------------------------------ */

static inline void assert_text(const char *actual, const char *expected)
{
	if (!expected)
		assert_null(actual);
	else
		assert_string_equal(actual, expected);
}

static inline void assert_same_date(jalon_date a, jalon_date b)
{
	assert_int_equal(a.year, b.year);
	assert_int_equal(a.month, b.month);
	assert_int_equal(a.day, b.day);
}

#endif
