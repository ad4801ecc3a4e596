/*
 * test_governance_store.c — unit tests for the committees' store
 * (store/governance_store.c): instances, meetings, agenda, attendees, decisions and
 * their effects on the plan, action items and the follow-up of the next meeting.
 *
 * Each case works on its own database file in /tmp holding two plans imported from
 * CSV ("sdn", written to, and "autre", whose records must stay out of reach). What a
 * user would check: values read back through the loaders, every refusal named by its
 * field, stale versions refused, the journal's rows, and for every refusal the
 * database exactly as it was (the tables concerned dumped before and after).
 */
#include "store_fixture.h"
#include "core/governance.h"
#include "store/governance_store.h"
#include "store/item_store.h"

static const char sample_csv[] =
	"code;parent;niveau;intitule\n"
	"AX1;;Axe;Usagers\n"
	"P1;AX1;Projet;Portail étudiant\n"
	"P2;AX1;Projet;Réseau\n"
	"P3;AX1;Projet;Annuaire\n";

static int setup(void **state)
{
	return fixture_setup_two_plans(state, "governance", sample_csv);
}

/* Every table a governance write may touch, the journal included. */
static const char *dump(fixture *f)
{
	static const char *const tables[] = {
		"instance", "instance_member", "instance_element", "meeting", "agenda_item",
		"meeting_attendee", "decision", "decision_element", "action_item", "milestone",
		"element_status", "weather_report", "change_log",
	};
	return dump_tables(f, tables, sizeof(tables) / sizeof(tables[0]), "1, 2");
}

static void clear_diags(fixture *f)
{
	diag_init(&f->d, f->a);
}

/* A diag on `field` whose message contains `text`; the list is then emptied. */
static void expect_diag(fixture *f, const char *field, const char *text)
{
	for (size_t i = 0; i < f->d.count; i++) {
		const diag_entry *x = &f->d.items[i];
		bool same_field = field ? x->file && strcmp(x->file, field) == 0 : x->file == NULL;
		if (same_field && strstr(x->message, text)) {
			clear_diags(f);
			return;
		}
	}
	print_diags(&f->d);
	fail_msg("no diag on %s containing « %s »", field ? field : "(none)", text);
}

static void expect_ok(fixture *f, store_result r)
{
	if (r != STORE_OK) {
		print_diags(&f->d);
		fail_msg("expected STORE_OK, got %d", (int)r);
	}
}

/* The journal rows of one entity and action: "field|old|new\n" in order. */
static const char *journal(fixture *f, const char *entity, const char *action)
{
	return rows_text(f, arena_printf(f->a,
		"SELECT field, old_value, new_value FROM change_log WHERE entity = '%s'"
		" AND action = '%s' ORDER BY id", entity, action));
}

static int64_t make_instance(fixture *f, instance_kind kind, const char *name)
{
	instance x = {.kind = kind, .name = name};
	expect_ok(f, store_instance_create(f->s, f->p, &x, &f->d));
	return x.id;
}

static int64_t make_meeting(fixture *f, int64_t instance_id, jalon_date day,
                            meeting_status status)
{
	meeting m = {.instance_id = instance_id, .date = day, .start_minute = -1,
	             .status = status};
	expect_ok(f, store_meeting_create(f->s, f->p, &m, &f->d));
	return m.id;
}

static meeting get_meeting(fixture *f, int64_t id)
{
	meeting m;
	expect_ok(f, store_meeting_get(f->s, f->a, f->p, id, &m, &f->d));
	return m;
}

static int64_t make_milestone(fixture *f, const char *code, const char *title)
{
	milestone m = {.element = element(f->p, code), .title = title,
	               .planned = {2026, 3, 1}, .status = MILESTONE_PLANNED};
	expect_ok(f, store_milestone_create(f->s, f->p, &m, &f->d));
	return m.id;
}

/* ---- instances --------------------------------------------------------------------- */

static void test_instance_create_update_delete(void **state)
{
	fixture *f = *state;
	instance_member members[] = {{" Mme Durand ", "présidente"}, {"M. Martin", NULL}};
	const plan_element *branches[] = {element(f->p, "P1"), element(f->p, "P2")};
	instance x = {.kind = INSTANCE_STEERING, .name = "  COPIL SDN ", .role = "Pilote le SDN",
	              .frequency = "trimestrielle", .members = members, .member_count = 2,
	              .branches = branches, .branch_count = 2};
	expect_ok(f, store_instance_create(f->s, f->p, &x, &f->d));
	assert_true(x.id > 0);
	assert_int_equal(x.version, 1);
	int64_t second = make_instance(f, INSTANCE_GOVERNANCE, "Conseil d'administration");

	instance *all;
	size_t count;
	expect_ok(f, store_instances_load(f->s, f->a, f->p, &all, &count, &f->d));
	assert_int_equal(count, 2);
	assert_int_equal(all[0].id, x.id);
	assert_int_equal(all[0].kind, INSTANCE_STEERING);
	assert_string_equal(all[0].name, "COPIL SDN");
	assert_string_equal(all[0].role, "Pilote le SDN");
	assert_string_equal(all[0].frequency, "trimestrielle");
	assert_int_equal(all[0].member_count, 2);
	assert_string_equal(all[0].members[0].name, "Mme Durand");
	assert_string_equal(all[0].members[0].role, "présidente");
	assert_null(all[0].members[1].role);
	assert_int_equal(all[0].branch_count, 2);
	assert_ptr_equal(all[0].branches[1], element(f->p, "P2"));
	assert_int_equal(all[1].id, second);
	assert_int_equal(all[1].branch_count, 0);
	assert_string_equal(journal(f, "instance", "create"),
	                    "∅|∅|COPIL SDN\n∅|∅|Conseil d'administration\n");

	/* Another plan cannot see it. */
	instance got;
	assert_int_equal(store_instance_get(f->s, f->a, f->other, x.id, &got, &f->d),
	                 STORE_NOT_FOUND);
	clear_diags(f);

	/* Update: one journal row per changed field. */
	instance_member new_members[] = {{"Mme Durand", "présidente"}};
	const plan_element *new_branches[] = {element(f->p, "P3")};
	x.name = "COPIL du SDN";
	x.frequency = NULL;
	x.members = new_members;
	x.member_count = 1;
	x.branches = new_branches;
	x.branch_count = 1;
	expect_ok(f, store_instance_update(f->s, f->p, &x, 1, &f->d));
	assert_int_equal(x.version, 2);
	assert_string_equal(journal(f, "instance", "update"),
	                    "name|COPIL SDN|COPIL du SDN\n"
	                    "frequency|trimestrielle|∅\n"
	                    "members|Mme Durand (présidente)|M. Martin|Mme Durand (présidente)\n"
	                    "branches|P1|P2|P3\n");

	/* A stale version writes nothing. */
	const char *before = dump(f);
	x.role = "autre";
	assert_int_equal(store_instance_update(f->s, f->p, &x, 1, &f->d), STORE_CONFLICT);
	expect_diag(f, NULL, "modifiée entre-temps");
	assert_int_equal(store_instance_delete(f->s, f->p, x.id, 1, &f->d), STORE_CONFLICT);
	clear_diags(f);
	assert_int_equal(store_instance_delete(f->s, f->other, x.id, 0, &f->d), STORE_NOT_FOUND);
	clear_diags(f);
	assert_string_equal(dump(f), before);

	/* Deleting an instance that has met is refused, saying how many times. */
	make_meeting(f, x.id, (jalon_date){2026, 3, 12}, MEETING_HELD);
	make_meeting(f, x.id, (jalon_date){2026, 6, 12}, MEETING_PLANNED);
	before = dump(f);
	assert_int_equal(store_instance_delete(f->s, f->p, x.id, 0, &f->d), STORE_INVALID);
	expect_diag(f, "meetings", "2 séances");
	assert_string_equal(dump(f), before);

	expect_ok(f, store_instance_delete(f->s, f->p, second, 1, &f->d));
	assert_string_equal(journal(f, "instance", "delete"), "∅|Conseil d'administration|∅\n");
	assert_int_equal(query(f, "SELECT count(*) FROM instance"), 1);
}

