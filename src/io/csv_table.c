/*
 * csv_table.c — the table skeleton shared by the steering and indicator CSV imports
 * (see csv_table.h). Messages and their lines are those every such format gives.
 */
#include "io/csv_table.h"

#include "util/buf.h"
#include "util/i18n.h"
#include "util/text.h"

static const char *column_list(csv_table *t, bool required_only)
{
	buf b = {0};
	for (int c = 0; c < t->column_count; c++)
		if (!required_only || t->columns[c].required)
			buf_printf(&b, "%s%s", b.len ? ", " : "", t->columns[c].header);
	const char *s = arena_strdup(t->a, b.data ? b.data : "");
	buf_free(&b);
	return s;
}

static bool read_header(csv_table *t, const csv_record *header)
{
	bool ok = true;
	t->headers = arena_alloc(t->a, header->count * sizeof(*t->headers));
	for (int c = 0; c < t->column_count; c++) {
		t->position[c] = -1;
		t->position_count[c] = 0;
		t->positions[c] = arena_alloc(t->a, header->count * sizeof(int));
	}
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
		} else if (t->position[c] >= 0 && !(t->repeatable & (1u << c))) {
			diag_add(t->d, t->file, header->line,
			         _("colonne « %s » en double (colonnes %d et %zu)"), t->columns[c].header,
			         t->position[c] + 1, i + 1);
			ok = false;
		} else {
			if (t->position[c] < 0)
				t->position[c] = (int)i;
			t->positions[c][t->position_count[c]++] = (int)i;
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

static void read_record(csv_table *t, const csv_record *rec, size_t width, csv_table_row row)
{
	if (!csv_input_row_width_ok(t->a, t->file, rec, width, t->d))
		return;
	const char **fields = arena_alloc(t->a, (width ? width : 1) * sizeof(*fields));
	for (size_t i = 0; i < width; i++) {
		fields[i] = text_trim(t->a, rec->fields[i]);
		if (!*t->headers[i] && *fields[i])
			diag_add(t->d, t->file, rec->line,
			         _("la colonne %zu n'a pas d'en-tête mais contient « %s »"), i + 1,
			         fields[i]);
	}
	const char *cells[CSV_TABLE_MAX_COLUMNS];
	for (int c = 0; c < t->column_count; c++)
		cells[c] = t->position[c] >= 0 ? fields[t->position[c]] : "";
	row(t, rec, cells, fields);
}

bool csv_table_read(csv_table *t, const char *data, size_t len, const char *encoding,
                    csv_table_header_check header_check, csv_table_row row)
{
	size_t errors_before = diag_total(t->d);
	if (!csv_input_normalise(t->a, t->file, &data, &len, encoding, t->d))
		return false;
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
	bool header_ok = read_header(t, &rec);
	if (header_ok && header_check)
		header_ok = header_check(t, rec.line);
	if (!header_ok) {
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

void *csv_table_grow(arena *a, void *items, size_t count, size_t size)
{
	if (count == 0 || (count & (count - 1)) == 0) {
		size_t cap = count ? count * 2 : 2;
		return arena_realloc(a, items, count * size, cap * size);
	}
	return items;
}
