/*
 * test_indicator_store.c — unit tests for indicators and measurements in the store
 * (store/indicator_store.c, migration 4).
 *
 * Each case works on its own database file in /tmp: a version-3 database brought up
 * to date (families seeded, the journal rebuilt with its rows and numbering), round
 * trips of catalogues (update, append, replace), batches of measurements with their
 * corrections and history, single measurements and their journal rows, and every
 * refusal leaving the tables exactly as they were.
 */
#include <math.h>
#include <time.h>

#include "store_fixture.h"
#include "core/indicator.h"
#include "io/indicator_csv.h"
#include "store/change_log.h"
#include "store/element_store.h"
#include "store/indicator_store.h"
#include "store/indicator_view.h"
#include "store/steering_store.h"

static const char sample_csv[] =
	"code;parent;niveau;intitule\n"
	"AX1;;Axe;Usagers\n"
	"P1;AX1;Projet;Portail\n"
	"P2;AX1;Projet;Réseau\n";

static const char *const indicator_tables[] = {"indicator", "indicator_target",
                                               "indicator_element", "measurement",
                                               "measurement_revision", "change_log"};
enum { INDICATOR_TABLE_COUNT = sizeof(indicator_tables) / sizeof(indicator_tables[0]) };

static int setup(void **state)
{
	return fixture_setup_plan(state, "indicator", sample_csv);
}

static int setup_path(void **state)
{
	*state = fixture_new("indicator");
	return 0;
}

static const char *dump(fixture *f)
{
	return dump_tables(f, indicator_tables, INDICATOR_TABLE_COUNT, "1");
}

static jalon_date day(int y, int m, int d)
{
	return (jalon_date){y, m, d};
}

/* A measured indicator of family "financier", quarterly, higher is better. */
static indicator measured(const char *code, const char *name)
{
	return (indicator){.code = code, .name = name, .family = "financier", .unit = "%",
	                   .direction = DIRECTION_UP, .frequency = FREQUENCY_QUARTERLY};
}

static void save_ok(fixture *f, indicator *items, size_t n, bool replace)
{
	if (!store_indicators_save(f->s, f->p, items, n, replace, &f->d)) {
		print_diags(&f->d);
		fail_msg("store_indicators_save failed");
	}
}

static indicator_data load(fixture *f, measurements_wanted wanted)
{
	indicator_data data;
	if (!store_indicators_load(f->s, f->a, f->p, wanted, &data, &f->d)) {
		print_diags(&f->d);
		fail_msg("store_indicators_load failed");
	}
	return data;
}

static void measurements_ok(fixture *f, const measurement *items, size_t n)
{
	if (!store_measurements_save(f->s, f->p, items, n, &f->d)) {
		print_diags(&f->d);
		fail_msg("store_measurements_save failed");
	}
}

static void assert_diag_has(fixture *f, const char *field, const char *fragment)
{
	for (size_t i = 0; i < f->d.count; i++)
		if ((!field || (f->d.items[i].file && strcmp(f->d.items[i].file, field) == 0)) &&
		    strstr(f->d.items[i].message, fragment))
			return;
	print_diags(&f->d);
	fail_msg("no diagnostic%s%s containing « %s »", field ? " on " : "", field ? field : "",
	         fragment);
}

/* Two measured indicators TXU and INC, one computed AV, saved. */
static indicator *three_indicators(fixture *f)
{
	indicator *items = arena_alloc(f->a, 3 * sizeof(*items));
	items[0] = measured("TXU", "Taux d'usage");
	items[1] = measured("INC", "Incidents");
	items[1].direction = DIRECTION_DOWN;
	items[2] = measured("AV", "Avancement");
	items[2].formula = FORMULA_PROGRESS;
	items[2].family = "suivi de projet";
	save_ok(f, items, 3, false);
	return items;
}

/* ---- migration and seeding -------------------------------------------------------- */

static void assert_default_families(const indicator_data *data)
{
	assert_int_equal(data->family_count, indicator_default_family_count);
	for (size_t i = 0; i < data->family_count; i++)
		assert_string_equal(data->families[i], indicator_default_families[i]);
}

/* A database made by a jalon that knew migrations 1 to 3, with a plan and a journal
 * whose last rows were deleted (its numbering must go on after them). */
static void test_migration_from_version_3(void **state)
{
	fixture *f = *state;
	sqlite3 *db;
	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	exec_ok(db, "CREATE TABLE schema_migration (version INTEGER PRIMARY KEY,"
	            " applied_at TEXT NOT NULL)");
	for (int v = 0; v < 3; v++)
		exec_ok(db, store_migrations[v]);
	exec_ok(db, "INSERT INTO schema_migration VALUES (1, '2025-01-01T00:00:00Z'),"
	            " (2, '2025-02-01T00:00:00Z'), (3, '2025-03-01T00:00:00Z');"
	            "INSERT INTO plan (slug, title, created_at) VALUES ('ancien', 'Ancien', '2025');"
	            "INSERT INTO element (plan_id, position, code, level, title)"
	            " VALUES (1, 0, 'A', 'Axe', 'Axe A');"
	            "INSERT INTO change_log (plan_id, at, via, element_id, element_code, entity,"
	            " entity_id, action, field, old_value, new_value) VALUES"
	            " (1, '2025-03-02T10:00:00Z', 'cli', 1, 'A', 'element', 1, 'update', 'title',"
	            "  'Axe', 'Axe A'),"
	            " (1, '2025-03-03T10:00:00Z', 'web', NULL, NULL, 'plan', 1, 'update',"
	            "  'envelope', NULL, '100'),"
	            " (1, '2025-03-04T10:00:00Z', 'api', NULL, NULL, 'risk', 9, 'delete', NULL,"
	            "  'Panne', NULL);"
	            "DELETE FROM change_log WHERE id = 3;");
	sqlite3_close(db);

	f->s = store_open(f->path, STORE_OPEN_EXISTING, &f->d);
	assert_non_null(f->s);
	assert_int_equal(store_schema_version(f->s), 7);
	assert_int_equal(store_schema_latest(), 7);
	f->p = load_ok(f, "ancien");
	indicator_data data = load(f, MEASUREMENTS_LATEST);
	assert_default_families(&data);
	assert_int_equal(data.indicator_count, 0);
	/* The journal kept its rows, its indexes and its numbering. */
	assert_string_equal(rows_text(f, "SELECT id, at, actor, via, element_id, element_code,"
	                                 " entity, entity_id, action, field, old_value, new_value"
	                                 " FROM change_log ORDER BY id"),
	                    "1|2025-03-02T10:00:00Z|∅|cli|1|A|element|1|update|title|Axe|Axe A\n"
	                    "2|2025-03-03T10:00:00Z|∅|web|∅|∅|plan|1|update|envelope|∅|100\n");
	assert_string_equal(rows_text(f, "SELECT name FROM sqlite_schema WHERE type = 'index'"
	                                 " AND tbl_name = 'change_log' ORDER BY name"),
	                    "change_log_element\nchange_log_entity\nchange_log_plan\n");
	assert_int_equal(query(f, "SELECT count(*) FROM sqlite_schema WHERE name LIKE '%_new'"), 0);
	/* New entities are accepted, others still refused. */
	indicator x = measured("TXU", "Taux d'usage");
	save_ok(f, &x, 1, false);
	assert_int_equal(query(f, "SELECT max(id) FROM change_log"), 4);
	assert_string_equal(rows_text(f, "SELECT entity, action, new_value FROM change_log"
	                                 " WHERE id = 4"),
	                    "indicator|import|1 indicateur\n");
	assert_int_not_equal(sqlite3_exec(f->s->sqlite,
		"INSERT INTO change_log (plan_id, at, via, entity, action)"
		" VALUES (1, 'x', 'cli', 'bogus', 'create')", NULL, NULL, NULL), SQLITE_OK);
	/* The old plan's element is there for an indicator to name. */
	const plan_element *a = element(f->p, "A");
	x.elements = &a;
	x.element_count = 1;
	save_ok(f, &x, 1, false);
	assert_int_equal(query(f, "SELECT count(*) FROM indicator_element"), 1);
}

