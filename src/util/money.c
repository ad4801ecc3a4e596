/*
 * money.c — exact parsing and formatting of euro amounts held as int64_t cents.
 * No floating point: digits are accumulated into an unsigned 64-bit integer with
 * overflow checks, and formatting works on the unsigned magnitude.
 */
#include "util/money.h"

#include <stddef.h>
#include <string.h>

#include "util/i18n.h"

/* U+20AC EURO SIGN, U+2212 MINUS SIGN, and the spaces accepted between groups. */
#define EURO_SIGN "\xe2\x82\xac"
#define MINUS_SIGN "\xe2\x88\x92"
#define NBSP "\xc2\xa0"
#define NNBSP "\xe2\x80\xaf"
#define THIN_SPACE "\xe2\x80\x89"

enum sep_kind { SEP_NONE, SEP_SPACE, SEP_DOT, SEP_COMMA };

/* Length of the space character at p (within [p, e)), or 0. */
static size_t space_len(const char *p, const char *e)
{
	size_t n = (size_t)(e - p);
	if (n >= 1 && (*p == ' ' || *p == '\t'))
		return 1;
	if (n >= 2 && memcmp(p, NBSP, 2) == 0)
		return 2;
	if (n >= 3 && (memcmp(p, NNBSP, 3) == 0 || memcmp(p, THIN_SPACE, 3) == 0))
		return 3;
	return 0;
}

