/*
 * test_digest.c — unit tests for "since the last meeting" (store/digest.c).
 *
 * A hand-made history on a small plan: two axes, a committee steering the first
 * (COPIL usagers) and one steering the whole plan (CA). Changes go through the real
 * writers (item_store.h, the status writer, the measurement writer); the journal's
 * times, the measurements' entry times are then set to chosen days so the window is
 * exact. Committees, meetings and action items are plain rows. Each case compares the
 * whole digest, one line per entry, with what a committee member expects to read.
 */
#include "store_fixture.h"
#include "store/digest.h"
#include "store/indicator_store.h"
#include "store/item_store.h"

static const char sample_csv[] =
	"code;parent;niveau;intitule\n"
	"AX1;;Axe;Usagers\n"
	"P1;AX1;Projet;Portail\n"
	"P2;AX1;Projet;Réseau\n"
	"AX2;;Axe;Recherche\n"
	"P3;AX2;Projet;Calcul\n";

/* Journal rows up to this id have their time set already. */
static int64_t stamped;

static void expect_ok(fixture *f, store_result r)
{
	if (r != STORE_OK) {
		print_diags(&f->d);
		fail_msg("expected STORE_OK, got %d", (int)r);
	}
}

/* The journal rows written since the last stamp happened on `day`, at 10:00 UTC. */
static void stamp(fixture *f, const char *day)
{
	exec_ok(f->s->sqlite, arena_printf(f->a,
		"UPDATE change_log SET at = '%sT10:00:00Z' WHERE id > %lld", day,
		(long long)stamped));
	stamped = query(f, "SELECT coalesce(max(id), 0) FROM change_log");
}

static jalon_date day(const char *iso)
{
	jalon_date d;
	const char *why;
	assert_true(date_parse(iso, &d, &why));
	return d;
}

static milestone *new_milestone(fixture *f, const char *code, const char *title,
                                const char *planned, const char *on)
{
	milestone *m = arena_alloc(f->a, sizeof(*m));
	m->element = element(f->p, code);
	m->title = title;
	m->planned = day(planned);
	expect_ok(f, store_milestone_create(f->s, f->p, m, &f->d));
	stamp(f, on);
	return m;
}

static void move_forecast(fixture *f, milestone *m, const char *forecast, const char *on)
{
	m->forecast = day(forecast);
	expect_ok(f, store_milestone_update(f->s, f->p, m, 0, &f->d));
	stamp(f, on);
}

static element_risk *new_risk(fixture *f, const char *code, const char *description,
                              int probability, int impact, const char *on)
{
	element_risk *r = arena_alloc(f->a, sizeof(*r));
	r->element = element(f->p, code);
	r->description = description;
	r->probability = probability;
	r->impact = impact;
	expect_ok(f, store_risk_create(f->s, f->p, r, &f->d));
	stamp(f, on);
	return r;
}

static void assess(fixture *f, element_risk *r, int probability, int impact, const char *on)
{
	r->probability = probability;
	r->impact = impact;
	expect_ok(f, store_risk_update(f->s, f->p, r, 0, &f->d));
	stamp(f, on);
}

static void set_weather(fixture *f, const char *code, weather w, const char *on)
{
	element_status x = {.element = element(f->p, code), .weather = w};
	if (!store_element_status_set(f->s, f->p, &x, day(on), NULL, &f->d)) {
		print_diags(&f->d);
		fail_msg("store_element_status_set failed");
	}
	stamp(f, on);
}

/* A measurement of indicator `code` on `measured`, entered on `entered`. */
static void measure(fixture *f, const char *code, const char *measured, double value,
                    const char *entered)
{
	indicator_data data;
	assert_true(store_indicators_load(f->s, f->a, f->p, MEASUREMENTS_NONE, &data, &f->d));
	measurement m = {0};
	for (size_t k = 0; k < data.indicator_count; k++)
		if (strcmp(data.indicators[k].code, code) == 0)
			m.indicator = &data.indicators[k];
	assert_non_null(m.indicator);
	m.date = day(measured);
	m.value = value;
	expect_ok(f, store_measurement_put(f->s, f->p, &m, &f->d));
	exec_ok(f->s->sqlite, arena_printf(f->a,
		"UPDATE measurement SET entered_at = '%sT09:00:00Z' WHERE id = %lld", entered,
		(long long)m.id));
	stamp(f, entered);
}

