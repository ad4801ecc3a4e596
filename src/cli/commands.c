/*
 * commands.c — the commands of `jalon`, each next to its help text.
 *
 * A command parses its options, opens the store, calls core/ and io/, and prints.
 * Problems go to ctx->diags (printed by main as FILE:LINE: message); the exit status
 * says whether anything failed. Nothing is written unless everything checked out.
 */
#include <arpa/inet.h>
#include <assert.h>
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <pthread.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "io/plan_csv.h"
#include "io/plan_json.h"
#include "io/steering_csv.h"
#include "io/steering_json.h"
#include "store/account_store.h"
#include "store/baseline_store.h"
#include "store/consolidation.h"
#include "store/db.h"
#include "store/plan_store.h"
#include "store/steering_store.h"
#include "store/steering_view.h"
#include "util/buf.h"
#include "util/format_fr.h"
#include "util/i18n.h"
#include "util/money.h"
#include "util/text.h"
#include "web/server.h"

/* ---- shared helpers ------------------------------------------------------------------- */

int cli_usage_error(const char *command, const char *fmt, const char *arg)
{
	fprintf(stderr, "jalon %s: ", command);
	fprintf(stderr, fmt, arg);
	fprintf(stderr, _(" (voir « jalon %s --help »)\n"), command);
	return EXIT_USAGE;
}

int cli_parse_options(cli_context *ctx, int argc, char **argv, const struct option *longs,
                         cli_option_handler handle, void *state, int *status)
{
	static const struct option help_only[] = {{"help", no_argument, NULL, 'h'}, {0}};
	const struct option *opts = longs ? longs : help_only;
	opterr = 0;
	optind = 1;
	int c;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (c == 'h') {
			cli_print_command_help(cli_find(argv[0]), stdout);
			*status = EXIT_OK;
			return -1;
		}
		if (c == '?' || c == ':') {
			*status = cli_usage_error(argv[0],
				optopt ? _("option inconnue ou sans valeur « %s »") : _("option inconnue « %s »"),
				argv[optind - 1]);
			return -1;
		}
		if (!handle || !handle(ctx, c, optarg, state)) {
			*status = EXIT_USAGE;
			return -1;
		}
	}
	return optind;
}

int cli_parse_operands(cli_context *ctx, int argc, char **argv, const struct option *longs,
                       cli_option_handler handle, void *state, int operands,
                       const char *missing, int *status)
{
	int first = cli_parse_options(ctx, argc, argv, longs, handle, state, status);
	if (first >= 0 && operands >= 0 && first != argc - operands) {
		*status = cli_usage_error(argv[0], missing, "");
		return -1;
	}
	return first;
}

/* getopt's value of table row i: 256 and up, clear of the short options; aliases (rows
 * naming one field) share the first one's, so an abbreviation that matches only aliases
 * is not ambiguous. */
enum { OPTION_VALUE_BASE = 256, OPTION_TABLE_MAX = 24 };

static int option_value(const cli_option *table, size_t i)
{
	size_t k = 0;
	while (table[k].offset != table[i].offset)
		k++;
	return OPTION_VALUE_BASE + (int)k;
}

typedef struct {
	const cli_option *table;
	void *options;
} option_table;

/* Store one parsed option where its row says. */
static bool option_table_set(cli_context *ctx, int option, const char *value, void *state)
{
	(void)ctx;
	const option_table *t = state;
	const cli_option *row = &t->table[option - OPTION_VALUE_BASE];
	char *field = (char *)t->options + row->offset;
	if (row->flag)
		*(bool *)field = true;
	else
		*(const char **)field = value;
	return true;
}

int cli_parse_table(cli_context *ctx, int argc, char **argv, const cli_option *table,
                    void *options, int operands, const char *missing, int *status)
{
	struct option longs[OPTION_TABLE_MAX + 2];
	size_t n = 0;
	for (; table[n].name; n++) {
		assert(n < OPTION_TABLE_MAX);
		longs[n] = (struct option){table[n].name, table[n].flag ? no_argument : required_argument,
		                           NULL, option_value(table, n)};
	}
	longs[n] = (struct option){"help", no_argument, NULL, 'h'};
	longs[n + 1] = (struct option){0};
	option_table t = {table, options};
	return cli_parse_operands(ctx, argc, argv, longs, option_table_set, &t, operands, missing,
	                          status);
}

bool cli_format_is_json(const char *command, const char *format, bool *json, int *status)
{
	*json = format && strcmp(format, "json") == 0;
	if (format && !*json && strcmp(format, "text") != 0) {
		*status = cli_usage_error(command, _("format inconnu « %s » (text ou json)"), format);
		return false;
	}
	return true;
}

bool cli_parse_today(const char *command, const char *text, jalon_date *today, int *status)
{
	if (steering_view_today(text, today))
		return true;
	*status = cli_usage_error(command, _("date invalide « %s »"), text);
	return false;
}

bool cli_parse_votes(const char *s, plan_adoption *ad)
{
	int f, a, x, n = 0;
	char sep1, sep2;
	if (sscanf(s, "%d%c%d%c%d%n", &f, &sep1, &a, &sep2, &x, &n) != 5 || s[n] != '\0')
		return false;
	if ((sep1 != '/' && sep1 != ',') || sep2 != sep1 || f < 0 || a < 0 || x < 0)
		return false;
	ad->votes_for = f;
	ad->votes_against = a;
	ad->abstentions = x;
	return true;
}

void cli_print_json(FILE *out, json_t *doc, size_t flags)
{
	json_dumpf(doc, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER | flags);
	fputc('\n', out);
	json_decref(doc);
}

bool cli_parse_no_operands(cli_context *ctx, int argc, char **argv, int *status)
{
	int first = cli_parse_options(ctx, argc, argv, NULL, NULL, NULL, status);
	if (first < 0)
		return false;
	if (first < argc) {
		*status = cli_usage_error(argv[0], _("argument en trop « %s »"), argv[first]);
		return false;
	}
	return true;
}

int cli_import_refused(cli_context *ctx, const char *path)
{
	/* The summary first, then every error, so the count is seen even when the list
	 * scrolls. */
	size_t errors = diag_total(&ctx->diags);
	fprintf(stderr, i18n_count("%s : %zu erreur, rien n'a été importé\n",
	                           "%s : %zu erreurs, rien n'a été importé\n", errors),
	        path, errors);
	diag_print(&ctx->diags, stderr);
	diag_init(&ctx->diags, ctx->arena);
	return EXIT_INPUT;
}

const char *cli_local_user(cli_context *ctx)
{
	const struct passwd *pw = getpwuid(geteuid());
	const char *name = pw && pw->pw_name && *pw->pw_name ? pw->pw_name : getenv("LOGNAME");
	return name && *name ? arena_strdup(ctx->arena, name) : NULL;
}

store *cli_open_store(cli_context *ctx)
{
	store *s = store_open(ctx->db_path, STORE_OPEN_EXISTING, &ctx->diags);
	if (s) {
		store_set_origin(s, cli_local_user(ctx), "cli");
		if (ctx->command)
			store_set_source(s, arena_printf(ctx->arena, "jalon %s", ctx->command));
	}
	return s;
}

store *cli_open_plan(cli_context *ctx, const char *ref, plan *p)
{
	store *s = cli_open_store(ctx);
	if (s && !store_plan_load(s, ctx->arena, ref, p, &ctx->diags)) {
		store_close(s);
		return NULL;
	}
	return s;
}

store *cli_import_open(cli_context *ctx, int argc, char **argv, const cli_option *table,
                       cli_import *im, int *status)
{
	int first = cli_parse_table(ctx, argc, argv, table, im, 2,
	                            _("un plan et un fichier CSV sont attendus%s"), status);
	if (first < 0)
		return NULL;
	im->path = argv[first + 1];
	*status = EXIT_INPUT;
	if (!cli_read_file(ctx, im->path, &im->data, &im->len))
		return NULL;
	return cli_open_plan(ctx, argv[first], &im->plan);
}

bool cli_read_file(cli_context *ctx, const char *path, char **data, size_t *len)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	if (!f) {
		diag_add(&ctx->diags, path, 0, _("lecture impossible : %s"), strerror(errno));
		return false;
	}
	buf b = {0};
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_append(&b, chunk, n);
	bool ok = !ferror(f);
	if (!ok)
		diag_add(&ctx->diags, path, 0, _("lecture impossible : %s"), strerror(errno));
	if (f != stdin)
		fclose(f);
	*data = arena_alloc(ctx->arena, b.len + 1);
	if (b.len)
		memcpy(*data, b.data, b.len);
	*len = b.len;
	buf_free(&b);
	return ok;
}

