/*
 * generate_commands.c — `jalon generate`: a synthetic dataset (store/generate.h) in a
 * new or empty database, for benchmarks (bench/run.sh) and demonstrations.
 *
 * The database is created when missing, like `jalon init`. A database that already holds
 * plans is refused unless --append is given: a generated dataset mixed into real plans
 * by mistake would be hard to take out again.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "store/generate.h"
#include "util/i18n.h"

typedef struct {
	const char *size, *organisations, *plans, *elements, *milestones, *indicators, *measurements,
		*accounts, *seed, *reference;
	bool append;
} generate_args;

/* A whole number in [min, max] from `text` into *out; usage error otherwise. */
static bool parse_integer(const char *text, long long min, long long max, long long *out,
                          int *status)
{
	char *end;
	errno = 0;
	long long v = strtoll(text, &end, 10);
	if (errno || end == text || *end || v < min || v > max) {
		*status = cli_usage_error("generate", _("nombre invalide « %s »"), text);
		return false;
	}
	*out = v;
	return true;
}

static bool parse_real(const char *text, double max, double *out, int *status)
{
	char *end;
	errno = 0;
	double v = strtod(text, &end);
	if (errno || end == text || *end || !(v >= 0) || v > max) {
		*status = cli_usage_error("generate", _("nombre invalide « %s »"), text);
		return false;
	}
	*out = v;
	return true;
}

static int64_t plan_count(store *s)
{
	sqlite3_stmt *st = NULL;
	int64_t n = 0;
	if (sqlite3_prepare_v2(s->sqlite, "SELECT count(*) FROM plan", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

static double seconds_since(const struct timespec *t0)
{
	struct timespec t1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

int cmd_generate(cli_context *ctx, int argc, char **argv)
{
	static const cli_option table[] = {
		CLI_VALUE(generate_args, size, "size"),
		CLI_VALUE(generate_args, organisations, "organisations"),
		CLI_VALUE(generate_args, plans, "plans-per-organisation"),
		CLI_VALUE(generate_args, elements, "elements-per-plan"),
		CLI_VALUE(generate_args, milestones, "milestones-per-element"),
		CLI_VALUE(generate_args, indicators, "indicators-per-plan"),
		CLI_VALUE(generate_args, measurements, "measurements-per-indicator"),
		CLI_VALUE(generate_args, accounts, "accounts-per-organisation"),
		CLI_VALUE(generate_args, seed, "seed"),
		CLI_VALUE(generate_args, reference, "today"),
		CLI_FLAG(generate_args, append, "append"),
		{0},
	};
	generate_args args = {0};
	int status;
	if (cli_parse_table(ctx, argc, argv, table, &args, 0, _("aucun argument n'est attendu%s"),
	                    &status) < 0)
		return status;
	generate_preset preset = GENERATE_SMALL;
	if (args.size && !generate_preset_parse(args.size, &preset))
		return cli_usage_error(argv[0], _("taille inconnue « %s » (small, region ou national)"),
		                       args.size);
	generate_options o = generate_preset_options(preset);
	long long v;
	status = EXIT_USAGE;
	if (args.organisations) {
		if (!parse_integer(args.organisations, 1, 100000, &v, &status))
			return status;
		o.organisations = (int)v;
	}
	if (args.plans) {
		if (!parse_integer(args.plans, 0, 100000, &v, &status))
			return status;
		o.plans_per_organisation = (int)v;
	}
	if (args.elements) {
		if (!parse_integer(args.elements, 0, 10000000, &v, &status))
			return status;
		o.elements_per_plan = (int)v;
	}
	if (args.indicators) {
		if (!parse_integer(args.indicators, 0, 100000, &v, &status))
			return status;
		o.indicators_per_plan = (int)v;
	}
	if (args.accounts) {
		if (!parse_integer(args.accounts, 0, 100000, &v, &status))
			return status;
		o.accounts_per_organisation = (int)v;
	}
	if (args.seed) {
		if (!parse_integer(args.seed, 0, (long long)9.2e18, &v, &status))
			return status;
		o.seed = (uint64_t)v;
	}
	if (args.milestones && !parse_real(args.milestones, 1000, &o.milestones_per_element, &status))
		return status;
	if (args.measurements &&
	    !parse_real(args.measurements, 100000, &o.measurements_per_indicator, &status))
		return status;
	if (args.reference && !cli_parse_today(argv[0], args.reference, &o.reference, &status))
		return status;

	store *s = store_open(ctx->db_path, STORE_OPEN_CREATE, &ctx->diags);
	if (!s)
		return EXIT_INPUT;
	store_set_origin(s, cli_local_user(ctx), "cli");
	store_set_source(s, "jalon generate");
	int64_t existing = plan_count(s);
	if (existing > 0 && !args.append) {
		store_close(s);
		diag_add(&ctx->diags, ctx->db_path, 0,
		         i18n_count("la base contient déjà %lld plan : rien n'a été généré "
		                    "(--append pour ajouter le jeu de données)",
		                    "la base contient déjà %lld plans : rien n'a été généré "
		                    "(--append pour ajouter le jeu de données)",
		                    (unsigned long)existing),
		         (long long)existing);
		return EXIT_INPUT;
	}
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	generate_stats st;
	bool ok = generate_dataset(s, &o, &st, &ctx->diags);
	store_close(s);
	double elapsed = seconds_since(&t0);
	if (!ok)
		return EXIT_INPUT;
	printf(_("jeu de données généré dans %s en %.2f s (graine %llu)\n"), ctx->db_path, elapsed,
	       (unsigned long long)o.seed);
	const struct {
		const char *label;
		int64_t value;
	} rows[] = {
		{N_("organisations"), st.organisations}, {N_("comptes"), st.accounts},
		{N_("plans"), st.plans}, {N_("éléments"), st.elements},
		{N_("jalons"), st.milestones}, {N_("lignes budgétaires"), st.budget_lines},
		{N_("risques"), st.risks}, {N_("dépendances"), st.dependencies},
		{N_("indicateurs"), st.indicators}, {N_("mesures"), st.measurements},
		{N_("instances"), st.instances}, {N_("séances"), st.meetings},
		{N_("décisions"), st.decisions}, {N_("actions de suivi"), st.action_items},
		{N_("entrées du journal"), st.changes},
	};
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		/* Padded to 22 characters, not bytes: labels have accents. */
		const char *label = _(rows[i].label);
		int width = 0;
		for (const char *c = label; *c; c++)
			width += ((unsigned char)*c & 0xC0) != 0x80;
		printf("  %s%*s %12lld\n", label, width < 22 ? 22 - width : 0, "",
		       (long long)rows[i].value);
	}
	return EXIT_OK;
}
