/*
 * test_svg.c — unit tests for the charts drawn on the server (web/svg.c).
 *
 * Every chart rendered here goes through xml_check(), a strict checker written for
 * these tests (no XML library is linked in): UTF-8 only, one root element, tags
 * balanced and properly nested, attribute values quoted and free of '<', no attribute
 * twice on an element, '&' only in the five predefined entities or character
 * references, no DOCTYPE or processing instruction except the XML declaration at the
 * very start; then, for the charts' own rules, no id twice, every url(#…) naming an
 * id of the chart, and no style attribute (the pages' CSP forbids inline styles).
 *
 * The data are small and made by hand; counts are read from the class attributes the
 * renderers give (gantt-bar, gantt-baseline, dependency, violated, risk-cell,
 * bubble), and titles are read back unescaped. gettext has no catalogue bound here,
 * so the text is the French msgids.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>

#include <cmocka.h>

#include "core/plan.h"
#include "core/steering.h"
#include "util/buf.h"
#include "util/date.h"
#include "web/svg.h"

/* ---- a strict well-formedness checker --------------------------------------------- */

enum { MAX_DEPTH = 64, MAX_NAME = 64, MAX_ATTRS = 32, MAX_IDS = 256 };

typedef struct {
	const char *s, *p;
	char why[256];
	char stack[MAX_DEPTH][MAX_NAME];
	int depth;
	char ids[MAX_IDS][MAX_NAME];
	int id_count;
} xml_state;

static bool xml_fail(xml_state *x, const char *what)
{
	snprintf(x->why, sizeof(x->why), "%s at offset %td: %.60s", what, x->p - x->s, x->p);
	return false;
}

static bool utf8_valid(const unsigned char *s)
{
	while (*s) {
		int n = *s < 0x80 ? 0 : (*s & 0xE0) == 0xC0 ? 1 : (*s & 0xF0) == 0xE0 ? 2
		      : (*s & 0xF8) == 0xF0 ? 3 : -1;
		if (n < 0 || (n == 1 && *s < 0xC2))
			return false;
		if (n == 0 && *s < 0x20 && *s != '\t' && *s != '\n' && *s != '\r')
			return false; /* control characters are not XML */
		s++;
		for (int i = 0; i < n; i++, s++)
			if ((*s & 0xC0) != 0x80)
				return false;
	}
	return true;
}

static bool name_start(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
}

static bool name_char(char c)
{
	return name_start(c) || (c >= '0' && c <= '9') || c == '-' || c == '.';
}

static bool space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Reads a name into out; false when there is none or it is too long. */
static bool read_name(xml_state *x, char out[MAX_NAME])
{
	if (!name_start(*x->p))
		return xml_fail(x, "a name expected");
	size_t n = 0;
	while (name_char(*x->p)) {
		if (n + 1 >= MAX_NAME)
			return xml_fail(x, "name too long");
		out[n++] = *x->p++;
	}
	out[n] = '\0';
	return true;
}

/* An entity or character reference at x->p ('&'); moves past it. */
static bool read_reference(xml_state *x)
{
	static const char *const named[] = {"&amp;", "&lt;", "&gt;", "&quot;", "&apos;"};
	for (size_t i = 0; i < 5; i++)
		if (strncmp(x->p, named[i], strlen(named[i])) == 0) {
			x->p += strlen(named[i]);
			return true;
		}
	const char *q = x->p + 1;
	if (*q++ != '#')
		return xml_fail(x, "an unknown entity");
	bool hex = *q == 'x';
	q += hex;
	const char *digits = q;
	while ((*q >= '0' && *q <= '9') || (hex && ((*q >= 'a' && *q <= 'f') || (*q >= 'A' && *q <= 'F'))))
		q++;
	if (q == digits || *q != ';')
		return xml_fail(x, "a bad character reference");
	x->p = q + 1;
	return true;
}

