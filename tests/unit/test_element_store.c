/*
 * test_element_store.c — unit tests for single-element writes (store/element_store.c).
 *
 * Each case starts from a plan imported from CSV into its own database file in /tmp,
 * then creates, updates, moves and deletes elements through the store, reloading the
 * plan to check what a user would see. Refused writes must leave the database exactly
 * as it was: every table is dumped, row by row, before and after.
 */
#include "store_fixture.h"
#include "store/element_store.h"

/* AX1 > P1 > A1 is the branch deleted below: P2 contributes into it (to A1), it
 * contributes out of it (P1 to AX2 and AX3, A1 to AX3), and P3 contributes to P2. */
static const char sample_csv[] =
	"code;parent;niveau;intitule;description;porteur;partenaires;beneficiaires;debut;fin;"
	"budget;statut;contribue_a;Enjeux;Priorité\n"
	"AX1;;Axe;Usagers;Des services simples;VP numérique;;;2025-01-01;2029-12-31;;;;;1\n"
	"P1;AX1;Projet;Portail « étudiant »;Un portail;DSI;Scolarité|DRH|BU;Étudiants;"
	"01/09/2025;30/06/2026;1 234 567,89 €;en cours;AX2|AX3;sobriété;2\n"
	"A1;P1;Action;Maquette;;;BU;;;;;;AX3;Maquettes;\n"
	"AX2;;Axe;Infrastructures;;;;;;;0;;;;\n"
	"P2;AX2;Projet;Réseau;;DSI;Région;;;;45000;;AX1|A1;;3\n"
	"AX3;;Axe;Gouvernance;;;;;;;;;;Pilotage;\n"
	"P3;AX3;Projet;Pilotage;;;;;;;;;P2;;\n";

static int setup(void **state)
{
	return fixture_setup_plan(state, "element", sample_csv);
}

/* ---- looking at the database ---------------------------------------------------------- */

/* Every row of every table: equal dumps mean nothing was written. */
static const char *dump(fixture *f)
{
	static const char *const tables[] = {"organisation", "plan", "plan_custom_column",
	                                     "element", "element_partner",
	                                     "element_contribution", "element_attribute"};
	return dump_tables(f, tables, sizeof(tables) / sizeof(tables[0]), "1, 2, 3");
}

/* Contributions as "FROM>TO" codes, sorted. */
static const char *contributions(fixture *f)
{
	return rows_text(f, "SELECT e.code || '>' || t.code FROM element_contribution x"
	                    " JOIN element e ON e.id = x.element_id"
	                    " JOIN element t ON t.id = x.target_id ORDER BY 1");
}

/* Codes of an element's children, or of the roots when code is NULL, in order. */
static const char *children_codes(const plan *p, arena *a, const char *code)
{
	plan_element **items = p->roots;
	size_t n = p->root_count;
	if (code) {
		const plan_element *e = plan_find(p, code);
		assert_non_null(e);
		items = e->children;
		n = e->child_count;
	}
	const char *s = "";
	for (size_t i = 0; i < n; i++)
		s = arena_printf(a, "%s%s%s", s, i ? " " : "", items[i]->code);
	return s;
}

/* Every field a user can set, compared with what was written. */
static void assert_same_element(const plan *p, const plan_element *got,
                                const plan_element *want)
{
	assert_int_equal(got->id, want->id);
	assert_int_equal(got->version, want->version);
	assert_string_equal(got->code, want->code);
	assert_text(got->parent_code, want->parent_code);
	assert_string_equal(got->level, want->level);
	assert_string_equal(got->title, want->title);
	assert_text(got->description, want->description);
	assert_text(got->owner, want->owner);
	assert_text(got->beneficiaries, want->beneficiaries);
	assert_same_date(got->start, want->start);
	assert_same_date(got->end, want->end);
	assert_int_equal(got->has_budget, want->has_budget);
	if (want->has_budget)
		assert_int_equal(got->budget_cents, want->budget_cents);
	assert_text(got->status, want->status);
	for (size_t k = 0; k < p->custom_column_count; k++)
		assert_text(got->attributes[k], want->attributes ? want->attributes[k] : NULL);
}

