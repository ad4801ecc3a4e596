/*
 * indicator_csv.c — reading a plan's indicator catalogue and indicator measurements
 * from CSV (formats in indicator_csv.h and docs/formats.md).
 *
 * The skeleton is csv_table.h's, shared with steering_csv.c: bring the bytes to UTF-8,
 * match the header to the format's columns (an unknown column is an error), hand each
 * non-blank row to the format's row reader, collect every problem with its line. What
 * is this format's own:
 * - the catalogue's cible/date_cible columns may repeat (several targets on one row),
 *   paired in order, so the header keeps every position of those columns;
 * - rows refer to each other: a catalogue row may repeat a code to add targets (its
 *   other cells empty or the same as the first row's), and a measurement file may not
 *   give two values of one indicator on one date. Codes are found through a small
 *   hash table, so a 100,000-row measurement file costs one probe per row.
 */
#include "io/indicator_csv.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "io/csv_table.h"
#include "util/buf.h"
#include "util/i18n.h"
#include "util/number.h"
#include "util/text.h"

/* ---- codes to indexes ------------------------------------------------------------- */

/* Open addressing over a power-of-two table kept at most half full. */
typedef struct {
	const char **keys;
	size_t *values;
	size_t mask, count;
} code_map;

static uint64_t code_hash(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ULL; /* FNV-1a */
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
	return h;
}

static void code_map_init(arena *a, code_map *m, size_t expected)
{
	size_t cap = 16;
	while (cap < expected * 2)
		cap *= 2;
	m->keys = arena_alloc(a, cap * sizeof(*m->keys));
	m->values = arena_alloc(a, cap * sizeof(*m->values));
	m->mask = cap - 1;
	m->count = 0;
}

static size_t code_map_slot(const code_map *m, const char *key)
{
	size_t i = (size_t)code_hash(key) & m->mask;
	while (m->keys[i] && strcmp(m->keys[i], key) != 0)
		i = (i + 1) & m->mask;
	return i;
}

/* The value of key, or false. */
static bool code_map_get(const code_map *m, const char *key, size_t *value)
{
	size_t i = code_map_slot(m, key);
	if (!m->keys[i])
		return false;
	*value = m->values[i];
	return true;
}

/* Add key (not yet there; the string must outlive the map). */
static void code_map_put(arena *a, code_map *m, const char *key, size_t value)
{
	if ((m->count + 1) * 2 > m->mask + 1) {
		code_map bigger;
		code_map_init(a, &bigger, m->mask + 1);
		for (size_t i = 0; i <= m->mask; i++)
			if (m->keys[i]) {
				size_t j = code_map_slot(&bigger, m->keys[i]);
				bigger.keys[j] = m->keys[i];
				bigger.values[j] = m->values[i];
			}
		bigger.count = m->count;
		*m = bigger;
	}
	size_t i = code_map_slot(m, key);
	m->keys[i] = key;
	m->values[i] = value;
	m->count++;
}

typedef csv_table table_reader;

/* ---- cells ------------------------------------------------------------------------ */

static const char *header_of(table_reader *t, int column)
{
	return t->position[column] >= 0 ? t->headers[t->position[column]]
	                                : t->columns[column].header;
}

static bool read_number(table_reader *t, int line, const char *header, const char *v,
                        double *out)
{
	const char *why;
	if (number_parse(v, out, &why))
		return true;
	diag_add(t->d, t->file, line, _("colonne « %s » : nombre invalide « %s » : %s"), header, v,
	         why);
	return false;
}

static bool read_date(table_reader *t, int line, const char *header, const char *v,
                      jalon_date *out)
{
	const char *why;
	if (date_parse(v, out, &why))
		return true;
	diag_add(t->d, t->file, line, _("colonne « %s » : date invalide « %s » : %s"), header, v,
	         why);
	*out = DATE_NONE;
	return false;
}

