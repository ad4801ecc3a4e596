/*
 * account_commands.c — accounts on the command line (cli.h): one command, `user`, whose
 * sub-commands create accounts (the first administrator among them), list and show
 * them, change a password, disable and enable, grant and revoke roles, add and remove
 * labels, and end every session of an account. The work is store/account_store.h's.
 *
 * A password never comes from an argument (it would sit in the shell's history and in
 * the process list): it is typed twice without echo when standard input is a terminal,
 * else it is the first line of standard input, for scripts:
 *     printf '%s\n' "$PASSWORD" | jalon user add j.martin --name "Jeanne Martin"
 * It is wiped from memory once hashed.
 *
 * Sub-commands parse their options with argv[0] still "user", so that --help and usage
 * errors name the command the table knows.
 */
#include <errno.h>
#include <jansson.h>
#include <signal.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/access.h"
#include "store/account_store.h"
#include "util/i18n.h"

/* ---- what the sub-commands share ------------------------------------------------------ */

/* Name the command in front of the store's messages ("jalon user: compte « x »
 * introuvable"): their fields are the store's names, not the command line's. */
static int refused(cli_context *ctx)
{
	for (size_t i = 0; i < ctx->diags.count; i++) {
		ctx->diags.items[i].file = "jalon user";
		ctx->diags.items[i].line = 0;
	}
	return EXIT_INPUT;
}

/* "administrateur, pilotage, porteur, membre-instance, lecteur", from access.h. */
static const char *role_list(cli_context *ctx)
{
	const char *list = access_role_key(0);
	for (int r = 1; r < ROLE_COUNT; r++)
		list = arena_printf(ctx->arena, "%s, %s", list, access_role_key((access_role)r));
	return list;
}

/* "2026-11-23T05:53:41Z" as "23/11/2026 05:53 UTC"; the text itself when not so. */
static const char *timestamp_fr(cli_context *ctx, const char *iso)
{
	int y, m, d, h, min;
	if (!iso || sscanf(iso, "%4d-%2d-%2dT%2d:%2d", &y, &m, &d, &h, &min) != 5)
		return iso ? iso : "—";
	return arena_printf(ctx->arena, "%02d/%02d/%04d %02d:%02d UTC", d, m, y, h, min);
}

static const char *grant_text(cli_context *ctx, const account_grant *g)
{
	return arena_printf(ctx->arena, "%s (%s)", _(access_role_label(g->role)),
	                    g->organisation ? g->organisation : _("toutes les organisations"));
}

/* ---- reading a password --------------------------------------------------------------- */

/* The terminal's settings while echo is off, restored on an interrupt. */
static struct termios saved_terminal;
static volatile sig_atomic_t terminal_changed;

static void terminal_restore(void)
{
	if (terminal_changed) {
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_terminal);
		terminal_changed = 0;
	}
}

static void interrupted(int sig)
{
	terminal_restore();
	signal(sig, SIG_DFL);
	raise(sig);
}

/* One line into out (size bytes), its end of line dropped; false at end of input.
 * *too_long when the line did not fit (the rest of it is read and dropped). */
static bool line_read(char *out, size_t size, bool *too_long)
{
	*too_long = false;
	if (!fgets(out, (int)size, stdin))
		return false;
	size_t len = strlen(out);
	if (len && out[len - 1] == '\n') {
		out[--len] = '\0';
	} else if (!feof(stdin)) {
		*too_long = true;
		int c;
		while ((c = getchar()) != EOF && c != '\n')
			;
	}
	if (len && out[len - 1] == '\r')
		out[--len] = '\0';
	return true;
}

/* Prompt on the terminal with echo off; false at end of input. Echo goes off (and what
 * was typed ahead is flushed) before the prompt shows, so that nothing typed after the
 * prompt is lost or echoed. */
static bool terminal_read(const char *prompt, char *out, size_t size, bool *too_long)
{
	struct termios quiet;
	bool hidden = tcgetattr(STDIN_FILENO, &saved_terminal) == 0;
	if (hidden) {
		quiet = saved_terminal;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		quiet.c_lflag |= ECHONL;
		signal(SIGINT, interrupted);
		signal(SIGTERM, interrupted);
		terminal_changed = tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet) == 0;
	}
	fputs(prompt, stderr);
	fflush(stderr);
	bool ok = line_read(out, size, too_long);
	terminal_restore();
	if (hidden) {
		signal(SIGINT, SIG_DFL);
		signal(SIGTERM, SIG_DFL);
	}
	return ok;
}