static void assert_partners(const plan_element *e, size_t n, ...)
{
	assert_int_equal(e->partner_count, n);
	va_list ap;
	va_start(ap, n);
	for (size_t i = 0; i < n; i++)
		assert_string_equal(e->partners[i], va_arg(ap, const char *));
	va_end(ap);
}

static void assert_contributes_to(const plan_element *e, size_t n, ...)
{
	assert_int_equal(e->contribution_count, n);
	va_list ap;
	va_start(ap, n);
	for (size_t i = 0; i < n; i++)
		assert_string_equal(e->contributes_to[i], va_arg(ap, const char *));
	va_end(ap);
}

/* Expect exactly these diagnostics: pairs of (field, message). */
static void expect_diags(diag_list *d, size_t n, ...)
{
	if (d->count != n) {
		print_diags(d);
		fail_msg("%zu diagnostics, expected %zu", d->count, n);
	}
	va_list ap;
	va_start(ap, n);
	for (size_t i = 0; i < n; i++) {
		const char *field = va_arg(ap, const char *);
		const char *message = va_arg(ap, const char *);
		assert_text(d->items[i].file, field);
		assert_int_equal(d->items[i].line, 0);
		assert_string_equal(d->items[i].message, message);
	}
	va_end(ap);
}

/* ---- elements to write ------------------------------------------------------------------ */

static const char **texts(arena *a, size_t n, ...)
{
	const char **items = arena_alloc(a, (n ? n : 1) * sizeof(*items));
	va_list ap;
	va_start(ap, n);
	for (size_t i = 0; i < n; i++)
		items[i] = va_arg(ap, const char *);
	va_end(ap);
	return items;
}

/* A new element as a form leaves it: the four required fields, the rest empty. */
static plan_element *fresh(fixture *f, const char *code, const char *parent,
                           const char *level, const char *title)
{
	plan_element *e = arena_alloc(f->a, sizeof(*e));
	e->code = code;
	e->parent_code = parent;
	e->level = level;
	e->title = title;
	return e;
}

/* An edit form starting from element `code` of p: same values, own copies of lists. */
static plan_element *edit(fixture *f, const plan *p, const char *code)
{
	const plan_element *from = plan_find(p, code);
	assert_non_null(from);
	plan_element *e = arena_alloc(f->a, sizeof(*e));
	*e = *from;
	e->parent = NULL;
	e->children = NULL;
	e->child_count = 0;
	e->contributions = NULL;
	return e;
}

static void create_ok(fixture *f, plan *p, plan_element *e)
{
	store_result r = store_element_create(f->s, f->a, p, e, &f->d);
	if (r != STORE_OK) {
		print_diags(&f->d);
		fail_msg("store_element_create(%s): %d", e->code, r);
	}
}

static void update_ok(fixture *f, plan *p, plan_element *e, int64_t expected)
{
	store_result r = store_element_update(f->s, f->a, p, e, expected, &f->d);
	if (r != STORE_OK) {
		print_diags(&f->d);
		fail_msg("store_element_update(%s): %d", e->code, r);
	}
}

/* ---- create --------------------------------------------------------------------------- */

static void test_loaded_versions(void **state)
{
	fixture *f = *state;
	for (size_t i = 0; i < f->p->element_count; i++) {
		assert_true(f->p->elements[i].id > 0);
		assert_int_equal(f->p->elements[i].version, 1);
	}
}

