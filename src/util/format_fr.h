/*
 * format_fr.h — numbers as French screens and reports write them, returned as arena
 * strings for direct use in output: "1 234 567,89 €" and "42,5 %" (no-break space
 * before the sign, decimal comma).
 */
#ifndef JALON_FORMAT_FR_H
#define JALON_FORMAT_FR_H

#include <stdbool.h>
#include <stdint.h>

#include "util/arena.h"

/* money_format_fr() into the arena. */
const char *format_fr_money(arena *a, int64_t cents);
/* One decimal, optional explicit sign ("+3,3 %"); "—" when has is false. */
const char *format_fr_percent(arena *a, bool has, double pct, bool with_sign);

#endif
