/*
 * html.c — HTML output escaped by default, and the frame every page shares.
 */
#include "web/html.h"

#include "web/auth.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "util/i18n.h"

void html_escape(buf *out, const char *s)
{
	if (!s)
		return;
	const char *run = s;
	for (; *s; s++) {
		const char *entity = NULL;
		switch (*s) {
		case '&': entity = "&amp;"; break;
		case '<': entity = "&lt;"; break;
		case '>': entity = "&gt;"; break;
		case '"': entity = "&quot;"; break;
		case '\'': entity = "&#39;"; break;
		default: continue;
		}
		buf_append(out, run, (size_t)(s - run));
		buf_puts(out, entity);
		run = s + 1;
	}
	buf_append(out, run, (size_t)(s - run));
}

/* Percent-encode everything but unreserved characters (RFC 3986). */
static void url_component(buf *out, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '.' || c == '_' || c == '~') {
			buf_putc(out, (char)c);
		} else {
			char e[3] = {'%', hex[c >> 4], hex[c & 15]};
			buf_append(out, e, 3);
		}
	}
}

void html_printf(buf *out, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	const char *run = fmt;
	for (const char *p = fmt; *p; p++) {
		if (*p != '%')
			continue;
		buf_append(out, run, (size_t)(p - run));
		p++;
		char number[32];
		if (*p == 's') {
			html_escape(out, va_arg(ap, const char *));
		} else if (*p == 'r') {
			const char *raw = va_arg(ap, const char *);
			if (raw)
				buf_puts(out, raw);
		} else if (*p == 'u') {
			buf b = {0};
			url_component(&b, va_arg(ap, const char *));
			html_escape(out, b.data ? b.data : "");
			buf_free(&b);
		} else if (*p == 'd') {
			snprintf(number, sizeof(number), "%d", va_arg(ap, int));
			buf_puts(out, number);
		} else if (p[0] == 'z' && p[1] == 'u') {
			snprintf(number, sizeof(number), "%zu", va_arg(ap, size_t));
			buf_puts(out, number);
			p++;
		} else if (p[0] == 'l' && p[1] == 'l' && p[2] == 'd') {
			snprintf(number, sizeof(number), "%lld", va_arg(ap, long long));
			buf_puts(out, number);
			p += 2;
		} else if (*p == '%') {
			buf_putc(out, '%');
		} else {
			/* A conversion this writer does not know is a programming error. */
			buf_puts(out, "[?]");
			if (!*p)
				break;
		}
		run = p + 1;
	}
	buf_append(out, run, strlen(run));
	va_end(ap);
}

void html_csrf_field(web_request *rq, buf *out)
{
	html_printf(out, "<input type=\"hidden\" name=\"csrf\" value=\"%s\">\n", rq->csrf_token);
}

void html_page_begin(web_request *rq, web_response *rs, const char *title)
{
	buf *b = &rs->body;
	bool fr = strcmp(rq->lang, "fr") == 0;
	html_printf(b,
		"<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
		"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		"<title>%s – jalon</title>\n"
		"<link rel=\"stylesheet\" href=\"/static/jalon.css\">\n"
		"<script src=\"/static/jalon.js\" defer></script>\n</head>\n<body>\n"
		"<a class=\"skip\" href=\"#contenu\">%s</a>\n"
		"<header class=\"site\">\n<a class=\"brand\" href=\"/\">jalon</a>\n"
		"<nav aria-label=\"%s\"><ul>\n<li><a href=\"/\">%s</a></li>\n</ul></nav>\n"
		"<p class=\"lang\">",
		rq->lang, title, _("Aller au contenu"), _("Navigation principale"), _("Accueil"));
	/* The language switch keeps the page: same path, lang set. */
	if (fr)
		html_printf(b, "<a href=\"%s?lang=en\" lang=\"en\" hreflang=\"en\">English</a>", rq->path);
	else
		html_printf(b, "<a href=\"%s?lang=fr\" lang=\"fr\" hreflang=\"fr\">Français</a>", rq->path);
	html_printf(b, "</p>\n");
	web_auth_nav(rq, b);
	html_printf(b, "</header>\n<main id=\"contenu\" tabindex=\"-1\">\n");
}

void html_page_end(web_request *rq, web_response *rs)
{
	html_printf(&rs->body, "</main>\n<footer class=\"site\"><p>jalon – %s</p></footer>\n"
	                       "</body>\n</html>\n",
	            _("pilotage du schéma directeur du numérique"));
}

const char *html_notice_find(const html_notice_entry *table, size_t n, const char *key)
{
	for (size_t i = 0; key && i < n; i++)
		if (strcmp(key, table[i].key) == 0)
			return _(table[i].message);
	return NULL;
}

void html_notice(buf *out, const char *message)
{
	if (message)
		html_printf(out, "<p class=\"notice\" role=\"status\">%s</p>\n", message);
}

const char *html_date_text(arena *a, jalon_date d)
{
	char *s = arena_alloc(a, 11);
	date_format_fr(d, s);
	return s;
}

const char *html_date_shown(arena *a, jalon_date d)
{
	const char *s = html_date_text(a, d);
	return *s ? s : "—";
}

const char *html_url_component(arena *a, const char *s)
{
	buf b = {0};
	url_component(&b, s);
	const char *out = arena_strndup(a, b.data ? b.data : "", b.len);
	buf_free(&b);
	return out;
}
