/*
 * svg.c — the budget-by-year and roadmap charts, drawn on the server (svg.h).
 *
 * Coordinates are whole pixels of a fixed viewBox (the browser scales the drawing),
 * written with %d so that no locale can turn a decimal point into a comma. Colours
 * are the stylesheet's: ink #1b1b1b, accent #0b4f9c, ok #17643a, error #a4001a.
 */
#include "web/svg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/i18n.h"
#include "util/money.h"
#include "util/number.h"
#include "web/html.h"

#define INK "#1b1b1b"
#define ACCENT "#0b4f9c"
#define ACCENT_LIGHT "#5a86bd"
#define OK "#17643a"
#define LATE "#a4001a"
#define GRID "#c8c8c8"
#define SOFT "#f3f5f8"
#define FONT "system-ui, -apple-system, Roboto, &quot;Noto Sans&quot;, &quot;Liberation Sans&quot;, sans-serif"

/* Nearest whole number, halves away from zero (no libm needed). */
/* The label separator: " : " with a no-break space in French, ": " in English. */
static const char *colon(void)
{
	return _("\u00a0: ");
}

static long round_long(double x)
{
	return (long)(x >= 0 ? x + 0.5 : x - 0.5);
}

void svg_amount_short(int64_t cents, char out[32])
{
	/* Whole euros, then a unit: M€ with one decimal, k€ rounded, € as is. */
	double euros = (double)cents / 100.0;
	double magnitude = euros < 0 ? -euros : euros;
	if (magnitude >= 1e6) {
		long tenths = round_long(euros / 1e5);
		snprintf(out, 32, "%s%ld,%ld\u00a0M€", tenths < 0 ? "-" : "", labs(tenths) / 10,
		         labs(tenths) % 10);
	} else if (magnitude >= 1e3) {
		snprintf(out, 32, "%ld\u00a0k€", round_long(euros / 1e3));
	} else {
		snprintf(out, 32, "%ld\u00a0€", round_long(euros));
	}
}

/* The opening tag, with its text alternative: <title> and <desc>, both referenced by
 * aria-labelledby so that a screen reader says the name and the summary. desc is
 * markup this file built (already escaped). */
static void svg_begin(buf *out, const char *id, int width, int height, bool standalone,
                      const char *title, const char *desc)
{
	if (standalone)
		buf_puts(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	html_printf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" id=\"%s\" "
	                 "role=\"img\" aria-labelledby=\"%s-title %s-desc\" ",
	            id, id, id);
	buf_printf(out, "viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" ", width, height, width,
	           height);
	html_printf(out, "font-family=\"%r\" font-size=\"12\" fill=\"%r\">\n"
	                 "<title id=\"%s-title\">%s</title>\n<desc id=\"%s-desc\">%r</desc>\n",
	            FONT, INK, id, title, id, desc);
}

/* ---- budget by year -------------------------------------------------------------------- */

/* A round step (1, 2 or 5 times a power of ten) giving about `ticks` intervals. */
static int64_t nice_step(int64_t max, int ticks)
{
	int64_t raw = max / ticks;
	for (int64_t power = 1;; power *= 10) {
		static const int64_t units[] = {1, 2, 5};
		for (int i = 0; i < 3; i++)
			if (units[i] * power >= raw || power > INT64_MAX / 100)
				return units[i] * power;
	}
}

typedef struct {
	const char *name;      /* legend and <title>: "prévu", "engagé", "réalisé" */
	const char *fill;      /* a colour or a pattern */
	const char *stroke;
} budget_series;

void svg_budget_render(buf *out, const char *id, const budget_sum *years, size_t year_count,
                       bool standalone)
{
	enum { W = 760, H = 340, LEFT = 92, RIGHT = 16, TOP = 48, BOTTOM = 40 };
	const int plot_w = W - LEFT - RIGHT, plot_h = H - TOP - BOTTOM;

	buf desc = {0};
	if (year_count == 0) {
		html_printf(&desc, "%s", _("Aucune ligne budgétaire."));
	} else {
		html_printf(&desc, _("Montants prévus, engagés et réalisés par année, de %d à %d."),
		            years[0].year, years[year_count - 1].year);
		for (size_t i = 0; i < year_count; i++) {
			char p[MONEY_FORMAT_MAX], c[MONEY_FORMAT_MAX], r[MONEY_FORMAT_MAX];
			money_format_fr(years[i].planned_cents, p);
			money_format_fr(years[i].committed_cents, c);
			money_format_fr(years[i].paid_cents, r);
			buf_putc(&desc, ' ');
			html_printf(&desc, _("%d : prévu %s, engagé %s, réalisé %s."), years[i].year, p, c, r);
		}
	}
	svg_begin(out, id, W, H, standalone, _("Budget par année"), desc.data);
	buf_free(&desc);

	/* Patterns, so that the series differ without colour: committed is hatched,
	 * paid is dotted, planned is plain. */
	html_printf(out, "<defs>\n"
	                 "<pattern id=\"%s-hatch\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" "
	                 "patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#ffffff\"/>"
	                 "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"%r\" stroke-width=\"3\"/></pattern>\n"
	                 "<pattern id=\"%s-dots\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\">"
	                 "<rect width=\"6\" height=\"6\" fill=\"%r\"/>"
	                 "<circle cx=\"3\" cy=\"3\" r=\"1.4\" fill=\"#ffffff\"/></pattern>\n</defs>\n",
	            id, ACCENT, id, OK);
	char hatch[96], dots[96];
	snprintf(hatch, sizeof(hatch), "url(#%s-hatch)", id);
	snprintf(dots, sizeof(dots), "url(#%s-dots)", id);
	const budget_series series[3] = {
		{_("prévu"), ACCENT, ACCENT},
		{_("engagé"), hatch, ACCENT},
		{_("réalisé"), dots, OK},
	};

	/* The legend, on top: a swatch with the series' fill, then its name. */
	html_printf(out, "<g class=\"legend\">\n");
	for (int s = 0; s < 3; s++) {
		int x = LEFT + s * 130;
		buf_printf(out, "<rect x=\"%d\" y=\"14\" width=\"16\" height=\"16\" ", x);
		html_printf(out, "fill=\"%s\" stroke=\"%s\"/>", series[s].fill, series[s].stroke);
		buf_printf(out, "<text x=\"%d\" y=\"27\">", x + 22);
		html_printf(out, "%s</text>\n", series[s].name);
	}
	html_printf(out, "</g>\n");

	if (year_count == 0) {
		buf_printf(out, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">", W / 2, TOP + plot_h / 2);
		html_printf(out, "%s</text>\n</svg>\n", _("Aucune ligne budgétaire."));
		return;
	}

	int64_t max = 0;
	for (size_t i = 0; i < year_count; i++) {
		const int64_t v[3] = {years[i].planned_cents, years[i].committed_cents, years[i].paid_cents};
		for (int s = 0; s < 3; s++)
			if (v[s] > max)
				max = v[s];
	}
	/* Steps of whole euros, about four of them. */
	int64_t step = nice_step(max > 0 ? max : 100, 4);
	step = step < 100 ? 100 : (step + 99) / 100 * 100;
	int64_t axis_max = (max + step - 1) / step * step;
	if (axis_max == 0)
		axis_max = step;

	html_printf(out, "<g class=\"axis\">\n");
	for (int64_t v = 0; v <= axis_max; v += step) {
		int y = TOP + plot_h - (int)round_long((double)v / (double)axis_max * plot_h);
		char label[32];
		svg_amount_short(v, label);
		buf_printf(out, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\"/>", LEFT, y,
		           W - RIGHT, y, v == 0 ? INK : GRID);
		buf_printf(out, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">", LEFT - 6, y + 4);
		html_printf(out, "%s</text>\n", label);
	}
	html_printf(out, "</g>\n");

	double group_w = (double)plot_w / (double)year_count;
	int bar_w = (int)(group_w * 0.8 / 3.0 < 40.0 ? group_w * 0.8 / 3.0 : 40.0);
	if (bar_w < 2)
		bar_w = 2;
	for (size_t i = 0; i < year_count; i++) {
		const int64_t v[3] = {years[i].planned_cents, years[i].committed_cents, years[i].paid_cents};
		int group_x = LEFT + (int)round_long(group_w * (double)i + (group_w - 3.0 * bar_w) / 2.0);
		html_printf(out, "<g class=\"budget-year\">\n");
		for (int s = 0; s < 3; s++) {
			int64_t value = v[s] > 0 ? v[s] : 0;
			int h = (int)round_long((double)value / (double)axis_max * plot_h);
			char amount[MONEY_FORMAT_MAX];
			money_format_fr(v[s], amount);
			buf_printf(out, "<rect class=\"budget-bar\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" ",
			           group_x + s * bar_w, TOP + plot_h - h, bar_w, h);
			html_printf(out, "fill=\"%s\" stroke=\"%s\"><title>%d, %s%s%s</title></rect>\n",
			            series[s].fill, series[s].stroke, years[i].year, series[s].name, colon(),
			            amount);
		}
		buf_printf(out, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%d</text>\n</g>\n",
		           LEFT + (int)round_long(group_w * ((double)i + 0.5)), TOP + plot_h + 20, years[i].year);
	}
	buf_puts(out, "</svg>\n");
}

