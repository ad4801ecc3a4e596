/*
 * test_account_store.c — unit tests for accounts, roles, labels, sessions and the audit
 * log (store/account_store.c), and the plan's publicity (store/plan_store.c).
 *
 * Each case works on its own database file in /tmp holding one plan and two
 * organisations. What a user would check: accounts read back as created, logins
 * lowered, refusals named by their field and changing nothing (tables dumped before and
 * after), passwords checked right and wrong, sessions that end when they should, and an
 * audit log that names every change and never holds a password or its hash.
 */
#include "store_fixture.h"

#include <sodium.h>

#include "core/access.h"
#include "store/account_store.h"

static const char sample_csv[] =
	"code;parent;niveau;intitule;porteur\n"
	"AX1;;Axe;Usagers;DSI\n"
	"P1;AX1;Projet;Portail étudiant;Direction du numérique\n";

static const char *const secret = "correct horse battery staple";

static int setup(void **state)
{
	if (fixture_setup_plan(state, "account", sample_csv) != 0)
		return -1;
	fixture *f = *state;
	if (!store_organisation_create(f->s, "Université A", ORGANISATION_UNIVERSITY, NULL, &f->d) ||
	    !store_organisation_create(f->s, "École B", ORGANISATION_SCHOOL, NULL, &f->d)) {
		print_diags(&f->d);
		return -1;
	}
	return 0;
}

static void clear_diags(fixture *f)
{
	diag_init(&f->d, f->a);
}

/* A diag on `field` whose message contains `text`; the list is then emptied. */
static void expect_diag(fixture *f, const char *field, const char *text)
{
	for (size_t i = 0; i < f->d.count; i++) {
		const diag_entry *x = &f->d.items[i];
		bool same_field = field ? x->file && strcmp(x->file, field) == 0 : x->file == NULL;
		if (same_field && strstr(x->message, text)) {
			clear_diags(f);
			return;
		}
	}
	print_diags(&f->d);
	fail_msg("no diag on %s containing « %s »", field ? field : "(none)", text);
}

static void expect_true(fixture *f, bool ok)
{
	if (!ok) {
		print_diags(&f->d);
		fail_msg("expected success");
	}
}

/* Every table an account write may touch. */
static const char *dump(fixture *f)
{
	static const char *const tables[] = {
		"account", "account_role", "account_label", "session", "audit_log",
	};
	return dump_tables(f, tables, sizeof(tables) / sizeof(tables[0]), "1, 2");
}

static int64_t make_account(fixture *f, const char *login, const char *name)
{
	int64_t id = 0;
	expect_true(f, store_account_create(f->s, login, name, NULL, secret, &id, &f->d));
	assert_true(id > 0);
	return id;
}

static account find(fixture *f, const char *login)
{
	account x;
	expect_true(f, store_account_find(f->s, f->a, login, &x, &f->d));
	return x;
}

/* The audit rows of one entity: "entity_id|action|field|old|new\n", oldest first. */
static const char *audit(fixture *f, const char *entity)
{
	return rows_text(f, arena_printf(f->a,
		"SELECT entity_id, action, field, old_value, new_value FROM audit_log"
		" WHERE entity = '%s' ORDER BY id", entity));
}

/* ---- creating and finding ----------------------------------------------------------- */