static void test_create_under_parent(void **state)
{
	fixture *f = *state;
	plan_element *e = fresh(f, "P4", "AX2", "Projet", "Wi-Fi « partout »");
	e->description = "Couvrir\nles campus";
	e->owner = "DSI";
	e->partners = texts(f->a, 3, "Région", "", "CROUS"); /* a blank line of the form */
	e->partner_count = 3;
	e->beneficiaries = "Tous";
	e->start = (jalon_date){2026, 1, 5};
	e->end = (jalon_date){2027, 12, 31};
	e->has_budget = true;
	e->budget_cents = 0; /* zero is an amount, not "no budget" */
	e->status = "à lancer";
	e->contributes_to = texts(f->a, 3, "AX1", "P1", "AX1"); /* AX1 twice: kept once */
	e->contribution_count = 3;
	e->attributes = texts(f->a, 2, "Sobriété", "4");
	const char *other_elements = rows_text(f, "SELECT * FROM element ORDER BY id");

	create_ok(f, f->p, e);
	assert_true(e->id > 0);
	assert_int_equal(e->version, 1);
	assert_int_equal(f->d.count, 0);
	assert_true(sqlite3_get_autocommit(f->s->sqlite));

	plan *q = load_ok(f, "sdn");
	assert_int_equal(q->element_count, f->p->element_count + 1);
	plan_element *got = plan_find(q, "P4");
	assert_non_null(got);
	assert_same_element(q, got, e);
	assert_partners(got, 2, "Région", "CROUS");
	assert_contributes_to(got, 2, "AX1", "P1");
	assert_int_equal(got->depth, 1);
	/* Last among its siblings, and last of the plan. */
	assert_string_equal(children_codes(q, f->a, "AX2"), "P2 P4");
	assert_ptr_equal(&q->elements[q->element_count - 1], got);
	/* The others untouched. */
	char *sql = arena_printf(f->a, "SELECT * FROM element WHERE id <> %lld ORDER BY id",
	                         (long long)e->id);
	assert_string_equal(rows_text(f, sql), other_elements);
}

static void test_create_at_top_level(void **state)
{
	fixture *f = *state;
	plan_element *e = fresh(f, "AX4", NULL, "Axe", "Recherche");
	create_ok(f, f->p, e);
	plan_element *child = fresh(f, "AX4.1", "AX4", "Objectif", "Calcul");
	/* p does not hold AX4: the parent must be in the plan as loaded. */
	assert_int_equal(store_element_create(f->s, f->a, f->p, child, &f->d), STORE_INVALID);
	diag_init(&f->d, f->a);
	plan *q = load_ok(f, "sdn");
	create_ok(f, q, child);

	q = load_ok(f, "sdn");
	plan_element *got = plan_find(q, "AX4");
	assert_same_element(q, got, e);
	assert_null(got->parent);
	assert_int_equal(got->partner_count, 0);
	assert_int_equal(got->contribution_count, 0);
	assert_false(got->has_budget);
	assert_false(date_is_set(got->start));
	assert_string_equal(children_codes(q, f->a, NULL), "AX1 AX2 AX3 AX4");
	assert_string_equal(children_codes(q, f->a, "AX4"), "AX4.1");
	assert_int_equal(query(f, "SELECT count(*) FROM element_attribute e JOIN element x"
	                          " ON x.id = e.element_id WHERE x.code LIKE 'AX4%'"), 0);
}

/* A refused create: STORE_INVALID, these diagnostics, and not one row written. */
static void expect_create_refused(fixture *f, plan_element *e, const char *field,
                                  const char *message)
{
	const char *before = dump(f);
	assert_int_equal(store_element_create(f->s, f->a, f->p, e, &f->d), STORE_INVALID);
	expect_diags(&f->d, 1, field, message);
	assert_int_equal(e->id, 0);
	assert_int_equal(e->version, 0);
	assert_string_equal(dump(f), before);
	assert_true(sqlite3_get_autocommit(f->s->sqlite));
}

static void test_create_duplicate_code(void **state)
{
	fixture *f = *state;
	expect_create_refused(f, fresh(f, "P2", "AX1", "Projet", "Doublon"), "code",
	                      "ce code est déjà celui d'un autre élément (« Réseau »)");
}

static void test_create_unknown_parent(void **state)
{
	fixture *f = *state;
	expect_create_refused(f, fresh(f, "P9", "ax2", "Projet", "Orphelin"), "parent",
	                      "parent inconnu « ax2 » (vouliez-vous dire « AX2 » ?)");
}

static void test_create_unknown_contribution(void **state)
{
	fixture *f = *state;
	plan_element *e = fresh(f, "P9", "AX1", "Projet", "Projet");
	e->contributes_to = texts(f->a, 2, "AX2", "Q9");
	e->contribution_count = 2;
	expect_create_refused(f, e, "contributes_to",
	                      "code inconnu « Q9 » : aucun élément n'a ce code");
}

