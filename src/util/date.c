/*
 * date.c — calendar dates: parsing (AAAA-MM-JJ and JJ/MM/AAAA), calendar checks,
 * conversion to and from a day count since 1970-01-01, comparison and formatting.
 */
#include "util/date.h"

#include <stddef.h>

#include "util/i18n.h"

#define DATE_YEAR_MIN 1000
#define DATE_YEAR_MAX 9999

/* Days from 0000-03-01 (proleptic Gregorian) to 1970-01-01. */
#define DAYS_0000_03_01_TO_EPOCH 719468
/* A 400-year Gregorian cycle always holds the same number of days. */
#define DAYS_PER_ERA 146097

bool date_is_leap_year(int year)
{
	return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int date_days_in_month(int year, int month)
{
	static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (month < 1 || month > 12)
		return 0;
	if (month == 2 && date_is_leap_year(year))
		return 29;
	return days[month - 1];
}

bool date_valid(jalon_date d)
{
	if (d.year < DATE_YEAR_MIN || d.year > DATE_YEAR_MAX)
		return false;
	if (d.month < 1 || d.month > 12)
		return false;
	return d.day >= 1 && d.day <= date_days_in_month(d.year, d.month);
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Reads between min and max digits at *p; returns the count read (0 when fewer than
 * min digits are there, or when a digit follows the max-th one). */
static int read_digits(const char **p, int min, int max, int *value)
{
	const char *q = *p;
	int n = 0, v = 0;
	while (n < max && is_digit(q[n])) {
		v = v * 10 + (q[n] - '0');
		n++;
	}
	if (n < min || is_digit(q[n]))
		return 0;
	*p = q + n;
	*value = v;
	return n;
}

bool date_parse(const char *s, jalon_date *out, const char **why)
{
	const char *dummy;
	if (!why)
		why = &dummy;
	if (!s)
		s = "";
	while (is_space(*s))
		s++;
	if (*s == '\0') {
		*why = _("date vide (formats acceptés : AAAA-MM-JJ ou JJ/MM/AAAA)");
		return false;
	}

	int year = 0, month = 0, day = 0;
	const char *p = s;
	bool ok;
	if (read_digits(&p, 4, 4, &year) && *p == '-') {
		/* AAAA-MM-JJ: exactly two digits for month and day. */
		p++;
		ok = read_digits(&p, 2, 2, &month) && *p == '-';
		if (ok) {
			p++;
			ok = read_digits(&p, 2, 2, &day);
		}
	} else {
		/* JJ/MM/AAAA: one or two digits for day and month. */
		p = s;
		ok = read_digits(&p, 1, 2, &day) && *p == '/';
		if (ok) {
			p++;
			ok = read_digits(&p, 1, 2, &month) && *p == '/';
		}
		if (ok) {
			p++;
			ok = read_digits(&p, 4, 4, &year);
		}
	}
	if (ok) {
		while (is_space(*p))
			p++;
		ok = *p == '\0';
	}
	if (!ok) {
		*why = _("format de date non reconnu (formats acceptés : AAAA-MM-JJ ou JJ/MM/AAAA)");
		return false;
	}
	if (year < DATE_YEAR_MIN || year > DATE_YEAR_MAX) {
		*why = _("année hors limites (attendu : entre 1000 et 9999)");
		return false;
	}
	if (month < 1 || month > 12) {
		*why = _("mois invalide (attendu : de 1 à 12)");
		return false;
	}
	if (day < 1 || day > date_days_in_month(year, month)) {
		*why = _("ce jour n'existe pas dans ce mois");
		return false;
	}
	if (out)
		*out = (jalon_date){year, month, day};
	return true;
}

/*
 * Day counting. The year is shifted to start on 1 March, so the leap day is the last
 * day of the shifted year and the month lengths from March to January repeat the
 * pattern 31,30,31,30,31: the day of the year of the first of shifted month m
 * (0 = March) is (153 * m + 2) / 5. Years are then grouped in 400-year eras of
 * 146097 days; inside an era, the year of a day is found by removing the leap days
 * of each 4-year, 100-year and 400-year cycle before dividing by 365.
 */

static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;
	if ((a % b != 0) && ((a < 0) != (b < 0)))
		q--;
	return q;
}

int64_t date_to_days(jalon_date d)
{
	if (!date_is_set(d) || d.month < 1 || d.month > 12)
		return 0;
	int64_t y = (int64_t)d.year - (d.month <= 2);
	int64_t era = floor_div(y, 400);
	int64_t yoe = y - era * 400;                      /* [0, 399] */
	int64_t mp = (d.month + 9) % 12;                  /* March = 0 … February = 11 */
	int64_t doy = (153 * mp + 2) / 5 + d.day - 1;     /* [0, 365] */
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy; /* [0, 146096] */
	return era * DAYS_PER_ERA + doe - DAYS_0000_03_01_TO_EPOCH;
}

jalon_date date_from_days(int64_t days)
{
	/* Keep the year within an int (about ±5 million years is far more than enough). */
	const int64_t limit = (int64_t)DAYS_PER_ERA * 10000;
	if (days > limit || days < -limit)
		return DATE_NONE;
	int64_t z = days + DAYS_0000_03_01_TO_EPOCH;
	int64_t era = floor_div(z, DAYS_PER_ERA);
	int64_t doe = z - era * DAYS_PER_ERA;             /* [0, 146096] */
	/* Remove one day per 4 years, add back one per 100 years, remove the last day of
	 * the era, so that doe maps onto a 365-day-per-year count. */
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365; /* [0, 399] */
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100); /* [0, 365] */
	int64_t mp = (5 * doy + 2) / 153;                 /* [0, 11] */
	int64_t day = doy - (153 * mp + 2) / 5 + 1;       /* [1, 31] */
	int64_t month = mp < 10 ? mp + 3 : mp - 9;        /* [1, 12] */
	int64_t year = yoe + era * 400 + (month <= 2);
	if (year == 0)
		return DATE_NONE; /* year 0 would read as "no date" */
	return (jalon_date){(int)year, (int)month, (int)day};
}

int date_compare(jalon_date a, jalon_date b)
{
	bool sa = date_is_set(a), sb = date_is_set(b);
	if (!sa || !sb)
		return (int)sa - (int)sb;
	if (a.year != b.year)
		return a.year < b.year ? -1 : 1;
	if (a.month != b.month)
		return a.month < b.month ? -1 : 1;
	if (a.day != b.day)
		return a.day < b.day ? -1 : 1;
	return 0;
}

static bool formattable(jalon_date d)
{
	return date_is_set(d) && d.year >= 1 && d.year <= 9999 && d.month >= 1 &&
	       d.month <= 12 && d.day >= 1 && d.day <= 31;
}

static void put2(char *p, int v)
{
	p[0] = (char)('0' + v / 10);
	p[1] = (char)('0' + v % 10);
}

static void put4(char *p, int v)
{
	put2(p, v / 100);
	put2(p + 2, v % 100);
}

void date_format_iso(jalon_date d, char out[11])
{
	if (!formattable(d)) {
		out[0] = '\0';
		return;
	}
	put4(out, d.year);
	out[4] = '-';
	put2(out + 5, d.month);
	out[7] = '-';
	put2(out + 8, d.day);
	out[10] = '\0';
}

void date_format_fr(jalon_date d, char out[11])
{
	if (!formattable(d)) {
		out[0] = '\0';
		return;
	}
	put2(out, d.day);
	out[2] = '/';
	put2(out + 3, d.month);
	out[5] = '/';
	put4(out + 6, d.year);
	out[10] = '\0';
}