static bool read_tag(xml_state *x)
{
	char name[MAX_NAME], attrs[MAX_ATTRS][MAX_NAME];
	int attr_count = 0;
	x->p++; /* '<' */
	if (!read_name(x, name))
		return false;
	for (;;) {
		bool sep = space(*x->p);
		while (space(*x->p))
			x->p++;
		if (*x->p == '>' || (x->p[0] == '/' && x->p[1] == '>'))
			break;
		if (!sep)
			return xml_fail(x, "attributes must be separated by white space");
		char attr[MAX_NAME];
		if (!read_name(x, attr))
			return false;
		for (int i = 0; i < attr_count; i++)
			if (strcmp(attrs[i], attr) == 0)
				return xml_fail(x, "an attribute twice");
		if (attr_count == MAX_ATTRS)
			return xml_fail(x, "too many attributes");
		strcpy(attrs[attr_count++], attr);
		if (strcmp(attr, "style") == 0)
			return xml_fail(x, "a style attribute (the CSP forbids it)");
		while (space(*x->p))
			x->p++;
		if (*x->p++ != '=')
			return xml_fail(x, "'=' expected");
		while (space(*x->p))
			x->p++;
		char quote = *x->p++;
		if (quote != '"' && quote != '\'')
			return xml_fail(x, "a quoted value expected");
		const char *value = x->p;
		while (*x->p != quote) {
			if (!*x->p)
				return xml_fail(x, "an unterminated attribute value");
			if (*x->p == '<')
				return xml_fail(x, "'<' in an attribute value");
			if (*x->p == '&') {
				if (!read_reference(x))
					return false;
			} else {
				x->p++;
			}
		}
		if (strcmp(attr, "id") == 0) {
			size_t len = (size_t)(x->p - value);
			if (len == 0 || len >= MAX_NAME || x->id_count == MAX_IDS)
				return xml_fail(x, "an empty, long or extra id");
			char id[MAX_NAME];
			memcpy(id, value, len);
			id[len] = '\0';
			for (int i = 0; i < x->id_count; i++)
				if (strcmp(x->ids[i], id) == 0)
					return xml_fail(x, "an id twice");
			strcpy(x->ids[x->id_count++], id);
		}
		x->p++; /* the closing quote */
	}
	if (*x->p == '/') {
		x->p += 2;
		return true;
	}
	x->p++;
	if (x->depth == MAX_DEPTH)
		return xml_fail(x, "too deep");
	strcpy(x->stack[x->depth++], name);
	return true;
}

static bool read_end_tag(xml_state *x)
{
	char name[MAX_NAME];
	x->p += 2; /* "</" */
	if (!read_name(x, name))
		return false;
	while (space(*x->p))
		x->p++;
	if (*x->p != '>')
		return xml_fail(x, "'>' expected");
	if (x->depth == 0 || strcmp(x->stack[x->depth - 1], name) != 0)
		return xml_fail(x, "an end tag that does not match");
	x->depth--;
	x->p++;
	return true;
}

/* Checks s; on failure x->why says where and what. */
static bool xml_check_state(xml_state *x, const char *s)
{
	memset(x, 0, sizeof(*x));
	x->s = x->p = s;
	if (!utf8_valid((const unsigned char *)s))
		return xml_fail(x, "invalid UTF-8 or a control character");
	if (strncmp(x->p, "<?xml ", 6) == 0) {
		const char *end = strstr(x->p, "?>");
		if (!end)
			return xml_fail(x, "an unterminated XML declaration");
		x->p = end + 2;
	}
	bool root_seen = false;
	while (*x->p) {
		if (strncmp(x->p, "<!--", 4) == 0) {
			const char *end = strstr(x->p + 4, "-->");
			if (!end)
				return xml_fail(x, "an unterminated comment");
			x->p = end + 3;
		} else if (x->p[0] == '<' && (x->p[1] == '?' || x->p[1] == '!')) {
			return xml_fail(x, "a processing instruction, DOCTYPE or CDATA");
		} else if (x->p[0] == '<' && x->p[1] == '/') {
			if (!read_end_tag(x))
				return false;
		} else if (*x->p == '<') {
			if (x->depth == 0 && root_seen)
				return xml_fail(x, "a second root element");
			root_seen = true;
			if (!read_tag(x))
				return false;
		} else if (*x->p == '&') {
			if (x->depth == 0)
				return xml_fail(x, "a reference outside the root");
			if (!read_reference(x))
				return false;
		} else {
			if (x->depth == 0 && !space(*x->p))
				return xml_fail(x, "text outside the root");
			x->p++;
		}
	}
	if (!root_seen)
		return xml_fail(x, "no root element");
	if (x->depth)
		return xml_fail(x, "unclosed elements at the end");
	/* Every url(#…) names an id of the chart. */
	for (const char *u = strstr(s, "url(#"); u; u = strstr(u + 1, "url(#")) {
		const char *end = strchr(u, ')');
		bool found = false;
		for (int i = 0; end && i < x->id_count; i++)
			found |= strlen(x->ids[i]) == (size_t)(end - u - 5) &&
			         strncmp(x->ids[i], u + 5, (size_t)(end - u - 5)) == 0;
		if (!found) {
			x->p = u;
			return xml_fail(x, "url(#…) naming no id");
		}
	}
	return true;
}

