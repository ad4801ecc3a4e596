/*
 * test_plan_version.c — unit tests for the plan's own life (store/version_store.c)
 * and the comparison of two versions (core/plan_compare.c).
 *
 * What a user would check: every move of the status workflow allowed or refused with
 * the allowed ones named; adoption needs its date and body; a revision copies every
 * table listed in version_store.h (same counts, same rows by code), keeps the
 * lineage and leaves measurements behind; adopting it closes the version it revises;
 * a refused revision or status writes nothing; the comparison reports exactly the
 * added, removed, moved and changed elements, through a renamed code too.
 */
#include "store_fixture.h"
#include "core/plan_compare.h"
#include "store/swot_store.h"
#include "store/version_store.h"

static const char sample_csv[] =
	"code;parent;niveau;intitule;partenaires;contribue_a;budget;Priorité DSI\n"
	"AX1;;Axe;Usagers;;;;haute\n"
	"P1;AX1;Projet;Portail;Région|CROUS;;100000;\n"
	"P2;AX1;Projet;Réseau;;P1;;basse\n"
	"AX2;;Axe;Recherche;;;;\n"
	"P3;AX2;Projet;Calcul;;;;\n";

static int setup(void **state)
{
	return fixture_setup_plan(state, "version", sample_csv);
}

/* Everything a refused write must leave as it was. */
static const char *dump(fixture *f)
{
	static const char *const tables[] = {"plan", "element", "milestone", "swot_entry",
	                                     "indicator", "change_log"};
	return dump_tables(f, tables, sizeof(tables) / sizeof(tables[0]), "1");
}

static void expect_diag(fixture *f, const char *field, const char *text)
{
	for (size_t i = 0; i < f->d.count; i++) {
		const diag_entry *x = &f->d.items[i];
		bool same_field = field ? x->file && strcmp(x->file, field) == 0 : x->file == NULL;
		if (same_field && strstr(x->message, text))
			return;
	}
	print_diags(&f->d);
	fail_msg("no diag on %s containing « %s »", field ? field : "(none)", text);
}

static void clear_diags(fixture *f)
{
	f->d.count = 0;
	f->d.dropped = 0;
}

static plan_adoption adoption_record(void)
{
	plan_adoption r = {.body = "Conseil d'administration", .number = "2026-14",
	                   .votes_for = 28, .votes_against = 2, .abstentions = 3};
	const char *why;
	assert_true(date_parse("2026-03-12", &r.date, &why));
	return r;
}

static void set_status_ok(fixture *f, plan *p, plan_status to)
{
	plan_adoption r = adoption_record();
	store_result res = store_plan_set_status(f->s, p, to, &r, &f->d);
	if (res != STORE_OK) {
		print_diags(&f->d);
		fail_msg("set status %s: %d", plan_status_key(to), res);
	}
}

static void adopt(fixture *f, plan *p)
{
	set_status_ok(f, p, PLAN_STATUS_CONSULTATION);
	set_status_ok(f, p, PLAN_STATUS_ADOPTED);
}

/* ---- the workflow ------------------------------------------------------------------------ */

static void test_transition_graph(void **state)
{
	(void)state;
	/* Rows: from; columns: to (brouillon, consultation, adopté, révision, clos). */
	static const bool allowed[PLAN_STATUS_COUNT][PLAN_STATUS_COUNT] = {
		[PLAN_STATUS_DRAFT] = {0, 1, 0, 0, 0},
		[PLAN_STATUS_CONSULTATION] = {1, 0, 1, 0, 0},
		[PLAN_STATUS_ADOPTED] = {0, 0, 0, 1, 1},
		[PLAN_STATUS_REVISION] = {0, 0, 1, 0, 1},
		[PLAN_STATUS_CLOSED] = {0, 0, 0, 0, 0},
	};
	for (int from = 0; from < PLAN_STATUS_COUNT; from++)
		for (int to = 0; to < PLAN_STATUS_COUNT; to++)
			if (plan_transition_allowed(from, to) != allowed[from][to])
				fail_msg("%s → %s", plan_status_key(from), plan_status_key(to));
}

/* Every pair through the store: the allowed ones pass, the others are refused on
 * field "status" naming what is allowed, and write nothing. */
