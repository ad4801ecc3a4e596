/*
 * report_pdf.h — a report (report.h) as an A4 PDF: cover with a table of contents,
 * running header, "page N / M" footer, tables that break across pages repeating their
 * header row, the weather as an icon and a word, the roadmap as a Gantt chart, French
 * typography, PDF metadata, outline and internal links.
 */
#ifndef JALON_REPORT_PDF_H
#define JALON_REPORT_PDF_H

#include <stdbool.h>

#include "report/report.h"
#include "util/buf.h"

/* Append the PDF of r to out. False (with a diag) when cairo fails. */
bool report_pdf_render(const report *r, arena *a, buf *out, diag_list *diags);

#endif
