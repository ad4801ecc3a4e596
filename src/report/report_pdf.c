/*
 * report_pdf.c — laying a report (report.h) out on A4 pages with cairo and pango.
 *
 * The document is laid out twice with the same code: a first pass measures (where each
 * section starts, how many pages there are) on a PDF surface whose bytes are thrown
 * away, so the second pass can print the table of contents and "page N / M" with the
 * right numbers. Both passes use the same surface type and font options, so text
 * measures the same in both.
 *
 * Text goes through pango (DejaVu Sans, or the system sans font through fontconfig),
 * as plain text, never markup, after french_spacing() has put no-break spaces where
 * French typography wants them (before : ; ! ? », after «). Colour never carries
 * meaning alone: a late milestone is red and marked "!", an alert cell is red, bold,
 * and says what it is in words.
 */
#include "report/report_pdf.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <math.h>
#include <stdlib.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <string.h>

#include "core/steering.h"
#include "util/format_fr.h"
#include "util/i18n.h"
#include "util/number.h"

#define PAGE_W 595.2756
#define PAGE_H 841.8898
#define MARGIN_X 48.0
#define TOP 64.0
#define BOTTOM (PAGE_H - 56.0)
#define CONTENT_W (PAGE_W - 2 * MARGIN_X)
#define PAD 3.0
#define FONT "DejaVu Sans"

typedef struct {
	const report *r;
	arena *a;
	cairo_surface_t *surface;
	cairo_t *cr;
	PangoContext *pango;    /* at 72 dpi: a font's size is in PDF points */
	bool draw;              /* the second pass: draw; the first only measures */
	int page;               /* current page, 1-based; 0 before the first */
	int page_count;         /* known in the second pass */
	double y;
	int *section_page;      /* filled by the first pass */
	double *section_y;
	bool compact;           /* the table being drawn is too wide: smaller type, whole euros */
} pdf;

/* ---- text ------------------------------------------------------------------------------- */

static PangoLayout *layout_new(pdf *d, const char *text, const char *font, double width)
{
	PangoLayout *l = pango_layout_new(d->pango);
	PangoFontDescription *f = pango_font_description_from_string(font);
	pango_layout_set_font_description(l, f);
	pango_font_description_free(f);
	if (width > 0) {
		pango_layout_set_width(l, (int)(width * PANGO_SCALE));
		pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	}
	pango_layout_set_text(l, report_french_spacing(d->a, text), -1);
	return l;
}

static double layout_height(PangoLayout *l)
{
	int w, h;
	pango_layout_get_size(l, &w, &h);
	return (double)h / PANGO_SCALE;
}

static double layout_width(PangoLayout *l)
{
	int w, h;
	pango_layout_get_size(l, &w, &h);
	return (double)w / PANGO_SCALE;
}

static void set_rgb(pdf *d, unsigned rgb)
{
	cairo_set_source_rgb(d->cr, ((rgb >> 16) & 0xff) / 255.0, ((rgb >> 8) & 0xff) / 255.0,
	                     (rgb & 0xff) / 255.0);
}

static void layout_show(pdf *d, PangoLayout *l, double x, double y, unsigned rgb)
{
	if (!d->draw)
		return;
	set_rgb(d, rgb);
	cairo_move_to(d->cr, x, y);
	pango_cairo_show_layout(d->cr, l);
}

/* Draw text at x, y (width 0: one line); returns its height. */
static double text_at(pdf *d, const char *text, const char *font, double x, double y, double width,
                      unsigned rgb)
{
	PangoLayout *l = layout_new(d, text, font, width);
	double h = layout_height(l);
	layout_show(d, l, x, y, rgb);
	g_object_unref(l);
	return h;
}

/* ---- pages ------------------------------------------------------------------------------ */

static void page_frame(pdf *d)
{
	if (!d->draw)
		return;
	char *footer = arena_printf(d->a, _("page %d / %d"), d->page, d->page_count);
	PangoLayout *l = layout_new(d, footer, FONT " 8", 0);
	layout_show(d, l, PAGE_W - MARGIN_X - layout_width(l), PAGE_H - 40, 0x555555);
	g_object_unref(l);
	text_at(d, d->r->subtitle, FONT " 8", MARGIN_X, PAGE_H - 40, CONTENT_W * 0.7, 0x555555);
	if (d->page == 1)
		return;
	/* The running header: the plan on the left, the report on the right, a rule. */
	l = layout_new(d, d->r->title, FONT " 8", 0);
	layout_show(d, l, PAGE_W - MARGIN_X - layout_width(l), 30, 0x555555);
	double right = layout_width(l);
	g_object_unref(l);
	l = layout_new(d, d->r->plan_title, FONT " 8", CONTENT_W - right - 20);
	pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
	layout_show(d, l, MARGIN_X, 30, 0x555555);
	g_object_unref(l);
	set_rgb(d, 0x999999);
	cairo_set_line_width(d->cr, 0.5);
	cairo_move_to(d->cr, MARGIN_X, 44);
	cairo_line_to(d->cr, PAGE_W - MARGIN_X, 44);
	cairo_stroke(d->cr);
}

