/*
 * indicator_csv.h — the two indicator CSV formats (docs/formats.md):
 *
 * - the catalogue: code;nom;famille;unite;sens;frequence;valeur_initiale;
 *   date_initiale;cible;date_cible;elements, and optionally definition, source,
 *   responsable, tolerance, formule. Several targets: repeated rows of the same code
 *   (each adding its cible/date_cible; the other cells of a repeated row must be empty
 *   or equal to the first row's), or several cible/date_cible column pairs in the
 *   header (cible;date_cible;cible;date_cible, paired in order). elements: element
 *   codes of the plan separated by "|" (empty: the whole plan). formule: a computed
 *   indicator's formula key (core/indicator.h); such a row needs no unit.
 * - measurements: code;date;valeur;commentaire, and optionally source.
 *
 * Same rules as every import (io/csv_input.h): encodings, header matching ignoring
 * case, accents and separators, each problem as FILE:LINE: message, all at once; a
 * reader returns true only when every row is sound. Numbers as util/number.h reads
 * them, dates AAAA-MM-JJ or JJ/MM/AAAA.
 */
#ifndef JALON_INDICATOR_CSV_H
#define JALON_INDICATOR_CSV_H

#include <stdbool.h>
#include <stddef.h>

#include "core/indicator.h"
#include "core/plan.h"
#include "io/plan_csv.h"
#include "util/diag.h"

/* Indicators of the linked plan p, one per code (targets merged, ascending dates).
 * A family is matched against the plan's families ignoring case and accents and
 * stored with the list's spelling. */
bool indicator_csv_read_catalogue(arena *a, const char *file, const char *data, size_t len,
                                  const plan_csv_options *options, const plan *p,
                                  const char *const *families, size_t family_count,
                                  indicator **out, size_t *count, diag_list *diags);

/* Measurements of the plan's indicators `known` (matched by code). Each measurement's
 * `indicator` points into known. A computed indicator takes no measurement (error). */
bool indicator_csv_read_measurements(arena *a, const char *file, const char *data, size_t len,
                                     const plan_csv_options *options, const indicator *known,
                                     size_t known_count, measurement **out, size_t *count,
                                     diag_list *diags);

#endif
