/*
 * steering_csv.c — reading budget lines and milestones from CSV against a stored plan.
 *
 * Both formats share one skeleton (csv_table.h, as indicator_csv.c does): bring the
 * bytes to UTF-8, match the header to the format's columns, then hand each non-blank
 * row to the format's row reader. Unlike the plan CSV, an unknown column is an error:
 * these files carry amounts and dates, and a misspelt "engagé" column silently
 * ignored would lose them. Every cell error is collected; nothing stops at the first.
 */
#include "io/steering_csv.h"

#include <stdlib.h>
#include <string.h>

#include "io/csv_table.h"
#include "util/buf.h"
#include "util/i18n.h"
#include "util/money.h"
#include "util/text.h"

typedef csv_table table_reader;

/* What both formats' states start with: the plan and its elements sorted by code. */
typedef struct {
	const plan *p;
	const plan_element **by_code;
} plan_index;

/* ---- element codes ---------------------------------------------------------------- */

static int compare_codes(const void *x, const void *y)
{
	const plan_element *const *a = x, *const *b = y;
	return strcmp((*a)->code, (*b)->code);
}

static plan_index code_index_build(arena *a, const plan *p)
{
	size_t n = p->element_count;
	plan_index ix = {.p = p, .by_code = arena_alloc(a, (n ? n : 1) * sizeof(*ix.by_code))};
	for (size_t i = 0; i < n; i++)
		ix.by_code[i] = &p->elements[i];
	qsort(ix.by_code, n, sizeof(*ix.by_code), compare_codes);
	return ix;
}

/* The element with this code, or NULL after reporting it (with a near miss). */
static const plan_element *element_of(table_reader *t, int line, const char *code)
{
	const plan_index *ix = t->state;
	if (!*code) {
		diag_add(t->d, t->file, line, _("le code de l'élément est vide"));
		return NULL;
	}
	plan_element key = {.code = code};
	const plan_element *k = &key;
	const plan_element **found = ix->p->element_count
		? bsearch(&k, ix->by_code, ix->p->element_count, sizeof(*ix->by_code), compare_codes)
		: NULL;
	if (found)
		return *found;
	const char *near = plan_code_suggestion(t->a, ix->p, code);
	if (near)
		diag_add(t->d, t->file, line, _("élément inconnu « %s » (vouliez-vous dire « %s » ?)"),
		         code, near);
	else
		diag_add(t->d, t->file, line,
		         _("élément inconnu « %s » : aucun élément du plan « %s » n'a ce code"), code,
		         ix->p->slug ? ix->p->slug : "");
	return NULL;
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
	plan_index plan; /* first: element_of reads it through t->state */
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

static void read_budget_row(table_reader *t, const csv_record *rec, const char **cells,
                            const char **fields)
{
	(void)fields;
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
	b->lines = csv_table_grow(t->a, b->lines, b->count, sizeof(*b->lines));
	b->lines[b->count++] = l;
}

bool steering_csv_read_budget(arena *a, const char *file, const char *data, size_t len,
                              const plan_csv_options *options, const plan *p,
                              const char *const *sources, size_t source_count,
                              budget_line **out, size_t *count, diag_list *d)
{
	budget_state b = {.plan = code_index_build(a, p), .sources = sources,
	                  .source_count = source_count};
	b.source_keys = arena_alloc(a, (source_count ? source_count : 1) * sizeof(*b.source_keys));
	for (size_t i = 0; i < source_count; i++)
		b.source_keys[i] = text_match_key(a, sources[i]);
	table_reader t = {.a = a, .file = file, .d = d, .columns = budget_columns,
	                  .column_count = BUDGET_COLUMN_COUNT, .state = &b};
	bool ok = csv_table_read(&t, data, len, options ? options->encoding : NULL, NULL,
	                         read_budget_row);
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
	plan_index plan; /* first: element_of reads it through t->state */
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

static void read_milestone_row(table_reader *t, const csv_record *rec, const char **cells,
                               const char **fields)
{
	(void)fields;
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
	ms->items = csv_table_grow(t->a, ms->items, ms->count, sizeof(*ms->items));
	ms->items[ms->count++] = m;
}

bool steering_csv_read_milestones(arena *a, const char *file, const char *data, size_t len,
                                  const plan_csv_options *options, const plan *p,
                                  milestone **out, size_t *count, diag_list *d)
{
	milestone_state ms = {.plan = code_index_build(a, p)};
	table_reader t = {.a = a, .file = file, .d = d, .columns = milestone_columns,
	                  .column_count = MILESTONE_COLUMN_COUNT, .state = &ms};
	bool ok = csv_table_read(&t, data, len, options ? options->encoding : NULL, NULL,
	                         read_milestone_row);
	*out = ok ? ms.items : NULL;
	*count = ok ? ms.count : 0;
	return ok;
}
