/*
 * report_xlsx.c — writing a report (report.h) as a workbook with libxlsxwriter.
 *
 * One sheet per section: its heading, its paragraphs, its key figures (label in A,
 * value in B), then its table: header row in bold, frozen, with an autofilter (a sheet
 * has at most one autofilter: report.c gives each section at most one table). Values
 * keep their type: amounts are numbers of euros with the format `# ##0,00 €`,
 * percentages are fractions with the format `0,0 %`, dates are dates shown JJ/MM/AAAA
 * (number formats are stored in Excel's neutral syntax, which a French spreadsheet
 * shows with its own separators).
 */
#include "report/report_xlsx.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "util/i18n.h"

typedef struct {
	lxw_workbook *wb;
	arena *a;
	lxw_format *title, *heading, *bold, *header, *wrap, *money, *percent, *date, *integer, *plain,
		*number, *alert, *alert_money, *alert_date, *alert_integer, *italic;
	struct { const char *unit; lxw_format *format; } units[32];
	size_t unit_count;
} xlsx;

static lxw_format *format_new(xlsx *x, const char *num_format, bool bold, bool red)
{
	lxw_format *f = workbook_add_format(x->wb);
	if (num_format)
		format_set_num_format(f, num_format);
	if (bold)
		format_set_bold(f);
	if (red)
		format_set_font_color(f, 0xB00020);
	format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
	return f;
}

static void formats_init(xlsx *x)
{
	x->title = format_new(x, NULL, true, false);
	format_set_font_size(x->title, 16);
	x->heading = format_new(x, NULL, true, false);
	format_set_font_size(x->heading, 13);
	x->bold = format_new(x, NULL, true, false);
	x->header = format_new(x, NULL, true, false);
	format_set_bg_color(x->header, 0xDDE3EA);
	format_set_bottom(x->header, LXW_BORDER_THIN);
	format_set_text_wrap(x->header);
	x->wrap = format_new(x, NULL, false, false);
	format_set_text_wrap(x->wrap);
	x->money = format_new(x, "#,##0.00\\ \"€\"", false, false);
	x->percent = format_new(x, "0.0%", false, false);
	x->date = format_new(x, "dd/mm/yyyy", false, false);
	x->integer = format_new(x, "#,##0", false, false);
	x->plain = format_new(x, "0", false, false);
	x->number = format_new(x, "#,##0.00", false, false);
	x->alert = format_new(x, NULL, true, true);
	format_set_text_wrap(x->alert);
	x->alert_money = format_new(x, "#,##0.00\\ \"€\"", true, true);
	x->alert_date = format_new(x, "dd/mm/yyyy", true, true);
	x->alert_integer = format_new(x, "#,##0", true, true);
	x->italic = format_new(x, NULL, false, false);
	format_set_italic(x->italic);
}

/* A number format with the unit after the value ("12,5 jours"), one per unit. */
static lxw_format *unit_format(xlsx *x, const char *unit)
{
	if (!unit || !*unit)
		return x->number;
	for (size_t i = 0; i < x->unit_count; i++)
		if (strcmp(x->units[i].unit, unit) == 0)
			return x->units[i].format;
	if (x->unit_count == sizeof(x->units) / sizeof(x->units[0]))
		return x->number;
	/* The unit inside quotes; quotes and backslashes of the unit itself dropped. */
	buf f = {0};
	buf_puts(&f, "#,##0.00\\ \"");
	for (const char *c = unit; *c; c++)
		if (*c != '"' && *c != '\\')
			buf_putc(&f, *c);
	buf_puts(&f, "\"");
	lxw_format *fmt = format_new(x, f.data, false, false);
	buf_free(&f);
	x->units[x->unit_count].unit = unit;
	x->units[x->unit_count++].format = fmt;
	return fmt;
}

/* The width a cell's text needs, in characters (its longest line). */
static size_t text_width(const char *s)
{
	size_t best = 0, n = 0;
	for (const unsigned char *c = (const unsigned char *)s; c && *c; c++) {
		if (*c == '\n') {
			n = 0;
			continue;
		}
		if ((*c & 0xC0) != 0x80 && ++n > best)
			best = n;
	}
	return best;
}

/* Write one cell; returns the width it needs. */
static size_t cell_write(xlsx *x, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col,
                         const report_cell *c)
{
	switch (c->kind) {
	case REPORT_CELL_EMPTY:
		return 0;
	case REPORT_CELL_TEXT:
	case REPORT_CELL_WEATHER:
		worksheet_write_string(ws, row, col, c->text ? c->text : "",
		                       c->alert ? x->alert : strchr(c->text ? c->text : "", '\n') ? x->wrap : NULL);
		return text_width(c->text);
	case REPORT_CELL_INTEGER:
		worksheet_write_number(ws, row, col, (double)c->integer,
		                       c->alert ? x->alert_integer : c->plain ? x->plain : x->integer);
		return 8;
	case REPORT_CELL_MONEY:
		/* Cents to euros: exact for any amount below 2^53 cents. */
		worksheet_write_number(ws, row, col, (double)c->integer / 100.0,
		                       c->alert ? x->alert_money : x->money);
		return 16;
	case REPORT_CELL_PERCENT:
		worksheet_write_number(ws, row, col, c->number / 100.0, x->percent);
		return 8;
	case REPORT_CELL_NUMBER:
		worksheet_write_number(ws, row, col, c->number, unit_format(x, c->text));
		return 10 + (c->text ? text_width(c->text) : 0);
	case REPORT_CELL_DATE: {
		lxw_datetime d = {c->date.year, c->date.month, c->date.day, 0, 0, 0};
		worksheet_write_datetime(ws, row, col, &d, c->alert ? x->alert_date : x->date);
		return 11;
	}
	}
	return 0;
}