static void test_instance_refusals(void **state)
{
	fixture *f = *state;
	make_instance(f, INSTANCE_STEERING, "Comité numérique");
	const char *before = dump(f);

	instance x = {.kind = INSTANCE_OPERATIONAL, .name = "COMITE NUMERIQUE"};
	assert_int_equal(store_instance_create(f->s, f->p, &x, &f->d), STORE_INVALID);
	expect_diag(f, "name", "« Comité numérique »");

	x.name = "  ";
	assert_int_equal(store_instance_create(f->s, f->p, &x, &f->d), STORE_INVALID);
	expect_diag(f, "name", "nom de l'instance manquant");

	instance_member members[] = {{"Mme Durand", NULL}, {" ", "secrétaire"}};
	const plan_element *foreign[] = {element(f->other, "P1")};
	const plan_element *twice[] = {element(f->p, "P1"), element(f->p, "P1")};
	x = (instance){.kind = INSTANCE_TRANSVERSE, .name = "GT", .members = members,
	               .member_count = 2, .branches = foreign, .branch_count = 1};
	assert_int_equal(store_instance_create(f->s, f->p, &x, &f->d), STORE_INVALID);
	expect_diag(f, "members", "membre n° 2 sans nom");
	x.member_count = 1;
	assert_int_equal(store_instance_create(f->s, f->p, &x, &f->d), STORE_INVALID);
	expect_diag(f, "branches", "absent du plan");
	x.branches = twice;
	x.branch_count = 2;
	assert_int_equal(store_instance_create(f->s, f->p, &x, &f->d), STORE_INVALID);
	expect_diag(f, "branches", "cité deux fois");
	x.branch_count = 1;
	x.kind = (instance_kind)9;
	assert_int_equal(store_instance_create(f->s, f->p, &x, &f->d), STORE_INVALID);
	expect_diag(f, "kind", "type d'instance invalide");
	assert_string_equal(dump(f), before);

	/* The same name in another plan is fine. */
	instance other = {.kind = INSTANCE_STEERING, .name = "Comité numérique"};
	expect_ok(f, store_instance_create(f->s, f->other, &other, &f->d));
}

static void test_instances_import(void **state)
{
	fixture *f = *state;
	int64_t kept = make_instance(f, INSTANCE_STEERING, "COPIL SDN");
	int64_t dropped = make_instance(f, INSTANCE_TRANSVERSE, "GT Réseau");
	int64_t met = make_instance(f, INSTANCE_OPERATIONAL, "Comité de suivi");
	make_meeting(f, met, (jalon_date){2026, 1, 10}, MEETING_HELD);

	instance batch[] = {
		{.kind = INSTANCE_GOVERNANCE, .name = "Conseil d'administration", .source_line = 2},
		{.kind = INSTANCE_STEERING, .name = "copil sdn", .frequency = "mensuelle",
		 .source_line = 3},
	};
	/* --replace would drop "Comité de suivi", which has met: refused, nothing written. */
	const char *before = dump(f);
	assert_int_equal(store_instances_import(f->s, f->p, batch, 2, true, NULL, NULL, &f->d),
	                 STORE_INVALID);
	expect_diag(f, NULL, "« Comité de suivi » a 1 séance");
	assert_string_equal(dump(f), before);

	/* Duplicate names in the batch, with their lines. */
	instance twice[] = {
		{.kind = INSTANCE_STEERING, .name = "GT", .source_line = 2},
		{.kind = INSTANCE_STEERING, .name = " gt", .source_line = 5},
	};
	assert_int_equal(store_instances_import(f->s, f->p, twice, 2, false, NULL, NULL, &f->d),
	                 STORE_INVALID);
	assert_int_equal(f->d.items[0].line, 5);
	expect_diag(f, NULL, "déjà décrite ligne 2");
	assert_string_equal(dump(f), before);

	/* Without replace: one created, one updated (its name keeps the file's spelling). */
	size_t created = 9, updated = 9;
	expect_ok(f, store_instances_import(f->s, f->p, batch, 2, false, &created, &updated,
	                                    &f->d));
	assert_int_equal(created, 1);
	assert_int_equal(updated, 1);
	assert_string_equal(rows_text(f, "SELECT id, name, frequency FROM instance"
	                                 " ORDER BY position"),
	                    arena_printf(f->a, "%lld|copil sdn|mensuelle\n%lld|GT Réseau|∅\n"
	                                       "%lld|Comité de suivi|∅\n%lld|Conseil "
	                                       "d'administration|∅\n", (long long)kept,
	                                 (long long)dropped, (long long)met,
	                                 (long long)met + 1));
	assert_string_equal(journal(f, "instance", "import"), "∅|∅|2 instances\n");

	/* With replace, once the meeting's instance is in the batch: GT Réseau goes. */
	instance all3[] = {batch[0], batch[1],
	                   {.kind = INSTANCE_OPERATIONAL, .name = "Comité de suivi",
	                    .source_line = 4}};
	expect_ok(f, store_instances_import(f->s, f->p, all3, 3, true, &created, &updated, &f->d));
	assert_int_equal(created, 0);
	assert_int_equal(updated, 3);
	assert_int_equal(query(f, "SELECT count(*) FROM instance"), 3);
	assert_string_equal(journal(f, "instance", "import"),
	                    "∅|∅|2 instances\n∅|1 instance supprimée|3 instances\n");
}

/* ---- meetings ---------------------------------------------------------------------- */