static void test_transitions_in_store(void **state)
{
	fixture *f = *state;
	plan_adoption r = adoption_record();
	for (int from = 0; from < PLAN_STATUS_COUNT; from++) {
		for (int to = 0; to < PLAN_STATUS_COUNT; to++) {
			char sql[96];
			snprintf(sql, sizeof(sql), "UPDATE plan SET status = '%s' WHERE slug = 'sdn'",
			         plan_status_key(from));
			exec_ok(f->s->sqlite, sql);
			plan *p = load_ok(f, "sdn");
			const char *before = dump(f);
			store_result res = store_plan_set_status(f->s, p, to, &r, &f->d);
			if (plan_transition_allowed(from, to)) {
				assert_int_equal(res, STORE_OK);
				assert_int_equal(load_ok(f, "sdn")->status, to);
			} else {
				assert_int_equal(res, STORE_INVALID);
				expect_diag(f, "status", from == PLAN_STATUS_CLOSED ? "est clos : son statut ne change plus"
				                                                   : "ne peut pas passer");
				assert_string_equal(dump(f), before);
			}
			clear_diags(f);
		}
	}
	exec_ok(f->s->sqlite, "UPDATE plan SET status = 'brouillon' WHERE slug = 'sdn'");
	plan *p = load_ok(f, "sdn");
	assert_int_equal(store_plan_set_status(f->s, p, PLAN_STATUS_ADOPTED, &r, &f->d),
	                 STORE_INVALID);
	expect_diag(f, "status", "statuts possibles : « en consultation »");
}

static void test_adoption_record_required(void **state)
{
	fixture *f = *state;
	plan *p = f->p;
	set_status_ok(f, p, PLAN_STATUS_CONSULTATION);
	const char *before = dump(f);
	plan_adoption empty = {0};
	assert_int_equal(store_plan_set_status(f->s, p, PLAN_STATUS_ADOPTED, &empty, &f->d),
	                 STORE_INVALID);
	expect_diag(f, "adopted_on", "date");
	expect_diag(f, "adopted_by", "instance");
	assert_string_equal(dump(f), before);
	clear_diags(f);
	/* Date and body suffice. */
	plan_adoption minimal = {.body = "CA"};
	const char *why;
	assert_true(date_parse("2026-03-12", &minimal.date, &why));
	assert_int_equal(store_plan_set_status(f->s, p, PLAN_STATUS_ADOPTED, &minimal, &f->d),
	                 STORE_OK);
	plan *back = load_ok(f, "sdn");
	assert_int_equal(back->status, PLAN_STATUS_ADOPTED);
	assert_true(back->adoption.recorded);
	assert_string_equal(back->adoption.body, "CA");
	assert_string_equal(rows_text(f, "SELECT field, old_value, new_value FROM change_log"
	                                 " WHERE action = 'update' ORDER BY id"),
	                    "status|brouillon|en-consultation\n"
	                    "status|en-consultation|adopte\n"
	                    "adopted_on|∅|2026-03-12\n"
	                    "adopted_by|∅|CA\n"
	                    "votes_for|∅|0\nvotes_against|∅|0\nabstentions|∅|0\n");
}

/* A stale plan (its status changed since it was loaded) is a conflict. */
static void test_status_conflict(void **state)
{
	fixture *f = *state;
	plan *stale = load_ok(f, "sdn");
	set_status_ok(f, f->p, PLAN_STATUS_CONSULTATION);
	const char *before = dump(f);
	assert_int_equal(store_plan_set_status(f->s, stale, PLAN_STATUS_CONSULTATION, NULL, &f->d),
	                 STORE_CONFLICT);
	expect_diag(f, "status", "entre-temps");
	assert_string_equal(dump(f), before);
}

/* ---- revisions ------------------------------------------------------------------------------ */

