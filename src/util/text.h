/*
 * text.h — UTF-8 text helpers: validation, conversion at the edges, matching keys.
 *
 * Inside jalon all text is UTF-8. Conversions from other encodings (Windows-1252,
 * Latin-1, UTF-16 from Excel's "Unicode text") happen once, when a file is read.
 */
#ifndef JALON_TEXT_H
#define JALON_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"

/* True when s[0..len) is valid UTF-8 (no overlongs, no surrogates). On failure,
 * *bad_offset is the byte offset of the first invalid sequence. */
bool text_utf8_valid(const char *s, size_t len, size_t *bad_offset);

/* Convert from a named encoding (anything iconv knows: "UTF-8", "WINDOWS-1252",
 * "CP1252", "LATIN1", "UTF-16LE"…) to UTF-8. Output is NUL-terminated. Returns false
 * with *why set (arena-allocated, French) when the encoding is unknown or the input
 * holds bytes invalid in it. */
bool text_to_utf8(arena *a, const char *encoding, const char *in, size_t len,
                  char **out, size_t *out_len, const char **why);

/* A key for matching names typed by people: case folded, accents removed,
 * spaces, underscores, hyphens, apostrophes and dots dropped.
 * "Intitulé", "INTITULE", "intitu-le" → "intitule"; "Contribue à" → "contribuea". */
char *text_match_key(arena *a, const char *s);

/* A 64-bit hash of a NUL-terminated string (FNV-1a), for in-memory tables and cache
 * keys; not for anything an attacker's choice of strings could hurt. */
uint64_t text_hash(const char *s);

/* Fold for accent- and case-insensitive search ("Numérique" → "numerique"),
 * keeping spaces. */
char *text_fold(arena *a, const char *s);

/* A URL- and shell-friendly identifier: lowercase ASCII letters, digits and single
 * hyphens, accents transliterated, at most max_len bytes (0: no limit), no trailing
 * hyphen. Invalid UTF-8 bytes are replaced, never refused.
 * Empty input (or input with no letter or digit) gives "plan". */
char *text_slugify(arena *a, const char *s, size_t max_len);

/* Trim spaces, tabs, CR/LF and no-break or thin spaces (U+00A0, U+202F, U+2009) at
 * both ends,
 * returning a new arena string. */
char *text_trim(arena *a, const char *s);

/* Split on a single-byte separator, trimming each part and skipping empty parts.
 * Returns the number of parts; *parts is arena-allocated and NULL-terminated. */
size_t text_split(arena *a, const char *s, char separator, char ***parts);

#endif
