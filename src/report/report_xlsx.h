/*
 * report_xlsx.h — a report (report.h) as a workbook (libxlsxwriter): one sheet per
 * section, amounts, percentages and numbers as real numbers with French-looking
 * formats, dates as real dates (JJ/MM/AAAA), a bold frozen header row and an
 * autofilter on each table, column widths from the content.
 */
#ifndef JALON_REPORT_XLSX_H
#define JALON_REPORT_XLSX_H

#include <stdbool.h>

#include "report/report.h"
#include "util/buf.h"

/* Write the workbook of r to path. False (with a diag) when it cannot be written. */
bool report_xlsx_write(const report *r, arena *a, const char *path, diag_list *diags);

/* The same into out (through a temporary file: libxlsxwriter writes files). */
bool report_xlsx_render(const report *r, arena *a, buf *out, diag_list *diags);

#endif
