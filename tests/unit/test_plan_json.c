/*
 * test_plan_json.c — unit tests for the plan JSON export (io/plan_json.c).
 *
 * The output is parsed back with jansson and every field is checked, for a plan with
 * its organisation and adoption record and for a bare one: missing values are null,
 * attributes hold only non-empty values, levels are counted in depth-first order.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "core/plan.h"
#include "io/plan_json.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/diag.h"

static int setup(void **state)
{
	*state = arena_new();
	return 0;
}

static int teardown(void **state)
{
	arena_free(*state);
	return 0;
}

/* Two axes, a project under the first contributing to the second, listed child
 * first; one custom column used by one element. */
static plan *small_plan(arena *a)
{
	plan *p = arena_alloc(a, sizeof(*p));
	p->slug = "sdn-2025";
	p->title = "Schéma directeur du numérique";
	static const char *columns[] = {"Enjeux", "Priorité"};
	p->custom_columns = columns;
	p->custom_column_count = 2;
	p->element_count = 3;
	p->elements = arena_alloc(a, 3 * sizeof(*p->elements));
	plan_element *e = p->elements;

	static const char *partners[] = {"DRH", "Scolarité"};
	static const char *contributes[] = {"AX2"};
	e[0].code = "P1";
	e[0].parent_code = "AX1";
	e[0].level = "Projet";
	e[0].title = "Portail « étudiant »";
	e[0].description = "Deux lignes\nde description";
	e[0].owner = "DSI";
	e[0].partners = partners;
	e[0].partner_count = 2;
	e[0].beneficiaries = "Étudiants";
	e[0].start = (jalon_date){2025, 9, 1};
	e[0].end = (jalon_date){2026, 6, 30};
	e[0].has_budget = true;
	e[0].budget_cents = 123456789;
	e[0].status = "en cours";
	e[0].contributes_to = contributes;
	e[0].contribution_count = 1;
	e[0].attributes = arena_alloc(a, 2 * sizeof(char *));
	e[0].attributes[0] = "sobriété";
	e[0].attributes[1] = ""; /* empty: not exported */

	e[1].code = "AX1";
	e[1].level = "Axe";
	e[1].title = "Usagers";

	e[2].code = "AX2";
	e[2].level = "Axe";
	e[2].title = "Infrastructures";
	e[2].has_budget = true;
	e[2].budget_cents = 0;
	return p;
}

static json_t *export(arena *a, const plan *p)
{
	diag_list d;
	diag_init(&d, a);
	assert_true(plan_link(a, (plan *)p, NULL, &d));
	buf out = {0};
	plan_json_write(p, &out);
	assert_true(out.len > 2);
	assert_int_equal(out.data[out.len - 1], '\n');
	json_error_t error;
	json_t *root = json_loads(out.data, 0, &error);
	if (!root)
		fail_msg("invalid JSON at line %d: %s\n%s", error.line, error.text, out.data);
	buf_free(&out);
	return root;
}

static json_t *field(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	if (!v)
		fail_msg("missing key « %s »", key);
	return v;
}

static void assert_json_string(json_t *o, const char *key, const char *expected)
{
	json_t *v = field(o, key);
	if (!json_is_string(v))
		fail_msg("« %s » is not a string", key);
	assert_string_equal(json_string_value(v), expected);
}

static void assert_json_integer(json_t *o, const char *key, json_int_t expected)
{
	json_t *v = field(o, key);
	if (!json_is_integer(v))
		fail_msg("« %s » is not an integer", key);
	assert_int_equal(json_integer_value(v), expected);
}

static void assert_json_null(json_t *o, const char *key)
{
	if (!json_is_null(field(o, key)))
		fail_msg("« %s » is not null", key);
}

static void assert_json_strings(json_t *o, const char *key, size_t n, ...)
{
	json_t *v = field(o, key);
	assert_true(json_is_array(v));
	assert_int_equal(json_array_size(v), n);
	va_list ap;
	va_start(ap, n);
	for (size_t i = 0; i < n; i++)
		assert_string_equal(json_string_value(json_array_get(v, i)), va_arg(ap, const char *));
	va_end(ap);
}