/* The history every case reads. */
static int setup(void **state)
{
	if (fixture_setup_plan(state, "digest", sample_csv) != 0)
		return -1;
	fixture *f = *state;
	stamped = 0;
	stamp(f, "2026-01-05");
	int64_t plan_id = f->p->id;
	exec_ok(f->s->sqlite, arena_printf(f->a,
		"INSERT INTO instance (id, plan_id, kind, name, position) VALUES"
		" (1, %1$lld, 'pilotage', 'COPIL usagers', 0), (2, %1$lld, 'gouvernance', 'CA', 1),"
		" (3, %1$lld, 'operationnel', 'Équipe recherche', 2);"
		"INSERT INTO instance_element (instance_id, element_id, position) VALUES"
		" (1, %2$lld, 0), (3, %3$lld, 0);"
		"INSERT INTO meeting (id, instance_id, held_on, status) VALUES"
		" (10, 1, '2026-01-15', 'tenue'), (11, 1, '2026-03-01', 'tenue'),"
		" (12, 1, '2026-03-20', 'annulee'), (13, 1, '2026-04-01', 'prevue'),"
		" (20, 2, '2026-04-15', 'prevue'), (30, 3, '2026-03-05', 'tenue');"
		"INSERT INTO action_item (plan_id, meeting_id, element_id, text, due_on, status,"
		" created_on, closed_on) VALUES"
		" (%1$lld, 11, %4$lld, 'Relancer le prestataire', '2026-03-20', 'a-faire',"
		"  '2026-03-01', NULL),"
		" (%1$lld, 11, %5$lld, 'Chiffrer le câblage', '2026-03-25', 'faite',"
		"  '2026-03-01', '2026-03-28'),"
		" (%1$lld, 11, NULL, 'Rédiger la charte', '2026-03-15', 'en-cours',"
		"  '2026-03-01', NULL),"
		" (%1$lld, 30, NULL, 'Inventorier les serveurs', '2026-03-15', 'a-faire',"
		"  '2026-03-05', NULL),"
		" (%1$lld, 11, %6$lld, 'Migrer le cluster', '2026-03-15', 'a-faire',"
		"  '2026-03-01', NULL),"
		" (%1$lld, 11, %4$lld, 'Former les agents', '2026-03-10', 'faite',"
		"  '2026-03-01', '2026-04-03');"
		"INSERT INTO indicator (id, plan_id, position, code, name, direction, frequency,"
		" baseline_value, baseline_on, tolerance) VALUES"
		" (1, %1$lld, 0, 'IND1', 'Usage du portail', 'hausse', 'mensuelle', 0, '2026-01-01', 1),"
		" (2, %1$lld, 1, 'IND2', 'Heures de calcul', 'hausse', 'mensuelle', 0, '2026-01-01', 1);"
		"INSERT INTO indicator_target (indicator_id, target_on, value) VALUES"
		" (1, '2026-12-31', 100), (2, '2026-12-31', 100);"
		"INSERT INTO indicator_element (indicator_id, element_id, position) VALUES"
		" (1, %4$lld, 0), (2, %6$lld, 0);",
		(long long)plan_id, (long long)element(f->p, "AX1")->id,
		(long long)element(f->p, "AX2")->id, (long long)element(f->p, "P1")->id,
		(long long)element(f->p, "P2")->id, (long long)element(f->p, "P3")->id));

	/* Milestones. */
	milestone *recette = new_milestone(f, "P1", "Recette", "2026-05-01", "2026-01-10");
	move_forecast(f, recette, "2026-05-15", "2026-03-01"); /* the previous meeting's day */
	move_forecast(f, recette, "2026-06-01", "2026-03-10");
	move_forecast(f, recette, "2026-06-20", "2026-03-25");
	move_forecast(f, recette, "2026-07-01", "2026-04-10"); /* after the meeting */
	milestone *mep = new_milestone(f, "P2", "Mise en production", "2026-03-15", "2026-01-10");
	mep->status = MILESTONE_DONE;
	mep->actual = day("2026-03-14");
	expect_ok(f, store_milestone_update(f->s, f->p, mep, 0, &f->d));
	stamp(f, "2026-04-01"); /* the meeting's day */
	/* Validated by the previous meeting (01/03), recorded a few days after it: in the
	 * window by the journal, but no news to the next meeting. */
	milestone *bascule = new_milestone(f, "P2", "Bascule", "2026-03-01", "2026-01-10");
	bascule->status = MILESTONE_DONE;
	bascule->actual = day("2026-02-27");
	bascule->validated_by = "COPIL";
	bascule->validated_on = day("2026-03-01");
	expect_ok(f, store_milestone_update(f->s, f->p, bascule, 0, &f->d));
	stamp(f, "2026-03-05");
	milestone *calcul = new_milestone(f, "P3", "Cluster livré", "2026-05-01", "2026-01-10");
	move_forecast(f, calcul, "2026-06-01", "2026-03-10"); /* out of the branch */
	new_milestone(f, "P1", "Ouverture", "2026-03-20", "2026-01-10"); /* late */
	milestone *early = new_milestone(f, "P2", "Câblage", "2026-05-01", "2026-01-10");
	move_forecast(f, early, "2026-04-20", "2026-03-12"); /* moved earlier: not slipped */

	/* Risks. */
	element_risk *panne = new_risk(f, "P1", "Panne du prestataire", 2, 2, "2026-01-10");
	assess(f, panne, 3, 3, "2026-03-12");
	element_risk *budget = new_risk(f, "P2", "Dépassement", 3, 3, "2026-01-10");
	assess(f, budget, 2, 3, "2026-03-12"); /* less critical */
	new_risk(f, "P2", "Départ du chef de projet", 1, 4, "2026-03-20");
	new_risk(f, "P3", "Panne électrique", 4, 4, "2026-03-20"); /* out of the branch */

	/* A budget line whose planned amount went up. */
	budget_line line = {.element = element(f->p, "P1"), .year = 2026,
	                    .nature = NATURE_INVESTMENT, .source = "État",
	                    .planned_cents = 100000};
	expect_ok(f, store_budget_line_create(f->s, f->a, f->p, &line, &f->d));
	stamp(f, "2026-01-10");
	line.planned_cents = 150000;
	expect_ok(f, store_budget_line_update(f->s, f->a, f->p, &line, 0, &f->d));
	stamp(f, "2026-03-15");

	/* Weather. */
	set_weather(f, "P1", WEATHER_SUNNY, "2026-02-01");
	set_weather(f, "P1", WEATHER_STORMY, "2026-03-18");
	set_weather(f, "P3", WEATHER_STORMY, "2026-03-18"); /* out of the branch */

	/* Indicators: IND1 (P1) far behind its path, IND2 (P3) out of the branch. */
	measure(f, "IND1", "2026-03-20", 5, "2026-03-21");
	measure(f, "IND2", "2026-03-20", 2, "2026-03-21");
	return 0;
}

