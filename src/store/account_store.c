/*
 * account_store.c — accounts, roles, labels, sessions and the audit log in SQLite
 * (account_store.h; schema: migration 7).
 *
 * Passwords go through libsodium only: crypto_pwhash_str (Argon2id, "interactive"
 * limits) to store, crypto_pwhash_str_verify to check. Hashing takes a tenth of a
 * second on purpose, so it runs before the transaction opens: the write lock is never
 * held while a password is hashed. An unknown login is checked against a fixed hash made
 * once, so that a wrong login and a wrong password take the same time.
 *
 * Writes follow the store's usual steps: values checked alone (each problem named by
 * its field: "login", "name", "email", "password", "role", "organisation", "label"),
 * then BEGIN IMMEDIATE, what needs the database checked inside, rows written, an
 * audit_log row per change (never a password or a hash), commit or roll back all.
 *
 * Audit rows (French data, like the change journal: the log reads the same for every
 * reader): entity_id is always the account's id, so that one account's history is one
 * query; roles and labels are written as summaries ("pilotage (Université de Lorraine)",
 * "porteur (toutes les organisations)"); the account's own fields as field, old value,
 * new value; a password change as field "password" with no values.
 *
 * Sessions: the database keeps crypto_generichash of the cookie's token (as its 64 hex
 * digits), never the token. Looking one up is one query joining session and account;
 * seen_at is written back at most once a minute.
 */
#include "store/account_store.h"

#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/i18n.h"
#include "util/text.h"

/* seen_at is written back when older than this (seconds). */
enum { SESSION_TOUCH_SECONDS = 60 };

/* ---- libsodium ------------------------------------------------------------------------ */

static bool sodium_ready(diag_list *d)
{
	/* sodium_init() is idempotent and thread-safe: 0 the first time, 1 after. */
	if (sodium_init() >= 0)
		return true;
	diag_add(d, NULL, 0, _("initialisation de la bibliothèque cryptographique impossible"));
	return false;
}

/* The hash an unknown login is checked against: a random password's, made once. */
static char dummy_hash[crypto_pwhash_STRBYTES];
static bool dummy_hash_ok;
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

static void dummy_hash_make(void)
{
	unsigned char secret[32];
	char hex[sizeof(secret) * 2 + 1];
	randombytes_buf(secret, sizeof(secret));
	sodium_bin2hex(hex, sizeof(hex), secret, sizeof(secret));
	dummy_hash_ok = crypto_pwhash_str(dummy_hash, hex, strlen(hex),
	                                  crypto_pwhash_OPSLIMIT_INTERACTIVE,
	                                  crypto_pwhash_MEMLIMIT_INTERACTIVE) == 0;
	sodium_memzero(secret, sizeof(secret));
	sodium_memzero(hex, sizeof(hex));
}

static bool password_hash(const char *password, char out[crypto_pwhash_STRBYTES], diag_list *d)
{
	if (crypto_pwhash_str(out, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
	                      crypto_pwhash_MEMLIMIT_INTERACTIVE) == 0)
		return true;
	diag_add(d, "password", 0, _("calcul de l'empreinte du mot de passe impossible "
	                             "(mémoire insuffisante ?)"));
	return false;
}

/* 32 random bytes as 64 lower-case hex digits. */
static void random_hex(char out[SESSION_TOKEN_HEX + 1])
{
	unsigned char bytes[SESSION_TOKEN_HEX / 2];
	randombytes_buf(bytes, sizeof(bytes));
	sodium_bin2hex(out, SESSION_TOKEN_HEX + 1, bytes, sizeof(bytes));
	sodium_memzero(bytes, sizeof(bytes));
}

/* What session.token_hash keeps for a token: its generic hash, in hex. */
static void token_digest(const char *token, char out[SESSION_TOKEN_HEX + 1])
{
	unsigned char h[SESSION_TOKEN_HEX / 2];
	crypto_generichash(h, sizeof(h), (const unsigned char *)token, strlen(token), NULL, 0);
	sodium_bin2hex(out, SESSION_TOKEN_HEX + 1, h, sizeof(h));
}

static bool token_well_formed(const char *token)
{
	if (!token || strlen(token) != SESSION_TOKEN_HEX)
		return false;
	for (const char *p = token; *p; p++)
		if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
			return false;
	return true;
}

/* ---- small helpers -------------------------------------------------------------------- */

/* Trimmed text from the arena, NULL when nothing is left. */
static const char *clean(arena *a, const char *s)
{
	if (!s)
		return NULL;
	char *t = text_trim(a, s);
	return *t ? t : NULL;
}

/* Run a write prepared here, then finalize it; false (reported) unless it ran through. */
static bool run_write(store *s, sqlite3_stmt *st, diag_list *d, const char *doing)
{
	if (!st)
		return false;
	int rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		store_report(s, d, doing);
		return false;
	}
	return true;
}

