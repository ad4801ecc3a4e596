/*
 * csv_input.h — what every CSV import of jalon shares (io/ only): bringing the bytes
 * to UTF-8, matching header cells to known columns, spotting blank and misshapen
 * rows. The plan CSV (plan_csv.c) and the steering CSVs (steering_csv.c) read their
 * files with the same rules and the same messages through it.
 */
#ifndef JALON_CSV_INPUT_H
#define JALON_CSV_INPUT_H

#include <stdbool.h>
#include <stddef.h>

#include "io/csv.h"
#include "util/arena.h"
#include "util/diag.h"

/* Bring data[0..len) to UTF-8 without BOM: a UTF-16 BOM is always honoured; else
 * `encoding` (NULL: UTF-8; "cp1252", "latin1", any iconv name) is converted from.
 * Invalid UTF-8 is refused with its line and the advice to use --encoding cp1252. */
bool csv_input_normalise(arena *a, const char *file, const char **data, size_t *len,
                         const char *encoding, diag_list *diags);

/* A known column: its canonical header, then accepted aliases as match keys
 * (text_match_key: lowercase, no accents, spaces, underscores or hyphens). */
typedef struct {
	const char *header;
	bool required;
	const char *aliases[5];
} csv_input_column;

/* The index of the column whose aliases hold key, or -1. */
int csv_input_column_find(const csv_input_column *columns, int count, const char *key);

/* True when every cell is empty or spaces (such rows are skipped). */
bool csv_input_record_is_blank(arena *a, const csv_record *rec);

/* Does the row have as many fields as the header (trailing empty fields allowed)?
 * Otherwise reports it at the row's line and returns false. */
bool csv_input_row_width_ok(arena *a, const char *file, const csv_record *rec,
                            size_t expected, diag_list *diags);

#endif
