/*
 * test_trash_store.c — unit tests for the trash (store/trash_store.c).
 *
 * A plan imported from CSV gets, by SQL, a row in every table that hangs on an
 * element (milestones and their dependencies, budget lines, risks, status, weather,
 * scores, committee links, SWOT…) and rows that only point at one (an agenda item, a
 * decision's effect, an action item). A branch deleted through store_element_delete
 * must then come back from the trash identical: every table is dumped, every column,
 * before the delete and after the restore.
 */
#include "store_fixture.h"
#include "store/element_store.h"
#include "store/trash_store.h"

/* AX1 > P1 > A1 is the branch deleted below. */
static const char sample_csv[] =
	"code;parent;niveau;intitule;description;porteur;partenaires;beneficiaires;debut;fin;"
	"budget;statut;contribue_a;Enjeux;Priorité\n"
	"AX1;;Axe;Usagers;Des services simples;VP numérique;;;2025-01-01;2029-12-31;;;;;1\n"
	"P1;AX1;Projet;Portail « étudiant »;Un portail;DSI;Scolarité|DRH|BU;Étudiants;"
	"01/09/2025;30/06/2026;1 234 567,89 €;en cours;AX2|AX3;sobriété;2\n"
	"A1;P1;Action;Maquette;;;BU;;;;;;AX3;Maquettes;\n"
	"AX2;;Axe;Infrastructures;;;;;;;0;;;;\n"
	"P2;AX2;Projet;Réseau;;DSI;Région;;;;45000;;AX1|A1;;3\n"
	"AX3;;Axe;Gouvernance;;;;;;;;;;Pilotage;\n"
	"P3;AX3;Projet;Pilotage;;;;;;;;;P2;;\n";

#define ID(code) "(SELECT id FROM element WHERE code = '" code "')"
#define PLAN "(SELECT id FROM plan WHERE slug = 'sdn')"
#define MILESTONE(title) "(SELECT id FROM milestone WHERE title = '" title "')"

/* Something in every table that can hang on an element, inside and outside the branch. */
static const char seed_sql[] =
	"INSERT INTO milestone (element_id, position, title, planned_on, deliverable) VALUES"
	" (" ID("P1") ", 0, 'Cadrage', '2025-10-01', 'Note'),"
	" (" ID("P1") ", 1, 'Recette', '2026-03-01', NULL),"
	" (" ID("A1") ", 0, 'Maquette validée', '2025-12-01', NULL),"
	" (" ID("P2") ", 0, 'Câblage', '2026-01-01', NULL);"
	"INSERT INTO milestone_dependency VALUES"
	" (" MILESTONE("Cadrage") ", " MILESTONE("Recette") "),"
	" (" MILESTONE("Maquette validée") ", " MILESTONE("Recette") "),"
	" (" MILESTONE("Câblage") ", " MILESTONE("Cadrage") ");"
	"INSERT INTO budget_line (element_id, year, nature, source, planned_cents, paid_cents)"
	" VALUES (" ID("P1") ", 2026, 'investissement', 'État', 100000, 2500),"
	" (" ID("A1") ", 2026, 'fonctionnement', 'Établissement', 5000, 0),"
	" (" ID("P2") ", 2026, 'investissement', 'Région', 7000, 0);"
	"INSERT INTO risk (element_id, description, probability, impact) VALUES"
	" (" ID("P1") ", 'Retard du fournisseur', 2, 3);"
	"INSERT INTO element_status VALUES (" ID("P1") ", 40, 'nuage', 'réalisation', 3),"
	" (" ID("A1") ", 10, 'soleil', NULL, 1);"
	"INSERT INTO weather_report (element_id, weather, reported_on, comment) VALUES"
	" (" ID("P1") ", 'nuage', '2026-01-15', 'Retard « fournisseur »');"
	"INSERT INTO element_dependency VALUES (" ID("P1") ", " ID("P2") "),"
	" (" ID("P3") ", " ID("A1") ");"
	"INSERT INTO element_score VALUES (" ID("P1") ", 'impact', 3);"
	"INSERT INTO element_qualification VALUES (" ID("P1") ", 'quick-win', 'projet-phare', 2);"
	"INSERT INTO instance (plan_id, kind, name, position) VALUES (" PLAN ", 'pilotage',"
	" 'COPIL', 0);"
	"INSERT INTO instance_element VALUES ((SELECT id FROM instance), " ID("AX1") ", 0);"
	"INSERT INTO meeting (instance_id, held_on) VALUES ((SELECT id FROM instance),"
	" '2026-03-12');"
	"INSERT INTO agenda_item (meeting_id, position, title, element_id, risk_id) VALUES"
	" ((SELECT id FROM meeting), 0, 'Point portail', " ID("P1") ", (SELECT id FROM risk)),"
	" ((SELECT id FROM meeting), 1, 'Point réseau', " ID("P2") ", NULL);"
	"INSERT INTO decision (meeting_id, position, kind, text, effect, milestone_id,"
	" effect_element_id, effect_date) VALUES ((SELECT id FROM meeting), 0, 'report',"
	" 'Report de la recette', 'jalon-reporte', " MILESTONE("Recette") ", " ID("P1") ","
	" '2026-04-01');"
	"INSERT INTO decision_element VALUES ((SELECT id FROM decision), " ID("A1") ", 0);"
	"INSERT INTO action_item (plan_id, meeting_id, element_id, text, created_on) VALUES"
	" (" PLAN ", (SELECT id FROM meeting), " ID("A1") ", 'Relancer', '2026-03-12');"
	"INSERT INTO swot_entry (plan_id, element_id, quadrant, position, text) VALUES"
	" (" PLAN ", " ID("P1") ", 'forces', 0, 'Équipe'),"
	" (" PLAN ", NULL, 'menaces', 0, 'Budget');"
	"INSERT INTO indicator (plan_id, position, code, name, direction, frequency,"
	" baseline_value, baseline_on) VALUES (" PLAN ", 0, 'I1', 'Usage', 'hausse',"
	" 'annuelle', 12.5, '2025-01-01');"
	"INSERT INTO indicator_element VALUES ((SELECT id FROM indicator), " ID("A1") ", 0);";

