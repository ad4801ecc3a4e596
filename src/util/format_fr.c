/*
 * format_fr.c — French number formats for output (see format_fr.h).
 */
#include "util/format_fr.h"

#include "util/money.h"

const char *format_fr_money(arena *a, int64_t cents)
{
	char *s = arena_alloc(a, MONEY_FORMAT_MAX);
	money_format_fr(cents, s);
	return s;
}

const char *format_fr_percent(arena *a, bool has, double pct, bool with_sign)
{
	if (!has)
		return "—";
	char *s = arena_printf(a, with_sign ? "%+.1f\u00a0%%" : "%.1f\u00a0%%", pct);
	for (char *c = s; *c; c++)
		if (*c == '.')
			*c = ',';
	return s;
}
