/*
 * calendar_commands.c — `jalon calendar PLAN [--instance NOM] [--output FICHIER]`: the
 * plan's calendar as an iCalendar file (io/ical.h), the same as the feed the server
 * publishes at /plans/PLAN/calendar.ics, for a calendar application to import or for
 * a shared folder.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "store/calendar_store.h"
#include "util/i18n.h"
#include "web/pages.h"

typedef struct {
	const char *instance;
	const char *output;
} calendar_options;

/* The calendar to `path` ("-" or NULL: standard output); false with a message. */
static bool calendar_write(const char *path, const buf *body)
{
	bool to_stdout = !path || strcmp(path, "-") == 0;
	FILE *out = to_stdout ? stdout : fopen(path, "wb");
	if (!out) {
		fprintf(stderr, _("jalon calendar: impossible d'écrire « %s » : %s\n"), path,
		        strerror(errno));
		return false;
	}
	bool ok = fwrite(body->data, 1, body->len, out) == body->len;
	ok = (to_stdout ? fflush(out) == 0 : fclose(out) == 0) && ok;
	if (!ok)
		fprintf(stderr, _("jalon calendar: impossible d'écrire « %s » : %s\n"),
		        to_stdout ? "-" : path, strerror(errno));
	return ok;
}

int cmd_calendar(cli_context *ctx, int argc, char **argv)
{
	static const cli_option table[] = {
		CLI_VALUE(calendar_options, instance, "instance"),
		CLI_VALUE(calendar_options, output, "output"),
		{0},
	};
	calendar_options o = {0};
	int status;
	int first = cli_parse_table(ctx, argc, argv, table, &o, 1,
	                            _("un identifiant de plan est attendu%s"), &status);
	if (first < 0)
		return status;
	plan p;
	store *s = cli_open_plan(ctx, argv[first], &p);
	if (!s)
		return EXIT_INPUT;
	int64_t instance_id = 0;
	calendar_data data;
	store_result r = o.instance ? store_calendar_instance_find(s, ctx->arena, &p, o.instance,
	                                                           &instance_id, &ctx->diags)
	                            : STORE_OK;
	if (r == STORE_NOT_FOUND)
		diag_add(&ctx->diags, NULL, 0, _("aucune instance « %s » dans le plan « %s »"),
		         o.instance, p.slug);
	if (r == STORE_OK)
		r = store_calendar_load(s, ctx->arena, &p, instance_id, &data, &ctx->diags);
	if (r != STORE_OK) {
		store_close(s);
		return EXIT_INPUT;
	}
	buf body = {0};
	calendar_ics(ctx->arena, &p, &data, time(NULL), &body, NULL);
	store_close(s);
	bool ok = calendar_write(o.output, &body);
	buf_free(&body);
	return ok ? EXIT_OK : EXIT_INPUT;
}
