/*
 * csv_table.h — the table skeleton of jalon's steering and indicator CSV imports (io/
 * only): bring the bytes to UTF-8, match the header to the format's columns (an
 * unknown column is an error), hand each non-blank row to the format's row reader,
 * collect every problem with its line. steering_csv.c and indicator_csv.c read their
 * files through it; their own state travels in `state`.
 */
#ifndef JALON_CSV_TABLE_H
#define JALON_CSV_TABLE_H

#include <stdbool.h>
#include <stddef.h>

#include "io/csv.h"
#include "io/csv_input.h"
#include "util/arena.h"
#include "util/diag.h"

#define CSV_TABLE_MAX_COLUMNS 16

typedef struct csv_table csv_table;

/* cells: the first cell of each known column, trimmed ("" when absent); fields: every
 * cell of the row, trimmed, as many as the header. */
typedef void (*csv_table_row)(csv_table *t, const csv_record *rec, const char **cells,
                              const char **fields);

/* What the format adds to the header's checks, once the header is read (line: its line). */
typedef bool (*csv_table_header_check)(csv_table *t, int line);

struct csv_table {
	/* set by the caller */
	arena *a;
	const char *file;
	diag_list *d;
	const csv_input_column *columns;
	int column_count;              /* at most CSV_TABLE_MAX_COLUMNS */
	unsigned repeatable;           /* bit c: column c may appear several times */
	void *state;                   /* the format's own */
	/* filled by csv_table_read */
	int position[CSV_TABLE_MAX_COLUMNS]; /* file column (0-based) of each known column, -1 */
	int *positions[CSV_TABLE_MAX_COLUMNS]; /* every file column of a known column */
	size_t position_count[CSV_TABLE_MAX_COLUMNS];
	const char **headers;          /* as written, for messages */
	size_t rows;                   /* non-blank rows after the header */
};

/* Read data[0..len) (encoding as for csv_input_normalise), calling header_check (may be
 * NULL) after the header and row for each non-blank row. True when no error was added. */
bool csv_table_read(csv_table *t, const char *data, size_t len, const char *encoding,
                    csv_table_header_check header_check, csv_table_row row);

/* Grow an arena array by one, doubling at powers of two. */
void *csv_table_grow(arena *a, void *items, size_t count, size_t size);

#endif
