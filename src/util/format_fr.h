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
/* A journal's UTC time stamp ("2026-11-22T09:30:00Z") as a French reader reads it, in
 * local time: "22/11/2026 10:30"; the text as is when it is not such a stamp, "—" for
 * NULL. */
const char *format_fr_stamp(arena *a, const char *utc);

#endif
