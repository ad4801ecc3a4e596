/*
 * cli.h — the command line: global options, then one command from a table.
 *
 * Each command is a function declared next to its help text in commands.c and
 * gathered in one table, so `jalon help`, `jalon COMMAND --help` and the man page
 * describe the same list.
 */
#ifndef JALON_CLI_H
#define JALON_CLI_H

#include "util/arena.h"
#include "util/diag.h"

/* Exit statuses, documented in the man page. */
enum {
	EXIT_OK = 0,
	EXIT_INPUT = 1, /* bad input or a failed operation: nothing was changed */
	EXIT_USAGE = 2, /* bad command line */
};

typedef struct {
	arena *arena;
	const char *db_path;
	diag_list diags;
} cli_context;

typedef int (*cli_command_fn)(cli_context *ctx, int argc, char **argv);

typedef struct {
	const char *name;
	cli_command_fn run;
	const char *synopsis; /* after "jalon --db PATH " */
	const char *summary;  /* one line, French, gettext */
	const char *options;  /* option lines, French, gettext; may be NULL */
} cli_command;

extern const cli_command cli_commands[];
extern const size_t cli_command_count;

const cli_command *cli_find(const char *name);
void cli_print_usage(FILE *out);
void cli_print_command_help(const cli_command *c, FILE *out);

#endif
