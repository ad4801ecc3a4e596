#!/bin/bash
# accounts.sh — accounts through the command line (jalon user …): the first
# administrator, every sub-command, passwords read from standard input and never stored
# as typed, refusals that change nothing (exit 1) and usage errors (exit 2), and
# `plan --public`.
. "$TESTS_DIR/cli/lib.sh"

DB=$WORK/a.db
PW='correct horse battery staple'
PW2='un autre secret bien long'
"$JALON" --db "$DB" init >/dev/null
"$JALON" --db "$DB" organisation-add "Université A" --kind universite >/dev/null 2>&1
"$JALON" --db "$DB" organisation-add "École B" --kind ecole >/dev/null 2>&1

# run_pw PASSWORD ARGS…: run jalon with the password on standard input.
run_pw() {
	local pw=$1
	shift
	printf '%s\n' "$pw" | "$JALON" "$@" >"$WORK/.out" 2>"$WORK/.err"
	STATUS=$?
	OUT=$(cat "$WORK/.out")
	ERR=$(cat "$WORK/.err")
}

# ---- the first administrator --------------------------------------------------------------
run --db "$DB" user list
check_equal "$STATUS" 0 "user list: exit 0 on a base without accounts"
check_contains "$OUT" "aucun compte" "user list: says there is none, and how to create one"

run_pw "$PW" --db "$DB" user add Admin --name "Admin" --role administrateur
check_equal "$STATUS" 0 "user add: the first administrator"
check_contains "$ERR" "compte « admin » créé" "user add: says so, with the login lowered"
check_equal "$(sqlite3 "$DB" "SELECT login || '|' || name || '|' || coalesce(r.organisation_id, 'toutes') || '|' || r.role FROM account JOIN account_role r ON r.account_id = account.id")" \
	"admin|Admin|toutes|administrateur" "user add: --role without --organisation holds on every organisation"

# ---- a porteur with labels ---------------------------------------------------------------------
run_pw "$PW" --db "$DB" user add j.martin --name "Jeanne Martin" --email jeanne.martin@univ-a.fr \
	--role porteur --organisation "universite a" --label "Direction du numérique" --label "DSI (secrétaire)"
check_equal "$STATUS" 0 "user add: with email, role on an organisation (named loosely), two labels"
run --db "$DB" user show J.Martin
check_equal "$STATUS" 0 "user show: exit 0 (login in any case)"
check_equal "$(sed -n '1,7p' <<<"$OUT")" "login : j.martin
nom : Jeanne Martin
courriel : jeanne.martin@univ-a.fr
état : actif
rôles : porteur (Université A)
libellés : Direction du numérique ; DSI (secrétaire)
sessions ouvertes : 0" "user show: the account's record"
check_contains "$OUT" "créé le : " "user show: when created"
check_contains "$OUT" "mot de passe changé le : " "user show: when the password changed"
run --db "$DB" user show j.martin --format json
check_equal "$(jq -c '[.login, .name, .email, .disabled, .roles, .labels, .sessions]' <<<"$OUT")" \
	'["j.martin","Jeanne Martin","jeanne.martin@univ-a.fr",false,[{"role":"porteur","label":"porteur","organisation":"Université A"}],["Direction du numérique","DSI (secrétaire)"],0]' \
	"user show --format json: every field"
check_contains "$(jq -r .created_at <<<"$OUT")" "T" "user show --format json: created_at as ISO"

run --db "$DB" user list
check_equal "$OUT" "admin — Admin — administrateur (toutes les organisations)
j.martin — Jeanne Martin — porteur (Université A)
2 comptes" "user list: one line per account, then the count"
run --db "$DB" user list --format json
check_equal "$(jq -r '[.accounts[].login] | join(",")' <<<"$OUT")" "admin,j.martin" "user list --format json: ordered by login"

# ---- the password is never stored as typed ------------------------------------------------------
check_equal "$(grep -c "horse battery" "$DB")" 0 "the password does not appear in the database file"
check_equal "$(sqlite3 "$DB" "SELECT count(*) FROM account WHERE password_hash LIKE '\$argon2id\$%'")" 2 \
	"passwords are kept as Argon2id hashes"
check_equal "$(sqlite3 "$DB" "SELECT count(*) FROM audit_log WHERE coalesce(old_value,'') || coalesce(new_value,'') LIKE '%argon2%' OR coalesce(old_value,'') || coalesce(new_value,'') LIKE '%horse%'")" 0 \
	"the audit log holds neither a password nor a hash"