/* Keys of an enumeration joined by ", " ("hausse, baisse, cible"). */
static const char *key_list(arena *a, const char *(*key)(int), int first, int count)
{
	buf b = {0};
	for (int i = first; i < count; i++)
		buf_printf(&b, "%s%s", b.len ? ", " : "", key(i));
	const char *s = arena_strdup(a, b.data ? b.data : "");
	buf_free(&b);
	return s;
}

static const char *direction_key_of(int i)
{
	return indicator_direction_key((indicator_direction)i);
}

static const char *frequency_key_of(int i)
{
	return indicator_frequency_key((indicator_frequency)i);
}

static const char *formula_key_of(int i)
{
	return indicator_formula_key((indicator_formula)i);
}

/* ---- the catalogue ------------------------------------------------------------------- */

enum { CAT_CODE, CAT_NAME, CAT_FAMILY, CAT_UNIT, CAT_DIRECTION, CAT_FREQUENCY,
       CAT_BASELINE_VALUE, CAT_BASELINE_DATE, CAT_TARGET, CAT_TARGET_DATE, CAT_ELEMENTS,
       CAT_DEFINITION, CAT_SOURCE, CAT_OWNER, CAT_TOLERANCE, CAT_FORMULA, CAT_COLUMN_COUNT };

static const csv_input_column catalogue_columns[CAT_COLUMN_COUNT] = {
	[CAT_CODE] = {"code", true, {"code", "codeindicateur"}},
	[CAT_NAME] = {"nom", true, {"nom", "intitule", "libelle", "indicateur", "name"}},
	[CAT_FAMILY] = {"famille", true, {"famille", "family"}},
	[CAT_UNIT] = {"unite", true, {"unite", "unit", "unitedemesure"}},
	[CAT_DIRECTION] = {"sens", true, {"sens", "direction", "sensdevariation"}},
	[CAT_FREQUENCY] = {"frequence", true, {"frequence", "frequency", "periodicite"}},
	[CAT_BASELINE_VALUE] = {"valeur_initiale", false, {"valeurinitiale", "valeurdereference",
	                                                   "reference", "baseline"}},
	[CAT_BASELINE_DATE] = {"date_initiale", false, {"dateinitiale", "datedereference",
	                                                "baselinedate"}},
	[CAT_TARGET] = {"cible", false, {"cible", "valeurcible", "target"}},
	[CAT_TARGET_DATE] = {"date_cible", false, {"datecible", "echeance", "targetdate"}},
	[CAT_ELEMENTS] = {"elements", false, {"elements", "element", "codeselements",
	                                      "perimetre"}},
	[CAT_DEFINITION] = {"definition", false, {"definition", "description", "modedecalcul"}},
	[CAT_SOURCE] = {"source", false, {"source", "sourcedesdonnees"}},
	[CAT_OWNER] = {"responsable", false, {"responsable", "owner", "porteur"}},
	[CAT_TOLERANCE] = {"tolerance", false, {"tolerance", "seuil", "margeadmise"}},
	[CAT_FORMULA] = {"formule", false, {"formule", "formula", "calcul"}},
};

/* One row's values; present[c]: the cell is not empty; parsed[c]: and it was read. */
typedef struct {
	bool present[CAT_COLUMN_COUNT], parsed[CAT_COLUMN_COUNT];
	const char *family;
	indicator_direction direction;
	indicator_frequency frequency;
	double baseline_value, tolerance;
	jalon_date baseline_date;
	indicator_formula formula;
	const plan_element **elements;
	size_t element_count;
} catalogue_row;

/* An indicator being gathered from its rows. */
typedef struct {
	indicator ind;
	int line;                          /* its first row */
	const char *cells[CAT_COLUMN_COUNT]; /* the first row's cells, for comparisons */
	catalogue_row first;
	int *target_lines;
} catalogue_entry;

typedef struct {
	const plan *p;
	const char *const *families;
	size_t family_count;
	const char **family_keys;
	code_map elements;                 /* element code → index in p->elements */
	code_map codes;                    /* indicator code → index in entries */
	catalogue_entry *entries;
	size_t count;
} catalogue_state;

