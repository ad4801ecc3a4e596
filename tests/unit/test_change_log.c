/*
 * test_change_log.c — unit tests for the change journal (store/change_log.c) and for
 * the rows the existing writers add to it: element create, update and delete, status,
 * imports of plans, budget lines and milestones, the envelope and baselines.
 *
 * Each case works on its own database file in /tmp holding a plan imported from CSV.
 * Reading checks what the dashboard and the API rely on: newest first, the `since`
 * and element filters, the limit, and who wrote from where (store_set_origin).
 */
#include "store_fixture.h"
#include "store/baseline_store.h"
#include "store/change_log.h"
#include "store/element_store.h"
#include "store/item_store.h"

static const char sample_csv[] =
	"code;parent;niveau;intitule;porteur;partenaires;debut;fin;budget;Enjeux\n"
	"AX1;;Axe;Usagers;;;;;;\n"
	"P1;AX1;Projet;Portail;DSI;Scolarité|BU;2025-09-01;2026-06-30;1000;sobriété\n"
	"P2;AX1;Projet;Réseau;;;;;;\n";

static int setup(void **state)
{
	return fixture_setup_plan(state, "changes", sample_csv);
}

/* The journal as store_changes_load gives it: one line per entry,
 * "entity action element_code field: old → new", ∅ for NULL. */
static const char *changes_text(fixture *f, const char *since, int64_t element_id,
                                size_t limit)
{
	change_entry *items;
	size_t count;
	if (!store_changes_load(f->s, f->a, f->p->id, since, element_id, limit, &items, &count,
	                        &f->d)) {
		print_diags(&f->d);
		fail_msg("store_changes_load failed");
	}
	buf out = {0};
	buf_puts(&out, "");
	for (size_t i = 0; i < count; i++) {
		const change_entry *c = &items[i];
#define V(x) ((x) ? (x) : "∅")
		buf_printf(&out, "%s %s %s %s: %s → %s\n", c->entity, change_action_key(c->action),
		           V(c->element_code), V(c->field), V(c->old_value), V(c->new_value));
#undef V
	}
	char *text = arena_strdup(f->a, out.data);
	buf_free(&out);
	return text;
}

/* ---- what the writers record ---------------------------------------------------------- */

static void test_plan_import_recorded(void **state)
{
	fixture *f = *state;
	assert_string_equal(changes_text(f, NULL, 0, 0), "plan import ∅ ∅: ∅ → 3 éléments\n");
	assert_string_equal(rows_text(f, "SELECT actor, via, element_id, entity_id FROM change_log"),
	                    arena_printf(f->a, "∅|cli|∅|%lld\n", (long long)f->p->id));
	/* at: UTC, to the second. */
	assert_int_equal(query(f, "SELECT count(*) FROM change_log"
	                          " WHERE at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T"
	                          "[0-9][0-9]:[0-9][0-9]:[0-9][0-9]Z'"), 1);
}

static void test_element_update_recorded(void **state)
{
	fixture *f = *state;
	plan_element e = *element(f->p, "P1");
	const char *partners[] = {"Scolarité", "DRH"};
	const char *attributes[] = {"sobriété numérique"};
	e.title = "Portail étudiant";
	e.owner = NULL;
	e.partners = partners;
	e.partner_count = 2;
	e.end = (jalon_date){2026, 12, 31};
	e.budget_cents = 250000;
	e.parent_code = NULL;
	e.attributes = attributes;
	assert_int_equal(store_element_update(f->s, f->a, f->p, &e, 1, &f->d), STORE_OK);
	assert_string_equal(changes_text(f, NULL, e.id, 0),
	                    "element update P1 Enjeux: sobriété → sobriété numérique\n"
	                    "element update P1 budget: 100000 → 250000\n"
	                    "element update P1 end: 2026-06-30 → 2026-12-31\n"
	                    "element update P1 partners: Scolarité|BU → Scolarité|DRH\n"
	                    "element update P1 owner: DSI → ∅\n"
	                    "element update P1 title: Portail → Portail étudiant\n"
	                    "element update P1 parent: AX1 → ∅\n");
	/* A code change is recorded under the new code. */
	plan *p = load_ok(f, "sdn");
	e = *element(p, "P1");
	e.code = "P1bis";
	assert_int_equal(store_element_update(f->s, f->a, p, &e, 2, &f->d), STORE_OK);
	assert_string_equal(changes_text(f, NULL, e.id, 1), "element update P1bis code: P1 → P1bis\n");
	/* A refused update records nothing. */
	int64_t rows = query(f, "SELECT count(*) FROM change_log");
	e.title = "Encore";
	assert_int_equal(store_element_update(f->s, f->a, p, &e, 1, &f->d), STORE_CONFLICT);
	assert_int_equal(query(f, "SELECT count(*) FROM change_log"), rows);
}