static void test_create_find_list(void **state)
{
	fixture *f = *state;
	int64_t id = 0;
	expect_true(f, store_account_create(f->s, " J.Martin ", " Jeanne Martin ", " j@u.fr ",
	                                    secret, &id, &f->d));
	int64_t other = make_account(f, "admin", "Admin");
	account x = find(f, "J.MARTIN");
	assert_int_equal(x.id, id);
	assert_string_equal(x.login, "j.martin");
	assert_string_equal(x.name, "Jeanne Martin");
	assert_string_equal(x.email, "j@u.fr");
	assert_false(x.disabled);
	assert_int_equal(x.version, 1);
	assert_int_equal(x.grant_count, 0);
	assert_int_equal(x.label_count, 0);
	assert_int_equal(x.session_count, 0);
	assert_int_equal(strlen(x.created_at), 20);
	assert_int_equal(x.created_at[19], 'Z');
	assert_string_equal(x.created_at, x.password_changed_at);

	/* Stored as an Argon2id string, never as given. */
	assert_int_equal(query(f, "SELECT count(*) FROM account WHERE password_hash LIKE "
	                          "'$argon2id$%'"), 2);

	account got;
	bool found;
	expect_true(f, store_account_get(f->s, f->a, other, &got, &found, &f->d));
	assert_true(found);
	assert_string_equal(got.login, "admin");
	assert_null(got.email);
	expect_true(f, store_account_get(f->s, f->a, 999, &got, &found, &f->d));
	assert_false(found);
	assert_int_equal(f->d.count, 0);

	account *all;
	size_t count;
	expect_true(f, store_account_list(f->s, f->a, &all, &count, &f->d));
	assert_int_equal(count, 2);
	assert_string_equal(all[0].login, "admin");
	assert_string_equal(all[1].login, "j.martin");

	assert_false(store_account_find(f->s, f->a, "nobody", &got, &f->d));
	expect_diag(f, "login", "compte « nobody » introuvable");
	assert_false(store_account_find(f->s, f->a, "not a login", &got, &f->d));
	expect_diag(f, "login", "introuvable");
}

static void test_login_normalisation_and_refusals(void **state)
{
	fixture *f = *state;
	assert_string_equal(account_login_normalise(f->a, "J.Martin@Univ-A_1", &f->d),
	                    "j.martin@univ-a_1");
	char long_login[70];
	memset(long_login, 'a', 65);
	long_login[65] = '\0';
	assert_null(account_login_normalise(f->a, long_login, &f->d));
	expect_diag(f, "login", "64 au plus");
	long_login[64] = '\0';
	assert_non_null(account_login_normalise(f->a, long_login, &f->d));
	assert_null(account_login_normalise(f->a, "", &f->d));
	expect_diag(f, "login", "vide");
	assert_null(account_login_normalise(f->a, "jean martin", &f->d));
	expect_diag(f, "login", "« jean martin » invalide");
	assert_null(account_login_normalise(f->a, "andré", &f->d));
	expect_diag(f, "login", "invalide");

	make_account(f, "j.martin", "Jeanne Martin");
	const char *before = dump(f);
	assert_false(store_account_create(f->s, "J.MARTIN", "Autre", NULL, secret, NULL, &f->d));
	expect_diag(f, "login", "« j.martin » est déjà pris");
	assert_false(store_account_create(f->s, "x", "  ", NULL, secret, NULL, &f->d));
	expect_diag(f, "name", "vide");
	assert_false(store_account_create(f->s, "x", "X", "pas une adresse", secret, NULL, &f->d));
	expect_diag(f, "email", "adresse électronique invalide");
	assert_false(store_account_create(f->s, "bad login", "X", NULL, secret, NULL, &f->d));
	expect_diag(f, "login", "invalide");
	assert_string_equal(dump(f), before);
}

static void test_password_rules(void **state)
{
	fixture *f = *state;
	assert_false(account_password_acceptable("onze carac.", &f->d));
	expect_diag(f, "password", "trop court : 11 caractères, 12 au moins");
	assert_true(account_password_acceptable("douze caract", &f->d));
	/* Characters, not bytes: twelve accented letters are enough, six are not. */
	assert_true(account_password_acceptable("éééééééééééé", &f->d));
	assert_false(account_password_acceptable("éééééé", &f->d));
	expect_diag(f, "password", "trop court");
	assert_false(account_password_acceptable("", &f->d));
	expect_diag(f, "password", "vide");
	assert_false(account_password_acceptable("douze caract\xff", &f->d));
	expect_diag(f, "password", "UTF-8");
	char *huge = arena_alloc(f->a, ACCOUNT_PASSWORD_MAX + 2);
	memset(huge, 'x', ACCOUNT_PASSWORD_MAX + 1);
	assert_false(account_password_acceptable(huge, &f->d));
	expect_diag(f, "password", "trop long");
	huge[ACCOUNT_PASSWORD_MAX] = '\0';
	assert_true(account_password_acceptable(huge, &f->d));

	const char *before = dump(f);
	assert_false(store_account_create(f->s, "x", "X", NULL, "court", NULL, &f->d));
	expect_diag(f, "password", "trop court");
	make_account(f, "x", "X");
	before = dump(f);
	assert_false(store_account_set_password(f->s, "x", "court", &f->d));
	expect_diag(f, "password", "trop court");
	assert_false(store_account_set_password(f->s, "nobody", "assez long mot", &f->d));
	expect_diag(f, "login", "introuvable");
	assert_string_equal(dump(f), before);
}