static void test_meeting_create_update_delete(void **state)
{
	fixture *f = *state;
	int64_t copil = make_instance(f, INSTANCE_STEERING, "COPIL SDN");
	int64_t gt = make_instance(f, INSTANCE_TRANSVERSE, "GT");
	meeting m = {.instance_id = copil, .date = {2026, 3, 12}, .start_minute = 14 * 60,
	             .duration_min = 90, .place = "Salle du conseil",
	             .video_url = "https://visio.example.fr/copil", .status = MEETING_PLANNED};
	expect_ok(f, store_meeting_create(f->s, f->p, &m, &f->d));
	assert_int_equal(m.version, 1);
	meeting got = get_meeting(f, m.id);
	assert_string_equal(got.instance_name, "COPIL SDN");
	assert_int_equal(got.start_minute, 840);
	assert_int_equal(got.duration_min, 90);
	assert_string_equal(got.place, "Salle du conseil");
	assert_int_equal(got.status, MEETING_PLANNED);
	assert_int_equal(got.sequence, 0);
	assert_string_equal(journal(f, "meeting", "create"), "∅|∅|COPIL SDN 2026-03-12\n");

	/* Minutes only: no new SEQUENCE. Place and status: one more. */
	m.minutes = "# Compte rendu";
	expect_ok(f, store_meeting_update(f->s, f->p, &m, 1, &f->d));
	assert_int_equal(get_meeting(f, m.id).sequence, 0);
	m.place = "Amphi A";
	m.status = MEETING_HELD;
	expect_ok(f, store_meeting_update(f->s, f->p, &m, 2, &f->d));
	got = get_meeting(f, m.id);
	assert_int_equal(got.sequence, 1);
	assert_int_equal(got.version, 3);
	assert_int_equal(m.sequence, 1);
	assert_string_equal(journal(f, "meeting", "update"),
	                    "minutes|∅|# Compte rendu\n"
	                    "place|Salle du conseil|Amphi A\n"
	                    "status|prevue|tenue\n");

	/* A cancelled meeting may be rescheduled. */
	m.status = MEETING_CANCELLED;
	expect_ok(f, store_meeting_update(f->s, f->p, &m, 0, &f->d));
	m.status = MEETING_PLANNED;
	m.date = (jalon_date){2026, 3, 19};
	expect_ok(f, store_meeting_update(f->s, f->p, &m, 0, &f->d));
	assert_int_equal(get_meeting(f, m.id).sequence, 3);

	/* Refusals, each on its field, nothing written. */
	const char *before = dump(f);
	meeting bad = {.instance_id = copil, .date = DATE_NONE, .start_minute = 1440,
	               .duration_min = -5, .video_url = "javascript:alert(1)"};
	assert_int_equal(store_meeting_create(f->s, f->p, &bad, &f->d), STORE_INVALID);
	assert_int_equal(f->d.count, 4);
	expect_diag(f, "date", "date de la séance manquante");
	bad = (meeting){.instance_id = copil, .date = {2026, 2, 30}, .start_minute = -1};
	assert_int_equal(store_meeting_create(f->s, f->p, &bad, &f->d), STORE_INVALID);
	expect_diag(f, "date", "date invalide");
	bad = (meeting){.instance_id = copil, .date = {2026, 2, 3}, .start_minute = 1440};
	assert_int_equal(store_meeting_create(f->s, f->p, &bad, &f->d), STORE_INVALID);
	expect_diag(f, "start", "de 00:00 à 23:59");
	bad.start_minute = -1;
	bad.video_url = "ftp://x";
	assert_int_equal(store_meeting_create(f->s, f->p, &bad, &f->d), STORE_INVALID);
	expect_diag(f, "video_url", "http:// ou https://");
	bad.video_url = NULL;
	bad.duration_min = -1;
	assert_int_equal(store_meeting_create(f->s, f->p, &bad, &f->d), STORE_INVALID);
	expect_diag(f, "duration", "durée invalide");
	instance foreign = {.kind = INSTANCE_STEERING, .name = "COPIL autre"};
	expect_ok(f, store_instance_create(f->s, f->other, &foreign, &f->d));
	before = dump(f);
	bad = (meeting){.instance_id = foreign.id, .date = {2026, 2, 3}, .start_minute = -1};
	assert_int_equal(store_meeting_create(f->s, f->p, &bad, &f->d), STORE_INVALID);
	expect_diag(f, "instance", "aucune instance");
	m.instance_id = foreign.id;
	assert_int_equal(store_meeting_update(f->s, f->p, &m, 0, &f->d), STORE_INVALID);
	expect_diag(f, "instance", "aucune instance");
	m.instance_id = copil;
	assert_int_equal(store_meeting_update(f->s, f->p, &m, 1, &f->d), STORE_CONFLICT);
	clear_diags(f);
	assert_int_equal(store_meeting_get(f->s, f->a, f->other, m.id, &got, &f->d),
	                 STORE_NOT_FOUND);
	clear_diags(f);
	assert_string_equal(dump(f), before);

	/* Moving to another instance of the plan is journalled by name. */
	m.instance_id = gt;
	expect_ok(f, store_meeting_update(f->s, f->p, &m, 0, &f->d));
	assert_string_equal(rows_text(f, "SELECT old_value, new_value FROM change_log"
	                                 " WHERE field = 'instance'"), "COPIL SDN|GT\n");

	/* A meeting with a decision cannot be deleted; without, it can. */
	decision dec = {.meeting_id = m.id, .kind = DECISION_OTHER, .text = "Point d'étape"};
	expect_ok(f, store_decision_create(f->s, f->a, f->p, &dec, &f->d));
	before = dump(f);
	assert_int_equal(store_meeting_delete(f->s, f->p, m.id, 0, &f->d), STORE_INVALID);
	expect_diag(f, "decisions", "1 décision");
	assert_string_equal(dump(f), before);
	int64_t empty = make_meeting(f, copil, (jalon_date){2026, 9, 1}, MEETING_PLANNED);
	expect_ok(f, store_meeting_delete(f->s, f->p, empty, 1, &f->d));
	assert_string_equal(journal(f, "meeting", "delete"), "∅|COPIL SDN 2026-09-01|∅\n");
}

static void test_meeting_previous_and_last_held(void **state)
{
	fixture *f = *state;
	int64_t copil = make_instance(f, INSTANCE_STEERING, "COPIL");
	int64_t gt = make_instance(f, INSTANCE_TRANSVERSE, "GT");
	int64_t m1 = make_meeting(f, copil, (jalon_date){2026, 1, 15}, MEETING_MINUTES_APPROVED);
	int64_t m2 = make_meeting(f, copil, (jalon_date){2026, 2, 15}, MEETING_CANCELLED);
	int64_t m3 = make_meeting(f, copil, (jalon_date){2026, 3, 15}, MEETING_HELD);
	int64_t g1 = make_meeting(f, gt, (jalon_date){2026, 3, 1}, MEETING_HELD);
	int64_t m4 = make_meeting(f, copil, (jalon_date){2026, 3, 15}, MEETING_PLANNED);

	meeting prev;
	meeting x = get_meeting(f, m3);
	expect_ok(f, store_meeting_previous(f->s, f->a, f->p, &x, &prev, &f->d));
	assert_int_equal(prev.id, m1); /* the cancelled one skipped */
	x = get_meeting(f, m4);        /* same date, larger id */
	expect_ok(f, store_meeting_previous(f->s, f->a, f->p, &x, &prev, &f->d));
	assert_int_equal(prev.id, m3);
	x = get_meeting(f, m1);
	assert_int_equal(store_meeting_previous(f->s, f->a, f->p, &x, &prev, &f->d),
	                 STORE_NOT_FOUND);
	(void)m2;

	meeting last;
	expect_ok(f, store_meeting_last_held(f->s, f->a, f->p, (jalon_date){2026, 3, 10}, &last,
	                                     &f->d));
	assert_int_equal(last.id, g1);
	assert_string_equal(last.instance_name, "GT");
	expect_ok(f, store_meeting_last_held(f->s, f->a, f->p, (jalon_date){2026, 12, 31}, &last,
	                                     &f->d));
	assert_int_equal(last.id, m3); /* m4 is only planned */
	assert_int_equal(store_meeting_last_held(f->s, f->a, f->p, (jalon_date){2026, 1, 14},
	                                         &last, &f->d), STORE_NOT_FOUND);
	assert_int_equal(store_meeting_last_held(f->s, f->a, f->other, (jalon_date){2026, 12, 31},
	                                         &last, &f->d), STORE_NOT_FOUND);

	meeting *list;
	size_t count;
	expect_ok(f, store_meetings_load(f->s, f->a, f->p, copil, &list, &count, &f->d));
	assert_int_equal(count, 4);
	assert_int_equal(list[0].id, m1);
	assert_int_equal(list[3].id, m4);
	expect_ok(f, store_meetings_load(f->s, f->a, f->p, 0, &list, &count, &f->d));
	assert_int_equal(count, 5);
	assert_int_equal(list[2].id, g1);
}

