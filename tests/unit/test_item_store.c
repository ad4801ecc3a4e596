/*
 * test_item_store.c — unit tests for single steering items (store/item_store.c):
 * milestones, budget lines, risks, dependencies, qualifications and the plan's lists.
 *
 * Each case works on its own database file in /tmp holding two plans imported from
 * CSV ("sdn", the one written to, and "autre", whose items must stay out of reach).
 * What a user would check: values read back through store_steering_load, every
 * refusal named by its field, stale versions refused, and — for every refusal — the
 * database exactly as it was, journal included (every table concerned is dumped
 * before and after).
 */
#include "store_fixture.h"
#include "store/indicator_store.h"
#include "store/item_store.h"

static const char sample_csv[] =
	"code;parent;niveau;intitule\n"
	"AX1;;Axe;Usagers\n"
	"P1;AX1;Projet;Portail\n"
	"P2;AX1;Projet;Réseau\n"
	"P3;AX1;Projet;Annuaire\n";

static int setup(void **state)
{
	return fixture_setup_two_plans(state, "items", sample_csv);
}

/* Every row of every table an item write may touch, the journal included: equal
 * dumps mean nothing was written. */
static const char *dump(fixture *f)
{
	static const char *const tables[] = {
		"milestone", "budget_line", "risk", "element_dependency", "milestone_dependency",
		"element_qualification", "element_score", "element_status", "funding_source",
		"plan_phase", "qualification_criterion", "indicator", "indicator_family",
		"change_log",
	};
	return dump_tables(f, tables, sizeof(tables) / sizeof(tables[0]), "1, 2");
}

/* A diag on `field` whose message contains `text`; the list is then emptied. */
static void expect_diag(fixture *f, const char *field, const char *text)
{
	for (size_t i = 0; i < f->d.count; i++) {
		const diag_entry *x = &f->d.items[i];
		bool same_field = field ? x->file && strcmp(x->file, field) == 0 : x->file == NULL;
		if (same_field && strstr(x->message, text))
			return;
	}
	print_diags(&f->d);
	fail_msg("no diag on %s containing « %s »", field ? field : "(none)", text);
}

static void clear_diags(fixture *f)
{
	diag_init(&f->d, f->a);
}

static void expect_ok(fixture *f, store_result r)
{
	if (r != STORE_OK) {
		print_diags(&f->d);
		fail_msg("expected STORE_OK, got %d", (int)r);
	}
}

/* The journal rows of one entity and action: "field|old|new\n" in order. */
static const char *journal(fixture *f, const char *entity, const char *action)
{
	return rows_text(f, arena_printf(f->a,
		"SELECT field, old_value, new_value FROM change_log WHERE entity = '%s'"
		" AND action = '%s' ORDER BY id", entity, action));
}

static milestone sample_milestone(const plan_element *e, const char *title)
{
	return (milestone){.element = e, .title = title, .planned = {2026, 3, 1},
	                   .status = MILESTONE_PLANNED};
}

/* ---- milestones ---------------------------------------------------------------------- */

