/*
 * steering_csv.c — reading budget lines and milestones from CSV against a stored plan.
 *
 * Both formats share one skeleton (read_table): bring the bytes to UTF-8, match the
 * header to the format's columns, then hand each non-blank row to the format's row
 * reader. Unlike the plan CSV, an unknown column is an error: these files carry
 * amounts and dates, and a misspelt "engagé" column silently ignored would lose
 * them. Every cell error is collected; nothing stops at the first.
 */
#include "io/steering_csv.h"

#include <stdlib.h>
#include <string.h>

#include "io/csv_input.h"
#include "util/buf.h"
#include "util/i18n.h"
#include "util/money.h"
#include "util/text.h"

#define MAX_COLUMNS 8

typedef struct table_reader table_reader;
typedef void (*row_reader)(table_reader *t, const csv_record *rec, const char **cells);

struct table_reader {
	arena *a;
	const char *file;
	diag_list *d;
	const plan *p;
	const csv_input_column *columns;
	int column_count;
	int position[MAX_COLUMNS];     /* file column (0-based) of each known column, -1 */
	const char **headers;          /* as written, for messages */
	const plan_element **by_code;  /* the plan's elements sorted by code */
	size_t rows;
	void *state;
};

/* ---- element codes ---------------------------------------------------------------- */

static int compare_codes(const void *x, const void *y)
{
	const plan_element *const *a = x, *const *b = y;
	return strcmp((*a)->code, (*b)->code);
}

static void code_index_build(table_reader *t)
{
	size_t n = t->p->element_count;
	t->by_code = arena_alloc(t->a, (n ? n : 1) * sizeof(*t->by_code));
	for (size_t i = 0; i < n; i++)
		t->by_code[i] = &t->p->elements[i];
	qsort(t->by_code, n, sizeof(*t->by_code), compare_codes);
}

/* The element with this code, or NULL after reporting it (with a near miss). */
static const plan_element *element_of(table_reader *t, int line, const char *code)
{
	if (!*code) {
		diag_add(t->d, t->file, line, _("le code de l'élément est vide"));
		return NULL;
	}
	plan_element key = {.code = code};
	const plan_element *k = &key;
	const plan_element **found = t->p->element_count
		? bsearch(&k, t->by_code, t->p->element_count, sizeof(*t->by_code), compare_codes)
		: NULL;
	if (found)
		return *found;
	const char *near = plan_code_suggestion(t->a, t->p, code);
	if (near)
		diag_add(t->d, t->file, line, _("élément inconnu « %s » (vouliez-vous dire « %s » ?)"),
		         code, near);
	else
		diag_add(t->d, t->file, line,
		         _("élément inconnu « %s » : aucun élément du plan « %s » n'a ce code"), code,
		         t->p->slug ? t->p->slug : "");
	return NULL;
}

/* ---- header and rows ------------------------------------------------------------- */

static const char *column_list(table_reader *t, bool required_only)
{
	buf b = {0};
	for (int c = 0; c < t->column_count; c++)
		if (!required_only || t->columns[c].required)
			buf_printf(&b, "%s%s", b.len ? ", " : "", t->columns[c].header);
	const char *s = arena_strdup(t->a, b.data ? b.data : "");
	buf_free(&b);
	return s;
}

static bool read_header(table_reader *t, const csv_record *header)
{
	bool ok = true;
	t->headers = arena_alloc(t->a, header->count * sizeof(*t->headers));
	for (int c = 0; c < t->column_count; c++)
		t->position[c] = -1;
	for (size_t i = 0; i < header->count; i++) {
		const char *h = t->headers[i] = text_trim(t->a, header->fields[i]);
		if (!*h)
			continue; /* allowed while its cells stay empty */
		int c = csv_input_column_find(t->columns, t->column_count, text_match_key(t->a, h));
		if (c < 0) {
			diag_add(t->d, t->file, header->line,
			         _("colonne inconnue « %s » (colonnes de ce format : %s)"), h,
			         column_list(t, false));
			ok = false;
		} else if (t->position[c] >= 0) {
			diag_add(t->d, t->file, header->line,
			         _("colonne « %s » en double (colonnes %d et %zu)"), t->columns[c].header,
			         t->position[c] + 1, i + 1);
			ok = false;
		} else {
			t->position[c] = (int)i;
		}
	}
	for (int c = 0; c < t->column_count; c++) {
		if (t->columns[c].required && t->position[c] < 0) {
			diag_add(t->d, t->file, header->line,
			         _("colonne obligatoire « %s » absente (colonnes obligatoires : %s)"),
			         t->columns[c].header, column_list(t, true));
			ok = false;
		}
	}
	if (!ok && header->count == 1)
		diag_add(t->d, t->file, header->line,
		         _("une seule colonne lue : le séparateur doit être « ; », « , » ou une "
		           "tabulation"));
	return ok;
}

