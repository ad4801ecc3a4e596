/*
 * instance_csv.h — a plan's committees from CSV (docs/formats.md):
 *
 *   type;instance;role;frequence;composition
 *
 * and optionally `elements` (the branches the instance steers: element codes of the
 * plan separated by "|"; empty: the whole plan). type: gouvernance, pilotage,
 * opérationnel, transverse (core/governance.h's parser: case, accents and a few
 * synonyms such as "stratégique", "COPIL", "suivi"); instance: its name, unique in the
 * file ignoring case and accents; composition: members separated by "|", each
 * "Nom" or "Nom (rôle)".
 *
 * Same rules as every import (io/csv_input.h): encodings, header matching ignoring
 * case, accents and separators, each problem as FILE:LINE: message, all at once; true
 * only when every row is sound.
 */
#ifndef JALON_INSTANCE_CSV_H
#define JALON_INSTANCE_CSV_H

#include <stdbool.h>
#include <stddef.h>

#include "core/governance.h"
#include "core/plan.h"
#include "io/plan_csv.h"
#include "util/diag.h"

/* Instances of the linked plan p (branch codes resolved against it), in file order,
 * each with its source_line. */
bool instance_csv_read(arena *a, const char *file, const char *data, size_t len,
                       const plan_csv_options *options, const plan *p, instance **out,
                       size_t *count, diag_list *diags);

#endif
