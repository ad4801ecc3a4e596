/*
 * i18n.h — user-visible text goes through gettext. French is the source language:
 * msgids are French, translations (po/en.po) give English.
 *
 * main() calls i18n_init() once: it binds the "jalon" domain and picks the language
 * from the environment (JALON_LANG first; the rule is described at the top of
 * i18n.c). After that, the language can be switched at any time with
 * i18n_set_language(), which is what a caller serving several users needs, e.g. the
 * web server choosing a language per request:
 *
 *     if (!i18n_set_language(requested))   // "en", "fr", "en-GB", "fr_FR.UTF-8"…
 *         i18n_set_language("fr");         // unknown: keep the source language
 *     ... render the response with _() ...
 *
 * The switch is process-wide (it sets the LANGUAGE environment variable and, if
 * needed, the LC_MESSAGES locale category, then flushes gettext's cache): it is
 * cheap, but not thread-safe. A multi-threaded server must switch and render under
 * one lock, or give each worker its own process.
 */
#ifndef JALON_I18N_H
#define JALON_I18N_H

#include <libintl.h>
#include <stdbool.h>

#define _(s) gettext(s)
#define N_(s) (s)

/* Bind the "jalon" text domain and select the language from the environment;
 * call once from main(), before any output. */
void i18n_init(void);

/* Switch the language of every later _() / ngettext() call. Accepts a language
 * tag or locale name whose language is "fr" or "en" ("en", "EN", "en_GB.UTF-8",
 * "fr-FR"…). Returns false, changing nothing, for any other language, and false
 * (French selected) when English is asked for but its catalogue cannot be
 * loaded. */
bool i18n_set_language(const char *lang);

/* The language in effect: "fr" or "en". */
const char *i18n_language(void);

/* ngettext() with the plural rule of the language in use. French (the source
 * language, shown without a catalogue) puts 0 and 1 in the singular, where
 * gettext's fallback rule would say "0 plans"; English comes from its catalogue. */
const char *i18n_count(const char *singular, const char *plural, unsigned long n);

#endif
