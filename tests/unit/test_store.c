/*
 * test_store.c — unit tests for the SQLite store (store/db.c, store/plan_store.c).
 *
 * Each case works on its own database file in /tmp: opening and migrating, refusing
 * files that are not jalon databases (and leaving them untouched), pragmas, saving
 * and loading every field of a plan, slugs, update, delete with its cascade,
 * transactions that leave nothing behind, and organisations.
 */
#include "store_fixture.h"

/* A fresh path in /tmp, as a file that does not exist yet. */
static int setup_path(void **state)
{
	*state = fixture_new("store");
	return 0;
}

/* The same, with the database created and open. */
static int setup_open(void **state)
{
	fixture *f = fixture_new("store");
	*state = f;
	return fixture_open(f) ? 0 : -1;
}

static char *query_text(arena *a, store *s, const char *sql)
{
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(s->sqlite, sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	char *v = arena_strdup(a, (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return v;
}

/* Row counts of every table, as one string, to prove that nothing changed. */
static const char *table_counts(fixture *f)
{
	static const char *const tables[] = {"organisation", "plan", "plan_custom_column",
	                                     "element", "element_partner",
	                                     "element_contribution", "element_attribute"};
	const char *s = "";
	for (size_t i = 0; i < sizeof(tables) / sizeof(tables[0]); i++) {
		char *sql = arena_printf(f->a, "SELECT count(*) FROM %s", tables[i]);
		s = arena_printf(f->a, "%s%s=%lld ", s, tables[i], (long long)query(f, sql));
	}
	return s;
}

static char *read_file(arena *a, const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	assert_non_null(fp);
	char *data = arena_alloc(a, 1 << 16);
	*len = fread(data, 1, 1 << 16, fp);
	fclose(fp);
	return data;
}

static void write_file(const char *path, const void *data, size_t len)
{
	FILE *fp = fopen(path, "wb");
	assert_non_null(fp);
	assert_int_equal(fwrite(data, 1, len, fp), len);
	fclose(fp);
}

/* ---- plans to save -------------------------------------------------------------------- */

static const char sample_csv[] =
	"code;parent;niveau;intitule;description;porteur;partenaires;beneficiaires;debut;fin;"
	"budget;statut;contribue_a;Enjeux;Priorité\n"
	"AX1;;Axe;Usagers;Des services simples;VP numérique;;;2025-01-01;2029-12-31;;;;;1\n"
	"P1;AX1;Projet;Portail « étudiant »;\"Deux lignes\nde description\";DSI;"
	"Scolarité|DRH|BU;Étudiants;01/09/2025;30/06/2026;1 234 567,89 €;en cours;AX2|AX3;"
	"\"sobriété\naccessibilité\";2\n"
	"AX2;;Axe;Infrastructures;;;;;;;0;;;;\n"
	"P2;AX2;Projet;Réseau;;DSI;Région;;;;45000;;AX1;;3\n"
	"AX3;;Axe;Gouvernance;;;;;;;;;;Pilotage;\n";

static plan *parse(fixture *f, const char *csv)
{
	plan *p = arena_alloc(f->a, sizeof(*p));
	if (!plan_csv_read(f->a, "sample.csv", csv, strlen(csv), NULL, p, &f->d)) {
		print_diags(&f->d);
		fail_msg("sample refused");
	}
	return p;
}

static plan *sample(fixture *f, const char *title)
{
	plan *p = parse(f, sample_csv);
	p->title = title;
	return p;
}

static void create_ok(fixture *f, plan *p)
{
	if (!store_plan_create(f->s, f->a, p, &f->d)) {
		print_diags(&f->d);
		fail_msg("store_plan_create failed");
	}
}

/* Every field of every element, in source order, and the plan's own record. */
static void assert_same_plan(const plan *x, const plan *y)
{
	assert_int_equal(x->id, y->id);
	assert_string_equal(x->slug, y->slug);
	assert_string_equal(x->title, y->title);
	assert_text(y->organisation, x->organisation);
	if (x->organisation)
		assert_int_equal(x->organisation_kind, y->organisation_kind);
	assert_int_equal(x->period_start, y->period_start);
	assert_int_equal(x->period_end, y->period_end);
	assert_text(y->version_label, x->version_label);
	assert_int_equal(x->status, y->status);
	assert_int_equal(x->adoption.recorded, y->adoption.recorded);
	if (x->adoption.recorded) {
		assert_same_date(x->adoption.date, y->adoption.date);
		assert_text(y->adoption.body, x->adoption.body);
		assert_text(y->adoption.number, x->adoption.number);
		assert_int_equal(x->adoption.votes_for, y->adoption.votes_for);
		assert_int_equal(x->adoption.votes_against, y->adoption.votes_against);
		assert_int_equal(x->adoption.abstentions, y->adoption.abstentions);
	}
	assert_text(y->source_name, x->source_name);
	assert_int_equal(x->custom_column_count, y->custom_column_count);
	for (size_t k = 0; k < x->custom_column_count; k++)
		assert_string_equal(x->custom_columns[k], y->custom_columns[k]);
	assert_int_equal(x->element_count, y->element_count);
	for (size_t i = 0; i < x->element_count; i++) {
		const plan_element *a = &x->elements[i], *b = &y->elements[i];
		assert_string_equal(a->code, b->code);
		assert_text(b->parent_code, a->parent_code);
		assert_string_equal(a->level, b->level);
		assert_string_equal(a->title, b->title);
		assert_text(b->description, a->description);
		assert_text(b->owner, a->owner);
		assert_int_equal(a->partner_count, b->partner_count);
		for (size_t k = 0; k < a->partner_count; k++)
			assert_string_equal(a->partners[k], b->partners[k]);
		assert_text(b->beneficiaries, a->beneficiaries);
		assert_same_date(a->start, b->start);
		assert_same_date(a->end, b->end);
		assert_int_equal(a->has_budget, b->has_budget);
		assert_int_equal(a->budget_cents, b->budget_cents);
		assert_text(b->status, a->status);
		assert_int_equal(a->contribution_count, b->contribution_count);
		for (size_t k = 0; k < a->contribution_count; k++)
			assert_string_equal(a->contributes_to[k], b->contributes_to[k]);
		for (size_t k = 0; k < x->custom_column_count; k++)
			assert_text(b->attributes[k], a->attributes[k]);
		assert_int_equal(a->depth, b->depth);
		assert_int_equal(a->id, b->id);
	}
	for (size_t i = 0; i < x->element_count; i++)
		assert_int_equal(x->ordered[i] - x->elements, y->ordered[i] - y->elements);
}

/* ---- opening ---------------------------------------------------------------------------- */

static void test_open_create(void **state)
{
	fixture *f = *state;
	f->s = store_open(f->path, STORE_OPEN_CREATE, &f->d);
	assert_non_null(f->s);
	assert_true(store_schema_latest() >= 1);
	assert_int_equal(store_schema_version(f->s), store_schema_latest());
	assert_int_equal(access(f->path, F_OK), 0);
	assert_int_equal(f->d.count, 0);
}

static void test_reopen_is_idempotent(void **state)
{
	fixture *f = *state;
	assert_true(store_organisation_create(f->s, "Université A", ORGANISATION_UNIVERSITY,
	                                      NULL, &f->d));
	create_ok(f, sample(f, "Plan A"));
	const char *before = table_counts(f);
	store_close(f->s);
	for (int mode = 0; mode < 2; mode++) {
		f->s = store_open(f->path, mode ? STORE_OPEN_EXISTING : STORE_OPEN_CREATE, &f->d);
		assert_non_null(f->s);
		assert_int_equal(store_schema_version(f->s), store_schema_latest());
		assert_int_equal(query(f, "SELECT count(*) FROM schema_migration"),
		                 store_schema_latest());
		assert_string_equal(table_counts(f), before);
		store_close(f->s);
	}
	f->s = NULL;
	assert_int_equal(f->d.count, 0);
}

static void test_open_existing_missing(void **state)
{
	fixture *f = *state;
	assert_null(store_open(f->path, STORE_OPEN_EXISTING, &f->d));
	assert_int_equal(f->d.count, 1);
	assert_string_equal(f->d.items[0].file, f->path);
	char *expected = arena_printf(f->a,
		"base introuvable ; créez-la d'abord avec « jalon --db %s init »", f->path);
	assert_string_equal(f->d.items[0].message, expected);
	assert_int_not_equal(access(f->path, F_OK), 0); /* not created */
}

static void test_open_refuses_non_sqlite_file(void **state)
{
	fixture *f = *state;
	const char text[] = "code;niveau;intitule\nA;Axe;Ceci n'est pas une base\n";
	write_file(f->path, text, sizeof(text) - 1);
	for (int mode = 0; mode < 2; mode++) {
		diag_init(&f->d, f->a);
		assert_null(store_open(f->path, mode ? STORE_OPEN_EXISTING : STORE_OPEN_CREATE,
		                       &f->d));
		assert_int_equal(f->d.count, 1);
		assert_string_equal(f->d.items[0].file, f->path);
		assert_string_equal(f->d.items[0].message,
		                    "ce fichier n'est pas une base jalon (ni même une base SQLite)");
		size_t len;
		char *after = read_file(f->a, f->path, &len);
		assert_int_equal(len, sizeof(text) - 1);
		assert_memory_equal(after, text, len);
	}
}

static void test_open_refuses_foreign_sqlite(void **state)
{
	fixture *f = *state;
	sqlite3 *db;
	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "CREATE TABLE budget (ligne TEXT, montant INTEGER);"
	                                  "INSERT INTO budget VALUES ('réseau', 12);",
	                              NULL, NULL, NULL),
	                 SQLITE_OK);
	sqlite3_close(db);
	size_t len_before;
	char *before = read_file(f->a, f->path, &len_before);

	for (int mode = 0; mode < 2; mode++) {
		diag_init(&f->d, f->a);
		assert_null(store_open(f->path, mode ? STORE_OPEN_EXISTING : STORE_OPEN_CREATE,
		                       &f->d));
		assert_int_equal(f->d.count, 1);
		assert_string_equal(f->d.items[0].file, f->path);
		assert_string_equal(f->d.items[0].message,
		                    "ce fichier est une base SQLite mais pas une base jalon");
		/* Left exactly as it was: not even switched to WAL. */
		size_t len_after;
		char *after = read_file(f->a, f->path, &len_after);
		assert_int_equal(len_after, len_before);
		assert_memory_equal(after, before, len_after);
		char wal[80];
		snprintf(wal, sizeof(wal), "%s-wal", f->path);
		assert_int_not_equal(access(wal, F_OK), 0);
	}
}

/* An empty file is not a jalon database: only init (CREATE) may turn it into one. */
static void test_open_existing_empty_file(void **state)
{
	fixture *f = *state;
	write_file(f->path, "", 0);
	assert_null(store_open(f->path, STORE_OPEN_EXISTING, &f->d));
	assert_int_equal(f->d.count, 1);
	assert_string_equal(f->d.items[0].message,
		arena_printf(f->a, "ce fichier n'est pas encore une base jalon ; créez-la avec "
		                   "« jalon --db %s init »", f->path));
	size_t len;
	read_file(f->a, f->path, &len);
	assert_int_equal(len, 0);

	f->s = store_open(f->path, STORE_OPEN_CREATE, &f->d);
	assert_non_null(f->s);
	assert_int_equal(store_schema_version(f->s), store_schema_latest());
}

static void test_pragmas(void **state)
{
	fixture *f = *state;
	assert_int_equal(query(f, "PRAGMA foreign_keys"), 1);
	assert_string_equal(query_text(f->a, f->s, "PRAGMA journal_mode"), "wal");
	assert_int_equal(query(f, "PRAGMA synchronous"), 2); /* FULL */
	/* The pragmas hold on a reopened connection too. */
	store_close(f->s);
	f->s = store_open(f->path, STORE_OPEN_EXISTING, &f->d);
	assert_non_null(f->s);
	assert_int_equal(query(f, "PRAGMA foreign_keys"), 1);
	assert_string_equal(query_text(f->a, f->s, "PRAGMA journal_mode"), "wal");
}

/* ---- plans --------------------------------------------------------------------------------- */

static void test_create_and_load_every_field(void **state)
{
	fixture *f = *state;
	plan *p = sample(f, "Schéma directeur du numérique");
	p->organisation = "Université de Val-de-Loire";
	p->organisation_kind = ORGANISATION_UNIVERSITY;
	p->period_start = 2025;
	p->period_end = 2029;
	p->version_label = "v2";
	p->status = PLAN_STATUS_ADOPTED;
	p->adoption = (plan_adoption){true, {2025, 6, 27}, "Conseil d'administration",
	                              "2025-041", 28, 2, 3};
	p->source_name = "sdn.csv";
	create_ok(f, p);
	assert_true(p->id > 0);
	assert_string_equal(p->slug, "schema-directeur-du-numerique");
	for (size_t i = 0; i < p->element_count; i++)
		assert_true(p->elements[i].id > 0);

	plan *q = load_ok(f, "schema-directeur-du-numerique");
	assert_same_plan(p, q);
	/* Spot checks, in case both sides were wrong the same way. */
	plan_element *p1 = plan_find(q, "P1");
	assert_int_equal(p1->partner_count, 3);
	assert_string_equal(p1->partners[0], "Scolarité");
	assert_string_equal(p1->partners[2], "BU");
	assert_string_equal(p1->contributes_to[0], "AX2");
	assert_string_equal(p1->contributes_to[1], "AX3");
	assert_ptr_equal(p1->contributions[1], plan_find(q, "AX3"));
	assert_int_equal(p1->budget_cents, 123456789);
	assert_string_equal(p1->attributes[0], "sobriété\naccessibilité");
	assert_string_equal(p1->description, "Deux lignes\nde description");
	assert_int_equal(p1->end.year, 2026);
	assert_true(plan_find(q, "AX2")->has_budget);
	assert_int_equal(plan_find(q, "AX2")->budget_cents, 0);
	assert_false(plan_find(q, "AX3")->has_budget);
	assert_string_equal(q->custom_columns[1], "Priorité");
	assert_string_equal(q->organisation, "Université de Val-de-Loire");
	assert_int_equal(q->adoption.votes_against, 2);
	assert_int_equal(query(f, "SELECT count(*) FROM organisation"), 1);
}

static void test_create_and_load_bare_plan(void **state)
{
	fixture *f = *state;
	plan *p = parse(f, "code;niveau;intitule\nA;Axe;Seul\n");
	p->title = "Nu";
	create_ok(f, p);
	plan *q = load_ok(f, "nu");
	assert_same_plan(p, q);
	assert_null(q->organisation);
	assert_int_equal(q->period_start, 0);
	assert_null(q->version_label);
	assert_int_equal(q->status, PLAN_STATUS_DRAFT);
	assert_false(q->adoption.recorded);
	assert_int_equal(query(f, "SELECT count(*) FROM organisation"), 0);
}

/* Creating with the organisation's name reuses it, whatever kind is given. */
static void test_create_reuses_organisation(void **state)
{
	fixture *f = *state;
	assert_true(store_organisation_create(f->s, "ComUE Loire", ORGANISATION_COMUE, NULL,
	                                      &f->d));
	plan *p = sample(f, "Plan de site");
	p->organisation = "ComUE Loire";
	p->organisation_kind = ORGANISATION_OTHER;
	create_ok(f, p);
	assert_int_equal(query(f, "SELECT count(*) FROM organisation"), 1);
	plan *q = load_ok(f, p->slug);
	assert_int_equal(q->organisation_kind, ORGANISATION_COMUE);
}

static void test_slugs(void **state)
{
	fixture *f = *state;
	const char *title = "Schéma directeur 2024–2028";
	const char *expected[] = {"schema-directeur-2024-2028", "schema-directeur-2024-2028-2",
	                          "schema-directeur-2024-2028-3"};
	for (int i = 0; i < 3; i++) {
		plan *p = sample(f, title);
		create_ok(f, p);
		assert_string_equal(p->slug, expected[i]);
		assert_string_equal(load_ok(f, expected[i])->slug, expected[i]);
	}
	/* An explicit free slug is kept as is. */
	plan *p = sample(f, title);
	p->slug = "sdn-v2";
	create_ok(f, p);
	assert_string_equal(load_ok(f, "sdn-v2")->title, title);
}

static void test_explicit_slug_refused(void **state)
{
	fixture *f = *state;
	plan *p = sample(f, "Premier");
	p->slug = "sdn";
	create_ok(f, p);
	const char *before = table_counts(f);

	plan *taken = sample(f, "Second");
	taken->slug = "sdn";
	assert_false(store_plan_create(f->s, f->a, taken, &f->d));
	assert_int_equal(f->d.count, 1);
	assert_string_equal(f->d.items[0].message,
	                    "l'identifiant « sdn » est déjà pris par un autre plan");

	static const struct {
		const char *slug, *suggestion;
	} invalid[] = {{"SDN 2025", "sdn-2025"}, {"schéma", "schema"}, {"a--b", "a-b"},
	               {"fin-", "fin"}};
	for (size_t i = 0; i < sizeof(invalid) / sizeof(invalid[0]); i++) {
		diag_init(&f->d, f->a);
		plan *bad = sample(f, "Troisième");
		bad->slug = invalid[i].slug;
		assert_false(store_plan_create(f->s, f->a, bad, &f->d));
		assert_int_equal(f->d.count, 1);
		assert_string_equal(f->d.items[0].message,
			arena_printf(f->a, "identifiant « %s » invalide : lettres minuscules sans accent, "
			                   "chiffres et tirets seulement (par exemple « %s »)",
			             invalid[i].slug, invalid[i].suggestion));
	}
	assert_string_equal(table_counts(f), before);
}

static void test_load_by_number_and_unknown(void **state)
{
	fixture *f = *state;
	plan *a = sample(f, "Alpha");
	plan *b = sample(f, "Bêta");
	create_ok(f, a);
	create_ok(f, b);
	char *ref = arena_printf(f->a, "%lld", (long long)b->id);
	plan *q = load_ok(f, ref);
	assert_string_equal(q->slug, "beta");
	assert_int_equal(q->id, b->id);

	static const char *const unknown[] = {"gamma", "0", "-1", "99999", "", "1x"};
	for (size_t i = 0; i < sizeof(unknown) / sizeof(unknown[0]); i++) {
		diag_init(&f->d, f->a);
		plan r;
		assert_false(store_plan_load(f->s, f->a, unknown[i], &r, &f->d));
		assert_int_equal(f->d.count, 1);
		assert_string_equal(f->d.items[0].message,
			arena_printf(f->a, "plan inconnu « %s » (la commande « plans » les liste)",
			             unknown[i]));
	}
}

static void test_update(void **state)
{
	fixture *f = *state;
	plan *p = sample(f, "Avant");
	create_ok(f, p);
	plan *q = load_ok(f, p->slug);
	q->title = "Après";
	q->organisation = "Région Ouest";
	q->organisation_kind = ORGANISATION_REGION;
	q->period_start = 2026;
	q->period_end = 2030;
	q->version_label = "v3";
	q->status = PLAN_STATUS_REVISION;
	q->adoption = (plan_adoption){true, {2026, 1, 15}, "Assemblée plénière", "AP-7", 40, 0,
	                              5};
	assert_true(store_plan_update(f->s, q, &f->d));
	plan *r = load_ok(f, p->slug);
	assert_same_plan(q, r);
	assert_string_equal(r->slug, "avant"); /* the identifier does not follow the title */
	assert_string_equal(r->organisation, "Région Ouest");
	assert_int_equal(r->organisation_kind, ORGANISATION_REGION);

	/* Clearing: no organisation, no period, no version, no adoption. */
	r->organisation = NULL;
	r->period_start = r->period_end = 0;
	r->version_label = NULL;
	r->adoption = (plan_adoption){0};
	assert_true(store_plan_update(f->s, r, &f->d));
	plan *s = load_ok(f, p->slug);
	assert_same_plan(r, s);
	assert_null(s->organisation);
	assert_false(s->adoption.recorded);
}

/* An adoption with only some of its fields known is still an adoption. */
static void test_partial_adoption_kept(void **state)
{
	fixture *f = *state;
	plan *p = sample(f, "Partiel");
	create_ok(f, p);
	static const plan_adoption partial[] = {
		{true, {0, 0, 0}, "Conseil d'administration", NULL, 0, 0, 0},
		{true, {0, 0, 0}, NULL, NULL, 28, 2, 3},
		{true, {2025, 6, 27}, NULL, NULL, 0, 0, 0},
	};
	for (size_t i = 0; i < sizeof(partial) / sizeof(partial[0]); i++) {
		plan *q = load_ok(f, p->slug);
		q->adoption = partial[i];
		assert_true(store_plan_update(f->s, q, &f->d));
		plan *r = load_ok(f, p->slug);
		assert_same_plan(q, r);
	}
}

static void test_delete_cascades(void **state)
{
	fixture *f = *state;
	plan *keep = sample(f, "Garder");
	keep->organisation = "Université A";
	create_ok(f, keep);
	const char *only_kept = table_counts(f);
	plan *gone = sample(f, "Supprimer");
	gone->organisation = "Université A";
	create_ok(f, gone);
	assert_int_equal(query(f, "SELECT count(*) FROM element"), 10);
	assert_int_equal(query(f, "SELECT count(*) FROM element_partner"), 8);
	assert_int_equal(query(f, "SELECT count(*) FROM element_contribution"), 6);
	assert_int_equal(query(f, "SELECT count(*) FROM element_attribute"), 10);

	assert_true(store_plan_delete(f->s, "supprimer", &f->d));
	assert_string_equal(table_counts(f), only_kept);
	assert_int_equal(query(f, "SELECT count(*) FROM element"), 5);
	assert_int_equal(query(f, "SELECT count(*) FROM element_partner"), 4);
	assert_int_equal(query(f, "SELECT count(*) FROM element_contribution"), 3);
	assert_int_equal(query(f, "SELECT count(*) FROM element_attribute"), 5);
	assert_int_equal(query(f, "SELECT count(*) FROM plan_custom_column"), 2);
	/* The other plan is intact. */
	assert_same_plan(keep, load_ok(f, "garder"));

	/* By number, then an unknown reference. */
	char *ref = arena_printf(f->a, "%lld", (long long)keep->id);
	assert_true(store_plan_delete(f->s, ref, &f->d));
	assert_int_equal(query(f, "SELECT count(*) FROM element"), 0);
	assert_int_equal(query(f, "SELECT count(*) FROM plan"), 0);
	assert_int_equal(query(f, "SELECT count(*) FROM organisation"), 1);
	assert_false(store_plan_delete(f->s, "garder", &f->d));
	assert_int_equal(f->d.count, 1);
	assert_string_equal(f->d.items[0].message,
	                    "plan inconnu « garder » (la commande « plans » les liste)");
	assert_true(sqlite3_get_autocommit(f->s->sqlite)); /* no transaction left open */
}

static void test_rollback_leaves_nothing(void **state)
{
	fixture *f = *state;
	create_ok(f, sample(f, "Existant"));
	const char *before = table_counts(f);
	assert_true(store_begin(f->s, &f->d));
	assert_true(store_organisation_create(f->s, "Temporaire", ORGANISATION_OTHER, NULL,
	                                      &f->d));
	assert_int_equal(sqlite3_exec(f->s->sqlite,
		"INSERT INTO plan (slug, title, created_at) VALUES ('tmp', 'Temporaire', 'now')",
		NULL, NULL, NULL), SQLITE_OK);
	assert_string_not_equal(table_counts(f), before);
	store_rollback(f->s);
	assert_string_equal(table_counts(f), before);
	assert_true(sqlite3_get_autocommit(f->s->sqlite));
	store_rollback(f->s); /* harmless outside a transaction */
	assert_int_equal(f->d.count, 0);
}

/* An element that breaks a constraint midway: nothing of the plan is left, not even
 * the organisation created for it. */
static void test_failed_create_leaves_nothing(void **state)
{
	fixture *f = *state;
	create_ok(f, sample(f, "Existant"));
	const char *before = table_counts(f);
	plan *p = sample(f, "Cassé");
	p->organisation = "Nouvelle université";
	plan_find(p, "P2")->budget_cents = -5; /* after plan_link: bypasses its checks */
	assert_false(store_plan_create(f->s, f->a, p, &f->d));
	assert_true(f->d.count >= 1);
	assert_string_equal(f->d.items[0].file, f->path);
	assert_non_null(strstr(f->d.items[0].message, "enregistrement d'un élément impossible"));
	assert_non_null(strstr(f->d.items[0].message, "CHECK constraint failed"));
	assert_string_equal(table_counts(f), before);
	assert_int_equal(query(f, "SELECT count(*) FROM organisation"), 0);
	assert_int_equal(query(f, "SELECT count(*) FROM plan WHERE title = 'Cassé'"), 0);
	assert_true(sqlite3_get_autocommit(f->s->sqlite));
	/* The database is still usable. */
	diag_init(&f->d, f->a);
	create_ok(f, sample(f, "Après l'échec"));
}

static void test_plan_list(void **state)
{
	fixture *f = *state;
	plan *b = sample(f, "Bêta");
	b->organisation = "Université A";
	b->period_start = 2024;
	b->period_end = 2028;
	b->version_label = "v1";
	b->status = PLAN_STATUS_ADOPTED;
	create_ok(f, b);
	plan *a = parse(f, "code;niveau;intitule\nA;Axe;Seul\n");
	a->title = "Alpha";
	a->organisation = "Université A";
	create_ok(f, a);
	plan *z = sample(f, "Zêta");
	create_ok(f, z);

	plan_summary *items;
	size_t n;
	assert_true(store_plan_list(f->s, f->a, &items, &n, &f->d));
	assert_int_equal(n, 3);
	/* Without organisation first, then by organisation and title. */
	assert_string_equal(items[0].slug, "zeta");
	assert_null(items[0].organisation);
	assert_int_equal(items[0].element_count, 5);
	assert_string_equal(items[1].slug, "alpha");
	assert_int_equal(items[1].element_count, 1);
	assert_string_equal(items[2].slug, "beta");
	assert_string_equal(items[2].title, "Bêta");
	assert_string_equal(items[2].organisation, "Université A");
	assert_int_equal(items[2].period_start, 2024);
	assert_int_equal(items[2].period_end, 2028);
	assert_string_equal(items[2].version_label, "v1");
	assert_int_equal(items[2].status, PLAN_STATUS_ADOPTED);
	assert_int_equal(items[2].element_count, 5);
	assert_int_equal(items[2].id, b->id);
}

/* ---- organisations ------------------------------------------------------------------------- */

static void test_organisations(void **state)
{
	fixture *f = *state;
	assert_true(store_organisation_create(f->s, "ComUE Loire", ORGANISATION_COMUE, NULL,
	                                      &f->d));
	assert_true(store_organisation_create(f->s, "Université de Nantes-Sud",
	                                      ORGANISATION_UNIVERSITY, "ComUE Loire", &f->d));
	assert_true(store_organisation_create(f->s, "École des mines", ORGANISATION_SCHOOL,
	                                      "ComUE Loire", &f->d));
	for (int i = 0; i < 2; i++) {
		plan *p = sample(f, i ? "Plan 2" : "Plan 1");
		p->organisation = "Université de Nantes-Sud";
		create_ok(f, p);
	}
	organisation_summary *items;
	size_t n;
	assert_true(store_organisation_list(f->s, f->a, &items, &n, &f->d));
	assert_int_equal(n, 3);
	assert_string_equal(items[0].name, "ComUE Loire");
	assert_int_equal(items[0].kind, ORGANISATION_COMUE);
	assert_null(items[0].parent);
	assert_int_equal(items[0].plan_count, 0);
	/* SQLite orders bytes: "É" (0xC3) after "U". */
	assert_string_equal(items[1].name, "Université de Nantes-Sud");
	assert_int_equal(items[1].kind, ORGANISATION_UNIVERSITY);
	assert_string_equal(items[1].parent, "ComUE Loire");
	assert_int_equal(items[1].plan_count, 2);
	assert_string_equal(items[2].name, "École des mines");
	assert_int_equal(items[2].kind, ORGANISATION_SCHOOL);
	assert_string_equal(items[2].parent, "ComUE Loire");
	assert_int_equal(items[2].plan_count, 0);
	assert_int_equal(f->d.count, 0);
}

static void test_organisation_refusals(void **state)
{
	fixture *f = *state;
	assert_true(store_organisation_create(f->s, "ComUE Loire", ORGANISATION_COMUE, NULL,
	                                      &f->d));
	const char *before = table_counts(f);
	assert_false(store_organisation_create(f->s, "ComUE Loire", ORGANISATION_OTHER, NULL,
	                                       &f->d));
	assert_false(store_organisation_create(f->s, "Université B", ORGANISATION_UNIVERSITY,
	                                       "Inconnue", &f->d));
	assert_false(store_organisation_create(f->s, "", ORGANISATION_OTHER, NULL, &f->d));
	assert_int_equal(f->d.count, 3);
	assert_string_equal(f->d.items[0].message, "l'organisation « ComUE Loire » existe déjà");
	assert_string_equal(f->d.items[1].message, "organisation parente inconnue « Inconnue »");
	assert_string_equal(f->d.items[2].message, "le nom de l'organisation est vide");
	assert_string_equal(table_counts(f), before);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup_open, fixture_teardown)
#define T_CLOSED(f) cmocka_unit_test_setup_teardown(f, setup_path, fixture_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T_CLOSED(test_open_create),
		T(test_reopen_is_idempotent),
		T_CLOSED(test_open_existing_missing),
		T_CLOSED(test_open_refuses_non_sqlite_file),
		T_CLOSED(test_open_refuses_foreign_sqlite),
		T_CLOSED(test_open_existing_empty_file),
		T(test_pragmas),
		T(test_create_and_load_every_field),
		T(test_create_and_load_bare_plan),
		T(test_create_reuses_organisation),
		T(test_slugs),
		T(test_explicit_slug_refused),
		T(test_load_by_number_and_unknown),
		T(test_update),
		T(test_partial_adoption_kept),
		T(test_delete_cascades),
		T(test_rollback_leaves_nothing),
		T(test_failed_create_leaves_nothing),
		T(test_plan_list),
		T(test_organisations),
		T(test_organisation_refusals),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