/* ---- roadmap ------------------------------------------------------------------------------- */

/* The first `max` characters of a UTF-8 string, with "…" when cut. */
static const char *text_cut(char *dst, size_t size, const char *s, size_t max)
{
	size_t chars = 0, i = 0;
	for (; s[i]; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80 && chars++ == max)
			break;
	if (!s[i] || i + 4 > size) {
		snprintf(dst, size, "%s", s);
		return dst;
	}
	snprintf(dst, size, "%.*s…", (int)i, s);
	return dst;
}

/* Rows are 22 pixels high. A row's current bar fills its middle (y + 5 to y + 17); on a
 * row that has a baseline, the bar moves up (y + 3 to y + 15) and the baseline shows as
 * a thin grey bar under it (y + 14 to y + 20, drawn first so that it stays behind).
 * The legend, when there is something to explain, takes a line under the rows. */
enum { GANTT_W = 1000, GANTT_LABEL_W = 330, GANTT_RIGHT = 16, GANTT_TOP = 44, GANTT_ROW_H = 22,
       GANTT_BOTTOM = 12, GANTT_LEGEND_H = 30 };

#define BASELINE "#767676" /* 4.5:1 on white: a thin bar still reads */
#define LINK "#4a4a4a"

static bool row_has_baseline(const svg_gantt_row *r)
{
	return date_is_set(r->base_start) && date_is_set(r->base_end);
}

/* Widen [first, last] to hold d (unset dates change nothing). */
static void widen(jalon_date *first, jalon_date *last, jalon_date d)
{
	if (!date_is_set(d))
		return;
	if (!date_is_set(*first) || date_compare(d, *first) < 0)
		*first = d;
	if (!date_is_set(*last) || date_compare(d, *last) > 0)
		*last = d;
}

/* A link is drawn when both its rows exist (lines counts the "other" row when there is
 * one) and both its dates are set. */
static bool link_drawable(const svg_gantt_link *l, size_t lines)
{
	return l->from_row < lines && l->to_row < lines && date_is_set(l->from_date) &&
	       date_is_set(l->to_date);
}

/* The vertical middle of the current bar (or of the milestones) on a row. */
static int gantt_mid(const svg_gantt *g, size_t row)
{
	int y = GANTT_TOP + (int)row * GANTT_ROW_H;
	return y + (row < g->row_count && row_has_baseline(&g->rows[row]) ? 9 : GANTT_ROW_H / 2);
}

static const char *gantt_row_name(const svg_gantt *g, size_t row)
{
	return row < g->row_count ? g->rows[row].code : _("Autres jalons");
}

/* A finish-to-start arrow with right angles only: out of the predecessor to the right,
 * then down (or up) to the successor's row and into its start. When the successor
 * starts too soon for that (or before), the arrow goes round: out, to the boundary
 * between the rows, back left, then into the start. */
static void gantt_link_path(buf *out, int x0, int y0, int x1, int y1, size_t from_row,
                            size_t to_row)
{
	enum { STUB = 6 };
	if (x1 - x0 >= 2 * STUB) {
		buf_printf(out, "M %d %d H %d V %d H %d", x0, y0, x0 + STUB, y1, x1);
		return;
	}
	int boundary = to_row < from_row ? GANTT_TOP + (int)from_row * GANTT_ROW_H
	                                 : GANTT_TOP + (int)(from_row + 1) * GANTT_ROW_H - 1;
	buf_printf(out, "M %d %d H %d V %d H %d V %d H %d", x0, y0, x0 + STUB, boundary, x1 - STUB, y1,
	           x1);
}

