/*
 * test_report.c — unit tests for report/report.c: the model of the steering report on a
 * tiny hand-made plan (sections in order, figures exact to the cent, weather, the
 * budget crossed by year, nature and source, the top risk, the next meeting's points
 * for decision, open and overdue action items), the summary table, French spacing, and
 * the two renderers giving a PDF and a workbook of that model.
 */
#include "store_fixture.h"

#include "report/report.h"
#include "report/report_pdf.h"
#include "report/report_xlsx.h"

static const char sample_csv[] =
	"code;parent;niveau;intitule;debut;fin;porteur;partenaires\n"
	"A;;Axe;Usagers;2025-01-01;2026-12-31;VP;\n"
	"A.1;A;Projet;Portail;2025-02-01;2025-12-31;DSI;Scolarité|BU\n"
	"A.2;A;Projet;Appli;2025-03-01;2026-06-30;;\n"
	"B;;Axe;Réseau;2025-01-01;2025-12-31;DSI;\n";

static int setup(void **state)
{
	if (fixture_setup_plan(state, "report", sample_csv) != 0)
		return -1;
	fixture *f = *state;
	exec_ok(f->s->sqlite,
	        "UPDATE plan SET envelope_cents = 100000000;"
	        "INSERT INTO budget_line (element_id, year, nature, source, planned_cents, committed_cents, paid_cents)"
	        "  SELECT id, 2025, 'investissement', 'État', 123456, 100000, 50000 FROM element WHERE code = 'A.1';"
	        "INSERT INTO budget_line (element_id, year, nature, source, planned_cents, committed_cents, paid_cents)"
	        "  SELECT id, 2026, 'fonctionnement', 'Région', 200000, 0, 0 FROM element WHERE code = 'A.2';"
	        "INSERT INTO element_status (element_id, progress_pct, weather) SELECT id, 50, 'orage' FROM element WHERE code = 'A';"
	        "INSERT INTO milestone (element_id, position, title, planned_on, status)"
	        "  SELECT id, 1, 'Recette', '2025-06-30', 'a-venir' FROM element WHERE code = 'A.1';"
	        "INSERT INTO risk (element_id, description, probability, impact, status)"
	        "  SELECT id, 'Retard du prestataire', 3, 4, 'ouvert' FROM element WHERE code = 'A.2';"
	        "INSERT INTO instance (plan_id, kind, name, position) SELECT id, 'pilotage', 'COPIL', 1 FROM plan;"
	        "INSERT INTO meeting (instance_id, held_on, status) SELECT id, '2025-09-01', 'prevue' FROM instance;"
	        "INSERT INTO agenda_item (meeting_id, position, title, for_decision)"
	        "  SELECT id, 1, 'Choix du prestataire', 1 FROM meeting;"
	        "INSERT INTO agenda_item (meeting_id, position, title, for_decision)"
	        "  SELECT id, 2, 'Information', 0 FROM meeting;"
	        "INSERT INTO action_item (plan_id, text, owner, due_on, status, created_on)"
	        "  SELECT id, 'Relancer', 'Ana', '2025-07-01', 'a-faire', '2025-06-01' FROM plan;"
	        "INSERT INTO action_item (plan_id, text, owner, due_on, status, created_on, closed_on)"
	        "  SELECT id, 'Fini', 'Bob', '2025-05-01', 'faite', '2025-04-01', '2025-05-02' FROM plan;");
	return 0;
}

static const jalon_date TODAY = {2025, 7, 15};

static report build(fixture *f)
{
	report r;
	bool not_found = true;
	if (!report_build_plan(f->s, f->a, "sdn", TODAY, &r, &not_found, &f->d)) {
		print_diags(&f->d);
		fail_msg("report_build_plan failed");
	}
	assert_false(not_found);
	return r;
}

static const report_section *section(const report *r, const char *id)
{
	for (size_t i = 0; i < r->section_count; i++)
		if (strcmp(r->sections[i].id, id) == 0)
			return &r->sections[i];
	fail_msg("no section %s", id);
	return NULL;
}

static const report_cell *figure(const report_section *s, const char *label)
{
	for (size_t i = 0; i < s->figure_count; i++)
		if (strcmp(s->figures[i].label, label) == 0)
			return &s->figures[i].value;
	fail_msg("no figure %s", label);
	return NULL;
}

