/*
 * test_access.c — unit tests for who may do what (core/access.c, store/access_store.c).
 *
 * What a security reviewer would check: roles read as people type them; a grant on an
 * organisation reaches its descendants and nothing beside; a grant on every
 * organisation reaches plans of none; reading needs a role or a public plan; a label
 * matches the porteur of an element and of its descendants, not of its ancestors or
 * neighbours; a committee member matches with the committee role in parentheses; a
 * record is found only through its own plan (ids guessed across plans are not found).
 */
#include "store_fixture.h"
#include "core/access.h"
#include "store/access_store.h"

static const char sample_csv[] =
	"code;parent;niveau;intitule;porteur\n"
	"AX1;;Axe;Usagers;Vice-présidence numérique\n"
	"P1;AX1;Projet;Portail;DSI – pôle applications\n"
	"A1;P1;Action;Refonte;DSI – pôle applications\n"
	"A2;P1;Action;Accessibilité;Mission handicap\n"
	"P2;AX1;Projet;Réseau;DSI – pôle infrastructures\n";

static int setup(void **state)
{
	return fixture_setup_two_plans(state, "access", sample_csv);
}

static void test_role_parse(void **state)
{
	(void)state;
	access_role r;
	assert_true(access_role_parse("administrateur", &r));
	assert_int_equal(r, ROLE_ADMINISTRATEUR);
	assert_true(access_role_parse("Membre d'instance", &r));
	assert_int_equal(r, ROLE_MEMBRE_INSTANCE);
	assert_true(access_role_parse("membre-instance", &r));
	assert_int_equal(r, ROLE_MEMBRE_INSTANCE);
	assert_true(access_role_parse("PMO", &r));
	assert_int_equal(r, ROLE_PILOTAGE);
	assert_true(access_role_parse("LECTEUR", &r));
	assert_int_equal(r, ROLE_LECTEUR);
	assert_false(access_role_parse("superuser", &r));
	assert_false(access_role_parse("", &r));
	assert_false(access_role_parse(NULL, &r));
	for (int i = 0; i < ROLE_COUNT; i++) {
		assert_true(access_role_parse(access_role_key((access_role)i), &r));
		assert_int_equal(r, i);
	}
}

static void test_roles_inherit_down_the_tree(void **state)
{
	(void)state;
	/* ComUE 1 > university 2 > faculty 3; region 4 beside. */
	const access_grant grants[] = {{2, ROLE_PILOTAGE}, {4, ROLE_LECTEUR}};
	access_subject s = {.account_id = 7, .grants = grants, .grant_count = 2};
	const int64_t faculty[] = {3, 2, 1}, university[] = {2, 1}, comue[] = {1}, region[] = {4};
	assert_int_equal(access_roles(&s, faculty, 3), ACCESS_BIT(ROLE_PILOTAGE));
	assert_int_equal(access_roles(&s, university, 2), ACCESS_BIT(ROLE_PILOTAGE));
	assert_int_equal(access_roles(&s, comue, 1), 0);       /* not up the tree */
	assert_int_equal(access_roles(&s, region, 1), ACCESS_BIT(ROLE_LECTEUR));
	assert_int_equal(access_roles(&s, NULL, 0), 0);        /* a plan of no organisation */
	/* Somewhere: what the pages of no plan go by (accounts, importing). */
	assert_int_equal(access_roles_anywhere(&s), ACCESS_BIT(ROLE_PILOTAGE) | ACCESS_BIT(ROLE_LECTEUR));
	assert_true(access_may_steer(access_roles(&s, faculty, 3)));
	assert_false(access_may_steer(access_roles(&s, region, 1)));
	assert_true(access_may_read(access_roles(&s, region, 1), false));
	assert_false(access_may_read(access_roles(&s, comue, 1), false));
	assert_true(access_may_read(access_roles(&s, comue, 1), true)); /* public */

	/* Every organisation: plans of none included. */
	const access_grant everywhere[] = {{0, ROLE_ADMINISTRATEUR}};
	access_subject admin = {.account_id = 1, .grants = everywhere, .grant_count = 1};
	assert_true(access_is_admin(access_roles(&admin, NULL, 0)));
	assert_true(access_is_admin(access_roles(&admin, faculty, 3)));

	/* Nobody signed in holds nothing; the local interface holds everything. */
	access_subject nobody = {0};
	assert_int_equal(access_roles(&nobody, faculty, 3), 0);
	access_subject local = {.everything = true};
	assert_true(access_is_admin(access_roles(&local, NULL, 0)));
	assert_int_equal(access_roles(NULL, faculty, 3), 0);
}