# ---- on a terminal: asked twice, never echoed ----------------------------------------------------
# tty_add LOGIN FIRST SECOND: user add on a pseudo-terminal, answering each prompt once it
# is shown; prints everything the terminal showed, then "status N".
tty_add() {
	python3 - "$JALON" "$DB" "$@" <<'PY'
import os, pty, select, sys
jalon, db, login, first, second = sys.argv[1:6]
pid, fd = pty.fork()
if pid == 0:
    os.execv(jalon, [jalon, "--db", db, "user", "add", login, "--name", "Terminal"])
seen = b""
def read_until(marker):
    global seen
    while marker not in seen:
        ready, _, _ = select.select([fd], [], [], 20)
        if not ready:
            return
        try:
            chunk = os.read(fd, 1024)
        except OSError:
            return
        if not chunk:
            return
        seen += chunk
read_until("Nouveau mot de passe".encode())
os.write(fd, first.encode() + b"\n")
read_until("à nouveau".encode())
os.write(fd, second.encode() + b"\n")
read_until(b"\x00")  # to the end (or 20 s of silence: a child waiting is killed)
done, status = os.waitpid(pid, os.WNOHANG)
if done == 0:
    os.kill(pid, 9)
    _, status = os.waitpid(pid, 0)
sys.stdout.write(seen.decode("utf-8", "replace"))
print("status %d" % os.waitstatus_to_exitcode(status))
PY
}
TTY=$(tty_add tty.user "$PW" "$PW")
check_contains "$TTY" "compte « tty.user » créé" "user add on a terminal: the password typed twice"
check_contains "$TTY" "status 0" "user add on a terminal: exit 0"
case "$TTY" in *horse*) ok 1 "user add on a terminal: the password is not echoed" ;; *) ok 0 "user add on a terminal: the password is not echoed" ;; esac
TTY=$(tty_add tty.other "$PW" "$PW2")
check_contains "$TTY" "les deux saisies du mot de passe diffèrent ; rien n'a été changé" "user add on a terminal: two different entries are refused"
check_contains "$TTY" "status 1" "user add on a terminal: exit 1 when they differ"
check_equal "$(sqlite3 "$DB" "SELECT count(*) FROM account WHERE login = 'tty.other'")" 0 "user add on a terminal: nothing created when they differ"
"$JALON" --db "$DB" user disable tty.user >/dev/null 2>&1
sqlite3 "$DB" "DELETE FROM account WHERE login = 'tty.user'"

# ---- refusals: exit 1, nothing changed -----------------------------------------------------------
BEFORE=$(db_fingerprint "$DB")
run_pw "$PW" --db "$DB" user add J.MARTIN --name "Autre"
check_equal "$STATUS" 1 "user add: a login taken is refused"
check_contains "$ERR" "jalon user: le login « j.martin » est déjà pris" "user add: says the login is taken"
run_pw "court" --db "$DB" user add p.durand --name "Paul Durand"
check_equal "$STATUS" 1 "user add: a short password is refused"
check_contains "$ERR" "mot de passe trop court : 5 caractères, 12 au moins" "user add: says how short"
run_pw "$PW" --db "$DB" user add "paul durand" --name "Paul Durand"
check_equal "$STATUS" 1 "user add: an invalid login is refused"
check_contains "$ERR" "login « paul durand » invalide" "user add: says which characters"
run_pw "$PW" --db "$DB" user add p.durand --name "Paul Durand" --role lecteur --organisation "Nulle part"
check_equal "$STATUS" 1 "user add: an unknown organisation is refused"
check_contains "$ERR" "organisation inconnue « Nulle part » (organisations : Université A, École B)" \
	"user add: names the organisations there are"
run_pw "$PW" --db "$DB" user add p.durand --name "Paul Durand" --label DSI --label "dsi"
check_equal "$STATUS" 1 "user add: the same label twice is refused"
check_contains "$ERR" "déjà le libellé « DSI »" "user add: names the label"
run --db "$DB" user add p.durand --name "Paul Durand" </dev/null
check_equal "$STATUS" 1 "user add: no password on standard input"
check_contains "$ERR" "aucun mot de passe lu sur l'entrée standard" "user add: says where it reads it"
run_pw "$PW" --db "$DB" user add p.durand --name "Paul Durand" --email "pas-une-adresse"
check_equal "$STATUS" 1 "user add: an invalid email is refused"
check_contains "$ERR" "adresse électronique invalide « pas-une-adresse »" "user add: names the email"
check_equal "$(db_fingerprint "$DB")" "$BEFORE" "refused user add: database unchanged"

# ---- usage errors: exit 2 ------------------------------------------------------------------------
for args in "user" "user frobnicate" "user add" "user add x" "user add x --name X --organisation A" \
	"user add x --name X --role chef" "user add x --name X --role lecteur --role porteur" \
	"user show" "user list extra" "user list --format xml" "user role j.martin" \
	"user role j.martin chef" "user label j.martin" "user passwd" "user disable" "user logout" \
	"user add x --name X --bogus"; do
	# shellcheck disable=SC2086
	run --db "$DB" $args </dev/null
	check_equal "$STATUS" 2 "$args: usage error, exit 2"