static void page_new(pdf *d)
{
	if (d->page > 0 && d->draw)
		cairo_show_page(d->cr);
	d->page++;
	d->y = TOP;
	page_frame(d);
}

/* Start a new page unless h points still fit on this one. */
static void ensure(pdf *d, double h)
{
	if (d->y + h > BOTTOM)
		page_new(d);
}

/* ---- cells -------------------------------------------------------------------------------- */

static bool cell_numeric(const report_cell *c)
{
	return c->kind == REPORT_CELL_INTEGER || c->kind == REPORT_CELL_MONEY ||
	       c->kind == REPORT_CELL_PERCENT || c->kind == REPORT_CELL_NUMBER ||
	       c->kind == REPORT_CELL_DATE;
}

/* A cell as printed; compact: amounts in whole euros (a wide table's numbers must not
 * wrap inside themselves). */
static const char *cell_string(arena *a, const report_cell *c, bool compact)
{
	char tmp[48];
	if (compact && c->kind == REPORT_CELL_MONEY) {
		int64_t euros = c->integer >= 0 ? (c->integer + 50) / 100 : -((-c->integer + 50) / 100);
		number_format_fr((double)euros, 0, tmp);
		return arena_printf(a, "%s\u00a0€", tmp);
	}
	switch (c->kind) {
	case REPORT_CELL_EMPTY: return "—";
	case REPORT_CELL_TEXT: return c->text;
	case REPORT_CELL_WEATHER: return c->text;
	case REPORT_CELL_INTEGER:
		if (c->plain)
			return arena_printf(a, "%lld", (long long)c->integer);
		number_format_fr((double)c->integer, 0, tmp);
		return arena_strdup(a, tmp);
	case REPORT_CELL_MONEY: return format_fr_money(a, c->integer);
	case REPORT_CELL_PERCENT: return format_fr_percent(a, true, c->number, false);
	case REPORT_CELL_NUMBER:
		number_format_fr(c->number, c->decimals, tmp);
		/* 12,50 reads as 12,5: trailing zeros of the decimals are dropped. */
		if (strchr(tmp, ',')) {
			char *end = tmp + strlen(tmp);
			while (end[-1] == '0')
				*--end = '\0';
			if (end[-1] == ',')
				end[-1] = '\0';
		}
		return c->text && *c->text ? arena_printf(a, "%s\u00a0%s", tmp, c->text)
		                           : arena_strdup(a, tmp);
	case REPORT_CELL_DATE: {
		char *s = arena_alloc(a, 11);
		date_format_fr(c->date, s);
		return s;
	}
	}
	return "";
}

#define WEATHER_ICON 11.0

/* The weather's icon, drawn (never a font glyph that might be missing): a sun, a
 * cloud, a cloud with a bolt; nothing when unset. */