static bool same_text(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* ---- logins and passwords ------------------------------------------------------------- */

const char *account_login_normalise(arena *a, const char *login, diag_list *d)
{
	const char *t = clean(a, login);
	size_t len = t ? strlen(t) : 0;
	if (!len) {
		diag_add(d, "login", 0, _("le login est vide"));
		return NULL;
	}
	if (len > 64) {
		diag_add(d, "login", 0, _("login trop long : %zu caractères, 64 au plus"), len);
		return NULL;
	}
	char *out = arena_strdup(a, t);
	for (char *p = out; *p; p++) {
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
		bool allowed = (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '.' ||
		               *p == '_' || *p == '-' || *p == '@';
		if (!allowed) {
			diag_add(d, "login", 0,
			         _("login « %s » invalide : lettres sans accent, chiffres, « . », « _ », "
			           "« - » et « @ » seulement"), t);
			return NULL;
		}
	}
	return out;
}

/* Characters, not bytes, count towards the minimum (twelve accented letters are twelve
 * characters); bytes towards the maximum, which bounds the hashing work. */
bool account_password_acceptable(const char *password, diag_list *d)
{
	if (!password || !*password) {
		diag_add(d, "password", 0, _("le mot de passe est vide"));
		return false;
	}
	size_t len = strlen(password), bad;
	if (!text_utf8_valid(password, len, &bad)) {
		diag_add(d, "password", 0, _("le mot de passe n'est pas un texte UTF-8 valide"));
		return false;
	}
	if (len > ACCOUNT_PASSWORD_MAX) {
		diag_add(d, "password", 0, _("mot de passe trop long : %zu octets, %d au plus"), len,
		         ACCOUNT_PASSWORD_MAX);
		return false;
	}
	size_t characters = 0;
	for (const unsigned char *p = (const unsigned char *)password; *p; p++)
		characters += (*p & 0xC0) != 0x80;
	if (characters < ACCOUNT_PASSWORD_MIN) {
		diag_add(d, "password", 0,
		         _("mot de passe trop court : %zu caractères, %d au moins"), characters,
		         ACCOUNT_PASSWORD_MIN);
		return false;
	}
	return true;
}

/* Email: optional; when given, one "@" with text on both sides and no space. */
static bool email_acceptable(const char *email, diag_list *d)
{
	if (!email)
		return true;
	const char *at = strchr(email, '@');
	if (!at || at == email || !at[1] || strchr(at + 1, '@') || strpbrk(email, " \t\r\n<>")) {
		diag_add(d, "email", 0, _("adresse électronique invalide « %s »"), email);
		return false;
	}
	if (strlen(email) > 254) {
		diag_add(d, "email", 0, _("adresse électronique trop longue"));
		return false;
	}
	return true;
}

/* ---- the audit log -------------------------------------------------------------------- */

bool store_audit_record(store *s, const char *entity, int64_t entity_id, const char *action,
                        const char *field, const char *old_value, const char *new_value,
                        diag_list *d)
{
	sqlite3_stmt *st = store_prepare(s,
		"INSERT INTO audit_log (at, actor, via, source, entity, entity_id, action, field,"
		" old_value, new_value) VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'),"
		" ?, ?, ?, ?, ?, ?, ?, ?, ?)", d);
	if (!st)
		return false;
	store_bind_text(st, 1, s->actor);
	sqlite3_bind_text(st, 2, s->via ? s->via : "cli", -1, SQLITE_STATIC);
	store_bind_text(st, 3, s->source);
	sqlite3_bind_text(st, 4, entity, -1, SQLITE_STATIC);
	if (entity_id)
		sqlite3_bind_int64(st, 5, entity_id);
	sqlite3_bind_text(st, 6, action, -1, SQLITE_STATIC);
	store_bind_text(st, 7, field);
	store_bind_text(st, 8, old_value);
	store_bind_text(st, 9, new_value);
	return run_write(s, st, d, _("écriture du journal d'audit impossible"));
}

bool store_audit_load(store *s, arena *a, const char *entity, int64_t entity_id, size_t limit,
                      audit_entry **out, size_t *count, diag_list *d)
{
	*out = NULL;
	*count = 0;
	sqlite3_stmt *st = store_prepare(s,
		"SELECT id, at, actor, via, source, entity, entity_id, action, field, old_value,"
		" new_value FROM audit_log"
		" WHERE (?1 IS NULL OR entity = ?1) AND (?2 = 0 OR entity_id = ?2)"
		" ORDER BY id DESC LIMIT ?3", d);
	if (!st)
		return false;
	store_bind_text(st, 1, entity);
	sqlite3_bind_int64(st, 2, entity_id);
	sqlite3_bind_int64(st, 3, limit ? (int64_t)limit : INT64_MAX);
	size_t n = 0, cap = 0;
	audit_entry *items = NULL;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == cap) {
			size_t grown = cap ? cap * 2 : 16;
			items = arena_realloc(a, items, cap * sizeof(*items), grown * sizeof(*items));
			cap = grown;
		}
		audit_entry *e = &items[n++];
		e->id = sqlite3_column_int64(st, 0);
		e->at = store_column_text(a, st, 1);
		e->actor = store_column_text(a, st, 2);
		e->via = store_column_text(a, st, 3);
		e->source = store_column_text(a, st, 4);
		e->entity = store_column_text(a, st, 5);
		e->entity_id = sqlite3_column_int64(st, 6);
		e->action = store_column_text(a, st, 7);
		e->field = store_column_text(a, st, 8);
		e->old_value = store_column_text(a, st, 9);
		e->new_value = store_column_text(a, st, 10);
	}
	if (!store_read_end(s, st, rc, d, _("lecture du journal d'audit impossible")))
		return false;
	*out = items;
	*count = n;
	return true;
}

/* ---- loading accounts ----------------------------------------------------------------- */

/* The role's summary in the audit log: "pilotage (Université de Lorraine)". */
static const char *grant_summary(arena *a, access_role role, const char *organisation)
{
	return arena_printf(a, "%s (%s)", access_role_key(role),
	                    organisation ? organisation : "toutes les organisations");
}

static const char *const account_columns =
	"SELECT a.id, a.login, a.name, a.email, a.disabled, a.created_at,"
	" a.password_changed_at, a.version,"
	" (SELECT count(*) FROM session x WHERE x.account_id = a.id)"
	" FROM account a";

static void account_read_row(arena *a, sqlite3_stmt *st, account *out)
{
	memset(out, 0, sizeof(*out));
	out->id = sqlite3_column_int64(st, 0);
	out->login = store_column_text(a, st, 1);
	out->name = store_column_text(a, st, 2);
	out->email = store_column_text(a, st, 3);
	out->disabled = sqlite3_column_int(st, 4) != 0;
	out->created_at = store_column_text(a, st, 5);
	out->password_changed_at = store_column_text(a, st, 6);
	out->version = sqlite3_column_int64(st, 7);
	out->session_count = (size_t)sqlite3_column_int64(st, 8);
}

/* Accounts are few (hundreds): one index sorted by id finds a grant's or a label's
 * account in the lists loaded whole. */