static void test_verify(void **state)
{
	fixture *f = *state;
	int64_t id = make_account(f, "j.martin", "Jeanne Martin");
	int64_t got;
	bool disabled;
	expect_true(f, store_account_verify(f->s, "J.Martin", secret, &got, &disabled, &f->d));
	assert_int_equal(got, id);
	assert_false(disabled);
	expect_true(f, store_account_verify(f->s, "j.martin", "wrong password!", &got, &disabled,
	                                    &f->d));
	assert_int_equal(got, 0);
	assert_false(disabled);
	expect_true(f, store_account_verify(f->s, "nobody", secret, &got, &disabled, &f->d));
	assert_int_equal(got, 0);
	expect_true(f, store_account_verify(f->s, "not a login", secret, &got, &disabled, &f->d));
	assert_int_equal(got, 0);
	expect_true(f, store_account_verify(f->s, "j.martin", NULL, &got, &disabled, &f->d));
	assert_int_equal(got, 0);

	expect_true(f, store_account_set_disabled(f->s, "j.martin", true, &f->d));
	expect_true(f, store_account_verify(f->s, "j.martin", secret, &got, &disabled, &f->d));
	assert_int_equal(got, 0);
	assert_true(disabled);
	/* A wrong password on a disabled account tells nothing about the state. */
	expect_true(f, store_account_verify(f->s, "j.martin", "wrong password!", &got, &disabled,
	                                    &f->d));
	assert_false(disabled);
	expect_true(f, store_account_set_disabled(f->s, "j.martin", false, &f->d));
	expect_true(f, store_account_verify(f->s, "j.martin", secret, &got, &disabled, &f->d));
	assert_int_equal(got, id);

	/* A new password replaces the old one. */
	expect_true(f, store_account_set_password(f->s, "j.martin", "un autre secret", &f->d));
	expect_true(f, store_account_verify(f->s, "j.martin", secret, &got, &disabled, &f->d));
	assert_int_equal(got, 0);
	expect_true(f, store_account_verify(f->s, "j.martin", "un autre secret", &got, &disabled,
	                                    &f->d));
	assert_int_equal(got, id);
	assert_int_equal(f->d.count, 0);
}

static void test_disable_enable_refusals(void **state)
{
	fixture *f = *state;
	make_account(f, "x", "X");
	const char *before = dump(f);
	assert_false(store_account_set_disabled(f->s, "x", false, &f->d));
	expect_diag(f, "disabled", "déjà actif");
	assert_false(store_account_set_disabled(f->s, "nobody", true, &f->d));
	expect_diag(f, "login", "introuvable");
	assert_string_equal(dump(f), before);
	expect_true(f, store_account_set_disabled(f->s, "x", true, &f->d));
	assert_true(find(f, "x").disabled);
	assert_int_equal(find(f, "x").version, 2);
	assert_false(store_account_set_disabled(f->s, "x", true, &f->d));
	expect_diag(f, "disabled", "déjà désactivé");
}

static void test_update(void **state)
{
	fixture *f = *state;
	make_account(f, "x", "X");
	expect_true(f, store_account_update(f->s, "x", " Xavier ", "x@u.fr", &f->d));
	account x = find(f, "x");
	assert_string_equal(x.name, "Xavier");
	assert_string_equal(x.email, "x@u.fr");
	assert_int_equal(x.version, 2);
	expect_true(f, store_account_update(f->s, "x", NULL, "", &f->d));
	x = find(f, "x");
	assert_string_equal(x.name, "Xavier");
	assert_null(x.email);
	const char *before = dump(f);
	assert_false(store_account_update(f->s, "x", " ", NULL, &f->d));
	expect_diag(f, "name", "vide");
	assert_false(store_account_update(f->s, "x", NULL, "x@", &f->d));
	expect_diag(f, "email", "invalide");
	assert_string_equal(dump(f), before);
	assert_string_equal(audit(f, "account"),
	                    "1|create|∅|∅|x (X)\n"
	                    "1|update|name|X|Xavier\n"
	                    "1|update|email|∅|x@u.fr\n"
	                    "1|update|email|x@u.fr|∅\n");
}

