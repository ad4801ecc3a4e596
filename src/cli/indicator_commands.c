/*
 * indicator_commands.c — the indicator commands of the command line (cli.h):
 * import-indicators (a catalogue), import-measurements, and indicators (the board of
 * a plan: latest value, expected value, status, trend, update due; as text or JSON).
 *
 * Imports follow import-budget: the whole file is read and checked against the plan,
 * then written in one transaction, or nothing, with every error on stderr.
 */
#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/indicator.h"
#include "io/indicator_csv.h"
#include "store/indicator_store.h"
#include "store/indicator_view.h"
#include "util/i18n.h"
#include "util/number.h"

/* Both imports: read the file against the plan (and, for measurements, its
 * catalogue), then save. */
static int indicator_import(cli_context *ctx, int argc, char **argv, bool catalogue)
{
	static const cli_option catalogue_table[] = {
		CLI_FLAG(cli_import, replace, "replace"), CLI_IMPORT_OPTIONS, {0},
	};
	static const cli_option measurement_table[] = {CLI_IMPORT_OPTIONS, {0}};
	cli_import o = {0};
	int status;
	store *s = cli_import_open(ctx, argc, argv, catalogue ? catalogue_table : measurement_table,
	                           &o, &status);
	if (!s)
		return status;
	const char *path = o.path;
	plan *p = &o.plan;
	indicator_data known;
	plan_csv_options csv = {.encoding = o.encoding};
	indicator *items = NULL;
	measurement *values = NULL;
	size_t count = 0;
	bool ok = store_indicators_load(s, ctx->arena, p, MEASUREMENTS_NONE, &known, &ctx->diags);
	if (!ok) {
		store_close(s);
		return EXIT_INPUT;
	}
	ok = catalogue
	     ? indicator_csv_read_catalogue(ctx->arena, path, o.data, o.len, &csv, p, known.families,
	                                    known.family_count, &items, &count, &ctx->diags)
	     : indicator_csv_read_measurements(ctx->arena, path, o.data, o.len, &csv, known.indicators,
	                                       known.indicator_count, &values, &count, &ctx->diags);
	if (!ok) {
		store_close(s);
		return cli_import_refused(ctx, path);
	}
	if (o.dry_run) {
		store_close(s);
		fprintf(stderr, catalogue
		        ? i18n_count("%s : %zu indicateur valide (essai à blanc, rien n'a été importé)\n",
		                     "%s : %zu indicateurs valides (essai à blanc, rien n'a été importé)\n",
		                     count)
		        : i18n_count("%s : %zu mesure valide (essai à blanc, rien n'a été importé)\n",
		                     "%s : %zu mesures valides (essai à blanc, rien n'a été importé)\n",
		                     count),
		        path, count);
		return EXIT_OK;
	}
	ok = catalogue ? store_indicators_save(s, p, items, count, o.replace, &ctx->diags)
	               : store_measurements_save(s, p, values, count, &ctx->diags);
	store_close(s);
	if (!ok)
		return cli_import_refused(ctx, path);
	fprintf(stderr, catalogue
	        ? i18n_count("%zu indicateur importé dans le plan « %s »\n",
	                     "%zu indicateurs importés dans le plan « %s »\n", count)
	        : i18n_count("%zu mesure importée dans le plan « %s »\n",
	                     "%zu mesures importées dans le plan « %s »\n", count),
	        count, p->slug);
	return EXIT_OK;
}

int cmd_import_indicators(cli_context *ctx, int argc, char **argv)
{
	return indicator_import(ctx, argc, argv, true);
}

int cmd_import_measurements(cli_context *ctx, int argc, char **argv)
{
	return indicator_import(ctx, argc, argv, false);
}

/* ---- the board ------------------------------------------------------------------------------ */

typedef struct {
	const char *today, *format;
} board_options;

typedef indicator_row board_row;

static json_t *number_json(bool has, double v)
{
	return has ? json_real(v) : json_null();
}

static json_t *date_json(bool has, jalon_date d)
{
	char s[11];
	date_format_iso(d, s);
	return has && date_is_set(d) ? json_string(s) : json_null();
}