done
run --db "$DB" user role j.martin chef
check_contains "$ERR" "rôle inconnu « chef » (administrateur, pilotage, porteur, membre-instance, lecteur)" \
	"user role: an unknown role lists the roles"
check_equal "$(db_fingerprint "$DB")" "$BEFORE" "usage errors: database unchanged"

run --db "$DB" user --help
check_equal "$STATUS" 0 "user --help: exit 0"
for word in "add LOGIN --name NOM" "--email ADRESSE" "--role RÔLE" "--organisation ORG" "--label LIBELLÉ" \
	"list [--format text|json]" "show LOGIN" "passwd LOGIN" "disable LOGIN" "enable LOGIN" \
	"role LOGIN RÔLE" "--revoke" "label LOGIN LIBELLÉ" "--remove" "logout LOGIN" "entrée standard"; do
	check_contains "$OUT" "$word" "user --help documents « $word »"
done
run --db "$DB" user add --help
check_contains "$OUT" "Usage : jalon [--db CHEMIN] user" "user add --help: the command's help"

# ---- roles ---------------------------------------------------------------------------------------
run --db "$DB" user role j.martin lecteur
check_equal "$STATUS" 0 "user role: grant on every organisation"
check_contains "$ERR" "rôle « lecteur » accordé à « j.martin » sur toutes les organisations" "user role: says so"
run --db "$DB" user role j.martin pilotage --organisation "École B"
check_equal "$STATUS" 0 "user role: grant on an organisation"
run --db "$DB" user show j.martin
check_contains "$OUT" "rôles : lecteur (toutes les organisations), porteur (Université A), pilotage (École B)" \
	"user show: roles, every organisation first"
BEFORE=$(db_fingerprint "$DB")
run --db "$DB" user role j.martin lecteur
check_equal "$STATUS" 1 "user role: a role already held is refused"
check_contains "$ERR" "le compte a déjà le rôle « lecteur » sur toutes les organisations" "user role: says so"
run --db "$DB" user role j.martin administrateur --revoke
check_equal "$STATUS" 1 "user role --revoke: a role not held is refused"
run --db "$DB" user role nobody lecteur
check_equal "$STATUS" 1 "user role: an unknown account is refused"
check_contains "$ERR" "compte « nobody » introuvable" "user role: names the account"
check_equal "$(db_fingerprint "$DB")" "$BEFORE" "refused roles: database unchanged"
run --db "$DB" user role j.martin pilotage --organisation "École B" --revoke
check_equal "$STATUS" 0 "user role --revoke: revoked"
check_contains "$ERR" "rôle « pilotage » retiré à « j.martin » sur « École B »" "user role --revoke: says so"
check_equal "$(sqlite3 "$DB" "SELECT count(*) FROM account_role r JOIN account a ON a.id = r.account_id WHERE a.login = 'j.martin'")" 2 \
	"user role --revoke: the row is gone"

# ---- labels --------------------------------------------------------------------------------------
run --db "$DB" user label j.martin "Chef de projet ENT"
check_equal "$STATUS" 0 "user label: added"
run --db "$DB" user label j.martin "direction du NUMERIQUE"
check_equal "$STATUS" 1 "user label: the same label folded is refused"
check_contains "$ERR" "déjà le libellé « Direction du numérique »" "user label: names the label held"
run --db "$DB" user label j.martin "dsi" --remove
check_equal "$STATUS" 0 "user label --remove: removed, named in any case"
run --db "$DB" user label j.martin "RSSI" --remove
check_equal "$STATUS" 1 "user label --remove: a label not held is refused"
run --db "$DB" user show j.martin --format json
check_equal "$(jq -c .labels <<<"$OUT")" '["Chef de projet ENT","Direction du numérique"]' "user label: the labels left"

# ---- sessions, passwd, disable, enable, logout -----------------------------------------------------
JM=$(sqlite3 "$DB" "SELECT id FROM account WHERE login = 'j.martin'")
open_sessions() {
	sqlite3 "$DB" "INSERT INTO session (token_hash, account_id, csrf, created_at, seen_at) VALUES
		(hex(randomblob(32)), $JM, 'x', strftime('%s','now'), strftime('%s','now')),
		(hex(randomblob(32)), $JM, 'x', strftime('%s','now'), strftime('%s','now'))"
}
sessions() { sqlite3 "$DB" "SELECT count(*) FROM session WHERE account_id = $JM"; }
open_sessions
run --db "$DB" user show j.martin
check_contains "$OUT" "sessions ouvertes : 2" "user show: counts open sessions"
run --db "$DB" user logout j.martin
check_equal "$STATUS" 0 "user logout: exit 0"
check_contains "$ERR" "2 sessions fermées pour « j.martin »" "user logout: says how many"
check_equal "$(sessions)" 0 "user logout: every session ended"