static void test_new_plan_seeded(void **state)
{
	fixture *f = *state;
	indicator_data data = load(f, MEASUREMENTS_NONE);
	assert_default_families(&data);
	assert_string_equal(data.families[5], "environnement");
	import_ok(f, sample_csv, "autre");
	assert_int_equal(query(f, "SELECT count(*) FROM indicator_family"),
	                 2 * (int64_t)indicator_default_family_count);
}

/* ---- catalogues ------------------------------------------------------------------------ */

static void test_catalogue_round_trip(void **state)
{
	fixture *f = *state;
	indicator_point targets[] = {{day(2026, 6, 30), 60}, {day(2027, 6, 30), 80.25}};
	const plan_element *elements[] = {element(f->p, "P2"), element(f->p, "P1")};
	indicator items[2] = {measured("TXU", "Taux d'usage"), measured("GES", "Émissions")};
	items[0].definition = "Part des usagers actifs";
	items[0].family = "ADOPTION ET SATISFACTION"; /* stored with the list's spelling */
	items[0].source = "ENT";
	items[0].owner = "DSI";
	items[0].direction = DIRECTION_TARGET;
	items[0].frequency = FREQUENCY_HALF_YEARLY;
	items[0].has_baseline = true;
	items[0].baseline = (indicator_point){day(2025, 9, 1), 42.5};
	items[0].targets = targets;
	items[0].target_count = 2;
	items[0].tolerance = 2.5;
	items[0].elements = elements;
	items[0].element_count = 2;
	items[1].family = NULL;
	items[1].unit = "tCO2e";
	items[1].frequency = FREQUENCY_YEARLY;
	save_ok(f, items, 2, false);
	assert_true(items[0].id > 0 && items[1].id > items[0].id);
	assert_int_equal(items[0].version, 1);

	indicator_data data = load(f, MEASUREMENTS_ALL);
	assert_int_equal(data.indicator_count, 2);
	assert_int_equal(data.measurement_count, 0);
	const indicator *x = &data.indicators[0];
	assert_int_equal(x->id, items[0].id);
	assert_string_equal(x->code, "TXU");
	assert_string_equal(x->name, "Taux d'usage");
	assert_string_equal(x->definition, "Part des usagers actifs");
	assert_string_equal(x->family, "adoption et satisfaction");
	assert_string_equal(x->unit, "%");
	assert_string_equal(x->source, "ENT");
	assert_string_equal(x->owner, "DSI");
	assert_int_equal(x->direction, DIRECTION_TARGET);
	assert_int_equal(x->frequency, FREQUENCY_HALF_YEARLY);
	assert_true(x->has_baseline);
	assert_same_date(x->baseline.date, day(2025, 9, 1));
	assert_true(x->baseline.value == 42.5);
	assert_int_equal(x->target_count, 2);
	assert_same_date(x->targets[1].date, day(2027, 6, 30));
	assert_true(x->targets[1].value == 80.25);
	assert_true(x->tolerance == 2.5);
	assert_int_equal(x->element_count, 2);
	assert_ptr_equal(x->elements[0], element(f->p, "P2")); /* in the given order */
	assert_ptr_equal(x->elements[1], element(f->p, "P1"));
	assert_int_equal(x->formula, FORMULA_NONE);
	assert_int_equal(x->version, 1);
	x = &data.indicators[1];
	assert_string_equal(x->code, "GES");
	assert_null(x->family);
	assert_null(x->definition);
	assert_false(x->has_baseline);
	assert_int_equal(x->target_count, 0);
	assert_null(x->targets);
	assert_int_equal(x->element_count, 0);
	assert_string_equal(rows_text(f, "SELECT entity, action, old_value, new_value, element_id"
	                                 " FROM change_log WHERE entity <> 'plan'"),
	                    "indicator|import|∅|2 indicateurs|∅\n");
}

/* Importing again: a known code is updated in place (targets and elements replaced,
 * version bumped), a new one appended; without replace nothing else goes. */
static void test_catalogue_update_and_append(void **state)
{
	fixture *f = *state;
	indicator_point t1[] = {{day(2026, 6, 30), 60}};
	const plan_element *e1[] = {element(f->p, "P1")};
	indicator first[2] = {measured("A", "Un"), measured("B", "Deux")};
	first[0].targets = t1;
	first[0].target_count = 1;
	first[0].elements = e1;
	first[0].element_count = 1;
	save_ok(f, first, 2, false);
	int64_t id_a = first[0].id;

	indicator_point t2[] = {{day(2027, 1, 1), 10}, {day(2028, 1, 1), 20}};
	const plan_element *e2[] = {element(f->p, "AX1")};
	indicator second[2] = {measured("C", "Trois"), measured("A", "Un renommé")};
	second[1].targets = t2;
	second[1].target_count = 2;
	second[1].elements = e2;
	second[1].element_count = 1;
	second[1].formula = FORMULA_BUDGET_PAID;
	save_ok(f, second, 2, false);
	assert_int_equal(second[1].id, id_a);
	assert_int_equal(second[1].version, 2);
	assert_int_equal(second[0].version, 1);

	indicator_data data = load(f, MEASUREMENTS_NONE);
	assert_int_equal(data.indicator_count, 3);
	assert_string_equal(data.indicators[0].code, "A"); /* kept its place */
	assert_string_equal(data.indicators[0].name, "Un renommé");
	assert_int_equal(data.indicators[0].formula, FORMULA_BUDGET_PAID);
	assert_int_equal(data.indicators[0].target_count, 2);
	assert_same_date(data.indicators[0].targets[0].date, day(2027, 1, 1));
	assert_int_equal(data.indicators[0].element_count, 1);
	assert_ptr_equal(data.indicators[0].elements[0], element(f->p, "AX1"));
	assert_string_equal(data.indicators[1].code, "B");
	assert_string_equal(data.indicators[2].code, "C"); /* appended */
	assert_int_equal(query(f, "SELECT count(*) FROM indicator_target"), 2);
	assert_int_equal(query(f, "SELECT count(*) FROM indicator_element"), 1);
}