void svg_gantt_render(buf *out, const char *id, const svg_gantt *g, bool standalone)
{
	const svg_gantt_row *rows = g->rows;
	size_t row_count = g->row_count;
	const svg_gantt_mark *marks = g->marks;
	size_t mark_count = g->mark_count;
	jalon_date today = g->today;
	enum { W = GANTT_W, LABEL_W = GANTT_LABEL_W, TOP = GANTT_TOP, ROW_H = GANTT_ROW_H };
	const int plot_w = W - LABEL_W - GANTT_RIGHT;

	bool other_row = false;
	size_t late = 0, baselines = 0, links = 0, violated = 0;
	jalon_date first = DATE_NONE, last = DATE_NONE;
	for (size_t i = 0; i < row_count; i++) {
		widen(&first, &last, rows[i].start);
		widen(&first, &last, rows[i].end);
		if (row_has_baseline(&rows[i])) {
			baselines++;
			widen(&first, &last, rows[i].base_start);
			widen(&first, &last, rows[i].base_end);
		}
	}
	for (size_t i = 0; i < mark_count; i++) {
		other_row |= marks[i].row >= row_count;
		late += marks[i].late;
		widen(&first, &last, marks[i].date);
	}
	size_t lines = row_count + (other_row ? 1 : 0);
	for (size_t i = 0; i < g->link_count; i++) {
		const svg_gantt_link *l = &g->links[i];
		if (!link_drawable(l, lines))
			continue;
		links++;
		violated += l->violated;
		widen(&first, &last, l->from_date);
		widen(&first, &last, l->to_date);
	}
	bool legend = baselines > 0 || links > 0;
	int height = TOP + (int)(lines ? lines : 1) * ROW_H + GANTT_BOTTOM + (legend ? GANTT_LEGEND_H : 0);

	char from[11] = "", to[11] = "";
	date_format_fr(first, from);
	date_format_fr(last, to);
	buf desc = {0};
	if (!date_is_set(first)) {
		html_printf(&desc, "%s", _("Aucun élément daté ni jalon."));
	} else {
		html_printf(&desc, _("Éléments datés : %zu, du %s au %s. Jalons : %zu, dont %zu en retard."),
		            row_count, from, to, mark_count, late);
		if (baselines) {
			buf_putc(&desc, ' ');
			html_printf(&desc, _("Éléments avec leurs dates de référence : %zu."), baselines);
		}
		if (links) {
			buf_putc(&desc, ' ');
			html_printf(&desc, _("Dépendances : %zu, dont non respectées : %zu."), links, violated);
		}
	}
	svg_begin(out, id, W, height, standalone, _("Feuille de route"), desc.data);
	buf_free(&desc);
	if (!date_is_set(first)) {
		buf_printf(out, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">", W / 2, TOP);
		html_printf(out, "%s</text>\n</svg>\n", _("Aucun élément daté ni jalon."));
		return;
	}

	/* The arrowheads, one per colour (a marker does not take the colour of its path). */
	if (links)
		html_printf(out, "<defs>\n"
		                 "<marker id=\"%s-arrow\" viewBox=\"0 0 8 8\" refX=\"8\" refY=\"4\" "
		                 "markerWidth=\"8\" markerHeight=\"8\" markerUnits=\"userSpaceOnUse\" "
		                 "orient=\"auto\"><path d=\"M 0 0 L 8 4 L 0 8 Z\" fill=\"%r\"/></marker>\n"
		                 "<marker id=\"%s-arrow-violated\" viewBox=\"0 0 8 8\" refX=\"8\" refY=\"4\" "
		                 "markerWidth=\"8\" markerHeight=\"8\" markerUnits=\"userSpaceOnUse\" "
		                 "orient=\"auto\"><path d=\"M 0 0 L 8 4 L 0 8 Z\" fill=\"%r\"/></marker>\n"
		                 "</defs>\n",
		            id, LINK, id, LATE);

	/* Whole years, from 1 January of the first to 1 January after the last. */
	int year0 = first.year, year1 = last.year + 1;
	int64_t day0 = date_to_days((jalon_date){year0, 1, 1});
	int64_t day1 = date_to_days((jalon_date){year1, 1, 1});
#define X(days) (LABEL_W + (int)round_long((double)((days) - day0) / (double)(day1 - day0) * plot_w))
	int bottom = TOP + (int)lines * ROW_H;

	/* Zebra rows, then the year ticks over them. */
	for (size_t i = 0; i < lines; i += 2)
		buf_printf(out, "<rect x=\"0\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"/>\n",
		           TOP + (int)i * ROW_H, W, ROW_H, SOFT);
	html_printf(out, "<g class=\"axis\">\n");
	for (int y = year0; y <= year1; y++) {
		int x = X(date_to_days((jalon_date){y, 1, 1}));
		buf_printf(out, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\"/>", x, TOP - 24,
		           x, bottom, GRID);
		if (y < year1) {
			int next = X(date_to_days((jalon_date){y + 1, 1, 1}));
			buf_printf(out, "<text class=\"gantt-year\" x=\"%d\" y=\"%d\" text-anchor=\"middle\" "
			                "font-weight=\"bold\">%d</text>", (x + next) / 2, TOP - 28, y);
		}
		buf_putc(out, '\n');
	}
	html_printf(out, "</g>\n");

	/* Labels, baselines and bars. */
	for (size_t i = 0; i < row_count; i++) {
		const svg_gantt_row *r = &rows[i];
		int y = TOP + (int)i * ROW_H;
		bool base = row_has_baseline(r);
		char cut[200];
		buf_printf(out, "<text x=\"%d\" y=\"%d\">", 6 + (int)(r->depth > 6 ? 6 : r->depth) * 10,
		           y + 15);
		html_printf(out, "<tspan font-weight=\"bold\">%s</tspan> %s</text>\n", r->code,
		            text_cut(cut, sizeof(cut), r->title, 30));
		char start[11], end[11];
		if (base) {
			date_format_fr(r->base_start, start);
			date_format_fr(r->base_end, end);
			int b0 = X(date_to_days(r->base_start)), b1 = X(date_to_days(r->base_end) + 1);
			if (b1 - b0 < 2)
				b1 = b0 + 2;
			html_printf(out, "<g class=\"gantt-baseline\"><title>%s — ", r->code);
			html_printf(out, _("Référentiel : %s – %s"), start, end);
			buf_printf(out, "</title><rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"6\" fill=\"%s\"/></g>\n",
			           b0, y + 14, b1 - b0, BASELINE);
		}
		date_format_fr(r->start, start);
		date_format_fr(r->end, end);
		int x0 = X(date_to_days(r->start)), x1 = X(date_to_days(r->end) + 1);
		if (x1 - x0 < 2)
			x1 = x0 + 2;
		html_printf(out, "<g class=\"gantt-bar\"><title>%s %s%s%s – %s</title>", r->code, r->title,
		            colon(), start, end);
		buf_printf(out, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" rx=\"2\" fill=\"%s\"/></g>\n",
		           x0, y + (base ? 3 : 5), x1 - x0, ROW_H - 10, r->depth == 0 ? ACCENT : ACCENT_LIGHT);
	}
	if (other_row) {
		buf_printf(out, "<text x=\"6\" y=\"%d\" font-style=\"italic\">",
		           TOP + (int)row_count * ROW_H + 15);
		html_printf(out, "%s</text>\n", _("Autres jalons"));
	}

	/* Today, before the marks so that they stay on top. */
	if (date_is_set(today) && date_compare(today, (jalon_date){year0, 1, 1}) >= 0 &&
	    date_compare(today, (jalon_date){year1, 1, 1}) < 0) {
		char day[11];
		date_format_fr(today, day);
		int x = X(date_to_days(today));
		bool left = x > W - 160;
		html_printf(out, "<g class=\"gantt-today\">");
		buf_printf(out, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" "
		                "stroke-width=\"2\" stroke-dasharray=\"5 3\"/>", x, TOP - 12, x, bottom, LATE);
		buf_printf(out, "<text x=\"%d\" y=\"%d\" text-anchor=\"%s\" fill=\"%s\">",
		           left ? x - 4 : x + 4, TOP - 4, left ? "end" : "start", LATE);
		html_printf(out, "%s %s</text></g>\n", _("aujourd'hui"), day);
	}

	/* Dependencies, over the bars and under the milestones. */
	for (size_t i = 0; i < g->link_count; i++) {
		const svg_gantt_link *l = &g->links[i];
		if (!link_drawable(l, lines))
			continue;
		html_printf(out, "<g class=\"dependency%r\"><title>", l->violated ? " violated" : "");
		if (l->detail)
			html_printf(out, "%s", l->detail);
		else
			html_printf(out, "%s → %s", gantt_row_name(g, l->from_row), gantt_row_name(g, l->to_row));
		if (l->violated)
			html_printf(out, " %s", _("(non respectée)"));
		html_printf(out, "</title><path d=\"");
		gantt_link_path(out, X(date_to_days(l->from_date)), gantt_mid(g, l->from_row),
		                X(date_to_days(l->to_date)), gantt_mid(g, l->to_row), l->from_row, l->to_row);
		html_printf(out, "\" fill=\"none\" stroke=\"%r\" stroke-width=\"1.5\"%r "
		                 "marker-end=\"url(#%s-arrow%r)\"/></g>\n",
		            l->violated ? LATE : LINK, l->violated ? " stroke-dasharray=\"4 3\"" : "", id,
		            l->violated ? "-violated" : "");
	}

	for (size_t i = 0; i < mark_count; i++) {
		const svg_gantt_mark *m = &marks[i];
		int cx = X(date_to_days(m->date));
		int cy = gantt_mid(g, m->row < row_count ? m->row : row_count);
		html_printf(out, "<g class=\"gantt-milestone%r\"><title>%s", m->late ? " gantt-late" : "",
		            m->title);
		if (m->detail)
			html_printf(out, " — %s", m->detail);
		if (m->late)
			html_printf(out, " — %s", _("en retard"));
		html_printf(out, "</title>");
		buf_printf(out, "<path d=\"M %d %d L %d %d L %d %d L %d %d Z\" fill=\"%s\" stroke=\"#ffffff\"/>",
		           cx, cy - 7, cx + 7, cy, cx, cy + 7, cx - 7, cy, m->late ? LATE : INK);
		if (m->late) {
			bool left = cx > W - 80;
			buf_printf(out, "<text x=\"%d\" y=\"%d\" text-anchor=\"%s\" font-size=\"11\" "
			                "font-weight=\"bold\" fill=\"%s\">", left ? cx - 9 : cx + 9, cy + 4,
			           left ? "end" : "start", LATE);
			html_printf(out, "%s</text>", _("en retard"));
		}
		html_printf(out, "</g>\n");
	}
#undef X

	/* The legend, under the rows: only what the chart shows beyond bars and diamonds. */
	if (legend) {
		int y = bottom + GANTT_BOTTOM + 14, x = LABEL_W;
		html_printf(out, "<g class=\"legend\">\n");
		if (baselines) {
			buf_printf(out, "<rect x=\"%d\" y=\"%d\" width=\"28\" height=\"6\" fill=\"%s\"/>"
			                "<text x=\"%d\" y=\"%d\">", x, y - 6, BASELINE, x + 34, y + 1);
			html_printf(out, "%s</text>\n", _("Référentiel"));
			x += 150;
		}
		if (links) {
			buf_printf(out, "<path d=\"M %d %d H %d\" fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\" ",
			           x, y - 3, x + 28, LINK);
			html_printf(out, "marker-end=\"url(#%s-arrow)\"/><text ", id);
			buf_printf(out, "x=\"%d\" y=\"%d\">", x + 34, y + 1);
			html_printf(out, "%s</text>\n", _("Dépendance"));
			x += 150;
		}
		if (violated) {
			buf_printf(out, "<path d=\"M %d %d H %d\" fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\" "
			                "stroke-dasharray=\"4 3\" ", x, y - 3, x + 28, LATE);
			html_printf(out, "marker-end=\"url(#%s-arrow-violated)\"/><text ", id);
			buf_printf(out, "x=\"%d\" y=\"%d\">", x + 34, y + 1);
			html_printf(out, "%s</text>\n", _("Dépendance non respectée"));
		}
		html_printf(out, "</g>\n");
	}
	buf_puts(out, "</svg>\n");
}

