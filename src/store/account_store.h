/*
 * account_store.h — accounts, their roles and labels, sessions, and the audit log of
 * what lies outside plans (migration 7).
 *
 * Passwords: hashed with libsodium's crypto_pwhash_str (Argon2id, the "interactive"
 * limits), never stored, logged or journalled; at least 12 characters (ANSSI's
 * recommendation for a password guarded by throttling), at most 1024 bytes.
 * Logins: 1 to 64 characters among a-z 0-9 . _ - @, stored in lower case (what people
 * type is lowered first: "J.Martin" signs in as "j.martin").
 *
 * Sessions: the cookie carries a random token of 32 bytes (64 hex digits); the
 * database keeps only its hash (crypto_generichash, hex), so a copy of the database
 * gives no usable cookie. A session ends when idle for longer than the server's idle
 * limit, when older than its absolute limit, at logout, and for every session of an
 * account whose password changes or which is disabled (at once: the next request finds
 * no session).
 *
 * Every change of an account, role or label is recorded in audit_log (who, when, from
 * where: store->actor, store->via, store->source) in the same transaction, with old and
 * new values (never a password or a hash: field "password", values NULL).
 */
#ifndef JALON_ACCOUNT_STORE_H
#define JALON_ACCOUNT_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/access.h"
#include "store/db.h"
#include "util/arena.h"
#include "util/diag.h"

#define ACCOUNT_PASSWORD_MIN 12
#define ACCOUNT_PASSWORD_MAX 1024
#define SESSION_TOKEN_HEX 64

typedef struct {
	int64_t organisation_id;      /* 0: every organisation */
	const char *organisation;     /* its name; NULL for every organisation */
	access_role role;
} account_grant;

typedef struct {
	int64_t id;
	const char *login;
	const char *name;
	const char *email;            /* NULL when none */
	bool disabled;
	const char *created_at;       /* UTC "AAAA-MM-JJTHH:MM:SSZ" */
	const char *password_changed_at;
	int64_t version;
	account_grant *grants;        /* ordered by organisation name, every organisation first */
	size_t grant_count;
	const char **labels;          /* as typed, ordered */
	size_t label_count;
	size_t session_count;         /* open sessions */
} account;

/* A login as stored (lower case), or NULL with a diag on field "login" when it is not
 * 1 to 64 characters among a-z 0-9 . _ - @. */
const char *account_login_normalise(arena *a, const char *login, diag_list *diags);
/* True when password may be set: valid UTF-8, at least ACCOUNT_PASSWORD_MIN characters
 * (code points: twelve accented letters will do) and at most ACCOUNT_PASSWORD_MAX bytes;
 * else a diag on field "password" says why. */
bool account_password_acceptable(const char *password, diag_list *diags);

/* Create an account; false with diags (field "login": taken or invalid; "name";
 * "password") and nothing written. *id_out may be NULL. */
bool store_account_create(store *s, const char *login, const char *name, const char *email,
                          const char *password, int64_t *id_out, diag_list *diags);
/* An account to create with its roles and labels, all in one transaction (the command
 * line's `user add`): grants name their organisation (organisation_id is not read;
 * NULL: every organisation). */
typedef struct {
	const char *login, *name, *email, *password;
	const account_grant *grants;
	size_t grant_count;
	const char *const *labels;
	size_t label_count;
} account_new;
/* store_account_create, then every grant and label, or nothing (diags as theirs). */
bool store_account_create_full(store *s, const account_new *spec, int64_t *id_out,
                               diag_list *diags);
/* One account by login (any case), with its grants and labels; false with a diag
 * "compte « x » introuvable" when there is none. */
bool store_account_find(store *s, arena *a, const char *login, account *out, diag_list *diags);
/* One account by id; false when none (no diag when the id is simply unknown: *found). */
bool store_account_get(store *s, arena *a, int64_t id, account *out, bool *found,
                       diag_list *diags);
/* Every account ordered by login, with grants and labels. */
bool store_account_list(store *s, arena *a, account **out, size_t *count, diag_list *diags);
/* Change name and email (NULL: unchanged; "" clears the email). */
bool store_account_update(store *s, const char *login, const char *name, const char *email,
                          diag_list *diags);
/* Set a new password; ends every session of the account. */
bool store_account_set_password(store *s, const char *login, const char *password,
                                diag_list *diags);
