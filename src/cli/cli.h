/*
 * cli.h — the command line: global options, then one command from a table.
 *
 * Each command is a function declared next to its help text in commands.c and
 * gathered in one table, so `jalon help`, `jalon COMMAND --help` and the man page
 * describe the same list.
 */
#ifndef JALON_CLI_H
#define JALON_CLI_H

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>

#include "store/db.h"
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

/* indicator_commands.c */
int cmd_import_indicators(cli_context *ctx, int argc, char **argv);
int cmd_import_measurements(cli_context *ctx, int argc, char **argv);
int cmd_indicators(cli_context *ctx, int argc, char **argv);

/* ---- what every command uses (commands.c) ---- */

/* Print "jalon COMMAND: " fmt (with arg) and the hint to --help; returns EXIT_USAGE. */
int cli_usage_error(const char *command, const char *fmt, const char *arg);
/* Parse the options of a command; returns the index of the first operand, or -1
 * after printing help (*status set) or a usage error. */
typedef bool (*cli_option_handler)(cli_context *ctx, int option, const char *value, void *state);
int cli_parse_options(cli_context *ctx, int argc, char **argv, const struct option *longs,
                      cli_option_handler handle, void *state, int *status);
/* For commands that take no operand: only --help. False (with *status set) when the
 * command must stop: help was printed, or the command line is wrong. */
bool cli_parse_no_operands(cli_context *ctx, int argc, char **argv, int *status);
/* A refused import: "FILE : N erreurs, rien n'a été importé", then every diag, on
 * stderr; the diags are cleared. Returns EXIT_INPUT. */
int cli_import_refused(cli_context *ctx, const char *path);
/* The database of --db, which must exist (diags say why not). */
store *cli_open_store(cli_context *ctx);
/* A whole file ("-": standard input) into the context's arena. */
bool cli_read_file(cli_context *ctx, const char *path, char **data, size_t *len);
void cli_print_usage(FILE *out);
void cli_print_command_help(const cli_command *c, FILE *out);

#endif
