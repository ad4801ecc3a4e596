/*
 * plan_csv.c — the plan CSV format: header matching, cell parsing, canonical export.
 *
 * The reader goes in three steps: bring the bytes to UTF-8 (BOM, --encoding, UTF-16),
 * match the header row to known columns (ignoring case, accents and separators) with
 * every other column kept as a custom attribute, then turn each row into an element.
 * Cell errors do not stop the reading: every row is checked, and plan_link() then
 * checks the structure, so the user sees all problems of the file at once.
 */
#include "io/plan_csv.h"

#include <string.h>

#include "io/csv.h"
#include "io/csv_input.h"
#include "util/i18n.h"
#include "util/money.h"
#include "util/text.h"

typedef enum {
	COLUMN_CODE,
	COLUMN_PARENT,
	COLUMN_LEVEL,
	COLUMN_TITLE,
	COLUMN_DESCRIPTION,
	COLUMN_OWNER,
	COLUMN_PARTNERS,
	COLUMN_BENEFICIARIES,
	COLUMN_START,
	COLUMN_END,
	COLUMN_BUDGET,
	COLUMN_STATUS,
	COLUMN_CONTRIBUTES_TO,
	COLUMN_STANDARD_COUNT,
	COLUMN_CUSTOM = COLUMN_STANDARD_COUNT,
	COLUMN_IGNORED,
} column_kind;

/* The canonical header (written on export) first, then accepted aliases, all given
 * as match keys (lowercase, no accents, no spaces, underscores or hyphens). */
static const csv_input_column standard_columns[COLUMN_STANDARD_COUNT] = {
	[COLUMN_CODE] = {"code", true, {"code"}},
	[COLUMN_PARENT] = {"parent", false, {"parent", "codeparent"}},
	[COLUMN_LEVEL] = {"niveau", true, {"niveau", "level"}},
	[COLUMN_TITLE] = {"intitule", true, {"intitule", "titre", "title", "libelle"}},
	[COLUMN_DESCRIPTION] = {"description", false, {"description"}},
	[COLUMN_OWNER] = {"porteur", false, {"porteur", "owner"}},
	[COLUMN_PARTNERS] = {"partenaires", false, {"partenaires", "partners"}},
	[COLUMN_BENEFICIARIES] = {"beneficiaires", false, {"beneficiaires", "beneficiaries"}},
	[COLUMN_START] = {"debut", false, {"debut", "start", "datededebut"}},
	[COLUMN_END] = {"fin", false, {"fin", "end", "datedefin"}},
	[COLUMN_BUDGET] = {"budget", false, {"budget"}},
	[COLUMN_STATUS] = {"statut", false, {"statut", "status"}},
	[COLUMN_CONTRIBUTES_TO] = {"contribue_a", false, {"contribuea", "contributesto"}},
};

typedef struct {
	column_kind kind;
	size_t custom_index; /* for COLUMN_CUSTOM */
	const char *header;  /* as written in the file, trimmed */
} column_map;

typedef struct {
	arena *a;
	const char *file;
	diag_list *d;
	column_map *columns;
	size_t column_count;
	int standard_position[COLUMN_STANDARD_COUNT]; /* 1-based column, 0 = absent */
	int header_line;
} reader_state;

/* ---- header --------------------------------------------------------------------------- */

static column_kind standard_column_of(const char *key)
{
	int c = csv_input_column_find(standard_columns, COLUMN_STANDARD_COUNT, key);
	return c < 0 ? COLUMN_CUSTOM : (column_kind)c;
}

