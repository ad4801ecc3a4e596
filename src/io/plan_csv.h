/*
 * plan_csv.h — the plan CSV format (docs/formats.md): reading a spreadsheet export
 * into a linked plan, and writing a plan back.
 *
 * Reading checks everything before anything is stored and reports every problem as
 * FILE:LINE: message. Writing produces the canonical form: UTF-8 with BOM (so Excel
 * opens it right), ';' separator, CRLF line ends, the standard columns then the custom
 * columns under their original headers, elements depth-first. Exporting, importing the
 * export and exporting again gives the same bytes.
 */
#ifndef JALON_PLAN_CSV_H
#define JALON_PLAN_CSV_H

#include <stdbool.h>
#include <stddef.h>

#include "core/plan.h"
#include "util/buf.h"
#include "util/diag.h"

typedef struct {
	/* Encoding of the input when it is not UTF-8: "cp1252", "latin1", any iconv name.
	 * NULL means UTF-8 (with or without BOM); a UTF-16 BOM is always honoured. */
	const char *encoding;
} plan_csv_options;

/* Parse data[0..len) into p (elements, custom columns), then link and check it.
 * `file` names the input in messages. Returns true when the plan is sound; on false,
 * diags hold every problem found, sorted by line. */
bool plan_csv_read(arena *a, const char *file, const char *data, size_t len,
                   const plan_csv_options *options, plan *p, diag_list *diags);

/* Write a linked plan in the canonical CSV form. */
void plan_csv_write(const plan *p, buf *out);

#endif