/* ---- risk matrix --------------------------------------------------------------------------- */

/* Criticality bands: 1–3, 4–6, 8–9, 12–16 (the products of two scores 1..4). The count
 * in a cell is ink on the light bands and white on the dark one, 4.5:1 or more each
 * (faible 13.8:1, modérée 14.3:1, élevée 8.4:1, critique 8.1:1); the band is also
 * written in every cell, so that the grid reads without colour. */
typedef struct {
	const char *name;
	const char *fill, *ink;
	int low, high;
} risk_band;

static const risk_band risk_bands[4] = {
	{N_("faible"), "#d6ecd9", INK, 1, 3},
	{N_("modérée"), "#fde9a6", INK, 4, 6},
	{N_("élevée"), "#f4a261", INK, 8, 9},
	{N_("critique"), LATE, "#ffffff", 12, 16},
};

static const risk_band *risk_band_of(int criticality)
{
	return &risk_bands[criticality <= 3 ? 0 : criticality <= 6 ? 1 : criticality <= 9 ? 2 : 3];
}

/* Drawn: open or being treated, with both scores assessed (1..4). */
static bool risk_drawn(const element_risk *r)
{
	return r && r->status != RISK_CLOSED && r->probability >= 1 && r->probability <= 4 &&
	       r->impact >= 1 && r->impact <= 4;
}

void svg_risk_matrix_render(buf *out, const char *id, const element_risk *const *risks,
                            size_t count, bool standalone)
{
	/* The grid on the left (impact across, probability up), the legend on the right. */
	enum { W = 1000, H = 550, GX = 140, GY = 24, CELL = 116, LEGEND_X = 660 };
	const int grid = 4 * CELL;

	size_t cells[4][4] = {{0}}, by_band[4] = {0}, drawn = 0;
	for (size_t i = 0; i < count; i++) {
		const element_risk *r = risks[i];
		if (!risk_drawn(r))
			continue;
		cells[r->probability - 1][r->impact - 1]++;
		by_band[risk_band_of(r->probability * r->impact) - risk_bands]++;
		drawn++;
	}

	buf desc = {0};
	if (drawn == 0)
		html_printf(&desc, "%s", _("Aucun risque ouvert évalué."));
	else
		html_printf(&desc, _("Risques ouverts évalués : %zu — critiques : %zu, élevés : %zu, "
		                     "modérés : %zu, faibles : %zu. Probabilité de 1 à 4 en lignes, "
		                     "impact de 1 à 4 en colonnes."),
		            drawn, by_band[3], by_band[2], by_band[1], by_band[0]);
	svg_begin(out, id, W, H, standalone, _("Matrice des risques"), desc.data);
	buf_free(&desc);

	/* The cells, probability 4 on the top row. */
	for (int p = 4; p >= 1; p--) {
		for (int im = 1; im <= 4; im++) {
			int crit = p * im;
			const risk_band *band = risk_band_of(crit);
			size_t n = cells[p - 1][im - 1];
			int x = GX + (im - 1) * CELL, y = GY + (4 - p) * CELL;
			html_printf(out, "<g class=\"%r\"><title>", n ? "risk-cell" : "risk-empty");
			html_printf(out, _("Probabilité %d, impact %d — criticité %d, %s"), p, im, crit,
			            _(band->name));
			html_printf(out, " — ");
			html_printf(out, _("risques : %zu"), n);
			for (size_t i = 0; i < count; i++) {
				const element_risk *r = risks[i];
				if (!risk_drawn(r) || r->probability != p || r->impact != im)
					continue;
				buf_putc(out, '\n');
				if (r->element && r->element->code)
					html_printf(out, "%s — ", r->element->code);
				html_printf(out, _("%s (criticité %d)"), r->description ? r->description : "", crit);
			}
			html_printf(out, "</title>");
			buf_printf(out, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\" "
			                "stroke=\"#ffffff\" stroke-width=\"2\"/>", x, y, CELL, CELL, band->fill);
			if (n)
				buf_printf(out, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" font-size=\"36\" "
				                "font-weight=\"bold\" fill=\"%s\">%zu</text>",
				           x + CELL / 2, y + CELL / 2 + 10, band->ink, n);
			buf_printf(out, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" fill=\"%s\">",
			           x + CELL / 2, y + CELL - 10, band->ink);
			html_printf(out, "%s</text></g>\n", _(band->name));
		}
	}
	buf_printf(out, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"%s\"/>\n",
	           GX, GY, grid, grid, INK);

	/* The axes: scores under and beside the grid, then their names. */
	html_printf(out, "<g class=\"axis\">\n");
	for (int k = 1; k <= 4; k++) {
		buf_printf(out, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" font-size=\"14\">%d</text>",
		           GX + (k - 1) * CELL + CELL / 2, GY + grid + 20, k);
		buf_printf(out, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" font-size=\"14\">%d</text>\n",
		           GX - 10, GY + (4 - k) * CELL + CELL / 2 + 5, k);
	}
	buf_printf(out, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" font-size=\"14\" "
	                "font-weight=\"bold\">", GX + grid / 2, GY + grid + 46);
	html_printf(out, "%s</text>\n", _("Impact"));
	buf_printf(out, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" font-size=\"14\" "
	                "font-weight=\"bold\" transform=\"rotate(-90 %d %d)\">",
	           GX - 40, GY + grid / 2, GX - 40, GY + grid / 2);
	html_printf(out, "%s</text>\n</g>\n", _("Probabilité"));

	if (drawn == 0) {
		buf_printf(out, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"40\" fill=\"#ffffff\" "
		                "stroke=\"%s\"/><text x=\"%d\" y=\"%d\" text-anchor=\"middle\" font-size=\"14\">",
		           GX + CELL / 2, GY + grid / 2 - 20, grid - CELL, INK, GX + grid / 2, GY + grid / 2 + 5);
		html_printf(out, "%s</text>\n", _("Aucun risque ouvert évalué."));
	}

	/* The legend: the bands, most critical first. */
	html_printf(out, "<g class=\"legend\">\n<text x=\"%d\" y=\"%d\" font-size=\"14\" "
	                 "font-weight=\"bold\">%s</text>\n",
	            LEGEND_X, GY + 16, _("Criticité (probabilité × impact)"));
	for (int b = 3; b >= 0; b--) {
		const risk_band *band = &risk_bands[b];
		int y = GY + 34 + (3 - b) * 34;
		buf_printf(out, "<rect x=\"%d\" y=\"%d\" width=\"40\" height=\"26\" fill=\"%s\" stroke=\"%s\"/>"
		                "<text x=\"%d\" y=\"%d\">", LEGEND_X, y, band->fill, INK, LEGEND_X + 50, y + 18);
		html_printf(out, _("%s : de %d à %d"), _(band->name), band->low, band->high);
		html_printf(out, "</text>\n");
	}
	buf_printf(out, "<text x=\"%d\" y=\"%d\">", LEGEND_X, GY + 34 + 4 * 34 + 16);
	html_printf(out, "%s</text>\n</g>\n</svg>\n",
	            _("Chaque case compte les risques ouverts qui y tombent."));
}