static void weather_icon(pdf *d, weather w, double x, double y)
{
	if (!d->draw || w == WEATHER_UNSET)
		return;
	cairo_t *cr = d->cr;
	double cx = x + WEATHER_ICON / 2, cy = y + WEATHER_ICON / 2 + 1;
	cairo_save(cr);
	if (w == WEATHER_SUNNY) {
		set_rgb(d, 0xe09b00);
		cairo_arc(cr, cx, cy, 3.0, 0, 2 * G_PI);
		cairo_fill(cr);
		cairo_set_line_width(cr, 1.0);
		for (int i = 0; i < 8; i++) {
			double t = i * G_PI / 4;
			cairo_move_to(cr, cx + 4.2 * cos(t), cy + 4.2 * sin(t));
			cairo_line_to(cr, cx + 5.6 * cos(t), cy + 5.6 * sin(t));
		}
		cairo_stroke(cr);
	} else {
		set_rgb(d, w == WEATHER_STORMY ? 0x4a4a4a : 0x9aa3ad);
		cairo_arc(cr, cx - 2.2, cy + 0.8, 2.6, 0, 2 * G_PI);
		cairo_fill(cr);
		cairo_arc(cr, cx + 0.8, cy - 0.8, 3.2, 0, 2 * G_PI);
		cairo_fill(cr);
		cairo_arc(cr, cx + 3.2, cy + 1.2, 2.2, 0, 2 * G_PI);
		cairo_fill(cr);
		cairo_rectangle(cr, cx - 2.2, cy + 0.8, 5.4, 2.6);
		cairo_fill(cr);
		if (w == WEATHER_STORMY) {
			set_rgb(d, 0xf2c200);
			cairo_move_to(cr, cx + 0.5, cy + 1.5);
			cairo_line_to(cr, cx - 1.5, cy + 5.0);
			cairo_line_to(cr, cx + 0.3, cy + 4.6);
			cairo_line_to(cr, cx - 0.8, cy + 7.5);
			cairo_line_to(cr, cx + 2.2, cy + 3.6);
			cairo_line_to(cr, cx + 0.4, cy + 4.0);
			cairo_close_path(cr);
			cairo_fill(cr);
		}
	}
	cairo_restore(cr);
}

/* ---- tables ------------------------------------------------------------------------------- */

#define TABLE_FONT FONT " 8.5"
#define TABLE_BOLD FONT " Bold 8.5"
#define COMPACT_FONT FONT " 7"
#define COMPACT_BOLD FONT " Bold 7"

static const char *header_font(const pdf *d)
{
	return d->compact ? COMPACT_BOLD : TABLE_BOLD;
}

static const char *cell_font(const pdf *d, const report_cell *c)
{
	if (d->compact)
		return c->alert ? COMPACT_BOLD : COMPACT_FONT;
	return c->alert ? TABLE_BOLD : TABLE_FONT;
}

/* The width of the longest word of text. */
static double longest_word(pdf *d, const char *text, const char *font)
{
	double best = 0;
	const char *w = text;
	while (w && *w) {
		size_t n = strcspn(w, " ");
		if (n) {
			PangoLayout *l = layout_new(d, arena_strndup(d->a, w, n), font, 0);
			double x = layout_width(l);
			g_object_unref(l);
			if (x > best)
				best = x;
		}
		w += n;
		while (*w == ' ')
			w++;
	}
	return best;
}

/* Column widths: numbers and dates keep their natural width; text columns share what
 * is left, in proportion to their natural width (at least 48 points each). *fits is
 * false when even the numbers do not fit the page's width (every column is then
 * scaled down, and numbers would wrap). */
static double *column_widths(pdf *d, const report_table *t, bool *fits)
{
	*fits = true;
	size_t n = t->column_count;
	double *natural = arena_alloc(d->a, n * sizeof(*natural));
	bool *flexible = arena_alloc(d->a, n * sizeof(*flexible));
	double *word = arena_alloc(d->a, n * sizeof(*word));
	for (size_t j = 0; j < n; j++) {
		PangoLayout *l = layout_new(d, t->headers[j], header_font(d), 0);
		natural[j] = layout_width(l);
		g_object_unref(l);
		/* A header wider than its numbers may wrap between words, never inside one. */
		word[j] = longest_word(d, t->headers[j], header_font(d));
		if (natural[j] > 70)
			natural[j] = word[j] > 70 ? word[j] : 70;
	}
	for (size_t i = 0; i < t->row_count; i++)
		for (size_t j = 0; j < n; j++) {
			const report_cell *c = &t->cells[i * n + j];
			if (c->kind == REPORT_CELL_TEXT)
				flexible[j] = true;
			PangoLayout *l = layout_new(d, cell_string(d->a, c, d->compact), cell_font(d, c), 0);
			double w = layout_width(l) + (c->kind == REPORT_CELL_WEATHER ? WEATHER_ICON + 3 : 0);
			g_object_unref(l);
			if (w > natural[j])
				natural[j] = w;
		}
	double fixed = 0, flex = 0;
	for (size_t j = 0; j < n; j++) {
		/* Short text (codes, statuses, names) keeps its width like numbers do. */
		if (natural[j] <= 80)
			flexible[j] = false;
		natural[j] += 2 * PAD + 1;
		if (flexible[j])
			flex += natural[j];
		else
			fixed += natural[j];
	}
	double room = CONTENT_W - fixed;
	size_t flex_count = 0;
	for (size_t j = 0; j < n; j++)
		flex_count += flexible[j];
	if (flex_count == 0 || fixed + flex <= CONTENT_W) {
		/* Everything fits: spread what is left over the text columns (or all). */
		double extra = CONTENT_W - fixed - flex, base = flex_count ? flex : fixed;
		for (size_t j = 0; j < n; j++)
			if (flex_count == 0 || flexible[j])
				natural[j] += extra * natural[j] / base;
		if (flex_count == 0 && extra < 0) {
			*fits = false; /* numbers and short texts alone are too wide */
			for (size_t j = 0; j < n; j++)
				natural[j] = CONTENT_W / (double)n;
		}
		return natural;
	}
	if (room < 48.0 * (double)flex_count) {
		/* Even the numbers do not fit: every column in proportion. */
		*fits = false;
		double scale = CONTENT_W / (fixed + flex);
		for (size_t j = 0; j < n; j++)
			natural[j] *= scale;
		return natural;
	}
	/* Text columns share the room, none below its floor: 48 points, or its longest
	 * header word; a column narrower than its floor keeps its natural width. */
	double floor_total = 0, over = 0;
	for (size_t j = 0; j < n; j++)
		if (flexible[j]) {
			double floor = word[j] + 2 * PAD + 1 > 48.0 ? word[j] + 2 * PAD + 1 : 48.0;
			if (floor > natural[j])
				floor = natural[j];
			word[j] = floor;
			floor_total += floor;
			over += natural[j] - floor;
		}
	double share = room - floor_total;
	for (size_t j = 0; j < n; j++)
		if (flexible[j])
			natural[j] = word[j] + (over > 0 ? share * (natural[j] - word[j]) / over
			                                 : share / (double)flex_count);
	return natural;
}