static const report_cell *cell(const report_table *t, size_t row, size_t col)
{
	assert_true(row < t->row_count && col < t->column_count);
	return &t->cells[row * t->column_count + col];
}

static void test_sections_in_order(void **state)
{
	fixture *f = *state;
	report r = build(f);
	static const char *ids[] = {"cover", "figures", "weather", "roadmap", "budget", "indicators",
	                            "risks", "digest", "decisions", "actions"};
	assert_int_equal(r.section_count, 10);
	for (size_t i = 0; i < 10; i++)
		assert_string_equal(r.sections[i].id, ids[i]);
	assert_string_equal(r.subtitle, "Rapport de pilotage du 15/07/2025");
	assert_string_equal(r.file_stem, "rapport-sdn-2025-07-15");
}

static void test_key_figures_exact(void **state)
{
	fixture *f = *state;
	report r = build(f);
	const report_section *s = section(&r, "figures");
	assert_int_equal(figure(s, "Enveloppe")->kind, REPORT_CELL_MONEY);
	assert_int_equal(figure(s, "Enveloppe")->integer, 100000000);
	assert_int_equal(figure(s, "Budget prévu")->integer, 323456);
	assert_int_equal(figure(s, "Engagé")->integer, 100000);
	assert_int_equal(figure(s, "Réalisé")->integer, 50000);
	assert_int_equal(figure(s, "Éléments du plan")->integer, 4);
	assert_int_equal(figure(s, "Jalons en retard")->integer, 1);
	assert_true(figure(s, "Jalons en retard")->alert);
}

static void test_weather_and_budget(void **state)
{
	fixture *f = *state;
	report r = build(f);
	const report_table *w = &section(&r, "weather")->tables[0];
	assert_int_equal(w->row_count, 2);
	assert_string_equal(cell(w, 0, 0)->text, "A");
	assert_int_equal(cell(w, 0, 2)->kind, REPORT_CELL_WEATHER);
	assert_int_equal(cell(w, 0, 2)->integer, WEATHER_STORMY);
	assert_string_equal(cell(w, 0, 2)->text, "orage");
	assert_int_equal(cell(w, 1, 2)->integer, WEATHER_UNSET);

	/* Year, nature, État, Région, total; one row per (year, nature) used, then totals. */
	const report_table *b = &section(&r, "budget")->tables[0];
	assert_int_equal(b->column_count, 5);
	assert_string_equal(b->headers[2], "État");
	assert_string_equal(b->headers[3], "Région");
	assert_int_equal(b->row_count, 3);
	assert_int_equal(cell(b, 0, 0)->integer, 2025);
	assert_true(cell(b, 0, 0)->plain);
	assert_string_equal(cell(b, 0, 1)->text, "investissement");
	assert_int_equal(cell(b, 0, 2)->integer, 123456);
	assert_int_equal(cell(b, 0, 3)->integer, 0);
	assert_int_equal(cell(b, 1, 0)->integer, 2026);
	assert_int_equal(cell(b, 1, 3)->integer, 200000);
	assert_string_equal(cell(b, 2, 0)->text, "Total");
	assert_int_equal(cell(b, 2, 4)->integer, 323456);
}

static void test_risks_decisions_actions(void **state)
{
	fixture *f = *state;
	report r = build(f);
	const report_table *k = &section(&r, "risks")->tables[0];
	assert_int_equal(k->row_count, 1);
	assert_int_equal(cell(k, 0, 4)->integer, 12);
	assert_true(cell(k, 0, 4)->alert);

	const report_section *d = section(&r, "decisions");
	assert_string_equal(d->paragraphs[0], "Prochaine séance : COPIL du 01/09/2025.");
	assert_int_equal(d->tables[0].row_count, 1); /* the point not for decision is left out */
	assert_string_equal(cell(&d->tables[0], 0, 0)->text, "Choix du prestataire");

	const report_section *a = section(&r, "actions");
	assert_int_equal(a->tables[0].row_count, 1); /* the closed one is left out */
	assert_string_equal(cell(&a->tables[0], 0, 0)->text, "Relancer");
	assert_int_equal(cell(&a->tables[0], 0, 2)->kind, REPORT_CELL_DATE);
	assert_true(cell(&a->tables[0], 0, 2)->alert);
	assert_string_equal(cell(&a->tables[0], 0, 3)->text, "à faire, en retard");
}