static int compare_account_id(const void *x, const void *y)
{
	int64_t a = (*(account *const *)x)->id, b = (*(account *const *)y)->id;
	return (a > b) - (a < b);
}

static account *account_by_id(account **by_id, size_t count, int64_t id)
{
	size_t lo = 0, hi = count;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (by_id[mid]->id == id)
			return by_id[mid];
		if (by_id[mid]->id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* Grants and labels of the accounts given (all of the table when only is 0, else the
 * one account of that id), in one query each. */
static bool account_load_details(store *s, arena *a, account *accounts, size_t count,
                                 int64_t only, diag_list *d)
{
	if (!count)
		return true;
	account **by_id = arena_alloc(a, count * sizeof(*by_id));
	for (size_t i = 0; i < count; i++)
		by_id[i] = &accounts[i];
	qsort(by_id, count, sizeof(*by_id), compare_account_id);

	sqlite3_stmt *st = store_prepare(s,
		"SELECT r.account_id, r.organisation_id, o.name, r.role"
		" FROM account_role r LEFT JOIN organisation o ON o.id = r.organisation_id"
		" WHERE ?1 = 0 OR r.account_id = ?1"
		" ORDER BY r.account_id, r.organisation_id IS NOT NULL, o.name,"
		" CASE r.role WHEN 'administrateur' THEN 0 WHEN 'pilotage' THEN 1"
		" WHEN 'porteur' THEN 2 WHEN 'membre-instance' THEN 3 ELSE 4 END", d);
	if (!st)
		return false;
	sqlite3_bind_int64(st, 1, only);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		account *x = account_by_id(by_id, count, sqlite3_column_int64(st, 0));
		access_role role;
		if (!x || !access_role_parse((const char *)sqlite3_column_text(st, 3), &role))
			continue;
		size_t n = x->grant_count;
		if (n == 0 || (n & (n - 1)) == 0)
			x->grants = arena_realloc(a, x->grants, n * sizeof(*x->grants),
			                          (n ? n * 2 : 2) * sizeof(*x->grants));
		x->grants[n] = (account_grant){
			.organisation_id = sqlite3_column_int64(st, 1),
			.organisation = store_column_text(a, st, 2),
			.role = role,
		};
		x->grant_count = n + 1;
	}
	if (!store_read_end(s, st, rc, d, _("lecture des rôles impossible")))
		return false;

	st = store_prepare(s,
		"SELECT account_id, label FROM account_label WHERE ?1 = 0 OR account_id = ?1"
		" ORDER BY account_id, folded", d);
	if (!st)
		return false;
	sqlite3_bind_int64(st, 1, only);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		account *x = account_by_id(by_id, count, sqlite3_column_int64(st, 0));
		if (!x)
			continue;
		size_t n = x->label_count;
		if (n == 0 || (n & (n - 1)) == 0)
			x->labels = arena_realloc(a, (void *)x->labels, n * sizeof(*x->labels),
			                          (n ? n * 2 : 2) * sizeof(*x->labels));
		x->labels[n] = store_column_text(a, st, 1);
		x->label_count = n + 1;
	}
	return store_read_end(s, st, rc, d, _("lecture des libellés impossible"));
}

/* One account by a condition on a.id (?1) or a.login (?2). */
static bool account_load_one(store *s, arena *a, int64_t id, const char *login, account *out,
                             bool *found, diag_list *d)
{
	char *sql = arena_printf(a, "%s WHERE a.id = ?1 OR a.login = ?2", account_columns);
	sqlite3_stmt *st = store_prepare(s, sql, d);
	if (!st)
		return false;
	sqlite3_bind_int64(st, 1, id);
	store_bind_text(st, 2, login);
	int rc = sqlite3_step(st);
	*found = rc == SQLITE_ROW;
	if (*found)
		account_read_row(a, st, out);
	if (!store_read_end(s, st, *found ? SQLITE_DONE : rc, d,
	                    _("lecture du compte impossible")))
		return false;
	return !*found || account_load_details(s, a, out, 1, out->id, d);
}

bool store_account_find(store *s, arena *a, const char *login, account *out, diag_list *d)
{
	memset(out, 0, sizeof(*out));
	diag_list quiet;
	diag_init(&quiet, a);
	const char *key = account_login_normalise(a, login, &quiet);
	bool found = false;
	if (key && !account_load_one(s, a, 0, key, out, &found, d))
		return false;
	if (!found) {
		diag_add(d, "login", 0, _("compte « %s » introuvable"), login ? login : "");
		return false;
	}
	return true;
}

bool store_account_get(store *s, arena *a, int64_t id, account *out, bool *found,
                       diag_list *d)
{
	memset(out, 0, sizeof(*out));
	*found = false;
	if (id <= 0)
		return true;
	return account_load_one(s, a, id, NULL, out, found, d);
}

bool store_account_list(store *s, arena *a, account **out, size_t *count, diag_list *d)
{
	*out = NULL;
	*count = 0;
	char *sql = arena_printf(a, "%s ORDER BY a.login", account_columns);
	sqlite3_stmt *st = store_prepare(s, sql, d);
	if (!st)
		return false;
	size_t n = 0, cap = 0;
	account *items = NULL;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == cap) {
			size_t grown = cap ? cap * 2 : 16;
			items = arena_realloc(a, items, cap * sizeof(*items), grown * sizeof(*items));
			cap = grown;
		}
		account_read_row(a, st, &items[n++]);
	}
	if (!store_read_end(s, st, rc, d, _("lecture des comptes impossible")) ||
	    !account_load_details(s, a, items, n, 0, d))
		return false;
	*out = items;
	*count = n;
	return true;
}

/* ---- writing accounts ----------------------------------------------------------------- */

/* The id (and what the writers need) of an account, inside the caller's transaction;
 * false with "compte « x » introuvable" on field login. */
typedef struct {
	int64_t id;
	const char *login, *name, *email;
	bool disabled;
} account_row;

