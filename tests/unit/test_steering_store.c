/*
 * test_steering_store.c — unit tests for steering data in the store
 * (store/steering_store.c, migrations 2 and 3).
 *
 * Each case works on its own database file in /tmp: a version-1 database brought up
 * to date, then round trips of every steering table, replace against append, the
 * immutability of baselines and the cascades when an element is deleted.
 */
#include "store_fixture.h"
#include "store/element_store.h"

static const char sample_csv[] =
	"code;parent;niveau;intitule\n"
	"AX1;;Axe;Usagers\n"
	"P1;AX1;Projet;Portail\n"
	"P2;AX1;Projet;Réseau\n";

static int setup(void **state)
{
	return fixture_setup_plan(state, "steering", sample_csv);
}

/* A fresh path and no database, for a case that makes its own. */
static int setup_path(void **state)
{
	*state = fixture_new("steering");
	return 0;
}

/* ---- migration and seeding -------------------------------------------------------- */

static void assert_default_lists(const steering_data *data)
{
	assert_int_equal(data->funding_source_count, 9);
	assert_string_equal(data->funding_sources[0], "ressources propres");
	assert_string_equal(data->funding_sources[1], "État");
	assert_string_equal(data->funding_sources[7], "Caisse des Dépôts");
	assert_string_equal(data->funding_sources[8], "autre");
	assert_int_equal(data->phase_count, 6);
	assert_string_equal(data->phases[0], "besoin");
	assert_string_equal(data->phases[4], "vérification de service régulier");
	assert_string_equal(data->phases[5], "clos");
	assert_int_equal(data->criterion_count, store_default_criterion_count);
	assert_int_equal(data->criterion_count, 6);
	for (size_t i = 0; i < data->criterion_count; i++)
		assert_string_equal(data->criteria[i], store_default_criteria[i]);
	assert_string_equal(data->criteria[3], "complexité de mise en œuvre");
}

/* A database made by a jalon that knew only migration 1, holding one plan. */
static void test_migration_from_version_1(void **state)
{
	fixture *f = *state;
	sqlite3 *db;
	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	exec_ok(db, "CREATE TABLE schema_migration (version INTEGER PRIMARY KEY,"
	            " applied_at TEXT NOT NULL)");
	exec_ok(db, store_migrations[0]);
	exec_ok(db, "INSERT INTO schema_migration VALUES (1, '2025-01-01T00:00:00Z');"
	            "INSERT INTO plan (slug, title, created_at) VALUES ('ancien', 'Ancien', '2025');"
	            "INSERT INTO element (plan_id, position, code, level, title)"
	            " VALUES (1, 0, 'A', 'Axe', 'Axe A');");
	sqlite3_close(db);

	f->s = store_open(f->path, STORE_OPEN_EXISTING, &f->d);
	assert_non_null(f->s);
	assert_int_equal(store_schema_version(f->s), store_schema_latest());
	assert_true(store_schema_latest() >= 3);
	plan *p = load_ok(f, "ancien");
	steering_data data = load_steering(f, p);
	assert_default_lists(&data);
	assert_false(data.has_envelope);
	assert_int_equal(data.status_count + data.milestone_count + data.line_count, 0);
	/* The old plan's data is intact and new rows go in. */
	assert_int_equal(p->element_count, 1);
	budget_line l = {.element = element(p, "A"), .year = 2026, .nature = NATURE_OPERATING,
	                 .source = "FEDER", .planned_cents = 100};
	assert_true(store_budget_lines_save(f->s, p, &l, 1, false, &f->d));
}

static void test_new_plan_seeded(void **state)
{
	fixture *f = *state;
	steering_data data = load_steering(f, f->p);
	assert_default_lists(&data);
	/* Each plan has its own lists. */
	assert_int_equal(query(f, "SELECT count(*) FROM funding_source"), 9);
	assert_int_equal(query(f, "SELECT count(*) FROM plan_phase"), 6);
	assert_int_equal(query(f, "SELECT count(*) FROM qualification_criterion"), 6);
}

/* ---- round trips ---------------------------------------------------------------------- */