/* Write to a file through a temporary and a rename, so a reader never sees half a
 * file, or to stdout for "-" or NULL. */
static bool write_output(cli_context *ctx, const char *path, const buf *b)
{
	if (!path || strcmp(path, "-") == 0) {
		if (fwrite(b->data ? b->data : "", 1, b->len, stdout) != b->len || fflush(stdout)) {
			diag_add(&ctx->diags, NULL, 0, _("écriture impossible sur la sortie standard"));
			return false;
		}
		return true;
	}
	char *tmp = arena_printf(ctx->arena, "%s.tmp-%ld", path, (long)getpid());
	FILE *f = fopen(tmp, "wb");
	bool ok = f && fwrite(b->data ? b->data : "", 1, b->len, f) == b->len;
	if (f)
		ok = (fclose(f) == 0) && ok;
	if (ok && rename(tmp, path) == 0)
		return true;
	diag_add(&ctx->diags, path, 0, _("écriture impossible : %s"), strerror(errno));
	unlink(tmp);
	return false;
}

/* "2024-2028" or "2024" → years. */
static bool parse_period(const char *s, int *start, int *end)
{
	int a = 0, b = 0, n = 0;
	if (sscanf(s, "%d-%d%n", &a, &b, &n) == 2 && s[n] == '\0') {
	} else if (sscanf(s, "%d%n", &a, &n) == 1 && s[n] == '\0') {
		b = a;
	} else {
		return false;
	}
	if (a < 1000 || a > 9999 || b < a || b > 9999)
		return false;
	*start = a;
	*end = b;
	return true;
}

static void print_period(FILE *out, int start, int end)
{
	if (start && end && start != end)
		fprintf(out, "%d-%d", start, end);
	else if (start)
		fprintf(out, "%d", start);
	else
		fputs("—", out);
}

/* ---- init ------------------------------------------------------------------------------ */

static int cmd_init(cli_context *ctx, int argc, char **argv)
{
	int status;
	if (!cli_parse_no_operands(ctx, argc, argv, &status))
		return status;
	store *s = store_open(ctx->db_path, STORE_OPEN_CREATE, &ctx->diags);
	if (!s)
		return EXIT_INPUT;
	printf(_("base prête : %s (schéma %d)\n"), ctx->db_path, store_schema_version(s));
	store_close(s);
	return EXIT_OK;
}

/* ---- import ---------------------------------------------------------------------------- */

typedef struct {
	const char *title, *organisation, *kind, *id, *period, *version, *status, *encoding;
	bool dry_run;
} import_options;

/* Apply plan-level options shared by import and plan. */
static bool apply_plan_fields(cli_context *ctx, const char *command, plan *p,
                              const char *title, const char *organisation, const char *kind,
                              const char *period, const char *version, const char *status)
{
	if (title) {
		const char *t = text_trim(ctx->arena, title);
		if (!*t) {
			cli_usage_error(command, _("le titre ne peut pas être vide%s"), "");
			return false;
		}
		p->title = t;
	}
	if (organisation)
		p->organisation = *organisation ? text_trim(ctx->arena, organisation) : NULL;
	if (kind && !organisation_kind_parse(kind, &p->organisation_kind)) {
		cli_usage_error(command,
		            _("type d'organisation inconnu « %s » (universite, ecole, comue, region, "
		              "autre)"),
		            kind);
		return false;
	}
	if (period && !parse_period(period, &p->period_start, &p->period_end)) {
		cli_usage_error(command, _("période invalide « %s » (par exemple 2024-2028)"), period);
		return false;
	}
	if (version)
		p->version_label = *version ? version : NULL;
	if (status && !plan_status_parse(status, &p->status)) {
		cli_usage_error(command,
		            _("statut inconnu « %s » (brouillon, en-consultation, adopte, en-revision, "
		              "clos)"),
		            status);
		return false;
	}
	return true;
}

static const char *title_from_path(arena *a, const char *path)
{
	if (strcmp(path, "-") == 0)
		return _("Plan importé");
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	const char *dot = strrchr(base, '.');
	const char *t = text_trim(a, arena_strndup(a, base, dot && dot != base ? (size_t)(dot - base)
	                                                                        : strlen(base)));
	return *t ? t : _("Plan importé");
}

static int cmd_import(cli_context *ctx, int argc, char **argv)
{
	static const cli_option table[] = {
		CLI_VALUE(import_options, title, "title"),
		CLI_VALUE(import_options, organisation, "organisation"),
		CLI_VALUE(import_options, kind, "organisation-kind"),
		CLI_VALUE(import_options, id, "id"),
		CLI_VALUE(import_options, period, "period"),
		CLI_VALUE(import_options, version, "version"),
		CLI_VALUE(import_options, status, "status"),
		CLI_VALUE(import_options, encoding, "encoding"),
		CLI_FLAG(import_options, dry_run, "dry-run"),
		{0},
	};
	import_options o = {0};
	int status;
	int first = cli_parse_table(ctx, argc, argv, table, &o, 1,
	                            _("un fichier CSV est attendu%s"), &status);
	if (first < 0)
		return status;
	const char *path = argv[first];

	plan p = {0};
	p.organisation_kind = ORGANISATION_OTHER;
	p.title = title_from_path(ctx->arena, path);
	p.source_name = path;
	p.slug = o.id;
	if (!apply_plan_fields(ctx, argv[0], &p, o.title, o.organisation, o.kind, o.period,
	                       o.version, o.status))
		return EXIT_USAGE;

	char *data;
	size_t len;
	if (!cli_read_file(ctx, path, &data, &len))
		return EXIT_INPUT;
	plan_csv_options csv_options = {.encoding = o.encoding};
	if (!plan_csv_read(ctx->arena, path, data, len, &csv_options, &p, &ctx->diags)) {
		return cli_import_refused(ctx, path);
	}
	if (o.dry_run) {
		fprintf(stderr, _("%s : %zu éléments valides (essai à blanc, rien n'a été importé)\n"),
		        path, p.element_count);
		return EXIT_OK;
	}
	store *s = cli_open_store(ctx);
	if (!s)
		return EXIT_INPUT;
	bool ok = store_plan_create(s, ctx->arena, &p, &ctx->diags);
	/* An existing organisation keeps its kind unless one was asked for. */
	if (ok && o.kind && p.organisation)
		ok = store_organisation_set_kind(s, p.organisation, p.organisation_kind, &ctx->diags);
	store_close(s);
	if (!ok)
		return EXIT_INPUT;
	printf("%s\n", p.slug);
	fprintf(stderr, i18n_count("%zu élément importé dans le plan « %s »\n",
	                           "%zu éléments importés dans le plan « %s »\n", p.element_count),
	        p.element_count, p.title);
	return EXIT_OK;
}

/* ---- import-budget, import-milestones ----------------------------------------------- */

/* Read the file against the plan, then write every row in one transaction, or
 * nothing: the summary and every error go to stderr. */
static int steering_import(cli_context *ctx, int argc, char **argv, bool budget)
{
	static const cli_option table[] = {
		CLI_FLAG(cli_import, replace, "replace"), CLI_IMPORT_OPTIONS, {0},
	};
	cli_import o = {0};
	int status;
	store *s = cli_import_open(ctx, argc, argv, table, &o, &status);
	if (!s)
		return status;
	const char *path = o.path, *data = o.data;
	size_t len = o.len;
	plan *p = &o.plan;
	plan_csv_options csv_options = {.encoding = o.encoding};
	budget_line *lines = NULL;
	milestone *milestones = NULL;
	size_t count = 0;
	const char **sources;
	size_t source_count;
	bool ok;
	if (budget)
		ok = store_funding_sources_load(s, ctx->arena, p, &sources, &source_count,
		                                &ctx->diags) &&
		     steering_csv_read_budget(ctx->arena, path, data, len, &csv_options, p, sources,
		                              source_count, &lines, &count, &ctx->diags);
	else
		ok = steering_csv_read_milestones(ctx->arena, path, data, len, &csv_options, p,
		                                  &milestones, &count, &ctx->diags);
	if (!ok) {
		store_close(s);
		return cli_import_refused(ctx, path);
	}
	if (o.dry_run) {
		store_close(s);
		fprintf(stderr, budget
		        ? i18n_count("%s : %zu ligne budgétaire valide (essai à blanc, rien n'a été "
		                     "importé)\n",
		                     "%s : %zu lignes budgétaires valides (essai à blanc, rien n'a été "
		                     "importé)\n", count)
		        : i18n_count("%s : %zu jalon valide (essai à blanc, rien n'a été importé)\n",
		                     "%s : %zu jalons valides (essai à blanc, rien n'a été importé)\n",
		                     count),
		        path, count);
		return EXIT_OK;
	}
	ok = budget ? store_budget_lines_save(s, p, lines, count, o.replace, &ctx->diags)
	            : store_milestones_save(s, p, milestones, count, o.replace, &ctx->diags);
	store_close(s);
	if (!ok)
		return EXIT_INPUT;
	fprintf(stderr, budget
	        ? i18n_count("%zu ligne budgétaire importée dans le plan « %s »",
	                     "%zu lignes budgétaires importées dans le plan « %s »", count)
	        : i18n_count("%zu jalon importé dans le plan « %s »",
	                     "%zu jalons importés dans le plan « %s »", count),
	        count, p->title);
	if (o.replace)
		fputs(budget ? _(" (en remplacement des précédentes)")
		             : _(" (en remplacement des précédents)"), stderr);
	fputc('\n', stderr);
	return EXIT_OK;
}