static void test_create_end_before_start(void **state)
{
	fixture *f = *state;
	plan_element *e = fresh(f, "P9", "AX1", "Projet", "Projet");
	e->start = (jalon_date){2026, 9, 1};
	e->end = (jalon_date){2026, 6, 30};
	expect_create_refused(f, e, "end", "la fin précède le début");
}

static void test_create_empty_title(void **state)
{
	fixture *f = *state;
	expect_create_refused(f, fresh(f, "P9", "AX1", "Projet", ""), "title", "obligatoire");
}

/* Another user took the code after this plan was loaded: the database refuses, and
 * it is a conflict to reload, not a failure. */
static void test_create_code_taken_since_load(void **state)
{
	fixture *f = *state;
	create_ok(f, load_ok(f, "sdn"), fresh(f, "P9", "AX1", "Projet", "Premier"));
	const char *before = dump(f);
	plan_element *e = fresh(f, "P9", "AX2", "Projet", "Second");
	assert_int_equal(store_element_create(f->s, f->a, f->p, e, &f->d), STORE_CONFLICT);
	expect_diags(&f->d, 1, NULL, "le plan a été modifié entre-temps par quelqu'un d'autre ; "
	                             "rechargez-le et recommencez");
	assert_int_equal(e->id, 0);
	assert_string_equal(dump(f), before);
	assert_true(sqlite3_get_autocommit(f->s->sqlite));
}

/* ---- update and move --------------------------------------------------------------------- */

static void test_update_fields(void **state)
{
	fixture *f = *state;
	plan_element *e = edit(f, f->p, "P2");
	int64_t id = e->id;
	e->code = "P2-bis";
	e->level = "Programme";
	e->title = "Réseau et Wi-Fi";
	e->description = "Nouveau";
	e->owner = NULL;
	e->partners = texts(f->a, 2, "Région", "État");
	e->partner_count = 2;
	e->beneficiaries = "Personnels";
	e->start = (jalon_date){2026, 1, 1};
	e->end = DATE_NONE;
	e->has_budget = false;
	e->status = "lancé";
	e->contributes_to = texts(f->a, 1, "AX3");
	e->contribution_count = 1;
	e->attributes = texts(f->a, 2, "Réseau", NULL);
	update_ok(f, f->p, e, 1);
	assert_int_equal(e->version, 2);
	assert_int_equal(e->id, id);

	plan *q = load_ok(f, "sdn");
	plan_element *got = plan_find(q, "P2-bis");
	assert_non_null(got);
	assert_null(plan_find(q, "P2"));
	assert_same_element(q, got, e);
	assert_partners(got, 2, "Région", "État");
	assert_contributes_to(got, 1, "AX3");
	/* Same place, and what others say of it follows the new code. */
	assert_int_equal(got - q->elements, plan_find(f->p, "P2") - f->p->elements);
	assert_contributes_to(plan_find(q, "P3"), 1, "P2-bis");
	assert_string_equal(contributions(f),
	                    "A1>AX3\nP1>AX2\nP1>AX3\nP2-bis>AX3\nP3>P2-bis\n");
	/* Only this element's version moved. */
	assert_int_equal(query(f, "SELECT sum(version) FROM element"),
	                 (int64_t)f->p->element_count + 1);

	/* Again from the reloaded plan: 2 → 3. */
	e = edit(f, q, "P2-bis");
	e->title = "Réseau";
	update_ok(f, q, e, 2);
	assert_int_equal(e->version, 3);
	assert_string_equal(plan_find(load_ok(f, "sdn"), "P2-bis")->title, "Réseau");
}