static void test_element_create_delete_recorded(void **state)
{
	fixture *f = *state;
	plan_element e = {.code = "P3", .parent_code = "AX1", .level = "Projet",
	                  .title = "Annuaire"};
	assert_int_equal(store_element_create(f->s, f->a, f->p, &e, &f->d), STORE_OK);
	plan *p = load_ok(f, "sdn");
	assert_int_equal(store_element_delete(f->s, p, element(p, "AX1")->id, 0, &f->d), STORE_OK);
	assert_string_equal(changes_text(f, NULL, 0, 2),
	                    "element delete AX1 ∅: Usagers → ∅\n"
	                    "element create P3 ∅: ∅ → Annuaire\n");
	/* The journal outlives the elements it names. */
	assert_int_equal(query(f, arena_printf(f->a, "SELECT count(*) FROM change_log"
	                                             " WHERE element_id = %lld", (long long)e.id)),
	                 1);
}

static void test_status_recorded(void **state)
{
	fixture *f = *state;
	const plan_element *p1 = element(f->p, "P1");
	element_status x = {.element = p1, .has_progress = true, .progress_pct = 40,
	                    .weather = WEATHER_CLOUDY, .phase = "recette"};
	assert_true(store_element_status_set(f->s, f->p, &x, (jalon_date){2026, 1, 10},
	                                     "retard du marché", &f->d));
	/* Same weather, with a comment: a dated report all the same. */
	x.progress_pct = 50;
	assert_true(store_element_status_set(f->s, f->p, &x, (jalon_date){2026, 1, 20},
	                                     "toujours en retard", &f->d));
	/* Same weather, no comment: no report, no comment row. */
	assert_true(store_element_status_set(f->s, f->p, &x, (jalon_date){2026, 1, 25}, NULL,
	                                     &f->d));
	x.weather = WEATHER_STORMY;
	assert_true(store_element_status_set(f->s, f->p, &x, DATE_NONE, NULL, &f->d));
	assert_string_equal(changes_text(f, NULL, p1->id, 0),
	                    "status update P1 weather: nuage → orage\n"
	                    "status update P1 comment: ∅ → toujours en retard\n"
	                    "status update P1 progress: 40 → 50\n"
	                    "status update P1 comment: ∅ → retard du marché\n"
	                    "status update P1 phase: ∅ → recette\n"
	                    "status update P1 weather: ∅ → nuage\n"
	                    "status update P1 progress: ∅ → 40\n");
	assert_string_equal(rows_text(f, "SELECT weather, reported_on = CURRENT_DATE"
	                                 " OR reported_on LIKE '2026-01-%', comment"
	                                 " FROM weather_report ORDER BY id"),
	                    "nuage|1|retard du marché\n"
	                    "nuage|1|toujours en retard\n"
	                    "orage|1|∅\n");
	assert_string_equal(rows_text(f, "SELECT reported_on FROM weather_report ORDER BY id"
	                                 " LIMIT 2"), "2026-01-10\n2026-01-20\n");
}

