/*
 * test_governance.c — unit tests for the committees' enumerations and the overdue rule
 * (core/governance.c): keys as the database writes them, French labels, and the words
 * people type in a CSV cell or a form.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/governance.h"

static void test_instance_kinds(void **state)
{
	(void)state;
	static const struct {
		const char *typed;
		instance_kind kind;
	} cases[] = {
		{"gouvernance", INSTANCE_GOVERNANCE}, {"Stratégique", INSTANCE_GOVERNANCE},
		{"STRATEGIQUE", INSTANCE_GOVERNANCE}, {"governance", INSTANCE_GOVERNANCE},
		{"pilotage", INSTANCE_STEERING},      {"COPIL", INSTANCE_STEERING},
		{"Comité de pilotage", INSTANCE_STEERING}, {"comite-de-pilotage", INSTANCE_STEERING},
		{"steering", INSTANCE_STEERING},      {"opérationnel", INSTANCE_OPERATIONAL},
		{"Operationnel", INSTANCE_OPERATIONAL}, {"suivi", INSTANCE_OPERATIONAL},
		{"comité de suivi", INSTANCE_OPERATIONAL}, {"operational", INSTANCE_OPERATIONAL},
		{"transverse", INSTANCE_TRANSVERSE},  {"Groupe de travail", INSTANCE_TRANSVERSE},
		{"working group", INSTANCE_TRANSVERSE},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		instance_kind k = (instance_kind)-1;
		if (!instance_kind_parse(cases[i].typed, &k))
			fail_msg("« %s » not parsed", cases[i].typed);
		assert_int_equal(k, cases[i].kind);
	}
	instance_kind k;
	assert_false(instance_kind_parse("comité", &k));
	assert_false(instance_kind_parse("", &k));
	assert_false(instance_kind_parse(NULL, &k));
	assert_string_equal(instance_kind_key(INSTANCE_OPERATIONAL), "operationnel");
	assert_string_equal(instance_kind_label(INSTANCE_OPERATIONAL), "opérationnel");
	assert_string_equal(instance_kind_key(INSTANCE_STEERING), "pilotage");
	/* Every key parses back to its value. */
	for (int i = INSTANCE_GOVERNANCE; i <= INSTANCE_TRANSVERSE; i++) {
		assert_true(instance_kind_parse(instance_kind_key((instance_kind)i), &k));
		assert_int_equal(k, i);
		assert_true(instance_kind_parse(instance_kind_label((instance_kind)i), &k));
		assert_int_equal(k, i);
	}
}

static void test_meeting_statuses_and_presence(void **state)
{
	(void)state;
	meeting_status s;
	for (int i = MEETING_PLANNED; i <= MEETING_CANCELLED; i++) {
		assert_true(meeting_status_parse(meeting_status_key((meeting_status)i), &s));
		assert_int_equal(s, i);
		assert_true(meeting_status_parse(meeting_status_label((meeting_status)i), &s));
		assert_int_equal(s, i);
	}
	assert_string_equal(meeting_status_key(MEETING_MINUTES_APPROVED), "cr-approuve");
	assert_string_equal(meeting_status_label(MEETING_CANCELLED), "annulée");
	assert_true(meeting_status_parse("CR approuvé", &s));
	assert_int_equal(s, MEETING_MINUTES_APPROVED);
	assert_true(meeting_status_parse("held", &s));
	assert_int_equal(s, MEETING_HELD);
	assert_false(meeting_status_parse("reportée", &s));

	attendee_presence p;
	assert_true(attendee_presence_parse("Excusée", &p));
	assert_int_equal(p, PRESENCE_EXCUSED);
	assert_true(attendee_presence_parse("présent", &p));
	assert_int_equal(p, PRESENCE_PRESENT);
	assert_string_equal(attendee_presence_key(PRESENCE_EXCUSED), "excuse");
	assert_false(attendee_presence_parse("peut-être", &p));
}