static void test_update_stale_version(void **state)
{
	fixture *f = *state;
	plan_element *first = edit(f, f->p, "P1");
	first->title = "Premier enregistrement";
	update_ok(f, f->p, first, 1);
	const char *before = dump(f);

	/* A second form opened on version 1. */
	plan_element *second = edit(f, f->p, "P1");
	second->title = "Second enregistrement";
	second->partner_count = 0;
	assert_int_equal(store_element_update(f->s, f->a, f->p, second, 1, &f->d),
	                 STORE_CONFLICT);
	expect_diags(&f->d, 1, NULL, "cet élément a été modifié entre-temps par quelqu'un "
	                             "d'autre ; rechargez-le pour voir ses nouvelles valeurs");
	assert_int_equal(second->version, 1);
	assert_string_equal(dump(f), before);
	assert_true(sqlite3_get_autocommit(f->s->sqlite));
	assert_string_equal(plan_find(load_ok(f, "sdn"), "P1")->title, "Premier enregistrement");
}

static void test_update_invalid_changes_nothing(void **state)
{
	fixture *f = *state;
	const char *before = dump(f);
	plan_element *e = edit(f, f->p, "P1");
	e->code = "AX2";
	e->title = "";
	assert_int_equal(store_element_update(f->s, f->a, f->p, e, 1, &f->d), STORE_INVALID);
	expect_diags(&f->d, 2,
	             "code", "ce code est déjà celui d'un autre élément (« Infrastructures »)",
	             "title", "obligatoire");
	assert_int_equal(e->version, 1);
	assert_string_equal(dump(f), before);
}

static void test_update_unknown_or_deleted(void **state)
{
	fixture *f = *state;
	plan_element *e = edit(f, f->p, "P3");
	e->id = 999999;
	assert_int_equal(store_element_update(f->s, f->a, f->p, e, 1, &f->d), STORE_NOT_FOUND);
	expect_diags(&f->d, 1, NULL, "aucun élément n° 999999 dans ce plan");

	/* Deleted by someone else after this plan was loaded. */
	diag_init(&f->d, f->a);
	e = edit(f, f->p, "P3");
	assert_int_equal(store_element_delete(f->s, load_ok(f, "sdn"), e->id, 1, &f->d), STORE_OK);
	const char *before = dump(f);
	e->title = "Trop tard";
	assert_int_equal(store_element_update(f->s, f->a, f->p, e, 1, &f->d), STORE_NOT_FOUND);
	assert_int_equal(f->d.count, 1);
	assert_string_equal(dump(f), before);
	assert_true(sqlite3_get_autocommit(f->s->sqlite));
}

static void test_move_to_other_parent(void **state)
{
	fixture *f = *state;
	plan_element *e = edit(f, f->p, "P1");
	e->parent_code = "AX2";
	update_ok(f, f->p, e, 1);
	plan *q = load_ok(f, "sdn");
	/* Its branch comes along, and it keeps its place by source order (before P2). */
	assert_string_equal(children_codes(q, f->a, "AX2"), "P1 P2");
	assert_string_equal(children_codes(q, f->a, "AX1"), "");
	assert_string_equal(children_codes(q, f->a, "P1"), "A1");
	assert_int_equal(plan_find(q, "A1")->depth, 2);
	assert_int_equal(plan_find(q, "P1")->version, 2);
	assert_int_equal(plan_find(q, "A1")->version, 1);
	assert_partners(plan_find(q, "P1"), 3, "Scolarité", "DRH", "BU");
}

static void test_move_under_descendant(void **state)
{
	fixture *f = *state;
	const char *before = dump(f);
	plan_element *e = edit(f, f->p, "AX1");
	e->parent_code = "A1";
	assert_int_equal(store_element_update(f->s, f->a, f->p, e, 1, &f->d), STORE_INVALID);
	expect_diags(&f->d, 1, "parent", "« A1 » est un descendant de cet élément : le déplacer "
	                                 "dessous créerait une boucle");
	assert_string_equal(dump(f), before);
}

static void test_move_to_top_level(void **state)
{
	fixture *f = *state;
	plan_element *e = edit(f, f->p, "P1");
	e->parent_code = NULL;
	update_ok(f, f->p, e, 1);
	plan *q = load_ok(f, "sdn");
	assert_string_equal(children_codes(q, f->a, NULL), "AX1 P1 AX2 AX3");
	assert_null(plan_find(q, "P1")->parent);
	assert_int_equal(plan_find(q, "A1")->depth, 1);
}

/* Someone hung AX2 under P1 after this plan was loaded; moving P1 under P2 (below
 * AX2) now would close a loop the loaded plan cannot see. */