/* Steering data, SWOT tables, indicators and a measurement on plan sdn. */
static void fill_plan(fixture *f)
{
	exec_ok(f->s->sqlite,
		"INSERT INTO milestone (element_id, position, title, planned_on)"
		" SELECT id, 0, 'Recette', '2026-06-01' FROM element WHERE code = 'P1';"
		"INSERT INTO milestone (element_id, position, title, planned_on)"
		" SELECT id, 1, 'Mise en production', '2026-09-01' FROM element WHERE code = 'P1';"
		"INSERT INTO milestone_dependency SELECT a.id, b.id FROM milestone a, milestone b"
		" WHERE a.title = 'Recette' AND b.title = 'Mise en production';"
		"INSERT INTO budget_line (element_id, year, nature, source, planned_cents)"
		" SELECT id, 2026, 'investissement', 'État', 5000000 FROM element WHERE code = 'P2';"
		"INSERT INTO risk (element_id, description, probability, impact)"
		" SELECT id, 'Retard du marché', 3, 2 FROM element WHERE code = 'P3';"
		"INSERT INTO element_dependency SELECT a.id, b.id FROM element a, element b"
		" WHERE a.code = 'P1' AND b.code = 'P3';"
		"INSERT INTO element_qualification (element_id, nature, project_type)"
		" SELECT id, 'quick-win', 'projet-phare' FROM element WHERE code = 'P1';"
		"INSERT INTO element_score SELECT id, 'impact', 4 FROM element WHERE code = 'P1';"
		"INSERT INTO element_status (element_id, progress_pct, weather, phase)"
		" SELECT id, 40, 'nuage', 'recette' FROM element WHERE code = 'P2';"
		"INSERT INTO swot_entry (plan_id, element_id, quadrant, position, text)"
		" SELECT plan_id, NULL, 'forces', 0, 'Équipe soudée' FROM element WHERE code = 'P1';"
		"INSERT INTO swot_entry (plan_id, element_id, quadrant, position, text)"
		" SELECT plan_id, id, 'menaces', 0, 'Budget incertain' FROM element WHERE code = 'P2';"
		"INSERT INTO indicator (plan_id, position, code, name, direction, frequency)"
		" SELECT id, 0, 'I1', 'Taux de service', 'hausse', 'annuelle' FROM plan;"
		"INSERT INTO indicator_target SELECT id, '2028-12-31', 95 FROM indicator;"
		"INSERT INTO indicator_element SELECT i.id, e.id, 0 FROM indicator i, element e"
		" WHERE e.code = 'P1';"
		"INSERT INTO measurement (indicator_id, measured_on, value, entered_at)"
		" SELECT id, '2026-01-01', 80, '2026-01-01T00:00:00Z' FROM indicator;");
}

/* Per copied table, the number of rows of each plan: "old new". */
static const char *copied_counts(fixture *f, int64_t old_id, int64_t new_id)
{
	static const struct {
		const char *table, *plan_column;
	} tables[] = {
		{"element", "x.plan_id"},
		{"plan_custom_column", "x.plan_id"},
		{"funding_source", "x.plan_id"},
		{"plan_phase", "x.plan_id"},
		{"qualification_criterion", "x.plan_id"},
		{"indicator_family", "x.plan_id"},
		{"swot_entry", "x.plan_id"},
		{"indicator", "x.plan_id"},
		{"element_partner", "(SELECT plan_id FROM element WHERE id = x.element_id)"},
		{"element_contribution", "(SELECT plan_id FROM element WHERE id = x.element_id)"},
		{"element_attribute", "(SELECT plan_id FROM element WHERE id = x.element_id)"},
		{"element_status", "(SELECT plan_id FROM element WHERE id = x.element_id)"},
		{"milestone", "(SELECT plan_id FROM element WHERE id = x.element_id)"},
		{"budget_line", "(SELECT plan_id FROM element WHERE id = x.element_id)"},
		{"risk", "(SELECT plan_id FROM element WHERE id = x.element_id)"},
		{"element_dependency", "(SELECT plan_id FROM element WHERE id = x.from_element_id)"},
		{"element_qualification", "(SELECT plan_id FROM element WHERE id = x.element_id)"},
		{"element_score", "(SELECT plan_id FROM element WHERE id = x.element_id)"},
		{"milestone_dependency", "(SELECT e.plan_id FROM milestone m JOIN element e"
		                         " ON e.id = m.element_id WHERE m.id = x.from_milestone_id)"},
		{"indicator_target", "(SELECT plan_id FROM indicator WHERE id = x.indicator_id)"},
		{"indicator_element", "(SELECT plan_id FROM indicator WHERE id = x.indicator_id)"},
	};
	buf out = {0};
	for (size_t i = 0; i < sizeof(tables) / sizeof(tables[0]); i++) {
		char *sql = arena_printf(f->a,
			"SELECT (SELECT count(*) FROM %s x WHERE %s = %lld) || ' ' ||"
			" (SELECT count(*) FROM %s x WHERE %s = %lld)",
			tables[i].table, tables[i].plan_column, (long long)old_id, tables[i].table,
			tables[i].plan_column, (long long)new_id);
		const char *row = rows_text(f, sql);
		buf_printf(&out, "%s %s", tables[i].table, row);
	}
	char *text = arena_strdup(f->a, out.data);
	buf_free(&out);
	return text;
}