static void test_budget_lines_round_trip(void **state)
{
	fixture *f = *state;
	budget_line lines[] = {
		{.element = element(f->p, "P1"), .year = 2026, .nature = NATURE_INVESTMENT,
		 .source = "État", .planned_cents = 123456789, .committed_cents = 5,
		 .paid_cents = 0},
		{.element = element(f->p, "P2"), .year = 2027, .nature = NATURE_OPERATING,
		 .source = "Région", .planned_cents = 0, .committed_cents = 700,
		 .paid_cents = 900},
	};
	assert_true(store_budget_lines_save(f->s, f->p, lines, 2, false, &f->d));
	steering_data data = load_steering(f, f->p);
	assert_int_equal(data.line_count, 2);
	const budget_line *l = &data.lines[0];
	assert_ptr_equal(l->element, element(f->p, "P1"));
	assert_int_equal(l->year, 2026);
	assert_int_equal(l->nature, NATURE_INVESTMENT);
	assert_string_equal(l->source, "État");
	assert_int_equal(l->planned_cents, 123456789);
	assert_int_equal(l->committed_cents, 5);
	assert_int_equal(l->paid_cents, 0);
	l = &data.lines[1];
	assert_ptr_equal(l->element, element(f->p, "P2"));
	assert_int_equal(l->nature, NATURE_OPERATING);
	assert_string_equal(l->source, "Région");
	assert_int_equal(l->paid_cents, 900);
	assert_true(l->id > 0);
}

static void test_milestones_round_trip(void **state)
{
	fixture *f = *state;
	milestone m[] = {
		{.element = element(f->p, "P1"), .title = "Recette", .planned = {2026, 3, 1},
		 .forecast = {2026, 4, 15}, .status = MILESTONE_PLANNED, .deliverable = "PV",
		 .validated_by = "COPIL", .validated_on = {2026, 2, 1}, .minutes_ref = "PV-12"},
		{.element = element(f->p, "P1"), .title = "Mise en production",
		 .planned = {2026, 6, 1}, .actual = {2026, 6, 3}, .status = MILESTONE_DONE},
	};
	assert_true(store_milestones_save(f->s, f->p, m, 2, false, &f->d));
	steering_data data = load_steering(f, f->p);
	assert_int_equal(data.milestone_count, 2);
	const milestone *x = &data.milestones[0];
	assert_ptr_equal(x->element, element(f->p, "P1"));
	assert_string_equal(x->title, "Recette");
	assert_int_equal(date_compare(x->planned, (jalon_date){2026, 3, 1}), 0);
	assert_int_equal(date_compare(x->forecast, (jalon_date){2026, 4, 15}), 0);
	assert_false(date_is_set(x->actual));
	assert_int_equal(x->status, MILESTONE_PLANNED);
	assert_string_equal(x->deliverable, "PV");
	assert_string_equal(x->validated_by, "COPIL");
	assert_int_equal(date_compare(x->validated_on, (jalon_date){2026, 2, 1}), 0);
	assert_string_equal(x->minutes_ref, "PV-12");
	x = &data.milestones[1];
	assert_string_equal(x->title, "Mise en production");
	assert_int_equal(x->status, MILESTONE_DONE);
	assert_int_equal(date_compare(x->actual, (jalon_date){2026, 6, 3}), 0);
	assert_null(x->deliverable);
}

static void test_milestone_done_without_date_refused(void **state)
{
	fixture *f = *state;
	milestone m = {.element = element(f->p, "P1"), .title = "VSR", .planned = {2026, 9, 1},
	               .status = MILESTONE_DONE, .source_line = 7};
	assert_false(store_milestones_save(f->s, f->p, &m, 1, false, &f->d));
	assert_int_equal(f->d.items[0].line, 7);
	assert_int_equal(query(f, "SELECT count(*) FROM milestone"), 0);
}