static void test_move_cycle_since_load(void **state)
{
	fixture *f = *state;
	plan *other = load_ok(f, "sdn");
	plan_element *ax2 = edit(f, other, "AX2");
	ax2->parent_code = "P1";
	update_ok(f, other, ax2, 1);
	const char *before = dump(f);

	plan_element *e = edit(f, f->p, "P1");
	e->parent_code = "P2";
	assert_int_equal(store_element_update(f->s, f->a, f->p, e, 1, &f->d), STORE_CONFLICT);
	expect_diags(&f->d, 1, NULL, "le plan a été modifié entre-temps par quelqu'un d'autre ; "
	                             "rechargez-le et recommencez");
	assert_string_equal(dump(f), before);
	assert_true(sqlite3_get_autocommit(f->s->sqlite));
	load_ok(f, "sdn"); /* still a sound tree */
}

/* ---- delete ------------------------------------------------------------------------------- */

static void test_delete_branch(void **state)
{
	fixture *f = *state;
	/* Rows of what stays, to compare after. */
	static const char kept_sql[] =
		"SELECT * FROM element WHERE code NOT IN ('P1', 'A1') ORDER BY id";
	static const char kept_side_sql[] =
		"SELECT e.code, x.position, x.name FROM element_partner x"
		" JOIN element e ON e.id = x.element_id WHERE e.code NOT IN ('P1', 'A1')"
		" UNION ALL SELECT e.code, x.column_position, x.value FROM element_attribute x"
		" JOIN element e ON e.id = x.element_id WHERE e.code NOT IN ('P1', 'A1')"
		" ORDER BY 1, 2, 3";
	const char *kept = rows_text(f, kept_sql);
	const char *kept_side = rows_text(f, kept_side_sql);
	assert_string_equal(contributions(f),
	                    "A1>AX3\nP1>AX2\nP1>AX3\nP2>A1\nP2>AX1\nP3>P2\n");
	assert_int_equal(plan_descendant_count(plan_find(f->p, "P1")), 1);
	int64_t p1 = plan_find(f->p, "P1")->id, a1 = plan_find(f->p, "A1")->id;

	assert_int_equal(store_element_delete(f->s, f->p, p1, 1, &f->d), STORE_OK);
	assert_int_equal(f->d.count, 0);
	assert_true(sqlite3_get_autocommit(f->s->sqlite));

	/* The branch and everything it held, by ON DELETE CASCADE. */
	char *sql = arena_printf(f->a, "SELECT count(*) FROM element WHERE id IN (%lld, %lld)",
	                         (long long)p1, (long long)a1);
	assert_int_equal(query(f, sql), 0);
	static const char *const side_tables[] = {"element_partner", "element_attribute",
	                                          "element_contribution"};
	for (size_t i = 0; i < 3; i++) {
		sql = arena_printf(f->a, "SELECT count(*) FROM %s WHERE element_id IN (%lld, %lld)",
		                   side_tables[i], (long long)p1, (long long)a1);
		assert_int_equal(query(f, sql), 0);
	}
	/* Contributions into the branch went too (P2 > A1); the others stay. */
	assert_string_equal(contributions(f), "P2>AX1\nP3>P2\n");
	assert_string_equal(rows_text(f, kept_sql), kept);
	assert_string_equal(rows_text(f, kept_side_sql), kept_side);
	assert_int_equal(query(f, "SELECT count(*) FROM element"), 5);

	plan *q = load_ok(f, "sdn");
	assert_string_equal(children_codes(q, f->a, "AX1"), "");
	assert_contributes_to(plan_find(q, "P2"), 1, "AX1");
}