static const char *family_list(table_reader *t, const catalogue_state *c)
{
	buf b = {0};
	for (size_t i = 0; i < c->family_count; i++)
		buf_printf(&b, "%s%s", i ? ", " : "", c->families[i]);
	const char *s = arena_strdup(t->a, b.data ? b.data : "");
	buf_free(&b);
	return s;
}

/* The cible/date_cible columns must pair up. */
static bool catalogue_header_check(table_reader *t, int line)
{
	size_t targets = t->position_count[CAT_TARGET], dates = t->position_count[CAT_TARGET_DATE];
	if (targets == dates)
		return true;
	diag_add(t->d, t->file, line,
	         _("%zu colonnes « cible » pour %zu colonnes « date_cible » : chaque colonne "
	           "cible va avec une colonne date_cible, dans l'ordre"),
	         targets, dates);
	return false;
}

static const plan_element *element_of(table_reader *t, catalogue_state *c, int line,
                                      const char *code)
{
	size_t i;
	if (code_map_get(&c->elements, code, &i))
		return &c->p->elements[i];
	const char *near = plan_code_suggestion(t->a, c->p, code);
	if (near)
		diag_add(t->d, t->file, line, _("élément inconnu « %s » (vouliez-vous dire « %s » ?)"),
		         code, near);
	else
		diag_add(t->d, t->file, line,
		         _("élément inconnu « %s » : aucun élément du plan « %s » n'a ce code"), code,
		         c->p->slug ? c->p->slug : "");
	return NULL;
}

static bool read_elements(table_reader *t, catalogue_state *c, int line, const char *v,
                          catalogue_row *r)
{
	char **parts;
	size_t n = text_split(t->a, v, '|', &parts);
	r->elements = arena_alloc(t->a, (n ? n : 1) * sizeof(*r->elements));
	r->element_count = 0;
	bool ok = true;
	for (size_t i = 0; i < n; i++) {
		const plan_element *e = element_of(t, c, line, parts[i]);
		if (!e) {
			ok = false;
			continue;
		}
		bool seen = false; /* "P1|P1": once is enough */
		for (size_t k = 0; k < r->element_count && !seen; k++)
			seen = r->elements[k] == e;
		if (!seen)
			r->elements[r->element_count++] = e;
	}
	return ok;
}

static const char *family_of(table_reader *t, const catalogue_state *c, const char *v)
{
	const char *key = text_match_key(t->a, v);
	for (size_t i = 0; i < c->family_count; i++)
		if (strcmp(c->family_keys[i], key) == 0)
			return c->families[i];
	return NULL;
}