static void test_status_and_weather_history(void **state)
{
	fixture *f = *state;
	const plan_element *p1 = element(f->p, "P1");
	element_status x = {.element = p1, .has_progress = true, .progress_pct = 40,
	                    .weather = WEATHER_CLOUDY, .phase = "Cahier des charges"};
	assert_true(store_element_status_set(f->s, f->p, &x, (jalon_date){2026, 1, 10},
	                                     "retard du marché", &f->d));
	/* Same weather again: no new report. */
	x.progress_pct = 50;
	assert_true(store_element_status_set(f->s, f->p, &x, (jalon_date){2026, 1, 20}, NULL,
	                                     &f->d));
	x.weather = WEATHER_STORMY;
	x.phase = "RECETTE";
	assert_true(store_element_status_set(f->s, f->p, &x, (jalon_date){2026, 2, 1}, "bloqué",
	                                     &f->d));
	steering_data data = load_steering(f, f->p);
	assert_int_equal(data.status_count, 1);
	assert_ptr_equal(data.statuses[0].element, p1);
	assert_true(data.statuses[0].has_progress);
	assert_int_equal(data.statuses[0].progress_pct, 50);
	assert_int_equal(data.statuses[0].weather, WEATHER_STORMY);
	assert_string_equal(data.statuses[0].phase, "recette"); /* the list's spelling */
	assert_int_equal(data.weather_report_count, 2);
	assert_int_equal(data.weather_reports[0].weather, WEATHER_CLOUDY);
	assert_string_equal(data.weather_reports[0].comment, "retard du marché");
	assert_int_equal(date_compare(data.weather_reports[0].reported_on,
	                              (jalon_date){2026, 1, 10}), 0);
	assert_int_equal(data.weather_reports[1].weather, WEATHER_STORMY);
	assert_int_equal(query(f, "SELECT version FROM element_status"), 3);

	/* Clearing: no progress, no weather, no phase. */
	element_status cleared = {.element = p1};
	assert_true(store_element_status_set(f->s, f->p, &cleared, DATE_NONE, NULL, &f->d));
	data = load_steering(f, f->p);
	assert_false(data.statuses[0].has_progress);
	assert_int_equal(data.statuses[0].weather, WEATHER_UNSET);
	assert_null(data.statuses[0].phase);
	assert_int_equal(data.weather_report_count, 2);
}

static void test_status_refusals(void **state)
{
	fixture *f = *state;
	const char *before = rows_text(f, "SELECT * FROM element_status");
	element_status x = {.element = element(f->p, "P1"), .phase = "déploiement"};
	assert_false(store_element_status_set(f->s, f->p, &x, DATE_NONE, NULL, &f->d));
	assert_non_null(strstr(f->d.items[0].message, "phase inconnue « déploiement »"));
	assert_non_null(strstr(f->d.items[0].message, "mise en production"));
	x.phase = NULL;
	x.has_progress = true;
	x.progress_pct = 101;
	assert_false(store_element_status_set(f->s, f->p, &x, DATE_NONE, NULL, &f->d));
	assert_string_equal(rows_text(f, "SELECT * FROM element_status"), before);
	assert_int_equal(query(f, "SELECT count(*) FROM weather_report"), 0);
}