/* The digest, one line per entry: "kind|subject|before|after|detail|date|element". */
static const char *digest_text(fixture *f, const meeting_digest *dg)
{
	buf out = {0};
	buf_puts(&out, "");
	for (size_t k = 0; k < dg->count; k++) {
		const digest_entry *e = &dg->entries[k];
		char date[11];
		date_format_iso(e->date, date);
		buf_printf(&out, "%s|%s|%s|%s|%s|%s|%s\n", digest_kind_key(e->kind), e->subject,
		           e->before ? e->before : "∅", e->after ? e->after : "∅",
		           e->detail ? e->detail : "∅", date, e->element ? e->element->code : "∅");
	}
	const char *text = arena_strdup(f->a, out.data);
	buf_free(&out);
	return text;
}

static meeting the_meeting(int64_t id, int64_t instance_id, const char *held_on)
{
	meeting m = {.id = id, .instance_id = instance_id, .start_minute = -1};
	m.date = day(held_on);
	return m;
}

static meeting_digest meeting_digest_ok(fixture *f, const meeting *m, const char *today)
{
	meeting_digest dg;
	expect_ok(f, store_meeting_digest(f->s, f->a, f->p, m, day(today), &dg, &f->d));
	return dg;
}

/* The COPIL of 1 April: since 1 March (excluded), its branch AX1 only. */
static void test_meeting_of_a_branch(void **state)
{
	fixture *f = *state;
	meeting m = the_meeting(13, 1, "2026-04-01");
	meeting_digest dg = meeting_digest_ok(f, &m, "2026-11-23");
	assert_true(dg.has_previous);
	assert_int_equal(dg.previous_meeting_id, 11); /* the cancelled one is skipped */
	assert_same_date(dg.previous_date, day("2026-03-01"));
	assert_same_date(dg.from, day("2026-03-02"));
	assert_same_date(dg.to, day("2026-04-01"));
	assert_string_equal(digest_text(f, &dg),
		"weather|Portail|soleil|orage|∅|2026-03-18|P1\n"
		"milestone_reached|Mise en production|∅|2026-03-14|∅|2026-04-01|P2\n"
		"milestone_slipped|Ouverture|2026-03-20|∅|∅|2026-03-20|P1\n"
		"milestone_slipped|Recette|2026-05-15|2026-06-20|∅|2026-03-25|P1\n"
		"budget|2026 investissement État|100000|150000|montant prévu|2026-03-15|P1\n"
		"risk_new|Départ du chef de projet|∅|4|∅|2026-03-20|P2\n"
		"risk_worsened|Panne du prestataire|4|9|∅|2026-03-12|P1\n"
		"indicator_updated|IND1 — Usage du portail|∅|5|2026-03-20|2026-03-21|P1\n"
		"indicator_off_track|IND1 — Usage du portail|∅|5|2026-03-20|2026-03-20|P1\n"
		"action_closed|Chiffrer le câblage|∅|faite|∅|2026-03-28|P2\n"
		"action_overdue|Former les agents|∅|2026-03-10|∅|2026-03-10|P1\n"
		"action_overdue|Rédiger la charte|∅|2026-03-15|∅|2026-03-15|∅\n"
		"action_overdue|Relancer le prestataire|∅|2026-03-20|∅|2026-03-20|P1\n");
}