static void assert_well_formed(const char *s)
{
	xml_state *x = malloc(sizeof(*x));
	assert_non_null(x);
	bool ok = xml_check_state(x, s);
	if (!ok)
		print_error("not well-formed: %s\n", x->why);
	free(x);
	assert_true(ok);
}

/* The checker itself refuses what a strict parser refuses. */
static void test_checker(void **state)
{
	(void)state;
	static const char *const good[] = {
		"<svg><g a=\"1\" b='2'/><title>a &amp; b &lt; &#233; &#xE9;</title></svg>",
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg>\n<!-- c -->x</svg>\n",
		"<svg><defs><marker id=\"m\"/></defs><path marker-end=\"url(#m)\"/></svg>",
	};
	static const char *const bad[] = {
		"<svg><g></svg>", "<svg></g>", "<svg><g></svg></g>", "<svg/><svg/>",
		"<svg a=\"1\" a=\"2\"/>", "<svg a=1/>", "<svg a=\"<\"/>", "<svg>a & b</svg>",
		"<svg>&nbsp;</svg>", "<svg a=\"1\"b=\"2\"/>", "<svg style=\"x\"/>",
		"<svg><g id=\"a\"/><g id=\"a\"/></svg>", "<svg fill=\"url(#nowhere)\"/>", "text",
		"<svg>\xff</svg>", "<svg><!DOCTYPE x></svg>", "<svg>",
	};
	xml_state *x = malloc(sizeof(*x));
	assert_non_null(x);
	for (size_t i = 0; i < sizeof(good) / sizeof(*good); i++)
		if (!xml_check_state(x, good[i]))
			fail_msg("refused %s: %s", good[i], x->why);
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++)
		if (xml_check_state(x, bad[i]))
			fail_msg("accepted %s", bad[i]);
	free(x);
}

/* ---- reading the charts back --------------------------------------------------------- */

static size_t count(const char *s, const char *needle)
{
	size_t n = 0;
	for (const char *p = strstr(s, needle); p; p = strstr(p + 1, needle))
		n++;
	return n;
}

/* The unescaped text between from and to (the five entities only: that is what
 * html_escape writes). */
static char *unescape(const char *from, const char *to)
{
	char *out = malloc((size_t)(to - from) + 1), *o = out;
	assert_non_null(out);
	static const char *const ent[][2] = {{"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"},
	                                     {"&quot;", "\""}, {"&#39;", "'"}, {"&apos;", "'"}};
	while (from < to) {
		size_t i = 0;
		for (; i < sizeof(ent) / sizeof(*ent); i++)
			if (strncmp(from, ent[i][0], strlen(ent[i][0])) == 0)
				break;
		if (i < sizeof(ent) / sizeof(*ent)) {
			*o++ = ent[i][1][0];
			from += strlen(ent[i][0]);
		} else {
			*o++ = *from++;
		}
	}
	*o = '\0';
	return out;
}

/* The titles of the groups whose class attribute is exactly `cls`, unescaped and
 * joined with "|" in document order (the caller frees). */
static char *titles_of(const char *svg, const char *cls)
{
	char needle[128];
	snprintf(needle, sizeof(needle), "<g class=\"%s\"><title>", cls);
	buf all = {0};
	buf_puts(&all, "");
	for (const char *p = strstr(svg, needle); p; p = strstr(p + 1, needle)) {
		const char *from = p + strlen(needle), *to = strstr(from, "</title>");
		assert_non_null(to);
		char *t = unescape(from, to);
		if (all.len)
			buf_putc(&all, '|');
		buf_puts(&all, t);
		free(t);
	}
	return all.data;
}

/* The chart's own <title> and <desc>, unescaped. */
static char *element_text(const char *svg, const char *tag_open, const char *tag_close)
{
	const char *from = strstr(svg, tag_open);
	assert_non_null(from);
	from = strchr(from, '>') + 1;
	const char *to = strstr(from, tag_close);
	assert_non_null(to);
	return unescape(from, to);
}