static int setup(void **state)
{
	if (fixture_setup_plan(state, "trash", sample_csv) != 0)
		return -1;
	fixture *f = *state;
	exec_ok(f->s->sqlite, seed_sql);
	return 0;
}

/* ---- looking at the database ---------------------------------------------------------- */

/* Every row of every table but the journal, the trash and SQLite's own, every column
 * but the plan's data_version (the journal moves it), in rowid order. */
static const char *dump(fixture *f)
{
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(f->s->sqlite,
		"SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%'"
		" AND name NOT IN ('change_log', 'trash') ORDER BY name", -1, &st, NULL), SQLITE_OK);
	buf out = {0};
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *table = (const char *)sqlite3_column_text(st, 0);
		const char *columns = rows_text(f, arena_printf(f->a,
			"SELECT group_concat('\"' || name || '\"', ', ') FROM pragma_table_info('%s')"
			" WHERE name <> 'data_version'", table));
		size_t n = strlen(columns);
		char *list = arena_strndup(f->a, columns, n ? n - 1 : 0); /* the newline */
		buf_printf(&out, "[%s]\n", table);
		buf_puts(&out, rows_text(f, arena_printf(f->a, "SELECT %s FROM \"%s\" ORDER BY rowid",
		                                       list, table)));
	}
	sqlite3_finalize(st);
	char *text = arena_strdup(f->a, out.data);
	buf_free(&out);
	return text;
}

static int64_t id_of(fixture *f, const char *code)
{
	return query(f, arena_printf(f->a, "SELECT id FROM element WHERE code = '%s'", code));
}

static void delete_ok(fixture *f, const char *code)
{
	store_result r = store_element_delete(f->s, f->p, id_of(f, code), 0, &f->d);
	if (r != STORE_OK) {
		print_diags(&f->d);
		fail_msg("store_element_delete(%s): %d", code, r);
	}
	f->p = load_ok(f, "sdn");
}

static void restore_ok(fixture *f, int64_t trash_id)
{
	store_result r = store_trash_restore(f->s, f->p->id, trash_id, &f->d);
	if (r != STORE_OK) {
		print_diags(&f->d);
		fail_msg("store_trash_restore(%lld): %d", (long long)trash_id, r);
	}
	f->p = load_ok(f, "sdn");
}

/* The trash id of the entry whose top element is `code`. */
static int64_t entry_of(fixture *f, const char *code)
{
	return query(f, arena_printf(f->a, "SELECT id FROM trash WHERE code = '%s'", code));
}