static void test_imports_recorded(void **state)
{
	fixture *f = *state;
	const plan_element *p1 = element(f->p, "P1"), *p2 = element(f->p, "P2");
	budget_line lines[] = {{.element = p1, .year = 2026, .source = "ANR"},
	                       {.element = p2, .year = 2026, .source = "ANR"}};
	milestone m[] = {{.element = p1, .title = "Un", .planned = {2026, 1, 1}},
	                 {.element = p1, .title = "Deux", .planned = {2026, 2, 1}},
	                 {.element = p2, .title = "Trois", .planned = {2026, 3, 1}}};
	assert_true(store_budget_lines_save(f->s, f->p, lines, 2, false, &f->d));
	assert_true(store_budget_lines_save(f->s, f->p, lines, 1, true, &f->d));
	assert_true(store_milestones_save(f->s, f->p, m, 3, false, &f->d));
	assert_true(store_milestones_save(f->s, f->p, m, 1, true, &f->d));
	assert_true(store_milestones_save(f->s, f->p, NULL, 0, false, &f->d)); /* nothing */
	assert_string_equal(changes_text(f, NULL, 0, 4),
	                    "milestone import ∅ ∅: 3 jalons remplacés → 1 jalon\n"
	                    "milestone import ∅ ∅: ∅ → 3 jalons\n"
	                    "budget_line import ∅ ∅: 2 lignes remplacées → 1 ligne budgétaire\n"
	                    "budget_line import ∅ ∅: ∅ → 2 lignes budgétaires\n");
	/* One row per import, not per line. */
	assert_int_equal(query(f, "SELECT count(*) FROM change_log"), 5);
	/* A refused import records nothing. */
	budget_line bad = {.element = p1, .year = 12, .source = "ANR"};
	assert_false(store_budget_lines_save(f->s, f->p, &bad, 1, false, &f->d));
	assert_int_equal(query(f, "SELECT count(*) FROM change_log"), 5);
}

static void test_envelope_and_baseline_recorded(void **state)
{
	fixture *f = *state;
	assert_true(store_plan_envelope_set(f->s, f->p, true, 350000000, &f->d));
	assert_true(store_plan_envelope_set(f->s, f->p, true, 350000000, &f->d)); /* same */
	assert_true(store_plan_envelope_set(f->s, f->p, false, 0, &f->d));
	assert_false(store_plan_envelope_set(f->s, f->p, true, -5, &f->d));
	plan_rollup r;
	steering_rollup(f->a, f->p, NULL, 0, NULL, 0, NULL, 0, NULL, 0, DATE_NONE, &r);
	assert_true(store_baseline_take(f->s, f->p, "initiale", &r, &f->d));
	assert_false(store_baseline_take(f->s, f->p, "initiale", &r, &f->d));
	assert_string_equal(changes_text(f, NULL, 0, 3),
	                    "baseline create ∅ ∅: ∅ → initiale\n"
	                    "plan update ∅ envelope: 350000000 → ∅\n"
	                    "plan update ∅ envelope: ∅ → 350000000\n");
}

/* ---- reading ----------------------------------------------------------------------------- */

