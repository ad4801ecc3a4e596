/*
 * test_maintenance.c — store/maintenance.h: store_check finds each kind of problem it
 * promises (SQLite's integrity and references, each of jalon's cross-plan rules, a
 * cycle of parents), one at a time on a sound database of two plans; a backup is a
 * checked copy that never overwrites; a restore refuses a broken copy and changes
 * nothing, and puts back a sound one, keeping the previous content.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store_fixture.h"
#include "store/maintenance.h"
#include "store/plan_store.h"

static const char plan_a[] =
	"code;parent;niveau;intitule\n"
	"A;;Axe;Usagers\n"
	"A1;A;Projet;Portail\n"
	"A2;A;Projet;Réseau\n";

static int setup(void **state)
{
	if (fixture_setup_plan(state, "maintenance", plan_a) != 0)
		return -1;
	fixture *f = *state;
	import_ok(f, plan_a, "autre");
	f->other = load_ok(f, "autre");
	char sql[1200];
	snprintf(sql, sizeof(sql),
	         "INSERT INTO milestone (element_id, position, title, planned_on) VALUES"
	         " (%lld, 0, 'Recette', '2026-01-01'), (%lld, 0, 'Ailleurs', '2026-01-01');"
	         "INSERT INTO risk (element_id, description) VALUES (%lld, 'Panne');"
	         "INSERT INTO indicator (plan_id, code, name, family, direction, frequency, position)"
	         " VALUES (%lld, 'I1', 'Taux', 'financier', 'hausse', 'mensuelle', 0);"
	         "INSERT INTO instance (plan_id, kind, name, position) VALUES (%lld, 'pilotage', 'COPIL', 0);"
	         "INSERT INTO meeting (instance_id, held_on) SELECT id, '2026-02-01' FROM instance;"
	         "INSERT INTO decision (meeting_id, position, kind, text) SELECT id, 0, 'autre', 'Go'"
	         " FROM meeting;"
	         "INSERT INTO agenda_item (meeting_id, position, title) SELECT id, 0, 'Point' FROM meeting;"
	         "INSERT INTO action_item (plan_id, text, created_on) VALUES (%lld, 'Relancer', '2026-02-01');",
	         (long long)element(f->p, "A1")->id, (long long)element(f->other, "A1")->id,
	         (long long)element(f->p, "A1")->id, (long long)f->p->id, (long long)f->p->id,
	         (long long)f->p->id);
	exec_ok(f->s->sqlite, sql);
	return 0;
}

/* The problems store_check finds, their messages joined by "\n". */
static const char *problems_of(fixture *f, size_t *count)
{
	diag_init(&f->d, f->a);
	assert_true(store_check(f->s, count, &f->d));
	buf out = {0};
	buf_puts(&out, "");
	for (size_t i = 0; i < f->d.count; i++)
		buf_printf(&out, "%s\n", f->d.items[i].message);
	const char *text = arena_strdup(f->a, out.data);
	buf_free(&out);
	return text;
}

static void test_sound_database(void **state)
{
	fixture *f = *state;
	size_t n = 99;
	const char *text = problems_of(f, &n);
	assert_string_equal(text, "");
	assert_int_equal(n, 0);
}

/* Each break, alone, is found once, named by its table and row; foreign keys are off
 * while breaking (as a damaged file would be). */
