/*
 * markdown.h — the minutes of a meeting (compte rendu) are Markdown typed by users:
 * rendered to HTML by cmark (CommonMark) in safe mode, so that what they type can
 * never run in another user's browser.
 *
 * Safe means: raw HTML (blocks and inline) is dropped; a link or image keeps its
 * address only when it is http:, https:, mailto: or relative (no scheme), any other
 * scheme (javascript:, data:, vbscript:, file:…) leaves its text alone, not a link;
 * an image is shown as a link to it (a page works on a closed network and never
 * fetches what someone typed).
 */
#ifndef JALON_MARKDOWN_H
#define JALON_MARKDOWN_H

#include <stdbool.h>
#include <stddef.h>

#include "util/buf.h"

/* Append the HTML of text[0..len) to out; invalid UTF-8 is replaced by U+FFFD. */
void markdown_render_html(buf *out, const char *text, size_t len);

/* True when a link address may be kept (the rule above). */
bool markdown_url_safe(const char *url);

#endif