static void assert_contains(const char *haystack, const char *needle)
{
	if (!strstr(haystack, needle))
		fail_msg("\"%s\" not found in:\n%s", needle, haystack);
}

/* The opening of the document: the XML declaration when standalone, else <svg. */
static void assert_prologue_w(const char *svg, bool standalone, int width)
{
	const char *decl = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg ";
	if (standalone)
		assert_int_equal(strncmp(svg, decl, strlen(decl)), 0);
	else
		assert_int_equal(strncmp(svg, "<svg ", 5), 0);
	assert_contains(svg, "role=\"img\"");
	char view[32];
	snprintf(view, sizeof(view), "viewBox=\"0 0 %d ", width);
	assert_contains(svg, view);
}

/* The new charts are 1000 wide, A4 landscape at print (the budget chart is narrower). */
static void assert_prologue(const char *svg, bool standalone)
{
	assert_prologue_w(svg, standalone, 1000);
}

/* ---- the roadmap ----------------------------------------------------------------------- */

static const svg_gantt_row rows[] = {
	{"A", "Axe <A> & \"guillemets\"", {2025, 1, 1}, {2026, 12, 31}, 0, {0, 0, 0}, {0, 0, 0}},
	{"A.1", "Projet", {2025, 3, 1}, {2025, 9, 30}, 1, {2025, 1, 1}, {2026, 6, 30}},
	/* The baseline ends in 2027, after every current date: the axis must reach it. */
	{"A.2", "Action", {2026, 1, 15}, {2026, 6, 30}, 1, {2026, 2, 1}, {2027, 3, 31}},
	/* Half a baseline is no baseline. */
	{"B", "Sans référentiel complet", {2025, 6, 1}, {2025, 8, 31}, 0, {2025, 1, 1}, {0, 0, 0}},
};

static const svg_gantt_mark marks[] = {
	{1, "Lancement", {2025, 4, 2}, "atteint", false},
	{2, "Recette & \"test\"", {2026, 5, 15}, NULL, true},
	{4, "Jalon sans dates", {2026, 2, 1}, NULL, false},
};

static void test_gantt_full(void **state)
{
	(void)state;
	const svg_gantt_link links[] = {
		{1, 2, {2025, 9, 30}, {2026, 1, 15}, "A.1 → A.2", false},
		/* Backwards in time, across rows: violated, drawn round. */
		{2, 1, {2026, 6, 30}, {2025, 3, 1}, "A.2 → A.1 <&\">", true},
		/* To the "other" row, without a detail: named by the rows' codes. */
		{0, 4, {2026, 12, 31}, {2026, 2, 1}, NULL, true},
		/* Out of range, or undated: skipped. */
		{1, 9, {2025, 9, 30}, {2026, 1, 15}, "hors limites", false},
		{9, 1, {2025, 9, 30}, {2026, 1, 15}, "hors limites", true},
		{0, 1, {0, 0, 0}, {2025, 3, 1}, "non datée", false},
	};
	buf out = {0};
	svg_gantt_render(&out, "roadmap", &(svg_gantt){rows, 4, marks, 3, links, 6, {2026, 1, 1}}, true);
	const char *s = out.data;
	assert_well_formed(s);
	assert_prologue(s, true);

	assert_int_equal(count(s, "class=\"gantt-bar\""), 4);
	assert_int_equal(count(s, "class=\"gantt-baseline\""), 2);
	assert_int_equal(count(s, "class=\"gantt-milestone"), 3);
	assert_int_equal(count(s, "class=\"gantt-milestone gantt-late\""), 1);
	assert_int_equal(count(s, "class=\"dependency"), 3);
	assert_int_equal(count(s, "class=\"dependency\""), 1);
	assert_int_equal(count(s, "class=\"dependency violated\""), 2);
	/* Two classes, two arrows and the legend's pointing at the marker, the marker's id. */
	assert_int_equal(count(s, "violated"), 2 + 2 + 1 + 1);
	assert_int_equal(count(s, "hors limites"), 0);
	assert_int_equal(count(s, "non datée"), 0);

	/* Every dependency is a path with an arrowhead defined in the chart. */
	assert_contains(s, "<marker id=\"roadmap-arrow\"");
	assert_contains(s, "<marker id=\"roadmap-arrow-violated\"");
	assert_int_equal(count(s, "marker-end=\"url(#roadmap-arrow)\""), 1 + 1); /* + legend */
	assert_int_equal(count(s, "marker-end=\"url(#roadmap-arrow-violated)\""), 2 + 1);
	assert_int_equal(count(s, "stroke-dasharray=\"4 3\""), 2 + 1);

	char *t = titles_of(s, "dependency");
	assert_string_equal(t, "A.1 → A.2");
	free(t);
	t = titles_of(s, "dependency violated");
	assert_string_equal(t, "A.2 → A.1 <&\"> (non respectée)|A → Autres jalons (non respectée)");
	free(t);
	/* The escaping itself: < & " never raw in the text. */
	assert_contains(s, "A.2 → A.1 &lt;&amp;&quot;&gt; (non respectée)");
	assert_contains(s, "Axe &lt;A&gt; &amp; &quot;guillemets&quot;");

	t = titles_of(s, "gantt-baseline");
	assert_string_equal(t, "A.1 — Référentiel : 01/01/2025 – 30/06/2026|"
	                       "A.2 — Référentiel : 01/02/2026 – 31/03/2027");
	free(t);
	t = titles_of(s, "gantt-bar");
	assert_contains(t, "A Axe <A> & \"guillemets\"\u00a0: 01/01/2025 – 31/12/2026");
	free(t);

	/* The axis reaches the baseline's 2027. */
	assert_contains(s, "font-weight=\"bold\">2027</text>");
	assert_int_equal(count(s, "class=\"gantt-year\""), 3);

	/* The legend explains the baseline and both kinds of arrows. */
	assert_int_equal(count(s, "class=\"legend\""), 1);
	assert_contains(s, ">Référentiel</text>");
	assert_contains(s, ">Dépendance</text>");
	assert_contains(s, ">Dépendance non respectée</text>");

	char *desc = element_text(s, "<desc", "</desc>");
	assert_string_equal(desc, "Éléments datés : 4, du 01/01/2025 au 31/03/2027. Jalons : 3, dont 1 "
	                          "en retard. Éléments avec leurs dates de référence : 2. "
	                          "Dépendances : 3, dont non respectées : 2.");
	free(desc);
	char *title = element_text(s, "<title id=\"roadmap-title\"", "</title>");
	assert_string_equal(title, "Feuille de route");
	free(title);
	buf_free(&out);
}

