/*
 * money.h — amounts in euros, kept exactly as int64_t cents.
 *
 * Parsing accepts what French and English spreadsheets write: "1234.5", "1234,50",
 * "1 234,50 €" (normal, no-break U+00A0, narrow no-break U+202F or thin U+2009
 * spaces between digit groups), "1.234.567,89", "1,234,567.89", "EUR" or "€" before
 * or after, a leading minus sign. At most two decimals; anything else is refused with
 * a reason, never guessed.
 */
#ifndef JALON_MONEY_H
#define JALON_MONEY_H

#include <stdbool.h>
#include <stdint.h>

#define MONEY_FORMAT_MAX 48

/* Parse s (UTF-8, surrounding spaces allowed). On failure returns false and sets *why
 * to a static French message explaining what is wrong. Empty input is a failure too:
 * callers treat empty cells as "no amount" before calling. */
bool money_parse(const char *s, int64_t *cents, const char **why);

/* "1234,50": plain decimal comma, no grouping, always two decimals (spreadsheets read
 * it as a number in a French locale, and money_parse reads it back exactly). */
void money_format_plain(int64_t cents, char out[MONEY_FORMAT_MAX]);
/* "1 234 567,89 €" with U+202F narrow no-break spaces, for screens and reports. */
void money_format_fr(int64_t cents, char out[MONEY_FORMAT_MAX]);

#endif
