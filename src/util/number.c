/*
 * number.c — decimal numbers as French spreadsheets and forms write them (number.h).
 *
 * Parsing checks the text first (sign, digit groups, one decimal mark, an optional
 * final "%"), then hands a normalised copy — sign, digits, '.', digits — to
 * strtod_l() in the C locale: the value is the double nearest to the decimal
 * written, whatever the process locale ("12,35" gives the same double as the C
 * literal 12.35), with no accumulation error.
 *
 * Formatting goes through "%.*f" (correctly rounded) and reads the digits back
 * whatever character the process locale uses as decimal point.
 */
#include "util/number.h"

#include <locale.h>
#include <math.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/i18n.h"

#define NBSP "\xc2\xa0"
#define NNBSP "\xe2\x80\xaf"
#define THIN_SPACE "\xe2\x80\x89"
#define MINUS_SIGN "\xe2\x88\x92"

/* Largest magnitude accepted (number.h). */
#define NUMBER_MAX 1e15

/* Length of a space character at p (within [p, e)): ASCII space or tab when
 * `tab`, no-break, narrow no-break or thin space; 0 for anything else. */
static size_t space_len(const char *p, const char *e, bool tab)
{
	size_t n = (size_t)(e - p);
	if (n >= 1 && (*p == ' ' || (tab && (*p == '\t' || *p == '\r' || *p == '\n'))))
		return 1;
	if (n >= 2 && memcmp(p, NBSP, 2) == 0)
		return 2;
	if (n >= 3 && (memcmp(p, NNBSP, 3) == 0 || memcmp(p, THIN_SPACE, 3) == 0))
		return 3;
	return 0;
}

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

/* Length of a sign at p ('+', '-' or U+2212 MINUS SIGN), with *negative set; 0 if
 * none. */
