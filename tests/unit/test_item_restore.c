/*
 * test_item_restore.c — unit tests for the one-click restore of a journalled value
 * (store/item_restore.c): an element's status, milestones, budget lines and risks, and
 * the general entry point that also sends an element's own fields to element_store.c.
 *
 * Each case works on its own database file in /tmp holding two plans imported from
 * CSV ("sdn", the one written to, and "autre"). What a user would check: the value
 * before is back, a new journal row says so (old and new swapped) and can itself be
 * restored; a field changed since is a conflict naming its current value; a create, a
 * delete, a comment or a move is refused; and on every refusal the database is exactly
 * as it was, journal included.
 */
#include "store_fixture.h"
#include "store/change_log.h"
#include "store/element_store.h"
#include "store/item_restore.h"
#include "store/item_store.h"

static const char sample_csv[] =
	"code;parent;niveau;intitule\n"
	"AX1;;Axe;Usagers\n"
	"P1;AX1;Projet;Portail\n"
	"P2;AX1;Projet;Réseau\n";

static int setup(void **state)
{
	return fixture_setup_two_plans(state, "restore", sample_csv);
}

/* Every row of every table a restore may touch, the journal included. */
static const char *dump(fixture *f)
{
	static const char *const tables[] = {
		"element", "milestone", "budget_line", "risk", "element_status", "weather_report",
		"change_log",
	};
	return dump_tables(f, tables, sizeof(tables) / sizeof(tables[0]), "1, 2");
}

static void expect_ok(fixture *f, store_result r)
{
	if (r != STORE_OK) {
		print_diags(&f->d);
		fail_msg("expected STORE_OK, got %d", (int)r);
	}
}

/* The id of the latest journal row of an entity, action and field (NULL: none). */
static int64_t change_of(fixture *f, const char *entity, const char *action, const char *field)
{
	return query(f, arena_printf(f->a, "SELECT max(id) FROM change_log WHERE entity = '%s'"
	                                   " AND action = '%s' AND field %s", entity, action,
	                             field ? arena_printf(f->a, "= '%s'", field) : "IS NULL"));
}

/* The journal rows of one entity's field: "old|new\n" in order. */
static const char *history(fixture *f, const char *entity, const char *field)
{
	return rows_text(f, arena_printf(f->a,
		"SELECT old_value, new_value FROM change_log WHERE entity = '%s' AND field = '%s'"
		" ORDER BY id", entity, field));
}

/* Restore change_id on the plan as it is now; the result, *element_id set. */
static store_result restore(fixture *f, int64_t change_id, int64_t *element_id)
{
	diag_init(&f->d, f->a);
	plan *p = load_ok(f, "sdn");
	return store_change_restore(f->s, f->a, p, change_id, element_id, &f->d);
}

/* change_id is refused with `expected`, a diag on `field` containing `text`, and
 * nothing written. */
static void expect_refused(fixture *f, int64_t change_id, store_result expected,
                           const char *field, const char *text)
{
	const char *before = dump(f);
	int64_t element_id = 0;
	store_result r = restore(f, change_id, &element_id);
	if (r != expected) {
		print_diags(&f->d);
		fail_msg("expected %d, got %d", (int)expected, (int)r);
	}
	assert_true(f->d.count > 0);
	assert_non_null(f->d.items[0].file);
	assert_string_equal(f->d.items[0].file, field);
	if (!strstr(f->d.items[0].message, text))
		fail_msg("« %s » not in « %s »", text, f->d.items[0].message);
	assert_string_equal(dump(f), before);
}

/* The journal row change_id says it can be restored. */
static bool restorable(fixture *f, int64_t change_id)
{
	const char *row = rows_text(f, arena_printf(f->a,
		"SELECT entity, coalesce(field, '-'), action FROM change_log WHERE id = %lld",
		(long long)change_id));
	char entity[32], field[32], action[16];
	assert_int_equal(sscanf(row, "%31[^|]|%31[^|]|%15[^\n]", entity, field, action), 3);
	return store_change_restorable(f->p, entity, field, action);
}