/* replace: the batch becomes the catalogue, in its order; the others go with their
 * measurements and history. */
static void test_catalogue_replace(void **state)
{
	fixture *f = *state;
	indicator *items = three_indicators(f);
	measurement m[] = {{.indicator = &items[1], .date = day(2026, 1, 31), .value = 3}};
	measurements_ok(f, m, 1);
	m[0].value = 4;
	measurements_ok(f, m, 1);
	assert_int_equal(query(f, "SELECT count(*) FROM measurement_revision"), 1);

	indicator batch[2] = {measured("NEW", "Nouveau"), measured("TXU", "Taux d'usage")};
	save_ok(f, batch, 2, true);
	indicator_data data = load(f, MEASUREMENTS_ALL);
	assert_int_equal(data.indicator_count, 2);
	assert_string_equal(data.indicators[0].code, "NEW");
	assert_string_equal(data.indicators[1].code, "TXU");
	assert_int_equal(data.indicators[1].id, items[0].id);
	assert_int_equal(query(f, "SELECT count(*) FROM measurement"), 0);
	assert_int_equal(query(f, "SELECT count(*) FROM measurement_revision"), 0);
	assert_string_equal(rows_text(f, "SELECT old_value, new_value FROM change_log"
	                                 " WHERE entity = 'indicator' ORDER BY id DESC LIMIT 1"),
	                    "2 indicateurs supprimés|2 indicateurs\n");
	/* An empty batch with replace empties the catalogue. */
	save_ok(f, NULL, 0, true);
	assert_int_equal(query(f, "SELECT count(*) FROM indicator"), 0);
	assert_string_equal(rows_text(f, "SELECT old_value, new_value FROM change_log"
	                                 " WHERE entity = 'indicator' ORDER BY id DESC LIMIT 1"),
	                    "2 indicateurs supprimés|0 indicateur\n");
}

static void test_catalogue_refusals(void **state)
{
	fixture *f = *state;
	three_indicators(f);
	plan *other_plan = import_other(f, sample_csv);
	const char *before = dump(f);

	/* A code twice, a family not in the list: nothing written, every problem said. */
	indicator twice[3] = {measured("X", "Un"), measured("X", "Deux"), measured("Y", "Trois")};
	twice[1].source_line = 3;
	twice[2].family = "santé";
	assert_false(store_indicators_save(f->s, f->p, twice, 3, true, &f->d));
	assert_diag_has(f, NULL, "indicateur « X » en double");
	assert_int_equal(twice[0].id, 0);
	assert_string_equal(dump(f), before);

	diag_init(&f->d, f->a);
	indicator unknown_family = measured("Y", "Trois");
	unknown_family.family = "santé";
	unknown_family.source_line = 7;
	indicator other = measured("Z", "Quatre");
	other.family = "climat";
	indicator pair[2] = {unknown_family, other};
	assert_false(store_indicators_save(f->s, f->p, pair, 2, false, &f->d));
	assert_diag_has(f, NULL, "« Y » : famille inconnue « santé » (familles du plan : "
	                         "suivi de projet,");
	assert_diag_has(f, NULL, "« Z » : famille inconnue « climat »");
	assert_int_equal(f->d.items[0].line, 7);
	assert_string_equal(dump(f), before);

	/* An element of another plan, bad values. */
	diag_init(&f->d, f->a);
	const plan_element *foreign[] = {element(other_plan, "P1")};
	indicator_point backwards[] = {{day(2027, 1, 1), 1}, {day(2026, 1, 1), 2}};
	indicator bad[3] = {measured("E", "Élément"), measured("T", "Cibles"),
	                    measured("V", "Valeurs")};
	bad[0].elements = foreign;
	bad[0].element_count = 1;
	bad[1].targets = backwards;
	bad[1].target_count = 2;
	bad[2].tolerance = -1;
	bad[2].has_baseline = true;
	bad[2].baseline = (indicator_point){day(2026, 2, 30), 1};
	assert_false(store_indicators_save(f->s, f->p, bad, 3, false, &f->d));
	assert_diag_has(f, NULL, "« E » : élément qui n'est pas un élément enregistré du plan");
	assert_diag_has(f, NULL, "« T » : cibles dans le désordre");
	assert_diag_has(f, NULL, "« V » : tolérance invalide");
	assert_diag_has(f, NULL, "« V » : valeur initiale ou date initiale invalide");
	assert_string_equal(dump(f), before);
}

/* The reader's output goes straight to the store. */
static void test_catalogue_from_csv(void **state)
{
	fixture *f = *state;
	indicator_data data = load(f, MEASUREMENTS_NONE);
	const char *csv = "code;nom;famille;unite;sens;frequence;valeur_initiale;date_initiale;"
	                  "cible;date_cible;elements\n"
	                  "TXU;Taux;Adoption et satisfaction;%;hausse;trimestrielle;40;2025-09-01;"
	                  "60;2026-06-30;P1|P2\n"
	                  "TXU;;;;;;;;80;2027-06-30;\n";
	indicator *items;
	size_t count;
	assert_true(indicator_csv_read_catalogue(f->a, "i.csv", csv, strlen(csv), NULL, f->p,
	                                         data.families, data.family_count, &items, &count,
	                                         &f->d));
	save_ok(f, items, count, false);
	assert_string_equal(rows_text(f, "SELECT code, family, direction, frequency,"
	                                 " baseline_value, baseline_on, tolerance, formula"
	                                 " FROM indicator"),
	                    "TXU|adoption et satisfaction|hausse|trimestrielle|40.0|2025-09-01|0.0|∅\n");
	assert_string_equal(rows_text(f, "SELECT target_on, value FROM indicator_target"
	                                 " ORDER BY target_on"),
	                    "2026-06-30|60.0\n2027-06-30|80.0\n");
	assert_string_equal(rows_text(f, "SELECT e.code FROM indicator_element x"
	                                 " JOIN element e ON e.id = x.element_id ORDER BY x.position"),
	                    "P1\nP2\n");
}

/* ---- measurements ------------------------------------------------------------------- */