static int cmd_import_budget(cli_context *ctx, int argc, char **argv)
{
	return steering_import(ctx, argc, argv, true);
}

static int cmd_import_milestones(cli_context *ctx, int argc, char **argv)
{
	return steering_import(ctx, argc, argv, false);
}

/* ---- plans ------------------------------------------------------------------------------- */

static int cmd_plans(cli_context *ctx, int argc, char **argv)
{
	int status;
	if (!cli_parse_no_operands(ctx, argc, argv, &status))
		return status;
	store *s = cli_open_store(ctx);
	if (!s)
		return EXIT_INPUT;
	plan_summary *plans;
	size_t count;
	bool ok = store_plan_list(s, ctx->arena, &plans, &count, &ctx->diags);
	store_close(s);
	if (!ok)
		return EXIT_INPUT;
	for (size_t i = 0; i < count; i++) {
		const plan_summary *p = &plans[i];
		printf("%s\t%s\t%s\t", p->slug, p->title, p->organisation ? p->organisation : "—");
		print_period(stdout, p->period_start, p->period_end);
		printf("\t%s\t%s\t", p->version_label ? p->version_label : "—",
		       plan_status_label(p->status));
		printf(i18n_count("%zu élément", "%zu éléments", p->element_count), p->element_count);
		putchar('\n');
	}
	return EXIT_OK;
}

/* ---- tree -------------------------------------------------------------------------------- */

static bool load_plan(cli_context *ctx, const char *ref, plan *p)
{
	store *s = cli_open_store(ctx);
	if (!s)
		return false;
	bool ok = store_plan_load(s, ctx->arena, ref, p, &ctx->diags);
	store_close(s);
	return ok;
}

static int cmd_tree(cli_context *ctx, int argc, char **argv)
{
	int status;
	int first = cli_parse_operands(ctx, argc, argv, NULL, NULL, NULL, 1,
	                               _("un identifiant de plan est attendu%s"), &status);
	if (first < 0)
		return status;
	plan p;
	if (!load_plan(ctx, argv[first], &p))
		return EXIT_INPUT;
	buf out = {0};
	for (size_t i = 0; i < p.element_count; i++) {
		const plan_element *e = p.ordered[i];
		for (size_t d = 0; d < e->depth; d++)
			buf_puts(&out, "  ");
		buf_printf(&out, "%s %s\n", e->code, e->title);
	}
	plan_level_count *levels;
	size_t n = plan_level_counts(ctx->arena, &p, &levels);
	buf_putc(&out, '\n');
	for (size_t i = 0; i < n; i++)
		buf_printf(&out, "%s: %zu\n", levels[i].label, levels[i].count);
	buf_printf(&out, "total: %zu\n", p.element_count);
	bool ok = write_output(ctx, NULL, &out);
	buf_free(&out);
	return ok ? EXIT_OK : EXIT_INPUT;
}

/* ---- export ------------------------------------------------------------------------------ */

typedef struct {
	const char *format, *output;
} export_options;

static int cmd_export(cli_context *ctx, int argc, char **argv)
{
	static const cli_option table[] = {
		CLI_VALUE(export_options, format, "format"),
		CLI_VALUE(export_options, output, "output"),
		{0},
	};
	export_options o = {.format = "csv"};
	int status;
	int first = cli_parse_table(ctx, argc, argv, table, &o, 1,
	                            _("un identifiant de plan est attendu%s"), &status);
	if (first < 0)
		return status;
	bool csv = strcmp(o.format, "csv") == 0;
	if (!csv && strcmp(o.format, "json") != 0)
		return cli_usage_error(argv[0], _("format inconnu « %s » (csv ou json)"), o.format);
	plan p;
	if (!load_plan(ctx, argv[first], &p))
		return EXIT_INPUT;
	buf out = {0};
	if (csv)
		plan_csv_write(&p, &out);
	else
		plan_json_write(&p, &out);
	bool ok = write_output(ctx, o.output, &out);
	buf_free(&out);
	return ok ? EXIT_OK : EXIT_INPUT;
}

/* ---- plan: show and edit the plan's own record ------------------------------------------ */

typedef struct {
	const char *title, *organisation, *kind, *period, *version, *status;
	const char *adopted_on, *adopted_by, *deliberation, *votes;
	const char *envelope, *public_plan;
	bool changed;
} plan_options;

static bool plan_option(cli_context *ctx, int option, const char *value, void *state)
{
	plan_options *o = state;
	o->changed = true;
	switch (option) {
	case 't': o->title = value; break;
	case 'o': o->organisation = value; break;
	case 'k': o->kind = value; break;
	case 'p': o->period = value; break;
	case 'v': o->version = value; break;
	case 's': o->status = value; break;
	case 'D': o->adopted_on = value; break;
	case 'B': o->adopted_by = value; break;
	case 'N': o->deliberation = value; break;
	case 'V': o->votes = value; break;
	case 'E': o->envelope = value; break;
	case 'P': o->public_plan = value; break;
	default: return false;
	}
	return true;
}

static void print_plan(const plan *p)
{
	printf(_("identifiant : %s\n"), p->slug);
	printf(_("titre : %s\n"), p->title);
	printf(_("organisation : %s"), p->organisation ? p->organisation : "—");
	if (p->organisation)
		printf(" (%s)", organisation_kind_label(p->organisation_kind));
	printf(_("\npériode : "));
	print_period(stdout, p->period_start, p->period_end);
	printf(_("\nversion : %s\n"), p->version_label ? p->version_label : "—");
	printf(_("statut : %s\n"), plan_status_label(p->status));
	if (p->adoption.recorded) {
		char date[11];
		date_format_fr(p->adoption.date, date);
		printf(_("adoption : %s, %s, délibération %s, %d pour, %d contre, %d abstentions\n"),
		       *date ? date : "—", p->adoption.body ? p->adoption.body : "—",
		       p->adoption.number ? p->adoption.number : "—", p->adoption.votes_for,
		       p->adoption.votes_against, p->adoption.abstentions);
	} else {
		printf(_("adoption : non renseignée\n"));
	}
	printf(_("éléments : %zu\n"), p->element_count);
	/* Said only when public, the exception: a plan is private unless asked. */
	if (p->public_plan)
		printf(_("public : oui (lisible sans compte sur le serveur)\n"));
}