/* ---- milestones ---------------------------------------------------------------------- */

static void test_restore_milestone(void **state)
{
	fixture *f = *state;
	const plan_element *p1 = element(f->p, "P1");
	milestone m = {.element = p1, .title = "Recette", .planned = {2026, 3, 1},
	               .forecast = {2026, 4, 15}, .status = MILESTONE_PLANNED,
	               .deliverable = "PV de recette"};
	expect_ok(f, store_milestone_create(f->s, f->p, &m, &f->d));
	m.title = "Recette finale";
	m.planned = (jalon_date){2026, 3, 20};
	m.forecast = DATE_NONE;
	m.deliverable = NULL;
	expect_ok(f, store_milestone_update(f->s, f->p, &m, 1, &f->d));
	int64_t title = change_of(f, "milestone", "update", "title");
	assert_true(restorable(f, title));
	assert_true(restorable(f, change_of(f, "milestone", "update", "forecast")));

	int64_t element_id = 0;
	expect_ok(f, restore(f, title, &element_id));
	assert_int_equal(element_id, p1->id);
	expect_ok(f, restore(f, change_of(f, "milestone", "update", "planned"), &element_id));
	expect_ok(f, restore(f, change_of(f, "milestone", "update", "forecast"), &element_id));
	expect_ok(f, restore(f, change_of(f, "milestone", "update", "deliverable"), &element_id));
	steering_data data = load_steering(f, f->p);
	assert_int_equal(data.milestone_count, 1);
	const milestone *x = &data.milestones[0];
	assert_string_equal(x->title, "Recette");
	assert_int_equal(date_compare(x->planned, (jalon_date){2026, 3, 1}), 0);
	assert_int_equal(date_compare(x->forecast, (jalon_date){2026, 4, 15}), 0);
	assert_string_equal(x->deliverable, "PV de recette");
	assert_int_equal(x->version, 6);
	/* Journalled like any edit, old and new swapped; the restore itself restores. */
	assert_string_equal(history(f, "milestone", "title"),
	                    "Recette|Recette finale\nRecette finale|Recette\n");
	assert_string_equal(history(f, "milestone", "forecast"), "2026-04-15|∅\n∅|2026-04-15\n");
	int64_t redo = change_of(f, "milestone", "update", "title");
	assert_true(redo > title);
	assert_true(restorable(f, redo));

	/* The first change again: the title is no longer what it wrote. */
	expect_refused(f, title, STORE_CONFLICT, "title",
	               "title a changé depuis (valeur actuelle : « Recette »)");
	/* Redo. */
	expect_ok(f, restore(f, redo, &element_id));
	assert_string_equal(load_steering(f, f->p).milestones[0].title, "Recette finale");

	/* A create, a move, a delete: not restorable, nothing written. */
	assert_false(restorable(f, change_of(f, "milestone", "create", NULL)));
	expect_refused(f, change_of(f, "milestone", "create", NULL), STORE_INVALID, "change",
	               "ne se rétablit pas d'un clic");
	m = load_steering(f, f->p).milestones[0];
	m.element = element(f->p, "P2");
	expect_ok(f, store_milestone_update(f->s, f->p, &m, m.version, &f->d));
	int64_t move = change_of(f, "milestone", "update", "element");
	assert_false(restorable(f, move));
	expect_refused(f, move, STORE_INVALID, "change", "ne se rétablit pas d'un clic");
	/* Its changes made under P1 are restored from nowhere else now. */
	expect_refused(f, change_of(f, "milestone", "update", "deliverable"), STORE_CONFLICT,
	               "change", "ce jalon a changé d'élément depuis (il est maintenant sous P2)");
	expect_ok(f, store_milestone_delete(f->s, f->p, m.id, 0, &f->d));
	expect_refused(f, change_of(f, "milestone", "delete", NULL), STORE_INVALID, "change",
	               "ne se rétablit pas d'un clic");
	/* Gone: its updates have nothing left to restore. */
	expect_refused(f, redo, STORE_NOT_FOUND, "change", "le jalon de ce changement n'existe plus");
}