typedef struct {
	char text[ACCOUNT_PASSWORD_MAX + 2];
} password_buffer;

/* The new password: typed twice on a terminal, else the first line of standard input;
 * then checked (account_password_acceptable). False with a diag. */
static bool password_read(cli_context *ctx, const char *login, password_buffer *pw)
{
	bool too_long = false, ok;
	if (isatty(STDIN_FILENO)) {
		password_buffer again;
		ok = terminal_read(arena_printf(ctx->arena, _("Nouveau mot de passe de « %s » : "),
		                                login), pw->text, sizeof(pw->text), &too_long);
		bool too_long_again = false;
		if (ok && !too_long) {
			ok = terminal_read(_("Le même, à nouveau : "), again.text, sizeof(again.text),
			                   &too_long_again);
			if (ok && strcmp(pw->text, again.text) != 0) {
				diag_add(&ctx->diags, NULL, 0, _("les deux saisies du mot de passe diffèrent ; "
				                                 "rien n'a été changé"));
				sodium_memzero(&again, sizeof(again));
				return false;
			}
		}
		sodium_memzero(&again, sizeof(again));
	} else {
		ok = line_read(pw->text, sizeof(pw->text), &too_long);
	}
	if (!ok) {
		diag_add(&ctx->diags, NULL, 0,
		         _("aucun mot de passe lu sur l'entrée standard (il est lu sur sa première "
		           "ligne, par exemple : printf '%%s\\n' \"$MOT_DE_PASSE\" | jalon user …)"));
		return false;
	}
	if (too_long) {
		diag_add(&ctx->diags, NULL, 0, _("mot de passe trop long : %d octets au plus"),
		         ACCOUNT_PASSWORD_MAX);
		return false;
	}
	return account_password_acceptable(pw->text, &ctx->diags);
}

/* ---- add ------------------------------------------------------------------------------ */

typedef struct {
	const char *name, *email, *role, *organisation;
	const char **labels;
	size_t label_count;
	bool role_twice;
} add_options;

static bool add_option(cli_context *ctx, int option, const char *value, void *state)
{
	add_options *o = state;
	switch (option) {
	case 'n': o->name = value; break;
	case 'e': o->email = value; break;
	case 'r':
		o->role_twice |= o->role != NULL;
		o->role = value;
		break;
	case 'o': o->organisation = value; break;
	case 'l':
		o->labels = arena_realloc(ctx->arena, (void *)o->labels,
		                          o->label_count * sizeof(*o->labels),
		                          (o->label_count + 1) * sizeof(*o->labels));
		o->labels[o->label_count++] = value;
		break;
	default: return false;
	}
	return true;
}

