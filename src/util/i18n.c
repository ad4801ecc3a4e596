/*
 * i18n.c — binds the gettext domain and chooses the interface language.
 *
 * jalon speaks French (the msgids) or English (po/en.po). The language is chosen
 * once at start-up, by the first rule that applies:
 *
 *   1. JALON_LANG, if set and not empty: "en" gives English and "fr" French, alone or
 *      followed by a region or codeset ("en_GB", "fr-FR", "en_US.UTF-8"); any other
 *      value gives French, the source language, silently.
 *   2. LANGUAGE, a colon-separated list as in GNU gettext ("de:en"): its first entry
 *      in English or French wins; entries in other languages are skipped. Unlike GNU
 *      gettext, jalon honours LANGUAGE even when the locale is C or POSIX.
 *   3. The first of LC_ALL, LC_MESSAGES, LANG that is set and not empty, read for
 *      its language ("en_GB.UTF-8" gives English). C, POSIX and other languages
 *      give French.
 *   4. Otherwise French.
 *
 * This makes English work on a minimal system where no English locale is
 * installed (only C and C.UTF-8). GNU gettext ignores LANGUAGE when the
 * LC_MESSAGES category is "C" or "POSIX", so for English i18n_set_language() moves
 * that category alone to C.UTF-8 (glibc does not treat C.UTF-8 as C for this
 * purpose) or, failing that, to an installed English locale, then sets LANGUAGE to
 * "en" and flushes gettext's cache with textdomain(). For French it sets LANGUAGE
 * to "fr", for which no catalogue exists, so the msgids are printed even under an
 * English locale. Translations are always delivered in UTF-8.
 *
 * Catalogues are looked up in $JALON_LOCALEDIR when set (tests point it at
 * <build>/po), else in the installed locale directory, else — for a binary run
 * from the build tree before installation — in <build>/po.
 */
#include "util/i18n.h"

#include <locale.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"

#define DOMAIN "jalon"

static const char *current_language = "fr";

/* "en", "fr" or NULL: the language of a tag or locale name such as "en",
 * "en_GB.UTF-8", "fr-FR" or "en@euro", ignoring case. */
static const char *known_language(const char *s, size_t len)
{
	if (len < 2)
		return NULL;
	if (len > 2 && !strchr("_-.@", s[2]))
		return NULL;
	char l[3] = {(char)(s[0] | 0x20), (char)(s[1] | 0x20), '\0'};
	if (strcmp(l, "en") == 0)
		return "en";
	if (strcmp(l, "fr") == 0)
		return "fr";
	return NULL;
}

/* Rules 2 to 4 of the comment above. */
static const char *language_from_environment(void)
{
	const char *list = getenv("LANGUAGE");
	if (list) {
		for (const char *p = list; *p;) {
			size_t n = strcspn(p, ":");
			const char *l = known_language(p, n);
			if (l)
				return l;
			p += n;
			if (*p == ':')
				p++;
		}
	}
	static const char *const vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
	for (size_t i = 0; i < sizeof(vars) / sizeof(vars[0]); i++) {
		const char *v = getenv(vars[i]);
		if (v && *v) {
			const char *l = known_language(v, strlen(v));
			return l ? l : "fr";
		}
	}
	return "fr";
}

/* gettext translates nothing while LC_MESSAGES is "C" or "POSIX", whatever
 * LANGUAGE says: move that category (only) to a locale that lets LANGUAGE work. */
static bool messages_locale_allows_translation(void)
{
	const char *cur = setlocale(LC_MESSAGES, NULL);
	if (cur && strcmp(cur, "C") != 0 && strcmp(cur, "POSIX") != 0)
		return true;
	static const char *const candidates[] = {"C.UTF-8", "C.utf8", "en_US.UTF-8",
	                                         "en_GB.UTF-8", "en_US.utf8", "en_GB.utf8"};
	for (size_t i = 0; i < sizeof(candidates) / sizeof(candidates[0]); i++)
		if (setlocale(LC_MESSAGES, candidates[i]))
			return true;
	return false;
}

bool i18n_set_language(const char *lang)
{
	const char *l = lang ? known_language(lang, strlen(lang)) : NULL;
	if (!l)
		return false;
	bool ok = true;
	if (strcmp(l, "en") == 0) {
		ok = messages_locale_allows_translation() && setenv("LANGUAGE", "en", 1) == 0;
		textdomain(DOMAIN); /* flushes gettext's cache of translations */
		/* The header entry, the translation of "", is empty when no catalogue was
		 * found: then French is all we can offer. */
		ok = ok && *gettext("") != '\0';
		if (!ok)
			l = "fr";
	}
	if (strcmp(l, "fr") == 0) {
		setenv("LANGUAGE", "fr", 1);
		textdomain(DOMAIN);
	}
	current_language = l;
	return ok;
}

const char *i18n_language(void)
{
	return current_language;
}

static bool has_catalogue(const char *dir)
{
	char path[4096];
	int n = snprintf(path, sizeof(path), "%s/en/LC_MESSAGES/" DOMAIN ".mo", dir);
	return n > 0 && (size_t)n < sizeof(path) && access(path, R_OK) == 0;
}

static const char *catalogue_dir(void)
{
	const char *dir = getenv("JALON_LOCALEDIR");
	if (dir && *dir)
		return dir;
	if (!has_catalogue(JALON_LOCALEDIR) && has_catalogue(JALON_BUILD_LOCALEDIR))
		return JALON_BUILD_LOCALEDIR;
	return JALON_LOCALEDIR;
}

void i18n_init(void)
{
	setlocale(LC_ALL, "");
	bindtextdomain(DOMAIN, catalogue_dir());
	bind_textdomain_codeset(DOMAIN, "UTF-8");
	textdomain(DOMAIN);

	const char *forced = getenv("JALON_LANG");
	const char *lang = forced && *forced ? forced : language_from_environment();
	if (!i18n_set_language(lang))
		i18n_set_language("fr");
}

const char *i18n_count(const char *singular, const char *plural, unsigned long n)
{
	if (strcmp(i18n_language(), "fr") == 0)
		return ngettext(singular, plural, n > 1 ? 2 : 1);
	return ngettext(singular, plural, n);
}