/* A value before that today's rules refuse: the writer's refusal, named by its field. */
static void test_restore_milestone_refused_by_writer(void **state)
{
	fixture *f = *state;
	milestone m = {.element = element(f->p, "P1"), .title = "Recette",
	               .planned = {2026, 3, 1}, .status = MILESTONE_DONE,
	               .actual = {2026, 3, 2}};
	expect_ok(f, store_milestone_create(f->s, f->p, &m, &f->d));
	m.status = MILESTONE_PLANNED;
	expect_ok(f, store_milestone_update(f->s, f->p, &m, 1, &f->d));
	m.actual = DATE_NONE;
	expect_ok(f, store_milestone_update(f->s, f->p, &m, 2, &f->d));
	/* Back to "atteint" without an actual date: refused as the form would be. */
	expect_refused(f, change_of(f, "milestone", "update", "status"), STORE_INVALID, "actual",
	               "date réelle manquante");
}

/* ---- budget lines -------------------------------------------------------------------- */

static void test_restore_budget_line(void **state)
{
	fixture *f = *state;
	const plan_element *p2 = element(f->p, "P2");
	budget_line l = {.element = p2, .year = 2026, .nature = NATURE_INVESTMENT,
	                 .source = "État", .planned_cents = 10000, .committed_cents = 2500};
	expect_ok(f, store_budget_line_create(f->s, f->a, f->p, &l, &f->d));
	l.year = 2027;
	l.nature = NATURE_OPERATING;
	l.source = "Région";
	l.planned_cents = 25000;
	expect_ok(f, store_budget_line_update(f->s, f->a, f->p, &l, 1, &f->d));
	int64_t planned = change_of(f, "budget_line", "update", "planned_cents");
	assert_true(restorable(f, planned));

	int64_t element_id = 0;
	expect_ok(f, restore(f, planned, &element_id));
	assert_int_equal(element_id, p2->id);
	const char *fields[] = {"year", "nature", "source"};
	for (size_t i = 0; i < 3; i++)
		expect_ok(f, restore(f, change_of(f, "budget_line", "update", fields[i]),
		                     &element_id));
	steering_data data = load_steering(f, f->p);
	assert_int_equal(data.line_count, 1);
	assert_int_equal(data.lines[0].year, 2026);
	assert_int_equal(data.lines[0].nature, NATURE_INVESTMENT);
	assert_string_equal(data.lines[0].source, "État");
	assert_int_equal(data.lines[0].planned_cents, 10000);
	assert_int_equal(data.lines[0].committed_cents, 2500);
	assert_int_equal(data.lines[0].version, 6);
	assert_string_equal(history(f, "budget_line", "planned_cents"),
	                    "10000|25000\n25000|10000\n");
	assert_true(restorable(f, change_of(f, "budget_line", "update", "planned_cents")));

	/* Changed again since: the conflict says the amount now. */
	l = data.lines[0];
	l.planned_cents = 30000;
	expect_ok(f, store_budget_line_update(f->s, f->a, f->p, &l, l.version, &f->d));
	expect_refused(f, planned, STORE_CONFLICT, "planned_cents",
	               "planned_cents a changé depuis (valeur actuelle : « 30000 »)");
	expect_refused(f, change_of(f, "budget_line", "create", NULL), STORE_INVALID, "change",
	               "ne se rétablit pas d'un clic");
	expect_ok(f, store_budget_line_delete(f->s, f->p, l.id, 0, &f->d));
	expect_refused(f, change_of(f, "budget_line", "delete", NULL), STORE_INVALID, "change",
	               "ne se rétablit pas d'un clic");
	expect_refused(f, change_of(f, "budget_line", "update", "planned_cents"), STORE_NOT_FOUND,
	               "change", "la ligne budgétaire de ce changement n'existe plus");
}

