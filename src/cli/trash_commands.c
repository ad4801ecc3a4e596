/*
 * trash_commands.c — `jalon trash PLAN`: the branches deleted from a plan, waiting in its
 * trash (store/trash_store.h); with --restore ID, one put back whole; with --empty, the
 * trash emptied for good. The command line has every right, as `jalon ui` does.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "store/trash_store.h"
#include "util/format_fr.h"
#include "util/i18n.h"

typedef struct {
	const char *format, *restore;
	bool empty;
} trash_options;

static const cli_option trash_table[] = {
	CLI_VALUE(trash_options, format, "format"),
	CLI_VALUE(trash_options, restore, "restore"),
	CLI_FLAG(trash_options, empty, "empty"),
	{0},
};

static json_t *entry_json(const trash_entry *e)
{
	return json_pack("{s:I, s:I, s:s, s:s, s:s, s:o, s:o, s:I, s:I, s:s, s:o}",
	                 "id", (json_int_t)e->id, "element_id", (json_int_t)e->element_id,
	                 "code", e->code, "level", e->level, "title", e->title,
	                 "parent_id", e->parent_id ? json_integer(e->parent_id) : json_null(),
	                 "parent_code", e->parent_code ? json_string(e->parent_code) : json_null(),
	                 "element_count", (json_int_t)e->element_count,
	                 "row_count", (json_int_t)e->row_count, "deleted_at", e->deleted_at,
	                 "deleted_by", e->deleted_by ? json_string(e->deleted_by) : json_null());
}

static int trash_list(cli_context *ctx, store *s, const plan *p, bool json)
{
	trash_entry *items = NULL;
	size_t count = 0;
	if (!store_trash_list(s, ctx->arena, p->id, &items, &count, &ctx->diags))
		return EXIT_INPUT;
	if (json) {
		json_t *list = json_array();
		for (size_t i = 0; i < count; i++)
			json_array_append_new(list, entry_json(&items[i]));
		cli_print_json(stdout, list, 0);
		return EXIT_OK;
	}
	if (count == 0) {
		printf("%s\n", _("La corbeille est vide."));
		return EXIT_OK;
	}
	for (size_t i = 0; i < count; i++) {
		const trash_entry *e = &items[i];
		const char *parent = !e->parent_id      ? _("racine")
		                     : e->parent_code ? e->parent_code
		                                      : _("parent supprimé");
		printf("%lld  %s  %s  (%s, ", (long long)e->id, e->code, e->title, e->level);
		printf(i18n_count("%zu élément", "%zu éléments", e->element_count), e->element_count);
		printf(", ");
		printf(i18n_count("%zu ligne", "%zu lignes", e->row_count), e->row_count);
		printf(_(") sous %s, supprimé le %s par %s\n"), parent,
		       format_fr_stamp(ctx->arena, e->deleted_at), e->deleted_by ? e->deleted_by : "—");
	}
	return EXIT_OK;
}

int cmd_trash(cli_context *ctx, int argc, char **argv)
{
	trash_options o = {0};
	int status;
	bool json;
	int first = cli_parse_table(ctx, argc, argv, trash_table, &o, 1,
	                            _("un identifiant de plan est attendu%s"), &status);
	if (first < 0)
		return status;
	if (!cli_format_is_json(argv[0], o.format, &json, &status))
		return status;
	if (o.restore && o.empty)
		return cli_usage_error(argv[0], _("--restore et --empty s'excluent%s"), "");
	int64_t id = 0;
	if (o.restore) {
		char *end = NULL;
		long long v = strtoll(o.restore, &end, 10);
		if (!*o.restore || *end || v <= 0)
			return cli_usage_error(argv[0], _("--restore attend le numéro d'une entrée de la "
			                                  "corbeille, pas « %s »"),
			                       o.restore);
		id = v;
	}
	plan p;
	store *s = cli_open_plan(ctx, argv[first], &p);
	if (!s)
		return EXIT_INPUT;
	int result = EXIT_OK;
	if (o.restore) {
		trash_entry entry;
		store_result r = store_trash_get(s, ctx->arena, p.id, id, &entry, &ctx->diags);
		if (r == STORE_OK)
			r = store_trash_restore(s, p.id, id, &ctx->diags);
		if (r == STORE_OK) {
			printf(i18n_count("%s restauré dans le plan « %s » : %zu élément\n",
			                  "%s restauré dans le plan « %s » : %zu éléments\n",
			                  entry.element_count),
			       entry.code, p.slug, entry.element_count);
		} else {
			result = EXIT_INPUT;
		}
	} else if (o.empty) {
		size_t removed = 0;
		if (store_trash_empty(s, p.id, &removed, &ctx->diags))
			printf(i18n_count("%zu branche supprimée définitivement\n",
			                  "%zu branches supprimées définitivement\n", removed),
			       removed);
		else
			result = EXIT_INPUT;
	} else {
		result = trash_list(ctx, s, &p, json);
	}
	store_close(s);
	return result;
}