/* ---- roles ------------------------------------------------------------------------------ */

static void test_grant_revoke(void **state)
{
	fixture *f = *state;
	int64_t id = make_account(f, "x", "X");
	expect_true(f, store_account_grant(f->s, "x", "Université A", ROLE_PORTEUR, &f->d));
	expect_true(f, store_account_grant(f->s, "x", NULL, ROLE_LECTEUR, &f->d));
	/* Case and accents ignored, the organisation's own name kept. */
	expect_true(f, store_account_grant(f->s, "x", "ecole b", ROLE_PILOTAGE, &f->d));
	expect_true(f, store_account_grant(f->s, "x", "Université A", ROLE_ADMINISTRATEUR, &f->d));
	account x = find(f, "x");
	assert_int_equal(x.grant_count, 4);
	/* Every organisation first, then by organisation name, then by role. */
	assert_null(x.grants[0].organisation);
	assert_int_equal(x.grants[0].organisation_id, 0);
	assert_int_equal(x.grants[0].role, ROLE_LECTEUR);
	assert_string_equal(x.grants[1].organisation, "Université A");
	assert_int_equal(x.grants[1].role, ROLE_ADMINISTRATEUR);
	assert_int_equal(x.grants[2].role, ROLE_PORTEUR);
	assert_string_equal(x.grants[3].organisation, "École B");
	assert_int_equal(x.grants[3].role, ROLE_PILOTAGE);
	assert_true(x.grants[3].organisation_id > 0);
	assert_int_equal(x.version, 5);

	const char *before = dump(f);
	assert_false(store_account_grant(f->s, "x", "Université A", ROLE_PORTEUR, &f->d));
	expect_diag(f, "role", "déjà le rôle « porteur » sur « Université A »");
	assert_false(store_account_grant(f->s, "x", NULL, ROLE_LECTEUR, &f->d));
	expect_diag(f, "role", "déjà le rôle « lecteur » sur toutes les organisations");
	assert_false(store_account_revoke(f->s, "x", NULL, ROLE_PORTEUR, &f->d));
	expect_diag(f, "role", "n'a pas le rôle « porteur » sur toutes les organisations");
	assert_false(store_account_grant(f->s, "x", "Région C", ROLE_LECTEUR, &f->d));
	expect_diag(f, "organisation", "organisation inconnue « Région C » (organisations : "
	                               "Université A, École B)");
	assert_false(store_account_grant(f->s, "nobody", NULL, ROLE_LECTEUR, &f->d));
	expect_diag(f, "login", "introuvable");
	assert_string_equal(dump(f), before);

	expect_true(f, store_account_revoke(f->s, "x", "Université A", ROLE_PORTEUR, &f->d));
	expect_true(f, store_account_revoke(f->s, "x", NULL, ROLE_LECTEUR, &f->d));
	x = find(f, "x");
	assert_int_equal(x.grant_count, 2);
	assert_int_equal(x.grants[0].role, ROLE_ADMINISTRATEUR);
	assert_string_equal(audit(f, "role"), arena_printf(f->a,
		"%1$lld|create|∅|∅|porteur (Université A)\n"
		"%1$lld|create|∅|∅|lecteur (toutes les organisations)\n"
		"%1$lld|create|∅|∅|pilotage (École B)\n"
		"%1$lld|create|∅|∅|administrateur (Université A)\n"
		"%1$lld|delete|∅|porteur (Université A)|∅\n"
		"%1$lld|delete|∅|lecteur (toutes les organisations)|∅\n", (long long)id));
}