static void test_revision_copies_everything(void **state)
{
	fixture *f = *state;
	fill_plan(f);
	adopt(f, f->p);
	const char *created = NULL;
	assert_int_equal(store_plan_revise(f->s, f->a, f->p, NULL, &created, &f->d), STORE_OK);
	assert_string_equal(created, "sdn-v2");
	plan *old = load_ok(f, "sdn"), *rev = load_ok(f, "sdn-v2");
	assert_int_equal(old->status, PLAN_STATUS_REVISION);
	assert_int_equal(rev->status, PLAN_STATUS_DRAFT);
	assert_string_equal(rev->version_label, "v2");
	assert_false(rev->adoption.recorded);
	assert_int_equal(query(f, "SELECT previous_plan_id FROM plan WHERE slug = 'sdn-v2'"), old->id);
	/* Counts per table equal, and measurements left behind. */
	const char *counts = copied_counts(f, old->id, rev->id);
	assert_string_equal(counts,
		"element 5 5\nplan_custom_column 1 1\nfunding_source 9 9\nplan_phase 6 6\n"
		"qualification_criterion 6 6\nindicator_family 6 6\nswot_entry 2 2\nindicator 1 1\n"
		"element_partner 2 2\nelement_contribution 1 1\nelement_attribute 2 2\n"
		"element_status 1 1\nmilestone 2 2\nbudget_line 1 1\nrisk 1 1\n"
		"element_dependency 1 1\nelement_qualification 1 1\nelement_score 1 1\n"
		"milestone_dependency 1 1\nindicator_target 1 1\nindicator_element 1 1\n");
	assert_int_equal(query(f, "SELECT count(*) FROM measurement m JOIN indicator i"
	                          " ON i.id = m.indicator_id WHERE i.code = 'I1' AND i.plan_id ="
	                          " (SELECT id FROM plan WHERE slug = 'sdn-v2')"), 0);
	/* Lineage: each copy names its original, same code, same parent code. */
	assert_int_equal(query(f, "SELECT count(*) FROM element n JOIN element o"
	                          " ON o.id = n.previous_element_id AND o.code = n.code"
	                          " WHERE n.plan_id = (SELECT id FROM plan WHERE slug = 'sdn-v2')"),
	                 5);
	for (size_t i = 0; i < old->element_count; i++) {
		const plan_element *x = &old->elements[i], *y = element(rev, x->code);
		assert_int_equal(y->previous_id, x->id);
		assert_text(y->parent_code, x->parent_code);
		assert_int_equal(y->partner_count, x->partner_count);
		assert_int_equal(y->contribution_count, x->contribution_count);
		assert_text(y->attributes[0], x->attributes[0]);
		assert_int_equal(y->has_budget, x->has_budget);
	}
	/* Rows by code, identical in both plans. */
	const char *sql_milestones =
		"SELECT e.code, m.position, m.title, m.planned_on FROM milestone m JOIN element e"
		" ON e.id = m.element_id WHERE e.plan_id = %lld ORDER BY 1, 2";
	assert_string_equal(rows_text(f, arena_printf(f->a, sql_milestones, (long long)old->id)),
	                    rows_text(f, arena_printf(f->a, sql_milestones, (long long)rev->id)));
	assert_string_equal(rows_text(f, arena_printf(f->a,
		"SELECT a.title, b.title, e.plan_id FROM milestone_dependency d"
		" JOIN milestone a ON a.id = d.from_milestone_id JOIN milestone b"
		" ON b.id = d.to_milestone_id JOIN element e ON e.id = a.element_id"
		" WHERE e.plan_id = %lld", (long long)rev->id)),
		arena_printf(f->a, "Recette|Mise en production|%lld\n", (long long)rev->id));
	swot_table t;
	assert_true(store_swot_load(f->s, f->a, rev, element(rev, "P2"), &t, &f->d));
	assert_int_equal(t.count[SWOT_THREATS], 1);
	assert_string_equal(t.entries[SWOT_THREATS][0], "Budget incertain");
	/* Journals: the old plan's status and revision, the new plan's creation. */
	assert_string_equal(rows_text(f, arena_printf(f->a,
		"SELECT action, field, old_value, new_value FROM change_log WHERE plan_id = %lld"
		" ORDER BY id", (long long)rev->id)),
		"create|∅|∅|révision de « sdn » : 5 éléments\n");
	assert_string_equal(rows_text(f, arena_printf(f->a,
		"SELECT field, old_value, new_value FROM change_log WHERE plan_id = %lld"
		" AND field IN ('status', 'revision') ORDER BY id DESC LIMIT 2", (long long)old->id)),
		"revision|∅|sdn-v2\nstatus|adopte|en-revision\n");
}

