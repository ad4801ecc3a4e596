/*
 * svg.h — charts drawn on the server as SVG: the budget by year (grouped bars) and
 * the roadmap (a Gantt chart of dated elements with their milestones).
 *
 * Each chart reads without script and without colour: the <svg> has role="img" and
 * is labelled by its <title> and <desc> (aria-labelledby), every bar and mark has a
 * <title> of its own, the budget series differ by pattern as well as colour, and a
 * late milestone says "en retard" in text. Styling uses SVG presentation attributes
 * only (fill, stroke…), never style="" (the pages' CSP forbids inline styles). Every
 * text goes through html_escape, which is valid for XML text and attributes too.
 *
 * The page that shows a chart follows it with a table of the same data (the
 * renderers here draw; they do not write HTML around the chart).
 */
#ifndef JALON_SVG_H
#define JALON_SVG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/steering.h"
#include "util/buf.h"
#include "util/date.h"

/* One row of the roadmap: an element with both a rolled start and a rolled end. */
typedef struct {
	const char *code, *title;
	jalon_date start, end;
	size_t depth;          /* 0 for a top-level element: drawn darker, label not indented */
} svg_gantt_row;

/* One milestone on the roadmap, drawn as a diamond on row `row` at `date` (the
 * actual date when reached, else the forecast when set, else the planned date). */
typedef struct {
	size_t row;            /* index in the rows; rows == row_count: the "other" row */
	const char *title;
	jalon_date date;
	const char *detail;    /* appended to the mark's <title> (dates, status); may be NULL */
	bool late;             /* drawn in red and labelled "en retard" in text */
} svg_gantt_mark;

/* id: a prefix for the ids inside the chart, unique in the page ("budget", "roadmap").
 * standalone: write the XML declaration first (an .svg file, not inline in HTML). */
void svg_budget_render(buf *out, const char *id, const budget_sum *years, size_t year_count,
                       bool standalone);

/* Rows are drawn in the order given. Marks whose row is row_count go on a last row
 * "Autres jalons" (milestones of elements without dates). today: the "aujourd'hui"
 * line, drawn when it falls inside the time axis. */
void svg_gantt_render(buf *out, const char *id, const svg_gantt_row *rows, size_t row_count,
                      const svg_gantt_mark *marks, size_t mark_count, jalon_date today,
                      bool standalone);

/* An amount in a few characters for axes: "1,2 M€", "350 k€", "90 €" (no-break
 * space before the unit). out needs 32 bytes. */
void svg_amount_short(int64_t cents, char out[32]);

#endif