static void test_label_fold(void **state)
{
	fixture *f = *state;
	assert_string_equal(access_label_fold(f->a, "  Directeur du  Numérique (secrétaire) "),
	                    "directeur du numerique");
	assert_string_equal(access_label_fold(f->a, "DSI – pôle applications"),
	                    access_label_fold(f->a, "dsi – Pôle Applications"));
	assert_null(access_label_fold(f->a, "   "));
	assert_null(access_label_fold(f->a, NULL));
	/* A name that is only a parenthesis keeps it: nothing else would be left. */
	assert_string_equal(access_label_fold(f->a, "(président)"), "(president)");
	/* Only a closing parenthesis at the end goes: the name keeps the others. */
	assert_string_equal(access_label_fold(f->a, "Pôle (A) numérique"), "pole (a) numerique");
}

/* A subject holding role on every organisation, with these labels folded. */
static access_subject subject_with(fixture *f, access_role role, const char *label)
{
	access_grant *g = arena_alloc(f->a, sizeof(*g));
	*g = (access_grant){0, role};
	const char **labels = arena_alloc(f->a, sizeof(*labels));
	labels[0] = access_label_fold(f->a, label);
	return (access_subject){.account_id = 3, .grants = g, .grant_count = 1,
	                        .labels = labels, .label_count = label ? 1 : 0};
}

static void test_ownership_reaches_descendants_only(void **state)
{
	fixture *f = *state;
	access_subject s = subject_with(f, ROLE_PORTEUR, "dsi – PÔLE applications");
	bool owned;
	assert_true(store_access_owns(f->s, f->a, &s, element(f->p, "P1")->id, false, &owned, &f->d));
	assert_true(owned);
	assert_true(store_access_owns(f->s, f->a, &s, element(f->p, "A2")->id, false, &owned, &f->d));
	assert_true(owned); /* owned by Mission handicap, but under P1 */
	assert_true(store_access_owns(f->s, f->a, &s, element(f->p, "AX1")->id, false, &owned, &f->d));
	assert_false(owned); /* an ancestor is not theirs */
	assert_true(store_access_owns(f->s, f->a, &s, element(f->p, "P2")->id, false, &owned, &f->d));
	assert_false(owned); /* a neighbour */
	/* Strict: an ancestor must be theirs (deleting a branch under their own). */
	assert_true(store_access_owns(f->s, f->a, &s, element(f->p, "P1")->id, true, &owned, &f->d));
	assert_false(owned);
	assert_true(store_access_owns(f->s, f->a, &s, element(f->p, "A1")->id, true, &owned, &f->d));
	assert_true(owned);
	/* No label, no ownership. */
	access_subject none = subject_with(f, ROLE_PORTEUR, NULL);
	assert_true(store_access_owns(f->s, f->a, &none, element(f->p, "P1")->id, false, &owned,
	                              &f->d));
	assert_false(owned);
}

static void test_targets_belong_to_their_plan(void **state)
{
	fixture *f = *state;
	access_target t;
	const char *a1 = arena_printf(f->a, "%lld", (long long)element(f->p, "A1")->id);
	const char *other_a1 = arena_printf(f->a, "%lld", (long long)element(f->other, "A1")->id);
	assert_true(store_access_target(f->s, f->p->id, ACCESS_TARGET_ELEMENT, a1, &t, &f->d));
	assert_true(t.found);
	assert_int_equal(t.element_id, element(f->p, "A1")->id);
	assert_int_equal(t.parent_id, element(f->p, "P1")->id);
	/* The other plan's element through this plan: not found. */
	assert_true(store_access_target(f->s, f->p->id, ACCESS_TARGET_ELEMENT, other_a1, &t, &f->d));
	assert_false(t.found);
	/* Ids that are not ids. */
	const char *bad[] = {"", "0", "-1", "+3", " 3", "3x", "99999999999999999999", NULL};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_true(store_access_target(f->s, f->p->id, ACCESS_TARGET_MILESTONE, bad[i], &t,
		                                &f->d));
		assert_false(t.found);
	}
	/* A milestone resolves to its element, through its own plan only. */
	sqlite3 *db = f->s->sqlite;
	char sql[256];
	snprintf(sql, sizeof(sql),
	         "INSERT INTO milestone (element_id, position, title, planned_on)"
	         " VALUES (%lld, 1, 'Recette', '2026-06-30')",
	         (long long)element(f->p, "A2")->id);
	exec_ok(db, sql);
	const char *m = arena_printf(f->a, "%lld", (long long)sqlite3_last_insert_rowid(db));
	assert_true(store_access_target(f->s, f->p->id, ACCESS_TARGET_MILESTONE, m, &t, &f->d));
	assert_true(t.found);
	assert_int_equal(t.element_id, element(f->p, "A2")->id);
	assert_true(store_access_target(f->s, f->other->id, ACCESS_TARGET_MILESTONE, m, &t, &f->d));
	assert_false(t.found);
}