static void test_milestone_create_update_delete(void **state)
{
	fixture *f = *state;
	const plan_element *p1 = element(f->p, "P1"), *p2 = element(f->p, "P2");
	milestone m = {.element = p1, .title = "Recette", .planned = {2026, 3, 1},
	               .forecast = {2026, 4, 15}, .deliverable = "PV de recette",
	               .validated_by = "COPIL", .validated_on = {2026, 2, 1},
	               .minutes_ref = "PV-12"};
	milestone m2 = sample_milestone(p1, "Mise en production");
	expect_ok(f, store_milestone_create(f->s, f->p, &m, &f->d));
	expect_ok(f, store_milestone_create(f->s, f->p, &m2, &f->d));
	assert_true(m.id > 0);
	assert_int_equal(m.version, 1);
	assert_string_equal(rows_text(f, "SELECT title, position FROM milestone ORDER BY id"),
	                    "Recette|0\nMise en production|1\n");
	steering_data data = load_steering(f, f->p);
	assert_int_equal(data.milestone_count, 2);
	const milestone *x = &data.milestones[0];
	assert_int_equal(x->id, m.id);
	assert_ptr_equal(x->element, p1);
	assert_string_equal(x->title, "Recette");
	assert_int_equal(date_compare(x->planned, (jalon_date){2026, 3, 1}), 0);
	assert_int_equal(date_compare(x->forecast, (jalon_date){2026, 4, 15}), 0);
	assert_string_equal(x->deliverable, "PV de recette");
	assert_string_equal(x->validated_by, "COPIL");
	assert_int_equal(date_compare(x->validated_on, (jalon_date){2026, 2, 1}), 0);
	assert_string_equal(x->minutes_ref, "PV-12");
	assert_int_equal(x->version, 1);
	assert_string_equal(journal(f, "milestone", "create"),
	                    "∅|∅|Recette\n∅|∅|Mise en production\n");

	/* Reached, moved to P2 (last there), forecast dropped. */
	m.status = MILESTONE_DONE;
	m.actual = (jalon_date){2026, 4, 20};
	m.forecast = DATE_NONE;
	m.element = p2;
	m.title = "Recette finale";
	expect_ok(f, store_milestone_update(f->s, f->p, &m, 1, &f->d));
	assert_int_equal(m.version, 2);
	data = load_steering(f, f->p);
	assert_int_equal(data.milestone_count, 2);
	x = &data.milestones[1]; /* P2 comes after P1 */
	assert_ptr_equal(x->element, p2);
	assert_string_equal(x->title, "Recette finale");
	assert_int_equal(x->status, MILESTONE_DONE);
	assert_int_equal(date_compare(x->actual, (jalon_date){2026, 4, 20}), 0);
	assert_false(date_is_set(x->forecast));
	assert_int_equal(x->version, 2);
	assert_string_equal(journal(f, "milestone", "update"),
	                    "element|P1|P2\n"
	                    "title|Recette|Recette finale\n"
	                    "forecast|2026-04-15|∅\n"
	                    "actual|∅|2026-04-20\n"
	                    "status|a-venir|atteint\n");
	assert_string_equal(rows_text(f, "SELECT DISTINCT element_code, entity_id FROM change_log"
	                                 " WHERE action = 'update'"),
	                    arena_printf(f->a, "P2|%lld\n", (long long)m.id));

	/* The version the user saw is stale now: nothing written. */
	const char *before = dump(f);
	m.title = "Autre titre";
	assert_int_equal(store_milestone_update(f->s, f->p, &m, 1, &f->d), STORE_CONFLICT);
	expect_diag(f, NULL, "modifié entre-temps");
	assert_int_equal(store_milestone_delete(f->s, f->p, m.id, 1, &f->d), STORE_CONFLICT);
	assert_string_equal(dump(f), before);
	/* 0: whatever the version. */
	expect_ok(f, store_milestone_update(f->s, f->p, &m, 0, &f->d));
	assert_int_equal(m.version, 3);

	expect_ok(f, store_milestone_delete(f->s, f->p, m.id, 3, &f->d));
	assert_int_equal(query(f, "SELECT count(*) FROM milestone"), 1);
	assert_string_equal(journal(f, "milestone", "delete"), "∅|Autre titre|∅\n");
	assert_int_equal(store_milestone_delete(f->s, f->p, m.id, 0, &f->d), STORE_NOT_FOUND);
	expect_diag(f, NULL, arena_printf(f->a, "aucun jalon n° %lld", (long long)m.id));
	assert_int_equal(store_milestone_update(f->s, f->p, &m, 0, &f->d), STORE_NOT_FOUND);
}

static void test_milestone_refusals(void **state)
{
	fixture *f = *state;
	const char *before = dump(f);
	milestone m = {.element = NULL, .title = " ", .status = MILESTONE_DONE,
	               .forecast = {2026, 2, 30}};
	assert_int_equal(store_milestone_create(f->s, f->p, &m, &f->d), STORE_INVALID);
	expect_diag(f, "element", "élément du jalon manquant");
	expect_diag(f, "title", "intitulé du jalon manquant");
	expect_diag(f, "planned", "date prévue manquante");
	expect_diag(f, "forecast", "date invalide 2026-02-30");
	expect_diag(f, "actual", "date réelle manquante");
	clear_diags(f);
	m = sample_milestone(element(f->other, "P1"), "Ailleurs");
	assert_int_equal(store_milestone_create(f->s, f->p, &m, &f->d), STORE_INVALID);
	expect_diag(f, "element", "aucun élément n°");
	m = sample_milestone(element(f->p, "P1"), "Statut");
	m.status = (milestone_status)7;
	assert_int_equal(store_milestone_create(f->s, f->p, &m, &f->d), STORE_INVALID);
	expect_diag(f, "status", "statut de jalon invalide");
	assert_string_equal(dump(f), before);

	/* An update refused on its values leaves the milestone as it was. */
	m = sample_milestone(element(f->p, "P1"), "Recette");
	expect_ok(f, store_milestone_create(f->s, f->p, &m, &f->d));
	before = dump(f);
	m.planned = DATE_NONE;
	assert_int_equal(store_milestone_update(f->s, f->p, &m, 1, &f->d), STORE_INVALID);
	expect_diag(f, "planned", "date prévue manquante");
	assert_string_equal(dump(f), before);
}

/* Items of plan "autre" are out of reach through plan "sdn": not found, nothing
 * written. */