/* ---- agenda and attendees ---------------------------------------------------------- */

static void test_agenda(void **state)
{
	fixture *f = *state;
	int64_t copil = make_instance(f, INSTANCE_STEERING, "COPIL");
	int64_t m = make_meeting(f, copil, (jalon_date){2026, 3, 12}, MEETING_PLANNED);
	agenda_item a1 = {.meeting_id = m, .title = "Ouverture"};
	agenda_item a2 = {.meeting_id = m, .element = element(f->p, "P1"), .for_decision = true};
	agenda_item a3 = {.meeting_id = m, .title = "Questions diverses", .notes = "à compléter"};
	expect_ok(f, store_agenda_item_create(f->s, f->p, &a1, &f->d));
	expect_ok(f, store_agenda_item_create(f->s, f->p, &a2, &f->d));
	expect_ok(f, store_agenda_item_create(f->s, f->p, &a3, &f->d));
	agenda_item *list;
	size_t count;
	expect_ok(f, store_agenda_load(f->s, f->a, f->p, m, &list, &count, &f->d));
	assert_int_equal(count, 3);
	assert_string_equal(list[1].title, "P1 Portail étudiant"); /* the element's by default */
	assert_ptr_equal(list[1].element, element(f->p, "P1"));
	assert_true(list[1].for_decision);
	assert_string_equal(list[2].notes, "à compléter");

	/* Move: the last one up, then past the top nothing moves. */
	expect_ok(f, store_agenda_item_move(f->s, f->p, a3.id, -1, &f->d));
	expect_ok(f, store_agenda_item_move(f->s, f->p, a3.id, -1, &f->d));
	int64_t rows = query(f, "SELECT count(*) FROM change_log");
	expect_ok(f, store_agenda_item_move(f->s, f->p, a3.id, -1, &f->d));
	assert_int_equal(query(f, "SELECT count(*) FROM change_log"), rows);
	expect_ok(f, store_agenda_load(f->s, f->a, f->p, m, &list, &count, &f->d));
	assert_string_equal(list[0].title, "Questions diverses");
	assert_string_equal(list[1].title, "Ouverture");
	assert_string_equal(list[2].title, "P1 Portail étudiant");
	expect_ok(f, store_agenda_item_move(f->s, f->p, a1.id, +1, &f->d));
	expect_ok(f, store_agenda_load(f->s, f->a, f->p, m, &list, &count, &f->d));
	assert_int_equal(list[2].id, a1.id);
	assert_string_equal(rows_text(f, "SELECT old_value, new_value FROM change_log"
	                                 " WHERE field = 'position' ORDER BY id"),
	                    "3|2\n2|1\n2|3\n");

	/* Update keeps the position; journal per field. */
	a2.title = "Portail : recette";
	a2.element = NULL;
	a2.for_decision = false;
	expect_ok(f, store_agenda_item_update(f->s, f->p, &a2, 1, &f->d));
	expect_ok(f, store_agenda_load(f->s, f->a, f->p, m, &list, &count, &f->d));
	assert_string_equal(list[1].title, "Portail : recette");
	assert_null(list[1].element);
	assert_string_equal(rows_text(f, "SELECT field, old_value, new_value FROM change_log"
	                                 " WHERE entity = 'agenda_item' AND action = 'update'"
	                                 " AND field <> 'position' ORDER BY id"),
	                    "title|P1 Portail étudiant|Portail : recette\n"
	                    "element|P1|∅\n"
	                    "for_decision|oui|non\n");

	/* Refusals. */
	const char *before = dump(f);
	agenda_item bad = {.meeting_id = m, .title = "x", .element = element(f->p, "P2"),
	                   .risk_id = 1};
	assert_int_equal(store_agenda_item_create(f->s, f->p, &bad, &f->d), STORE_INVALID);
	expect_diag(f, "element", "un seul élément, indicateur ou risque");
	bad = (agenda_item){.meeting_id = m, .title = "  "};
	assert_int_equal(store_agenda_item_create(f->s, f->p, &bad, &f->d), STORE_INVALID);
	expect_diag(f, "title", "intitulé du point manquant");
	bad = (agenda_item){.meeting_id = m, .risk_id = 999};
	assert_int_equal(store_agenda_item_create(f->s, f->p, &bad, &f->d), STORE_INVALID);
	expect_diag(f, "risk", "aucun risque n° 999");
	bad = (agenda_item){.meeting_id = m, .indicator_id = 999};
	assert_int_equal(store_agenda_item_create(f->s, f->p, &bad, &f->d), STORE_INVALID);
	expect_diag(f, "indicator", "aucun indicateur n° 999");
	bad = (agenda_item){.meeting_id = m, .element = element(f->other, "P2")};
	assert_int_equal(store_agenda_item_create(f->s, f->p, &bad, &f->d), STORE_INVALID);
	expect_diag(f, "element", "absent du plan");
	assert_int_equal(store_agenda_item_update(f->s, f->p, &a2, 1, &f->d), STORE_CONFLICT);
	clear_diags(f);
	assert_int_equal(store_agenda_item_delete(f->s, f->other, a2.id, 0, &f->d),
	                 STORE_NOT_FOUND);
	clear_diags(f);
	assert_string_equal(dump(f), before);

	expect_ok(f, store_agenda_item_delete(f->s, f->p, a2.id, 2, &f->d));
	assert_string_equal(journal(f, "agenda_item", "delete"), "∅|Portail : recette|∅\n");

	/* A point about a risk takes its description as title; the loader fills it. */
	element_risk risk = {.element = element(f->p, "P3"), .description = "Retard du prestataire",
	                     .status = RISK_OPEN};
	expect_ok(f, store_risk_create(f->s, f->p, &risk, &f->d));
	agenda_item about = {.meeting_id = m, .risk_id = risk.id};
	expect_ok(f, store_agenda_item_create(f->s, f->p, &about, &f->d));
	expect_ok(f, store_agenda_load(f->s, f->a, f->p, m, &list, &count, &f->d));
	assert_int_equal(count, 3);
	assert_string_equal(list[2].title, "Retard du prestataire");
	assert_int_equal(list[2].risk_id, risk.id);
	assert_string_equal(list[2].risk_description, "Retard du prestataire");
	assert_int_equal(store_agenda_load(f->s, f->a, f->other, m, &list, &count, &f->d),
	                 STORE_NOT_FOUND);
	clear_diags(f);
}