static void test_revision_of_revision_and_versions(void **state)
{
	fixture *f = *state;
	adopt(f, f->p);
	const char *v2, *v3;
	assert_int_equal(store_plan_revise(f->s, f->a, f->p, "sdn-2027", &v2, &f->d), STORE_OK);
	assert_string_equal(v2, "sdn-2027");
	plan *second = load_ok(f, "sdn-2027");
	adopt(f, second);
	/* Adopting the revision closed the first version. */
	assert_int_equal(load_ok(f, "sdn")->status, PLAN_STATUS_CLOSED);
	assert_string_equal(rows_text(f, "SELECT field, old_value, new_value FROM change_log"
	                                 " WHERE plan_id = (SELECT id FROM plan WHERE slug = 'sdn')"
	                                 " ORDER BY id DESC LIMIT 1"),
	                    "status|en-revision|clos\n");
	assert_int_equal(store_plan_revise(f->s, f->a, second, NULL, &v3, &f->d), STORE_OK);
	assert_string_equal(v3, "sdn-2027-v3");
	plan *third = load_ok(f, v3);
	assert_string_equal(third->version_label, "v3");
	/* The chain, seen from the middle. */
	plan_version *versions;
	size_t n, current;
	assert_true(store_plan_versions(f->s, f->a, second, &versions, &n, &current, &f->d));
	assert_int_equal(n, 3);
	assert_int_equal(current, 1);
	assert_string_equal(versions[0].slug, "sdn");
	assert_int_equal(versions[0].status, PLAN_STATUS_CLOSED);
	assert_string_equal(versions[1].slug, "sdn-2027");
	assert_int_equal(versions[1].status, PLAN_STATUS_REVISION);
	assert_string_equal(versions[2].slug, "sdn-2027-v3");
	assert_int_equal(versions[2].status, PLAN_STATUS_DRAFT);
	/* Lineage goes back through the versions. */
	assert_int_equal(element(third, "P1")->previous_id, element(second, "P1")->id);
	assert_int_equal(element(second, "P1")->previous_id, element(f->p, "P1")->id);
}

static void test_refused_revisions_write_nothing(void **state)
{
	fixture *f = *state;
	const char *created = NULL;
	const char *before = dump(f);
	/* Not adopted. */
	assert_int_equal(store_plan_revise(f->s, f->a, f->p, NULL, &created, &f->d), STORE_INVALID);
	expect_diag(f, "status", "seul un plan adopté");
	assert_string_equal(dump(f), before);
	clear_diags(f);
	adopt(f, f->p);
	import_ok(f, sample_csv, "pris");
	before = dump(f);
	/* A slug taken, then a slug badly written. */
	assert_int_equal(store_plan_revise(f->s, f->a, f->p, "pris", &created, &f->d), STORE_INVALID);
	expect_diag(f, "slug", "déjà pris");
	assert_string_equal(dump(f), before);
	clear_diags(f);
	assert_int_equal(store_plan_revise(f->s, f->a, f->p, "Mon Plan", &created, &f->d),
	                 STORE_INVALID);
	expect_diag(f, "slug", "invalide");
	assert_string_equal(dump(f), before);
	assert_null(created);
}

/* ---- comparison --------------------------------------------------------------------------- */

static plan *parse(fixture *f, const char *csv)
{
	plan *p = arena_alloc(f->a, sizeof(*p));
	if (!plan_csv_read(f->a, "x.csv", csv, strlen(csv), NULL, p, &f->d) ||
	    !plan_link(f->a, p, "x.csv", &f->d)) {
		print_diags(&f->d);
		fail_msg("parse failed");
	}
	for (size_t i = 0; i < p->element_count; i++)
		p->elements[i].id = (int64_t)i + 1;
	return p;
}