static void test_items_of_another_plan(void **state)
{
	fixture *f = *state;
	milestone m = sample_milestone(element(f->other, "P1"), "Leur jalon");
	budget_line l = {.element = element(f->other, "P1"), .year = 2026, .source = "ANR"};
	element_risk r = {.element = element(f->other, "P1"), .description = "Leur risque"};
	expect_ok(f, store_milestone_create(f->s, f->other, &m, &f->d));
	expect_ok(f, store_budget_line_create(f->s, f->a, f->other, &l, &f->d));
	expect_ok(f, store_risk_create(f->s, f->other, &r, &f->d));

	const char *before = dump(f);
	milestone m2 = m;
	m2.element = element(f->p, "P1");
	assert_int_equal(store_milestone_update(f->s, f->p, &m2, 0, &f->d), STORE_NOT_FOUND);
	assert_int_equal(store_milestone_delete(f->s, f->p, m.id, 0, &f->d), STORE_NOT_FOUND);
	budget_line l2 = l;
	l2.element = element(f->p, "P1");
	assert_int_equal(store_budget_line_update(f->s, f->a, f->p, &l2, 0, &f->d), STORE_NOT_FOUND);
	expect_diag(f, NULL, "aucune ligne budgétaire n°");
	assert_int_equal(store_budget_line_delete(f->s, f->p, l.id, 0, &f->d), STORE_NOT_FOUND);
	element_risk r2 = r;
	r2.element = element(f->p, "P1");
	assert_int_equal(store_risk_update(f->s, f->p, &r2, 0, &f->d), STORE_NOT_FOUND);
	expect_diag(f, NULL, "aucun risque n°");
	assert_int_equal(store_risk_delete(f->s, f->p, r.id, 0, &f->d), STORE_NOT_FOUND);
	assert_int_equal(store_milestone_dependency_add(f->s, f->p, m.id, m.id + 99, &f->d),
	                 STORE_NOT_FOUND);
	expect_diag(f, "from", "aucun jalon n°");
	assert_int_equal(store_dependency_add(f->s, f->p, element(f->other, "P1"),
	                                      element(f->p, "P2"), &f->d), STORE_NOT_FOUND);
	expect_diag(f, "from", "aucun élément n°");
	element_qualification q = {.element = element(f->other, "P1")};
	assert_int_equal(store_qualification_set(f->s, f->p, &q, NULL, 0, 0, &f->d),
	                 STORE_NOT_FOUND);
	assert_string_equal(dump(f), before);
	/* Its own plan still reaches them. */
	expect_ok(f, store_risk_delete(f->s, f->other, r.id, 1, &f->d));
}

/* ---- budget lines ------------------------------------------------------------------------ */

static void test_budget_line_create_update_delete(void **state)
{
	fixture *f = *state;
	const plan_element *p1 = element(f->p, "P1");
	budget_line l = {.element = p1, .year = 2026, .nature = NATURE_INVESTMENT,
	                 .source = "etat", .planned_cents = 10000, .committed_cents = 2500};
	expect_ok(f, store_budget_line_create(f->s, f->a, f->p, &l, &f->d));
	assert_string_equal(l.source, "État"); /* the list's spelling */
	assert_int_equal(l.version, 1);
	steering_data data = load_steering(f, f->p);
	assert_int_equal(data.line_count, 1);
	assert_int_equal(data.lines[0].id, l.id);
	assert_ptr_equal(data.lines[0].element, p1);
	assert_int_equal(data.lines[0].year, 2026);
	assert_int_equal(data.lines[0].nature, NATURE_INVESTMENT);
	assert_string_equal(data.lines[0].source, "État");
	assert_int_equal(data.lines[0].planned_cents, 10000);
	assert_int_equal(data.lines[0].committed_cents, 2500);
	assert_int_equal(data.lines[0].paid_cents, 0);
	assert_int_equal(data.lines[0].version, 1);
	assert_string_equal(journal(f, "budget_line", "create"),
	                    "∅|∅|2026 investissement État\n");

	l.nature = NATURE_OPERATING;
	l.source = "RÉGION";
	l.planned_cents = 25000;
	l.paid_cents = 100;
	expect_ok(f, store_budget_line_update(f->s, f->a, f->p, &l, 1, &f->d));
	assert_int_equal(l.version, 2);
	assert_string_equal(l.source, "Région");
	assert_string_equal(journal(f, "budget_line", "update"),
	                    "nature|investissement|fonctionnement\n"
	                    "source|État|Région\n"
	                    "planned_cents|10000|25000\n"
	                    "paid_cents|0|100\n");
	data = load_steering(f, f->p);
	assert_int_equal(data.lines[0].version, 2);
	assert_int_equal(data.lines[0].planned_cents, 25000);

	const char *before = dump(f);
	assert_int_equal(store_budget_line_update(f->s, f->a, f->p, &l, 1, &f->d), STORE_CONFLICT);
	assert_int_equal(store_budget_line_delete(f->s, f->p, l.id, 1, &f->d), STORE_CONFLICT);
	expect_diag(f, NULL, "cette ligne budgétaire a été modifiée entre-temps");
	assert_string_equal(dump(f), before);
	expect_ok(f, store_budget_line_delete(f->s, f->p, l.id, 2, &f->d));
	assert_int_equal(query(f, "SELECT count(*) FROM budget_line"), 0);
	assert_string_equal(journal(f, "budget_line", "delete"),
	                    "∅|2026 fonctionnement Région|∅\n");
}

