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

#include "util/arena.h"
#include "util/buf.h"
#include "util/date.h"
#include "web/http.h"

void html_printf(buf *out, const char *fmt, ...);
void html_escape(buf *out, const char *s);

/* The page frame: doctype, head, skip link, header with the language switch, main.
 * `title` is the page's own title (the h1 is the handler's). */
void html_page_begin(web_request *rq, web_response *rs, const char *title);
void html_page_end(web_request *rq, web_response *rs);
/* The hidden CSRF field every POST form carries. */
void html_csrf_field(web_request *rq, buf *out);

/* `s` as a URL path component: everything but unreserved characters percent-encoded
 * (what `%u` writes, unescaped), for an address built before it is written. */
const char *html_url_component(arena *a, const char *s);

/* A date on screen, JJ/MM/AAAA: "" when unset (a form's value, a title's part), or "—"
 * (a table's cell, a record's field). */
const char *html_date_text(arena *a, jalon_date d);
const char *html_date_shown(arena *a, jalon_date d);

/* What a redirect after a POST says it did (…?notice=KEY): a page's table of keys and
 * their messages, marked N_() and translated when found. */
typedef struct {
	const char *key, *message;
} html_notice_entry;
/* The translated message of `key` in `table`; NULL when key is NULL or not there. */
const char *html_notice_find(const html_notice_entry *table, size_t n, const char *key);
/* <p class="notice" role="status"> with `message`; nothing when it is NULL. */
void html_notice(buf *out, const char *message);

#endif
