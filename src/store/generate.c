/*
 * generate.c — synthetic datasets (generate.h), written straight into SQLite.
 *
 * Every table is filled through one prepared statement, bound, stepped and reset for
 * each row, inside one transaction. The shapes follow DOMAIN.md §2: each plan takes one
 * of five level sequences (depth 2 to 5, French level names), a few top branches and a
 * fan-out that varies from node to node; a small branch above the last levels hangs its
 * actions directly (an irregular tree, as in real regional plans); codes are dotted
 * ("A2.3.1") with occasional gaps. Milestones, budget lines, statuses and weather sit on
 * the leaves (what owners report on); parents roll them up.
 *
 * Randomness: splitmix64, one stream per organisation and per plan, seeded from the
 * dataset's seed and the record's number, so that the data never depends on the
 * machine, the clock or the order of generation.
 */
#include "store/generate.h"

#include <math.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/steering_store.h"
#include "util/arena.h"
#include "util/i18n.h"
#include "util/text.h"

/* ---- presets ------------------------------------------------------------------------- */

generate_options generate_preset_options(generate_preset p)
{
	generate_options o = {
		.seed = 1,
		.organisations = 1,
		.plans_per_organisation = 1,
		.elements_per_plan = 500,
		.milestones_per_element = 10.0 / 3.0,
		.indicators_per_plan = 20,
		.measurements_per_indicator = 60,
		.accounts_per_organisation = 30,
		.reference = {2026, 6, 30},
	};
	if (p == GENERATE_REGION) {
		o.organisations = 30;
		o.plans_per_organisation = 3;
		o.elements_per_plan = 300;
		o.measurements_per_indicator = 500.0 / 3.0;
	} else if (p == GENERATE_NATIONAL) {
		o.organisations = 300;
		o.plans_per_organisation = 10;
		o.elements_per_plan = 100;
		o.measurements_per_indicator = 500.0 / 3.0; /* 3,000 × 20 × 166.7 = 10,000,000 */
	}
	return o;
}

bool generate_preset_parse(const char *name, generate_preset *out)
{
	static const char *const names[GENERATE_PRESET_COUNT] = {"small", "region", "national"};
	for (int i = 0; i < GENERATE_PRESET_COUNT; i++)
		if (strcmp(name, names[i]) == 0) {
			*out = (generate_preset)i;
			return true;
		}
	return false;
}

/* ---- randomness ---------------------------------------------------------------------- */

typedef struct {
	uint64_t state;
} rng;