/* The CA's first meeting: 30 days back, the whole plan. */
static void test_first_meeting_of_the_whole_plan(void **state)
{
	fixture *f = *state;
	meeting m = the_meeting(20, 2, "2026-04-15");
	meeting_digest dg = meeting_digest_ok(f, &m, "2026-11-23");
	assert_false(dg.has_previous);
	assert_same_date(dg.from, day("2026-03-16"));
	assert_same_date(dg.to, day("2026-04-15"));
	assert_string_equal(digest_text(f, &dg),
		"weather|Portail|soleil|orage|∅|2026-03-18|P1\n"
		"weather|Calcul|∅|orage|∅|2026-03-18|P3\n"
		"milestone_reached|Mise en production|∅|2026-03-14|∅|2026-04-01|P2\n"
		"milestone_slipped|Ouverture|2026-03-20|∅|∅|2026-03-20|P1\n"
		"milestone_slipped|Recette|2026-06-01|2026-07-01|∅|2026-04-10|P1\n"
		"risk_new|Départ du chef de projet|∅|4|∅|2026-03-20|P2\n"
		"risk_new|Panne électrique|∅|16|∅|2026-03-20|P3\n"
		"indicator_updated|IND1 — Usage du portail|∅|5|2026-03-20|2026-03-21|P1\n"
		"indicator_updated|IND2 — Heures de calcul|∅|2|2026-03-20|2026-03-21|P3\n"
		"indicator_off_track|IND1 — Usage du portail|∅|5|2026-03-20|2026-03-20|P1\n"
		"indicator_off_track|IND2 — Heures de calcul|∅|2|2026-03-20|2026-03-20|P3\n"
		"action_closed|Chiffrer le câblage|∅|faite|∅|2026-03-28|P2\n"
		"action_closed|Former les agents|∅|faite|∅|2026-04-03|P1\n"
		"action_overdue|Migrer le cluster|∅|2026-03-15|∅|2026-03-15|P3\n"
		"action_overdue|Rédiger la charte|∅|2026-03-15|∅|2026-03-15|∅\n"
		"action_overdue|Inventorier les serveurs|∅|2026-03-15|∅|2026-03-15|∅\n"
		"action_overdue|Relancer le prestataire|∅|2026-03-20|∅|2026-03-20|P1\n");
}

/* A meeting in the future: the window stops today; a digest between two days of a
 * branch, through store_digest_between. */
static void test_future_meeting_and_between(void **state)
{
	fixture *f = *state;
	meeting m = the_meeting(13, 1, "2026-04-01");
	meeting_digest dg = meeting_digest_ok(f, &m, "2026-03-12");
	assert_same_date(dg.to, day("2026-03-12"));
	assert_string_equal(digest_text(f, &dg),
		"milestone_slipped|Recette|2026-05-15|2026-06-01|∅|2026-03-10|P1\n"
		"risk_worsened|Panne du prestataire|4|9|∅|2026-03-12|P1\n"
		"action_overdue|Former les agents|∅|2026-03-10|∅|2026-03-10|P1\n");

	const plan_element *branches[] = {element(f->p, "AX2")};
	meeting_digest between;
	expect_ok(f, store_digest_between(f->s, f->a, f->p, branches, 1, day("2026-03-10"),
	                                  day("2026-03-20"), &between, &f->d));
	assert_string_equal(digest_text(f, &between),
		"weather|Calcul|∅|orage|∅|2026-03-18|P3\n"
		"milestone_slipped|Cluster livré|2026-05-01|2026-06-01|∅|2026-03-10|P3\n"
		"risk_new|Panne électrique|∅|16|∅|2026-03-20|P3\n"
		"indicator_off_track|IND2 — Heures de calcul|∅|2|2026-03-20|2026-03-20|P3\n"
		"action_overdue|Migrer le cluster|∅|2026-03-15|∅|2026-03-15|P3\n");
}