static void test_measurements_latest_and_all(void **state)
{
	fixture *f = *state;
	indicator *items = three_indicators(f);
	/* Out of order on purpose; INC has one measurement, AV (computed) none. */
	measurement m[] = {
		{.indicator = &items[0], .date = day(2026, 3, 31), .value = 45, .comment = "T1"},
		{.indicator = &items[0], .date = day(2025, 12, 31), .value = 40},
		{.indicator = &items[1], .date = day(2026, 1, 31), .value = 3, .source = "SOC"},
		{.indicator = &items[0], .date = day(2026, 6, 30), .value = 38.5},
		{.indicator = &items[0], .date = day(2025, 9, 30), .value = 30},
	};
	measurements_ok(f, m, 5);
	assert_string_equal(rows_text(f, "SELECT entity, action, old_value, new_value FROM"
	                                 " change_log WHERE entity = 'measurement'"),
	                    "measurement|import|∅|5 mesures\n");

	indicator_data data = load(f, MEASUREMENTS_LATEST);
	assert_int_equal(data.indicator_count, 3);
	assert_int_equal(data.measurement_count, 3);
	/* By indicator (the plan's order), then date: TXU's two latest, INC's one. */
	assert_ptr_equal(data.measurements[0].indicator, &data.indicators[0]);
	assert_same_date(data.measurements[0].date, day(2026, 3, 31));
	assert_true(data.measurements[0].value == 45);
	assert_string_equal(data.measurements[0].comment, "T1");
	assert_same_date(data.measurements[1].date, day(2026, 6, 30));
	assert_true(data.measurements[1].value == 38.5);
	assert_ptr_equal(data.measurements[2].indicator, &data.indicators[1]);
	assert_string_equal(data.measurements[2].source, "SOC");
	assert_int_equal(data.measurements[2].version, 1);
	assert_true(data.measurements[2].id > 0);

	data = load(f, MEASUREMENTS_ALL);
	assert_int_equal(data.measurement_count, 5);
	assert_same_date(data.measurements[0].date, day(2025, 9, 30));
	assert_same_date(data.measurements[3].date, day(2026, 6, 30));
	assert_ptr_equal(data.measurements[4].indicator, &data.indicators[1]);

	data = load(f, MEASUREMENTS_NONE);
	assert_int_equal(data.measurement_count, 0);
	assert_null(data.measurements);
}

/* A measurement on an existing date corrects it; the previous value, comment and
 * source stay in its history; the same value again changes nothing. */
static void test_measurements_corrections(void **state)
{
	fixture *f = *state;
	indicator *items = three_indicators(f);
	store_set_origin(f->s, "alice", "cli");
	measurement m[] = {
		{.indicator = &items[0], .date = day(2026, 3, 31), .value = 45, .comment = "T1",
		 .source = "ENT"},
		{.indicator = &items[0], .date = day(2026, 6, 30), .value = 50},
	};
	measurements_ok(f, m, 2);
	exec_ok(f->s->sqlite, "UPDATE measurement SET entered_at = '2026-04-01T08:00:00Z'");
	store_set_origin(f->s, "bob", "web");
	measurement again[] = {
		{.indicator = &items[0], .date = day(2026, 3, 31), .value = 46.5, .comment = "rectifié"},
		{.indicator = &items[0], .date = day(2026, 6, 30), .value = 50}, /* unchanged */
		{.indicator = &items[1], .date = day(2026, 6, 30), .value = 1},  /* new */
	};
	measurements_ok(f, again, 3);
	assert_string_equal(rows_text(f, "SELECT measured_on, value, comment, source, entered_by,"
	                                 " version FROM measurement ORDER BY indicator_id, measured_on"),
	                    "2026-03-31|46.5|rectifié|∅|bob|2\n"
	                    "2026-06-30|50.0|∅|∅|alice|1\n"
	                    "2026-06-30|1.0|∅|∅|bob|1\n");
	assert_string_equal(rows_text(f, "SELECT value, comment, source, changed_by, changed_at"
	                                 " FROM measurement_revision"),
	                    "45.0|T1|ENT|alice|2026-04-01T08:00:00Z\n");
	assert_string_equal(rows_text(f, "SELECT actor, via, old_value, new_value FROM change_log"
	                                 " WHERE entity = 'measurement' ORDER BY id"),
	                    "alice|cli|∅|2 mesures\n"
	                    "bob|web|1 mesure corrigée|3 mesures\n");
	/* The same file again: nothing corrected, no history. */
	measurements_ok(f, again, 3);
	assert_int_equal(query(f, "SELECT count(*) FROM measurement_revision"), 1);
	assert_int_equal(query(f, "SELECT max(version) FROM measurement"), 2);

	/* The indicator's page: its measurements and their history, newest first. */
	again[0].value = 47;
	measurements_ok(f, again, 1);
	indicator *x;
	measurement *all;
	measurement_revision *revisions;
	size_t count, revision_count;
	assert_int_equal(store_indicator_load(f->s, f->a, f->p, "TXU", &x, &all, &count, &revisions,
	                                      &revision_count, &f->d), STORE_OK);
	assert_string_equal(x->code, "TXU");
	assert_int_equal(count, 2);
	assert_ptr_equal(all[0].indicator, x);
	assert_true(all[0].value == 47);
	assert_int_equal(all[0].version, 3);
	assert_int_equal(revision_count, 2);
	assert_ptr_equal(revisions[0].measurement, &all[0]);
	assert_true(revisions[0].value == 46.5);
	assert_string_equal(revisions[0].comment, "rectifié");
	assert_string_equal(revisions[0].changed_by, "bob");
	assert_true(revisions[1].value == 45);
	assert_string_equal(revisions[1].source, "ENT");
	assert_string_equal(revisions[1].changed_at, "2026-04-01T08:00:00Z");
	assert_int_equal(store_indicator_load(f->s, f->a, f->p, "txu", &x, &all, &count,
	                                      &revisions, &revision_count, &f->d),
	                 STORE_NOT_FOUND);
	assert_diag_has(f, NULL, "aucun indicateur « txu » dans le plan « sdn »");
}

static void test_measurements_refusals(void **state)
{
	fixture *f = *state;
	indicator *items = three_indicators(f);
	measurement ok[] = {{.indicator = &items[0], .date = day(2026, 3, 31), .value = 1}};
	measurements_ok(f, ok, 1);
	const char *before = dump(f);

	indicator stale = items[1];
	stale.id = 99999;
	measurement bad[] = {
		{.indicator = &items[0], .date = day(2026, 6, 30), .value = 2, .source_line = 2},
		{.indicator = &items[2], .date = day(2026, 6, 30), .value = 50, .source_line = 3},
		{.indicator = &stale, .date = day(2026, 6, 30), .value = 1, .source_line = 4},
		{.indicator = &items[0], .date = day(2026, 2, 30), .value = 1, .source_line = 5},
		{.indicator = &items[0], .date = DATE_NONE, .value = 1, .source_line = 6},
		{.indicator = &items[0], .date = day(2026, 9, 30), .value = NAN, .source_line = 7},
		{.indicator = NULL, .date = day(2026, 9, 30), .value = 1, .source_line = 8},
	};
	assert_false(store_measurements_save(f->s, f->p, bad, 7, &f->d));
	assert_diag_has(f, NULL, "l'indicateur « AV » est calculé par jalon");
	assert_diag_has(f, NULL, "l'indicateur « INC » n'est plus dans le plan");
	assert_diag_has(f, NULL, "« TXU » : mesure sans date valide");
	assert_diag_has(f, NULL, "« TXU » : valeur de mesure invalide");
	assert_diag_has(f, NULL, "mesure sans indicateur enregistré du plan");
	assert_string_equal(dump(f), before);

	/* An indicator of another plan. */
	plan *other = import_other(f, sample_csv);
	diag_init(&f->d, f->a);
	indicator foreign = measured("TXU", "Ailleurs");
	assert_true(store_indicators_save(f->s, other, &foreign, 1, false, &f->d));
	before = dump(f);
	measurement elsewhere[] = {{.indicator = &foreign, .date = day(2026, 6, 30), .value = 1}};
	assert_false(store_measurements_save(f->s, f->p, elsewhere, 1, &f->d));
	assert_diag_has(f, NULL, "n'est plus dans le plan");
	assert_string_equal(dump(f), before);
}