static int user_add(cli_context *ctx, int argc, char **argv)
{
	static const struct option longs[] = {
		{"name", required_argument, NULL, 'n'},
		{"email", required_argument, NULL, 'e'},
		{"role", required_argument, NULL, 'r'},
		{"organisation", required_argument, NULL, 'o'},
		{"label", required_argument, NULL, 'l'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	add_options o = {0};
	int status;
	int first = cli_parse_operands(ctx, argc, argv, longs, add_option, &o, 1,
	                               _("user add : un login est attendu%s"), &status);
	if (first < 0)
		return status;
	if (!o.name)
		return cli_usage_error(argv[0], _("user add : le nom de la personne est attendu "
		                                  "(--name NOM)%s"), "");
	if (o.role_twice)
		return cli_usage_error(argv[0], _("user add : un seul --role ; les suivants se donnent "
		                                  "avec « jalon user role »%s"), "");
	if (o.organisation && !o.role)
		return cli_usage_error(argv[0], _("user add : --organisation va avec --role%s"), "");
	account_grant grant = {0};
	if (o.role && !access_role_parse(o.role, &grant.role))
		return cli_usage_error(argv[0], arena_printf(ctx->arena, _("rôle inconnu « %%s » (%s)"),
		                                             role_list(ctx)), o.role);
	grant.organisation = o.organisation;

	/* Everything that can be checked without the database is, before the password is
	 * asked for. */
	const char *login = account_login_normalise(ctx->arena, argv[first], &ctx->diags);
	if (!login)
		return refused(ctx);
	store *s = cli_open_store(ctx);
	if (!s)
		return EXIT_INPUT;
	password_buffer pw;
	bool ok = password_read(ctx, login, &pw);
	if (ok) {
		account_new spec = {
			.login = login, .name = o.name, .email = o.email, .password = pw.text,
			.grants = &grant, .grant_count = o.role ? 1 : 0,
			.labels = o.labels, .label_count = o.label_count,
		};
		ok = store_account_create_full(s, &spec, NULL, &ctx->diags);
	}
	sodium_memzero(&pw, sizeof(pw));
	store_close(s);
	if (!ok)
		return refused(ctx);
	fprintf(stderr, _("compte « %s » créé\n"), login);
	return EXIT_OK;
}

/* ---- list and show -------------------------------------------------------------------- */

static json_t *text_json(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *account_json(const account *x)
{
	json_t *roles = json_array(), *labels = json_array();
	for (size_t i = 0; i < x->grant_count; i++)
		json_array_append_new(roles, json_pack("{s:s, s:s, s:o}",
		                                       "role", access_role_key(x->grants[i].role),
		                                       "label", _(access_role_label(x->grants[i].role)),
		                                       "organisation",
		                                       text_json(x->grants[i].organisation)));
	for (size_t i = 0; i < x->label_count; i++)
		json_array_append_new(labels, json_string(x->labels[i]));
	json_t *o = json_object();
	json_object_set_new(o, "login", json_string(x->login));
	json_object_set_new(o, "name", json_string(x->name));
	json_object_set_new(o, "email", text_json(x->email));
	json_object_set_new(o, "disabled", json_boolean(x->disabled));
	json_object_set_new(o, "roles", roles);
	json_object_set_new(o, "labels", labels);
	json_object_set_new(o, "sessions", json_integer((json_int_t)x->session_count));
	json_object_set_new(o, "created_at", text_json(x->created_at));
	json_object_set_new(o, "password_changed_at", text_json(x->password_changed_at));
	return o;
}

/* Roles joined by ", ", or "aucun rôle". */
static const char *roles_text(cli_context *ctx, const account *x)
{
	if (!x->grant_count)
		return _("aucun rôle");
	const char *text = grant_text(ctx, &x->grants[0]);
	for (size_t i = 1; i < x->grant_count; i++)
		text = arena_printf(ctx->arena, "%s, %s", text, grant_text(ctx, &x->grants[i]));
	return text;
}

typedef struct {
	const char *format;
} format_options;

static int user_list(cli_context *ctx, int argc, char **argv)
{
	static const cli_option table[] = {CLI_VALUE(format_options, format, "format"), {0}};
	format_options o = {0};
	bool json;
	int status;
	if (cli_parse_table(ctx, argc, argv, table, &o, 0,
	                    _("user list : aucun argument attendu%s"), &status) < 0 ||
	    !cli_format_is_json(argv[0], o.format, &json, &status))
		return status;
	store *s = cli_open_store(ctx);
	if (!s)
		return EXIT_INPUT;
	account *all;
	size_t count;
	bool ok = store_account_list(s, ctx->arena, &all, &count, &ctx->diags);
	store_close(s);
	if (!ok)
		return EXIT_INPUT;
	if (json) {
		json_t *list = json_array();
		for (size_t i = 0; i < count; i++)
			json_array_append_new(list, account_json(&all[i]));
		cli_print_json(stdout, json_pack("{s:o}", "accounts", list), 0);
		return EXIT_OK;
	}
	for (size_t i = 0; i < count; i++) {
		printf("%s — %s — %s", all[i].login, all[i].name, roles_text(ctx, &all[i]));
		if (all[i].disabled)
			printf(_(" — désactivé"));
		putchar('\n');
	}
	if (count)
		printf(i18n_count("%zu compte\n", "%zu comptes\n", count), count);
	else
		printf(_("aucun compte (« jalon user add LOGIN --name NOM --role administrateur » crée "
		         "le premier)\n"));
	return EXIT_OK;
}

static int user_show(cli_context *ctx, int argc, char **argv)
{
	static const cli_option table[] = {CLI_VALUE(format_options, format, "format"), {0}};
	format_options o = {0};
	bool json;
	int status;
	int first = cli_parse_table(ctx, argc, argv, table, &o, 1,
	                            _("user show : un login est attendu%s"), &status);
	if (first < 0 || !cli_format_is_json(argv[0], o.format, &json, &status))
		return status;
	store *s = cli_open_store(ctx);
	if (!s)
		return EXIT_INPUT;
	account x;
	bool ok = store_account_find(s, ctx->arena, argv[first], &x, &ctx->diags);
	store_close(s);
	if (!ok)
		return refused(ctx);
	if (json) {
		cli_print_json(stdout, account_json(&x), 0);
		return EXIT_OK;
	}
	printf(_("login : %s\n"), x.login);
	printf(_("nom : %s\n"), x.name);
	printf(_("courriel : %s\n"), x.email ? x.email : "—");
	printf(_("état : %s\n"), x.disabled ? _("désactivé") : _("actif"));
	printf(_("rôles : %s\n"), roles_text(ctx, &x));
	printf(_("libellés : "));
	for (size_t i = 0; i < x.label_count; i++)
		printf("%s%s", i ? " ; " : "", x.labels[i]);
	printf("%s\n", x.label_count ? "" : _("aucun"));
	printf(_("sessions ouvertes : %zu\n"), x.session_count);
	printf(_("créé le : %s\n"), timestamp_fr(ctx, x.created_at));
	printf(_("mot de passe changé le : %s\n"), timestamp_fr(ctx, x.password_changed_at));
	return EXIT_OK;
}

/* ---- passwd, disable, enable, logout --------------------------------------------------- */

/* Options (only --help), then one operand, the login: its index, or -1 (*status). */
static int login_only(cli_context *ctx, int argc, char **argv, const char *missing,
                      int *status)
{
	return cli_parse_operands(ctx, argc, argv, NULL, NULL, NULL, 1, missing, status);
}

static int user_passwd(cli_context *ctx, int argc, char **argv)
{
	int status;
	int first = login_only(ctx, argc, argv, _("user passwd : un login est attendu%s"), &status);
	if (first < 0)
		return status;
	store *s = cli_open_store(ctx);
	if (!s)
		return EXIT_INPUT;
	/* The account first: no password is asked for an account that does not exist. */
	account x;
	bool ok = store_account_find(s, ctx->arena, argv[first], &x, &ctx->diags);
	password_buffer pw;
	ok = ok && password_read(ctx, x.login, &pw) &&
	     store_account_set_password(s, x.login, pw.text, &ctx->diags);
	sodium_memzero(&pw, sizeof(pw));
	store_close(s);
	if (!ok)
		return refused(ctx);
	fprintf(stderr, _("mot de passe de « %s » changé ; ses sessions ouvertes sont fermées\n"),
	        x.login);
	return EXIT_OK;
}

static int user_set_disabled(cli_context *ctx, int argc, char **argv, bool disabled)
{
	int status;
	int first = login_only(ctx, argc, argv,
	                       disabled ? _("user disable : un login est attendu%s")
	                                : _("user enable : un login est attendu%s"), &status);
	if (first < 0)
		return status;
	store *s = cli_open_store(ctx);
	if (!s)
		return EXIT_INPUT;
	account x;
	bool ok = store_account_find(s, ctx->arena, argv[first], &x, &ctx->diags) &&
	          store_account_set_disabled(s, x.login, disabled, &ctx->diags);
	store_close(s);
	if (!ok)
		return refused(ctx);
	if (disabled)
		fprintf(stderr, _("compte « %s » désactivé ; ses sessions sont fermées\n"), x.login);
	else
		fprintf(stderr, _("compte « %s » réactivé\n"), x.login);
	return EXIT_OK;
}

static int user_disable(cli_context *ctx, int argc, char **argv)
{
	return user_set_disabled(ctx, argc, argv, true);
}

static int user_enable(cli_context *ctx, int argc, char **argv)
{
	return user_set_disabled(ctx, argc, argv, false);
}

static int user_logout(cli_context *ctx, int argc, char **argv)
{
	int status;
	int first = login_only(ctx, argc, argv, _("user logout : un login est attendu%s"), &status);
	if (first < 0)
		return status;
	store *s = cli_open_store(ctx);
	if (!s)
		return EXIT_INPUT;
	account x;
	size_t ended = 0;
	bool ok = store_account_find(s, ctx->arena, argv[first], &x, &ctx->diags) &&
	          store_session_end_all(s, x.id, &ended, &ctx->diags);
	store_close(s);
	if (!ok)
		return refused(ctx);
	fprintf(stderr, i18n_count("%zu session fermée pour « %s »\n",
	                           "%zu sessions fermées pour « %s »\n", ended), ended, x.login);
	return EXIT_OK;
}

/* ---- role and label ------------------------------------------------------------------- */

typedef struct {
	const char *organisation;
	bool revoke;
} role_options;

static int user_role(cli_context *ctx, int argc, char **argv)
{
	static const cli_option table[] = {
		CLI_VALUE(role_options, organisation, "organisation"),
		CLI_FLAG(role_options, revoke, "revoke"),
		{0},
	};
	role_options o = {0};
	int status;
	int first = cli_parse_table(ctx, argc, argv, table, &o, 2,
	                            _("user role : un login et un rôle sont attendus%s"), &status);
	if (first < 0)
		return status;
	access_role role;
	if (!access_role_parse(argv[first + 1], &role))
		return cli_usage_error(argv[0], arena_printf(ctx->arena, _("rôle inconnu « %%s » (%s)"),
		                                             role_list(ctx)), argv[first + 1]);
	store *s = cli_open_store(ctx);
	if (!s)
		return EXIT_INPUT;
	account x;
	bool ok = store_account_find(s, ctx->arena, argv[first], &x, &ctx->diags) &&
	          (o.revoke ? store_account_revoke : store_account_grant)(s, x.login, o.organisation,
	                                                                  role, &ctx->diags);
	store_close(s);
	if (!ok)
		return refused(ctx);
	const char *where = o.organisation
		? arena_printf(ctx->arena, _("sur « %s »"), o.organisation)
		: _("sur toutes les organisations");
	fprintf(stderr, o.revoke ? _("rôle « %s » retiré à « %s » %s\n")
	                         : _("rôle « %s » accordé à « %s » %s\n"),
	        _(access_role_label(role)), x.login, where);
	return EXIT_OK;
}

typedef struct {
	bool remove;
} label_options;

static int user_label(cli_context *ctx, int argc, char **argv)
{
	static const cli_option table[] = {CLI_FLAG(label_options, remove, "remove"), {0}};
	label_options o = {0};
	int status;
	int first = cli_parse_table(ctx, argc, argv, table, &o, 2,
	                            _("user label : un login et un libellé sont attendus%s"),
	                            &status);
	if (first < 0)
		return status;
	store *s = cli_open_store(ctx);
	if (!s)
		return EXIT_INPUT;
	account x;
	const char *label = argv[first + 1];
	bool ok = store_account_find(s, ctx->arena, argv[first], &x, &ctx->diags) &&
	          (o.remove ? store_account_label_remove : store_account_label_add)(
	                  s, x.login, label, &ctx->diags);
	store_close(s);
	if (!ok)
		return refused(ctx);
	fprintf(stderr, o.remove ? _("libellé « %s » retiré du compte « %s »\n")
	                         : _("libellé « %s » ajouté au compte « %s »\n"), label, x.login);
	return EXIT_OK;
}

/* ---- the command ---------------------------------------------------------------------- */

static const struct {
	const char *name;
	cli_command_fn run;
} user_subcommands[] = {
	{"add", user_add},         {"list", user_list},     {"show", user_show},
	{"passwd", user_passwd},   {"disable", user_disable}, {"enable", user_enable},
	{"role", user_role},       {"label", user_label},   {"logout", user_logout},
};

int cmd_user(cli_context *ctx, int argc, char **argv)
{
	if (argc < 2)
		return cli_usage_error(argv[0], _("sous-commande attendue : add, list, show, passwd, "
		                                  "disable, enable, role, label ou logout%s"), "");
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		cli_print_command_help(cli_find(argv[0]), stdout);
		return EXIT_OK;
	}
	for (size_t i = 0; i < sizeof(user_subcommands) / sizeof(user_subcommands[0]); i++) {
		if (strcmp(argv[1], user_subcommands[i].name) != 0)
			continue;
		/* "user add x --name y" is parsed as "user x --name y". */
		char **rest = arena_alloc(ctx->arena, (size_t)argc * sizeof(*rest));
		rest[0] = argv[0];
		for (int k = 2; k < argc; k++)
			rest[k - 1] = argv[k];
		rest[argc - 1] = NULL;
		return user_subcommands[i].run(ctx, argc - 1, rest);
	}
	return cli_usage_error(argv[0], _("sous-commande inconnue « %s » (add, list, show, passwd, "
	                                  "disable, enable, role, label ou logout)"), argv[1]);
}
