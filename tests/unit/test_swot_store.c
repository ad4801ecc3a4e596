/*
 * test_swot_store.c — unit tests for SWOT tables (core/swot.c, store/swot_store.c).
 *
 * What a user would check: the quadrants read as people type them; a table saved is
 * read back in order, the plan's and each element's apart; the journal says what
 * changed per quadrant; a stale version or a bad entry is refused by quadrant and
 * rank and writes nothing; an import replaces the tables it names, all or nothing.
 */
#include "store_fixture.h"
#include "core/swot.h"
#include "store/swot_store.h"
#include "util/text.h"

static const char sample_csv[] =
	"code;parent;niveau;intitule\n"
	"AX1;;Axe;Usagers\n"
	"P1;AX1;Projet;Portail\n"
	"P2;AX1;Projet;Réseau\n";

static int setup(void **state)
{
	return fixture_setup_plan(state, "swot", sample_csv);
}

static const char *dump(fixture *f)
{
	static const char *const tables[] = {"swot_entry", "change_log"};
	return dump_tables(f, tables, 2, "1");
}

static void expect_diag(fixture *f, const char *field, int line, const char *text)
{
	for (size_t i = 0; i < f->d.count; i++) {
		const diag_entry *x = &f->d.items[i];
		if (x->file && strcmp(x->file, field) == 0 && x->line == line && strstr(x->message, text))
			return;
	}
	print_diags(&f->d);
	fail_msg("no diag on %s:%d containing « %s »", field, line, text);
}

/* A table from up to four "|"-separated lists (NULL or "": empty quadrant). */
static swot_table table_of(fixture *f, const char *s, const char *w, const char *o,
                           const char *t)
{
	swot_table table = {0};
	const char *lists[SWOT_QUADRANT_COUNT] = {s, w, o, t};
	for (int q = 0; q < SWOT_QUADRANT_COUNT; q++)
		if (lists[q] && *lists[q])
			table.count[q] = text_split(f->a, lists[q], '|', (char ***)&table.entries[q]);
	return table;
}

static const char *table_text(fixture *f, const swot_table *t)
{
	buf out = {0};
	for (int q = 0; q < SWOT_QUADRANT_COUNT; q++) {
		buf_printf(&out, "%s:", swot_quadrant_key((swot_quadrant)q));
		for (size_t i = 0; i < t->count[q]; i++)
			buf_printf(&out, " [%s]", t->entries[q][i]);
		buf_putc(&out, '\n');
	}
	char *text = arena_strdup(f->a, out.data);
	buf_free(&out);
	return text;
}

static void test_quadrant_parse(void **state)
{
	(void)state;
	static const struct {
		const char *text;
		swot_quadrant q;
	} ok[] = {
		{"forces", SWOT_STRENGTHS}, {"Force", SWOT_STRENGTHS}, {"Strengths", SWOT_STRENGTHS},
		{"FAIBLESSES", SWOT_WEAKNESSES}, {"weakness", SWOT_WEAKNESSES},
		{"opportunités", SWOT_OPPORTUNITIES}, {"Opportunites", SWOT_OPPORTUNITIES},
		{"menaces", SWOT_THREATS}, {"threats", SWOT_THREATS}, {"T", SWOT_THREATS},
	};
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		swot_quadrant q;
		if (!swot_quadrant_parse(ok[i].text, &q) || q != ok[i].q)
			fail_msg("%s", ok[i].text);
	}
	swot_quadrant q;
	assert_false(swot_quadrant_parse("risques", &q));
	assert_false(swot_quadrant_parse("", &q));
	assert_false(swot_quadrant_parse(NULL, &q));
	assert_string_equal(swot_quadrant_key(SWOT_OPPORTUNITIES), "opportunites");
	assert_string_equal(swot_quadrant_label(SWOT_OPPORTUNITIES), "opportunités");
}