/* The layouts of one row (headers when cells is NULL) and its height. */
static double row_layouts(pdf *d, const report_table *t, const report_cell *cells,
                          const double *widths, PangoLayout **out)
{
	double h = 0;
	for (size_t j = 0; j < t->column_count; j++) {
		const report_cell *c = cells ? &cells[j] : NULL;
		double w = widths[j] - 2 * PAD - (c && c->kind == REPORT_CELL_WEATHER ? WEATHER_ICON + 3 : 0);
		out[j] = layout_new(d, c ? cell_string(d->a, c, d->compact) : t->headers[j],
		                    c ? cell_font(d, c) : header_font(d), w);
		if (!c)
			pango_layout_set_wrap(out[j], PANGO_WRAP_WORD);
		if (c && cell_numeric(c))
			pango_layout_set_alignment(out[j], PANGO_ALIGN_RIGHT);
		double lh = layout_height(out[j]);
		if (lh > h)
			h = lh;
	}
	return h + 2 * PAD;
}

static void row_draw(pdf *d, const report_table *t, const report_cell *cells, const double *widths,
                     PangoLayout **layouts, double h, bool shaded)
{
	double x = MARGIN_X;
	if (d->draw && shaded) {
		set_rgb(d, cells ? 0xf3f5f7 : 0xdde3ea);
		cairo_rectangle(d->cr, MARGIN_X, d->y, CONTENT_W, h);
		cairo_fill(d->cr);
	}
	for (size_t j = 0; j < t->column_count; j++) {
		const report_cell *c = cells ? &cells[j] : NULL;
		double tx = x + PAD;
		if (c && c->kind == REPORT_CELL_WEATHER) {
			weather_icon(d, (weather)c->integer, tx, d->y + PAD);
			tx += WEATHER_ICON + 3;
		}
		layout_show(d, layouts[j], tx, d->y + PAD, c && c->alert ? 0xb00020 : 0x111111);
		g_object_unref(layouts[j]);
		x += widths[j];
	}
	if (d->draw) {
		set_rgb(d, 0xb8c0c8);
		cairo_set_line_width(d->cr, 0.4);
		cairo_move_to(d->cr, MARGIN_X, d->y + h);
		cairo_line_to(d->cr, MARGIN_X + CONTENT_W, d->y + h);
		cairo_stroke(d->cr);
	}
	d->y += h;
}

static void table_header(pdf *d, const report_table *t, const double *widths)
{
	PangoLayout **l = arena_alloc(d->a, t->column_count * sizeof(*l));
	double h = row_layouts(d, t, NULL, widths, l);
	row_draw(d, t, NULL, widths, l, h, true);
}