/* Without baselines nor links: no legend, no arrowheads, the bars where they were. */
static void test_gantt_plain(void **state)
{
	(void)state;
	const svg_gantt_row plain[] = {
		{"A", "Axe", {2025, 1, 1}, {2025, 12, 31}, 0, {0, 0, 0}, {0, 0, 0}},
	};
	buf out = {0};
	svg_gantt_render(&out, "g", &(svg_gantt){.rows = plain, .row_count = 1}, false);
	const char *s = out.data;
	assert_well_formed(s);
	assert_prologue(s, false);
	assert_int_equal(count(s, "class=\"gantt-bar\""), 1);
	assert_int_equal(count(s, "gantt-baseline"), 0);
	assert_int_equal(count(s, "dependency"), 0);
	assert_int_equal(count(s, "<marker"), 0);
	assert_int_equal(count(s, "class=\"legend\""), 0);
	assert_contains(s, "<rect x=\"330\" y=\"49\" ");  /* TOP 44 + 5 */
	assert_contains(s, "viewBox=\"0 0 1000 78\"");   /* 44 + 22 + 12 */
	char *desc = element_text(s, "<desc", "</desc>");
	assert_string_equal(desc, "Éléments datés : 1, du 01/01/2025 au 31/12/2025. Jalons : 0, dont 0 "
	                          "en retard.");
	free(desc);
	buf_free(&out);
}

static void test_gantt_empty(void **state)
{
	(void)state;
	/* Links with no rows to stand on are skipped, whatever their dates. */
	const svg_gantt_link links[] = {{0, 0, {2025, 1, 1}, {2025, 2, 1}, "x", true}};
	buf out = {0};
	svg_gantt_render(&out, "vide", &(svg_gantt){.links = links, .link_count = 1}, true);
	const char *s = out.data;
	assert_well_formed(s);
	assert_prologue(s, true);
	assert_contains(s, ">Aucun élément daté ni jalon.</text>");
	assert_int_equal(count(s, "dependency"), 0);
	assert_int_equal(count(s, "gantt-bar"), 0);
	buf_free(&out);
}

/* ---- the risk matrix ---------------------------------------------------------------------- */

