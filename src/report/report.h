/*
 * report.h — the steering report as pure data (a report MODEL), built once from the
 * stores and drawn by two renderers that add nothing of their own: report_pdf.c (an
 * A4 document, cairo and pango) and report_xlsx.c (a workbook, libxlsxwriter). So the
 * PDF and the workbook of one plan or one meeting always say the same thing.
 *
 * A report is a title block and sections; a section has a heading, paragraphs, key
 * figures (label and typed value), tables of typed cells and, for the roadmap, a
 * Gantt chart's data. Cells are typed (text, integer, amount in cents, percentage,
 * date, weather) so the workbook writes real numbers and dates, and the PDF writes
 * them the French way ("1 234 567,89 €", "42,5 %", "22/11/2026").
 *
 * Three reports come from here: a plan's steering report (report_build_plan), a
 * meeting's (report_build_meeting: the same sections, its instance and date on the
 * cover, its digest, agenda and action items), and the summary table of one level
 * of the plan (summary_build, shown as HTML by pages_reports.c, as text and JSON by
 * the command line, and as a report of one section for the PDF and the workbook).
 */
#ifndef JALON_REPORT_H
#define JALON_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/plan.h"
#include "store/db.h"
#include "util/arena.h"
#include "util/date.h"
#include "util/diag.h"

typedef enum {
	REPORT_CELL_EMPTY,   /* nothing (shown "—" in the PDF, blank in the workbook) */
	REPORT_CELL_TEXT,
	REPORT_CELL_INTEGER,
	REPORT_CELL_MONEY,   /* integer: cents */
	REPORT_CELL_PERCENT, /* number: percent (42.5 for 42,5 %) */
	REPORT_CELL_NUMBER,  /* number, with `decimals` */
	REPORT_CELL_DATE,
	REPORT_CELL_WEATHER, /* integer: a core/steering.h weather; text: its label */
} report_cell_kind;

typedef struct {
	report_cell_kind kind;
	const char *text;    /* TEXT, WEATHER; for NUMBER an optional unit */
	int64_t integer;     /* INTEGER, MONEY (cents), WEATHER */
	double number;       /* PERCENT, NUMBER */
	int decimals;        /* NUMBER */
	jalon_date date;     /* DATE */
	bool alert;          /* late, overdue, off track: drawn in red AND said in words */
	bool plain;          /* INTEGER: no digit grouping (a year) */
} report_cell;

typedef struct {
	const char *caption;       /* may be NULL */
	const char **headers;      /* column_count */
	size_t column_count;
	report_cell *cells;        /* row_count × column_count, row by row */
	size_t row_count;
	const char *empty_text;    /* said instead of the table when it has no rows */
	size_t capacity;           /* rows allocated (builder's use) */
} report_table;

typedef struct {
	const char *label;
	report_cell value;
} report_figure;

/* The roadmap: one bar per row (dates rolled up), milestones as marks, today's line. */
typedef struct {
	const char *code, *title;
	size_t depth;
	jalon_date start, end;
} report_gantt_row;

typedef struct {
	size_t row;
	const char *title;
	jalon_date date;
	bool late;
} report_gantt_mark;

typedef struct {
	report_gantt_row *rows;
	size_t row_count;
	report_gantt_mark *marks;
	size_t mark_count;
	jalon_date today, from, to; /* from..to: the time axis */
} report_gantt;

typedef struct {
	const char *id;            /* stable key: "cover", "figures", "weather"… (sheet names) */
	const char *heading;       /* French, as printed */
	const char *sheet;         /* workbook sheet name (≤ 31 characters) */
	const char **paragraphs;
	size_t paragraph_count;
	report_figure *figures;
	size_t figure_count;
	report_table *tables;
	size_t table_count;
	report_gantt *gantt;       /* may be NULL */
} report_section;

typedef struct {
	const char *title;         /* "Rapport de pilotage" / "Tableau de synthèse" */
	const char *plan_title;
	const char *organisation;  /* may be NULL */
	const char *period;        /* "2024–2028", may be NULL */
	const char *subtitle;      /* "COPIL SDN — séance du 12/03/2026" or
	                            * "Rapport de pilotage du 22/11/2026" */
	jalon_date date;           /* the report's date (today or the meeting's) */
	const char *file_stem;     /* for file names: "rapport-sdn-2026-11-22" */
	report_section *sections;
	size_t section_count;
} report;

/* The steering report of plan_ref at `today`: cover, key figures, weather by branch,
 * roadmap, budget, indicators, risks, the last 30 days, decisions to take (the next
 * planned meeting's agenda points for decision), open action items. False with diags
 * when the plan cannot be loaded (*not_found set when it does not exist). */
bool report_build_plan(store *s, arena *a, const char *plan_ref, jalon_date today, report *out,
                       bool *not_found, diag_list *diags);

/* The same for one meeting of the plan: its instance and date on the cover, its digest
 * ("depuis la dernière séance"), its agenda points for decision and the action items
 * (open ones of the plan, with those raised at the meeting). *not_found is set when
 * the plan or the meeting does not exist. */
bool report_build_meeting(store *s, arena *a, const char *plan_ref, int64_t meeting_id,
                          jalon_date today, report *out, bool *not_found, diag_list *diags);

/* ---- the summary table (tableau de synthèse) ---- */

typedef struct {
	const plan_element *element;
	const plan_element *parent;       /* may be NULL */
	const plan_element **children;
	size_t child_count;
} summary_row;

typedef struct {
	const plan *plan;
	const char *level;                /* the level shown */
	const char **levels;              /* the plan's levels, in order of appearance */
	size_t level_count;
	summary_row *rows;                /* the elements of that level, in plan order */
	size_t row_count;
} summary;

/* The summary of one level of a loaded plan; level NULL or "": the plan's second level
 * (its first when it has only one). False with a diag (field "level") naming the
 * plan's levels when the level is unknown. */
bool summary_build(arena *a, const plan *p, const char *level, summary *out, diag_list *diags);

/* The summary as a report of one section (one table), for the PDF and the workbook. */
void summary_report(arena *a, const summary *sm, jalon_date today, report *out);

/* The summary as JSON (a new reference): {plan, level, levels, rows: [{code, title,
 * parent: {code, title} | null, children: [{code, title}], owner, partners}]}. */
struct json_t;
struct json_t *summary_json(const summary *sm);

/* s with French spacing (for the PDF, whose text is laid out by pango): a no-break
 * space (U+00A0) instead of the space before : ; ! ? » and after «. "" for NULL. */
const char *report_french_spacing(arena *a, const char *s);

/* "CODE — title" of an element (the summary's cells, the text output). */
const char *report_element_label(arena *a, const plan_element *e);

/* A plain ASCII file name stem from a plan's slug and a date ("rapport-sdn-2026-11-22"). */
const char *report_file_stem(arena *a, const char *prefix, const char *slug, jalon_date date);

#endif