static void read_record(table_reader *t, const csv_record *rec, size_t width, row_reader row)
{
	if (!csv_input_row_width_ok(t->a, t->file, rec, width, t->d))
		return;
	const char *cells[MAX_COLUMNS];
	for (int c = 0; c < t->column_count; c++)
		cells[c] = t->position[c] >= 0 ? text_trim(t->a, rec->fields[t->position[c]]) : "";
	for (size_t i = 0; i < width; i++) {
		if (*t->headers[i])
			continue;
		const char *v = text_trim(t->a, rec->fields[i]);
		if (*v)
			diag_add(t->d, t->file, rec->line,
			         _("la colonne %zu n'a pas d'en-tête mais contient « %s »"), i + 1, v);
	}
	row(t, rec, cells);
}

static bool read_table(table_reader *t, const char *data, size_t len,
                       const plan_csv_options *options, row_reader row)
{
	size_t errors_before = diag_total(t->d);
	if (!csv_input_normalise(t->a, t->file, &data, &len, options ? options->encoding : NULL,
	                         t->d))
		return false;
	code_index_build(t);
	csv_reader *csv = csv_open(t->a, data, len, 0);
	csv_record rec;
	int error_line;
	const char *error_message;
	csv_status status = csv_next(csv, &rec, &error_line, &error_message);
	if (status == CSV_END) {
		diag_add(t->d, t->file, 0, _("fichier vide : une ligne d'en-tête est attendue"));
		return false;
	}
	if (status == CSV_ERROR) {
		diag_add(t->d, t->file, error_line, "%s", error_message);
		return false;
	}
	if (!read_header(t, &rec)) {
		diag_sort(t->d);
		return false;
	}
	size_t width = rec.count;
	while ((status = csv_next(csv, &rec, &error_line, &error_message)) == CSV_RECORD) {
		if (csv_input_record_is_blank(t->a, &rec))
			continue;
		t->rows++;
		read_record(t, &rec, width, row);
	}
	if (status == CSV_ERROR)
		diag_add(t->d, t->file, error_line, "%s", error_message);
	else if (t->rows == 0 && diag_total(t->d) == errors_before)
		diag_add(t->d, t->file, 0, _("aucune ligne : le fichier n'a qu'une ligne d'en-tête"));
	diag_sort(t->d);
	return diag_total(t->d) == errors_before;
}

/* Grow an arena array by one, doubling at powers of two. */
static void *grow(arena *a, void *items, size_t count, size_t size)
{
	if (count == 0 || (count & (count - 1)) == 0) {
		size_t cap = count ? count * 2 : 2;
		return arena_realloc(a, items, count * size, cap * size);
	}
	return items;
}

/* ---- budget lines ------------------------------------------------------------------- */

enum { BUDGET_CODE, BUDGET_YEAR, BUDGET_NATURE, BUDGET_SOURCE, BUDGET_PLANNED,
       BUDGET_COMMITTED, BUDGET_PAID, BUDGET_COLUMN_COUNT };

static const csv_input_column budget_columns[BUDGET_COLUMN_COUNT] = {
	[BUDGET_CODE] = {"code", true, {"code", "codeelement"}},
	[BUDGET_YEAR] = {"annee", true, {"annee", "year", "exercice"}},
	[BUDGET_NATURE] = {"nature", true, {"nature"}},
	[BUDGET_SOURCE] = {"source", true, {"source", "financeur", "financement",
	                                    "sourcedefinancement"}},
	[BUDGET_PLANNED] = {"prevu", false, {"prevu", "planned", "montantprevu"}},
	[BUDGET_COMMITTED] = {"engage", false, {"engage", "committed", "montantengage"}},
	[BUDGET_PAID] = {"realise", false, {"realise", "mandate", "paid", "montantrealise"}},
};

