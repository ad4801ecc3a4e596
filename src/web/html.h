/*
 * html.h — writing HTML that is escaped by default.
 *
 * html_printf() works like printf for a small set of conversions, and escapes every
 * string it inserts: `%s` escapes for text and attribute values (& < > " '), `%u`
 * percent-encodes for a URL component then escapes. Raw output is the named
 * exception: `%r` inserts trusted markup as is (only for strings this program
 * built). Also `%d`, `%zu`, `%lld` and `%%`.
 */
#ifndef JALON_HTML_H
#define JALON_HTML_H

#include "util/buf.h"
#include "web/http.h"

void html_printf(buf *out, const char *fmt, ...);
void html_escape(buf *out, const char *s);

/* The page frame: doctype, head, skip link, header with the language switch, main.
 * `title` is the page's own title (the h1 is the handler's). */
void html_page_begin(web_request *rq, web_response *rs, const char *title);
void html_page_end(web_request *rq, web_response *rs);
/* The hidden CSRF field every POST form carries. */
void html_csrf_field(web_request *rq, buf *out);

#endif