static bool account_row_find(store *s, arena *a, const char *login, account_row *out,
                             diag_list *d)
{
	memset(out, 0, sizeof(*out));
	diag_list quiet;
	diag_init(&quiet, a);
	const char *key = account_login_normalise(a, login, &quiet);
	if (key) {
		sqlite3_stmt *st = store_prepare(s,
			"SELECT id, login, name, email, disabled FROM account WHERE login = ?", d);
		if (!st)
			return false;
		sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
		int rc = sqlite3_step(st);
		if (rc == SQLITE_ROW) {
			out->id = sqlite3_column_int64(st, 0);
			out->login = store_column_text(a, st, 1);
			out->name = store_column_text(a, st, 2);
			out->email = store_column_text(a, st, 3);
			out->disabled = sqlite3_column_int(st, 4) != 0;
		}
		if (!store_read_end(s, st, rc == SQLITE_ROW ? SQLITE_DONE : rc, d,
		                    _("lecture du compte impossible")))
			return false;
	}
	if (!out->id) {
		diag_add(d, "login", 0, _("compte « %s » introuvable"), login ? login : "");
		return false;
	}
	return true;
}

/* An organisation by name: exact, else the one whose name matches ignoring case and
 * accents; false with a diag listing the organisations. */
static bool organisation_lookup(store *s, arena *a, const char *name, int64_t *id,
                                const char **canonical, diag_list *d)
{
	sqlite3_stmt *st = store_prepare(s, "SELECT id, name FROM organisation ORDER BY name", d);
	if (!st)
		return false;
	const char *want = text_match_key(a, name);
	int64_t exact = 0, loose = 0;
	size_t loose_count = 0;
	const char *exact_name = NULL, *loose_name = NULL;
	char *names = NULL;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *n = (const char *)sqlite3_column_text(st, 1);
		if (!n)
			continue;
		if (strcmp(n, name) == 0) {
			exact = sqlite3_column_int64(st, 0);
			exact_name = arena_strdup(a, n);
		} else if (strcmp(text_match_key(a, n), want) == 0) {
			loose = sqlite3_column_int64(st, 0);
			loose_name = arena_strdup(a, n);
			loose_count++;
		}
		names = names ? arena_printf(a, "%s, %s", names, n) : arena_strdup(a, n);
	}
	if (!store_read_end(s, st, rc, d, _("lecture des organisations impossible")))
		return false;
	if (exact || loose_count == 1) {
		*id = exact ? exact : loose;
		*canonical = exact ? exact_name : loose_name;
		return true;
	}
	if (names)
		diag_add(d, "organisation", 0, _("organisation inconnue « %s » (organisations : %s)"),
		         name, names);
	else
		diag_add(d, "organisation", 0,
		         _("organisation inconnue « %s » (la base n'a encore aucune organisation)"),
		         name);
	return false;
}

/* Delete every session of an account, inside the caller's transaction; one audit row
 * when there were any. */
static bool sessions_end_all(store *s, arena *a, int64_t account_id, size_t *ended,
                             diag_list *d)
{
	sqlite3_stmt *st = store_prepare(s, "DELETE FROM session WHERE account_id = ?", d);
	if (st)
		sqlite3_bind_int64(st, 1, account_id);
	if (!run_write(s, st, d, _("fermeture des sessions impossible")))
		return false;
	size_t n = (size_t)sqlite3_changes(s->sqlite);
	if (ended)
		*ended = n;
	if (!n)
		return true;
	const char *summary = arena_printf(a, "%zu %s", n, n > 1 ? "sessions fermées" :
	                                   "session fermée");
	return store_audit_record(s, "session", account_id, "logout", NULL, NULL, summary, d);
}

