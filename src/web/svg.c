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
			html_printf(out, "fill=\"%s\" stroke=\"%s\"><title>%d, %s\u00a0: %s</title></rect>\n",
			            series[s].fill, series[s].stroke, years[i].year, series[s].name, amount);
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

void svg_gantt_render(buf *out, const char *id, const svg_gantt *g, bool standalone)
{
	const svg_gantt_row *rows = g->rows;
	size_t row_count = g->row_count;
	const svg_gantt_mark *marks = g->marks;
	size_t mark_count = g->mark_count;
	jalon_date today = g->today;
	enum { W = 1000, LABEL_W = 330, RIGHT = 16, TOP = 44, ROW_H = 22, BOTTOM = 12 };
	const int plot_w = W - LABEL_W - RIGHT;

	bool other_row = false;
	size_t late = 0;
	jalon_date first = DATE_NONE, last = DATE_NONE;
	for (size_t i = 0; i < row_count; i++) {
		if (!date_is_set(first) || date_compare(rows[i].start, first) < 0)
			first = rows[i].start;
		if (!date_is_set(last) || date_compare(rows[i].end, last) > 0)
			last = rows[i].end;
	}
	for (size_t i = 0; i < mark_count; i++) {
		other_row |= marks[i].row >= row_count;
		late += marks[i].late;
		if (!date_is_set(first) || date_compare(marks[i].date, first) < 0)
			first = marks[i].date;
		if (!date_is_set(last) || date_compare(marks[i].date, last) > 0)
			last = marks[i].date;
	}
	size_t lines = row_count + (other_row ? 1 : 0);
	int height = TOP + (int)(lines ? lines : 1) * ROW_H + BOTTOM;

	char from[11] = "", to[11] = "";
	date_format_fr(first, from);
	date_format_fr(last, to);
	buf desc = {0};
	if (!date_is_set(first))
		html_printf(&desc, "%s", _("Aucun élément daté ni jalon."));
	else
		html_printf(&desc, _("Éléments datés : %zu, du %s au %s. Jalons : %zu, dont %zu en retard."),
		            row_count, from, to, mark_count, late);
	svg_begin(out, id, W, height, standalone, _("Feuille de route"), desc.data);
	buf_free(&desc);
	if (!date_is_set(first)) {
		buf_printf(out, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">", W / 2, TOP);
		html_printf(out, "%s</text>\n</svg>\n", _("Aucun élément daté ni jalon."));
		return;
	}

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

	/* Labels and bars. */
	for (size_t i = 0; i < row_count; i++) {
		const svg_gantt_row *r = &rows[i];
		int y = TOP + (int)i * ROW_H;
		char cut[200];
		buf_printf(out, "<text x=\"%d\" y=\"%d\">", 6 + (int)(r->depth > 6 ? 6 : r->depth) * 10,
		           y + 15);
		html_printf(out, "<tspan font-weight=\"bold\">%s</tspan> %s</text>\n", r->code,
		            text_cut(cut, sizeof(cut), r->title, 30));
		char start[11], end[11];
		date_format_fr(r->start, start);
		date_format_fr(r->end, end);
		int x0 = X(date_to_days(r->start)), x1 = X(date_to_days(r->end) + 1);
		if (x1 - x0 < 2)
			x1 = x0 + 2;
		html_printf(out, "<g class=\"gantt-bar\"><title>%s %s\u00a0: %s – %s</title>", r->code, r->title,
		            start, end);
		buf_printf(out, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" rx=\"2\" fill=\"%s\"/></g>\n",
		           x0, y + 5, x1 - x0, ROW_H - 10, r->depth == 0 ? ACCENT : ACCENT_LIGHT);
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

	for (size_t i = 0; i < mark_count; i++) {
		const svg_gantt_mark *m = &marks[i];
		int cx = X(date_to_days(m->date));
		int cy = TOP + (int)(m->row < row_count ? m->row : row_count) * ROW_H + ROW_H / 2;
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
	buf_puts(out, "</svg>\n");
}
