/*
 * maintenance_commands.c — backup, restore and check (store/maintenance.h): keeping a
 * database safe from the command line, while a server may be running on it.
 */
#include <stdio.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "store/maintenance.h"
#include "util/i18n.h"

/* The single operand of a command taking one file; NULL after a usage error or help
 * (*status set). */
static const char *one_file(cli_context *ctx, int argc, char **argv, int *status)
{
	int first = cli_parse_operands(ctx, argc, argv, NULL, NULL, NULL, 1,
	                               _("un fichier est attendu%s"), status);
	return first < 0 ? NULL : argv[first];
}

int cmd_backup(cli_context *ctx, int argc, char **argv)
{
	int status;
	const char *path = one_file(ctx, argc, argv, &status);
	if (!path)
		return status;
	store *s = cli_open_store(ctx);
	if (!s)
		return EXIT_INPUT;
	bool ok = store_backup(s, path, &ctx->diags);
	store_close(s);
	if (!ok)
		return EXIT_INPUT;
	struct stat st;
	long long size = stat(path, &st) == 0 ? (long long)st.st_size : 0;
	printf(_("sauvegarde écrite et vérifiée : %s (%lld octets)\n"), path, size);
	return EXIT_OK;
}

int cmd_check(cli_context *ctx, int argc, char **argv)
{
	int status;
	if (!cli_parse_no_operands(ctx, argc, argv, &status))
		return status;
	store *s = cli_open_store(ctx);
	if (!s)
		return EXIT_INPUT;
	size_t problems = 0;
	bool ran = store_check(s, &problems, &ctx->diags);
	int version = store_schema_version(s);
	store_close(s);
	if (!ran)
		return EXIT_INPUT;
	if (problems) {
		diag_add(&ctx->diags, ctx->db_path, 0,
		         i18n_count("%zu problème : restaurez une sauvegarde saine (jalon restore)",
		                    "%zu problèmes : restaurez une sauvegarde saine (jalon restore)",
		                    problems),
		         problems);
		return EXIT_INPUT;
	}
	printf(_("base saine : %s (schéma %d ; intégrité, références et règles de jalon "
	         "vérifiées)\n"),
	       ctx->db_path, version);
	return EXIT_OK;
}

int cmd_restore(cli_context *ctx, int argc, char **argv)
{
	int status;
	const char *path = one_file(ctx, argc, argv, &status);
	if (!path)
		return status;
	store *s = cli_open_store(ctx);
	if (!s)
		return EXIT_INPUT;
	const char *saved;
	bool ok = store_restore(s, ctx->arena, path, &saved, &ctx->diags);
	store_close(s);
	if (!ok)
		return EXIT_INPUT;
	/* Opening the restored database runs the migrations an older copy needs. */
	s = cli_open_store(ctx);
	if (!s)
		return EXIT_INPUT;
	store_close(s);
	printf(_("base restaurée depuis %s ; son contenu précédent est gardé dans %s\n"), path,
	       saved);
	return EXIT_OK;
}