static void table_draw(pdf *d, const report_table *t)
{
	if (t->row_count == 0) {
		ensure(d, 20);
		d->y += text_at(d, t->empty_text, FONT " Italic 10", MARGIN_X, d->y, CONTENT_W, 0x333333) + 8;
		return;
	}
	/* Too wide at the usual size: smaller type and whole euros, so that no number
	 * wraps (the caption says amounts are rounded). */
	bool fits;
	d->compact = false;
	double *widths = column_widths(d, t, &fits);
	if (!fits) {
		d->compact = true;
		widths = column_widths(d, t, &fits);
	}
	const char *caption = t->caption;
	if (d->compact && caption)
		caption = arena_printf(d->a, _("%s (montants arrondis à l'euro)"), caption);
	PangoLayout **l = arena_alloc(d->a, t->column_count * sizeof(*l));
	/* Caption, header and first row stay together. */
	double first = row_layouts(d, t, t->cells, widths, l);
	for (size_t j = 0; j < t->column_count; j++)
		g_object_unref(l[j]);
	ensure(d, first + 50);
	if (caption)
		d->y += text_at(d, caption, FONT " Italic 9", MARGIN_X, d->y, CONTENT_W, 0x333333) + 3;
	table_header(d, t, widths);
	for (size_t i = 0; i < t->row_count; i++) {
		const report_cell *cells = &t->cells[i * t->column_count];
		double h = row_layouts(d, t, cells, widths, l);
		if (d->y + h > BOTTOM) {
			page_new(d);
			if (caption)
				d->y += text_at(d, arena_printf(d->a, _("%s (suite)"), caption),
				                FONT " Italic 9", MARGIN_X, d->y, CONTENT_W, 0x333333) + 3;
			table_header(d, t, widths);
		}
		row_draw(d, t, cells, widths, l, h, i % 2 == 1);
	}
	d->compact = false;
	d->y += 12;
}

/* Key figures: label and value, two per line (one when a value is long text). */
static void figures_draw(pdf *d, const report_section *s)
{
	size_t per_line = 2;
	for (size_t i = 0; i < s->figure_count; i++)
		if (s->figures[i].value.kind == REPORT_CELL_TEXT && strlen(s->figures[i].value.text) > 18)
			per_line = 1;
	double col = CONTENT_W / (double)per_line, label_w = 130;
	for (size_t i = 0; i < s->figure_count; i += per_line) {
		double h = 0;
		ensure(d, 18);
		for (size_t k = i; k < i + per_line && k < s->figure_count; k++) {
			const report_figure *f = &s->figures[k];
			double x = MARGIN_X + (double)(k - i) * col;
			double h1 = text_at(d, f->label, FONT " 10", x, d->y, label_w - 6, 0x444444);
			double vx = x + label_w;
			if (f->value.kind == REPORT_CELL_WEATHER) {
				weather_icon(d, (weather)f->value.integer, vx, d->y);
				vx += WEATHER_ICON + 3;
			}
			double h2 = text_at(d, cell_string(d->a, &f->value, false), FONT " Bold 11", vx, d->y,
			                    col - label_w - 8, f->value.alert ? 0xb00020 : 0x111111);
			if (h1 > h)
				h = h1;
			if (h2 > h)
				h = h2;
		}
		d->y += h + 6;
	}
	d->y += 6;
}

/* ---- the roadmap ------------------------------------------------------------------------- */

#define GANTT_ROW 15.0
#define GANTT_LABEL 200.0

static double gantt_x(const report_gantt *g, jalon_date day, double x0, double x1)
{
	double from = (double)date_to_days((jalon_date){g->from.year, 1, 1});
	double to = (double)date_to_days((jalon_date){g->to.year, 12, 31}) + 1;
	return x0 + (x1 - x0) * ((double)date_to_days(day) - from) / (to - from);
}

/* The time axis (one tick per year) at the current y. */
static void gantt_axis(pdf *d, const report_gantt *g, double x0, double x1)
{
	for (int year = g->from.year; year <= g->to.year; year++) {
		double x = gantt_x(g, (jalon_date){year, 1, 1}, x0, x1);
		double next = gantt_x(g, (jalon_date){year + 1, 1, 1}, x0, x1);
		char label[8];
		snprintf(label, sizeof(label), "%d", year);
		PangoLayout *l = layout_new(d, label, FONT " Bold 8", 0);
		layout_show(d, l, (x + next - layout_width(l)) / 2, d->y, 0x333333);
		g_object_unref(l);
	}
	d->y += 14;
}