static void test_create_full_all_or_nothing(void **state)
{
	fixture *f = *state;
	account_grant grant = {.organisation = "Nulle part", .role = ROLE_PORTEUR};
	const char *labels[] = {"DSI"};
	account_new spec = {.login = "x", .name = "X", .password = secret, .grants = &grant,
	                    .grant_count = 1, .labels = labels, .label_count = 1};
	const char *before = dump(f);
	assert_false(store_account_create_full(f->s, &spec, NULL, &f->d));
	expect_diag(f, "organisation", "organisation inconnue « Nulle part »");
	const char *twice[] = {"DSI", "dsi (secrétaire)"};
	grant.organisation = NULL;
	spec.labels = twice;
	spec.label_count = 2;
	assert_false(store_account_create_full(f->s, &spec, NULL, &f->d));
	expect_diag(f, "label", "déjà le libellé « DSI »");
	assert_string_equal(dump(f), before);

	spec.label_count = 1;
	int64_t id;
	expect_true(f, store_account_create_full(f->s, &spec, &id, &f->d));
	account x = find(f, "x");
	assert_int_equal(x.id, id);
	assert_int_equal(x.grant_count, 1);
	assert_int_equal(x.grants[0].role, ROLE_PORTEUR);
	assert_null(x.grants[0].organisation);
	assert_int_equal(x.label_count, 1);
}

/* ---- labels ----------------------------------------------------------------------------- */

static void test_labels(void **state)
{
	fixture *f = *state;
	int64_t id = make_account(f, "x", "X");
	expect_true(f, store_account_label_add(f->s, "x", " Direction du Numérique ", &f->d));
	expect_true(f, store_account_label_add(f->s, "x", "DSI", &f->d));
	assert_string_equal(rows_text(f, "SELECT label, folded FROM account_label ORDER BY folded"),
	                    "Direction du Numérique|direction du numerique\nDSI|dsi\n");
	account x = find(f, "x");
	assert_int_equal(x.label_count, 2);
	assert_string_equal(x.labels[0], "Direction du Numérique");
	assert_string_equal(x.labels[1], "DSI");

	const char *before = dump(f);
	assert_false(store_account_label_add(f->s, "x", "direction  du numerique", &f->d));
	expect_diag(f, "label", "déjà le libellé « Direction du Numérique »");
	assert_false(store_account_label_add(f->s, "x", "dsi (secrétaire)", &f->d));
	expect_diag(f, "label", "déjà le libellé « DSI »");
	assert_false(store_account_label_add(f->s, "x", "  ", &f->d));
	expect_diag(f, "label", "vide");
	assert_false(store_account_label_remove(f->s, "x", "RSSI", &f->d));
	expect_diag(f, "label", "n'a pas le libellé « RSSI »");
	assert_string_equal(dump(f), before);

	expect_true(f, store_account_label_remove(f->s, "x", "direction du numerique", &f->d));
	x = find(f, "x");
	assert_int_equal(x.label_count, 1);
	assert_string_equal(audit(f, "label"), arena_printf(f->a,
		"%1$lld|create|∅|∅|Direction du Numérique\n"
		"%1$lld|create|∅|∅|DSI\n"
		"%1$lld|delete|∅|Direction du Numérique|∅\n", (long long)id));
}

/* ---- the subject ------------------------------------------------------------------------ */

static void test_subject(void **state)
{
	fixture *f = *state;
	int64_t id = make_account(f, "x", "Xavier");
	expect_true(f, store_account_grant(f->s, "x", "Université A", ROLE_PORTEUR, &f->d));
	expect_true(f, store_account_grant(f->s, "x", NULL, ROLE_LECTEUR, &f->d));
	expect_true(f, store_account_label_add(f->s, "x", "Direction du numérique", &f->d));
	access_subject who;
	expect_true(f, store_account_subject(f->s, f->a, id, &who, &f->d));
	assert_int_equal(who.account_id, id);
	assert_string_equal(who.login, "x");
	assert_string_equal(who.name, "Xavier");
	assert_false(who.everything);
	assert_int_equal(who.grant_count, 2);
	assert_int_equal(who.grants[0].organisation_id, 0);
	assert_int_equal(who.grants[0].role, ROLE_LECTEUR);
	int64_t university = query(f, "SELECT id FROM organisation WHERE name = 'Université A'");
	assert_int_equal(who.grants[1].organisation_id, university);
	assert_int_equal(who.label_count, 1);
	assert_string_equal(who.labels[0], "direction du numerique");
	/* What the rules make of it: porteur of the element the label names. */
	assert_true(access_label_matches(&who, f->a, element(f->p, "P1")->owner));
	assert_false(access_label_matches(&who, f->a, element(f->p, "AX1")->owner));
	unsigned roles = access_roles(&who, &university, 1);
	assert_int_equal(roles, ACCESS_BIT(ROLE_PORTEUR) | ACCESS_BIT(ROLE_LECTEUR));

	/* Disabled: no right at all. */
	expect_true(f, store_account_set_disabled(f->s, "x", true, &f->d));
	expect_true(f, store_account_subject(f->s, f->a, id, &who, &f->d));
	assert_int_equal(who.grant_count, 0);
	assert_int_equal(who.label_count, 0);
	assert_false(store_account_subject(f->s, f->a, 999, &who, &f->d));
	expect_diag(f, NULL, "introuvable");
}

