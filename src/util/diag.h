/*
 * diag.h — diagnostics: the errors a command reports about its input.
 *
 * Input is checked whole before anything is written, so a command collects every
 * error (up to a limit) and prints them together as `FILE:LINE: message`, the form
 * editors and terminals recognise. Line 0 means "no line" (the file as a whole, or
 * the database): the message is then printed as `FILE: message`.
 */
#ifndef JALON_DIAG_H
#define JALON_DIAG_H

#include <stdbool.h>
#include <stdio.h>

#include "util/arena.h"

#define DIAG_DEFAULT_LIMIT 100

typedef struct {
	const char *file; /* may be NULL */
	int line;         /* 1-based; 0 = no line */
	const char *message;
} diag_entry;

typedef struct {
	arena *arena;
	diag_entry *items;
	size_t count;    /* kept */
	size_t capacity;
	size_t dropped;  /* reported after the limit was reached */
	size_t limit;
} diag_list;

void diag_init(diag_list *d, arena *a);
void diag_add(diag_list *d, const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
bool diag_has_errors(const diag_list *d);
size_t diag_total(const diag_list *d); /* count + dropped */
/* Sort by line (stable), so a user reads the file top to bottom. */
void diag_sort(diag_list *d);
void diag_print(const diag_list *d, FILE *out);

#endif
