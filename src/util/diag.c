/*
 * diag.c — collects input errors and prints them as `FILE:LINE: message`.
 */
#include "util/diag.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "util/i18n.h"

void diag_init(diag_list *d, arena *a)
{
	memset(d, 0, sizeof(*d));
	d->arena = a;
	d->limit = DIAG_DEFAULT_LIMIT;
}

void diag_add(diag_list *d, const char *file, int line, const char *fmt, ...)
{
	if (d->count >= d->limit) {
		d->dropped++;
		return;
	}
	if (d->count == d->capacity) {
		size_t cap = d->capacity ? d->capacity * 2 : 16;
		d->items = arena_realloc(d->arena, d->items, d->capacity * sizeof(*d->items),
		                         cap * sizeof(*d->items));
		d->capacity = cap;
	}
	va_list ap;
	va_start(ap, fmt);
	diag_entry *e = &d->items[d->count++];
	e->file = file;
	e->line = line;
	e->message = arena_vprintf(d->arena, fmt, ap);
	va_end(ap);
}

bool diag_has_errors(const diag_list *d)
{
	return d->count + d->dropped > 0;
}

size_t diag_total(const diag_list *d)
{
	return d->count + d->dropped;
}

void diag_sort(diag_list *d)
{
	/* Insertion sort: stable, and lists are short (bounded by the limit). */
	for (size_t i = 1; i < d->count; i++) {
		diag_entry e = d->items[i];
		size_t j = i;
		while (j > 0 && d->items[j - 1].line > e.line) {
			d->items[j] = d->items[j - 1];
			j--;
		}
		d->items[j] = e;
	}
}

void diag_print(const diag_list *d, FILE *out)
{
	for (size_t i = 0; i < d->count; i++) {
		const diag_entry *e = &d->items[i];
		if (e->file && e->line > 0)
			fprintf(out, "%s:%d: %s\n", e->file, e->line, e->message);
		else if (e->file)
			fprintf(out, "%s: %s\n", e->file, e->message);
		else
			fprintf(out, "jalon: %s\n", e->message);
	}
	if (d->dropped)
		fprintf(out, i18n_count("… et %zu autre erreur non affichée\n",
		                        "… et %zu autres erreurs non affichées\n", d->dropped),
		        d->dropped);
}