static bool read_header(reader_state *r, const csv_record *header, plan *p)
{
	r->header_line = header->line;
	r->column_count = header->count;
	r->columns = arena_alloc(r->a, header->count * sizeof(*r->columns));
	const char **custom_keys = arena_alloc(r->a, header->count * sizeof(*custom_keys));
	int *custom_positions = arena_alloc(r->a, header->count * sizeof(*custom_positions));
	p->custom_columns = arena_alloc(r->a, header->count * sizeof(*p->custom_columns));
	bool ok = true;

	for (size_t i = 0; i < header->count; i++) {
		column_map *m = &r->columns[i];
		m->header = text_trim(r->a, header->fields[i]);
		if (!*m->header) {
			m->kind = COLUMN_IGNORED; /* allowed while its cells stay empty */
			continue;
		}
		const char *key = text_match_key(r->a, m->header);
		m->kind = standard_column_of(key);
		if (m->kind != COLUMN_CUSTOM) {
			int *seen = &r->standard_position[m->kind];
			if (*seen) {
				diag_add(r->d, r->file, header->line,
				         _("colonne « %s » en double (colonnes %d et %zu)"),
				         standard_columns[m->kind].header, *seen, i + 1);
				ok = false;
			} else {
				*seen = (int)i + 1;
			}
			continue;
		}
		for (size_t k = 0; k < p->custom_column_count; k++) {
			if (strcmp(custom_keys[k], key) == 0) {
				diag_add(r->d, r->file, header->line,
				         _("colonne « %s » en double (colonnes %d et %zu)"), m->header,
				         custom_positions[k], i + 1);
				ok = false;
			}
		}
		m->custom_index = p->custom_column_count;
		custom_keys[p->custom_column_count] = key;
		custom_positions[p->custom_column_count] = (int)i + 1;
		p->custom_columns[p->custom_column_count++] = m->header;
	}

	for (int c = 0; c < COLUMN_STANDARD_COUNT; c++) {
		if (standard_columns[c].required && !r->standard_position[c]) {
			diag_add(r->d, r->file, header->line,
			         _("colonne obligatoire « %s » absente (colonnes obligatoires : code, "
			           "niveau, intitule)"),
			         standard_columns[c].header);
			ok = false;
		}
	}
	if (!ok && header->count == 1)
		diag_add(r->d, r->file, header->line,
		         _("une seule colonne lue : le séparateur doit être « ; », « , » ou une "
		           "tabulation"));
	return ok;
}

/* ---- rows ------------------------------------------------------------------------------ */

static const char *nonempty(const char *s)
{
	return s && *s ? s : NULL;
}

static void read_cell(reader_state *r, const csv_record *rec, size_t i, plan *p,
                      plan_element *e)
{
	const column_map *m = &r->columns[i];
	const char *v = text_trim(r->a, rec->fields[i]);
	const char *why = NULL;
	switch (m->kind) {
	case COLUMN_IGNORED:
		if (*v)
			diag_add(r->d, r->file, rec->line,
			         _("la colonne %zu n'a pas d'en-tête mais contient « %s »"), i + 1, v);
		break;
	case COLUMN_CUSTOM:
		e->attributes[m->custom_index] = nonempty(v);
		break;
	case COLUMN_CODE: e->code = v; break;
	case COLUMN_PARENT: e->parent_code = nonempty(v); break;
	case COLUMN_LEVEL: e->level = v; break;
	case COLUMN_TITLE: e->title = v; break;
	case COLUMN_DESCRIPTION: e->description = nonempty(v); break;
	case COLUMN_OWNER: e->owner = nonempty(v); break;
	case COLUMN_BENEFICIARIES: e->beneficiaries = nonempty(v); break;
	case COLUMN_STATUS: e->status = nonempty(v); break;
	case COLUMN_PARTNERS:
		e->partner_count = text_split(r->a, v, '|', (char ***)&e->partners);
		break;
	case COLUMN_CONTRIBUTES_TO:
		e->contribution_count = text_split(r->a, v, '|', (char ***)&e->contributes_to);
		break;
	case COLUMN_START:
	case COLUMN_END:
		if (*v && !date_parse(v, m->kind == COLUMN_START ? &e->start : &e->end, &why))
			diag_add(r->d, r->file, rec->line, _("colonne « %s » : date invalide « %s » : %s"),
			         m->header, v, why);
		break;
	case COLUMN_BUDGET:
		if (*v) {
			e->has_budget = money_parse(v, &e->budget_cents, &why);
			if (!e->has_budget)
				diag_add(r->d, r->file, rec->line,
				         _("colonne « %s » : montant invalide « %s » : %s"), m->header, v, why);
		}
		break;
	}
	(void)p;
}

static void read_row(reader_state *r, const csv_record *rec, plan *p, plan_element *e)
{
	size_t expected = r->column_count;
	e->source_line = rec->line;
	if (p->custom_column_count)
		e->attributes = arena_alloc(r->a, p->custom_column_count * sizeof(*e->attributes));
	if (csv_input_row_width_ok(r->a, r->file, rec, expected, r->d)) {
		for (size_t i = 0; i < expected; i++)
			read_cell(r, rec, i, p, e);
		return;
	}
	/* The cells are shifted, so their values mean nothing: keep only the code, so
	 * the element still exists for its children and the user is not shown knock-on
	 * errors, with placeholders that pass the structural checks. */
	int code_column = r->standard_position[COLUMN_CODE] - 1;
	if ((size_t)code_column < rec->count)
		e->code = text_trim(r->a, rec->fields[code_column]);
	e->level = e->title = "?";
}