static void test_risks_dependencies_envelope(void **state)
{
	fixture *f = *state;
	int64_t p1 = element(f->p, "P1")->id, p2 = element(f->p, "P2")->id;
	char *sql = arena_printf(f->a,
		"INSERT INTO risk (element_id, description, probability, impact, mitigation, owner,"
		" status) VALUES (%lld, 'Fournisseur défaillant', 2, 4, 'Double source', 'DSI',"
		" 'en-traitement');"
		"INSERT INTO risk (element_id, description) VALUES (%lld, 'Sans statut');"
		"INSERT INTO element_dependency VALUES (%lld, %lld);",
		(long long)p1, (long long)p2, (long long)p1, (long long)p2);
	exec_ok(f->s->sqlite, sql);
	assert_true(store_plan_envelope_set(f->s, f->p, true, 350000000, &f->d));
	assert_false(store_plan_envelope_set(f->s, f->p, true, -1, &f->d));
	steering_data data = load_steering(f, f->p);
	assert_int_equal(data.risk_count, 2);
	assert_ptr_equal(data.risks[0].element, element(f->p, "P1"));
	assert_string_equal(data.risks[0].description, "Fournisseur défaillant");
	assert_int_equal(data.risks[0].probability, 2);
	assert_int_equal(data.risks[0].impact, 4);
	assert_string_equal(data.risks[0].mitigation, "Double source");
	assert_string_equal(data.risks[0].owner, "DSI");
	assert_int_equal(data.risks[0].status, RISK_TREATED);
	assert_int_equal(data.risks[0].version, 1);
	/* No status, or one not known: open, the safe reading. */
	assert_ptr_equal(data.risks[1].element, element(f->p, "P2"));
	assert_int_equal(data.risks[1].status, RISK_OPEN);
	assert_int_equal(data.risks[1].probability, 0);
	assert_int_equal(data.dependency_count, 1);
	assert_ptr_equal(data.dependencies[0].from, element(f->p, "P1"));
	assert_ptr_equal(data.dependencies[0].to, element(f->p, "P2"));
	assert_true(data.has_envelope);
	assert_int_equal(data.envelope_cents, 350000000);
	/* The database's own rules. */
	sql = arena_printf(f->a, "INSERT INTO element_dependency VALUES (%lld, %lld)",
	                   (long long)p1, (long long)p1);
	assert_int_not_equal(sqlite3_exec(f->s->sqlite, sql, NULL, NULL, NULL), SQLITE_OK);
	sql = arena_printf(f->a, "INSERT INTO risk (element_id, description, probability)"
	                         " VALUES (%lld, 'x', 5)", (long long)p1);
	assert_int_not_equal(sqlite3_exec(f->s->sqlite, sql, NULL, NULL, NULL), SQLITE_OK);
}

/* Migration 3's tables as store_steering_load gives them back: versions of milestones
 * and budget lines, milestone dependencies as pointers into the loaded milestones,
 * scores by element then criterion position, qualifications. */