typedef struct {
	const char *const *sources;
	size_t source_count;
	const char **source_keys;
	budget_line *lines;
	size_t count;
} budget_state;

static const char *source_list(table_reader *t, const budget_state *b)
{
	buf out = {0};
	for (size_t i = 0; i < b->source_count; i++)
		buf_printf(&out, "%s%s", i ? ", " : "", b->sources[i]);
	const char *s = arena_strdup(t->a, out.data ? out.data : "");
	buf_free(&out);
	return s;
}

static bool read_year(table_reader *t, int line, const char *v, int *year)
{
	bool ok = strlen(v) == 4 && v[0] >= '1' && v[0] <= '9';
	for (int i = 1; ok && i < 4; i++)
		ok = v[i] >= '0' && v[i] <= '9';
	if (!ok) {
		diag_add(t->d, t->file, line,
		         _("année invalide « %s » : quatre chiffres attendus, par exemple 2026"), v);
		return false;
	}
	*year = atoi(v);
	return true;
}

static void read_amount(table_reader *t, int line, int column, const char *v, int64_t *cents)
{
	const char *why;
	const char *header = t->headers[t->position[column]];
	*cents = 0;
	if (!*v)
		return;
	if (!money_parse(v, cents, &why))
		diag_add(t->d, t->file, line, _("colonne « %s » : montant invalide « %s » : %s"), header,
		         v, why);
	else if (*cents < 0)
		diag_add(t->d, t->file, line, _("colonne « %s » : montant négatif « %s » refusé"),
		         header, v);
}

static void read_budget_row(table_reader *t, const csv_record *rec, const char **cells)
{
	budget_state *b = t->state;
	budget_line l = {.source_line = rec->line};
	int line = rec->line;
	l.element = element_of(t, line, cells[BUDGET_CODE]);
	if (*cells[BUDGET_YEAR])
		read_year(t, line, cells[BUDGET_YEAR], &l.year);
	else
		diag_add(t->d, t->file, line, _("année manquante"));
	if (!*cells[BUDGET_NATURE])
		diag_add(t->d, t->file, line, _("nature manquante (investissement ou fonctionnement)"));
	else if (!budget_nature_parse(cells[BUDGET_NATURE], &l.nature))
		diag_add(t->d, t->file, line,
		         _("nature inconnue « %s » (investissement ou fonctionnement)"),
		         cells[BUDGET_NATURE]);
	const char *key = text_match_key(t->a, cells[BUDGET_SOURCE]);
	for (size_t i = 0; *key && !l.source && i < b->source_count; i++)
		if (strcmp(b->source_keys[i], key) == 0)
			l.source = b->sources[i];
	if (!*key)
		diag_add(t->d, t->file, line, _("source de financement manquante (sources du plan : %s)"),
		         source_list(t, b));
	else if (!l.source)
		diag_add(t->d, t->file, line,
		         _("source de financement inconnue « %s » (sources du plan : %s)"),
		         cells[BUDGET_SOURCE], source_list(t, b));
	if (t->position[BUDGET_PLANNED] >= 0)
		read_amount(t, line, BUDGET_PLANNED, cells[BUDGET_PLANNED], &l.planned_cents);
	if (t->position[BUDGET_COMMITTED] >= 0)
		read_amount(t, line, BUDGET_COMMITTED, cells[BUDGET_COMMITTED], &l.committed_cents);
	if (t->position[BUDGET_PAID] >= 0)
		read_amount(t, line, BUDGET_PAID, cells[BUDGET_PAID], &l.paid_cents);
	b->lines = grow(t->a, b->lines, b->count, sizeof(*b->lines));
	b->lines[b->count++] = l;
}

bool steering_csv_read_budget(arena *a, const char *file, const char *data, size_t len,
                              const plan_csv_options *options, const plan *p,
                              const char *const *sources, size_t source_count,
                              budget_line **out, size_t *count, diag_list *d)
{
	budget_state b = {.sources = sources, .source_count = source_count};
	b.source_keys = arena_alloc(a, (source_count ? source_count : 1) * sizeof(*b.source_keys));
	for (size_t i = 0; i < source_count; i++)
		b.source_keys[i] = text_match_key(a, sources[i]);
	table_reader t = {.a = a, .file = file, .d = d, .p = p, .columns = budget_columns,
	                  .column_count = BUDGET_COLUMN_COUNT, .state = &b};
	bool ok = read_table(&t, data, len, options, read_budget_row);
	*out = ok ? b.lines : NULL;
	*count = ok ? b.count : 0;
	return ok;
}