/* ---- risks ----------------------------------------------------------------------------- */

static void test_restore_risk(void **state)
{
	fixture *f = *state;
	const plan_element *p1 = element(f->p, "P1");
	element_risk r = {.element = p1, .description = "Fournisseur défaillant",
	                  .probability = 3, .impact = 2, .owner = "DSI", .status = RISK_OPEN};
	expect_ok(f, store_risk_create(f->s, f->p, &r, &f->d));
	r.probability = 0; /* no longer assessed */
	r.owner = NULL;
	r.mitigation = "Double source";
	r.status = RISK_CLOSED;
	expect_ok(f, store_risk_update(f->s, f->p, &r, 1, &f->d));

	int64_t element_id = 0;
	const char *fields[] = {"probability", "owner", "mitigation", "status"};
	for (size_t i = 0; i < 4; i++) {
		int64_t id = change_of(f, "risk", "update", fields[i]);
		assert_true(restorable(f, id));
		expect_ok(f, restore(f, id, &element_id));
		assert_int_equal(element_id, p1->id);
	}
	steering_data data = load_steering(f, f->p);
	assert_int_equal(data.risk_count, 1);
	const element_risk *x = &data.risks[0];
	assert_int_equal(x->probability, 3);
	assert_int_equal(x->impact, 2);
	assert_string_equal(x->owner, "DSI");
	assert_null(x->mitigation);
	assert_int_equal(x->status, RISK_OPEN);
	assert_int_equal(x->version, 6);
	assert_string_equal(history(f, "risk", "probability"), "3|∅\n∅|3\n");
	assert_string_equal(history(f, "risk", "status"), "ouvert|clos\nclos|ouvert\n");

	/* Redo the probability's restore: not assessed again. */
	expect_ok(f, restore(f, change_of(f, "risk", "update", "probability"), &element_id));
	assert_int_equal(load_steering(f, f->p).risks[0].probability, 0);
	/* The first change of the owner: it wrote none, there is one now. */
	int64_t owner = query(f, "SELECT min(id) FROM change_log WHERE entity = 'risk'"
	                         " AND field = 'owner'");
	expect_refused(f, owner, STORE_CONFLICT, "owner",
	               "owner a changé depuis (valeur actuelle : « DSI »)");
	expect_refused(f, change_of(f, "risk", "create", NULL), STORE_INVALID, "change",
	               "ne se rétablit pas d'un clic");
}

/* ---- an element's status --------------------------------------------------------------- */