static void test_budget_line_refusals(void **state)
{
	fixture *f = *state;
	const char *before = dump(f);
	budget_line l = {.element = element(f->p, "P1"), .year = 999,
	                 .nature = (budget_nature)5, .source = "", .planned_cents = -1,
	                 .committed_cents = -2, .paid_cents = -3};
	assert_int_equal(store_budget_line_create(f->s, f->a, f->p, &l, &f->d), STORE_INVALID);
	expect_diag(f, "year", "année invalide 999 (de 1000 à 9999)");
	expect_diag(f, "nature", "nature invalide");
	expect_diag(f, "source", "source de financement manquante");
	expect_diag(f, "planned_cents", "montant prévu négatif");
	expect_diag(f, "committed_cents", "montant engagé négatif");
	expect_diag(f, "paid_cents", "montant payé négatif");
	clear_diags(f);
	l = (budget_line){.element = element(f->p, "P1"), .year = 2026, .source = "Mécénat"};
	assert_int_equal(store_budget_line_create(f->s, f->a, f->p, &l, &f->d), STORE_INVALID);
	expect_diag(f, "source", "source de financement inconnue « Mécénat » (sources du plan : "
	                         "ressources propres, État");
	assert_string_equal(dump(f), before);
}

/* ---- risks ----------------------------------------------------------------------------- */

static void test_risk_create_update_delete(void **state)
{
	fixture *f = *state;
	const plan_element *p2 = element(f->p, "P2");
	element_risk r = {.element = p2, .description = "Fournisseur défaillant",
	                  .probability = 3, .impact = 2, .mitigation = "Double source",
	                  .owner = "DSI", .status = RISK_TREATED};
	expect_ok(f, store_risk_create(f->s, f->p, &r, &f->d));
	assert_int_equal(r.version, 1);
	assert_string_equal(rows_text(f, "SELECT status FROM risk"), "en-traitement\n");
	steering_data data = load_steering(f, f->p);
	assert_int_equal(data.risk_count, 1);
	const element_risk *x = &data.risks[0];
	assert_int_equal(x->id, r.id);
	assert_ptr_equal(x->element, p2);
	assert_string_equal(x->description, "Fournisseur défaillant");
	assert_int_equal(x->probability, 3);
	assert_int_equal(x->impact, 2);
	assert_string_equal(x->mitigation, "Double source");
	assert_string_equal(x->owner, "DSI");
	assert_int_equal(x->status, RISK_TREATED);
	assert_int_equal(x->version, 1);
	assert_string_equal(journal(f, "risk", "create"), "∅|∅|Fournisseur défaillant\n");

	r.status = RISK_CLOSED;
	r.impact = 0; /* no longer assessed */
	r.mitigation = NULL;
	expect_ok(f, store_risk_update(f->s, f->p, &r, 1, &f->d));
	assert_int_equal(r.version, 2);
	assert_string_equal(journal(f, "risk", "update"),
	                    "impact|2|∅\nmitigation|Double source|∅\nstatus|en-traitement|clos\n");
	data = load_steering(f, f->p);
	assert_int_equal(data.risks[0].status, RISK_CLOSED);
	assert_int_equal(data.risks[0].impact, 0);
	assert_null(data.risks[0].mitigation);

	const char *before = dump(f);
	assert_int_equal(store_risk_update(f->s, f->p, &r, 1, &f->d), STORE_CONFLICT);
	expect_diag(f, NULL, "ce risque a été modifié entre-temps");
	assert_int_equal(store_risk_delete(f->s, f->p, r.id, 1, &f->d), STORE_CONFLICT);
	assert_string_equal(dump(f), before);
	expect_ok(f, store_risk_delete(f->s, f->p, r.id, 0, &f->d));
	assert_string_equal(journal(f, "risk", "delete"), "∅|Fournisseur défaillant|∅\n");
	assert_int_equal(store_risk_delete(f->s, f->p, r.id, 0, &f->d), STORE_NOT_FOUND);
}

