/*
 * governance_commands.c — the committees on the command line (cli.h):
 * import-instances (a plan's instances from CSV), instances, meetings, decisions (the
 * decision log, searchable) and actions (who does what by when, overdue ones marked),
 * each as text or JSON.
 *
 * The import follows import-indicators: the whole file is read and checked against
 * the plan, then written in one transaction, or nothing, with every error on stderr.
 * The lists only read, through store/governance_store.h, in the order the pages use.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/governance.h"
#include "io/instance_csv.h"
#include "store/governance_store.h"
#include "util/buf.h"
#include "util/i18n.h"
#include "util/text.h"

/* ---- import-instances ------------------------------------------------------------- */

/* The store names an import's problems by line only: give them the file's name, so
 * they print as FILE:LINE like the reader's. */
static void diags_name_file(diag_list *d, const char *path)
{
	for (size_t i = 0; i < d->count; i++)
		if (!d->items[i].file)
			d->items[i].file = path;
}

int cmd_import_instances(cli_context *ctx, int argc, char **argv)
{
	static const cli_option table[] = {
		CLI_FLAG(cli_import, replace, "replace"), CLI_IMPORT_OPTIONS, {0},
	};
	cli_import o = {0};
	int status;
	store *s = cli_import_open(ctx, argc, argv, table, &o, &status);
	if (!s)
		return status;
	const char *path = o.path;
	plan *p = &o.plan;
	plan_csv_options csv = {.encoding = o.encoding};
	instance *items;
	size_t count;
	if (!instance_csv_read(ctx->arena, path, o.data, o.len, &csv, p, &items, &count,
	                       &ctx->diags)) {
		store_close(s);
		return cli_import_refused(ctx, path);
	}
	if (o.dry_run) {
		store_close(s);
		fprintf(stderr, i18n_count("%s : %zu instance valide (essai à blanc, rien n'a été "
		                           "importé)\n",
		                           "%s : %zu instances valides (essai à blanc, rien n'a été "
		                           "importé)\n", count), path, count);
		return EXIT_OK;
	}
	size_t created = 0, updated = 0;
	store_result r = store_instances_import(s, p, items, count, o.replace, &created, &updated,
	                                        &ctx->diags);
	store_close(s);
	if (r != STORE_OK) {
		diags_name_file(&ctx->diags, path);
		return cli_import_refused(ctx, path);
	}
	fprintf(stderr, i18n_count("%zu instance importée dans le plan « %s »",
	                           "%zu instances importées dans le plan « %s »", count),
	        count, p->slug);
	fprintf(stderr, _(" (%zu nouvelles, %zu mises à jour)\n"), created, updated);
	return EXIT_OK;
}

/* ---- what the lists share ----------------------------------------------------------- */

typedef struct {
	const char *format, *instance, *search, *kind, *from, *to, *owner, *today;
	bool open_only;
} list_options;

/* Options, then exactly one operand (the plan); *json from --format; -1 (*status set)
 * when the command must stop. */
static int list_parse(cli_context *ctx, int argc, char **argv, const cli_option *table,
                      list_options *o, bool *json, int *status)
{
	int first = cli_parse_table(ctx, argc, argv, table, o, 1,
	                            _("un identifiant de plan est attendu%s"), status);
	if (first < 0 || !cli_format_is_json(argv[0], o->format, json, status))
		return -1;
	return first;
}