/* ---- prioritisation matrix ----------------------------------------------------------------- */

/* A square root without libm (Newton's method, for bubble radii). */
static double sqrt_pos(double v)
{
	if (!(v > 0))
		return 0;
	double r = v > 1 ? v : 1;
	for (int i = 0; i < 64; i++) {
		double next = (r + v / r) / 2;
		if (next >= r)
			break;
		r = next;
	}
	return r;
}

/* A score as written in French: "3", "2,5". */
static void score_fr(double v, char out[24])
{
	long tenths = round_long(v * 10);
	if (tenths % 10 == 0)
		snprintf(out, 24, "%ld", tenths / 10);
	else
		snprintf(out, 24, "%s%ld,%ld", tenths < 0 ? "-" : "", labs(tenths) / 10, labs(tenths) % 10);
}

/* An amount in full, without ",00" when it is whole euros: "1 200 000 €". */
static void amount_full(int64_t cents, char out[MONEY_FORMAT_MAX])
{
	money_format_fr(cents, out);
	char *cents_part = strstr(out, ",00\u00a0€");
	if (cents_part)
		memmove(cents_part, cents_part + 3, strlen(cents_part + 3) + 1);
}

typedef struct {
	size_t index;
	int64_t budget;
	int cx, cy, r;
} bubble_place;

/* Larger first (so that the small ones are drawn over them), then the given order. */
static int bubble_cmp(const void *a, const void *b)
{
	const bubble_place *p = a, *q = b;
	if (p->r != q->r)
		return p->r > q->r ? -1 : 1;
	if (p->budget != q->budget)
		return p->budget > q->budget ? -1 : 1;
	return p->index < q->index ? -1 : p->index > q->index;
}

/* The weather's fill: plain for soleil, hatched for nuage, cross-hatched for orage,
 * white with a dashed outline when not set (patterns, so that print in grey reads). */
static void weather_paint(buf *out, const char *id, weather w)
{
	switch (w) {
	case WEATHER_SUNNY:
		buf_printf(out, "fill=\"%s\" stroke=\"%s\"", OK, INK);
		break;
	case WEATHER_CLOUDY:
		html_printf(out, "fill=\"url(#%s-cloudy)\" stroke=\"%r\"", id, INK);
		break;
	case WEATHER_STORMY:
		html_printf(out, "fill=\"url(#%s-stormy)\" stroke=\"%r\"", id, INK);
		break;
	default:
		buf_printf(out, "fill=\"#ffffff\" stroke=\"%s\" stroke-dasharray=\"3 2\"", "#4a4a4a");
		break;
	}
}