static void test_order_filters_and_limit(void **state)
{
	fixture *f = *state;
	const plan_element *p1 = element(f->p, "P1"), *p2 = element(f->p, "P2");
	exec_ok(f->s->sqlite, "UPDATE change_log SET at = '2025-12-01T08:00:00Z'");
	assert_true(store_change_record(f->s, f->p->id, p1, "risk", 7, CHANGE_CREATE, NULL, NULL,
	                                "Retard", &f->d));
	assert_true(store_change_record(f->s, f->p->id, p2, "risk", 8, CHANGE_CREATE, NULL, NULL,
	                                "Panne", &f->d));
	assert_true(store_change_record(f->s, f->p->id, p1, "risk", 7, CHANGE_DELETE, NULL,
	                                "Retard", NULL, &f->d));
	exec_ok(f->s->sqlite, "UPDATE change_log SET at = '2026-01-15T09:30:00Z' WHERE entity_id = 7"
	           " AND action = 'create';"
	           "UPDATE change_log SET at = '2026-01-31T23:59:59Z' WHERE entity_id = 8;"
	           "UPDATE change_log SET at = '2026-02-01T00:00:00Z' WHERE action = 'delete'");

	/* Newest first. */
	assert_string_equal(changes_text(f, NULL, 0, 0),
	                    "risk delete P1 ∅: Retard → ∅\n"
	                    "risk create P2 ∅: ∅ → Panne\n"
	                    "risk create P1 ∅: ∅ → Retard\n"
	                    "plan import ∅ ∅: ∅ → 3 éléments\n");
	/* `since` is a day, from its first second; both date forms. */
	assert_string_equal(changes_text(f, "2026-02-01", 0, 0), "risk delete P1 ∅: Retard → ∅\n");
	assert_string_equal(changes_text(f, "31/01/2026", 0, 0),
	                    "risk delete P1 ∅: Retard → ∅\nrisk create P2 ∅: ∅ → Panne\n");
	assert_string_equal(changes_text(f, "2026-03-01", 0, 0), "");
	/* One element's changes; at most `limit`. */
	assert_string_equal(changes_text(f, NULL, p1->id, 0),
	                    "risk delete P1 ∅: Retard → ∅\nrisk create P1 ∅: ∅ → Retard\n");
	assert_string_equal(changes_text(f, "2026-01-01", p1->id, 1),
	                    "risk delete P1 ∅: Retard → ∅\n");
	assert_string_equal(changes_text(f, NULL, 0, 2),
	                    "risk delete P1 ∅: Retard → ∅\nrisk create P2 ∅: ∅ → Panne\n");
	/* Within one second, the later row first. */
	exec_ok(f->s->sqlite, "UPDATE change_log SET at = '2026-02-01T00:00:00Z'");
	assert_string_equal(changes_text(f, NULL, 0, 1), "risk delete P1 ∅: Retard → ∅\n");

	change_entry *items;
	size_t count;
	assert_false(store_changes_load(f->s, f->a, f->p->id, "hier", 0, 0, &items, &count,
	                                &f->d));
	assert_string_equal(f->d.items[f->d.count - 1].file, "since");
	assert_non_null(strstr(f->d.items[f->d.count - 1].message, "date de début invalide « hier »"));
	/* Another plan's journal is its own. */
	assert_true(store_changes_load(f->s, f->a, f->p->id + 1, NULL, 0, 0, &items, &count,
	                               &f->d));
	assert_int_equal(count, 0);
}

static void test_origin_recorded(void **state)
{
	fixture *f = *state;
	const plan_element *p1 = element(f->p, "P1");
	store_set_origin(f->s, "alice@univ.fr", "api");
	element_risk r = {.element = p1, .description = "Retard", .probability = 2};
	assert_int_equal(store_risk_create(f->s, f->p, &r, &f->d), STORE_OK);
	store_set_origin(f->s, "bob@univ.fr", "web");
	assert_true(store_plan_envelope_set(f->s, f->p, true, 100, &f->d));
	store_set_origin(f->s, NULL, NULL);
	assert_true(store_plan_envelope_set(f->s, f->p, true, 200, &f->d));

	change_entry *items;
	size_t count;
	assert_true(store_changes_load(f->s, f->a, f->p->id, NULL, 0, 3, &items, &count, &f->d));
	assert_int_equal(count, 3);
	assert_null(items[0].actor);
	assert_string_equal(items[0].via, "cli");
	assert_string_equal(items[1].actor, "bob@univ.fr");
	assert_string_equal(items[1].via, "web");
	assert_string_equal(items[1].entity, "plan");
	assert_int_equal(items[1].element_id, 0);
	assert_int_equal(items[1].entity_id, f->p->id);
	assert_string_equal(items[2].actor, "alice@univ.fr");
	assert_string_equal(items[2].via, "api");
	assert_string_equal(items[2].entity, "risk");
	assert_int_equal(items[2].entity_id, r.id);
	assert_int_equal(items[2].element_id, p1->id);
	assert_string_equal(items[2].element_code, "P1");
	assert_int_equal(items[2].action, CHANGE_CREATE);
	assert_null(items[2].field);
	assert_null(items[2].old_value);
	assert_string_equal(items[2].new_value, "Retard");
	assert_true(items[2].id > 0);
	assert_true(items[0].id > items[2].id);
	/* Deleting the plan takes its journal with it. */
	assert_true(store_plan_delete(f->s, "sdn", &f->d));
	assert_int_equal(query(f, "SELECT count(*) FROM change_log"), 0);
}