/* ---- milestones ----------------------------------------------------------------------- */

enum { MILESTONE_CODE, MILESTONE_TITLE, MILESTONE_PLANNED_ON, MILESTONE_FORECAST_ON,
       MILESTONE_ACTUAL_ON, MILESTONE_STATUS, MILESTONE_COLUMN_COUNT };

static const csv_input_column milestone_columns[MILESTONE_COLUMN_COUNT] = {
	[MILESTONE_CODE] = {"code", true, {"code", "codeelement"}},
	[MILESTONE_TITLE] = {"jalon", true, {"jalon", "intitule", "titre", "libelle"}},
	[MILESTONE_PLANNED_ON] = {"date_prevue", true, {"dateprevue", "prevue", "planned"}},
	[MILESTONE_FORECAST_ON] = {"date_prevision", false, {"dateprevision", "prevision",
	                                                      "forecast"}},
	[MILESTONE_ACTUAL_ON] = {"date_reelle", false, {"datereelle", "reelle", "actual"}},
	[MILESTONE_STATUS] = {"statut", false, {"statut", "status"}},
};

typedef struct {
	milestone *items;
	size_t count;
} milestone_state;

static void read_date(table_reader *t, int line, int column, const char *v, jalon_date *out)
{
	const char *why;
	*out = DATE_NONE;
	if (*v && !date_parse(v, out, &why)) {
		diag_add(t->d, t->file, line, _("colonne « %s » : date invalide « %s » : %s"),
		         t->headers[t->position[column]], v, why);
		*out = DATE_NONE;
	}
}

static void read_milestone_row(table_reader *t, const csv_record *rec, const char **cells)
{
	milestone_state *ms = t->state;
	milestone m = {.source_line = rec->line, .status = MILESTONE_PLANNED};
	int line = rec->line;
	m.element = element_of(t, line, cells[MILESTONE_CODE]);
	m.title = cells[MILESTONE_TITLE];
	if (!*m.title)
		diag_add(t->d, t->file, line, _("l'intitulé du jalon est vide"));
	if (*cells[MILESTONE_PLANNED_ON])
		read_date(t, line, MILESTONE_PLANNED_ON, cells[MILESTONE_PLANNED_ON], &m.planned);
	else
		diag_add(t->d, t->file, line, _("date prévue manquante (colonne date_prevue)"));
	if (t->position[MILESTONE_FORECAST_ON] >= 0)
		read_date(t, line, MILESTONE_FORECAST_ON, cells[MILESTONE_FORECAST_ON], &m.forecast);
	bool actual_given = *cells[MILESTONE_ACTUAL_ON] != '\0';
	if (t->position[MILESTONE_ACTUAL_ON] >= 0)
		read_date(t, line, MILESTONE_ACTUAL_ON, cells[MILESTONE_ACTUAL_ON], &m.actual);
	const char *status = cells[MILESTONE_STATUS];
	if (!*status) {
		/* A date of achievement says it all. */
		m.status = actual_given ? MILESTONE_DONE : MILESTONE_PLANNED;
	} else if (!milestone_status_parse(status, &m.status)) {
		diag_add(t->d, t->file, line, _("statut inconnu « %s » (à venir, atteint ou annulé)"),
		         status);
	} else if (m.status == MILESTONE_DONE && !actual_given) {
		diag_add(t->d, t->file, line,
		         _("jalon « %s » atteint sans date réelle : renseignez la colonne date_reelle"),
		         m.title);
	}
	ms->items = grow(t->a, ms->items, ms->count, sizeof(*ms->items));
	ms->items[ms->count++] = m;
}

bool steering_csv_read_milestones(arena *a, const char *file, const char *data, size_t len,
                                  const plan_csv_options *options, const plan *p,
                                  milestone **out, size_t *count, diag_list *d)
{
	milestone_state ms = {0};
	table_reader t = {.a = a, .file = file, .d = d, .p = p, .columns = milestone_columns,
	                  .column_count = MILESTONE_COLUMN_COUNT, .state = &ms};
	bool ok = read_table(&t, data, len, options, read_milestone_row);
	*out = ok ? ms.items : NULL;
	*count = ok ? ms.count : 0;
	return ok;
}