static void test_replace_and_load(void **state)
{
	fixture *f = *state;
	swot_table t;
	assert_true(store_swot_load(f->s, f->a, f->p, NULL, &t, &f->d));
	assert_int_equal(t.version, 0);
	assert_int_equal(swot_table_size(&t), 0);

	swot_table plan_table = table_of(f, "Équipe soudée|Soutien de la présidence", "Dette technique",
	                                 NULL, "Budget incertain");
	assert_int_equal(store_swot_replace(f->s, f->p, NULL, &plan_table, 0, &f->d), STORE_OK);
	assert_int_equal(plan_table.version, 1);
	swot_table element_table = table_of(f, NULL, NULL, "France 2030", NULL);
	assert_int_equal(store_swot_replace(f->s, f->p, element(f->p, "P2"), &element_table, 0,
	                                    &f->d), STORE_OK);

	assert_true(store_swot_load(f->s, f->a, f->p, NULL, &t, &f->d));
	assert_int_equal(t.version, 1);
	assert_string_equal(table_text(f, &t),
	                    "forces: [Équipe soudée] [Soutien de la présidence]\n"
	                    "faiblesses: [Dette technique]\nopportunites:\nmenaces: [Budget incertain]\n");
	assert_true(store_swot_load(f->s, f->a, f->p, element(f->p, "P2"), &t, &f->d));
	assert_string_equal(table_text(f, &t),
	                    "forces:\nfaiblesses:\nopportunites: [France 2030]\nmenaces:\n");
	assert_string_equal(t.element_code, "P2");

	/* All tables: the plan's, then P2's; P1 and AX1 have none. */
	swot_table *all;
	size_t n;
	assert_true(store_swot_load_all(f->s, f->a, f->p, &all, &n, &f->d));
	assert_int_equal(n, 2);
	assert_int_equal(all[0].element_id, 0);
	assert_int_equal(swot_table_size(&all[0]), 4);
	assert_string_equal(all[1].element_code, "P2");
	assert_int_equal(swot_table_size(&all[1]), 1);

	/* Second version of the plan's table: reordered forces, one threat less. */
	swot_table again = table_of(f, "Soutien de la présidence|Équipe soudée", "Dette technique",
	                            NULL, NULL);
	assert_int_equal(store_swot_replace(f->s, f->p, NULL, &again, 1, &f->d), STORE_OK);
	assert_int_equal(again.version, 2);
	assert_string_equal(rows_text(f, "SELECT coalesce(element_code, '-'), action,"
	                                 " coalesce(field, '-'), coalesce(old_value, '-'),"
	                                 " new_value FROM change_log WHERE entity = 'swot'"
	                                 " ORDER BY id DESC LIMIT 3"),
	                    "-|update|menaces|Budget incertain|∅\n"
	                    "-|update|forces|Équipe soudée|Soutien de la présidence|"
	                    "Soutien de la présidence|Équipe soudée\n"
	                    "-|update|-|-|SWOT : 2 forces, 1 faiblesses, 0 opportunités, 0 menaces\n");
}

static void test_refusals_write_nothing(void **state)
{
	fixture *f = *state;
	swot_table t = table_of(f, "Une force", NULL, NULL, NULL);
	assert_int_equal(store_swot_replace(f->s, f->p, NULL, &t, 0, &f->d), STORE_OK);
	const char *before = dump(f);
	/* Stale version. */
	swot_table stale = table_of(f, "Autre", NULL, NULL, NULL);
	assert_int_equal(store_swot_replace(f->s, f->p, NULL, &stale, 0, &f->d), STORE_CONFLICT);
	expect_diag(f, "version", 0, "modifié entre-temps");
	assert_string_equal(dump(f), before);
	f->d.count = 0;
	/* Empty entry, entry on two lines, entry too long: by quadrant and rank. */
	swot_table bad = table_of(f, "Bien", NULL, "Ligne une\nLigne deux", NULL);
	const char *empty[] = {"Une", ""};
	bad.entries[SWOT_WEAKNESSES] = empty;
	bad.count[SWOT_WEAKNESSES] = 2;
	char *long_entry = arena_alloc(f->a, SWOT_ENTRY_MAX + 2);
	memset(long_entry, 'x', SWOT_ENTRY_MAX + 1);
	const char *longs[] = {long_entry};
	bad.entries[SWOT_THREATS] = longs;
	bad.count[SWOT_THREATS] = 1;
	assert_int_equal(store_swot_replace(f->s, f->p, NULL, &bad, 1, &f->d), STORE_INVALID);
	expect_diag(f, "faiblesses", 2, "vide");
	expect_diag(f, "opportunites", 1, "plusieurs lignes");
	expect_diag(f, "menaces", 1, "trop longue");
	assert_int_equal(f->d.count, 3);
	assert_string_equal(dump(f), before);
}

static void test_import(void **state)
{
	fixture *f = *state;
	swot_table keep = table_of(f, NULL, "Faible", NULL, NULL);
	assert_int_equal(store_swot_replace(f->s, f->p, element(f->p, "P1"), &keep, 0, &f->d),
	                 STORE_OK);
	swot_table tables[2] = {table_of(f, "A|B", NULL, NULL, NULL),
	                        table_of(f, NULL, NULL, NULL, "C")};
	tables[1].element_id = element(f->p, "P2")->id;
	assert_true(store_swot_import(f->s, f->p, tables, 2, &f->d));
	swot_table *all;
	size_t n;
	assert_true(store_swot_load_all(f->s, f->a, f->p, &all, &n, &f->d));
	assert_int_equal(n, 3); /* the plan's, P1's kept, P2's */
	assert_string_equal(all[1].element_code, "P1");
	assert_string_equal(all[2].element_code, "P2");
	assert_string_equal(rows_text(f, "SELECT action, new_value FROM change_log"
	                                 " WHERE entity = 'swot' ORDER BY id DESC LIMIT 1"),
	                    "import|3 entrées SWOT dans 2 tableaux\n");
	/* A bad table refuses the whole import. */
	const char *before = dump(f);
	swot_table bad[2] = {table_of(f, "Nouveau", NULL, NULL, NULL),
	                     table_of(f, NULL, NULL, NULL, "x")};
	const char *blank[] = {""};
	bad[1].entries[SWOT_THREATS] = blank;
	assert_false(store_swot_import(f->s, f->p, bad, 2, &f->d));
	assert_string_equal(dump(f), before);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, fixture_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_quadrant_parse),
		T(test_replace_and_load),
		T(test_refusals_write_nothing),
		T(test_import),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