static size_t sign_len(const char *p, const char *e, bool *negative)
{
	size_t n = (size_t)(e - p);
	if (n >= 1 && (*p == '+' || *p == '-')) {
		*negative = *p == '-';
		return 1;
	}
	if (n >= 3 && memcmp(p, MINUS_SIGN, 3) == 0) {
		*negative = true;
		return 3;
	}
	return 0;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_letter(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool fail(const char **why, const char *msg)
{
	*why = msg;
	return false;
}

/* Does [p, e) spell one of the words strtod would take for a number (any case)? */
static bool is_special_word(const char *p, const char *e)
{
	static const char *const words[] = {"inf", "infinity", "nan", "infini"};
	size_t n = (size_t)(e - p);
	for (size_t w = 0; w < sizeof(words) / sizeof(*words); w++) {
		if (strlen(words[w]) != n)
			continue;
		size_t i = 0;
		while (i < n && (p[i] | 0x20) == words[w][i])
			i++;
		if (i == n)
			return true;
	}
	return false;
}

/* Does the normalised magnitude m ("123.45", digits and at most one '.') exceed
 * 10^15? Decided on the digits, since 1000000000000000,01 rounds to the double 1e15. */
static bool exceeds_max(const char *m)
{
	while (*m == '0')
		m++;
	size_t int_len = strcspn(m, ".");
	if (int_len != 16)
		return int_len > 16;
	if (strncmp(m, "1000000000000000", 16) != 0)
		return true;
	for (const char *d = m + 16; *d; d++)
		if (*d >= '1' && *d <= '9')
			return true;
	return false;
}

/* The C locale, created once (glibc hands back its static C locale object, so a
 * lost race only frees nothing of value). */
static locale_t c_locale(void)
{
	static _Atomic(locale_t) cached = (locale_t)0;
	locale_t l = atomic_load(&cached);
	if (l)
		return l;
	locale_t fresh = newlocale(LC_ALL_MASK, "C", (locale_t)0);
	if (!fresh)
		return (locale_t)0;
	locale_t expected = (locale_t)0;
	if (!atomic_compare_exchange_strong(&cached, &expected, fresh)) {
		freelocale(fresh);
		return expected;
	}
	return fresh;
}

bool number_parse(const char *s, double *out, const char **why)
{
	const char *dummy;
	if (!why)
		why = &dummy;
	if (!s)
		s = "";
	const char *p = s, *e = s + strlen(s);
	size_t n;

	while (p < e && (n = space_len(p, e, true)) > 0)
		p += n;
	while (e > p && (n = space_len_before(p, e)) > 0)
		e -= n;
	if (p == e)
		return fail(why, _("nombre vide"));

	/* A final percent sign, and the spaces before it. */
	if (e[-1] == '%') {
		e--;
		while (e > p && (n = space_len_before(p, e)) > 0)
			e -= n;
		if (e > p && e[-1] == '%')
			return fail(why, _("signe « % » en double"));
		if (p == e)
			return fail(why, _("aucun chiffre dans le nombre"));
	}

	/* The sign, then optional spaces. */
	bool negative = false;
	if ((n = sign_len(p, e, &negative)) > 0) {
		p += n;
		while (p < e && (n = space_len(p, e, false)) > 0)
			p += n;
		bool again;
		if (p < e && sign_len(p, e, &again))
			return fail(why, _("signe en double"));
	}
	if (p == e)
		return fail(why, _("aucun chiffre dans le nombre"));

	/* First pass: every character is a digit, a space or a decimal mark; the
	 * specific mistakes get their own reason. */
	size_t ndigits = 0, ncomma = 0, ndot = 0;
	for (const char *q = p; q < e; q += n) {
		n = 1;
		if (is_digit(*q))
			ndigits++;
		else if (*q == ',')
			ncomma++;
		else if (*q == '.')
			ndot++;
		else if ((n = space_len(q, e, false)) > 0)
			continue;
		else {
			bool ignored;
			if ((*q == 'e' || *q == 'E') && q > p && is_digit(q[-1]) && q + 1 < e &&
			    (is_digit(q[1]) || q[1] == '+' || q[1] == '-'))
				return fail(why, _("notation scientifique non acceptée : écrivez le nombre "
				                   "en entier (par exemple 1500 plutôt que 1,5e3)"));
			if (sign_len(q, e, &ignored))
				return fail(why, _("signe mal placé : il se met devant le nombre"));
			if (*q == '%')
				return fail(why, _("signe « % » mal placé : il se met après le nombre"));
			if (is_letter(*q) && is_special_word(p, e))
				return fail(why, _("l'infini et « NaN » ne sont pas des nombres acceptés"));
			return fail(why, _("caractère inattendu dans le nombre (attendu : chiffres, "
			                   "espaces entre les milliers, une virgule ou un point "
			                   "décimal, un signe devant, « % » à la fin)"));
		}
	}
	if (ndigits == 0)
		return fail(why, _("aucun chiffre dans le nombre"));
	if (ncomma && ndot)
		return fail(why, _("virgule et point dans le même nombre : écrivez les milliers "
		                   "séparés par des espaces et les décimales après une seule "
		                   "virgule (exemple : 1 234,5)"));
	if (ncomma + ndot > 1)
		return fail(why, _("plusieurs virgules ou points : un nombre n'a qu'un séparateur "
		                   "décimal (exemple : 1 234,5)"));

	/* Second pass: digit groups (the first of 1 to 3 digits, the others of 3, only
	 * before the decimal mark), and the normalised copy. */
	size_t len = (size_t)(e - p);
	char small[128];
	char *norm = len + 3 <= sizeof(small) ? small : malloc(len + 3);
	if (!norm)
		return fail(why, _("nombre trop long"));
	char *o = norm;
	if (negative)
		*o++ = '-';
	bool grouped = false, in_decimals = false, ok = true;
	int run = 0;
	const char *reason = NULL;
	for (const char *q = p; q < e && ok; q += n) {
		n = 1;
		if (is_digit(*q)) {
			run++;
			*o++ = *q;
		} else if (*q == ',' || *q == '.') {
			if (grouped && run != 3) {
				reason = _("plusieurs nombres, ou espace mal placée : les chiffres se "
				           "groupent par trois (exemple : 1 234,5)");
				ok = false;
			} else if (q + 1 == e || !is_digit(q[1])) {
				reason = _("chiffre attendu après la virgule ou le point décimal");
				ok = false;
			} else {
				if (run == 0)
					*o++ = '0';
				*o++ = '.';
				in_decimals = true;
			}
		} else {
			n = space_len(q, e, false);
			if (in_decimals || run == 0 || (grouped ? run != 3 : run > 3) ||
			    q + n == e || !is_digit(q[n])) {
				reason = in_decimals ? _("espace dans la partie décimale : les espaces ne "
				                         "séparent que les milliers (exemple : 1 234,5)")
				                     : _("plusieurs nombres, ou espace mal placée : les "
				                         "chiffres se groupent par trois (exemple : 1 234,5)");
				ok = false;
			}
			grouped = true;
			run = 0;
		}
	}
	if (ok && !in_decimals && grouped && run != 3) {
		reason = _("plusieurs nombres, ou espace mal placée : les chiffres se groupent "
		           "par trois (exemple : 1 234,5)");
		ok = false;
	}
	*o = '\0';
	double v = 0;
	if (ok) {
		locale_t c = c_locale();
		v = c ? strtod_l(norm, NULL, c) : strtod(norm, NULL);
		if (!(fabs(v) <= NUMBER_MAX) || exceeds_max(norm + negative)) {
			reason = _("nombre trop grand : au plus 1 000 000 000 000 000 en valeur "
			           "absolue");
			ok = false;
		}
	}
	if (norm != small)
		free(norm);
	if (!ok)
		return fail(why, reason);
	if (v == 0)
		v = 0; /* no "-0" */
	if (out)
		*out = v;
	return true;
}

void number_format_fr(double value, int decimals, char out[48])
{
	if (!isfinite(value) || fabs(value) >= 1e21) {
		strcpy(out, "—");
		return;
	}
	if (decimals < 0)
		decimals = 0;
	if (decimals > 9)
		decimals = 9;
	if (fabs(value) >= NUMBER_MAX)
		decimals = 0;
	char raw[64];
	snprintf(raw, sizeof(raw), "%.*f", decimals, fabs(value));
	/* Integer digits, then whatever the locale's decimal point is, then decimals. */
	const char *r = raw;
	const char *int_begin = r;
	while (is_digit(*r))
		r++;
	size_t int_len = (size_t)(r - int_begin);
	while (*r && !is_digit(*r))
		r++;
	const char *dec = r;
	size_t dec_len = strlen(dec);
	while (dec_len > 0 && dec[dec_len - 1] == '0')
		dec_len--;
	bool zero = dec_len == 0;
	for (size_t i = 0; zero && i < int_len; i++)
		zero = int_begin[i] == '0';

	char *o = out;
	if (value < 0 && !zero)
		*o++ = '-';
	for (size_t i = 0; i < int_len; i++) {
		if (i > 0 && (int_len - i) % 3 == 0) {
			memcpy(o, NNBSP, 3);
			o += 3;
		}
		*o++ = int_begin[i];
	}
	if (dec_len) {
		*o++ = ',';
		memcpy(o, dec, dec_len);
		o += dec_len;
	}
	*o = '\0';
}
