/*
 * format_fr.c — French number and time-stamp formats for output (see format_fr.h).
 */
#include "util/format_fr.h"

#include <stdio.h>
#include <time.h>

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

const char *format_fr_stamp(arena *a, const char *utc)
{
	struct tm tm = {0};
	if (!utc || sscanf(utc, "%4d-%2d-%2dT%2d:%2d:%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
	                   &tm.tm_hour, &tm.tm_min, &tm.tm_sec) != 6)
		return utc ? utc : "—";
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	time_t t = timegm(&tm);
	struct tm local;
	localtime_r(&t, &local);
	return arena_printf(a, "%02d/%02d/%04d %02d:%02d", local.tm_mday, local.tm_mon + 1,
	                    local.tm_year + 1900, local.tm_hour, local.tm_min);
}