static bool diags_mention(const fixture *f, const char *text)
{
	for (size_t i = 0; i < f->d.count; i++)
		if (strstr(f->d.items[i].message, text))
			return true;
	return false;
}

/* Codes of an element's children, or of the roots when code is NULL, in order. */
static const char *children_codes(fixture *f, const char *code)
{
	const plan *p = f->p;
	plan_element **items = p->roots;
	size_t n = p->root_count;
	if (code) {
		const plan_element *e = element(p, code);
		items = e->children;
		n = e->child_count;
	}
	const char *s = "";
	for (size_t i = 0; i < n; i++)
		s = arena_printf(f->a, "%s%s%s", s, i ? " " : "", items[i]->code);
	return s;
}

/* ---- the cases ---------------------------------------------------------------------- */

static void test_branch_comes_back_whole(void **state)
{
	fixture *f = *state;
	store_set_origin(f->s, "marie", "web");
	const char *before = dump(f);
	int64_t ax1 = id_of(f, "AX1");

	delete_ok(f, "AX1");
	assert_null(plan_find(f->p, "P1"));
	assert_int_equal(query(f, "SELECT count(*) FROM milestone"), 1);
	assert_int_equal(query(f, "SELECT count(*) FROM agenda_item WHERE element_id IS NULL"), 1);
	assert_int_equal(query(f, "SELECT count(*) FROM decision WHERE milestone_id IS NULL"
	                          " AND effect_element_id IS NULL"), 1);

	trash_entry *entries;
	size_t count;
	assert_true(store_trash_list(f->s, f->a, f->p->id, &entries, &count, &f->d));
	assert_int_equal(count, 1);
	assert_int_equal(entries[0].element_id, ax1);
	assert_int_equal(entries[0].parent_id, 0);
	assert_null(entries[0].parent_code);
	assert_string_equal(entries[0].code, "AX1");
	assert_string_equal(entries[0].level, "Axe");
	assert_string_equal(entries[0].title, "Usagers");
	assert_int_equal(entries[0].element_count, 3);
	assert_true(entries[0].row_count > 25);
	assert_string_equal(entries[0].deleted_by, "marie");
	assert_int_equal(strlen(entries[0].deleted_at), 20);

	trash_entry one;
	assert_int_equal(store_trash_get(f->s, f->a, f->p->id, entries[0].id, &one, &f->d),
	                 STORE_OK);
	assert_int_equal(one.row_count, entries[0].row_count);

	restore_ok(f, entries[0].id);
	assert_string_equal(dump(f), before);
	assert_int_equal(query(f, "SELECT count(*) FROM trash"), 0);
	assert_string_equal(children_codes(f, NULL), "AX1 AX2 AX3");
	assert_string_equal(children_codes(f, "P1"), "A1");

	/* Journalled: the delete, then the restore on the top element. */
	assert_string_equal(
		rows_text(f, arena_printf(f->a, "SELECT action, entity, element_code, old_value,"
		                                " new_value, actor, via FROM change_log"
		                                " WHERE element_id = %lld ORDER BY id",
		                          (long long)ax1)),
		"delete|element|AX1|Usagers|∅|marie|web\n"
		"restore|element|AX1|∅|3 éléments restaurés de la corbeille|marie|web\n");
}

/* The rows that only pointed at the branch get their link back, unless someone set
 * another since. */
static void test_links_not_overwritten(void **state)
{
	fixture *f = *state;
	delete_ok(f, "P1");
	exec_ok(f->s->sqlite, "UPDATE agenda_item SET element_id = " ID("AX2")
	                      " WHERE title = 'Point portail'");
	restore_ok(f, entry_of(f, "P1"));
	assert_string_equal(rows_text(f, "SELECT a.title, e.code FROM agenda_item a"
	                                 " JOIN element e ON e.id = a.element_id ORDER BY a.id"),
	                    "Point portail|AX2\nPoint réseau|P2\n");
	assert_string_equal(rows_text(f, "SELECT e.code, m.title FROM decision d"
	                                 " JOIN element e ON e.id = d.effect_element_id"
	                                 " JOIN milestone m ON m.id = d.milestone_id"),
	                    "P1|Recette\n");
	assert_string_equal(rows_text(f, "SELECT e.code FROM action_item a"
	                                 " JOIN element e ON e.id = a.element_id"),
	                    "A1\n");
}

