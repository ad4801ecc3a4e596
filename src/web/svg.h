/*
 * svg.h — charts drawn on the server as SVG: the budget by year (grouped bars), the
 * roadmap (a Gantt chart of dated elements with their milestones, baselines and
 * dependencies), the risk matrix, the prioritisation matrix (bubbles) and an
 * indicator's values against its expected path.
 *
 * Each chart reads without script and without colour: the <svg> has role="img" and
 * is labelled by its <title> and <desc> (aria-labelledby), every bar, mark, arrow,
 * cell and bubble has a <title> of its own, the budget series and the weathers differ
 * by pattern as well as colour, a baseline is a thin bar under the current one, a
 * violated dependency is dashed and says so, a risk cell writes its criticality band,
 * and a late milestone says "en retard" in text. The roadmap, risk and priority charts
 * are 1000 units wide (the width of A4 landscape at print). Styling uses SVG presentation attributes
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

#include "core/indicator.h"
#include "core/steering.h"
#include "util/buf.h"
#include "util/date.h"

/* One row of the roadmap: an element with both a rolled start and a rolled end. */
typedef struct {
	const char *code, *title;
	jalon_date start, end;
	size_t depth;          /* 0 for a top-level element: drawn darker, label not indented */
	jalon_date base_start, base_end; /* the chosen baseline's dates, drawn as a thin bar
	                                    behind the current one; unset: no baseline bar */
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

/* A finish-to-start dependency drawn as an arrow from (from_row, from_date) to
 * (to_row, to_date): the end of the predecessor to the start of the successor (or two
 * milestones). A violated one is drawn dashed in red and says so in its <title>. */
typedef struct {
	size_t from_row, to_row;
	jalon_date from_date, to_date;
	const char *detail;    /* the arrow's <title>: "A1 → A2"…; may be NULL */
	bool violated;
} svg_gantt_link;

typedef struct {
	const svg_gantt_row *rows;   size_t row_count;
	const svg_gantt_mark *marks; size_t mark_count;
	const svg_gantt_link *links; size_t link_count;
	jalon_date today;            /* the "aujourd'hui" line, when inside the axis */
} svg_gantt;

/* One element on the prioritisation matrix: its scores on the two chosen criteria
 * (1..4; a mean may fall between), its planned budget (the bubble's area) and its
 * weather (the bubble's colour, and a word in its <title>). */
typedef struct {
	const char *code, *title;
	double x, y;
	int64_t budget_cents;  /* 0: the smallest bubble */
	weather weather;
} svg_bubble;

/* id: a prefix for the ids inside the chart, unique in the page ("budget", "roadmap").
 * standalone: write the XML declaration first (an .svg file, not inline in HTML). */
void svg_budget_render(buf *out, const char *id, const budget_sum *years, size_t year_count,
                       bool standalone);

/* Rows are drawn in the order given. Marks whose row is row_count go on a last row
 * "Autres jalons" (milestones of elements without dates). */
void svg_gantt_render(buf *out, const char *id, const svg_gantt *g, bool standalone);

/* The risk matrix: probability (1–4, rows, 4 at the top) × impact (1–4, columns); each
 * cell shows how many risks fall there, shaded by criticality (and the criticality
 * band in words in the cell's <title>, with the risks it holds). Risks not assessed
 * (probability or impact 0) are not drawn; the page lists them. */
void svg_risk_matrix_render(buf *out, const char *id, const element_risk *const *risks,
                            size_t count, bool standalone);

/* The prioritisation matrix: x_label against y_label (criteria names), 1–4 each, one
 * bubble per element, labelled with its code. */
void svg_priority_render(buf *out, const char *id, const svg_bubble *bubbles, size_t count,
                         const char *x_label, const char *y_label, bool standalone);

/* An indicator's chart (pages_indicators.c): a time axis, the measured values as a
 * line with a point each (its <title>: date and value), the baseline (a square), the
 * targets (diamonds), the expected path between them dashed, and today's line. The
 * shapes and the dashes tell the series apart, not the colour alone. Points need not
 * be sorted; values are in `unit` (NULL: none). */
typedef struct {
	const char *name, *unit;
	const indicator_point *measured; size_t measured_count;
	bool has_baseline;
	indicator_point baseline;
	const indicator_point *targets;  size_t target_count;
	jalon_date today;
	bool reconstructed;  /* measured: a computed indicator's reconstructed values (desc) */
} svg_indicator;

void svg_indicator_render(buf *out, const char *id, const svg_indicator *c, bool standalone);

/* An amount in a few characters for axes: "1,2 M€", "350 k€", "90 €" (no-break
 * space before the unit). out needs 32 bytes. */
void svg_amount_short(int64_t cents, char out[32]);

#endif
