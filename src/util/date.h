/*
 * date.h — calendar dates. ISO `YYYY-MM-DD` inside and in the database,
 * `JJ/MM/AAAA` on screen; both are accepted on input.
 */
#ifndef JALON_DATE_H
#define JALON_DATE_H

#include <stdbool.h>
#include <stdint.h>

typedef struct {
	int year; /* 0 = no date */
	int month;
	int day;
} jalon_date;

#define DATE_NONE ((jalon_date){0, 0, 0})

static inline bool date_is_set(jalon_date d) { return d.year != 0; }

/* Accepts AAAA-MM-JJ and JJ/MM/AAAA (day and month may have one digit), years
 * 1000..9999, with calendar checks (30 February is refused, leap years honoured).
 * Surrounding spaces are allowed. On failure sets *why to a static French message. */
bool date_parse(const char *s, jalon_date *out, const char **why);
bool date_valid(jalon_date d);
bool date_is_leap_year(int year);
int date_days_in_month(int year, int month);
/* Days since 1970-01-01 (negative before); for durations and comparisons.
 * An unset date gives 0: check date_is_set() first. */
int64_t date_to_days(jalon_date d);
jalon_date date_from_days(int64_t days);
int date_compare(jalon_date a, jalon_date b); /* <0, 0, >0; unset dates sort first */
void date_format_iso(jalon_date d, char out[11]); /* "" when unset */
void date_format_fr(jalon_date d, char out[11]);  /* "22/11/2026", "" when unset */

#endif