static uint64_t rng_next(rng *r)
{
	uint64_t z = (r->state += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* A stream for (seed, kind, number): independent of every other record's. */
static rng rng_for(uint64_t seed, uint64_t kind, uint64_t number)
{
	rng r = {seed * 0x2545f4914f6cdd1dULL ^ (kind << 56) ^ number};
	rng_next(&r);
	return r;
}

/* Uniform in [0, n). */
static int64_t rng_below(rng *r, int64_t n)
{
	return n <= 1 ? 0 : (int64_t)(rng_next(r) % (uint64_t)n);
}

/* Uniform in [lo, hi]. */
static int64_t rng_range(rng *r, int64_t lo, int64_t hi)
{
	return lo + rng_below(r, hi - lo + 1);
}

static double rng_unit(rng *r)
{
	return (double)(rng_next(r) >> 11) / 9007199254740992.0;
}

static bool rng_chance(rng *r, double p)
{
	return rng_unit(r) < p;
}

#define PICK(r, array) ((array)[rng_below((r), (int64_t)(sizeof(array) / sizeof((array)[0])))])
#define COUNT(array) ((int64_t)(sizeof(array) / sizeof((array)[0])))

/* The share of record i when `total` (a real) is spread over records 0, 1, 2…: the
 * rounded running totals differ by it, so the shares add up to the rounded total. */
static int64_t share(int64_t i, double per_record)
{
	return llround((double)(i + 1) * per_record) - llround((double)i * per_record);
}

/* ---- vocabulary ------------------------------------------------------------------------ */

typedef struct {
	const char *prefix; /* of top-level codes */
	int depth;
	const char *levels[5];
} plan_shape;

static const plan_shape shapes[] = {
	{"A", 5, {"Axe", "Objectif", "Programme", "Projet", "Action"}},
	{"AX", 4, {"Axe stratégique", "Objectif stratégique", "Objectif opérationnel", "Action"}},
	{"C", 3, {"Ambition", "Chantier", "Action"}},
	{"P", 2, {"Programme", "Projet"}},
	{"O", 4, {"Orientation", "Axe", "Ambition", "Action"}},
};

static const char *const cities[] = {
	"Rennes", "Lyon", "Lille", "Bordeaux", "Toulouse", "Nantes", "Strasbourg", "Montpellier",
	"Grenoble", "Clermont-Ferrand", "Dijon", "Besançon", "Poitiers", "Limoges", "Caen",
	"Rouen", "Amiens", "Reims", "Nancy", "Metz", "Orléans", "Tours", "Angers", "Le Mans",
	"Brest", "Pau", "Perpignan", "Nîmes", "Avignon", "Toulon", "Nice", "Corte",
	"Saint-Étienne", "Chambéry", "Mulhouse", "La Rochelle", "Valenciennes", "Artois",
	"Cergy", "Évry", "Versailles", "Créteil", "Nanterre", "Paris-Saclay", "Marne-la-Vallée",
};
static const char *const regions[] = {
	"Bretagne", "Normandie", "Hauts-de-France", "Grand Est", "Bourgogne-Franche-Comté",
	"Auvergne-Rhône-Alpes", "Provence-Alpes-Côte d'Azur", "Occitanie", "Nouvelle-Aquitaine",
	"Centre-Val de Loire", "Pays de la Loire", "Île-de-France", "Corse",
};
static const struct {
	const char *name, *ascii;
} first_names[] = {
	{"Marie", "marie"}, {"Jean", "jean"}, {"Camille", "camille"}, {"Hélène", "helene"},
	{"François", "francois"}, {"Nathalie", "nathalie"}, {"Stéphane", "stephane"},
	{"Isabelle", "isabelle"}, {"Julien", "julien"}, {"Sophie", "sophie"}, {"Éric", "eric"},
	{"Claire", "claire"}, {"Olivier", "olivier"}, {"Anne", "anne"}, {"Thomas", "thomas"},
	{"Cécile", "cecile"}, {"Nicolas", "nicolas"}, {"Léa", "lea"}, {"Benoît", "benoit"},
	{"Chloé", "chloe"}, {"Mathieu", "mathieu"}, {"Agnès", "agnes"}, {"Karim", "karim"},
	{"Fatima", "fatima"},
};
static const struct {
	const char *name, *ascii;
} last_names[] = {
	{"Martin", "martin"}, {"Bernard", "bernard"}, {"Dubois", "dubois"}, {"Thomas", "thomas"},
	{"Robert", "robert"}, {"Richard", "richard"}, {"Petit", "petit"}, {"Durand", "durand"},
	{"Leroy", "leroy"}, {"Moreau", "moreau"}, {"Simon", "simon"}, {"Laurent", "laurent"},
	{"Lefèvre", "lefevre"}, {"Michel", "michel"}, {"Garcia", "garcia"}, {"David", "david"},
	{"Bertrand", "bertrand"}, {"Roux", "roux"}, {"Vincent", "vincent"}, {"Fournier", "fournier"},
	{"Morel", "morel"}, {"Girard", "girard"}, {"André", "andre"}, {"Mercier", "mercier"},
	{"Bonnet", "bonnet"}, {"Benali", "benali"}, {"Nguyen", "nguyen"}, {"Le Goff", "le-goff"},
};
static const char *const top_titles[] = {
	"Un numérique au service de la réussite étudiante",
	"Accompagner la recherche et ses données",
	"Des infrastructures fiables, sûres et sobres",
	"Un système d'information urbanisé et piloté",
	"Un numérique responsable et inclusif",
	"Simplifier la vie des personnels",
	"Ouvrir l'établissement sur son territoire",
	"Développer les usages et les compétences numériques",
	"Renforcer la cybersécurité",
	"Piloter par la donnée",
};
static const char *const verbs[] = {
	"Moderniser", "Déployer", "Sécuriser", "Mutualiser", "Simplifier", "Accompagner",
	"Développer", "Renforcer", "Dématérialiser", "Ouvrir", "Piloter", "Former", "Urbaniser",
	"Remplacer", "Étendre",
};
static const char *const objects[] = {
	"le système d'information financier", "l'environnement numérique de travail",
	"la gestion des identités", "les services numériques aux étudiants", "le réseau du campus",
	"la plateforme pédagogique", "les données de la recherche", "l'hébergement des applications",
	"la relation avec les usagers", "la sobriété numérique", "l'accessibilité des services en ligne",
	"la supervision de la sécurité", "le poste de travail", "la scolarité", "la gestion des ressources humaines",
	"la visioconférence", "l'archivage électronique", "les achats", "le Wi-Fi des bâtiments",
	"la signature électronique", "l'entrepôt de données", "la téléphonie", "la salle serveurs",
};
static const char *const qualifiers[] = {
	"", "", " des composantes", " à l'échelle de l'établissement", " avec les partenaires du site",
	" pour les personnels", " pour les étudiants", " en mode SaaS", " dans le cadre du CPER",
};
static const char *const beneficiaries[] = {
	"étudiants", "personnels", "enseignants-chercheurs", "étudiants et personnels",
	"composantes", "laboratoires", "partenaires du site",
};
static const char *const milestone_titles[] = {
	"Expression du besoin validée", "Cahier des charges validé", "Marché notifié",
	"Recette prononcée", "Mise en production", "Vérification de service régulier",
	"Clôture du projet",
};
static const char *const risk_texts[] = {
	"Retard de livraison du prestataire", "Indisponibilité des équipes métier pour la recette",
	"Dépassement du budget d'investissement", "Difficultés de reprise des données",
	"Résistance au changement des utilisateurs", "Départ d'une compétence clé",
	"Vulnérabilité de sécurité découverte en production", "Financement CPER non confirmé",
	"Dépendance à un éditeur unique",
};
static const char *const mitigations[] = {
	"Pénalités de retard et comité de suivi mensuel", "Planning de recette partagé en amont",
	"Arbitrage en comité du numérique", "Lot de reprise dédié et jeux d'essai",
	"Plan de conduite du changement et formations", "Binôme et documentation",
	"Audit de sécurité avant mise en production",
};
static const char *const risk_statuses[] = {"ouvert", "ouvert", "en-traitement", "clos"};
static const char *const weathers[] = {"soleil", "soleil", "soleil", "nuage", "nuage", "orage"};
static const char *const weather_comments[] = {
	"Conforme au planning", "Recette en cours, quelques anomalies bloquantes",
	"Retard du prestataire, arbitrage demandé", "Livraison du premier lot effectuée",
	"En attente du financement", NULL, NULL,
};
static const char *const natures[] = {"investissement", "fonctionnement"};
static const struct {
	const char *code, *name, *unit, *direction;
	double baseline, target;
} indicator_catalogue[] = {
	{"AV", "Taux d'avancement des projets", "%", "hausse", 10, 100},
	{"JA", "Jalons atteints dans les délais", "%", "hausse", 60, 90},
	{"BU", "Respect du budget", "%", "cible", 100, 100},
	{"AU", "Taux d'automatisation des processus", "%", "hausse", 20, 60},
	{"TT", "Délai moyen de traitement d'une demande", "jours", "baisse", 12, 5},
	{"DI", "Disponibilité des services critiques", "%", "hausse", 98.5, 99.9},
	{"IN", "Incidents majeurs par trimestre", "incidents", "baisse", 12, 4},
	{"CT", "Coût total de possession du poste de travail", "€", "baisse", 1400, 1100},
	{"US", "Taux d'usage de l'ENT", "%", "hausse", 45, 80},
	{"SA", "Satisfaction des usagers", "/10", "hausse", 6.2, 8},
	{"FO", "Personnels formés au numérique", "%", "hausse", 15, 60},
	{"SI", "Incidents de sécurité détectés", "incidents", "baisse", 30, 10},
	{"RG", "Conformité au RGPD des traitements", "%", "hausse", 40, 100},
	{"VU", "Vulnérabilités corrigées sous 30 jours", "%", "hausse", 50, 95},
	{"DT", "Délai moyen de détection et de réponse", "heures", "baisse", 48, 8},
	{"GE", "Émissions de gaz à effet de serre du SI", "tCO2e", "baisse", 900, 600},
	{"ST", "Volume de stockage", "To", "cible", 400, 450},
	{"DV", "Durée de vie moyenne des équipements", "années", "hausse", 4, 6},
	{"AC", "Taux de conformité RGAA des services en ligne", "%", "hausse", 35, 75},
	{"RO", "Retour sur investissement des projets", "%", "hausse", 0, 15},
};
/* Indicator families, in the order store_indicator_families_seed writes them. */
static const char *const indicator_families[] = {
	"suivi de projet", "performance opérationnelle", "financier", "adoption et satisfaction",
	"sécurité et conformité", "environnement",
};
static const int indicator_family_of[] = {0, 0, 0, 1, 1, 1, 1, 2, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 4, 2};

static const struct {
	const char *kind, *name, *role, *frequency;
	int months; /* between meetings */
} instance_catalogue[] = {
	{"gouvernance", "Comité de gouvernance du numérique",
	 "Valide les orientations et les investissements majeurs", "deux fois par an", 6},
	{"pilotage", "Comité du numérique",
	 "Valide le plan d'actions du semestre ; suit indicateurs, risques et reporting",
	 "chaque trimestre", 3},
	{"operationnel", "Comité de pilotage des projets", "Avancement, points bloquants, besoins",
	 "deux fois par an", 6},
	{"transverse", "Copil SSI", "Stratégie, risques et conformité de la sécurité",
	 "deux fois par an", 6},
};
static const char *const decision_kinds[] = {"validation", "validation", "arbitrage", "report",
                                             "budget", "autre", "abandon"};
static const char *const decision_texts[] = {
	"Le comité valide le lancement de la phase suivante",
	"Le comité arbitre en faveur d'un déploiement progressif",
	"Le comité reporte la mise en production au semestre suivant",
	"Le comité valide l'ajustement du budget d'investissement",
	"Le comité prend acte de l'avancement présenté",
	"Le comité demande une étude complémentaire",
};
static const char *const action_texts[] = {
	"Présenter un planning révisé", "Chiffrer le scénario alternatif",
	"Organiser un atelier avec les composantes", "Transmettre la note d'opportunité",
	"Mettre à jour l'analyse de risques", "Préparer la communication aux usagers",
};

/* ---- statements ----------------------------------------------------------------------- */

enum {
	Q_ORGANISATION, Q_ACCOUNT, Q_ROLE, Q_LABEL, Q_PLAN, Q_ENVELOPE, Q_ELEMENT, Q_CONTRIBUTION,
	Q_STATUS, Q_WEATHER, Q_MILESTONE, Q_BUDGET, Q_RISK, Q_DEPENDENCY, Q_INDICATOR, Q_TARGET,
	Q_INDICATOR_ELEMENT, Q_MEASUREMENT, Q_INSTANCE, Q_MEMBER, Q_INSTANCE_ELEMENT, Q_MEETING,
	Q_AGENDA, Q_ATTENDEE, Q_DECISION, Q_DECISION_ELEMENT, Q_ACTION, Q_CHANGE, Q_COUNT
};

static const char *const sql[Q_COUNT] = {
	[Q_ORGANISATION] = "INSERT INTO organisation (name, kind, parent_id) VALUES (?, ?, ?)",
	[Q_ACCOUNT] = "INSERT INTO account (login, name, email, password_hash, created_at,"
	              " password_changed_at) VALUES (?, ?, ?, ?, ?, ?)",
	[Q_ROLE] = "INSERT INTO account_role (account_id, organisation_id, role) VALUES (?, ?, ?)",
	[Q_LABEL] = "INSERT INTO account_label (account_id, label, folded) VALUES (?, ?, ?)",
	[Q_PLAN] = "INSERT INTO plan (slug, title, organisation_id, period_start, period_end,"
	           " version_label, status, adopted_on, adopted_by, deliberation_number, votes_for,"
	           " votes_against, abstentions, created_at, public)"
	           " VALUES (?, ?, ?, ?, ?, 'v1', ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	[Q_ENVELOPE] = "UPDATE plan SET envelope_cents = ? WHERE id = ?",
	[Q_ELEMENT] = "INSERT INTO element (plan_id, parent_id, position, code, level, title,"
	              " description, owner, beneficiaries, start_date, end_date, budget_cents)"
	              " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	[Q_CONTRIBUTION] = "INSERT INTO element_contribution (element_id, target_id, position)"
	                   " VALUES (?, ?, 0)",
	[Q_STATUS] = "INSERT INTO element_status (element_id, progress_pct, weather, phase)"
	             " VALUES (?, ?, ?, ?)",
	[Q_WEATHER] = "INSERT INTO weather_report (element_id, weather, reported_on, comment)"
	              " VALUES (?, ?, ?, ?)",
	[Q_MILESTONE] = "INSERT INTO milestone (element_id, position, title, planned_on, forecast_on,"
	                " actual_on, status, validated_by, validated_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
	[Q_BUDGET] = "INSERT INTO budget_line (element_id, year, nature, source, planned_cents,"
	             " committed_cents, paid_cents) VALUES (?, ?, ?, ?, ?, ?, ?)",
	[Q_RISK] = "INSERT INTO risk (element_id, description, probability, impact, mitigation,"
	           " owner, status) VALUES (?, ?, ?, ?, ?, ?, ?)",
	[Q_DEPENDENCY] = "INSERT INTO element_dependency (from_element_id, to_element_id) VALUES (?, ?)",
	[Q_INDICATOR] = "INSERT INTO indicator (plan_id, position, code, name, family, unit, source,"
	                " owner, direction, frequency, baseline_value, baseline_on, tolerance)"
	                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	[Q_TARGET] = "INSERT INTO indicator_target (indicator_id, target_on, value) VALUES (?, ?, ?)",
	[Q_INDICATOR_ELEMENT] = "INSERT INTO indicator_element (indicator_id, element_id, position)"
	                        " VALUES (?, ?, 0)",
	[Q_MEASUREMENT] = "INSERT INTO measurement (indicator_id, measured_on, value, source,"
	                  " entered_by, entered_at) VALUES (?, ?, ?, ?, ?, ?)",
	[Q_INSTANCE] = "INSERT INTO instance (plan_id, kind, name, role, frequency, position)"
	               " VALUES (?, ?, ?, ?, ?, ?)",
	[Q_MEMBER] = "INSERT INTO instance_member (instance_id, position, name, role) VALUES (?, ?, ?, ?)",
	[Q_INSTANCE_ELEMENT] = "INSERT INTO instance_element (instance_id, element_id, position)"
	                       " VALUES (?, ?, 0)",
	[Q_MEETING] = "INSERT INTO meeting (instance_id, held_on, start_minute, duration_min, place,"
	              " status, minutes) VALUES (?, ?, 570, 120, ?, ?, ?)",
	[Q_AGENDA] = "INSERT INTO agenda_item (meeting_id, position, title, element_id, for_decision)"
	             " VALUES (?, ?, ?, ?, ?)",
	[Q_ATTENDEE] = "INSERT INTO meeting_attendee (meeting_id, position, name, presence)"
	               " VALUES (?, ?, ?, ?)",
	[Q_DECISION] = "INSERT INTO decision (meeting_id, position, kind, text) VALUES (?, 0, ?, ?)",
	[Q_DECISION_ELEMENT] = "INSERT INTO decision_element (decision_id, element_id, position)"
	                       " VALUES (?, ?, 0)",
	[Q_ACTION] = "INSERT INTO action_item (plan_id, meeting_id, element_id, text, owner, due_on,"
	             " status, created_on, closed_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
	[Q_CHANGE] = "INSERT INTO change_log (plan_id, at, actor, via, element_id, element_code,"
	             " entity, entity_id, action, field, old_value, new_value, source)"
	             " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'jalon generate')",
};

typedef struct {
	store *s;
	const generate_options *o;
	generate_stats *stats;
	diag_list *d;
	sqlite3_stmt *q[Q_COUNT];
	const char *password_hash;
	jalon_date reference;
	int64_t reference_day;
	/* The organisations: id and the names of their accounts. */
	int64_t *organisation_ids;
	const char **organisation_names;
	const char ***people; /* [organisation][k] */
	int people_count;
} generator;

/* Step q (bound), reset it; false with the error reported. */
static bool run(generator *g, int q)
{
	return store_step_done(g->s, g->q[q], g->d, _("génération impossible"));
}

static void bind_text(generator *g, int q, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(g->q[q], i, v, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(g->q[q], i);
}

static void bind_int(generator *g, int q, int i, int64_t v)
{
	sqlite3_bind_int64(g->q[q], i, v);
}

static void bind_id(generator *g, int q, int i, int64_t v)
{
	if (v > 0)
		sqlite3_bind_int64(g->q[q], i, v);
	else
		sqlite3_bind_null(g->q[q], i);
}

/* An ISO date of a day number, into out. */
static const char *iso(int64_t day, char out[11])
{
	date_format_iso(date_from_days(day), out);
	return out;
}

static int64_t day_of(int year, int month, int day)
{
	return date_to_days((jalon_date){year, month, day});
}

/* A change journal row. */
static bool journal(generator *g, int64_t plan_id, int64_t day, const char *actor,
                    int64_t element_id, const char *code, const char *entity, int64_t entity_id,
                    const char *action, const char *field, const char *old_value,
                    const char *new_value)
{
	char at[32], date[11];
	snprintf(at, sizeof(at), "%sT%02d:%02d:00Z", iso(day, date), (int)(8 + (entity_id % 10)),
	         (int)((entity_id * 7) % 60));
	bind_int(g, Q_CHANGE, 1, plan_id);
	bind_text(g, Q_CHANGE, 2, at);
	bind_text(g, Q_CHANGE, 3, actor);
	bind_text(g, Q_CHANGE, 4, entity_id % 3 == 0 ? "cli" : "web");
	bind_id(g, Q_CHANGE, 5, element_id);
	bind_text(g, Q_CHANGE, 6, code);
	bind_text(g, Q_CHANGE, 7, entity);
	bind_id(g, Q_CHANGE, 8, entity_id);
	bind_text(g, Q_CHANGE, 9, action);
	bind_text(g, Q_CHANGE, 10, field);
	bind_text(g, Q_CHANGE, 11, old_value);
	bind_text(g, Q_CHANGE, 12, new_value);
	g->stats->changes++;
	return run(g, Q_CHANGE);
}

/* ---- organisations and accounts ------------------------------------------------------- */

static bool generate_organisations(generator *g, arena *a, int64_t first_number)
{
	const generate_options *o = g->o;
	int n = o->organisations;
	int region_count = n >= 20 ? (n + 22) / 23 : 0;
	int comue_count = n >= 10 ? n / 10 : 0;
	char created[32], date[11];
	snprintf(created, sizeof(created), "%sT08:00:00Z", iso(g->reference_day - 900, date));
	g->organisation_ids = arena_alloc(a, sizeof(int64_t) * (size_t)n);
	g->organisation_names = arena_alloc(a, sizeof(char *) * (size_t)n);
	g->people = arena_alloc(a, sizeof(char **) * (size_t)n);
	g->people_count = o->accounts_per_organisation > 0 ? o->accounts_per_organisation : 1;
	for (int i = 0; i < n; i++) {
		int64_t number = first_number + i;
		rng r = rng_for(o->seed, 1, (uint64_t)number);
		const char *kind, *name;
		int64_t parent = 0;
		if (i < region_count) {
			kind = "region";
			name = number < COUNT(regions)
			           ? arena_printf(a, "Région %s", regions[number])
			           : arena_printf(a, "Région %s %lld", regions[number % COUNT(regions)],
			                          (long long)(number / COUNT(regions) + 1));
		} else {
			int j = i - region_count;
			bool comue = j < comue_count;
			bool school = !comue && rng_chance(&r, 0.2);
			kind = comue ? "comue" : school ? "ecole" : "universite";
			const char *city = cities[number % COUNT(cities)];
			long long round = (long long)(number / COUNT(cities));
			const char *base = comue    ? arena_printf(a, "ComUE %s", city)
			                   : school ? arena_printf(a, "École d'ingénieurs de %s", city)
			                            : arena_printf(a, "Université de %s", city);
			name = round ? arena_printf(a, "%s %lld", base, round + 1) : base;
			if (comue && region_count)
				parent = g->organisation_ids[j % region_count];
			else if (!comue && comue_count)
				parent = g->organisation_ids[region_count + j % comue_count];
			else if (!comue && region_count)
				parent = g->organisation_ids[j % region_count];
		}
		bind_text(g, Q_ORGANISATION, 1, name);
		bind_text(g, Q_ORGANISATION, 2, kind);
		bind_id(g, Q_ORGANISATION, 3, parent);
		if (!run(g, Q_ORGANISATION))
			return false;
		int64_t organisation_id = sqlite3_last_insert_rowid(g->s->sqlite);
		g->organisation_ids[i] = organisation_id;
		g->organisation_names[i] = name;
		g->stats->organisations++;

		/* Its people: accounts with a role on it and their name as label. */
		g->people[i] = arena_alloc(a, sizeof(char *) * (size_t)g->people_count);
		for (int k = 0; k < g->people_count; k++) {
			int f = (int)rng_below(&r, COUNT(first_names));
			int l = (int)rng_below(&r, COUNT(last_names));
			const char *person = arena_printf(a, "%s %s", first_names[f].name, last_names[l].name);
			g->people[i][k] = person;
			if (o->accounts_per_organisation <= 0)
				continue;
			char login[96], email[128];
			snprintf(login, sizeof(login), "%s.%s.%lld-%d", first_names[f].ascii,
			         last_names[l].ascii, (long long)number, k);
			snprintf(email, sizeof(email), "%s@example.org", login);
			bind_text(g, Q_ACCOUNT, 1, login);
			bind_text(g, Q_ACCOUNT, 2, person);
			bind_text(g, Q_ACCOUNT, 3, email);
			bind_text(g, Q_ACCOUNT, 4, g->password_hash);
			bind_text(g, Q_ACCOUNT, 5, created);
			bind_text(g, Q_ACCOUNT, 6, created);
			if (!run(g, Q_ACCOUNT))
				return false;
			int64_t account_id = sqlite3_last_insert_rowid(g->s->sqlite);
			g->stats->accounts++;
			const char *role = k == 0 ? "pilotage" : k == 1 ? "membre-instance"
			                                   : k % 7 == 3 ? "lecteur" : "porteur";
			bind_int(g, Q_ROLE, 1, account_id);
			bind_int(g, Q_ROLE, 2, organisation_id);
			bind_text(g, Q_ROLE, 3, role);
			bind_int(g, Q_LABEL, 1, account_id);
			bind_text(g, Q_LABEL, 2, person);
			bind_text(g, Q_LABEL, 3, text_fold(a, person));
			if (!run(g, Q_ROLE) || !run(g, Q_LABEL))
				return false;
		}
	}
	return true;
}

/* ---- one plan -------------------------------------------------------------------------- */

typedef struct {
	int parent; /* index, -1 at top */
	int depth;
	const char *level;
	char code[40];
	int64_t id;
	bool leaf;
	int64_t start, end; /* day numbers, leaves only */
	int top;            /* index of its top-level ancestor */
	const char *owner;
} gen_element;

typedef struct {
	generator *g;
	rng r;
	const plan_shape *shape;
	gen_element *elements;
	int count;
	int64_t period_start, period_end; /* day numbers */
	int organisation;
} plan_builder;

/* Add element `budget` nodes big (itself and below) under parent, depth-first. */
static void build_tree(plan_builder *b, int parent, int depth, int budget, int number)
{
	int self = -1;
	if (depth >= 0) {
		self = b->count++;
		gen_element *e = &b->elements[self];
		memset(e, 0, sizeof(*e));
		e->parent = parent;
		e->depth = depth;
		e->top = parent < 0 ? self : b->elements[parent].top;
		if (parent < 0)
			snprintf(e->code, sizeof(e->code), "%s%d", b->shape->prefix, number);
		else
		{
			/* Codes stay short: a plan is at most five levels deep. */
			char above[sizeof(e->code)];
			memcpy(above, b->elements[parent].code, sizeof(above));
			above[sizeof(above) - 8] = '\0';
			if (snprintf(e->code, sizeof(e->code), "%s.%d", above, number % 100000) >=
			    (int)sizeof(e->code))
				abort(); /* cannot happen: above is at most 31 bytes */
		}
		e->leaf = budget == 1;
		/* A leaf is an action (or a project) whatever its depth: a branch higher up
		 * without children hangs its actions directly, as real plans do. */
		e->level = b->shape->levels[e->leaf ? b->shape->depth - 1 : depth];
	}
	int rest = budget - 1;
	if (rest <= 0)
		return;
	int levels_below = b->shape->depth - depth - 1;
	int children;
	bool irregular = depth >= 0 && levels_below >= 2 && rest <= 3;
	if (levels_below <= 1 || irregular) {
		children = rest; /* the last level, or a small branch hanging its actions here */
	} else {
		double fan = pow((double)rest, 1.0 / levels_below) * (0.7 + 0.6 * rng_unit(&b->r));
		children = (int)llround(fan);
		if (children < (depth < 0 ? 2 : 1))
			children = depth < 0 ? 2 : 1;
		if (children > rest)
			children = rest;
	}
	/* Each child gets 1 and a random share of what is left. */
	double *weights = malloc(sizeof(double) * (size_t)children);
	double total = 0;
	for (int k = 0; k < children; k++)
		total += weights[k] = 0.5 + rng_unit(&b->r);
	int spare = rest - children, given = 0, code = 1;
	double running = 0;
	for (int k = 0; k < children; k++) {
		running += weights[k];
		int upto = k == children - 1 ? spare : (int)llround(spare * running / total);
		int child = 1 + upto - given;
		given = upto;
		build_tree(b, self, depth + 1, child, code);
		code += rng_chance(&b->r, 0.06) ? 2 : 1; /* codes have gaps */
	}
	free(weights);
}

static const char *element_title(plan_builder *b, arena *a, const gen_element *e)
{
	if (e->depth == 0)
		return top_titles[(e - b->elements + rng_below(&b->r, 3)) % COUNT(top_titles)];
	return arena_printf(a, "%s %s%s", PICK(&b->r, verbs), PICK(&b->r, objects),
	                    PICK(&b->r, qualifiers));
}

static const char *person(plan_builder *b)
{
	return b->g->people[b->organisation][rng_below(&b->r, b->g->people_count)];
}

/* Elements, with what owners report on the leaves. */
static bool plan_elements(plan_builder *b, arena *a, int64_t plan_id, int64_t *envelope,
                          int64_t plan_number)
{
	generator *g = b->g;
	const generate_options *o = g->o;
	char d1[11], d2[11];
	int leaves = 0;
	for (int i = 0; i < b->count; i++)
		leaves += b->elements[i].leaf;
	/* The plan's share of milestones, spread over its leaves. */
	int64_t elements_before = plan_number * o->elements_per_plan;
	int64_t milestones = llround((double)(elements_before + b->count) * o->milestones_per_element) -
	                     llround((double)elements_before * o->milestones_per_element);
	double per_leaf = leaves ? (double)milestones / leaves : 0;
	int leaf_number = 0;
	int64_t created_day = b->period_start - 60;
	for (int i = 0; i < b->count; i++) {
		gen_element *e = &b->elements[i];
		e->owner = rng_chance(&b->r, 0.9) ? person(b) : "Direction du numérique";
		int64_t budget = 0;
		if (e->leaf) {
			int64_t span = b->period_end - b->period_start;
			e->start = b->period_start + rng_below(&b->r, span * 2 / 3);
			e->end = e->start + rng_range(&b->r, 90, 720);
			if (e->end > b->period_end)
				e->end = b->period_end;
		}
		bind_int(g, Q_ELEMENT, 1, plan_id);
		bind_id(g, Q_ELEMENT, 2, e->parent >= 0 ? b->elements[e->parent].id : 0);
		bind_int(g, Q_ELEMENT, 3, i);
		bind_text(g, Q_ELEMENT, 4, e->code);
		bind_text(g, Q_ELEMENT, 5, e->level);
		bind_text(g, Q_ELEMENT, 6, element_title(b, a, e));
		bind_text(g, Q_ELEMENT, 7, rng_chance(&b->r, 0.3)
		                               ? "Action issue de la concertation avec les composantes."
		                               : NULL);
		bind_text(g, Q_ELEMENT, 8, e->owner);
		bind_text(g, Q_ELEMENT, 9, e->leaf ? PICK(&b->r, beneficiaries) : NULL);
		bind_text(g, Q_ELEMENT, 10, e->leaf ? iso(e->start, d1) : NULL);
		bind_text(g, Q_ELEMENT, 11, e->leaf ? iso(e->end, d2) : NULL);
		/* Budget lines first drawn, to put their sum on the element. */
		int64_t planned[3] = {0};
		int years = 0, first_year = 0;
		if (e->leaf) {
			first_year = date_from_days(e->start).year;
			years = date_from_days(e->end).year - first_year + 1;
			if (years > 3)
				years = 3;
			for (int y = 0; y < years; y++)
				budget += planned[y] = rng_range(&b->r, 10, 300) * 100000; /* 1,000–30,000 € ×10 */
		}
		bind_id(g, Q_ELEMENT, 12, budget);
		if (!run(g, Q_ELEMENT))
			return false;
		e->id = sqlite3_last_insert_rowid(g->s->sqlite);
		g->stats->elements++;
		*envelope += budget;
		if (!journal(g, plan_id, created_day, e->owner, e->id, e->code, "element", e->id,
		             "create", NULL, NULL, NULL))
			return false;
		if (!e->leaf)
			continue;

		/* Status, weather and its report. */
		int64_t length = e->end - e->start > 0 ? e->end - e->start : 1;
		int64_t elapsed = g->reference_day - e->start;
		int progress = elapsed <= 0 ? 0 : elapsed >= length ? 100 : (int)(elapsed * 100 / length);
		if (progress < 100 && rng_chance(&b->r, 0.3))
			progress = progress * 3 / 4;
		const char *sky = PICK(&b->r, weathers);
		const char *phase = store_default_phases[progress * 5 / 100 > 5 ? 5 : progress * 5 / 100];
		bind_int(g, Q_STATUS, 1, e->id);
		bind_int(g, Q_STATUS, 2, progress);
		bind_text(g, Q_STATUS, 3, sky);
		bind_text(g, Q_STATUS, 4, phase);
		int64_t reported = g->reference_day - rng_below(&b->r, 60);
		bind_int(g, Q_WEATHER, 1, e->id);
		bind_text(g, Q_WEATHER, 2, sky);
		bind_text(g, Q_WEATHER, 3, iso(reported, d1));
		bind_text(g, Q_WEATHER, 4, PICK(&b->r, weather_comments));
		if (!run(g, Q_STATUS) || !run(g, Q_WEATHER))
			return false;
		char progress_text[8];
		snprintf(progress_text, sizeof(progress_text), "%d", progress);
		if (!journal(g, plan_id, reported, e->owner, e->id, e->code, "status", e->id, "update",
		             "weather", "soleil", sky) ||
		    !journal(g, plan_id, reported, e->owner, e->id, e->code, "status", e->id, "update",
		             "progress", "0", progress_text))
			return false;

		/* Milestones, spread over the element's dates. */
		int64_t count = per_leaf > 0 ? share(leaf_number, per_leaf) : 0;
		leaf_number++;
		for (int64_t k = 0; k < count; k++) {
			int64_t planned_on = e->start + length * (k + 1) / (count + 1);
			const char *title = k < COUNT(milestone_titles)
			                        ? milestone_titles[k]
			                        : arena_printf(a, "Livraison du lot %lld", (long long)(k + 1));
			const char *status = "a-venir";
			const char *actual = NULL, *forecast = NULL, *validated_by = NULL;
			if (planned_on < g->reference_day) {
				int64_t roll = rng_below(&b->r, 100);
				if (roll < 70) {
					status = "atteint";
					actual = iso(planned_on + rng_range(&b->r, -5, 20), d2);
					validated_by = "Comité de pilotage des projets";
				} else if (roll < 75) {
					status = "annule";
				} else {
					forecast = iso(g->reference_day + rng_range(&b->r, 10, 120), d2);
				}
			} else if (rng_chance(&b->r, 0.2)) {
				forecast = iso(planned_on + rng_range(&b->r, 15, 90), d2);
			}
			bind_int(g, Q_MILESTONE, 1, e->id);
			bind_int(g, Q_MILESTONE, 2, k);
			bind_text(g, Q_MILESTONE, 3, title);
			bind_text(g, Q_MILESTONE, 4, iso(planned_on, d1));
			bind_text(g, Q_MILESTONE, 5, forecast);
			bind_text(g, Q_MILESTONE, 6, actual);
			bind_text(g, Q_MILESTONE, 7, status);
			bind_text(g, Q_MILESTONE, 8, validated_by);
			bind_text(g, Q_MILESTONE, 9, actual);
			if (!run(g, Q_MILESTONE))
				return false;
			g->stats->milestones++;
		}

		/* Budget lines: one per year of the element (at most three). */
		int reference_year = g->reference.year;
		for (int y = 0; y < years; y++) {
			int year = first_year + y;
			int64_t committed = 0, paid = 0;
			if (year < reference_year) {
				committed = planned[y] * rng_range(&b->r, 80, 105) / 100;
				paid = committed * rng_range(&b->r, 85, 100) / 100;
			} else if (year == reference_year) {
				committed = planned[y] * rng_range(&b->r, 20, 90) / 100;
				paid = committed * rng_range(&b->r, 0, 60) / 100;
			}
			int source = rng_chance(&b->r, 0.5) ? 0 : (int)rng_below(&b->r, (int64_t)store_default_funding_source_count);
			bind_int(g, Q_BUDGET, 1, e->id);
			bind_int(g, Q_BUDGET, 2, year);
			bind_text(g, Q_BUDGET, 3, PICK(&b->r, natures));
			bind_text(g, Q_BUDGET, 4, store_default_funding_sources[source]);
			bind_int(g, Q_BUDGET, 5, planned[y]);
			bind_int(g, Q_BUDGET, 6, committed);
			bind_int(g, Q_BUDGET, 7, paid);
			if (!run(g, Q_BUDGET))
				return false;
			g->stats->budget_lines++;
		}

		/* A risk on one leaf in five. */
		if (rng_chance(&b->r, 0.2)) {
			bind_int(g, Q_RISK, 1, e->id);
			bind_text(g, Q_RISK, 2, PICK(&b->r, risk_texts));
			bind_int(g, Q_RISK, 3, rng_range(&b->r, 1, 4));
			bind_int(g, Q_RISK, 4, rng_range(&b->r, 1, 4));
			bind_text(g, Q_RISK, 5, PICK(&b->r, mitigations));
			bind_text(g, Q_RISK, 6, e->owner);
			bind_text(g, Q_RISK, 7, PICK(&b->r, risk_statuses));
			if (!run(g, Q_RISK))
				return false;
			g->stats->risks++;
		}
	}
	return true;
}

/* Links between elements of the plan: finish-to-start dependencies, always towards a
 * later element in depth-first order (so never a cycle), and contributions of leaves
 * to another branch's top element. */
static bool plan_links(plan_builder *b)
{
	generator *g = b->g;
	for (int i = 0; i < b->count; i++) {
		gen_element *e = &b->elements[i];
		if (!e->leaf)
			continue;
		if (rng_chance(&b->r, 0.1)) {
			int to = i + 1 + (int)rng_below(&b->r, 20);
			while (to < b->count && !b->elements[to].leaf)
				to++;
			if (to < b->count) {
				bind_int(g, Q_DEPENDENCY, 1, b->elements[to].id);
				bind_int(g, Q_DEPENDENCY, 2, e->id);
				if (!run(g, Q_DEPENDENCY))
					return false;
				g->stats->dependencies++;
			}
		}
		if (rng_chance(&b->r, 0.05)) {
			int target = (int)rng_below(&b->r, b->count);
			target = b->elements[target].top;
			if (target != e->top) {
				bind_int(g, Q_CONTRIBUTION, 1, e->id);
				bind_int(g, Q_CONTRIBUTION, 2, b->elements[target].id);
				if (!run(g, Q_CONTRIBUTION))
					return false;
			}
		}
	}
	return true;
}

static const char *frequency_of(int64_t step_days)
{
	return step_days <= 45 ? "mensuelle" : step_days <= 120 ? "trimestrielle"
	                                     : step_days <= 240 ? "semestrielle" : "annuelle";
}

/* Indicators with targets and measurements. */
static bool plan_indicators(plan_builder *b, int64_t plan_id, int64_t plan_number)
{
	generator *g = b->g;
	const generate_options *o = g->o;
	char d1[11], d2[11], entered[32];
	for (int k = 0; k < o->indicators_per_plan; k++) {
		int64_t number = plan_number * o->indicators_per_plan + k;
		int64_t count = share(number, o->measurements_per_indicator);
		int c = k % COUNT(indicator_catalogue);
		int64_t first_day = b->period_start - 365;
		int64_t span = g->reference_day - first_day;
		int64_t step = count > 0 && span / count > 0 ? span / count : 1;
		if (count * step > span)
			first_day = g->reference_day - count * step;
		char code[24];
		if (k < COUNT(indicator_catalogue))
			snprintf(code, sizeof(code), "IND-%s", indicator_catalogue[c].code);
		else
			snprintf(code, sizeof(code), "IND-%s%d", indicator_catalogue[c].code,
			         k / (int)COUNT(indicator_catalogue) + 1);
		const char *owner = person(b);
		double baseline = indicator_catalogue[c].baseline;
		double target = indicator_catalogue[c].target;
		bind_int(g, Q_INDICATOR, 1, plan_id);
		bind_int(g, Q_INDICATOR, 2, k);
		bind_text(g, Q_INDICATOR, 3, code);
		bind_text(g, Q_INDICATOR, 4, indicator_catalogue[c].name);
		bind_text(g, Q_INDICATOR, 5, indicator_families[indicator_family_of[c]]);
		bind_text(g, Q_INDICATOR, 6, indicator_catalogue[c].unit);
		bind_text(g, Q_INDICATOR, 7, "Tableau de bord de la DSI");
		bind_text(g, Q_INDICATOR, 8, owner);
		bind_text(g, Q_INDICATOR, 9, indicator_catalogue[c].direction);
		bind_text(g, Q_INDICATOR, 10, frequency_of(step));
		sqlite3_bind_double(g->q[Q_INDICATOR], 11, baseline);
		bind_text(g, Q_INDICATOR, 12, iso(first_day, d1));
		sqlite3_bind_double(g->q[Q_INDICATOR], 13, fabs(target - baseline) * 0.05);
		if (!run(g, Q_INDICATOR))
			return false;
		int64_t indicator_id = sqlite3_last_insert_rowid(g->s->sqlite);
		g->stats->indicators++;
		double middle = baseline + (target - baseline) / 2;
		bind_int(g, Q_TARGET, 1, indicator_id);
		bind_text(g, Q_TARGET, 2, iso((b->period_start + b->period_end) / 2, d1));
		sqlite3_bind_double(g->q[Q_TARGET], 3, middle);
		if (!run(g, Q_TARGET))
			return false;
		bind_int(g, Q_TARGET, 1, indicator_id);
		bind_text(g, Q_TARGET, 2, iso(b->period_end, d1));
		sqlite3_bind_double(g->q[Q_TARGET], 3, target);
		if (!run(g, Q_TARGET))
			return false;
		if (k % 2 == 1) {
			int top = b->elements[rng_below(&b->r, b->count)].top;
			bind_int(g, Q_INDICATOR_ELEMENT, 1, indicator_id);
			bind_int(g, Q_INDICATOR_ELEMENT, 2, b->elements[top].id);
			if (!run(g, Q_INDICATOR_ELEMENT))
				return false;
		}
		/* Measurements: a noisy walk from the baseline towards the target. */
		double value = baseline, slope = count ? (target - baseline) * 0.8 / (double)count : 0;
		double noise = fabs(target - baseline) * 0.03 + 0.01;
		sqlite3_stmt *m = g->q[Q_MEASUREMENT];
		sqlite3_bind_int64(m, 1, indicator_id);
		sqlite3_bind_text(m, 4, "saisie", -1, SQLITE_STATIC);
		sqlite3_bind_text(m, 5, owner, -1, SQLITE_STATIC);
		for (int64_t i = 0; i < count; i++) {
			int64_t day = first_day + i * step;
			value += slope + noise * (rng_unit(&b->r) - 0.5);
			iso(day, d2);
			memcpy(entered, d2, 10);
			memcpy(entered + 10, "T10:00:00Z", 11);
			sqlite3_bind_text(m, 2, d2, 10, SQLITE_STATIC);
			sqlite3_bind_double(m, 3, round(value * 100) / 100);
			sqlite3_bind_text(m, 6, entered, 20, SQLITE_STATIC);
			if (sqlite3_step(m) != SQLITE_DONE) {
				sqlite3_reset(m);
				store_report(g->s, g->d, _("génération impossible"));
				return false;
			}
			sqlite3_reset(m);
		}
		g->stats->measurements += count;
	}
	return true;
}

/* Committees, their meetings up to the plan's end, agendas, decisions, action items. */
static bool plan_governance(plan_builder *b, arena *a, int64_t plan_id)
{
	generator *g = b->g;
	char d1[11], d2[11], d3[11];
	for (int k = 0; k < COUNT(instance_catalogue); k++) {
		bind_int(g, Q_INSTANCE, 1, plan_id);
		bind_text(g, Q_INSTANCE, 2, instance_catalogue[k].kind);
		bind_text(g, Q_INSTANCE, 3, instance_catalogue[k].name);
		bind_text(g, Q_INSTANCE, 4, instance_catalogue[k].role);
		bind_text(g, Q_INSTANCE, 5, instance_catalogue[k].frequency);
		bind_int(g, Q_INSTANCE, 6, k);
		if (!run(g, Q_INSTANCE))
			return false;
		int64_t instance_id = sqlite3_last_insert_rowid(g->s->sqlite);
		g->stats->instances++;
		const char *members[4];
		for (int m = 0; m < 4; m++) {
			members[m] = person(b);
			bind_int(g, Q_MEMBER, 1, instance_id);
			bind_int(g, Q_MEMBER, 2, m);
			bind_text(g, Q_MEMBER, 3, members[m]);
			bind_text(g, Q_MEMBER, 4, m == 0 ? "président" : "membre");
			if (!run(g, Q_MEMBER))
				return false;
		}
		if (instance_catalogue[k].kind[0] == 'o') {
			bind_int(g, Q_INSTANCE_ELEMENT, 1, instance_id);
			bind_int(g, Q_INSTANCE_ELEMENT, 2, b->elements[0].id);
			if (!run(g, Q_INSTANCE_ELEMENT))
				return false;
		}
		jalon_date start = date_from_days(b->period_start);
		int months = instance_catalogue[k].months;
		for (int n = 0;; n++) {
			int month = start.month - 1 + n * months + k;
			jalon_date held = {start.year + month / 12, month % 12 + 1, 10 + k};
			int64_t day = date_to_days(held);
			if (day > b->period_end)
				break;
			bool past = day < g->reference_day;
			bind_int(g, Q_MEETING, 1, instance_id);
			bind_text(g, Q_MEETING, 2, iso(day, d1));
			bind_text(g, Q_MEETING, 3, "Salle du conseil");
			bind_text(g, Q_MEETING, 4, past ? "cr-approuve" : "prevue");
			bind_text(g, Q_MEETING, 5,
			          past ? "## Relevé de décisions\n\nLe comité a examiné l'avancement "
			                 "des projets et les points d'arbitrage."
			               : NULL);
			if (!run(g, Q_MEETING))
				return false;
			int64_t meeting_id = sqlite3_last_insert_rowid(g->s->sqlite);
			g->stats->meetings++;
			const gen_element *concerned = &b->elements[rng_below(&b->r, b->count)];
			for (int p = 0; p < 3; p++) {
				bind_int(g, Q_AGENDA, 1, meeting_id);
				bind_int(g, Q_AGENDA, 2, p);
				bind_text(g, Q_AGENDA, 3, p == 0 ? "Avancement du plan"
				                          : p == 1 ? arena_printf(a, "Point sur %s", concerned->code)
				                                   : "Questions diverses");
				bind_id(g, Q_AGENDA, 4, p == 1 ? concerned->id : 0);
				bind_int(g, Q_AGENDA, 5, p == 1);
				bind_int(g, Q_ATTENDEE, 1, meeting_id);
				bind_int(g, Q_ATTENDEE, 2, p);
				bind_text(g, Q_ATTENDEE, 3, members[p]);
				bind_text(g, Q_ATTENDEE, 4, p == 2 && rng_chance(&b->r, 0.3) ? "excuse" : "present");
				if (!run(g, Q_AGENDA) || !run(g, Q_ATTENDEE))
					return false;
			}
			if (!past)
				continue;
			bind_int(g, Q_DECISION, 1, meeting_id);
			bind_text(g, Q_DECISION, 2, PICK(&b->r, decision_kinds));
			bind_text(g, Q_DECISION, 3, PICK(&b->r, decision_texts));
			if (!run(g, Q_DECISION))
				return false;
			int64_t decision_id = sqlite3_last_insert_rowid(g->s->sqlite);
			g->stats->decisions++;
			bind_int(g, Q_DECISION_ELEMENT, 1, decision_id);
			bind_int(g, Q_DECISION_ELEMENT, 2, concerned->id);
			if (!run(g, Q_DECISION_ELEMENT))
				return false;
			int64_t due = day + 45;
			bool closed = due < g->reference_day && rng_chance(&b->r, 0.85);
			bool dropped = closed && rng_chance(&b->r, 0.1);
			bind_int(g, Q_ACTION, 1, plan_id);
			bind_int(g, Q_ACTION, 2, meeting_id);
			bind_int(g, Q_ACTION, 3, concerned->id);
			bind_text(g, Q_ACTION, 4, PICK(&b->r, action_texts));
			bind_text(g, Q_ACTION, 5, concerned->owner);
			bind_text(g, Q_ACTION, 6, iso(due, d2));
			bind_text(g, Q_ACTION, 7, dropped ? "abandonnee" : closed ? "faite"
			                                  : due < g->reference_day ? "en-cours" : "a-faire");
			bind_text(g, Q_ACTION, 8, d1);
			bind_text(g, Q_ACTION, 9, closed ? iso(due - rng_below(&b->r, 30), d3) : NULL);
			if (!run(g, Q_ACTION))
				return false;
			g->stats->action_items++;
		}
	}
	return true;
}

static bool generate_plan(generator *g, int organisation, int k, int64_t plan_number,
                          int64_t slug_number)
{
	const generate_options *o = g->o;
	arena *a = arena_new();
	plan_builder b = {.g = g, .r = rng_for(o->seed, 2, (uint64_t)plan_number),
	                  .organisation = organisation};
	b.shape = &shapes[rng_below(&b.r, COUNT(shapes))];
	int start_year = 2021 + (int)rng_below(&b.r, 5);
	int end_year = start_year + 3 + (int)rng_below(&b.r, 3);
	b.period_start = day_of(start_year, 1, 1);
	b.period_end = day_of(end_year, 12, 31);
	b.elements = malloc(sizeof(gen_element) * (size_t)(o->elements_per_plan > 0 ? o->elements_per_plan : 1));
	if (o->elements_per_plan > 0)
		build_tree(&b, -1, -1, o->elements_per_plan + 1, 0);

	char date[11], created[32];
	int64_t adopted = b.period_start - rng_range(&b.r, 30, 120);
	snprintf(created, sizeof(created), "%sT09:00:00Z", iso(adopted - 60, date));
	bool draft = rng_chance(&b.r, 0.1);
	const char *slug = arena_printf(a, "sdn-%lld-%d-%d", (long long)slug_number, start_year,
	                                end_year);
	const char *title = arena_printf(a, "Schéma directeur du numérique %d-%d — %s", start_year,
	                                 end_year, g->organisation_names[organisation]);
	bind_text(g, Q_PLAN, 1, slug);
	bind_text(g, Q_PLAN, 2, title);
	bind_int(g, Q_PLAN, 3, g->organisation_ids[organisation]);
	bind_int(g, Q_PLAN, 4, start_year);
	bind_int(g, Q_PLAN, 5, end_year);
	bind_text(g, Q_PLAN, 6, draft ? "brouillon" : "adopte");
	bind_text(g, Q_PLAN, 7, draft ? NULL : iso(adopted, date));
	bind_text(g, Q_PLAN, 8, draft ? NULL : "conseil d'administration");
	bind_text(g, Q_PLAN, 9, draft ? NULL : arena_printf(a, "CA-%d-%03d", start_year - 1,
	                                                   (int)rng_range(&b.r, 1, 120)));
	for (int v = 10; v <= 12; v++) {
		if (draft)
			sqlite3_bind_null(g->q[Q_PLAN], v);
		else
			bind_int(g, Q_PLAN, v, v == 10 ? rng_range(&b.r, 20, 32) : rng_range(&b.r, 0, 3));
	}
	bind_text(g, Q_PLAN, 13, created);
	bind_int(g, Q_PLAN, 14, k == 0);
	bool ok = run(g, Q_PLAN);
	int64_t plan_id = ok ? sqlite3_last_insert_rowid(g->s->sqlite) : 0;
	int64_t envelope = 0;
	ok = ok && store_plan_lists_seed(g->s, plan_id, g->d) &&
	     journal(g, plan_id, adopted - 60, NULL, 0, NULL, "plan", plan_id, "import", NULL, NULL,
	             arena_printf(a, "%d éléments", b.count)) &&
	     plan_elements(&b, a, plan_id, &envelope, plan_number) && plan_links(&b) &&
	     plan_indicators(&b, plan_id, plan_number) && (b.count == 0 || plan_governance(&b, a, plan_id));
	if (ok) {
		bind_int(g, Q_ENVELOPE, 1, envelope + envelope / 10);
		bind_int(g, Q_ENVELOPE, 2, plan_id);
		ok = run(g, Q_ENVELOPE);
	}
	if (ok)
		g->stats->plans++;
	free(b.elements);
	arena_free(a);
	return ok;
}

/* ---- the whole dataset --------------------------------------------------------------- */

/* One Argon2id string for every generated account: of a random password, so nobody can
 * sign in with it. Hashing each account's would take 10,000 × ~50 ms. */
static const char *shared_password_hash(arena *a, diag_list *d)
{
	if (sodium_init() < 0) {
		diag_add(d, NULL, 0, _("libsodium indisponible"));
		return NULL;
	}
	unsigned char secret[32];
	char password[65];
	randombytes_buf(secret, sizeof(secret));
	sodium_bin2hex(password, sizeof(password), secret, sizeof(secret));
	char hash[crypto_pwhash_STRBYTES];
	if (crypto_pwhash_str(hash, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
	                      crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
		diag_add(d, NULL, 0, _("calcul de l'empreinte du mot de passe impossible"));
		return NULL;
	}
	return arena_strdup(a, hash);
}

static bool exec(store *s, const char *statement, diag_list *d)
{
	char *error = NULL;
	if (sqlite3_exec(s->sqlite, statement, NULL, NULL, &error) == SQLITE_OK)
		return true;
	diag_add(d, s->path, 0, _("génération impossible : %s"), error ? error : "?");
	sqlite3_free(error);
	return false;
}

/* The CREATE statement of a trigger as stored, from the arena; NULL when missing. */
static const char *stored_sql(store *s, arena *a, const char *name)
{
	sqlite3_stmt *st = NULL;
	const char *text = NULL;
	if (sqlite3_prepare_v2(s->sqlite, "SELECT sql FROM sqlite_schema WHERE type = 'trigger'"
	                       " AND name = ?", -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_ROW)
			text = store_column_text(a, st, 0);
	}
	sqlite3_finalize(st);
	return text;
}

static int64_t count_rows(store *s, const char *statement)
{
	sqlite3_stmt *st = NULL;
	int64_t n = -1;
	if (sqlite3_prepare_v2(s->sqlite, statement, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

/* data_version of the plans generated (ids above `before`): one plus their journal rows,
 * what the trigger would have counted. */
static bool count_versions(store *s, int64_t before, diag_list *d)
{
	sqlite3_stmt *st = store_prepare(s, "UPDATE plan SET data_version = data_version +"
	                                 " (SELECT count(*) FROM change_log c WHERE c.plan_id = plan.id)"
	                                 " WHERE id > ?", d);
	if (!st)
		return false;
	sqlite3_bind_int64(st, 1, before);
	bool ok = store_step_done(s, st, d, _("génération impossible"));
	sqlite3_finalize(st);
	return ok;
}

/* Write everything; the caller commits or rolls back. */
static bool generate_all(generator *g, arena *a)
{
	const generate_options *o = g->o;
	for (int i = 0; i < Q_COUNT; i++)
		if (!(g->q[i] = store_prepare(g->s, sql[i], g->d)))
			return false;
	/* Numbers continue after what the database holds (with --append), so that names
	 * and slugs stay unique. */
	int64_t organisation_base = count_rows(g->s, "SELECT count(*) FROM organisation");
	int64_t plan_base = count_rows(g->s, "SELECT count(*) FROM plan");
	if (!generate_organisations(g, a, organisation_base))
		return false;
	if (o->accounts_per_organisation > 0 && organisation_base == 0) {
		/* One administrator of everything. */
		bind_text(g, Q_ACCOUNT, 1, "admin");
		bind_text(g, Q_ACCOUNT, 2, "Administrateur du numérique");
		bind_text(g, Q_ACCOUNT, 3, "admin@example.org");
		bind_text(g, Q_ACCOUNT, 4, g->password_hash);
		bind_text(g, Q_ACCOUNT, 5, "2024-01-01T08:00:00Z");
		bind_text(g, Q_ACCOUNT, 6, "2024-01-01T08:00:00Z");
		if (!run(g, Q_ACCOUNT))
			return false;
		g->stats->accounts++;
		bind_int(g, Q_ROLE, 1, sqlite3_last_insert_rowid(g->s->sqlite));
		bind_id(g, Q_ROLE, 2, 0);
		bind_text(g, Q_ROLE, 3, "administrateur");
		if (!run(g, Q_ROLE))
			return false;
	}
	int64_t number = 0;
	for (int i = 0; i < o->organisations; i++)
		for (int k = 0; k < o->plans_per_organisation; k++, number++)
			if (!generate_plan(g, i, k, number, plan_base + number + 1))
				return false;
	return true;
}

bool generate_dataset(store *s, const generate_options *o, generate_stats *out, diag_list *d)
{
	memset(out, 0, sizeof(*out));
	if (o->organisations < 1 || o->plans_per_organisation < 0 || o->elements_per_plan < 0 ||
	    o->milestones_per_element < 0 || o->indicators_per_plan < 0 ||
	    o->measurements_per_indicator < 0 || !date_valid(o->reference)) {
		diag_add(d, NULL, 0, _("paramètres de génération invalides"));
		return false;
	}
	arena *a = arena_new();
	generator g = {.s = s, .o = o, .stats = out, .d = d, .reference = o->reference,
	               .reference_day = date_to_days(o->reference)};
	if (o->accounts_per_organisation > 0 && !(g.password_hash = shared_password_hash(a, d))) {
		arena_free(a);
		return false;
	}
	/* Speed-ups, all put back below (store_open's settings). The rollback journal
	 * instead of WAL only on a database holding no plan: a fresh file. */
	bool fresh = count_rows(s, "SELECT count(*) FROM plan") == 0;
	bool ok = exec(s, "PRAGMA foreign_keys = OFF; PRAGMA synchronous = OFF;"
	                  " PRAGMA cache_size = -262144; PRAGMA temp_store = MEMORY;", d) &&
	          (!fresh || exec(s, "PRAGMA journal_mode = TRUNCATE;", d));
	if (ok && store_begin(s, d)) {
		/* change_log's trigger bumps plan.data_version at each journal row; run per row
		 * it costs more than the rest of the journal (a statement journal and an UPDATE
		 * for each of a million rows). It is set aside for the transaction and put back
		 * from its own stored text, and data_version set to what it would have
		 * counted. */
		const char *trigger = stored_sql(s, a, "change_log_data_version");
		int64_t plan_before = count_rows(s, "SELECT coalesce(max(id), 0) FROM plan");
		ok = trigger && exec(s, "DROP TRIGGER change_log_data_version;", d) &&
		     generate_all(&g, a) &&
		     count_versions(s, plan_before, d) &&
		     exec(s, trigger, d);
		if (!trigger)
			diag_add(d, s->path, 0, _("génération impossible : %s"), "change_log_data_version");
		for (int i = 0; i < Q_COUNT; i++)
			sqlite3_finalize(g.q[i]);
		/* The foreign keys not checked row by row, checked at once. */
		int64_t broken = ok ? count_rows(s, "SELECT count(*) FROM pragma_foreign_key_check") : 0;
		if (broken != 0) {
			diag_add(d, s->path, 0, _("génération incohérente : %lld références cassées"),
			         (long long)broken);
			ok = false;
		}
		ok = store_end(s, ok, d);
	} else {
		ok = false;
	}
	exec(s, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA cache_size = -32768;"
	        " PRAGMA temp_store = DEFAULT; PRAGMA foreign_keys = ON;", d);
	arena_free(a);
	return ok;
}