/* Space character ending at e (within [b, e)): its length, or 0. */
static size_t space_len_before(const char *b, const char *e)
{
	size_t n = (size_t)(e - b);
	if (n >= 1 && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' || e[-1] == '\n'))
		return 1;
	if (n >= 2 && memcmp(e - 2, NBSP, 2) == 0)
		return 2;
	if (n >= 3 && (memcmp(e - 3, NNBSP, 3) == 0 || memcmp(e - 3, THIN_SPACE, 3) == 0))
		return 3;
	return 0;
}

static size_t lead_space_len(const char *p, const char *e)
{
	if (p < e && (*p == '\r' || *p == '\n'))
		return 1;
	return space_len(p, e);
}

static bool ascii_ieq(char a, char b)
{
	if (a >= 'a' && a <= 'z')
		a = (char)(a - 'a' + 'A');
	if (b >= 'a' && b <= 'z')
		b = (char)(b - 'a' + 'A');
	return a == b;
}

/* Length of a currency marker ("€" or "EUR" in any case) at p, or 0. */
static size_t currency_len(const char *p, const char *e)
{
	size_t n = (size_t)(e - p);
	if (n >= 3 && memcmp(p, EURO_SIGN, 3) == 0)
		return 3;
	if (n >= 3 && ascii_ieq(p[0], 'E') && ascii_ieq(p[1], 'U') && ascii_ieq(p[2], 'R')) {
		/* Not the start of a longer word ("euros" is not accepted). */
		if (n > 3 && ((p[3] >= 'a' && p[3] <= 'z') || (p[3] >= 'A' && p[3] <= 'Z')))
			return 0;
		return 3;
	}
	return 0;
}

static size_t currency_len_before(const char *b, const char *e)
{
	if (e - b >= 3)
		return currency_len(e - 3, e);
	return 0;
}

static size_t minus_len(const char *p, const char *e)
{
	size_t n = (size_t)(e - p);
	if (n >= 1 && *p == '-')
		return 1;
	if (n >= 3 && memcmp(p, MINUS_SIGN, 3) == 0)
		return 3;
	return 0;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Classifies the character at p inside the number: a digit (returns 1 and kind
 * SEP_NONE), a separator (its length and kind), or 0 for anything else. */
static size_t classify(const char *p, const char *e, enum sep_kind *kind)
{
	*kind = SEP_NONE;
	if (is_digit(*p))
		return 1;
	if (*p == '.') {
		*kind = SEP_DOT;
		return 1;
	}
	if (*p == ',') {
		*kind = SEP_COMMA;
		return 1;
	}
	size_t n = space_len(p, e);
	if (n && *p != '\t') {
		*kind = SEP_SPACE;
		return n;
	}
	return 0;
}

static bool fail(const char **why, const char *msg)
{
	*why = msg;
	return false;
}

bool money_parse(const char *s, int64_t *cents, const char **why)
{
	const char *dummy;
	if (!why)
		why = &dummy;
	if (!s)
		s = "";
	const char *p = s, *e = s + strlen(s);
	size_t n;

	/* Surrounding spaces. */
	while (p < e && (n = lead_space_len(p, e)) > 0)
		p += n;
	while (e > p && (n = space_len_before(p, e)) > 0)
		e -= n;
	if (p == e)
		return fail(why, _("montant vide"));

	/* Sign and currency before the number, in either order. */
	bool negative = false, currency = false;
	for (;;) {
		if ((n = minus_len(p, e)) > 0) {
			if (negative)
				return fail(why, _("signe moins en double"));
			negative = true;
		} else if ((n = currency_len(p, e)) > 0) {
			if (currency)
				return fail(why, _("devise indiquée deux fois (« € » ou « EUR », une seule fois)"));
			currency = true;
		} else if ((n = space_len(p, e)) == 0) {
			break;
		}
		p += n;
	}
	/* Currency after the number. */
	if ((n = currency_len_before(p, e)) > 0) {
		if (currency)
			return fail(why, _("devise indiquée deux fois (« € » ou « EUR », une seule fois)"));
		currency = true;
		e -= n;
		while (e > p && (n = space_len_before(p, e)) > 0)
			e -= n;
	}

	/* First pass over the number: only digits and separators (checked over the
	 * whole number first, so a stray letter is reported as such), every separator
	 * followed by a digit (a leading separator is only accepted below when it is
	 * the decimal mark: ",5" is 0,50). */
	size_t ndot = 0, ncomma = 0, nspace = 0, ndigits = 0;
	const char *last_dot = NULL, *last_comma = NULL, *misplaced = NULL;
	for (const char *q = p; q < e; q += n) {
		enum sep_kind kind;
		n = classify(q, e, &kind);
		if (n == 0) {
			if (minus_len(q, e))
				return fail(why, negative ? _("signe moins en double")
				                          : _("signe moins mal placé : il doit précéder le montant"));
			if (currency_len(q, e))
				return fail(why, currency ? _("devise indiquée deux fois (« € » ou « EUR », une seule fois)")
				                          : _("devise mal placée : « € » ou « EUR » se met avant ou après le montant"));
			return fail(why, _("caractère inattendu dans le montant (attendu : chiffres, "
			                   "espaces entre les milliers, virgule ou point décimal, "
			                   "signe moins, « € » ou « EUR »)"));
		}
		if (kind == SEP_NONE) {
			ndigits++;
			continue;
		}
		if (kind == SEP_DOT) {
			ndot++;
			last_dot = q;
		} else if (kind == SEP_COMMA) {
			ncomma++;
			last_comma = q;
		} else {
			nspace++;
		}
		if (!misplaced && (q + n == e || !is_digit(q[n])))
			misplaced = q;
	}
	if (ndigits == 0)
		return fail(why, _("aucun chiffre dans le montant"));
	if (misplaced)
		return fail(why, _("chiffre attendu après la virgule, le point ou l'espace"));

	/* Which of '.' and ',' is the decimal mark, which one groups thousands. */
	enum sep_kind decimal = SEP_NONE, group_punct = SEP_NONE;
	if (ndot && ncomma) {
		bool dot_last = last_dot > last_comma;
		decimal = dot_last ? SEP_DOT : SEP_COMMA;
		group_punct = dot_last ? SEP_COMMA : SEP_DOT;
		if ((dot_last ? ndot : ncomma) > 1)
			return fail(why, _("virgule ou point en trop : un seul séparateur décimal est permis"));
	} else if (ndot == 1) {
		decimal = SEP_DOT;
	} else if (ncomma == 1) {
		decimal = SEP_COMMA;
	} else if (ndot > 1) {
		group_punct = SEP_DOT;
	} else if (ncomma > 1) {
		group_punct = SEP_COMMA;
	}
	if (group_punct != SEP_NONE && nspace > 0)
		return fail(why, _("séparateurs de milliers différents dans le même montant "
		                   "(utilisez partout le même : espace, point ou virgule)"));
	bool single_mark = decimal != SEP_NONE && group_punct == SEP_NONE && nspace == 0;

	/* Second pass: check groups of three, count decimals, accumulate. */
	const uint64_t max_magnitude = negative ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
	uint64_t euros = 0;
	bool overflow = false, in_decimals = false, grouped = false;
	int run = 0, decimals = 0;
	unsigned dec_value = 0;
	for (const char *q = p; q < e; q += n) {
		enum sep_kind kind;
		n = classify(q, e, &kind);
		int digit = *q - '0';
		if (kind == SEP_NONE && in_decimals) {
			decimals++;
			if (decimals <= 2)
				dec_value = dec_value * 10 + (unsigned)digit;
		} else if (kind == SEP_NONE) {
			run++;
			if (euros > (UINT64_MAX - (uint64_t)digit) / 10)
				overflow = true;
			else
				euros = euros * 10 + (uint64_t)digit;
		} else if (kind == decimal && !in_decimals) {
			if (grouped && run != 3)
				return fail(why, _("séparateur de milliers mal placé : les chiffres se "
				                   "groupent par trois (exemple : 1 234 567,89)"));
			in_decimals = true;
		} else if (in_decimals) {
			return fail(why, _("séparateur mal placé après la virgule décimale"));
		} else {
			/* A group separator: the first group has 1 to 3 digits, the others 3. */
			if (grouped ? run != 3 : (run < 1 || run > 3))
				return fail(why, _("séparateur de milliers mal placé : les chiffres se "
				                   "groupent par trois (exemple : 1 234 567,89)"));
			grouped = true;
			run = 0;
		}
	}
	if (!in_decimals && grouped && run != 3)
		return fail(why, _("séparateur de milliers mal placé : les chiffres se "
		                   "groupent par trois (exemple : 1 234 567,89)"));
	if (decimals > 2) {
		if (single_mark && decimals == 3 && run >= 1 && run <= 3)
			return fail(why, _("plus de deux décimales ; si le point ou la virgule sépare "
			                   "les milliers, écrivez le montant sans séparateur (par "
			                   "exemple 1234 pour mille deux cent trente-quatre euros)"));
		return fail(why, _("plus de deux décimales (le centime est la plus petite unité)"));
	}
	if (decimals == 1)
		dec_value *= 10;
	if (overflow || euros > (max_magnitude - dec_value) / 100)
		return fail(why, _("montant trop grand"));
	uint64_t magnitude = euros * 100 + dec_value;
	int64_t value;
	if (!negative)
		value = (int64_t)magnitude;
	else if (magnitude == (uint64_t)INT64_MAX + 1)
		value = INT64_MIN;
	else
		value = -(int64_t)magnitude;
	if (cents)
		*cents = value;
	return true;
}

/* Writes the decimal digits of v at the end of a scratch buffer; returns the start. */
static char *utoa_rev(uint64_t v, char *end)
{
	char *p = end;
	do {
		*--p = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	return p;
}

static uint64_t magnitude_of(int64_t cents)
{
	return cents < 0 ? (uint64_t)0 - (uint64_t)cents : (uint64_t)cents;
}

void money_format_plain(int64_t cents, char out[MONEY_FORMAT_MAX])
{
	uint64_t m = magnitude_of(cents);
	char digits[24];
	char *d = utoa_rev(m / 100, digits + sizeof(digits));
	char *o = out;
	if (cents < 0)
		*o++ = '-';
	size_t nd = (size_t)(digits + sizeof(digits) - d);
	memcpy(o, d, nd);
	o += nd;
	*o++ = ',';
	*o++ = (char)('0' + (m % 100) / 10);
	*o++ = (char)('0' + m % 10);
	*o = '\0';
}

void money_format_fr(int64_t cents, char out[MONEY_FORMAT_MAX])
{
	uint64_t m = magnitude_of(cents);
	char digits[24];
	char *d = utoa_rev(m / 100, digits + sizeof(digits));
	size_t nd = (size_t)(digits + sizeof(digits) - d);
	char *o = out;
	if (cents < 0)
		*o++ = '-';
	for (size_t i = 0; i < nd; i++) {
		if (i > 0 && (nd - i) % 3 == 0) {
			memcpy(o, NNBSP, 3);
			o += 3;
		}
		*o++ = d[i];
	}
	*o++ = ',';
	*o++ = (char)('0' + (m % 100) / 10);
	*o++ = (char)('0' + m % 10);
	memcpy(o, NBSP EURO_SIGN, 5);
	o += 5;
	*o = '\0';
}