/* ---- one measurement -------------------------------------------------------------------- */

static void test_measurement_put(void **state)
{
	fixture *f = *state;
	indicator *items = three_indicators(f);
	store_set_origin(f->s, "alice", "api");
	measurement m = {.indicator = &items[0], .date = day(2026, 3, 31), .value = 45,
	                 .comment = "T1"};
	assert_int_equal(store_measurement_put(f->s, f->p, &m, &f->d), STORE_OK);
	assert_true(m.id > 0);
	assert_int_equal(m.version, 1);
	int64_t id = m.id;
	/* A correction on the same date: same measurement, new version, history kept. */
	measurement fix = {.indicator = &items[0], .date = day(2026, 3, 31), .value = 45.25,
	                   .comment = "T1", .source = "ENT"};
	assert_int_equal(store_measurement_put(f->s, f->p, &fix, &f->d), STORE_OK);
	assert_int_equal(fix.id, id);
	assert_int_equal(fix.version, 2);
	/* The same values again: nothing changes. */
	assert_int_equal(store_measurement_put(f->s, f->p, &fix, &f->d), STORE_OK);
	assert_int_equal(fix.version, 2);
	assert_string_equal(rows_text(f, "SELECT value, comment, source, changed_by"
	                                 " FROM measurement_revision"),
	                    "45.0|T1|∅|alice\n");
	char *expected = arena_printf(f->a,
		"alice|api|%lld|create|∅|∅|TXU 2026-03-31 : 45\n"
		"alice|api|%lld|update|value|45|45.25\n"
		"alice|api|%lld|update|source|∅|ENT\n",
		(long long)id, (long long)id, (long long)id);
	assert_string_equal(rows_text(f, "SELECT actor, via, entity_id, action, field, old_value,"
	                                 " new_value FROM change_log WHERE entity = 'measurement'"
	                                 " ORDER BY id"),
	                    expected);
}

static void test_measurement_put_refusals(void **state)
{
	fixture *f = *state;
	indicator *items = three_indicators(f);
	const char *before = dump(f);
	measurement m = {.indicator = NULL, .date = day(2026, 2, 30), .value = INFINITY};
	assert_int_equal(store_measurement_put(f->s, f->p, &m, &f->d), STORE_INVALID);
	assert_diag_has(f, "indicator", "indicateur de la mesure manquant");
	assert_diag_has(f, "date", "date invalide 2026-02-30");
	assert_diag_has(f, "value", "valeur invalide");
	m = (measurement){.indicator = &items[0], .value = 1};
	diag_init(&f->d, f->a);
	assert_int_equal(store_measurement_put(f->s, f->p, &m, &f->d), STORE_INVALID);
	assert_diag_has(f, "date", "date de la mesure manquante");
	m = (measurement){.indicator = &items[0], .date = day(2026, 1, 1), .value = 2e15};
	assert_int_equal(store_measurement_put(f->s, f->p, &m, &f->d), STORE_INVALID);
	m = (measurement){.indicator = &items[2], .date = day(2026, 1, 1), .value = 1};
	diag_init(&f->d, f->a);
	assert_int_equal(store_measurement_put(f->s, f->p, &m, &f->d), STORE_INVALID);
	assert_diag_has(f, "indicator", "l'indicateur « AV » est calculé par jalon");
	indicator stale = items[0];
	stale.id = 424242;
	m = (measurement){.indicator = &stale, .date = day(2026, 1, 1), .value = 1};
	diag_init(&f->d, f->a);
	assert_int_equal(store_measurement_put(f->s, f->p, &m, &f->d), STORE_INVALID);
	assert_diag_has(f, "indicator", "aucun indicateur n° 424242 dans ce plan");
	assert_int_equal(m.id, 0);
	assert_string_equal(dump(f), before);
}

static void test_measurement_delete(void **state)
{
	fixture *f = *state;
	indicator *items = three_indicators(f);
	measurement m = {.indicator = &items[1], .date = day(2026, 1, 31), .value = 3};
	assert_int_equal(store_measurement_put(f->s, f->p, &m, &f->d), STORE_OK);
	m.value = 4;
	assert_int_equal(store_measurement_put(f->s, f->p, &m, &f->d), STORE_OK);
	assert_int_equal(m.version, 2);
	plan *other = import_other(f, sample_csv);
	const char *before = dump(f);
	assert_int_equal(store_measurement_delete(f->s, f->p, m.id, 1, &f->d), STORE_CONFLICT);
	assert_diag_has(f, NULL, "cette mesure a été modifiée entre-temps");
	assert_int_equal(store_measurement_delete(f->s, f->p, m.id + 100, 0, &f->d),
	                 STORE_NOT_FOUND);
	assert_diag_has(f, NULL, "aucune mesure n°");
	assert_int_equal(store_measurement_delete(f->s, other, m.id, 0, &f->d), STORE_NOT_FOUND);
	assert_string_equal(dump(f), before);

	assert_int_equal(store_measurement_delete(f->s, f->p, m.id, 2, &f->d), STORE_OK);
	assert_int_equal(query(f, "SELECT count(*) FROM measurement"), 0);
	assert_int_equal(query(f, "SELECT count(*) FROM measurement_revision"), 0);
	assert_string_equal(rows_text(f, "SELECT action, old_value, new_value FROM change_log"
	                                 " WHERE entity = 'measurement' ORDER BY id DESC LIMIT 1"),
	                    "delete|INC 2026-01-31 : 4|∅\n");
}

/* Deleting an element drops it from the indicators that measured it. */
static void test_element_delete_cascades(void **state)
{
	fixture *f = *state;
	const plan_element *e[] = {element(f->p, "P1"), element(f->p, "P2")};
	indicator x = measured("TXU", "Taux");
	x.elements = e;
	x.element_count = 2;
	save_ok(f, &x, 1, false);
	assert_int_equal(store_element_delete(f->s, f->p, element(f->p, "P2")->id, 0, &f->d),
	                 STORE_OK);
	assert_int_equal(query(f, "SELECT count(*) FROM indicator_element"), 1);
	assert_int_equal(query(f, "SELECT count(*) FROM indicator"), 1);
}