static void gantt_draw(pdf *d, const report_gantt *g)
{
	double x0 = MARGIN_X + GANTT_LABEL, x1 = MARGIN_X + CONTENT_W;
	/* The whole chart on one page when it fits on one, else at least six rows here. */
	double whole = 14 + GANTT_ROW * (double)g->row_count + 24;
	ensure(d, whole <= BOTTOM - TOP ? whole : 14 + GANTT_ROW * 6 + 10);
	gantt_axis(d, g, x0, x1);
	double top = d->y;
	for (size_t i = 0; i < g->row_count; i++) {
		if (d->y + GANTT_ROW > BOTTOM) {
			page_new(d);
			gantt_axis(d, g, x0, x1);
			top = d->y;
		}
		const report_gantt_row *row = &g->rows[i];
		double indent = row->depth ? 10 : 0;
		PangoLayout *l = layout_new(d, arena_printf(d->a, "%s — %s", row->code, row->title),
		                            row->depth ? FONT " 8" : FONT " Bold 8",
		                            GANTT_LABEL - indent - 6);
		pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
		pango_layout_set_height(l, 0);
		layout_show(d, l, MARGIN_X + indent, d->y + 3, 0x111111);
		g_object_unref(l);
		if (d->draw) {
			cairo_t *cr = d->cr;
			/* Year grid, then the bar. */
			set_rgb(d, 0xe4e8ec);
			cairo_set_line_width(cr, 0.4);
			for (int year = g->from.year; year <= g->to.year + 1; year++) {
				double x = gantt_x(g, (jalon_date){year, 1, 1}, x0, x1);
				cairo_move_to(cr, x, d->y);
				cairo_line_to(cr, x, d->y + GANTT_ROW);
			}
			cairo_stroke(cr);
			double bx = gantt_x(g, row->start, x0, x1), ex = gantt_x(g, row->end, x0, x1);
			set_rgb(d, row->depth ? 0x7a9cc6 : 0x2f5d8c);
			cairo_rectangle(cr, bx, d->y + 4, ex - bx > 1 ? ex - bx : 1, GANTT_ROW - 8);
			cairo_fill(cr);
			for (size_t k = 0; k < g->mark_count; k++) {
				const report_gantt_mark *m = &g->marks[k];
				if (m->row != i)
					continue;
				double mx = gantt_x(g, m->date, x0, x1), my = d->y + GANTT_ROW / 2;
				set_rgb(d, m->late ? 0xb00020 : 0x222222);
				cairo_move_to(cr, mx, my - 4);
				cairo_line_to(cr, mx + 4, my);
				cairo_line_to(cr, mx, my + 4);
				cairo_line_to(cr, mx - 4, my);
				cairo_close_path(cr);
				cairo_fill(cr);
				if (m->late) {
					PangoLayout *bang = layout_new(d, "!", FONT " Bold 7", 0);
					layout_show(d, bang, mx + 4, my - 6, 0xb00020);
					g_object_unref(bang);
				}
			}
		}
		d->y += GANTT_ROW;
		/* Today's line over the rows of this page, once the last row of the page or of
		 * the chart is drawn. */
		bool last_here = i + 1 == g->row_count || d->y + GANTT_ROW > BOTTOM;
		if (last_here && d->draw && date_compare(g->today, (jalon_date){g->from.year, 1, 1}) >= 0 &&
		    date_compare(g->today, (jalon_date){g->to.year, 12, 31}) <= 0) {
			double tx = gantt_x(g, g->today, x0, x1);
			set_rgb(d, 0xb00020);
			cairo_set_line_width(d->cr, 1.0);
			double dash[] = {3, 2};
			cairo_set_dash(d->cr, dash, 2, 0);
			cairo_move_to(d->cr, tx, top - 2);
			cairo_line_to(d->cr, tx, d->y);
			cairo_stroke(d->cr);
			cairo_set_dash(d->cr, NULL, 0, 0);
		}
	}
	d->y += 4;
	char day[11];
	date_format_fr(g->today, day);
	d->y += text_at(d, arena_printf(d->a, _("Date du jour : %s."), day), FONT " 8", MARGIN_X,
	                d->y, CONTENT_W, 0x555555) + 10;
}

/* ---- sections and the whole document ----------------------------------------------------- */