static int cmd_plan(cli_context *ctx, int argc, char **argv)
{
	static const struct option longs[] = {
		{"title", required_argument, NULL, 't'},
		{"organisation", required_argument, NULL, 'o'},
		{"organisation-kind", required_argument, NULL, 'k'},
		{"period", required_argument, NULL, 'p'},
		{"version", required_argument, NULL, 'v'},
		{"status", required_argument, NULL, 's'},
		{"adopted-on", required_argument, NULL, 'D'},
		{"adopted-by", required_argument, NULL, 'B'},
		{"deliberation", required_argument, NULL, 'N'},
		{"votes", required_argument, NULL, 'V'},
		{"envelope", required_argument, NULL, 'E'},
		{"public", required_argument, NULL, 'P'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	plan_options o = {0};
	int status;
	int first = cli_parse_operands(ctx, argc, argv, longs, plan_option, &o, 1,
	                               _("un identifiant de plan est attendu%s"), &status);
	if (first < 0)
		return status;
	plan p;
	if (!load_plan(ctx, argv[first], &p))
		return EXIT_INPUT;
	if (o.changed) {
		if (!apply_plan_fields(ctx, argv[0], &p, o.title, o.organisation, o.kind, o.period,
		                       o.version, o.status))
			return EXIT_USAGE;
		if (o.adopted_on || o.adopted_by || o.deliberation || o.votes)
			p.adoption.recorded = true;
		const char *why;
		if (o.adopted_on && !date_parse(o.adopted_on, &p.adoption.date, &why))
			return cli_usage_error(argv[0], _("date d'adoption invalide « %s »"), o.adopted_on);
		if (o.adopted_by)
			p.adoption.body = o.adopted_by;
		if (o.deliberation)
			p.adoption.number = o.deliberation;
		if (o.votes && !cli_parse_votes(o.votes, &p.adoption))
			return cli_usage_error(argv[0],
			                   _("votes invalides « %s » (pour/contre/abstentions, par "
			                     "exemple 28/2/3)"),
			                   o.votes);
		/* The envelope: an amount, or empty to clear it. Checked before any write. */
		int64_t envelope = 0;
		if (o.envelope && *o.envelope && !money_parse(o.envelope, &envelope, &why))
			return cli_usage_error(argv[0], _("enveloppe invalide « %s » (un montant en euros, "
			                              "par exemple 2 500 000 ou 2500000,00)"), o.envelope);
		if (o.public_plan) {
			if (strcmp(o.public_plan, "oui") == 0)
				p.public_plan = true;
			else if (strcmp(o.public_plan, "non") == 0)
				p.public_plan = false;
			else
				return cli_usage_error(argv[0], _("valeur invalide « %s » pour --public "
				                                  "(oui ou non)"), o.public_plan);
		}
		store *s = cli_open_store(ctx);
		if (!s)
			return EXIT_INPUT;
		bool ok = store_plan_update(s, &p, &ctx->diags);
		if (ok && o.envelope)
			ok = store_plan_envelope_set(s, &p, *o.envelope != '\0', envelope, &ctx->diags);
		if (ok && o.kind && p.organisation)
			ok = store_organisation_set_kind(s, p.organisation, p.organisation_kind,
			                                 &ctx->diags);
		store_close(s);
		if (!ok)
			return EXIT_INPUT;
	}
	print_plan(&p);
	return EXIT_OK;
}

/* ---- delete ------------------------------------------------------------------------------ */

static int cmd_delete(cli_context *ctx, int argc, char **argv)
{
	static const struct option longs[] = {
		{"yes", no_argument, NULL, 'y'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	bool yes = false;
	int status;
	opterr = 0;
	optind = 1;
	int c;
	while ((c = getopt_long(argc, argv, "hy", longs, NULL)) != -1) {
		if (c == 'h') {
			cli_print_command_help(cli_find(argv[0]), stdout);
			return EXIT_OK;
		}
		if (c != 'y')
			return cli_usage_error(argv[0], _("option inconnue « %s »"), argv[optind - 1]);
		yes = true;
	}
	int first = optind;
	if (first != argc - 1)
		return cli_usage_error(argv[0], _("un identifiant de plan est attendu%s"), "");
	if (!yes)
		return cli_usage_error(argv[0],
		                   _("la suppression est définitive : confirmez avec --yes%s"), "");
	store *s = cli_open_store(ctx);
	if (!s)
		return EXIT_INPUT;
	bool ok = store_plan_delete(s, argv[first], &ctx->diags);
	store_close(s);
	(void)status;
	if (ok)
		fprintf(stderr, _("plan « %s » supprimé\n"), argv[first]);
	return ok ? EXIT_OK : EXIT_INPUT;
}

/* ---- organisations ------------------------------------------------------------------------ */

typedef struct {
	const char *kind, *parent;
} organisation_options;

static int cmd_organisations(cli_context *ctx, int argc, char **argv)
{
	int status;
	if (!cli_parse_no_operands(ctx, argc, argv, &status))
		return status;
	store *s = cli_open_store(ctx);
	if (!s)
		return EXIT_INPUT;
	organisation_summary *items;
	size_t count;
	bool ok = store_organisation_list(s, ctx->arena, &items, &count, &ctx->diags);
	store_close(s);
	if (!ok)
		return EXIT_INPUT;
	for (size_t i = 0; i < count; i++) {
		printf("%s\t%s\t%s\t", items[i].name, organisation_kind_label(items[i].kind),
		       items[i].parent ? items[i].parent : "—");
		printf(i18n_count("%zu plan", "%zu plans", items[i].plan_count), items[i].plan_count);
		putchar('\n');
	}
	return EXIT_OK;
}

static int cmd_organisation_add(cli_context *ctx, int argc, char **argv)
{
	static const cli_option table[] = {
		CLI_VALUE(organisation_options, kind, "kind"),
		CLI_VALUE(organisation_options, parent, "parent"),
		{0},
	};
	organisation_options o = {0};
	int status;
	int first = cli_parse_table(ctx, argc, argv, table, &o, 1,
	                            _("un nom d'organisation est attendu%s"), &status);
	if (first < 0)
		return status;
	organisation_kind kind = ORGANISATION_OTHER;
	if (o.kind && !organisation_kind_parse(o.kind, &kind))
		return cli_usage_error(argv[0],
		                   _("type d'organisation inconnu « %s » (universite, ecole, comue, "
		                     "region, autre)"),
		                   o.kind);
	store *s = cli_open_store(ctx);
	if (!s)
		return EXIT_INPUT;
	const char *name = text_trim(ctx->arena, argv[first]);
	bool ok = store_begin(s, &ctx->diags) &&
	          store_organisation_create(s, name, kind, o.parent, &ctx->diags);
	ok = ok ? store_commit(s, &ctx->diags) : (store_rollback(s), false);
	store_close(s);
	return ok ? EXIT_OK : EXIT_INPUT;
}

/* ---- ui: the local web interface ----------------------------------------------------- */

static int run_server(cli_context *ctx, web_config *config, store *s, const char *banner);

/* "127.0.0.1:8080", "[::1]:8080", "localhost:8080" or a bare port "8080". */
static bool parse_listen(arena *a, const char *s, const char **address, uint16_t *port)
{
	const char *colon = strrchr(s, ':');
	const char *host = "127.0.0.1";
	const char *port_text = s;
	if (colon) {
		host = arena_strndup(a, s, (size_t)(colon - s));
		port_text = colon + 1;
		size_t n = strlen(host);
		if (n >= 2 && host[0] == '[' && host[n - 1] == ']')
			host = arena_strndup(a, host + 1, n - 2);
	}
	char *end;
	long p = strtol(port_text, &end, 10);
	if (!*port_text || *end || p < 0 || p > 65535)
		return false;
	if (strcmp(host, "localhost") == 0)
		host = "127.0.0.1";
	*address = host;
	*port = (uint16_t)p;
	return true;
}

/* The local interface has full rights without login: it must not be reachable from
 * another machine. 127.0.0.0/8 and ::1 only. */
static bool is_loopback(const char *address)
{
	struct in_addr v4;
	struct in6_addr v6;
	if (inet_pton(AF_INET, address, &v4) == 1)
		return (ntohl(v4.s_addr) >> 24) == 127;
	return inet_pton(AF_INET6, address, &v6) == 1 && IN6_IS_ADDR_LOOPBACK(&v6);
}

static bool ui_option(cli_context *ctx, int option, const char *value, void *state)
{
	if (option != 'l')
		return false;
	*(const char **)state = value;
	return true;
}

static int cmd_ui(cli_context *ctx, int argc, char **argv)
{
	static const struct option longs[] = {
		{"listen", required_argument, NULL, 'l'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	const char *listen = "127.0.0.1:8080";
	int status;
	int first = cli_parse_options(ctx, argc, argv, longs, ui_option, &listen, &status);
	if (first < 0)
		return status;
	if (first < argc)
		return cli_usage_error(argv[0], _("argument en trop « %s »"), argv[first]);
	web_config config = {
		.body_limit = 32u * 1024 * 1024,
		.idle_timeout = 30,
		.connection_limit = 512,
		.per_address_limit = 512,
		.page_cache_bytes = 32u * 1024 * 1024,
	};
	if (!parse_listen(ctx->arena, listen, &config.address, &config.port))
		return cli_usage_error(argv[0], _("adresse d'écoute invalide « %s » (par exemple "
		                              "127.0.0.1:8080)"), listen);
	if (!is_loopback(config.address))
		return cli_usage_error(argv[0],
		                   _("« %s » n'est pas une adresse locale : l'interface locale donne tous "
		                     "les droits sans connexion et n'écoute que sur 127.0.0.1 ou ::1"),
		                   config.address);
	store *s = cli_open_store(ctx);
	if (!s)
		return EXIT_INPUT;
	config.actor = cli_local_user(ctx);
	config.mode = WEB_MODE_LOCAL;
	return run_server(ctx, &config, s,
	                  _("jalon: interface ouverte sur http://%s%s%s:%u/ (Ctrl+C pour arrêter)\n"));
}

/* ---- serve: many users, accounts and roles --------------------------------------------- */

typedef struct {
	const char *listen, *idle, *max;
	const char *proxies[16];
	size_t proxy_count;
	bool insecure_cookies;
} serve_options;

static bool serve_option(cli_context *ctx, int option, const char *value, void *state)
{
	serve_options *o = state;
	switch (option) {
	case 'l': o->listen = value; return true;
	case 'i': o->idle = value; return true;
	case 'm': o->max = value; return true;
	case 'k': o->insecure_cookies = true; return true;
	case 'p': {
		/* Repeated, or a comma-separated list. */
		char *list = arena_strdup(ctx->arena, value);
		for (char *save = NULL, *item = strtok_r(list, ",", &save); item;
		     item = strtok_r(NULL, ",", &save)) {
			struct in6_addr scratch;
			item = (char *)text_trim(ctx->arena, item);
			if (o->proxy_count == 16 || (inet_pton(AF_INET, item, &scratch) != 1 &&
			                             inet_pton(AF_INET6, item, &scratch) != 1)) {
				cli_usage_error("serve", _("mandataire de confiance invalide « %s » (une adresse "
				                "IPv4 ou IPv6 numérique, 16 au plus)"), item);
				return false;
			}
			o->proxies[o->proxy_count++] = item;
		}
		return true;
	}
	}
	return false;
}

/* A whole number of minutes or hours within [1, max]; false when not. */
static bool serve_duration(const char *text, long max, long *out)
{
	char *end;
	long v = text ? strtol(text, &end, 10) : 0;
	if (!text || !*text || *end || v < 1 || v > max)
		return false;
	*out = v;
	return true;
}

/* Serve many users on any address: sign-in required but for public plans, roles checked
 * on every request (web/auth.h). The server runs until SIGINT or SIGTERM. */
static int run_server(cli_context *ctx, web_config *config, store *s, const char *banner)
{
	config->store = s;
	sigset_t stop;
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &stop, NULL);
	web_server *server = web_server_start(config, &ctx->diags);
	if (!server) {
		store_close(s);
		return EXIT_INPUT;
	}
	bool v6 = strchr(config->address, ':') != NULL;
	printf(banner, v6 ? "[" : "", config->address, v6 ? "]" : "",
	       (unsigned)web_server_port(server));
	fflush(stdout);
	/* Listening: the consolidated view's figures are computed meanwhile, on a second
	 * connection (consolidation.h). */
	jalon_date today;
	steering_view_today(NULL, &today);
	store_figures_warm_start(ctx->db_path, today);
	int signal_number;
	sigwait(&stop, &signal_number);
	fprintf(stderr, _("jalon: arrêt, les requêtes en cours se terminent…\n"));
	web_server_stop(server, 10);
	store_figures_warm_stop();
	store_close(s);
	return EXIT_OK;
}

static int cmd_serve(cli_context *ctx, int argc, char **argv)
{
	static const struct option longs[] = {
		{"listen", required_argument, NULL, 'l'},
		{"trusted-proxy", required_argument, NULL, 'p'},
		{"session-idle", required_argument, NULL, 'i'},
		{"session-max", required_argument, NULL, 'm'},
		{"insecure-cookies", no_argument, NULL, 'k'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	serve_options o = {.listen = "127.0.0.1:8080"};
	int status;
	int first = cli_parse_options(ctx, argc, argv, longs, serve_option, &o, &status);
	if (first < 0)
		return status;
	if (first < argc)
		return cli_usage_error(argv[0], _("argument en trop « %s »"), argv[first]);
	long idle = 60, max = 12;
	if (o.idle && !serve_duration(o.idle, 24 * 60, &idle))
		return cli_usage_error(argv[0], _("--session-idle attend un nombre de minutes (1 à "
		                              "1440), pas « %s »"), o.idle);
	if (o.max && !serve_duration(o.max, 24 * 30, &max))
		return cli_usage_error(argv[0], _("--session-max attend un nombre d'heures (1 à 720), "
		                              "pas « %s »"), o.max);
	web_config config = {
		.body_limit = 32u * 1024 * 1024,
		.idle_timeout = 30,
		.connection_limit = 1024,
		.per_address_limit = 256,
		.mode = WEB_MODE_ACCOUNTS,
		.session_idle = (unsigned)(idle * 60),
		.session_max = (unsigned)(max * 3600),
		.trusted_proxies = o.proxies,
		.trusted_proxy_count = o.proxy_count,
		.insecure_cookies = o.insecure_cookies,
		.page_cache_bytes = 32u * 1024 * 1024,
	};
	if (!parse_listen(ctx->arena, o.listen, &config.address, &config.port))
		return cli_usage_error(argv[0], _("adresse d'écoute invalide « %s » (par exemple "
		                              "127.0.0.1:8080 ou 0.0.0.0:8080)"), o.listen);
	store *s = cli_open_store(ctx);
	if (!s)
		return EXIT_INPUT;
	account *accounts;
	size_t count = 0;
	if (!store_account_list(s, ctx->arena, &accounts, &count, &ctx->diags)) {
		store_close(s);
		return EXIT_INPUT;
	}
	if (count == 0) {
		diag_add(&ctx->diags, NULL, 0, _("aucun compte dans %s : créez d'abord un "
		                                 "administrateur (jalon --db %s user add LOGIN --name NOM "
		                                 "--role administrateur)"), ctx->db_path, ctx->db_path);
		store_close(s);
		return EXIT_INPUT;
	}
	return run_server(ctx, &config, s,
	                  _("jalon: serveur ouvert sur http://%s%s%s:%u/ (connexion requise ; Ctrl+C "
	                    "pour arrêter)\n"));
}

/* ---- steering: baselines and the dashboard ------------------------------------------ */

static int cmd_baseline(cli_context *ctx, int argc, char **argv)
{
	int status;
	int first = cli_parse_operands(ctx, argc, argv, NULL, NULL, NULL, 2,
	                               _("un identifiant de plan et un nom de référentiel sont "
	                               "attendus%s"), &status);
	if (first < 0)
		return status;
	store *s = cli_open_store(ctx);
	if (!s)
		return EXIT_INPUT;
	plan p;
	steering_data data;
	plan_rollup r;
	jalon_date today;
	steering_view_today(NULL, &today);
	const char *name = text_trim(ctx->arena, argv[first + 1]);
	bool ok = steering_view_load(s, ctx->arena, argv[first], NULL, today, &p, &data, &r,
	                             &ctx->diags) &&
	          store_baseline_take(s, &p, name, &r, &ctx->diags);
	store_close(s);
	if (!ok)
		return EXIT_INPUT;
	fprintf(stderr, _("référentiel « %s » pris pour le plan « %s » (%zu éléments)\n"), name,
	        p.title, p.element_count);
	return EXIT_OK;
}

static int cmd_baselines(cli_context *ctx, int argc, char **argv)
{
	int status;
	int first = cli_parse_operands(ctx, argc, argv, NULL, NULL, NULL, 1,
	                               _("un identifiant de plan est attendu%s"), &status);
	if (first < 0)
		return status;
	store *s = cli_open_store(ctx);
	if (!s)
		return EXIT_INPUT;
	plan p;
	baseline_info *items = NULL;
	size_t count = 0;
	bool ok = store_plan_load(s, ctx->arena, argv[first], &p, &ctx->diags) &&
	          store_baselines_list(s, ctx->arena, &p, &items, &count, &ctx->diags);
	store_close(s);
	if (!ok)
		return EXIT_INPUT;
	for (size_t i = 0; i < count; i++) {
		printf("%s\t%s\t", items[i].name, items[i].taken_at);
		printf(i18n_count("%zu élément", "%zu éléments", items[i].entry_count),
		       items[i].entry_count);
		putchar('\n');
	}
	return EXIT_OK;
}

typedef struct {
	const char *baseline, *today, *format;
} dashboard_options;

static void dashboard_text(cli_context *ctx, const plan *p, const plan_rollup *r,
                           const steering_data *data, const char *baseline, jalon_date today)
{
	arena *a = ctx->arena;
	const element_rollup *x = &r->plan;
	char day[11], start[11], end[11];
	date_format_fr(today, day);
	date_format_fr(x->start, start);
	date_format_fr(x->end, end);
	printf(_("%s — tableau de bord au %s\n"), p->title, day);
	printf(_("budget prévu : %s ; engagé : %s ; réalisé : %s\n"), format_fr_money(a, x->planned_cents),
	       format_fr_money(a, x->committed_cents), format_fr_money(a, x->paid_cents));
	if (data->has_envelope)
		printf(_("enveloppe : %s\n"), format_fr_money(a, data->envelope_cents));
	printf(_("avancement : %s ; météo : %s ; période : %s – %s\n"),
	       format_fr_percent(a, x->has_progress, x->progress_pct, false), weather_label(x->weather),
	       *start ? start : "—", *end ? end : "—");
	printf(_("jalons : %zu ; atteints : %zu ; en retard : %zu\n"), x->milestones,
	       x->milestones_done, x->milestones_late);
	if (baseline)
		printf(_("écarts moyens par rapport au référentiel « %s » : calendaire %s (%zu éléments), "
		         "budgétaire %s (%zu éléments)\n"),
		       baseline, format_fr_percent(a, r->has_mean_schedule_drift, r->mean_schedule_drift_pct, true),
		       r->schedule_drift_count,
		       format_fr_percent(a, r->has_mean_budget_drift, r->mean_budget_drift_pct, true),
		       r->budget_drift_count);
	for (size_t i = 0; i < x->year_count; i++)
		printf(_("  %d : prévu %s ; engagé %s ; réalisé %s\n"), x->by_year[i].year,
		       format_fr_money(a, x->by_year[i].planned_cents), format_fr_money(a, x->by_year[i].committed_cents),
		       format_fr_money(a, x->by_year[i].paid_cents));
	for (size_t i = 0; i < x->source_count; i++)
		printf(_("  %s : prévu %s\n"), x->by_source[i].source ? x->by_source[i].source : "—",
		       format_fr_money(a, x->by_source[i].planned_cents));
	printf(_("par branche :\n"));
	for (size_t i = 0; i < p->root_count; i++) {
		const plan_element *e = p->roots[i];
		const element_rollup *b = &r->by_element[e - p->elements];
		printf(_("  %s %s : météo %s ; avancement %s ; prévu %s ; jalons en retard : %zu\n"),
		       e->code, e->title, weather_label(b->weather),
		       format_fr_percent(a, b->has_progress, b->progress_pct, false),
		       format_fr_money(a, b->planned_cents), b->milestones_late);
	}
}

static int cmd_dashboard(cli_context *ctx, int argc, char **argv)
{
	static const cli_option table[] = {
		CLI_VALUE(dashboard_options, baseline, "baseline"),
		CLI_VALUE(dashboard_options, today, "today"),
		CLI_VALUE(dashboard_options, format, "format"),
		{0},
	};
	dashboard_options o = {.format = "text"};
	int status;
	int first = cli_parse_table(ctx, argc, argv, table, &o, 1,
	                            _("un identifiant de plan est attendu%s"), &status);
	if (first < 0)
		return status;
	bool json = strcmp(o.format, "json") == 0;
	if (!json && strcmp(o.format, "text") != 0)
		return cli_usage_error(argv[0], _("format inconnu « %s » (text ou json)"), o.format);
	jalon_date today;
	if (!steering_view_today(o.today, &today))
		return cli_usage_error(argv[0], _("date invalide « %s » (AAAA-MM-JJ ou JJ/MM/AAAA)"),
		                   o.today);
	store *s = cli_open_store(ctx);
	if (!s)
		return EXIT_INPUT;
	plan p;
	steering_data data;
	plan_rollup r;
	bool ok = steering_view_load(s, ctx->arena, argv[first], o.baseline, today, &p,
	                             &data, &r, &ctx->diags);
	store_close(s);
	if (!ok)
		return EXIT_INPUT;
	if (!json) {
		dashboard_text(ctx, &p, &r, &data, o.baseline, today);
		return EXIT_OK;
	}
	json_t *doc = steering_json_dashboard(&p, &r, o.baseline, today, data.has_envelope,
	                                      data.envelope_cents);
	char *text = json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(doc);
	if (!text)
		return EXIT_INPUT;
	puts(text);
	free(text);
	return EXIT_OK;
}

/* ---- help -------------------------------------------------------------------------------- */

static int cmd_help(cli_context *ctx, int argc, char **argv)
{
	if (argc < 2) {
		cli_print_usage(stdout);
		return EXIT_OK;
	}
	/* "jalon help --help" describes help itself, like every other command. */
	bool about_help = strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0;
	const cli_command *c = cli_find(about_help ? argv[0] : argv[1]);
	if (!c)
		return cli_usage_error(argv[0], _("commande inconnue « %s »"), argv[1]);
	cli_print_command_help(c, stdout);
	return EXIT_OK;
}

/* ---- the table ------------------------------------------------------------------------------ */

const cli_command cli_commands[] = {
	{"init", cmd_init, N_("init"),
	 N_("crée la base si elle n'existe pas et met son schéma à jour (sans effet sinon)"), NULL},
	{"import", cmd_import, N_("import FICHIER.csv [options]"),
	 N_("importe un plan depuis un fichier CSV et affiche son identifiant"),
	 N_("  --title TITRE              titre du plan (par défaut : nom du fichier)\n"
	    "  --organisation NOM         organisation qui porte le plan (créée si besoin)\n"
	    "  --organisation-kind TYPE   universite, ecole, comue, region ou autre\n"
	    "  --id IDENTIFIANT           identifiant choisi (par défaut : tiré du titre)\n"
	    "  --period AAAA-AAAA         période du plan, par exemple 2024-2028\n"
	    "  --version LIBELLÉ          libellé de version, par exemple « v2 »\n"
	    "  --status STATUT            brouillon, en-consultation, adopte, en-revision, clos\n"
	    "  --encoding ENCODAGE        encodage du fichier s'il n'est pas en UTF-8 (cp1252…)\n"
	    "  --dry-run                  vérifie le fichier sans rien importer\n")},
	{"import-budget", cmd_import_budget, N_("import-budget PLAN FICHIER.csv [options]"),
	 N_("importe les lignes budgétaires d'un plan (code;annee;nature;source;prevu;engage;"
	    "realise)"),
	 N_("  --replace                  remplace toutes les lignes budgétaires du plan "
	    "(par défaut : ajoute)\n"
	    "  --encoding ENCODAGE        encodage du fichier s'il n'est pas en UTF-8 (cp1252…)\n"
	    "  --dry-run                  vérifie le fichier sans rien importer\n")},
	{"import-milestones", cmd_import_milestones, N_("import-milestones PLAN FICHIER.csv [options]"),
	 N_("importe les jalons d'un plan (code;jalon;date_prevue;date_prevision;date_reelle;"
	    "statut)"),
	 N_("  --replace                  remplace tous les jalons du plan (par défaut : ajoute)\n"
	    "  --encoding ENCODAGE        encodage du fichier s'il n'est pas en UTF-8 (cp1252…)\n"
	    "  --dry-run                  vérifie le fichier sans rien importer\n")},
	{"plans", cmd_plans, N_("plans"),
	 N_("liste les plans : identifiant, titre, organisation, période, version, statut, "
	    "éléments"), NULL},
	{"tree", cmd_tree, N_("tree PLAN"),
	 N_("affiche l'arborescence du plan, puis le nombre d'éléments par niveau"), NULL},
	{"export", cmd_export, N_("export PLAN [--format csv|json] [--output FICHIER]"),
	 N_("exporte un plan en CSV (par défaut) ou en JSON"),
	 N_("  --format csv|json          format de sortie (csv par défaut)\n"
	    "  --output FICHIER           écrit dans FICHIER au lieu de la sortie standard\n")},
	{"plan", cmd_plan, N_("plan PLAN [options]"),
	 N_("affiche la fiche d'un plan ; avec des options, la modifie"),
	 N_("  --title TITRE              nouveau titre\n"
	    "  --organisation NOM         organisation (créée si besoin ; vide pour aucune)\n"
	    "  --organisation-kind TYPE   universite, ecole, comue, region ou autre\n"
	    "  --period AAAA-AAAA         période\n"
	    "  --version LIBELLÉ          libellé de version\n"
	    "  --status STATUT            brouillon, en-consultation, adopte, en-revision, clos\n"
	    "  --adopted-on DATE          date de la délibération d'adoption\n"
	    "  --adopted-by INSTANCE      instance qui a délibéré (conseil d'administration…)\n"
	    "  --deliberation NUMÉRO      numéro de la délibération\n"
	    "  --votes P/C/A              voix pour, contre et abstentions, par exemple 28/2/3\n"
	    "  --envelope MONTANT         enveloppe budgétaire du plan (vide pour aucune)\n"
	    "  --public oui|non           plan lisible sans compte sur le serveur (jalon serve)\n")},
	{"delete", cmd_delete, N_("delete PLAN --yes"),
	 N_("supprime un plan et tout ce qu'il contient"),
	 N_("  --yes, -y                  confirme la suppression, qui est définitive\n")},
	{"organisations", cmd_organisations, N_("organisations"),
	 N_("liste les organisations : nom, type, organisation parente, plans"), NULL},
	{"organisation-add", cmd_organisation_add,
	 N_("organisation-add NOM [--kind TYPE] [--parent NOM]"),
	 N_("crée une organisation, éventuellement membre d'une autre (ComUE, région)"),
	 N_("  --kind TYPE                universite, ecole, comue, region ou autre\n"
	    "  --parent NOM               organisation dont elle est membre\n")},
	{"baseline", cmd_baseline, N_("baseline PLAN NOM"),
	 N_("prend un référentiel : photographie nommée des dates et budgets du plan"), NULL},
	{"baselines", cmd_baselines, N_("baselines PLAN"),
	 N_("liste les référentiels du plan : nom, date, éléments"), NULL},
	{"dashboard", cmd_dashboard, N_("dashboard PLAN [options]"),
	 N_("consolide budget, avancement, météo, jalons et écarts du plan"),
	 N_("  --baseline NOM             écarts par rapport à ce référentiel\n"
	    "  --today AAAA-MM-JJ         date du jour pour les retards (aujourd'hui par défaut)\n"
	    "  --format text|json         texte (par défaut) ou JSON\n")},
	{"import-indicators", cmd_import_indicators, N_("import-indicators PLAN FICHIER.csv [options]"),
	 N_("importe le catalogue d'indicateurs d'un plan (code;nom;famille;unite;sens;frequence;"
	    "valeur_initiale;date_initiale;cible;date_cible;elements)"),
	 N_("  --replace                  supprime les indicateurs du plan absents du fichier\n"
	    "  --encoding ENCODAGE        encodage du fichier s'il n'est pas en UTF-8 (cp1252…)\n"
	    "  --dry-run                  vérifie le fichier sans rien importer\n")},
	{"import-measurements", cmd_import_measurements,
	 N_("import-measurements PLAN FICHIER.csv [options]"),
	 N_("importe des mesures d'indicateurs (code;date;valeur;commentaire) ; une mesure à la "
	    "date d'une autre la corrige"),
	 N_("  --encoding ENCODAGE        encodage du fichier s'il n'est pas en UTF-8 (cp1252…)\n"
	    "  --dry-run                  vérifie le fichier sans rien importer\n")},
	{"indicators", cmd_indicators, N_("indicators PLAN [options]"),
	 N_("tableau des indicateurs du plan : dernière valeur, valeur attendue, statut"),
	 N_("  --today AAAA-MM-JJ         date du jour (aujourd'hui par défaut)\n"
	    "  --format text|json         texte (par défaut) ou JSON\n")},
	/* governance commands (governance_commands.c) */
	{"import-instances", cmd_import_instances, N_("import-instances PLAN FICHIER.csv [options]"),
	 N_("importe les instances de gouvernance d'un plan (type;instance;role;frequence;"
	    "composition;elements)"),
	 N_("  --replace                  supprime les instances du plan absentes du fichier\n"
	    "  --encoding ENCODAGE        encodage du fichier s'il n'est pas en UTF-8 (cp1252…)\n"
	    "  --dry-run                  vérifie le fichier sans rien importer\n")},
	{"instances", cmd_instances, N_("instances PLAN [options]"),
	 N_("liste les instances de gouvernance du plan : type, rôle, fréquence, membres, périmètre"),
	 N_("  --format text|json         texte (par défaut) ou JSON\n")},
	{"meetings", cmd_meetings, N_("meetings PLAN [options]"),
	 N_("liste les séances des instances du plan, par date"),
	 N_("  --instance NOM             séances de cette instance seulement\n"
	    "  --format text|json         texte (par défaut) ou JSON\n")},
	{"decisions", cmd_decisions, N_("decisions PLAN [options]"),
	 N_("relevé des décisions du plan, les plus récentes d'abord"),
	 N_("  --search MOTS              décisions contenant tous ces mots (texte, effet, éléments,\n"
	    "                             instance ; sans tenir compte des accents)\n"
	    "  --kind TYPE                validation, arbitrage, report, abandon, budget ou autre\n"
	    "  --instance NOM             décisions de cette instance seulement\n"
	    "  --from AAAA-MM-JJ          séances à partir de cette date\n"
	    "  --to AAAA-MM-JJ            séances jusqu'à cette date\n"
	    "  --format text|json         texte (par défaut) ou JSON\n")},
	{"actions", cmd_actions, N_("actions PLAN [options]"),
	 N_("liste les actions du plan (qui fait quoi pour quand), les actions en retard signalées"),
	 N_("  --owner NOM                actions de ce responsable seulement\n"
	    "  --open                     actions ouvertes seulement (à faire, en cours)\n"
	    "  --today AAAA-MM-JJ         date du jour pour les retards (aujourd'hui par défaut)\n"
	    "  --format text|json         texte (par défaut) ou JSON\n")},
	{"calendar", cmd_calendar, N_("calendar PLAN [options]"),
	 N_("calendrier du plan au format iCalendar (.ics) : séances des instances et jalons"),
	 N_("  --instance NOM             séances de cette instance et jalons de ses branches\n"
	    "  --output FICHIER           fichier à écrire (« - » ou absent : sortie standard)\n")},
	/* report commands (report_commands.c) */
	{"report", cmd_report, N_("report PLAN --output FICHIER [options]"),
	 N_("rapport de pilotage du plan ou d'une séance, en PDF (A4) ou en classeur XLSX"),
	 N_("  --output FICHIER           fichier à écrire (« - » : sortie standard)\n"
	    "  --format pdf|xlsx          PDF (par défaut, ou selon l'extension du fichier) ou XLSX\n"
	    "  --meeting NUMÉRO           rapport de cette séance plutôt que du plan\n"
	    "  --today AAAA-MM-JJ         date du jour pour les retards (aujourd'hui par défaut)\n")},
	{"summary", cmd_summary, N_("summary PLAN [options]"),
	 N_("tableau de synthèse d'un niveau du plan : parent, sous-éléments, porteur, partenaires"),
	 N_("  --level NIVEAU             niveau à montrer (par défaut : le deuxième niveau du plan)\n"
	    "  --format FORMAT            text (par défaut), json, pdf ou xlsx\n"
	    "  --output FICHIER           fichier à écrire (obligatoire en PDF et en XLSX)\n"
	    "  --today AAAA-MM-JJ         date imprimée sur le document (aujourd'hui par défaut)\n")},
	/* version and SWOT commands (version_commands.c) */
	{"status", cmd_status, N_("status PLAN STATUT [options]"),
	 N_("fait passer le plan à un autre statut du circuit d'adoption (brouillon → "
	    "en-consultation → adopte → en-revision → clos)"),
	 N_("  --adopted-on DATE          date de la délibération (obligatoire pour « adopte »)\n"
	    "  --adopted-by INSTANCE      instance qui a délibéré (obligatoire pour « adopte »)\n"
	    "  --deliberation NUMÉRO      numéro de la délibération\n"
	    "  --votes P/C/A              voix pour, contre et abstentions, par exemple 28/2/3\n")},
	{"revise", cmd_revise, N_("revise PLAN [--id NOUVEAU]"),
	 N_("ouvre la révision d'un plan adopté : une nouvelle version en brouillon, copie du plan, "
	    "dont l'identifiant est affiché"),
	 N_("  --id NOUVEAU               identifiant de la nouvelle version (par défaut : "
	    "PLAN-v2, -v3…)\n")},
	{"versions", cmd_versions, N_("versions PLAN [--format text|json]"),
	 N_("liste les versions du plan, de la plus ancienne à la plus récente (* : ce plan)"),
	 N_("  --format text|json         texte (par défaut) ou JSON\n")},
	{"compare", cmd_compare, N_("compare PLAN_A PLAN_B [--format text|json]"),
	 N_("compare deux versions d'un plan : éléments ajoutés, supprimés, déplacés, modifiés"),
	 N_("  --format text|json         texte (par défaut) ou JSON\n")},
	{"swot", cmd_swot, N_("swot PLAN [ÉLÉMENT] [--format text|json]"),
	 N_("affiche les tableaux SWOT du plan et de ses éléments, ou celui d'un élément"),
	 N_("  --format text|json         texte (par défaut) ou JSON\n")},
	{"import-swot", cmd_import_swot, N_("import-swot PLAN FICHIER.csv [options]"),
	 N_("importe des tableaux SWOT (element;quadrant;texte ; element vide : le plan) ; chaque "
	    "tableau présent dans le fichier est remplacé"),
	 N_("  --encoding ENCODAGE        encodage du fichier s'il n'est pas en UTF-8 (cp1252…)\n"
	    "  --dry-run                  vérifie le fichier sans rien importer\n")},
	/* keeping the database safe (maintenance_commands.c) */
	{"backup", cmd_backup, N_("backup FICHIER"),
	 N_("copie cohérente et vérifiée de la base, même pendant qu'un serveur écrit ; "
	    "n'écrase jamais un fichier"), NULL},
	{"check", cmd_check, N_("check"),
	 N_("vérifie l'intégrité, les références et les règles de jalon, et dit ce qui ne va pas"),
	 NULL},
	{"restore", cmd_restore, N_("restore FICHIER"),
	 N_("remet une copie vérifiée à la place de la base (son contenu actuel est gardé à côté)"),
	 NULL},
	/* accounts (account_commands.c) */
	{"user", cmd_user, N_("user SOUS-COMMANDE [LOGIN] [options]"),
	 N_("gère les comptes du serveur multi-utilisateurs : création, rôles, libellés, "
	    "mot de passe, désactivation, sessions"),
	 N_("Sous-commandes :\n"
	    "  add LOGIN --name NOM [--email ADRESSE] [--role RÔLE [--organisation ORG]]\n"
	    "      [--label LIBELLÉ]…     crée un compte ; sans --organisation, le rôle vaut sur\n"
	    "                             toutes les organisations ; --label se répète\n"
	    "  list [--format text|json]  liste les comptes, leurs rôles et leur état\n"
	    "  show LOGIN [--format text|json]\n"
	    "                             fiche d'un compte : rôles, libellés, état, sessions\n"
	    "                             ouvertes, création, dernier changement de mot de passe\n"
	    "  passwd LOGIN               change le mot de passe et ferme les sessions du compte\n"
	    "  disable LOGIN              désactive le compte et ferme ses sessions\n"
	    "  enable LOGIN               réactive le compte\n"
	    "  role LOGIN RÔLE [--organisation ORG] [--revoke]\n"
	    "                             accorde (ou retire, --revoke) un rôle sur une\n"
	    "                             organisation, ou sur toutes sans --organisation\n"
	    "  label LOGIN LIBELLÉ [--remove]\n"
	    "                             ajoute (ou retire, --remove) un libellé : un nom sous\n"
	    "                             lequel la personne figure dans les plans (porteur,\n"
	    "                             membre d'instance)\n"
	    "  logout LOGIN               ferme toutes les sessions du compte\n"
	    "\n"
	    "Rôles : administrateur, pilotage, porteur, membre-instance, lecteur.\n"
	    "Login : 1 à 64 caractères parmi a-z 0-9 . _ - @ (les majuscules sont abaissées).\n"
	    "Mot de passe : 12 caractères au moins ; jamais en argument. Sur un terminal, il est\n"
	    "demandé deux fois sans écho ; sinon c'est la première ligne de l'entrée standard\n"
	    "(printf '%s\\n' \"$MOT_DE_PASSE\" | jalon user add …).\n")},
	/* trash (trash_commands.c) — helper B adds its rows here */
	{"trash", cmd_trash, N_("trash PLAN [--restore N | --empty] [--format text|json]"),
	 N_("liste la corbeille du plan (branches supprimées, restaurables) ; en restaure une "
	    "entière, ou la vide définitivement"),
	 N_("  --restore N                remet l'entrée n° N de la corbeille à sa place, avec\n"
	    "                             tout ce qu'elle contenait (refusé si son parent a été\n"
	    "                             supprimé ou si un de ses codes a été repris)\n"
	    "  --empty                    vide la corbeille : ses branches sont supprimées\n"
	    "                             définitivement\n"
	    "  --format FORMAT            text (par défaut) ou json, pour la liste\n")},
	/* synthetic datasets (generate_commands.c) — helper C adds its rows here */
	{"generate", cmd_generate, N_("generate [--size small|region|national] [options]"),
	 N_("crée la base si besoin et la remplit d'un jeu de données synthétique et "
	    "reproductible (organisations, plans, jalons, budgets, indicateurs, instances, "
	    "comptes) ; refuse une base qui contient déjà des plans, sauf avec --append"),
	 N_("  --size TAILLE              small (1 plan de 500 éléments, par défaut), region (30\n"
	    "                             organisations) ou national (300 organisations, 3 000\n"
	    "                             plans, 300 000 éléments, 10 000 000 de mesures)\n"
	    "  --organisations N          nombre d'organisations\n"
	    "  --plans-per-organisation N plans par organisation\n"
	    "  --elements-per-plan N      éléments par plan\n"
	    "  --milestones-per-element X jalons par élément, en moyenne (sur les feuilles)\n"
	    "  --indicators-per-plan N    indicateurs par plan\n"
	    "  --measurements-per-indicator X  mesures par indicateur, en moyenne\n"
	    "  --accounts-per-organisation N   comptes par organisation (0 : aucun compte)\n"
	    "  --seed N                   graine : même graine, mêmes données (1 par défaut)\n"
	    "  --today AAAA-MM-JJ         date de référence des statuts (2026-06-30 par défaut)\n"
	    "  --append                   ajoute le jeu de données à une base qui contient des plans\n")},
	{"serve", cmd_serve,
	 N_("serve [--listen ADRESSE:PORT] [--trusted-proxy ADRESSE]… [--session-idle MINUTES] "
	    "[--session-max HEURES] [--insecure-cookies]"),
	 N_("sert l'interface web à plusieurs utilisateurs, avec comptes, rôles et connexion"),
	 N_("  --listen ADRESSE:PORT      adresse d'écoute (127.0.0.1:8080 par défaut ; 0.0.0.0:8080 "
	    "pour toutes les interfaces)\n"
	    "  --trusted-proxy ADRESSE    mandataire inverse dont les en-têtes X-Forwarded-For et "
	    "X-Forwarded-Proto sont crus (répétable, ou liste séparée par des virgules) ; aucun par "
	    "défaut\n"
	    "  --session-idle MINUTES     durée d'inactivité qui ferme une session (60 par défaut)\n"
	    "  --session-max HEURES       durée de vie maximale d'une session (12 par défaut)\n"
	    "  --insecure-cookies         cookies de session sans l'attribut Secure, pour essayer "
	    "sans HTTPS (jamais en production)\n")},
	{"ui", cmd_ui, N_("ui [--listen ADRESSE:PORT]"),
	 N_("ouvre l'interface web locale, avec tous les droits, sur cette machine seulement"),
	 N_("  --listen ADRESSE:PORT      adresse locale d'écoute (127.0.0.1:8080 par défaut ; "
	    "port 0 : un port libre)\n")},
	{"help", cmd_help, N_("help [COMMANDE]"), N_("affiche l'aide générale ou celle d'une commande"),
	 NULL},
};

const size_t cli_command_count = sizeof(cli_commands) / sizeof(cli_commands[0]);

const cli_command *cli_find(const char *name)
{
	for (size_t i = 0; i < cli_command_count; i++)
		if (strcmp(cli_commands[i].name, name) == 0)
			return &cli_commands[i];
	return NULL;
}

void cli_print_usage(FILE *out)
{
	fprintf(out, _("Usage : jalon [--db CHEMIN] COMMANDE [OPTIONS]\n\n"
	               "Pilotage d'un schéma directeur du numérique.\n\n"
	               "Options générales :\n"
	               "  --db CHEMIN   base SQLite (par défaut $JALON_DB, sinon ./jalon.db)\n"
	               "  --help        cette aide\n"
	               "  --version     version du programme\n\n"
	               "Commandes :\n"));
	for (size_t i = 0; i < cli_command_count; i++)
		fprintf(out, "  %-18s %s\n", cli_commands[i].name, _(cli_commands[i].summary));
	fprintf(out, _("\n« jalon COMMANDE --help » détaille une commande ; « man jalon » les "
	               "décrit toutes.\n"));
}

void cli_print_command_help(const cli_command *c, FILE *out)
{
	fprintf(out, _("Usage : jalon [--db CHEMIN] %s\n\n%s\n"), _(c->synopsis), _(c->summary));
	if (c->options)
		fprintf(out, _("\nOptions :\n%s"), _(c->options));
}