static void test_unknown_plan_and_meeting(void **state)
{
	fixture *f = *state;
	report r;
	bool not_found = false;
	assert_false(report_build_plan(f->s, f->a, "nope", TODAY, &r, &not_found, &f->d));
	assert_true(not_found);
	not_found = false;
	assert_false(report_build_meeting(f->s, f->a, "sdn", 999, TODAY, &r, &not_found, &f->d));
	assert_true(not_found);
}

static void test_summary(void **state)
{
	fixture *f = *state;
	summary sm;
	assert_true(summary_build(f->a, f->p, NULL, &sm, &f->d));
	assert_string_equal(sm.level, "Projet");
	assert_int_equal(sm.row_count, 2);
	assert_string_equal(sm.rows[0].element->code, "A.1");
	assert_string_equal(sm.rows[0].parent->code, "A");
	assert_int_equal(sm.rows[0].child_count, 0);
	assert_true(summary_build(f->a, f->p, "AXE", &sm, &f->d));
	assert_string_equal(sm.level, "Axe");
	assert_int_equal(sm.rows[0].child_count, 2);

	report r;
	summary_report(f->a, &sm, TODAY, &r);
	const report_table *t = &r.sections[0].tables[0];
	assert_string_equal(cell(t, 0, 3)->text, "A.1 — Portail\nA.2 — Appli");
	assert_string_equal(cell(t, 0, 4)->text, "VP");
	assert_int_equal(cell(t, 0, 5)->kind, REPORT_CELL_EMPTY);

	diag_list d;
	diag_init(&d, f->a);
	assert_false(summary_build(f->a, f->p, "Sprint", &sm, &d));
	assert_int_equal(d.count, 1);
	assert_string_equal(d.items[0].file, "level");
	assert_string_equal(d.items[0].message, "niveau inconnu « Sprint » (niveaux du plan : « Axe », « Projet »)");
}

static void test_french_spacing(void **state)
{
	fixture *f = *state;
	assert_string_equal(report_french_spacing(f->a, "Prochaine séance : « COPIL » ; fin ! ok ?"),
	                    "Prochaine séance\u00a0: «\u00a0COPIL\u00a0»\u00a0; fin\u00a0! ok\u00a0?");
	assert_string_equal(report_french_spacing(f->a, "http://x:80"), "http://x:80");
	assert_string_equal(report_french_spacing(f->a, NULL), "");
}

static void test_renderers(void **state)
{
	fixture *f = *state;
	report r = build(f);
	buf pdf = {0}, xlsx = {0};
	assert_true(report_pdf_render(&r, f->a, &pdf, &f->d));
	assert_true(pdf.len > 1000);
	assert_memory_equal(pdf.data, "%PDF-", 5);
	assert_true(report_xlsx_render(&r, f->a, &xlsx, &f->d));
	assert_true(xlsx.len > 1000);
	assert_memory_equal(xlsx.data, "PK", 2);
	buf again = {0};
	assert_true(report_pdf_render(&r, f->a, &again, &f->d));
	assert_int_equal(again.len, pdf.len);
	assert_memory_equal(again.data, pdf.data, pdf.len); /* same model, same bytes */
	buf_free(&pdf);
	buf_free(&xlsx);
	buf_free(&again);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, fixture_teardown)

/* This program draws PDFs, which loads fontconfig and its own small leak: the
 * LeakSanitizer options of tests/lsan.supp, built in (full stacks, and the suppression).
 * Read by the sanitizer runtime only; unused in a build without it. */
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
	return "fast_unwind_on_malloc=0";
}

const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
	return "leak:libfontconfig.so\n";
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_sections_in_order),
		T(test_key_figures_exact),
		T(test_weather_and_budget),
		T(test_risks_decisions_actions),
		T(test_unknown_plan_and_meeting),
		T(test_summary),
		T(test_french_spacing),
		T(test_renderers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