static void heading_draw(pdf *d, size_t index, const report_section *s)
{
	if (!d->draw) {
		d->section_page[index] = d->page;
		d->section_y[index] = d->y;
	}
	if (d->draw) {
		char *name = arena_printf(d->a, "name='sec-%s'", s->id);
		cairo_tag_begin(d->cr, CAIRO_TAG_DEST, name);
	}
	double h = text_at(d, s->heading, FONT " Bold 18", MARGIN_X, d->y, CONTENT_W, 0x1d3557);
	if (d->draw)
		cairo_tag_end(d->cr, CAIRO_TAG_DEST);
	d->y += h + 8;
}

static void section_draw(pdf *d, size_t index, const report_section *s)
{
	/* A heading never ends a page: it keeps its first lines, or its whole chart when
	 * the chart fits on one page. */
	double keep = 140;
	if (s->gantt) {
		double whole = 14 + GANTT_ROW * (double)s->gantt->row_count + 24 + 70;
		if (whole <= BOTTOM - TOP)
			keep = whole;
	}
	if (index == 1)
		page_new(d); /* after the cover */
	else
		ensure(d, keep);
	heading_draw(d, index, s);
	for (size_t i = 0; i < s->paragraph_count; i++) {
		ensure(d, 16);
		d->y += text_at(d, s->paragraphs[i], FONT " 10", MARGIN_X, d->y, CONTENT_W, 0x222222) + 6;
	}
	if (s->figure_count)
		figures_draw(d, s);
	if (s->gantt)
		gantt_draw(d, s->gantt);
	for (size_t i = 0; i < s->table_count; i++)
		table_draw(d, &s->tables[i]);
	d->y += 10;
}

/* The table of contents: one line per section, linked, with its page. */
static void contents_draw(pdf *d)
{
	ensure(d, 40);
	d->y += text_at(d, _("Sommaire"), FONT " Bold 15", MARGIN_X, d->y, CONTENT_W, 0x1d3557) + 6;
	for (size_t i = 0; i < d->r->section_count; i++) {
		const report_section *s = &d->r->sections[i];
		char page[16];
		snprintf(page, sizeof(page), "%d", d->section_page ? d->section_page[i] : 0);
		PangoLayout *num = layout_new(d, page, FONT " 11", 0);
		double nw = layout_width(num);
		PangoLayout *l = layout_new(d, s->heading, FONT " 11", CONTENT_W - 60);
		double h = layout_height(l);
		ensure(d, h + 4);
		if (d->draw) {
			char *link = arena_printf(d->a, "rect=[%.1f %.1f %.1f %.1f] page=%d pos=[%.1f %.1f]",
			                          MARGIN_X, d->y, CONTENT_W, h, d->section_page[i],
			                          MARGIN_X, d->section_y[i]);
			cairo_tag_begin(d->cr, CAIRO_TAG_LINK, link);
			cairo_tag_end(d->cr, CAIRO_TAG_LINK);
			/* Dot leaders between the heading and its page. */
			set_rgb(d, 0xaaaaaa);
			double dash[] = {0.6, 3};
			cairo_set_dash(d->cr, dash, 2, 0);
			cairo_set_line_width(d->cr, 0.8);
			cairo_move_to(d->cr, MARGIN_X + layout_width(l) + 6, d->y + h - 3);
			cairo_line_to(d->cr, PAGE_W - MARGIN_X - nw - 6, d->y + h - 3);
			cairo_stroke(d->cr);
			cairo_set_dash(d->cr, NULL, 0, 0);
		}
		layout_show(d, l, MARGIN_X, d->y, 0x111111);
		layout_show(d, num, PAGE_W - MARGIN_X - nw, d->y, 0x111111);
		g_object_unref(l);
		g_object_unref(num);
		d->y += h + 4;
	}
}

/* The cover: the report's title, the plan, its subtitle, then the first section
 * (presentation) and the table of contents. */
static void cover_draw(pdf *d)
{
	const report *r = d->r;
	page_new(d);
	d->y = 110;
	d->y += text_at(d, r->title, FONT " Bold 30", MARGIN_X, d->y, CONTENT_W, 0x1d3557) + 10;
	d->y += text_at(d, r->plan_title, FONT " 20", MARGIN_X, d->y, CONTENT_W, 0x111111) + 6;
	if (r->organisation)
		d->y += text_at(d, r->organisation, FONT " 13", MARGIN_X, d->y, CONTENT_W, 0x333333) + 4;
	d->y += text_at(d, r->subtitle, FONT " 13", MARGIN_X, d->y, CONTENT_W, 0x333333) + 30;
	if (r->section_count)
		section_draw(d, 0, &r->sections[0]);
	if (r->section_count > 1)
		contents_draw(d);
}