static json_t *text_json(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *day_json(jalon_date d)
{
	char s[11];
	date_format_iso(d, s);
	return date_is_set(d) ? json_string(s) : json_null();
}

static const char *fr(jalon_date d, char out[11])
{
	date_format_fr(d, out);
	return out;
}

/* The instance of p named `name` (case and accents ignored); 0 with a diag when none. */
static int64_t instance_named(cli_context *ctx, store *s, const plan *p, const char *name)
{
	instance *all;
	size_t count;
	if (store_instances_load(s, ctx->arena, p, &all, &count, &ctx->diags) != STORE_OK)
		return 0;
	const char *want = text_match_key(ctx->arena, name);
	for (size_t i = 0; i < count; i++)
		if (strcmp(text_match_key(ctx->arena, all[i].name), want) == 0)
			return all[i].id;
	buf names = {0};
	for (size_t i = 0; i < count; i++)
		buf_printf(&names, "%s%s", i ? ", " : "", all[i].name);
	diag_add(&ctx->diags, NULL, 0, _("aucune instance « %s » dans le plan « %s » (instances : %s)"),
	         name, p->slug, names.data ? names.data : _("aucune"));
	buf_free(&names);
	return 0;
}

/* ---- instances ---------------------------------------------------------------------- */

static void instances_print_json(const plan *p, const instance *all, size_t count)
{
	json_t *list = json_array();
	for (size_t i = 0; i < count; i++) {
		const instance *x = &all[i];
		json_t *members = json_array(), *branches = json_array();
		for (size_t k = 0; k < x->member_count; k++)
			json_array_append_new(members, json_pack("{s:s, s:o}", "name", x->members[k].name,
			                                         "role", text_json(x->members[k].role)));
		for (size_t k = 0; k < x->branch_count; k++)
			json_array_append_new(branches, json_string(x->branches[k]->code));
		json_t *o = json_object();
		json_object_set_new(o, "id", json_integer(x->id));
		json_object_set_new(o, "kind", json_string(instance_kind_key(x->kind)));
		json_object_set_new(o, "name", json_string(x->name));
		json_object_set_new(o, "role", text_json(x->role));
		json_object_set_new(o, "frequency", text_json(x->frequency));
		json_object_set_new(o, "members", members);
		json_object_set_new(o, "branches", branches);
		json_object_set_new(o, "version", json_integer(x->version));
		json_array_append_new(list, o);
	}
	cli_print_json(stdout, json_pack("{s:s, s:o}", "plan", p->slug, "instances", list), 0);
}

static void instances_print_text(const plan *p, const instance *all, size_t count)
{
	printf(_("%s — instances de gouvernance\n"), p->title);
	for (size_t i = 0; i < count; i++) {
		const instance *x = &all[i];
		printf("  %s (%s)", x->name, instance_kind_label(x->kind));
		if (x->frequency)
			printf(" — %s", x->frequency);
		putchar('\n');
		if (x->role)
			printf(_("    Rôle : %s\n"), x->role);
		if (x->member_count) {
			printf(_("    Membres : "));
			for (size_t k = 0; k < x->member_count; k++) {
				printf("%s%s", k ? ", " : "", x->members[k].name);
				if (x->members[k].role)
					printf(" (%s)", x->members[k].role);
			}
			putchar('\n');
		}
		printf(_("    Périmètre : "));
		if (!x->branch_count)
			printf(_("tout le plan"));
		for (size_t k = 0; k < x->branch_count; k++)
			printf("%s%s %s", k ? ", " : "", x->branches[k]->code, x->branches[k]->title);
		putchar('\n');
	}
	if (!count)
		printf(_("  aucune instance (jalon import-instances PLAN FICHIER)\n"));
}

int cmd_instances(cli_context *ctx, int argc, char **argv)
{
	static const cli_option table[] = {
		CLI_VALUE(list_options, format, "format"),
		{0},
	};
	list_options o = {0};
	bool json;
	int status;
	int first = list_parse(ctx, argc, argv, table, &o, &json, &status);
	if (first < 0)
		return status;
	plan p;
	store *s = cli_open_plan(ctx, argv[first], &p);
	if (!s)
		return EXIT_INPUT;
	instance *all;
	size_t count;
	store_result r = store_instances_load(s, ctx->arena, &p, &all, &count, &ctx->diags);
	store_close(s);
	if (r != STORE_OK)
		return EXIT_INPUT;
	if (json)
		instances_print_json(&p, all, count);
	else
		instances_print_text(&p, all, count);
	return EXIT_OK;
}

/* ---- meetings ----------------------------------------------------------------------- */

static const char *start_text(int minute, char out[6])
{
	if (minute < 0)
		return NULL;
	snprintf(out, 6, "%02d:%02d", minute / 60 % 100, minute % 60);
	return out;
}

int cmd_meetings(cli_context *ctx, int argc, char **argv)
{
	static const cli_option table[] = {
		CLI_VALUE(list_options, instance, "instance"),
		CLI_VALUE(list_options, format, "format"),
		{0},
	};
	list_options o = {0};
	bool json;
	int status;
	int first = list_parse(ctx, argc, argv, table, &o, &json, &status);
	if (first < 0)
		return status;
	plan p;
	store *s = cli_open_plan(ctx, argv[first], &p);
	if (!s)
		return EXIT_INPUT;
	int64_t instance_id = 0;
	if (o.instance && !(instance_id = instance_named(ctx, s, &p, o.instance))) {
		store_close(s);
		return EXIT_INPUT;
	}
	meeting *all;
	size_t count;
	store_result r = store_meetings_load(s, ctx->arena, &p, instance_id, &all, &count,
	                                     &ctx->diags);
	store_close(s);
	if (r != STORE_OK)
		return EXIT_INPUT;
	char day[11], start[6];
	if (json) {
		json_t *list = json_array();
		for (size_t i = 0; i < count; i++) {
			const meeting *m = &all[i];
			json_t *x = json_object();
			json_object_set_new(x, "id", json_integer(m->id));
			json_object_set_new(x, "instance", json_string(m->instance_name));
			json_object_set_new(x, "date", day_json(m->date));
			json_object_set_new(x, "start", text_json(start_text(m->start_minute, start)));
			json_object_set_new(x, "duration", m->duration_min > 0 ?
			                    json_integer(m->duration_min) : json_null());
			json_object_set_new(x, "place", text_json(m->place));
			json_object_set_new(x, "video_url", text_json(m->video_url));
			json_object_set_new(x, "status", json_string(meeting_status_key(m->status)));
			json_object_set_new(x, "sequence", json_integer(m->sequence));
			json_array_append_new(list, x);
		}
		cli_print_json(stdout, json_pack("{s:s, s:o}", "plan", p.slug, "meetings", list), 0);
		return EXIT_OK;
	}
	printf(_("%s — séances des instances\n"), p.title);
	for (size_t i = 0; i < count; i++) {
		const meeting *m = &all[i];
		printf("  %s", fr(m->date, day));
		if (m->start_minute >= 0)
			printf(" %s", start_text(m->start_minute, start));
		printf(" — %s — %s", m->instance_name, meeting_status_label(m->status));
		if (m->place)
			printf(" — %s", m->place);
		if (m->video_url)
			printf(" — %s", m->video_url);
		putchar('\n');
	}
	if (!count)
		printf(_("  aucune séance\n"));
	return EXIT_OK;
}

/* ---- decisions ---------------------------------------------------------------------- */

static bool option_date(const char *text, jalon_date *out)
{
	const char *why;
	*out = DATE_NONE;
	return !text || date_parse(text, out, &why);
}

int cmd_decisions(cli_context *ctx, int argc, char **argv)
{
	static const cli_option table[] = {
		CLI_VALUE(list_options, search, "search"),
		CLI_VALUE(list_options, kind, "kind"),
		CLI_VALUE(list_options, instance, "instance"),
		CLI_VALUE(list_options, from, "from"),
		CLI_VALUE(list_options, to, "to"),
		CLI_VALUE(list_options, format, "format"),
		{0},
	};
	list_options o = {0};
	bool json;
	int status;
	int first = list_parse(ctx, argc, argv, table, &o, &json, &status);
	if (first < 0)
		return status;
	decision_filter f = {.query = o.search, .kind = -1};
	decision_kind kind;
	if (o.kind) {
		if (!decision_kind_parse(o.kind, &kind))
			return cli_usage_error(argv[0], _("type de décision inconnu « %s » (validation, "
			                                  "arbitrage, report, abandon, budget, autre)"),
			                       o.kind);
		f.kind = (int)kind;
	}
	if (!option_date(o.from, &f.from))
		return cli_usage_error(argv[0], _("date invalide « %s »"), o.from);
	if (!option_date(o.to, &f.to))
		return cli_usage_error(argv[0], _("date invalide « %s »"), o.to);
	plan p;
	store *s = cli_open_plan(ctx, argv[first], &p);
	if (!s)
		return EXIT_INPUT;
	if (o.instance && !(f.instance_id = instance_named(ctx, s, &p, o.instance))) {
		store_close(s);
		return EXIT_INPUT;
	}
	decision *all;
	size_t count;
	store_result r = store_decisions_search(s, ctx->arena, &p, &f, &all, &count, &ctx->diags);
	store_close(s);
	if (r != STORE_OK)
		return EXIT_INPUT;
	char day[11];
	if (json) {
		json_t *list = json_array();
		for (size_t i = 0; i < count; i++) {
			const decision *d = &all[i];
			json_t *elements = json_array();
			for (size_t k = 0; k < d->element_count; k++)
				json_array_append_new(elements, json_string(d->elements[k]->code));
			json_t *x = json_object();
			json_object_set_new(x, "id", json_integer(d->id));
			json_object_set_new(x, "meeting_id", json_integer(d->meeting_id));
			json_object_set_new(x, "date", day_json(d->meeting_date));
			json_object_set_new(x, "instance", text_json(d->instance_name));
			json_object_set_new(x, "kind", json_string(decision_kind_key(d->kind)));
			json_object_set_new(x, "text", json_string(d->text));
			json_object_set_new(x, "elements", elements);
			json_object_set_new(x, "effect", text_json(decision_effect_key(d->effect)));
			json_object_set_new(x, "effect_summary", text_json(d->effect_summary));
			json_array_append_new(list, x);
		}
		cli_print_json(stdout, json_pack("{s:s, s:o}", "plan", p.slug, "decisions", list), 0);
		return EXIT_OK;
	}
	printf(_("%s — relevé des décisions\n"), p.title);
	for (size_t i = 0; i < count; i++) {
		const decision *d = &all[i];
		printf("  %s — %s — %s : %s", fr(d->meeting_date, day), d->instance_name,
		       decision_kind_label(d->kind), d->text);
		if (d->element_count) {
			printf(" [");
			for (size_t k = 0; k < d->element_count; k++)
				printf("%s%s", k ? ", " : "", d->elements[k]->code);
			putchar(']');
		}
		putchar('\n');
		if (d->effect_summary)
			printf("    → %s\n", d->effect_summary);
	}
	if (!count)
		printf(_("  aucune décision\n"));
	return EXIT_OK;
}

/* ---- actions ------------------------------------------------------------------------ */

int cmd_actions(cli_context *ctx, int argc, char **argv)
{
	static const cli_option table[] = {
		CLI_VALUE(list_options, owner, "owner"),
		CLI_FLAG(list_options, open_only, "open"),
		CLI_VALUE(list_options, today, "today"),
		CLI_VALUE(list_options, format, "format"),
		{0},
	};
	list_options o = {0};
	bool json;
	int status;
	int first = list_parse(ctx, argc, argv, table, &o, &json, &status);
	if (first < 0)
		return status;
	jalon_date today;
	if (!cli_parse_today(argv[0], o.today, &today, &status))
		return status;
	plan p;
	store *s = cli_open_plan(ctx, argv[first], &p);
	if (!s)
		return EXIT_INPUT;
	action_filter f = {.owner = o.owner, .open_only = o.open_only};
	action_item *all;
	size_t count;
	store_result r = store_action_items_load(s, ctx->arena, &p, &f, &all, &count, &ctx->diags);
	store_close(s);
	if (r != STORE_OK)
		return EXIT_INPUT;
	char day[11], due[11];
	if (json) {
		json_t *list = json_array();
		for (size_t i = 0; i < count; i++) {
			const action_item *a = &all[i];
			json_t *x = json_object();
			json_object_set_new(x, "id", json_integer(a->id));
			json_object_set_new(x, "text", json_string(a->text));
			json_object_set_new(x, "owner", text_json(a->owner));
			json_object_set_new(x, "due", day_json(a->due));
			json_object_set_new(x, "status", json_string(action_status_key(a->status)));
			json_object_set_new(x, "overdue", json_boolean(action_item_overdue(a, today)));
			json_object_set_new(x, "element", a->element ? json_string(a->element->code) :
			                                               json_null());
			json_object_set_new(x, "meeting", a->meeting_id ?
				json_pack("{s:I, s:o, s:o}", "id", (json_int_t)a->meeting_id, "date",
				          day_json(a->meeting_date), "instance", text_json(a->instance_name)) :
				json_null());
			json_object_set_new(x, "created_on", day_json(a->created_on));
			json_object_set_new(x, "closed_on", day_json(a->closed_on));
			json_array_append_new(list, x);
		}
		cli_print_json(stdout, json_pack("{s:s, s:o, s:o}", "plan", p.slug, "today", day_json(today),
		                     "actions", list), 0);
		return EXIT_OK;
	}
	printf(_("%s — actions au %s\n"), p.title, fr(today, day));
	for (size_t i = 0; i < count; i++) {
		const action_item *a = &all[i];
		printf("  %s", a->text);
		if (a->owner)
			printf(" — %s", a->owner);
		if (date_is_set(a->due))
			printf(_(" — échéance %s"), fr(a->due, due));
		printf(" — %s", action_status_label(a->status));
		if (action_item_overdue(a, today))
			printf(_(", en retard"));
		if (a->element)
			printf(" [%s]", a->element->code);
		if (a->meeting_id)
			printf(_(" (%s du %s)"), a->instance_name ? a->instance_name : "",
			       fr(a->meeting_date, day));
		putchar('\n');
	}
	if (!count)
		printf(_("  aucune action\n"));
	return EXIT_OK;
}