void svg_priority_render(buf *out, const char *id, const svg_bubble *bubbles, size_t count,
                         const char *x_label, const char *y_label, bool standalone)
{
	/* The plot is a square from 0.5 to 4.5 on both criteria (130 pixels a point), so
	 * that the largest bubble on a score of 1 or 4 stays inside; legend on the right. */
	enum { W = 1000, H = 610, PX = 110, PY = 24, PS = 520, RMIN = 6, RMAX = 40, LEGEND_X = 690 };
	if (!x_label)
		x_label = "";
	if (!y_label)
		y_label = "";
#define PXX(v) (PX + (int)round_long(((v) - 0.5) / 4.0 * PS))
#define PYY(v) (PY + PS - (int)round_long(((v) - 0.5) / 4.0 * PS))

	/* Placed: both scores are numbers (not NaN); they are held to 1..4 on the plot. */
	bubble_place *place = malloc((count ? count : 1) * sizeof(*place));
	size_t placed = 0, by_weather[WEATHER_COUNT] = {0}, quadrant[4] = {0};
	int64_t max_budget = 0;
	for (size_t i = 0; i < count; i++) {
		const svg_bubble *b = &bubbles[i];
		if (b->x != b->x || b->y != b->y)
			continue;
		if (b->budget_cents > max_budget)
			max_budget = b->budget_cents;
	}
	for (size_t i = 0; i < count; i++) {
		const svg_bubble *b = &bubbles[i];
		if (b->x != b->x || b->y != b->y)
			continue;
		double x = b->x < 1 ? 1 : b->x > 4 ? 4 : b->x;
		double y = b->y < 1 ? 1 : b->y > 4 ? 4 : b->y;
		/* Area proportional to the budget, never under the smallest radius. */
		int r = RMIN;
		if (max_budget > 0 && b->budget_cents > 0) {
			r = (int)round_long(RMAX * sqrt_pos((double)b->budget_cents / (double)max_budget));
			if (r < RMIN)
				r = RMIN;
		}
		/* Same scores as earlier bubbles: step aside, around the point, in a fixed order. */
		static const int steps[8][2] = {{1, 0}, {0, -1}, {-1, 0}, {0, 1},
		                                {1, -1}, {-1, -1}, {-1, 1}, {1, 1}};
		size_t same = 0;
		for (size_t j = 0; j < i; j++)
			same += bubbles[j].x == b->x && bubbles[j].y == b->y;
		int dx = 0, dy = 0;
		if (same) {
			int ring = (int)((same - 1) / 8) + 1;
			dx = steps[(same - 1) % 8][0] * 12 * ring;
			dy = steps[(same - 1) % 8][1] * 12 * ring;
		}
		place[placed++] = (bubble_place){i, b->budget_cents, PXX(x) + dx, PYY(y) + dy, r};
		by_weather[b->weather < WEATHER_COUNT ? b->weather : WEATHER_UNSET]++;
		quadrant[(b->y >= 2.5 ? 0 : 2) + (b->x >= 2.5 ? 0 : 1)]++;
	}
	qsort(place, placed, sizeof(*place), bubble_cmp);

	buf desc = {0};
	if (placed == 0) {
		html_printf(&desc, "%s", _("Aucun élément évalué."));
	} else {
		html_printf(&desc, _("Éléments placés : %zu, selon %s (horizontal) et %s (vertical), "
		                     "l'aire des bulles suivant le budget prévu."),
		            placed, x_label, y_label);
		buf_putc(&desc, ' ');
		html_printf(&desc, _("Quadrants, seuil 2,5 — en haut à droite : %zu, en haut à gauche : %zu, "
		                     "en bas à droite : %zu, en bas à gauche : %zu."),
		            quadrant[0], quadrant[1], quadrant[2], quadrant[3]);
		buf_putc(&desc, ' ');
		html_printf(&desc, "%s", _("Météo"));
		static const weather order[] = {WEATHER_SUNNY, WEATHER_CLOUDY, WEATHER_STORMY, WEATHER_UNSET};
		for (size_t k = 0; k < 4; k++)
			html_printf(&desc, "%s%s%s%zu", k ? ", " : " — ", weather_label(order[k]), colon(),
			            by_weather[order[k]]);
		buf_putc(&desc, '.');
	}
	svg_begin(out, id, W, H, standalone, _("Matrice de priorisation"), desc.data);
	buf_free(&desc);

	html_printf(out, "<defs>\n"
	                 "<pattern id=\"%s-cloudy\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" "
	                 "patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"%r\"/>"
	                 "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#ffffff\" stroke-width=\"2\"/>"
	                 "</pattern>\n"
	                 "<pattern id=\"%s-stormy\" width=\"8\" height=\"8\" patternUnits=\"userSpaceOnUse\" "
	                 "patternTransform=\"rotate(45)\"><rect width=\"8\" height=\"8\" fill=\"%r\"/>"
	                 "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"8\" stroke=\"#ffffff\" stroke-width=\"1.5\"/>"
	                 "<line x1=\"0\" y1=\"0\" x2=\"8\" y2=\"0\" stroke=\"#ffffff\" stroke-width=\"1.5\"/>"
	                 "</pattern>\n</defs>\n",
	            id, "#b35900", id, LATE);

	/* The plot: a frame, the scores' grid lines, the quadrant lines at 2.5. */
	html_printf(out, "<g class=\"axis\">\n");
	buf_printf(out, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#ffffff\" stroke=\"%s\"/>\n",
	           PX, PY, PS, PS, GRID);
	for (int k = 1; k <= 4; k++) {
		int x = PXX((double)k), y = PYY((double)k);
		buf_printf(out, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\"/>"
		                "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\"/>",
		           x, PY, x, PY + PS, GRID, PX, y, PX + PS, y, GRID);
		buf_printf(out, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" font-size=\"14\">%d</text>"
		                "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" font-size=\"14\">%d</text>\n",
		           x, PY + PS + 20, k, PX - 10, y + 5, k);
	}
	buf_printf(out, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-dasharray=\"6 4\"/>"
	                "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-dasharray=\"6 4\"/>\n",
	           PXX(2.5), PY, PXX(2.5), PY + PS, INK, PX, PYY(2.5), PX + PS, PYY(2.5), INK);
	buf_printf(out, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" font-size=\"14\" font-weight=\"bold\">",
	           PX + PS / 2, PY + PS + 48);
	html_printf(out, "%s</text>\n", x_label);
	buf_printf(out, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" font-size=\"14\" font-weight=\"bold\" "
	                "transform=\"rotate(-90 %d %d)\">", PX - 44, PY + PS / 2, PX - 44, PY + PS / 2);
	html_printf(out, "%s</text>\n</g>\n", y_label);

	if (placed == 0) {
		buf_printf(out, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"40\" fill=\"#ffffff\" "
		                "stroke=\"%s\"/><text x=\"%d\" y=\"%d\" text-anchor=\"middle\" font-size=\"14\">",
		           PX + PS / 8, PY + PS / 4 - 20, PS * 3 / 4, INK, PX + PS / 2, PY + PS / 4 + 5);
		html_printf(out, "%s</text>\n", _("Aucun élément évalué."));
	}

	for (size_t k = 0; k < placed; k++) {
		const bubble_place *p = &place[k];
		const svg_bubble *b = &bubbles[p->index];
		char xs[24], ys[24], amount[MONEY_FORMAT_MAX];
		score_fr(b->x, xs);
		score_fr(b->y, ys);
		amount_full(b->budget_cents, amount);
		html_printf(out, "<g class=\"bubble\"><title>%s %s — %s %s, %s %s, ", b->code ? b->code : "",
		            b->title ? b->title : "", x_label, xs, y_label, ys);
		html_printf(out, _("budget prévu %s, météo : %s"), amount, weather_label(b->weather));
		buf_printf(out, "</title><circle cx=\"%d\" cy=\"%d\" r=\"%d\" fill-opacity=\"0.85\" ", p->cx,
		           p->cy, p->r);
		weather_paint(out, id, b->weather);
		buf_puts(out, "/>");
		/* The code beside the bubble, on a white halo; on the left near the right edge. */
		bool left = p->cx + p->r + 70 > PX + PS;
		buf_printf(out, "<text x=\"%d\" y=\"%d\" text-anchor=\"%s\" font-weight=\"bold\" "
		                "stroke=\"#ffffff\" stroke-width=\"3\" paint-order=\"stroke\">",
		           left ? p->cx - p->r - 4 : p->cx + p->r + 4, p->cy + 4, left ? "end" : "start");
		html_printf(out, "%s</text></g>\n", b->code ? b->code : "");
	}
	free(place);
#undef PXX
#undef PYY

	/* The legend: the weathers with their words, then the bubble sizes. */
	static const weather order[] = {WEATHER_SUNNY, WEATHER_CLOUDY, WEATHER_STORMY, WEATHER_UNSET};
	html_printf(out, "<g class=\"legend\">\n<text x=\"%d\" y=\"%d\" font-size=\"14\" "
	                 "font-weight=\"bold\">%s</text>\n",
	            LEGEND_X, PY + 16, _("Météo"));
	for (size_t k = 0; k < 4; k++) {
		int y = PY + 44 + (int)k * 28;
		buf_printf(out, "<circle cx=\"%d\" cy=\"%d\" r=\"10\" ", LEGEND_X + 10, y);
		weather_paint(out, id, order[k]);
		buf_printf(out, "/><text x=\"%d\" y=\"%d\">", LEGEND_X + 28, y + 4);
		html_printf(out, "%s</text>\n", weather_label(order[k]));
	}
	int y = PY + 44 + 4 * 28 + 16;
	if (placed)
		html_printf(out, "<text x=\"%d\" y=\"%d\" font-size=\"14\" font-weight=\"bold\">%s</text>\n",
		            LEGEND_X, y, _("Budget prévu (aire des bulles)"));
	if (placed == 0) {
		/* Nothing drawn: no sizes to explain. */
	} else if (max_budget > 0) {
		char big[32], quarter[32];
		svg_amount_short(max_budget, big);
		svg_amount_short(max_budget / 4, quarter);
		buf_printf(out, "<circle cx=\"%d\" cy=\"%d\" r=\"%d\" fill=\"none\" stroke=\"%s\"/>"
		                "<text x=\"%d\" y=\"%d\">", LEGEND_X + RMAX, y + 20 + RMAX, RMAX, INK,
		           LEGEND_X + 2 * RMAX + 12, y + 24 + RMAX);
		html_printf(out, "%s</text>\n", big);
		buf_printf(out, "<circle cx=\"%d\" cy=\"%d\" r=\"%d\" fill=\"none\" stroke=\"%s\"/>"
		                "<text x=\"%d\" y=\"%d\">", LEGEND_X + RMAX, y + 30 + 2 * RMAX + RMAX / 2,
		           RMAX / 2, INK, LEGEND_X + 2 * RMAX + 12, y + 34 + 2 * RMAX + RMAX / 2);
		html_printf(out, "%s</text>\n", quarter);
	} else {
		buf_printf(out, "<text x=\"%d\" y=\"%d\">", LEGEND_X, y + 22);
		html_printf(out, "%s</text>\n", _("Aucun budget prévu : bulles de même taille."));
	}
	html_printf(out, "</g>\n</svg>\n");
}