/* ---- one indicator's definition -------------------------------------------------------- */

static void test_indicator_put(void **state)
{
	fixture *f = *state;
	three_indicators(f);
	store_set_origin(f->s, "alice", "web");
	const plan_element *e[] = {element(f->p, "P1")};
	indicator_point targets[] = {{day(2026, 12, 31), 60}, {day(2027, 12, 31), 80}};
	indicator x = measured("SAT", "Satisfaction");
	x.family = "ADOPTION et satisfaction"; /* spelled as the list does once saved */
	x.targets = targets;
	x.target_count = 2;
	x.elements = e;
	x.element_count = 1;
	x.has_baseline = true;
	x.baseline = (indicator_point){day(2025, 1, 1), 40};
	assert_int_equal(store_indicator_put(f->s, f->p, &x, 0, &f->d), STORE_OK);
	assert_true(x.id > 0);
	assert_int_equal(x.version, 1);
	indicator_data data = load(f, MEASUREMENTS_NONE);
	assert_int_equal(data.indicator_count, 4);
	const indicator *got = &data.indicators[3]; /* last in the plan's order */
	assert_string_equal(got->code, "SAT");
	assert_string_equal(got->family, "adoption et satisfaction");
	assert_int_equal(got->target_count, 2);
	assert_int_equal(got->element_count, 1);
	assert_true(got->has_baseline);

	/* An update: renamed, one target fewer, the whole plan; journalled field by field. */
	indicator y = x;
	y.code = "SAT2";
	y.target_count = 1;
	y.element_count = 0;
	y.tolerance = 2.5;
	assert_int_equal(store_indicator_put(f->s, f->p, &y, 1, &f->d), STORE_OK);
	assert_int_equal(y.id, x.id);
	assert_int_equal(y.version, 2);
	char *expected = arena_printf(f->a,
		"alice|web|%lld|create|∅|∅|SAT — Satisfaction\n"
		"alice|web|%lld|update|code|SAT|SAT2\n"
		"alice|web|%lld|update|tolerance|0|2.5\n"
		"alice|web|%lld|update|targets|2026-12-31 : 60; 2027-12-31 : 80|2026-12-31 : 60\n"
		"alice|web|%lld|update|elements|P1|∅\n",
		(long long)x.id, (long long)x.id, (long long)x.id, (long long)x.id, (long long)x.id);
	assert_string_equal(rows_text(f, "SELECT actor, via, entity_id, action, field, old_value,"
	                                 " new_value FROM change_log WHERE entity = 'indicator'"
	                                 " AND action != 'import' ORDER BY id"),
	                    expected);
	assert_int_equal(query(f, "SELECT count(*) FROM indicator_target"), 1);
	assert_int_equal(query(f, "SELECT count(*) FROM indicator_element"), 0);
}

static void test_indicator_put_refusals(void **state)
{
	fixture *f = *state;
	indicator *items = three_indicators(f);
	plan *other_plan = import_other(f, sample_csv);
	const char *before = dump(f);

	/* The catalogue's checks, each diag naming its field. */
	const plan_element *foreign[] = {element(other_plan, "P1")};
	indicator_point twice[] = {{day(2026, 1, 1), 1}, {day(2026, 1, 1), 2}};
	indicator bad = measured("", NULL);
	bad.elements = foreign;
	bad.element_count = 1;
	bad.targets = twice;
	bad.target_count = 2;
	bad.tolerance = -1;
	bad.has_baseline = true;
	bad.baseline = (indicator_point){day(2026, 2, 30), 1};
	bad.direction = DIRECTION_COUNT;
	assert_int_equal(store_indicator_put(f->s, f->p, &bad, 0, &f->d), STORE_INVALID);
	assert_diag_has(f, "code", "indicateur sans code");
	assert_diag_has(f, "name", "indicateur sans nom");
	assert_diag_has(f, "direction", "sens, fréquence ou formule invalide");
	assert_diag_has(f, "tolerance", "tolérance invalide");
	assert_diag_has(f, "baseline", "valeur initiale ou date initiale invalide");
	assert_diag_has(f, "targets", "deux cibles à la même date");
	assert_diag_has(f, "elements", "élément qui n'est pas un élément enregistré du plan");
	assert_int_equal(bad.id, 0);

	/* A family not in the list, a code already taken. */
	diag_init(&f->d, f->a);
	indicator x = measured("INC", "Incidents bis");
	assert_int_equal(store_indicator_put(f->s, f->p, &x, 0, &f->d), STORE_INVALID);
	assert_diag_has(f, "code", "le code « INC » est déjà celui d'un autre indicateur");
	diag_init(&f->d, f->a);
	x = measured("NEW", "Nouveau");
	x.family = "santé";
	assert_int_equal(store_indicator_put(f->s, f->p, &x, 0, &f->d), STORE_INVALID);
	assert_diag_has(f, "family", "famille inconnue « santé »");

	/* A stale version, an unknown id, another plan's indicator. */
	diag_init(&f->d, f->a);
	indicator stale = items[0];
	stale.name = "Autre nom";
	assert_int_equal(store_indicator_put(f->s, f->p, &stale, 7, &f->d), STORE_CONFLICT);
	assert_diag_has(f, NULL, "modifié entre-temps");
	stale.id = 424242;
	assert_int_equal(store_indicator_put(f->s, f->p, &stale, 0, &f->d), STORE_NOT_FOUND);
	stale.id = items[0].id;
	assert_int_equal(store_indicator_put(f->s, other_plan, &stale, 0, &f->d), STORE_NOT_FOUND);
	assert_string_equal(dump(f), before);
}

static void test_indicator_delete(void **state)
{
	fixture *f = *state;
	indicator *items = three_indicators(f);
	measurement m[] = {{.indicator = &items[1], .date = day(2026, 1, 31), .value = 3},
	                   {.indicator = &items[1], .date = day(2026, 2, 28), .value = 4}};
	measurements_ok(f, m, 2);
	measurement fix = {.indicator = &items[1], .date = day(2026, 2, 28), .value = 5};
	assert_int_equal(store_measurement_put(f->s, f->p, &fix, &f->d), STORE_OK);
	plan *other = import_other(f, sample_csv);
	const char *before = dump(f);
	assert_int_equal(store_indicator_delete(f->s, f->p, items[1].id, 9, &f->d), STORE_CONFLICT);
	assert_int_equal(store_indicator_delete(f->s, f->p, 424242, 0, &f->d), STORE_NOT_FOUND);
	assert_int_equal(store_indicator_delete(f->s, other, items[1].id, 0, &f->d),
	                 STORE_NOT_FOUND);
	assert_string_equal(dump(f), before);

	assert_int_equal(store_indicator_delete(f->s, f->p, items[1].id, items[1].version, &f->d),
	                 STORE_OK);
	assert_int_equal(query(f, "SELECT count(*) FROM indicator"), 2);
	assert_int_equal(query(f, "SELECT count(*) FROM measurement"), 0);
	assert_int_equal(query(f, "SELECT count(*) FROM measurement_revision"), 0);
	assert_string_equal(rows_text(f, "SELECT action, old_value, new_value FROM change_log"
	                                 " WHERE entity = 'indicator' ORDER BY id DESC LIMIT 1"),
	                    "delete|INC — Incidents (2 mesures)|∅\n");
}