static void test_risk_matrix(void **state)
{
	(void)state;
	plan_element p2 = {.code = "P2"}, p5 = {.code = "P5 <&>"};
	const element_risk risks[] = {
		{.element = &p2, .description = "Retard du marché", .probability = 3, .impact = 4},
		{.element = &p5, .description = "Fournisseur <X> & \"Y\"", .probability = 3, .impact = 4,
		 .status = RISK_TREATED},
		{.element = &p2, .description = "Faible", .probability = 1, .impact = 1},
		{.element = NULL, .description = "Sans élément", .probability = 2, .impact = 2},
		{.element = &p2, .description = "Clos", .probability = 4, .impact = 4, .status = RISK_CLOSED},
		{.element = &p2, .description = "Non évalué", .probability = 0, .impact = 3},
		{.element = &p2, .description = "Hors échelle", .probability = 4, .impact = 5},
	};
	const element_risk *list[7];
	for (size_t i = 0; i < 7; i++)
		list[i] = &risks[i];
	buf out = {0};
	svg_risk_matrix_render(&out, "risques", list, 7, false);
	const char *s = out.data;
	assert_well_formed(s);
	assert_prologue(s, false);

	/* Three cells hold risks, the thirteen others are empty; 16 in all. */
	assert_int_equal(count(s, "class=\"risk-cell\""), 3);
	assert_int_equal(count(s, "class=\"risk-empty\""), 13);
	assert_int_equal(count(s, "Clos"), 0);
	assert_int_equal(count(s, "Non évalué"), 0);
	assert_int_equal(count(s, "Hors échelle"), 0);

	char *t = titles_of(s, "risk-cell");
	/* Drawn from probability 4 (top) down, impact 1 to 4 across. */
	assert_string_equal(t, "Probabilité 3, impact 4 — criticité 12, critique — risques : 2\n"
	                       "P2 — Retard du marché (criticité 12)\n"
	                       "P5 <&> — Fournisseur <X> & \"Y\" (criticité 12)|"
	                       "Probabilité 2, impact 2 — criticité 4, modérée — risques : 1\n"
	                       "Sans élément (criticité 4)|"
	                       "Probabilité 1, impact 1 — criticité 1, faible — risques : 1\n"
	                       "P2 — Faible (criticité 1)");
	free(t);
	assert_contains(s, "P5 &lt;&amp;&gt; — Fournisseur &lt;X&gt; &amp; &quot;Y&quot;");
	t = titles_of(s, "risk-empty");
	assert_contains(t, "Probabilité 4, impact 4 — criticité 16, critique — risques : 0");
	assert_contains(t, "Probabilité 3, impact 3 — criticité 9, élevée — risques : 0");
	free(t);

	/* The count in large text, white on the critical (dark) cell; the band in words. */
	assert_contains(s, "font-size=\"36\" font-weight=\"bold\" fill=\"#ffffff\">2</text>");
	assert_int_equal(count(s, "font-size=\"36\""), 3);
	assert_int_equal(count(s, ">critique</text>"), 3); /* 3×4, 4×3, 4×4 */
	assert_int_equal(count(s, ">faible</text>"), 5);   /* 1×1, 1×2, 2×1, 1×3, 3×1 */
	assert_contains(s, ">Impact</text>");
	assert_contains(s, ">Probabilité</text>");

	char *desc = element_text(s, "<desc", "</desc>");
	assert_string_equal(desc, "Risques ouverts évalués : 4 — critiques : 2, élevés : 0, "
	                          "modérés : 1, faibles : 1. Probabilité de 1 à 4 en lignes, impact de "
	                          "1 à 4 en colonnes.");
	free(desc);
	buf_free(&out);
}

static void test_risk_matrix_empty(void **state)
{
	(void)state;
	const element_risk closed = {.description = "Clos", .probability = 2, .impact = 2,
	                             .status = RISK_CLOSED};
	const element_risk *list[] = {&closed};
	for (size_t n = 0; n <= 1; n++) {
		buf out = {0};
		svg_risk_matrix_render(&out, "r", n ? list : NULL, n, true);
		const char *s = out.data;
		assert_well_formed(s);
		assert_prologue(s, true);
		assert_int_equal(count(s, "class=\"risk-cell\""), 0);
		assert_int_equal(count(s, "class=\"risk-empty\""), 16);
		assert_contains(s, ">Aucun risque ouvert évalué.</text>");
		char *desc = element_text(s, "<desc", "</desc>");
		assert_string_equal(desc, "Aucun risque ouvert évalué.");
		free(desc);
		buf_free(&out);
	}
}