/* Read the cells of one row that do not depend on other rows. */
static void read_catalogue_cells(table_reader *t, catalogue_state *c, int line,
                                 const char **cells, catalogue_row *r)
{
	for (int k = 0; k < CAT_COLUMN_COUNT; k++)
		r->present[k] = r->parsed[k] = *cells[k] != '\0';
	const char *v = cells[CAT_FAMILY];
	if (*v && !(r->family = family_of(t, c, v))) {
		diag_add(t->d, t->file, line, _("famille inconnue « %s » (familles du plan : %s)"), v,
		         family_list(t, c));
		r->parsed[CAT_FAMILY] = false;
	}
	v = cells[CAT_DIRECTION];
	if (*v && !indicator_direction_parse(v, &r->direction)) {
		diag_add(t->d, t->file, line, _("sens inconnu « %s » (sens acceptés : %s)"), v,
		         key_list(t->a, direction_key_of, 0, DIRECTION_COUNT));
		r->parsed[CAT_DIRECTION] = false;
	}
	v = cells[CAT_FREQUENCY];
	if (*v && !indicator_frequency_parse(v, &r->frequency)) {
		diag_add(t->d, t->file, line, _("fréquence inconnue « %s » (fréquences acceptées : %s)"),
		         v, key_list(t->a, frequency_key_of, 0, FREQUENCY_COUNT));
		r->parsed[CAT_FREQUENCY] = false;
	}
	v = cells[CAT_FORMULA];
	r->formula = FORMULA_NONE;
	if (*v && !indicator_formula_parse(v, &r->formula)) {
		diag_add(t->d, t->file, line,
		         _("formule inconnue « %s » (formules acceptées : %s ; laissez la cellule vide "
		           "pour un indicateur mesuré)"),
		         v, key_list(t->a, formula_key_of, FORMULA_NONE + 1, FORMULA_COUNT));
		r->formula = FORMULA_NONE;
		r->parsed[CAT_FORMULA] = false;
	}
	v = cells[CAT_BASELINE_VALUE];
	if (*v)
		r->parsed[CAT_BASELINE_VALUE] =
			read_number(t, line, header_of(t, CAT_BASELINE_VALUE), v, &r->baseline_value);
	v = cells[CAT_BASELINE_DATE];
	if (*v)
		r->parsed[CAT_BASELINE_DATE] =
			read_date(t, line, header_of(t, CAT_BASELINE_DATE), v, &r->baseline_date);
	if (r->present[CAT_BASELINE_VALUE] && !r->present[CAT_BASELINE_DATE])
		diag_add(t->d, t->file, line,
		         _("valeur initiale sans date initiale : renseignez la colonne date_initiale"));
	else if (!r->present[CAT_BASELINE_VALUE] && r->present[CAT_BASELINE_DATE])
		diag_add(t->d, t->file, line,
		         _("date initiale sans valeur initiale : renseignez la colonne "
		           "valeur_initiale"));
	v = cells[CAT_TOLERANCE];
	r->tolerance = 0;
	if (*v) {
		r->parsed[CAT_TOLERANCE] =
			read_number(t, line, header_of(t, CAT_TOLERANCE), v, &r->tolerance);
		if (r->parsed[CAT_TOLERANCE] && r->tolerance < 0) {
			diag_add(t->d, t->file, line,
			         _("colonne « %s » : tolérance négative « %s » refusée (l'écart admis à "
			           "la trajectoire, 0 ou plus)"),
			         header_of(t, CAT_TOLERANCE), v);
			r->parsed[CAT_TOLERANCE] = false;
		}
	}
	v = cells[CAT_ELEMENTS];
	if (*v)
		r->parsed[CAT_ELEMENTS] = read_elements(t, c, line, v, r);
}

/* The targets of one row, added to entry e (NULL: the row is not merged). */
static void read_targets(table_reader *t, int line, const char **fields, catalogue_entry *e)
{
	for (size_t k = 0; k < t->position_count[CAT_TARGET]; k++) {
		int vi = t->positions[CAT_TARGET][k], di = t->positions[CAT_TARGET_DATE][k];
		const char *v = fields[vi], *dv = fields[di];
		if (!*v && !*dv)
			continue;
		if (!*dv) {
			diag_add(t->d, t->file, line,
			         _("cible « %s » sans date : renseignez la colonne « %s » (colonne %d)"), v,
			         t->headers[di], di + 1);
			continue;
		}
		if (!*v) {
			diag_add(t->d, t->file, line,
			         _("date cible « %s » sans valeur : renseignez la colonne « %s » "
			           "(colonne %d)"),
			         dv, t->headers[vi], vi + 1);
			continue;
		}
		indicator_point pt;
		bool ok = read_number(t, line, t->headers[vi], v, &pt.value);
		ok = read_date(t, line, t->headers[di], dv, &pt.date) && ok;
		if (!ok || !e)
			continue;
		size_t i = 0;
		while (i < e->ind.target_count && date_compare(e->ind.targets[i].date, pt.date) != 0)
			i++;
		if (i < e->ind.target_count) {
			char when[11];
			date_format_fr(pt.date, when);
			diag_add(t->d, t->file, line,
			         _("date cible %s répétée pour l'indicateur « %s » (déjà ligne %d) : une "
			           "seule cible par date"),
			         when, e->ind.code, e->target_lines[i]);
			continue;
		}
		e->ind.targets = csv_table_grow(t->a, e->ind.targets, e->ind.target_count,
		                      sizeof(*e->ind.targets));
		e->target_lines = csv_table_grow(t->a, e->target_lines, e->ind.target_count,
		                       sizeof(*e->target_lines));
		e->target_lines[e->ind.target_count] = line;
		e->ind.targets[e->ind.target_count++] = pt;
	}
}