static void test_restore_status(void **state)
{
	fixture *f = *state;
	const plan_element *p1 = element(f->p, "P1");
	element_status x = {.element = p1, .has_progress = true, .progress_pct = 20,
	                    .weather = WEATHER_SUNNY, .phase = "recette"};
	assert_true(store_element_status_set(f->s, f->p, &x, DATE_NONE, NULL, &f->d));
	x.progress_pct = 50;
	x.weather = WEATHER_STORMY;
	x.phase = NULL;
	assert_true(store_element_status_set(f->s, f->p, &x, (jalon_date){2026, 5, 1},
	                                     "Retard du fournisseur", &f->d));
	assert_int_equal(query(f, "SELECT count(*) FROM weather_report"), 2);
	int64_t comment = change_of(f, "status", "update", "comment");
	assert_true(comment > 0);
	assert_false(restorable(f, comment));

	int64_t element_id = 0;
	int64_t progress = query(f, "SELECT max(id) FROM change_log WHERE entity = 'status'"
	                            " AND field = 'progress' AND new_value = '50'");
	const char *fields[] = {"weather", "phase"};
	expect_ok(f, restore(f, progress, &element_id));
	assert_int_equal(element_id, p1->id);
	for (size_t i = 0; i < 2; i++) {
		int64_t id = query(f, arena_printf(f->a, "SELECT max(id) FROM change_log WHERE"
		                                         " entity = 'status' AND field = '%s'",
		                                   fields[i]));
		assert_true(restorable(f, id));
		expect_ok(f, restore(f, id, &element_id));
	}
	assert_string_equal(rows_text(f, "SELECT progress_pct, weather, phase FROM element_status"),
	                    "20|soleil|recette\n");
	/* A weather back is history too: a third report, without comment. */
	assert_string_equal(rows_text(f, "SELECT weather, comment FROM weather_report ORDER BY id"),
	                    "soleil|∅\norage|Retard du fournisseur\nsoleil|∅\n");
	assert_string_equal(history(f, "status", "progress"), "∅|20\n20|50\n50|20\n");
	assert_true(restorable(f, change_of(f, "status", "update", "progress")));

	/* The first progress change (none → 20) once the progress moved again. */
	int64_t first = query(f, "SELECT min(id) FROM change_log WHERE entity = 'status'"
	                         " AND field = 'progress'");
	expect_ok(f, restore(f, first, &element_id));
	assert_string_equal(rows_text(f, "SELECT coalesce(progress_pct, 'none') FROM element_status"),
	                    "none\n");
	expect_refused(f, progress, STORE_CONFLICT, "progress",
	               "progress a changé depuis (valeur actuelle : « — »)");
	expect_refused(f, comment, STORE_INVALID, "change", "ni un commentaire");
}

/* ---- the general entry point -------------------------------------------------------- */

static void test_restore_dispatch(void **state)
{
	fixture *f = *state;
	/* An element's own field goes to element_store.c. */
	plan *p = load_ok(f, "sdn");
	plan_element e = plan_element_copy(f->a, p, element(p, "P2"));
	e.title = "Réseau du campus";
	expect_ok(f, store_element_update(f->s, f->a, p, &e, e.version, &f->d));
	int64_t title = change_of(f, "element", "update", "title");
	assert_true(restorable(f, title));
	int64_t element_id = 0;
	expect_ok(f, restore(f, title, &element_id));
	assert_int_equal(element_id, e.id);
	assert_string_equal(element(load_ok(f, "sdn"), "P2")->title, "Réseau");

	/* Unknown rows, rows of another plan, fields with no restore. */
	expect_refused(f, 999999, STORE_NOT_FOUND, "change", "changement 999999 introuvable");
	plan *other = load_ok(f, "autre");
	milestone m = {.element = element(other, "P1"), .title = "Autre", .planned = {2026, 1, 1}};
	expect_ok(f, store_milestone_create(f->s, other, &m, &f->d));
	m.title = "Autre jalon";
	expect_ok(f, store_milestone_update(f->s, other, &m, 1, &f->d));
	expect_refused(f, change_of(f, "milestone", "update", "title"), STORE_NOT_FOUND, "change",
	               "introuvable dans ce plan");
	assert_false(store_change_restorable(f->p, "milestone", "element", "update"));
	assert_false(store_change_restorable(f->p, "milestone", "title", "create"));
	assert_false(store_change_restorable(f->p, "risk", "nonsense", "update"));
	assert_false(store_change_restorable(f->p, "dependency", NULL, "update"));
	assert_false(store_change_restorable(f->p, "status", "comment", "update"));
	assert_false(store_change_restorable(f->p, "measurement", "value", "update"));
	assert_true(store_change_restorable(f->p, "status", "phase", "update"));
	assert_true(store_change_restorable(f->p, "budget_line", "paid_cents", "update"));
	assert_true(store_change_restorable(f->p, "element", "budget", "update"));
	assert_false(store_change_restorable(f->p, "element", "code", "update"));
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, fixture_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_restore_milestone),
		T(test_restore_milestone_refused_by_writer),
		T(test_restore_budget_line),
		T(test_restore_risk),
		T(test_restore_status),
		T(test_restore_dispatch),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