/* ---- an indicator against its expected path ------------------------------------------- */

/* A value and its unit for people: "12,5 %", "3 200 t" (no-break space). */
static void value_unit(buf *out, double v, const char *unit)
{
	char n[48];
	number_format_fr(v, 2, n);
	html_printf(out, "%s%r%s", n, unit && *unit ? "\u00a0" : "", unit ? unit : "");
}

/* A round step (1, 2 or 5 times a power of ten) for about `ticks` intervals of span. */
static double nice_step_real(double span, int ticks)
{
	double raw = span / ticks, power = 1;
	if (!(raw > 0))
		return 1;
	while (power * 10 <= raw)
		power *= 10;
	while (power > raw)
		power /= 10;
	static const double units[] = {1, 2, 5, 10};
	for (int i = 0; i < 4; i++)
		if (units[i] * power >= raw)
			return units[i] * power;
	return 10 * power;
}

static int point_cmp(const void *a, const void *b)
{
	return date_compare(((const indicator_point *)a)->date, ((const indicator_point *)b)->date);
}

void svg_indicator_render(buf *out, const char *id, const svg_indicator *c, bool standalone)
{
	enum { W = 760, H = 360, LEFT = 84, RIGHT = 24, TOP = 56, BOTTOM = 44 };
	const int plot_w = W - LEFT - RIGHT, plot_h = H - TOP - BOTTOM;
	const char *unit = c->unit;

	/* The expected path's points (baseline, then targets), in date order. */
	size_t path_count = (c->has_baseline ? 1 : 0) + c->target_count;
	indicator_point *path = malloc((path_count + 1) * sizeof(*path));
	indicator_point *measured = malloc((c->measured_count + 1) * sizeof(*measured));
	if (!path || !measured) {
		free(path);
		free(measured);
		return;
	}
	size_t n = 0;
	if (c->has_baseline)
		path[n++] = c->baseline;
	for (size_t i = 0; i < c->target_count; i++)
		path[n++] = c->targets[i];
	qsort(path, path_count, sizeof(*path), point_cmp);
	if (c->measured_count)
		memcpy(measured, c->measured, c->measured_count * sizeof(*measured));
	qsort(measured, c->measured_count, sizeof(*measured), point_cmp);

	/* The axes' ranges: every point, and today. */
	bool any = false;
	jalon_date first = DATE_NONE, last = DATE_NONE;
	double lo = 0, hi = 0;
	const indicator_point *sets[2] = {path, measured};
	const size_t counts[2] = {path_count, c->measured_count};
	for (int s = 0; s < 2; s++)
		for (size_t i = 0; i < counts[s]; i++) {
			const indicator_point *q = &sets[s][i];
			if (!date_is_set(q->date))
				continue;
			widen(&first, &last, q->date);
			lo = any && lo < q->value ? lo : q->value;
			hi = any && hi > q->value ? hi : q->value;
			any = true;
		}

	buf desc = {0};
	if (!any) {
		html_printf(&desc, "%s", _("Aucune valeur initiale, cible ni mesure."));
	} else {
		char from[11], to[11];
		if (c->measured_count) {
			const indicator_point *l = &measured[c->measured_count - 1];
			date_format_fr(measured[0].date, from);
			date_format_fr(l->date, to);
			if (c->reconstructed) /* a computed indicator's past, then today's value */
				html_printf(&desc, i18n_count("%zu valeur reconstituée du %s au %s",
				                              "%zu valeurs reconstituées du %s au %s",
				                              c->measured_count),
				            c->measured_count, from, to);
			else
				html_printf(&desc, i18n_count("%zu mesure du %s au %s",
				                              "%zu mesures du %s au %s", c->measured_count),
				            c->measured_count, from, to);
			html_printf(&desc, _(", la dernière le %s : "), to);
			value_unit(&desc, l->value, unit);
			buf_puts(&desc, ".");
		} else {
			html_printf(&desc, "%s", _("Aucune mesure."));
		}
		if (c->has_baseline) {
			date_format_fr(c->baseline.date, from);
			buf_putc(&desc, ' ');
			html_printf(&desc, _("Valeur initiale le %s : "), from);
			value_unit(&desc, c->baseline.value, unit);
			buf_puts(&desc, ".");
		}
		for (size_t i = 0; i < c->target_count; i++) {
			date_format_fr(c->targets[i].date, to);
			buf_putc(&desc, ' ');
			html_printf(&desc, _("Cible le %s : "), to);
			value_unit(&desc, c->targets[i].value, unit);
			buf_puts(&desc, ".");
		}
		if (path_count)
			html_printf(&desc, " %s", _("La trajectoire attendue les relie en pointillés."));
	}
	svg_begin(out, id, W, H, standalone, c->name, desc.data ? desc.data : "");
	buf_free(&desc);
	if (date_is_set(c->today))
		widen(&first, &last, c->today);

	/* The legend: the shape and the dash of each series, then its name. */
	int lx = LEFT;
	html_printf(out, "<g class=\"legend\">\n");
	buf_printf(out, "<line x1=\"%d\" y1=\"22\" x2=\"%d\" y2=\"22\" stroke=\"%s\" stroke-width=\"2\"/>"
	                "<circle cx=\"%d\" cy=\"22\" r=\"4\" fill=\"%s\"/><text x=\"%d\" y=\"26\">",
	           lx, lx + 24, ACCENT, lx + 12, ACCENT, lx + 30);
	html_printf(out, "%s</text>\n", _("mesures"));
	lx += 120;
	buf_printf(out, "<line x1=\"%d\" y1=\"22\" x2=\"%d\" y2=\"22\" stroke=\"%s\" stroke-width=\"2\" "
	                "stroke-dasharray=\"6 4\"/><text x=\"%d\" y=\"26\">",
	           lx, lx + 24, OK, lx + 30);
	html_printf(out, "%s</text>\n", _("trajectoire attendue"));
	lx += 190;
	buf_printf(out, "<rect x=\"%d\" y=\"17\" width=\"10\" height=\"10\" fill=\"#ffffff\" stroke=\"%s\" "
	                "stroke-width=\"2\"/><text x=\"%d\" y=\"26\">",
	           lx, OK, lx + 16);
	html_printf(out, "%s</text>\n", _("valeur initiale"));
	lx += 130;
	buf_printf(out, "<path d=\"M %d 16 L %d 22 L %d 28 L %d 22 Z\" fill=\"%s\"/><text x=\"%d\" y=\"26\">",
	           lx + 5, lx + 11, lx + 5, lx - 1, OK, lx + 16);
	html_printf(out, "%s</text>\n</g>\n", _("cible"));

	if (!any) {
		buf_printf(out, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">", W / 2, TOP + plot_h / 2);
		html_printf(out, "%s</text>\n</svg>\n", _("Aucune valeur à représenter."));
		free(path);
		free(measured);
		return;
	}

	/* The value axis: round steps around every value, zero included when near. */
	if (lo > 0 && lo < hi / 2)
		lo = 0;
	if (hi == lo) {
		double pad = hi == 0 ? 1 : (hi < 0 ? -hi : hi) / 10;
		lo -= pad;
		hi += pad;
	}
	double step = nice_step_real(hi - lo, 5);
	double y_lo = step * (double)(long)(lo / step), y_hi = step * (double)(long)(hi / step);
	if (y_lo > lo)
		y_lo -= step;
	if (y_hi < hi)
		y_hi += step;
	/* The date axis: from the first date to the last, a little room on each side. */
	int64_t d0 = date_to_days(first), d1 = date_to_days(last);
	int64_t span = d1 - d0 < 30 ? 30 : d1 - d0;
	d0 -= span / 20 + 1;
	d1 = d0 + span + span / 10 + 2;
#define IX(days) (LEFT + (int)round_long((double)((days) - d0) * plot_w / (double)(d1 - d0)))
#define IY(v) (TOP + plot_h - (int)round_long(((v) - y_lo) * plot_h / (y_hi - y_lo)))

	html_printf(out, "<g class=\"axis\">\n");
	for (int k = 0; k <= 12; k++) {
		double v = y_lo + step * k;
		if (v > y_hi + step / 2)
			break;
		if (v > -step / 1e6 && v < step / 1e6)
			v = 0;
		char label[48];
		number_format_fr(v, 2, label);
		int y = IY(v);
		buf_printf(out, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\"/>", LEFT, y,
		           W - RIGHT, y, GRID);
		buf_printf(out, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">", LEFT - 6, y + 4);
		html_printf(out, "%s</text>\n", label);
	}
	if (unit && *unit) {
		buf_printf(out, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">", LEFT - 6, TOP - 10);
		html_printf(out, "%s</text>\n", unit);
	}
	/* Date ticks: each year's first day, or every few months over a shorter span. */
	jalon_date f = date_from_days(d0), l = date_from_days(d1);
	int months = (l.year - f.year) * 12 + (l.month - f.month);
	int every = months > 36 ? 12 : months > 18 ? 6 : months > 8 ? 3 : 1;
	int ym = f.year * 12 + (f.month - 1) + 1;
	while (ym % every)
		ym++;
	for (; ym <= l.year * 12 + l.month - 1; ym += every) {
		jalon_date t = {ym / 12, ym % 12 + 1, 1};
		int x = IX(date_to_days(t));
		buf_printf(out, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\"/>", x, TOP, x,
		           TOP + plot_h, GRID);
		if (every == 12)
			buf_printf(out, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%d</text>\n", x,
			           TOP + plot_h + 18, t.year);
		else
			buf_printf(out, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%02d/%d</text>\n", x,
			           TOP + plot_h + 18, t.month, t.year);
	}
	buf_printf(out, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\"/>\n", LEFT,
	           TOP + plot_h, W - RIGHT, TOP + plot_h, INK);
	html_printf(out, "</g>\n");

	/* Today. */
	if (date_is_set(c->today)) {
		char day[11];
		date_format_fr(c->today, day);
		int x = IX(date_to_days(c->today));
		bool left = x > W - 160;
		html_printf(out, "<g class=\"indicator-today\">");
		buf_printf(out, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" "
		                "stroke-width=\"2\" stroke-dasharray=\"2 3\"/>",
		           x, TOP - 8, x, TOP + plot_h, LATE);
		buf_printf(out, "<text x=\"%d\" y=\"%d\" text-anchor=\"%s\" fill=\"%s\">",
		           left ? x - 4 : x + 4, TOP - 2, left ? "end" : "start", LATE);
		html_printf(out, "%s %s</text></g>\n", _("aujourd'hui"), day);
	}

	/* The expected path: flat before its first point and after its last. */
	if (path_count) {
		html_printf(out, "<g class=\"indicator-path\">");
		buf_printf(out, "<path d=\"M %d %d", LEFT, IY(path[0].value));
		for (size_t i = 0; i < path_count; i++)
			buf_printf(out, " L %d %d", IX(date_to_days(path[i].date)), IY(path[i].value));
		buf_printf(out, " L %d %d\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\" "
		                "stroke-dasharray=\"6 4\"><title>",
		           W - RIGHT, IY(path[path_count - 1].value), OK);
		html_printf(out, "%s</title></path>\n", _("Trajectoire attendue"));
		for (size_t i = 0; i < path_count; i++) {
			char day[11];
			date_format_fr(path[i].date, day);
			int x = IX(date_to_days(path[i].date)), y = IY(path[i].value);
			bool is_base = c->has_baseline && date_compare(path[i].date, c->baseline.date) == 0 &&
			               path[i].value == c->baseline.value;
			if (is_base)
				buf_printf(out, "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"#ffffff\" "
				                "stroke=\"%s\" stroke-width=\"2\"><title>",
				           x - 5, y - 5, OK);
			else
				buf_printf(out, "<path d=\"M %d %d L %d %d L %d %d L %d %d Z\" fill=\"%s\"><title>", x,
				           y - 7, x + 7, y, x, y + 7, x - 7, y, OK);
			html_printf(out, "%s %s%s", is_base ? _("Valeur initiale, le") : _("Cible, le"), day,
			            colon());
			value_unit(out, path[i].value, unit);
			html_printf(out, "</title>%r\n", is_base ? "</rect>" : "</path>");
		}
		html_printf(out, "</g>\n");
	}

	/* The measurements: a line, and a point each. */
	if (c->measured_count) {
		html_printf(out, "<g class=\"indicator-measured\">");
		if (c->measured_count > 1) {
			buf_printf(out, "<path d=\"");
			for (size_t i = 0; i < c->measured_count; i++)
				buf_printf(out, "%s%d %d", i ? " L " : "M ", IX(date_to_days(measured[i].date)),
				           IY(measured[i].value));
			buf_printf(out, "\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"/>\n", ACCENT);
		}
		for (size_t i = 0; i < c->measured_count; i++) {
			char day[11];
			date_format_fr(measured[i].date, day);
			buf_printf(out, "<circle cx=\"%d\" cy=\"%d\" r=\"4\" fill=\"%s\"><title>",
			           IX(date_to_days(measured[i].date)), IY(measured[i].value), ACCENT);
			html_printf(out, "%s %s%s", _("Mesure du"), day, colon());
			value_unit(out, measured[i].value, unit);
			html_printf(out, "</title></circle>\n");
		}
		html_printf(out, "</g>\n");
	}
#undef IX
#undef IY
	html_printf(out, "</svg>\n");
	free(path);
	free(measured);
}