/* A new indicator from its first row. */
static void catalogue_entry_start(table_reader *t, catalogue_state *c, int line,
                                  const char **cells, const catalogue_row *r)
{
	c->entries = csv_table_grow(t->a, c->entries, c->count, sizeof(*c->entries));
	catalogue_entry *e = &c->entries[c->count];
	memset(e, 0, sizeof(*e));
	code_map_put(t->a, &c->codes, cells[CAT_CODE], c->count);
	c->count++;
	e->line = line;
	e->first = *r;
	memcpy(e->cells, cells, sizeof(e->cells));
	indicator *ind = &e->ind;
	ind->source_line = line;
	ind->code = cells[CAT_CODE];
	ind->name = cells[CAT_NAME];
	ind->family = r->parsed[CAT_FAMILY] ? r->family : NULL;
	ind->unit = *cells[CAT_UNIT] ? cells[CAT_UNIT] : NULL;
	ind->definition = *cells[CAT_DEFINITION] ? cells[CAT_DEFINITION] : NULL;
	ind->source = *cells[CAT_SOURCE] ? cells[CAT_SOURCE] : NULL;
	ind->owner = *cells[CAT_OWNER] ? cells[CAT_OWNER] : NULL;
	ind->direction = r->direction;
	ind->frequency = r->frequency;
	ind->has_baseline = r->parsed[CAT_BASELINE_VALUE] && r->parsed[CAT_BASELINE_DATE];
	if (ind->has_baseline)
		ind->baseline = (indicator_point){r->baseline_date, r->baseline_value};
	ind->tolerance = r->tolerance;
	ind->formula = r->formula;
	ind->elements = r->elements;
	ind->element_count = r->parsed[CAT_ELEMENTS] ? r->element_count : 0;
	if (ind->formula != FORMULA_NONE && !ind->unit)
		ind->unit = indicator_formula_unit(ind->formula);

	if (!*ind->name)
		diag_add(t->d, t->file, line, _("le nom de l'indicateur « %s » est vide"), ind->code);
	if (!r->present[CAT_FAMILY])
		diag_add(t->d, t->file, line, _("famille manquante (familles du plan : %s)"),
		         family_list(t, c));
	if (!ind->unit && (!r->present[CAT_FORMULA] || r->parsed[CAT_FORMULA]))
		diag_add(t->d, t->file, line,
		         _("unité manquante (par exemple %%, jours, €, nombre) ; seul un indicateur "
		           "calculé (colonne formule) peut s'en passer"));
	if (!r->present[CAT_DIRECTION])
		diag_add(t->d, t->file, line, _("sens manquant (sens acceptés : %s)"),
		         key_list(t->a, direction_key_of, 0, DIRECTION_COUNT));
	if (!r->present[CAT_FREQUENCY])
		diag_add(t->d, t->file, line, _("fréquence manquante (fréquences acceptées : %s)"),
		         key_list(t->a, frequency_key_of, 0, FREQUENCY_COUNT));
}

static bool same_elements(const catalogue_row *a, const catalogue_row *b)
{
	if (a->element_count != b->element_count)
		return false;
	for (size_t i = 0; i < a->element_count; i++) {
		bool found = false;
		for (size_t k = 0; k < b->element_count && !found; k++)
			found = a->elements[i] == b->elements[k];
		if (!found)
			return false;
	}
	return true;
}

