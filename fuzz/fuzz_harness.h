/*
 * fuzz_harness.h — what every fuzz target shares: the libFuzzer entry point, the CHECK
 * that aborts (so libFuzzer and replay.c both see a crash), the first input byte that
 * picks the declared encoding, a small fixed plan for the readers that check against
 * one, and the outcome every reader promises (refused with a diagnostic and nothing,
 * or accepted with no error).
 *
 * Header only, functions static inline: each target is one executable of one .c file
 * (fuzz/meson.build) and uses only part of this.
 */
#ifndef JALON_FUZZ_HARNESS_H
#define JALON_FUZZ_HARNESS_H

#include <stdint.h>
#include <stdlib.h>

#include "io/plan_csv.h"
#include "util/arena.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond) do { if (!(cond)) abort(); } while (0)

/* The first input byte, taken off the input; 0 when the input is empty, which picks
 * the defaults (no declared encoding, first reader). */
static inline unsigned fuzz_take_byte(const uint8_t **data, size_t *size)
{
	if (*size == 0)
		return 0;
	(*size)--;
	return *(*data)++;
}

/* The declared encoding of two bits of the first byte: none, and three the readers
 * must convert from. */
static inline const char *fuzz_encoding(unsigned bits)
{
	static const char *const encodings[] = {NULL, "cp1252", "latin1", "utf-8"};
	return encodings[bits % 4];
}

/* Two axes, two projects, one code not ASCII ("É3"); elements numbered 1, 2… as the
 * store would. Built once, kept for the process's life. */
static inline const plan *fuzz_fixed_plan(void)
{
	static arena *a;
	static plan p;
	if (!a) {
		static const char csv[] = "code;parent;niveau;intitule\n"
		                          "AX1;;Axe;Usagers\n"
		                          "P1;AX1;Projet;Portail\n"
		                          "P2;AX1;Projet;Réseau\n"
		                          "É3;;Axe;Écoles\n";
		a = arena_new();
		diag_list d;
		diag_init(&d, a);
		CHECK(plan_csv_read(a, "plan.csv", csv, sizeof(csv) - 1, NULL, &p, &d));
		for (size_t i = 0; i < p.element_count; i++)
			p.elements[i].id = (int64_t)i + 1;
		p.slug = "sdn";
	}
	return &p;
}

/* An element of p itself, not a copy nor a stray pointer. */
static inline bool fuzz_in_plan(const plan *p, const plan_element *e)
{
	return e && e >= p->elements && e < p->elements + p->element_count;
}

/* A reader's outcome: ok exactly when no error was reported, and nothing given back
 * when refused. */
static inline void fuzz_check_outcome(bool ok, const diag_list *d, const void *items,
                                      size_t count)
{
	CHECK(ok == !diag_has_errors(d));
	CHECK(ok || (items == NULL && count == 0));
}

#endif
