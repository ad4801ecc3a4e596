/*
 * enum_table.c — the parser shared by the enumerations' tables (enum_table.h).
 */
#include "util/enum_table.h"

#include <stddef.h>
#include <string.h>

#include "util/arena.h"
#include "util/text.h"

/* Fold what was typed once, then compare with each key, label and alias folded the
 * same way (the approach of plan_status_parse). */
bool enum_table_parse(const enum_entry *entries, int count, const char *s, int *out)
{
	if (!s)
		return false;
	/* Stored values are the keys themselves: find them without folding (loading a
	 * portfolio parses tens of thousands of them). */
	for (int i = 0; i < count; i++) {
		const enum_entry *e = &entries[i];
		bool found = e->key && strcmp(s, e->key) == 0;
		for (size_t k = 0; !found && e->aliases[k]; k++)
			found = strcmp(s, e->aliases[k]) == 0;
		if (found) {
			*out = i;
			return true;
		}
	}
	arena *a = arena_new();
	const char *typed = text_match_key(a, s);
	bool found = false;
	for (int i = 0; i < count && !found && *typed; i++) {
		const enum_entry *e = &entries[i];
		found = (e->key && strcmp(typed, text_match_key(a, e->key)) == 0) ||
		        strcmp(typed, text_match_key(a, e->label)) == 0;
		for (size_t k = 0; !found && e->aliases[k]; k++)
			found = strcmp(typed, text_match_key(a, e->aliases[k])) == 0;
		if (found)
			*out = i;
	}
	arena_free(a);
	return found;
}

/* One range check for every enumeration's key and label functions. */
static const enum_entry *enum_table_entry(const enum_entry *entries, int count, int value,
                                          int fallback)
{
	return &entries[value >= 0 && value < count ? value : fallback];
}

const char *enum_table_key(const enum_entry *entries, int count, int value, int fallback)
{
	return enum_table_entry(entries, count, value, fallback)->key;
}

const char *enum_table_label(const enum_entry *entries, int count, int value, int fallback)
{
	return enum_table_entry(entries, count, value, fallback)->label;
}