static void test_risk_refusals(void **state)
{
	fixture *f = *state;
	element_risk r = {.element = element(f->p, "P1"), .description = "  ", .probability = 5,
	                  .impact = -1, .status = (risk_status)9};
	const char *before = dump(f);
	assert_int_equal(store_risk_create(f->s, f->p, &r, &f->d), STORE_INVALID);
	expect_diag(f, "description", "description du risque manquante");
	expect_diag(f, "probability", "probabilité invalide 5 (de 1 à 4)");
	expect_diag(f, "impact", "impact invalide -1 (de 1 à 4)");
	expect_diag(f, "status", "statut de risque invalide");
	assert_string_equal(dump(f), before);
}

/* ---- dependencies ---------------------------------------------------------------------- */

static void test_element_dependencies(void **state)
{
	fixture *f = *state;
	const plan_element *p1 = element(f->p, "P1"), *p2 = element(f->p, "P2"),
	                   *p3 = element(f->p, "P3");
	expect_ok(f, store_dependency_add(f->s, f->p, p1, p2, &f->d));
	expect_ok(f, store_dependency_add(f->s, f->p, p2, p3, &f->d));
	steering_data data = load_steering(f, f->p);
	assert_int_equal(data.dependency_count, 2);
	assert_ptr_equal(data.dependencies[0].from, p1);
	assert_ptr_equal(data.dependencies[0].to, p2);
	assert_string_equal(rows_text(f, "SELECT element_code, new_value FROM change_log"
	                                 " WHERE entity = 'dependency' ORDER BY id"),
	                    "P2|P1 → P2\nP3|P2 → P3\n");

	const char *before = dump(f);
	assert_int_equal(store_dependency_add(f->s, f->p, p1, p2, &f->d), STORE_CONFLICT);
	expect_diag(f, "to", "« P2 » dépend déjà de « P1 »");
	assert_int_equal(store_dependency_add(f->s, f->p, p1, p1, &f->d), STORE_INVALID);
	expect_diag(f, "to", "ne peut pas dépendre de lui-même");
	assert_int_equal(store_dependency_add(f->s, f->p, p2, p1, &f->d), STORE_INVALID);
	expect_diag(f, "to", "dépendance circulaire : « P2 » dépend déjà");
	/* Through P2: P3 comes after P1 already. */
	clear_diags(f);
	assert_int_equal(store_dependency_add(f->s, f->p, p3, p1, &f->d), STORE_INVALID);
	expect_diag(f, "to", "dépendance circulaire : « P3 » dépend déjà, directement ou non, "
	                     "de « P1 »");
	assert_int_equal(store_dependency_remove(f->s, f->p, p2, p1, &f->d), STORE_NOT_FOUND);
	expect_diag(f, NULL, "« P1 » ne dépend pas de « P2 »");
	assert_string_equal(dump(f), before);

	/* Another plan's dependencies are not part of the cycle check. */
	expect_ok(f, store_dependency_add(f->s, f->other, element(f->other, "P3"),
	                                  element(f->other, "P1"), &f->d));
	expect_ok(f, store_dependency_add(f->s, f->p, p1, p3, &f->d));

	expect_ok(f, store_dependency_remove(f->s, f->p, p1, p2, &f->d));
	data = load_steering(f, f->p);
	assert_int_equal(data.dependency_count, 2);
	assert_string_equal(journal(f, "dependency", "delete"), "∅|P1 → P2|∅\n");
	/* Without P1 → P2, P2 → P1 closes no cycle (P1 → P3 and P2 → P3 remain). */
	expect_ok(f, store_dependency_add(f->s, f->p, p2, p1, &f->d));
}