static bool grant_in_transaction(store *s, arena *a, int64_t account_id,
                                 const char *organisation, access_role role, bool revoke,
                                 diag_list *d)
{
	int64_t organisation_id = 0;
	const char *canonical = NULL;
	if (organisation && !organisation_lookup(s, a, organisation, &organisation_id,
	                                         &canonical, d))
		return false;
	sqlite3_stmt *st = store_prepare(s,
		"SELECT count(*) FROM account_role WHERE account_id = ?"
		" AND coalesce(organisation_id, 0) = ? AND role = ?", d);
	if (!st)
		return false;
	sqlite3_bind_int64(st, 1, account_id);
	sqlite3_bind_int64(st, 2, organisation_id);
	sqlite3_bind_text(st, 3, access_role_key(role), -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	bool held = rc == SQLITE_ROW && sqlite3_column_int64(st, 0) > 0;
	if (!store_read_end(s, st, rc == SQLITE_ROW ? SQLITE_DONE : rc, d,
	                    _("lecture des rôles impossible")))
		return false;
	const char *where = canonical ? arena_printf(a, _("sur « %s »"), canonical)
	                              : _("sur toutes les organisations");
	if (held && !revoke) {
		diag_add(d, "role", 0, _("le compte a déjà le rôle « %s » %s"),
		         _(access_role_label(role)), where);
		return false;
	}
	if (!held && revoke) {
		diag_add(d, "role", 0, _("le compte n'a pas le rôle « %s » %s"),
		         _(access_role_label(role)), where);
		return false;
	}
	st = store_prepare(s, revoke
		? "DELETE FROM account_role WHERE account_id = ?1"
		  " AND coalesce(organisation_id, 0) = ?2 AND role = ?3"
		: "INSERT INTO account_role (account_id, organisation_id, role)"
		  " VALUES (?1, nullif(?2, 0), ?3)", d);
	if (!st)
		return false;
	sqlite3_bind_int64(st, 1, account_id);
	sqlite3_bind_int64(st, 2, organisation_id);
	sqlite3_bind_text(st, 3, access_role_key(role), -1, SQLITE_STATIC);
	if (!run_write(s, st, d, _("enregistrement du rôle impossible")))
		return false;
	const char *summary = grant_summary(a, role, canonical);
	return store_audit_record(s, "role", account_id, revoke ? "delete" : "create", NULL,
	                          revoke ? summary : NULL, revoke ? NULL : summary, d);
}

static bool label_in_transaction(store *s, arena *a, int64_t account_id, const char *label,
                                 bool remove, diag_list *d)
{
	const char *typed = clean(a, label);
	const char *folded = typed ? access_label_fold(a, typed) : NULL;
	if (!folded) {
		diag_add(d, "label", 0, _("le libellé est vide"));
		return false;
	}
	sqlite3_stmt *st = store_prepare(s,
		"SELECT label FROM account_label WHERE account_id = ? AND folded = ?", d);
	if (!st)
		return false;
	sqlite3_bind_int64(st, 1, account_id);
	sqlite3_bind_text(st, 2, folded, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	const char *existing = rc == SQLITE_ROW ? store_column_text(a, st, 0) : NULL;
	if (!store_read_end(s, st, rc == SQLITE_ROW ? SQLITE_DONE : rc, d,
	                    _("lecture des libellés impossible")))
		return false;
	if (existing && !remove) {
		diag_add(d, "label", 0, _("le compte a déjà le libellé « %s »"), existing);
		return false;
	}
	if (!existing && remove) {
		diag_add(d, "label", 0, _("le compte n'a pas le libellé « %s »"), typed);
		return false;
	}
	st = store_prepare(s, remove
		? "DELETE FROM account_label WHERE account_id = ?1 AND folded = ?3"
		: "INSERT INTO account_label (account_id, label, folded) VALUES (?1, ?2, ?3)", d);
	if (!st)
		return false;
	sqlite3_bind_int64(st, 1, account_id);
	sqlite3_bind_text(st, 2, typed, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, folded, -1, SQLITE_STATIC);
	if (!run_write(s, st, d, _("enregistrement du libellé impossible")))
		return false;
	return store_audit_record(s, "label", account_id, remove ? "delete" : "create", NULL,
	                          remove ? existing : NULL, remove ? NULL : typed, d);
}

bool store_account_create_full(store *s, const account_new *spec, int64_t *id_out,
                               diag_list *d)
{
	if (id_out)
		*id_out = 0;
	arena *a = arena_new();
	const char *login = account_login_normalise(a, spec->login, d);
	const char *name = clean(a, spec->name);
	const char *email = clean(a, spec->email);
	bool ok = login != NULL;
	if (!name) {
		diag_add(d, "name", 0, _("le nom de la personne est vide"));
		ok = false;
	}
	ok &= email_acceptable(email, d);
	ok &= account_password_acceptable(spec->password, d);
	for (size_t i = 0; i < spec->label_count; i++) {
		const char *t = clean(a, spec->labels[i]);
		if (!t || !access_label_fold(a, t)) {
			diag_add(d, "label", 0, _("le libellé est vide"));
			ok = false;
		}
	}
	char hash[crypto_pwhash_STRBYTES];
	ok = ok && sodium_ready(d) && password_hash(spec->password, hash, d);
	if (!ok || !store_begin(s, d)) {
		arena_free(a);
		return false;
	}

	sqlite3_stmt *st = store_prepare(s, "SELECT 1 FROM account WHERE login = ?", d);
	if (st) {
		sqlite3_bind_text(st, 1, login, -1, SQLITE_STATIC);
		int rc = sqlite3_step(st);
		if (rc == SQLITE_ROW) {
			diag_add(d, "login", 0, _("le login « %s » est déjà pris"), login);
			ok = false;
		}
		ok &= store_read_end(s, st, rc == SQLITE_ROW ? SQLITE_DONE : rc, d,
		                     _("lecture des comptes impossible"));
	} else {
		ok = false;
	}
	int64_t id = 0;
	if (ok) {
		st = store_prepare(s,
			"INSERT INTO account (login, name, email, password_hash, created_at,"
			" password_changed_at) VALUES (?, ?, ?, ?,"
			" strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))",
			d);
		if (st) {
			sqlite3_bind_text(st, 1, login, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
			store_bind_text(st, 3, email);
			sqlite3_bind_text(st, 4, hash, -1, SQLITE_STATIC);
		}
		ok = run_write(s, st, d, _("création du compte impossible"));
		id = ok ? sqlite3_last_insert_rowid(s->sqlite) : 0;
	}
	sodium_memzero(hash, sizeof(hash));
	if (ok)
		ok = store_audit_record(s, "account", id, "create", NULL, NULL,
		                        arena_printf(a, "%s (%s)", login, name), d);
	for (size_t i = 0; ok && i < spec->grant_count; i++)
		ok = grant_in_transaction(s, a, id, spec->grants[i].organisation,
		                          spec->grants[i].role, false, d);
	for (size_t i = 0; ok && i < spec->label_count; i++)
		ok = label_in_transaction(s, a, id, spec->labels[i], false, d);
	ok = store_end(s, ok, d);
	if (ok && id_out)
		*id_out = id;
	arena_free(a);
	return ok;
}

bool store_account_create(store *s, const char *login, const char *name, const char *email,
                          const char *password, int64_t *id_out, diag_list *d)
{
	account_new spec = {.login = login, .name = name, .email = email, .password = password};
	return store_account_create_full(s, &spec, id_out, d);
}

/* Begin, find the account by login; false (rolled back, diags set) when either fails. */
static bool account_write_begin(store *s, arena *a, const char *login, account_row *row,
                                diag_list *d)
{
	if (!store_begin(s, d))
		return false;
	if (!account_row_find(s, a, login, row, d)) {
		store_rollback(s);
		return false;
	}
	return true;
}

/* Bump the account's version after a change of its own row, roles or labels. */
static bool account_touch(store *s, int64_t id, diag_list *d)
{
	sqlite3_stmt *st = store_prepare(s, "UPDATE account SET version = version + 1 WHERE id = ?", d);
	if (st)
		sqlite3_bind_int64(st, 1, id);
	return run_write(s, st, d, _("mise à jour du compte impossible"));
}

bool store_account_update(store *s, const char *login, const char *name, const char *email,
                          diag_list *d)
{
	arena *a = arena_new();
	const char *new_name = name ? clean(a, name) : NULL;
	const char *new_email = email ? clean(a, email) : NULL;
	bool ok = true;
	if (name && !new_name) {
		diag_add(d, "name", 0, _("le nom de la personne est vide"));
		ok = false;
	}
	ok &= email_acceptable(new_email, d);
	account_row row;
	if (!ok || !account_write_begin(s, a, login, &row, d)) {
		arena_free(a);
		return false;
	}
	bool name_changes = name && !same_text(new_name, row.name);
	bool email_changes = email && !same_text(new_email, row.email);
	if (name_changes || email_changes) {
		sqlite3_stmt *st = store_prepare(s,
			"UPDATE account SET name = ?, email = ?, version = version + 1 WHERE id = ?", d);
		if (st) {
			sqlite3_bind_text(st, 1, name_changes ? new_name : row.name, -1, SQLITE_STATIC);
			store_bind_text(st, 2, email_changes ? new_email : row.email);
			sqlite3_bind_int64(st, 3, row.id);
		}
		ok = run_write(s, st, d, _("mise à jour du compte impossible"));
	}
	if (ok && name_changes)
		ok = store_audit_record(s, "account", row.id, "update", "name", row.name, new_name, d);
	if (ok && email_changes)
		ok = store_audit_record(s, "account", row.id, "update", "email", row.email, new_email,
		                        d);
	ok = store_end(s, ok, d);
	arena_free(a);
	return ok;
}

bool store_account_set_password(store *s, const char *login, const char *password,
                                diag_list *d)
{
	char hash[crypto_pwhash_STRBYTES];
	if (!account_password_acceptable(password, d) || !sodium_ready(d) ||
	    !password_hash(password, hash, d))
		return false;
	arena *a = arena_new();
	account_row row;
	bool ok = account_write_begin(s, a, login, &row, d);
	if (ok) {
		sqlite3_stmt *st = store_prepare(s,
			"UPDATE account SET password_hash = ?,"
			" password_changed_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now'),"
			" version = version + 1 WHERE id = ?", d);
		if (st) {
			sqlite3_bind_text(st, 1, hash, -1, SQLITE_STATIC);
			sqlite3_bind_int64(st, 2, row.id);
		}
		ok = run_write(s, st, d, _("changement du mot de passe impossible")) &&
		     store_audit_record(s, "account", row.id, "update", "password", NULL, NULL, d) &&
		     sessions_end_all(s, a, row.id, NULL, d);
		ok = store_end(s, ok, d);
	}
	sodium_memzero(hash, sizeof(hash));
	arena_free(a);
	return ok;
}

bool store_account_set_disabled(store *s, const char *login, bool disabled, diag_list *d)
{
	arena *a = arena_new();
	account_row row;
	if (!account_write_begin(s, a, login, &row, d)) {
		arena_free(a);
		return false;
	}
	bool ok = true;
	if (row.disabled == disabled) {
		diag_add(d, "disabled", 0, disabled ? _("le compte « %s » est déjà désactivé")
		                                    : _("le compte « %s » est déjà actif"), row.login);
		ok = false;
	}
	if (ok) {
		sqlite3_stmt *st = store_prepare(s,
			"UPDATE account SET disabled = ?, version = version + 1 WHERE id = ?", d);
		if (st) {
			sqlite3_bind_int(st, 1, disabled);
			sqlite3_bind_int64(st, 2, row.id);
		}
		ok = run_write(s, st, d, _("mise à jour du compte impossible")) &&
		     store_audit_record(s, "account", row.id, "update", "disabled",
		                        disabled ? "non" : "oui", disabled ? "oui" : "non", d) &&
		     (!disabled || sessions_end_all(s, a, row.id, NULL, d));
	}
	ok = store_end(s, ok, d);
	arena_free(a);
	return ok;
}

static bool grant_change(store *s, const char *login, const char *organisation,
                         access_role role, bool revoke, diag_list *d)
{
	if ((unsigned)role >= ROLE_COUNT) {
		diag_add(d, "role", 0, _("rôle inconnu"));
		return false;
	}
	arena *a = arena_new();
	const char *org = clean(a, organisation);
	account_row row;
	bool ok = account_write_begin(s, a, login, &row, d);
	if (ok) {
		ok = grant_in_transaction(s, a, row.id, org, role, revoke, d) &&
		     account_touch(s, row.id, d);
		ok = store_end(s, ok, d);
	}
	arena_free(a);
	return ok;
}

bool store_account_grant(store *s, const char *login, const char *organisation,
                         access_role role, diag_list *d)
{
	return grant_change(s, login, organisation, role, false, d);
}

bool store_account_revoke(store *s, const char *login, const char *organisation,
                          access_role role, diag_list *d)
{
	return grant_change(s, login, organisation, role, true, d);
}

static bool label_change(store *s, const char *login, const char *label, bool remove,
                         diag_list *d)
{
	arena *a = arena_new();
	account_row row;
	bool ok = account_write_begin(s, a, login, &row, d);
	if (ok) {
		ok = label_in_transaction(s, a, row.id, label, remove, d) &&
		     account_touch(s, row.id, d);
		ok = store_end(s, ok, d);
	}
	arena_free(a);
	return ok;
}

bool store_account_label_add(store *s, const char *login, const char *label, diag_list *d)
{
	return label_change(s, login, label, false, d);
}

bool store_account_label_remove(store *s, const char *login, const char *label,
                                diag_list *d)
{
	return label_change(s, login, label, true, d);
}

/* ---- signing in ----------------------------------------------------------------------- */

bool store_account_password(store *s, arena *a, const char *login, int64_t *account_id,
                            const char **hash, bool *disabled, diag_list *d)
{
	*account_id = 0;
	*hash = NULL;
	*disabled = false;
	diag_list quiet;
	diag_init(&quiet, a);
	const char *key = account_login_normalise(a, login, &quiet);
	if (!key)
		return true;
	sqlite3_stmt *st = store_prepare(s,
		"SELECT id, password_hash, disabled FROM account WHERE login = ?", d);
	if (!st)
		return false;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*account_id = sqlite3_column_int64(st, 0);
		*hash = store_column_text(a, st, 1);
		*disabled = sqlite3_column_int(st, 2) != 0;
		rc = SQLITE_DONE;
	}
	return store_read_end(s, st, rc, d, _("lecture du compte impossible"));
}

bool account_password_matches(const char *hash, const char *password)
{
	if (sodium_init() < 0)
		return false;
	/* Always one real verification: an unknown login against the fixed hash, so the
	 * time taken does not tell whether the login exists. */
	pthread_once(&dummy_once, dummy_hash_make);
	const char *against = hash ? hash : dummy_hash_ok ? dummy_hash : NULL;
	if (!against)
		return false;
	/* An over-long password is checked (for the time) but never matches. */
	size_t len = password ? strlen(password) : 0;
	bool fits = password && len <= ACCOUNT_PASSWORD_MAX;
	int rc = crypto_pwhash_str_verify(against, fits ? password : "", fits ? len : 0);
	return hash && fits && rc == 0;
}

bool store_account_verify(store *s, const char *login, const char *password,
                          int64_t *account_id, bool *disabled, diag_list *d)
{
	*account_id = 0;
	*disabled = false;
	if (!sodium_ready(d))
		return false;
	arena *a = arena_new();
	int64_t id = 0;
	bool is_disabled = false;
	const char *hash = NULL;
	bool ok = store_account_password(s, a, login, &id, &hash, &is_disabled, d);
	if (ok && account_password_matches(hash, password)) {
		*disabled = is_disabled;
		*account_id = is_disabled ? 0 : id;
	}
	arena_free(a);
	return ok;
}

bool store_account_subject(store *s, arena *a, int64_t account_id, access_subject *out,
                           diag_list *d)
{
	memset(out, 0, sizeof(*out));
	account x;
	bool found;
	if (!store_account_get(s, a, account_id, &x, &found, d))
		return false;
	if (!found) {
		diag_add(d, NULL, 0, _("compte n° %lld introuvable"), (long long)account_id);
		return false;
	}
	out->account_id = x.id;
	out->login = x.login;
	out->name = x.name;
	/* A disabled account holds no right, whatever its rows say. */
	if (x.disabled)
		return true;
	access_grant *grants = arena_alloc(a, (x.grant_count ? x.grant_count : 1) * sizeof(*grants));
	for (size_t i = 0; i < x.grant_count; i++)
		grants[i] = (access_grant){x.grants[i].organisation_id, x.grants[i].role};
	out->grants = grants;
	out->grant_count = x.grant_count;
	const char **labels = arena_alloc(a, (x.label_count ? x.label_count : 1) * sizeof(*labels));
	size_t n = 0;
	for (size_t i = 0; i < x.label_count; i++) {
		const char *folded = access_label_fold(a, x.labels[i]);
		if (folded)
			labels[n++] = folded;
	}
	out->labels = labels;
	out->label_count = n;
	return true;
}

/* ---- sessions ------------------------------------------------------------------------- */

bool store_session_create(store *s, arena *a, int64_t account_id, const char *address,
                          int64_t now, char token_out[SESSION_TOKEN_HEX + 1],
                          session_info *out, diag_list *d)
{
	memset(out, 0, sizeof(*out));
	token_out[0] = '\0';
	if (!sodium_ready(d) || !store_begin(s, d))
		return false;
	sqlite3_stmt *st = store_prepare(s, "SELECT login, name, disabled FROM account WHERE id = ?",
	                                 d);
	if (!st) {
		store_rollback(s);
		return false;
	}
	sqlite3_bind_int64(st, 1, account_id);
	int rc = sqlite3_step(st);
	bool found = rc == SQLITE_ROW, disabled = false;
	if (found) {
		out->login = store_column_text(a, st, 0);
		out->name = store_column_text(a, st, 1);
		disabled = sqlite3_column_int(st, 2) != 0;
	}
	bool ok = store_read_end(s, st, found ? SQLITE_DONE : rc, d, _("lecture du compte impossible"));
	if (ok && (!found || disabled)) {
		diag_add(d, NULL, 0, found ? _("le compte « %s » est désactivé")
		                           : _("compte n° %s introuvable"),
		         found ? out->login : arena_printf(a, "%lld", (long long)account_id));
		ok = false;
	}
	char token[SESSION_TOKEN_HEX + 1], digest[SESSION_TOKEN_HEX + 1];
	char csrf[SESSION_TOKEN_HEX + 1];
	random_hex(token);
	random_hex(csrf);
	token_digest(token, digest);
	const char *where = clean(a, address);
	if (ok) {
		st = store_prepare(s,
			"INSERT INTO session (token_hash, account_id, csrf, created_at, seen_at, address)"
			" VALUES (?, ?, ?, ?, ?, ?)", d);
		if (st) {
			sqlite3_bind_text(st, 1, digest, -1, SQLITE_STATIC);
			sqlite3_bind_int64(st, 2, account_id);
			sqlite3_bind_text(st, 3, csrf, -1, SQLITE_STATIC);
			sqlite3_bind_int64(st, 4, now);
			sqlite3_bind_int64(st, 5, now);
			store_bind_text(st, 6, where);
		}
		ok = run_write(s, st, d, _("ouverture de la session impossible"));
	}
	if (ok) {
		out->id = sqlite3_last_insert_rowid(s->sqlite);
		ok = store_audit_record(s, "session", account_id, "login", NULL, NULL, where, d);
	}
	if (!store_end(s, ok, d)) {
		sodium_memzero(token, sizeof(token));
		memset(out, 0, sizeof(*out));
		return false;
	}
	memcpy(token_out, token, sizeof(token));
	sodium_memzero(token, sizeof(token));
	out->account_id = account_id;
	out->csrf = arena_strdup(a, csrf);
	out->created_at = out->seen_at = now;
	out->address = where;
	return true;
}

static bool session_delete(store *s, int64_t id, diag_list *d)
{
	sqlite3_stmt *st = store_prepare(s, "DELETE FROM session WHERE id = ?", d);
	if (st)
		sqlite3_bind_int64(st, 1, id);
	return run_write(s, st, d, _("fermeture de la session impossible"));
}

bool store_session_lookup(store *s, arena *a, const char *token, int64_t now,
                          int64_t idle_seconds, int64_t max_seconds, session_info *out,
                          bool *found, diag_list *d)
{
	memset(out, 0, sizeof(*out));
	*found = false;
	if (!token_well_formed(token))
		return true;
	char digest[SESSION_TOKEN_HEX + 1];
	token_digest(token, digest);
	sqlite3_stmt *st = store_prepare(s,
		"SELECT x.id, x.account_id, a.login, a.name, x.csrf, x.created_at, x.seen_at,"
		" x.address, a.disabled"
		" FROM session x JOIN account a ON a.id = x.account_id WHERE x.token_hash = ?", d);
	if (!st)
		return false;
	sqlite3_bind_text(st, 1, digest, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	bool row = rc == SQLITE_ROW, disabled = false;
	if (row) {
		out->id = sqlite3_column_int64(st, 0);
		out->account_id = sqlite3_column_int64(st, 1);
		out->login = store_column_text(a, st, 2);
		out->name = store_column_text(a, st, 3);
		out->csrf = store_column_text(a, st, 4);
		out->created_at = sqlite3_column_int64(st, 5);
		out->seen_at = sqlite3_column_int64(st, 6);
		out->address = store_column_text(a, st, 7);
		disabled = sqlite3_column_int(st, 8) != 0;
	}
	if (!store_read_end(s, st, row ? SQLITE_DONE : rc, d, _("lecture de la session impossible")))
		return false;
	if (!row)
		return true;
	/* A limit of 0 or less is no limit. */
	bool idle = idle_seconds > 0 && now - out->seen_at > idle_seconds;
	bool old = max_seconds > 0 && now - out->created_at > max_seconds;
	if (disabled || idle || old) {
		int64_t id = out->id;
		memset(out, 0, sizeof(*out));
		return session_delete(s, id, d);
	}
	/* Written back at most once a minute, and at least ten times per idle limit: a
	 * session then ends at most a tenth of the limit early, never after a request
	 * made within it. */
	int64_t touch = SESSION_TOUCH_SECONDS;
	if (idle_seconds > 0 && idle_seconds / 10 < touch)
		touch = idle_seconds / 10;
	if (now - out->seen_at > touch) {
		st = store_prepare(s, "UPDATE session SET seen_at = ? WHERE id = ?", d);
		if (st) {
			sqlite3_bind_int64(st, 1, now);
			sqlite3_bind_int64(st, 2, out->id);
		}
		if (!run_write(s, st, d, _("mise à jour de la session impossible")))
			return false;
		out->seen_at = now;
	}
	*found = true;
	return true;
}

bool store_session_end(store *s, const char *token, diag_list *d)
{
	if (!token_well_formed(token))
		return true;
	char digest[SESSION_TOKEN_HEX + 1];
	token_digest(token, digest);
	if (!store_begin(s, d))
		return false;
	sqlite3_stmt *st = store_prepare(s,
		"SELECT id, account_id, address FROM session WHERE token_hash = ?", d);
	if (!st) {
		store_rollback(s);
		return false;
	}
	sqlite3_bind_text(st, 1, digest, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	int64_t id = 0, account_id = 0;
	char address[128] = "";
	if (rc == SQLITE_ROW) {
		id = sqlite3_column_int64(st, 0);
		account_id = sqlite3_column_int64(st, 1);
		const unsigned char *where = sqlite3_column_text(st, 2);
		if (where)
			snprintf(address, sizeof(address), "%s", (const char *)where);
	}
	bool ok = store_read_end(s, st, rc == SQLITE_ROW ? SQLITE_DONE : rc, d,
	                         _("lecture de la session impossible"));
	if (ok && id)
		ok = session_delete(s, id, d) &&
		     store_audit_record(s, "session", account_id, "logout", NULL, NULL,
		                        *address ? address : NULL, d);
	return store_end(s, ok, d);
}

bool store_session_end_all(store *s, int64_t account_id, size_t *ended, diag_list *d)
{
	if (ended)
		*ended = 0;
	if (!store_begin(s, d))
		return false;
	arena *a = arena_new();
	bool ok = sessions_end_all(s, a, account_id, ended, d);
	arena_free(a);
	ok = store_end(s, ok, d);
	if (!ok && ended)
		*ended = 0;
	return ok;
}

bool store_audit_login_failed(store *s, const char *login, const char *address,
                              diag_list *d)
{
	arena *a = arena_new();
	diag_list quiet;
	diag_init(&quiet, a);
	/* Only a well-formed login is kept: what was typed in the login field may be a
	 * password typed in the wrong place. */
	const char *key = account_login_normalise(a, login, &quiet);
	bool ok = store_begin(s, d);
	int64_t id = 0;
	if (ok && key) {
		sqlite3_stmt *st = store_prepare(s, "SELECT id FROM account WHERE login = ?", d);
		if (st) {
			sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
			int rc = sqlite3_step(st);
			if (rc == SQLITE_ROW)
				id = sqlite3_column_int64(st, 0);
			ok = store_read_end(s, st, rc == SQLITE_ROW ? SQLITE_DONE : rc, d,
			                    _("lecture du compte impossible"));
		} else {
			ok = false;
		}
	}
	if (ok)
		ok = store_audit_record(s, "session", id, "login_failed", key ? "login" : NULL, key,
		                        clean(a, address), d);
	ok = ok ? store_end(s, true, d) : (store_rollback(s), false);
	arena_free(a);
	return ok;
}