static void test_attendees(void **state)
{
	fixture *f = *state;
	int64_t copil = make_instance(f, INSTANCE_STEERING, "COPIL");
	int64_t m = make_meeting(f, copil, (jalon_date){2026, 3, 12}, MEETING_HELD);
	meeting_attendee list[] = {{" Mme Durand", PRESENCE_PRESENT}, {"M. Martin", PRESENCE_EXCUSED}};
	expect_ok(f, store_attendees_set(f->s, f->p, m, list, 2, &f->d));
	meeting_attendee *got;
	size_t count;
	expect_ok(f, store_attendees_load(f->s, f->a, f->p, m, &got, &count, &f->d));
	assert_int_equal(count, 2);
	assert_string_equal(got[0].name, "Mme Durand");
	assert_int_equal(got[1].presence, PRESENCE_EXCUSED);

	const char *before = dump(f);
	meeting_attendee twice[] = {{"Mme Durand", PRESENCE_PRESENT}, {"MME DURAND", PRESENCE_EXCUSED}};
	assert_int_equal(store_attendees_set(f->s, f->p, m, twice, 2, &f->d), STORE_INVALID);
	expect_diag(f, "attendees", "deux fois");
	meeting_attendee blank[] = {{"", PRESENCE_PRESENT}};
	assert_int_equal(store_attendees_set(f->s, f->p, m, blank, 1, &f->d), STORE_INVALID);
	expect_diag(f, "attendees", "participant n° 1 sans nom");
	assert_int_equal(store_attendees_set(f->s, f->other, m, list, 1, &f->d), STORE_NOT_FOUND);
	clear_diags(f);
	assert_string_equal(dump(f), before);

	expect_ok(f, store_attendees_set(f->s, f->p, m, list, 1, &f->d));
	assert_string_equal(journal(f, "meeting", "update"),
	                    "attendees|∅|Mme Durand|M. Martin (excusé)\n"
	                    "attendees|Mme Durand|M. Martin (excusé)|Mme Durand\n");
}

/* ---- decisions --------------------------------------------------------------------- */

static void test_decision_milestone_reached(void **state)
{
	fixture *f = *state;
	int64_t copil = make_instance(f, INSTANCE_STEERING, "COPIL SDN");
	int64_t m = make_meeting(f, copil, (jalon_date){2026, 3, 12}, MEETING_HELD);
	int64_t recette = make_milestone(f, "P1", "Recette");
	const plan_element *elements[] = {element(f->p, "P1")};
	decision d = {.meeting_id = m, .kind = DECISION_VALIDATION,
	              .text = "Le COPIL valide la recette du portail", .elements = elements,
	              .element_count = 1, .effect = EFFECT_MILESTONE_REACHED,
	              .milestone_id = recette};
	expect_ok(f, store_decision_create(f->s, f->a, f->p, &d, &f->d));
	assert_string_equal(d.effect_summary, "Jalon « Recette » atteint le 12/03/2026");
	assert_string_equal(rows_text(f, arena_printf(f->a,
		"SELECT status, actual_on, validated_by, validated_on, minutes_ref, version"
		" FROM milestone WHERE id = %lld", (long long)recette)),
		"atteint|2026-03-12|COPIL SDN|2026-03-12|Séance COPIL SDN du 12/03/2026|2\n");
	/* Journalled as the element sheet journals a milestone, and the decision itself. */
	assert_string_equal(journal(f, "milestone", "update"),
	                    "actual|∅|2026-03-12\nstatus|a-venir|atteint\n"
	                    "validated_by|∅|COPIL SDN\nvalidated_on|∅|2026-03-12\n"
	                    "minutes_ref|∅|Séance COPIL SDN du 12/03/2026\n");
	assert_string_equal(journal(f, "decision", "create"),
	                    "∅|∅|Le COPIL valide la recette du portail\n");
	assert_string_equal(rows_text(f, "SELECT element_code FROM change_log"
	                                 " WHERE entity = 'decision'"), "P1\n");

	decision got;
	expect_ok(f, store_decision_get(f->s, f->a, f->p, d.id, &got, &f->d));
	assert_int_equal(got.effect, EFFECT_MILESTONE_REACHED);
	assert_int_equal(got.milestone_id, recette);
	assert_string_equal(got.effect_summary, "Jalon « Recette » atteint le 12/03/2026");
	assert_int_equal(got.element_count, 1);
	assert_ptr_equal(got.elements[0], element(f->p, "P1"));
	assert_string_equal(got.instance_name, "COPIL SDN");
	assert_same_date(got.meeting_date, (jalon_date){2026, 3, 12});

	/* With an explicit date, the actual date is that one. */
	int64_t mep = make_milestone(f, "P2", "Mise en production");
	decision d2 = {.meeting_id = m, .kind = DECISION_VALIDATION, .text = "MEP constatée",
	               .effect = EFFECT_MILESTONE_REACHED, .milestone_id = mep,
	               .effect_date = {2026, 3, 2}};
	expect_ok(f, store_decision_create(f->s, f->a, f->p, &d2, &f->d));
	assert_string_equal(rows_text(f, arena_printf(f->a,
		"SELECT actual_on, validated_on FROM milestone WHERE id = %lld", (long long)mep)),
		"2026-03-02|2026-03-12\n");
}

