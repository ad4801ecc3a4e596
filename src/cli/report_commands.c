/*
 * report_commands.c — the report commands of the command line (cli.h): report (a
 * plan's or a meeting's steering report as PDF or workbook) and summary (the summary
 * table of one level of the plan, as text, JSON, PDF or workbook).
 *
 * Both build the model of report/report.h and hand it to a renderer, as the web pages
 * do, so the command line and the browser download the same document. Nothing is
 * written to the database but what evaluating the indicators records, as `jalon
 * indicators` does (the value of a computed indicator at a period's end).
 */
#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli/cli.h"
#include "report/report.h"
#include "report/report_pdf.h"
#include "report/report_xlsx.h"
#include "util/i18n.h"

typedef struct {
	const char *meeting, *format, *today, *output, *level;
} report_options;

/* What report and summary share, after the option that picks what they show. */
#define REPORT_OPTIONS                                                                      \
	CLI_VALUE(report_options, format, "format"), CLI_VALUE(report_options, today, "today"),   \
	    CLI_VALUE(report_options, output, "output")

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);
	return n >= k && strcasecmp(s + n - k, suffix) == 0;
}

/* Write bytes to path ("-": standard output). */
static bool output_write(cli_context *ctx, const char *path, const buf *b)
{
	FILE *f = strcmp(path, "-") == 0 ? stdout : fopen(path, "wb");
	if (!f) {
		diag_add(&ctx->diags, path, 0, _("écriture impossible : %s"), strerror(errno));
		return false;
	}
	bool ok = fwrite(b->data ? b->data : "", 1, b->len, f) == b->len;
	if (f != stdout)
		ok = fclose(f) == 0 && ok;
	else
		ok = fflush(f) == 0 && ok;
	if (!ok)
		diag_add(&ctx->diags, path, 0, _("écriture impossible : %s"), strerror(errno));
	return ok;
}

/* The PDF or workbook of r to path. */
static int document_write(cli_context *ctx, const report *r, bool xlsx, const char *path)
{
	buf b = {0};
	bool ok = xlsx ? report_xlsx_render(r, ctx->arena, &b, &ctx->diags)
	               : report_pdf_render(r, ctx->arena, &b, &ctx->diags);
	ok = ok && output_write(ctx, path, &b);
	buf_free(&b);
	return ok ? EXIT_OK : EXIT_INPUT;
}

int cmd_report(cli_context *ctx, int argc, char **argv)
{
	static const cli_option table[] = {
		CLI_VALUE(report_options, meeting, "meeting"), REPORT_OPTIONS, {0},
	};
	report_options o = {0};
	int status;
	int first = cli_parse_table(ctx, argc, argv, table, &o, 1,
	                            _("un identifiant de plan est attendu%s"), &status);
	if (first < 0)
		return status;
	if (!o.output)
		return cli_usage_error(argv[0], _("--output FICHIER est obligatoire%s"), "");
	/* The format: as asked, else from the file's extension, else PDF. */
	bool xlsx = o.format ? strcmp(o.format, "xlsx") == 0 : ends_with(o.output, ".xlsx");
	if (o.format && !xlsx && strcmp(o.format, "pdf") != 0)
		return cli_usage_error(argv[0], _("format inconnu « %s » (pdf ou xlsx)"), o.format);
	jalon_date today;
	if (!cli_parse_today(argv[0], o.today, &today, &status))
		return status;
	long long meeting_id = 0;
	if (o.meeting) {
		char *end;
		errno = 0;
		meeting_id = strtoll(o.meeting, &end, 10);
		if (errno || *end || meeting_id <= 0)
			return cli_usage_error(argv[0], _("numéro de séance invalide « %s »"), o.meeting);
	}
	store *s = cli_open_store(ctx);
	if (!s)
		return EXIT_INPUT;
	report r;
	bool not_found;
	bool ok = meeting_id
	              ? report_build_meeting(s, ctx->arena, argv[first], meeting_id, today, &r,
	                                     &not_found, &ctx->diags)
	              : report_build_plan(s, ctx->arena, argv[first], today, &r, &not_found,
	                                  &ctx->diags);
	store_close(s);
	if (!ok)
		return EXIT_INPUT;
	return document_write(ctx, &r, xlsx, o.output);
}

