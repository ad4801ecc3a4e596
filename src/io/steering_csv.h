/*
 * steering_csv.h — the two steering CSV formats (docs/formats.md): budget lines
 * (code;annee;nature;source;prevu;engage;realise) and milestones
 * (code;jalon;date_prevue;date_prevision;date_reelle;statut), read against a plan
 * already stored.
 *
 * Same rules as the plan CSV (io/csv_input.h): encodings, header matching ignoring
 * case, accents and separators, every problem reported as FILE:LINE: message, all of
 * them at once. A reader returns true only when every row is sound; the caller then
 * writes the whole batch, or nothing.
 */
#ifndef JALON_STEERING_CSV_H
#define JALON_STEERING_CSV_H

#include <stdbool.h>
#include <stddef.h>

#include "core/plan.h"
#include "core/steering.h"
#include "io/plan_csv.h"
#include "util/diag.h"

/* Budget lines of the linked plan p. A source is matched against the plan's funding
 * sources ignoring case and accents, and stored with the list's spelling. */
bool steering_csv_read_budget(arena *a, const char *file, const char *data, size_t len,
                              const plan_csv_options *options, const plan *p,
                              const char *const *sources, size_t source_count,
                              budget_line **out, size_t *count, diag_list *diags);

/* Milestones of the linked plan p. */
bool steering_csv_read_milestones(arena *a, const char *file, const char *data, size_t len,
                                  const plan_csv_options *options, const plan *p,
                                  milestone **out, size_t *count, diag_list *diags);

#endif
