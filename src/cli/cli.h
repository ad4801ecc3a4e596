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
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "core/plan.h"
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
	const char *command; /* the command's name, for the journal's source */
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

/* governance_commands.c */
int cmd_import_instances(cli_context *ctx, int argc, char **argv);
int cmd_instances(cli_context *ctx, int argc, char **argv);
int cmd_meetings(cli_context *ctx, int argc, char **argv);
int cmd_decisions(cli_context *ctx, int argc, char **argv);
int cmd_actions(cli_context *ctx, int argc, char **argv);

/* calendar_commands.c */
int cmd_calendar(cli_context *ctx, int argc, char **argv);

/* report_commands.c */
int cmd_report(cli_context *ctx, int argc, char **argv);
int cmd_summary(cli_context *ctx, int argc, char **argv);

/* maintenance_commands.c */
int cmd_backup(cli_context *ctx, int argc, char **argv);
int cmd_check(cli_context *ctx, int argc, char **argv);
int cmd_restore(cli_context *ctx, int argc, char **argv);

/* version_commands.c */
int cmd_status(cli_context *ctx, int argc, char **argv);
int cmd_revise(cli_context *ctx, int argc, char **argv);
int cmd_versions(cli_context *ctx, int argc, char **argv);
int cmd_compare(cli_context *ctx, int argc, char **argv);
int cmd_swot(cli_context *ctx, int argc, char **argv);
int cmd_import_swot(cli_context *ctx, int argc, char **argv);

/* account_commands.c: accounts, roles, labels, sessions */
int cmd_user(cli_context *ctx, int argc, char **argv);
/* trash_commands.c — helper B declares here */
int cmd_trash(cli_context *ctx, int argc, char **argv);
/* generate_commands.c — helper C declares here */
int cmd_generate(cli_context *ctx, int argc, char **argv);

/* ---- what every command uses (commands.c) ---- */

/* Print "jalon COMMAND: " fmt (with arg) and the hint to --help; returns EXIT_USAGE. */
int cli_usage_error(const char *command, const char *fmt, const char *arg);
/* Parse the options of a command; returns the index of the first operand, or -1
 * after printing help (*status set) or a usage error. */
typedef bool (*cli_option_handler)(cli_context *ctx, int option, const char *value, void *state);
int cli_parse_options(cli_context *ctx, int argc, char **argv, const struct option *longs,
                      cli_option_handler handle, void *state, int *status);
/* cli_parse_options, then exactly `operands` operands: the index of the first, or -1
 * (*status set) after help or a usage error; `missing` (gettext, one "%s" given "")
 * says what the command expects when the count is wrong. operands < 0: any count, the
 * command checks. */
int cli_parse_operands(cli_context *ctx, int argc, char **argv, const struct option *longs,
                       cli_option_handler handle, void *state, int operands,
                       const char *missing, int *status);
/* One option of a command, a row of its table: the long name, and where it goes in the
 * command's options struct (a const char * for the value, or a bool set by a flag).
 * Aliases are rows naming the same field. Tables end with {0}; --help is implied. */
typedef struct {
	const char *name;
	size_t offset;
	bool flag;
} cli_option;
#define CLI_VALUE(type, field, name) {(name), offsetof(type, field), false}
#define CLI_FLAG(type, field, name) {(name), offsetof(type, field), true}
/* cli_parse_operands for a command whose options are all in a table: they fill
 * *options; the index of the first operand, or -1 (*status set). */
int cli_parse_table(cli_context *ctx, int argc, char **argv, const cli_option *table,
                    void *options, int operands, const char *missing, int *status);
/* --format of a listing: "text" (default, NULL) or "json"; false with the usage error's
 * status otherwise. */
bool cli_format_is_json(const char *command, const char *format, bool *json, int *status);
/* --today: the date given, or the real today when NULL; false with the usage error's
 * status when the date is invalid. */
bool cli_parse_today(const char *command, const char *text, jalon_date *today, int *status);
/* --votes: "28/2/3" or "28,2,3" (for, against, abstentions) into ad. */
bool cli_parse_votes(const char *s, plan_adoption *ad);
/* A JSON document to out, indented with its keys in order (plus `flags`), then freed. */
void cli_print_json(FILE *out, json_t *doc, size_t flags);
/* For commands that take no operand: only --help. False (with *status set) when the
 * command must stop: help was printed, or the command line is wrong. */
bool cli_parse_no_operands(cli_context *ctx, int argc, char **argv, int *status);
/* A refused import: "FILE : N erreurs, rien n'a été importé", then every diag, on
 * stderr; the diags are cleared. Returns EXIT_INPUT. */
int cli_import_refused(cli_context *ctx, const char *path);
/* The database of --db, which must exist (diags say why not), writing as the local
 * system user (cli_local_user) from "cli". */
store *cli_open_store(cli_context *ctx);
/* The name of the system user running jalon (the change journal's actor on the command
 * line and in `jalon ui`, a measurement's "entered by"), from the arena; NULL when the
 * system does not say. */
const char *cli_local_user(cli_context *ctx);
/* cli_open_store, then the plan `ref` into p; NULL (diags set, store closed) when either
 * fails. */
store *cli_open_plan(cli_context *ctx, const char *ref, plan *p);

/* What every CSV import shares: --replace, --encoding, --dry-run, the two operands PLAN
 * FILE, the file read whole and the plan loaded. */
typedef struct {
	const char *encoding;
	bool replace, dry_run;
	const char *path;
	char *data;
	size_t len;
	plan plan;
} cli_import;
/* The rows of --encoding and --dry-run, which every import takes (--replace, where an
 * import allows it, is a row of its own). */
#define CLI_IMPORT_OPTIONS                                                                  \
	CLI_VALUE(cli_import, encoding, "encoding"), CLI_FLAG(cli_import, dry_run, "dry-run")
/* Parse with table, read the file, open the store and load the plan into im: the store,
 * or NULL when the command must stop (*status set: help, usage or input error). */
store *cli_import_open(cli_context *ctx, int argc, char **argv, const cli_option *table,
                       cli_import *im, int *status);
/* A whole file ("-": standard input) into the context's arena. */
bool cli_read_file(cli_context *ctx, const char *path, char **data, size_t *len);
void cli_print_usage(FILE *out);
void cli_print_command_help(const cli_command *c, FILE *out);

#endif