static const char *changes_text(fixture *f, const plan_element_diff *x)
{
	buf out = {0};
	buf_printf(&out, "%s%s:", x->new_element->code, x->moved ? " moved" : "");
	for (size_t i = 0; i < x->change_count; i++)
		buf_printf(&out, " %s=%s→%s", x->changes[i].field,
		           x->changes[i].old_value ? x->changes[i].old_value : "∅",
		           x->changes[i].new_value ? x->changes[i].new_value : "∅");
	char *text = arena_strdup(f->a, out.data);
	buf_free(&out);
	return text;
}

static void test_compare_by_lineage(void **state)
{
	fixture *f = *state;
	plan *a = parse(f,
		"code;parent;niveau;intitule;budget;Priorité\n"
		"AX1;;Axe;Usagers;;\n"
		"P1;AX1;Projet;Portail;1000;haute\n"
		"P2;AX1;Projet;Réseau;;\n"
		"AX2;;Axe;Recherche;;\n"
		"P3;AX2;Projet;Calcul;;\n"
		"P4;AX2;Projet;Stockage;;\n");
	/* B: P1 renamed P1A (same lineage) with its title and custom attribute changed,
	 * P2 moved under AX2, P3's level changed, P4 removed, P5 added. */
	plan *b = parse(f,
		"code;parent;niveau;intitule;budget;Priorité\n"
		"AX1;;Axe;Usagers;;\n"
		"P1A;AX1;Projet;Portail unique;1000;basse\n"
		"AX2;;Axe;Recherche;;\n"
		"P2;AX2;Projet;Réseau;;\n"
		"P3;AX2;Action;Calcul;;\n"
		"P5;AX2;Projet;Données;;\n");
	/* Lineage of B to A (ids are 1-based ranks): AX1=1, P1=2, P2=3, AX2=4, P3=5. */
	int64_t lineage[] = {1, 2, 4, 3, 5, 0};
	for (size_t i = 0; i < b->element_count; i++)
		b->elements[i].id = 100 + (int64_t)i, b->elements[i].previous_id = lineage[i];
	plan_comparison c;
	plan_compare(f->a, a, b, &c);
	assert_int_equal(c.added_count, 1);
	assert_string_equal(c.added[0]->code, "P5");
	assert_int_equal(c.removed_count, 1);
	assert_string_equal(c.removed[0]->code, "P4");
	assert_int_equal(c.diff_count, 3);
	assert_int_equal(c.moved_count, 2);
	assert_int_equal(c.changed_count, 2);
	assert_int_equal(c.unchanged_count, 2);
	assert_string_equal(changes_text(f, &c.diffs[0]),
	                    "P1A: code=P1→P1A title=Portail→Portail unique Priorité=haute→basse");
	assert_string_equal(changes_text(f, &c.diffs[1]), "P2 moved:");
	assert_string_equal(c.diffs[1].old_parent, "AX1");
	assert_string_equal(c.diffs[1].new_parent, "AX2");
	assert_string_equal(changes_text(f, &c.diffs[2]), "P3 moved: level=Projet→Action");
	/* The other way round (A newer than B): the same matches, mirrored. */
	plan_compare(f->a, b, a, &c);
	assert_int_equal(c.added_count, 1);
	assert_string_equal(c.added[0]->code, "P4");
	assert_int_equal(c.removed_count, 1);
	assert_string_equal(c.removed[0]->code, "P5");
	assert_string_equal(changes_text(f, &c.diffs[0]),
	                    "P1: code=P1A→P1 title=Portail unique→Portail Priorité=basse→haute");
}

/* A code freed by a rename and given to a new element: lineage wins, the new element
 * is added, nothing is removed. */