static void test_delete_stale_version(void **state)
{
	fixture *f = *state;
	plan_element *e = edit(f, f->p, "P2");
	e->title = "Modifié";
	update_ok(f, f->p, e, 1);
	const char *before = dump(f);
	assert_int_equal(store_element_delete(f->s, f->p, e->id, 1, &f->d), STORE_CONFLICT);
	expect_diags(&f->d, 1, NULL, "cet élément a été modifié entre-temps par quelqu'un "
	                             "d'autre ; rechargez-le pour voir ses nouvelles valeurs");
	assert_string_equal(dump(f), before);
	assert_true(sqlite3_get_autocommit(f->s->sqlite));
	/* The version it has now, or any version (0), is accepted. */
	assert_int_equal(store_element_delete(f->s, f->p, e->id, 2, &f->d), STORE_OK);
	int64_t ax3 = plan_find(f->p, "AX3")->id;
	assert_int_equal(store_element_delete(f->s, f->p, ax3, 0, &f->d), STORE_OK);
	assert_int_equal(query(f, "SELECT count(*) FROM element"), 4); /* P2, AX3, P3 gone */
}

static void test_delete_unknown(void **state)
{
	fixture *f = *state;
	/* An element of another plan is unknown in this one. */
	plan *other = import_ok(f, sample_csv, "autre");
	const char *before = dump(f);
	assert_int_equal(store_element_delete(f->s, f->p, 999999, 0, &f->d), STORE_NOT_FOUND);
	assert_int_equal(store_element_delete(f->s, f->p, plan_find(other, "AX1")->id, 0, &f->d),
	                 STORE_NOT_FOUND);
	char *message = arena_printf(f->a, "aucun élément n° %lld dans ce plan",
	                             (long long)plan_find(other, "AX1")->id);
	expect_diags(&f->d, 2, NULL, "aucun élément n° 999999 dans ce plan", NULL, message);
	assert_string_equal(dump(f), before);
	assert_true(sqlite3_get_autocommit(f->s->sqlite));
}

/* A branch deeper than SQLite's limit on nested cascades (1000) still goes at once. */
static void test_delete_deep_branch(void **state)
{
	fixture *f = *state;
	enum { DEPTH = 2500 };
	buf csv_text = {0};
	buf_puts(&csv_text, "code;parent;niveau;intitule\nD0;;Niveau;Racine\n");
	for (int i = 1; i < DEPTH; i++)
		buf_printf(&csv_text, "D%d;D%d;Niveau;Élément %d\n", i, i - 1, i);
	const char *csv = arena_strdup(f->a, csv_text.data);
	buf_free(&csv_text);
	plan *deep = import_ok(f, csv, "profond");
	assert_int_equal(store_element_delete(f->s, deep, plan_find(deep, "D0")->id, 1, &f->d),
	                 STORE_OK);
	assert_int_equal(f->d.count, 0);
	assert_int_equal(query(f, "SELECT count(*) FROM element e JOIN plan p"
	                          " ON p.id = e.plan_id WHERE p.slug = 'profond'"), 0);
	/* Refused with a stale version, the branch is left whole. */
	deep = import_ok(f, csv, "profond-2");
	const char *before = dump(f);
	assert_int_equal(store_element_delete(f->s, deep, plan_find(deep, "D0")->id, 7, &f->d),
	                 STORE_CONFLICT);
	assert_string_equal(dump(f), before);
	assert_int_equal(plan_find(load_ok(f, "profond-2"), "D2499")->depth, DEPTH - 1);
}

/* The id of the latest journal row of a field. */
static int64_t last_change_of(fixture *f, const char *field)
{
	char sql[160];
	snprintf(sql, sizeof(sql), "SELECT max(id) FROM change_log WHERE field = '%s'", field);
	return query(f, sql);
}

/* Restoring a journalled value (store_element_restore_value): the value before comes
 * back through an ordinary, journalled update; a field changed since is a conflict; the
 * restore itself restores (redo); only an element's own fields restore. */