/* Does the value read in column k of r equal the first row's? */
static bool same_value(const catalogue_entry *e, const char **cells, const catalogue_row *r,
                       int k)
{
	const catalogue_row *f = &e->first;
	if (!f->present[k])
		return false;
	switch (k) {
	case CAT_FAMILY: return r->family == f->family;
	case CAT_DIRECTION: return r->direction == f->direction;
	case CAT_FREQUENCY: return r->frequency == f->frequency;
	case CAT_FORMULA: return r->formula == f->formula;
	case CAT_BASELINE_VALUE: return r->baseline_value == f->baseline_value;
	case CAT_BASELINE_DATE: return date_compare(r->baseline_date, f->baseline_date) == 0;
	case CAT_TOLERANCE: return r->tolerance == f->tolerance;
	case CAT_ELEMENTS: return same_elements(r, f);
	default: return strcmp(cells[k], e->cells[k]) == 0;
	}
}

/* A repeated row: every cell other than the code and the targets is empty or says
 * what the first row said. */
static void catalogue_entry_compare(table_reader *t, const catalogue_entry *e, int line,
                                    const char **cells, const catalogue_row *r)
{
	for (int k = 0; k < CAT_COLUMN_COUNT; k++) {
		if (k == CAT_CODE || k == CAT_TARGET || k == CAT_TARGET_DATE || !r->present[k])
			continue;
		if (!r->parsed[k] || (e->first.present[k] && !e->first.parsed[k]))
			continue; /* already reported */
		if (same_value(e, cells, r, k))
			continue;
		if (e->first.present[k])
			diag_add(t->d, t->file, line,
			         _("l'indicateur « %s » est déjà décrit ligne %d : colonne « %s », "
			           "« %s » ici mais « %s » ligne %d (laissez la cellule vide ou "
			           "identique)"),
			         e->ind.code, e->line, header_of(t, k), cells[k], e->cells[k], e->line);
		else
			diag_add(t->d, t->file, line,
			         _("l'indicateur « %s » est déjà décrit ligne %d : colonne « %s », "
			           "« %s » ici mais vide ligne %d (complétez la première ligne de "
			           "l'indicateur)"),
			         e->ind.code, e->line, header_of(t, k), cells[k], e->line);
	}
}

static void read_catalogue_row(table_reader *t, const csv_record *rec, const char **cells,
                               const char **fields)
{
	catalogue_state *c = t->state;
	int line = rec->line;
	catalogue_row r;
	memset(&r, 0, sizeof(r));
	read_catalogue_cells(t, c, line, cells, &r);
	const char *code = cells[CAT_CODE];
	catalogue_entry *e = NULL;
	size_t i;
	if (!*code) {
		diag_add(t->d, t->file, line, _("le code de l'indicateur est vide"));
	} else if (code_map_get(&c->codes, code, &i)) {
		e = &c->entries[i];
		catalogue_entry_compare(t, e, line, cells, &r);
	} else {
		catalogue_entry_start(t, c, line, cells, &r);
		e = &c->entries[c->count - 1];
	}
	read_targets(t, line, fields, e);
}

static int compare_points(const void *x, const void *y)
{
	const indicator_point *a = x, *b = y;
	return date_compare(a->date, b->date);
}

