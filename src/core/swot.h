/*
 * swot.h — SWOT tables: four quadrants (forces, faiblesses, opportunités, menaces) of
 * ordered text entries, for the plan as a whole or for one of its elements.
 *
 * Pure: the quadrant's key (database, files, API), its French label, and a parser
 * accepting what people type ("Forces", "strengths", "opportunites", "S", "W"…).
 */
#ifndef JALON_SWOT_H
#define JALON_SWOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum {
	SWOT_STRENGTHS,     /* forces */
	SWOT_WEAKNESSES,    /* faiblesses */
	SWOT_OPPORTUNITIES, /* opportunités */
	SWOT_THREATS,       /* menaces */
	SWOT_QUADRANT_COUNT
} swot_quadrant;

const char *swot_quadrant_key(swot_quadrant q);   /* "forces", "faiblesses", "opportunites", "menaces" */
const char *swot_quadrant_label(swot_quadrant q); /* translated: "forces", "opportunités"… */
bool swot_quadrant_parse(const char *s, swot_quadrant *out);

/* One SWOT table: the plan's (element_id 0) or an element's. */
typedef struct {
	int64_t element_id;        /* 0: the plan's own table */
	const char *element_code;  /* NULL for the plan */
	const char *element_title; /* NULL for the plan */
	int64_t version;           /* the table's version: the sum of its entries' (0: empty) */
	const char **entries[SWOT_QUADRANT_COUNT];
	size_t count[SWOT_QUADRANT_COUNT];
} swot_table;

/* Total number of entries of the table. */
size_t swot_table_size(const swot_table *t);

#endif