/* ---- sessions --------------------------------------------------------------------------- */

static const int64_t t0 = 1800000000;

static void open_session(fixture *f, int64_t id, int64_t now, char token[SESSION_TOKEN_HEX + 1],
                         session_info *out)
{
	expect_true(f, store_session_create(f->s, f->a, id, "192.0.2.7", now, token, out, &f->d));
}

static bool lookup(fixture *f, const char *token, int64_t now, session_info *out)
{
	bool found;
	expect_true(f, store_session_lookup(f->s, f->a, token, now, 3600, 86400, out, &found,
	                                    &f->d));
	return found;
}

static void test_session_create_lookup(void **state)
{
	fixture *f = *state;
	int64_t id = make_account(f, "x", "Xavier");
	char token[SESSION_TOKEN_HEX + 1];
	session_info s;
	open_session(f, id, t0, token, &s);
	assert_int_equal(strlen(token), SESSION_TOKEN_HEX);
	assert_int_equal(strspn(token, "0123456789abcdef"), SESSION_TOKEN_HEX);
	assert_int_equal(strlen(s.csrf), SESSION_TOKEN_HEX);
	assert_string_not_equal(s.csrf, token);
	assert_int_equal(s.account_id, id);
	assert_string_equal(s.login, "x");
	assert_string_equal(s.name, "Xavier");
	assert_string_equal(s.address, "192.0.2.7");
	assert_true(s.id > 0);
	/* Only the token's hash is kept. */
	assert_int_equal(query(f, arena_printf(f->a, "SELECT count(*) FROM session WHERE "
	                                              "token_hash = '%s'", token)), 0);
	assert_int_equal(query(f, "SELECT length(token_hash) FROM session"), 64);
	assert_int_equal(find(f, "x").session_count, 1);

	session_info got;
	assert_true(lookup(f, token, t0 + 10, &got));
	assert_int_equal(got.id, s.id);
	assert_string_equal(got.csrf, s.csrf);
	assert_string_equal(got.login, "x");
	/* seen_at is written back only when more than a minute old. */
	assert_int_equal(got.seen_at, t0);
	assert_int_equal(query(f, "SELECT seen_at FROM session"), t0);
	assert_true(lookup(f, token, t0 + 61, &got));
	assert_int_equal(got.seen_at, t0 + 61);
	assert_int_equal(query(f, "SELECT seen_at FROM session"), t0 + 61);

	/* Unknown, malformed, upper case. */
	char other[SESSION_TOKEN_HEX + 1];
	memcpy(other, token, sizeof(other));
	other[0] = other[0] == 'a' ? 'b' : 'a';
	assert_false(lookup(f, other, t0 + 70, &got));
	assert_false(lookup(f, "abc", t0 + 70, &got));
	assert_false(lookup(f, "", t0 + 70, &got));
	assert_false(lookup(f, NULL, t0 + 70, &got));
	char upper[SESSION_TOKEN_HEX + 1];
	for (size_t i = 0; i <= SESSION_TOKEN_HEX; i++)
		upper[i] = (char)(token[i] >= 'a' && token[i] <= 'f' ? token[i] - 32 : token[i]);
	if (strcmp(upper, token) != 0)
		assert_false(lookup(f, upper, t0 + 70, &got));

	/* A second session; ending one leaves the other. */
	char token2[SESSION_TOKEN_HEX + 1];
	session_info s2;
	open_session(f, id, t0 + 100, token2, &s2);
	assert_string_not_equal(token, token2);
	expect_true(f, store_session_end(f->s, token, &f->d));
	assert_false(lookup(f, token, t0 + 110, &got));
	assert_true(lookup(f, token2, t0 + 110, &got));
	expect_true(f, store_session_end(f->s, token, &f->d)); /* already ended: nothing */
	expect_true(f, store_session_end(f->s, "garbage", &f->d));

	assert_string_equal(audit(f, "session"), arena_printf(f->a,
		"%1$lld|login|∅|∅|192.0.2.7\n"
		"%1$lld|login|∅|∅|192.0.2.7\n"
		"%1$lld|logout|∅|∅|192.0.2.7\n", (long long)id));
}