bool indicator_csv_read_catalogue(arena *a, const char *file, const char *data, size_t len,
                                  const plan_csv_options *options, const plan *p,
                                  const char *const *families, size_t family_count,
                                  indicator **out, size_t *count, diag_list *d)
{
	catalogue_state c = {.p = p, .families = families, .family_count = family_count};
	c.family_keys = arena_alloc(a, (family_count ? family_count : 1) * sizeof(*c.family_keys));
	for (size_t i = 0; i < family_count; i++)
		c.family_keys[i] = text_match_key(a, families[i]);
	code_map_init(a, &c.elements, p->element_count);
	for (size_t i = 0; i < p->element_count; i++) {
		size_t seen;
		const char *code = p->elements[i].code;
		if (code && !code_map_get(&c.elements, code, &seen))
			code_map_put(a, &c.elements, code, i);
	}
	code_map_init(a, &c.codes, 64);
	table_reader t = {.a = a, .file = file, .d = d, .columns = catalogue_columns,
	                  .column_count = CAT_COLUMN_COUNT,
	                  .repeatable = 1u << CAT_TARGET | 1u << CAT_TARGET_DATE, .state = &c};
	bool ok = csv_table_read(&t, data, len, options ? options->encoding : NULL,
	                         catalogue_header_check, read_catalogue_row);
	diag_sort(d);
	*out = NULL;
	*count = 0;
	if (!ok)
		return false;
	indicator *items = arena_alloc(a, (c.count ? c.count : 1) * sizeof(*items));
	for (size_t i = 0; i < c.count; i++) {
		items[i] = c.entries[i].ind;
		if (items[i].target_count > 1)
			qsort(items[i].targets, items[i].target_count, sizeof(*items[i].targets),
			      compare_points);
	}
	*out = items;
	*count = c.count;
	return true;
}

/* ---- measurements --------------------------------------------------------------------- */

enum { MEASURE_CODE, MEASURE_DATE, MEASURE_VALUE, MEASURE_COMMENT, MEASURE_SOURCE,
       MEASURE_COLUMN_COUNT };

static const csv_input_column measurement_columns[MEASURE_COLUMN_COUNT] = {
	[MEASURE_CODE] = {"code", true, {"code", "codeindicateur", "indicateur"}},
	[MEASURE_DATE] = {"date", true, {"date", "datedemesure", "datemesure", "le"}},
	[MEASURE_VALUE] = {"valeur", true, {"valeur", "value", "mesure", "valeurmesuree"}},
	[MEASURE_COMMENT] = {"commentaire", false, {"commentaire", "comment", "remarque",
	                                             "observation"}},
	[MEASURE_SOURCE] = {"source", false, {"source", "sourcedesdonnees"}},
};

typedef struct {
	const indicator *known;
	size_t known_count;
	code_map codes;
	const char **folded;        /* known codes folded, built at the first unknown code */
	measurement *items;
	size_t count;
} measurement_state;

static const indicator *indicator_of(table_reader *t, measurement_state *m, int line,
                                     const char *code)
{
	if (!*code) {
		diag_add(t->d, t->file, line, _("le code de l'indicateur est vide"));
		return NULL;
	}
	size_t i;
	if (code_map_get(&m->codes, code, &i))
		return &m->known[i];
	if (!m->folded) {
		m->folded = arena_alloc(t->a, (m->known_count ? m->known_count : 1) *
		                        sizeof(*m->folded));
		for (size_t k = 0; k < m->known_count; k++)
			m->folded[k] = text_fold(t->a, m->known[k].code ? m->known[k].code : "");
	}
	const char *want = text_fold(t->a, code);
	for (size_t k = 0; k < m->known_count; k++)
		if (strcmp(m->folded[k], want) == 0) {
			diag_add(t->d, t->file, line,
			         _("indicateur inconnu « %s » (vouliez-vous dire « %s » ?)"), code,
			         m->known[k].code);
			return NULL;
		}
	diag_add(t->d, t->file, line,
	         _("indicateur inconnu « %s » : aucun indicateur du plan n'a ce code (importez "
	           "d'abord le catalogue)"),
	         code);
	return NULL;
}

