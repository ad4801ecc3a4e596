/*
 * number.h — decimal numbers as people type them in French spreadsheets and forms:
 * "12,5", "12.5", "1 234,5" (spaces, no-break spaces or narrow no-break spaces between
 * thousands), "-3", "+0,25", "87 %" or "87%" (a trailing percent sign is allowed and
 * ignored: the unit is the indicator's). Not accepted: empty text, several numbers,
 * both a comma and a point ("1.234,5" is ambiguous), exponents, inf, nan, values whose
 * magnitude exceeds 1e15.
 *
 * Precisely: surrounding spaces are ignored; a sign ('+', '-' or U+2212) may come
 * first, spaces may follow it; thousands are separated by one space (also thin
 * spaces), the first group of 1 to 3 digits and the others of 3, before the decimal
 * mark only ("12 34" is two numbers); the decimal mark is one comma or one point,
 * with at least one digit after it (",5" is 0,5; "5," is refused); the value is the
 * double nearest to the decimal written, whatever the process locale; "-0" is 0.
 */
#ifndef JALON_NUMBER_H
#define JALON_NUMBER_H

#include <stdbool.h>

/* False with a French reason in *why (static text) when s is not such a number. */
bool number_parse(const char *s, double *out, const char **why);

/* A value for people: French decimal comma, at most `decimals` decimals with trailing
 * zeros dropped ("12,5", "1 234", "-0,25"; thousands separated by a narrow no-break
 * space). out needs 48 bytes.
 * Rounded to the nearest (a tie between two decimals goes by the double's exact
 * binary value, then to even); a value that rounds to zero is "0", never "-0";
 * `decimals` is taken within 0..9, and as 0 from a magnitude of 1e15; "—" for
 * NaN, infinities and magnitudes of 1e21 or more. number_parse reads back what this
 * writes. */
void number_format_fr(double value, int decimals, char out[48]);

#endif