/* A parent deleted since: refused, naming the entry to restore first; then both come
 * back, in that order. */
static void test_parent_deleted(void **state)
{
	fixture *f = *state;
	const char *before = dump(f);
	delete_ok(f, "A1");
	delete_ok(f, "P1");
	int64_t a1 = entry_of(f, "A1"), p1 = entry_of(f, "P1");
	const char *deleted = dump(f);

	assert_int_equal(store_trash_restore(f->s, f->p->id, a1, &f->d), STORE_INVALID);
	assert_true(diags_mention(f, "« P1 »"));
	assert_true(diags_mention(f, arena_printf(f->a, "n° %lld", (long long)p1)));
	assert_string_equal(dump(f), deleted);
	assert_int_equal(query(f, "SELECT count(*) FROM trash"), 2);

	restore_ok(f, p1);
	restore_ok(f, a1);
	assert_string_equal(dump(f), before);
}

/* A code taken since: refused, the code named, nothing written. */
static void test_code_taken(void **state)
{
	fixture *f = *state;
	delete_ok(f, "P1");
	exec_ok(f->s->sqlite, "INSERT INTO element (plan_id, parent_id, position, code, level,"
	                      " title) VALUES (" PLAN ", " ID("AX2") ", 99, 'A1', 'Action',"
	                      " 'Autre maquette')");
	const char *taken = dump(f);
	int64_t changes = query(f, "SELECT count(*) FROM change_log");
	assert_int_equal(store_trash_restore(f->s, f->p->id, entry_of(f, "P1"), &f->d),
	                 STORE_INVALID);
	assert_true(diags_mention(f, "« A1 »"));
	assert_string_equal(dump(f), taken);
	assert_int_equal(query(f, "SELECT count(*) FROM change_log"), changes);
	assert_int_equal(query(f, "SELECT count(*) FROM trash"), 1);
}

/* An element created since took the branch's place among the positions: the branch
 * comes back last among its siblings, its own order kept. */
static void test_position_taken(void **state)
{
	fixture *f = *state;
	delete_ok(f, "P3");
	exec_ok(f->s->sqlite, "INSERT INTO element (plan_id, parent_id, position, code, level,"
	                      " title) VALUES (" PLAN ", " ID("AX3") ","
	                      " (SELECT max(position) + 1 FROM element), 'P4', 'Projet', 'Nouveau')");
	f->p = load_ok(f, "sdn");
	assert_string_equal(children_codes(f, "AX3"), "P4");
	restore_ok(f, entry_of(f, "P3"));
	assert_string_equal(children_codes(f, "AX3"), "P4 P3");
	assert_int_equal(query(f, "SELECT count(*) FROM (SELECT position FROM element"
	                          " GROUP BY position HAVING count(*) > 1)"), 0);

	/* Free positions are kept. */
	delete_ok(f, "P1");
	restore_ok(f, entry_of(f, "P1"));
	assert_string_equal(children_codes(f, "AX1"), "P1");
	assert_string_equal(children_codes(f, "P1"), "A1");
}

/* A row that cascaded from an element deleted since stays out, as the cascade would
 * have removed it: the rest comes back. */
static void test_outside_row_gone(void **state)
{
	fixture *f = *state;
	delete_ok(f, "P1");
	delete_ok(f, "P2"); /* contributed to A1, had a milestone before Cadrage */
	restore_ok(f, entry_of(f, "P1"));
	assert_non_null(plan_find(f->p, "A1"));
	assert_int_equal(query(f, "SELECT count(*) FROM milestone_dependency"), 2);
	assert_int_equal(query(f, "SELECT count(*) FROM element_contribution"
	                          " WHERE target_id = " ID("A1")), 0);
	restore_ok(f, entry_of(f, "P2"));
	assert_int_equal(query(f, "SELECT count(*) FROM element"), 7);
}

static void test_restore_twice_or_unknown(void **state)
{
	fixture *f = *state;
	delete_ok(f, "A1");
	int64_t id = entry_of(f, "A1");
	restore_ok(f, id);
	assert_int_equal(store_trash_restore(f->s, f->p->id, id, &f->d), STORE_NOT_FOUND);
	assert_int_equal(store_trash_restore(f->s, f->p->id, 999, &f->d), STORE_NOT_FOUND);
	trash_entry e;
	assert_int_equal(store_trash_get(f->s, f->a, f->p->id, id, &e, &f->d), STORE_NOT_FOUND);
}