static void document_draw(pdf *d)
{
	d->page = 0;
	cover_draw(d);
	for (size_t i = 1; i < d->r->section_count; i++)
		section_draw(d, i, &d->r->sections[i]);
}

static cairo_status_t write_to_buf(void *closure, const unsigned char *data, unsigned int length)
{
	if (closure)
		buf_append(closure, data, length);
	return CAIRO_STATUS_SUCCESS;
}

/* Same font options on both passes, so the measures of the first hold for the second;
 * 72 dpi, so "DejaVu Sans 9" is 9 points on paper. */
static cairo_t *context_new(cairo_surface_t *surface, PangoFontMap *font_map,
                            PangoContext **pango)
{
	cairo_t *cr = cairo_create(surface);
	cairo_font_options_t *fo = cairo_font_options_create();
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	*pango = pango_font_map_create_context(font_map);
	pango_cairo_context_set_font_options(*pango, fo);
	pango_cairo_context_set_resolution(*pango, 72);
	cairo_font_options_destroy(fo);
	pango_cairo_update_context(cr, *pango);
	return cr;
}

bool report_pdf_render(const report *r, arena *a, buf *out, diag_list *diags)
{
	pdf d = {.r = r, .a = a};
	d.section_page = arena_alloc(a, (r->section_count + 1) * sizeof(*d.section_page));
	d.section_y = arena_alloc(a, (r->section_count + 1) * sizeof(*d.section_y));

	/* A font map of its own, released at the end: nothing of the fonts outlives the
	 * document (the default map would be kept per thread, for ever, by the server). */
	PangoFontMap *font_map = pango_cairo_font_map_new();

	/* Pass 1: measure. */
	d.surface = cairo_pdf_surface_create_for_stream(write_to_buf, NULL, PAGE_W, PAGE_H);
	d.cr = context_new(d.surface, font_map, &d.pango);
	document_draw(&d);
	d.page_count = d.page;
	g_object_unref(d.pango);
	cairo_destroy(d.cr);
	cairo_surface_finish(d.surface);
	cairo_surface_destroy(d.surface);

	/* Pass 2: draw. */
	d.surface = cairo_pdf_surface_create_for_stream(write_to_buf, out, PAGE_W, PAGE_H);
	char date[32];
	snprintf(date, sizeof(date), "%04d-%02d-%02dT00:00:00", r->date.year ? r->date.year : 2000,
	         r->date.year ? r->date.month : 1, r->date.year ? r->date.day : 1);
	cairo_pdf_surface_set_metadata(d.surface, CAIRO_PDF_METADATA_TITLE,
	                               arena_printf(a, "%s — %s", r->title, r->plan_title));
	cairo_pdf_surface_set_metadata(d.surface, CAIRO_PDF_METADATA_AUTHOR, "jalon");
	cairo_pdf_surface_set_metadata(d.surface, CAIRO_PDF_METADATA_CREATOR, "jalon");
	cairo_pdf_surface_set_metadata(d.surface, CAIRO_PDF_METADATA_SUBJECT, r->subtitle);
	/* A fixed date (the report's), so the same data gives the same bytes (and ETag). */
	cairo_pdf_surface_set_metadata(d.surface, CAIRO_PDF_METADATA_CREATE_DATE, date);
	cairo_pdf_surface_set_metadata(d.surface, CAIRO_PDF_METADATA_MOD_DATE, date);
	for (size_t i = 0; i < r->section_count; i++)
		cairo_pdf_surface_add_outline(
			d.surface, CAIRO_PDF_OUTLINE_ROOT, r->sections[i].heading,
			arena_printf(a, "page=%d pos=[%.1f %.1f]", d.section_page[i], MARGIN_X,
			             d.section_y[i]),
			0);
	d.cr = context_new(d.surface, font_map, &d.pango);
	d.draw = true;
	document_draw(&d);
	g_object_unref(d.pango);
	cairo_status_t status = cairo_status(d.cr);
	cairo_destroy(d.cr);
	cairo_surface_finish(d.surface);
	if (status == CAIRO_STATUS_SUCCESS)
		status = cairo_surface_status(d.surface);
	cairo_surface_destroy(d.surface);
	g_object_unref(font_map);
	if (status != CAIRO_STATUS_SUCCESS) {
		diag_add(diags, NULL, 0, _("le PDF n'a pas pu être produit : %s"),
		         cairo_status_to_string(status));
		return false;
	}
	return true;
}