/* ---- the prioritisation matrix -------------------------------------------------------------- */

/* The circle of the bubble whose <title> starts with `code `: cx, cy and r. */
static void bubble_circle(const char *svg, const char *code, int *cx, int *cy, int *r)
{
	char needle[64];
	snprintf(needle, sizeof(needle), "<g class=\"bubble\"><title>%s ", code);
	const char *p = strstr(svg, needle);
	assert_non_null(p);
	p = strstr(p, "<circle ");
	assert_non_null(p);
	assert_int_equal(sscanf(p, "<circle cx=\"%d\" cy=\"%d\" r=\"%d\"", cx, cy, r), 3);
}

static void test_priority(void **state)
{
	(void)state;
	const svg_bubble bubbles[] = {
		{"P2", "Petit", 3, 2, 0, WEATHER_SUNNY},
		{"P1", "Portail", 3, 2, 120000000, WEATHER_STORMY},
		{"P3", "Quart", 1, 4, 30000000, WEATHER_CLOUDY},
		{"P4", "Titre <b> & \"c\"", 2.5, 1, 5000, WEATHER_UNSET},
		{"P5", "Pas de score", NAN, 2, 5000, WEATHER_SUNNY},
		{"P6", "Même place que P1", 3, 2, 100, WEATHER_CLOUDY},
	};
	buf out = {0};
	svg_priority_render(&out, "prio", bubbles, 6, "valeur ajoutée", "complexité technique", false);
	const char *s = out.data;
	assert_well_formed(s);
	assert_prologue(s, false);
	assert_int_equal(count(s, "class=\"bubble\""), 5);
	assert_int_equal(count(s, "Pas de score"), 0);

	/* The title in words: criteria and scores, budget in full, weather. */
	char *t = titles_of(s, "bubble");
	assert_contains(t, "P1 Portail — valeur ajoutée 3, complexité technique 2, budget prévu "
	                   "1\u202f200\u202f000\u00a0€, météo : orage");
	assert_contains(t, "P4 Titre <b> & \"c\" — valeur ajoutée 2,5, complexité technique 1, budget "
	                   "prévu 50\u00a0€, météo : non renseigné");
	assert_contains(t, "P3 Quart — valeur ajoutée 1, complexité technique 4, budget prévu "
	                   "300\u202f000\u00a0€, météo : nuage");
	/* Larger bubbles first: P1 (1,2 M€), P3, P4, P6, then P2 (0 €). */
	const char *order[] = {"P1 ", "P3 ", "P4 ", "P6 ", "P2 "};
	const char *at = t;
	for (size_t i = 0; i < 5; i++) {
		const char *next = strstr(at, order[i]);
		if (!next)
			fail_msg("%s not in order in %s", order[i], t);
		at = next;
	}
	free(t);
	assert_contains(s, "Titre &lt;b&gt; &amp; &quot;c&quot;");

	/* Area proportional to the budget: a quarter of the budget, half the radius; 0 € and
	 * tiny budgets get the smallest radius. */
	int cx1, cy1, r1, cx2, cy2, r2, cx3, cy3, r3, cx6, cy6, r6, cx4, cy4, r4;
	bubble_circle(s, "P1", &cx1, &cy1, &r1);
	bubble_circle(s, "P2", &cx2, &cy2, &r2);
	bubble_circle(s, "P3", &cx3, &cy3, &r3);
	bubble_circle(s, "P4", &cx4, &cy4, &r4);
	bubble_circle(s, "P6", &cx6, &cy6, &r6);
	assert_int_equal(r1, 40);
	assert_int_equal(r3, 20);
	assert_int_equal(r2, 6);
	assert_int_equal(r4, 6);
	assert_int_equal(r6, 6);
	/* Scores to pixels: 0.5..4.5 over 520 pixels from x 110 and y 24 (y upwards). */
	assert_int_equal(cx3, 110 + 65);
	assert_int_equal(cy3, 24 + 65);
	assert_int_equal(cx4, 110 + 260);
	assert_int_equal(cy4, 24 + 520 - 65);
	/* Three bubbles on (3, 2): P2 where the scores say, then P1 and P6 stepped aside,
	 * each in its own place. */
	assert_int_equal(cx2, 110 + 325);
	assert_int_equal(cy2, 24 + 520 - 195);
	assert_true(cx1 != cx2 || cy1 != cy2);
	assert_true(cx6 != cx2 || cy6 != cy2);
	assert_true(cx6 != cx1 || cy6 != cy1);

	/* Fill by weather, with patterns defined in the chart; the legend says the words. */
	assert_contains(s, "<pattern id=\"prio-cloudy\"");
	assert_contains(s, "<pattern id=\"prio-stormy\"");
	for (size_t i = 0; i < 4; i++) {
		static const char *const words[] = {">soleil</text>", ">nuage</text>", ">orage</text>",
		                                    ">non renseigné</text>"};
		assert_contains(s, words[i]);
	}
	assert_contains(s, ">1,2\u00a0M€</text>"); /* the size legend: the largest budget… */
	assert_contains(s, ">300\u00a0k€</text>"); /* …and a quarter of it */
	assert_contains(s, ">valeur ajoutée</text>");
	assert_contains(s, ">complexité technique</text>");
	/* The quadrant lines at 2.5. */
	assert_int_equal(count(s, "stroke-dasharray=\"6 4\""), 2);

	char *desc = element_text(s, "<desc", "</desc>");
	assert_string_equal(desc, "Éléments placés : 5, selon valeur ajoutée (horizontal) et complexité "
	                          "technique (vertical), l'aire des bulles suivant le budget prévu. "
	                          "Quadrants, seuil 2,5 — en haut à droite : 0, en haut à gauche : 1, "
	                          "en bas à droite : 4, en bas à gauche : 0. Météo — soleil\u00a0: 1, "
	                          "nuage\u00a0: 2, orage\u00a0: 1, non renseigné\u00a0: 1.");
	free(desc);
	buf_free(&out);
}

