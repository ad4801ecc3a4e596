/*
 * i18n.c — binds the gettext domain. The installed locale directory is used unless
 * JALON_LOCALEDIR points elsewhere (tests run from the build tree).
 */
#include "util/i18n.h"

#include <locale.h>
#include <stdlib.h>

#include "config.h"

void i18n_init(void)
{
	setlocale(LC_ALL, "");
	const char *dir = getenv("JALON_LOCALEDIR");
	bindtextdomain("jalon", dir && *dir ? dir : JALON_LOCALEDIR);
	bind_textdomain_codeset("jalon", "UTF-8");
	textdomain("jalon");
}