static void test_milestone_dependencies(void **state)
{
	fixture *f = *state;
	milestone m[3] = {sample_milestone(element(f->p, "P1"), "Marché"),
	                  sample_milestone(element(f->p, "P1"), "Recette"),
	                  sample_milestone(element(f->p, "P2"), "Mise en production")};
	for (int i = 0; i < 3; i++)
		expect_ok(f, store_milestone_create(f->s, f->p, &m[i], &f->d));
	expect_ok(f, store_milestone_dependency_add(f->s, f->p, m[0].id, m[1].id, &f->d));
	expect_ok(f, store_milestone_dependency_add(f->s, f->p, m[1].id, m[2].id, &f->d));
	steering_data data = load_steering(f, f->p);
	assert_int_equal(data.milestone_dependency_count, 2);
	assert_string_equal(data.milestone_dependencies[0].from->title, "Marché");
	assert_string_equal(data.milestone_dependencies[0].to->title, "Recette");
	assert_string_equal(data.milestone_dependencies[1].to->title, "Mise en production");
	assert_string_equal(rows_text(f, "SELECT element_code, new_value FROM change_log"
	                                 " WHERE entity = 'dependency' ORDER BY id DESC LIMIT 1"),
	                    "P2|« Recette » → « Mise en production »\n");

	const char *before = dump(f);
	assert_int_equal(store_milestone_dependency_add(f->s, f->p, m[0].id, m[1].id, &f->d),
	                 STORE_CONFLICT);
	assert_int_equal(store_milestone_dependency_add(f->s, f->p, m[1].id, m[1].id, &f->d),
	                 STORE_INVALID);
	expect_diag(f, "to", "un jalon ne peut pas dépendre de lui-même");
	assert_int_equal(store_milestone_dependency_add(f->s, f->p, m[2].id, m[0].id, &f->d),
	                 STORE_INVALID);
	expect_diag(f, "to", "dépendance circulaire : le jalon « Mise en production » dépend "
	                     "déjà, directement ou non, du jalon « Marché »");
	assert_int_equal(store_milestone_dependency_add(f->s, f->p, m[0].id, 9999, &f->d),
	                 STORE_NOT_FOUND);
	expect_diag(f, "to", "aucun jalon n° 9999 dans ce plan");
	assert_int_equal(store_milestone_dependency_remove(f->s, f->p, m[0].id, m[2].id, &f->d),
	                 STORE_NOT_FOUND);
	assert_string_equal(dump(f), before);

	expect_ok(f, store_milestone_dependency_remove(f->s, f->p, m[0].id, m[1].id, &f->d));
	data = load_steering(f, f->p);
	assert_int_equal(data.milestone_dependency_count, 1);
	assert_int_equal(query(f, "SELECT count(*) FROM change_log WHERE entity = 'dependency'"
	                          " AND action = 'delete'"), 1);
	/* Deleting a milestone takes its dependencies with it. */
	expect_ok(f, store_milestone_delete(f->s, f->p, m[2].id, 0, &f->d));
	assert_int_equal(query(f, "SELECT count(*) FROM milestone_dependency"), 0);
}

/* ---- qualification ----------------------------------------------------------------------- */

static void test_qualification(void **state)
{
	fixture *f = *state;
	const plan_element *p1 = element(f->p, "P1");
	element_qualification q = {.element = p1, .nature = PRIORITY_QUICK_WIN,
	                           .type = PROJECT_FLAGSHIP};
	element_score scores[] = {{.criterion = "Cout", .score = 2},
	                          {.criterion = "IMPACT", .score = 3}};
	expect_ok(f, store_qualification_set(f->s, f->p, &q, scores, 2, 0, &f->d));
	assert_int_equal(q.version, 1);
	steering_data data = load_steering(f, f->p);
	assert_int_equal(data.qualification_count, 1);
	assert_ptr_equal(data.qualifications[0].element, p1);
	assert_int_equal(data.qualifications[0].nature, PRIORITY_QUICK_WIN);
	assert_int_equal(data.qualifications[0].type, PROJECT_FLAGSHIP);
	assert_int_equal(data.qualifications[0].version, 1);
	assert_int_equal(data.score_count, 2);
	/* The list's order and spelling. */
	assert_string_equal(data.scores[0].criterion, "impact");
	assert_int_equal(data.scores[0].score, 3);
	assert_string_equal(data.scores[1].criterion, "coût");
	assert_int_equal(data.scores[1].score, 2);
	assert_string_equal(journal(f, "qualification", "update"),
	                    "nature|∅|quick-win\ntype|∅|projet-phare\nscores|∅|impact=3, coût=2\n");

	const char *before = dump(f);
	element_score bad[] = {{.criterion = "beauté", .score = 2},
	                       {.criterion = "coût", .score = 1},
	                       {.criterion = "COÛT", .score = 2}};
	assert_int_equal(store_qualification_set(f->s, f->p, &q, bad, 3, 1, &f->d), STORE_INVALID);
	expect_diag(f, "scores", "critère inconnu « beauté » (critères du plan : priorité, impact");
	expect_diag(f, "scores", "critère « coût » noté deux fois");
	element_score out_of_range = {.criterion = "impact", .score = 5};
	assert_int_equal(store_qualification_set(f->s, f->p, &q, &out_of_range, 1, 1, &f->d),
	                 STORE_INVALID);
	expect_diag(f, "scores", "note invalide 5 pour « impact » (de 1 à 4)");
	element_qualification wrong = q;
	wrong.nature = (priority_nature)8;
	wrong.type = (project_type)9;
	assert_int_equal(store_qualification_set(f->s, f->p, &wrong, NULL, 0, 1, &f->d),
	                 STORE_INVALID);
	expect_diag(f, "nature", "nature invalide");
	expect_diag(f, "type", "type de projet invalide");
	assert_int_equal(store_qualification_set(f->s, f->p, &q, NULL, 0, 7, &f->d),
	                 STORE_CONFLICT);
	expect_diag(f, NULL, "la qualification de cet élément a été modifiée");
	assert_string_equal(dump(f), before);

	/* All scores replaced; the nature cleared. */
	q.nature = PRIORITY_NATURE_UNSET;
	element_score again = {.criterion = "priorite", .score = 4};
	expect_ok(f, store_qualification_set(f->s, f->p, &q, &again, 1, 1, &f->d));
	assert_int_equal(q.version, 2);
	assert_string_equal(rows_text(f, "SELECT criterion, score FROM element_score"),
	                    "priorité|4\n");
	assert_string_equal(rows_text(f, "SELECT nature, project_type, version"
	                                 " FROM element_qualification"), "∅|projet-phare|2\n");
	assert_string_equal(journal(f, "qualification", "update"),
	                    "nature|∅|quick-win\ntype|∅|projet-phare\nscores|∅|impact=3, coût=2\n"
	                    "nature|quick-win|∅\nscores|impact=3, coût=2|priorité=4\n");
}