/* ---- speed ---------------------------------------------------------------------------- */

/* Wall-clock and processor seconds since t0 (the machine may be busy with other work:
 * the processor time is what this code costs). */
typedef struct {
	struct timespec wall, cpu;
} stopwatch;

static void stopwatch_start(stopwatch *w)
{
	clock_gettime(CLOCK_MONOTONIC, &w->wall);
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &w->cpu);
}

static double elapsed(const struct timespec *t0, clockid_t clock)
{
	struct timespec t1;
	clock_gettime(clock, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

/* Issue 5's file: 100,000 measurements of 500 indicators in one save, then 100,000
 * corrections of them, then the board reading the two latest of each. */
static void test_measurements_speed(void **state)
{
	fixture *f = *state;
	enum { INDICATORS = 500, ROWS = 100000 };
	indicator *items = arena_alloc(f->a, INDICATORS * sizeof(*items));
	for (int i = 0; i < INDICATORS; i++)
		items[i] = measured(arena_printf(f->a, "I%03d", i), "Indicateur");
	save_ok(f, items, INDICATORS, false);
	measurement *m = arena_alloc(f->a, ROWS * sizeof(*m));
	for (int r = 0; r < ROWS; r++) {
		jalon_date d = date_from_days(date_to_days(day(2000, 1, 1)) + r / INDICATORS);
		m[r] = (measurement){.indicator = &items[r % INDICATORS], .date = d,
		                     .value = r * 0.5, .comment = r % 10 ? NULL : "contrôle"};
	}
	stopwatch w;
	stopwatch_start(&w);
	measurements_ok(f, m, ROWS);
	double insert = elapsed(&w.wall, CLOCK_MONOTONIC);
	double insert_cpu = elapsed(&w.cpu, CLOCK_PROCESS_CPUTIME_ID);
	for (int r = 0; r < ROWS; r++)
		m[r].value += 1;
	stopwatch_start(&w);
	measurements_ok(f, m, ROWS);
	double correct = elapsed(&w.wall, CLOCK_MONOTONIC);
	double correct_cpu = elapsed(&w.cpu, CLOCK_PROCESS_CPUTIME_ID);
	stopwatch_start(&w);
	indicator_data data = load(f, MEASUREMENTS_LATEST);
	double board = elapsed(&w.wall, CLOCK_MONOTONIC);
	print_message("# 100,000 measurements saved in %.0f ms (processor %.0f ms), corrected in"
	              " %.0f ms (processor %.0f ms); board of 500 indicators read in %.1f ms\n",
	              insert * 1000, insert_cpu * 1000, correct * 1000, correct_cpu * 1000,
	              board * 1000);
	assert_int_equal(query(f, "SELECT count(*) FROM measurement"), ROWS);
	assert_int_equal(query(f, "SELECT count(*) FROM measurement_revision"), ROWS);
	assert_int_equal(data.measurement_count, 2 * INDICATORS);
	assert_same_date(data.measurements[1].date, date_from_days(date_to_days(day(2000, 1, 1)) +
	                                                          ROWS / INDICATORS - 1));
	/* Generous bounds on the processor time: sanitizer builds run this too. */
	assert_true(insert_cpu < 3.0);
	assert_true(correct_cpu < 5.0);
}

/* ---- computed indicators' recorded values ------------------------------------------- */

/* Recording is idempotent (a period keeps its first value), loading gives the computed
 * indicators' values by indicator then date, and deleting an indicator drops them. */
static void test_computed_values(void **state)
{
	fixture *f = *state;
	indicator x[] = {measured("TXU", "Taux"), measured("JAL", "Jalons"),
	                 measured("DEL", "Délais")};
	x[1].formula = FORMULA_MILESTONES_DONE;
	x[2].formula = FORMULA_ON_TIME;
	save_ok(f, x, 3, false);
	indicator_data data = load(f, MEASUREMENTS_NONE);
	int64_t txu = data.indicators[0].id, jal = data.indicators[1].id,
	        del = data.indicators[2].id;

	computed_value *v;
	size_t n = 99;
	assert_true(store_computed_values_load(f->s, f->a, f->p, &v, &n, &f->d));
	assert_int_equal(n, 0);
	assert_true(store_computed_values_record(f->s, NULL, 0, &f->d));

	computed_value batch[] = {{del, day(2025, 6, 30), 75}, {jal, day(2025, 9, 30), 50},
	                          {jal, day(2025, 6, 30), 25}, {txu, day(2025, 6, 30), 1}};
	/* The measured indicator's row is stored but not loaded. */
	assert_true(store_computed_values_record(f->s, batch, 4, &f->d));
	assert_int_equal(query(f, "SELECT count(*) FROM computed_value"), 4);
	assert_int_equal(query(f, "SELECT count(*) FROM computed_value WHERE recorded_at"
	                          " GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T*Z'"), 4);
	/* Again, with other values: nothing changes. */
	computed_value again[] = {{jal, day(2025, 6, 30), 99}, {del, day(2025, 6, 30), 99}};
	assert_true(store_computed_values_record(f->s, again, 2, &f->d));
	assert_int_equal(query(f, "SELECT count(*) FROM computed_value"), 4);
	assert_int_equal(query(f, "SELECT count(*) FROM computed_value WHERE value = 99"), 0);

	assert_true(store_computed_values_load(f->s, f->a, f->p, &v, &n, &f->d));
	assert_int_equal(n, 3);
	int64_t first = jal < del ? jal : del, second = jal < del ? del : jal;
	assert_int_equal(v[0].indicator_id, first);
	assert_int_equal(v[n - 1].indicator_id, second);
	for (size_t i = 0; i < n; i++)
		if (v[i].indicator_id == jal) {
			bool june = date_compare(v[i].period_end, day(2025, 6, 30)) == 0;
			assert_true(june || date_compare(v[i].period_end, day(2025, 9, 30)) == 0);
			assert_true(v[i].value == (june ? 25 : 50));
			if (i + 1 < n && v[i + 1].indicator_id == jal)
				assert_true(date_compare(v[i].period_end, v[i + 1].period_end) < 0);
		} else {
			assert_int_equal(v[i].indicator_id, del);
			assert_true(v[i].value == 75);
		}

	/* An unknown indicator is refused, and the batch with it writes nothing. */
	computed_value bad[] = {{jal, day(2025, 12, 31), 60}, {999999, day(2025, 12, 31), 1}};
	assert_false(store_computed_values_record(f->s, bad, 2, &f->d));
	assert_int_equal(query(f, "SELECT count(*) FROM computed_value"), 4);
	diag_init(&f->d, f->a);

	assert_int_equal(store_indicator_delete(f->s, f->p, jal, 0, &f->d), STORE_OK);
	assert_int_equal(query(f, "SELECT count(*) FROM computed_value"), 2);
}

/* The value at the last committee (indicator_view.h): the latest meeting held on or
 * before today of a governance or steering instance — of any instance when none of those
 * has met — and each indicator's value then: a measured one's latest measurement on or
 * before that day, a computed one's latest series point. */
static void test_value_at_last_committee(void **state)
{
	fixture *f = *state;
	indicator x[] = {measured("TXU", "Taux"), measured("PRG", "Avancement")};
	x[1].formula = FORMULA_PROGRESS;
	x[1].unit = NULL;
	save_ok(f, x, 2, false);
	indicator_data data = load(f, MEASUREMENTS_NONE);
	measurement ms[] = {
		{.indicator = &data.indicators[0], .date = day(2025, 1, 31), .value = 10},
		{.indicator = &data.indicators[0], .date = day(2025, 3, 31), .value = 30},
		{.indicator = &data.indicators[0], .date = day(2025, 5, 31), .value = 50},
	};
	measurements_ok(f, ms, 3);
	/* P1's progress: 40 on 15/02, 70 on 15/04 (the journal's dates, backdated). */
	const plan_element *p1 = element(f->p, "P1");
	element_status st = {.element = p1, .has_progress = true, .progress_pct = 40};
	assert_true(store_element_status_set(f->s, f->p, &st, DATE_NONE, NULL, &f->d));
	st.progress_pct = 70;
	assert_true(store_element_status_set(f->s, f->p, &st, DATE_NONE, NULL, &f->d));
	exec_ok(f->s->sqlite, "UPDATE change_log SET at = CASE new_value WHEN '40'"
	                      " THEN '2025-02-15T09:00:00Z' ELSE '2025-04-15T09:00:00Z' END"
	                      " WHERE field = 'progress'");

	jalon_date today = day(2025, 6, 15);
	data = load(f, MEASUREMENTS_LATEST);
	indicator_row rows[2];
	assert_true(indicator_view_evaluate(f->s, f->a, f->p, data.indicators, 2,
	                                    data.measurements, data.measurement_count, today,
	                                    rows, &f->d));
	assert_false(rows[0].has_committee); /* no meeting yet */
	assert_false(rows[1].has_committee_value);
	/* PRG's series from the journal: 40 at the end of March, today 70. */
	assert_int_equal(rows[1].series_count, 2);
	assert_true(rows[1].series[0].value == 40 && rows[1].series[1].value == 70);

	char sql[800];
	snprintf(sql, sizeof(sql),
	         "INSERT INTO instance (plan_id, kind, name, position) VALUES"
	         " (%lld, 'pilotage', 'COPIL', 0), (%lld, 'transverse', 'GT usages', 1);"
	         "INSERT INTO meeting (instance_id, held_on, status) VALUES"
	         " ((SELECT id FROM instance WHERE name = 'COPIL'), '2025-03-31', 'tenue'),"
	         " ((SELECT id FROM instance WHERE name = 'GT usages'), '2025-04-20', 'cr-approuve'),"
	         " ((SELECT id FROM instance WHERE name = 'COPIL'), '2025-06-20', 'tenue'),"
	         " ((SELECT id FROM instance WHERE name = 'COPIL'), '2025-05-10', 'prevue');",
	         (long long)f->p->id, (long long)f->p->id);
	exec_ok(f->s->sqlite, sql);
	assert_true(indicator_view_evaluate(f->s, f->a, f->p, data.indicators, 2,
	                                    data.measurements, data.measurement_count, today,
	                                    rows, &f->d));
	/* The COPIL of 31/03 (the GT met later, but is not a steering instance; the COPIL
	 * of 10/05 was not held; that of 20/06 is after today). */
	for (int i = 0; i < 2; i++) {
		assert_true(rows[i].has_committee);
		assert_int_equal(date_compare(rows[i].committee_date, day(2025, 3, 31)), 0);
		assert_string_equal(rows[i].committee_name, "COPIL");
		assert_true(rows[i].has_committee_value);
	}
	assert_true(rows[0].committee_value.value == 30); /* measured that very day */
	assert_true(rows[1].committee_value.value == 40);

	/* Without a steering meeting held, the GT's of 20/04: TXU's value of 31/03 still,
	 * PRG's latest point by then (31/03). */
	exec_ok(f->s->sqlite, "UPDATE meeting SET status = 'annulee' WHERE held_on = '2025-03-31'");
	assert_true(indicator_view_evaluate(f->s, f->a, f->p, data.indicators, 2,
	                                    data.measurements, data.measurement_count, today,
	                                    rows, &f->d));
	assert_int_equal(date_compare(rows[0].committee_date, day(2025, 4, 20)), 0);
	assert_string_equal(rows[0].committee_name, "GT usages");
	assert_true(rows[0].committee_value.value == 30);
	assert_true(rows[1].committee_value.value == 40);

	/* A committee before any measurement: a meeting, no value (TXU's; PRG's series,
	 * evaluated on a day before its journal, is today's value alone). */
	exec_ok(f->s->sqlite, "UPDATE meeting SET held_on = '2025-01-10', status = 'tenue'"
	                      " WHERE held_on = '2025-03-31'");
	assert_true(indicator_view_evaluate(f->s, f->a, f->p, data.indicators, 2,
	                                    data.measurements, data.measurement_count,
	                                    day(2025, 1, 20), rows, &f->d));
	assert_true(rows[0].has_committee);
	assert_int_equal(date_compare(rows[0].committee_date, day(2025, 1, 10)), 0);
	assert_false(rows[0].has_committee_value);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, fixture_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_migration_from_version_3, setup_path,
		                                fixture_teardown),
		T(test_new_plan_seeded),
		T(test_catalogue_round_trip),
		T(test_catalogue_update_and_append),
		T(test_catalogue_replace),
		T(test_catalogue_refusals),
		T(test_catalogue_from_csv),
		T(test_measurements_latest_and_all),
		T(test_measurements_corrections),
		T(test_measurements_refusals),
		T(test_measurement_put),
		T(test_measurement_put_refusals),
		T(test_measurement_delete),
		T(test_element_delete_cascades),
		T(test_indicator_put),
		T(test_indicator_put_refusals),
		T(test_indicator_delete),
		T(test_measurements_speed),
		T(test_computed_values),
		T(test_value_at_last_committee),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