/* Another plan's entry is not this plan's. */
static void test_other_plan(void **state)
{
	fixture *f = *state;
	plan *other = import_other(f, sample_csv);
	delete_ok(f, "P2");
	int64_t id = entry_of(f, "P2");
	assert_int_equal(store_trash_restore(f->s, other->id, id, &f->d), STORE_NOT_FOUND);
	trash_entry *entries;
	size_t count;
	assert_true(store_trash_list(f->s, f->a, other->id, &entries, &count, &f->d));
	assert_int_equal(count, 0);
	size_t removed = 9;
	assert_true(store_trash_empty(f->s, other->id, &removed, &f->d));
	assert_int_equal(removed, 0);
	assert_int_equal(query(f, "SELECT count(*) FROM trash"), 1);
}

static void test_empty(void **state)
{
	fixture *f = *state;
	store_set_origin(f->s, NULL, "cli");
	delete_ok(f, "A1");
	delete_ok(f, "P3");
	int64_t a1 = entry_of(f, "A1");
	trash_entry *entries;
	size_t count;
	assert_true(store_trash_list(f->s, f->a, f->p->id, &entries, &count, &f->d));
	assert_int_equal(count, 2);
	assert_string_equal(entries[0].code, "P3"); /* newest first */
	assert_string_equal(entries[1].code, "A1");
	assert_string_equal(entries[1].parent_code, "P1");
	assert_null(entries[1].deleted_by);

	size_t removed = 0;
	assert_true(store_trash_empty(f->s, f->p->id, &removed, &f->d));
	assert_int_equal(removed, 2);
	assert_true(store_trash_list(f->s, f->a, f->p->id, &entries, &count, &f->d));
	assert_int_equal(count, 0);
	assert_string_equal(rows_text(f, "SELECT entity, action, element_id, old_value FROM"
	                                 " change_log WHERE entity = 'trash'"),
	                    "trash|delete|∅|2 branches supprimées définitivement\n");
	assert_int_equal(store_trash_restore(f->s, f->p->id, a1, &f->d), STORE_NOT_FOUND);

	/* Nothing to empty: nothing journalled. */
	assert_true(store_trash_empty(f->s, 0, &removed, &f->d));
	assert_int_equal(removed, 0);
	assert_int_equal(query(f, "SELECT count(*) FROM change_log WHERE entity = 'trash'"), 1);
}

/* A delete refused (stale version) leaves no trash entry behind. */
static void test_refused_delete_leaves_no_entry(void **state)
{
	fixture *f = *state;
	assert_int_equal(store_element_delete(f->s, f->p, id_of(f, "P1"), 42, &f->d),
	                 STORE_CONFLICT);
	assert_int_equal(query(f, "SELECT count(*) FROM trash"), 0);
	assert_int_equal(store_element_delete(f->s, f->p, 999, 0, &f->d), STORE_NOT_FOUND);
	assert_int_equal(query(f, "SELECT count(*) FROM trash"), 0);
}

/* A deep branch (deeper than SQLite's trigger depth) comes back whole and in order. */
static void test_deep_branch(void **state)
{
	fixture *f = *state;
	for (int k = 0; k < 1200; k++)
		exec_ok(f->s->sqlite, arena_printf(f->a,
			"INSERT INTO element (plan_id, parent_id, position, code, level, title)"
			" VALUES (" PLAN ", (SELECT id FROM element WHERE code = '%s'),"
			" (SELECT max(position) + 1 FROM element), 'D%d', 'Action', 'Niveau %d')",
			k ? arena_printf(f->a, "D%d", k - 1) : "A1", k, k));
	f->p = load_ok(f, "sdn");
	const char *before = dump(f);
	delete_ok(f, "P1");
	assert_int_equal(query(f, "SELECT count(*) FROM element"), 5);
	restore_ok(f, entry_of(f, "P1"));
	assert_string_equal(dump(f), before);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, fixture_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_branch_comes_back_whole),
		T(test_links_not_overwritten),
		T(test_parent_deleted),
		T(test_code_taken),
		T(test_position_taken),
		T(test_outside_row_gone),
		T(test_restore_twice_or_unknown),
		T(test_other_plan),
		T(test_empty),
		T(test_refused_delete_leaves_no_entry),
		T(test_deep_branch),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
