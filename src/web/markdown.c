/*
 * markdown.c — Markdown to safe HTML with cmark (markdown.h).
 *
 * cmark's CMARK_OPT_SAFE already drops raw HTML and the dangerous schemes, but lets
 * data:image/… through; we walk the tree first, keep as plain text every link whose
 * address is not plainly safe, turn images into links, then render with
 * CMARK_OPT_SAFE as a second guard.
 */
#include "web/markdown.h"

#include <cmark.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

bool markdown_url_safe(const char *url)
{
	if (!url || !*url)
		return true;
	/* A scheme is letters, digits, + - . before the first ':' that comes before any
	 * '/', '?' or '#'; without one the address is relative. */
	size_t n = strcspn(url, ":/?#");
	if (url[n] != ':')
		return true;
	static const char *const allowed[] = {"http", "https", "mailto"};
	for (size_t i = 0; i < sizeof(allowed) / sizeof(allowed[0]); i++)
		if (n == strlen(allowed[i]) && strncasecmp(url, allowed[i], n) == 0)
			return true;
	return false;
}

/* Put node's children in its place and drop it: a link whose address is refused
 * stays as its text. */
static void unwrap(cmark_node *node)
{
	cmark_node *child;
	while ((child = cmark_node_first_child(node)) != NULL)
		cmark_node_insert_before(node, child);
	cmark_node_free(node);
}

/* Replace an image by a link to it, with its alternative text as the link's text. */
static void image_to_link(cmark_node *image)
{
	cmark_node *link = cmark_node_new(CMARK_NODE_LINK);
	const char *url = cmark_node_get_url(image);
	cmark_node_set_url(link, url ? url : "");
	const char *title = cmark_node_get_title(image);
	if (title && *title)
		cmark_node_set_title(link, title);
	cmark_node *child;
	while ((child = cmark_node_first_child(image)) != NULL)
		cmark_node_append_child(link, child);
	if (!cmark_node_first_child(link)) {
		cmark_node *text = cmark_node_new(CMARK_NODE_TEXT);
		cmark_node_set_literal(text, url ? url : "");
		cmark_node_append_child(link, text);
	}
	cmark_node_replace(image, link);
	cmark_node_free(image);
}

typedef struct {
	cmark_node *node;
	bool safe;
} found_link;

/* Unwrap links and images whose address is refused, and turn the others' images into
 * links. The nodes are collected first and changed after the walk (the iterator must
 * not see its tree change), innermost first: in reverse document order a node nested
 * in another comes before it. */
static void sanitize(cmark_node *doc)
{
	found_link *found = NULL;
	size_t n = 0, cap = 0;
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *node = cmark_iter_get_node(it);
		cmark_node_type type = cmark_node_get_type(node);
		if (ev != CMARK_EVENT_ENTER || (type != CMARK_NODE_LINK && type != CMARK_NODE_IMAGE))
			continue;
		bool safe = markdown_url_safe(cmark_node_get_url(node));
		if (safe && type == CMARK_NODE_LINK)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 8;
			found_link *grown = realloc(found, cap * sizeof(*found));
			if (!grown)
				abort();
			found = grown;
		}
		found[n++] = (found_link){node, safe};
	}
	cmark_iter_free(it);
	for (size_t i = n; i-- > 0;) {
		if (found[i].safe)
			image_to_link(found[i].node);
		else
			unwrap(found[i].node);
	}
	free(found);
}

void markdown_render_html(buf *out, const char *text, size_t len)
{
	int options = CMARK_OPT_SAFE | CMARK_OPT_VALIDATE_UTF8;
	cmark_node *doc = cmark_parse_document(text ? text : "", text ? len : 0, options);
	if (!doc)
		return;
	sanitize(doc);
	char *html = cmark_render_html(doc, options);
	if (html) {
		buf_puts(out, html);
		free(html);
	}
	cmark_node_free(doc);
}