/* Sheet names: at most 31 characters, none of []:*?/\ (report.c's are already). */
static const char *sheet_name(xlsx *x, const report_section *s, size_t index)
{
	const char *name = s->sheet ? s->sheet : s->heading;
	char *copy = arena_strdup(x->a, name);
	for (char *c = copy; *c; c++)
		if (strchr("[]:*?/\\", *c))
			*c = '-';
	if (text_width(copy) > 31 || !*copy)
		copy = arena_printf(x->a, "%zu", index + 1);
	return copy;
}

static void section_write(xlsx *x, const report *r, size_t index)
{
	const report_section *s = &r->sections[index];
	lxw_worksheet *ws = workbook_add_worksheet(x->wb, sheet_name(x, s, index));
	if (!ws)
		return;
	lxw_row_t row = 0;
	size_t widths[64] = {0};
	if (index == 0) {
		worksheet_write_string(ws, row++, 0, r->title, x->title);
		worksheet_write_string(ws, row++, 0, r->plan_title, x->bold);
		worksheet_write_string(ws, row++, 0, r->subtitle, NULL);
		row++;
	}
	worksheet_write_string(ws, row++, 0, s->heading, x->heading);
	for (size_t i = 0; i < s->paragraph_count; i++)
		worksheet_write_string(ws, row++, 0, s->paragraphs[i], x->italic);
	if (s->paragraph_count || s->figure_count)
		row++;
	for (size_t i = 0; i < s->figure_count; i++) {
		worksheet_write_string(ws, row, 0, s->figures[i].label, x->bold);
		size_t w = text_width(s->figures[i].label);
		if (w > widths[0])
			widths[0] = w;
		w = cell_write(x, ws, row, 1, &s->figures[i].value);
		if (w > widths[1])
			widths[1] = w;
		row++;
	}
	if (s->figure_count)
		row++;
	for (size_t k = 0; k < s->table_count; k++) {
		const report_table *t = &s->tables[k];
		if (t->caption)
			worksheet_write_string(ws, row++, 0, t->caption, x->italic);
		if (t->row_count == 0) {
			worksheet_write_string(ws, row++, 0, t->empty_text, NULL);
			row++;
			continue;
		}
		lxw_row_t header = row;
		for (size_t j = 0; j < t->column_count && j < 64; j++) {
			worksheet_write_string(ws, row, (lxw_col_t)j, t->headers[j], x->header);
			size_t w = text_width(t->headers[j]) + 3; /* room for the filter button */
			if (w > widths[j])
				widths[j] = w;
		}
		row++;
		for (size_t i = 0; i < t->row_count; i++, row++)
			for (size_t j = 0; j < t->column_count && j < 64; j++) {
				size_t w = cell_write(x, ws, row, (lxw_col_t)j, &t->cells[i * t->column_count + j]);
				if (w > widths[j])
					widths[j] = w;
			}
		if (k == 0) {
			worksheet_freeze_panes(ws, header + 1, 0);
			worksheet_autofilter(ws, header, 0, row - 1, (lxw_col_t)(t->column_count - 1));
		}
		row++;
	}
	for (size_t j = 0; j < 64; j++)
		if (widths[j])
			worksheet_set_column(ws, (lxw_col_t)j, (lxw_col_t)j,
			                     (double)(widths[j] < 8 ? 8 : widths[j] > 60 ? 60 : widths[j]) + 1,
			                     NULL);
}

static time_t report_time(jalon_date d)
{
	struct tm t = {.tm_year = (d.year ? d.year : 2000) - 1900, .tm_mon = d.year ? d.month - 1 : 0,
	               .tm_mday = d.year ? d.day : 1};
	return timegm(&t);
}

bool report_xlsx_write(const report *r, arena *a, const char *path, diag_list *diags)
{
	xlsx x = {.a = a};
	x.wb = workbook_new(path);
	if (!x.wb) {
		diag_add(diags, path, 0, _("le classeur ne peut pas être créé : %s"), strerror(errno));
		return false;
	}
	lxw_doc_properties props = {
		.title = (char *)arena_printf(a, "%s — %s", r->title, r->plan_title),
		.subject = (char *)r->subtitle,
		.author = "jalon",
		.company = (char *)(r->organisation ? r->organisation : ""),
		.comments = "jalon",
		/* The report's date, not the clock's: the same data gives the same bytes (ETag). */
		.created = report_time(r->date),
	};
	workbook_set_properties(x.wb, &props);
	formats_init(&x);
	for (size_t i = 0; i < r->section_count; i++)
		section_write(&x, r, i);
	lxw_error err = workbook_close(x.wb);
	if (err != LXW_NO_ERROR) {
		diag_add(diags, path, 0, _("le classeur n'a pas pu être écrit : %s"), lxw_strerror(err));
		return false;
	}
	return true;
}

bool report_xlsx_render(const report *r, arena *a, buf *out, diag_list *diags)
{
	const char *dir = getenv("TMPDIR");
	char *path = arena_printf(a, "%s/jalon-report-XXXXXX", dir && *dir ? dir : "/tmp");
	int fd = mkstemp(path);
	if (fd < 0) {
		diag_add(diags, path, 0, _("fichier temporaire impossible : %s"), strerror(errno));
		return false;
	}
	close(fd);
	bool ok = report_xlsx_write(r, a, path, diags);
	FILE *f = ok ? fopen(path, "rb") : NULL;
	if (ok && !f) {
		diag_add(diags, path, 0, "%s", strerror(errno));
		ok = false;
	}
	if (f) {
		char chunk[65536];
		size_t n;
		while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
			buf_append(out, chunk, n);
		fclose(f);
	}
	unlink(path);
	return ok;
}