bool plan_csv_read(arena *a, const char *file, const char *data, size_t len,
                   const plan_csv_options *options, plan *p, diag_list *d)
{
	size_t errors_before = diag_total(d);
	if (!csv_input_normalise(a, file, &data, &len, options ? options->encoding : NULL, d))
		return false;

	reader_state r = {.a = a, .file = file, .d = d};
	csv_reader *csv = csv_open(a, data, len, 0);
	csv_record rec;
	int error_line;
	const char *error_message;
	csv_status status = csv_next(csv, &rec, &error_line, &error_message);
	if (status == CSV_END) {
		diag_add(d, file, 0, _("fichier vide : une ligne d'en-tête est attendue"));
		return false;
	}
	if (status == CSV_ERROR) {
		diag_add(d, file, error_line, "%s", error_message);
		return false;
	}
	if (!read_header(&r, &rec, p)) {
		diag_sort(d);
		return false;
	}

	size_t capacity = 64;
	p->elements = arena_alloc(a, capacity * sizeof(*p->elements));
	p->element_count = 0;
	while ((status = csv_next(csv, &rec, &error_line, &error_message)) == CSV_RECORD) {
		if (csv_input_record_is_blank(a, &rec))
			continue;
		if (p->element_count == capacity) {
			p->elements = arena_realloc(a, p->elements, capacity * sizeof(*p->elements),
			                            capacity * 2 * sizeof(*p->elements));
			capacity *= 2;
		}
		plan_element *e = &p->elements[p->element_count];
		memset(e, 0, sizeof(*e));
		read_row(&r, &rec, p, e);
		p->element_count++;
	}
	if (status == CSV_ERROR)
		diag_add(d, file, error_line, "%s", error_message);
	else if (p->element_count == 0 && diag_total(d) == errors_before)
		diag_add(d, file, 0, _("aucun élément : le fichier n'a qu'une ligne d'en-tête"));

	/* Check the structure even when cells were wrong: the user gets every problem in
	 * one pass. A file whose reading stopped on a CSV error is not checked further. */
	if (status != CSV_ERROR && p->element_count)
		plan_link(a, p, file, d);
	diag_sort(d);
	return diag_total(d) == errors_before;
}

/* ---- writing ----------------------------------------------------------------------------- */

static void write_list(buf *out, const char *const *items, size_t count)
{
	buf line = {0};
	for (size_t i = 0; i < count; i++) {
		if (i)
			buf_putc(&line, '|');
		buf_puts(&line, items[i]);
	}
	csv_write_field(out, line.data, ';');
	buf_free(&line);
}

static void write_date(buf *out, jalon_date d)
{
	char s[11];
	date_format_iso(d, s);
	buf_puts(out, s);
}

void plan_csv_write(const plan *p, buf *out)
{
	buf_puts(out, "\xEF\xBB\xBF");
	for (int c = 0; c < COLUMN_STANDARD_COUNT; c++) {
		if (c)
			buf_putc(out, ';');
		buf_puts(out, standard_columns[c].header);
	}
	for (size_t k = 0; k < p->custom_column_count; k++) {
		buf_putc(out, ';');
		csv_write_field(out, p->custom_columns[k], ';');
	}
	buf_puts(out, "\r\n");

	for (size_t i = 0; i < p->element_count; i++) {
		const plan_element *e = p->ordered[i];
		char amount[MONEY_FORMAT_MAX] = "";
		if (e->has_budget)
			money_format_plain(e->budget_cents, amount);
		csv_write_field(out, e->code, ';');
		buf_putc(out, ';');
		csv_write_field(out, e->parent ? e->parent->code : NULL, ';');
		buf_putc(out, ';');
		csv_write_field(out, e->level, ';');
		buf_putc(out, ';');
		csv_write_field(out, e->title, ';');
		buf_putc(out, ';');
		csv_write_field(out, e->description, ';');
		buf_putc(out, ';');
		csv_write_field(out, e->owner, ';');
		buf_putc(out, ';');
		write_list(out, e->partners, e->partner_count);
		buf_putc(out, ';');
		csv_write_field(out, e->beneficiaries, ';');
		buf_putc(out, ';');
		write_date(out, e->start);
		buf_putc(out, ';');
		write_date(out, e->end);
		buf_putc(out, ';');
		buf_puts(out, amount);
		buf_putc(out, ';');
		csv_write_field(out, e->status, ';');
		buf_putc(out, ';');
		write_list(out, e->contributes_to, e->contribution_count);
		for (size_t k = 0; k < p->custom_column_count; k++) {
			buf_putc(out, ';');
			csv_write_field(out, e->attributes ? e->attributes[k] : NULL, ';');
		}
		buf_puts(out, "\r\n");
	}
}