static void test_priority_empty(void **state)
{
	(void)state;
	buf out = {0};
	svg_priority_render(&out, "p", NULL, 0, "x <&>", NULL, true);
	const char *s = out.data;
	assert_well_formed(s);
	assert_prologue(s, true);
	assert_int_equal(count(s, "class=\"bubble\""), 0);
	assert_contains(s, ">Aucun élément évalué.</text>");
	assert_contains(s, ">x &lt;&amp;&gt;</text>");
	buf_free(&out);

	/* Budgets all zero: every bubble the smallest, no division by zero. */
	const svg_bubble zero[] = {{"Z1", "Zéro", 1, 1, 0, WEATHER_SUNNY}, {"Z2", "Zéro", 4, 4, 0, WEATHER_STORMY}};
	buf out2 = {0};
	svg_priority_render(&out2, "p", zero, 2, "x", "y", false);
	assert_well_formed(out2.data);
	assert_int_equal(count(out2.data, "class=\"bubble\""), 2);
	assert_int_equal(count(out2.data, "r=\"6\""), 2);
	assert_contains(out2.data, "Aucun budget prévu : bulles de même taille.");
	buf_free(&out2);
}

/* ---- the budget chart and the short amounts ----------------------------------------------- */

static void test_budget_and_amounts(void **state)
{
	(void)state;
	const budget_sum years[] = {{.year = 2025, .planned_cents = 12000000, .committed_cents = 8000000},
	                            {.year = 2026, .planned_cents = 3000000}};
	buf out = {0};
	svg_budget_render(&out, "budget", years, 2, true);
	assert_well_formed(out.data);
	assert_prologue_w(out.data, true, 760);
	assert_int_equal(count(out.data, "class=\"budget-bar\""), 6);
	buf_reset(&out);
	svg_budget_render(&out, "budget", NULL, 0, false);
	assert_well_formed(out.data);
	assert_contains(out.data, ">Aucune ligne budgétaire.</text>");
	buf_free(&out);

	char a[32];
	svg_amount_short(120000000, a);
	assert_string_equal(a, "1,2\u00a0M€");
	svg_amount_short(35000000, a);
	assert_string_equal(a, "350\u00a0k€");
	svg_amount_short(9000, a);
	assert_string_equal(a, "90\u00a0€");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_checker),
		cmocka_unit_test(test_gantt_full),
		cmocka_unit_test(test_gantt_plain),
		cmocka_unit_test(test_gantt_empty),
		cmocka_unit_test(test_risk_matrix),
		cmocka_unit_test(test_risk_matrix_empty),
		cmocka_unit_test(test_priority),
		cmocka_unit_test(test_priority_empty),
		cmocka_unit_test(test_budget_and_amounts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
