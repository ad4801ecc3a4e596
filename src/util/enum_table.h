/*
 * enum_table.h — tables of enumeration values as people type them, for the parsers
 * of core/steering.h, core/indicator.h, core/governance.h and core/swot.h: each value
 * has a key (database, files, API), a French label (an N_() msgid) and a few other
 * accepted words.
 */
#ifndef JALON_ENUM_TABLE_H
#define JALON_ENUM_TABLE_H

#include <stdbool.h>

/* Each value: its key, its French label, and other words people type (English, short
 * forms), all matched like the key: case, accents and separators ignored. */
typedef struct {
	const char *key;
	const char *label;
	const char *aliases[8]; /* NULL-terminated */
} enum_entry;

/* The index of the entry whose key, label (the French msgid) or one of whose aliases
 * is s, compared with text_match_key() on both sides (case, accents, spaces,
 * hyphens, underscores, apostrophes and dots ignored); keys and aliases written
 * exactly as in the table are found first, without folding, which also lets an
 * alias made only of characters that folding drops ("-") be matched. False for NULL,
 * for text that folds to nothing, and for unknown words. Entries whose key is NULL
 * are matched by their label and aliases only. */
bool enum_table_parse(const enum_entry *entries, int count, const char *s, int *out);

/* The key, and the label (the msgid: the caller translates it), of entry `value`; of
 * entry `fallback` when value is out of range (a value read back corrupt must still
 * print). The key may be NULL (an entry that the database stores as NULL). */
const char *enum_table_key(const enum_entry *entries, int count, int value, int fallback);
const char *enum_table_label(const enum_entry *entries, int count, int value, int fallback);

#endif