static void test_prioritisation_and_milestone_dependencies_loaded(void **state)
{
	fixture *f = *state;
	const plan_element *ax1 = element(f->p, "AX1"), *p1 = element(f->p, "P1"),
	                   *p2 = element(f->p, "P2");
	milestone m[] = {
		{.element = p2, .title = "Marché", .planned = {2026, 1, 1}},
		{.element = p1, .title = "Recette", .planned = {2026, 3, 1}},
		{.element = p1, .title = "Mise en production", .planned = {2026, 6, 1}},
	};
	budget_line l = {.element = p1, .year = 2026, .source = "ANR", .planned_cents = 5};
	assert_true(store_milestones_save(f->s, f->p, m, 3, false, &f->d));
	assert_true(store_budget_lines_save(f->s, f->p, &l, 1, false, &f->d));
	char *sql = arena_printf(f->a,
		"UPDATE milestone SET version = 4 WHERE title = 'Recette';"
		"UPDATE budget_line SET version = 7;"
		/* Marché (P2) before Mise en production; Recette before Mise en production. */
		"INSERT INTO milestone_dependency SELECT a.id, b.id FROM milestone a, milestone b"
		" WHERE a.title = 'Marché' AND b.title = 'Mise en production';"
		"INSERT INTO milestone_dependency SELECT a.id, b.id FROM milestone a, milestone b"
		" WHERE a.title = 'Recette' AND b.title = 'Mise en production';"
		"INSERT INTO element_score VALUES (%lld, 'coût', 2), (%lld, 'priorité', 4),"
		" (%lld, 'impact', 1), (%lld, 'valeur ajoutée', 3);"
		"INSERT INTO element_qualification (element_id, nature, project_type, version)"
		" VALUES (%lld, 'quick-win', 'projet-phare', 3), (%lld, NULL, 'mutualisation', 1);",
		(long long)p2->id, (long long)p2->id, (long long)ax1->id, (long long)p1->id,
		(long long)p2->id, (long long)ax1->id);
	exec_ok(f->s->sqlite, sql);

	steering_data data = load_steering(f, f->p);
	assert_int_equal(data.milestone_count, 3);
	/* By element order: P1's two, then P2's. */
	assert_string_equal(data.milestones[0].title, "Recette");
	assert_int_equal(data.milestones[0].version, 4);
	assert_int_equal(data.milestones[1].version, 1);
	assert_string_equal(data.milestones[2].title, "Marché");
	assert_int_equal(data.line_count, 1);
	assert_int_equal(data.lines[0].version, 7);

	assert_int_equal(data.milestone_dependency_count, 2);
	assert_ptr_equal(data.milestone_dependencies[0].from, &data.milestones[0]);
	assert_ptr_equal(data.milestone_dependencies[0].to, &data.milestones[1]);
	assert_ptr_equal(data.milestone_dependencies[1].from, &data.milestones[2]);
	assert_ptr_equal(data.milestone_dependencies[1].to, &data.milestones[1]);

	/* AX1 first (element order), then P1, then P2's in the list's order. */
	assert_int_equal(data.score_count, 4);
	assert_ptr_equal(data.scores[0].element, ax1);
	assert_string_equal(data.scores[0].criterion, "impact");
	assert_int_equal(data.scores[0].score, 1);
	assert_ptr_equal(data.scores[1].element, p1);
	assert_string_equal(data.scores[1].criterion, "valeur ajoutée");
	assert_ptr_equal(data.scores[2].element, p2);
	assert_string_equal(data.scores[2].criterion, "priorité");
	assert_int_equal(data.scores[2].score, 4);
	assert_string_equal(data.scores[3].criterion, "coût");

	assert_int_equal(data.qualification_count, 2);
	assert_ptr_equal(data.qualifications[0].element, ax1);
	assert_int_equal(data.qualifications[0].nature, PRIORITY_NATURE_UNSET);
	assert_int_equal(data.qualifications[0].type, PROJECT_POOLING);
	assert_ptr_equal(data.qualifications[1].element, p2);
	assert_int_equal(data.qualifications[1].nature, PRIORITY_QUICK_WIN);
	assert_int_equal(data.qualifications[1].type, PROJECT_FLAGSHIP);
	assert_int_equal(data.qualifications[1].version, 3);

	/* The database's own rules for the new tables. */
	sql = arena_printf(f->a, "INSERT INTO element_score VALUES (%lld, 'impact', 5)",
	                   (long long)p1->id);
	assert_int_not_equal(sqlite3_exec(f->s->sqlite, sql, NULL, NULL, NULL), SQLITE_OK);
	assert_int_not_equal(sqlite3_exec(f->s->sqlite,
	                                  "INSERT INTO milestone_dependency SELECT id, id"
	                                  " FROM milestone LIMIT 1", NULL, NULL, NULL), SQLITE_OK);
	/* Deleting a milestone removes its dependencies. */
	exec_ok(f->s->sqlite, "DELETE FROM milestone WHERE title = 'Mise en production'");
	assert_int_equal(query(f, "SELECT count(*) FROM milestone_dependency"), 0);
}

/* ---- replace and append ------------------------------------------------------------- */

static void test_replace_and_append(void **state)
{
	fixture *f = *state;
	const plan_element *p1 = element(f->p, "P1"), *p2 = element(f->p, "P2");
	budget_line first[] = {
		{.element = p1, .year = 2026, .source = "ANR", .planned_cents = 1},
		{.element = p2, .year = 2026, .source = "ANR", .planned_cents = 2},
	};
	budget_line second = {.element = p1, .year = 2027, .source = "CPER", .planned_cents = 3};
	assert_true(store_budget_lines_save(f->s, f->p, first, 2, false, &f->d));
	assert_true(store_budget_lines_save(f->s, f->p, &second, 1, false, &f->d));
	assert_string_equal(rows_text(f, "SELECT planned_cents FROM budget_line ORDER BY id"),
	                    "1\n2\n3\n");
	assert_true(store_budget_lines_save(f->s, f->p, &second, 1, true, &f->d));
	assert_string_equal(rows_text(f, "SELECT year, source, planned_cents FROM budget_line"),
	                    "2027|CPER|3\n");

	milestone m1[] = {
		{.element = p1, .title = "Un", .planned = {2026, 1, 1}},
		{.element = p2, .title = "Deux", .planned = {2026, 2, 1}},
	};
	milestone m2 = {.element = p1, .title = "Trois", .planned = {2026, 3, 1}};
	assert_true(store_milestones_save(f->s, f->p, m1, 2, false, &f->d));
	assert_true(store_milestones_save(f->s, f->p, &m2, 1, false, &f->d));
	assert_string_equal(rows_text(f, "SELECT title, position FROM milestone ORDER BY id"),
	                    "Un|0\nDeux|0\nTrois|1\n");
	assert_true(store_milestones_save(f->s, f->p, &m2, 1, true, &f->d));
	assert_string_equal(rows_text(f, "SELECT title, position FROM milestone"), "Trois|0\n");
}