static void test_decisions(void **state)
{
	(void)state;
	decision_kind k;
	for (int i = DECISION_VALIDATION; i <= DECISION_OTHER; i++) {
		assert_true(decision_kind_parse(decision_kind_key((decision_kind)i), &k));
		assert_int_equal(k, i);
	}
	assert_string_equal(decision_kind_key(DECISION_POSTPONEMENT), "report");
	assert_true(decision_kind_parse("Arbitrage", &k));
	assert_int_equal(k, DECISION_ARBITRATION);
	assert_true(decision_kind_parse("postponement", &k));
	assert_int_equal(k, DECISION_POSTPONEMENT);
	assert_false(decision_kind_parse("vote", &k));

	decision_effect e = EFFECT_PHASE;
	assert_true(decision_effect_parse("", &e));
	assert_int_equal(e, EFFECT_NONE);
	e = EFFECT_PHASE;
	assert_true(decision_effect_parse(NULL, &e));
	assert_int_equal(e, EFFECT_NONE);
	assert_true(decision_effect_parse("aucun", &e));
	assert_int_equal(e, EFFECT_NONE);
	assert_null(decision_effect_key(EFFECT_NONE));
	assert_string_equal(decision_effect_label(EFFECT_NONE), "aucun effet");
	assert_string_equal(decision_effect_key(EFFECT_MILESTONE_POSTPONED), "jalon-reporte");
	assert_true(decision_effect_parse("Jalon reporté", &e));
	assert_int_equal(e, EFFECT_MILESTONE_POSTPONED);
	assert_true(decision_effect_parse("jalon-atteint", &e));
	assert_int_equal(e, EFFECT_MILESTONE_REACHED);
	assert_true(decision_effect_parse("avancement", &e));
	assert_int_equal(e, EFFECT_PROGRESS);
	assert_false(decision_effect_parse("budget", &e));
	for (int i = EFFECT_MILESTONE_REACHED; i <= EFFECT_PROGRESS; i++) {
		assert_true(decision_effect_parse(decision_effect_key((decision_effect)i), &e));
		assert_int_equal(e, i);
	}
}

static void test_action_statuses_and_overdue(void **state)
{
	(void)state;
	action_status s;
	assert_true(action_status_parse("à faire", &s));
	assert_int_equal(s, ACTION_TODO);
	assert_true(action_status_parse("En cours", &s));
	assert_int_equal(s, ACTION_IN_PROGRESS);
	assert_true(action_status_parse("done", &s));
	assert_int_equal(s, ACTION_DONE);
	assert_true(action_status_parse("abandonnée", &s));
	assert_int_equal(s, ACTION_DROPPED);
	assert_string_equal(action_status_key(ACTION_DROPPED), "abandonnee");
	assert_string_equal(action_status_label(ACTION_TODO), "à faire");
	assert_true(action_status_open(ACTION_IN_PROGRESS));
	assert_false(action_status_open(ACTION_DONE));

	jalon_date today = {2026, 4, 1};
	action_item a = {.text = "x", .status = ACTION_TODO, .due = {2026, 3, 31}};
	assert_true(action_item_overdue(&a, today));
	a.due = today; /* due today: not yet late */
	assert_false(action_item_overdue(&a, today));
	a.due = (jalon_date){2026, 3, 31};
	a.status = ACTION_IN_PROGRESS;
	assert_true(action_item_overdue(&a, today));
	a.status = ACTION_DONE; /* closed late is not overdue */
	assert_false(action_item_overdue(&a, today));
	a.status = ACTION_DROPPED;
	assert_false(action_item_overdue(&a, today));
	a.status = ACTION_TODO;
	a.due = DATE_NONE; /* no due date, never late */
	assert_false(action_item_overdue(&a, today));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_instance_kinds),
		cmocka_unit_test(test_meeting_statuses_and_presence),
		cmocka_unit_test(test_decisions),
		cmocka_unit_test(test_action_statuses_and_overdue),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
