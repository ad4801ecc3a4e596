/*
 * csv.h — an RFC 4180 reader for spreadsheets exported by Excel and LibreOffice.
 *
 * Reads a whole UTF-8 buffer (the caller removed any BOM and converted the
 * encoding). Accepts LF, CRLF or lone CR line ends, quoted fields with doubled quotes and
 * line breaks inside, and a separator among ';', ',' and TAB, detected from the
 * first line when not given. Line breaks inside quoted fields are returned as LF.
 * Records report the physical line they start on, so errors can point at it. A
 * record's fields stay valid for the arena's life, after later calls too.
 *
 * Errors stop the reader (an unterminated quote swallows the rest of the file, so
 * nothing after it can be trusted).
 */
#ifndef JALON_CSV_H
#define JALON_CSV_H

#include <stdbool.h>
#include <stddef.h>

#include "util/arena.h"

typedef struct csv_reader csv_reader;

typedef struct {
	char **fields;  /* NUL-terminated, arena-allocated, not trimmed */
	size_t count;
	int line;       /* 1-based physical line where the record starts */
} csv_record;

typedef enum { CSV_RECORD, CSV_END, CSV_ERROR } csv_status;

/* separator: ';', ',', '\t', or 0 to detect it from the first line. */
csv_reader *csv_open(arena *a, const char *data, size_t len, char separator);
char csv_separator(const csv_reader *r);
/* Next record. On CSV_ERROR, *error_line and *error_message (French, through gettext)
 * say what and where; every later call returns CSV_ERROR again. A line that holds
 * nothing at all is returned as a record of one empty field. */
csv_status csv_next(csv_reader *r, csv_record *out, int *error_line, const char **error_message);

/* Append one field to a CSV line being written, quoting when needed (separator,
 * quote, CR or LF inside, or leading/trailing space). */
#include "util/buf.h"
void csv_write_field(buf *out, const char *field, char separator);

#endif
