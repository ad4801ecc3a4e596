/*
 * generate.h — synthetic but realistic datasets, for benchmarks and demonstrations
 * (issue 8): organisation trees, plans of several shapes and depths with their level
 * names, milestones, dependencies, budget lines, risks, indicators and measurements,
 * committees, meetings and decisions, accounts and roles, and a change history.
 *
 * Deterministic: the same options (seed included) give the same rows, whatever the
 * machine; nothing depends on today's date (the reference date is an option). Each
 * plan draws from its own generator seeded from (seed, plan number), so a plan's
 * content does not depend on how many plans come before it.
 */
#ifndef JALON_GENERATE_H
#define JALON_GENERATE_H

#include <stdbool.h>
#include <stdint.h>

#include "store/db.h"
#include "util/date.h"
#include "util/diag.h"

typedef enum {
	GENERATE_SMALL,    /* one university: 1 plan, 500 elements */
	GENERATE_REGION,   /* 30 organisations, 90 plans, 27,000 elements */
	GENERATE_NATIONAL, /* 300 organisations, 3,000 plans, 300,000 elements,
	                      1,000,000 milestones, 10,000,000 measurements */
	GENERATE_PRESET_COUNT
} generate_preset;

typedef struct {
	uint64_t seed;
	int organisations;
	int plans_per_organisation;
	int elements_per_plan;
	/* Averages: the totals over the dataset are these times the number of elements
	 * (indicators), rounded; each plan gets its share. */
	double milestones_per_element;
	int indicators_per_plan;
	double measurements_per_indicator;
	int accounts_per_organisation;
	/* What "today" is for statuses (milestones reached or late, meetings held). */
	jalon_date reference;
} generate_options;

typedef struct {
	int64_t organisations, plans, elements, milestones, budget_lines, risks, dependencies,
		indicators, measurements, instances, meetings, decisions, action_items, accounts,
		changes;
} generate_stats;

/* The preset's options (seed 1, reference date 2026-06-30). */
generate_options generate_preset_options(generate_preset p);
/* "small", "region", "national" → preset; false when unknown. */
bool generate_preset_parse(const char *name, generate_preset *out);

/* Write the dataset into s, which must hold no organisation of the generated names and
 * no plan of the generated slugs (a fresh database: `jalon generate` refuses any other).
 * One transaction: all or nothing. For speed, while it runs: synchronous = OFF, a 256 MiB
 * page cache, statement journals in memory (temp_store: the change_log trigger makes
 * SQLite keep one per journal row, written to a temporary file by default), a rollback journal instead of WAL on a database holding no plan yet (a
 * fresh file, which a crash mid-way leaves to be generated again), foreign keys checked
 * by one foreign_key_check at the end instead of row by row; each is put back as
 * store_open sets it before returning. The trigger on change_log that bumps
 * plan.data_version is dropped for the transaction and recreated from its own stored
 * text, data_version being set to what it would have counted (a measurable share of the
 * time otherwise: one UPDATE and a statement journal per journal row). Account passwords: one Argon2id hash (of a random
 * password nobody knows) computed once and shared by every generated account, since
 * hashing thousands would take minutes; the accounts cannot sign in until an
 * administrator sets a password. */
bool generate_dataset(store *s, const generate_options *o, generate_stats *out,
                      diag_list *diags);

#endif
