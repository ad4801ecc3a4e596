/*
 * text.c — UTF-8 helpers: validation (libunistring), conversion from other
 * encodings (iconv), matching keys, search folding and slugs (libunistring case
 * folding and canonical decomposition, combining marks dropped), trimming and
 * splitting.
 */
#include "util/text.h"

#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <unicase.h>
#include <unictype.h>
#include <uninorm.h>
#include <unistr.h>

#include "util/i18n.h"

static void text_oom(void)
{
	fprintf(stderr, "jalon: out of memory\n");
	abort();
}

bool text_utf8_valid(const char *s, size_t len, size_t *bad_offset)
{
	const uint8_t *bad = u8_check((const uint8_t *)s, len);
	if (!bad)
		return true;
	if (bad_offset)
		*bad_offset = (size_t)(bad - (const uint8_t *)s);
	return false;
}

static bool is_utf8_name(const char *encoding)
{
	return strcasecmp(encoding, "UTF-8") == 0 || strcasecmp(encoding, "UTF8") == 0;
}

bool text_to_utf8(arena *a, const char *encoding, const char *in, size_t len,
                  char **out, size_t *out_len, const char **why)
{
	const char *dummy;
	size_t bad;
	if (!why)
		why = &dummy;
	if (!encoding || !*encoding)
		encoding = "UTF-8";
	if (!in)
		len = 0;

	if (is_utf8_name(encoding)) {
		if (!text_utf8_valid(in, len, &bad)) {
			*why = arena_printf(a, _("octet invalide pour l'encodage %s à la position %zu "
			                         "(vérifiez l'encodage du fichier)"),
			                    encoding, bad);
			return false;
		}
		*out = arena_strndup(a, len ? in : "", len);
		if (out_len)
			*out_len = len;
		return true;
	}

	iconv_t cd = iconv_open("UTF-8", encoding);
	if (cd == (iconv_t)-1) {
		*why = arena_printf(a, _("encodage « %s » inconnu (exemples d'encodages "
		                         "reconnus : UTF-8, WINDOWS-1252, ISO-8859-15, UTF-16LE)"),
		                    encoding);
		return false;
	}

	size_t cap = len > SIZE_MAX / 4 ? len : len * 2 + 16;
	char *res = malloc(cap);
	if (!res)
		text_oom();
	char *inp = (char *)in;
	size_t inleft = len;
	char *outp = res;
	size_t outleft = cap - 1; /* room for the final NUL */
	bool ok = true;
	bool flushing = false;
	for (;;) {
		size_t r = flushing ? iconv(cd, NULL, NULL, &outp, &outleft)
		                    : iconv(cd, inleft ? &inp : NULL, &inleft, &outp, &outleft);
		if (r != (size_t)-1) {
			if (flushing)
				break;
			flushing = true;
			continue;
		}
		if (errno == E2BIG) {
			size_t used = (size_t)(outp - res);
			if (cap > SIZE_MAX / 2)
				text_oom();
			cap *= 2;
			char *grown = realloc(res, cap);
			if (!grown)
				text_oom();
			res = grown;
			outp = res + used;
			outleft = cap - 1 - used;
			continue;
		}
		size_t offset = (size_t)(inp - in);
		if (errno == EINVAL)
			*why = arena_printf(a, _("séquence incomplète à la fin du texte pour "
			                         "l'encodage %s (vérifiez l'encodage du fichier)"),
			                    encoding);
		else
			*why = arena_printf(a, _("octet invalide pour l'encodage %s à la position %zu "
			                         "(vérifiez l'encodage du fichier)"),
			                    encoding, offset);
		ok = false;
		break;
	}
	iconv_close(cd);
	size_t used = (size_t)(outp - res);
	if (ok && !text_utf8_valid(res, used, &bad)) {
		*why = arena_printf(a, _("caractère impossible à convertir depuis l'encodage %s"),
		                    encoding);
		ok = false;
	}
	if (ok) {
		*out = arena_strndup(a, res, used);
		if (out_len)
			*out_len = used;
	}
	free(res);
	return ok;
}

/* ---- Folding: case folded, canonically decomposed, combining marks dropped. ---- */

enum fold_mode { FOLD_SEARCH, FOLD_KEY, FOLD_SLUG };

/* Letters that canonical decomposition leaves whole, spelled in ASCII (the input is
 * already case folded, so only lowercase forms occur). */
static const char *transliterate(ucs4_t c)
{
	switch (c) {
	case 0x00DF: return "ss"; /* ß */
	case 0x00E6: return "ae"; /* æ */
	case 0x00F0: return "d";  /* ð */
	case 0x00F8: return "o";  /* ø */
	case 0x00FE: return "th"; /* þ */
	case 0x0111: return "d";  /* đ */
	case 0x0127: return "h";  /* ħ */
	case 0x0131: return "i";  /* ı */
	case 0x0142: return "l";  /* ł */
	case 0x0153: return "oe"; /* œ */
	default: return NULL;
	}
}

static bool is_apostrophe(ucs4_t c)
{
	return c == '\'' || c == 0x2018 || c == 0x2019 || c == 0x02BC || c == 0x0060 ||
	       c == 0x00B4;
}

/* Copies s, replacing each invalid byte with U+FFFD, so folding always has valid
 * input. Returns a malloc'd buffer; *n is its length. */
static uint8_t *sanitize(const uint8_t *s, size_t len, size_t *n)
{
	if (len > SIZE_MAX / 3)
		text_oom();
	uint8_t *r = malloc(len * 3 + 1);
	if (!r)
		text_oom();
	size_t o = 0;
	for (size_t i = 0; i < len;) {
		ucs4_t c;
		int k = u8_mbtoucr(&c, s + i, len - i);
		if (k > 0) {
			memcpy(r + o, s + i, (size_t)k);
			o += (size_t)k;
			i += (size_t)k;
		} else {
			memcpy(r + o, "\xef\xbf\xbd", 3);
			o += 3;
			i++;
		}
	}
	*n = o;
	return r;
}