/* Another plan's replace leaves this plan's rows alone; a row naming an element that
 * is not in the plan writes nothing at all. */
static void test_plans_kept_apart(void **state)
{
	fixture *f = *state;
	plan other = {0};
	assert_true(plan_csv_read(f->a, "o.csv", sample_csv, strlen(sample_csv), NULL, &other,
	                          &f->d));
	other.title = "Autre";
	other.slug = "autre";
	assert_true(store_plan_create(f->s, f->a, &other, &f->d));
	plan *o = load_ok(f, "autre");
	budget_line mine = {.element = element(f->p, "P1"), .year = 2026, .source = "ANR"};
	budget_line theirs = {.element = element(o, "P1"), .year = 2026, .source = "ANR"};
	assert_true(store_budget_lines_save(f->s, f->p, &mine, 1, false, &f->d));
	assert_true(store_budget_lines_save(f->s, o, &theirs, 1, true, &f->d));
	assert_int_equal(query(f, "SELECT count(*) FROM budget_line"), 2);

	budget_line mixed[] = {mine, theirs};
	const char *before = rows_text(f, "SELECT * FROM budget_line");
	assert_false(store_budget_lines_save(f->s, f->p, mixed, 2, true, &f->d));
	assert_non_null(strstr(f->d.items[0].message, "n'est plus dans le plan"));
	assert_string_equal(rows_text(f, "SELECT * FROM budget_line"), before);
}

static void test_negative_amount_refused(void **state)
{
	fixture *f = *state;
	budget_line l = {.element = element(f->p, "P1"), .year = 2026, .source = "ANR",
	                 .committed_cents = -1, .source_line = 3};
	assert_false(store_budget_lines_save(f->s, f->p, &l, 1, false, &f->d));
	assert_int_equal(f->d.items[0].line, 3);
	assert_int_equal(query(f, "SELECT count(*) FROM budget_line"), 0);
}

/* ---- baselines -------------------------------------------------------------------------- */

static void test_baseline_immutable(void **state)
{
	fixture *f = *state;
	char *sql = arena_printf(f->a,
		"INSERT INTO baseline (plan_id, name, taken_at) VALUES (%lld, 'initiale', '2025-01-01');"
		"INSERT INTO baseline_entry VALUES (last_insert_rowid(), 'P1', '2025-01-01',"
		" '2026-12-31', 1000);", (long long)f->p->id);
	exec_ok(f->s->sqlite, sql);
	const char *before = rows_text(f, "SELECT * FROM baseline JOIN baseline_entry"
	                                  " ON baseline_id = id");
	assert_string_equal(before, "1|1|initiale|2025-01-01|1|P1|2025-01-01|2026-12-31|1000\n");
	assert_int_not_equal(sqlite3_exec(f->s->sqlite, "UPDATE baseline SET name = 'autre'",
	                                  NULL, NULL, NULL), SQLITE_OK);
	assert_int_not_equal(sqlite3_exec(f->s->sqlite,
	                                  "UPDATE baseline_entry SET planned_cents = 1", NULL, NULL,
	                                  NULL), SQLITE_OK);
	assert_string_equal(rows_text(f, "SELECT * FROM baseline JOIN baseline_entry"
	                                 " ON baseline_id = id"), before);
	/* A second baseline of the same name is refused; deleting the plan removes them. */
	sql = arena_printf(f->a, "INSERT INTO baseline (plan_id, name, taken_at)"
	                         " VALUES (%lld, 'initiale', '2026-01-01')", (long long)f->p->id);
	assert_int_not_equal(sqlite3_exec(f->s->sqlite, sql, NULL, NULL, NULL), SQLITE_OK);
	assert_true(store_plan_delete(f->s, "sdn", &f->d));
	assert_int_equal(query(f, "SELECT count(*) FROM baseline"), 0);
	assert_int_equal(query(f, "SELECT count(*) FROM baseline_entry"), 0);
	assert_int_equal(query(f, "SELECT count(*) FROM funding_source"), 0);
	assert_int_equal(query(f, "SELECT count(*) FROM plan_phase"), 0);
}