/* The summary as text: one header line, then one line per element, tab-separated
 * (code, title, parent, children separated by " ; ", owner, partners). */
static void summary_print_text(FILE *out, const summary *sm)
{
	fprintf(out, _("Tableau de synthèse — %s — niveau « %s » (%zu)\n"), sm->plan->title,
	        sm->level ? sm->level : "", sm->row_count);
	fprintf(out, "%s\t%s\t%s\t%s\t%s\t%s\n", _("Code"), _("Intitulé"), _("Parent"),
	        _("Sous-éléments"), _("Porteur"), _("Partenaires"));
	for (size_t i = 0; i < sm->row_count; i++) {
		const summary_row *x = &sm->rows[i];
		fprintf(out, "%s\t%s\t", x->element->code, x->element->title);
		if (x->parent)
			fprintf(out, "%s — %s", x->parent->code, x->parent->title);
		fputc('\t', out);
		for (size_t k = 0; k < x->child_count; k++)
			fprintf(out, "%s%s — %s", k ? " ; " : "", x->children[k]->code, x->children[k]->title);
		fprintf(out, "\t%s\t", x->element->owner ? x->element->owner : "");
		for (size_t k = 0; k < x->element->partner_count; k++)
			fprintf(out, "%s%s", k ? ", " : "", x->element->partners[k]);
		fputc('\n', out);
	}
}

int cmd_summary(cli_context *ctx, int argc, char **argv)
{
	static const cli_option table[] = {
		CLI_VALUE(report_options, level, "level"), REPORT_OPTIONS, {0},
	};
	report_options o = {0};
	int status;
	int first = cli_parse_table(ctx, argc, argv, table, &o, 1,
	                            _("un identifiant de plan est attendu%s"), &status);
	if (first < 0)
		return status;
	const char *format = o.format ? o.format
	                     : o.output && ends_with(o.output, ".pdf") ? "pdf"
	                     : o.output && ends_with(o.output, ".xlsx") ? "xlsx"
	                     : o.output && ends_with(o.output, ".json") ? "json"
	                                                                 : "text";
	bool binary = strcmp(format, "pdf") == 0 || strcmp(format, "xlsx") == 0;
	if (!binary && strcmp(format, "text") != 0 && strcmp(format, "json") != 0)
		return cli_usage_error(argv[0], _("format inconnu « %s » (text, json, pdf ou xlsx)"),
		                       format);
	if (binary && !o.output)
		return cli_usage_error(argv[0], _("--output FICHIER est obligatoire en PDF et en XLSX%s"),
		                       "");
	jalon_date today;
	if (!cli_parse_today(argv[0], o.today, &today, &status))
		return status;
	plan p;
	store *s = cli_open_plan(ctx, argv[first], &p);
	if (!s)
		return EXIT_INPUT;
	store_close(s);
	summary sm;
	if (!summary_build(ctx->arena, &p, o.level, &sm, &ctx->diags))
		return EXIT_INPUT;
	if (binary) {
		report r;
		summary_report(ctx->arena, &sm, today, &r);
		return document_write(ctx, &r, strcmp(format, "xlsx") == 0, o.output);
	}
	FILE *out = stdout;
	if (o.output && strcmp(o.output, "-") != 0 && !(out = fopen(o.output, "w"))) {
		diag_add(&ctx->diags, o.output, 0, _("écriture impossible : %s"), strerror(errno));
		return EXIT_INPUT;
	}
	if (strcmp(format, "json") == 0) {
		cli_print_json(out, summary_json(&sm), 0);
	} else {
		summary_print_text(out, &sm);
	}
	if (out != stdout && fclose(out) != 0) {
		diag_add(&ctx->diags, o.output, 0, _("écriture impossible : %s"), strerror(errno));
		return EXIT_INPUT;
	}
	return EXIT_OK;
}
