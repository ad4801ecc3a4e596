/*
 * csv_input.c — the parts of reading a CSV import shared by every format
 * (csv_input.h): encoding, column matching, blank and misshapen rows.
 */
#include "io/csv_input.h"

#include <string.h>

#include "util/i18n.h"
#include "util/text.h"

static int line_of_offset(const char *data, size_t offset)
{
	int line = 1;
	for (size_t i = 0; i < offset; i++)
		line += data[i] == '\n';
	return line;
}

static bool is_utf8_name(const char *encoding)
{
	arena *a = arena_new();
	const char *key = text_match_key(a, encoding);
	bool utf8 = strcmp(key, "utf8") == 0;
	arena_free(a);
	return utf8;
}

bool csv_input_normalise(arena *a, const char *file, const char **data, size_t *len,
                         const char *encoding, diag_list *d)
{
	const unsigned char *u = (const unsigned char *)*data;
	const char *from = NULL;
	if (*len >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF)))
		from = "UTF-16"; /* Excel's "Unicode text": iconv reads the BOM */
	else if (encoding && !is_utf8_name(encoding))
		from = strcmp(text_match_key(a, encoding), "cp1252") == 0 ? "WINDOWS-1252" : encoding;
	if (from) {
		char *out;
		size_t out_len;
		const char *why;
		if (!text_to_utf8(a, from, *data, *len, &out, &out_len, &why)) {
			diag_add(d, file, 0, _("lecture impossible depuis l'encodage %s : %s"), from, why);
			return false;
		}
		*data = out;
		*len = out_len;
	}
	if (*len >= 3 && memcmp(*data, "\xEF\xBB\xBF", 3) == 0) {
		*data += 3;
		*len -= 3;
	}
	size_t bad;
	if (!text_utf8_valid(*data, *len, &bad)) {
		diag_add(d, file, line_of_offset(*data, bad),
		         _("le texte n'est pas en UTF-8 (octet 0x%02X) ; si le fichier vient d'Excel "
		           "sous Windows, relancez avec --encoding cp1252"),
		         (unsigned char)(*data)[bad]);
		return false;
	}
	return true;
}

int csv_input_column_find(const csv_input_column *columns, int count, const char *key)
{
	for (int c = 0; c < count; c++)
		for (int k = 0; k < 5 && columns[c].aliases[k]; k++)
			if (strcmp(key, columns[c].aliases[k]) == 0)
				return c;
	return -1;
}

bool csv_input_record_is_blank(arena *a, const csv_record *rec)
{
	for (size_t i = 0; i < rec->count; i++)
		if (*text_trim(a, rec->fields[i]))
			return false;
	return true;
}

bool csv_input_row_width_ok(arena *a, const char *file, const csv_record *rec,
                            size_t expected, diag_list *d)
{
	if (rec->count == expected)
		return true;
	/* Spreadsheets often leave trailing empty cells: extra empty fields are fine. */
	bool shifted = rec->count < expected;
	for (size_t i = expected; !shifted && i < rec->count; i++)
		shifted = *text_trim(a, rec->fields[i]) != '\0';
	if (!shifted)
		return true;
	if (rec->count > expected)
		diag_add(d, file, rec->line,
		         _("%zu champs au lieu de %zu (autant que de colonnes dans l'en-tête) : une "
		           "cellule contient-elle le séparateur sans être entre guillemets ?"),
		         rec->count, expected);
	else
		diag_add(d, file, rec->line,
		         _("%zu champs au lieu de %zu (autant que de colonnes dans l'en-tête)"),
		         rec->count, expected);
	return false;
}