/* ---- cascades ----------------------------------------------------------------------------- */

static void test_element_delete_cascades(void **state)
{
	fixture *f = *state;
	const plan_element *p1 = element(f->p, "P1"), *p2 = element(f->p, "P2");
	budget_line lines[] = {{.element = p1, .year = 2026, .source = "ANR"},
	                       {.element = p2, .year = 2026, .source = "ANR"}};
	milestone m[] = {{.element = p1, .title = "Un", .planned = {2026, 1, 1}},
	                 {.element = p2, .title = "Deux", .planned = {2026, 1, 1}}};
	element_status x = {.element = p1, .weather = WEATHER_SUNNY};
	assert_true(store_budget_lines_save(f->s, f->p, lines, 2, false, &f->d));
	assert_true(store_milestones_save(f->s, f->p, m, 2, false, &f->d));
	assert_true(store_element_status_set(f->s, f->p, &x, DATE_NONE, NULL, &f->d));
	x.element = p2;
	assert_true(store_element_status_set(f->s, f->p, &x, DATE_NONE, NULL, &f->d));
	char *sql = arena_printf(f->a,
		"INSERT INTO risk (element_id, description) VALUES (%lld, 'r1'), (%lld, 'r2');"
		"INSERT INTO element_dependency VALUES (%lld, %lld);",
		(long long)p1->id, (long long)p2->id, (long long)p2->id, (long long)p1->id);
	exec_ok(f->s->sqlite, sql);

	assert_int_equal(store_element_delete(f->s, f->p, p1->id, 0, &f->d), STORE_OK);
	static const char *const tables[] = {"budget_line", "milestone", "element_status",
	                                     "weather_report", "risk"};
	for (size_t i = 0; i < sizeof(tables) / sizeof(tables[0]); i++) {
		sql = arena_printf(f->a, "SELECT count(*) FROM %s", tables[i]);
		if (query(f, sql) != 1)
			fail_msg("%s: P1's rows not deleted with it", tables[i]);
		sql = arena_printf(f->a, "SELECT element_id FROM %s", tables[i]);
		assert_int_equal(query(f, sql), p2->id);
	}
	assert_int_equal(query(f, "SELECT count(*) FROM element_dependency"), 0);
	/* The whole branch: deleting the axis removes the rest. */
	assert_int_equal(store_element_delete(f->s, f->p, element(f->p, "AX1")->id, 0, &f->d),
	                 STORE_OK);
	for (size_t i = 0; i < sizeof(tables) / sizeof(tables[0]); i++) {
		sql = arena_printf(f->a, "SELECT count(*) FROM %s", tables[i]);
		assert_int_equal(query(f, sql), 0);
	}
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, fixture_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_migration_from_version_1, setup_path,
		                                fixture_teardown),
		T(test_new_plan_seeded),
		T(test_budget_lines_round_trip),
		T(test_milestones_round_trip),
		T(test_milestone_done_without_date_refused),
		T(test_status_and_weather_history),
		T(test_status_refusals),
		T(test_risks_dependencies_envelope),
		T(test_prioritisation_and_milestone_dependencies_loaded),
		T(test_replace_and_append),
		T(test_plans_kept_apart),
		T(test_negative_amount_refused),
		T(test_baseline_immutable),
		T(test_element_delete_cascades),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