static void read_measurement_row(table_reader *t, const csv_record *rec, const char **cells,
                                 const char **fields)
{
	(void)fields;
	measurement_state *m = t->state;
	int line = rec->line;
	measurement x = {.source_line = line};
	bool ok = true;
	x.indicator = indicator_of(t, m, line, cells[MEASURE_CODE]);
	if (!x.indicator) {
		ok = false;
	} else if (x.indicator->formula != FORMULA_NONE) {
		diag_add(t->d, t->file, line,
		         _("l'indicateur « %s » est calculé par jalon (formule « %s ») : il ne prend "
		           "pas de mesure saisie"),
		         x.indicator->code, indicator_formula_key(x.indicator->formula));
		ok = false;
	}
	if (!*cells[MEASURE_DATE]) {
		diag_add(t->d, t->file, line, _("date de la mesure manquante (colonne date)"));
		ok = false;
	} else {
		ok = read_date(t, line, header_of(t, MEASURE_DATE), cells[MEASURE_DATE], &x.date) &&
		     ok;
	}
	if (!*cells[MEASURE_VALUE]) {
		diag_add(t->d, t->file, line, _("valeur de la mesure manquante (colonne valeur)"));
		ok = false;
	} else {
		ok = read_number(t, line, header_of(t, MEASURE_VALUE), cells[MEASURE_VALUE],
		                 &x.value) && ok;
	}
	x.comment = *cells[MEASURE_COMMENT] ? cells[MEASURE_COMMENT] : NULL;
	x.source = *cells[MEASURE_SOURCE] ? cells[MEASURE_SOURCE] : NULL;
	if (!ok)
		return;
	m->items = csv_table_grow(t->a, m->items, m->count, sizeof(*m->items));
	m->items[m->count++] = x;
}

/* Order of measurements by indicator, date, then line. */
static int compare_measurements(const void *x, const void *y)
{
	const measurement *a = *(const measurement *const *)x, *b = *(const measurement *const *)y;
	if (a->indicator != b->indicator)
		return a->indicator < b->indicator ? -1 : 1;
	int c = date_compare(a->date, b->date);
	return c ? c : (a->source_line > b->source_line) - (a->source_line < b->source_line);
}

/* One value per indicator and date: a second one in the same file is ambiguous. */
static void check_repeated_dates(table_reader *t, measurement_state *m)
{
	if (m->count < 2)
		return;
	const measurement **order = arena_alloc(t->a, m->count * sizeof(*order));
	for (size_t i = 0; i < m->count; i++)
		order[i] = &m->items[i];
	qsort(order, m->count, sizeof(*order), compare_measurements);
	size_t first = 0; /* the first of the current run of equal keys: the line kept */
	for (size_t i = 1; i < m->count; i++) {
		const measurement *a = order[i - 1], *b = order[i];
		if (a->indicator != b->indicator || date_compare(a->date, b->date) != 0) {
			first = i;
			continue;
		}
		char when[11];
		date_format_fr(b->date, when);
		diag_add(t->d, t->file, b->source_line,
		         _("deuxième mesure de l'indicateur « %s » au %s (déjà ligne %d) : une seule "
		           "valeur par indicateur et par date"),
		         b->indicator->code, when, order[first]->source_line);
	}
}

bool indicator_csv_read_measurements(arena *a, const char *file, const char *data, size_t len,
                                     const plan_csv_options *options, const indicator *known,
                                     size_t known_count, measurement **out, size_t *count,
                                     diag_list *d)
{
	measurement_state m = {.known = known, .known_count = known_count};
	code_map_init(a, &m.codes, known_count);
	for (size_t i = 0; i < known_count; i++) {
		size_t seen;
		if (known[i].code && !code_map_get(&m.codes, known[i].code, &seen))
			code_map_put(a, &m.codes, known[i].code, i);
	}
	table_reader t = {.a = a, .file = file, .d = d, .columns = measurement_columns,
	                  .column_count = MEASURE_COLUMN_COUNT, .state = &m};
	size_t errors_before = diag_total(d);
	bool ok = csv_table_read(&t, data, len, options ? options->encoding : NULL, NULL,
	                         read_measurement_row);
	if (t.rows > 0)
		check_repeated_dates(&t, &m);
	ok = ok && diag_total(d) == errors_before;
	diag_sort(d);
	*out = ok ? m.items : NULL;
	*count = ok ? m.count : 0;
	return ok;
}