/* The progress changes read back for the indicators' past (store_progress_changes_load):
 * oldest first, dated by their UTC day, with before and after; a row of an element no
 * longer in the plan and a value that is not a percentage are left out. */
static void test_progress_changes_loaded(void **state)
{
	fixture *f = *state;
	const plan_element *p1 = element(f->p, "P1");
	element_status x = {.element = p1, .has_progress = true, .progress_pct = 40};
	assert_true(store_element_status_set(f->s, f->p, &x, DATE_NONE, NULL, &f->d));
	x.progress_pct = 70;
	assert_true(store_element_status_set(f->s, f->p, &x, DATE_NONE, NULL, &f->d));
	x.has_progress = false;
	assert_true(store_element_status_set(f->s, f->p, &x, DATE_NONE, NULL, &f->d));
	/* The three writes on 01, 02 and 03/02/2026. */
	exec_ok(f->s->sqlite, "UPDATE change_log SET at = printf('2026-02-%02dT10:00:00Z',"
	                      " (SELECT count(*) FROM change_log c WHERE c.field = 'progress'"
	                      " AND c.id <= change_log.id)) WHERE field = 'progress'");
	char sql[600];
	snprintf(sql, sizeof(sql),
	         "INSERT INTO change_log (plan_id, at, via, element_id, entity, entity_id,"
	         " action, field, old_value, new_value) VALUES"
	         " (%lld, '2026-01-01T00:00:00Z', 'cli', 999999, 'status', 999999, 'update',"
	         "  'progress', NULL, '10'),"
	         " (%lld, '2026-01-02T00:00:00Z', 'cli', %lld, 'status', %lld, 'update',"
	         "  'progress', '40', 'beaucoup')",
	         (long long)f->p->id, (long long)f->p->id, (long long)p1->id, (long long)p1->id);
	exec_ok(f->s->sqlite, sql);
	progress_change *c = NULL;
	size_t n = 0;
	assert_true(store_progress_changes_load(f->s, f->a, f->p, &c, &n, &f->d));
	assert_int_equal(n, 3);
	for (size_t i = 0; i < n; i++)
		assert_ptr_equal(c[i].element, p1);
	assert_false(c[0].had_before);
	assert_true(c[0].has_after);
	assert_int_equal(c[0].after, 40);
	assert_true(c[1].had_before && c[1].has_after);
	assert_int_equal(c[1].before, 40);
	assert_int_equal(c[1].after, 70);
	assert_true(c[2].had_before);
	assert_false(c[2].has_after);
	assert_true(date_compare(c[0].date, c[1].date) < 0);
	assert_true(date_compare(c[1].date, c[2].date) < 0);
	assert_int_equal(c[0].date.year, 2026);
	assert_int_equal(c[0].date.month, 2);
	assert_int_equal(c[0].date.day, 1);
	assert_int_equal(c[2].date.day, 3);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, fixture_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_plan_import_recorded),
		T(test_element_update_recorded),
		T(test_element_create_delete_recorded),
		T(test_status_recorded),
		T(test_progress_changes_loaded),
		T(test_imports_recorded),
		T(test_envelope_and_baseline_recorded),
		T(test_order_filters_and_limit),
		T(test_origin_recorded),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