static void test_full_plan(void **state)
{
	arena *a = *state;
	plan *p = small_plan(a);
	p->organisation = "Université de Val-de-Loire";
	p->organisation_kind = ORGANISATION_UNIVERSITY;
	p->period_start = 2025;
	p->period_end = 2029;
	p->version_label = "v2";
	p->status = PLAN_STATUS_ADOPTED;
	p->adoption = (plan_adoption){true, {2025, 6, 27}, "Conseil d'administration",
	                              "2025-041", 28, 2, 3};
	json_t *root = export(a, p);

	assert_int_equal(json_object_size(root), 6);
	assert_json_string(root, "format", "jalon-plan");
	assert_json_integer(root, "format_version", PLAN_JSON_FORMAT_VERSION);
	assert_json_strings(root, "custom_columns", 2, "Enjeux", "Priorité");

	json_t *record = field(root, "plan");
	assert_int_equal(json_object_size(record), 8);
	assert_json_string(record, "id", "sdn-2025");
	assert_json_string(record, "title", "Schéma directeur du numérique");
	json_t *organisation = field(record, "organisation");
	assert_int_equal(json_object_size(organisation), 2);
	assert_json_string(organisation, "name", "Université de Val-de-Loire");
	assert_json_string(organisation, "kind", "universite");
	assert_json_integer(record, "period_start", 2025);
	assert_json_integer(record, "period_end", 2029);
	assert_json_string(record, "version", "v2");
	assert_json_string(record, "status", "adopte");
	json_t *adoption = field(record, "adoption");
	assert_int_equal(json_object_size(adoption), 6);
	assert_json_string(adoption, "date", "2025-06-27");
	assert_json_string(adoption, "body", "Conseil d'administration");
	assert_json_string(adoption, "deliberation", "2025-041");
	assert_json_integer(adoption, "votes_for", 28);
	assert_json_integer(adoption, "votes_against", 2);
	assert_json_integer(adoption, "abstentions", 3);

	json_t *levels = field(root, "levels");
	assert_int_equal(json_array_size(levels), 2);
	assert_json_string(json_array_get(levels, 0), "label", "Axe");
	assert_json_integer(json_array_get(levels, 0), "count", 2);
	assert_json_string(json_array_get(levels, 1), "label", "Projet");
	assert_json_integer(json_array_get(levels, 1), "count", 1);

	json_t *elements = field(root, "elements");
	assert_int_equal(json_array_size(elements), 3);
	/* Depth-first: AX1, P1, AX2. */
	json_t *ax1 = json_array_get(elements, 0);
	json_t *p1 = json_array_get(elements, 1);
	json_t *ax2 = json_array_get(elements, 2);
	assert_json_string(ax1, "code", "AX1");
	assert_json_string(ax2, "code", "AX2");

	assert_int_equal(json_object_size(p1), 15);
	assert_json_string(p1, "code", "P1");
	assert_json_string(p1, "parent", "AX1");
	assert_json_string(p1, "level", "Projet");
	assert_json_integer(p1, "depth", 1);
	assert_json_string(p1, "title", "Portail « étudiant »");
	assert_json_string(p1, "description", "Deux lignes\nde description");
	assert_json_string(p1, "owner", "DSI");
	assert_json_strings(p1, "partners", 2, "DRH", "Scolarité");
	assert_json_string(p1, "beneficiaries", "Étudiants");
	assert_json_string(p1, "start", "2025-09-01");
	assert_json_string(p1, "end", "2026-06-30");
	assert_json_integer(p1, "budget_cents", 123456789);
	assert_json_string(p1, "status", "en cours");
	assert_json_strings(p1, "contributes_to", 1, "AX2");
	json_t *attributes = field(p1, "attributes");
	assert_true(json_is_object(attributes));
	assert_int_equal(json_object_size(attributes), 1);
	assert_json_string(attributes, "Enjeux", "sobriété");

	/* An element with nothing but its required fields. */
	assert_int_equal(json_object_size(ax1), 15);
	assert_json_null(ax1, "parent");
	assert_json_string(ax1, "level", "Axe");
	assert_json_integer(ax1, "depth", 0);
	assert_json_string(ax1, "title", "Usagers");
	assert_json_null(ax1, "description");
	assert_json_null(ax1, "owner");
	assert_json_strings(ax1, "partners", 0);
	assert_json_null(ax1, "beneficiaries");
	assert_json_null(ax1, "start");
	assert_json_null(ax1, "end");
	assert_json_null(ax1, "budget_cents");
	assert_json_null(ax1, "status");
	assert_json_strings(ax1, "contributes_to", 0);
	assert_true(json_is_object(field(ax1, "attributes")));
	assert_int_equal(json_object_size(field(ax1, "attributes")), 0);

	/* A zero budget is a budget, not a missing one. */
	assert_json_integer(ax2, "budget_cents", 0);
	json_decref(root);
}