static void test_each_problem_found(void **state)
{
	fixture *f = *state;
	static const struct {
		const char *sql, *expected;
		size_t count;
	} cases[] = {
		{"UPDATE element SET parent_id = (SELECT id FROM element WHERE code = 'A'"
		 " AND plan_id = (SELECT id FROM plan WHERE slug = 'autre'))"
		 " WHERE code = 'A1' AND plan_id = (SELECT id FROM plan WHERE slug = 'sdn')",
		 "parent dans un autre plan", 1},
		{"UPDATE element SET parent_id = (SELECT id FROM element e2 WHERE e2.code = 'A1'"
		 " AND e2.plan_id = element.plan_id) WHERE code = 'A'"
		 " AND plan_id = (SELECT id FROM plan WHERE slug = 'sdn')",
		 "élément ancêtre de lui-même", 2}, /* A and A1, each the other's parent */
		{"INSERT INTO element_contribution (element_id, target_id, position)"
		 " SELECT a.id, b.id, 0 FROM element a, element b WHERE a.code = 'A1' AND b.code = 'A2'"
		 " AND a.plan_id <> b.plan_id LIMIT 1",
		 "contribue à un élément d'un autre plan", 1},
		{"INSERT INTO element_dependency SELECT a.id, b.id FROM element a, element b"
		 " WHERE a.code = 'A1' AND b.code = 'A2' AND a.plan_id <> b.plan_id LIMIT 1",
		 "dépendance vers un élément d'un autre plan", 1},
		{"INSERT INTO milestone_dependency SELECT a.id, b.id FROM milestone a, milestone b"
		 " WHERE a.title = 'Recette' AND b.title = 'Ailleurs'",
		 "dépendance vers un jalon d'un autre plan", 1},
		{"INSERT INTO indicator_element SELECT i.id, e.id, 0 FROM indicator i, element e"
		 " WHERE e.plan_id <> i.plan_id AND e.code = 'A2'",
		 "indicateur mesurant un élément d'un autre plan", 1},
		{"INSERT INTO instance_element SELECT i.id, e.id, 0 FROM instance i, element e"
		 " WHERE e.plan_id <> i.plan_id AND e.code = 'A2'",
		 "instance pilotant un élément d'un autre plan", 1},
		{"INSERT INTO decision_element SELECT d.id, e.id, 0 FROM decision d, element e"
		 " WHERE e.code = 'A2' AND e.plan_id = (SELECT id FROM plan WHERE slug = 'autre')",
		 "décision concernant un élément d'un autre plan", 1},
		{"UPDATE decision SET effect = 'jalon-atteint',"
		 " milestone_id = (SELECT id FROM milestone WHERE title = 'Ailleurs')",
		 "effet sur un jalon ou un élément d'un autre plan", 1},
		{"UPDATE agenda_item SET element_id = (SELECT id FROM element WHERE code = 'A2'"
		 " AND plan_id = (SELECT id FROM plan WHERE slug = 'autre'))",
		 "point de l'ordre du jour lié à un autre plan", 1},
		{"UPDATE action_item SET element_id = (SELECT id FROM element WHERE code = 'A2'"
		 " AND plan_id = (SELECT id FROM plan WHERE slug = 'autre'))",
		 "action liée à un autre plan", 1},
		{"INSERT INTO budget_line (element_id, year, nature, source)"
		 " VALUES (999999, 2026, 'investissement', 'État')",
		 "budget_line", 1},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		exec_ok(f->s->sqlite, "PRAGMA foreign_keys = OFF; SAVEPOINT breaking");
		exec_ok(f->s->sqlite, cases[i].sql);
		size_t n = 0;
		const char *text = problems_of(f, &n);
		if (n != cases[i].count || !strstr(text, cases[i].expected))
			fail_msg("case %zu: %zu problem(s), expected %zu saying « %s »:\n%s", i, n,
			         cases[i].count, cases[i].expected, text);
		exec_ok(f->s->sqlite, "ROLLBACK TO breaking; RELEASE breaking; PRAGMA foreign_keys = ON");
	}
	size_t n = 99;
	problems_of(f, &n);
	assert_int_equal(n, 0);
}

static void test_backup_and_restore(void **state)
{
	fixture *f = *state;
	char copy[96], broken[96];
	snprintf(copy, sizeof(copy), "%s.copie", f->path);
	snprintf(broken, sizeof(broken), "%s.cassee", f->path);
	assert_true(store_backup(f->s, copy, &f->d));
	struct stat st;
	assert_int_equal(stat(copy, &st), 0);
	/* Never over an existing file. */
	assert_false(store_backup(f->s, copy, &f->d));
	diag_init(&f->d, f->a);

	/* A broken copy is refused and changes nothing. */
	assert_true(store_backup(f->s, broken, &f->d));
	sqlite3 *db;
	assert_int_equal(sqlite3_open(broken, &db), SQLITE_OK);
	exec_ok(db, "PRAGMA foreign_keys = OFF; DELETE FROM plan WHERE slug = 'autre'");
	sqlite3_close(db);
	exec_ok(f->s->sqlite, "DELETE FROM plan WHERE slug = 'sdn'");
	const char *saved = "x";
	assert_false(store_restore(f->s, f->a, broken, &saved, &f->d));
	assert_null(saved);
	assert_int_equal(query(f, "SELECT count(*) FROM plan"), 1);
	diag_init(&f->d, f->a);

	/* A sound copy comes back whole; the content before is kept beside. */
	assert_true(store_restore(f->s, f->a, copy, &saved, &f->d));
	assert_int_equal(query(f, "SELECT count(*) FROM plan"), 2);
	assert_int_equal(query(f, "SELECT count(*) FROM element"), 6);
	assert_non_null(strstr(saved, ".avant-restauration-"));
	assert_int_equal(sqlite3_open(saved, &db), SQLITE_OK);
	sqlite3_stmt *q;
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT count(*) FROM plan", -1, &q, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(q, 0), 1);
	sqlite3_finalize(q);
	sqlite3_close(db);
	size_t n = 99;
	problems_of(f, &n);
	assert_int_equal(n, 0);
	unlink(copy);
	unlink(broken);
	unlink(saved);
}

/* A plan whose committees met and decided is deleted whole (its records cascade),
 * leaving a sound database. */
static void test_plan_with_committees_deleted(void **state)
{
	fixture *f = *state;
	assert_int_equal(query(f, "SELECT count(*) FROM decision"), 1);
	assert_true(store_plan_delete(f->s, "sdn", &f->d));
	assert_int_equal(query(f, "SELECT count(*) FROM instance"), 0);
	assert_int_equal(query(f, "SELECT count(*) FROM meeting"), 0);
	assert_int_equal(query(f, "SELECT count(*) FROM decision"), 0);
	assert_int_equal(query(f, "SELECT count(*) FROM action_item"), 0);
	assert_int_equal(query(f, "SELECT count(*) FROM plan"), 1);
	size_t n = 99;
	problems_of(f, &n);
	assert_int_equal(n, 0);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, fixture_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_sound_database),
		T(test_each_problem_found),
		T(test_backup_and_restore),
		T(test_plan_with_committees_deleted),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