/* Disable (ending every session at once) or enable again. */
bool store_account_set_disabled(store *s, const char *login, bool disabled, diag_list *diags);
/* Grant or revoke a role on an organisation (a name; NULL: every organisation). Granting
 * what is already held, or revoking what is not, is refused with a diag. */
bool store_account_grant(store *s, const char *login, const char *organisation,
                         access_role role, diag_list *diags);
bool store_account_revoke(store *s, const char *login, const char *organisation,
                          access_role role, diag_list *diags);
/* Add or remove a label (access_label_fold decides sameness). */
bool store_account_label_add(store *s, const char *login, const char *label, diag_list *diags);
bool store_account_label_remove(store *s, const char *login, const char *label,
                                diag_list *diags);

/* Check a login and password. *account_id is the account's id when they match and the
 * account is enabled, else 0 (*disabled tells a right password on a disabled account).
 * Takes about the same time whether the login exists or not (an unknown login is
 * checked against a fixed hash). False only on a database error. */
bool store_account_verify(store *s, const char *login, const char *password,
                          int64_t *account_id, bool *disabled, diag_list *diags);
/* The two halves of store_account_verify, for a server that checks the hash away from
 * its serving thread (web/auth.c): the account a login names (any case; *account_id 0
 * and *hash NULL when none, or when the login cannot be one), its password's hash and
 * whether it is disabled; then, on any thread, whether password matches hash — one real
 * Argon2id check whatever happens (an unknown login, hash NULL, against a fixed hash; an
 * over-long password checked but never matching). */
bool store_account_password(store *s, arena *a, const char *login, int64_t *account_id,
                            const char **hash, bool *disabled, diag_list *diags);
bool account_password_matches(const char *hash, const char *password);

/* The access subject of an account: its grants and folded labels, from the arena. */
bool store_account_subject(store *s, arena *a, int64_t account_id, access_subject *out,
                           diag_list *diags);

/* ---- sessions ---- */

typedef struct {
	int64_t id;
	int64_t account_id;
	const char *login;
	const char *name;
	const char *csrf;             /* 64 hex digits */
	int64_t created_at, seen_at;  /* Unix seconds */
	const char *address;
} session_info;

/* Open a session for account_id: token_out (SESSION_TOKEN_HEX + 1 bytes) receives the
 * cookie's token, out the session (csrf fresh). Recorded in audit_log (entity session,
 * action login, new_value the address). */
bool store_session_create(store *s, arena *a, int64_t account_id, const char *address,
                          int64_t now, char token_out[SESSION_TOKEN_HEX + 1],
                          session_info *out, diag_list *diags);
/* The live session of a cookie token: *found false when the token is unknown,
 * malformed, idle for more than idle_seconds, older than max_seconds, or its account
 * is disabled (expired sessions are deleted on the way). seen_at is written back when
 * it is more than 60 seconds old, so that most requests write nothing. */
bool store_session_lookup(store *s, arena *a, const char *token, int64_t now,
                          int64_t idle_seconds, int64_t max_seconds, session_info *out,
                          bool *found, diag_list *diags);
/* End one session (logout: audit action logout), or every session of an account
 * ("logout everywhere"); *ended may be NULL. */
bool store_session_end(store *s, const char *token, diag_list *diags);
bool store_session_end_all(store *s, int64_t account_id, size_t *ended, diag_list *diags);

/* ---- the audit log ---- */

/* Record one row of audit_log inside the caller's transaction (entity: "account",
 * "role", "label", "session", "organisation", "plan"; action: "create", "update",
 * "delete", "login", "logout", "login_failed"). */
bool store_audit_record(store *s, const char *entity, int64_t entity_id, const char *action,
                        const char *field, const char *old_value, const char *new_value,
                        diag_list *diags);
/* A failed sign-in, in its own transaction (new_value the address; entity_id the
 * account when the login exists). */
bool store_audit_login_failed(store *s, const char *login, const char *address,
                              diag_list *diags);

typedef struct {
	int64_t id;
	const char *at, *actor, *via, *source, *entity;
	int64_t entity_id;
	const char *action, *field, *old_value, *new_value;
} audit_entry;

/* The newest audit rows first, at most limit (0: all); entity NULL for every one. */
bool store_audit_load(store *s, arena *a, const char *entity, int64_t entity_id, size_t limit,
                      audit_entry **out, size_t *count, diag_list *diags);

#endif
