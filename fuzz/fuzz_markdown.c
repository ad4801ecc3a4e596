/*
 * fuzz_markdown.c — libFuzzer target for the minutes' Markdown renderer
 * (web/markdown.c).
 *
 * Invariants: whatever the input, the HTML holds only the tags CommonMark produces
 * (no script, img, iframe, style, raw HTML of any kind), no attribute but href and
 * title (and class on code blocks), and every href passes markdown_url_safe (no
 * javascript:, data:…). Built as a libFuzzer binary with -Dfuzzing=true, or linked
 * with replay.c to replay fuzz/corpus/markdown in the test suite.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "fuzz_harness.h"
#include "util/buf.h"
#include "web/markdown.h"


static bool tag_allowed(const char *name, size_t n)
{
	static const char *const tags[] = {
		"p", "em", "strong", "a", "code", "pre", "blockquote", "ul", "ol", "li", "h1", "h2",
		"h3", "h4", "h5", "h6", "hr", "br", "hr /", "br /",
	};
	for (size_t i = 0; i < sizeof(tags) / sizeof(tags[0]); i++)
		if (strlen(tags[i]) == n && strncmp(tags[i], name, n) == 0)
			return true;
	return false;
}

/* Check one tag starting at s (just after '<'); returns where it ends. */
static const char *check_tag(const char *s)
{
	static const char omitted[] = "!-- raw HTML omitted -->";
	if (strncmp(s, omitted, sizeof(omitted) - 1) == 0)
		return s + sizeof(omitted) - 1;
	if (*s == '/')
		s++;
	size_t n = strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789");
	CHECK(tag_allowed(s, n));
	s += n;
	const char *end = strchr(s, '>');
	CHECK(end);
	/* Attributes: name="value" pairs, values without a raw quote inside. */
	while (s < end) {
		while (*s == ' ')
			s++;
		if (s >= end || *s == '/')
			break;
		size_t an = strcspn(s, "=> ");
		CHECK(s[an] == '=' && s[an + 1] == '"');
		bool href = an == 4 && strncmp(s, "href", 4) == 0;
		CHECK(href || (an == 5 && strncmp(s, "title", 5) == 0) ||
		      (an == 5 && strncmp(s, "class", 5) == 0) || (an == 5 && strncmp(s, "start", 5) == 0));
		const char *value = s + an + 2;
		const char *close = strchr(value, '"');
		CHECK(close);
		if (href) {
			char *url = strndup(value, (size_t)(close - value));
			CHECK(url && markdown_url_safe(url));
			free(url);
		}
		s = close + 1;
		end = strchr(s, '>');
		CHECK(end);
	}
	return end + 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	buf out = {0};
	markdown_render_html(&out, (const char *)data, size);
	buf_putc(&out, '\0');
	CHECK(strlen(out.data) == out.len - 1);
	for (const char *s = out.data; (s = strchr(s, '<')) != NULL;)
		s = check_tag(s + 1);
	buf_free(&out);
	return 0;
}