static void test_compare_code_reused(void **state)
{
	fixture *f = *state;
	plan *a = parse(f, "code;parent;niveau;intitule\nA;;Axe;Un\nP1;A;Projet;Portail\n");
	plan *b = parse(f, "code;parent;niveau;intitule\nA;;Axe;Un\nP1-old;A;Projet;Portail\n"
	                   "P1;A;Projet;Nouveau portail\n");
	b->elements[0].previous_id = 1;
	b->elements[1].previous_id = 2;
	for (size_t i = 0; i < b->element_count; i++)
		b->elements[i].id = 10 + (int64_t)i;
	plan_comparison c;
	plan_compare(f->a, a, b, &c);
	assert_int_equal(c.added_count, 1);
	assert_string_equal(c.added[0]->code, "P1");
	assert_string_equal(c.added[0]->title, "Nouveau portail");
	assert_int_equal(c.removed_count, 0);
	assert_int_equal(c.diff_count, 1);
	assert_string_equal(changes_text(f, &c.diffs[0]), "P1-old: code=P1→P1-old");
}

static void test_compare_by_code(void **state)
{
	fixture *f = *state;
	plan *a = parse(f,
		"code;parent;niveau;intitule;partenaires;debut;fin;statut;contribue_a\n"
		"A;;Axe;Un;;;;;\n"
		"B;A;Projet;Deux;X|Y;2026-01-01;2026-12-31;en cours;\n"
		"C;A;Projet;Trois;;;;;B\n");
	plan *b = parse(f,
		"code;parent;niveau;intitule;partenaires;debut;fin;statut;contribue_a\n"
		"A;;Axe;Un;;;;;\n"
		"C;;Projet;Trois;;;;;\n"
		"B;A;Projet;Deux;Y|X;2026-01-01;2027-06-30;terminé;\n"
		"D;B;Action;Quatre;;;;;\n");
	plan_comparison c;
	plan_compare(f->a, a, b, &c);
	assert_int_equal(c.added_count, 1);
	assert_string_equal(c.added[0]->code, "D");
	assert_int_equal(c.removed_count, 0);
	assert_int_equal(c.diff_count, 2);
	/* B's depth-first order: A, B, D, C. */
	assert_string_equal(changes_text(f, &c.diffs[0]),
	                    "B: partners=X|Y→Y|X end=2026-12-31→2027-06-30 status=en cours→terminé");
	assert_string_equal(changes_text(f, &c.diffs[1]), "C moved: contributes_to=B→∅");
	assert_string_equal(c.diffs[1].old_parent, "A");
	assert_null(c.diffs[1].new_parent);
	/* A plan against itself: nothing. */
	plan_compare(f->a, a, a, &c);
	assert_int_equal(c.added_count + c.removed_count + c.diff_count, 0);
	assert_int_equal(c.unchanged_count, 3);
}

/* The revision's copy of the real plan compared with it after edits in the store. */
static void test_compare_revision_in_store(void **state)
{
	fixture *f = *state;
	adopt(f, f->p);
	const char *created;
	assert_int_equal(store_plan_revise(f->s, f->a, f->p, NULL, &created, &f->d), STORE_OK);
	exec_ok(f->s->sqlite,
		"UPDATE element SET code = 'P1-bis' WHERE code = 'P1' AND plan_id ="
		" (SELECT id FROM plan WHERE slug = 'sdn-v2');"
		"UPDATE element SET title = 'Calcul intensif' WHERE code = 'P3' AND plan_id ="
		" (SELECT id FROM plan WHERE slug = 'sdn-v2');");
	plan *a = load_ok(f, "sdn"), *b = load_ok(f, "sdn-v2");
	plan_comparison c;
	plan_compare(f->a, a, b, &c);
	assert_int_equal(c.added_count, 0);
	assert_int_equal(c.removed_count, 0);
	assert_int_equal(c.diff_count, 3);
	assert_string_equal(changes_text(f, &c.diffs[0]), "P1-bis: code=P1→P1-bis");
	/* P2 contributes to P1, renamed: the list of codes changed. */
	assert_string_equal(changes_text(f, &c.diffs[1]), "P2: contributes_to=P1→P1-bis");
	assert_string_equal(changes_text(f, &c.diffs[2]), "P3: title=Calcul→Calcul intensif");
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, fixture_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_transition_graph),
		T(test_transitions_in_store),
		T(test_adoption_record_required),
		T(test_status_conflict),
		T(test_revision_copies_everything),
		T(test_revision_of_revision_and_versions),
		T(test_refused_revisions_write_nothing),
		T(test_compare_by_lineage),
		T(test_compare_code_reused),
		T(test_compare_by_code),
		T(test_compare_revision_in_store),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