/* Budget lines created, deleted, imported; one that came and went within the window
 * is not news. The whole plan, through store_digest_between. */
static void test_budget_lines(void **state)
{
	fixture *f = *state;
	budget_line created = {.element = element(f->p, "P2"), .year = 2026,
	                       .nature = NATURE_OPERATING, .source = "Région",
	                       .planned_cents = 5000};
	expect_ok(f, store_budget_line_create(f->s, f->a, f->p, &created, &f->d));
	stamp(f, "2026-05-03");
	int64_t old = query(f, "SELECT min(id) FROM budget_line");
	expect_ok(f, store_budget_line_delete(f->s, f->p, old, 0, &f->d));
	stamp(f, "2026-05-10");
	budget_line brief = {.element = element(f->p, "P1"), .year = 2027,
	                     .nature = NATURE_INVESTMENT, .source = "CPER", .planned_cents = 1};
	expect_ok(f, store_budget_line_create(f->s, f->a, f->p, &brief, &f->d));
	stamp(f, "2026-05-12");
	expect_ok(f, store_budget_line_delete(f->s, f->p, brief.id, 0, &f->d));
	stamp(f, "2026-05-13");
	budget_line imported[] = {
		{.element = element(f->p, "P3"), .year = 2027, .nature = NATURE_INVESTMENT,
		 .source = "État", .planned_cents = 700},
		{.element = element(f->p, "P3"), .year = 2028, .nature = NATURE_INVESTMENT,
		 .source = "État", .planned_cents = 800},
	};
	if (!store_budget_lines_save(f->s, f->p, imported, 2, false, &f->d)) {
		print_diags(&f->d);
		fail_msg("store_budget_lines_save failed");
	}
	stamp(f, "2026-05-20");

	meeting_digest dg;
	expect_ok(f, store_digest_between(f->s, f->a, f->p, NULL, 0, day("2026-05-01"),
	                                  day("2026-05-31"), &dg, &f->d));
	assert_false(dg.has_previous);
	assert_string_equal(digest_text(f, &dg),
		"milestone_slipped|Câblage|2026-05-01|∅|∅|2026-05-01|P2\n"
		"budget|2026 fonctionnement Région||5000|ligne créée|2026-05-03|P2\n"
		"budget|2026 investissement État|∅||ligne supprimée|2026-05-10|P1\n"
		"budget|Import de lignes budgétaires|∅|∅|2 lignes budgétaires|2026-05-20|∅\n"
		"indicator_off_track|IND1 — Usage du portail|∅|5|2026-03-20|2026-03-20|P1\n"
		"indicator_off_track|IND2 — Heures de calcul|∅|2|2026-03-20|2026-03-20|P3\n"
		"action_overdue|Migrer le cluster|∅|2026-03-15|∅|2026-03-15|P3\n"
		"action_overdue|Rédiger la charte|∅|2026-03-15|∅|2026-03-15|∅\n"
		"action_overdue|Inventorier les serveurs|∅|2026-03-15|∅|2026-03-15|∅\n"
		"action_overdue|Relancer le prestataire|∅|2026-03-20|∅|2026-03-20|P1\n");
}

static void test_unknown_instance_and_labels(void **state)
{
	fixture *f = *state;
	meeting m = the_meeting(99, 42, "2026-04-01");
	meeting_digest dg;
	assert_int_equal(store_meeting_digest(f->s, f->a, f->p, &m, day("2026-11-23"), &dg, &f->d),
	                 STORE_NOT_FOUND);
	for (int k = 0; k < DIGEST_KIND_COUNT; k++) {
		assert_non_null(digest_kind_key((digest_kind)k));
		assert_non_null(digest_kind_label((digest_kind)k));
	}
	assert_string_equal(digest_kind_key(DIGEST_ACTION_OVERDUE), "action_overdue");
	assert_string_equal(digest_kind_label(DIGEST_WEATHER), "Météo");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_meeting_of_a_branch, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_first_meeting_of_the_whole_plan, setup,
		                                fixture_teardown),
		cmocka_unit_test_setup_teardown(test_future_meeting_and_between, setup,
		                                fixture_teardown),
		cmocka_unit_test_setup_teardown(test_budget_lines, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_unknown_instance_and_labels, setup,
		                                fixture_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
