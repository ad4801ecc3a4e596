/*
 * version_commands.c — the plan's own life on the command line (cli.h): status (the
 * adoption workflow), revise (a new version), versions (the chain), compare (two
 * versions, as text or JSON), swot (a plan's SWOT tables) and import-swot (SWOT
 * tables from CSV, all or nothing).
 *
 * The rules live in store/version_store.c and core/plan_compare.c; here, options are
 * read, refusals printed with the option they concern, results printed.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/plan_compare.h"
#include "core/swot.h"
#include "io/swot_csv.h"
#include "io/version_json.h"
#include "store/plan_store.h"
#include "store/swot_store.h"
#include "store/version_store.h"
#include "util/i18n.h"

/* Characters of UTF-8 text (continuation bytes not counted), for padding columns. */
static size_t text_width(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

/* ---- shared -------------------------------------------------------------------------------- */

/* Store diags name fields; on the command line, the options that set them. */
static void diags_name_options(cli_context *ctx)
{
	static const struct {
		const char *field, *option;
	} names[] = {
		{"adopted_on", "--adopted-on"}, {"adopted_by", "--adopted-by"},
		{"votes", "--votes"}, {"slug", "--id"}, {"status", NULL}, {"version", NULL},
	};
	for (size_t i = 0; i < ctx->diags.count; i++)
		for (size_t k = 0; k < sizeof(names) / sizeof(names[0]); k++)
			if (ctx->diags.items[i].file && strcmp(ctx->diags.items[i].file, names[k].field) == 0)
				ctx->diags.items[i].file = names[k].option;
}

/* --format, the only option of versions, compare and swot. */
typedef struct {
	const char *format;
} format_options;

static const cli_option format_table[] = {CLI_VALUE(format_options, format, "format"), {0}};

/* ---- status ------------------------------------------------------------------------------- */

typedef struct {
	const char *adopted_on, *adopted_by, *deliberation, *votes;
} status_options;

int cmd_status(cli_context *ctx, int argc, char **argv)
{
	static const cli_option table[] = {
		CLI_VALUE(status_options, adopted_on, "adopted-on"),
		CLI_VALUE(status_options, adopted_on, "date"),
		CLI_VALUE(status_options, adopted_by, "adopted-by"),
		CLI_VALUE(status_options, adopted_by, "body"),
		CLI_VALUE(status_options, deliberation, "deliberation"),
		CLI_VALUE(status_options, deliberation, "number"),
		CLI_VALUE(status_options, votes, "votes"),
		{0},
	};
	status_options o = {0};
	int status;
	int first = cli_parse_table(ctx, argc, argv, table, &o, 2,
	                            _("un plan et un statut sont attendus%s"), &status);
	if (first < 0)
		return status;
	plan_status to;
	if (!plan_status_parse(argv[first + 1], &to))
		return cli_usage_error(argv[0],
		                       _("statut inconnu « %s » (brouillon, en-consultation, adopte, "
		                         "en-revision, clos)"), argv[first + 1]);
	plan_adoption record = {.recorded = true, .body = o.adopted_by, .number = o.deliberation};
	const char *why;
	if (o.adopted_on && !date_parse(o.adopted_on, &record.date, &why))
		return cli_usage_error(argv[0], _("date d'adoption invalide « %s »"), o.adopted_on);
	if (o.votes && !cli_parse_votes(o.votes, &record))
		return cli_usage_error(argv[0],
		                       _("votes invalides « %s » (pour/contre/abstentions, par exemple "
		                         "28/2/3)"), o.votes);
	if (to != PLAN_STATUS_ADOPTED && (o.adopted_on || o.adopted_by || o.deliberation || o.votes))
		return cli_usage_error(argv[0], _("l'adoption ne se renseigne qu'avec le statut "
		                                  "« adopte »%s"), "");
	store *s = cli_open_store(ctx);
	if (!s)
		return EXIT_INPUT;
	plan p;
	plan_status from = PLAN_STATUS_DRAFT;
	bool ok = store_plan_load(s, ctx->arena, argv[first], &p, &ctx->diags);
	if (ok) {
		from = p.status;
		ok = store_plan_set_status(s, &p, to, &record, &ctx->diags) == STORE_OK;
	}
	store_close(s);
	if (!ok) {
		diags_name_options(ctx);
		return EXIT_INPUT;
	}
	printf(_("plan « %s » : %s → %s\n"), p.slug, plan_status_label(from), plan_status_label(to));
	return EXIT_OK;
}

/* ---- revise, versions ----------------------------------------------------------------------- */

typedef struct {
	const char *id;
} revise_options;

int cmd_revise(cli_context *ctx, int argc, char **argv)
{
	static const cli_option table[] = {CLI_VALUE(revise_options, id, "id"), {0}};
	revise_options o = {0};
	int status;
	int first = cli_parse_table(ctx, argc, argv, table, &o, 1,
	                            _("un identifiant de plan est attendu%s"), &status);
	if (first < 0)
		return status;
	store *s = cli_open_store(ctx);
	if (!s)
		return EXIT_INPUT;
	plan p;
	const char *created = NULL;
	bool ok = store_plan_load(s, ctx->arena, argv[first], &p, &ctx->diags) &&
	          store_plan_revise(s, ctx->arena, &p, o.id, &created, &ctx->diags) == STORE_OK;
	store_close(s);
	if (!ok) {
		diags_name_options(ctx);
		return EXIT_INPUT;
	}
	fprintf(stderr, _("plan « %s » en révision ; nouvelle version (brouillon) :\n"), p.slug);
	printf("%s\n", created);
	return EXIT_OK;
}

int cmd_versions(cli_context *ctx, int argc, char **argv)
{
	format_options o = {0};
	int status;
	bool json;
	int first = cli_parse_table(ctx, argc, argv, format_table, &o, 1,
	                            _("un identifiant de plan est attendu%s"), &status);
	if (first < 0)
		return status;
	if (!cli_format_is_json(argv[0], o.format, &json, &status))
		return status;
	plan p;
	store *s = cli_open_plan(ctx, argv[first], &p);
	if (!s)
		return EXIT_INPUT;
	plan_version *v = NULL;
	size_t n = 0, current = 0;
	bool ok = store_plan_versions(s, ctx->arena, &p, &v, &n, &current, &ctx->diags);
	store_close(s);
	if (!ok)
		return EXIT_INPUT;
	if (json) {
		cli_print_json(stdout, plan_versions_json(v, n, current), 0);
		return EXIT_OK;
	}
	/* Columns padded by characters, not bytes ("—", "révision"). */
	size_t widths[3] = {0};
	for (size_t i = 0; i < n; i++) {
		const char *cells[3] = {v[i].version_label ? v[i].version_label : "—", v[i].slug,
		                        plan_status_label(v[i].status)};
		for (int k = 0; k < 3; k++)
			if (text_width(cells[k]) > widths[k])
				widths[k] = text_width(cells[k]);
	}
	for (size_t i = 0; i < n; i++) {
		char date[11];
		date_format_fr(v[i].adopted_on, date);
		const char *cells[3] = {v[i].version_label ? v[i].version_label : "—", v[i].slug,
		                        plan_status_label(v[i].status)};
		printf("%s", i == current ? "*" : " ");
		for (int k = 0; k < 3; k++) {
			bool last = k == 2 && !*date;
			printf(" %s%*s", cells[k], last ? 0 : (int)(widths[k] - text_width(cells[k])), "");
		}
		if (*date)
			printf(_(" adopté le %s"), date);
		putchar('\n');
	}
	return EXIT_OK;
}

/* ---- compare -------------------------------------------------------------------------------- */

static void print_element_line(const char *mark, const plan_element *e)
{
	printf("  %s %s  %s", mark, e->code, e->title);
	if (e->parent)
		printf(_(" (sous %s)"), e->parent->code);
	putchar('\n');
}

static void print_comparison(arena *a, const plan *x, const plan *y, const plan_comparison *c)
{
	printf(_("comparaison de « %s » (%s) avec « %s » (%s)\n"), x->slug,
	       x->version_label ? x->version_label : "—", y->slug,
	       y->version_label ? y->version_label : "—");
	printf(_("ajoutés : %zu, supprimés : %zu, déplacés : %zu, modifiés : %zu, "
	         "inchangés : %zu\n"),
	       c->added_count, c->removed_count, c->moved_count, c->changed_count, c->unchanged_count);
	if (c->added_count)
		printf(_("\najoutés\n"));
	for (size_t i = 0; i < c->added_count; i++)
		print_element_line("+", c->added[i]);
	if (c->removed_count)
		printf(_("\nsupprimés\n"));
	for (size_t i = 0; i < c->removed_count; i++)
		print_element_line("-", c->removed[i]);
	if (c->moved_count)
		printf(_("\ndéplacés\n"));
	for (size_t i = 0; i < c->diff_count; i++) {
		const plan_element_diff *d = &c->diffs[i];
		if (!d->moved)
			continue;
		printf("  > %s  %s → %s", d->new_element->code,
		       d->old_parent ? d->old_parent : _("(racine)"),
		       d->new_parent ? d->new_parent : _("(racine)"));
		if (strcmp(d->old_element->level, d->new_element->level) != 0)
			printf(_(" (niveau %s → %s)"), d->old_element->level, d->new_element->level);
		putchar('\n');
	}
	if (c->changed_count)
		printf(_("\nmodifiés\n"));
	for (size_t i = 0; i < c->diff_count; i++) {
		const plan_element_diff *d = &c->diffs[i];
		for (size_t k = 0; k < d->change_count; k++) {
			const plan_field_change *f = &d->changes[k];
			printf("  ~ %s  %s : %s → %s\n", d->new_element->code, plan_compare_field_label(f),
			       plan_compare_value_text(a, f, f->old_value),
			       plan_compare_value_text(a, f, f->new_value));
		}
	}
}

int cmd_compare(cli_context *ctx, int argc, char **argv)
{
	format_options o = {0};
	int status;
	bool json;
	int first = cli_parse_table(ctx, argc, argv, format_table, &o, 2,
	                            _("deux plans sont attendus%s"), &status);
	if (first < 0)
		return status;
	if (!cli_format_is_json(argv[0], o.format, &json, &status))
		return status;
	store *s = cli_open_store(ctx);
	if (!s)
		return EXIT_INPUT;
	plan x, y;
	bool ok = store_plan_load(s, ctx->arena, argv[first], &x, &ctx->diags) &&
	          store_plan_load(s, ctx->arena, argv[first + 1], &y, &ctx->diags);
	store_close(s);
	if (!ok)
		return EXIT_INPUT;
	plan_comparison c;
	plan_compare(ctx->arena, &x, &y, &c);
	if (json)
		cli_print_json(stdout, plan_comparison_json(&x, &y, &c), 0);
	else
		print_comparison(ctx->arena, &x, &y, &c);
	return EXIT_OK;
}

/* ---- SWOT ----------------------------------------------------------------------------------- */

static void print_swot(const plan *p, const swot_table *t)
{
	if (t->element_code)
		printf(_("SWOT de %s « %s »\n"), t->element_code, t->element_title);
	else
		printf(_("SWOT du plan « %s »\n"), p->slug);
	for (int q = 0; q < SWOT_QUADRANT_COUNT; q++) {
		printf("  %s :\n", swot_quadrant_label((swot_quadrant)q));
		if (t->count[q] == 0)
			printf(_("    (aucune entrée)\n"));
		for (size_t i = 0; i < t->count[q]; i++)
			printf("    - %s\n", t->entries[q][i]);
	}
}

int cmd_swot(cli_context *ctx, int argc, char **argv)
{
	format_options o = {0};
	int status;
	bool json;
	int first = cli_parse_table(ctx, argc, argv, format_table, &o, -1, NULL, &status);
	if (first < 0)
		return status;
	if (first != argc - 1 && first != argc - 2)
		return cli_usage_error(argv[0], _("un plan est attendu, puis éventuellement un code "
		                                  "d'élément%s"), "");
	if (!cli_format_is_json(argv[0], o.format, &json, &status))
		return status;
	plan p;
	store *s = cli_open_plan(ctx, argv[first], &p);
	if (!s)
		return EXIT_INPUT;
	swot_table *tables = NULL, one;
	size_t n = 0;
	bool ok = true;
	if (first == argc - 2) {
		const plan_element *e = plan_find(&p, argv[first + 1]);
		if (!e) {
			diag_add(&ctx->diags, NULL, 0, _("élément inconnu « %s » dans le plan « %s »"),
			         argv[first + 1], p.slug);
			ok = false;
		} else {
			ok = store_swot_load(s, ctx->arena, &p, e, &one, &ctx->diags);
			tables = &one;
			n = 1;
		}
	} else {
		ok = store_swot_load_all(s, ctx->arena, &p, &tables, &n, &ctx->diags);
	}
	store_close(s);
	if (!ok)
		return EXIT_INPUT;
	if (json) {
		json_t *doc;
		if (first == argc - 2) {
			doc = swot_table_json(&tables[0]);
		} else {
			doc = json_array();
			for (size_t i = 0; i < n; i++)
				json_array_append_new(doc, swot_table_json(&tables[i]));
		}
		cli_print_json(stdout, doc, 0);
		return EXIT_OK;
	}
	for (size_t i = 0; i < n; i++) {
		if (i)
			putchar('\n');
		print_swot(&p, &tables[i]);
	}
	return EXIT_OK;
}

int cmd_import_swot(cli_context *ctx, int argc, char **argv)
{
	static const cli_option table[] = {CLI_IMPORT_OPTIONS, {0}};
	cli_import o = {0};
	int status;
	store *s = cli_import_open(ctx, argc, argv, table, &o, &status);
	if (!s)
		return status;
	const char *path = o.path;
	plan *p = &o.plan;
	swot_table *tables;
	size_t n;
	if (!swot_csv_read(ctx->arena, path, o.data, o.len, o.encoding, p, &tables, &n, &ctx->diags)) {
		store_close(s);
		return cli_import_refused(ctx, path);
	}
	size_t entries = 0;
	for (size_t i = 0; i < n; i++)
		entries += swot_table_size(&tables[i]);
	bool ok = o.dry_run || store_swot_import(s, p, tables, n, &ctx->diags);
	store_close(s);
	if (!ok)
		return cli_import_refused(ctx, path);
	if (o.dry_run)
		fprintf(stderr, i18n_count("%s : %zu entrée SWOT valide (essai à blanc, rien n'a été "
		                           "importé)\n",
		                           "%s : %zu entrées SWOT valides (essai à blanc, rien n'a été "
		                           "importé)\n", entries),
		        path, entries);
	else
		fprintf(stderr, i18n_count("%zu entrée SWOT importée dans le plan « %s »\n",
		                           "%zu entrées SWOT importées dans le plan « %s »\n", entries),
		        entries, p->slug);
	return EXIT_OK;
}