open_sessions
OLD_HASH=$(sqlite3 "$DB" "SELECT password_hash FROM account WHERE id = $JM")
run_pw "$PW2" --db "$DB" user passwd J.Martin
check_equal "$STATUS" 0 "user passwd: password from standard input"
check_contains "$ERR" "mot de passe de « j.martin » changé" "user passwd: says so"
check_equal "$(sessions)" 0 "user passwd: sessions ended"
NEW_HASH=$(sqlite3 "$DB" "SELECT password_hash FROM account WHERE id = $JM")
[ "$OLD_HASH" != "$NEW_HASH" ]
ok $? "user passwd: a new hash"
check_equal "$(grep -c "un autre secret" "$DB")" 0 "user passwd: the new password is not in the database file"
BEFORE=$(db_fingerprint "$DB")
run_pw "court" --db "$DB" user passwd j.martin
check_equal "$STATUS" 1 "user passwd: a short password is refused"
run_pw "$PW2" --db "$DB" user passwd nobody
check_equal "$STATUS" 1 "user passwd: an unknown account is refused"
check_contains "$ERR" "compte « nobody » introuvable" "user passwd: names the account"
check_equal "$(db_fingerprint "$DB")" "$BEFORE" "refused passwd: database unchanged"

open_sessions
run --db "$DB" user disable j.martin
check_equal "$STATUS" 0 "user disable: exit 0"
check_contains "$ERR" "compte « j.martin » désactivé" "user disable: says so"
check_equal "$(sessions)" 0 "user disable: sessions ended at once"
run --db "$DB" user list
check_contains "$OUT" "j.martin — Jeanne Martin — lecteur (toutes les organisations), porteur (Université A) — désactivé" \
	"user list: a disabled account is marked"
run --db "$DB" user disable j.martin
check_equal "$STATUS" 1 "user disable: twice is refused"
check_contains "$ERR" "déjà désactivé" "user disable: says so"
run --db "$DB" user enable j.martin
check_equal "$STATUS" 0 "user enable: exit 0"
check_contains "$ERR" "compte « j.martin » réactivé" "user enable: says so"
run --db "$DB" user enable j.martin
check_equal "$STATUS" 1 "user enable: an active account is refused"

# ---- the audit trail ---------------------------------------------------------------------------------
check_equal "$(sqlite3 "$DB" "SELECT entity || ':' || action || ':' || coalesce(field, '') FROM audit_log WHERE entity_id = $JM AND entity IN ('account', 'role', 'label') ORDER BY id" | tr '\n' ' ')" \
	"account:create: role:create: label:create: label:create: role:create: role:create: role:delete: label:create: label:delete: account:update:password account:update:disabled account:update:disabled " \
	"every change is in the audit log, in order"
check_equal "$(sqlite3 "$DB" "SELECT DISTINCT via FROM audit_log")" "cli" "the audit log says the command line"

# ---- plan --public -----------------------------------------------------------------------------------
printf 'code;parent;niveau;intitule\nAX1;;Axe;Usagers\n' >plan.csv
"$JALON" --db "$DB" import plan.csv --id sdn >/dev/null 2>&1
run --db "$DB" plan sdn --public oui
check_equal "$STATUS" 0 "plan --public oui: exit 0"
check_contains "$OUT" "public : oui" "plan --public oui: shown on the record"
check_equal "$(sqlite3 "$DB" "SELECT public FROM plan WHERE slug = 'sdn'")" 1 "plan --public oui: stored"
check_equal "$(sqlite3 "$DB" "SELECT field || ':' || old_value || '→' || new_value FROM audit_log WHERE entity = 'plan'")" \
	"public:non→oui" "plan --public: in the audit log"
run --db "$DB" plan sdn --public peut-être
check_equal "$STATUS" 2 "plan --public with another value: usage error"
check_contains "$ERR" "valeur invalide « peut-être » pour --public (oui ou non)" "plan --public: says which values"
run --db "$DB" plan sdn --public non
check_equal "$(sqlite3 "$DB" "SELECT public FROM plan WHERE slug = 'sdn'")" 0 "plan --public non: stored"
case "$OUT" in *"public :"*) ok 1 "plan: a private plan says nothing of it" ;; *) ok 0 "plan: a private plan says nothing of it" ;; esac
run --db "$DB" plan --help
check_contains "$OUT" "--public oui|non" "plan --help documents --public"

done_testing