static void test_decision_other_effects(void **state)
{
	fixture *f = *state;
	int64_t copil = make_instance(f, INSTANCE_STEERING, "COPIL");
	int64_t m = make_meeting(f, copil, (jalon_date){2026, 3, 12}, MEETING_HELD);
	int64_t recette = make_milestone(f, "P1", "Recette");
	int64_t lot2 = make_milestone(f, "P1", "Lot 2");

	decision d = {.meeting_id = m, .kind = DECISION_POSTPONEMENT, .text = "Recette reportée",
	              .effect = EFFECT_MILESTONE_POSTPONED, .milestone_id = recette,
	              .effect_date = {2026, 6, 30}};
	expect_ok(f, store_decision_create(f->s, f->a, f->p, &d, &f->d));
	assert_string_equal(d.effect_summary, "Jalon « Recette » reporté au 30/06/2026");
	assert_string_equal(rows_text(f, arena_printf(f->a, "SELECT status, forecast_on, actual_on"
		" FROM milestone WHERE id = %lld", (long long)recette)), "a-venir|2026-06-30|∅\n");

	d = (decision){.meeting_id = m, .kind = DECISION_ABANDONMENT, .text = "Lot 2 abandonné",
	               .effect = EFFECT_MILESTONE_CANCELLED, .milestone_id = lot2};
	expect_ok(f, store_decision_create(f->s, f->a, f->p, &d, &f->d));
	assert_string_equal(d.effect_summary, "Jalon « Lot 2 » annulé");
	assert_int_equal(query(f, arena_printf(f->a, "SELECT status = 'annule' FROM milestone"
		" WHERE id = %lld", (long long)lot2)), 1);

	/* Phase: the plan's spelling; the weather and progress already there are kept. */
	element_status st = {.element = element(f->p, "P2"), .has_progress = true,
	                     .progress_pct = 40, .weather = WEATHER_CLOUDY};
	assert_true(store_element_status_set(f->s, f->p, &st, (jalon_date){2026, 3, 1}, NULL,
	                                     &f->d));
	int64_t reports = query(f, "SELECT count(*) FROM weather_report");
	d = (decision){.meeting_id = m, .kind = DECISION_ARBITRATION, .text = "Passage en recette",
	               .effect = EFFECT_PHASE, .effect_element = element(f->p, "P2"),
	               .effect_value = "RECETTE"};
	expect_ok(f, store_decision_create(f->s, f->a, f->p, &d, &f->d));
	assert_string_equal(d.effect_summary, "Élément P2 : phase « recette »");
	assert_string_equal(rows_text(f, arena_printf(f->a, "SELECT progress_pct, weather, phase"
		" FROM element_status WHERE element_id = %lld", (long long)element(f->p, "P2")->id)),
		"40|nuage|recette\n");
	assert_int_equal(query(f, "SELECT count(*) FROM weather_report"), reports);

	d = (decision){.meeting_id = m, .kind = DECISION_OTHER, .text = "Avancement constaté",
	               .effect = EFFECT_PROGRESS, .effect_element = element(f->p, "P2"),
	               .effect_value = "75"};
	expect_ok(f, store_decision_create(f->s, f->a, f->p, &d, &f->d));
	assert_string_equal(d.effect_summary, "Élément P2 : avancement 75 %");
	assert_string_equal(rows_text(f, arena_printf(f->a, "SELECT progress_pct, weather, phase"
		" FROM element_status WHERE element_id = %lld", (long long)element(f->p, "P2")->id)),
		"75|nuage|recette\n");
	assert_string_equal(journal(f, "status", "update"),
	                    "progress|∅|40\nweather|∅|nuage\nphase|∅|recette\nprogress|40|75\n");
}

static void test_decision_refused_effect_writes_nothing(void **state)
{
	fixture *f = *state;
	int64_t copil = make_instance(f, INSTANCE_STEERING, "COPIL");
	int64_t m = make_meeting(f, copil, (jalon_date){2026, 3, 12}, MEETING_HELD);
	int64_t recette = make_milestone(f, "P1", "Recette");
	milestone foreign = {.element = element(f->other, "P1"), .title = "Ailleurs",
	                     .planned = {2026, 1, 1}};
	expect_ok(f, store_milestone_create(f->s, f->other, &foreign, &f->d));
	const char *before = dump(f);

	decision d = {.meeting_id = m, .kind = DECISION_VALIDATION, .text = "Validé",
	              .effect = EFFECT_MILESTONE_REACHED, .milestone_id = foreign.id};
	assert_int_equal(store_decision_create(f->s, f->a, f->p, &d, &f->d), STORE_INVALID);
	expect_diag(f, "milestone", "aucun jalon");
	d.milestone_id = 0;
	assert_int_equal(store_decision_create(f->s, f->a, f->p, &d, &f->d), STORE_INVALID);
	expect_diag(f, "milestone", "jalon concerné manquant");
	d = (decision){.meeting_id = m, .kind = DECISION_POSTPONEMENT, .text = "Reporté",
	               .effect = EFFECT_MILESTONE_POSTPONED, .milestone_id = recette};
	assert_int_equal(store_decision_create(f->s, f->a, f->p, &d, &f->d), STORE_INVALID);
	expect_diag(f, "effect_date", "nouvelle date prévue manquante");
	d = (decision){.meeting_id = m, .kind = DECISION_OTHER, .text = "Phase",
	               .effect = EFFECT_PHASE, .effect_element = element(f->p, "P1"),
	               .effect_value = "déploiement"};
	assert_int_equal(store_decision_create(f->s, f->a, f->p, &d, &f->d), STORE_INVALID);
	expect_diag(f, "effect_value", "phase inconnue « déploiement »");
	d.effect_value = NULL;
	assert_int_equal(store_decision_create(f->s, f->a, f->p, &d, &f->d), STORE_INVALID);
	expect_diag(f, "effect_value", "phase manquante");
	d = (decision){.meeting_id = m, .kind = DECISION_OTHER, .text = "Avancement",
	               .effect = EFFECT_PROGRESS, .effect_element = element(f->p, "P1"),
	               .effect_value = "120"};
	assert_int_equal(store_decision_create(f->s, f->a, f->p, &d, &f->d), STORE_INVALID);
	expect_diag(f, "effect_value", "avancement invalide « 120 »");
	d.effect_element = element(f->other, "P1");
	d.effect_value = "10";
	assert_int_equal(store_decision_create(f->s, f->a, f->p, &d, &f->d), STORE_INVALID);
	expect_diag(f, "effect_element", "absent du plan");
	d = (decision){.meeting_id = m, .kind = DECISION_OTHER, .text = "  "};
	assert_int_equal(store_decision_create(f->s, f->a, f->p, &d, &f->d), STORE_INVALID);
	expect_diag(f, "text", "texte de la décision manquant");
	d.text = "Ailleurs";
	d.meeting_id = 9999;
	assert_int_equal(store_decision_create(f->s, f->a, f->p, &d, &f->d), STORE_NOT_FOUND);
	clear_diags(f);
	assert_string_equal(dump(f), before);
}

