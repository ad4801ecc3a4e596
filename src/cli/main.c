/*
 * main.c — entry point: global options (--db, --help, --version), then dispatch to
 * the command table in commands.c. One arena lives for the whole command.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "config.h"
#include "util/i18n.h"

int main(int argc, char **argv)
{
	i18n_init();
	const char *db_path = getenv("JALON_DB");
	if (!db_path || !*db_path)
		db_path = "jalon.db";

	/* Global options stop at the first non-option: the command name. */
	int i = 1;
	for (; i < argc && argv[i][0] == '-'; i++) {
		const char *arg = argv[i];
		if (strcmp(arg, "--db") == 0) {
			if (i + 1 >= argc) {
				fprintf(stderr, _("jalon: --db attend un chemin de fichier\n"));
				return EXIT_USAGE;
			}
			db_path = argv[++i];
		} else if (strncmp(arg, "--db=", 5) == 0) {
			db_path = arg + 5;
		} else if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
			cli_print_usage(stdout);
			return EXIT_OK;
		} else if (strcmp(arg, "--version") == 0) {
			printf("jalon %s\n", JALON_VERSION);
			return EXIT_OK;
		} else {
			fprintf(stderr, _("jalon: option inconnue « %s » (voir « jalon --help »)\n"), arg);
			return EXIT_USAGE;
		}
	}
	if (i >= argc) {
		cli_print_usage(stderr);
		return EXIT_USAGE;
	}
	const cli_command *c = cli_find(argv[i]);
	if (!c) {
		fprintf(stderr, _("jalon: commande inconnue « %s » (voir « jalon help »)\n"), argv[i]);
		return EXIT_USAGE;
	}
	cli_context ctx = {.arena = arena_new(), .db_path = db_path, .command = c->name};
	diag_init(&ctx.diags, ctx.arena);
	int status = c->run(&ctx, argc - i, argv + i);
	diag_print(&ctx.diags, stderr);
	arena_free(ctx.arena);
	return status;
}