static void test_bare_plan(void **state)
{
	arena *a = *state;
	plan *p = small_plan(a);
	p->custom_column_count = 0;
	p->custom_columns = NULL;
	p->elements[0].attributes = NULL;
	json_t *root = export(a, p);
	json_t *record = field(root, "plan");
	assert_json_string(record, "id", "sdn-2025");
	assert_json_null(record, "organisation");
	assert_json_null(record, "period_start");
	assert_json_null(record, "period_end");
	assert_json_null(record, "version");
	assert_json_string(record, "status", "brouillon");
	assert_json_null(record, "adoption");
	assert_json_strings(root, "custom_columns", 0);
	json_t *p1 = json_array_get(field(root, "elements"), 1);
	assert_int_equal(json_object_size(field(p1, "attributes")), 0);
	json_decref(root);
}

/* An adoption recorded without a date or body: those are null, votes still given. */
static void test_partial_adoption(void **state)
{
	arena *a = *state;
	plan *p = small_plan(a);
	p->organisation = "ComUE Loire-Océan";
	p->organisation_kind = ORGANISATION_COMUE;
	p->status = PLAN_STATUS_CONSULTATION;
	p->period_start = p->period_end = 2026;
	p->adoption.recorded = true;
	p->adoption.number = "D-12";
	json_t *root = export(a, p);
	json_t *record = field(root, "plan");
	assert_json_string(field(record, "organisation"), "kind", "comue");
	assert_json_string(record, "status", "en-consultation");
	assert_json_integer(record, "period_start", 2026);
	assert_json_integer(record, "period_end", 2026);
	json_t *adoption = field(record, "adoption");
	assert_json_null(adoption, "date");
	assert_json_null(adoption, "body");
	assert_json_string(adoption, "deliberation", "D-12");
	assert_json_integer(adoption, "votes_for", 0);
	json_decref(root);
}

/* Key order is stable, for diffs between two exports. */
static void test_key_order(void **state)
{
	arena *a = *state;
	plan *p = small_plan(a);
	diag_list d;
	diag_init(&d, a);
	assert_true(plan_link(a, p, NULL, &d));
	buf out = {0};
	plan_json_write(p, &out);
	const char *keys[] = {"\"format\"", "\"format_version\"", "\"plan\"", "\"custom_columns\"",
	                      "\"levels\"", "\"elements\""};
	const char *at = out.data;
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		const char *next = strstr(at, keys[i]);
		if (!next)
			fail_msg("%s missing or out of order", keys[i]);
		at = next;
	}
	assert_memory_equal(out.data, "{\n  \"format\": \"jalon-plan\",\n", 28);
	buf_free(&out);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_full_plan),
		T(test_bare_plan),
		T(test_partial_adoption),
		T(test_key_order),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