static void test_decision_update_delete(void **state)
{
	fixture *f = *state;
	int64_t copil = make_instance(f, INSTANCE_STEERING, "COPIL");
	int64_t m = make_meeting(f, copil, (jalon_date){2026, 3, 12}, MEETING_HELD);
	int64_t recette = make_milestone(f, "P1", "Recette");
	const plan_element *e1[] = {element(f->p, "P1")};
	const plan_element *e2[] = {element(f->p, "P2"), element(f->p, "P3")};
	decision d = {.meeting_id = m, .kind = DECISION_VALIDATION, .text = "Validé",
	              .elements = e1, .element_count = 1, .effect = EFFECT_MILESTONE_REACHED,
	              .milestone_id = recette};
	expect_ok(f, store_decision_create(f->s, f->a, f->p, &d, &f->d));
	d.kind = DECISION_ARBITRATION;
	d.text = "Validé sous réserve";
	d.elements = e2;
	d.element_count = 2;
	d.effect = EFFECT_NONE; /* ignored: an edit never touches the effect */
	expect_ok(f, store_decision_update(f->s, f->p, &d, 1, &f->d));
	assert_int_equal(d.version, 2);
	decision got;
	expect_ok(f, store_decision_get(f->s, f->a, f->p, d.id, &got, &f->d));
	assert_int_equal(got.kind, DECISION_ARBITRATION);
	assert_int_equal(got.effect, EFFECT_MILESTONE_REACHED);
	assert_int_equal(got.element_count, 2);
	assert_ptr_equal(got.elements[1], element(f->p, "P3"));
	assert_string_equal(journal(f, "decision", "update"),
	                    "kind|validation|arbitrage\ntext|Validé|Validé sous réserve\n"
	                    "elements|P1|P2|P3\n");
	assert_int_equal(store_decision_update(f->s, f->p, &d, 1, &f->d), STORE_CONFLICT);
	clear_diags(f);

	expect_ok(f, store_decision_delete(f->s, f->p, d.id, 2, &f->d));
	assert_string_equal(journal(f, "decision", "delete"),
	                    "∅|Validé sous réserve (effet conservé : Jalon « Recette » atteint le "
	                    "12/03/2026)|∅\n");
	/* The milestone stays reached. */
	assert_int_equal(query(f, "SELECT count(*) FROM milestone WHERE status = 'atteint'"), 1);
	assert_int_equal(query(f, "SELECT count(*) FROM decision_element"), 0);
}

static void test_decision_search(void **state)
{
	fixture *f = *state;
	int64_t copil = make_instance(f, INSTANCE_STEERING, "COPIL SDN");
	int64_t ca = make_instance(f, INSTANCE_GOVERNANCE, "Conseil d'administration");
	int64_t m1 = make_meeting(f, copil, (jalon_date){2026, 1, 20}, MEETING_HELD);
	int64_t m2 = make_meeting(f, ca, (jalon_date){2026, 2, 20}, MEETING_HELD);
	int64_t m3 = make_meeting(f, copil, (jalon_date){2026, 3, 20}, MEETING_HELD);
	const plan_element *reseau[] = {element(f->p, "P2")};
	decision d1 = {.meeting_id = m1, .kind = DECISION_BUDGET,
	               .text = "Crédits supplémentaires pour l'ÉTUDE", .elements = reseau,
	               .element_count = 1};
	decision d2 = {.meeting_id = m2, .kind = DECISION_VALIDATION, .text = "Adoption du SDN"};
	decision d3 = {.meeting_id = m3, .kind = DECISION_VALIDATION, .text = "Étude validée"};
	expect_ok(f, store_decision_create(f->s, f->a, f->p, &d1, &f->d));
	expect_ok(f, store_decision_create(f->s, f->a, f->p, &d2, &f->d));
	expect_ok(f, store_decision_create(f->s, f->a, f->p, &d3, &f->d));

	decision *found;
	size_t count;
	decision_filter all = {.kind = -1};
	expect_ok(f, store_decisions_search(f->s, f->a, f->p, &all, &found, &count, &f->d));
	assert_int_equal(count, 3);
	assert_int_equal(found[0].id, d3.id); /* newest meeting first */
	assert_int_equal(found[2].id, d1.id);

	decision_filter words = {.query = "etude", .kind = -1};
	expect_ok(f, store_decisions_search(f->s, f->a, f->p, &words, &found, &count, &f->d));
	assert_int_equal(count, 2);
	assert_int_equal(found[0].id, d3.id);
	assert_int_equal(found[1].id, d1.id);
	words.query = "étude  réseau"; /* every word; the element's title counts */
	expect_ok(f, store_decisions_search(f->s, f->a, f->p, &words, &found, &count, &f->d));
	assert_int_equal(count, 1);
	assert_int_equal(found[0].id, d1.id);
	words.query = "conseil"; /* the instance's name */
	expect_ok(f, store_decisions_search(f->s, f->a, f->p, &words, &found, &count, &f->d));
	assert_int_equal(count, 1);
	assert_int_equal(found[0].id, d2.id);

	decision_filter kind = {.kind = DECISION_VALIDATION};
	expect_ok(f, store_decisions_search(f->s, f->a, f->p, &kind, &found, &count, &f->d));
	assert_int_equal(count, 2);
	decision_filter inst = {.kind = -1, .instance_id = copil};
	expect_ok(f, store_decisions_search(f->s, f->a, f->p, &inst, &found, &count, &f->d));
	assert_int_equal(count, 2);
	decision_filter dates = {.kind = -1, .from = {2026, 2, 1}, .to = {2026, 3, 20}};
	expect_ok(f, store_decisions_search(f->s, f->a, f->p, &dates, &found, &count, &f->d));
	assert_int_equal(count, 2);
	assert_int_equal(found[1].id, d2.id);
	expect_ok(f, store_decisions_search(f->s, f->a, f->other, &all, &found, &count, &f->d));
	assert_int_equal(count, 0);

	decision *of_meeting;
	expect_ok(f, store_decisions_load(f->s, f->a, f->p, m1, &of_meeting, &count, &f->d));
	assert_int_equal(count, 1);
	assert_int_equal(of_meeting[0].element_count, 1);
	expect_ok(f, store_decisions_load(f->s, f->a, f->p, 0, &of_meeting, &count, &f->d));
	assert_int_equal(count, 3);
}

/* ---- action items ------------------------------------------------------------------ */

