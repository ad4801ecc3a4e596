/*
 * i18n.h — user-visible text goes through gettext. French is the source language:
 * msgids are French, translations (po/en.po) give English.
 */
#ifndef JALON_I18N_H
#define JALON_I18N_H

#include <libintl.h>

#define _(s) gettext(s)
#define N_(s) (s)

/* Bind the "jalon" text domain; call once from main(). */
void i18n_init(void);

#endif