static void board_print_json(const plan *p, jalon_date today, const board_row *rows, size_t n)
{
	char day[11];
	date_format_iso(today, day);
	json_t *list = json_array();
	for (size_t i = 0; i < n; i++) {
		const board_row *r = &rows[i];
		const indicator *ind = r->ind;
		bool has_latest = r->computed ? r->has_computed : r->state.has_latest;
		double latest = r->computed ? r->computed_value : r->state.latest.value;
		json_t *o = json_object();
		json_object_set_new(o, "code", json_string(ind->code));
		json_object_set_new(o, "name", json_string(ind->name));
		json_object_set_new(o, "family", ind->family ? json_string(ind->family) : json_null());
		json_object_set_new(o, "unit", ind->unit ? json_string(ind->unit) : json_null());
		json_object_set_new(o, "direction", json_string(indicator_direction_key(ind->direction)));
		json_object_set_new(o, "frequency", json_string(indicator_frequency_key(ind->frequency)));
		json_object_set_new(o, "formula", ind->formula == FORMULA_NONE
		                                      ? json_null()
		                                      : json_string(indicator_formula_key(ind->formula)));
		json_object_set_new(o, "latest_value", number_json(has_latest, latest));
		json_object_set_new(o, "latest_date", date_json(has_latest && !r->computed, r->state.latest.date));
		json_object_set_new(o, "expected_today", number_json(r->state.has_expected_today,
		                                                     r->state.expected_today));
		json_object_set_new(o, "status", json_string(indicator_status_key(r->state.status)));
		json_object_set_new(o, "update_due", json_boolean(r->state.update_due && !r->computed));
		json_object_set_new(o, "value_at_last_committee",
		                    number_json(r->has_committee_value, r->committee_value.value));
		json_array_append_new(list, o);
	}
	/* The last committee, the same for every indicator. */
	json_t *committee = json_null();
	if (n && rows[0].has_committee) {
		char held[11];
		date_format_iso(rows[0].committee_date, held);
		committee = json_pack("{s:s, s:s?}", "date", held, "instance", rows[0].committee_name);
	}
	json_t *doc = json_pack("{s:s, s:s, s:o, s:o}", "plan", p->slug, "today", day,
	                        "last_committee", committee, "indicators", list);
	cli_print_json(stdout, doc, JSON_REAL_PRECISION(12));
}

static void board_print_text(const plan *p, jalon_date today, const board_row *rows, size_t n)
{
	char day[11];
	date_format_fr(today, day);
	printf(_("%s — indicateurs au %s\n"), p->title, day);
	if (n && rows[0].has_committee) {
		char held[11];
		date_format_fr(rows[0].committee_date, held);
		printf(_("  dernier comité : %s, le %s\n"),
		       rows[0].committee_name ? rows[0].committee_name : "", held);
	}
	for (size_t i = 0; i < n; i++) {
		const board_row *r = &rows[i];
		char latest[48] = "—", expected[48] = "—";
		bool has_latest = r->computed ? r->has_computed : r->state.has_latest;
		if (has_latest)
			number_format_fr(r->computed ? r->computed_value : r->state.latest.value, 2, latest);
		if (r->state.has_expected_today)
			number_format_fr(r->state.expected_today, 2, expected);
		const char *unit = r->ind->unit ? r->ind->unit : "";
		printf(_("  %s %s : %s%s%s (attendu %s%s%s) — %s"), r->ind->code, r->ind->name, latest,
		       *unit && has_latest ? " " : "", has_latest ? unit : "", expected,
		       *unit && r->state.has_expected_today ? " " : "",
		       r->state.has_expected_today ? unit : "", indicator_status_label(r->state.status));
		if (r->state.update_due && !r->computed)
			printf(_(", mesure attendue"));
		if (r->has_committee_value) {
			char then[48];
			number_format_fr(r->committee_value.value, 2, then);
			printf(_(", au dernier comité %s"), then);
		}
		putchar('\n');
	}
	if (n == 0)
		printf(_("  aucun indicateur (jalon import-indicators PLAN FICHIER)\n"));
}

int cmd_indicators(cli_context *ctx, int argc, char **argv)
{
	static const cli_option table[] = {
		CLI_VALUE(board_options, today, "today"), CLI_VALUE(board_options, format, "format"), {0},
	};
	board_options o = {0};
	int status;
	int first = cli_parse_table(ctx, argc, argv, table, &o, 1,
	                            _("un identifiant de plan est attendu%s"), &status);
	if (first < 0)
		return status;
	bool json;
	jalon_date today;
	if (!cli_format_is_json(argv[0], o.format, &json, &status) ||
	    !cli_parse_today(argv[0], o.today, &today, &status))
		return status;
	plan p;
	store *s = cli_open_plan(ctx, argv[first], &p);
	if (!s)
		return EXIT_INPUT;
	indicator_data data;
	bool ok = store_indicators_load(s, ctx->arena, &p, MEASUREMENTS_LATEST, &data, &ctx->diags);
	/* The measured indicators from their measurements, the computed ones from the plan
	 * rolled up (indicator_view.h, shared with the pages). */
	board_row *rows = NULL;
	if (ok) {
		rows = arena_alloc(ctx->arena, (data.indicator_count + 1) * sizeof(*rows));
		ok = indicator_view_evaluate(s, ctx->arena, &p, data.indicators, data.indicator_count,
		                             data.measurements, data.measurement_count, today, rows,
		                             &ctx->diags);
	}
	store_close(s);
	if (!ok)
		return EXIT_INPUT;
	if (json)
		board_print_json(&p, today, rows, data.indicator_count);
	else
		board_print_text(&p, today, rows, data.indicator_count);
	return EXIT_OK;
}