static void test_session_expiry(void **state)
{
	fixture *f = *state;
	int64_t id = make_account(f, "x", "X");
	char token[SESSION_TOKEN_HEX + 1];
	session_info s, got;
	/* Idle: kept up to the limit, gone after it (and deleted). */
	open_session(f, id, t0, token, &s);
	assert_true(lookup(f, token, t0 + 3600, &got));
	assert_false(lookup(f, token, t0 + 3600 + 3600 + 1, &got));
	assert_int_equal(query(f, "SELECT count(*) FROM session"), 0);

	/* Absolute age: active all along, still ends after max_seconds. */
	open_session(f, id, t0, token, &s);
	for (int64_t t = t0 + 3000; t <= t0 + 86400; t += 3000)
		assert_true(lookup(f, token, t, &got));
	assert_false(lookup(f, token, t0 + 86401, &got));
	assert_int_equal(query(f, "SELECT count(*) FROM session"), 0);

	/* Limits of 0: none. */
	open_session(f, id, t0, token, &s);
	bool found;
	expect_true(f, store_session_lookup(f->s, f->a, token, t0 + 10 * 86400, 0, 0, &got, &found,
	                                    &f->d));
	assert_true(found);
}

static void test_sessions_end_with_account_changes(void **state)
{
	fixture *f = *state;
	int64_t id = make_account(f, "x", "X");
	int64_t other = make_account(f, "y", "Y");
	char a1[SESSION_TOKEN_HEX + 1], a2[SESSION_TOKEN_HEX + 1], b1[SESSION_TOKEN_HEX + 1];
	session_info s, got;
	open_session(f, id, t0, a1, &s);
	open_session(f, id, t0, a2, &s);
	open_session(f, other, t0, b1, &s);

	/* A disabled account's sessions end at once (and could not be looked up anyway). */
	exec_ok(f->s->sqlite, "UPDATE account SET disabled = 1 WHERE login = 'y'");
	assert_false(lookup(f, b1, t0 + 1, &got));
	exec_ok(f->s->sqlite, "UPDATE account SET disabled = 0 WHERE login = 'y'");
	open_session(f, other, t0, b1, &s);
	expect_true(f, store_account_set_disabled(f->s, "y", true, &f->d));
	assert_int_equal(query(f, arena_printf(f->a, "SELECT count(*) FROM session WHERE "
	                                              "account_id = %lld", (long long)other)), 0);
	assert_false(store_session_create(f->s, f->a, other, NULL, t0, b1, &s, &f->d));
	expect_diag(f, NULL, "désactivé");
	assert_false(store_session_create(f->s, f->a, 999, NULL, t0, b1, &s, &f->d));
	expect_diag(f, NULL, "introuvable");

	/* A new password ends every session of the account. */
	assert_true(lookup(f, a1, t0 + 1, &got));
	expect_true(f, store_account_set_password(f->s, "x", "un tout nouveau secret", &f->d));
	assert_false(lookup(f, a1, t0 + 2, &got));
	assert_false(lookup(f, a2, t0 + 2, &got));

	/* Logout everywhere. */
	open_session(f, id, t0, a1, &s);
	open_session(f, id, t0, a2, &s);
	size_t ended;
	expect_true(f, store_session_end_all(f->s, id, &ended, &f->d));
	assert_int_equal(ended, 2);
	assert_false(lookup(f, a1, t0 + 2, &got));
	expect_true(f, store_session_end_all(f->s, id, &ended, &f->d));
	assert_int_equal(ended, 0);
	expect_true(f, store_session_end_all(f->s, id, NULL, &f->d));
	assert_string_equal(rows_text(f, arena_printf(f->a,
		"SELECT new_value FROM audit_log WHERE entity = 'session' AND action = 'logout'"
		" AND entity_id = %lld ORDER BY id", (long long)id)),
		"2 sessions fermées\n2 sessions fermées\n");
}

/* ---- the audit log ---------------------------------------------------------------------- */

