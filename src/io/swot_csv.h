/*
 * swot_csv.h — reading SWOT tables from CSV (jalon import-swot).
 *
 * Columns (header matched like every jalon import: case, accents and separators
 * ignored): element (the element's code; empty for the plan's own table), quadrant
 * (forces, faiblesses, opportunités, menaces, or their English names), texte (one
 * entry). Rows keep their order inside each quadrant. Every problem is reported with
 * its line, and a file with any problem gives nothing.
 */
#ifndef JALON_SWOT_CSV_H
#define JALON_SWOT_CSV_H

#include "core/plan.h"
#include "core/swot.h"
#include "util/arena.h"
#include "util/diag.h"

/* Tables in order of first appearance in the file, each naming its element
 * (element_id/code/title; 0/NULL for the plan). encoding: NULL for UTF-8. */
bool swot_csv_read(arena *a, const char *file, const char *data, size_t len,
                   const char *encoding, const plan *p, swot_table **out, size_t *count,
                   diag_list *diags);

#endif