/* ---- the plan's lists ---------------------------------------------------------------------- */

static void test_plan_lists(void **state)
{
	fixture *f = *state;
	const plan_element *p1 = element(f->p, "P1");
	budget_line lines[] = {{.element = p1, .year = 2026, .source = "ANR"},
	                       {.element = p1, .year = 2027, .source = "ANR"},
	                       {.element = p1, .year = 2027, .source = "État"}};
	assert_true(store_budget_lines_save(f->s, f->p, lines, 3, false, &f->d));
	element_status x = {.element = p1, .phase = "recette"};
	assert_true(store_element_status_set(f->s, f->p, &x, DATE_NONE, NULL, &f->d));
	element_qualification q = {.element = p1};
	element_score score = {.criterion = "coût", .score = 2};
	expect_ok(f, store_qualification_set(f->s, f->p, &q, &score, 1, 0, &f->d));
	indicator indicators[] = {
		{.code = "I1", .name = "Taux", .family = "financier", .direction = DIRECTION_UP,
		 .frequency = FREQUENCY_QUARTERLY},
		{.code = "I2", .name = "Coût", .family = "financier", .direction = DIRECTION_DOWN,
		 .frequency = FREQUENCY_YEARLY},
		{.code = "I3", .name = "Usage", .family = "environnement",
		 .direction = DIRECTION_UP, .frequency = FREQUENCY_MONTHLY},
	};
	if (!store_indicators_save(f->s, f->p, indicators, 3, false, &f->d)) {
		print_diags(&f->d);
		fail_msg("store_indicators_save failed");
	}

	/* Dropping a name in use: which, and how many use it. */
	const char *before = dump(f);
	const char *sources[] = {"État", "Région"};
	assert_int_equal(store_plan_list_set(f->s, f->p, PLAN_LIST_FUNDING_SOURCES, sources, 2,
	                                     &f->d), STORE_INVALID);
	expect_diag(f, "names", "la source « ANR » ne peut pas être retirée : 2 lignes "
	                        "budgétaires l'utilisent");
	const char *phases[] = {"besoin", "clos"};
	assert_int_equal(store_plan_list_set(f->s, f->p, PLAN_LIST_PHASES, phases, 2, &f->d),
	                 STORE_INVALID);
	expect_diag(f, "names", "la phase « recette » ne peut pas être retirée : 1 élément est "
	                        "dans cette phase");
	const char *criteria[] = {"impact"};
	assert_int_equal(store_plan_list_set(f->s, f->p, PLAN_LIST_CRITERIA, criteria, 1, &f->d),
	                 STORE_INVALID);
	expect_diag(f, "names", "le critère « coût » ne peut pas être retiré : 1 élément a une "
	                        "note sur ce critère");
	const char *families[] = {"suivi de projet", "environnement"};
	assert_int_equal(store_plan_list_set(f->s, f->p, PLAN_LIST_FAMILIES, families, 2, &f->d),
	                 STORE_INVALID);
	expect_diag(f, "names", "la famille « financier » ne peut pas être retirée : 2 indicateurs "
	                        "sont de cette famille");
	const char *no_environment[] = {"financier"};
	assert_int_equal(store_plan_list_set(f->s, f->p, PLAN_LIST_FAMILIES, no_environment, 1,
	                                     &f->d), STORE_INVALID);
	expect_diag(f, "names", "la famille « environnement » ne peut pas être retirée : "
	                        "1 indicateur est de cette famille");
	const char *twice[] = {"Financier", "FINANCIER"};
	assert_int_equal(store_plan_list_set(f->s, f->p, PLAN_LIST_FAMILIES, twice, 2, &f->d),
	                 STORE_INVALID);
	expect_diag(f, "names", "« FINANCIER » en double : « Financier » est déjà dans la liste");
	/* Empty, blank and duplicate names. */
	assert_int_equal(store_plan_list_set(f->s, f->p, PLAN_LIST_PHASES, NULL, 0, &f->d),
	                 STORE_INVALID);
	expect_diag(f, "names", "au moins un nom");
	const char *bad[] = {"Région", "  ", "region"};
	assert_int_equal(store_plan_list_set(f->s, f->p, PLAN_LIST_FUNDING_SOURCES, bad, 3, &f->d),
	                 STORE_INVALID);
	expect_diag(f, "names", "nom vide en position 2");
	expect_diag(f, "names", "« region » en double : « Région » est déjà dans la liste");
	assert_string_equal(dump(f), before);

	/* A kept name may change its spelling: the rows using it follow. */
	const char *kept[] = {" anr ", "ETAT", "Mécénat"};
	expect_ok(f, store_plan_list_set(f->s, f->p, PLAN_LIST_FUNDING_SOURCES, kept, 3, &f->d));
	steering_data data = load_steering(f, f->p);
	assert_int_equal(data.funding_source_count, 3);
	assert_string_equal(data.funding_sources[0], "anr");
	assert_string_equal(data.funding_sources[1], "ETAT");
	assert_string_equal(data.funding_sources[2], "Mécénat");
	assert_string_equal(rows_text(f, "SELECT source FROM budget_line ORDER BY id"),
	                    "anr\nanr\nETAT\n");
	assert_string_equal(journal(f, "plan", "update"),
	                    "funding_sources|ressources propres|État|Région|CPER|FEDER|"
	                    "France 2030|ANR|Caisse des Dépôts|autre|anr|ETAT|Mécénat\n");

	const char *new_phases[] = {"Besoin", "Recette", "Clos"};
	expect_ok(f, store_plan_list_set(f->s, f->p, PLAN_LIST_PHASES, new_phases, 3, &f->d));
	assert_string_equal(rows_text(f, "SELECT phase FROM element_status"), "Recette\n");
	const char *new_criteria[] = {"Coût", "Risque"};
	expect_ok(f, store_plan_list_set(f->s, f->p, PLAN_LIST_CRITERIA, new_criteria, 2, &f->d));
	data = load_steering(f, f->p);
	assert_int_equal(data.criterion_count, 2);
	assert_string_equal(data.criteria[1], "Risque");
	assert_int_equal(data.score_count, 1);
	assert_string_equal(data.scores[0].criterion, "Coût");
	const char *new_families[] = {"Financier", "Environnement", "Qualité"};
	expect_ok(f, store_plan_list_set(f->s, f->p, PLAN_LIST_FAMILIES, new_families, 3, &f->d));
	assert_string_equal(rows_text(f, arena_printf(f->a, "SELECT name FROM indicator_family"
	                                                    " WHERE plan_id = %lld ORDER BY position",
	                                              (long long)f->p->id)),
	                    "Financier\nEnvironnement\nQualité\n");
	assert_string_equal(rows_text(f, "SELECT code, family, version FROM indicator ORDER BY code"),
	                    "I1|Financier|2\nI2|Financier|2\nI3|Environnement|2\n");
	assert_string_equal(rows_text(f, "SELECT old_value, new_value FROM change_log"
	                                 " WHERE entity = 'plan' AND field = 'indicator_families'"),
	                    "suivi de projet|performance opérationnelle|financier|"
	                    "adoption et satisfaction|sécurité et conformité|environnement|"
	                    "Financier|Environnement|Qualité\n");
	assert_int_equal(query(f, arena_printf(f->a, "SELECT count(*) FROM indicator_family"
	                                             " WHERE plan_id = %lld",
	                                       (long long)f->other->id)), 6);
	/* The other plan's lists are its own. */
	assert_int_equal(query(f, arena_printf(f->a, "SELECT count(*) FROM funding_source"
	                                             " WHERE plan_id = %lld",
	                                       (long long)f->other->id)), 9);
	/* The same list again: no journal row. */
	int64_t rows = query(f, "SELECT count(*) FROM change_log");
	expect_ok(f, store_plan_list_set(f->s, f->p, PLAN_LIST_CRITERIA, new_criteria, 2, &f->d));
	assert_int_equal(query(f, "SELECT count(*) FROM change_log"), rows);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, fixture_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_milestone_create_update_delete),
		T(test_milestone_refusals),
		T(test_items_of_another_plan),
		T(test_budget_line_create_update_delete),
		T(test_budget_line_refusals),
		T(test_risk_create_update_delete),
		T(test_risk_refusals),
		T(test_element_dependencies),
		T(test_milestone_dependencies),
		T(test_qualification),
		T(test_plan_lists),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