static void test_plan_and_readable_list(void **state)
{
	fixture *f = *state;
	sqlite3 *db = f->s->sqlite;
	exec_ok(db, "INSERT INTO organisation (name, kind) VALUES ('ComUE', 'comue');"
	            "INSERT INTO organisation (name, kind, parent_id)"
	            "  VALUES ('Université', 'universite', (SELECT id FROM organisation WHERE name = 'ComUE'));");
	char sql[256];
	snprintf(sql, sizeof(sql), "UPDATE plan SET organisation_id = (SELECT id FROM organisation"
	                           " WHERE name = 'Université') WHERE id = %lld", (long long)f->p->id);
	exec_ok(db, sql);
	access_plan ap;
	bool found;
	assert_true(store_access_plan(f->s, f->a, f->p->slug, &ap, &found, &f->d));
	assert_true(found);
	assert_int_equal(ap.chain_count, 2);
	assert_int_equal(ap.chain[1], query(f, "SELECT id FROM organisation WHERE name = 'ComUE'"));
	assert_false(ap.public_plan);
	int64_t version = ap.data_version;
	/* Any change of the plan's row or its journal moves its data version. */
	snprintf(sql, sizeof(sql), "UPDATE plan SET title = 'Autre' WHERE id = %lld",
	         (long long)f->p->id);
	exec_ok(db, sql);
	assert_true(store_access_plan(f->s, f->a, f->p->slug, &ap, &found, &f->d));
	assert_true(ap.data_version > version);
	assert_true(store_access_plan(f->s, f->a, "no-such-plan", &ap, &found, &f->d));
	assert_false(found);

	/* Pilotage on the ComUE reads the university's plan, not the other one. */
	access_grant g = {query(f, "SELECT id FROM organisation WHERE name = 'ComUE'"), ROLE_PILOTAGE};
	access_subject s = {.account_id = 5, .grants = &g, .grant_count = 1};
	int64_t *ids;
	size_t n;
	assert_true(store_access_readable_plans(f->s, f->a, &s, &ids, &n, &f->d));
	assert_int_equal(n, 1);
	assert_int_equal(ids[0], f->p->id);
	/* The other plan made public: readable by anyone. */
	snprintf(sql, sizeof(sql), "UPDATE plan SET public = 1 WHERE id = %lld",
	         (long long)f->other->id);
	exec_ok(db, sql);
	access_subject nobody = {0};
	assert_true(store_access_readable_plans(f->s, f->a, &nobody, &ids, &n, &f->d));
	assert_int_equal(n, 1);
	assert_int_equal(ids[0], f->other->id);
}

static void test_committee_members(void **state)
{
	fixture *f = *state;
	sqlite3 *db = f->s->sqlite;
	char sql[512];
	snprintf(sql, sizeof(sql),
	         "INSERT INTO instance (plan_id, kind, name, position) VALUES (%lld, 'pilotage', 'COPIL', 1);"
	         "INSERT INTO instance_member (instance_id, position, name) VALUES"
	         " (last_insert_rowid(), 1, 'Directeur du numérique (secrétaire)');"
	         "INSERT INTO instance (plan_id, kind, name, position) VALUES (%lld, 'transverse', 'GT', 2);",
	         (long long)f->p->id, (long long)f->p->id);
	exec_ok(db, sql);
	int64_t copil = query(f, "SELECT id FROM instance WHERE name = 'COPIL'");
	int64_t gt = query(f, "SELECT id FROM instance WHERE name = 'GT'");
	access_subject dn = subject_with(f, ROLE_MEMBRE_INSTANCE, "directeur du numerique");
	access_subject other = subject_with(f, ROLE_MEMBRE_INSTANCE, "Référente handicap");
	bool member;
	assert_true(store_access_sits_on(f->s, f->a, &dn, copil, &member, &f->d));
	assert_true(member);
	assert_true(store_access_sits_on(f->s, f->a, &other, copil, &member, &f->d));
	assert_false(member);
	/* A committee listing no member is open to every membre d'instance. */
	assert_true(store_access_sits_on(f->s, f->a, &other, gt, &member, &f->d));
	assert_true(member);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_role_parse),
		cmocka_unit_test(test_roles_inherit_down_the_tree),
		cmocka_unit_test_setup_teardown(test_label_fold, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_ownership_reaches_descendants_only, setup,
		                                fixture_teardown),
		cmocka_unit_test_setup_teardown(test_targets_belong_to_their_plan, setup,
		                                fixture_teardown),
		cmocka_unit_test_setup_teardown(test_plan_and_readable_list, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_committee_members, setup, fixture_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