static void test_restore_value(void **state)
{
	fixture *f = *state;
	plan_element *e = edit(f, f->p, "P1");
	e->title = "Portail des étudiants";
	e->has_budget = true;
	e->budget_cents = 100;
	e->end = (jalon_date){2026, 12, 31};
	e->attributes = texts(f->a, 2, "numérique", "2");
	update_ok(f, f->p, e, 1);
	int64_t title = last_change_of(f, "title"), budget = last_change_of(f, "budget"),
	        end = last_change_of(f, "end"), column = last_change_of(f, "Enjeux");

	plan *q = load_ok(f, "sdn");
	int64_t id = 0;
	assert_int_equal(store_element_restore_value(f->s, f->a, q, title, &id, &f->d), STORE_OK);
	assert_int_equal(id, plan_find(q, "P1")->id);
	assert_int_equal(plan_find(q, "P1")->version, 3);
	assert_int_equal(store_element_restore_value(f->s, f->a, q, budget, &id, &f->d), STORE_OK);
	assert_int_equal(store_element_restore_value(f->s, f->a, q, end, &id, &f->d), STORE_OK);
	assert_int_equal(store_element_restore_value(f->s, f->a, q, column, &id, &f->d), STORE_OK);
	plan_element *got = plan_find(load_ok(f, "sdn"), "P1");
	assert_string_equal(got->title, "Portail « étudiant »");
	assert_true(got->has_budget);
	assert_int_equal(got->budget_cents, 123456789);
	assert_int_equal(date_compare(got->end, (jalon_date){2026, 6, 30}), 0);
	assert_string_equal(got->attributes[0], "sobriété");
	assert_int_equal(got->version, 6);
	/* Journalled like any edit: old and new swapped. */
	assert_string_equal(rows_text(f, "SELECT old_value, new_value FROM change_log"
	                                 " WHERE field = 'title' ORDER BY id"),
	                    "Portail « étudiant »|Portail des étudiants\n"
	                    "Portail des étudiants|Portail « étudiant »\n");

	/* The first change again: the title is no longer what it wrote. */
	diag_init(&f->d, f->a);
	assert_int_equal(store_element_restore_value(f->s, f->a, q, title, &id, &f->d),
	                 STORE_CONFLICT);
	assert_non_null(strstr(f->d.items[0].message, "Portail « étudiant »"));
	assert_int_equal(query(f, "SELECT count(*) FROM change_log WHERE field = 'title'"), 2);
	/* The restore restores: redo. */
	diag_init(&f->d, f->a);
	assert_int_equal(store_element_restore_value(f->s, f->a, q, last_change_of(f, "title"), &id,
	                                             &f->d), STORE_OK);
	assert_string_equal(plan_find(load_ok(f, "sdn"), "P1")->title, "Portail des étudiants");

	/* Not restorable here: a code, a plan-level change; unknown or other plan's rows. */
	e = edit(f, load_ok(f, "sdn"), "P3");
	e->code = "P3b";
	update_ok(f, load_ok(f, "sdn"), e, 1);
	diag_init(&f->d, f->a);
	q = load_ok(f, "sdn");
	assert_int_equal(store_element_restore_value(f->s, f->a, q, last_change_of(f, "code"), &id,
	                                             &f->d), STORE_INVALID);
	assert_string_equal(f->d.items[0].file, "change");
	assert_int_equal(store_element_restore_value(f->s, f->a, q, 999999, &id, &f->d),
	                 STORE_NOT_FOUND);
	plan *other = import_ok(f, sample_csv, "autre");
	other = load_ok(f, "autre");
	assert_int_equal(store_element_restore_value(f->s, f->a, other, title, &id, &f->d),
	                 STORE_NOT_FOUND);
	assert_true(store_element_change_restorable(q, "element", "Priorité", "update"));
	assert_false(store_element_change_restorable(q, "element", "title", "create"));
	assert_false(store_element_change_restorable(q, "status", "progress", "update"));
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, fixture_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_loaded_versions),
		T(test_create_under_parent),
		T(test_create_at_top_level),
		T(test_create_duplicate_code),
		T(test_create_unknown_parent),
		T(test_create_unknown_contribution),
		T(test_create_end_before_start),
		T(test_create_empty_title),
		T(test_create_code_taken_since_load),
		T(test_update_fields),
		T(test_restore_value),
		T(test_update_stale_version),
		T(test_update_invalid_changes_nothing),
		T(test_update_unknown_or_deleted),
		T(test_move_to_other_parent),
		T(test_move_under_descendant),
		T(test_move_to_top_level),
		T(test_move_cycle_since_load),
		T(test_delete_branch),
		T(test_delete_stale_version),
		T(test_delete_unknown),
		T(test_delete_deep_branch),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