static void test_audit_never_holds_a_password(void **state)
{
	fixture *f = *state;
	store_set_origin(f->s, "admin", "web");
	store_set_source(f->s, "POST /accounts");
	int64_t id = make_account(f, "x", "X");
	expect_true(f, store_account_set_password(f->s, "x", "le second secret", &f->d));
	expect_true(f, store_audit_login_failed(f->s, "X", "192.0.2.9", &f->d));
	expect_true(f, store_audit_login_failed(f->s, "le second secret", "192.0.2.9", &f->d));

	assert_string_equal(rows_text(f,
		"SELECT actor, via, source, entity, entity_id, action, field, old_value, new_value"
		" FROM audit_log ORDER BY id"), arena_printf(f->a,
		"admin|web|POST /accounts|account|%1$lld|create|∅|∅|x (X)\n"
		"admin|web|POST /accounts|account|%1$lld|update|password|∅|∅\n"
		"admin|web|POST /accounts|session|%1$lld|login_failed|login|x|192.0.2.9\n"
		"admin|web|POST /accounts|session|∅|login_failed|∅|∅|192.0.2.9\n", (long long)id));
	/* Neither password, nor any part of a hash, anywhere in the log. */
	const char *hash = rows_text(f, "SELECT substr(password_hash, 30, 20) FROM account");
	char probe[21];
	memcpy(probe, hash, 20);
	probe[20] = '\0';
	assert_int_equal(query(f, arena_printf(f->a,
		"SELECT count(*) FROM audit_log WHERE coalesce(old_value, '') || coalesce(new_value, '')"
		" || coalesce(field, '') LIKE '%%horse%%' OR coalesce(old_value, '') ||"
		" coalesce(new_value, '') LIKE '%%second secret%%' OR coalesce(old_value, '') ||"
		" coalesce(new_value, '') LIKE '%%argon2%%' OR coalesce(old_value, '') ||"
		" coalesce(new_value, '') LIKE '%%%s%%'", probe)), 0);

	audit_entry *rows;
	size_t count;
	expect_true(f, store_audit_load(f->s, f->a, NULL, 0, 0, &rows, &count, &f->d));
	assert_int_equal(count, 4);
	assert_string_equal(rows[0].action, "login_failed"); /* newest first */
	assert_int_equal(rows[0].entity_id, 0);
	expect_true(f, store_audit_load(f->s, f->a, "account", id, 1, &rows, &count, &f->d));
	assert_int_equal(count, 1);
	assert_string_equal(rows[0].field, "password");
	assert_null(rows[0].old_value);
	assert_string_equal(rows[0].actor, "admin");
	assert_string_equal(rows[0].via, "web");
	assert_int_equal(strlen(rows[0].at), 20);
	expect_true(f, store_audit_load(f->s, f->a, "session", 0, 0, &rows, &count, &f->d));
	assert_int_equal(count, 2);
}

/* ---- the plan's publicity --------------------------------------------------------------- */

static void test_plan_public(void **state)
{
	fixture *f = *state;
	assert_false(f->p->public_plan);
	f->p->public_plan = true;
	expect_true(f, store_plan_update(f->s, f->p, &f->d));
	plan *p = load_ok(f, "sdn");
	assert_true(p->public_plan);
	assert_int_equal(query(f, "SELECT public FROM plan WHERE slug = 'sdn'"), 1);
	/* Unchanged: no audit row. */
	expect_true(f, store_plan_update(f->s, p, &f->d));
	p->public_plan = false;
	expect_true(f, store_plan_update(f->s, p, &f->d));
	assert_false(load_ok(f, "sdn")->public_plan);
	assert_string_equal(audit(f, "plan"), arena_printf(f->a,
		"%1$lld|update|public|non|oui\n%1$lld|update|public|oui|non\n", (long long)p->id));
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, fixture_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_create_find_list),
		T(test_login_normalisation_and_refusals),
		T(test_password_rules),
		T(test_verify),
		T(test_disable_enable_refusals),
		T(test_update),
		T(test_grant_revoke),
		T(test_create_full_all_or_nothing),
		T(test_labels),
		T(test_subject),
		T(test_session_create_lookup),
		T(test_session_expiry),
		T(test_sessions_end_with_account_changes),
		T(test_audit_never_holds_a_password),
		T(test_plan_public),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