/* Folds s according to mode into a new arena string. For FOLD_SLUG, the result
 * holds only [a-z0-9] and single '-' between words (not cut, possibly empty). */
static char *fold(arena *a, const char *s, enum fold_mode mode)
{
	if (!s)
		s = "";
	size_t len = strlen(s);
	const uint8_t *src = (const uint8_t *)s;
	uint8_t *clean = NULL;
	if (u8_check(src, len)) {
		clean = sanitize(src, len, &len);
		src = clean;
	}
	size_t flen = 0;
	uint8_t *folded = NULL;
	if (len > 0) {
		folded = u8_casefold(src, len, NULL, UNINORM_NFD, NULL, &flen);
		if (!folded)
			text_oom();
	}
	free(clean);

	/* Every replacement is no longer than what it replaces. */
	char *out = arena_alloc(a, flen + 1);
	size_t o = 0;
	bool pending_sep = false;
	for (size_t i = 0; i < flen;) {
		ucs4_t c;
		int k = u8_mbtouc(&c, folded + i, flen - i);
		if (k <= 0)
			k = 1;
		const uint8_t *cp = folded + i;
		i += (size_t)k;
		if (uc_is_general_category(c, UC_CATEGORY_Mn))
			continue;
		const char *tr = transliterate(c);
		bool space = uc_is_property_white_space(c);
		switch (mode) {
		case FOLD_SEARCH:
			if (space) {
				out[o++] = ' ';
				continue;
			}
			break;
		case FOLD_KEY:
			if (space || c == '_' || c == '.' || is_apostrophe(c) ||
			    uc_is_general_category(c, UC_CATEGORY_Pd))
				continue;
			break;
		case FOLD_SLUG: {
			const char *ascii = tr;
			char one[2] = {0, 0};
			if (!ascii && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
				one[0] = (char)c;
				ascii = one;
			}
			if (!ascii) {
				pending_sep = true;
				continue;
			}
			if (pending_sep && o > 0)
				out[o++] = '-';
			pending_sep = false;
			size_t n = strlen(ascii);
			memcpy(out + o, ascii, n);
			o += n;
			continue;
		}
		}
		if (tr) {
			size_t n = strlen(tr);
			memcpy(out + o, tr, n);
			o += n;
		} else {
			memcpy(out + o, cp, (size_t)k);
			o += (size_t)k;
		}
	}
	out[o] = '\0';
	free(folded);
	return out;
}

char *text_match_key(arena *a, const char *s)
{
	return fold(a, s, FOLD_KEY);
}

uint64_t text_hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	return h;
}

char *text_fold(arena *a, const char *s)
{
	return fold(a, s, FOLD_SEARCH);
}

char *text_slugify(arena *a, const char *s, size_t max_len)
{
	/* max_len 0 means no limit. */
	char *slug = fold(a, s, FOLD_SLUG);
	if (*slug == '\0')
		slug = arena_strdup(a, "plan");
	size_t n = strlen(slug);
	if (max_len > 0 && n > max_len) {
		n = max_len;
		while (n > 1 && slug[n - 1] == '-')
			n--;
		slug[n] = '\0';
	}
	return slug;
}

/* ---- Trimming and splitting. ---- */

static size_t lead_blank(const char *p, const char *e)
{
	size_t n = (size_t)(e - p);
	if (n >= 1 && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
		return 1;
	if (n >= 2 && memcmp(p, "\xc2\xa0", 2) == 0)
		return 2;
	if (n >= 3 && (memcmp(p, "\xe2\x80\xaf", 3) == 0 || memcmp(p, "\xe2\x80\x89", 3) == 0))
		return 3;
	return 0;
}

static size_t trail_blank(const char *b, const char *e)
{
	size_t n = (size_t)(e - b);
	if (n >= 1 && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' || e[-1] == '\n'))
		return 1;
	if (n >= 2 && memcmp(e - 2, "\xc2\xa0", 2) == 0)
		return 2;
	if (n >= 3 &&
	    (memcmp(e - 3, "\xe2\x80\xaf", 3) == 0 || memcmp(e - 3, "\xe2\x80\x89", 3) == 0))
		return 3;
	return 0;
}

static void trim_range(const char **b, const char **e)
{
	size_t n;
	while (*b < *e && (n = lead_blank(*b, *e)) > 0)
		*b += n;
	while (*e > *b && (n = trail_blank(*b, *e)) > 0)
		*e -= n;
}

char *text_trim(arena *a, const char *s)
{
	if (!s)
		s = "";
	const char *b = s, *e = s + strlen(s);
	trim_range(&b, &e);
	return arena_strndup(a, b, (size_t)(e - b));
}

size_t text_split(arena *a, const char *s, char separator, char ***parts)
{
	if (!s)
		s = "";
	size_t max_parts = 1;
	if (separator != '\0')
		for (const char *p = s; *p; p++)
			max_parts += *p == separator;
	char **list = arena_alloc(a, (max_parts + 1) * sizeof(*list));
	size_t count = 0;
	const char *p = s;
	for (;;) {
		const char *end = separator != '\0' ? strchr(p, separator) : NULL;
		if (!end)
			end = p + strlen(p);
		const char *b = p, *e = end;
		trim_range(&b, &e);
		if (e > b)
			list[count++] = arena_strndup(a, b, (size_t)(e - b));
		if (*end == '\0')
			break;
		p = end + 1;
	}
	list[count] = NULL;
	if (parts)
		*parts = list;
	return count;
}