static void test_action_items(void **state)
{
	fixture *f = *state;
	jalon_date today = {2026, 4, 1};
	int64_t copil = make_instance(f, INSTANCE_STEERING, "COPIL");
	int64_t m = make_meeting(f, copil, (jalon_date){2026, 3, 12}, MEETING_HELD);
	action_item a1 = {.meeting_id = m, .text = "Relancer le prestataire", .owner = "Hélène",
	                  .due = {2026, 3, 30}, .element = element(f->p, "P1")};
	action_item a2 = {.text = "Rédiger le cahier des charges", .owner = "DSI",
	                  .due = {2026, 5, 1}};
	action_item a3 = {.text = "Sans échéance", .owner = "helene"};
	action_item a4 = {.text = "Déjà faite", .status = ACTION_DONE};
	expect_ok(f, store_action_item_create(f->s, f->p, &a1, today, &f->d));
	expect_ok(f, store_action_item_create(f->s, f->p, &a2, today, &f->d));
	expect_ok(f, store_action_item_create(f->s, f->p, &a3, today, &f->d));
	expect_ok(f, store_action_item_create(f->s, f->p, &a4, today, &f->d));
	assert_same_date(a4.closed_on, today);
	assert_false(date_is_set(a1.closed_on));

	action_item *list;
	size_t count;
	action_filter any = {0};
	expect_ok(f, store_action_items_load(f->s, f->a, f->p, &any, &list, &count, &f->d));
	assert_int_equal(count, 4);
	assert_int_equal(list[0].id, a1.id); /* open by due date, none last, then closed */
	assert_int_equal(list[1].id, a2.id);
	assert_int_equal(list[2].id, a3.id);
	assert_int_equal(list[3].id, a4.id);
	assert_string_equal(list[0].instance_name, "COPIL");
	assert_same_date(list[0].meeting_date, (jalon_date){2026, 3, 12});
	assert_same_date(list[0].created_on, today);
	assert_true(action_item_overdue(&list[0], today));
	assert_false(action_item_overdue(&list[1], today));
	assert_false(action_item_overdue(&list[2], today));

	action_filter owner = {.owner = "HELENE"};
	expect_ok(f, store_action_items_load(f->s, f->a, f->p, &owner, &list, &count, &f->d));
	assert_int_equal(count, 2);
	action_filter open = {.open_only = true, .element_id = element(f->p, "P1")->id};
	expect_ok(f, store_action_items_load(f->s, f->a, f->p, &open, &list, &count, &f->d));
	assert_int_equal(count, 1);
	action_filter at = {.meeting_id = m};
	expect_ok(f, store_action_items_load(f->s, f->a, f->p, &at, &list, &count, &f->d));
	assert_int_equal(count, 1);

	/* Closing sets closed_on to today, staying closed keeps it, reopening clears it. */
	a1.status = ACTION_DONE;
	expect_ok(f, store_action_item_update(f->s, f->p, &a1, 1, (jalon_date){2026, 4, 2}, &f->d));
	assert_same_date(a1.closed_on, (jalon_date){2026, 4, 2});
	a1.status = ACTION_DROPPED;
	expect_ok(f, store_action_item_update(f->s, f->p, &a1, 2, (jalon_date){2026, 4, 9}, &f->d));
	action_item got;
	expect_ok(f, store_action_item_get(f->s, f->a, f->p, a1.id, &got, &f->d));
	assert_same_date(got.closed_on, (jalon_date){2026, 4, 2});
	a1.status = ACTION_IN_PROGRESS;
	expect_ok(f, store_action_item_update(f->s, f->p, &a1, 3, (jalon_date){2026, 4, 9}, &f->d));
	expect_ok(f, store_action_item_get(f->s, f->a, f->p, a1.id, &got, &f->d));
	assert_false(date_is_set(got.closed_on));
	assert_string_equal(journal(f, "action_item", "update"),
	                    "status|a-faire|faite\nstatus|faite|abandonnee\n"
	                    "status|abandonnee|en-cours\n");

	const char *before = dump(f);
	action_item bad = {.text = " "};
	assert_int_equal(store_action_item_create(f->s, f->p, &bad, today, &f->d), STORE_INVALID);
	expect_diag(f, "text", "texte de l'action manquant");
	bad = (action_item){.text = "x", .meeting_id = 9999};
	assert_int_equal(store_action_item_create(f->s, f->p, &bad, today, &f->d), STORE_INVALID);
	expect_diag(f, "meeting", "aucune séance n° 9999");
	bad = (action_item){.text = "x", .due = {2026, 13, 1}};
	assert_int_equal(store_action_item_create(f->s, f->p, &bad, today, &f->d), STORE_INVALID);
	expect_diag(f, "due", "date invalide");
	assert_int_equal(store_action_item_update(f->s, f->p, &a1, 1, today, &f->d),
	                 STORE_CONFLICT);
	clear_diags(f);
	assert_int_equal(store_action_item_delete(f->s, f->other, a1.id, 0, &f->d),
	                 STORE_NOT_FOUND);
	clear_diags(f);
	assert_string_equal(dump(f), before);

	expect_ok(f, store_action_item_delete(f->s, f->p, a2.id, 1, &f->d));
	assert_string_equal(journal(f, "action_item", "delete"),
	                    "∅|Rédiger le cahier des charges|∅\n");
	assert_string_equal(rows_text(f, "SELECT element_code FROM change_log"
	                                 " WHERE entity = 'action_item' AND action = 'create'"
	                                 " ORDER BY id LIMIT 1"), "P1\n");
}

static void test_followups(void **state)
{
	fixture *f = *state;
	int64_t copil = make_instance(f, INSTANCE_STEERING, "COPIL");
	int64_t gt = make_instance(f, INSTANCE_TRANSVERSE, "GT");
	int64_t m1 = make_meeting(f, copil, (jalon_date){2026, 1, 15}, MEETING_HELD);
	int64_t m2 = make_meeting(f, copil, (jalon_date){2026, 3, 15}, MEETING_PLANNED);
	int64_t m3 = make_meeting(f, copil, (jalon_date){2026, 6, 15}, MEETING_PLANNED);
	int64_t g1 = make_meeting(f, gt, (jalon_date){2026, 1, 10}, MEETING_HELD);
	action_item a = {.meeting_id = m1, .text = "Chiffrer le lot 2", .due = {2026, 2, 1}};
	action_item other = {.meeting_id = g1, .text = "Autre instance"};
	action_item later = {.meeting_id = m2, .text = "Soulevée en mars"};
	expect_ok(f, store_action_item_create(f->s, f->p, &a, (jalon_date){2026, 1, 15}, &f->d));
	expect_ok(f, store_action_item_create(f->s, f->p, &other, (jalon_date){2026, 1, 10},
	                                      &f->d));
	expect_ok(f, store_action_item_create(f->s, f->p, &later, (jalon_date){2026, 3, 15},
	                                      &f->d));

	action_item *list;
	size_t count;
	meeting x1 = get_meeting(f, m1), x2 = get_meeting(f, m2), x3 = get_meeting(f, m3);
	expect_ok(f, store_meeting_followups(f->s, f->a, f->p, &x1, &list, &count, &f->d));
	assert_int_equal(count, 0);
	expect_ok(f, store_meeting_followups(f->s, f->a, f->p, &x2, &list, &count, &f->d));
	assert_int_equal(count, 1);
	assert_int_equal(list[0].id, a.id);
	/* Still open at meeting 3, with the one raised at meeting 2. */
	expect_ok(f, store_meeting_followups(f->s, f->a, f->p, &x3, &list, &count, &f->d));
	assert_int_equal(count, 2);

	/* Closed after meeting 1: meeting 2 sees it closed, meeting 3 no longer. */
	a.status = ACTION_DONE;
	expect_ok(f, store_action_item_update(f->s, f->p, &a, 1, (jalon_date){2026, 2, 20}, &f->d));
	expect_ok(f, store_meeting_followups(f->s, f->a, f->p, &x2, &list, &count, &f->d));
	assert_int_equal(count, 1);
	assert_int_equal(list[0].id, a.id);
	assert_int_equal(list[0].status, ACTION_DONE);
	expect_ok(f, store_meeting_followups(f->s, f->a, f->p, &x3, &list, &count, &f->d));
	assert_int_equal(count, 1);
	assert_int_equal(list[0].id, later.id);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, fixture_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_instance_create_update_delete),
		T(test_instance_refusals),
		T(test_instances_import),
		T(test_meeting_create_update_delete),
		T(test_meeting_previous_and_last_held),
		T(test_agenda),
		T(test_attendees),
		T(test_decision_milestone_reached),
		T(test_decision_other_effects),
		T(test_decision_refused_effect_writes_nothing),
		T(test_decision_update_delete),
		T(test_decision_search),
		T(test_action_items),
		T(test_followups),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
